/**
 * An error the user can fix: bad flags, a bad file, an unreachable endpoint. The CLI prints its
 * message as one line and exits 2, never with a stack trace.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT = { clean: 0, failing: 1, usage: 2, incomplete: 3 } as const;

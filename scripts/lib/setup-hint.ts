/**
 * The one command that prepares a machine for the tests. The tests themselves never install
 * anything (a cold install would run inside a hook's time limit); they only check that the pinned
 * tool is present and, when it is not, fail with this command.
 */
export const SETUP_COMMAND = 'node scripts/with-node24.mjs scripts/setup-test-env.ts';

/** The error a test gets when a tool it needs was never installed (or is at another version). */
export function notInstalled(what: string): Error {
  return new Error(`${what} is not installed; run \`${SETUP_COMMAND}\``);
}

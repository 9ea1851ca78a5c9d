/**
 * Durations on the command line: `30s`, `5m`, `1h30m`, `250ms`, or a bare number of seconds.
 * A bare number means seconds because that is what a person typing `--timeout 30` means; ms must
 * be spelled out. Units may be combined largest first (`1h30m`, `2m30s`), as Go's time.Duration.
 */
const UNITS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
const PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|h|m|s))+$/;

/** Milliseconds, or undefined when `text` is not a duration of the documented form. */
export function parseDurationMs(text: string): number | undefined {
  const value = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  if (!WHOLE.test(value)) return undefined;
  let total = 0;
  let lastUnit = Infinity;
  for (const [, amount, unit] of value.matchAll(PART)) {
    const size = UNITS[unit!]!;
    // 30s5m is almost certainly a typo; refuse it instead of guessing.
    if (size >= lastUnit) return undefined;
    lastUnit = size;
    total += Number(amount) * size;
  }
  return Math.round(total);
}

export const DURATION_FORMS = 'a duration such as 30s, 5m, 1h30m, 250ms (a bare number is seconds)';

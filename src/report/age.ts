/**
 * How long a finding has been open, in the words a person would use: "3 years 2 months",
 * "5 days 4 hours". Calendar arithmetic in UTC (a month is a calendar month, not 30 days), so
 * the age of a finding first seen on 31 January reads "1 month" on the last day of February.
 * Pure: every reporter renders the same text for the same report.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** `n` calendar months after `from`, clamped to the end of a shorter month (31 Jan + 1 month = 28/29 Feb). */
function addMonths(from: Date, n: number): Date {
  const year = from.getUTCFullYear();
  const month = from.getUTCMonth() + n;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(from.getUTCDate(), lastDay);
  return new Date(Date.UTC(year, month, day, from.getUTCHours(), from.getUTCMinutes(), from.getUTCSeconds(), from.getUTCMilliseconds()));
}

const parse = (iso: string, name: string): Date => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`exposureAge: ${name} is not an ISO time: "${iso}"`);
  return date;
};

/**
 * The two largest non-zero units between `firstSeenIso` and `nowIso`: "3 years 2 months",
 * "1 year", "2 months 5 days", "6 days 1 hour", "3 hours 10 minutes", "4 minutes", or
 * "less than a minute" (also when the clocks disagree and `now` is earlier).
 */
export function exposureAge(firstSeenIso: string, nowIso: string): string {
  const from = parse(firstSeenIso, 'firstSeen');
  const now = parse(nowIso, 'now');
  if (now.getTime() - from.getTime() < MINUTE) return 'less than a minute';

  let months = (now.getUTCFullYear() - from.getUTCFullYear()) * 12 + (now.getUTCMonth() - from.getUTCMonth());
  while (months > 0 && addMonths(from, months).getTime() > now.getTime()) months -= 1;
  const rest = now.getTime() - addMonths(from, months).getTime();
  const years = Math.floor(months / 12);
  const days = Math.floor(rest / DAY);
  const hours = Math.floor((rest % DAY) / HOUR);
  const minutes = Math.floor((rest % HOUR) / MINUTE);

  const pair = (big: string, n: number, unit: string) => (n > 0 ? `${big} ${plural(n, unit)}` : big);
  if (years > 0) return pair(plural(years, 'year'), months % 12, 'month');
  if (months > 0) return pair(plural(months, 'month'), days, 'day');
  if (days > 0) return pair(plural(days, 'day'), hours, 'hour');
  if (hours > 0) return pair(plural(hours, 'hour'), minutes, 'minute');
  return plural(minutes, 'minute');
}

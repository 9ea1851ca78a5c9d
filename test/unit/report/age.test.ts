import { describe, expect, it } from 'vitest';
import { exposureAge } from '../../../src/report/age.ts';

describe('exposureAge', () => {
  it.each([
    ['2023-01-10T00:00:00Z', '2026-03-15T00:00:00Z', '3 years 2 months'],
    ['2012-05-01T00:00:00Z', '2023-05-01T00:00:00Z', '11 years'],
    ['2025-11-22T00:00:00Z', '2026-11-22T12:00:00Z', '1 year'],
    ['2026-01-01T00:00:00Z', '2026-03-06T00:00:00Z', '2 months 5 days'],
    ['2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z', '1 month'],
    ['2026-03-01T00:00:00Z', '2026-03-07T01:00:00Z', '6 days 1 hour'],
    ['2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z', '1 day'],
    ['2026-03-01T00:00:00Z', '2026-03-01T03:10:59Z', '3 hours 10 minutes'],
    ['2026-03-01T00:00:00Z', '2026-03-01T00:04:00Z', '4 minutes'],
    ['2026-03-01T00:00:00Z', '2026-03-01T00:00:59Z', 'less than a minute'],
  ])('%s → %s is "%s"', (from, now, expected) => {
    expect(exposureAge(from, now)).toBe(expected);
  });

  it('counts calendar months, clamping to the end of a shorter month', () => {
    // 31 January + 1 month is the last day of February, not 3 March.
    expect(exposureAge('2026-01-31T00:00:00Z', '2026-02-28T00:00:00Z')).toBe('1 month');
    expect(exposureAge('2026-01-31T00:00:00Z', '2026-02-27T00:00:00Z')).toBe('27 days');
    expect(exposureAge('2024-02-29T00:00:00Z', '2025-02-28T00:00:00Z')).toBe('1 year');
  });

  it('does not count a month that has not fully elapsed by the time of day', () => {
    expect(exposureAge('2026-01-10T12:00:00Z', '2026-02-10T11:00:00Z')).toBe('30 days 23 hours');
  });

  it('reads a clock that runs behind as less than a minute', () => {
    expect(exposureAge('2026-03-01T00:10:00Z', '2026-03-01T00:00:00Z')).toBe('less than a minute');
  });

  it('accepts offsets and compares instants, not wall-clock digits', () => {
    expect(exposureAge('2026-03-01T02:00:00+02:00', '2026-03-01T01:00:00Z')).toBe('1 hour');
  });

  it('refuses a value that is not a time', () => {
    expect(() => exposureAge('yesterday', '2026-03-01T00:00:00Z')).toThrow(/firstSeen is not an ISO time: "yesterday"/);
  });
});

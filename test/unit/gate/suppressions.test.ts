import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/cli/errors.ts';
import { parseConfig } from '../../../src/config/load.ts';
import { entriesFromConfig, expiredWarning, parseSuppressionsFile, Suppressions, utcDate } from '../../../src/engine/suppressions.ts';
import { bucketRef, makeFinding } from '../../support/report-factory.ts';

const READ = 'aws-s3-bucket-not-publicly-readable';
const WRITE = 'aws-s3-bucket-not-publicly-writable';

const file = (entries: string) => `suppressions:\n${entries}`;
const entry = (fields: Record<string, string>) =>
  `  - ${Object.entries(fields).map(([k, v], i) => `${i === 0 ? '' : '    '}${k}: ${v}`).join('\n')}\n`;
const base = { ruleId: READ, resource: 'arn:aws:s3:::public-site', reason: 'static website', owner: 'web@example.com', expires: '2026-12-31' };

function problem(text: string): string {
  try {
    parseSuppressionsFile(text, '.ajarignore.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseSuppressionsFile', () => {
  it('reads entries and records where each one lives', () => {
    const entries = parseSuppressionsFile(file(entry(base) + entry({ ...base, resource: 'glob:arn:aws:s3:::logs-*' })), '.ajarignore.yaml');
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ ...base, source: '.ajarignore.yaml:2:5: $.suppressions[0]' });
    expect(entries[1]!.source).toBe('.ajarignore.yaml:7:5: $.suppressions[1]');
  });

  it('names file, line:col, path and expectation for a bad date', () => {
    expect(problem(file(entry({ ...base, expires: '2026-02-30' })))).toBe(
      '.ajarignore.yaml:6:14: $.suppressions[0].expires: expected a date YYYY-MM-DD, got "2026-02-30"',
    );
  });

  it('reports a missing field at its entry', () => {
    const { owner: _owner, ...noOwner } = base;
    expect(problem(file(entry(noOwner)))).toMatch(/^\.ajarignore\.yaml:2:5: \$\.suppressions\[0\]\.owner: expected string, but it is missing$/);
  });

  it('rejects an unanchored regular expression and an invalid one', () => {
    expect(problem(file(entry({ ...base, resource: "'re:arn:aws:s3:::public-.*'" })))).toContain('$.suppressions[0].resource: expected an anchored regular expression: re:^...$');
    expect(problem(file(entry({ ...base, resource: "'re:^arn:(aws$'" })))).toContain('expected a valid regular expression');
  });

  it('rejects unknown keys, empty reasons and a file without the suppressions list', () => {
    expect(problem(file(entry({ ...base, expiry: '2026-01-01' })))).toContain('unknown key(s) "expiry"');
    expect(problem(file(entry({ ...base, reason: "''" })))).toContain('$.suppressions[0].reason');
    expect(problem('- ruleId: x\n')).toContain('.ajarignore.yaml:1:1: $: expected object');
  });

  it('reports YAML syntax errors with a position', () => {
    expect(problem('suppressions: [\n  {ruleId: a\n')).toMatch(/^\.ajarignore\.yaml:\d+:\d+: not valid YAML: /);
  });

  it('the config section uses the same schema, with config positions', () => {
    expect(() => parseConfig(`suppressions:\n${entry({ ...base, expires: 'soon' })}`, 'ajar.config.yaml')).toThrow(
      /^ajar\.config\.yaml:6:14: \$\.suppressions\[0\]\.expires: expected a date YYYY-MM-DD$/,
    );
    const config = parseConfig(`suppressions:\n${entry(base)}`, 'ajar.config.yaml');
    expect(entriesFromConfig(config.suppressions!, 'ajar.config.yaml')[0]!.source).toBe('ajar.config.yaml: $.suppressions[0]');
  });
});

describe('Suppressions', () => {
  const entries = (...list: Partial<typeof base>[]) => list.map((e, i) => ({ ...base, ...e, source: `s.yaml: $.suppressions[${i}]` }));

  it('suppresses a matching failing finding and keeps its fail status', () => {
    const set = new Suppressions(entries({}), '2026-06-01');
    const finding = set.apply(makeFinding(READ, bucketRef('public-site'), 'fail'));
    expect(finding.status).toBe('fail');
    expect(finding.suppression).toEqual({ reason: 'static website', owner: 'web@example.com', expires: '2026-12-31', source: 's.yaml: $.suppressions[0]' });
    expect(set.outcome()).toEqual({ stale: [], expired: [] });
  });

  it('matches the resource exactly: another bucket or rule is not suppressed', () => {
    const set = new Suppressions(entries({}), '2026-06-01');
    expect(set.apply(makeFinding(READ, bucketRef('public-site-2'), 'fail')).suppression).toBeUndefined();
    expect(set.apply(makeFinding(WRITE, bucketRef('public-site'), 'fail')).suppression).toBeUndefined();
    expect(set.outcome().stale).toHaveLength(1);
  });

  it('supports rule globs, resource globs and anchored regular expressions', () => {
    const set = new Suppressions(
      entries({ ruleId: 'aws-s3-bucket-not-publicly-*', resource: 'glob:arn:aws:s3:::logs-*' }, { resource: 're:^arn:aws:s3:::tmp-[0-9]+$' }),
      '2026-06-01',
    );
    expect(set.apply(makeFinding(WRITE, bucketRef('logs-2024/eu'), 'fail')).suppression?.source).toBe('s.yaml: $.suppressions[0]');
    expect(set.apply(makeFinding(READ, bucketRef('tmp-42'), 'fail')).suppression?.source).toBe('s.yaml: $.suppressions[1]');
    expect(set.apply(makeFinding(READ, bucketRef('tmp-42x'), 'fail')).suppression).toBeUndefined();
    expect(set.apply(makeFinding(READ, bucketRef('xlogs-1'), 'fail')).suppression).toBeUndefined();
  });

  it('an expired entry does not suppress and is reported; it still suppresses on its expiry day', () => {
    const onTheDay = new Suppressions(entries({ expires: '2026-06-01' }), '2026-06-01');
    expect(onTheDay.apply(makeFinding(READ, bucketRef('public-site'), 'fail')).suppression).toBeDefined();
    const dayAfter = new Suppressions(entries({ expires: '2026-06-01' }), '2026-06-02');
    expect(dayAfter.apply(makeFinding(READ, bucketRef('public-site'), 'fail')).suppression).toBeUndefined();
    expect(dayAfter.outcome()).toEqual({
      stale: [],
      expired: [{ ruleId: READ, resource: 'arn:aws:s3:::public-site', expires: '2026-06-01', source: 's.yaml: $.suppressions[0]' }],
    });
    expect(expiredWarning(dayAfter.expired[0]!)).toBe(
      `ajar: warning: s.yaml: $.suppressions[0]: suppression of ${READ} on arn:aws:s3:::public-site expired on 2026-06-01 (owner web@example.com); its findings count again`,
    );
  });

  it('an entry matching only a passing finding is stale; one matching an unknown finding is not, and does not suppress it', () => {
    const set = new Suppressions(entries({}, { resource: 'arn:aws:s3:::unreadable' }), '2026-06-01');
    set.apply(makeFinding(READ, bucketRef('public-site'), 'pass'));
    const unknown = set.apply(makeFinding(READ, bucketRef('unreadable'), 'unknown'));
    expect(unknown.suppression).toBeUndefined();
    expect(set.outcome().stale).toEqual([{ ruleId: READ, resource: 'arn:aws:s3:::public-site', source: 's.yaml: $.suppressions[0]' }]);
  });

  it('utcDate is the UTC calendar day', () => {
    expect(utcDate(new Date('2026-06-01T23:59:59-05:00'))).toBe('2026-06-02');
  });
});

describe('Suppressions edge cases', () => {
  const entry = { ruleId: WRITE, resource: 'arn:aws:s3:::x', reason: 'r', owner: 'o', expires: '2099-01-01', source: 's' };

  it('an entry for a rule the scan did not run is not stale', () => {
    const set = new Suppressions([entry], '2026-06-01');
    expect(set.outcome([READ]).stale).toEqual([]);
    expect(set.outcome([READ, WRITE]).stale).toHaveLength(1);
  });

  it('an empty file holds no entries', () => {
    expect(parseSuppressionsFile('', 'empty.yaml')).toEqual([]);
    expect(parseSuppressionsFile('suppressions: []\n', 'empty.yaml')).toEqual([]);
  });
});

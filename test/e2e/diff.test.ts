/** `ajar diff` as a user runs it: two saved reports in, the changes out, an exit code for CI. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/finding.ts';
import { renderJson } from '../../src/report/json.ts';
import { runCli } from '../support/cli.ts';
import { bucketRef, makeFinding, makeReport } from '../support/report-factory.ts';

const READ = 'aws-s3-bucket-not-publicly-readable'; // critical
const LIST = 'aws-s3-bucket-not-publicly-listable'; // medium
const dir = mkdtempSync(join(tmpdir(), 'ajar-diff-'));

const save = (name: string, findings: Finding[], startedAt: string) => {
  const file = join(dir, name);
  writeFileSync(file, renderJson(makeReport({ findings, timing: { startedAt, finishedAt: startedAt, durationMs: 1 } })));
  return file;
};

const oldFile = save(
  'old.json',
  [makeFinding(READ, bucketRef('open'), 'fail'), makeFinding(READ, bucketRef('fixed'), 'fail'), makeFinding(READ, bucketRef('opened'), 'pass'), makeFinding(LIST, bucketRef('lister'), 'pass')],
  '2025-01-01T00:00:00.000Z',
);
const mediumOnly = save(
  'medium.json',
  [makeFinding(READ, bucketRef('open'), 'fail'), makeFinding(READ, bucketRef('fixed'), 'pass'), makeFinding(READ, bucketRef('opened'), 'pass'), makeFinding(LIST, bucketRef('lister'), 'fail')],
  '2025-02-01T00:00:00.000Z',
);
const criticalNew = save(
  'critical.json',
  [makeFinding(READ, bucketRef('open'), 'fail'), makeFinding(READ, bucketRef('fixed'), 'pass'), makeFinding(READ, bucketRef('opened'), 'fail'), makeFinding(LIST, bucketRef('lister'), 'pass')],
  '2025-02-01T00:00:00.000Z',
);

describe('ajar diff', () => {
  it('prints new, resolved and unchanged, and exits 1 for a new critical finding', async () => {
    const result = await runCli(['diff', oldFile, criticalNew]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('1 new, 1 resolved, 0 changed severity, 0 not rechecked, 1 unchanged');
    expect(result.stdout).toMatch(/New failing:\n {2}CRITICAL +aws-s3-bucket-not-publicly-readable {2}arn:aws:s3:::opened\n/);
    expect(result.stdout).toMatch(/Resolved:\n {2}CRITICAL +aws-s3-bucket-not-publicly-readable {2}arn:aws:s3:::fixed\n/);
  }, 90_000);

  it('a new finding below --fail-on exits 0; lowering --fail-on makes it fail', async () => {
    expect((await runCli(['diff', oldFile, mediumOnly])).code).toBe(0);
    expect((await runCli(['diff', oldFile, mediumOnly, '--fail-on', 'medium'])).code).toBe(1);
  }, 90_000);

  it('the same report twice has nothing new', async () => {
    const result = await runCli(['diff', criticalNew, criticalNew, '--fail-on', 'info', '--format', 'json']);
    expect(result.code).toBe(0);
    const diff = JSON.parse(result.stdout);
    expect(diff).toMatchObject({ added: [], resolved: [], changedSeverity: [], notRechecked: [], unchanged: 2 });
  }, 90_000);

  it('JSON and Markdown formats', async () => {
    const json = JSON.parse((await runCli(['diff', oldFile, criticalNew, '-f', 'json'])).stdout);
    expect(json.added.map((f: { resource: { name: string } }) => f.resource.name)).toEqual(['opened']);
    expect(json.old).toEqual({ file: oldFile, startedAt: '2025-01-01T00:00:00.000Z' });
    const md = (await runCli(['diff', oldFile, criticalNew, '--format', 'markdown'])).stdout;
    expect(md).toContain('#### New failing\n\n| Severity | Rule | Resource | Suppressed |\n| --- | --- | --- | --- |\n| critical | aws-s3-bucket-not-publicly-readable | arn:aws:s3:::opened |  |');
   }, 90_000);

  it('bad input: one line naming the file and the JSON path, exit 2', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, renderJson(makeReport()).replace('"status": "fail"', '"status": "failed"'));
    const cases: [string[], string | undefined][] = [
      [['diff', oldFile, join(dir, 'missing.json')], `ajar: ajar diff ${join(dir, 'missing.json')}: cannot read the report (no such file)\n`],
      [['diff', broken, oldFile], `ajar: ${broken}: $.findings[0].status: expected one of pass|fail|unknown|error, got "failed" (ajar diff expects a report written by \`ajar scan --format json\`)\n`],
      [['diff', oldFile, oldFile, '--fail-on', 'severe'], 'ajar: --fail-on: expected one of critical|high|medium|low|info, got "severe"\n'],
      [['diff', oldFile, oldFile, '--format', 'html'], 'ajar: --format: expected one of table|json|markdown, got "html"\n'],
      [['diff', oldFile], undefined],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(args)));
    for (const [i, result] of results.entries()) {
      const stderr = cases[i]![1];
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      if (stderr !== undefined) expect(result.stderr).toBe(stderr);
    }
  }, 90_000);
});

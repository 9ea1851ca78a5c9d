/**
 * `ajar report` as a user runs it: a saved JSON report re-rendered in every format, each output
 * checked by its format's validator, and a real scan against moto written once as JSON and
 * re-rendered (so the formats work on what a scan actually writes, not only on hand-built data).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FULL_BLOCK, seeder } from '../../scripts/lib/aws-seed.ts';
import { startMoto, type RunningMoto } from '../../scripts/lib/moto.ts';
import { parseReportJson, renderJson, renderReport, REPORT_FORMATS } from '../../src/report/index.ts';
import type { Report } from '../../src/report/model.ts';
import { emulatorEnv, expectOneLineUsageError, runCli } from '../support/cli.ts';
import { makeMonitoredReport } from '../support/monitored-report.ts';
import { sarifSchemaErrors } from '../support/sarif.ts';
import { junitSchemaErrors, ocsfSchemaErrors } from '../support/validators.ts';

const work = mkdtempSync(join(tmpdir(), 'ajar-report-'));
const path = (name: string) => join(work, name);
const saved = path('monitored.json');
const monitored = makeMonitoredReport();
writeFileSync(saved, renderJson(monitored));


// CLI runs take seconds each on a loaded two-core machine; the default 30 s per test is too tight.
describe('ajar report', { timeout: 120_000 }, () => {
  it('re-renders a saved report in every format at once, each file identical to the reporter output', async () => {
    const args = ['report', saved];
    for (const format of REPORT_FORMATS) args.push('--format', format, '--output', path(`out.${format}`));
    const result = await runCli(args);
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const parsed = parseReportJson(readFileSync(saved, 'utf8'), saved);
    for (const format of REPORT_FORMATS) {
      expect(readFileSync(path(`out.${format}`), 'utf8'), format).toBe(renderReport(format, parsed, { color: false, showPass: false }));
    }
    // The saved report survives the round trip unchanged.
    expect(readFileSync(path('out.json'), 'utf8')).toBe(readFileSync(saved, 'utf8'));
  });

  it('writes outputs that their owners’ validators accept: JUnit XSD, OCSF models, SARIF schema', () => {
    expect(junitSchemaErrors(readFileSync(path('out.junit'), 'utf8'))).toEqual([]);
    expect(ocsfSchemaErrors(readFileSync(path('out.ocsf'), 'utf8'))).toEqual([]);
    expect(sarifSchemaErrors(JSON.parse(readFileSync(path('out.sarif'), 'utf8')))).toEqual([]);
  });

  it('prints the table by default, with open-for, resolved findings and suppression problems', async () => {
    const result = await runCli(['report', saved]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^RESOURCE +RULE +SEVERITY +STATUS +OPEN FOR +REASON\n/);
    expect(result.stdout).toMatch(/dashcam-images \(123456789012\/ap-northeast-1\) +aws-s3-bucket-not-publicly-readable +critical +fail +3 years 1 month +Bucket dashcam-images/);
    expect(result.stdout).toMatch(/backups\/2024 q1\? .* suppressed +9 months/);
    expect(result.stdout).toContain('Resolved since the previous scan (1):\n  old-uploads (123456789012/eu-west-1)  aws-s3-bucket-not-publicly-writable  high  was open for 1 year 10 months\n');
    expect(result.stdout).toContain('Compared with state:sqlite:/var/lib/ajar/state.db (previous scan 2025-02-28T10:00:00.000Z): 2 new, 2 existing, 1 resolved\n');
    expect(result.stdout).toContain('Expired suppressions (1), no longer suppressing:\n  aws-s3-bucket-website-disabled arn:aws:s3:::promo-site expired 2025-01-31');
    expect(result.stdout).toContain('Stale suppressions (1), matching nothing:\n');
    expect(result.stdout).not.toContain('\x1b[');
  });

  it('renders NDJSON from the whole report, one line per finding', async () => {
    const result = await runCli(['report', saved, '-f', 'ndjson']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(monitored.findings.length);
    expect(JSON.parse(lines[0]!).fingerprint).toBe(monitored.findings[0]!.fingerprint);
  });

  it('reads the report from stdin with "-"', async () => {
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync(process.execPath, [join(import.meta.dirname, '../../bin/ajar.js'), 'report', '-', '-f', 'markdown'], { input: readFileSync(saved), encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^## ajar: 4 failing findings/);
  });

  it('refuses a missing file, a file that is not JSON and a report that fails the schema, in one line each', async () => {
    expectOneLineUsageError(await runCli(['report', path('nope.json'), '-f', 'html']), 'nope.json: cannot read the report (no such file)');
    writeFileSync(path('broken.json'), '{"tool": ');
    expectOneLineUsageError(await runCli(['report', path('broken.json')]), 'broken.json: not valid JSON');
    const bad = JSON.parse(readFileSync(saved, 'utf8')) as Report;
    (bad.findings[2] as { severity: string }).severity = 'severe';
    writeFileSync(path('bad.json'), JSON.stringify(bad));
    expectOneLineUsageError(await runCli(['report', path('bad.json'), '-f', 'csv']), 'bad.json: $.findings[2].severity', 'expected one of critical|high|medium|low|info');
    expectOneLineUsageError(await runCli(['report', work]), 'a directory, not a file');
  });

  it('refuses an unknown format, two formats on stdout, and --output without --format', async () => {
    expectOneLineUsageError(await runCli(['report', saved, '-f', 'pdf']), 'unknown report format "pdf": expected one of table|json|ndjson|sarif|junit|csv|markdown|ocsf|html');
    expectOneLineUsageError(await runCli(['report', saved, '-f', 'csv,markdown']), 'csv and markdown would both go to stdout');
    expectOneLineUsageError(await runCli(['report', saved, '-o', path('x.html')]), 'give --format before --output');
    expectOneLineUsageError(await runCli(['report', saved, '-f', 'html', '-o', path('no/such/dir/x.html')]), 'does not exist');
  });
});

describe('ajar report on a real scan (moto)', { timeout: 120_000 }, () => {
  let moto: RunningMoto;
  const scanned = path('scan.json');

  beforeAll(async () => {
    moto = await startMoto();
    const seed = seeder(moto.endpoint);
    await seed.bucket({ name: 'public-reports', acl: 'public-read' });
    await seed.bucket({ name: 'private-data', ownership: 'BucketOwnerEnforced', publicAccessBlock: FULL_BLOCK });
    seed.close();
    const result = await runCli(['scan', 'aws', '--endpoint', moto.endpoint, '-f', 'json', '-o', scanned, '-f', 'junit', '-o', path('scan.junit')], emulatorEnv());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
  }, 180_000);

  afterAll(async () => {
    await moto?.stop();
  });

  it('writes JUnit straight from the scan with passing testcases, valid against the XSD', () => {
    const xml = readFileSync(path('scan.junit'), 'utf8');
    expect(junitSchemaErrors(xml)).toEqual([]);
    expect(xml).toMatch(/<testcase name="public-reports \(\d{12}\/us-east-1\)" classname="aws-s3-bucket-not-publicly-listable" time="0">\n\s+<failure type="high" message="Bucket public-reports lets anyone list its contents/);
    expect(xml).toMatch(/<testcase name="private-data \(\d{12}\/us-east-1\)" classname="aws-s3-bucket-not-publicly-listable" time="0"\/>/);
  });

  it('re-renders the scan in every format, valid where a validator exists', async () => {
    const args = ['report', scanned];
    for (const format of REPORT_FORMATS) args.push('-f', format, '-o', path(`scan.${format}`));
    expect(await runCli(args)).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(junitSchemaErrors(readFileSync(path('scan.junit'), 'utf8'))).toEqual([]);
    const ocsf = readFileSync(path('scan.ocsf'), 'utf8');
    expect(ocsfSchemaErrors(ocsf)).toEqual([]);
    expect(JSON.parse(ocsf).some((e: { resources: { name: string }[] }) => e.resources[0]!.name === 'public-reports')).toBe(true);
    expect(readFileSync(path('scan.csv'), 'utf8')).toMatch(/\r\nfail,high,aws-s3-bucket-not-publicly-listable,[^\r,]*,aws,\d{12},us-east-1,aws\.s3\.bucket,arn:aws:s3:::public-reports,public-reports,/);
    expect(readFileSync(path('scan.markdown'), 'utf8')).toMatch(/\| high \| `public-reports` \d{12}\/us-east-1 \| `aws-s3-bucket-not-publicly-listable` \|/);
    expect(readFileSync(path('scan.html'), 'utf8')).toContain('<span class="res">public-reports</span>');
  });
});

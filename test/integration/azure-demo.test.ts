/** The Azure demo estate scans as its description says (so `npm run demo` cannot rot silently). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.ts';
import { startAzureDemo } from '../../scripts/lib/demo-azure.ts';
import { runCli } from '../support/cli.ts';

describe('Azure demo estate', () => {
  let demo: Awaited<ReturnType<typeof startAzureDemo>>;
  let report: Report;
  let code: number | null;

  beforeAll(async () => {
    demo = await startAzureDemo();
    const result = await runCli(['scan', 'azure', ...demo.args, '--rules', 'azure-storage-*', '--format', 'json'], demo.env);
    code = result.code;
    report = JSON.parse(result.stdout);
  }, 120_000);

  afterAll(async () => {
    await demo?.close();
  });

  const status = (resource: string, ruleId: string) => report.findings.find((f) => f.resource.name === resource && f.ruleId === ruleId)?.status;

  it('finds the children\'s profile photos listable and readable by anyone, and nothing unknown', () => {
    expect(code).toBe(1);
    expect(status('learnkidsmedia/profile-photos', 'azure-storage-container-not-publicly-listable')).toBe('fail');
    expect(status('learnkidsmedia/profile-photos', 'azure-storage-container-not-publicly-readable')).toBe('fail');
    expect(report.summary.byStatus.unknown).toBe(0);
    expect(report.collectionErrors).toEqual([]);
  });

  it('passes every check on the locked backups account', () => {
    const backups = report.findings.filter((f) => f.resource.name.startsWith('learnkidsbackups'));
    expect(backups.length).toBeGreaterThan(0);
    expect(backups.every((f) => f.status === 'pass')).toBe(true);
  });

  it('describes what it serves', () => {
    expect(demo.describe.join('\n')).toContain('profile-photos');
  });
});

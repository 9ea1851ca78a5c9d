/**
 * `ajar scan all`: the three clouds in one run and one report, each through its real SDK or
 * client over HTTP (AWS on moto, Azure and Google on the loopback fixture servers); and a cloud
 * whose credentials are missing reported as not scanned with the reason, never as clean.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seeder } from '../../scripts/lib/aws-seed.ts';
import { startAzureDemo } from '../../scripts/lib/demo-azure.ts';
import { startGcpDemo } from '../../scripts/lib/demo-gcp.ts';
import { startMoto, type RunningMoto } from '../../scripts/lib/moto.ts';
import type { Report } from '../../src/report/model.ts';
import { emulatorEnv, runCli } from '../support/cli.ts';

describe('ajar scan all', () => {
  let moto: RunningMoto;
  let azure: Awaited<ReturnType<typeof startAzureDemo>>;
  let gcp: Awaited<ReturnType<typeof startGcpDemo>>;

  beforeAll(async () => {
    [moto, azure, gcp] = await Promise.all([startMoto(), startAzureDemo(), startGcpDemo()]);
    const seed = seeder(moto.endpoint);
    await seed.bucket({ name: 'open-to-all', acl: 'public-read' });
    await seed.bucket({ name: 'kept-private' });
    seed.close();
  }, 180_000);

  afterAll(async () => {
    await Promise.all([moto?.stop(), azure?.close(), gcp?.close()]);
  });

  const awsArgs = () => ['--endpoint', moto.endpoint, '--regions', 'us-east-1'];

  it('scans the three clouds into one report', async () => {
    const result = await runCli(['scan', 'all', ...awsArgs(), ...azure.args, ...gcp.args, '--rules', 'aws-s3-*,azure-storage-*,gcp-storage-*', '--format', 'json'], {
      ...emulatorEnv(),
      ...azure.env,
      ...gcp.env,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.scope.map((s) => s.provider).sort()).toEqual(['aws', 'azure', 'gcp']);
    expect(report.scope.filter((s) => s.notScanned)).toEqual([]);
    const failing = (provider: string) =>
      report.findings.filter((f) => f.resource.provider === provider && f.status === 'fail' && f.ruleId.includes('not-publicly-')).map((f) => f.resource.name);
    expect(failing('aws')).toContain('open-to-all');
    expect(failing('aws')).not.toContain('kept-private');
    expect(failing('azure')).toContain('learnkidsmedia/profile-photos');
    expect(failing('gcp')).toContain('enrolment-exports');
    expect(report.summary.byStatus.unknown).toBe(0);
    expect(report.stats.apiCalls).toBe(Object.values(report.stats.apiCallsByOperation).reduce((a, b) => a + b, 0));
  }, 120_000);

  it('reports a cloud without credentials as not scanned with the reason, exit 3 when nothing fails', async () => {
    // No AJAR_AZURE_ACCESS_TOKEN and no Azure credential anywhere in DefaultAzureCredential's chain.
    const onlyPassingRules = 'aws-s3-bucket-not-publicly-writable,azure-storage-container-not-publicly-readable,gcp-storage-bucket-not-publicly-writable';
    const started = Date.now();
    const result = await runCli(['scan', 'all', ...awsArgs(), ...azure.args, ...gcp.args, '--rules', onlyPassingRules, '--format', 'json'], {
      ...emulatorEnv(),
      ...gcp.env,
      NODE_EXTRA_CA_CERTS: azure.env.NODE_EXTRA_CA_CERTS,
    });
    const elapsed = Date.now() - started;
    expect(result.code).toBe(3);
    const report = JSON.parse(result.stdout) as Report;
    const azureScope = report.scope.find((s) => s.provider === 'azure');
    expect(azureScope?.notScanned).toMatch(/credential/i);
    expect(report.scope.filter((s) => s.provider !== 'azure').every((s) => s.notScanned === undefined)).toBe(true);
    expect(report.findings.some((f) => f.resource.provider === 'azure')).toBe(false);
    expect(report.findings.filter((f) => f.resource.provider !== 'azure').every((f) => f.status === 'pass')).toBe(true);
    expect(report.collectionErrors.some((e) => e.provider === 'azure')).toBe(true);
    // Missing credentials are found without waiting out network timeouts.
    expect(elapsed).toBeLessThan(60_000);
  }, 120_000);
});

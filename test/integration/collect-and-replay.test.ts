/**
 * `ajar collect` writes what it read; `ajar scan --inventory` evaluates it later with no cloud
 * at all and reaches the same verdicts as a live scan of the same estate.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryFile } from '../../src/inventory/file.ts';
import type { Report } from '../../src/report/model.ts';
import { FULL_BLOCK, seeder } from '../../scripts/lib/aws-seed.ts';
import { startMoto, type RunningMoto } from '../../scripts/lib/moto.ts';
import { emulatorEnv, runCli } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'ajar-inventory-'));
const verdicts = (report: Report) => report.findings.map((f) => `${f.fingerprint} ${f.status} ${f.message}`).sort();

describe('collect, then scan --inventory offline', () => {
  let moto: RunningMoto | undefined;
  let live: Report;
  let collectExit: number | null;

  beforeAll(async () => {
    moto = await startMoto();
    const seed = seeder(moto.endpoint);
    await seed.bucket({ name: 'replay-public', acl: 'public-read', policy: { Version: '2012-10-17', Statement: [{ Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::replay-public/*' }] } });
    await seed.bucket({ name: 'replay-locked', ownership: 'BucketOwnerEnforced', publicAccessBlock: FULL_BLOCK });
    seed.close();
    const liveRun = await runCli(['scan', 'aws', '--endpoint', moto.endpoint, '--format', 'json'], emulatorEnv());
    live = JSON.parse(liveRun.stdout);
    const collected = await runCli(['collect', 'aws', '--endpoint', moto.endpoint, '--output', join(dir, 'inventory.json')], emulatorEnv());
    collectExit = collected.code;
    await moto.stop();
    moto = undefined;
  }, 120_000);

  afterAll(async () => {
    await moto?.stop();
  });

  it('writes an inventory of every bucket and the account, without verdicts', () => {
    expect(collectExit).toBe(0);
    const inventory: InventoryFile = JSON.parse(readFileSync(join(dir, 'inventory.json'), 'utf8'));
    expect(inventory.kind).toBe('ajar-inventory');
    expect(inventory.resources.map((r) => r.ref.name).sort()).toEqual(['123456789012', 'replay-locked', 'replay-public']);
    expect(inventory.stats.apiCalls).toBeGreaterThan(0);
    expect(JSON.stringify(inventory)).not.toContain('"status"');
  });

  it('reaches the live verdicts with the emulator gone and no API call', async () => {
    const replay = await runCli(['scan', 'aws', '--inventory', join(dir, 'inventory.json'), '--format', 'json'], {});
    expect(replay.code).toBe(1);
    const report: Report = JSON.parse(replay.stdout);
    expect(report.stats.apiCalls).toBe(0);
    expect(verdicts(report)).toEqual(verdicts(live));
  });

  it('rejects a damaged inventory with the file, the JSON path and what was expected', async () => {
    const inventory = JSON.parse(readFileSync(join(dir, 'inventory.json'), 'utf8'));
    inventory.resources[1].ref.type = 'aws.s3.bukket';
    writeFileSync(join(dir, 'damaged.json'), JSON.stringify(inventory));
    const result = await runCli(['scan', 'aws', '--inventory', join(dir, 'damaged.json')], {});
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('damaged.json: $.resources[1].ref.type: expected one of aws.account|aws.s3.bucket|');
    expect(result.stderr).toContain('got "aws.s3.bukket"');
  });
});

/**
 * A region name that no AWS partition has ("mars-1") is refused before the scan, from the flag and
 * from the config file alike: one line, exit 2 (DESIGN §5, bad input). Before, it was accepted and
 * the scan read nothing there and reported it clean. The pattern is the partitions' regionRegex
 * (src/config/aws-region.ts, checked against the SDK's data in test/unit/aws-region.test.ts).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emulatorEnv, expectOneLineUsageError, runCli } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'ajar-regions-'));

describe('AWS region names', () => {
  // 127.0.0.1:9 (discard) is never reached: the refusal comes before any request.
  const endpoint = ['--endpoint', 'http://127.0.0.1:9'];

  it('--regions mars-1 is refused with the expected form, naming the value', async () => {
    expectOneLineUsageError(await runCli(['scan', 'aws', ...endpoint, '--regions', 'eu-west-1,mars-1'], emulatorEnv()), '--regions', 'expected an AWS region name', '"mars-1"');
  });

  it('aws.regions in the config file is refused naming the file, the line and the path', async () => {
    const config = join(dir, 'ajar.config.yaml');
    writeFileSync(config, 'aws:\n  regions:\n    - eu-west-1\n    - mars-1\n');
    expectOneLineUsageError(await runCli(['scan', 'aws', ...endpoint, '--config', config], emulatorEnv()), 'ajar.config.yaml:4', '$.aws.regions[1]', 'expected an AWS region name');
  });

  it('collect refuses it too, and a real region of another partition is accepted', async () => {
    expectOneLineUsageError(await runCli(['collect', 'aws', ...endpoint, '--regions', 'mars-1'], emulatorEnv()), '--regions');
    // Accepted: the run gets past validation and fails on the unreachable endpoint instead.
    const china = await runCli(['scan', 'aws', ...endpoint, '--regions', 'cn-north-1', '--rules', 'aws-s3-*'], emulatorEnv());
    expect(china.stderr).not.toContain('expected an AWS region name');
  });
});

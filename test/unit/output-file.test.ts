/** A write that fails after the scan (disk full, directory gone) is exit 2 naming the file. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/errors.ts';
import { writeOutputFile } from '../../src/cli/outputs.ts';

describe('writeOutputFile', () => {
  it('turns a failed write into one UsageError line naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ajar-out-'));
    const target = join(dir, 'report.json');
    // The directory existed when the scan started and is gone when the report is written.
    rmSync(dir, { recursive: true });
    expect(() => writeOutputFile(target, '{}')).toThrow(UsageError);
    expect(() => writeOutputFile(target, '{}')).toThrow(`--output ${target}: cannot write the file (ENOENT)`);
  });

  it('refuses a path below a regular file with ENOTDIR', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ajar-out-'));
    writeFileSync(join(dir, 'plain'), 'x');
    expect(() => writeOutputFile(join(dir, 'plain', 'r.json'), '{}')).toThrow('cannot write the file (ENOTDIR)');
  });
});

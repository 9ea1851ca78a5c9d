/**
 * A report written to stdout must arrive whole even when the reader is slower than ajar (a pipe
 * into jq, less or a CI log collector): a partial write to a non-blocking pipe once cut a 30 MB
 * report short without any error.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/report/json.ts';
import { bucketRef, makeFinding, makeReport, summarise } from '../support/report-factory.ts';

const BIN = resolve(import.meta.dirname, '../../bin/ajar.js');

describe('stdout to a slow pipe', () => {
  it('delivers every byte of a large report to a reader that pauses', async () => {
    const findings = Array.from({ length: 20_000 }, (_, i) =>
      makeFinding('aws-s3-bucket-not-publicly-readable', bucketRef(`bucket-${i}-${'x'.repeat(40)}`), 'fail', {
        message: `Bucket bucket-${i} lets anyone read its objects: ${'reason '.repeat(20)}`,
      }),
    );
    const report = makeReport({ findings, summary: summarise(findings) });
    const dir = mkdtempSync(join(tmpdir(), 'ajar-pipe-'));
    const file = join(dir, 'report.json');
    writeFileSync(file, renderJson(report));
    const expected = readFileSync(file).length;
    expect(expected).toBeGreaterThan(8 * 1024 * 1024);

    const child = spawn(process.execPath, [BIN, 'report', file, '--format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let received = 0;
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // Read nothing for a while, so the pipe fills and the writer meets EAGAIN.
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), 1500);
    child.stdout.on('data', (chunk: Buffer) => (received += chunk.length));
    const code = await new Promise<number | null>((done) => child.once('close', done));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(received).toBe(expected);
  }, 60_000);
});

/** `ajar rules | head -1`: the reader goes away before ajar has written everything. */
function runWithClosedReader(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // Close our end of the pipe at once: every write ajar makes meets EPIPE.
    child.stdout.destroy();
    child.once('close', (code) => done({ code, stderr }));
  });
}

describe('stdout closed by its reader', () => {
  it('ends quietly with the usual exit status, every time (20 runs)', async () => {
    const runs: { code: number | null; stderr: string }[] = [];
    for (let batch = 0; batch < 5; batch += 1) {
      runs.push(...(await Promise.all(Array.from({ length: 4 }, () => runWithClosedReader(['rules'])))));
    }
    expect(runs.map((r) => r.stderr).filter((s) => s !== '')).toEqual([]);
    expect(runs.map((r) => r.code)).toEqual(Array(20).fill(0));
  }, 120_000);

  it('rules --format json and permissions too', async () => {
    for (const args of [['rules', '--format', 'json'], ['permissions', 'aws']]) {
      const run = await runWithClosedReader(args);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }
  }, 60_000);
});

/** Runs the real CLI as a subprocess, the way a user or a pipeline does. */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { expect } from 'vitest';

const BIN = resolve(import.meta.dirname, '../../bin/ajar.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Keeps the developer's own AWS setup out of the tests. */
export const ISOLATED_AWS_ENV = {
  AWS_CONFIG_FILE: '/nonexistent/ajar-test-config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/ajar-test-credentials',
  AWS_EC2_METADATA_DISABLED: 'true',
} as const;

/** Runs a program with exactly the given environment and collects what it prints. */
export function runProcess(command: string, args: string[], env: Record<string, string | undefined>, cwd?: string): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

export function runCli(args: string[], env: Record<string, string | undefined> = {}, cwd?: string): Promise<CliResult> {
  return runProcess(process.execPath, [BIN, ...args], { PATH: process.env.PATH, HOME: process.env.HOME, ...ISOLATED_AWS_ENV, ...env }, cwd);
}

export const emulatorEnv = (extra: Record<string, string> = {}) => ({
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_REGION: 'us-east-1',
  ...extra,
});

/** A user-fixable problem: exit 2, nothing on stdout, one `ajar: ` line naming it, no stack trace. */
export function expectOneLineUsageError(result: CliResult, ...fragments: string[]): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^ajar: /);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  for (const fragment of fragments) expect(lines[0]).toContain(fragment);
}

/**
 * `npm test`: type-check, then every test (unit, rules, integration against moto, e2e). The
 * emulators are installed and started by the test setup itself.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const run = (label: string, args: string[]) => {
  process.stderr.write(`\n== ${label}\n`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`${label} failed (exit ${result.status ?? result.signal})\n`);
    process.exit(result.status ?? 1);
  }
};

run('typecheck', ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.']);
run('tests', ['node_modules/vitest/vitest.mjs', 'run', ...process.argv.slice(2)]);

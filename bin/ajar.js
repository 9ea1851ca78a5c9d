#!/usr/bin/env node
// Entry point. Runs the TypeScript sources directly (Node 22.18+ strips types) in a checkout, or
// the compiled dist/ in an installed package or the container image.
import { existsSync } from 'node:fs';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(`ajar: needs Node.js 22 or newer (this is ${process.version}); in a checkout, npm run ajar -- <args> installs one.\n`);
  process.exit(2);
}
// As process 1 in a container Node gets no default signal handling: without these, `docker stop`
// and a Kubernetes deadline would wait out their grace period. Reports are written beside their
// target and renamed, so an interrupted scan leaves at most a .partial file, never half a report.
process.once('SIGTERM', () => process.exit(143));
process.once('SIGINT', () => process.exit(130));
const source = new URL('../src/cli/main.ts', import.meta.url);
const entry = existsSync(source) ? source.href : new URL('../dist/src/cli/main.js', import.meta.url).href;
const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));

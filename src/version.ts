import { existsSync, readFileSync } from 'node:fs';

// src/version.ts in a checkout, dist/src/version.js when compiled: package.json is one or two up.
const candidates = ['../package.json', '../../package.json'].map((p) => new URL(p, import.meta.url));
const manifest = candidates.find((url) => existsSync(url));

export const VERSION: string = manifest ? JSON.parse(readFileSync(manifest, 'utf8')).version : '0.0.0-unknown';

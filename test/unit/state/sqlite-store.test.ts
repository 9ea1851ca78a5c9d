import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteBackend } from '../../../src/state/sqlite.ts';
import { describeStateStore } from '../../support/state-store-suite.ts';

const dir = mkdtempSync(join(tmpdir(), 'ajar-state-'));
let n = 0;

describeStateStore('SQLite', async () => {
  const path = join(dir, `state-${++n}.db`);
  return { backend: await SqliteBackend.open(path), label: `sqlite://${path}`, reopen: () => SqliteBackend.open(path) };
});

/**
 * Where the state store lives, from `--state <url>` or the config key `state`: a SQLite file
 * (`sqlite:///abs/path.db`, `sqlite:relative.db`, or a plain path) or a PostgreSQL database
 * (`postgres://` / `postgresql://`, the libpq URL form the `pg` package reads).
 */
import { resolve } from 'node:path';
import { UsageError } from '../cli/errors.ts';
import { redactUrl } from '../util/url.ts';

export type StateLocation =
  | { kind: 'sqlite'; path: string; label: string }
  | { kind: 'postgres'; url: string; label: string };

const USAGE = 'expected sqlite:///absolute/path.db, sqlite:relative/path.db, a file path, or postgres://user@host:5432/database';

/** Parses a state URL; anything else is a one-line usage error naming `where` (flag or config path). */
export function parseStateUrl(value: string, where = '--state', cwd = process.cwd()): StateLocation {
  const fail = (why: string): never => {
    throw new UsageError(`${where}: ${why}; ${USAGE}`);
  };
  const text = value.trim();
  if (text === '') fail('empty state URL');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined || /^[a-z]$/i.test(scheme)) {
    // A plain path (or a Windows drive letter): a SQLite file.
    const path = resolve(cwd, text);
    return { kind: 'sqlite', path, label: `sqlite://${path}` };
  }
  if (scheme === 'sqlite') {
    const rest = text.slice('sqlite:'.length);
    let path: string;
    if (rest.startsWith('///')) path = rest.slice(2);
    else if (rest.startsWith('//')) return fail(`"${text}" names a host; a SQLite file is sqlite:///absolute/path or sqlite:relative/path`);
    else path = resolve(cwd, rest);
    if (path === '' || path === '/' || path.endsWith('/')) fail(`"${text}" names no file`);
    return { kind: 'sqlite', path, label: `sqlite://${path}` };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      return fail(`"${redactUrl(text)}" is not a valid URL`);
    }
    if (!parsed.hostname && !parsed.searchParams.get('host')) fail(`"${redactUrl(text)}" names no host`);
    return { kind: 'postgres', url: text, label: redactUrl(text) };
  }
  return fail(`unsupported scheme "${scheme}:" in "${redactUrl(text)}"`);
}

/**
 * `--notify` values: where new failing findings are posted and in which shape. A webhook URL is a
 * credential (whoever has it can post to the channel), so it is never printed: messages name a
 * target by its kind and host only.
 */
import { UsageError } from '../cli/errors.ts';

export type NotifyKind = 'json' | 'slack' | 'teams';

export interface NotifyTarget {
  kind: NotifyKind;
  url: string;
  /** Safe to print: kind, scheme and host, never path, query or user info. */
  display: string;
}

const PREFIXES: Record<string, NotifyKind> = { 'json+': 'json', 'slack+': 'slack', 'teams+': 'teams' };

/** Slack incoming webhooks live on hooks.slack.com; Teams on *.webhook.office.com (connectors) or Power Automate workflow hosts. */
export function kindForHost(host: string): NotifyKind {
  const name = host.toLowerCase();
  if (name === 'hooks.slack.com') return 'slack';
  if (name.endsWith('.webhook.office.com') || name.endsWith('.logic.azure.com') || name.endsWith('.api.powerplatform.com')) return 'teams';
  return 'json';
}

export const redactUrl = (url: URL): string => `${url.protocol}//${url.host}/…`;

/**
 * Parses one `--notify` value: `https://...` (kind from the host, else generic JSON),
 * `slack+https://...`, `teams+https://...`, `json+https://...`, or `env:NAME` to read the URL
 * from an environment variable (keeps it out of the process list and shell history).
 */
export function parseNotifyTarget(value: string, env: NodeJS.ProcessEnv = process.env): NotifyTarget {
  let raw = value.trim();
  let origin = '--notify';
  if (raw.startsWith('env:')) {
    const name = raw.slice(4);
    const fromEnv = env[name];
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError(`--notify env:${name}: expected an environment variable name`);
    if (fromEnv === undefined || fromEnv.trim() === '') throw new UsageError(`--notify env:${name}: the environment variable is not set`);
    raw = fromEnv.trim();
    origin = `--notify env:${name}`;
  }
  let kind: NotifyKind | undefined;
  for (const [prefix, prefixKind] of Object.entries(PREFIXES)) {
    if (raw.startsWith(prefix)) {
      kind = prefixKind;
      raw = raw.slice(prefix.length);
    }
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // The value may be a mistyped secret URL: name the problem, not the value.
    throw new UsageError(`${origin}: expected an http(s) webhook URL, optionally prefixed slack+, teams+ or json+`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`${origin}: expected an http(s) webhook URL, got a ${url.protocol} URL`);
  }
  const resolved = kind ?? kindForHost(url.hostname);
  return { kind: resolved, url: url.toString(), display: `${resolved} ${redactUrl(url)}` };
}

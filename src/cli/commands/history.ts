/**
 * `ajar history <fingerprint|resource>`: the timeline of findings in the state store — when each
 * was first seen failing, resolved, reopened — so "since when has it been open?" has an answer.
 */
import type { Command } from 'commander';
import { loadConfig } from '../../config/load.ts';
import { exposureAge } from '../../report/age.ts';
import { withoutControls } from '../../report/terminal-text.ts';
import { openStateStore } from '../../state/index.ts';
import type { FindingHistory } from '../../state/store.ts';
import { parseStateUrl } from '../../state/url.ts';
import { terminalSafeJson } from '../../util/terminal-safe-json.ts';
import { EXIT, UsageError } from '../errors.ts';
import { findDefaultConfig } from '../shared.ts';

interface HistoryFlags {
  state?: string;
  format: string;
  config?: string;
}

export function registerHistory(program: Command): void {
  program
    .command('history')
    .description('Show the timeline of a finding recorded by `ajar scan --state`: first seen, resolved, reopened.')
    .argument('<finding>', 'a fingerprint (or its first 8+ characters), a resource id (ARN) or a resource name')
    .option('--state <url>', 'state store: sqlite:///abs.db, a file path, or postgres://... (default: config key `state`)')
    .option('-f, --format <format>', 'text|json', 'text')
    .option('-c, --config <file>', 'config file (default: ./ajar.config.yaml, .yml or .json if present)')
    .addHelpText(
      'after',
      `
Exit codes: 0 at least one finding matched; 1 none matched; 2 usage error or store unreachable.

Examples:
  ajar history dashcam-images --state ajar-state.db
  ajar history arn:aws:s3:::dashcam-images --state postgres://ajar@db/ajar --format json
  ajar history 3f9c2a1b --state sqlite:///var/lib/ajar/state.db`,
    )
    .action(async (query: string, flags: HistoryFlags) => {
      process.exitCode = await history(query, flags);
    });
}

async function history(query: string, flags: HistoryFlags, now = new Date()): Promise<number> {
  if (flags.format !== 'text' && flags.format !== 'json') throw new UsageError(`history --format: expected text|json, got "${flags.format}"`);
  const configFile = flags.config ?? findDefaultConfig();
  const config = flags.state === undefined && configFile ? loadConfig(configFile) : {};
  const url = flags.state ?? config.state;
  if (url === undefined) throw new UsageError('history: no state store: give --state <url> or the config key `state`');
  const location = parseStateUrl(url, flags.state !== undefined ? '--state' : `${configFile}: $.state`);
  const store = await openStateStore(location, { mustExist: true });
  let findings: FindingHistory[];
  try {
    findings = await store.history(query.trim());
  } finally {
    await store.close();
  }
  if (flags.format === 'json') {
    process.stdout.write(`${terminalSafeJson({ query, store: store.label, findings }, 2)}\n`);
  } else if (findings.length > 0) {
    process.stdout.write(findings.map((finding) => renderTimeline(finding, now.toISOString())).join('\n'));
  }
  if (findings.length === 0) {
    process.stderr.write(`ajar: no finding in ${store.label} matches "${query}" (a fingerprint, resource id or resource name)\n`);
    return EXIT.failing;
  }
  return EXIT.clean;
}

/** One finding's timeline, as plain text. */
export function renderTimeline(finding: FindingHistory, nowIso: string): string {
  const { resource } = finding;
  const state =
    finding.status === 'open'
      ? `OPEN for ${exposureAge(finding.openedAt, nowIso)} (since ${finding.openedAt}, last seen ${finding.lastSeen})`
      : `resolved ${finding.resolvedAt} after ${exposureAge(finding.openedAt, finding.resolvedAt ?? nowIso)}`;
  const lines = [
    `${finding.ruleId}  ${finding.severity}  ${resource.name}`,
    `  resource     ${resource.id} (${resource.provider} ${resource.account} ${resource.region}, ${resource.type})`,
    `  fingerprint  ${finding.fingerprint}`,
    `  status       ${state}`,
    `  first seen   ${finding.firstSeen}`,
    `  last message ${finding.message}`,
    '  timeline',
    ...finding.events.map((event) => `    ${event.at}  ${event.event.padEnd(16)}  ${event.severity.padEnd(8)}  ${event.detail}`),
  ];
  // Names, messages and details come from the cloud and from the store: no control character reaches the terminal.
  return `${lines.map((line) => withoutControls(line)).join('\n')}\n`;
}

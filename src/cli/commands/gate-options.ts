/**
 * The CI-gate part of `ajar scan`: --baseline, --fail-on-new, --suppressions and --notify.
 * Everything is resolved (files read, URLs checked) before the scan starts, so that a bad file
 * costs no API call; findings are then watched as they stream out of the engine.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { Logger } from 'pino';
import type { AjarConfig } from '../../config/schema.ts';
import { loadBaseline } from '../../engine/baseline.ts';
import type { PriorFindings } from '../../engine/comparison.ts';
import { GateTally } from '../../engine/exit-code.ts';
import type { Finding } from '../../engine/finding.ts';
import {
  DEFAULT_SUPPRESSIONS_FILE,
  entriesFromConfig,
  expiredWarning,
  loadSuppressionsFile,
  Suppressions,
  utcDate,
  type SuppressionEntry,
} from '../../engine/suppressions.ts';
import { newFindings, notifiable, parseNotifyTarget, sendNotifications, type NotifyTarget } from '../../notify/index.ts';
import type { Report } from '../../report/model.ts';
import { UsageError } from '../errors.ts';

export interface GateFlags {
  baseline?: string;
  failOnNew?: boolean;
  suppressions?: string;
  notify?: string[];
}

export function addGateOptions(command: Command): Command {
  return command
    .option('--baseline <report.json>', 'compare with a saved JSON report: findings are marked new or existing, fixed ones resolved')
    .option('--fail-on-new', 'exit 1 only for failing findings that are new against --baseline (or --state)')
    .option('--suppressions <file>', `accepted risks with owner and expiry (default: ./${DEFAULT_SUPPRESSIONS_FILE} if present)`)
    .option('--notify <url>', 'post new failing findings to a webhook: JSON, Slack or Teams (repeatable; slack+/teams+ prefix, env:VAR)', (v: string, p: string[] = []) => [...p, v]);
}

export interface ResolvedGate {
  baseline?: PriorFindings;
  suppressions?: Suppressions;
  failOnNew: boolean;
  notify: NotifyTarget[];
}

const warnLine = (line: string) => process.stderr.write(`${line}\n`);

/**
 * `stateGiven`: a state store (--state) supplies the comparison when there is no baseline.
 * Expired suppressions are announced here, once, before the scan.
 */
export function resolveGate(flags: GateFlags, config: AjarConfig, configFile: string | undefined, stateGiven: boolean, now = new Date()): ResolvedGate {
  const failOnNew = flags.failOnNew === true;
  if (failOnNew && flags.baseline === undefined && !stateGiven) {
    throw new UsageError('--fail-on-new: needs something to compare with: --baseline <report.json> or --state <url>');
  }
  const notify = (flags.notify ?? []).map((value) => parseNotifyTarget(value));
  const baseline = flags.baseline !== undefined ? loadBaseline(flags.baseline) : undefined;

  const entries: SuppressionEntry[] = [];
  if (config.suppressions) entries.push(...entriesFromConfig(config.suppressions, configFile ?? 'config'));
  const file = flags.suppressions ?? (existsSync(DEFAULT_SUPPRESSIONS_FILE) ? DEFAULT_SUPPRESSIONS_FILE : undefined);
  if (file !== undefined) entries.push(...loadSuppressionsFile(file));
  const suppressions = file !== undefined || config.suppressions ? new Suppressions(entries, utcDate(now)) : undefined;
  for (const entry of suppressions?.expired ?? []) warnLine(expiredWarning(entry));
  return { baseline, suppressions, failOnNew, notify };
}

/** Sees every finding as it streams: counts the gate, keeps the candidates for --notify. */
export class GateWatcher {
  readonly tally: GateTally;
  private readonly candidates: Finding[] = [];
  private readonly gate: ResolvedGate;

  constructor(gate: ResolvedGate) {
    this.gate = gate;
    this.tally = new GateTally({ failOnNew: gate.failOnNew });
  }

  finding(finding: Finding): void {
    this.tally.add(finding);
    if (this.gate.notify.length > 0 && notifiable(finding)) this.candidates.push(finding);
  }

  /** After the report is written: stale entries on stderr, then the notifications. */
  async finish(report: Report, log: Logger): Promise<void> {
    for (const stale of report.suppressions?.stale ?? []) {
      warnLine(`ajar: warning: ${stale.source}: suppression of ${stale.ruleId} on ${stale.resource} matched no finding (stale: remove it or fix its pattern)`);
    }
    if (this.gate.notify.length === 0) return;
    const compared = report.comparison !== undefined;
    if (!compared) {
      warnLine('ajar: note: --notify without --baseline or --state: every failing finding is announced as new, on every run');
    }
    const findings = newFindings(this.candidates, compared);
    const basis = report.comparison?.against ?? 'nothing (no --baseline or --state): every failing finding';
    await sendNotifications(this.gate.notify, { report, findings, basis }, log);
  }
}

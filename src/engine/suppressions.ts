/**
 * Suppressions: accepted risks, each with a reason, an owner and an expiry date, so that nothing
 * is silenced for ever. A suppressed finding keeps its `fail` status and stays in every report
 * (with `finding.suppression` set); it only stops counting for the exit code. An expired entry
 * stops suppressing and is reported; an entry that matched nothing is reported as stale.
 *
 * File format (`.ajarignore.yaml`, or the `suppressions:` section of the config file):
 *
 *   suppressions:
 *     - ruleId: aws-s3-bucket-not-publicly-readable      # exact id, or a glob: * any run, ? one char
 *       resource: arn:aws:s3:::public-website-assets     # exact resource id (ARN / Azure id / GCP name)
 *       reason: static website assets, public by design
 *       owner: web-team@example.com
 *       expires: 2026-06-30                              # suppresses through that day (UTC)
 *
 * Resource patterns are always anchored: `glob:arn:aws:s3:::public-*` (`*` any run of
 * characters, `/` and `:` included; `?` one character) or `re:^arn:aws:s3:::public-[a-z]+$`
 * (a JavaScript regular expression that must start with ^ and end with $, so that a pattern
 * never matches more than its author could see by reading it).
 */
import { readInputFile } from '../util/read-input.ts';
import { isNode } from 'yaml';
import { parseYamlInput } from '../util/yaml-input.ts';
import { z } from 'zod';
import { UsageError } from '../cli/errors.ts';
import { wildcardMatch } from '../analysis/wildcard.ts';
import type { Report } from '../report/model.ts';
import { explainIssue, jsonPath } from '../util/zod-errors.ts';
import type { Finding } from './finding.ts';

export const DEFAULT_SUPPRESSIONS_FILE = '.ajarignore.yaml';

const isCalendarDate = (value: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
};

const resourcePatternProblem = (value: string): string | undefined => {
  if (value.startsWith('re:')) {
    const source = value.slice(3);
    if (!source.startsWith('^') || !source.endsWith('$')) return 'expected an anchored regular expression: re:^...$';
    try {
      new RegExp(source);
    } catch (error) {
      return `expected a valid regular expression (${(error as Error).message})`;
    }
    return undefined;
  }
  if (value.startsWith('glob:') && value.length === 'glob:'.length) return 'expected a pattern after glob:';
  return undefined;
};

const nonEmpty = (what: string) => z.string(`expected ${what}`).trim().min(1, `expected a non-empty ${what}`);

export const suppressionEntrySchema = z
  .object({
    ruleId: nonEmpty('a rule id or glob, e.g. aws-s3-bucket-not-publicly-readable'),
    resource: nonEmpty('a resource id, glob:<pattern> or re:^<regex>$').superRefine((value, ctx) => {
      const problem = resourcePatternProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    reason: nonEmpty('reason (why the risk is accepted)'),
    owner: nonEmpty('owner (who answers for it)'),
    // YAML reads an unquoted 2026-06-30 as a string here (yaml's core schema has no timestamps).
    expires: z.string('expected a date YYYY-MM-DD').refine(isCalendarDate, 'expected a date YYYY-MM-DD'),
  })
  .strict();

export const suppressionsFileSchema = z.object({ suppressions: z.array(suppressionEntrySchema) }).strict();

export type SuppressionInput = z.infer<typeof suppressionEntrySchema>;

export interface SuppressionEntry extends SuppressionInput {
  /** Where it was written: `.ajarignore.yaml:4:5: $.suppressions[0]`. */
  source: string;
}

function issueLine(issue: z.core.$ZodIssue, data: unknown): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}: expected ruleId, resource, reason, owner, expires`;
  }
  return explainIssue(issue, data);
}

/**
 * Parses a suppressions file. Each problem is one line naming the file, line and column, the
 * path inside the document and what was expected.
 */
export function parseSuppressionsFile(text: string, file: string): SuppressionEntry[] {
  const { document, lines, data: parsed } = parseYamlInput(text, file);
  // An empty file is an empty list: a team may keep the file in place with nothing accepted.
  const data: unknown = parsed ?? { suppressions: [] };
  const positionOf = (path: readonly PropertyKey[]): string => {
    // Walk up to the nearest node that exists: a missing key is reported at its parent entry.
    for (let depth = path.length; depth >= 0; depth -= 1) {
      const node = document.getIn(path.slice(0, depth) as unknown[], true);
      if (isNode(node) && node.range) {
        const at = lines.linePos(node.range[0]);
        return `${file}:${at.line}:${at.col}`;
      }
    }
    return file;
  };
  const result = suppressionsFileSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new UsageError(`${positionOf(issue.path)}: ${jsonPath(issue.path)}: ${issueLine(issue, data)}`);
  }
  return result.data.suppressions.map((entry, index) => ({
    ...entry,
    source: `${positionOf(['suppressions', index])}: $.suppressions[${index}]`,
  }));
}

export function loadSuppressionsFile(file: string): SuppressionEntry[] {
  return parseSuppressionsFile(readInputFile(file, 'suppressions file'), file);
}

/** Entries from the config file's `suppressions:` section, already checked by the config schema. */
export const entriesFromConfig = (entries: readonly SuppressionInput[], configFile: string): SuppressionEntry[] =>
  entries.map((entry, index) => ({ ...entry, source: `${configFile}: $.suppressions[${index}]` }));

type Matcher = (value: string) => boolean;

const resourceMatcher = (pattern: string): Matcher => {
  if (pattern.startsWith('re:')) {
    const regex = new RegExp(pattern.slice(3), 's');
    return (value) => regex.test(value);
  }
  if (pattern.startsWith('glob:')) {
    const glob = pattern.slice(5);
    return (value) => wildcardMatch(glob, value);
  }
  return (value) => value === pattern;
};

const ruleMatcher = (pattern: string): Matcher =>
  /[*?]/.test(pattern) ? (value) => wildcardMatch(pattern, value) : (value) => value === pattern;

interface ActiveEntry {
  entry: SuppressionEntry;
  rule: Matcher;
  resource: Matcher;
  matched: boolean;
}

/** Today's UTC date, YYYY-MM-DD: an entry expiring today still suppresses today. */
export const utcDate = (now: Date): string => now.toISOString().slice(0, 10);

/**
 * The entries of one scan. `apply` is called on every finding as it is evaluated, before it is
 * streamed or counted; `outcome` lists the expired and stale entries for the report.
 */
export class Suppressions {
  readonly expired: SuppressionEntry[];
  private readonly active: ActiveEntry[];

  constructor(entries: readonly SuppressionEntry[], today: string) {
    this.expired = entries.filter((entry) => entry.expires < today);
    this.active = entries
      .filter((entry) => entry.expires >= today)
      .map((entry) => ({ entry, rule: ruleMatcher(entry.ruleId), resource: resourceMatcher(entry.resource), matched: false }));
  }

  /**
   * Marks a failing finding suppressed by the first entry that matches it. An entry that matches
   * an `unknown` or `error` finding does not suppress it (there is nothing failing to accept) but
   * is not stale either: the scan could not tell whether the accepted exposure is still there.
   */
  apply(finding: Finding): Finding {
    if (finding.status === 'pass') return finding;
    for (const candidate of this.active) {
      if (!candidate.rule(finding.ruleId) || !candidate.resource(finding.resource.id)) continue;
      candidate.matched = true;
      if (finding.status === 'fail' && finding.suppression === undefined) {
        const { reason, owner, expires, source } = candidate.entry;
        finding.suppression = { reason, owner, expires, source };
      }
    }
    return finding;
  }

  /**
   * `rulesRun`: an entry for a rule this scan did not run (`--rules`, another provider) matched
   * nothing because nothing was asked, which says nothing about whether it is still needed.
   */
  outcome(rulesRun?: readonly string[]): NonNullable<Report['suppressions']> {
    const ran = (c: ActiveEntry) => rulesRun === undefined || rulesRun.some((id) => c.rule(id));
    return {
      stale: this.active.filter((c) => !c.matched && ran(c)).map(({ entry }) => ({ ruleId: entry.ruleId, resource: entry.resource, source: entry.source })),
      expired: this.expired.map((entry) => ({ ruleId: entry.ruleId, resource: entry.resource, expires: entry.expires, source: entry.source })),
    };
  }
}

/** The stderr line for an expired entry: the accepted risk is counted again from now on. */
export const expiredWarning = (entry: Pick<SuppressionEntry, 'ruleId' | 'resource' | 'expires' | 'source'> & { owner?: string }): string =>
  `ajar: warning: ${entry.source}: suppression of ${entry.ruleId} on ${entry.resource} expired on ${entry.expires}${entry.owner ? ` (owner ${entry.owner})` : ''}; its findings count again`;

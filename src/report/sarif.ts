/**
 * SARIF 2.1.0 for GitHub code scanning (and any other SARIF consumer).
 *
 * What becomes a result, and why:
 * - `fail` findings are results of kind "fail" with a level from the rule's severity. These are
 *   the alerts.
 * - `unknown` and `error` findings are NOT results. GitHub ignores `result.kind` and takes an
 *   alert's severity from the rule's `security-severity`, so an "unknown" on a critical rule would
 *   surface as a critical alert (and fail a pull-request check) for a bucket that may be fine.
 *   They go to `invocations[0].toolExecutionNotifications` instead (unknown → warning, error →
 *   error), with the same rule reference and locations, so they stay visible in the log and on
 *   GitHub's tool status page without being counted as alerts. Collection errors go there too.
 * - `pass` findings are left out; the run properties carry the counts.
 *
 * Cloud resources have no file or line, yet GitHub rejects a result without a physicalLocation, so
 * each result points at a stable, relative pseudo-path (`aws/<account>/<region>/s3/<bucket>`) with
 * startLine 1, and names the real resource (its ARN) as a logical location.
 */
import type { Finding, Severity } from '../engine/finding.ts';
import type { CollectionError } from '../inventory/common.ts';
import type { Report } from './model.ts';
import { collectionErrorScope } from './present.ts';
import { terminalSafeJson } from '../util/terminal-safe-json.ts';
import { withoutControls } from './terminal-text.ts';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Where a reader of a SARIF alert can learn about the tool; no project site exists yet. */
export const AJAR_INFORMATION_URI = 'https://www.npmjs.com/package/ajar';
export const FINGERPRINT_KEY = 'ajarFindingFingerprint/v1';

type Level = 'error' | 'warning' | 'note' | 'none';
type RuleSummary = Report['rules'][number];

/** GitHub maps these onto Critical (>= 9.0), High (7.0–8.9), Medium (4.0–6.9), Low (0.1–3.9). */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

const LEVEL: Record<Severity, Level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** `problem.severity` is what GitHub shows for tools that are not security-tagged. */
const PROBLEM_SEVERITY: Record<Severity, 'error' | 'warning' | 'recommendation'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'recommendation',
  info: 'recommendation',
};

/** `aws-s3-bucket-not-publicly-readable` → `AwsS3BucketNotPubliclyReadable`. */
export const pascalCase = (id: string): string =>
  id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

/** `aws.s3.bucket` → provider `aws`, service `s3`; `aws.account` has no service segment. */
const typeParts = (type: string): { provider: string; services: string[] } => {
  const parts = type.split('.');
  return { provider: parts[0] ?? '', services: parts.slice(1, -1) };
};

/** A URL-safe path segment; `.` and `..` are encoded so that no consumer collapses the path. */
const uriSegment = (value: string): string => {
  const encoded = encodeURIComponent(value.length > 0 ? value : '_');
  return encoded === '.' || encoded === '..' ? encoded.replaceAll('.', '%2E') : encoded;
};

/**
 * The relative pseudo-path GitHub files an alert under. Built only from values that identify the
 * resource (never from the message), so an alert keeps its place from one run to the next.
 */
export const artifactUri = (resource: Finding['resource']): string => {
  const { services } = typeParts(resource.type);
  const region = resource.region.length > 0 ? resource.region : 'global';
  const name = resource.name.length > 0 ? resource.name : resource.id;
  return [resource.provider, resource.account, region, ...services, name].map(uriSegment).join('/');
};

const locationsOf = (finding: Finding) => [
  {
    physicalLocation: {
      artifactLocation: { uri: artifactUri(finding.resource) },
      region: { startLine: 1 },
    },
    logicalLocations: [{ fullyQualifiedName: finding.resource.id, name: finding.resource.name, kind: 'resource' }],
  },
];

const traceLine = (step: Finding['trace'][number]): string =>
  `${step.layer}${step.ref !== undefined && step.ref !== '' ? ` ${step.ref}` : ''}: ${step.detail}`;

/** The finding's message, then the reason trace, one "layer ref: detail" line per step. */
export const messageText = (finding: Finding): string =>
  withoutControls([finding.message, ...finding.trace.map(traceLine)].join('\n'));

const helpText = (rule: RuleSummary): string => {
  const parts = [rule.description, `Risk: ${rule.risk}`, `Remediation: ${rule.remediation.text}`];
  if (rule.remediation.cli !== undefined) parts.push(`  ${rule.remediation.cli}`);
  if (rule.references.length > 0) parts.push(['References:', ...rule.references.map((url) => `- ${url}`)].join('\n'));
  return parts.join('\n\n');
};

const helpMarkdown = (rule: RuleSummary): string => {
  const parts = [rule.description, `**Risk.** ${rule.risk}`, `**Remediation.** ${rule.remediation.text}`];
  if (rule.remediation.cli !== undefined) parts.push(['```sh', rule.remediation.cli, '```'].join('\n'));
  if (rule.references.length > 0) parts.push(['**References**', '', ...rule.references.map((url) => `- <${url}>`)].join('\n'));
  return parts.join('\n\n');
};

const sarifRule = (rule: RuleSummary) => {
  const { provider, services } = typeParts(rule.resourceType);
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: { text: helpText(rule), markdown: helpMarkdown(rule) },
    ...(rule.references[0] !== undefined ? { helpUri: rule.references[0] } : {}),
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      'security-severity': SECURITY_SEVERITY[rule.severity],
      tags: [...new Set(['security', provider, ...services].filter((tag) => tag.length > 0))],
      precision: 'very-high',
      'problem.severity': PROBLEM_SEVERITY[rule.severity],
    },
  };
};

/**
 * A finding whose rule is missing from `report.rules` (a hand-edited or truncated report) still
 * needs a rule entry, or its ruleIndex would point nowhere.
 */
const stubRule = (finding: Finding): RuleSummary => ({
  id: finding.ruleId,
  title: finding.title,
  severity: finding.severity,
  description: finding.title,
  risk: '',
  remediation: { text: '' },
  references: [],
  resourceType: finding.resource.type,
});

const collectionErrorText = (error: CollectionError): string => {
  return withoutControls(`Collection error in ${collectionErrorScope(error)}: ${error.operation} failed with ${error.code}: ${error.message}`);
};

/**
 * An accepted risk from a suppressions file: SARIF §3.35, kind "external" (it lives outside the
 * scanned artefact), status "accepted". GitHub code scanning closes such alerts as dismissed.
 */
const suppressionOf = (suppression: NonNullable<Finding['suppression']>) => ({
  kind: 'external',
  status: 'accepted',
  justification: `${suppression.reason} (owner: ${suppression.owner}; expires ${suppression.expires})`,
  location: { physicalLocation: { artifactLocation: { uri: suppressionFile(suppression.source) } } },
  properties: { owner: suppression.owner, expires: suppression.expires, source: suppression.source },
});

/** `.ajarignore.yaml:4:5: $.suppressions[0]` → `.ajarignore.yaml`. */
const suppressionFile = (source: string): string => encodeURI(source.replace(/(:\d+:\d+)?: \$.*$/, ''));

/** The SARIF log, pretty-printed and newline-terminated. */
export function renderSarif(report: Report): string {
  const rules: RuleSummary[] = [...report.rules];
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  for (const finding of report.findings) {
    if (!ruleIndex.has(finding.ruleId)) {
      ruleIndex.set(finding.ruleId, rules.length);
      rules.push(stubRule(finding));
    }
  }
  const indexOf = (ruleId: string): number => ruleIndex.get(ruleId) ?? -1;

  const results = report.findings
    .filter((finding) => finding.status === 'fail')
    .map((finding) => ({
      ruleId: finding.ruleId,
      ruleIndex: indexOf(finding.ruleId),
      kind: 'fail',
      level: LEVEL[finding.severity],
      message: { text: messageText(finding) },
      locations: locationsOf(finding),
      partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
      ...(finding.suppression !== undefined ? { suppressions: [suppressionOf(finding.suppression)] } : {}),
      ...(finding.lifecycle !== undefined ? { baselineState: finding.lifecycle.state === 'new' ? 'new' : 'unchanged' } : {}),
      properties: {
        resource: finding.resource,
        status: finding.status,
        severity: finding.severity,
        trace: finding.trace,
        ...(finding.lifecycle !== undefined ? { lifecycle: finding.lifecycle } : {}),
      },
    }));

  const findingNotifications = report.findings
    .filter((finding) => finding.status === 'unknown' || finding.status === 'error')
    .map((finding) => ({
      level: finding.status === 'error' ? 'error' : 'warning',
      message: { text: `${finding.status === 'error' ? 'Rule failed' : 'Could not decide'}: ${messageText(finding)}` },
      locations: locationsOf(finding),
      associatedRule: { id: finding.ruleId, index: indexOf(finding.ruleId) },
      properties: {
        resource: finding.resource,
        status: finding.status,
        fingerprint: finding.fingerprint,
        trace: finding.trace,
        ...(finding.unreadable !== undefined ? { unreadable: finding.unreadable } : {}),
      },
    }));

  const collectionNotifications = report.collectionErrors.map((error) => ({
    level: 'error',
    message: { text: collectionErrorText(error) },
    properties: { collectionError: error },
  }));

  const notScanned = report.scope.filter((entry) => entry.notScanned !== undefined);
  // "Successful" means ajar ran everything it set out to: a rule that threw, a scope that could
  // not be listed or a provider that was skipped all leave the results knowingly incomplete.
  const executionSuccessful =
    !report.findings.some((finding) => finding.status === 'error') &&
    report.collectionErrors.length === 0 &&
    notScanned.length === 0;

  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ajar',
            version: report.tool.version,
            ...(isSemver(report.tool.version) ? { semanticVersion: report.tool.version } : {}),
            informationUri: AJAR_INFORMATION_URI,
            rules: rules.map(sarifRule),
          },
        },
        invocations: [
          {
            executionSuccessful,
            startTimeUtc: report.timing.startedAt,
            endTimeUtc: report.timing.finishedAt,
            toolExecutionNotifications: [...findingNotifications, ...collectionNotifications],
          },
        ],
        results,
        properties: {
          coverage: report.coverage,
          summary: report.summary,
          scope: report.scope,
        },
      },
    ],
  };
  return `${terminalSafeJson(log, 2)}\n`;
}

/** SARIF's semanticVersion must be Semantic Versioning 2.0.0; a build label like "dev" is not. */
const isSemver = (version: string): boolean =>
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(version);

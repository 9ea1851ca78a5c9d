/**
 * OCSF 1.5.0 Detection Finding events (class_uid 2004, category Findings) for SIEMs and security
 * lakes (Amazon Security Lake, Splunk, Sentinel...). The document is a JSON array of events, one per
 * finding that needs attention (fail, unknown, error) plus one "Close" event per finding resolved
 * since the previous scan; passing checks are left out, as a SIEM has nothing to do with them.
 * Validated by py-ocsf-models (PyPI, the models Prowler emits) in test/unit/report/ocsf.test.ts.
 *
 * Mapping, and why:
 * - activity_id: 1 Create for a new finding (or when nothing was compared), 2 Update for one that
 *   already failed before, 3 Close for a resolved one; type_uid = 2004 × 100 + activity_id.
 * - status_id: 1 New, 3 Suppressed when a suppression entry matched, 4 Resolved; status_code
 *   carries ajar's own status (FAIL, UNKNOWN, ERROR, RESOLVED) so an "unknown" is never read as a
 *   detection of exposure without saying so.
 * - finding_info.uid is the fingerprint (stable across scans), so a SIEM can correlate the Create,
 *   Update and Close events of one exposure; first_seen_time comes from the state store/baseline.
 * - ajar-specific detail (reason trace, unreadable facets, suppression) goes to `unmapped`.
 */
import type { Finding, ResolvedFinding, Severity } from '../engine/finding.ts';
import type { ResourceRef } from '../inventory/common.ts';
import type { Report } from './model.ts';
import { compareFindings } from './table.ts';
import { displayName, isWebLink, remediationText, reportTime, ruleLookup, SEVERITY_CAPTION, type RuleSummary } from './present.ts';
import { terminalSafeJson } from '../util/terminal-safe-json.ts';

export const OCSF_VERSION = '1.5.0';
const CLASS_UID = 2004;

const SEVERITY_ID: Record<Severity, number> = { critical: 5, high: 4, medium: 3, low: 2, info: 1 };
const SEVERITY_NAME: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Informational' };
const ACTIVITY_NAME: Record<number, string> = { 1: 'Create', 2: 'Update', 3: 'Close' };

const PROVIDER_NAME: Record<ResourceRef['provider'], string> = { aws: 'AWS', azure: 'Azure', gcp: 'GCP' };
/** OCSF account type ids: 10 AWS Account; Azure subscriptions and GCP projects have none, so 99 Other. */
const ACCOUNT_TYPE: Record<ResourceRef['provider'], { type_id: number; type: string }> = {
  aws: { type_id: 10, type: 'AWS Account' },
  azure: { type_id: 99, type: 'Azure Subscription' },
  gcp: { type_id: 99, type: 'GCP Project' },
};

const millis = (iso: string | undefined): number | undefined => {
  if (iso === undefined) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
};

/** JSON drops undefined members; this keeps the literal below readable. */
const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

const cloudOf = (resource: ResourceRef) =>
  defined({
    provider: PROVIDER_NAME[resource.provider],
    region: resource.region !== '' ? resource.region : undefined,
    account: resource.account !== '' ? { uid: resource.account, name: resource.account, ...ACCOUNT_TYPE[resource.provider] } : undefined,
  });

const resourceOf = (resource: ResourceRef) =>
  defined({
    uid: resource.id,
    name: displayName(resource),
    type: resource.type,
    region: resource.region !== '' ? resource.region : undefined,
    cloud_partition: resource.provider === 'aws' ? partitionOf(resource.id) : undefined,
  });

/** `arn:aws-us-gov:s3:::x` → `aws-us-gov`. */
const partitionOf = (arn: string): string | undefined => /^arn:([^:]+):/.exec(arn)?.[1];

const remediationOf = (rule: RuleSummary) => {
  const desc = remediationText(rule);
  if (desc === '') return undefined;
  const references = rule.references.filter(isWebLink);
  return defined({ desc, references: references.length > 0 ? references : undefined });
};

interface EventInput {
  activityId: 1 | 2 | 3;
  statusId: 1 | 3 | 4;
  statusCode: string;
  severity: Severity;
  rule: RuleSummary;
  resource: ResourceRef;
  fingerprint: string;
  message: string;
  firstSeen?: string;
  unmapped: Record<string, unknown>;
}

const event = (report: Report, input: EventInput) => {
  const time = millis(reportTime(report)) ?? 0;
  const firstSeen = millis(input.firstSeen);
  const references = input.rule.references.filter(isWebLink);
  return defined({
    activity_id: input.activityId,
    activity_name: ACTIVITY_NAME[input.activityId],
    category_uid: 2,
    category_name: 'Findings',
    class_uid: CLASS_UID,
    class_name: 'Detection Finding',
    type_uid: CLASS_UID * 100 + input.activityId,
    type_name: `Detection Finding: ${ACTIVITY_NAME[input.activityId]}`,
    time,
    time_dt: new Date(time).toISOString(),
    severity_id: SEVERITY_ID[input.severity],
    severity: SEVERITY_NAME[input.severity],
    status_id: input.statusId,
    status: input.statusId === 3 ? 'Suppressed' : input.statusId === 4 ? 'Resolved' : 'New',
    status_code: input.statusCode,
    status_detail: input.message,
    message: input.message,
    metadata: {
      version: OCSF_VERSION,
      product: { name: 'ajar', vendor_name: 'ajar', version: report.tool.version, uid: 'ajar' },
      profiles: ['cloud'],
      event_code: input.rule.id,
      uid: `${input.fingerprint}-${time}`,
    },
    finding_info: defined({
      uid: input.fingerprint,
      title: input.rule.title,
      desc: input.rule.description !== '' ? input.rule.description : undefined,
      types: [input.rule.resourceType],
      analytic: { uid: input.rule.id, name: input.rule.id, type_id: 1, type: 'Rule' },
      first_seen_time: firstSeen,
      first_seen_time_dt: firstSeen !== undefined ? new Date(firstSeen).toISOString() : undefined,
      last_seen_time: input.activityId === 3 ? undefined : time,
      last_seen_time_dt: input.activityId === 3 ? undefined : new Date(time).toISOString(),
      src_url: references[0],
    }),
    cloud: cloudOf(input.resource),
    resources: [resourceOf(input.resource)],
    remediation: remediationOf(input.rule),
    risk_details: input.rule.risk !== '' ? input.rule.risk : undefined,
    unmapped: { ajar: { rule_id: input.rule.id, severity: SEVERITY_CAPTION[input.severity], ...input.unmapped } },
  });
};

const findingEvent = (report: Report, finding: Finding, rule: RuleSummary) =>
  event(report, {
    activityId: finding.lifecycle?.state === 'existing' ? 2 : 1,
    statusId: finding.suppression !== undefined ? 3 : 1,
    statusCode: finding.status.toUpperCase(),
    severity: finding.severity,
    rule,
    resource: finding.resource,
    fingerprint: finding.fingerprint,
    message: finding.message,
    firstSeen: finding.lifecycle?.firstSeen,
    unmapped: defined({
      status: finding.status,
      trace: finding.trace,
      unreadable: finding.unreadable,
      lifecycle: finding.lifecycle,
      suppression: finding.suppression,
    }),
  });

const resolvedEvent = (report: Report, entry: ResolvedFinding, rule: RuleSummary) =>
  event(report, {
    activityId: 3,
    statusId: 4,
    statusCode: 'RESOLVED',
    severity: entry.severity,
    rule,
    resource: entry.resource,
    fingerprint: entry.fingerprint,
    message: `${displayName(entry.resource)}: resolved since the previous scan (${rule.id}).`,
    firstSeen: entry.firstSeen,
    unmapped: defined({ status: 'resolved', resolved_at: entry.resolvedAt }),
  });

/** The OCSF events as a pretty-printed JSON array (`jq -c '.[]'` turns it into NDJSON). */
export function renderOcsf(report: Report): string {
  const rule = ruleLookup(report);
  const events = [
    ...[...report.findings]
      .filter((finding) => finding.status !== 'pass')
      .sort(compareFindings)
      .map((finding) => findingEvent(report, finding, rule(finding))),
    ...(report.comparison?.resolved ?? []).map((entry) => resolvedEvent(report, entry, rule(entry))),
  ];
  return `${terminalSafeJson(events, 2)}\n`;
}

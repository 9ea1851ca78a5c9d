/**
 * What the document reporters (JUnit, CSV, Markdown, OCSF, HTML) say the same way: the rule behind
 * a finding, one line per trace step, how long a finding has been open, and the resolved findings
 * a report lists. Kept in one place so that every format tells the same story about a finding.
 */
import type { AccessWitness, Finding, ResolvedFinding, Severity, TraceStep } from '../engine/finding.ts';
import type { CollectionError, ResourceRef } from '../inventory/common.ts';
import { exposureAge } from './age.ts';
import type { Report } from './model.ts';

export type RuleSummary = Report['rules'][number];

/**
 * The rule summary for each finding. A finding whose rule is missing from `report.rules` (a
 * hand-edited or truncated report) still gets one built from what the finding itself says.
 */
export function ruleLookup(report: Report): (finding: Pick<Finding, 'ruleId' | 'severity' | 'resource'> & { title?: string }) => RuleSummary {
  const rules = new Map(report.rules.map((rule) => [rule.id, rule]));
  return (finding) =>
    rules.get(finding.ruleId) ?? {
      id: finding.ruleId,
      title: finding.title ?? finding.ruleId,
      severity: finding.severity,
      description: '',
      risk: '',
      remediation: { text: '' },
      references: [],
      resourceType: finding.resource.type,
    };
}

/** The rule's fix as plain text: what to do, then the command on its own line; '' when the rule gives none. */
export const remediationText = (rule: RuleSummary): string =>
  [rule.remediation.text, rule.remediation.cli].filter((part) => part !== undefined && part !== '').join('\n');

/** "bucket-policy PublicRead grants: Allow s3:GetObject to Principal "*"". */
export const traceText = (step: TraceStep): string =>
  `${step.layer}${step.ref !== undefined && step.ref !== '' ? ` ${step.ref}` : ''} ${step.effect}: ${step.detail}`;

/** How the witness request reaches the resource, in the words of the request paths an outsider controls. */
export const WITNESS_PATH_WORDS: Record<AccessWitness['path'], string> = {
  anonymous: 'unsigned, from the internet',
  signed: 'signed by another AWS account, from the internet',
  'vpc-endpoint': "through the caller's own VPC endpoint",
  'web-identity': 'as a federated web identity',
  'aws-service': "by an AWS service acting for another account's resource",
};

/** "anonymous", "account 210987654321 (arn:aws:iam::…)", "federated cognito-identity.amazonaws.com", "service …". */
export function witnessCaller(principal: AccessWitness['principal']): string {
  switch (principal.type) {
    case 'anonymous':
      return 'anonymous';
    case 'aws':
      return `account ${principal.account} (${principal.arn})`;
    case 'federated':
      return `federated identity of ${principal.provider}`;
    case 'service': {
      const onBehalf = [principal.sourceAccount && `source account ${principal.sourceAccount}`, principal.sourceArn && `source ARN ${principal.sourceArn}`].filter(Boolean);
      return `service ${principal.service}${onBehalf.length > 0 ? ` (${onBehalf.join(', ')})` : ''}`;
    }
  }
}

/** The name a person knows the resource by; the id when the cloud gave no name. */
export const displayName = (resource: ResourceRef): string => (resource.name.length > 0 ? resource.name : resource.id);

/** `123456789012/eu-west-1`; empty parts are left out. */
export const whereOf = (resource: ResourceRef): string =>
  [resource.account, resource.region].filter((part) => part.length > 0).join('/');

/** `dashcam-images (123456789012/ap-northeast-1)`. */
export const resourceLabel = (resource: ResourceRef): string => {
  const where = whereOf(resource);
  return where.length > 0 ? `${displayName(resource)} (${where})` : displayName(resource);
};

/** `aws 123456789012 eu-west-1`: where a collection error happened; parts it lacks are left out. */
export const collectionErrorScope = (error: CollectionError): string =>
  [error.provider, error.account, error.region].filter((part) => part !== undefined && part !== '').join(' ');

/**
 * What a report says first when its scan saw no resource at all: that nothing was scanned, and
 * why, one reason per failed listing. Leading with "No findings." there would read as a clean
 * account when in fact every listing was refused (DESIGN §5). Undefined once any resource was seen.
 */
export function nothingScanned(report: Report): { headline: string; reasons: string[] } | undefined {
  if (report.coverage.resources > 0) return undefined;
  const reasons = report.collectionErrors.map((e) => `${collectionErrorScope(e)} ${e.operation}: ${e.code}: ${e.message}`);
  const headline =
    reasons.length > 0
      ? `Nothing was scanned: ${reasons.length === 1 ? 'a listing' : `${reasons.length} listings`} could not be read.`
      : 'Nothing was scanned: no resource of the selected rules\' types was found.';
  return { headline, reasons };
}

/** The instant "now" is for a report: when its scan finished, so a re-render says the same thing. */
export const reportTime = (report: Report): string => report.timing.finishedAt;

/**
 * "3 years 2 months" between first seen and the scan, or undefined when there is no first-seen
 * time or it is not a time (a hand-edited report must still render).
 */
export function openFor(firstSeen: string | undefined, now: string): string | undefined {
  if (firstSeen === undefined || firstSeen === '') return undefined;
  try {
    return exposureAge(firstSeen, now);
  } catch {
    return undefined;
  }
}

/** Resolved findings that have no finding of their own in the report (the usual case when passes are not kept). */
export const resolvedWithoutFinding = (report: Report): ResolvedFinding[] => {
  const resolved = report.comparison?.resolved ?? [];
  if (resolved.length === 0) return [];
  const present = new Set(report.findings.map((finding) => finding.fingerprint));
  return resolved.filter((entry) => !present.has(entry.fingerprint));
};

/** Resolved entries by fingerprint, to mark a passing finding that used to fail. */
export const resolvedByFingerprint = (report: Report): ReadonlyMap<string, ResolvedFinding> =>
  new Map((report.comparison?.resolved ?? []).map((entry) => [entry.fingerprint, entry]));

/** new / existing / resolved, or '' when the report was not compared against anything. */
export type LifecycleLabel = 'new' | 'existing' | 'resolved' | '';

export const lifecycleOf = (finding: Finding, resolved: ReadonlyMap<string, ResolvedFinding>): LifecycleLabel =>
  finding.lifecycle?.state ?? (resolved.has(finding.fingerprint) ? 'resolved' : '');

/** Failing and not suppressed: what fails the gate and what someone has to fix. */
export const isOpenFailure = (finding: Finding): boolean => finding.status === 'fail' && finding.suppression === undefined;

/** Failing, but accepted in a suppressions file: listed apart, never counted among the failures. */
export const isSuppressedFailure = (finding: Finding): boolean => finding.status === 'fail' && finding.suppression !== undefined;

/** "suppressed until 2026-06-30 by team-data: public website assets". */
export const suppressionText = (suppression: NonNullable<Finding['suppression']>): string =>
  `suppressed until ${suppression.expires} by ${suppression.owner}: ${suppression.reason}`;

export const SEVERITY_CAPTION: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

/** Only links a reader can follow safely: https (and http) references, nothing like `javascript:`. */
export const isWebLink = (url: string): boolean => /^https?:\/\/[^\s<>"'`]+$/i.test(url);

/**
 * What a scan is compared against: the state store's record of earlier scans, or a baseline
 * report. Both answer the same questions, so the scan annotates findings (new / existing, first
 * seen) and lists resolved ones the same way whichever source the user chose.
 */
import type { Finding, ResolvedFinding } from './finding.ts';

export interface PriorFinding {
  fingerprint: string;
  ruleId: string;
  severity: Finding['severity'];
  resource: Finding['resource'];
  /** ISO time it was first seen failing, when the source knows. */
  firstSeen?: string;
}

export interface PriorFindings {
  /** `state:<store>` or `baseline:<file>`, shown in reports. */
  against: string;
  /** When the previous scan of this scope ran, if there was one. */
  previousScanAt?: string;
  /** Findings failing at the previous scan (or in the baseline), by fingerprint. */
  failing: ReadonlyMap<string, PriorFinding>;
}

/** Marks a failing finding new or existing against the prior findings; other statuses are left alone. */
export function annotateFinding(finding: Finding, prior: PriorFindings): Finding {
  if (finding.status !== 'fail') return finding;
  const before = prior.failing.get(finding.fingerprint);
  finding.lifecycle = before ? { state: 'existing', firstSeen: before.firstSeen } : { state: 'new' };
  return finding;
}

/**
 * Prior failing findings this scan saw pass. Only a finding whose resource was evaluated again by
 * the same rule and now passes counts as resolved: a scan that could not read it (unknown, error)
 * or did not cover it says nothing about it.
 */
export function resolvedFindings(prior: PriorFindings, passedNow: ReadonlySet<string>, at: string): ResolvedFinding[] {
  const resolved: ResolvedFinding[] = [];
  for (const [fingerprint, before] of prior.failing) {
    if (!passedNow.has(fingerprint)) continue;
    resolved.push({ fingerprint, ruleId: before.ruleId, severity: before.severity, resource: before.resource, firstSeen: before.firstSeen, resolvedAt: at });
  }
  return resolved;
}

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

/**
 * Marks a failing finding new or existing against the prior findings; other statuses are left
 * alone. `seenAt` (the scan's time) becomes the first-seen time of a new finding. When a state
 * store and a baseline are both given, the baseline is `prior` (it decides new / existing for the
 * gate) and the store is `history`, which supplies first seen whenever it knows the finding.
 */
export function annotateFinding(finding: Finding, prior: PriorFindings, seenAt?: string, history?: PriorFindings): Finding {
  if (finding.status !== 'fail') return finding;
  const before = prior.failing.get(finding.fingerprint);
  const known = history?.failing.get(finding.fingerprint)?.firstSeen;
  finding.lifecycle = before
    ? { state: 'existing', firstSeen: known ?? before.firstSeen }
    : { state: 'new', firstSeen: known ?? seenAt };
  if (finding.lifecycle.firstSeen === undefined) delete finding.lifecycle.firstSeen;
  return finding;
}

/** The scope a resource belongs to: its provider and account (subscription, project). */
export const scopeKeyOf = (resource: { provider: string; account?: string }): string => `${resource.provider}:${resource.account ?? '?'}`;

/**
 * What a scan covered, for deciding that a finding whose resource is gone is resolved: only in a
 * scope the scan read completely (listing succeeded, no collection error, nothing unknown), for a
 * rule it ran, in a region it covered.
 */
export interface ScanCoverage {
  completeScopes: ReadonlySet<string>;
  ruleIds: ReadonlySet<string>;
  /** Ids of every resource the scan evaluated, whatever the verdict. */
  resourcesSeen: ReadonlySet<string>;
  /** Per scope, the only regions scanned, when the scan was limited to some. */
  regionsByScope?: ReadonlyMap<string, readonly string[]>;
}

/** Why a prior failing finding no longer fails. */
export type ResolutionReason = 'passes' | 'resource-gone';

/** A prior finding that a complete scan of its scope no longer found at all. */
export function resourceGone(before: PriorFinding, coverage: ScanCoverage): boolean {
  const scope = scopeKeyOf(before.resource);
  if (!coverage.completeScopes.has(scope) || !coverage.ruleIds.has(before.ruleId)) return false;
  if (coverage.resourcesSeen.has(before.resource.id)) return false;
  const regions = coverage.regionsByScope?.get(scope);
  return regions === undefined || regions.includes(before.resource.region);
}

/**
 * Prior failing findings this scan saw pass. Only a finding whose resource was evaluated again by
 * the same rule and now passes counts as resolved: a scan that could not read it (unknown, error)
 * or did not cover it says nothing about it. With `coverage`, a finding whose resource a complete
 * scan of its scope no longer found is resolved too (the bucket was deleted).
 */
export function resolvedFindings(prior: PriorFindings, passedNow: ReadonlySet<string>, at: string, coverage?: ScanCoverage): (ResolvedFinding & { reason: ResolutionReason })[] {
  const resolved: (ResolvedFinding & { reason: ResolutionReason })[] = [];
  for (const [fingerprint, before] of prior.failing) {
    const reason: ResolutionReason | undefined = passedNow.has(fingerprint) ? 'passes' : coverage && resourceGone(before, coverage) ? 'resource-gone' : undefined;
    if (reason === undefined) continue;
    resolved.push({ fingerprint, ruleId: before.ruleId, severity: before.severity, resource: before.resource, firstSeen: before.firstSeen, resolvedAt: at, reason });
  }
  return resolved;
}

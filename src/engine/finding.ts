import { createHash } from 'node:crypto';
import type { ResourceRef } from '../inventory/common.ts';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const severityRank = (severity: Severity): number => SEVERITIES.length - SEVERITIES.indexOf(severity);

export const isSeverity = (value: string): value is Severity => (SEVERITIES as readonly string[]).includes(value);

export type FindingStatus = 'pass' | 'fail' | 'unknown' | 'error';

/** One step of the reason a verdict was reached: which access layer said what. */
export interface TraceStep {
  layer: string;
  /** The policy statement Sid or ACL grant the step is about, when there is one. */
  ref?: string;
  effect: 'grants' | 'blocks' | 'neutralises' | 'restricts' | 'note';
  detail: string;
}

/**
 * One concrete request that every access layer allows: the evidence behind a "public" verdict,
 * and what a user pastes into a ticket to reproduce it.
 */
export interface AccessWitness {
  path: 'anonymous' | 'signed' | 'vpc-endpoint' | 'web-identity' | 'aws-service';
  principal:
    | { type: 'anonymous' }
    | { type: 'aws'; account: string; arn: string }
    | { type: 'federated'; provider: string }
    | { type: 'service'; service: string; sourceAccount?: string; sourceArn?: string };
  action: string; // e.g. "s3:GetObject"
  resource: string; // "arn:aws:s3:::bucket" or "arn:aws:s3:::bucket/key"
  /** the request's condition context: key (AWS casing) -> value(s); keys absent from the request are absent here */
  context: Record<string, string | string[]>;
}

export interface Finding {
  ruleId: string;
  title: string;
  severity: Severity;
  status: FindingStatus;
  resource: ResourceRef;
  message: string;
  trace: TraceStep[];
  /** For a failing exposure finding: one request the layers allow (absent when none was built). */
  witness?: AccessWitness;
  /** For `unknown`: what could not be read. */
  unreadable?: { facet: string; operation: string; code: string; message: string }[];
  /** Stable across runs: rule id, provider, account and resource id. */
  fingerprint: string;
  /**
   * Against the history (state store) or the baseline, when one was given: whether this failing
   * finding is new, and since when it has been failing. Absent when there is nothing to compare.
   */
  lifecycle?: FindingLifecycle;
  /** Set when a suppression entry matched: the finding stays in reports but does not fail the gate. */
  suppression?: SuppressionRef;
}

export interface FindingLifecycle {
  state: 'new' | 'existing';
  /** ISO time the finding was first seen failing (from the state store or the baseline's scan time). */
  firstSeen?: string;
}

export interface SuppressionRef {
  reason: string;
  owner: string;
  /** ISO date (YYYY-MM-DD) after which the entry stops suppressing. */
  expires: string;
  /** Where the entry lives: `<file>: $.suppressions[3]`. */
  source: string;
}

/** A finding that failed in the previous scan of the same scope (or in the baseline) and no longer does. */
export interface ResolvedFinding {
  fingerprint: string;
  ruleId: string;
  severity: Severity;
  resource: ResourceRef;
  firstSeen?: string;
  /** ISO time this scan found it fixed. */
  resolvedAt: string;
}

export const fingerprintOf = (ruleId: string, resource: ResourceRef): string =>
  createHash('sha256')
    .update([ruleId, resource.provider, resource.account, resource.id].join('\u0000'))
    .digest('hex')
    .slice(0, 32);

import type { CollectionError, Provider } from '../inventory/common.ts';
import type { RuleMeta } from '../engine/define-rule.ts';
import type { Finding, FindingStatus, ResolvedFinding, Severity } from '../engine/finding.ts';

/** What was read: resources seen, and facets read out of those requested. */
export interface Coverage {
  resources: number;
  facetsRequested: number;
  facetsRead: number;
  /** facetsRead / facetsRequested, 1 when nothing was requested. */
  ratio: number;
}

export interface ScopeEntry {
  provider: Provider;
  account?: string;
  regions?: string[];
  endpoint?: string;
  /** Set when the provider could not be scanned at all. */
  notScanned?: string;
}

/** The whole report, as the JSON format writes it and `ajar report` reads it back. */
export interface Report {
  tool: { name: 'ajar'; version: string };
  scope: ScopeEntry[];
  timing: { startedAt: string; finishedAt: string; durationMs: number };
  rules: Pick<RuleMeta, 'id' | 'title' | 'severity' | 'description' | 'risk' | 'remediation' | 'references' | 'resourceType'>[];
  findings: Finding[];
  collectionErrors: CollectionError[];
  coverage: Coverage;
  summary: {
    byStatus: Record<FindingStatus, number>;
    failingBySeverity: Record<Severity, number>;
  };
  stats: { apiCalls: number; apiCallsByOperation: Record<string, number> };
  /** Present when a state store or baseline was compared against (issue: continuous monitoring). */
  comparison?: {
    /** `state:<store>` or `baseline:<file>`. */
    against: string;
    /** When the previous scan of this scope ran, if there was one. */
    previousScanAt?: string;
    resolved: ResolvedFinding[];
  };
  /** Suppression entries that matched nothing (stale) or have expired; both are reported, never silent. */
  suppressions?: {
    stale: { ruleId: string; resource: string; source: string }[];
    expired: { ruleId: string; resource: string; expires: string; source: string }[];
  };
}

export type ReportFormat = 'table' | 'json' | 'ndjson' | 'sarif' | 'junit' | 'csv' | 'markdown' | 'ocsf' | 'html';

export const REPORT_FORMATS: readonly ReportFormat[] = ['table', 'json', 'ndjson', 'sarif', 'junit', 'csv', 'markdown', 'ocsf', 'html'];

import type { CollectionError, Provider } from '../inventory/common.ts';
import type { RuleMeta } from '../engine/define-rule.ts';
import type { Finding, FindingStatus, ResolvedFinding, Severity } from '../engine/finding.ts';

/**
 * What was read: resources seen, facets read out of those requested, and listings (regions,
 * accounts, subscriptions, projects, bucket or server lists) that could not be read at all.
 */
export interface Coverage {
  resources: number;
  facetsRequested: number;
  facetsRead: number;
  /**
   * Collection errors: each is one unit of data asked for and not read (what it would have listed
   * is unknown, so it counts as one). Absent in reports written before it existed.
   */
  listingsFailed?: number;
  /**
   * facetsRead / (facetsRequested + listingsFailed): below 1 whenever anything asked for was not
   * read. 0, not 1, when nothing at all was requested and read (0/0): a scan that saw nothing has
   * shown nothing to be clean (docs/reports.md, "Coverage").
   */
  ratio: number;
}

export interface ScopeEntry {
  provider: Provider;
  account?: string;
  regions?: string[];
  endpoint?: string;
  /** Set when the provider could not be scanned at all. */
  notScanned?: string;
  /**
   * Listings the scan read as "none here" for a documented reason rather than from an answer
   * that listed nothing (an Azure resource provider the subscription never registered): shown in
   * every summary so that the reader can tell them from a listing that was read.
   */
  notes?: string[];
}

/** HTTP attempts made by the scan (retries included), and how many of them were retries. */
export interface ScanStats {
  apiCalls: number;
  apiCallsByOperation: Record<string, number>;
  /** Attempts after the first, by ajar's retry policy, all providers. Absent in reports written before it existed. */
  retries?: number;
  retriesByProvider?: Partial<Record<Provider, number>>;
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
  stats: ScanStats;
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

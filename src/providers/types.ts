/**
 * What every provider offers the scan: a collector that streams resources for a plan, and the
 * least-privilege permissions that plan needs. `scan`, `collect` and `permissions` only ever talk
 * to providers through this shape, so adding a cloud never touches them.
 */
import type { Logger } from 'pino';
import type { CollectionError, Provider, Resource, ResourceType } from '../inventory/common.ts';
import type { ScopeEntry } from '../report/model.ts';
import type { Rule } from '../engine/define-rule.ts';

export type AnyResource = Resource<ResourceType, Record<string, unknown>>;

/** Facets to collect per resource type, restricted to the provider's own types. */
export type CollectionPlan = ReadonlyMap<ResourceType, ReadonlySet<string>>;

export interface ProviderRun {
  plan: CollectionPlan;
  concurrency: number;
  log: Logger;
  /** Called once per resource as soon as all its planned facets are in. */
  sink: (resource: AnyResource) => void;
  /** A failure that concerns a scope (a subscription, a project, a region) rather than a facet. */
  onError: (error: CollectionError) => void;
  /** Per HTTP request: no answer within this many ms fails the attempt (`--timeout`). */
  timeoutMs?: number;
  /** Aborts when the scan's --max-scan-time passes; every client then fails with `scan-deadline`. */
  signal?: AbortSignal;
}

export interface ProviderOutcome {
  /** One entry per account / subscription / project looked at, with notScanned where it failed. */
  scope: ScopeEntry[];
  /** retries: attempts after the first (the provider's clients count them). */
  stats: { apiCalls: number; apiCallsByOperation: Record<string, number>; retries?: number };
}

/**
 * Thrown by a collector when the provider as a whole cannot be scanned (no credentials, the
 * listing refused, the endpoint unreachable). `network` separates "nothing answered" from
 * "something answered no".
 */
export class ProviderNotScanned extends Error {
  readonly operation: string;
  readonly code: string;
  readonly network: boolean;
  readonly detail: string;
  /** The scope that was identified before the failure, if any (an account id). */
  readonly account?: string;
  constructor(init: { operation: string; code: string; message: string; network: boolean; account?: string }) {
    super(`${init.operation} failed with ${init.code}: ${init.message}`);
    this.operation = init.operation;
    this.code = init.code;
    this.network = init.network;
    this.detail = init.message;
    this.account = init.account;
  }
}

export interface ProviderCollector<Options> {
  id: Provider;
  /** "AWS", "Azure", "Google Cloud": used in messages. */
  label: string;
  /** The endpoint the user pointed this provider at, if any (named in "cannot reach" errors). */
  endpointOf: (options: Options) => string | undefined;
  /**
   * When a failure that stopped the provider is the user's to fix (a named profile that yields no
   * credentials), the one line to show for it; the scan then ends with exit 2.
   */
  usageProblem?: (options: Options, failure: ProviderNotScanned) => string | undefined;
  collect: (options: Options, run: ProviderRun) => Promise<ProviderOutcome>;
  /** The least-privilege, read-only grant the given rules need, in the cloud's own format. */
  permissions: (rules: readonly Rule[]) => PermissionsDocument;
}

export interface PermissionsDocument {
  /** What the document is, e.g. "IAM policy" or "Azure custom role definition". */
  kind: string;
  document: unknown;
}

/**
 * What each Azure service collector (storage, sql, postgresql, mysql, cosmosdb) offers the Azure
 * provider: the resource types it produces, how to collect them in one subscription, and the RBAC
 * actions its facets need. The provider walks subscriptions and calls every service whose types
 * the plan asks for; a service never lists subscriptions itself.
 */
import type pLimit from 'p-limit';
import type { Logger } from 'pino';
import type { CollectionError, ResourceType } from '../../inventory/common.ts';
import type { AnyResource, CollectionPlan } from '../types.ts';
import type { AzureClients } from './clients.ts';

/** The resource group named in an ARM resource id. */
export const resourceGroupOf = (id: string): string | undefined => /\/resourceGroups\/([^/]+)\//i.exec(id)?.[1];

/** The SDK models leave unreported fields undefined; the inventory records them as null. */
export const orNull = <T>(value: T | undefined | null): T | null => value ?? null;

export interface AzureServiceRun {
  clients: AzureClients;
  subscription: string;
  /** The plan restricted to Azure types; `plan.get(type)` is the set of facets to read. */
  plan: CollectionPlan;
  /** Bounds every API call of the run (shared across subscriptions and services). */
  limit: ReturnType<typeof pLimit>;
  log: Logger;
  sink: (resource: AnyResource) => void;
  onError: (error: CollectionError) => void;
  /** Records a "none here" that came from a documented answer, not a listing (ScopeEntry.notes). */
  note: (text: string) => void;
}

/** A service's SDK client for a run (one subscription), made on the run's first call. */
export function clientPerRun<C>(make: (run: AzureServiceRun) => C): (run: AzureServiceRun) => C {
  const clients = new WeakMap<AzureServiceRun, C>();
  return (run) => {
    let client = clients.get(run);
    if (!client) {
      client = make(run);
      clients.set(run, client);
    }
    return client;
  };
}

/** The SDK's pager, reduced to what is used here (every ARM list operation returns one). */
export interface Pager<T> {
  byPage: () => AsyncIterator<T[]>;
}

/** Reads a listing one page at a time under the run's limiter, handing on each item as soon as its page is in. */
export async function forEachListed<T>(run: AzureServiceRun, pager: Pager<T>, each: (item: T) => void): Promise<void> {
  const pages = pager.byPage();
  for (;;) {
    const page = await run.limit(() => pages.next());
    if (page.done) return;
    for (const item of page.value) each(item);
  }
}

/** The listing that lets a service see anything at all in a subscription failed. */
export class ServiceListingFailed extends Error {
  readonly operation: string;
  readonly code: string;
  readonly network: boolean;
  constructor(operation: string, code: string, message: string, network: boolean) {
    super(message);
    this.operation = operation;
    this.code = code;
    this.network = network;
  }
}

export interface AzureRoleActions {
  /** Control-plane RBAC actions (role definition `Actions`). */
  actions: string[];
  /** Data-plane RBAC actions (role definition `DataActions`). */
  dataActions?: string[];
}

export interface AzureServiceCollector {
  id: string;
  resourceTypes: readonly ResourceType[];
  /** Collects one subscription; throws ServiceListingFailed when the service's listing is refused. */
  collect: (run: AzureServiceRun) => Promise<void>;
  /** RBAC actions needed for the facets the plan asks of this service's types. */
  permissions: (plan: CollectionPlan) => AzureRoleActions;
}

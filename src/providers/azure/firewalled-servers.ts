/**
 * What the Azure SQL, PostgreSQL flexible and MySQL flexible collectors share: list the servers
 * of a subscription page by page, take the public-endpoint settings from the listing itself (no
 * extra call), and list each server's firewall rules only when a selected rule needs them. Every
 * page is one call under the run's limiter, so the listing never holds a slot while servers wait.
 */
import type { AzureFirewallRule, AzureFirewalledServer, AzureServerNetwork, AzureSqlServerFacets } from '../../inventory/azure-db.ts';
import { readable, unreadable, type Facet } from '../../inventory/common.ts';
import type { CollectionPlan } from '../types.ts';
import { classifyAzureError } from './errors.ts';
import { forEachListed, resourceGroupOf, ServiceListingFailed, type Pager, type AzureRoleActions, type AzureServiceCollector, type AzureServiceRun } from './service.ts';

/** The fields every server model of the three SDKs has. */
interface ArmServer {
  id?: string;
  name?: string;
  location?: string;
}

interface ArmFirewallRule {
  name?: string;
  startIpAddress?: string;
  endIpAddress?: string;
}

interface ArmIpv6FirewallRule {
  name?: string;
  startIPv6Address?: string;
  endIPv6Address?: string;
}

export interface FirewalledServerService<S extends ArmServer> {
  id: string;
  type: AzureFirewalledServer['ref']['type'];
  /** The ARM resource type, e.g. `Microsoft.Sql/servers`: names operations and RBAC actions. */
  armType: string;
  listServers: (run: AzureServiceRun) => Pager<S>;
  listFirewallRules: (run: AzureServiceRun, resourceGroup: string, server: string) => Pager<ArmFirewallRule>;
  /** SQL only: the server-level IPv6 firewall rules (facet `ipv6FirewallRules`). */
  listIpv6FirewallRules?: (run: AzureServiceRun, resourceGroup: string, server: string) => Pager<ArmIpv6FirewallRule>;
  network: (server: S) => AzureServerNetwork;
}

const operationsOf = (armType: string) => ({
  list: `${armType}:list`,
  firewallRules: `${armType}/firewallRules:list`,
  ipv6FirewallRules: `${armType}/ipv6FirewallRules:list`,
});

const permissionsOf = (armType: string) => ({
  servers: `${armType}/read`,
  firewallRules: `${armType}/firewallRules/read`,
  ipv6FirewallRules: `${armType}/ipv6FirewallRules/read`,
});

/**
 * ARM answers a listing with MissingSubscriptionRegistration when the subscription never
 * registered the resource provider. A provider cannot be unregistered while any of its resources
 * exist ("You can't unregister a resource provider when you still have resource types from that
 * resource provider in your subscription",
 * https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-register-resource-provider),
 * so the exact answer is "none here", not an incomplete scan. It is still said, at info level and
 * in the report's scope notes, because it was not read from a listing.
 */
export const isUnregisteredProvider = (code: string): boolean => code === 'MissingSubscriptionRegistration';

export function noteUnregistered(run: AzureServiceRun, operation: string, what: string): void {
  const namespace = operation.split('/')[0];
  run.log.info({ subscription: run.subscription, operation }, `resource provider ${namespace} not registered: no ${what}`);
  run.note(`${namespace} not registered in the subscription (MissingSubscriptionRegistration on ${operation}): it holds no ${what}`);
}

/** Reads every page of a pager, one limiter slot per page. */
async function readAllPages<T>(run: AzureServiceRun, pager: Pager<T>): Promise<T[]> {
  const items: T[] = [];
  await forEachListed(run, pager, (item) => items.push(item));
  return items;
}

type RuleFacet = 'firewallRules' | 'ipv6FirewallRules';

async function readRules<R>(
  run: AzureServiceRun,
  operation: string,
  id: string,
  list: (resourceGroup: string) => Pager<R>,
  fields: (rule: R) => { name?: string; start?: string; end?: string },
): Promise<Facet<AzureFirewallRule[]>> {
  const resourceGroup = resourceGroupOf(id);
  if (!resourceGroup) return unreadable(operation, 'MalformedResourceId', `cannot find the resource group in ${id}`);
  try {
    const rules = (await readAllPages(run, list(resourceGroup))).map(fields);
    const malformed = rules.find((r) => typeof r.start !== 'string' || typeof r.end !== 'string');
    // A rule without its addresses could be anything; deciding without it could call an open server closed.
    if (malformed) return unreadable(operation, 'MissingField', `firewall rule ${malformed.name ?? '(unnamed)'} has no start or end address`);
    return readable(rules.map((r) => ({ name: r.name ?? '', startIpAddress: r.start!, endIpAddress: r.end! })));
  } catch (error) {
    const failure = classifyAzureError(error);
    return unreadable(operation, failure.code, failure.message);
  }
}

function readFirewallRules<S extends ArmServer>(run: AzureServiceRun, service: FirewalledServerService<S>, facet: RuleFacet, id: string, name: string): Promise<Facet<AzureFirewallRule[]>> {
  const operation = operationsOf(service.armType)[facet];
  if (facet === 'ipv6FirewallRules') {
    const list = service.listIpv6FirewallRules;
    if (!list) return Promise.resolve(unreadable(operation, 'NotSupported', `${service.armType} has no IPv6 firewall rules`));
    return readRules(run, operation, id, (rg) => list(run, rg, name), (r) => ({ name: r.name, start: r.startIPv6Address, end: r.endIPv6Address }));
  }
  return readRules(run, operation, id, (rg) => service.listFirewallRules(run, rg, name), (r) => ({ name: r.name, start: r.startIpAddress, end: r.endIpAddress }));
}

async function collectServer<S extends ArmServer>(run: AzureServiceRun, service: FirewalledServerService<S>, wanted: ReadonlySet<string>, server: S): Promise<void> {
  const name = server.name ?? '';
  const id = server.id ?? '';
  const facets: { [K in keyof AzureSqlServerFacets]?: Facet<AzureSqlServerFacets[K]> } = {};
  if (wanted.has('network')) facets.network = readable(service.network(server));
  const ruleFacets = (['firewallRules', 'ipv6FirewallRules'] as const).filter((f) => wanted.has(f));
  await Promise.all(ruleFacets.map(async (facet) => (facets[facet] = await readFirewallRules(run, service, facet, id, name))));
  run.sink({ ref: { provider: 'azure', account: run.subscription, region: server.location ?? 'global', type: service.type, id, name }, facets });
}

/** Builds the service collector the Azure provider registers. */
export function firewalledServerCollector<S extends ArmServer>(service: FirewalledServerService<S>): AzureServiceCollector {
  const operations = operationsOf(service.armType);
  const permissions = permissionsOf(service.armType);
  return {
    id: service.id,
    resourceTypes: [service.type],
    async collect(run) {
      const wanted = run.plan.get(service.type);
      if (!wanted) return;
      const tasks: Promise<void>[] = [];
      try {
        // Each server starts as soon as its page is in; the limiter bounds the calls.
        await forEachListed(run, service.listServers(run), (server) => tasks.push(collectServer(run, service, wanted, server)));
      } catch (error) {
        await Promise.allSettled(tasks);
        const failure = classifyAzureError(error);
        if (isUnregisteredProvider(failure.code)) {
          noteUnregistered(run, operations.list, `${service.type} resources`);
          return;
        }
        throw new ServiceListingFailed(operations.list, failure.code, failure.message, failure.network);
      }
      await Promise.all(tasks);
    },
    permissions(plan: CollectionPlan): AzureRoleActions {
      const facets = plan.get(service.type);
      if (!facets) return { actions: [] };
      const actions = [permissions.servers];
      if (facets.has('firewallRules')) actions.push(permissions.firewallRules);
      if (facets.has('ipv6FirewallRules')) actions.push(permissions.ipv6FirewallRules);
      return { actions };
    },
  };
}

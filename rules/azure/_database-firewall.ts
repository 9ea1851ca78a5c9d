/**
 * Shared by the Azure database rules (SQL, PostgreSQL, MySQL, Cosmos DB): the exposure is
 * evaluated once per resource and network setting however many rules ask, and each rule picks
 * the part it is about. The verdicts themselves live in src/analysis/azure-firewall.ts.
 */
import {
  describeRange,
  evaluateCosmosExposure,
  evaluateServerExposure,
  type ClassifiedRange,
  type DatabaseExposure,
} from '../../src/analysis/azure-firewall.ts';
import type { NetworkSettings } from '../../src/analysis/network.ts';
import type { Outcome, Ready, RuleTools } from '../../src/engine/define-rule.ts';
import type { AzureFirewalledServer, AzureSqlServer, CosmosDbAccount } from '../../src/inventory/azure-db.ts';

export const SERVER_FACETS = ['network', 'firewallRules'] as const;
/** SQL servers also have IPv6 firewall rules, which admit clients just as IPv4 rules do. */
export const SQL_SERVER_FACETS = ['network', 'firewallRules', 'ipv6FirewallRules'] as const;
export const SERVER_NETWORK_FACETS = ['network'] as const;
export const COSMOS_NETWORK_FACETS = ['network'] as const;

export type ServerReady = Ready<AzureFirewalledServer, typeof SERVER_FACETS>;
type SqlServerReady = Ready<AzureSqlServer, typeof SQL_SERVER_FACETS>;
type ServerNetworkReady = Ready<AzureFirewalledServer, typeof SERVER_NETWORK_FACETS>;
type CosmosReady = Ready<CosmosDbAccount, typeof COSMOS_NETWORK_FACETS>;
type AnyReady = ServerReady | SqlServerReady | CosmosReady;

type Cache = WeakMap<object, { settings: NetworkSettings; exposure: DatabaseExposure }>;
// One cache per evaluation: the SQL rules that read IPv6 rules and the one that does not must not share.
const serverCache: Cache = new WeakMap();
const sqlServerCache: Cache = new WeakMap();
const cosmosCache: Cache = new WeakMap();

function memo(cache: Cache, resource: AnyReady, settings: NetworkSettings, evaluate: () => DatabaseExposure): DatabaseExposure {
  const hit = cache.get(resource.raw);
  if (hit && hit.settings === settings) return hit.exposure;
  const exposure = evaluate();
  cache.set(resource.raw, { settings, exposure });
  return exposure;
}

export const serverExposure = (server: ServerReady, settings: NetworkSettings): DatabaseExposure =>
  memo(serverCache, server, settings, () => evaluateServerExposure(server.facets.network, server.facets.firewallRules, settings));

export const sqlServerExposure = (server: SqlServerReady, settings: NetworkSettings): DatabaseExposure =>
  memo(sqlServerCache, server, settings, () => evaluateServerExposure(server.facets.network, server.facets.firewallRules, settings, server.facets.ipv6FirewallRules));

/** The public endpoint alone (the firewall rules are not read): only `endpoint` and its trace step mean anything. */
export function serverEndpointExposure(server: ServerNetworkReady, settings: NetworkSettings): DatabaseExposure {
  const exposure = evaluateServerExposure(server.facets.network, [], settings);
  return { ...exposure, trace: exposure.trace.slice(0, 1) };
}

export const cosmosExposure = (account: CosmosReady, settings: NetworkSettings): DatabaseExposure =>
  memo(cosmosCache, account, settings, () => evaluateCosmosExposure(account.facets.network, settings));

/** A broad range says how wide against which prefix (the family's own setting). */
const describeWide = (range: ClassifiedRange): string => (range.kind === 'broad' ? `rule ${range.name}: ${range.why}` : describeRange(range));

const summarise = (ranges: ClassifiedRange[]): string =>
  ranges.length === 1 ? describeWide(ranges[0]!) : `${describeWide(ranges[0]!)} (and ${ranges.length - 1} more)`;

/** Fail when anyone on the internet can connect; unknown when that cannot be decided. */
export function internetOutcome(exposure: DatabaseExposure, name: string, tools: RuleTools): Outcome {
  if (exposure.verdict === 'internet') return tools.fail('open', { name, reason: exposure.reason }, exposure.trace);
  if (exposure.verdict === 'undecidable') return tools.unknown(`${name}: cannot decide whether the internet can connect: ${exposure.reason}.`, exposure.trace);
  return tools.pass(`${name} is not open to every internet address: ${exposure.reason}.`, exposure.trace);
}

/** Fail when a range in force admits more public addresses than network.maxPublicPrefix allows. */
export function broadOutcome(exposure: DatabaseExposure, name: string, tools: RuleTools): Outcome {
  const settings = tools.ctx.network;
  const wide = exposure.ranges.filter((r) => r.kind === 'all-internet' || r.kind === 'broad');
  if (exposure.unfiltered) return tools.fail('broad', { name, reason: exposure.reason }, exposure.trace);
  if (wide.length > 0) return tools.fail('broad', { name, reason: summarise(wide) }, exposure.trace);
  if (exposure.verdict === 'undecidable') return tools.unknown(`${name}: cannot decide how wide the admitted ranges are: ${exposure.reason}.`, exposure.trace);
  return tools.pass(`No range in force is wider than a /${settings.maxPublicPrefix} (IPv4) or a /${settings.maxPublicPrefixV6} (IPv6) of public addresses: ${exposure.reason}.`, exposure.trace);
}

/** Fail when Azure's "allow Azure services" switch (0.0.0.0) is in force. */
export function azureServicesOutcome(exposure: DatabaseExposure, name: string, tools: RuleTools): Outcome {
  const azure = exposure.ranges.find((r) => r.kind === 'azure-services');
  if (azure) return tools.fail('azureServices', { name, rule: azure.name }, exposure.trace);
  // Behind a perimeter or with a setting ajar does not know, the firewall's ranges were not read as in force.
  if (exposure.verdict === 'undecidable' && exposure.ranges.length === 0) {
    return tools.unknown(`${name}: cannot tell which rules are in force: ${exposure.reason}.`, exposure.trace);
  }
  const why = exposure.endpoint === 'enabled' ? 'no 0.0.0.0 rule is in force' : exposure.reason;
  return tools.pass(`Access from any Azure address is not switched on: ${why}.`, exposure.trace);
}

/** Fail when the public endpoint is enabled at all, whatever the firewall admits. */
export function publicEndpointOutcome(exposure: DatabaseExposure, name: string, tools: RuleTools): Outcome {
  const step = exposure.trace[0];
  if (exposure.endpoint === 'enabled') {
    if (exposure.verdict === 'undecidable' && exposure.ranges.length === 0 && !exposure.unfiltered) {
      return tools.unknown(`${name}: ${exposure.reason}.`, exposure.trace);
    }
    return tools.fail('enabled', { name, setting: step?.ref ?? 'Enabled' }, exposure.trace);
  }
  if (exposure.endpoint === 'perimeter') return tools.pass(`${name}: public access is governed by a network security perimeter (SecuredByPerimeter).`, exposure.trace);
  return tools.pass(`${name} has no public endpoint: ${exposure.reason}.`, exposure.trace);
}

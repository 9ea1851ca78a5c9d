/**
 * Effective internet exposure of Azure databases, decided from the management-plane settings the
 * way the Azure gateway applies them:
 *
 * - Azure SQL, PostgreSQL and MySQL flexible servers: a public endpoint that is Disabled (or a
 *   flexible server integrated into a VNet, "private access") takes no internet connection and its
 *   firewall rules are not in force. With the endpoint enabled, a client is admitted only when its
 *   address falls in a server-level firewall rule (IPv4, plus IPv6 rules on SQL servers); no rule
 *   means nobody. The rule
 *   0.0.0.0–0.0.0.0 is Azure's switch "Allow Azure services and resources to access this server":
 *   it admits any address inside Azure, other customers' subscriptions included.
 * - Cosmos DB: a Disabled public endpoint takes nothing; an enabled one with neither an IP filter
 *   (ipRules) nor the virtual network filter accepts every network. Otherwise only listed IPs and
 *   subnets get in; the IP rule 0.0.0.0 admits Azure datacenters (the portal's "Accept connections
 *   from within public Azure datacenters").
 * - `SecuredByPerimeter` hands the decision to a network security perimeter whose access rules
 *   ajar does not read: the verdict is then undecidable, never "private".
 *
 * Width is counted in globally reachable addresses (the shared network analysis, network.ts): a
 * rule admitting 10.0.0.0/8 lets nobody in from the internet, because a client's address as the
 * gateway sees it is public. "Broad" means wider than network.maxPublicPrefix (V6 for IPv6).
 */
import type { TraceStep } from '../engine/finding.ts';
import type { AzureFirewallRule, AzureServerNetwork, CosmosNetwork } from '../inventory/azure-db.ts';
import { classifySource, ipRange, parseCidr, publicAddressCount, type IpRange, type NetworkSettings } from './network.ts';

/** Every globally reachable IPv4 address: what 0.0.0.0–255.255.255.255 admits. */
export const ALL_PUBLIC_IPV4 = publicAddressCount(parseCidr('0.0.0.0/0')!);
/** Every globally reachable IPv6 address: what ::–ffff:…:ffff admits. */
export const ALL_PUBLIC_IPV6 = publicAddressCount(parseCidr('::/0')!);

export type RangeKind =
  /** 0.0.0.0–0.0.0.0 (servers) or 0.0.0.0 (Cosmos DB): any address inside Azure. */
  | 'azure-services'
  /** Admits every globally reachable address (0.0.0.0–255.255.255.255, or 1.0.0.0–223.255.255.255). */
  | 'all-internet'
  /** Admits more public addresses than the configured prefix (network.maxPublicPrefix). */
  | 'broad'
  | 'narrow'
  /** Only private, loopback or reserved addresses: nobody on the internet matches. */
  | 'non-public'
  | 'invalid';

export interface ClassifiedRange {
  /** Firewall rule name (servers) or the ipRules entry itself (Cosmos DB). */
  name: string;
  /** The range as the cloud shows it. */
  text: string;
  kind: RangeKind;
  /** The address family the range was read as (the one expected, when it could not be read). */
  version: 4 | 6;
  publicAddresses: bigint;
  /** Why it got its kind (from the shared network analysis). */
  why: string;
}

/** Exactly the address 0.0.0.0, however written ("0.0.0.0", "0.0.0.0/32", start = end = 0.0.0.0). */
const isAzureServicesSwitch = (range: IpRange): boolean => range.version === 4 && range.first === 0n && range.last === 0n;

function classifyRange(name: string, text: string, range: IpRange | undefined, settings: NetworkSettings, expected: 4 | 6 = 4): ClassifiedRange {
  if (!range) return { name, text, kind: 'invalid', version: expected, publicAddresses: 0n, why: `${text} is not an IPv${expected} range ajar can read` };
  const version = range.version;
  if (isAzureServicesSwitch(range)) return { name, text, kind: 'azure-services', version, publicAddresses: 0n, why: `${text} is Azure's "allow Azure services" switch` };
  const publicAddresses = publicAddressCount(range);
  const source = classifySource(range, settings);
  if (publicAddresses === (version === 4 ? ALL_PUBLIC_IPV4 : ALL_PUBLIC_IPV6)) return { name, text, kind: 'all-internet', version, publicAddresses, why: source.reason };
  const kind: RangeKind = source.class === 'any' ? 'all-internet' : source.class === 'broad-public' ? 'broad' : source.class === 'private' ? 'non-public' : 'narrow';
  return { name, text, kind, version, publicAddresses, why: source.reason };
}

/** A server firewall rule of the given family; a rule of the other family is unreadable, not ignored. */
export function classifyFirewallRule(rule: AzureFirewallRule, settings: NetworkSettings, version: 4 | 6 = 4): ClassifiedRange {
  const range = ipRange(rule.startIpAddress, rule.endIpAddress);
  return classifyRange(rule.name, `${rule.startIpAddress}–${rule.endIpAddress}`, range?.version === version ? range : undefined, settings, version);
}

export type Endpoint = 'enabled' | 'disabled' | 'vnet-integrated' | 'perimeter';

export type ExposureVerdict =
  /** Anyone on the internet can reach the endpoint (and try credentials). */
  | 'internet'
  /** A range wider than the configured size is admitted. */
  | 'broad'
  /** Only the "Azure services" switch (plus narrow or no ranges) admits addresses. */
  | 'azure-services'
  /** Only narrow public ranges, or only subnets, are admitted. */
  | 'restricted'
  /** The endpoint is on but no rule admits any public address. */
  | 'closed'
  /** No public endpoint. */
  | 'private'
  /** Depends on something ajar cannot read or parse. */
  | 'undecidable';

export interface DatabaseExposure {
  endpoint: Endpoint;
  /** Every range in force (none when the endpoint takes no public traffic). */
  ranges: ClassifiedRange[];
  /** For Cosmos DB: an enabled endpoint with no IP and no VNet filter accepts every network. */
  unfiltered: boolean;
  verdict: ExposureVerdict;
  /** One line saying why. */
  reason: string;
  trace: TraceStep[];
}

const LAYER_ENDPOINT = 'public network access';

export const describeRange = (range: ClassifiedRange): string => {
  switch (range.kind) {
    case 'azure-services':
      return `rule ${range.name} (${range.text}) admits every address inside Azure, other tenants included`;
    case 'all-internet':
      return `rule ${range.name} (${range.text}) admits every IPv${range.version} address on the internet`;
    case 'invalid':
      return `rule ${range.name} (${range.text}) is not an IPv${range.version} range ajar can read`;
    default:
      return `rule ${range.name} (${range.text}) admits ${range.publicAddresses.toLocaleString('en-US')} public address(es)`;
  }
};

const rangeStep = (layer: string, range: ClassifiedRange): TraceStep => ({
  layer,
  ref: range.name,
  effect: range.kind === 'non-public' ? 'note' : 'grants',
  detail: range.kind === 'broad' || range.kind === 'non-public' || range.kind === 'narrow' ? `${range.name}: ${range.why}` : describeRange(range),
});

/** The verdict for the ranges in force once the endpoint is known to take public traffic. */
function verdictOf(ranges: ClassifiedRange[], subject: string): { verdict: ExposureVerdict; reason: string } {
  const pick = (kind: RangeKind) => ranges.filter((r) => r.kind === kind);
  const first = (kind: RangeKind) => pick(kind)[0];
  const more = (kind: RangeKind) => (pick(kind).length > 1 ? ` (and ${pick(kind).length - 1} more)` : '');
  const all = first('all-internet');
  if (all) return { verdict: 'internet', reason: `${subject}: ${describeRange(all)}${more('all-internet')}` };
  const invalid = first('invalid');
  if (invalid) return { verdict: 'undecidable', reason: `${subject}: ${describeRange(invalid)}` };
  const broad = first('broad');
  if (broad) return { verdict: 'broad', reason: `${subject}: ${describeRange(broad)}${more('broad')}` };
  const azure = first('azure-services');
  if (azure) return { verdict: 'azure-services', reason: `${subject}: ${describeRange(azure)}` };
  const narrow = pick('narrow');
  if (narrow.length > 0) return { verdict: 'restricted', reason: `${subject}: only ${narrow.length} narrow public range(s) admitted` };
  return { verdict: 'closed', reason: `${subject}: no firewall rule admits a public address` };
}

function endpointStep(value: string | null, endpoint: Endpoint): TraceStep {
  const shown = value ?? 'not reported (Azure default: Enabled)';
  if (endpoint === 'enabled') return { layer: LAYER_ENDPOINT, ref: shown, effect: 'note', detail: 'the public endpoint accepts connections that the firewall admits' };
  if (endpoint === 'perimeter') return { layer: LAYER_ENDPOINT, ref: shown, effect: 'restricts', detail: 'a network security perimeter decides; ajar does not read its access rules' };
  return { layer: LAYER_ENDPOINT, ref: shown, effect: 'blocks', detail: 'no connection from the internet; firewall rules are not in force' };
}

/** Reads publicNetworkAccess the way Azure applies it; anything unrecognised is not assumed closed. */
function endpointOf(publicNetworkAccess: string | null): Endpoint | undefined {
  const value = (publicNetworkAccess ?? 'Enabled').toLowerCase();
  if (value === 'enabled') return 'enabled';
  if (value === 'disabled') return 'disabled';
  if (value === 'securedbyperimeter') return 'perimeter';
  return undefined;
}

const undecidable = (endpoint: Endpoint, reason: string, trace: TraceStep[]): DatabaseExposure => ({ endpoint, ranges: [], unfiltered: false, verdict: 'undecidable', reason, trace });

/**
 * The exposure when publicNetworkAccess alone decides it (unrecognised, Disabled, perimeter);
 * otherwise the trace of an enabled endpoint, for the firewall to extend.
 */
function publicEndpoint(publicNetworkAccess: string | null): { decided: DatabaseExposure } | { decided?: undefined; trace: TraceStep[] } {
  const endpoint = endpointOf(publicNetworkAccess);
  if (endpoint === undefined) {
    const trace: TraceStep[] = [{ layer: LAYER_ENDPOINT, ref: String(publicNetworkAccess), effect: 'note', detail: 'value not recognised' }];
    return { decided: undecidable('enabled', `publicNetworkAccess is ${publicNetworkAccess}, a value ajar does not know`, trace) };
  }
  const trace = [endpointStep(publicNetworkAccess, endpoint)];
  if (endpoint === 'disabled') return { decided: { endpoint, ranges: [], unfiltered: false, verdict: 'private', reason: 'public network access is Disabled', trace } };
  if (endpoint === 'perimeter') return { decided: undecidable(endpoint, 'public access is secured by a network security perimeter whose access rules ajar does not read', trace) };
  return { trace };
}

/**
 * SQL logical servers and PostgreSQL / MySQL flexible servers. `ipv6FirewallRules` is given for
 * SQL servers only (the flexible servers have no IPv6 firewall); its ranges add up with IPv4's.
 */
export function evaluateServerExposure(
  network: AzureServerNetwork,
  firewallRules: readonly AzureFirewallRule[],
  settings: NetworkSettings,
  ipv6FirewallRules: readonly AzureFirewallRule[] = [],
): DatabaseExposure {
  if (network.delegatedSubnetResourceId) {
    const trace: TraceStep[] = [{ layer: 'virtual network', ref: network.delegatedSubnetResourceId, effect: 'blocks', detail: 'private access (VNet integration): the server has no public endpoint' }];
    return { endpoint: 'vnet-integrated', ranges: [], unfiltered: false, verdict: 'private', reason: 'the server is integrated into a virtual network and has no public endpoint', trace };
  }
  const open = publicEndpoint(network.publicNetworkAccess);
  if (open.decided) return open.decided;
  const { trace } = open;
  const endpoint = 'enabled';
  const ipv4 = firewallRules.map((rule) => classifyFirewallRule(rule, settings, 4));
  const ipv6 = ipv6FirewallRules.map((rule) => classifyFirewallRule(rule, settings, 6));
  const ranges = [...ipv4, ...ipv6];
  for (const range of ipv4) trace.push(rangeStep('firewall rule', range));
  for (const range of ipv6) trace.push(rangeStep('IPv6 firewall rule', range));
  if (ranges.length === 0) trace.push({ layer: 'firewall rule', effect: 'blocks', detail: 'no server-level firewall rule: every address is refused' });
  return { endpoint, ranges, unfiltered: false, ...verdictOf(ranges, `public network access is enabled and the firewall has ${ranges.length} rule(s)`), trace };
}

/** Cosmos DB accounts: public network access, the IP filter and the virtual network filter. */
export function evaluateCosmosExposure(network: CosmosNetwork, settings: NetworkSettings): DatabaseExposure {
  const open = publicEndpoint(network.publicNetworkAccess);
  if (open.decided) return open.decided;
  const { trace } = open;
  const endpoint = 'enabled';
  if (network.ipRules.length === 0 && !network.isVirtualNetworkFilterEnabled) {
    trace.push({ layer: 'IP firewall', effect: 'grants', detail: 'no IP rule and the virtual network filter is off: every network is accepted' });
    return { endpoint, ranges: [], unfiltered: true, verdict: 'internet', reason: 'public network access is enabled with no IP or virtual network filter: all networks are accepted', trace };
  }
  if (network.isVirtualNetworkFilterEnabled) {
    trace.push({ layer: 'virtual network filter', effect: 'restricts', detail: `${network.virtualNetworkRules.length} subnet(s) admitted through service endpoints` });
  }
  const ranges = network.ipRules.map((text) => {
    const range = parseCidr(text);
    return classifyRange(text, text, range?.version === 4 ? range : undefined, settings);
  });
  for (const range of ranges) trace.push(rangeStep('IP firewall', range));
  const subject = `public network access is enabled and the IP filter has ${ranges.length} entr${ranges.length === 1 ? 'y' : 'ies'}`;
  const decided = verdictOf(ranges, subject);
  // Subnets admitted by the VNet filter are not internet addresses: with no public range the account is restricted, not closed.
  if (decided.verdict === 'closed' && network.isVirtualNetworkFilterEnabled && network.virtualNetworkRules.length > 0) {
    return { endpoint, ranges, unfiltered: false, verdict: 'restricted', reason: `only ${network.virtualNetworkRules.length} virtual network subnet(s) are admitted`, trace };
  }
  return { endpoint, ranges, unfiltered: false, ...decided, trace };
}

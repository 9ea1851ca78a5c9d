/**
 * Network reachability, pure: IP addresses and ranges (IPv4 and IPv6, CIDR or start-end), which
 * addresses are public, when a range counts as "the internet", port ranges, and which security
 * group ingress rule lets the internet reach a port. AWS security groups use the whole module;
 * Azure start-end firewall rules and GCP authorized networks use the range helpers.
 *
 * Addresses are bigints so that IPv4 and IPv6 share one arithmetic.
 */

export type IpVersion = 4 | 6;

/** An inclusive block of addresses of one family. */
export interface IpRange {
  version: IpVersion;
  first: bigint;
  last: bigint;
  /** As the source wrote it, for messages. */
  text: string;
}

/** How wide a public range may be before it counts as open to the internet. */
export interface NetworkSettings {
  /** IPv4: a public range with more addresses than one /N counts as the internet (default 16). */
  maxPublicPrefix: number;
  /** IPv6: the same for IPv6 ranges (default 32, one ISP allocation). */
  maxPublicPrefixV6: number;
}

export const DEFAULT_NETWORK_SETTINGS: NetworkSettings = Object.freeze({ maxPublicPrefix: 16, maxPublicPrefixV6: 32 });

const BITS: Record<IpVersion, number> = { 4: 32, 6: 128 };

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i += 1) {
      const piece = pieces[i]!;
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) out.push(parseInt(piece, 16));
      else return undefined;
    }
    return out;
  };
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** One address, IPv4 dotted or IPv6 (compressed, mixed). Undefined when it is not an address. */
export function parseIp(text: string): { version: IpVersion; value: bigint } | undefined {
  const trimmed = text.trim();
  if (trimmed.includes(':')) {
    const value = parseIpv6(trimmed);
    return value === undefined ? undefined : { version: 6, value };
  }
  const value = parseIpv4(trimmed);
  return value === undefined ? undefined : { version: 4, value };
}

/**
 * A CIDR block (`203.0.113.0/24`, `2001:db8::/32`) or a bare address (a /32 or /128). Host bits
 * set below the prefix are ignored, as every cloud API does. Undefined when it is not a block.
 */
export function parseCidr(text: string): IpRange | undefined {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  const ip = parseIp(slash < 0 ? trimmed : trimmed.slice(0, slash));
  if (!ip) return undefined;
  const bits = BITS[ip.version];
  let prefix = bits;
  if (slash >= 0) {
    const p = trimmed.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p) || Number(p) > bits) return undefined;
    prefix = Number(p);
  }
  const hostBits = BigInt(bits - prefix);
  const first = (ip.value >> hostBits) << hostBits;
  return { version: ip.version, first, last: first + (1n << hostBits) - 1n, text: trimmed };
}

/** A start-end range (Azure firewall rules). Undefined when either end is invalid, of another family, or end < start. */
export function ipRange(start: string, end: string): IpRange | undefined {
  const a = parseIp(start);
  const b = parseIp(end);
  if (!a || !b || a.version !== b.version || b.value < a.value) return undefined;
  return { version: a.version, first: a.value, last: b.value, text: a.value === b.value ? start.trim() : `${start.trim()}-${end.trim()}` };
}

export const rangeSize = (range: IpRange): bigint => range.last - range.first + 1n;

/** The prefix length of the smallest CIDR block holding as many addresses as the range (its "width"). */
export function prefixWidth(range: IpRange): number {
  const size = rangeSize(range);
  let bits = 0;
  while (1n << BigInt(bits) < size) bits += 1;
  return BITS[range.version] - bits;
}

export const isWholeFamily = (range: IpRange): boolean => range.first === 0n && range.last === (1n << BigInt(BITS[range.version])) - 1n;

/**
 * Ranges that are not reachable from the internet: IANA special-purpose blocks that are not
 * globally reachable (RFC 6890 and its registries). Kept disjoint so that counts can subtract.
 */
const RESERVED_TEXT: Record<IpVersion, string[]> = {
  4: [
    '0.0.0.0/8', // "this network"
    '10.0.0.0/8', // RFC 1918
    '100.64.0.0/10', // carrier-grade NAT
    '127.0.0.0/8', // loopback
    '169.254.0.0/16', // link-local
    '172.16.0.0/12', // RFC 1918
    '192.0.0.0/24', // IETF protocol assignments
    '192.0.2.0/24', // TEST-NET-1
    '192.168.0.0/16', // RFC 1918
    '198.18.0.0/15', // benchmarking
    '198.51.100.0/24', // TEST-NET-2
    '203.0.113.0/24', // TEST-NET-3
    '224.0.0.0/4', // multicast
    '240.0.0.0/4', // reserved, broadcast
  ],
  6: [
    '::/127', // unspecified and loopback
    '::ffff:0:0/96', // IPv4-mapped: not routed as IPv6
    '100::/64', // discard-only
    '2001:db8::/32', // documentation
    'fc00::/7', // unique local
    'fe80::/10', // link-local
    'ff00::/8', // multicast
  ],
};

const RESERVED: Record<IpVersion, IpRange[]> = {
  4: RESERVED_TEXT[4].map((t) => parseCidr(t)!),
  6: RESERVED_TEXT[6].map((t) => parseCidr(t)!),
};

/** How many addresses of the range are publicly routable. */
export function publicAddressCount(range: IpRange): bigint {
  let count = rangeSize(range);
  for (const reserved of RESERVED[range.version]) {
    const lo = reserved.first > range.first ? reserved.first : range.first;
    const hi = reserved.last < range.last ? reserved.last : range.last;
    if (hi >= lo) count -= hi - lo + 1n;
  }
  return count;
}

export const isPublicAddress = (ip: { version: IpVersion; value: bigint }): boolean =>
  publicAddressCount({ version: ip.version, first: ip.value, last: ip.value, text: '' }) === 1n;

/** Whether a range holds any publicly routable address. */
export const hasPublicAddresses = (range: IpRange): boolean => publicAddressCount(range) > 0n;

export type SourceClass =
  /** 0.0.0.0/0 or ::/0: every address. */
  | 'any'
  /** Public addresses, more than the configured maximum: counts as the internet. */
  | 'broad-public'
  /** Public but narrow enough to be someone's own network. */
  | 'narrow-public'
  /** Only private or reserved addresses. */
  | 'private';

export interface SourceVerdict {
  class: SourceClass;
  /** True for `any` and `broad-public`. */
  internet: boolean;
  /** One line for the reason trace. */
  reason: string;
}

export function maxPrefixFor(version: IpVersion, settings: NetworkSettings): number {
  return version === 4 ? settings.maxPublicPrefix : settings.maxPublicPrefixV6;
}

/**
 * Whether a source range lets the internet in. A range counts as the internet when it is every
 * address, or when it holds more public addresses than one block of the configured prefix
 * (default: wider than /16 for IPv4, /32 for IPv6); a range of the configured size or smaller is
 * treated as a known network. Private and reserved addresses are never the internet.
 */
export function classifySource(range: IpRange, settings: NetworkSettings = DEFAULT_NETWORK_SETTINGS): SourceVerdict {
  if (isWholeFamily(range)) return { class: 'any', internet: true, reason: `${range.text} admits every IPv${range.version} address` };
  const publicCount = publicAddressCount(range);
  if (publicCount === 0n) return { class: 'private', internet: false, reason: `${range.text} holds only private or reserved addresses` };
  const maxPrefix = maxPrefixFor(range.version, settings);
  const limit = 1n << BigInt(BITS[range.version] - maxPrefix);
  if (publicCount > limit) {
    return { class: 'broad-public', internet: true, reason: `${range.text} admits ${publicCount} public addresses, wider than a /${maxPrefix}` };
  }
  return { class: 'narrow-public', internet: false, reason: `${range.text} is a public range no wider than a /${maxPrefix}` };
}

// ---------------------------------------------------------------------------------------------
// Ports

export interface PortRange {
  from: number;
  to: number;
}

export const ALL_PORTS: PortRange = Object.freeze({ from: 0, to: 65535 });

export const portInRange = (port: number, range: PortRange): boolean => port >= range.from && port <= range.to;

/**
 * Parses "3306", "1024-65535" or "*" (Azure NSG style). Undefined when it is none of those or out
 * of 0-65535.
 */
export function parsePortRange(text: string): PortRange | undefined {
  const t = text.trim();
  if (t === '*') return { ...ALL_PORTS };
  const m = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(t);
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (from > 65535 || to > 65535 || to < from) return undefined;
  return { from, to };
}

export const formatPorts = (range: PortRange): string =>
  range.from === 0 && range.to === 65535 ? 'all ports' : range.from === range.to ? `port ${range.from}` : `ports ${range.from}-${range.to}`;

// ---------------------------------------------------------------------------------------------
// Security groups (AWS EC2 / VPC), as the inventory stores them.

export interface CidrSource {
  cidr: string;
  description?: string;
}

export interface PrefixListSource {
  id: string;
  /** The list's entries; undefined when they could not be read. */
  cidrs?: string[];
  name?: string;
  /** Why the entries are missing (operation and error code). */
  unreadable?: string;
}

export interface IngressPermission {
  /** '-1' (all), 'tcp', 'udp', 'icmp', 'icmpv6' or a protocol number as text. */
  protocol: string;
  /** Undefined or -1 mean every port, as in the EC2 API. */
  fromPort?: number;
  toPort?: number;
  ipv4: CidrSource[];
  ipv6: CidrSource[];
  prefixLists: PrefixListSource[];
  /** Other security groups: traffic from their members, which are never the internet. */
  groups: { groupId: string; userId?: string }[];
}

export interface SecurityGroup {
  groupId: string;
  groupName?: string;
  vpcId?: string;
  ingress: IngressPermission[];
}

const TCP = new Set(['-1', 'all', 'tcp', '6']);

/** The TCP ports a permission opens, or undefined when it opens none (udp, icmp ...). */
export function tcpPortsOf(permission: IngressPermission): PortRange | undefined {
  const protocol = permission.protocol.toLowerCase();
  if (!TCP.has(protocol)) return undefined;
  if (protocol === '-1' || protocol === 'all') return { ...ALL_PORTS };
  const from = permission.fromPort;
  const to = permission.toPort;
  if (from === undefined || from === -1 || to === undefined || to === -1) return { ...ALL_PORTS };
  return { from, to };
}

export interface Admission {
  groupId: string;
  groupName?: string;
  /** The source block as written in the rule (or the prefix list entry). */
  cidr: string;
  via: 'ipv4' | 'ipv6' | 'prefix-list';
  prefixListId?: string;
  ports: PortRange;
  protocol: string;
  class: SourceClass;
  /** One line naming the group, the rule and why it is the internet. */
  reason: string;
}

export interface ReachabilityResult {
  /** Every (group, rule, source) that lets the internet in on the port, most open first. */
  admitted: Admission[];
  /** Prefix lists on a matching rule whose entries could not be read: reachability unknown. */
  unresolved: { groupId: string; prefixListId: string; why: string }[];
  /** Whether any rule covers the port at all (from any source). */
  portOpen: boolean;
  /** Sources that rules open the port to without being the internet, for "firewalled" reasons. */
  restricted: { groupId: string; source: string; why: string }[];
}

const CLASS_ORDER: Record<SourceClass, number> = { any: 0, 'broad-public': 1, 'narrow-public': 2, private: 3 };

/**
 * Which ingress rules of the given security groups let the internet reach a TCP port. Security
 * groups are allow-only and their rules add up, so every matching rule is reported; one is enough.
 * Referenced security groups never count as the internet. A prefix list whose entries could not be
 * read, on a rule that covers the port, is reported as unresolved rather than assumed closed.
 */
export function internetIngressOnPort(groups: readonly SecurityGroup[], port: number, settings: NetworkSettings = DEFAULT_NETWORK_SETTINGS): ReachabilityResult {
  const admitted: Admission[] = [];
  const unresolved: ReachabilityResult['unresolved'] = [];
  const restricted: ReachabilityResult['restricted'] = [];
  let portOpen = false;
  for (const group of groups) {
    for (const permission of group.ingress) {
      const ports = tcpPortsOf(permission);
      if (!ports || !portInRange(port, ports)) continue;
      portOpen = true;
      const where = `security group ${group.groupId}${group.groupName ? ` (${group.groupName})` : ''} allows ${permission.protocol === '-1' ? 'all traffic' : `tcp ${formatPorts(ports)}`}`;
      const consider = (cidr: string, via: Admission['via'], prefixListId?: string) => {
        const range = parseCidr(cidr);
        if (!range) return;
        const verdict = classifySource(range, settings);
        const from = prefixListId ? `${cidr} (prefix list ${prefixListId})` : cidr;
        if (!verdict.internet) {
          const why = verdict.class === 'private' ? 'private or reserved' : `public, no wider than a /${maxPrefixFor(range.version, settings)}`;
          restricted.push({ groupId: group.groupId, source: from, why });
          return;
        }
        admitted.push({
          groupId: group.groupId,
          groupName: group.groupName,
          cidr,
          via,
          prefixListId,
          ports,
          protocol: permission.protocol,
          class: verdict.class,
          reason: `${where} from ${from}: ${verdict.reason}`,
        });
      };
      for (const peer of permission.groups) restricted.push({ groupId: group.groupId, source: `members of ${peer.groupId}`, why: 'another security group' });
      for (const source of permission.ipv4) consider(source.cidr, 'ipv4');
      for (const source of permission.ipv6) consider(source.cidr, 'ipv6');
      for (const list of permission.prefixLists) {
        if (list.cidrs === undefined) {
          unresolved.push({ groupId: group.groupId, prefixListId: list.id, why: list.unreadable ?? 'entries not read' });
          continue;
        }
        for (const cidr of list.cidrs) consider(cidr, 'prefix-list', list.id);
      }
    }
  }
  admitted.sort((a, b) => CLASS_ORDER[a.class] - CLASS_ORDER[b.class]);
  return { admitted, unresolved, portOpen, restricted };
}

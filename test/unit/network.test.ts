import { describe, expect, it } from 'vitest';
import {
  classifySource,
  DEFAULT_NETWORK_SETTINGS,
  hasPublicAddresses,
  internetIngressOnPort,
  ipRange,
  isPublicAddress,
  parseCidr,
  parseIp,
  parsePortRange,
  prefixWidth,
  publicAddressCount,
  rangeSize,
  tcpPortsOf,
  type IngressPermission,
  type SecurityGroup,
} from '../../src/analysis/network.ts';

const cidr = (text: string) => {
  const range = parseCidr(text);
  if (!range) throw new Error(`bad test CIDR ${text}`);
  return range;
};
const classOf = (text: string, settings = DEFAULT_NETWORK_SETTINGS) => classifySource(cidr(text), settings).class;

const rule = (spec: Partial<IngressPermission>): IngressPermission => ({ protocol: 'tcp', ipv4: [], ipv6: [], prefixLists: [], groups: [], ...spec });
const sg = (groupId: string, ...ingress: IngressPermission[]): SecurityGroup => ({ groupId, groupName: `${groupId}-name`, ingress });

describe('address and CIDR parsing', () => {
  it.each([
    ['0.0.0.0', 4, 0n],
    ['255.255.255.255', 4, 0xffffffffn],
    ['10.1.2.3', 4, 0x0a010203n],
    ['::', 6, 0n],
    ['::1', 6, 1n],
    ['2001:db8::1', 6, 0x20010db8000000000000000000000001n],
    ['::ffff:192.0.2.1', 6, 0xffffc0000201n],
    ['fe80:0:0:0:0:0:0:1', 6, 0xfe800000000000000000000000000001n],
  ])('parses %s', (text, version, value) => {
    expect(parseIp(text)).toEqual({ version, value });
  });

  it.each(['256.0.0.1', '1.2.3', '1.2.3.4.5', '01.2.3.x', '1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', 'gggg::', '', '1:2:3:4:5:6:7::8:9'])(
    'rejects %j as an address',
    (text) => {
      expect(parseIp(text)).toBeUndefined();
    },
  );

  it('takes a bare address as a single-host block and ignores host bits below the prefix', () => {
    expect(rangeSize(cidr('203.0.113.7'))).toBe(1n);
    expect(rangeSize(cidr('2001:db8::7'))).toBe(1n);
    const block = cidr('10.1.2.3/8');
    expect(block.first).toBe(0x0a000000n);
    expect(block.last).toBe(0x0affffffn);
  });

  it.each(['10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/x', 'nonsense/8'])('rejects %j as a CIDR block', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  it('builds start-end ranges and refuses reversed or mixed-family ends', () => {
    expect(rangeSize(ipRange('10.0.0.0', '10.0.0.255')!)).toBe(256n);
    expect(ipRange('10.0.0.9', '10.0.0.1')).toBeUndefined();
    expect(ipRange('10.0.0.1', '::1')).toBeUndefined();
    expect(ipRange('1.2.3.4', '1.2.3.4')!.text).toBe('1.2.3.4');
  });

  it('gives the prefix width of CIDR blocks and of uneven ranges', () => {
    expect(prefixWidth(cidr('0.0.0.0/0'))).toBe(0);
    expect(prefixWidth(cidr('52.0.0.0/15'))).toBe(15);
    expect(prefixWidth(cidr('2600::/24'))).toBe(24);
    // 65,537 addresses need a /15 to hold them.
    expect(prefixWidth(ipRange('52.0.0.0', '52.1.0.0')!)).toBe(15);
  });
});

describe('public and reserved ranges', () => {
  it.each([
    ['10.0.0.1', false],
    ['172.16.5.4', false],
    ['172.32.0.1', true],
    ['192.168.1.1', false],
    ['100.64.0.1', false],
    ['127.0.0.1', false],
    ['169.254.169.254', false],
    ['224.0.0.5', false],
    ['8.8.8.8', true],
    ['52.95.110.1', true],
    ['fd00::1', false],
    ['fe80::1', false],
    ['2001:db8::1', false],
    ['::1', false],
    ['2600:1f18::1', true],
  ])('%s is public: %s', (text, expected) => {
    expect(isPublicAddress(parseIp(text)!)).toBe(expected);
  });

  it('counts only the public part of a range that straddles private space', () => {
    // 10.0.0.0/7 is 10.0.0.0/8 (private) plus 11.0.0.0/8 (public).
    expect(publicAddressCount(cidr('10.0.0.0/7'))).toBe(1n << 24n);
    expect(hasPublicAddresses(cidr('10.0.0.0/8'))).toBe(false);
    expect(hasPublicAddresses(cidr('fc00::/7'))).toBe(false);
  });
});

describe('classifySource: when a range counts as the internet', () => {
  it.each([
    ['0.0.0.0/0', 'any'],
    ['::/0', 'any'],
    ['0.0.0.0/1', 'broad-public'],
    ['52.0.0.0/8', 'broad-public'],
    ['52.0.0.0/15', 'broad-public'],
    // Exactly a /16 is not wider than a /16.
    ['52.94.0.0/16', 'narrow-public'],
    ['203.0.113.0/24', 'private'],
    ['198.51.100.10/32', 'private'],
    ['54.239.1.1/32', 'narrow-public'],
    ['10.0.0.0/8', 'private'],
    ['172.16.0.0/12', 'private'],
    ['10.0.0.0/7', 'broad-public'],
    ['2000::/3', 'broad-public'],
    ['2600:1f00::/24', 'broad-public'],
    ['2600:1f18::/32', 'narrow-public'],
    ['2600:1f18:abcd::/48', 'narrow-public'],
    ['fc00::/7', 'private'],
  ])('%s is %s', (text, expected) => {
    expect(classOf(text)).toBe(expected);
  });

  it('follows the configured maximum prefix', () => {
    expect(classOf('52.94.0.0/16', { maxPublicPrefix: 24, maxPublicPrefixV6: 32 })).toBe('broad-public');
    expect(classOf('52.94.0.0/23', { maxPublicPrefix: 24, maxPublicPrefixV6: 32 })).toBe('broad-public');
    expect(classOf('52.94.0.0/24', { maxPublicPrefix: 24, maxPublicPrefixV6: 32 })).toBe('narrow-public');
    expect(classOf('52.0.0.0/8', { maxPublicPrefix: 4, maxPublicPrefixV6: 32 })).toBe('narrow-public');
    expect(classOf('2600:1f18::/32', { maxPublicPrefix: 16, maxPublicPrefixV6: 48 })).toBe('broad-public');
  });

  it('applies to start-end ranges (Azure firewall rules)', () => {
    expect(classifySource(ipRange('0.0.0.0', '255.255.255.255')!).class).toBe('any');
    expect(classifySource(ipRange('1.0.0.0', '1.255.255.255')!).class).toBe('broad-public');
    expect(classifySource(ipRange('20.30.40.1', '20.30.40.20')!).class).toBe('narrow-public');
    expect(classifySource(ipRange('10.0.0.0', '10.255.255.255')!).class).toBe('private');
  });

  it('says why in one line', () => {
    expect(classifySource(cidr('52.0.0.0/8')).reason).toBe('52.0.0.0/8 admits 16777216 public addresses, wider than a /16');
  });
});

describe('ports and protocols', () => {
  it.each([
    ['3306', { from: 3306, to: 3306 }],
    ['1024-65535', { from: 1024, to: 65535 }],
    ['*', { from: 0, to: 65535 }],
    ['70000', undefined],
    ['20-10', undefined],
    ['abc', undefined],
  ])('parses port range %j', (text, expected) => {
    expect(parsePortRange(text)).toEqual(expected);
  });

  it.each([
    [rule({ protocol: '-1' }), { from: 0, to: 65535 }],
    [rule({ protocol: 'tcp', fromPort: 5432, toPort: 5432 }), { from: 5432, to: 5432 }],
    [rule({ protocol: '6', fromPort: 1000, toPort: 2000 }), { from: 1000, to: 2000 }],
    [rule({ protocol: 'tcp' }), { from: 0, to: 65535 }],
    [rule({ protocol: 'tcp', fromPort: -1, toPort: -1 }), { from: 0, to: 65535 }],
    [rule({ protocol: 'udp', fromPort: 0, toPort: 65535 }), undefined],
    [rule({ protocol: 'icmp', fromPort: -1, toPort: -1 }), undefined],
    [rule({ protocol: '17', fromPort: 3306, toPort: 3306 }), undefined],
  ])('tcp ports of %j', (permission, expected) => {
    expect(tcpPortsOf(permission)).toEqual(expected);
  });
});

describe('internetIngressOnPort', () => {
  const open = sg('sg-open', rule({ fromPort: 3306, toPort: 3306, ipv4: [{ cidr: '0.0.0.0/0' }] }));

  it('finds a rule open to 0.0.0.0/0 on the port and names it', () => {
    const result = internetIngressOnPort([open], 3306);
    expect(result.admitted).toHaveLength(1);
    expect(result.admitted[0]).toMatchObject({ groupId: 'sg-open', cidr: '0.0.0.0/0', class: 'any', via: 'ipv4' });
    expect(result.admitted[0]!.reason).toBe('security group sg-open (sg-open-name) allows tcp port 3306 from 0.0.0.0/0: 0.0.0.0/0 admits every IPv4 address');
  });

  it('ignores an open rule on another port', () => {
    const result = internetIngressOnPort([open], 5432);
    expect(result.admitted).toEqual([]);
    expect(result.portOpen).toBe(false);
  });

  it('treats protocol -1 as every port', () => {
    const all = sg('sg-all', rule({ protocol: '-1', ipv6: [{ cidr: '::/0' }] }));
    const result = internetIngressOnPort([all], 5439);
    expect(result.admitted[0]).toMatchObject({ via: 'ipv6', cidr: '::/0', class: 'any' });
    expect(result.admitted[0]!.reason).toContain('allows all traffic');
  });

  it('matches a port inside a range and not just outside it', () => {
    const ranged = sg('sg-range', rule({ fromPort: 3000, toPort: 3306, ipv4: [{ cidr: '0.0.0.0/0' }] }));
    expect(internetIngressOnPort([ranged], 3000).admitted).toHaveLength(1);
    expect(internetIngressOnPort([ranged], 3306).admitted).toHaveLength(1);
    expect(internetIngressOnPort([ranged], 3307).admitted).toHaveLength(0);
    expect(internetIngressOnPort([ranged], 2999).admitted).toHaveLength(0);
  });

  it('does not count udp rules for a tcp database port', () => {
    const udp = sg('sg-udp', rule({ protocol: 'udp', fromPort: 0, toPort: 65535, ipv4: [{ cidr: '0.0.0.0/0' }] }));
    expect(internetIngressOnPort([udp], 3306).admitted).toEqual([]);
  });

  it('reports a firewalled port as open but not to the internet', () => {
    const office = sg('sg-office', rule({ fromPort: 3306, toPort: 3306, ipv4: [{ cidr: '54.239.1.0/24' }, { cidr: '10.0.0.0/8' }] }));
    const result = internetIngressOnPort([office], 3306);
    expect(result.portOpen).toBe(true);
    expect(result.admitted).toEqual([]);
    expect(result.restricted).toEqual([
      { groupId: 'sg-office', source: '54.239.1.0/24', why: 'public, no wider than a /16' },
      { groupId: 'sg-office', source: '10.0.0.0/8', why: 'private or reserved' },
    ]);
  });

  it('counts a broad public range and respects the configured width', () => {
    const broad = sg('sg-broad', rule({ fromPort: 5432, toPort: 5432, ipv4: [{ cidr: '52.0.0.0/12' }] }));
    expect(internetIngressOnPort([broad], 5432).admitted[0]!.class).toBe('broad-public');
    expect(internetIngressOnPort([broad], 5432, { maxPublicPrefix: 8, maxPublicPrefixV6: 32 }).admitted).toEqual([]);
  });

  it('never counts a referenced security group as the internet', () => {
    const peer = sg('sg-app', rule({ protocol: '-1', groups: [{ groupId: 'sg-web' }] }));
    const result = internetIngressOnPort([peer], 3306);
    expect(result.admitted).toEqual([]);
    expect(result.portOpen).toBe(true);
    expect(result.restricted).toEqual([{ groupId: 'sg-app', source: 'members of sg-web', why: 'another security group' }]);
  });

  it('resolves prefix lists through their entries', () => {
    const listed = sg(
      'sg-pl',
      rule({ fromPort: 3306, toPort: 3306, prefixLists: [{ id: 'pl-open', cidrs: ['192.168.0.0/16', '0.0.0.0/0'] }, { id: 'pl-office', cidrs: ['54.239.1.0/24'] }] }),
    );
    const result = internetIngressOnPort([listed], 3306);
    expect(result.admitted).toHaveLength(1);
    expect(result.admitted[0]).toMatchObject({ via: 'prefix-list', prefixListId: 'pl-open', cidr: '0.0.0.0/0' });
    expect(result.admitted[0]!.reason).toContain('0.0.0.0/0 (prefix list pl-open)');
  });

  it('reports an unreadable prefix list on a matching rule as unresolved, not closed', () => {
    const listed = sg('sg-pl', rule({ fromPort: 3306, toPort: 3306, prefixLists: [{ id: 'pl-x', unreadable: 'GetManagedPrefixListEntries failed with AccessDenied' }] }));
    const result = internetIngressOnPort([listed], 3306);
    expect(result.admitted).toEqual([]);
    expect(result.unresolved).toEqual([{ groupId: 'sg-pl', prefixListId: 'pl-x', why: 'GetManagedPrefixListEntries failed with AccessDenied' }]);
    expect(internetIngressOnPort([listed], 5432).unresolved).toEqual([]);
  });

  it('lists every admitting rule across overlapping rules and groups, most open first', () => {
    const a = sg('sg-a', rule({ fromPort: 0, toPort: 65535, ipv4: [{ cidr: '52.0.0.0/8' }] }), rule({ fromPort: 3306, toPort: 3306, ipv4: [{ cidr: '10.0.0.0/8' }] }));
    const b = sg('sg-b', rule({ protocol: '-1', ipv4: [{ cidr: '0.0.0.0/0' }] }), rule({ fromPort: 3306, toPort: 3306, ipv6: [{ cidr: '::/0' }] }));
    const result = internetIngressOnPort([a, b], 3306);
    expect(result.admitted.map((x) => `${x.groupId} ${x.cidr}`)).toEqual(['sg-b 0.0.0.0/0', 'sg-b ::/0', 'sg-a 52.0.0.0/8']);
  });

  it('finds nothing when a database has no security group', () => {
    expect(internetIngressOnPort([], 3306)).toEqual({ admitted: [], unresolved: [], portOpen: false, restricted: [] });
  });

  it('skips a malformed CIDR instead of treating it as open', () => {
    const bad = sg('sg-bad', rule({ fromPort: 3306, toPort: 3306, ipv4: [{ cidr: 'not-a-cidr' }] }));
    expect(internetIngressOnPort([bad], 3306).admitted).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  ALL_PUBLIC_ADDRESSES,
  classifyFirewallRule,
  evaluateCosmosExposure,
  evaluateServerExposure,
  formatIpv4,
  parseIpv4,
  parseIpv4Cidr,
  publicAddressCount,
} from '../../src/analysis/azure-firewall.ts';
import type { AzureFirewallRule, AzureServerNetwork, CosmosNetwork } from '../../src/inventory/azure-db.ts';

const LIMIT_16 = 65_536;
const rule = (name: string, startIpAddress: string, endIpAddress = startIpAddress): AzureFirewallRule => ({ name, startIpAddress, endIpAddress });
const server = (network: Partial<AzureServerNetwork> = {}): AzureServerNetwork => ({
  publicNetworkAccess: 'Enabled',
  delegatedSubnetResourceId: null,
  privateEndpointConnections: 0,
  fullyQualifiedDomainName: 'db.example',
  ...network,
});
const cosmos = (network: Partial<CosmosNetwork> = {}): CosmosNetwork => ({
  publicNetworkAccess: 'Enabled',
  ipRules: [],
  isVirtualNetworkFilterEnabled: false,
  virtualNetworkRules: [],
  privateEndpointConnections: 0,
  ...network,
});

describe('IPv4 parsing', () => {
  it('parses dotted quads and refuses what is not one', () => {
    expect(parseIpv4('0.0.0.0')).toBe(0);
    expect(parseIpv4('255.255.255.255')).toBe(2 ** 32 - 1);
    expect(parseIpv4('10.1.2.3')).toBe(10 * 2 ** 24 + 1 * 2 ** 16 + 2 * 256 + 3);
    for (const bad of ['256.0.0.1', '1.2.3', '1.2.3.4.5', '::1', 'abc', '']) expect(parseIpv4(bad)).toBeUndefined();
    expect(formatIpv4(parseIpv4('203.0.113.9')!)).toBe('203.0.113.9');
  });

  it('parses single addresses and CIDR blocks, aligning a host address to its block', () => {
    expect(parseIpv4Cidr('23.40.210.245')).toEqual({ start: parseIpv4('23.40.210.245'), end: parseIpv4('23.40.210.245') });
    const block = parseIpv4Cidr('23.40.210.7/24')!;
    expect([formatIpv4(block.start), formatIpv4(block.end)]).toEqual(['23.40.210.0', '23.40.210.255']);
    expect(parseIpv4Cidr('0.0.0.0/0')).toEqual({ start: 0, end: 2 ** 32 - 1 });
    for (const bad of ['1.2.3.4/33', '1.2.3.4/', '1.2.3.4/a', '1.2.3.4/8/8']) expect(parseIpv4Cidr(bad)).toBeUndefined();
  });
});

describe('public address counting', () => {
  it('excludes private, loopback, CGNAT, link-local, documentation, multicast and reserved space', () => {
    const count = (cidr: string) => {
      const r = parseIpv4Cidr(cidr)!;
      return publicAddressCount(r.start, r.end);
    };
    for (const nonPublic of ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '198.51.100.0/24', '224.0.0.0/4', '240.0.0.0/4']) {
      expect(count(nonPublic)).toBe(0);
    }
    expect(count('8.8.8.0/24')).toBe(256);
    // 172.0.0.0/8 holds 172.16.0.0/12 (2^20 addresses) that are private.
    expect(count('172.0.0.0/8')).toBe(2 ** 24 - 2 ** 20);
    // Everything minus the special-purpose blocks: about 3.7 billion addresses.
    expect(ALL_PUBLIC_ADDRESSES).toBe(count('0.0.0.0/0'));
    expect(ALL_PUBLIC_ADDRESSES).toBeGreaterThan(3.6e9);
    expect(ALL_PUBLIC_ADDRESSES).toBeLessThan(3.8e9);
  });
});

describe('firewall rule classification', () => {
  it.each([
    [rule('AllowAllWindowsAzureIps', '0.0.0.0'), 'azure-services'],
    [rule('AllowAll', '0.0.0.0', '255.255.255.255'), 'all-internet'],
    // Starting above 0.0.0.0/8 and stopping below multicast still admits every public address.
    [rule('AlmostAll', '1.0.0.0', '223.255.255.255'), 'all-internet'],
    [rule('Slash15', '20.0.0.0', '20.1.255.255'), 'broad'],
    [rule('Slash16', '20.0.0.0', '20.0.255.255'), 'narrow'],
    [rule('Office', '203.0.113.10'), 'non-public'],
    [rule('OfficeReal', '52.10.20.30'), 'narrow'],
    [rule('Corp', '10.0.0.0', '10.255.255.255'), 'non-public'],
    [rule('Backwards', '20.0.0.9', '20.0.0.1'), 'invalid'],
    [rule('Garbage', 'not-an-ip', '1.2.3.4'), 'invalid'],
  ] as const)('%o is %s', (r, kind) => {
    expect(classifyFirewallRule(r, LIMIT_16).kind).toBe(kind);
  });

  it('counts the public addresses a range admits against the configured size', () => {
    const wide = classifyFirewallRule(rule('Wide', '20.0.0.0', '20.0.255.255'), 2 ** 8);
    expect(wide).toMatchObject({ kind: 'broad', publicAddresses: 65_536 });
  });
});

describe('server exposure (SQL, PostgreSQL, MySQL)', () => {
  it('is internet-exposed with 0.0.0.0–255.255.255.255 and says which rule', () => {
    const exposure = evaluateServerExposure(server(), [rule('ClientIp', '52.10.20.30'), rule('AllowAll', '0.0.0.0', '255.255.255.255')], 16);
    expect(exposure.verdict).toBe('internet');
    expect(exposure.reason).toContain('AllowAll');
    expect(exposure.trace.map((s) => s.ref)).toEqual(['Enabled', 'ClientIp', 'AllowAll']);
  });

  it('treats an omitted publicNetworkAccess as enabled (the Azure default)', () => {
    expect(evaluateServerExposure(server({ publicNetworkAccess: null }), [rule('AllowAll', '0.0.0.0', '255.255.255.255')], 16).verdict).toBe('internet');
  });

  it('takes no internet traffic when public access is Disabled, whatever the rules say', () => {
    const exposure = evaluateServerExposure(server({ publicNetworkAccess: 'Disabled' }), [rule('AllowAll', '0.0.0.0', '255.255.255.255')], 16);
    expect(exposure).toMatchObject({ verdict: 'private', endpoint: 'disabled', ranges: [] });
    expect(exposure.trace[0]).toMatchObject({ layer: 'public network access', effect: 'blocks' });
  });

  it('is private for a VNet-integrated flexible server', () => {
    const exposure = evaluateServerExposure(server({ publicNetworkAccess: null, delegatedSubnetResourceId: '/subscriptions/x/subnets/db' }), [], 16);
    expect(exposure).toMatchObject({ verdict: 'private', endpoint: 'vnet-integrated' });
  });

  it('is undecidable behind a network security perimeter or with an unknown setting', () => {
    expect(evaluateServerExposure(server({ publicNetworkAccess: 'SecuredByPerimeter' }), [], 16).verdict).toBe('undecidable');
    expect(evaluateServerExposure(server({ publicNetworkAccess: 'Sometimes' }), [], 16).verdict).toBe('undecidable');
  });

  it('ranks broad over the Azure-services switch over narrow ranges, and closed with no rule', () => {
    expect(evaluateServerExposure(server(), [rule('Azure', '0.0.0.0'), rule('Wide', '20.0.0.0', '20.3.255.255')], 16).verdict).toBe('broad');
    expect(evaluateServerExposure(server(), [rule('Azure', '0.0.0.0'), rule('Office', '52.10.20.30')], 16).verdict).toBe('azure-services');
    expect(evaluateServerExposure(server(), [rule('Office', '52.10.20.30')], 16).verdict).toBe('restricted');
    expect(evaluateServerExposure(server(), [rule('Corp', '10.0.0.0', '10.255.255.255')], 16).verdict).toBe('closed');
    expect(evaluateServerExposure(server(), [], 16).verdict).toBe('closed');
  });

  it('follows the configured size', () => {
    const rules = [rule('Slash20', '20.0.0.0', '20.0.15.255')];
    expect(evaluateServerExposure(server(), rules, 16).verdict).toBe('restricted');
    expect(evaluateServerExposure(server(), rules, 24).verdict).toBe('broad');
  });

  it('does not decide on a rule it cannot read, unless another rule already opens everything', () => {
    expect(evaluateServerExposure(server(), [rule('Bad', 'x', 'y')], 16).verdict).toBe('undecidable');
    expect(evaluateServerExposure(server(), [rule('Bad', 'x', 'y'), rule('AllowAll', '0.0.0.0', '255.255.255.255')], 16).verdict).toBe('internet');
  });
});

describe('Cosmos DB exposure', () => {
  it('accepts all networks with public access and no IP or VNet filter', () => {
    const exposure = evaluateCosmosExposure(cosmos(), 16);
    expect(exposure).toMatchObject({ verdict: 'internet', unfiltered: true });
    expect(exposure.reason).toContain('no IP or virtual network filter');
  });

  it('is private when public network access is Disabled', () => {
    expect(evaluateCosmosExposure(cosmos({ publicNetworkAccess: 'Disabled' }), 16).verdict).toBe('private');
  });

  it('reads the IP filter: CIDR wider than the size, 0.0.0.0/0, the Azure datacenter entry, narrow entries', () => {
    expect(evaluateCosmosExposure(cosmos({ ipRules: ['0.0.0.0/0'] }), 16).verdict).toBe('internet');
    expect(evaluateCosmosExposure(cosmos({ ipRules: ['23.40.0.0/8'] }), 16).verdict).toBe('broad');
    expect(evaluateCosmosExposure(cosmos({ ipRules: ['0.0.0.0', '23.40.210.245'] }), 16).verdict).toBe('azure-services');
    expect(evaluateCosmosExposure(cosmos({ ipRules: ['23.40.210.245', '13.91.6.132'] }), 16).verdict).toBe('restricted');
  });

  it('is restricted to subnets when only the virtual network filter is on', () => {
    const exposure = evaluateCosmosExposure(cosmos({ isVirtualNetworkFilterEnabled: true, virtualNetworkRules: ['/subscriptions/x/subnets/app'] }), 16);
    expect(exposure.verdict).toBe('restricted');
    expect(exposure.trace.map((s) => s.layer)).toContain('virtual network filter');
    // The VNet filter on with no subnet and no IP admits nobody.
    expect(evaluateCosmosExposure(cosmos({ isVirtualNetworkFilterEnabled: true }), 16).verdict).toBe('closed');
  });

  it('is undecidable behind a network security perimeter', () => {
    expect(evaluateCosmosExposure(cosmos({ publicNetworkAccess: 'SecuredByPerimeter' }), 16).verdict).toBe('undecidable');
  });
});

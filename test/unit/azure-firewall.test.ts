import { describe, expect, it } from 'vitest';
import { ALL_PUBLIC_IPV4, classifyFirewallRule, evaluateCosmosExposure, evaluateServerExposure } from '../../src/analysis/azure-firewall.ts';
import { DEFAULT_NETWORK_SETTINGS, type NetworkSettings } from '../../src/analysis/network.ts';
import type { AzureFirewallRule, AzureServerNetwork, CosmosNetwork } from '../../src/inventory/azure-db.ts';

const prefix = (maxPublicPrefix: number): NetworkSettings => ({ ...DEFAULT_NETWORK_SETTINGS, maxPublicPrefix });
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

describe('the public IPv4 space', () => {
  it('is every address minus the special-purpose blocks: about 3.7 billion', () => {
    expect(ALL_PUBLIC_IPV4).toBeGreaterThan(3_600_000_000n);
    expect(ALL_PUBLIC_IPV4).toBeLessThan(3_800_000_000n);
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
    [rule('Mixed', '::', '1.2.3.4'), 'invalid'],
  ] as const)('%o is %s', (r, kind) => {
    expect(classifyFirewallRule(r, prefix(16)).kind).toBe(kind);
  });

  it('counts the public addresses a range admits against the configured size', () => {
    const wide = classifyFirewallRule(rule('Wide', '20.0.0.0', '20.0.255.255'), prefix(24));
    expect(wide).toMatchObject({ kind: 'broad', publicAddresses: 65_536n });
    expect(wide.why).toContain('wider than a /24');
  });
});

describe('server exposure (SQL, PostgreSQL, MySQL)', () => {
  it('is internet-exposed with 0.0.0.0–255.255.255.255 and says which rule', () => {
    const exposure = evaluateServerExposure(server(), [rule('ClientIp', '52.10.20.30'), rule('AllowAll', '0.0.0.0', '255.255.255.255')], prefix(16));
    expect(exposure.verdict).toBe('internet');
    expect(exposure.reason).toContain('AllowAll');
    expect(exposure.trace.map((s) => s.ref)).toEqual(['Enabled', 'ClientIp', 'AllowAll']);
  });

  it('treats an omitted publicNetworkAccess as enabled (the Azure default)', () => {
    expect(evaluateServerExposure(server({ publicNetworkAccess: null }), [rule('AllowAll', '0.0.0.0', '255.255.255.255')], prefix(16)).verdict).toBe('internet');
  });

  it('takes no internet traffic when public access is Disabled, whatever the rules say', () => {
    const exposure = evaluateServerExposure(server({ publicNetworkAccess: 'Disabled' }), [rule('AllowAll', '0.0.0.0', '255.255.255.255')], prefix(16));
    expect(exposure).toMatchObject({ verdict: 'private', endpoint: 'disabled', ranges: [] });
    expect(exposure.trace[0]).toMatchObject({ layer: 'public network access', effect: 'blocks' });
  });

  it('is private for a VNet-integrated flexible server', () => {
    const exposure = evaluateServerExposure(server({ publicNetworkAccess: null, delegatedSubnetResourceId: '/subscriptions/x/subnets/db' }), [], prefix(16));
    expect(exposure).toMatchObject({ verdict: 'private', endpoint: 'vnet-integrated' });
  });

  it('is undecidable behind a network security perimeter or with an unknown setting', () => {
    expect(evaluateServerExposure(server({ publicNetworkAccess: 'SecuredByPerimeter' }), [], prefix(16)).verdict).toBe('undecidable');
    expect(evaluateServerExposure(server({ publicNetworkAccess: 'Sometimes' }), [], prefix(16)).verdict).toBe('undecidable');
  });

  it('ranks broad over the Azure-services switch over narrow ranges, and closed with no rule', () => {
    expect(evaluateServerExposure(server(), [rule('Azure', '0.0.0.0'), rule('Wide', '20.0.0.0', '20.3.255.255')], prefix(16)).verdict).toBe('broad');
    expect(evaluateServerExposure(server(), [rule('Azure', '0.0.0.0'), rule('Office', '52.10.20.30')], prefix(16)).verdict).toBe('azure-services');
    expect(evaluateServerExposure(server(), [rule('Office', '52.10.20.30')], prefix(16)).verdict).toBe('restricted');
    expect(evaluateServerExposure(server(), [rule('Corp', '10.0.0.0', '10.255.255.255')], prefix(16)).verdict).toBe('closed');
    expect(evaluateServerExposure(server(), [], prefix(16)).verdict).toBe('closed');
  });

  it('follows the configured size', () => {
    const rules = [rule('Slash20', '20.0.0.0', '20.0.15.255')];
    expect(evaluateServerExposure(server(), rules, prefix(16)).verdict).toBe('restricted');
    expect(evaluateServerExposure(server(), rules, prefix(24)).verdict).toBe('broad');
  });

  it('does not decide on a rule it cannot read, unless another rule already opens everything', () => {
    expect(evaluateServerExposure(server(), [rule('Bad', 'x', 'y')], prefix(16)).verdict).toBe('undecidable');
    expect(evaluateServerExposure(server(), [rule('Bad', 'x', 'y'), rule('AllowAll', '0.0.0.0', '255.255.255.255')], prefix(16)).verdict).toBe('internet');
  });
});

describe('SQL IPv6 firewall rules', () => {
  const v6 = (name: string, start: string, end: string) => rule(name, start, end);

  it('opens the server to the internet with ::–ffff:…:ffff and names the IPv6 layer', () => {
    const exposure = evaluateServerExposure(server(), [rule('Office', '52.10.20.30')], prefix(16), [v6('AllowAllV6', '::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')]);
    expect(exposure.verdict).toBe('internet');
    expect(exposure.reason).toContain('every IPv6 address');
    expect(exposure.trace.at(-1)).toMatchObject({ layer: 'IPv6 firewall rule', ref: 'AllowAllV6' });
  });

  it('counts 2000::/3, all of today\'s global unicast, as broad (the shared range model keeps unassigned space public)', () => {
    expect(evaluateServerExposure(server(), [], prefix(16), [v6('Global', '2000::', '3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')]).verdict).toBe('broad');
  });

  it('measures IPv6 width against maxPublicPrefixV6, not the IPv4 setting', () => {
    const rules = [v6('Isp', '2a01:110::', '2a01:11f:ffff:ffff:ffff:ffff:ffff:ffff')]; // a /28
    expect(evaluateServerExposure(server(), [], prefix(16), rules).verdict).toBe('broad');
    expect(evaluateServerExposure(server(), [], { maxPublicPrefix: 16, maxPublicPrefixV6: 24 }, rules).verdict).toBe('restricted');
    expect(evaluateServerExposure(server(), [], prefix(16), [v6('Ula', 'fd00::', 'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')]).verdict).toBe('closed');
  });

  it('does not read an IPv4 address in an IPv6 rule, or the reverse, as anything but unreadable', () => {
    expect(classifyFirewallRule(rule('Swapped', '1.2.3.4', '1.2.3.5'), prefix(16), 6).kind).toBe('invalid');
    expect(classifyFirewallRule(rule('Swapped', '::1', '::2'), prefix(16), 4).kind).toBe('invalid');
  });

  it('is not in force when public network access is Disabled', () => {
    expect(evaluateServerExposure(server({ publicNetworkAccess: 'Disabled' }), [], prefix(16), [v6('AllowAllV6', '::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')]).verdict).toBe('private');
  });
});

describe('Cosmos DB exposure', () => {
  it('accepts all networks with public access and no IP or VNet filter', () => {
    const exposure = evaluateCosmosExposure(cosmos(), prefix(16));
    expect(exposure).toMatchObject({ verdict: 'internet', unfiltered: true });
    expect(exposure.reason).toContain('no IP or virtual network filter');
  });

  it('is private when public network access is Disabled', () => {
    expect(evaluateCosmosExposure(cosmos({ publicNetworkAccess: 'Disabled' }), prefix(16)).verdict).toBe('private');
  });

  it('reads the IP filter: CIDR wider than the size, 0.0.0.0/0, the Azure datacenter entry, narrow entries', () => {
    expect(evaluateCosmosExposure(cosmos({ ipRules: ['0.0.0.0/0'] }), prefix(16)).verdict).toBe('internet');
    expect(evaluateCosmosExposure(cosmos({ ipRules: ['23.40.0.0/8'] }), prefix(16)).verdict).toBe('broad');
    expect(evaluateCosmosExposure(cosmos({ ipRules: ['0.0.0.0', '23.40.210.245'] }), prefix(16)).verdict).toBe('azure-services');
    expect(evaluateCosmosExposure(cosmos({ ipRules: ['0.0.0.0/32'] }), prefix(16)).verdict).toBe('azure-services');
    expect(evaluateCosmosExposure(cosmos({ ipRules: ['23.40.210.245', '13.91.6.132'] }), prefix(16)).verdict).toBe('restricted');
  });

  it('is restricted to subnets when only the virtual network filter is on', () => {
    const exposure = evaluateCosmosExposure(cosmos({ isVirtualNetworkFilterEnabled: true, virtualNetworkRules: ['/subscriptions/x/subnets/app'] }), prefix(16));
    expect(exposure.verdict).toBe('restricted');
    expect(exposure.trace.map((s) => s.layer)).toContain('virtual network filter');
    // The VNet filter on with no subnet and no IP admits nobody.
    expect(evaluateCosmosExposure(cosmos({ isVirtualNetworkFilterEnabled: true }), prefix(16)).verdict).toBe('closed');
  });

  it('is undecidable behind a network security perimeter', () => {
    expect(evaluateCosmosExposure(cosmos({ publicNetworkAccess: 'SecuredByPerimeter' }), prefix(16)).verdict).toBe('undecidable');
  });
});

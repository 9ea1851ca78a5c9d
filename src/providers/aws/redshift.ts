/** Redshift collector for one region: provisioned clusters (paginated) and their VPC security groups. */
import { paginateDescribeClusters, type Cluster } from '@aws-sdk/client-redshift';
import { readable } from '../../inventory/common.ts';
import type { RedshiftCluster } from '../../inventory/aws-db.ts';
import { listingFailed, type RegionalRun } from './db-facets.ts';
import { groupIdsOf, limitedPages } from './ec2-security-groups.ts';
import { redshiftClient } from './db-clients.ts';

export const REDSHIFT_DEFAULT_PORT = 5439;

export async function collectRedshift(run: RegionalRun): Promise<void> {
  const wanted = run.plan.get('aws.redshift.cluster');
  if (!wanted) return;
  const clusters: Cluster[] = [];
  try {
    for await (const page of limitedPages(paginateDescribeClusters({ client: redshiftClient(run.clients, run.region), pageSize: 100 }, {}), run.limit)) {
      clusters.push(...(page.Clusters ?? []));
    }
  } catch (error) {
    return listingFailed(run, 'aws.redshift.cluster', error);
  }
  if (wanted.has('securityGroups')) await run.securityGroups.load(clusters.flatMap((c) => groupIdsOf(c.VpcSecurityGroups)));
  for (const cluster of clusters) {
    if (!cluster.ClusterIdentifier) continue;
    const groupIds = groupIdsOf(cluster.VpcSecurityGroups);
    const facets: RedshiftCluster['facets'] = {
      cluster: readable({
        publiclyAccessible: cluster.PubliclyAccessible === true,
        endpoint: cluster.Endpoint?.Address,
        port: cluster.Endpoint?.Port ?? REDSHIFT_DEFAULT_PORT,
        vpcId: cluster.VpcId,
        securityGroupIds: groupIds,
        encrypted: cluster.Encrypted === true,
        status: cluster.ClusterStatus,
        nodeType: cluster.NodeType,
      }),
    };
    if (wanted.has('securityGroups')) facets.securityGroups = run.securityGroups.facetFor(groupIds);
    run.emit({
      ref: {
        provider: 'aws',
        account: run.account,
        region: run.region,
        type: 'aws.redshift.cluster',
        id: cluster.ClusterNamespaceArn ?? `arn:aws:redshift:${run.region}:${run.account}:cluster:${cluster.ClusterIdentifier}`,
        name: cluster.ClusterIdentifier,
      },
      facets,
    });
  }
}

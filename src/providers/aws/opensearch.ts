/**
 * OpenSearch Service collector for one region: every domain (OpenSearch and legacy Elasticsearch
 * engines) from ListDomainNames, described five at a time (the DescribeDomains maximum). The
 * access policy and the endpoint / VPC / fine-grained access control settings come from the same
 * answer, so a failed DescribeDomains leaves both facets unreadable.
 */
import { DescribeDomainsCommand, ListDomainNamesCommand, type DomainStatus } from '@aws-sdk/client-opensearch';
import type { OpenSearchDomain } from '../../inventory/aws-db.ts';
import { readable, unreadable } from '../../inventory/common.ts';
import { listingFailed, type RegionalRun } from './db-facets.ts';
import { classifyAwsError } from './errors.ts';
import { opensearchClient } from './db-clients.ts';

const BATCH = 5;

function facetsOf(domain: DomainStatus): OpenSearchDomain['facets'] {
  const vpc = domain.VPCOptions;
  const security = domain.AdvancedSecurityOptions;
  return {
    domain: readable({
      engineVersion: domain.EngineVersion,
      endpoint: domain.Endpoint ?? domain.Endpoints?.vpc,
      vpc: vpc && (vpc.VPCId || (vpc.SubnetIds?.length ?? 0) > 0) ? { vpcId: vpc.VPCId, securityGroupIds: vpc.SecurityGroupIds ?? [], subnetIds: vpc.SubnetIds ?? [] } : null,
      fineGrainedAccessControl: security?.Enabled === true,
      anonymousAuth: security?.AnonymousAuthEnabled === true,
      internalUserDatabase: security?.InternalUserDatabaseEnabled === true,
      encryptionAtRest: domain.EncryptionAtRestOptions?.Enabled === true,
      enforceHttps: domain.DomainEndpointOptions?.EnforceHTTPS === true,
    }),
    accessPolicy: readable(domain.AccessPolicies && domain.AccessPolicies.trim() !== '' ? domain.AccessPolicies : null),
  };
}

export async function collectOpenSearch(run: RegionalRun): Promise<void> {
  if (!run.plan.has('aws.opensearch.domain')) return;
  const client = opensearchClient(run.clients, run.region);
  let names: string[];
  try {
    // ListDomainNames is not paginated: one answer holds every domain of the region.
    const out = await run.limit(() => client.send(new ListDomainNamesCommand({})));
    names = (out.DomainNames ?? []).flatMap((d) => (d.DomainName ? [d.DomainName] : []));
  } catch (error) {
    return listingFailed(run, 'aws.opensearch.domain', error);
  }
  const arnOf = (name: string) => `arn:aws:es:${run.region}:${run.account}:domain/${name}`;
  const batches: string[][] = [];
  for (let i = 0; i < names.length; i += BATCH) batches.push(names.slice(i, i + BATCH));
  await Promise.all(
    batches.map(async (batch) => {
      try {
        const out = await run.limit(() => client.send(new DescribeDomainsCommand({ DomainNames: batch })));
        const byName = new Map((out.DomainStatusList ?? []).map((d) => [d.DomainName, d]));
        for (const name of batch) {
          const domain = byName.get(name);
          const facets = domain
            ? facetsOf(domain)
            : { domain: unreadable('DescribeDomains', 'ResourceNotFoundException', `domain ${name} was not described`), accessPolicy: unreadable('DescribeDomains', 'ResourceNotFoundException', `domain ${name} was not described`) };
          run.emit({ ref: { provider: 'aws', account: run.account, region: run.region, type: 'aws.opensearch.domain', id: domain?.ARN ?? arnOf(name), name }, facets });
        }
      } catch (error) {
        const failure = classifyAwsError(error);
        for (const name of batch) {
          const facet = unreadable('DescribeDomains', failure.code, failure.message);
          run.emit({ ref: { provider: 'aws', account: run.account, region: run.region, type: 'aws.opensearch.domain', id: arnOf(name), name }, facets: { domain: facet, accessPolicy: facet } });
        }
      }
    }),
  );
}

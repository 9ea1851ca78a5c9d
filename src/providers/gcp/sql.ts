/**
 * Cloud SQL collector: one paginated instances.list per project (Cloud SQL Admin API v1) carries
 * everything the rules read, the IP configuration and the SSL settings, so no per-instance call.
 */
import type { Logger } from 'pino';
import type pLimit from 'p-limit';
import { readable, type CollectionError } from '../../inventory/common.ts';
import type { CloudSqlInstance } from '../../inventory/gcp.ts';
import { listingFailed } from './api-disabled.ts';
import type { GcpClient } from './clients.ts';

export const SQL_INSTANCES_LIST = { operation: 'sqladmin.instances.list', permission: 'cloudsql.instances.list' };

/** https://cloud.google.com/sql/docs/mysql/admin-api/rest/v1/instances#DatabaseInstance */
interface DatabaseInstance {
  name: string;
  region?: string;
  databaseVersion?: string;
  instanceType?: string;
  ipAddresses?: { type?: string; ipAddress?: string }[];
  settings?: {
    ipConfiguration?: {
      ipv4Enabled?: boolean;
      privateNetwork?: string;
      requireSsl?: boolean;
      sslMode?: string;
      authorizedNetworks?: { value?: string; name?: string }[];
    };
  };
}

export interface SqlCollectOptions {
  client: GcpClient;
  project: string;
  limit: ReturnType<typeof pLimit>;
  log: Logger;
  onError: (error: CollectionError) => void;
}

function toResource(instance: DatabaseInstance, project: string): CloudSqlInstance {
  const ip = instance.settings?.ipConfiguration ?? {};
  return {
    ref: {
      provider: 'gcp',
      account: project,
      region: instance.region ?? 'unknown',
      type: 'gcp.sql.instance',
      id: `//cloudsql.googleapis.com/projects/${project}/instances/${instance.name}`,
      name: instance.name,
    },
    facets: {
      network: readable({
        ipv4Enabled: ip.ipv4Enabled === true,
        authorizedNetworks: (ip.authorizedNetworks ?? []).filter((n) => n.value).map((n) => ({ value: n.value!, ...(n.name ? { name: n.name } : {}) })),
        publicIpAddresses: (instance.ipAddresses ?? []).filter((a) => a.type === 'PRIMARY' && a.ipAddress).map((a) => a.ipAddress!),
        ...(ip.privateNetwork ? { privateNetwork: ip.privateNetwork } : {}),
      }),
      ssl: readable({ ...(ip.requireSsl !== undefined ? { requireSsl: ip.requireSsl } : {}), ...(ip.sslMode ? { sslMode: ip.sslMode } : {}) }),
      databaseVersion: readable(instance.databaseVersion ?? 'unknown'),
    },
  };
}

export async function* collectSql(options: SqlCollectOptions): AsyncGenerator<CloudSqlInstance> {
  const { client, project, limit } = options;
  const pages = client.pages<{ items?: DatabaseInstance[]; nextPageToken?: string }>('sqladmin', SQL_INSTANCES_LIST.operation, `/v1/projects/${project}/instances`);
  try {
    for (let page = await limit(() => pages.next()); !page.done; page = await limit(() => pages.next())) {
      for (const instance of page.value.items ?? []) yield toResource(instance, project);
    }
  } catch (error) {
    listingFailed(error, options, SQL_INSTANCES_LIST.operation, 'Cloud SQL Admin API not enabled: no instances');
  }
}

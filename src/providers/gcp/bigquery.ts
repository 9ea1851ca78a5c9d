/**
 * BigQuery collector: datasets.list (paginated, hidden datasets included) names the datasets,
 * and one datasets.get each gives its access entries, which the listing does not carry.
 */
import type { Logger } from 'pino';
import type pLimit from 'p-limit';
import { readable, unreadable, type CollectionError } from '../../inventory/common.ts';
import type { BigQueryAccessEntry, BigQueryDataset } from '../../inventory/gcp.ts';
import { listingFailed } from './api-disabled.ts';
import { GcpApiError, type GcpClient } from './clients.ts';

export const BIGQUERY_DATASETS_LIST = { operation: 'bigquery.datasets.list', permission: 'bigquery.datasets.get' };
export const BIGQUERY_DATASETS_GET = { operation: 'bigquery.datasets.get', permission: 'bigquery.datasets.get' };

interface DatasetListPage {
  datasets?: { datasetReference?: { datasetId?: string; projectId?: string }; location?: string }[];
  nextPageToken?: string;
}

/** https://cloud.google.com/bigquery/docs/reference/rest/v2/datasets#Dataset.FIELDS.access */
interface RawAccessEntry {
  role?: string;
  specialGroup?: string;
  iamMember?: string;
  userByEmail?: string;
  groupByEmail?: string;
  domain?: string;
  view?: { tableId?: string };
  routine?: { routineId?: string };
  dataset?: { dataset?: { datasetId?: string } };
}

export interface BigQueryCollectOptions {
  client: GcpClient;
  project: string;
  limit: ReturnType<typeof pLimit>;
  log: Logger;
  onError: (error: CollectionError) => void;
}

const toEntry = (raw: RawAccessEntry): BigQueryAccessEntry => {
  const entry: BigQueryAccessEntry = {};
  for (const key of ['role', 'specialGroup', 'iamMember', 'userByEmail', 'groupByEmail', 'domain'] as const) {
    if (raw[key]) entry[key] = raw[key];
  }
  if (raw.view) entry.other = `view ${raw.view.tableId ?? ''}`.trim();
  else if (raw.routine) entry.other = `routine ${raw.routine.routineId ?? ''}`.trim();
  else if (raw.dataset) entry.other = `dataset ${raw.dataset.dataset?.datasetId ?? ''}`.trim();
  return entry;
};

export async function* collectBigQuery(options: BigQueryCollectOptions): AsyncGenerator<BigQueryDataset> {
  const { client, project, limit } = options;
  const base = `/bigquery/v2/projects/${project}/datasets`;
  const pages = client.pages<DatasetListPage>('bigquery', BIGQUERY_DATASETS_LIST.operation, base, { all: 'true', maxResults: '1000' });
  try {
    for (let page = await limit(() => pages.next()); !page.done; page = await limit(() => pages.next())) {
      const datasets = (page.value.datasets ?? []).map((d) => ({ id: d.datasetReference?.datasetId, location: d.location })).filter((d): d is { id: string; location: string | undefined } => Boolean(d.id));
      yield* await Promise.all(
        datasets.map(async ({ id, location }): Promise<BigQueryDataset> => {
          let access: BigQueryDataset['facets']['access'];
          try {
            const dataset = await limit(() => client.get<{ access?: RawAccessEntry[]; location?: string }>('bigquery', BIGQUERY_DATASETS_GET.operation, `${base}/${encodeURIComponent(id)}`));
            access = readable((dataset.access ?? []).map(toEntry));
            location = dataset.location ?? location;
          } catch (error) {
            if (!(error instanceof GcpApiError)) throw error;
            access = unreadable(BIGQUERY_DATASETS_GET.operation, error.code, error.message);
          }
          return {
            ref: { provider: 'gcp', account: project, region: (location ?? 'unknown').toLowerCase(), type: 'gcp.bigquery.dataset', id: `//bigquery.googleapis.com/projects/${project}/datasets/${id}`, name: id },
            facets: { access },
          };
        }),
      );
    }
  } catch (error) {
    listingFailed(error, options, BIGQUERY_DATASETS_LIST.operation, 'BigQuery API not enabled: no datasets');
  }
}

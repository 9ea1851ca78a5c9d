import { defineRule } from '../../../src/engine/define-rule.ts';
import type { TraceStep } from '../../../src/engine/finding.ts';
import type { BigQueryAccessEntry, BigQueryDataset } from '../../../src/inventory/gcp.ts';

const PUBLIC = new Set(['allUsers', 'allAuthenticatedUsers']);

/** The public principal an entry names, through iamMember or the legacy specialGroup field. */
const publicPrincipal = (entry: BigQueryAccessEntry): string | undefined =>
  entry.iamMember && PUBLIC.has(entry.iamMember) ? entry.iamMember : entry.specialGroup && PUBLIC.has(entry.specialGroup) ? entry.specialGroup : undefined;

export default defineRule<BigQueryDataset>()({
  meta: {
    id: 'gcp-bigquery-dataset-not-publicly-accessible',
    resourceType: 'gcp.bigquery.dataset',
    title: 'BigQuery dataset grants no access to allUsers or allAuthenticatedUsers',
    severity: 'critical',
    description: 'Checks the dataset access entries (datasets.get) for a role granted to allUsers or allAuthenticatedUsers, whether as iamMember or as the specialGroup allAuthenticatedUsers.',
    risk: 'Anyone, or anyone with any Google account, can query every table of the dataset and export the rows.',
    remediation: {
      text: 'Remove the allUsers / allAuthenticatedUsers entries from the dataset sharing settings; share with named groups or an authorized view instead.',
      cli: 'bq show --format=prettyjson <project>:<dataset> > ds.json  # delete the public entries from "access", then: bq update --source ds.json <project>:<dataset>',
    },
    references: ['https://cloud.google.com/bigquery/docs/control-access-to-resources-iam', 'https://cloud.google.com/bigquery/docs/reference/rest/v2/datasets#Dataset.FIELDS.access'],
    requires: ['access'],
    messages: { public: 'Dataset {{name}} is shared with {{who}}.' },
  },
  evaluate: (dataset, { pass, fail }) => {
    const trace: TraceStep[] = [];
    const grants: string[] = [];
    for (const entry of dataset.facets.access) {
      const who = publicPrincipal(entry);
      if (!who) continue;
      const role = entry.role ?? 'a role';
      grants.push(`${who} (${role})`);
      trace.push({ layer: 'dataset access', ref: `${who}:${role}`, effect: 'grants', detail: `${who === 'allUsers' ? 'anyone on the internet' : 'any signed-in Google account'} holds ${role}` });
    }
    if (grants.length > 0) return fail('public', { name: dataset.ref.name, who: grants.join(', ') }, trace);
    return pass(`None of the ${dataset.facets.access.length} access entries names allUsers or allAuthenticatedUsers.`, [{ layer: 'dataset access', effect: 'note', detail: `${dataset.facets.access.length} entries, none public` }]);
  },
});

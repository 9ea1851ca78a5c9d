import { classifySource, parseCidr } from '../../../src/analysis/network.ts';
import { defineRule } from '../../../src/engine/define-rule.ts';
import type { TraceStep } from '../../../src/engine/finding.ts';
import type { CloudSqlInstance } from '../../../src/inventory/gcp.ts';

export default defineRule<CloudSqlInstance>()({
  meta: {
    id: 'gcp-sql-instance-not-publicly-accessible',
    resourceType: 'gcp.sql.instance',
    title: 'Cloud SQL instance does not accept connections from the internet',
    severity: 'critical',
    description:
      'Checks instances with a public IPv4 address (ipConfiguration.ipv4Enabled) for an authorized network that is 0.0.0.0/0 or a public range wider than the configured prefix (network.maxPublicPrefix, default /16). Without authorized networks a public IP only admits the Cloud SQL Auth Proxy and connectors, which authenticate through IAM.',
    risk: 'The database port answers the whole internet: password spraying, unpatched engine exploits and data theft are one connection away.',
    remediation: {
      text: 'Remove 0.0.0.0/0 and broad ranges from the authorized networks; connect through the Cloud SQL Auth Proxy or a private IP instead, and disable the public IP when nothing needs it.',
      cli: 'gcloud sql instances patch <instance> --clear-authorized-networks   # or --no-assign-ip',
    },
    references: ['https://cloud.google.com/sql/docs/mysql/authorize-networks', 'https://cloud.google.com/sql/docs/mysql/admin-api/rest/v1/instances#ipconfiguration'],
    requires: ['network'],
    messages: { open: 'Instance {{name}} accepts connections from the internet: {{reason}}.' },
  },
  evaluate: (instance, { pass, fail, unknown, ctx }) => {
    const network = instance.facets.network;
    if (!network.ipv4Enabled) {
      return pass('The instance has no public IPv4 address.', [{ layer: 'public IP', effect: 'blocks', detail: `ipv4Enabled is false${network.privateNetwork ? `; private IP on ${network.privateNetwork}` : ''}` }]);
    }
    const trace: TraceStep[] = [{ layer: 'public IP', ref: network.publicIpAddresses.join(', ') || undefined, effect: 'note', detail: 'ipv4Enabled: the instance has a public IPv4 address' }];
    const open: string[] = [];
    const invalid: string[] = [];
    for (const entry of network.authorizedNetworks) {
      const ref = entry.name ? `${entry.name} (${entry.value})` : entry.value;
      const range = parseCidr(entry.value);
      if (!range) {
        invalid.push(entry.value);
        trace.push({ layer: 'authorized networks', ref, effect: 'note', detail: 'not a CIDR block ajar can read' });
        continue;
      }
      const verdict = classifySource(range, ctx.network);
      trace.push({ layer: 'authorized networks', ref, effect: verdict.internet ? 'grants' : 'restricts', detail: verdict.reason });
      if (verdict.internet) open.push(`authorized network ${ref}: ${verdict.reason}`);
    }
    if (open.length > 0) return fail('open', { name: instance.ref.name, reason: open.join('; ') }, trace);
    if (invalid.length > 0) return unknown(`Authorized network(s) ${invalid.join(', ')} of ${instance.ref.name} could not be parsed.`, trace);
    if (network.authorizedNetworks.length === 0) {
      trace.push({ layer: 'authorized networks', effect: 'restricts', detail: 'none: only the Cloud SQL Auth Proxy and connectors (IAM-authorized) can connect' });
      return pass('The public IP has no authorized network; only IAM-authorized connectors can connect.', trace);
    }
    return pass(`All ${network.authorizedNetworks.length} authorized network(s) are private or narrower than a /${ctx.network.maxPublicPrefix}.`, trace);
  },
});

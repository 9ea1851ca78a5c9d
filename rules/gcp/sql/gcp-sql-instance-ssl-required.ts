import { defineRule } from '../../../src/engine/define-rule.ts';
import type { CloudSqlInstance } from '../../../src/inventory/gcp.ts';

const ENCRYPTED = new Set(['ENCRYPTED_ONLY', 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED']);

export default defineRule<CloudSqlInstance>()({
  meta: {
    id: 'gcp-sql-instance-ssl-required',
    resourceType: 'gcp.sql.instance',
    title: 'Cloud SQL instance refuses unencrypted connections',
    severity: 'medium',
    description:
      'Checks ipConfiguration.sslMode (ENCRYPTED_ONLY or TRUSTED_CLIENT_CERTIFICATE_REQUIRED), falling back to the legacy requireSsl flag when sslMode is absent. Connections through the Cloud SQL Auth Proxy and connectors are encrypted whatever this says; direct connections to the IP are not.',
    risk: 'Credentials and query results cross the network in clear text, readable by anyone on the path.',
    remediation: {
      text: 'Set the SSL mode to ENCRYPTED_ONLY (or TRUSTED_CLIENT_CERTIFICATE_REQUIRED to require client certificates).',
      cli: 'gcloud sql instances patch <instance> --ssl-mode=ENCRYPTED_ONLY',
    },
    references: ['https://cloud.google.com/sql/docs/mysql/configure-ssl-instance', 'https://cloud.google.com/sql/docs/mysql/admin-api/rest/v1/instances#sslmode'],
    requires: ['ssl'],
    messages: { unencrypted: 'Instance {{name}} accepts unencrypted connections ({{setting}}).' },
  },
  evaluate: (instance, { pass, fail }) => {
    const { sslMode, requireSsl } = instance.facets.ssl;
    if (sslMode) {
      const trace = [{ layer: 'SSL mode', ref: sslMode, effect: ENCRYPTED.has(sslMode) ? ('blocks' as const) : ('grants' as const), detail: `sslMode is ${sslMode}` }];
      return ENCRYPTED.has(sslMode) ? pass(`sslMode is ${sslMode}.`, trace) : fail('unencrypted', { name: instance.ref.name, setting: `sslMode ${sslMode}` }, trace);
    }
    const trace = [{ layer: 'SSL mode', ref: 'requireSsl', effect: requireSsl ? ('blocks' as const) : ('grants' as const), detail: `sslMode absent; requireSsl is ${requireSsl === true}` }];
    return requireSsl ? pass('requireSsl is true.', trace) : fail('unencrypted', { name: instance.ref.name, setting: 'requireSsl is false and no sslMode is set' }, trace);
  },
});

/** Google Cloud as a provider of the scan. Placeholder until the GCP collectors land (issue 3). */
import { ProviderNotScanned, type ProviderCollector } from '../types.ts';

export interface GcpScanOptions {
  /** Project ids to scan; empty means every project the identity can list. */
  projects: string[];
  /** Root URL standing in for every *.googleapis.com service (emulators, Private Service Connect). */
  endpoint?: string;
}

export const gcpCollector: ProviderCollector<GcpScanOptions> = {
  id: 'gcp',
  label: 'Google Cloud',
  endpointOf: (options) => options.endpoint,
  permissions: () => ({ kind: 'none yet', document: {} }),
  collect() {
    return Promise.reject(new ProviderNotScanned({ operation: 'gcp', code: 'NotImplemented', message: 'the GCP collectors are not built yet', network: false }));
  },
};

/** Azure as a provider of the scan. Placeholder until the Azure collectors land (issue 3). */
import { ProviderNotScanned, type ProviderCollector } from '../types.ts';

export interface AzureScanOptions {
  /** Subscription ids to scan; empty means every subscription the identity can list. */
  subscriptions: string[];
  /** Azure Resource Manager endpoint (default https://management.azure.com). */
  endpoint?: string;
}

export const azureCollector: ProviderCollector<AzureScanOptions> = {
  id: 'azure',
  label: 'Azure',
  endpointOf: (options) => options.endpoint,
  permissions: () => ({ kind: 'none yet', document: {} }),
  collect() {
    return Promise.reject(new ProviderNotScanned({ operation: 'azure', code: 'NotImplemented', message: 'the Azure collectors are not built yet', network: false }));
  },
};

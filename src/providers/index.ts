/**
 * The providers ajar can scan, by id. Each is loaded only when used: the Azure and Google SDKs
 * take about 100 MB of memory and a few hundred milliseconds to import, which `scan aws` (or
 * `ajar rules`) should not pay. `scan all` loads all three.
 */
import type { Provider } from '../inventory/common.ts';
import type { AwsScanOptions } from './aws/collector.ts';
import type { AzureScanOptions } from './azure/collector.ts';
import type { GcpScanOptions } from './gcp/collector.ts';
import type { ProviderCollector } from './types.ts';

export interface ProviderOptions {
  aws: AwsScanOptions;
  azure: AzureScanOptions;
  gcp: GcpScanOptions;
}

type Collectors = { [P in Provider]: ProviderCollector<ProviderOptions[P]> };

const LOADERS: { [P in Provider]: () => Promise<Collectors[P]> } = {
  aws: async () => (await import('./aws/collector.ts')).awsCollector,
  azure: async () => (await import('./azure/collector.ts')).azureCollector,
  gcp: async () => (await import('./gcp/collector.ts')).gcpCollector,
};

export const loadCollector = <P extends Provider>(provider: P): Promise<Collectors[P]> => LOADERS[provider]();

export type { AwsScanOptions, AzureScanOptions, GcpScanOptions };

/**
 * The providers ajar can scan, by id. `scan all` walks this table; each entry's options come
 * from the flags and config resolved in cli/commands/collection-options.ts.
 */
import type { Provider } from '../inventory/common.ts';
import { awsCollector, type AwsScanOptions } from './aws/collector.ts';
import { azureCollector, type AzureScanOptions } from './azure/collector.ts';
import { gcpCollector, type GcpScanOptions } from './gcp/collector.ts';
import type { ProviderCollector } from './types.ts';

export interface ProviderOptions {
  aws: AwsScanOptions;
  azure: AzureScanOptions;
  gcp: GcpScanOptions;
}

export const COLLECTORS: { [P in Provider]: ProviderCollector<ProviderOptions[P]> } = {
  aws: awsCollector,
  azure: azureCollector,
  gcp: gcpCollector,
};

export type { AwsScanOptions, AzureScanOptions, GcpScanOptions };

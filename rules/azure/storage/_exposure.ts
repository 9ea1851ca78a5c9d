/**
 * Shared by the container exposure rules: the evaluation runs once per container, however many
 * rules ask, and each rule picks the capability it is about.
 */
import { evaluateContainer, type ContainerExposure } from '../../../src/analysis/azure-access.ts';
import type { NetworkSettings } from '../../../src/analysis/network.ts';
import type { Ready } from '../../../src/engine/define-rule.ts';
import type { StorageContainer } from '../../../src/inventory/azure.ts';

export const CONTAINER_EXPOSURE_FACETS = ['publicAccess', 'account'] as const;
export const CONTAINER_EXPOSURE_OPTIONAL = ['accountStaticWebsite'] as const;

export const CONTAINER_EXPOSURE_META = {
  remediation: {
    text: 'Set the container\'s public access level to private (None) and, unless the account must serve anonymous content, disallow blob public access on the whole account so no container can be opened again. Serve public content through a CDN or SAS with an expiry instead.',
    cli: 'az storage account update --name <account> --resource-group <group> --allow-blob-public-access false',
  },
  references: [
    'https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-prevent',
    'https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-configure',
    'https://learn.microsoft.com/azure/storage/common/storage-network-security',
  ],
  requires: CONTAINER_EXPOSURE_FACETS,
  optional: CONTAINER_EXPOSURE_OPTIONAL,
} as const;

type ExposureReady = Ready<StorageContainer, typeof CONTAINER_EXPOSURE_FACETS>;

const cache = new WeakMap<object, ContainerExposure>();

/** The container's own name (ref names are `<account>/<container>`). */
export const containerNameOf = (container: { ref: { name: string } }): string => container.ref.name.slice(container.ref.name.indexOf('/') + 1);

export function exposureOf(container: ExposureReady, network: NetworkSettings): ContainerExposure {
  const cached = cache.get(container.raw);
  if (cached) return cached;
  const site = container.raw.accountStaticWebsite;
  const exposure = evaluateContainer(
    {
      name: containerNameOf(container),
      level: container.facets.publicAccess,
      account: container.facets.account,
      staticWebsite: site?.state === 'ok' ? site.value : undefined,
    },
    network,
  );
  cache.set(container.raw, exposure);
  return exposure;
}

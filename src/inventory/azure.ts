/**
 * Azure Storage inventory types. Account settings come from the management plane's
 * storageAccounts list (one call per subscription page); container levels from the management
 * plane's blobContainers list; the static website switch from the blob data plane (an optional
 * facet: `unknown` when the data plane refuses).
 */
import type { Resource } from './common.ts';

/** The container's anonymous access level, as `x-ms-blob-public-access` and ARM `publicAccess` name it. */
export type ContainerAccessLevel = 'none' | 'blob' | 'container';

export interface StorageNetworkRuleSet {
  defaultAction: 'Allow' | 'Deny';
  /** e.g. "AzureServices", "Logging, Metrics", "None". */
  bypass: string | null;
  /** IPv4 rules as written: an address or a CIDR range. */
  ipRules: string[];
  /** IPv6 rules as written. */
  ipv6Rules: string[];
  /** Subnet resource ids. */
  virtualNetworkRules: string[];
  /** Resource instance rules (trusted Azure resource instances). */
  resourceAccessRules: string[];
}

/** What the storage account says about access, as ARM returns it; null where the property is absent. */
export interface StorageAccountSettings {
  kind: string | null;
  /** ISO date; tells whether an absent allowBlobPublicAccess predates the 2023-11 default change. */
  creationTime: string | null;
  /** null: not set (accounts created before the property existed); Azure then permits anonymous access. */
  allowBlobPublicAccess: boolean | null;
  publicNetworkAccess: 'Enabled' | 'Disabled' | 'SecuredByPerimeter' | null;
  networkRuleSet: StorageNetworkRuleSet | null;
  allowSharedKeyAccess: boolean | null;
  minimumTlsVersion: string | null;
  supportsHttpsTrafficOnly: boolean | null;
  allowCrossTenantReplication: boolean | null;
  primaryEndpoints: { blob?: string; web?: string };
}

export interface StaticWebsite {
  enabled: boolean;
  indexDocument?: string;
  errorDocument404Path?: string;
}

export interface StorageAccountFacets {
  settings: StorageAccountSettings;
  /** Blob service static website switch (data plane, Get Blob Service Properties). */
  staticWebsite: StaticWebsite;
}

export interface StorageContainerFacets {
  publicAccess: ContainerAccessLevel;
  /** The account's settings, copied onto each container so a container is evaluable alone. */
  account: StorageAccountSettings;
  /** The account's static website switch, copied for the `$web` container's verdict (only `$web` carries it). */
  accountStaticWebsite: StaticWebsite;
}

export type StorageAccount = Resource<'azure.storage.account', StorageAccountFacets>;
export type StorageContainer = Resource<'azure.storage.container', StorageContainerFacets>;

export const STATIC_WEBSITE_CONTAINER = '$web';

/**
 * PROVISIONAL stand-in for h7's classification of every `s3:` action of the Service Authorization
 * Reference (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html).
 * Same exports as h7's module; the lead keeps h7's version at merge.
 */
export const S3_CAPABILITIES = ['readObjects', 'list', 'write', 'readConfig', 'writeConfig', 'readAcl', 'writeAcl'] as const;
export type S3Capability = (typeof S3_CAPABILITIES)[number];

const OBJECT: Record<S3Capability, string[]> = {
  readObjects: ['GetObject', 'GetObjectVersion', 'GetObjectAttributes', 'GetObjectVersionAttributes', 'GetObjectTorrent', 'GetObjectVersionTorrent', 'GetObjectTagging', 'GetObjectVersionTagging', 'GetObjectVersionForReplication', 'RestoreObject'],
  list: ['ListMultipartUploadParts'],
  write: ['PutObject', 'DeleteObject', 'DeleteObjectVersion', 'AbortMultipartUpload', 'PutObjectTagging', 'PutObjectVersionTagging', 'DeleteObjectTagging', 'DeleteObjectVersionTagging', 'ReplicateObject', 'ReplicateDelete', 'ReplicateTags', 'PutObjectRetention', 'PutObjectLegalHold', 'BypassGovernanceRetention', 'ObjectOwnerOverrideToBucketOwner', 'InitiateReplication'],
  readConfig: ['GetObjectRetention', 'GetObjectLegalHold'],
  writeConfig: [],
  readAcl: ['GetObjectAcl', 'GetObjectVersionAcl'],
  writeAcl: ['PutObjectAcl', 'PutObjectVersionAcl'],
};

const BUCKET: Record<S3Capability, string[]> = {
  readObjects: [],
  list: ['ListBucket', 'ListBucketVersions', 'ListBucketMultipartUploads'],
  write: ['DeleteBucket'],
  readConfig: ['GetBucketLocation', 'GetBucketVersioning', 'GetBucketWebsite', 'GetBucketCORS', 'GetBucketLogging', 'GetBucketNotification', 'GetBucketTagging', 'GetBucketRequestPayment', 'GetLifecycleConfiguration', 'GetReplicationConfiguration', 'GetEncryptionConfiguration', 'GetBucketObjectLockConfiguration', 'GetAccelerateConfiguration', 'GetAnalyticsConfiguration', 'GetInventoryConfiguration', 'GetMetricsConfiguration', 'GetIntelligentTieringConfiguration', 'GetBucketOwnershipControls', 'GetBucketPublicAccessBlock', 'GetBucketPolicyStatus'],
  writeConfig: ['PutBucketVersioning', 'PutBucketWebsite', 'DeleteBucketWebsite', 'PutBucketCORS', 'PutBucketLogging', 'PutBucketNotification', 'PutBucketTagging', 'PutBucketRequestPayment', 'PutLifecycleConfiguration', 'PutReplicationConfiguration', 'PutEncryptionConfiguration', 'PutBucketObjectLockConfiguration', 'PutAccelerateConfiguration', 'PutAnalyticsConfiguration', 'PutInventoryConfiguration', 'PutMetricsConfiguration', 'PutIntelligentTieringConfiguration', 'PutBucketOwnershipControls', 'PutBucketPublicAccessBlock'],
  readAcl: ['GetBucketAcl', 'GetBucketPolicy'],
  writeAcl: ['PutBucketAcl', 'PutBucketPolicy', 'DeleteBucketPolicy'],
};

const prefixed = (names: string[]) => names.map((n) => `s3:${n}`);

/** every s3: action of the Service Authorization Reference, by capability and by the resource it acts on */
export function actionsFor(capability: S3Capability): { bucket: string[]; object: string[] } {
  return { bucket: prefixed(BUCKET[capability]), object: prefixed(OBJECT[capability]) };
}

export function capabilityOf(action: string): S3Capability | undefined {
  const name = action.replace(/^s3:/i, '').toLowerCase();
  return S3_CAPABILITIES.find((c) => [...BUCKET[c], ...OBJECT[c]].some((a) => a.toLowerCase() === name));
}

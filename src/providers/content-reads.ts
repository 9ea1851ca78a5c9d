/**
 * "Never reads contents", enforced by the guards themselves and not only by which calls the
 * collectors happen to make. The read-only guards admit reads by name or method (AWS Get*,
 * Azure and Google GET); many of those reads return the data an organisation stores, or a secret
 * that would open it. This file names them, per cloud, so each guard refuses them before sending.
 *
 * The line drawn: ajar reads how a resource is configured (policies, ACLs, network settings,
 * service properties). It never reads an object's or a row's bytes, anything computed from them
 * (checksums), user-supplied per-object metadata, log contents, or a credential.
 */

/**
 * AWS operations (command name without `Command`) refused even though their name reads as a read.
 * Some (Query, Scan, Select..., Execute..., Download...) are refused by the read-prefix rule as
 * well; they are listed so the intent does not hang on a naming convention.
 */
export const AWS_CONTENT_READS: ReadonlySet<string> = new Set([
  // S3 objects: the bytes, a torrent of them, an SQL query over them.
  'GetObject',
  'GetObjectTorrent',
  'SelectObjectContent',
  // Object metadata ajar never needs, and which carries content-derived checksums
  // (GetObjectAttributes: ETag, Checksum*, parts) and user-supplied x-amz-meta-* (HeadObject).
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html
  'GetObjectAttributes',
  'HeadObject',
  // S3 Control: Access Grants hands out temporary credentials for the data.
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_GetDataAccess.html
  'GetDataAccess',
  // DynamoDB items, by key, batch, query, scan, PartiQL or transaction; stream records.
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB.html
  'GetItem',
  'BatchGetItem',
  'Query',
  'Scan',
  'ExecuteStatement',
  'BatchExecuteStatement',
  'ExecuteTransaction',
  'TransactGetItems',
  'GetRecords',
  'GetShardIterator',
  // RDS: database log contents. (RDS Data API / Redshift Data API clients are not built by ajar;
  // their ExecuteStatement / GetStatementResult are on this list all the same.)
  'DownloadDBLogFilePortion',
  'DownloadCompleteDBLogFile',
  'GetStatementResult',
  'GetStatementResultV2',
  // Redshift: temporary database credentials.
  // https://docs.aws.amazon.com/redshift/latest/APIReference/API_GetClusterCredentials.html
  'GetClusterCredentials',
  'GetClusterCredentialsWithIAM',
  // EC2: the Windows administrator password, the console's text and picture, launch template user data.
  'GetPasswordData',
  'GetConsoleOutput',
  'GetConsoleScreenshot',
  'GetLaunchTemplateData',
  // STS: new credentials.
  'GetSessionToken',
  'GetFederationToken',
  'GetWebIdentityToken',
  'GetDelegatedAccessToken',
]);

/**
 * The blob data-plane requests ajar makes, named by blob-data.ts's blobOperationOf: only Get Blob
 * Service Properties (the static website switch). Any other request on a blob endpoint, a blob
 * download (GET on a blob URL) or a query (POST ?comp=query) included, is refused.
 * https://learn.microsoft.com/rest/api/storageservices/get-blob-service-properties
 */
export const AZURE_BLOB_ALLOWED: ReadonlySet<string> = new Set(['blob:GetBlobServiceProperties']);

/**
 * Why a Google API GET is a content read, or undefined when it is not: a media download
 * (`alt=media`, https://cloud.google.com/storage/docs/json_api/v1/objects/get), anything under
 * a bucket's objects (`/b/{bucket}/o`) or the download path, and BigQuery table rows
 * (tabledata.list) and query results (jobs.getQueryResults).
 */
export function gcpContentRead(url: URL): string | undefined {
  if (url.searchParams.get('alt') === 'media') return 'a media download (alt=media)';
  const path = url.pathname;
  if (/^\/download\//.test(path) || /\/storage\/v1\/b\/[^/]+\/o(\/|$)/.test(path)) return 'an object read';
  if (/\/bigquery\/v2\/projects\/[^/]+\/datasets\/[^/]+\/tables\/[^/]+\/data$/.test(path)) return 'table rows (tabledata.list)';
  if (/\/bigquery\/v2\/projects\/[^/]+\/queries(\/|$)/.test(path)) return 'query results';
  return undefined;
}

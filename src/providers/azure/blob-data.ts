/**
 * The blob data plane, for the one facet the management plane cannot give: the static website
 * switch (Get Blob Service Properties). Clients go through @azure/storage-blob with the same credential as ARM (storage
 * audience), a read-only guard that refuses anything but GET before it is sent, and the ARM
 * clients' retry policy, call counter, per-attempt timeout and rejected-credentials stop (one
 * credential state for the provider: a 401 here stops ARM too, and the reverse). The blob endpoint is the one ARM reports for the account (primaryEndpoints.blob),
 * so sovereign clouds, custom domains and emulators need no extra setting.
 */
import type { PipelinePolicy, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';
import { BlobServiceClient, ContainerClient, newPipeline, type Pipeline, type RequestPolicyFactory } from '@azure/storage-blob';
import type { StaticWebsite } from '../../inventory/azure.ts';
import { AZURE_BLOB_ALLOWED } from '../content-reads.ts';
import { MutatingCallRefused, type AzureClients, type RequestNaming } from './clients.ts';

export const GET_CONTAINER_ACL = 'blob:GetContainerACL';
export const GET_BLOB_SERVICE_PROPERTIES = 'blob:GetBlobServiceProperties';

/** Names a data-plane request by its REST operation. */
export function blobOperationOf(url: string): string {
  const q = new URL(url).searchParams;
  const comp = q.get('comp');
  const restype = q.get('restype');
  if (restype === 'service' && comp === 'properties') return GET_BLOB_SERVICE_PROPERTIES;
  if (restype === 'container' && comp === 'acl') return GET_CONTAINER_ACL;
  if (restype === 'container' && comp === 'list') return 'blob:ListBlobs';
  if (restype === 'container') return 'blob:GetContainerProperties';
  return `blob:${comp ?? 'Request'}`;
}

/**
 * The blob service names its error in x-ms-error-code; a bad or expired bearer token is 401
 * InvalidAuthenticationInfo / NoAuthenticationInformation
 * (https://learn.microsoft.com/rest/api/storageservices/common-rest-api-error-codes). Its
 * throttling is 503 ServerBusy or 500 OperationTimedOut, per account
 * (https://learn.microsoft.com/azure/storage/blobs/scalability-targets), hence the key.
 */
export const BLOB_NAMING: RequestNaming = {
  operationOf: blobOperationOf,
  throttleKeyOf: (url) => `${new URL(url).host}/blob`,
  errorCodeOf: (response) => response.headers.get('x-ms-error-code') ?? undefined,
};

/**
 * A core-rest-pipeline policy as a core-http style factory, the only kind a storage-blob Pipeline
 * takes. The request it gets is a proxy that writes url, timeout and abortSignal through to the
 * pipeline request, and the response carries status, headers.get and bodyAsText: all the shared
 * policies use.
 */
export function asRequestPolicyFactory(policy: PipelinePolicy): RequestPolicyFactory {
  return {
    create: (next) => ({
      sendRequest: (request) =>
        policy.sendRequest(request as unknown as PipelineRequest, (r) => next.sendRequest(r as unknown as Parameters<typeof next.sendRequest>[0]) as unknown as Promise<PipelineResponse>) as unknown as ReturnType<typeof next.sendRequest>,
    }),
  };
}

/**
 * A core-http style policy factory: @azure/storage-blob runs such factories on every request
 * before its retry phase, so the guard acts before anything is sent.
 */
export function blobGuardFactory(): RequestPolicyFactory {
  return {
    create: (next) => ({
      sendRequest(request) {
        if (request.method !== 'GET') {
          return Promise.reject(new MutatingCallRefused(`ajar is read-only: refused ${request.method} ${blobOperationOf(request.url)} before sending it`));
        }
        if (!AZURE_BLOB_ALLOWED.has(blobOperationOf(request.url))) {
          return Promise.reject(new MutatingCallRefused(`ajar never reads contents: refused GET ${blobOperationOf(request.url)} before sending it`));
        }
        return next.sendRequest(request);
      },
    }),
  };
}

export class BlobDataPlane {
  private readonly pipeline: Pipeline;
  constructor(clients: AzureClients) {
    // maxTries 1: ajar's retry policy retries; the SDK's own would multiply the attempts. Factories
    // run in the order pushed, all before the SDK's retry and signing phases, so each of ajar's
    // attempts is signed and sent anew.
    this.pipeline = newPipeline(clients.credential, { retryOptions: { maxTries: 1 } });
    this.pipeline.factories.push(
      blobGuardFactory(),
      asRequestPolicyFactory(clients.retryPolicy(BLOB_NAMING)),
      ...clients.perAttemptPolicies(BLOB_NAMING).map(asRequestPolicyFactory),
    );
  }

  containerClient(blobEndpoint: string, container: string): ContainerClient {
    return new ContainerClient(`${blobEndpoint.replace(/\/+$/, '')}/${encodeURIComponent(container)}`, this.pipeline);
  }

  async staticWebsite(blobEndpoint: string): Promise<StaticWebsite> {
    const properties = await new BlobServiceClient(blobEndpoint, this.pipeline).getProperties();
    const site = properties.staticWebsite;
    return { enabled: site?.enabled === true, indexDocument: site?.indexDocument, errorDocument404Path: site?.errorDocument404Path };
  }
}

/**
 * The blob data plane, for the one facet the management plane cannot give: the static website
 * switch (Get Blob Service Properties). Clients go through @azure/storage-blob with the same credential as ARM (storage
 * audience), a read-only guard that refuses anything but GET before it is sent, and the run's
 * call counter. The blob endpoint is the one ARM reports for the account (primaryEndpoints.blob),
 * so sovereign clouds, custom domains and emulators need no extra setting.
 */
import { BlobServiceClient, ContainerClient, newPipeline, type Pipeline, type RequestPolicyFactory } from '@azure/storage-blob';
import type { StaticWebsite } from '../../inventory/azure.ts';
import { AZURE_BLOB_ALLOWED } from '../content-reads.ts';
import { MutatingCallRefused, type AzureClients, type CallCounter } from './clients.ts';

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
 * A core-http style policy factory: @azure/storage-blob runs such factories on every request
 * before its retry phase, so the guard acts before anything is sent.
 */
export function blobGuardFactory(counter: CallCounter): RequestPolicyFactory {
  return {
    create: (next) => ({
      sendRequest(request) {
        if (request.method !== 'GET') {
          return Promise.reject(new MutatingCallRefused(`ajar is read-only: refused ${request.method} ${blobOperationOf(request.url)} before sending it`));
        }
        if (!AZURE_BLOB_ALLOWED.has(blobOperationOf(request.url))) {
          return Promise.reject(new MutatingCallRefused(`ajar never reads contents: refused GET ${blobOperationOf(request.url)} before sending it`));
        }
        counter.record(blobOperationOf(request.url));
        return next.sendRequest(request);
      },
    }),
  };
}

export class BlobDataPlane {
  private readonly pipeline: Pipeline;
  constructor(clients: AzureClients) {
    this.pipeline = newPipeline(clients.credential, { retryOptions: { maxTries: 4 } });
    this.pipeline.factories.push(blobGuardFactory(clients.counter));
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

import { defineRule } from '../../../src/engine/define-rule.ts';
import type { StorageContainer } from '../../../src/inventory/azure.ts';
import { CONTAINER_EXPOSURE_META, exposureOf } from './_exposure.ts';

export default defineRule<StorageContainer>()({
  meta: {
    id: 'azure-storage-container-not-publicly-listable',
    resourceType: 'azure.storage.container',
    title: 'Blob container contents cannot be listed by anyone on the internet',
    severity: 'high',
    description: 'Fails when the container\'s level is Container (anonymous List Blobs) and neither the account\'s AllowBlobPublicAccess nor its network rules stop anonymous internet clients.',
    risk: 'A public listing hands out every blob name, which turns "hard to guess URLs" into a download list and often names customers, children or dates on its own.',
    ...CONTAINER_EXPOSURE_META,
    messages: { public: 'Container {{name}} can be listed by anyone: {{reason}}.' },
  },
  evaluate: (container, { pass, fail, unknown, ctx }) => {
    const exposure = exposureOf(container, ctx.network);
    if (exposure.list === true) return fail('public', { name: container.ref.name, reason: exposure.reason }, exposure.trace);
    if (exposure.list === 'unknown') return unknown(`${container.ref.name}: ${exposure.reason}.`, exposure.trace);
    const level = container.facets.publicAccess;
    const why = level === 'container' ? exposure.reason : `level ${level === 'blob' ? 'Blob' : 'None'} does not allow anonymous listing`;
    return pass(`Not listable anonymously: ${why}.`, exposure.trace);
  },
});

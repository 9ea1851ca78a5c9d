import { defineRule } from '../../../src/engine/define-rule.ts';
import type { StorageContainer } from '../../../src/inventory/azure.ts';
import { CONTAINER_EXPOSURE_META, exposureOf } from './_exposure.ts';

export default defineRule<StorageContainer>()({
  meta: {
    id: 'azure-storage-container-not-publicly-readable',
    resourceType: 'azure.storage.container',
    title: 'Blob container contents cannot be read by anyone on the internet',
    severity: 'critical',
    description: 'Combines the container\'s public access level, the account\'s AllowBlobPublicAccess, its public network access and firewall rules, and (for $web) the static website switch, the way Azure Storage decides an anonymous request.',
    risk: 'Anyone who knows or guesses a blob URL can download it without credentials, and nothing in the storage logs ties the download to a person.',
    ...CONTAINER_EXPOSURE_META,
    messages: { public: 'Container {{name}} can be read by anyone: {{reason}}.' },
  },
  evaluate: (container, { pass, fail, unknown, ctx }) => {
    const exposure = exposureOf(container, ctx.network);
    if (exposure.read === true) return fail('public', { name: container.ref.name, reason: exposure.reason }, exposure.trace);
    if (exposure.read === 'unknown') return unknown(`${container.ref.name}: ${exposure.reason}.`, exposure.trace);
    return pass(`Not readable anonymously: ${exposure.reason}.`, exposure.trace);
  },
});

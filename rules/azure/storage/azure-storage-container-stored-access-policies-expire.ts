import { defineRule } from '../../../src/engine/define-rule.ts';
import type { StorageContainer } from '../../../src/inventory/azure.ts';

export default defineRule<StorageContainer>()({
  meta: {
    id: 'azure-storage-container-stored-access-policies-expire',
    resourceType: 'azure.storage.container',
    title: 'Container stored access policies carry an expiry time',
    severity: 'medium',
    description: 'Reads the container\'s stored access policies (Get Container ACL) and fails when one grants permissions with no expiry time, so every service SAS issued under it stays valid until someone edits or deletes the policy.',
    risk: 'A SAS URL is a bearer credential: anyone holding it (a log line, a chat message, a ticket) can use it. Without an expiry on the policy, a leaked URL works forever.',
    remediation: {
      text: 'Give every stored access policy an expiry time, and rotate SAS tokens by editing the policy when one leaks.',
      cli: 'az storage container policy update --container-name <container> --account-name <account> --name <policy> --expiry <yyyy-mm-ddThh:mmZ>',
    },
    references: ['https://learn.microsoft.com/rest/api/storageservices/define-stored-access-policy'],
    requires: ['accessPolicies'],
    messages: { noExpiry: 'Container {{name}} has stored access policy {{policy}} granting "{{permissions}}" with no expiry time.' },
  },
  evaluate: (container, { pass, fail }) => {
    const policies = container.facets.accessPolicies;
    const trace = policies.map((p) => ({
      layer: 'stored access policy',
      ref: p.id,
      effect: p.permissions && !p.expiry ? ('grants' as const) : ('note' as const),
      detail: `permissions ${p.permissions ?? 'none'}, expiry ${p.expiry ?? 'none'}`,
    }));
    const open = policies.find((p) => p.permissions && !p.expiry);
    if (open) return fail('noExpiry', { name: container.ref.name, policy: open.id, permissions: open.permissions! }, trace);
    return pass(policies.length === 0 ? 'No stored access policies.' : `All ${policies.length} stored access policies expire.`, trace);
  },
});

import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/gcp/storage/gcp-storage-bucket-not-publicly-writable.ts';
import { binding, checkGcp, gcsBucket } from '../../../support/gcp-factories.ts';

describe('gcp-storage-bucket-not-publicly-writable', () => {
  it('passes a publicly readable bucket nobody outside can write', () => {
    expect(checkGcp(rule, gcsBucket({ bindings: [binding('roles/storage.objectViewer', 'allUsers')] })).status).toBe('pass');
  });

  it('fails when allAuthenticatedUsers holds roles/storage.objectCreator', () => {
    const finding = checkGcp(rule, gcsBucket({ bindings: [binding('roles/storage.objectCreator', 'allAuthenticatedUsers')] }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('any signed-in Google account (allAuthenticatedUsers) can create, overwrite or delete objects');
  });

  it('fails through a custom role holding storage.objects.create', () => {
    const role = 'projects/childcare-prod/roles/dropbox';
    const finding = checkGcp(rule, gcsBucket({ bindings: [binding(role, 'allUsers')], customRoles: { [role]: { permissions: ['storage.objects.create'] } } }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain(role);
  });

  it('is unknown when a custom role bound to allUsers could not be resolved', () => {
    const role = 'projects/childcare-prod/roles/dropbox';
    const finding = checkGcp(rule, gcsBucket({ bindings: [binding(role, 'allUsers')], customRoles: { [role]: { unreadable: { code: 'PERMISSION_DENIED', message: 'no iam.roles.get' } } } }));
    expect(finding.status).toBe('unknown');
    expect(finding.message).toContain('iam.roles.get failed with PERMISSION_DENIED');
  });
});

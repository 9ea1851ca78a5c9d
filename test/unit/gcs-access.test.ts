/**
 * Effective public access to a Cloud Storage bucket: public access prevention (bucket and org
 * policy), bucket IAM (predefined, custom and unknown roles, IAM Conditions), and the legacy bucket
 * and default object ACLs while uniform bucket-level access is off. Every case names the
 * cloud.google.com page whose rule it exercises.
 */
import { describe, expect, it } from 'vitest';
import { describeGcsGrant, evaluateGcsAccess, verdictFor, type GcsAccessInput, type GcsCapability } from '../../src/analysis/gcs-access.ts';
import type { AclEntry, IamBinding, PublicAccessPrevention } from '../../src/inventory/gcp.ts';
import { binding, DEFAULT_BINDINGS } from '../support/gcp-factories.ts';

const PAP_DOC = 'https://cloud.google.com/storage/docs/public-access-prevention';
const ORG_DOC = 'https://cloud.google.com/storage/docs/org-policy-constraints#public-access-prevention';
const ROLES_DOC = 'https://cloud.google.com/storage/docs/access-control/iam-roles';
const IAM_DOC = 'https://cloud.google.com/storage/docs/access-control/iam';
const PRINCIPALS_DOC = 'https://cloud.google.com/iam/docs/principal-identifiers';
const ACL_DOC = 'https://cloud.google.com/storage/docs/access-control/lists';
const UBLA_DOC = 'https://cloud.google.com/storage/docs/uniform-bucket-level-access';
const CONDITIONS_DOC = 'https://cloud.google.com/storage/docs/access-control/using-iam-conditions';
const CUSTOM_DOC = 'https://cloud.google.com/iam/docs/creating-custom-roles';
const PERMS_DOC = 'https://cloud.google.com/storage/docs/access-control/iam-permissions';

interface Spec {
  bindings?: IamBinding[];
  uniform?: boolean;
  prevention?: PublicAccessPrevention;
  org?: boolean | 'unreadable';
  acl?: AclEntry[] | 'unreadable';
  defaultObjectAcl?: AclEntry[] | 'unreadable';
  policy?: 'unreadable';
  roles?: GcsAccessInput['roles'];
  now?: Date;
}

function input(spec: Spec = {}): GcsAccessInput {
  const uniform = spec.uniform ?? true;
  const acl = (value: AclEntry[] | 'unreadable' | undefined) =>
    value === 'unreadable' ? { unreadable: 'storage.bucketAccessControls.list failed with forbidden' } : { value: uniform ? null : (value ?? []) };
  return {
    bucket: 'enrolment-exports',
    iamConfiguration: { uniformBucketLevelAccess: uniform, publicAccessPrevention: spec.prevention ?? 'inherited' },
    iamPolicy: spec.policy ? { unreadable: 'storage.buckets.getIamPolicy failed with forbidden' } : { value: { version: 3, bindings: [...DEFAULT_BINDINGS, ...(spec.bindings ?? [])] } },
    roles: spec.roles ?? { value: {} },
    acl: acl(spec.acl),
    defaultObjectAcl: acl(spec.defaultObjectAcl),
    orgPublicAccessPrevention: spec.org === 'unreadable' ? { unreadable: 'orgpolicy.policies.getEffectivePolicy failed with PERMISSION_DENIED' } : { value: spec.org ?? false },
    now: spec.now,
  };
}

const status = (spec: Spec, capability?: GcsCapability, members?: ('allUsers' | 'allAuthenticatedUsers')[]) => verdictFor(evaluateGcsAccess(input(spec)), capability, members).status;

const capabilities = (spec: Spec, member = 'allUsers') =>
  [...new Set(evaluateGcsAccess(input(spec)).grants.filter((g) => g.member === member).map((g) => g.capability))].sort();

describe('GCS effective access: IAM roles', () => {
  it(`a new bucket with only project convenience members is private (${PRINCIPALS_DOC})`, () => {
    const exposure = evaluateGcsAccess(input());
    expect(exposure.grants).toEqual([]);
    expect(verdictFor(exposure, undefined).status).toBe('pass');
  });

  it(`allUsers with roles/storage.objectViewer can read and list objects (${ROLES_DOC})`, () => {
    expect(capabilities({ bindings: [binding('roles/storage.objectViewer', 'allUsers')] })).toEqual(['list', 'readObjects']);
  });

  it(`allUsers with roles/storage.legacyObjectReader can read but not list (${ROLES_DOC})`, () => {
    expect(capabilities({ bindings: [binding('roles/storage.legacyObjectReader', 'allUsers')] })).toEqual(['readObjects']);
  });

  it(`allUsers with roles/storage.legacyBucketReader can list but not read objects (${ROLES_DOC})`, () => {
    expect(capabilities({ bindings: [binding('roles/storage.legacyBucketReader', 'allUsers')] })).toEqual(['list']);
  });

  it(`allUsers with roles/storage.objectCreator can write but neither read nor list (${ROLES_DOC})`, () => {
    expect(capabilities({ bindings: [binding('roles/storage.objectCreator', 'allUsers')] })).toEqual(['write']);
  });

  it(`allUsers with roles/storage.legacyBucketWriter can list and write (${ROLES_DOC})`, () => {
    expect(capabilities({ bindings: [binding('roles/storage.legacyBucketWriter', 'allUsers')] })).toEqual(['list', 'write']);
  });

  it(`allUsers with roles/storage.admin can do everything, including changing permissions (${ROLES_DOC})`, () => {
    expect(capabilities({ bindings: [binding('roles/storage.admin', 'allUsers')] })).toEqual(['list', 'readObjects', 'readPermissions', 'write', 'writePermissions']);
  });

  it(`allUsers with roles/storage.legacyObjectOwner can read objects and change their permissions, not overwrite them (${ROLES_DOC})`, () => {
    expect(capabilities({ bindings: [binding('roles/storage.legacyObjectOwner', 'allUsers')] })).toEqual(['readObjects', 'readPermissions', 'writePermissions']);
  });

  it(`allAuthenticatedUsers is public too: any Google account (${PRINCIPALS_DOC})`, () => {
    const spec = { bindings: [binding('roles/storage.objectViewer', 'allAuthenticatedUsers')] };
    expect(status(spec, 'readObjects')).toBe('fail');
    expect(status(spec, 'readObjects', ['allUsers'])).toBe('pass');
    expect(status(spec, undefined, ['allAuthenticatedUsers'])).toBe('fail');
    expect(describeGcsGrant(evaluateGcsAccess(input(spec)).grants[0]!)).toContain('any signed-in Google account');
  });

  it(`a domain, group or user principal is not public (${PRINCIPALS_DOC})`, () => {
    expect(status({ bindings: [binding('roles/storage.objectViewer', 'domain:example.com', 'group:staff@example.com', 'user:a@example.com')] }, undefined)).toBe('pass');
  });

  it(`a custom role is judged by its permissions (${CUSTOM_DOC})`, () => {
    const role = 'projects/childcare-prod/roles/publicReader';
    const spec: Spec = { bindings: [binding(role, 'allUsers')], roles: { value: { [role]: { permissions: ['storage.objects.get'] } } } };
    expect(capabilities(spec)).toEqual(['readObjects']);
    expect(status(spec, 'list')).toBe('pass');
  });

  it(`a custom role without object permissions grants nothing (${PERMS_DOC})`, () => {
    const role = 'organizations/123/roles/bucketLister';
    const spec: Spec = { bindings: [binding(role, 'allUsers')], roles: { value: { [role]: { permissions: ['storage.buckets.get', 'storage.buckets.list'] } } } };
    expect(status(spec, undefined)).toBe('pass');
  });

  it(`a custom role whose definition could not be read is unknown, not harmless (${CUSTOM_DOC})`, () => {
    const role = 'projects/childcare-prod/roles/mystery';
    const spec: Spec = { bindings: [binding(role, 'allUsers')], roles: { value: { [role]: { unreadable: { code: 'PERMISSION_DENIED', message: 'denied' } } } } };
    const verdict = verdictFor(evaluateGcsAccess(input(spec)), 'readObjects');
    expect(verdict.status).toBe('unknown');
    expect(verdict.status === 'unknown' && verdict.reasons.join()).toContain('iam.roles.get failed with PERMISSION_DENIED');
  });

  it(`a predefined role not in the table is resolved from its iam.roles.get definition (${ROLES_DOC})`, () => {
    const spec: Spec = { bindings: [binding('roles/storage.insightsCollectorService', 'allUsers')], roles: { value: { 'roles/storage.insightsCollectorService': { permissions: ['storage.buckets.get', 'storage.objects.list'] } } } };
    expect(capabilities(spec)).toEqual(['list']);
  });

  it(`a role that is neither known nor resolved is unknown, for the member it is bound to only (${IAM_DOC})`, () => {
    expect(status({ bindings: [binding('roles/some.otherRole', 'allUsers')] }, 'readObjects')).toBe('unknown');
    expect(status({ bindings: [binding('roles/some.otherRole', 'allUsers')] }, undefined, ['allAuthenticatedUsers'])).toBe('pass');
  });

  it(`an unreadable IAM policy is unknown, but a public ACL still fails the bucket (${IAM_DOC})`, () => {
    expect(status({ policy: 'unreadable' }, 'list')).toBe('unknown');
    expect(status({ policy: 'unreadable', uniform: false, acl: [{ entity: 'allUsers', role: 'READER' }] }, 'list')).toBe('fail');
  });
});

describe('GCS effective access: public access prevention', () => {
  it(`enforced on the bucket switches off every public IAM grant (${PAP_DOC})`, () => {
    const exposure = evaluateGcsAccess(input({ prevention: 'enforced', bindings: [binding('roles/storage.objectViewer', 'allUsers', 'allAuthenticatedUsers')] }));
    expect(exposure.grants).toEqual([]);
    expect(exposure.neutralised.length).toBe(4);
    expect(verdictFor(exposure, 'readObjects').status).toBe('pass');
  });

  it(`enforced on the bucket switches off public ACL grants too (${PAP_DOC})`, () => {
    expect(status({ prevention: 'enforced', uniform: false, acl: [{ entity: 'allUsers', role: 'WRITER' }] }, 'write')).toBe('pass');
  });

  it(`enforced clears a bucket even when its IAM policy could not be read (${PAP_DOC})`, () => {
    expect(status({ prevention: 'enforced', policy: 'unreadable' }, undefined)).toBe('pass');
  });

  it(`inherited with the org policy enforced switches off public grants (${ORG_DOC})`, () => {
    const exposure = evaluateGcsAccess(input({ org: true, bindings: [binding('roles/storage.objectViewer', 'allUsers')] }));
    expect(verdictFor(exposure, 'readObjects').status).toBe('pass');
    expect(exposure.trace[0]).toMatchObject({ layer: 'public access prevention', effect: 'blocks' });
  });

  it(`inherited with the org policy unreadable is unknown when a public grant exists (${ORG_DOC})`, () => {
    const verdict = verdictFor(evaluateGcsAccess(input({ org: 'unreadable', bindings: [binding('roles/storage.objectViewer', 'allUsers')] })), 'readObjects');
    expect(verdict.status).toBe('unknown');
    expect(verdict.status === 'unknown' && verdict.reasons[0]).toContain('organization policy');
  });

  it(`inherited with the org policy unreadable still passes a bucket with no public grant (${ORG_DOC})`, () => {
    expect(status({ org: 'unreadable' }, 'readObjects')).toBe('pass');
  });

  it(`"unspecified" (the older value) defers to the org policy like "inherited" (${PAP_DOC})`, () => {
    expect(status({ prevention: 'unspecified', org: false, bindings: [binding('roles/storage.objectViewer', 'allUsers')] }, 'readObjects')).toBe('fail');
    expect(status({ prevention: 'unspecified', org: true, bindings: [binding('roles/storage.objectViewer', 'allUsers')] }, 'readObjects')).toBe('pass');
  });
});

describe('GCS effective access: legacy ACLs', () => {
  it(`with uniform bucket-level access on, ACLs are ignored (${UBLA_DOC})`, () => {
    const exposure = evaluateGcsAccess({ ...input(), acl: { value: [{ entity: 'allUsers', role: 'OWNER' }] } });
    expect(exposure.grants).toEqual([]);
  });

  it(`bucket ACL allUsers:READER lets anyone list (${ACL_DOC})`, () => {
    expect(capabilities({ uniform: false, acl: [{ entity: 'allUsers', role: 'READER' }] })).toEqual(['list']);
  });

  it(`bucket ACL allUsers:WRITER lets anyone list and write (${ACL_DOC})`, () => {
    expect(capabilities({ uniform: false, acl: [{ entity: 'allUsers', role: 'WRITER' }] })).toEqual(['list', 'write']);
  });

  it(`bucket ACL allAuthenticatedUsers:OWNER lets any Google account change permissions (${ACL_DOC})`, () => {
    expect(capabilities({ uniform: false, acl: [{ entity: 'allAuthenticatedUsers', role: 'OWNER' }] }, 'allAuthenticatedUsers')).toEqual(['list', 'readPermissions', 'write', 'writePermissions']);
  });

  it(`default object ACL allUsers:READER makes new objects readable, scoped as such (${ACL_DOC})`, () => {
    const exposure = evaluateGcsAccess(input({ uniform: false, defaultObjectAcl: [{ entity: 'allUsers', role: 'READER' }] }));
    expect(exposure.grants).toEqual([expect.objectContaining({ capability: 'readObjects', layer: 'defaultObjectAcl', scope: 'objects created without an explicit ACL' })]);
    expect(describeGcsGrant(exposure.grants[0]!)).toContain('default object ACL entry allUsers:READER');
  });

  it(`project-team ACL entries are not public (${ACL_DOC})`, () => {
    expect(status({ uniform: false, acl: [{ entity: 'project-owners-123', role: 'OWNER' }, { entity: 'user-a@example.com', role: 'READER' }] }, undefined)).toBe('pass');
  });

  it(`an unreadable bucket ACL with uniform access off is unknown for what it could grant, not for object reads (${ACL_DOC})`, () => {
    expect(status({ uniform: false, acl: 'unreadable' }, 'list')).toBe('unknown');
    expect(status({ uniform: false, acl: 'unreadable' }, 'write')).toBe('unknown');
    expect(status({ uniform: false, acl: 'unreadable' }, 'readObjects')).toBe('pass');
  });

  it(`an unreadable default object ACL is unknown for object reads, not for listing (${ACL_DOC})`, () => {
    expect(status({ uniform: false, defaultObjectAcl: 'unreadable' }, 'readObjects')).toBe('unknown');
    expect(status({ uniform: false, defaultObjectAcl: 'unreadable' }, 'list')).toBe('pass');
  });
});

describe('GCS effective access: IAM Conditions', () => {
  const now = new Date('2026-06-01T00:00:00Z');

  it(`a resource.name condition narrows which objects, not who: still public (${CONDITIONS_DOC})`, () => {
    const conditional: IamBinding = {
      role: 'roles/storage.objectViewer',
      members: ['allUsers'],
      condition: { title: 'public folder', expression: 'resource.name.startsWith("projects/_/buckets/enrolment-exports/objects/public/")' },
    };
    const verdict = verdictFor(evaluateGcsAccess(input({ bindings: [conditional], now })), 'readObjects');
    expect(verdict.status).toBe('fail');
    expect(verdict.status === 'fail' && describeGcsGrant(verdict.grants[0]!)).toContain('with condition "public folder"');
  });

  it(`a request.time bound in the past has expired: the grant is off (${CONDITIONS_DOC})`, () => {
    const expired: IamBinding = { role: 'roles/storage.objectViewer', members: ['allUsers'], condition: { title: 'temp', expression: 'request.time < timestamp("2026-01-01T00:00:00Z")' } };
    const exposure = evaluateGcsAccess(input({ bindings: [expired], now }));
    expect(exposure.grants).toEqual([]);
    expect(exposure.neutralised[0]?.by).toContain('expired');
  });

  it(`a request.time bound in the future is still in force (${CONDITIONS_DOC})`, () => {
    const future: IamBinding = { role: 'roles/storage.objectViewer', members: ['allUsers'], condition: { title: 'temp', expression: 'request.time < timestamp("2027-01-01T00:00:00Z")' } };
    expect(verdictFor(evaluateGcsAccess(input({ bindings: [future], now })), 'readObjects').status).toBe('fail');
  });
});

/**
 * The Cloud Storage permissions of the predefined roles that can be granted on a bucket, from
 * https://cloud.google.com/storage/docs/access-control/iam-roles (only the storage.buckets.* and
 * storage.objects.* permissions matter to exposure; folder, managed-folder and multipart-upload
 * permissions ride along with them and are left out). A role not listed here is looked up with
 * iam.roles.get by the collector, like a custom role, and is `unknown` when that fails.
 */

const OBJECT_READ = ['storage.objects.get', 'storage.objects.list'];
const OBJECT_ALL = [
  'storage.objects.create',
  'storage.objects.delete',
  'storage.objects.get',
  'storage.objects.list',
  'storage.objects.restore',
  'storage.objects.update',
];
const OBJECT_IAM = ['storage.objects.getIamPolicy', 'storage.objects.setIamPolicy'];

export const PREDEFINED_STORAGE_ROLES: Readonly<Record<string, readonly string[]>> = {
  'roles/storage.objectViewer': OBJECT_READ,
  'roles/storage.objectCreator': ['storage.objects.create'],
  'roles/storage.objectUser': OBJECT_ALL,
  'roles/storage.objectAdmin': [...OBJECT_ALL, ...OBJECT_IAM],
  'roles/storage.folderAdmin': [...OBJECT_ALL, ...OBJECT_IAM],
  'roles/storage.bucketViewer': ['storage.buckets.get', 'storage.buckets.list'],
  'roles/storage.admin': [
    'storage.buckets.create',
    'storage.buckets.delete',
    'storage.buckets.get',
    'storage.buckets.getIamPolicy',
    'storage.buckets.list',
    'storage.buckets.setIamPolicy',
    'storage.buckets.update',
    ...OBJECT_ALL,
    ...OBJECT_IAM,
  ],
  'roles/storage.legacyBucketReader': ['storage.buckets.get', 'storage.objects.list'],
  'roles/storage.legacyBucketWriter': ['storage.buckets.get', 'storage.objects.create', 'storage.objects.delete', 'storage.objects.list'],
  'roles/storage.legacyBucketOwner': [
    'storage.buckets.get',
    'storage.buckets.getIamPolicy',
    'storage.buckets.setIamPolicy',
    'storage.buckets.update',
    'storage.objects.create',
    'storage.objects.delete',
    'storage.objects.list',
  ],
  'roles/storage.legacyObjectReader': ['storage.objects.get'],
  'roles/storage.legacyObjectOwner': ['storage.objects.get', 'storage.objects.getIamPolicy', 'storage.objects.setIamPolicy', 'storage.objects.update'],
};

export const isPredefinedStorageRole = (role: string): boolean => role in PREDEFINED_STORAGE_ROLES;

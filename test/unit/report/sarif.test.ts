import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/engine/finding.ts';
import { artifactUri, FINGERPRINT_KEY, messageText, pascalCase, renderSarif } from '../../../src/report/sarif.ts';
import { bucketRef, makeFinding, makeReport } from '../../support/report-factory.ts';

// The OASIS SARIF 2.1.0 schema (draft-07); see test/fixtures/sarif/README.md for its source.
const schemaPath = fileURLToPath(new URL('../../fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url));
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));

// ajv and ajv-formats are CommonJS. Under Node's ESM loader and TypeScript's NodeNext resolution
// the default import is `module.exports`, whose `.default` is the class (draft-07 Ajv) / plugin.
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;
// strict: false because ajv's strict mode refuses valid JSON Schema the OASIS file uses (`required`
// inside `anyOf` branches, "strictRequired"); it is about schema style and does not weaken validation.
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

const schemaErrors = (log: unknown): string[] =>
  validateSarif(log) ? [] : (validateSarif.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);

const sarifOf = (report = makeReport()) => JSON.parse(renderSarif(report));

describe('renderSarif: OASIS SARIF 2.1.0 schema', () => {
  it('validates against the official schema', () => {
    expect(schemaErrors(sarifOf())).toEqual([]);
  });

  it('validates with no findings, no rules and an unversioned build', () => {
    const empty = makeReport({ findings: [], rules: [], collectionErrors: [], tool: { name: 'ajar', version: 'dev' } });
    const log = sarifOf(empty);
    expect(schemaErrors(log)).toEqual([]);
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].tool.driver.semanticVersion).toBeUndefined();
  });

  it('is checked by a live validator: a broken log is rejected', () => {
    const log = sarifOf();
    log.runs[0].results[0].level = 'critical';
    delete log.runs[0].tool.driver.name;
    const errors = schemaErrors(log);
    expect(errors.some((e) => e.startsWith('/runs/0/results/0/level'))).toBe(true);
    expect(errors.some((e) => e.includes("must have required property 'name'"))).toBe(true);
  });
});

describe('renderSarif: what GitHub code scanning needs', () => {
  const log = sarifOf();
  const run = log.runs[0];
  const rules: any[] = run.tool.driver.rules;
  const results: any[] = run.results;

  it('declares the schema, version and one run of the ajar driver', () => {
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({ name: 'ajar', version: '0.1.0', semanticVersion: '0.1.0' });
    expect(run.tool.driver.informationUri).toMatch(/^https:\/\//);
  });

  it('gives every result a physicalLocation with a relative artifact URI and startLine 1', () => {
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      const physical = result.locations[0].physicalLocation;
      expect(physical.region).toEqual({ startLine: 1 });
      const uri: string = physical.artifactLocation.uri;
      expect(uri).not.toMatch(/^[a-z][a-z0-9+.-]*:/i); // no scheme
      expect(uri.startsWith('/')).toBe(false);
      expect(uri).toMatch(/^[A-Za-z0-9\-._~%!$&'()*+,;=:@/]+$/); // only URL-safe characters
    }
  });

  it('names the cloud resource as a logical location', () => {
    const dashcam = results.find((r) => r.message.text.startsWith('Bucket dashcam-images'));
    expect(dashcam.locations[0].logicalLocations).toEqual([
      { fullyQualifiedName: 'arn:aws:s3:::dashcam-images', name: 'dashcam-images', kind: 'resource' },
    ]);
  });

  it('gives every result a stable partial fingerprint equal to the finding fingerprint', () => {
    const report = makeReport();
    const failing = report.findings.filter((f) => f.status === 'fail');
    expect(results.map((r) => r.partialFingerprints[FINGERPRINT_KEY])).toEqual(failing.map((f) => f.fingerprint));
    expect(renderSarif(makeReport())).toBe(renderSarif(makeReport()));
  });

  it('gives every rule a numeric security-severity, tags, precision and a level matching its severity', () => {
    const expected: Record<string, [string, string]> = {
      'aws-s3-bucket-not-publicly-readable': ['9.5', 'error'],
      'aws-s3-bucket-not-publicly-writable': ['8.0', 'error'],
      'aws-s3-bucket-not-publicly-listable': ['5.5', 'warning'],
      'aws-s3-bucket-website-disabled': ['3.0', 'note'],
    };
    for (const rule of rules) {
      const score = Number.parseFloat(rule.properties['security-severity']);
      expect(Number.isFinite(score) && score >= 0 && score <= 10).toBe(true);
      expect([rule.properties['security-severity'], rule.defaultConfiguration.level]).toEqual(expected[rule.id]);
      expect(rule.properties.tags).toEqual(['security', 'aws', 's3']);
      expect(rule.properties.precision).toBe('very-high');
    }
  });

  it('describes each rule: PascalCase name, title, description and help with risk, remediation, CLI and references', () => {
    const readable = rules[0];
    expect(readable.name).toBe('AwsS3BucketNotPubliclyReadable');
    expect(readable.shortDescription.text).toBe('S3 bucket objects are not readable by anyone on the internet');
    expect(readable.fullDescription.text).toMatch(/^Checks that no ACL grant/);
    expect(readable.help.text).toContain('Risk: Anyone who guesses the bucket name');
    expect(readable.help.text).toContain('Remediation: Turn on S3 Block Public Access');
    expect(readable.help.markdown).toContain('```sh\naws s3api put-public-access-block');
    expect(readable.help.markdown).toContain('- <https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html>');
    expect(readable.properties['problem.severity']).toBe('error');
  });
});

describe('renderSarif: results and notifications', () => {
  const report = makeReport();
  const run = sarifOf(report).runs[0];
  const results: any[] = run.results;
  const invocation = run.invocations[0];

  it('reports only failing findings as results, of kind fail, with a level from severity', () => {
    expect(results).toHaveLength(4);
    expect(results.map((r) => [r.kind, r.level])).toEqual([
      ['fail', 'note'], // low
      ['fail', 'error'], // critical
      ['fail', 'error'], // high
      ['fail', 'warning'], // medium
    ]);
  });

  it('points each result at its rule by id and index', () => {
    for (const result of results) {
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    }
  });

  it('puts the message and the trace, one "layer ref: detail" line per step, in the result text', () => {
    const dashcam = results[1];
    expect(dashcam.message.text).toBe(
      [
        'Bucket dashcam-images is readable by anyone: bucket policy statement PublicRead allows s3:GetObject to "*".',
        'account-bpa: account Block Public Access is not configured',
        'bucket-policy PublicRead: Allow s3:GetObject to Principal "*"',
      ].join('\n'),
    );
    expect(dashcam.properties.status).toBe('fail');
    expect(dashcam.properties.trace).toHaveLength(2);
    expect(dashcam.properties.resource.id).toBe('arn:aws:s3:::dashcam-images');
  });

  it('reports unknown and error findings as notifications tied to their rule, never as alerts', () => {
    const findingNotes = invocation.toolExecutionNotifications.filter((n: any) => n.associatedRule !== undefined);
    expect(findingNotes.map((n: any) => [n.level, n.properties.status])).toEqual([
      ['warning', 'unknown'],
      ['error', 'error'],
    ]);
    const unknown = findingNotes[0];
    expect(run.tool.driver.rules[unknown.associatedRule.index].id).toBe(unknown.associatedRule.id);
    expect(unknown.message.text).toMatch(/^Could not decide: Could not read the bucket policy/);
    expect(unknown.properties.unreadable[0]).toMatchObject({ operation: 'GetBucketPolicy', code: 'AccessDenied' });
    expect(unknown.locations[0].physicalLocation.artifactLocation.uri).toBe('aws/123456789012/eu-west-1/s3/billing-exports');
    expect(results.some((r: any) => r.message.text.includes('billing-exports'))).toBe(false);
  });

  it('reports collection errors as error notifications and marks the run unsuccessful', () => {
    const collection = invocation.toolExecutionNotifications.filter((n: any) => n.associatedRule === undefined);
    expect(collection).toHaveLength(1);
    expect(collection[0].level).toBe('error');
    expect(collection[0].message.text).toBe(
      'Collection error in aws 123456789012 eu-south-1: ListObjectsV2 failed with AccessDenied: Access Denied',
    );
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.endTimeUtc).toBe('2025-03-01T10:00:04.250Z');
  });

  it('marks a complete run successful even with failing findings and unknowns', () => {
    const findings = report.findings.filter((f) => f.status !== 'error');
    const clean = sarifOf(makeReport({ findings, collectionErrors: [], scope: [{ provider: 'aws', account: '123456789012' }] }));
    expect(clean.runs[0].invocations[0].executionSuccessful).toBe(true);
  });

  it('carries coverage and counts in the run properties', () => {
    expect(run.properties.coverage).toEqual({ resources: 10, facetsRequested: 40, facetsRead: 39, ratio: 0.975 });
    expect(run.properties.summary.byStatus).toEqual({ pass: 2, fail: 4, unknown: 1, error: 1 });
  });

  it('adds a rule entry for a finding whose rule is missing from the report, so ruleIndex stays valid', () => {
    const orphan = makeFinding('aws-s3-bucket-not-publicly-readable', bucketRef('orphan'), 'fail');
    const log = sarifOf(makeReport({ findings: [{ ...orphan, ruleId: 'aws-s3-bucket-gone' }], rules: [] }));
    expect(schemaErrors(log)).toEqual([]);
    expect(log.runs[0].tool.driver.rules.map((r: any) => r.id)).toEqual(['aws-s3-bucket-gone']);
    expect(log.runs[0].results[0].ruleIndex).toBe(0);
  });
});

describe('sarif helpers', () => {
  it('builds PascalCase names from rule ids', () => {
    expect(pascalCase('aws-s3-bucket-not-publicly-readable')).toBe('AwsS3BucketNotPubliclyReadable');
    expect(pascalCase('gcp-storage-bucket-uniform-access')).toBe('GcpStorageBucketUniformAccess');
  });

  it('builds a URL-safe, relative artifact URI from provider, account, region, service and name', () => {
    expect(artifactUri(bucketRef('dashcam-images', 'ap-northeast-1'))).toBe('aws/123456789012/ap-northeast-1/s3/dashcam-images');
    expect(artifactUri(bucketRef('backups/2024 q1?', 'us-east-1'))).toBe('aws/123456789012/us-east-1/s3/backups%2F2024%20q1%3F');
    expect(artifactUri(bucketRef('..'))).toBe('aws/123456789012/eu-west-1/s3/%2E%2E');
    expect(
      artifactUri({ provider: 'aws', account: '123456789012', region: '', type: 'aws.account', id: '123456789012', name: '' }),
    ).toBe('aws/123456789012/global/123456789012');
  });

  it('writes just the message when there is no trace', () => {
    const finding: Finding = makeFinding('aws-s3-bucket-website-disabled', bucketRef('site'), 'fail', { message: 'Serves a website.' });
    expect(messageText(finding)).toBe('Serves a website.');
  });
});

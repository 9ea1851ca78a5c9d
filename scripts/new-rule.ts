/**
 * `npm run new-rule -- <id>`: scaffolds rules/<provider>/<service>/<id>.ts and its test from a
 * template, then regenerates the index and docs. The id is <provider>-<service>-<resource>-<state>.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from './generate.ts';

const id = process.argv[2];
if (!id || !/^(aws|azure|gcp)-[a-z0-9]+-[a-z0-9-]+$/.test(id)) {
  process.stderr.write('usage: npm run new-rule -- <provider>-<service>-<resource>-<compliant-state>, e.g. aws-s3-bucket-versioning-enabled\n');
  process.exit(2);
}
const [provider, service] = id.split('-') as [string, string];
const ruleFile = join(ROOT, 'rules', provider, service, `${id}.ts`);
const testFile = join(ROOT, 'test/rules', provider, service, `${id}.test.ts`);
if (existsSync(ruleFile)) {
  process.stderr.write(`${ruleFile} already exists\n`);
  process.exit(2);
}
const rule = `import { defineRule } from '../../../src/engine/define-rule.ts';
import type { S3Bucket } from '../../../src/inventory/${provider}.ts';

export default defineRule<S3Bucket>()({
  meta: {
    id: '${id}',
    resourceType: '${provider}.${service}.bucket',
    title: 'TODO: state the compliant condition',
    severity: 'medium',
    description: 'TODO: what the rule checks, and through which facets.',
    risk: 'TODO: what happens when the condition does not hold.',
    remediation: { text: 'TODO: how to fix it.' },
    references: ['https://docs.aws.amazon.com/TODO'],
    requires: ['acl'],
    messages: { failing: 'TODO {{name}}.' },
  },
  evaluate: (resource, { pass, fail }) => {
    throw new Error('TODO: implement ${id}');
  },
});
`;
const test = `import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/${provider}/${service}/${id}.ts';
import { check, s3Bucket } from '../../../support/resources.ts';

describe('${id}', () => {
  it('passes a compliant resource', () => {
    expect(check(rule, s3Bucket()).status).toBe('pass');
  });

  it('fails a non-compliant resource', () => {
    expect(check(rule, s3Bucket({ /* TODO */ })).status).toBe('fail');
  });

  it('is unknown when a required facet cannot be read', () => {
    expect(check(rule, s3Bucket({ unreadable: { acl: 'AccessDenied' } })).status).toBe('unknown');
  });
});
`;
for (const [file, text] of [[ruleFile, rule], [testFile, test]] as const) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  process.stderr.write(`created ${file}\n`);
}
spawnSync(process.execPath, [join(ROOT, 'scripts/generate.ts')], { stdio: 'inherit' });

/** Every rule's metadata is its documentation: check it the way DESIGN.md §3 asks. */
import { existsSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.ts';
import { generated, ROOT, ruleFiles } from '../../scripts/generate.ts';
import type { Rule } from '../../src/engine/define-rule.ts';
import { SEVERITIES } from '../../src/engine/finding.ts';

const files = ruleFiles();

describe('rule metadata', () => {
  it('has at least the rules the foundation issue asks for', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it('has unique ids', () => {
    const ids = RULES.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  describe.each(files.map((file) => [relative(ROOT, file), file]))('%s', (_name, file) => {
    it('id equals the file name and follows <provider>-<service>-<resource>-<state>', async () => {
      const rule = (await import(pathToFileURL(file).href)).default as Rule;
      expect(rule.meta.id).toBe(basename(file, '.ts'));
      const [provider, service] = relative(join(ROOT, 'rules'), file).split('/');
      expect(rule.meta.id.startsWith(`${provider}-${service}-`)).toBe(true);
      expect(rule.meta.resourceType.startsWith(`${provider}.`)).toBe(true);
    });

    it('states the compliant condition in its title, has a severity, description, risk and remediation', async () => {
      const { meta } = (await import(pathToFileURL(file).href)).default as Rule;
      expect(meta.title).toMatch(/^[A-Z]/);
      expect(meta.title).not.toMatch(/[.!]$/);
      expect(meta.title).not.toMatch(/^(Check|Ensure|Verify|Detect)/i);
      expect(SEVERITIES).toContain(meta.severity);
      for (const text of [meta.description, meta.risk, meta.remediation.text]) expect(text.length).toBeGreaterThan(20);
      expect(meta.requires.length).toBeGreaterThan(0);
      expect(Object.keys(meta.messages).length).toBeGreaterThan(0);
    });

    it('cites at least one https reference', async () => {
      const { meta } = (await import(pathToFileURL(file).href)).default as Rule;
      expect(meta.references.length).toBeGreaterThan(0);
      for (const reference of meta.references) expect(reference).toMatch(/^https:\/\//);
    });

    it('has a test file', () => {
      const test = join(ROOT, 'test/rules', relative(join(ROOT, 'rules'), file).replace(/\.ts$/, '.test.ts'));
      expect(existsSync(test), `${relative(ROOT, test)} is missing`).toBe(true);
    });
  });

  it('has a generated index and docs that are current (npm run generate)', async () => {
    const { readFileSync } = await import('node:fs');
    const { index, docs } = await generated();
    expect(readFileSync(join(ROOT, 'rules/index.ts'), 'utf8')).toBe(index);
    expect(readFileSync(join(ROOT, 'docs/rules.md'), 'utf8')).toBe(docs);
  });
});

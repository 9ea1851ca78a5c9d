/**
 * What src/ may import (DESIGN §1, and issue 10): never test code, and never a package under the
 * AGPL. @cloud-copilot/iam-simulate is AGPL-3.0 and may serve only as an unmodified devDependency
 * oracle in tests; a scanner that shipped it would put ajar's users under its terms.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : /\.(ts|mts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** Every module specifier a file imports, re-exports or loads dynamically. */
export function importsOf(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]([^'"]+)['"]/g)) found.add(m[1]!);
  return [...found];
}

const packageName = (specifier: string) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);

function licenceOf(name: string): string {
  try {
    const manifest = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { license?: unknown };
    return typeof manifest.license === 'string' ? manifest.license : JSON.stringify(manifest.license ?? '');
  } catch {
    return '';
  }
}

const files = sourceFiles(join(root, 'src'));
const violations = (check: (file: string, specifier: string) => string | undefined) =>
  files.flatMap((file) => importsOf(readFileSync(file, 'utf8')).map((s) => check(file, s)).filter((v): v is string => v !== undefined));

describe('layering: what src/ may import', () => {
  it('finds the imports it checks (the scan is not vacuous)', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(importsOf(`import x from 'a';\nexport { y } from "./b.ts";\nconst z = await import('c');`)).toEqual(['a', './b.ts', 'c']);
  });

  it('no file under src/ imports test code', () => {
    const intoTest = violations((file, s) => {
      if (!s.startsWith('.')) return undefined;
      const target = relative(root, resolve(dirname(file), s));
      return target.startsWith('test/') || target === 'test' ? `${relative(root, file)} imports ${s}` : undefined;
    });
    expect(intoTest).toEqual([]);
  });

  it('no file under src/ imports an AGPL package (@cloud-copilot/iam-simulate is a test-only oracle)', () => {
    expect(licenceOf('@cloud-copilot/iam-simulate')).toMatch(/AGPL/);
    const agpl = violations((file, s) => {
      if (s.startsWith('.') || s.startsWith('node:')) return undefined;
      const name = packageName(s);
      return /AGPL/i.test(licenceOf(name)) || name === '@cloud-copilot/iam-simulate' ? `${relative(root, file)} imports ${s} (${licenceOf(name)})` : undefined;
    });
    expect(agpl).toEqual([]);
  });
});

/** YAML input (config, suppressions): syntax and alias problems as one line naming the file. */
import { isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { UsageError } from '../cli/errors.ts';

/**
 * Alias uses allowed while building the data. A "billion laughs" document multiplies a few
 * anchors into gigabytes; the yaml package stops at this count (its own default) with an error
 * that must not surface as "internal error". A hand-written config never comes close.
 */
const MAX_ALIAS_COUNT = 100;

export interface YamlInput {
  document: Document;
  lines: LineCounter;
  /** The document as plain data; undefined for an empty file. */
  data: unknown;
}

export function parseYamlInput(text: string, file: string, language = 'YAML'): YamlInput {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const syntax = document.errors[0];
  if (syntax) {
    const at = lines.linePos(syntax.pos[0]);
    throw new UsageError(`${file}:${at.line}:${at.col}: not valid ${language}: ${syntax.message.split('\n')[0]}`);
  }
  refuseUnusualNumbers(document, lines, file);
  try {
    return { document, lines, data: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? undefined };
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw new UsageError(`${file}: YAML aliases expand past ${MAX_ALIAS_COUNT} uses (an alias bomb?); expected a document without nested alias expansion`);
    }
    throw error;
  }
}

/**
 * YAML's core schema reads `0x10` as 16, `0o20` as 16 and `1e2` as 100: a count written that way
 * is almost certainly a mistake, and `--concurrency` refuses the same spellings. Numbers in ajar's
 * inputs are plain decimals.
 */
function refuseUnusualNumbers(document: Document, lines: LineCounter, file: string): void {
  visit(document, {
    Scalar(_key, node) {
      if (!isScalar(node) || typeof node.value !== 'number' || node.format === undefined) return;
      const at = node.range ? lines.linePos(node.range[0]) : undefined;
      const where = at ? `${file}:${at.line}:${at.col}` : file;
      throw new UsageError(`${where}: expected a plain decimal number, got ${String(node.source ?? node.value)} (${node.format.toLowerCase()} notation)`);
    },
  });
}

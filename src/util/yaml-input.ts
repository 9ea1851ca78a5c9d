/** YAML input (config, suppressions): syntax and alias problems as one line naming the file. */
import { LineCounter, parseDocument, type Document } from 'yaml';
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
  try {
    return { document, lines, data: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? undefined };
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw new UsageError(`${file}: YAML aliases expand past ${MAX_ALIAS_COUNT} uses (an alias bomb?); expected a document without nested alias expansion`);
    }
    throw error;
  }
}

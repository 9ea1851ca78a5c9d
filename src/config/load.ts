/**
 * Loads ajar.config.yaml / .json. Every problem becomes one UsageError line that names the file,
 * the line and column where the YAML parser can tell, the path inside the document, and what was
 * expected.
 */
import { readInputFile } from '../util/read-input.ts';
import { isNode } from 'yaml';
import { parseYamlInput } from '../util/yaml-input.ts';
import type { z } from 'zod';
import { UsageError } from '../cli/errors.ts';
import { jsonPath } from '../util/zod-errors.ts';
import { configSchema, type AjarConfig } from './schema.ts';

function expectation(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.map(String).join(', ')}`;
  return issue.message.replace(/^Invalid input: /, '');
}

export function parseConfig(text: string, file: string): AjarConfig {
  const { document, lines, data: parsed } = parseYamlInput(text, file, 'YAML/JSON');
  const data: unknown = parsed ?? {};
  const result = configSchema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const node = document.getIn(issue.path as unknown[], true);
  const position = isNode(node) && node.range ? lines.linePos(node.range[0]) : undefined;
  const where = position ? `${file}:${position.line}:${position.col}` : file;
  throw new UsageError(`${where}: ${jsonPath(issue.path)}: ${expectation(issue)}`);
}

export function loadConfig(file: string): AjarConfig {
  return parseConfig(readInputFile(file, 'config file'), file);
}

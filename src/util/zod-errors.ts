/** Zod issues turned into one line a person can act on: where in the document, what was expected. */
import type { z } from 'zod';

/** `$.findings[3].resource["odd key"]`: the JSONPath of a value, as a person would type it. */
export const jsonPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    const name = String(key);
    return /^[A-Za-z_$][\w$]*$/.test(name) ? `${out}.${name}` : `${out}[${JSON.stringify(name)}]`;
  }, '$');

const valueAt = (root: unknown, path: readonly PropertyKey[]): { found: boolean; value: unknown } => {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !(key in current)) return { found: false, value: undefined };
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return { found: true, value: current };
};

const describeValue = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'object') return 'an object';
  return String(value);
};

const got = (root: unknown, path: readonly PropertyKey[]): string => {
  const { found, value } = valueAt(root, path);
  return found ? `got ${describeValue(value)}` : 'but it is missing';
};

/** Turns one zod issue into "what was expected, what was there", in the project's own words. */
export const explainIssue = (issue: z.core.$ZodIssue, root: unknown): string => {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}, ${got(root, issue.path)}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `expected ${JSON.stringify(issue.values[0])}, ${got(root, issue.path)}`
        : `expected one of ${issue.values.map(String).join('|')}, ${got(root, issue.path)}`;
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `expected a non-empty ${issue.origin}`
        : `expected a number ${issue.inclusive === false ? '>' : '>='} ${String(issue.minimum)}, ${got(root, issue.path)}`;
    case 'too_big':
      return `expected a number ${issue.inclusive === false ? '<' : '<='} ${String(issue.maximum)}, ${got(root, issue.path)}`;
    case 'custom':
      return `${issue.message}, ${got(root, issue.path)}`;
    default:
      return issue.message;
  }
};


/**
 * Parses JSON text and checks it against a schema, returning the parsed input itself (zod's output
 * would reorder keys). Any problem is thrown as one line: the file, the JSON path, what was expected.
 */
export function parseJsonDocument(text: string, file: string, schema: z.ZodType, what: string): unknown {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    const [first, ...rest] = result.error.issues;
    if (first === undefined) throw new Error(`${file}: not a valid ${what}`);
    const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})` : '';
    throw new Error(`${file}: ${jsonPath(first.path)}: ${explainIssue(first, data)}${more}`);
  }
  return data;
}

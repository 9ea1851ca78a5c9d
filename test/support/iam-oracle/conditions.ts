/**
 * Concrete IAM condition evaluation for the differential oracle: one request context, one
 * Condition block, true or false. Written from the IAM User Guide, not from ajar's evaluator:
 * - "IAM JSON policy elements: Condition operators"
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * - "Condition element": keys are case-insensitive, values case-sensitive unless the operator
 *   says otherwise; several values of one key are ORed (negated operators: none may match);
 *   several keys and operators are ANDed; a key absent from the request makes the clause false,
 *   except that negated operators are then true, `...IfExists` is true and Null tests presence.
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
 * - "Multivalued context keys": ForAnyValue is false on an absent key, ForAllValues true.
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 * - "Policy variables": `${key}` and `${key, 'default'}`, and `${*}`, `${?}`, `${$}` for literals.
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */

export type OracleContext = Record<string, string | string[]>;

/** The value of a context key, looked up without regard to case. */
export function contextValue(ctx: OracleContext, key: string): string | string[] | undefined {
  const wanted = key.toLowerCase();
  for (const [k, v] of Object.entries(ctx)) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

/**
 * Substitutes policy variables. A variable whose key is absent and has no default makes the value
 * unusable (undefined): it matches no request value ("Policy variables": "If the key is not
 * present ... the policy does not match"). In glob operators the literal forms stay escaped by
 * turning into `\u0000`-free placeholders the glob treats literally.
 */
export function substituteVariables(value: string, ctx: OracleContext, forGlob: boolean): string | undefined {
  let missing = false;
  const out = value.replace(/\$\{([^}]*)\}/g, (_, inner: string) => {
    const literal: Record<string, string> = { '*': '*', '?': '?', $: '$' };
    if (inner in literal) return forGlob ? `\u0001${inner}\u0001` : literal[inner]!;
    const [key, fallback] = inner.split(',').map((s) => s.trim());
    const v = contextValue(ctx, key ?? '');
    if (typeof v === 'string') return forGlob ? v.replace(/[*?]/g, (c) => `\u0001${c}\u0001`) : v;
    if (fallback !== undefined && /^'.*'$/.test(fallback)) return fallback.slice(1, -1);
    missing = true;
    return '';
  });
  return missing ? undefined : out;
}

/** `*` any run, `?` one character, everything else literal (and `*`/`?` marked literal by substituteVariables). */
export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const parts = pattern.split(/\u0001([*?$])\u0001/);
  let source = '';
  parts.forEach((part, i) => {
    if (i % 2 === 1) source += part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else for (const ch of part) source += ch === '*' ? '[\\s\\S]*' : ch === '?' ? '[\\s\\S]' : ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  });
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

/**
 * ARN operators: "Each of the six colon-delimited components of the ARN is checked separately and
 * each can include multi-character match wildcards (*) or single-character match wildcards (?)";
 * ArnEquals and ArnLike behave the same. A pattern of fewer components lets its last one absorb
 * the rest (so `*` matches any ARN) — an assumption, the page does not say.
 */
function arnMatch(pattern: string, value: string): boolean {
  const v = value.split(':');
  if (v.length < 6 || v[0] !== 'arn') return false;
  const values = [...v.slice(0, 5), v.slice(5).join(':')];
  const p = pattern.split(':');
  const patterns = p.length >= 6 ? [...p.slice(0, 5), p.slice(5).join(':')] : p;
  for (let i = 0; i < patterns.length; i++) {
    const last = i === patterns.length - 1;
    const target = last ? values.slice(i).join(':') : values[i]!;
    if (!globMatch(patterns[i]!, target)) return false;
  }
  return true;
}

function parseIp(text: string): { v6: boolean; value: bigint } | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const octets = text.split('.').map(Number);
    if (octets.some((o) => o > 255)) return undefined;
    return { v6: false, value: octets.reduce((n, o) => n * 256n + BigInt(o), 0n) };
  }
  if (!text.includes(':')) return undefined;
  const [head, tail] = text.split('::');
  const groups = (s: string | undefined) => (s ? s.split(':') : []);
  const h = groups(head);
  const t = groups(tail);
  const all = text.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  if (all.length !== 8 || all.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  return { v6: true, value: all.reduce((n, g) => n * 65536n + BigInt(parseInt(g, 16)), 0n) };
}

/** IpAddress: the request address lies in the CIDR block (a bare address is a /32 or /128). */
export function ipInCidr(ip: string, cidr: string): boolean {
  const [net, bits] = cidr.trim().split('/');
  const a = parseIp(ip);
  const n = parseIp(net ?? '');
  if (!a || !n || a.v6 !== n.v6) return false;
  const width = a.v6 ? 128 : 32;
  const prefix = bits === undefined ? width : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > width) return false;
  const shift = BigInt(width - prefix);
  return a.value >> shift === n.value >> shift;
}

/** Date operators take ISO 8601 dates or epoch seconds ("Date condition operators"). */
function parseDate(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : t;
}

const parseNumber = (text: string): number | undefined => (/^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : undefined);

type Compare = (policyValue: string, requestValue: string) => boolean;

const ordered = (parse: (s: string) => number | undefined, test: (request: number, policy: number) => boolean): Compare => (p, r) => {
  const pv = parse(p);
  const rv = parse(r);
  return pv !== undefined && rv !== undefined && test(rv, pv);
};

/** Each base operator: how one policy value matches one request value, and whether it is negated. */
const OPERATORS: Record<string, { match: Compare; negated: boolean; glob?: boolean }> = {
  stringequals: { match: (p, r) => p === r, negated: false },
  stringnotequals: { match: (p, r) => p === r, negated: true },
  stringequalsignorecase: { match: (p, r) => p.toLowerCase() === r.toLowerCase(), negated: false },
  stringnotequalsignorecase: { match: (p, r) => p.toLowerCase() === r.toLowerCase(), negated: true },
  stringlike: { match: (p, r) => globMatch(p, r), negated: false, glob: true },
  stringnotlike: { match: (p, r) => globMatch(p, r), negated: true, glob: true },
  numericequals: { match: ordered(parseNumber, (r, p) => r === p), negated: false },
  numericnotequals: { match: ordered(parseNumber, (r, p) => r === p), negated: true },
  numericlessthan: { match: ordered(parseNumber, (r, p) => r < p), negated: false },
  numericlessthanequals: { match: ordered(parseNumber, (r, p) => r <= p), negated: false },
  numericgreaterthan: { match: ordered(parseNumber, (r, p) => r > p), negated: false },
  numericgreaterthanequals: { match: ordered(parseNumber, (r, p) => r >= p), negated: false },
  dateequals: { match: ordered(parseDate, (r, p) => r === p), negated: false },
  datenotequals: { match: ordered(parseDate, (r, p) => r === p), negated: true },
  datelessthan: { match: ordered(parseDate, (r, p) => r < p), negated: false },
  datelessthanequals: { match: ordered(parseDate, (r, p) => r <= p), negated: false },
  dategreaterthan: { match: ordered(parseDate, (r, p) => r > p), negated: false },
  dategreaterthanequals: { match: ordered(parseDate, (r, p) => r >= p), negated: false },
  // "Boolean condition operators": true or false, compared without regard to case.
  bool: { match: (p, r) => p.toLowerCase() === r.toLowerCase(), negated: false },
  // "Binary condition operators": the base-64 encoded values compared byte for byte.
  binaryequals: { match: (p, r) => p === r, negated: false },
  ipaddress: { match: (p, r) => ipInCidr(r, p), negated: false },
  notipaddress: { match: (p, r) => ipInCidr(r, p), negated: true },
  arnequals: { match: arnMatch, negated: false, glob: true },
  arnlike: { match: arnMatch, negated: false, glob: true },
  arnnotequals: { match: arnMatch, negated: true, glob: true },
  arnnotlike: { match: arnMatch, negated: true, glob: true },
};

export interface OracleClause {
  operator: string;
  key: string;
  values: string[];
}

/** Thrown for an operator the oracle does not know: a generator bug, never a silent pass. */
export class UnknownOperator extends Error {}

export function clauseIsTrue(clause: OracleClause, ctx: OracleContext): boolean {
  let name = clause.operator;
  let quantifier: 'any' | 'all' | undefined;
  const q = /^(ForAnyValue|ForAllValues):/i.exec(name);
  if (q) {
    quantifier = q[1]!.toLowerCase() === 'foranyvalue' ? 'any' : 'all';
    name = name.slice(q[0].length);
  }
  const ifExists = /IfExists$/i.test(name) && name.toLowerCase() !== 'null';
  if (ifExists) name = name.slice(0, -'IfExists'.length);
  const base = name.toLowerCase();
  const present = contextValue(ctx, clause.key);
  if (base === 'null') {
    // "Null": true means the key is absent, false that it is present; values are ORed.
    return clause.values.some((v) => (v.toLowerCase() === 'true') === (present === undefined));
  }
  const op = OPERATORS[base];
  if (!op) throw new UnknownOperator(clause.operator);
  const requestValues = present === undefined ? [] : Array.isArray(present) ? present : [present];
  if (present === undefined || (quantifier && requestValues.length === 0)) {
    if (ifExists) return true;
    if (quantifier === 'any') return false;
    if (quantifier === 'all') return true;
    return op.negated;
  }
  const policyValues = clause.values.map((v) => substituteVariables(v, ctx, op.glob === true)).filter((v): v is string => v !== undefined);
  const matchesOne = (requestValue: string) => {
    const hit = policyValues.some((p) => op.match(p, requestValue));
    return op.negated ? !hit : hit;
  };
  if (quantifier === 'all') return requestValues.every(matchesOne);
  return requestValues.some(matchesOne);
}

/** A Condition block as parsed clauses: every operator and key of it must hold. */
export function conditionsAreTrue(clauses: readonly OracleClause[], ctx: OracleContext): boolean {
  return clauses.every((c) => clauseIsTrue(c, ctx));
}

export function parseConditionBlock(raw: unknown): OracleClause[] {
  if (raw === undefined) return [];
  const clauses: OracleClause[] = [];
  for (const [operator, block] of Object.entries(raw as Record<string, Record<string, unknown>>)) {
    for (const [key, values] of Object.entries(block)) {
      clauses.push({ operator, key, values: (Array.isArray(values) ? values : [values]).map(String) });
    }
  }
  return clauses;
}

import { z } from 'zod';
import { SEVERITIES } from '../engine/finding.ts';
import type { ResourceType } from '../inventory/common.ts';
import { jsonPath, parseJsonDocument } from '../util/zod-errors.ts';
import type { Report } from './model.ts';
import { terminalSafeJson } from '../util/terminal-safe-json.ts';

export { jsonPath };

/** The whole report, pretty-printed: the format `ajar report` reads back. */
export function renderJson(report: Report): string {
  return `${terminalSafeJson(report, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------
// Reading a report back. The schema checks what re-rendering needs; objects are loose so that a
// report written by a newer ajar (with extra fields) still loads and keeps those fields.
// ---------------------------------------------------------------------------------------------

const count = z.number().int().nonnegative();
const severity = z.enum(SEVERITIES);
const status = z.enum(['pass', 'fail', 'unknown', 'error']);
const provider = z.enum(['aws', 'azure', 'gcp']);

/**
 * Resource types grow with every new collector; checking against today's list would reject a
 * report from a newer ajar for no gain, since no reporter branches on the type.
 */
const resourceType = z.custom<ResourceType>((value) => typeof value === 'string' && value.length > 0, {
  message: 'expected a resource type such as "aws.s3.bucket"',
});

const resourceRef = z.looseObject({
  provider,
  account: z.string(),
  region: z.string(),
  type: resourceType,
  id: z.string(),
  name: z.string(),
});

const traceStep = z.looseObject({
  layer: z.string(),
  ref: z.string().optional(),
  effect: z.enum(['grants', 'blocks', 'neutralises', 'restricts', 'note']),
  detail: z.string(),
});

/** The request behind a public verdict (AccessWitness in the finding model). */
const witness = z.looseObject({
  path: z.enum(['anonymous', 'signed', 'vpc-endpoint', 'web-identity', 'aws-service']),
  principal: z.discriminatedUnion('type', [
    z.looseObject({ type: z.literal('anonymous') }),
    z.looseObject({ type: z.literal('aws'), account: z.string(), arn: z.string() }),
    z.looseObject({ type: z.literal('federated'), provider: z.string() }),
    z.looseObject({ type: z.literal('service'), service: z.string(), sourceAccount: z.string().optional(), sourceArn: z.string().optional() }),
  ]),
  action: z.string(),
  resource: z.string(),
  context: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
});

const finding = z.looseObject({
  ruleId: z.string().min(1),
  title: z.string(),
  severity,
  status,
  resource: resourceRef,
  message: z.string(),
  trace: z.array(traceStep),
  witness: witness.optional(),
  unreadable: z
    .array(z.looseObject({ facet: z.string(), operation: z.string(), code: z.string(), message: z.string() }))
    .optional(),
  fingerprint: z.string().min(1),
  lifecycle: z.looseObject({ state: z.enum(['new', 'existing']), firstSeen: z.string().optional() }).optional(),
  suppression: z.looseObject({ reason: z.string(), owner: z.string(), expires: z.string(), source: z.string() }).optional(),
});

const resolvedFinding = z.looseObject({
  fingerprint: z.string().min(1),
  ruleId: z.string().min(1),
  severity,
  resource: resourceRef,
  firstSeen: z.string().optional(),
  resolvedAt: z.string(),
});

const comparison = z.looseObject({
  against: z.string(),
  previousScanAt: z.string().optional(),
  resolved: z.array(resolvedFinding),
});

const suppressionsOutcome = z.looseObject({
  stale: z.array(z.looseObject({ ruleId: z.string(), resource: z.string(), source: z.string() })),
  expired: z.array(z.looseObject({ ruleId: z.string(), resource: z.string(), expires: z.string(), source: z.string() })),
});

const ruleSummary = z.looseObject({
  id: z.string().min(1),
  title: z.string(),
  severity,
  description: z.string(),
  risk: z.string(),
  remediation: z.looseObject({ text: z.string(), cli: z.string().optional() }),
  references: z.array(z.string()),
  resourceType,
});

const collectionError = z.looseObject({
  provider,
  account: z.string().optional(),
  region: z.string().optional(),
  operation: z.string(),
  code: z.string(),
  message: z.string(),
});

const scopeEntry = z.looseObject({
  provider,
  account: z.string().optional(),
  regions: z.array(z.string()).optional(),
  endpoint: z.string().optional(),
  notScanned: z.string().optional(),
  notes: z.array(z.string()).optional(),
});

const reportSchema = z.looseObject({
  tool: z.looseObject({ name: z.literal('ajar'), version: z.string() }),
  scope: z.array(scopeEntry),
  timing: z.looseObject({ startedAt: z.string(), finishedAt: z.string(), durationMs: z.number().nonnegative() }),
  rules: z.array(ruleSummary),
  findings: z.array(finding),
  collectionErrors: z.array(collectionError),
  coverage: z.looseObject({
    resources: count,
    facetsRequested: count,
    facetsRead: count,
    listingsFailed: count.optional(),
    ratio: z.number().min(0).max(1),
  }),
  summary: z.looseObject({
    byStatus: z.looseObject({ pass: count, fail: count, unknown: count, error: count }),
    failingBySeverity: z.looseObject({ critical: count, high: count, medium: count, low: count, info: count }),
  }),
  stats: z.looseObject({ apiCalls: count, apiCallsByOperation: z.record(z.string(), count), retries: count.optional(), retriesByProvider: z.partialRecord(provider, count).optional() }),
  comparison: comparison.optional(),
  suppressions: suppressionsOutcome.optional(),
});

/**
 * Reads a JSON report written by `renderJson`, checking it well enough to re-render. A problem is
 * reported as one line naming the file, the JSON path and what was expected, e.g.
 * `report.json: $.findings[3].severity: expected one of critical|high|medium|low|info, got "severe"`.
 */
export function parseReportJson(text: string, file: string): Report {
  // Annotated so the compiler proves the schema describes a Report.
  const _proof: z.ZodType<Report> = reportSchema;
  void _proof;
  return parseJsonDocument(text, file, reportSchema, 'ajar report') as Report;
}

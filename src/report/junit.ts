/**
 * JUnit XML, the test-report format GitLab, Jenkins and Azure DevOps render in a pipeline's
 * "Tests" tab. Validated against the Jenkins xUnit plugin's junit-10.xsd (test/fixtures/junit).
 *
 * One `<testsuite>` per rule, one `<testcase>` per rule × resource (classname = rule id, name = the
 * resource), so a CI page reads "aws-s3-bucket-not-publicly-readable › dashcam-images (…)":
 * - fail → `<failure type="<severity>">` with the reason trace, exposure age and remediation;
 * - unknown and error → `<error type="unknown|error">`: the check could not run to a verdict, which
 *   is what JUnit's "error" means, and keeps them apart from real failures;
 * - a suppressed failure → `<skipped>` naming the suppression, so it shows but does not fail;
 * - pass → an empty testcase; a finding resolved since the previous scan says so in system-out.
 */
import type { Finding, ResolvedFinding } from '../engine/finding.ts';
import type { Report } from './model.ts';
import {
  openFor,
  reportTime,
  resolvedByFingerprint,
  resolvedWithoutFinding,
  resourceLabel,
  ruleLookup,
  suppressionText,
  traceText,
  type RuleSummary,
} from './present.ts';
import { withoutControls } from './terminal-text.ts';

/**
 * XML 1.0 allows only tab, newline and carriage return below U+0020, no lone surrogates and no
 * U+FFFE/U+FFFF; cloud-supplied text can contain any of them, and one would make the whole file
 * unreadable to the CI server, so they become U+FFFD.
 */
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export const xmlText = (value: string): string =>
  withoutControls(value, '\ufffd').replace(INVALID_XML, '\ufffd').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Attribute values also escape quotes, and newlines/tabs as character references so parsers keep them. */
export const xmlAttr = (value: string): string =>
  xmlText(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');

const attrs = (pairs: Record<string, string | number | undefined>): string =>
  Object.entries(pairs)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${xmlAttr(String(value))}"`)
    .join('');

/** Surefire time: seconds with a decimal point, no exponent. */
const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

interface Case {
  name: string;
  body: string[];
  outcome: 'pass' | 'failure' | 'error' | 'skipped';
}

const detailLines = (finding: Finding, rule: RuleSummary, now: string): string[] => {
  const lines = [finding.message];
  if (finding.trace.length > 0) lines.push('', 'Reason trace:', ...finding.trace.map((step) => `  ${traceText(step)}`));
  for (const gap of finding.unreadable ?? []) lines.push(`Unreadable ${gap.facet}: ${gap.operation} ${gap.code}: ${gap.message}`);
  if (finding.lifecycle !== undefined) {
    const age = openFor(finding.lifecycle.firstSeen, now);
    lines.push('', `Lifecycle: ${finding.lifecycle.state}${finding.lifecycle.firstSeen !== undefined ? `, first seen ${finding.lifecycle.firstSeen}` : ''}${age !== undefined ? `, open for ${age}` : ''}`);
  }
  if (rule.remediation.text !== '') {
    lines.push('', `Remediation: ${rule.remediation.text}`);
    if (rule.remediation.cli !== undefined) lines.push(`  ${rule.remediation.cli}`);
  }
  if (rule.references.length > 0) lines.push('', 'References:', ...rule.references.map((url) => `  ${url}`));
  lines.push('', `Resource: ${finding.resource.id}`, `Fingerprint: ${finding.fingerprint}`);
  return lines;
};

const resolvedLine = (entry: ResolvedFinding): string =>
  `Resolved since the previous scan at ${entry.resolvedAt}${entry.firstSeen !== undefined ? ` (failing since ${entry.firstSeen})` : ''}.`;

const caseOf = (finding: Finding, rule: RuleSummary, now: string, resolved: ReadonlyMap<string, ResolvedFinding>): Case => {
  const name = resourceLabel(finding.resource);
  const text = xmlText(detailLines(finding, rule, now).join('\n'));
  if (finding.status === 'fail' && finding.suppression !== undefined) {
    const message = suppressionText(finding.suppression);
    return { name, outcome: 'skipped', body: [`<skipped${attrs({ type: 'suppressed', message })}>${xmlText(`${message}\n(${finding.suppression.source})\n\n`)}${text}</skipped>`] };
  }
  if (finding.status === 'fail') {
    return { name, outcome: 'failure', body: [`<failure${attrs({ type: finding.severity, message: finding.message })}>${text}</failure>`] };
  }
  if (finding.status === 'unknown' || finding.status === 'error') {
    return { name, outcome: 'error', body: [`<error${attrs({ type: finding.status, message: finding.message })}>${text}</error>`] };
  }
  const fixed = resolved.get(finding.fingerprint);
  return { name, outcome: 'pass', body: fixed !== undefined ? [`<system-out>${xmlText(resolvedLine(fixed))}</system-out>`] : [] };
};

interface Suite {
  rule: RuleSummary;
  cases: Case[];
}

const renderSuite = (suite: Suite, report: Report, indent: string): string[] => {
  const count = (outcome: Case['outcome']) => suite.cases.filter((c) => c.outcome === outcome).length;
  const lines = [
    `${indent}<testsuite${attrs({
      name: suite.rule.id,
      tests: suite.cases.length,
      failures: count('failure'),
      errors: count('error'),
      skipped: count('skipped'),
      time: '0',
      timestamp: report.timing.startedAt,
      package: suite.rule.resourceType,
    })}>`,
    `${indent}  <properties>`,
    `${indent}    <property${attrs({ name: 'title', value: suite.rule.title })}/>`,
    `${indent}    <property${attrs({ name: 'severity', value: suite.rule.severity })}/>`,
    `${indent}  </properties>`,
  ];
  for (const testCase of suite.cases) {
    const open = `${indent}  <testcase${attrs({ name: testCase.name, classname: suite.rule.id, time: '0' })}`;
    if (testCase.body.length === 0) lines.push(`${open}/>`);
    else lines.push(`${open}>`, ...testCase.body.map((part) => `${indent}    ${part}`), `${indent}  </testcase>`);
  }
  lines.push(`${indent}</testsuite>`);
  return lines;
};

/** The JUnit XML document for a report; rules appear in `report.rules` order, cases in finding order. */
export function renderJunit(report: Report): string {
  const rule = ruleLookup(report);
  const now = reportTime(report);
  const resolved = resolvedByFingerprint(report);
  const suites = new Map<string, Suite>();
  const suiteFor = (summary: RuleSummary): Suite => {
    let suite = suites.get(summary.id);
    if (suite === undefined) {
      suite = { rule: summary, cases: [] };
      suites.set(summary.id, suite);
    }
    return suite;
  };
  for (const summary of report.rules) suiteFor(summary);
  for (const finding of report.findings) {
    const summary = rule(finding);
    suiteFor(summary).cases.push(caseOf(finding, summary, now, resolved));
  }
  for (const entry of resolvedWithoutFinding(report)) {
    suiteFor(rule(entry)).cases.push({ name: resourceLabel(entry.resource), outcome: 'pass', body: [`<system-out>${xmlText(resolvedLine(entry))}</system-out>`] });
  }

  const all = [...suites.values()].filter((suite) => suite.cases.length > 0);
  const total = (outcome?: Case['outcome']) =>
    all.reduce((sum, suite) => sum + suite.cases.filter((c) => outcome === undefined || c.outcome === outcome).length, 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'ajar', tests: total(), failures: total('failure'), errors: total('error'), time: seconds(report.timing.durationMs) })}>`,
    ...all.flatMap((suite) => renderSuite(suite, report, '  ')),
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}

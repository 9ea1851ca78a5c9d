/**
 * The three message shapes. Each lists the new failing findings, most severe first, with the
 * resource, the rule and the one-line reason; chat formats cap the list so a large first scan
 * does not hit the services' size limits.
 */
import type { Finding, Severity } from '../engine/finding.ts';
import { bySeverityOrder } from '../engine/report-diff.ts';
import type { Report } from '../report/model.ts';

export interface NotificationInput {
  report: Pick<Report, 'tool' | 'scope' | 'timing' | 'comparison'>;
  findings: readonly Finding[];
  /** What "new" means here: `baseline:<file>`, `state:<store>`, or why every failing finding is listed. */
  basis: string;
}

/** Slack allows 50 blocks per message, Teams about 28 KB per card: 20 findings fit both with room. */
export const CHAT_LIMIT = 20;

export const bySeverity = (findings: readonly Finding[]): Finding[] =>
  [...findings].sort(bySeverityOrder);

const severityCounts = (findings: readonly Finding[]): Partial<Record<Severity, number>> => {
  const counts: Partial<Record<Severity, number>> = {};
  for (const finding of findings) counts[finding.severity] = (counts[finding.severity] ?? 0) + 1;
  return counts;
};

export const headline = (findings: readonly Finding[]): string => {
  const counts = Object.entries(severityCounts(bySeverity(findings))).map(([severity, n]) => `${n} ${severity}`);
  const noun = findings.length === 1 ? 'finding' : 'findings';
  return `ajar: ${findings.length} new failing ${noun} (${counts.join(', ')})`;
};

/** Generic JSON webhook: everything a receiver needs to open a ticket, no presentation. */
export function jsonPayload(input: NotificationInput): object {
  return {
    schema: 'ajar.notification/v1',
    event: 'new-failing-findings',
    tool: input.report.tool,
    scan: { startedAt: input.report.timing.startedAt, finishedAt: input.report.timing.finishedAt, scope: input.report.scope },
    basis: input.basis,
    count: input.findings.length,
    bySeverity: severityCounts(input.findings),
    findings: bySeverity(input.findings).map((f) => ({
      fingerprint: f.fingerprint,
      ruleId: f.ruleId,
      title: f.title,
      severity: f.severity,
      resource: f.resource,
      message: f.message,
      ...(f.lifecycle?.firstSeen !== undefined ? { firstSeen: f.lifecycle.firstSeen } : {}),
    })),
  };
}

/** Slack mrkdwn treats &, < and > as control characters. */
const slackEscape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Slack incoming webhook: `text` is the notification fallback, `blocks` the message. */
export function slackPayload(input: NotificationInput): object {
  const sorted = bySeverity(input.findings);
  const shown = sorted.slice(0, CHAT_LIMIT);
  const blocks: object[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(headline(sorted), 150) } },
    ...shown.map((f) => ({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(`*${f.severity.toUpperCase()}* \`${slackEscape(f.ruleId)}\`\n\`${slackEscape(f.resource.id)}\`\n${slackEscape(f.message)}`, 3000),
      },
    })),
  ];
  if (sorted.length > shown.length) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `…and ${sorted.length - shown.length} more; see the scan report.` } });
  }
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: clip(slackEscape(`new against ${input.basis} · scan started ${input.report.timing.startedAt}`), 3000) }],
  });
  return { text: headline(sorted), blocks };
}

/**
 * Microsoft Teams: an Adaptive Card in a message envelope, the shape both Workflows ("when a
 * Teams webhook request is received") and the older connector webhooks accept.
 */
export function teamsPayload(input: NotificationInput): object {
  const sorted = bySeverity(input.findings);
  const shown = sorted.slice(0, CHAT_LIMIT);
  const body: object[] = [
    { type: 'TextBlock', size: 'Large', weight: 'Bolder', wrap: true, text: headline(sorted) },
    { type: 'TextBlock', isSubtle: true, wrap: true, spacing: 'None', text: `new against ${input.basis} · scan started ${input.report.timing.startedAt}` },
    ...shown.map((f) => ({
      type: 'Container',
      separator: true,
      items: [
        { type: 'TextBlock', weight: 'Bolder', wrap: true, color: f.severity === 'critical' || f.severity === 'high' ? 'Attention' : 'Warning', text: `${f.severity.toUpperCase()} ${f.title}` },
        { type: 'FactSet', facts: [{ title: 'Resource', value: f.resource.id }, { title: 'Rule', value: f.ruleId }] },
        { type: 'TextBlock', wrap: true, text: f.message },
      ],
    })),
  ];
  if (sorted.length > shown.length) body.push({ type: 'TextBlock', wrap: true, text: `…and ${sorted.length - shown.length} more; see the scan report.` });
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', body, msteams: { width: 'Full' } },
      },
    ],
  };
}

export const PAYLOADS = { json: jsonPayload, slack: slackPayload, teams: teamsPayload } as const;

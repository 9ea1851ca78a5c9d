/**
 * Resource names and policy Sids are chosen by whoever owns the resource. S3 allows any UTF-8 in a
 * Sid ("Sid ... string": https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
 * lists the characters for IAM, S3 bucket policies accept more) and object keys "can contain any
 * UTF-8 character, including control characters"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html). ESC [ 31 m recolours a
 * terminal; U+009B is the one-character C1 form of CSI. No text format may carry either through.
 */
import { describe, expect, it } from 'vitest';
import { renderTimeline } from '../../../src/cli/commands/history.ts';
import { parseInventory, renderInventory } from '../../../src/inventory/file.ts';
import { REPORT_FORMATS, renderReport, type ReportFormat } from '../../../src/report/index.ts';
import { bucketRef, makeFinding, makeInventory, makeReport, summarise } from '../../support/report-factory.ts';

const HOSTILE = 'evil\u001b[31mred\u009b2Jclear\u0007bell\r';

const report = () => {
  const findings = [
    makeFinding('aws-s3-bucket-not-publicly-readable', { ...bucketRef('bucket'), name: `name-${HOSTILE}`, id: `arn:aws:s3:::id-${HOSTILE}` }, 'fail', {
      message: `message-${HOSTILE}`,
      trace: [{ layer: 'policy', ref: `Sid-${HOSTILE}`, effect: 'grants', detail: `detail-${HOSTILE}` }],
    }),
  ];
  return makeReport({ findings, summary: summarise(findings) });
};

const JSON_FORMATS = new Set<ReportFormat>(['json', 'ndjson', 'ocsf', 'sarif']);
const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/;

describe('control characters from resource-controlled strings', () => {
  for (const format of REPORT_FORMATS.filter((f) => !JSON_FORMATS.has(f))) {
    it(`${format}: no C0/C1 control character reaches the output`, () => {
      const text = renderReport(format, report(), { color: false, showPass: true });
      expect(text).toContain('evil'); // the hostile strings are rendered, only neutralised
      expect(text).not.toMatch(RAW_CONTROL);
    });
  }

  it('sarif: message texts, the part a viewer shows as prose, carry no control character', () => {
    const sarif = JSON.parse(renderReport('sarif', report(), { color: false }));
    const texts: string[] = sarif.runs[0].results.map((r: { message: { text: string } }) => r.message.text);
    expect(texts.join('\n')).toContain('Sid-evil');
    for (const text of texts) expect(text).not.toMatch(RAW_CONTROL);
  });

  for (const format of [...JSON_FORMATS]) {
    it(`${format}: stays valid JSON and keeps the data as it was`, () => {
      const text = renderReport(format, report(), { color: false, showPass: true });
      const lines = format === 'ndjson' ? text.trimEnd().split('\n') : [text];
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
      expect(text).toContain('\\u001b[31m');
      // JSON.stringify writes C1 raw; escaped, `cat report.json` cannot send a CSI either.
      expect(text).not.toMatch(RAW_CONTROL);
      expect(text).toContain('\\u009b2Jclear');
      expect(JSON.stringify(JSON.parse(lines[0]!))).toContain(`evil\u001b[31mred\u009b2Jclear`.replace('\u001b', '\\u001b'));
    });
  }
});

describe('control characters outside the report formats', () => {
  const ref = { ...bucketRef('bucket'), name: `name-${HOSTILE}` };

  it('ajar history: the text timeline of a finding carries no control character', () => {
    const text = renderTimeline(
      {
        fingerprint: 'f'.repeat(16),
        ruleId: 'aws-s3-bucket-not-publicly-readable',
        severity: 'critical',
        status: 'open',
        resource: ref,
        message: `message-${HOSTILE}`,
        firstSeen: '2026-01-01T00:00:00.000Z',
        openedAt: '2026-01-01T00:00:00.000Z',
        lastSeen: '2026-01-02T00:00:00.000Z',
        events: [{ at: '2026-01-01T00:00:00.000Z', event: 'opened', severity: 'critical', detail: `detail-${HOSTILE}` }],
      },
      '2026-01-03T00:00:00.000Z',
    );
    expect(text).toContain('name-evil');
    expect(text).not.toMatch(RAW_CONTROL);
  });

  it('ajar collect: the inventory file escapes C1 controls and still parses to the same names', () => {
    const inventory = makeInventory({ stats: { apiCalls: 1, apiCallsByOperation: { [`op-${HOSTILE}`]: 1 } } });
    const text = renderInventory(inventory);
    expect(text).not.toMatch(RAW_CONTROL);
    expect(parseInventory(text, 'inventory.json').stats.apiCallsByOperation).toEqual(inventory.stats.apiCallsByOperation);
  });
});

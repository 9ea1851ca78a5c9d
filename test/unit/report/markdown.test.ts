import { describe, expect, it } from 'vitest';
import { mdText, PR_COMMENT_LIMIT, renderMarkdown } from '../../../src/report/markdown.ts';
import { bucketRef, makeFinding, makeReport } from '../../support/report-factory.ts';
import { HOSTILE_NAME, makeMonitoredReport } from '../../support/monitored-report.ts';

/** The data rows of the table under a `### Title (n)` heading. */
const tableRows = (md: string, title: string): string[] => {
  const start = md.indexOf(`### ${title}`);
  if (start < 0) return [];
  const section = md.slice(start).split('\n').slice(1);
  const end = section.findIndex((line, i) => i > 0 && line.startsWith('#'));
  return section.slice(0, end < 0 ? undefined : end).filter((line) => line.startsWith('| ') && !/^\| (Severity|Status|---)/.test(line));
};

describe('renderMarkdown', () => {
  it('heads with failing counts by severity and a count table', () => {
    const md = renderMarkdown(makeReport());
    expect(md).toMatch(/^## ajar: 4 failing findings \(1 critical, 1 high, 1 medium, 1 low\)\n/);
    expect(md).toContain('| 1 | 1 | 1 | 1 | 0 | 1 | 1 | 0 | 2 |');
    expect(md).toContain('**Scope:** aws 123456789012 · azure **not scanned**: no credentials found by DefaultAzureCredential');
    expect(md).toContain('Coverage: 97.5% of facets read (39/40) across 10 resources');
  });

  it('lists failing findings worst first, then the ones it could not decide, then how to fix each failing rule', () => {
    const md = renderMarkdown(makeReport());
    const failing = tableRows(md, 'Failing (4)');
    expect(failing).toHaveLength(4);
    expect(failing[0]).toMatch(/^\| critical \| `dashcam-images` 123456789012\/ap-northeast-1 \| `aws-s3-bucket-not-publicly-readable` \| Bucket dashcam-images is readable by anyone/);
    expect(failing[3]).toMatch(/^\| low \| `assets-site`/);
    expect(tableRows(md, 'Could not decide (2)').map((row) => row.split(' | ')[0])).toEqual(['| unknown', '| error']);
    expect(md).toContain('<details><summary>How to fix</summary>');
    expect(md).toContain('```sh\naws s3api put-public-access-block');
    expect(md).toContain('- <https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteHosting.html>');
    expect(md.trimEnd().endsWith('</details>')).toBe(true);
  });

  it('shows new / open-for, suppressed findings apart, resolved findings and suppression problems', () => {
    const md = renderMarkdown(makeMonitoredReport());
    expect(md).toMatch(/^## ajar: 4 failing findings \(2 critical, 1 high, 1 low\), 1 suppressed\n/);
    expect(md).toContain('**Compared with** `state:sqlite:/var/lib/ajar/state.db` (previous scan 2025-02-28T10:00:00.000Z): 2 new, 2 existing, 1 resolved');
    const failing = tableRows(md, 'Failing (4)');
    expect(failing.find((row) => row.includes('`dashcam-images`'))).toMatch(/\| 3 years 1 month \|$/);
    expect(failing.find((row) => row.includes('`customer-uploads`'))).toMatch(/\| \*\*new\*\* \|$/);
    expect(failing.some((row) => row.includes('backups'))).toBe(false);
    expect(tableRows(md, 'Suppressed (1)')[0]).toBe('| medium | `backups/2024 q1?` 123456789012/us-east-1 | `aws-s3-bucket-not-publicly-listable` | public dataset by design | data-team | 2025-12-31 |');
    expect(tableRows(md, 'Resolved since the previous scan (1)')[0]).toBe('| high | `old-uploads` 123456789012/eu-west-1 | `aws-s3-bucket-not-publicly-writable` | 1 year 10 months |');
    expect(md).toContain('**Expired suppressions (1), no longer suppressing:** `aws-s3-bucket-website-disabled` on `arn:aws:s3:::promo-site` expired 2025-01-31');
    expect(md).toContain('**Stale suppressions (1), matching nothing:** `aws-s3-bucket-not-publicly-readable` on `arn:aws:s3:::deleted-bucket`');
  });

  it('keeps cloud-supplied text inert: no HTML, no table breaks, no @-mentions', () => {
    const md = renderMarkdown(makeMonitoredReport());
    expect(md).not.toContain('<script>');
    expect(md).toContain(`\`${HOSTILE_NAME}\``); // inside a code span, which GitHub shows literally
    const row = tableRows(md, 'Failing (4)').find((r) => r.includes('evil'))!;
    expect(row).toContain('evil &lt;script&gt;alert(1)&lt;/script&gt; =cmd @\u200borg/team \\| pipe');
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(5); // five cells: the pipe in the message did not add one
    expect(mdText('*bold* _it_ [link](x) `code` ~~s~~ # h !')).toBe('\\*bold\\* \\_it\\_ \\[link\\](x) \\`code\\` \\~\\~s\\~\\~ \\# h \\!');
    expect(mdText('line\nbreak\r\n')).toBe('line break');
    const ticks = renderMarkdown(makeReport({ findings: [makeFinding('aws-s3-bucket-not-publicly-readable', bucketRef('a`b|c'), 'fail')] }));
    expect(ticks).toContain('``a`b\\|c``');
  });

  it('fits a pull-request comment: drops rows from the end with a note, keeping failing rows first', () => {
    const findings = Array.from({ length: 3000 }, (_, i) =>
      makeFinding('aws-s3-bucket-not-publicly-readable', bucketRef(`bucket-${String(i).padStart(4, '0')}`), i < 2000 ? 'fail' : 'unknown', {
        message: `Bucket bucket-${i} is readable by anyone: bucket policy statement PublicRead allows s3:GetObject to "*".`,
      }),
    );
    const md = renderMarkdown(makeReport({ findings }));
    expect(md.length).toBeLessThanOrEqual(PR_COMMENT_LIMIT);
    expect(md.length).toBeGreaterThan(PR_COMMENT_LIMIT - 2000);
    const shown = tableRows(md, 'Failing (2000)').length;
    expect(shown).toBeGreaterThan(100);
    expect(shown).toBeLessThan(2000);
    expect(md).toContain(`_${2000 - shown} more rows not shown._`);
    expect(md).toContain(`> ${3000 - shown} rows left out to fit a pull-request comment (65,536 characters).`);
    expect(tableRows(md, 'Could not decide (1000)')).toHaveLength(0);
    expect(md).toContain('<details><summary>How to fix</summary>');
  });

  it('honours a smaller limit and still cuts cleanly when even the summary is too long', () => {
    const md = renderMarkdown(makeReport(), { maxLength: 1500 });
    expect(md.length).toBeLessThanOrEqual(1500);
    expect(md).toMatch(/rows? left out to fit a pull-request comment/);
    const tiny = renderMarkdown(makeMonitoredReport(), { maxLength: 300 });
    expect(tiny.length).toBeLessThanOrEqual(300);
    expect(tiny.endsWith('> Cut to fit a pull-request comment.\n')).toBe(true);
  });

  it('says so when nothing fails', () => {
    const md = renderMarkdown(makeReport({ findings: [makeFinding('aws-s3-bucket-not-publicly-readable', bucketRef('fine'), 'pass')] }));
    expect(md).toMatch(/^## ajar: no failing findings\n/);
    expect(md).not.toContain('### Failing');
    expect(md).not.toContain('How to fix');
  });
});

import { describe, expect, it } from 'vitest';
import { diffReports, gatingAdditions } from '../../../src/engine/report-diff.ts';
import type { Finding } from '../../../src/engine/finding.ts';
import { renderDiffMarkdown, renderDiffText } from '../../../src/report/diff.ts';
import { bucketRef, makeFinding, makeReport } from '../../support/report-factory.ts';

const READ = 'aws-s3-bucket-not-publicly-readable'; // critical
const LIST = 'aws-s3-bucket-not-publicly-listable'; // medium

const report = (findings: Finding[], startedAt: string) => makeReport({ findings, timing: { startedAt, finishedAt: startedAt, durationMs: 0 } });

describe('diffReports', () => {
  const before = report(
    [
      makeFinding(READ, bucketRef('still-open'), 'fail'),
      makeFinding(READ, bucketRef('fixed'), 'fail'),
      makeFinding(READ, bucketRef('now-unreadable'), 'fail'),
      makeFinding(READ, bucketRef('deleted'), 'fail'),
      makeFinding(LIST, bucketRef('regraded'), 'fail'),
      makeFinding(READ, bucketRef('opened'), 'pass'),
    ],
    '2025-01-01T00:00:00.000Z',
  );
  const after = report(
    [
      makeFinding(READ, bucketRef('still-open'), 'fail'),
      makeFinding(READ, bucketRef('fixed'), 'pass'),
      makeFinding(READ, bucketRef('now-unreadable'), 'unknown'),
      makeFinding(LIST, bucketRef('regraded'), 'fail', { severity: 'high' }),
      makeFinding(READ, bucketRef('opened'), 'fail'),
      makeFinding(LIST, bucketRef('brand-new|<b>'), 'fail'),
      makeFinding(READ, bucketRef('accepted'), 'fail', { suppression: { reason: 'ok', owner: 'me', expires: '2099-01-01', source: 's' } }),
    ],
    '2025-02-01T00:00:00.000Z',
  );
  const diff = diffReports(before, after, { old: 'old.json', new: 'new.json' });
  const names = (list: { resource: { name: string } }[]) => list.map((f) => f.resource.name);

  it('sorts findings into new, resolved, changed severity and not rechecked', () => {
    expect(names(diff.added)).toEqual(['accepted', 'opened', 'brand-new|<b>']);
    expect(names(diff.resolved)).toEqual(['fixed']);
    expect(diff.changedSeverity.map((f) => [f.resource.name, f.from, f.severity])).toEqual([['regraded', 'medium', 'high']]);
    expect(diff.notRechecked.map((f) => [f.resource.name, f.now])).toEqual([
      ['deleted', 'absent'],
      ['now-unreadable', 'unknown'],
    ]);
    expect(diff.unchanged).toBe(1);
  });

  it('gates on new unsuppressed findings at or above the threshold', () => {
    expect(names(gatingAdditions(diff, 'high'))).toEqual(['opened']);
    expect(names(gatingAdditions(diff, 'medium'))).toEqual(['opened', 'brand-new|<b>']);
    expect(gatingAdditions(diffReports(before, before, { old: 'a', new: 'b' }), 'info')).toEqual([]);
  });

  it('renders text and escaped Markdown', () => {
    expect(renderDiffText(diff)).toContain('3 new, 1 resolved, 1 changed severity, 2 not rechecked, 1 unchanged');
    expect(renderDiffText(diff)).toContain('[suppressed: ok; owner me; until 2099-01-01]');
    const md = renderDiffMarkdown(diff);
    expect(md).toContain('| medium | aws-s3-bucket-not-publicly-listable | arn:aws:s3:::brand-new\\|\\<b\\> |  |');
    expect(md).not.toContain('<b>');
  });
});

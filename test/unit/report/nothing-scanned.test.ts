/**
 * A scan that saw no resource at all (no credentials, every listing refused) must not read as a
 * clean one: the table and Markdown lead with what was not scanned and why, coverage says
 * "0/0 — nothing was scanned" and never "100%", and the JSON ratio is 0, not 1 (DESIGN §5: "a
 * scan that saw nothing says so before anything else"). A failed listing counts as one unit asked
 * for and not read, so a scan with a failed listing is never at 100% either.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../rules/index.ts';
import { INVENTORY_KIND, INVENTORY_VERSION, type InventoryFile } from '../../../src/inventory/file.ts';
import { renderMarkdown } from '../../../src/report/markdown.ts';
import type { Report } from '../../../src/report/model.ts';
import { formatCoverage, renderTable } from '../../../src/report/table.ts';
import { runScan } from '../../../src/scan.ts';
import { makeReport } from '../../support/report-factory.ts';

const s3Rules = RULES.filter((rule) => rule.meta.resourceType === 'aws.s3.bucket');

const refused = {
  provider: 'aws' as const,
  operation: 'sts:GetCallerIdentity',
  code: 'InvalidClientTokenId',
  message: 'The security token included in the request is invalid.',
};

const replay = (inventory: Partial<InventoryFile>): Promise<Report> =>
  runScan({
    rules: s3Rules,
    concurrency: 1,
    log: pino({ level: 'silent' }),
    trustedAccounts: [],
    keep: 'all',
    inventory: {
      kind: INVENTORY_KIND,
      version: INVENTORY_VERSION,
      tool: { name: 'ajar', version: '0.1.0' },
      collectedAt: '2025-03-01T10:00:00.000Z',
      scope: [],
      collectionErrors: [],
      resources: [],
      stats: { apiCalls: 0, apiCallsByOperation: {} },
      ...inventory,
    },
  });

const bucket = (name: string) => ({
  ref: { provider: 'aws' as const, account: '123456789012', region: 'eu-west-1', type: 'aws.s3.bucket' as const, id: `arn:aws:s3:::${name}`, name },
  facets: { acl: { state: 'ok', value: { owner: 'o', grants: [] } } },
});

describe('coverage.ratio in the report model', () => {
  it('is 0 when nothing was requested and read, not 1', async () => {
    const report = await replay({ scope: [{ provider: 'aws', notScanned: `${refused.operation} failed with ${refused.code}` }], collectionErrors: [refused] });
    expect(report.coverage).toEqual({ resources: 0, facetsRequested: 0, facetsRead: 0, listingsFailed: 1, ratio: 0 });
    const empty = await replay({});
    expect(empty.coverage.ratio).toBe(0);
  });

  it('counts each failed listing as one unit not read: every facet read plus one refused listing is below 1', async () => {
    const report = await replay({ resources: [bucket('a'), bucket('b'), bucket('c')] as InventoryFile['resources'], collectionErrors: [{ ...refused, operation: 'ec2:DescribeRegions', code: 'UnauthorizedOperation' }] });
    expect(report.coverage).toMatchObject({ resources: 3, facetsRequested: 3, facetsRead: 3, listingsFailed: 1 });
    expect(report.coverage.ratio).toBe(3 / 4);
    expect(formatCoverage(report.coverage)).toBe('Coverage: 75%: facets read (3/3) across 3 resources, 1 listing not read');
  });
});

describe('a report of a scan that saw nothing', () => {
  const blind = makeReport({
    scope: [{ provider: 'aws', notScanned: 'sts:GetCallerIdentity failed with InvalidClientTokenId: The security token included in the request is invalid.' }],
    findings: [],
    collectionErrors: [refused],
    coverage: { resources: 0, facetsRequested: 0, facetsRead: 0, listingsFailed: 1, ratio: 0 },
    summary: { byStatus: { pass: 0, fail: 0, unknown: 0, error: 0 }, failingBySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 } },
  });

  it('table: leads with what was not scanned and why, never "No findings." or 100%', () => {
    const out = renderTable(blind, { color: false });
    const lines = out.split('\n');
    expect(lines[0]).toBe('Nothing was scanned: a listing could not be read.');
    expect(lines[1]).toBe('  aws sts:GetCallerIdentity: InvalidClientTokenId: The security token included in the request is invalid.');
    expect(out).not.toContain('No findings.');
    expect(out).not.toContain('100%');
    expect(out).toContain('Coverage: 0/0 — nothing was scanned (1 listing not read)');
  });

  it('Markdown: the heading says nothing was scanned, then the reasons', () => {
    const md = renderMarkdown(blind);
    expect(md).toMatch(/^## ajar: nothing was scanned\n\nNothing was scanned: a listing could not be read\.\n\n- aws sts:GetCallerIdentity: InvalidClientTokenId: /);
    expect(md).not.toContain('no failing findings');
    expect(md).not.toContain('100%');
  });

  it('an empty scope with nothing refused says that no resource was found, still not 100%', () => {
    const empty = { ...blind, scope: [{ provider: 'aws' as const, account: '123456789012' }], collectionErrors: [], coverage: { resources: 0, facetsRequested: 0, facetsRead: 0, listingsFailed: 0, ratio: 0 } };
    const out = renderTable(empty, { color: false });
    expect(out.split('\n')[0]).toBe("Nothing was scanned: no resource of the selected rules' types was found.");
    expect(out).toContain('Coverage: 0/0 — nothing was scanned\n');
  });
});

describe('scope notes (a "none here" read from a documented answer, not a listing)', () => {
  it('table and Markdown show them in the summary', () => {
    const note = 'Microsoft.DocumentDB not registered in the subscription (MissingSubscriptionRegistration on Microsoft.DocumentDB/databaseAccounts:list): it holds no Cosmos DB accounts';
    const report = makeReport({ scope: [{ provider: 'azure', account: '00000000-0000-0000-0000-000000000001', notes: [note] }] });
    expect(renderTable(report, { color: false })).toContain(`Notes:\n  azure 00000000-0000-0000-0000-000000000001: ${note}\n`);
    expect(renderMarkdown(report)).toContain('**Notes:** Microsoft.DocumentDB not registered');
  });
});

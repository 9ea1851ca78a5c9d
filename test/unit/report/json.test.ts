import { describe, expect, it } from 'vitest';
import { jsonPath, parseReportJson, renderJson } from '../../../src/report/json.ts';
import { makeReport } from '../../support/report-factory.ts';

/** The rendered report as a mutable plain object, to damage one field at a time. */
const damaged = (mutate: (data: any) => void): string => {
  const data = JSON.parse(renderJson(makeReport()));
  mutate(data);
  return JSON.stringify(data);
};

const parseError = (text: string): string => {
  try {
    parseReportJson(text, 'report.json');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected parseReportJson to throw');
};

describe('renderJson', () => {
  it('writes the whole report, pretty-printed and newline-terminated', () => {
    const report = makeReport();
    const text = renderJson(report);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "findings": [\n');
    expect(JSON.parse(text)).toEqual(report);
  });
});

describe('parseReportJson', () => {
  it('round-trips: parsing the JSON gives back the same report, which re-renders identically', () => {
    const report = makeReport();
    const text = renderJson(report);
    const parsed = parseReportJson(text, 'report.json');
    expect(parsed).toEqual(report);
    expect(renderJson(parsed)).toBe(text);
  });

  it('names the file, the JSON path and the allowed values for a bad enum', () => {
    const text = damaged((data) => {
      data.findings[3].severity = 'severe';
    });
    expect(parseError(text)).toBe(
      'report.json: $.findings[3].severity: expected one of critical|high|medium|low|info, got "severe"',
    );
  });

  it('says when a required field is missing', () => {
    const text = damaged((data) => {
      delete data.findings[0].fingerprint;
    });
    expect(parseError(text)).toBe('report.json: $.findings[0].fingerprint: expected string, but it is missing');
  });

  it('says what type was expected and what was found', () => {
    const text = damaged((data) => {
      data.coverage.facetsRead = '39';
    });
    expect(parseError(text)).toBe('report.json: $.coverage.facetsRead: expected number, got "39"');
  });

  it('reads stats.retries back and checks it is a count, per known provider; reports written before it have none', () => {
    const withRetries = damaged((data) => {
      data.stats.retries = 3;
      data.stats.retriesByProvider = { aws: 2, gcp: 1 };
    });
    expect(parseReportJson(withRetries, 'report.json').stats).toEqual(expect.objectContaining({ retries: 3, retriesByProvider: { aws: 2, gcp: 1 } }));
    expect(parseReportJson(damaged((data) => delete data.stats.retries), 'report.json').stats.retries).toBeUndefined();
    expect(parseError(damaged((data) => (data.stats.retries = -1)))).toMatch(/^report\.json: \$\.stats\.retries: /);
    expect(parseError(damaged((data) => (data.stats.retriesByProvider = { mars: 1 })))).toMatch(/^report\.json: \$\.stats\.retriesByProvider/);
  });

  it('checks nested trace steps and literal values', () => {
    expect(
      parseError(
        damaged((data) => {
          data.findings[1].trace[1].effect = 'allows';
        }),
      ),
    ).toBe('report.json: $.findings[1].trace[1].effect: expected one of grants|blocks|neutralises|restricts|note, got "allows"');
    expect(
      parseError(
        damaged((data) => {
          data.tool.name = 'prowler';
        }),
      ),
    ).toBe('report.json: $.tool.name: expected "ajar", got "prowler"');
  });

  it('counts further problems after the first', () => {
    const text = damaged((data) => {
      data.findings[0].status = 'bad';
      data.findings[1].status = 'bad';
    });
    expect(parseError(text)).toMatch(/^report\.json: \$\.findings\[0\]\.status: .* \(and 1 more problem\)$/);
  });

  it('rejects text that is not JSON, naming the file', () => {
    expect(parseError('{"tool": ')).toMatch(/^report\.json: not valid JSON: /);
  });

  it('rejects a top level that is not an object', () => {
    expect(parseError('[]')).toBe('report.json: $: expected object, got an array');
  });

  it('keeps fields it does not know, so a newer report survives a re-render', () => {
    const text = damaged((data) => {
      data.findings[0].suppressed = { reason: 'accepted risk' };
    });
    const parsed = parseReportJson(text, 'report.json') as unknown as { findings: Record<string, unknown>[] };
    expect(parsed.findings[0]?.suppressed).toEqual({ reason: 'accepted risk' });
  });
});

describe('jsonPath', () => {
  it('uses dots for identifiers and brackets for indexes and odd keys', () => {
    expect(jsonPath([])).toBe('$');
    expect(jsonPath(['findings', 3, 'severity'])).toBe('$.findings[3].severity');
    expect(jsonPath(['stats', 'apiCallsByOperation', 'Get Bucket'])).toBe('$.stats.apiCallsByOperation["Get Bucket"]');
  });
});

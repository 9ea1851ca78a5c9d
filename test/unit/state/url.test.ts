import { describe, expect, it } from 'vitest';
import { parseStateUrl } from '../../../src/state/url.ts';
import { redactUrl } from '../../../src/util/url.ts';

describe('parseStateUrl', () => {
  it.each([
    ['sqlite:///var/lib/ajar/state.db', { kind: 'sqlite', path: '/var/lib/ajar/state.db', label: 'sqlite:///var/lib/ajar/state.db' }],
    ['sqlite:state.db', { kind: 'sqlite', path: '/work/ci/state.db' }],
    ['sqlite:data/../state.db', { kind: 'sqlite', path: '/work/ci/state.db' }],
    ['state.db', { kind: 'sqlite', path: '/work/ci/state.db', label: 'sqlite:///work/ci/state.db' }],
    ['/abs/state.db', { kind: 'sqlite', path: '/abs/state.db' }],
    ['./nested/state.sqlite', { kind: 'sqlite', path: '/work/ci/nested/state.sqlite' }],
    ['postgres://ajar@db.internal:5432/ajar', { kind: 'postgres', url: 'postgres://ajar@db.internal:5432/ajar', label: 'postgres://ajar@db.internal:5432/ajar' }],
    ['postgresql://ajar:hunter2@db/ajar?sslmode=require', { kind: 'postgres', label: 'postgresql://ajar:***@db/ajar?sslmode=require' }],
    ['postgres:///ajar?host=/var/run/postgresql', { kind: 'postgres' }],
  ])('%s', (url, expected) => {
    expect(parseStateUrl(url, '--state', '/work/ci')).toMatchObject(expected);
  });

  it('keeps the password in the URL it connects with and out of the label', () => {
    const location = parseStateUrl('postgres://ajar:hunter2@db/ajar');
    expect(location).toMatchObject({ kind: 'postgres', url: 'postgres://ajar:hunter2@db/ajar' });
    expect(location.label).not.toContain('hunter2');
  });

  it.each([
    ['', /--state: empty state URL/],
    ['mysql://db/ajar', /--state: unsupported scheme "mysql:"/],
    ['https://example.com/state', /unsupported scheme "https:"/],
    ['sqlite://host/state.db', /names a host/],
    ['sqlite:///', /names no file/],
    ['postgres://:secret@/', /is not a valid URL|names no host/],
  ])('refuses %j', (url, message) => {
    expect(() => parseStateUrl(url)).toThrow(message);
  });

  it('names where the URL came from and never echoes a password', () => {
    expect(() => parseStateUrl('redis://u:pw@cache', 'ajar.config.yaml: $.state')).toThrow(/^ajar\.config\.yaml: \$\.state: unsupported scheme "redis:" in "redis:\/\/u:\*\*\*@cache"/);
  });
});

describe('redactUrl', () => {
  it('hides the password only', () => {
    expect(redactUrl('postgres://u:p%40ss@h:1/d')).toBe('postgres://u:***@h:1/d');
    expect(redactUrl('postgres://u@h/d')).toBe('postgres://u@h/d');
  });
});

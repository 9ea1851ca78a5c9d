import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/gcp/sql/gcp-sql-instance-ssl-required.ts';
import { checkGcp, sqlInstance } from '../../../support/gcp-factories.ts';

describe('gcp-sql-instance-ssl-required', () => {
  it('passes ENCRYPTED_ONLY and TRUSTED_CLIENT_CERTIFICATE_REQUIRED', () => {
    expect(checkGcp(rule, sqlInstance({}, { sslMode: 'ENCRYPTED_ONLY' })).status).toBe('pass');
    expect(checkGcp(rule, sqlInstance({}, { sslMode: 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED' })).status).toBe('pass');
  });

  it('fails ALLOW_UNENCRYPTED_AND_ENCRYPTED even when the legacy requireSsl says true', () => {
    const finding = checkGcp(rule, sqlInstance({}, { sslMode: 'ALLOW_UNENCRYPTED_AND_ENCRYPTED', requireSsl: true }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toBe('Instance enrolments-db accepts unencrypted connections (sslMode ALLOW_UNENCRYPTED_AND_ENCRYPTED).');
  });

  it('falls back to requireSsl when sslMode is absent', () => {
    expect(checkGcp(rule, sqlInstance({}, { requireSsl: true })).status).toBe('pass');
    expect(checkGcp(rule, sqlInstance({}, {})).status).toBe('fail');
  });

  it('is unknown when the instance list could not be read', () => {
    expect(checkGcp(rule, sqlInstance({}, undefined, 'forbidden')).status).toBe('unknown');
  });
});

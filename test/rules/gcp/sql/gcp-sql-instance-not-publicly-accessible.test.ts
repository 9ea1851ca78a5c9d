import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/gcp/sql/gcp-sql-instance-not-publicly-accessible.ts';
import { checkGcp, sqlInstance } from '../../../support/gcp-factories.ts';

describe('gcp-sql-instance-not-publicly-accessible', () => {
  it('passes an instance without a public IP, whatever its authorized networks', () => {
    expect(checkGcp(rule, sqlInstance({ ipv4Enabled: false, authorizedNetworks: [{ value: '0.0.0.0/0' }] })).status).toBe('pass');
  });

  it('passes a public IP with no authorized network (Auth Proxy only)', () => {
    const finding = checkGcp(rule, sqlInstance({ ipv4Enabled: true, publicIpAddresses: ['34.1.2.3'] }));
    expect(finding.status).toBe('pass');
    expect(finding.message).toContain('IAM-authorized');
  });

  it('fails on 0.0.0.0/0, naming the authorized network', () => {
    const finding = checkGcp(rule, sqlInstance({ ipv4Enabled: true, authorizedNetworks: [{ value: '0.0.0.0/0', name: 'everyone' }] }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('authorized network everyone (0.0.0.0/0)');
  });

  it('fails on a public range wider than the configured prefix, passes it when the setting allows it', () => {
    const instance = sqlInstance({ ipv4Enabled: true, authorizedNetworks: [{ value: '34.0.0.0/8' }] });
    expect(checkGcp(rule, instance).status).toBe('fail');
    expect(checkGcp(rule, instance, { network: { maxPublicPrefix: 8, maxPublicPrefixV6: 32 } }).status).toBe('pass');
  });

  it('passes an office /28 and private ranges', () => {
    expect(checkGcp(rule, sqlInstance({ ipv4Enabled: true, authorizedNetworks: [{ value: '198.18.0.0/15' }, { value: '35.190.10.0/28', name: 'office' }] })).status).toBe('pass');
  });

  it('is unknown when an authorized network cannot be parsed', () => {
    expect(checkGcp(rule, sqlInstance({ ipv4Enabled: true, authorizedNetworks: [{ value: 'not-a-cidr' }] })).status).toBe('unknown');
  });

  it('is unknown when the instance list could not be read', () => {
    const finding = checkGcp(rule, sqlInstance({}, undefined, 'forbidden'));
    expect(finding.status).toBe('unknown');
    expect(finding.unreadable?.[0]).toMatchObject({ operation: 'sqladmin.instances.list', code: 'forbidden' });
  });
});

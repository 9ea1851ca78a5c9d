import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/aws/opensearch/aws-opensearch-domain-not-publicly-accessible.ts';
import { allowAll, checkDb, domainArn, openSearchDomain } from '../../../support/aws-db-factories.ts';

const open = (arn: string) => allowAll('es:*', `${arn}/*`);

describe('aws-opensearch-domain-not-publicly-accessible', () => {
  it('fails a public domain with an open policy and no fine-grained access control', () => {
    const finding = checkDb(rule, openSearchDomain({ policy: open }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('anyone on the internet (unsigned requests) is allowed es:* by Sid "Open"');
    expect(finding.message).toContain('fine-grained access control is off');
  });

  it('fails when fine-grained access control admits anonymous requests', () => {
    const finding = checkDb(rule, openSearchDomain({ policy: open, fineGrainedAccessControl: true, anonymousAuth: true }));
    expect(finding.status).toBe('fail');
    expect(finding.message).toContain('admits anonymous requests');
  });

  it('passes an open policy behind fine-grained access control without anonymous access', () => {
    const finding = checkDb(rule, openSearchDomain({ policy: open, fineGrainedAccessControl: true, anonymousAuth: false }));
    expect(finding.status).toBe('pass');
    expect(finding.message).toContain('requires a login');
  });

  it('passes a VPC domain whatever its policy says', () => {
    expect(checkDb(rule, openSearchDomain({ policy: open, vpc: { vpcId: 'vpc-1', securityGroupIds: [], subnetIds: ['subnet-1'] } })).status).toBe('pass');
  });

  it('counts a fixed aws:SourceIp CIDR as a restriction but 0.0.0.0/0 as none', () => {
    const fixed = (arn: string) => allowAll('es:ESHttp*', `${arn}/*`, { Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } } });
    const anywhere = (arn: string) => allowAll('es:ESHttp*', `${arn}/*`, { Condition: { IpAddress: { 'aws:SourceIp': ['0.0.0.0/0', '::/0'] } } });
    expect(checkDb(rule, openSearchDomain({ policy: fixed })).status).toBe('pass');
    expect(checkDb(rule, openSearchDomain({ policy: anywhere })).status).toBe('fail');
  });

  it('passes a domain without an access policy', () => {
    expect(checkDb(rule, openSearchDomain()).status).toBe('pass');
  });

  it('is unknown when the domain could not be described', () => {
    expect(checkDb(rule, openSearchDomain({ unreadable: 'AccessDeniedException' })).status).toBe('unknown');
  });

  it('puts an anonymous witness on an open domain, naming an HTTP action on one of its paths', () => {
    const finding = checkDb(rule, openSearchDomain({ policy: open }));
    expect(finding.witness).toMatchObject({ path: 'anonymous', principal: { type: 'anonymous' } });
    expect(finding.witness?.action).toMatch(/^es:ESHttp/);
    expect(finding.witness?.resource.startsWith(`${domainArn('search')}/`)).toBe(true);
  });

  // OpenSearch DG, ac.html: the configuration API "requires an identity-based policy"; a domain access
  // policy grants only the HTTP methods (Service Authorization Reference, OpenSearch:
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonopensearchservice.html).
  it('fails a public grant of es:ESHttpPatch alone, and passes one of es:DeleteDomain alone', () => {
    const patch = checkDb(rule, openSearchDomain({ policy: (arn) => allowAll('es:ESHttpPatch', `${arn}/*`) }));
    expect(patch.status).toBe('fail');
    expect(patch.witness).toMatchObject({ path: 'anonymous', action: 'es:ESHttpPatch' });
    const remove = checkDb(rule, openSearchDomain({ policy: (arn) => allowAll('es:DeleteDomain', arn) }));
    expect(remove.status).toBe('pass');
    // Not in silence: the trace names the statement and why it grants nothing.
    expect(remove.trace).toContainEqual(expect.objectContaining({ ref: 'Sid "Open"', effect: 'note', detail: expect.stringContaining('allowed es:DeleteDomain by Sid "Open" — but a domain access policy does not grant') }));
  });

  it('adds no such note to a statement that opens the HTTP API (es:* also names configuration actions)', () => {
    const finding = checkDb(rule, openSearchDomain({ policy: open }));
    expect(finding.trace.filter((s) => s.effect === 'note' && s.detail.includes('does not grant these actions'))).toEqual([]);
  });

  it('passes a VPC domain with no witness, whatever its policy says', () => {
    const finding = checkDb(rule, openSearchDomain({ policy: open, vpc: { vpcId: 'vpc-1', securityGroupIds: [], subnetIds: ['subnet-1'] } }));
    expect(finding.witness).toBeUndefined();
    expect(finding.message).toContain('reachable only inside VPC vpc-1');
  });
});

import { describe, expect, it } from 'vitest';
import rule from '../../../../rules/gcp/bigquery/gcp-bigquery-dataset-not-publicly-accessible.ts';
import { bigQueryDataset, checkGcp } from '../../../support/gcp-factories.ts';

describe('gcp-bigquery-dataset-not-publicly-accessible', () => {
  it('passes a dataset shared with project roles, a domain and a user', () => {
    const finding = checkGcp(rule, bigQueryDataset([{ role: 'OWNER', specialGroup: 'projectOwners' }, { role: 'READER', domain: 'example.com' }, { role: 'WRITER', userByEmail: 'a@example.com' }]));
    expect(finding.status).toBe('pass');
  });

  it('fails on iamMember allUsers', () => {
    const finding = checkGcp(rule, bigQueryDataset([{ role: 'roles/bigquery.dataViewer', iamMember: 'allUsers' }]));
    expect(finding.status).toBe('fail');
    expect(finding.message).toBe('Dataset enrolments is shared with allUsers (roles/bigquery.dataViewer).');
  });

  it('fails on the specialGroup allAuthenticatedUsers', () => {
    const finding = checkGcp(rule, bigQueryDataset([{ role: 'READER', specialGroup: 'allAuthenticatedUsers' }]));
    expect(finding.status).toBe('fail');
    expect(finding.trace[0]).toMatchObject({ ref: 'allAuthenticatedUsers:READER', effect: 'grants' });
  });

  it('is unknown when datasets.get was refused', () => {
    const finding = checkGcp(rule, bigQueryDataset([], 'accessDenied'));
    expect(finding.status).toBe('unknown');
    expect(finding.unreadable?.[0]).toMatchObject({ operation: 'bigquery.datasets.get', code: 'accessDenied' });
  });
});

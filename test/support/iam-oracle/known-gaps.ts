/**
 * Counterexamples the differential oracle found and that are recorded rather than fixed: each
 * names the side judged wrong by the AWS pages (or that the pages do not decide), the page, and
 * how to recognise the case. A counterexample matching none of these fails the test.
 */
import type { Counterexample } from './differential.ts';

export interface KnownGap {
  id: string;
  /** `ajar`: ajar is wrong by the page and not yet fixed; `ambiguous`: the page does not decide. */
  wrong: 'ajar' | 'ambiguous';
  page: string;
  why: string;
  matches: (c: Counterexample) => boolean;
}

const rpbOn = (c: Counterexample) => c.input.bucketPublicAccessBlock?.restrictPublicBuckets === true || c.input.accountPublicAccessBlock?.restrictPublicBuckets === true;

export const KNOWN_GAPS: KnownGap[] = [
  {
    id: 'service-principal-under-restrict-public-buckets',
    wrong: 'ambiguous',
    page: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html (RestrictPublicBuckets)',
    why:
      'RestrictPublicBuckets keeps access "to only AWS service principals and authorized users within the bucket owner\'s account". ' +
      'The oracle lets an AWS service acting for another account\'s resource through a public Principal "*" statement; ajar ' +
      'switches every grant of a public policy off. The page does not say whether a service acting for another account counts.',
    matches: (c) => c.kind === 'outsider-allowed' && c.request?.path === 'aws-service' && rpbOn(c),
  },
  {
    id: 'witness-variable-without-key',
    wrong: 'ajar',
    page: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html',
    why:
      'A condition value ${aws:username} takes the request\'s aws:username; the witness builder resolves a variable whose key ' +
      'its request lacks (an anonymous request has no aws:username) to "x", so its witness is denied.',
    matches: (c) => c.kind === 'witness-denied' && /"Condition":\{[^]*\$\{/.test(c.input.policy ?? ''),
  },
  {
    id: 'acl-all-users-and-service-principals',
    wrong: 'ambiguous',
    page: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#specifying-grantee-predefined-groups',
    why:
      'The oracle lets an AllUsers ACL grant reach an AWS service principal acting for another account ("anyone in the ' +
      'world"); ajar judges ACL grants on the anonymous and signed paths only. The page does not speak of service principals.',
    matches: (c) => c.kind === 'outsider-allowed' && c.request?.path === 'aws-service' && c.detail.startsWith('oracle: acl '),
  },
  {
    id: 'principal-type-of-service-principals',
    wrong: 'ambiguous',
    page: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principaltype',
    why:
      'The oracle gives a service principal\'s request no aws:PrincipalType; ajar gives it "AWSService". The page lists the ' +
      'values for IAM identities and anonymous callers and does not say what a service principal carries.',
    matches: (c) => c.kind === 'outsider-allowed' && c.request?.path === 'aws-service' && /aws:PrincipalType/i.test(c.input.policy ?? ''),
  },
  {
    id: 'witness-not-built',
    wrong: 'ajar',
    page: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html',
    why:
      'ajar calls the capability public but its witness builder finds no request: it cannot choose keys it holds fixed ' +
      '(aws:PrincipalArn arn:aws:iam::*:role/reader needs a role named reader in the outsider account), it instantiates `*` ' +
      'in StringEquals values that are literal, and it gives up after four rounds of Deny avoidance.',
    matches: (c) => c.kind === 'witness-missing',
  },
];

export const knownGapOf = (c: Counterexample): KnownGap | undefined => KNOWN_GAPS.find((g) => g.matches(c));

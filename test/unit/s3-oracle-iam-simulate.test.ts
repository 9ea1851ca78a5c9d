/**
 * A second, independent oracle for the policy layer: @cloud-copilot/iam-simulate (AGPL-3.0, an
 * unmodified devDependency used here only; test/unit/layering.test.ts keeps it out of src/). It
 * models anonymous and cross-account requests and RestrictPublicBuckets, but not bucket ACLs,
 * IgnorePublicAcls or Object Ownership, so it judges only witnesses of bucket-policy grants with
 * the ACL and Block Public Access taken away. Where it and test/support/iam-oracle disagree, the
 * case is one of the classes below (each with its page) or the test fails.
 */
import fc from 'fast-check';
import { anonymousPrincipal, runSimulation } from '@cloud-copilot/iam-simulate';
import { describe, expect, it } from 'vitest';
import { evaluateS3Access, isPublicAudience, type S3AccessInput } from '../../src/analysis/s3-access.ts';
import { bucketConfiguration } from '../support/iam-oracle/generators.ts';
import { authorizeS3 } from '../support/iam-oracle/s3.ts';

type Witness = NonNullable<ReturnType<typeof evaluateS3Access>['grants'][number]['witness']>;

/** Disagreements explained by a page; everything else is a bug in one of the two oracles. */
const EXPLAINED: { id: string; page: string; matches: (policy: string, ignoredKeys: string[]) => boolean }[] = [
  {
    // The Service Authorization Reference lists, per action, the condition keys its requests carry:
    // s3:max-keys exists on ListBucket, not on DeleteBucket. iam-simulate drops such keys from the
    // context; ajar and the first oracle treat every S3 key as present on every action. ajar gap.
    id: 'action-specific-condition-keys',
    page: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-actions-as-permissions',
    matches: (_, ignored) => ignored.length > 0,
  },
  {
    // A NotResource with a variable the request cannot resolve: the first oracle drops the value
    // (so NotResource excludes nothing), iam-simulate lets the statement not apply. The page says
    // only that an unresolved variable does not match; it does not say what NotResource then does.
    id: 'unresolved-variable-in-notresource',
    page: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html',
    matches: (policy) => /"NotResource":(\[[^\]]*)?"[^"]*\$\{/.test(policy),
  },
  {
    // The page pairs multivalued keys (aws:PrincipalOrgPaths) with ForAnyValue/ForAllValues and
    // single-valued keys with plain operators, and warns against mixing them without saying what the
    // mix evaluates to. The first oracle and ajar compare the values the request carries either way;
    // iam-simulate types the key and does not match.
    id: 'set-operator-and-key-kind-mismatch',
    page: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html',
    matches: (policy) =>
      /"(?!For)[A-Za-z]+":\{[^{}]*"aws:PrincipalOrgPaths"/i.test(policy) || /"For(Any|All)Values?:[A-Za-z]+":\{[^{}]*"(?!aws:PrincipalOrgPaths")[^"]+":/i.test(policy),
  },
];

async function simulate(input: S3AccessInput, w: Witness) {
  const signed = w.principal.type === 'aws';
  const result = await runSimulation(
    {
      request: {
        principal: signed ? (w.principal as { arn: string }).arn : anonymousPrincipal,
        action: w.action,
        resource: { resource: w.resource, accountId: input.ownerAccount },
        contextVariables: w.context,
      },
      // The outsider writes its own identity policies: they allow everything.
      identityPolicies: signed ? [{ name: 'outsider', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }] : [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: JSON.parse(input.policy ?? '{}'),
    },
    {},
  );
  if (result.resultType === 'error') return { error: JSON.stringify(result.errors).slice(0, 300) };
  const ignored = result.resultType === 'single' ? (result.result.ignoredContextKeys ?? []) : [];
  return { allowed: result.overallResult === 'Allowed', ignored };
}

describe('second oracle: iam-simulate on witnesses of bucket-policy grants', () => {
  it('agrees with test/support/iam-oracle, outside the explained classes (150 buckets, fixed seed)', { timeout: 60_000 }, async () => {
    const inputs = fc.sample(bucketConfiguration, { numRuns: 150, seed: 20261202 });
    let compared = 0;
    const explained = new Map<string, number>();
    const unexplained: string[] = [];
    for (const generated of inputs) {
      const input = { ...generated, acl: undefined, bucketPublicAccessBlock: null, accountPublicAccessBlock: null };
      for (const grant of evaluateS3Access(input).grants) {
        const w = grant.witness;
        if (!w || grant.layer !== 'policy' || !isPublicAudience(grant.audience) || (w.path !== 'anonymous' && w.path !== 'signed')) continue;
        const sim = await simulate(input, w);
        if ('error' in sim) {
          unexplained.push(`iam-simulate refused ${w.action}: ${sim.error}`);
          continue;
        }
        compared++;
        const ours = authorizeS3({ bucket: input.bucket, owner: input.ownerAccount, policy: input.policy }, w).allowed;
        if (ours === sim.allowed) continue;
        const why = EXPLAINED.find((e) => e.matches(input.policy ?? '', sim.ignored));
        if (why) explained.set(why.id, (explained.get(why.id) ?? 0) + 1);
        else unexplained.push(`oracle ${ours}, iam-simulate ${sim.allowed}: ${w.action} ${JSON.stringify(w.context)}\n  ${input.policy}`);
      }
    }
    expect(compared).toBeGreaterThan(100);
    expect(unexplained).toEqual([]);
  });
});

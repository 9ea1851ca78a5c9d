/**
 * The differential check of issue 10: ajar's symbolic verdicts against the concrete oracle.
 * (a) Every capability ajar calls public carries a witness, the witness is a request its path can
 *     carry, and the oracle allows it.
 * (b) For every capability ajar calls not public, none of the stranger's requests on the class-3
 *     paths (outsiders.ts) is allowed by the oracle.
 */
import { CAPABILITIES, evaluateS3Access, isPublicAudience, type Capability, type S3AccessInput } from '../../../src/analysis/s3-access.ts';
import { actionsFor } from '../../../src/analysis/s3-actions.ts';
import { parseOraclePolicy, type OracleRequest, type OracleStatement } from './policy.ts';
import { authorizeS3, type OracleBucket } from './s3.ts';
import { implausibility, outsiderRequests, seededRng } from './outsiders.ts';

export type CounterexampleKind = 'witness-missing' | 'witness-implausible' | 'witness-denied' | 'outsider-allowed';

export interface Counterexample {
  kind: CounterexampleKind;
  capability: Capability;
  detail: string;
  request?: OracleRequest;
  /** For witness kinds: the policy statement ajar says grants, when the grant is from the policy. */
  statement?: OracleStatement;
  input: S3AccessInput;
}

export interface CaseResult {
  counterexamples: Counterexample[];
  /** Outsider requests judged by the oracle. */
  requests: number;
  publicCapabilities: number;
}

const toBucket = (input: S3AccessInput): OracleBucket => ({
  bucket: input.bucket,
  owner: input.ownerAccount,
  policy: input.policy,
  acl: input.acl,
  bucketPublicAccessBlock: input.bucketPublicAccessBlock,
  accountPublicAccessBlock: input.accountPublicAccessBlock,
  ownership: input.ownership,
});

/** Object resources a stranger would ask for: any key, and the keys the policy's own patterns reach. */
function objectResources(bucket: string, policyText: string | null | undefined): string[] {
  const prefix = `arn:aws:s3:::${bucket}/`;
  const patterns = policyText ? parseOraclePolicy(policyText).flatMap((s) => s.resources.patterns) : [];
  const fromPolicy = patterns.filter((p) => p.startsWith(prefix)).map((p) => p.replace(/\$\{[^}]*\}/g, 'stranger').replace(/[*?]/g, 'x'));
  return [...new Set([`${prefix}any-object`, ...fromPolicy])];
}

export function checkCase(input: S3AccessInput, seed: number, requestBudget: number): CaseResult {
  const exposure = evaluateS3Access(input);
  const bucket = toBucket(input);
  const statements = input.policy ? parseOraclePolicy(input.policy) : [];
  const counterexamples: Counterexample[] = [];
  const rng = seededRng(seed);
  let requests = 0;
  let publicCapabilities = 0;
  for (const capability of CAPABILITIES) {
    const open = exposure.grants.filter((g) => g.capability === capability && isPublicAudience(g.audience));
    if (open.length > 0) {
      publicCapabilities++;
      for (const grant of open) {
        const statement = grant.layer === 'policy' ? statements.find((s) => (s.sid ? `Sid "${s.sid}"` : `Statement[${s.index}]`) === grant.ref) : undefined;
        const note = (kind: CounterexampleKind, detail: string) =>
          counterexamples.push({ kind, capability, detail: `${grant.layer} ${grant.ref}: ${detail}`, request: grant.witness, statement, input });
        if (!grant.witness) {
          note('witness-missing', 'public grant without a witness');
          continue;
        }
        const why = implausibility(grant.witness, input.ownerAccount, statements);
        if (why) note('witness-implausible', why);
        const verdict = authorizeS3(bucket, grant.witness);
        if (!verdict.allowed) note('witness-denied', `oracle: ${verdict.by}`);
      }
      continue;
    }
    if (exposure.policyError) continue;
    const { bucket: bucketActions, object: objectActions } = actionsFor(capability);
    const targets = [
      ...(bucketActions.length ? [{ actions: bucketActions, resources: [`arn:aws:s3:::${input.bucket}`] }] : []),
      ...(objectActions.length ? [{ actions: objectActions, resources: objectResources(input.bucket, input.policy) }] : []),
    ];
    for (const target of targets) {
      for (const request of outsiderRequests(input.ownerAccount, statements, target, Math.ceil(requestBudget / targets.length), rng)) {
        requests++;
        const verdict = authorizeS3(bucket, request);
        if (verdict.allowed) {
          counterexamples.push({ kind: 'outsider-allowed', capability, detail: `oracle: ${verdict.by}`, request, input });
          break;
        }
      }
    }
  }
  return { counterexamples, requests, publicCapabilities };
}

/** One line per counterexample, with the policy, for a person to judge against the AWS pages. */
export function describeCounterexample(c: Counterexample): string {
  return [
    `${c.kind} [${c.capability}] ${c.detail}`,
    `  request: ${JSON.stringify(c.request)}`,
    ...(c.statement ? [`  granting statement: ${JSON.stringify(c.statement)}`] : []),
    `  policy: ${c.input.policy}`,
    `  acl: ${JSON.stringify(c.input.acl?.grants.slice(1))} bpa: ${JSON.stringify(c.input.bucketPublicAccessBlock)} / ${JSON.stringify(c.input.accountPublicAccessBlock)} ownership: ${c.input.ownership}`,
  ].join('\n');
}

/**
 * The long run of the differential oracle (issue 10): `npm run fuzz:policy`. Generates bucket
 * configurations, checks ajar's verdicts against the concrete oracle in test/support/iam-oracle,
 * and prints the cases run and every counterexample found, by kind.
 * AJAR_FUZZ_RUNS (default 20000), AJAR_FUZZ_SEED (default: random, printed), AJAR_FUZZ_REQUESTS
 * (outsider requests per capability, default 100), AJAR_FUZZ_SHOW (examples printed per kind, default 3).
 */
import fc from 'fast-check';
import { bucketConfiguration } from '../test/support/iam-oracle/generators.ts';
import { checkCase, describeCounterexample, type Counterexample } from '../test/support/iam-oracle/differential.ts';
import { knownGapOf } from '../test/support/iam-oracle/known-gaps.ts';

const runs = Number(process.env.AJAR_FUZZ_RUNS ?? 20000);
const seed = Number(process.env.AJAR_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const budget = Number(process.env.AJAR_FUZZ_REQUESTS ?? 100);
const show = Number(process.env.AJAR_FUZZ_SHOW ?? 3);

const KINDS = new Set(['witness-missing', 'witness-implausible', 'witness-denied', 'outsider-allowed']);
const started = Date.now();
const byKind = new Map<string, Counterexample[]>();
let cases = 0;
let requests = 0;
let publicCases = 0;
fc.assert(
  fc.property(bucketConfiguration, fc.integer(), (input, requestSeed) => {
    const result = checkCase(input, requestSeed, budget);
    cases++;
    requests += result.requests;
    if (result.publicCapabilities > 0) publicCases++;
    for (const c of result.counterexamples) {
      const kind = knownGapOf(c)?.id ?? c.kind;
      byKind.set(kind, [...(byKind.get(kind) ?? []), c]);
    }
  }),
  { numRuns: runs, seed },
);
const count = (known: boolean) => [...byKind].filter(([k]) => KINDS.has(k) !== known).reduce((n, [, list]) => n + list.length, 0);
const open = count(false);
console.log(`fuzz:policy seed ${seed}: ${cases} cases (${publicCases} with a public capability), ${requests} outsider requests, ${open + count(true)} counterexamples (${count(true)} recorded in known-gaps.ts, ${open} new) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
for (const [kind, list] of byKind) {
  console.log(`\n${kind}: ${list.length}`);
  for (const c of list.slice(0, show)) console.log(describeCounterexample(c));
}
process.exitCode = open > 0 ? 1 : 0;

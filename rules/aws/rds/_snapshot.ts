/** Shared by the DB snapshot and cluster snapshot sharing rules: the `restore` attribute, judged once. */
import { snapshotSharing } from '../../../src/analysis/db-exposure.ts';
import type { Outcome, RuleTools } from '../../../src/engine/define-rule.ts';
import type { TraceStep } from '../../../src/engine/finding.ts';
import type { ResourceRef } from '../../../src/inventory/common.ts';
import type { SnapshotFacets } from '../../../src/inventory/aws-db.ts';

const traceOf = (kind: string, facets: SnapshotFacets): TraceStep[] => [
  {
    layer: 'snapshot attribute',
    ref: 'restore',
    effect: facets.restoreAccounts.length > 0 ? 'grants' : 'note',
    detail:
      facets.restoreAccounts.length > 0
        ? `${kind} can be copied or restored by: ${facets.restoreAccounts.join(', ')}`
        : facets.snapshot.snapshotType === 'automated'
          ? 'automated snapshots cannot be shared'
          : 'shared with no other account',
  },
];

export function publicSnapshotOutcome(kind: string, ref: ResourceRef, facets: SnapshotFacets, { pass, fail }: RuleTools): Outcome {
  const sharing = snapshotSharing(facets.restoreAccounts, ref.account, new Set());
  const trace = traceOf(kind, facets);
  if (sharing.public) return fail('public', { name: ref.name, encrypted: facets.snapshot.encrypted ? 'encrypted' : 'unencrypted' }, trace);
  return pass(`${kind} ${ref.name} is not public.`, trace);
}

export function untrustedSnapshotOutcome(kind: string, ref: ResourceRef, facets: SnapshotFacets, { pass, fail, ctx }: RuleTools): Outcome {
  const sharing = snapshotSharing(facets.restoreAccounts, ref.account, ctx.trustedAccounts);
  const trace = traceOf(kind, facets);
  if (sharing.untrusted.length > 0) return fail('shared', { name: ref.name, accounts: sharing.untrusted.join(', ') }, trace);
  return pass(`${kind} ${ref.name} is shared with no untrusted account${sharing.public ? ' (it is public, which its own rule reports)' : ''}.`, trace);
}

export const PUBLIC_SNAPSHOT_RISK =
  'Any AWS account can restore a public snapshot into a database of its own and read every row; an unencrypted snapshot is the only kind that can be made public.';

export const SHARED_SNAPSHOT_RISK = 'The named accounts can restore the snapshot and read all its data; a forgotten share outlives the business relationship.';

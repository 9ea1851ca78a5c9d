/**
 * Shared by the "not reachable from the internet" rules of RDS and Redshift: one verdict from the
 * publicly accessible flag, the engine port and the security groups.
 */
import { endpointExposure } from '../../../src/analysis/db-exposure.ts';
import type { SecurityGroup } from '../../../src/analysis/network.ts';
import type { Outcome, RuleTools } from '../../../src/engine/define-rule.ts';

export function reachabilityOutcome(
  kind: string,
  name: string,
  endpoint: { publiclyAccessible: boolean; port: number; engine?: string },
  groups: readonly SecurityGroup[],
  { pass, fail, unknown, ctx }: RuleTools,
): Outcome {
  const exposure = endpointExposure({ publiclyAccessible: endpoint.publiclyAccessible, port: endpoint.port, groups }, ctx.network);
  const what = `${kind} ${name}${endpoint.engine ? ` (${endpoint.engine}, port ${endpoint.port})` : ` (port ${endpoint.port})`}`;
  switch (exposure.verdict) {
    case 'exposed':
      return fail('reachable', { what, reason: exposure.reason }, exposure.trace);
    case 'undetermined':
      return unknown(`Cannot decide whether ${what} is reachable: ${exposure.reason}.`, exposure.trace);
    case 'firewalled':
      return pass(`${what} is publicly accessible but firewalled: ${exposure.reason}.`, exposure.trace);
    case 'private':
      return pass(`${what} is not reachable from the internet: ${exposure.reason}.`, exposure.trace);
  }
}

export const REACHABILITY_RISK =
  'Anyone on the internet can connect to the database port and try credentials, exploit the engine or exfiltrate data after a single leaked password; this is how the VTech Learning Lodge and many other databases were emptied.';

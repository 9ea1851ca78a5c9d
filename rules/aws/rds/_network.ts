/**
 * Shared by the "not reachable from the internet" and "not publicly accessible" rules of RDS and
 * Redshift: verdicts from the publicly accessible flag, the engine port and the security groups.
 */
import { endpointExposure } from '../../../src/analysis/db-exposure.ts';
import type { SecurityGroup } from '../../../src/analysis/network.ts';
import type { Outcome, RuleTools } from '../../../src/engine/define-rule.ts';
import type { TraceStep } from '../../../src/engine/finding.ts';
import type { Facet } from '../../../src/inventory/common.ts';

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

/**
 * A publicly accessible endpoint fails whatever its security groups say; they (an optional facet)
 * only tell how far it is from the internet right now.
 */
export function publicAccessOutcome(
  kind: string,
  name: string,
  endpoint: { publiclyAccessible: boolean; port: number; endpoint?: string },
  groups: Facet<SecurityGroup[]> | undefined,
  { pass, fail, ctx }: RuleTools,
): Outcome {
  const trace: TraceStep[] = [{ layer: 'endpoint', ref: `PubliclyAccessible=${endpoint.publiclyAccessible}`, effect: 'note', detail: endpoint.endpoint ?? 'no endpoint yet' }];
  if (!endpoint.publiclyAccessible) return pass(`${kind} ${name} is not publicly accessible.`, trace);
  let network = 'its security groups were not read';
  if (groups?.state === 'ok') {
    const exposure = endpointExposure({ publiclyAccessible: true, port: endpoint.port, groups: groups.value }, ctx.network);
    network = exposure.verdict === 'exposed' ? `it is reachable from the internet: ${exposure.reason}` : exposure.verdict === 'firewalled' ? `its security groups keep the internet out for now: ${exposure.reason}` : exposure.reason;
    trace.push(...exposure.trace.slice(1));
  }
  return fail('public', { name, port: endpoint.port, network }, trace);
}

export const REACHABILITY_RISK =
  'Anyone on the internet can connect to the database port and try credentials, exploit the engine or exfiltrate data after a single leaked password; this is how the VTech Learning Lodge and many other databases were emptied.';

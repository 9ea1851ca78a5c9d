import type { FacetMap, Resource, ResourceType } from '../inventory/common.ts';
import type { NetworkSettings } from '../analysis/network.ts';
import type { AccessWitness, Severity, TraceStep } from './finding.ts';

type AnyResource = Resource<ResourceType, any>;
type FacetsOf<R> = R extends Resource<ResourceType, infer F> ? F : never;

export interface RuleMeta<Req extends readonly PropertyKey[] = readonly PropertyKey[]> {
  /** `<provider>-<service>-<resource>-<compliant state>`; equals the file name. */
  id: string;
  resourceType: ResourceType;
  /** States the compliant condition. */
  title: string;
  severity: Severity;
  description: string;
  risk: string;
  remediation: { text: string; cli?: string };
  references: readonly string[];
  /** Facets that must be readable before `evaluate` runs. */
  requires: Req;
  /** Facets used when readable (cross-checks); their absence never blocks a verdict. */
  optional?: readonly PropertyKey[];
  messages: Record<string, string>;
}

export interface RuleContext {
  /** Accounts (besides each resource's own) that policies may grant access to without a finding. */
  trustedAccounts: ReadonlySet<string>;
  /** How wide a public source range may be before network rules count it as the internet. */
  network: NetworkSettings;
}

export type Outcome =
  | { status: 'pass'; message: string; trace: TraceStep[] }
  | { status: 'fail'; message: string; trace: TraceStep[]; witness?: AccessWitness }
  | { status: 'unknown'; message: string; trace: TraceStep[] };

/** The resource as a rule sees it: every required facet is a plain, readable value. */
export type Ready<R extends AnyResource, Req extends readonly PropertyKey[]> = {
  ref: R['ref'];
  facets: { [K in Req[number] & keyof FacetsOf<R>]: FacetsOf<R>[K] };
  /** Optional facets, still wrapped: a rule must look at their state. */
  raw: FacetMap<FacetsOf<R>>;
};

export interface RuleTools {
  pass: (message: string, trace?: TraceStep[]) => Outcome;
  /** `witness`: one concrete request the access layers allow, for a verdict that something is public. */
  fail: (messageKey: string, vars: Record<string, string | number>, trace?: TraceStep[], witness?: AccessWitness) => Outcome;
  unknown: (message: string, trace?: TraceStep[]) => Outcome;
  ctx: RuleContext;
}

export interface Rule<R extends AnyResource = AnyResource, Req extends readonly PropertyKey[] = readonly PropertyKey[]> {
  meta: RuleMeta<Req>;
  evaluate: (resource: Ready<R, Req>, tools: RuleTools) => Outcome;
}

/**
 * Curried so that the resource type is given explicitly while `requires` is inferred as a tuple,
 * which is what lets `evaluate` see exactly the facets it declared.
 */
export function defineRule<R extends AnyResource>() {
  return <const Req extends readonly (keyof FacetsOf<R> & string)[]>(rule: {
    meta: RuleMeta<Req>;
    evaluate: (resource: Ready<R, Req>, tools: RuleTools) => Outcome;
  }): Rule<R, Req> => rule;
}

export const renderMessage = (template: string, vars: Record<string, string | number>): string =>
  template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => (key in vars ? String(vars[key]) : whole));

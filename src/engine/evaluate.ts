import { isUnreadable, type Resource, type ResourceType } from '../inventory/common.ts';
import { renderMessage, type Outcome, type Rule, type RuleContext, type RuleTools } from './define-rule.ts';
import { fingerprintOf, type Finding, type TraceStep } from './finding.ts';

type AnyResource = Resource<ResourceType, Record<string, unknown>>;

/**
 * Applies one rule to one resource. A required facet that is unreadable gives `unknown` without
 * calling the rule; a facet that was never collected, or a rule that throws, gives `error`.
 * Nothing that could not be read is ever reported as `pass`.
 */
export function evaluateRule(rule: Rule, resource: AnyResource, ctx: RuleContext): Finding {
  const base = {
    ruleId: rule.meta.id,
    title: rule.meta.title,
    severity: rule.meta.severity,
    resource: resource.ref,
    fingerprint: fingerprintOf(rule.meta.id, resource.ref),
  };
  const unreadable: NonNullable<Finding['unreadable']> = [];
  const missing: string[] = [];
  const values: Record<string, unknown> = {};
  for (const facet of rule.meta.requires as readonly string[]) {
    const state = resource.facets[facet];
    if (state === undefined) missing.push(facet);
    else if (isUnreadable(state)) unreadable.push({ facet, operation: state.operation, code: state.code, message: state.message });
    else values[facet] = state.value;
  }
  if (unreadable.length > 0) {
    const what = unreadable.map((u) => `${u.operation} failed with ${u.code}`).join('; ');
    return { ...base, status: 'unknown', message: `Cannot decide: ${what}.`, trace: [], unreadable };
  }
  if (missing.length > 0) {
    return { ...base, status: 'error', message: `Facet(s) not collected: ${missing.join(', ')}.`, trace: [] };
  }
  const tools: RuleTools = {
    ctx,
    pass: (message: string, trace: TraceStep[] = []): Outcome => ({ status: 'pass', message, trace }),
    unknown: (message: string, trace: TraceStep[] = []): Outcome => ({ status: 'unknown', message, trace }),
    fail: (key, vars, trace = [], witness): Outcome => {
      const template = rule.meta.messages[key];
      if (template === undefined) throw new Error(`rule ${rule.meta.id} has no message "${key}"`);
      // No `witness: undefined` key, so findings without one serialise exactly as before.
      return { status: 'fail', message: renderMessage(template, vars), trace, ...(witness ? { witness } : {}) };
    },
  };
  try {
    const outcome = rule.evaluate({ ref: resource.ref, facets: values as never, raw: resource.facets as never }, tools);
    return { ...base, ...outcome };
  } catch (error) {
    return { ...base, status: 'error', message: `Rule failed: ${(error as Error).message}`, trace: [] };
  }
}

export function* evaluateResources(rules: readonly Rule[], resources: Iterable<AnyResource>, ctx: RuleContext): Generator<Finding> {
  for (const resource of resources) {
    for (const rule of rules) {
      if (rule.meta.resourceType === resource.ref.type) yield evaluateRule(rule, resource, ctx);
    }
  }
}

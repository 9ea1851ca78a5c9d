import type { ResourceType } from '../inventory/common.ts';
import type { Rule } from './define-rule.ts';

/** Facets to collect per resource type: exactly what the selected rules require or can use. */
export function facetsByResourceType(rules: readonly Rule[]): Map<ResourceType, Set<string>> {
  const plan = new Map<ResourceType, Set<string>>();
  for (const { meta } of rules) {
    const facets = plan.get(meta.resourceType) ?? new Set<string>();
    for (const facet of [...meta.requires, ...(meta.optional ?? [])]) facets.add(String(facet));
    plan.set(meta.resourceType, facets);
  }
  return plan;
}

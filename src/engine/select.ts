import picomatch from 'picomatch';
import { UsageError } from '../cli/errors.ts';
import type { Rule } from './define-rule.ts';

/**
 * Selects rules by id or glob; a leading `!` excludes. An exact id that names no rule, or a glob
 * that matches none, is a usage error rather than a silently smaller scan.
 */
export function selectRules(all: readonly Rule[], patterns: readonly string[] | undefined, source = '--rules'): Rule[] {
  if (!patterns || patterns.length === 0) return [...all];
  const include = patterns.filter((p) => !p.startsWith('!'));
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  const ids = all.map((rule) => rule.meta.id);
  for (const pattern of [...include, ...exclude]) {
    const matches = picomatch(pattern);
    if (!ids.some((id) => matches(id))) {
      const kind = picomatch.scan(pattern).isGlob ? 'pattern matches no rule' : 'unknown rule id';
      throw new UsageError(`${source}: ${kind} "${pattern}" (run \`ajar rules\` to list them)`);
    }
  }
  const included = include.length === 0 ? () => true : picomatch(include);
  const excluded = exclude.length === 0 ? () => false : picomatch(exclude);
  return all.filter((rule) => included(rule.meta.id) && !excluded(rule.meta.id));
}

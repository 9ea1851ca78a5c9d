import type { Command } from 'commander';
import { RULES } from '../../../rules/index.ts';
import { PROVIDERS, type Provider } from '../../inventory/common.ts';
import { loadCollector } from '../../providers/index.ts';
import { selectRules } from '../../engine/select.ts';
import { UsageError } from '../errors.ts';
import { listFlag } from '../shared.ts';

export function registerRules(program: Command): void {
  program
    .command('rules')
    .description('List the rules with their severity and title (or full metadata as JSON).')
    .option('-f, --format <format>', 'table|json', 'table')
    .option('--rules <ids>', 'only these rule ids or globs', listFlag('--rules'))
    .action((flags: { format: string; rules?: string[] }) => {
      const rules = selectRules(RULES, flags.rules);
      if (flags.format === 'json') {
        process.stdout.write(`${JSON.stringify(rules.map((r) => r.meta), null, 2)}\n`);
        return;
      }
      if (flags.format !== 'table') throw new UsageError(`rules --format: expected table|json, got "${flags.format}"`);
      const width = Math.max(...rules.map((r) => r.meta.id.length));
      for (const { meta } of rules) process.stdout.write(`${meta.id.padEnd(width)}  ${meta.severity.padEnd(8)}  ${meta.title}\n`);
    });
}

export function registerPermissions(program: Command): void {
  program
    .command('permissions')
    .description('Print the least-privilege, read-only grant the selected rules need, in the cloud\'s own format.')
    .argument('<provider>', PROVIDERS.join('|'))
    .option('--rules <ids>', 'rule ids or globs (default: all)', listFlag('--rules'))
    .addHelpText('after', '\nAWS: an IAM policy document. Azure: a custom role definition (assign it at subscription scope).\nGCP: a custom role (gcloud iam roles create --file).')
    .action(async (provider: string, flags: { rules?: string[] }) => {
      if (!(PROVIDERS as readonly string[]).includes(provider)) {
        throw new UsageError(`permissions: unknown provider "${provider}": expected ${PROVIDERS.join('|')}`);
      }
      const own = RULES.filter((rule) => rule.meta.resourceType.startsWith(`${provider}.`));
      const rules = selectRules(own, flags.rules);
      const { document } = (await loadCollector(provider as Provider)).permissions(rules);
      process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    });
}

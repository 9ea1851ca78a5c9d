import { writeAllSync } from '../../util/write-all.ts';
import type { Command } from 'commander';
import { INVENTORY_KIND, INVENTORY_VERSION, renderInventory, type InventoryFile } from '../../inventory/file.ts';
import { createLogger, type LogLevel } from '../../log.ts';
import { collect } from '../../scan.ts';
import { VERSION } from '../../version.ts';
import { EXIT } from '../errors.ts';
import { validateOutputs, writeOutputFile } from '../outputs.ts';
import { Progress } from '../shared.ts';
import { addCollectionOptions, resolveCollection, type CollectionFlags } from './collection-options.ts';

interface CollectFlags extends CollectionFlags {
  output?: string;
  progress: boolean;
}

export function registerCollect(program: Command): void {
  const command = program
    .command('collect')
    .description('Read what the selected rules need and write it as an inventory file, without evaluating it.')
    .option('-o, --output <file>', 'inventory file to write (default: stdout)')
    .option('--no-progress', 'no progress line on stderr, even on a terminal');
  addCollectionOptions(command)
    .addHelpText('after', '\nEvaluate it later, offline: ajar scan aws --inventory <file>\nExit codes: 0 collected everything; 2 usage error; 3 something could not be read.')
    .action(async (provider: string, flags: CollectFlags) => {
      const collection = resolveCollection(provider, flags);
      validateOutputs([{ format: 'json', output: flags.output }]);
      const log = createLogger(flags.logLevel as LogLevel);
      const progress = new Progress(flags.progress && process.stderr.isTTY === true);
      const resources: InventoryFile['resources'] = [];
      const outcome = await collect({ rules: collection.rules, providers: collection.providers, aws: collection.aws, azure: collection.azure, gcp: collection.gcp, concurrency: collection.concurrency, timeoutMs: collection.timeoutMs, maxScanTimeMs: collection.maxScanTimeMs, log }, (resource) => {
        resources.push(resource);
        progress.update(`collected ${resources.length} resource(s)`);
      });
      progress.done();
      const inventory: InventoryFile = {
        kind: INVENTORY_KIND,
        version: INVENTORY_VERSION,
        tool: { name: 'ajar', version: VERSION },
        collectedAt: new Date().toISOString(),
        ...outcome,
        resources,
      };
      const text = renderInventory(inventory);
      if (!flags.output || flags.output === '-') writeAllSync(1, text);
      else writeOutputFile(flags.output, text);
      const incomplete =
        outcome.collectionErrors.length > 0 ||
        outcome.scope.some((s) => s.notScanned) ||
        resources.some((r) => Object.values(r.facets).some((f) => (f as { state: string }).state !== 'ok'));
      process.exitCode = incomplete ? EXIT.incomplete : EXIT.clean;
    });
}

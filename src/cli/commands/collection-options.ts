/** Flags and config shared by `scan` and `collect`: what to read, from where, how fast. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { RULES } from '../../../rules/index.ts';
import { loadConfig } from '../../config/load.ts';
import type { AjarConfig } from '../../config/schema.ts';
import type { Rule } from '../../engine/define-rule.ts';
import { selectRules } from '../../engine/select.ts';
import { parseInventory, type InventoryFile } from '../../inventory/file.ts';
import { LOG_LEVELS } from '../../log.ts';
import { UsageError } from '../errors.ts';
import { findDefaultConfig, splitList } from '../shared.ts';

export const PROVIDERS = ['aws'] as const;

export interface CollectionFlags {
  rules?: string[];
  regions?: string[];
  profile?: string;
  endpoint?: string;
  pathStyle?: boolean;
  concurrency?: string;
  config?: string;
  logLevel: string;
}

const list = (v: string, p: string[] = []) => [...p, ...splitList(v)];

export function addCollectionOptions(command: Command): Command {
  return command
    .argument('<provider>', `cloud to scan: ${PROVIDERS.join('|')}`)
    .option('--rules <ids>', 'rule ids or globs to run, comma separated; !id excludes (default: all)', list)
    .option('--regions <regions>', 'only buckets in these regions, comma separated (default: all)', list)
    .option('--profile <name>', 'AWS shared-config profile (default: the standard credential chain)')
    .option('--endpoint <url>', 'S3-compatible endpoint (MinIO, Ceph, R2, Spaces, Wasabi, an emulator)')
    .option('--path-style', 'address buckets as <endpoint>/<bucket> (default with --endpoint)')
    .option('--concurrency <n>', 'API calls in flight at once (default: 32)')
    .option('-c, --config <file>', 'config file (default: ./ajar.config.yaml, .yml or .json if present)')
    .option('--log-level <level>', `log level on stderr: ${LOG_LEVELS.join('|')}`, 'warn');
}

export interface ResolvedCollection {
  config: AjarConfig;
  configFile?: string;
  rules: Rule[];
  concurrency: number;
  aws: { endpoint?: string; pathStyle?: boolean; profile?: string; regions: string[] };
}

export function resolveCollection(provider: string, flags: CollectionFlags): ResolvedCollection {
  if (!(PROVIDERS as readonly string[]).includes(provider)) {
    throw new UsageError(`unknown provider "${provider}": expected ${PROVIDERS.join('|')}`);
  }
  if (!(LOG_LEVELS as readonly string[]).includes(flags.logLevel)) {
    throw new UsageError(`--log-level: expected one of ${LOG_LEVELS.join('|')}, got "${flags.logLevel}"`);
  }
  const configFile = flags.config ?? findDefaultConfig();
  const config: AjarConfig = configFile ? loadConfig(configFile) : {};
  const concurrency = flags.concurrency !== undefined ? Number(flags.concurrency) : (config.concurrency ?? 32);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 512) {
    throw new UsageError(`--concurrency: expected a whole number from 1 to 512, got "${flags.concurrency}"`);
  }
  const endpoint = flags.endpoint ?? config.aws?.endpoint;
  if (endpoint !== undefined && !/^https?:\/\/[^/]+/.test(endpoint)) {
    throw new UsageError(`--endpoint: expected an http(s) URL such as http://127.0.0.1:9000, got "${endpoint}"`);
  }
  const rules = selectRules(RULES, flags.rules ?? config.rules, flags.rules ? '--rules' : `${configFile}: $.rules`);
  return {
    config,
    configFile,
    rules,
    concurrency,
    aws: {
      endpoint,
      pathStyle: flags.pathStyle ?? config.aws?.pathStyle,
      profile: flags.profile ?? config.aws?.profile,
      regions: flags.regions ?? config.aws?.regions ?? [],
    },
  };
}

export function loadInventory(file: string, provider: string): InventoryFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: cannot read the inventory file (${code === 'ENOENT' ? 'no such file' : code})`);
  }
  let inventory: InventoryFile;
  try {
    inventory = parseInventory(text, file);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const providers = new Set(inventory.scope.map((s) => s.provider));
  if (!providers.has(provider as 'aws')) {
    throw new UsageError(`${file}: $.scope: holds ${[...providers].join(', ') || 'no provider'}, not ${provider}`);
  }
  return inventory;
}

/** Flags and config shared by `scan` and `collect`: what to read, from where, how fast. */
import { readInputFile } from '../../util/read-input.ts';
import type { Command } from 'commander';
import { RULES } from '../../../rules/index.ts';
import { loadConfig } from '../../config/load.ts';
import { GCP_PROJECT_ID, type AjarConfig } from '../../config/schema.ts';
import { AWS_REGION_EXPECTED, isAwsRegionName } from '../../config/aws-region.ts';
import type { Rule } from '../../engine/define-rule.ts';
import { selectRules } from '../../engine/select.ts';
import { PROVIDERS, type Provider } from '../../inventory/common.ts';
import { parseInventory, type InventoryFile } from '../../inventory/file.ts';
import type { ProviderOptions } from '../../providers/index.ts';
import { LOG_LEVELS } from '../../log.ts';
import { UsageError } from '../errors.ts';
import { parseEndpointUrl, redactUrl } from '../../util/url.ts';
import { DURATION_FORMS, parseDurationMs } from '../../util/duration.ts';
import { findDefaultConfig, integerFlag, listFlag } from '../shared.ts';

export const PROVIDER_ARGUMENTS = [...PROVIDERS, 'all'] as const;

export interface CollectionFlags {
  rules?: string[];
  regions?: string[];
  profile?: string;
  endpoint?: string;
  pathStyle?: boolean;
  subscription?: string[];
  azureEndpoint?: string;
  project?: string[];
  gcpEndpoint?: string;
  concurrency?: string;
  timeout?: string;
  maxScanTime?: string;
  config?: string;
  logLevel: string;
}

export function addCollectionOptions(command: Command): Command {
  return command
    .argument('<provider>', `cloud to scan: ${PROVIDER_ARGUMENTS.join('|')}`)
    .option('--rules <ids>', 'rule ids or globs to run, comma separated; !id excludes (default: all)', listFlag('--rules'))
    .option('--regions <regions>', 'AWS: only these regions, comma separated (default: all)', listFlag('--regions'))
    .option('--profile <name>', 'AWS: shared-config profile (default: the standard credential chain)')
    .option('--endpoint <url>', 'AWS: S3-compatible endpoint (MinIO, Ceph, R2, Spaces, Wasabi, an emulator)')
    .option('--path-style', 'AWS: address buckets as <endpoint>/<bucket> (default with --endpoint)')
    .option('--subscription <id>', 'Azure: subscription to scan (repeatable; default: every one the identity can list)', listFlag('--subscription'))
    .option('--azure-endpoint <url>', 'Azure: Resource Manager endpoint (sovereign clouds, emulators; default: https://management.azure.com)')
    .option('--project <id>', 'GCP: project to scan (repeatable; default: every one the identity can list)', listFlag('--project'))
    .option('--gcp-endpoint <url>', 'GCP: root URL serving the Google APIs (Private Service Connect, emulators)')
    .option('--concurrency <n>', 'API calls in flight at once (default: 32)')
    .option('--timeout <duration>', 'per API request: no answer within this fails the attempt, e.g. 30s, 2m, 500ms (default: 30s)')
    .option('--max-scan-time <duration>', 'whole collection: past this, stop, report what is left unknown (scan-deadline), exit 3, e.g. 10m, 1h30m')
    .option('-c, --config <file>', 'config file (default: ./ajar.config.yaml, .yml or .json if present)')
    .option('--log-level <level>', `log level on stderr: ${LOG_LEVELS.join('|')}`, 'warn');
}

export interface ResolvedCollection {
  config: AjarConfig;
  configFile?: string;
  rules: Rule[];
  concurrency: number;
  timeoutMs: number;
  maxScanTimeMs?: number;
  providers: Provider[];
  aws: ProviderOptions['aws'];
  azure: ProviderOptions['azure'];
  gcp: ProviderOptions['gcp'];
}

const providerOfRule = (rule: Rule) => rule.meta.resourceType.slice(0, rule.meta.resourceType.indexOf('.'));

function checkUrl(flag: string, url: string | undefined, example: string): string | undefined {
  if (url === undefined) return undefined;
  const endpoint = parseEndpointUrl(url);
  if ('problem' in endpoint) {
    throw new UsageError(`${flag}: expected an http(s) URL such as ${example}, got "${redactUrl(url)}" (${endpoint.problem})`);
  }
  if (endpoint.hadCredentials) {
    process.stderr.write(`ajar: warning: ${flag}: the user name and password in the URL are not used (requests carry their own signature or token) and are dropped\n`);
  }
  return endpoint.url;
}

const DEFAULT_TIMEOUT_MS = 30_000;

function durationFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDurationMs(value);
  if (ms === undefined || ms < 1) throw new UsageError(`${flag}: expected ${DURATION_FORMS}, got "${value}"`);
  return ms;
}

export function resolveCollection(provider: string, flags: CollectionFlags): ResolvedCollection {
  if (!(PROVIDER_ARGUMENTS as readonly string[]).includes(provider)) {
    throw new UsageError(`unknown provider "${provider}": expected ${PROVIDER_ARGUMENTS.join('|')}`);
  }
  const providers: Provider[] = provider === 'all' ? [...PROVIDERS] : [provider as Provider];
  if (!(LOG_LEVELS as readonly string[]).includes(flags.logLevel)) {
    throw new UsageError(`--log-level: expected one of ${LOG_LEVELS.join('|')}, got "${flags.logLevel}"`);
  }
  const configFile = flags.config ?? findDefaultConfig();
  const config: AjarConfig = configFile ? loadConfig(configFile) : {};
  const concurrency = flags.concurrency !== undefined ? integerFlag('--concurrency', flags.concurrency, 1, 512) : (config.concurrency ?? 32);
  const timeoutMs = durationFlag('--timeout', flags.timeout) ?? DEFAULT_TIMEOUT_MS;
  const maxScanTimeMs = durationFlag('--max-scan-time', flags.maxScanTime);
  const endpoint = checkUrl('--endpoint', flags.endpoint ?? config.aws?.endpoint, 'http://127.0.0.1:9000');
  const azureEndpoint = checkUrl('--azure-endpoint', flags.azureEndpoint ?? config.azure?.endpoint, 'https://management.chinacloudapi.cn');
  const gcpEndpoint = checkUrl('--gcp-endpoint', flags.gcpEndpoint ?? config.gcp?.endpoint, 'http://127.0.0.1:8085');
  const subscriptions = flags.subscription ?? config.azure?.subscriptions ?? [];
  const badSubscription = subscriptions.find((id) => !/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(id));
  if (badSubscription !== undefined) throw new UsageError(`--subscription: expected a subscription id (a GUID), got "${badSubscription}"`);
  const regions = flags.regions ?? config.aws?.regions ?? [];
  const badRegion = flags.regions?.find((name) => !isAwsRegionName(name));
  if (badRegion !== undefined) throw new UsageError(`--regions: ${AWS_REGION_EXPECTED}, got "${badRegion}"`);
  const projects = flags.project ?? config.gcp?.projects ?? [];
  const badProject = projects.find((id) => !GCP_PROJECT_ID.test(id));
  if (badProject !== undefined) throw new UsageError(`--project: expected a project id (6-30 lowercase letters, digits, hyphens), got "${badProject}"`);
  const available = RULES.filter((rule) => (providers as string[]).includes(providerOfRule(rule)));
  const rules = selectRules(available, flags.rules ?? config.rules, flags.rules ? '--rules' : `${configFile}: $.rules`);
  return {
    config,
    configFile,
    rules,
    concurrency,
    timeoutMs,
    maxScanTimeMs,
    providers,
    azure: { subscriptions, endpoint: azureEndpoint },
    gcp: { projects, endpoint: gcpEndpoint },
    aws: {
      endpoint,
      pathStyle: flags.pathStyle ?? config.aws?.pathStyle,
      profile: flags.profile ?? config.aws?.profile,
      regions,
    },
  };
}

export function loadInventory(file: string, provider: string): InventoryFile {
  const text = readInputFile(file, 'inventory file');
  let inventory: InventoryFile;
  try {
    inventory = parseInventory(text, file);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const providers = new Set<string>(inventory.scope.map((s) => s.provider));
  if (provider !== 'all' && !providers.has(provider)) {
    throw new UsageError(`${file}: $.scope: holds ${[...providers].join(', ') || 'no provider'}, not ${provider}`);
  }
  return inventory;
}

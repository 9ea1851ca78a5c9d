/**
 * Azure as a provider of the scan: credentials from DefaultAzureCredential (or
 * AJAR_AZURE_ACCESS_TOKEN), every subscription the identity can list or the ones named with
 * --subscription, then each service collector below whose resource types the rules need.
 */
import pLimit from 'p-limit';
import type { Rule } from '../../engine/define-rule.ts';
import { facetsByResourceType } from '../../engine/plan.ts';
import type { ScopeEntry } from '../../report/model.ts';
import { ProviderNotScanned, type CollectionPlan, type ProviderCollector } from '../types.ts';
import { AzureClients } from './clients.ts';
import { classifyAzureError } from './errors.ts';
import { ServiceListingFailed, type AzureServiceCollector } from './service.ts';
import { storageService } from './storage.ts';
import { sqlService } from './sql.ts';
import { postgresqlService } from './postgresql.ts';
import { mysqlService } from './mysql.ts';
import { cosmosdbService } from './cosmosdb.ts';
import { logRejection } from '../credential-state.ts';

export interface AzureScanOptions {
  /** Subscription ids to scan; empty means every subscription the identity can list. */
  subscriptions: string[];
  /** Azure Resource Manager endpoint (default https://management.azure.com). */
  endpoint?: string;
}

/** One entry per Azure service; a new service is one line here. */
export const AZURE_SERVICES: readonly AzureServiceCollector[] = [storageService, sqlService, postgresqlService, mysqlService, cosmosdbService];

const SUBSCRIPTIONS_LIST = 'Microsoft.Resources/subscriptions:list';

const servicesFor = (plan: CollectionPlan) => AZURE_SERVICES.filter((service) => service.resourceTypes.some((type) => plan.has(type)));

async function listSubscriptions(clients: AzureClients, limit: ReturnType<typeof pLimit>): Promise<string[]> {
  try {
    return await limit(async () => {
      const ids: string[] = [];
      for await (const subscription of clients.subscriptions().subscriptions.list()) {
        // Disabled or deleted subscriptions answer every read with an error; listing them would
        // only turn into noise.
        if (subscription.subscriptionId && (subscription.state === undefined || subscription.state === 'Enabled' || subscription.state === 'PastDue' || subscription.state === 'Warned')) {
          ids.push(subscription.subscriptionId);
        }
      }
      return ids;
    });
  } catch (error) {
    const failure = classifyAzureError(error);
    throw new ProviderNotScanned({ operation: SUBSCRIPTIONS_LIST, code: failure.code, message: failure.message, network: failure.network });
  }
}

/** The Azure custom role definition (az role definition create --role-definition) the rules need. */
export function azureRoleDefinition(rules: readonly Rule[]) {
  const plan: CollectionPlan = new Map([...facetsByResourceType(rules)].filter(([type]) => type.startsWith('azure.')));
  const actions = new Set<string>(['Microsoft.Resources/subscriptions/read']);
  const dataActions = new Set<string>();
  for (const service of servicesFor(plan)) {
    const needed = service.permissions(plan);
    needed.actions.forEach((a) => actions.add(a));
    needed.dataActions?.forEach((a) => dataActions.add(a));
  }
  return {
    Name: 'ajar read-only scanner',
    IsCustom: true,
    Description: 'Reads the configuration ajar needs to decide exposure; never reads data or changes anything.',
    Actions: [...actions].sort(),
    NotActions: [],
    DataActions: [...dataActions].sort(),
    NotDataActions: [],
    AssignableScopes: ['/subscriptions/00000000-0000-0000-0000-000000000000'],
  };
}

export const azureCollector: ProviderCollector<AzureScanOptions> = {
  id: 'azure',
  label: 'Azure',
  endpointOf: (options) => options.endpoint,
  permissions: (rules) => ({ kind: 'Azure custom role definition', document: azureRoleDefinition(rules) }),
  async collect(options, run) {
    const clients = new AzureClients({
      endpoint: options.endpoint,
      timeoutMs: run.timeoutMs,
      signal: run.signal,
      onCredentialsRejected: logRejection(run.log, 'azure', 'Azure'),
    });
    const limit = pLimit(run.concurrency);
    try {
      await clients.checkCredential();
    } catch (error) {
      const failure = classifyAzureError(error);
      throw new ProviderNotScanned({ operation: `credential:${clients.credentialSource}`, code: failure.code, message: failure.message, network: false });
    }
    const subscriptions = options.subscriptions.length > 0 ? [...new Set(options.subscriptions)] : await listSubscriptions(clients, limit);
    if (subscriptions.length === 0) {
      throw new ProviderNotScanned({ operation: SUBSCRIPTIONS_LIST, code: 'NoSubscriptions', message: 'the identity can see no enabled subscription', network: false });
    }
    const services = servicesFor(run.plan);
    run.log.info({ subscriptions: subscriptions.length, services: services.map((s) => s.id), endpoint: clients.endpoint }, 'scanning Azure');
    const scope: ScopeEntry[] = await Promise.all(
      subscriptions.map(async (subscription): Promise<ScopeEntry> => {
        const entry: ScopeEntry = { provider: 'azure', account: subscription, endpoint: options.endpoint };
        const failures: ServiceListingFailed[] = [];
        await Promise.all(
          services.map(async (service) => {
            try {
              await service.collect({ clients, subscription, plan: run.plan, limit, log: run.log, sink: run.sink, onError: run.onError, note: (text) => (entry.notes ??= []).push(text) });
            } catch (error) {
              if (!(error instanceof ServiceListingFailed)) throw error;
              failures.push(error);
              run.onError({ provider: 'azure', account: subscription, operation: error.operation, code: error.code, message: error.message });
            }
          }),
        );
        if (failures.length > 0 && failures.length === services.length) {
          // Nothing answered at all: with a single subscription that is the endpoint, not a refusal.
          if (subscriptions.length === 1 && failures.every((f) => f.network)) {
            const first = failures[0]!;
            throw new ProviderNotScanned({ operation: first.operation, code: first.code, message: first.message, network: true, account: subscription });
          }
          entry.notScanned = failures.map((f) => `${f.operation} failed with ${f.code}: ${f.message}`).join('; ');
        }
        return entry;
      }),
    );
    run.log.info({ apiCalls: clients.counter.total, throttled: clients.counter.throttled }, 'Azure collection done');
    return { scope, stats: { apiCalls: clients.counter.total, apiCallsByOperation: clients.counter.toJSON(), retries: clients.retries } };
  },
};

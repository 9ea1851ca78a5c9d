/**
 * What anonymous internet clients can do with an Azure Blob container, pure, with a reason trace.
 *
 * Layers, as Azure Storage applies them to an anonymous request:
 *  1. The container's public access level: `container` (read blobs and list them), `blob` (read
 *     blobs only), `none` (nothing).
 *     https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-configure
 *  2. The account's AllowBlobPublicAccess: `false` overrides every container's level. When the
 *     property is absent (accounts created before it existed; new accounts get an explicit
 *     `false` since November 2023), Azure permits anonymous access ("null or true").
 *     https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-prevent
 *  3. The account's network rules: publicNetworkAccess `Disabled` admits only private endpoints;
 *     `SecuredByPerimeter` hands inbound access to the network security perimeter, whose access
 *     rules may admit internet ranges; ajar does not read perimeter rules, so a public level in
 *     such an account is `unknown`, never private;
 *     https://learn.microsoft.com/azure/private-link/network-security-perimeter-concepts
 *     otherwise networkRuleSet.defaultAction `Deny` admits only the listed IP ranges,
 *     virtual network subnets, resource instances and trusted services.
 *     https://learn.microsoft.com/azure/storage/common/storage-network-security
 *     An IP rule still lets the internet in when its range is wide (as wide as the configured
 *     `network.maxPublicPrefix`, default /16); a narrower range is someone's own network, so the
 *     account counts as restricted.
 *  4. Static website: when enabled, the `$web` container is served to anyone through the web
 *     endpoint whatever its access level and whatever AllowBlobPublicAccess says; network rules
 *     still apply. The web endpoint serves files, it does not list them.
 *     https://learn.microsoft.com/azure/storage/blobs/storage-blob-static-website
 */
import type { TraceStep } from '../engine/finding.ts';
import type { ContainerAccessLevel, StaticWebsite, StorageAccountSettings } from '../inventory/azure.ts';
import { STATIC_WEBSITE_CONTAINER } from '../inventory/azure.ts';
import { classifySource, DEFAULT_NETWORK_SETTINGS, parseCidr, type NetworkSettings } from './network.ts';

/** true / false, or `unknown` when a layer that could decide it was not readable. */
export type Tri = boolean | 'unknown';

/** `perimeter`: decided by network security perimeter rules, which ajar does not read. */
export type NetworkReach = 'internet' | 'restricted' | 'private-only' | 'perimeter';

export interface NetworkExposure {
  reach: NetworkReach;
  /** One line naming the deciding setting. */
  reason: string;
  trace: TraceStep[];
}

export type ContainerVerdict = 'public-list' | 'public-read' | 'private' | 'blocked-by-account' | 'blocked-by-network' | 'unknown';

export interface ContainerExposure {
  verdict: ContainerVerdict;
  /** Anonymous clients can read blobs (blob endpoint or static website endpoint). */
  read: Tri;
  /** Anonymous clients can list the container's blobs. */
  list: Tri;
  /** Served through the static website endpoint. */
  website: Tri;
  /** One line for messages: the layers that decided the verdict. */
  reason: string;
  trace: TraceStep[];
}

export interface ContainerInput {
  name: string;
  level: ContainerAccessLevel;
  account: StorageAccountSettings;
  /** undefined when not collected or unreadable: only matters for `$web`. */
  staticWebsite?: StaticWebsite;
}

const normaliseRule = (rule: string): string => (rule.includes('/') ? rule : rule.includes(':') ? `${rule}/128` : `${rule}/32`);

/** Whether the account's endpoints can be reached from the internet at large. */
export function evaluateNetwork(account: StorageAccountSettings, settings: NetworkSettings = DEFAULT_NETWORK_SETTINGS): NetworkExposure {
  const trace: TraceStep[] = [];
  const layer = 'account network';
  if (account.publicNetworkAccess === 'Disabled') {
    const reason = 'publicNetworkAccess is Disabled (private endpoints only)';
    trace.push({ layer, ref: 'publicNetworkAccess', effect: 'blocks', detail: reason });
    return { reach: 'private-only', reason, trace };
  }
  if (account.publicNetworkAccess === 'SecuredByPerimeter') {
    const reason = 'publicNetworkAccess is SecuredByPerimeter (inbound is decided by the network security perimeter\'s access rules, which ajar does not read)';
    trace.push({ layer, ref: 'publicNetworkAccess', effect: 'restricts', detail: reason });
    return { reach: 'perimeter', reason, trace };
  }
  const pna = account.publicNetworkAccess ?? 'unset';
  const rules = account.networkRuleSet;
  if (!rules || rules.defaultAction === 'Allow') {
    const reason = `publicNetworkAccess is ${pna} and the network rule set's default action is ${rules ? 'Allow' : 'absent (Allow)'}: every network`;
    trace.push({ layer, ref: 'networkRuleSet.defaultAction', effect: 'grants', detail: reason });
    return { reach: 'internet', reason, trace };
  }
  for (const rule of [...rules.ipRules, ...rules.ipv6Rules]) {
    const range = parseCidr(normaliseRule(rule));
    if (!range) {
      trace.push({ layer, ref: `ipRule ${rule}`, effect: 'note', detail: `IP rule ${rule} is not an address or CIDR range; ignored` });
      continue;
    }
    const source = classifySource(range, settings);
    if (source.internet) {
      const reason = `the network rule set denies by default but IP rule ${rule} admits the internet (${source.reason})`;
      trace.push({ layer, ref: `ipRule ${rule}`, effect: 'grants', detail: reason });
      return { reach: 'internet', reason, trace };
    }
  }
  const allowed = [
    rules.ipRules.length + rules.ipv6Rules.length > 0 ? `${rules.ipRules.length + rules.ipv6Rules.length} IP rule(s)` : '',
    rules.virtualNetworkRules.length > 0 ? `${rules.virtualNetworkRules.length} subnet(s)` : '',
    rules.resourceAccessRules.length > 0 ? `${rules.resourceAccessRules.length} resource instance(s)` : '',
    rules.bypass && rules.bypass !== 'None' ? `bypass ${rules.bypass}` : '',
  ].filter(Boolean);
  const reason = `the network rule set's default action is Deny${allowed.length ? ` (admits only ${allowed.join(', ')})` : ' with no exception'}`;
  trace.push({ layer, ref: 'networkRuleSet.defaultAction', effect: 'blocks', detail: reason });
  return { reach: 'restricted', reason, trace };
}

const and = (a: Tri, b: Tri): Tri => (a === false || b === false ? false : a === 'unknown' || b === 'unknown' ? 'unknown' : true);
const or = (a: Tri, b: Tri): Tri => (a === true || b === true ? true : a === 'unknown' || b === 'unknown' ? 'unknown' : false);

/** What anonymous internet clients can do with one container, and which layer decides it. */
export function evaluateContainer(input: ContainerInput, settings: NetworkSettings = DEFAULT_NETWORK_SETTINGS): ContainerExposure {
  const trace: TraceStep[] = [];
  const { level, account } = input;

  const containerGrants = level !== 'none';
  trace.push({
    layer: 'container',
    ref: `publicAccess ${level}`,
    effect: containerGrants ? 'grants' : 'note',
    detail:
      level === 'container' ? 'level Container: anonymous clients may read blobs and list them'
      : level === 'blob' ? 'level Blob: anonymous clients may read blobs (not list them)'
      : 'level None (private): no anonymous access through the blob endpoint',
  });

  let accountAllows: boolean;
  if (account.allowBlobPublicAccess === false) {
    accountAllows = false;
    trace.push({ layer: 'account', ref: 'allowBlobPublicAccess', effect: containerGrants ? 'neutralises' : 'blocks', detail: 'AllowBlobPublicAccess is false: no container of the account can be read anonymously, whatever its level' });
  } else {
    accountAllows = true;
    trace.push({
      layer: 'account',
      ref: 'allowBlobPublicAccess',
      effect: 'note',
      detail: account.allowBlobPublicAccess === true ? 'AllowBlobPublicAccess is true: container levels apply' : 'AllowBlobPublicAccess is not set: Azure permits anonymous access when it is null, so container levels apply',
    });
  }

  const network = evaluateNetwork(account, settings);
  trace.push(...network.trace);
  const reachable: Tri = network.reach === 'internet' ? true : network.reach === 'perimeter' ? 'unknown' : false;

  const blobRead = and(containerGrants && accountAllows, reachable);
  const list = and(level === 'container' && accountAllows, reachable);

  let website: Tri = false;
  if (input.name === STATIC_WEBSITE_CONTAINER) {
    if (input.staticWebsite === undefined) {
      website = reachable === false ? false : 'unknown';
      trace.push({ layer: 'static website', ref: '$web', effect: 'note', detail: 'the static website switch could not be read: the $web container may be served to anyone through the web endpoint' });
    } else if (input.staticWebsite.enabled) {
      website = reachable;
      trace.push({ layer: 'static website', ref: '$web', effect: reachable === false ? 'note' : 'grants', detail: `static website is enabled: the web endpoint serves $web to anyone, whatever its level and AllowBlobPublicAccess${reachable === false ? ' (but the network rules keep the internet out)' : ''}` });
    } else {
      trace.push({ layer: 'static website', ref: '$web', effect: 'note', detail: 'static website is disabled: the web endpoint serves nothing' });
    }
  }

  const read = or(blobRead, website);
  let verdict: ContainerVerdict;
  let reason: string;
  if (list === true) {
    verdict = 'public-list';
    reason = `level Container, AllowBlobPublicAccess ${account.allowBlobPublicAccess ?? 'unset'}, ${network.reason}`;
  } else if (blobRead === true) {
    verdict = 'public-read';
    reason = `level ${level === 'blob' ? 'Blob' : 'Container'}, AllowBlobPublicAccess ${account.allowBlobPublicAccess ?? 'unset'}, ${network.reason}`;
  } else if (website === true) {
    verdict = 'public-read';
    reason = `static website is enabled and serves $web to anyone, ${network.reason}`;
  } else if (read === 'unknown' && network.reach === 'perimeter') {
    verdict = 'unknown';
    reason = `anonymous access is allowed by the account and the container, and ${network.reason}`;
  } else if (website === 'unknown') {
    verdict = 'unknown';
    reason = 'the static website switch could not be read and the $web container may be served to anyone';
  } else if (containerGrants && !accountAllows) {
    verdict = 'blocked-by-account';
    reason = `level ${level === 'blob' ? 'Blob' : 'Container'} is neutralised by AllowBlobPublicAccess false`;
  } else if (containerGrants && reachable === false) {
    verdict = 'blocked-by-network';
    reason = `level ${level === 'blob' ? 'Blob' : 'Container'} allows anonymous access but ${network.reason}`;
  } else {
    verdict = 'private';
    reason = 'level None (private)';
  }
  return { verdict, read, list, website, reason, trace };
}

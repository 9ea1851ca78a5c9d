/**
 * `ajar scan --state <url>`: before the scan, read what was failing at the previous scan of the
 * providers being scanned, so each finding is marked new or existing (with first seen) as it
 * streams; after the scan, record it in one transaction and put the resolved findings in the
 * report. A store that cannot be opened stops the scan before any cloud API is called.
 */
import type { Logger } from 'pino';
import { UsageError } from '../cli/errors.ts';
import { annotateFinding, scopeKeyOf, type PriorFindings } from '../engine/comparison.ts';
import type { Finding } from '../engine/finding.ts';
import type { Provider } from '../inventory/common.ts';
import type { Report } from '../report/model.ts';
import { VERSION } from '../version.ts';
import { openStateStore } from './index.ts';
import type { ScanRecord, StateStore } from './store.ts';
import { parseStateUrl } from './url.ts';

export class ScanState {
  readonly store: StateStore;
  readonly prior: PriorFindings;
  /** The time this scan stamps on findings: first seen of new ones, last seen, resolved at. */
  readonly seenAt: string;
  private readonly failing: ScanRecord['failing'][number][] = [];
  private readonly passed = new Set<string>();
  private readonly resourcesSeen = new Set<string>();
  private readonly undecidedScopes = new Set<string>();

  private constructor(store: StateStore, prior: PriorFindings, seenAt: string) {
    this.store = store;
    this.prior = prior;
    this.seenAt = seenAt;
  }

  /** Set when replaying an inventory: the scan is recorded as of the time it was collected. */
  private observedAt?: string;

  /**
   * Opens the store and reads the prior findings; a usage error (exit 2) when it cannot.
   * `collectedAt`: the inventory's collection time when replaying one with `--inventory`.
   */
  static async open(url: string, where: string, providers: readonly Provider[], collectedAt?: string): Promise<ScanState> {
    const location = parseStateUrl(url, where);
    if (collectedAt !== undefined) {
      if (Number.isNaN(Date.parse(collectedAt))) throw new UsageError(`--inventory: $.collectedAt: expected an ISO time, got "${collectedAt}"`);
      collectedAt = new Date(collectedAt).toISOString();
    }
    let store: StateStore;
    try {
      store = await openStateStore(location);
    } catch (error) {
      throw new UsageError(`${(error as Error).message}; nothing was scanned`);
    }
    try {
      const state = new ScanState(store, await store.priorFindings(providers), collectedAt ?? new Date().toISOString());
      state.observedAt = collectedAt;
      return state;
    } catch (error) {
      await store.close();
      throw new UsageError(`state store ${store.label}: cannot read prior findings (${(error as Error).message}); nothing was scanned`);
    }
  }

  /**
   * Called for every finding before it is streamed. Without a baseline the store decides new /
   * existing; with one (`gate`), the baseline decides and the store only supplies first seen.
   */
  observe(finding: Finding, gate?: PriorFindings): void {
    if (gate) {
      if (finding.status === 'fail') {
        const firstSeen = this.prior.failing.get(finding.fingerprint)?.firstSeen ?? finding.lifecycle?.firstSeen ?? this.seenAt;
        finding.lifecycle = { state: finding.lifecycle?.state ?? (gate.failing.has(finding.fingerprint) ? 'existing' : 'new'), firstSeen };
      }
    } else {
      annotateFinding(finding, this.prior, this.seenAt);
    }
    this.resourcesSeen.add(finding.resource.id);
    if (finding.status === 'fail') {
      // Only what the store writes: a long scan need not hold every failing finding's trace.
      const { fingerprint, ruleId, severity, resource, message } = finding;
      this.failing.push({ fingerprint, ruleId, severity, resource, message });
    } else if (finding.status === 'pass') {
      // Only a finding that was failing can be resolved by passing; the rest need not be held.
      if (this.prior.failing.has(finding.fingerprint)) this.passed.add(finding.fingerprint);
    } else {
      this.undecidedScopes.add(scopeKeyOf(finding.resource));
    }
  }

  /** Records the scan; returns the report's `comparison`. */
  async record(report: Report, ruleIds: Iterable<string>, log: Logger): Promise<NonNullable<Report['comparison']>> {
    const regionsByScope = new Map<string, readonly string[]>();
    const scopes: ScanRecord['scopes'] = report.scope.map((entry) => {
      const key = scopeKeyOf(entry);
      if (entry.regions?.length) regionsByScope.set(key, entry.regions);
      const collectionFailed = report.collectionErrors.some((e) => e.provider === entry.provider && (e.account === undefined || e.account === entry.account));
      // Only a scope read completely, with every resource decided, may resolve what it did not see.
      const complete = entry.account !== undefined && entry.notScanned === undefined && !collectionFailed && !this.undecidedScopes.has(key);
      return { key, provider: entry.provider, account: entry.account, complete };
    });
    let outcome;
    try {
      outcome = await this.store.recordScan({
        startedAt: this.observedAt ?? report.timing.startedAt,
        finishedAt: this.observedAt ?? report.timing.finishedAt,
        seenAt: this.seenAt,
        toolVersion: VERSION,
        scopes,
        ruleIds: new Set(ruleIds),
        failing: this.failing,
        passed: this.passed,
        coverage: { resourcesSeen: this.resourcesSeen, regionsByScope },
      });
    } catch (error) {
      throw new UsageError(`state store ${this.store.label}: could not record the scan (${(error as Error).message}); the store is unchanged`);
    }
    log.info({ store: this.store.label, opened: outcome.opened, reopened: outcome.reopened, resolved: outcome.resolved.length }, 'scan recorded in the state store');
    return { against: `state:${this.store.label}`, previousScanAt: outcome.previousScanAt, resolved: outcome.resolved };
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}

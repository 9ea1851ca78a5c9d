/**
 * The state store's logic, written once over the small SQL surface both backends offer: what was
 * failing before a scan (to annotate findings as they stream), recording a scan in one
 * transaction after it (opened, still open, reopened, resolved), and the timeline of a finding.
 */
import { randomUUID } from 'node:crypto';
import { resolvedFindings, scopeKeyOf, type PriorFinding, type PriorFindings, type ScanCoverage } from '../engine/comparison.ts';
import type { Finding, ResolvedFinding, Severity } from '../engine/finding.ts';
import type { Provider, ResourceRef, ResourceType } from '../inventory/common.ts';
import { iso, num, type Row, type Sql, type SqlBackend, type SqlValue } from './sql.ts';

/** What one scan tells the store, gathered while findings streamed. */
export interface ScanRecord {
  startedAt: string;
  finishedAt: string;
  /** The time findings are stamped with (first seen, last seen, resolved at). */
  seenAt: string;
  toolVersion: string;
  scopes: { key: string; provider: Provider; account?: string; complete: boolean }[];
  ruleIds: ReadonlySet<string>;
  failing: readonly Pick<Finding, 'fingerprint' | 'ruleId' | 'severity' | 'resource' | 'message'>[];
  /** Fingerprints that passed (at least those failing before the scan). */
  passed: ReadonlySet<string>;
  coverage: Pick<ScanCoverage, 'resourcesSeen' | 'regionsByScope'>;
}

export interface RecordOutcome {
  previousScanAt?: string;
  opened: number;
  reopened: number;
  resolved: (ResolvedFinding & { reason: string })[];
}

export interface HistoryEvent {
  at: string;
  event: 'opened' | 'reopened' | 'resolved' | 'severity-changed';
  severity: Severity;
  detail: string;
}

export interface FindingHistory {
  fingerprint: string;
  ruleId: string;
  severity: Severity;
  status: 'open' | 'resolved';
  resource: ResourceRef;
  message: string;
  firstSeen: string;
  /** Start of the current (or last) failing period: differs from firstSeen after a reopen. */
  openedAt: string;
  lastSeen: string;
  resolvedAt?: string;
  events: HistoryEvent[];
}

const FINDING_COLUMNS =
  'fingerprint, scope_key, rule_id, provider, account, region, resource_type, resource_id, resource_name, severity, status, message, first_seen, opened_at, last_seen, resolved_at, last_scan_id';

const refOf = (row: Row): ResourceRef => ({
  provider: row.provider as Provider,
  account: row.account as string,
  region: row.region as string,
  type: row.resource_type as ResourceType,
  id: row.resource_id as string,
  name: row.resource_name as string,
});

const priorOf = (row: Row): PriorFinding => ({
  fingerprint: row.fingerprint as string,
  ruleId: row.rule_id as string,
  severity: row.severity as Severity,
  resource: refOf(row),
  firstSeen: iso(row.opened_at),
});

const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/** Runs `IN (...)` queries in slices: SQLite caps bound parameters per statement. */
async function allIn(sql: Sql, query: (marks: string) => string, values: readonly SqlValue[], fixed: readonly SqlValue[] = []): Promise<Row[]> {
  const rows: Row[] = [];
  for (let i = 0; i < values.length; i += 500) {
    const slice = values.slice(i, i + 500);
    rows.push(...(await sql.all(query(placeholders(slice.length)), [...fixed, ...slice])));
  }
  return rows;
}

/** Multi-row INSERTs of at most ~2,000 bound values each (within SQLite's and PostgreSQL's limits). */
async function insertMany(sql: Sql, table: string, columns: string, rows: readonly SqlValue[][]): Promise<void> {
  if (rows.length === 0) return;
  const width = rows[0]!.length;
  const perStatement = Math.max(1, Math.floor(2000 / width));
  const tuple = `(${placeholders(width)})`;
  for (let i = 0; i < rows.length; i += perStatement) {
    const slice = rows.slice(i, i + perStatement);
    await sql.run(`INSERT INTO ${table} (${columns}) VALUES ${slice.map(() => tuple).join(', ')}`, slice.flat());
  }
}

/** A write over `IN (...)`, in slices like allIn. */
async function runIn(sql: Sql, statement: (marks: string) => string, values: readonly SqlValue[], fixed: readonly SqlValue[]): Promise<void> {
  for (let i = 0; i < values.length; i += 500) {
    const slice = values.slice(i, i + 500);
    await sql.run(statement(placeholders(slice.length)), [...fixed, ...slice]);
  }
}

export class StateStore {
  readonly label: string;
  private readonly db: SqlBackend;

  constructor(db: SqlBackend, label: string) {
    this.db = db;
    this.label = label;
  }

  get dialect(): SqlBackend['dialect'] {
    return this.db.dialect;
  }

  /** Findings failing at the last scan of their scope, for the given providers. */
  async priorFindings(providers: readonly Provider[]): Promise<PriorFindings> {
    const rows = await allIn(this.db, (marks) => `SELECT ${FINDING_COLUMNS} FROM findings WHERE status = 'open' AND provider IN (${marks})`, providers);
    return { against: `state:${this.label}`, failing: new Map(rows.map((row) => [row.fingerprint as string, priorOf(row)])) };
  }

  /**
   * Records a finished scan in one transaction holding its scopes' locks. Findings are compared
   * with what the store holds now (not with what it held when the scan started), so a scan of
   * another scope that finished meanwhile is neither overwritten nor resolved.
   */
  async recordScan(scan: ScanRecord): Promise<RecordOutcome> {
    const scopes = new Map(scan.scopes.map((s) => [s.key, s]));
    // A failing finding outside the listed scopes (an inventory whose scope omits its account)
    // still gets a scan row to point at, marked incomplete so it resolves nothing.
    for (const finding of scan.failing) {
      const key = scopeKeyOf(finding.resource);
      if (!scopes.has(key)) scopes.set(key, { key, provider: finding.resource.provider, account: finding.resource.account, complete: false });
    }
    const keys = [...scopes.keys()].sort();
    return this.db.transaction(keys.map((key) => `ajar:scope:${key}`), async (tx) => {
      const previous = await allIn(tx, (marks) => `SELECT max(started_at) AS at FROM scans WHERE scope_key IN (${marks})`, keys);
      const previousScanAt = previous.map((row) => iso(row.at)).filter((at): at is string => at !== undefined).sort().at(-1);

      const scanIds = new Map<string, number>();
      const runId = randomUUID();
      for (const scope of scopes.values()) {
        const rows = await tx.all(
          'INSERT INTO scans (run_id, scope_key, provider, account, started_at, finished_at, complete, tool_version, rules) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
          [runId, scope.key, scope.provider, scope.account ?? null, scan.startedAt, scan.finishedAt, scope.complete ? 1 : 0, scan.toolVersion, scan.ruleIds.size],
        );
        scanIds.set(scope.key, num(rows[0]!.id));
      }

      const current = new Map<string, Row>();
      for (const row of await allIn(tx, (marks) => `SELECT ${FINDING_COLUMNS} FROM findings WHERE scope_key IN (${marks})`, keys)) {
        current.set(row.fingerprint as string, row);
      }

      const counts = new Map(keys.map((key) => [key, { failing: 0, opened: 0, resolved: 0 }]));
      let opened = 0;
      let reopened = 0;
      const failingNow = new Set<string>();
      // Written in batches: a scan of thousands of open findings is a few dozen round trips, not
      // thousands, which keeps the scope's lock short on a remote PostgreSQL.
      const inserts: SqlValue[][] = [];
      const events: SqlValue[][] = [];
      const touched = new Map<number, string[]>();
      const event = (fingerprint: string, scanId: number, kind: HistoryEvent['event'], severity: Severity, detail: string) =>
        events.push([fingerprint, scanId, scan.seenAt, kind, severity, detail]);
      for (const finding of scan.failing) {
        if (failingNow.has(finding.fingerprint)) continue;
        failingNow.add(finding.fingerprint);
        const key = scopeKeyOf(finding.resource);
        const scanId = scanIds.get(key)!;
        const count = counts.get(key)!;
        count.failing += 1;
        const row = current.get(finding.fingerprint);
        const { resource } = finding;
        if (row === undefined) {
          inserts.push([
            finding.fingerprint, key, finding.ruleId, resource.provider, resource.account, resource.region, resource.type, resource.id, resource.name,
            finding.severity, 'open', finding.message, scan.seenAt, scan.seenAt, scan.seenAt, null, scanId,
          ]);
          event(finding.fingerprint, scanId, 'opened', finding.severity, finding.message);
          opened += 1;
          count.opened += 1;
          continue;
        }
        const reopen = row.status !== 'open';
        const unchanged = row.severity === finding.severity && row.message === finding.message && row.region === resource.region && row.resource_name === resource.name;
        if (!reopen && unchanged) {
          const list = touched.get(scanId) ?? touched.set(scanId, []).get(scanId)!;
          list.push(finding.fingerprint);
          continue;
        }
        await tx.run(
          `UPDATE findings SET severity = ?, message = ?, region = ?, resource_name = ?, last_seen = ?, last_scan_id = ?, status = 'open', resolved_at = NULL${reopen ? ', opened_at = ?' : ''} WHERE fingerprint = ?`,
          [finding.severity, finding.message, resource.region, resource.name, scan.seenAt, scanId, ...(reopen ? [scan.seenAt] : []), finding.fingerprint],
        );
        if (reopen) {
          event(finding.fingerprint, scanId, 'reopened', finding.severity, finding.message);
          reopened += 1;
          count.opened += 1;
        } else if (row.severity !== finding.severity) {
          event(finding.fingerprint, scanId, 'severity-changed', finding.severity, `severity ${row.severity as string} → ${finding.severity}`);
        }
      }
      await insertMany(tx, 'findings', FINDING_COLUMNS, inserts);
      for (const [scanId, fingerprints] of touched) {
        await runIn(tx, (marks) => `UPDATE findings SET last_seen = ?, last_scan_id = ? WHERE fingerprint IN (${marks})`, fingerprints, [scan.seenAt, scanId]);
      }

      const stillOpen = new Map<string, PriorFinding>();
      for (const row of current.values()) {
        if (row.status === 'open' && !failingNow.has(row.fingerprint as string)) stillOpen.set(row.fingerprint as string, priorOf(row));
      }
      const completeScopes = new Set([...scopes.values()].filter((s) => s.complete).map((s) => s.key));
      const coverage: ScanCoverage = { ...scan.coverage, completeScopes, ruleIds: scan.ruleIds };
      const resolved = resolvedFindings({ against: this.label, failing: stillOpen }, scan.passed, scan.seenAt, coverage);
      const resolvedByScan = new Map<number, string[]>();
      for (const finding of resolved) {
        const key = scopeKeyOf(finding.resource);
        const scanId = scanIds.get(key)!;
        counts.get(key)!.resolved += 1;
        const list = resolvedByScan.get(scanId) ?? resolvedByScan.set(scanId, []).get(scanId)!;
        list.push(finding.fingerprint);
        const detail = finding.reason === 'passes' ? 'passes now' : 'the resource no longer exists (a complete scan of its scope did not find it)';
        event(finding.fingerprint, scanId, 'resolved', finding.severity, detail);
      }
      for (const [scanId, fingerprints] of resolvedByScan) {
        await runIn(tx, (marks) => `UPDATE findings SET status = 'resolved', resolved_at = ?, last_scan_id = ? WHERE fingerprint IN (${marks})`, fingerprints, [scan.seenAt, scanId]);
      }
      await insertMany(tx, 'finding_events', 'fingerprint, scan_id, at, event, severity, detail', events);

      for (const [key, count] of counts) {
        await tx.run('UPDATE scans SET failing = ?, opened = ?, resolved = ? WHERE id = ?', [count.failing, count.opened, count.resolved, scanIds.get(key)!]);
      }
      return { previousScanAt, opened, reopened, resolved };
    });
  }

  /**
   * Findings matching a fingerprint (or a prefix of at least 8 characters), a resource id (ARN)
   * or a resource name, each with its timeline, oldest event first.
   */
  async history(query: string): Promise<FindingHistory[]> {
    const prefix = /^[0-9a-f]{8,31}$/i.test(query) ? `${query.toLowerCase()}%` : '';
    const rows = await this.db.all(
      `SELECT ${FINDING_COLUMNS} FROM findings WHERE fingerprint = ? OR fingerprint LIKE ? OR resource_id = ? OR resource_name = ? ORDER BY resource_id, rule_id`,
      [query.toLowerCase(), prefix, query, query],
    );
    const histories: FindingHistory[] = [];
    for (const row of rows) {
      const events = await this.db.all('SELECT at, event, severity, detail FROM finding_events WHERE fingerprint = ? ORDER BY at, id', [row.fingerprint as string]);
      histories.push({
        fingerprint: row.fingerprint as string,
        ruleId: row.rule_id as string,
        severity: row.severity as Severity,
        status: row.status as FindingHistory['status'],
        resource: refOf(row),
        message: row.message as string,
        firstSeen: iso(row.first_seen)!,
        openedAt: iso(row.opened_at)!,
        lastSeen: iso(row.last_seen)!,
        resolvedAt: iso(row.resolved_at),
        events: events.map((e) => ({ at: iso(e.at)!, event: e.event as HistoryEvent['event'], severity: e.severity as Severity, detail: e.detail as string })),
      });
    }
    return histories;
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

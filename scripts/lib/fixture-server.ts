/**
 * A loopback server replaying recorded API responses, standing in for the Azure management plane
 * and the Google APIs in tests and the demo. Responses come from fixture files (JSON) whose shapes
 * follow the official REST references and published examples; each file names its source.
 *
 * A fixture file:
 *   {
 *     "source": "https://github.com/Azure/azure-rest-api-specs/blob/.../StorageAccountList.json",
 *     "routes": [
 *       { "method": "GET", "path": "/subscriptions/{id}/providers/Microsoft.Storage/storageAccounts",
 *         "query": { "$skiptoken": "page2" }, "status": 200, "body": { ... } }
 *     ]
 *   }
 *
 * `query` matches a subset of the request's query parameters (api-version and the like are
 * ignored unless named); the most specific matching route wins. In a body, the text `{{baseUrl}}`
 * becomes the server's own URL, so a fixture can carry a nextLink back to this server.
 *
 * Faults (a chosen 403, a 429 with Retry-After, a 500) are added per test and take precedence
 * over the fixtures; a fault with `times` fires that many times and then gets out of the way,
 * which is how retry paths are tested. Every request is logged for assertions (method, path,
 * query, whether an Authorization header was sent), never its credentials.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import selfsigned from 'selfsigned';

export interface FixtureRoute {
  method?: string;
  /** Exact path, or a regular expression source when it starts with `^`. */
  path: string;
  query?: Record<string, string>;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface FixtureFile {
  source: string;
  routes: FixtureRoute[];
}

export interface Fault {
  method?: string;
  /** Exact path or a RegExp tested against the path. */
  path: string | RegExp;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Fire this many times, then stop (default: always). */
  times?: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorized: boolean;
  /** The status this server answered with. */
  status: number;
}

export interface FixtureServer {
  url: string;
  port: number;
  /** PEM of the self-signed certificate when serving HTTPS (for NODE_EXTRA_CA_CERTS). */
  caFile?: string;
  requests: LoggedRequest[];
  /** Adds routes after start (a test's own fixtures); later routes win ties. */
  addFixtures: (fixture: FixtureFile) => void;
  fail: (fault: Fault) => void;
  clearFaults: () => void;
  close: () => Promise<void>;
}

export interface FixtureServerOptions {
  /** Serve HTTPS with a certificate generated now for 127.0.0.1 (the Azure SDKs insist on it). */
  tls?: boolean;
  /** Fixture files or directories of them (read recursively). */
  fixtures?: string[];
  port?: number;
}

/** Reads every fixture file under the given paths; a file without a source is refused. */
export function loadFixtureFiles(paths: readonly string[]): FixtureFile[] {
  const files: FixtureFile[] = [];
  const visit = (path: string) => {
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(path, name));
      return;
    }
    if (!path.endsWith('.json')) return;
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as FixtureFile;
    if (typeof parsed.source !== 'string' || !/^https:\/\//.test(parsed.source) || !Array.isArray(parsed.routes)) {
      throw new Error(`${path}: a fixture needs "source" (an https URL of the reference it follows) and "routes"`);
    }
    files.push(parsed);
  };
  for (const path of paths) visit(path);
  return files;
}

interface CompiledRoute extends FixtureRoute {
  matchPath: (path: string) => boolean;
  order: number;
}

const compile = (route: FixtureRoute, order: number): CompiledRoute => {
  const regex = route.path.startsWith('^') ? new RegExp(route.path) : undefined;
  return { ...route, order, matchPath: regex ? (p) => regex.test(p) : (p) => p.toLowerCase() === route.path.toLowerCase() };
};

export async function startFixtureServer(options: FixtureServerOptions = {}): Promise<FixtureServer> {
  const routes: CompiledRoute[] = [];
  const faults: Fault[] = [];
  const requests: LoggedRequest[] = [];
  const addFixtures = (fixture: FixtureFile) => {
    for (const route of fixture.routes) routes.push(compile(route, routes.length));
  };
  for (const file of loadFixtureFiles(options.fixtures ?? [])) addFixtures(file);

  let baseUrl = '';
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    const method = req.method ?? 'GET';
    const query = Object.fromEntries(url.searchParams);
    const path = decodeURIComponent(url.pathname);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      requests.push({ method, path, query, authorized: req.headers.authorization !== undefined, status });
      const text = body === undefined ? '' : JSON.stringify(body).replaceAll('{{baseUrl}}', baseUrl);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(text);
    };
    // Drain any request body; nothing here depends on it.
    req.resume();
    req.on('end', () => {
      const fault = faults.find((f) => (!f.method || f.method === method) && (typeof f.path === 'string' ? f.path.toLowerCase() === path.toLowerCase() : f.path.test(path)));
      if (fault) {
        if (fault.times !== undefined && --fault.times <= 0) faults.splice(faults.indexOf(fault), 1);
        send(fault.status, fault.body ?? { error: { code: `Status${fault.status}`, message: 'injected by the fixture server' } }, fault.headers);
        return;
      }
      const candidates = routes.filter(
        (r) => (r.method ?? 'GET') === method && r.matchPath(path) && Object.entries(r.query ?? {}).every(([k, v]) => query[k] === v),
      );
      // Most query constraints first, then the latest added: a test's own fixture overrides a shared one.
      candidates.sort((a, b) => Object.keys(b.query ?? {}).length - Object.keys(a.query ?? {}).length || b.order - a.order);
      const route = candidates[0];
      if (!route) {
        send(404, { error: { code: 'NoFixture', message: `no fixture for ${method} ${path}` } });
        return;
      }
      send(route.status ?? 200, route.body, route.headers);
    });
  };

  let server: Server;
  let caFile: string | undefined;
  if (options.tls) {
    const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keyType: 'ec',
      notAfterDate: new Date(Date.now() + 2 * 86_400_000),
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] }],
    });
    caFile = join(tmpdir(), `ajar-fixture-ca-${process.pid}-${Date.now()}.pem`);
    writeFileSync(caFile, pems.cert);
    server = createHttpsServer({ key: pems.private, cert: pems.cert }, handler);
  } else {
    server = createHttpServer(handler);
  }
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  return {
    url: baseUrl,
    port,
    caFile,
    requests,
    addFixtures,
    fail: (fault) => faults.push({ ...fault }),
    clearFaults: () => faults.splice(0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

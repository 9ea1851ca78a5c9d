/**
 * A loopback HTTP proxy in front of an emulator that answers chosen requests with an error
 * instead of forwarding them: how the tests reach AccessDenied, 501 and throttling paths that the
 * emulators do not produce on their own. Everything else is forwarded untouched.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';

export interface Fault {
  /** Decides from the request whether to answer with the fault. */
  match: (req: IncomingMessage) => boolean;
  status: number;
  body: string;
  headers?: Record<string, string>;
  /** How many times to answer with the fault before forwarding again (default: always). */
  times?: number;
}

export const s3Error = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>fault-proxy</RequestId></Error>`;

/**
 * Random faults at given rates, decided by a seeded hash of the request (method, URL and how many
 * times that URL was asked before) so a run is reproducible whatever order concurrency gives.
 */
export interface Chaos {
  seed: number;
  /** 503 SlowDown. */
  throttle?: number;
  /** The connection is destroyed before any answer. */
  reset?: number;
  /** The upstream answer's headers, then half its body, then the connection is cut. */
  truncate?: number;
  /** AccessDenied on this share of the matching requests, decided per URL (every retry is denied too). */
  deny?: { match: (req: IncomingMessage) => boolean; rate: number };
  /** After this many requests, every answer is `status` with `body` (credentials revoked mid-scan). */
  switchAfter?: { requests: number; status: number; body: string };
}

export interface ChaosLog {
  requests: number;
  throttled: number;
  reset: number;
  truncated: number;
  /** URLs answered AccessDenied. */
  denied: Set<string>;
  /** Requests that arrived after switchAfter took effect. */
  afterSwitch: number;
}

export interface FaultProxy {
  endpoint: string;
  hits: Map<Fault, number>;
  chaos: ChaosLog;
  close: () => Promise<void>;
}

/**
 * FNV-1a of the text, with a murmur3 finaliser so nearby inputs spread over the whole range, as a
 * number in [0, 1). Every step ends in `>>> 0`: JavaScript's `^` yields a signed 32-bit integer,
 * and before that was kept in mind here the last xor left half of all rolls negative, below every
 * rate, so about 50% + 27% of the rest (≈ 64%) of requests were faulted at a nominal 27%.
 */
export function unitHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h = (h ^ (h >>> 16)) >>> 0;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h = (h ^ (h >>> 13)) >>> 0;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return h / 0x1_0000_0000;
}

export async function startFaultProxy(target: string, faults: Fault[], chaos?: Chaos): Promise<FaultProxy> {
  const upstream = new URL(target);
  const hits = new Map<Fault, number>(faults.map((f) => [f, 0]));
  const log: ChaosLog = { requests: 0, throttled: 0, reset: 0, truncated: 0, denied: new Set(), afterSwitch: 0 };
  const askedBefore = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    log.requests += 1;
    let truncate = false;
    if (chaos) {
      const id = `${req.method} ${req.url}`;
      const n = askedBefore.get(id) ?? 0;
      askedBefore.set(id, n + 1);
      const roll = unitHash(`${chaos.seed}:${id}#${n}`);
      const fail = (status: number, body: string) => {
        req.resume();
        res.writeHead(status, { 'content-type': 'application/xml' });
        res.end(body);
      };
      if (chaos.switchAfter && log.requests > chaos.switchAfter.requests) {
        log.afterSwitch += 1;
        return fail(chaos.switchAfter.status, chaos.switchAfter.body);
      }
      if (chaos.deny?.match(req) && unitHash(`${chaos.seed}:deny:${id}`) < chaos.deny.rate) {
        log.denied.add(req.url ?? '');
        return fail(403, s3Error('AccessDenied', 'Access Denied'));
      }
      let edge = chaos.throttle ?? 0;
      if (roll < edge) {
        log.throttled += 1;
        return fail(503, s3Error('SlowDown', 'Please reduce your request rate.'));
      }
      edge += chaos.reset ?? 0;
      if (roll < edge) {
        log.reset += 1;
        req.resume();
        req.socket.destroy();
        return;
      }
      edge += chaos.truncate ?? 0;
      truncate = roll < edge;
    }
    const fault = faults.find((f) => f.match(req) && (f.times === undefined || hits.get(f)! < f.times));
    if (fault) {
      hits.set(fault, hits.get(fault)! + 1);
      req.resume();
      res.writeHead(fault.status, { 'content-type': 'application/xml', ...fault.headers });
      res.end(fault.body);
      return;
    }
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        if (!truncate) {
          upstreamRes.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        upstreamRes.on('data', (chunk: Buffer) => chunks.push(chunk));
        upstreamRes.on('end', () => {
          const body = Buffer.concat(chunks);
          // Fewer bytes than Content-Length promised, then the connection ends.
          log.truncated += 1;
          res.write(body.subarray(0, Math.floor(body.length / 2)));
          res.socket?.destroy();
        });
      },
    );
    forward.once('error', (error) => {
      res.writeHead(502);
      res.end(String(error));
    });
    req.pipe(forward);
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('fault proxy has no address');
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    hits,
    chaos: log,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** Matches a path-style S3 request for one bucket and one sub-resource, e.g. ('data', 'policy'). */
export const s3Request = (bucket: string, subresource: string) => (req: IncomingMessage) => {
  const url = new URL(req.url ?? '/', 'http://x');
  return req.method === 'GET' && url.pathname.replace(/\/$/, '') === `/${bucket}` && url.searchParams.has(subresource);
};

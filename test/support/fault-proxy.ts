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

export interface FaultProxy {
  endpoint: string;
  hits: Map<Fault, number>;
  close: () => Promise<void>;
}

export async function startFaultProxy(target: string, faults: Fault[]): Promise<FaultProxy> {
  const upstream = new URL(target);
  const hits = new Map<Fault, number>(faults.map((f) => [f, 0]));
  const server: Server = createServer((req, res) => {
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
        upstreamRes.pipe(res);
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
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** Matches a path-style S3 request for one bucket and one sub-resource, e.g. ('data', 'policy'). */
export const s3Request = (bucket: string, subresource: string) => (req: IncomingMessage) => {
  const url = new URL(req.url ?? '/', 'http://x');
  return req.method === 'GET' && url.pathname.replace(/\/$/, '') === `/${bucket}` && url.searchParams.has(subresource);
};

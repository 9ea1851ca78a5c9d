import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../scripts/lib/fixture-server.ts';

const source = 'https://learn.microsoft.com/en-us/rest/api/storagerp/storage-accounts/list';
let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('fixture server', () => {
  it('replays routes, matches query subsets, and points nextLink back at itself', async () => {
    server = await startFixtureServer();
    server.addFixtures({
      source,
      routes: [
        { path: '/items', body: { value: [1], nextLink: '{{baseUrl}}/items?$skiptoken=2' } },
        { path: '/items', query: { $skiptoken: '2' }, body: { value: [2] } },
      ],
    });
    const first = (await (await fetch(`${server.url}/items?api-version=2023-05-01`)).json()) as { nextLink: string };
    expect(first).toEqual({ value: [1], nextLink: `${server.url}/items?$skiptoken=2` });
    expect(await (await fetch(first.nextLink)).json()).toEqual({ value: [2] });
    const missing = await fetch(`${server.url}/nothing`);
    expect(missing.status).toBe(404);
    expect(server.requests.map((r) => r.status)).toEqual([200, 200, 404]);
  });

  it('serves an injected fault the given number of times, then the fixture', async () => {
    server = await startFixtureServer();
    server.addFixtures({ source, routes: [{ path: '/x', body: { ok: true } }] });
    server.fail({ path: /^\/x$/, status: 429, headers: { 'retry-after': '0' }, times: 1 });
    const throttled = await fetch(`${server.url}/x`);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('0');
    expect((await fetch(`${server.url}/x`)).status).toBe(200);
  });

  it('refuses a fixture file that does not name its source', async () => {
    const { loadFixtureFiles } = await import('../../scripts/lib/fixture-server.ts');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'fixtures-'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ routes: [] }));
    expect(() => loadFixtureFiles([dir])).toThrow(/needs "source"/);
  });

  it('speaks HTTPS with a certificate a client can trust through its CA file', async () => {
    server = await startFixtureServer({ tls: true });
    server.addFixtures({ source, routes: [{ path: '/secure', body: { tls: true } }] });
    const ca = readFileSync(server.caFile!, 'utf8');
    const body = await new Promise<string>((resolve, reject) => {
      request(`${server!.url}/secure`, { ca, headers: { authorization: 'Bearer t' } }, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve(text));
      })
        .on('error', reject)
        .end();
    });
    expect(JSON.parse(body)).toEqual({ tls: true });
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/secure', authorized: true });
  });
});

/**
 * Azurite (the Azure Storage emulator, an npm devDependency) for the tests and the demo: the blob
 * service alone, on a port the OS picks (read back from Azurite's own "listens on" line, so two
 * test files never race for a port), in memory. HTTPS with a certificate generated now, because
 * Azurite only accepts OAuth bearer tokens over HTTPS and ajar reads the data plane with a token.
 * `--oauth basic` checks a token's issuer, audience and lifetime but not its signature, which is
 * what lets a test token stand in for Microsoft Entra ID. Anything that goes wrong throws with
 * Azurite's own output, so a test that cannot reach it fails loudly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import selfsigned from 'selfsigned';

const ROOT = resolve(import.meta.dirname, '../..');
const AZURITE_BLOB = join(ROOT, 'node_modules/azurite/dist/src/blob/main.js');

export interface AzuriteAccount {
  name: string;
  /** Base64 key, for the test's own setup through Shared Key (ajar itself never uses keys). */
  key: string;
}

export interface RunningAzurite {
  /** e.g. https://127.0.0.1:41234 */
  url: string;
  port: number;
  /** PEM of the generated certificate, for NODE_EXTRA_CA_CERTS and the test's own TLS client. */
  caFile: string;
  cert: string;
  accounts: AzuriteAccount[];
  /** The blob endpoint of an account, path style: https://127.0.0.1:<port>/<account>/ */
  blobEndpoint: (account: string) => string;
  close: () => Promise<void>;
}

/** A JWT that Azurite's basic OAuth check accepts for the blob audience (unsigned on purpose). */
export function emulatorBearerToken(now = Date.now()): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const seconds = Math.floor(now / 1000);
  return [
    encode({ alg: 'none', typ: 'JWT' }),
    encode({ aud: 'https://storage.azure.com', iss: 'https://sts.windows.net/ab1f708d-50f6-404c-a006-d71b2ac7a606/', iat: seconds - 60, nbf: seconds - 60, exp: seconds + 3600, oid: 'ajar-test' }),
    'c2lnbmF0dXJlLW5vdC1jaGVja2Vk',
  ].join('.');
}

export async function startAzurite(options: { accounts: string[]; timeoutMs?: number }): Promise<RunningAzurite> {
  const dir = mkdtempSync(join(tmpdir(), 'ajar-azurite-'));
  // A subject of its own: OpenSSL looks trusted certificates up by subject, so two self-signed
  // certificates both named 127.0.0.1 (this and the fixture server's) would shadow each other.
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'ajar-azurite-emulator' }], {
    keyType: 'ec',
    notAfterDate: new Date(Date.now() + 2 * 86_400_000),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] }],
  });
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  writeFileSync(certFile, pems.cert);
  writeFileSync(keyFile, pems.private);
  const accounts = options.accounts.map((name) => ({ name, key: Buffer.from(`ajar-test-key-${name}`).toString('base64') }));
  const child: ChildProcess = spawn(
    process.execPath,
    [AZURITE_BLOB, '--blobHost', '127.0.0.1', '--blobPort', '0', '--inMemoryPersistence', '--extentMemoryLimit', '64', '--skipApiVersionCheck', '--disableProductStyleUrl', '--cert', certFile, '--key', keyFile, '--oauth', 'basic'],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AZURITE_ACCOUNTS: accounts.map((a) => `${a.name}:${a.key}`).join(';') } },
  );
  let output = '';
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => fail(new Error(`Azurite did not start within ${options.timeoutMs ?? 30_000} ms:\n${output}`)), options.timeoutMs ?? 30_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /successfully listens on https:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePort(Number(match[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', (error) => fail(new Error(`cannot start Azurite (${AZURITE_BLOB}): ${error.message}`)));
    child.once('exit', (code) => fail(new Error(`Azurite exited with ${code} before listening:\n${output}`)));
  });
  const url = `https://127.0.0.1:${port}`;
  return {
    url,
    port,
    caFile: certFile,
    cert: pems.cert,
    accounts,
    blobEndpoint: (account) => `${url}/${account}/`,
    close: () =>
      new Promise<void>((done) => {
        const finish = () => {
          rmSync(dir, { recursive: true, force: true });
          done();
        };
        if (child.exitCode !== null || child.signalCode !== null) return finish();
        child.once('exit', finish);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

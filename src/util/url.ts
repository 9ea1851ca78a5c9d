/** URLs the user gives (state stores, endpoints): shown and logged only with the password masked. */

/** The URL with any password replaced, safe for reports and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}

export interface EndpointUrl {
  /** What ajar sends to and shows: the URL without user name or password. */
  url: string;
  /** True when the given URL carried credentials, which were dropped. */
  hadCredentials: boolean;
}

/**
 * Checks a service endpoint (`--endpoint`, `--azure-endpoint`, `--gcp-endpoint`); anything but an
 * http(s) URL with a host and a valid port is a problem described in words, for a one-line usage
 * error. User name and password are dropped: every request is signed (SigV4) or carries a bearer
 * token in the Authorization header, which Node's http client lets win over URL credentials, so
 * they were never used — and kept, they would reach logs, errors and every report.
 */
export function parseEndpointUrl(value: string): EndpointUrl | { problem: string } {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    // new URL refuses a port above 65535, spaces in the host, a missing scheme, ...
    const port = /^[a-z]+:\/\/[^/]*:(\d+)(?:[/?#]|$)/i.exec(value)?.[1];
    if (port !== undefined && Number(port) > 65535) return { problem: `port ${port} is out of range (1-65535)` };
    return { problem: 'not a valid URL' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { problem: `unsupported scheme "${parsed.protocol}"` };
  if (!parsed.hostname) return { problem: 'no host' };
  if (parsed.port === '0') return { problem: 'port 0 is not a port to connect to' };
  const hadCredentials = parsed.username !== '' || parsed.password !== '';
  if (!hadCredentials) return { url: value, hadCredentials };
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.toString().replace(/\/$/, value.endsWith('/') ? '/' : ''), hadCredentials };
}

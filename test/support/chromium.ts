/**
 * Headless Chromium (Debian `chromium`) for the HTML report test: loads a file the way a person's
 * browser does, with scripts on, and returns the DOM after they ran or a PNG screenshot.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromiumPath } from '../../scripts/lib/report-tools.ts';

const run = (args: string[], timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> => {
  const profile = mkdtempSync(join(tmpdir(), 'ajar-chromium-'));
  const child = spawn(
    chromiumPath(),
    [
      '--headless',
      '--no-sandbox', // the tests may run as root, where Chromium's sandbox refuses to start
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-8000)));
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`chromium did not finish within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.once('error', fail);
    child.once('close', (code) => {
      clearTimeout(timer);
      rmSync(profile, { recursive: true, force: true });
      done({ code, stdout, stderr });
    });
  });
};

/** The serialised DOM after the page's scripts ran (`hash` selects a filtered view). */
export async function dumpDom(file: string, hash = ''): Promise<string> {
  const url = `${pathToFileURL(file).href}${hash}`;
  const result = await run(['--virtual-time-budget=3000', '--dump-dom', url]);
  if (result.code !== 0 || result.stdout.trim() === '') throw new Error(`chromium --dump-dom exited ${result.code}: ${result.stderr}`);
  return result.stdout;
}

/** A PNG screenshot of the page at the given window size. */
export async function screenshot(file: string, png: string, size = '1280,2000'): Promise<Buffer> {
  const result = await run(['--hide-scrollbars', `--window-size=${size}`, '--virtual-time-budget=3000', `--screenshot=${png}`, pathToFileURL(file).href]);
  if (result.code !== 0) throw new Error(`chromium --screenshot exited ${result.code}: ${result.stderr}`);
  return readFileSync(png);
}

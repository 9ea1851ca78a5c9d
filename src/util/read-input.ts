import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { UsageError } from '../cli/errors.ts';

/**
 * The largest file ajar reads as input (config, suppressions, inventory, baseline, report). A
 * 50 MB YAML config once took 195 s and 2.9 GB to parse, deaf to SIGTERM; real inputs are far
 * smaller (a 100,000-bucket inventory is about 40 MB of JSON). Documented in README "Inputs".
 */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;
const MAX_INPUT_LABEL = '64 MiB';

const BOM = '\uFEFF';

const mebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

const tooLarge = (where: string, what: string, size: string) =>
  new UsageError(`${where}: the ${what} is ${size}, larger than the ${MAX_INPUT_LABEL} input limit`);

const reasonFor = (code: string | undefined) => {
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'a directory, not a file';
  return code ?? 'unknown error';
};

const pause = new Int32Array(new SharedArrayBuffer(4));

/** A non-blocking stdin pipe answers EAGAIN until its writer catches up. */
function readSome(fd: number, into: Buffer): number {
  for (;;) {
    try {
      return readSync(fd, into, 0, into.length, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 2);
    }
  }
}

/**
 * Reads at most one byte past the limit, so a pipe or a file that grows while being read is
 * caught too, not only what fstat saw.
 */
function readCapped(fd: number, where: string, what: string): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, MAX_INPUT_BYTES + 1 - total));
    const read = readSome(fd, chunk);
    if (read === 0) break;
    chunks.push(chunk.subarray(0, read));
    total += read;
    if (total > MAX_INPUT_BYTES) throw tooLarge(where, what, `over ${MAX_INPUT_LABEL}`);
  }
  return Buffer.concat(chunks, total);
}

/** UTF-8 text without the byte-order mark some Windows editors write; JSON.parse refuses one. */
const decode = (bytes: Buffer) => {
  const text = bytes.toString('utf8');
  return text.startsWith(BOM) ? text.slice(BOM.length) : text;
};

function readDescriptor(fd: number, where: string, what: string): string {
  const stat = fstatSync(fd);
  // Checked before a byte is read or parsed: the cost of a huge file is never paid.
  if (stat.isFile() && stat.size > MAX_INPUT_BYTES) throw tooLarge(where, what, mebibytes(stat.size));
  return decode(readCapped(fd, where, what));
}

const failure = (error: unknown, where: string, what: string) => {
  if (error instanceof UsageError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  return new UsageError(`${where}: cannot read the ${what} (${reasonFor(code)})`);
};

/**
 * Reads a file the user named (config, inventory, baseline, suppressions, report) — the one place
 * user files are read. One that cannot be read, or is over the size limit, is a usage error
 * naming it: `<where>: cannot read the <what> (no such file)`.
 */
export function readInputFile(file: string, what: string, where = file): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    return readDescriptor(fd, where, what);
  } catch (error) {
    throw failure(error, where, what);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Reads standard input under the same limit and BOM rule as a file (`ajar report -`). */
export function readInputStdin(what: string, where = 'stdin'): string {
  try {
    return readDescriptor(0, where, what);
  } catch (error) {
    throw failure(error, where, what);
  }
}

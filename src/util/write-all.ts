import { writeSync } from 'node:fs';

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes all of `text` to a file descriptor. `fs.writeSync` may write only part of a large
 * buffer to a pipe, or fail with EAGAIN when stdout is a non-blocking pipe whose reader is slower
 * than us (jq, less, a CI log collector); without this loop a big report piped onward would be
 * silently cut short. A reader that went away (EPIPE, e.g. `| head`) ends the writing quietly.
 */
export function writeAllSync(fd: number, text: string | Uint8Array): void {
  const buffer = typeof text === 'string' ? Buffer.from(text) : text;
  let offset = 0;
  while (offset < buffer.length) {
    try {
      offset += writeSync(fd, buffer, offset, buffer.length - offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return;
      if (code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 2);
    }
  }
}

import { readFileSync } from 'node:fs';
import { UsageError } from '../cli/errors.ts';

/**
 * Reads a file the user named (config, inventory, baseline, suppressions). One that cannot be read
 * is a usage error naming it: `<where>: cannot read the <what> (no such file)`.
 */
export function readInputFile(file: string, what: string, where = file): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${where}: cannot read the ${what} (${code === 'ENOENT' ? 'no such file' : code})`);
  }
}

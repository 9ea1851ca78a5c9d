import { existsSync } from 'node:fs';
import { UsageError } from './errors.ts';

/**
 * The items of a comma list flag. An empty item is refused: `--rules ''` once named no rule and
 * so ran every rule, the opposite of what an empty selection could mean.
 */
export function splitList(flag: string, value: string): string[] {
  const items = value.split(',').map((v) => v.trim());
  if (items.some((item) => item === '')) {
    throw new UsageError(`${flag}: expected a comma-separated list of non-empty names, got "${value}"`);
  }
  return items;
}

/** A commander parser for a repeatable comma list flag. */
export const listFlag =
  (flag: string) =>
  (value: string, previous: string[] = []): string[] => [...previous, ...splitList(flag, value)];

/**
 * A whole-number flag, in plain decimal digits only: Number() would also take `0x10`, `1e2` and
 * ` 4`, which no one means as a count.
 */
export function integerFlag(flag: string, value: string, min: number, max: number, noun = 'a decimal integer'): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    const range = min === 1 ? `a positive decimal integer up to ${max}` : `${noun} from ${min} to ${max}`;
    throw new UsageError(`${flag}: expected ${range}, got "${value}"`);
  }
  return n;
}

const DEFAULT_CONFIGS = ['ajar.config.yaml', 'ajar.config.yml', 'ajar.config.json'];

export const findDefaultConfig = (): string | undefined => DEFAULT_CONFIGS.find((file) => existsSync(file));

/** A single self-overwriting status line on stderr, only when stderr is a terminal. */
export class Progress {
  private last = 0;
  private shown = false;
  private readonly enabled: boolean;
  constructor(enabled: boolean) {
    this.enabled = enabled;
  }
  update(text: string): void {
    const now = Date.now();
    if (!this.enabled || now - this.last < 100) return;
    this.last = now;
    this.shown = true;
    process.stderr.write(`\r\x1b[2K${text}`);
  }
  done(): void {
    if (this.shown) process.stderr.write('\r\x1b[2K');
  }
}

import { existsSync } from 'node:fs';

export const splitList = (value: string): string[] => value.split(',').map((v) => v.trim()).filter(Boolean);

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

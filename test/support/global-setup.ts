/** Installs the pinned moto once before any test file runs, so files do not race to install it. */
import { ensureMoto } from '../../scripts/lib/moto.ts';
import { ensureOcsfModels } from '../../scripts/lib/report-tools.ts';

export default function setup(): void {
  ensureMoto();
  ensureOcsfModels();
}

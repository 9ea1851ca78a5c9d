/** Installs the test emulators ahead of time (CI does this before `npm test`; the tests would too). */
import { ensureMoto, MOTO_VERSION } from './lib/moto.ts';

ensureMoto();
process.stderr.write(`test environment ready: node ${process.version}, moto ${MOTO_VERSION}\n`);

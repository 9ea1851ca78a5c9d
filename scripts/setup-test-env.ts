/** Installs the test emulators ahead of time (CI does this before `npm test`; the tests would too). */
import { ensureMoto, MOTO_VERSION } from './lib/moto.ts';
import { ensureOcsfModels, OCSF_MODELS_VERSION } from './lib/report-tools.ts';
import { ensurePipelineTools } from './lib/pipeline-tools.ts';
import { postgresBinDir } from './lib/postgres.ts';

ensureMoto();
ensureOcsfModels();
ensurePipelineTools();
// The state-store tests start their own PostgreSQL; fail here, early, if its binaries are missing.
const postgresBin = postgresBinDir();
process.stderr.write(`test environment ready: node ${process.version}, moto ${MOTO_VERSION}, py-ocsf-models ${OCSF_MODELS_VERSION}, postgres ${postgresBin}\n`);

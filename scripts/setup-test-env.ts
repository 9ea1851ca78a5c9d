/** Installs the test emulators ahead of time (CI does this before `npm test`; the tests would too). */
import { ensureMoto, MOTO_VERSION } from './lib/moto.ts';
import { ensureOcsfModels, OCSF_MODELS_VERSION } from './lib/report-tools.ts';
import { ensurePipelineTools } from './lib/pipeline-tools.ts';

ensureMoto();
ensureOcsfModels();
ensurePipelineTools();
process.stderr.write(`test environment ready: node ${process.version}, moto ${MOTO_VERSION}, py-ocsf-models ${OCSF_MODELS_VERSION}\n`);

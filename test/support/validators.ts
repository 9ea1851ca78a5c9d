/**
 * The owners' validators for report formats, run as the tests' real parts: the Jenkins
 * junit-10.xsd through xmllint, and OCSF through py-ocsf-models (see scripts/lib/report-tools.ts).
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { requireOcsfModels, xmllintPath } from '../../scripts/lib/report-tools.ts';

const JUNIT_XSD = resolve(import.meta.dirname, '../fixtures/junit/junit-10.xsd');
const OCSF_SCRIPT = resolve(import.meta.dirname, 'ocsf_validate.py');

/** xmllint's complaints about a JUnit document; empty when it validates against junit-10.xsd. */
export function junitSchemaErrors(xml: string): string[] {
  const result = spawnSync(xmllintPath(), ['--noout', '--nonet', '--schema', JUNIT_XSD, '-'], { input: xml, encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status === 0) return [];
  return result.stderr.split('\n').filter((line) => line.trim() !== '' && !line.endsWith('fails to validate'));
}

/** py-ocsf-models' complaints about an OCSF events array; empty when every event validates. */
export function ocsfSchemaErrors(json: string): string[] {
  const result = spawnSync(requireOcsfModels(), [OCSF_SCRIPT], { input: json, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ocsf_validate.py exited ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout) as string[];
}

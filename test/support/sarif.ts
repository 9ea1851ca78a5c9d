/** Validates SARIF text against the OASIS SARIF 2.1.0 JSON schema (see test/fixtures/sarif/README.md). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS with a default export; under NodeNext its default import is the module.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const schema = JSON.parse(readFileSync(resolve(import.meta.dirname, '../fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));

/*
 * The stored file is the Committee Specification schema, where a suppression's disposition is
 * named `state`. The OASIS Standard edition of SARIF 2.1.0 (§3.35.3, "status property") renamed it
 * `status`, with the same three values, and that is what consumers read. Only that one name is
 * changed here; everything else stays the Committee Specification's.
 */
const suppression = schema.definitions.suppression;
suppression.properties.status = suppression.properties.state;
delete suppression.properties.state;

export function sarifSchemaErrors(sarif: unknown): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return validate(sarif) ? [] : (validate.errors ?? []).map((e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message}`);
}

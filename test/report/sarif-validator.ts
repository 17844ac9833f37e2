import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { ROOT } from '../helpers.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** Validator for the official SARIF 2.1.0 schema (draft-04; ajv reads it once `$schema`/`id` are dropped; its language pattern is not valid with the u flag). */
export function sarifValidator() {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/schemas/sarif-schema-2.1.0.json'), 'utf8'));
  delete schema.$schema;
  delete schema.id;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

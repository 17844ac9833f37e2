#!/usr/bin/env node
// Writes docs/report.schema.json (the JSON Schema of `audit --format json`) from the zod contract in src/report/schema.ts.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { reportJsonSchema } from '../dist/src/report/schema.js';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'report.schema.json');
fs.writeFileSync(out, `${JSON.stringify(reportJsonSchema(), null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), out)}`);

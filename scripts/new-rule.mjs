#!/usr/bin/env node
// npm run new:rule <prefix>.<name>: creates rules/<prefix>/<name>.ts from a template, example fixture cases,
// and regenerates the registry. The contract test then says what is still missing.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const id = process.argv[2];
if (!id || !/^[a-z0-9-]+\.[a-z0-9-]+$/.test(id)) {
  console.error('usage: npm run new:rule <prefix>.<name>   (e.g. api.request-id)');
  process.exit(2);
}
const [prefix, name] = id.split('.');
const file = path.join(root, 'rules', prefix, `${name}.ts`);
if (fs.existsSync(file)) {
  console.error(`rules/${prefix}/${name}.ts already exists`);
  process.exit(2);
}
const catalog = fs.readFileSync(path.join(root, 'docs', 'checks.yaml'), 'utf8');
const entry = new RegExp(
  `- id: ${id.replace('.', '\\.')}\\n\\s+category: (\\S+)\\n\\s+level: (\\d)\\n\\s+severity: (\\S+)`,
).exec(catalog);
if (!entry) console.warn(`warning: ${id} is not in docs/checks.yaml; the contract test will fail until it is`);
const [category, level, severity] = entry ? entry.slice(1) : [prefix, '2', 'medium'];

fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(
  file,
  `import { defineRule } from '../../src/sdk/index.js';

export default defineRule({
  meta: {
    id: '${id}',
    category: '${category}',
    title: 'TODO: the desired state, e.g. "Container runs as a non-root user"',
    severity: '${severity}',
    level: ${level},
    scope: 'component', // or 'repository': judged once for the whole repository (CI, docs, license …)
    // requires: ['http'],
    docs: {
      why: 'TODO: why the practice matters in production.',
      how: 'TODO: what the rule looks for, per stack.',
      fix: ['TODO: how to fix a gap.'],
      effort: 'S',
    },
    messages: {
      missing: 'TODO: message for the gap.',
    },
  },
  check(ctx) {
    const hit = ctx.repo.grepFirst(/TODO-pattern/, { kinds: ['source'] });
    if (hit) return ctx.pass([ctx.at(hit.path, hit.line, 'TODO: what was found')]);
    return ctx.gap('missing', [ctx.missing(['TODO: what was searched'], 'TODO: nothing found')]);
  },
});
`,
);
for (const c of ['pass-example', 'gap-example']) {
  const dir = path.join(root, 'fixtures', id, c);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'README.md'),
    `# ${c}\n\nReplace with a minimal repository whose verdict is ${c.split('-')[0]}.\n`,
  );
}
execFileSync(process.execPath, [path.join(root, 'scripts', 'gen-rules-index.mjs')], { stdio: 'inherit' });
console.log(`created rules/${prefix}/${name}.ts and fixtures/${id}/{pass-example,gap-example}`);

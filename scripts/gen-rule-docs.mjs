#!/usr/bin/env node
// Writes docs/rules/<id>.md and docs/rules/README.md from the built rules' metadata, the catalog's policy text
// (docs/checks.yaml) and the rule's fixture cases (fixtures/<id>/<pass|gap|na>-<case>/).
//   node scripts/gen-rule-docs.mjs            write the pages (npm run docs:rules; builds first)
//   node scripts/gen-rule-docs.mjs --check    exit 1 when a page is missing, stale or left over (the test suite runs this)
//   --dir <path>                              pages directory (default docs/rules)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import YAML from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const check = args.includes('--check');
const dirArg = args.indexOf('--dir');
const outDir = dirArg >= 0 ? path.resolve(args[dirArg + 1]) : path.join(root, 'docs', 'rules');

const dist = (rel) => pathToFileURL(path.join(root, 'dist', rel)).href;
let registry, docs;
try {
  registry = await import(dist('src/pipeline/registry.js'));
  docs = await import(dist('src/report/rule-docs.js'));
} catch (e) {
  console.error(`gen-rule-docs: cannot load the built rules (${e.message}); run \`npm run build\` first`);
  process.exit(2);
}

const catalog = YAML.parse(fs.readFileSync(path.join(root, 'docs', 'checks.yaml'), 'utf8')).checks;
const policy = new Map(catalog.map((c) => [c.id, c.passes_when]));

function examplesOf(id) {
  const dir = path.join(root, 'fixtures', id);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => docs.exampleFromCase(name))
    .filter(Boolean);
}

const metas = registry.builtInRules.map((r) => r.meta);
const pages = new Map([['README.md', docs.ruleDocsIndex(metas)]]);
for (const meta of metas)
  pages.set(
    `${meta.id}.md`,
    docs.ruleDocMarkdown({ meta, policy: policy.get(meta.id), examples: examplesOf(meta.id) }),
  );

const existing = fs.existsSync(outDir) ? fs.readdirSync(outDir).filter((f) => f.endsWith('.md')) : [];
if (check) {
  const problems = [];
  for (const [file, text] of pages) {
    const p = path.join(outDir, file);
    if (!fs.existsSync(p)) problems.push(`missing: ${file}`);
    else if (fs.readFileSync(p, 'utf8') !== text) problems.push(`stale: ${file}`);
  }
  for (const f of existing) if (!pages.has(f)) problems.push(`left over (no such rule): ${f}`);
  if (problems.length) {
    console.error(
      `rule documentation is out of date; run \`npm run docs:rules\` and commit docs/rules:\n  ${problems.join('\n  ')}`,
    );
    process.exit(1);
  }
  console.log(`rule documentation is up to date (${pages.size} pages)`);
} else {
  fs.mkdirSync(outDir, { recursive: true });
  for (const f of existing) if (!pages.has(f)) fs.rmSync(path.join(outDir, f));
  for (const [file, text] of pages) fs.writeFileSync(path.join(outDir, file), text);
  console.log(`wrote ${pages.size} pages to ${path.relative(root, outDir) || '.'}`);
}

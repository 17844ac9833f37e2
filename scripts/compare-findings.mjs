#!/usr/bin/env node
// node scripts/compare-findings.mjs OTHER_CHECKOUT DIR...: audits each DIR with this checkout's build and with the
// build of OTHER_CHECKOUT (a second worktree or a copy of dist/ + bin/ of the old code), and prints every finding
// whose verdict, confidence, message or evidence differs. A speed change must leave this silent. Exit code 1 on a
// difference. Without DIR it compares every fixture mini-project in fixtures/_repos.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const [other, ...given] = process.argv.slice(2);
if (!other) {
  console.error('usage: node scripts/compare-findings.mjs OTHER_CHECKOUT [DIR...]');
  process.exit(2);
}
const fixtureRepos = path.join(root, 'fixtures', '_repos');
const dirs = given.length
  ? given
  : fs
      .readdirSync(fixtureRepos, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => path.join(fixtureRepos, e.name));

function audit(checkout, dir) {
  const r = spawnSync(
    process.execPath,
    [path.join(checkout, 'bin', 'readiness.js'), 'audit', dir, '--no-history', '--format', 'json'],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  if (!r.stdout.trim())
    throw new Error(`${checkout}: no report for ${dir} (exit ${r.status}, signal ${r.signal}): ${r.stderr}`);
  const report = JSON.parse(r.stdout);
  return {
    score: report.score,
    // durationMs is the rule's own time: the one field a speed change is meant to change.
    // One finding per rule and component: a repository with several components has one per rule per component.
    findings: new Map(
      report.findings.map(({ durationMs, ...f }) => [f.component ? `${f.ruleId}@${f.component}` : f.ruleId, f]),
    ),
    claims: JSON.stringify(report.claims ?? []),
  };
}

let differences = 0;
for (const dir of dirs) {
  const a = audit(other, dir);
  const b = audit(root, dir);
  const out = [];
  if (a.score !== b.score) out.push(`  score ${a.score} → ${b.score}`);
  for (const id of new Set([...a.findings.keys(), ...b.findings.keys()])) {
    const x = JSON.stringify(a.findings.get(id));
    const y = JSON.stringify(b.findings.get(id));
    if (x !== y) out.push(`  ${id}\n    before: ${x}\n    after:  ${y}`);
  }
  if (a.claims !== b.claims) out.push('  claims differ');
  differences += out.length;
  console.log(`${out.length ? 'DIFFERS' : 'same   '} ${dir} (${b.findings.size} findings)`);
  for (const l of out) console.log(l);
}
process.exit(differences ? 1 : 0);

// An organisation's own checks (`checks:` in .readiness.yml) through the built CLI: scored like built-in rules, in a
// category of their own, waivable, recorded in the history and present in every format.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ReportSchema } from '../../src/report/schema.js';
import { FIXTURES, makeGitRepo, runCli, tempDir } from '../helpers.js';
import { sarifValidator } from '../report/sarif-validator.js';

const CONFIG = `checks:
  - id: acme.codeowners
    title: CODEOWNERS names owners
    category: docs
    level: 2
    severity: low
    docs: {why: owners review changes, fix: ["add .github/CODEOWNERS naming the owning team"]}
    assert: {file_exists: [".github/CODEOWNERS", CODEOWNERS]}
  - id: acme.logger
    title: Services log through the shared logger
    category: compliance
    level: 1
    severity: high
    assert: {dependency: {name: acme-log, ecosystem: python}}
  - id: acme.no-print
    title: No print debugging
    category: compliance
    level: 2
    severity: medium
    assert: {content_absent: {pattern: "\\\\bprint\\\\(", in: "app/**"}}
rules:
  acme.no-print: {severity: critical}
thresholds:
  compliance: 50
waivers:
  - rule: acme.codeowners
    reason: the owning team is being formed
    expires: 2099-01-01
`;

const FILES = {
  'app/main.py':
    'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/orders")\ndef orders():\n    print("listing")\n    return []\n',
  'requirements.txt': 'fastapi==0.115.0\nacme-log==2.0.1\n',
  'README.md': '# orders\n',
  '.readiness.yml': CONFIG,
};

describe('custom checks (built CLI)', () => {
  it('are judged, scored, waived and gated like built-in rules, in every format and in the history', async () => {
    const repo = await makeGitRepo(FILES);
    const out = tempDir('readiness-custom-out-');
    const db = path.join(out, 'history.db');
    const r = await runCli([
      'audit',
      repo,
      '--db',
      db,
      '-f',
      'json',
      ...['sarif', 'junit', 'markdown', 'html'].flatMap((f) => ['-f', `${f}:${path.join(out, f)}`]),
    ]);
    expect(r.stderr).not.toMatch(/internal error/);
    const report = ReportSchema.parse(JSON.parse(r.stdout));
    const byId = (id: string) => report.findings.find((f) => f.ruleId === id)!;
    expect(byId('acme.codeowners')).toMatchObject({
      status: 'gap',
      waived: { reason: 'the owning team is being formed' },
    });
    expect(byId('acme.logger')).toMatchObject({ status: 'pass', category: 'compliance', severity: 'high' });
    expect(byId('acme.logger').evidence[0]).toMatchObject({ path: 'requirements.txt', line: 2 });
    expect(byId('acme.no-print')).toMatchObject({ status: 'gap', severity: 'critical', category: 'compliance' });
    expect(byId('acme.no-print').evidence[0]).toMatchObject({ path: 'app/main.py', line: 8 });
    // compliance: high (6) passes, critical (10) fails → 38 < 50: the threshold gate fails.
    expect(report.categories.find((c) => c.id === 'compliance')).toMatchObject({ score: 38, passed: 1, gaps: 1 });
    expect(r.exitCode).toBe(1);

    const sarif = JSON.parse(fs.readFileSync(path.join(out, 'sarif'), 'utf8'));
    expect(sarifValidator()(sarif)).toBe(true);
    expect(sarif.runs[0].tool.driver.rules.map((x: { id: string }) => x.id)).toContain('acme.no-print');
    expect(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toContain('acme.no-print');
    expect(fs.readFileSync(path.join(out, 'junit'), 'utf8')).toMatch(/<testsuite name="compliance"/);
    expect(fs.readFileSync(path.join(out, 'markdown'), 'utf8')).toContain('acme.no-print');
    expect(fs.readFileSync(path.join(out, 'html'), 'utf8')).toContain('acme.no-print');

    const conn = new Database(db, { readonly: true });
    try {
      const rows = conn
        .prepare("SELECT rule_id, status FROM findings WHERE rule_id LIKE 'acme.%' ORDER BY rule_id")
        .all();
      expect(rows).toEqual([
        { rule_id: 'acme.codeowners', status: 'gap' },
        { rule_id: 'acme.logger', status: 'pass' },
        { rule_id: 'acme.no-print', status: 'gap' },
      ]);
    } finally {
      conn.close();
    }
  });

  it('a broken check is a config error naming the file, the line and the key (exit 2)', async () => {
    const repo = await makeGitRepo({
      ...FILES,
      '.readiness.yml':
        'checks:\n  - id: acme.x\n    title: t\n    category: docs\n    level: 2\n    severity: low\n    assert:\n      any:\n        - file_exist: CODEOWNERS\n',
    });
    const r = await runCli(['audit', repo, '--no-history']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim()).toBe(
      `readiness: invalid config ${path.join(repo, '.readiness.yml')}:9: checks[0].assert.any[0]: unknown key "file_exist" (did you mean "file_exists"?)`,
    );
  });

  it('scope: component judges a check once per component, over its folder, with repository-relative evidence', async () => {
    const findings = async (name: string) => {
      const r = await runCli(['audit', path.join(FIXTURES, '_checks', name), '--no-history', '-f', 'json']);
      expect([0, 1], r.stderr).toContain(r.exitCode);
      return (
        JSON.parse(r.stdout).findings as {
          ruleId: string;
          component?: string;
          status: string;
          evidence: { path: string }[];
        }[]
      )
        .filter((f) => f.ruleId === 'acme.owners')
        .map((f) => [f.component, f.status, f.evidence.map((e) => e.path)]);
    };
    expect(await findings('gap-scope-component')).toEqual([
      ['api', 'pass', ['services/api/OWNERS']],
      ['worker', 'gap', ['.']],
    ]);
    expect(await findings('pass-scope-component')).toEqual([
      ['api', 'pass', ['services/api/OWNERS']],
      ['worker', 'pass', ['services/worker/OWNERS']],
    ]);
  });

  it('a pattern that can backtrack catastrophically is refused before any file is read (exit 2, no hang)', async () => {
    // A line of 40 word characters and a '!' would keep /^(\w+\s?)*$/ busy for ages: the check never runs.
    const repo = await makeGitRepo({
      ...FILES,
      'app/words.txt': `${'a'.repeat(40)}!\n`,
      '.readiness.yml':
        'checks:\n  - id: acme.x\n    title: t\n    category: docs\n    level: 2\n    severity: low\n    assert:\n      content_absent: {pattern: "^(\\\\w+\\\\s?)*$", in: "app/**"}\n',
    });
    const r = await runCli(['audit', repo, '--no-history']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(
      `readiness: invalid config ${path.join(repo, '.readiness.yml')}:8: checks[0].assert.content_absent.pattern: /^(\\w+\\s?)*$/ could take exponential time`,
    );
    expect(r.stdout).toBe('');
  });
});

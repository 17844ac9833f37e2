// Every command that audits loads rule packs the way `audit` does (one loading path): `plan --fresh`, `history
// --backfill` and `claims` take --rules and skip, with the same warning, a pack only the repository's config names.
// A recorded run keeps the metadata of its own checks and pack rules, so `show` (SARIF rule descriptors) and `plan`
// describe them later without loading anything. Built CLI, the example pack, real git repositories and databases.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeGitRepo, ROOT, runCli, tempDir } from '../helpers.js';

const PACK = path.join(ROOT, 'examples', 'readiness-rules-acme');

/** A FastAPI service without a catalog entry (acme.service-owner: gap), with one check of its own (a gap too). */
const SERVICE = {
  'app/main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n',
  'requirements.txt': 'fastapi==0.115.0\n',
  'README.md': '# orders\n',
  'STATUS.md':
    '# Launch status\n\n## Done\n\n- ✅ Rate limiting on every route\n- ✅ Service owner named in the catalog\n- ✅ OpenAPI documentation\n',
};
const OWN_CHECK = `checks:
  - id: acme.codeowners
    title: CODEOWNERS names the owners
    category: docs
    level: 2
    severity: low
    docs: {why: "Changes are reviewed by the people who own the code.", fix: ["add .github/CODEOWNERS"]}
    assert: {file_exists: [".github/CODEOWNERS", "CODEOWNERS"]}
`;

function env(): Record<string, string> {
  return { XDG_CONFIG_HOME: tempDir('readiness-xdg-'), READINESS_TRUST: '' };
}

interface SarifRule {
  id: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string };
  properties: { category: string };
}

describe('rule packs in plan, history --backfill and claims (built CLI)', () => {
  it('history --backfill --rules judges every commit with the pack; show of a run describes its pack rules and own checks', async () => {
    const repo = await makeGitRepo({ ...SERVICE, '.readiness.yml': OWN_CHECK });
    const db = path.join(tempDir('readiness-db-'), 'h.db');
    const e = env();
    const bad = await runCli(['history', repo, '--rules', PACK, '--db', db], { env: e });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--rules goes with --backfill');

    const r = await runCli(['history', repo, '--backfill', 'main', '--rules', PACK, '--db', db, '--json'], { env: e });
    expect(r.stderr).toMatch(/backfill: audited 1 commit /);
    expect(r.exitCode).toBe(0);
    const runId = (JSON.parse(r.stdout) as { runs: { id: number }[] }).runs[0]!.id;

    // The same commit without the pack is a different audit: it is not skipped as already recorded.
    const again = await runCli(['history', repo, '--backfill', 'main', '--db', db], { env: e });
    expect(again.stderr).toMatch(/backfill: audited 1 commit /);

    const json = await runCli(['show', String(runId), '-f', 'json', '--db', db], { env: e });
    const finding = (JSON.parse(json.stdout).findings as { ruleId: string; status: string }[]).find(
      (f) => f.ruleId === 'acme.service-owner',
    );
    expect(finding).toMatchObject({ status: 'gap' });

    const sarif = await runCli(['show', String(runId), '-f', 'sarif', '--db', db], { env: e });
    expect(sarif.exitCode).toBe(0);
    const rules = JSON.parse(sarif.stdout).runs[0].tool.driver.rules as SarifRule[];
    const owner = rules.find((x) => x.id === 'acme.service-owner')!;
    expect(owner.shortDescription.text).toBe('The service names its owning team in catalog-info.yaml');
    expect(owner.fullDescription.text).toMatch(/^On-call and reviews go to the team the catalog names/);
    expect(owner.help.text).toContain('Reads catalog-info.yaml at the root and looks for spec.owner.');
    expect(owner.properties.category).toBe('docs');
    const own = rules.find((x) => x.id === 'acme.codeowners')!;
    expect(own.fullDescription.text).toBe('Changes are reviewed by the people who own the code.');
    expect(own.help.text).toContain('add .github/CODEOWNERS');
  });

  it("plan --fresh --rules plans the pack's gaps with its docs; a pack only the config names is skipped with the warning", async () => {
    const repo = await makeGitRepo({ ...SERVICE, '.readiness.yml': `plugins: [${PACK}]\n` });
    const db = path.join(tempDir('readiness-db-'), 'h.db');
    const e = env();
    const skipped = await runCli(
      ['plan', repo, '--yes', '--fresh', '--target-level', '2', '--format', 'json', '--db', db],
      { env: e },
    );
    expect(skipped.exitCode).toBe(0);
    expect(skipped.stderr).toContain(
      `rule pack ${PACK} named by ${path.join(repo, '.readiness.yml')} (plugins:) was not loaded`,
    );
    expect(skipped.stdout).not.toContain('acme.service-owner');

    const r = await runCli(
      ['plan', repo, '--yes', '--rules', PACK, '--target-level', '2', '--format', 'json', '--db', db],
      {
        env: e,
      },
    );
    expect(r.exitCode).toBe(0);
    expect(r.stderr).not.toMatch(/not loaded|Using audit run/);
    const plan = JSON.parse(r.stdout) as { items: { ruleId?: string }[] };
    expect(plan.items.map((i) => i.ruleId)).toContain('acme.service-owner');
    expect(r.stdout).toContain('On-call and reviews go to the team the catalog names');
  });

  it('claims --rules judges a claim against the pack rule its phrases name; without it the pack is skipped', async () => {
    const repo = await makeGitRepo({ ...SERVICE, '.readiness.yml': `plugins: [${PACK}]\n` });
    const e = env();
    const skipped = await runCli(['claims', repo, '-f', 'json'], { env: e });
    expect(skipped.exitCode).toBe(0);
    expect(skipped.stderr).toMatch(/rule pack .* \(plugins:\) was not loaded/);
    const r = await runCli(['claims', repo, '-f', 'json', '--rules', PACK], { env: e });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).not.toMatch(/not loaded/);
    const claims = JSON.parse(r.stdout).claims as { line: number; checks: string[]; verdict: string }[];
    expect(claims.find((c) => c.line === 6)).toMatchObject({ checks: ['acme.service-owner'], verdict: 'refuted' });
    expect(
      JSON.parse(skipped.stdout).claims.some((c: { checks: string[] }) => c.checks.includes('acme.service-owner')),
    ).toBe(false);
  });
});

describe('a run recorded before readiness kept its rules', () => {
  it('show -f sarif still describes its custom checks from the findings (title, category)', async () => {
    const repo = await makeGitRepo({ ...SERVICE, '.readiness.yml': OWN_CHECK });
    const db = path.join(tempDir('readiness-db-'), 'h.db');
    const a = await runCli(['audit', repo, '--db', db, '-f', 'json'], { env: env() });
    const runId = JSON.parse(a.stdout).runId as number;
    const Database = (await import('better-sqlite3')).default;
    const conn = new Database(db);
    conn.prepare('UPDATE runs SET rules_json = NULL').run();
    conn.close();
    const sarif = await runCli(['show', String(runId), '-f', 'sarif', '--db', db]);
    const rule = (JSON.parse(sarif.stdout).runs[0].tool.driver.rules as SarifRule[]).find(
      (x) => x.id === 'acme.codeowners',
    )!;
    expect(rule.shortDescription.text).toBe('CODEOWNERS names the owners');
    expect(rule.properties.category).toBe('docs');
    expect(fs.existsSync(db)).toBe(true);
  });
});

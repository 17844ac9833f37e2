// How a config names rule packs (built CLI, real files): `plugins:` of a profile resolve beside the profile; rule ids a
// pack that is not loaded may own are reported, not passed silently; `readiness rules` still lists the rules when the
// config of the current directory is broken, unless the config was named with -c.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeGitRepo, ROOT, runCli, tempDir, writeFiles } from '../helpers.js';

const PACK = path.join(ROOT, 'examples', 'readiness-rules-acme');
const SERVICE = {
  'app/main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n',
  'requirements.txt': 'fastapi==0.115.0\n',
  'README.md': '# orders\n',
};

function env(): Record<string, string> {
  return { XDG_CONFIG_HOME: tempDir('readiness-xdg-'), READINESS_TRUST: '' };
}

describe('plugins: named by a profile (built CLI)', () => {
  it('resolve relative to the profile, and are trusted and loaded from there', async () => {
    // The profile lives in a sub-folder with the pack beside it; the repository's config names neither path.
    const repo = await makeGitRepo({
      ...SERVICE,
      '.readiness.yml': 'extends: ./platform/readiness-base.yml\n',
      'platform/readiness-base.yml': 'plugins: [./rules]\n',
    });
    fs.cpSync(PACK, path.join(repo, 'platform', 'rules'), { recursive: true });
    const e = env();
    const skipped = await runCli(['audit', repo, '--no-history', '-f', 'json'], { env: e });
    expect(skipped.stderr).toContain(
      `rule pack ./rules named by ${path.join(repo, 'platform', 'readiness-base.yml')} (plugins:) was not loaded`,
    );
    expect(skipped.stderr).toContain(`--rules ${path.join(repo, 'platform', 'rules')}`);

    const trusted = await runCli(['audit', repo, '--no-history', '-f', 'json'], {
      env: { ...e, READINESS_TRUST: path.join(repo, 'platform', 'rules') },
    });
    expect(trusted.stderr).not.toMatch(/not loaded|no such file/);
    const ids = (JSON.parse(trusted.stdout).findings as { ruleId: string }[]).map((f) => f.ruleId);
    expect(ids).toContain('acme.service-owner');
  });

  it('the config and its profile both name packs: both are asked for (plugins accumulate)', async () => {
    const repo = await makeGitRepo({
      ...SERVICE,
      '.readiness.yml': 'extends: ./platform/base.yml\nplugins: [./tools/other]\n',
      'platform/base.yml': 'plugins: [./rules]\n',
    });
    const r = await runCli(['audit', repo, '--no-history', '-f', 'json'], { env: env() });
    expect(r.stderr).toContain('rule pack ./rules named by');
    expect(r.stderr).toContain('rule pack ./tools/other named by');
  });
});

describe('rule ids of a pack that is not loaded (built CLI)', () => {
  it('are reported with file, line and a suggestion, and the audit goes on', async () => {
    const repo = await makeGitRepo({
      ...SERVICE,
      '.readiness.yml': [
        'plugins: [readiness-rules-acme]',
        'checks:',
        '  - id: acme.codeowners',
        '    title: CODEOWNERS',
        '    category: docs',
        '    level: 2',
        '    severity: low',
        '    assert: {file_exists: CODEOWNERS}',
        'rules:',
        '  acme.codeowner: {severity: high}',
        '  acme.service-owner: {severity: high}',
        'waivers:',
        '  - rule: acme.eol-base-image',
        '    reason: migrating',
        "    expires: '2099-01-01'",
        '',
      ].join('\n'),
    });
    const r = await runCli(['audit', repo, '--no-history', '-f', 'json'], { env: env() });
    expect([0, 1]).toContain(r.exitCode);
    const file = path.join(repo, '.readiness.yml');
    expect(r.stderr).toContain(
      `${file}:10: rules.acme.codeowner: "acme.codeowner" is no rule readiness knows (did you mean "acme.codeowners"?); it is taken for a rule of a pack named under plugins: that was not loaded`,
    );
    expect(r.stderr).toContain(`${file}:11: rules.acme.service-owner: "acme.service-owner" is no rule`);
    expect(r.stderr).toContain(`${file}:13: waivers[0].rule: "acme.eol-base-image" is no rule`);
    // A known id is not reported; a typo in readiness's own namespaces is still an error.
    expect(r.stderr).not.toContain('"acme.codeowners" is no rule');
    expect(JSON.parse(r.stdout).findings.length).toBeGreaterThan(10);

    fs.appendFileSync(file, "  - rule: api.helth\n    reason: x\n    expires: '2099-01-01'\n");
    const typo = await runCli(['audit', repo, '--no-history'], { env: env() });
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toMatch(/unknown rule id "api\.helth" \(did you mean "api\.health"\?\)/);
  });

  it('with the pack loaded, its ids are known and nothing is reported', async () => {
    const repo = await makeGitRepo({
      ...SERVICE,
      '.readiness.yml': 'plugins: [readiness-rules-acme]\nrules:\n  acme.service-owner: {severity: high}\n',
    });
    const r = await runCli(['audit', repo, '--no-history', '-f', 'json', '--rules', PACK], { env: env() });
    expect(r.stderr).not.toMatch(/is no rule readiness knows/);
    const f = (JSON.parse(r.stdout).findings as { ruleId: string; severity: string }[]).find(
      (x) => x.ruleId === 'acme.service-owner',
    );
    expect(f?.severity).toBe('high');
  });
});

describe('readiness rules with a broken config (built CLI)', () => {
  it('in the current directory: lists the rules with a warning naming the error', async () => {
    const dir = tempDir('readiness-broken-');
    writeFiles(dir, { '.readiness.yml': 'minScore: [\n' });
    const r = await runCli(['rules', '--json'], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /warning: invalid YAML in .*\.readiness\.yml.*; listing the rules without that config's checks/,
    );
    const ids = (JSON.parse(r.stdout) as { id: string }[]).map((x) => x.id);
    expect(ids).toContain('api.health');
    const page = await runCli(['rules', 'api.health'], { cwd: dir });
    expect(page.exitCode).toBe(0);
    expect(page.stdout).toContain('api.health');
  });

  it('an invalid config: the same (an unknown key)', async () => {
    const dir = tempDir('readiness-broken-');
    writeFiles(dir, { '.readiness.yml': 'minScroe: 50\n' });
    const r = await runCli(['rules'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(
      /warning: invalid config .*\.readiness\.yml:1: .*"minScroe" \(did you mean "minScore"\?\)/,
    );
    expect(r.stdout).toMatch(/api\.health/);
  });

  it('named with -c: an error, exit 2', async () => {
    const dir = tempDir('readiness-broken-');
    writeFiles(dir, { 'custom.yml': 'minScore: [\n' });
    const r = await runCli(['rules', '-c', path.join(dir, 'custom.yml')], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/invalid YAML in .*custom\.yml/);
    expect(r.stdout).toBe('');
  });
});

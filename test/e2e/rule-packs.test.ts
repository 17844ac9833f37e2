// Rule packs run code, so the audited repository can never make readiness load one: a pack named only by the
// repository's config (`plugins:`) leaves its marker file unwritten, while the user's --rules, user config `trust:` or
// READINESS_TRUST load it (built CLI). Also: `rules test` on the example pack, `rules` listing custom checks and packs
// with their source, and hostile configs (profiles outside the repository, huge or looping ones).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeGitRepo, ROOT, runCli, tempDir, writeFiles } from '../helpers.js';

/** A pack whose import writes `marker`; its one rule always reports a gap. */
function packFiles(marker: string): Record<string, string> {
  return {
    'pack/package.json': '{ "name": "readiness-rules-marker", "type": "module", "main": "index.js" }\n',
    'pack/index.js': `import fs from 'node:fs';
import { defineRule } from 'readiness-audit/sdk';

fs.writeFileSync(${JSON.stringify(marker)}, 'the pack ran');

export default {
  rules: [
    defineRule({
      meta: {
        id: 'marker.ran',
        category: 'compliance',
        title: 'The marker pack ran',
        severity: 'low',
        level: 3,
        docs: { why: 'to prove it ran', fix: ['nothing'] },
        messages: { ran: 'the pack ran here' },
      },
      check(ctx) {
        return ctx.gap('ran', [ctx.missing(['.'], 'always')]);
      },
    }),
  ],
};
`,
  };
}

const SERVICE = {
  'app/main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n',
  'requirements.txt': 'fastapi==0.115.0\n',
  'README.md': '# orders\n',
};

async function hostileRepo(config: string) {
  const markers = tempDir('readiness-pack-marker-');
  const marker = path.join(markers, 'ran');
  const repo = await makeGitRepo({ ...SERVICE, ...packFiles(marker), '.readiness.yml': config });
  // The user's own config lives elsewhere: empty unless a test writes it.
  const xdg = tempDir('readiness-xdg-');
  return { repo, marker, xdg, env: { XDG_CONFIG_HOME: xdg, READINESS_TRUST: '' } };
}

describe('rule packs: the trust boundary (built CLI)', () => {
  it('a pack named only by the audited repository is not loaded: its code never runs, the audit goes on', async () => {
    const h = await hostileRepo('plugins: [./pack]\nrules:\n  marker.ran: {severity: high}\n');
    const r = await runCli(['audit', h.repo, '--no-history', '-f', 'json'], { env: h.env });
    expect([0, 1]).toContain(r.exitCode);
    expect(fs.existsSync(h.marker)).toBe(false);
    expect(r.stderr).toContain(
      `rule pack ./pack named by ${path.join(h.repo, '.readiness.yml')} (plugins:) was not loaded`,
    );
    expect(r.stderr).toContain(`--rules ${path.join(h.repo, 'pack')}`);
    expect(r.stderr).toContain(path.join(h.xdg, 'readiness', 'config.yml'));
    const findings = JSON.parse(r.stdout).findings as { ruleId: string }[];
    expect(findings.length).toBeGreaterThan(10);
    expect(findings.some((f) => f.ruleId === 'marker.ran')).toBe(false);
    // `readiness rules` in that repository does not load it either.
    const list = await runCli(['rules', '-C', h.repo, '--json'], { env: h.env });
    expect(list.exitCode).toBe(0);
    expect(fs.existsSync(h.marker)).toBe(false);
  });

  it('--rules loads it: its code runs and its rule is judged, scored and overridden like a built-in', async () => {
    const h = await hostileRepo('plugins: [./pack]\nrules:\n  marker.ran: {severity: high}\n');
    const r = await runCli(['audit', h.repo, '--no-history', '-f', 'json', '--rules', path.join(h.repo, 'pack')], {
      env: h.env,
    });
    expect(r.stderr).not.toMatch(/not loaded|internal error/);
    expect(fs.existsSync(h.marker)).toBe(true);
    const f = (JSON.parse(r.stdout).findings as { ruleId: string }[]).find((x) => x.ruleId === 'marker.ran');
    expect(f).toMatchObject({ status: 'gap', severity: 'high', category: 'compliance', message: 'the pack ran here' });
  });

  it('trust: in the user config and READINESS_TRUST let the repository config load the packs they name', async () => {
    const a = await hostileRepo('plugins: [./pack]\n');
    writeFiles(a.xdg, { 'readiness/config.yml': `trust:\n  - ${path.join(a.repo, 'pack')}\n` });
    const r1 = await runCli(['audit', a.repo, '--no-history', '-f', 'json'], { env: a.env });
    expect(r1.stderr).not.toMatch(/not loaded/);
    expect(fs.existsSync(a.marker)).toBe(true);

    const b = await hostileRepo('plugins: [./pack]\n');
    const r2 = await runCli(['audit', b.repo, '--no-history', '-f', 'json'], {
      env: { ...b.env, READINESS_TRUST: path.join(b.repo, 'pack') },
    });
    expect(r2.stderr).not.toMatch(/not loaded/);
    expect(fs.existsSync(b.marker)).toBe(true);
  });

  it('a pack outside the repository named by its config is not loaded either', async () => {
    const markers = tempDir('readiness-pack-marker-');
    const marker = path.join(markers, 'ran');
    const outside = tempDir('readiness-outside-pack-');
    writeFiles(outside, packFiles(marker));
    const repo = await makeGitRepo({ ...SERVICE, '.readiness.yml': `plugins: [${path.join(outside, 'pack')}]\n` });
    const xdg = tempDir('readiness-xdg-');
    const r = await runCli(['audit', repo, '--no-history', '-f', 'json'], { env: { XDG_CONFIG_HOME: xdg } });
    expect([0, 1]).toContain(r.exitCode);
    expect(r.stderr).toMatch(/was not loaded/);
    expect(fs.existsSync(marker)).toBe(false);
  });
});

describe('hostile configs: extends outside the repository, huge and looping profiles (built CLI)', () => {
  for (const [name, files, error] of [
    [
      'extends outside the repository',
      (outside: string) => ({ '.readiness.yml': `extends: ${path.join(outside, 'org.yml')}\n` }),
      /outside the audited repository/,
    ],
    [
      'extends through a symlink out of the repository',
      () => ({ '.readiness.yml': 'extends: ./ci/org.yml\n' }),
      /outside the audited repository/,
    ],
    [
      'a huge profile',
      () => ({ '.readiness.yml': 'extends: ./big.yml\n', 'big.yml': `minScore: 1\n#${'x'.repeat(2 * 1024 * 1024)}\n` }),
      /big\.yml is \d+ bytes, more than the 262144/,
    ],
    [
      'profiles that extend each other',
      () => ({ '.readiness.yml': 'extends: ./a.yml\n', 'a.yml': 'extends: ./b.yml\n', 'b.yml': 'extends: ./a.yml\n' }),
      /extends cycle: \.readiness\.yml → a\.yml → b\.yml → a\.yml/,
    ],
    ['a config that extends itself', () => ({ '.readiness.yml': 'extends: ./.readiness.yml\n' }), /extends cycle/],
    [
      'an alias bomb',
      () => ({
        '.readiness.yml': `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n`,
      }),
      /invalid YAML in .*alias/i,
    ],
  ] as [string, (outside: string) => Record<string, string>, RegExp][])
    it(`${name}: exit 2 with a clear error, nothing outside read into the report`, async () => {
      const outside = tempDir('readiness-outside-');
      writeFiles(outside, { 'org.yml': 'minScore: 99\nchecks: []\n' });
      const repo = await makeGitRepo({ ...SERVICE, ...files(outside) });
      if (name.includes('symlink')) {
        fs.mkdirSync(path.join(repo, 'ci'));
        fs.symlinkSync(path.join(outside, 'org.yml'), path.join(repo, 'ci', 'org.yml'));
      }
      const r = await runCli(['audit', repo, '--no-history', '-f', 'json']);
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr).toMatch(error);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(r.stdout).toBe('');
    });
});

describe('readiness rules: custom checks and packs with their source (built CLI)', () => {
  it('rules test runs the example pack fixtures with the built-in driver', async () => {
    const r = await runCli(['rules', 'test', path.join(ROOT, 'examples', 'readiness-rules-acme'), '--json']);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(true);
    expect(out.cases.map((c: { rule: string; case: string }) => `${c.rule} ${c.case}`)).toEqual(
      expect.arrayContaining(['acme.service-owner pass-owner', 'acme.eol-base-image gap-python38']),
    );
  });

  it('rules test fails on a case whose verdict is wrong, a missing case kind and an unproduced message', async () => {
    const dir = tempDir('readiness-pack-');
    fs.cpSync(path.join(ROOT, 'examples', 'readiness-rules-acme'), dir, { recursive: true });
    fs.rmSync(path.join(dir, 'fixtures/acme.service-owner/gap-no-owner'), { recursive: true });
    fs.renameSync(
      path.join(dir, 'fixtures/acme.service-owner/gap-no-catalog'),
      path.join(dir, 'fixtures/acme.service-owner/pass-no-catalog'),
    );
    fs.rmSync(path.join(dir, 'fixtures/acme.eol-base-image/pass-supported'), { recursive: true });
    const r = await runCli(['rules', 'test', dir]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/✗ acme\.service-owner pass-no-catalog\n\s+expected pass, got gap/);
    expect(r.stdout).toMatch(/✗ acme\.service-owner: message "noOwner" is produced by no case/);
    expect(r.stdout).toMatch(/✗ acme\.eol-base-image: no pass- case/);
  });

  it('rules lists the config checks, profile checks and pack rules, each with its source', async () => {
    const repo = await makeGitRepo({
      ...SERVICE,
      'org.yml':
        'checks:\n  - id: org.license\n    title: A license\n    category: docs\n    level: 1\n    severity: low\n    assert: {file_exists: LICENSE}\n',
      '.readiness.yml':
        'extends: ./org.yml\nchecks:\n  - id: acme.owners\n    title: Owners\n    category: compliance\n    level: 2\n    severity: low\n    assert: {file_exists: CODEOWNERS}\n',
    });
    const pack = path.join(ROOT, 'examples', 'readiness-rules-acme');
    const r = await runCli(['rules', '-C', repo, '--json', '--rules', pack]);
    expect(r.exitCode, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as { id: string; source: { kind: string; name?: string } }[];
    const src = (id: string) => list.find((x) => x.id === id)?.source;
    expect(src('api.health')).toEqual({ kind: 'built-in' });
    expect(src('acme.owners')).toEqual({ kind: 'config', name: path.join(repo, '.readiness.yml') });
    expect(src('org.license')).toEqual({ kind: 'profile', name: path.join(repo, 'org.yml') });
    expect(src('acme.service-owner')).toEqual({ kind: 'pack', name: pack });
    const page = await runCli(['rules', 'org.license', '-C', repo]);
    expect(page.stdout).toContain(`Source: profile ${path.join(repo, 'org.yml')}`);
    expect(page.stdout).toContain('Passes when a file matches "LICENSE"');
  });
});

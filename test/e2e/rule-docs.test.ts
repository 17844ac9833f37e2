// Rule documentation: pages generated from rule metadata, `readiness rules <id>`, links from findings, rule options.
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { builtInRules } from '../../src/pipeline/registry.js';
import { exampleFromCase, ruleDocMarkdown, ruleDocsUrl } from '../../src/report/rule-docs.js';
import { TOOL_VERSION } from '../../src/version.js';
import { REPOS, ROOT, runCli, tempDir, writeFiles } from '../helpers.js';

const GEN = path.join(ROOT, 'scripts', 'gen-rule-docs.mjs');
const meta = (id: string) => builtInRules.find((r) => r.meta.id === id)!.meta;

describe('rule pages', () => {
  it('a page says what passes, why, how to fix, every message and every option with its default', () => {
    const page = ruleDocMarkdown({
      meta: meta('test.coverage'),
      policy: 'Coverage is measured.',
      examples: [exampleFromCase('pass-jest-collect-coverage')!, exampleFromCase('gap-no-coverage')!],
    });
    expect(page).toMatch(/^# test\.coverage: Test coverage is measured\n/);
    expect(page).toContain('## When it passes\n\nCoverage is measured.');
    for (const id of Object.keys(meta('test.coverage').messages)) expect(page).toContain(`| \`${id}\` |`);
    expect(page).toMatch(/\| `minimum` \| number \(0–100\) \| `60` \| Lowest line coverage/);
    expect(page).toContain('- Passes: jest collect coverage.');
    expect(page).toContain('- Reported as a gap: no coverage.');
  });

  it('a rule without options says so, and fixture folders become examples by their verdict', () => {
    expect(ruleDocMarkdown({ meta: meta('api.cors') })).toContain('## Options\n\nNone.');
    expect(exampleFromCase('na-cli')).toEqual({ status: 'n/a', name: 'cli' });
    expect(exampleFromCase('gap-cors-declared-unused')).toEqual({ status: 'gap', name: 'cors declared unused' });
    expect(exampleFromCase('README.md')).toBeUndefined();
  });

  it('the generator writes one page per built-in rule and --check names a stale, missing or left-over page', async () => {
    const dir = tempDir('readiness-rule-docs-');
    try {
      const write = await execa(process.execPath, [GEN, '--dir', dir], { reject: false });
      expect(write.exitCode).toBe(0);
      const pages = fs.readdirSync(dir).sort();
      expect(pages).toEqual(['README.md', ...builtInRules.map((r) => `${r.meta.id}.md`)].sort());
      expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain('[api.cors](api.cors.md)');
      expect((await execa(process.execPath, [GEN, '--check', '--dir', dir], { reject: false })).exitCode).toBe(0);

      fs.appendFileSync(path.join(dir, 'api.cors.md'), 'hand edit\n');
      fs.rmSync(path.join(dir, 'api.health.md'));
      fs.writeFileSync(path.join(dir, 'api.gone.md'), '# gone\n');
      const stale = await execa(process.execPath, [GEN, '--check', '--dir', dir], { reject: false });
      expect(stale.exitCode).toBe(1);
      expect(stale.stderr).toContain('stale: api.cors.md');
      expect(stale.stderr).toContain('missing: api.health.md');
      expect(stale.stderr).toContain('left over (no such rule): api.gone.md');
      expect(stale.stderr).toContain('npm run docs:rules');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('docs/rules', () => {
  it('is what the generator writes from the rules today (run `npm run docs:rules` after changing a rule)', async () => {
    const r = await execa(process.execPath, [GEN, '--check'], { reject: false });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
  });
});

describe('readiness rules <id>', () => {
  it("prints the rule's page and where it is published", async () => {
    const r = await runCli(['rules', 'test.coverage']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('# test.coverage: Test coverage is measured');
    expect(r.stdout).toContain('| `minimum` |');
    expect(r.stdout).toContain(`Online: ${ruleDocsUrl('test.coverage')}`);
  });

  it('an unknown id is an error that suggests the nearest one', async () => {
    const r = await runCli(['rules', 'api.corss']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('unknown rule "api.corss" (did you mean "api.cors"?)');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('--json gives the options as JSON Schema', async () => {
    const r = await runCli(['rules', 'test.coverage', '--json']);
    const json = JSON.parse(r.stdout) as { options: { properties: { minimum: { default: number } } } };
    expect(json.options.properties.minimum.default).toBe(60);
  });
});

describe('findings link to their rule page', () => {
  it('in JSON, SARIF and markdown, pinned to the version that judged them', async () => {
    const repo = path.join(REPOS, 'fastapi-bare');
    const url = `https://unpkg.com/readiness-audit@${TOOL_VERSION}/docs/rules/api.health.md`;
    const json = JSON.parse((await runCli(['audit', repo, '--format', 'json', '--no-history'])).stdout) as {
      findings: { ruleId: string; docsUrl?: string }[];
    };
    expect(json.findings.find((f) => f.ruleId === 'api.health')?.docsUrl).toBe(url);
    expect(json.findings.every((f) => f.docsUrl === ruleDocsUrl(f.ruleId))).toBe(true);
    const sarif = JSON.parse((await runCli(['audit', repo, '--format', 'sarif', '--no-history'])).stdout) as {
      runs: { tool: { driver: { rules: { id: string; helpUri?: string }[] } } }[];
    };
    expect(sarif.runs[0]!.tool.driver.rules.find((r) => r.id === 'api.health')?.helpUri).toBe(url);
    const md = (await runCli(['audit', repo, '--format', 'markdown', '--no-history'])).stdout;
    expect(md).toContain(`[\`api.health\`](${url})`);
  });
});

describe('rule options are validated like the rest of the config', () => {
  const ids = builtInRules.map((r) => r.meta.id);
  const schemas = Object.fromEntries(builtInRules.map((r) => [r.meta.id, r.meta.options ?? null]));
  function load(yaml: string) {
    const dir = tempDir();
    try {
      fs.writeFileSync(path.join(dir, '.readiness.yml'), yaml);
      return loadConfig(dir, undefined, ids, schemas);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it('accepts a known option', () => {
    const c = load('rules:\n  test.coverage:\n    options:\n      minimum: 80\n').config;
    expect(c.rules?.['test.coverage']).toEqual({ options: { minimum: 80 } });
  });

  it('a misspelt option is an error that names the known ones', () => {
    expect(() => load('rules:\n  test.coverage:\n    options:\n      minimun: 80\n')).toThrow(
      /rules\.test\.coverage\.options: unknown option "minimun" \(did you mean "minimum"\?\) \(known: minimum\)/,
    );
  });

  it('a value of the wrong type or out of range is an error at its key', () => {
    expect(() => load('rules:\n  test.coverage:\n    options:\n      minimum: high\n')).toThrow(
      /rules\.test\.coverage\.options\.minimum: .*number/,
    );
    expect(() => load('rules:\n  test.coverage:\n    options:\n      minimum: 120\n')).toThrow(
      /rules\.test\.coverage\.options\.minimum/,
    );
  });

  it('options for a rule that takes none are an error', () => {
    expect(() => load('rules:\n  api.cors:\n    options:\n      strict: true\n')).toThrow(
      /rules\.api\.cors\.options: api\.cors takes no options/,
    );
  });

  it('the option reaches the rule: a report at 70% passes the default minimum and fails a minimum of 80', async () => {
    const dir = tempDir('readiness-options-');
    try {
      writeFiles(dir, {
        'pyproject.toml': '[project]\nname = "svc"\nversion = "1.0.0"\ndependencies = ["fastapi"]\n',
        'app/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
        'tests/test_main.py': 'def test_ok():\n    assert True\n',
        'coverage.xml':
          '<?xml version="1.0" ?>\n<coverage line-rate="0.70" branch-rate="0" version="7.4"></coverage>\n',
      });
      const verdict = async (extra: string[]) => {
        const out = await runCli(['audit', dir, '--format', 'json', '--no-history', ...extra]);
        const f = (JSON.parse(out.stdout) as { findings: { ruleId: string; status: string; message: string }[] })
          .findings;
        return f.find((x) => x.ruleId === 'test.coverage')!;
      };
      expect((await verdict([])).status).toBe('pass');
      fs.writeFileSync(path.join(dir, '.readiness.yml'), 'rules:\n  test.coverage:\n    options:\n      minimum: 80\n');
      const strict = await verdict([]);
      expect(strict.status).toBe('gap');
      expect(strict.message).toContain('below the 80% minimum');
      fs.writeFileSync(path.join(dir, '.readiness.yml'), 'rules:\n  test.coverage:\n    options:\n      minimun: 80\n');
      const bad = await runCli(['audit', dir, '--no-history']);
      expect(bad.exitCode).toBe(2);
      expect(bad.stderr).toContain('did you mean "minimum"');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

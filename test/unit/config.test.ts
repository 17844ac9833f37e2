import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { configTemplate } from '../../src/commands/init.js';
import { tempDir } from '../helpers.js';

const IDS = ['container.dockerfile', 'security.secrets', 'api.health'];

function load(yaml: string) {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, '.readiness.yml'), yaml);
  return loadConfig(dir, undefined, IDS);
}

describe('config: gates and waivers', () => {
  it('accepts thresholds, failOn, minLevel and waivers', () => {
    const c = load(
      'minLevel: production\nthresholds:\n  security: 80\nfailOn: [critical, high]\nwaivers:\n  - rule: container.dockerfile\n    reason: managed platform\n    expires: 2026-12-31\n    paths: ["deploy/**"]\n',
    ).config;
    expect(c.thresholds).toEqual({ security: 80 });
    expect(c.failOn).toEqual(['critical', 'high']);
    expect(c.minLevel).toBe('production');
    expect(c.waivers).toEqual([
      { rule: 'container.dockerfile', reason: 'managed platform', expires: '2026-12-31', paths: ['deploy/**'] },
    ]);
  });

  it('a waiver needs a non-empty reason', () => {
    expect(() => load('waivers:\n  - rule: container.dockerfile\n    expires: 2026-12-31\n')).toThrow(
      /waivers\[0\]\.reason/,
    );
    expect(() => load('waivers:\n  - rule: container.dockerfile\n    reason: "  "\n    expires: 2026-12-31\n')).toThrow(
      /non-empty reason/,
    );
  });

  it('expires must be a real ISO date', () => {
    expect(() => load('waivers:\n  - rule: container.dockerfile\n    reason: r\n    expires: 31/12/2026\n')).toThrow(
      /waivers\[0\]\.expires: expected an ISO date/,
    );
    expect(() => load('waivers:\n  - rule: container.dockerfile\n    reason: r\n    expires: 2026-02-30\n')).toThrow(
      /calendar date/,
    );
    expect(() => load('waivers:\n  - rule: container.dockerfile\n    reason: r\n')).toThrow(/waivers\[0\]\.expires/);
  });

  it('unknown names suggest the nearest: waiver rule ids, categories, severities, levels, keys', () => {
    expect(() => load('waivers:\n  - rule: container.dockerfil\n    reason: r\n    expires: 2026-12-31\n')).toThrow(
      /waivers\[0\]\.rule: unknown rule id "container.dockerfil" \(did you mean "container.dockerfile"\?\)/,
    );
    expect(() => load('thresholds:\n  securty: 80\n')).toThrow(
      /thresholds\.securty: unknown category \(did you mean "security"\?\)/,
    );
    expect(() => load('failOn: [critcal]\n')).toThrow(
      /failOn\[0\]: unknown severity "critcal" \(did you mean "critical"\?\)/,
    );
    expect(() => load('minLevel: prodution\n')).toThrow(
      /minLevel: unknown level "prodution" \(did you mean "production"\?\)/,
    );
    expect(() => load('thresold:\n  security: 80\n')).toThrow(/did you mean "thresholds"/);
    expect(() =>
      load('waivers:\n  - rule: container.dockerfile\n    reason: r\n    expires: 2026-12-31\n    path: [x]\n'),
    ).toThrow(/did you mean "paths"/);
    expect(() => load('thresholds:\n  security: 180\n')).toThrow(/thresholds\.security/);
    expect(() => load('minLevel: 4\n')).toThrow(/minLevel/);
  });

  it('the template written by `readiness init` is a valid config', () => {
    const c = load(configTemplate(75)).config;
    expect(c).toEqual({ minScore: 75 });
    // …and so is every commented example once uncommented.
    const uncommented = configTemplate(75)
      .split('\n')
      .map((l) =>
        /^# ( {0,4})[a-zA-Z-]/.test(l) &&
        !/^# [A-Z]/.test(l) &&
        !/^# (Exit|Accepted|Globs|Per-rule|expires|readiness|Validated|observability)/.test(l)
          ? l.slice(2)
          : l,
      )
      .join('\n')
      .replace('deploy.k8s: off', 'security.secrets: off')
      .replace('api.docs:', 'api.health:')
      // The profiles it names are examples: no such files here.
      .replace(/^extends:\n(?: {2}- .*\n)+/m, '');
    const full = load(uncommented).config;
    expect(full.checks?.map((x) => x.id)).toEqual(['acme.codeowners']);
    expect(full.plugins).toEqual(['readiness-rules-acme']);
    expect(full.minLevel).toBe('deployable');
    expect(full.thresholds).toEqual({ security: 80 });
    expect(full.failOn).toEqual(['critical']);
    expect(full.waivers?.[0]?.rule).toBe('container.dockerfile');
    expect(full.ignore).toEqual(['legacy/**']);
    expect(full.rules).toEqual({ 'security.secrets': 'off', 'api.health': { severity: 'high' } });
    expect(full.components).toEqual({ 'services/api': { name: 'api', target: 'kubernetes' } });
  });

  it('the template lists the components of a repository with several, commented out, each valid once uncommented', () => {
    const text = configTemplate(60, [
      {
        id: 'api',
        path: 'services/api',
        target: 'kubernetes',
        deployed: true,
        why: 'deployed: Kubernetes Deployment/api',
      },
      { id: 'demo', path: 'examples/demo', target: 'unknown', deployed: false, why: 'only present: under examples/' },
    ]);
    expect(load(text).config).toEqual({ minScore: 60 });
    expect(text).toContain('# This repository has 2 components (1 deployed, 1 only present):');
    expect(text).toContain('#   api:                         # services/api — deployed: Kubernetes Deployment/api\n');
    const lines = text.split('\n');
    const from = lines.indexOf('# components:');
    const uncommented = lines.map((l, i) => (i >= from && l.startsWith('# ') ? l.slice(2) : l)).join('\n');
    expect(load(uncommented).config.components).toEqual({
      api: { deployed: true, target: 'kubernetes' },
      demo: { deployed: false },
    });
  });
});

describe('config: custom checks', () => {
  const check = (extra = '', id = 'acme.codeowners') =>
    `  - id: ${id}\n    title: CODEOWNERS names owners\n    category: docs\n    level: 2\n    severity: low\n    assert: {file_exists: CODEOWNERS}\n${extra}`;
  const loadNs = (yaml: string) => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '.readiness.yml'), yaml);
    return loadConfig(dir, undefined, IDS, {}, ['container', 'security', 'api']);
  };

  it('accepts a check; rules and waivers may name it and thresholds its new category', () => {
    const c = loadNs(
      `checks:\n${check('', 'acme.owners').replace('category: docs', 'category: compliance')}rules:\n  acme.owners: {severity: high}\nthresholds:\n  compliance: 70\nwaivers:\n  - rule: acme.owners\n    reason: team forming\n    expires: 2099-01-01\n`,
    );
    expect(c.config.checks?.[0]?.id).toBe('acme.owners');
    expect(c.checkSources['acme.owners']?.kind).toBe('config');
  });

  it('refuses a built-in id, a built-in namespace and a duplicate id, naming the line', () => {
    expect(() => loadNs(`checks:\n${check('', 'api.health')}`)).toThrow(
      /\.readiness\.yml:2: checks\[0\]\.id: "api\.health" is a built-in rule/,
    );
    expect(() => loadNs(`checks:\n${check('', 'security.owners')}`)).toThrow(
      /:2: checks\[0\]\.id: the namespace "security" belongs to readiness's own rules/,
    );
    expect(() => loadNs(`checks:\n${check()}${check()}`)).toThrow(
      /:8: checks\[1\]\.id: "acme\.codeowners" is declared twice \(also checks\[0\]\)/,
    );
  });

  it('names the line and key of a bad condition, with the nearest kind', () => {
    const bad = check().replace('{file_exists: CODEOWNERS}', '\n      all:\n        - file_exist: CODEOWNERS');
    expect(() => loadNs(`checks:\n${bad}`)).toThrow(
      /:9: checks\[0\]\.assert\.all\[0\]: unknown key "file_exist" \(did you mean "file_exists"\?\)/,
    );
    const two = check().replace('{file_exists: CODEOWNERS}', '{file_exists: a, file_absent: b}');
    expect(() => loadNs(`checks:\n${two}`)).toThrow(/:7: checks\[0\]\.assert: a condition has exactly one of/);
    const regex = check().replace('{file_exists: CODEOWNERS}', '{content_matches: {pattern: "a(("}}');
    expect(() => loadNs(`checks:\n${regex}`)).toThrow(
      /checks\[0\]\.assert\.content_matches\.pattern: not a valid regular expression/,
    );
    // Catastrophic backtracking: refused on load, naming the key; a pattern without nesting is fine.
    const redos = check().replace('{file_exists: CODEOWNERS}', '{content_absent: {pattern: "^(\\\\w+\\\\s?)*$"}}');
    expect(() => loadNs(`checks:\n${redos}`)).toThrow(
      /:7: checks\[0\]\.assert\.content_absent\.pattern: \/\^\(\\w\+\\s\?\)\*\$\/ could take exponential time/,
    );
    const nested = check().replace('{file_exists: CODEOWNERS}', '{content_matches: {pattern: "(a+)+b"}}');
    expect(() => loadNs(`checks:\n${nested}`)).toThrow(/could take exponential time/);
    const flat = check().replace(
      '{file_exists: CODEOWNERS}',
      '{content_matches: {pattern: "^FROM\\\\s+\\\\S+:latest"}}',
    );
    expect(loadNs(`checks:\n${flat}`).config.checks?.[0]?.id).toBe('acme.codeowners');
    const long = check().replace('{file_exists: CODEOWNERS}', `{content_matches: {pattern: "${'a'.repeat(1001)}"}}`);
    expect(() => loadNs(`checks:\n${long}`)).toThrow(/pattern: a pattern has at most 1000 characters/);
    const dataPath = check().replace('{file_exists: CODEOWNERS}', '{json_path: {file: a.json, path: "a..b"}}');
    expect(() => loadNs(`checks:\n${dataPath}`)).toThrow(/checks\[0\]\.assert\.json_path\.path: not a path/);
    expect(() => loadNs(`checks:\n${check().replace('level: 2', 'level: 4')}`)).toThrow(
      /:5: checks\[0\]\.level: a level is 1, 2 or 3/,
    );
    expect(() => loadNs(`checks:\n${check().replace('category: docs', 'category: Docs')}`)).toThrow(
      /:4: checks\[0\]\.category: a category is lower case/,
    );
    expect(() => loadNs(`checks:\n${check('    when: {has: [dockerfiles]}\n')}`)).toThrow(/checks\[0\]\.when\.has/);
  });
});

describe('config: extends (shared profiles)', () => {
  const write = (dir: string, files: Record<string, string>) => {
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
  };
  const CHECK = (id: string, severity: string) =>
    `  - id: ${id}\n    title: ${id}\n    category: docs\n    level: 2\n    severity: ${severity}\n    assert: {file_exists: CODEOWNERS}\n`;

  it('applies profiles first, the file last: settings replaced, rules/thresholds by key, checks by id, waivers added', () => {
    const dir = tempDir();
    write(dir, {
      'profiles/base.yml': `minScore: 60\nignore: [gen/**]\nrules:\n  api.health: {severity: high}\n  security.secrets: off\nthresholds:\n  security: 80\nchecks:\n${CHECK('acme.owners', 'low')}${CHECK('acme.license', 'low')}waivers:\n  - rule: api.health\n    reason: org-wide\n    expires: 2099-01-01\n`,
      'profiles/strict.yml': 'extends: ./base.yml\nminScore: 80\nthresholds:\n  security: 90\n',
      'node_modules/@acme/readiness-profile/readiness.yml': `checks:\n${CHECK('acme.sbom', 'medium')}`,
      '.readiness.yml': `extends: [./profiles/strict.yml, "@acme/readiness-profile"]\nignore: [tmp/**]\nrules:\n  security.secrets: on\nchecks:\n${CHECK('acme.owners', 'high')}waivers:\n  - rule: acme.owners\n    reason: team forming\n    expires: 2099-01-01\n`,
    });
    const c = loadConfig(dir, undefined, IDS);
    expect(c.config.minScore).toBe(80);
    expect(c.config.ignore).toEqual(['gen/**', 'tmp/**']);
    expect(c.config.rules).toEqual({ 'api.health': { severity: 'high' }, 'security.secrets': 'on' });
    expect(c.config.thresholds).toEqual({ security: 90 });
    expect(c.config.checks?.map((x) => [x.id, x.severity])).toEqual([
      ['acme.owners', 'high'],
      ['acme.license', 'low'],
      ['acme.sbom', 'medium'],
    ]);
    expect(c.config.waivers?.map((w) => w.rule)).toEqual(['api.health', 'acme.owners']);
    expect(c.checkSources['acme.owners']).toEqual({ kind: 'config', name: path.join(dir, '.readiness.yml') });
    expect(c.checkSources['acme.license']).toEqual({ kind: 'profile', name: path.join(dir, 'profiles/base.yml') });
    expect(c.files.map((f) => path.relative(dir, f))).toEqual([
      'profiles/base.yml',
      'profiles/strict.yml',
      'node_modules/@acme/readiness-profile/readiness.yml',
      '.readiness.yml',
    ]);
  });

  it('a cycle, a missing file or package, a profile outside the repository and a huge file are clear errors', () => {
    const dir = tempDir();
    write(dir, {
      'a.yml': 'extends: ./b.yml\n',
      'b.yml': 'extends: ./a.yml\n',
      '.readiness.yml': 'extends: ./a.yml\n',
    });
    expect(() => loadConfig(dir, undefined, IDS)).toThrow(/extends cycle: \.readiness\.yml → a\.yml → b\.yml → a\.yml/);

    write(dir, { '.readiness.yml': 'minScore: 10\nextends:\n  - ./nope.yml\n' });
    expect(() => loadConfig(dir, undefined, IDS)).toThrow(
      /\.readiness\.yml:3: extends\[0\]: cannot extend "\.\/nope\.yml": no such file/,
    );
    write(dir, { '.readiness.yml': 'extends: "@acme/missing"\n' });
    expect(() => loadConfig(dir, undefined, IDS)).toThrow(
      /:1: extends: cannot extend "@acme\/missing": package @acme\/missing is not installed/,
    );

    const outside = tempDir();
    write(outside, { 'org.yml': 'minScore: 99\n' });
    write(dir, { '.readiness.yml': `extends: ${path.join(outside, 'org.yml')}\n` });
    expect(() => loadConfig(dir, undefined, IDS)).toThrow(/outside the audited repository/);
    fs.symlinkSync(path.join(outside, 'org.yml'), path.join(dir, 'linked.yml'));
    write(dir, { '.readiness.yml': 'extends: ./linked.yml\n' });
    expect(() => loadConfig(dir, undefined, IDS)).toThrow(/outside the audited repository/);
    // A config the user names with --config may extend anything.
    expect(loadConfig(dir, path.join(dir, '.readiness.yml'), IDS).config.minScore).toBe(99);

    write(dir, { 'huge.yml': `# ${'x'.repeat(300 * 1024)}\n`, '.readiness.yml': 'extends: ./huge.yml\n' });
    expect(() => loadConfig(dir, undefined, IDS)).toThrow(/huge\.yml is \d+ bytes, more than the 262144/);
  });

  it('an error in a profile names the profile, its line and key', () => {
    const dir = tempDir();
    write(dir, { 'org.yml': 'minScore: 10\nrules:\n  api.helth: off\n', '.readiness.yml': 'extends: ./org.yml\n' });
    expect(() => loadConfig(dir, undefined, IDS)).toThrow(
      new RegExp(
        `${path.join(dir, 'org.yml').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3: rules\\.api\\.helth: unknown rule id \\(did you mean "api\\.health"\\?\\)`,
      ),
    );
  });
});

// The built CLI run as a subprocess, as a user or a CI would.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ReportSchema, reportJsonSchema } from '../../src/report/schema.js';
import { REPOS, ROOT, makeGitRepo, runCli, tempDir, writeFiles } from '../helpers.js';

const BARE = path.join(REPOS, 'fastapi-bare');
const READY = path.join(REPOS, 'fastapi-ready');
const LIBRARY = path.join(REPOS, 'python-library');

function db(): string {
  return path.join(tempDir('readiness-db-'), 'history.db');
}

describe('readiness audit (built CLI)', () => {
  it('exits 1 below --min-score and lists the gaps with evidence', async () => {
    const r = await runCli(['audit', BARE, '--min-score', '50', '--db', db()]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('✗ container.dockerfile');
    expect(r.stdout).toMatch(/searched: Dockerfile, Containerfile/);
    expect(r.stdout).toMatch(/gate min-score: score \d+ is below the minimum 50/);
  });

  it('the production-ready FastAPI service scores high, reaches level 3 and passes --min-score', async () => {
    const r = await runCli(['audit', READY, '--min-score', '90', '--no-history', '-f', 'json']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const report = ReportSchema.parse(JSON.parse(r.stdout));
    expect(report.score).toBeGreaterThanOrEqual(90);
    expect(report.level).toMatchObject({ value: 3, name: 'Scale' });
    expect(report.findings.filter((f) => f.status === 'gap').map((f) => f.ruleId)).toEqual([]);
  });

  it('prints JSON alone on stdout that validates against the contract', async () => {
    const r = await runCli(['audit', BARE, '--format', 'json', '--no-history']);
    expect(r.exitCode).toBe(0);
    const report = ReportSchema.parse(JSON.parse(r.stdout));
    expect(report.tool.name).toBe('readiness');
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.project?.frameworks).toContain('fastapi');
    const gap = report.findings.find((f) => f.status === 'gap')!;
    expect(gap.remediation?.length).toBeGreaterThan(0);
    expect(gap.evidence.length).toBeGreaterThan(0);
  });

  it('docs/report.schema.json is generated from the zod contract and fresh', () => {
    const onDisk = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/report.schema.json'), 'utf8'));
    expect(onDisk).toEqual(JSON.parse(JSON.stringify(reportJsonSchema())));
  });

  it('shows n/a, not gaps, for service-only checks on a library', async () => {
    const r = await runCli(['audit', LIBRARY, '-f', 'json', '--no-history']);
    const report = ReportSchema.parse(JSON.parse(r.stdout));
    expect(report.project?.kind).toBe('library');
    const dockerfile = report.findings.find((f) => f.ruleId === 'container.dockerfile')!;
    expect(dockerfile.status).toBe('n/a');
    expect(dockerfile.message).toMatch(/library/);
    const serviceOnly = ['api.health', 'api.metrics', 'api.rate-limit', 'security.authn'];
    expect(serviceOnly.map((id) => [id, report.findings.find((x) => x.ruleId === id)?.status])).toEqual(
      serviceOnly.map((id) => [id, 'n/a']),
    );
  });

  it('a YAML mapping keyed by a collection (a templated key) prints no library warning', async () => {
    // A complex key such as `? [ {name: x} ]` or `{{ .Values.x }}: y` in a manifest or compose file is read without
    // Node process warnings on stderr: a CI log should carry the report and nothing else.
    const repo = await makeGitRepo({
      'deploy/app.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n? [ {name: x} ]\n: 1\n',
      'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n? [ {name: y} ]\n: 2\n',
    });
    const audit = await runCli(['audit', repo, '-f', 'json', '--no-history']);
    expect(audit.exitCode).toBe(0);
    expect(audit.stderr).not.toMatch(/Warning|stringified/);
    const components = await runCli(['components', repo]);
    expect(components.stderr).not.toMatch(/Warning|stringified/);
  });

  it('records each audit as a run with its findings in the history database', async () => {
    const repo = await makeGitRepo(
      { 'app.py': 'from fastapi import FastAPI\napp = FastAPI()\n' },
      { remote: 'https://user:tok@github.com/Acme/Orders.git' },
    );
    const file = db();
    const a = await runCli(['audit', repo, '--db', file, '-f', 'json']);
    const b = await runCli(['audit', repo, '--db', file, '-f', 'json']);
    expect([a.exitCode, b.exitCode]).toEqual([0, 0]);
    const conn = new Database(file, { readonly: true });
    try {
      const runs = conn
        .prepare(
          'SELECT r.id, r.commit_sha, r.branch, r.score, p.key, p.remote FROM runs r JOIN projects p ON p.id = r.project_id ORDER BY r.id',
        )
        .all() as Record<string, unknown>[];
      expect(runs).toHaveLength(2);
      expect(runs[0]!.key).toBe('git:github.com/Acme/Orders');
      expect(String(runs[0]!.remote)).not.toContain('tok');
      expect(runs[0]!.branch).toBe('main');
      expect(String(runs[0]!.commit_sha)).toMatch(/^[0-9a-f]{40}$/);
      expect(runs[0]!.score).toBe(JSON.parse(a.stdout).score);
      const findings = conn.prepare('SELECT COUNT(*) AS n FROM findings WHERE run_id = ?').get(runs[1]!.id) as {
        n: number;
      };
      expect(findings.n).toBe(JSON.parse(b.stdout).findings.length);
      expect(JSON.parse(b.stdout).runId).toBe(runs[1]!.id);
      expect(conn.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      conn.close();
    }
  });

  it('--no-history writes no database', async () => {
    const file = db();
    await runCli(['audit', BARE, '--db', file, '--no-history']);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('READINESS_DB chooses the database', async () => {
    const file = db();
    const r = await runCli(['audit', BARE], { env: { READINESS_DB: file } });
    expect(r.exitCode).toBe(0);
    expect(fs.existsSync(file)).toBe(true);
  });
});

describe('errors are one line, exit 2, no stack trace', () => {
  it('missing directory', async () => {
    const r = await runCli(['audit', '/definitely/not/here', '--no-history']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim()).toBe('readiness: no such directory: /definitely/not/here');
  });

  it('broken config names the file and the key', async () => {
    const dir = tempDir();
    writeFiles(dir, { '.readiness.yml': 'minScore: high\n' });
    const r = await runCli(['audit', dir, '--no-history']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('.readiness.yml');
    expect(r.stderr).toContain('minScore');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('invalid YAML in config gives the line', async () => {
    const dir = tempDir();
    writeFiles(dir, { '.readiness.yml': 'rules:\n  - [unclosed\n' });
    const r = await runCli(['audit', dir, '--no-history']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/invalid YAML in .*\.readiness\.yml:\d+/);
  });

  it('unknown rule id in config suggests the nearest', async () => {
    const dir = tempDir();
    writeFiles(dir, { '.readiness.yml': 'rules:\n  container.dockerfil: off\n' });
    const r = await runCli(['audit', dir, '--no-history']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('did you mean "container.dockerfile"');
  });

  it('a database path that is not SQLite is refused and left untouched', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'my precious notes\n');
    const r = await runCli(['audit', BARE, '--db', file]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/not a SQLite database/);
    expect(fs.readFileSync(file, 'utf8')).toBe('my precious notes\n');
  });

  it('bad flag values and unknown options exit 2', async () => {
    expect((await runCli(['audit', BARE, '--min-score', 'abc'])).exitCode).toBe(2);
    expect((await runCli(['audit', '--nope'])).exitCode).toBe(2);
    expect((await runCli(['audit', BARE, '--format', 'yaml', '--no-history'])).exitCode).toBe(2);
  });

  it('--timing prints the phases and the slowest facts and rules on stderr, leaving stdout to the report', async () => {
    const r = await runCli(['audit', BARE, '--no-history', '-f', 'json', '--timing']);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).findings.length).toBeGreaterThan(0);
    for (const phase of ['start-up', 'list', 'read', 'facts', 'rules', 'report', 'history'])
      expect(r.stderr).toMatch(new RegExp(`^${phase}\\s+\\d+ ms\\s+[\\d.]+%$`, 'm'));
    const slowest = r.stderr.split('slowest facts and rules')[1]!.trim().split('\n').slice(1);
    expect(slowest).toHaveLength(10);
    expect(slowest.some((l) => / rule [a-z]+\.[a-z-]+$/.test(l))).toBe(true);
    expect(slowest.some((l) => / fact \w+$/.test(l))).toBe(true);
  });

  it('--debug shows the stack', async () => {
    const r = await runCli(['audit', '/definitely/not/here', '--no-history', '--debug']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

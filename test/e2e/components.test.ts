// `readiness components` run as a subprocess: the deployable units of a repository, and why.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPOS, runCli, tempDir, writeFiles } from '../helpers.js';

describe('readiness components (built CLI)', () => {
  it('lists a backend and a frontend with their target and why they are deployed', async () => {
    const r = await runCli(['components', path.join(REPOS, 'fullstack-fastapi-react')]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^ID\s+PATH\s+KIND\s+STACK\s+TARGET\s+DEPLOYED$/);
    expect(lines[1]).toMatch(/^backend\s+backend\s+service\s+python\s+compose\s+yes$/);
    expect(lines[2]).toMatch(/^ {2}deployed: compose service backend runs it \(docker-compose\.yml:\d+\)$/);
    expect(lines[3]).toMatch(/^frontend\s+frontend\s+frontend\s+node\s+compose\s+yes$/);
    expect(r.stdout).toContain('2 components, 2 deployed');
  });

  it('--json prints every component with its evidence', async () => {
    const r = await runCli(['components', path.join(REPOS, 'flask-service'), '--json']);
    expect(r.exitCode).toBe(0);
    const list = JSON.parse(r.stdout) as { id: string; path: string; deployed: boolean; why: string }[];
    expect(list).toEqual([
      expect.objectContaining({ id: 'flask-service', path: '.', kind: 'service', stack: 'python', deployed: true }),
    ]);
  });

  it('an example beside the app is only present', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'requirements.txt': 'flask\n',
      'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
      Dockerfile: 'FROM python:3.12\nCOPY . .\nCMD ["flask", "run"]\n',
      'examples/demo/requirements.txt': 'fastapi\n',
      'examples/demo/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
    });
    const r = await runCli(['components', dir]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^demo\s+examples\/demo\s+service\s+python\s+unknown\s+no \(only present\)$/m);
    expect(r.stdout).toContain('only present: under examples/, and no deployment config or CI step deploys it');
    expect(r.stdout).toContain('2 components, 1 deployed, 1 only present');
  });

  it('a missing directory is a one-line error and exit 2', async () => {
    const r = await runCli(['components', path.join(tempDir(), 'nope')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('audit --component audits only the components named (by id or folder) and does not record the run', async () => {
    const db = path.join(tempDir(), 'history.db');
    const r = await runCli([
      'audit',
      path.join(REPOS, 'fullstack-fastapi-react'),
      '--component',
      'frontend',
      '--db',
      db,
      '-f',
      'json',
    ]);
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(r.stdout) as {
      runId?: number;
      components: { id: string }[];
      findings: { component: string | null }[];
    };
    expect(report.components.map((c) => c.id)).toEqual(['frontend']);
    expect(new Set(report.findings.map((f) => f.component))).toEqual(new Set(['frontend', null]));
    expect(report.runId).toBeUndefined();

    const byFolder = await runCli([
      'audit',
      path.join(REPOS, 'fullstack-fastapi-react'),
      '--component',
      'backend/',
      '--no-history',
      '-f',
      'json',
    ]);
    expect((JSON.parse(byFolder.stdout) as { components: { id: string }[] }).components.map((c) => c.id)).toEqual([
      'backend',
    ]);
  });

  it('audit --component with an unknown id is a one-line error listing the components, exit 2', async () => {
    const r = await runCli([
      'audit',
      path.join(REPOS, 'fullstack-fastapi-react'),
      '--component',
      'backedn',
      '--no-history',
    ]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim()).toBe(
      'readiness: --component backedn: no such component (did you mean "backend"?); components: backend, frontend (`readiness components` lists them)',
    );
  });

  it('config components: renames and marks only present; an entry matching nothing names its key', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'requirements.txt': 'flask\n',
      'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
      Dockerfile: 'FROM python:3.12\nCOPY . .\nCMD ["flask", "run"]\n',
      'examples/demo/requirements.txt': 'fastapi\n',
      'examples/demo/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
      '.readiness.yml': 'components:\n  examples/demo:\n    name: showcase\n    deployed: true\n',
    });
    const r = await runCli(['components', dir]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^showcase\s+examples\/demo\s+service\s+python\s+unknown\s+yes$/m);
    expect(r.stdout).toContain('deployed: marked in the config (components.examples/demo.deployed)');

    writeFiles(dir, { '.readiness.yml': 'components:\n  examples/nothing:\n    exclude: true\n' });
    const bad = await runCli(['audit', dir, '--no-history']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('.readiness.yml: components.examples/nothing: no component has this id or folder');
  });
});

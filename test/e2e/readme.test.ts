// The README shows what the tool really does: its CI example is the workflow `init --ci github` writes, and its example
// configuration's waivers each cover a gap (built CLI).
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { githubWorkflow } from '../../src/commands/init.js';
import { ROOT, REPOS, runCli, tempDir, writeFiles } from '../helpers.js';

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The fenced code blocks of a language whose text contains `marker`. */
function blocks(lang: string, marker: string): string[] {
  return [...README.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, 'g'))]
    .map((m) => m[1]!)
    .filter((b) => b.includes(marker));
}

describe('README', () => {
  it('its GitHub workflow is the one init writes, pinned to this version of readiness-audit', () => {
    const [block] = blocks('yaml', '.github/workflows/readiness.yml');
    expect(YAML.parse(block!)).toEqual(YAML.parse(githubWorkflow(60)));
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('readiness-audit');
    expect(pkg.bin).toEqual({ readiness: 'bin/readiness.js' });
    expect(block).toContain(`npx -y -p readiness-audit@${pkg.version} readiness audit`);
  });

  it('the example configuration is valid and each of its waivers covers a gap of a project that has them', async () => {
    const [config] = blocks('yaml', 'waivers:');
    const waivers = (YAML.parse(config!) as { waivers: { rule: string; paths?: string[]; expires: string }[] }).waivers;
    expect(waivers.some((w) => w.paths)).toBe(true);
    // A service whose main image is fine but has no HEALTHCHECK, and whose legacy worker image runs as root.
    const dir = tempDir('readiness-readme-');
    fs.cpSync(path.join(REPOS, 'fastapi-bare'), dir, { recursive: true });
    writeFiles(dir, {
      Dockerfile:
        'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nUSER 10001\nCMD ["uvicorn", "app.main:app"]\n',
      'legacy/Dockerfile': 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/worker.py"]\n',
      '.readiness.yml': config!,
    });
    const dayBefore = waivers.map((w) => w.expires).sort()[0]!;
    const r = await runCli(['audit', dir, '--no-history', '-f', 'json'], { env: { READINESS_NOW: dayBefore } });
    expect(r.stderr).not.toMatch(/covers no gap/);
    const findings = JSON.parse(r.stdout).findings as { ruleId: string; status: string; waived?: unknown }[];
    for (const w of waivers)
      expect(
        findings.find((f) => f.ruleId === w.rule),
        w.rule,
      ).toMatchObject({ status: 'gap', waived: {} });
  });

  it('the example components configuration does what its comments say', async () => {
    const [config] = blocks('yaml', 'components:');
    const py = (dir: string) => ({
      [`${dir}/requirements.txt`]: 'flask\n',
      [`${dir}/app.py`]: 'from flask import Flask\napp = Flask(__name__)\n',
      [`${dir}/Dockerfile`]: 'FROM python:3.12-slim\nCOPY . .\nCMD ["flask", "run"]\n',
    });
    const dir = tempDir('readiness-readme-');
    writeFiles(dir, {
      ...py('backend'),
      ...py('worker'),
      ...py('examples/shop'),
      ...py('tools/loadgen'),
      'services/cron/job.py': 'print("nightly")\n',
      'compose.yaml': 'services:\n  backend:\n    build: ./backend\n  worker:\n    build: ./worker\n',
      '.readiness.yml': config!,
    });
    const r = await runCli(['components', dir, '--json']);
    expect(r.stderr).toBe('');
    const list = JSON.parse(r.stdout) as {
      id: string;
      path: string;
      target: string;
      deployed: boolean;
      mounts: string[];
    }[];
    expect(list.map((c) => [c.id, c.path, c.target, c.deployed])).toEqual([
      ['api', 'backend', 'kubernetes', true],
      ['shop', 'examples/shop', 'unknown', true],
      ['cron', 'services/cron', 'unknown', true],
    ]);
    expect(list[0]!.mounts).toEqual(['worker']);
  });

  it('the example custom checks are valid and judge a service as their comments say', async () => {
    const [config] = blocks('yaml', 'checks:');
    const dir = tempDir('readiness-readme-');
    fs.cpSync(path.join(REPOS, 'fastapi-bare'), dir, { recursive: true });
    writeFiles(dir, { '.readiness.yml': config!, 'app/debug.py': 'def dump(x):\n    print(x)\n' });
    const r = await runCli(['audit', dir, '--no-history', '-f', 'json']);
    expect(r.stderr).not.toMatch(/invalid config/);
    const findings = JSON.parse(r.stdout).findings as { ruleId: string; status: string; message: string }[];
    const byId = (id: string) => findings.find((f) => f.ruleId === id)!;
    expect(byId('acme.codeowners').status).toBe('gap');
    expect(byId('acme.logging')).toMatchObject({ status: 'gap' });
    expect(byId('acme.logging').message).toMatch(
      /acme-log \(python\) is not a direct production dependency.*\(see the logging handbook\)/,
    );
  });
});

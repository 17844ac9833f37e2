// `readiness init` and terminal behaviour through the built CLI (run `npm run build` first).
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import * as pty from 'node-pty';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { BIN, REPOS, ROOT, runCli, tempDir } from '../helpers.js';

const BARE = path.join(REPOS, 'fastapi-bare');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  bin: Record<string, string>;
};

/** node_modules/<name> and its .bin links, as `npm install` leaves them, pointing at this (built) package. */
function installThisPackage(dir: string): void {
  const bin = path.join(dir, 'node_modules', '.bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.symlinkSync(ROOT, path.join(dir, 'node_modules', PKG.name));
  for (const [name, file] of Object.entries(PKG.bin))
    fs.symlinkSync(path.join('..', PKG.name, file), path.join(bin, name));
}

function copyBare(): string {
  const dir = tempDir('readiness-init-');
  fs.cpSync(BARE, dir, { recursive: true });
  return dir;
}

function spawnPty(args: string[], env: Record<string, string>) {
  const p = pty.spawn(process.execPath, [BIN, ...args], {
    name: 'xterm-256color',
    cols: 160,
    rows: 50,
    cwd: process.cwd(),
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', CI: '', ...env } as Record<string, string>,
  });
  let raw = '';
  p.onData((d) => {
    raw += d;
  });
  const exit = new Promise<number>((resolve) => p.onExit((e) => resolve(e.exitCode)));
  const clean = () => raw.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  return {
    raw: () => raw,
    exit,
    write: (s: string) => p.write(s),
    waitFor: (text: string, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const tick = () => {
          if (clean().includes(text)) return resolve();
          if (Date.now() - started > timeoutMs)
            return reject(new Error(`timed out waiting for ${text}:\n${clean().slice(-1500)}`));
          setTimeout(tick, 50);
        };
        tick();
      }),
  };
}

describe('readiness init', () => {
  it('--yes writes a commented, valid default config and refuses to overwrite it without --force', async () => {
    const dir = tempDir();
    const r = await runCli(['init', dir, '--yes']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('wrote .readiness.yml');
    const text = fs.readFileSync(path.join(dir, '.readiness.yml'), 'utf8');
    expect(text).toMatch(/^# readiness configuration/);
    expect(text).toContain('# waivers:');
    expect(loadConfig(dir).config).toEqual({ minScore: 60 });
    // The commented checks: and plugins: examples are valid config once uncommented.
    const uncomment = (key: string) => {
      const lines = text.split('\n');
      const start = lines.indexOf(`# ${key}:`);
      const end = lines.indexOf('', start);
      return lines.slice(start, end).map((l) => l.replace(/^# ?/, ''));
    };
    expect(text).toContain('# extends:');
    fs.writeFileSync(
      path.join(dir, '.readiness.yml'),
      ['minScore: 60', ...uncomment('checks'), ...uncomment('plugins'), ''].join('\n'),
    );
    const examples = loadConfig(dir).config;
    expect(examples.checks?.map((c) => [c.id, c.assert])).toEqual([
      ['acme.codeowners', { file_exists: ['.github/CODEOWNERS', 'CODEOWNERS'] }],
    ]);
    expect(examples.plugins).toEqual(['readiness-rules-acme']);
    fs.rmSync(path.join(dir, '.readiness.yml'));
    expect((await runCli(['init', dir, '--yes'])).exitCode).toBe(0);

    fs.writeFileSync(path.join(dir, '.readiness.yml'), 'minScore: 1\n');
    const again = await runCli(['init', dir, '--yes']);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(/already exists; use --force/);
    expect(fs.readFileSync(path.join(dir, '.readiness.yml'), 'utf8')).toBe('minScore: 1\n');
    expect((await runCli(['init', dir, '--yes', '--force', '--min-score', '80'])).exitCode).toBe(0);
    expect(loadConfig(dir).config.minScore).toBe(80);
  });

  it('--ci github writes a valid workflow that runs the documented audit, uploads SARIF and fails below the threshold', async () => {
    const dir = copyBare();
    const r = await runCli(['init', dir, '--yes', '--ci', 'github', '--min-score', '75']);
    expect(r.exitCode, r.stderr).toBe(0);
    const wf = YAML.parse(fs.readFileSync(path.join(dir, '.github/workflows/readiness.yml'), 'utf8'));
    expect(wf.permissions['security-events']).toBe('write');
    expect(Object.keys(wf.on)).toEqual(['push', 'pull_request']);
    const steps = wf.jobs.readiness.steps as {
      run?: string;
      uses?: string;
      with?: Record<string, string>;
      if?: string;
    }[];
    const audit = steps.find((s) => s.run)!.run!;
    expect(audit).toBe(
      `npx -y -p readiness-audit@${PKG.version} readiness audit --min-score 75 --no-history -f text -f sarif:readiness.sarif`,
    );
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.with!.sarif_file).toBe('readiness.sarif');
    expect(upload.if).toContain('always()');
    expect(loadConfig(dir).config.minScore).toBe(75);

    // The workflow's command, run by the real npx as CI would in the checkout, with this package installed as npm
    // would install it (offline: npx must find exactly the pinned package, never fetch whatever has that name): exit 1
    // below 75, SARIF written for the upload step.
    installThisPackage(dir);
    const [cmd, ...args] = audit.split(' ');
    expect(cmd).toBe('npx');
    const ran = await execa('npx', args, {
      cwd: dir,
      env: { CI: 'true', NO_COLOR: '1', npm_config_offline: 'true', npm_config_update_notifier: 'false' },
      reject: false,
    });
    expect(ran.stdout).toContain(`readiness ${PKG.version}`);
    expect(ran.exitCode, ran.stderr).toBe(1);
    expect(ran.stdout).toMatch(/✗ gate min-score: score \d+ is below the minimum 75/);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'readiness.sarif'), 'utf8')).version).toBe('2.1.0');
  });

  it('--ci gitlab keeps an existing config and writes the snippet; an unknown provider is exit 2', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '.readiness.yml'), 'minScore: 42\n');
    const r = await runCli(['init', dir, '--ci', 'gitlab']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('kept .readiness.yml');
    expect(fs.readFileSync(path.join(dir, '.readiness.yml'), 'utf8')).toBe('minScore: 42\n');
    const job = YAML.parse(fs.readFileSync(path.join(dir, '.gitlab-ci.readiness.yml'), 'utf8')).readiness;
    expect(job.script[0]).toBe(
      `npx -y -p readiness-audit@${PKG.version} readiness audit --min-score 60 --no-history -f text -f sarif:readiness.sarif -f junit:readiness.xml -f markdown:readiness.md`,
    );
    expect(job.artifacts.reports.junit).toBe('readiness.xml');
    expect((await runCli(['init', dir, '--ci', 'gitlab'])).exitCode).toBe(2);
    expect((await runCli(['init', dir, '--ci', 'jenkins'])).exitCode).toBe(2);
  });

  it('asks on a terminal: minimum score and CI provider', async () => {
    const dir = tempDir();
    const w = spawnPty(['init', dir], {});
    await w.waitFor('Minimum score');
    w.write('\x7f\x7f85\r');
    await w.waitFor('Add a CI workflow');
    w.write('\r');
    expect(await w.exit).toBe(0);
    expect(loadConfig(dir).config.minScore).toBe(85);
    expect(fs.readFileSync(path.join(dir, '.github/workflows/readiness.yml'), 'utf8')).toContain('--min-score 85');
  });
});

describe('readiness init interrupted', () => {
  it('Ctrl-C at a prompt exits 130 and writes nothing', async () => {
    const dir = tempDir();
    const w = spawnPty(['init', dir], {});
    await w.waitFor('Minimum score');
    w.write('\x03');
    expect(await w.exit).toBe(130);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('terminal behaviour on a real TTY', () => {
  it('colour on a terminal, none when CI is set', async () => {
    const tty = spawnPty(['audit', BARE, '--no-history'], {});
    expect(await tty.exit).toBe(0);
    expect(tty.raw()).toMatch(/\x1b\[3\dm/);
    const ci = spawnPty(['audit', BARE, '--no-history'], { CI: 'true' });
    expect(await ci.exit).toBe(0);
    expect(ci.raw()).not.toMatch(/\x1b\[3\dm/);
    expect(ci.raw()).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
  });
});

// Auditing a repository must never run its code through git. Each hostile repository below wires a program into every
// place git can be told to run one (filters, textconv, fsmonitor, hooks, pager, external diff, signature programs,
// transports, credential helpers, aliases, an include file, a `git` executable in the work tree reached through a
// relative PATH entry); each program leaves a marker file when it runs. Every command of the BUILT CLI that calls git
// runs on them, and no marker may appear. Control tests prove the traps are live: plain git sets them off.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, tempDir, writeFiles } from '../helpers.js';
import type { Command } from 'commander';
import { execa } from 'execa';
import { buildProgram } from '../../src/cli/main.js';

const SERVICE = {
  'app/main.py':
    'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/health")\ndef health():\n    return {}\n',
  'requirements.txt': 'fastapi==0.115.0\n',
  'README.md': '# orders\n',
  Dockerfile: 'FROM python:3.12-slim\nCOPY . /app\nUSER 1000\nCMD ["uvicorn", "app.main:app"]\n',
};

interface Hostile {
  dir: string;
  markers: string;
}

function gitPlain(dir: string, args: string[], env: Record<string, string> = {}): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env }, stdio: 'pipe' });
}

/** An executable that records that it ran (and passes stdin through, so a filter still "works"). */
function trap(dir: string, markers: string, name: string): string {
  const file = path.join(dir, '.trap', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `#!/bin/sh\ntouch '${path.join(markers, name)}'\ncat\n`, { mode: 0o755 });
  return file;
}

const HOOKS = [
  'pre-commit',
  'post-commit',
  'post-checkout',
  'post-index-change',
  'reference-transaction',
  'pre-auto-gc',
  'fsmonitor-watchman',
  'post-rewrite',
  'pre-push',
];

/** A committed service whose repository configuration tries to run code from every hook git offers. */
function hostileRepo(): Hostile {
  const dir = tempDir('readiness-hostile-');
  const markers = tempDir('readiness-hostile-markers-');
  writeFiles(dir, SERVICE);
  gitPlain(dir, ['init', '-q', '-b', 'main']);
  const set = (k: string, v: string) => gitPlain(dir, ['config', k, v]);
  set('user.email', 'dev@example.com');
  set('user.name', 'Dev');
  set('commit.gpgsign', 'false');
  gitPlain(dir, ['add', '-A']);
  gitPlain(dir, ['commit', '-qm', 'service'], { GIT_COMMITTER_DATE: '2024-01-01T10:00:00Z' });

  // A second commit carrying a (fake) signature: showing it would call the signature program.
  const tree = gitPlain(dir, ['rev-parse', 'HEAD^{tree}']).trim();
  const parent = gitPlain(dir, ['rev-parse', 'HEAD']).trim();
  const signed = [
    `tree ${tree}`,
    `parent ${parent}`,
    'author Dev <dev@example.com> 1706781600 +0000',
    'committer Dev <dev@example.com> 1706781600 +0000',
    'gpgsig -----BEGIN PGP SIGNATURE-----',
    ' ',
    ' iQEzBAABCAAdFiEEexample',
    ' -----END PGP SIGNATURE-----',
    '',
    'signed release',
    '',
  ].join('\n');
  const sha = execFileSync('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], { cwd: dir, input: signed })
    .toString()
    .trim();
  gitPlain(dir, ['update-ref', 'refs/heads/main', sha]);
  gitPlain(dir, ['tag', 'v1', sha]);

  // Repository-controlled programs, everywhere git looks for one.
  const t = (name: string) => trap(dir, markers, name);
  fs.writeFileSync(path.join(dir, '.gitattributes'), '* filter=evil diff=evil merge=evil\n*.md filter=inc\n');
  set('filter.evil.clean', `${t('filter-clean')} %f`);
  set('filter.evil.smudge', `${t('filter-smudge')} %f`);
  set('filter.evil.process', t('filter-process'));
  set('filter.evil.required', 'true');
  set('diff.evil.textconv', t('textconv'));
  set('diff.evil.command', t('diff-driver'));
  set('merge.evil.driver', t('merge-driver'));
  set('diff.external', t('diff-external'));
  set('core.fsmonitor', t('fsmonitor'));
  set('core.pager', t('core-pager'));
  for (const p of ['status', 'log', 'show', 'diff', 'ls-files', 'rev-list', 'ls-tree', 'cat-file'])
    set(`pager.${p}`, t(`pager-${p}`));
  set('core.sshCommand', t('ssh-command'));
  set('core.askPass', t('askpass'));
  set('core.editor', t('editor'));
  set('sequence.editor', t('sequence-editor'));
  set('credential.helper', `!${t('credential-helper')}`);
  set('gpg.program', t('gpg'));
  set('gpg.ssh.program', t('gpg-ssh'));
  set('gpg.x509.program', t('gpg-x509'));
  set('log.showSignature', 'true');
  set('remote.origin.url', 'ssh://git@example.invalid/acme/orders.git');
  set('remote.origin.uploadpack', t('uploadpack'));
  set('remote.origin.receivepack', t('receivepack'));
  set('uploadpack.packObjectsHook', t('pack-objects-hook'));
  set('core.alternateRefsCommand', t('alternate-refs'));
  for (const a of [
    'status',
    'ls-files',
    'rev-parse',
    'rev-list',
    'ls-tree',
    'cat-file',
    'remote',
    'config',
    'show',
    'log',
  ])
    set(`alias.${a}`, `!${t(`alias-${a}`)}`);
  const hooks = path.join(dir, '.trap', 'hooks');
  fs.mkdirSync(hooks, { recursive: true });
  for (const h of HOOKS) {
    fs.copyFileSync(t(`hook-${h}`), path.join(hooks, h));
    fs.copyFileSync(t(`hook-${h}`), path.join(dir, '.git', 'hooks', h));
  }
  set('core.hooksPath', hooks);
  // A filter defined in an included file, not in .git/config itself.
  fs.writeFileSync(path.join(dir, '.git', 'extra.inc'), `[filter "inc"]\n\tclean = ${t('include-filter')}\n`);
  set('include.path', 'extra.inc');
  // A `git` in the work tree: found first when PATH holds "." or an empty entry and the audit runs in the repository.
  fs.writeFileSync(path.join(dir, 'git'), `#!/bin/sh\ntouch '${path.join(markers, 'path-git')}'\nexit 1\n`, {
    mode: 0o755,
  });
  // Make every tracked file stat-dirty (same size, new time), so a status would hash it through the clean filter.
  const later = new Date(Date.now() + 120_000);
  for (const f of Object.keys(SERVICE)) fs.utimesSync(path.join(dir, f), later, later);
  return { dir, markers };
}

function clear(h: Hostile): void {
  for (const f of fs.readdirSync(h.markers)) fs.rmSync(path.join(h.markers, f));
}

function fired(h: Hostile): string[] {
  return fs.readdirSync(h.markers).sort();
}

/** The built CLI, run from inside the hostile repository. */
function cli(h: Hostile, args: string[], env: Record<string, string> = {}) {
  return execa(process.execPath, [BIN, ...args], {
    cwd: h.dir,
    env: { NO_COLOR: '1', CI: '', ...env },
    reject: false,
    stdin: 'ignore',
  });
}

describe('the traps are live: plain git runs the repository programs', () => {
  it('git status runs the clean filter, git show the signature program, a relative PATH the work tree git', () => {
    const h = hostileRepo();
    try {
      gitPlain(h.dir, ['status', '--porcelain']);
    } catch {
      /* the required filter fails; it ran all the same */
    }
    try {
      gitPlain(h.dir, ['show', '-s', '--format=%cI', 'HEAD']);
    } catch {
      /* ditto */
    }
    try {
      execFileSync('git', ['--version'], {
        cwd: h.dir,
        env: { ...process.env, PATH: `.${path.delimiter}${process.env.PATH}` },
        stdio: 'ignore',
      });
    } catch {
      /* the fake git exits 1 */
    }
    expect(fired(h)).toEqual(expect.arrayContaining(['filter-process', 'gpg', 'path-git', 'fsmonitor']));
  });
});

describe('no command runs code from a hostile repository (built CLI)', () => {
  let h: Hostile;
  let db: string;
  beforeAll(() => {
    h = hostileRepo();
    db = path.join(tempDir('readiness-hostile-db-'), 'history.db');
  });

  const out = () => tempDir('readiness-hostile-out-');
  const cases: [string, () => string[], number[]][] = [
    ['audit', () => ['audit', '.', '--db', db], [0]],
    [
      'audit in every format',
      () => {
        const o = out();
        return [
          'audit',
          h.dir,
          '--db',
          db,
          ...['json', 'markdown', 'sarif', 'junit', 'html'].flatMap((f) => ['-f', `${f}:${path.join(o, f)}`]),
        ];
      },
      [0],
    ],
    ['audit --ref (a signed commit)', () => ['audit', '.', '--ref', 'v1', '--db', db], [0]],
    ['audit --ref HEAD~1', () => ['audit', '.', '--ref', 'HEAD~1', '--db', db], [0]],
    ['audit --fail-on-regression', () => ['audit', '.', '--fail-on-regression', '--db', db], [0, 1]],
    [
      'audit --fail-on-regression --baseline-branch',
      () => ['audit', '.', '--fail-on-regression', '--require-baseline', '--baseline-branch', 'main', '--db', db],
      [0, 1],
    ],
    ['audit --only-new --baseline <run>', () => ['audit', '.', '--only-new', '--baseline', '1', '--db', db], [0, 1]],
    ['claims', () => ['claims', '.'], [0]],
    ['claims -f json', () => ['claims', h.dir, '-f', 'json', '-o', path.join(out(), 'claims.json')], [0]],
    ['history --backfill', () => ['history', '.', '--backfill', 'main', '--db', db], [0]],
    ['history --backfill --since', () => ['history', '.', '--backfill', '--since', '2000-01-01', '--db', db], [0]],
    ['history', () => ['history', '.', '--db', db], [0]],
    ['history --json', () => ['history', '.', '--json', '--db', db], [0]],
    ['show <git revision>', () => ['show', 'HEAD', '-C', '.', '--db', db], [0]],
    ['show <run id>', () => ['show', '1', '--db', db], [0]],
    ['show -f html', () => ['show', 'v1', '-C', '.', '-f', 'html', '-o', path.join(out(), 'r.html'), '--db', db], [0]],
    ['diff <rev> <rev>', () => ['diff', 'HEAD~1', 'HEAD', '-C', '.', '--db', db], [0]],
    ['diff (last two runs)', () => ['diff', '-C', '.', '--db', db], [0]],
    ['plan --yes', () => ['plan', '.', '--yes', '--db', db, '-o', path.join(out(), 'plan.md')], [0]],
    ['plan --fresh', () => ['plan', '.', '--yes', '--fresh', '--add', 'Load test', '--db', db, '-o', '-'], [0]],
    ['plan status', () => ['plan', 'status', '.', '--db', db], [0]],
    ['plan list', () => ['plan', 'list', '.', '--db', db], [0]],
    ['plan status --json', () => ['plan', 'status', '.', '--json', '--db', db], [0]],
    ['plan done', () => ['plan', 'done', 'extra-1', '.', '--db', db], [0]],
    ['plan close', () => ['plan', 'close', '.', '--db', db], [0]],
    ['rules', () => ['rules'], [0]],
    // The hostile repository is no rule pack (it has no entry module): nothing of it is imported.
    ['rules test', () => ['rules', 'test', '.'], [2]],
    ['components', () => ['components', '.'], [0]],
    ['components --json', () => ['components', '.', '--json'], [0]],
    ['history --prune', () => ['history', '.', '--prune', '--keep', '50', '--db', db], [0]],
  ];

  for (const [name, args, codes] of cases) {
    it(`${name}: runs nothing of the repository`, async () => {
      clear(h);
      const r = await cli(h, args());
      expect(codes, `${r.exitCode}: ${r.stderr}`).toContain(r.exitCode);
      expect(r.stderr).not.toMatch(/internal error/);
      expect(fired(h)).toEqual([]);
    });
  }

  for (const ci of [[], ['--ci', 'github'], ['--ci', 'gitlab']])
    it(`init${ci.length ? ` ${ci.join(' ')}` : ''} runs nothing of the repository`, async () => {
      const other = hostileRepo();
      const r = await cli(other, ['init', '.', '--yes', ...ci]);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(fired(other)).toEqual([]);
    });

  it('every command and subcommand of the CLI is among the cases above', () => {
    const names = (c: Command, prefix = ''): string[] =>
      c.commands.flatMap((s) => [`${prefix}${s.name()}`, ...names(s, `${prefix}${s.name()} `)]);
    const covered = [...cases.map(([name]) => name), 'init'];
    const missing = names(buildProgram(() => {})).filter((n) => !covered.some((c) => c === n || c.startsWith(`${n} `)));
    expect(missing).toEqual([]);
  });

  it('with "." and an empty entry first in PATH, the git in the work tree is never run', async () => {
    clear(h);
    const env = { PATH: `.${path.delimiter}${path.delimiter}${process.env.PATH}` };
    for (const args of [
      ['audit', '.', '--no-history', '-f', 'json'],
      ['audit', '.', '--ref', 'HEAD~1', '--db', db],
      ['history', '.', '--backfill', 'main', '--db', db],
      ['diff', 'HEAD~1', 'HEAD', '-C', '.', '--db', db],
    ]) {
      const r = await cli(h, args, env);
      expect(r.exitCode, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    expect(fired(h)).toEqual([]);
  });

  it('audit records the commit, branch and remote although every program is hostile', async () => {
    clear(h);
    const r = await cli(h, ['audit', '.', '--no-history', '-f', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.target.branch).toBe('main');
    expect(report.target.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(fired(h)).toEqual([]);
  });
});

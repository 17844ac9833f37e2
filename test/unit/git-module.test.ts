// src/repo/git.ts is the one place that runs git: hardened, and able to say why git information is missing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { findGitBinary, gitInfo, gitInfoAsync, probeGit, requireGitRepo, resolveCommit } from '../../src/repo/git.js';
import { makeGitRepo, ROOT, tempDir } from '../helpers.js';

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
}

describe('one module runs git', () => {
  it('no other module of src/ or rules/ can start a process', () => {
    const offenders: string[] = [];
    for (const base of ['src', 'rules']) {
      for (const rel of sourceFiles(path.join(ROOT, base))) {
        const file = `${base}/${rel}`.split(path.sep).join('/');
        if (file === 'src/repo/git.ts') continue;
        const text = fs.readFileSync(path.join(ROOT, base, rel), 'utf8');
        if (/['"](?:node:)?child_process['"]|['"]execa['"]|['"]simple-git['"]/.test(text)) offenders.push(file);
      }
    }
    expect(offenders).toEqual([]);
    // and the one that does, does
    expect(fs.readFileSync(path.join(ROOT, 'src/repo/git.ts'), 'utf8')).toMatch(/from 'node:child_process'/);
  });

  it('finds git only on absolute PATH entries', () => {
    const fake = tempDir('readiness-fake-bin-');
    fs.writeFileSync(path.join(fake, 'git'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const rel = path.relative(process.cwd(), fake);
    expect(findGitBinary({ PATH: [rel, '', '.'].join(path.delimiter) })).toBeNull();
    expect(findGitBinary({ PATH: [rel, fake].join(path.delimiter) })).toBe(path.join(fake, 'git'));
  });
});

describe('hardened environment', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  });

  it("the caller's GIT_DIR, GIT_WORK_TREE and GIT_CONFIG_PARAMETERS do not redirect git", async () => {
    const a = await makeGitRepo({ 'a.txt': 'a\n' });
    const b = await makeGitRepo({ 'b.txt': 'b\n' });
    const headA = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: a, encoding: 'utf8' }).trim();
    process.env.GIT_DIR = path.join(b, '.git');
    process.env.GIT_WORK_TREE = b;
    process.env.GIT_CONFIG_PARAMETERS = "'core.bare'='true'";
    const info = gitInfo(a);
    expect(info.commit).toBe(headA);
    expect(fs.realpathSync(info.topLevel!)).toBe(fs.realpathSync(a));
  });

  it('a repository git refuses (owned by another user) is named as such, not as "not a git repository"', async () => {
    const dir = await makeGitRepo({ 'a.txt': 'a\n' });
    process.env.GIT_TEST_ASSUME_DIFFERENT_OWNER = '1';
    expect(probeGit(dir)).toMatchObject({ state: 'refused', reason: 'dubious-ownership' });
    expect(gitInfo(dir).unavailable).toMatch(/owned by another user/);
    expect(() => requireGitRepo(dir, '--ref')).toThrow(
      /--ref needs git, and git refused the repository because it is owned by another user/,
    );
  });
});

describe('shallow clones', () => {
  it('a revision cut off by a shallow clone is explained, with the fix', async () => {
    const origin = await makeGitRepo({ 'a.txt': 'one\n' });
    for (const n of ['two', 'three']) {
      fs.writeFileSync(path.join(origin, 'a.txt'), `${n}\n`);
      execFileSync('git', ['commit', '-qam', n], { cwd: origin });
    }
    const clone = path.join(tempDir('readiness-shallow-'), 'clone');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${origin}`, clone]);
    expect(gitInfo(clone).shallow).toBe(true);
    let err: unknown;
    try {
      resolveCommit(clone, 'HEAD~2');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/shallow clone.*git fetch --unshallow.*fetch-depth: 0/);
    expect(resolveCommit(origin, 'HEAD~2')).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe('gitInfo', () => {
  const git = (cwd: string, ...args: string[]): string =>
    execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

  it('reads commit, branch and the remote URL as git gives them (origin first, insteadOf applied)', async () => {
    const dir = await makeGitRepo({ 'a.txt': 'a\n', HEAD: 'a file named like the revision\n' });
    git(dir, 'remote', 'add', 'backup', 'git@example.com:o/backup.git');
    git(dir, 'remote', 'add', 'origin', 'https://old.example.com/o/app.git');
    git(dir, 'config', 'url.https://new.example.com/.insteadOf', 'https://old.example.com/');
    const info = gitInfo(dir);
    expect(info.commit).toBe(git(dir, 'rev-parse', 'HEAD'));
    expect(info.branch).toBe(git(dir, 'rev-parse', '--abbrev-ref', 'HEAD'));
    expect(info.remote).toBe('https://new.example.com/o/app.git');
    expect(info.shallow).toBeUndefined();
    git(dir, 'remote', 'remove', 'origin');
    expect(gitInfo(dir).remote).toBe('git@example.com:o/backup.git');
  });

  it('a detached HEAD has a commit and no branch; a branch without commits has neither', async () => {
    const dir = await makeGitRepo({ 'a.txt': 'a\n' });
    git(dir, 'checkout', '-q', '--detach');
    expect(gitInfo(dir)).toMatchObject({ commit: git(dir, 'rev-parse', 'HEAD'), branch: undefined });
    const empty = tempDir('readiness-unborn-');
    git(empty, 'init', '-q');
    const info = gitInfo(empty);
    expect(info.topLevel).toBeDefined();
    expect(info.commit).toBeUndefined();
    expect(info.branch).toBeUndefined();
    expect(info.remote).toBeUndefined();
  });

  it('gitInfoAsync (status left running while the audit judges) answers as gitInfo: clean, dirty, detached, unborn', async () => {
    const dir = await makeGitRepo({ 'a.txt': 'a\n' });
    git(dir, 'remote', 'add', 'origin', 'https://example.com/o/app.git');
    const clean = await gitInfoAsync(dir);
    expect(clean).toEqual(gitInfo(dir));
    expect(clean).toMatchObject({
      commit: git(dir, 'rev-parse', 'HEAD'),
      dirty: false,
      remote: 'https://example.com/o/app.git',
    });
    fs.writeFileSync(path.join(dir, 'a.txt'), 'changed\n');
    const dirty = await gitInfoAsync(dir);
    expect(dirty.dirty).toBe(true);
    expect(dirty).toEqual(gitInfo(dir));
    git(dir, 'checkout', '-q', '--detach');
    expect(await gitInfoAsync(dir)).toEqual(gitInfo(dir));
    const empty = tempDir('readiness-unborn-');
    git(empty, 'init', '-q');
    expect(await gitInfoAsync(empty)).toEqual(gitInfo(empty));
    const none = tempDir('readiness-no-git-');
    expect(await gitInfoAsync(none)).toEqual(gitInfo(none));
  });
});

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { defaultIgnored } from '../../src/repo/default-ignores.js';
import { GitRefSource, resolveCommit } from '../../src/repo/git-ref-source.js';
import { RepoIndex } from '../../src/repo/index.js';
import { makeGitRepo, writeFiles } from '../helpers.js';

const hashFile = (f: string) => crypto.createHash('sha1').update(fs.readFileSync(f)).digest('hex');

async function twoCommits(): Promise<string> {
  const dir = await makeGitRepo({
    'app/main.py': 'v1\n',
    'README.md': '# one\n',
    'svc/Dockerfile': 'FROM python:3.12\n',
    'node_modules/x/index.js': 'x\n',
  });
  const git = simpleGit(dir);
  writeFiles(dir, { 'app/main.py': 'v2\n', 'app/new.py': 'new\n' });
  fs.rmSync(path.join(dir, 'README.md'));
  fs.symlinkSync('../README.md', path.join(dir, 'app', 'link.md'));
  fs.writeFileSync(path.join(dir, 'big.bin'), Buffer.alloc(5000, 1));
  await git.add(['-A']);
  await git.commit('second');
  await git.addTag('v2');
  // uncommitted work in the tree and in the index, which a --ref audit must never touch
  writeFiles(dir, { 'app/main.py': 'uncommitted\n', 'staged.py': 'staged\n' });
  await git.add(['staged.py']);
  return dir;
}

describe('GitRefSource (files straight from the git object database)', () => {
  it('reads an older commit without touching the work tree or the index', async () => {
    const dir = await twoCommits();
    const git = simpleGit(dir);
    const status = (await git.raw(['status', '--porcelain'])).trim();
    const indexHash = hashFile(path.join(dir, '.git', 'index'));
    const head = (await git.revparse(['HEAD'])).trim();

    const src = new GitRefSource(dir, 'HEAD~1', 1024 * 1024, defaultIgnored);
    const idx = RepoIndex.fromSource(dir, src);
    expect(idx.sourceKind).toBe('git-ref');
    expect(idx.files.map((f) => f.path)).toEqual(['README.md', 'app/main.py', 'svc/Dockerfile']);
    expect(idx.read('app/main.py')).toBe('v1\n');
    expect(idx.read('README.md')).toBe('# one\n');

    expect((await git.raw(['status', '--porcelain'])).trim()).toBe(status);
    expect(hashFile(path.join(dir, '.git', 'index'))).toBe(indexHash);
    expect((await git.revparse(['HEAD'])).trim()).toBe(head);
    expect(fs.readFileSync(path.join(dir, 'app/main.py'), 'utf8')).toBe('uncommitted\n');
  });

  it('reads a tag: committed content only, symlinks skipped, size cap honoured', async () => {
    const dir = await twoCommits();
    const idx = RepoIndex.fromSource(dir, new GitRefSource(dir, 'v2', 1000, defaultIgnored), { maxFileBytes: 1000 });
    expect(idx.files.map((f) => f.path)).toEqual(['app/main.py', 'app/new.py', 'big.bin', 'svc/Dockerfile']);
    expect(idx.read('app/main.py')).toBe('v2\n');
    expect(idx.has('staged.py')).toBe(false);
    expect(idx.skipped).toEqual(
      expect.arrayContaining([
        { path: 'app/link.md', reason: 'not-a-file' },
        { path: 'big.bin', reason: 'too-large' },
      ]),
    );
    expect(idx.get('big.bin')!.tooLarge).toBe(true);
    expect(idx.read('big.bin')).toBeUndefined();
  });

  it('from a sub-directory, lists that directory with relative paths', async () => {
    const dir = await twoCommits();
    const idx = RepoIndex.fromSource(path.join(dir, 'app'), new GitRefSource(path.join(dir, 'app'), 'HEAD', 1 << 20));
    expect(idx.files.map((f) => f.path)).toEqual(['main.py', 'new.py']);
    expect(idx.read('new.py')).toBe('new\n');
  });

  it('reads many files across batches and binary content byte for byte', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`src/f${i}.txt`] = `file ${i}\n`.repeat((i % 7) + 1);
    const dir = await makeGitRepo(files);
    const bin = crypto.randomBytes(3000);
    fs.writeFileSync(path.join(dir, 'blob.dat'), bin);
    await simpleGit(dir).add(['blob.dat']);
    await simpleGit(dir).commit('bin');
    const src = new GitRefSource(dir, 'HEAD', 1 << 20, undefined, 500); // ~20 files per `git cat-file --batch`
    const listed = src.list().files;
    expect(listed).toHaveLength(301);
    for (const i of [299, 0, 150]) expect(src.read(`src/f${i}.txt`)!.toString()).toBe(files[`src/f${i}.txt`]);
    expect(src.read('blob.dat')!.equals(bin)).toBe(true);
    expect(src.read('missing.txt')).toBeUndefined();
  });

  it('names a revision that is not a commit', async () => {
    const dir = await makeGitRepo({ 'a.txt': 'a\n' });
    expect(() => resolveCommit(dir, 'no-such-branch')).toThrow(UserError);
    expect(() => resolveCommit(dir, '--output=/tmp/x')).toThrow(/invalid git revision/);
    expect(resolveCommit(dir, 'main')).toMatch(/^[0-9a-f]{40}$/);
  });
});

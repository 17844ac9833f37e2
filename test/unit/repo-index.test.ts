import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RepoIndex } from '../../src/repo/index.js';
import { WorkTreeSource } from '../../src/repo/sources.js';
import { makeGitRepo, tempDir, writeFiles } from '../helpers.js';

describe('RepoIndex over a git work tree', () => {
  it('lists tracked and untracked-not-ignored files, and skips ignored ones', async () => {
    const dir = await makeGitRepo({ 'app.py': 'print(1)\n', '.gitignore': 'secret.txt\nlogs/\n' });
    writeFiles(dir, { 'new.py': 'x = 1\n', 'secret.txt': 'ignored', 'logs/a.log': 'ignored' });
    const repo = RepoIndex.fromDirectory(dir);
    expect(repo.sourceKind).toBe('git');
    expect(repo.files.map((f) => f.path)).toEqual(['.gitignore', 'app.py', 'new.py']);
  });

  it('does not list files deleted from the work tree', async () => {
    const dir = await makeGitRepo({ 'a.py': 'a\n', 'b.py': 'b\n' });
    fs.rmSync(path.join(dir, 'b.py'));
    expect(RepoIndex.fromDirectory(dir).files.map((f) => f.path)).toEqual(['a.py']);
  });

  it('audits a sub-directory of a repository with paths relative to it', async () => {
    const dir = await makeGitRepo({ 'svc/app.py': 'x\n', 'other/b.py': 'y\n' });
    expect(RepoIndex.fromDirectory(path.join(dir, 'svc')).files.map((f) => f.path)).toEqual(['app.py']);
  });
});

describe('RepoIndex over a plain directory', () => {
  it('walks honouring nested .gitignore files', () => {
    const dir = tempDir();
    writeFiles(dir, {
      '.gitignore': '*.log\n',
      'a.py': 'a',
      'debug.log': 'x',
      'sub/.gitignore': 'gen/\n',
      'sub/b.py': 'b',
      'sub/gen/c.py': 'c',
    });
    const repo = RepoIndex.fromDirectory(dir);
    expect(repo.sourceKind).toBe('walk');
    expect(repo.files.map((f) => f.path)).toEqual(['.gitignore', 'a.py', 'sub/.gitignore', 'sub/b.py']);
  });

  it('always skips dependencies, build output and test-data trees', () => {
    const dir = tempDir();
    writeFiles(dir, {
      'src/a.ts': 'a',
      'node_modules/x/index.js': 'x',
      'dist/a.js': 'a',
      'vendor/lib.go': 'v',
      'fixtures/case/Dockerfile': 'FROM x',
      'tests/fixtures/data.json': '{}',
      '.venv/lib/site.py': 's',
    });
    expect(RepoIndex.fromDirectory(dir).files.map((f) => f.path)).toEqual(['src/a.ts']);
  });

  it("skips a root external/ folder of checked-in dependencies but keeps the project's own nested external/ code", () => {
    const dir = tempDir();
    writeFiles(dir, {
      'external/zlib/zlib.h': 'z',
      'src/plugins/external/cors.ts': 'export default cors',
    });
    expect(RepoIndex.fromDirectory(dir).files.map((f) => f.path)).toEqual(['src/plugins/external/cors.ts']);
  });

  it('honours extra ignore globs from config', () => {
    const dir = tempDir();
    writeFiles(dir, { 'legacy/old.py': 'x', 'new.py': 'y' });
    expect(RepoIndex.fromDirectory(dir, { ignore: ['legacy/**'] }).files.map((f) => f.path)).toEqual(['new.py']);
  });

  it('never follows a symlink out of the root, but keeps links inside it', () => {
    const outside = tempDir('readiness-outside-');
    writeFiles(outside, { passwd: 'root:x:0:0' });
    const dir = tempDir();
    writeFiles(dir, { 'real.py': 'print(1)\n' });
    fs.symlinkSync(path.join(outside, 'passwd'), path.join(dir, 'leak.txt'));
    fs.symlinkSync(outside, path.join(dir, 'outdir'));
    fs.symlinkSync(path.join(dir, 'real.py'), path.join(dir, 'alias.py'));
    const repo = RepoIndex.fromDirectory(dir);
    expect(repo.files.map((f) => f.path)).toEqual(['alias.py', 'real.py']);
    expect(repo.skipped).toContainEqual({ path: 'leak.txt', reason: 'symlink-outside-root' });
    expect(repo.read('alias.py')).toBe('print(1)\n');
  });

  it('reads through folders resolved once, never out of the root, following links inside it', () => {
    const outside = tempDir('readiness-outside-');
    writeFiles(outside, { passwd: 'root:x:0:0' });
    const dir = tempDir();
    writeFiles(dir, { 'src/app.py': 'print(1)\n', 'src/deep/mod.py': 'x = 1\n' });
    fs.symlinkSync(outside, path.join(dir, 'outdir'));
    fs.symlinkSync(path.join(dir, 'src'), path.join(dir, 'srclink'));
    fs.symlinkSync(path.join(outside, 'passwd'), path.join(dir, 'src', 'leak.txt'));
    fs.symlinkSync('app.py', path.join(dir, 'src', 'alias.py'));
    // A named pipe must be refused without waiting for a writer (mkfifo(1) where there is one).
    const fifo = spawnSync('mkfifo', [path.join(dir, 'src', 'pipe')]).status === 0;
    const source = new WorkTreeSource(dir, 1 << 20, () => false);
    const text = (p: string) => source.read(p)?.toString('utf8');
    expect(text('src/app.py')).toBe('print(1)\n');
    expect(text('src/deep/mod.py')).toBe('x = 1\n');
    expect(text('srclink/app.py')).toBe('print(1)\n');
    expect(text('src/alias.py')).toBe('print(1)\n');
    expect(text('outdir/passwd')).toBeUndefined();
    expect(text('src/leak.txt')).toBeUndefined();
    expect(text('src/../outdir/passwd')).toBeUndefined();
    expect(text('src/missing.py')).toBeUndefined();
    expect(text('src')).toBeUndefined();
    if (fifo) expect(text('src/pipe')).toBeUndefined();
  });

  it('reports a symlink to a missing file as not a file, not as an unreadable one that could hide content', () => {
    const dir = tempDir();
    writeFiles(dir, { 'real.py': 'print(1)\n', 'data/seed.json': '{}' });
    fs.symlinkSync('../data/missing.json', path.join(dir, 'data', 'dangling.json'));
    fs.symlinkSync('seed.json', path.join(dir, 'data', 'alias.json'));
    const repo = RepoIndex.fromDirectory(dir);
    expect(repo.skipped).toEqual([{ path: 'data/dangling.json', reason: 'not-a-file' }]);
    expect(repo.read('data/alias.json')).toBe('{}');
  });

  it('caps file size: a large file is listed but never read', () => {
    const dir = tempDir();
    writeFiles(dir, { 'big.py': 'x = 1\n'.repeat(1000), 'small.py': 'y = 2\n' });
    const repo = RepoIndex.fromDirectory(dir, { maxFileBytes: 1000 });
    expect(repo.get('big.py')?.tooLarge).toBe(true);
    expect(repo.read('big.py')).toBeUndefined();
    expect(repo.skipped).toContainEqual({ path: 'big.py', reason: 'too-large' });
    expect(repo.read('small.py')).toBe('y = 2\n');
  });

  it('treats binary files as opaque', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
    const repo = RepoIndex.fromDirectory(dir);
    expect(repo.read('logo.png')).toBeUndefined();
    expect(repo.isBinary('logo.png')).toBe(true);
    expect(repo.grep(/PNG/)).toEqual([]);
  });
});

describe('RepoIndex queries', () => {
  const repo = RepoIndex.fromMemory({
    'app/main.py': 'import os\n\n@app.get("/health")\ndef health():\n    return {"ok": True}\n',
    'app/util.py': 'def f():\n    pass\n',
    'tests/test_main.py': 'def test_health():\n    assert True\n',
    'README.md': '# Title\n',
    'config.yaml': 'a: 1\n---\nb: [2\n',
    'package.json': '{"name": "x"}',
  });

  it('greps with 1-based line numbers and excerpts', () => {
    expect(repo.grep(/@app\.get\("([^"]+)"\)/)).toEqual([
      { path: 'app/main.py', line: 3, text: '@app.get("/health")', groups: ['@app.get("/health")', '/health'] },
    ]);
  });

  it('filters grep by glob, language and kind', () => {
    expect(repo.grep(/def /, { kinds: ['test'] }).map((m) => m.path)).toEqual(['tests/test_main.py']);
    expect(repo.grep(/def /, { include: 'app/**', exclude: '**/util.py' }).map((m) => m.line)).toEqual([4]);
    expect(repo.grep(/Title/, { languages: ['python'] })).toEqual([]);
  });

  it('classifies files', () => {
    expect(repo.get('app/main.py')).toMatchObject({ language: 'python', kind: 'source', isTest: false });
    expect(repo.get('tests/test_main.py')).toMatchObject({ kind: 'test', isTest: true });
    expect(repo.get('README.md')?.kind).toBe('docs');
    expect(repo.get('config.yaml')?.kind).toBe('config');
  });

  it('parses JSON and multi-document YAML tolerantly, with document lines', () => {
    expect(repo.json('package.json')).toEqual({ name: 'x' });
    const docs = repo.yamlDocuments('config.yaml');
    expect(docs).toHaveLength(2);
    expect(docs[0]).toMatchObject({ value: { a: 1 }, line: 1, errors: [] });
    expect(docs[1]!.line).toBe(3);
    expect(docs[1]!.errors.length).toBeGreaterThan(0);
  });

  it('reads each file once and caches it', () => {
    let reads = 0;
    const source = {
      kind: 'memory' as const,
      list: () => ({ files: [{ path: 'a.txt', size: 3 }], skipped: [] }),
      read: () => {
        reads++;
        return Buffer.from('abc');
      },
    };
    const idx = RepoIndex.fromSource('/x', source);
    idx.read('a.txt');
    idx.grep(/b/);
    idx.lines('a.txt');
    expect(reads).toBe(1);
  });

  it('globs and knows directories', () => {
    expect(repo.glob('**/*.py', { includeTests: false }).map((f) => f.path)).toEqual(['app/main.py', 'app/util.py']);
    expect(repo.hasDir('app')).toBe(true);
    expect(repo.hasDir('nope')).toBe(false);
  });

  it('answers a repeated glob the same, whatever the caller did with an earlier answer', () => {
    const idx = RepoIndex.fromMemory({ 'b.py': 'b\n', 'a.py': 'a\n', 'tests/test_a.py': 't\n', 'c.js': 'c\n' });
    const first = idx.glob('**/*.py');
    const paths = first.map((f) => f.path);
    first.reverse();
    first.push(idx.files.find((f) => f.path === 'c.js')!);
    expect(idx.glob('**/*.py').map((f) => f.path)).toEqual(paths);
    // Other options are other answers, not the cached one.
    expect(idx.glob('**/*.py', { includeTests: false }).map((f) => f.path)).toEqual(
      paths.filter((p) => !p.startsWith('tests/')),
    );
    expect(idx.glob(['**/*.py'], { kinds: [] })).toEqual([]);
  });
});

describe('RepoIndex: benchmark corpora', () => {
  it('leaves out a benchmarks folder holding copies of published packages named by version, not one copy alone', () => {
    const repo = RepoIndex.fromMemory({
      'site/src/main.rs': 'fn main() {}\n',
      'collector/compile-benchmarks/tinyjson-0.3.1/ARCHITECTURE.md': '# Architecture\n',
      'collector/compile-benchmarks/ringbuf-2.0.4-new-solver/src/lib.rs': 'pub fn f() {}\n',
      'collector/compile-benchmarks/deep-generics/src/main.rs': 'fn main() {}\n',
      'collector/runtime-benchmarks/hashmap/src/main.rs': 'fn main() {}\n',
      'benches/serde-1.0.219/src/lib.rs': 'pub fn g() {}\n',
    });
    expect(repo.files.map((f) => f.path)).toEqual([
      'benches/serde-1.0.219/src/lib.rs',
      'collector/runtime-benchmarks/hashmap/src/main.rs',
      'site/src/main.rs',
    ]);
    expect(repo.holdsIgnored('collector/compile-benchmarks')).toBe(true);
  });
});

describe('RepoIndex: Hugo themes', () => {
  it("leaves out a Hugo theme copied under themes/ (its theme file, or its layouts and example site), not a site's own pages", () => {
    const repo = RepoIndex.fromMemory({
      'main.go': 'package main\n',
      'docs/config.toml': 'theme = "paper"\n',
      'docs/content/design.md': '# Design\n',
      'docs/themes/paper/theme.toml': 'name = "paper"\n',
      'docs/themes/paper/exampleSite/content/api/petstore.json': '{"openapi": "3.0.2"}\n',
      'docs/themes/paper/static/js/menu.js': 'export const open = () => 1;\n',
      'site/themes/plain/layouts/_default/single.html': '<main></main>\n',
      'site/themes/plain/exampleSite/content/_index.md': '# Demo\n',
      'web/themes/dark/colors.css': 'body { color: #eee; }\n',
      'web/themes/dark/layouts/base.css': 'main { margin: 0; }\n',
      'app/src/themes/dark/theme.json': '{"primary": "#123456"}\n',
      'app/src/themes/dark/index.ts': 'export const dark = { primary: "#123456" };\n',
    });
    expect(repo.files.map((f) => f.path)).toEqual([
      'app/src/themes/dark/index.ts',
      'app/src/themes/dark/theme.json',
      'docs/config.toml',
      'docs/content/design.md',
      'main.go',
      'web/themes/dark/colors.css',
      'web/themes/dark/layouts/base.css',
    ]);
    expect(repo.holdsIgnored('docs/themes/paper')).toBe(true);
  });
});

describe('RepoIndex.readOnce', () => {
  /** A source that counts how often each file is read. */
  function countingSource(files: Record<string, string>) {
    const reads = new Map<string, number>();
    const source = {
      kind: 'memory' as const,
      list: () => ({
        files: Object.entries(files).map(([p, t]) => ({ path: p, size: Buffer.byteLength(t) })),
        skipped: [],
      }),
      read: (p: string) => {
        reads.set(p, (reads.get(p) ?? 0) + 1);
        return p in files ? Buffer.from(files[p]!) : undefined;
      },
    };
    return { source, reads };
  }

  it('reads a file without keeping its text, and uses a text read() kept', () => {
    const { source, reads } = countingSource({ 'a.po': 'msgid "x"\n', 'b.ts': 'export const b = 1;\n' });
    const repo = RepoIndex.fromSource('/memory', source);
    expect(repo.readOnce('a.po')).toBe('msgid "x"\n');
    expect(repo.readOnce('a.po')).toBe('msgid "x"\n');
    expect(reads.get('a.po')).toBe(2);
    expect(repo.read('b.ts')).toBe('export const b = 1;\n');
    expect(repo.readOnce('b.ts')).toBe('export const b = 1;\n');
    expect(reads.get('b.ts')).toBe(1);
  });

  it('remembers a binary file as unreadable', () => {
    const { source, reads } = countingSource({ 'logo.png': '\u0000PNG' });
    const repo = RepoIndex.fromSource('/memory', source);
    expect(repo.readOnce('logo.png')).toBeUndefined();
    expect(repo.read('logo.png')).toBeUndefined();
    expect(reads.get('logo.png')).toBe(1);
  });
});

describe('RepoIndex leaves out copies of Go dependencies', () => {
  const files = (replace = ''): Record<string, string> => ({
    'go.mod': `module example.com/svc\n\nrequire (\n\tgithub.com/acme/kit v1.2.0\n\texample.com/svc/api v0.3.0\n)\n${replace}`,
    'main.go': 'package main\n',
    'licenses/github.com/acme/kit/go.mod': 'module github.com/acme/kit\n',
    'licenses/github.com/acme/kit/kit.go': 'package kit\n',
    'api/go.mod': 'module example.com/svc/api\n',
    'api/api.go': 'package api\n',
    'tools/github.com/acme/lint/go.mod': 'module github.com/acme/lint\n',
    'tools/github.com/acme/lint/main.go': 'package main\n',
  });

  it('drops a folder laid out by the module path its go.mod declares, which another go.mod requires', () => {
    const paths = RepoIndex.fromMemory(files()).files.map((f) => f.path);
    expect(paths).not.toContain('licenses/github.com/acme/kit/kit.go');
    // The project's own nested module, and a module laid out by its path that nothing requires, stay.
    expect(paths).toEqual(expect.arrayContaining(['api/api.go', 'tools/github.com/acme/lint/main.go']));
  });

  it('keeps the folder a go.mod replaces the module with', () => {
    const repo = RepoIndex.fromMemory(files('\nreplace github.com/acme/kit => ./licenses/github.com/acme/kit\n'));
    expect(repo.has('licenses/github.com/acme/kit/kit.go')).toBe(true);
  });
});

describe('RepoIndex: files a package.json script hands to a test runner', () => {
  const repo = RepoIndex.fromMemory({
    'package.json': JSON.stringify({
      name: 'relay',
      scripts: {
        start: 'bun src/server.ts',
        'test:live': 'bun test ./src/live-check.ts',
        'test:unit': 'npx vitest run --config vitest.unit.ts src/parse-probe.ts && node src/report.ts',
        'test:setup': 'mocha --require ./src/env.ts spec',
      },
    }),
    'src/server.ts': 'Bun.serve({ fetch: () => new Response("ok") });\n',
    'src/live-check.ts': 'import { test } from "bun:test";\ntest("up", () => {});\n',
    'src/parse-probe.ts': 'export const probe = 1;\n',
    'src/report.ts': 'console.log("done");\n',
    'src/env.ts': 'export const env = process.env;\n',
    'vitest.unit.ts': 'export default {};\n',
    'tools/package.json': JSON.stringify({ scripts: { test: 'jest ../tools/smoke.js' } }),
    'tools/smoke.js': 'module.exports = 1;\n',
  });

  it('marks a file named after the runner as a test, relative to its package.json', () => {
    expect(repo.get('src/live-check.ts')).toMatchObject({ isTest: true, kind: 'test' });
    expect(repo.get('src/parse-probe.ts')?.isTest).toBe(true);
    expect(repo.get('tools/smoke.js')?.isTest).toBe(true);
  });

  it('leaves the start command, a later command and an option value alone', () => {
    expect(repo.get('src/server.ts')?.isTest).toBe(false);
    expect(repo.get('src/report.ts')?.isTest).toBe(false);
    expect(repo.get('src/env.ts')?.isTest).toBe(false);
    expect(repo.get('vitest.unit.ts')?.isTest).toBe(false);
  });
});

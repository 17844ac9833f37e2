import { describe, expect, it, vi } from 'vitest';
import { FILE_NO, pathFreeSelection, RepoIndex } from '../../src/repo/index.js';
import { RepoView } from '../../src/repo/view.js';

const repo = RepoIndex.fromMemory({
  'README.md': '# shop\n',
  'package.json': '{"private":true,"workspaces":["apps/*","packages/*"]}',
  'apps/api/package.json': '{"name":"api"}',
  'apps/api/src/main.ts': 'import { db } from "@shop/db";\nconsole.log(db);\n',
  'apps/api/tests/main.test.ts': 'test("x", () => {});\n',
  'apps/api/admin/package.json': '{"name":"admin"}',
  'apps/api/admin/index.ts': 'export {};\n',
  'packages/db/index.ts': 'export const db = 1;\n',
  'packages/ui/index.ts': 'export const ui = 1;\n',
  'compose.yml': 'services:\n  api:\n    build: ./apps/api\n',
});

describe('RepoView: a component re-rooted at its folder', () => {
  const view = new RepoView(repo, {
    base: 'apps/api',
    exclude: ['apps/api/admin'],
    mounts: ['packages/db', 'package.json'],
  });

  it("a nested component's files are not its own, yet still in the repository", () => {
    expect(view.has('admin/index.ts')).toBe(false);
    expect(view.inRepository('admin/index.ts')).toBe(true);
    expect(view.inRepository('admin')).toBe(true);
    expect(view.inRepository('src/main.ts')).toBe(true);
    expect(view.inRepository('admin/missing.ts')).toBe(false);
  });

  it('lists its own files (nested components left out) and the mounted ones under ../ paths', () => {
    expect(view.files.map((f) => f.path)).toEqual([
      '../../package.json',
      '../../packages/db/index.ts',
      'package.json',
      'src/main.ts',
      'tests/main.test.ts',
    ]);
    expect(view.base).toBe('apps/api');
    expect(view.root).toBe('/memory/apps/api');
  });

  it('keeps the classification of the whole repository', () => {
    expect(view.get('tests/main.test.ts')).toMatchObject({ isTest: true, kind: 'test', language: 'typescript' });
  });

  it('globs and greps its own files and what it mounts only', () => {
    // A pattern that matches anywhere matches the mounted workspace package too; a root-anchored one does not.
    expect(view.glob('**/*.ts').map((f) => f.path)).toEqual([
      '../../packages/db/index.ts',
      'src/main.ts',
      'tests/main.test.ts',
    ]);
    expect(view.glob('src/**/*.ts').map((f) => f.path)).toEqual(['src/main.ts']);
    expect(view.grep(/export const/).map((m) => m.path)).toEqual(['../../packages/db/index.ts']);
    expect(view.has('admin/index.ts')).toBe(false);
    expect(view.read('admin/index.ts')).toBeUndefined();
  });

  it('reaches any other repository file by an explicit ../ path, canonicalising paths that come back inside', () => {
    expect(view.has('../../compose.yml')).toBe(true);
    expect(view.read('../../compose.yml')).toContain('build: ./apps/api');
    expect(view.lineText('../../README.md', 1)).toBe('# shop');
    expect(view.has('../../apps/api/src/main.ts')).toBe(true);
    expect(view.read('../api/src/main.ts')).toContain('@shop/db');
    expect(view.hasDir('../../packages/ui')).toBe(true);
    expect(view.get('../../packages/ui/index.ts')?.path).toBe('../../packages/ui/index.ts');
    expect(view.has('../../nowhere.ts')).toBe(false);
    // The repository's root is a folder too (a root Dockerfile's build context, seen from the component).
    expect(view.hasDir('../..')).toBe(true);
    expect(view.hasDir('../../')).toBe(true);
    expect(view.hasDir('../../nowhere')).toBe(false);
  });

  it('maps its paths to repository paths and back', () => {
    expect(view.toRepo('src/main.ts')).toBe('apps/api/src/main.ts');
    expect(view.toRepo('.')).toBe('apps/api');
    expect(view.toRepo('../../compose.yml')).toBe('compose.yml');
    expect(view.fromRepo('compose.yml')).toBe('../../compose.yml');
    expect(view.fromRepo('apps/api/src/main.ts')).toBe('src/main.ts');
    expect(view.fromRepo('apps/api')).toBe('.');
  });

  it('the root view of a repository with nested components leaves them out and keeps paths as they are', () => {
    const root = new RepoView(repo, { base: '.', exclude: ['apps/api'] });
    expect(root.files.map((f) => f.path)).toEqual([
      'README.md',
      'compose.yml',
      'package.json',
      'packages/db/index.ts',
      'packages/ui/index.ts',
    ]);
    expect(root.toRepo('README.md')).toBe('README.md');
    expect(root.has('apps/api/src/main.ts')).toBe(false);
  });

  it('shares lines and per-file parses with the whole index: a file is parsed once however many views read it', () => {
    const other = new RepoView(repo, { base: 'apps/api', exclude: ['apps/api/admin'], mounts: ['package.json'] });
    expect(view.json('package.json')).toEqual({ name: 'api' });
    expect(view.json('package.json')).toBe(repo.json('apps/api/package.json'));
    expect(other.json('../../package.json')).toBe(view.json('../../package.json'));
    expect(view.lines('src/main.ts')).toBe(repo.lines('apps/api/src/main.ts'));
    expect(view.lineAt('src/main.ts', 31)).toBe(2);
    let computed = 0;
    const parse = () => ++computed;
    expect(view.fileMemo('count', 'src/main.ts', parse)).toBe(1);
    expect(other.fileMemo('count', 'src/main.ts', parse)).toBe(1);
    expect(repo.fileMemo('count', 'apps/api/src/main.ts', parse)).toBe(1);
    // A nested component's file is not the view's: it reads nothing there and shares nothing with the index.
    expect(view.lines('admin/index.ts')).toEqual([]);
    expect(view.json('admin/package.json')).toBeUndefined();
    expect(repo.json('apps/api/admin/package.json')).toEqual({ name: 'admin' });
  });

  it("shares a pattern's matches per repository file: found once, given in each view's paths, never aliased", () => {
    const whole = RepoIndex.fromMemory({
      'apps/api/src/a.ts': 'const x = 1;\nconst y = 2;\n',
      'packages/db/index.ts': 'const db = 3;\n',
    });
    const api = new RepoView(whole, { base: 'apps/api', mounts: ['packages/db'] });
    const web = new RepoView(whole, { base: 'apps/web', mounts: ['packages/db'] });
    const reads: string[] = [];
    const read = whole.read.bind(whole);
    whole.read = (p: string) => {
      reads.push(p);
      return read(p);
    };
    const first = api.grep(/const (\w+)/);
    expect(first.map((m) => [m.path, m.line, m.groups[1]])).toEqual([
      ['../../packages/db/index.ts', 1, 'db'],
      ['src/a.ts', 1, 'x'],
      ['src/a.ts', 2, 'y'],
    ]);
    first[0]!.groups[1] = 'changed';
    const searched = reads.length;
    expect(web.grep(/const (\w+)/).map((m) => [m.path, m.groups[1]])).toEqual([['../../packages/db/index.ts', 'db']]);
    expect(whole.grep(/const (\w+)/, { limit: 2 }).map((m) => [m.path, m.line])).toEqual([
      ['apps/api/src/a.ts', 1],
      ['apps/api/src/a.ts', 2],
    ]);
    // Neither the second view nor the whole index ran the pattern again over a file already searched.
    expect(reads.length).toBe(searched);
  });

  it('tests a pattern on a repository file once, whichever view asks (holds)', () => {
    const whole = RepoIndex.fromMemory({
      'apps/api/main.go': 'package main\n\nfunc main() {}\n',
      'packages/db/db.go': 'package db\n',
    });
    const api = new RepoView(whole, { base: 'apps/api', mounts: ['packages/db'] });
    const mainPackage = /^package main\b/m;
    const tested: string[] = [];
    const test = mainPackage.test.bind(mainPackage);
    mainPackage.test = (text: string) => {
      tested.push(text.slice(0, 12));
      return test(text);
    };
    expect(api.holds(mainPackage, 'main.go')).toBe(true);
    expect(api.holds(mainPackage, '../../packages/db/db.go')).toBe(false);
    expect(whole.holds(mainPackage, 'apps/api/main.go')).toBe(true);
    expect(whole.holds(mainPackage, 'packages/db/db.go')).toBe(false);
    expect(api.holds(mainPackage, 'missing.go')).toBe(false);
    // The db file lacks the literal `package main`: the literal prefilter turns it away before the pattern runs.
    expect(tested).toEqual(['package main']);
  });

  it("selects with options whose answer is the same from any folder by the repository's selection, others on its own paths", () => {
    const paths = (opts: Parameters<typeof view.select>[0]) => view.select(opts).map((f) => f.path);
    expect(paths({ include: '**/*.ts' })).toEqual(['../../packages/db/index.ts', 'src/main.ts', 'tests/main.test.ts']);
    expect(paths({ include: ['**/package.json'], exclude: ['**/db'] })).toEqual(['../../package.json', 'package.json']);
    expect(paths({ kinds: ['test'] })).toEqual(['tests/main.test.ts']);
    expect(paths({ languages: ['typescript'], exclude: '**/*.test.ts' })).toEqual([
      '../../packages/db/index.ts',
      'src/main.ts',
    ]);
    // Globs anchored at the root are the view's own: `src/**` is the component's src folder, `*.json` its root files.
    expect(paths({ include: 'src/**/*.ts' })).toEqual(['src/main.ts']);
    expect(paths({ include: '*.json' })).toEqual(['package.json']);
    // The repository's membership is by file number: the api's main file and the db package, not the ui package.
    const members = repo.selectedNumbers({ include: '**/index.ts' });
    const numbered = (p: string) => members[repo.get(p)![FILE_NO]!] === 1;
    expect(['apps/api/admin/index.ts', 'packages/db/index.ts', 'packages/ui/index.ts'].every(numbered)).toBe(true);
    expect(numbered('apps/api/src/main.ts')).toBe(false);
    // A nested component's files stay out of the view even though the repository selects them.
    expect(paths({ include: '**/index.ts' })).toEqual(['../../packages/db/index.ts']);
  });

  it("takes the repository's file numbers for path-free options only (the fast path), its own globs otherwise", () => {
    const fresh = new RepoView(repo, {
      base: 'apps/api',
      exclude: ['apps/api/admin'],
      mounts: ['packages/db', 'package.json'],
    });
    const spy = vi.spyOn(repo, 'selectedNumbers');
    try {
      expect(fresh.select({ include: '**/*.ts' }).map((f) => f.path)).toEqual([
        '../../packages/db/index.ts',
        'src/main.ts',
        'tests/main.test.ts',
      ]);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy.mock.calls[0]![0]).toEqual({ include: '**/*.ts' });
      spy.mockClear();
      expect(fresh.select({ include: 'src/**/*.ts' }).map((f) => f.path)).toEqual(['src/main.ts']);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('tells the options whose answer is the same from any folder: kinds, languages, `**/` and one segment', () => {
    expect(pathFreeSelection({})).toBe(true);
    expect(pathFreeSelection({ kinds: ['source'], languages: ['go'] })).toBe(true);
    expect(pathFreeSelection({ include: ['**/Dockerfile', '**/*.{yml,yaml}'], exclude: '**/*.test.ts' })).toBe(true);
    expect(pathFreeSelection({ paths: ['a.ts'] })).toBe(false);
    expect(pathFreeSelection({ include: '*.ts' })).toBe(false);
    expect(pathFreeSelection({ include: ['**/*.ts', 'apps/**'] })).toBe(false);
    expect(pathFreeSelection({ include: '**/*.ts', exclude: '**/node_modules/**' })).toBe(false);
    expect(pathFreeSelection({ include: '**/' })).toBe(false);
  });

  it('an index that is not a view is its own repository', () => {
    expect(repo.base).toBe('.');
    expect(repo.toRepo('a/b.ts')).toBe('a/b.ts');
    expect(repo.fromRepo('a/b.ts')).toBe('a/b.ts');
  });
});

import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { RepoIndex } from './index.js';

/**
 * Whether a .gitignore of the repository ignores a path (as the index or view names it): something generated or
 * built that the repository never holds. A component's view does not list the root .gitignore, which still applies to
 * its files, so the whole repository's files are read.
 */
export function gitignoredMatcher(view: RepoIndex): (p: string) => boolean {
  const repo = view.wholeRepo();
  const inRepo = repo.memo('repo:gitignored', () => {
    const rules: { dir: string; ig: Ignore }[] = repo
      .byName(/^\.gitignore$/)
      .map((f) => ({ dir: path.posix.dirname(f.path), ig: ignore().add(repo.read(f.path) ?? '') }));
    return (p: string): boolean =>
      rules.some((r) => {
        const rel = r.dir === '.' ? p : p.startsWith(`${r.dir}/`) ? p.slice(r.dir.length + 1) : undefined;
        if (!rel || rel.startsWith('..') || rel.startsWith('/')) return false;
        try {
          // A folder named without its trailing slash is still matched by a folder rule (`dist/`).
          return r.ig.ignores(rel) || r.ig.ignores(`${rel}/`);
        } catch {
          return false;
        }
      });
  });
  if (view === repo) return inRepo;
  return (p: string) => {
    const r = view.toRepo(p);
    return !r.startsWith('..') && inRepo(r);
  };
}

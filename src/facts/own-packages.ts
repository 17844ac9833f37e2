import path from 'node:path';
import type { RepoIndex } from '../repo/index.js';
import { goModulePath } from './manifests.js';

/** A package name compared across ecosystems' spellings (`Flask`, `flask`; `discord.py`, `discord-py`). */
export const normalName = (n: string): string => n.toLowerCase().replace(/[-_.]/g, '');

/**
 * The names the repository publishes itself under, as written: the root gemspec's name, package.json and pyproject
 * names, and the Go module path (cobra's doc generators import github.com/spf13/cobra, its own module).
 */
export function ownPackageRawNames(
  repo: RepoIndex,
  pkgJson: Record<string, any> | undefined,
  pyproject: Record<string, any> | undefined,
): string[] {
  const names: string[] = [];
  for (const g of repo.glob('*.gemspec')) {
    const m = /\.name\s*=\s*["']([\w.-]+)["']/.exec(repo.read(g.path) ?? '');
    names.push(m?.[1] ?? path.posix.basename(g.path, '.gemspec'));
  }
  for (const n of [pkgJson?.name, pyproject?.project?.name, pyproject?.tool?.poetry?.name])
    if (typeof n === 'string') names.push(n);
  const goModule = goModulePath(repo);
  if (goModule) names.push(goModule);
  return names;
}

/** The same names compared with normalName. */
export function ownPackageNames(
  repo: RepoIndex,
  pkgJson: Record<string, any> | undefined,
  pyproject: Record<string, any> | undefined,
): Set<string> {
  return new Set(ownPackageRawNames(repo, pkgJson, pyproject).map(normalName));
}

/** The folder of the repository's package.json whose `name` is this (a workspace package), if there is one. */
export function packageFolderNamed(repo: RepoIndex, name: string): string | undefined {
  return repo
    .memo('own-packages:folders-by-name', () => {
      const byName = new Map<string, string>();
      for (const f of repo.byName(/^package\.json$/)) {
        const n = (repo.json(f.path) as { name?: unknown } | undefined)?.name;
        if (typeof n === 'string' && !byName.has(n)) byName.set(n, path.posix.dirname(f.path));
      }
      return byName;
    })
    .get(name);
}

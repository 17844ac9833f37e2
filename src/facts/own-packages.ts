import path from 'node:path';
import type { RepoIndex } from '../repo/index.js';

/** A package name compared across ecosystems' spellings (`Flask`, `flask`; `discord.py`, `discord-py`). */
export const normalName = (n: string): string => n.toLowerCase().replace(/[-_.]/g, '');

/** The names the repository publishes itself under: the root gemspec's name, package.json and pyproject names. */
export function ownPackageNames(
  repo: RepoIndex,
  pkgJson: Record<string, any> | undefined,
  pyproject: Record<string, any> | undefined,
): Set<string> {
  const names = new Set<string>();
  for (const g of repo.glob('*.gemspec')) {
    const m = /\.name\s*=\s*["']([\w.-]+)["']/.exec(repo.read(g.path) ?? '');
    names.add(normalName(m?.[1] ?? path.posix.basename(g.path, '.gemspec')));
  }
  for (const n of [pkgJson?.name, pyproject?.project?.name, pyproject?.tool?.poetry?.name])
    if (typeof n === 'string') names.add(normalName(n));
  // A Go module importing its own packages (cobra's doc generators import github.com/spf13/cobra).
  const goModule = /^module\s+(\S+)/m.exec(repo.read('go.mod') ?? '')?.[1];
  if (goModule) names.add(normalName(goModule));
  return names;
}

import path from 'node:path';
import type { RepoIndex } from './index.js';

/** Files that stand for a project, most telling first: its build manifests, then its image, then its README. */
const ANCHORS = [
  'package.json',
  'pyproject.toml',
  'go.mod',
  'pom.xml',
  'build.gradle.kts',
  'build.gradle',
  'Cargo.toml',
  'Gemfile',
  'composer.json',
  'mix.exs',
  'requirements.txt',
  'setup.py',
  'Pipfile',
  'Dockerfile',
  'README.md',
  'README.rst',
  'README',
];

/**
 * A real file of the repository that stands for the project as a whole (its shallowest build manifest, else its
 * Dockerfile or README): where a finding about something missing from the repository is anchored (SARIF needs a file).
 */
export function projectAnchor(repo: Pick<RepoIndex, 'files'>): string | undefined {
  let best: { path: string; depth: number; rank: number } | undefined;
  for (const f of repo.files) {
    if (f.isTest) continue;
    const rank = ANCHORS.indexOf(path.posix.basename(f.path));
    if (rank < 0) continue;
    const depth = f.path.split('/').length - 1;
    if (!best || depth < best.depth || (depth === best.depth && rank < best.rank)) best = { path: f.path, depth, rank };
  }
  return best?.path;
}

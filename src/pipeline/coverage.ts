// The report's coverage block: what the audit listed, what it could not read and why, and why git information is
// missing.
import type { Coverage } from '../report/schema.js';
import type { GitInfo } from '../repo/git.js';
import type { RepoIndex } from '../repo/index.js';
import type { SkippedFile } from '../repo/sources.js';

const FIRST_PATHS = 20;

/** Unread for reasons the user can act on come first: permissions before size caps and symlinks. */
const REASON_ORDER: SkippedFile['reason'][] = [
  'unreadable-directory',
  'unreadable',
  'too-large',
  'symlink-outside-root',
  'not-a-file',
];

export function coverageOf(repo: Pick<RepoIndex, 'files' | 'skipped' | 'sourceKind'>, git: GitInfo): Coverage {
  const byReason: Coverage['unread']['byReason'] = {};
  for (const s of repo.skipped) byReason[s.reason] = (byReason[s.reason] ?? 0) + 1;
  const first = [...repo.skipped]
    .sort((a, b) => REASON_ORDER.indexOf(a.reason) - REASON_ORDER.indexOf(b.reason) || a.path.localeCompare(b.path))
    .slice(0, FIRST_PATHS)
    .map((s) => ({ path: s.path, reason: s.reason }));
  const listedBy = repo.sourceKind === 'git-ref' ? 'git-revision' : repo.sourceKind;
  const missing =
    git.unavailable ??
    (listedBy === 'walk' && !git.commit
      ? 'not a git repository: files were listed by walking the directory'
      : undefined);
  return {
    listedBy,
    files: repo.files.length,
    unread: { total: repo.skipped.length, byReason, first },
    git: { ...(missing ? { missing } : {}), ...(git.shallow ? { shallow: true } : {}) },
  };
}

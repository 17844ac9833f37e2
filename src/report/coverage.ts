// The coverage block in words, shared by every human format: what was listed, what was not read and why, and why git
// information is missing.
import type { Coverage } from './schema.js';

type Reason = Coverage['unread']['first'][number]['reason'];

export const UNREAD_REASON_TEXT: Record<Reason, string> = {
  unreadable: 'unreadable',
  'unreadable-directory': 'unreadable directory',
  'too-large': 'over the size cap',
  'symlink-outside-root': 'symlink out of the repository',
  'not-a-file': 'not a regular file',
};

const LISTED_BY: Record<Coverage['listedBy'], string> = {
  git: 'by git',
  'git-revision': 'from the git revision',
  walk: 'by walking the directory',
  memory: 'in memory',
};

export interface CoverageText {
  /** "412 files listed by git; 3 not read: 2 over the size cap, 1 unreadable" */
  summary: string;
  /** "Dockerfile (unreadable)", … the first unread paths. */
  unread: string[];
  /** Lines about git: why its information is missing, a shallow clone. */
  git: string[];
}

export function describeCoverage(c: Coverage): CoverageText {
  const files = `${c.files} file${c.files === 1 ? '' : 's'} listed ${LISTED_BY[c.listedBy]}`;
  const reasons = Object.entries(c.unread.byReason)
    .map(([r, n]) => `${n} ${UNREAD_REASON_TEXT[r as Reason]}`)
    .join(', ');
  const summary = c.unread.total ? `${files}; ${c.unread.total} not read: ${reasons}` : `${files}, all read`;
  const unread = c.unread.first.map((u) => `${u.path} (${UNREAD_REASON_TEXT[u.reason]})`);
  if (c.unread.total > c.unread.first.length) unread.push(`… and ${c.unread.total - c.unread.first.length} more`);
  const git: string[] = [];
  if (c.git.missing) git.push(`no git information: ${c.git.missing}`);
  if (c.git.shallow)
    git.push(
      'shallow clone: older commits are not in it (audit --ref and history --backfill see only what was fetched)',
    );
  return { summary, unread, git };
}

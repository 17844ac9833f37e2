// Which verdicts an unread file or directory could change: an unread Dockerfile must not leave a confident "no
// Dockerfile" gap behind. (The coverage block itself is assembled by the pipeline, src/pipeline/coverage.ts.)
import path from 'node:path';
import picomatch from 'picomatch';
import { classify, type FileKind } from '../repo/classify.js';
import type { SkippedFile } from '../repo/sources.js';
import type { CategoryId, Finding } from '../sdk/types.js';

/** The kinds of file each category's rules read: an unreadable file of such a kind could change their verdicts. */
const KINDS_READ: Record<CategoryId, FileKind[]> = {
  container: ['config', 'other', 'source'],
  deploy: ['config', 'other'],
  config: ['config', 'source', 'other'],
  deps: ['config', 'other', 'source'],
  data: ['source', 'config', 'other'],
  api: ['source', 'config', 'docs'],
  security: ['source', 'config', 'other', 'docs'],
  observability: ['source', 'config', 'other'],
  resilience: ['source', 'config'],
  testing: ['test', 'source', 'config', 'other'],
  ci: ['config', 'other'],
  docs: ['docs', 'other'],
  code: ['source'],
};

const DESCRIBE: Record<SkippedFile['reason'], string> = {
  unreadable: 'unreadable',
  'unreadable-directory': 'unreadable directory',
  'too-large': 'over the size cap',
  'symlink-outside-root': 'a symlink out of the repository',
  'not-a-file': 'not a regular file',
};

/** Whether a path is what the finding looked at or looked for (its evidence files, or a path or glob it searched). */
function namedBy(f: Finding): (p: string) => boolean {
  const exact = new Set<string>();
  const globs: string[] = [];
  for (const e of f.evidence) {
    if (e.path !== '.') exact.add(e.path);
    for (const q of e.searched ?? []) {
      if (/[*?[{]/.test(q)) globs.push(q);
      else exact.add(q);
    }
  }
  const glob = globs.length ? picomatch(globs, { dot: true }) : undefined;
  return (p) => exact.has(p) || exact.has(path.posix.basename(p)) || !!glob?.(p);
}

/** Whether an unread entry could change this finding's verdict. */
function couldChange(f: Finding, named: (p: string) => boolean, s: SkippedFile): boolean {
  if (s.reason === 'not-a-file') return false;
  if (s.reason === 'unreadable-directory') return true; // it could hold anything
  if (named(s.path)) return true;
  // An organisation's own category may read anything.
  const kinds = KINDS_READ[f.category as CategoryId] as FileKind[] | undefined;
  return s.reason === 'unreadable' && (!kinds || kinds.includes(classify(s.path)));
}

/**
 * Lowers the confidence of every verdict an unread file or directory could change, with a note naming what was not
 * read. Pure; returns new findings. Errors are left alone.
 */
export function applyCoverage(findings: readonly Finding[], skipped: readonly SkippedFile[]): Finding[] {
  if (!skipped.length) return [...findings];
  return findings.map((f) => {
    if (f.status === 'error') return f;
    const named = namedBy(f);
    const hits = skipped.filter((s) => couldChange(f, named, s));
    if (!hits.length) return f;
    const shown = hits
      .slice(0, 3)
      .map((s) => `${s.path} (${DESCRIBE[s.reason]})`)
      .join(', ');
    const more = hits.length > 3 ? ` and ${hits.length - 3} more` : '';
    return {
      ...f,
      confidence: 'low',
      evidence: [
        ...f.evidence,
        { kind: 'missing', path: '.', note: `not read: ${shown}${more}; the verdict may change once it can be read` },
      ],
    };
  });
}

// Auditing a git revision straight from the object database (no checkout): the source the pipeline reads instead of
// the work tree for `audit --ref` and `history --backfill`.
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { defaultIgnored } from '../repo/default-ignores.js';
import { GitRefSource } from '../repo/git-ref-source.js';
import { commitDate, type GitInfo, gitInfo, isLocalBranch, requireGitRepo, resolveCommit } from '../repo/git.js';
import { DEFAULT_MAX_FILE_BYTES, RepoIndex } from '../repo/index.js';

export interface RevisionSource {
  /** The resolved commit. */
  sha: string;
  /** The revision as the user named it (recorded as the run's `ref`). */
  ref: string;
  /** The commit's date: the run is dated by it. */
  startedAt?: string;
  /** Recorded against the commit, never dirty. */
  git: GitInfo;
  /** Builds the index from the revision's tree. */
  index: (root: string, opts: { ignore?: string[]; maxFileBytes?: number }) => RepoIndex;
}

/** The source for one revision of the repository at `dir`. */
export function revisionSource(dir: string, rev: string, branch?: string): RevisionSource {
  return revisionSources(dir)(rev, branch);
}

/**
 * Sources for many revisions of one repository (a backfill): the repository is checked and its remote and top level
 * read once, not once per commit (gitInfo runs `git status` and several other git commands).
 */
export function revisionSources(dir: string): (rev: string, branch?: string) => RevisionSource {
  const root = path.resolve(dir);
  if (!fs.existsSync(root)) throw new UserError(`no such directory: ${dir}`);
  requireGitRepo(root, '--ref');
  const { remote, topLevel } = gitInfo(root);
  return (rev, branch) => {
    const sha = resolveCommit(root, rev);
    const isBranch = () => isLocalBranch(root, rev);
    return {
      sha,
      ref: rev,
      startedAt: commitDate(root, sha),
      git: { commit: sha, branch: branch ?? (isBranch() ? rev : undefined), dirty: false, remote, topLevel },
      index: (r, opts) => {
        const max = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
        return RepoIndex.fromSource(r, new GitRefSource(r, sha, max, defaultIgnored), {
          ignore: opts.ignore,
          maxFileBytes: max,
        });
      },
    };
  };
}

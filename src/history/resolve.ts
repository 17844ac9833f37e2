import { UserError } from '../errors.js';
import fs from 'node:fs';
import path from 'node:path';
import { gitInfo, tryResolveCommit } from '../repo/git.js';
import { projectIdentity, type ProjectIdentity } from './identity.js';
import type { HistoryStore, RunSummary } from './store.js';

/** The absolute path of a project directory named on the command line; a UserError when it is missing or not a directory. */
export function resolveTarget(dir: string): string {
  const abs = path.resolve(dir);
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch {
    throw new UserError(`no such directory: ${dir}`);
  }
  if (!st.isDirectory()) throw new UserError(`not a directory: ${dir}`);
  return abs;
}

/** The history identity of the project in `dir` (git remote when there is one, else the resolved path). */
export function identityOf(dir: string): ProjectIdentity {
  const root = resolveTarget(dir);
  const git = gitInfo(root);
  return projectIdentity(root, git.remote, git.topLevel);
}

/**
 * A run named on the command line: a run id, or a git revision (sha, HEAD~1, branch, tag) resolved with
 * `git rev-parse` in `dir`, then the latest recorded run of the project for that commit.
 */
export function resolveRun(
  store: HistoryStore,
  projectKey: string,
  dir: string,
  spec: string,
): RunSummary & { viaCommit?: string } {
  if (/^\d+$/.test(spec)) {
    const run = store.getRun(Number(spec));
    if (run) return run;
  }
  const sha = tryResolveCommit(dir, spec);
  if (sha) {
    const run = store.runsForCommit(projectKey, sha)[0];
    if (!run)
      throw new UserError(
        `no recorded run for ${spec} (${sha.slice(0, 12)}); audit it with \`readiness audit --ref ${spec}\``,
      );
    return { ...run, viaCommit: sha };
  }
  throw new UserError(`"${spec}" is neither a recorded run id nor a git revision with a recorded run`);
}

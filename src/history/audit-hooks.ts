import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { GateResult } from '../commands/gates.js';
import type { PerformAuditOptions } from '../commands/perform-audit.js';
import { regressionGate } from '../commands/regression.js';
import type { Report } from '../report/schema.js';
import { defaultIgnored } from '../repo/default-ignores.js';
import { commitDate, GitRefSource, resolveCommit } from '../repo/git-ref-source.js';
import { gitInfo, isGitWorkTree, tryGit } from '../repo/git.js';
import { DEFAULT_MAX_FILE_BYTES, RepoIndex } from '../repo/index.js';
import type { ProjectIdentity } from './identity.js';
import { HistoryStore } from './store.js';

export type RefAuditOptions = Pick<PerformAuditOptions, 'index' | 'git' | 'ref'> & { sha: string; startedAt?: string };

/**
 * performAudit options that audit a git revision from the object database (no checkout): the run is recorded against
 * the resolved commit, with the revision as `ref`, never dirty, dated by the commit.
 */
export function refAuditOptions(dir: string, rev: string, branch?: string): RefAuditOptions {
  return refAuditor(dir)(rev, branch);
}

/**
 * refAuditOptions for many revisions of one repository (a backfill): the repository is checked and its remote and top
 * level read once, not once per commit (gitInfo runs `git status` and several other git commands).
 */
export function refAuditor(dir: string): (rev: string, branch?: string) => RefAuditOptions {
  const root = path.resolve(dir);
  if (!fs.existsSync(root) || !isGitWorkTree(root))
    throw new UserError(`--ref needs a git repository, and ${dir} is not one`);
  const { remote, topLevel } = gitInfo(root);
  return (rev, branch) => {
    const sha = resolveCommit(root, rev);
    const isBranch = () => !!tryGit(root, ['rev-parse', '--verify', '--quiet', `refs/heads/${rev}`])?.trim();
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

export interface RegressionOptions {
  dbPath: string;
  /** The history database when the caller has it open already (else it is opened read-only, if it exists). */
  store?: HistoryStore;
  /** --baseline, already loaded (a run id or a JSON report file) and how to name it. */
  baseline?: { report: Report; label: string };
  /** --baseline-branch: compare with the latest run on this branch instead of the current branch. */
  baselineBranch?: string;
}

/** Runs `read` on `store`, or on the database at `dbPath` opened read-only; `missing()` when there is no database. */
function readHistory<T>(
  dbPath: string,
  store: HistoryStore | undefined,
  missing: () => T,
  read: (s: HistoryStore) => T,
): T {
  if (store) return read(store);
  if (!fs.existsSync(dbPath)) return missing();
  const s = HistoryStore.open(dbPath, { readonly: true });
  try {
    return read(s);
  } finally {
    s.close();
  }
}

/** The --fail-on-regression gate for a finished audit (report.runId set when it was recorded). */
export async function regressionGateFor(
  report: Report,
  identity: ProjectIdentity,
  opts: RegressionOptions,
): Promise<GateResult> {
  if (opts.baseline) return regressionGate(opts.baseline.report, report, opts.baseline.label);
  const branch = opts.baselineBranch ?? report.target.branch ?? undefined;
  const where = branch ? `on ${branch}` : 'of this project';
  return readHistory(
    opts.dbPath,
    opts.store,
    () => regressionGate(undefined, report, `no recorded run ${where}`),
    (store) => {
      const run = store.latestRunBefore(identity.key, { branch, beforeRunId: report.runId });
      if (!run) return regressionGate(undefined, report, `no earlier recorded run ${where}`);
      return regressionGate(store.getReport(run.id), report, `run ${run.id} ${where}`);
    },
  );
}

/** The project's recorded scores, oldest first, for the html chart (empty when there is no history). */
export function trendFor(
  dbPath: string,
  projectKey: string,
  store?: HistoryStore,
  limit = 200,
): { runId: number; at: string; score: number | null }[] {
  return readHistory(
    dbPath,
    store,
    () => [],
    (s) => s.trend(projectKey, { limit }),
  );
}

// The --fail-on-regression gate for a finished audit: finds the baseline (a --baseline report, or the latest earlier run
// in the history) and compares. Loaded only when the flag is given.
import { nearest } from '../errors.js';
import type { ProjectIdentity } from '../history/identity.js';
import { readHistory } from '../history/read.js';
import type { HistoryStore } from '../history/store.js';
import type { Report } from '../report/schema.js';
import type { GateResult } from './gates.js';
import { regressionGate } from './regression.js';

export interface RegressionOptions {
  dbPath: string;
  /** The history database when the caller has it open already (else it is opened read-only, if it exists). */
  store?: HistoryStore;
  /** --baseline, already loaded (a run id or a JSON report file) and how to name it. */
  baseline?: { report: Report; label: string };
  /** --baseline-branch: compare with the latest run on this branch instead of the current branch. */
  baselineBranch?: string;
  /** --require-baseline: no baseline fails the gate instead of skipping it. */
  requireBaseline?: boolean;
}

/** The gate for `report` (report.runId set when it was recorded). */
export async function regressionGateFor(
  report: Report,
  identity: ProjectIdentity,
  opts: RegressionOptions,
): Promise<GateResult> {
  const gateOpts = { requireBaseline: opts.requireBaseline };
  if (opts.baseline) return regressionGate(opts.baseline.report, report, opts.baseline.label, gateOpts);
  const branch = opts.baselineBranch ?? report.target.branch ?? undefined;
  const where = branch ? `on ${branch}` : 'of this project';
  return readHistory(
    opts.dbPath,
    opts.store,
    () => regressionGate(undefined, report, `no history database at ${opts.dbPath}`, gateOpts),
    (store) => {
      const run = store.latestRunBefore(identity.key, { branch, beforeRunId: report.runId });
      if (run) return regressionGate(store.getReport(run.id), report, `run ${run.id} ${where}`, gateOpts);
      // A mistyped --baseline-branch finds nothing: name the branches that do have runs.
      const known = store.branches(identity.key).filter((b) => b !== branch);
      const near = opts.baselineBranch ? nearest(opts.baselineBranch, known) : undefined;
      const hint = near
        ? `; did you mean ${near}?`
        : opts.baselineBranch && known.length
          ? `; recorded branches: ${known.slice(0, 5).join(', ')}`
          : '';
      return regressionGate(undefined, report, `no earlier recorded run ${where}${hint}`, gateOpts);
    },
  );
}

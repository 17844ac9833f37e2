// The --fail-on-regression gate for a finished audit: finds the baseline (a --baseline report, or the latest earlier run
// in the history) and compares. Loaded only when the flag is given.
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
}

/** The gate for `report` (report.runId set when it was recorded). */
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

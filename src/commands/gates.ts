import type { Report } from '../report/schema.js';

export interface GateResult {
  name: string;
  passed: boolean;
  /** Why the gate failed (or what it checked). */
  message: string;
}

export interface GateOptions {
  minScore?: number;
}

/** Every CI gate, evaluated on the final report. Exit 1 when any fails; each failure is named. */
export function evaluateGates(report: Report, opts: GateOptions): GateResult[] {
  const gates: GateResult[] = [];
  if (opts.minScore !== undefined) {
    const score = report.score;
    gates.push(
      score === null
        ? { name: 'min-score', passed: false, message: `no rule applies to this project, so the score cannot reach ${opts.minScore}` }
        : { name: 'min-score', passed: score >= opts.minScore, message: `score ${score} ${score >= opts.minScore ? 'meets' : 'is below'} the minimum ${opts.minScore}` },
    );
  }
  return gates;
}

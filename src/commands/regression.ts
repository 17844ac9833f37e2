import type { Report } from '../report/schema.js';
import type { GateResult } from './gates.js';

export interface Regression {
  regressed: boolean;
  scoreFrom: number | null;
  scoreTo: number | null;
  /** The score fell (both scores known and the new one is lower). */
  scoreFell: boolean;
  /** Rules that are an open (unwaived) gap now and were not one in the baseline, sorted. */
  newGaps: string[];
  message: string;
}

function openGaps(r: Report): Set<string> {
  return new Set(r.findings.filter((f) => f.status === 'gap' && !f.waived).map((f) => f.ruleId));
}

/** Did `current` regress against `baseline`? Pure: a score that fell, or any gap that was not open in the baseline. */
export function findRegression(baseline: Report, current: Report): Regression {
  const before = openGaps(baseline);
  const newGaps = [...openGaps(current)].filter((id) => !before.has(id)).sort();
  const scoreFrom = baseline.score;
  const scoreTo = current.score;
  const scoreFell = scoreFrom !== null && scoreTo !== null && scoreTo < scoreFrom;
  const parts: string[] = [];
  if (scoreFell) parts.push(`score fell ${scoreFrom} → ${scoreTo}`);
  if (newGaps.length) parts.push(`new gap${newGaps.length > 1 ? 's' : ''}: ${newGaps.join(', ')}`);
  const regressed = parts.length > 0;
  const message = regressed
    ? parts.join('; ')
    : `no regression (score ${scoreFrom ?? 'n/a'} → ${scoreTo ?? 'n/a'}, no new gaps)`;
  return { regressed, scoreFrom, scoreTo, scoreFell, newGaps, message };
}

/** The `--fail-on-regression` gate; `label` names the baseline (e.g. "run 12 on main"). */
export function regressionGate(baseline: Report | undefined, current: Report, label: string): GateResult {
  if (!baseline) return { name: 'regression', passed: true, message: `no baseline to compare with (${label}); nothing can have regressed` };
  const r = findRegression(baseline, current);
  return { name: 'regression', passed: !r.regressed, message: `${r.message} (against ${label})` };
}

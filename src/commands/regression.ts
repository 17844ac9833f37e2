import type { Report } from '../report/schema.js';
import { isOpenGap } from '../report/score.js';
import type { GateResult } from './gates.js';

export interface Regression {
  regressed: boolean;
  scoreFrom: number | null;
  scoreTo: number | null;
  /** The score fell (both scores known and the new one is lower). */
  scoreFell: boolean;
  /** Rules that are an open (unwaived) gap now and were judged but not an open gap in the baseline, sorted. */
  newGaps: string[];
  /** Open gaps of rules the baseline did not run at all (a newer readiness, a rule turned on): reported, not failed. */
  unjudged: string[];
  message: string;
}

function openGaps(r: Report): Set<string> {
  return new Set(r.findings.filter(isOpenGap).map((f) => f.ruleId));
}

/**
 * Did `current` regress against `baseline`? Pure: a score that fell, or a gap in a rule the baseline judged (pass, n/a,
 * error or waived there). Gaps of rules the baseline never ran are listed but do not fail: the project did not change.
 */
export function findRegression(baseline: Report, current: Report): Regression {
  const before = openGaps(baseline);
  const ran = new Set(baseline.findings.map((f) => f.ruleId));
  const appeared = [...openGaps(current)].filter((id) => !before.has(id)).sort();
  const newGaps = appeared.filter((id) => ran.has(id));
  const unjudged = appeared.filter((id) => !ran.has(id));
  const scoreFrom = baseline.score;
  const scoreTo = current.score;
  const scoreFell = scoreFrom !== null && scoreTo !== null && scoreTo < scoreFrom;
  const parts: string[] = [];
  if (scoreFell) parts.push(`score fell ${scoreFrom} → ${scoreTo}`);
  if (newGaps.length) parts.push(`new gap${newGaps.length > 1 ? 's' : ''}: ${newGaps.join(', ')}`);
  const regressed = parts.length > 0;
  const note = unjudged.length ? `; not in the baseline, so not judged: ${unjudged.join(', ')}` : '';
  const message = regressed
    ? parts.join('; ') + note
    : `no regression (score ${scoreFrom ?? 'n/a'} → ${scoreTo ?? 'n/a'}, no new gaps)${note}`;
  return { regressed, scoreFrom, scoreTo, scoreFell, newGaps, unjudged, message };
}

/** The `--fail-on-regression` gate; `label` names the baseline (e.g. "run 12 on main"). */
export function regressionGate(baseline: Report | undefined, current: Report, label: string): GateResult {
  if (!baseline)
    return {
      name: 'regression',
      passed: true,
      message: `no baseline to compare with (${label}); nothing can have regressed`,
    };
  const r = findRegression(baseline, current);
  return { name: 'regression', passed: !r.regressed, message: `${r.message} (against ${label})` };
}

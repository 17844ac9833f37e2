import type { Report } from '../report/schema.js';
import { findingKey, isOpenGap, repositoryFindings, scoreFindings } from '../report/score.js';
import type { Finding } from '../sdk/types.js';
import type { GateResult } from './gates.js';

export interface Regression {
  regressed: boolean;
  /** Scores over the rules both runs have (a rule only one of them ran never moves the comparison). */
  scoreFrom: number | null;
  scoreTo: number | null;
  /** The score over the shared rules fell. */
  scoreFell: boolean;
  /** Rules that are an open (unwaived) gap now and were judged but not an open gap in the baseline, sorted. */
  newGaps: string[];
  /** Open gaps of rules the baseline did not run at all (a newer readiness, a rule turned on): reported, not failed. */
  unjudged: string[];
  /** Rules only one of the two runs has, left out of the score comparison. */
  notCompared: number;
  message: string;
}

function openGaps(r: Report): Set<string> {
  const key = findingKey(r);
  return new Set(repositoryFindings(r.findings, r.components).filter(isOpenGap).map(key));
}

function scoreOver(r: Report, ids: ReadonlySet<string>): number | null {
  const key = findingKey(r);
  return scoreFindings(repositoryFindings(r.findings as Finding[], r.components).filter((f) => ids.has(key(f)))).score;
}

/**
 * Did `current` regress against `baseline`? Pure. A regression is a gap in a rule the baseline judged (pass, n/a,
 * error or waived there), or a fall of the score computed over the rules both runs have. A rule the baseline never ran
 * (a newer readiness, a rule turned on) fails neither way: its gap is listed, and it is left out of both scores.
 */
export function findRegression(baseline: Report, current: Report): Regression {
  const before = openGaps(baseline);
  const ranBefore = new Set(baseline.findings.map(findingKey(baseline)));
  const ranNow = new Set(current.findings.map(findingKey(current)));
  const shared = new Set([...ranNow].filter((id) => ranBefore.has(id)));
  const notCompared = new Set([...ranBefore, ...ranNow]).size - shared.size;
  const appeared = [...openGaps(current)].filter((id) => !before.has(id)).sort();
  const newGaps = appeared.filter((id) => ranBefore.has(id));
  const unjudged = appeared.filter((id) => !ranBefore.has(id));
  const scoreFrom = scoreOver(baseline, shared);
  const scoreTo = scoreOver(current, shared);
  const scoreFell = scoreFrom !== null && scoreTo !== null && scoreTo < scoreFrom;
  const over = notCompared ? ` (over the ${shared.size} rules both runs have)` : '';
  const parts: string[] = [];
  if (scoreFell) parts.push(`score fell ${scoreFrom} → ${scoreTo}${over}`);
  if (newGaps.length) parts.push(`new gap${newGaps.length > 1 ? 's' : ''}: ${newGaps.join(', ')}`);
  const regressed = parts.length > 0;
  const note = unjudged.length ? `; not in the baseline, so not judged: ${unjudged.join(', ')}` : '';
  const message = regressed
    ? parts.join('; ') + note
    : `no regression (score ${scoreFrom ?? 'n/a'} → ${scoreTo ?? 'n/a'}${over}, no new gaps)${note}`;
  return { regressed, scoreFrom, scoreTo, scoreFell, newGaps, unjudged, notCompared, message };
}

/**
 * The `--fail-on-regression` gate; `label` names the baseline (e.g. "run 12 on main"). Without a baseline the gate is
 * skipped, and says so; with `requireBaseline` a missing baseline fails it.
 */
export function regressionGate(
  baseline: Report | undefined,
  current: Report,
  label: string,
  opts: { requireBaseline?: boolean } = {},
): GateResult {
  if (!baseline)
    return opts.requireBaseline
      ? { name: 'regression', passed: false, message: `no baseline (${label}), and --require-baseline needs one` }
      : { name: 'regression', passed: true, skipped: true, message: `no baseline: regression gate skipped (${label})` };
  const r = findRegression(baseline, current);
  return { name: 'regression', passed: !r.regressed, message: `${r.message} (against ${label})` };
}

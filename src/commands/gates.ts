import { UserError, nearest } from '../errors.js';
import type { Report } from '../report/schema.js';
import { LEVEL_NAMES, findingKey, isOpenGap, repositoryFindings, scoreFindings } from '../report/score.js';
import { SEVERITIES, type Finding, type Severity } from '../sdk/types.js';

export interface GateResult {
  name: string;
  passed: boolean;
  /** Why the gate failed (or what it checked). */
  message: string;
  /** The gate could not judge (e.g. no baseline): it passes, and the CLI warns that it did nothing. */
  skipped?: boolean;
}

export interface GateOptions {
  minScore?: number;
  /** 0-3 (see parseLevel). */
  minLevel?: number;
  /** Minimum score per category id. */
  thresholds?: Record<string, number>;
  /** Any open gap of these severities fails. */
  failOn?: readonly Severity[];
  /**
   * Rule ids that were open gaps in the baseline (`--baseline … --only-new`). Then the gates consider only new gaps:
   * a gap whose rule id is in this set is treated like a waived gap (not scored, not gating), and a `new-gaps` gate
   * fails when any other open gap remains.
   */
  baselineGaps?: ReadonlySet<string>;
}

/** Parses a level given as 0-3 or a level name (case-insensitive: prototype, deployable, production, scale). */
export function parseLevel(value: string | number): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 3) return value;
  const v = String(value).trim().toLowerCase();
  if (/^[0-3]$/.test(v)) return Number(v);
  const names = Object.entries(LEVEL_NAMES).map(([k, n]) => [Number(k), n.toLowerCase()] as const);
  const hit = names.find(([, n]) => n === v);
  if (hit) return hit[0];
  const near = nearest(
    v,
    names.map(([, n]) => n),
  );
  throw new UserError(
    `unknown level "${value}": use 0-3 or ${names.map(([, n]) => n).join(', ')}${near ? ` (did you mean "${near}"?)` : ''}`,
  );
}

function levelLabel(n: number): string {
  return `${n} ${LEVEL_NAMES[n as 0 | 1 | 2 | 3]}`;
}

/** Rule ids of every gap of a baseline report, waived or not (a gap that existed then is known): what `--only-new` forgives. */
export function baselineGapIds(baseline: Report): Set<string> {
  return new Set(baseline.findings.filter((f) => f.status === 'gap').map(findingKey(baseline)));
}

/** The findings the gates judge: with a baseline, its gaps count as known (like waived). */
function gateView(report: Report, opts: GateOptions): Finding[] {
  // Components only present in the repository never gate it (they are not scored into it either).
  const findings = repositoryFindings(report.findings as Finding[], report.components);
  if (!opts.baselineGaps) return findings;
  const key = findingKey(report);
  return findings.map((f) =>
    isOpenGap(f) && opts.baselineGaps!.has(key(f)) ? { ...f, waived: { reason: 'in the baseline' } } : f,
  );
}

function list(ids: string[], max = 8): string {
  return ids.length > max ? `${ids.slice(0, max).join(', ')} and ${ids.length - max} more` : ids.join(', ');
}

/**
 * Every CI gate, evaluated on the final report (waived gaps never count). Exit 1 when any fails; each failure is
 * named. Order: new-gaps, min-score, min-level, threshold.<category> (catalog order), fail-on.
 */
export function evaluateGates(report: Report, opts: GateOptions): GateResult[] {
  const gates: GateResult[] = [];
  const findings = gateView(report, opts);
  const card = opts.baselineGaps ? scoreFindings(findings) : undefined;
  const score = card ? card.score : report.score;
  const levelValue = card ? card.level.level : report.level.value;
  const categories = card ? card.categories : report.categories;
  const scope = opts.baselineGaps ? ' (new gaps only)' : '';

  if (opts.baselineGaps) {
    const fresh = findings.filter(isOpenGap).map(findingKey(report));
    gates.push({
      name: 'new-gaps',
      passed: fresh.length === 0,
      message: fresh.length
        ? `${fresh.length} gap${fresh.length === 1 ? '' : 's'} not in the baseline: ${list(fresh)}`
        : 'no gap that is not in the baseline',
    });
  }
  if (opts.minScore !== undefined) {
    gates.push(
      score === null
        ? {
            name: 'min-score',
            passed: false,
            message: `no rule applies to this project, so the score cannot reach ${opts.minScore}`,
          }
        : {
            name: 'min-score',
            passed: score >= opts.minScore,
            message: `score${scope} ${score} ${score >= opts.minScore ? 'meets' : 'is below'} the minimum ${opts.minScore}`,
          },
    );
  }
  if (opts.minLevel !== undefined) {
    const min = opts.minLevel;
    if (levelValue === null) {
      gates.push({
        name: 'min-level',
        passed: false,
        message: `no rule applies to this project, so the level cannot reach ${levelLabel(min)}`,
      });
    } else if (levelValue >= min) {
      gates.push({
        name: 'min-level',
        passed: true,
        message: `level${scope} ${levelLabel(levelValue)} meets the minimum ${levelLabel(min)}`,
      });
    } else {
      const blockers = [...new Set(findings.filter((f) => isOpenGap(f) && f.level <= min).map(findingKey(report)))];
      gates.push({
        name: 'min-level',
        passed: false,
        message: `level${scope} ${levelLabel(levelValue)} is below the minimum ${levelLabel(min)}; blocked by ${list(blockers)}`,
      });
    }
  }
  for (const c of categories) {
    const min = opts.thresholds?.[c.id];
    if (min === undefined) continue;
    gates.push(
      c.score === null
        ? { name: `threshold.${c.id}`, passed: true, message: `${c.id}: no applicable rule, nothing to require` }
        : {
            name: `threshold.${c.id}`,
            passed: c.score >= min,
            message: `${c.id} score${scope} ${c.score} ${c.score >= min ? 'meets' : 'is below'} the minimum ${min}`,
          },
    );
  }
  for (const id of Object.keys(opts.thresholds ?? {})) {
    if (!categories.some((c) => c.id === id))
      gates.push({
        name: `threshold.${id}`,
        passed: true,
        message: `${id}: no rule of this category ran, nothing to require`,
      });
  }
  if (opts.failOn?.length) {
    const sevs = SEVERITIES.filter((s) => opts.failOn!.includes(s));
    const hits = findings.filter((f) => isOpenGap(f) && sevs.includes(f.severity));
    gates.push({
      name: 'fail-on',
      passed: hits.length === 0,
      message: hits.length
        ? `${hits.length} open ${sevs.join('/')} gap${hits.length === 1 ? '' : 's'}${scope}: ${list(hits.map((f) => `${findingKey(report)(f)} (${f.severity})`))}`
        : `no open ${sevs.join('/')} gap`,
    });
  }
  return gates;
}

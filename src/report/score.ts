import { CATEGORIES, type Category, type Finding, type Level, type Severity } from '../sdk/types.js';

export const SEVERITY_WEIGHTS: Record<Severity, number> = { critical: 10, high: 6, medium: 3, low: 1 };

export const LEVEL_NAMES: Record<0 | Level, string> = {
  0: 'Prototype',
  1: 'Deployable',
  2: 'Production',
  3: 'Scale',
};

export interface CategoryScore {
  id: Category;
  /** 0–100 over applicable rules, or null when none applies. */
  score: number | null;
  passed: number;
  gaps: number;
  na: number;
  errors: number;
  waived: number;
}

export interface LevelInfo {
  /** Highest level whose applicable rules (and those of every lower level) all pass; null when nothing applies. */
  level: 0 | Level | null;
  name: string;
  next?: { level: Level; name: string; blockers: string[] };
}

export interface Scorecard {
  score: number | null;
  level: LevelInfo;
  categories: CategoryScore[];
  counts: { pass: number; gap: number; na: number; error: number; waived: number };
}

/** A finding counts toward the score when it is a pass or an unwaived gap; n/a, errors and waived gaps do not. */
export function isScored(f: Finding): boolean {
  return f.status === 'pass' || (f.status === 'gap' && !f.waived);
}

export function isOpenGap(f: Finding): boolean {
  return f.status === 'gap' && !f.waived;
}

function weightedScore(findings: Finding[]): number | null {
  const scored = findings.filter(isScored);
  const total = scored.reduce((s, f) => s + SEVERITY_WEIGHTS[f.severity], 0);
  if (total === 0) return null;
  const got = scored.filter((f) => f.status === 'pass').reduce((s, f) => s + SEVERITY_WEIGHTS[f.severity], 0);
  return Math.round((100 * got) / total);
}

export function computeLevel(findings: Finding[]): LevelInfo {
  const scored = findings.filter(isScored);
  if (scored.length === 0) return { level: null, name: 'Not assessed' };
  let level: 0 | Level = 0;
  for (const l of [1, 2, 3] as Level[]) {
    if (scored.some((f) => f.level <= l && f.status === 'gap')) break;
    level = l;
  }
  const info: LevelInfo = { level, name: LEVEL_NAMES[level] };
  if (level < 3) {
    const next = (level + 1) as Level;
    info.next = {
      level: next,
      name: LEVEL_NAMES[next],
      blockers: [...new Set(scored.filter((f) => f.status === 'gap' && f.level <= next).map((f) => f.ruleId))],
    };
  }
  return info;
}

/** What the report needs to know of a component to score it. */
export interface ScoredComponent {
  id: string;
  deployed: boolean;
}

/**
 * The findings that make the repository's score: repository-wide ones and those of deployed components. A component
 * that is only present (an example, a legacy copy) is reported but never credited to — or held against — the
 * repository. Each deployed component weighs what it ships: the severity weights of its applicable rules.
 */
export function repositoryFindings<F extends Pick<Finding, 'component'>>(
  findings: readonly F[],
  components?: readonly ScoredComponent[],
): F[] {
  if (!components?.length) return [...findings];
  const present = new Set(components.filter((c) => !c.deployed).map((c) => c.id));
  return findings.filter((f) => !f.component || !present.has(f.component));
}

/**
 * The identity of a finding across runs: its rule, and its component when the report has several (one component, or
 * a run recorded before components, keys by rule alone, so old baselines still compare).
 */
export function findingKey(report: {
  components?: readonly unknown[];
}): (f: Pick<Finding, 'ruleId' | 'component'>) => string {
  const multi = (report.components?.length ?? 0) > 1;
  return (f) => (multi && f.component ? `${f.ruleId}@${f.component}` : f.ruleId);
}

/** A component's findings: its own and the repository-wide ones (its CI, docs and license are the repository's). */
export function componentFindings<F extends Pick<Finding, 'component'>>(findings: readonly F[], id: string): F[] {
  return findings.filter((f) => !f.component || f.component === id);
}

/** The built-in categories in their order, then the organisation's own categories the findings name, by name. */
export function categoryOrder(findings: readonly Pick<Finding, 'category'>[]): Category[] {
  const builtIn = new Set<string>(CATEGORIES);
  const own = [...new Set(findings.map((f) => f.category).filter((c) => !builtIn.has(c)))].sort();
  return [...CATEGORIES, ...own];
}

export function scoreFindings(findings: Finding[]): Scorecard {
  const categories: CategoryScore[] = [];
  for (const id of categoryOrder(findings)) {
    const fs = findings.filter((f) => f.category === id);
    if (fs.length === 0) continue;
    categories.push({
      id,
      score: weightedScore(fs),
      passed: fs.filter((f) => f.status === 'pass').length,
      gaps: fs.filter(isOpenGap).length,
      na: fs.filter((f) => f.status === 'n/a').length,
      errors: fs.filter((f) => f.status === 'error').length,
      waived: fs.filter((f) => f.status === 'gap' && f.waived).length,
    });
  }
  return {
    score: weightedScore(findings),
    level: computeLevel(findings),
    categories,
    counts: {
      pass: findings.filter((f) => f.status === 'pass').length,
      gap: findings.filter(isOpenGap).length,
      na: findings.filter((f) => f.status === 'n/a').length,
      error: findings.filter((f) => f.status === 'error').length,
      waived: findings.filter((f) => f.status === 'gap' && f.waived).length,
    },
  };
}

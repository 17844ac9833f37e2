import { z } from 'zod';
import { UserError } from '../errors.js';
import type { Report } from '../report/schema.js';
import { LEVEL_NAMES, SEVERITY_WEIGHTS, findingKey, repositoryFindings, scoreFindings } from '../report/score.js';
import type { Effort, Finding, Level, Severity } from '../sdk/types.js';
import { SEVERITY_RANK } from '../sdk/types.js';

export const PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Person-days per effort size; the timeline is derived from these. */
export const EFFORT_DAYS: Record<Effort, number> = { S: 1, M: 3, L: 8 };
const EFFORT_ORDER: Record<Effort, number> = { S: 0, M: 1, L: 2 };
const PRIORITY_BY_SEVERITY: Record<Severity, Priority> = { critical: 'P0', high: 'P1', medium: 'P2', low: 'P3' };

export interface PlanItem {
  ruleId: string;
  /** The item's identity across runs: the rule id, or `rule@component` in a repository with several components. */
  key?: string;
  /** The component whose gap it is (a repository with several components). */
  component?: string;
  title: string;
  category: string;
  severity: Severity;
  level: Level;
  effort: Effort;
  priority: Priority;
  owner: string;
  phase: number;
  notes?: string;
  message: string;
  why?: string;
  fix: string[];
  evidence: Finding['evidence'];
}

export interface PlanPhase {
  number: number;
  name: string;
  startWeek: number;
  endWeek: number;
  startDate: string;
  endDate: string;
  effortDays: number;
}

export interface Plan {
  version: 1;
  project: { root: string; key: string };
  createdAt: string;
  baseline: { runId?: number; score: number | null; level: number | null; levelName: string; commit: string | null };
  target: { level: Level; levelName: string; date: string; weeks: number; score: number | null };
  items: PlanItem[];
  phases: PlanPhase[];
  inPlace: { ruleId: string; component?: string; title: string; evidence: Finding['evidence'] }[];
  /** Capacity assumption behind the timeline. */
  capacity: { engineers: number; daysPerWeek: number };
  /** True when the effort does not fit before the target date at this capacity. */
  overCommitted: boolean;
}

/** The longest plan, in weeks (two years). */
export const MAX_WEEKS = 104;

/** Answers to the wizard's questions: also the shape of `--answers plan.yml`. */
export const PlanAnswersSchema = z.strictObject({
  targetLevel: z.number().int().min(1).max(3).optional(),
  weeks: z.number().int().min(1).max(MAX_WEEKS).optional(),
  targetDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like 2026-12-31')
    .optional(),
  owner: z.string().min(1).optional(),
  engineers: z.number().int().min(1).max(100).optional(),
  include: z.array(z.string()).optional(),
  exclude: z.array(z.string()).optional(),
  items: z
    .record(
      z.string(),
      z.strictObject({
        priority: z.enum(PRIORITIES).optional(),
        owner: z.string().min(1).optional(),
        phase: z.number().int().min(1).max(9).optional(),
        notes: z.string().optional(),
      }),
    )
    .optional(),
  output: z.string().optional(),
  /** Overwrite the output file when it exists (the wizard asks; --force does the same). */
  overwrite: z.boolean().optional(),
  format: z.enum(['markdown', 'json']).optional(),
});
export type PlanAnswers = z.infer<typeof PlanAnswersSchema>;

export function nextLevel(report: Report): Level {
  const v = report.level.value ?? 0;
  return Math.min(3, v + 1) as Level;
}

/** Gaps that block a target level, ordered by level, severity, then effort (cheapest first). */
export function candidateGaps(report: Report, targetLevel: Level): Finding[] {
  return allGaps(report).filter((f) => f.level <= targetLevel);
}

/**
 * Every open gap, in the same order, for the wizard's checkbox (those above the target are not pre-selected). Gaps of
 * components that are only present (examples, legacy copies) are not the project's to plan.
 */
export function allGaps(report: Report): Finding[] {
  return repositoryFindings(report.findings as Finding[], report.components)
    .filter((f) => f.status === 'gap' && !f.waived)
    .sort(
      (a, b) =>
        a.level - b.level ||
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
        EFFORT_ORDER[a.effort] - EFFORT_ORDER[b.effort] ||
        a.ruleId.localeCompare(b.ruleId) ||
        (a.component ?? '').localeCompare(b.component ?? ''),
    );
}

/** How plan answers name a gap: its key (`rule@component` with several components), or its rule id for every component. */
export function gapKey(report: Report): (f: Pick<Finding, 'ruleId' | 'component'>) => string {
  return findingKey(report);
}

export function defaultPriority(f: Pick<Finding, 'severity'>): Priority {
  return PRIORITY_BY_SEVERITY[f.severity];
}

/** Phase from the level the item is needed for; within reach of the current level, level 1 work comes first. */
export function defaultPhase(f: Pick<Finding, 'level'>, currentLevel: number): number {
  return Math.max(1, f.level - currentLevel);
}

function addDays(date: Date, days: number): Date {
  const d = new Date(date.getTime());
  d.setUTCDate(d.getUTCDate() + days);
  return d;
}

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * What is wrong with a target date (YYYY-MM-DD), in words, or undefined when it is a real day after `now`. The wizard
 * asks again with this message; buildPlan refuses the date with it.
 */
export function targetDateProblem(text: string, now: Date): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return 'is not a date like 2026-12-31';
  const d = new Date(`${text}T00:00:00Z`);
  // Date rolls 2027-02-30 over to March 2: a day the month does not have is invalid, not another date.
  if (Number.isNaN(d.getTime()) || isoDate(d) !== text) return 'is not a valid date (no such day)';
  if (d.getTime() <= now.getTime()) return `is not in the future (today is ${isoDate(now)})`;
  return undefined;
}

export interface BuildPlanInput {
  report: Report;
  projectKey: string;
  answers: PlanAnswers;
  docs?: Record<string, { why: string }>;
  now: Date;
}

/** Turns an audit report and the answers into a phased plan with a timeline and success criteria. */
export function buildPlan({ report, projectKey, answers, docs = {}, now }: BuildPlanInput): Plan {
  const currentLevel = report.level.value ?? 0;
  const targetLevel = (answers.targetLevel ?? nextLevel(report)) as Level;
  const gaps = allGaps(report);
  const key = gapKey(report);
  const known = new Set(gaps.map(key));
  // An answer names a gap by its key, or by its rule id for the gap of that rule in every component.
  const matches = (id: string, g: Finding) => id === key(g) || id === g.ruleId;
  for (const id of [...(answers.include ?? []), ...Object.keys(answers.items ?? {})]) {
    if (!gaps.some((g) => matches(id, g)))
      throw new PlanInputError(
        `"${id}" is not an open gap in the audit (open gaps: ${[...known].join(', ') || 'none'})`,
      );
  }
  const selectedIds = new Set(
    (answers.include
      ? gaps.filter((g) => answers.include!.some((id) => matches(id, g)))
      : candidateGaps(report, targetLevel)
    ).map(key),
  );
  for (const g of gaps) if ((answers.exclude ?? []).some((id) => matches(id, g))) selectedIds.delete(key(g));
  const owner = answers.owner ?? 'unassigned';

  const rawItems: PlanItem[] = gaps
    .filter((g) => selectedIds.has(key(g)))
    .map((g) => {
      const a = answers.items?.[key(g)] ?? answers.items?.[g.ruleId] ?? {};
      return {
        ruleId: g.ruleId,
        key: key(g),
        ...(key(g) !== g.ruleId && g.component ? { component: g.component } : {}),
        title: g.title,
        category: g.category,
        severity: g.severity,
        level: g.level,
        effort: g.effort,
        priority: a.priority ?? defaultPriority(g),
        owner: a.owner ?? owner,
        phase: a.phase ?? defaultPhase(g, currentLevel),
        ...(a.notes ? { notes: a.notes } : {}),
        message: g.message,
        ...(docs[g.ruleId]?.why ? { why: docs[g.ruleId]!.why } : {}),
        fix: g.remediation ?? [],
        evidence: g.evidence,
      };
    });
  // Renumber phases 1..n without holes, keeping their order.
  const used = [...new Set(rawItems.map((i) => i.phase))].sort((a, b) => a - b);
  const items = rawItems
    .map((i) => ({ ...i, phase: used.indexOf(i.phase) + 1 }))
    .sort(
      (a, b) =>
        a.phase - b.phase ||
        PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority) ||
        EFFORT_ORDER[a.effort] - EFFORT_ORDER[b.effort] ||
        a.ruleId.localeCompare(b.ruleId) ||
        (a.component ?? '').localeCompare(b.component ?? ''),
    );

  const engineers = answers.engineers ?? 1;
  const daysPerWeek = 5;
  const effortWeeks = items.reduce((s, i) => s + EFFORT_DAYS[i.effort], 0) / (engineers * daysPerWeek);
  let weeks: number;
  let targetDate: Date;
  if (answers.targetDate) {
    const problem = targetDateProblem(answers.targetDate, now);
    if (problem) throw new PlanInputError(`target date ${answers.targetDate} ${problem}`);
    targetDate = new Date(`${answers.targetDate}T00:00:00Z`);
    weeks = Math.max(1, Math.ceil((targetDate.getTime() - now.getTime()) / (7 * 86400000)));
  } else {
    weeks = answers.weeks ?? Math.max(1, Math.ceil(effortWeeks));
    targetDate = addDays(now, weeks * 7);
  }

  // Each phase gets weeks in proportion to its effort (at least one), laid end to end.
  const phaseNumbers = [...new Set(items.map((i) => i.phase))];
  const effortOf = (p: number): number =>
    items.filter((i) => i.phase === p).reduce((s, i) => s + EFFORT_DAYS[i.effort], 0);
  const totalEffort = phaseNumbers.reduce((s, p) => s + effortOf(p), 0) || 1;
  let cursor = 0;
  const phases: PlanPhase[] = phaseNumbers.map((p, idx) => {
    const share =
      idx === phaseNumbers.length - 1 ? weeks - cursor : Math.max(1, Math.round((effortOf(p) / totalEffort) * weeks));
    const len = Math.max(1, Math.min(share, weeks - cursor - (phaseNumbers.length - idx - 1)) || 1);
    const startWeek = cursor + 1;
    const endWeek = Math.max(startWeek, cursor + len);
    cursor = endWeek;
    const levels = [...new Set(items.filter((i) => i.phase === p).map((i) => i.level))].sort();
    return {
      number: p,
      name: levels.map((l) => LEVEL_NAMES[l as Level]).join(' + '),
      startWeek,
      endWeek,
      startDate: isoDate(addDays(now, (startWeek - 1) * 7)),
      endDate: isoDate(addDays(now, endWeek * 7 - 1)),
      effortDays: effortOf(p),
    };
  });

  // The score the project reaches when every plan item passes.
  const planned = new Set(items.map((i) => i.key ?? i.ruleId));
  const projected = scoreFindings(
    repositoryFindings(report.findings as Finding[], report.components).map((f) =>
      planned.has(key(f)) ? { ...f, status: 'pass' as const } : f,
    ),
  );

  return {
    version: 1,
    project: { root: report.target.root, key: projectKey },
    createdAt: now.toISOString(),
    baseline: {
      runId: report.runId,
      score: report.score,
      level: report.level.value,
      levelName: report.level.name,
      commit: report.target.commit,
    },
    target: {
      level: targetLevel,
      levelName: LEVEL_NAMES[targetLevel],
      date: isoDate(targetDate),
      weeks,
      score: projected.score,
    },
    items,
    phases,
    inPlace: repositoryFindings(report.findings as Finding[], report.components)
      .filter((f) => f.status === 'pass')
      .sort(
        (a, b) =>
          a.level - b.level ||
          SEVERITY_WEIGHTS[b.severity] - SEVERITY_WEIGHTS[a.severity] ||
          a.ruleId.localeCompare(b.ruleId),
      )
      .map((f) => ({
        ruleId: f.ruleId,
        ...(key(f) !== f.ruleId && f.component ? { component: f.component } : {}),
        title: f.title,
        evidence: f.evidence.filter((e) => e.kind === 'found').slice(0, 1),
      })),
    capacity: { engineers, daysPerWeek },
    overCommitted: effortWeeks > weeks,
  };
}

/** Answers that cannot make a plan: a user error (one line, exit 2), whether from flags, --answers or the wizard. */
export class PlanInputError extends UserError {}

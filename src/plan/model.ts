import { z } from 'zod';
import { UserError } from '../errors.js';
import type { Report } from '../report/schema.js';
import {
  LEVEL_NAMES,
  SEVERITY_WEIGHTS,
  computeLevel,
  findingKey,
  repositoryFindings,
  scoreFindings,
} from '../report/score.js';
import type { Effort, Finding, Level, Severity } from '../sdk/types.js';
import { prerequisitesOf } from './dependencies.js';
import { EFFORT_DAYS, givenEffort, sizedEffort } from './effort.js';
import { SEVERITY_RANK } from '../sdk/types.js';

export const PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const;
export type Priority = (typeof PRIORITIES)[number];

export { EFFORT_DAYS };
const EFFORT_ORDER: Record<Effort, number> = { S: 0, M: 1, L: 2 };
const PRIORITY_BY_SEVERITY: Record<Severity, Priority> = { critical: 'P0', high: 'P1', medium: 'P2', low: 'P3' };

/** Where an item comes from: an open gap of a check, a refuted claim of the project's documents, or the team. */
export type ItemKind = 'gap' | 'claim' | 'extra';

export interface PlanItem {
  /** The handle of the item (`plan done <id>`): the key of a gap, `claim-N`, or `extra-N`. Absent in older plans. */
  id?: string;
  kind?: ItemKind;
  /** The check id (a gap), or the item's id for claims and free-form items. */
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
  /** Person-days of the estimate (older plans: from the effort letter). */
  effortDays?: number;
  /** How the estimate was reached: "L: 73 mock sites in 21 files → 10 person-days (…)". */
  effortBasis?: string;
  /** `fix` when the artefact is there but broken (a Dockerfile that cannot build), `add` when it is missing. */
  action?: 'add' | 'fix';
  /** Where the change goes, when the evidence knows (`Dockerfile:12`, `src/api.py:10`, a component's folder). */
  where?: string;
  /** Ids of the items that must be done first. */
  dependsOn?: string[];
  /** High value, small effort, nothing to wait for. */
  quickWin?: boolean;
  priority: Priority;
  owner: string;
  phase: number;
  notes?: string;
  message: string;
  why?: string;
  fix: string[];
  evidence: Finding['evidence'];
  /** Checks a claim item is about. */
  checks?: string[];
  /** Marked done by hand (`readiness plan done`): free-form and claim items. */
  doneAt?: string;
}

export interface PlanPhase {
  number: number;
  name: string;
  startWeek: number;
  endWeek: number;
  startDate: string;
  endDate: string;
  effortDays: number;
  /** When the phase is over: its checks pass, and the score and level the project then reaches. */
  exit?: { checks: string[]; score: number | null; level: number | null; levelName: string; handItems: string[] };
}

export interface PlanRisk {
  /** The gap's item id, or its key when it is left out of the plan. */
  id: string;
  title: string;
  severity: Severity;
  /** What fails in production while the gap is open (the check's docs). */
  impact: string;
  /** Until when: the end of the item's phase, or null when the plan leaves it open. */
  until: string | null;
}

export interface Plan {
  version: 1;
  project: { root: string; key: string };
  createdAt: string;
  baseline: { runId?: number; score: number | null; level: number | null; levelName: string; commit: string | null };
  target: {
    level: Level;
    levelName: string;
    date: string;
    weeks: number;
    /** The score the project reaches when every item of the plan is done (so always reachable). */
    score: number | null;
    /** The level those items reach; below `level` when gaps it needs are left out (see `missing`). */
    reachedLevel?: number | null;
    /** Gaps the target level needs that the plan leaves out. */
    missing?: string[];
  };
  items: PlanItem[];
  phases: PlanPhase[];
  inPlace: { ruleId: string; component?: string; title: string; evidence: Finding['evidence'] }[];
  /** Capacity assumption behind the timeline. */
  capacity: { engineers: number; daysPerWeek: number };
  /** True when the effort does not fit before the target date at this capacity. */
  overCommitted: boolean;
  risks?: PlanRisk[];
  assumptions?: string[];
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
  /** Free-form items the team adds ("Load test at 200 rps"), tracked by hand with `readiness plan done`. */
  extra: z
    .array(
      z.union([
        z.string().min(1),
        z.strictObject({
          title: z.string().min(1),
          owner: z.string().min(1).optional(),
          phase: z.number().int().min(1).max(9).optional(),
          effort: z.enum(['S', 'M', 'L']).optional(),
          priority: z.enum(PRIORITIES).optional(),
          notes: z.string().optional(),
          dependsOn: z.array(z.string()).optional(),
        }),
      ]),
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
  /** The refuted claims of the project's documents (src/claims `refutedClaimItems`): each becomes an item. */
  refutedClaims?: readonly { doc: string; line: number; text: string; checks: string[]; summary: string }[];
  now: Date;
}

/** Message ids that mean the artefact is there but broken (a Dockerfile that cannot build, middleware never wired). */
const BROKEN_MESSAGES = new Set([
  'broken',
  'brokenCommand',
  'invalid',
  'noFrom',
  'unresolvedRefs',
  'missingReferenced',
  'neverWired',
  'noPipe',
  'inert',
  'swallowed',
]);

/** `fix` for an artefact that is present but broken, `add` for a missing one. */
export function actionOf(f: Pick<Finding, 'ruleId' | 'messageId'>): 'add' | 'fix' {
  return f.ruleId === 'code.entrypoint' || BROKEN_MESSAGES.has(f.messageId ?? '') ? 'fix' : 'add';
}

/**
 * The remediation lines that fit the action: a missing artefact is not told how to repair one ("When the Dockerfile
 * is reported broken, …"), a broken one is not told to add one. Lines that fit both are kept; nothing is dropped when
 * that would leave no line.
 */
export function fixLinesFor(action: 'add' | 'fix', lines: readonly string[]): string[] {
  const drop =
    action === 'add' ? (l: string) => /^(when\b[^.]*\bbroken\b|fix\b)/i.test(l) : (l: string) => /^add\b/i.test(l);
  const kept = lines.filter((l) => !drop(l));
  return kept.length ? kept : [...lines];
}

/** Where the change goes: the broken or deciding file the evidence names, else the component's folder. */
function whereOf(f: Finding, component: string | undefined, report: Report): string | undefined {
  const found = f.evidence.find((e) => e.kind === 'found' && e.path && e.path !== '.');
  if (found) return `${found.path}${found.line ? `:${found.line}` : ''}`;
  const c = component ? report.components?.find((x) => x.id === component) : undefined;
  return c && c.path !== '.' ? `${c.path}/` : undefined;
}

type Extra = NonNullable<PlanAnswers['extra']>[number];

/** Turns an audit report and the answers into a phased plan with a timeline and success criteria. */
export function buildPlan({ report, projectKey, answers, docs = {}, refutedClaims = [], now }: BuildPlanInput): Plan {
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

  const gapItems: PlanItem[] = gaps
    .filter((g) => selectedIds.has(key(g)))
    .map((g) => {
      const a = answers.items?.[key(g)] ?? answers.items?.[g.ruleId] ?? {};
      const component = key(g) !== g.ruleId && g.component ? g.component : undefined;
      const sized = sizedEffort(g.effort, g.size);
      const action = actionOf(g);
      const where = whereOf(g, g.component ?? undefined, report);
      return {
        id: key(g),
        kind: 'gap' as const,
        ruleId: g.ruleId,
        key: key(g),
        ...(component ? { component } : {}),
        title: g.title,
        category: g.category,
        severity: g.severity,
        level: g.level,
        effort: sized.effort,
        effortDays: sized.days,
        effortBasis: sized.basis,
        action,
        ...(where ? { where } : {}),
        priority: a.priority ?? defaultPriority(g),
        owner: a.owner ?? owner,
        phase: a.phase ?? defaultPhase(g, currentLevel),
        ...(a.notes ? { notes: a.notes } : {}),
        message: g.message,
        ...(docs[g.ruleId]?.why ? { why: docs[g.ruleId]!.why } : {}),
        fix: fixLinesFor(action, g.remediation ?? []),
        evidence: g.evidence,
      };
    });
  // `depends on`: a prerequisite check's open item of the same component, or its repository-wide item.
  const byKey = new Map(gapItems.map((i) => [i.key!, i]));
  for (const i of gapItems) {
    const deps = prerequisitesOf(i.ruleId)
      .map((r) => (i.component ? (byKey.get(`${r}@${i.component}`) ?? byKey.get(r)) : byKey.get(r)))
      .filter((d): d is PlanItem => !!d && d !== i)
      .map((d) => d.id!);
    if (deps.length) i.dependsOn = [...new Set(deps)];
  }

  // Refuted claims of the project's own documents: correct the document, or do the work that makes it true.
  const claimItems: PlanItem[] = refutedClaims.map((c, n) => {
    const open = gapItems.filter((i) => c.checks.includes(i.ruleId)).map((i) => i.id!);
    const effort = givenEffort('S');
    return {
      id: `claim-${n + 1}`,
      kind: 'claim' as const,
      ruleId: `claim-${n + 1}`,
      title: `Make ${c.doc}:${c.line} true, or correct it`,
      category: 'docs',
      severity: 'medium' as Severity,
      level: 2 as Level,
      effort: effort.effort,
      effortDays: effort.days,
      effortBasis: `S: a documentation change${open.length ? ' once the work it claims is done' : ''}`,
      action: 'fix' as const,
      where: `${c.doc}:${c.line}`,
      ...(open.length ? { dependsOn: open } : {}),
      priority: 'P2' as Priority,
      owner,
      phase: 1,
      message: c.summary,
      fix: [
        open.length
          ? `Close ${open.join(', ')}, or change the document to say what is true today.`
          : 'Change the document to say what is true today.',
      ],
      evidence: [{ kind: 'found', path: c.doc, line: c.line, note: `claims "${c.text}"` }],
      checks: c.checks,
    };
  });

  const extras: Extra[] = answers.extra ?? [];
  const extraItems: PlanItem[] = extras.map((e, n) => {
    const x = typeof e === 'string' ? { title: e } : e;
    const effort = givenEffort(x.effort);
    return {
      id: `extra-${n + 1}`,
      kind: 'extra' as const,
      ruleId: `extra-${n + 1}`,
      title: x.title,
      category: 'extra',
      severity: 'medium' as Severity,
      level: targetLevel,
      effort: effort.effort,
      effortDays: effort.days,
      effortBasis: effort.basis,
      ...(x.dependsOn?.length ? { dependsOn: x.dependsOn } : {}),
      priority: x.priority ?? 'P2',
      owner: x.owner ?? owner,
      // Added by hand, after the audited work unless the team says otherwise.
      phase: x.phase ?? Number.MAX_SAFE_INTEGER,
      ...(x.notes ? { notes: x.notes } : {}),
      message: 'Added by the team; not checked by the audit (mark it with `readiness plan done`).',
      fix: [],
      evidence: [],
    };
  });
  const rawItems = [...gapItems, ...claimItems, ...extraItems];
  const ids = new Set(rawItems.map((i) => i.id!));
  for (const i of extraItems)
    for (const d of i.dependsOn ?? [])
      if (!ids.has(d))
        throw new PlanInputError(
          `extra item "${i.title}" depends on "${d}", which is not an item of the plan (items: ${[...ids].join(', ')})`,
        );
  const lastPhase = Math.max(1, ...gapItems.map((i) => i.phase));
  for (const i of extraItems) if (i.phase === Number.MAX_SAFE_INTEGER) i.phase = lastPhase;
  // Claims are corrected in the phase of the work they are about.
  const byId = new Map(rawItems.map((i) => [i.id!, i]));
  // A dependency is done no later than its dependants: push each item to the phase of its latest prerequisite.
  for (let changed = true, guard = 0; changed && guard < rawItems.length + 1; guard++) {
    changed = false;
    for (const i of rawItems) {
      const after = Math.max(i.phase, ...(i.dependsOn ?? []).map((d) => byId.get(d)?.phase ?? 0));
      if (after !== i.phase) {
        i.phase = after;
        changed = true;
      }
    }
  }
  for (const i of rawItems)
    if (i.kind === 'gap' && !i.dependsOn?.length && i.effort === 'S' && SEVERITY_RANK[i.severity] <= SEVERITY_RANK.high)
      i.quickWin = true;

  // Renumber phases 1..n without holes, keeping their order; within a phase: quick wins, then by priority and effort,
  // and every item after what it depends on.
  const used = [...new Set(rawItems.map((i) => i.phase))].sort((a, b) => a - b);
  const sorted = rawItems
    .map((i) => ({ ...i, phase: used.indexOf(i.phase) + 1 }))
    .sort(
      (a, b) =>
        a.phase - b.phase ||
        Number(!!b.quickWin) - Number(!!a.quickWin) ||
        PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority) ||
        EFFORT_ORDER[a.effort] - EFFORT_ORDER[b.effort] ||
        a.ruleId.localeCompare(b.ruleId) ||
        (a.component ?? '').localeCompare(b.component ?? ''),
    );
  const items = dependencyOrder(sorted);

  const daysOf = (i: PlanItem) => i.effortDays ?? EFFORT_DAYS[i.effort];
  const engineers = answers.engineers ?? 1;
  const daysPerWeek = 5;
  const effortWeeks = items.reduce((s, i) => s + daysOf(i), 0) / (engineers * daysPerWeek);
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

  // What the project reaches when the gaps of the given items pass.
  const findings = repositoryFindings(report.findings as Finding[], report.components);
  const projectedWith = (done: Set<string>) => {
    const after = findings.map((f) => (done.has(key(f)) ? { ...f, status: 'pass' as const } : f));
    return { score: scoreFindings(after).score, level: computeLevel(after) };
  };

  // Each phase gets weeks in proportion to its effort (at least one), laid end to end.
  const phaseNumbers = [...new Set(items.map((i) => i.phase))];
  const effortOf = (p: number): number => items.filter((i) => i.phase === p).reduce((s, i) => s + daysOf(i), 0);
  const totalEffort = phaseNumbers.reduce((s, p) => s + effortOf(p), 0) || 1;
  let cursor = 0;
  const closedSoFar = new Set<string>();
  const phases: PlanPhase[] = phaseNumbers.map((p, idx) => {
    const share =
      idx === phaseNumbers.length - 1 ? weeks - cursor : Math.max(1, Math.round((effortOf(p) / totalEffort) * weeks));
    const len = Math.max(1, Math.min(share, weeks - cursor - (phaseNumbers.length - idx - 1)) || 1);
    const startWeek = cursor + 1;
    const endWeek = Math.max(startWeek, cursor + len);
    cursor = endWeek;
    const own = items.filter((i) => i.phase === p);
    const levels = [...new Set(own.filter((i) => i.kind === 'gap').map((i) => i.level))].sort();
    for (const i of own) if (i.kind === 'gap') closedSoFar.add(i.key!);
    const reached = projectedWith(closedSoFar);
    return {
      number: p,
      name: levels.length ? levels.map((l) => LEVEL_NAMES[l as Level]).join(' + ') : 'Team items',
      startWeek,
      endWeek,
      startDate: isoDate(addDays(now, (startWeek - 1) * 7)),
      endDate: isoDate(addDays(now, endWeek * 7 - 1)),
      effortDays: effortOf(p),
      exit: {
        checks: own.filter((i) => i.kind === 'gap').map((i) => i.key!),
        score: reached.score,
        level: reached.level.level,
        levelName: reached.level.name,
        handItems: own.filter((i) => i.kind !== 'gap').map((i) => i.id!),
      },
    };
  });

  // The score and level the project reaches when every plan item passes: reachable by construction.
  const all = projectedWith(new Set(items.filter((i) => i.kind === 'gap').map((i) => i.key!)));
  const missing = all.level.level !== null && all.level.level < targetLevel ? (all.level.next?.blockers ?? []) : [];
  const phaseEnd = new Map(phases.map((p) => [p.number, p.endDate]));
  const risks: PlanRisk[] = [
    ...items
      .filter((i) => i.kind === 'gap' && SEVERITY_RANK[i.severity] <= SEVERITY_RANK.high)
      .map((i) => ({
        id: i.id!,
        title: i.title,
        severity: i.severity,
        impact: i.why ?? i.message,
        until: phaseEnd.get(i.phase) ?? null,
      })),
    ...gaps
      .filter((g) => !selectedIds.has(key(g)) && SEVERITY_RANK[g.severity] <= SEVERITY_RANK.high)
      .map((g) => ({
        id: key(g),
        title: g.title,
        severity: g.severity,
        impact: docs[g.ruleId]?.why ?? g.message,
        until: null,
      })),
  ];
  const lowConfidence = items.filter(
    (i) => i.kind === 'gap' && findings.some((f) => key(f) === i.key && f.confidence === 'low'),
  );
  const unread = report.coverage?.unread.total ?? 0;
  const assumptions = [
    `${engineers} engineer${engineers === 1 ? '' : 's'} at ${daysPerWeek} days a week; estimates in person-days (S = ${EFFORT_DAYS.S}, M = ${EFFORT_DAYS.M}, L = ${EFFORT_DAYS.L}; counted gaps add a day per ~10 sites).`,
    `The audit${report.runId ? ` (run #${report.runId}` : ' ('}${report.target.commit ? `${report.runId ? ', ' : ''}commit ${report.target.commit.slice(0, 7)}` : ''}) is the starting point: work merged since is not reflected until the next audit.`,
    ...(lowConfidence.length
      ? [
          `${lowConfidence.map((i) => i.id).join(', ')} rest on partial evidence (low confidence): confirm each gap before starting it.`,
        ]
      : []),
    ...(unread
      ? [
          `${unread} file${unread === 1 ? ' was' : 's were'} not read by the audit; a gap they could close may be listed.`,
        ]
      : []),
    ...(extraItems.length
      ? ['Items added by the team are tracked by hand (`readiness plan done <item>`), not by the audit.']
      : []),
  ];

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
      score: all.score,
      reachedLevel: all.level.level,
      ...(missing.length ? { missing } : {}),
    },
    items,
    phases,
    inPlace: findings
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
    risks,
    assumptions,
  };
}

/** The items in their order, except that an item never comes before an item it depends on (same phase or later). */
function dependencyOrder(items: PlanItem[]): PlanItem[] {
  const out: PlanItem[] = [];
  const placed = new Set<string>();
  const byId = new Map(items.map((i) => [i.id!, i]));
  const visiting = new Set<string>();
  const place = (i: PlanItem): void => {
    if (placed.has(i.id!) || visiting.has(i.id!)) return;
    visiting.add(i.id!);
    for (const d of i.dependsOn ?? []) {
      const dep = byId.get(d);
      if (dep && dep.phase === i.phase) place(dep);
    }
    visiting.delete(i.id!);
    placed.add(i.id!);
    out.push(i);
  };
  for (const i of items) place(i);
  return out;
}

/** Answers that cannot make a plan: a user error (one line, exit 2), whether from flags, --answers or the wizard. */
export class PlanInputError extends UserError {}

import type { Plan, PlanItem } from './model.js';

export type ItemState = 'done' | 'open' | 'regressed' | 'not-applicable' | 'waived';

export interface ItemProgress {
  item: PlanItem;
  state: ItemState;
  /** When the item's gap closed (start of its current passing streak). */
  closedAt?: string;
  closedRunId?: number;
  /** When a closed item turned back into a gap. */
  regressedAt?: string;
}

/** A gap of the latest audit whose check passed (or did not apply) when the plan was made: the work introduced it. */
export interface IntroducedGap {
  key: string;
  title: string;
  severity: string;
  message: string;
}

export interface PlanProgress {
  items: ItemProgress[];
  /** Gaps that appeared since the plan was made (checks both runs judged). */
  introduced: IntroducedGap[];
  /** The plan was made from an audit of an older commit than the latest audit's. */
  stale?: { planCommit: string; auditedCommit: string };
  done: number;
  total: number;
  regressed: number;
  latest?: { runId: number; at: string; score: number | null; level: number | null };
  targetReached: boolean;
}

export interface RunStatuses {
  runId: number;
  at: string;
  score: number | null;
  level: number | null;
  statuses: Map<string, string>;
}

/** Replays the runs recorded since the plan was made to tell, per item, done / open / regressed and when it closed. */
export function trackPlan(
  plan: Plan,
  runs: RunStatuses[],
  compare?: { baseline: Map<string, { status: string }>; latest: Map<string, IntroducedGap & { status: string }> },
  latestCommit?: string | null,
): PlanProgress {
  const after = runs.filter((r) => r.at >= plan.createdAt || r.runId === plan.baseline.runId);
  const items = plan.items.map((item): ItemProgress => {
    // Items the audit cannot see (added by the team, refuted claims) are done when marked so.
    if ((item.kind ?? 'gap') !== 'gap')
      return item.doneAt ? { item, state: 'done', closedAt: item.doneAt } : { item, state: 'open' };
    let everPassed = false;
    let streakStart: RunStatuses | undefined;
    let regressedAt: string | undefined;
    let last: string | undefined;
    for (const r of after) {
      const s = r.statuses.get(item.key ?? item.ruleId);
      if (s === undefined) continue;
      if (s === 'pass' || s === 'n/a') {
        if (!streakStart) streakStart = r;
        everPassed = true;
      } else {
        if (streakStart) regressedAt = r.at;
        streakStart = undefined;
      }
      last = s;
    }
    if (last === 'pass') return { item, state: 'done', closedAt: streakStart?.at, closedRunId: streakStart?.runId };
    if (last === 'n/a')
      return { item, state: 'not-applicable', closedAt: streakStart?.at, closedRunId: streakStart?.runId };
    if (last === 'waived') return { item, state: 'waived' };
    if (everPassed) return { item, state: 'regressed', regressedAt };
    return { item, state: 'open' };
  });
  const latestRun = after[after.length - 1];
  const done = items.filter((i) => i.state === 'done' || i.state === 'not-applicable').length;
  const planned = new Set(plan.items.map((i) => i.key ?? i.ruleId));
  const introduced: IntroducedGap[] = [];
  if (compare)
    for (const [key, f] of compare.latest) {
      const before = compare.baseline.get(key)?.status;
      if (f.status === 'gap' && (before === 'pass' || before === 'n/a') && !planned.has(key))
        introduced.push({ key, title: f.title, severity: f.severity, message: f.message });
    }
  introduced.sort((a, b) => a.key.localeCompare(b.key));
  const planCommit = plan.baseline.commit;
  return {
    items,
    introduced,
    ...(planCommit && latestCommit && planCommit !== latestCommit
      ? { stale: { planCommit, auditedCommit: latestCommit } }
      : {}),
    done,
    total: items.length,
    regressed: items.filter((i) => i.state === 'regressed').length,
    latest: latestRun
      ? { runId: latestRun.runId, at: latestRun.at, score: latestRun.score, level: latestRun.level }
      : undefined,
    targetReached: !!latestRun && latestRun.level !== null && latestRun.level >= plan.target.level,
  };
}

export function progressLine(planId: number, plan: Plan, p: PlanProgress): string {
  const parts = [`plan #${planId}: ${p.done}/${p.total} items done`];
  if (p.regressed) parts.push(`${p.regressed} regressed`);
  if (p.introduced.length)
    parts.push(`${p.introduced.length} new gap${p.introduced.length === 1 ? '' : 's'} since the plan`);
  const score = p.latest?.score ?? null;
  parts.push(`score ${score ?? 'n/a'}${plan.target.score !== null ? ` → target ${plan.target.score}` : ''}`);
  parts.push(
    p.targetReached
      ? `level ${plan.target.level} ${plan.target.levelName} reached`
      : `target level ${plan.target.level} ${plan.target.levelName} by ${plan.target.date}`,
  );
  return parts.join(', ');
}

import type { Plan } from '../plan/model.js';
import type { HistoryStore } from './store.js';
import type { ProjectIdentity } from './identity.js';

export interface StoredPlan {
  id: number;
  projectKey: string;
  createdAt: string;
  status: 'active' | 'closed';
  closedAt: string | null;
  outputPath: string | null;
  plan: Plan;
}

interface PlanRow {
  id: number;
  key: string;
  created_at: string;
  status: 'active' | 'closed';
  closed_at: string | null;
  output_path: string | null;
  plan_json: string;
}

function ensureProject(store: HistoryStore, identity: ProjectIdentity): number {
  const now = new Date().toISOString();
  store.db
    .prepare(`INSERT INTO projects (key, root, remote, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)
              ON CONFLICT(key) DO UPDATE SET last_seen_at = excluded.last_seen_at`)
    .run(identity.key, identity.root, identity.remote ?? null, now, now);
  return (store.db.prepare('SELECT id FROM projects WHERE key = ?').get(identity.key) as { id: number }).id;
}

/** Saves a plan as the project's active plan (closing any earlier active one), in one transaction. */
export function savePlan(store: HistoryStore, identity: ProjectIdentity, plan: Plan, outputPath?: string): number {
  const tx = store.db.transaction((): number => {
    const projectId = ensureProject(store, identity);
    store.db
      .prepare("UPDATE plans SET status = 'closed', closed_at = ? WHERE project_id = ? AND status = 'active'")
      .run(plan.createdAt, projectId);
    const info = store.db
      .prepare(`INSERT INTO plans (project_id, created_at, status, baseline_run_id, target_level, target_date, target_score, output_path, plan_json)
                VALUES (?, ?, 'active', ?, ?, ?, ?, ?, ?)`)
      .run(
        projectId,
        plan.createdAt,
        plan.baseline.runId ?? null,
        plan.target.level,
        plan.target.date,
        plan.target.score,
        outputPath ?? null,
        JSON.stringify(plan),
      );
    const id = Number(info.lastInsertRowid);
    const item = store.db.prepare(
      'INSERT INTO plan_items (plan_id, rule_id, phase, priority, owner) VALUES (?, ?, ?, ?, ?)',
    );
    for (const i of plan.items) item.run(id, i.key ?? i.ruleId, i.phase, i.priority, i.owner);
    return id;
  });
  return tx.immediate();
}

function rowToPlan(r: PlanRow): StoredPlan {
  return {
    id: r.id,
    projectKey: r.key,
    createdAt: r.created_at,
    status: r.status,
    closedAt: r.closed_at,
    outputPath: r.output_path,
    plan: JSON.parse(r.plan_json) as Plan,
  };
}

export function listPlans(store: HistoryStore, projectKey: string): StoredPlan[] {
  return (
    store.db
      .prepare(
        'SELECT pl.*, p.key FROM plans pl JOIN projects p ON p.id = pl.project_id WHERE p.key = ? ORDER BY pl.created_at DESC, pl.id DESC',
      )
      .all(projectKey) as PlanRow[]
  ).map(rowToPlan);
}

export function activePlan(store: HistoryStore, projectKey: string): StoredPlan | undefined {
  return listPlans(store, projectKey).find((p) => p.status === 'active');
}

export function getPlan(store: HistoryStore, id: number): StoredPlan | undefined {
  const r = store.db
    .prepare('SELECT pl.*, p.key FROM plans pl JOIN projects p ON p.id = pl.project_id WHERE pl.id = ?')
    .get(id) as PlanRow | undefined;
  return r ? rowToPlan(r) : undefined;
}

export function closePlan(store: HistoryStore, id: number, at = new Date()): boolean {
  return (
    store.db
      .prepare("UPDATE plans SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'active'")
      .run(at.toISOString(), id).changes > 0
  );
}

/** Each recorded run of the project since a time (plus run `alsoRunId`, a plan's baseline), oldest first, with the status of the given rules. */
export function ruleStatusesSince(
  store: HistoryStore,
  projectKey: string,
  since: string,
  ruleIds: string[],
  alsoRunId?: number,
): { runId: number; at: string; score: number | null; level: number | null; statuses: Map<string, string> }[] {
  const runs = store.db
    .prepare(`SELECT r.id, r.started_at, r.score, r.level FROM runs r JOIN projects p ON p.id = r.project_id
              WHERE p.key = ? AND (r.started_at >= ? OR r.id = ?) ORDER BY r.started_at, r.id`)
    .all(projectKey, since, alsoRunId ?? null) as {
    id: number;
    started_at: string;
    score: number | null;
    level: number | null;
  }[];
  const ids = [...new Set(ruleIds.map((k) => k.split('@')[0]!))];
  const q = store.db.prepare(
    `SELECT rule_id, component, status, waived_json FROM findings WHERE run_id = ? AND rule_id IN (${ids.map(() => '?').join(',') || "''"})`,
  );
  const components = store.db.prepare(
    "SELECT count(DISTINCT component) AS n FROM findings WHERE run_id = ? AND component <> ''",
  );
  return runs.map((r) => {
    const rows = q.all(r.id, ...ids) as {
      rule_id: string;
      component: string;
      status: string;
      waived_json: string | null;
    }[];
    // Keyed as plan items are: `rule@component` in a run with several components, the rule id otherwise.
    const multi = (components.get(r.id) as { n: number }).n > 1;
    return {
      runId: r.id,
      at: r.started_at,
      score: r.score,
      level: r.level,
      statuses: new Map(
        rows.map((x) => [
          multi && x.component ? `${x.rule_id}@${x.component}` : x.rule_id,
          x.waived_json && x.status === 'gap' ? 'waived' : x.status,
        ]),
      ),
    };
  });
}

/** Rewrites a stored plan (an item marked done by hand). */
export function updatePlan(store: HistoryStore, id: number, plan: Plan): void {
  store.db.prepare('UPDATE plans SET plan_json = ? WHERE id = ?').run(JSON.stringify(plan), id);
}

export interface RunFinding {
  status: string;
  title: string;
  severity: string;
  message: string;
}

/** Every finding of a run keyed as plan items are (`rule@component` in a run with several components), with its commit. */
export function runFindings(
  store: HistoryStore,
  runId: number,
): { commit: string | null; findings: Map<string, RunFinding> } | undefined {
  const run = store.db.prepare('SELECT commit_sha FROM runs WHERE id = ?').get(runId) as
    | { commit_sha: string | null }
    | undefined;
  if (!run) return undefined;
  const rows = store.db
    .prepare('SELECT rule_id, component, status, title, severity, message, waived_json FROM findings WHERE run_id = ?')
    .all(runId) as {
    rule_id: string;
    component: string;
    status: string;
    title: string;
    severity: string;
    message: string;
    waived_json: string | null;
  }[];
  const multi = new Set(rows.map((r) => r.component).filter(Boolean)).size > 1;
  return {
    commit: run.commit_sha,
    findings: new Map(
      rows.map((r) => [
        multi && r.component ? `${r.rule_id}@${r.component}` : r.rule_id,
        {
          status: r.waived_json && r.status === 'gap' ? 'waived' : r.status,
          title: r.title,
          severity: r.severity,
          message: r.message,
        },
      ]),
    ),
  };
}

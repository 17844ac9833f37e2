import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { describeError, UserError } from '../errors.js';
import type { HistoryStore } from '../history/store.js';
import type { ProjectIdentity } from '../history/identity.js';
import { identityOf, resolveTarget } from '../history/resolve.js';
import {
  activePlan,
  closePlan,
  getPlan,
  listPlans,
  ruleStatusesSince,
  runFindings,
  savePlan,
  updatePlan,
  type StoredPlan,
} from '../history/plans.js';
import { PlanAnswersSchema, buildPlan, targetDateProblem, type PlanAnswers, type PlanItem } from '../plan/model.js';
import { planToMarkdown } from '../plan/markdown.js';
import { progressLine, trackPlan, type PlanProgress } from '../plan/track.js';
import type { Report } from '../report/schema.js';
import { builtInRules as allRules } from '../pipeline/registry.js';
import { writeOutputFile, type CommandIO } from './io.js';
import { auditPipeline } from '../pipeline/audit.js';
import { askPlanQuestions, isPromptCancel } from './plan-wizard.js';

export interface PlanCommandOptions {
  db?: string;
  config?: string;
  yes?: boolean;
  answers?: string;
  targetLevel?: number;
  weeks?: number;
  targetDate?: string;
  owner?: string;
  engineers?: number;
  include?: string[];
  exclude?: string[];
  add?: string[];
  output?: string;
  format?: 'markdown' | 'json';
  force?: boolean;
  fresh?: boolean;
  /** Rule packs the audit of --fresh (or of a project never audited) loads and runs, as `audit --rules` does. */
  rules?: string[];
  /** Whether prompts may be shown (stdin and stdout are terminals). */
  interactive: boolean;
  now?: Date;
}

export const DEFAULT_PLAN_FILE = 'READINESS_PLAN.md';

async function openStore(io: CommandIO, db?: string): Promise<HistoryStore> {
  const { HistoryStore } = await import('../history/store.js');
  return HistoryStore.open(io.dbPath(db));
}

function readAnswers(file: string): PlanAnswers {
  let raw: unknown;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read answers file ${file}: ${describeError(e)}`);
  }
  try {
    raw = YAML.parse(text) ?? {};
  } catch (e) {
    // A YAML error's message says what and where; its code (BAD_INDENT) is for programs.
    const line = (e as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    throw new UserError(`invalid YAML in answers file ${file}${line ? `:${line}` : ''}: ${describeError(e)}`);
  }
  const parsed = PlanAnswersSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new UserError(`invalid answers file ${file}: ${i.path.join('.') || '(top level)'}: ${i.message}`);
  }
  return parsed.data;
}

/** The latest recorded audit of the project, or a fresh one (recorded) when there is none or --fresh. */
async function startingReport(
  root: string,
  store: HistoryStore,
  identity: ProjectIdentity,
  opts: PlanCommandOptions,
  io: CommandIO,
): Promise<Report> {
  // Packs named with --rules are judged by a new audit: a recorded run did not run them.
  const latest = opts.fresh || opts.rules?.length ? undefined : store.latestRun(identity.key);
  if (latest) {
    const r = store.getReport(latest.id);
    if (r) {
      io.stderr(
        io.style.dim(
          `Using audit run #${latest.id} from ${latest.startedAt.slice(0, 16).replace('T', ' ')}${latest.commit ? ` (commit ${latest.commit.slice(0, 7)})` : ''}; --fresh audits again.`,
        ),
      );
      return r;
    }
  }
  const setup = await (await import('../pipeline/packs.js')).auditSetup(
    { dir: root, configPath: opts.config, packs: opts.rules },
    io.stderr,
  );
  const spinner = io.spinner('Auditing the project');
  try {
    const result = await auditPipeline({
      dir: root,
      config: setup.config,
      rules: setup.rules,
      onProgress: (t) => spinner.text(`Auditing: ${t}`),
    });
    // As `audit` does: the project's status documents judged against the findings, recorded with the run.
    const claims = (await import('./claims.js')).claimsOf(result);
    if (claims.claims.length) result.report.claims = claims.claims;
    result.report.runId = store.recordRun(result.report, result.identity, {
      configHash: result.config.hash,
      durationMs: result.durationMs,
      rules: result.rules,
    });
    return result.report;
  } finally {
    spinner.stop();
  }
}

function flagAnswers(opts: PlanCommandOptions): PlanAnswers {
  const a: PlanAnswers = {};
  if (opts.targetLevel !== undefined) a.targetLevel = opts.targetLevel;
  if (opts.weeks !== undefined) a.weeks = opts.weeks;
  if (opts.targetDate !== undefined) a.targetDate = opts.targetDate;
  if (opts.owner !== undefined) a.owner = opts.owner;
  if (opts.engineers !== undefined) a.engineers = opts.engineers;
  if (opts.include?.length) a.include = opts.include;
  if (opts.exclude?.length) a.exclude = opts.exclude;
  if (opts.add?.length) a.extra = opts.add;
  if (opts.output !== undefined) a.output = opts.output;
  if (opts.format !== undefined) a.format = opts.format;
  return a;
}

/** Why each check matters: the built-in rules', then the run's own checks and pack rules as recorded with it. */
function ruleDocs(store: HistoryStore, runId: number | undefined): Record<string, { why: string }> {
  const own = runId === undefined ? [] : store.runRules(runId);
  return Object.fromEntries([...allRules.map((r) => r.meta), ...own].map((m) => [m.id, { why: m.docs.why }]));
}

export async function planCommand(dir: string, opts: PlanCommandOptions, io: CommandIO): Promise<number> {
  const root = resolveTarget(dir);
  const fromFile = opts.answers ? readAnswers(opts.answers) : {};
  const flags = flagAnswers(opts);
  let answers: PlanAnswers = { ...fromFile, ...flags };
  // Items added with --add come after those of the answers file (both are kept).
  if (fromFile.extra?.length && flags.extra?.length) answers.extra = [...fromFile.extra, ...flags.extra];
  const scripted = !!opts.yes || !!opts.answers;
  if (!scripted && !opts.interactive) {
    throw new UserError(
      'readiness plan asks questions and needs a terminal: pass --yes to accept the defaults, or --answers FILE (see README), or flags such as --target-level',
    );
  }
  const now = opts.now ?? new Date();
  // A date given by flag or answers file is checked before the audit and the questions, not after them.
  const dateProblem = answers.targetDate === undefined ? undefined : targetDateProblem(answers.targetDate, now);
  if (dateProblem) throw new UserError(`target date ${answers.targetDate} ${dateProblem} (nothing was written)`);
  if (opts.force) answers.overwrite = true;
  const store = await openStore(io, opts.db);
  try {
    const identity = identityOf(root);
    const report = await startingReport(root, store, identity, opts, io);
    if (!scripted) {
      try {
        answers = await askPlanQuestions(report, answers, { root, now, io, defaultOutput: DEFAULT_PLAN_FILE });
      } catch (e) {
        if (isPromptCancel(e)) {
          io.stderr('readiness: plan cancelled; nothing was written');
          return 130;
        }
        throw e;
      }
    }
    const { refutedClaimItems } = await import('../claims/index.js');
    const plan = buildPlan({
      report,
      projectKey: identity.key,
      answers,
      docs: ruleDocs(store, report.runId),
      refutedClaims: refutedClaimItems(report.claims ?? []),
      now,
    });
    const format = answers.format ?? 'markdown';
    const output = answers.output ?? (format === 'json' ? '-' : path.join(root, DEFAULT_PLAN_FILE));
    const toStdout = output === '-';
    const file = toStdout ? undefined : path.resolve(output);
    if (file && fs.existsSync(file) && !opts.force && !answers.overwrite) {
      throw new UserError(
        `${file} already exists; pass --force to overwrite it or --output another file (nothing was written)`,
      );
    }
    const id = savePlan(store, identity, plan, file);
    const text = format === 'json' ? `${JSON.stringify({ id, ...plan }, null, 2)}\n` : planToMarkdown(plan, { id });
    if (file) {
      try {
        writeOutputFile(file, text);
      } catch (e) {
        store.db.prepare('DELETE FROM plans WHERE id = ?').run(id);
        throw e;
      }
      io.stderr(
        `Plan #${id} written to ${path.relative(process.cwd(), file) || file}: ${plan.items.length} item${plan.items.length === 1 ? '' : 's'} in ${plan.phases.length} phase${plan.phases.length === 1 ? '' : 's'}, target level ${plan.target.level} ${plan.target.levelName} by ${plan.target.date}.`,
      );
    } else {
      io.stdout(text);
    }
    return 0;
  } finally {
    store.close();
  }
}

function progressOf(store: HistoryStore, stored: StoredPlan): PlanProgress {
  // Only the runs trackPlan looks at: those since the plan was made, and its baseline (not every run of the project,
  // one findings query each, on every audit while a plan is active).
  const runs = ruleStatusesSince(
    store,
    stored.projectKey,
    stored.plan.createdAt,
    stored.plan.items.filter((i) => (i.kind ?? 'gap') === 'gap').map((i) => i.ruleId),
    stored.plan.baseline.runId,
  );
  // Gaps introduced by the work: the latest run against the audit the plan was made from.
  const latestId = runs[runs.length - 1]?.runId;
  const baseId = stored.plan.baseline.runId;
  const base = baseId !== undefined ? runFindings(store, baseId) : undefined;
  const latest = latestId !== undefined && latestId !== baseId ? runFindings(store, latestId) : undefined;
  return trackPlan(
    stored.plan,
    runs,
    base && latest
      ? { baseline: base.findings, latest: new Map([...latest.findings].map(([k, f]) => [k, { key: k, ...f }])) }
      : undefined,
    latest?.commit,
  );
}

/** One line of plan progress for the audit report, when the project has an active plan. */
export function activePlanProgressLine(store: HistoryStore, projectKey: string): string | undefined {
  const stored = activePlan(store, projectKey);
  if (!stored) return undefined;
  return progressLine(stored.id, stored.plan, progressOf(store, stored));
}

/** The plan a tracking command works on: the one named by --plan, else the project's active plan. */
function chosenPlan(store: HistoryStore, planId: number | undefined, projectKey: string, noActive: string) {
  const stored = planId !== undefined ? getPlan(store, planId) : activePlan(store, projectKey);
  if (!stored) throw new UserError(planId !== undefined ? `no plan #${planId}` : noActive);
  return stored;
}

export async function planStatusCommand(
  dir: string,
  opts: { db?: string; plan?: number; json?: boolean },
  io: CommandIO,
): Promise<number> {
  const root = resolveTarget(dir);
  const { HistoryStore } = await import('../history/store.js');
  const store = HistoryStore.open(io.dbPath(opts.db), { readonly: true });
  try {
    const identity = identityOf(root);
    const stored = chosenPlan(
      store,
      opts.plan,
      identity.key,
      `no active plan for ${root}: create one with \`readiness plan\``,
    );
    const p = progressOf(store, stored);
    if (opts.json) {
      io.stdout(
        `${JSON.stringify(
          {
            id: stored.id,
            status: stored.status,
            target: stored.plan.target,
            done: p.done,
            total: p.total,
            regressed: p.regressed,
            latest: p.latest,
            targetReached: p.targetReached,
            introduced: p.introduced,
            stale: p.stale ?? null,
            items: p.items.map((i) => ({
              id: i.item.id ?? i.item.key ?? i.item.ruleId,
              kind: i.item.kind ?? 'gap',
              ruleId: i.item.ruleId,
              title: i.item.title,
              phase: i.item.phase,
              priority: i.item.priority,
              owner: i.item.owner,
              state: i.state,
              closedAt: i.closedAt ?? null,
              regressedAt: i.regressedAt ?? null,
            })),
          },
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    const s = io.style;
    io.stdout(
      `${s.bold(`Plan #${stored.id}`)} (${stored.status}) — target level ${stored.plan.target.level} ${stored.plan.target.levelName} by ${stored.plan.target.date}\n`,
    );
    io.stdout(`${progressLine(stored.id, stored.plan, p)}\n`);
    if (p.stale)
      io.stdout(
        `${s.yellow('!')} The plan was made from commit ${p.stale.planCommit.slice(0, 7)}; the latest audit is of commit ${p.stale.auditedCommit.slice(0, 7)}: its items and estimates describe the older code (\`readiness plan --fresh\` makes a new one).\n`,
      );
    io.stdout('\n');
    const mark = {
      done: s.green('✓ done'),
      'not-applicable': s.green('✓ n/a '),
      open: s.yellow('○ open'),
      regressed: s.red('✗ regressed'),
      waived: s.dim('~ waived'),
    } as const;
    for (const i of p.items) {
      const when =
        i.state === 'done' || i.state === 'not-applicable'
          ? s.dim(` closed ${i.closedAt?.slice(0, 10) ?? ''}${i.closedRunId ? ` (run #${i.closedRunId})` : ''}`)
          : i.state === 'regressed'
            ? s.dim(` reopened ${i.regressedAt?.slice(0, 10) ?? ''}`)
            : '';
      const id = i.item.id ?? i.item.key ?? i.item.ruleId;
      const label = (i.item.kind ?? 'gap') === 'gap' ? id : `${id} ${s.dim(`(${i.item.title})`)}`;
      io.stdout(
        `  ${mark[i.state].padEnd(12)} ${label.padEnd(30)} phase ${i.item.phase} · ${i.item.priority} · ${i.item.owner}${when}\n`,
      );
    }
    if (p.introduced.length) {
      io.stdout(`\n${s.bold('New gaps since the plan')} (they passed or did not apply when it was made):\n`);
      for (const g of p.introduced)
        io.stdout(`  ${s.red('✗ new')}       ${g.key.padEnd(30)} ${g.severity} · ${g.message}\n`);
    }
    const pct = p.total ? Math.round((100 * p.done) / p.total) : 100;
    io.stdout(
      `\n${s.bold('Progress')} ${pct}% (${p.done}/${p.total})${p.latest ? s.dim(` as of run #${p.latest.runId}, ${p.latest.at.slice(0, 10)}`) : ''}\n`,
    );
    return 0;
  } finally {
    store.close();
  }
}

export async function planListCommand(
  dir: string,
  opts: { db?: string; json?: boolean },
  io: CommandIO,
): Promise<number> {
  const root = resolveTarget(dir);
  const { HistoryStore } = await import('../history/store.js');
  const store = HistoryStore.open(io.dbPath(opts.db), { readonly: true });
  try {
    const plans = listPlans(store, identityOf(root).key);
    if (opts.json) {
      io.stdout(
        `${JSON.stringify(
          plans.map((p) => ({
            id: p.id,
            status: p.status,
            createdAt: p.createdAt,
            closedAt: p.closedAt,
            output: p.outputPath,
            target: p.plan.target,
            items: p.plan.items.length,
          })),
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    if (!plans.length) {
      io.stdout(`No plans for ${root} yet: \`readiness plan\` makes one.\n`);
      return 0;
    }
    for (const p of plans) {
      io.stdout(
        `#${String(p.id).padEnd(4)} ${p.status.padEnd(7)} ${p.createdAt.slice(0, 10)}  target L${p.plan.target.level} ${p.plan.target.levelName} by ${p.plan.target.date}  ${p.plan.items.length} items${p.outputPath ? io.style.dim(`  ${p.outputPath}`) : ''}\n`,
      );
    }
    return 0;
  } finally {
    store.close();
  }
}

export async function planCloseCommand(
  dir: string,
  opts: { db?: string; plan?: number },
  io: CommandIO,
): Promise<number> {
  const root = resolveTarget(dir);
  const { HistoryStore } = await import('../history/store.js');
  const store = HistoryStore.open(io.dbPath(opts.db));
  try {
    const stored = chosenPlan(store, opts.plan, identityOf(root).key, `no active plan for ${root}`);
    if (!closePlan(store, stored.id)) throw new UserError(`plan #${stored.id} is already closed`);
    io.stderr(`Plan #${stored.id} closed.`);
    return 0;
  } finally {
    store.close();
  }
}

export async function planDoneCommand(
  itemId: string,
  dir: string,
  opts: { db?: string; plan?: number; undo?: boolean; now?: Date },
  io: CommandIO,
): Promise<number> {
  const root = resolveTarget(dir);
  const { HistoryStore } = await import('../history/store.js');
  const store = HistoryStore.open(io.dbPath(opts.db));
  try {
    const stored = chosenPlan(
      store,
      opts.plan,
      identityOf(root).key,
      `no active plan for ${root}: create one with \`readiness plan\``,
    );
    const idOf = (i: PlanItem) => i.id ?? i.key ?? i.ruleId;
    const item = stored.plan.items.find((i) => idOf(i) === itemId);
    if (!item)
      throw new UserError(
        `plan #${stored.id} has no item "${itemId}" (items: ${stored.plan.items.map(idOf).join(', ') || 'none'})`,
      );
    if ((item.kind ?? 'gap') === 'gap')
      throw new UserError(
        `${itemId} is tracked by the audit: it is done when its check passes (run \`readiness audit\` after the change)`,
      );
    if (opts.undo) delete item.doneAt;
    else item.doneAt = (opts.now ?? new Date()).toISOString();
    updatePlan(store, stored.id, stored.plan);
    io.stderr(`${itemId} (${item.title}) ${opts.undo ? 'reopened' : 'marked done'} in plan #${stored.id}.`);
    return 0;
  } finally {
    store.close();
  }
}

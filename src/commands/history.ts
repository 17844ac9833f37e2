import fs from 'node:fs';
import { UserError } from '../errors.js';
import type { ProjectIdentity } from '../history/identity.js';
import type { HistoryStore, RunSummary } from '../history/store.js';
import { currentBranch, firstParentCommits, isLocalBranch, requireGitRepo } from '../repo/git.js';
import { TOOL_VERSION } from '../version.js';
import { signed } from './diff.js';
import type { Report } from '../report/schema.js';
import type { CommandIO } from './io.js';

export interface HistoryCommandOptions {
  limit?: number;
  branch?: string;
  json?: boolean;
  db?: string;
  backfill?: string | boolean;
  since?: string;
  every?: number;
  config?: string;
  /** With --backfill: rule packs the audits load and run (`--rules`, repeatable). */
  rules?: string[];
  prune?: boolean;
  keep?: number;
  /** Show this component's score, level, gaps and change instead of the repository's. */
  component?: string;
}

const BARS = '▁▂▃▄▅▆▇█';

/** A terminal trend line: one block per score (0–100 on an absolute scale), oldest first; '·' for no score. */
export function sparkline(scores: (number | null)[]): string {
  return scores
    .map((s) =>
      s === null
        ? '·'
        : BARS[Math.min(BARS.length - 1, Math.floor((Math.max(0, Math.min(100, s)) / 100) * BARS.length))]!,
    )
    .join('');
}

export interface HistoryRow {
  id: number;
  at: string;
  branch: string | null;
  commit: string | null;
  ref: string | null;
  dirty: boolean | null;
  score: number | null;
  level: number | null;
  levelName: string;
  gaps: number;
  /** Score change since the previous run of the listing (same branch filter); null for the first or unscored. */
  change: number | null;
  /** The run's components with their scores (empty for a run recorded before components were stored). */
  components: ComponentPoint[];
}

/** One component's score in one run. */
export interface ComponentPoint {
  id: string;
  path: string;
  target: string;
  deployed: boolean;
  score: number | null;
  level: number | null;
  levelName: string;
  gaps: number;
  /** Change since the same component in the previous run of the listing; null when it was not there or unscored. */
  change: number | null;
}

type RecordedComponents = NonNullable<Report['components']>;

/**
 * Rows newest first; `runs` must hold one run more than shown when there is an older one (for the change column).
 * `componentsOf` gives the components recorded with a run (scores per component).
 */
export function historyRows(
  runs: RunSummary[],
  limit: number,
  componentsOf: (runId: number) => RecordedComponents = () => [],
): HistoryRow[] {
  const comps = new Map(runs.map((r) => [r.id, componentsOf(r.id)]));
  return runs.slice(0, limit).map((r, i) => {
    const prev = runs[i + 1];
    const before = new Map((prev ? comps.get(prev.id)! : []).map((c) => [c.id, c]));
    return {
      id: r.id,
      at: r.startedAt,
      branch: r.branch,
      commit: r.commit,
      ref: r.ref,
      dirty: r.dirty,
      score: r.score,
      level: r.level,
      levelName: r.levelName,
      gaps: r.gaps,
      change: prev && prev.score !== null && r.score !== null ? r.score - prev.score : null,
      components: comps.get(r.id)!.map((c) => {
        const was = before.get(c.id);
        return {
          id: c.id,
          path: c.path,
          target: c.target,
          deployed: c.deployed,
          score: c.score,
          level: c.level.value,
          levelName: c.level.name,
          gaps: c.counts.gap,
          change: was && was.score !== null && c.score !== null ? c.score - was.score : null,
        };
      }),
    };
  });
}

/** The rows with one component's score, level, gaps and change in place of the repository's. */
function componentRows(rows: HistoryRow[], id: string): HistoryRow[] {
  const matches = (c: ComponentPoint) => c.id === id || c.path === id.replace(/\/+$/, '');
  if (!rows.some((r) => r.components.some(matches))) {
    const known = [...new Set(rows.flatMap((r) => r.components.map((c) => c.id)))];
    throw new UserError(
      `no run shown has a component '${id}'${known.length ? `; recorded components: ${known.join(', ')}` : ' (no component scores were recorded for these runs)'}`,
    );
  }
  return rows.map((r) => {
    const c = r.components.find(matches);
    return {
      ...r,
      score: c?.score ?? null,
      level: c?.level ?? null,
      levelName: c?.levelName ?? 'not recorded',
      gaps: c?.gaps ?? 0,
      change: c?.change ?? null,
      components: c ? [c] : [],
    };
  });
}

export async function historyCommand(dir: string, opts: HistoryCommandOptions, io: CommandIO): Promise<number> {
  const { identityOf } = await import('../history/resolve.js');
  const identity = identityOf(dir);
  const dbPath = io.dbPath(opts.db);
  if (opts.keep !== undefined && !opts.prune) throw new UserError('--keep goes with --prune');
  if (opts.prune) {
    if (opts.keep === undefined) throw new UserError('--prune needs --keep N (the number of newest runs to keep)');
    if (opts.backfill) throw new UserError('use --prune and --backfill separately');
    return prune(identity, dbPath, opts.keep, io);
  }
  if (opts.since !== undefined && !opts.backfill) throw new UserError('--since goes with --backfill');
  if (opts.every !== undefined && !opts.backfill) throw new UserError('--every goes with --backfill');
  if (opts.rules?.length && !opts.backfill) throw new UserError('--rules goes with --backfill');
  if (opts.backfill) await backfill(identity, dbPath, opts, io);
  return list(identity, dbPath, opts, io);
}

async function list(
  identity: ProjectIdentity,
  dbPath: string,
  opts: HistoryCommandOptions,
  io: CommandIO,
): Promise<number> {
  const limit = opts.limit ?? 20;
  let runs: RunSummary[] = [];
  let rows: HistoryRow[] = [];
  if (fs.existsSync(dbPath)) {
    const { HistoryStore } = await import('../history/store.js');
    const store = HistoryStore.open(dbPath, { readonly: true });
    try {
      runs = store.listRuns(identity.key, { branch: opts.branch, limit: limit + 1 });
      rows = historyRows(runs, limit, (id) => store.componentScores(id));
    } finally {
      store.close();
    }
  }
  if (opts.component !== undefined) rows = componentRows(rows, opts.component);
  if (opts.json) {
    io.stdout(
      `${JSON.stringify(
        {
          project: { key: identity.key, root: identity.root },
          ...(opts.component !== undefined ? { component: opts.component } : {}),
          runs: rows,
        },
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  const s = io.style;
  const out: string[] = [
    s.bold(`readiness history — ${identity.root}`) +
      (opts.component !== undefined ? ` · component ${opts.component}` : '') +
      s.dim(`  (${identity.key})`),
  ];
  if (!rows.length) {
    out.push(
      `no recorded runs${opts.branch ? ` on ${opts.branch}` : ''} yet: run \`readiness audit\` (or \`readiness history --backfill\`)`,
    );
    io.stdout(`${out.join('\n')}\n`);
    return 0;
  }
  const chrono = [...rows].reverse();
  const scored = chrono.filter((r) => r.score !== null);
  const firstScore = scored[0]?.score;
  const lastScore = scored[scored.length - 1]?.score;
  out.push(
    `trend  ${sparkline(chrono.map((r) => r.score))}  ${firstScore ?? 'n/a'} → ${lastScore ?? 'n/a'} over ${rows.length} run${rows.length === 1 ? '' : 's'}${runs.length > limit ? s.dim(` (older runs hidden; --limit)`) : ''}`,
  );
  out.push('');
  const header = ['RUN', 'TIME (UTC)', 'BRANCH', 'COMMIT', 'SCORE', 'LEVEL', 'GAPS', 'CHANGE'];
  const table = rows.map((r) => [
    String(r.id),
    r.at.slice(0, 16).replace('T', ' '),
    r.branch ?? '-',
    r.commit ? `${r.commit.slice(0, 7)}${r.dirty ? '+' : ''}` : '-',
    r.score === null ? 'n/a' : String(r.score),
    `${r.level ?? '-'} ${r.levelName}`,
    String(r.gaps),
    r.change === null ? '' : signed(r.change),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const right = new Set([0, 4, 6, 7]);
  const fmt = (row: string[]) =>
    row
      .map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  out.push(s.dim(fmt(header)));
  for (const [i, row] of table.entries()) {
    const line = fmt(row);
    const ch = rows[i]!.change;
    out.push(
      ch !== null && ch < 0
        ? line.replace(/-\d+$/, (m) => s.red(m))
        : ch !== null && ch > 0
          ? line.replace(/\+\d+$/, (m) => s.green(m))
          : line,
    );
  }
  if (table.some((r) => r[3]!.endsWith('+'))) out.push(s.dim('(+ after a commit: uncommitted changes were audited)'));
  if (opts.component === undefined) out.push(...componentTable(rows, s));
  io.stdout(`${out.join('\n')}\n`);
  return 0;
}

/**
 * The newest run's components (when it has several): score, level, gaps, change since the previous run and the trend of
 * each over the runs shown ('·' for a run without it).
 */
function componentTable(rows: HistoryRow[], s: CommandIO['style']): string[] {
  const newest = rows.find((r) => r.components.length > 1);
  if (!newest) return [];
  const chrono = [...rows].reverse();
  const header = ['COMPONENT', 'TARGET', 'DEPLOYED', 'SCORE', 'LEVEL', 'GAPS', 'CHANGE', 'TREND'];
  const table = newest.components.map((c) => [
    c.id,
    c.target,
    c.deployed ? 'yes' : 'no',
    c.score === null ? 'n/a' : String(c.score),
    `${c.level ?? '-'} ${c.levelName}`,
    String(c.gaps),
    c.change === null ? '' : signed(c.change),
    sparkline(chrono.map((r) => r.components.find((x) => x.id === c.id)?.score ?? null)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const right = new Set([3, 5, 6]);
  const fmt = (row: string[]) =>
    row
      .map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    '',
    s.bold(`components of run ${newest.id}`) + s.dim(' (trend over the runs shown; `--component <id>` for one)'),
    s.dim(fmt(header)),
    ...table.map(fmt),
  ];
}

async function prune(identity: ProjectIdentity, dbPath: string, keep: number, io: CommandIO): Promise<number> {
  if (!fs.existsSync(dbPath)) {
    io.stdout(`nothing to prune: ${dbPath} does not exist\n`);
    return 0;
  }
  const { HistoryStore } = await import('../history/store.js');
  const store = HistoryStore.open(dbPath);
  try {
    const n = store.prune(identity.key, keep);
    io.stdout(`pruned ${n} run${n === 1 ? '' : 's'} of ${identity.root}; kept the newest ${keep}\n`);
  } finally {
    store.close();
  }
  return 0;
}

/** First-parent commits of a range (oldest first), thinned to every Nth, always keeping the newest. */
export function backfillCommits(
  dir: string,
  range: string | undefined,
  since: string | undefined,
  every = 1,
): string[] {
  const all = firstParentCommits(dir, range ?? 'HEAD', since);
  return all.filter((_, i) => (all.length - 1 - i) % every === 0);
}

async function backfill(
  identity: ProjectIdentity,
  dbPath: string,
  opts: HistoryCommandOptions,
  io: CommandIO,
): Promise<void> {
  requireGitRepo(identity.root, '--backfill');
  const range = typeof opts.backfill === 'string' ? opts.backfill : undefined;
  if (!range && !opts.since)
    throw new UserError('--backfill needs a revision range (e.g. v1.0..main) or --since <date>');
  const commits = backfillCommits(identity.root, range, opts.since, opts.every ?? 1);
  const tip = range ? (range.includes('..') ? range.split(/\.\.\.?/).pop() || 'HEAD' : range) : 'HEAD';
  const branch = isLocalBranch(identity.root, tip) ? tip : currentBranch(identity.root);

  const { auditPipeline } = await import('../pipeline/audit.js');
  const { revisionSources } = await import('../pipeline/revision.js');
  const { HistoryStore } = await import('../history/store.js');
  // One config for every commit: the hash that marks a commit as already recorded is the hash the runs record.
  const { config, rules } = await (await import('../pipeline/packs.js')).auditSetup(
    { dir: identity.root, configPath: opts.config, packs: opts.rules },
    io.stderr,
  );
  const sourceFor = revisionSources(identity.root);
  const store: HistoryStore = HistoryStore.open(dbPath);
  // A progress line only on a terminal of known width (0 columns: script, unbuffer, ssh -tt), cut to fit it so that
  // the carriage return rewrites it instead of stacking wrapped lines.
  const columns = process.stderr.isTTY && !process.env.CI ? (process.stderr.columns ?? 0) : 0;
  const tty = Number.isFinite(columns) && columns > 0;
  let done = 0;
  let skipped = 0;
  try {
    for (const [i, sha] of commits.entries()) {
      if (store.hasRunFor(identity.key, sha, TOOL_VERSION, config.hash)) {
        skipped++;
        continue;
      }
      if (tty)
        process.stderr.write(
          `\r\x1b[K${`${progressBar(i, commits.length)} ${i + 1}/${commits.length} auditing ${sha.slice(0, 7)}`.slice(0, columns - 1)}`,
        );
      const revision = sourceFor(sha, branch);
      const result = await auditPipeline({ dir: identity.root, config, rules, revision });
      store.recordRun(result.report, result.identity, {
        configHash: result.config.hash,
        durationMs: result.durationMs,
        rules: result.rules,
        startedAt: revision.startedAt,
      });
      done++;
      await new Promise((r) => setImmediate(r)); // let Ctrl-C in between commits: the backfill resumes where it stopped
    }
  } finally {
    if (tty) process.stderr.write('\r\x1b[K');
    store.close();
  }
  io.stderr(
    `backfill: audited ${done} commit${done === 1 ? '' : 's'}${skipped ? `, skipped ${skipped} already recorded` : ''} (of ${commits.length} in ${range ?? 'HEAD'}${opts.since ? ` since ${opts.since}` : ''}${opts.every && opts.every > 1 ? `, every ${opts.every}` : ''})`,
  );
}

function progressBar(i: number, n: number, width = 20): string {
  const filled = Math.round((i / Math.max(1, n)) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

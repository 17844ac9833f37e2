import { UserError } from '../errors.js';
import type { Report } from '../report/schema.js';
import { wrapToWidth } from '../report/wrap.js';
import { findingKey, isOpenGap as isOpenGapFinding } from '../report/score.js';
import type { CommandIO } from './io.js';
import { SEVERITY_RANK, type Severity } from '../sdk/types.js';

type Finding = Report['findings'][number];

export interface RunRef {
  runId?: number;
  commit: string | null;
  branch: string | null;
  at: string;
  score: number | null;
  level: { value: number | null; name: string };
}

export interface ReportDiff {
  from: RunRef;
  to: RunRef;
  scoreDelta: number | null;
  levelChanged: boolean;
  categories: { id: string; from: number | null; to: number | null; delta: number | null }[];
  /** Score of each component (either run), when a run has several components. */
  components?: { id: string; from: number | null; to: number | null; delta: number | null }[];
  /** Open gaps in `from` that are not open gaps in `to` (now: their status there). */
  fixed: { ruleId: string; component?: string; title: string; severity: string; now: string }[];
  /** Open gaps in `to` that were not open gaps in `from`. */
  introduced: {
    ruleId: string;
    component?: string;
    title: string;
    severity: string;
    was: string;
    evidence: string[];
  }[];
  /** Same rule, same status, different evidence locations. */
  moved: { ruleId: string; component?: string; status: string; from: string[]; to: string[] }[];
}

const isOpenGap = (f: Finding | undefined): boolean => !!f && isOpenGapFinding(f);

function locations(f: Finding): string[] {
  return [
    ...new Set(
      f.evidence
        .filter((e) => e.path !== '.' || e.line !== undefined)
        .map((e) => (e.line ? `${e.path}:${e.line}` : e.path)),
    ),
  ].sort();
}

function refOf(r: Report): RunRef {
  return {
    ...(r.runId !== undefined ? { runId: r.runId } : {}),
    commit: r.target.commit,
    branch: r.target.branch,
    at: r.generatedAt,
    score: r.score,
    level: { value: r.level.value, name: r.level.name },
  };
}

/** What changed from report `a` to report `b`. Pure. */
export function diffReports(a: Report, b: Report): ReportDiff {
  // Per component when a report has several: the same rule in two components is two findings.
  const keyA = findingKey(a);
  const keyB = findingKey(b);
  const byA = new Map(a.findings.map((f) => [keyA(f), f]));
  const byB = new Map(b.findings.map((f) => [keyB(f), f]));
  const comp = (f: { component?: string | null }, r: Report) =>
    f.component && (r.components?.length ?? 0) > 1 ? { component: f.component } : {};
  const fixed: ReportDiff['fixed'] = [];
  const introduced: ReportDiff['introduced'] = [];
  const moved: ReportDiff['moved'] = [];
  for (const fa of a.findings) {
    const fb = byB.get(keyA(fa));
    if (isOpenGap(fa) && !isOpenGap(fb))
      fixed.push({
        ruleId: fa.ruleId,
        ...comp(fa, a),
        title: fa.title,
        severity: fa.severity,
        now: fb ? (fb.waived ? 'waived' : fb.status) : 'not run',
      });
  }
  for (const fb of b.findings) {
    const fa = byA.get(keyB(fb));
    if (isOpenGap(fb) && !isOpenGap(fa)) {
      introduced.push({
        ruleId: fb.ruleId,
        ...comp(fb, b),
        title: fb.title,
        severity: fb.severity,
        was: fa ? (fa.waived ? 'waived' : fa.status) : 'not run',
        evidence: locations(fb),
      });
    }
    if (fa && fa.status === fb.status && !!fa.waived === !!fb.waived) {
      const la = locations(fa);
      const lb = locations(fb);
      if (la.join('\n') !== lb.join('\n'))
        moved.push({ ruleId: fb.ruleId, ...comp(fb, b), status: fb.status, from: la, to: lb });
    }
  }
  const catA = new Map(a.categories.map((c) => [c.id, c.score]));
  const catB = new Map(b.categories.map((c) => [c.id, c.score]));
  const ids = [...new Set([...catA.keys(), ...catB.keys()])];
  const categories = ids.map((id) => {
    const from = catA.get(id) ?? null;
    const to = catB.get(id) ?? null;
    return { id, from, to, delta: from !== null && to !== null ? to - from : null };
  });
  const compScores = (r: Report) => new Map((r.components ?? []).map((c) => [c.id, c.score]));
  const compA = compScores(a);
  const compB = compScores(b);
  const components =
    compA.size > 1 || compB.size > 1
      ? [...new Set([...compA.keys(), ...compB.keys()])].map((id) => {
          const from = compA.get(id) ?? null;
          const to = compB.get(id) ?? null;
          return { id, from, to, delta: from !== null && to !== null ? to - from : null };
        })
      : undefined;
  const bySev = (x: { severity: string; ruleId: string }, y: { severity: string; ruleId: string }) =>
    SEVERITY_RANK[x.severity as Severity] - SEVERITY_RANK[y.severity as Severity] || x.ruleId.localeCompare(y.ruleId);
  return {
    from: refOf(a),
    to: refOf(b),
    scoreDelta: a.score !== null && b.score !== null ? b.score - a.score : null,
    levelChanged: a.level.value !== b.level.value,
    categories,
    ...(components ? { components } : {}),
    fixed: fixed.sort(bySev),
    introduced: introduced.sort(bySev),
    moved: moved.sort((x, y) => x.ruleId.localeCompare(y.ruleId)),
  };
}

/** A score change: +3, ±0, -2 (n/a when unknown). */
export function signed(n: number | null): string {
  if (n === null) return 'n/a';
  return n > 0 ? `+${n}` : n === 0 ? '±0' : String(n);
}

function label(r: RunRef): string {
  const parts = [r.runId !== undefined ? `run ${r.runId}` : 'report'];
  if (r.commit) parts.push(r.commit.slice(0, 7));
  if (r.branch) parts.push(r.branch);
  return parts.join(' · ');
}

export function formatDiffText(d: ReportDiff, io: Pick<CommandIO, 'style'>): string {
  const s = io.style;
  const out: string[] = [];
  out.push(s.bold(`readiness diff: ${label(d.from)}  →  ${label(d.to)}`));
  const delta =
    d.scoreDelta === null
      ? ''
      : ` (${d.scoreDelta > 0 ? s.green(signed(d.scoreDelta)) : d.scoreDelta < 0 ? s.red(signed(d.scoreDelta)) : signed(0)})`;
  out.push(`score  ${d.from.score ?? 'n/a'} → ${d.to.score ?? 'n/a'}${delta}`);
  out.push(
    `level  ${d.from.level.value ?? '-'} ${d.from.level.name} → ${d.to.level.value ?? '-'} ${d.to.level.name}${d.levelChanged ? '' : s.dim(' (unchanged)')}`,
  );
  const changedCats = d.categories.filter((c) => c.from !== c.to);
  if (changedCats.length) {
    out.push('', s.bold('categories'));
    for (const c of changedCats)
      out.push(
        `  ${c.id.padEnd(16)} ${String(c.from ?? 'n/a').padStart(3)} → ${String(c.to ?? 'n/a').padStart(3)}  ${signed(c.delta)}`,
      );
  }
  const changedComps = (d.components ?? []).filter((c) => c.from !== c.to);
  if (changedComps.length) {
    out.push('', s.bold('components'));
    for (const c of changedComps)
      out.push(
        `  ${c.id.padEnd(24)} ${String(c.from ?? '-').padStart(3)} → ${String(c.to ?? '-').padStart(3)}  ${signed(c.delta)}`,
      );
  }
  const name = (f: { ruleId: string; component?: string }) => (f.component ? `${f.ruleId} [${f.component}]` : f.ruleId);
  out.push('', s.bold(`gaps fixed (${d.fixed.length})`));
  for (const f of d.fixed) out.push(s.green(`  ✓ ${name(f)}`) + s.dim(`  ${f.severity} · now ${f.now} · ${f.title}`));
  out.push('', s.bold(`gaps introduced (${d.introduced.length})`));
  for (const f of d.introduced) {
    out.push(s.red(`  ✗ ${name(f)}`) + s.dim(`  ${f.severity} · was ${f.was} · ${f.title}`));
    for (const e of f.evidence.slice(0, 3)) out.push(s.dim(`      ${e}`));
  }
  if (d.moved.length) {
    out.push('', s.bold(`evidence moved (${d.moved.length})`));
    for (const m of d.moved)
      out.push(`  ~ ${name(m)} (${m.status})  ${m.from.join(', ') || '-'} → ${m.to.join(', ') || '-'}`);
  }
  return `${out.join('\n')}\n`;
}

export interface DiffCommandOptions {
  db?: string;
  json?: boolean;
  dir?: string;
}

/** `readiness diff [runA] [runB]`: defaults to the last two runs of the project in --dir (or cwd). */
export async function diffCommand(specs: string[], opts: DiffCommandOptions, io: CommandIO): Promise<number> {
  const { HistoryStore } = await import('../history/store.js');
  const { identityOf, resolveRun } = await import('../history/resolve.js');
  const dir = opts.dir ?? '.';
  if (specs.length > 2) throw new UserError('diff takes at most two runs');
  const store = HistoryStore.open(io.dbPath(opts.db), { readonly: true });
  try {
    const identity = identityOf(dir);
    let ids: number[];
    if (specs.length === 0) {
      const runs = store.listRuns(identity.key, { limit: 2 });
      if (runs.length < 2)
        throw new UserError(`need two recorded runs of ${identity.root} to diff (found ${runs.length})`);
      ids = [runs[1]!.id, runs[0]!.id];
    } else if (specs.length === 1) {
      // One run: compare it with the latest run of its project.
      const a = resolveRun(store, identity.key, dir, specs[0]!);
      const latest = store.listRuns(a.projectKey, { limit: 1 })[0]!;
      ids = [a.id, latest.id];
    } else {
      ids = specs.map((s) => resolveRun(store, identity.key, dir, s).id);
    }
    const [ra, rb] = ids.map((id) => store.getReport(id)!);
    const d = diffReports(ra!, rb!);
    io.stdout(opts.json ? `${JSON.stringify(d, null, 2)}\n` : wrapToWidth(formatDiffText(d, io), io.width));
    return 0;
  } finally {
    store.close();
  }
}

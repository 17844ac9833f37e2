import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { describeError, UserError } from '../errors.js';
import type { Report } from '../report/schema.js';
import { SCHEMA_VERSION } from '../report/schema-version.js';
import type { Finding, RuleMeta } from '../sdk/types.js';
import type { ProjectIdentity } from './identity.js';
import { MIGRATIONS, SCHEMA_VERSION_LATEST, SCHEMA_VERSION_READABLE } from './migrations.js';

const SQLITE_HEADER = 'SQLite format 3\0';

/** PRAGMA application_id of a readiness history database ("RDNS"): how a database is known to be ours. */
export const APPLICATION_ID = 0x52444e53;
/** The tables readiness creates; a database holding any other table belongs to another application. */
const OWN_TABLES = new Set(['projects', 'runs', 'findings', 'plans', 'plan_items', 'run_components']);

// URI file names let a read-only open fall back to `immutable=1` (read below). Read once, when the first database
// is opened (better-sqlite3 loads SQLite lazily); every path given to SQLite here is absolute, never a "file:" name.
process.env.SQLITE_USE_URI ??= '1';

/** SQLite's corruption codes, in words. */
function corruption(code: string): string {
  return code === 'SQLITE_NOTADB' ? 'not a database SQLite can read' : 'its content is damaged';
}

function isReadonlyError(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? '';
  return code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN');
}

/**
 * Opens an existing database read-only. A database in WAL mode needs a shared-memory file beside it; where that cannot
 * be created (a read-only directory or file system, a file of another user), it is opened immutable instead: read as
 * it is on disk, without locks, never written.
 */
function openReadonly(file: string): Database.Database {
  const abs = path.resolve(file);
  let db: Database.Database | undefined;
  try {
    db = new Database(abs, { readonly: true, fileMustExist: true });
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (e) {
    db?.close();
    if (!isReadonlyError(e)) throw e;
    const immutable = new Database(`${pathToFileURL(abs).href}?immutable=1`, { readonly: true, fileMustExist: true });
    immutable.prepare('SELECT count(*) FROM sqlite_master').get();
    return immutable;
  }
}

/**
 * Whether an existing, readable SQLite database may be used as readiness's history: marked as ours, empty, or a
 * readiness database from before the mark (our tables only). Anything else belongs to another application.
 */
function assertOurs(db: Database.Database, file: string): void {
  const appId = db.pragma('application_id', { simple: true }) as number;
  if (appId === APPLICATION_ID) return;
  const tables = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
      name: string;
    }[]
  ).map((t) => t.name);
  const version = db.pragma('user_version', { simple: true }) as number;
  if (appId === 0 && tables.length === 0 && version === 0) return;
  const legacy =
    appId === 0 &&
    version >= 1 &&
    ['projects', 'runs', 'findings'].every((t) => tables.includes(t)) &&
    tables.every((t) => OWN_TABLES.has(t));
  if (legacy) return;
  const foreign = tables.filter((t) => !OWN_TABLES.has(t));
  throw new UserError(
    `${file} is not a readiness history database (${appId !== 0 ? `application id ${appId}` : `it holds ${foreign.length ? `other tables: ${foreign.slice(0, 5).join(', ')}` : 'tables readiness did not create'}`}); it was left untouched — use --db to choose another file`,
  );
}

export interface RunSummary {
  id: number;
  projectKey: string;
  startedAt: string;
  root: string;
  branch: string | null;
  commit: string | null;
  dirty: boolean | null;
  ref: string | null;
  toolVersion: string;
  configHash: string;
  score: number | null;
  level: number | null;
  levelName: string;
  gaps: number;
}

interface RunRow {
  id: number;
  key: string;
  started_at: string;
  root: string;
  remote: string | null;
  branch: string | null;
  commit_sha: string | null;
  dirty: number | null;
  ref: string | null;
  tool_version: string;
  config_hash: string;
  score: number | null;
  level: number | null;
  level_name: string;
  next_json: string | null;
  counts_json: string;
  categories_json: string;
  project_json: string | null;
  duration_ms: number | null;
  /** Missing in databases of schema 2, read without migrating. */
  coverage_json?: string | null;
  claims_json?: string | null;
  rules_json?: string | null;
}

interface FindingRow {
  rule_id: string;
  /** '' for a repository-wide finding (and for every finding recorded before components). */
  component: string;
  category: string;
  title: string;
  status: string;
  severity: string;
  level: number;
  message: string;
  message_id: string | null;
  evidence_json: string;
  remediation_json: string | null;
  effort: string;
  confidence: string;
  duration_ms: number;
  waived_json: string | null;
  size_json?: string | null;
}

const BUSY_TIMEOUT_MS = 10_000;

/**
 * Switches the database to WAL. SQLite takes the exclusive lock this needs without calling the busy handler, so two
 * processes creating one new database at once can get SQLITE_BUSY straight away: wait and retry for as long as
 * busy_timeout would have waited.
 */
function enableWal(db: Database.Database): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; ; attempt++) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (e) {
      if (!String((e as { code?: string }).code).startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw e;
      Atomics.wait(pause, 0, 0, Math.min(10 * 2 ** attempt, 200));
    }
  }
}

/** Databases up to this size get a full PRAGMA quick_check before use (bigger ones: the header, schema and size checks only). */
const QUICK_CHECK_MAX_BYTES = 8 * 1024 * 1024;

/**
 * Opens an existing database read-only and checks it is readiness's (never another application's), can be read and is
 * not from a newer readiness.
 */
function preflight(file: string): void {
  let db: Database.Database | undefined;
  const sidecars = [`${file}-wal`, `${file}-shm`].filter((f) => !fs.existsSync(f));
  try {
    db = openReadonly(file);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    assertOurs(db, file);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION_LATEST) {
      throw new UserError(
        `history database ${file} was written by a newer readiness (schema ${version}, this version knows ${SCHEMA_VERSION_LATEST}); upgrade readiness or use --db`,
      );
    }
    // Reading the whole schema and the page count touches every b-tree root: random bytes fail here.
    db.prepare('SELECT type, name, sql FROM sqlite_master').all();
    const pageCount = db.pragma('page_count', { simple: true }) as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const walBytes = fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0;
    if (walBytes === 0 && fs.statSync(file).size < pageCount * pageSize)
      throw Object.assign(new Error('truncated'), { code: 'SQLITE_CORRUPT' });
    if (version > 0 && fs.statSync(file).size <= QUICK_CHECK_MAX_BYTES) {
      const check = db.pragma('quick_check(1)', { simple: true }) as string;
      if (check !== 'ok') throw Object.assign(new Error(check), { code: 'SQLITE_CORRUPT' });
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code?.startsWith('SQLITE_BUSY')) return; // another writer holds it: the real open waits for it
    db?.close();
    db = undefined;
    // Reading a WAL-mode file creates -wal/-shm next to it: remove the ones this check created, leave the rest as found.
    for (const f of sidecars) fs.rmSync(f, { force: true });
    if (e instanceof UserError) throw e;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code === 'SQLITE_CORRUPT_VTAB') {
      throw new UserError(
        `history database ${file} is corrupt (${corruption(code)}); it was left untouched — move it aside or use --db`,
      );
    }
    throw new UserError(`cannot open history database ${file}: ${describeError(e)}`);
  } finally {
    db?.close();
  }
}

/** Refuses files that are not SQLite databases, so a wrong --db never truncates someone's file. */
function assertSqliteFile(file: string): void {
  let fd: number | undefined;
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) throw new UserError(`history database ${file} is not a file`);
    if (st.size === 0) return;
    fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(16);
    fs.readSync(fd, buf, 0, 16, 0);
    if (buf.toString('latin1') !== SQLITE_HEADER) {
      throw new UserError(
        `history database ${file} is not a SQLite database; refusing to modify it (use --db to choose another file)`,
      );
    }
  } catch (e) {
    if (e instanceof UserError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new UserError(`cannot read history database ${file}: ${describeError(e)}`);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

export class HistoryStore {
  private constructor(
    readonly db: Database.Database,
    readonly file: string,
  ) {}

  static open(file: string, opts: { readonly?: boolean } = {}): HistoryStore {
    assertSqliteFile(file);
    // Validate an existing file read-only first: a corrupt or newer database must never be touched (not even WAL mode).
    if (fs.existsSync(file) && fs.statSync(file).size > 0) preflight(file);
    if (opts.readonly && !fs.existsSync(file))
      throw new UserError(`no history yet: ${file} does not exist (run \`readiness audit\` first)`);
    if (!opts.readonly) {
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
      } catch (e) {
        throw new UserError(`cannot create the history directory for ${file}: ${describeError(e)}`);
      }
    }
    let db: Database.Database;
    try {
      db = opts.readonly ? openReadonly(file) : new Database(path.resolve(file));
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      if (!opts.readonly) enableWal(db);
      db.pragma('foreign_keys = ON');
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > SCHEMA_VERSION_LATEST) {
        db.close();
        throw new UserError(
          `history database ${file} was written by a newer readiness (schema ${version}, this version knows ${SCHEMA_VERSION_LATEST}); upgrade readiness or use --db`,
        );
      }
      const store = new HistoryStore(db, file);
      if (!opts.readonly) store.migrate(version);
      else if (version < SCHEMA_VERSION_READABLE)
        throw new UserError(`history database ${file} needs an upgrade: run \`readiness audit\` once to migrate it`);
      return store;
    } catch (e) {
      if (e instanceof UserError) throw e;
      const code = (e as { code?: string }).code;
      if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
        throw new UserError(
          `history database ${file} is corrupt (${corruption(code)}); it was left untouched — move it aside or use --db`,
        );
      }
      throw new UserError(`cannot open history database ${file}: ${describeError(e)}`);
    }
  }

  private migrate(from: number): void {
    const pending = MIGRATIONS.filter((m) => m.version > from);
    const marked = this.db.pragma('application_id', { simple: true }) === APPLICATION_ID;
    if (!pending.length && marked) return;
    // IMMEDIATE takes the write lock first, so two processes migrating at once serialise instead of failing.
    const apply = this.db.transaction(() => {
      const current = this.db.pragma('user_version', { simple: true }) as number;
      for (const m of MIGRATIONS.filter((x) => x.version > current)) {
        this.db.exec(m.sql);
        this.db.pragma(`user_version = ${m.version}`);
      }
      this.db.pragma(`application_id = ${APPLICATION_ID}`);
    });
    apply.immediate();
  }

  close(): void {
    this.db.close();
  }

  /** Records a whole run (project, run, every finding) in one transaction. */
  recordRun(
    report: Report,
    identity: ProjectIdentity,
    meta: {
      configHash: string;
      durationMs?: number;
      startedAt?: string;
      /**
       * The registry the run was judged with: the metadata of the rules that are not built in (the config's checks,
       * profiles', packs') is kept with the run, as a later `show` may not know them.
       */
      rules?: readonly RuleMeta[];
    },
  ): number {
    const now = new Date().toISOString();
    const tx = this.db.transaction((): number => {
      this.db
        .prepare(`INSERT INTO projects (key, root, remote, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)
                  ON CONFLICT(key) DO UPDATE SET root = excluded.root, remote = excluded.remote, last_seen_at = excluded.last_seen_at`)
        .run(identity.key, identity.root, identity.remote ?? null, now, now);
      const project = this.db.prepare('SELECT id FROM projects WHERE key = ?').get(identity.key) as { id: number };
      const info = this.db
        .prepare(`INSERT INTO runs (project_id, started_at, root, remote, branch, commit_sha, dirty, ref, tool_version, config_hash,
                   score, level, level_name, next_json, counts_json, categories_json, project_json, duration_ms, coverage_json, claims_json,
                   rules_json)
                  VALUES (@project_id, @started_at, @root, @remote, @branch, @commit_sha, @dirty, @ref, @tool_version, @config_hash,
                   @score, @level, @level_name, @next_json, @counts_json, @categories_json, @project_json, @duration_ms,
                   @coverage_json, @claims_json, @rules_json)`)
        .run({
          project_id: project.id,
          started_at: meta.startedAt ?? report.generatedAt,
          root: report.target.root,
          remote: identity.remote ?? null,
          branch: report.target.branch,
          commit_sha: report.target.commit,
          dirty: report.target.dirty === null ? null : report.target.dirty ? 1 : 0,
          ref: report.target.ref ?? null,
          tool_version: report.tool.version,
          config_hash: meta.configHash,
          score: report.score,
          level: report.level.value,
          level_name: report.level.name,
          next_json: report.level.next ? JSON.stringify(report.level.next) : null,
          counts_json: JSON.stringify(report.counts),
          categories_json: JSON.stringify(report.categories),
          project_json: report.project ? JSON.stringify(report.project) : null,
          duration_ms: meta.durationMs ?? null,
          coverage_json: report.coverage ? JSON.stringify(report.coverage) : null,
          claims_json: report.claims ? JSON.stringify(report.claims) : null,
          rules_json: ownRulesJson(meta.rules),
        });
      const runId = Number(info.lastInsertRowid);
      const insert =
        this.db.prepare(`INSERT INTO findings (run_id, rule_id, component, category, title, status, severity, level, message,
        message_id, evidence_json, remediation_json, effort, confidence, duration_ms, waived_json, size_json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      for (const f of report.findings) {
        insert.run(
          runId,
          f.ruleId,
          f.component ?? '',
          f.category,
          f.title,
          f.status,
          f.severity,
          f.level,
          f.message,
          f.messageId ?? null,
          JSON.stringify(f.evidence),
          f.remediation ? JSON.stringify(f.remediation) : null,
          f.effort,
          f.confidence,
          f.durationMs,
          f.waived ? JSON.stringify(f.waived) : null,
          f.size ? JSON.stringify(f.size) : null,
        );
      }
      const comp =
        this.db.prepare(`INSERT INTO run_components (run_id, component, path, kind, stack, target, deployed, why,
        score, level, level_name, counts_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      for (const c of report.components ?? [])
        comp.run(
          runId,
          c.id,
          c.path,
          c.kind,
          c.stack,
          c.target,
          c.deployed ? 1 : 0,
          c.why,
          c.score,
          c.level.value,
          c.level.name,
          JSON.stringify(c.counts),
        );
      return runId;
    });
    return tx.immediate();
  }

  /**
   * The metadata of a run's rules that are not built in (its config's checks, profiles' and packs' rules), as recorded
   * with it; none for a run recorded before readiness kept them. `messages` and `options` are not kept.
   */
  runRules(runId: number): RuleMeta[] {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
    if (!row?.rules_json) return [];
    return (JSON.parse(row.rules_json) as Omit<RuleMeta, 'messages'>[]).map((m) => ({ ...m, messages: {} }));
  }

  /** The score of each component of a run, in the order recorded (none for a run recorded before components). */
  componentScores(runId: number): NonNullable<Report['components']> {
    const rows = this.db
      .prepare('SELECT * FROM run_components WHERE run_id = ? ORDER BY rowid')
      .all(runId) as ComponentRow[];
    return rows.map((r) => ({
      id: r.component,
      path: r.path,
      kind: r.kind,
      stack: r.stack,
      target: r.target as NonNullable<Report['components']>[number]['target'],
      deployed: r.deployed === 1,
      why: r.why,
      score: r.score,
      level: { value: r.level, name: r.level_name },
      counts: JSON.parse(r.counts_json),
    }));
  }

  /** Runs of the project, newest first; `beforeRunId` keeps only runs recorded before that one (smaller ids). */
  listRuns(projectKey: string, opts: { limit?: number; branch?: string; beforeRunId?: number } = {}): RunSummary[] {
    const rows = this.db
      .prepare(`SELECT r.*, p.key FROM runs r JOIN projects p ON p.id = r.project_id
                WHERE p.key = ? AND (? IS NULL OR r.branch = ?) AND (? IS NULL OR r.id < ?) ORDER BY r.started_at DESC, r.id DESC LIMIT ?`)
      .all(
        projectKey,
        opts.branch ?? null,
        opts.branch ?? null,
        opts.beforeRunId ?? null,
        opts.beforeRunId ?? null,
        opts.limit ?? -1,
      ) as RunRow[];
    return rows.map(summaryOf);
  }

  latestRun(projectKey: string, opts: { branch?: string } = {}): RunSummary | undefined {
    return this.listRuns(projectKey, { ...opts, limit: 1 })[0];
  }

  /** One run by id (with the project it belongs to). */
  getRun(runId: number): RunSummary | undefined {
    const row = this.db
      .prepare('SELECT r.*, p.key FROM runs r JOIN projects p ON p.id = r.project_id WHERE r.id = ?')
      .get(runId) as RunRow | undefined;
    return row ? summaryOf(row) : undefined;
  }

  /** Runs of the project recorded for a commit (full sha), newest first. */
  runsForCommit(projectKey: string, sha: string): RunSummary[] {
    const rows = this.db
      .prepare(`SELECT r.*, p.key FROM runs r JOIN projects p ON p.id = r.project_id
                WHERE p.key = ? AND r.commit_sha = ? ORDER BY r.started_at DESC, r.id DESC`)
      .all(projectKey, sha) as RunRow[];
    return rows.map(summaryOf);
  }

  /** The latest run of the project (optionally on a branch) recorded before run `beforeRunId`: the baseline for a regression gate. */
  latestRunBefore(projectKey: string, opts: { branch?: string; beforeRunId?: number } = {}): RunSummary | undefined {
    return this.listRuns(projectKey, { ...opts, limit: 1 })[0];
  }

  /** The branches the project has recorded runs on, most recent first. */
  branches(projectKey: string): string[] {
    return (
      this.db
        .prepare(`SELECT r.branch, max(r.started_at) AS last FROM runs r JOIN projects p ON p.id = r.project_id
                  WHERE p.key = ? AND r.branch IS NOT NULL GROUP BY r.branch ORDER BY last DESC`)
        .all(projectKey) as { branch: string }[]
    ).map((r) => r.branch);
  }

  /** Whether a commit was already audited for the project with this tool version and config (resumable backfill). */
  hasRunFor(projectKey: string, sha: string, toolVersion: string, configHash: string): boolean {
    return !!this.db
      .prepare(`SELECT 1 FROM runs r JOIN projects p ON p.id = r.project_id
                WHERE p.key = ? AND r.commit_sha = ? AND r.tool_version = ? AND r.config_hash = ? LIMIT 1`)
      .get(projectKey, sha, toolVersion, configHash);
  }

  /** Score over time, oldest first (for trend lines and charts). */
  trend(
    projectKey: string,
    opts: { limit?: number; branch?: string } = {},
  ): { runId: number; at: string; score: number | null }[] {
    return this.listRuns(projectKey, opts)
      .reverse()
      .map((r) => ({ runId: r.id, at: r.startedAt, score: r.score }));
  }

  /** Keeps the newest `keep` runs of the project and deletes the rest (findings cascade), in one transaction. */
  prune(projectKey: string, keep: number): number {
    const tx = this.db.transaction((): number => {
      const ids = this.listRuns(projectKey)
        .slice(keep)
        .map((r) => r.id);
      const del = this.db.prepare('DELETE FROM runs WHERE id = ?');
      for (const id of ids) del.run(id);
      return ids.length;
    });
    return tx.immediate();
  }

  /** A recorded run as the report it was, for `show`, `diff` and baselines. */
  getReport(runId: number): Report | undefined {
    const row = this.db
      .prepare('SELECT r.*, p.key FROM runs r JOIN projects p ON p.id = r.project_id WHERE r.id = ?')
      .get(runId) as RunRow | undefined;
    if (!row) return undefined;
    const findings = this.db
      .prepare('SELECT * FROM findings WHERE run_id = ? ORDER BY rule_id, component')
      .all(runId) as FindingRow[];
    const components = this.componentScores(runId);
    return {
      schemaVersion: SCHEMA_VERSION,
      tool: { name: 'readiness', version: row.tool_version },
      generatedAt: row.started_at,
      runId: row.id,
      target: {
        root: row.root,
        commit: row.commit_sha,
        branch: row.branch,
        dirty: row.dirty === null ? null : row.dirty === 1,
        ...(row.ref ? { ref: row.ref } : {}),
      },
      ...(row.project_json ? { project: JSON.parse(row.project_json) } : {}),
      ...(row.coverage_json ? { coverage: JSON.parse(row.coverage_json) } : {}),
      ...(row.claims_json ? { claims: JSON.parse(row.claims_json) } : {}),
      score: row.score,
      level: { value: row.level, name: row.level_name, ...(row.next_json ? { next: JSON.parse(row.next_json) } : {}) },
      counts: JSON.parse(row.counts_json),
      categories: JSON.parse(row.categories_json),
      ...(components.length ? { components } : {}),
      findings: findings.map(findingOf) as Report['findings'],
    };
  }
}

function summaryOf(r: RunRow): RunSummary {
  const counts = JSON.parse(r.counts_json) as { gap: number };
  return {
    id: r.id,
    projectKey: r.key,
    startedAt: r.started_at,
    root: r.root,
    branch: r.branch,
    commit: r.commit_sha,
    dirty: r.dirty === null ? null : r.dirty === 1,
    ref: r.ref,
    toolVersion: r.tool_version,
    configHash: r.config_hash,
    score: r.score,
    level: r.level,
    levelName: r.level_name,
    gaps: counts.gap,
  };
}

function findingOf(r: FindingRow): Finding {
  return {
    ruleId: r.rule_id,
    category: r.category as Finding['category'],
    title: r.title,
    status: r.status as Finding['status'],
    severity: r.severity as Finding['severity'],
    level: r.level as Finding['level'],
    message: r.message,
    ...(r.message_id ? { messageId: r.message_id } : {}),
    evidence: JSON.parse(r.evidence_json),
    ...(r.remediation_json ? { remediation: JSON.parse(r.remediation_json) } : {}),
    effort: r.effort as Finding['effort'],
    ...(r.size_json ? { size: JSON.parse(r.size_json) } : {}),
    confidence: r.confidence as Finding['confidence'],
    durationMs: r.duration_ms,
    ...(r.waived_json ? { waived: JSON.parse(r.waived_json) } : {}),
    component: r.component || null,
  };
}

interface ComponentRow {
  component: string;
  path: string;
  kind: string;
  stack: string;
  target: string;
  deployed: number;
  why: string;
  score: number | null;
  level: number | null;
  level_name: string;
  counts_json: string;
}

/** What a run keeps of its rules that are not built in (null when all its rules are). */
function ownRulesJson(rules: readonly RuleMeta[] | undefined): string | null {
  const own = (rules ?? []).filter((m) => m.source);
  if (!own.length) return null;
  return JSON.stringify(
    own.map(({ id, category, title, severity, level, scope, requires, docs, claims, source }) => ({
      id,
      category,
      title,
      severity,
      level,
      ...(scope ? { scope } : {}),
      ...(requires?.length ? { requires } : {}),
      docs,
      ...(claims?.length ? { claims } : {}),
      source,
    })),
  );
}

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { UserError } from '../errors.js';
import type { Report } from '../report/schema.js';
import { SCHEMA_VERSION } from '../report/schema.js';
import type { Finding } from '../sdk/types.js';
import type { ProjectIdentity } from './identity.js';
import { MIGRATIONS, SCHEMA_VERSION_LATEST } from './migrations.js';

const SQLITE_HEADER = 'SQLite format 3\0';

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
}

interface FindingRow {
  rule_id: string;
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
      throw new UserError(`history database ${file} is not a SQLite database; refusing to modify it (use --db to choose another file)`);
    }
  } catch (e) {
    if (e instanceof UserError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new UserError(`cannot read history database ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

export class HistoryStore {
  private constructor(readonly db: Database.Database, readonly file: string) {}

  static open(file: string, opts: { readonly?: boolean } = {}): HistoryStore {
    assertSqliteFile(file);
    if (opts.readonly && !fs.existsSync(file)) throw new UserError(`no history yet: ${file} does not exist (run \`readiness audit\` first)`);
    if (!opts.readonly) {
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
      } catch (e) {
        throw new UserError(`cannot create the history directory for ${file}: ${(e as NodeJS.ErrnoException).code}`);
      }
    }
    let db: Database.Database;
    try {
      db = new Database(file, { readonly: !!opts.readonly, fileMustExist: !!opts.readonly });
      db.pragma('busy_timeout = 10000');
      if (!opts.readonly) db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > SCHEMA_VERSION_LATEST) {
        db.close();
        throw new UserError(`history database ${file} was written by a newer readiness (schema ${version}, this version knows ${SCHEMA_VERSION_LATEST}); upgrade readiness or use --db`);
      }
      const store = new HistoryStore(db, file);
      if (!opts.readonly) store.migrate(version);
      else if (version < SCHEMA_VERSION_LATEST) throw new UserError(`history database ${file} needs an upgrade: run \`readiness audit\` once to migrate it`);
      return store;
    } catch (e) {
      if (e instanceof UserError) throw e;
      const code = (e as { code?: string }).code;
      if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
        throw new UserError(`history database ${file} is corrupt (${code}); it was left untouched — move it aside or use --db`);
      }
      throw new UserError(`cannot open history database ${file}: ${(e as Error).message}`);
    }
  }

  private migrate(from: number): void {
    const pending = MIGRATIONS.filter((m) => m.version > from);
    if (!pending.length) return;
    // IMMEDIATE takes the write lock first, so two processes migrating at once serialise instead of failing.
    const apply = this.db.transaction(() => {
      const current = this.db.pragma('user_version', { simple: true }) as number;
      for (const m of MIGRATIONS.filter((x) => x.version > current)) {
        this.db.exec(m.sql);
        this.db.pragma(`user_version = ${m.version}`);
      }
    });
    apply.immediate();
  }

  close(): void {
    this.db.close();
  }

  /** Records a whole run (project, run, every finding) in one transaction. */
  recordRun(report: Report, identity: ProjectIdentity, meta: { configHash: string; durationMs?: number }): number {
    const now = new Date().toISOString();
    const tx = this.db.transaction((): number => {
      this.db
        .prepare(`INSERT INTO projects (key, root, remote, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)
                  ON CONFLICT(key) DO UPDATE SET root = excluded.root, remote = excluded.remote, last_seen_at = excluded.last_seen_at`)
        .run(identity.key, identity.root, identity.remote ?? null, now, now);
      const project = this.db.prepare('SELECT id FROM projects WHERE key = ?').get(identity.key) as { id: number };
      const info = this.db
        .prepare(`INSERT INTO runs (project_id, started_at, root, remote, branch, commit_sha, dirty, ref, tool_version, config_hash,
                   score, level, level_name, next_json, counts_json, categories_json, project_json, duration_ms)
                  VALUES (@project_id, @started_at, @root, @remote, @branch, @commit_sha, @dirty, @ref, @tool_version, @config_hash,
                   @score, @level, @level_name, @next_json, @counts_json, @categories_json, @project_json, @duration_ms)`)
        .run({
          project_id: project.id,
          started_at: report.generatedAt,
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
        });
      const runId = Number(info.lastInsertRowid);
      const insert = this.db.prepare(`INSERT INTO findings (run_id, rule_id, category, title, status, severity, level, message, message_id,
        evidence_json, remediation_json, effort, confidence, duration_ms, waived_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      for (const f of report.findings) {
        insert.run(runId, f.ruleId, f.category, f.title, f.status, f.severity, f.level, f.message, f.messageId ?? null,
          JSON.stringify(f.evidence), f.remediation ? JSON.stringify(f.remediation) : null, f.effort, f.confidence, f.durationMs,
          f.waived ? JSON.stringify(f.waived) : null);
      }
      return runId;
    });
    return tx.immediate();
  }

  listRuns(projectKey: string, opts: { limit?: number; branch?: string } = {}): RunSummary[] {
    const rows = this.db
      .prepare(`SELECT r.*, p.key FROM runs r JOIN projects p ON p.id = r.project_id
                WHERE p.key = ? AND (? IS NULL OR r.branch = ?) ORDER BY r.started_at DESC, r.id DESC LIMIT ?`)
      .all(projectKey, opts.branch ?? null, opts.branch ?? null, opts.limit ?? -1) as RunRow[];
    return rows.map(summaryOf);
  }

  latestRun(projectKey: string, opts: { branch?: string } = {}): RunSummary | undefined {
    return this.listRuns(projectKey, { ...opts, limit: 1 })[0];
  }

  /** A recorded run as the report it was, for `show`, `diff` and baselines. */
  getReport(runId: number): Report | undefined {
    const row = this.db.prepare('SELECT r.*, p.key FROM runs r JOIN projects p ON p.id = r.project_id WHERE r.id = ?').get(runId) as RunRow | undefined;
    if (!row) return undefined;
    const findings = this.db.prepare('SELECT * FROM findings WHERE run_id = ? ORDER BY rule_id').all(runId) as FindingRow[];
    return {
      schemaVersion: SCHEMA_VERSION,
      tool: { name: 'readiness', version: row.tool_version },
      generatedAt: row.started_at,
      runId: row.id,
      target: { root: row.root, commit: row.commit_sha, branch: row.branch, dirty: row.dirty === null ? null : row.dirty === 1, ...(row.ref ? { ref: row.ref } : {}) },
      ...(row.project_json ? { project: JSON.parse(row.project_json) } : {}),
      score: row.score,
      level: { value: row.level, name: row.level_name, ...(row.next_json ? { next: JSON.parse(row.next_json) } : {}) },
      counts: JSON.parse(row.counts_json),
      categories: JSON.parse(row.categories_json),
      findings: findings.map(findingOf) as Report['findings'],
    };
  }
}

function summaryOf(r: RunRow): RunSummary {
  const counts = JSON.parse(r.counts_json) as { gap: number };
  return {
    id: r.id, projectKey: r.key, startedAt: r.started_at, root: r.root, branch: r.branch, commit: r.commit_sha,
    dirty: r.dirty === null ? null : r.dirty === 1, ref: r.ref, toolVersion: r.tool_version, configHash: r.config_hash,
    score: r.score, level: r.level, levelName: r.level_name, gaps: counts.gap,
  };
}

function findingOf(r: FindingRow): Finding {
  return {
    ruleId: r.rule_id, category: r.category as Finding['category'], title: r.title, status: r.status as Finding['status'],
    severity: r.severity as Finding['severity'], level: r.level as Finding['level'], message: r.message,
    ...(r.message_id ? { messageId: r.message_id } : {}),
    evidence: JSON.parse(r.evidence_json), ...(r.remediation_json ? { remediation: JSON.parse(r.remediation_json) } : {}),
    effort: r.effort as Finding['effort'], confidence: r.confidence as Finding['confidence'], durationMs: r.duration_ms,
    ...(r.waived_json ? { waived: JSON.parse(r.waived_json) } : {}),
  };
}

/**
 * Schema migrations, applied in order on open. Never edit a released migration: append a new one.
 * PRAGMA user_version holds the number of migrations applied.
 */
export const MIGRATIONS: { version: number; description: string; sql: string }[] = [
  {
    version: 1,
    description: 'projects, runs and findings',
    sql: `
      CREATE TABLE projects (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        root TEXT NOT NULL,
        remote TEXT,
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL
      );
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        started_at TEXT NOT NULL,
        root TEXT NOT NULL,
        remote TEXT,
        branch TEXT,
        commit_sha TEXT,
        dirty INTEGER,
        ref TEXT,
        tool_version TEXT NOT NULL,
        config_hash TEXT NOT NULL,
        score INTEGER,
        level INTEGER,
        level_name TEXT NOT NULL,
        next_json TEXT,
        counts_json TEXT NOT NULL,
        categories_json TEXT NOT NULL,
        project_json TEXT,
        duration_ms REAL
      );
      CREATE INDEX runs_by_project ON runs(project_id, started_at);
      CREATE INDEX runs_by_commit ON runs(project_id, commit_sha);
      CREATE TABLE findings (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        rule_id TEXT NOT NULL,
        category TEXT NOT NULL,
        title TEXT NOT NULL,
        status TEXT NOT NULL,
        severity TEXT NOT NULL,
        level INTEGER NOT NULL,
        message TEXT NOT NULL,
        message_id TEXT,
        evidence_json TEXT NOT NULL,
        remediation_json TEXT,
        effort TEXT NOT NULL,
        confidence TEXT NOT NULL,
        duration_ms REAL NOT NULL,
        waived_json TEXT,
        PRIMARY KEY (run_id, rule_id)
      );
    `,
  },
  {
    version: 2,
    description: 'readiness plans and their items',
    sql: `
      CREATE TABLE plans (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'closed')),
        closed_at TEXT,
        baseline_run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
        target_level INTEGER NOT NULL,
        target_date TEXT NOT NULL,
        target_score INTEGER,
        output_path TEXT,
        plan_json TEXT NOT NULL
      );
      CREATE INDEX plans_by_project ON plans(project_id, status);
      CREATE TABLE plan_items (
        plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        rule_id TEXT NOT NULL,
        phase INTEGER NOT NULL,
        priority TEXT NOT NULL,
        owner TEXT NOT NULL,
        PRIMARY KEY (plan_id, rule_id)
      );
    `,
  },
  {
    version: 3,
    description: "the audit's coverage (what it could not read, why git information is missing)",
    sql: `ALTER TABLE runs ADD COLUMN coverage_json TEXT;`,
  },
  {
    version: 4,
    description: 'findings per component, and the score of each component of a run',
    // SQLite cannot change a primary key: the findings table is rebuilt with the component in its key ('' for a
    // repository-wide finding, and for every finding recorded before components).
    sql: `
      CREATE TABLE findings_v3 (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        rule_id TEXT NOT NULL,
        component TEXT NOT NULL DEFAULT '',
        category TEXT NOT NULL,
        title TEXT NOT NULL,
        status TEXT NOT NULL,
        severity TEXT NOT NULL,
        level INTEGER NOT NULL,
        message TEXT NOT NULL,
        message_id TEXT,
        evidence_json TEXT NOT NULL,
        remediation_json TEXT,
        effort TEXT NOT NULL,
        confidence TEXT NOT NULL,
        duration_ms REAL NOT NULL,
        waived_json TEXT,
        PRIMARY KEY (run_id, rule_id, component)
      );
      INSERT INTO findings_v3 (run_id, rule_id, component, category, title, status, severity, level, message, message_id,
        evidence_json, remediation_json, effort, confidence, duration_ms, waived_json)
        SELECT run_id, rule_id, '', category, title, status, severity, level, message, message_id,
          evidence_json, remediation_json, effort, confidence, duration_ms, waived_json FROM findings;
      DROP TABLE findings;
      ALTER TABLE findings_v3 RENAME TO findings;
      CREATE TABLE run_components (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        component TEXT NOT NULL,
        path TEXT NOT NULL,
        kind TEXT NOT NULL,
        stack TEXT NOT NULL,
        target TEXT NOT NULL,
        deployed INTEGER NOT NULL,
        why TEXT NOT NULL,
        score INTEGER,
        level INTEGER,
        level_name TEXT NOT NULL,
        counts_json TEXT NOT NULL,
        PRIMARY KEY (run_id, component)
      );
    `,
  },
  {
    version: 5,
    description: "the size of each gap (for plans' effort estimates) and the claims of the project's status documents",
    sql: `ALTER TABLE findings ADD COLUMN size_json TEXT;
          ALTER TABLE runs ADD COLUMN claims_json TEXT;`,
  },
  {
    version: 6,
    description:
      "the metadata of the run's own checks and pack rules (title, category, docs), which show and SARIF need",
    sql: `ALTER TABLE runs ADD COLUMN rules_json TEXT;`,
  },
];

/**
 * The oldest schema this version reads without migrating it (read-only commands never migrate): migrations after it
 * only add columns the reader treats as optional.
 */
export const SCHEMA_VERSION_READABLE = 2;

export const SCHEMA_VERSION_LATEST = MIGRATIONS[MIGRATIONS.length - 1]!.version;

import path from 'node:path';
import type { GrepMatch, RepoIndex } from '../repo/index.js';
import { DOTNET_LANGUAGES } from '../repo/classify.js';
import { prefilterOf } from '../repo/prefilter.js';
import { escapeRegExp } from '../repo/text.js';
import type { CodeFacts } from './code.js';
import type { DocsFacts } from './docs.js';
import { isProductionPath, libraryGoMigration, type LivenessFacts } from './liveness.js';

/**
 * Versioned schema migrations: which tool, which files (oldest first), and what each recent migration does to
 * tables that already exist.
 *
 * Tools are tried in a fixed order (the first with versioned files is the project's tool; data.migrations reads the
 * sets in this order). A set with `count: 0` is scaffolding without a migration (an Alembic versions/ folder with no
 * revision, a Django migrations package without 0001); `low` marks schema handling that is not a standard tool.
 */
export type MigrationFormat =
  | 'sql'
  | 'alembic'
  | 'django'
  | 'rails'
  | 'sequel'
  | 'laravel'
  | 'js'
  | 'liquibase'
  | 'efcore'
  | 'fluentmigrator'
  | 'simplemigrations'
  | 'sea-orm'
  | 'php-sql'
  | 'go-sql'
  | 'ecto'
  | 'fizz'
  | 'other';

export interface MigrationEvidence {
  path: string;
  line?: number;
  note: string;
  /** What was searched, for evidence of something missing. */
  missing?: string[];
}

export interface MigrationSet {
  tool: string;
  format: MigrationFormat;
  /** Migration files, oldest first (version order within each folder). */
  files: string[];
  /** What is counted: migrations, or changelogs for Liquibase. */
  count: number;
  unit?: string;
  /** Not a standard migration tool (schema sync, hand-rolled): passes with low confidence. */
  low?: boolean;
  /** A hand-rolled runner's table of the migrations it applied (`LOCAL_TABLE_NAME = "migrations_local"`). */
  recorded?: MigrationEvidence;
  /** Evidence for the set as data.migrations reports it. */
  evidence: MigrationEvidence[];
}

export type MigrationOpKind =
  | 'drop-table'
  | 'drop-column'
  | 'rename-table'
  | 'rename-column'
  | 'type-change'
  | 'add-not-null'
  | 'set-not-null'
  | 'index-not-concurrent';

export interface MigrationOp {
  kind: MigrationOpKind;
  file: string;
  line: number;
  table?: string;
  column?: string;
  text: string;
  /** One of the latest migrations of its folder (the ones that show current practice). */
  recent: boolean;
  /** Why the operation is safe or acknowledged here (a guard in the migration, a tool that checks it). */
  guarded?: string;
  /** For drops: where current application code still declares or queries what is dropped. */
  stillUsed?: { file: string; line: number };
}

export interface MigrationSafetyTool {
  name: string;
  path: string;
  line?: number;
}

export interface MigrationFacts {
  sets: MigrationSet[];
  /** Some set holds at least one migration. */
  any: boolean;
  /** Operations on existing tables found in up-migrations, recent ones first. */
  ops: MigrationOp[];
  /** Migration files read for operations, and how many count as recent. */
  analysed: { files: number; recent: number };
  /** Linters and frameworks that check or perform migrations safely (strong_migrations, squawk, pgroll ...). */
  safetyTools: MigrationSafetyTool[];
  /** The database is PostgreSQL (index builds lock writes unless CONCURRENTLY). */
  postgres?: { path: string; line?: number };
  /** A guide that documents how schema changes are made safely (expand/contract, zero-downtime migrations). */
  procedure?: { path: string; line: number; text: string };
}

const PROCEDURE =
  /\bexpand[\s/-]+(?:and[\s-]+|&\s*|then[\s-]+)?contract\b|\bparallel[\s-]change\b|\bzero[\s-]downtime\s+(?:database\s+|schema\s+)?(?:migrations?|schema\s+changes?|deploys?)\b|\bbackwards?[\s-]compatible\s+(?:database\s+|schema\s+)?(?:migrations?|schema\s+changes?)\b|\b(?:migrations?|schema\s+changes?)\s+must\s+be\s+backwards?[\s-]compatible\b/i;

/** How many of the latest migrations of each folder are judged as current practice. */
export const RECENT = 10;

/** Version order: numeric-aware, so V10__ sorts after V9__ and timestamped folders sort by time. */
const byVersion = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

export function detectMigrations(
  repo: RepoIndex,
  facts?: { docs: DocsFacts; code: CodeFacts; liveness: LivenessFacts },
): MigrationFacts {
  // A set kept whole by a library module beside the service (libraryGoMigration) is that library's users' schema.
  const library = facts && libraryGoMigration(repo, facts.liveness);
  const sets = detectSets(repo, facts?.code).filter((s) => !library || !s.files.length || !s.files.every(library));
  const procedure = facts && documentedProcedure(repo, facts.docs);
  const postgres = detectPostgres(repo);
  const safetyTools = detectSafetyTools(repo);
  const ops: MigrationOp[] = [];
  let analysed = 0;
  let recentCount = 0;
  // One history per folder, whichever detector recognised each file (a Sequelize folder holds files that only
  // rename, which the generic up() detector finds); a file two detectors recognise is read once, as the first's.
  const format = new Map<string, MigrationFormat>();
  const byDir = new Map<string, string[]>();
  for (const set of sets) {
    if (set.low && set.format === 'other') continue;
    for (const f of set.files) {
      if (format.has(f)) continue;
      format.set(f, set.format);
      // Prisma and Diesel keep one folder per migration: the history is the parent folder. Yuniql and DbUp keep one
      // folder per version (`v0.18/01-alter-table.sql`, `1_0_0_0/0001_initial.sql`): the history is the folder above.
      const version = set.format === 'sql' ? /^(.*?)\/(?:v\d+\.\d+(?:\.\d+)?|\d+(?:_\d+){2,})\//.exec(f) : null;
      const dir = version
        ? version[1]!
        : set.format === 'sql' && /\/(?:up|migration)\.sql$/.test(f)
          ? path.posix.dirname(path.posix.dirname(f))
          : path.posix.dirname(f);
      byDir.set(dir, [...(byDir.get(dir) ?? []), f]);
    }
  }
  for (const files of byDir.values()) {
    const sorted = format.get(files[0]!) === 'alembic' ? alembicOrder(repo, files) : [...files].sort(byVersion);
    sorted.forEach((file, i) => {
      const recent = i >= sorted.length - RECENT;
      analysed++;
      if (recent) recentCount++;
      for (const op of analyseFile(repo, file, format.get(file)!)) ops.push({ ...op, file, recent });
    });
  }
  markStillUsed(repo, ops);
  for (const op of ops) {
    if (postgres) continue;
    // Both only hurt on PostgreSQL: MySQL builds indexes online and fills a new NOT NULL column with the type's
    // implicit default.
    if (op.kind === 'index-not-concurrent') op.guarded ??= 'the database is not known to be PostgreSQL';
    if (op.kind === 'add-not-null')
      op.guarded ??= 'the database is not known to be PostgreSQL (MySQL fills existing rows with an implicit default)';
  }
  ops.sort((a, b) => Number(b.recent) - Number(a.recent) || byVersion(b.file, a.file) || a.line - b.line);
  return {
    sets,
    any: sets.some((s) => s.count > 0),
    ops,
    analysed: { files: analysed, recent: recentCount },
    safetyTools,
    ...(postgres ? { postgres } : {}),
    ...(procedure ? { procedure } : {}),
  };
}

/**
 * Alembic revisions in history order: file names are hashes, the order is the down_revision chain. Each revision's
 * depth is its distance from the root (a merge takes its deepest parent); ties keep name order.
 */
function alembicOrder(repo: RepoIndex, files: string[]): string[] {
  const revOf = new Map<string, string>();
  const parents = new Map<string, string[]>();
  for (const f of files) {
    const text = repo.read(f) ?? '';
    const rev = /^revision\s*(?::\s*str\s*)?=\s*["']([\w-]+)["']/m.exec(text)?.[1];
    if (!rev) continue;
    revOf.set(f, rev);
    const down = /^down_revision\s*(?::[^=\n]*)?=\s*(.+)$/m.exec(text)?.[1] ?? '';
    parents.set(
      rev,
      [...down.matchAll(/["']([\w-]+)["']/g)].map((m) => m[1]!),
    );
  }
  const depth = new Map<string, number>();
  const depthOf = (rev: string, seen = new Set<string>()): number => {
    const known = depth.get(rev);
    if (known !== undefined) return known;
    if (seen.has(rev)) return 0;
    seen.add(rev);
    const ps = (parents.get(rev) ?? []).filter((p) => parents.has(p));
    const d = ps.length ? Math.max(...ps.map((p) => depthOf(p, seen))) + 1 : 0;
    depth.set(rev, d);
    return d;
  };
  const key = (f: string): number => {
    const rev = revOf.get(f);
    return rev ? depthOf(rev) : -1;
  };
  return [...files].sort((a, b) => key(a) - key(b) || byVersion(a, b));
}

function documentedProcedure(repo: RepoIndex, docs: DocsFacts): MigrationFacts['procedure'] {
  for (const f of docs.guides()) {
    for (const h of repo.grep(PROCEDURE, { paths: [f.path], limit: 5 })) {
      if (docs.isEvidenceLine(f.path, h.line)) return { path: h.path, line: h.line, text: h.text };
    }
  }
  return undefined;
}

// ------------------------------------------------------------------------------------------------ migration sets

/** A Django migration module: it builds its `Migration` on django.db's migrations. */
const DJANGO_MIGRATION = /\bfrom\s+django\.db\s+import\b[^\n]*\bmigrations\b|\bmigrations\.Migration\b/;

/**
 * A table of applied migrations a runner keeps: named in a constant or a `table_name=` argument (`LOCAL_TABLE_NAME =
 * "migrations_local"`, `const MIGRATION_TABLE: &str = "migrations"`), or created and written by SQL (`CREATE TABLE IF
 * NOT EXISTS schema_migrations`).
 */
const MIGRATION_TABLE =
  /\b\w*TABLE\w*\s*(?::\s*&?(?:'static\s+)?\w+\s*)?=\s*["'][\w.]*migrations?\w*["']|\btable_name\s*=\s*["'][\w.]*migrations?\w*["']|\b(?:CREATE\s+TABLE|INSERT\s+INTO)\s+(?:IF\s+NOT\s+EXISTS\s+)?[`"']?[\w.]*migrations?\w*/i;

function detectSets(repo: RepoIndex, code?: CodeFacts): MigrationSet[] {
  // Migrations kept with a test suite (an integration suite's Alembic revisions, SQL cases it creates and drops) set up
  // the tests' own database, not the service's schema.
  const files = (glob: string | string[]): string[] =>
    repo
      .glob(glob)
      .filter((f) => !f.isTest)
      .map((f) => f.path);
  const first = (paths: string[], note: string): MigrationEvidence[] =>
    paths.slice(0, 2).map((p) => ({ path: p, note }));
  const out: MigrationSet[] = [];
  const add = (s: MigrationSet | undefined): void => {
    if (s) out.push(s);
  };
  /**
   * refinery's `embed_migrations!(…)` calls, read once: Diesel has a macro of the same name, so the file or its
   * repository must use refinery (a `refinery =` dependency, a `refinery::` path).
   */
  let refineryHits: GrepMatch[] | undefined;
  const refineryMacros = (): GrepMatch[] => {
    if (refineryHits) return refineryHits;
    const uses = repo.grepFirst(/^\s*refinery\s*=/, { include: '**/Cargo.toml' });
    refineryHits = repo
      .grep(/\bembed_migrations!\s*\(\s*(?:"([^"\n]*)")?/, { languages: ['rust'], limit: 20 })
      .filter((hit) => uses || /\brefinery::/.test(repo.read(hit.path) ?? ''));
    return refineryHits;
  };
  /** The SQL scripts a runner found in the code applies, in version order: a set when both are there. */
  const sqlRunnerScripts = (
    tool: string,
    runner: { path: string; line: number } | undefined,
    script: RegExp,
    [runnerNote, scriptNote]: [string, string],
  ): MigrationSet | undefined => {
    if (!runner) return undefined;
    const m = repo.files
      .filter((f) => !f.isTest && script.test(f.path))
      .map((f) => f.path)
      .sort(byVersion);
    if (!m.length) return undefined;
    return {
      tool,
      format: 'sql',
      files: m,
      count: m.length,
      evidence: [{ path: runner.path, line: runner.line, note: runnerNote }, ...first(m, scriptNote)],
    };
  };
  // Alembic and Flask-Migrate: an env.py with a versions/ folder of revisions.
  add(
    ((): MigrationSet | undefined => {
      const inis = files('**/alembic.ini');
      const ini = inis[0];
      const dirs = [
        ...new Set([
          ...files('**/{alembic,migrations,migration,db/migrations}/env.py').map((e) => path.posix.dirname(e)),
          ...inis.flatMap((i) => alembicScriptLocations(repo, i)),
        ]),
      ].sort();
      if (!dirs.length && !ini) {
        // Flask-Alembic keeps revisions straight in a migrations/ folder (its version_locations), no env.py or ini.
        const bare = files('**/migrations/*.py').filter((p) =>
          /^revision\s*=\s*["'][\w-]+["'][\s\S]*?^down_revision\s*=/m.test(repo.read(p) ?? ''),
        );
        return bare.length
          ? {
              tool: 'Flask-Alembic (Alembic)',
              format: 'alembic',
              files: bare,
              count: bare.length,
              evidence: first(bare, 'Alembic revision'),
            }
          : undefined;
      }
      if (!dirs.length && ini) dirs.push('alembic');
      const envs = dirs.map((d) => `${d}/env.py`).filter((e) => repo.has(e));
      const direct = dirs.flatMap((d) => files(`${d}/versions/*.py`)).filter((p) => !p.endsWith('__init__.py'));
      // One history per database kept in folders under versions/ (`versions/postgresql/`, `versions/sqlite/`), chosen
      // by version_locations or recursive_version_locations: the files that are revisions.
      const revisions = direct.length
        ? direct
        : dirs
            .flatMap((d) => files(`${d}/versions/*/**/*.py`))
            .filter((p) => /^revision\s*=\s*["'][\w-]+["'][\s\S]*?^down_revision\s*=/m.test(repo.read(p) ?? ''));
      const tool = repo.grepFirst(/flask_migrate|Flask-Migrate/i, {
        include: ['**/*.py', '**/requirements*.txt', 'pyproject.toml'],
      })
        ? 'Flask-Migrate (Alembic)'
        : 'Alembic';
      if (!revisions.length)
        return {
          tool,
          format: 'alembic',
          files: [],
          count: 0,
          evidence: [
            ...(ini ? [{ path: ini, note: 'alembic.ini' }] : []),
            ...envs.slice(0, 1).map((e) => ({ path: e, note: 'migration environment' })),
            { path: '.', note: 'no revision in versions/', missing: dirs.map((d) => `${d}/versions/*.py`) },
          ],
        };
      return {
        tool,
        format: 'alembic',
        files: revisions,
        count: revisions.length,
        evidence: first(revisions, 'Alembic revision'),
      };
    })(),
  );
  add(
    ((): MigrationSet | undefined => {
      // The package may have another name (`MIGRATION_MODULES = {"dojo": "dojo.db_migrations"}`). A numbered module
      // of another runner (a `class Migration(migration.ClickhouseNodeMigration)` of the project's own) is not Django's.
      const django = (p: string): boolean => DJANGO_MIGRATION.test(repo.read(p) ?? '');
      const m = files('**/*migrations/0001_*.py').filter(django);
      if (m.length) {
        const all = files('**/*migrations/[0-9][0-9][0-9][0-9]_*.py').filter(django);
        return {
          tool: 'Django migrations',
          format: 'django',
          files: all,
          count: all.length,
          evidence: first(m, 'Django initial migration'),
        };
      }
      // A Django app with an empty migrations package: makemigrations was never run.
      const pkgs = files('**/migrations/__init__.py').filter((p) =>
        repo.has(p.replace(/migrations\/__init__\.py$/, 'models.py')),
      );
      return pkgs.length
        ? {
            tool: 'Django migrations',
            format: 'django',
            files: [],
            count: 0,
            evidence: [
              ...first(pkgs, 'empty migrations package'),
              {
                path: '.',
                note: 'no migration beside the models',
                missing: pkgs.map((p) => p.replace(/__init__\.py$/, '0001_initial.py')),
              },
            ],
          }
        : undefined;
    })(),
  );
  add(
    ((): MigrationSet | undefined => {
      // A migration runner of the project's own: numbered modules under a migrations folder, each a `class
      // Migration(…)` of its base classes (Snuba's ClickHouse migrations, `snuba_migrations/<group>/0001_….py`). Its
      // operations are the runner's own objects, not read (low).
      const m = files('**/*migrations/**/[0-9][0-9][0-9][0-9]_*.py').filter((p) => {
        const text = repo.read(p) ?? '';
        return /^class\s+Migration\s*\(/m.test(text) && !DJANGO_MIGRATION.test(text);
      });
      if (!m.length) return undefined;
      // The runner beside them (the package their base classes come from) records what it applied in a table.
      const table = repo.grepFirst(MIGRATION_TABLE, {
        languages: ['python'],
        include: '**/*migrations/**',
        exclude: ['**/test/**', '**/tests/**'],
      });
      return {
        tool: 'numbered migration classes',
        format: 'other',
        low: true,
        files: m,
        count: m.length,
        evidence: first(m, 'numbered migration class'),
        ...(table
          ? { recorded: { path: table.path, line: table.line, note: 'the runner records applied migrations here' } }
          : {}),
      };
    })(),
  );
  add(
    ((): MigrationSet | undefined => {
      // peewee-migrate: numbered modules (`001_create_events_table.py`) each defining `migrate(migrator, database, …)`,
      // applied in order by `Router(db).run()`, which records the ones that ran in its migratehistory table.
      const m = files('**/migrations/[0-9][0-9][0-9]_*.py').filter((p) =>
        /^def\s+migrate\s*\(\s*migrator\b/m.test(repo.read(p) ?? ''),
      );
      return m.length
        ? {
            tool: 'peewee-migrate',
            format: 'other',
            files: m,
            count: m.length,
            evidence: first(m, 'peewee-migrate migration'),
          }
        : undefined;
    })(),
  );
  add(
    ((): MigrationSet | undefined => {
      // Quart-DB: modules named by their number (`migrations/0.py`, `1.py`) each defining `async def
      // migrate(connection)`, applied in order when the app starts (QuartDB's `migrations_folder`), which records the
      // version reached in its schema_migration table.
      const m = files('**/migrations/*.py').filter(
        (p) =>
          /(?:^|\/)migrations\/\d+\.py$/.test(p) &&
          /^async\s+def\s+migrate\s*\(\s*connection\b/m.test(repo.read(p) ?? ''),
      );
      return m.length
        ? { tool: 'Quart-DB', format: 'other', files: m, count: m.length, evidence: first(m, 'Quart-DB migration') }
        : undefined;
    })(),
  );
  add(
    ((): MigrationSet | undefined => {
      // mautrix-python's UpgradeTable (the Matrix bots and bridges built on it): each upgrade is an async function
      // registered in order with `@upgrade_table.register(description=…)`, usually one module a version beside the
      // package that makes the table (`db/upgrade/v01_initial_revision.py`); at start-up the table applies those above
      // the version it recorded in the database.
      // The import may list its names over lines inside parentheses (`from mautrix.util.async_db import (\n
      // Connection,\n UpgradeTable,\n)`).
      const tables = filesMatching(
        repo,
        /^\s*from\s+mautrix\.util\.async_db\s+import\s*(?:\([^)]*|[^\n(]*)\bUpgradeTable\b/,
        { languages: ['python'] },
      );
      // A plugin example's own table (`examples/…`) is no part of the service's schema.
      const dirs = new Set(tables.filter(isProductionPath).map((p) => path.posix.dirname(p)));
      const m = files('**/*.py').filter(
        (p) => dirs.has(path.posix.dirname(p)) && /^@\w+\.register\(/m.test(repo.read(p) ?? ''),
      );
      return m.length
        ? {
            tool: 'mautrix UpgradeTable',
            format: 'other',
            files: m,
            count: m.reduce((n, p) => n + (repo.read(p) ?? '').split(/^@\w+\.register\(/m).length - 1, 0),
            evidence: first(m, 'mautrix UpgradeTable upgrade'),
          }
        : undefined;
    })(),
  );
  add(
    ((): MigrationSet | undefined => {
      // mautrix-go's upgrade table (go.mau.fi/util/dbutil, the Matrix bridges built on it): SQL upgrades embedded in
      // the package that builds the table (`//go:embed *.sql` with `dbutil.BuildUpgradeTable().WithFS(…)`, or a
      // `dbutil.UpgradeTable` given them by `RegisterFS`), each file opened by the version it brings the schema to
      // (`-- v4 (compatible with v3+): …`); at start-up the table applies those above the version it recorded in the
      // database. An upgrade written once per dialect (`02-….postgres.sql`, `02-….sqlite.sql`) is one upgrade.
      const tables = filesMatching(repo, /\bdbutil\.(?:BuildUpgradeTable\s*\(|UpgradeTable\b)/, {
        languages: ['go'],
      }).filter((p) => {
        const text = repo.read(p) ?? '';
        return (
          isProductionPath(p) &&
          /^\/\/go:embed\s/m.test(text) &&
          /"(?:go\.mau\.fi\/util|maunium\.net\/go\/mautrix\/util)\/dbutil"/.test(text)
        );
      });
      const dirs = new Set(tables.map((p) => path.posix.dirname(p)));
      const m = dirs.size
        ? files('**/*.sql')
            .filter((p) => dirs.has(path.posix.dirname(p)) && /^--[ \t]*v\d+\b/.test(repo.read(p) ?? ''))
            .sort((a, b) => byVersion(path.posix.basename(a), path.posix.basename(b)))
        : [];
      const upgrades = new Set(m.map((p) => p.replace(/\.(?:postgres|sqlite3?)\.sql$/, '.sql')));
      return m.length
        ? {
            tool: 'mautrix-go upgrade table (dbutil)',
            format: 'sql',
            files: m,
            count: upgrades.size,
            evidence: first(m, 'mautrix-go SQL upgrade'),
          }
        : undefined;
    })(),
  );
  add(
    ((): MigrationSet | undefined => {
      // Prisma Migrate names each migration's folder `<14-digit timestamp>_<name>`; a project whose prisma.config.ts
      // points `migrations.path` elsewhere (`packages/database/migration/`) keeps the same layout under another name.
      const prisma = repo.glob('**/*.prisma').length > 0;
      const renamed = prisma
        ? files('**/*/migration.sql').filter((f) => /(?:^|\/)\d{14}_[\w-]+\/migration\.sql$/.test(f))
        : [];
      const m = [
        ...new Set([
          ...files('**/prisma/migrations/*/migration.sql'),
          ...files('**/migrations/*/migration.sql'),
          ...renamed,
        ]),
      ];
      return m.length
        ? { tool: 'Prisma Migrate', format: 'sql', files: m, count: m.length, evidence: first(m, 'Prisma migration') }
        : undefined;
    })(),
  );
  add(
    ((): MigrationSet | undefined => {
      let m = files([
        '**/db/migration/V[0-9]*__*.{sql,java,kt}',
        '**/db/migration/**/V[0-9]*__*.{sql,java,kt}',
        '**/flyway/**/V[0-9]*__*.sql',
        '**/migrations/V[0-9]*__*.sql',
      ]);
      // Flyway reads `V<version>__<description>.sql` from any classpath folder it is pointed at
      // (`src/main/resources/org/acme/migration/V1.2__init.sql`): with Flyway in the build, the name is enough. So
      // does its command-line image, given the scripts of another stack (`FROM flyway/flyway` copying a .NET
      // project's `Migrations/` into /flyway/sql), wherever in the repository that image is built: a migration job
      // beside the service applies them.
      if (
        repo.grepFirst(/\bflyway-(?:core|database-\w+|maven-plugin)\b|\borg\.flywaydb\b|\bFlyway\.configure\s*\(/, {
          include: ['**/pom.xml', '**/*.gradle', '**/*.gradle.kts', '**/*.toml', '**/*.{java,kt,scala,groovy}'],
        }) ||
        repo.wholeRepo().grepFirst(/^\s*FROM\s+(?:--\S+\s+)*(?:[\w.-]+\/)?(?:flyway|redgate)\/flyway\b/i, {
          include: ['**/Dockerfile*', '**/*.dockerfile'],
        })
      )
        for (const f of files('**/V[0-9]*__*.sql'))
          if (
            /^V\d+(?:[._]\d+)*__[^/]+\.sql$/.test(path.posix.basename(f)) &&
            !m.includes(f) &&
            !/(^|\/)src\/test\//.test(f)
          )
            m.push(f);
      // Versions under a module's test sources (src/test/resources/…/flyway/V1__x.sql) only set up its tests.
      m = m.filter((f) => !/(^|\/)src\/test\//.test(f) && !repo.get(f)?.isTest);
      // refinery (Rust) reads the same V<n>__name.sql files, embedded with embed_migrations! (refinery's own, not
      // Diesel's macro of the same name).
      return m.length
        ? {
            tool: refineryMacros().length ? 'refinery' : 'Flyway',
            format: 'sql',
            files: m.filter((p) => p.endsWith('.sql')),
            count: m.length,
            evidence: first(m, 'Flyway versioned migration'),
          }
        : undefined;
    })(),
  );
  add(
    ((): MigrationSet | undefined => {
      // Play's evolutions: `conf/evolutions/<database>/<n>.sql`, each with its `-- !Ups` and `-- !Downs` sections
      // (`# --- !Ups` in older scripts). The application applies those above the revision it recorded in the
      // database's play_evolutions table (at start-up with `play.evolutions.autoApply`, else on the operator's word).
      const m = files('**/conf/evolutions/*/*.sql')
        .filter((f) => /^\d+\.sql$/.test(path.posix.basename(f)))
        .sort(byVersion);
      return m.length
        ? { tool: 'Play evolutions', format: 'sql', files: m, count: m.length, evidence: first(m, 'Play evolution') }
        : undefined;
    })(),
  );
  add(
    ((): MigrationSet | undefined => {
      // refinery (Rust) also takes migrations written in Rust, `V1__create_users.rs` returning the migration's SQL
      // (often built with barrel), from the folder its `embed_migrations!("…")` names, relative to the crate (its
      // `migrations/` by default). Diesel has a macro of the same name: the file or its crate must use refinery.
      const m: string[] = [];
      let runner: { path: string; line: number } | undefined;
      for (const hit of refineryMacros()) {
        let crate = path.posix.dirname(hit.path);
        while (crate !== '.' && !repo.has(`${crate}/Cargo.toml`)) crate = path.posix.dirname(crate);
        // An unmatched group is '' (no folder named): the default is the crate's migrations/.
        const folder = path.posix.join(crate, (hit.groups[1] || 'migrations').replace(/^\.\//, ''));
        if (folder.startsWith('..')) continue;
        for (const f of files(`${folder === '.' ? '' : `${folder}/`}**/*.rs`))
          if (/^[VU]\d+(?:[._]\d+)*__\w+\.rs$/.test(path.posix.basename(f)) && !m.includes(f)) {
            m.push(f);
            runner ??= hit;
          }
      }
      m.sort(byVersion);
      return m.length && runner
        ? {
            tool: 'refinery',
            format: 'other',
            files: m,
            count: m.length,
            evidence: [
              { path: runner.path, line: runner.line, note: 'migrations embedded by refinery' },
              ...first(m, 'refinery migration written in Rust'),
            ],
          }
        : undefined;
    })(),
  );
  add(
    ((): MigrationSet | undefined => {
      const m = repo.grep(/databaseChangeLog/, { include: '**/*.{xml,yaml,yml,json}', limit: 500 }).map((h) => h.path);
      const sqlChangelog = repo
        .grep(/^--\s*liquibase formatted sql/, { include: '**/*.sql', limit: 500 })
        .map((h) => h.path);
      // The changelogs at the top of each tree (a master and the parts it includes from folders below it): a
      // service built from several modules has one tree per module, and the first few hits may all be small ones.
      const found = [...new Set([...m, ...sqlChangelog])];
      const folders = new Set(found.map((p) => path.posix.dirname(p)));
      const below = (p: string) =>
        [...folders].some((d) => d !== path.posix.dirname(p) && (d === '.' || p.startsWith(`${d}/`)));
      const all = found.filter((p) => !below(p)).slice(0, 20);
      if (!all.length) return undefined;
      // Changelogs include others; every changelog and changeset file under their folders is read for operations.
      const dirs = [...new Set(all.map((p) => path.posix.dirname(p)))];
      const changes = [
        ...new Set([...all, ...dirs.flatMap((d) => files(`${d === '.' ? '' : `${d}/`}**/*.{xml,yaml,yml,sql}`))]),
      ].filter((p) => /databaseChangeLog|changeSet|liquibase formatted sql/.test(repo.read(p) ?? ''));
      return {
        tool: 'Liquibase',
        format: 'liquibase',
        files: changes,
        count: all.length,
        unit: 'changelog',
        evidence: first(all, 'Liquibase changelog'),
      };
    })(),
  );
  add(
    ((): MigrationSet | undefined => {
      const m = files('**/database/migrations/*.php');
      return m.length
        ? {
            tool: 'Laravel migrations',
            format: 'laravel',
            files: m,
            count: m.length,
            evidence: first(m, 'Laravel migration'),
          }
        : undefined;
    })(),
  );
  add(
    ((): MigrationSet | undefined => {
      const m = files(['**/priv/repo/migrations/*.exs', '**/priv/*/migrations/*.exs']);
      return m.length
        ? { tool: 'Ecto migrations', format: 'ecto', files: m, count: m.length, evidence: first(m, 'Ecto migration') }
        : undefined;
    })(),
  );
  add(
    ((): MigrationSet | undefined => {
      // One folder per database platform is common too (`migrations/Mysql/Version…php`, `migrations/Postgresql/…`,
      // each a `migrations_paths` entry of doctrine_migrations.yaml). Outside Symfony the folder follows the
      // namespace the migrations are configured with (`src/Migrations/`, `src/Entity/Migration/`).
      const m = files([
        '**/{migrations,Migrations,Migration}/Version*.php',
        '**/migrations/*/Version*.php',
        '**/DoctrineMigrations/Version*.php',
      ]);
      return m.length
        ? {
            tool: 'Doctrine Migrations',
            format: 'php-sql',
            files: m,
            count: m.length,
            evidence: first(m, 'Doctrine migration'),
          }
        : undefined;
    })(),
  );
  // PHP migration classes outside Laravel's and Doctrine's sets (a subfolder of database/migrations/ is not Laravel's):
  // Phinx (`class CreateUsers extends AbstractMigration` with change() or up()) or the application's own runner (one
  // class per release extending its Migration base, with up(), or migrate() / apply() / execute() that its updater
  // calls for each version after the stored one: Appwrite's `class V23 extends Migration` under Migration/Version/).
  // Each class is one versioned change.
  add(
    ((): MigrationSet | undefined => {
      const m = filesMatching(
        repo,
        /^[ \t]*(?:(?:final|readonly|abstract)[ \t]+)*class[ \t]+\w+[ \t]+extends[ \t]+\\?(?:[\w\\]*\\)?\w*Migration\b[\s\S]{0,6000}?\bfunction[ \t]+(?:up|change|migrate|apply|execute)[ \t]*\(/,
        { languages: ['php'], include: '**/{migrations,Migrations,migration,Migration}/**' },
      ).filter((f) => !/(?:^|\/)database\/migrations\/[^/]+$|(?:^|\/)Version\w*\.php$/.test(f));
      if (m.length < 3) return undefined;
      const phinx = repo.grepFirst(/\bPhinx\\Migration\\AbstractMigration\b/, { paths: m.slice(0, 3) });
      // CodeIgniter 4's runner (`php spark migrate`): classes extending CodeIgniter\Database\Migration, directly or
      // through a base class of the application's own kept beside them.
      const codeigniter =
        !phinx &&
        repo.grepFirst(
          /^\s*use\s+CodeIgniter\\Database\\Migration\s*;|\bextends\s+\\?CodeIgniter\\Database\\Migration\b/m,
          { languages: ['php'], include: '**/{migrations,Migrations,migration,Migration}/**' },
        );
      // CakePHP's migrations plugin (`bin/cake migrations migrate`, Phinx underneath): classes extending
      // Migrations\AbstractMigration (or BaseMigration) under config/Migrations/.
      const cakephp =
        !phinx &&
        !codeigniter &&
        repo.grepFirst(/^[ \t]*use\s+Migrations\\(?:AbstractMigration|BaseMigration)\s*;/m, { paths: m.slice(0, 3) });
      const known = phinx ? 'Phinx' : codeigniter ? 'CodeIgniter' : cakephp ? 'CakePHP' : undefined;
      return {
        tool: known ? `${known} migrations` : 'PHP migration classes (the application’s own runner)',
        format: 'other',
        files: m,
        count: m.length,
        ...(known ? {} : { low: true }),
        evidence: first(m, known ? `${known} migration` : 'migration class with up()'),
      };
    })(),
  );
  // Versioned SQL upgrade scripts, one folder per release (`database_schema/upgrades/2.1/schema.sql`, `upgrade/v3.2/…`):
  // the installer applies the folders after the stored version in order.
  add(
    ((): MigrationSet | undefined => {
      const m = files(['**/{upgrades,upgrade}/*/*.sql']).filter((f) =>
        /^v?\d+(?:[._]\d+)+$/.test(path.posix.basename(path.posix.dirname(f))),
      );
      const versions = new Set(m.map((f) => path.posix.dirname(f)));
      return versions.size >= 2
        ? {
            tool: 'versioned SQL upgrade scripts',
            format: 'other',
            files: m,
            count: versions.size,
            low: true,
            evidence: first(m, 'SQL upgrade script of one release'),
          }
        : undefined;
    })(),
  );
  // Dated SQL upgrade scripts kept per database engine (`SQL/mysql/2024011500.sql`, `sql/postgres/20230901.sql`): the
  // updater applies those newer than the version stored in the database, in order.
  add(
    ((): MigrationSet | undefined => {
      const m = files(['**/{mysql,mariadb,postgres,postgresql,pgsql,sqlite,sqlite3,mssql,oracle}/*.sql']).filter((f) =>
        /^(?:19|20)\d{6}(?:\d{2})?\.sql$/.test(path.posix.basename(f)),
      );
      // Something must apply them: an updater named for it (`bin/updatedb.sh`, `db_update(…)`), not a folder of SQL.
      const runner =
        m.length >= 2
          ? repo.grepFirst(
              /\b(?:db_?update|update_?db|updatedb|db_?upgrade|upgrade_?db|upgradedb|update_?schema|schema_?update)\b/i,
              {
                include: ['**/*.{php,py,rb,pl,sh,go,java,js,ts}', '**/bin/*'],
                exclude: ['**/test/**', '**/tests/**', '**/vendor/**', '**/node_modules/**'],
              },
            )
          : undefined;
      return runner
        ? {
            tool: 'dated SQL upgrade scripts per database engine',
            format: 'other',
            files: m,
            count: m.length,
            low: true,
            evidence: first(m, 'dated SQL upgrade script'),
          }
        : undefined;
    })(),
  );
  // Sequel and ROM (Hanami) migrations: Ruby files opening a Sequel.migration / ROM::SQL.migration block.
  const sequel = filesMatching(repo, /^\s*(?:Sequel|ROM::SQL)\.migration\s+do\b/, { languages: ['ruby'] });
  add(
    ((): MigrationSet | undefined => {
      if (!sequel.length) return undefined;
      const rom = sequel.some((p) => /ROM::SQL\.migration/.test(repo.read(p) ?? ''));
      return {
        tool: rom ? 'ROM migrations (Sequel)' : 'Sequel migrations',
        format: 'sequel',
        files: sequel,
        count: sequel.length,
        evidence: first(sequel, rom ? 'ROM::SQL migration' : 'Sequel migration'),
      };
    })(),
  );
  add(
    ((): MigrationSet | undefined => {
      const m = files('**/db/migrate/*.rb').filter((p) => !sequel.includes(p));
      return m.length
        ? {
            tool: 'Rails migrations',
            format: 'rails',
            files: m,
            count: m.length,
            evidence: first(m, 'ActiveRecord migration'),
          }
        : undefined;
    })(),
  );
  add(
    ((): MigrationSet | undefined => {
      const mig = repo.grepFirst(/\bsqlx::migrate!|\bsqlx\s+migrate\s+run\b/, {
        include: ['**/*.rs', '**/*.sh', '**/Makefile', '**/Dockerfile*', '**/*.{yml,yaml}'],
      });
      // `sqlx::migrate!("db/schema")` names its folder relative to the crate (CARGO_MANIFEST_DIR).
      const named = mig?.path.endsWith('.rs') ? /\bmigrate!\s*\(\s*"\.?\/?([^"]+)"/.exec(mig.text)?.[1] : undefined;
      const crateDir = mig && named ? crateDirOf(repo, mig.path) : undefined;
      const m = !mig
        ? []
        : [
            ...new Set([
              ...files('**/migrations/*.sql'),
              ...(named && crateDir !== undefined
                ? files(`${crateDir ? `${crateDir}/` : ''}${named.replace(/\/+$/, '')}/*.sql`)
                : []),
            ]),
          ].sort(byVersion);
      return m.length
        ? {
            tool: 'sqlx migrations',
            format: 'sql',
            files: m.filter((p) => !p.endsWith('.down.sql')),
            count: m.length,
            evidence: [
              { path: mig!.path, line: mig!.line, note: 'migrations applied by sqlx' },
              ...first(m, 'sqlx migration'),
            ],
          }
        : undefined;
    })(),
  );
  add(
    ((): MigrationSet | undefined => {
      // `migrations/<version>_<name>/up.sql`, or one folder per backend when the service supports several databases
      // (`migrations/postgresql/2018-01-14-171611_create_tables/up.sql`, embedded with `embed_migrations!("migrations/postgresql")`).
      const m = [
        ...new Set([
          ...files('**/migrations/*/up.sql'),
          ...files('**/migrations/*/*/up.sql').filter((p) => /^\d/.test(path.posix.basename(path.posix.dirname(p)))),
        ]),
      ].sort(byVersion);
      return m.length
        ? {
            tool: 'Diesel migrations',
            format: 'sql',
            files: m,
            count: m.length,
            evidence: first(m, 'Diesel up migration'),
          }
        : undefined;
    })(),
  );
  add(
    ((): MigrationSet | undefined => {
      const m = files('**/*.up.sql');
      return m.length
        ? {
            tool: 'golang-migrate (up/down SQL)',
            format: 'sql',
            files: m,
            count: m.length,
            evidence: first(m, 'up migration'),
          }
        : undefined;
    })(),
  );
  // Pop (gobuffalo/pop, ory/x popx): `<version>_<name>.up.fizz` files written in its Fizz DSL (`create_table("users")
  // { … }`, `drop_column("flows", "state")`), applied in version order and recorded in its schema_migration table.
  add(
    ((): MigrationSet | undefined => {
      const m = files('**/*.up.fizz').sort((a, b) => byVersion(path.posix.basename(a), path.posix.basename(b)));
      return m.length
        ? {
            tool: 'Pop migrations (Fizz)',
            format: 'fizz',
            files: m,
            count: m.length,
            evidence: first(m, 'Fizz up migration'),
          }
        : undefined;
    })(),
  );
  add(
    ((): MigrationSet | undefined => {
      const m = filesMatching(repo, /^--\s*\+goose\s+Up|^\s*goose\.AddMigration/m, { include: '**/*.{sql,go}' });
      return m.length
        ? {
            tool: 'goose',
            format: 'sql',
            files: m,
            count: m.length,
            evidence: first(m, 'goose migration'),
          }
        : undefined;
    })(),
  );
  // sql-migrate (rubenv/sql-migrate): SQL files whose statements sit under `-- +migrate Up` (the way back under
  // `-- +migrate Down`), applied in name order by `migrate.Exec(…, migrate.Up)` or its command line, which records each
  // in its gorp_migrations table. dbmate: `-- migrate:up` / `-- migrate:down` sections, recorded in schema_migrations.
  for (const [tool, marker] of [
    ['sql-migrate', /^--[ \t]*\+migrate[ \t]+Up\b/m],
    ['dbmate', /^--[ \t]*migrate:up\b/m],
  ] as const) {
    const m = filesMatching(repo, marker, { include: '**/*.sql' }).sort((a, b) =>
      byVersion(path.posix.basename(a), path.posix.basename(b)),
    );
    if (m.length) add({ tool, format: 'sql', files: m, count: m.length, evidence: first(m, `${tool} migration`) });
  }
  // PocketBase migrations: Go files registering with `m.Register(func(app core.App) error {…})` (package
  // github.com/pocketbase/pocketbase/migrations) or JavaScript `migrate((app) => {…})` files in pb_migrations/; PocketBase
  // applies them in file-name order at start-up and records them in its _migrations table.
  add(
    ((): MigrationSet | undefined => {
      const m = [
        ...filesMatching(repo, /"github\.com\/pocketbase\/pocketbase\/migrations"/, { languages: ['go'] }).filter((f) =>
          /^\s*\w+\.Register\s*\(/m.test(repo.read(f) ?? ''),
        ),
        ...filesMatching(repo, /^\s*migrate\s*\(\s*\(?\s*(?:app|db)\b/m, { include: '**/pb_migrations/*.{js,ts}' }),
      ].sort((a, b) => byVersion(path.posix.basename(a), path.posix.basename(b)));
      return m.length
        ? {
            tool: 'PocketBase migrations',
            format: 'other',
            files: m,
            count: m.length,
            evidence: first(m, 'PocketBase migration'),
          }
        : undefined;
    })(),
  );
  // bun migrations (github.com/uptrace/bun/migrate): Go files registering up/down functions
  // (`migrations.MustRegister(up, down)`, `migrations.Register(m.Up, m.Down)`), applied in order by bun's migrator and
  // recorded in its bun_migrations table.
  add(
    ((): MigrationSet | undefined => {
      const m = filesMatching(repo, /"github\.com\/uptrace\/bun\/migrate"/, { languages: ['go'] })
        .filter((f) => /\.(?:Must)?Register\s*\(/.test(repo.read(f) ?? ''))
        .sort((a, b) => byVersion(path.posix.basename(a), path.posix.basename(b)));
      return m.length
        ? { tool: 'bun migrate', format: 'other', files: m, count: m.length, evidence: first(m, 'bun migration') }
        : undefined;
    })(),
  );
  // xormigrate / gormigrate: Go migrations with an ID, applied in order and recorded in a migrations table. Any
  // literal of the type counts: `&gormigrate.Migration{`, a package variable `var addOrgID = xormigrate.Migration{`,
  // or the elements of `[]*gormigrate.Migration{ {ID: …}, … }` handed straight to gormigrate.New.
  add(
    ((): MigrationSet | undefined => {
      const m = filesMatching(repo, /\b(?:xormigrate|gormigrate)\.Migration\s*\{/, { languages: ['go'] }).sort((a, b) =>
        byVersion(path.posix.basename(a), path.posix.basename(b)),
      );
      return m.length
        ? {
            tool: 'xormigrate/gormigrate',
            format: 'other',
            files: m,
            // One migration per `ID:` field (a slice literal holds many), at least one per file.
            count: m.reduce(
              (n, f) => n + Math.max(1, (repo.read(f) ?? '').match(/^[ \t]*\{?[ \t]*ID[ \t]*:/gm)?.length ?? 0),
              0,
            ),
            evidence: first(m, 'versioned Go migration (xormigrate/gormigrate)'),
          }
        : undefined;
    })(),
  );
  add(
    ((): MigrationSet | undefined => {
      const sum = files('**/atlas.sum');
      if (!sum.length) return undefined;
      const dir = path.posix.dirname(sum[0]!);
      const m = files(`${dir === '.' ? '' : `${dir}/`}*.sql`);
      const tool = sum[0]!.includes('ent/') ? 'ent versioned migrations (Atlas)' : 'Atlas';
      return {
        tool,
        format: 'sql',
        files: m,
        count: m.length,
        evidence: [{ path: sum[0]!, note: 'Atlas migration directory checksum' }, ...first(m, 'versioned migration')],
      };
    })(),
  );
  add(
    ((): MigrationSet | undefined => {
      const config = files('**/drizzle.config.{ts,js,mjs,cjs,json}');
      if (!config.length) return undefined;
      const m = files(['**/drizzle/*.sql', '**/drizzle/**/*.sql', '**/migrations/*.sql', '**/migrations/**/*.sql']);
      return m.length
        ? {
            tool: 'Drizzle Kit',
            format: 'sql',
            files: m,
            count: m.length,
            evidence: [{ path: config[0]!, note: 'drizzle-kit configuration' }, ...first(m, 'Drizzle migration')],
          }
        : undefined;
    })(),
  );
  const jsSet = (tool: string, re: RegExp, include: string | undefined, note: string): MigrationSet | undefined => {
    const m = filesMatching(repo, re, { languages: ['typescript', 'javascript'], ...(include ? { include } : {}) });
    return m.length ? { tool, format: 'js', files: m, count: m.length, evidence: first(m, note) } : undefined;
  };
  add(jsSet('TypeORM migrations', /implements\s+MigrationInterface\b/, undefined, 'TypeORM migration'));
  add(
    jsSet(
      'Sequelize migrations',
      /\bqueryInterface\.(createTable|addColumn|addIndex|changeColumn|sequelize)\b/,
      '**/migrations/**',
      'Sequelize migration',
    ),
  );
  add(
    ((): MigrationSet | undefined => {
      const s = jsSet(
        'JavaScript migrations',
        // `export async function up(knex)`, Kysely's `export async function up(db: Kysely<any>)`: inside a migrations
        // folder an exported up() is the migration whatever its parameter is called; a CommonJS module declaring
        // `async function up(knex)` and exporting it in `module.exports = { up, down }` is one too.
        /^\s*(exports\.up\s*=|export\s+(async\s+)?function\s+up\s*\(|export\s+const\s+up\s*=|async\s+up\s*\(|up\s*:\s*async|(?:const|let|var)\s+up\s*=\s*(?:async\s+)?(?:function\b|\(\s*knex\b)|(?:async\s+)?function\s+up\s*\(\s*(?:knex|db|queryInterface)\b)/,
        // knex's `migrate.latest({ directory: './db/knex_migrations' })`: any folder named for migrations.
        '**/{migrations,*_migrations,*-migrations}/**',
        'migration with up()',
      );
      if (!s) return undefined;
      const knex =
        repo.has('knexfile.js') ||
        repo.has('knexfile.ts') ||
        repo.grepFirst(/\bknex\b/, { paths: s.files.slice(0, 1) });
      const kysely = !knex && repo.grepFirst(/["']kysely["']/, { paths: s.files.slice(0, 1) });
      const lucid =
        !knex && !kysely && repo.grepFirst(/@adonisjs\/lucid|@ioc:Adonis\/Lucid/, { paths: s.files.slice(0, 1) });
      return {
        ...s,
        tool: knex
          ? 'Knex migrations'
          : kysely
            ? 'Kysely migrations'
            : lucid
              ? 'Lucid migrations'
              : 'JavaScript migrations',
      };
    })(),
  );
  // Versioned upgrade scripts a data store without a schema is moved forward by (NodeBB's `src/upgrades/<version>/*.js`,
  // each `{ name, timestamp: Date.UTC(…), method }`, run in timestamp order by the `upgrade` command).
  add(
    jsSet(
      'versioned upgrade scripts',
      /^\s*timestamp\s*:\s*Date\.UTC\s*\(/,
      '**/{upgrades,upgrade-scripts}/**',
      'upgrade script with a timestamp',
    ),
  );
  add(jsSet('MikroORM migrations', /extends\s+Migration\b/, '**/migrations/**', 'MikroORM migration'));
  add(
    ((): MigrationSet | undefined => {
      const m = files('**/ent/migrate/migrations/*.sql');
      return m.length
        ? {
            tool: 'ent versioned migrations',
            format: 'sql',
            files: m,
            count: m.length,
            evidence: first(m, 'ent migration'),
          }
        : undefined;
    })(),
  );
  add(
    ((): MigrationSet | undefined => {
      // Also a migration deriving from the project's own base class (`class InitializeTenant : MultiDatabaseMigration`,
      // itself `: Migration`): `Up(MigrationBuilder …)` is EF Core's signature whatever the base is called.
      const m = filesMatching(
        repo,
        /:\s*Migration\b[\s\S]{0,400}?\bprotected\s+override\s+void\s+Up\s*\(|\boverride\s+void\s+Up\s*\(\s*MigrationBuilder\s/,
        { languages: ['csharp'] },
      ).filter(
        (p) =>
          !/\.Designer\.cs$|ModelSnapshot\.cs$/.test(p) &&
          repo.get(p)?.kind === 'source' &&
          // Simple.Migrations' classes override Up() on its own Migration base (read below).
          !/^\s*using\s+SimpleMigrations\b/m.test(repo.read(p) ?? ''),
      );
      return m.length
        ? {
            tool: 'EF Core migrations',
            format: 'efcore',
            files: m,
            count: m.length,
            evidence: first(m, 'EF Core migration'),
          }
        : undefined;
    })(),
  );
  // FluentMigrator: `[Migration(20240501)] class X : Migration { public override void Up() … }`.
  add(
    ((): MigrationSet | undefined => {
      const direct = filesMatching(
        repo,
        /\[\s*Migration\s*\(\s*\d+[\s\S]{0,300}?:\s*(?:Forward\w*|Auto\w*)?Migration\b[\s\S]{0,600}?\boverride\s+void\s+Up\s*\(/,
        { languages: ['csharp'] },
      );
      // The project's own base class over FluentMigrator.Migration (`[Migration(7)] class AddIndexes :
      // AppMigrationBase { protected override void MainDbUpgrade() … }`), with FluentMigrator among the packages (or a
      // fork published under its owner's prefix: `Servarr.FluentMigrator.Runner`).
      const ownBase = repo.grepFirst(/Include\s*=\s*"(?:[\w-]+\.)?FluentMigrator\b/i, {
        include: '**/*.{csproj,props}',
      })
        ? [
            ...filesMatching(
              repo,
              /\[\s*Migration\s*\(\s*\d+\s*(?:,[^)\]]*)?\)\s*\][\s\S]{0,200}?\bclass\s+\w+\s*:\s*[\w.]*Migration\w*\b/,
              { languages: ['csharp'] },
            ),
            ...ownMigrationAttributeFiles(repo),
          ]
        : [];
      // Simple.Migrations writes the same attribute and base class name (read below).
      const m = [...new Set([...direct, ...ownBase])]
        .filter((f) => !/^\s*using\s+SimpleMigrations\b/m.test(repo.read(f) ?? ''))
        .sort(byVersion);
      return m.length
        ? {
            tool: 'FluentMigrator',
            format: 'fluentmigrator',
            files: m,
            count: m.length,
            evidence: first(m, 'FluentMigrator migration'),
          }
        : undefined;
    })(),
  );
  // Simple.Migrations: numbered migration classes in a file that opens the library (`[<Migration(201910122315L,
  // "Create ingredients")>] type … = inherit Migration()` in F#, `[Migration(3, "…")] class … : Migration` in C#),
  // run in version order by its migrator, which records each applied version in its VersionInfo table.
  add(
    ((): MigrationSet | undefined => {
      const m = filesMatching(repo, /\[<?\s*Migration\s*\(\s*\d+L?\s*[,)]/, { languages: DOTNET_LANGUAGES })
        .filter((f) => /^\s*(?:open|using)\s+SimpleMigrations\b/m.test(repo.read(f) ?? ''))
        .sort(byVersion);
      return m.length
        ? {
            tool: 'Simple.Migrations',
            format: 'simplemigrations',
            files: m,
            count: m.length,
            evidence: first(m, 'Simple.Migrations migration'),
          }
        : undefined;
    })(),
  );
  // DbUp: `DeployChanges.To.SqlDatabase(cs).WithScriptsFromFileSystem(path)` / `WithScriptsEmbeddedInAssembly(…)` runs
  // numbered SQL scripts in name order and journals the applied ones (`Migrations/1_0_0_0/0001_initial.sql`,
  // `Scripts/Script0002 - Add index.sql`).
  add(
    sqlRunnerScripts(
      'DbUp',
      repo.grepFirst(/\bDeployChanges\s*\.\s*To\b/, { languages: ['csharp'], kinds: ['source'] }),
      /(?:^|\/)(?:migrations?|scripts|upgrades?)\/(?:[^/]+\/)*(?:\d|Script\d)[^/]*\.sql$/i,
      ['DbUp runs the scripts', 'DbUp script'],
    ),
  );
  // grate and RoundhousE, its predecessor (`dotnet grate -c … -f db/`, a build script's task, `rh --files db/`): the SQL
  // scripts of the folder's conventions run once each in name order — `up/`, and `runAfterCreateDatabase/` when it
  // creates the database — and the tool journals the ones that ran in its version tables.
  add(
    sqlRunnerScripts(
      'grate (RoundhousE)',
      repo.grepFirst(/\b(?:dotnet\s+)?grate\s+(?:`|--?[a-z])|\brh(?:\.exe)?\s+--?(?:f|files|c|connectionstring)\b/i, {
        kinds: ['source', 'config', 'other'],
      }),
      /(?:^|\/)(?:up|runBeforeUp|runFirstAfterUp|runAfterCreateDatabase)\/(?:[^/]+\/)*[^/]+\.sql$/i,
      ['grate runs the scripts of the folder conventions once each', 'grate/RoundhousE script'],
    ),
  );
  // Yuniql: `app.UseYuniql(…, new Configuration { Workspace = … })` (or the `yuniql run` CLI) applies the SQL scripts of
  // each version folder of its workspace (`v0.00/01-create-tables.sql`, `v0.01/…`) in order and records the versions
  // it applied.
  add(
    sqlRunnerScripts(
      'Yuniql',
      repo.grepFirst(/\bUseYuniql\s*\(|\byuniql\s+run\b/, { kinds: ['source', 'config'] }),
      /(?:^|\/)v\d+\.\d+(?:\.\d+)?\/(?:[^/]+\/)*[^/]+\.sql$/i,
      ['Yuniql applies the version folders', 'Yuniql version script'],
    ),
  );
  // Numbered SQL upgrade scripts a .NET project embeds in its assembly (`<EmbeddedResource Include="Database\Database
  // schema\*.sql" />` over `1. Add index.sql`, `2. Use Lastmodified.sql`): the application's own upgrader applies the
  // scripts after the version the database records, in number order.
  add(
    ((): MigrationSet | undefined => {
      const m = new Set<string>();
      for (const h of repo.grep(/<EmbeddedResource\s+Include\s*=\s*"[^"]*\.sql"/, {
        include: '**/*.csproj',
        limit: 50,
      })) {
        if (repo.get(h.path)?.isTest) continue;
        const dir = path.posix.dirname(h.path);
        for (const inc of h.text.matchAll(/<EmbeddedResource\s+Include\s*=\s*"([^"]*\.sql)"/g)) {
          const rel = inc[1]!.replace(/\\/g, '/').replace(/^\.\//, '');
          if (rel.startsWith('..') || rel.includes('$(')) continue;
          for (const f of files(dir === '.' ? rel : `${dir}/${rel}`))
            if (/^\d+[\s._-]/.test(path.posix.basename(f))) m.add(f);
        }
      }
      const scripts = [...m].sort(byVersion);
      return scripts.length >= 2
        ? {
            tool: 'numbered SQL upgrade scripts embedded in the assembly',
            format: 'other',
            files: scripts,
            count: scripts.length,
            low: true,
            evidence: first(scripts, 'numbered SQL upgrade script'),
          }
        : undefined;
    })(),
  );
  // SeaORM: a migration crate whose modules implement MigrationTrait (m20240501_000001_create_orders.rs).
  add(
    ((): MigrationSet | undefined => {
      const m = filesMatching(repo, /\bimpl\s+MigrationTrait\s+for\s+Migration\b/, { languages: ['rust'] }).sort(
        (a, b) => byVersion(path.posix.basename(a), path.posix.basename(b)),
      );
      return m.length
        ? {
            tool: 'SeaORM migrations',
            format: 'sea-orm',
            files: m,
            count: m.length,
            evidence: first(m, 'SeaORM migration'),
          }
        : undefined;
    })(),
  );
  // A runner of the project's own shaped like SeaORM's: its own MigrationTrait implemented by one dated or numbered
  // module per step (`m20250806_create_user.rs` with `impl MigrationTrait for M20250806CreateUser`), often written
  // with sea-query's builders, applied in the order its migrator lists them (low; recorded when the runner names its
  // table of applied migrations).
  add(
    ((): MigrationSet | undefined => {
      const m = filesMatching(repo, /\bimpl\s+MigrationTrait\s+for\s+(?!Migration\b)\w+/, { languages: ['rust'] })
        .filter((p) => /^m?\d{4,}_\w+\.rs$/.test(path.posix.basename(p)))
        .sort((a, b) => byVersion(path.posix.basename(a), path.posix.basename(b)));
      if (m.length < 2) return undefined;
      const table = repo.grepFirst(MIGRATION_TABLE, { languages: ['rust'], exclude: ['**/tests/**'] });
      return {
        tool: 'numbered migration modules of its own runner',
        format: 'sea-orm',
        low: true,
        files: m,
        count: m.length,
        evidence: first(m, 'migration module implementing the runner’s MigrationTrait'),
        ...(table
          ? { recorded: { path: table.path, line: table.line, note: 'the runner records applied migrations here' } }
          : {}),
      };
    })(),
  );
  // Hand-rolled migrations as dated, release-named or numbered Go functions (migrations/20210206_drop_badges_column.go,
  // migrations/v2.1.0.go, migrations/v12.go), each a function over the database handle that the application registers
  // and runs in order at start-up, the version reached recorded in the database. Read before the schema sync below:
  // such migrators often end a step with xorm's Sync, which is then one step of a versioned history.
  add(
    ((): MigrationSet | undefined => {
      const m = repo.files
        .filter(
          (f) =>
            f.kind === 'source' &&
            f.language === 'go' &&
            /(^|\/)migrations?\/(?:[^/]+\/)?(?:\d{8,14}[_-]\w+|v?\d+\.\d+(?:\.\d+)?[\w-]*|v\d+)\.go$/.test(f.path) &&
            /\bfunc\b[^\n]*\b(?:gorm\.DB|sql\.DB|sql\.Tx|bun\.DB|sqlx\.DB|pgx\.Tx|pgxpool\.Pool|xorm\.Engine|xorm\.Session)\b/.test(
              repo.read(f.path) ?? '',
            ),
        )
        .map((f) => f.path)
        .sort(byVersion);
      return m.length >= 2
        ? {
            tool: 'versioned Go migration functions (hand-rolled)',
            format: 'other',
            files: m,
            count: m.length,
            low: true,
            evidence: first(m, 'versioned migration function run by the application'),
          }
        : undefined;
    })(),
  );
  // A SQL Server database project (SSDT, MSBuild.Sdk.SqlProj, Microsoft.Build.Sql) declares the schema as CREATE
  // scripts; its DACPAC is diffed against the live database and the difference applied at deploy.
  add(
    ((): MigrationSet | undefined => {
      const project = files('**/*.sqlproj')[0];
      if (!project) return undefined;
      const dir = path.posix.dirname(project);
      const scripts = files(`${dir === '.' ? '' : `${dir}/`}**/*.sql`);
      return scripts.length
        ? {
            tool: 'SQL Server database project (DACPAC, schema diffed at deploy)',
            format: 'other',
            files: [],
            count: scripts.length,
            low: true,
            evidence: [
              { path: project, note: `database project declaring the schema in ${scripts.length} SQL scripts` },
            ],
          }
        : undefined;
    })(),
  );
  // Tool-managed schema diffing without versioned files: low confidence.
  add(
    ((): MigrationSet | undefined => {
      const h = repo.grepFirst(/\.Sync2?\s*\(\s*(new\s*\(|&)?\w/, { languages: ['go'], kinds: ['source'] });
      return h && repo.grepFirst(/xorm/, { paths: [h.path] })
        ? {
            tool: 'xorm Sync2 (schema sync, not versioned)',
            format: 'other',
            files: [],
            count: 1,
            low: true,
            evidence: [{ path: h.path, line: h.line, note: 'xorm synchronises tables from structs' }],
          }
        : undefined;
    })(),
  );
  add(
    ((): MigrationSet | undefined => {
      const h = repo.grepFirst(/\.Schema\.Create\s*\(/, { languages: ['go'], kinds: ['source'] });
      return h
        ? {
            tool: 'ent automatic migration (Schema.Create)',
            format: 'other',
            files: [],
            count: 1,
            low: true,
            evidence: [{ path: h.path, line: h.line, note: 'ent diffs and applies the schema at startup' }],
          }
        : undefined;
    })(),
  );
  // Hand-rolled migrations as numbered PHP functions the application runs in order from the schema version it stores
  // (`function version_42(PDO $pdo)` per database platform, `private function update_sql_20104()` beside a list of the
  // versions): each function is one versioned change.
  add(
    ((): MigrationSet | undefined => {
      const hits = repo.grep(
        /^[ \t]*(?:(?:public|private|protected|static)[ \t]+)*function[ \t]+(?:version|update_sql|update|upgrade|migrate)_(\d+)[ \t]*\(/,
        {
          languages: ['php'],
          kinds: ['source'],
        },
      );
      const byFile = new Map<string, { path: string; line: number }[]>();
      for (const h of hits) byFile.set(h.path, [...(byFile.get(h.path) ?? []), h]);
      const files = [...byFile.entries()]
        .filter(([f, hs]) => hs.length >= 5 && /\b(?:ALTER|CREATE)[ \t]+TABLE\b/i.test(repo.read(f) ?? ''))
        .map(([f]) => f)
        .sort();
      if (!files.length) return undefined;
      const count = Math.max(...files.map((f) => byFile.get(f)!.length));
      const h = byFile.get(files[0]!)![0]!;
      return {
        tool: 'numbered schema update functions (hand-rolled)',
        format: 'other',
        files,
        count,
        low: true,
        evidence: [
          { path: h.path, line: h.line, note: `${count} numbered schema updates run from the stored schema version` },
        ],
      };
    })(),
  );
  // Hand-rolled migrations in code: a migrations module with versioned CREATE/ALTER statements, also one per store
  // (`sqlite_migration.rs`, `postgres_migrations.go`, `db-migrate.ts`).
  add(
    ((): MigrationSet | undefined => {
      const mods = repo.files.filter(
        (f) =>
          f.kind === 'source' &&
          /(^|\/)(?:[a-z0-9]+[-_])?(migrations?|migrate|schema[-_]?migrations?)(\.\w+$|\/)/i.test(f.path),
      );
      for (const f of mods) {
        if (!repo.fileMemo('migrations:versioned-module', f.path, () => versionedModule(repo.read(f.path) ?? '')))
          continue;
        const set = handRolledInCode(repo, code, f.path, 'versioned schema changes applied by the application');
        if (set) return set;
      }
      return undefined;
    })(),
  );
  // Hand-rolled migrations kept beside the store they migrate: numbered migration functions (`migrateFrom3`,
  // `migrate_to_4`, `upgradeTo3`), a table of them keyed by version (Go `map[int]func(*sql.DB) error{0: migrateFrom0, …}`)
  // or a list of SQL statements applied by index, with the schema version recorded in the database (a schemaVersion /
  // db_version table, SQLite user_version, a ledger table of the steps applied).
  add(
    ((): MigrationSet | undefined => {
      for (const f of repo.files) {
        if (
          f.kind !== 'source' ||
          !['go', 'python', 'javascript', 'typescript', 'java', 'kotlin', 'rust', 'csharp'].includes(f.language ?? '')
        )
          continue;
        if (!repo.fileMemo('migrations:versioned-store', f.path, () => versionedStore(repo.read(f.path) ?? '')))
          continue;
        const set = handRolledInCode(
          repo,
          code,
          f.path,
          'migration steps applied in order by the application, the version reached recorded in the database',
        );
        if (set) return set;
      }
      return undefined;
    })(),
  );
  // Hand-rolled migrations as one Rust module per schema revision (`revision_0041.rs`, each with its `migrate`
  // function), applied in the order a table lists them (`revision_0041::migrate,` …) from the revision the database
  // records (SQLite user_version, a schema version or revision constant); some of the modules change tables.
  add(
    ((): MigrationSet | undefined => {
      const byFile = new Map<string, GrepMatch[]>();
      for (const h of repo.grep(STEP_TABLE_ENTRY, { languages: ['rust'], kinds: ['source'] }))
        byFile.set(h.path, [...(byFile.get(h.path) ?? []), h]);
      for (const [table, hits] of byFile) {
        const steps = new Set(hits.map((h) => h.groups[1]!));
        if (steps.size < 2 || !/\buser_version\b|schema_?(?:version|revision)/i.test(repo.read(table) ?? '')) continue;
        const dir = table.replace(/(?:\/mod)?\.rs$/, '').replace(/\/(?:lib|main)$/, '');
        const files = [...steps]
          .map((m) => [`${dir}/${m}.rs`, `${dir}/${m}/mod.rs`].find((p) => repo.has(p)))
          .filter((p): p is string => !!p);
        if (!files.some((p) => /\b(?:CREATE|ALTER)\s+TABLE\b/i.test(repo.read(p) ?? ''))) continue;
        return {
          tool: 'numbered migration modules (hand-rolled)',
          format: 'other',
          files,
          count: steps.size,
          low: true,
          evidence: [
            {
              path: table,
              line: hits[0]!.line,
              note: `${steps.size} schema revisions applied in order from the version the database records`,
            },
          ],
        };
      }
      return undefined;
    })(),
  );
  // Hand-rolled numbered SQL files.
  add(
    ((): MigrationSet | undefined => {
      const m = repo.files
        .filter(
          (f) =>
            !f.isTest &&
            /\.sql$/.test(f.path) &&
            /(^|\/)(migrations?|migrate|sql|schema|db|database)\//.test(f.path) &&
            // `003_add_index.sql`, `V3_add_index.sql`, or the step from one schema version to the next
            // (`migration_002_003.sql`).
            // `v1.2.0.sql` (a release's schema step, semaphore's db/sql/migrations) too.
            /^(?:[Vv]?\d{1,14}|migration_?\d{1,14})[_.-]/.test(path.posix.basename(f.path)) &&
            !/seed|fixture|sample|example/i.test(f.path),
        )
        .map((f) => f.path);
      return m.length
        ? {
            tool: 'numbered SQL files (hand-rolled)',
            format: 'sql',
            // Postgrator names the way back `<n>.undo.sql` (and the way up `<n>.do.sql`).
            files: m.filter((p) => !/\.down\.sql$|[_.-](?:down|undo)\.sql$/i.test(p)),
            count: m.length,
            low: true,
            evidence: first(m, 'numbered SQL migration'),
          }
        : undefined;
    })(),
  );
  return out;
}

/**
 * Script folders an alembic.ini names: script_location in any section (a multi-database ini has one section per
 * database, run with alembic --name), as a folder relative to the ini, %(here)s, or a package resource (pkg:path).
 */
function alembicScriptLocations(repo: RepoIndex, ini: string): string[] {
  const base = path.posix.dirname(ini);
  const out: string[] = [];
  for (const m of (repo.read(ini) ?? '').matchAll(/^\s*script_location\s*=\s*(\S+)\s*$/gm)) {
    const loc = m[1]!.replace(/^%\(here\)s\/?/, '');
    const pkg = /^([\w.]+):(.+)$/.exec(loc);
    if (pkg) {
      // A package resource: the package folder wherever it sits (src/<pkg>, <pkg>, beside the ini); further colons
      // separate folders too (`prefect:server:database:_migrations`).
      const rel = `${pkg[1]!.replace(/\./g, '/')}/${pkg[2]!.replace(/:/g, '/').replace(/^\/+|\/+$/g, '')}`;
      const hit = repo.glob(`{${rel},**/${rel}}/env.py`)[0] ?? repo.glob(`{${rel},**/${rel}}/versions/*.py`)[0];
      if (hit) out.push(hit.path.replace(/\/(?:env\.py|versions\/[^/]+)$/, ''));
      continue;
    }
    out.push(path.posix.normalize(base === '.' ? loc : `${base}/${loc}`).replace(/\/+$/, ''));
  }
  return out;
}

/** The folder of the Cargo package that holds a Rust file (the nearest Cargo.toml above it); '' for the root. */
function crateDirOf(repo: RepoIndex, file: string): string | undefined {
  for (let d = path.posix.dirname(file); ; d = path.posix.dirname(d)) {
    const dir = d === '.' ? '' : d;
    if (repo.has(dir ? `${dir}/Cargo.toml` : 'Cargo.toml')) return dir;
    if (!dir) return undefined;
  }
}

/**
 * FluentMigrator migrations marked with the project's own attribute over MigrationAttribute (`class
 * MigrationVersionAttribute : MigrationAttribute` turning a date into the version, then `[MigrationVersion("2024-12-17
 * 09:30:00", "…")] class RenewHashCodes : Migration`).
 */
function ownMigrationAttributeFiles(repo: RepoIndex): string[] {
  const names = repo
    .grep(/\bclass\s+(\w+?)(?:Attribute)?\s*(?:\([^()\n]*\)\s*)?:\s*(?:FluentMigrator\.)?MigrationAttribute\b/, {
      languages: ['csharp'],
      kinds: ['source'],
    })
    .map((h) => h.groups[1]!)
    .filter((n) => n !== 'Migration');
  if (!names.length) return [];
  return filesMatching(
    repo,
    new RegExp(
      `\\[\\s*(?:${[...new Set(names)].map(escapeRegExp).join('|')})(?:Attribute)?\\s*\\([^)\\]]*\\)\\s*\\][\\s\\S]{0,200}?\\bclass\\s+\\w+\\s*:\\s*[\\w.]*Migration\\w*\\b`,
    ),
    { languages: ['csharp'] },
  );
}

/**
 * The files of a selection (tests left out) where `re` matches (multiline), with no cap: a history can hold thousands
 * of migrations. Whether a file matches is kept per repository file, and a file its literal prefilter rules out is not
 * searched: every component's view asks again.
 */
function filesMatching(repo: RepoIndex, re: RegExp, opts: { include?: string; languages?: string[] }): string[] {
  const test = new RegExp(
    re.source,
    re.flags.replace('g', '').includes('m') ? re.flags.replace('g', '') : `${re.flags.replace('g', '')}m`,
  );
  const pre = prefilterOf(test);
  const kind = `migrations:matching\0${test.flags}\0${test.source}`;
  return repo
    .select(opts)
    .filter(
      (f) =>
        !f.isTest &&
        repo.fileMemo(kind, f.path, () => {
          const text = repo.read(f.path) ?? '';
          return (!pre || repo.prefilterPasses(pre, f.path, text)) && test.test(text);
        }),
    )
    .map((f) => f.path);
}

// ------------------------------------------------------------------------------------------------ operations

interface RawOp {
  kind: MigrationOpKind;
  line: number;
  table?: string;
  column?: string;
  text: string;
  guarded?: string;
}

const norm = (name: string | undefined): string | undefined =>
  name
    ?.replace(/["'`[\]]/g, '')
    .split('.')
    .pop()
    ?.trim()
    .toLowerCase();

/** The part of a migration that runs on the way up (down/rollback sections removed, line numbers kept). */
function upSection(text: string, format: MigrationFormat, file: string): string {
  const blank = (from: number, to = text.length): string =>
    text.slice(0, from) + text.slice(from, to).replace(/[^\n]/g, ' ') + text.slice(to);
  let down = -1;
  switch (format) {
    case 'sql': {
      // goose, dbmate, sql-migrate, and Play's evolutions (`-- !Downs`, `# --- !Downs`).
      down = text.search(
        /^--\s*\+goose\s+Down\b|^--\s*migrate:down\b|^--\s*\+migrate\s+Down\b|^(?:#|--)[ \t]*(?:---[ \t]*)?!Downs\b/im,
      );
      break;
    }
    case 'alembic':
      down = text.search(/^def\s+downgrade\s*\(/m);
      break;
    case 'rails':
      down = text.search(/^\s*def\s+(?:self\.)?down\b/m);
      break;
    case 'sequel':
      // `down do ... end` may come before or after `up do`: blank the block by its indentation.
      return text.replace(/^([ \t]*)down\s+do\b[\s\S]*?^\1end\b/m, (m) => m.replace(/[^\n]/g, ' '));
    case 'laravel':
    case 'php-sql':
      down = text.search(/\bfunction\s+down\s*\(/);
      break;
    case 'js':
      down = text.search(
        /^\s*(?:exports\.down\s*=|export\s+(?:async\s+)?function\s+down\b|export\s+const\s+down\s*=|(?:public\s+)?(?:async\s+)?down\s*\(|down\s*:\s*(?:async\s+)?(?:function|\())/m,
      );
      break;
    case 'efcore':
      down = text.search(/\bprotected\s+override\s+void\s+Down\s*\(/);
      break;
    case 'fluentmigrator':
      down = text.search(/\bpublic\s+override\s+void\s+Down\s*\(/);
      break;
    case 'simplemigrations':
      // C# `protected override void Down()`, F# `override __.Down() =` / `override this.Down()`.
      down = text.search(/\boverride\s+(?:void\s+|\w+\.)Down\s*\(/);
      break;
    case 'sea-orm':
      down = text.search(/\basync\s+fn\s+down\s*\(/);
      break;
    case 'go-sql':
      down = text.search(/^func\s+[dD]own\w*\s*\(/m);
      break;
    case 'ecto':
      // `def down do ... end` may come before or after `def up`: blank the block by its indentation.
      return text.replace(/^([ \t]*)def\s+down\s+do\b[\s\S]*?^\1end\b/m, (m) => m.replace(/[^\n]/g, ' '));
    case 'liquibase': {
      // Rollback blocks and --rollback lines never run on the way up.
      let out = text.replace(/<rollback>[\s\S]*?<\/rollback>/g, (m) => m.replace(/[^\n]/g, ' '));
      out = out.replace(/^--\s*rollback\b.*$/gim, (m) => m.replace(/./g, ' '));
      out = out.replace(/^(\s*)rollback:\s*\n(?:\1\s+.*\n?)*/gm, (m) => m.replace(/[^\n]/g, ' '));
      return out;
    }
    default:
      break;
  }
  if (format === 'sql' && /\.(?:down|undo)\.sql$/.test(file)) return text.replace(/[^\n]/g, ' ');
  return down >= 0 ? blank(down) : text;
}

function analyseFile(repo: RepoIndex, file: string, format: MigrationFormat): RawOp[] {
  const raw = repo.read(file);
  if (raw === undefined) return [];
  const goFile = file.endsWith('.go');
  const text = upSection(raw, goFile ? 'go-sql' : format, file);
  const lineAt = (offset: number): number => repo.lineAt(file, offset);
  const created = createdTables(text, format);
  const ops: RawOp[] = [];
  const push = (op: Omit<RawOp, 'text'>): void => {
    const table = norm(op.table);
    if (table && created.has(table) && op.kind !== 'drop-table' && op.kind !== 'rename-table') return;
    if (table && created.has(table) && op.kind === 'drop-table') return;
    const line = repo.lineText(file, op.line) ?? '';
    // A comment that reads like SQL (`// Create index on secret` above a query builder, `-- drop table later`) runs nothing.
    if (/^\s*(?:\/\/|--|\/\*|\*|#(?!\[))/.test(line)) return;
    ops.push({ ...op, table, column: norm(op.column), text: line });
  };
  // SQL (in .sql files, and in SQL strings run by code migrations).
  for (const op of sqlOps(text)) push({ ...op, line: lineAt(op.offset) });
  if (goFile) goOps(text, (op, offset) => push({ ...op, line: lineAt(offset) }));
  switch (format) {
    case 'alembic':
      alembicOps(text, (op, offset) => push({ ...op, line: lineAt(offset) }));
      break;
    case 'django':
      djangoOps(text, (op, offset) => push({ ...op, line: lineAt(offset) }));
      break;
    case 'rails':
      railsOps(text, (op, offset) => push({ ...op, line: lineAt(offset) }));
      break;
    case 'sequel':
      sequelOps(text, (op, offset) => push({ ...op, line: lineAt(offset) }));
      break;
    case 'laravel':
      laravelOps(text, (op, offset) => push({ ...op, line: lineAt(offset) }));
      break;
    case 'js':
      jsOps(text, (op, offset) => push({ ...op, line: lineAt(offset) }));
      break;
    case 'efcore':
      efOps(text, (op, offset) => push({ ...op, line: lineAt(offset) }));
      break;
    case 'fluentmigrator':
      fluentMigratorOps(text, (op, offset) => push({ ...op, line: lineAt(offset) }));
      break;
    case 'sea-orm':
      seaOrmOps(text, (op, offset) => push({ ...op, line: lineAt(offset) }));
      break;
    case 'liquibase':
      liquibaseOps(text, (op, offset) => push({ ...op, line: lineAt(offset) }));
      break;
    case 'ecto':
      ectoOps(text, (op, offset) => push({ ...op, line: lineAt(offset) }), ectoEarlierTypes(repo, file));
      break;
    case 'fizz':
      fizzOps(text, (op, offset) => push({ ...op, line: lineAt(offset) }));
      break;
    default:
      break;
  }
  // SQLite's table rebuild (what TypeORM and Prisma generate to alter a SQLite table): a new table is created, the
  // rows copied, the old table dropped and the new one renamed to the old name. The table keeps its name; neither
  // the rename of the table this migration created nor the drop of the table it replaces is a breaking change.
  for (const m of text.matchAll(/\bALTER\s+TABLE\s+([\w."`[\]]+)\s+RENAME\s+TO\s+([\w."`[\]]+)/gi)) {
    const from = norm(m[1]);
    const to = norm(m[2]);
    if (!from || !to || !created.has(from) || !ops.some((o) => o.kind === 'drop-table' && o.table === to)) continue;
    for (let i = ops.length - 1; i >= 0; i--) {
      const o = ops[i]!;
      if ((o.kind === 'rename-table' && o.table === from) || (o.kind === 'drop-table' && o.table === to))
        ops.splice(i, 1);
    }
  }
  // A view under the old name keeps a renamed table readable by the running release.
  for (const o of ops) {
    if (o.kind !== 'rename-table' || !o.table) continue;
    if (new RegExp(`\\bCREATE\\s+(?:OR\\s+REPLACE\\s+)?VIEW\\s+["\`]?${o.table}["\`]?\\s+AS\\b`, 'i').test(text))
      o.guarded = `a view keeps the old name ${o.table} readable`;
  }
  // Guards written in the migration itself.
  const guard =
    format === 'rails' && /\bsafety_assured\b/.test(text)
      ? 'acknowledged with strong_migrations safety_assured'
      : format === 'django' && /\bSeparateDatabaseAndState\b/.test(text)
        ? 'SeparateDatabaseAndState: the state change is split from the database change'
        : undefined;
  const seen = new Set<string>();
  return ops
    .filter((o) => {
      const k = `${o.kind}:${o.line}:${o.table}:${o.column}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .map((o) => (guard && !o.guarded ? { ...o, guarded: guard } : o));
}

function createdTables(text: string, format: MigrationFormat): Set<string> {
  const out = new Set<string>();
  const add = (n: string | undefined): void => {
    const t = norm(n);
    if (t) out.add(t);
  };
  for (const m of text.matchAll(
    /\bCREATE\s+(?:UNLOGGED\s+|TEMP(?:ORARY)?\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([\w."`[\]]+)/gi,
  ))
    add(m[1]);
  if (format === 'alembic') for (const m of text.matchAll(/\bop\.create_table\(\s*["'](\w+)["']/g)) add(m[1]);
  if (format === 'django')
    for (const m of text.matchAll(/migrations\.CreateModel\(\s*(?:name\s*=\s*)?["'](\w+)["']/g)) add(m[1]);
  if (format === 'rails' || format === 'sequel')
    for (const m of text.matchAll(/\bcreate_table[?!]?\s*\(?\s*[:"'](\w+)/g)) add(m[1]);
  if (format === 'laravel') for (const m of text.matchAll(/Schema::create\(\s*["'](\w+)["']/g)) add(m[1]);
  if (format === 'ecto') for (const m of text.matchAll(/\bcreate(?:_if_not_exists)?\s+table\(\s*:(\w+)/g)) add(m[1]);
  if (format === 'fizz') for (const m of text.matchAll(/^[ \t]*create_table\(\s*"(\w+)"/gm)) add(m[1]);
  if (format === 'js')
    for (const m of text.matchAll(
      /\b(?:createTable|createTableIfNotExists)\(\s*["'`](\w+)["'`]|new\s+Table\(\s*\{\s*name\s*:\s*["'`](\w+)/g,
    ))
      add(m[1] ?? m[2]);
  if (format === 'efcore') for (const m of text.matchAll(/\.CreateTable\(\s*name:\s*"(\w+)"/g)) add(m[1]);
  if (format === 'fluentmigrator') for (const m of text.matchAll(/\bCreate\.Table\(\s*"(\w+)"/g)) add(m[1]);
  if (format === 'sea-orm')
    for (const m of text.matchAll(/Table::create\(\s*\)[\s\S]{0,80}?\.table\(\s*(\w+)(?:::Table)?\s*\)/g))
      add(seaTable(text, m[1]!));
  if (format === 'liquibase')
    for (const m of text.matchAll(/createTable[\s\S]{0,80}?tableName\s*[=:]\s*["']?(\w+)/g)) add(m[1]);
  return out;
}

type Emit = (op: Omit<RawOp, 'text' | 'line'>, offset: number) => void;

const TYPE_WIDENING =
  /^(?:text|varchar|character\s+varying|citext|jsonb?|string|unicode|unicodetext|sa\.(?:Text|String|Unicode|UnicodeText)|:text|:string)\b/i;

/** SQL statements: ALTER TABLE actions, DROP/RENAME TABLE, CREATE INDEX. Offsets into `text`. */
function sqlOps(text: string): (Omit<RawOp, 'text' | 'line'> & { offset: number })[] {
  const out: (Omit<RawOp, 'text' | 'line'> & { offset: number })[] = [];
  const ident = `[\\w."\`[\\]]+`;
  for (const m of text.matchAll(
    new RegExp(`\\bDROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(${ident}(?:\\s*,\\s*${ident})*)`, 'gi'),
  )) {
    for (const t of m[1]!.split(',')) out.push({ kind: 'drop-table', table: t.trim(), offset: m.index! });
  }
  for (const m of text.matchAll(
    new RegExp(`\\bALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?(${ident})\\s+([^;]*)`, 'gi'),
  )) {
    const table = m[1]!;
    const body = m[2]!;
    const bodyStart = m.index! + m[0].length - body.length;
    if (/^RENAME\s+TO\s+/i.test(body)) {
      out.push({ kind: 'rename-table', table, offset: m.index! });
      continue;
    }
    for (const a of splitActions(body)) {
      const at = bodyStart + a.offset;
      const s = a.text;
      let x: RegExpExecArray | null;
      if (
        (x =
          /^DROP\s+(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?(?!CONSTRAINT\b|INDEX\b|KEY\b|PRIMARY\b|FOREIGN\b|CHECK\b|DEFAULT\b|NOT\b|PARTITION\b|TRIGGER\b)([\w"`[\]]+)/i.exec(
            s,
          ))
      )
        out.push({ kind: 'drop-column', table, column: x[1], offset: at });
      else if ((x = /^RENAME\s+(?:COLUMN\s+)?(?!TO\b|CONSTRAINT\b|INDEX\b)([\w"`[\]]+)\s+TO\s+/i.exec(s)))
        out.push({ kind: 'rename-column', table, column: x[1], offset: at });
      else if ((x = /^CHANGE\s+(?:COLUMN\s+)?([\w"`]+)\s+([\w"`]+)\s/i.exec(s)) && norm(x[1]) !== norm(x[2]))
        out.push({ kind: 'rename-column', table, column: x[1], offset: at });
      else if ((x = /^ALTER\s+(?:COLUMN\s+)?([\w"`[\]]+)\s+(?:SET\s+DATA\s+)?TYPE\s+([\w ]+)/i.exec(s))) {
        if (!TYPE_WIDENING.test(x[2]!.trim())) out.push({ kind: 'type-change', table, column: x[1], offset: at });
      } else if (
        // ClickHouse's table-level MODIFY (a setting, the TTL, the sorting key, a view's query) changes no column.
        (x =
          /^MODIFY\s+(?:COLUMN\s+|(?!(?:SETTING|TTL|ORDER|QUERY|COMMENT|SAMPLE|STATISTICS)\b))([\w"`]+)\s+([\w]+)/i.exec(
            s,
          ))
      ) {
        if (!TYPE_WIDENING.test(x[2]!)) out.push({ kind: 'type-change', table, column: x[1], offset: at });
      } else if ((x = /^ALTER\s+(?:COLUMN\s+)?([\w"`[\]]+)\s+SET\s+NOT\s+NULL/i.exec(s)))
        out.push({ kind: 'set-not-null', table, column: x[1], offset: at });
      else if (
        (x =
          /^ADD\s+(?:COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(?!CONSTRAINT\b|INDEX\b|KEY\b|PRIMARY\b|FOREIGN\b|UNIQUE\b|CHECK\b)([\w"`[\]]+)\s/i.exec(
            s,
          )) &&
        /\bNOT\s+NULL\b/i.test(s) &&
        !/\bDEFAULT\b|\bGENERATED\b|\b(?:BIG)?SERIAL\b|\bAUTO_INCREMENT\b|\bIDENTITY\b/i.test(s)
      )
        out.push({ kind: 'add-not-null', table, column: x[1], offset: at });
    }
  }
  for (const m of text.matchAll(
    new RegExp(
      `\\bCREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+(CONCURRENTLY\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?(?:${ident}\\s+)?ON\\s+(?:ONLY\\s+)?(${ident})`,
      'gi',
    ),
  )) {
    if (!m[1]) out.push({ kind: 'index-not-concurrent', table: m[2], offset: m.index! });
  }
  for (const m of text.matchAll(/\bsp_rename\s+N?'([\w.]+)'/gi)) {
    const parts = m[1]!.split('.');
    out.push({
      kind: parts.length > 2 ? 'rename-column' : 'rename-table',
      table: parts.length > 2 ? parts[parts.length - 2] : parts[parts.length - 1],
      column: parts.length > 2 ? parts[parts.length - 1] : undefined,
      offset: m.index!,
    });
  }
  return out;
}

/** Top-level comma-separated actions of an ALTER TABLE body, with their offsets. */
function splitActions(body: string): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  let depth = 0;
  let start = 0;
  let quote: string | undefined;
  const push = (end: number): void => {
    const raw = body.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    if (raw.trim()) out.push({ text: raw.trim(), offset: start + lead });
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      push(i);
      start = i + 1;
    }
  }
  push(body.length);
  return out;
}

/** The argument text of each call matching `re` (up to the closing parenthesis of the call). */
function* calls(text: string, re: RegExp): Generator<{ m: RegExpExecArray; args: string }> {
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  for (const m of text.matchAll(g)) {
    const open = text.indexOf('(', m.index!);
    let depth = 0;
    let end = open;
    for (let i = open; i < text.length && i < open + 3000; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')' && --depth === 0) {
        end = i;
        break;
      }
    }
    yield { m: m as RegExpExecArray, args: open >= 0 && end > open ? text.slice(open + 1, end) : '' };
  }
}

const STR = `["'\`](\\w+)["'\`]`;

function alembicOps(text: string, emit: Emit): void {
  const batchTable = (offset: number): string | undefined =>
    [...text.slice(0, offset).matchAll(/batch_alter_table\(\s*["'](\w+)["']/g)].pop()?.[1];
  for (const { m } of calls(text, new RegExp(`\\bop\\.drop_table\\(\\s*${STR}`)))
    emit({ kind: 'drop-table', table: m[1] }, m.index!);
  for (const { m } of calls(text, new RegExp(`\\bop\\.drop_column\\(\\s*${STR}\\s*,\\s*${STR}`)))
    emit({ kind: 'drop-column', table: m[1], column: m[2] }, m.index!);
  for (const { m } of calls(text, new RegExp(`\\bbatch_op\\.drop_column\\(\\s*${STR}`)))
    emit({ kind: 'drop-column', table: batchTable(m.index!), column: m[1] }, m.index!);
  for (const { m } of calls(text, new RegExp(`\\bop\\.rename_table\\(\\s*${STR}`)))
    emit({ kind: 'rename-table', table: m[1] }, m.index!);
  for (const { m, args } of calls(
    text,
    new RegExp(`\\b(op|batch_op)\\.alter_column\\(\\s*${STR}(?:\\s*,\\s*${STR})?`),
  )) {
    const table = m[1] === 'op' ? m[2] : batchTable(m.index!);
    const column = m[1] === 'op' ? m[3] : m[2];
    if (/\bnew_column_name\s*=/.test(args)) emit({ kind: 'rename-column', table, column }, m.index!);
    const type = /\btype_\s*=\s*([\w.]+)/.exec(args)?.[1];
    if (type && !TYPE_WIDENING.test(type)) emit({ kind: 'type-change', table, column }, m.index!);
    if (/\bnullable\s*=\s*False\b/.test(args)) emit({ kind: 'set-not-null', table, column }, m.index!);
  }
  for (const { m, args } of calls(text, /\b(op|batch_op)\.add_column\(/)) {
    const table = m[1] === 'op' ? /^\s*["'](\w+)["']/.exec(args)?.[1] : batchTable(m.index!);
    if (/\bnullable\s*=\s*False\b/.test(args) && !/\bserver_default\s*=/.test(args)) {
      const column = /Column\(\s*["'](\w+)["']/.exec(args)?.[1];
      emit({ kind: 'add-not-null', table, column }, m.index!);
    }
  }
  for (const { m, args } of calls(text, /\bop\.create_index\(/)) {
    if (/\bpostgresql_concurrently\s*=\s*True\b/.test(args)) continue;
    const parts = args.split(',').map((a) => a.trim());
    const table = /^(?:table_name\s*=\s*)?["'](\w+)["']/.exec(
      parts.find((p) => /table_name\s*=/.test(p)) ?? parts[1] ?? '',
    )?.[1];
    emit({ kind: 'index-not-concurrent', table }, m.index!);
  }
}

function djangoOps(text: string, emit: Emit): void {
  const kw = (args: string, key: string): string | undefined =>
    new RegExp(`\\b${key}\\s*=\\s*["'](\\w+)["']`).exec(args)?.[1];
  for (const { m, args } of calls(text, /\bmigrations\.DeleteModel\(/))
    emit({ kind: 'drop-table', table: kw(args, 'name') ?? /^\s*["'](\w+)["']/.exec(args)?.[1] }, m.index!);
  for (const { m, args } of calls(text, /\bmigrations\.RemoveField\(/))
    emit({ kind: 'drop-column', table: kw(args, 'model_name'), column: kw(args, 'name') }, m.index!);
  for (const { m, args } of calls(text, /\bmigrations\.RenameField\(/))
    emit({ kind: 'rename-column', table: kw(args, 'model_name'), column: kw(args, 'old_name') }, m.index!);
  for (const { m, args } of calls(text, /\bmigrations\.RenameModel\(/))
    emit({ kind: 'rename-table', table: kw(args, 'old_name') }, m.index!);
  for (const { m, args } of calls(text, /\bmigrations\.AddIndex\(/))
    emit({ kind: 'index-not-concurrent', table: kw(args, 'model_name') }, m.index!);
}

function railsOps(text: string, emit: Emit): void {
  const sym = `[:"'](\\w+)["']?`;
  for (const m of text.matchAll(new RegExp(`\\bdrop_table\\s*\\(?\\s*${sym}`, 'g')))
    emit({ kind: 'drop-table', table: m[1] }, m.index!);
  for (const m of text.matchAll(
    new RegExp(`\\bremove_(?:column|columns|reference|belongs_to|timestamps)\\s*\\(?\\s*${sym}\\s*,\\s*${sym}`, 'g'),
  ))
    emit({ kind: 'drop-column', table: m[1], column: m[2] }, m.index!);
  for (const m of text.matchAll(new RegExp(`\\brename_column\\s*\\(?\\s*${sym}\\s*,\\s*${sym}`, 'g')))
    emit({ kind: 'rename-column', table: m[1], column: m[2] }, m.index!);
  for (const m of text.matchAll(new RegExp(`\\brename_table\\s*\\(?\\s*${sym}`, 'g')))
    emit({ kind: 'rename-table', table: m[1] }, m.index!);
  for (const m of text.matchAll(new RegExp(`\\bchange_column\\s*\\(?\\s*${sym}\\s*,\\s*${sym}\\s*,\\s*(:\\w+)`, 'g')))
    if (!TYPE_WIDENING.test(m[3]!)) emit({ kind: 'type-change', table: m[1], column: m[2] }, m.index!);
  for (const m of text.matchAll(
    new RegExp(`\\bchange_column_null\\s*\\(?\\s*${sym}\\s*,\\s*${sym}\\s*,\\s*false\\b`, 'g'),
  ))
    emit({ kind: 'set-not-null', table: m[1], column: m[2] }, m.index!);
  for (const m of text.matchAll(
    new RegExp(`\\badd_(?:column|reference|belongs_to)\\s*\\(?\\s*${sym}\\s*,\\s*${sym}([^\\n]*)`, 'g'),
  )) {
    const rest = m[3]!;
    if (/\bnull:\s*false\b/.test(rest) && !/\bdefault:/.test(rest))
      emit({ kind: 'add-not-null', table: m[1], column: m[2] }, m.index!);
  }
  for (const m of text.matchAll(new RegExp(`\\badd_index\\s*\\(?\\s*${sym}([^\\n]*)`, 'g')))
    if (!/algorithm:\s*:concurrently/.test(m[2]!)) emit({ kind: 'index-not-concurrent', table: m[1] }, m.index!);
  // change_table :t do |t| ... t.remove :c / t.rename :a, :b
  for (const m of text.matchAll(
    new RegExp(`\\bchange_table\\s*\\(?\\s*${sym}[^\\n]*\\bdo\\s*\\|(\\w+)\\|([\\s\\S]*?)^\\s*end\\b`, 'gm'),
  )) {
    const [, table, v, body] = m;
    const bodyStart = m.index! + m[0].indexOf(body!);
    for (const r of body!.matchAll(new RegExp(`\\b${v}\\.remove(?:_references|_belongs_to)?\\s*\\(?\\s*${sym}`, 'g')))
      emit({ kind: 'drop-column', table, column: r[1] }, bodyStart + r.index!);
    for (const r of body!.matchAll(new RegExp(`\\b${v}\\.rename\\s*\\(?\\s*${sym}`, 'g')))
      emit({ kind: 'rename-column', table, column: r[1] }, bodyStart + r.index!);
  }
}

/**
 * Sequel/ROM schema DSL: table-level calls (drop_table :t, rename_column :t, :a, :b) and the same calls inside an
 * alter_table(:t) block, where the table is implied (drop_column :c, set_column_type :c, Integer).
 */
function sequelOps(text: string, emit: Emit): void {
  const sym = `[:"'](\\w+)["']?`;
  const blocks: { table: string; start: number; end: number }[] = [];
  for (const m of text.matchAll(
    new RegExp(`^([ \\t]*)alter_table\\s*\\(?\\s*${sym}\\)?\\s*do\\b[\\s\\S]*?^\\1end\\b`, 'gm'),
  ))
    blocks.push({ table: m[2]!, start: m.index!, end: m.index! + m[0].length });
  const inBlock = (offset: number) => blocks.find((b) => offset > b.start && offset < b.end);
  const scan = (name: string, nargs: number, fn: (args: string[], rest: string, offset: number) => void): void => {
    const re = new RegExp(`\\b${name}\\s*\\(?\\s*${Array(nargs).fill(sym).join('\\s*,\\s*')}([^\\n]*)`, 'g');
    for (const m of text.matchAll(re)) fn(m.slice(1, nargs + 1) as string[], m[nargs + 1] ?? '', m.index!);
  };
  for (const m of text.matchAll(new RegExp(`\\bdrop_table\\??\\s*\\(?\\s*${sym}`, 'g')))
    emit({ kind: 'drop-table', table: m[1] }, m.index!);
  for (const m of text.matchAll(new RegExp(`\\brename_table\\s*\\(?\\s*${sym}`, 'g')))
    emit({ kind: 'rename-table', table: m[1] }, m.index!);
  // Inside alter_table the first argument is the column; outside, the table then the column.
  const colOp = (name: string, fn: (table: string | undefined, column: string, rest: string, at: number) => void) => {
    scan(name, 1, ([a], rest, at) => {
      const b = inBlock(at);
      if (b) fn(b.table, a!, rest, at);
    });
    scan(name, 2, ([t, c], rest, at) => {
      if (!inBlock(at)) fn(t, c!, rest, at);
    });
  };
  colOp('drop_column', (table, column, _r, at) => emit({ kind: 'drop-column', table, column }, at));
  colOp('rename_column', (table, column, _r, at) => emit({ kind: 'rename-column', table, column }, at));
  colOp('set_column_not_null', (table, column, _r, at) => emit({ kind: 'set-not-null', table, column }, at));
  colOp('set_column_type', (table, column, rest, at) => {
    const type = /^\s*,\s*:?([\w:]+)/.exec(rest)?.[1] ?? '';
    if (!/^(?:String|Text|:?text|:?string|citext|jsonb?)$/i.test(type))
      emit({ kind: 'type-change', table, column }, at);
  });
  colOp('add_column', (table, column, rest, at) => {
    if (/\bnull:\s*false\b/.test(rest) && !/\bdefault:/.test(rest)) emit({ kind: 'add-not-null', table, column }, at);
  });
  colOp('add_index', (table, _c, rest, at) => {
    if (!/\bconcurrently:\s*true\b/.test(rest)) emit({ kind: 'index-not-concurrent', table }, at);
  });
}

/**
 * Go migrations written with schema helpers rather than SQL: GORM's Migrator (`tx.Migrator().DropColumn(&User{},
 * "token")`, `RenameColumn(&User{}, "token", "access_token")`) and the helpers xorm projects keep beside their
 * migrations (`dropTableColumns(sess, "repos", "scm")`, `renameColumn(sess, "users", "token", "access_token")`).
 */
function goOps(text: string, emit: Emit): void {
  const model = `&?(?:\\w+\\.)*(\\w+)\\s*\\{\\s*\\}`;
  for (const m of text.matchAll(new RegExp(`\\.DropColumn\\(\\s*${model}\\s*,\\s*"(\\w+)"`, 'g')))
    emit({ kind: 'drop-column', table: m[1], column: m[2] }, m.index!);
  for (const m of text.matchAll(new RegExp(`\\.RenameColumn\\(\\s*${model}\\s*,\\s*"(\\w+)"`, 'g')))
    emit({ kind: 'rename-column', table: m[1], column: m[2] }, m.index!);
  for (const m of text.matchAll(/\b[dD]ropTableColumns\(\s*\w+\s*,\s*"(\w+)"\s*,\s*"(\w+)"/g))
    emit({ kind: 'drop-column', table: m[1], column: m[2] }, m.index!);
  for (const m of text.matchAll(/\b[rR]ename(?:Table)?Column\(\s*\w+\s*,\s*"(\w+)"\s*,\s*"(\w+)"\s*,\s*"\w+"/g))
    emit({ kind: 'rename-column', table: m[1], column: m[2] }, m.index!);
}

/**
 * Pop's Fizz DSL: `drop_table("t")`, `drop_column("t", "c")`, `rename_table("a", "b")`, `rename_column("t", "a", "b")`.
 * `change_column` is left out: it restates the whole column and mostly relaxes a constraint (`{"null": true}`).
 */
function fizzOps(text: string, emit: Emit): void {
  const call = (name: string) => new RegExp(`^[ \\t]*${name}\\(\\s*"(\\w+)"(?:\\s*,\\s*"(\\w+)")?`, 'gm');
  const kinds: [string, MigrationOpKind][] = [
    ['drop_table', 'drop-table'],
    ['drop_column', 'drop-column'],
    ['rename_table', 'rename-table'],
    ['rename_column', 'rename-column'],
  ];
  for (const [name, kind] of kinds)
    for (const m of text.matchAll(call(name)))
      emit({ kind, table: m[1], ...(kind.endsWith('-column') ? { column: m[2] } : {}) }, m.index!);
}

/** A table block's body in an Ecto migration: `create table(:posts) do … end`, `alter table(:posts) do … end`. */
const ECTO_TABLE_BLOCK =
  /^([ \t]*)(?:create(?:_if_not_exists)?|alter)\s+table\(\s*:(\w+)[^\n]*\bdo\b([\s\S]*?)^\1end\b/gm;

/**
 * The type each column of an Ecto migration folder was last given (`add :published_at, :timestamptz` or a modify) by
 * the migrations before `file`, in the order of their timestamped names: `posts.published_at` → `timestamptz`. Read
 * only when a modify asks.
 */
function ectoEarlierTypes(repo: RepoIndex, file: string): (key: string) => string | undefined {
  let types: Map<string, string> | undefined;
  return (key) => {
    if (!types) {
      const dir = path.posix.dirname(file);
      // Each file's own columns, read once per folder; the ones before this file are folded in name order.
      const perFile = repo.memo(`migrations:ecto-column-types:${dir}`, () =>
        repo
          .select({ include: `${dir === '.' ? '' : `${dir}/`}*.exs` })
          .map((f) => f.path)
          .sort((a, b) => (path.posix.basename(a) < path.posix.basename(b) ? -1 : 1))
          .map((p): [string, [string, string][]] => {
            const text = upSection(repo.read(p) ?? '', 'ecto', p);
            const cols: [string, string][] = [];
            for (const m of text.matchAll(ECTO_TABLE_BLOCK))
              for (const c of m[3]!.matchAll(/^[ \t]*(?:add(?:_if_not_exists)?|modify)\s+:(\w+)\s*,\s*:(\w+)/gm))
                cols.push([`${m[2]}.${c[1]}`, c[2]!]);
            return [path.posix.basename(p), cols];
          }),
      );
      types = new Map();
      for (const [name, cols] of perFile) {
        if (name >= path.posix.basename(file)) break;
        for (const [k, t] of cols) types.set(k, t);
      }
    }
    return types.get(key);
  };
}

/** Ecto (Phoenix): drop/rename tables, and remove/rename/modify/add inside `alter table(:t) do ... end`. */
function ectoOps(text: string, emit: Emit, earlier?: (key: string) => string | undefined): void {
  for (const m of text.matchAll(/^[ \t]*drop(?:_if_exists)?\s+table\(\s*:(\w+)/gm))
    emit({ kind: 'drop-table', table: m[1] }, m.index!);
  for (const m of text.matchAll(/^[ \t]*rename\s+table\(\s*:(\w+)\s*\)\s*,\s*to:\s*table\(/gm))
    emit({ kind: 'rename-table', table: m[1] }, m.index!);
  for (const m of text.matchAll(/^[ \t]*rename\s+table\(\s*:(\w+)\s*\)\s*,\s*:(\w+)\s*,\s*to:/gm))
    emit({ kind: 'rename-column', table: m[1], column: m[2] }, m.index!);
  for (const m of text.matchAll(/^([ \t]*)alter\s+table\(\s*:(\w+)[^\n]*\bdo\b([\s\S]*?)^\1end\b/gm)) {
    const table = m[2];
    const bodyAt = m.index! + m[0].indexOf(m[3]!);
    for (const c of m[3]!.matchAll(/^[ \t]*remove(?:_if_exists)?\s+:(\w+)/gm))
      emit({ kind: 'drop-column', table, column: c[1] }, bodyAt + c.index!);
    for (const c of m[3]!.matchAll(/^[ \t]*modify\s+:(\w+)\s*,\s*:(\w+)([^\n]*)$/gm)) {
      // Ecto's modify names the type even when only nullability or the default changes: the type the column already
      // has (`from: {:timestamptz, …}`, or the one an earlier migration of the folder gave it) rewrites nothing, and
      // only `null: false` without a default is a change to look at (existing rows may hold nulls).
      const from = /\bfrom:\s*\{?\s*:(\w+)/.exec(c[3]!)?.[1] ?? earlier?.(`${table}.${c[1]}`);
      if (from === c[2]) {
        if (/\bnull:\s*false\b/.test(c[3]!) && !/\bdefault:/.test(c[3]!))
          emit({ kind: 'set-not-null', table, column: c[1] }, bodyAt + c.index!);
      } else if (!/^(?:text|string)$/.test(c[2]!))
        emit({ kind: 'type-change', table, column: c[1] }, bodyAt + c.index!);
    }
    for (const c of m[3]!.matchAll(/^[ \t]*add(?:_if_not_exists)?\s+:(\w+)[^\n]*\bnull:\s*false\b[^\n]*$/gm))
      if (!/\bdefault:/.test(c[0])) emit({ kind: 'add-not-null', table, column: c[1] }, bodyAt + c.index!);
  }
  for (const m of text.matchAll(/^[ \t]*create(?:_if_not_exists)?\s+(?:unique_)?index\(\s*:(\w+)[^\n]*$/gm))
    if (!/concurrently:\s*true/.test(m[0])) emit({ kind: 'index-not-concurrent', table: m[1] }, m.index!);
}

function laravelOps(text: string, emit: Emit): void {
  for (const m of text.matchAll(new RegExp(`Schema::(?:drop|dropIfExists)\\(\\s*${STR}`, 'g')))
    emit({ kind: 'drop-table', table: m[1] }, m.index!);
  for (const m of text.matchAll(new RegExp(`Schema::rename\\(\\s*${STR}`, 'g')))
    emit({ kind: 'rename-table', table: m[1] }, m.index!);
  for (const m of text.matchAll(new RegExp(`Schema::table\\(\\s*${STR}[\\s\\S]*?\\}\\s*\\)\\s*;`, 'g'))) {
    const table = m[1];
    const body = m[0];
    for (const c of body.matchAll(/->dropColumn\(\s*\[?\s*["'](\w+)["']/g))
      emit({ kind: 'drop-column', table, column: c[1] }, m.index! + c.index!);
    for (const c of body.matchAll(/->renameColumn\(\s*["'](\w+)["']/g))
      emit({ kind: 'rename-column', table, column: c[1] }, m.index! + c.index!);
    for (const c of body.matchAll(/\$table->(\w+)\(\s*["'](\w+)["'][^;]*->change\(\)/g))
      if (!/^(?:string|text|longText|mediumText)$/.test(c[1]!))
        emit({ kind: 'type-change', table, column: c[2] }, m.index! + c.index!);
    for (const c of body.matchAll(
      /\$table->(?!drop|rename|index|unique|primary|foreign|timestamps|softDeletes|engine|charset|collation)(\w+)\(\s*["'](\w+)["'][^;]*;/g,
    )) {
      const stmt = c[0];
      if (
        /->change\(\)|->nullable\(|->default\(|->useCurrent\(|->storedAs\(|->virtualAs\(|->autoIncrement\(/.test(stmt)
      )
        continue;
      if (/^(?:increments|bigIncrements|id|morphs|nullableMorphs|json|jsonb)$/.test(c[1]!)) continue;
      emit({ kind: 'add-not-null', table, column: c[2] }, m.index! + c.index!);
    }
    for (const c of body.matchAll(/\$table->index\(/g))
      emit({ kind: 'index-not-concurrent', table }, m.index! + c.index!);
  }
}

function jsOps(text: string, emit: Emit): void {
  // Sequelize queryInterface and TypeORM queryRunner name the table first; knex table builders do not (below).
  const two = `\\(\\s*${STR}\\s*,\\s*${STR}`;
  const qi = '\\b(?:queryInterface|queryRunner)\\.';
  for (const m of text.matchAll(new RegExp(`\\.(?:dropTable|dropTableIfExists)\\(\\s*${STR}`, 'g')))
    emit({ kind: 'drop-table', table: m[1] }, m.index!);
  for (const m of text.matchAll(new RegExp(`${qi}(?:removeColumn|dropColumn)${two}`, 'g')))
    emit({ kind: 'drop-column', table: m[1], column: m[2] }, m.index!);
  for (const m of text.matchAll(new RegExp(`${qi}renameColumn${two}`, 'g')))
    emit({ kind: 'rename-column', table: m[1], column: m[2] }, m.index!);
  for (const m of text.matchAll(new RegExp(`\\.renameTable\\(\\s*${STR}`, 'g')))
    emit({ kind: 'rename-table', table: m[1] }, m.index!);
  for (const { m, args } of calls(text, new RegExp(`${qi}addColumn${two}`))) {
    if (/\ballowNull\s*:\s*false\b/.test(args) && !/\bdefaultValue\s*:/.test(args))
      emit({ kind: 'add-not-null', table: m[1], column: m[2] }, m.index!);
  }
  for (const { m, args } of calls(text, new RegExp(`${qi}addIndex\\(\\s*${STR}`)))
    if (!/\bconcurrently\s*:\s*true\b/.test(args)) emit({ kind: 'index-not-concurrent', table: m[1] }, m.index!);
  // knex: alterTable('t', (table) => { table.dropColumn('c'); table.renameColumn('a', 'b'); ... })
  for (const { m, args } of calls(text, new RegExp(`\\.(?:alterTable|table)\\(\\s*${STR}`))) {
    const table = m[1];
    const base = m.index! + m[0].length;
    for (const c of args.matchAll(/\.dropColumns?\(\s*["'`](\w+)["'`]/g))
      emit({ kind: 'drop-column', table, column: c[1] }, base + c.index!);
    for (const c of args.matchAll(/\.renameColumn\(\s*["'`](\w+)["'`]/g))
      emit({ kind: 'rename-column', table, column: c[1] }, base + c.index!);
    for (const c of args.matchAll(/\.\w+\(\s*["'`](\w+)["'`][^;\n]*\.alter\(\)/g))
      emit({ kind: 'type-change', table, column: c[1] }, base + c.index!);
    for (const c of args.matchAll(/\.\w+\(\s*["'`](\w+)["'`][^;\n]*\.notNullable\(\)[^;\n]*/g))
      if (!/\.defaultTo\(|\.alter\(\)/.test(c[0])) emit({ kind: 'add-not-null', table, column: c[1] }, base + c.index!);
  }
}

function efOps(text: string, emit: Emit): void {
  const kw = (args: string, key: string): string | undefined => new RegExp(`\\b${key}:\\s*"(\\w+)"`).exec(args)?.[1];
  for (const { m, args } of calls(text, /\.DropTable\(/))
    emit({ kind: 'drop-table', table: kw(args, 'name') }, m.index!);
  for (const { m, args } of calls(text, /\.DropColumn\(/))
    emit({ kind: 'drop-column', table: kw(args, 'table'), column: kw(args, 'name') }, m.index!);
  for (const { m, args } of calls(text, /\.RenameColumn\(/))
    emit({ kind: 'rename-column', table: kw(args, 'table'), column: kw(args, 'name') }, m.index!);
  for (const { m, args } of calls(text, /\.RenameTable\(/))
    emit({ kind: 'rename-table', table: kw(args, 'name') }, m.index!);
  for (const { m, args } of calls(text, /\.AddColumn<[^>]+>\(/))
    if (/\bnullable:\s*false\b/.test(args) && !/\bdefaultValue(?:Sql)?:/.test(args))
      emit({ kind: 'add-not-null', table: kw(args, 'table'), column: kw(args, 'name') }, m.index!);
  for (const { m, args } of calls(text, /\.AlterColumn<[^>]+>\(/))
    if (/\bnullable:\s*false\b/.test(args) && /\boldNullable:\s*true\b/.test(args))
      emit({ kind: 'set-not-null', table: kw(args, 'table'), column: kw(args, 'name') }, m.index!);
  for (const { m, args } of calls(text, /\.CreateIndex\(/))
    emit({ kind: 'index-not-concurrent', table: kw(args, 'table') }, m.index!);
}

function fluentMigratorOps(text: string, emit: Emit): void {
  const str = (s: string | undefined): string | undefined => (s ? /"(\w+)"/.exec(s)?.[1] : undefined);
  for (const m of text.matchAll(/\bDelete\.Table\(\s*"(\w+)"/g)) emit({ kind: 'drop-table', table: m[1] }, m.index!);
  for (const m of text.matchAll(/\bDelete\.Column\(\s*"(\w+)"\s*\)\s*\.FromTable\(\s*"(\w+)"/g))
    emit({ kind: 'drop-column', table: m[2], column: m[1] }, m.index!);
  for (const m of text.matchAll(/\bRename\.Column\(\s*"(\w+)"\s*\)\s*\.OnTable\(\s*"(\w+)"/g))
    emit({ kind: 'rename-column', table: m[2], column: m[1] }, m.index!);
  for (const m of text.matchAll(/\bRename\.Table\(\s*"(\w+)"/g)) emit({ kind: 'rename-table', table: m[1] }, m.index!);
  for (const m of text.matchAll(/\bAlter\.Table\(\s*"(\w+)"\s*\)([^;]*)/g)) {
    for (const a of m[2]!.matchAll(/\.AlterColumn\(\s*"(\w+)"\s*\)/g))
      emit({ kind: 'type-change', table: m[1], column: a[1] }, m.index!);
    for (const a of m[2]!.matchAll(/\.AddColumn\(\s*"(\w+)"\s*\)([^.]*\.\w+\([^)]*\))*?[^;]*/g))
      if (/\.NotNullable\(\s*\)/.test(a[0]) && !/\.WithDefault(?:Value)?\(/.test(a[0]))
        emit({ kind: 'add-not-null', table: m[1], column: a[1] }, m.index!);
  }
  for (const m of text.matchAll(/\bCreate\.Index\([^;]*?\.OnTable\(\s*"(\w+)"/g))
    emit({ kind: 'index-not-concurrent', table: str(m[0].slice(m[0].indexOf('OnTable'))) }, m.index!);
}

/** SeaORM schema manager calls: `manager.drop_table(Table::drop().table(Orders::Table))`, `.drop_column(Orders::Note)`. */
function seaOrmOps(text: string, emit: Emit): void {
  const ident = (s: string | undefined): string | undefined => s?.replace(/::\w+$/, '');
  for (const m of text.matchAll(/Table::drop\(\s*\)[\s\S]{0,80}?\.table\(\s*(\w+)::Table\s*\)/g))
    emit({ kind: 'drop-table', table: m[1] }, m.index!);
  for (const m of text.matchAll(
    /Table::alter\(\s*\)[\s\S]{0,80}?\.table\(\s*(\w+)::Table\s*\)([\s\S]*?)\.to_owned\(\s*\)/g,
  )) {
    for (const a of m[2]!.matchAll(/\.drop_column\(\s*([\w:]+)\s*\)/g))
      emit({ kind: 'drop-column', table: m[1], column: a[1]!.split('::').pop() }, m.index!);
    for (const a of m[2]!.matchAll(/\.rename_column\(\s*([\w:]+)/g))
      emit({ kind: 'rename-column', table: m[1], column: a[1]!.split('::').pop() }, m.index!);
    for (const a of m[2]!.matchAll(/\.modify_column\(/g))
      emit({ kind: 'type-change', table: ident(m[1]) }, m.index! + a.index!);
  }
  for (const m of text.matchAll(/Table::rename\(\s*\)[\s\S]{0,80}?\.table\(\s*(\w+)::Table/g))
    emit({ kind: 'rename-table', table: m[1] }, m.index!);
  // sea-query builds no CONCURRENTLY index: `Index::create().name(…).table(Orders::Table)` (or a table constant).
  for (const m of text.matchAll(/\bIndex::create\(\s*\)[\s\S]{0,120}?\.table\(\s*(\w+)(?:::Table)?\s*\)/g))
    emit({ kind: 'index-not-concurrent', table: seaTable(text, m[1]!) }, m.index!);
}

/** A sea-query table named by a string constant of the migration (`const TABLE: &str = "events"`) is that table. */
function seaTable(text: string, id: string): string {
  return (
    new RegExp(`\\bconst\\s+${escapeRegExp(id)}\\s*:\\s*&(?:'static\\s+)?str\\s*=\\s*"(\\w+)"`).exec(text)?.[1] ?? id
  );
}

function liquibaseOps(text: string, emit: Emit): void {
  const attr = (s: string, key: string): string | undefined =>
    new RegExp(`\\b${key}\\s*[=:]\\s*["']?(\\w+)`).exec(s)?.[1];
  const each = (re: RegExp, fn: (s: string, offset: number) => void): void => {
    for (const m of text.matchAll(re)) fn(m[0], m.index!);
  };
  each(/<dropTable\b[^>]*>|^\s*(?:-\s*)?dropTable:\s*\n(?:\s+.*\n?){1,4}/gm, (s, o) =>
    emit({ kind: 'drop-table', table: attr(s, 'tableName') }, o),
  );
  each(/<dropColumn\b[^>]*>|^\s*(?:-\s*)?dropColumn:\s*\n(?:\s+.*\n?){1,4}/gm, (s, o) =>
    emit({ kind: 'drop-column', table: attr(s, 'tableName'), column: attr(s, 'columnName') }, o),
  );
  each(/<renameColumn\b[^>]*>|^\s*(?:-\s*)?renameColumn:\s*\n(?:\s+.*\n?){1,4}/gm, (s, o) =>
    emit({ kind: 'rename-column', table: attr(s, 'tableName'), column: attr(s, 'oldColumnName') }, o),
  );
  each(/<renameTable\b[^>]*>|^\s*(?:-\s*)?renameTable:\s*\n(?:\s+.*\n?){1,3}/gm, (s, o) =>
    emit({ kind: 'rename-table', table: attr(s, 'oldTableName') }, o),
  );
  each(/<modifyDataType\b[^>]*>|^\s*(?:-\s*)?modifyDataType:\s*\n(?:\s+.*\n?){1,4}/gm, (s, o) => {
    const type = /newDataType\s*[=:]\s*["']?([\w ]+)/.exec(s)?.[1] ?? '';
    if (!TYPE_WIDENING.test(type.trim()))
      emit({ kind: 'type-change', table: attr(s, 'tableName'), column: attr(s, 'columnName') }, o);
  });
  each(/<addNotNullConstraint\b[^>]*>|^\s*(?:-\s*)?addNotNullConstraint:\s*\n(?:\s+.*\n?){1,4}/gm, (s, o) => {
    if (!/defaultNullValue/.test(s))
      emit({ kind: 'set-not-null', table: attr(s, 'tableName'), column: attr(s, 'columnName') }, o);
  });
  each(/<createIndex\b[^>]*>/g, (s, o) => emit({ kind: 'index-not-concurrent', table: attr(s, 'tableName') }, o));
  each(/<addColumn\b[^>]*>[\s\S]*?<\/addColumn>/g, (s, o) => {
    for (const c of s.matchAll(/<column\b[^>]*?(\/>|>[\s\S]*?<\/column>)/g)) {
      if (/nullable\s*=\s*["']false["']/.test(c[0]) && !/defaultValue/.test(c[0]))
        emit({ kind: 'add-not-null', table: attr(s, 'tableName'), column: attr(c[0], 'name') }, o + c.index!);
    }
  });
}

// ------------------------------------------------------------------------------------------------ still used

const APP_EXCLUDE =
  /(^|\/)(migrations?|migrate|alembic|versions|db\/migration|schema\.rb|structure\.sql|seeds?|fixtures?)(\/|$)/;

/**
 * A drop breaks the running code when that code still declares or queries what is dropped: the model class or
 * table declaration (Django, SQLAlchemy, Prisma, TypeORM/JPA entities, an ActiveRecord model file), a column still
 * declared on the model of that table, or raw SQL naming the table. Rails `ignored_columns` is the expand/contract
 * guard for a dropped column.
 */
function markStillUsed(repo: RepoIndex, ops: MigrationOp[]): void {
  const drops = ops.filter((o) => (o.kind === 'drop-table' || o.kind === 'drop-column') && o.recent && o.table);
  if (!drops.length) return;
  const app = repo.files
    .filter((f) => f.kind === 'source' && !f.isTest && !APP_EXCLUDE.test(f.path))
    .map((f) => f.path);
  const scope = [...app, ...repo.glob('**/schema.prisma').map((f) => f.path)];
  for (const op of drops) {
    const table = op.table!;
    const names = entityNames(table);
    if (op.kind === 'drop-table') {
      const decl = new RegExp(
        `__tablename__\\s*=\\s*["']${table}["']|@Table\\(\\s*(?:name\\s*=\\s*)?"${table}"|@Entity\\(\\s*(?:\\{\\s*name\\s*:\\s*)?["'\`]${table}["'\`]|\\b(?:self\\.)?table_name\\s*=\\s*["':]${table}\\b|\\b(?:FROM|INTO|UPDATE|JOIN)\\s+["\`]?${table}["\`]?(?=[\\s;,)]|$)|^\\s*model\\s+(?:${names.join('|')})\\s*\\{|@@map\\(\\s*"${table}"\\s*\\)|^\\s*class\\s+(?:${names.join('|')})\\s*(?:\\([^)]*models\\.Model|<\\s*(?:ApplicationRecord|ActiveRecord::Base))`,
        'im',
      );
      const g = repo.grepFirst(decl, { paths: scope });
      if (g) op.stillUsed = { file: g.path, line: g.line };
      continue;
    }
    const col = op.column;
    if (!col) continue;
    const ignored = repo.grepFirst(new RegExp(`\\bignored_columns\\b[^\\n]*["':]${col}\\b`), { languages: ['ruby'] });
    if (ignored) {
      op.guarded ??= `ignored_columns drops ${col} from the model first (${ignored.path}:${ignored.line})`;
      continue;
    }
    // The column still declared on the model of that table.
    const decl = new RegExp(
      `^\\s*${col}\\s*(?::[^=\\n]*)?=\\s*(?:models\\.\\w+|(?:sa\\.|db\\.)?Column|mapped_column|fields\\.\\w+)\\s*\\(|@Column\\([^)]*name\\s*=\\s*"${col}"|^\\s*${col}\\s+[A-Z]\\w*[?\\[\\]]*(?:\\s+@.*)?$`,
      'gm',
    );
    // Another column renamed to this name in the same migration takes its place.
    const renamedTo = new RegExp(
      `\\bnew_(?:column_)?name\\s*=\\s*["']${col}["']|\\bRENAME\\s+(?:COLUMN\\s+)?["\`]?\\w+["\`]?\\s+TO\\s+["\`]?${col}["\`]?(?!\\w)|\\brename_column\\s*\\(?\\s*[:"']\\w+["']?\\s*,\\s*[:"']\\w+["']?\\s*,\\s*[:"']${col}\\b|renameColumn\\([^)]*["'\`]${col}["'\`]\\s*\\)|\\bnewName:\\s*"${col}"`,
      'i',
    );
    if (renamedTo.test(repo.read(op.file) ?? '')) continue;
    for (const g of repo.grep(decl, { paths: scope, limit: 50 })) {
      // The attribute maps to another column (`options = Column("encrypted_options", ...)`, db_column=...).
      const mapped =
        /\b(?:Column|mapped_column)\(\s*["'](\w+)["']|\bdb_column\s*=\s*["'](\w+)["']|@map\(\s*"(\w+)"\s*\)/.exec(
          repo
            .lines(g.path)
            .slice(g.line - 1, g.line + 2)
            .join(' '),
        );
      const mappedName = mapped && (mapped[1] ?? mapped[2] ?? mapped[3]);
      if (mappedName && mappedName.toLowerCase() !== col) continue;
      if (entityAt(repo, g.path, g.line, table, names)) {
        op.stillUsed = { file: g.path, line: g.line };
        break;
      }
    }
  }
}

/** Names a model of the table may have: the table, its singular, and their PascalCase forms (lower-cased). */
function entityNames(table: string): string[] {
  const singular = table.replace(/ies$/, 'y').replace(/(?<!s)s$/, '');
  const plain = (s: string): string => s.replace(/_/g, '');
  return [...new Set([table, singular, plain(table), plain(singular)])];
}

/** True when the declaration at file:line belongs to the model of `table` (class, Prisma model, @Table, __tablename__). */
function entityAt(repo: RepoIndex, file: string, line: number, table: string, names: string[]): boolean {
  const lines = repo.lines(file);
  for (let i = line - 2; i >= 0; i--) {
    const l = lines[i] ?? '';
    const m = /^\s*(?:model|class|(?:export\s+)?(?:public\s+)?class)\s+(\w+)/.exec(l);
    if (!m) continue;
    if (names.includes(m[1]!.toLowerCase())) return true;
    // The class maps to the table by name: __tablename__, @Table or @@map between its annotations and the next class.
    let end = i + 1;
    while (
      end < lines.length &&
      end < i + 200 &&
      !/^\s*(?:model|(?:export\s+)?(?:public\s+)?class)\s+\w+/.test(lines[end] ?? '')
    )
      end++;
    let start = i;
    while (start > 0 && /^\s*@\w/.test(lines[start - 1] ?? '')) start--;
    const block = lines.slice(start, end).join('\n');
    return new RegExp(
      `__tablename__\\s*=\\s*["']${table}["']|@Table\\([^)]*"${table}"|@@map\\(\\s*"${table}"`,
      'i',
    ).test(block);
  }
  return false;
}

// ------------------------------------------------------------------------------------------------ context

function detectPostgres(repo: RepoIndex): { path: string; line?: number } | undefined {
  const code = repo.grepFirst(
    /\b(?:psycopg2?|asyncpg|pgx|jackc\/pgx|lib\/pq|postgresql\+|postgres(?:ql)?:\/\/|jdbc:postgresql|ENGINE["']?\s*:\s*["']django\.db\.backends\.postgresql|provider\s*=\s*"postgresql"|adapter:\s*postgres(?:ql)?|UseNpgsql|Npgsql|pg_dump|flyway-database-postgresql|org\.postgresql)/,
    {
      include: [
        '**/*.{py,rb,js,ts,mjs,cjs,go,java,kt,cs,php,rs,ex,exs}',
        '**/*.{yml,yaml,toml,json,properties,prisma,env,ini,cfg,xml,gradle,kts}',
        '**/requirements*.txt',
        '**/Gemfile',
        '**/go.mod',
        '**/.env.example',
        '**/Dockerfile*',
      ],
    },
  );
  if (code) return { path: code.path, line: code.line };
  const supabase = repo.glob(['**/supabase/config.toml', '**/supabase/migrations/*.sql'])[0];
  if (supabase) return { path: supabase.path };
  const pkg = repo.grepFirst(/"(?:pg|postgres|pg-promise|@neondatabase\/serverless|@supabase\/supabase-js)"\s*:/, {
    include: '**/package.json',
  });
  if (pkg) return { path: pkg.path, line: pkg.line };
  const image = repo.grepFirst(/^\s*image:\s*["']?(?:\S+\/)?(?:postgres|postgis\/postgis|timescale\/timescaledb)\b/, {
    include: '**/*compose*.{yml,yaml}',
  });
  return image ? { path: image.path, line: image.line } : undefined;
}

const SAFETY: [RegExp, string, string | string[]][] = [
  [/^\s*gem\s+["']strong_migrations["']/m, 'strong_migrations', '**/Gemfile'],
  [/^\s*gem\s+["']safe-pg-migrations["']/m, 'safe-pg-migrations', '**/Gemfile'],
  [/^\s*gem\s+["']online_migrations["']/m, 'online_migrations', '**/Gemfile'],
  [
    /django[-_]pg[-_]zero[-_]downtime[-_]migrations/i,
    'django-pg-zero-downtime-migrations',
    ['**/requirements*.txt', '**/pyproject.toml', '**/Pipfile', '**/setup.py', '**/setup.cfg'],
  ],
  [
    /django[-_]migration[-_]linter|lintmigrations/i,
    'django-migration-linter',
    ['**/requirements*.txt', '**/pyproject.toml', '**/Pipfile', '**/*.{yml,yaml}', '**/Makefile'],
  ],
  [
    /\bsquawk\b/,
    'squawk (PostgreSQL migration linter)',
    ['**/*.{yml,yaml}', '**/Makefile', '**/package.json', '**/*.sh', '**/.squawk.toml'],
  ],
  [
    /\batlas\s+migrate\s+lint\b|ariga\/atlas-action\/migrate\/lint/,
    'atlas migrate lint',
    ['**/*.{yml,yaml}', '**/Makefile', '**/*.sh'],
  ],
  [
    /\bpgroll\b/,
    'pgroll (expand/contract migrations)',
    ['**/*.{yml,yaml}', '**/Makefile', '**/*.sh', '**/go.mod', '**/package.json'],
  ],
  [
    /\breshape\s+migration\b|\breshape\s+migrate\b/,
    'reshape (zero-downtime migrations)',
    ['**/*.{yml,yaml}', '**/Makefile', '**/*.sh'],
  ],
  [/"eslint-plugin-typeorm-migrations"|prisma-lint|"@pgkit\/migra"/, 'migration linter', '**/package.json'],
];

function detectSafetyTools(repo: RepoIndex): MigrationSafetyTool[] {
  const out: MigrationSafetyTool[] = [];
  for (const [re, name, include] of SAFETY) {
    const hit = repo.grep(re, { include, limit: 5 }).find((h) => !repo.get(h.path)?.isTest);
    if (hit) out.push({ name, path: hit.path, line: hit.line });
  }
  return out;
}

/**
 * A migrations module that versions its steps: the version lives in a version table or setting, or in the names of
 * the migration functions, applied in order and recorded by the application (`async def m001_initial(db)`,
 * `m002_add_index`, …). A function of the text alone, kept per repository file (every component's view asks).
 */
function versionedModule(text: string): boolean {
  const numbered = text.match(
    /^\s*(?:export\s+)?(?:async\s+)?(?:def|func|function)\s+(?:m|migration_?|v)\d{2,}_\w*\s*\(/gm,
  );
  // Or Go steps kept as function literals keyed by their version (`var migrations = []func(context.Context, pgx.Tx)
  // error{1: func(…) error {…}, 2: …}`), applied after the version the database records.
  const keyedSteps = text.match(/^\s*\d+\s*:\s*func\s*\(/gm)?.length ?? 0;
  return !(
    !/\buser_version\b|\bschema_(migrations|version)\b|\bmigration_?version\b|\bversion\s*[:=]\s*\d/i.test(text) &&
    (numbered?.length ?? 0) < 2 &&
    keyedSteps < 2 &&
    // Or a ledger of the applied steps: an ordered list of steps, the last applied one recorded in the database.
    !recordsLedger(text)
  );
}

/**
 * A ledger table the code creates and writes each applied step to (`create table if not exists migrations (num
 * integer …)` … `insert into migrations (num, at) values …`), or a counter row of the steps applied
 * (`database_versions` … `update database_versions set migration_counter = $1`).
 */
function recordsLedger(text: string): boolean {
  const ledger =
    /\bcreate\s+table\s+(?:if\s+not\s+exists\s+)?["'`]?(\w*migrations?|\w*(?:schema|database|db)_?versions?)["'`]?\s*\(/i.exec(
      text,
    )?.[1];
  return !!ledger && new RegExp(`\\b(?:insert\\s+into|update)\\s+["'\`]?${ledger}\\b`, 'i').test(text);
}

/**
 * A list of SQL migration steps applied in order by their index (`static MIGRATIONS: &[&str] = &[`, `var migrations =
 * []string{`, `MIGRATIONS = [`) holding at least two table changes.
 */
function sqlStepList(text: string): boolean {
  const list =
    /^[ \t]*(?:(?:pub(?:\([\w:]+\))?|export|static|const|let|var|val|private|readonly)\s+)*\w*migrations\s*(?::[^=\n]*)?=\s*&?\s*(?:\[\]string\s*\{|\[|vec!\s*\[|listOf\s*\()/im.exec(
      text,
    );
  return !!list && (text.slice(list.index).match(/\b(?:CREATE|ALTER)\s+TABLE\b/gi)?.length ?? 0) >= 2;
}

/** An entry of a table of migration steps, one numbered module each: `revision_0041::migrate,`, `m0003_users::up,`. */
const STEP_TABLE_ENTRY = /^[ \t]*([a-z_]*\d{2,}(?:_\w*)?)::(?:migrate|up|upgrade|apply)[ \t]*,/m;

/**
 * A store that migrates itself: numbered migration functions or a table of them keyed by version, with the schema
 * version recorded in the database. A function of the text alone, kept per repository file.
 */
function versionedStore(text: string): boolean {
  if (
    !/\bschema_?version\b|\buser_version\b|\bdb_?version\b|\bschema_?versions?\s+\(/i.test(text) &&
    !recordsLedger(text)
  )
    return false;
  const numbered = new Set(
    [
      ...text.matchAll(
        /^\s*(?:func\s+(?:\([^)]*\)\s*)?|(?:async\s+)?def\s+|(?:async\s+)?function\s+|(?:pub(?:\([\w:]+\))?\s+)?(?:async\s+)?fn\s+|(?:(?:private|public|internal|protected|static|async)\s+)*(?:void|fun|Task)\s+)((?:migrate|upgrade)_?(?:from_?|to_?)?v?\d+\w*)\s*[(<]/gim,
      ),
    ].map((m) => m[1]!.toLowerCase()),
  );
  const table = /\bmap\[int\]func\s*\([^)]*\)[^{\n]*\{(?:\s*\d+\s*:\s*[\w.]+\s*,){2,}/.test(text);
  return !(numbered.size < 2 && !table && versionSteps(text) < 2 && !sqlStepList(text));
}

/** Steps of a hand-written version ladder: `if dbv == 1 { …; dbv = 2; }` — a version variable compared with N whose
 * block moves it to N + 1 (each step upgrades the stored schema by one version). */
function versionSteps(text: string): number {
  let steps = 0;
  for (const m of text.matchAll(/\bif\s*\(?\s*(\w+)\s*==\s*(\d{1,4})\s*\)?\s*\{/g)) {
    const next = Number(m[2]) + 1;
    const body = text.slice(m.index! + m[0].length, m.index! + m[0].length + 4000);
    if (new RegExp(`(?:^|[^\\w.])${m[1]}\\s*=\\s*${next}\\s*;`).test(body)) steps++;
  }
  return steps;
}

/** The first CREATE/ALTER TABLE written as code in a file of hand-rolled migrations, as their evidence. */
function handRolledInCode(
  repo: RepoIndex,
  code: CodeFacts | undefined,
  path: string,
  note: string,
): MigrationSet | undefined {
  const line = repo
    .grep(/\b(CREATE|ALTER)\s+TABLE\b|\bTable::(?:create|alter)\(\)/i, { paths: [path], limit: 20 })
    .find((h) => (code ? code.isCodeUse(h, { stringsAreCode: true }) : true))?.line;
  if (!line) return undefined;
  return {
    tool: 'hand-rolled versioned migrations in code',
    format: 'other' as const,
    files: [],
    count: 1,
    low: true,
    evidence: [{ path, line, note }],
  };
}

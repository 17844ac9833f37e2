import path from 'node:path';
import {
  defineRule,
  type Evidence,
  type GrepMatch,
  type RepoIndex,
  type RuleContext,
  type Verdict,
} from '../../src/sdk/index.js';

interface Found {
  tool: string;
  evidence: Evidence[];
  count: number;
  /** What is counted, when not migrations (Liquibase counts changelogs). */
  unit?: string;
  /** A heuristic or tool-managed auto-migration: passes with low confidence. */
  low?: boolean;
}

const AUTO_CREATE: [RegExp, string, string[]][] = [
  [
    /\b(Base|SQLModel|db\.Model|\w+)\.metadata\.create_all\s*\(|\bdb\.create_all\s*\(/,
    'SQLAlchemy create_all',
    ['python'],
  ],
  [/\bsynchronize\s*:\s*true\b/, 'TypeORM synchronize: true', ['typescript', 'javascript']],
  [
    /\bsequelize\.sync\s*\(|\.sync\s*\(\s*\{\s*(alter|force)\s*:\s*true/,
    'Sequelize sync()',
    ['typescript', 'javascript'],
  ],
  [/\.AutoMigrate\s*\(/, 'GORM AutoMigrate', ['go']],
  [/\bgenerate_mappings\s*\(\s*create_tables\s*=\s*True|\.create_tables\s*\(/, 'create_tables', ['python']],
  [
    /\bgenerateSchemas\s*\(|\bgenerate_schemas\s*=\s*True/,
    'Tortoise generate_schemas',
    ['python', 'typescript', 'javascript'],
  ],
  [
    /\bCREATE\s+TABLE\s+IF\s+NOT\s+EXISTS\b/i,
    'CREATE TABLE IF NOT EXISTS in application code',
    ['python', 'javascript', 'typescript', 'go', 'java', 'kotlin', 'ruby', 'rust', 'php'],
  ],
];

const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

/** Each detector returns what it found (or undefined); the first one with versioned migrations wins. */
function detectors(repo: RepoIndex, ctx: RuleContext): (() => Found | undefined)[] {
  const files = (glob: string | string[]): string[] => repo.glob(glob).map((f) => f.path);
  const first = (paths: string[], note: string): Evidence[] => paths.slice(0, 2).map((p) => ctx.at(p, undefined, note));
  return [
    // Alembic and Flask-Migrate: an env.py with a versions/ folder of revisions.
    () => {
      const envs = files('**/{alembic,migrations,migration,db/migrations}/env.py');
      const ini = repo.has('alembic.ini') ? 'alembic.ini' : undefined;
      if (!envs.length && !ini) return undefined;
      const dirs = envs.map((e) => path.posix.dirname(e));
      if (!dirs.length && ini) {
        const loc = /^\s*script_location\s*=\s*%?\(?\w*\)?s?\/?([\w./-]+)/m.exec(repo.read(ini) ?? '')?.[1];
        dirs.push(loc ?? 'alembic');
      }
      const revisions = dirs.flatMap((d) => files(`${d}/versions/*.py`)).filter((p) => !p.endsWith('__init__.py'));
      const tool = repo.grepFirst(/flask_migrate|Flask-Migrate/i, {
        include: ['**/*.py', '**/requirements*.txt', 'pyproject.toml'],
      })
        ? 'Flask-Migrate (Alembic)'
        : 'Alembic';
      if (!revisions.length) {
        return {
          tool,
          count: 0,
          evidence: [
            ...(ini ? [ctx.at(ini, undefined, 'alembic.ini')] : []),
            ...envs.slice(0, 1).map((e) => ctx.at(e, undefined, 'migration environment')),
            ctx.missing(
              dirs.map((d) => `${d}/versions/*.py`),
              'no revision in versions/',
            ),
          ],
        };
      }
      return { tool, count: revisions.length, evidence: first(revisions, 'Alembic revision') };
    },
    () => {
      const m = files('**/migrations/0001_*.py');
      if (m.length)
        return {
          tool: 'Django migrations',
          count: files('**/migrations/[0-9][0-9][0-9][0-9]_*.py').length,
          evidence: first(m, 'Django initial migration'),
        };
      // A Django app with an empty migrations package: makemigrations was never run.
      const pkgs = files('**/migrations/__init__.py').filter((p) =>
        repo.has(p.replace(/migrations\/__init__\.py$/, 'models.py')),
      );
      return pkgs.length
        ? {
            tool: 'Django migrations',
            count: 0,
            evidence: [
              ...first(pkgs, 'empty migrations package'),
              ctx.missing(
                pkgs.map((p) => p.replace(/__init__\.py$/, '0001_initial.py')),
                'no migration beside the models',
              ),
            ],
          }
        : undefined;
    },
    () => {
      const m = [
        ...new Set([...files('**/prisma/migrations/*/migration.sql'), ...files('**/migrations/*/migration.sql')]),
      ];
      return m.length ? { tool: 'Prisma Migrate', count: m.length, evidence: first(m, 'Prisma migration') } : undefined;
    },
    () => {
      const m = files([
        '**/db/migration/V[0-9]*__*.{sql,java,kt}',
        '**/db/migration/**/V[0-9]*__*.{sql,java,kt}',
        '**/flyway/**/V[0-9]*__*.sql',
        '**/migrations/V[0-9]*__*.sql',
      ]);
      return m.length
        ? { tool: 'Flyway', count: m.length, evidence: first(m, 'Flyway versioned migration') }
        : undefined;
    },
    () => {
      const m = repo.grep(/databaseChangeLog/, { include: '**/*.{xml,yaml,yml,json}', limit: 5 }).map((h) => h.path);
      const sqlChangelog = repo
        .grep(/^--\s*liquibase formatted sql/, { include: '**/*.sql', limit: 5 })
        .map((h) => h.path);
      const all = [...new Set([...m, ...sqlChangelog])];
      return all.length
        ? { tool: 'Liquibase', count: all.length, unit: 'changelog', evidence: first(all, 'Liquibase changelog') }
        : undefined;
    },
    () => {
      const m = files('**/database/migrations/*.php');
      return m.length
        ? { tool: 'Laravel migrations', count: m.length, evidence: first(m, 'Laravel migration') }
        : undefined;
    },
    () => {
      const m = files(['**/priv/repo/migrations/*.exs', '**/priv/*/migrations/*.exs']);
      return m.length ? { tool: 'Ecto migrations', count: m.length, evidence: first(m, 'Ecto migration') } : undefined;
    },
    () => {
      const m = files(['**/migrations/Version*.php', '**/DoctrineMigrations/Version*.php']);
      return m.length
        ? { tool: 'Doctrine Migrations', count: m.length, evidence: first(m, 'Doctrine migration') }
        : undefined;
    },
    () => {
      const m = files('**/db/migrate/*.rb');
      return m.length
        ? { tool: 'Rails migrations', count: m.length, evidence: first(m, 'ActiveRecord migration') }
        : undefined;
    },
    () => {
      const mig = repo.grepFirst(/\bsqlx::migrate!|\bsqlx\s+migrate\s+run\b/, {
        include: ['**/*.rs', '**/*.sh', '**/Makefile', '**/Dockerfile*', '**/*.{yml,yaml}'],
      });
      const m = mig ? files('**/migrations/*.sql') : [];
      return m.length
        ? {
            tool: 'sqlx migrations',
            count: m.length,
            evidence: [ctx.at(mig!.path, mig!.line, 'migrations applied by sqlx'), ...first(m, 'sqlx migration')],
          }
        : undefined;
    },
    () => {
      const m = files('**/migrations/*/up.sql');
      return m.length
        ? { tool: 'Diesel migrations', count: m.length, evidence: first(m, 'Diesel up migration') }
        : undefined;
    },
    () => {
      const m = files('**/*.up.sql');
      return m.length
        ? { tool: 'golang-migrate (up/down SQL)', count: m.length, evidence: first(m, 'up migration') }
        : undefined;
    },
    () => {
      const m = repo
        .grep(/^--\s*\+goose\s+Up|^\s*goose\.AddMigration/, { include: '**/*.{sql,go}', limit: 200 })
        .map((h) => h.path);
      return m.length ? { tool: 'goose', count: new Set(m).size, evidence: first(m, 'goose migration') } : undefined;
    },
    () => {
      const sum = files('**/atlas.sum');
      if (!sum.length) return undefined;
      const dir = path.posix.dirname(sum[0]!);
      const m = files(`${dir === '.' ? '' : dir + '/'}*.sql`);
      const tool = sum[0]!.includes('ent/') ? 'ent versioned migrations (Atlas)' : 'Atlas';
      return {
        tool,
        count: m.length,
        evidence: [
          ctx.at(sum[0]!, undefined, 'Atlas migration directory checksum'),
          ...first(m, 'versioned migration'),
        ],
      };
    },
    () => {
      const config = files('**/drizzle.config.{ts,js,mjs,cjs,json}');
      if (!config.length) return undefined;
      const m = files(['**/drizzle/*.sql', '**/drizzle/**/*.sql', '**/migrations/*.sql', '**/migrations/**/*.sql']);
      return m.length
        ? {
            tool: 'Drizzle Kit',
            count: m.length,
            evidence: [ctx.at(config[0]!, undefined, 'drizzle-kit configuration'), ...first(m, 'Drizzle migration')],
          }
        : undefined;
    },
    () => {
      const m = repo
        .grep(/implements\s+MigrationInterface\b/, { languages: ['typescript', 'javascript'], limit: 200 })
        .map((h) => h.path);
      return m.length
        ? { tool: 'TypeORM migrations', count: m.length, evidence: first(m, 'TypeORM migration') }
        : undefined;
    },
    () => {
      const m = repo
        .grep(/\bqueryInterface\.(createTable|addColumn|addIndex|changeColumn|sequelize)\b/, {
          languages: ['javascript', 'typescript'],
          include: '**/migrations/**',
          limit: 200,
        })
        .map((h) => h.path);
      return m.length
        ? {
            tool: 'Sequelize migrations',
            count: new Set(m).size,
            evidence: first([...new Set(m)], 'Sequelize migration'),
          }
        : undefined;
    },
    () => {
      const m = repo
        .grep(
          /^\s*(exports\.up\s*=|export\s+(async\s+)?function\s+up\s*\(\s*knex|export\s+const\s+up\s*=|async\s+up\s*\(|up\s*:\s*async)/,
          { languages: ['javascript', 'typescript'], include: '**/migrations/**', limit: 200 },
        )
        .map((h) => h.path);
      const tool =
        repo.has('knexfile.js') || repo.has('knexfile.ts') || repo.grepFirst(/\bknex\b/, { paths: m.slice(0, 1) })
          ? 'Knex migrations'
          : 'JavaScript migrations';
      return m.length
        ? { tool, count: new Set(m).size, evidence: first([...new Set(m)], 'migration with up()') }
        : undefined;
    },
    () => {
      const m = repo
        .grep(/extends\s+Migration\b/, {
          languages: ['typescript', 'javascript'],
          include: '**/migrations/**',
          limit: 200,
        })
        .map((h) => h.path);
      return m.length
        ? { tool: 'MikroORM migrations', count: m.length, evidence: first(m, 'MikroORM migration') }
        : undefined;
    },
    () => {
      const m = files('**/ent/migrate/migrations/*.sql');
      return m.length
        ? { tool: 'ent versioned migrations', count: m.length, evidence: first(m, 'ent migration') }
        : undefined;
    },
    // Tool-managed schema diffing without versioned files: low confidence.
    () => {
      const h = repo.grepFirst(/\.Sync2?\s*\(\s*(new\s*\(|&)?\w/, { languages: ['go'], kinds: ['source'] });
      return h && repo.grepFirst(/xorm/, { paths: [h.path] })
        ? {
            tool: 'xorm Sync2 (schema sync, not versioned)',
            count: 1,
            low: true,
            evidence: [ctx.at(h.path, h.line, 'xorm synchronises tables from structs')],
          }
        : undefined;
    },
    () => {
      const h = repo.grepFirst(/\.Schema\.Create\s*\(/, { languages: ['go'], kinds: ['source'] });
      return h
        ? {
            tool: 'ent automatic migration (Schema.Create)',
            count: 1,
            low: true,
            evidence: [ctx.at(h.path, h.line, 'ent diffs and applies the schema at startup')],
          }
        : undefined;
    },
    // Hand-rolled migrations in code: a migrations module with versioned CREATE/ALTER statements (PRAGMA user_version, schema_migrations).
    () => {
      const mods = repo.files.filter(
        (f) => f.kind === 'source' && /(^|\/)(migrations?|migrate|schema[-_]?migrations?)(\.\w+$|\/)/i.test(f.path),
      );
      for (const f of mods) {
        const text = repo.read(f.path) ?? '';
        if (!/\buser_version\b|\bschema_(migrations|version)\b|\bversion\s*[:=]\s*\d/i.test(text)) continue;
        const line = repo
          .grep(/\b(CREATE|ALTER)\s+TABLE\b/i, { paths: [f.path], limit: 20 })
          .find((h) => ctx.facts.code.isCodeUse(h, { stringsAreCode: true }))?.line;
        if (!line) continue;
        return {
          tool: 'hand-rolled versioned migrations in code',
          count: 1,
          low: true,
          evidence: [ctx.at(f.path, line, 'versioned schema changes applied by the application')],
        };
      }
      return undefined;
    },
    // Hand-rolled numbered SQL files.
    () => {
      const m = repo.files
        .filter(
          (f) =>
            /\.sql$/.test(f.path) &&
            /(^|\/)(migrations?|migrate|sql|schema|db|database)\//.test(f.path) &&
            /^(V?\d{1,14})[_.-]/.test(path.posix.basename(f.path)) &&
            !/seed|fixture|sample|example/i.test(f.path),
        )
        .map((f) => f.path);
      return m.length
        ? {
            tool: 'numbered SQL files (hand-rolled)',
            count: m.length,
            low: true,
            evidence: first(m, 'numbered SQL migration'),
          }
        : undefined;
    },
  ];
}

export default defineRule({
  meta: {
    id: 'data.migrations',
    category: 'data',
    title: 'The database schema is managed by versioned migrations',
    severity: 'high',
    level: 1,
    requires: ['relational-database'],
    docs: {
      why: 'Versioned migrations are the only safe way to change a production schema: reviewed, ordered, repeatable in every environment and reversible. create_all/synchronize/AutoMigrate only ever add, silently skip changes to existing tables and can drop data.',
      how: 'Looks for versioned migrations of the common tools: Alembic/Flask-Migrate (a versions/ folder with at least one revision; an empty one is a gap), Django migrations/0001_*.py, Prisma prisma/migrations/*/migration.sql, Flyway V1__*.sql, Liquibase changelogs, Rails db/migrate, Laravel database/migrations, Doctrine Version*.php, golang-migrate *.up.sql, goose, Atlas/ent (atlas.sum), Drizzle Kit, TypeORM MigrationInterface, Sequelize and Knex migrations, MikroORM. xorm Sync2, ent Schema.Create, hand-numbered SQL files and versioned migrations kept in code (a migrations module with PRAGMA user_version or schema_migrations) pass with low confidence. An empty migrations folder (Alembic versions/ without revisions, a Django migrations package without 0001) is a gap. Auto-create only (create_all, synchronize: true, sequelize.sync, AutoMigrate, Hibernate ddl-auto=update, CREATE TABLE IF NOT EXISTS run by the application) or prisma db push is a gap. n/a without a relational database in production code (schemaless document stores have no schema to migrate).',
      fix: [
        'Python/SQLAlchemy: alembic init, then alembic revision --autogenerate and run alembic upgrade head on deploy.',
        'Node: prisma migrate dev (commit prisma/migrations), or TypeORM/Knex/Drizzle migration files; turn off synchronize.',
        'Go: golang-migrate, goose or Atlas with SQL files in the repository instead of AutoMigrate.',
        'Java: Flyway (db/migration/V1__init.sql) or Liquibase; set spring.jpa.hibernate.ddl-auto=validate.',
      ],
      effort: 'M',
    },
    messages: {
      found: 'Schema changes are versioned with {{tool}} ({{count}}).',
      low: 'Schema changes are handled by {{tool}}, without a standard migration tool that records which versions ran.',
      empty: 'The {{tool}} folder exists but holds no migration: the schema is not actually versioned.',
      autoCreate:
        'The schema is only auto-created by {{how}} at startup: no versioned migrations exist, so changes to existing tables are never applied safely.',
      dbPush:
        'Prisma is used with "prisma db push" only: there is no prisma/migrations history to apply in production.',
      missing: 'The application uses a relational database ({{library}}) but no schema migrations were found.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: [
      'migrations',
      'database migration',
      'schema migration',
      'migration system',
      'alembic',
      'flyway',
      'liquibase',
    ],
  },
  check(ctx): Verdict {
    const { repo } = ctx;
    let empty: Found | undefined;
    let low: Found | undefined;
    for (const d of detectors(repo, ctx)) {
      const f = d();
      if (!f) continue;
      if (f.count === 0) {
        empty ??= f;
        continue;
      }
      if (f.low) {
        low ??= f;
        continue;
      }
      return ctx.pass(f.evidence, {
        messageId: 'found',
        data: { tool: f.tool, count: count(f.count, f.unit ?? 'migration') },
      });
    }
    if (low) return ctx.pass(low.evidence, { messageId: 'low', confidence: 'low', data: { tool: low.tool } });
    if (empty) return ctx.gap('empty', empty.evidence, { data: { tool: empty.tool } });
    // Only now that no migration tool decided: grep for schema auto-creation, stopping at the first pattern that hits.
    let auto: { how: string; hit: GrepMatch } | undefined;
    for (const [re, how, languages] of AUTO_CREATE) {
      const hit = repo
        .grep(re, { languages, kinds: ['source'], limit: 20 })
        .find((h) => ctx.facts.code.isCodeUse(h, { stringsAreCode: /CREATE/.test(re.source) }));
      if (hit) {
        auto = { how, hit };
        break;
      }
    }
    if (auto) {
      return ctx.gap(
        'autoCreate',
        [
          ctx.at(auto.hit.path, auto.hit.line, `${auto.how}: schema created from models at startup`),
          ctx.missing(
            ['alembic/versions', 'migrations/', 'db/migrate', 'db/migration/V*__*.sql', '*.up.sql'],
            'no versioned migrations',
          ),
        ],
        { data: { how: auto.how } },
      );
    }
    const ddl = repo.grepFirst(
      /\bddl-auto\s*[:=]\s*["']?(update|create|create-drop)\b|\bhibernate\.hbm2ddl\.auto\s*[:=]\s*["']?(update|create)\b/,
      { include: '**/src/main/resources/**/*.{properties,yml,yaml}' },
    );
    if (ddl) {
      return ctx.gap(
        'autoCreate',
        [
          ctx.at(ddl.path, ddl.line, 'Hibernate generates the schema from entities'),
          ctx.missing(['db/migration/V*__*.sql (Flyway)', 'Liquibase changelog'], 'no versioned migrations'),
        ],
        { data: { how: `Hibernate ddl-auto=${ddl.groups[1] ?? ddl.groups[2]}` } },
      );
    }
    const push = repo.grepFirst(/prisma\s+db\s+push/, {
      include: ['package.json', '**/*.{sh,yml,yaml,toml}', '**/Dockerfile*', 'Makefile', 'Procfile'],
    });
    if (push) {
      return ctx.gap('dbPush', [
        ctx.at(push.path, push.line, 'schema pushed without a migration history'),
        ctx.missing(['prisma/migrations/*/migration.sql'], 'no Prisma migration'),
      ]);
    }
    const use = ctx.facts.database.uses.find((u) => u.kind === 'relational') ?? ctx.facts.database.uses[0];
    return ctx.gap(
      'missing',
      [
        ...(use ? [ctx.at(use.path, use.line, `uses ${use.library}`)] : []),
        ctx.missing(
          [
            'alembic/versions/*.py',
            '**/migrations/0001_*.py',
            'prisma/migrations',
            'db/migration/V*__*.sql',
            'liquibase changelog',
            'db/migrate/*.rb',
            '*.up.sql',
            'goose',
            'atlas.sum',
            'drizzle/*.sql',
            'MigrationInterface',
            'knex/sequelize migrations',
          ],
          'no schema migrations',
        ),
      ],
      { data: { library: use?.library ?? 'a database' } },
    );
  },
});

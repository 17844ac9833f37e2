import {
  defineRule,
  type Evidence,
  type MigrationEvidence,
  type MigrationSet,
  type Verdict,
} from '../../src/sdk/index.js';

const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

export default defineRule({
  meta: {
    id: 'data.migrations',
    category: 'data',
    title: 'The database schema is managed by versioned migrations',
    severity: 'high',
    level: 1,
    scope: 'component',
    requires: ['relational-database'],
    docs: {
      why: 'Versioned migrations are the only safe way to change a production schema: reviewed, ordered, repeatable in every environment and reversible. create_all/synchronize/AutoMigrate only ever add, silently skip changes to existing tables and can drop data.',
      how: 'Looks for versioned migrations of the common tools: Alembic/Flask-Migrate (a versions/ folder with at least one revision; an empty one is a gap), Django migrations/0001_*.py, Prisma prisma/migrations/*/migration.sql, Flyway V1__*.sql, Liquibase changelogs, Rails db/migrate, Sequel and ROM (Hanami) migrations, Laravel database/migrations, Doctrine Version*.php, golang-migrate *.up.sql, goose, Atlas/ent (atlas.sum), Drizzle Kit, TypeORM MigrationInterface, Sequelize and Knex migrations, MikroORM, sqlx (sqlx::migrate! and the folder it names), Diesel, SeaORM (MigrationTrait), refinery, EF Core and FluentMigrator. xorm Sync2, ent Schema.Create, hand-numbered SQL files and versioned migrations kept in code (a migrations module with PRAGMA user_version or schema_migrations) pass with low confidence; numbered migration classes of a runner of the project’s own pass with low confidence too, the message saying whether the runner records the versions it applied in a table. An empty migrations folder (Alembic versions/ without revisions, a Django migrations package without 0001) is a gap. A Django project known only from its DATABASES setting whose models modules declare no model class keeps only the installed apps’ tables, created by the migrations they ship: a pass with low confidence. Auto-create only (create_all, synchronize: true, sequelize.sync, AutoMigrate, Hibernate ddl-auto=update, CREATE TABLE IF NOT EXISTS run by the application) or prisma db push is a gap. n/a without a relational database in production code (schemaless document stores have no schema to migrate; a driver or ORM imported only under a top-level folder the running service never reaches, such as an old one-off in tools/, does not count unless the repository keeps migrations).',
      fix: [
        'Adopt the migration tool of your ORM or a SQL migration tool, commit the migration files, and run them as a deploy step.',
        'Rails: bin/rails generate migration and commit db/migrate with db/schema.rb; run bin/rails db:migrate on deploy.',
        'Python/SQLAlchemy: alembic init, then alembic revision --autogenerate and run alembic upgrade head on deploy.',
        'Node: prisma migrate dev (commit prisma/migrations), or TypeORM/Knex/Drizzle migration files; turn off synchronize.',
        'Go: golang-migrate, goose or Atlas with SQL files in the repository instead of AutoMigrate.',
        'Java: Flyway (db/migration/V1__init.sql) or Liquibase; set spring.jpa.hibernate.ddl-auto=validate.',
        'Rust: sqlx migrate add + sqlx::migrate!() at start-up (or a separate job), diesel migration generate, or refinery.',
        '.NET: dotnet ef migrations add <Name> (commit the Migrations folder) and apply them with a migration bundle or dotnet ef database update in the deploy, not EnsureCreated().',
      ],
      effort: 'M',
    },
    messages: {
      found: 'Schema changes are versioned with {{tool}} ({{count}}).',
      low: 'Schema changes are handled by {{tool}}, without a standard migration tool that records which versions ran.',
      lowRecorded:
        'Schema changes are versioned with {{tool}} ({{count}}), applied by a runner of the project’s own that records which versions ran.',
      empty: 'The {{tool}} folder exists but holds no migration: the schema is not actually versioned.',
      autoCreate:
        'The schema is only auto-created by {{how}} at startup: no versioned migrations exist, so changes to existing tables are never applied safely.',
      dbPush:
        'Prisma is used with "prisma db push" only: there is no prisma/migrations history to apply in production.',
      missing: 'The application uses a relational database ({{library}}) but no schema migrations were found.',
      contribOnly:
        "The project defines no Django models of its own: its tables are the installed apps' (auth, sessions, admin), created by the migrations those apps ship.",
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
    const evidence = (e: MigrationEvidence): Evidence =>
      e.missing ? ctx.missing(e.missing, e.note) : ctx.at(e.path, e.line, e.note);
    let empty: MigrationSet | undefined;
    let low: MigrationSet | undefined;
    // Sets come in the fact's tool order: the first with versioned migrations is the project's tool.
    for (const f of ctx.facts.migrations.sets) {
      if (f.count === 0) {
        empty ??= f;
        continue;
      }
      if (f.low) {
        low ??= f;
        continue;
      }
      return ctx.pass(f.evidence.map(evidence), {
        messageId: 'found',
        data: { tool: f.tool, count: count(f.count, f.unit ?? 'migration') },
      });
    }
    if (low?.recorded)
      return ctx.pass([...low.evidence, low.recorded].map(evidence), {
        messageId: 'lowRecorded',
        confidence: 'low',
        data: { tool: low.tool, count: count(low.count, low.unit ?? 'migration') },
      });
    if (low)
      return ctx.pass(low.evidence.map(evidence), { messageId: 'low', confidence: 'low', data: { tool: low.tool } });
    // Django known only from its settings, with no model class of the project's own: nothing of its own to migrate.
    const relational = ctx.facts.database.uses.filter((u) => u.kind === 'relational');
    if (relational.length && relational.every((u) => u.settingsOnly)) {
      const u = relational[0]!;
      return ctx.pass(
        [
          ctx.at(u.path, u.line, 'Django DATABASES configured'),
          ctx.missing(['**/models.py', '**/models/*.py'], 'no model class of the project’s own'),
        ],
        { messageId: 'contribOnly', confidence: 'low' },
      );
    }
    if (empty) return ctx.gap('empty', empty.evidence.map(evidence), { data: { tool: empty.tool } });
    // Only now that no migration tool decided: the schema created or pushed without a history.
    const sync = ctx.facts.schemaSync;
    if (sync.autoCreate) {
      const auto = sync.autoCreate;
      return ctx.gap(
        'autoCreate',
        [
          ctx.at(auto.path, auto.line, `${auto.how}: schema created from models at startup`),
          ctx.missing(
            ['alembic/versions', 'migrations/', 'db/migrate', 'db/migration/V*__*.sql', '*.up.sql'],
            'no versioned migrations',
          ),
        ],
        { data: { how: auto.how } },
      );
    }
    const ddl = sync.hibernate;
    if (ddl) {
      return ctx.gap(
        'autoCreate',
        [
          ctx.at(ddl.path, ddl.line, 'Hibernate generates the schema from entities'),
          ctx.missing(['db/migration/V*__*.sql (Flyway)', 'Liquibase changelog'], 'no versioned migrations'),
        ],
        { data: { how: `Hibernate ddl-auto=${ddl.mode}` } },
      );
    }
    const push = sync.prismaDbPush;
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

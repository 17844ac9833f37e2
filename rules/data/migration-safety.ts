import { defineRule, type MigrationOp } from '../../src/sdk/index.js';

/** Operations that break the running release or fail on a populated table, whatever its size. */
const BREAKING = new Set<MigrationOp['kind']>(['rename-column', 'rename-table', 'type-change', 'add-not-null']);
const MAX_LISTED = 8;

const DESCRIBE: Record<MigrationOp['kind'], string> = {
  'drop-table': 'drops table',
  'drop-column': 'drops column',
  'rename-table': 'renames table',
  'rename-column': 'renames column',
  'type-change': 'changes the type of',
  'add-not-null': 'adds a NOT NULL column without a default to',
  'set-not-null': 'sets NOT NULL on',
  'index-not-concurrent': 'builds an index without CONCURRENTLY on',
};

const what = (o: MigrationOp): string =>
  `${DESCRIBE[o.kind]} ${o.column && o.kind !== 'drop-table' && o.kind !== 'rename-table' && o.kind !== 'index-not-concurrent' ? `${o.table}.${o.column}` : (o.table ?? '')}`.trim();

export default defineRule({
  meta: {
    id: 'data.migration-safety',
    category: 'data',
    title: 'Schema migrations are safe to run against a live database',
    severity: 'medium',
    level: 3,
    scope: 'component',
    requires: ['not-schemaless-only'],
    docs: {
      why: 'During a deploy the old release keeps running while the migration changes the schema under it. A renamed or dropped column the old code still reads breaks it; a NOT NULL column without a default fails on a populated table; a type change rewrites the table under an exclusive lock; a plain CREATE INDEX blocks writes on a large PostgreSQL table for minutes. Expand/contract (add, backfill, switch, then remove in a later release) keeps every step compatible with the code that is running.',
      how: 'Reads the up-migrations of every versioned tool (SQL files of Flyway, golang-migrate, goose, sqlx, Diesel, Prisma, Atlas and Drizzle; Alembic, Django, Rails, Laravel, Knex, Sequelize, TypeORM, MikroORM, Doctrine, Ecto, EF Core and Liquibase changes; raw SQL run from code migrations) and judges the latest 10 migrations of each folder, which show current practice (older ones are history that already ran). Down/rollback sections are ignored, and so are operations on a table the same migration creates. A gap lists renames of columns or tables, type changes that rewrite the table (widening to text/varchar is not one), NOT NULL columns added without a default to existing PostgreSQL tables, and drops of tables or columns that the current code still declares (model, entity, Prisma field, __tablename__) or queries. Passes with low confidence when recent migrations drop things the code no longer uses (the contract step, if the release that stopped using them shipped first), set NOT NULL, or build indexes without CONCURRENTLY on existing PostgreSQL tables (fine on small tables, a write lock on large ones), and when risky changes are covered by a documented expand/contract procedure. Credits strong_migrations/online_migrations/safe-pg-migrations, django-pg-zero-downtime-migrations, django-migration-linter, squawk, atlas migrate lint and pgroll, and guards in the migration itself (safety_assured, SeparateDatabaseAndState, ignored_columns). n/a without versioned migration files, and, as data.migrations, when the service keeps only schemaless stores (MongoDB, Redis): their migrations move documents, with no schema to lock or rewrite.',
      fix: [
        'Split breaking changes expand/contract: add the new column (nullable or with a default), deploy code that writes both, backfill, switch reads, and drop the old column in a later release.',
        'PostgreSQL: CREATE INDEX CONCURRENTLY (Rails add_index ... algorithm: :concurrently with disable_ddl_transaction!, Alembic postgresql_concurrently=True, Django AddIndexConcurrently); add NOT NULL as a NOT VALID CHECK constraint, validate it, then SET NOT NULL.',
        'Rails: add strong_migrations and ignore a column (self.ignored_columns) one release before removing it.',
        'Django: django-pg-zero-downtime-migrations or SeparateDatabaseAndState for removals; SQL migrations: lint them with squawk or atlas migrate lint in CI.',
        'Write the procedure down (how to rename, drop and backfill safely) where contributors find it.',
      ],
      effort: 'M',
      links: [
        'https://martinfowler.com/bliki/ParallelChange.html',
        'https://github.com/ankane/strong_migrations#checks',
        'https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY',
      ],
    },
    messages: {
      safe: '{{scope}}: additions only, no renames, drops, type rewrites or NOT NULL without a default on existing tables.',
      checked: 'Migrations are checked for unsafe operations by {{tools}}.',
      review: 'Recent migrations {{what}}: safe only if {{condition}}; nothing in the repository shows which.',
      documented:
        'Recent migrations {{what}}, and the repository documents how schema changes are made safely ({{doc}}).',
      risky: 'Recent migrations {{what}} without an expand/contract step.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: [
      'migration safety',
      'safe migrations',
      'zero-downtime migrations',
      'backward-compatible migrations',
      'backwards-compatible migrations',
      'expand/contract',
      'expand and contract',
      'online schema changes',
      'strong migrations',
    ],
  },
  check(ctx) {
    const m = ctx.facts.migrations;
    if (!m.any) return ctx.na('no versioned schema migrations in the repository');
    if (!m.analysed.files) return ctx.na(`no migration files to read (${m.sets.map((s) => s.tool).join(', ')})`);
    const recent = m.ops.filter((o) => o.recent && !o.guarded);
    const breaking = recent.filter((o) => BREAKING.has(o.kind) || o.stillUsed);
    const review = recent.filter((o) => !breaking.includes(o));
    const opEv = (o: MigrationOp) =>
      ctx.at(
        o.file,
        o.line,
        o.stillUsed ? `${what(o)}, still declared at ${o.stillUsed.file}:${o.stillUsed.line}` : what(o),
      );
    const list = (ops: MigrationOp[]): string => {
      const names = [...new Set(ops.map(what))];
      return names.length > 3 ? `${names.slice(0, 3).join('; ')} and ${names.length - 3} more` : names.join('; ');
    };
    const guards = m.ops.filter((o) => o.recent && o.guarded).slice(0, 2);
    const guardEv = guards.map((o) => ctx.at(o.file, o.line, `${what(o)}: ${o.guarded}`));
    if (m.safetyTools.length) {
      const toolsEv = m.safetyTools.map((t) => ctx.at(t.path, t.line, `${t.name} checks migrations`));
      return ctx.pass([...toolsEv, ...breaking.slice(0, 3).map(opEv), ...guardEv], {
        messageId: 'checked',
        ...(breaking.length ? { confidence: 'low' as const } : {}),
        data: { tools: m.safetyTools.map((t) => t.name).join(', ') },
      });
    }
    if (breaking.length) {
      if (m.procedure)
        return ctx.pass(
          [ctx.at(m.procedure.path, m.procedure.line, 'documented procedure'), ...breaking.slice(0, 3).map(opEv)],
          { messageId: 'documented', confidence: 'low', data: { what: list(breaking), doc: m.procedure.path } },
        );
      return ctx.gap(
        'risky',
        [
          ...breaking.slice(0, MAX_LISTED).map(opEv),
          ...(breaking.length > MAX_LISTED
            ? [ctx.missing([`${breaking.length - MAX_LISTED} more operations`], 'also unsafe')]
            : []),
        ],
        { data: { what: list(breaking) } },
      );
    }
    if (review.length) {
      const conditions = [
        ...(review.some((o) => o.kind === 'drop-table' || o.kind === 'drop-column')
          ? ['the release that stopped using what is dropped shipped first']
          : []),
        ...(review.some((o) => o.kind === 'index-not-concurrent' || o.kind === 'set-not-null')
          ? ['the tables are small (plain index builds and SET NOT NULL lock writes on large PostgreSQL tables)']
          : []),
      ];
      return ctx.pass(review.slice(0, 5).map(opEv), {
        messageId: m.procedure ? 'documented' : 'review',
        confidence: 'low',
        data: { what: list(review), condition: conditions.join(', and '), doc: m.procedure?.path ?? '' },
      });
    }
    const latest = m.sets.find((s) => s.files.length && !s.low) ?? m.sets.find((s) => s.files.length)!;
    return ctx.pass(
      [
        ...latest.evidence.filter((e) => !e.missing).map((e) => ctx.at(e.path, e.line, e.note)),
        ...guardEv,
        ctx.missing(
          ['drops', 'renames', 'type changes', 'NOT NULL without default', 'non-concurrent indexes'],
          `none in the ${m.analysed.recent} most recent of ${m.analysed.files} migration files`,
        ),
      ],
      {
        messageId: 'safe',
        data: {
          scope:
            m.analysed.files === 1
              ? 'The only migration'
              : m.analysed.recent === m.analysed.files
                ? `All ${m.analysed.files} migrations`
                : `The ${m.analysed.recent} most recent migrations (of ${m.analysed.files})`,
        },
      },
    );
  },
});

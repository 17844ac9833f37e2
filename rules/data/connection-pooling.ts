import { defineRule, type Evidence, type PoolSite } from '../../src/sdk/index.js';

const BAD = new Set<PoolSite['state']>(['unbounded', 'unpooled', 'single']);
const MAX_LISTED = 8;

const list = (xs: string[]): string => [...new Set(xs)].join('; ');
/** One evidence line per location (several sites bounded by the same setting point at it once). */
const uniq = (evs: Evidence[]): Evidence[] =>
  evs.filter((e, i) => e.kind === 'missing' || evs.findIndex((x) => x.path === e.path && x.line === e.line) === i);

/** How to size and configure the pool, per stack (every target). */
const STACK_FIX = [
  'Python: create_engine(url, pool_size=10, max_overflow=5, pool_timeout=10, pool_pre_ping=True).',
  'Django: CONN_MAX_AGE = 60 (with CONN_HEALTH_CHECKS = True) or, on Django 5.1+ with psycopg 3, DATABASES["default"]["OPTIONS"]["pool"]; asyncpg.create_pool(max_size=...).',
  'Node: new Pool({ max: 10, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5_000 }) instead of a Client per request; knex/Sequelize pool: { min, max }; TypeORM poolSize; Prisma ?connection_limit=N in DATABASE_URL.',
  'Go: db.SetMaxOpenConns(n), db.SetMaxIdleConns(n) and db.SetConnMaxLifetime(...) right after sql.Open (for GORM, on db.DB()); or pgxpool with pool_max_conns.',
  'Java/Kotlin: spring.datasource.hikari.maximum-pool-size (and connection-timeout) sized from the database’s max_connections divided by the number of instances.',
  'Ruby: pool: in database.yml equal to the server’s thread count.',
];

export default defineRule({
  meta: {
    id: 'data.connection-pooling',
    category: 'data',
    title: 'Database connections go through a bounded pool',
    severity: 'medium',
    level: 3,
    scope: 'component',
    requires: ['relational-database'],
    docs: {
      why: 'Opening a database connection costs a TCP (and often TLS) handshake and a backend process on the server; a database accepts only so many. A service that opens one per request pays that on every request, and one whose pool has no upper bound turns a traffic spike into "too many connections" for every client of the database. Serverless functions multiply the problem: each concurrent instance holds its own connections, so they need a pooler in front of the database.',
      how: 'Reads where production code sets up database connections and what bounds them: SQLAlchemy create_engine (pool_size/max_overflow, NullPool), Flask-SQLAlchemy settings, psycopg/asyncpg/aiopg pools, Django DATABASES (CONN_MAX_AGE or the pool option), node-postgres Pool/Client, postgres.js, mysql2 createPool/createConnection, knex, Sequelize, TypeORM and MikroORM pool options, Prisma connection_limit, Go database/sql (sql.Open, sqlx, GORM, ent, bun) with or without SetMaxOpenConns, pgxpool, HikariCP and Spring Boot datasource properties, JDBC DriverManager, Active Record database.yml pool, Ecto pool_size, Sequel, sqlx and r2d2/bb8/deadpool in Rust. Library defaults are stated: most pools are bounded by default (SQLAlchemy 5 + 10 overflow, pg.Pool 10, HikariCP 10, Active Record 5, Prisma CPUs × 2 + 1), Go’s database/sql is not (MaxOpenConns 0 = unlimited), Django opens a connection per request unless CONN_MAX_AGE is set. External poolers count (PgBouncer, PgCat, Odyssey, ProxySQL images; RDS Proxy in infrastructure code; pgbouncer=true, Supabase and Neon pooled endpoints, Prisma Accelerate), and so do HTTP drivers that hold no connections (Neon serverless, PlanetScale, libSQL, RDS Data API). A gap names unbounded pools, per-request connections and bare driver connections (the last with low confidence), and serverless deployments that reach a database over TCP without a pooler. Defaults alone give a low-confidence pass. n/a without a relational database or with embedded SQLite only.',
      fix: STACK_FIX,
      fixFor: {
        serverless: [
          'Serverless: put PgBouncer, RDS Proxy, Supabase/Neon pooled endpoints or Prisma Accelerate in front of the database, or use an HTTP driver; keep the per-instance pool at 1–2 connections.',
          ...STACK_FIX,
        ],
      },
      effort: 'S',
      links: [
        'https://docs.sqlalchemy.org/en/20/core/pooling.html',
        'https://www.prisma.io/docs/orm/prisma-client/setup-and-configuration/databases-connections',
        'https://go.dev/doc/database/manage-connections',
      ],
    },
    messages: {
      configured: 'Database connections go through a bounded pool ({{how}}).',
      pooler: 'Database connections go through {{pooler}}.',
      http: 'The database is reached through an HTTP driver ({{drivers}}): no connections to pool.',
      defaults: 'Connection pools use library defaults ({{defaults}}): bounded, but not sized for this deployment.',
      partial: 'Pool bounds depend on values the scan could not follow: {{what}}.',
      unseen:
        'Uses {{libs}}, but no connection setup was found in code the service runs: the pool bounds could not be read.',
      unbounded: 'Database connections are not bounded by a pool: {{what}}.',
      serverless:
        'The service runs as serverless functions ({{platform}}) and connects to the database over TCP ({{libs}}) without a pooler: every concurrent instance opens its own connections.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['connection pooling', 'connection pool', 'db pool', 'database pool', 'pgbouncer', 'rds proxy'],
  },
  check(ctx) {
    const p = ctx.facts.pooling;
    if (p.embeddedOnly)
      return ctx.na(
        `only embedded SQLite is used (${p.libraries.join(', ')}): no database server to pool connections to`,
      );
    const live = p.sites.filter((s) => s.live);
    if (!live.length && !p.poolers.length && p.embeddedSites.length) {
      const e = p.embeddedSites[0]!;
      return ctx.na(
        `the service's database is embedded SQLite/H2 (${e.library} at ${e.file}:${e.line}): no database server to pool connections to`,
      );
    }
    const siteEv = (s: PoolSite, note = s.note) => ctx.at(s.file, s.line, `${s.library}: ${note}`);
    const configEv = (s: PoolSite) =>
      s.config ? ctx.at(s.config.file, s.config.line, `${s.library}: ${s.note}`) : siteEv(s);
    const poolerEv = p.poolers.map((x) => ctx.at(x.file, x.line, `${x.name}: ${x.note}`));
    const functions = ctx.facts.platform.service.filter((t) => t.serverless);
    const tcp = live.filter((s) => s.library !== 'prisma' || !p.poolers.length);
    if (functions.length && !p.poolers.length && !p.httpDrivers.length && tcp.length) {
      const t = functions[0]!;
      // A long-running deployment beside the functions (a production image): the functions are one way to run it.
      const alsoLongRunning =
        ctx.facts.dockerfiles.production.length > 0 || ctx.facts.platform.service.some((x) => !x.serverless);
      return ctx.gap(
        'serverless',
        [
          ctx.at(t.path, t.line, `${t.name}: functions`),
          ...tcp.slice(0, 4).map((s) => siteEv(s)),
          ctx.missing(
            ['PgBouncer', 'RDS Proxy', 'pgbouncer=true', 'Supabase/Neon pooled endpoint', 'Prisma Accelerate'],
            'no pooler in front of the database',
          ),
        ],
        {
          ...(alsoLongRunning ? { confidence: 'low' as const } : {}),
          data: { platform: t.name, libs: [...new Set(tcp.map((s) => s.library))].join(', ') },
        },
      );
    }
    if (p.poolers.length)
      return ctx.pass(uniq([...poolerEv, ...live.slice(0, 3).map(configEv)]), {
        messageId: 'pooler',
        data: { pooler: [...new Set(p.poolers.map((x) => x.name))].join(', ') },
      });
    // An unpooled engine an operator has to switch on does not count beside the bounded pool the same file sets up.
    const bad = live.filter(
      (s) => BAD.has(s.state) && !(s.optIn && live.some((o) => o.file === s.file && !BAD.has(o.state) && !o.optIn)),
    );
    if (bad.length) {
      return ctx.gap(
        'unbounded',
        [
          ...bad.slice(0, MAX_LISTED).map((s) => siteEv(s)),
          ...(bad.length > MAX_LISTED
            ? [ctx.missing([`${bad.length - MAX_LISTED} more sites`], 'also unbounded')]
            : []),
          ...live
            .filter((s) => s.state === 'configured')
            .slice(0, 2)
            .map(configEv),
        ],
        {
          ...(bad.every((s) => s.state === 'single') ? { confidence: 'low' as const } : {}),
          data: { what: list(bad.map((s) => `${s.library}: ${s.note}`)) },
        },
      );
    }
    if (!live.length && p.httpDrivers.length)
      return ctx.pass(
        p.httpDrivers.slice(0, 3).map((d) => ctx.at(d.file, d.line, d.note)),
        { messageId: 'http', data: { drivers: [...new Set(p.httpDrivers.map((d) => d.name))].join(', ') } },
      );
    const configured = live.filter((s) => s.state === 'configured');
    const unknown = live.filter((s) => s.state === 'unknown');
    const defaults = live.filter((s) => s.state === 'default');
    if (configured.length)
      return ctx.pass(uniq([...configured.slice(0, 5).map(configEv), ...defaults.slice(0, 2).map((s) => siteEv(s))]), {
        messageId: 'configured',
        data: { how: list(configured.map((s) => `${s.library}: ${s.note}`)).slice(0, 300) },
      });
    if (unknown.length)
      return ctx.pass(
        uniq([...unknown.slice(0, 5).map((s) => siteEv(s)), ...defaults.slice(0, 2).map((s) => siteEv(s))]),
        {
          messageId: 'partial',
          confidence: 'low',
          data: { what: list(unknown.map((s) => `${s.library}: ${s.note}`)) },
        },
      );
    if (defaults.length)
      return ctx.pass(
        defaults.slice(0, 5).map((s) => siteEv(s, `no pool settings — ${s.note}`)),
        { messageId: 'defaults', confidence: 'low', data: { defaults: list(defaults.map((s) => s.note)) } },
      );
    const db = ctx.facts.database.uses.filter((u) => u.kind === 'relational');
    return ctx.pass(
      [
        ...db.slice(0, 2).map((u) => ctx.at(u.path, u.line, `uses ${u.library}`)),
        ctx.missing(
          ['engine/pool construction', 'framework database settings', 'external pooler'],
          'no connection setup in code the service runs',
        ),
      ],
      { messageId: 'unseen', confidence: 'low', data: { libs: db.map((u) => u.library).join(', ') } },
    );
  },
});

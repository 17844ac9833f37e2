import type { GrepMatch, RepoIndex } from '../repo/index.js';
import { escapeRegExp } from '../repo/text.js';
import { NOT_CODE_OR_CONFIG } from '../repo/classify.js';
import { bracketBody, expressionAt } from './code-scan.js';
import type { CodeFacts } from './code.js';
import type { DropwizardConfig } from './config.js';
import type { DatabaseFacts } from './database.js';
import type { DepsFacts } from './deps.js';
import type { LivenessFacts } from './liveness.js';
import type { PlatformFacts } from './platform.js';
import { pythonOptInSwitch } from './python-switch.js';

/** Spring's base configuration before its profile files (application.yml before application-test.yml). */
const baseFirst = (a: { path: string }, b: { path: string }): number =>
  Number(/application-/.test(a.path)) - Number(/application-/.test(b.path));

/**
 * How the service's connections to a relational database are pooled, per driver or ORM.
 *
 * A site is where connections are set up: an engine, pool, client or data source is created (`create_engine(...)`,
 * `new Pool(...)`, `sql.Open(...)`), or the framework's database settings (Django DATABASES, Rails database.yml,
 * Spring datasource properties, a Prisma datasource). Its state is:
 * - `configured`: the pool is bounded by settings the project chose (pool_size, max, SetMaxOpenConns, pool:, ...);
 * - `default`: nothing is set, but the library pools with a bounded default (stated in the note);
 * - `unbounded`: the library pools without a limit unless told (Go's database/sql: MaxOpenConns 0 = unlimited);
 * - `unpooled`: a new connection per request or checkout (Django without CONN_MAX_AGE, SQLAlchemy NullPool);
 * - `single`: a bare driver connection (psycopg2.connect, new pg.Client, DriverManager.getConnection) and no pool;
 * - `unknown`: options come from a variable or `**kwargs` the scan cannot follow.
 * Embedded SQLite is not judged: there is no server to open connections to.
 */
export type PoolState = 'configured' | 'default' | 'unbounded' | 'unpooled' | 'single' | 'unknown';

export interface PoolSite {
  library: string;
  file: string;
  line: number;
  state: PoolState;
  /** What bounds the pool, or the library default, stated. */
  note: string;
  /** Where the bounding setting is written, when not at the site. */
  config?: { file: string; line: number };
  /** The file is reached from the service's entrypoints and is not a script, example or test helper. */
  live: boolean;
  /** The setup runs only under a configuration switch that is off unless set (the `if` that tests it). */
  optIn?: { file: string; line: number };
}

/** Something in front of the database that pools for the service, or a driver that needs no connections. */
export interface PoolerSignal {
  name: string;
  file: string;
  line: number;
  note: string;
}

export interface PoolingFacts {
  sites: PoolSite[];
  /** External poolers deployed or addressed (PgBouncer, RDS Proxy, Supabase/Neon poolers, Prisma Accelerate). */
  poolers: PoolerSignal[];
  /** HTTP/serverless drivers that hold no connections (Neon serverless, PlanetScale, libSQL, RDS Data API). */
  httpDrivers: PoolerSignal[];
  /** Every relational store is embedded (SQLite): there is no server to pool connections to. */
  embeddedOnly: boolean;
  /** Connection setups that name an embedded database (SQLite, H2): skipped, but they say what the service uses. */
  embeddedSites: { library: string; file: string; line: number }[];
  /** The relational libraries used, as the database fact names them. */
  libraries: string[];
}

const EMBEDDED = new Set([
  'sqlite3',
  'better-sqlite3',
  'sqlite-node',
  'sqlite-builtin',
  'sqlite-go',
  'aiosqlite',
  'rusqlite',
  'r2d2_sqlite',
]);
/** Databases reached without connections of the service's own: over HTTP, or through a Worker's D1 binding. */
const HTTP_DRIVERS = new Set(['neon', 'planetscale', 'libsql', 'cloudflare-d1']);

interface PoolLib {
  library: string;
  languages: string[];
  /** The file must match this (the import), so same-named calls of other libraries do not count. */
  requires?: RegExp;
  site: RegExp;
  /** Pool bounds inside the site's expression. */
  bound?: RegExp;
  /** The site's expression turns pooling off. */
  unpooled?: { re: RegExp; note: string };
  /** Options passed through a variable or **kwargs. */
  passthrough?: RegExp;
  /** Bounds set elsewhere in production code of the language (Go's db.SetMaxOpenConns). */
  elsewhere?: RegExp;
  /** Configuration files searched for `elsewhere` too (Spring YAML bound to a HikariConfig). */
  elsewhereFiles?: string[];
  /** The state and note when nothing bounds the site. */
  otherwise: [PoolState, string];
  /** Sites whose arguments name an embedded database are skipped. */
  embedded?: RegExp;
  /**
   * The constructor of the options a later site consumes (sea-orm's `ConnectOptions::new(url)`, then
   * `Database::connect(opt)`): in a file that calls it, only it is the site, so one pool is not counted twice.
   */
  optionsFirst?: RegExp;
}

const SQLITE = /sqlite|:memory:/i;
/** An engine assigned to a name that says it runs migrations (`migration_engine = …`, `alembic_engine = …`). */
const MIGRATION_ENGINE = /^\s*(?:self\.)?\w*(?:migrat|alembic)\w*\s*(?::[^=\n]+)?=\s*(?:await\s+)?[\w.]+\s*\(/i;
const MIGRATION_FILE = /(^|\/)(alembic|migrations?|migrate|versions)\/|(^|\/)migrations?\.py$/;

const LIBS: PoolLib[] = [
  // Python
  {
    library: 'sqlalchemy',
    languages: ['python'],
    requires: /\b(?:sqlalchemy|sqlmodel)\b/,
    site: /\bcreate_(?:async_)?engine\s*\(/g,
    bound: /\b(?:pool_size|max_overflow|pool_timeout)\s*=/,
    unpooled: { re: /\bpoolclass\s*=\s*(?:\w+\.)*NullPool\b/, note: 'NullPool: a new connection for every checkout' },
    passthrough: /\*\*\w+/,
    otherwise: ['default', "SQLAlchemy's QueuePool default: 5 connections + 10 overflow, 30 s wait"],
    embedded: SQLITE,
  },
  {
    library: 'flask-sqlalchemy',
    languages: ['python'],
    requires: /\bflask_sqlalchemy\b/,
    site: /\b\w*SQLAlchemy\s*\(/g,
    elsewhere:
      /\bSQLALCHEMY_(?:POOL_SIZE|MAX_OVERFLOW)\b|\bSQLALCHEMY_ENGINE_OPTIONS\b[^\n]*\bpool_size\b|["']pool_size["']\s*:/,
    otherwise: ['default', "Flask-SQLAlchemy uses SQLAlchemy's QueuePool default: 5 connections + 10 overflow"],
  },
  {
    library: 'psycopg_pool',
    languages: ['python'],
    site: /\b(?:Async)?ConnectionPool\s*\(|\b(?:Simple|Threaded|Persistent)ConnectionPool\s*\(/g,
    requires: /\bpsycopg(?:2|_pool)\b/,
    bound: /\bmax_size\s*=|\b(?:Simple|Threaded|Persistent)ConnectionPool\s*\(\s*[^,)]+,\s*[^,)]+/,
    passthrough: /\*\*\w+/,
    otherwise: ['default', 'psycopg_pool default: min_size = max_size = 4'],
  },
  {
    library: 'asyncpg',
    languages: ['python'],
    requires: /\basyncpg\b/,
    site: /\basyncpg\.create_pool\s*\(/g,
    bound: /\bmax_size\s*=/,
    passthrough: /\*\*\w+/,
    otherwise: ['default', 'asyncpg pool default: 10 connections'],
  },
  {
    library: 'aiopg/aiomysql',
    languages: ['python'],
    site: /\b(?:aiopg|aiomysql)\.create_pool\s*\(/g,
    bound: /\bmaxsize\s*=/,
    passthrough: /\*\*\w+/,
    otherwise: ['default', 'aiopg/aiomysql pool default: 10 connections'],
  },
  {
    library: 'databases',
    languages: ['python'],
    requires: /^\s*from\s+databases\s+import\b|^\s*import\s+databases\b/m,
    site: /\bDatabase\s*\(/g,
    bound: /\bmax_size\s*=|max_size=/,
    passthrough: /\*\*\w+/,
    otherwise: ['default', "databases: the backend's pool default (asyncpg: 10 connections)"],
    embedded: SQLITE,
  },
  {
    library: 'peewee',
    languages: ['python'],
    requires: /\bpeewee\b|\bplayhouse\b/,
    site: /\bPooled(?:Postgresql|MySQL)(?:Ext)?Database\s*\(/g,
    bound: /\bmax_connections\s*=/,
    otherwise: ['default', 'peewee pooled database default: 20 connections'],
  },
  {
    library: 'python driver',
    languages: ['python'],
    site: /\b(?:psycopg2|psycopg|pymysql|MySQLdb|asyncpg|aiomysql|cx_Oracle|oracledb|pyodbc)\.connect\s*\(/g,
    otherwise: ['single', 'a bare driver connection, no pool'],
    embedded: SQLITE,
  },
  // Node
  {
    library: 'pg',
    languages: ['javascript', 'typescript'],
    requires: /(?:from\s+|require\s*\(\s*)['"](?:pg|pg-pool)['"]/,
    site: /\bnew\s+(?:pg\.|Pg\.)?Pool\s*\(/g,
    bound: /\bmax\s*:/,
    passthrough: /\.\.\.\w+|^\s*\(?\s*[\w.]+\s*\)?\s*$/,
    otherwise: ['default', 'pg.Pool default: 10 connections'],
  },
  {
    library: 'pg',
    languages: ['javascript', 'typescript'],
    requires: /(?:from\s+|require\s*\(\s*)['"]pg['"]/,
    site: /\bnew\s+(?:pg\.|Pg\.)?Client\s*\(/g,
    otherwise: ['single', 'a bare pg.Client connection, no pool'],
  },
  {
    library: 'postgres.js',
    languages: ['javascript', 'typescript'],
    requires: /(?:from\s+|require\s*\(\s*)['"]postgres['"]/,
    site: /(?<![.\w])postgres\s*\(/g,
    bound: /\bmax\s*:/,
    passthrough: /\.\.\.\w+/,
    otherwise: ['default', 'postgres.js default: 10 connections'],
  },
  {
    library: 'mysql',
    languages: ['javascript', 'typescript'],
    requires: /(?:from\s+|require\s*\(\s*)['"]mysql2?(?:\/promise)?['"]/,
    site: /\bcreatePool\s*\(/g,
    bound: /\bconnectionLimit\s*:/,
    passthrough: /\.\.\.\w+/,
    otherwise: ['default', 'mysql2 pool default: connectionLimit 10'],
  },
  {
    library: 'mysql',
    languages: ['javascript', 'typescript'],
    requires: /(?:from\s+|require\s*\(\s*)['"]mysql2?(?:\/promise)?['"]/,
    site: /\bcreateConnection\s*\(/g,
    otherwise: ['single', 'a bare mysql connection, no pool'],
  },
  {
    library: 'knex',
    languages: ['javascript', 'typescript'],
    requires: /(?:from\s+|require\s*\(\s*)['"]knex['"]/,
    site: /(?<![.\w])[kK]nex\s*\(\s*[{\w]/g,
    bound: /\bpool\s*:/,
    elsewhere: /\bpool\s*:\s*\{[^}]*\bmax\s*:/,
    otherwise: ['default', 'knex pool default: min 2, max 10'],
    embedded: /client\s*:\s*['"](?:sqlite3|better-sqlite3)['"]/,
  },
  {
    library: 'sequelize',
    languages: ['javascript', 'typescript'],
    requires: /(?:from\s+|require\s*\(\s*)['"]sequelize(?:-typescript)?['"]/,
    site: /\bnew\s+Sequelize\s*\(/g,
    bound: /\bpool\s*:/,
    elsewhere: /\bpool\s*:\s*\{[^}]*\bmax\s*:/,
    otherwise: ['default', 'Sequelize pool default: max 5'],
    embedded: /dialect\s*:\s*['"]sqlite['"]/,
  },
  {
    library: 'typeorm',
    languages: ['javascript', 'typescript'],
    requires: /@nestjs\/typeorm|['"]typeorm['"]/,
    site: /\bnew\s+DataSource\s*\(|\bTypeOrmModule\.forRoot(?:Async)?\s*\(|\bcreateConnection\s*\(/g,
    bound: /\bpoolSize\s*:|\bextra\s*:\s*\{[^}]*\b(?:max|connectionLimit)\s*:/,
    elsewhere: /\bpoolSize\s*:|\bextra\s*:\s*\{[^}]*\b(?:max|connectionLimit)\s*:/,
    otherwise: ['default', "TypeORM uses the driver's pool default (pg: 10, mysql: 10 connections)"],
    embedded: /type\s*:\s*['"](?:sqlite|better-sqlite3|sqljs)['"]/,
  },
  {
    library: 'mikro-orm',
    languages: ['javascript', 'typescript'],
    requires: /@mikro-orm\//,
    site: /\bMikroORM\.init\s*\(|\bdefineConfig\s*\(/g,
    bound: /\bpool\s*:/,
    otherwise: ['default', 'MikroORM pool default: min 2, max 10'],
  },
  // Go
  {
    library: 'database/sql',
    languages: ['go'],
    site: /\b(?:sql|sqlx|otelsql|sqltrace)\.(?:Open|OpenDB|Connect|MustConnect|MustOpen)\s*\(|\b(?:gorm|ent|xorm)\.(?:Open|NewEngine)\s*\(|\bbun\.NewDB\s*\(|\bstdlib\.OpenDB\s*\(/g,
    elsewhere: /\.SetMaxOpenConns\s*\(/,
    otherwise: ['unbounded', 'database/sql pools without a limit on open connections (MaxOpenConns 0 = unlimited)'],
    embedded: /sqlite|\bsqlite\.Open\b/i,
  },
  {
    library: 'pgxpool',
    languages: ['go'],
    site: /\bpgxpool\.(?:New|Connect|NewWithConfig|ConnectConfig)\s*\(/g,
    elsewhere: /\bMaxConns\s*=|pool_max_conns/,
    otherwise: ['default', 'pgxpool default: max(4, number of CPUs) connections'],
  },
  {
    library: 'pgx',
    languages: ['go'],
    site: /\bpgx\.Connect(?:Config)?\s*\(/g,
    otherwise: ['single', 'a bare pgx connection, no pool'],
  },
  // Java / Kotlin
  {
    library: 'jdbc',
    languages: ['java', 'kotlin'],
    site: /\bDriverManager\.getConnection\s*\(/g,
    otherwise: ['single', 'DriverManager opens a new connection per call, no pool'],
    embedded: /jdbc:(?:sqlite|h2|hsqldb|derby)/i,
  },
  {
    library: 'hikaricp',
    languages: ['java', 'kotlin'],
    // Kotlin constructs without `new`: `HikariDataSource().apply { maximumPoolSize = 10 }`.
    site: /\bHikariConfig\s*\(|\bHikariDataSource\s*\(/g,
    elsewhere: /\b(?:set)?[mM]aximumPoolSize\b|\bmaximum-pool-size\s*[:=]/,
    elsewhereFiles: ['**/*.{yml,yaml,properties}'],
    otherwise: ['default', 'HikariCP default: 10 connections'],
  },
  // Ruby
  {
    library: 'sequel',
    languages: ['ruby'],
    site: /\bSequel\.connect\s*\(|\bSequel\.(?:postgres|mysql2?)\s*\(/g,
    bound: /\bmax_connections\b/,
    otherwise: ['default', 'Sequel pool default: 4 connections'],
    embedded: SQLITE,
  },
  // Rust
  {
    library: 'sqlx',
    languages: ['rust'],
    site: /\b(?:Pg|MySql|Sqlite|Any)PoolOptions\s*(?:::<[^>]*>)?\s*::\s*new\s*\(|\bPoolOptions\s*::\s*<[^>]*>\s*::\s*new\s*\(|\b(?:Pg|MySql|Sqlite|Any)?Pool\s*::\s*connect(?:_lazy)?(?:_with)?\s*\(/g,
    bound: /\.max_connections\s*\(/,
    elsewhere: /\.max_connections\s*\(/,
    otherwise: ['default', 'sqlx pool default: 10 connections'],
    embedded: SQLITE,
  },
  {
    // sea-orm pools through sqlx: `ConnectOptions::new(url)` then `opt.max_connections(n)`, or
    // `Database::connect(url)` with sqlx's defaults.
    library: 'sea-orm',
    languages: ['rust'],
    requires: /\bsea_orm\b/,
    site: /\bConnectOptions\s*::\s*new\s*\(|\bDatabase\s*::\s*connect\s*\(/g,
    bound: /\.max_connections\s*\(/,
    elsewhere: /\.max_connections\s*\(/,
    otherwise: ['default', 'sea-orm pool default (sqlx): 10 connections'],
    embedded: SQLITE,
    optionsFirst: /\bConnectOptions\s*::\s*new\s*\(/,
  },
  {
    library: 'diesel pool',
    languages: ['rust'],
    site: /\b(?:r2d2|deadpool_diesel|bb8|deadpool)(?:::\w+)*::Pool\s*::\s*builder\s*\(|\bPool\s*::\s*builder\s*\(/g,
    bound: /\.max_size\s*\(/,
    otherwise: ['default', 'r2d2/bb8/deadpool default: 10 connections'],
  },
  {
    // A bare tokio-postgres / postgres client: `tokio_postgres::connect(params, NoTls)` hands back one client and its
    // connection task; `postgres::Client::connect(…)` is the blocking form. One connection, no pool.
    library: 'tokio-postgres',
    languages: ['rust'],
    site: /\btokio_postgres\s*::\s*connect\s*\(|\bpostgres\s*::\s*Client\s*::\s*connect\s*\(/g,
    otherwise: ['single', 'a bare tokio-postgres connection, no pool'],
  },
  {
    // diesel's own connection (`PgConnection::establish(url)`, diesel-async's `AsyncPgConnection::establish`): one
    // connection; the pools (r2d2, bb8, deadpool) are read above, and a bare one beside them is dropped as a one-off.
    library: 'diesel',
    languages: ['rust'],
    requires: /\bdiesel(?:_async)?\b/,
    site: /\b(?:Async)?(?:Pg|Mysql|Sqlite)Connection\s*::\s*establish\s*\(/g,
    otherwise: ['single', 'a bare diesel connection, no pool'],
    embedded: SQLITE,
  },
  {
    // sqlx's single connection (`PgConnection::connect(url)`), not its pool.
    library: 'sqlx',
    languages: ['rust'],
    requires: /\bsqlx\b/,
    site: /\b(?:Pg|MySql|Sqlite)Connection\s*::\s*connect(?:_with)?\s*\(/g,
    otherwise: ['single', 'a bare sqlx connection, no pool'],
    embedded: SQLITE,
  },
  {
    // r2d2's pool built without its builder: `r2d2::Pool::new(manager)` (0.8) pools with the default size; 0.7's
    // `Pool::new(config, manager)` takes a `Config::builder().pool_size(n)`.
    library: 'r2d2',
    languages: ['rust'],
    requires: /\br2d2(?:_\w+)?::/,
    site: /\bPool\s*::\s*new\s*\(/g,
    elsewhere: /\.pool_size\s*\(/,
    otherwise: ['default', 'r2d2 default: 10 connections'],
  },
  {
    // deadpool's managed pool (0.5–0.8) takes its maximum size as the second argument: `Pool::new(manager, max)`.
    library: 'deadpool',
    languages: ['rust'],
    requires: /\bdeadpool(?:_\w+)?::/,
    site: /\bPool\s*::\s*new\s*\(/g,
    bound: /,\s*[\w:.]+(?:\([^()]*\))?\s*,?\s*$/,
    otherwise: ['default', 'deadpool default: 4 × CPU cores connections'],
  },
];

/**
 * Each library's site pattern without the g flag, for RepoIndex.holds: whether a file opens connections is tested once
 * per repository file, prefiltered by its literals, however many component views ask.
 */
const FIRST_SITES = new Map(LIBS.map((lib) => [lib, new RegExp(lib.site.source)]));

/** External poolers and pooled endpoints, in deploy configuration, infrastructure code or connection URLs. */
const POOLERS: { re: RegExp; name: string; note: string }[] = [
  {
    re: /^\s*(?:-\s*)?image:\s*["']?[\w./-]*\b(pgbouncer|pgcat|odyssey|proxysql|supavisor|pgpool(?:-ii)?)\b/im,
    name: '$1',
    note: 'pooler deployed beside the service',
  },
  { re: /^\s*FROM\s+[\w./-]*\b(pgbouncer|pgcat|odyssey|proxysql)\b/im, name: '$1', note: 'pooler image built here' },
  {
    re: /\bresource\s+"aws_db_proxy"|AWS::RDS::DBProxy\b|\bnew\s+(?:rds\.)?DatabaseProxy\s*\(|\.addProxy\s*\(/,
    name: 'RDS Proxy',
    note: 'RDS Proxy in front of the database',
  },
  { re: /\bpgbouncer\s*=\s*true\b/, name: 'PgBouncer', note: 'connection URL goes through PgBouncer' },
  { re: /\bpooler\.supabase\.com\b|\.supabase\.co:6543\b/, name: 'Supavisor', note: "Supabase's pooled endpoint" },
  { re: /\b[\w-]+-pooler\.[\w.-]*neon\.tech\b/, name: 'Neon pooler', note: "Neon's pooled endpoint" },
  {
    re: /\bprisma(?:\+postgres)?:\/\/|@prisma\/extension-accelerate\b/,
    name: 'Prisma Accelerate',
    note: 'queries go through Prisma Accelerate',
  },
  // Cloudflare Hyperdrive: the Worker connects through the binding's pooled connection string (`"hyperdrive": [{
  // "binding": "HYPERDRIVE", … }]` in wrangler.jsonc/toml, `env.HYPERDRIVE.connectionString` in the code).
  {
    re: /^\s*(?:["']?hyperdrive["']?\s*[:=]|\[\[\s*(?:env\.[\w-]+\.)?hyperdrive\s*\]\])|\benv\.\w+\.connectionString\b/im,
    name: 'Cloudflare Hyperdrive',
    note: 'Cloudflare Hyperdrive pools the connections of the Workers',
  },
  {
    re: /\bgoogle_alloydb|cloud-sql-proxy[^\n]*--max-connections\b/,
    name: 'Cloud SQL proxy',
    note: 'proxy with a connection limit',
  },
];

/**
 * A part of a connection string left for the user to fill in (`postgres.[PROJECT_REF]:[PASSWORD]@aws-[REGION].pooler…`):
 * the line shows the format a form asks for, not an endpoint the service connects to.
 */
const TEMPLATE_PART = /\[[A-Z][A-Z0-9_-]*\]/;

const HTTP_DRIVER_IMPORT =
  /['"](@vercel\/postgres|@aws-sdk\/client-rds-data|data-api-client|@supabase\/supabase-js|@xata\.io\/client|@aws-sdk\/dsql-signer|drizzle-orm\/(?:d1|libsql|neon-http|planetscale-serverless|vercel-postgres|aws-data-api\/pg|xata-http|tidb-serverless))['"]|\b(hubDatabase)\s*\(|["'](github\.com\/aws\/aws-sdk-go-v2\/feature\/dsql\/auth)["']/;

export function detectPooling(
  repo: RepoIndex,
  facts: {
    database: DatabaseFacts;
    code: CodeFacts;
    liveness: LivenessFacts;
    deps: DepsFacts;
    platform: PlatformFacts;
    /** The Dropwizard YAML configuration (config.ts's dropwizardConfigOf, found once per view). */
    dropwizard: () => DropwizardConfig | undefined;
  },
): PoolingFacts {
  const relational = facts.database.uses.filter((u) => u.kind === 'relational');
  const libraries = relational.map((u) => u.library);
  const servers = relational.filter((u) => !EMBEDDED.has(u.library));
  const httpDrivers: PoolerSignal[] = servers
    .filter((u) => HTTP_DRIVERS.has(u.library))
    .map((u) => ({
      name: u.library,
      file: u.path,
      line: u.line,
      note: `${u.library}: ${u.library === 'cloudflare-d1' ? 'a platform database binding' : 'queries over HTTP'}, no connections to pool`,
    }));
  for (const h of facts.code.grep(HTTP_DRIVER_IMPORT, {
    languages: ['javascript', 'typescript', 'go'],
    kinds: ['source'],
    limit: 3,
  })) {
    if (repo.get(h.path)?.isTest) continue;
    const name = h.groups[1] || (h.groups[2] ? 'Cloudflare D1 (NuxtHub)' : 'Aurora DSQL');
    const how = /dsql/i.test(name)
      ? 'Aurora DSQL: a serverless database that needs no pooler'
      : h.groups[2] || /d1/.test(name)
        ? 'a platform database binding, no connections to pool'
        : 'queries over HTTP, no connections to pool';
    httpDrivers.push({ name, file: h.path, line: h.line, note: `${name}: ${how}` });
  }
  const embeddedOnly = relational.length > 0 && servers.length === 0;
  const sites: PoolSite[] = [];
  const embeddedSites: PoolingFacts['embeddedSites'] = [];
  const prod = (p: string): boolean => {
    const f = repo.get(p);
    return !!f && !f.isTest && facts.liveness.isProductionPath(p);
  };
  const live = (p: string): boolean => prod(p) && facts.liveness.isLive(p);
  if (!embeddedOnly) {
    const elsewhereCache = new Map<RegExp, { file: string; line: number } | null>();
    const elsewhere = (lib: PoolLib): { file: string; line: number } | null => {
      const re = lib.elsewhere!;
      if (!elsewhereCache.has(re)) {
        const hit = [
          ...facts.code.grep(re, { languages: lib.languages, limit: 50 }),
          ...(lib.elsewhereFiles ? repo.grep(re, { include: lib.elsewhereFiles, limit: 50 }) : []),
        ].find((h) => prod(h.path));
        elsewhereCache.set(re, hit ? { file: hit.path, line: hit.line } : null);
      }
      return elsewhereCache.get(re)!;
    };
    for (const lib of LIBS) {
      const first = FIRST_SITES.get(lib)!;
      for (const f of repo.select({ languages: lib.languages, kinds: ['source'] })) {
        if (!prod(f.path) || facts.database.inConnector(f.path) || !repo.holds(first, f.path)) continue;
        const text = facts.code.text(f.path);
        if (text === undefined || (lib.requires && !lib.requires.test(text))) continue;
        // Migration runners open their own short-lived engines (often with NullPool): not the service's pool.
        if (MIGRATION_FILE.test(f.path) || /^\s*(?:from|import)\s+alembic\b/m.test(text)) continue;
        for (const m of text.matchAll(new RegExp(lib.site.source, 'g'))) {
          const open = text.indexOf('(', m.index! + m[0].length - 1);
          const args = bracketBody(text, open) ?? '';
          const expr = `${args}${expressionAt(text, open + args.length + 2, 600)}`;
          if (lib.optionsFirst && !lib.optionsFirst.test(m[0]) && lib.optionsFirst.test(text)) continue;
          const line = repo.lineAt(f.path, m.index!);
          const lineText = repo.lineText(f.path, line) ?? '';
          if (/^\s*(?:class|def|func|function)\s/.test(lineText)) continue;
          // `migration_engine = create_async_engine(url, poolclass=NullPool)` beside the service's engine: the engine
          // a migration run opens for itself, not the pool requests use.
          if (MIGRATION_ENGINE.test(lineText)) continue;
          // The URL in the arguments, or the constructor itself (`SqlitePool::connect(uri)`), names the embedded store.
          if (lib.embedded?.test(m[0] + args)) {
            embeddedSites.push({ library: lib.library, file: f.path, line });
            continue;
          }
          const site = { library: lib.library, file: f.path, line, live: live(f.path) };
          if (lib.unpooled?.re.test(args)) {
            // `if settings.DISABLE_CONNECTION_POOL: return create_engine(url, poolclass=NullPool)`: an engine an
            // operator switches to, beside the pooled one the service runs by default.
            const optIn = pythonOptInSwitch(repo, f.path, line);
            sites.push({
              ...site,
              state: 'unpooled',
              note: optIn ? `${lib.unpooled.note}, only when \`${optIn.cond}\` is set` : lib.unpooled.note,
              ...(optIn ? { optIn: { file: optIn.path, line: optIn.line } } : {}),
            });
            continue;
          }
          const b = lib.bound?.exec(expr);
          if (b) {
            sites.push({
              ...site,
              state: 'configured',
              note: `pool bounded at the site (${b[0].replace(/\s+/g, ' ').trim()})`,
            });
            continue;
          }
          const e = lib.elsewhere && elsewhere(lib);
          if (e) {
            sites.push({
              ...site,
              state: 'configured',
              note: `pool bounded by ${repo.lineText(e.file, e.line)?.trim() ?? 'settings'}`,
              config: e,
            });
            continue;
          }
          if (lib.passthrough?.test(args)) {
            // Options built up in a dict or object in the same file: `kwargs["pool_size"] = ...; create_engine(url, **kwargs)`.
            const inFile =
              lib.bound && new RegExp(lib.bound.source.replace(/\\s\*=|\\s\*:/g, '["\']?\\s*[:=]')).exec(text);
            if (inFile) {
              const cfg = { file: f.path, line: repo.lineAt(f.path, inFile.index) };
              sites.push({
                ...site,
                state: 'configured',
                note: `pool bounded by options built in the same file (${repo.lineText(cfg.file, cfg.line)?.trim()})`,
                config: cfg,
              });
            } else sites.push({ ...site, state: 'unknown', note: 'pool options passed through a variable' });
            continue;
          }
          sites.push({ ...site, state: lib.otherwise[0], note: lib.otherwise[1] });
        }
      }
    }
    frameworkSites(repo, facts, libraries, prod, live, sites, embeddedSites);
  }
  // One Go database handle per file: sql.OpenDB and the bun/GORM wrapper around it are the same pool.
  for (let i = sites.length - 1; i >= 0; i--) {
    const s = sites[i]!;
    if (s.state === 'unbounded' && sites.findIndex((x) => x.state === 'unbounded' && x.file === s.file) < i)
      sites.splice(i, 1);
  }
  // A Go database/sql handle that the function opening it also closes (`db, err := sql.Open(…)` then `defer db.Close()`),
  // beside a bounded Go pool, is a command's one-off connection (goalert's `get-config`, its self-test), not the pool
  // the server runs on. Alone it stays the pool: a server's main closes its handle the same way.
  if (sites.some((s) => s.state === 'configured' && repo.get(s.file)?.language === 'go'))
    for (let i = sites.length - 1; i >= 0; i--) {
      const s = sites[i]!;
      if (s.library === 'database/sql' && s.state === 'unbounded' && closedByOpener(repo, s.file, s.line))
        sites.splice(i, 1);
    }
  // A bare connection next to a pool of the same stack is usually a one-off (a migration, a LISTEN socket).
  const pooled = sites.some((s) => s.state !== 'single');
  const kept = pooled ? sites.filter((s) => s.state !== 'single') : sites;
  const poolers: PoolerSignal[] = [];
  if (!embeddedOnly && relational.length) {
    for (const p of POOLERS) {
      const hit = repo
        .grep(p.re, { kinds: ['source', 'config', 'other'], exclude: NOT_CODE_OR_CONFIG, limit: 20 })
        .find(
          (h) => !repo.get(h.path)?.isTest && !/(^|\/)(docs?|examples?)\//.test(h.path) && !TEMPLATE_PART.test(h.text),
        );
      if (hit) {
        const name = p.name.replace('$1', hit.groups[1] ?? '');
        poolers.push({ name, file: hit.path, line: hit.line, note: p.note });
      }
    }
  }
  kept.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { sites: kept, poolers, httpDrivers, embeddedOnly, embeddedSites, libraries };
}

/**
 * Whether the Go handle assigned at `line` (`db, err := sql.Open(…)`) is closed before the function that opened it
 * ends: a `db.Close()` (deferred or not) in the lines after it, up to the function's closing brace at column 0.
 */
function closedByOpener(repo: RepoIndex, file: string, line: number): boolean {
  const lines = repo.lines(file);
  const handle = /^\s*(\w+)\s*,\s*\w+\s*:?=/.exec(lines[line - 1] ?? '')?.[1];
  if (!handle || handle === '_') return false;
  const close = new RegExp(`\\b${escapeRegExp(handle)}\\.Close\\s*\\(\\s*\\)`);
  for (let i = line; i < lines.length && !/^}/.test(lines[i]!); i++) if (close.test(lines[i]!)) return true;
  return false;
}

/** Frameworks that configure connections in settings rather than a call: Django, Rails, Spring Boot, Prisma, PHP. */
function frameworkSites(
  repo: RepoIndex,
  facts: {
    database: DatabaseFacts;
    code: CodeFacts;
    deps: DepsFacts;
    dropwizard: () => DropwizardConfig | undefined;
  },
  libraries: string[],
  prod: (p: string) => boolean,
  live: (p: string) => boolean,
  sites: PoolSite[],
  embeddedSites: PoolingFacts['embeddedSites'],
): void {
  const use = (lib: string) => facts.database.uses.find((u) => u.library === lib);
  // Django: a new connection per request unless CONN_MAX_AGE keeps them (one per worker thread) or a pool is set.
  const django = use('django-orm');
  if (django) {
    const settings = facts.code
      .grep(/^DATABASES\s*=|^\s*DATABASES\s*\[|dj_database_url\.(?:config|parse)\s*\(|\benv\.db(?:_url)?\s*\(/, {
        languages: ['python'],
        kinds: ['source'],
        limit: 20,
      })
      .filter((h) => prod(h.path));
    const files = [...new Set(settings.map((h) => h.path))];
    const onlySqlite =
      files.length > 0 &&
      files.every((p) => {
        const t = facts.code.text(p) ?? '';
        return /sqlite3/.test(t) && !/postgres|mysql|oracle|dj_database_url|env\.db|DATABASE_URL/i.test(t);
      });
    if (onlySqlite) {
      const h = settings[0]!;
      embeddedSites.push({ library: 'django', file: h.path, line: h.line });
    } else {
      const knob = facts.code
        .grep(
          /["']?CONN_MAX_AGE["']?\s*[:=]\s*([^\n}]+)|\bconn_max_age\s*=\s*([^\n]+)|["']pool["']\s*:\s*(True|\{)|\[\s*["']pool["']\s*\]\s*=|django_db_geventpool|dj_db_conn_pool/,
          {
            languages: ['python'],
            kinds: ['source'],
            limit: 20,
          },
        )
        .filter((h) => prod(h.path));
      const value = (h: { groups: string[] }) => (h.groups[1] || h.groups[2] || 'x').replace(/[,)]\s*$/, '').trim();
      // CONN_MAX_AGE read from the environment with a default of 0: persistent only where the deployment sets it.
      const envDefaultZero = (h: { groups: string[] }) =>
        /\b(?:getenv|environ|env\w*|config)\b/.test(value(h)) && /,\s*["']?0["']?\s*\)/.test(value(h));
      const persistent = knob.find((h) => !/^0$/.test(value(h)) && !envDefaultZero(h));
      const optional = knob.find(envDefaultZero);
      const at = settings[0] ?? { path: django.path, line: django.line };
      if (!persistent && optional)
        sites.push({
          library: 'django',
          file: optional.path,
          line: optional.line,
          state: 'unknown',
          note: 'CONN_MAX_AGE comes from the environment and defaults to 0 (a new connection per request unless the deployment sets it)',
          live: true,
        });
      else if (persistent)
        sites.push({
          library: 'django',
          file: persistent.path,
          line: persistent.line,
          state: 'configured',
          note: /pool|geventpool|conn_pool/.test(persistent.text)
            ? 'connection pool configured'
            : 'persistent connections (CONN_MAX_AGE): one per worker thread, bounded by the workers',
          live: true,
        });
      else
        sites.push({
          library: 'django',
          file: knob[0]?.path ?? at.path,
          line: knob[0]?.line ?? at.line,
          state: 'unpooled',
          note: 'Django opens a new database connection for every request (CONN_MAX_AGE is 0 by default, no pool option)',
          live: true,
        });
    }
  }
  // Rails: config/database.yml pool: (Active Record's pool per process; default 5).
  const ar = use('activerecord');
  if (ar) {
    const yml = repo.glob('{config/database.yml,*/config/database.yml}')[0];
    const pool = yml && repo.grepFirst(/^\s*pool:\s*\S+/, { paths: [yml.path] });
    const adapter = yml && repo.grepFirst(/^\s*adapter:\s*(\S+)/, { paths: [yml.path] });
    const sqliteOnly = yml && !repo.grepFirst(/^\s*adapter:\s*(?!sqlite)\S+|DATABASE_URL/, { paths: [yml.path] });
    if (sqliteOnly)
      embeddedSites.push({ library: 'activerecord', file: adapter?.path ?? yml.path, line: adapter?.line ?? 1 });
    else {
      if (pool)
        sites.push({
          library: 'activerecord',
          file: pool.path,
          line: pool.line,
          state: 'configured',
          note: `Active Record pool per process (${pool.text.trim()})`,
          live: true,
        });
      else
        sites.push({
          library: 'activerecord',
          file: adapter?.path ?? ar.path,
          line: adapter?.line ?? ar.line,
          state: 'default',
          note: 'Active Record default: a pool of 5 connections per process',
          live: true,
        });
    }
  }
  // Spring Boot: HikariCP is the default pool (10 connections) behind spring.datasource.
  const spring = facts.database.uses.find((u) =>
    ['spring-data-jpa', 'spring-data', 'jpa', 'spring-jdbc', 'hibernate', 'mybatis', 'jooq', 'exposed'].includes(
      u.library,
    ),
  );
  if (spring && facts.deps.declared(['jvm', /spring-boot/]) && !sites.some((s) => s.library === 'hikaricp')) {
    const props = repo
      .grep(
        /\b(?:hikari\.)?maximum-pool-size\b|\bhikari\.maximumPoolSize\b|\bmaximumPoolSize\s*[:=]|\btomcat\.max-active\b|\bmax-active\b|\br2dbc\.pool\.max-size\b/,
        {
          include: [
            '**/application*.{yml,yaml,properties}',
            '**/bootstrap*.{yml,yaml,properties}',
            '**/*.java',
            '**/*.kt',
          ],
          limit: 20,
        },
      )
      .find((h) => prod(h.path));
    const urls = repo
      .grep(/\bdatasource\.url\b|^\s*url:\s*jdbc:|^\s*url:\s*\$\{/, {
        include: ['**/application*.{yml,yaml,properties}'],
        limit: 20,
      })
      .filter((h) => prod(h.path))
      // The base configuration before profile files (application-test.properties).
      .sort(baseFirst);
    const embedded = (h: { text: string }): boolean => /jdbc:(?:h2|hsqldb|derby|sqlite)/.test(h.text);
    // H2 in a development profile beside a database server in another (application-dev.yml vs application-prod.yml):
    // production talks to the server.
    const url = urls.find((h) => !embedded(h) && !/application-(?:dev|local|test)\w*\./.test(h.path)) ?? urls[0];
    // Spring Data R2DBC: the reactive connection factory at spring.r2dbc.url is pooled by r2dbc-pool (which the
    // starter brings), 10 connections unless spring.r2dbc.pool.max-size says; a JDBC url beside it is often only
    // Flyway's or Liquibase's (spring.flyway.url), not the pool the service's queries use.
    const r2dbc = (): GrepMatch | undefined =>
      facts.deps.declared(['jvm', /spring-boot-starter-data-r2dbc|r2dbc-pool/])
        ? repo
            .grep(/\br2dbc\.url\s*[=:]|^\s*url:\s*["']?r2dbcs?:/, {
              include: ['**/application*.{yml,yaml,properties}'],
              limit: 10,
            })
            .filter((h) => prod(h.path))
            .sort(baseFirst)[0]
        : undefined;
    // Read only when no pool size is configured: the configured size decides first.
    const r2dbcUrl = props ? undefined : r2dbc();
    if (props)
      sites.push({
        library: /r2dbc/.test(props.text) ? 'r2dbc-pool' : 'hikaricp',
        file: props.path,
        line: props.line,
        state: 'configured',
        note: `pool size set (${props.text.trim()})`,
        live: true,
      });
    else if (r2dbcUrl)
      sites.push({
        library: 'r2dbc-pool',
        file: r2dbcUrl.path,
        line: r2dbcUrl.line,
        state: 'default',
        note: "Spring Boot's R2DBC pool (r2dbc-pool) default: 10 connections",
        live: true,
      });
    else if (url && embedded(url)) embeddedSites.push({ library: 'hikaricp', file: url.path, line: url.line });
    else
      sites.push({
        library: 'hikaricp',
        file: url?.path ?? spring.path,
        line: url?.line ?? spring.line,
        state: 'default',
        note: "Spring Boot's HikariCP default: 10 connections",
        live: true,
      });
  }
  // Dropwizard: the data source factory (`database:` in the YAML it is started with, `driverClass:` and `url:`) builds a
  // Tomcat JDBC pool for JDBI or Hibernate, bounded by its `maxSize` (100 connections unless written).
  const dropwizard = !sites.length && facts.database.relational ? facts.dropwizard() : undefined;
  const driver = dropwizard && repo.grepFirst(/^\s+driverClass\s*:\s*\S/, { paths: [dropwizard.path] });
  if (dropwizard && driver) {
    const max = repo.grepFirst(/^\s+maxSize\s*:\s*\S/, { paths: [dropwizard.path] });
    sites.push({
      library: 'dropwizard-db',
      file: dropwizard.path,
      line: max?.line ?? driver.line,
      state: max ? 'configured' : 'default',
      note: max
        ? `Dropwizard data source pool size set (${max.text.trim()})`
        : 'Dropwizard data source default: a pool of up to 100 connections',
      live: true,
    });
  }
  // Prisma: a pool per client, connection_limit in the URL (default: number of CPUs × 2 + 1).
  const prisma = use('prisma');
  if (prisma) {
    const schema = repo.glob('**/schema.prisma').find((f) => !f.isTest);
    const ds = schema && repo.grepFirst(/^\s*url\s*=|^\s*datasource\s+\w+/, { paths: [schema.path] });
    const where = ds ? { path: ds.path, line: ds.line } : { path: prisma.path, line: prisma.line };
    // Source, configuration and the schema (an `other` file); never translations and the like.
    const limit = repo
      .grep(/\bconnection_limit=\d+|\bconnectionLimit\s*:/, {
        kinds: ['source', 'config', 'other'],
        exclude: NOT_CODE_OR_CONFIG,
        limit: 20,
      })
      .find((h) => {
        const f = repo.get(h.path);
        return !!f && !f.isTest && f.kind !== 'docs' && !/\.mdx?$/.test(h.path) && !/(^|\/)docs?\//.test(h.path);
      });
    const adapterPool = sites.find((s) => s.library === 'pg' || s.library === 'mysql');
    if (limit)
      sites.push({
        library: 'prisma',
        file: limit.path,
        line: limit.line,
        state: 'configured',
        note: `connection limit set (${limit.groups[0]})`,
        live: true,
      });
    else if (!adapterPool)
      sites.push({
        library: 'prisma',
        file: where.path,
        line: where.line,
        state: 'default',
        note: 'Prisma default: a pool of CPUs × 2 + 1 connections per client',
        live: true,
      });
  }
  // Ecto (Phoenix): DBConnection pools every repo (pool_size, default 10).
  const ecto = use('ecto');
  if (ecto) {
    const size = facts.code
      .grep(/\bpool_size:\s*\S/, { languages: ['elixir'], limit: 10 })
      .find((h) => prod(h.path) && !/(^|\/)config\/(?:dev|test)\.exs$/.test(h.path));
    if (size)
      sites.push({
        library: 'ecto',
        file: size.path,
        line: size.line,
        state: 'configured',
        note: 'Ecto repo pool_size set',
        live: true,
      });
    else
      sites.push({
        library: 'ecto',
        file: ecto.path,
        line: ecto.line,
        state: 'default',
        note: 'Ecto default: a pool of 10 connections per repo',
        live: true,
      });
  }
  // PHP: one connection per worker process (PHP-FPM's pm.max_children bounds them); persistent connections are opt-in.
  const php = facts.database.uses.find((u) =>
    ['eloquent', 'doctrine', 'codeigniter', 'cakephp-orm'].includes(u.library),
  );
  if (php)
    sites.push({
      library: php.library,
      file: php.path,
      line: php.line,
      state: 'default',
      note: "PHP: one connection per worker process, bounded by the FPM pool's max_children",
      live: true,
    });
  void libraries;
  void live;
}

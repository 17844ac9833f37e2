import { DOTNET_LANGUAGES } from '../repo/classify.js';
import path from 'node:path';
import type { GrepMatch, RepoIndex } from '../repo/index.js';
import { escapeRegExp } from '../repo/text.js';
import { isCommentLine } from './code-scan.js';
import { dotnetFileUses } from './dotnet.js';
import type { ImportFacts } from './imports.js';
import type { ManifestFacts } from './manifests.js';
import {
  inNestedGoModule,
  isProductionPath,
  libraryGoMigration,
  type LivenessFacts,
  MIGRATION_FOLDER,
} from './liveness.js';

export interface DatabaseUse {
  /** The driver or ORM: 'sqlalchemy', 'prisma', 'gorm', 'spring-data-jpa', 'activerecord' ... */
  library: string;
  kind: 'relational' | 'document' | 'key-value' | 'search';
  path: string;
  line: number;
  excerpt?: string;
  /**
   * Django: the ORM is known only from the settings' DATABASES, and no models module of the project declares a model
   * class: the tables are those of the installed contrib apps (auth, sessions, admin), created by the migrations they
   * ship.
   */
  settingsOnly?: boolean;
}

/** A class whose bases name a …Model (`class Album(models.Model):`, `class Note(TimeStampedModel, Owned):`). */
const DJANGO_MODEL_CLASS = /^\s*class\s+\w+\s*\([^)\n]*Model\b/;

export interface DatabaseFacts {
  uses: DatabaseUse[];
  /**
   * Drivers that reach stores the service does not keep: imported only by connector units (stores the users name),
   * opened on a connection string the request names, or following another service's document store.
   */
  connectors: DatabaseUse[];
  /** The custom resource (or API group) a Kubernetes operator runs its users' databases by: its drivers reach those. */
  operated?: string;
  /** A file of a connector catalogue: the connections it opens reach its users' stores. */
  inConnector: (file: string) => boolean;
  /** Where the service takes its connection string from the request: each caller names the database it reaches. */
  requestNamed?: GrepMatch;
  /** Where the service follows a document store's change stream, in code that writes to none: the store is another's. */
  followed?: GrepMatch;
  /** Where EF Core is set up on its in-memory provider, when no context of the production code uses another. */
  inMemoryOnly?: GrepMatch;
  relational: boolean;
  any: boolean;
}

const SIGNALS: [string, DatabaseUse['kind'], string | RegExp][] = [
  ['sqlalchemy', 'relational', 'sqlalchemy'],
  ['sqlmodel', 'relational', 'sqlmodel'],
  ['psycopg2', 'relational', 'psycopg2'],
  ['psycopg', 'relational', 'psycopg'],
  ['asyncpg', 'relational', 'asyncpg'],
  ['pymysql', 'relational', 'pymysql'],
  ['sqlite3', 'relational', /^sqlite3$/],
  ['peewee', 'relational', 'peewee'],
  ['tortoise-orm', 'relational', 'tortoise'],
  ['databases', 'relational', /^databases$/],
  // Quart-DB: PostgreSQL (asyncpg) or SQLite connections handed to each request (`QuartDB(app)`, `g.connection`).
  ['quart-db', 'relational', 'quart_db'],
  ['django-orm', 'relational', /^django\.db$/],
  // ClickHouse, an SQL column store (an events or analytics database the service keeps).
  [
    'clickhouse',
    'relational',
    /^(?:clickhouse_connect|clickhouse_driver|aiochclient|asynch)$|^@clickhouse\/client(?:-web)?$|^github\.com\/ClickHouse\/clickhouse-go/,
  ],
  ['pymongo', 'document', 'pymongo'],
  ['motor', 'document', 'motor'],
  ['beanie', 'document', 'beanie'],
  ['pg', 'relational', /^(pg|postgres|pg-promise)$/],
  ['mysql', 'relational', /^mysql2?$/],
  ['better-sqlite3', 'relational', 'better-sqlite3'],
  ['prisma', 'relational', '@prisma/client'],
  ['typeorm', 'relational', 'typeorm'],
  ['sequelize', 'relational', 'sequelize'],
  ['knex', 'relational', 'knex'],
  ['drizzle', 'relational', /^drizzle-orm/],
  ['kysely', 'relational', 'kysely'],
  ['mikro-orm', 'relational', /^@mikro-orm\//],
  // AdonisJS Lucid (v6 `@adonisjs/lucid/orm`, v5 `@ioc:Adonis/Lucid/Orm`), on knex underneath.
  ['lucid', 'relational', /^@adonisjs\/lucid$|^@ioc:Adonis\/Lucid$/],
  ['mongoose', 'document', 'mongoose'],
  ['mongodb', 'document', 'mongodb'],
  // Payload CMS keeps its collections through the database adapter its config names (`db: mongooseAdapter({…})`).
  ['payload-mongodb', 'document', '@payloadcms/db-mongodb'],
  ['payload-sql', 'relational', /^@payloadcms\/db-(?:postgres|vercel-postgres|sqlite|d1-sqlite)$/],
  // Beego's ORM (on database/sql, with the driver registered beside it): the tables its models map.
  ['beego-orm', 'relational', /^github\.com\/(?:beego\/beego\/v2\/client\/orm|astaxie\/beego\/orm)\b/],
  // database/sql itself; `database/sql/driver` alone is imported to implement Valuer/Scanner on a type (a go-enum
  // enum), which uses no database.
  ['database/sql', 'relational', /^database\/sql$/],
  ['gorm', 'relational', /^(gorm\.io\/gorm|github\.com\/jinzhu\/gorm)/],
  ['pgx', 'relational', /^github\.com\/jackc\/pgx/],
  ['lib/pq', 'relational', 'github.com/lib/pq'],
  ['go-sql-driver', 'relational', 'github.com/go-sql-driver/mysql'],
  ['sqlx', 'relational', 'github.com/jmoiron/sqlx'],
  ['ent', 'relational', /^entgo\.io\/ent/],
  ['xorm', 'relational', /^(xorm\.io\/xorm|github\.com\/go-xorm)/],
  // Pop (gobuffalo/pop, and ory/x's popx on top of it): an ORM over database/sql with its own Fizz migrations.
  ['pop', 'relational', /^(github\.com\/gobuffalo\/pop|github\.com\/ory\/pop)/],
  // PocketBase as a Go framework keeps its collections in an embedded SQLite database (pb_data/data.db).
  ['pocketbase', 'relational', /^github\.com\/pocketbase\/pocketbase(?:\/core|\/migrations)?$/],
  ['mongo-go', 'document', /^go\.mongodb\.org\/mongo-driver/],
  // Embedded key-value stores kept in a file beside the service (BoltDB, storm and HashiCorp's Raft log store on top of
  // it, Badger, Pebble).
  [
    'bolt',
    'key-value',
    /^(go\.etcd\.io\/bbolt|github\.com\/boltdb\/bolt|github\.com\/asdine\/storm|github\.com\/hashicorp\/raft-boltdb)/,
  ],
  ['badger', 'key-value', /^github\.com\/dgraph-io\/badger/],
  // Key-value interfaces that open the engine the operator configures (Badger or BoltDB files by default, a table in
  // MySQL or Postgres otherwise): smallstep's nosql, conduit-commons' database packages. The wrapper creates its
  // tables and owns the connection, so the service keeps key-value data with no schema of its own.
  ['nosql', 'key-value', /^github\.com\/smallstep\/nosql\b/],
  ['conduit-commons-database', 'key-value', /^github\.com\/conduitio\/conduit-commons\/database\b/],
  ['pebble', 'key-value', /^github\.com\/cockroachdb\/pebble/],
  // Amazon DynamoDB through the AWS SDKs (Java v2 and v1, JavaScript v3) or PynamoDB's models: the tables are the
  // service's own store (boto3's clients are read by their call below).
  [
    'dynamodb',
    'key-value',
    /^software\.amazon\.awssdk\.services\.dynamodb\b|^com\.amazonaws\.services\.dynamodbv2\b|^@aws-sdk\/(?:client|lib)-dynamodb$|^pynamodb\b/,
  ],
  // Google Cloud Firestore through its server clients (Java and Spring Cloud GCP's repositories, Node, Go, Python),
  // not the browser SDK (`firebase/firestore`, whose rules and data belong to the Firebase project): the collections are
  // the service's own store.
  [
    'firestore',
    'document',
    /^com\.google\.cloud\.(?:spring\.data\.)?firestore\b|^@google-cloud\/firestore$|^firebase-admin\/firestore$|^cloud\.google\.com\/go\/firestore\b|^google\.cloud\.firestore(?:_v1)?\b/,
  ],
  ['bun', 'relational', /^github\.com\/uptrace\/bun/],
  ['sqlite-go', 'relational', /^(github\.com\/mattn\/go-sqlite3|modernc\.org\/sqlite)/],
  ['sqlc-pgconn', 'relational', /^github\.com\/jackc\/pgconn/],
  ['aiosqlite', 'relational', 'aiosqlite'],
  ['aiomysql', 'relational', 'aiomysql'],
  ['mysqlclient', 'relational', 'MySQLdb'],
  ['pyodbc', 'relational', 'pyodbc'],
  ['oracledb', 'relational', /^(oracledb|cx_Oracle)$/],
  ['ormar', 'relational', 'ormar'],
  ['piccolo', 'relational', 'piccolo'],
  ['pony', 'relational', /^pony$/],
  ['flask-sqlalchemy', 'relational', 'flask_sqlalchemy'],
  ['mongoengine', 'document', 'mongoengine'],
  ['sqlite-node', 'relational', /^sqlite$/],
  // The runtimes' built-in SQLite modules (Bun's `bun:sqlite`, Node 22's `node:sqlite`): a file database like better-sqlite3.
  ['sqlite-builtin', 'relational', /^(?:bun|node):sqlite$/],
  ['mssql', 'relational', /^(mssql|tedious)$/],
  ['objection', 'relational', 'objection'],
  ['node-oracledb', 'relational', 'oracledb'],
  ['neon', 'relational', '@neondatabase/serverless'],
  ['planetscale', 'relational', '@planetscale/database'],
  ['libsql', 'relational', /^@libsql\//],
  // Hibernate ORM, not Hibernate Validator (org.hibernate.validator: Bean Validation, used with any store) nor
  // Hibernate Search (org.hibernate.search: an Elasticsearch/Lucene index; ORM's own imports come beside it when it
  // maps entities).
  ['hibernate', 'relational', /^org\.hibernate\.(?!validator\b|search\b)/],
  ['jooq', 'relational', /^org\.jooq\b/],
  ['mybatis', 'relational', /^org\.(mybatis|apache\.ibatis)\b/],
  ['exposed', 'relational', /^org\.jetbrains\.exposed\b/],
  ['mongodb-java', 'document', /^com\.mongodb\b/],
  ['sequel', 'relational', /^sequel$/],
  ['mongoid', 'document', /^mongoid$/],
  ['jpa', 'relational', /^(javax|jakarta)\.persistence\b/],
  ['spring-jdbc', 'relational', /^org\.springframework\.jdbc\b/],
  ['spring-data', 'relational', /^org\.springframework\.data\.(jpa|jdbc|r2dbc)\b/],
  ['spring-data-mongodb', 'document', /^org\.springframework\.data\.mongodb\b/],
  // JVM data access beside JPA and Spring: JDBI, JDO (DataNucleus), plain JDBC connections and pools, R2DBC, Ebean,
  // Micronaut Data, Ktorm, Quarkus Panache and the Vert.x SQL clients.
  ['jdbi', 'relational', /^org\.jdbi\b/],
  ['jdo', 'relational', /^(?:javax|jakarta)\.jdo\b|^org\.datanucleus\b/],
  [
    'jdbc',
    'relational',
    /^java\.sql\.(?:Connection|DriverManager|PreparedStatement|CallableStatement)$|^javax\.sql\.DataSource$|^com\.zaxxer\.hikari\b/,
  ],
  ['r2dbc', 'relational', /^io\.r2dbc\b|^org\.springframework\.r2dbc\b/],
  ['ebean', 'relational', /^io\.ebean\b/],
  ['micronaut-data', 'relational', /^io\.micronaut\.data\.(?:jdbc|r2dbc|jpa)\b/],
  ['ktorm', 'relational', /^org\.ktorm\b/],
  ['panache', 'relational', /^io\.quarkus\.hibernate\.(?:orm|reactive)\.panache\b/],
  ['vertx-sql', 'relational', /^io\.vertx\.(?:mutiny\.)?(?:sqlclient|pgclient|mysqlclient|jdbcclient)\b/],
  // Scala's data access (`import scalikejdbc._`, `import slick.jdbc.PostgresProfile.api._`, `import doobie.implicits._`):
  // ScalikeJDBC, Slick, Doobie, Anorm, Quill and Skunk, Play's own JDBC module (`play.api.db.Database`), and the Scala
  // MongoDB drivers (the official one, which HMRC's hmrc-mongo repositories import beside their own, and ReactiveMongo).
  // hmrc-mongo's own packages alone are left: a frontend importing only them keeps its session cache there.
  ['scalikejdbc', 'relational', /^scalikejdbc\b/],
  ['slick', 'relational', /^slick\.(?:jdbc|driver|lifted|dbio|basic)\b/],
  ['doobie', 'relational', /^doobie\b/],
  ['anorm', 'relational', /^anorm\b/],
  ['quill', 'relational', /^io\.getquill\b/],
  ['skunk', 'relational', /^skunk\b/],
  ['play-db', 'relational', /^play\.api\.db\b/],
  ['mongodb-scala', 'document', /^org\.mongodb\.scala\b|^reactivemongo\b|^play\.modules\.reactivemongo\b/],
];

/** boto3's DynamoDB client or resource: `boto3.client("dynamodb", …)`, `session.resource(service_name='dynamodb')`. */
const PY_DYNAMODB_CLIENT = /\.(?:client|resource)\(\s*(?:service_name\s*=\s*)?["']dynamodb["']/;

/**
 * The first ADO.NET connection the service opens to a database it keeps: a SQLite file opened read-only
 * (`Mode = SqliteOpenMode.ReadOnly`, `Mode=ReadOnly` in the connection string) is reference data shipped with the
 * app, nothing to migrate, back up or expire.
 */
function writableAdoConnection(repo: RepoIndex, re: RegExp): GrepMatch | undefined {
  return repo.grep(re, { languages: DOTNET_LANGUAGES, kinds: ['source'], limit: 20 }).find((h) => {
    // A connection left in a comment (`// use db = new NpgsqlConnection(…)`) opens nothing.
    if (isCommentLine(h.text)) return false;
    if (!/SqliteConnection/.test(h.text)) return true;
    return !/\bSqliteOpenMode\.ReadOnly\b|\bMode\s*=\s*ReadOnly\b/i.test(repo.read(h.path) ?? '');
  });
}

/**
 * A unit of a connector catalogue: a file or folder named for the engine it reaches and the role it plays
 * (`pkg/scalers/postgresql_scaler.go`, `retriever/mongodbretriever/`), beside at least two siblings of the same role.
 * Each reads a store its user names (the database a ScaledObject queries for its metric, the collection flags are
 * kept in): the driver reaches the users' data, not a store the service keeps.
 */
const CONNECTOR_UNIT = /^[a-z0-9][\w-]*?(scaler|retriever|connector|datasource)(?:v\d+)?$/i;

/**
 * A file named for the engine it writes to (`sql/clickhouse.go`, `sql/snowflake.go`): a folder of at least three,
 * one of them a data warehouse, is a catalogue of destinations its users configure (an ETL loader's adapters). A
 * service never keeps its own data in Snowflake or BigQuery, so the folder's driver imports reach its users' stores.
 */
const ENGINE_FILE =
  /^(?:postgres(?:ql)?|mysql|mariadb|clickhouse|mssql|sqlserver|oracle|sqlite|duckdb|mongodb|snowflake|bigquery|redshift|databricks)$/i;
const WAREHOUSE = /^(?:snowflake|bigquery|redshift|databricks)$/i;

/**
 * The engine a driver reaches, as named in a CustomResourceDefinition (`postgresqls.acid.zalan.do`,
 * `mariadbs.k8s.mariadb.com`): a repository defining such a resource is the operator of that database, and connects to
 * each instance it runs for its users to create roles and databases. Its own state is the resources themselves.
 */
const OPERATED_ENGINE: Record<string, RegExp> = {
  pgx: /postgres/i,
  'lib/pq': /postgres/i,
  'sqlc-pgconn': /postgres/i,
  'go-sql-driver': /mysql|mariadb/i,
  'mongo-go': /mongo/i,
  clickhouse: /clickhouse/i,
};
/**
 * A member of Go's database/sql that reaches a database: anything but its errors, nullable types (the generic
 * `sql.Null[T]` too) and Scanner.
 */
const SQL_MEMBER = /\bsql\.(?!Err[A-Z]\w*\b|Null(?:[A-Z]\w*)?\b|Scanner\b|RawBytes\b)[A-Z]/;

/** Libraries whose importers open a connection only when they name what does (the client, a database/sql call). */
const CLIENT_NAMED: Record<string, RegExp> = { prisma: /\bPrismaClient\b/, 'database/sql': SQL_MEMBER };
/** Interfaces over any engine's driver: they reach what the engine drivers imported beside them reach. */
const ENGINE_NEUTRAL = new Set(['database/sql', 'sqlx']);

/**
 * A connection string read from the request (`const connectionString = request.headers.pg`, `dsn := r.Header.Get(…)`,
 * `database_url = request.json["url"]`): each caller names the database it works on, as a database console or a schema
 * API does, and the service keeps none of its own.
 */
const REQUEST_NAMED_CONNECTION =
  /\b(?:connection_?string|conn_?str(?:ing)?|dsn|database_?url|db_?url)\s*(?::=|[:=])\s*(?:await\s+)?(?:req|request|ctx|c|r)\.(?:headers?|body|query|params|json|Header\.Get)\b/i;

/** A change stream followed (MongoDB's `collection.watch(pipeline)`). */
const CHANGE_STREAM = /\.watch\s*\(/;
/** EF Core's in-memory provider (Microsoft.EntityFrameworkCore.InMemory): a process-local store, lost on restart. */
const EF_IN_MEMORY = /\.\s*UseInMemoryDatabase\s*\(/;
/**
 * The EF Core providers of a database that keeps its data (`UseSqlServer`, `UseNpgsql`, `UseSqlite` …), configured on
 * the options, or registered through a provider's or Aspire's helper (`AddSqlServer<Ctx>(…)`,
 * `AddNpgsqlDbContext<Ctx>(…)`).
 */
const EF_STORED_PROVIDER =
  /\.\s*Use(?:SqlServer|AzureSql|AzureSynapse|Npgsql|Sqlite|MySql|MySQL|Oracle|Cosmos|Firebird|MongoDB|Jet|Db2|SingleStore|Spanner|Dm|Kdbndp|Snowflake)\s*\(|\.\s*Add(?:SqlServer|Npgsql|Sqlite|MySql|Oracle|Cosmos)(?:DbContext)?\s*<|\.\s*AddAzure(?:Npgsql|Sql|Cosmos)\w*DbContext\s*</;

/**
 * Every EF Core context of the production code runs on the in-memory provider (`options.UseInMemoryDatabase("Todos")`)
 * and no provider of a database that keeps data is configured anywhere in it: the contexts hold their rows in the
 * process, with no schema to migrate, back up or pool connections to.
 */
function efCoreInMemoryOnly(repo: RepoIndex): GrepMatch | undefined {
  const live = (h: GrepMatch): boolean => !isCommentLine(h.text) && !repo.get(h.path)?.isTest;
  const inMemory = repo.grep(EF_IN_MEMORY, { languages: DOTNET_LANGUAGES, kinds: ['source'] }).find(live);
  if (!inMemory || repo.grep(EF_STORED_PROVIDER, { languages: DOTNET_LANGUAGES, kinds: ['source'] }).some(live))
    return undefined;
  return inMemory;
}

/** An Orleans silo's persistent grain storage provider, registered on the silo builder; group 1 names the provider. */
const ORLEANS_GRAIN_STORAGE =
  /\.\s*Add(AdoNet|MongoDB|AzureTable|AzureBlob|Cosmos|Redis|DynamoDB)GrainStorage(?:AsDefault)?\s*\(/;
/** A write through a document store's client, or a call named like one: either keeps the store the service's own. */
const DOCUMENT_WRITE =
  /\.(?:insert(?:One|Many)?|update(?:One|Many)?|replaceOne|delete(?:One|Many)?|remove|findOneAnd\w+|bulkWrite|save|upsert|create(?:Index|Collection))\s*[([]/;

/** The connector units a path lies in: each with its catalogue (the parent folder and the role). */
function connectorUnitsOf(file: string): { catalogue: string; unit: string }[] {
  const parts = file.replace(/\.\w+$/, '').split('/');
  return parts.flatMap((unit, i) => {
    const role = CONNECTOR_UNIT.exec(unit)?.[1]?.toLowerCase();
    return role ? [{ catalogue: `${parts.slice(0, i).join('/')}\0${role}`, unit }] : [];
  });
}

function connectorUnits(repo: RepoIndex): (file: string) => boolean {
  return repo.memo('database:connector-units', () => {
    const units = new Map<string, Set<string>>();
    for (const f of repo.files)
      for (const { catalogue, unit } of connectorUnitsOf(f.path)) {
        const set = units.get(catalogue) ?? new Set<string>();
        set.add(unit);
        units.set(catalogue, set);
      }
    const engines = new Map<string, Set<string>>();
    for (const f of repo.files) {
      const { dir, name } = path.posix.parse(f.path);
      if (ENGINE_FILE.test(name)) engines.set(dir, (engines.get(dir) ?? new Set()).add(name.toLowerCase()));
    }
    const destinations = [...engines]
      .filter(([, stems]) => stems.size >= 3 && [...stems].some((e) => WAREHOUSE.test(e)))
      .map(([dir]) => `${dir}/`);
    return (file: string): boolean =>
      connectorUnitsOf(file).some((u) => (units.get(u.catalogue)?.size ?? 0) >= 3) ||
      destinations.some((d) => file.startsWith(d));
  });
}

/**
 * Cloudflare's stores a Worker keeps its data in, by the wrangler config section that binds them: D1 (SQLite), Workers
 * KV and Durable Objects (whose storage API the object classes write). R2 buckets hold files, not records.
 */
const WORKER_STORES: [string, DatabaseUse['kind'], string][] = [
  ['cloudflare-d1', 'relational', 'd1_databases'],
  ['workers-kv', 'key-value', 'kv_namespaces'],
  ['durable-objects', 'key-value', 'durable_objects'],
];
/** A Durable Object writing its own storage (`this.ctx.storage.put(…)`, `state.storage.sql.exec(…)`). */
const DURABLE_STORAGE = /\b(?:ctx|state)\.storage\.(?:put|get|delete|list|transaction|sql)\b/;

/** The binding names a wrangler config section declares (`[[kv_namespaces]]` tables, a `"kv_namespaces": [...]` array). */
function wranglerBindings(text: string, section: string): string[] {
  const names: string[] = [];
  const key = escapeRegExp(section);
  const opens = new RegExp(`^\\s*(?:\\[\\[(?:env\\.[\\w-]+\\.)?${key}(?:\\.bindings)?\\]\\]|"${key}"\\s*:)`);
  let inside = false;
  for (const line of text.split(/\r?\n/)) {
    if (opens.test(line)) inside = true;
    else if (inside && /^\s*[[\]]/.test(line)) inside = false;
    if (!inside) continue;
    for (const m of line.matchAll(/(?:^|[\s{,])"?(?:binding|name)"?\s*[:=]\s*["'](\w+)["']/g)) names.push(m[1]!);
    // A JSON array closed on its own line (`"kv_namespaces": [{ "binding": "KV", "id": "…" }]`).
    if (!/^\s*\[\[/.test(line) && /\]\s*,?\s*(?:\/\/.*)?$/.test(line)) inside = false;
  }
  return names;
}

/**
 * The Cloudflare stores a wrangler config binds and the code uses: `env.KV`, `const { DB } = cloudflare.env` for KV and
 * D1, the objects' own storage calls for Durable Objects. A binding the code never names keeps nothing.
 */
function cloudflareStores(repo: RepoIndex): DatabaseUse[] {
  const configs = repo
    .byName(/^wrangler\.(?:toml|jsonc?)$/)
    .filter((f) => !f.isTest && !f.path.includes('node_modules/'))
    .map((f) => repo.read(f.path) ?? '');
  const out: DatabaseUse[] = [];
  for (const [library, kind, section] of WORKER_STORES) {
    const names = configs.flatMap((text) => wranglerBindings(text, section));
    if (!names.length) continue;
    const alt = names.map(escapeRegExp).join('|');
    const use =
      library === 'durable-objects'
        ? DURABLE_STORAGE
        : new RegExp(
            `(?<!process\\.)\\benv\\s*\\.\\s*(?:${alt})\\b|\\{[^}\\n]{0,200}?\\b(?:${alt})\\b[^}\\n]{0,200}\\}\\s*=\\s*[\\w$.]{0,80}\\benv\\b`,
          );
    const hit = repo
      .grep(use, { languages: ['typescript', 'javascript'], kinds: ['source'], limit: 20 })
      .find((h) => !repo.get(h.path)?.isTest && !isCommentLine(h.text));
    if (hit) out.push({ library, kind, path: hit.path, line: hit.line, excerpt: hit.text });
  }
  return out;
}

/**
 * Clients of a search engine (Elasticsearch, OpenSearch) as declared in a manifest: the official clients of each
 * language and the common Go and .NET ones.
 */
const SEARCH_CLIENT =
  /^(?:elasticsearch(?:-ruby|-dsl)?|opensearch-(?:ruby|py)|@elastic\/elasticsearch|@opensearch-project\/opensearch|github\.com\/(?:elastic\/go-elasticsearch|olivere\/elastic|opensearch-project\/opensearch-go)(?:\/v\d+)?|co\.elastic\.clients:elasticsearch-java|org\.(?:elasticsearch|opensearch)\.client:[\w-]+|NEST|Elastic\.Clients\.Elasticsearch|OpenSearch\.Client)$/;
/**
 * A write that makes the search engine the service's own store: an index created (`client.indices.create(…)`,
 * `indices().create(…)`, `CreateIndexRequest`) or documents bulk-indexed (`client.bulk(…)`, `helpers.bulk(…)`,
 * `BulkRequest`). A service that only searches a cluster another system fills writes neither.
 */
const SEARCH_WRITE =
  /\bindices(?:\s*\(\s*\))?\s*\.\s*create\s*\(|\.\s*[Bb]ulk\s*\(|\bhelpers\.(?:parallel_|streaming_)?bulk\s*\(|\b(?:CreateIndex|Bulk)Request\b/;

/** The search engine a service writes its own indices to, in the code it runs. */
function searchEngineStore(repo: RepoIndex, manifests: ManifestFacts): DatabaseUse | undefined {
  const client = manifests.dependencies.find((d) => !d.dev && SEARCH_CLIENT.test(d.name));
  if (!client) return undefined;
  const hit = repo
    .grep(SEARCH_WRITE, { kinds: ['source'], limit: 50 })
    .find((h) => !repo.get(h.path)?.isTest && !isCommentLine(h.text) && isProductionPath(h.path));
  return hit && { library: client.name, kind: 'search', path: hit.path, line: hit.line, excerpt: hit.text };
}

/**
 * The folders of Rust procedural-macro crates (`[lib] proc-macro = true`): their code runs in the compiler, and a
 * crate path they write into the code they generate (`parse_quote! { created: Option<rbatis::rbdc::DateTime> }`) is
 * not a database the service opens.
 */
function procMacroCrateDirs(repo: RepoIndex): string[] {
  return repo
    .byName(/^Cargo\.toml$/)
    .filter((f) => /^\s*proc[-_]macro\s*=\s*true\b/m.test(repo.read(f.path) ?? ''))
    .map((f) => path.posix.dirname(f.path));
}

export function detectDatabase(
  repo: RepoIndex,
  imports: ImportFacts,
  manifests: ManifestFacts,
  liveness?: LivenessFacts,
  crds: string[] = [],
): DatabaseFacts {
  const uses: DatabaseUse[] = [];
  let inMemoryOnly: GrepMatch | undefined;
  const connectors: DatabaseUse[] = [];
  // A driver or ORM imported only by production source the running service never reaches does not count: an old
  // one-off under tools/, a sub-project nothing imports. Judged by top-level folder (a module beside the live code,
  // such as app/db.py next to app/main.py, belongs to the service even where no import was followed). Migration
  // scripts still count (the tool runs them), and so does everything in a repository that keeps migrations.
  const topOf = (file: string): string => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '');
  // In a Go module of its own inside the repository (inNestedGoModule) a file counts only where its package is
  // reached, and its migrations only beside code the service reaches.
  const nested = inNestedGoModule(repo);
  const libraryMigration = liveness && libraryGoMigration(repo, liveness);
  const keepsMigrations = repo.files.some((f) => MIGRATION_FOLDER.test(f.path) && !libraryMigration?.(f.path));
  const connector = connectorUnits(repo);
  // Searched only when a driver use could be a connector's (no migrations kept) or a connector is reported.
  let requestNamedFound: { match: GrepMatch | undefined } | undefined;
  const requestNamed = (): GrepMatch | undefined =>
    (requestNamedFound ??= {
      match: keepsMigrations ? undefined : repo.grepFirst(REQUEST_NAMED_CONNECTION, { kinds: ['source'] }),
    }).match;
  let followed: GrepMatch | undefined;
  let engineDrivers: string[] | undefined;
  const operatedBy = (library: string): string | undefined => {
    if (!crds.length) return undefined;
    engineDrivers ??= SIGNALS.filter(([lib, , pkg]) => OPERATED_ENGINE[lib] && imports.importersOf(pkg).length).map(
      ([lib]) => lib,
    );
    const drivers = ENGINE_NEUTRAL.has(library) ? engineDrivers : OPERATED_ENGINE[library] ? [library] : [];
    // The resource named for the engine, the shortest (`mariadbs.k8s.mariadb.com`, not `externalmariadbs.…`), else the
    // API group that is (`postgresql.cnpg.io`).
    const resources = drivers.map((d) => {
      const engine = OPERATED_ENGINE[d]!;
      const group = (name: string): string => name.slice(name.indexOf('.') + 1);
      const named = crds.filter((name) => engine.test(name.split('.')[0]!)).sort((a, b) => a.length - b.length);
      return named[0] ?? crds.map(group).find((g) => engine.test(g));
    });
    return resources.every(Boolean) ? resources[0] : undefined;
  };
  const liveTops =
    liveness?.resolved && !keepsMigrations ? new Set(liveness.liveSources().map((f) => topOf(f.path))) : undefined;
  const counts = (file: string): boolean =>
    !liveTops ||
    (liveTops.has(topOf(file)) && !(file.endsWith('.go') && nested(file))) ||
    liveness!.isLive(file) ||
    repo.get(file)?.kind !== 'source' ||
    !!repo.get(file)?.isTest;
  for (const [library, kind, pkg] of SIGNALS) {
    // Prisma's enums and types (`import { TemplateStyle } from "@prisma/client"` in a front end's shared package) open
    // no connection: only code that names the client does.
    // Nor does a Go file that imports database/sql only for its sentinels and nullable types (`errors.Is(err,
    // sql.ErrNoRows)` beside a key-value store, `sql.NullString` fields).
    const named = CLIENT_NAMED[library];
    const all = imports.importersOf(pkg).filter((r) => !named || named.test(repo.read(r.file) ?? ''));
    if (all.length && !all.some((r) => counts(r.file))) continue;
    // The store's own module cites it best: code the service runs (not a developer's tool beside it), the file importing
    // most of the library (a repository class importing the client, its requests and its types), not the first that
    // happens to import one of its exceptions.
    const perFile = new Map<string, number>();
    for (const r of all) perFile.set(r.file, (perFile.get(r.file) ?? 0) + 1);
    const dead = (file: string): number => Number(!!liveness && !liveness.isLive(file));
    const refs = all.sort(
      (a, b) =>
        dead(a.file) - dead(b.file) ||
        Number(connector(a.file)) - Number(connector(b.file)) ||
        perFile.get(b.file)! - perFile.get(a.file)! ||
        a.file.localeCompare(b.file) ||
        a.line - b.line,
    );
    // Evidence prefers application code over migration scripts (which import the ORM too).
    const ref = refs.find((r) => !MIGRATION_FOLDER.test(r.file)) ?? refs[0];
    if (!ref) continue;
    const use = { library, kind, path: ref.file, line: ref.line, excerpt: repo.lineText(ref.file, ref.line) };
    // A driver only connector units import, or one opened on a connection string the request names (and no schema of
    // the repository's own), reaches its users' stores; so does an operator's, whatever folders look like migrations
    // (CloudNativePG's `pkg/versions` holds its version strings).
    const used = all.filter((r) => !repo.get(r.file)?.isTest);
    // A document store the service only reads, following its change stream, is the store of the service that writes it.
    const files = kind === 'document' ? [...new Set(used.map((r) => r.file))] : [];
    const watch = files.length ? repo.grepFirst(CHANGE_STREAM, { paths: files }) : undefined;
    // Writes are looked for in the folders of the files importing the driver, where its repositories live too.
    const folders = [...new Set(files.map((f) => `${path.posix.dirname(f)}/**`))];
    const follows =
      watch && !repo.grepFirst(DOCUMENT_WRITE, { kinds: ['source'], include: folders }) ? watch : undefined;
    if (
      operatedBy(library) ||
      (!keepsMigrations && used.length && (requestNamed() || used.every((r) => connector(r.file)))) ||
      follows
    ) {
      connectors.push(use);
      followed ??= follows;
    } else uses.push(use);
  }
  // Django projects configure DATABASES in settings; models.Model subclasses use it.
  const djangoModel = repo.grepFirst(/\(\s*models\.Model\s*\)/, { languages: ['python'], kinds: ['source'] });
  if (djangoModel)
    uses.push({
      library: 'django-orm',
      kind: 'relational',
      path: djangoModel.path,
      line: djangoModel.line,
      excerpt: djangoModel.text,
    });
  // Amazon DynamoDB from Python through boto3 (`boto3.client("dynamodb", region_name=…)`, `session.resource('dynamodb')`):
  // the module imported is boto3 alone, the store is named in the call; its tables are the service's own store.
  if (!uses.some((u) => u.library === 'dynamodb')) {
    // The service's own client first (a live module), else one in production code (an operator's script).
    const clients = repo
      .grep(PY_DYNAMODB_CLIENT, { languages: ['python'], kinds: ['source'], limit: 20 })
      .filter((h) => !repo.get(h.path)?.isTest && !isCommentLine(h.text) && isProductionPath(h.path));
    const dynamo = clients.find((h) => liveness?.isLive(h.path)) ?? clients[0];
    if (dynamo)
      uses.push({ library: 'dynamodb', kind: 'key-value', path: dynamo.path, line: dynamo.line, excerpt: dynamo.text });
  }
  // Rails: ActiveRecord is configured by config/database.yml and used by models inheriting ApplicationRecord.
  if (manifests.declared('ruby', 'rails') || manifests.declared('ruby', 'activerecord')) {
    const model = repo.grepFirst(/<\s*(ApplicationRecord|ActiveRecord::Base)\b/, {
      languages: ['ruby'],
      kinds: ['source'],
    });
    if (model)
      uses.push({
        library: 'activerecord',
        kind: 'relational',
        path: model.path,
        line: model.line,
        excerpt: model.text,
      });
  }
  // Mongoid in a Bundler app (Rails requires every gem of the Gemfile): models include Mongoid::Document without any
  // `require "mongoid"` of their own.
  if (!uses.some((u) => u.library === 'mongoid') && manifests.declared('ruby', 'mongoid')) {
    const doc = repo
      .grep(/^\s*include\s+Mongoid::Document\b/, { languages: ['ruby'], kinds: ['source'], limit: 20 })
      .find((h) => !repo.get(h.path)?.isTest);
    if (doc) uses.push({ library: 'mongoid', kind: 'document', path: doc.path, line: doc.line, excerpt: doc.text });
  }
  // ROM (Hanami 2's hanami-db, rom-sql): relations are loaded by the framework, nothing requires the gem by name.
  if (
    manifests.declared('ruby', 'hanami-db') ||
    manifests.declared('ruby', 'rom-sql') ||
    manifests.declared('ruby', 'rom')
  ) {
    const relation = repo.grepFirst(/<\s*(?:\w+::)*(?:DB::Relation|ROM::Relation\[:sql\])/, {
      languages: ['ruby'],
      kinds: ['source'],
    });
    if (relation)
      uses.push({
        library: 'rom',
        kind: 'relational',
        path: relation.path,
        line: relation.line,
        excerpt: relation.text,
      });
  }
  // Django settings with a DATABASES dict: the ORM is configured even when models live in installed apps.
  if (!uses.some((u) => u.library === 'django-orm')) {
    const dbs = repo.grepFirst(/^DATABASES\s*=\s*(\{|dj_database_url|env\.db)/, {
      languages: ['python'],
      kinds: ['source'],
    });
    if (dbs && repo.grepFirst(/\bdjango\b/, { paths: [dbs.path] })) {
      // A class deriving from anything named …Model in a models module (`models.Model`, `TimeStampedModel`, an own
      // `BaseModel`) is a model of the project's own.
      const model = repo.grepFirst(DJANGO_MODEL_CLASS, {
        languages: ['python'],
        kinds: ['source'],
        include: ['**/models.py', '**/models/*.py'],
      });
      uses.push({
        library: 'django-orm',
        kind: 'relational',
        path: dbs.path,
        line: dbs.line,
        excerpt: dbs.text,
        ...(model ? {} : { settingsOnly: true }),
      });
    }
  }
  // Rails: config/database.yml with an adapter configures ActiveRecord for the app.
  if (
    !uses.some((u) => u.library === 'activerecord') &&
    (manifests.declared('ruby', 'rails') || manifests.declared('ruby', 'activerecord'))
  ) {
    const yml = repo.glob('{config/database.yml,*/config/database.yml}')[0];
    const adapter = yml && repo.grepFirst(/^\s*adapter:\s*\S+/, { paths: [yml.path] });
    if (adapter)
      uses.push({
        library: 'activerecord',
        kind: 'relational',
        path: adapter.path,
        line: adapter.line,
        excerpt: adapter.text,
      });
  }
  // Spring Boot data starters with entity classes (JPA) or repositories (JDBC) in production code.
  if (
    !uses.some((u) => u.kind === 'relational' && ['jpa', 'spring-data', 'spring-jdbc', 'hibernate'].includes(u.library))
  ) {
    const starter = manifests.dependencies.find(
      (d) =>
        d.ecosystem === 'jvm' &&
        !d.dev &&
        /:spring-boot-starter-data-(jpa|jdbc|r2dbc)$|:spring-boot-starter-jdbc$/.test(d.name),
    );
    const entity =
      starter &&
      repo.grepFirst(/^\s*@(Entity|Table)\b|extends\s+(Jpa|Crud|PagingAndSorting|ListCrud)Repository\b/, {
        languages: ['java', 'kotlin'],
        kinds: ['source'],
      });
    if (starter && entity)
      uses.push({
        library: 'spring-data-jpa',
        kind: 'relational',
        path: entity.path,
        line: entity.line,
        excerpt: entity.text,
      });
  }
  // PHP: Laravel's Eloquent (config/database.php) and Doctrine ORM, declared in composer.json. Eloquent is also used
  // outside Laravel through its own package (`illuminate/database`, booted by a Capsule manager, Phinx migrations).
  if (manifests.declared('php', 'laravel/framework') || manifests.declared('php', 'illuminate/database')) {
    // config/database.php comes with every Laravel skeleton: it names a database only when something uses one,
    // a migration, a model, the DB or Schema facade, or a session, queue or cache kept in the database (Laravel 11's
    // defaults). A site with none of them (pages rendered from files) keeps no data in a database.
    const used = () =>
      repo.glob('**/migrations/**/*.php').some((f) => !f.isTest) ||
      repo.grepFirst(/\bextends\s+(?:Model|Authenticatable|Pivot)\b|\b(?:DB|Schema)::\w/, {
        languages: ['php'],
        kinds: ['source'],
        // A Blade view shows code to readers (a marketing page's `Schema::create` sample); it does not run it.
        exclude: '**/*.blade.php',
      }) !== undefined ||
      repo.grepFirst(/^\s*(?:SESSION_DRIVER|QUEUE_CONNECTION|CACHE_STORE|CACHE_DRIVER)\s*=\s*database\b/m, {
        paths: ['.env.example', '.env.dist', '.env.sample'],
      }) !== undefined ||
      repo.grepFirst(/env\(\s*'(?:SESSION_DRIVER|QUEUE_CONNECTION|CACHE_STORE|CACHE_DRIVER)'\s*,\s*'database'\s*\)/, {
        paths: ['config/session.php', 'config/queue.php', 'config/cache.php'],
      }) !== undefined;
    const cfg =
      repo.has('config/database.php') && used()
        ? repo.grepFirst(/['"]default['"]\s*=>/, { paths: ['config/database.php'] })
        : undefined;
    // Without config/database.php or models: Laravel's database layer used directly (the query builder on a connection
    // it is handed, `use Illuminate\Database\ConnectionInterface;`, `DB::table(…)`).
    const model =
      cfg ??
      repo.grepFirst(/\bextends\s+Model\b/, { languages: ['php'], kinds: ['source'] }) ??
      repo.grepFirst(
        /^\s*use\s+\\?Illuminate\\Database\\(?:ConnectionInterface|Connection|DatabaseManager|Capsule\\Manager)\s*;|\bDB::(?:table|connection)\s*\(/m,
        { languages: ['php'], kinds: ['source'] },
      );
    if (model)
      uses.push({ library: 'eloquent', kind: 'relational', path: model.path, line: model.line, excerpt: model.text });
  }
  if (manifests.declared('php', 'doctrine/orm') || manifests.declared('php', 'doctrine/doctrine-bundle')) {
    // Entities mapped by attributes or annotations, or in mapping files: XML/YAML (`*.orm.xml`, `*.orm.yml`) and PHP
    // mapping files that build the metadata in code (`new ClassMetadataBuilder($metadata)`). Attributes may be grouped,
    // one per line (`#[\n    ORM\Entity,\n    ORM\Table(name: 'users'),\n]`).
    const entity =
      repo.grepFirst(
        /#\[ORM\\Entity\b|@ORM\\Entity\b|#\[Entity\b|^\s*ORM\\Entity\s*(?:[,(\]]|$)|\bnew\s+ClassMetadataBuilder\s*\(/,
        {
          languages: ['php'],
          kinds: ['source'],
        },
      ) ??
      repo
        .glob('**/*.orm.{xml,yml,yaml}')
        .filter((f) => !f.isTest)
        .map((f) => repo.grepFirst(/<entity\b|^[\w\\]+:\s*$/m, { paths: [f.path] }))
        .find(Boolean);
    if (entity)
      uses.push({
        library: 'doctrine',
        kind: 'relational',
        path: entity.path,
        line: entity.line,
        excerpt: entity.text,
      });
  }
  // CodeIgniter 4: models extending the framework's Model (`use CodeIgniter\Model;`) or a connection asked of it
  // (`db_connect()`, `\Config\Database::connect()`), connected by app/Config/Database.php.
  if (manifests.declared('php', 'codeigniter4/framework') || manifests.declared('php', 'codeigniter4/codeigniter4')) {
    const model = repo.grepFirst(
      /^\s*use\s+CodeIgniter\\Model\s*;|\bextends\s+\\?CodeIgniter\\Model\b|\bdb_connect\s*\(|\bConfig\\Database::connect\s*\(/m,
      { languages: ['php'], kinds: ['source'] },
    );
    if (model)
      uses.push({
        library: 'codeigniter',
        kind: 'relational',
        path: model.path,
        line: model.line,
        excerpt: model.text,
      });
  }
  // CakePHP's ORM: table classes (`class UsersTable extends Table` with `use Cake\ORM\Table;`) or a table asked of the
  // locator (`TableRegistry::getTableLocator()->get('Users')`, `$this->fetchTable('Users')`), connected through the
  // `Datasources` of config/app.php. The skeleton's config alone is no database: something must use a table.
  if (
    manifests.declared('php', 'cakephp/cakephp') ||
    manifests.declared('php', 'cakephp/orm') ||
    manifests.declared('php', 'cakephp/database')
  ) {
    const table = repo.grepFirst(
      /^[ \t]*use\s+Cake\\ORM\\(?:Table|TableRegistry|Locator\\LocatorAwareTrait)\s*;|\bextends\s+\\?Cake\\ORM\\Table\b|\bTableRegistry::get(?:TableLocator)?\s*\(|\bfetchTable\s*\(/m,
      // A migration asks the locator for a table to move data; the service's own tables are the evidence.
      { languages: ['php'], kinds: ['source'], exclude: ['**/{migrations,Migrations}/**', '**/{seeds,Seeds}/**'] },
    );
    if (table)
      uses.push({
        library: 'cakephp-orm',
        kind: 'relational',
        path: table.path,
        line: table.line,
        excerpt: table.text,
      });
  }
  // PHP without an ORM: PDO opened in production code (`new \PDO('sqlite:' . $path)`, `new PDO\Sqlite(…)`) or mysqli.
  if (!uses.some((u) => ['eloquent', 'doctrine', 'codeigniter', 'cakephp-orm'].includes(u.library))) {
    const pdo = repo.grepFirst(
      /\bnew\s+\\?PDO(?:\\\w+)?\s*\(\s*(?!['"]sqlite::memory:)|\bnew\s+\\?mysqli\s*\(|\bmysqli_connect\s*\(/,
      {
        languages: ['php'],
        kinds: ['source'],
      },
    );
    if (pdo) uses.push({ library: 'pdo', kind: 'relational', path: pdo.path, line: pdo.line, excerpt: pdo.text });
  }
  // Elixir: an Ecto repo (`use Ecto.Repo, adapter: Ecto.Adapters.Postgres`), declared through ecto_sql; an Ash data
  // layer's repo (`use AshPostgres.Repo, otp_app: :app`) is an Ecto repo too.
  if (
    [
      'ecto_sql',
      'ecto',
      'phoenix_ecto',
      'postgrex',
      'myxql',
      'ecto_sqlite3',
      'ash_postgres',
      'ash_sqlite',
      'ash_mysql',
    ].some((d) => manifests.declared('elixir', d))
  ) {
    const repoMod = repo.grepFirst(/^\s*use\s+(?:Ecto|AshPostgres|AshSqlite|AshMysql)\.Repo\b/, {
      languages: ['elixir'],
      kinds: ['source'],
    });
    if (repoMod) {
      const adapter = /Ecto\.Adapters\.(\w+)/.exec(
        repo
          .lines(repoMod.path)
          .slice(repoMod.line - 1, repoMod.line + 3)
          .join(' '),
      )?.[1];
      uses.push({
        library: 'ecto',
        kind: adapter && /Mongo/i.test(adapter) ? 'document' : 'relational',
        path: repoMod.path,
        line: repoMod.line,
        excerpt: repoMod.text,
      });
    }
  }
  // Rust: crates declared in Cargo.toml and used in source.
  let macroDirs: string[] | undefined;
  const inProcMacro = (file: string): boolean =>
    (macroDirs ??= procMacroCrateDirs(repo)).some((d) => file.startsWith(d === '.' ? 'src/' : `${d}/src/`));
  for (const [crate, mod, kind] of [
    ['sqlx', 'sqlx', 'relational'],
    ['diesel', 'diesel', 'relational'],
    ['sea-orm', 'sea_orm', 'relational'],
    ['tokio-postgres', 'tokio_postgres', 'relational'],
    ['rusqlite', 'rusqlite', 'relational'],
    // Pooled and plain drivers without an ORM: r2d2's managers (`r2d2_sqlite::SqliteConnectionManager`), the sync
    // `postgres` and `mysql` crates, mysql_async, deadpool/bb8 Postgres pools, SQL Server's tiberius.
    ['r2d2_sqlite', 'r2d2_sqlite', 'relational'],
    ['r2d2_mysql', 'r2d2_mysql', 'relational'],
    ['r2d2_postgres', 'r2d2_postgres', 'relational'],
    ['postgres', 'postgres', 'relational'],
    ['mysql', 'mysql', 'relational'],
    ['mysql_async', 'mysql_async', 'relational'],
    ['deadpool-postgres', 'deadpool_postgres', 'relational'],
    ['bb8-postgres', 'bb8_postgres', 'relational'],
    ['tiberius', 'tiberius', 'relational'],
    // rbatis: an ORM over its rbdc drivers (`RBatis::new()` then `rb.link(PgDriver {}, url)`), with its own pool.
    ['rbatis', 'rbatis', 'relational'],
    ['mongodb', 'mongodb', 'document'],
    // SurrealDB: the client of a SurrealDB server or the database embedded in the service (`Surreal::new::<RocksDb>(path)`,
    // `any::connect("surrealkv://data")`): records the service keeps either way.
    ['surrealdb', 'surrealdb', 'document'],
    // Embedded key-value stores kept on disk (a Matrix homeserver's RocksDB, a search index's sled or redb).
    ['rocksdb|rust-rocksdb', 'rocksdb', 'key-value'],
    ['sled', 'sled', 'key-value'],
    ['redb', 'redb', 'key-value'],
    // native_db: typed models over redb, kept in a file the service opens (`Builder::new().create(&MODELS, path)`).
    ['native_db', 'native_db', 'key-value'],
    ['heed', 'heed', 'key-value'],
    ['fjall', 'fjall', 'key-value'],
  ] as const) {
    if (!crate.split('|').some((c) => manifests.declared('rust', c))) continue;
    // A crate that only borrows the types an ORM re-exports (`use sea_orm::sqlx::types::chrono::NaiveDateTime;`, a
    // worker sharing a model crate with the service that owns the database) opens no database.
    const typesOnly = new RegExp(`\\b${mod}::(?:sqlx::)?types::`);
    const hit = repo
      .grep(new RegExp(`\\b(use\\s+${mod}\\b|${mod}::)`), { languages: ['rust'], kinds: ['source'] })
      .find((h) => !typesOnly.test(h.text) && !inProcMacro(h.path));
    if (hit) uses.push({ library: crate.split('|')[0]!, kind, path: hit.path, line: hit.line, excerpt: hit.text });
  }
  // .NET: EF Core contexts, ADO.NET/Dapper connections, the MongoDB driver and RavenDB in production C#. ABP's
  // contexts derive from its own bases and are registered by its own calls (`AddAbpDbContext<…>`,
  // `AddMongoDbContext<…>` on `AbpMongoDbContext`).
  for (const [library, kind, re] of [
    // F# derives with `inherit DbContext(options)` and constructs with a qualified name or a string argument and no
    // parentheses (`new Npgsql.NpgsqlConnection(connectionString)`, `new NpgsqlConnection "Host=…"`).
    [
      'ef-core',
      'relational',
      /:\s*(?:Identity|Abp)?DbContext\b|\binherit\s+(?:Identity)?DbContext\b|\bAdd(?:Abp)?DbContext(?:Pool|Factory)?\s*</,
    ],
    // Npgsql.DependencyInjection / MySqlConnector.DependencyInjection register the data source the repositories are
    // given (`services.AddNpgsqlDataSource(connectionString)`); a data source is also built by hand
    // (`new NpgsqlDataSourceBuilder(…).Build()`) or registered by a package of the organisation's and only taken by
    // the repositories (`ActorRepository(NpgsqlDataSource dataSource)`).
    [
      'ado.net',
      'relational',
      /\bnew\s+(?:(?:Npgsql|MySqlConnector|MySql\.Data\.MySqlClient|Microsoft\.Data\.(?:SqlClient|Sqlite)|System\.Data\.SqlClient)\.)?(?:Npgsql|Sql|MySql|Sqlite)Connection\s*[("]|\bNpgsqlDataSource\.Create\s*\(|\.\s*Add(?:MultiHost)?(?:Npgsql|MySql)DataSource\s*\(|\bnew\s+Npgsql(?:Slim)?DataSourceBuilder\s*\(|(?:^|[(,])\s*(?:Npgsql|MySql)DataSource\s+\w+\s*[,)]/,
    ],
    // Convey's MongoDB package registers a repository per collection (`.AddMongoRepository<OrderDocument, Guid>("orders")`).
    [
      'mongodb-driver',
      'document',
      /\bnew\s+MongoClient\s*\(|:\s*AbpMongoDbContext\b|\bAddMongoDbContext\s*<|\.AddMongoRepository\s*<\s*\w+\s*,/,
    ],
    // RavenDB's client store, set up by object initializer (`new DocumentStore { Urls = …, Database = … }`; Marten's
    // store takes its options in parentheses), or the embedded server the client starts in-process.
    ['ravendb-client', 'document', /\bnew\s+DocumentStore\s*(?:\{|$)|\bEmbeddedServer\.Instance\.StartServer\s*\(/],
    // Marten: JSON documents (and event streams) kept in PostgreSQL tables it creates, registered on the host
    // (`services.AddMarten(opts => opts.Connection(…))`) or built by its static factory (`DocumentStore.For(…)`).
    ['marten', 'document', /\.\s*AddMarten\s*\(|\bDocumentStore\s*\.\s*For\s*[(<]/],
    // Azure's managed stores as the service's own tables, like DynamoDB's: Cosmos DB's client, and Table storage's
    // (Azure.Data.Tables, the older Cosmos Table and WindowsAzure.Storage `CreateCloudTableClient()`), built by hand or
    // registered through Microsoft.Extensions.Azure or Aspire's client integrations.
    ['cosmos-db', 'document', /\bnew\s+CosmosClient(?:Builder)?\s*\(|\.\s*Add(?:Keyed)?AzureCosmosClient\s*\(/],
    [
      'azure-tables',
      'key-value',
      /\bnew\s+Table(?:Service)?Client\s*\(|\.\s*(?:Add(?:Keyed)?Azure(?:TableService|Table)Client|AddTableServiceClient|CreateCloudTableClient)\s*\(/,
    ],
  ] as const) {
    const hit =
      library === 'ado.net'
        ? writableAdoConnection(repo, re)
        : // A registration commented out (`// services.AddDbContext<…>(…)`, an alternative provider left in the file) is
          // no use.
          repo.grep(re, { languages: DOTNET_LANGUAGES, kinds: ['source'] }).find((h) => !isCommentLine(h.text));
    const inMemory = hit && library === 'ef-core' ? efCoreInMemoryOnly(repo) : undefined;
    if (inMemory) inMemoryOnly = inMemory;
    else if (hit) uses.push({ library, kind, path: hit.path, line: hit.line, excerpt: hit.text });
  }
  // Orleans grain persistence: the silo writes each grain's state to the storage provider it registers
  // (`siloBuilder.AddAdoNetGrainStorage("Default", …)`, `.AddMongoDBGrainStorage(…)`, `.AddAzureTableGrainStorage(…)`).
  // In-memory grain storage (`AddMemoryGrainStorage`) keeps nothing.
  const grainStore = repo
    .grep(ORLEANS_GRAIN_STORAGE, { languages: DOTNET_LANGUAGES, kinds: ['source'] })
    .find((h) => !isCommentLine(h.text));
  if (grainStore) {
    const provider = ORLEANS_GRAIN_STORAGE.exec(grainStore.text)?.[1] ?? '';
    const kind =
      provider === 'AdoNet' ? 'relational' : /^(?:MongoDB|Cosmos)$/.test(provider) ? 'document' : 'key-value';
    uses.push({
      library: `orleans-${provider.toLowerCase()}-grain-storage`,
      kind,
      path: grainStore.path,
      line: grainStore.line,
      excerpt: grainStore.text,
    });
  }
  // MassTransit's saga repository on MongoDB (`.MongoDbRepository(r => { r.Connection = …; r.DatabaseName = … })` on a
  // state machine or saga registration, in a file using MassTransit): the sagas' instances live in the service's own
  // collections, written as messages arrive.
  if (!uses.some((u) => u.library === 'mongodb-driver')) {
    const saga = repo
      .grep(/\.\s*MongoDbRepository\s*\(/, { languages: DOTNET_LANGUAGES, kinds: ['source'] })
      .find((h) => !isCommentLine(h.text) && dotnetFileUses(repo, h.path, 'MassTransit'));
    if (saga)
      uses.push({ library: 'mongodb-driver', kind: 'document', path: saga.path, line: saga.line, excerpt: saga.text });
  }
  // Platform stores kept by a serverless host: Deno KV (`Deno.openKv()`, the runtime's own database on Deno Deploy) and
  // Netlify Blobs (`getStore` of @netlify/blobs, persistent key-value storage of the site). Both outlive every deploy.
  const denoKv = repo.grepFirst(/\bDeno\.openKv\s*\(/, { languages: ['typescript', 'javascript'], kinds: ['source'] });
  if (denoKv && !repo.get(denoKv.path)?.isTest)
    uses.push({ library: 'deno-kv', kind: 'key-value', path: denoKv.path, line: denoKv.line, excerpt: denoKv.text });
  const blobs = imports.importersOf('@netlify/blobs').sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  for (const ref of blobs) {
    const store = repo.grepFirst(/\bget(?:Deploy)?Store\s*\(/, { paths: [ref.file] });
    // getDeployStore holds data of one deploy only; getStore is the site-wide store that persists.
    if (!store || /getDeployStore/.test(store.text)) continue;
    uses.push({ library: 'netlify-blobs', kind: 'key-value', path: store.path, line: store.line, excerpt: store.text });
    break;
  }
  uses.push(...cloudflareStores(repo));
  const search = searchEngineStore(repo, manifests);
  if (search) uses.push(search);
  // Prisma schema with a datasource counts even when the client import sits in generated code.
  const prisma = repo.glob('**/schema.prisma')[0];
  if (prisma && !uses.some((u) => u.library === 'prisma')) {
    const ds = repo.grepFirst(/^\s*datasource\s+\w+/, { paths: [prisma.path] });
    if (ds) uses.push({ library: 'prisma', kind: 'relational', path: ds.path, line: ds.line, excerpt: ds.text });
  }
  const dedup = uses.filter((u, i) => uses.findIndex((v) => v.library === u.library) === i);
  const namedByRequest = connectors.length ? requestNamed() : undefined;
  return {
    uses: dedup,
    connectors,
    operated: connectors.map((u) => operatedBy(u.library)).find(Boolean),
    inConnector: connector,
    ...(namedByRequest ? { requestNamed: namedByRequest } : {}),
    ...(followed ? { followed } : {}),
    ...(inMemoryOnly ? { inMemoryOnly } : {}),
    relational: dedup.some((u) => u.kind === 'relational'),
    any: dedup.length > 0,
  };
}

import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const pooling = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files)).pooling;
const states = (files: Record<string, string>) =>
  pooling(files).sites.map((s) => `${s.library} ${s.file}:${s.line} ${s.state}`);

const GO_MOD = 'module example.com/svc\n\ngo 1.22\n\nrequire github.com/lib/pq v1.10.9\n';
const REQS = 'sqlalchemy==2.0.29\npsycopg2-binary==2.9.9\nalembic==1.13.1\n';

describe('facts: pooling', () => {
  it('reads SQLAlchemy engines: bounds at the site, library defaults, NullPool, options built in the same file', () => {
    expect(
      states({
        'requirements.txt': REQS,
        'app/a.py': 'from sqlalchemy import create_engine\nengine = create_engine(URL, pool_size=5)\n',
        'app/b.py': 'from sqlalchemy import create_engine\nengine = create_engine(URL)\n',
        'app/c.py':
          'from sqlalchemy import create_engine, pool\nengine = create_engine(URL, poolclass=pool.NullPool)\n',
        'app/d.py':
          'from sqlalchemy import create_engine\nopts = {"max_overflow": 4}\nengine = create_engine(URL, **opts)\n',
        'app/e.py': 'from sqlalchemy import create_engine\nengine = create_engine(URL, **opts)\n',
        'app/f.py': 'from sqlalchemy import create_engine\nengine = create_engine("sqlite:///local.db")\n',
      }),
    ).toEqual([
      'sqlalchemy app/a.py:2 configured',
      'sqlalchemy app/b.py:2 default',
      'sqlalchemy app/c.py:2 unpooled',
      'sqlalchemy app/d.py:3 configured',
      'sqlalchemy app/e.py:2 unknown',
    ]);
  });

  it('marks a NullPool engine an operator switches on (`if settings.X:`), not one under a plain condition', () => {
    const sites = pooling({
      'requirements.txt': REQS,
      'app/db.py': [
        'from sqlalchemy import create_engine, pool',
        'def make(url, local):',
        '    if settings.USE_PGBOUNCER:',
        '        return create_engine(url, poolclass=pool.NullPool)',
        '    if local:',
        '        return create_engine(url, poolclass=pool.NullPool)',
        '    return create_engine(url, pool_size=5)',
      ].join('\n'),
    }).sites;
    expect(sites.map((s) => [s.line, s.state, s.optIn?.line])).toEqual([
      [4, 'unpooled', 3],
      [6, 'unpooled', undefined],
      [7, 'configured', undefined],
    ]);
    expect(sites[0]!.note).toContain('only when `settings.USE_PGBOUNCER` is set');
  });

  it('leaves out an engine assigned to a migration name beside the service engine in the same file', () => {
    expect(
      states({
        'requirements.txt': REQS,
        'app/engines.py': [
          'from sqlalchemy import create_engine, pool',
          'def make(url, migrate):',
          '    engine = create_engine(url, pool_size=5)',
          '    if migrate:',
          '        migration_engine = create_engine(url, poolclass=pool.NullPool)',
          '        run_migrations(migration_engine)',
          '    return engine',
        ].join('\n'),
      }),
    ).toEqual(['sqlalchemy app/engines.py:3 configured']);
  });

  it('leaves migration runners out: alembic env.py and files that import alembic open their own engines', () => {
    expect(
      states({
        'requirements.txt': REQS,
        'alembic/env.py':
          'from alembic import context\nfrom sqlalchemy import create_engine, pool\ne = create_engine(URL, poolclass=pool.NullPool)\n',
        'app/db.py': 'from sqlalchemy import create_engine\nengine = create_engine(URL, max_overflow=2)\n',
      }),
    ).toEqual(['sqlalchemy app/db.py:2 configured']);
  });

  it("Go's database/sql is unbounded until SetMaxOpenConns is called anywhere in production code", () => {
    const open =
      'package main\n\nimport "database/sql"\n\nfunc open() *sql.DB {\n\tdb, _ := sql.Open("postgres", "")\n\treturn db\n}\n';
    expect(states({ 'go.mod': GO_MOD, 'db.go': open })).toEqual(['database/sql db.go:6 unbounded']);
    expect(
      states({
        'go.mod': GO_MOD,
        'db.go': open,
        'tune.go': 'package main\n\nfunc tune() { db.SetMaxOpenConns(10) }\n',
      }),
    ).toEqual(['database/sql db.go:6 configured']);
    // A SetMaxOpenConns that only a test calls does not bound the service.
    expect(
      states({
        'go.mod': GO_MOD,
        'db.go': open,
        'db_test.go': 'package main\n\nfunc t() { db.SetMaxOpenConns(10) }\n',
      }),
    ).toEqual(['database/sql db.go:6 unbounded']);
  });

  it('embedded SQLite is not judged, and a bare client beside a pool is a one-off', () => {
    const p = pooling({
      'go.mod': 'module example.com/svc\n\ngo 1.22\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n',
      'db.go': 'package main\n\nimport "database/sql"\n\nvar db, _ = sql.Open("sqlite3", "file:x.db")\n',
    });
    expect(p.sites).toEqual([]);
    expect(p.embeddedSites.map((e) => `${e.library} ${e.file}:${e.line}`)).toEqual(['database/sql db.go:5']);
    expect(
      states({
        'package.json': '{"dependencies":{"pg":"8.11.5","express":"4.19.2"}}',
        'src/db.js':
          "const { Pool, Client } = require('pg');\nconst pool = new Pool();\nconst listener = new Client();\n",
      }),
    ).toEqual(['pg src/db.js:2 default']);
  });

  it('finds external poolers and pooled endpoints, not mentions in documentation', () => {
    const p = pooling({
      'package.json': '{"dependencies":{"pg":"8.11.5"}}',
      'src/db.js': "const { Pool } = require('pg');\nmodule.exports = new Pool({ max: 5 });\n",
      'docker-compose.yml': 'services:\n  pool:\n    image: bitnami/pgbouncer:1.22.0\n',
      'docs/setup.md': 'Use ?pgbouncer=true when you put PgBouncer in front.\n',
    });
    expect(p.poolers.map((x) => `${x.name} ${x.file}:${x.line}`)).toEqual(['pgbouncer docker-compose.yml:3']);
  });

  it('Prisma: connection_limit is read from source and configuration, never from translations or stylesheets', () => {
    const app = {
      'package.json': '{"dependencies":{"@prisma/client":"5.0.0"}}',
      'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n',
      'src/db.ts': "import { PrismaClient } from '@prisma/client';\nexport const db = new PrismaClient();\n",
      // A translated help text that quotes the setting: not the app's configuration.
      'locales/de/messages.po': 'msgid "Use ?connection_limit=5 in the URL"\nmsgstr "Nutze ?connection_limit=5"\n',
    };
    expect(states(app)).toEqual(['prisma prisma/schema.prisma:1 default']);
    expect(states({ ...app, '.env.production': 'DATABASE_URL=postgres://db/app?connection_limit=5\n' })).toEqual([
      'prisma .env.production:1 configured',
    ]);
  });

  it('Django: CONN_MAX_AGE or a pool option keeps connections; without them a connection per request', () => {
    const settings = (extra: string) =>
      `DATABASES = {\n    "default": {\n        "ENGINE": "django.db.backends.postgresql",\n${extra}    }\n}\n`;
    const files = (extra: string) => ({
      'requirements.txt': 'Django==5.0.4\n',
      'shop/settings.py': settings(extra),
      'shop/models.py': 'from django.db import models\n\nclass Item(models.Model):\n    pass\n',
    });
    expect(states(files(''))).toEqual(['django shop/settings.py:1 unpooled']);
    expect(states(files('        "CONN_MAX_AGE": 60,\n'))).toEqual(['django shop/settings.py:4 configured']);
    expect(states(files('        "CONN_MAX_AGE": int(os.environ.get("CONN_MAX_AGE", 0)),\n'))).toEqual([
      'django shop/settings.py:4 unknown',
    ]);
    expect(states(files('        "OPTIONS": {"pool": True},\n'))).toEqual(['django shop/settings.py:4 configured']);
  });
});

describe('facts: pooling — sea-orm', () => {
  const crate = (db: string) => ({
    'Cargo.toml':
      '[package]\nname = "depot"\n[dependencies]\nsea-orm = { version = "1.1", features = ["sqlx-postgres"] }\n',
    'src/main.rs': 'mod db;\n#[tokio::main]\nasync fn main() { db::open("postgres://db/depot".into()).await; }\n',
    'src/db.rs': db,
  });

  it('takes ConnectOptions::new as the one site of the options Database::connect consumes, bounded by max_connections', () => {
    const src = [
      'use sea_orm::{ConnectOptions, Database};',
      'pub async fn open(url: String) {',
      '    let mut opt = ConnectOptions::new(url);',
      '    opt.max_connections(8);',
      '    Database::connect(opt).await.unwrap();',
      '}',
    ].join('\n');
    expect(states(crate(src))).toEqual(['sea-orm src/db.rs:3 configured']);
  });

  it('reads Database::connect with a URL as the library default, and skips an embedded SQLite URL', () => {
    const open = (url: string) =>
      `use sea_orm::Database;\npub async fn open(_u: String) {\n    Database::connect(${url}).await.unwrap();\n}\n`;
    expect(states(crate(open('&_u')))).toEqual(['sea-orm src/db.rs:3 default']);
    expect(states(crate(open('"sqlite::memory:"')))).toEqual([]);
  });
});

describe('facts: pooling — bare Rust connections', () => {
  const crate = (deps: string, db: string) => ({
    'Cargo.toml': `[package]\nname = "tally"\n[dependencies]\n${deps}\n`,
    'src/main.rs': 'mod db;\nfn main() { db::open(); }\n',
    'src/db.rs': db,
  });

  it('reads tokio_postgres::connect, postgres::Client::connect, diesel establish and sqlx connections as single', () => {
    expect(
      states(
        crate('tokio-postgres = "0.7"', 'pub async fn open() {\n    tokio_postgres::connect(URL, NoTls).await;\n}\n'),
      ),
    ).toEqual(['tokio-postgres src/db.rs:2 single']);
    expect(
      states(crate('postgres = "0.19"', 'pub fn open() {\n    postgres::Client::connect(URL, NoTls);\n}\n')),
    ).toEqual(['tokio-postgres src/db.rs:2 single']);
    expect(
      states(
        crate(
          'diesel = { version = "2", features = ["postgres"] }',
          'use diesel::prelude::*;\npub fn open() -> PgConnection {\n    PgConnection::establish(URL).unwrap()\n}\n',
        ),
      ),
    ).toEqual(['diesel src/db.rs:3 single']);
    expect(
      states(
        crate(
          'sqlx = { version = "0.7", features = ["postgres"] }',
          'use sqlx::Connection;\npub async fn open() {\n    sqlx::PgConnection::connect(URL).await;\n}\n',
        ),
      ),
    ).toEqual(['sqlx src/db.rs:3 single']);
  });

  it("reads r2d2's Pool::new(manager) as a pool of the library's default size, and 0.7's Config pool_size as a bound", () => {
    const r2d2 = 'diesel = { version = "2", features = ["postgres", "r2d2"] }\nr2d2 = "0.8"';
    const open = (body: string) =>
      `use diesel::r2d2::ConnectionManager;\npub fn open() {\n    let m = ConnectionManager::<PgConnection>::new(URL);\n${body}\n}\n`;
    expect(states(crate(r2d2, open('    r2d2::Pool::new(m).expect("pool");')))).toEqual(['r2d2 src/db.rs:4 default']);
    expect(
      states(
        crate(r2d2, open('    let c = r2d2::Config::builder().pool_size(6).build();\n    r2d2::Pool::new(c, m);')),
      ),
    ).toEqual(['r2d2 src/db.rs:5 configured']);
    // A Pool::new of a file that does not use r2d2 is not read as its pool.
    expect(states(crate('mobc = "0.8"', 'use mobc::Pool;\npub fn open() {\n    Pool::new(manager);\n}\n'))).toEqual([]);
  });

  it('skips an embedded SQLite connection and drops a bare one beside a pool (a migration run)', () => {
    expect(
      states(
        crate(
          'diesel = { version = "2", features = ["sqlite"] }',
          'use diesel::prelude::*;\npub fn open() {\n    SqliteConnection::establish("app.db").unwrap();\n}\n',
        ),
      ),
    ).toEqual([]);
    expect(
      states(
        crate(
          'diesel = { version = "2", features = ["postgres", "r2d2"] }',
          [
            'use diesel::prelude::*;',
            'use diesel::r2d2::{ConnectionManager, Pool};',
            'pub fn open() {',
            '    let pool = Pool::builder().max_size(8).build(ConnectionManager::<PgConnection>::new(URL));',
            '    let mut once = PgConnection::establish(URL).unwrap();',
            '    run_migrations(&mut once);',
            '}',
            '',
          ].join('\n'),
        ),
      ),
    ).toEqual(['diesel pool src/db.rs:4 configured']);
  });
});

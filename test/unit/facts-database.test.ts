import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const db = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files)).database;
const libs = (files: Record<string, string>) => db(files).uses.map((u) => u.library);

describe('detectDatabase', () => {
  it('detects drivers and ORMs imported by production code', () => {
    expect(libs({ 'app/db.py': 'from sqlalchemy import create_engine\n' })).toEqual(['sqlalchemy']);
    expect(libs({ 'src/db.ts': "import { PrismaClient } from '@prisma/client';\n" })).toContain('prisma');
    expect(libs({ 'src/db.js': "const { Pool } = require('pg');\n" })).toEqual(['pg']);
    expect(
      libs({ 'go.mod': 'module example.com/x\n', 'db.go': 'package db\n\nimport "github.com/jackc/pgx/v5/pgxpool"\n' }),
    ).toEqual(['pgx']);
    expect(libs({ 'src/events.js': "const mongoose = require('mongoose');\n" })).toEqual(['mongoose']);
    // A Raft log and stable store on disk (HashiCorp raft-boltdb) is a bolt file the service keeps.
    expect(
      libs({
        'go.mod': 'module example.com/x\n',
        'raft.go': 'package x\n\nimport raftboltdb "github.com/hashicorp/raft-boltdb"\n',
      }),
    ).toEqual(['bolt']);
  });

  it("reads Firestore's server clients as a document store, not the browser SDK", () => {
    expect(libs({ 'src/store.js': "import { Firestore } from '@google-cloud/firestore';\n" })).toEqual(['firestore']);
    const java = db({
      'src/main/java/a/Store.java': 'package a;\nimport com.google.cloud.firestore.Firestore;\n',
    }).uses;
    expect(java.map((u) => `${u.library} ${u.kind}`)).toEqual(['firestore document']);
    expect(libs({ 'src/app.js': "import { getFirestore } from 'firebase/firestore';\n" })).toEqual([]);
  });

  it("reads a Payload CMS config's database adapter as the store", () => {
    const config = (adapter: string, call: string) =>
      `import { ${call} } from '${adapter}';\nimport { buildConfig } from 'payload';\n\nexport default buildConfig({ db: ${call}({ url: process.env.DATABASE_URI }) });\n`;
    const mongo = db({ 'src/payload.config.ts': config('@payloadcms/db-mongodb', 'mongooseAdapter') }).uses;
    expect(mongo.map((u) => `${u.library} ${u.kind}`)).toEqual(['payload-mongodb document']);
    expect(libs({ 'src/payload.config.ts': config('@payloadcms/db-postgres', 'postgresAdapter') })).toEqual([
      'payload-sql',
    ]);
  });

  it('cites the file importing most of the library, not the first one importing it', () => {
    const u = db({
      'src/main/java/a/Errors.java':
        'package a;\nimport software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;\n',
      'src/main/java/a/Store.java': [
        'package a;',
        'import software.amazon.awssdk.services.dynamodb.DynamoDbClient;',
        'import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;',
        'import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;',
        '',
      ].join('\n'),
    }).uses;
    expect(u.map((x) => `${x.library} ${x.path}:${x.line}`)).toEqual(['dynamodb src/main/java/a/Store.java:2']);
  });

  it("counts Prisma where code names its client, not where it imports the client's enums", () => {
    expect(
      libs({ 'src/kinds.ts': "import { Plan } from '@prisma/client';\nexport const PLANS = [Plan.FREE];\n" }),
    ).toEqual([]);
    const d = db({
      'src/kinds.ts': "import { Plan } from '@prisma/client';\nexport const PLANS = [Plan.FREE];\n",
      'src/db.ts': "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n",
    });
    expect(d.uses.map((u) => [u.library, u.path])).toEqual([['prisma', 'src/db.ts']]);
  });

  it("counts database/sql where Go code reaches a database, not where it only tests the package's sentinels", () => {
    const go = (body: string) => `package x\n\nimport "database/sql"\n\n${body}\n`;
    expect(
      libs({
        'go.mod': 'module example.com/x\n',
        'errs.go': go('func missing(err error) bool { return err == sql.ErrNoRows }'),
        'row.go': go('type row struct{ Note sql.NullString }'),
        'attr.go': go('func orNull[T any](v sql.Null[T]) any { return v.V }'),
      }),
    ).toEqual([]);
    expect(
      libs({
        'go.mod': 'module example.com/x\n',
        'db.go': go('func open() (*sql.DB, error) { return sql.Open("pgx", "") }'),
      }),
    ).toEqual(['database/sql']);
  });

  it('reads key-value wrappers that open the engine the operator configures', () => {
    const d = db({
      'go.mod': 'module example.com/x\n',
      'ca.go': 'package x\n\nimport "github.com/smallstep/nosql"\n',
      'state.go': 'package x\n\nimport "github.com/conduitio/conduit-commons/database/badger"\n',
    });
    expect(d).toMatchObject({ any: true, relational: false });
    expect(d.uses.map((u) => u.library)).toEqual(['nosql', 'conduit-commons-database']);
  });

  it('ignores imports in tests', () => {
    const d = db({ 'tests/test_db.py': 'import sqlite3\n', 'app/main.py': 'import json\n' });
    expect(d.any).toBe(false);
  });

  it("reads Convey's MongoDB repositories as the service's document store, not a bare AddMongo() of another library", () => {
    const program = (line: string) =>
      `using Convey;\nusing Convey.Persistence.MongoDB;\n\nbuilder.Services.AddConvey()\n    .AddMongo()\n${line}    .Build();\n`;
    expect(
      libs({ 'src/Api/Program.cs': program('    .AddMongoRepository<TicketDocument, Guid>("tickets")\n') }),
    ).toEqual(['mongodb-driver']);
    expect(libs({ 'src/Api/Program.cs': program('') })).toEqual([]);
  });

  it("reads MassTransit's MongoDB saga repository as the service's document store, and another library's method of that name as none", () => {
    const project = { 'src/Worker/Worker.csproj': '<Project Sdk="Microsoft.NET.Sdk.Worker"></Project>' };
    const registration = [
      'services.AddMassTransit(x =>',
      '{',
      '    x.AddSagaStateMachine<ShipmentStateMachine, ShipmentState>()',
      '        .MongoDbRepository(r => { r.Connection = "mongodb://mongo"; r.DatabaseName = "shipments"; });',
      '});',
      '',
    ].join('\n');
    expect(
      libs({ ...project, 'src/Worker/Usings.cs': 'global using MassTransit;\n', 'src/Worker/Setup.cs': registration }),
    ).toEqual(['mongodb-driver']);
    expect(libs({ ...project, 'src/Worker/Setup.cs': `using Acme.Storage;\n${registration}` })).toEqual([]);
  });

  it("reads Marten's document store and an Orleans silo's persistent grain storage as database use, not in-memory grain storage", () => {
    const marten = db({
      'src/Api/Program.cs': 'using Marten;\n\nbuilder.Services.AddMarten(o => o.Connection(cs));\n',
      'src/Tool/Seed.cs': 'using Marten;\nvar store = DocumentStore.For(cs);\n',
    }).uses;
    expect(marten.map((u) => `${u.library} ${u.kind} ${u.path}:${u.line}`)).toEqual([
      'marten document src/Api/Program.cs:3',
    ]);
    expect(libs({ 'Seed.cs': 'using Marten;\nvar store = DocumentStore.For(cs);\n' })).toEqual(['marten']);
    // RavenDB's store is built by initializer, not by Marten's static factory.
    expect(libs({ 'Raven.cs': 'var s = new DocumentStore { Urls = urls };\n' })).toEqual(['ravendb-client']);
    const silo = (line: string) =>
      db({ 'Silo/Program.cs': `builder.UseOrleans(silo =>\n{\n    silo.UseLocalhostClustering();\n${line}\n});\n` })
        .uses;
    const kinds = (line: string) => silo(line).map((u) => `${u.library} ${u.kind} ${u.line}`);
    expect(kinds('    silo.AddAdoNetGrainStorage("orders", o => o.Invariant = "Npgsql");')).toEqual([
      'orleans-adonet-grain-storage relational 4',
    ]);
    expect(kinds('        .AddMongoDBGrainStorage("Default", o => o.DatabaseName = "x")')).toEqual([
      'orleans-mongodb-grain-storage document 4',
    ]);
    expect(kinds('    silo.AddAzureTableGrainStorageAsDefault(o => o.ConfigureTableServiceClient(cs));')).toEqual([
      'orleans-azuretable-grain-storage key-value 4',
    ]);
    expect(silo('    silo.AddMemoryGrainStorage("lobbies");')).toEqual([]);
    expect(silo('    // silo.AddAdoNetGrainStorage("orders", o => o.Invariant = "Npgsql");')).toEqual([]);
  });

  it('classifies relational and document stores', () => {
    const d = db({ 'src/events.js': "const { MongoClient } = require('mongodb');\n" });
    expect(d).toMatchObject({ any: true, relational: false });
    expect(db({ 'app/store.py': 'import aiosqlite\n' }).relational).toBe(true);
  });

  it('recognises Django settings DATABASES', () => {
    const d = db({
      'shop/settings.py': 'import os\n\nDATABASES = {\n    "default": {"ENGINE": "django.db.backends.postgresql"}\n}\n',
    });
    expect(d.uses[0]).toMatchObject({ library: 'django-orm', path: 'shop/settings.py', line: 3 });
  });

  it('marks a Django ORM known only from DATABASES settingsOnly when no models module declares a model class', () => {
    const settings = 'import os\n\nDATABASES = {\n    "default": {"ENGINE": "django.db.backends.postgresql"}\n}\n';
    const bare = db({ 'shop/settings.py': settings, 'pings/models.py': '# no tables of its own\n' });
    expect(bare.uses[0]).toMatchObject({ library: 'django-orm', settingsOnly: true });
    const owned = db({
      'shop/settings.py': settings,
      'notes/models.py': 'from model_utils.models import TimeStampedModel\n\nclass Note(TimeStampedModel):\n    pass\n',
    });
    expect(owned.uses[0]?.settingsOnly).toBeUndefined();
  });

  it('recognises Rails config/database.yml with an adapter', () => {
    const d = db({
      Gemfile: "gem 'rails', '~> 7.2'\n",
      'config/database.yml': 'default: &default\n  adapter: postgresql\n',
    });
    expect(d.uses[0]).toMatchObject({ library: 'activerecord', path: 'config/database.yml', line: 2 });
    expect(db({ 'config/database.yml': 'default:\n  adapter: postgresql\n' }).any).toBe(false);
  });

  it('recognises Spring Boot JPA starters with entity classes', () => {
    const pom =
      '<project><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-data-jpa</artifactId></dependency></dependencies></project>';
    const entity = 'package com.example;\n\n@Entity\npublic class Product {}\n';
    expect(
      db({ 'pom.xml': pom, 'src/main/java/com/example/Product.java': entity }).uses.map((u) => u.library),
    ).toContain('spring-data-jpa');
    expect(db({ 'pom.xml': pom }).any).toBe(false);
  });

  it('recognises Laravel Eloquent and Doctrine from composer.json', () => {
    const laravel = db({
      'composer.json': '{"require":{"laravel/framework":"^11.0"}}',
      'config/database.php': "<?php\n\nreturn [\n    'default' => env('DB_CONNECTION', 'pgsql'),\n];\n",
      'database/migrations/2024_01_01_000000_create_users_table.php': '<?php\n',
    });
    expect(laravel.uses[0]).toMatchObject({ library: 'eloquent', path: 'config/database.php', line: 4 });
    const doctrine = db({
      'composer.json': '{"require":{"doctrine/orm":"^3.3"}}',
      'src/Entity/Order.php': '<?php\n\nuse Doctrine\\ORM\\Mapping as ORM;\n\n#[ORM\\Entity]\nclass Order {}\n',
    });
    expect(doctrine.uses[0]).toMatchObject({ library: 'doctrine', line: 5 });
  });

  it("reads CakePHP's ORM from table classes and the table locator, not from a migration or the manifest alone", () => {
    const composer = '{"require":{"cakephp/cakephp":"^5.0","cakephp/migrations":"^4.0"}}';
    const table = db({
      'composer.json': composer,
      'src/Model/Table/CratesTable.php':
        '<?php\nnamespace App\\Model\\Table;\n\nuse Cake\\ORM\\Table;\n\nclass CratesTable extends Table {}\n',
    });
    expect(table.uses[0]).toMatchObject({
      library: 'cakephp-orm',
      kind: 'relational',
      path: 'src/Model/Table/CratesTable.php',
      line: 4,
    });
    expect(
      libs({
        'composer.json': composer,
        'src/Controller/CratesController.php':
          "<?php\nclass CratesController extends AppController {\n  public function index() { return $this->fetchTable('Crates')->find(); }\n}\n",
      }),
    ).toEqual(['cakephp-orm']);
    // A migration asking the locator for a table, or the framework declared with no table, is no database in use.
    expect(
      libs({
        'composer.json': composer,
        'config/Migrations/20250101000000_Fill.php': '<?php\nuse Cake\\ORM\\TableRegistry;\n',
        'webroot/index.php': '<?php\necho "ok";\n',
      }),
    ).toEqual([]);
    // Without the framework in the manifest the words mean nothing.
    expect(libs({ 'src/Thing.php': '<?php\nuse Cake\\ORM\\Table;\n' })).toEqual([]);
  });

  it("reads Laravel's config/database.php as a database only when something uses one", () => {
    const site = {
      'composer.json': '{"require":{"laravel/framework":"^11.0"}}',
      'config/database.php': "<?php\n\nreturn [\n    'default' => env('DB_CONNECTION', 'mysql'),\n];\n",
      'config/session.php': "<?php\n\nreturn ['driver' => env('SESSION_DRIVER', 'file')];\n",
      'routes/web.php': "<?php\n\nRoute::get('/', fn () => view('home'));\n",
      // A sample shown on a page is not a call the service makes.
      'resources/views/home.blade.php': "<pre>Schema::create('posts', function ($t) {});</pre>\n",
    };
    expect(db(site).any).toBe(false);
    const uses = (extra: Record<string, string>) => db({ ...site, ...extra }).uses[0];
    expect(uses({ 'database/migrations/2024_01_01_000000_create_posts.php': '<?php\n' })).toMatchObject({
      library: 'eloquent',
      path: 'config/database.php',
      line: 4,
    });
    expect(uses({ 'app/Models/Post.php': '<?php\n\nclass Post extends Model {}\n' })).toMatchObject({
      path: 'config/database.php',
    });
    expect(uses({ 'app/Stats.php': "<?php\n\n$n = DB::table('visits')->count();\n" })).toMatchObject({
      path: 'config/database.php',
    });
    expect(uses({ '.env.example': 'SESSION_DRIVER=database\n' })).toMatchObject({ path: 'config/database.php' });
    expect(
      uses({ 'config/queue.php': "<?php\n\nreturn ['default' => env('QUEUE_CONNECTION', 'database')];\n" }),
    ).toMatchObject({ path: 'config/database.php' });
  });

  it('recognises Rust crates used in source', () => {
    const d = db({
      'Cargo.toml': '[package]\nname = "svc"\n\n[dependencies]\nsqlx = { version = "0.8", features = ["postgres"] }\n',
      'src/main.rs': 'use sqlx::PgPool;\n\nfn main() {}\n',
    });
    expect(d.uses[0]).toMatchObject({ library: 'sqlx', path: 'src/main.rs', line: 1 });
  });

  it('recognises a Prisma schema datasource', () => {
    const d = db({ 'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n}\n' });
    expect(d.uses[0]).toMatchObject({ library: 'prisma', line: 1 });
  });
  it('recognises ROM relations of a Hanami app (nothing requires the gem by name)', () => {
    const d = db({
      Gemfile: "source 'https://rubygems.org'\ngem 'hanami', '~> 2.2'\ngem 'hanami-db', '~> 2.2'\ngem 'pg'\n",
      'app/relations/devices.rb':
        'module Fleet\n  module Relations\n    class Devices < DB::Relation\n      schema :devices, infer: true\n    end\n  end\nend\n',
    });
    expect(d.uses.find((u) => u.library === 'rom')).toMatchObject({ path: 'app/relations/devices.rb', line: 3 });
    expect(d.relational).toBe(true);
  });

  it('reads an Npgsql data source built by hand or only taken by the repositories', () => {
    const cs = (body: string) => ({ 'src/Data/Store.cs': `using Npgsql;\n\n${body}\n` });
    expect(libs(cs('var source = new NpgsqlDataSourceBuilder(connectionString).Build();'))).toEqual(['ado.net']);
    expect(libs(cs('public sealed class Store(NpgsqlDataSource dataSource) { }'))).toEqual(['ado.net']);
    // A constructor parameter on its own line.
    expect(libs(cs('public Store(\n    NpgsqlDataSource db,\n    ILogger<Store> log) { }'))).toEqual(['ado.net']);
    // Naming the type is no use of it: a comment, a typeof.
    expect(libs(cs('// NpgsqlDataSource source is registered by the host\nvar t = typeof(NpgsqlDataSource);'))).toEqual(
      [],
    );
  });

  it("reads RavenDB's document store and embedded server, not Marten's store", () => {
    const cs = (body: string) => ({
      'src/Tickets/Tickets.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web" />\n',
      'src/Tickets/Store.cs': body,
    });
    expect(libs(cs('var store = new DocumentStore\n{\n    Urls = [url],\n};\n'))).toEqual(['ravendb-client']);
    expect(libs(cs('var store = new DocumentStore { Urls = [url], Database = "tickets" };\n'))).toEqual([
      'ravendb-client',
    ]);
    expect(libs(cs('EmbeddedServer.Instance.StartServer(options);\n'))).toEqual(['ravendb-client']);
    expect(libs(cs('var store = new DocumentStore(options);\n'))).toEqual([]);
  });

  it('reads Hibernate Search as a search index, not as Hibernate ORM', () => {
    const search = 'import org.hibernate.search.mapper.pojo.standalone.mapping.SearchMapping;\n\nclass Pages {}\n';
    expect(libs({ 'src/main/java/org/acme/Pages.java': search })).toEqual([]);
    const orm = `import org.hibernate.Session;\n${search}`;
    expect(libs({ 'src/main/java/org/acme/Pages.java': orm })).toEqual(['hibernate']);
  });

  it('sets apart drivers only the units of a connector catalogue import', () => {
    const go = (lib: string) => `package scalers\n\nimport "${lib}"\n`;
    const scalers = {
      'go.mod': 'module example.com/x\n',
      'pkg/scalers/postgres_scaler.go': go('github.com/jackc/pgx/v5'),
      'pkg/scalers/mongo_scaler.go': go('go.mongodb.org/mongo-driver/mongo'),
      'pkg/scalers/cron_scaler.go': go('time'),
      'pkg/scalers/postgres_scaler_test.go': go('github.com/jackc/pgx/v5'),
    };
    const d = db(scalers);
    expect(d.uses).toEqual([]);
    expect(d.connectors.map((u) => u.library)).toEqual(['pgx', 'mongo-go']);
    // Folders are units too (`retriever/postgresretriever/`), with a version suffix (`s3retrieverv2`).
    const folders = {
      'go.mod': 'module example.com/x\n',
      'retriever/postgresretriever/load.go': go('github.com/jackc/pgx/v5'),
      'retriever/fileretriever/load.go': go('os'),
      'retriever/s3retrieverv2/load.go': go('net/http'),
    };
    expect(db(folders).connectors.map((u) => u.library)).toEqual(['pgx']);
    // Two siblings are no catalogue; a driver the service's own code imports too is its store; so is one beside migrations.
    const { 'pkg/scalers/cron_scaler.go': _, ...pair } = scalers;
    expect(libs(pair)).toEqual(['pgx', 'mongo-go']);
    expect(libs({ ...scalers, 'internal/store/store.go': go('github.com/jackc/pgx/v5') })).toEqual(['pgx']);
    expect(libs({ ...scalers, 'migrations/0001_init.sql': 'CREATE TABLE t (id int);\n' })).toEqual(['pgx', 'mongo-go']);
  });

  it('sets apart a driver opened on the connection string each request names', () => {
    const go = (dsn: string) =>
      `package main\n\nimport (\n\t"net/http"\n\n\t"github.com/jackc/pgx/v5"\n)\n\nfunc tables(w http.ResponseWriter, r *http.Request) {\n\tdsn := ${dsn}\n\tconn, _ := pgx.Connect(r.Context(), dsn)\n\tdefer conn.Close(r.Context())\n}\n`;
    const named = db({ 'go.mod': 'module example.com/x\n', 'main.go': go('r.Header.Get("X-Database")') });
    expect(named.uses).toEqual([]);
    expect(named.connectors.map((u) => u.library)).toEqual(['pgx']);
    expect(named.requestNamed).toMatchObject({ path: 'main.go', line: 10 });
    // The service's own setting is its own store, and so is a driver beside migrations of its own.
    expect(libs({ 'go.mod': 'module example.com/x\n', 'main.go': go('os.Getenv("DATABASE_URL")') })).toEqual(['pgx']);
    const kept = db({
      'go.mod': 'module example.com/x\n',
      'main.go': go('r.Header.Get("X-Database")'),
      'migrations/0001_init.sql': 'CREATE TABLE saved (id int);\n',
    });
    expect(kept.uses.map((u) => u.library)).toEqual(['pgx']);
    expect(kept.requestNamed).toBeUndefined();
  });

  it('sets apart a document store the service only reads and follows, writing nothing to it', () => {
    const source = (extra: string) =>
      `import { MongoClient } from 'mongodb';\n\nexport async function follow(url, on) {\n  const orders = (await MongoClient.connect(url)).db('shop').collection('orders');\n  for await (const change of orders.watch()) {\n    on(change.fullDocument);${extra}\n  }\n}\n`;
    const followed = db({ 'src/source/orders.js': source('') });
    expect(followed.uses).toEqual([]);
    expect(followed.connectors.map((u) => u.library)).toEqual(['mongodb']);
    expect(followed.followed).toMatchObject({ path: 'src/source/orders.js', line: 5 });
    // A write beside it (a resume token kept), here or in a repository of the same folder, keeps the store its own.
    expect(
      libs({
        'src/source/orders.js': source(
          "\n    await progress.updateOne({ _id: 'orders' }, { $set: { at: change._id } });",
        ),
      }),
    ).toEqual(['mongodb']);
    expect(
      libs({
        'src/source/orders.js': source(''),
        'src/source/progress.js': 'export const keep = (c, t) => c.insertOne({ t });\n',
      }),
    ).toEqual(['mongodb']);
    // Reads without a change stream are an ordinary use.
    expect(libs({ 'src/source/orders.js': source('').replace('orders.watch()', 'orders.find()') })).toEqual([
      'mongodb',
    ]);
  });

  it('sets apart a folder of destination writers named for their engines, one a warehouse', () => {
    // A Go file uses what it imports (`sql.Open` here; one importing database/sql only for sql.ErrNoRows opens nothing).
    const go = (lib: string) => `package dest\n\nimport "${lib}"\n\nvar _ = sql.Open\n`;
    const dest = {
      'go.mod': 'module example.com/x\n',
      'sql/clickhouse.go': go('github.com/ClickHouse/clickhouse-go/v2'),
      'sql/postgres.go': go('github.com/jackc/pgx/v5'),
      'sql/snowflake.go': go('database/sql'),
      'sql/adapter.go': go('database/sql'),
    };
    const d = db(dest);
    expect(d.uses).toEqual([]);
    expect(d.connectors.map((u) => u.library)).toEqual(['clickhouse', 'database/sql', 'pgx']);
    expect(d.inConnector('sql/adapter.go')).toBe(true);
    // Without a warehouse the files are the backends of the service's own store.
    const { 'sql/snowflake.go': _, ...own } = dest;
    expect(libs({ ...own, 'sql/mysql.go': go('github.com/go-sql-driver/mysql') })).toEqual([
      'clickhouse',
      'database/sql',
      'pgx',
      'go-sql-driver',
    ]);
    // The service's own table beside the destinations is cited, not a destination's driver.
    const withJobs = db({ ...dest, 'jobs/jobs.go': go('github.com/jackc/pgx/v5/pgxpool') });
    expect(withJobs.uses.map((u) => `${u.library} ${u.path}`)).toEqual(['pgx jobs/jobs.go']);
  });

  it('sets apart the drivers of an operator that defines a resource named for their engine', () => {
    const crd = (name: string) =>
      `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: ${name}\nspec:\n  group: ${name.slice(name.indexOf('.') + 1)}\n`;
    const operator = (name: string) => ({
      'go.mod': 'module example.com/x\n',
      'config/crd/resource.yaml': crd(name),
      'pkg/cluster/roles.go':
        'package cluster\n\nimport (\n\t"database/sql"\n\n\t_ "github.com/lib/pq"\n)\n\nvar _ = sql.Open\n',
    });
    const d = db(operator('postgresclusters.db.example.com'));
    expect(d.uses).toEqual([]);
    expect(d.operated).toBe('postgresclusters.db.example.com');
    // A folder that only looks like migrations (`pkg/versions`) changes nothing; the API group names the engine too.
    const versions = {
      ...operator('clusters.postgresql.example.com'),
      'pkg/versions/versions.go': 'package versions\n',
    };
    expect(db(versions).operated).toBe('postgresql.example.com');
    // A resource of another engine, or of no engine, leaves the driver the operator's own store.
    expect(libs(operator('mariadbs.db.example.com'))).toEqual(['database/sql', 'lib/pq']);
    expect(libs(operator('queues.messaging.example.com'))).toEqual(['database/sql', 'lib/pq']);
  });
  it('Cloudflare stores a wrangler config binds and the code uses: Workers KV, D1, Durable Object storage', () => {
    expect(
      libs({
        'wrangler.jsonc':
          '{\n  "name": "links",\n  "kv_namespaces": [\n    { "binding": "LINKS", "id": "x" } // prod\n  ],\n  "ai": { "binding": "AI" }\n}\n',
        'src/index.ts': 'export default { fetch: (r: Request, env: Env) => env.LINKS.get("a") };\n',
      }),
    ).toEqual(['workers-kv']);
    expect(
      libs({
        'wrangler.toml': 'name = "notes"\n\n[[env.production.d1_databases]]\nbinding = "DB"\ndatabase_id = "x"\n',
        'server/api/notes.ts': 'const { DB } = event.context.cloudflare.env;\nawait DB.prepare("SELECT 1").all();\n',
      }),
    ).toEqual(['cloudflare-d1']);
    expect(
      libs({
        'wrangler.toml': '[[durable_objects.bindings]]\nname = "ROOMS"\nclass_name = "Room"\n',
        'src/room.ts': 'export class Room { async fetch() { await this.ctx.storage.put("n", 1); } }\n',
      }),
    ).toEqual(['durable-objects']);
    // Declared but never named by the code, an R2 bucket, a process.env variable of the same name: no store.
    expect(
      libs({
        'wrangler.toml': '[[kv_namespaces]]\nbinding = "CACHE"\nid = "x"\n\n[[r2_buckets]]\nbinding = "FILES"\n',
        'src/index.ts': 'const cache = process.env.CACHE;\nexport default { fetch: (r, env) => env.FILES.get("a") };\n',
      }),
    ).toEqual([]);
  });

  it('counts a search engine as the store of a service that creates its indices or bulk-indexes into them', () => {
    const gemfile = "source 'https://rubygems.org'\ngem 'elasticsearch', '~> 8'\n";
    const writer = db({
      Gemfile: gemfile,
      'lib/indexer.rb': 'class Indexer\n  def push(docs)\n    @client.bulk(body: docs)\n  end\nend\n',
    });
    expect(writer.uses.map((u) => `${u.library} ${u.kind} ${u.path}:${u.line}`)).toEqual([
      'elasticsearch search lib/indexer.rb:3',
    ]);
    expect(writer.relational).toBe(false);
    const pkg = JSON.stringify({ dependencies: { '@opensearch-project/opensearch': '^2.0.0' } });
    expect(
      libs({ 'package.json': pkg, 'src/setup.ts': "await client.indices.create({ index: 'orders' });\n" }),
    ).toEqual(['@opensearch-project/opensearch']);
    // Only searching a cluster something else fills, or bulk-indexing from a test, keeps nothing.
    expect(
      libs({ Gemfile: gemfile, 'lib/finder.rb': 'def find(q)\n  @client.search(index: "docs", q: q)\nend\n' }),
    ).toEqual([]);
    expect(libs({ Gemfile: gemfile, 'spec/indexer_spec.rb': '@client.bulk(body: docs)\n' })).toEqual([]);
    // A bulk call without a search engine client declared is another library's.
    expect(libs({ 'lib/indexer.rb': '@client.bulk(body: docs)\n' })).toEqual([]);
  });
});

describe('detectDatabase: types an ORM re-exports', () => {
  it("does not take a crate borrowing only sea-orm's re-exported types as a database user", () => {
    const manifest = '[package]\nname = "w"\nversion = "0.1.0"\n\n[dependencies]\nsea-orm = "1"\n';
    expect(
      libs({ 'Cargo.toml': manifest, 'src/main.rs': 'use sea_orm::sqlx::types::chrono::Utc;\nfn main() {}\n' }),
    ).toEqual([]);
    expect(
      libs({
        'Cargo.toml': manifest,
        'src/main.rs': 'use sea_orm::sqlx::types::chrono::Utc;\nuse sea_orm::Database;\nfn main() {}\n',
      }),
    ).toEqual(['sea-orm']);
  });
});

describe('detectDatabase: rbatis, SurrealDB, and crate paths a procedural macro emits', () => {
  const manifest = (deps: string) => `[package]\nname = "svc"\nversion = "0.1.0"\n\n[dependencies]\n${deps}\n`;
  it('takes rbatis over an rbdc driver as a relational database and SurrealDB (embedded or remote) as a store', () => {
    expect(
      libs({
        'Cargo.toml': manifest('rbatis = "4.6"\nrbdc-pg = "4.6"'),
        'src/main.rs': 'use rbatis::RBatis;\nfn main() { let rb = RBatis::new(); }\n',
      }),
    ).toEqual(['rbatis']);
    expect(
      libs({
        'Cargo.toml': manifest('surrealdb = "2"'),
        'src/main.rs': 'use surrealdb::Surreal;\nuse surrealdb::engine::local::RocksDb;\nfn main() {}\n',
      }),
    ).toEqual(['surrealdb']);
  });

  it("does not cite a procedural-macro crate's generated code as the service's use, and cites the service's own line", () => {
    const files = {
      'Cargo.toml': manifest('rbatis = "4.6"\nstamps = { path = "stamps" }'),
      'stamps/Cargo.toml': '[package]\nname = "stamps"\nversion = "0.1.0"\n\n[lib]\nproc-macro = true\n',
      'stamps/src/lib.rs': [
        'pub fn stamp(fields: &mut Fields) {',
        '    fields.push(parse_quote! {',
        '        pub created_at: Option<rbatis::rbdc::DateTime>',
        '    });',
        '}',
        '',
      ].join('\n'),
    };
    expect(libs(files)).toEqual([]);
    const found = db({ ...files, 'src/main.rs': 'fn main() {\n    let rb = rbatis::RBatis::new();\n}\n' });
    expect(found.uses.map((u) => [u.library, u.path, u.line])).toEqual([['rbatis', 'src/main.rs', 2]]);
  });
});

describe('detectDatabase: EF Core on its in-memory provider', () => {
  const ctx =
    'using Microsoft.EntityFrameworkCore;\npublic class Shop : DbContext { public Shop(DbContextOptions<Shop> o) : base(o) {} }\n';

  it('is no database when every context runs in memory, and is named', () => {
    const facts = db({
      'Shop.cs': ctx,
      'Program.cs': 'builder.Services.AddDbContext<Shop>(o => o.UseInMemoryDatabase("shop"));\n',
      // A test's SQLite provider does not make the service's store a database.
      'tests/ShopTests.cs': 'var o = new DbContextOptionsBuilder<Shop>().UseSqlite("DataSource=:memory:").Options;\n',
    });
    expect(facts.uses.map((u) => u.library)).toEqual([]);
    expect(facts.inMemoryOnly?.path).toBe('Program.cs');
  });

  it('keeps EF Core when another provider is configured anywhere in production code', () => {
    const facts = db({
      'Shop.cs': ctx,
      'Program.cs':
        'builder.Services.AddDbContext<Shop>(o => {\n  if (dev) o.UseInMemoryDatabase("shop");\n  else o.UseNpgsql(cs);\n});\n',
    });
    expect(facts.uses.map((u) => u.library)).toEqual(['ef-core']);
    expect(facts.inMemoryOnly).toBeUndefined();
    // Aspire's registration names the provider without a Use… call.
    expect(
      libs({
        'Shop.cs': ctx,
        'Program.cs': 'builder.AddSqlServerDbContext<Shop>("shop");\nvar mem = o.UseInMemoryDatabase("cache");\n',
      }),
    ).toEqual(['ef-core']);
  });
});

describe('detectDatabase: F# data access', () => {
  it('reads an EF Core context derived with `inherit` and connections built with a qualified name or a string', () => {
    expect(
      libs({
        'src/Store/Context.fs':
          'namespace Store\n\nopen Microsoft.EntityFrameworkCore\n\ntype ShopContext(options: DbContextOptions<ShopContext>) =\n    inherit DbContext(options)\n',
      }),
    ).toEqual(['ef-core']);
    expect(
      libs({ 'src/Api/Db.fs': 'module Db\n\nlet connect (cs: string) = new Npgsql.NpgsqlConnection(cs)\n' }),
    ).toEqual(['ado.net']);
    expect(
      libs({
        'src/Tool/Program.fs':
          'module Tool\n\nlet run () =\n    use db = new SqlConnection "Server=.;Database=shop"\n    ()\n',
      }),
    ).toEqual(['ado.net']);
    // A connection named only in a comment, or a type that merely inherits from another base, is no database use.
    expect(
      libs({
        'src/Api/Db.fs':
          'module Db\n\n// let connect cs = new Npgsql.NpgsqlConnection(cs)\ntype Shop() =\n    inherit Base()\n',
      }),
    ).toEqual([]);
  });
});

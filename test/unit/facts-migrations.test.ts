import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const migrations = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files)).migrations;
const ops = (files: Record<string, string>) =>
  migrations(files).ops.map((o) => `${o.file}:${o.line} ${o.kind} ${o.table ?? ''}${o.column ? `.${o.column}` : ''}`);
const PG = { 'docker-compose.yml': 'services:\n  db:\n    image: postgres:16\n' };

describe('facts: migrations', () => {
  it('lists the sets in tool order with their files, oldest first', () => {
    const m = migrations({
      'db/migration/V10__add_sku.sql': 'ALTER TABLE items ADD COLUMN sku text;\n',
      'db/migration/V9__init.sql': 'CREATE TABLE items (id bigint primary key);\n',
    });
    expect(m.any).toBe(true);
    expect(m.sets.map((s) => [s.tool, s.count])).toEqual([
      ['Flyway', 2],
      ['numbered SQL files (hand-rolled)', 2],
    ]);
    expect(m.analysed).toEqual({ files: 2, recent: 2 });
    expect(m.ops).toEqual([]);
  });

  it('takes V<n>__ scripts of any folder when a Flyway image in the repository applies them', () => {
    const scripts = {
      'src/Shop.Data/Migrations/V001__orders.sql': 'CREATE TABLE orders (id bigint primary key);\n',
      'src/Shop.Data/Migrations/V002__order_total.sql': 'ALTER TABLE orders ADD COLUMN total numeric;\n',
    };
    const flyway = (dockerfile: string) =>
      migrations({ ...scripts, 'Dockerfile.migrations': dockerfile }).sets.find((s) => s.tool === 'Flyway')?.count;
    expect(flyway('FROM flyway/flyway:10\nCOPY src/Shop.Data/Migrations /flyway/sql\n')).toBe(2);
    expect(
      flyway('FROM --platform=linux/amd64 redgate/flyway:11-alpine\nCOPY src/Shop.Data/Migrations /flyway/sql\n'),
    ).toBe(2);
    // An image of another tool, or none: the folder's name alone is no Flyway.
    expect(flyway('FROM postgres:16\nCOPY src/Shop.Data/Migrations /docker-entrypoint-initdb.d\n')).toBeUndefined();
  });

  it("takes refinery's migrations written in Rust from the folder its embed_migrations! names, not Diesel's macro", () => {
    const crate = {
      'Cargo.toml': '[package]\nname = "depot"\n\n[dependencies]\nrefinery = "0.8"\n',
      'src/db/mod.rs': 'refinery::embed_migrations!("./src/db/versions");\n',
      'src/db/versions/V2__bins.rs': 'pub fn migration() -> String { "CREATE TABLE bins (id int)".into() }\n',
      'src/db/versions/V1__depots.rs': 'pub fn migration() -> String { "CREATE TABLE depots (id int)".into() }\n',
      'src/db/versions/helpers.rs': 'pub fn quote(s: &str) -> String { s.into() }\n',
    };
    const set = migrations(crate).sets.find((s) => s.tool === 'refinery');
    expect(set?.files).toEqual(['src/db/versions/V1__depots.rs', 'src/db/versions/V2__bins.rs']);
    expect(set?.evidence[0]).toMatchObject({ path: 'src/db/mod.rs', line: 1 });
    // The default folder is the crate's migrations/.
    const bare = migrations({
      'Cargo.toml': '[package]\nname = "depot"\n',
      'src/main.rs': 'use refinery::embed_migrations;\nembed_migrations!();\nfn main() {}\n',
      'migrations/V1__depots.rs': 'pub fn migration() -> String { String::new() }\n',
      // Outside migrations/: not read by the macro without a folder.
      'src/V9__x.rs': 'pub fn migration() -> String { String::new() }\n',
    });
    expect(bare.sets.find((s) => s.tool === 'refinery')?.files).toEqual(['migrations/V1__depots.rs']);
    // Diesel's embed_migrations! in a crate without refinery: the V-named Rust files are no refinery set.
    const diesel = migrations({
      'Cargo.toml': '[package]\nname = "depot"\n\n[dependencies]\ndiesel_migrations = "2"\n',
      'src/main.rs': 'use diesel_migrations::embed_migrations;\nembed_migrations!("src/db/versions");\nfn main() {}\n',
      'src/db/versions/V1__depots.rs': 'pub fn migration() -> String { String::new() }\n',
    });
    expect(diesel.sets.find((s) => s.tool === 'refinery')).toBeUndefined();
    // …nor are V-named SQL scripts beside Diesel's macro refinery's: they stay Flyway's.
    const dieselSql = migrations({
      'Cargo.toml': '[package]\nname = "depot"\n\n[dependencies]\ndiesel_migrations = "2"\n',
      'src/main.rs': 'use diesel_migrations::embed_migrations;\nembed_migrations!();\nfn main() {}\n',
      'db/migration/V1__depots.sql': 'CREATE TABLE depots (id int);\n',
    });
    expect(dieselSql.sets.map((s) => s.tool)).toContain('Flyway');
    expect(dieselSql.sets.map((s) => s.tool)).not.toContain('refinery');
  });

  it('takes Rust revision modules applied in the order a table lists them, when one of them changes a table', () => {
    const step = (sql: string) =>
      `pub(crate) fn migrate(tx: &rusqlite::Transaction<'_>) -> anyhow::Result<()> {\n${sql}    Ok(())\n}\n`;
    const files = {
      'src/schema.rs':
        "mod revision_0001;\nmod revision_0002;\n\npub const LATEST_SCHEMA_REVISION: usize = 2;\n\npub fn steps() -> &'static [Step] {\n    &[\n        revision_0001::migrate,\n        revision_0002::migrate,\n    ]\n}\n",
      'src/schema/revision_0001.rs': step('    tx.execute_batch("CREATE TABLE blocks (n INTEGER)")?;\n'),
      'src/schema/revision_0002.rs': step(''),
    };
    const m = migrations(files);
    expect(m.sets.map((s) => [s.tool, s.count, s.files])).toEqual([
      ['numbered migration modules (hand-rolled)', 2, ['src/schema/revision_0001.rs', 'src/schema/revision_0002.rs']],
    ]);
    expect(m.sets[0]?.evidence[0]).toMatchObject({ path: 'src/schema.rs', line: 8 });
    // Steps that change no table are not schema migrations.
    expect(migrations({ ...files, 'src/schema/revision_0001.rs': step('') }).any).toBe(false);
  });

  it('takes a list of SQL steps applied by index from the count a ledger table records', () => {
    const store = (ledger: string) =>
      `pub async fn upgrade(c: &mut Client) -> Result<()> {\n${ledger}    for (i, step) in MIGRATIONS.iter().enumerate().skip(done) {\n        c.execute(*step, &[]).await?;\n    }\n    Ok(())\n}\n\nstatic MIGRATIONS: &[&str] = &[\n    "CREATE TABLE notes (id BIGINT)",\n    "ALTER TABLE notes ADD COLUMN body TEXT",\n];\n`;
    const recorded =
      '    c.execute("CREATE TABLE IF NOT EXISTS database_versions (zero INTEGER, counter INTEGER)", &[]).await?;\n    c.execute("UPDATE database_versions SET counter = $1", &[&n]).await?;\n';
    const m = migrations({ 'src/db.rs': store(recorded) });
    expect(m.sets.map((s) => [s.tool, s.low])).toEqual([['hand-rolled versioned migrations in code', true]]);
    expect(m.sets[0]?.evidence[0]).toMatchObject({ path: 'src/db.rs', line: 2 });
    // Run on every start with nothing recorded, the list is no history; nor is a domain table of versions.
    expect(migrations({ 'src/db.rs': store('') }).any).toBe(false);
    expect(migrations({ 'src/db.rs': store(recorded.replace(/database_versions/g, 'page_versions')) }).any).toBe(false);
  });

  it("takes dated modules implementing a runner's own MigrationTrait, recorded in the table its constant names", () => {
    const step = (name: string, sql: string) =>
      `pub struct ${name};\n\nimpl MigrationTrait for ${name} {\n    async fn up(&self, tx: &mut Tx) -> Result<()> {\n        sqlx::query("${sql}").execute(tx).await?;\n        Ok(())\n    }\n}\n`;
    const files = {
      'src/sql/migrations/m20250301_add_size.rs': step('M20250301AddSize', 'ALTER TABLE files ADD COLUMN size BIGINT'),
      'src/sql/migrations/m20250101_create_files.rs': step('M20250101CreateFiles', 'CREATE TABLE files (id INT)'),
      'src/sql/migrator.rs': 'const MIGRATION_TABLE: &str = "migrations";\n',
    };
    const m = migrations(files);
    expect(m.sets.map((s) => [s.tool, s.low, s.files])).toEqual([
      [
        'numbered migration modules of its own runner',
        true,
        ['src/sql/migrations/m20250101_create_files.rs', 'src/sql/migrations/m20250301_add_size.rs'],
      ],
    ]);
    expect(m.sets[0]?.recorded).toMatchObject({ path: 'src/sql/migrator.rs', line: 1 });
  });

  it('reads sea-query index builds on existing tables, naming the table a constant holds, and skips comments', () => {
    expect(
      ops({
        ...PG,
        'src/sql/migrator.rs': 'const MIGRATION_TABLE: &str = "migrations";\n',
        'src/sql/migrations/m20250101_create_files.rs':
          'const TABLE: &str = "files";\n\nimpl MigrationTrait for M20250101CreateFiles {\n    async fn up(&self) {\n        let t = Table::create().table(TABLE).to_owned();\n        // Create index on files\n        let i = Index::create().name("by_id").table(TABLE).col("id").to_owned();\n    }\n}\n',
        'src/sql/migrations/m20250301_index_owners.rs':
          'const TABLE: &str = "owners";\n\nimpl MigrationTrait for M20250301IndexOwners {\n    async fn up(&self) {\n        let i = Index::create()\n            .name("by_name")\n            .table(TABLE)\n            .to_owned();\n    }\n}\n',
      }),
    ).toEqual(['src/sql/migrations/m20250301_index_owners.rs:5 index-not-concurrent owners']);
  });

  it('reads SQL statements on existing tables, not on tables the migration creates', () => {
    expect(
      ops({
        ...PG,
        'migrations/000002_changes.up.sql':
          'CREATE TABLE audit (id bigint, note text);\nCREATE INDEX audit_note ON audit (note);\nALTER TABLE audit ADD COLUMN actor text NOT NULL;\nALTER TABLE orders DROP COLUMN legacy_code;\nALTER TABLE orders RENAME COLUMN total TO amount;\nALTER TABLE orders ALTER COLUMN qty TYPE bigint;\nALTER TABLE orders ALTER COLUMN note TYPE text;\nALTER TABLE orders ADD COLUMN region text NOT NULL, ADD COLUMN tier int NOT NULL DEFAULT 0;\nCREATE INDEX orders_region ON orders (region);\nCREATE INDEX CONCURRENTLY orders_tier ON orders (tier);\nALTER TABLE orders ALTER COLUMN region SET NOT NULL, ALTER COLUMN qty DROP DEFAULT;\n',
        'migrations/000002_changes.down.sql': 'ALTER TABLE orders DROP COLUMN region;\nDROP TABLE audit;\n',
      }),
    ).toEqual([
      'migrations/000002_changes.up.sql:4 drop-column orders.legacy_code',
      'migrations/000002_changes.up.sql:5 rename-column orders.total',
      'migrations/000002_changes.up.sql:6 type-change orders.qty',
      'migrations/000002_changes.up.sql:8 add-not-null orders.region',
      'migrations/000002_changes.up.sql:9 index-not-concurrent orders',
      'migrations/000002_changes.up.sql:11 set-not-null orders.region',
    ]);
  });

  it('ignores goose Down sections and Alembic downgrade()', () => {
    expect(
      ops({
        'db/migrations/20240101_x.sql':
          '-- +goose Up\nALTER TABLE users ADD COLUMN nick text;\n-- +goose Down\nALTER TABLE users DROP COLUMN nick;\n',
        'alembic.ini': '[alembic]\nscript_location = alembic\n',
        'alembic/env.py': 'from alembic import context\n',
        'alembic/versions/a1_add.py':
          'from alembic import op\nimport sqlalchemy as sa\n\ndef upgrade():\n    op.add_column("users", sa.Column("nick", sa.Text()))\n\ndef downgrade():\n    op.drop_column("users", "nick")\n',
      }),
    ).toEqual([]);
  });

  it('reads Alembic operations, batch mode included', () => {
    expect(
      ops({
        ...PG,
        'alembic/env.py': 'from alembic import context\n',
        'alembic/versions/b2_changes.py':
          'from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n    op.drop_column("users", "fax")\n    op.alter_column("users", "name", new_column_name="full_name")\n    op.add_column("users", sa.Column("plan", sa.String(), nullable=False))\n    op.add_column("users", sa.Column("tier", sa.Integer(), nullable=False, server_default="0"))\n    op.create_index("ix_users_plan", "users", ["plan"])\n    op.create_index("ix_users_tier", "users", ["tier"], postgresql_concurrently=True)\n    with op.batch_alter_table("teams") as batch_op:\n        batch_op.drop_column("motto")\n',
      }),
    ).toEqual([
      'alembic/versions/b2_changes.py:6 drop-column users.fax',
      'alembic/versions/b2_changes.py:7 rename-column users.name',
      'alembic/versions/b2_changes.py:8 add-not-null users.plan',
      'alembic/versions/b2_changes.py:10 index-not-concurrent users',
      'alembic/versions/b2_changes.py:13 drop-column teams.motto',
    ]);
  });

  it('reads Django operations and credits SeparateDatabaseAndState', () => {
    const files = {
      'shop/models.py':
        'from django.db import models\n\nclass Order(models.Model):\n    total = models.IntegerField()\n',
      'shop/migrations/0001_initial.py': 'from django.db import migrations\n',
      'shop/migrations/0002_changes.py':
        'from django.db import migrations\n\nclass Migration(migrations.Migration):\n    operations = [\n        migrations.RemoveField(model_name="order", name="fax"),\n        migrations.RenameField(model_name="order", old_name="amount", new_name="total"),\n        migrations.DeleteModel(name="Coupon"),\n    ]\n',
    };
    expect(ops(files)).toEqual([
      'shop/migrations/0002_changes.py:5 drop-column order.fax',
      'shop/migrations/0002_changes.py:6 rename-column order.amount',
      'shop/migrations/0002_changes.py:7 drop-table coupon',
    ]);
    const guarded = migrations({
      ...files,
      'shop/migrations/0002_changes.py': `${files['shop/migrations/0002_changes.py']}# SeparateDatabaseAndState\n`,
    });
    expect(guarded.ops.every((o) => o.guarded?.includes('SeparateDatabaseAndState'))).toBe(true);
  });

  it('reads Rails migrations, skips def down, and credits safety_assured and ignored_columns', () => {
    const m = migrations({
      Gemfile: "gem 'rails'\ngem 'pg'\n",
      'config/database.yml': 'production:\n  adapter: postgresql\n',
      'app/models/user.rb': 'class User < ApplicationRecord\n  self.ignored_columns += ["legacy_role"]\nend\n',
      'db/migrate/20240101000000_changes.rb':
        'class Changes < ActiveRecord::Migration[7.1]\n  def up\n    remove_column :users, :legacy_role\n    rename_column :users, :login, :username\n    add_column :users, :plan, :string, null: false\n    add_index :users, :plan\n    add_index :users, :email, algorithm: :concurrently\n    change_column :users, :bio, :text\n    change_column :users, :age, :bigint\n  end\n\n  def down\n    drop_table :users\n  end\nend\n',
    });
    expect(m.ops.map((o) => `${o.line} ${o.kind} ${o.table}.${o.column ?? ''}${o.guarded ? ' guarded' : ''}`)).toEqual([
      '3 drop-column users.legacy_role guarded',
      '4 rename-column users.login',
      '5 add-not-null users.plan',
      '6 index-not-concurrent users.',
      '9 type-change users.age',
    ]);
  });

  it('reads Laravel, knex/sequelize and EF Core migrations', () => {
    expect(
      ops({
        ...PG,
        'database/migrations/2024_01_01_000000_changes.php':
          "<?php\nreturn new class extends Migration {\n    public function up(): void\n    {\n        Schema::table('posts', function (Blueprint $table) {\n            $table->dropColumn('summary');\n            $table->string('slug');\n            $table->string('subtitle')->nullable();\n        });\n    }\n\n    public function down(): void\n    {\n        Schema::dropIfExists('posts');\n    }\n};\n",
        'migrations/20240101_changes.js':
          "exports.up = async (knex) => {\n  await knex.schema.alterTable('posts', (table) => {\n    table.renameColumn('body', 'content');\n  });\n};\n\nexports.down = async (knex) => {\n  await knex.schema.dropTable('posts');\n};\n",
        'Migrations/20240101_Changes.cs':
          'public partial class Changes : Migration\n{\n    protected override void Up(MigrationBuilder migrationBuilder)\n    {\n        migrationBuilder.DropColumn(name: "Legacy", table: "Posts");\n    }\n\n    protected override void Down(MigrationBuilder migrationBuilder)\n    {\n        migrationBuilder.DropTable(name: "Posts");\n    }\n}\n',
      }).sort(),
    ).toEqual(
      [
        'Migrations/20240101_Changes.cs:5 drop-column posts.legacy',
        'migrations/20240101_changes.js:3 rename-column posts.body',
        'database/migrations/2024_01_01_000000_changes.php:6 drop-column posts.summary',
        'database/migrations/2024_01_01_000000_changes.php:7 add-not-null posts.slug',
      ].sort(),
    );
  });

  it('reads FluentMigrator and SeaORM migrations, their down sections left out', () => {
    expect(
      ops({
        ...PG,
        'Migrations/M0003_Cleanup.cs':
          'using FluentMigrator;\n\n[Migration(3)]\npublic class M0003_Cleanup : Migration\n{\n    public override void Up()\n    {\n        Delete.Column("fax").FromTable("customers");\n        Rename.Column("mail").OnTable("customers").To("email");\n        Alter.Table("orders").AddColumn("region").AsString().NotNullable();\n    }\n\n    public override void Down()\n    {\n        Delete.Table("customers");\n    }\n}\n',
        'migration/src/m20240601_000002_drop_note.rs':
          'use sea_orm_migration::prelude::*;\n\npub struct Migration;\n\nimpl MigrationTrait for Migration {\n    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {\n        manager\n            .alter_table(Table::alter().table(Orders::Table).drop_column(Orders::Note).to_owned())\n            .await\n    }\n\n    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {\n        manager.drop_table(Table::drop().table(Orders::Table).to_owned()).await\n    }\n}\n',
      }).sort(),
    ).toEqual(
      [
        'Migrations/M0003_Cleanup.cs:8 drop-column customers.fax',
        'Migrations/M0003_Cleanup.cs:9 rename-column customers.mail',
        'Migrations/M0003_Cleanup.cs:10 add-not-null orders.region',
        'migration/src/m20240601_000002_drop_note.rs:8 drop-column orders.note',
      ].sort(),
    );
  });

  it('reads Simple.Migrations classes in F# and C#, their Down() left out, and not as FluentMigrator', () => {
    const files = {
      ...PG,
      'src/Migrations/0003.Tidy.fs':
        'namespace Shop.Migrations\n\nopen SimpleMigrations\n\n[<Migration(3L, "Tidy")>]\ntype Tidy() =\n    inherit Migration()\n\n    override this.Up() =\n        this.Execute(@"ALTER TABLE orders DROP COLUMN fax")\n\n    override this.Down() =\n        this.Execute(@"DROP TABLE orders")\n',
      'src/Legacy/M0004.cs':
        'using SimpleMigrations;\n\n[Migration(4, "Rename")]\npublic class M0004 : Migration\n{\n    protected override void Up() => Execute("ALTER TABLE orders RENAME COLUMN mail TO email");\n\n    protected override void Down() => Execute("DROP TABLE orders");\n}\n',
    };
    const m = migrations(files);
    expect(m.sets.map((x) => [x.tool, [...x.files].sort()])).toEqual([
      ['Simple.Migrations', ['src/Legacy/M0004.cs', 'src/Migrations/0003.Tidy.fs']],
    ]);
    expect(ops(files).sort()).toEqual(
      [
        'src/Migrations/0003.Tidy.fs:10 drop-column orders.fax',
        'src/Legacy/M0004.cs:6 rename-column orders.mail',
      ].sort(),
    );
    // The attribute alone, in a file that does not open the library, is no Simple.Migrations migration.
    expect(migrations({ 'src/M.fs': '[<Migration(1L, "x")>]\ntype M() = class end\n' }).sets).toEqual([]);
  });

  it('judges only the latest migrations of each folder as recent', () => {
    const files: Record<string, string> = {
      'db/migration/V1__init.sql': 'CREATE TABLE t (id int);\nALTER TABLE legacy RENAME COLUMN a TO b;\n',
    };
    for (let i = 2; i <= 12; i++) files[`db/migration/V${i}__step.sql`] = `ALTER TABLE t ADD COLUMN c${i} int;\n`;
    const m = migrations(files);
    expect(m.analysed).toEqual({ files: 12, recent: 10 });
    expect(m.ops.map((o) => [o.kind, o.recent])).toEqual([['rename-column', false]]);
  });

  it('marks drops whose table or column the code still declares', () => {
    const m = migrations({
      ...PG,
      'app/models.py':
        'from sqlalchemy import Column, Integer, String\nfrom app.db import Base\n\n\nclass Order(Base):\n    __tablename__ = "orders"\n    id = Column(Integer, primary_key=True)\n    coupon = Column(String)\n\n\nclass Customer(Base):\n    __tablename__ = "customers"\n    region = Column(String)\n',
      'alembic/env.py': 'from alembic import context\n',
      'alembic/versions/c3_drop.py':
        'from alembic import op\n\n\ndef upgrade():\n    op.drop_column("orders", "coupon")\n    op.drop_column("orders", "region")\n    op.drop_table("invoices")\n',
    });
    expect(m.ops.map((o) => [o.column ?? o.table, o.stillUsed?.file ?? null])).toEqual([
      ['coupon', 'app/models.py'],
      ['region', null],
      ['invoices', null],
    ]);
  });

  it('knows PostgreSQL, the safety tools and a documented procedure', () => {
    const m = migrations({
      Gemfile: "gem 'rails'\ngem 'strong_migrations'\n",
      'config/database.yml': 'production:\n  adapter: postgresql\n',
      'db/migrate/20240101000000_a.rb': 'class A < ActiveRecord::Migration[7.1]\n  def change\n  end\nend\n',
      'docs/database.md':
        '# Database\n\n## Changing the schema\n\nEvery change follows expand/contract: add the new column, deploy, backfill, then drop the old one.\n',
    });
    expect(m.postgres).toMatchObject({ path: 'config/database.yml', line: 2 });
    expect(m.safetyTools.map((t) => t.name)).toEqual(['strong_migrations']);
    expect(m.procedure).toMatchObject({ path: 'docs/database.md', line: 5 });
  });

  it('does not treat MySQL index builds and NOT NULL columns as risky', () => {
    const m = migrations({
      'docker-compose.yml': 'services:\n  db:\n    image: mysql:8\n',
      'db/migration/V2__x.sql': 'ALTER TABLE t ADD COLUMN c int NOT NULL;\nCREATE INDEX t_c ON t (c);\n',
    });
    expect(m.ops.map((o) => [o.kind, !!o.guarded])).toEqual([
      ['add-not-null', true],
      ['index-not-concurrent', true],
    ]);
  });
  it('follows every script_location of a multi-database alembic.ini, package resources included', () => {
    const m = migrations({
      'src/shop/alembic.ini':
        '[alembic]\nfile_template = %%(rev)s\n\n[core]\nscript_location = shop:db/revisions/core\n\n[tenant]\nscript_location = shop:db/revisions/tenant\n',
      'src/shop/__init__.py': '',
      'src/shop/db/revisions/core/env.py': 'from alembic import context\n',
      'src/shop/db/revisions/core/versions/a1_init.py':
        'revision = "a1"\ndown_revision = None\n\ndef upgrade():\n    pass\n',
      'src/shop/db/revisions/tenant/env.py': 'from alembic import context\n',
      'src/shop/db/revisions/tenant/versions/b1_init.py':
        'revision = "b1"\ndown_revision = None\n\ndef upgrade():\n    pass\n',
      'src/shop/db/revisions/tenant/versions/b2_rename.py':
        'from alembic import op\nrevision = "b2"\ndown_revision = "b1"\n\ndef upgrade():\n    op.alter_column("orders", "total", new_column_name="amount")\n',
    });
    expect(m.sets.map((s) => [s.tool, s.count])).toEqual([['Alembic', 3]]);
    expect(m.ops.map((o) => `${o.kind} ${o.table}.${o.column}`)).toEqual(['rename-column orders.total']);
  });

  it('reads Sequel and ROM migrations: table-level calls, alter_table blocks, never the down block', () => {
    const m = migrations({
      ...PG,
      Gemfile: "gem 'hanami-db'\ngem 'rom-sql'\n",
      'config/db/migrate/20240101000000_create_devices.rb':
        'ROM::SQL.migration do\n  change do\n    create_table :devices do\n      primary_key :id\n      column :label, String, null: false\n    end\n  end\nend\n',
      'config/db/migrate/20240301000000_changes.rb':
        'ROM::SQL.migration do\n  down do\n    drop_column :devices, :serial\n  end\n\n  up do\n    alter_table :devices do\n      rename_column :label, :name\n      set_column_type :battery, Integer\n      set_column_type :notes, String\n      add_column :serial, String, null: false\n      add_column :model, String, null: false, default: "x"\n      add_index :name, concurrently: true\n    end\n    drop_column :screens, :legacy\n    add_index :screens, :device_id\n  end\nend\n',
    });
    expect(m.sets.map((s) => [s.tool, s.count])).toEqual([['ROM migrations (Sequel)', 2]]);
    expect(m.ops.map((o) => `${o.line} ${o.kind} ${o.table}${o.column ? `.${o.column}` : ''}`)).toEqual([
      '8 rename-column devices.label',
      '9 type-change devices.battery',
      '11 add-not-null devices.serial',
      '15 drop-column screens.legacy',
      '16 index-not-concurrent screens',
    ]);
  });

  it('reads Ecto migrations: alter blocks, renames and drops on the way up, not in def down', () => {
    expect(
      ops({
        ...PG,
        'priv/repo/migrations/20240101000000_create_posts.exs':
          'defmodule App.Repo.Migrations.CreatePosts do\n  use Ecto.Migration\n\n  def change do\n    create table(:posts) do\n      add :title, :string, null: false\n    end\n    create index(:posts, [:title])\n  end\nend\n',
        'priv/repo/migrations/20240201000000_change_posts.exs':
          'defmodule App.Repo.Migrations.ChangePosts do\n  use Ecto.Migration\n\n  def up do\n    alter table(:posts) do\n      remove :legacy\n      add :slug, :string, null: false\n      add :views, :integer, null: false, default: 0\n      modify :body, :text\n    end\n    rename table(:posts), :title, to: :headline\n    create index(:posts, [:slug], concurrently: true)\n  end\n\n  def down do\n    drop table(:posts)\n  end\nend\n',
      }),
    ).toEqual([
      'priv/repo/migrations/20240201000000_change_posts.exs:6 drop-column posts.legacy',
      'priv/repo/migrations/20240201000000_change_posts.exs:7 add-not-null posts.slug',
      'priv/repo/migrations/20240201000000_change_posts.exs:11 rename-column posts.title',
    ]);
  });

  it("reads an Ecto modify against the column's earlier type: the same type is no rewrite, NOT NULL is set", () => {
    const create =
      'defmodule App.Repo.Migrations.CreateSlots do\n  use Ecto.Migration\n\n  def change do\n    create table(:slots) do\n      add :starts_at, :timestamptz, null: false\n      add :seats, :integer\n      add :code, :string\n    end\n  end\nend\n';
    const change = (body: string) =>
      ops({
        ...PG,
        'priv/repo/migrations/20240101000000_create_slots.exs': create,
        'priv/repo/migrations/20240301000000_change_slots.exs': `defmodule App.Repo.Migrations.ChangeSlots do\n  use Ecto.Migration\n\n  def change do\n    alter table(:slots) do\n${body}\n    end\n  end\nend\n`,
      });
    expect(change('      modify :starts_at, :timestamptz, null: true, default: nil')).toEqual([]);
    expect(change('      modify :seats, :integer, null: false')).toEqual([
      'priv/repo/migrations/20240301000000_change_slots.exs:6 set-not-null slots.seats',
    ]);
    expect(change('      modify :seats, :integer, null: false, default: 1')).toEqual([]);
    expect(change('      modify :code, :integer')).toEqual([
      'priv/repo/migrations/20240301000000_change_slots.exs:6 type-change slots.code',
    ]);
    // `from:` names the type the column had; a column no earlier migration gave a type stays a type change.
    expect(change('      modify :seats, :bigint, from: {:bigint, null: true}')).toEqual([]);
    expect(change('      modify :unknown_col, :integer, null: true')).toEqual([
      'priv/repo/migrations/20240301000000_change_slots.exs:6 type-change slots.unknown_col',
    ]);
  });
});

describe('facts: SQL Server database projects', () => {
  it('a .sqlproj with its CREATE scripts declares the schema (low: diffed at deploy, no version history)', () => {
    const m = migrations({
      'src/Ledger.Database/Ledger.Database.sqlproj': '<Project Sdk="MSBuild.Sdk.SqlProj/2.9.1" />\n',
      'src/Ledger.Database/Tables/Entries.sql': 'CREATE TABLE [dbo].[Entries] ([Id] BIGINT NOT NULL PRIMARY KEY)\n',
      'src/Ledger.Database/Views/Totals.sql': 'CREATE VIEW [dbo].[Totals] AS SELECT 1 AS [One]\n',
    });
    expect(m.sets.map((s) => [s.tool, s.count, s.low, s.files.length])).toEqual([
      ['SQL Server database project (DACPAC, schema diffed at deploy)', 2, true, 0],
    ]);
  });

  it('a database project without scripts declares nothing', () => {
    expect(migrations({ 'db/Ledger.Database.sqlproj': '<Project Sdk="MSBuild.Sdk.SqlProj/2.9.1" />\n' }).sets).toEqual(
      [],
    );
  });
});

describe('facts: Liquibase changelog trees of several modules', () => {
  const changelog = (body: string) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">\n${body}</databaseChangeLog>\n`;
  it('counts each tree once and reads every changeset of each, whatever the modules sort before it', () => {
    const files: Record<string, string> = {};
    // Six small module trees that sort before the application's own tree.
    for (const mod of ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'eta'])
      files[`${mod}/src/main/resources/db/${mod}/master.xml`] = changelog(
        `  <include file="parts/0001_${mod}.xml" relativeToChangelogFile="true"/>\n`,
      );
    files['server/src/main/resources/db/changelog/master.xml'] = changelog(
      '  <includeAll path="parts/" relativeToChangelogFile="true"/>\n',
    );
    files['server/src/main/resources/db/changelog/parts/0001_init.xml'] = changelog(
      '  <changeSet id="1" author="ops">\n    <createTable tableName="ledger"><column name="id" type="BIGINT"/></createTable>\n  </changeSet>\n',
    );
    files['server/src/main/resources/db/changelog/parts/0002_rename.xml'] = changelog(
      '  <changeSet id="2" author="ops">\n    <renameColumn tableName="accounts" oldColumnName="name" newColumnName="title"/>\n  </changeSet>\n',
    );
    const m = migrations(files);
    expect(m.sets.map((s) => [s.tool, s.count])).toEqual([['Liquibase', 7]]);
    expect(m.ops.map((o) => `${o.file} ${o.kind} ${o.table}`)).toContain(
      'server/src/main/resources/db/changelog/parts/0002_rename.xml rename-column accounts',
    );
  });
});

describe('facts: migrations in a subfolder of database/migrations/', () => {
  const phinx = (cls: string) =>
    `<?php\nuse Phinx\\Migration\\AbstractMigration;\nclass ${cls} extends AbstractMigration\n{\n    public function change()\n    {\n    }\n}\n`;
  it('are Phinx classes, not Laravel migrations; the folder itself stays Laravel’s', () => {
    const m = migrations({
      'database/migrations/phinx/20240101000000_a.php': phinx('A'),
      'database/migrations/phinx/20240102000000_b.php': phinx('B'),
      'database/migrations/phinx/20240103000000_c.php': phinx('C'),
    });
    expect(m.sets.map((s) => [s.tool, s.count])).toEqual([['Phinx migrations', 3]]);
    const laravel = migrations({ 'database/migrations/2024_01_01_000000_a.php': phinx('A') });
    expect(laravel.sets.map((s) => s.tool)).toEqual(['Laravel migrations']);
  });
});

describe('facts: CakePHP migrations under config/Migrations/', () => {
  const cake = (cls: string) =>
    `<?php\ndeclare(strict_types=1);\n\nuse Migrations\\AbstractMigration;\n\nclass ${cls} extends AbstractMigration\n{\n    public function change(): void\n    {\n        $this->table('crates')->addColumn('label', 'string')->update();\n    }\n}\n`;
  it("are the migrations plugin's classes, a known tool (not an own runner read with low confidence)", () => {
    const m = migrations({
      'config/Migrations/20250101000000_CreateCrates.php': cake('CreateCrates'),
      'config/Migrations/20250102000000_AddLabel.php': cake('AddLabel'),
      'config/Migrations/20250103000000_AddWeight.php': cake('AddWeight'),
    });
    expect(m.sets.map((s) => [s.tool, s.count, s.low ?? false])).toEqual([['CakePHP migrations', 3, false]]);
  });

  it("takes Quart-DB's numbered modules defining `async def migrate(connection)`, not other numbered scripts", () => {
    const step = (sql: string) =>
      `from quart_db import Connection\n\n\nasync def migrate(connection: Connection) -> None:\n    await connection.execute("${sql}")\n`;
    const m = migrations({
      'pond/migrations/0.py': step('CREATE TABLE fish (id INT PRIMARY KEY)'),
      'pond/migrations/1.py': step('ALTER TABLE fish ADD COLUMN name TEXT'),
      'pond/migrations/data.py': 'async def execute(connection):\n    pass\n',
      'tools/migrations/2.py': 'def migrate(rows):\n    return rows\n',
    });
    expect(m.sets.map((s) => [s.tool, s.files])).toEqual([
      ['Quart-DB', ['pond/migrations/0.py', 'pond/migrations/1.py']],
    ]);
  });

  it('takes Quart-DB modules in a migrations folder at the root of the repository or view', () => {
    const m = migrations({
      'migrations/0.py': 'async def migrate(connection):\n    await connection.execute("CREATE TABLE kite (id INT)")\n',
    });
    expect(m.sets.map((s) => [s.tool, s.files])).toEqual([['Quart-DB', ['migrations/0.py']]]);
  });

  it('reads the scripts grate or RoundhousE runs from their folder conventions, only where one of them is run', () => {
    const scripts = {
      'Web/db/runAfterCreateDatabase/0001_schema.sql': 'CREATE TABLE book (id int primary key);\n',
      'Web/db/up/0002_add_title.sql': 'ALTER TABLE book ADD title nvarchar(100) NULL;\n',
      'Web/db/views/book_list.sql': 'CREATE VIEW book_list AS SELECT id FROM book;\n',
    };
    const sets = (files: Record<string, string>) => migrations(files).sets.map((s) => [s.tool, s.count]);
    expect(sets({ ...scripts, 'build.ps1': 'dotnet grate --files Web/db --silent\n' })).toContainEqual([
      'grate (RoundhousE)',
      2,
    ]);
    expect(sets({ ...scripts, 'deploy.cmd': 'rh.exe --files Web\\db --connectionstring %DB%\n' })).toContainEqual([
      'grate (RoundhousE)',
      2,
    ]);
    // The folders alone (nothing runs grate) are no history of its.
    expect(sets(scripts).map(([t]) => t)).not.toContain('grate (RoundhousE)');
  });

  it("takes mautrix's UpgradeTable upgrades registered beside the table, not an example plugin's nor another `.register(`", () => {
    const table =
      'from mautrix.util.async_db import UpgradeTable\n\nupgrade_table = UpgradeTable()\n\nfrom . import v01, v02\n';
    const step = (n: number, sql: string) =>
      `from . import upgrade_table\n\n\n@upgrade_table.register(description="step ${n}")\nasync def upgrade_v${n}(conn) -> None:\n    await conn.execute("${sql}")\n`;
    const m = migrations({
      'bot/db/upgrade/__init__.py': table,
      'bot/db/upgrade/v01.py': step(1, 'CREATE TABLE note (id INT PRIMARY KEY)'),
      'bot/db/upgrade/v02.py': step(2, 'ALTER TABLE note ADD COLUMN body TEXT'),
      'examples/echo/db.py': `${table}\n\n@upgrade_table.register(description="echo")\nasync def upgrade_v1(conn) -> None:\n    pass\n`,
      'bot/handlers/__init__.py': 'from .registry import commands\n',
      'bot/handlers/ping.py': '@commands.register("ping")\nasync def ping(evt):\n    pass\n',
    });
    expect(m.sets.map((s) => [s.tool, s.count, s.files])).toEqual([
      ['mautrix UpgradeTable', 2, ['bot/db/upgrade/v01.py', 'bot/db/upgrade/v02.py']],
    ]);
  });

  it("takes mautrix's UpgradeTable when its import lists the names over lines inside parentheses", () => {
    const m = migrations({
      'bot/db/upgrade.py':
        'from mautrix.util.async_db import (\n    Connection,\n    UpgradeTable,\n)\n\nupgrade_table = UpgradeTable()\n\n\n@upgrade_table.register(description="notes")\nasync def upgrade_v1(conn: Connection) -> None:\n    await conn.execute("CREATE TABLE note (id INT PRIMARY KEY)")\n',
      // A parenthesised import of other names, with the table's name only further down, is not the import.
      'other/db.py':
        'from mautrix.util.async_db import (\n    Connection,\n)\n\nfrom .tables import UpgradeTable\n\n\n@upgrade_table.register(description="x")\nasync def upgrade_v1(conn) -> None:\n    pass\n',
    });
    expect(m.sets.map((s) => [s.tool, s.count, s.files])).toEqual([['mautrix UpgradeTable', 1, ['bot/db/upgrade.py']]]);
  });

  it("takes mautrix-go's embedded SQL upgrades beside the dbutil table, one upgrade per version across dialects", () => {
    const table = (fs: string) =>
      `package upgrades\n\nimport (\n\t"embed"\n\n\t"go.mau.fi/util/dbutil"\n)\n\n//go:embed *.sql\nvar raw embed.FS\n\n${fs}\n`;
    const m = migrations({
      'pkg/db/upgrades/upgrades.go': table('var Table = dbutil.BuildUpgradeTable().\n\tWithFS(raw).\n\tFinish()'),
      'pkg/db/upgrades/00-latest.sql': '-- v0 -> v3: Latest revision\nCREATE TABLE portal (id TEXT PRIMARY KEY);\n',
      'pkg/db/upgrades/02-portal-name.sql': '-- v2: Portal names\nALTER TABLE portal ADD COLUMN name TEXT;\n',
      'pkg/db/upgrades/03-drop.postgres.sql': '-- v3: Drop name\nALTER TABLE portal DROP COLUMN name;\n',
      'pkg/db/upgrades/03-drop.sqlite.sql': '-- v3: Drop name\nCREATE TABLE portal_new (id TEXT PRIMARY KEY);\n',
      // Older mautrix-go: a dbutil.UpgradeTable filled by RegisterFS.
      'legacy/upgrades/upgrades.go': table(
        'var Table dbutil.UpgradeTable\n\nfunc init() {\n\tTable.RegisterFS(raw)\n}',
      ),
      'legacy/upgrades/01-init.sql': '-- v1: Initial schema\nCREATE TABLE puppet (id TEXT PRIMARY KEY);\n',
      // SQL beside a Go file that embeds it without a dbutil table, or a file without the version header.
      'queries/queries.go': 'package queries\n\nimport "embed"\n\n//go:embed *.sql\nvar Q embed.FS\n',
      'queries/get.sql': '-- v1: not a table\nSELECT 1;\n',
      'pkg/db/upgrades/notes.sql': 'SELECT 1;\n',
    });
    expect(m.sets.filter((s) => !s.low).map((s) => [s.tool, s.count, s.files])).toEqual([
      [
        'mautrix-go upgrade table (dbutil)',
        4,
        [
          'pkg/db/upgrades/00-latest.sql',
          'legacy/upgrades/01-init.sql',
          'pkg/db/upgrades/02-portal-name.sql',
          'pkg/db/upgrades/03-drop.postgres.sql',
          'pkg/db/upgrades/03-drop.sqlite.sql',
        ],
      ],
    ]);
    expect(m.ops.map((o) => `${o.file} ${o.kind}`)).toContain('pkg/db/upgrades/03-drop.postgres.sql drop-column');
  });

  it("takes sql-migrate's and dbmate's marked SQL files as those tools, not as hand-numbered files", () => {
    const m = migrations({
      'store/migrations/1_hits.sql':
        '-- +migrate Up\nCREATE TABLE hit (page TEXT PRIMARY KEY);\n\n-- +migrate Down\nDROP TABLE hit;\n',
      'store/migrations/2_seen.sql':
        '-- +migrate Up\nALTER TABLE hit ADD COLUMN seen TIMESTAMPTZ;\n-- +migrate Down\nALTER TABLE hit DROP COLUMN seen;\n',
      'db/migrations/20240311093000_parcels.sql':
        '-- migrate:up\nCREATE TABLE parcel (id TEXT PRIMARY KEY);\n\n-- migrate:down\nDROP TABLE parcel;\n',
      // A marker inside a statement's text, not at a line's start, is none.
      'db/sql/3_note.sql': "SELECT '-- +migrate Up';\n",
    });
    expect(m.sets.filter((s) => !s.low).map((s) => [s.tool, s.count, s.files])).toEqual([
      ['sql-migrate', 2, ['store/migrations/1_hits.sql', 'store/migrations/2_seen.sql']],
      ['dbmate', 1, ['db/migrations/20240311093000_parcels.sql']],
    ]);
    // The Down sections are the way back, not changes made.
    expect(m.ops.map((o) => o.kind)).not.toContain('drop-table');
    expect(m.ops.map((o) => o.kind)).not.toContain('drop-column');
  });
});

import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const facts = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files));
const PKG = (deps: Record<string, string>) =>
  JSON.stringify({ name: 'svc', main: 'src/server.js', scripts: { start: 'node src/server.js' }, dependencies: deps });

describe('facts: auditTrail', () => {
  it('an audit row written in the login handler is on a security path; a model nobody writes is unused', () => {
    const written = facts({
      'package.json': PKG({ express: '4', bcryptjs: '2' }),
      'src/server.js':
        'const express = require("express");\nconst bcrypt = require("bcryptjs");\nconst app = express();\napp.post("/login", async (req, res) => {\n  await bcrypt.compare(req.body.p, "x");\n  await db.auditLog.create({ data: { action: "login" } });\n  res.end();\n});\napp.listen(3000);\n',
    }).auditTrail;
    expect(written.localAccounts).toBe(true);
    expect(written.writes.map((w) => `${w.path}:${w.line} ${w.securityPath}`)).toEqual(['src/server.js:6 true']);

    const unused = facts({
      'package.json': PKG({ express: '4', bcryptjs: '2' }),
      'src/server.js':
        'const express = require("express");\nconst bcrypt = require("bcryptjs");\nconst app = express();\napp.post("/login", (req, res) => res.json(bcrypt.compareSync(req.body.p, "x")));\napp.listen(3000);\n',
      'schema.sql': 'CREATE TABLE audit_events (id serial primary key, actor_id int);\n',
    }).auditTrail;
    expect(unused.writes).toEqual([]);
    expect(unused.unused.map((u) => u.note)).toEqual(['audit_events is defined']);
  });

  it("django-reversion's VersionAdmin alone is the admin's history; its RevisionMiddleware records every request's changes", () => {
    const site = (middleware: string) =>
      facts({
        'requirements.txt': 'Django==5.1.3\ndjango-reversion==5.1.0\n',
        Procfile: 'web: gunicorn notes.wsgi\n',
        'notes/__init__.py': '',
        'notes/wsgi.py':
          'import os\nfrom django.core.wsgi import get_wsgi_application\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "notes.settings")\napplication = get_wsgi_application()\n',
        'notes/settings.py': `INSTALLED_APPS = ["django.contrib.admin", "reversion", "notes"]\nROOT_URLCONF = "notes.urls"\nMIDDLEWARE = [${middleware}]\n`,
        'notes/models.py':
          'from django.db import models\n\n\nclass Note(models.Model):\n    body = models.TextField()\n',
        'notes/admin.py':
          'from django.contrib import admin\nfrom reversion.admin import VersionAdmin\n\nfrom notes.models import Note\n\n\n@admin.register(Note)\nclass NoteAdmin(VersionAdmin):\n    pass\n',
        'notes/urls.py':
          'from django.contrib import admin\nfrom django.urls import path\n\nurlpatterns = [path("admin/", admin.site.urls)]\n',
      }).auditTrail;
    const adminOnly = site('');
    expect(adminOnly.recorders).toEqual([]);
    expect(adminOnly.adminHistory).toMatchObject({ path: 'notes/admin.py', line: 2 });
    expect(site('"reversion.middleware.RevisionMiddleware"').recorders.map((r) => `${r.path}:${r.line}`)).toEqual([
      'notes/settings.py:3',
    ]);
  });

  it("a model base deriving from Advanced Alchemy's UUIDAuditBase is no unused audit model; a class named AuditEntry is", () => {
    const models = (extra: string) =>
      facts({
        'requirements.txt': 'litestar==2.13.0\nadvanced-alchemy==0.26.0\n',
        Procfile: 'web: uvicorn shop.app:app\n',
        'shop/__init__.py': '',
        'shop/app.py':
          'from litestar import Litestar, post\nfrom shop import models\n\n\n@post("/login")\nasync def login(data: dict) -> dict:\n    return data\n\n\napp = Litestar(route_handlers=[login])\n',
        'shop/models.py': `from advanced_alchemy.base import UUIDAuditBase\n\n\nclass AuditBase(UUIDAuditBase):\n    __abstract__ = True\n\n\nclass User(AuditBase):\n    __tablename__ = "users"\n${extra}`,
      }).auditTrail;
    expect(models('').unused).toEqual([]);
    expect(models('\n\nclass AuditEntry(AuditBase):\n    __tablename__ = "audit_entries"\n').unused).toEqual([
      { path: 'shop/models.py', line: 12, note: 'AuditEntry is defined' },
    ]);
  });

  it("the application's own audit writer called by name is a write; a getter of the log and the writer's definition are not", () => {
    let journal = [
      'import json',
      '',
      'def audit_log(action, subject):',
      '    with open("trail.jsonl", "a") as out:',
      '        out.write(json.dumps([action, subject]))',
      '',
      'def get_audit_log():',
      '    return []',
      '',
    ].join('\n');
    const trail = (call: string) =>
      facts({
        'requirements.txt': 'flask==3.0.3\n',
        Procfile: 'web: gunicorn app:app\n',
        'app.py': [
          'from flask import Flask',
          'import journal',
          'app = Flask(__name__)',
          '@app.post("/roles/<name>")',
          'def grant(name):',
          `    ${call}`,
          '    return ""',
          '',
        ].join('\n'),
        'journal.py': journal,
      }).auditTrail.writes.map((w) => `${w.path}:${w.line}`);
    expect(trail('journal.audit_log("grant_role", name)')).toEqual(['app.py:6']);
    expect(trail('journal.get_audit_log()')).toEqual([]);
    // A writer that only prints, or a logger named for the audit, keeps no trail.
    journal = 'def audit_log(action, subject):\n    print(action, subject)\n';
    expect(trail('journal.audit_log("grant_role", name)')).toEqual([]);
  });

  it("an Elixir context calling its own audit module's writer is a write; a read or a view of the module is not", () => {
    const trail = (call: string) =>
      facts({
        'mix.exs':
          'defmodule Desk.MixProject do\n  use Mix.Project\n  def project, do: [app: :desk, deps: [{:phoenix, "~> 1.7"}, {:ecto_sql, "~> 3.11"}]]\nend\n',
        'lib/desk/audit_log.ex':
          'defmodule Desk.AuditLog do\n  use Ecto.Schema\n  schema "audit_logs" do\n    field :action, :string\n  end\nend\n',
        'lib/desk/teams.ex': `defmodule Desk.Teams do\n  alias Desk.AuditLog\n  def add(ctx, multi) do\n    ${call}\n  end\nend\n`,
      }).auditTrail.writes.map((w) => `${w.path}:${w.line}`);
    expect(trail('multi |> AuditLog.multi(ctx, "teams.add_member", %{})')).toEqual(['lib/desk/teams.ex:4']);
    expect(trail('AuditLog.audit!(ctx, "teams.add_member", %{})')).toEqual(['lib/desk/teams.ex:4']);
    expect(trail('AuditLog.list_by_org(ctx.org)')).toEqual([]);
    expect(trail('AuditLogView.render("index.html", multi)')).toEqual([]);
  });

  it('a debug logger named auditLog keeps no trail', () => {
    const writes = (logger: string) =>
      facts({
        'package.json': '{"name":"shop","main":"server.js","dependencies":{"express":"4.21.1","debug":"4.3.7"}}',
        'server.js': [
          "const express = require('express');",
          logger,
          'const app = express();',
          "app.post('/roles', (req, res) => {",
          "  auditLog('role.assign', req.body.name);",
          '  res.sendStatus(204);',
          '});',
          'app.listen(3000);',
          '',
        ].join('\n'),
      }).auditTrail.writes.map((w) => `${w.path}:${w.line}`);
    expect(writes("const auditLog = require('debug')('shop:audit');")).toEqual([]);
    expect(
      writes(
        "const auditLog = (action, subject) => { db.query('INSERT INTO trail VALUES ($1, $2)', [action, subject]); };",
      ),
    ).toContain('server.js:5');
  });

  it('a Doctrine listener persisting a row per change set and per delete records changes; one stamping dates does not', () => {
    const symfony = (listener: string) =>
      facts({
        'composer.json': JSON.stringify({
          name: 'acme/app',
          require: { 'symfony/framework-bundle': '^7.1', 'doctrine/orm': '^3.2' },
          autoload: { 'psr-4': { 'App\\': 'src/' } },
        }),
        'src/Kernel.php': '<?php\nnamespace App;\nclass Kernel extends \\Symfony\\Component\\HttpKernel\\Kernel {}\n',
        'src/Trail/Listener.php': listener,
      }).auditTrail.recorders.map((r) => `${r.path}:${r.line}`);
    const head = '<?php\nnamespace App\\Trail;\nuse Doctrine\\ORM\\Events;\n';
    // Attribute form, deletes from the unit of work.
    expect(
      symfony(
        `${head}#[AsDoctrineListener(event: Events::onFlush)]\nclass Listener {\n  public function onFlush($args): void {\n    $w = $args->getObjectManager()->getUnitOfWork();\n    foreach ($w->getScheduledEntityUpdates() as $e) { $args->getObjectManager()->persist(new Row($w->getEntityChangeSet($e))); }\n    foreach ($w->getScheduledEntityDeletions() as $e) { $args->getObjectManager()->persist(new Row([])); }\n  }\n}\n`,
      ),
    ).toEqual(['src/Trail/Listener.php:4']);
    // Subscriber form, a remove event.
    expect(
      symfony(
        `${head}class Listener implements EventSubscriber {\n  public function getSubscribedEvents(): array {\n    return [Events::postUpdate, Events::preRemove];\n  }\n  public function postUpdate($a): void { $a->getObjectManager()->persist(new Row($a->getObjectManager()->getUnitOfWork()->getEntityChangeSet($a->getObject()))); }\n  public function preRemove($a): void { $a->getObjectManager()->persist(new Row([])); }\n}\n`,
      ),
    ).toEqual(['src/Trail/Listener.php:6']);
    // The change set read to stamp a date; no row persisted, no deletes seen.
    expect(
      symfony(
        `${head}#[AsDoctrineListener(event: Events::preUpdate)]\nclass Listener {\n  public function preUpdate($a): void {\n    if ($a->getObjectManager()->getUnitOfWork()->getEntityChangeSet($a->getObject())) { $a->getObject()->touch(); }\n  }\n}\n`,
      ),
    ).toEqual([]);
  });

  it('a sign-up route is /register itself, not a register above an API', () => {
    const subjects = (route: string) =>
      facts({
        'package.json': PKG({ express: '4' }),
        'src/server.js': `const express = require("express");\nconst app = express();\napp.post("${route}", (req, res) => res.end());\napp.listen(3000);\n`,
      }).auditTrail.subjects.map((x) => x.note);
    expect(subjects('/api/register')).toEqual(['login route POST /api/register']);
    expect(subjects('/register/confirm')).toEqual(['login route POST /register/confirm']);
    expect(subjects('/register/api/v1/vessels')).toEqual([]);
    expect(subjects('/register/v2/parties')).toEqual([]);
  });

  it('a Rust activity log row saved by an event logger is on a security path when the logger maps login events', () => {
    const logger = (kinds: string) =>
      facts({
        'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\n',
        'src/main.rs': `mod events;\n\nfn main() {\n    events::run();\n}\n`,
        'src/events.rs': `pub fn run() {\n    for e in inbox() {\n        let activity_log_entry = match e {\n${kinds}        };\n        activity_log_entry.save(&pool);\n    }\n}\n`,
      }).auditTrail.writes.map((w) => `${w.path}:${w.line} ${w.note} ${w.securityPath}`);
    expect(logger('            Event::UserLogin => Row::new(1),\n            Event::Sync => Row::new(2),\n')).toEqual([
      'src/events.rs:7 activity log record stored true',
    ]);
    expect(logger('            Event::Sync => Row::new(2),\n')).toEqual([
      'src/events.rs:6 activity log record stored false',
    ]);
  });

  it('an assignment named actor is not an event record, a keyword argument in a create call is', () => {
    const a = facts({
      'requirements.txt': 'flask==3.0.3\n',
      'app.py':
        'from flask import Flask\napp = Flask(__name__)\n\n@app.post("/roles")\ndef grant_role():\n    actor = current()\n    Activity.objects.create(\n        actor=actor,\n        verb="role.granted",\n    )\n    return ""\n',
    }).auditTrail;
    expect(a.writes.map((w) => `${w.line} ${w.note}`)).toEqual(['7 event recorded with its actor']);
  });

  it('an ASP.NET Core authentication scheme makes callers; a deletion event naming its user is on a security path', () => {
    const trail = (type: string) =>
      facts({
        'Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>\n',
        'Program.cs':
          'var builder = WebApplication.CreateBuilder(args);\nbuilder.Services.AddAuthentication("Key").AddScheme<KeyOptions, KeyHandler>("Key", _ => { });\nvar app = builder.Build();\napp.MapDelete("/files/{id}", (Guid id, Store s) => s.Drop(id));\napp.Run();\n',
        'Store.cs': `public class Store\n{\n    public void Drop(Guid id)\n    {\n        Save(new FileEvent\n        {\n            EventType = FileEventType.${type}.ToString(),\n            User = new Caller { Id = Current() },\n        });\n    }\n}\n`,
      }).auditTrail;
    const deleted = trail('Deleted');
    expect(deleted.subjects.map((s) => `${s.path}:${s.line} ${s.note}`)).toEqual([
      'Program.cs:2 authenticated callers (ASP.NET Core authentication)',
    ]);
    expect(deleted.writes.map((w) => `${w.path}:${w.line} ${w.securityPath}`)).toEqual(['Store.cs:5 true']);
    expect(trail('Renamed').writes).toEqual([]);
  });

  it("callers a Rails before_action authenticates are subjects; GitHub's webhook signature admits no one", () => {
    const rails = facts({
      Gemfile: 'source "https://rubygems.org"\ngem "rails"\ngem "doorkeeper"\n',
      'config.ru': 'run Rails.application\n',
      'config/routes.rb': 'Rails.application.routes.draw do\n  resources :parcels\nend\n',
      'app/controllers/application_controller.rb':
        'class ApplicationController < ActionController::API\n  before_action :doorkeeper_authorize!\nend\n',
      'app/controllers/parcels_controller.rb':
        'class ParcelsController < ApplicationController\n  def index\n    render json: []\n  end\nend\n',
    }).auditTrail;
    expect(rails.subjects.map((s) => `${s.path}:${s.line} ${s.note}`)).toEqual([
      'app/controllers/application_controller.rb:2 authenticated callers (before_action authentication)',
    ]);
    expect(rails.localAccounts).toBe(false);

    const bot = facts({
      'pom.xml':
        '<project><dependencies><dependency><groupId>io.quarkiverse.githubapp</groupId><artifactId>quarkus-github-app</artifactId></dependency></dependencies></project>\n',
      'src/main/java/org/example/Greeter.java':
        'package org.example;\n\nimport io.quarkiverse.githubapp.event.Issue;\nimport org.kohsuke.github.GHEventPayload;\n\nclass Greeter {\n    void onOpened(@Issue.Opened GHEventPayload.Issue payload) {\n    }\n}\n',
    }).auditTrail;
    expect(bot.subjects).toEqual([]);
  });

  it('callers holding one API key are other services (machine callers); a bearer token names a subject', () => {
    const server = (check: string) =>
      facts({
        'package.json':
          '{"name":"thumbs","main":"server.js","dependencies":{"express":"^4.19.2","jsonwebtoken":"^9.0.2"}}\n',
        'server.js': `const express = require("express");\nconst app = express();\napp.use((req, res, next) => {\n  ${check}\n  next();\n});\napp.delete("/thumbs/:id", (req, res) => res.status(204).end());\napp.listen(3000);\n`,
      }).auditTrail;
    const keyed = server('if (req.get("x-api-key") !== process.env.API_KEY) return res.status(401).end();');
    expect(keyed.subjects).toEqual([]);
    expect(keyed.machineCallers?.path).toBe('server.js');
    const bearer = server('req.claims = jwt.verify(req.headers.authorization.slice(7), process.env.JWT_PUBLIC_KEY);');
    expect(bearer.machineCallers).toBeUndefined();
    expect(bearer.subjects.map((s) => s.note)).toEqual([expect.stringMatching(/^authenticated callers/)]);
  });
});

describe('facts: auditTrail — plain PHP accounts and static loggers', () => {
  const app = (accounts: string) =>
    facts({
      'composer.json': '{"name": "acme/pantry", "type": "project", "require": {"php": ">=8.2"}}\n',
      'index.php': `<?php\nsession_start();\nrequire __DIR__ . '/Accounts.php';\nif (!Accounts::check_password($_POST['login'], $_POST['password'])) {\n  http_response_code(401);\n  exit;\n}\n`,
      'Accounts.php': `<?php\nfinal class Accounts {\n  static function check_password(string $l, string $p): bool {\n    $ok = password_verify($p, self::hashOf($l));\n${accounts}\n    return $ok;\n  }\n}\n`,
    }).auditTrail;

  it('a password checked in the request code of a PHP application without a router is a subject (local accounts)', () => {
    const a = app('');
    expect(a.subjects).toEqual([expect.objectContaining({ note: 'local accounts (a password checked)' })]);
    expect(a.localAccounts).toBe(true);
    expect(a.securityLogs).toEqual([]);
  });

  it('a failed login written through a static logger with a level constant first is a security event logged', () => {
    const withLevel = app('    if (!$ok) Logger::log(E_USER_WARNING, "Failed login attempt for $l");');
    expect(withLevel.securityLogs).toEqual([expect.objectContaining({ path: 'Accounts.php', line: 5 })]);
    expect(app('    if ($ok) Log::notice("User logged in: $l");').securityLogs).toHaveLength(1);
    // A message about something else is not.
    expect(app('    Logger::log(E_USER_NOTICE, "Upgrading the hash of $l");').securityLogs).toEqual([]);
  });
});

describe('facts: retention', () => {
  it('a Vercel Cron Job whose cleanup route deletes is a scheduled cleanup; a digest cron and a prompt cache are not', () => {
    const files = (cronPath: string, handler: string) => ({
      'package.json': JSON.stringify({ name: 'web', dependencies: { next: '15', pg: '8' } }),
      'lib/db.ts': "import { Pool } from 'pg';\nexport const pool = new Pool();\n",
      'vercel.ts': `export const config = {\n  framework: 'nextjs',\n  crons: [\n    { path: '${cronPath}', schedule: '0 * * * *' },\n  ],\n};\n`,
      [`app${cronPath}/route.ts`]: `export async function GET() {\n${handler}\n  return Response.json({});\n}\n`,
      'app/api/ask/route.ts':
        "export async function POST() {\n  const opts = { promptCacheRetention: '24h' };\n  return Response.json(opts);\n}\n",
    });
    const cleanup = facts(
      files('/api/cron/remove-stale-exports', '  await pool.query("delete from export");'),
    ).retention;
    expect(cleanup.cleanup.map((c) => `${c.path}:${c.line} ${c.strong}`)).toEqual(['vercel.ts:4 true']);
    const digest = facts(files('/api/cron/digest', '  await pool.query("select 1");')).retention;
    expect(digest.cleanup).toEqual([]);
    expect(digest.settings).toEqual([]);
  });

  it("a Vercel Cron Job's evidence is the route's line in the crons entry, not an earlier rewrite naming it", () => {
    const r = facts({
      'package.json': JSON.stringify({ name: 'web', dependencies: { next: '15', pg: '8' } }),
      'lib/db.ts': "import { Pool } from 'pg';\nexport const pool = new Pool();\n",
      'vercel.json': JSON.stringify(
        {
          rewrites: [{ source: '/sweep', destination: '/api/cron/sweep-old-uploads' }],
          crons: [{ path: '/api/cron/sweep-old-uploads', schedule: '0 3 * * *' }],
        },
        null,
        2,
      ),
      'app/api/cron/sweep-old-uploads/route.ts':
        'export async function GET() {\n  await pool.query("delete from upload");\n  return Response.json({});\n}\n',
    }).retention;
    expect(r.cleanup.map((c) => `${c.path}:${c.line}`)).toEqual(['vercel.json:10']);
  });

  it('a delete with an age cutoff in a prune command is strong; a delete by id is not retention', () => {
    const r = facts({
      'requirements.txt': 'django==5.0\n',
      'app/management/commands/prune_visits.py':
        'from datetime import timedelta\n\ndef handle():\n    cutoff = now() - timedelta(days=30)\n    Visit.objects.filter(created__lt=cutoff).delete()\n',
      'app/views.py': 'def remove(request, pk):\n    Visit.objects.filter(pk=pk).delete()\n',
    }).retention;
    expect(r.cleanup.map((c) => `${c.path}:${c.line} ${c.strong}`)).toEqual([
      'app/management/commands/prune_visits.py:5 true',
    ]);
  });

  it('a Hangfire job named for purging, scheduled or recurring, is a cleanup job; one of another name is not', () => {
    const jobs = (body: string) =>
      facts({
        'src/Files/Upload.cs': `using Hangfire;\n\npublic class Upload\n{\n    ${body}\n}\n`,
      }).retention.cleanup.map((c) => `${c.line} ${c.note}`);
    expect(
      jobs(
        'void Keep(IBackgroundJobClient jobClient, Guid id, TimeSpan ttl) => jobClient.Schedule<PurgeFileJob>(j => j.Run(id), ttl);',
      ),
    ).toEqual(['5 a scheduled cleanup job (Hangfire)']);
    expect(
      jobs('void Plan() => RecurringJob.AddOrUpdate<ExpireSessionsJob>("expire", j => j.Run(), Cron.Daily);'),
    ).toEqual(['5 a scheduled cleanup job (Hangfire)']);
    expect(
      jobs(
        'void Remind(IBackgroundJobClient jobClient) => jobClient.Schedule<ReminderJob>(j => j.Run(), TimeSpan.FromDays(1));',
      ),
    ).toEqual([]);
  });

  it('reads lifecycle rules in infrastructure code and Mongoose expires only where mongoose is used', () => {
    const r = facts({
      'infra/main.tf': 'resource "aws_s3_bucket_lifecycle_configuration" "uploads" {\n  bucket = "x"\n}\n',
      'src/ui.js': 'const cookie = { expires: 7, path: "/" };\n',
    }).retention;
    expect(r.ttl.map((t) => `${t.path}:${t.line} ${t.note}`)).toEqual([
      'infra/main.tf:1 object storage lifecycle rule',
    ]);
  });

  it("Prometheus' own TSDB retention keeps no data of the service; a retention setting of the service's store does", () => {
    const compose = (flag: string) =>
      [
        'services:',
        '  prometheus:',
        '    image: prom/prometheus',
        '    command:',
        '      - --config.file=/etc/prometheus/prometheus.yml',
        `      - ${flag}`,
        '  timescale:',
        '    image: timescale/timescaledb:latest-pg16',
        '',
      ].join('\n');
    for (const flag of ['--storage.tsdb.retention=20d', '--storage.tsdb.retention.time=30d']) {
      const r = facts({ 'docker-compose.yml': compose(flag) }).retention;
      expect([...r.ttl, ...r.settings]).toEqual([]);
    }
    const kept = facts({
      'docker-compose.yml': compose('--storage.tsdb.retention=20d'),
      'db/retention.sql': "SELECT add_retention_policy('readings', INTERVAL '90 days');\n",
    }).retention;
    expect(kept.ttl.map((t) => `${t.path}:${t.line} ${t.note}`)).toEqual(['db/retention.sql:1 store retention policy']);
  });

  it("a YAML retention key under a backup's settings is no retention setting; one beside them still is", () => {
    const go = 'package main\n\nimport "github.com/jackc/pgx/v5/pgxpool"\n\nvar _ = pgxpool.New\n';
    const cluster = [
      'apiVersion: postgresql.cnpg.io/v1',
      'kind: Cluster',
      'spec:',
      '  backup:',
      '    barmanObjectStore:',
      '      destinationPath: s3://bucket/',
      "    retentionPolicy: '30d'",
      '',
    ].join('\n');
    const onlyBackups = facts({ 'go.mod': 'module x\n', 'main.go': go, 'k8s/cluster.yaml': cluster }).retention;
    expect(onlyBackups.settings).toEqual([]);
    const values = ['backups:', '  retentionDays: 14', 'events:', '  retentionDays: 90', ''].join('\n');
    const kept = facts({ 'go.mod': 'module x\n', 'main.go': go, 'chart/values.yaml': values }).retention;
    expect(kept.settings.map((s) => `${s.path}:${s.line}`)).toEqual(['chart/values.yaml:4']);
  });
});

describe('facts: disasterRecovery', () => {
  it('finds targets, steps and rehearsals in a recovery section, never in a roadmap', () => {
    const d = facts({
      'README.md':
        '# svc\n\n## Disaster recovery\n\nRPO 15 minutes, RTO 2 hours.\n\n1. Restore the latest snapshot: `velero restore create --from-backup nightly`\n2. Re-point DNS.\n\nLast rehearsed 2026-10-02 (game day).\n',
      'ROADMAP.md': '# Roadmap\n\n- [ ] Disaster recovery plan with RTO/RPO\n',
    }).disasterRecovery;
    expect(d.docs.map((x) => `${x.path}:${x.line} ${x.targets} ${x.steps} ${x.rehearsed}`)).toEqual([
      'README.md:3 5 7 10',
    ]);
  });
});

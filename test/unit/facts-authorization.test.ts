import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const authz = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files)).authorization;

const FLASK_APP = (views: string) => ({
  'requirements.txt': 'flask==3.0.0\n',
  'app.py': `from flask import Flask, abort, g\napp = Flask(__name__)\n\n${views}`,
});

describe('facts: authorization', () => {
  it('an Elixir plug refusing with 403 on a property of the caller counts where a live file plugs it', () => {
    const plugBody = (check: string) =>
      [
        'defmodule ShopWeb.Plugs.OnlyBuyers do',
        '  import Plug.Conn',
        '  def init(opts), do: opts',
        '  def call(conn, _opts) do',
        `    if ${check}, do: conn, else: conn |> send_resp(403, "no") |> halt()`,
        '  end',
        'end',
        '',
      ].join('\n');
    const app = (check: string, router: string) =>
      authz({
        'mix.exs': 'defmodule Shop.MixProject do\n  use Mix.Project\n  defp deps, do: [{:phoenix, "~> 1.7"}]\nend\n',
        'lib/shop_web/plugs/only_buyers.ex': plugBody(check),
        'lib/shop_web/router.ex': `defmodule ShopWeb.Router do\n  use Phoenix.Router\n${router}end\n`,
      }).applied;
    const piped = '  pipeline :buyers do\n    plug(ShopWeb.Plugs.OnlyBuyers)\n  end\n';
    expect(app('conn.assigns.current_user.role == :buyer', piped)?.sites.map((x) => [x.path, x.line])).toEqual([
      ['lib/shop_web/plugs/only_buyers.ex', 5],
      ['lib/shop_web/router.ex', 4],
    ]);
    // Never plugged, or asking only whether someone is signed in: no authorization.
    expect(app('conn.assigns.current_user.role == :buyer', '')).toBeUndefined();
    expect(app('conn.assigns[:current_user]', piped)).toBeUndefined();
  });

  it('a Sinatra helper refusing callers without a permission is applied by the route blocks calling it without parentheses', () => {
    const app = (call: string) =>
      authz({
        Gemfile: 'source "https://rubygems.org"\ngem "sinatra"\n',
        'config.ru': 'require "./lib/shelf_app"\nrun ShelfApp\n',
        'lib/shelf_app.rb': [
          'require "sinatra/base"',
          'class ShelfApp < Sinatra::Base',
          '  def require_permission(permission)',
          '    halt(403) unless env["warden"].user["permissions"].include?(permission)',
          '  end',
          '',
          '  delete "/shelves/:id" do',
          `    ${call}`,
          '    status 204',
          '  end',
          'end',
        ].join('\n'),
      });
    const called = app('require_permission "manage_shelves"');
    expect(called.applied?.how).toBe('require_permission used by the routes');
    expect(called.applied?.sites.map((s) => `${s.path}:${s.line}`)).toEqual([
      'lib/shelf_app.rb:4',
      'lib/shelf_app.rb:8',
    ]);
    const idle = app('# require_permission "manage_shelves"');
    expect(idle.applied).toBeUndefined();
    expect(idle.notWired.map((n) => n.name)).toEqual(['require_permission']);
  });

  it("plain PHP: the session's access level compared in a check that refuses is applied (low); one only choosing what to show is not", () => {
    const app = (check: string) =>
      authz({
        'composer.json': '{"name": "acme/pantry", "type": "project", "require": {"php": ">=8.2"}}\n',
        'index.php': "<?php\nsession_start();\nrequire __DIR__ . '/classes/Gate.php';\n(new Gate())->before('list');\n",
        'classes/Gate.php': `<?php\nclass Gate {\n  function before(string $m): bool {\n${check}\n  }\n}\n`,
      }).applied;
    const hook = app(
      "    if (($_SESSION['access_level'] ?? 0) >= Access::STEWARD) {\n      return true;\n    }\n    return false;",
    );
    expect(hook).toMatchObject({ confidence: 'low', sites: [{ path: 'classes/Gate.php', line: 4 }] });
    expect(hook?.how).toMatch(/session's access level or role/);
    expect(
      app(
        "    if ($_SESSION['role'] !== 'admin') {\n      http_response_code(403);\n      exit;\n    }\n    return true;",
      ),
    ).toBeDefined();
    // Compared only to choose a link, or read without a comparison: nothing refuses.
    expect(
      app(
        "    $links = [];\n    if (($_SESSION['access_level'] ?? 0) >= 10) {\n      $links[] = 'members';\n    }\n    echo implode(',', $links);\n    return true;",
      ),
    ).toBeUndefined();
    expect(app("    $level = $_SESSION['access_level'] ?? 0;\n    return true;")).toBeUndefined();
  });

  it('a policy annotation in live code is applied, with its label', () => {
    const a = authz({
      'package.json': '{"dependencies":{"@nestjs/core":"10.0.0"}}',
      'src/main.ts': "import { OrdersController } from './orders.controller';\nOrdersController;\n",
      'src/orders.controller.ts':
        "import { Controller, Delete } from '@nestjs/common';\n@Controller('orders')\nexport class OrdersController {\n  @Roles('admin')\n  @Delete(':id')\n  remove() {}\n}\n",
    });
    expect(a.applied?.how).toBe('NestJS roles/policies');
    expect(a.applied?.sites.map((s) => `${s.path}:${s.line}`)).toEqual(['src/orders.controller.ts:4']);
    expect(a.notWired).toEqual([]);
  });

  it('an ownership check that rejects inside a route handler is applied there', () => {
    const a = authz(
      FLASK_APP(
        "@app.route('/notes/<int:id>', methods=['DELETE'])\ndef delete_note(id):\n    note = Note.get(id)\n    if note.owner_id != g.user.id:\n        abort(403)\n    note.delete()\n",
      ),
    );
    expect(a.applied?.how).toMatch(/ownership/);
    expect(a.applied?.sites[0]).toMatchObject({ path: 'app.py', line: 7 });
    expect(a.applied?.confidence).toBeUndefined();
  });

  it('a role check in a helper nothing calls is defined but not wired', () => {
    const a = authz(
      FLASK_APP(
        "@app.route('/health')\ndef health():\n    return 'ok'\n\ndef ensure_admin(user):\n    if user.role != 'admin':\n        abort(403)\n",
      ),
    );
    expect(a.applied).toBeUndefined();
    expect(a.notWired.map((n) => [n.name, n.site.path, n.site.line])).toEqual([['ensure_admin', 'app.py', 9]]);
    expect(a.notWired[0]!.site.note).toMatch(/which no route or middleware applies/);
  });

  it('a check in a Rails controller action runs on the requests the action serves', () => {
    const a = authz({
      Gemfile: "source 'https://rubygems.org'\ngem 'rails', '~> 7.1'\n",
      'config/routes.rb': 'Rails.application.routes.draw do\n  resources :posts\nend\n',
      'app/controllers/posts_controller.rb':
        'class PostsController < ApplicationController\n  def destroy\n    @post = Post.find(params[:id])\n    head :forbidden unless @post.user == current_user\n    @post.destroy\n  end\nend\n',
    });
    expect(a.applied?.how).toBe('ownership/role check in controller action destroy');
  });

  const KTOR_APP = (thrower: string) => ({
    'build.gradle.kts': 'dependencies {\n    implementation("io.ktor:ktor-server-cio")\n}\n',
    'src/main/kotlin/app/App.kt':
      'fun main() {\n    embeddedServer(CIO, port = 8080) {\n        install(StatusPages) {\n            exception<Refused> { call, e ->\n                call.respond(\n                    Forbidden,\n                    e.message ?: "",\n                )\n            }\n            exception<Missing> { call, _ ->\n                call.respond(NotFound, "")\n            }\n        }\n        routing { get("/x") { call.respondText(Desk().open(call.parameters["id"]!!)) } }\n    }.start(wait = true)\n}\n',
    'src/main/kotlin/app/Desk.kt': `open class Refused(m: String) : RuntimeException(m)\n\nclass NotYours(\n    m: String,\n) : Refused(m)\n\nclass Missing(m: String) : RuntimeException(m)\n\nclass Desk {\n    fun open(id: String): String {\n        ${thrower}\n        return id\n    }\n}\n`,
  });

  it('a subclass of an exception the Ktor StatusPages answer with 403, thrown in live code, is applied', () => {
    const a = authz(KTOR_APP('if (id.startsWith("x")) throw NotYours(id)'));
    expect(a.applied?.how).toBe('access checks throwing an exception the API answers with 403');
    expect(a.applied?.sites).toEqual([
      { path: 'src/main/kotlin/app/Desk.kt', line: 11, note: 'NotYours thrown (a Refused), answered with 403' },
      { path: 'src/main/kotlin/app/App.kt', line: 4, note: 'Refused answered with 403 (Ktor StatusPages handler)' },
    ]);
  });

  it('an exception answered with another status, or one answered with 403 but never thrown, decides nothing', () => {
    expect(authz(KTOR_APP('if (id.isEmpty()) throw Missing(id)')).applied).toBeUndefined();
  });

  it('a sign-in failure answered with 403 is authentication, not an access check', () => {
    const files = Object.entries(KTOR_APP('if (id.startsWith("x")) throw NotYours(id)'));
    expect(
      authz(Object.fromEntries(files.map(([p, t]) => [p, t.replaceAll('Refused', 'BadToken')]))).applied,
    ).toBeUndefined();
  });

  it("the caller's tenant compared with the path's and refused is an access check; a tenant from the request is not", () => {
    const app = (tenant: string, refusal: string) => ({
      'package.json': '{"dependencies":{"express":"4.21.2"}}',
      'src/server.js': `import express from 'express';\nconst app = express();\napp.get('/teams/:teamId/invoices', (req, res) => {\n  if (${tenant} !== req.params.teamId) {\n    ${refusal}\n  }\n  res.json([]);\n});\napp.listen(3000);\n`,
    });
    const applied = authz(app('req.user.teamId', 'return res.status(404).end();')).applied;
    expect(applied?.how).toMatch(/tenant of the path/);
    expect(applied?.sites[0]).toMatchObject({ path: 'src/server.js', line: 4 });
    expect(authz(app('req.query.teamId', 'return res.status(400).end();')).applied).toBeUndefined();
    expect(authz(app('req.user.teamId', "console.warn('another team');")).applied).toBeUndefined();
  });

  it("an Elixir clause guarded by the caller's role applies when the next clause refuses, not when it succeeds", () => {
    const app = (fallback: string) =>
      authz({
        'mix.exs':
          'defmodule Jot.MixProject do\n  use Mix.Project\n  def project, do: [app: :jot, deps: [{:phoenix, "~> 1.7"}]]\n  def application, do: [mod: {Jot.Application, []}]\nend\n',
        'lib/jot/application.ex':
          'defmodule Jot.Application do\n  def start(_, _), do: Supervisor.start_link([JotWeb.Resolvers.Notes], strategy: :one_for_one)\nend\n',
        'lib/jot_web/resolvers/notes.ex': [
          'defmodule JotWeb.Resolvers.Notes do',
          '  def delete(_parent, %{id: id}, %{context: %{current_user: %{role: role}}})',
          '      when role in [:editor, :admin] do',
          '    {:ok, id}',
          '  end',
          '',
          '  def delete(_parent, _args, _resolution) do',
          `    ${fallback}`,
          '  end',
          'end',
        ].join('\n'),
      });
    expect(app('{:error, "editors only"}').applied).toMatchObject({
      sites: [{ path: 'lib/jot_web/resolvers/notes.ex', line: 3 }],
    });
    expect(app('{:ok, nil}').applied).toBeUndefined();
  });

  it('nothing that decides who may act: neither applied nor unwired', () => {
    expect(authz(FLASK_APP("@app.route('/')\ndef index():\n    return 'hi'\n"))).toEqual({ notWired: [] });
  });

  describe('NestJS guards checking the record a path names against the caller', () => {
    const nest = (guardBody: string[], applied = true) =>
      authz({
        'package.json': '{"dependencies":{"@nestjs/core":"11.0.0","@nestjs/common":"11.0.0"}}',
        'src/main.ts': "import { NotesController } from './notes.controller';\nNotesController;\n",
        'src/note-in-space.guard.ts': [
          "import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';",
          '@Injectable()',
          'export class NoteInSpaceGuard implements CanActivate {',
          '  async canActivate(context: ExecutionContext): Promise<boolean> {',
          ...guardBody.map((l) => `    ${l}`),
          '  }',
          '}',
        ].join('\n'),
        'src/notes.controller.ts': [
          "import { Controller, Get, UseGuards } from '@nestjs/common';",
          "import { NoteInSpaceGuard } from './note-in-space.guard';",
          "@Controller('notes')",
          'export class NotesController {',
          applied ? '  @UseGuards(NoteInSpaceGuard)' : '  // no guard',
          "  @Get(':noteId')",
          '  show() {}',
          '}',
        ].join('\n'),
      });
    const lookup = [
      'const request = context.switchToHttp().getRequest();',
      'const spaceId = request[SpaceOfCaller];',
      'const noteId =',
      '  request.params.noteId;',
      'this.log.warn(`note ${noteId} in ${spaceId}`);',
      'const note = await this.notes.findInSpace(',
      '  noteId,',
      '  spaceId,',
      ');',
      'if (!note) return false;',
      'return true;',
    ];

    it('a lookup of the path record within the caller`s space, refused with false, is applied through @UseGuards', () => {
      const a = nest(lookup);
      expect(a.applied?.how).toBe('NoteInSpaceGuard applied as guard');
      // The statement taking both ids (a call spread over several lines), not the log line naming them.
      expect(a.applied?.sites.map((s) => `${s.path}:${s.line}`)).toEqual([
        'src/note-in-space.guard.ts:10',
        'src/notes.controller.ts:5',
      ]);
    });

    it('the same guard nobody applies is never wired', () => {
      const a = nest(lookup, false);
      expect(a.applied).toBeUndefined();
      expect(a.notWired.map((n) => n.name)).toEqual(['NoteInSpaceGuard']);
    });

    it('a comparison of the destructured path and caller refused with a Forbidden exception counts', () => {
      const a = nest([
        'const { user, params } = context.switchToHttp().getRequest();',
        'if (params.spaceId !== user.spaceId) throw new ForbiddenException();',
        'return true;',
      ]);
      expect(a.applied?.sites[0]).toMatchObject({ path: 'src/note-in-space.guard.ts', line: 6 });
    });

    it('a guard reading the path and the caller in separate statements decides nothing about the record', () => {
      const a = nest([
        'const request = context.switchToHttp().getRequest();',
        'if (!request.user) return false;',
        'const noteId = request.params.noteId;',
        'return /^[a-z0-9]+$/.test(noteId);',
      ]);
      expect(a.applied).toBeUndefined();
      expect(a.notWired).toEqual([]);
    });
  });

  describe('Go permission checks', () => {
    const echo = (
      handler: string[],
      helper = 'func RequirePermissions(c echo.Context, perms []string) error { return nil }',
    ) =>
      authz({
        'go.mod': 'module example.com/x\n\ngo 1.24\n\nrequire github.com/labstack/echo/v4 v4.12.0\n',
        'main.go': [
          'package main',
          '',
          'import "github.com/labstack/echo/v4"',
          '',
          helper,
          '',
          'func purge(c echo.Context) error {',
          ...handler.map((l) => `\t${l}`),
          '\treturn c.NoContent(204)',
          '}',
          '',
          'func main() {',
          '\te := echo.New()',
          '\te.DELETE("/cache", purge)',
          '\te.Start(":8080")',
          '}',
        ].join('\n'),
      });

    it('the error of a permission check returned by the handler refuses', () => {
      const a = echo(['err := RequirePermissions(c, []string{"ops"})', 'if err != nil {', '\treturn err', '}']);
      expect(a.applied?.how).toBe('role/permission check in the route handler purge');
      expect(a.applied?.sites[0]).toMatchObject({ path: 'main.go', line: 8 });
    });

    it('the error only logged refuses nothing', () => {
      const a = echo(['err := RequirePermissions(c, []string{"ops"})', 'if err != nil {', '\tlog.Print(err)', '}']);
      expect(a.applied).toBeUndefined();
    });

    it('the error only logged in a one-line if refuses nothing, though the handler returns on the next line', () => {
      const a = echo(['err := RequirePermissions(c, []string{"ops"})', 'if err != nil { log.Print(err) }']);
      expect(a.applied).toBeUndefined();
    });

    it('a block that logs the error and answers as usual refuses nothing', () => {
      const a = echo([
        'err := RequirePermissions(c, []string{"ops"})',
        'if err != nil {',
        '\tlog.Print(err)',
        '\treturn c.JSON(200, "cached")',
        '}',
      ]);
      expect(a.applied).toBeUndefined();
    });

    it('the error returned in a one-line if refuses', () => {
      const a = echo(['err := RequirePermissions(c, []string{"ops"})', 'if err != nil { return err }']);
      expect(a.applied?.sites[0]).toMatchObject({ path: 'main.go', line: 8 });
    });

    it("the caller's permission list asked for the required one, refused with 403, is a check", () => {
      const a = echo(
        [
          'perms, _ := c.Get("perms").([]string)',
          'if !slices.Contains(perms, "cache.purge") {',
          '\treturn echo.NewHTTPError(http.StatusForbidden, "no")',
          '}',
        ],
        '',
      );
      expect(a.applied?.sites[0]).toMatchObject({ path: 'main.go', line: 9 });
    });
  });

  it('a permission check in an Elysia macro is applied where a route names the macro, never wired where none does', () => {
    const app = (options: string) =>
      authz({
        'package.json': '{"dependencies":{"elysia":"1.3.0"}}',
        'src/index.ts': [
          "import { Elysia } from 'elysia';",
          'new Elysia()',
          '  .macro({',
          '    allowed(perms: string[]) {',
          '      return {',
          '        beforeHandle({ user, status }) {',
          '          for (const p of perms) if (!user.permissions.includes(p)) return status(403, p);',
          '        },',
          '      };',
          '    },',
          '  })',
          `  .get('/reports', () => [], ${options})`,
          '  .listen(3000);',
        ].join('\n'),
      });
    const named = app("{\n    allowed: ['reports.read'],\n  }");
    expect(named.applied?.how).toBe('the Elysia macro allowed named by the routes');
    expect(named.applied?.sites.map((s) => `${s.path}:${s.line}`)).toEqual(['src/index.ts:7', 'src/index.ts:13']);
    const unnamed = app('{}');
    expect(unnamed.applied).toBeUndefined();
    expect(unnamed.notWired.map((n) => n.name)).toEqual(['allowed']);
  });

  it("a Prisma lookup filtered on the caller's uid is a query scoped to the caller", () => {
    const a = authz({
      'package.json': '{"dependencies":{"@prisma/client":"6.0.0"}}',
      'src/main.ts': "import { find } from './notes';\nfind;\n",
      'src/notes.ts':
        'export async function find(user: { uid: string }, noteId: string) {\n  return db.note.findFirst({\n    where: { noteId, uid: user.uid },\n  });\n}\n',
    });
    expect(a.applied?.how).toBe('queries scoped to the caller (an owner filter on the record)');
    expect(a.applied?.sites[0]).toMatchObject({ path: 'src/notes.ts', line: 3 });
  });
});

describe('facts: authorization in Strawberry resolvers', () => {
  const app = (imports: string) =>
    authz({
      'requirements.txt': 'strawberry-graphql==0.243.1\nfastapi==0.115.0\n',
      'main.py': [
        imports,
        'from fastapi import FastAPI',
        'from perms import IsEditor',
        '',
        '@strawberry.type',
        'class Mutation:',
        '    @strawberry.mutation(permission_classes=[IsEditor])',
        '    def plant(self, name: str) -> str:',
        '        return name',
        '',
        'app = FastAPI()',
      ].join('\n'),
    }).applied;

  it('names permission classes on a Strawberry resolver as Strawberry’s, once', () => {
    expect(app('import strawberry')).toMatchObject({
      how: 'Strawberry GraphQL permission classes',
      sites: [{ path: 'main.py', line: 7 }],
    });
  });

  it('keeps the DRF label where the file does not use Strawberry', () => {
    expect(app('from rest_framework import viewsets')?.how).toBe('DRF permission classes beyond IsAuthenticated');
  });
});

describe('facts: Pyramid view permissions written over several lines', () => {
  const views = (imports: string, permission: string) =>
    authz({
      'requirements.txt': 'pyramid==2.0.2\n',
      'app/__init__.py': [
        'from pyramid.config import Configurator',
        'def main(global_config=None, **settings):',
        '    config = Configurator(settings=settings)',
        '    config.scan("app.views")',
        '    return config.make_wsgi_app()',
      ].join('\n'),
      'app/views.py': [
        imports,
        'from app.perms import Permission',
        '',
        '@view_config(',
        '    route_name="shelf",',
        `    permission=${permission},`,
        ')',
        'def shelf(request):',
        '    return {}',
      ].join('\n'),
    }).applied;

  it('a permission named by a constant is authorization', () => {
    expect(views('from pyramid.view import view_config', 'Permission.Shelf.EDIT')).toMatchObject({
      how: 'Pyramid view permissions',
      sites: [{ path: 'app/views.py', line: 6 }],
    });
  });

  it('not NO_PERMISSION_REQUIRED, nor a file that is no Pyramid view module', () => {
    expect(views('from pyramid.view import view_config', 'NO_PERMISSION_REQUIRED')).toBeUndefined();
    expect(views('from shelves.decorators import view_config', 'Permission.Shelf.EDIT')).toBeUndefined();
  });
});

describe('facts: authorization in Flask-RESTful resources', () => {
  const files = (register: string) => ({
    'requirements.txt': 'flask==3.0.3\nflask-restful==0.3.10\nrequests==2.32.3\n',
    Procfile: 'web: gunicorn app:app\n',
    'app.py': [
      'from flask import Flask',
      'from flask_restful import Api',
      'from views import Report',
      'app = Flask(__name__)',
      'api = Api(app)',
      register,
      '',
    ].join('\n'),
    'views.py': [
      'import requests',
      'from flask import abort, g',
      'from flask_restful import Resource',
      'class Report(Resource):',
      '    def put(self, report_id):',
      '        report = load(report_id)',
      '        if report.author_id != g.user.id:',
      '            abort(403)',
      '        return {}',
      'def load(report_id):',
      '    return requests.put("https://store.invalid/r", json={}, timeout=3)',
      '',
    ].join('\n'),
  });
  it('a check in a verb method of a routed resource runs in that route handler', () => {
    const a = authz(files('api.add_resource(Report, "/reports/<int:report_id>")'));
    expect(a.applied?.how).toContain('the route handler Report.put');
    expect(a.applied?.sites.map((s) => `${s.path}:${s.line}`)).toEqual(['views.py:7']);
  });
  it('is not applied when no route names the resource', () => {
    const a = authz(files('# api.add_resource(Report, "/reports/<int:report_id>")'));
    expect(a.applied?.how ?? '').not.toContain('Report.put');
  });
  it('is not applied when the route registers a same-named resource of another module', () => {
    const other = files('api.add_resource(Report, "/reports/<int:report_id>")');
    other['app.py'] = other['app.py'].replace('from views import Report', 'from drafts import Report\nimport chores');
    const a = authz({
      ...other,
      'chores.py': 'from views import Report as Archived\n',
      'drafts.py':
        'from flask_restful import Resource\nclass Report(Resource):\n    def put(self, report_id):\n        return {}\n',
    });
    expect(a.applied?.how ?? '').not.toContain('Report.put');
  });
});

describe('facts: authorization — Rust permission variants asked with ?', () => {
  const crate = (body: string) => ({
    'Cargo.toml': '[package]\nname = "desk"\n[dependencies]\naxum = "0.8"\n',
    'src/main.rs': 'mod usecase;\nfn main() {}\n',
    'src/usecase.rs': `pub fn archive(ctx: &Ctx) -> Result<(), Refusal> {\n${body}\n    Ok(())\n}\n`,
  });

  it('takes has_permission(Permission::X)? and has_role(Role::X)? as the refusal propagated', () => {
    expect(authz(crate('    ctx.client().has_permission(Permission::Archive)?;')).applied?.how).toContain(
      'has_permission(Permission::X)?',
    );
    expect(authz(crate('    ctx.caller.has_role(Role::Owner(team.id))?;')).applied).toBeTruthy();
  });

  it('leaves the same predicate whose result is only kept or printed', () => {
    expect(authz(crate('    let ok = ctx.has_permission(Permission::Archive).is_ok();')).applied).toBeFalsy();
    expect(authz(crate('    let ok = ctx.has_permission(permission_for(kind))?;')).applied).toBeFalsy();
  });
  it('an AdonisJS middleware class runs where a route applies the key the kernel names it under', () => {
    const app = (routes: string, decide: string[]) =>
      authz({
        'package.json':
          '{"name":"kennel","type":"module","imports":{"#middleware/*":"./app/middleware/*.js","#start/*":"./start/*.js"},"dependencies":{"@adonisjs/core":"6.14.0"}}',
        'adonisrc.ts':
          "import { defineConfig } from '@adonisjs/core/app'\nexport default defineConfig({ preloads: [() => import('#start/routes'), () => import('#start/kernel')] })\n",
        'bin/server.ts':
          "import { Ignitor } from '@adonisjs/core'\nnew Ignitor(new URL('../', import.meta.url)).httpServer().start()\n",
        'start/kernel.ts': [
          "import router from '@adonisjs/core/services/router'",
          'export const middleware = router.named({',
          "  staff: () => import('#middleware/staff_middleware'),",
          '})',
          '',
        ].join('\n'),
        'start/routes.ts': [
          "import router from '@adonisjs/core/services/router'",
          "import { middleware } from '#start/kernel'",
          routes,
          '',
        ].join('\n'),
        'app/middleware/staff_middleware.ts': [
          "import type { HttpContext } from '@adonisjs/core/http'",
          'export default class StaffMiddleware {',
          '  async handle(ctx: HttpContext, next: () => Promise<void>, options: { roles: string[] }) {',
          ...decide,
          '  }',
          '}',
          '',
        ].join('\n'),
      });
    const through = [
      '    const allowed = ctx.auth.user!.roles.some((r: string) => options.roles.includes(r))',
      '    if (allowed) {',
      '      return next()',
      '    }',
      "    return ctx.response.forbidden({ error: 'staff only' })",
    ];
    const applied = app(
      "router.post('/stays/:id/checkout', () => 'ok').use(middleware.staff({ roles: ['desk'] }))",
      through,
    );
    expect(applied.applied?.how).toBe('StaffMiddleware applied as AdonisJS named middleware staff (start/kernel.ts:3)');
    expect(applied.applied?.sites.map((s) => `${s.path}:${s.line}`)).toEqual([
      'app/middleware/staff_middleware.ts:4',
      'start/routes.ts:3',
    ]);
    // No route applies the key: set up, never wired.
    const idle = app("router.post('/stays/:id/checkout', () => 'ok')", through);
    expect(idle.applied).toBeUndefined();
    expect(idle.notWired.map((n) => n.name)).toEqual(['StaffMiddleware']);
    // Everyone is handed on after the decision too: nothing is refused, no check.
    const lets = app("router.post('/stays/:id/checkout', () => 'ok').use(middleware.staff({ roles: ['desk'] }))", [
      '    const allowed = ctx.auth.user!.roles.some((r: string) => options.roles.includes(r))',
      '    if (allowed) {',
      '      return next()',
      '    }',
      '    return next()',
    ]);
    expect(lets.applied).toBeUndefined();
    expect(lets.notWired).toEqual([]);
  });
});

describe("facts: authorization — Rust role checks asked of the caller's claims with ?", () => {
  const crate = (body: string) => ({
    'Cargo.toml': '[package]\nname = "desk"\n[dependencies]\naxum = "0.8"\n',
    'src/main.rs': 'mod handlers;\nfn main() {}\n',
    'src/handlers.rs': `pub async fn purge(claims: Claims) -> Result<(), Refusal> {\n${body}\n    Ok(())\n}\n`,
  });

  it('takes claims.validate_role_admin()? and current_user.require_admin()? as the refusal propagated', () => {
    expect(authz(crate('    token_claims.validate_role_admin()?;')).applied?.how).toContain(
      'claims.validate_role_admin()?',
    );
    expect(authz(crate('    current_user.require_admin()?;')).applied).toBeTruthy();
    expect(authz(crate('    session.ensure_role(&wanted).await?;')).applied).toBeTruthy();
    expect(authz(crate('    claims.validate_role_admin().map_err(forbidden)?;')).applied).toBeTruthy();
  });

  it('leaves a role check whose result is kept, and one asked of something other than the caller', () => {
    expect(authz(crate('    let admin = claims.validate_role_admin().is_ok();')).applied).toBeFalsy();
    expect(authz(crate('    store.ensure_role_table()?;')).applied).toBeFalsy();
    expect(authz(crate('    user.ensure_role_exists()?;')).applied).toBeFalsy();
  });
});

describe("facts: authorization — Ecto records fetched through the signed-in caller's association", () => {
  const app = (body: string) => ({
    'mix.exs':
      'defmodule Pantry.MixProject do\n  use Mix.Project\n  defp deps, do: [{:phoenix, "~> 1.7"}, {:ecto_sql, "~> 3.12"}]\nend\n',
    'lib/pantry_web/router.ex':
      'defmodule PantryWeb.Router do\n  use Phoenix.Router\n  put "/recipes/:id", PantryWeb.RecipeController, :update\nend\n',
    'lib/pantry_web/controllers/recipe_controller.ex': `defmodule PantryWeb.RecipeController do\n  use Phoenix.Controller\n  import Ecto\n\n  def update(conn, %{"id" => id}) do\n${body}\n    json(conn, recipe)\n  end\nend\n`,
  });

  it('takes the piped and the called association of current_… fetched with Repo', () => {
    const piped = authz(app('    recipe =\n      current_cook\n      |> assoc(:recipes)\n      |> Repo.get!(id)'));
    expect(piped.applied?.how).toContain('Ecto assoc');
    expect(piped.applied?.sites[0]).toMatchObject({ line: 8 });
    const called = authz(app('    recipe = Repo.get_by!(assoc(conn.assigns.current_user, :recipes), id: id)'));
    expect(called.applied?.sites[0]).toMatchObject({ line: 6 });
    const oneLine = authz(app('    recipe = current_user |> assoc(:recipes) |> Repo.get!(id)'));
    expect(oneLine.applied?.sites[0]).toMatchObject({ line: 6 });
    const branch = authz(
      app(
        '    recipe =\n      case current_user.admin do\n        false -> assoc(current_user, :recipes)\n        true -> Recipe\n      end\n      |> Repo.get_by!(id: id)',
      ),
    );
    expect(branch.applied).toBeTruthy();
  });

  it("leaves another record's association, and the caller's association never fetched", () => {
    expect(
      authz(app('    recipe =\n      author\n      |> assoc(:recipes)\n      |> Repo.get!(id)')).applied,
    ).toBeFalsy();
    expect(authz(app('    recipe = assoc(current_cook, :recipes)')).applied).toBeFalsy();
    // The caller's records listed in one action, another record looked up by id in the next: no scoped lookup.
    expect(
      authz(
        app(
          '    recipes = Repo.all(assoc(conn.assigns.current_user, :recipes))\n    json(conn, recipes)\n  end\n\n  def edit(conn, %{"id" => id}) do\n    recipe = Repo.get!(Recipe, id)',
        ),
      ).applied,
    ).toBeFalsy();
  });
});

describe('facts: authorization in F# web frameworks', () => {
  const files = (handler: string) => ({
    'Api/Api.fsproj':
      '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n    <Compile Include="Program.fs" />\n  </ItemGroup>\n</Project>\n',
    'Api/Program.fs': [
      'module Api.Program',
      '',
      'open Microsoft.AspNetCore.Builder',
      'open Giraffe',
      '',
      handler,
      '',
      'let webApp = choose [ DELETE >=> routef "/orders/%i" removeOrder ]',
      '',
      '[<EntryPoint>]',
      'let main args =',
      '    let app = WebApplication.CreateBuilder(args).Build()',
      '    app.UseGiraffe webApp',
      '    app.Run()',
      '    0',
    ].join('\n'),
  });

  it("reads Giraffe's role handlers and the caller's claims asked in a handler", () => {
    const role = authz(
      files(
        'let removeOrder (id: int) : HttpHandler = requiresRole "clerk" (RequestErrors.FORBIDDEN "no") >=> text "gone"',
      ),
    );
    expect(role.applied?.sites.map((s) => [s.path, s.line])).toEqual([['Api/Program.fs', 6]]);
    const claim = authz(
      files(
        'let removeOrder (id: int) : HttpHandler =\n    fun next ctx -> if ctx.User.HasClaim("perm", "orders:delete") then text "gone" next ctx else RequestErrors.FORBIDDEN "no" next ctx',
      ),
    );
    expect(claim.applied?.sites[0]?.line).toBe(7);
    expect(authz(files('let removeOrder (id: int) : HttpHandler = text "gone"')).applied).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

/** The service model and the liveness it is built on. */
const service = (files: Record<string, string>) => {
  const facts = new Facts(RepoIndex.fromMemory(files));
  return { ...facts.service, ...facts.liveness };
};

describe('service model', () => {
  it('FastAPI: entrypoint, include_router prefixes, reachability and middleware', () => {
    const s = service({
      'requirements.txt': 'fastapi==0.115.0\n',
      Dockerfile: 'FROM python:3.12\nCMD ["uvicorn", "app.main:app"]\n',
      'app/__init__.py': '',
      'app/main.py': [
        'from fastapi import FastAPI',
        'from fastapi.middleware.cors import CORSMiddleware',
        'from app.routers import health, orders',
        'app = FastAPI()',
        'app.add_middleware(CORSMiddleware, allow_origins=["https://a.example"])',
        'app.include_router(health.router)',
        'app.include_router(orders.router, prefix="/api/v1")',
        '# app.include_router(old.router)',
      ].join('\n'),
      'app/routers/__init__.py': '',
      'app/routers/health.py':
        'from fastapi import APIRouter\nrouter = APIRouter()\n\n@router.get("/healthz")\ndef healthz():\n    return {"ok": True}\n',
      'app/routers/orders.py':
        'from fastapi import APIRouter\nrouter = APIRouter(prefix="/orders")\n\n@router.post("")\ndef create():\n    return {}\n',
      'app/unused.py': 'from fastapi import APIRouter\nr = APIRouter()\n@r.get("/metrics")\ndef m():\n    return ""\n',
      'tests/test_x.py': 'from app.main import app\n@app.get("/test-only")\ndef t():\n    pass\n',
    });
    expect(s.entrypoints.map((e) => e.path)).toEqual(['app/main.py']);
    expect(s.isLive('app/routers/health.py')).toBe(true);
    expect(s.isLive('app/routers/orders.py')).toBe(true);
    expect(s.isLive('app/unused.py')).toBe(false);
    const health = s.routes.find((r) => r.path === '/healthz')!;
    expect(health).toMatchObject({
      method: 'GET',
      file: 'app/routers/health.py',
      line: 4,
      handler: 'healthz',
      reached: true,
    });
    expect(s.routes.find((r) => r.file === 'app/routers/orders.py')!.fullPath).toBe('/api/v1/orders');
    expect(s.routes.find((r) => r.path === '/metrics')!.reached).toBe(false);
    expect(s.routes.some((r) => r.path === '/test-only')).toBe(false);
    expect(s.middleware).toEqual([
      expect.objectContaining({ name: 'CORSMiddleware', file: 'app/main.py', line: 5, reached: true }),
    ]);
  });

  it('Javalin: receiver routes, ApiBuilder paths (Java lambdas, Kotlin blocks), crud, and route objects under a path', () => {
    const facts = new Facts(
      RepoIndex.fromMemory({
        'pom.xml':
          '<project><dependencies><dependency><groupId>io.javalin</groupId><artifactId>javalin</artifactId></dependency></dependencies></project>',
        'src/main/java/shop/App.java': [
          'package shop;',
          'import io.javalin.Javalin;',
          'import static io.javalin.apibuilder.ApiBuilder.*;',
          'public class App {',
          '  public static void main(String[] args) {',
          '    Javalin app = Javalin.create(config -> {',
          '      config.router.apiBuilder(() -> {',
          '        path("api", () -> {',
          '          get("/orders", OrderController::list);',
          '          crud("carts/{cart-id}", new CartController());',
          '          path("v2", () -> { Reports.routes(); });',
          '        });',
          '      });',
          '    });',
          '    app.get("/health", ctx -> ctx.result("ok"));',
          '    String name = ctx.queryParamMap().get("name");',
          '    app.start(7070);',
          '  }',
          '}',
        ].join('\n'),
        'src/main/java/shop/Reports.java': [
          'package shop;',
          'import static io.javalin.apibuilder.ApiBuilder.*;',
          'public class Reports {',
          '  public static void routes() {',
          '    get("daily", ReportController::daily);',
          '  }',
          '}',
        ].join('\n'),
      }),
    );
    const routes = facts.service.routes
      .filter((r) => r.framework === 'javalin')
      .map((r) => `${r.method} ${r.fullPath}`);
    expect(routes.sort()).toEqual(
      [
        'GET /api/orders',
        'GET /api/carts',
        'POST /api/carts',
        'GET /api/carts/{cart-id}',
        'PATCH /api/carts/{cart-id}',
        'DELETE /api/carts/{cart-id}',
        'GET /api/v2/daily',
        'GET /health',
      ].sort(),
    );
    expect(facts.frameworks.has('javalin')).toBe(true);
  });

  it('Express: mounted routers, app.use middleware, commented routes ignored', () => {
    const s = service({
      'package.json': JSON.stringify({
        name: 'x',
        private: true,
        scripts: { start: 'node src/server.js' },
        dependencies: { express: '4.21.2' },
      }),
      'src/server.js': [
        "const express = require('express');",
        "const cors = require('cors');",
        "const items = require('./routes/items');",
        'const app = express();',
        "app.use(cors({ origin: 'https://a.example' }));",
        "// app.get('/health', (req, res) => res.send('ok'));",
        "app.use('/api/v1/items', items);",
        'app.listen(3000);',
      ].join('\n'),
      'src/routes/items.js':
        "const router = require('express').Router();\nrouter.get('/', (req, res) => res.json([]));\nmodule.exports = router;\n",
      'src/lib/metrics.js': "const client = require('prom-client');\nmodule.exports = client;\n",
    });
    expect(s.entrypoints[0]!.path).toBe('src/server.js');
    expect(s.isLive('src/routes/items.js')).toBe(true);
    expect(s.isLive('src/lib/metrics.js')).toBe(false);
    expect(s.routes.some((r) => r.path === '/health')).toBe(false);
    expect(s.routes.find((r) => r.file === 'src/routes/items.js')!.fullPath).toBe('/api/v1/items');
    expect(s.middleware.map((m) => m.name)).toContain('cors');
  });

  it('Express: every app.use argument is a registration, whatever the application and middleware are called', () => {
    const s = service({
      'package.json': JSON.stringify({
        name: 'x',
        private: true,
        scripts: { start: 'node src/server.js' },
        dependencies: { express: '4.21.2', helmet: '7.1.0' },
      }),
      'src/server.js': [
        "const express = require('express');",
        "const helmet = require('helmet');",
        "const { secure } = require('./secure');",
        'const web = express();',
        'const hardening = helmet({ frameguard: false });',
        'web.use(express.json(), hardening);',
        '// web.use(legacyLogger);',
        'web.use(async (req, res, next) => next());',
        'secure(web);',
        'web.listen(3000);',
      ].join('\n'),
      'src/secure.js': "exports.secure = function (srv) { srv.use(require('cors')()); };\n",
      'src/wire.ts':
        "import type { Express } from 'express';\nexport const wire = (site: Express) => site.use(rateLimit);\n",
    });
    const byName = (n: string) => s.middleware.find((m) => m.name === n);
    expect(byName('express.json')).toMatchObject({ file: 'src/server.js', line: 6, reached: true });
    expect(byName('hardening')).toMatchObject({ file: 'src/server.js', line: 6, factory: 'helmet' });
    expect(byName('legacyLogger')).toBeUndefined();
    expect(s.middleware.filter((m) => m.name === 'async')).toEqual([]);
    // A parameter typed as an Express application is a receiver; an untyped one named otherwise is not guessed.
    expect(byName('rateLimit')).toMatchObject({ file: 'src/wire.ts', reached: false });
    expect(s.middleware.some((m) => m.file === 'src/secure.js')).toBe(false);
  });

  it('Django: settings and urls are loaded by convention, dotted middleware strings are reached', () => {
    const s = service({
      'requirements.txt': 'Django==5.1\n',
      'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n',
      'shop/__init__.py': '',
      'shop/settings.py':
        'ROOT_URLCONF = "shop.urls"\nINSTALLED_APPS = ["orders"]\nMIDDLEWARE = [\n    "django.middleware.security.SecurityMiddleware",\n    "shop.middleware.RequestIdMiddleware",\n]\n',
      'shop/middleware.py': 'class RequestIdMiddleware:\n    pass\n',
      'shop/urls.py':
        'from django.urls import include, path\nurlpatterns = [\n    path("healthz/", views.health),\n    path("api/v1/", include("orders.urls")),\n]\n',
      'orders/__init__.py': '',
      'orders/urls.py':
        'from django.urls import path\nfrom . import views\nurlpatterns = [path("orders/", views.list_orders)]\n',
      'orders/views.py': 'def list_orders(request):\n    pass\n',
    });
    expect(s.isLive('shop/settings.py')).toBe(true);
    expect(s.isLive('shop/middleware.py')).toBe(true);
    expect(s.isLive('orders/views.py')).toBe(true);
    expect(s.routes.find((r) => r.path === 'healthz/')).toMatchObject({ framework: 'django', line: 3 });
    expect(s.routes.find((r) => r.path === 'orders/')!.fullPath).toBe('/api/v1/orders');
    expect(s.middleware.map((m) => m.name)).toEqual([
      'django.middleware.security.SecurityMiddleware',
      'shop.middleware.RequestIdMiddleware',
    ]);
  });

  it('Django: routes listed in include([...]), in a list it names or in a module included with its namespace take the prefix', () => {
    const s = service({
      'requirements.txt': 'Django==5.1\n',
      'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n',
      'shop/__init__.py': '',
      'shop/settings.py': 'ROOT_URLCONF = "shop.urls"\n',
      'shop/urls.py': [
        'from django.urls import include, path, re_path',
        'urlpatterns = [',
        '    path("", views.home),',
        '    re_path(r"^teams/", include([',
        '        path("", views.teams),',
        '        path("<slug>/", include([path("members/", views.members)])),',
        '    ])),',
        '    path("about/", views.about),',
        '    re_path(r"^api/", include(("shop.api_urls", "api"), namespace="api")),',
        '    path("v2/", include(v2_patterns)),',
        ']',
        'v2_patterns = [',
        '    path(',
        '        # Stock levels',
        '        "stock/",',
        '        views.stock,',
        '    ),',
        ']',
      ].join('\n'),
      'shop/api_urls.py': 'from django.urls import re_path\nurlpatterns = [re_path(r"^orders/$", views.orders)]\n',
    });
    expect(s.routes.map((r) => [r.file, r.fullPath, r.line])).toEqual([
      ['shop/api_urls.py', '/api/orders', 2],
      ['shop/urls.py', '/', 3],
      ['shop/urls.py', '/teams', 5],
      ['shop/urls.py', '/teams/<slug>/members', 6],
      ['shop/urls.py', '/about', 8],
      ['shop/urls.py', '/v2/stock', 13],
    ]);
  });

  it('Django: a MIDDLEWARE entry named by a setting of the module is the dotted path the setting holds', () => {
    const s = service({
      'requirements.txt': 'Django==5.1\n',
      'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n',
      'shop/__init__.py': '',
      'shop/settings.py':
        'GATE_MIDDLEWARE = "shop.gate.CallerGate"\nMIDDLEWARE = [\n    "django.middleware.common.CommonMiddleware",\n    GATE_MIDDLEWARE,  # callers\n    UNSET_MIDDLEWARE,\n]\n',
      'shop/gate.py': 'class CallerGate:\n    pass\n',
    });
    expect(s.middleware.map((m) => [m.name, m.line])).toEqual([
      ['django.middleware.common.CommonMiddleware', 3],
      ['shop.gate.CallerGate', 4],
    ]);
  });

  it('Go: package directories are reached, gin routes and Use()', () => {
    const s = service({
      'go.mod': 'module example.com/svc\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'cmd/api/main.go':
        'package main\n\nimport (\n\t"github.com/gin-gonic/gin"\n\t"example.com/svc/internal/handlers"\n)\n\nfunc main() {\n\tr := gin.New()\n\tr.Use(gin.Recovery())\n\tv1 := r.Group("/api/v1")\n\tv1.GET("/orders", handlers.List)\n\tr.GET("/healthz", handlers.Health)\n\tr.Run()\n}\n',
      'internal/handlers/orders.go': 'package handlers\n',
      'internal/handlers/health.go': 'package handlers\n',
      'internal/unused/x.go': 'package unused\n',
    });
    expect(s.entrypoints[0]!.path).toBe('cmd/api/main.go');
    expect(s.isLive('internal/handlers/health.go')).toBe(true);
    expect(s.isLive('internal/unused/x.go')).toBe(false);
    expect(s.routes.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v1/orders', 'GET /healthz']);
    expect(s.mounts[0]!.prefix).toBe('/api/v1');
    expect(s.middleware[0]!.name).toBe('gin.Recovery');
  });

  it('Go: a function mounted under a prefix is found in the package its qualifier names, not an aliased namesake', () => {
    const routeFn = (path: string) =>
      `package api\n\nimport (\n\t"net/http"\n\n\t"github.com/go-chi/chi/v5"\n)\n\nfunc Route(r chi.Router) {\n\tr.Get("${path}", show)\n}\n\nfunc show(w http.ResponseWriter, _ *http.Request) {}\n`;
    const s = service({
      'go.mod': 'module example.com/svc\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.1.0\n',
      'main.go': [
        'package main',
        '',
        'import (',
        '\t"net/http"',
        '',
        '\tacmeAPI "example.com/svc/acme/api"',
        '\t"example.com/svc/api"',
        '\t"github.com/go-chi/chi/v5"',
        ')',
        '',
        'func main() {',
        '\tmux := chi.NewRouter()',
        '\tmux.Route("/1.0", func(r chi.Router) {',
        '\t\tapi.Route(r)',
        '\t})',
        '\tmux.Route("/acme", func(r chi.Router) {',
        '\t\tacmeAPI.Route(r)',
        '\t})',
        '\thttp.ListenAndServe(":8080", mux)',
        '}',
        '',
      ].join('\n'),
      'api/api.go': routeFn('/roots'),
      'acme/api/api.go': routeFn('/directory'),
    });
    expect(s.routes.map((r) => r.fullPath).sort()).toEqual(['/1.0/roots', '/acme/directory']);
  });

  it('Spring: component scan, class-level RequestMapping prefixes', () => {
    const s = service({
      'pom.xml': '<project></project>',
      'src/main/java/com/acme/App.java': 'package com.acme;\n@SpringBootApplication\npublic class App {}\n',
      'src/main/java/com/acme/web/OrderController.java':
        'package com.acme.web;\n@RestController\n@RequestMapping("/api/v1/orders")\npublic class OrderController {\n  @GetMapping("/{id}")\n  public Order get() { return null; }\n  @PostMapping\n  public Order create() { return null; }\n}\n',
      'src/main/java/com/acme/util/Helper.java': 'package com.acme.util;\npublic class Helper {}\n',
    });
    expect(s.isLive('src/main/java/com/acme/web/OrderController.java')).toBe(true);
    expect(s.isLive('src/main/java/com/acme/util/Helper.java')).toBe(false);
    expect(s.routes.map((r) => `${r.method} ${r.fullPath}`)).toEqual([
      'GET /api/v1/orders/{id}',
      'POST /api/v1/orders',
    ]);
  });

  it('Ktor route functions called inside a route block take its prefix, each function its own', () => {
    const s = service({
      'build.gradle.kts': 'plugins { kotlin("jvm") }\n',
      'src/main/kotlin/org/example/App.kt': [
        'package org.example',
        'import io.ktor.server.application.*',
        'import io.ktor.server.routing.*',
        'fun Application.module() {',
        '    routing {',
        '        route("internal") { probes() }',
        '        route("/api/v2") {',
        '            authenticate("staff") {',
        '                shelfRoutes()',
        '            }',
        '        }',
        '        route("/admin") { auditRoutes() }',
        '    }',
        '}',
      ].join('\n'),
      'src/main/kotlin/org/example/Shelves.kt': [
        'package org.example',
        'import io.ktor.server.routing.*',
        'fun Route.shelfRoutes() {',
        '    route("/shelves") { get { } }',
        '}',
        'fun Route.auditRoutes() {',
        '    get("/audit") { }',
        '}',
        'fun Route.probes() {',
        '    get("/is_alive") { }',
        '}',
      ].join('\n'),
    });
    expect(s.routes.map((r) => `${r.method} ${r.fullPath}`).sort()).toEqual([
      'GET /admin/audit',
      'GET /api/v2/shelves',
      'GET /internal/is_alive',
    ]);
  });

  it('Grape APIs: routes under their blocks, mounted APIs under the mount, a base class of the project, path versions', () => {
    const s = service({
      Gemfile: 'source "https://rubygems.org"\ngem "rails"\ngem "grape"\n',
      'config/routes.rb': 'Rails.application.routes.draw do\n  mount Depot::Root => "/depot"\nend\n',
      'app/api/depot/base_api.rb': 'module Depot\n  class BaseAPI < Grape::API\n  end\nend\n',
      'app/api/depot/root.rb': [
        'module Depot',
        '  class Root < Depot::BaseAPI',
        '    version "v3", using: :path',
        '    prefix :api',
        '    namespace :stock do',
        '      mount Depot::V3::Pallets',
        '    end',
        '    mount Depot::V3::Status => "/ops"',
        '  end',
        'end',
      ].join('\n'),
      'app/api/depot/v3/pallets.rb': [
        'module Depot',
        '  module V3',
        '    class Pallets < Grape::API',
        '      helpers do',
        '        def get_pallet',
        '          delete_cache if stale?',
        '        end',
        '      end',
        '      resources :pallets do',
        '        get { [] }',
        '        route_param :id do',
        '          if Rails.env.production?',
        '            put "move" do',
        '              get_pallet',
        '            end',
        '          end',
        '          delete { get_pallet }',
        '        end',
        '      end',
        '    end',
        '  end',
        'end',
      ].join('\n'),
      'app/api/depot/v3/status.rb':
        'module Depot\n  module V3\n    class Status < Grape::API\n      get :ping do\n        "pong"\n      end\n    end\n  end\nend\n',
      // A model of the same last name is no API.
      'app/models/pallets.rb': 'class Pallets < ApplicationRecord\n  def get\n  end\nend\n',
    });
    expect(
      s.routes
        .filter((r) => r.framework === 'grape')
        .map((r) => `${r.method} ${r.fullPath}`)
        .sort(),
    ).toEqual([
      'DELETE /depot/api/v3/stock/pallets/:id',
      'GET /depot/api/v3/ops/ping',
      'GET /depot/api/v3/stock/pallets',
      'PUT /depot/api/v3/stock/pallets/:id/move',
    ]);
  });

  it('JVM class prefixes named by constants of other files (Spring, Micronaut, JAX-RS @Path)', () => {
    const s = service({
      'build.gradle.kts': 'plugins { kotlin("jvm") }\n',
      'src/main/kotlin/org/example/Paths.kt': [
        'package org.example',
        'object Paths {',
        '    const val ORDERS = "/api/v1/orders"',
        '    const val STOCK = "/api/v2/stock"',
        '}',
        'object OldPaths {',
        '    const val ORDERS = "/orders"',
        '}',
      ].join('\n'),
      'src/main/kotlin/org/example/Orders.kt': [
        'package org.example',
        'import org.springframework.web.bind.annotation.*',
        '@RestController',
        '@RequestMapping(Paths.ORDERS)',
        'class OrderController {',
        '    @GetMapping("/{id}")',
        '    fun one(@PathVariable id: String) = id',
        '}',
      ].join('\n'),
      'src/main/kotlin/org/example/Stock.kt': [
        'package org.example',
        'import io.micronaut.http.annotation.*',
        '@Controller(Paths.STOCK)',
        'class StockController {',
        '    @Get("/")',
        '    fun all() = listOf<String>()',
        '}',
      ].join('\n'),
      'src/main/java/org/example/Routes.java': [
        'package org.example;',
        'public final class Routes {',
        '    public static final String SHELVES = "/api/v3/shelves";',
        '    public static final String ONE = "/{code}";',
        '}',
      ].join('\n'),
      'src/main/java/org/example/ShelfResource.java': [
        'package org.example;',
        'import jakarta.ws.rs.*;',
        '@Path(Routes.SHELVES)',
        'public class ShelfResource {',
        '    @GET',
        '    @Path(Routes.ONE)',
        '    public String one(@PathParam("code") String code) { return code; }',
        '}',
      ].join('\n'),
    });
    expect(s.routes.map((r) => `${r.framework} ${r.method} ${r.fullPath}`).sort()).toEqual([
      'jax-rs GET /api/v3/shelves/{code}',
      'micronaut GET /api/v2/stock',
      'spring GET /api/v1/orders/{id}',
    ]);
  });

  it('Micronaut routes given as several URIs (`uris = [...]`, Java `{...}`), their query templates dropped', () => {
    const routes = (file: string, text: string) =>
      service({ 'build.gradle.kts': 'plugins { kotlin("jvm") }\n', [file]: text }).routes.map(
        (r) => `${r.method} ${r.fullPath}`,
      );
    expect(
      routes(
        'src/main/kotlin/org/example/Catalog.kt',
        [
          'package org.example',
          'import io.micronaut.http.annotation.*',
          '@Controller("/v1")',
          'class CatalogApi {',
          '    @Post(uris=["/items/_search{?params*}", "/goods/_search"])',
          '    fun search(@Body body: String) = body',
          '    @Get(uri = "/items{?max,offset}")',
          '    fun list(max: Int?) = listOf<String>()',
          '}',
        ].join('\n'),
      ).sort(),
    ).toEqual(['GET /v1/items', 'POST /v1/goods/_search', 'POST /v1/items/_search']);
    expect(
      routes(
        'src/main/java/org/example/Shelves.java',
        [
          'package org.example;',
          'import io.micronaut.http.annotation.*;',
          '@Controller',
          'public class Shelves {',
          '    @Delete(uris = {"/shelves/{id}", "/racks/{id}"})',
          '    public void remove(String id) {}',
          '}',
        ].join('\n'),
      ).sort(),
    ).toEqual(['DELETE /racks/{id}', 'DELETE /shelves/{id}']);
  });

  it('JVM controllers declared after another type in the same file keep their own prefix and routes', () => {
    const routes = (file: string, text: string) =>
      service({ 'build.gradle.kts': 'plugins { kotlin("jvm") }\n', [file]: text }).routes.map(
        (r) => `${r.framework} ${r.method} ${r.fullPath}`,
      );
    // Micronaut: a DTO above the controller, its prefix in a companion's constant, a REST client interface below it.
    expect(
      routes(
        'src/main/kotlin/org/example/Parcels.kt',
        [
          'package org.example',
          'import io.micronaut.http.annotation.*',
          'import io.micronaut.http.client.annotation.Client',
          '@Serdeable',
          'data class Parcel(val code: String)',
          '',
          '@Controller(ParcelController.API_PARCELS)',
          '@Secured(SecurityRule.IS_AUTHENTICATED)',
          'class ParcelController {',
          '    @Get("/{code}")',
          '    fun find(code: String): Parcel = Parcel(code)',
          '',
          '    companion object {',
          '        const val API_PARCELS = "/parcels"',
          '    }',
          '}',
          '',
          '@Client("carrier")',
          'interface CarrierClient {',
          '    @Post("/track")',
          '    fun track(@Body parcel: Parcel)',
          '}',
        ].join('\n'),
      ),
    ).toEqual(['micronaut GET /parcels/{code}']);
    // Spring: the second class's @RequestMapping is its prefix, not a route of its own.
    expect(
      routes(
        'src/main/kotlin/org/example/Berths.kt',
        [
          'package org.example',
          'import org.springframework.web.bind.annotation.*',
          'data class Berth(val id: String)',
          '',
          '@RestController',
          '@RequestMapping("/berths")',
          'class BerthController {',
          '    @PostMapping("/{id}")',
          '    fun book(@PathVariable id: String): Berth = Berth(id)',
          '}',
        ].join('\n'),
      ),
    ).toEqual(['spring POST /berths/{id}']);
    // JAX-RS: a resource after a record keeps its class-level @Path; method @Path values stay the method's own.
    expect(
      routes(
        'src/main/java/org/example/Docks.java',
        [
          'package org.example;',
          'import jakarta.ws.rs.*;',
          'record Dock(String id) {}',
          '',
          '@Path("/docks")',
          'public class DockResource {',
          '  @GET',
          '  @Path("/{id}")',
          '  public Dock get(@PathParam("id") String id) { return new Dock(id); }',
          '}',
        ].join('\n'),
      ),
    ).toEqual(['jax-rs GET /docks/{id}']);
  });

  it('NestJS, Next.js and Rails routes', () => {
    const nest = service({
      'package.json': JSON.stringify({ dependencies: { '@nestjs/core': '10.0.0' } }),
      'src/main.ts':
        "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nasync function b() { const app = await NestFactory.create(AppModule); await app.listen(3000); }\nb();\n",
      'src/app.module.ts': "import { HealthController } from './health.controller';\nexport class AppModule {}\n",
      'src/health.controller.ts':
        "import { Controller, Get } from '@nestjs/common';\n@Controller('health')\nexport class HealthController {\n  @Get()\n  check() { return { ok: true }; }\n}\n",
    });
    expect(nest.routes[0]).toMatchObject({ method: 'GET', path: '/health', handler: 'check', reached: true });
    const next = service({
      'package.json': JSON.stringify({ dependencies: { next: '14.2.0', react: '18.0.0' } }),
      'app/api/health/route.ts': 'export async function GET() {\n  return Response.json({ ok: true });\n}\n',
      'app/page.tsx': 'export default function Page() { return null; }\n',
    });
    expect(next.routes[0]).toMatchObject({ method: 'GET', path: '/api/health', reached: true });
    const rails = service({
      Gemfile: "gem 'rails', '7.1.0'\n",
      'config/application.rb': 'module Shop\n  class Application < Rails::Application\n  end\nend\n',
      'config/routes.rb':
        'Rails.application.routes.draw do\n  get "up" => "rails/health#show", as: :rails_health_check\n  namespace :api do\n    namespace :v1 do\n      resources :orders\n    end\n  end\nend\n',
    });
    expect(rails.routes.map((r) => `${r.method} ${r.fullPath}`)).toEqual(['GET /up', 'ANY /api/v1/orders']);
    expect(rails.routes[0]!.handler).toBe('rails/health#show');
  });

  it('falls back to every production file when no entrypoint is found', () => {
    const s = service({ 'lib/x.py': 'def f():\n    pass\n' });
    expect(s.resolved).toBe(false);
    expect(s.isLive('lib/x.py')).toBe(true);
  });

  // Flask: the url_prefix given to register_blueprint replaces the Blueprint's own.
  it('Flask blueprints, Koa router prefixes, hapi object routes and nested Express mounts', () => {
    const flask = service({
      'requirements.txt': 'Flask==3.1.0\n',
      'shop/__init__.py': '',
      'shop/app.py':
        'from flask import Flask\nfrom shop.api import bp\n\napp = Flask(__name__)\napp.register_blueprint(bp, url_prefix="/api")\n',
      'shop/api.py':
        'from flask import Blueprint\n\nbp = Blueprint("api", __name__, url_prefix="/v1")\n\n\n@bp.route("/items", methods=["POST"])\ndef create():\n    return {}\n',
    });
    expect(flask.routes[0]).toMatchObject({
      method: 'POST',
      fullPath: '/api/items',
      framework: 'flask',
      handler: 'create',
      reached: true,
    });
    const koa = service({
      'package.json': JSON.stringify({ dependencies: { koa: '2.15.3', '@koa/router': '13.1.0' } }),
      'src/index.js':
        "const Koa = require('koa');\nconst router = require('./router');\nconst app = new Koa();\napp.use(router.routes());\napp.listen(3000);\n",
      'src/router.js':
        "const Router = require('@koa/router');\nconst router = new Router({ prefix: '/v2' });\nrouter.get('/notes', (ctx) => { ctx.body = []; });\nmodule.exports = router;\n",
    });
    expect(koa.routes[0]).toMatchObject({ method: 'GET', fullPath: '/v2/notes', reached: true });
    expect(koa.middleware.map((m) => m.name)).toEqual(['router.routes']);
    const hapi = service({
      'package.json': JSON.stringify({ dependencies: { '@hapi/hapi': '21.3.12' } }),
      'server.js':
        "const Hapi = require('@hapi/hapi');\nconst server = Hapi.server({ port: 3000 });\nserver.route({\n  method: 'GET',\n  path: '/health',\n  handler: () => 'ok',\n});\nserver.start();\n",
    });
    expect(hapi.routes[0]).toMatchObject({ method: 'GET', path: '/health', line: 4 });
    const express = service({
      'package.json': JSON.stringify({ dependencies: { express: '4.21.2' } }),
      'src/server.js':
        "const express = require('express');\nconst api = require('./api');\nconst app = express();\napp.use('/api', api);\napp.listen(3000);\n",
      'src/api.js':
        "const router = require('express').Router();\nconst users = require('./users');\nrouter.use('/v1/users', users);\nmodule.exports = router;\n",
      'src/users.js':
        "const router = require('express').Router();\nrouter.get('/:id', (req, res) => res.json({}));\nmodule.exports = router;\n",
    });
    expect(express.routes[0]!.fullPath).toBe('/api/v1/users/:id');
  });

  it('does not take HTTP client calls for routes', () => {
    const s = service({
      'package.json': JSON.stringify({ dependencies: { express: '4.21.2', axios: '1.7.9' } }),
      'src/server.js':
        "const express = require('express');\nconst axios = require('axios');\nconst app = express();\napp.get('/quote', async (req, res) => res.json((await axios.get('/prices')).data));\napp.listen(3000);\n",
    });
    expect(s.routes.map((r) => r.path)).toEqual(['/quote']);
  });

  it('finds Python workers and scripts started by Procfile/Dockerfile commands', () => {
    const s = service({
      'requirements.txt': 'celery==5.4.0\n',
      Procfile: 'worker: celery -A shop.tasks worker --loglevel=info\nsync: python -m shop.sync\n',
      'shop/__init__.py': '',
      'shop/tasks.py': 'from celery import Celery\nfrom shop import mailer\napp = Celery("shop")\n',
      'shop/mailer.py': '',
      'shop/sync.py': '',
      'shop/unused.py': '',
    });
    expect(s.entrypoints.map((e) => e.path).sort()).toEqual(['shop/sync.py', 'shop/tasks.py']);
    expect(s.isLive('shop/mailer.py')).toBe(true);
    expect(s.isLive('shop/unused.py')).toBe(false);
  });

  it('mounts: Express require() inline and FastAPI sub-applications', () => {
    const express = service({
      'package.json': JSON.stringify({ dependencies: { express: '4.21.2' } }),
      'src/server.js':
        "const express = require('express');\nconst app = express();\napp.use('/v1/items', require('./items'));\napp.listen(3000);\n",
      'src/items.js':
        "const router = require('express').Router();\nrouter.get('/', (req, res) => res.json([]));\nmodule.exports = router;\n",
    });
    expect(express.routes[0]!.fullPath).toBe('/v1/items');
    const fastapi = service({
      'requirements.txt': 'fastapi==0.115.0\n',
      'main.py':
        'from fastapi import FastAPI\n\napp = FastAPI()\nv1 = FastAPI()\n\n\n@v1.get("/orders")\ndef orders():\n    return []\n\n\napp.mount("/v1", v1)\n',
    });
    expect(fastapi.routes[0]!.fullPath).toBe('/v1/orders');
  });

  it('resolves a router prefix held in a settings constant (full-stack FastAPI layout)', () => {
    const s = service({
      'backend/requirements.txt': 'fastapi==0.115.0\n',
      'backend/app/__init__.py': '',
      'backend/app/core/__init__.py': '',
      'backend/app/core/config.py': 'class Settings:\n    API_V1_STR: str = "/api/v1"\n\n\nsettings = Settings()\n',
      'backend/app/main.py':
        'from fastapi import FastAPI\n\nfrom app.api.main import api_router\nfrom app.core.config import settings\n\napp = FastAPI()\napp.include_router(api_router, prefix=settings.API_V1_STR)\n',
      'backend/app/api/__init__.py': '',
      'backend/app/api/main.py':
        'from fastapi import APIRouter\n\nfrom app.api.routes import items\n\napi_router = APIRouter()\napi_router.include_router(items.router)\n',
      'backend/app/api/routes/__init__.py': '',
      'backend/app/api/routes/items.py':
        'from fastapi import APIRouter\n\nrouter = APIRouter(prefix="/items")\n\n\n@router.get("/")\ndef read_items():\n    return []\n',
    });
    expect(s.isLive('backend/app/api/routes/items.py')).toBe(true);
    expect(s.routes[0]!.fullPath).toBe('/api/v1/items');
  });

  it('Python pages and API routes: render_template handlers are pages, flask-restx namespaces take the Api blueprint prefix', () => {
    const s = service({
      'requirements.txt': 'flask==3.0.3\nflask-restx==1.3.0\n',
      'app.py': [
        'from flask import Flask, Blueprint, render_template',
        'from flask_restx import Api',
        'from items import items_ns',
        'app = Flask(__name__)',
        'api_bp = Blueprint("api", __name__, url_prefix="/api/v2")',
        'api = Api(api_bp)',
        'api.add_namespace(items_ns, "/items")',
        '@app.route("/")',
        'def home():',
        '    return render_template("home.html")',
      ].join('\n'),
      'items.py':
        'from flask_restx import Namespace, Resource\nitems_ns = Namespace("items")\n@items_ns.route("/<int:i>")\nclass Item(Resource):\n    def get(self, i):\n        return {}\n',
    });
    expect(s.routes.find((r) => r.path === '/')).toMatchObject({ page: true });
    expect(s.routes.find((r) => r.file === 'items.py')).toMatchObject({ fullPath: '/api/v2/items/<int:i>' });
    expect(s.routes.find((r) => r.file === 'items.py')?.page).toBeUndefined();
  });

  it('a FastAPI sub-application mounted under a prefix passes it to the routers included into it', () => {
    const s = service({
      'requirements.txt': 'fastapi==0.115.0\n',
      'main.py': [
        'from fastapi import FastAPI',
        'import orders',
        'app = FastAPI()',
        'api = FastAPI()',
        'api.include_router(orders.router, prefix="/orders")',
        'app.mount("/api/v1", app=api)',
      ].join('\n'),
      'orders.py':
        'from fastapi import APIRouter\nrouter = APIRouter()\n@router.get("/{oid}")\ndef get(oid: int):\n    return {}\n',
    });
    expect(s.routes.find((r) => r.file === 'orders.py')).toMatchObject({ fullPath: '/api/v1/orders/{oid}' });
  });

  it("a parent router's or blueprint's own prefix is above what is included into it, unless registration replaces it", () => {
    const s = service({
      'requirements.txt': 'fastapi==0.115\nflask==3.0\n',
      Procfile: 'web: uvicorn depot.main:app\nadmin: gunicorn shop:app\n',
      'depot/__init__.py': '',
      'depot/main.py': 'from fastapi import FastAPI\nfrom depot.routes import wire\napp = FastAPI()\nwire(app)\n',
      'depot/parcels.py':
        'from fastapi import APIRouter\nrouter = APIRouter(prefix="/parcels")\n@router.get("/")\nasync def all():\n    return []\n',
      'depot/routes.py': [
        'from fastapi import APIRouter',
        'from depot import parcels',
        'v2 = APIRouter(prefix="/api/v2")',
        'def wire(api):',
        '    v2.include_router(parcels.router)',
        '    api.include_router(v2)',
      ].join('\n'),
      'shop/__init__.py': 'from flask import Flask\napp = Flask(__name__)\nfrom shop.register import *\n',
      'shop/views.py': [
        'from flask import Blueprint',
        'orders = Blueprint("orders", __name__)',
        'stock = Blueprint("stock", __name__)',
        '@orders.route("/<int:oid>")',
        'def one(oid):',
        '    return {}',
        '@stock.route("/<sku>")',
        'def level(sku):',
        '    return {}',
      ].join('\n'),
      'shop/register.py': [
        'from flask import Blueprint',
        'from shop import app',
        'from shop.views import orders, stock',
        'admin = Blueprint("admin", __name__, url_prefix="/admin")',
        'legacy = Blueprint("legacy", __name__, url_prefix="/old")',
        'admin.register_blueprint(orders, url_prefix="/orders")',
        'legacy.register_blueprint(stock, url_prefix="/stock")',
        'app.register_blueprint(admin)',
        'app.register_blueprint(legacy, url_prefix="/v1")',
      ].join('\n'),
    });
    expect(s.routes.map((r) => r.fullPath).sort()).toEqual([
      '/admin/orders/<int:oid>',
      '/api/v2/parcels',
      '/v1/stock/<sku>',
    ]);
  });

  it('Starlette: a function endpoint answers GET unless methods= lists others, an endpoint class answers any', () => {
    const s = service({
      'requirements.txt': 'starlette==0.37\nuvicorn==0.30\n',
      Procfile: 'web: uvicorn ledger:app\n',
      'ledger.py': [
        'from starlette.applications import Starlette',
        'from starlette.routing import Route',
        'from views import Entries, entries, add',
        'app = Starlette(routes=[',
        '    Route("/entries", entries),',
        '    Route(',
        '        "/entries/new",',
        '        add,',
        '        methods=["POST"],',
        '    ),',
        '    Route("/v2/entries", Entries),',
        '])',
      ].join('\n'),
      'views.py': 'def entries(request): ...\ndef add(request): ...\nclass Entries: ...\n',
    });
    expect(s.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'ANY /v2/entries',
      'GET /entries',
      'POST /entries/new',
    ]);
  });

  it('Flask blueprints nested on blueprints take every prefix above them, through packages and star re-exports', () => {
    const s = service({
      'requirements.txt': 'flask==3.0\n',
      Procfile: 'web: gunicorn shop:app\n',
      'shop/__init__.py': 'from flask import Flask\napp = Flask(__name__)\nfrom shop.register import *\n',
      'shop/views/__init__.py': 'from .orders import *\nfrom .status import status\n',
      'shop/views/status.py':
        'from flask import Blueprint\nstatus = Blueprint("status", __name__)\n@status.route("")\ndef up():\n    return "ok"\n',
      'shop/views/orders.py': [
        'from flask import Blueprint',
        'orders = Blueprint("orders", __name__)',
        'ordersOfUser = Blueprint("orders_of_user", __name__)',
        'user = Blueprint("user", __name__)',
        '@orders.route("/<int:oid>")',
        'def one(oid):',
        '    return {}',
        '@ordersOfUser.route("")',
        'def of_user(uid):',
        '    return []',
        '@user.route("/<int:uid>")',
        'def u(uid):',
        '    return {}',
      ].join('\n'),
      'shop/register.py': [
        'from flask import Blueprint',
        'from shop import app',
        'import shop.views as v',
        'api = Blueprint("api", __name__)',
        'v.user.register_blueprint(v.ordersOfUser, url_prefix="/<int:uid>/orders")',
        'api.register_blueprint(v.status, url_prefix="/status")',
        'api.register_blueprint(v.orders, url_prefix="/orders")',
        'api.register_blueprint(v.user, url_prefix="/user")',
        'app.register_blueprint(api, url_prefix="/api/v2")',
      ].join('\n'),
    });
    const paths = s.routes.map((r) => r.fullPath).sort();
    expect(paths).toEqual([
      '/api/v2/orders/<int:oid>',
      '/api/v2/status',
      '/api/v2/user/<int:uid>',
      '/api/v2/user/<int:uid>/orders',
    ]);
  });

  it('Rails: routes of an HTML app outside /api are pages; a JSON API controller is not', () => {
    const s = service({
      Gemfile: 'gem "rails"\n',
      'config/application.rb': 'module A\n  class Application < Rails::Application\n  end\nend\n',
      'config/routes.rb': [
        'Rails.application.routes.draw do',
        '  resources :posts',
        '  get "reports/monthly"',
        '  namespace :api do',
        '    resources :feeds',
        '  end',
        'end',
      ].join('\n'),
      'app/controllers/posts_controller.rb': 'class PostsController < ApplicationController\n  def index\n  end\nend\n',
      'app/views/posts/index.html.erb': '<p>posts</p>\n',
      'app/controllers/api/feeds_controller.rb':
        'module Api\n  class FeedsController < ActionController::API\n    def index\n      render json: []\n    end\n  end\nend\n',
    });
    expect(s.routes.find((r) => r.fullPath === '/posts')?.page).toBe(true);
    expect(s.routes.find((r) => r.fullPath === '/reports/monthly')?.page).toBe(true);
    expect(s.routes.find((r) => r.fullPath === '/api/feeds')?.page).toBeUndefined();
  });
});

describe('Scala routes', () => {
  const sbt = 'libraryDependencies += "org.http4s" %% "http4s-ember-server" % "0.23.30"\n';
  const main = (app: string) =>
    [
      'package p',
      'import cats.effect.{ IO, IOApp }',
      'import org.http4s.ember.server.EmberServerBuilder',
      'object Main extends IOApp.Simple:',
      `  def run: IO[Unit] = EmberServerBuilder.default[IO].withHttpApp(${app}.orNotFound).build.useForever`,
    ].join('\n');
  it('http4s DSL cases take the Router prefix of their definition, from a literal or a val of the same file', () => {
    const s = service({
      'build.sbt': sbt,
      'src/main/scala/p/Main.scala': main('(Router("/v2" -> Api.orders) <+> Ops().routes)'),
      'src/main/scala/p/Api.scala': [
        'package p',
        'import org.http4s.dsl.io.*',
        'object Api:',
        '  val orders = HttpRoutes.of[IO] {',
        '    case GET -> Root / "orders" / LongVar(id) => Ok()',
        '    case req @ POST -> Root / "orders" => Ok()',
        '  }',
      ].join('\n'),
      'src/main/scala/p/Ops.scala': [
        'package p',
        'import org.http4s.server.Router',
        'final class Ops:',
        '  private val prefix = "/ops"',
        '  private val orders = HttpRoutes.of[IO]:',
        '    case GET -> Root / "ready" => Ok()',
        '  val routes = Router(prefix -> orders, "/metrics" -> scrape)',
      ].join('\n'),
    });
    expect(s.routes.map((r) => `${r.method} ${r.fullPath} ${r.reached}`).sort()).toEqual([
      'ANY /metrics true',
      'GET /ops/ready true',
      'GET /v2/orders/:id true',
      'POST /v2/orders true',
    ]);
  });
  it('smithy4s: the @http operations of a Smithy service the code implements and serves, not of one it only calls', () => {
    const model = (svc: string, op: string, uri: string) =>
      `service ${svc} {\n  operations: [${op}]\n}\n\n@readonly\n@http(method: "GET", uri: "${uri}")\noperation ${op} {}\n`;
    const s = service({
      'build.sbt': sbt,
      'src/main/scala/p/Main.scala': main('SimpleRestJsonBuilder.routes(StatusImpl())'),
      'src/main/scala/p/StatusImpl.scala':
        'package p\nclass StatusImpl extends StatusService[IO]:\n  override def alive() = IO.unit\n',
      'src/main/scala/p/Weather.scala': 'package p\nval weather = SimpleRestJsonBuilder(WeatherService).client(http)\n',
      'src/main/smithy/status.smithy': model('StatusService', 'Alive', '/status/alive'),
      'src/main/smithy/weather.smithy': model('WeatherService', 'Forecast', '/forecast'),
    });
    expect(s.routes).toEqual([
      expect.objectContaining({
        method: 'GET',
        fullPath: '/status/alive',
        file: 'src/main/smithy/status.smithy',
        line: 6,
        handler: 'alive',
        framework: 'smithy4s',
        reached: true,
      }),
    ]);
  });
  it('Play: the root router application.conf names, the routers it includes under their prefixes, a library router as one route', () => {
    const s = service({
      'build.sbt': 'lazy val root = (project in file(".")).enablePlugins(PlayScala)\n',
      'conf/application.conf': 'play.http.router = prod.Routes\n',
      'conf/prod.routes': '->  /shop  app.Routes\n->  /  health.Routes\n',
      'conf/app.routes':
        'GET  /orders/:id  shop.controllers.Orders.show(id: Long)\nPOST /orders  @shop.controllers.Orders.create\n',
      'conf/testOnly.routes': 'GET  /reset  shop.controllers.Orders.reset\n',
      'app/shop/controllers/Orders.scala': 'package shop.controllers\nclass Orders {\n  def show(id: Long) = ???\n}\n',
      'app/shop/models/Order.scala': 'package shop.models\ncase class Order(id: Long)\n',
      'loader/src/main/scala/Load.scala': 'object Load extends App {\n  println("load")\n}\n',
      'attic/Old.scala': 'object Old\n',
    });
    expect(s.routes.map((r) => `${r.method} ${r.fullPath} ${r.handler} ${r.reached}`).sort()).toEqual([
      'ANY / health true',
      'GET /shop/orders/:id show true',
      'POST /shop/orders create true',
    ]);
    expect(s.entrypoints.map((e) => e.path).sort()).toEqual([
      'app/shop/controllers/Orders.scala',
      'loader/src/main/scala/Load.scala',
    ]);
    expect(s.isLive('app/shop/models/Order.scala')).toBe(true);
    expect(s.isLive('attic/Old.scala')).toBe(false);
  });
});

describe('JS middleware registrations record the package, whatever the project calls it', () => {
  it('a renamed destructured export, a namespace member, a renamed module and a variable made by an import', () => {
    const s = service({
      'package.json': JSON.stringify({
        name: 'svc',
        main: 'server.js',
        dependencies: { express: '4', 'express-jwt': '8', 'express-openid-connect': '2', passport: '0.7' },
      }),
      'server.js': [
        "const express = require('express');",
        "const { expressjwt: tokenGate } = require('express-jwt');",
        "const sso = require('express-openid-connect');",
        "const doorman = require('passport');",
        "const audit = require('./audit');",
        'const app = express();',
        "const strict = tokenGate({ secret: 's', algorithms: ['HS256'] });",
        'app.use(tokenGate({ secret: process.env.S }));',
        'app.use(sso.requiresAuth());',
        'app.use(doorman.initialize());',
        'app.use(strict);',
        'app.use(audit);',
        'app.listen(3000);',
      ].join('\n'),
      'audit.js': 'module.exports = (req, res, next) => next();\n',
    });
    expect(s.middleware.map((m) => [m.name, m.from])).toEqual([
      ['tokenGate', { pkg: 'express-jwt', member: 'expressjwt' }],
      ['sso.requiresAuth', { pkg: 'express-openid-connect', member: 'requiresAuth' }],
      ['doorman.initialize', { pkg: 'passport', member: 'initialize' }],
      ['strict', { pkg: 'express-jwt', member: 'expressjwt' }],
      // the project's own module: no package
      ['audit', undefined],
    ]);
  });

  it('@fastify/autoload prefixes the routes of a sub-folder with its name, unless dirNameRoutePrefix is false', () => {
    const app = (options: string) =>
      service({
        'package.json': JSON.stringify({
          name: 'a',
          main: 'app.js',
          dependencies: { fastify: '^5.0.0', '@fastify/autoload': '^6.0.0' },
        }),
        'app.js': [
          "const path = require('node:path');",
          "const Fastify = require('fastify');",
          "const autoload = require('@fastify/autoload');",
          'const app = Fastify();',
          `app.register(autoload, { dir: path.join(__dirname, 'routes')${options} });`,
          'app.listen({ port: 3000 });',
        ].join('\n'),
        'routes/root.js': "module.exports = async (app) => { app.get('/', async () => 'hi'); };",
        'routes/health/index.js': "module.exports = async (app) => { app.get('/', async () => ({ ok: true })); };",
        'routes/boxes/_id/index.js': "module.exports = async (app) => { app.get('/', async (req) => req.params); };",
      });
    const paths = (s: ReturnType<typeof service>) =>
      s.routes.map((r) => [r.file, r.fullPath]).sort((a, b) => a[0]!.localeCompare(b[0]!));
    expect(paths(app(''))).toEqual([
      ['routes/boxes/_id/index.js', '/boxes/:id'],
      ['routes/health/index.js', '/health'],
      ['routes/root.js', '/'],
    ]);
    // The registration's own prefix goes in front of the folder's name.
    expect(paths(app(", prefix: '/api'"))).toContainEqual(['routes/health/index.js', '/api/health']);
    expect(paths(app(', dirNameRoutePrefix: false'))).toContainEqual(['routes/health/index.js', '/']);
  });
});

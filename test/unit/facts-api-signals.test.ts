// The facts behind api.request-id, api.metrics, api.versioning and api.health's test-only case.
import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const factsOf = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files));
const express = (lines: string[], extra: Record<string, string> = {}) =>
  factsOf({
    'package.json': JSON.stringify({ name: 'a', main: 'server.js', dependencies: { express: '^4.19.0' } }),
    'server.js': [
      "const express = require('express');",
      'const app = express();',
      ...lines,
      "app.get('/orders', (req, res) => res.json([]));",
      'app.listen(3000);',
    ].join('\n'),
    ...extra,
  });

describe('facts: requestId', () => {
  it('a request-id header handled by reached code is recorded with its name; in an unloaded module, as unreached', () => {
    const mw =
      "module.exports = (req, res, next) => { res.set('X-Request-ID', req.get('X-Request-ID') || uuid()); next(); };";
    const wired = express(["app.use(require('./rid'));"], { 'rid.js': mw }).requestId;
    expect(wired.header).toMatchObject({ name: 'X-Request-ID', site: { path: 'rid.js', line: 1 } });
    const lost = express([], { 'rid.js': mw }).requestId;
    expect(lost.header).toBeUndefined();
    expect(lost.unreachedHeader).toMatchObject({ path: 'rid.js', line: 1 });
  });

  it("a webhook's request id read to check the sender's signature is not this service's request id", () => {
    const hook = (sig: string) =>
      express(["app.post('/hooks/pay', require('./hook'));"], {
        'hook.js': [
          'module.exports = (req, res) => {',
          `  const signed = req.get('${sig}');`,
          "  const delivery = req.get('x-request-id');",
          '  if (!verify(signed, delivery, req.body)) return res.sendStatus(401);',
          '  res.sendStatus(204);',
          '};',
        ].join('\n'),
      }).requestId;
    expect(hook('x-signature').header).toBeUndefined();
    expect(hook('x-hub-signature-256').header).toBeUndefined();
    // Another header beside it (an idempotency key) leaves the read a request-id read.
    expect(hook('idempotency-key').header).toMatchObject({ name: 'x-request-id', site: { path: 'hook.js', line: 3 } });
  });

  it('Go request-id middleware is middleware', () => {
    const rid = factsOf({
      'go.mod': 'module example.com/svc\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.0.12\n',
      'main.go': [
        'package main',
        'import (',
        '  "net/http"',
        '  "github.com/go-chi/chi/v5"',
        '  "github.com/go-chi/chi/v5/middleware"',
        ')',
        'func main() {',
        '  r := chi.NewRouter()',
        '  r.Use(middleware.RequestID)',
        '  r.Get("/orders", orders)',
        '  http.ListenAndServe(":8080", r)',
        '}',
      ].join('\n'),
    }).requestId;
    expect(rid.middleware).toMatchObject({ library: 'RequestID middleware', site: { path: 'main.go', line: 9 } });
  });

  it('a .NET middleware putting a new Guid on the request as its correlation id generates a request id', () => {
    const rid = (body: string) =>
      factsOf({
        'Api/Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>',
        'Api/Program.cs':
          'var builder = WebApplication.CreateBuilder(args);\nvar app = builder.Build();\napp.UseMiddleware<Tagger>();\napp.MapGet("/orders", () => "[]");\napp.Run();\n',
        'Api/Tagger.cs': `public class Tagger(RequestDelegate next)\n{\n    public Task InvokeAsync(HttpContext context)\n    {\n${body}        return next(context);\n    }\n}\n`,
      }).requestId.generated;
    expect(rid('        context.Items["CorrelationId"] = Guid.NewGuid();\n')).toMatchObject({
      path: 'Api/Tagger.cs',
      line: 5,
    });
    expect(rid('        LogContext.PushProperty("RequestId", Guid.NewGuid());\n')).toMatchObject({ line: 5 });
    // The caller's tenant on the request, and an id made for something else, are no request id.
    expect(
      rid('        context.Items["Tenant"] = context.Request.Host.Host;\n        var draft = Guid.NewGuid();\n'),
    ).toBeUndefined();
  });

  it('an axum extractor putting a new Uuid on the request under a request-id header constant generates a request id', () => {
    const rid = (body: string) =>
      factsOf({
        'Cargo.toml': '[package]\nname = "hub"\n[dependencies]\naxum = "0.8"\nuuid = "1"\n',
        'src/main.rs':
          'mod stamp;\nuse axum::{middleware::from_extractor, routing::get, Router};\n#[tokio::main]\nasync fn main() {\n    let app = Router::new().route("/orders", get(|| async { "[]" })).route_layer(from_extractor::<stamp::Stamp>());\n    let l = tokio::net::TcpListener::bind("0.0.0.0:80").await.unwrap();\n    axum::serve(l, app).await.unwrap();\n}\n',
        'src/stamp.rs': `use axum::{extract::FromRequestParts, http::request::Parts};\nconst REQUEST_ID: &str = "trace_key";\npub struct Stamp;\nimpl<S: Send + Sync> FromRequestParts<S> for Stamp {\n    type Rejection = ();\n    async fn from_request_parts(parts: &mut Parts, _s: &S) -> Result<Self, ()> {\n${body}        Ok(Stamp)\n    }\n}\n`,
      }).requestId.generated;
    expect(
      rid(
        '        let id = uuid::Uuid::new_v4();\n        parts\n            .headers\n            .insert(REQUEST_ID, id.to_string().parse().unwrap());\n',
      ),
    ).toMatchObject({ path: 'src/stamp.rs', line: 10 });
    // A request-id header read, not made, generates nothing.
    expect(
      rid('        let _seen = parts.headers.get(REQUEST_ID);\n        let _other = uuid::Uuid::new_v4();\n'),
    ).toBeUndefined();
  });
});

describe('facts: metrics', () => {
  it('.NET OpenTelemetry metrics with and without an exporter', () => {
    const program = (exporter: string) =>
      factsOf({
        'Api/Api.csproj':
          '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>',
        'Api/Program.cs': [
          'var builder = WebApplication.CreateBuilder(args);',
          `builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddAspNetCoreInstrumentation()${exporter});`,
          'var app = builder.Build();',
          'app.MapGet("/orders", () => Results.Ok());',
          'app.Run();',
        ].join('\n'),
      }).metrics;
    expect(program('').dotnet).toMatchObject({ site: { path: 'Api/Program.cs', line: 2 } });
    expect(program('').dotnet?.exporter).toBeUndefined();
    expect(program('.AddPrometheusExporter()').dotnet?.exporter).toMatchObject({ line: 2, note: 'metrics exporter' });
  });
});

describe('facts: versioning', () => {
  it('header versioning in reached code is recorded; an Accept-Version string elsewhere is not', () => {
    const v = express([
      "app.use((req, res, next) => { req.version = req.get('Accept-Version'); next(); });",
    ]).versioning;
    expect(v.header).toMatchObject({ path: 'server.js', line: 3 });
    expect(express([], { 'tools/v.js': "const h = 'Accept-Version';\n" }).versioning.header).toBeUndefined();
  });
});

describe('facts: healthRouteInTests', () => {
  it('a health route a test app registers counts; a test calling /health with a client does not', () => {
    const withTest = (line: string) => express([], { 'test/app.test.js': `${line}\n` }).healthRouteInTests;
    expect(withTest("app.get('/health', (req, res) => res.send('ok'));")).toEqual({
      path: 'test/app.test.js',
      line: 1,
    });
    expect(withTest("await request(app).get('/health');")).toBeUndefined();
  });
});

describe('facts: readiness', () => {
  it('a health handler querying the database checks a dependency; one returning a constant does not', () => {
    const health = (body: string) =>
      express(["app.get('/health', async (req, res) => {", `  ${body}`, '});']).readiness;
    const checked = health("await db.query('SELECT 1'); res.json({ ok: true });");
    expect(checked.handlerCheck).toMatchObject({
      route: { fullPath: '/health' },
      check: { path: 'server.js', line: 4 },
    });
    expect(checked.readyRoute).toBeUndefined();
    expect(health('res.json({ ok: true });').handlerCheck).toBeUndefined();
  });

  it('a /readyz route is the readiness route, checked or not', () => {
    const rd = express(["app.get('/readyz', (req, res) => res.send('ready'));"]).readiness;
    expect(rd.readyRoute).toMatchObject({ route: { fullPath: '/readyz' }, checksDependency: false });
  });
});

describe('facts: readiness of a status route', () => {
  const shop = (path: string) =>
    factsOf({
      'Shop.csproj':
        '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net9.0</TargetFramework></PropertyGroup></Project>',
      'Program.cs': [
        'var builder = WebApplication.CreateBuilder(args);',
        'builder.Services.AddControllersWithViews();',
        'var app = builder.Build();',
        `app.MapControllerRoute("state", "${path}", new { controller = "Probe", action = "StateApi" });`,
        'app.Run();',
      ].join('\n'),
      'ProbeController.cs': [
        'public class ProbeController : Controller',
        '{',
        '    private readonly StockService _stockService;',
        '    public ProbeController(StockService stockService) { _stockService = stockService; }',
        '    [HttpGet]',
        '    [ActionName("StateApi")]',
        '    public IActionResult State() => _stockService.Report();',
        '}',
      ].join('\n'),
      'StockService.cs': [
        'public class StockService',
        '{',
        '    private readonly ShopDbContext _shopDbContext;',
        '    public IActionResult Report() => new StatusCodeResult(Reachable() ? 200 : 503);',
        '    private bool Reachable()',
        '    {',
        '        return _shopDbContext.Items.Count() >= 0;',
        '    }',
        '}',
      ].join('\n'),
    }).readiness;

  it('follows an [ActionName] action into the service it calls and cites the query there', () => {
    expect(shop('api/status').handlerCheck).toMatchObject({
      route: { fullPath: '/api/status' },
      check: { path: 'StockService.cs', line: 7, call: '_shopDbContext.Items' },
    });
  });

  it('a status segment of a business path is no probe', () => {
    expect(shop('orders/status').handlerCheck).toBeUndefined();
  });
});

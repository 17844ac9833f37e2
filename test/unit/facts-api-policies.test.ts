// The facts behind api.cors, api.input-validation and api.rate-limit: what each finds in small in-memory services.
import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const factsOf = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files));
const expressApp = (lines: string[], deps: Record<string, string> = {}, extra: Record<string, string> = {}) => ({
  'package.json': JSON.stringify({ name: 'a', main: 'server.js', dependencies: { express: '^4.19.0', ...deps } }),
  'server.js': [
    "const express = require('express');",
    'const app = express();',
    ...lines,
    "app.post('/orders', async (req, res) => res.json(await save(req.body)));",
    'app.listen(3000);',
  ].join('\n'),
  ...extra,
});

describe('facts: cors', () => {
  it('an explicit origin list registered by the app is an explicit policy', () => {
    const { cors } = factsOf(
      expressApp(["const cors = require('cors');", "app.use(cors({ origin: ['https://shop.example'] }));"], {
        cors: '^2.8.5',
      }),
    );
    expect(cors.policy).toMatchObject({
      label: 'cors middleware',
      wildcard: false,
      evidence: [{ path: 'server.js', line: 4, note: 'cors middleware with an explicit origin list' }],
    });
  });

  describe('a Flask-CORS extension bound by init_app', () => {
    const flaskService = (extensions: string, factory: string[], settings: string[] = []) => ({
      'requirements.txt': 'flask==3.0.3\nflask-cors==4.0.1\ngunicorn==22.0.0\n',
      Procfile: 'web: gunicorn wsgi:app\n',
      'wsgi.py': 'from depot.app import make_app\n\napp = make_app()\n',
      'depot/__init__.py': '',
      'depot/ext.py': extensions,
      'depot/config.py': ['class Config:', '    DEBUG = False', ...settings.map((l) => `    ${l}`)].join('\n'),
      'depot/app.py': [
        'from flask import Flask, jsonify',
        'from depot.config import Config',
        'from depot.ext import cors',
        '',
        'def make_app():',
        '    app = Flask(__name__)',
        '    app.config.from_object(Config)',
        "    app.add_url_rule('/api/parcels', 'parcels', lambda: jsonify([]))",
        ...factory.map((l) => `    ${l}`),
        '    return app',
      ].join('\n'),
    });

    it('with an origin list is an explicit policy citing the extension and the init_app call', () => {
      const { cors } = factsOf(
        flaskService('from flask_cors import CORS\n\ncors = CORS()\n', [
          "cors.init_app(app, origins=['https://depot.example'])",
        ]),
      );
      expect(cors.policy).toMatchObject({
        label: 'flask-cors',
        wildcard: false,
        evidence: [
          { path: 'depot/ext.py', line: 3 },
          { path: 'depot/app.py', line: 9, note: 'flask-cors bound by init_app with an origin list' },
        ],
      });
    });

    it('bound with the app alone answers every origin, unless the settings name the origins', () => {
      const ext = 'import flask_cors\n\ncors = flask_cors.CORS()\n';
      expect(factsOf(flaskService(ext, ['cors.init_app(app)'])).cors.policy).toMatchObject({ wildcard: true });
      const named = factsOf(flaskService(ext, ['cors.init_app(app)'], ["CORS_ORIGINS = ['https://depot.example']"]));
      expect(named.cors.policy).toMatchObject({ label: 'flask-cors', wildcard: false });
    });

    it('is no policy when nothing binds it, nor when the CORS name is not flask_cors', () => {
      expect(factsOf(flaskService('from flask_cors import CORS\n\ncors = CORS()\n', [])).cors.policy).toBeUndefined();
      const own = factsOf(flaskService('from depot.own import CORS\n\ncors = CORS()\n', ['cors.init_app(app)']));
      expect(own.cors.policy).toBeUndefined();
    });
  });

  it("the library's default (cors()) answers every origin", () => {
    const { cors } = factsOf(expressApp(["const cors = require('cors');", 'app.use(cors());'], { cors: '^2.8.5' }));
    expect(cors.policy).toMatchObject({ wildcard: true, evidence: [{ note: 'cors middleware: wildcard origin' }] });
  });

  it('a Go origin pattern with nothing after the star, or an allow-all options value, answers every origin', () => {
    const chiService = (origins: string[]) => ({
      'go.mod': 'module example.com/tide\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.0.12\n',
      'main.go': [
        'package main',
        '',
        'import (',
        '\t"net/http"',
        '',
        '\t"github.com/go-chi/chi/v5"',
        '\t"github.com/go-chi/cors"',
        ')',
        '',
        'func main() {',
        '\tr := chi.NewRouter()',
        '\tr.Use(cors.Handler(cors.Options{',
        ...origins,
        '\t}))',
        '\tr.Get("/levels", func(w http.ResponseWriter, _ *http.Request) {})',
        '\t_ = http.ListenAndServe(":8080", r)',
        '}',
      ].join('\n'),
    });
    const anyHttps = factsOf(chiService(['\t\tAllowedOrigins: []string{"https://*", "http://*"},']));
    expect(anyHttps.cors.policy).toMatchObject({ wildcard: true, evidence: [{ path: 'main.go', line: 12 }] });
    const ownSubdomains = factsOf(
      chiService(['\t\t// AllowedOrigins: []string{"*"},', '\t\tAllowedOrigins: []string{"https://*.tide.example"},']),
    );
    expect(ownSubdomains.cors.policy).toMatchObject({ wildcard: false });
    const ozzo = factsOf({
      'go.mod': 'module example.com/shelf\n\ngo 1.21\n\nrequire github.com/go-ozzo/ozzo-routing/v2 v2.4.3\n',
      'main.go': [
        'package main',
        '',
        'import (',
        '\t"net/http"',
        '',
        '\trouting "github.com/go-ozzo/ozzo-routing/v2"',
        '\t"github.com/go-ozzo/ozzo-routing/v2/cors"',
        ')',
        '',
        'func main() {',
        '\trouter := routing.New()',
        '\trouter.Use(cors.Handler(cors.AllowAll))',
        '\trouter.Get("/loans", func(c *routing.Context) error { return c.Write("ok") })',
        '\t_ = http.ListenAndServe(":8080", router)',
        '}',
      ].join('\n'),
    });
    expect(ozzo.cors.policy).toMatchObject({ wildcard: true, evidence: [{ path: 'main.go', line: 12 }] });
    // An origin function that admits every origin is a wildcard; one that checks the origin is not.
    const admitsAll = factsOf(
      chiService(['\t\tAllowOriginFunc: func(r *http.Request, origin string) bool {', '\t\t\treturn true', '\t\t},']),
    );
    expect(admitsAll.cors.policy).toMatchObject({ wildcard: true, evidence: [{ path: 'main.go', line: 12 }] });
    const checks = factsOf(
      chiService([
        '\t\tAllowOriginFunc: func(r *http.Request, origin string) bool {',
        '\t\t\treturn origin == "https://tide.example"',
        '\t\t},',
      ]),
    );
    expect(checks.cors.policy).toMatchObject({ wildcard: false });
  });

  it("gorilla/handlers' CORS wrapper: a star among AllowedOrigins, or no origins option at all, answers every origin", () => {
    const gorilla = (options: string) =>
      factsOf({
        'go.mod': 'module example.com/gauge\n\ngo 1.22\n\nrequire github.com/gorilla/handlers v1.5.2\n',
        'main.go': [
          'package main',
          '',
          'import (',
          '\t"net/http"',
          '',
          '\t"github.com/gorilla/handlers"',
          ')',
          '',
          'func main() {',
          '\tmux := http.NewServeMux()',
          '\tmux.HandleFunc("GET /gauges", func(w http.ResponseWriter, _ *http.Request) {})',
          `\t_ = http.ListenAndServe(":8080", handlers.CORS(${options})(mux))`,
          '}',
        ].join('\n'),
      }).cors.policy;
    expect(gorilla('handlers.AllowedOrigins([]string{"*"})')).toMatchObject({
      label: 'gorilla/handlers CORS',
      wildcard: true,
      evidence: [{ path: 'main.go', line: 12 }],
    });
    expect(gorilla('')).toMatchObject({ wildcard: true });
    expect(gorilla('handlers.AllowedOrigins([]string{"https://gauge.example"})')).toMatchObject({ wildcard: false });
  });

  it('a registration in a module no entrypoint loads is not a policy, but is recorded as unreached', () => {
    const { cors } = factsOf(
      expressApp(
        [],
        { cors: '^2.8.5' },
        {
          'lib/cors.js':
            "const cors = require('cors');\nmodule.exports = (app) => app.use(cors({ origin: 'https://a.example' }));\n",
        },
      ),
    );
    expect(cors.policy).toBeUndefined();
    expect(cors.unreached).toMatchObject({ path: 'lib/cors.js', line: 2 });
  });

  it('a platform header rule carries the policy, wildcard or not', () => {
    const { cors } = factsOf({
      ...expressApp([]),
      'vercel.json': JSON.stringify(
        { headers: [{ source: '/(.*)', headers: [{ key: 'Access-Control-Allow-Origin', value: '*' }] }] },
        null,
        2,
      ),
    });
    expect(cors.policy).toMatchObject({ label: 'Access-Control-Allow-Origin in vercel.json', wildcard: true });
  });

  it("Rust: the http crate's header constant set on responses; a wildcard anywhere is the policy", () => {
    const { cors } = factsOf({
      'Cargo.toml': '[package]\nname = "site"\n[dependencies]\nhyper = "1"\n',
      'src/main.rs': [
        'mod download;',
        'use hyper::header::{HeaderValue, ACCESS_CONTROL_ALLOW_ORIGIN};',
        'fn answer(res: &mut Response) {',
        '    res.headers_mut().insert(',
        '        ACCESS_CONTROL_ALLOW_ORIGIN,',
        '        HeaderValue::from_static("*"),',
        '    );',
        '}',
        'fn main() { hyper::server::conn::http1::Builder::new().serve_connection(io, svc); }',
      ].join('\n'),
      'src/download.rs': [
        'use hyper::header::{HeaderValue, ACCESS_CONTROL_ALLOW_ORIGIN};',
        'pub fn raw(res: &mut Response) {',
        '    res.headers_mut().insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("https://viewer.example"));',
        '}',
      ].join('\n'),
    });
    expect(cors.policy).toMatchObject({
      wildcard: true,
      evidence: [{ path: 'src/main.rs', line: 5 }],
    });
  });
});

describe('facts: inputValidation', () => {
  it('a zod schema in reached code validates; the body read is still recorded', () => {
    const iv = factsOf(
      expressApp(["const { z } = require('zod');", 'const Order = z.object({ sku: z.string() });'], { zod: '^3.23.0' }),
    ).inputValidation;
    expect(iv.validation).toMatchObject({ kind: 'schema', confidence: 'high', site: { path: 'server.js', line: 4 } });
    expect(iv.bodyRead).toMatchObject({ path: 'server.js', line: 5 });
  });

  it('a handler reading req.body with no schema anywhere has no validation', () => {
    const iv = factsOf(expressApp([])).inputValidation;
    expect(iv.validation).toBeUndefined();
    expect(iv.bodyRead).toMatchObject({ path: 'server.js', line: 3, note: 'request body read without a schema' });
  });

  it('FastAPI: a route taking a pydantic model is validated by the framework; a dict body is untyped', () => {
    const app = (param: string) =>
      factsOf({
        'requirements.txt': 'fastapi\nuvicorn\n',
        'main.py': [
          'from fastapi import FastAPI',
          'from pydantic import BaseModel',
          'app = FastAPI()',
          'class Order(BaseModel):',
          '    sku: str',
          '@app.post("/orders")',
          `def create(${param}):`,
          '    return order',
        ].join('\n'),
      }).inputValidation;
    const typed = app('order: Order');
    expect(typed.validation).toMatchObject({ kind: 'fastapi', model: 'Order', route: { method: 'POST', line: 6 } });
    const untyped = app('order: dict');
    expect(untyped.validation).toBeUndefined();
    expect(untyped.untypedBody).toMatchObject({ method: 'POST', fullPath: '/orders' });
  });

  it('Rust: a FromRequest extractor of its own deserializing the body into a struct is a schema (low)', () => {
    const service = (parse: string) =>
      factsOf({
        'Cargo.toml': '[package]\nname = "hooks"\n[dependencies]\naxum = "0.8"\nserde_json = "1"\n',
        'src/main.rs': [
          'mod hook;',
          'async fn receive(hook::Event(e): hook::Event) {}',
          'fn main() { let app = Router::new().route("/hooks", post(receive)); axum::serve(listener, app); }',
        ].join('\n'),
        'src/hook.rs': [
          'pub struct Event(pub Push);',
          'impl<S: Send + Sync> FromRequest<S> for Event {',
          '    async fn from_request(req: Request, state: &S) -> Result<Self, StatusCode> {',
          '        let body = Bytes::from_request(req, state).await.map_err(|_| StatusCode::BAD_REQUEST)?;',
          `        ${parse}`,
          '    }',
          '}',
        ].join('\n'),
      }).inputValidation;
    const typed = service('let push: Push = serde_json::from_slice(&body).map_err(|_| StatusCode::BAD_REQUEST)?;');
    expect(typed.validation).toMatchObject({
      kind: 'schema',
      confidence: 'low',
      site: { path: 'src/hook.rs', line: 2 },
    });
    const untyped = service('let raw: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();');
    expect(untyped.validation).toBeUndefined();
    expect(untyped.bodyRead).toMatchObject({ path: 'src/hook.rs', line: 4 });
  });

  it('Rust: body: String is a read as a parameter (on its own line or in a closure), not as a field or a literal', () => {
    const bodyRead = (main: string[]) =>
      factsOf({
        'Cargo.toml': '[package]\nname = "notes"\n[dependencies]\naxum = "0.8"\ntokio = "1"\n',
        'src/main.rs': [
          'use axum::{routing::post, Router};',
          'pub struct Comment {',
          '    pub body: String,',
          '}',
          'fn reply() -> Response { Response { status: 200, body: Bytes::from_static(b"ok") } }',
          ...main,
        ].join('\n'),
      }).inputValidation.bodyRead;
    const serve = 'async fn main() { axum::serve(listener, app).await.unwrap(); }';
    expect(
      bodyRead(['fn app() -> Router { Router::new().route("/n", post(|| async { "" })) }', serve]),
    ).toBeUndefined();
    expect(
      bodyRead(['async fn add(', '    id: u64,', '    body: String,', ') -> String { body }', serve]),
    ).toMatchObject({
      path: 'src/main.rs',
      line: 8,
    });
    expect(
      bodyRead(['fn app() -> Router { Router::new().route("/n", post(|body: String| async move { body })) }', serve]),
    ).toMatchObject({ path: 'src/main.rs', line: 6 });
  });

  it('Rust: a generic body parser of a hand-routed server answering 400 is a schema (low); one that panics is not', () => {
    const service = (refuse: string) =>
      factsOf({
        'Cargo.toml': '[package]\nname = "board"\n[dependencies]\nhyper = "1"\nserde_json = "1"\n',
        'src/main.rs': [
          'fn parse_body<D: DeserializeOwned>(body: &[u8]) -> Result<D, Response<Full<Bytes>>> {',
          `    serde_json::from_slice(body).map_err(|e| ${refuse})`,
          '}',
          'async fn serve(req: Request<Incoming>) -> Response<Full<Bytes>> {',
          '    let path = req.uri().path().to_owned();',
          '    let body = req.into_body().collect().await.unwrap().to_bytes();',
          '    match path.as_str() {',
          '        "/board/compare" => compare(parse_body(&body)),',
          '        _ => missing(),',
          '    }',
          '}',
          'fn main() { http1::Builder::new().serve_connection(io, service_fn(serve)); }',
        ].join('\n'),
      }).inputValidation;
    expect(service('reply(StatusCode::BAD_REQUEST, e)').validation).toMatchObject({
      kind: 'schema',
      confidence: 'low',
      site: { path: 'src/main.rs', line: 1 },
    });
    expect(service('panic!("{e}")').validation).toBeUndefined();
  });
});

describe('facts: rateLimit', () => {
  it("a 429 answered for a limit exception the service throws on an upstream's 429 is no limiter of its own", () => {
    const app = (thrownWhen: string) =>
      factsOf({
        'composer.json': '{"require":{"php":">=8.1"}}',
        'index.php': "<?php\nrequire __DIR__ . '/lib.php';\nrequire __DIR__ . '/action.php';\nrun_action();\n",
        'lib.php': [
          '<?php',
          'class RemoteRateLimitException extends Exception {}',
          'function quota_hit() {',
          '  throw new RemoteRateLimitException("slow down");',
          '}',
          'function fetch_remote($url) {',
          '  $status = remote_status($url);',
          `  ${thrownWhen}`,
          '    quota_hit();',
          '  }',
          '}',
          '',
        ].join('\n'),
        'action.php': [
          '<?php',
          'function run_action() {',
          '  try { fetch_remote("https://example.org/x"); }',
          '  catch (Throwable $e) {',
          '    if ($e instanceof RemoteRateLimitException) {',
          '      return respond("rate limited", 429);',
          '    }',
          '  }',
          '}',
          '',
        ].join('\n'),
      }).rateLimit.limiter;
    expect(app('if ($status === 429) {')).toBeUndefined();
    // The same exception thrown on a count of the caller's own requests: a limiter.
    expect(app('if (requests_of_caller() > 100) {')?.evidence[0]).toMatchObject({ path: 'action.php', line: 6 });
  });

  it('a hand-written middleware answering 429 is a hand-written limiter; unreached, it is recorded as such', () => {
    const limiter = [
      'const hits = new Map();',
      'module.exports = function rateLimit(req, res, next) {',
      '  const n = (hits.get(req.ip) || 0) + 1; hits.set(req.ip, n);',
      '  if (n > 100) return res.status(429).end();',
      '  next();',
      '};',
    ].join('\n');
    const wired = factsOf(
      expressApp(["const rateLimit = require('./limit');", 'app.use(rateLimit);'], {}, { 'limit.js': limiter }),
    ).rateLimit;
    expect(wired.limiter).toMatchObject({ handWritten: true, evidence: [{ path: 'limit.js', line: 4 }] });
    const lost = factsOf(expressApp([], {}, { 'limit.js': limiter })).rateLimit;
    expect(lost.limiter).toBeUndefined();
    expect(lost.unreachedHandWritten).toMatchObject({ path: 'limit.js', line: 4 });
  });

  it('a hand-written limiter checked only in sign-in code limits sign-in only', () => {
    const guarded = (file: string) =>
      factsOf(
        expressApp(
          [`app.use(require('./routes/${file}'));`],
          {},
          {
            [`routes/${file}.js`]: [
              "const limiter = require('../limiter');",
              'module.exports = (req, res, next) => {',
              '  if (!limiter.tryConsume(req.ip)) return res.sendStatus(403);',
              '  next();',
              '};',
            ].join('\n'),
            'limiter.js': 'module.exports = { tryConsume: (ip) => true };',
          },
        ),
      ).rateLimit.limiter;
    expect(guarded('login')).toMatchObject({
      signInOnly: true,
      evidence: [{ path: 'routes/login.js', line: 3 }],
    });
    expect(guarded('orders')?.signInOnly).toBeUndefined();
  });

  it('ASP.NET Core policies without UseRateLimiter are an unapplied limiter', () => {
    const program = (use: string) =>
      factsOf({
        'Api/Api.csproj':
          '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>',
        'Api/Program.cs': [
          'var builder = WebApplication.CreateBuilder(args);',
          'builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter("api", l => l.PermitLimit = 10));',
          'var app = builder.Build();',
          use,
          'app.MapPost("/orders", (Order o) => Results.Ok(o)).RequireRateLimiting("api");',
          'app.Run();',
        ].join('\n'),
      }).rateLimit;
    expect(program('').limiter).toMatchObject({ unapplied: true, library: 'ASP.NET Core rate limiter' });
    const applied = program('app.UseRateLimiter();').limiter;
    expect(applied?.unapplied).toBeUndefined();
    expect(applied?.evidence[0]).toMatchObject({ line: 4, note: 'rate-limiter middleware' });
  });

  it('an ingress annotation is a proxy limit', () => {
    const rl = factsOf({
      ...expressApp([]),
      'k8s/ingress.yaml': [
        'apiVersion: networking.k8s.io/v1',
        'kind: Ingress',
        'metadata:',
        '  annotations:',
        '    nginx.ingress.kubernetes.io/limit-rps: "10"',
      ].join('\n'),
    }).rateLimit;
    expect(rl.limiter).toBeUndefined();
    expect(rl.proxy).toMatchObject({ site: { path: 'k8s/ingress.yaml', line: 5 } });
  });
});

describe('facts: rateLimit — a Python rate-limit exception raised by the application', () => {
  const app = (body: string[]) =>
    factsOf({
      'requirements.txt': 'fastapi==0.115.0\nuvicorn==0.30.6\n',
      Procfile: 'web: uvicorn svc.main:app\n',
      'svc/__init__.py': '',
      'svc/main.py': [
        'from fastapi import Depends, FastAPI',
        'from svc.guard import window',
        'app = FastAPI()',
        '@app.get("/v1/items", dependencies=[Depends(window)])',
        'def items():',
        '    return []',
        '',
      ].join('\n'),
      'svc/guard.py': ['from fastcrud.exceptions.http_exceptions import RateLimitException', '', ...body, ''].join(
        '\n',
      ),
    }).rateLimit;
  it('reads `raise RateLimitException(…)` in a dependency as a hand-written limiter', () => {
    const r = app(['def window(count=0):', '    if count > 10:', '        raise RateLimitException("slow down")']);
    expect(r.limiter).toMatchObject({ handWritten: true, evidence: [{ path: 'svc/guard.py', line: 5 }] });
  });
  it("reads no limiter when the raise relays an upstream's 429", () => {
    const r = app([
      'def window(resp=None):',
      '    if resp.status_code == 429:',
      '        raise RateLimitException("upstream is busy")',
    ]);
    expect(r.limiter).toBeUndefined();
  });
  it("reads no limiter where a 429 is one of the codes an upstream's status is tested against", () => {
    const r = app([
      'from http import HTTPStatus',
      '',
      'def window(resp=None):',
      '    # a limit the upstream hit, not one this service enforces',
      '    if resp.status_code in (HTTPStatus.FORBIDDEN, HTTPStatus.TOO_MANY_REQUESTS):',
      '        return None',
    ]);
    expect(r.limiter).toBeUndefined();
  });
});

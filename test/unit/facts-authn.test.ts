import { describe, expect, it } from 'vitest';
import { receiverOfClass } from '../../src/facts/authn.js';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const authn = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files)).authn;

describe('facts: authentication off by default', () => {
  const dotnet = (whileOff: string) =>
    authn({
      'Shop.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>\n',
      'Program.cs': [
        'var builder = WebApplication.CreateBuilder(args);',
        'builder.Services.AddAuthentication("Shop").AddScheme<AuthenticationSchemeOptions, ShopHandler>("Shop", null);',
        'var app = builder.Build();',
        'app.MapGet("/orders", [Authorize] () => "[]");',
        'app.Run();',
      ].join('\n'),
      'ShopHandler.cs': [
        'public class ShopHandler : AuthenticationHandler<AuthenticationSchemeOptions>',
        '{',
        '    private bool authenticationEnabled = false;',
        '    protected override Task<AuthenticateResult> HandleAuthenticateAsync()',
        '    {',
        '        if (!authenticationEnabled)',
        '        {',
        `            return Task.FromResult(${whileOff});`,
        '        }',
        '        return Task.FromResult(AuthenticateResult.Fail("no key"));',
        '    }',
        '}',
      ].join('\n'),
    });

  it('a .NET authentication handler signing everyone in while its switch is off; not one failing them', () => {
    expect(dotnet('AuthenticateResult.Success(Anyone())').offByDefault).toMatchObject({
      path: 'ShopHandler.cs',
      line: 6,
    });
    expect(dotnet('AuthenticateResult.NoResult()').offByDefault).toBeUndefined();
  });

  it("a Go check returning true while the service's credential store is nil; not one on the request's value", () => {
    const go = (cond: string) =>
      authn({
        'go.mod': 'module example.com/kv\n\ngo 1.22\n',
        'main.go': [
          'package main',
          '',
          'import "net/http"',
          '',
          'type server struct{ users map[string]string }',
          '',
          'func (s *server) allowed(r *http.Request) bool {',
          `\tif ${cond} {`,
          '\t\treturn true',
          '\t}',
          '\tuser, pass, ok := r.BasicAuth()',
          '\treturn ok && s.users[user] == pass',
          '}',
          '',
          'func (s *server) get(w http.ResponseWriter, r *http.Request) {',
          '\tif !s.allowed(r) {',
          '\t\tw.WriteHeader(http.StatusUnauthorized)',
          '\t\treturn',
          '\t}',
          '}',
          '',
          'func main() {',
          '\ts := &server{}',
          '\thttp.HandleFunc("/get", s.get)',
          '\thttp.ListenAndServe(":4001", nil)',
          '}',
        ].join('\n'),
      }).code;
    expect(go('s.users == nil')?.confidence).toBe('low');
    const onRequest = go('r.userAgent == ""');
    expect(onRequest).toBeDefined();
    expect(onRequest?.confidence).toBeUndefined();
  });
});

describe('facts: token verification in a method of a class', () => {
  const service = (route: string) =>
    authn({
      'package.json': '{"name":"desk","dependencies":{"fastify":"^4.28.0","paseto":"^3.1.4"}}',
      'src/passes.ts': [
        'import { V4 } from "paseto";',
        '',
        'export class Passes {',
        '  constructor(private readonly key: string) {}',
        '',
        '  async holder(token: string) {',
        '    const claims = await this.check(token);',
        '    return String(claims.sub);',
        '  }',
        '',
        '  private async check(token: string) {',
        '    return await V4.verify(token, this.key);',
        '  }',
        '}',
      ].join('\n'),
      'src/server.ts': [
        'import Fastify from "fastify";',
        'import { Passes } from "./passes.js";',
        '',
        'const app = Fastify();',
        'const passes = new Passes(process.env.PASS_KEY ?? "");',
        route,
        'app.listen({ port: 8080 });',
      ].join('\n'),
    });

  it("is applied through the method's callers up to a route's preHandler written in place", () => {
    const found = service(
      [
        'app.get(',
        '  "/desks",',
        '  {',
        '    preHandler: async (req) => {',
        '      await passes.holder(req.headers.authorization ?? "");',
        '    },',
        '  },',
        '  async () => [],',
        ');',
      ].join('\n'),
    );
    expect(found.code?.how).toBe("holder called in a route's request hook written in place");
    expect(found.code?.evidence[0]).toMatchObject({ path: 'src/passes.ts', line: 12 });
  });

  it('is never wired when no route calls the method', () => {
    const found = service('app.get("/desks", async () => []);');
    expect(found.code).toBeUndefined();
    expect(found.unregistered[0]).toMatchObject({ name: 'Passes' });
  });
});

describe('facts: HMCTS service-to-service tokens', () => {
  const spring = (checker: string, importLine: string) =>
    authn({
      'build.gradle': "plugins { id 'org.springframework.boot' version '3.4.1' }\n",
      'src/main/java/org/example/App.java': [
        'package org.example;',
        'import org.springframework.boot.autoconfigure.SpringBootApplication;',
        '@SpringBootApplication',
        'public class App { public static void main(String[] a) { org.springframework.boot.SpringApplication.run(App.class, a); } }',
      ].join('\n'),
      'src/main/java/org/example/Caller.java': [
        'package org.example;',
        importLine,
        '@org.springframework.stereotype.Component',
        'public class Caller {',
        '    private final AuthTokenValidator tokens;',
        '    public Caller(AuthTokenValidator tokens) { this.tokens = tokens; }',
        `    public String of(String header) { ${checker} }`,
        '}',
      ].join('\n'),
      'src/main/java/org/example/Letters.java': [
        'package org.example;',
        'import org.springframework.web.bind.annotation.*;',
        '@RestController',
        'public class Letters {',
        '    private final Caller caller;',
        '    public Letters(Caller caller) { this.caller = caller; }',
        '    @PostMapping("/letters")',
        '    public String send(@RequestHeader("ServiceAuthorization") String h) { return caller.of(h); }',
        '}',
      ].join('\n'),
    });
  const VALIDATORS = 'import uk.gov.hmcts.reform.authorisation.validators.AuthTokenValidator;';

  it('reads the caller token handed to the validator as authentication', () => {
    const applied = spring('return tokens.getServiceName(header);', VALIDATORS).applied;
    expect(applied.map((a) => [a.label, a.site.path, a.site.line])).toEqual([
      [
        'HMCTS service-to-service token verified (service-auth-provider AuthTokenValidator)',
        'src/main/java/org/example/Caller.java',
        7,
      ],
    ]);
  });

  it("takes a token validator's validate, not Bean Validation's in the same file", () => {
    expect(spring('tokens.validate(header); return "ok";', VALIDATORS).applied).toEqual([]);
    expect(spring('authTokenValidator.validate(header); return "ok";', VALIDATORS).applied).toHaveLength(1);
    expect(spring('validator.validate(header); return "ok";', VALIDATORS).applied).toEqual([]);
  });

  it('leaves a getServiceName of a class of another library alone', () => {
    const applied = spring(
      'return tokens.getServiceName(header);',
      'import org.example.tokens.AuthTokenValidator;',
    ).applied;
    expect(applied).toEqual([]);
  });
});

describe("facts: an actix-web middleware of the app's own", () => {
  const gate = (call: string) =>
    [
      'use actix_web::{dev::{Service, ServiceRequest, Transform}, http::StatusCode, ResponseError};',
      'pub struct Gate(pub Option<String>);',
      'pub struct GateService<S>(Option<String>, S);',
      '#[derive(Debug)]',
      'pub struct Refused;',
      'impl ResponseError for Refused {',
      '    fn status_code(&self) -> StatusCode { StatusCode::UNAUTHORIZED }',
      '}',
      'impl<S> Transform<S, ServiceRequest> for Gate {',
      '    fn new_transform(&self, s: S) -> Self::Future { todo() }',
      '}',
      'impl<S> Service<ServiceRequest> for GateService<S> {',
      '    fn call(&self, req: ServiceRequest) -> Self::Future {',
      `        ${call}`,
      '    }',
      '}',
      '',
    ].join('\n');
  const app = (wrap: string) => ({
    'Cargo.toml': '[package]\nname = "d"\nversion = "0.1.0"\n\n[dependencies]\nactix-web = "4"\n',
    'src/main.rs': [
      'mod gate;',
      'use actix_web::{web, App, HttpServer};',
      '#[actix_web::main]',
      'async fn main() -> std::io::Result<()> {',
      '    HttpServer::new(|| {',
      '        App::new()',
      '            .route("/open", web::get().to(open))',
      '            .service(',
      '                web::scope("/internal")',
      `                    ${wrap}`,
      '                    .route("/purge", web::post().to(purge)),',
      '            )',
      '    })',
      '    .bind(("0.0.0.0", 8080))?',
      '    .run()',
      '    .await',
      '}',
      '',
    ].join('\n'),
  });

  it('takes a wrapped Transform whose service compares a request header and answers 401 (low on one scope)', () => {
    const a = authn({
      ...app('.wrap(gate::Gate(std::env::var("KEY").ok()))'),
      'src/gate.rs': gate(
        'let ok = req.headers().get("x-key").is_some(); if !ok { return err(Refused); } ok_call(req)',
      ),
    }).applied;
    expect(a.map((x) => [x.label, x.site.path, x.site.line, x.confidence])).toEqual([
      ['actix-web middleware of its own (.wrap) checking a request header and answering 401', 'src/main.rs', 10, 'low'],
    ]);
  });

  it('leaves a wrapped middleware that reads a header but never answers 401, and a Transform never wrapped', () => {
    const passes = gate('let _ = req.headers().get("x-trace"); ok_call(req)').replace(
      'StatusCode::UNAUTHORIZED',
      'StatusCode::OK',
    );
    expect(authn({ ...app('.wrap(gate::Gate(None))'), 'src/gate.rs': passes }).applied).toEqual([]);
    const refusing = gate('let ok = req.headers().get("x-key").is_some(); ok_call(req)');
    expect(authn({ ...app('.wrap(Logger::default())'), 'src/gate.rs': refusing }).applied).toEqual([]);
  });
});

describe("facts: an actix-web middleware of the app's own verifying a JWT", () => {
  const guard = (call: string) =>
    [
      'use actix_web::dev::{Service, ServiceRequest, Transform};',
      'use jsonwebtoken::{decode, DecodingKey, Validation};',
      'pub struct Signed;',
      'pub struct SignedService<S>(S);',
      'impl<S> Transform<S, ServiceRequest> for Signed {',
      '    fn new_transform(&self, s: S) -> Self::Future { todo() }',
      '}',
      'impl<S> Service<ServiceRequest> for SignedService<S> {',
      '    fn call(&self, req: ServiceRequest) -> Self::Future {',
      '        let t = req.headers().get("authorization").map(|v| v.to_str().unwrap_or("").to_owned());',
      `        ${call}`,
      '    }',
      '}',
      '',
    ].join('\n');
  const app = {
    'Cargo.toml': '[package]\nname = "d"\nversion = "0.1.0"\n\n[dependencies]\nactix-web = "4"\njsonwebtoken = "9"\n',
    'src/main.rs': [
      'mod guard;',
      'use actix_web::{web, App, HttpServer};',
      '#[actix_web::main]',
      'async fn main() -> std::io::Result<()> {',
      '    HttpServer::new(|| App::new().wrap(guard::Signed).route("/p", web::get().to(p)))',
      '        .bind(("0.0.0.0", 8080))?',
      '        .run()',
      '        .await',
      '}',
      '',
    ].join('\n'),
  };

  it('takes a wrapped Transform whose service decodes the token and fails the request with an error', () => {
    const verifying = guard(
      'match decode::<Claims>(&t.unwrap_or_default(), &DecodingKey::from_secret(K), &Validation::default()) { Ok(_) => next(req), Err(_) => Box::pin(async { Err(Error::from(NoCaller)) }) }',
    );
    const a = authn({ ...app, 'src/guard.rs': verifying }).applied;
    expect(a.map((x) => [x.site.path, x.site.line])).toEqual([['src/main.rs', 5]]);
  });

  it("leaves one that decodes the header with another crate's decode (base64), not the token's", () => {
    const basic = guard('let _ = base64::decode(t.unwrap_or_default()); Box::pin(async { Err(Error::from(Busy)) })');
    expect(authn({ ...app, 'src/guard.rs': basic }).applied).toEqual([]);
  });

  it('leaves one that never decodes a token (it only reads the header)', () => {
    const reading = guard('let _ = t; Box::pin(async { Err(Error::from(Busy)) })');
    expect(authn({ ...app, 'src/guard.rs': reading }).applied).toEqual([]);
  });
});

describe('facts: the receiver of a method call tied to its class', () => {
  const files = {
    'src/access/pass.ts': 'export class AccessPass {\n  check(token: string) {}\n}\n',
    'src/http/typed.ts': 'export function make(pass: AccessPass) {\n  return (t: string) => pass.check(t);\n}\n',
    'src/http/bound.ts': 'const gate = new AccessPass(key);\nexport const f = (token: string) => gate.check(token);\n',
    'src/http/imported.ts': 'import pass from "../access/pass.js";\nexport const f = (token) => pass.check(token);\n',
    'src/http/aliased.ts': 'import pass from "@/access/pass";\nexport const f = (token) => pass.check(token);\n',
    'src/http/other.ts':
      'import jwt from "jsonwebtoken";\nconst quota = new QuotaMeter();\nexport const f = (token) => jwt.check(token) && quota.check(token);\n',
  };
  const repo = RepoIndex.fromMemory(files);
  const tied = (path: string, text: string) =>
    receiverOfClass(repo, path, text, 'check', 'AccessPass', 'src/access/pass.ts');

  it('counts a receiver typed as the class, bound to a new instance, or a file importing the class module', () => {
    expect(tied('src/http/typed.ts', '  return (t: string) => pass.check(t);')).toBe(true);
    expect(tied('src/http/bound.ts', 'export const f = (token: string) => gate.check(token);')).toBe(true);
    expect(tied('src/http/imported.ts', 'export const f = (token) => pass.check(token);')).toBe(true);
    expect(tied('src/http/aliased.ts', 'export const f = (token) => pass.check(token);')).toBe(true);
  });

  it('takes no call on an object of another class or package', () => {
    expect(tied('src/http/other.ts', 'jwt.check(token)')).toBe(false);
    expect(tied('src/http/other.ts', 'quota.check(token)')).toBe(false);
  });
});

describe('facts: library auth middleware bound to a name, and own route tables', () => {
  const hono = (route: string) =>
    authn({
      'package.json': JSON.stringify({ name: 'api', dependencies: { hono: '4.6.16', '@hono/node-server': '1.13.7' } }),
      'src/guard.ts':
        "import { jwt } from 'hono/jwt';\n\nexport const mustSignIn = jwt({ secret: process.env.S ?? '' });\n",
      'src/index.ts': `import { serve } from '@hono/node-server';\nimport { Hono } from 'hono';\nimport { mustSignIn } from './guard';\n\nconst app = new Hono();\n${route}\nserve({ fetch: app.fetch, port: 3000 });\n`,
    });

  it('a hono/jwt middleware bound to a name is applied where a route names it', () => {
    const found = hono("app.get('/me', mustSignIn, (c) => c.json({}));");
    expect(found.code?.how).toBe('authentication middleware built by a library applied as route middleware');
    expect(found.code?.evidence.map((e) => `${e.path}:${e.line}`)).toEqual(['src/guard.ts:3', 'src/index.ts:6']);
  });

  it('the same binding no route names is set up and never wired', () => {
    const found = hono("app.get('/me', (c) => c.json({}));");
    expect(found.code).toBeUndefined();
    expect(found.unregistered[0]).toMatchObject({ name: 'mustSignIn' });
  });

  it("a check given to a project's route table one argument a line is applied only beside a path", () => {
    const files = (path: string) => ({
      'package.json': JSON.stringify({ name: 'gate', scripts: { start: 'bun src/main.ts' } }),
      'src/check.ts':
        "const key = process.env.KEY ?? '';\nexport const check = async (req: Request) => {\n  const token = req.headers.get('authorization');\n  if (token !== key) {\n    console.warn('Unauthorized');\n    return false;\n  }\n  return true;\n};\n",
      'src/main.ts': `import { check } from './check';\nimport { table } from './table';\n\ntable.addRoute(\n  'list',\n  ${path},\n  async () => new Response('[]'),\n  check);\n\nBun.serve({ fetch: (req) => table.run(req) });\n`,
      'src/table.ts':
        'export const table = { addRoute: (..._a: unknown[]) => {}, run: (_r: Request) => new Response() };\n',
    });
    expect(authn(files("'/items'")).code?.evidence[1]).toMatchObject({ path: 'src/main.ts', line: 8 });
    expect(authn(files('listPath')).code).toBeUndefined();
  });
});

describe('facts: salvo authentication hoops', () => {
  const app = (hoop: string) => ({
    'Cargo.toml': '[package]\nname = "s"\nversion = "0.1.0"\n\n[dependencies]\nsalvo = "0.82"\n',
    'src/main.rs': [
      'use salvo::prelude::*;',
      '#[tokio::main]',
      'async fn main() {',
      '    let router = Router::new()',
      '        .push(Router::with_path("open").get(open))',
      '        .push(',
      '            Router::with_path("members")',
      `                ${hoop}`,
      '                .push(Router::with_path("bookings").get(bookings)),',
      '        );',
      '    let acceptor = TcpListener::new("0.0.0.0:8080").bind().await;',
      '    Server::new(acceptor).serve(router).await;',
      '}',
      '',
    ].join('\n'),
  });
  const label = 'salvo authentication hoop put before the routes (JwtAuth or an auth handler)';

  it('takes a hoop named for the caller’s credential (JwtAuth, an auth handler) put before routes', () => {
    for (const hoop of ['.hoop(auth_hoop())', '.hoop(jwt_verify_access)', '.hoop(JwtAuth::new(decoder))'])
      expect(authn(app(hoop)).applied.map((x) => [x.label, x.site.path, x.site.line])).toEqual([
        [label, 'src/main.rs', 8],
      ]);
  });

  it('leaves hoops that only log, compress or inject state', () => {
    for (const hoop of ['.hoop(Logger::new())', '.hoop(Compression::new())', '.hoop(affix_state::inject(state))'])
      expect(authn(app(hoop)).applied.filter((x) => x.label === label)).toEqual([]);
  });

  const passing = (hoops: string) => ({
    ...app('.hoop(auth_hoop())'),
    'src/hoops.rs': [
      'use salvo::jwt_auth::{ConstDecoder, HeaderFinder};',
      'use salvo::prelude::*;',
      'pub fn auth_hoop() -> JwtAuth<Claims, ConstDecoder> {',
      '    JwtAuth::new(ConstDecoder::from_secret(b"k"))',
      '        .finders(vec![Box::new(HeaderFinder::new())])',
      '        .force_passed(true)',
      '}',
      hoops,
    ].join('\n'),
  });

  it('leaves a JwtAuth built with force_passed(true) when nothing asks the depot for the token state', () => {
    const files = passing('');
    files['src/main.rs'] = `mod hoops;\nuse hoops::auth_hoop;\n${files['src/main.rs']}`;
    expect(authn(files).applied.filter((x) => x.label === label)).toEqual([]);
  });

  it('reads the binding above the hoop, not one of the same name in another function', () => {
    const files = app('.hoop(auth)');
    files['src/main.rs'] = files['src/main.rs']
      .replace(
        '#[tokio::main]',
        [
          'fn preview_router() -> JwtAuth<Claims, ConstDecoder> {',
          '    let auth = JwtAuth::new(ConstDecoder::from_secret(b"k")).force_passed(true);',
          '    auth',
          '}',
          '#[tokio::main]',
        ].join('\n'),
      )
      .replace('    let router =', '    let auth = JwtAuth::new(ConstDecoder::from_secret(b"k"));\n    let router =');
    expect(authn(files).applied.filter((x) => x.label === label).length).toBe(1);
  });

  it('keeps it when a handler asks the depot whether the token was authorized', () => {
    const files = passing(
      '#[handler]\npub async fn only_members(depot: &mut Depot, res: &mut Response, ctrl: &mut FlowCtrl) {\n    if depot.jwt_auth_state() != JwtAuthState::Authorized {\n        res.status_code(StatusCode::UNAUTHORIZED);\n        ctrl.skip_rest();\n    }\n}',
    );
    files['src/main.rs'] = `mod hoops;\nuse hoops::{auth_hoop, only_members};\n${files['src/main.rs']}`;
    expect(authn(files).applied.filter((x) => x.label === label).length).toBe(1);
  });
});

describe('facts: Rust handlers asking their own credential check', () => {
  const app = (check: string) => ({
    'Cargo.toml': '[package]\nname = "h"\nversion = "0.1.0"\n\n[dependencies]\naxum = "0.8"\n',
    'src/main.rs': [
      'use axum::http::{HeaderMap, StatusCode};',
      'use axum::{routing::get, Router};',
      'async fn check_token(headers: &HeaderMap) -> Result<String, StatusCode> {',
      `    ${check}`,
      '}',
      'async fn notes(headers: HeaderMap) -> Result<String, StatusCode> {',
      '    let owner = check_token(&headers).await?;',
      '    Ok(owner)',
      '}',
      '#[tokio::main]',
      'async fn main() {',
      '    let app = Router::new().route("/notes", get(notes));',
      '    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await.unwrap();',
      '    axum::serve(listener, app).await.unwrap();',
      '}',
      '',
    ].join('\n'),
  });
  const label = "Rust handlers asking their own check of the request's credential, refused with 401 through ?";

  it('takes a check reading a request header and answering 401, asked with ? (low: per handler)', () => {
    const a = authn(
      app('let v = headers.get("x-key").ok_or(StatusCode::UNAUTHORIZED)?; Ok(v.to_str().unwrap_or("").into())'),
    ).applied;
    expect(a.map((x) => [x.label, x.site.path, x.site.line, x.confidence])).toEqual([[label, 'src/main.rs', 7, 'low']]);
  });

  it('leaves a check that reads a header but never refuses', () => {
    const a = authn(app('Ok(headers.get("x-name").and_then(|v| v.to_str().ok()).unwrap_or("guest").into())')).applied;
    expect(a.filter((x) => x.label === label)).toEqual([]);
  });
});

describe("facts: a Go middleware asking the request's context for the signed-in caller", () => {
  const app = (check: string, refusal: string[]) =>
    authn({
      'go.mod': 'module example.com/shelf\n\ngo 1.22\n\nrequire github.com/gorilla/mux v1.8.1\n',
      'main.go': [
        'package main',
        '',
        'import (',
        '\t"net/http"',
        '',
        '\t"github.com/gorilla/mux"',
        ')',
        '',
        'type server struct{}',
        '',
        'func (s *server) signedIn(next http.Handler) http.Handler {',
        '\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {',
        `\t\t${check}`,
        '\t\t\tnext.ServeHTTP(w, r)',
        '\t\t\treturn',
        '\t\t}',
        '\t\t// Guests land here.',
        '\t\t// Keep the path "{" they asked for.',
        '\t\t// It is shown again after signing in.',
        '\t\t// Nothing else is kept.',
        '\t\t// The cookie lasts a day.',
        ...refusal.map((l) => `\t\t${l}`),
        '\t})',
        '}',
        '',
        'func books(w http.ResponseWriter, r *http.Request) {}',
        '',
        'func main() {',
        '\ts := &server{}',
        '\tr := mux.NewRouter()',
        '\tr.Use(s.signedIn)',
        '\tr.HandleFunc("/books", books)',
        '\thttp.ListenAndServe(":8080", r)',
        '}',
      ].join('\n'),
    }).code;

  it('takes a zero check of the caller whose block redirects the guest to sign in, past comment lines', () => {
    const code = app('if id := auth.UserIDFromContext(r.Context()); id != 0 {', [
      'http.Redirect(w, r, "/login", http.StatusFound)',
    ]);
    expect(code?.evidence.map((e) => [e.path, e.line])).toEqual([
      ['main.go', 13],
      ['main.go', 31],
    ]);
    expect(code?.confidence).toBeUndefined();
    expect(app('if CallerFromContext(r.Context()) != nil {', ['w.WriteHeader(http.StatusUnauthorized)'])).toBeDefined();
  });

  it('leaves a check whose block lets the guest through, and a refusal after the block has closed', () => {
    expect(app('if id := auth.UserIDFromContext(r.Context()); id != 0 {', ['next.ServeHTTP(w, r)'])).toBeUndefined();
    expect(
      app('if id := auth.UserIDFromContext(r.Context()); id != 0 {', [
        'next.ServeHTTP(w, r)',
        '})',
        '}',
        '',
        'func other(w http.ResponseWriter, r *http.Request) {',
        'http.Error(w, "no", http.StatusUnauthorized)',
      ]),
    ).toBeUndefined();
  });

  it("Django Ninja: auth= on a router or an operation is applied; None, a handed-on parameter or a client's tuple is not", () => {
    const ninja = (line: string) =>
      authn({
        'requirements.txt': 'Django==5.0.6\ndjango-ninja==1.1.0\n',
        'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n',
        'site/__init__.py': '',
        'site/settings.py': 'ROOT_URLCONF = "site.urls"\n',
        'site/urls.py': [
          'from django.urls import path',
          'from ninja import NinjaAPI, Router',
          'from ninja.security import django_auth',
          'import requests',
          'api = NinjaAPI()',
          line,
          'urlpatterns = [path("api/", api.urls)]',
        ].join('\n'),
      }).applied.map((a) => a.label);
    const label = 'Django Ninja operation / router authentication (auth=)';
    expect(ninja('books = Router(auth=django_auth)')).toContain(label);
    expect(ninja('books = Router(tags=["b"], auth=[ApiKey(), django_auth])')).toContain(label);
    expect(ninja('@api.get("/me", auth=BearerToken())')).toContain(label);
    expect(ninja('books = Router(auth=None)')).not.toContain(label);
    expect(ninja('        super().__init__(tags=tags, auth=auth)')).not.toContain(label);
    expect(ninja('r = requests.get(url, auth=(user, secret))')).not.toContain(label);
  });
});

describe('facts: NestJS guards built on @nestjs/passport', () => {
  const nest = (extra: Record<string, string>) =>
    authn({
      'package.json': '{"name":"desk","dependencies":{"@nestjs/core":"^10.0.0","@nestjs/passport":"^10.0.0"}}',
      'src/gate.ts': [
        "import { AuthGuard } from '@nestjs/passport';",
        "import { STRATEGY } from './strategy';",
        '',
        'export class DeskGate extends AuthGuard(STRATEGY) {}',
      ].join('\n'),
      'src/strategy.ts': "export const STRATEGY = 'desk-token';\n",
      ...extra,
    });
  const main = (line: string) => ({
    'src/main.ts': [
      "import { NestFactory } from '@nestjs/core';",
      "import { AppModule } from './app.module';",
      "import { DeskGate } from './gate';",
      'async function bootstrap() {',
      '  const app = await NestFactory.create(AppModule);',
      line,
      '  await app.listen(3000);',
      '}',
      'bootstrap();',
    ].join('\n'),
    'src/app.module.ts': "import { Module } from '@nestjs/common';\n@Module({})\nexport class AppModule {}\n",
  });

  it('counts a subclass of AuthGuard applied globally, whatever its name', () => {
    const found = nest(main('  app.useGlobalGuards(new DeskGate());'));
    expect(found.applied.map((a) => [a.label, a.site.path, a.site.line])).toContainEqual([
      'NestJS global guard DeskGate (extends @nestjs/passport AuthGuard) applied',
      'src/main.ts',
      6,
    ]);
  });

  it('counts an APP_GUARD provider naming the subclass on the next line, not another provider using it', () => {
    const provider = (first: string) =>
      nest({
        ...main(''),
        'src/app.module.ts': [
          "import { Module } from '@nestjs/common';",
          "import { APP_GUARD } from '@nestjs/core';",
          "import { DeskGate } from './gate';",
          '@Module({',
          '  providers: [',
          '    {',
          `      provide: ${first},`,
          '      useClass: DeskGate,',
          '    },',
          '  ],',
          '})',
          'export class AppModule {}',
        ].join('\n'),
      });
    expect(provider('APP_GUARD').applied.map((a) => a.site)).toContainEqual(
      expect.objectContaining({ path: 'src/app.module.ts', line: 8 }),
    );
    expect(provider("'DESK_GATE'").applied).toEqual([]);
  });

  it('counts an authentication guard composed into a decorator only where that decorator is put', () => {
    const composed = (controller: string) =>
      nest({
        ...main(''),
        'src/signed-in.ts': [
          "import { applyDecorators, UseGuards } from '@nestjs/common';",
          "import { RolesGuard } from './roles';",
          '',
          'export function SignedIn() {',
          '  return applyDecorators(UseGuards(AuthGuard(STRATEGY), RolesGuard));',
          '}',
        ].join('\n'),
        'src/app.module.ts': [
          "import { Module } from '@nestjs/common';",
          "import { SignedIn } from './signed-in';",
          controller,
          'export class DesksController {}',
          '@Module({ controllers: [DesksController] })',
          'export class AppModule {}',
        ].join('\n'),
      });
    expect(composed("@SignedIn()\n@Controller('desks')").applied.map((a) => [a.label, a.site.line])).toEqual([
      ['NestJS guard AuthGuard(STRATEGY) applied through the @SignedIn() decorator (src/app.module.ts:3)', 5],
    ]);
    expect(composed("@Controller('desks')").applied).toEqual([]);
  });

  it('leaves a subclass no place applies unapplied', () => {
    expect(nest(main('')).applied).toEqual([]);
  });
});

describe('facts: a Go method reached through fields of another package', () => {
  const gate =
    'package access\n\nimport (\n\t"errors"\n\t"net/http"\n)\n\nvar ErrUnauthorizedCaller = errors.New("no")\n\ntype Gate struct{ key string }\n\nfunc (g *Gate) APIKey() string { return g.key }\n\nfunc (g *Gate) Identify(r *http.Request) (string, error) {\n\tgiven := r.Header.Get("X-Key")\n\tif g.APIKey() != given {\n\t\treturn "", ErrUnauthorizedCaller\n\t}\n\treturn "client", nil\n}\n';
  const guard = (imports: string) =>
    `package web\n\nimport (\n\t"net/http"\n${imports}\t"example.net/shelf/internal/core"\n)\n\nfunc requireCaller(app *core.App) func(http.Handler) http.Handler {\n\treturn func(next http.Handler) http.Handler {\n\t\treturn http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {\n\t\t\tif _, err := app.Access.Identify(req); err != nil {\n\t\t\t\tw.WriteHeader(http.StatusUnauthorized)\n\t\t\t\treturn\n\t\t\t}\n\t\t\tnext.ServeHTTP(w, req)\n\t\t})\n\t}\n}\n`;
  const files = (imports: string) => ({
    'go.mod': 'module example.net/shelf\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.1.0\n',
    'main.go':
      'package main\n\nimport (\n\t"net/http"\n\n\t"example.net/shelf/internal/access"\n\t"example.net/shelf/internal/core"\n\t"example.net/shelf/internal/web"\n)\n\nfunc main() {\n\tapp := &core.App{Access: &access.Gate{}}\n\thttp.ListenAndServe(":8080", web.NewRouter(app))\n}\n',
    'internal/core/app.go':
      'package core\n\nimport "example.net/shelf/internal/access"\n\ntype App struct{ Access *access.Gate }\n',
    'internal/access/gate.go': gate,
    'internal/web/guard.go': guard(imports),
    'internal/web/server.go':
      'package web\n\nimport (\n\t"net/http"\n\n\t"github.com/go-chi/chi/v5"\n\n\t"example.net/shelf/internal/core"\n)\n\nfunc NewRouter(app *core.App) http.Handler {\n\tr := chi.NewRouter()\n\tr.Use(requireCaller(app))\n\tr.Get("/api/shelves", func(w http.ResponseWriter, _ *http.Request) {})\n\treturn r\n}\n',
  });

  it('follows `app.Access.Identify(req)` to the method when the calling file imports its package', () => {
    const a = authn(files('\t"example.net/shelf/internal/access"\n'));
    expect(a.code?.evidence.map((e) => `${e.path}:${e.line}`)).toEqual([
      'internal/access/gate.go:14',
      'internal/web/server.go:13',
    ]);
  });

  it("does not take a getter other than a key's compared (a lexer's next token) as a credential check", () => {
    const lexer = files('\t"example.net/shelf/internal/access"\n');
    lexer['internal/access/gate.go'] = gate.replace('g.APIKey() != given', 'g.NextToken() != given');
    expect(authn(lexer).code).toBeUndefined();
  });

  it('does not take a same-named method call in a file that neither imports the package nor sits in it', () => {
    const a = authn(files(''));
    expect(a.code).toBeUndefined();
    expect(a.unregistered.map((u) => u.name)).toContain('Identify');
  });
});

describe('facts: authentication in F# web frameworks', () => {
  const giraffe = (guard: string) =>
    authn({
      'Api/Api.fsproj':
        '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n    <Compile Include="Program.fs" />\n  </ItemGroup>\n  <ItemGroup>\n    <PackageReference Include="Giraffe" Version="6.4.0" />\n  </ItemGroup>\n</Project>\n',
      'Api/Program.fs': [
        'module Api.Program',
        '',
        'open Microsoft.AspNetCore.Builder',
        'open Giraffe',
        '',
        `let guard : HttpHandler = ${guard}`,
        '',
        'let webApp = choose [ GET >=> route "/orders" >=> guard >=> text "[]" ]',
        '',
        '[<EntryPoint>]',
        'let main args =',
        '    let app = WebApplication.CreateBuilder(args).Build()',
        '    app.UseGiraffe webApp',
        '    app.Run()',
        '    0',
      ].join('\n'),
    });

  it("reads Giraffe's handlers that challenge an anonymous caller, not a comment naming one", () => {
    expect(
      giraffe('requiresAuthentication (challenge "Bearer")').applied.map((a) => [a.site.path, a.site.line]),
    ).toEqual([['Api/Program.fs', 6]]);
    expect(giraffe('requiresRole "admin" (RequestErrors.FORBIDDEN "no")').applied.length).toBe(1);
    expect(giraffe('fun next ctx -> next ctx // requiresAuthentication later').applied).toEqual([]);
  });
});

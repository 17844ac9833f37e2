import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { rustPathConstants, rustRoutes, tonicTraitMethods } from '../../src/facts/routes-rust.js';
import { rustUses } from '../../src/facts/rust.js';
import { RepoIndex } from '../../src/repo/index.js';

const facts = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files));

const WORKSPACE: Record<string, string> = {
  'Cargo.toml': [
    '[workspace]',
    'members = ["crates/*"]',
    '',
    '[workspace.dependencies]',
    'axum = "0.7"',
    'orders-core = { path = "crates/orders-core" }',
  ].join('\n'),
  'crates/orders-api/Cargo.toml': [
    '[package]',
    'name = "orders-api"',
    '',
    '[dependencies]',
    'axum = { workspace = true }',
    'orders-core = { workspace = true }',
    'tower-http = { version = "0.5", features = ["cors"] }',
    '',
    '[dev-dependencies]',
    'mockall = "0.12"',
  ].join('\n'),
  'crates/orders-api/src/main.rs': [
    'use axum::{routing::get, Router};',
    'mod http;',
    '#[cfg(test)]',
    'mod test_support;',
    '#[tokio::main]',
    'async fn main() {',
    '    let app = Router::new().nest("/api/v1", http::routes()).layer(tower_http::cors::CorsLayer::permissive());',
    '    axum::serve(listener, app).await.unwrap();',
    '}',
  ].join('\n'),
  'crates/orders-api/src/http/mod.rs': [
    'use axum::{routing::{get, post}, Router};',
    'use orders_core::store::Store;',
    'pub mod users;',
    'pub fn routes() -> Router {',
    '    Router::new()',
    '        .route("/orders", get(list).post(create))',
    '        .nest("/users", users::router())',
    '}',
    'async fn list() {}',
    'async fn create() {}',
  ].join('\n'),
  'crates/orders-api/src/http/users.rs':
    'use axum::{routing::get, Router};\npub fn router() -> Router { Router::new().route("/:id", get(show)) }\nasync fn show() {}\n',
  'crates/orders-api/src/test_support.rs': 'pub fn fake() {}\n',
  'crates/orders-api/src/orphan.rs': 'pub fn never() {}\n',
  'crates/orders-core/Cargo.toml': '[package]\nname = "orders-core"\n',
  'crates/orders-core/src/lib.rs': 'pub mod store;\n',
  'crates/orders-core/src/store.rs': 'pub struct Store;\n',
  'xtask/Cargo.toml': '[package]\nname = "xtask"\n',
  'xtask/src/main.rs': 'fn main() {}\n',
};

describe('Rust crates and modules', () => {
  it('reads workspace members, targets, dependencies as code names them and local crates', () => {
    const { rust, manifests } = facts(WORKSPACE);
    const api = rust.crates.find((c) => c.name === 'orders-api')!;
    expect(api.bins.map((b) => b.root)).toEqual(['crates/orders-api/src/main.rs']);
    expect([...api.deps].sort()).toEqual(['axum', 'orders_core', 'tower_http']);
    expect(api.localDeps).toEqual(['crates/orders-core/Cargo.toml']);
    expect(rust.crates.find((c) => c.name === 'xtask')!.tooling).toBe(true);
    // Workspace-inherited dependencies are declared by the member; the workspace table alone declares nothing.
    expect(manifests.declared('rust', 'axum')).toMatchObject({ manifest: 'crates/orders-api/Cargo.toml', dev: false });
    expect(manifests.declared('rust', 'mockall')?.dev).toBe(true);
  });

  it('follows mod declarations into files, marks #[cfg(test)] modules, and resolves paths', () => {
    const { rust } = facts(WORKSPACE);
    expect(rust.moduleOf('crates/orders-api/src/http/users.rs')?.path).toEqual(['http', 'users']);
    expect(rust.moduleOf('crates/orders-api/src/test_support.rs')?.testOnly).toBe(true);
    expect(rust.moduleOf('crates/orders-api/src/orphan.rs')).toBeUndefined();
    expect(rust.resolve('crates/orders-api/src/http/mod.rs', ['users', 'router'])).toEqual({
      file: 'crates/orders-api/src/http/users.rs',
      rest: ['router'],
    });
    expect(rust.resolve('crates/orders-api/src/http/users.rs', ['super', 'list'])).toEqual({
      file: 'crates/orders-api/src/http/mod.rs',
      rest: ['list'],
    });
    expect(rust.resolve('crates/orders-api/src/http/mod.rs', ['orders_core', 'store', 'Store'])).toEqual({
      file: 'crates/orders-core/src/store.rs',
      rest: ['Store'],
    });
    expect(rust.resolve('crates/orders-api/src/main.rs', ['axum', 'Router'])).toBeUndefined();
  });

  it('imports: use declarations and paths written in code, local ones resolved', () => {
    const { imports } = facts(WORKSPACE);
    const main = imports.byFile.get('crates/orders-api/src/main.rs')!;
    expect(main.map((r) => [r.module, r.pkg])).toEqual(
      expect.arrayContaining([
        ['axum::routing::get', 'axum'],
        ['axum', 'axum'],
        ['tower_http::cors', 'tower_http'],
      ]),
    );
    expect(imports.uses('tower_http::cors')).toBe(true);
    expect(imports.uses('tower_http::trace')).toBe(false);
    const http = imports.byFile.get('crates/orders-api/src/http/mod.rs')!;
    expect(http.find((r) => r.module === 'orders_core::store')).toMatchObject({
      pkg: '.',
      local: 'crates/orders-core/src/store.rs',
    });
  });

  it('imports: a crate renamed with extern crate in the crate root is imported under its real name', () => {
    const { imports } = facts({
      'Cargo.toml': '[package]\nname = "blog"\n[dependencies]\njsonwebtoken = "7"\n',
      'src/main.rs': '#[macro_use]\nextern crate jsonwebtoken as jwt;\nmod token;\nfn main() {}\n',
      'src/token.rs': 'use jwt::{decode, Validation};\npub fn check(t: &str) { let _ = jwt::decode::<u8>(t); }\n',
    });
    const token = imports.byFile.get('src/token.rs')!;
    expect(token.map((r) => [r.module, r.pkg])).toEqual(expect.arrayContaining([['jsonwebtoken', 'jsonwebtoken']]));
    expect(token.every((r) => r.pkg === 'jsonwebtoken')).toBe(true);
  });

  it('imports: a registry dependency is not the copy of that crate a benchmark suite keeps in the repository', () => {
    const { imports, rust } = facts({
      'Cargo.toml': '[workspace]\nmembers = ["site"]\n',
      'site/Cargo.toml': '[package]\nname = "site"\n[dependencies]\nhyper = "1"\nshared = { path = "../shared" }\n',
      'site/src/main.rs': 'use hyper::server::conn::http1;\nuse shared::limits;\nfn main() {}\n',
      'shared/Cargo.toml': '[package]\nname = "shared"\n',
      'shared/src/lib.rs': 'pub mod limits;\n',
      'shared/src/limits.rs': 'pub const MAX: u32 = 8;\n',
      'bench/hyper-1.4.0/Cargo.toml': '[package]\nname = "hyper"\n[workspace]\n',
      'bench/hyper-1.4.0/src/lib.rs': 'pub mod server;\n',
      'bench/hyper-1.4.0/src/server.rs': 'pub mod conn {}\n',
    });
    expect(rust.resolve('site/src/main.rs', ['hyper', 'server', 'conn'])).toBeUndefined();
    expect(rust.resolve('site/src/main.rs', ['shared', 'limits'])).toEqual({ file: 'shared/src/limits.rs', rest: [] });
    expect(imports.byFile.get('site/src/main.rs')!.map((r) => [r.module, r.pkg])).toEqual([
      ['hyper::server::conn::http1', 'hyper'],
      ['shared::limits', '.'],
    ]);
  });

  it('hyper routes: a request path handed to a parameter and compared in an if chain, a match arm guarded by method', () => {
    const { service } = facts({
      'Cargo.toml': '[package]\nname = "files"\n[dependencies]\nhyper = "1"\n',
      'src/main.rs': [
        'const PROBE: &str = "_files/health";',
        'fn internal(req_path: &str) -> bool { if req_path == PROBE { true } else { false } }',
        'fn assets(file_path: &str) -> bool { file_path == PROBE }',
        'async fn handle(req: Request) -> Response {',
        '    let path = req.uri().path().to_owned();',
        '    if internal(&path[1..]) { return ok(); }',
        '    match path.as_str() {',
        '        "/list" if *req.method() == http::Method::GET => list(),',
        '        "/upload" if req.method() != Method::GET => upload(),',
        '        _ => missing(),',
        '    }',
        '}',
        'fn main() { let _ = hyper::server::conn::http1::Builder::new(); }',
      ].join('\n'),
    });
    expect(service.routes.map((r) => `${r.method} ${r.fullPath} ${r.line}`).sort()).toEqual([
      'ANY /_files/health 2',
      'ANY /upload 9',
      'GET /list 8',
    ]);
  });

  it('liveness: product binaries are entrypoints; their crate, its local crates are live; test modules, orphans and tooling are not', () => {
    const { liveness } = facts(WORKSPACE);
    expect(liveness.entrypoints.map((e) => e.path)).toEqual(['crates/orders-api/src/main.rs']);
    expect(liveness.isLive('crates/orders-api/src/http/users.rs')).toBe(true);
    expect(liveness.isLive('crates/orders-core/src/store.rs')).toBe(true);
    expect(liveness.isLive('crates/orders-api/src/test_support.rs')).toBe(false);
    expect(liveness.isLive('crates/orders-api/src/orphan.rs')).toBe(false);
    expect(liveness.isLive('xtask/src/main.rs')).toBe(false);
  });

  it('use declarations: groups, nested groups, self and aliases', () => {
    const uses = rustUses('use a::{b, c::{d, e as f}, self};\npub use crate::x::Y;\n');
    expect(uses.map((u) => [u.path.join('::'), u.alias])).toEqual([
      ['a::b', undefined],
      ['a::c::d', undefined],
      ['a::c::e', 'f'],
      ['a', undefined],
      ['crate::x::Y', undefined],
    ]);
  });
});

describe('Rust routes', () => {
  it('axum: nests across functions and files, with the framework detected', () => {
    const f = facts(WORKSPACE);
    expect(f.frameworks.has('axum')).toBe(true);
    expect(f.kind.servesHttp).toBe(true);
    const routes = f.service.routes.map((r) => `${r.method} ${r.fullPath} ${r.reached}`);
    expect(routes).toEqual(['GET /api/v1/orders true', 'POST /api/v1/orders true', 'GET /api/v1/users/{id} true']);
    expect(f.service.middleware.map((m) => m.name)).toEqual(['tower_http::cors::CorsLayer::permissive']);
  });

  it('actix-web: attribute routes registered by .service under scopes and configure functions', () => {
    const f = facts({
      'Cargo.toml': '[package]\nname = "shop"\n[dependencies]\nactix-web = "4"\n',
      'src/main.rs': [
        'use actix_web::{web, App, HttpServer, middleware::Logger};',
        'mod api;',
        '#[actix_web::main]',
        'async fn main() -> std::io::Result<()> {',
        '    HttpServer::new(|| {',
        '        App::new()',
        '            .wrap(Logger::default())',
        '            .service(health)',
        '            .service(web::scope("/api/v2").configure(api::config))',
        '            .route("/ping", web::get().to(ping))',
        '    }).bind(("0.0.0.0", 8080))?.run().await',
        '}',
        '#[get("/healthz")]',
        'async fn health() -> &\'static str { "ok" }',
        'async fn ping() -> &\'static str { "pong" }',
      ].join('\n'),
      'src/api.rs': [
        'use actix_web::web;',
        'pub fn config(cfg: &mut web::ServiceConfig) {',
        '    cfg.service(list_items).service(web::resource("/items/{id}").route(web::delete().to(remove)));',
        '}',
        '#[get("/items")]',
        'async fn list_items() {}',
        '// #[post("/old")]',
        'async fn remove() {}',
        '#[post("/never")]',
        'async fn never_registered() {}',
      ].join('\n'),
    });
    const routes = f.service.routes.map((r) => `${r.method} ${r.fullPath} ${r.reached}`).sort();
    expect(routes).toEqual([
      'DELETE /api/v2/items/{id} true',
      'GET /api/v2/items true',
      'GET /healthz true',
      'GET /ping true',
      'POST /never false',
    ]);
    expect(f.service.middleware.map((m) => m.name)).toEqual(['Logger::default']);
  });

  it('actix-web 1.x: resources whose routes are handled with to_async keep their methods', () => {
    const f = facts({
      'Cargo.toml': '[package]\nname = "shop"\n[dependencies]\nactix-web = "1"\n',
      'src/main.rs': [
        'use actix_web::{web, App, HttpServer};',
        'fn main() {',
        '    HttpServer::new(|| App::new().configure(routes)).bind("0.0.0.0:8080").unwrap().run();',
        '}',
        'fn routes(app: &mut web::ServiceConfig) {',
        '    app.service(web::resource("/").to(index)).service(web::scope("/api")',
        '        .service(web::resource("users").route(web::post().to_async(register)))',
        '        .service(web::resource("user").route(web::get().to_async(me)).route(web::put().to_async(update))));',
        '}',
      ].join('\n'),
    });
    expect(f.service.routes.map((r) => `${r.method} ${r.fullPath}`).sort()).toEqual([
      'ANY /',
      'GET /api/user',
      'POST /api/users',
      'PUT /api/user',
    ]);
  });

  it('poem: operations served under the prefixes of the OpenApiService built from their API types; a nested endpoint', () => {
    const f = facts({
      'Cargo.toml': '[package]\nname = "mail"\n[dependencies]\npoem = "3"\npoem-openapi = "5"\n',
      'src/main.rs': [
        'mod api;',
        'fn main() {',
        '    let docs = OpenApiService::new(api::Health, "health", "1").server("/");',
        '    let service = api::build().summary("mail");',
        '    let app = Route::new().nest("/api/v1", service).nest("/ops", docs).nest("/api/login", post(login));',
        '}',
      ].join('\n'),
      'src/api.rs': [
        'pub fn build() -> OpenApiService<(Mail, Folders), ()> {',
        '    OpenApiService::new((Mail, Folders), "mail", "1")',
        '}',
        '#[OpenApi]',
        'impl Mail {',
        '    #[oai(path = "/mail/:id", method = "get")]',
        '    async fn one(&self) {}',
        '}',
        '#[OpenApi(prefix_path = "/box")]',
        'impl Folders {',
        '    #[oai(path = "/folders", method = "post")]',
        '    async fn add(&self) {}',
        '}',
        '#[OpenApi]',
        'impl Health {',
        '    #[oai(path = "/live", method = "get")]',
        '    async fn live(&self) {}',
        '}',
      ].join('\n'),
    });
    expect(f.service.routes.map((r) => `${r.method} ${r.fullPath}`).sort()).toEqual([
      'GET /api/v1/mail/{id}',
      'GET /ops/live',
      'POST /api/login',
      'POST /api/v1/box/folders',
    ]);
  });

  it('poem: nest_no_strip hands the whole path on, so operations carrying the prefix are not prefixed twice', () => {
    const f = facts({
      'Cargo.toml': '[package]\nname = "mail"\n[dependencies]\npoem = "3"\npoem-openapi = "5"\n',
      'src/main.rs': [
        'fn main() {',
        '    let service = OpenApiService::new(Mail, "mail", "1");',
        '    let app = Route::new().nest_no_strip("/api/v1", service);',
        '}',
        '#[OpenApi(prefix_path = "/api/v1")]',
        'impl Mail {',
        '    #[oai(path = "/mail/:id", method = "get")]',
        '    async fn one(&self) {}',
        '}',
      ].join('\n'),
    });
    expect(f.service.routes.map((r) => `${r.method} ${r.fullPath}`)).toEqual(['GET /api/v1/mail/{id}']);
  });

  it('hyper: a match on a name bound to the request path earlier in the handler reads its arms as routes', () => {
    const f = facts({
      'Cargo.toml': '[package]\nname = "board"\n[dependencies]\nhyper = "1"\n',
      'src/main.rs': [
        'async fn serve(req: Request<Incoming>) -> Response<Full<Bytes>> {',
        '    let path = req.uri().path().to_owned();',
        '    let path = path.as_str();',
        '    match path {',
        '        "/board/info" => info(),',
        '        "/board/runs" | "/board/queue" => runs(),',
        '        _ => pages(path),',
        '    }',
        '}',
        '// A parameter named path in another function is not the request path.',
        'fn pages(path: &str) -> Response<Full<Bytes>> {',
        '    match path {',
        '        "/index.html" => index(),',
        '        _ => missing(),',
        '    }',
        '}',
      ].join('\n'),
    });
    expect(f.service.routes.map((r) => `${r.method} ${r.fullPath}`).sort()).toEqual([
      'ANY /board/info',
      'ANY /board/queue',
      'ANY /board/runs',
    ]);
  });

  it('oxhttp: Server::new over a handler is an HTTP server, and its (path, method) arms are routes', () => {
    const f = facts({
      'Cargo.toml': '[package]\nname = "kv"\n[dependencies]\noxhttp = "0.3"\n',
      'src/main.rs': [
        'use oxhttp::Server;',
        'fn handle(req: &mut Request<Body>) -> Response<Body> {',
        '    match (req.uri().path(), req.method().as_ref()) {',
        '        ("/livez", "GET" | "HEAD") => ok(),',
        '        ("/items", verb @ ("PUT" | "POST")) => store(verb),',
        '        // ("/old", "GET") => gone(),',
        '        _ => missing(),',
        '    }',
        '}',
        'fn main() {',
        '    Server::new(handle).bind("0.0.0.0:8080").spawn().unwrap().join().unwrap();',
        '}',
      ].join('\n'),
    });
    expect(f.frameworks.http.map((h) => `${h.name} ${h.path}:${h.line}`)).toEqual(['oxhttp src/main.rs:1']);
    expect(f.kind.servesHttp).toBe(true);
    expect(f.service.routes.map((r) => `${r.method} ${r.fullPath}`).sort()).toEqual([
      'GET /livez',
      'HEAD /livez',
      'POST /items',
      'PUT /items',
    ]);
    // oxhttp's client serves nothing.
    const client = facts({
      'Cargo.toml': '[package]\nname = "fetcher"\n[dependencies]\noxhttp = "0.3"\n',
      'src/main.rs': 'use oxhttp::Client;\nfn main() { let _ = Client::new().request(req); }\n',
    });
    expect(client.frameworks.http).toEqual([]);
  });

  it('pingora: an HTTP proxy service is an HTTP server, and its ProxyHttp makes the service a reverse proxy', () => {
    const f = facts({
      'Cargo.toml': '[package]\nname = "edge"\n[dependencies]\npingora = "0.4"\n',
      'src/main.rs': [
        'use pingora::proxy::{http_proxy_service, ProxyHttp};',
        'struct Edge;',
        'impl ProxyHttp for Edge {}',
        'fn main() {',
        '    let mut server = pingora::server::Server::new(None).unwrap();',
        '    let mut svc = http_proxy_service(&server.configuration, Edge);',
        '    svc.add_tcp("0.0.0.0:80");',
        '    server.add_service(svc);',
        '    server.run_forever();',
        '}',
      ].join('\n'),
    });
    expect(f.frameworks.http.map((h) => `${h.name} ${h.path}:${h.line}`)).toEqual(['pingora src/main.rs:6']);
    expect(f.kind.servesHttp).toBe(true);
    expect(f.shutdown.rust?.drainsByDefault).toMatchObject({ server: 'pingora', hit: { match: { line: 9 } } });
  });

  it('Rocket: attribute routes mounted with routes![]', () => {
    const text = [
      'use rocket::{get, routes};',
      '#[get("/<id>?<verbose>")]',
      'fn item(id: u32, verbose: bool) {}',
      '#[launch]',
      'fn rocket() -> _ { rocket::build().mount("/items", routes![item]).attach(Cors) }',
    ].join('\n');
    const r = rustRoutes(text, new Set(['rocket']));
    expect(r.routes.map((x) => `${x.method} ${x.path} ${x.handler}`)).toEqual(['GET /{id} item']);
    expect(r.registrations.map((x) => `${x.handler} ${x.prefix}`)).toEqual(['item /items']);
    expect(r.middleware.map((m) => `${m.via} ${m.name}`)).toEqual(['attach Cors']);
  });

  it("axum-extra typed routes: the path of the struct a handler takes, named in the turbofish or the handler's parameters", () => {
    const paths =
      '#[derive(TypedPath, Deserialize)]\n#[typed_path("/:repo/blobs/:id")]\npub struct BlobPath {\n    pub repo: String,\n    pub id: String,\n}\n#[derive(TypedPath)]\n#[typed_path("/livez")]\npub struct Live;\n';
    const handlers =
      'pub async fn live(_: Live) -> &\'static str {\n    "ok"\n}\npub async fn put_blob<P: PathParts>(path: P, body: Body) {}\n';
    const router =
      'fn app() -> Router {\n    Router::new()\n        .typed_get(live)\n        .typed_post(put_blob::<BlobPath>)\n        .typed_delete(unknown_handler)\n}\n';
    const constants = rustPathConstants([paths, handlers, router]);
    expect(constants.get('BlobPath')).toBe('/:repo/blobs/:id');
    expect(constants.get('live')).toBe('/livez');
    const r = rustRoutes(router, new Set(['axum']), new Map(), constants);
    expect(r.routes.map((x) => `${x.method} ${x.path} ${x.handler}`)).toEqual([
      'GET /livez live',
      'POST /{repo}/blobs/{id} put_blob',
    ]);
  });

  it('axum route_service, and paths named by a constant or a local bound to one', () => {
    const text = [
      'const DEFAULT_STATUS_PATH: &str = "/status";',
      'const METRICS_PATH: &str = "/metrics";',
      'fn app(cfg: &Cfg) -> Router {',
      '    let path = if cfg.path.is_empty() { DEFAULT_STATUS_PATH } else { &cfg.path };',
      '    Router::new()',
      '        .route_service(path, StatusService::new(registry))',
      '        .route(METRICS_PATH, get(metrics))',
      '        .route(cfg.other_path(), get(other))',
      '}',
    ].join('\n');
    const r = rustRoutes(text, new Set(['axum']));
    expect(r.routes.map((x) => `${x.method} ${x.path} ${x.handler}`)).toEqual([
      'ANY /status StatusService',
      'GET /metrics metrics',
    ]);
  });

  it('axum: paths assembled by format! from constants of another file, and nests under a constant', () => {
    const constants = rustPathConstants([
      'pub(crate) const PANEL: &str = "/panel";\npub const LIVE_PATH: &\'static str = "/health";',
      'const READY_SUFFIX: &str = "/ready";\nconst CLASH: &str = "/a";',
      'const CLASH: &str = "/b";',
    ]);
    expect([...constants.keys()].sort()).toEqual(['LIVE_PATH', 'PANEL', 'READY_SUFFIX']);
    const text = [
      'fn panel() -> Router {',
      '    Router::new()',
      '        .route(&format!("{PANEL}{LIVE_PATH}"), get(live))',
      '        .route(&format!("{}{}{}", PANEL, LIVE_PATH, READY_SUFFIX), get(ready))',
      '        .route(&format!("{PANEL}/about"), get(about))',
      '        .route(&format!("{PANEL}{CLASH}"), get(unread))',
      '        .route(&format!("{}/{}", PANEL, name), get(unread))',
      '        .nest(PANEL, Router::new().route("/version", get(version)))',
      '}',
    ].join('\n');
    const r = rustRoutes(text, new Set(['axum']), new Map(), constants);
    expect(r.routes.map((x) => `${x.method} ${x.path} ${x.handler}`)).toEqual([
      'GET /panel/health live',
      'GET /panel/health/ready ready',
      'GET /panel/about about',
      'GET /panel/version version',
    ]);
  });

  it('utoipa-axum: handlers registered by routes! in an OpenApiRouter nested under a prefix take it', () => {
    const text = [
      'pub fn build() -> OpenApiRouter {',
      '    OpenApiRouter::new()',
      '        .routes(routes!(health))',
      '        .nest(',
      '            "/api/v2",',
      '            OpenApiRouter::new()',
      '                .routes(routes!(orders::list_orders))',
      '                .routes(routes!(orders::place_order)),',
      '        )',
      '}',
    ].join('\n');
    const r = rustRoutes(text, new Set(['axum']));
    expect(r.registrations.map((x) => `${x.prefix} ${x.handler}`)).toEqual([
      '/ health',
      '/api/v2 list_orders',
      '/api/v2 place_order',
    ]);
  });

  it('axum: a router bound to a call with type arguments takes the prefix it is nested under', () => {
    const text = [
      'fn app() -> Router {',
      '    let v1 = catalog::router::<Server<C, A>, State<C>>();',
      '    Router::new().nest("/catalog/v1", v1)',
      '}',
    ].join('\n');
    const r = rustRoutes(text, new Set(['axum']));
    expect(r.callMounts.map((m) => `${m.prefix} ${m.callee.join('::')}`)).toEqual(['/catalog/v1 catalog::router']);
  });

  it('poem, warp and salvo registrations', () => {
    const poem = rustRoutes(
      'fn app() -> Route { Route::new().at("/hello/:name", get(hello)).nest("/api", Route::new().at("/x", post(x))) }',
      new Set(['poem']),
    );
    expect(poem.routes.map((x) => `${x.method} ${x.path}`)).toEqual(['GET /hello/{name}', 'POST /api/x']);
    const warp = rustRoutes(
      'fn f() { let hello = warp::path!("hello" / String).and(warp::get()).map(|n| n); }',
      new Set(['warp']),
    );
    expect(warp.routes.map((x) => `${x.method} ${x.path}`)).toEqual(['GET /hello/{String}']);
    const salvo = rustRoutes(
      'fn r() -> Router { Router::with_path("api").push(Router::with_path("users").get(list).post(create)) }',
      new Set(['salvo']),
    );
    expect(salvo.routes.map((x) => `${x.method} ${x.path}`)).toEqual(['GET /api/users', 'POST /api/users']);
  });

  it('server functions: Leptos `#[server]` functions are endpoints at their prefix and endpoint, not in a string or comment', () => {
    const f = facts({
      'Cargo.toml':
        '[package]\nname = "shelf"\n[dependencies]\nleptos = "0.7"\nleptos_axum = { version = "0.7", optional = true }\naxum = { version = "0.7", optional = true }\n',
      'src/main.rs': [
        'mod books;',
        'use axum::Router;',
        'use leptos_axum::LeptosRoutes;',
        '#[tokio::main]',
        'async fn main() {',
        '    let app = Router::new().leptos_routes(&opts, routes, App).with_state(opts);',
        '    axum::serve(listener, app).await.unwrap();',
        '}',
      ].join('\n'),
      'src/books.rs': [
        'use leptos::prelude::*;',
        '#[server(ShelveBook, "/api")]',
        'pub async fn shelve_book(title: String) -> Result<(), ServerFnError> { Ok(()) }',
        '#[server(prefix = "/rpc", endpoint = "count", input = GetUrl)]',
        '#[tracing::instrument]',
        'pub async fn count_books() -> Result<u32, ServerFnError> { Ok(0) }',
        '#[server]',
        'async fn lend_book(id: u32) -> Result<(), ServerFnError> { Ok(()) }',
        '#[server(FindBook, "/api", "GetJSON")]',
        'pub async fn find_book(id: u32) -> Result<String, ServerFnError> { Ok(String::new()) }',
        '// #[server(OldBook, "/api")]',
        '// pub async fn old_book() {}',
        'pub const SAMPLE: &str = r#"',
        '#[server(Sample, "/api")]',
        'pub async fn sample() {}',
        '"#;',
      ].join('\n'),
    });
    expect(f.service.routes.map((r) => `${r.method} ${r.fullPath} ${r.framework}`).sort()).toEqual([
      'GET /api/find_book leptos',
      'GET /rpc/count leptos',
      'POST /api/lend_book leptos',
      'POST /api/shelve_book leptos',
    ]);
  });

  it('server functions: a `#[server]` attribute in a crate without a server-function framework is no route', () => {
    const f = facts({
      'Cargo.toml': '[package]\nname = "tool"\n[dependencies]\naxum = "0.7"\n',
      'src/main.rs': '#[server]\npub async fn handle() {}\nfn main() {}\n',
    });
    expect(f.service.routes).toEqual([]);
  });
});

describe('tonic services implemented from a protos crate', () => {
  const impl = [
    'use tonic::{Request, Response, Status};',
    'use fleet_protos::dispatch::v2::route_planner_server::RoutePlanner;',
    '',
    '#[tonic::async_trait]',
    'impl RoutePlanner for Planner {',
    '    async fn plan_route(&self, request: Request<PlanRequest>) -> Result<Response<Plan>, Status> {',
    '        async fn nearest(depot: &str) -> u32 { depot.len() as u32 }',
    '        Ok(Response::new(Plan { stops: nearest("north").await }))',
    '    }',
    '',
    '    async fn cancel_route(&self, _request: Request<CancelRequest>) -> Result<Response<()>, Status> {',
    '        Err(Status::unimplemented("cancel"))',
    '    }',
    '}',
    '',
    '#[async_trait]',
    'impl Store for Planner {',
    '    async fn load(&self) {}',
    '}',
  ].join('\n');

  it('reads the rpcs of the impl block, named by the package of the generated server', () => {
    const methods = tonicTraitMethods(impl);
    expect(methods.map((m) => m.path)).toEqual([
      '/fleet_protos.dispatch.v2.RoutePlanner/PlanRoute',
      '/fleet_protos.dispatch.v2.RoutePlanner/CancelRoute',
      '/Store/Load',
    ]);
  });

  it('becomes gRPC routes only for a service a server registers', () => {
    const f = facts({
      'Cargo.toml': '[package]\nname = "planner"\n\n[dependencies]\ntonic = "0.12"\nfleet-protos = "2"\n',
      'src/main.rs': [
        'mod planner;',
        'use fleet_protos::dispatch::v2::route_planner_server::RoutePlannerServer;',
        '#[tokio::main]',
        'async fn main() {',
        '    tonic::transport::Server::builder().add_service(RoutePlannerServer::new(planner::Planner)).serve(addr).await;',
        '}',
      ].join('\n'),
      'src/planner.rs': impl,
    });
    expect(f.grpc.methods.map((m) => `${m.fullPath} ${m.file}:${m.line}`)).toEqual([
      '/fleet_protos.dispatch.v2.RoutePlanner/PlanRoute src/planner.rs:6',
      '/fleet_protos.dispatch.v2.RoutePlanner/CancelRoute src/planner.rs:11',
    ]);
    expect(f.grpc.definitions).toEqual([]);
  });
});

describe('facts: Rust — grpcio (grpc-rs) servers', () => {
  const crate = (main: string) => ({
    'Cargo.toml': '[package]\nname = "desk"\n\n[dependencies]\ngrpcio = "0.12"\n',
    'proto/desk.proto':
      'syntax = "proto3";\npackage desk;\nservice ParcelDesk {\n  rpc Lookup (Req) returns (Rep) {}\n}\nmessage Req {}\nmessage Rep {}\n',
    'src/main.rs': main,
  });
  const server = [
    'use grpcio::{Environment, ServerBuilder};',
    'mod desk_grpc;',
    'use desk_grpc::create_parcel_desk;',
    'fn main() {',
    '    let service = create_parcel_desk(Desk);',
    '    let mut server = ServerBuilder::new(env).register_service(service).bind("0.0.0.0", 50061).build().unwrap();',
    '    server.start();',
    '}',
  ].join('\n');

  it('a ServerBuilder serves gRPC, and the service its generated create_<service> registers has routes', () => {
    const f = facts(crate(server));
    expect(f.frameworks.http.map((s) => `${s.name} ${s.language} ${s.path}:${s.line}`)).toEqual([
      'grpc rust src/main.rs:1',
    ]);
    expect(f.grpc.methods.map((m) => m.fullPath)).toEqual(['/desk.ParcelDesk/Lookup']);
  });

  it('a grpcio client (a ChannelBuilder) serves nothing and registers no service', () => {
    const f = facts(
      crate(
        [
          'use grpcio::{ChannelBuilder, Environment};',
          'fn main() {',
          '    let ch = ChannelBuilder::new(env).connect("desk:50061");',
          '}',
        ].join('\n'),
      ),
    );
    expect(f.frameworks.http).toEqual([]);
    expect(f.grpc.methods).toEqual([]);
  });
});

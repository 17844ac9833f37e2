import path from 'node:path';
import { DOTNET_LANGUAGES } from '../repo/classify.js';
import type { GrepMatch, RepoIndex } from '../repo/index.js';
import { escapeRegExp } from '../repo/text.js';
import { isUnder } from '../repo/view.js';
import type { CodeFacts } from './code.js';
import type { ImportFacts } from './imports.js';
import type { Dependency, ManifestFacts } from './manifests.js';
import { PHOENIX_ENDPOINT } from './routes-elixir.js';
import { detectFsRoutes } from './routes-fs.js';
import { normalName, ownPackageRawNames } from './own-packages.js';
import { servletApp } from './servlet.js';
import { isProductionPath } from './liveness.js';
import { playApps } from './play.js';
import { CLASSIC_ASPNET_START, type DotnetProject, dotnetModel } from './dotnet.js';

export type FrameworkName =
  | 'fastapi'
  | 'flask'
  | 'quart'
  | 'django'
  | 'starlette'
  | 'aiohttp'
  | 'tornado'
  | 'sanic'
  | 'falcon'
  | 'pyramid'
  | 'http.server'
  | 'express'
  | 'fastify'
  | 'nestjs'
  | 'koa'
  | 'oak'
  | 'hapi'
  | 'sails'
  | 'nextjs'
  | 'hono'
  | 'elysia'
  | 'adonisjs'
  | 'h3'
  | 'nitro'
  | 'nuxt'
  | 'sveltekit'
  | 'remix'
  | 'react-router'
  | 'astro'
  | 'fresh'
  | 'vercel-functions'
  | 'netlify-functions'
  | 'aws-lambda'
  | 'cloudflare-workers'
  | 'deno'
  | 'bun'
  | 'node:http'
  | 'trpc'
  | 'net/http'
  | 'gin'
  | 'echo'
  | 'chi'
  | 'fiber'
  | 'fasthttp'
  | 'gorilla'
  | 'macaron'
  | 'flamego'
  | 'beego'
  | 'pocketbase'
  | 'controller-runtime'
  | 'benthos'
  | 'connect'
  | 'grpc'
  | 'grpc-gateway'
  | 'spring-boot'
  | 'quarkus'
  | 'quarkus-github-app'
  | 'probot'
  | 'micronaut'
  | 'ktor'
  | 'javalin'
  | 'http4s'
  | 'play'
  | 'netty'
  | 'vertx'
  | 'jax-rs'
  | 'spring-mvc'
  | 'servlet'
  | 'rails'
  | 'sinatra'
  | 'rack'
  | 'litestar'
  | 'hanami'
  | 'axum'
  | 'actix-web'
  | 'rocket'
  | 'warp'
  | 'poem'
  | 'tonic'
  | 'salvo'
  | 'tide'
  | 'dropshot'
  | 'hyper'
  | 'oxhttp'
  | 'pingora'
  | 'laravel'
  | 'lumen'
  | 'symfony'
  | 'slim'
  | 'mezzio'
  | 'laminas-mvc'
  | 'utopia'
  | 'php'
  | 'phoenix'
  | 'plug'
  | 'aspnetcore'
  | 'aspnet'
  | 'azure-functions';

export interface FrameworkUse {
  name: FrameworkName;
  language: 'python' | 'node' | 'go' | 'jvm' | 'ruby' | 'rust' | 'php' | 'elixir' | 'dotnet';
  path: string;
  line: number;
  excerpt?: string;
  how: 'import' | 'manifest' | 'layout';
  /** File-system frameworks: the adapter, preset or server package the build targets (src/facts/routes-fs.ts). */
  adapter?: string;
}

export interface FrameworkFacts {
  /** HTTP servers, and gRPC servers (HTTP/2 underneath: health, authentication and validation apply to them too). */
  http: FrameworkUse[];
  /**
   * Every server is a plain gRPC server (grpc-go, grpc-java, grpcio, tonic) with no HTTP framework, gateway or
   * grpc-web beside it: its callers are gRPC clients, not browsers.
   */
  grpcOnly: boolean;
  has(name: FrameworkName): boolean;
  get(name: FrameworkName): FrameworkUse | undefined;
}

const IMPORT_SIGNALS: [FrameworkName, FrameworkUse['language'], string | RegExp][] = [
  ['fastapi', 'python', 'fastapi'],
  ['flask', 'python', 'flask'],
  // Quart: Flask's API on asyncio (`app = Quart(__name__)`, blueprints, `@bp.post(…)`), served by Hypercorn.
  ['quart', 'python', 'quart'],
  ['django', 'python', 'django'],
  ['starlette', 'python', 'starlette'],
  ['tornado', 'python', 'tornado'],
  ['sanic', 'python', 'sanic'],
  ['falcon', 'python', 'falcon'],
  // Pyramid, and Cornice (REST services on Pyramid).
  ['pyramid', 'python', /^(?:pyramid|cornice)$/],
  ['express', 'node', 'express'],
  ['fastify', 'node', 'fastify'],
  ['nestjs', 'node', '@nestjs/core'],
  ['koa', 'node', 'koa'],
  // Oak on Deno (deno.land/x/oak, jsr:@oak/oak, npm:@oakserver/oak): a Koa-like router and application.
  ['oak', 'node', /^(?:oak|@oak\/oak|@oakserver\/oak)$/],
  ['hapi', 'node', /^@hapi\/hapi$|^hapi$/],
  ['sails', 'node', 'sails'],
  ['hono', 'node', 'hono'],
  ['elysia', 'node', 'elysia'],
  ['gin', 'go', 'github.com/gin-gonic/gin'],
  ['echo', 'go', /^github\.com\/labstack\/echo(\/v\d+)?$/],
  ['chi', 'go', /^github\.com\/go-chi\/chi(\/v\d+)?$/],
  ['fiber', 'go', /^github\.com\/gofiber\/fiber(\/v\d+)?$/],
  ['gorilla', 'go', 'github.com/gorilla/mux'],
  ['macaron', 'go', /^gopkg\.in\/macaron\.v1$|^github\.com\/go-macaron\/macaron$|^github\.com\/go-martini\/martini$/],
  ['flamego', 'go', 'github.com/flamego/flamego'],
  // Beego: v2's web server package, or v1's root package (the ORM, cache and log packages alone serve nothing).
  ['beego', 'go', /^github\.com\/beego\/beego\/v2\/server\/web$|^github\.com\/(?:astaxie|beego)\/beego$/],
  ['connect', 'go', /^connectrpc\.com\/connect$|^github\.com\/bufbuild\/connect-go$/],
  ['grpc-gateway', 'go', /^github\.com\/grpc-ecosystem\/grpc-gateway(\/v2)?\/runtime$/],
  ['spring-boot', 'jvm', /^org\.springframework\.boot\b/],
  ['sinatra', 'ruby', 'sinatra'],
  ['litestar', 'python', 'litestar'],
  ['axum', 'rust', 'axum'],
  ['actix-web', 'rust', 'actix_web'],
  ['rocket', 'rust', 'rocket'],
  ['warp', 'rust', 'warp'],
  ['poem', 'rust', 'poem'],
  ['salvo', 'rust', 'salvo'],
  ['tide', 'rust', 'tide'],
  // Oxide's dropshot: `#[endpoint { method = GET, path = "/x" }]` handlers registered on an ApiDescription.
  ['dropshot', 'rust', 'dropshot'],
];

/** Kratos' HTTP transport package, whose `http.NewServer(…)` is a net/http server. */
const KRATOS_HTTP_TRANSPORT = /"github\.com\/go-kratos\/kratos\/v2\/transport\/http"/;

/** Benthos's public service package (also under Redpanda's name), whose `RunCLI` runs the whole stream service. */
export const BENTHOS_SERVICE = /"github\.com\/(?:redpanda-data|benthosdev)\/benthos\/v4\/public\/service"/;

/** A Benthos service started with its CLI (`service.RunCLI(ctx, …)`), which owns the process and its HTTP server. */
export const BENTHOS_RUN_CLI = /\bservice\.RunCLI\s*\(/;
/**
 * fasthttp (valyala/fasthttp, routed with fasthttp/router): the package is a client as well, so it counts only where
 * the code serves: `fasthttp.Server{…}`, `fasthttp.ListenAndServe(…)`, a fasthttp/router `router.New()`.
 */
const FASTHTTP_SERVES =
  /\bfasthttp\.(?:Server\s*\{|ListenAndServe(?:TLS)?(?:Embed)?\s*\(|Serve(?:TLS)?(?:Embed)?\s*\()|\brouter\.New\s*\(\s*\)/;

/**
 * aiohttp is mostly used as a client (`aiohttp.ClientSession`): it serves only where the code builds or runs its web
 * application (`web.Application()`, `web.run_app`, an `AppRunner`/`TCPSite`, a `RouteTableDef`).
 */
const AIOHTTP_SERVES =
  /\b(?:aiohttp\.)?web\.(?:Application|run_app|AppRunner|TCPSite|UnixSite|RouteTableDef)\b|^\s*from\s+aiohttp\.web\s+import\s+[^\n]*\b(?:Application|run_app|AppRunner|RouteTableDef)\b/m;

/**
 * A server of Python's standard library built or subclassed: `wsgiref.simple_server.make_server(…)`, a class deriving
 * from `WSGIServer`/`HTTPServer`/`ThreadingHTTPServer`, or one of them instantiated.
 */
const PY_STDLIB_SERVES =
  /\b(?:wsgiref\.simple_server\.)?make_server\s*\(|\b(?:(?:wsgiref\.simple_server|http\.server|socketserver)\.)?(?:WSGIServer|ThreadingHTTPServer|HTTPServer)\s*[(,)]/;

/** Bound to the loopback address only (`HTTPServer(("127.0.0.1", 9990), …)`): a local tool, not a service. */
const PY_STDLIB_LOOPBACK =
  /\b(?:make_server|WSGIServer|ThreadingHTTPServer|HTTPServer)\s*\(\s*\(?\s*["'](?:127\.0\.0\.1|localhost|::1)["']/;

/** The module keeps serving: `serve_forever()`, or a server class of its own derived from the standard library's. */
const PY_STDLIB_LONG_RUNNING =
  /\.serve_forever\s*\(|^class\s+\w+\s*\([^)]*\b(?:WSGIServer|ThreadingHTTPServer|HTTPServer)\s*[,)]/m;

/** A Rust server started (not only its types used): `axum::serve(`, `HttpServer::new(`, `rocket::build()`, `#[launch]`. */
export const RUST_SERVER_START =
  /\baxum::serve\s*\(|\baxum(?:_server)?::(?:Server::)?bind\w*\s*\(|\bHttpServer::new\s*\(|\brocket::(?:build|custom)\s*\(|#\[\s*(?:rocket::)?launch\s*\]|\bwarp::serve\s*\(|\b(?:poem|salvo)::Server::new\s*\(|\bServer::new\s*\(\s*(?:TcpListener|acceptor)|\btide::(?:new|with_state)\s*\(|\.launch\s*\(\s*\)|\bserve\s*\(\s*(?:listener|tcp_listener)\b|\bHttpServerStarter::new\w*\s*\(|\bdropshot::ServerBuilder::new\s*\(/;

/**
 * Rust servers whose crate is also (or mostly) used as a client: they count only where the code serves (hyper 0.14:
 * `use hyper::{Server as HyperServer, …};` then `HyperServer::bind(&addr).serve(make_svc)`).
 */
const RUST_SERVES: [FrameworkName, RegExp, (string | RegExp)?][] = [
  ['tonic', /\b(?:tonic::transport::)?Server::builder\s*\(/],
  // grpcio (grpc-rs, TiKV's bindings to the C core): `ServerBuilder::new(env).register_service(…).bind(host, port)`
  // builds a gRPC server; its clients are `ChannelBuilder`s.
  [
    'grpc',
    /\bgrpcio::ServerBuilder::new\s*\(|^\s*use\s+grpcio::(?:\{[^}]*\bServerBuilder\b[^}]*\}|ServerBuilder\b)[^;]*;[\s\S]*?\bServerBuilder::new\s*\(/m,
    'grpcio',
  ],
  [
    'hyper',
    /\bhyper::(?:Server::(?:bind|builder)|server::conn::)|\bhttp1::Builder::new\(\)\s*\.serve_connection|\bserve_connection(?:_with_upgrades)?\s*\(|^\s*use\s+hyper::(?:\{[^}]*\bServer\b[^}]*\}|Server\b)[^;]*;[\s\S]*?\b(?:Server|\w*Server\w*)::(?:bind|builder|from_tcp|try_bind)\s*\(/m,
  ],
  // oxhttp (Oxigraph's small synchronous HTTP server): `Server::new(handler)` over a closure answering each request,
  // bound and spawned by the program (`use oxhttp::Server;` then `Server::new(move |request| …)`). Its client is
  // `oxhttp::Client`, which serves nothing.
  [
    'oxhttp',
    /\boxhttp::Server::new\s*\(|^\s*use\s+oxhttp::(?:\{[^}]*\bServer\b[^}]*\}|Server\b)[^;]*;[\s\S]*?\bServer::new\s*\(/m,
  ],
  // Cloudflare's pingora (the umbrella crate or pingora-proxy): an HTTP proxy service built from the app's `impl
  // ProxyHttp`, whose request filters answer or forward every request.
  ['pingora', /\bhttp_proxy_service(?:_with_name)?\s*\(/, /^pingora(?:_proxy)?$/],
];

/**
 * A Go server started: a bare `Run()` starts one only on a router, engine or server (gin's `r.Run()`), a job manager's
 * or a service's `Run()` starts none; `server.Serve(ln)` / `srv.ServeTLS(ln, …)` start an http.Server (or a gRPC
 * server) on a listener of their own.
 */
export const GO_SERVER_START =
  /\bhttp\.(?:ListenAndServe|Serve)(?:TLS)?\s*\(|\.ListenAndServe(?:TLS)?\s*\(\s*\)|\b\w+\.Run\s*\(\s*(?:":|\w*[Aa]ddr|fmt\.Sprintf|os\.Getenv|port|$)|\b(?:r|e|g|app|api|web|router|engine|server|srv|\w*(?:Router|Engine|Server|App))\.Run\s*\(\s*\)|\b\w*(?:[sS]erver|[sS]rv)\.Serve(?:TLS)?\s*\(|\be\.Start\s*\(|\bapp\.Listen\s*\(/;

/** Rust code that serves: an HTTP server started, or a tonic/hyper server built (a client of either does neither). */
export const RUST_SERVES_ANY = new RegExp(
  [RUST_SERVER_START, ...RUST_SERVES.map(([, re]) => re)].map((re) => re.source).join('|'),
  'm',
);

/** Plain gRPC servers: grpc-go, grpc-java and grpcio build and start one (the import alone may be a client). */
const GRPC_SERVES: [FrameworkUse['language'], string[], RegExp][] = [
  ['go', ['go'], /\bgrpc\.NewServer\s*\(/],
  ['jvm', ['java', 'kotlin'], /\b(?:Netty)?ServerBuilder\s*\.\s*forPort\s*\(|\bGrpc\.newServerBuilderForPort\s*\(/],
  ['python', ['python'], /\bgrpc\.(?:aio\.)?server\s*\(/],
];
/** A Node gRPC server (@grpc/grpc-js): it binds a port or registers a service definition (a client does neither). */
const GRPC_NODE_SERVES = /\.bindAsync\s*\(|\.addService\s*\(\s*[\w.]+(?:\.service\b|Service\b)/;
/** gRPC served to browsers or over HTTP/JSON: grpc-web wrappers and tonic-web. */
export const GRPC_WEB = /\bgrpcweb\.WrapServer\s*\(|\btonic_web\b|\bGrpcWebFilter\b|\bUseGrpcWeb\s*\(/;

/** A tRPC adapter serving a router over HTTP. */
const TRPC_ADAPTER =
  /\b(?:createHTTPServer|createHTTPHandler|fetchRequestHandler|createExpressMiddleware|createNextApiHandler|fastifyTRPCPlugin|trpcServer|awsLambdaRequestHandler|createBunServeHandler|createTRPCHandle|createH3ApiHandler|createNuxtApiHandler|createOpenApi\w*Handler)\s*[(<]/;

/**
 * Where a Symfony bundle's configuration lives: config/packages/ (Symfony 4+, per environment in subfolders) or, in the
 * Symfony 2/3 layout, app/config/config*.yml (config_prod.yml …) and app/config/<name>.yml.
 */
export function symfonyConfigGlobs(bundle: string): string[] {
  return [
    `config/packages/**/${bundle}.{yaml,yml}`,
    'app/config/config*.{yml,yaml}',
    `app/config/${bundle}.{yml,yaml}`,
  ];
}

/** Symfony configuration of the development or test environment only: `config/packages/dev/…`, `app/config/config_test.yml`. */
const SYMFONY_DEV_CONFIG = /(?:^|\/)config\/packages\/(?:dev|test)\/|(?:^|\/)app\/config\/config_(?:dev|test)\.ya?ml$/;

/** Matches in a bundle's production configuration: its symfonyConfigGlobs files but the dev and test ones. */
export function symfonyProductionConfig(repo: RepoIndex, re: RegExp, bundle: string): GrepMatch[] {
  return repo.grep(re, { include: symfonyConfigGlobs(bundle) }).filter((h) => !SYMFONY_DEV_CONFIG.test(h.path));
}

/**
 * PHP frameworks whose application Composer's autoload makes live, served through a front controller (public/index.php)
 * or, for Utopia, a long-running server script (`php app/http.php` on Swoole).
 */
export const PHP_FRAMEWORKS = ['laravel', 'lumen', 'symfony', 'slim', 'mezzio', 'laminas-mvc', 'utopia'] as const;
const PHP_FULL_STACK = ['laravel', 'lumen', 'symfony', 'slim'] as const;

/**
 * Where a plain PHP application's requests come in: the web root's index.php (CakePHP's is webroot/), then one at the
 * repository root. CodeIgniter 3 and CakePHP read requests through `$this->request->getPost()` / `getData()` / `getQuery()`.
 */
const PHP_FRONT_CONTROLLERS = [
  'public/index.php',
  // CakePHP's web root.
  'webroot/index.php',
  'p/index.php',
  'web/index.php',
  'www/index.php',
  'htdocs/index.php',
  'public_html/index.php',
  'index.php',
];
/** Apache's front-controller rewrite (`RewriteRule ^(.*)$ index.php [QSA,L]`); a rule that forbids (`[F]`) is not one. */
const REWRITES_TO_INDEX = /^[ \t]*RewriteRule[ \t]+\S+[ \t]+\/?index\.php\b(?![^\n]*\[[^\]\n]*\bF\b)/im;

/**
 * The front controllers a repository has, in PHP_FRONT_CONTROLLERS' order, then any other index.php whose folder's
 * .htaccess rewrites requests to it (a web root named `src/` that the image copies into Apache's document root); the
 * web root's name in any case (`Web/`, `Public/`): Apache and nginx serve whatever folder they are pointed at.
 */
export function phpFrontControllers(repo: RepoIndex): string[] {
  const rank = (p: string): number => {
    const i = PHP_FRONT_CONTROLLERS.indexOf(p.toLowerCase());
    return i < 0 ? PHP_FRONT_CONTROLLERS.length : i;
  };
  const found = repo
    .byName(/^index\.php$/i)
    .filter(
      (f) =>
        PHP_FRONT_CONTROLLERS.includes(f.path.toLowerCase()) ||
        (!f.isTest &&
          REWRITES_TO_INDEX.test(repo.read(path.posix.join(path.posix.dirname(f.path), '.htaccess')) ?? '')),
    );
  return found.map((f) => f.path).sort((a, b) => rank(a) - rank(b));
}

/**
 * Reading the request: superglobals, the raw body, a session, or a controller's request object (CodeIgniter's
 * `$this->request->getPost(…)` / `getJSON()`).
 */
const PHP_REQUEST_INPUT =
  /\$_(?:GET|POST|REQUEST|COOKIE|FILES)\b|\$_SERVER\s*\[\s*['"](?:REQUEST_METHOD|REQUEST_URI|PATH_INFO|QUERY_STRING|HTTP_\w+)['"]|php:\/\/input|\bsession_start\s*\(|\$this\s*->\s*request\s*->\s*get(?:Post|Get|Var|JSON|JsonVar|RawInput|File|Files|PostGet|GetPost|Data|Query|UploadedFile|Cookie)\s*\(/;

/**
 * The front controller of a PHP web application written without a framework package: a composer project that is not
 * a library (or no composer.json at all), whose index.php holds code, and whose code reads requests. A WordPress
 * plugin or theme (its header comment names it) is loaded by WordPress, not served on its own.
 */
function plainPhpFrontController(repo: RepoIndex, manifests: ManifestFacts): string | undefined {
  const composer = manifests.manifests.find((m) => m.path === 'composer.json')?.raw as { type?: unknown } | undefined;
  // Composer's default type is library, but a library has no front controller: only a declared library (or plugin,
  // theme, extension) is refused outright.
  if (composer && /library|plugin|theme|extension/.test(String(composer.type ?? ''))) return undefined;
  const front = phpFrontControllers(repo).find((f) => {
    const text = repo.read(f);
    if (text === undefined) return false;
    const code = text
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*(?:\/\/|#).*$/gm, '')
      .replace(/<\?php|\?>|declare\s*\([^)]*\)\s*;/g, '')
      .trim();
    return code.length > 0;
  });
  const entry = front ?? (composer && composer.type !== 'project' ? undefined : rootPhpScriptReadingRequests(repo));
  if (!entry) return undefined;
  const pluginHeader = repo.grepFirst(/^[ \t]*\*?[ \t]*(?:Plugin|Theme) Name[ \t]*:/m, {
    include: ['*.php', 'style.css'],
  });
  if (pluginHeader) return undefined;
  const input = repo.grepFirst(PHP_REQUEST_INPUT, { languages: ['php'], kinds: ['source'] });
  return input ? entry : undefined;
}

/** Root scripts that are tooling or samples, not pages: rector.php, ecs.php, preload.php, sample-*.php, config.php … */
const PHP_ROOT_TOOLING =
  /^(?:rector|ecs|preload|deploy(?:er)?|\.php[-_]cs[-_]fixer(?:\.dist)?|php[-_]?cs|phpstan|psalm|config|settings|bootstrap|autoload|functions?|constants?)\.php$|sample|example|demo|test/i;

/** A script that loads the application (or another script) at its top: `require __DIR__.'/app/common.php';`. */
const PHP_LOADS = /^\s*(?:require|include)(?:_once)?\b/m;

/**
 * A web application without index.php whose pages are named scripts at the repository root (`yourls-loader.php`, which
 * the rewrite rules send every short URL to, `yourls-api.php`): a root script, not tooling or a sample, that reads the
 * request itself and loads the application's code. Only for a composer project (or no composer.json at all).
 */
function rootPhpScriptReadingRequests(repo: RepoIndex): string | undefined {
  return repo.files
    .filter((f) => !f.path.includes('/') && f.language === 'php' && !f.isTest && !PHP_ROOT_TOOLING.test(f.path))
    .map((f) => f.path)
    .sort()
    .find((p) => {
      const text = repo.read(p) ?? '';
      return PHP_REQUEST_INPUT.test(text) && PHP_LOADS.test(text);
    });
}

/** What only an HTTP response has: a status code or a header of its own. */
const PHP_HTTP_ANSWER = /\bhttp_response_code\s*\(|\bheader\s*\(\s*['"]/;
/** A script that answers the request itself: a status code, a header, or output at its top level. */
const PHP_RESPONSE = new RegExp(`${PHP_HTTP_ANSWER.source}|^(?:echo|print)\\b`, 'm');
/** A script answering with data for a program rather than a page: JSON or XML it encodes or declares itself. */
const PHP_DATA_RESPONSE = /\bjson_encode\s*\(|Content-Type:\s*application\/(?:json|xml)/i;

/** The kernel's bundle list registering Symfony's FrameworkBundle (`Symfony\Bundle\FrameworkBundle\FrameworkBundle::class => […]`). */
const FRAMEWORK_BUNDLE_REGISTERED = /^\s*\\?Symfony\\Bundle\\FrameworkBundle\\FrameworkBundle::class\s*=>/m;

/**
 * Symfony's FrameworkBundle, declared in composer.json or, when it comes in through another bundle the project
 * requires (FOSRestBundle, API Platform …), registered by the kernel's config/bundles.php beside a composer.json that
 * declares Symfony packages: then the composer.json's first Symfony requirement stands for it.
 */
export function symfonyFrameworkBundle(repo: RepoIndex, manifests: ManifestFacts): Dependency | undefined {
  const declared = manifests.declared('php', 'symfony/framework-bundle');
  if (declared) return declared;
  for (const m of manifests.byEcosystem.get('php') ?? []) {
    const symfony = m.dependencies.find((d) => !d.dev && d.name.startsWith('symfony/'));
    const bundles = path.posix.join(path.posix.dirname(m.path), 'config/bundles.php');
    if (symfony && FRAMEWORK_BUNDLE_REGISTERED.test(repo.read(bundles) ?? '')) return symfony;
  }
  return undefined;
}

/**
 * The scripts of a plain PHP application's web root that the web server runs for a request, each at the URL of its
 * file name: every PHP file beside the front controller in a web root of its own (public/login.php) and, when the web
 * root is the repository itself, the front controller and the scripts that load the application and read or answer
 * the request (a healthcheck.php, a jsonrpc.php), not the configuration, tooling and library files kept beside them.
 * `data`: the script answers with JSON or XML of its own, or by itself without loading the application, rather than
 * with the application's pages or files.
 */
export function phpWebRootScripts(repo: RepoIndex, front: string): { path: string; data: boolean }[] {
  return repo.memo(`frameworks:php-web-root\0${front}`, () => webRootScripts(repo, front));
}

function webRootScripts(repo: RepoIndex, front: string): { path: string; data: boolean }[] {
  const webRoot = front.includes('/') ? front.slice(0, front.lastIndexOf('/') + 1) : '';
  return repo.files
    .filter(
      (f) =>
        f.language === 'php' &&
        f.kind === 'source' &&
        !f.isTest &&
        f.path.startsWith(webRoot) &&
        !f.path.slice(webRoot.length).includes('/'),
    )
    .flatMap((f) => {
      const text = repo.read(f.path) ?? '';
      const answers = PHP_RESPONSE.test(text);
      const loads = PHP_LOADS.test(text);
      // A script that sets its own status or header without loading anything (a health.php printing OK) answers
      // requests by itself: an endpoint, where a script printing without them may be a command-line tool.
      const standalone = !loads && PHP_HTTP_ANSWER.test(text);
      const served =
        webRoot !== '' ||
        f.path === front ||
        (!PHP_ROOT_TOOLING.test(f.path) && ((loads && (answers || PHP_REQUEST_INPUT.test(text))) || standalone));
      return served ? [{ path: f.path, data: standalone || (answers && PHP_DATA_RESPONSE.test(text)) }] : [];
    });
}

/**
 * Probot serving a GitHub App's webhooks from code: its Node middleware, a Probot built for a handler, `run(app)`, or
 * its `Server`. A package importing only Probot's types (an extension others load) serves nothing.
 */
const PROBOT_SERVES = /\b(?:createNodeMiddleware|createProbot|run|new\s+Server)\s*\(/;
/** A package's start script running Probot's server on the app (`probot run ./index.js`). */
const PROBOT_RUN = /\bprobot\s+run\b/;
/**
 * A package's start script running a Fastify launcher on the app module, which exports a plugin and never imports
 * Fastify: fastify-cli's `fastify start app.js`, Mia-Platform's `lc39 index.js`.
 */
const FASTIFY_LAUNCH = /(?:^|[\s/;&])(?:fastify\s+start|lc39)\s/;

/**
 * Mia-Platform's lc39 launching the service's module (`lc39 index.js` in the start script), with that module's path:
 * lc39 builds the Fastify server and adds status routes, Prometheus metrics, Swagger and a SIGTERM handler to it.
 */
export function lc39Launch(frameworks: FrameworkFacts): (FrameworkUse & { entry?: string }) | undefined {
  const f = frameworks.get('fastify');
  if (!f || !/\blc39\s/.test(f.excerpt ?? '')) return undefined;
  const module = /\blc39\s+(?:\.\/)?([\w./-]+\.[cm]?[jt]s)\b/.exec(f.excerpt!)?.[1];
  return module ? { ...f, entry: path.posix.join(path.posix.dirname(f.path), module) } : f;
}

/** A file observing GitHub events through quarkus-github-app imports its event annotations (`@Issue.Opened`). */
export const GITHUB_APP_EVENT_IMPORT = /^[ \t]*import\s+io\.quarkiverse\.githubapp\.event\.\w+\s*;/m;

export function detectFrameworks(
  repo: RepoIndex,
  imports: ImportFacts,
  manifests: ManifestFacts,
  code: CodeFacts,
): FrameworkFacts {
  const found: FrameworkUse[] = [];
  const seen = new Set<FrameworkName>();
  // The `start` script of a package.json whose command matches.
  const startScript = (re: RegExp): { path: string; line: number; text: string } | undefined => {
    const m = manifests.manifests.find(
      (m) => m.path.endsWith('package.json') && re.test(String((m.raw as any)?.scripts?.start ?? '')),
    );
    const line = m && repo.grepFirst(/"start"\s*:/, { paths: [m.path] });
    return m && { path: m.path, line: line?.line ?? 1, text: line?.text ?? '' };
  };
  const add = (u: FrameworkUse): void => {
    if (seen.has(u.name)) return;
    seen.add(u.name);
    found.push(u);
  };
  // A Spring Boot auto-configuration library (a `*-spring-boot-starter` module) imports org.springframework.boot without
  // being an application: Spring Boot serves only where an application class starts it.
  const springBootApp = (): boolean =>
    repo
      .grep(
        /@SpringBootApplication\b|@EnableAutoConfiguration\b|\bSpringApplication(?:Builder)?\b|\brunApplication\s*</,
        {
          languages: ['java', 'kotlin', 'groovy', 'scala'],
          kinds: ['source'],
          limit: 20,
        },
      )
      .some((m) => !repo.get(m.path)?.isTest);
  // A framework's own repository (express, Flask, gin) imports itself in its sources, examples and tests: that is no
  // application served with it.
  const rawOf = (p: string) => manifests.manifests.find((m) => m.path === p)?.raw as Record<string, any> | undefined;
  const pkgJson = rawOf('package.json');
  const pyproject = rawOf('pyproject.toml');
  const ownRaw = ownPackageRawNames(repo, pkgJson, pyproject);
  const own = new Set(ownRaw.map(normalName));
  const isOwn = (pkg: string | RegExp): boolean =>
    typeof pkg === 'string' ? own.has(normalName(pkg)) : ownRaw.some((n) => pkg.test(n));
  // Cargo crates: binaries (a package that is not a library crate) and the crate folder of each manifest.
  const cargo = manifests.manifests.filter((m) => m.type === 'cargo' && (m.raw as any)?.package);
  const cargoBinaries = cargo.some((m) => !m.libraryCrate);
  const libraryCrateOf = (file: string): boolean =>
    cargo.filter((m) => isUnder(file, path.posix.dirname(m.path))).sort((a, b) => b.path.length - a.path.length)[0]
      ?.libraryCrate === true;
  for (const [name, language, pkg] of IMPORT_SIGNALS) {
    if (isOwn(pkg)) continue;
    let ref = imports.firstUse(pkg);
    if (ref && name === 'spring-boot' && !springBootApp()) continue;
    // Rust: a library crate the binaries link (a database crate with the framework's request guards and extractors, a
    // rate-limit crate with its middleware) serves nothing unless it starts the server; the binaries that do import it.
    if (ref && language === 'rust' && cargoBinaries) {
      const serving = imports
        .importersOf(pkg)
        .find((r) => !libraryCrateOf(r.file) || RUST_SERVER_START.test(repo.read(r.file) ?? ''));
      if (!serving) continue;
      ref = serving;
    }
    if (ref)
      add({
        name,
        language,
        path: ref.file,
        line: ref.line,
        excerpt: repo.lineText(ref.file, ref.line),
        how: 'import',
      });
  }
  if (imports.uses(/^aiohttp$/)) {
    const hit = repo
      .grep(AIOHTTP_SERVES, { languages: ['python'], kinds: ['source'], limit: 20 })
      .find((h) => !repo.get(h.path)?.isTest && imports.byFile.get(h.path)?.some((r) => r.pkg === 'aiohttp'));
    if (hit)
      add({ name: 'aiohttp', language: 'python', path: hit.path, line: hit.line, excerpt: hit.text, how: 'import' });
  }
  if (manifests.declared('node', 'probot') && !isOwn('probot')) {
    const servers = imports
      .importersOf('probot')
      .map((r) => r.file)
      .filter(isProductionPath);
    const code = servers.length ? repo.grepFirst(PROBOT_SERVES, { paths: servers }) : undefined;
    const hit = code ?? startScript(PROBOT_RUN);
    if (hit)
      add({ name: 'probot', language: 'node', path: hit.path, line: hit.line, excerpt: hit.text, how: 'import' });
  }
  if (
    !seen.has('fastify') &&
    ['fastify-cli', '@mia-platform/lc39'].some((pkg) => manifests.declared('node', pkg) && !isOwn(pkg))
  ) {
    const hit = startScript(FASTIFY_LAUNCH);
    if (hit)
      add({ name: 'fastify', language: 'node', path: hit.path, line: hit.line, excerpt: hit.text, how: 'import' });
  }
  // Production files only: a benchmark suite's copies of crates (hyper's own `serve_connection`) serve nothing.
  const rustProduction = repo
    .select({ languages: ['rust'], kinds: ['source'] })
    .filter((f) => isProductionPath(f.path))
    .map((f) => f.path);
  for (const [name, serves, crate] of RUST_SERVES) {
    if (!imports.uses(crate ?? name)) continue;
    const hit = repo.grepFirst(serves, { paths: rustProduction });
    if (hit) add({ name, language: 'rust', path: hit.path, line: hit.line, excerpt: hit.text, how: 'import' });
  }
  if (
    !seen.has('fiber') &&
    (imports.uses('github.com/valyala/fasthttp') || imports.uses('github.com/fasthttp/router'))
  ) {
    const hit = repo
      .grep(FASTHTTP_SERVES, { languages: ['go'], kinds: ['source'], limit: 20 })
      .find(
        (h) =>
          !repo.get(h.path)?.isTest &&
          /"github\.com\/(?:valyala\/fasthttp|fasthttp\/router)"/.test(repo.read(h.path) ?? ''),
      );
    if (hit)
      add({ name: 'fasthttp', language: 'go', path: hit.path, line: hit.line, excerpt: hit.text, how: 'import' });
  }
  for (const [language, languages, serves] of GRPC_SERVES) {
    const hit = repo.grepFirst(serves, { languages, kinds: ['source'] });
    if (hit && !repo.get(hit.path)?.isTest)
      add({ name: 'grpc', language, path: hit.path, line: hit.line, excerpt: hit.text, how: 'import' });
  }
  // An OpenTelemetry Collector gRPC server setting (`configgrpc.ServerConfig`) builds its grpc.Server with `ToServer(…)`.
  if (!seen.has('grpc')) {
    const files = new Set(imports.importersOf('go.opentelemetry.io/collector/config/configgrpc').map((i) => i.file));
    const hit = files.size
      ? repo.grep(/\.ToServer\s*\(/, { paths: [...files], limit: 20 }).find((h) => !repo.get(h.path)?.isTest)
      : undefined;
    if (hit) add({ name: 'grpc', language: 'go', path: hit.path, line: hit.line, excerpt: hit.text, how: 'import' });
  }
  // @grpc/grpc-js (or the older grpc package): a server binds a port with bindAsync or registers a generated service.
  if (imports.uses('@grpc/grpc-js') || imports.uses('grpc')) {
    const hit = repo.grepFirst(GRPC_NODE_SERVES, { languages: ['javascript', 'typescript'], kinds: ['source'] });
    if (hit && !repo.get(hit.path)?.isTest)
      add({ name: 'grpc', language: 'node', path: hit.path, line: hit.line, excerpt: hit.text, how: 'import' });
  }
  // PocketBase used as a Go framework: `app := pocketbase.New()` then `app.Start()` serves its REST API, admin UI and
  // the routes the app adds in OnServe (its `serve` command is the default).
  if (manifests.declared('go', 'github.com/pocketbase/pocketbase')) {
    const hit = repo.grepFirst(/\bpocketbase\.(?:New|NewWithConfig)\s*\(/, { languages: ['go'], kinds: ['source'] });
    if (hit && !repo.get(hit.path)?.isTest)
      add({ name: 'pocketbase', language: 'go', path: hit.path, line: hit.line, excerpt: hit.text, how: 'import' });
  }
  // A controller-runtime manager given a probe address (`HealthProbeBindAddress: ":8081"`) serves the /healthz and
  // /readyz checks added to it over HTTP; it serves none by default, nor with the address "0" (switched off). Its
  // webhook server starts once an admission webhook or a handler is registered on it (`ctrl.NewWebhookManagedBy`,
  // `mgr.GetWebhookServer().Register(…)`), and serves HTTPS to the API server.
  if (manifests.declared('go', 'sigs.k8s.io/controller-runtime')) {
    const hit = repo
      .grep(
        /\bHealthProbeBindAddress\s*:\s*(?=\S)(?!"0?")|\bNewWebhookManagedBy\s*\(|\bGetWebhookServer\s*\(\s*\)\s*\.\s*(?:Register|WebhookMux)\b/,
        { languages: ['go'], kinds: ['source'], limit: 20 },
      )
      .find((h) => !repo.get(h.path)?.isTest && isProductionPath(h.path));
    if (hit)
      add({
        name: 'controller-runtime',
        language: 'go',
        path: hit.path,
        line: hit.line,
        excerpt: hit.text,
        how: 'import',
      });
  }
  // A Benthos (Redpanda Connect) service run through `service.RunCLI` serves its probes and metrics over HTTP.
  const benthos = repo
    .grep(BENTHOS_RUN_CLI, { languages: ['go'], kinds: ['source'], limit: 20 })
    .find(
      (h) => !repo.get(h.path)?.isTest && isProductionPath(h.path) && BENTHOS_SERVICE.test(repo.read(h.path) ?? ''),
    );
  if (benthos)
    add({
      name: 'benthos',
      language: 'go',
      path: benthos.path,
      line: benthos.line,
      excerpt: benthos.text,
      how: 'import',
    });
  // Go's standard library server: only when the code actually serves.
  if (
    !['gin', 'echo', 'chi', 'fiber', 'fasthttp', 'macaron', 'flamego', 'beego', 'pocketbase'].some((n) =>
      seen.has(n as FrameworkName),
    )
  ) {
    const serve = repo.grepFirst(/\bhttp\.(ListenAndServe(TLS)?|Serve(TLS)?\s*\(|Server\s*\{)|\bhttp\.HandleFunc\(/, {
      languages: ['go'],
      kinds: ['source'],
    });
    // Kratos' HTTP transport (`http.NewServer(http.Address(":8000"), …)` from kratos/v2/transport/http) serves
    // net/http handlers on its own router; `kratos.New(kratos.Server(srv)).Run()` starts it.
    // The files importing the transport, production ones only, are chosen before the call is looked for in them.
    const transport = () =>
      repo
        .grep(KRATOS_HTTP_TRANSPORT, { languages: ['go'], kinds: ['source'], limit: 500 })
        .map((h) => h.path)
        .filter((p) => !repo.get(p)?.isTest && isProductionPath(p));
    const kratos = serve ?? repo.grepFirst(/\bhttp\.NewServer\s*\(/, { paths: transport() });
    if (kratos)
      add({
        name: 'net/http',
        language: 'go',
        path: kratos.path,
        line: kratos.line,
        excerpt: kratos.text,
        how: 'import',
      });
  }
  // Python's standard library servers (wsgiref.simple_server, http.server) in a production module that serves for
  // good (`serve_forever()`, or its own server class around a request loop): a WSGI application served without a
  // framework (a CalDAV server, an exporter). A one-shot `handle_request()` (an OAuth callback a CLI waits for) is not.
  if (!found.some((f) => f.language === 'python')) {
    const hit = repo
      .grep(PY_STDLIB_SERVES, { languages: ['python'], kinds: ['source'], limit: 20 })
      .find(
        (h) =>
          !repo.get(h.path)?.isTest &&
          isProductionPath(h.path) &&
          PY_STDLIB_LONG_RUNNING.test(repo.read(h.path) ?? '') &&
          !PY_STDLIB_LOOPBACK.test(repo.read(h.path) ?? ''),
      );
    if (hit)
      add({
        name: 'http.server',
        language: 'python',
        path: hit.path,
        line: hit.line,
        excerpt: hit.text,
        how: 'import',
      });
  }
  // Next.js: the dependency plus an app/ or pages/ tree.
  const next = manifests.declared('node', 'next');
  if (next && !next.dev) {
    const route = repo.glob([
      '**/app/**/route.{ts,js}',
      '**/pages/api/**/*.{ts,js,tsx,jsx}',
      '**/app/**/page.{tsx,jsx,ts,js}',
      '**/pages/**/*.{tsx,jsx}',
    ])[0];
    if (route)
      add({ name: 'nextjs', language: 'node', path: route.path, line: 1, excerpt: 'Next.js route', how: 'layout' });
  }
  // Hanami 2: the gem plus its app config (config/app.rb) or rackup file.
  const hanami = manifests.declared('ruby', 'hanami');
  if (hanami && (repo.has('config/app.rb') || repo.has('config.ru')))
    add({
      name: 'hanami',
      language: 'ruby',
      path: hanami.manifest,
      line: hanami.line ?? 1,
      excerpt: repo.lineText(hanami.manifest, hanami.line ?? 1),
      how: 'manifest',
    });
  // Frameworks whose routes are files (SvelteKit, Nuxt/Nitro, Remix/React Router, Astro with an adapter, Fresh, Vercel
  // and Netlify functions): a package that depends on one and has server routes or renders on the server. An app whose
  // sources are an example's, a script's or a tutorial step's (`content/tutorial/+assets/src/`) is not the service's.
  for (const app of detectFsRoutes(repo, manifests).apps)
    if (isProductionPath(`${app.root}/src/`))
      add({
        name: app.framework,
        language: app.language ?? 'node',
        path: app.path,
        line: app.line,
        excerpt: app.note,
        how: 'layout',
        ...(app.adapter ? { adapter: app.adapter } : {}),
      });
  // h3 used directly (Nitro and Nuxt use it underneath): an application it creates.
  if (!seen.has('nitro') && !seen.has('nuxt')) {
    const h3 = imports.firstUse('h3');
    if (h3 && /\bcreate(?:App|Router)\s*\(|\bnew\s+H3\b/.test(repo.read(h3.file) ?? ''))
      add({
        name: 'h3',
        language: 'node',
        path: h3.file,
        line: h3.line,
        excerpt: repo.lineText(h3.file, h3.line),
        how: 'import',
      });
  }
  // AdonisJS: its Ignitor starts the HTTP server (`new Ignitor(APP_ROOT).httpServer().start()` in bin/server.ts, v5's
  // server.ts; v4's `fireHttpServer()`); the routes are registered on its router service (start/routes.ts).
  if (
    !isOwn('@adonisjs/core') &&
    (imports.uses(/^@adonisjs\/(?:core|ignitor)$/) || imports.uses('@adonisjs/framework'))
  ) {
    const hit = repo
      .grep(/\.httpServer\s*\(\s*\)|\.fireHttpServer\s*\(/, {
        languages: ['typescript', 'javascript'],
        kinds: ['source'],
        limit: 20,
      })
      .find((h) => !repo.get(h.path)?.isTest && /\bIgnitor\b/.test(repo.read(h.path) ?? ''));
    if (hit)
      add({
        name: 'adonisjs',
        language: 'node',
        path: hit.path,
        line: hit.line,
        excerpt: hit.text.trim(),
        how: 'import',
      });
  }
  // tRPC served by an adapter of its own (standalone, fetch, Lambda …) or through another framework.
  const trpc = imports.firstUse('@trpc/server');
  if (trpc) {
    const adapter = repo.grepFirst(TRPC_ADAPTER, { languages: ['typescript', 'javascript'], kinds: ['source'] });
    if (adapter && !repo.get(adapter.path)?.isTest)
      add({
        name: 'trpc',
        language: 'node',
        path: adapter.path,
        line: adapter.line,
        excerpt: adapter.text.trim(),
        how: 'import',
      });
  }
  // Rails: Bundler requires every gem, so the Gemfile plus config/application.rb is the framework.
  const rails = manifests.declared('ruby', 'rails') ?? manifests.declared('ruby', 'railties');
  if (rails && (repo.has('config/application.rb') || repo.has('config.ru'))) {
    add({
      name: 'rails',
      language: 'ruby',
      path: rails.manifest,
      line: rails.line ?? 1,
      excerpt: repo.lineText(rails.manifest, rails.line ?? 1),
      how: 'manifest',
    });
  }
  // A Rack application of its own (Otto, Roda, Cuba or a bare Rack app): a rackup file that runs an application, in a
  // project whose Gemfile brings a Rack server or one of those routers (a Rails, Sinatra or Hanami app is read above).
  if (!found.some((f) => f.language === 'ruby') && RACK_APP_GEMS.some((g) => manifests.declared('ruby', g))) {
    const run = repo
      .grep(RACKUP_RUN, { paths: repo.files.filter((f) => /(?:^|\/)config\.ru$/.test(f.path)).map((f) => f.path) })
      .find((h) => !repo.get(h.path)?.isTest && isProductionPath(h.path));
    if (run) add({ name: 'rack', language: 'ruby', path: run.path, line: run.line, excerpt: run.text, how: 'layout' });
  }
  // PHP: Composer autoloads every package, so the declared framework plus its front controller is the framework.
  const phpFront = (
    name: FrameworkName,
    pkg: string | Dependency | undefined,
    files: string[],
    code?: RegExp,
    fileOk: (text: string) => boolean = () => true,
  ): void => {
    const dep = typeof pkg === 'string' ? manifests.declared('php', pkg) : pkg;
    if (!dep) return;
    const base = dep.manifest.includes('/') ? `${dep.manifest.slice(0, dep.manifest.lastIndexOf('/'))}/` : '';
    const file = files.map((f) => base + f).find((f) => repo.has(f));
    const hit =
      code && !file
        ? repo
            .grep(code, { languages: ['php'], kinds: ['source'], limit: 20 })
            .find((h) => fileOk(repo.read(h.path) ?? ''))
        : undefined;
    if (!file && !hit) return;
    add({
      name,
      language: 'php',
      path: hit?.path ?? file!,
      line: hit?.line ?? 1,
      excerpt: hit?.text ?? repo.lineText(dep.manifest, dep.line ?? 1),
      how: 'layout',
    });
  };
  phpFront('laravel', 'laravel/framework', ['artisan', 'bootstrap/app.php', 'public/index.php']);
  phpFront('lumen', 'laravel/lumen-framework', ['bootstrap/app.php', 'public/index.php']);
  phpFront('symfony', symfonyFrameworkBundle(repo, manifests), [
    'src/Kernel.php',
    'config/bundles.php',
    'public/index.php',
    'app/AppKernel.php',
    'web/app.php',
  ]);
  // An application assembled from Symfony's components without the FrameworkBundle: its own kernel builds an
  // HttpKernel over symfony/routing (`new HttpKernel($dispatcher, $resolver, …)`) and handles every request with it.
  if (!seen.has('laravel') && !seen.has('symfony') && manifests.declared('php', 'symfony/routing'))
    phpFront('symfony', 'symfony/http-kernel', [], /\bnew\s+\\?(?:Symfony\\Component\\HttpKernel\\)?HttpKernel\s*\(/);
  if (!seen.has('laravel') && !seen.has('symfony'))
    // `new App(` is Slim's only where no other App is imported (Ratchet's WebSocket `App` beside Slim's ResponseEmitter).
    phpFront(
      'slim',
      'slim/slim',
      [],
      /\bAppFactory::create(?:FromContainer)?\s*\(|\bnew\s+\\?(?:Slim\\)?App\s*\(/,
      (text) => /\bAppFactory::create/.test(text) || !/^\s*use\s+\\?(?!Slim\\)[\w\\]+\\App\s*;/m.test(text),
    );
  // Mezzio (ex Zend Expressive) and Laminas MVC (ex Zend Framework): PSR-15 / MVC applications Composer declares, served
  // through public/index.php (Mezzio's config/pipeline.php and config/routes.php, Laminas' application.config.php).
  if (!PHP_FULL_STACK.some((n) => seen.has(n))) {
    phpFront('mezzio', 'mezzio/mezzio', ['public/index.php', 'config/pipeline.php', 'config/routes.php']);
    phpFront('mezzio', 'zendframework/zend-expressive', ['public/index.php', 'config/pipeline.php']);
    phpFront('laminas-mvc', 'laminas/laminas-mvc', ['public/index.php', 'config/application.config.php']);
    phpFront('laminas-mvc', 'zendframework/zend-mvc', ['public/index.php', 'config/application.config.php']);
    // Utopia (Appwrite's framework): `new Http($server, 'UTC')` of utopia-php/http over a Swoole or FPM adapter, or
    // `new App('UTC')` of its predecessor utopia-php/framework, where the class is Utopia's.
    phpFront('utopia', 'utopia-php/http', [], /\bnew\s+\\?(?:Utopia\\Http\\)?Http\s*\(/, (text) =>
      /^\s*use\s+\\?Utopia\\Http\\Http\s*;|\bnew\s+\\?Utopia\\Http\\Http\s*\(/m.test(text),
    );
    phpFront('utopia', 'utopia-php/framework', [], /\bnew\s+\\?(?:Utopia\\)?App\s*\(/, (text) =>
      /^\s*use\s+\\?Utopia\\App\s*;|\bnew\s+\\?Utopia\\App\s*\(/m.test(text),
    );
  }
  // Plain PHP (FreshRSS, Matomo, YOURLS): no framework package, but a front controller in the web root that the web
  // server (Apache mod_php, php-fpm behind nginx) runs for each request. It counts when it holds code (a WordPress
  // plugin's `<?php // Silence is golden` index.php does not) and the application reads requests somewhere.
  if (!PHP_FRAMEWORKS.some((n) => seen.has(n))) {
    const plain = plainPhpFrontController(repo, manifests);
    if (plain) add({ name: 'php', language: 'php', path: plain, line: 1, how: 'layout' });
  }
  // Elixir: Phoenix serves through an Endpoint module; a bare Plug app through Plug.Cowboy/Bandit.
  if (manifests.declared('elixir', 'phoenix')) {
    const ep = repo.grepFirst(PHOENIX_ENDPOINT, { languages: ['elixir'], kinds: ['source'] });
    if (ep) add({ name: 'phoenix', language: 'elixir', path: ep.path, line: ep.line, excerpt: ep.text, how: 'import' });
  }
  if (!seen.has('phoenix') && (manifests.declared('elixir', 'plug_cowboy') || manifests.declared('elixir', 'bandit'))) {
    const srv = repo.grepFirst(/\b(?:Plug\.Cowboy|Bandit)\b[^\n]*\bplug:|\{\s*(?:Plug\.Cowboy|Bandit)\s*,/, {
      languages: ['elixir'],
      kinds: ['source'],
    });
    if (srv)
      add({ name: 'plug', language: 'elixir', path: srv.path, line: srv.line, excerpt: srv.text, how: 'import' });
  }
  // ASP.NET Core: a web project (Microsoft.NET.Sdk.Web) whose code builds a web host (minimal hosting or the generic
  // host with a Startup class); a web SDK project alone may be a Razor class library. A plain-SDK project (a console
  // program, or a library the program calls) that references the ASP.NET Core shared framework builds one too: an
  // embedded admin console or API (`new HostBuilder().ConfigureWebHost(…)`, `WebApplication.CreateBuilder()` in a
  // service class).
  const webHost =
    /\bWebApplication\s*\.\s*Create(?:Slim|Empty)?Builder\s*\(|\bConfigureWebHost(?:Defaults)?\s*\(|\bWebHost\s*\.\s*CreateDefaultBuilder\s*\(|\bUseStartup\s*</;
  const host = manifests.manifests.some(
    (m) => m.type === 'csproj' && (m.raw as { kind?: string } | undefined)?.kind === 'web',
  )
    ? (repo
        .grep(webHost, { languages: DOTNET_LANGUAGES, kinds: ['source'], limit: 50 })
        .find((h) => dotnetModel(repo).projectOf(h.path)?.kind !== 'test') ?? packageHostedWebPipeline(repo))
    : manifests.manifests.some((m) => m.type === 'csproj')
      ? embeddedAspNetCoreHost(repo, webHost)
      : undefined;
  const fsHost = host ? undefined : fsharpWebHost(repo);
  if (fsHost)
    add({
      name: 'aspnetcore',
      language: 'dotnet',
      path: fsHost.path,
      line: fsHost.line,
      excerpt: fsHost.text,
      how: 'import',
    });
  if (host)
    add({
      name: 'aspnetcore',
      language: 'dotnet',
      path: host.path,
      line: host.line,
      excerpt: host.text,
      how: 'import',
    });
  // Azure Functions in .NET: a function with an HTTP trigger (`[HttpTrigger(AuthorizationLevel.Function, "post")]`) is an
  // HTTP endpoint the Functions host serves, whatever hosts the rest of the project (one commented out serves nothing).
  const trigger = code
    .grep(/\[\s*HttpTrigger\s*\(/, { languages: ['csharp'], kinds: ['source'] })
    .find((h) => dotnetModel(repo).projectOf(h.path)?.kind !== 'test');
  if (trigger)
    add({
      name: 'azure-functions',
      language: 'dotnet',
      path: trigger.path,
      line: trigger.line,
      excerpt: trigger.text,
      how: 'import',
    });
  // Classic ASP.NET on .NET Framework (MVC 5, Web API 2, Web Forms, WCF on System.Web): a web application project IIS
  // hosts, started by its HttpApplication (Global.asax) or OWIN Startup class rather than a Program.cs.
  const classic = classicAspNetApp(repo);
  if (classic)
    add({
      name: 'aspnet',
      language: 'dotnet',
      path: classic.path,
      line: classic.line,
      excerpt: classic.text,
      how: 'import',
    });
  // JVM servers beside Spring Boot. Ktor: an application module on the server packages (io.ktor.client is a client).
  if (!seen.has('ktor')) {
    const ktor = imports.firstUse(/^io\.ktor\.server\b/);
    if (ktor)
      add({
        name: 'ktor',
        language: 'jvm',
        path: ktor.file,
        line: ktor.line,
        excerpt: repo.lineText(ktor.file, ktor.line),
        how: 'import',
      });
  }
  // Javalin (Java and Kotlin): an application built by `Javalin.create(config -> …)` / `Javalin.create { … }` (then
  // `.start(port)`), or Javalin 7's `Javalin.start { … }`, in a file importing io.javalin.
  const javalin = javalinApp(repo);
  if (javalin)
    add({
      name: 'javalin',
      language: 'jvm',
      path: javalin.path,
      line: javalin.line,
      excerpt: javalin.text,
      how: 'import',
    });
  // http4s (Scala): routes served by one of its server backends; `org.http4s.server` alone holds the shared types and
  // `org.http4s.client` is a client.
  const http4s = imports.firstUse(HTTP4S_SERVER);
  if (http4s)
    add({
      name: 'http4s',
      language: 'jvm',
      path: http4s.file,
      line: http4s.line,
      excerpt: repo.lineText(http4s.file, http4s.line),
      how: 'import',
    });
  // Play (Scala, Java): an sbt project enabling a Play plugin, with the routes files its controllers serve.
  const play = playApps(repo)[0];
  if (play)
    add({
      name: 'play',
      language: 'jvm',
      path: play.build.path,
      line: play.build.line,
      excerpt: play.build.text,
      how: 'manifest',
    });
  // A server written on Netty itself: a `ServerBootstrap` in a file that speaks HTTP through Netty's codecs (a
  // bootstrap alone may serve any protocol; frameworks built on Netty keep their bootstrap inside the library).
  const netty = imports
    .importersOf(/^io\.netty\.bootstrap\.ServerBootstrap$/)
    .find((ref) => imports.byFile.get(ref.file)?.some((i) => /^io\.netty\.handler\.codec\.http\b/.test(i.module)));
  if (netty)
    add({
      name: 'netty',
      language: 'jvm',
      path: netty.file,
      line: netty.line,
      excerpt: repo.lineText(netty.file, netty.line),
      how: 'import',
    });
  // Vert.x (Java, Kotlin): a verticle starting its own server, `vertx.createHttpServer(options)`, in a file importing
  // io.vertx; its requests go to a Vert.x Web Router or a request handler. Frameworks built on Vert.x (Quarkus) start
  // the server inside the library and are read by their own signals.
  const vertx = repo
    .grep(VERTX_HTTP_SERVER, { languages: ['java', 'kotlin', 'groovy'], kinds: ['source'], limit: 20 })
    .find((h) => !repo.get(h.path)?.isTest && imports.byFile.get(h.path)?.some((i) => /^io\.vertx\b/.test(i.module)));
  if (vertx)
    add({ name: 'vertx', language: 'jvm', path: vertx.path, line: vertx.line, excerpt: vertx.text, how: 'import' });
  // Micronaut: a @Controller class (an @Client interface calls other services).
  const mnController = repo.grepFirst(/^\s*@Controller\b/m, {
    languages: ['java', 'kotlin', 'groovy'],
    kinds: ['source'],
  });
  if (mnController && /\bimport\s+io\.micronaut\.http\.annotation\b/.test(repo.read(mnController.path) ?? ''))
    add({
      name: 'micronaut',
      language: 'jvm',
      path: mnController.path,
      line: mnController.line,
      excerpt: mnController.text,
      how: 'import',
    });
  // JAX-RS resources (Quarkus, Jakarta EE, Dropwizard, Helidon): a class-level @Path on a class, not on a REST client
  // interface (@RegisterRestClient, or any interface: clients and generated API contracts).
  const resource = jaxRsResources(repo)[0];
  if (resource) {
    const quarkus = manifests.dependencies.some(
      (d) => d.ecosystem === 'jvm' && /(?:^|:)quarkus-(?:rest|resteasy|vertx-http|undertow)/.test(d.name),
    );
    add({
      name: quarkus ? 'quarkus' : 'jax-rs',
      language: 'jvm',
      path: resource.path,
      line: resource.line,
      excerpt: repo.lineText(resource.path, resource.line),
      how: 'import',
    });
  }
  // A GitHub App on quarkus-github-app: the extension serves GitHub's webhook and hands each event to the methods that
  // observe it (`void onOpen(@Issue.Opened GHEventPayload.Issue issue)`), in files importing its event annotations.
  if (manifests.dependencies.some((d) => d.ecosystem === 'jvm' && /(?:^|:)quarkus-github-app$/.test(d.name))) {
    const events = repo.grepFirst(GITHUB_APP_EVENT_IMPORT, {
      languages: ['java', 'kotlin'],
      kinds: ['source'],
    });
    if (events)
      add({
        name: 'quarkus-github-app',
        language: 'jvm',
        path: events.path,
        line: events.line,
        excerpt: events.text,
        how: 'import',
      });
  }
  // Spring Boot declared through the build plus an @SpringBootApplication class.
  if (!seen.has('spring-boot')) {
    const app = repo.grepFirst(/@SpringBootApplication\b/, { languages: ['java', 'kotlin'], kinds: ['source'] });
    if (app)
      add({ name: 'spring-boot', language: 'jvm', path: app.path, line: app.line, excerpt: app.text, how: 'import' });
  }
  // A web application archive deployed to a servlet container (Tomcat, Jetty, WildFly): Spring MVC without Boot, started
  // by a WebApplicationInitializer or a DispatcherServlet in WEB-INF/web.xml, or plain servlets and filters.
  if (!found.some((f) => f.language === 'jvm')) {
    const war = servletApp(repo, manifests);
    if (war)
      add({ name: war.name, language: 'jvm', path: war.path, line: war.line, excerpt: war.excerpt, how: war.how });
  }
  // A Benthos service's own HTTP serves only its probes and metrics: beside a gRPC input, its callers are gRPC clients.
  const servers = found.filter((f) => f.name !== 'benthos');
  const grpcOnly =
    servers.length > 0 &&
    servers.every((f) => f.name === 'grpc' || f.name === 'tonic') &&
    !repo.grepFirst(GRPC_WEB, { kinds: ['source'] });
  return { http: found, grpcOnly, has: (n) => seen.has(n), get: (n) => found.find((f) => f.name === n) };
}

/** Gems that serve a Rack application: its servers and the routers a rackup file runs. */
const RACK_APP_GEMS = ['puma', 'unicorn', 'falcon', 'thin', 'iodine', 'passenger', 'otto', 'roda', 'cuba'];

/** A rackup file's `run` statement: `run App.new`, `run Registry.rack_map`. */
const RACKUP_RUN = /^[ \t]*run[ \t(]+[\w:]/;

/** Vert.x starting an HTTP server: `vertx.createHttpServer()`, `vertx.createHttpServer(options)`. */
const VERTX_HTTP_SERVER = /\.createHttpServer\s*\(/;

/** The packages of http4s' server backends (Ember, Blaze, Netty, Jetty). */
export const HTTP4S_SERVER = /^org\.http4s\.(?:ember|blaze|netty|jetty)\.server\b/;

/** `Javalin.create(…)`, `Javalin.create {`, `Javalin.start {`, `Javalin.createAndStart(…)`: the application object. */
const JAVALIN_APP = /\bJavalin\s*\.\s*(?:create|start|createAndStart)\s*[({]/;

/** The Javalin application the service builds: the first in production code, else the first anywhere. */
function javalinApp(repo: RepoIndex): { path: string; line: number; text: string } | undefined {
  const hits = repo
    .grep(JAVALIN_APP, { languages: ['java', 'kotlin'], kinds: ['source'], limit: 20 })
    .filter((h) => /\bimport\s+io\.javalin\b/.test(repo.read(h.path) ?? ''));
  return hits.find((h) => isProductionPath(h.path)) ?? hits[0];
}

/** Files holding a JAX-RS resource class: a class annotated with `@Path` in a file importing jakarta/javax.ws.rs. */
export function jaxRsResources(repo: RepoIndex): { path: string; line: number }[] {
  const out: { path: string; line: number }[] = [];
  const contracts: string[] = [];
  for (const hit of repo.grep(/^[ \t]*@Path\s*\(/m, { languages: ['java', 'kotlin'], kinds: ['source'] })) {
    if (out.some((o) => o.path === hit.path)) continue;
    const text = repo.read(hit.path) ?? '';
    if (!/\bimport\s+(?:jakarta|javax)\.ws\.rs\b/.test(text)) continue;
    if (/@RegisterRestClient\b/.test(text)) continue;
    const iface = /^\s*(?:public\s+)?interface\s+(\w+)/m.exec(text);
    if (iface) {
      if (!contracts.includes(iface[1]!)) contracts.push(iface[1]!);
      continue;
    }
    out.push({ path: hit.path, line: hit.line });
  }
  return out.length ? out : jaxRsContractImplementations(repo, contracts);
}

/** JAX-RS resource interfaces (class-level `@Path`, not REST clients) that a class of the project implements. */
export function implementedJaxRsContracts(repo: RepoIndex): Set<string> {
  const contracts = new Set<string>();
  for (const hit of repo.grep(/^\s*@Path\s*\(/m, { languages: ['java', 'kotlin'], kinds: ['source'] })) {
    const text = repo.read(hit.path) ?? '';
    if (!/\bimport\s+(?:jakarta|javax)\.ws\.rs\b/.test(text) || /@RegisterRestClient\b/.test(text)) continue;
    const iface = /^\s*(?:public\s+)?interface\s+(\w+)/m.exec(text)?.[1];
    if (iface) contracts.add(iface);
  }
  const out = new Set<string>();
  if (!contracts.size) return out;
  const re = implementsOne([...contracts]);
  for (const hit of repo.grep(re, { languages: ['java', 'kotlin'], kinds: ['source'] }))
    for (const m of hit.text.matchAll(/\w+/g)) if (contracts.has(m[0])) out.add(m[0]);
  return out;
}

/**
 * Classes implementing a JAX-RS resource interface (`@Path("asset") interface AssetResource` in an API module,
 * `class AssetResourceImpl … implements AssetResource` in the server): the server serves the interface's routes. A
 * contract nothing in the project implements is a client's or another service's.
 */
function jaxRsContractImplementations(repo: RepoIndex, contracts: string[]): { path: string; line: number }[] {
  if (!contracts.length) return [];
  const impl = repo.grepFirst(implementsOne(contracts), { languages: ['java', 'kotlin'], kinds: ['source'] });
  return impl ? [{ path: impl.path, line: impl.line }] : [];
}

/** A class header whose supertypes (`implements A, B`, Kotlin's `: A, B`) name one of the given interfaces. */
function implementsOne(names: string[]): RegExp {
  return new RegExp(
    `^[ \\t]*(?:(?:public|final|open|abstract)\\s+)*class\\s+\\w+[^{\\n]*?(?:\\bimplements\\b|:)[^{\\n]*?\\b(?:${names.map(escapeRegExp).join('|')})\\b`,
    'm',
  );
}

/** True when a .NET project compiles against ASP.NET Core: its shared framework, or a package built on it. */
function referencesAspNetCore(projects: DotnetProject[]): boolean {
  return projects.some(
    (p) =>
      p.frameworkRefs.some((f) => /^Microsoft\.AspNetCore\.App$/i.test(f)) ||
      p.packages.some((r) => !r.privateAssets && /(?:^|\.)AspNetCore(?:\.|$)/i.test(r.name)),
  );
}

/**
 * A classic ASP.NET web application (src/facts/dotnet.ts `classicWeb`): the start class in its code, else its
 * Global.asax, else its project file. Web projects of tests, samples and templates come after the service's own.
 */
function classicAspNetApp(repo: RepoIndex): { path: string; line: number; text: string } | undefined {
  const dotnet = dotnetModel(repo);
  const apps = dotnet.projects.filter((p) => p.classicWeb);
  if (!apps.length) return undefined;
  const starts = repo
    .grep(CLASSIC_ASPNET_START, { languages: ['csharp'], kinds: ['source'] })
    .filter((h) => dotnet.projectOf(h.path)?.classicWeb);
  const start = starts.find((h) => isProductionPath(h.path)) ?? starts[0];
  if (start) return start;
  const app = apps.find((p) => isProductionPath(p.path)) ?? apps[0]!;
  const global = repo.files.find(
    (f) => (app.dir === '.' || f.path.startsWith(`${app.dir}/`)) && /(^|\/)Global\.asax$/i.test(f.path),
  );
  return global
    ? { path: global.path, line: 1, text: repo.lineText(global.path, 1) ?? '' }
    : { path: app.path, line: 1, text: 'classic ASP.NET web application project' };
}

/** Endpoint mapping on the request pipeline: `app.MapControllers()`, `app.MapDefaultControllerRoute()`, `UseEndpoints`. */
const WEB_PIPELINE =
  /\.\s*(?:MapControllers|MapDefaultControllerRoute|MapControllerRoute|MapRazorPages|MapRazorComponents|MapBlazorHub|UseEndpoints)\s*\(/;

/**
 * A Web-SDK project (an executable by definition) whose host is built by a helper from a package (`await
 * Extends.AppAsync<Startup>(args)`, an organisation's shared hosting library): none of the host-building calls is in the
 * repository, but its own code maps the endpoints of the request pipeline the helper builds.
 */
function packageHostedWebPipeline(repo: RepoIndex): { path: string; line: number; text: string } | undefined {
  const dotnet = dotnetModel(repo);
  for (const hit of repo.grep(WEB_PIPELINE, { languages: DOTNET_LANGUAGES, kinds: ['source'] })) {
    const project = dotnet.projectOf(hit.path);
    if (project && project.kind === 'web' && /Sdk\.Web\b/i.test(project.sdk)) return hit;
  }
  return undefined;
}

/**
 * An F# web host the ASP.NET Core calls do not show: Saturn's `application { … }` (run by `run app`) and Falco's
 * `webHost args { … }` build the host themselves. Counted in a project that is no test and in a file that opens the
 * framework.
 */
const FSHARP_WEB_HOST = /^[ \t]*(?:let\s+\w+\s*=\s*)?(?:application|webHost\s+\w+)\s*\{/m;
function fsharpWebHost(repo: RepoIndex): { path: string; line: number; text: string } | undefined {
  const dotnet = dotnetModel(repo);
  return repo
    .grep(FSHARP_WEB_HOST, { languages: ['fsharp'], kinds: ['source'], limit: 20 })
    .find(
      (h) =>
        dotnet.projectOf(h.path)?.kind !== 'test' && /^\s*open\s+(?:Saturn|Falco)\b/m.test(repo.read(h.path) ?? ''),
    );
}

/**
 * A web host built in a plain-SDK project that is no test: the project itself, or one it references, brings in
 * ASP.NET Core (without it the host code would not compile, so text in an unbuilt file does not count).
 */
function embeddedAspNetCoreHost(
  repo: RepoIndex,
  webHost: RegExp,
): { path: string; line: number; text: string } | undefined {
  const dotnet = dotnetModel(repo);
  for (const hit of repo.grep(webHost, { languages: DOTNET_LANGUAGES, kinds: ['source'] })) {
    const project = dotnet.projectOf(hit.path);
    if (!project || project.kind === 'test' || project.kind === 'client') continue;
    if (referencesAspNetCore(dotnet.closure(project))) return hit;
  }
  return undefined;
}

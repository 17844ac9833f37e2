// What a route's handler does: the registration and the body of the function it names, as text to inspect.
import { escapeRegExp } from '../repo/text.js';
import type { Facts } from './index.js';
import { isHealthCheckEndpoint, isHealthRoute } from './health.js';
import { grepReached } from './live-code.js';
import { isAdmissionWebhook } from './routes-go.js';
import { rustUsesOf } from './rust.js';
import type { ServiceRoute } from './service.js';

/** Lines of a function body starting at a line (the route registration or decorator), up to the next top-level definition. */
export function bodyFrom(facts: Facts, file: string, line: number, max = 40): { text: string; lines: string[] } {
  const all = facts.repo.lines(file);
  const out: string[] = [];
  const lang = facts.repo.get(file)?.language;
  const indentOf = (l: string): number => /^\s*/.exec(l)![0].length;
  const base = indentOf(all[line - 1] ?? '');
  let inBody = false;
  let inSignature = false;
  for (let i = line - 1; i < Math.min(all.length, line - 1 + max); i++) {
    const l = all[i]!;
    if (lang === 'python') {
      // Decorators, then the def (its signature may span lines), then the indented body: stop at the first line back
      // at the decorator's indentation.
      if (i > line - 1 && inBody && l.trim() && indentOf(l) <= base) break;
      if (/^\s*(async\s+)?def\s/.test(l)) inSignature = true;
      if (inSignature && /:\s*(?:#.*)?$/.test(l)) {
        inSignature = false;
        inBody = true;
      }
    } else if (i > line - 1 && out.length > 1) {
      // Stop at the next route registration or top-level definition. In C# a `_cache.Get("key", …)` call inside the
      // action is no route registration.
      if (
        /^\s*(@(Get|Post|Put|Delete|Patch)\b|\w+\.(get|post|put|delete|patch|GET|POST|Get|Post)\(\s*["'`]|func\s|export\s)/.test(
          l,
        ) &&
        !(lang === 'csharp' && /^\s*[\w.]+\.(?:get|post|put|delete|patch|GET|POST|Get|Post)\(/.test(l))
      )
        break;
      // PHP, Elixir, Ruby and Rust: the next method of the class or module, the next function.
      if (
        (lang === 'php' &&
          /^\s*(?:(?:public|protected|private|static|final|abstract)\s+)*function\s+\w+\s*\(/.test(l)) ||
        (lang === 'elixir' && /^\s*defp?\s+\w+/.test(l)) ||
        (lang === 'ruby' && /^\s*def\s+(?:self\.)?\w/.test(l)) ||
        (lang === 'rust' && /^\s*(?:pub(?:\([^)]*\))?\s+)?(?:async\s+)?fn\s+\w+/.test(l))
      )
        break;
    }
    out.push(l);
  }
  return { text: out.join('\n'), lines: out };
}

/** The definition of a handler named in a route (Go/Express/Spring style), for inspecting what it does. */
export function handlerDefinition(
  facts: Facts,
  name: string,
  from?: string,
): { file: string; line: number } | undefined {
  // Laravel `StatusController@show`: the method of that class.
  // Rails `health_checks#check` / `api/v1/sessions#create`: the action of that controller class.
  const rails = /^(?:[\w]+\/)*(\w+)#(\w+)$/.exec(name);
  if (rails) {
    const cls = `${rails[1]!.replace(/(?:^|_)([a-z\d])/g, (_m, c: string) => c.toUpperCase())}Controller`;
    return methodOfClass(facts, new RegExp(`^\\s*class\\s+(?:[\\w:]+::)?${cls}\\b`), rails[2]!);
  }
  const php = /^(?:[\w\\]*\\)?(\w+)@(\w+)$/.exec(name);
  if (php)
    return methodOfClass(
      facts,
      new RegExp(`^\\s*(?:final\\s+|abstract\\s+|readonly\\s+)*class\\s+${php[1]}\\b`),
      php[2]!,
    );
  // Rust `handlers::heartbeat` / `tokenserver::handlers::heartbeat`: the function of the module the path names, through
  // the file's `use` declarations and the crate's module tree (two crates often define a handler of the same name).
  if (name.includes('::') && from?.endsWith('.rs')) {
    const def = rustPathDefinition(facts, name, from);
    if (def) return def;
  }
  // An MVC action renamed by `[ActionName("StatusApi")]` (`ApiController.StatusApi` answered by `Status()`): the
  // method under the attribute in that controller.
  const mvc = /^(\w+Controller)\.(\w+)$/.exec(name);
  if (mvc && facts.repo.get(from ?? '')?.language === 'csharp') {
    const def = renamedAction(facts, mvc[1]!, mvc[2]!);
    if (def) return def;
  }
  const simple = name.split(/::|\./).pop()!;
  if (!/^\w+$/.test(simple)) return undefined;
  // Phoenix `OrderController.index`: the action of that controller module, not the first `def index` anywhere.
  const ex = /^((?:\w+\.)*\w+)\.(\w+)$/.exec(name);
  if (ex && facts.repo.get(from ?? '')?.language === 'elixir') {
    // The module as the route names it, alias and all (`StatusLive.Index`: not every LiveView's `Index`).
    const moduleRe = new RegExp(`^\\s*defmodule\\s+(?:[\\w.]+\\.)?${ex[1]!.replace(/\./g, '\\.')}\\s+do\\b`);
    const def = methodOfClass(facts, moduleRe, ex[2]!);
    if (def) return def;
    // A LiveView's live action (`live "/status", StatusLive.Index, :index`) is no function: the module answers (mount,
    // render). Never a function of that name in another module (an Ecto migration's `index(:messages, …)`).
    const mod = facts.repo.grep(moduleRe, { kinds: ['source'] }).find((m) => !facts.repo.get(m.path)?.isTest);
    if (mod) return { file: mod.path, line: mod.line };
  }
  const re = new RegExp(
    `^\\s*(?:func\\s+(?:\\([^)]*\\)\\s*)?${simple}\\s*\\(|(?:export\\s+)?(?:async\\s+)?function\\s+${simple}\\s*\\(|(?:export\\s+)?(?:const|let)\\s+${simple}\\s*=|(?:async\\s+)?def\\s+${simple}\\s*\\(|(?:public\\s+|private\\s+)?[\\w<>]+\\s+${simple}\\s*\\(|(?:(?:override|private|protected|final)\\s+)*def\\s+${simple}\\b|(?:pub(?:\\([^)]*\\))?\\s+)?(?:async\\s+)?fn\\s+${simple}\\s*[<(])`,
  );
  const hits = facts.repo.grep(re, { kinds: ['source'] }).filter((m) => !facts.repo.get(m.path)?.isTest);
  // `views.status` named in hc/api/urls.py is hc/api/views.py's status, not another module's.
  const qualifier = name.includes('.') ? name.split('.').slice(-2, -1)[0] : undefined;
  const dir = from?.includes('/') ? from.slice(0, from.lastIndexOf('/') + 1) : '';
  // A method named in a route (`h.Get`) is most likely the one defined beside the registration, then in its package.
  const hit =
    hits.find((m) => m.path === from) ||
    (dir &&
      facts.repo.get(from ?? '')?.language === 'go' &&
      hits.find((m) => m.path.startsWith(dir) && !m.path.slice(dir.length).includes('/'))) ||
    (qualifier &&
      hits.find((m) => m.path === `${dir}${qualifier}.py` || m.path === `${dir}${qualifier}/__init__.py`)) ||
    (qualifier && hits.find((m) => m.path.endsWith(`/${qualifier}.py`))) ||
    hits[0];
  return hit ? { file: hit.path, line: hit.line } : undefined;
}

/** The Rust function a path names from a file (`handlers::heartbeat` after `use crate::web::handlers;`). */
function rustPathDefinition(facts: Facts, name: string, from: string): { file: string; line: number } | undefined {
  let segs = name.split('::').filter(Boolean);
  const use = rustUsesOf(facts.repo, from).find((u) => (u.alias ?? u.path[u.path.length - 1]) === segs[0]);
  if (use) segs = [...use.path, ...segs.slice(1)];
  const fn = segs[segs.length - 1]!;
  const hit = facts.rust.resolve(from, segs);
  if (!hit || hit.rest.length > 1 || (hit.rest.length === 1 && hit.rest[0] !== fn)) return undefined;
  const re = new RegExp(`^\\s*(?:pub(?:\\([^)]*\\))?\\s+)?(?:async\\s+)?fn\\s+${fn}\\s*[<(]`);
  const at = facts.repo.lines(hit.file).findIndex((l) => re.test(l));
  return at >= 0 ? { file: hit.file, line: at + 1 } : undefined;
}

/**
 * The function a Django URL conf names, through the conf's imports: `from app.views.health import health as health_view`
 * or `from app.views import health` + `health.status`. Undefined when the import is not found in the repository.
 */
function djangoView(facts: Facts, confFile: string, handler: string): { file: string; line: number } | undefined {
  // A class-based view (`StatusView.as_view()`) is its class, whose methods answer the request.
  const [head, ...rest] = handler.replace(/\.as_view$/, '').split('.');
  const text = facts.repo.read(confFile) ?? '';
  const moduleFile = (mod: string): string | undefined => {
    const base = mod.replace(/\./g, '/');
    const dir = confFile.includes('/') ? confFile.slice(0, confFile.lastIndexOf('/') + 1) : '';
    const candidates = mod.startsWith('.')
      ? [
          `${dir}${mod.replace(/^\.+/, '').replace(/\./g, '/')}.py`,
          `${dir}${mod.replace(/^\.+/, '').replace(/\./g, '/')}/__init__.py`,
        ]
      : [`${base}.py`, `${base}/__init__.py`];
    // A project kept below the repository root (`src/app/views.py` for `app.views`).
    return (
      candidates.find((c) => facts.repo.get(c)) ??
      facts.repo.glob(candidates.map((c) => `**/${c}`)).find((f) => !f.isTest)?.path
    );
  };
  let file: string | undefined;
  let fn: string | undefined;
  for (const m of text.matchAll(/^\s*from\s+([\w.]+)\s+import\s+(?:\(([^)]*)\)|([^\n(]+))/gm)) {
    for (const part of (m[2] ?? m[3] ?? '').split(',')) {
      const [orig, alias] = part.trim().split(/\s+as\s+/);
      if (!orig || (alias ?? orig).trim() !== head) continue;
      if (rest.length === 0) {
        file = moduleFile(m[1]!);
        fn = orig.trim();
      } else {
        // `from app.views import health` then `health.status`: a submodule, or a name in the package.
        file = moduleFile(`${m[1]}.${orig.trim()}`);
        fn = rest[rest.length - 1];
      }
    }
  }
  if (!file || !fn) return undefined;
  const name = escapeRegExp(fn);
  const def = new RegExp(`^(?:(?:async\\s+)?def\\s+${name}\\s*\\(|class\\s+${name}\\b)`);
  const at = facts.repo.lines(file).findIndex((l) => def.test(l));
  return at >= 0 ? { file, line: at + 1 } : undefined;
}

function renamedAction(facts: Facts, controller: string, action: string): { file: string; line: number } | undefined {
  const attr = new RegExp(`\\bActionName\\(\\s*"${action}"\\s*\\)`);
  const cls = new RegExp(`\\bclass\\s+${controller}\\b`);
  for (const c of facts.repo.grep(attr, { languages: ['csharp'], kinds: ['source'] })) {
    const lines = facts.repo.lines(c.path);
    if (!lines.some((l) => cls.test(l))) continue;
    // The method follows the action's other attributes (`[HttpGet]`, `[ActionName("StatusApi")]`).
    const at = lines.findIndex((l, i) => i >= c.line && !/^\s*(?:\[|$)/.test(l));
    if (at >= 0) return { file: c.path, line: at + 1 };
  }
  return undefined;
}

/** The line defining `method` in the file that declares a class/module matching `classRe`. */
function methodOfClass(facts: Facts, classRe: RegExp, method: string): { file: string; line: number } | undefined {
  const methodRe = new RegExp(
    `^\\s*(?:(?:public|protected|private|static|final)\\s+)*(?:function|defp?)\\s+${method}\\b`,
  );
  for (const c of facts.repo.grep(classRe, { kinds: ['source'] })) {
    if (facts.repo.get(c.path)?.isTest) continue;
    const at = facts.repo.lines(c.path).findIndex((l) => methodRe.test(l));
    if (at >= 0) return { file: c.path, line: at + 1 };
  }
  return undefined;
}

export function describeRoute(r: { method: string; fullPath: string }): string {
  return `${r.method} ${r.fullPath}`;
}

/** The production routes of the service (registered in reached files). */
export function reachedRoutes(facts: Facts): ServiceRoute[] {
  return facts.service.routes.filter((r) => r.reached);
}

/** Side endpoints an operator calls besides probes: the profiler a runtime exposes (`/debug/pprof/heap`). */
export const DEBUG_PATH = /^\/?debug\/pprof(?:\/|$)/;

/**
 * A route the platform or an operator calls, not the service's users: a probe (ASP.NET Core's health-check endpoints
 * and their UI whatever their path: `/health-status`), metrics, the profiler.
 */
export function isOperationalRoute(r: ServiceRoute): boolean {
  return (
    isHealthRoute(r) ||
    isHealthCheckEndpoint(r) ||
    r.handler === 'HealthChecksUI' ||
    /\/(?:metrics|prometheus)\b/.test(r.fullPath) ||
    DEBUG_PATH.test(r.fullPath)
  );
}

/**
 * OAuth 2.0 / OpenID Connect endpoints (authorization, token, redirect callback, revocation, introspection, userinfo,
 * dynamic client registration) under an OAuth prefix, and the bare `/authorize` and `/token`: their contract is the
 * protocol's, found by clients in the server's metadata, not a versioned API of the service.
 */
const OAUTH_PROTOCOL_PATH =
  /\/(?:oauth2?|oidc|openid(?:-connect)?|connect)\/(?:authorize|token|callback|revoke|introspect|userinfo|register|device_authorization|end_session|logout)$|^\/(?:authorize|token)$/i;

/**
 * The business routes a service serves (reached; not health, metrics, profiler, docs, static files, gRPC plumbing,
 * admission webhooks or the root)
 * and, among them, the API routes: those that do not render a page (a template, a LiveView, a file or feed download).
 * A service whose business routes are all pages has no API contract (api.versioning, api.docs), nor has one whose API
 * routes are only helpers of its pages (`pageHelpers`).
 */
export function apiRoutes(facts: Facts): { business: ServiceRoute[]; api: ServiceRoute[]; pageHelpers: boolean } {
  const business = reachedRoutes(facts).filter(
    (r) =>
      !isOperationalRoute(r) &&
      !isAdmissionWebhook(r) &&
      !/\/(docs|openapi|swagger|redoc|schema|api-docs)\b/.test(r.fullPath) &&
      !/\/[\w-]+\.(txt|xml|ico|png|svg|webmanifest)$/.test(r.fullPath) &&
      // Well-known URIs (RFC 8615: jwks.json, openid-configuration, webfinger, nodeinfo) sit at paths a standard fixes.
      !/^\/\.well-known\//.test(r.fullPath) &&
      !OAUTH_PROTOCOL_PATH.test(r.fullPath) &&
      // Dockerflow's operational endpoints (`/__version__`, `/__error__`, beside `/__heartbeat__`) are no business API.
      !/^\/__\w+__$/.test(r.fullPath) &&
      !/^\/grpc\.(health|reflection)\./.test(r.fullPath) &&
      // Plain gRPC between services is not an HTTP API; Connect and grpc-gateway serve it over HTTP.
      // A plain gRPC service's API is its rpc methods: versioned by the proto package (acme.ledger.v1).
      (r.framework !== 'grpc' ||
        facts.frameworks.grpcOnly ||
        facts.frameworks.has('connect') ||
        facts.frameworks.has('grpc-gateway')) &&
      r.fullPath !== '/',
  );
  // A full-stack page framework's own endpoints beside its pages (React Router/Remix resource routes, SvelteKit
  // +server files, Next.js route handlers outside /api: OAuth callbacks, logout, image and download routes, form
  // posts) serve the application's pages from the same origin: no contract with other clients. Its API is what it
  // serves under /api (or a versioned path).
  const pageFrameworks = new Set(
    reachedRoutes(facts)
      .filter((r) => r.page && PAGE_FRAMEWORKS.has(r.framework))
      .map((r) => r.framework),
  );
  // A Blazor app (`app.MapRazorComponents<App>()`) renders its pages from components whose `@page` routes are not
  // read: the endpoints it maps beside them (the Identity template's `/Account/Logout` and external-login form posts)
  // serve those pages.
  if (business.some((r) => r.framework === 'aspnetcore') && grepReached(facts, BLAZOR_PAGES, ['csharp']).length)
    pageFrameworks.add('aspnetcore');
  // Laravel's `web` group (routes/web.php: sessions, cookies, CSRF tokens on every form post) serves the same: the
  // application's pages and the forms and calls they make.
  const ownEndpoint = (r: ServiceRoute) =>
    (pageFrameworks.has(r.framework) || (r.framework === 'laravel' && !!r.middleware?.includes('web'))) &&
    !/^\/api(\/|$)/.test(r.fullPath) &&
    !/(^|\/)v\d+(\/|$)/.test(r.fullPath);
  // Server functions (Leptos, Dioxus: `#[server] async fn save(…)`) are called by the client the same macro compiles
  // into the application's own WASM bundle, shipped with the server: no contract with other clients, like tRPC
  // procedures called by the project's typed client.
  const api = business.filter((r) => !r.page && !ownEndpoint(r) && !SERVER_FN_FRAMEWORKS.has(r.framework));
  // A server-rendered application whose few JSON routes sit among its pages (four times as many) with no /api subtree
  // (`/post/<id>/raw`, autocomplete and unread-count helpers of its scripts): they serve its own pages.
  const pageHelpers =
    api.length > 0 &&
    business.length - api.length >= 4 * api.length &&
    !api.some((r) => /^\/api(\/|$)/.test(r.fullPath));
  return { business, api, pageHelpers };
}

/** The frameworks of Rust server-function routes (src/facts/routes-rust.ts `serverFunctions`). */
const SERVER_FN_FRAMEWORKS = new Set(['leptos', 'dioxus', 'server_fn']);
/** Frameworks that render pages and serve their own endpoints from the same file-routed tree. */
const PAGE_FRAMEWORKS = new Set(['react-router', 'remix', 'sveltekit', 'nuxt', 'astro', 'fresh', 'nextjs']);
const BLAZOR_PAGES = /\.MapRazorComponents\s*</;

/** A TypeScript/JavaScript class method of this name defined in the file (`async getReady(req, res): Promise<void> {`). */
function classMethodIn(facts: Facts, file: string, name: string): { file: string; line: number } | undefined {
  const re = new RegExp(
    `^\\s*(?:(?:public|private|protected|static|override|async)\\s+)*${name.replace(/\$/g, '\\$')}\\s*(?:<[^>]*>)?\\(`,
  );
  const i = facts.repo.lines(file).findIndex((l) => re.test(l) && !/^\s*(?:if|for|while|switch|return)\b/.test(l));
  return i >= 0 ? { file, line: i + 1 } : undefined;
}

/** A Vert.x route's handler: a lambda's call (`ctx -> healthHandler(vertx, ctx)`) or a method reference (`this::health`). */
const VERTX_HANDLER_CALL =
  /\.(?:blockingHandler|handler)\s*\(\s*(?:\(?\s*\w+\s*\)?\s*->\s*(?:this\s*\.\s*)?([a-z]\w*)\s*\(|\w*\s*::\s*(\w+))/;

/** A line registering another Vert.x route (`router.get("/items")`, `route(HttpMethod.GET, "/x")`). */
const VERTX_NEXT_ROUTE = /\.(?:get|post|put|delete|patch|head|options|route)\s*\(\s*(?:HttpMethod\.\w+\s*,\s*)?"/;

/** A Java or Kotlin method of this name declared in the file (`void healthHandler(Vertx vertx, …) {`, `fun ready(`). */
function jvmMethodIn(facts: Facts, file: string, name: string): { file: string; line: number } | undefined {
  const re = new RegExp(`^\\s*(?:[\\w<>\\[\\],?.@]+\\s+)+${name}\\s*\\(`);
  const i = facts.repo
    .lines(file)
    .findIndex((l) => re.test(l) && !/^\s*(?:return|if|for|while|switch|else|new|throw)\b|[=;]/.test(l.split('(')[0]!));
  return i >= 0 ? { file, line: i + 1 } : undefined;
}

/** A JVM method's lines: from its declaration to the line closing it (back at the declaration's indentation). */
function jvmMethodBody(facts: Facts, def: { file: string; line: number }): string {
  const lines = bodyFrom(facts, def.file, def.line, 40).lines;
  const indent = /^\s*/.exec(lines[0] ?? '')![0].length;
  const end = lines.findIndex((l, i) => i > 0 && /^\s*\}/.test(l) && /^\s*/.exec(l)![0].length <= indent);
  return (end < 0 ? lines : lines.slice(0, end + 1)).join('\n');
}

/** A Play routes line's action: `GET  /healthcheck  controllers.HomeController.healthcheck()` (`@` for injected ones). */
const PLAY_ROUTE_ACTION = /^[ \t]*[A-Z]+[ \t]+\/\S*[ \t]+@?([\w.$]+)/;

/**
 * The method a Play route names, in the controller of the routes file's own application (`<app>/conf/routes` →
 * `<app>/app/**\/HomeController.scala`): a Scala `def healthcheck()` or a Java `public Result healthcheck()`.
 */
function playAction(facts: Facts, routesFile: string, regLine: string): { file: string; line: number } | undefined {
  const parts = PLAY_ROUTE_ACTION.exec(regLine)?.[1]?.split('.');
  if (!parts || parts.length < 2) return undefined;
  const action = escapeRegExp(parts.pop()!);
  const file = new RegExp(`/${escapeRegExp(parts.pop()!)}\\.(?:scala|java)$`);
  const conf = routesFile.lastIndexOf('conf/');
  if (conf < 0) return undefined;
  const appDir = `${routesFile.slice(0, conf)}app/`;
  const method = new RegExp(
    `^\\s*(?:(?:override|final|public|static)\\s+)*(?:def\\s+${action}\\b|[\\w.]+(?:<[\\w<>, .?]*>)?\\s+${action}\\s*\\()`,
  );
  for (const f of facts.repo.files) {
    if (!f.path.startsWith(appDir) || f.isTest || !file.test(f.path)) continue;
    const at = facts.repo.lines(f.path).findIndex((l) => method.test(l));
    if (at >= 0) return { file: f.path, line: at + 1 };
  }
  return undefined;
}

/** An AdonisJS route's controller and method: `[HealthChecksController, 'handle']`. */
const ADONIS_CONTROLLER_TUPLE = /\[\s*([A-Z][\w$]*)\s*,\s*["'](\w+)["']\s*\]/;

/** What a route's handler does: the registration (decorator/inline handler) and, when it names a function, that function's body. */
export function routeBody(
  facts: Facts,
  r: { file: string; line: number; handler?: string; framework: string },
): { text: string; file: string; line: number } {
  // A plain PHP script the web server runs (a web-root route of facts.service) is its own handler, whole.
  if (r.framework === 'php') return { text: facts.repo.read(r.file) ?? '', file: r.file, line: 1 };
  // Python handlers end where their indentation does: read enough of them (docstrings and multi-line decorators).
  const py = r.framework === 'python' || r.framework === 'flask' || r.framework === 'litestar';
  const reg = bodyFrom(facts, r.file, r.line, r.framework === 'nextjs' || py ? 60 : 30);
  const regLine = facts.repo.lines(r.file)[r.line - 1] ?? '';
  // Play: a routes file's line names the controller's action (`controllers.HomeController.healthcheck()`), and the lines
  // below it are other routes. The action is the method of that controller in the same application (Play names a
  // controller's file after its class; two applications of one build often have a HomeController each).
  if (r.framework === 'play') {
    const def = playAction(facts, r.file, regLine);
    if (!def) return { text: regLine, file: r.file, line: r.line };
    // The action ends where the next member of the controller begins (back at the def's indentation).
    const lines = bodyFrom(facts, def.file, def.line, 30).lines;
    const indent = /^\s*/.exec(lines[0] ?? '')![0].length;
    const end = lines.findIndex(
      (l, i) => i > 0 && /\S/.test(l) && /^\s*/.exec(l)![0].length <= indent && !/^\s*[})\]]/.test(l),
    );
    const action = (end < 0 ? lines : lines.slice(0, end)).join('\n');
    return { text: `${regLine}\n${action}`, file: def.file, line: def.line };
  }
  // Otto: a routes file's line names the class and its method (`Core::Controllers::Health#index`).
  if (r.framework === 'otto' && r.handler) {
    const [cls, method] = r.handler.split(/[#.]/);
    const name = cls!.split('::').pop()!;
    const def = methodOfClass(facts, new RegExp(`^\\s*class\\s+(?:[\\w:]+::)?${name}\\b`), method!);
    if (!def) return { text: regLine, file: r.file, line: r.line };
    return { text: `${regLine}\n${bodyFrom(facts, def.file, def.line, 30).text}`, file: def.file, line: def.line };
  }
  // Vert.x Web: the route's handler is a lambda calling a method (`.handler(ctx -> healthHandler(vertx, ctx))`) or a
  // method reference (`.handler(this::health)`); its body is that method of the same class, with the class's own
  // methods it calls (the check it runs), one call deep.
  if (r.framework === 'vertx') {
    // The registration's own chain: up to its `;` (Java) or the next route registered (Kotlin has no `;`).
    const [first = '', ...rest] = bodyFrom(facts, r.file, r.line, 3).text.split('\n');
    let chain = first;
    for (const l of rest) {
      if (chain.includes(';') || VERTX_NEXT_ROUTE.test(l)) break;
      chain += `\n${l}`;
    }
    const name = VERTX_HANDLER_CALL.exec(chain.split(';')[0]!)?.slice(1).find(Boolean);
    const def = name ? jvmMethodIn(facts, r.file, name) : undefined;
    if (!def) return { text: regLine, file: r.file, line: r.line };
    const own = jvmMethodBody(facts, def);
    const called = [...new Set([...own.matchAll(/(?<![\w.])([a-z]\w*)\s*\(/g)].map((m) => m[1]!))]
      .filter((n) => n !== name)
      .flatMap((n) => {
        const d = jvmMethodIn(facts, r.file, n);
        return d ? [jvmMethodBody(facts, d)] : [];
      });
    return { text: [regLine, own, ...called].join('\n'), file: def.file, line: def.line };
  }
  // Django URL confs name the view (`path("health", health_view)`): its body is in the module it is imported from.
  if (r.framework === 'django' && r.handler && /^[\w.]+$/.test(r.handler)) {
    const def = djangoView(facts, r.file, r.handler);
    if (def) {
      const body = bodyFrom(facts, def.file, def.line, 60);
      return { text: body.text, file: def.file, line: def.line };
    }
  }
  // A Falcon resource (`api.add_route("/api/v1/health", HealthResource())`): its responders (`on_get`, `on_post` …) are
  // the handler, in the class's body.
  if (r.framework === 'python' && r.handler && /^[A-Z]\w*$/.test(r.handler)) {
    const cls = new RegExp(`^class\\s+${r.handler}\\b`);
    const hits = facts.repo.grep(cls, { languages: ['python'], kinds: ['source'] });
    const def = hits.find((h) => h.path === r.file) ?? hits[0];
    if (def) {
      const body = bodyFrom(facts, def.path, def.line, 60);
      return { text: `${regLine}\n${body.text}`, file: def.path, line: def.line };
    }
  }
  // AdonisJS: a controller and its method as a tuple (`router.get('/health', [HealthChecksController, 'handle'])`), the
  // controller imported lazily (`const HealthChecksController = () => import('#controllers/health_checks_controller')`)
  // or statically: the method's body in the controller's module is the handler.
  const tuple = /\.[cm]?[jt]s$/.test(r.file) ? ADONIS_CONTROLLER_TUPLE.exec(regLine) : null;
  if (tuple) {
    const lines = facts.repo.lines(r.file);
    const declares = new RegExp(`\\b(?:const|let|var|import)\\s+${escapeRegExp(tuple[1]!)}\\b`);
    const ref = (facts.imports.byFile.get(r.file) ?? []).find((i) => i.local && declares.test(lines[i.line - 1] ?? ''));
    const def = ref?.local ? classMethodIn(facts, ref.local, tuple[2]!) : undefined;
    if (def) {
      const body = bodyFrom(facts, def.file, def.line, 30);
      return { text: `${regLine}\n${body.text}`, file: def.file, line: def.line };
    }
  }
  const named =
    py || r.framework === 'nestjs' || r.framework === 'inversify' || r.framework === 'nextjs'
      ? undefined
      : (r.handler ?? /,\s*(?:[\w$.]+\s*,\s*)*([\w$.]+)\s*\)+\s*;?\s*$/.exec(regLine)?.[1]);
  if (named && (!/#/.test(named) || (r.framework === 'rails' && /^[\w/]+#\w+$/.test(named)))) {
    // A Go handler factory (`handlers.Health()`, `api.Health(db)`): the handler is the closure its body returns.
    const factory = r.framework === 'go' ? /^([\w.]+)\([^()]*\)$/.exec(named)?.[1] : undefined;
    const def = handlerDefinition(facts, factory ?? named, r.file);
    if (def) {
      const body = bodyFrom(facts, def.file, def.line, 30);
      return { text: `${regLine}\n${body.text}`, file: def.file, line: def.line };
    }
  }
  // Utopia: the handler is the `->action(function (…) {` closure at the end of the route's chain (after its params,
  // labels and SDK description), or a platform Action's `action()` method (`->callback($this->action(...))`).
  if (r.framework === 'utopia') {
    const all = facts.repo.lines(r.file);
    const chainEnd = all.findIndex((l, i) => i >= r.line - 1 && /^\s*->\s*(?:action|callback)\s*\(/.test(l));
    const closure = chainEnd >= 0 && /->\s*action\s*\(\s*(?:static\s+)?(?:function|fn)\b/.test(all[chainEnd]!);
    const method = closure ? -1 : all.findIndex((l) => /^\s*(?:public\s+)?function\s+action\s*\(/.test(l));
    const at = closure ? chainEnd : method;
    if (at >= 0) return { text: bodyFrom(facts, r.file, at + 1, 60).text, file: r.file, line: at + 1 };
  }
  // Object-style routes (hapi server.route({ method, path, handler }), fastify.route): the body ends with the object.
  if (/^\s*\{?\s*(method|path|url)\s*:/.test(regLine)) {
    const all = facts.repo.lines(r.file);
    const indent = /^\s*/.exec(regLine)![0].length;
    const out: string[] = [];
    for (let i = r.line - 1; i < Math.min(all.length, r.line + 40); i++) {
      const l = all[i]!;
      if (i > r.line - 1 && l.trim() && /^\s*/.exec(l)![0].length < indent) break;
      out.push(l);
    }
    // `handler: this.getReady` in a controller class's route table: the method's body is the handler.
    const named = /\bhandler\s*:\s*(?:this\.)?([\w$]+)\s*[,}\n]/.exec(out.join('\n'))?.[1];
    if (named) {
      const def =
        classMethodIn(facts, r.file, named) ??
        (/^[\w$]+$/.test(named) ? handlerDefinition(facts, named, r.file) : undefined);
      if (def) {
        const body = bodyFrom(facts, def.file, def.line, 30);
        return { text: `${out.join('\n')}\n${body.text}`, file: def.file, line: def.line };
      }
    }
    return { text: out.join('\n'), file: r.file, line: r.line };
  }
  // An inline handler registered on one line ends there: do not read the next registrations.
  if (
    (r.framework === 'go' && !/\{\s*$/.test(regLine)) ||
    (r.framework === 'node' &&
      /\)\s*;?\s*$/.test(regLine) &&
      !/=>\s*\{\s*$|function\s*\([^)]*\)\s*\{\s*$/.test(regLine))
  ) {
    return { text: regLine, file: r.file, line: r.line };
  }
  return { text: reg.text, file: r.file, line: r.line };
}

/**
 * Laravel form requests whose `authorize()` decides per request (`return $order->user_id === $this->user()->id`,
 * `return $this->user()->can('update', $post)`): the framework answers 403 before the controller runs when it returns
 * false. An `authorize()` that only returns true authorizes nothing.
 */
export function formRequestAuthorizations(facts: Facts): { path: string; line: number; text: string }[] {
  const out: { path: string; line: number; text: string }[] = [];
  for (const m of grepReached(facts, /^\s*(?:public\s+)?function\s+authorize\s*\(\s*\)/, ['php'])) {
    const text = facts.repo.read(m.path) ?? '';
    // A FormRequest, or a request class of the app's own base request (`class DeleteArticle extends ApiRequest`).
    const formRequest =
      /\bextends\s+(?:\\?Illuminate\\Foundation\\Http\\)?FormRequest\b/.test(text) ||
      (/(^|\/)Http\/Requests\//.test(m.path) && /\bextends\s+\w*Request\b/.test(text));
    if (!formRequest) continue;
    const lines = facts.repo.lines(m.path);
    const indent = /^\s*/.exec(lines[m.line - 1] ?? '')![0].length;
    const returns: { line: number; text: string }[] = [];
    for (let i = m.line; i < Math.min(lines.length, m.line + 30); i++) {
      const l = lines[i]!;
      if (/^\s*\}\s*$/.test(l) && /^\s*/.exec(l)![0].length <= indent) break;
      if (/^\s*return\b/.test(l)) returns.push({ line: i + 1, text: l.trim() });
    }
    const deciding = returns.find((r) => !/^return\s+true\s*;/i.test(r.text));
    if (deciding) out.push({ path: m.path, line: deciding.line, text: deciding.text });
  }
  return out;
}

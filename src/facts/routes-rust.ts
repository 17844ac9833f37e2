import type { RepoIndex } from '../repo/index.js';
import { escapeRegExp } from '../repo/text.js';
import { maskText } from './code-text.js';
import { type RustFacts, rustUsesOf } from './rust.js';
import { joinPath } from './url-path.js';

/**
 * Rust route registrations, per file, for the web frameworks in use:
 * - axum / poem / tide: `.route("/x", get(h).post(h2))` (and aide's `.api_route("/x", get_with(h, docs))`), `.at("/x", get(h))`, `app.at("/x").get(h)`, nested under
 *   `.nest("/api", …)` (an inline router, a variable bound in the same function, or a call to another function);
 * - actix-web: `.route("/x", web::get().to(h))`, `web::resource("/x").route(web::post().to(h))`, attribute macros
 *   (`#[get("/x")]`) registered with `.service(h)`, under `web::scope("/api")` chains and `.configure(f)` calls;
 * - Rocket: attribute macros registered by `routes![…]` under `.mount("/api", …)`;
 * - poem-openapi `#[oai(path = "/x", method = "get")]`; salvo `Router::with_path("x").get(h)`; warp `warp::path!`;
 * - dropshot `#[endpoint { method = GET, path = "/x" }]` registered by `api.register(h)`.
 * Prefixes that cross functions are call mounts (the callee names the function whose routes they prefix); service.ts
 * resolves them across files.
 */
export interface RustRoute {
  method: string;
  /** The path with the prefixes of the nests/scopes around it in the same function. */
  path: string;
  offset: number;
  handler?: string;
  /** The function the registration is in. */
  func?: string;
  framework: string;
  /**
   * An attribute route (`#[get("/x")] async fn h`) is served only where something registers its handler: `.service(h)`,
   * `routes![h]`, `services![h]`.
   */
  attribute?: boolean;
  /**
   * The path named by a constant instead of a literal (`#[my_codegen::get(path = "crate::ROUTES.meta.health")]`): the
   * expression as written, resolved across the crate's files to the string field it ends with (`health: "/api/v1/health"`).
   */
  pathExpr?: string;
  /** The `#[OpenApi] impl Api` block a poem-openapi operation belongs to: served where an OpenApiService takes `Api`. */
  implType?: string;
}

/** A handler registered by name (`.service(h)`, `routes![a, b]`) under the prefixes around it in its function. */
export interface RustRegistration {
  handler: string;
  prefix: string;
  offset: number;
  func?: string;
}

/** A prefix handed to another function: `.nest("/api", api::routes())`, `.configure(users::config)`, `.mount("/x", f())`. */
export interface RustCallMount {
  prefix: string;
  /** The called function as written: `api::routes`, `config`, `handlers::user::configure`. */
  callee: string[];
  offset: number;
  func?: string;
}

export interface RustMiddleware {
  /** The registered thing as written, without arguments: `TraceLayer::new_for_http`, `Logger::default`, `cors`. */
  name: string;
  /** `layer`, `route_layer`, `wrap`, `wrap_fn`, `with`, `attach`, `hoop`. */
  via: string;
  offset: number;
  /** The registration's text up to its closing parenthesis (for options). */
  text: string;
}

export interface RustFunction {
  name: string;
  start: number;
  bodyStart: number;
  end: number;
}

const METHODS = 'get|post|put|patch|delete|head|options|trace|connect|any';

/** Offset of the bracket closing the one at `open` (in text whose literals and comments are blanked), or -1. */
export function closeOf(bare: string, open: number): number {
  let depth = 0;
  for (let i = open; i < bare.length; i++) {
    const c = bare[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i;
      if (depth < 0) return -1;
    }
  }
  return -1;
}

/** Top-level arguments of the call whose '(' is at `open`: [start, end) offsets. */
function argSpans(bare: string, open: number): [number, number][] {
  const close = closeOf(bare, open);
  if (close < 0) return [];
  const spans: [number, number][] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open + 1; i < close; i++) {
    const c = bare[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      spans.push([start, i]);
      start = i + 1;
    }
  }
  if (bare.slice(start, close).trim()) spans.push([start, close]);
  return spans;
}

/** The string literal an argument is (`"/x"`), read from the original text. */
function literalAt(text: string, bare: string, [s, e]: [number, number]): string | undefined {
  const arg = bare.slice(s, e);
  const q = arg.indexOf('"');
  if (q < 0 || !/^\s*(?:r#*)?"/.test(arg)) return undefined;
  const close = arg.lastIndexOf('"');
  return close > q ? text.slice(s + q + 1, s + close) : undefined;
}

/** `fn name(...) ... { … }` definitions with their body ranges. */
export function rustFunctions(bare: string): RustFunction[] {
  const out: RustFunction[] = [];
  for (const m of bare.matchAll(/\bfn\s+(\w+)\s*(?:<[^{;]*?>)?\s*\(/g)) {
    const paren = m.index! + m[0].length - 1;
    const close = closeOf(bare, paren);
    if (close < 0) continue;
    // The body: the first '{' after the signature, unless a ';' ends a declaration first (trait methods).
    let i = close + 1;
    while (i < bare.length && bare[i] !== '{' && bare[i] !== ';') i++;
    if (bare[i] !== '{') continue;
    const end = closeOf(bare, i);
    if (end > 0) out.push({ name: m[1]!, start: m.index!, bodyStart: i, end });
  }
  return out;
}

function innermostFn(fns: RustFunction[], offset: number): RustFunction | undefined {
  let best: RustFunction | undefined;
  for (const f of fns) if (f.bodyStart <= offset && offset <= f.end && (!best || f.start > best.start)) best = f;
  return best;
}

function enclosingFn(fns: RustFunction[], offset: number): string | undefined {
  return innermostFn(fns, offset)?.name;
}

/** Axum/Rocket/actix path parameters written as `{id}`, `:id`, `<id>` all read as `{id}`. */
function normaliseParams(p: string): string {
  return p.replace(/<([\w.]+)>/g, '{$1}').replace(/(^|\/):(\w+)/g, '$1{$2}');
}

/**
 * A poem-openapi service built from API types (`OpenApiService::new((MailApi, UsersApi), "mail", "1.0")`): their
 * operations are served under the prefixes around it, and under those of the function it is built in.
 */
export interface RustApiMount {
  types: string[];
  prefix: string;
  func?: string;
}

export interface RustRouteFile {
  routes: RustRoute[];
  registrations: RustRegistration[];
  callMounts: RustCallMount[];
  apiMounts: RustApiMount[];
  middleware: RustMiddleware[];
  functions: RustFunction[];
}

/** A callee path as written at the start of an argument: `api::routes(state)` → ['api', 'routes']. */
function calleeOf(arg: string): string[] | undefined {
  const m = /^\s*&?\s*((?:[a-z_]\w*::)*[a-z_]\w*)\s*(?:::<[^>]*>)?\s*(\()?/.exec(arg);
  if (!m) return undefined;
  return m[1]!.split('::');
}

/**
 * The project's own method-router helpers: `fn get_cached<H, T, S>(handler: H) -> MethodRouter<S> { get(handler)
 * .route_layer(…) }` wraps axum's `get` with per-route middleware, and `.route("/x", get_cached(h))` registers a GET.
 * Name → the methods its body routes (calls at the body's top level).
 */
export function methodRouterHelpers(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!/->\s*(?:[\w:]+::)?MethodRouter\b/.test(text)) return out;
  const bare = maskText(text, 'rust').bare;
  for (const f of rustFunctions(bare)) {
    if (!/->\s*(?:[\w:]+::)?MethodRouter\b/.test(bare.slice(f.start, f.bodyStart))) continue;
    const body = bare.slice(f.bodyStart + 1, f.end);
    const depth = depthsOf(body);
    const methods = new Set<string>();
    for (const v of body.matchAll(new RegExp(`(?:^|[^\\w.:]|routing::)(${METHODS})\\s*\\(`, 'g'))) {
      if (depth[v.index!] !== 0) continue;
      methods.add(v[1]!.toUpperCase());
    }
    if (methods.size) out.set(f.name, [...methods]);
  }
  return out;
}

/** `#[typed_path("/x/:id")]` over the struct it derives TypedPath for (other attributes may sit between). */
const TYPED_PATH_STRUCT =
  /#\[\s*typed_path\s*\(\s*"([^"\n]*)"[^\]]*\]\s*(?:#\[[^\]]*\]\s*)*(?:pub(?:\([^)]*\))?\s+)?struct\s+([A-Z]\w*)/g;

/**
 * `const NAME: &str = "/path";` (also `&'static str`, `pub(crate) const`): a string constant of the file, a route path
 * named once for the crate when it starts with a slash (`"__dufs__/health"` compared with a request path need not).
 */
const STR_CONSTANT = /\bconst\s+([A-Z][A-Z0-9_]*)\s*:\s*&(?:'static\s+)?str\s*=\s*"([^"\n]*)"\s*;/g;

/**
 * Route paths named once for the crate, by name, from every file given: string constants
 * (`pub(crate) const HEALTH_PREFIX: &str = "/health";` in a `prefix.rs` the router imports), axum-extra typed-path
 * structs under the struct's name (`#[typed_path("/:repo/config")] struct RepoConfigPath`), and handlers taking
 * exactly one such struct under the function's name. Only values starting with a slash are kept; a name defined with
 * two different paths is left out: the reader cannot tell which one is meant.
 */
export function rustPathConstants(texts: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  const clash = new Set<string>();
  const add = (name: string, value: string): void => {
    if (!value.startsWith('/')) return;
    const known = out.get(name);
    if (known !== undefined && known !== value) clash.add(name);
    else out.set(name, value);
  };
  for (const text of texts) {
    // axum-extra's typed paths: the struct a handler takes names its route (`#[typed_path("/:repo/config")] struct
    // RepoConfigPath`), registered by `.typed_get(handler::<RepoConfigPath>)`; kept under the struct's name.
    if (text.includes('typed_path')) for (const m of text.matchAll(TYPED_PATH_STRUCT)) add(m[2]!, m[1]!);
    if (!text.includes('&') || !text.includes('str')) continue;
    for (const m of text.matchAll(STR_CONSTANT)) {
      const [, name, value] = m as unknown as [string, string, string];
      add(name, value);
    }
  }
  // A handler taking a typed path (`async fn health(_: HealthPath)`, `async fn show(ItemPath { id }: ItemPath, …)`) is
  // registered by name alone (`.typed_get(health)`): kept under the function's name (lower case, unlike a constant's).
  const typed = new Set([...out.keys()].filter((k) => /^[A-Z][a-z]/.test(k)));
  if (typed.size)
    for (const text of texts)
      for (const m of text.matchAll(/\bfn\s+([a-z_]\w*)\s*(?:<[^>{]*>)?\s*\(([^)]*)\)/g)) {
        const types = [...m[2]!.matchAll(/:\s*([A-Z]\w*)\b/g)].map((t) => t[1]!).filter((t) => typed.has(t));
        if (types.length === 1) add(m[1]!, out.get(types[0]!)!);
      }
  for (const name of clash) out.delete(name);
  return out;
}

export function rustRoutes(
  text: string,
  frameworks: ReadonlySet<string>,
  helpers: ReadonlyMap<string, string[]> = new Map(),
  constants: ReadonlyMap<string, string> = new Map(),
): RustRouteFile {
  const bare = maskText(text, 'rust').bare;
  const functions = rustFunctions(bare);
  const routes: RustRoute[] = [];
  const registrations: RustRegistration[] = [];
  const callMounts: RustCallMount[] = [];
  const middleware: RustMiddleware[] = [];
  /** Prefix ranges inside this file: nest arguments, scopes, variables bound to routers later nested. */
  const ranges: { start: number; end: number; prefix: string }[] = [];
  const prefixAt = (offset: number, exclude?: number): string =>
    joinPath(
      ...ranges
        .filter((r) => r.start <= offset && offset < r.end && r.start !== exclude)
        .sort((a, b) => a.start - b.start)
        .map((r) => r.prefix),
    );
  /** `let name = <expr>;` in the function around `offset`: the initializer's range. */
  const bindingOf = (name: string, offset: number): [number, number] | undefined => {
    const fn = functions.filter((f) => f.bodyStart <= offset && offset <= f.end).sort((a, b) => b.start - a.start)[0];
    const from = fn?.bodyStart ?? 0;
    const re = new RegExp(`\\blet\\s+(?:mut\\s+)?${name}\\b[^=;]*=`, 'g');
    re.lastIndex = from;
    let found: [number, number] | undefined;
    for (let m = re.exec(bare); m && m.index < offset; m = re.exec(bare)) {
      const start = m.index + m[0].length;
      let end = start;
      let depth = 0;
      for (; end < bare.length; end++) {
        const c = bare[end];
        if (c === '(' || c === '[' || c === '{') depth++;
        else if (c === ')' || c === ']' || c === '}') depth--;
        else if (c === ';' && depth === 0) break;
        if (depth < 0) break;
      }
      found = [start, end];
    }
    return found;
  };
  /**
   * The path an argument names: a literal, a `const NAME: &str = "/x"` of the file, or a local bound to either
   * (`let path = if cfg.path.is_empty() { DEFAULT_PATH } else { &cfg.path };` registers the default path).
   */
  const constant = (n: string): string | undefined => {
    const d = new RegExp(`\\bconst\\s+${n}\\s*:\\s*&(?:'static\\s+)?str\\s*=\\s*`).exec(bare);
    if (!d) return constants.get(n);
    const start = d.index + d[0].length;
    return literalAt(text, bare, [start, bare.indexOf(';', start)]);
  };
  /**
   * A path assembled by `format!` from constants and literals: `&format!("{CONSOLE_PREFIX}{HEALTH_PREFIX}")`,
   * `format!("{}/ready", API_PREFIX)`. Any piece that is not a constant or a literal leaves the path unread.
   */
  const formatted = (span: [number, number]): string | undefined => {
    const m = /^\s*&?\s*format!\s*\(/.exec(bare.slice(span[0], span[1]));
    if (!m) return undefined;
    const args = argSpans(bare, span[0] + m[0].length - 1);
    const template = args[0] ? literalAt(text, bare, args[0]) : undefined;
    if (template === undefined || /\{\{|\}\}/.test(template)) return undefined;
    const positional = args.slice(1).map((a) => {
      const arg = bare.slice(a[0], a[1]).trim();
      return /^[A-Z][A-Z0-9_]*$/.test(arg) ? constant(arg) : literalAt(text, bare, a);
    });
    let next = 0;
    let unread = false;
    const path = template.replace(/\{([A-Za-z_]\w*)?\}/g, (_, name?: string) => {
      const v = name ? (/^[A-Z][A-Z0-9_]*$/.test(name) ? constant(name) : undefined) : positional[next++];
      if (v === undefined) unread = true;
      return v ?? '';
    });
    return unread || /[{}]/.test(path) ? undefined : path;
  };
  const pathAt = (span: [number, number], at: number): string | undefined => {
    const literal = literalAt(text, bare, span);
    if (literal !== undefined) return literal;
    const built = formatted(span);
    if (built !== undefined) return built;
    const name = /^\s*([A-Za-z_]\w*)\s*$/.exec(bare.slice(span[0], span[1]))?.[1];
    if (!name) return undefined;
    if (/^[A-Z][A-Z0-9_]*$/.test(name)) return constant(name);
    const bound = bindingOf(name, at);
    if (!bound) return undefined;
    const init = bare.slice(bound[0], bound[1]);
    const q = init.indexOf('"');
    if (q >= 0) return literalAt(text, bare, [bound[0] + q, bare.indexOf('"', bound[0] + q + 1) + 1]);
    const consts = [...new Set(init.match(/\b[A-Z][A-Z0-9_]{2,}\b/g) ?? [])];
    return consts.length === 1 ? constant(consts[0]!) : undefined;
  };
  const callMount = (prefix: string, callee: string[], at: number): void => {
    callMounts.push({ prefix: joinPath(prefixAt(at), prefix), callee, offset: at, func: enclosingFn(functions, at) });
  };
  /**
   * The router handed to a nest/mount/configure: inline (a prefix range; aide's ApiRouter and utoipa-axum's
   * OpenApiRouter too), a local variable, or another function.
   */
  const nested = (prefix: string, open: number, argIndex: number, at: number): void => {
    const arg = argSpans(bare, open)[argIndex];
    if (!arg) return;
    const argText = bare.slice(arg[0], arg[1]);
    if (
      /^\s*(?:[\w:]+::)?(?:Api|OpenApi)?(?:Router|Route)::new\s*\(|^\s*web::scope\s*\(|^\s*(?:routes|services)!\s*[[(]/.test(
        argText,
      )
    ) {
      ranges.push({ start: arg[0], end: arg[1], prefix });
      return;
    }
    const callee = calleeOf(argText);
    if (!callee) return;
    const bound = callee.length === 1 && !/^\s*\w+\s*\(/.test(argText) ? bindingOf(callee[0]!, at) : undefined;
    if (!bound) {
      callMount(prefix, callee, at);
      return;
    }
    ranges.push({ start: bound[0], end: bound[1], prefix });
    // A variable bound to a call: `let api = api::routes();` then `.nest("/api", api)`, also with type arguments
    // (`let v1 = v1::router::<Server<C, A>, State<C>>();`).
    const init = bare.slice(bound[0], bound[1]);
    const c = calleeOf(init);
    if (
      c &&
      /^\s*[\w:]+\s*(?:::\s*<(?:[^;{}()]|\(\))*>\s*)?\(/.test(init) &&
      !/^\s*(?:[\w:]+::)?(?:Router|ApiRouter|OpenApiRouter|Route|App|OpenApiService)::/.test(init)
    )
      callMount(prefix, c, at);
  };

  // Nests and scopes first: routes read their prefixes.
  for (const m of bare.matchAll(/\.(nest|nest_service|nest_api_service|nest_no_strip|mount)\s*\(/g)) {
    const open = m.index! + m[0].length - 1;
    const spans = argSpans(bare, open);
    const p = spans[0] ? pathAt(spans[0], m.index!) : undefined;
    if (p === undefined || m[1] === 'nest_service') continue;
    // poem's `nest_no_strip("/api/v1", api)` hands the endpoint the whole path: its routes are written with the prefix.
    nested(m[1] === 'nest_no_strip' ? '' : p, open, 1, m.index!);
  }
  for (const m of bare.matchAll(/\bweb::scope\s*\(|\bRouter::with_path\s*\(/g)) {
    const open = m.index! + m[0].length - 1;
    const spans = argSpans(bare, open);
    const p = spans[0] ? literalAt(text, bare, spans[0]) : undefined;
    if (p === undefined) continue;
    // The scope's chain: from the call to the end of the expression it starts.
    let end = open;
    let depth = 0;
    for (end = m.index!; end < bare.length; end++) {
      const c = bare[end];
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') {
        depth--;
        if (depth < 0) break;
      } else if ((c === ';' || c === ',') && depth === 0) break;
    }
    ranges.push({ start: m.index!, end, prefix: p });
  }
  // rocket_okapi: `mount_endpoints_and_merged_docs! { rocket, "/", settings, "/users" => users::routes(), … }` mounts
  // each function's `openapi_get_routes_spec![…]` under its prefix.
  for (const m of bare.matchAll(/\bmount_endpoints_and_merged_docs!\s*[{([]/g)) {
    for (const [s, e] of argSpans(bare, m.index! + m[0].length - 1).slice(3)) {
      const arrow = bare.slice(s, e).indexOf('=>');
      const p = arrow < 0 ? undefined : literalAt(text, bare, [s, s + arrow]);
      if (p === undefined) continue;
      const argText = bare.slice(s + arrow + 2, e);
      if (/^\s*openapi_get_routes(?:_spec)?!/.test(argText)) ranges.push({ start: s + arrow + 2, end: e, prefix: p });
      else if (/^\s*(?:[a-z_]\w*::)*[a-z_]\w*\s*\(/.test(argText)) callMount(p, calleeOf(argText)!, m.index!);
    }
  }
  // actix `.configure(f)` and `.merge(f())`: functions whose routes take the prefix here.
  for (const m of bare.matchAll(/\.(configure|merge)\s*\(/g)) {
    const open = m.index! + m[0].length - 1;
    nested('', open, 0, m.index!);
  }

  const push = (r: Omit<RustRoute, 'func' | 'path'> & { path: string }, rangeExclude?: number): void => {
    routes.push({
      ...r,
      path: normaliseParams(joinPath(prefixAt(r.offset, rangeExclude), r.path)),
      func: enclosingFn(functions, r.offset),
    });
  };
  const web = frameworks.has('actix-web') ? 'actix-web' : undefined;
  // poem: an endpoint nested at a path answers there (`.nest("/api/login", post(login))`).
  if (frameworks.has('poem'))
    for (const m of bare.matchAll(/\.nest(?:_no_strip)?\s*\(/g)) {
      const spans = argSpans(bare, m.index! + m[0].length - 1);
      const p = spans[0] ? pathAt(spans[0], m.index!) : undefined;
      const ep =
        spans[1] && new RegExp(`^\\s*(?:poem::)?(${METHODS})\\s*\\(\\s*([\\w:]+)`).exec(bare.slice(...spans[1]));
      if (p !== undefined && ep)
        push({ method: verb(ep[1]!), path: p, offset: m.index!, handler: ep[2], framework: 'poem' });
    }

  // `.route("/x", get(h).post(h2))` (axum), `.route("/x", web::get().to(h))` (actix), `.at("/x", get(h))` (poem);
  // aide's documented axum routes: `.api_route("/x", get(h))`, `.api_route_with("/x", get_with(h, docs), tag)`;
  // axum-extra's `.route_with_tsr("/x", get(h))` (the same route, and a redirect for its trailing-slash twin).
  // axum's `.route_service("/status", HealthServer::new(…))`: a tower service answering every method at the path.
  for (const m of bare.matchAll(/\.(route|at|api_route|api_route_with|route_with_tsr|route_service)\s*\(/g)) {
    const open = m.index! + m[0].length - 1;
    const spans = argSpans(bare, open);
    if (spans.length < 2) {
      // tide: app.at("/x").get(h).post(h2)
      const p = spans[0] ? literalAt(text, bare, spans[0]) : undefined;
      if (p === undefined || m[1] !== 'at') continue;
      const after = bare.slice(closeOf(bare, open) + 1, closeOf(bare, open) + 400);
      for (const v of after.matchAll(new RegExp(`^\\s*\\.(${METHODS}|all)\\s*\\(\\s*([\\w:]+)?`, 'gm'))) {
        push({ method: verb(v[1]!), path: p, offset: m.index!, handler: v[2], framework: 'tide' });
        break;
      }
      continue;
    }
    const p = pathAt(spans[0]!, m.index!);
    if (p === undefined) continue;
    const arg = bare.slice(spans[1]![0], spans[1]![1]);
    if (m[1] === 'route_service') {
      const service = /^\s*&?\s*(?:\w+::)*([A-Z]\w*)\b/.exec(arg)?.[1] ?? calleeOf(arg)?.join('::');
      push({ method: 'ANY', path: p, offset: m.index!, handler: service, framework: 'axum' });
      continue;
    }
    const actix = /\bweb::(?:get|post|put|patch|delete|head|method|route)\s*\(/.test(arg);
    if (actix) {
      for (const v of arg.matchAll(
        /\bweb::(get|post|put|patch|delete|head|route)\s*\(\s*\)[\s\S]*?\.to(?:_async)?\s*\(\s*([\w:]+)?/g,
      ))
        push({ method: verb(v[1]!), path: p, offset: m.index!, handler: v[2], framework: 'actix-web' });
      continue;
    }
    let found = false;
    const depth = depthsOf(arg);
    for (const v of arg.matchAll(
      new RegExp(`(?:^|[.:\\s])(${METHODS})(?:_service|_with)?\\s*\\(\\s*([\\w:]+)?`, 'g'),
    )) {
      if (depth[v.index!] !== 0) continue;
      found = true;
      push({
        method: verb(v[1]!),
        path: p,
        offset: m.index!,
        handler: v[2],
        framework: m[1] === 'at' ? 'poem' : 'axum',
      });
    }
    // A project helper wrapping a method router: `.route("/x", get_static(h))`.
    const helper = !found ? /^\s*(\w+)\s*(?:::<[^>]*>)?\s*\(\s*([\w:]+)?/.exec(arg) : null;
    if (helper && helpers.has(helper[1]!)) {
      found = true;
      for (const method of helpers.get(helper[1]!)!)
        push({ method, path: p, offset: m.index!, handler: helper[2], framework: 'axum' });
    }
    if (!found && /\bon\s*\(\s*MethodFilter::(\w+)/.test(arg))
      push({
        method: /\bon\s*\(\s*MethodFilter::(\w+)/.exec(arg)![1]!.toUpperCase(),
        path: p,
        offset: m.index!,
        framework: 'axum',
      });
    else if (!found && m[1] === 'at')
      push({ method: 'ANY', path: p, offset: m.index!, handler: calleeOf(arg)?.join('::'), framework: 'poem' });
    else if (!found && web) push({ method: 'ANY', path: p, offset: m.index!, framework: 'actix-web' });
  }
  // axum-extra's typed routing: `.typed_post(add_file::<BlobPath>)` or `.typed_get(health)`, the path being the one
  // the `#[typed_path("…")]` of the struct named, or taken by the handler, names (see rustPathConstants).
  if (frameworks.has('axum'))
    for (const m of bare.matchAll(
      new RegExp(
        `\\.typed_(${METHODS})\\s*\\(\\s*([\\w:]+?)\\s*(?:::\\s*<\\s*(?:\\w+::)*([A-Z]\\w*)\\s*>\\s*)?[,)]`,
        'g',
      ),
    )) {
      const p = constants.get(m[3] ?? m[2]!.split('::').pop()!);
      if (p === undefined) continue;
      push({ method: verb(m[1]!), path: p, offset: m.index!, handler: m[2], framework: 'axum' });
    }
  // actix `web::resource("/x").route(web::get().to(h))…` / `.to(h)`.
  for (const m of bare.matchAll(/\bweb::resource\s*\(/g)) {
    const open = m.index! + m[0].length - 1;
    const spans = argSpans(bare, open);
    const p = spans[0] ? literalAt(text, bare, spans[0]) : undefined;
    if (p === undefined) continue;
    const close = closeOf(bare, open);
    let end = close + 1;
    let depth = 0;
    for (; end < bare.length; end++) {
      const c = bare[end];
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') {
        depth--;
        if (depth < 0) break;
      } else if ((c === ';' || c === ',') && depth === 0) break;
    }
    const chain = bare.slice(close + 1, end);
    let any = false;
    for (const v of chain.matchAll(
      /\bweb::(get|post|put|patch|delete|head)\s*\(\s*\)[\s\S]*?\.to(?:_async)?\s*\(\s*([\w:]+)?/g,
    )) {
      any = true;
      push({ method: verb(v[1]!), path: p, offset: m.index!, handler: v[2], framework: 'actix-web' });
    }
    const to = /^\s*\.to(?:_async)?\s*\(\s*([\w:]+)?/.exec(chain);
    if (!any || to) push({ method: 'ANY', path: p, offset: m.index!, handler: to?.[1], framework: 'actix-web' });
  }
  // salvo: Router::with_path("x").get(h) — the method calls at the top of its own chain.
  for (const m of bare.matchAll(/\bRouter::with_path\s*\(/g)) {
    const open = m.index! + m[0].length - 1;
    const close = closeOf(bare, open);
    if (close < 0) continue;
    let depth = 0;
    for (let i = close + 1; i < bare.length; i++) {
      const c = bare[i];
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') {
        depth--;
        if (depth < 0) break;
      } else if ((c === ';' || c === ',') && depth === 0) break;
      if (depth === 0 && c === '.') {
        const v = new RegExp(`^\\.(${METHODS})\\s*\\(\\s*([\\w:]+)?`).exec(bare.slice(i, i + 80));
        if (v) push({ method: verb(v[1]!), path: '', offset: m.index!, handler: v[2], framework: 'salvo' });
      }
    }
  }
  // Attribute routes: actix-web and Rocket `#[get("/x")]`, `#[route("/x", method = "GET")]`; poem-openapi #[oai(...)].
  for (const m of text.matchAll(
    /#\[\s*(?:(?:actix_web|rocket)::)?(get|post|put|patch|delete|head|options|route)\s*\(\s*"([^"]*)"([^\]]*)\][\s\S]{0,400}?\bfn\s+(\w+)/g,
  )) {
    if (!isCode(bare, m.index!)) continue;
    const method =
      m[1] === 'route' ? (/method\s*=\s*"(\w+)"/.exec(m[3]!)?.[1]?.toUpperCase() ?? 'ANY') : m[1]!.toUpperCase();
    routes.push({
      method,
      path: normaliseParams(m[2]!.replace(/\?.*$/, '')),
      offset: m.index!,
      handler: m[4],
      framework: frameworks.has('rocket') && !frameworks.has('actix-web') ? 'rocket' : 'actix-web',
      attribute: true,
    });
  }
  // utoipa's OpenAPI attribute (`#[utoipa::path(get, path = "/health", responses(…))] async fn health`): with
  // utoipa-axum the attribute is the route, served where `OpenApiRouter::new().routes(routes!(health))` registers it.
  if (frameworks.has('axum'))
    for (const m of text.matchAll(
      /#\[\s*utoipa::path\s*\(\s*(get|post|put|patch|delete|head|options)\s*,[\s\S]{0,300}?\bpath\s*=\s*"([^"]*)"[\s\S]{0,2000}?\bfn\s+(\w+)/g,
    )) {
      if (!isCode(bare, m.index!)) continue;
      routes.push({
        method: m[1]!.toUpperCase(),
        path: normaliseParams(m[2]!),
        offset: m.index!,
        handler: m[3],
        framework: 'axum',
        attribute: true,
      });
    }
  // The codegen form with a named path, from actix-web's macros re-exported under another crate's name
  // (`#[my_codegen::get(path = "/x")]`, `#[get(path = "crate::ROUTES.auth.login")]`): a literal, or a constant expression.
  for (const m of text.matchAll(
    /#\[\s*(?:\w+::)*(get|post|put|patch|delete|head|options)\s*\(\s*path\s*=\s*"([^"]*)"([^\]]*)\][\s\S]{0,400}?\bfn\s+(\w+)/g,
  )) {
    if (!isCode(bare, m.index!)) continue;
    const literal = m[2]!.startsWith('/');
    if (!literal && !/^[\w:.]+$/.test(m[2]!)) continue;
    routes.push({
      method: m[1]!.toUpperCase(),
      path: literal ? normaliseParams(m[2]!.replace(/\?.*$/, '')) : '',
      pathExpr: literal ? undefined : m[2]!,
      offset: m.index!,
      handler: m[4],
      framework: frameworks.has('rocket') && !frameworks.has('actix-web') ? 'rocket' : 'actix-web',
      attribute: true,
    });
  }
  // dropshot: `#[endpoint { method = GET, path = "/v1/x", tags = ["x"] }]` (a WebSocket `#[channel { … }]` is a GET),
  // served where `api.register(h)` adds it to the ApiDescription, or by an `#[dropshot::api_description]` trait.
  if (frameworks.has('dropshot')) {
    const traitApi = /#\[\s*(?:dropshot::)?api_description\b/.test(bare);
    for (const m of text.matchAll(
      /#\[\s*(?:dropshot::)?(endpoint|channel)\s*\{([^{}]*)\}\s*\][\s\S]{0,600}?\bfn\s+(\w+)/g,
    )) {
      if (!isCode(bare, m.index!)) continue;
      const p = /\bpath\s*=\s*"([^"]*)"/.exec(m[2]!)?.[1];
      if (p === undefined) continue;
      const method = m[1] === 'channel' ? 'GET' : (/\bmethod\s*=\s*(\w+)/.exec(m[2]!)?.[1]?.toUpperCase() ?? 'ANY');
      routes.push({
        method,
        path: normaliseParams(p),
        offset: m.index!,
        handler: m[3],
        framework: 'dropshot',
        ...(traitApi ? {} : { attribute: true }),
      });
    }
    for (const m of bare.matchAll(/\.register\s*\(\s*((?:\w+::)*\w+)\s*\)/g))
      registrations.push({
        handler: m[1]!.split('::').pop()!,
        prefix: '',
        offset: m.index!,
        func: enclosingFn(functions, m.index!),
      });
  }
  // poem-openapi: `#[OpenApi(prefix_path = "/v1")] impl Api { #[oai(path = "/x", method = "get")] async fn … }`.
  const apiImpls: { start: number; end: number; name: string; prefix: string }[] = [];
  for (const m of bare.matchAll(/\bimpl\b(?:\s*<[^<>{]*>)?\s+([A-Z]\w*)\s*(?:<[^<>{]*>\s*)?\{/g)) {
    const attr = /#\[\s*OpenApi\b([^\]]*)\]\s*$/.exec(text.slice(Math.max(0, m.index! - 300), m.index!));
    if (!attr) continue;
    const end = closeOf(bare, m.index! + m[0].length - 1);
    const prefix = /\bprefix_path\s*=\s*"([^"]*)"/.exec(attr[1]!)?.[1] ?? '';
    apiImpls.push({ start: m.index!, end: end < 0 ? bare.length : end, name: m[1]!, prefix });
  }
  for (const m of text.matchAll(/#\[\s*oai\s*\(([^\]]*)\)\s*\][\s\S]{0,400}?\bfn\s+(\w+)/g)) {
    if (!isCode(bare, m.index!)) continue;
    const p = /\bpath\s*=\s*"([^"]*)"/.exec(m[1]!)?.[1];
    if (p === undefined) continue;
    const method = /\bmethod\s*=\s*"(\w+)"/.exec(m[1]!)?.[1]?.toUpperCase() ?? 'ANY';
    const api = apiImpls.find((i) => i.start < m.index! && m.index! < i.end);
    routes.push({
      method,
      path: normaliseParams(joinPath(api?.prefix ?? '', p)),
      offset: m.index!,
      handler: m[2],
      framework: 'poem',
      ...(api ? { implType: api.name } : {}),
    });
  }
  const apiMounts: RustApiMount[] = [];
  for (const m of bare.matchAll(/\bOpenApiService::new\s*\(/g)) {
    const first = argSpans(bare, m.index! + m[0].length - 1)[0];
    if (!first) continue;
    const types = [...bare.slice(first[0], first[1]).matchAll(/\b([A-Z]\w*)\b(?!\s*::\s*[A-Z])/g)].map((t) => t[1]!);
    if (types.length) apiMounts.push({ types, prefix: prefixAt(m.index!), func: enclosingFn(functions, m.index!) });
  }
  // warp: warp::path!("api" / "users" / u32) with the method filter of the same expression.
  for (const m of bare.matchAll(/\bwarp::path!\s*\(/g)) {
    const open = m.index! + m[0].length - 1;
    const close = closeOf(bare, open);
    if (close < 0) continue;
    const segs = text
      .slice(open + 1, close)
      .split('/')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => (/^"(.*)"$/.test(s) ? s.slice(1, -1) : `{${s.replace(/\W+/g, '')}}`));
    const stmtEnd = bare.indexOf(';', close);
    const stmt = bare.slice(Math.max(0, bare.lastIndexOf(';', m.index!)), stmtEnd < 0 ? close + 300 : stmtEnd);
    const method = /\bwarp::(get|post|put|patch|delete|head)\s*\(\s*\)/.exec(stmt)?.[1];
    routes.push({
      method: method ? method.toUpperCase() : 'ANY',
      path: joinPath(...segs),
      offset: m.index!,
      framework: 'warp',
      func: enclosingFn(functions, m.index!),
    });
  }

  // Registrations of attribute handlers: `.service(h)` (actix), `routes![a, b]` / `services![…]`.
  for (const m of bare.matchAll(/\.service\s*\(/g)) {
    const open = m.index! + m[0].length - 1;
    const spans = argSpans(bare, open);
    let arg = spans[0] ? bare.slice(spans[0][0], spans[0][1]).trim() : '';
    // `.service((a, b, c))`: a tuple of handlers.
    if (arg.startsWith('(') && closeOf(arg, 0) === arg.length - 1) arg = arg.slice(1, -1);
    const names = arg.split(',').map((a) => /^\s*((?:\w+::)*\w+)\s*$/.exec(a)?.[1]);
    if (names.length && names.every(Boolean)) {
      for (const name of names)
        registrations.push({
          handler: name!.split('::').pop()!,
          prefix: prefixAt(m.index!),
          offset: m.index!,
          func: enclosingFn(functions, m.index!),
        });
    } else if (/^(?:\w+::)*[a-z_]\w*\s*\(/.test(arg) && !/^web::/.test(arg)) {
      // `.service(api::scope())`: a function that builds a scope or resource.
      const callee = calleeOf(arg);
      if (callee) callMount('', callee, m.index!);
    }
  }
  // rocket_okapi's `openapi_get_routes_spec![a, b]` / `openapi_get_routes![…]` register like `routes![…]`.
  for (const m of bare.matchAll(/\b(?:routes|services|openapi_get_routes(?:_spec)?)!\s*[[(]/g)) {
    const open = m.index! + m[0].length - 1;
    const close = closeOf(bare, open);
    if (close < 0) continue;
    for (const h of bare.slice(open + 1, close).matchAll(/((?:\w+::)*)(\w+)/g))
      registrations.push({
        handler: h[2]!,
        prefix: prefixAt(m.index!),
        offset: m.index!,
        func: enclosingFn(functions, m.index!),
      });
  }
  // Middleware registrations.
  for (const m of bare.matchAll(/\.(layer|route_layer|wrap|wrap_fn|with|attach|hoop)\s*\(/g)) {
    const open = m.index! + m[0].length - 1;
    const close = closeOf(bare, open);
    if (close < 0) continue;
    const arg = bare.slice(open + 1, close).trim();
    const name = /^&?\s*(?:move\s+)?((?:[\w]+::)*\w+)/.exec(arg)?.[1] ?? arg.slice(0, 40);
    // `.with(…)` is middleware in poem, warp and tide only (tracing-subscriber layers use it too).
    if (m[1] === 'with' && !['poem', 'warp', 'tide'].some((f) => frameworks.has(f))) continue;
    middleware.push({ name, via: m[1]!, offset: m.index!, text: text.slice(m.index!, close + 1) });
  }
  return { routes, registrations, callMounts, apiMounts, middleware, functions };
}

/**
 * A hand-written hyper route: a `(Method, "/path")` match arm, a `("/path", "GET")` arm on the path and the method as
 * strings (oxhttp), a `METHOD "/path" =>` arm of a routing macro, the request path compared with a literal
 * (`req.uri().path() == "/health"`), a match on the path alone (`match req.uri().path() { "/live" => …, "/ready" => … }`),
 * or the request path bound to a name first (`let path = req.uri().path();`), matched further down.
 */
const HYPER_ARM =
  /\(\s*"\/[^"\n]*"\s*,\s*(?:\w+\s*@\s*)?\(?\s*"[A-Z]+"|\(\s*&?\s*(?:hyper::|http::)?Method::(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s*,\s*"\/|(?:^|[[,])\s*(?:GET|POST|PUT|PATCH|DELETE|HEAD)\s+"\/[^"\n]*"\s*(?:if\s+!?\w+\s*)?=>|\.uri\(\)\s*\.path\(\)\s*(?:==\s*"\/|\{)|\blet\s+\w+\s*=\s*[\w.&*]{1,60}\.uri\(\)\s*\.path\(\)/m;

/** `match req.uri().path() {`: the block's arms are the paths the handler answers, for any method. */
const PATH_MATCH = /\bmatch\s+[\w.&*]{1,60}\.uri\(\)\s*\.path\(\)\s*\{/g;
/** `let path = req.uri().path().to_owned();`: a name for the request path, matched further down its function. */
const PATH_BOUND = /\blet\s+(\w+)\s*=\s*[\w.&*]{1,60}\.uri\(\)\s*\.path\(\)/g;
/** An arm of a path match: `"/live" =>`, `"/a" | "/b" =>`, `"/x" if cond =>` (a comparison in the condition too). */
const PATH_ARM = /"(\/[^"\n]*)"\s*(?:\|\s*"\/[^"\n]*"\s*)*(?:if\s(?:[^=\n]|=(?!>)){0,80})?=>/g;

/** A match arm's guard on the request method: `if *req.method() == http::Method::GET`. */
const ARM_METHOD_GUARD =
  /\bif\s[^=\n]{0,60}?\.method\(\)\s*==\s*&?(?:\w+::)*Method::(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/;

/** `impl<S> Service<http::Request<Body>> for HealthCheckService<S>`: a tower Service over HTTP requests, and its type. */
const TOWER_HTTP_SERVICE =
  /\bimpl\s*<[^>{]*>\s*(?:tower::)?Service\s*<\s*(?:http::|hyper::)?Request\s*<[^{]*?\bfor\s+(\w+)/;

/** `req.uri().path() == "/health"`: the branch answers that path for any method the handler then accepts. */
const PATH_COMPARED = /\.uri\(\)\s*\.path\(\)\s*==\s*"(\/[^"\n]*)"/g;
/**
 * `fn handle_internal(&self, req_path: &str, …)`: the request path handed down to a helper by a parameter named for
 * it (`path`, `req_path`, `request_path`, `uri_path`; a `file_path` is no request path).
 */
const PATH_PARAM = /[(,]\s*((?:req(?:uest)?_|uri_)?path)\s*:\s*&(?:'\w+\s+)?str\b/g;
/** A value that reads as a URL path: segments of path characters, the leading slash optional. */
const URL_PATH = /^\/?(?:[\w.~@-]+\/)*[\w.~@-]*$/;

/**
 * A path-first arm of a match on the request's path and method as strings (oxhttp: `match (request.uri().path(),
 * request.method().as_ref()) { ("/query", "GET") => …, ("/sparql", method @ ("POST" | "QUERY")) => … }`).
 */
const PATH_METHOD_ARM =
  /\(\s*"(\/[^"\n]*)"\s*,\s*(?:\w+\s*@\s*)?\(?\s*"([A-Z]+)"((?:\s*\|\s*"[A-Z]+")*)\s*\)?\s*\)\s*=>/g;

function hyperRoutes(text: string, framework = 'hyper'): RustRoute[] {
  const bare = maskText(text, 'rust').bare;
  const functions = rustFunctions(bare);
  const routes: RustRoute[] = [];
  const re =
    /\(\s*&?\s*(?:hyper::|http::)?Method::(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s*,\s*"(\/[^"\n]*)"\s*\)\s*=>|(?:^|[[,])\s*(GET|POST|PUT|PATCH|DELETE|HEAD)\s+"(\/[^"\n]*)"\s*(?:if\s+!?\w+\s*)?=>/gm;
  for (const m of text.matchAll(re)) {
    // Not in a comment: the arm's first character is code in the masked text.
    const at = m.index! + m[0].search(/[(A-Z]/);
    if (bare[at] !== text[at]) continue;
    routes.push({
      method: (m[1] ?? m[3])!,
      path: normaliseParams((m[2] ?? m[4])!),
      offset: at,
      framework,
      func: enclosingFn(functions, at),
    });
  }
  for (const m of text.matchAll(PATH_METHOD_ARM)) {
    const at = m.index!;
    if (bare[at] !== text[at]) continue;
    for (const method of [m[2]!, ...[...m[3]!.matchAll(/"([A-Z]+)"/g)].map((x) => x[1]!)])
      routes.push({
        method,
        path: normaliseParams(m[1]!),
        offset: at,
        framework,
        func: enclosingFn(functions, at),
      });
  }
  // The opening braces of matches on the request path: on the call itself, or on a name bound to it
  // (`let path = req.uri().path().to_owned(); … match path {`) in the same function.
  const opens = new Set<number>();
  // Names holding the request path, each with the stretch of code it is in scope (see the `if` chains below).
  const holders: { name: string; from: number; to: number }[] = [];
  for (const m of bare.matchAll(PATH_MATCH)) opens.add(m.index! + m[0].length - 1);
  for (const m of bare.matchAll(PATH_BOUND)) {
    const fn = innermostFn(functions, m.index!);
    if (!fn) continue;
    holders.push({ name: m[1]!, from: m.index!, to: fn.end });
    const matchOf = new RegExp(`\\bmatch\\s+&?${escapeRegExp(m[1]!)}(?:\\.as_str\\(\\))?\\s*\\{`, 'g');
    for (const b of bare.slice(m.index!, fn.end).matchAll(matchOf)) opens.add(m.index! + b.index! + b[0].length - 1);
  }
  for (const open of opens) {
    const close = closeOf(bare, open);
    if (close < 0) continue;
    const block = text.slice(open, close);
    const depths = depthsOf(maskText(block, 'rust').bare);
    for (const arm of block.matchAll(PATH_ARM)) {
      // Arms of this match only (depth 1 inside its braces), not strings of the arms' own bodies.
      if (depths[arm.index!] !== 1) continue;
      // `"/perf/triage" if *req.method() == http::Method::GET =>`: the arm's guard names its method.
      const method = ARM_METHOD_GUARD.exec(arm[0])?.[1] ?? 'ANY';
      for (const p of arm[0].matchAll(/"(\/[^"\n]*)"/g)) {
        routes.push({
          method,
          path: normaliseParams(p[1]!),
          offset: open + arm.index!,
          framework,
          func: enclosingFn(functions, open + arm.index!),
        });
      }
    }
  }
  for (const m of text.matchAll(PATH_COMPARED)) {
    if (bare[m.index!] !== text[m.index!]) continue;
    routes.push({
      method: 'ANY',
      path: normaliseParams(m[1]!),
      offset: m.index!,
      framework,
      func: enclosingFn(functions, m.index!),
    });
  }
  // A name holding the request path compared with a path in an `if` chain (`else if req_path == HEALTH_CHECK_PATH {`),
  // in the function that bound it or in one receiving it as a parameter.
  const constants = new Map([...text.matchAll(STR_CONSTANT)].map((m) => [m[1]!, m[2]!] as const));
  for (const fn of functions)
    for (const m of bare.slice(fn.start, fn.bodyStart).matchAll(PATH_PARAM))
      holders.push({ name: m[1]!, from: fn.bodyStart, to: fn.end });
  for (const h of holders) {
    const compared = new RegExp(`\\b${escapeRegExp(h.name)}\\s*==\\s*(?:"([^"\\n]*)"|([A-Z][A-Z0-9_]*)\\b)`, 'g');
    for (const c of text.slice(h.from, h.to).matchAll(compared)) {
      const at = h.from + c.index!;
      const value = c[1] ?? constants.get(c[2]!);
      if (bare[at] !== text[at] || !value || !URL_PATH.test(value)) continue;
      routes.push({
        method: 'ANY',
        path: normaliseParams(value.startsWith('/') ? value : `/${value}`),
        offset: at,
        framework,
        func: enclosingFn(functions, at),
      });
    }
  }
  return routes;
}

/** Bracket depth at each offset of an expression. */
function depthsOf(expr: string): Int16Array {
  const out = new Int16Array(expr.length + 1);
  let d = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === ')' || c === ']' || c === '}') d--;
    out[i] = d;
    if (c === '(' || c === '[' || c === '{') d++;
  }
  return out;
}

function verb(v: string): string {
  const u = v.toUpperCase();
  return u === 'ANY' || u === 'ALL' || u === 'ROUTE' ? 'ANY' : u;
}

/** The attribute at `offset` is code (not commented out): `bare` keeps code characters where they are. */
function isCode(bare: string, offset: number): boolean {
  return bare[offset] === '#';
}

/** Framework crates as code names them → the framework a file registers routes with. */
const FRAMEWORK_CRATES: Record<string, string> = {
  axum: 'axum',
  actix_web: 'actix-web',
  rocket: 'rocket',
  warp: 'warp',
  poem: 'poem',
  poem_openapi: 'poem',
  salvo: 'salvo',
  tide: 'tide',
  dropshot: 'dropshot',
  utoipa_axum: 'axum',
};

export interface ResolvedRustRoute {
  method: string;
  path: string;
  fullPath: string;
  file: string;
  line: number;
  framework: string;
  handler?: string;
  reached: boolean;
}

export interface ResolvedRustMiddleware {
  name: string;
  file: string;
  line: number;
  text: string;
  reached: boolean;
}

/**
 * Routes and middleware of every Rust file, with the prefixes that cross functions and files resolved: a call mount
 * (`.nest("/api", api::routes())`) prefixes the routes of the function it names, through any number of levels; an
 * attribute route takes the prefixes of every place that registers its handler (and is served only if one does).
 */
export function resolveRustRoutes(
  repo: RepoIndex,
  files: readonly string[],
  rust: RustFacts,
  importsOf: (file: string) => readonly { pkg: string; module: string }[],
  isLive: (file: string) => boolean,
): { routes: ResolvedRustRoute[]; middleware: ResolvedRustMiddleware[] } {
  const parsed = new Map<string, RustRouteFile>();
  const usesOf = new Map<string, readonly { path: string[]; alias?: string }[]>();
  const helpers = new Map<string, string[]>();
  const constantTexts: string[] = [];
  const rustTexts: string[] = [];
  for (const file of files) {
    if (!file.endsWith('.rs')) continue;
    const text = repo.read(file);
    if (text?.includes('MethodRouter')) for (const [k, v] of methodRouterHelpers(text)) helpers.set(k, v);
    if (text !== undefined) rustTexts.push(text);
    if (text?.includes('str = "/') || text?.includes('typed_path')) constantTexts.push(text);
  }
  // Handlers taking a typed path may be in any file of the crate (see rustPathConstants).
  const constants = rustPathConstants(constantTexts.some((t) => t.includes('typed_path')) ? rustTexts : constantTexts);
  for (const file of files) {
    if (!file.endsWith('.rs')) continue;
    const text = repo.read(file);
    if (
      text === undefined ||
      !/\.(route|routes|at|typed_(?:get|post|put|patch|delete|head|options)|api_route|api_route_with|route_with_tsr|nest|nest_api_service|service|mount|layer|wrap|attach|hoop|with|configure|merge|register)\s*\(|#\[\s*(?:\w+::)?(?:get|post|put|patch|delete|head|options|route|oai|path)\s*\(|warp::path!|#\[\s*(?:dropshot::)?(?:endpoint|channel)\s*\{|\b(?:openapi_get_routes(?:_spec)?|mount_endpoints_and_merged_docs)!|\bOpenApiService::new\b|\bRouter::with_path\s*\(/.test(
        text,
      )
    )
      continue;
    const fw = new Set<string>();
    for (const r of importsOf(file)) if (FRAMEWORK_CRATES[r.pkg]) fw.add(FRAMEWORK_CRATES[r.pkg]!);
    if (!fw.size) for (const d of rust.crateOf(file)?.deps ?? []) if (FRAMEWORK_CRATES[d]) fw.add(FRAMEWORK_CRATES[d]!);
    if (!fw.size) continue;
    parsed.set(file, rustRoutes(text, fw, helpers, constants));
  }
  // hyper servers route by hand: `match (req.method(), req.uri().path()) { (&Method::GET, "/health") => … }`, or a
  // route table of `GET "/health" => Health,` arms in the crate's own routing macro. Only in crates that depend on
  // hyper and no framework whose routes are read above, or in a tower Service over HTTP requests that answers a path
  // itself before the server behind it (a layer of a tonic or axum server: `HealthCheckService` answering `/`).
  for (const file of files) {
    if (!file.endsWith('.rs') || parsed.has(file)) continue;
    const deps = [...(rust.crateOf(file)?.deps ?? [])];
    // oxhttp servers route the same way, on the path and method as strings.
    const oxhttp = deps.includes('oxhttp');
    const hyperOnly = (deps.includes('hyper') || oxhttp) && !deps.some((d) => FRAMEWORK_CRATES[d]);
    if (!hyperOnly && !deps.includes('tower')) continue;
    const text = repo.read(file);
    if (text === undefined || !HYPER_ARM.test(text)) continue;
    const service = TOWER_HTTP_SERVICE.exec(text)?.[1];
    if (!hyperOnly && !service) continue;
    // The Service's `call` answers for the type it is implemented for.
    const routes = hyperRoutes(text, oxhttp ? 'oxhttp' : 'hyper').map((r) =>
      service && r.func === 'call' ? { ...r, handler: service } : r,
    );
    if (routes.length)
      parsed.set(file, {
        routes,
        registrations: [],
        callMounts: [],
        apiMounts: [],
        middleware: [],
        functions: rustFunctions(maskText(text, 'rust').bare),
      });
  }
  // Server functions (Leptos, Dioxus fullstack: the server_fn crate): `#[server(Name, "/api")] async fn save(…)` is a
  // POST endpoint the integration registers by itself (`leptos_routes`, `handle_server_fns`), at the prefix and the
  // endpoint named (or the function's name): `#[server(prefix = "/rpc", endpoint = "save", input = GetUrl)]`.
  const serverFnRoutes: ResolvedRustRoute[] = [];
  for (const file of files) {
    if (!file.endsWith('.rs')) continue;
    const deps = rust.crateOf(file)?.deps;
    if (!deps || !SERVER_FN_CRATES.some((d) => deps.has(d))) continue;
    const text = repo.read(file);
    if (text === undefined || !text.includes('#[server')) continue;
    // The full-stack framework whose own compiled client calls them (apiRoutes keeps them out of the API).
    const framework = deps.has('leptos')
      ? 'leptos'
      : deps.has('dioxus') || deps.has('dioxus_fullstack')
        ? 'dioxus'
        : 'server_fn';
    const live = isLive(file);
    for (const { offset, ...r } of serverFunctions(text))
      serverFnRoutes.push({
        ...r,
        fullPath: r.path,
        file,
        line: repo.lineAt(file, offset),
        framework,
        reached: live,
      });
  }
  const usesIn = (file: string) => {
    let u = usesOf.get(file);
    if (!u) {
      u = rustUsesOf(repo, file);
      usesOf.set(file, u);
    }
    return u;
  };
  const definesFn = (file: string, name: string): boolean =>
    new RegExp(`\\bfn\\s+${name}\\b`).test(repo.read(file) ?? '');
  /** The file and function a callee names, following `use` declarations, the module tree and, last, a unique definition. */
  const calleeTarget = (from: string, callee: string[]): { file: string; fn: string } | undefined => {
    let segs = callee;
    const head = segs[0]!;
    const use = usesIn(from).find((u) => (u.alias ?? u.path[u.path.length - 1]) === head);
    if (use) segs = [...use.path, ...segs.slice(1)];
    const name = segs[segs.length - 1]!;
    if (segs.length === 1 && definesFn(from, name)) return { file: from, fn: name };
    const hit = rust.resolve(from, segs);
    if (hit && hit.rest.length === 1 && definesFn(hit.file, hit.rest[0]!)) return { file: hit.file, fn: hit.rest[0]! };
    if (hit && hit.rest.length === 0 && definesFn(hit.file, name)) return { file: hit.file, fn: name };
    const defs = [...parsed.entries()].filter(([, p]) => p.functions.some((f) => f.name === name));
    return defs.length === 1 ? { file: defs[0]![0], fn: name } : undefined;
  };
  // Who mounts which function, with which prefix.
  const mountsOf = new Map<string, { prefix: string; file: string; func?: string }[]>();
  for (const [file, p] of parsed) {
    for (const m of p.callMounts) {
      const t = calleeTarget(file, m.callee);
      if (!t) continue;
      const key = `${t.file}#${t.fn}`;
      mountsOf.set(key, [...(mountsOf.get(key) ?? []), { prefix: m.prefix, file, func: m.func }]);
    }
  }
  const memo = new Map<string, string[]>();
  const prefixesOf = (file: string, fn: string | undefined, depth = 0): string[] => {
    const key = `${file}#${fn}`;
    const known = memo.get(key);
    if (known) return known;
    memo.set(key, ['']); // cycles stop here
    const mounts = fn ? (mountsOf.get(key) ?? []) : [];
    const out = new Set<string>();
    if (!mounts.length || depth > 8) out.add('');
    for (const m of mounts)
      for (const outer of prefixesOf(m.file, m.func, depth + 1)) out.add(joinPath(outer, m.prefix));
    const list = [...out].slice(0, 4);
    memo.set(key, list);
    return list;
  };
  // poem-openapi API types → the prefixes of the services built from them.
  const apiPrefixes = new Map<string, string[]>();
  for (const [file, p] of parsed)
    for (const a of p.apiMounts)
      for (const outer of prefixesOf(file, a.func))
        for (const t of a.types) apiPrefixes.set(t, [...(apiPrefixes.get(t) ?? []), joinPath(outer, a.prefix)]);
  const registered = new Map<string, { prefix: string; file: string; func?: string }[]>();
  for (const [file, p] of parsed)
    for (const r of p.registrations)
      registered.set(r.handler, [...(registered.get(r.handler) ?? []), { prefix: r.prefix, file, func: r.func }]);

  /** A path constant's value: the string field its last segment names, in the route's own file first, then any file. */
  const constantPath = (file: string, expr: string): string | undefined => {
    const field = expr.split(/[.:]+/).pop();
    if (!field || !/^\w+$/.test(field)) return undefined;
    // `health: "/api/v1/health"` in a struct literal, or `let login = "/api/v1/signin";` before a shorthand field.
    const re = new RegExp(`\\b(?:let\\s+)?${field}\\s*(?::\\s*(?:&(?:'static\\s+)?str\\s*=\\s*)?|=)\\s*"(/[^"]*)"`);
    for (const f of [file, ...files.filter((x) => x !== file && x.endsWith('.rs'))]) {
      const hit = re.exec(repo.read(f) ?? '');
      if (hit) return hit[1];
    }
    return undefined;
  };
  const routes: ResolvedRustRoute[] = [];
  const middleware: ResolvedRustMiddleware[] = [];
  for (const [file, p] of parsed) {
    const live = isLive(file);
    for (const route of p.routes) {
      let r = route;
      if (r.pathExpr !== undefined) {
        const value = constantPath(file, r.pathExpr);
        if (value === undefined) continue;
        r = { ...r, path: normaliseParams(value.replace(/\?.*$/, '')) };
      }
      const line = repo.lineAt(file, r.offset);
      const base = { method: r.method, path: r.path, file, line, framework: r.framework, handler: r.handler };
      if (r.attribute) {
        const regs = r.handler ? (registered.get(r.handler) ?? []) : [];
        if (!regs.length) {
          // Not registered anywhere we can read: served only if nothing registers handlers by name at all.
          routes.push({ ...base, fullPath: r.path, reached: live && registered.size === 0 });
          continue;
        }
        const seen = new Set<string>();
        for (const reg of regs)
          for (const outer of prefixesOf(reg.file, reg.func)) {
            const fullPath = joinPath(outer, reg.prefix, r.path);
            if (seen.has(fullPath)) continue;
            seen.add(fullPath);
            routes.push({ ...base, fullPath, reached: live && isLive(reg.file) });
          }
        continue;
      }
      const outers = (r.implType && apiPrefixes.get(r.implType)) || prefixesOf(file, r.func);
      for (const outer of new Set(outers)) routes.push({ ...base, fullPath: joinPath(outer, r.path), reached: live });
    }
    for (const m of p.middleware)
      middleware.push({
        name: m.name,
        file,
        line: repo.lineAt(file, m.offset),
        text: m.text.split('\n')[0]!.trim(),
        reached: live,
      });
  }
  routes.push(...serverFnRoutes);
  return { routes, middleware };
}

/** Crates whose `#[server]` attribute makes a function an HTTP endpoint. */
const SERVER_FN_CRATES = ['leptos', 'server_fn', 'dioxus', 'dioxus_fullstack'];

/** `#[server(…)]` over `async fn name`, its arguments (other attributes may sit between). */
const SERVER_FN =
  /#\[\s*(?:(?:leptos|server_fn|dioxus)::)?server\s*(?:\(([^)\]]*)\))?\s*\]\s*(?:#\[[^\]]*\]\s*)*(?:pub(?:\([^)]*\))?\s+)?async\s+fn\s+(\w+)/g;

/**
 * The endpoints of a file's server functions: positional `(Name, "/prefix", "Encoding")` or named `prefix = "…"`,
 * `endpoint = "…"`, `input = GetUrl` arguments; the prefix is `/api` unless named, the endpoint the function's name
 * (the macro appends a hash to it unless one is named). A `Get…` encoding answers GET, every other POST.
 */
export function serverFunctions(text: string): { method: string; path: string; offset: number; handler: string }[] {
  const bare = maskText(text, 'rust').bare;
  const out: { method: string; path: string; offset: number; handler: string }[] = [];
  for (const m of text.matchAll(SERVER_FN)) {
    if (!isCode(bare, m.index)) continue;
    const args = m[1] ?? '';
    const named = (k: string) => new RegExp(`\\b${k}\\s*=\\s*"?([\\w/.-]+)"?`).exec(args)?.[1];
    const positional = args.includes('=') ? [] : [...args.matchAll(/"([^"\n]*)"/g)].map((x) => x[1]!);
    const prefix = named('prefix') ?? positional[0] ?? '/api';
    const endpoint = named('endpoint') ?? m[2]!;
    const encoding = named('input') ?? named('encoding') ?? positional[1] ?? '';
    out.push({
      method: /^Get/i.test(encoding) ? 'GET' : 'POST',
      path: joinPath(prefix.startsWith('/') ? prefix : `/${prefix}`, endpoint),
      offset: m.index,
      handler: m[2]!,
    });
  }
  return out;
}

/** An rpc method a tonic server implements, read from its Rust code. */
export interface TonicMethod {
  /** The service's name (`Ledger`). */
  service: string;
  /** Its gRPC path, `/acme.ledger.v1.Ledger/GetEntry` for `fn get_entry`: the package is read from the module path of
   * the generated server (`acme::ledger::v1::ledger_server::Ledger`), left out when none is written. */
  path: string;
  /** The rpc's name (`GetEntry`). */
  method: string;
  offset: number;
}

/**
 * The rpc methods of the tonic services a file implements: the functions of each top-level
 * `#[tonic::async_trait] impl <Service> for <Type>` block (`#[async_trait]` under `use tonic::async_trait`), the
 * trait tonic generates for the service. Its .proto may come from a crate of published protos, not the repository.
 */
export function tonicTraitMethods(text: string): TonicMethod[] {
  if (!text.includes('async_trait') || !/\btonic\b/.test(text)) return [];
  const bare = maskText(text, 'rust').bare;
  const impls = [...bare.matchAll(/^#\[(?:tonic::)?async_trait\]\s*impl\s+(?:\w+::)*(\w+)\s+for\s+\w+[^{;]*\{/gm)];
  if (!impls.length) return [];
  const fns = rustFunctions(bare);
  const out: TonicMethod[] = [];
  for (const m of impls) {
    const open = m.index + m[0].length - 1;
    const close = closeOf(bare, open);
    if (close < 0) continue;
    const name = m[1]!;
    const snake = name.replace(/(?<=[a-z\d])([A-Z])/g, '_$1').toLowerCase();
    const module = new RegExp(`\\b((?:\\w+::)+)${escapeRegExp(snake)}_server::`).exec(bare)?.[1];
    const pkg = module
      ?.split('::')
      .filter((seg) => seg && !/^(?:crate|self|super)$/.test(seg))
      .join('.');
    const qualified = pkg ? `${pkg}.${name}` : name;
    // The block's own functions, not the helpers nested in their bodies.
    let after = open;
    for (const f of fns) {
      if (f.start < after || f.start > close) continue;
      const method = f.name.replace(/(?:^|_)([a-z\d])/g, (_, c: string) => c.toUpperCase());
      out.push({ service: name, path: `/${qualified}/${method}`, method, offset: f.start });
      after = f.end;
    }
  }
  return out;
}

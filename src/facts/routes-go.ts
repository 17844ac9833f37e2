/**
 * Go route registrations with the prefixes of the groups around them, for every router style in use:
 * variables (`v1 := r.Group("/api/v1")`, gin/echo/fiber), closures (`m.Group("/api", func() { … })` in
 * macaron/martini, `r.Route("/api", func(r chi.Router) { … })` in chi), method strings (`m.Route("/x", "GET,POST", h)`),
 * combos (`m.Combo("/x").Get(h).Post(h)`), paths built from a variable (`base + "/cart"`), and middleware passed as
 * extra handler arguments (`m.Get("/x", reqSignIn, h)`, `m.Group("/x", func() {…}, reqAdmin)`).
 * A group handed to another function (`apiv1.RegisterRoutes(m)` inside a group, `users.Register(v1.Group("/users"))`)
 * becomes a call mount: the prefix applies to the routes of the function it names.
 */
import { escapeRegExp } from '../repo/text.js';
import { joinPath } from './url-path.js';

export interface GoRoute {
  method: string;
  path: string;
  offset: number;
  handler?: string;
  /** Arguments before the handler: middleware of this route and of the groups around it, as written. */
  middleware: string[];
  /** The top-level function the registration is in. */
  func?: string;
  /** The router variable the route is registered on, as written (`r`, `api`). */
  recv?: string;
}

export interface GoCallMount {
  prefix: string;
  offset: number;
  /** The function the router is handed to, as written: `apiv1.RegisterRoutes`, `h.Register`, `registerAPI`. */
  callee: string;
  middleware: string[];
}

/** A Go file importing echo (`"github.com/labstack/echo/v4"`). */
const ECHO_IMPORT = /"github\.com\/labstack\/echo(?:\/v\d+)?"/;

/** The Prometheus Go client's exposition handler (`promhttp.Handler()`, `promhttp.HandlerFor(reg, opts)`). */
const PROMETHEUS_HANDLER = /^(?:promhttp\.(?:Handler|HandlerFor|InstrumentMetricHandler)|prometheus\.Handler)\s*\(/;

const VERB =
  'GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS|Any|Get|Post|Put|Delete|Patch|Head|Options|All|HandleFunc|Handle|Method|MethodFunc|Route|Combo|Match|To';

/** A request body (`strings.NewReader(s)`, `bytes.NewBuffer(b)`) or a content type (`"application/json"`, `ContentType`). */
const CLIENT_BODY = /^(?:strings|bytes)\.New(?:Reader|Buffer(?:String)?)\s*\(|^nil$/;
const CONTENT_TYPE =
  /^"[a-z]+\/[\w.+-]+(?:;[^"]*)?"$|^(?:\w+\.)?(?:\w*ContentType\w*|MIME\w*|\w*Mime\w*|(?:JSON|Json|Plain|Form|Text|XML|Xml)Content)$/;

/** The arguments after the URL are a client's content type and body (http.Client.Post), not handlers. */
function clientRequest(handlers: string[]): boolean {
  const last = handlers[handlers.length - 1]!.trim();
  return CLIENT_BODY.test(last) || (handlers.length === 2 && CONTENT_TYPE.test(handlers[0]!.trim()));
}

/** Brace depth at every offset, skipping strings, runes, raw strings and comments. */
function braceDepths(text: string): { depth: Int32Array; close: Map<number, number> } {
  const depth = new Int32Array(text.length + 1);
  const close = new Map<number, number>();
  const open: number[] = [];
  let d = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    depth[i] = d;
    if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      for (; i < stop; i++) depth[i] = d;
      i--;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      for (; i < stop; i++) depth[i] = d;
      i--;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c && !(c !== '`' && text[j] === '\n'))
        j += text[j] === '\\' && c !== '`' ? 2 : 1;
      for (; i <= j && i < text.length; i++) depth[i] = d;
      i--;
      continue;
    }
    if (c === '{') {
      d++;
      open.push(i);
    } else if (c === '}') {
      d--;
      const o = open.pop();
      if (o !== undefined) close.set(o, i);
    }
  }
  depth[text.length] = d;
  return { depth, close };
}

/** The arguments of a call whose '(' is at `open`, split at top-level commas, with the offset after ')'. */
function callArgs(text: string, open: number): { args: string[]; end: number } {
  const args: string[] = [];
  let level = 0;
  let start = open + 1;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === '`' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' && c !== '`' ? 2 : 1;
      i = j;
      continue;
    }
    if (c === '(' || c === '{' || c === '[') level++;
    else if (c === ')' || c === '}' || c === ']') {
      level--;
      if (level === 0) {
        const last = text.slice(start, i).trim();
        if (last) args.push(last);
        return { args, end: i + 1 };
      }
    } else if (c === ',' && level === 1) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  return { args, end: text.length };
}

/**
 * A path argument: "/x", or a concatenation of literals and variables (`base + "/x"`, `"GET " + cfg.Webroot +
 * "api/v1/x"`): a variable part is an unknown base path, kept as a segment break and otherwise dropped. Undefined
 * for anything else (a call with arguments, a bare variable).
 */
function pathArg(arg: string | undefined, consts?: Map<string, string>): string | undefined {
  if (!arg) return undefined;
  const t = arg.trim();
  const whole = /^"([^"]*)"$|^`([^`]*)`$/.exec(t);
  if (whole) return (whole[1] ?? whole[2])!;
  // `fmt.Sprintf("/{name:%s}/tags/list", pattern)`: the format is the path, each verb a path parameter.
  const format = /^fmt\.Sprintf\(\s*"([^"]*)"\s*,/.exec(t);
  if (format && format[1]!.startsWith('/')) return formatPath(format[1]!);
  // A string constant of the file (`const prefix = "/api"`) stands for its value, alone or in a concatenation.
  const known = consts?.get(t);
  if (known !== undefined) return known;
  const parts = t.split(/\s*\+\s*/);
  if (parts.length < 2 || parts.length > 5) return undefined;
  let out = '';
  let literal = false;
  for (const part of parts) {
    const c = consts?.get(part);
    const lit = c !== undefined ? ([part, c] as const) : /^"([^"]*)"$/.exec(part);
    if (lit) {
      out += lit[1]!;
      // A method alone (`"GET " + path`) says nothing of the path.
      if (lit[1]!.replace(/^[A-Z]+ /, '')) literal = true;
    } else if (/^[\w.]+(?:\(\))?$/.test(part)) out += '/';
    else return undefined;
  }
  if (!literal) return undefined;
  // `"GET " + base + "x"`: the method stays apart from the path; `base + "/x"` and `"/a/" + v + "/b"` lose the doubled slash.
  return out.replace(/^(\w+ )\/*/, '$1/').replace(/\/{2,}/g, '/');
}

/**
 * The router a registration is called on: a variable, or a field reached through a few selectors (`s.router`, the
 * controller's router kept in a handler struct: `rh.c.Router.HandleFunc(…)`).
 */
const RECEIVER = String.raw`\w+(?:\.\w+){0,3}`;

/** A path written as a format: a verb inside a gorilla/mux variable (`{name:%s}`) is its pattern, elsewhere a parameter. */
function formatPath(format: string): string {
  return format
    .replace(/:%[-+# 0-9.]*[a-zA-Z](?=\})/g, '')
    .replace(/%[-+# 0-9.]*[a-zA-Z]/g, '{param}')
    .replace(/%%/g, '%');
}

/** A gorilla/mux route built by chained matchers ending in its handler; the chain must set the path. */
const GORILLA_BUILDER =
  /(?<![\w.])(\w+(?:\.\w+){0,3}?)((?:\s*\.\s*(?:Methods|Path|Name|Schemes|Host|Headers|Queries)\((?:[^()]|\([^()]*\))*\))*\s*\.\s*Path\((?:[^()]|\([^()]*\))*\)(?:\s*\.\s*(?:Methods|Name|Schemes|Host|Headers|Queries)\((?:[^()]|\([^()]*\))*\))*)\s*\.\s*(?:Handler|HandlerFunc)\(/g;

/** A gorilla/mux route on a group variable set by matchers only, no path of its own: `g.Methods("GET").HandlerFunc(h)`. */
const GORILLA_GROUP_ROUTE =
  /(?<![\w.])(\w+)((?:\s*\.\s*(?:Methods|Name|Schemes|Headers|Queries)\((?:[^()]|\([^()]*\))*\))+)\s*\.\s*(?:Handler|HandlerFunc)\(/g;

/**
 * Beego: `web.Router("/api/login", &controllers.ApiController{}, "POST:Login")` (v2's server/web package, or v1's
 * `beego.Router`), the method mapping naming the HTTP method and the controller method; without a mapping the
 * controller's Get/Post methods answer (ANY). `web.NSRouter` inside a namespace is read the same way (its prefix is
 * not composed).
 */
const BEEGO_ROUTER = /(?<![\w.])(?:web|beego)\.(?:NS)?Router\s*\(/g;

function beegoRoutes(text: string, consts: Map<string, string>): GoRoute[] {
  if (!/\b(?:web|beego)\.(?:NS)?Router\s*\(/.test(text)) return [];
  const out: GoRoute[] = [];
  for (const m of text.matchAll(BEEGO_ROUTER)) {
    const { args } = callArgs(text, m.index! + m[0].length - 1);
    const p = pathArg(args[0], consts);
    if (p === undefined || !p.startsWith('/')) continue;
    const ctrl = /^&?([\w.]+)\s*\{/.exec(args[1] ?? '')?.[1];
    const mapping = /^"([^"]*)"$/.exec(args[2] ?? '')?.[1];
    // "GET,POST:Logout" or "get:List;post:Create": the first pair names the route.
    const pair = mapping?.split(';')[0]?.split(':');
    const method = pair && pair.length === 2 ? pair[0]!.split(',')[0]!.trim().toUpperCase() || 'ANY' : 'ANY';
    const fn = pair && pair.length === 2 ? pair[1]!.trim() : undefined;
    out.push({
      method: method === '*' ? 'ANY' : method,
      path: p,
      offset: m.index!,
      ...(ctrl ? { handler: fn ? `${ctrl}.${fn}` : ctrl } : {}),
      middleware: [],
    });
  }
  return out;
}

const isFuncLit = (arg: string): boolean => /^func\s*\(/.test(arg);

/** Standard adapters that only convert a function to a handler: no middleware of their own. */
const ADAPTER =
  /^(?:http\.(?:HandlerFunc|StripPrefix|TimeoutHandler|MaxBytesHandler)|echo\.WrapHandler|gin\.WrapF|gin\.WrapH)$/;

/** The function a wrapper call hands to the router, and the wrapper itself (unless it is a standard adapter). */
function unwrapHandler(arg: string): { handler: string; wrapper?: string } | undefined {
  const m = /^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)\s*\(/.exec(arg.trim());
  if (!m || m[1] === 'func') return undefined;
  const open = arg.indexOf('(', m.index);
  const { args } = callArgs(arg, open);
  const refs = args.filter((a) => /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/.test(a));
  // The handler reads like one: a selector (`h.token`, `api.HandleInfo`), an exported name or a handle/handler word.
  const named = [...refs].reverse().find((a) => a.includes('.') || /^[A-Z]|[Hh]andle/.test(a));
  // `handlers.ReadyzHandler(isReady)`: a constructor named for the handler it returns, given its state, is the handler.
  const pick = named ?? (refs.length === 1 && !/Handler$|(?:^|\.)Handle[A-Z]/.test(m[1]!) ? refs[0] : undefined);
  if (!pick) return undefined;
  return { handler: pick, ...(ADAPTER.test(m[1]!) ? {} : { wrapper: m[1]! }) };
}

/** The method a `Method("GET", …)` / `MethodFunc(http.MethodPost, …)` registration names (ANY when not a literal). */
function methodArg(arg: string | undefined): string {
  return (
    /^"(\w+)"$|http\.Method(\w+)/
      .exec(arg ?? '')
      ?.slice(1)
      .find(Boolean)
      ?.toUpperCase() ?? 'ANY'
  );
}

/** A call chained on the one before it: `.With(…)`, `.Post(…)`, `.Route(…)` right after its closing parenthesis. */
const CHAINED_CALL =
  /^\s*\.\s*(With|Group|Route|Get|Post|Put|Delete|Patch|Head|Options|Connect|Trace|Handle|HandleFunc|Method|MethodFunc)\s*\(/;

/**
 * chi's inline groups: `r.With(mw…)` returns a router carrying the middleware, used at once by the next call of the
 * chain — a route (`.Post("/books", h)`, `.Method("GET", "/x", h)`), another `.With(…)`, or a closure of routes
 * (`.Route("/x", func(r chi.Router) { … })`, `.Group(func(r chi.Router) { … })`). `end` is just after the With call.
 * Returns whether a chained call was read.
 */
function chiWithChain(
  text: string,
  end: number,
  recv: string,
  prefix: string,
  middleware: string[],
  routes: GoRoute[],
  scopes: { start: number; end: number; prefix: string; middleware: string[] }[],
  close: Map<number, number>,
  consts: Map<string, string>,
): boolean {
  let at = end;
  let mw = middleware;
  let read = false;
  for (
    let link = CHAINED_CALL.exec(text.slice(at, at + 200));
    link;
    link = CHAINED_CALL.exec(text.slice(at, at + 200))
  ) {
    const open = at + link[0].length - 1;
    const { args, end: after } = callArgs(text, open);
    const name = link[1]!;
    const offset = at + link[0].indexOf('.');
    at = after;
    read = true;
    if (name === 'With') {
      mw = [...mw, ...args.filter((a) => a && !isFuncLit(a))];
      continue;
    }
    if (name === 'Group' || name === 'Route') {
      const p = name === 'Route' ? pathArg(args[0], consts) : '';
      const body = args.find(isFuncLit);
      if (p === undefined || !body) break;
      const brace = text.indexOf('{', text.indexOf(body, open));
      const endBrace = close.get(brace);
      if (brace > 0 && endBrace !== undefined)
        scopes.push({ start: brace, end: endBrace, prefix: joinPath(prefix, p), middleware: mw });
      break;
    }
    const first = name === 'Method' || name === 'MethodFunc' ? 1 : 0;
    const method = first === 0 ? (/^Handle/.test(name) ? 'ANY' : name.toUpperCase()) : methodArg(args[0]);
    const p = pathArg(args[first], consts);
    const handlers = args.slice(first + 1);
    if (p === undefined || !handlers.length || (!p.startsWith('/') && p !== '')) break;
    routes.push({
      method,
      path: joinPath(prefix, p),
      offset,
      handler: handlers[handlers.length - 1],
      middleware: [...mw, ...handlers.slice(0, -1)],
      recv,
    });
    break;
  }
  return read;
}

/** A middleware argument as a short name: its first line, without the argument list of a long call. */
function short(arg: string): string {
  const first = arg.split('\n')[0]!.trim();
  return first.length > 80 ? `${first.slice(0, 77)}...` : first;
}

/**
 * What a file must hold for goRoutes to find anything: a registration call (the dotted call the main pattern's first
 * alternative needs; assignments alone only name the next call's group) or a request-path comparison (dispatchRoutes).
 */
const GO_ROUTE_CALL = new RegExp(`\\.(?:Group|SubGroup|PathPrefix|Path|Route|Mount|With|${VERB}|Router)\\s*\\(`);

/**
 * Path constants of other files, by package: `APIPrefix = "/api/v4"` in package constants is `constants.APIPrefix` to
 * the files that import it and `APIPrefix` to the other files of its package. A name two files of one package give
 * different values is left out.
 */
export type GoPackageConstants = Map<string, Map<string, string>>;

export function goPackageConstants(
  files: readonly string[],
  read: (f: string) => string | undefined,
): GoPackageConstants {
  const out: GoPackageConstants = new Map();
  const clash = new Set<string>();
  for (const f of files) {
    if (!f.endsWith('.go') || f.endsWith('_test.go')) continue;
    const text = read(f);
    if (!text) continue;
    const consts = pathConstants(text);
    if (!consts.size) continue;
    const pkg = /^package\s+(\w+)/m.exec(text)?.[1];
    if (!pkg) continue;
    let table = out.get(pkg);
    if (!table) out.set(pkg, (table = new Map()));
    for (const [k, v] of consts) {
      const key = `${pkg}.${k}`;
      if (clash.has(key)) continue;
      const had = table.get(k);
      if (had !== undefined && had !== v) {
        clash.add(key);
        table.delete(k);
      } else table.set(k, v);
    }
  }
  return out;
}

export function goRoutes(
  text: string,
  packages?: GoPackageConstants,
): { routes: GoRoute[]; callMounts: GoCallMount[]; groups: Map<string, string> } {
  // Most Go files register nothing: no brace table, no scan for every assignment.
  if (
    !text.includes('.URL.Path') &&
    !text.includes('huma.') &&
    !text.includes('.handlers[') &&
    !GO_ROUTE_CALL.test(text) &&
    !holdsHandleParam(text)
  )
    return { routes: [], callMounts: [], groups: new Map() };
  const { depth, close } = braceDepths(text);
  const consts = new Map<string, string>();
  if (packages?.size) {
    // Exported constants of other packages by their qualified name, the file's own package's by their bare name.
    const own = /^package\s+(\w+)/m.exec(text)?.[1];
    for (const [pkg, table] of packages)
      for (const [k, v] of table) {
        if (/^[A-Z]/.test(k)) consts.set(`${pkg}.${k}`, v);
        if (pkg === own) consts.set(k, v);
      }
  }
  const fileConsts = pathConstants(text);
  // echo registers a route as (path, handler, middleware...): the handler comes first, unlike gin's and fiber's
  // (middleware..., handler).
  const handlerFirst = ECHO_IMPORT.test(text);
  for (const [k, v] of fileConsts) consts.set(k, v);
  const routes: GoRoute[] = [];
  const callMounts: GoCallMount[] = [];
  /** Closure scopes: [start, end) offsets, the prefix and the middleware of the group. */
  const scopes: { start: number; end: number; prefix: string; middleware: string[] }[] = [];
  /**
   * Group variables by name, each definition kept with the top-level function it is in: a name means that group only
   * in its own function (`group := admin.Group("group")` in one function, a parameter `group` in another).
   */
  const funcStarts = [...text.matchAll(/^func\s/gm)].map((f) => f.index!);
  const fnOf = (offset: number): number => {
    let k = -1;
    for (const f of funcStarts) if (f < offset) k = f;
    return k;
  };
  const groupDefs = new Map<string, { prefix: string; middleware: string[]; fn: number; at: number }[]>();
  const setGroup = (name: string, g: { prefix: string; middleware: string[] }, at: number): void => {
    const list = groupDefs.get(name) ?? [];
    list.push({ ...g, fn: fnOf(at), at });
    groupDefs.set(name, list);
  };
  const groupOf = (name: string, at: number): { prefix: string; middleware: string[] } | undefined => {
    const fn = fnOf(at);
    const list = groupDefs.get(name);
    if (!list) return undefined;
    let found: { prefix: string; middleware: string[] } | undefined;
    for (const g of list) if (g.fn === fn && g.at <= at) found = g;
    return found;
  };
  /** Router variables mounted under a prefix (`r.Mount("/metrics", sub)`), usually after their routes are added. */
  const localMounts: { name: string; prefix: string; offset: number; middleware: string[] }[] = [];
  const scopeAt = (offset: number): { prefix: string; middleware: string[] } => {
    const inside = scopes.filter((s) => offset > s.start && offset < s.end).sort((a, b) => b.start - a.start)[0];
    return inside ? { prefix: inside.prefix, middleware: inside.middleware } : { prefix: '', middleware: [] };
  };
  const calls = [
    ...text.matchAll(
      new RegExp(
        `(?<![\\w.])(${RECEIVER})\\.(Group|SubGroup|PathPrefix|Path|NewRoute|Route|Mount|With|${VERB})\\s*\\(|(?<![\\w.])(\\w+)\\s*:?=\\s*`,
        'g',
      ),
    ),
  ];
  // Process in source order so closure scopes and group variables exist before the routes inside them.
  let pendingVar: { name: string; offset: number } | undefined;
  for (const m of calls) {
    if (m[3]) {
      pendingVar = { name: m[3], offset: m.index! + m[0].length };
      continue;
    }
    const recv = m[1]!;
    const verb = m[2]!;
    const open = m.index! + m[0].length - 1;
    const { args, end } = callArgs(text, open);
    const assigned = pendingVar && pendingVar.offset === m.index! ? pendingVar.name : undefined;
    pendingVar = undefined;
    const outer = groupOf(recv, m.index!) ?? scopeAt(m.index!);
    // gorilla/mux: `api := r.PathPrefix("/api").Subrouter()` is a group; `r.PathPrefix("/static/").Handler(fs)` a
    // route for everything under the prefix. `ping := r.Path("/api/ping").Subrouter()` is a group of one path, its
    // routes added by matchers alone (`ping.Methods("GET").HandlerFunc(h)`); `r.Path("/x").Handler(h)` is read as a
    // route builder below.
    // gorilla/mux: `distSpec := prefixed.NewRoute().Subrouter()` is a group with its parent's prefix (its own middleware).
    if (verb === 'NewRoute') {
      if (assigned && /^\s*\.\s*Subrouter\s*\(/.test(text.slice(end, end + 40)))
        setGroup(assigned, { prefix: outer.prefix, middleware: [...outer.middleware] }, m.index!);
      continue;
    }
    if (verb === 'PathPrefix' || verb === 'Path') {
      const p = pathArg(args[0], consts);
      if (p === undefined) continue;
      const next = /^\s*\.\s*(Subrouter|Handler|HandlerFunc)\s*\(/.exec(text.slice(end, end + 80));
      if (verb === 'Path' && next?.[1] !== 'Subrouter') continue;
      if (next?.[1] === 'Subrouter') {
        const prefix = joinPath(outer.prefix, p);
        if (assigned) setGroup(assigned, { prefix, middleware: [...outer.middleware] }, m.index!);
        else {
          const wrap = /([\w.]+)\(\s*$/.exec(text.slice(Math.max(0, m.index! - 80), m.index!));
          if (wrap && !/^(append|len|make)$/.test(wrap[1]!))
            callMounts.push({ prefix, offset: m.index!, callee: wrap[1]!, middleware: [...outer.middleware] });
        }
      } else if (next) {
        const h = callArgs(text, end + next[0].length - 1).args;
        routes.push({
          method: 'ANY',
          path: joinPath(outer.prefix, p),
          offset: m.index!,
          handler: h[h.length - 1],
          middleware: [...outer.middleware],
        });
      }
      continue;
    }
    if (verb === 'Group' || verb === 'SubGroup' || verb === 'Route' || verb === 'Mount' || verb === 'With') {
      const p = pathArg(args[0], consts);
      // The first argument of a group is its path (gin, echo, fiber, macaron; chi's Group takes a closure alone): a
      // constant of another package or a setting (`r.Group(constants.APIPrefix)`, `e.Group(cfg.BasePath)`) is a prefix
      // not known here, never middleware.
      const opaquePath =
        p === undefined && verb !== 'With' && !!args[0] && /^[A-Za-z_][\w.]*(?:\s*\+\s*[\w."/]+)*$/.test(args[0]);
      const rest = p === undefined && !opaquePath ? args : args.slice(1);
      const fnIdx = rest.findIndex(isFuncLit);
      const mw = rest.filter((a, i) => i !== fnIdx && !isFuncLit(a) && a !== '');
      const prefix = joinPath(outer.prefix, p ?? '');
      const middleware = [...outer.middleware, ...(verb === 'Mount' ? [] : mw)];
      if (verb === 'Route' && p !== undefined && args[1] && /^"[A-Z,\s]+"$|http\.Method/.test(args[1]) && fnIdx < 0) {
        // macaron m.Route("/x", "GET,POST", handlers...)
        const methods = /^"([A-Z,\s]+)"$/.exec(args[1])?.[1]?.split(',')[0]?.trim() ?? 'ANY';
        const handlers = args.slice(2);
        routes.push({
          method: methods,
          path: prefix,
          offset: m.index!,
          handler: handlers[handlers.length - 1],
          middleware: [...outer.middleware, ...handlers.slice(0, -1)],
        });
        continue;
      }
      if (fnIdx >= 0) {
        // The closure body: from its '{' to the matching '}'.
        const argText = rest[fnIdx]!;
        const argStart = text.indexOf(argText, open);
        const brace = text.indexOf('{', argStart);
        const endBrace = close.get(brace);
        if (brace > 0 && endBrace !== undefined) scopes.push({ start: brace, end: endBrace, prefix, middleware });
      } else if (verb === 'Mount' && p !== undefined && args[1]) {
        const callee = /^&?([\w.]+)\s*\(/.exec(args[1])?.[1];
        if (callee) callMounts.push({ prefix, offset: m.index!, callee, middleware: outer.middleware });
        // chi: `sub := chi.NewRouter(); sub.Get("/", h); r.Mount("/metrics", sub)`: a router variable of the function.
        else if (/^[A-Za-z_]\w*$/.test(args[1]) && !groupOf(args[1], m.index!))
          localMounts.push({ name: args[1], prefix, offset: m.index!, middleware: [...outer.middleware] });
      }
      if (assigned) setGroup(assigned, { prefix, middleware }, m.index!);
      // chi: `r.With(auth, validate).Post("/books", h)` and `r.With(a).With(b).Route("/x", func(r chi.Router) { … })`:
      // an inline group whose route or closure is the next call of the chain (its receiver is no name to match).
      if (
        verb === 'With' &&
        !assigned &&
        chiWithChain(text, end, recv, prefix, middleware, routes, scopes, close, consts)
      )
        continue;
      // users.Register(v1.Group("/users")): the group is handed to a function.
      const wrap = /([\w.]+)\(\s*$/.exec(text.slice(Math.max(0, m.index! - 80), m.index!));
      if (wrap && !assigned && !/^(append|len|make)$/.test(wrap[1]!))
        callMounts.push({ prefix, offset: m.index!, callee: wrap[1]!, middleware });
      continue;
    }
    // Combo("/x").Get(h).Post(h): one route per chained method.
    if (verb === 'Combo') {
      const p = pathArg(args[0], consts);
      if (p === undefined) continue;
      const chain = /^(?:\s*\.\s*(Get|Post|Put|Delete|Patch|Head|Options)\((?:[^()]|\([^()]*\))*\))+/.exec(
        text.slice(end),
      );
      if (chain)
        for (const c of chain[0].matchAll(
          /\.\s*(Get|Post|Put|Delete|Patch|Head|Options)\(((?:[^()]|\([^()]*\))*)\)/g,
        )) {
          const hs = c[2]!.split(',').map((x) => x.trim());
          routes.push({
            method: c[1]!.toUpperCase(),
            path: joinPath(outer.prefix, p),
            offset: m.index!,
            handler: hs[hs.length - 1],
            middleware: [...outer.middleware, ...hs.slice(0, -1)],
          });
        }
      continue;
    }
    if (/^(http|client|resty|req|c|ctx)$|[Cc]lient$/.test(recv) && !/Handle/.test(verb)) continue;
    let method = /Handle|Any|All/.test(verb) ? 'ANY' : verb.toUpperCase();
    let first = 0;
    // gin: g.Match([]string{"GET", "HEAD"}, "/health", h): the first listed method names the route.
    if (verb === 'Match') {
      if (!/^\[\]string\s*\{/.test(args[0] ?? '')) continue;
      method = /"(\w+)"|http\.Method(\w+)/.exec(args[0]!)?.slice(1).find(Boolean)?.toUpperCase() ?? 'ANY';
      first = 1;
    }
    // ozzo-routing: r.To("GET,HEAD", "/healthcheck", h): methods listed in one string, the first names the route.
    if (verb === 'To') {
      const listed = /^"([A-Z]+)(?:,[A-Z]+)*"$/.exec(args[0] ?? '');
      if (!listed) continue;
      method = listed[1]!;
      first = 1;
    }
    if (verb === 'Method' || verb === 'MethodFunc') {
      method = methodArg(args[0]);
      first = 1;
    }
    // A path set at run time (`http.Handle(cfg.MetricsPath, promhttp.Handler())`, a flag) whose handler is the
    // Prometheus client's exposition handler: the route is the metrics endpoint, whatever path the flag gives it.
    let p =
      pathArg(args[first], consts) ??
      (args.length === first + 2 && PROMETHEUS_HANDLER.test(args[first + 1] ?? '') ? '/metrics' : undefined);
    if (p === undefined) continue;
    const go122 = /^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\s+(\S+)$/.exec(p);
    if (go122) [method, p] = [go122[1]!, go122[2]!];
    // gorilla/mux: r.HandleFunc("/x", h).Methods("POST")
    const methods = /^\s*\.\s*Methods\(\s*(?:"(\w+)"|http\.Method(\w+))/.exec(text.slice(end, end + 80));
    if (methods) method = (methods[1] ?? methods[2])!.toUpperCase();
    // gin and echo join a group's relative path to its prefix (`site := v4.Group("site"); site.GET("ping", h)`): a
    // relative path counts on a group variable or inside a group's closure, not on a bare router or client.
    if (
      !p.startsWith('/') &&
      p !== '' &&
      !(/^[\w:*.@{}-][\w:*.@{}/-]*$/.test(p) && (groupOf(recv, m.index!) || scopeAt(m.index!).prefix))
    )
      continue;
    const handlers = args.slice(first + 1);
    // A registration names what handles the path; `x.Get(base + "/raw")` alone is a client's request, and so is
    // `wb.Post(uri+"/charger/enable", request.PlainContent, strings.NewReader(v))` (http.Client's url, content type, body).
    if (!handlers.length || clientRequest(handlers)) continue;
    routes.push({
      method,
      path: joinPath(outer.prefix, p),
      offset: m.index!,
      handler: handlerFirst ? handlers[0] : handlers[handlers.length - 1],
      middleware: [...outer.middleware, ...(handlerFirst ? handlers.slice(1) : handlers.slice(0, -1))],
      recv,
    });
  }
  // gorilla/mux chains end in a handler call, which most files lack: the chain patterns try every identifier.
  const handlerCall = text.includes('Handler(') || text.includes('HandlerFunc(');
  // gorilla/mux route builders: `r.Methods("GET").Path("/health").HandlerFunc(h)`, `r.Path("/x").Handler(h)`.
  for (const c of handlerCall && text.includes('Path(') ? text.matchAll(GORILLA_BUILDER) : []) {
    const chain = c[2]!;
    const pathCall = /\.\s*Path\(([^()]*)\)/.exec(chain);
    const p = pathCall ? pathArg(pathCall[1]!.trim(), consts) : undefined;
    if (p === undefined || (!p.startsWith('/') && p !== '')) continue;
    const verb = /\.\s*Methods\(\s*(?:"(\w+)"|http\.Method(\w+))/.exec(chain);
    const open = c.index! + c[0].length - 1;
    const { args } = callArgs(text, open);
    const outer = groupOf(c[1]!, c.index!) ?? scopeAt(c.index!);
    routes.push({
      method: verb ? (verb[1] ?? verb[2])!.toUpperCase() : 'ANY',
      path: joinPath(outer.prefix, p),
      offset: c.index!,
      handler: args[args.length - 1],
      middleware: [...outer.middleware],
      recv: c[1]!,
    });
  }
  // gorilla/mux: routes added to a group of one path by matchers alone (`ping.Methods("GET", "HEAD").HandlerFunc(h)`).
  for (const c of handlerCall ? text.matchAll(GORILLA_GROUP_ROUTE) : []) {
    const g = groupOf(c[1]!, c.index!);
    if (!g) continue;
    const verb = /\.\s*Methods\(\s*(?:"(\w+)"|http\.Method(\w+))/.exec(c[2]!);
    const { args } = callArgs(text, c.index! + c[0].length - 1);
    routes.push({
      method: verb ? (verb[1] ?? verb[2])!.toUpperCase() : 'ANY',
      path: g.prefix,
      offset: c.index!,
      handler: args[args.length - 1],
      middleware: [...g.middleware],
      recv: c[1]!,
    });
  }
  routes.push(...beegoRoutes(text, consts));
  routes.push(...dispatchRoutes(text, close, fileConsts));
  routes.push(...humaRoutes(text, close));
  routes.push(...goSwaggerRoutes(text));
  routes.push(...handleParamRoutes(text, consts));
  // One route per registration, method, path and handler.
  const seen = new Set<string>();
  const unique = routes.filter((r) => {
    const k = `${r.offset}:${r.method}:${r.path}:${r.handler ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  // Calls that hand the router of a closure scope to a function: apiv1.RegisterRoutes(m) inside m.Group("/api", …).
  for (const s of scopes) {
    const body = text.slice(s.start, s.end);
    for (const c of body.matchAll(/(?<![\w.])((?:\w+\.)?[A-Za-z]\w*)\(\s*(\w+)(?:\.\w+)?\s*\)/g)) {
      if (depth[s.start + c.index!] !== depth[s.start] + 1) continue;
      if (/^(func|append|len|make|string|int|panic|new)$/.test(c[1]!)) continue;
      if (!/^(m|r|e|g|router|mux|app|api|group|v\d|rg|sub)$/i.test(c[2]!)) continue;
      callMounts.push({ prefix: s.prefix, offset: s.start + c.index!, callee: c[1]!, middleware: s.middleware });
    }
  }
  // h.Register(v1) / api.RegisterHandlers(v1): a group variable handed to a function, alone or as its first argument
  // (`v1.NewRoutes(apiV1Group, userUseCase, logger)`).
  for (const [name, defs] of groupDefs) {
    for (const c of text.matchAll(new RegExp(`(?<![\\w.])((?:\\w+\\.)?[A-Za-z]\\w*)\\(\\s*${name}\\s*[,)]`, 'g'))) {
      if (/^(func|append|len|make)$/.test(c[1]!)) continue;
      const g = groupOf(name, c.index!);
      if (!g || !defs.length) continue;
      callMounts.push({ prefix: g.prefix, offset: c.index!, callee: c[1]!, middleware: g.middleware });
    }
  }
  const funcs = [...text.matchAll(/^func\s+(?:\([^)]*\)\s*)?(\w+)\s*\(/gm)].map((f) => ({ name: f[1]!, at: f.index! }));
  const funcAt = (offset: number) => funcs.filter((f) => f.at < offset).pop()?.name;
  // A router variable mounted under a prefix: its routes in the same function take the prefix (and a variable handed
  // to another function after the mount is a group of that prefix).
  for (const lm of localMounts) {
    const fn = funcAt(lm.offset);
    for (const r of unique)
      if (r.recv === lm.name && funcAt(r.offset) === fn) {
        r.path = joinPath(lm.prefix, r.path);
        r.middleware.unshift(...lm.middleware);
      }
    if (!groupOf(lm.name, lm.offset)) setGroup(lm.name, { prefix: lm.prefix, middleware: lm.middleware }, lm.offset);
  }
  // `x.Use(mw)` applies to the routes registered on x after it in the same block (a function body, a group's closure
  // or a `{ … }` block under a group variable): chi, echo, gin and fiber groups alike.
  for (const u of text.includes('.Use') ? text.matchAll(/(?<![\w.])(\w+)\.Use\s*\(/g) : []) {
    const at = u.index!;
    const d = depth[at]!;
    if (d === 0) continue;
    let end = at;
    while (end < text.length && depth[end]! >= d) end++;
    const { args } = callArgs(text, at + u[0].length - 1);
    const mw = args.filter((a) => a && !isFuncLit(a));
    if (!mw.length) continue;
    for (const r of unique) if (r.recv === u[1] && r.offset > at && r.offset < end) r.middleware.push(...mw);
  }
  for (const r of unique) {
    // A handler handed through a wrapper (`withAuth(h.token)`, `ToHTTPHandler(deps, api.HandleInfo, mw...)`): the
    // wrapped function is the handler, the wrapper runs around it like route middleware.
    const inner = r.handler ? unwrapHandler(r.handler) : undefined;
    if (inner) {
      r.handler = inner.handler;
      if (inner.wrapper) r.middleware.push(inner.wrapper);
    }
    r.middleware = r.middleware.map(short);
    if (r.handler && /^func\s*\(/.test(r.handler)) r.handler = undefined;
    else if (r.handler) r.handler = short(r.handler);
    r.func = funcAt(r.offset);
  }
  for (const c of callMounts) c.middleware = c.middleware.map(short);
  return {
    routes: unique,
    callMounts,
    groups: new Map([...groupDefs].map(([k, v]) => [k, v[v.length - 1]!.prefix])),
  };
}

/** The type of a router's Handle method as a value: a function of a method and a path string first. */
const HANDLE_FUNC = String.raw`func\s*\(\s*(?:\w+\s+)?string\s*,\s*(?:\w+\s+)?string\s*,`;
/**
 * A parameter that is a router's Handle method handed over as a value (gin's `func(method string, path string, f
 * ...gin.HandlerFunc) gin.IRoutes`, given `group.Handle`): each module registers its routes by calling it.
 */
const HANDLE_PARAM = new RegExp(`[(,]\\s*(\\w+)\\s+${HANDLE_FUNC}`);
/**
 * Every match of HANDLE_PARAM holds one of this, asked first: V8 then looks for `func` where HANDLE_PARAM tries every
 * `(` and `,` of the file (19 → 7 ms over netbird's 2,106 Go files, almost none of which hold either).
 */
const HANDLE_FUNC_TYPE = new RegExp(HANDLE_FUNC);
const holdsHandleParam = (text: string): boolean => HANDLE_FUNC_TYPE.test(text) && HANDLE_PARAM.test(text);

/** `attachHandler(http.MethodGet, LivePath, m.LiveGETRequest)`: calls of such a parameter, with its method and path. */
function handleParamRoutes(text: string, consts: Map<string, string>): GoRoute[] {
  const out: GoRoute[] = [];
  if (!holdsHandleParam(text)) return out;
  const names = new Set([...text.matchAll(new RegExp(HANDLE_PARAM.source, 'g'))].map((m) => m[1]!));
  for (const name of names)
    for (const c of text.matchAll(new RegExp(`(?<![\\w.])${escapeRegExp(name)}\\s*\\(`, 'g'))) {
      const { args } = callArgs(text, c.index! + c[0].length - 1);
      const method = /^http\.Method(\w+)$|^"([A-Z]+)"$/.exec(args[0] ?? '');
      const p = pathArg(args[1], consts);
      const handlers = args.slice(2);
      if (!method || p === undefined || !handlers.length) continue;
      out.push({
        method: (method[1] ?? method[2])!.toUpperCase(),
        path: p,
        offset: c.index!,
        handler: handlers[handlers.length - 1],
        middleware: handlers.slice(0, -1),
      });
    }
  return out;
}

/**
 * Path constants of the file: `healthPath = "/v1/health"` in a const block or `const healthPath = "/v1/health"`, and
 * paths built from other string constants of the file (`BasePathWithID = BasePath + "/:" + IDKey`, `IDKey = "id"`).
 */
function pathConstants(text: string): Map<string, string> {
  const strings = new Map<string, string>();
  // A path constant's value starts with a literal `"/…` written in the file.
  if (!text.includes('"/')) return strings;
  const built: [string, string[]][] = [];
  for (const m of text.matchAll(
    /^[ \t]*(?:const\s+)?(\w+)[ \t]*(?:string[ \t]*)?=[ \t]*("[^"\n]*"|\w+)((?:[ \t]*\+[ \t]*(?:"[^"\n]*"|\w+))*)/gm,
  )) {
    const parts = [m[2]!, ...(m[3]!.match(/"[^"\n]*"|\w+/g) ?? [])];
    if (parts.length === 1 && parts[0]!.startsWith('"')) strings.set(m[1]!, parts[0]!.slice(1, -1));
    else built.push([m[1]!, parts]);
  }
  // Constants built from constants declared before or after them: a few rounds resolve the chains a file writes.
  for (let round = 0; round < 3; round++)
    for (const [name, parts] of built) {
      if (strings.has(name)) continue;
      const values = parts.map((p) => (p.startsWith('"') ? p.slice(1, -1) : strings.get(p)));
      if (values.every((v) => v !== undefined)) strings.set(name, values.join(''));
    }
  return new Map([...strings].filter(([, v]) => v.startsWith('/') && !/\s/.test(v)));
}

/** A go-swagger API's route table entry: `o.handlers["POST"]["/api/v1/log/entries"] = entries.NewCreateLogEntry(…)`. */
const GO_SWAGGER_ROUTE = /\b(\w+)\.handlers\[\s*"([A-Z]+)"\s*\]\[\s*"(\/[^"\n]*)"\s*\]\s*=\s*([\w.]+)\s*\(/g;

/**
 * The routes of a go-swagger server, from the API type it generates (`restapi/operations/<name>_api.go`): its
 * `initHandlerCache` fills a table of handlers by method and path, which the router generated beside it serves (after
 * binding and validating each request against the specification). Paths are the specification's, as written: a
 * `basePath` the specification declares is not added.
 */
function goSwaggerRoutes(text: string): GoRoute[] {
  if (!text.includes('.handlers[') || !/^\/\/ Code generated by go-swagger\b/m.test(text)) return [];
  const out: GoRoute[] = [];
  for (const m of text.matchAll(GO_SWAGGER_ROUTE))
    out.push({ method: m[2]!, path: m[3]!, offset: m.index!, handler: m[4]!, middleware: [], recv: m[1]! });
  return out;
}

/**
 * huma operations: `huma.Register(api, huma.Operation{Method: http.MethodGet, Path: "/health", …}, h.getHealth)` (the
 * operation's method and path are fields of its literal) and the shorthands `huma.Get(api, "/items/{id}", h)`.
 */
function humaRoutes(text: string, close: Map<number, number>): GoRoute[] {
  if (!text.includes('huma.')) return [];
  const out: GoRoute[] = [];
  for (const m of text.matchAll(/\bhuma\.Register\s*\(\s*([\w.]+)\s*,\s*(?:huma\.)?Operation\s*\{/g)) {
    const brace = m.index! + m[0].length - 1;
    const end = close.get(brace);
    if (end === undefined) continue;
    const op = text.slice(brace, end);
    const path = /\bPath\s*:\s*"([^"\n]*)"/.exec(op)?.[1];
    if (path === undefined) continue;
    const method = /\bMethod\s*:\s*(?:http\.Method(\w+)|"(\w+)")/.exec(op);
    const args = callArgs(text, text.indexOf('(', m.index!)).args;
    out.push({
      method: method ? (method[1] ?? method[2])!.toUpperCase() : 'ANY',
      path,
      offset: m.index!,
      ...(args[2] ? { handler: short(args[2].trim()) } : {}),
      middleware: [],
      recv: m[1]!,
    });
  }
  for (const m of text.matchAll(/\bhuma\.(Get|Post|Put|Patch|Delete)\s*\(\s*([\w.]+)\s*,\s*"([^"\n]*)"/g)) {
    const args = callArgs(text, text.indexOf('(', m.index!)).args;
    out.push({
      method: m[1]!.toUpperCase(),
      path: m[3]!,
      offset: m.index!,
      ...(args[2] ? { handler: short(args[2].trim()) } : {}),
      middleware: [],
      recv: m[2]!,
    });
  }
  return out;
}

/**
 * Hand-written dispatch on the request path, the net/http way without a router:
 * `if r.Method == http.MethodGet && r.URL.Path == healthPath { return s.handleHealth(w, r) }` (or `else if`),
 * `switch r.URL.Path { case "/healthz": … }`, and `switch { case strings.HasPrefix(r.URL.Path, "/db/query"): … }`.
 * The path is a literal or a string constant of the file; the method comes from `r.Method == http.MethodX` / `"X"`
 * in the same condition (ANY otherwise). The handler is the first call of the branch; functions wrapping it
 * (`s.limit(s.auth(s.handleX))(w, r)`) are its middleware.
 */
function dispatchRoutes(text: string, close: Map<number, number>, consts: Map<string, string>): GoRoute[] {
  if (!text.includes('.URL.Path')) return [];
  const out: GoRoute[] = [];
  const resolve = (v: string): string | undefined => {
    const lit = /^"(\/[^"]*)"$/.exec(v);
    return lit ? lit[1] : consts.get(v);
  };
  const handlerOf = (line: string | undefined): { handler?: string; middleware: string[] } => {
    // return s.limit(s.auth(s.handleX))(w, r, v) / s.handleX(w, r) / h.ServeHTTP(w, r)
    const call =
      line &&
      /^(?:return\s+|_?\s*=\s*|err\s*:?=\s*)?([\w.]+(?:\((?:[^()]|\([^()]*\))*\))?)\s*\(\s*\w+\s*,\s*\w+[^()]*\)\s*$/.exec(
        line,
      );
    if (!call) return { middleware: [] };
    const names = [...call[1]!.matchAll(/[A-Za-z_][\w.]*/g)].map((n) => n[0]);
    return { handler: names[names.length - 1], middleware: names.slice(0, -1) };
  };
  const branch = (open: number): { handler?: string; middleware: string[] } => {
    const end = close.get(open);
    if (end === undefined) return { middleware: [] };
    return handlerOf(
      text
        .slice(open + 1, end)
        .split('\n')
        .map((l) => l.trim())
        .find((l) => l && !l.startsWith('//')),
    );
  };
  // A case's statements up to the next case: the first that hands the request on (`s.handleX(w, r, params)`), past a
  // counter bumped before it.
  const caseBranch = (colon: number, req: string): { handler?: string; middleware: string[] } => {
    const lines = text
      .slice(colon + 1, colon + 1000)
      .split('\n')
      .slice(1);
    const end = lines.findIndex((l) => /^\s*(?:case\s|default\s*:|\})/.test(l));
    const passes = new RegExp(`\\(\\s*\\w+\\s*,\\s*${req}\\b`);
    return handlerOf(
      lines
        .slice(0, end < 0 ? undefined : end)
        .map((l) => l.trim())
        .find((l) => passes.test(l)),
    );
  };
  for (const m of text.matchAll(
    /\b(\w+)\.URL\.Path\s*==\s*("[^"\n]*"|\w+)|(?<![\w.])("[^"\n]*"|\w+)\s*==\s*(\w+)\.URL\.Path\b|\bstrings\.HasPrefix\s*\(\s*(\w+)\.URL\.Path\s*,\s*("[^"\n]*"|\w+)\s*\)/g,
  )) {
    const req = (m[1] ?? m[4] ?? m[5])!;
    const path = resolve((m[2] ?? m[3] ?? m[6])!);
    if (path === undefined) continue;
    const lineStart = text.lastIndexOf('\n', m.index!) + 1;
    const head = text.slice(lineStart, m.index!);
    // A prefix is a route where a `switch {` dispatches on it; an `if` on a prefix is as often a middleware's skip.
    const cond = (m[5] ? /\bcase\s/ : /\b(?:if|case)\s/).exec(head);
    if (!cond) continue;
    const open = text.indexOf(/\bcase\s/.test(head) ? ':' : '{', m.index!);
    if (open < 0) continue;
    const condText = text.slice(lineStart + cond.index, open);
    const method = new RegExp(`\\b${req}\\.Method\\s*==\\s*(?:http\\.Method(\\w+)|"(\\w+)")`).exec(condText);
    const target = /\bcase\s/.test(head) ? caseBranch(open, req) : branch(open);
    // A prefix case that hands the request to no handler classifies paths (`isImmutableAsset`): it serves nothing.
    if (m[5] && !target.handler) continue;
    out.push({ method: method ? (method[1] ?? method[2])!.toUpperCase() : 'ANY', path, offset: m.index!, ...target });
  }
  // switch r.URL.Path { case "/healthz", "/livez": … }
  for (const sw of text.matchAll(/\bswitch\s+(\w+)\.URL\.Path\s*\{/g)) {
    const open = sw.index! + sw[0].length - 1;
    const end = close.get(open) ?? text.length;
    const body = text.slice(open, end);
    for (const c of body.matchAll(/^\s*case\s+([^:\n]+):/gm)) {
      for (const v of c[1]!.split(',')) {
        const path = resolve(v.trim());
        if (path !== undefined)
          out.push({
            method: 'ANY',
            path,
            offset: open + c.index!,
            ...caseBranch(open + c.index! + c[0].length - 1, sw[1]!),
          });
      }
    }
  }
  return out;
}

const MANAGER_CHECK = /\.Add(Healthz|Readyz)Check\s*\(\s*(?:"[^"\n]*"|[\w.]+)\s*,\s*(?!func\b)([\w.]+)?/g;

/** Handlers added to the webhook server's own mux or registered on it: `mgr.GetWebhookServer().WebhookMux().HandleFunc(…)`. */
const WEBHOOK_SERVER_ROUTE =
  /\b(?:WebhookMux\s*\(\s*\)\s*\.\s*Handle(?:Func)?|GetWebhookServer\s*\(\s*\)\s*\.\s*(Register))\s*\(/g;

/**
 * An admission webhook a controller-runtime manager serves (`/validate-…`, `/mutate-…`): a callback of the Kubernetes
 * API server over TLS, not an API of the service's for other callers.
 */
export function isAdmissionWebhook(r: { framework: string; fullPath: string }): boolean {
  return r.framework === 'controller-runtime' && /^\/(?:validate|mutate)-/.test(r.fullPath);
}

/** grpc-gateway's `gwmux.HandlePath("GET", "/readyz", handler)`: a plain HTTP handler beside the gateway's methods. */
const GATEWAY_HANDLE_PATH = /\.HandlePath\s*\(/g;

/** The routes added to a grpc-gateway mux with HandlePath (probes, metrics, downloads the proto API does not map). */
export function gatewayPathRoutes(text: string): GoRoute[] {
  if (!text.includes('grpc-gateway') || !text.includes('HandlePath')) return [];
  const out: GoRoute[] = [];
  for (const m of text.matchAll(GATEWAY_HANDLE_PATH)) {
    const { args } = callArgs(text, m.index! + m[0].length - 1);
    const method = /^"([A-Z]+)"$|^http\.Method(\w+)$/.exec(args[0] ?? '');
    const path = pathArg(args[1]);
    if (!method || path === undefined || !args[2]) continue;
    out.push({
      method: (method[1] ?? method[2]!).toUpperCase(),
      path,
      offset: m.index!,
      middleware: [],
      handler: short(args[2]),
    });
  }
  return out;
}

/** `ctrl.NewWebhookManagedBy(mgr, &v1.Cluster{})` (controller-runtime 0.22) or `ctrl.NewWebhookManagedBy(mgr).For(r)`. */
const WEBHOOK_BUILDER = /\bNewWebhookManagedBy\s*\(/g;

/** The kind a webhook builder is given: `&v1.Cluster{}`, or a receiver of the file (`func (so *ScaledObject) …`). */
function builderKind(text: string, arg: string | undefined): string | undefined {
  const lit = /^&?(?:\w+\.)?(\w+)\s*\{\s*\}$/.exec(arg ?? '');
  if (lit) return lit[1];
  if (!arg || !/^\w+$/.test(arg)) return undefined;
  return new RegExp(`^func\\s*\\(\\s*${escapeRegExp(arg)}\\s+\\*?(\\w+)\\s*\\)`, 'm').exec(text)?.[1];
}

/**
 * The routes a controller-runtime manager serves: `mgr.AddHealthzCheck("ping", healthz.Ping)` answers on /healthz and
 * `mgr.AddReadyzCheck(…)` on /readyz of its probe address (each check also under its own name below it); handlers
 * added to its webhook server; and the admission webhooks a builder registers there, at the paths controller-runtime
 * makes of the kind's group, version and name (`/validate-{group}-{version}-cluster` for `WithValidator`,
 * `/mutate-…` for `WithDefaulter`), POSTed to by the API server.
 */
export function managerRoutes(text: string): GoRoute[] {
  const out: GoRoute[] = [];
  if (text.includes('zCheck('))
    for (const m of text.matchAll(MANAGER_CHECK))
      out.push({
        method: 'GET',
        path: m[1] === 'Healthz' ? '/healthz' : '/readyz',
        offset: m.index!,
        middleware: [],
        ...(m[2] ? { handler: m[2] } : {}),
      });
  if (text.includes('WebhookServer()') || text.includes('WebhookMux()'))
    for (const m of text.matchAll(WEBHOOK_SERVER_ROUTE)) {
      const { args } = callArgs(text, m.index! + m[0].length - 1);
      const path = pathArg(args[0]);
      if (path === undefined || !args[1]) continue;
      out.push({ method: m[1] ? 'POST' : 'ANY', path, offset: m.index!, middleware: [], handler: short(args[1]) });
    }
  if (text.includes('NewWebhookManagedBy'))
    for (const m of text.matchAll(WEBHOOK_BUILDER)) {
      const { args, end } = callArgs(text, m.index! + m[0].length - 1);
      // The builder's chain up to Complete(): `.For(r)`, `.WithValidator(v)`, `.WithDefaulter(d)`.
      const stop = text.indexOf('Complete(', end);
      const chain = text.slice(end, stop < 0 ? end : stop);
      const argOf = (method: string): string | undefined => {
        const call = new RegExp(`\\.\\s*${method}\\s*\\(`).exec(chain);
        return call ? callArgs(chain, call.index + call[0].length - 1).args[0] : undefined;
      };
      const kind = builderKind(text, args[1] ?? argOf('For'));
      if (!kind) continue;
      for (const [verb, prefix] of [
        ['WithValidator', 'validate'],
        ['WithDefaulter', 'mutate'],
      ] as const) {
        const hook = argOf(verb);
        if (hook === undefined) continue;
        out.push({
          method: 'POST',
          path: `/${prefix}-{group}-{version}-${kind.toLowerCase()}`,
          offset: m.index!,
          middleware: [],
          ...(hook ? { handler: short(hook) } : {}),
        });
      }
    }
  return out;
}

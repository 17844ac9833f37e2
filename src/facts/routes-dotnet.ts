import { posix } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import type { RepoIndex } from '../repo/index.js';
import { maskText } from './code-text.js';
import { type CsharpConstants, csharpConstants } from './constants.js';
import { closeOf } from './routes-rust.js';
import { joinPath as joinUrlPath } from './url-path.js';

/**
 * ASP.NET Core endpoints, per file:
 * - minimal APIs: `app.MapGet("/x", h)` … `MapMethods`, `Map`, `MapHealthChecks`, `MapHub`, `MapGrpcService`,
 *   `MapPrometheusScrapingEndpoint`, `MapMetrics`, under `MapGroup("/api")` prefixes bound to variables or chained, and
 *   passed to extension methods (`app.MapGroup("/todos").MapTodosApi()` prefixes the routes that method maps on its
 *   `this` parameter); endpoint conventions (`RequireAuthorization`, `AllowAnonymous`, `RequireRateLimiting`, endpoint
 *   filters) of the route and its groups;
 * - controllers: `[Route]` on the class joined with `[HttpGet("x")]` on actions (`[controller]`, `[action]` tokens),
 *   with `[Authorize]`/`[AllowAnonymous]` of class and action;
 * - registrations inside `if (app.Environment.IsDevelopment())` are marked development-only.
 * Cross-file prefixes are resolved by resolveDotnetRoutes.
 */
export interface DotnetRoute {
  method: string;
  path: string;
  offset: number;
  handler?: string;
  /** The parameter of the method the route is mapped in, whose prefix (from the call sites) goes before `path`. */
  param?: { method: string; name: string };
  /** Endpoint conventions and authorization attributes of the route and its groups, as written. */
  conventions: string[];
  framework: 'aspnetcore' | 'grpc' | 'azure-functions';
  devOnly: boolean;
  /** A controller action rendering a view (Controller, View()), or a Razor page. */
  page?: boolean;
  /** The route is a controller action: served only when the app maps controllers. */
  controller?: boolean;
  /**
   * Mapped on the route builder a method of an endpoint class receives (`class Orders : IEndpointGroup`,
   * `ICarterModule.AddRoutes(IEndpointRouteBuilder app)`): such methods are found and called by reflection, so a
   * method nobody calls in the source is still reached.
   */
  reflected?: boolean;
  /**
   * A controller action of a class derived from the project's own base controller, which may carry the [Route] and
   * [Authorize] the class inherits (`[Route("api/[controller]")] class BaseApiController : ControllerBase`); `routed`:
   * the action's path does not depend on an inherited route.
   */
  inherits?: { base: string; template?: string; token: string; action: string; routed: boolean };
  /**
   * A conventional route with a fixed pattern naming its controller and action (`MapControllerRoute("Upload",
   * "api/v2/package", new { controller = "PackagePublish", action = "Upload" })`): the action's class says whether it
   * renders a page and which authorization attributes apply.
   */
  conventional?: { controller: string; action: string };
  /** A FastEndpoints endpoint: the group it joins (`Group<Admin>()`) and the version it declares (`Version(2)`). */
  fastEndpoint?: { group?: string; version?: number };
  /** An Azure Functions HTTP trigger: served under the function app's route prefix (host.json, `api` by default). */
  functionTrigger?: boolean;
}

/**
 * How FastEndpoints builds an endpoint's route: the app-wide prefix and version segment `UseFastEndpoints(c => …)`
 * configures, and the groups (`class Admin : Group { public Admin() { Configure("admin", ep => ep.EndpointVersion(1)); } }`).
 */
export interface FastEndpointsRouting {
  routePrefix?: string;
  versionPrefix?: string;
  prependVersion?: boolean;
  defaultVersion?: number;
  groups: { name: string; prefix: string; version?: number }[];
}

/** A controller class with the class-level route templates and authorization attributes it declares itself. */
export interface DotnetControllerClass {
  name: string;
  /** The first base type named, without generic arguments. */
  base?: string;
  routes: string[];
  auth: string[];
  /** Public methods of the class (the actions a conventional route may name), with their own attributes. */
  actions?: { name: string; view: boolean; auth: string[] }[];
}

/** A call that hands a route builder to another method: `group.MapTodosApi()`, `MapOrders(app.MapGroup("/o"))`. */
export interface DotnetBuilderCall {
  callee: string;
  prefix: string;
  param?: { method: string; name: string };
  conventions: string[];
  offset: number;
  devOnly: boolean;
}

export interface DotnetMiddleware {
  name: string;
  offset: number;
  text: string;
  devOnly: boolean;
}

export interface DotnetMethod {
  name: string;
  start: number;
  bodyStart: number;
  end: number;
  params: string[];
  extension: boolean;
}

const MAP_VERB: Record<string, string> = {
  MapGet: 'GET',
  MapPost: 'POST',
  MapPut: 'PUT',
  MapDelete: 'DELETE',
  MapPatch: 'PATCH',
  Map: 'ANY',
  MapMethods: 'ANY',
  MapFallback: 'ANY',
  MapHealthChecks: 'GET',
  MapHealthChecksUI: 'GET',
  MapHub: 'ANY',
  MapPrometheusScrapingEndpoint: 'GET',
  MapMetrics: 'GET',
  MapOpenApi: 'GET',
  MapScalarApiReference: 'GET',
  MapIdentityApi: 'ANY',
};
/** Endpoints mapped at a default path when none is given. */
const DEFAULT_PATH: Record<string, string> = {
  MapPrometheusScrapingEndpoint: '/metrics',
  MapMetrics: '/metrics',
  MapOpenApi: '/openapi/{documentName}.json',
  MapScalarApiReference: '/scalar',
};
const CONVENTION =
  /^(RequireAuthorization|AllowAnonymous|RequireRateLimiting|DisableRateLimiting|RequireCors|AddEndpointFilter\w*|WithOpenApi|CacheOutput|RequireHost|WithMetadata|ProducesValidationProblem|WithParameterValidation|HasApiVersion|MapToApiVersion|WithApiVersionSet|ExcludeFromDescription)$/;

/** Named arguments that carry a conventional route's pattern: ASP.NET Core's, MVC 5's and Web API 2's names. */
const PATTERN_ARG = new Set(['pattern', 'template', 'url', 'routeTemplate']);

/** `joinPath`, reading a leading `~/` as the application root, as ASP.NET route templates do. */
const joinPath = (...parts: string[]): string => joinUrlPath(...parts.map((p) => p.replace(/^~\//, '/')));

/** Methods (and local functions) with their parameter names; extension methods marked. */
export function csharpMethods(bare: string): DotnetMethod[] {
  const out: DotnetMethod[] = [];
  // The return type starts and ends on a type character and stays on one line: a type that could begin or end with
  // whitespace made every blank of a long blanked comment a start whose lazy type and `\s+` split the run every way
  // (cubic; one .NET repository's audit never finished).
  const re =
    /(?:^|[\s;{}])(?:(?:public|private|protected|internal|static|async|virtual|override|sealed|partial|extern|unsafe|new)\s+)*[\w<>[\],.?](?:[\w<>[\],.? \t]*?[\w<>[\],.?])?\s+(\w+)\s*(?:<[^>()]*>)?\s*\(/g;
  for (const m of bare.matchAll(re)) {
    const name = m[1]!;
    if (
      /^(if|for|foreach|while|switch|using|lock|catch|return|new|nameof|typeof|sizeof|await|when|base|this)$/.test(name)
    )
      continue;
    const paren = m.index! + m[0].length - 1;
    const close = closeOf(bare, paren);
    if (close < 0) continue;
    let i = close + 1;
    // `where T : class` constraints and `=> expr;` bodies.
    while (
      i < bare.length &&
      /[\s\w:,<>()]/.test(bare[i]!) &&
      bare[i] !== '{' &&
      !(bare[i] === '=' && bare[i + 1] === '>')
    )
      i++;
    let end: number;
    if (bare[i] === '{') end = closeOf(bare, i);
    else if (bare[i] === '=' && bare[i + 1] === '>') {
      end = bare.indexOf(';', i);
    } else continue;
    if (end < 0) continue;
    const paramText = bare.slice(paren + 1, close);
    const params = paramText
      .split(',')
      .map((p) => /(\w+)\s*(?:=[^,]*)?$/.exec(p.trim())?.[1])
      .filter((p): p is string => !!p);
    out.push({ name, start: m.index!, bodyStart: i, end, params, extension: /^\s*this\s/.test(paramText) });
  }
  return out;
}

function innermost(methods: DotnetMethod[], offset: number): DotnetMethod | undefined {
  let best: DotnetMethod | undefined;
  for (const f of methods) if (f.bodyStart <= offset && offset <= f.end && (!best || f.start > best.start)) best = f;
  return best;
}

/**
 * Ranges of `#if DEBUG` regions (and the `#else` of `#if !DEBUG`), up to the directive that ends them: compiled into
 * Debug builds only, never into the Release build a service ships.
 */
function debugRegions(bare: string): [number, number][] {
  const out: [number, number][] = [];
  const open: { debug: boolean; notDebug: boolean; start: number }[] = [];
  for (const m of bare.matchAll(/^[ \t]*#(if|elif|else|endif)\b([^\n]*)/gm)) {
    const [, directive, cond = ''] = m;
    if (directive === 'if') {
      const start = m.index + m[0].length;
      open.push({ debug: /^\s*DEBUG\s*$/.test(cond), notDebug: /^\s*!\s*DEBUG\s*$/.test(cond), start });
      continue;
    }
    const top = open.at(-1);
    if (!top) continue;
    if (top.debug) out.push([top.start, m.index - 1]);
    top.debug = directive === 'else' && top.notDebug;
    top.start = m.index + m[0].length;
    if (directive === 'endif') open.pop();
  }
  return out;
}

/** Ranges of `if (… IsDevelopment() …) { … }` blocks (and single statements), and of `#if DEBUG` regions. */
function devRanges(bare: string): [number, number][] {
  const out = debugRegions(bare);
  for (const m of bare.matchAll(/\bif\s*\(/g)) {
    const open = m.index! + m[0].length - 1;
    const close = closeOf(bare, open);
    if (close < 0) continue;
    const cond = bare.slice(open + 1, close);
    if (
      !/\bIsDevelopment\s*\(\s*\)/.test(cond) ||
      /!\s*[\w.]*IsDevelopment|IsDevelopment\s*\(\s*\)\s*==\s*false|\|\|/.test(cond)
    )
      continue;
    let i = close + 1;
    while (/\s/.test(bare[i] ?? '')) i++;
    const end = bare[i] === '{' ? closeOf(bare, i) : bare.indexOf(';', i);
    if (end > 0) out.push([i, end]);
  }
  return out;
}

/**
 * The 1-based line of a C# file (from its `column`, 0-based, for a statement on the line of its own `if`) lies in an
 * `if (… IsDevelopment() …)` branch or a `#if DEBUG` region: development only.
 */
export function inDevelopmentBranch(repo: RepoIndex, file: string, line: number, column = 0): boolean {
  const start = repo.lineOffsets(file)[line - 1];
  if (start === undefined) return false;
  const offset = start + column;
  const ranges = repo.fileMemo('dotnet:dev-ranges', file, () =>
    devRanges(maskText(repo.read(file) ?? '', 'csharp').bare),
  );
  return ranges.some(([start, end]) => start <= offset && offset <= end);
}

/** The string literal at the start of an argument: "…", @"…", $"…" (holes kept as written). */
function literal(text: string, bare: string, s: number, e: number): string | undefined {
  const arg = bare.slice(s, e);
  const m = /^\s*(?:\$|@)*"/.exec(arg);
  if (!m) return undefined;
  const q = s + m[0].length - 1;
  const close = bare.indexOf('"', q + 1);
  return close > 0 && close <= e ? text.slice(q + 1, close) : undefined;
}

/** The arguments between `open` and its closing parenthesis; `generic` for a parameter list (`Func<A, B> f`). */
function argSpans(bare: string, open: number, generic = false): [number, number][] {
  const close = closeOf(bare, open);
  if (close < 0) return [];
  const spans: [number, number][] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open + 1; i < close; i++) {
    const c = bare[i];
    if (c === '(' || c === '[' || c === '{' || (generic && c === '<')) depth++;
    else if (c === ')' || c === ']' || c === '}' || (generic && c === '>')) depth--;
    else if (c === ',' && depth === 0) {
      spans.push([start, i]);
      start = i + 1;
    }
  }
  if (bare.slice(start, close).trim()) spans.push([start, close]);
  return spans;
}

/**
 * The string literals this file's calls of `method` pass for its parameter `param`: `.MapProbe("/health/live", …)` on
 * an extension method (the receiver is its first parameter), `MapProbe(app, "/health/live")` on a static one.
 */
function argumentsGiven(text: string, bare: string, method: DotnetMethod, param: string): string[] {
  const head = new RegExp(`\\b${method.name}\\s*(?:<[^>()]*>)?\\s*\\(`).exec(
    bare.slice(method.start, method.bodyStart),
  );
  if (!head) return [];
  const decl = argSpans(bare, method.start + head.index + head[0].length - 1, true);
  const at = decl.findIndex(([s, e]) => new RegExp(`\\b${param}\\s*(?:=[^]*)?$`).test(bare.slice(s, e).trim()));
  if (at < 0) return [];
  const out: string[] = [];
  for (const c of bare.matchAll(new RegExp(`(\\.\\s*)?\\b${method.name}\\s*(?:<[^>()]*>)?\\s*\\(`, 'g'))) {
    const open = c.index! + c[0].length - 1;
    if (c.index! >= method.start && c.index! < method.bodyStart) continue;
    const span = argSpans(bare, open)[method.extension && c[1] ? at - 1 : at];
    const value = span && literal(text, bare, span[0], span[1]);
    if (value) out.push(value);
  }
  return [...new Set(out)];
}

interface Chain {
  /** The expression the chain starts from: a variable, `app`, a parameter. */
  head: string;
  calls: { name: string; open: number; close: number }[];
}

/** The member-call chain that ends just before `end` (the '.' of the next call), read backwards. */
function chainBefore(bare: string, end: number): Chain | undefined {
  const calls: Chain['calls'] = [];
  let i = end - 1;
  for (;;) {
    while (i >= 0 && /\s/.test(bare[i]!)) i--;
    if (bare[i] === ')') {
      // find the matching '('
      let depth = 0;
      let j = i;
      for (; j >= 0; j--) {
        if (bare[j] === ')') depth++;
        else if (bare[j] === '(') {
          depth--;
          if (depth === 0) break;
        }
      }
      if (j < 0) return undefined;
      let k = j - 1;
      // generic arguments: MapGroup<T>(…)
      if (bare[k] === '>') {
        let d = 0;
        for (; k >= 0; k--) {
          if (bare[k] === '>') d++;
          else if (bare[k] === '<' && --d === 0) break;
        }
        k--;
      }
      const nameEnd = k + 1;
      while (k >= 0 && /\w/.test(bare[k]!)) k--;
      const name = bare.slice(k + 1, nameEnd);
      if (!name) return undefined;
      calls.unshift({ name, open: j, close: i });
      i = k;
      while (i >= 0 && /\s/.test(bare[i]!)) i--;
      if (bare[i] === '.' || (bare[i] === '?' && bare[i + 1] === '.')) {
        i--;
        continue;
      }
      // `MapOrders(app)`: a static call with no receiver.
      return { head: '', calls };
    }
    const identEnd = i + 1;
    while (i >= 0 && /[\w.]/.test(bare[i]!)) i--;
    const head = bare.slice(i + 1, identEnd).replace(/^\.+|\.+$/g, '');
    return { head, calls };
  }
}

export interface DotnetRouteFile {
  routes: DotnetRoute[];
  builderCalls: DotnetBuilderCall[];
  middleware: DotnetMiddleware[];
  methods: DotnetMethod[];
  /** The file calls MapControllers / MapControllerRoute / UseMvc / MapDefaultControllerRoute. */
  mapsControllers: boolean;
  /** The file maps Razor pages. */
  mapsRazorPages: boolean;
  controllers: DotnetControllerClass[];
  fastEndpoints: FastEndpointsRouting;
}

/** The value of the `const string` an expression names (`HealthEndpointPath`, `KnownRoutes.HealthCheck`), when known. */
type ConstantOf = (expr: string) => string | undefined;

/** `new PathString(KnownRoutes.HealthCheck)`: the path is the expression it wraps. */
const PATH_STRING = /^new\s+(?:Microsoft\.AspNetCore\.Http\.)?PathString\s*\(\s*([^()\s]+)\s*\)$/;

/**
 * A path given as a bare identifier, or wrapped in a PathString with ABP's `EnsureStartsWith('/')`
 * (`MapHealthChecks(new PathString(path.EnsureStartsWith('/')), …)`).
 */
const PARAMETER_PATH =
  /^\s*(?:new\s+(?:Microsoft\.AspNetCore\.Http\.)?PathString\s*\(\s*)?(\w+)(?:\s*\.\s*EnsureStartsWith\s*\([^()]*\))?\s*\)?\s*$/;

/**
 * The constants a file names: its own `const string` first (`MapHealthChecks(HealthEndpointPath)`), then the project's
 * (`[Route(KnownRoutes.ResourceTypeById)]` over a routes class of another project the web project references).
 */
function constantsOf(text: string, project?: CsharpConstants): ConstantOf {
  let own: CsharpConstants | undefined;
  return (expr) => {
    const raw = expr.trim();
    const ref = (PATH_STRING.exec(raw)?.[1] ?? raw).replace(/\s+/g, '');
    if (!/^(?:\w+\.)*[A-Z_]\w*$/.test(ref)) return undefined;
    own ??= csharpConstants([{ file: '', text }]);
    return own.value(ref) ?? project?.value(ref);
  };
}

/**
 * A health-check path read from settings (`UseHealthChecks(options.HealthCheck.Path)`, `MapHealthChecks(settings.Path)`,
 * `MapHealthChecks(Configuration["Health:Path"])`, `MapHealthChecks(new PathString(KnownRoutes.HealthCheck))`): kept as
 * a placeholder, since the endpoint is one whatever its path.
 */
function configuredPath(bare: string, span: [number, number]): string | undefined {
  const raw = bare.slice(span[0], span[1]).trim();
  const expr = PATH_STRING.exec(raw)?.[1] ?? raw;
  return /^[A-Za-z_]\w*(?:\??\.[A-Za-z_]\w*)+$|^[A-Za-z_][\w.]*\[\s*"[^"]*"\s*\]$/.test(expr) ? `{${expr}}` : undefined;
}

// Classic ASP.NET's builders: MVC 5's RouteCollection and an area's AreaRegistrationContext (whose RegisterArea override
// MVC calls by reflection), Web API 2's HttpConfiguration.
const ROUTE_BUILDER =
  /\b(?:IEndpointRouteBuilder|RouteGroupBuilder|WebApplication|IApplicationBuilder|RouteCollection|AreaRegistrationContext|HttpConfiguration)\??\s+$/;

/**
 * The route is mapped on a builder parameter of a method that is not an extension method, in a class that implements an
 * interface or base class (an endpoint class an assembly scan registers: IEndpointGroup, IEndpoint, ICarterModule).
 */
function reflectedEndpoint(
  bare: string,
  methods: DotnetMethod[],
  param: { method: string; name: string },
  at: number,
): boolean {
  const method = innermost(methods, at);
  if (!method || method.name !== param.method || method.extension) return false;
  const sig = bare.slice(method.start, method.bodyStart);
  const i = sig.search(new RegExp(`\\b${param.name}\\s*[,)=]`));
  if (i < 0 || !ROUTE_BUILDER.test(sig.slice(0, i))) return false;
  let cls: RegExpExecArray | undefined;
  for (const c of bare
    .slice(0, method.start + 1)
    .matchAll(/\bclass\s+\w+\s*(?:<[^>{]*>\s*)?(?:\([^)]*\)\s*)?(:[^{]+)?\{/g))
    cls = c;
  return !!cls?.[1];
}

/** A custom attribute that supplies a controller's route template (IRouteTemplateProvider), by its usage arguments. */
export type RouteTemplateAttrs = ReadonlyMap<string, (args: string[]) => string | undefined>;

/** The arguments written in an attribute usage (`[V3ApiController("system")]` → ["system"]), literals unquoted. */
function attrArgs(text: string): string[] {
  const open = text.indexOf('(');
  if (open < 0) return [];
  return text
    .slice(open + 1, text.lastIndexOf(')'))
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean)
    .map((a) => a.replace(/^\w+\s*:\s*/, '').replace(/^@?"(.*)"$/, '$1'));
}

/**
 * Attribute classes implementing IRouteTemplateProvider (`class VersionedApiControllerAttribute : Attribute,
 * IRouteTemplateProvider { … Template = $"api/v{version}/{resource}"; }`), and attributes deriving from one with fixed
 * arguments (`V3ApiControllerAttribute(string resource = "[controller]") : base(3, resource)`): the template each
 * usage produces, from its arguments and the constructor defaults.
 */
export function routeTemplateAttributes(sources: Iterable<string>): RouteTemplateAttrs {
  type Def = { params: { name: string; def?: string }[]; template?: string; base?: { name: string; args: string[] } };
  const defs = new Map<string, Def>();
  const providers = new Set<string>();
  const derived: [string, string][] = [];
  for (const text of sources) {
    if (!/\bclass\s+\w+Attribute\b/.test(text)) continue;
    const bare = maskText(text, 'csharp').bare;
    for (const c of bare.matchAll(/\bclass\s+(\w+)Attribute\s*:\s*([^{]+)\{/g)) {
      const name = c[1]!;
      const open = c.index! + c[0].length - 1;
      const end = closeOf(bare, open);
      if (end < 0) continue;
      const body = text.slice(open, end);
      const ctor = new RegExp(`\\b${name}Attribute\\s*\\(([^)]*)\\)\\s*(?::\\s*base\\s*\\(([^)]*)\\))?`).exec(body);
      const params = (ctor?.[1] ?? '')
        .split(',')
        .map((x) => /(\w+)\s*(?:=\s*(?:@?"([^"]*)"|([\w.]+)))?\s*$/.exec(x.trim()))
        .filter((m): m is RegExpExecArray => !!m)
        .map((m) => ({ name: m[1]!, ...(m[2] !== undefined || m[3] !== undefined ? { def: m[2] ?? m[3] } : {}) }));
      const template = /\bTemplate\s*(?:=>|=|\{\s*get;\s*\}\s*=)\s*\$?@?"([^"]*)"/.exec(body)?.[1];
      const baseName = /^\s*(?:[\w.]+\.)?(\w+?)(?:Attribute)?\b/.exec(c[2]!)?.[1];
      const def: Def = { params, ...(template !== undefined ? { template } : {}) };
      if (ctor?.[2] !== undefined && baseName) def.base = { name: baseName, args: attrArgs(`(${ctor[2]})`) };
      defs.set(name, def);
      if (/\bIRouteTemplateProvider\b/.test(c[2]!) && template !== undefined) providers.add(name);
      else if (baseName) derived.push([name, baseName]);
    }
  }
  // Attributes deriving (at any depth) from a provider.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, base] of derived)
      if (!providers.has(name) && providers.has(base)) {
        providers.add(name);
        changed = true;
      }
  }
  const evaluate = (name: string, args: string[], depth = 0): string | undefined => {
    const d = defs.get(name);
    if (!d || depth > 4) return undefined;
    const env = new Map<string, string>();
    d.params.forEach((p, i) => {
      const v = args[i] ?? p.def;
      if (v !== undefined) env.set(p.name, v);
    });
    if (d.template !== undefined) return d.template.replace(/\{(\w+)\}/g, (all, k: string) => env.get(k) ?? all);
    if (!d.base) return undefined;
    // A base argument is a literal or one of this constructor's parameters.
    return evaluate(
      d.base.name,
      d.base.args.map((a) => env.get(a) ?? a),
      depth + 1,
    );
  };
  const out = new Map<string, (args: string[]) => string | undefined>();
  for (const name of providers) out.set(name, (args) => evaluate(name, args));
  // What the map answers is a function of the providers and the definitions they evaluate: equal keys, equal maps.
  TEMPLATE_ATTRS_KEY.set(
    out,
    JSON.stringify([[...providers].sort(), [...defs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]),
  );
  return out;
}

/** A key per map routeTemplateAttributes made: maps with the same key give every usage the same template. */
const TEMPLATE_ATTRS_KEY = new WeakMap<RouteTemplateAttrs, string>();

/**
 * Attribute classes deriving (at any depth) from AuthorizeAttribute (`class HasPermissionAttribute : AuthorizeAttribute
 * { … : base("HasPermission") }`): each usage (`[HasPermission(Permissions.Orders.Edit)]`) is an [Authorize] with the
 * policy its constructor names. Names without the Attribute suffix. The set also holds the authorization filter
 * classes (`class ApiKeyFilter : IAsyncAuthorizationFilter`), which `[TypeFilter(typeof(ApiKeyFilter))]` or
 * `[ServiceFilter(typeof(…))]` applies like an attribute (see authFilterUsage); a filter class that is no attribute
 * never stands in an attribute list itself.
 */
export function authorizeAttributes(sources: Iterable<string>): ReadonlySet<string> {
  const derived: [string, string][] = [];
  const filterClasses = new Set<string>();
  for (const text of sources) {
    const hasFilter = /AuthorizationFilter\b/.test(text);
    if (!hasFilter && !/\bclass\s+\w+Attribute\b/.test(text)) continue;
    const bare = maskText(text, 'csharp').bare;
    // A primary constructor may stand between the name and the base
    // (`class HasRoleAttribute(string role) : AuthorizeAttribute`).
    for (const c of bare.matchAll(
      /\bclass\s+(\w+?)(?:Attribute)?\s*(?:\([^)]*\)\s*)?:\s*(?:[\w.]+\.)?(\w+?)(?:Attribute)?\b/g,
    ))
      derived.push([c[1]!, c[2]!]);
    // An attribute that is an authorization filter itself (`class PermissionAuthorizeAttribute : Attribute,
    // IAsyncAuthorizationFilter`), or a TypeFilterAttribute/ServiceFilterAttribute naming one (`class AuthorizeAdmin :
    // TypeFilterAttribute { … base(typeof(AuthorizeAdminFilter)) … class AuthorizeAdminFilter : IAsyncAuthorizationFilter`):
    // MVC runs it before the action, as it runs [Authorize].
    const filters = new Set(
      [...bare.matchAll(/\bclass\s+(\w+)(?:\s*\([^)]*\))?\s*:[^{]*\bI(?:Async)?AuthorizationFilter\b/g)].map(
        (c) => c[1]!,
      ),
    );
    for (const f of filters) filterClasses.add(f.replace(/Attribute$/, ''));
    if (!filters.size) continue;
    for (const c of bare.matchAll(/\bclass\s+(\w+?)Attribute\s*(?:\([^)]*\))?\s*:\s*([^{]+)\{/g)) {
      const bases = c[2]!;
      const open = c.index! + c[0].length - 1;
      const body = bare.slice(open, closeOf(bare, open) + 1 || undefined);
      if (
        /\bI(?:Async)?AuthorizationFilter\b/.test(bases) ||
        (/\b(?:TypeFilter|ServiceFilter)Attribute\b/.test(bases) &&
          [...body.matchAll(/\btypeof\s*\(\s*(\w+)\s*\)/g)].some((t) => filters.has(t[1]!)))
      )
        derived.push([c[1]!, 'Authorize']);
    }
  }
  const out = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, base] of derived)
      if (!out.has(name) && name !== 'Authorize' && (base === 'Authorize' || out.has(base))) {
        out.add(name);
        changed = true;
      }
  }
  for (const f of filterClasses) out.add(f);
  return out;
}

/**
 * The class a `[TypeFilter(typeof(ApiKeyFilter))]` / `[ServiceFilter(typeof(ApiKeyFilter))]` attribute has MVC create
 * and run (the attribute's text), or undefined for any other attribute.
 */
export function authFilterUsage(name: string, text: string): string | undefined {
  if (!/^(?:TypeFilter|ServiceFilter)$/.test(name)) return undefined;
  const type = /^[\w.]*?(?:TypeFilter|ServiceFilter)(?:Attribute)?\s*\(\s*typeof\s*\(\s*([\w.]+)\s*\)/.exec(text)?.[1];
  return type?.split('.').pop();
}

export function dotnetRoutes(
  text: string,
  templateAttrs: RouteTemplateAttrs = new Map(),
  authorizeAttrs: ReadonlySet<string> = new Set(),
  projectConstants?: CsharpConstants,
): DotnetRouteFile {
  const isAuthAttr = ({ name, text }: { name: string; text: string }): boolean => {
    if (/^(Authorize|AllowAnonymous)/.test(name) || authorizeAttrs.has(name.replace(/Attribute$/, ''))) return true;
    const filter = authFilterUsage(name, text);
    return !!filter && authorizeAttrs.has(filter.replace(/Attribute$/, ''));
  };
  const bare = maskText(text, 'csharp').bare;
  const constant = constantsOf(text, projectConstants);
  const constantAt = (span: [number, number]): string | undefined => constant(bare.slice(span[0], span[1]));
  const attributesBefore = (offset: number): Attr[] => attributeListBefore(text, bare, offset, constant);
  const methods = csharpMethods(bare);
  const dev = devRanges(bare);
  const isDev = (o: number): boolean => dev.some(([s, e]) => s <= o && o <= e);
  const routes: DotnetRoute[] = [];
  const builderCalls: DotnetBuilderCall[] = [];
  const middleware: DotnetMiddleware[] = [];
  const controllers: DotnetControllerClass[] = [];

  /** Prefix, conventions and parameter a receiver expression carries (variables followed back to their assignment). */
  const evaluate = (
    chain: Chain,
    at: number,
    depth = 0,
  ): { prefix: string; conventions: string[]; param?: { method: string; name: string } } => {
    let prefix = '';
    const conventions: string[] = [];
    let param: { method: string; name: string } | undefined;
    const head = chain.head.split('.').pop() ?? '';
    const method = innermost(methods, at);
    if (head && depth < 6) {
      if (method?.params.includes(head) && !isAssignedIn(bare, head, method, at)) {
        param = { method: method.name, name: head };
        // `groupBuilder.RequireAuthorization();` on the builder the method was given.
        const re = new RegExp(`(?:^|[;{}\\s])${head}\\s*\\.\\s*(\\w+)\\s*\\(`, 'g');
        re.lastIndex = method.bodyStart;
        for (let m = re.exec(bare); m && m.index < at; m = re.exec(bare))
          if (CONVENTION.test(m[1]!)) conventions.push(conventionText(text, bare, m.index + m[0].length - 1, m[1]!));
      } else {
        const assign = assignmentOf(bare, head, method, at);
        if (assign) {
          const inner = chainBefore(bare, assign.end);
          if (inner) {
            const r = evaluate(inner, assign.start, depth + 1);
            prefix = r.prefix;
            conventions.push(...r.conventions);
            param = r.param;
          }
        }
        // Conventions added to the group in later statements: `api.RequireAuthorization();`.
        const scopeStart = method?.bodyStart ?? 0;
        const re = new RegExp(`(?:^|[;{}\\s])${head}\\s*\\.\\s*(\\w+)\\s*\\(`, 'g');
        re.lastIndex = scopeStart;
        for (let m = re.exec(bare); m && m.index < at; m = re.exec(bare))
          if (CONVENTION.test(m[1]!)) conventions.push(conventionText(text, bare, m.index + m[0].length - 1, m[1]!));
      }
    }
    for (const c of chain.calls) {
      if (c.name === 'MapGroup') {
        const spans = argSpans(bare, c.open);
        const p = spans[0] ? literal(text, bare, spans[0][0], spans[0][1]) : undefined;
        prefix = joinPath(prefix, p ?? '');
      } else if (CONVENTION.test(c.name)) conventions.push(conventionText(text, bare, c.open, c.name));
    }
    return { prefix, conventions, param };
  };

  for (const m of bare.matchAll(/\.\s*(Map\w*)\s*(?:<([^>()]*)>)?\s*\(/g)) {
    const name = m[1]!;
    const open = m.index! + m[0].length - 1;
    const close = closeOf(bare, open);
    if (close < 0) continue;
    const chain = chainBefore(bare, m.index!);
    if (!chain) continue;
    const base = evaluate(chain, m.index!);
    const devOnly = isDev(m.index!);
    // Conventions chained after the call: .MapGet(...).RequireAuthorization().WithName("x")
    const after: string[] = [];
    for (let i = close + 1; ; ) {
      const next = /^\s*\.\s*(\w+)\s*(?:<[^>()]*>)?\s*\(/.exec(bare.slice(i, i + 200));
      if (!next) break;
      const o = i + next[0].length - 1;
      const c = closeOf(bare, o);
      if (c < 0) break;
      if (CONVENTION.test(next[1]!)) after.push(conventionText(text, bare, o, next[1]!));
      i = c + 1;
    }
    const spans = argSpans(bare, open);
    if (name in MAP_VERB) {
      let p = spans[0] ? (literal(text, bare, spans[0][0], spans[0][1]) ?? constantAt(spans[0])) : undefined;
      // A project's own handler-first helper: `group.MapPost(CreateOrder)`, `group.MapPut(UpdateOrder, "{id}")`.
      let handlerFirst: string | undefined;
      if (p === undefined && /^Map(Get|Post|Put|Delete|Patch)$/.test(name) && spans[0]) {
        const first = bare.slice(spans[0][0], spans[0][1]).trim();
        const second = spans[1] ? literal(text, bare, spans[1][0], spans[1][1]) : '';
        if (/^[A-Z]\w*$/.test(first) && second !== undefined && spans.length <= 2) {
          p = second;
          handlerFirst = first;
        }
      }
      // The path is a parameter of the method it is mapped in (`MapCustomHealthChecks(this WebApplication app, string
      // healthPattern = "/hc")`): the paths this file's calls of that helper give it (`.MapProbe("/health/live", …)`),
      // its default value, or kept as a placeholder for a health-check endpoint.
      let given: string[] = [];
      if (p === undefined && spans[0]) {
        const ident = PARAMETER_PATH.exec(bare.slice(spans[0][0], spans[0][1]))?.[1];
        const within = ident ? innermost(methods, m.index!) : undefined;
        if (ident && within?.params.includes(ident)) {
          given = argumentsGiven(text, bare, within, ident);
          const d = new RegExp(`\\b${ident}\\s*=\\s*@?"([^"]*)"`).exec(text.slice(within.start, within.bodyStart));
          // An empty default (`string pattern = ""`) is a helper's "callers say where": no path of its own.
          p = given[0] ?? (d?.[1] ? d[1] : name === 'MapHealthChecks' ? `{${ident}}` : undefined);
        }
      }
      if (p === undefined && name === 'MapHealthChecks' && spans[0]) p = configuredPath(bare, spans[0]);
      if (p === undefined && !(name in DEFAULT_PATH) && name !== 'MapFallback' && name !== 'MapIdentityApi') continue;
      let method = MAP_VERB[name]!;
      if (name === 'MapMethods' && spans[1]) {
        const verbs = [...text.slice(spans[1][0], spans[1][1]).matchAll(/"(\w+)"|HttpMethods\.(\w+)/g)].map((v) =>
          (v[1] ?? v[2])!.toUpperCase(),
        );
        if (verbs.length === 1) method = verbs[0]!;
      }
      const handlerArg = handlerFirst ?? (spans[1] ? bare.slice(spans[1][0], spans[1][1]).trim() : '');
      for (const path of given.length ? given : [p ?? DEFAULT_PATH[name] ?? ''])
        routes.push({
          method,
          path: joinPath(base.prefix, path),
          offset: m.index!,
          handler:
            name === 'MapHealthChecks'
              ? 'HealthChecks'
              : name === 'MapHealthChecksUI'
                ? 'HealthChecksUI'
                : /^[\w.]+$/.test(handlerArg)
                  ? handlerArg
                  : undefined,
          ...(base.param ? { param: base.param } : {}),
          ...(base.param && reflectedEndpoint(bare, methods, base.param, m.index!) ? { reflected: true } : {}),
          conventions: [...base.conventions, ...after],
          framework: 'aspnetcore',
          devOnly,
        });
    } else if (name === 'MapGroup') {
      // Groups are read when a route or builder call uses them.
    } else if (
      /^Map(Controllers|ControllerRoute|DefaultControllerRoute|AreaControllerRoute|RazorPages|GrpcService|Blazor\w*|DefaultEndpoints|Static\w*)$/.test(
        name,
      )
    ) {
      // Recorded as middleware-like registrations below. `MapDefaultEndpoints` is also the call site of the method of
      // that name a solution's Aspire ServiceDefaults project defines (`app.MapHealthChecks("/health")` inside).
      if (name === 'MapDefaultEndpoints')
        builderCalls.push({
          callee: name,
          prefix: base.prefix,
          ...(base.param ? { param: base.param } : {}),
          conventions: base.conventions,
          offset: m.index!,
          devOnly,
        });
    } else {
      // `group.MapTodosApi()`: an extension method that maps routes on the builder it is given.
      builderCalls.push({
        callee: name,
        prefix: base.prefix,
        ...(base.param ? { param: base.param } : {}),
        conventions: [...base.conventions, ...after],
        offset: m.index!,
        devOnly,
      });
    }
  }
  /** A builder call of `callee` on the chain ending at `chainEnd`, read at `at` and recorded at `offset`. */
  const callOnChain = (callee: string, chainEnd: number, at: number, offset: number, withParam = true): void => {
    const chain = chainBefore(bare, chainEnd);
    if (!chain) return;
    const base = evaluate(chain, at);
    builderCalls.push({
      callee,
      prefix: base.prefix,
      ...(withParam && base.param ? { param: base.param } : {}),
      conventions: base.conventions,
      offset,
      devOnly: isDev(at),
    });
  };
  // A project's own pipeline extension that maps endpoints inside (`app.UseAppPlatform(o => …)` whose body calls
  // `app.MapAppHealthEndpoints()`): its call site is how those endpoints are reached.
  for (const m of bare.matchAll(/\.\s*(Use[A-Z]\w*)\s*(?:<[^>()]*>)?\s*\(/g))
    callOnChain(m[1]!, m.index!, m.index!, m.index!);
  // Static helpers given the builder: `MapOrdersEndpoints(app)`, `OrdersApi.Map(app.MapGroup("/orders"))`, and the
  // Program class's own pipeline method (`ConfigureApp(app)`, `ConfigurePipeline(app)`, `SetupRoutes(app)`).
  for (const m of bare.matchAll(
    /(?:^|[\s;{}=])(?:\w+\.)?(Map\w+|Register\w*(?:Endpoints|Routes|Api)\w*|Configure[A-Z]\w*|Set[uU]p[A-Z]?\w*)\s*\(\s*([\w.]+(?:\s*\.\s*MapGroup\s*\([^)]*\))?)\s*[,)]/g,
  )) {
    if (bare[m.index! + m[0].indexOf(m[1]!) - 1] === '.' && !/^\w+\./.test(m[0].trim())) continue;
    const argStart = m.index! + m[0].indexOf(m[2]!, m[0].indexOf('('));
    callOnChain(m[1]!, argStart + m[2]!.length, m.index!, m.index! + m[0].indexOf(m[1]!));
  }

  // A method handed over as a method group (`app.UseEndpoints(SetupEndpoints)`, `app.UseEndpoints(Routes.Map)`): the
  // framework calls it with the builder, so the routes it maps on its parameter are reached from here. Like a lambda
  // given there, it runs when the pipeline is built, whoever calls the method that builds it (Startup.Configure).
  for (const m of bare.matchAll(/\.\s*(?:Use|Map)\w*\s*\(\s*(?:"[^"\n]*"\s*,\s*)?(?:\w+\.)?([A-Z]\w*)\s*\)/g))
    callOnChain(m[1]!, m.index!, m.index!, m.index! + m[0].lastIndexOf(m[1]!), false);

  // `app.UseHealthChecks("/health", options)`: the middleware form of MapHealthChecks answers GET on that path.
  for (const m of bare.matchAll(/\.\s*UseHealthChecks\s*\(/g)) {
    const open = m.index! + m[0].length - 1;
    const span = argSpans(bare, open)[0];
    const p = span
      ? (literal(text, bare, span[0], span[1]) ?? constantAt(span) ?? configuredPath(bare, span))
      : undefined;
    if (p === undefined) continue;
    routes.push({
      method: 'GET',
      path: joinPath(p),
      offset: m.index!,
      handler: 'HealthChecks',
      conventions: [],
      framework: 'aspnetcore',
      devOnly: isDev(m.index!),
    });
  }

  // Conventional routes with a fixed pattern naming one action: `MapControllerRoute("Upload", "api/v2/package", new {
  // controller = "PackagePublish", action = "Upload" }, new { httpMethod = new HttpMethodRouteConstraint("PUT") })`, the
  // arguments positional or named (`pattern:`, `defaults:`, `constraints:`); an area route takes the area name second.
  // A pattern with `{controller}`/`{action}` tokens is the catch-all convention and names no action. Classic ASP.NET
  // writes the same as `routes.MapRoute("Name", "url", new { controller, action })` (MVC 5, and ASP.NET Core's UseMvc)
  // and `config.Routes.MapHttpRoute(name, routeTemplate, defaults, constraints)` (Web API 2).
  for (const m of bare.matchAll(/\.\s*(?:Map(Area)?ControllerRoute|MapRoute|MapHttpRoute)\s*\(/g)) {
    const open = m.index! + m[0].length - 1;
    const spans = argSpans(bare, open);
    const named = new Map<string, [number, number]>();
    const positional: [number, number][] = [];
    for (const sp of spans) {
      const n = /^\s*(\w+)\s*:(?!:)/.exec(bare.slice(sp[0], sp[1]));
      if (n) named.set(PATTERN_ARG.has(n[1]!) ? 'pattern' : n[1]!, [sp[0] + n[0].length, sp[1]]);
      else positional.push(sp);
    }
    const order = m[1]
      ? ['name', 'areaName', 'pattern', 'defaults', 'constraints']
      : ['name', 'pattern', 'defaults', 'constraints'];
    const arg = (key: string): [number, number] | undefined => {
      const i = order.indexOf(key);
      return named.get(key) ?? (i >= 0 && i < positional.length ? positional[i] : undefined);
    };
    const pat = arg('pattern');
    const defaults = arg('defaults');
    const pattern = pat ? literal(text, bare, pat[0], pat[1]) : undefined;
    if (pattern === undefined || !defaults || /\{\s*(?:controller|action)\b/i.test(pattern)) continue;
    const defaultsText = text.slice(defaults[0], defaults[1]);
    const controller = /\bcontroller\s*=\s*"(\w+)"/.exec(defaultsText)?.[1];
    const action = /\baction\s*=\s*"(\w+)"/.exec(defaultsText)?.[1];
    if (!controller || !action) continue;
    const cons = arg('constraints');
    const verbs = cons
      ? [
          ...text
            .slice(cons[0], cons[1])
            .matchAll(/HttpMethod(?:Route)?Constraint\s*\(\s*(?:new\s*(?:string\s*)?\[\s*\]\s*\{\s*)?"(\w+)"/g),
        ].map((v) => v[1]!)
      : [];
    const chain = chainBefore(bare, m.index!);
    const base = chain ? evaluate(chain, m.index!) : { prefix: '', conventions: [] as string[] };
    routes.push({
      method: verbs.length === 1 ? verbs[0]!.toUpperCase() : 'ANY',
      path: joinPath(base.prefix, pattern),
      offset: m.index!,
      handler: `${controller}Controller.${action}`,
      ...('param' in base && base.param ? { param: base.param } : {}),
      conventions: base.conventions,
      framework: 'aspnetcore',
      devOnly: isDev(m.index!),
      conventional: { controller: `${controller}Controller`, action },
    });
  }

  // FastEndpoints: `class CreateOrder : Endpoint<Req, Res>` declares its route in `Configure() { Post("/orders"); }`,
  // also on a project's own base class over them (`class Endpoint(…) : AppEndpoint<Req, Res>`, `AppEndpointWithoutRequest`).
  for (const c of bare.matchAll(
    /\bclass\s+\w+\s*(?:<[^>{]*>\s*)?(?:\([^)]*\)\s*)?:\s*(?:[A-Z]?\w*Endpoint(?:WithoutRequest|WithMapper)?|Ep\.\w+(?:\.\w+)*)\b[^{]*\{/g,
  )) {
    const open = c.index! + c[0].length - 1;
    const end = closeOf(bare, open);
    const configure = methods.find((f) => f.name === 'Configure' && f.start >= open && f.end < end);
    if (!configure) continue;
    const body = bare.slice(configure.bodyStart, configure.end);
    const conventions = [...body.matchAll(/\b(AllowAnonymous|Roles|Policies|Permissions|Claims|Scopes)\s*\(/g)].map(
      (a) => (a[1] === 'AllowAnonymous' ? 'AllowAnonymous()' : `RequireAuthorization(${a[1]})`),
    );
    const group = /(?<![.\w])Group\s*<\s*(?:\w+\.)*(\w+)\s*>\s*\(\s*\)/.exec(body)?.[1];
    const version = /(?<![.\w])Version\s*\(\s*(\d+)/.exec(body)?.[1];
    const fastEndpoint = { ...(group ? { group } : {}), ...(version ? { version: Number(version) } : {}) };
    for (const v of body.matchAll(/(?<![.\w])(Get|Post|Put|Delete|Patch)\s*\(/g)) {
      const o = configure.bodyStart + v.index! + v[0].length - 1;
      for (const [a, b] of argSpans(bare, o)) {
        const arg = text.slice(a, b).trim();
        // A route constant (`CreateOrderRequest.Route`) is kept as written when its value is not known.
        const p = literal(text, bare, a, b) ?? constant(arg) ?? (/^(?:\w+\.)*\w+$/.test(arg) ? `{${arg}}` : undefined);
        if (p === undefined) continue;
        routes.push({
          method: v[1]!.toUpperCase(),
          path: joinPath(p),
          offset: o,
          conventions,
          framework: 'aspnetcore',
          devOnly: false,
          fastEndpoint,
        });
      }
    }
  }

  // Azure Functions HTTP triggers: `[Function("Relay")]` (isolated worker) or `[FunctionName("Relay")]` (in-process) on a
  // method taking `[HttpTrigger(AuthorizationLevel.Function, "post", Route = "relay/{id}")] HttpRequestData req`. The
  // trigger lists the methods (none: any) and the route (none: the function's name); a level other than Anonymous
  // (the attribute's default is Function) asks for a function or host key.
  for (const m of bare.matchAll(/\[\s*HttpTrigger\s*\(/g)) {
    const open = m.index! + m[0].length - 1;
    const close = closeOf(bare, open);
    const fn = methods.find((f) => f.start < m.index! && m.index! < f.bodyStart);
    if (close < 0 || !fn) continue;
    const nameAt = bare.slice(fn.start, fn.bodyStart).search(new RegExp(`\\b${fn.name}\\s*\\(`));
    const declared = attributesBefore(fn.start + nameAt).find((a) => /^Function(?:Name)?$/.test(a.name));
    if (!declared) continue;
    const attr = text.slice(open, close);
    const route = /\bRoute\s*=\s*(?:@?"([^"]*)"|([A-Z_][\w.]*))/.exec(attr);
    const verbs = [...attr.replace(route?.[0] ?? '', '').matchAll(/"(\w+)"/g)].map((v) => v[1]!.toUpperCase());
    // A name or route kept in a constant another file declares (`[Function(FunctionNames.Track)]`) stays as written.
    const named = (expr: string): string => constant(expr) ?? `{${expr}}`;
    const nameConstant = /^\w+\s*\(\s*([A-Z_][\w.]*)\s*\)$/.exec(declared.text)?.[1];
    const name =
      declared.arg ??
      /\bnameof\s*\(\s*(?:\w+\.)*(\w+)\s*\)/.exec(declared.text)?.[1] ??
      (nameConstant && named(nameConstant));
    const template = route ? (route[1] ?? named(route[2]!)) : name;
    if (template === undefined) continue;
    const level = /\bAuthorizationLevel\s*\.\s*(\w+)/.exec(attr)?.[1] ?? 'Function';
    const keyed = level !== 'Anonymous';
    for (const method of verbs.length ? verbs : ['ANY'])
      routes.push({
        method,
        path: joinPath(template),
        offset: m.index!,
        handler: fn.name,
        conventions: keyed ? [`HttpTrigger(AuthorizationLevel.${level})`] : [],
        framework: 'azure-functions',
        devOnly: false,
        functionTrigger: true,
      });
  }

  // Controllers.
  for (const c of bare.matchAll(/\bclass\s+(\w+)\s*(?:<[^>{]*>\s*)?(?:\([^)]*\)\s*)?(?::\s*([^{]+))?\{/g)) {
    const cls = c[1]!;
    const bases = c[2] ?? '';
    const isController =
      /\b(Controller|ControllerBase|ApiController|ODataController|\w+Controller(?:Base)?)\b/.test(bases) ||
      (/Controller$/.test(cls) &&
        /\[\s*(ApiController|Route)\b/.test(bare.slice(Math.max(0, c.index! - 400), c.index!))) ||
      // One endpoint per class on a library base that derives from ControllerBase (Ardalis.ApiEndpoints'
      // `class Delete : BaseAsyncEndpoint<Req, Res>` / `EndpointBaseAsync.WithRequest<R>.WithActionResult` with
      // `[HttpDelete("api/items/{id}")] public override async Task<…> HandleAsync(…)`): MVC discovers it as a controller.
      (/\b(?:(?:Base)?Endpoint(?:Base)?(?:Async|Sync)?|BaseAsyncEndpoint)\b/.test(bases) &&
        /\[\s*Http(?:Get|Post|Put|Delete|Patch)\b/.test(
          bare.slice(c.index!, closeOf(bare, c.index! + c[0].length - 1)),
        ));
    if (!isController) continue;
    const attrs = attributesBefore(c.index!);
    const open = c.index! + c[0].length - 1;
    const end = closeOf(bare, open);
    if (end < 0) continue;
    const token = cls.replace(/Controller$/, '');
    const classRoutes = [
      // Web API 2 / MVC 5 put the controller's prefix in `[RoutePrefix("api/items")]`.
      ...attrs.filter((a) => /^Route(?:Prefix)?\b/.test(a.name)).map((a) => a.arg ?? ''),
      ...attrs.flatMap((a) => {
        const t = templateAttrs.get(a.name.replace(/Attribute$/, ''))?.(attrArgs(a.text));
        return t === undefined ? [] : [t];
      }),
    ];
    const classAuth = attrs.filter((a) => isAuthAttr(a)).map((a) => a.text);
    // Web API 2 controllers derive from System.Web.Http.ApiController.
    const apiController =
      attrs.some((a) => a.name === 'ApiController') || /\b(?:ControllerBase|ApiController)\b/.test(bases);
    const baseName = /^\s*(?:[\w]+\.)*(\w+)/.exec(bases)?.[1];
    const ownBase =
      baseName && !/^(?:Controller|ControllerBase|ODataController)$/.test(baseName) ? baseName : undefined;
    const actions: { name: string; view: boolean; auth: string[] }[] = [];
    // Only a controller without a route of its own is reached through conventional routes.
    if (!classRoutes.length)
      for (const f of methods) {
        if (f.start < open || f.end > end) continue;
        const head = bare.slice(f.start, f.bodyStart);
        const nameAt = new RegExp(`\\b${f.name}\\s*(?:<[^>()]*>)?\\s*\\(`).exec(head)?.index;
        if (nameAt === undefined || !/\bpublic\s/.test(head.slice(0, nameAt))) continue;
        actions.push({
          name: f.name,
          view:
            !apiController &&
            /\breturn\s+(?:View|PartialView|RedirectToAction|Redirect|LocalRedirect)\s*\(/.test(
              bare.slice(f.bodyStart, f.end),
            ),
          auth: attributesBefore(f.start + nameAt)
            .filter((x) => isAuthAttr(x))
            .map((x) => x.text),
        });
      }
    controllers.push({
      name: cls,
      ...(ownBase ? { base: ownBase } : {}),
      routes: classRoutes,
      auth: classAuth,
      ...(actions.length ? { actions } : {}),
    });
    const body = bare.slice(open, end);
    for (const a of body.matchAll(/\[\s*(Http(Get|Post|Put|Delete|Patch|Head|Options)|Route|AcceptVerbs)\b/g)) {
      const at = open + a.index!;
      // The action the attribute decorates: the next method declaration.
      const rest = bare.slice(at, Math.min(end, at + 1500));
      const decl =
        /\]\s*(?:\[[^\]]*\]\s*)*(?:(?:public|protected|internal|private|static|async|virtual|override|new)\s+)+[\w<>[\],.?](?:[\w<>[\],.? \t]*?[\w<>[\],.?])?\s+(\w+)\s*\(/.exec(
          rest,
        );
      if (!decl) continue;
      const actionOffset = at + decl.index + decl[0].length;
      // Only the first route attribute of an action group is read here; the others come through the same loop.
      const attr = attributesAt(text, bare, at, constant);
      if (!attr) continue;
      const action = decl[1]!;
      const methodAttrs = attributesBefore(at + decl.index + decl[0].lastIndexOf(decl[1]!) - 1);
      // Each attribute of the action passes through this loop: only the first route-bearing one emits the action.
      const first = methodAttrs.find((x) =>
        /^(Http(Get|Post|Put|Delete|Patch|Head|Options)|Route|AcceptVerbs)$/.test(x.name),
      );
      if (first && first.start !== at + 1 && !(attr.name !== 'Route' && first.name === 'Route')) continue;
      const verb = a[2]
        ? a[2].toUpperCase()
        : attr.name === 'AcceptVerbs'
          ? (/\(\s*"(\w+)"\s*\)/.exec(attr.text)?.[1]?.toUpperCase() ?? 'ANY')
          : undefined;
      if (!verb && attr.name === 'Route' && methodAttrs.some((x) => /^Http/.test(x.name))) continue; // the Http* attribute reads it
      // `[AcceptVerbs("GET", "POST")]` lists verbs; its template is the named `Route = "…"`.
      const template =
        (attr.name === 'AcceptVerbs' ? /\bRoute\s*=\s*@?"([^"]*)"/.exec(attr.text)?.[1] : attr.arg) ??
        methodAttrs.find((x) => x.name === 'Route')?.arg;
      // A verb attribute without a template on a controller without a route of its own only constrains the method of
      // an action that conventional routes reach (`{controller}/{action}`): it declares no route.
      if (template === undefined && !classRoutes.length && !ownBase) continue;
      const expand = (p: string): string => p.replace(/\[controller\]/gi, token).replace(/\[action\]/gi, action);
      const paths =
        template?.startsWith('/') || template?.startsWith('~/')
          ? [expand(template)]
          : (classRoutes.length ? classRoutes : ['']).map((r) => joinPath(expand(r), expand(template ?? '')));
      const auth = [...classAuth, ...methodAttrs.filter((x) => isAuthAttr(x)).map((x) => x.text)];
      const view =
        !apiController &&
        /\breturn\s+(?:View|PartialView|RedirectToAction|Redirect|LocalRedirect)\s*\(/.test(
          bare.slice(actionOffset, closeOf(bare, bare.indexOf('{', actionOffset)) + 1 || actionOffset + 2000),
        );
      for (const p of paths)
        routes.push({
          method: verb ?? 'ANY',
          path: joinPath(p),
          offset: at,
          handler: `${cls}.${action}`,
          conventions: auth,
          framework: 'aspnetcore',
          devOnly: false,
          controller: true,
          ...(view ? { page: true } : {}),
          ...(ownBase
            ? {
                inherits: {
                  base: ownBase,
                  ...(template !== undefined ? { template } : {}),
                  token,
                  action,
                  routed: classRoutes.length > 0 || !!template?.startsWith('/') || !!template?.startsWith('~/'),
                },
              }
            : {}),
        });
    }
  }

  // Middleware: app.UseX(...) registrations.
  for (const m of bare.matchAll(/\.\s*(Use\w+)\s*(?:<([^>()]*)>)?\s*\(/g)) {
    const open = m.index! + m[0].length - 1;
    const close = closeOf(bare, open);
    const name = m[2] ? `${m[1]}<${m[2].trim()}>` : m[1]!;
    middleware.push({
      name,
      offset: m.index!,
      text: text.slice(m.index!, close < 0 ? m.index! + 80 : close + 1),
      devOnly: isDev(m.index!),
    });
  }
  for (const m of bare.matchAll(
    /\.\s*(Map(?:Controllers|ControllerRoute|DefaultControllerRoute|AreaControllerRoute|RazorPages|GrpcService|DefaultEndpoints|Blazor\w*))\s*(?:<([^>()]*)>)?\s*\(/g,
  )) {
    const name = m[2] ? `${m[1]}<${m[2].trim()}>` : m[1]!;
    middleware.push({
      name,
      offset: m.index!,
      text: text.slice(m.index!, text.indexOf('\n', m.index!)),
      devOnly: isDev(m.index!),
    });
  }
  return {
    routes,
    builderCalls,
    middleware,
    methods,
    // Classic ASP.NET maps controllers with conventional routes (`routes.MapRoute`, Web API's `MapHttpRoute`) or
    // attribute routes (`MapMvcAttributeRoutes`, `MapHttpAttributeRoutes`); ABP's `UseConfiguredEndpoints` maps the
    // controller routes its MVC module configures.
    mapsControllers:
      /\.\s*(MapControllers|MapControllerRoute|MapDefaultControllerRoute|MapAreaControllerRoute|UseMvc\w*|MapRoute|MapHttpRoute|MapMvcAttributeRoutes|MapHttpAttributeRoutes|UseConfiguredEndpoints)\s*\(/.test(
        bare,
      ),
    mapsRazorPages: /\.\s*MapRazorPages\s*\(/.test(bare),
    controllers,
    fastEndpoints: fastEndpointsRouting(text, bare, constant),
  };
}

/** The FastEndpoints route settings and groups one file declares. */
function fastEndpointsRouting(text: string, bare: string, constant: ConstantOf): FastEndpointsRouting {
  const out: FastEndpointsRouting = { groups: [] };
  const use = /\bUseFastEndpoints\s*\(/.exec(bare);
  if (use) {
    const open = use.index + use[0].length - 1;
    const config = text.slice(open, Math.max(open, closeOf(bare, open)));
    const routePrefix = /\bEndpoints\s*\.\s*RoutePrefix\s*=\s*"([^"]*)"/.exec(config)?.[1];
    const versionPrefix = /\bVersioning\s*\.\s*Prefix\s*=\s*"([^"]*)"/.exec(config)?.[1];
    const defaultVersion = /\bVersioning\s*\.\s*DefaultVersion\s*=\s*(\d+)/.exec(config)?.[1];
    if (routePrefix !== undefined) out.routePrefix = routePrefix;
    if (versionPrefix !== undefined) out.versionPrefix = versionPrefix;
    if (defaultVersion) out.defaultVersion = Number(defaultVersion);
    if (/\bVersioning\s*\.\s*PrependToRoute\s*=\s*true\b/.test(config)) out.prependVersion = true;
  }
  for (const c of bare.matchAll(/\bclass\s+(\w+)\s*:\s*(?:FastEndpoints\.)?Group\s*\{/g)) {
    const open = c.index! + c[0].length - 1;
    const body = bare.slice(open, Math.max(open, closeOf(bare, open)));
    const call = /(?<![.\w])Configure\s*\(/.exec(body);
    if (!call) continue;
    const at = open + call.index + call[0].length - 1;
    const [first] = argSpans(bare, at);
    if (!first) continue;
    // The prefix as written, or a constant (lower-cased when the argument says so).
    const name = /^\s*(\w+)(\s*\.\s*ToLower(?:Invariant)?\s*\(\s*\))?\s*$/.exec(bare.slice(first[0], first[1]));
    const nameEnd = name ? first[0] + name[0].indexOf(name[1]!) + name[1]!.length : 0;
    const named = name ? constant(bare.slice(first[0], nameEnd)) : undefined;
    const prefix = literal(text, bare, first[0], first[1]) ?? (name?.[2] ? named?.toLowerCase() : named);
    if (prefix === undefined) continue;
    const version = /\bEndpointVersion\s*\(\s*(\d+)/.exec(body)?.[1];
    out.groups.push({ name: c[1]!, prefix, ...(version ? { version: Number(version) } : {}) });
  }
  return out;
}

function conventionText(text: string, bare: string, open: number, name: string): string {
  const close = closeOf(bare, open);
  const args = close > open ? text.slice(open + 1, close).trim() : '';
  return args ? `${name}(${args})` : name;
}

/** `var name = <expr>;` (or `Type name = …`) before `at` in the same method (or at the top level): the expression range. */
function assignmentOf(
  bare: string,
  name: string,
  method: DotnetMethod | undefined,
  at: number,
): { start: number; end: number } | undefined {
  const from = method?.bodyStart ?? 0;
  const re = new RegExp(`(?:^|[;{}\\s(])(?:var|[\\w<>.]+)\\s+${name}\\s*=(?!=)`, 'g');
  re.lastIndex = from;
  let found: { start: number; end: number } | undefined;
  for (let m = re.exec(bare); m && m.index < at; m = re.exec(bare)) {
    const start = m.index + m[0].length;
    let depth = 0;
    let end = start;
    for (; end < bare.length; end++) {
      const c = bare[end];
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') depth--;
      else if (c === ';' && depth === 0) break;
      if (depth < 0) break;
    }
    found = { start, end };
  }
  return found;
}

function isAssignedIn(bare: string, name: string, method: DotnetMethod, at: number): boolean {
  return !!assignmentOf(bare, name, method, at);
}

interface Attr {
  name: string;
  arg?: string;
  text: string;
  start: number;
}

/** The attribute list (`[A][B(…)]`, `[A, B]`) that ends right before `offset`. */
function attributeListBefore(text: string, bare: string, offset: number, constant?: ConstantOf): Attr[] {
  const out: Attr[] = [];
  let i = offset - 1;
  // Skip modifiers and the declaration keyword back to the attribute list: `[Route("x")] public class X`.
  for (;;) {
    while (i >= 0 && /\s/.test(bare[i]!)) i--;
    if (bare[i] === ']') {
      let depth = 0;
      let j = i;
      for (; j >= 0; j--) {
        if (bare[j] === ']') depth++;
        else if (bare[j] === '[' && --depth === 0) break;
      }
      if (j < 0) break;
      const inner = bare.slice(j + 1, i);
      let start = 0;
      let d = 0;
      const parts: [number, number][] = [];
      for (let k = 0; k <= inner.length; k++) {
        const c = inner[k];
        if (c === '(') d++;
        else if (c === ')') d--;
        else if ((c === ',' && d === 0) || c === undefined) {
          parts.push([start, k]);
          start = k + 1;
        }
      }
      for (const [s, e] of parts) {
        const a = parseAttr(text, bare, j + 1 + s, j + 1 + e, constant);
        if (a) out.unshift(a);
      }
      i = j - 1;
      continue;
    }
    // modifiers / keywords / identifiers between attributes and the name
    const wordEnd = i + 1;
    while (i >= 0 && /[\w<>,.?]/.test(bare[i]!)) i--;
    if (wordEnd === i + 1) break;
    const word = bare.slice(i + 1, wordEnd);
    if (
      !/^(public|private|protected|internal|static|sealed|abstract|partial|async|virtual|override|new|class|record|struct|[\w<>,.?]+)$/.test(
        word,
      )
    )
      break;
    if (out.length) break;
  }
  return out;
}

function attributesAt(text: string, bare: string, at: number, constant?: ConstantOf): Attr | undefined {
  const close = bare.indexOf(']', at);
  if (close < 0) return undefined;
  let end = at + 1;
  let d = 0;
  for (; end < close; end++) {
    const c = bare[end];
    if (c === '(') d++;
    else if (c === ')') d--;
    else if (c === ',' && d === 0) break;
  }
  return parseAttr(text, bare, at + 1, end, constant);
}

/** An attribute usage; its first argument (`arg`) a literal or a constant of known value (`[Route(KnownRoutes.Export)]`). */
function parseAttr(text: string, bare: string, s: number, e: number, constant?: ConstantOf): Attr | undefined {
  const raw = bare.slice(s, e);
  const m = /^\s*([\w.]+?)(?:Attribute)?\s*(\(|$)/.exec(raw);
  if (!m) return undefined;
  const name = m[1]!.split('.').pop()!;
  let arg: string | undefined;
  if (m[2] === '(') {
    const open = s + raw.indexOf('(');
    const close = closeOf(bare, open);
    const first = close > open ? argSpans(bare, open)[0] : undefined;
    if (first) arg = literal(text, bare, first[0], first[1]);
    if (arg === undefined && first) {
      // [HttpGet(Name = "x")] has no template; [Route(template: "x")].
      const named = /\btemplate\s*:\s*"/.exec(bare.slice(first[0], first[1]));
      if (named) arg = literal(text, bare, first[0] + named.index + named[0].length - 1, first[1]);
    }
    if (arg === undefined && first) arg = constant?.(bare.slice(first[0], first[1]));
  }
  return { name, arg, text: text.slice(s, e).trim(), start: s };
}

/** The route prefix of the function app holding `file`: the nearest host.json's `extensions.http.routePrefix`, else `api`. */
function functionsRoutePrefix(repo: { read(p: string): string | undefined }, file: string): string {
  for (let dir = posix.dirname(file); ; dir = posix.dirname(dir)) {
    const host = repo.read(dir === '.' ? 'host.json' : `${dir}/host.json`);
    if (host !== undefined) {
      const prefix = parseJsonc(host)?.extensions?.http?.routePrefix;
      return typeof prefix === 'string' ? prefix : 'api';
    }
    if (dir === '.' || dir === '/') return 'api';
  }
}

export interface ResolvedDotnetRoute {
  method: string;
  path: string;
  fullPath: string;
  file: string;
  line: number;
  framework: string;
  handler?: string;
  reached: boolean;
  middleware?: string[];
  page?: boolean;
  devOnly?: boolean;
}

export interface ResolvedDotnetMiddleware {
  name: string;
  file: string;
  line: number;
  text: string;
  reached: boolean;
  devOnly?: boolean;
}

/** A Giraffe, Saturn or Falco route in an F# file (the cheap test before the file is read for routes). */
const FSHARP_ROUTE_HINT =
  /\b(?:route[fx]?|routeCif?|routeStartsWith(?:Ci)?|get|post|put|patch|delete|getf|postf|putf|deletef)\s+"\//;

/** A route of an F# web app: `route "/ping"`, `routef "/items/%i"` (Giraffe), `get "/items"` (Saturn's router, Falco). */
const FSHARP_ROUTE =
  /(?:^|[\s([;>|])(route|routef|routex|routeCi|routeCif|routeStartsWith|routeStartsWithCi|get|post|put|patch|delete|getf|postf|putf|patchf|deletef)\s+"[^"\n]*"/g;

/** The HTTP method a Giraffe handler list is guarded by (`GET >=> choose [`, endpoint routing's `GET [`). */
const GIRAFFE_METHOD = /\b(GET_HEAD|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s*(?:>=>|\[)/g;

/**
 * The routes of an F# file, read over its comments and strings masked: Giraffe's `route`/`routef`/`routeCi`/
 * `routeStartsWith` (the method from the nearest `GET >=>` or `GET [` before it, else any), and Saturn's and Falco's
 * `get "/…"`, `post "/…"` …. Format placeholders (`%s`, `%i`) become `{param}`. A route inside `if not <…>.isProduction`
 * or an `isDevelopment` branch on its line is development-only. Sub-routes (`subRoute "/api"`, Saturn's `forward`) are
 * not joined to their prefix.
 */
export function fsharpRoutes(text: string): { method: string; path: string; offset: number; devOnly: boolean }[] {
  const { bare } = maskText(text, 'fsharp');
  const out: { method: string; path: string; offset: number; devOnly: boolean }[] = [];
  const guards: { at: number; method: string }[] = [];
  for (const m of bare.matchAll(GIRAFFE_METHOD)) guards.push({ at: m.index, method: m[1]! });
  for (const m of bare.matchAll(FSHARP_ROUTE)) {
    const kind = m[1]!;
    const at = m.index + m[0].indexOf(kind);
    // The path is the literal itself (its contents are blanked in `bare`).
    const q = text.indexOf('"', at + kind.length);
    const end = text.indexOf('"', q + 1);
    if (q < 0 || end < 0) continue;
    const raw = text.slice(q + 1, end);
    if (!raw.startsWith('/')) continue;
    const path = raw.replace(/%[sidbcufOx]/g, '{param}');
    let method = 'ANY';
    if (/^(?:get|post|put|patch|delete)f?$/.test(kind)) method = kind.replace(/f$/, '').toUpperCase();
    else
      for (const g of guards) {
        if (g.at > at) break;
        method = g.method === 'GET_HEAD' ? 'GET' : g.method;
      }
    const lineStart = bare.lastIndexOf('\n', at) + 1;
    const devOnly = /\bif\s+(?:not\s+[\w.]*isProduction|[\w.]*isDevelopment)\b/i.test(bare.slice(lineStart, at));
    out.push({ method, path, offset: at, devOnly });
  }
  return out;
}

/**
 * Endpoints of every C# file with prefixes and conventions that cross methods and files resolved: routes mapped on a
 * method's parameter take the prefix and conventions of every call site handing it a builder. Controller actions are
 * served only when some live code maps controllers.
 */
export function resolveDotnetRoutes(
  repo: {
    read(p: string): string | undefined;
    lineAt(p: string, offset: number): number;
    fileMemo?<T>(kind: string, p: string, compute: () => T): T;
  },
  files: readonly string[],
  isLive: (file: string) => boolean,
): {
  routes: ResolvedDotnetRoute[];
  middleware: ResolvedDotnetMiddleware[];
  /** The attributes deriving from AuthorizeAttribute that were read (the service facts carry them). */
  authorizeAttributes: ReadonlySet<string>;
} {
  const parsed = new Map<string, DotnetRouteFile>();
  const templateAttrs = routeTemplateAttributes(
    files.filter((f) => f.endsWith('.cs')).map((f) => (/Attribute/.test(repo.read(f) ?? '') ? repo.read(f)! : '')),
  );
  const authorizeAttrs = authorizeAttributes(
    files
      .filter((f) => f.endsWith('.cs'))
      // An attribute may derive from the project's own AuthorizeAttribute subclass declared in another file
      // (`class NeedsRoleAttribute(string role) : SignedInAttribute`): every attribute declaration is read.
      .map((f) =>
        /AuthorizeAttribute|AuthorizationFilter\b|\bclass\s+\w+Attribute\b/.test(repo.read(f) ?? '')
          ? repo.read(f)!
          : '',
      ),
  );
  const constants = csharpConstants(
    files
      .filter((f) => f.endsWith('.cs') && /\bconst\s+string\b/.test(repo.read(f) ?? ''))
      .map((f) => ({ file: f, text: repo.read(f)! })),
  );
  const kind = `dotnet-routes\0${TEMPLATE_ATTRS_KEY.get(templateAttrs)}\0${[...authorizeAttrs].sort().join(',')}\0${constants.key}`;
  const routes: ResolvedDotnetRoute[] = [];
  for (const file of files) {
    if (!file.endsWith('.fs')) continue;
    const t = repo.read(file);
    if (t === undefined || !FSHARP_ROUTE_HINT.test(t)) continue;
    const live = isLive(file);
    for (const r of repo.fileMemo ? repo.fileMemo('fsharp-routes', file, () => fsharpRoutes(t)) : fsharpRoutes(t))
      routes.push({
        method: r.method,
        path: r.path,
        fullPath: r.path,
        file,
        line: repo.lineAt(file, r.offset),
        framework: 'aspnetcore',
        reached: live && !r.devOnly,
        ...(r.devOnly ? { devOnly: true } : {}),
      });
  }
  for (const file of files) {
    if (!file.endsWith('.cs')) continue;
    const t = repo.read(file);
    if (
      t === undefined ||
      !/\.\s*(Map\w*|Use\w+)\s*(<[^>()]*>)?\s*\(|\[\s*(Route|Http(Get|Post|Put|Delete|Patch|Trigger)|ApiController|Authorize)\b|\bMap\w+\s*\(|\bRegister\w*(?:Endpoints|Routes|Api)\w*\s*\(|:\s*(?:\w*Endpoint(?:WithoutRequest|WithMapper)?\b|Ep\.|(?:FastEndpoints\.)?Group\s*\{)|\bclass\s+\w+Controller\b/.test(
        t,
      )
    )
      continue;
    // A file's parse is a function of its text, the two attribute sets and the files holding constants: every component
    // view whose sources define the same (most of them: the shared libraries define them) shares it.
    parsed.set(
      file,
      repo.fileMemo
        ? repo.fileMemo(kind, file, () => dotnetRoutes(t, templateAttrs, authorizeAttrs, constants))
        : dotnetRoutes(t, templateAttrs, authorizeAttrs, constants),
    );
  }
  // Call sites of each method that receives a builder, by method name.
  const callsTo = new Map<string, { file: string; call: DotnetBuilderCall }[]>();
  for (const [file, p] of parsed)
    for (const c of p.builderCalls) callsTo.set(c.callee, [...(callsTo.get(c.callee) ?? []), { file, call: c }]);
  const memo = new Map<string, { prefix: string; conventions: string[]; devOnly: boolean; live: boolean }[]>();
  const contexts = (
    method: string,
    depth = 0,
  ): { prefix: string; conventions: string[]; devOnly: boolean; live: boolean }[] => {
    const known = memo.get(method);
    if (known) return known;
    memo.set(method, [{ prefix: '', conventions: [], devOnly: false, live: true }]);
    const out: { prefix: string; conventions: string[]; devOnly: boolean; live: boolean }[] = [];
    for (const { file, call } of callsTo.get(method) ?? []) {
      const outer =
        call.param && depth < 8
          ? contexts(call.param.method, depth + 1)
          : [{ prefix: '', conventions: [], devOnly: false, live: true }];
      for (const o of outer)
        out.push({
          prefix: joinPath(o.prefix, call.prefix),
          conventions: [...o.conventions, ...call.conventions],
          devOnly: o.devOnly || call.devOnly,
          live: o.live && isLive(file),
        });
    }
    const list = out.length ? out.slice(0, 4) : [{ prefix: '', conventions: [], devOnly: false, live: false }];
    memo.set(method, list);
    return list;
  };
  // FastEndpoints builds each endpoint's route from the app's prefix, its version segment and its group's prefix.
  const fe = [...parsed].map(([, p]) => p.fastEndpoints);
  const settings = fe.find(
    (x) =>
      x.routePrefix !== undefined ||
      x.versionPrefix !== undefined ||
      x.defaultVersion !== undefined ||
      x.prependVersion,
  ) ?? { groups: [] };
  const groups = new Map(fe.flatMap((x) => x.groups).map((g) => [g.name, g]));
  const fastEndpointPath = (path: string, { group, version }: NonNullable<DotnetRoute['fastEndpoint']>): string => {
    const g = group ? groups.get(group) : undefined;
    const v = version ?? g?.version ?? settings.defaultVersion;
    const segment = v ? `${settings.versionPrefix ?? 'v'}${v}` : '';
    const prefix = settings.routePrefix ?? '';
    return settings.prependVersion
      ? joinPath(prefix, segment, g?.prefix ?? '', path)
      : joinPath(prefix, g?.prefix ?? '', path, segment);
  };
  const controllersMapped = [...parsed].some(([f, p]) => p.mapsControllers && isLive(f));
  const controllerClasses = new Map<string, DotnetControllerClass>();
  for (const p of parsed.values()) for (const c of p.controllers) controllerClasses.set(c.name, c);
  /** The route templates and authorization attributes a controller inherits from its base controllers. */
  const inherited = (base: string): { routes: string[]; auth: string[] } => {
    const auth: string[] = [];
    let routes: string[] = [];
    const seen = new Set<string>();
    for (
      let c = controllerClasses.get(base);
      c && !seen.has(c.name);
      c = c.base ? controllerClasses.get(c.base) : undefined
    ) {
      seen.add(c.name);
      auth.unshift(...c.auth);
      if (!routes.length) routes = c.routes;
    }
    return { routes, auth };
  };
  const middleware: ResolvedDotnetMiddleware[] = [];
  for (const [file, p] of parsed) {
    const live = isLive(file);
    for (const r of p.routes) {
      const line = repo.lineAt(file, r.offset);
      const base = {
        method: r.method,
        path: r.fastEndpoint
          ? fastEndpointPath(r.path, r.fastEndpoint)
          : r.functionTrigger
            ? joinPath(functionsRoutePrefix(repo, file), r.path)
            : r.path,
        file,
        line,
        framework: r.framework,
        ...(r.handler ? { handler: r.handler } : {}),
        ...(r.page ? { page: true } : {}),
      };
      if (r.controller) {
        const from = r.inherits ? inherited(r.inherits.base) : undefined;
        // Neither the action, its class nor a base controller gives a template: conventionally routed, no route here.
        if (r.inherits && !r.inherits.routed && r.inherits.template === undefined && !from?.routes.length) continue;
        const conventions = [...(from?.auth ?? []), ...r.conventions];
        const paths =
          r.inherits && !r.inherits.routed && from?.routes.length
            ? from.routes.map((t) => {
                const { token, action, template } = r.inherits!;
                const expand = (p: string): string =>
                  p.replace(/\[controller\]/gi, token).replace(/\[action\]/gi, action);
                return joinPath(expand(t), expand(template ?? ''));
              })
            : [r.path];
        for (const path of paths)
          routes.push({
            ...base,
            path,
            fullPath: path,
            reached: live && controllersMapped,
            ...(conventions.length ? { middleware: conventions } : {}),
          });
        continue;
      }
      // A conventional route answers with the action it names: a page when the action renders a view, behind the
      // authorization attributes of the class (and its bases) and of the action.
      const conv = r.conventional ? controllerClasses.get(r.conventional.controller) : undefined;
      const convAction = conv?.actions?.find((a) => a.name === r.conventional!.action);
      const convAuth = conv
        ? [...(conv.base ? inherited(conv.base).auth : []), ...conv.auth, ...(convAction?.auth ?? [])]
        : [];
      if (convAction?.view) (base as { page?: boolean }).page = true;
      // An endpoint-class method nobody calls in the source is called by reflection (an assembly scan at start-up).
      const ctxs =
        r.param && !(r.reflected && !callsTo.has(r.param.method))
          ? contexts(r.param.method)
          : [{ prefix: '', conventions: [], devOnly: false, live: true }];
      const seen = new Set<string>();
      // Live call sites first: a sample program mapping the same endpoints must not hide the service's own mapping.
      for (const c of [...ctxs].sort((a, b) => Number(b.live && !b.devOnly) - Number(a.live && !a.devOnly))) {
        const fullPath = joinPath(c.prefix, base.path);
        if (seen.has(fullPath)) continue;
        seen.add(fullPath);
        const conventions = [...c.conventions, ...r.conventions, ...convAuth];
        const devOnly = r.devOnly || c.devOnly;
        // A route mapped only in Development (`if (app.Environment.IsDevelopment())`) is not served in production.
        routes.push({
          ...base,
          fullPath,
          reached: live && c.live && !devOnly,
          ...(conventions.length ? { middleware: conventions } : {}),
          ...(devOnly ? { devOnly: true } : {}),
        });
      }
    }
    for (const m of p.middleware)
      middleware.push({
        name: m.name,
        file,
        line: repo.lineAt(file, m.offset),
        text: m.text.split('\n')[0]!.trim(),
        reached: live,
        ...(m.devOnly ? { devOnly: true } : {}),
      });
  }
  return { routes, middleware, authorizeAttributes: authorizeAttrs };
}

import path from 'node:path';
import type { RepoFile, RepoIndex } from '../repo/index.js';
import { lineCounter } from '../repo/lines.js';
import type { CodeFacts } from './code.js';
import { escapeRegExp } from '../repo/text.js';
import { bracketBody } from './code-scan.js';
import type { ServiceMiddleware, ServiceRoute } from './service.js';
import { joinPath } from './url-path.js';

/**
 * PHP routes and middleware, read from the files the frameworks load by name:
 * - Laravel / Lumen: routes/*.php (`Route::get('/x', …)`, `Route::apiResource('photos', …)`, `Route::match([...])`),
 *   nested `Route::prefix('v1')->middleware([...])->group(function () { … })` and `Route::group(['prefix' => …], …)`
 *   groups, a route's own `->middleware(...)`, the files bootstrap/app.php or a RouteServiceProvider loads with a
 *   prefix (`Route::prefix('api')->group(base_path('routes/api.php'))`; routes/api.php is under /api by default),
 *   the `health: '/up'` route of bootstrap/app.php, routes a service provider registers itself with the Route
 *   facade, spatie/laravel-route-attributes' `#[Get('/x')]` on controller methods under the class's `#[Prefix]`,
 *   and middleware registered in bootstrap/app.php
 *   (`$middleware->append(...)`, `->api(prepend: [...])`, `->throttleApi()`) or app/Http/Kernel.php (`$middleware`,
 *   `$middlewareGroups`).
 * - Symfony: `#[Route('/x', methods: ['GET'])]` attributes and `@Route("/x")` annotations on controller methods under
 *   the class's own route prefix, and routes in config/routes*.yaml (`path:` + `controller:`).
 * Each route carries the middleware of the groups around it and its own, as written (`auth:sanctum`, `throttle:api`).
 */
export interface PhpServiceModel {
  routes: ServiceRoute[];
  middleware: ServiceMiddleware[];
}

const VERBS = 'get|post|put|patch|delete|options|any|match|resource|apiResource|resources|apiResources|view|redirect';
const ROUTE_CALL = new RegExp(
  `(?:\\bRoute::|\\$(?:router|route|app|group|this)\\s*->\\s*)(${VERBS})\\s*\\(\\s*(\\[[^\\]]*\\]\\s*,\\s*)?(['"])([^'"]*)\\3`,
  'g',
);
const GROUP_OPEN = /(?:\bRoute::group|->\s*group)\s*\(/g;
/** The start of a route-builder chain on the facade (`Route::middleware('auth:sanctum')->get('/user', …)`). */
const BUILDER_START =
  /\bRoute::(?:middleware|withoutMiddleware|prefix|name|as|domain|controller|scopeBindings|withoutScopedBindings|where|whereNumber|whereUuid|can)\s*\(/g;
/** `Route::apiResources([` / `Route::resources([`: resources registered from an array of name => controller. */
const RESOURCES_ARRAY = /(?:\bRoute::|\$(?:router|route)\s*->\s*)(apiResources|resources)\s*\(\s*\[/g;
const VERB_NAME = new RegExp(`^(?:${VERBS})$`);
const VERB_AT = new RegExp(`(${VERBS})\\s*\\(\\s*(\\[[^\\]]*\\]\\s*,\\s*)?(['"])([^'"]*)\\3`, 'y');

/**
 * Routes registered at the end of a builder chain: `Route::middleware('auth:sanctum')->get('/user', …)` (Laravel's
 * own routes/api.php), `Route::withoutMiddleware([...])->get('/up', …)`. Each is a match shaped like ROUTE_CALL's,
 * at the verb, with the chain before it (its prefix and middleware apply to the route). Chains ending in `->group(`
 * are groups, read by laravelGroups.
 */
function chainedRouteCalls(text: string): { match: RegExpExecArray; chain: string }[] {
  const out: { match: RegExpExecArray; chain: string }[] = [];
  for (const b of text.matchAll(BUILDER_START)) {
    let open = b.index! + b[0].length - 1;
    for (let step = 0; step < 8; step++) {
      const args = bracketBody(text, open);
      if (args === undefined) break;
      const after = open + args.length + 2;
      const next = /^(\s*->\s*)(\w+)\s*\(/.exec(text.slice(after, after + 400));
      if (!next) break;
      const at = after + next[1]!.length;
      if (VERB_NAME.test(next[2]!)) {
        VERB_AT.lastIndex = at;
        const match = VERB_AT.exec(text);
        if (match) out.push({ match, chain: text.slice(b.index!, at) });
        break;
      }
      if (next[2] === 'group') break;
      open = after + next[0].length - 1;
    }
  }
  return out;
}

interface GroupCtx {
  start: number;
  end: number;
  prefix: string;
  middleware: string[];
}

/** Framework middleware classes under the alias routes use for them (`ThrottleRequests::class.':api'` is `throttle:api`). */
const LARAVEL_CLASS_ALIAS: Record<string, string> = {
  ThrottleRequests: 'throttle',
  ThrottleRequestsWithRedis: 'throttle',
};

/** A middleware class as routes name it: its alias when the framework has one, with the `:params` appended to it. */
function classMiddleware(cls: string, params = ''): string {
  const short = cls.split('\\').pop()!;
  const alias = LARAVEL_CLASS_ALIAS[short];
  return alias ? alias + params : short;
}

/** Class references (`Foo::class`, `ThrottleRequests::class.':api'`) and strings in a middleware list. */
const MIDDLEWARE_ITEM = /([\w\\]+)::class(?:\s*\.\s*(['"])(:[^'"]*)\2)?|(['"])([^'"]+)\4/g;

/** The names a `middleware(...)` argument lists: 'auth', ['auth:sanctum', 'throttle:api'], [Foo::class]. */
function middlewareNames(arg: string | undefined): string[] {
  if (!arg) return [];
  // A class named in a string (`'\\Shaarli\\Api\\ApiMiddleware'`, Slim 3's container keys) is the class.
  return [...arg.matchAll(MIDDLEWARE_ITEM)].map((m) =>
    m[1] ? classMiddleware(m[1], m[3]) : /^\\?[A-Z]\w*(?:\\\\?\w+)+$/.test(m[5]!) ? classMiddleware(m[5]!) : m[5]!,
  );
}

/** The middleware an `->add(...)` argument names: `Auth::class`, `'auth'`, or `new Auth(…)` / `new $authClass(…)`. */
function addedMiddleware(arg: string | undefined): string | undefined {
  if (!arg) return arg;
  const created = /^\s*new\s+\\?\$?([\w\\]+)/.exec(arg);
  return created ? `${created[1]}::class` : arg;
}

/** Prefix and middleware of a route-builder chain (`Route::prefix('v1')->middleware('auth')->name('x.')`). */
function chainOptions(chain: string): { prefix: string; middleware: string[] } {
  let prefix = '';
  const middleware: string[] = [];
  for (const m of chain.matchAll(/(?:::|->)\s*(prefix|middleware)\s*\(/g)) {
    const args = bracketBody(chain, chain.indexOf('(', m.index!)) ?? '';
    if (m[1] === 'prefix') prefix = joinPath(prefix, /(['"])([^'"]*)\1/.exec(args)?.[2] ?? '');
    else middleware.push(...middlewareNames(args));
  }
  // Route::group(['prefix' => 'v1', 'middleware' => ['auth']], …)
  const pre = /['"]prefix['"]\s*=>\s*(['"])([^'"]*)\1/.exec(chain);
  if (pre) prefix = joinPath(prefix, pre[2]!);
  // A list picked by a condition (`'middleware' => config('google2fa.enabled') ? ['web', 'auth', '2fa'] : ['web',
  // 'auth']`): what both lists name always runs.
  const picked = /['"]middleware['"]\s*=>\s*[^\n[]*?\?\s*(\[[^\]]*\])\s*:\s*(\[[^\]]*\])/.exec(chain);
  const mw = /['"]middleware['"]\s*=>\s*(\[[^\]]*\]|(['"])[^'"]*\2)/.exec(chain);
  if (picked) {
    const otherwise = new Set(middlewareNames(picked[2]));
    middleware.push(...middlewareNames(picked[1]).filter((n) => otherwise.has(n)));
  } else if (mw) middleware.push(...middlewareNames(mw[1]));
  return { prefix: prefix === '/' ? '' : prefix, middleware };
}

/**
 * Start of the statement holding `at`: after the previous `;`, `{` or `}` (or the start of the text). Quoted strings
 * are stepped over, so a route parameter in a prefix (`Route::prefix('project/{uuid}')`) does not end the search.
 */
function statementStart(text: string, at: number): number {
  for (let i = at - 1; i >= 0; i--) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      let j = i - 1;
      while (j >= 0 && !(text[j] === c && text[j - 1] !== '\\')) j--;
      i = j;
      continue;
    }
    if (c === ';' || c === '{' || c === '}') return i + 1;
  }
  return 0;
}

/** The end of a statement starting at `from` (its `;`), skipping brackets. */
function statementEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ';' && depth <= 0) return i;
    if (depth < 0) return i;
  }
  return text.length;
}

let counted: { text: string; line: (offset: number) => number } | undefined;

/** 1-based line of an offset; the line table of the last text asked about is kept, as routes are read file by file. */
function lineAt(text: string, offset: number): number {
  if (counted?.text !== text) counted = { text, line: lineCounter(text) };
  return counted.line(offset);
}

const RESOURCE_ACTIONS: Record<string, [string, string, string][]> = {
  api: [
    ['GET', '', 'index'],
    ['POST', '', 'store'],
    ['GET', '/{id}', 'show'],
    ['PUT', '/{id}', 'update'],
    ['DELETE', '/{id}', 'destroy'],
  ],
  web: [
    ['GET', '', 'index'],
    ['GET', '/create', 'create'],
    ['POST', '', 'store'],
    ['GET', '/{id}', 'show'],
    ['GET', '/{id}/edit', 'edit'],
    ['PUT', '/{id}', 'update'],
    ['DELETE', '/{id}', 'destroy'],
  ],
};

/** The closure groups of a routes file (`Route::prefix('v1')->middleware('auth')->group(function () { … })`). */
function laravelGroups(text: string): GroupCtx[] {
  const groups: GroupCtx[] = [];
  for (const g of text.matchAll(GROUP_OPEN)) {
    const open = g.index! + g[0].length - 1;
    const args = bracketBody(text, open, 200_000);
    if (args === undefined) continue;
    const fnBrace = args.search(/\bfunction\s*\([^)]*\)\s*(?:use\s*\([^)]*\)\s*)?(?::\s*\w+\s*)?\{|\bfn\s*\(/);
    if (fnBrace < 0) continue; // group(base_path('routes/x.php')) loads another file: see the loaders below
    const chain = text.slice(statementStart(text, g.index!), g.index!) + args.slice(0, fnBrace);
    const opts = chainOptions(chain);
    // A prefix held in a variable of the file (`$apiBase = '/v' . $apiVersion;`, then `'prefix' => $apiBase`).
    const held = /(?:['"]prefix['"]\s*=>|->\s*prefix\s*\()\s*\$(\w+)/.exec(chain);
    const value = held && stringVariable(text, held[1]!);
    if (value) opts.prefix = joinPath(opts.prefix, value);
    // Slim: `$app->group('/api', function (RouteCollectorProxy $group) { … })->add(Auth::class)`: the pattern is the
    // first argument and the middleware is added after the group's closing parenthesis.
    const pattern = /^\s*(['"])([^'"]*)\1\s*,/.exec(args.slice(0, fnBrace));
    if (pattern) opts.prefix = joinPath(opts.prefix, pattern[2]!).replace(/^\/$/, '');
    const closeAt = open + 1 + args.length + 1;
    const after = text.slice(closeAt, statementEnd(text, closeAt));
    for (const x of after.matchAll(/->\s*(?:add|addMiddleware)\s*\(/g))
      opts.middleware.push(...middlewareNames(addedMiddleware(bracketBody(after, after.indexOf('(', x.index!)))));
    groups.push({ start: open + 1 + fnBrace, end: open + 1 + args.length, ...opts });
  }
  return groups;
}

/** A variable the file sets from string literals and other such variables (`$apiBase = '/v' . $apiVersion;`). */
function stringVariable(text: string, name: string, depth = 0): string | undefined {
  const set = new RegExp(`^[ \\t]*\\$${escapeRegExp(name)}\\s*=\\s*([^;\\n]+);`, 'm').exec(text);
  if (!set || depth > 3) return undefined;
  const parts = concatOperands(set[1]!).map((operand) => {
    const literal = /^\s*(['"])([^'"$]*)\1\s*$/.exec(operand);
    if (literal) return literal[2];
    const variable = /^\s*\$(\w+)\s*$/.exec(operand);
    return variable ? stringVariable(text, variable[1]!, depth + 1) : undefined;
  });
  return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
}

/** A file included through a variable: `require_once $routesPath;`. */
const REQUIRE_VARIABLE = /\b(?:require|include)(?:_once)?\s*\(?\s*\$(\w+)\s*\)?\s*;/;

/**
 * Route files a routes file includes inside its groups (`Route::middleware(['auth:sanctum'])->group(function () {
 * require __DIR__.'/api/v1/routes.php'; })`): the included file's routes take the including file's prefix and
 * middleware and those of the groups around the require.
 */
function laravelIncludes(
  file: string,
  text: string,
  base: { prefix: string; middleware: string[] },
  named: (name: string) => string[],
): Map<string, { prefix: string; middleware: string[] }> {
  const out = new Map<string, { prefix: string; middleware: string[] }>();
  const groups = laravelGroups(text);
  const inherited = (at: number): { prefix: string; middleware: string[] } => {
    const around = groups.filter((g) => g.start < at && at < g.end).sort((a, b) => a.start - b.start);
    return {
      prefix: joinPath(base.prefix, ...around.map((g) => g.prefix)),
      middleware: [...new Set([...base.middleware, ...around.flatMap((g) => g.middleware)])],
    };
  };
  for (const m of text.matchAll(
    /\b(?:require|include)(?:_once)?\s*\(?\s*(?:__DIR__\s*\.\s*(['"])([^'"]+\.php)\1|base_path\s*\(\s*(['"])([^'"]+\.php)\3\s*\)|(['"])([\w./-]+\.php)\5)/g,
  )) {
    // A bare relative path (`require 'sales-routes.php';`) is found beside the including file (PHP falls back to the
    // including script's folder when the include path does not hold it).
    const rel = m[2] ?? m[6];
    const target = rel
      ? path.posix.normalize(path.posix.join(path.posix.dirname(file), rel.replace(/^\//, '')))
      : path.posix.normalize(m[4]!);
    out.set(target, inherited(m.index!));
  }
  // A path held in a variable and built on a folder the loader iterates (`if (file_exists($p = "$domainPath/routes.php"))
  // { require_once $p; }` inside a group): every route file of that name in the application is included.
  for (const m of text.matchAll(new RegExp(REQUIRE_VARIABLE, 'g'))) {
    const set = new RegExp(`\\$${m[1]}\\s*=\\s*"\\{?\\$\\w+\\}?/([\\w.-]+\\.php)"`).exec(text.slice(0, m.index));
    for (const target of set ? named(set[1]!) : []) out.set(target, inherited(m.index!));
  }
  return out;
}

/** Routes of one Laravel routes file, with a prefix and middleware the loader applies to the whole file. */
function laravelFileRoutes(
  file: string,
  text: string,
  base: { prefix: string; middleware: string[] },
  framework: string,
  facadeOnly = false,
): ServiceRoute[] {
  const groups = laravelGroups(text);
  const routes: ServiceRoute[] = [];
  const calls: { match: RegExpExecArray; chain?: string }[] = [
    ...[...text.matchAll(ROUTE_CALL)].map((match) => ({ match: match as RegExpExecArray })),
    ...chainedRouteCalls(text),
  ];
  for (const { match: m, chain } of calls) {
    if (facadeOnly && !chain && !m[0].startsWith('Route::')) continue;
    // Slim 3 registers routes on `$this` inside a group's closure (`$app->group('/api/v1', function () {
    // $this->get('/info', …); })`); elsewhere `$this->get('key')` is a getter, so only Slim paths that start with /.
    if (m[0].startsWith('$this') && (framework !== 'slim' || !/^\/|^$/.test(m[4]!))) continue;
    const verb = m[1]!;
    const at = m.index!;
    const around = groups.filter((g) => g.start < at && at < g.end).sort((a, b) => a.start - b.start);
    const end = statementEnd(text, at);
    const stmt = text.slice(at, end);
    const chained = chain ? chainOptions(chain) : undefined;
    const own = [
      ...(chained?.middleware ?? []),
      ...[...stmt.matchAll(/->\s*(middleware|add|addMiddleware)\s*\(/g)].flatMap((x) => {
        const arg = bracketBody(stmt, stmt.indexOf('(', x.index!));
        return middlewareNames(x[1] === 'middleware' ? arg : addedMiddleware(arg));
      }),
    ];
    // The route's own options array (`$router->post('login', ['middleware' => ['guest', 'throttle:10,10'], 'uses' =>
    // 'AuthController@postLogin'])`).
    const rest = stmt.slice(m[0].length);
    const opts = /^\s*,\s*\[/.exec(rest);
    if (opts) {
      const body = bracketBody(rest, opts[0].length - 1) ?? '';
      const mw = /^\s*['"]middleware['"]\s*=>\s*(\[[^\]]*\]|(['"])[^'"]*\2)/m.exec(body);
      if (mw) own.push(...middlewareNames(mw[1]));
    }
    const middleware = [...new Set([...base.middleware, ...around.flatMap((g) => g.middleware), ...own])];
    const prefixes = [base.prefix, ...around.map((g) => g.prefix), ...(chained?.prefix ? [chained.prefix] : [])];
    const handler = /\[\s*([\w\\]+)::class\s*,\s*['"](\w+)['"]\s*\]|['"]([\w\\]+@\w+)['"]|,\s*([\w\\]+)::class/.exec(
      stmt.slice(m[0].length),
    );
    const handlerName = handler
      ? handler[1]
        ? `${handler[1].split('\\').pop()}@${handler[2]}`
        : (handler[3] ?? handler[4]!.split('\\').pop())
      : undefined;
    const line = lineAt(text, at);
    const push = (method: string, p: string, h = handlerName): void => {
      routes.push({
        method,
        path: p,
        file,
        line,
        framework,
        handler: h,
        fullPath: joinPath(...prefixes, p),
        reached: false,
        ...(middleware.length ? { middleware } : {}),
      });
    };
    const p = m[4]!;
    if (/^(?:api)?[Rr]esources?$/.test(verb)) {
      const actions = RESOURCE_ACTIONS[verb.startsWith('api') ? 'api' : 'web']!;
      const only = /->\s*only\s*\(\s*\[([^\]]*)\]/.exec(stmt)?.[1];
      const except = /->\s*except\s*\(\s*\[([^\]]*)\]/.exec(stmt)?.[1];
      const ctl = /,\s*(?:([\w\\]+)::class|['"]([\w\\]+)['"])/.exec(stmt.slice(m[0].length));
      const ctlName = (ctl?.[1] ?? ctl?.[2])?.split('\\').pop();
      for (const [method, sub, action] of actions) {
        if (only && !only.includes(`'${action}'`) && !only.includes(`"${action}"`)) continue;
        if (except && (except.includes(`'${action}'`) || except.includes(`"${action}"`))) continue;
        push(method, joinPath(p, sub), ctlName ? `${ctlName}@${action}` : undefined);
      }
    } else if (verb === 'match') {
      for (const v of (m[2] ?? '').matchAll(/['"](\w+)['"]/g)) push(v[1]!.toUpperCase(), p);
    } else
      push(
        verb === 'any' || verb === 'view' || verb === 'redirect'
          ? verb === 'any'
            ? 'ANY'
            : 'GET'
          : verb.toUpperCase(),
        p,
      );
  }
  // `Route::apiResources(['photos' => PhotoController::class, …])`: one resource per entry of the array.
  for (const m of text.matchAll(RESOURCES_ARRAY)) {
    if (facadeOnly && !m[0].startsWith('Route::')) continue;
    const at = m.index!;
    const open = at + m[0].length - 1;
    const body = bracketBody(text, open, 20_000) ?? '';
    const around = groups.filter((g) => g.start < at && at < g.end).sort((a, b) => a.start - b.start);
    const stmt = text.slice(at, statementEnd(text, at));
    const own = [...stmt.matchAll(/->\s*middleware\s*\(/g)].flatMap((x) =>
      middlewareNames(bracketBody(stmt, stmt.indexOf('(', x.index!))),
    );
    const middleware = [...new Set([...base.middleware, ...around.flatMap((g) => g.middleware), ...own])];
    const prefixes = [base.prefix, ...around.map((g) => g.prefix)];
    const actions = RESOURCE_ACTIONS[m[1]!.startsWith('api') ? 'api' : 'web']!;
    for (const e of body.matchAll(/(['"])([^'"]+)\1\s*=>\s*(?:\\?([\w\\]+)::class|(['"])([\w\\]+)\4)/g)) {
      const ctl = (e[3] ?? e[5])!.split('\\').pop();
      const line = lineAt(text, open + 1 + e.index!);
      for (const [method, sub, action] of actions)
        routes.push({
          method,
          path: joinPath(e[2]!, sub),
          file,
          line,
          framework,
          handler: `${ctl}@${action}`,
          fullPath: joinPath(...prefixes, e[2]!, sub),
          reached: false,
          ...(middleware.length ? { middleware } : {}),
        });
    }
  }
  return routes;
}

/** Files that load route files: bootstrap/app.php and service providers (the app's, or a package's `src/Providers/`). */
const LARAVEL_LOADER_FILE = /(^|\/)(bootstrap\/app\.php|Providers\/\w+\.php)$/;

/** Route files a loader names with a prefix/middleware chain: `Route::prefix('api')->middleware('api')->group(base_path('routes/api.php'))`. */
function laravelLoaders(code: CodeFacts, files: string[]): Map<string, { prefix: string; middleware: string[] }> {
  const out = new Map<string, { prefix: string; middleware: string[] }>();
  for (const f of files) {
    if (!LARAVEL_LOADER_FILE.test(f)) continue;
    const text = code.text(f) ?? '';
    // `->group(base_path('routes/x.php'))` / `->group(__DIR__.'/../Routes/web.php')` with the chain's prefix and
    // middleware, and a package's `$this->loadRoutesFrom(__DIR__.'/../Routes/web.php')`, which adds neither (the file
    // opens its own groups): modular apps (Webkul packages, nwidart modules) load their routes from providers so.
    for (const m of text.matchAll(
      /(->\s*group|->\s*loadRoutesFrom)\s*\(\s*(?:base_path\s*\(\s*|__DIR__\s*\.\s*)(['"])([^'"]+\.php)\2/g,
    )) {
      const chain = m[1]!.includes('group') ? text.slice(statementStart(text, m.index!), m.index!) : '';
      const local = m[0].includes('__DIR__');
      const target = path.posix.normalize(
        local ? path.posix.join(path.posix.dirname(f), m[3]!.replace(/^\//, '')) : m[3]!,
      );
      // base_path() is the application's root: the folder holding bootstrap/ or app/ above the loader.
      const base = local ? '' : f.replace(/(^|\/)(bootstrap\/app\.php|app\/Providers\/\w+\.php)$/, '$1');
      out.set((base === f ? '' : base) + target.replace(/^\/+/, ''), chainOptions(chain));
    }
    // Laravel 11: ->withRouting(api: __DIR__.'/../routes/api.php', apiPrefix: 'api/v1')
    const routing = /->\s*withRouting\s*\(/.exec(text);
    if (routing) {
      const args = bracketBody(text, text.indexOf('(', routing.index)) ?? '';
      const apiPrefix = /\bapiPrefix\s*:\s*(['"])([^'"]*)\1/.exec(args)?.[2];
      for (const w of args.matchAll(/\b(web|api)\s*:\s*__DIR__\s*\.\s*(['"])([^'"]+)\2/g)) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(f), w[3]!.replace(/^\//, '')));
        out.set(target, {
          prefix: w[1] === 'api' ? joinPath(apiPrefix ?? 'api') : '',
          middleware: [w[1]!],
        });
      }
    }
  }
  return out;
}

/** The `health: '/up'` route Laravel 11 registers from bootstrap/app.php. */
function laravelHealthRoute(code: CodeFacts, files: string[]): ServiceRoute | undefined {
  for (const f of files) {
    if (!f.endsWith('bootstrap/app.php')) continue;
    const text = code.text(f) ?? '';
    const m = /\bhealth\s*:\s*(['"])([^'"]+)\1/.exec(text);
    if (m)
      return {
        method: 'GET',
        path: m[2]!,
        file: f,
        line: lineAt(text, m.index),
        framework: 'laravel',
        handler: 'health',
        fullPath: joinPath(m[2]!),
        reached: false,
      };
  }
  return undefined;
}

/**
 * An HTTP kernel kept elsewhere than app/Http/Kernel.php (an application with its own layout, `app/Core/Http/HttpKernel.php`):
 * a class extending Laravel's `Illuminate\Foundation\Http\Kernel`.
 */
const LARAVEL_HTTP_KERNEL = /^\s*use\s+\\?Illuminate\\Foundation\\Http\\Kernel(?:\s+as\s+(\w+))?\s*;/m;

export function extendsHttpKernel(text: string): boolean {
  if (!text.includes('Foundation\\Http\\Kernel')) return false;
  if (/\bclass\s+\w+\s+extends\s+\\Illuminate\\Foundation\\Http\\Kernel\b/.test(text)) return true;
  const use = LARAVEL_HTTP_KERNEL.exec(text);
  return !!use && new RegExp(`\\bclass\\s+\\w+\\s+extends\\s+${use[1] ?? 'Kernel'}\\b`).test(text);
}

/** Middleware registered globally or in groups: bootstrap/app.php (Laravel 11) and the HTTP kernel (app/Http/Kernel.php). */
function laravelMiddleware(code: CodeFacts, files: string[]): ServiceMiddleware[] {
  const out: ServiceMiddleware[] = [];
  for (const f of files) {
    const known = /(^|\/)(bootstrap\/app\.php|app\/Http\/Kernel\.php)$/.test(f);
    if (!known && !f.endsWith('Kernel.php')) continue;
    const text = code.text(f) ?? '';
    if (!known && !extendsHttpKernel(text)) continue;
    const lines = text.split('\n');
    const push = (name: string, offset: number): void => {
      const line = lineAt(text, offset);
      out.push({ name, file: f, line, text: (lines[line - 1] ?? '').trim(), reached: false });
    };
    if (f.endsWith('Kernel.php')) {
      for (const m of text.matchAll(
        /protected\s+\$(middleware|middlewareGroups|routeMiddleware|middlewareAliases)\s*=\s*\[/g,
      )) {
        const body = bracketBody(text, m.index! + m[0].length - 1, 20_000) ?? '';
        const at = m.index! + m[0].length;
        // Aliases name middleware that routes apply by alias; they are not registered by themselves.
        if (m[1] === 'routeMiddleware' || m[1] === 'middlewareAliases') continue;
        // Aliases with parameters are strings too ('throttle:60,1', 'can:admin').
        for (const c of body.matchAll(/([\w\\]+)::class(?:\s*\.\s*(['"])(:[^'"]*)\2)?|(['"])([\w.:,|-]+)\4(?!\s*=>)/g))
          push(c[1] ? classMiddleware(c[1], c[3]) : c[5]!, at + c.index!);
      }
      continue;
    }
    const mw = /->\s*withMiddleware\s*\(/.exec(text);
    if (!mw) continue;
    const open = text.indexOf('(', mw.index);
    const body = bracketBody(text, open, 50_000) ?? '';
    for (const c of body.matchAll(
      /\$middleware\s*->\s*(append|prepend|use|web|api|group|appendToGroup|prependToGroup|alias|statefulApi|throttleApi|trustProxies|validateCsrfTokens|encryptCookies|redirectGuestsTo)\s*\(/g,
    )) {
      if (c[1] === 'alias') continue;
      const argsOpen = open + 1 + c.index! + c[0].length - 1;
      const args = bracketBody(text, argsOpen, 10_000) ?? '';
      if (
        [
          'statefulApi',
          'throttleApi',
          'trustProxies',
          'validateCsrfTokens',
          'encryptCookies',
          'redirectGuestsTo',
        ].includes(c[1]!)
      )
        push(c[1] === 'throttleApi' ? `throttle:${/(['"])([^'"]+)\1/.exec(args)?.[2] ?? 'api'}` : c[1]!, argsOpen);
      else for (const x of args.matchAll(/([\w\\]+)::class/g)) push(x[1]!.split('\\').pop()!, argsOpen + 1 + x.index!);
    }
  }
  return out;
}

/** A class declaration at the start of a line (`final class X`, `abstract readonly class Y`), its name captured. */
const CLASS_DECLARATION = /^\s*(?:final\s+|abstract\s+|readonly\s+)*class\s+(\w+)/m;

const SPATIE_VERB = /#\[\s*(Get|Post|Put|Patch|Delete|Options|Any)\s*\(/g;

/**
 * spatie/laravel-route-attributes: routes declared on controller methods (`#[Get('/', middleware: 'ability:read')]`)
 * under the class's `#[Prefix('api/projects/{project}')]` and `#[Middleware(['auth:sanctum'])]`.
 */
function spatieAttributeRoutes(f: string, text: string): ServiceRoute[] {
  if (!/\bSpatie\\RouteAttributes\\Attributes\\/.test(text)) return [];
  const classAt = CLASS_DECLARATION.exec(text)?.index ?? text.length;
  const head = text.slice(0, classAt);
  const argsAt = (re: RegExp, within: string): string | undefined => {
    const m = re.exec(within);
    return m ? bracketBody(within, m.index + m[0].length - 1, 2000) : undefined;
  };
  const prefix = /^\s*(?:prefix\s*:\s*)?(['"])([^'"]*)\1/.exec(argsAt(/#\[\s*Prefix\s*\(/, head) ?? '')?.[2] ?? '';
  const classMiddleware = middlewareNames(argsAt(/#\[\s*Middleware\s*\(/, head));
  const routes: ServiceRoute[] = [];
  for (const m of text.matchAll(SPATIE_VERB)) {
    if (m.index! < classAt) continue;
    const args = bracketBody(text, m.index! + m[0].length - 1, 2000) ?? '';
    const uri = /^\s*(?:uri\s*:\s*)?(['"])([^'"]*)\1/.exec(args)?.[2];
    if (uri === undefined) continue;
    const own = /\bmiddleware\s*:\s*(\[[^\]]*\]|(['"])[^'"]*\2)/.exec(args)?.[1];
    routes.push({
      method: m[1] === 'Any' ? 'ANY' : m[1]!.toUpperCase(),
      path: uri,
      file: f,
      line: lineAt(text, m.index!),
      framework: 'laravel',
      handler: /\bfunction\s+(\w+)\s*\(/.exec(text.slice(m.index!, m.index! + 2000))?.[1],
      fullPath: joinPath(prefix, uri),
      reached: false,
      middleware: [...classMiddleware, ...middlewareNames(own)],
    });
  }
  return routes;
}

// ------------------------------------------------------------------------------------------------ Symfony

/**
 * Route files the kernel imports beside config/routes (`$routes->import($projectDir.'/config/{mbin_routes}/*.yaml')` in
 * `configureRoutes`): the literal path from the project folder, Symfony's one-name braces read as the name. An import
 * that also names the environment (`'/config/{routes}/'.$this->environment.'/*.yaml'`) loads dev/test routes only.
 */
function kernelRouteGlobs(repo: RepoIndex): string[] {
  const out: string[] = [];
  for (const m of (repo.read('src/Kernel.php') ?? '').matchAll(/->import\(([^;]*)\)\s*;/g)) {
    const literals = [...m[1]!.matchAll(/'([^']*)'|"([^"]*)"/g)];
    const rest = m[1]!.replace(/'[^']*'|"[^"]*"/g, '');
    if (!literals.length || !/^\s*(?:(?:\$projectDir|\$this->getProjectDir\(\))\s*\.)?\s*$/.test(rest)) continue;
    const glob = literals
      .map((l) => l[1] ?? l[2])
      .join('')
      .replace(/\{([\w.-]+)\}/g, '$1')
      .replace(/^(?:\.{0,2}\/)+/, '');
    if (/\.ya?ml$/.test(glob)) out.push(glob);
  }
  return out;
}

/** The YAML route files Symfony loads: config/routes.yaml, config/routes/, and what the kernel imports. */
function symfonyRouteFiles(repo: RepoIndex, nested: boolean): RepoFile[] {
  const own = nested ? 'config/routes/**/*.{yaml,yml}' : 'config/routes/*.{yaml,yml}';
  return repo.glob(['config/routes.{yaml,yml}', own, ...kernelRouteGlobs(repo)]);
}

/** Controller folders config/routes*.yaml imports with a prefix: `api: { resource: ../src/API/, type: attribute, prefix: /api }`. */
function symfonyResourcePrefixes(repo: RepoIndex): { dir: string; prefix: string }[] {
  const out: { dir: string; prefix: string }[] = [];
  for (const f of symfonyRouteFiles(repo, false)) {
    const lines = (repo.read(f.path) ?? '').split('\n');
    lines.forEach((l, i) => {
      // `resource: ../src/Controller/`, or Symfony 6.1+'s map form (`resource: { path: …, namespace: … }` as a block).
      const res =
        /^(\s+)resource:\s*['"]?([^'"\s#{]+)/.exec(l) ??
        (/^(\s+)resource:\s*(?:#.*)?$/.test(l)
          ? ([l, /^\s*/.exec(l)![0], /^\s+path:\s*['"]?([^'"\s#]+)/.exec(lines[i + 1] ?? '')?.[1] ?? ''] as const)
          : null);
      if (!res || !res[2] || /^@|\.(?:ya?ml|xml|php)$/.test(res[2]!) || res[2]!.includes('::')) return;
      const indent = res[1]!.length;
      let prefix = '';
      for (let j = i - 1; j >= 0 && /^\s/.test(lines[j]!) && /^\s*/.exec(lines[j]!)![0].length >= indent; j--) {
        const m = /^\s+prefix:\s*['"]?([^'"\s#]+)/.exec(lines[j]!);
        if (m) prefix = m[1]!;
      }
      for (
        let j = i + 1;
        j < lines.length && /^\s/.test(lines[j]!) && /^\s*/.exec(lines[j]!)![0].length >= indent;
        j++
      ) {
        const m = /^\s+prefix:\s*['"]?([^'"\s#]+)/.exec(lines[j]!);
        if (m) prefix = m[1]!;
      }
      const dir = path.posix.normalize(path.posix.join(path.posix.dirname(f.path), res[2]!)).replace(/\/?$/, '/');
      out.push({ dir, prefix });
    });
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ API Platform

const AP_OPERATION = /(?:\bnew\s+|#\[\s*)(GetCollection|Get|Post|Put|Patch|Delete)\b\s*([(\],])/g;
const AP_METHOD: Record<string, string> = {
  GetCollection: 'GET',
  Get: 'GET',
  Post: 'POST',
  Put: 'PUT',
  Patch: 'PATCH',
  Delete: 'DELETE',
};

/** `Book` → `books`, `BookCategory` → `book_categories`: API Platform's default path segment for a resource class. */
function resourceSegment(name: string): string {
  const snake = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  return /[^aeiou]y$/.test(snake)
    ? `${snake.slice(0, -1)}ies`
    : /(?:s|x|ch|sh)$/.test(snake)
      ? `${snake}es`
      : `${snake}s`;
}

/**
 * API Platform resources: `#[ApiResource]` on a class serves its operations (`new Get(uriTemplate: '/admin/books/{id}')`,
 * or the defaults GetCollection/Post on `/books` and Get/Put/Patch/Delete on `/books/{id}`), under `routePrefix`.
 */
function apiPlatformRoutes(repo: RepoIndex, files: string[]): ServiceRoute[] {
  const routes: ServiceRoute[] = [];
  for (const f of files) {
    const text = repo.read(f) ?? '';
    if (!text.includes('ApiResource')) continue;
    const cls = CLASS_DECLARATION.exec(text);
    if (!cls) continue;
    const head = text.slice(0, cls.index);
    const base = `/${resourceSegment(cls[1]!)}`;
    const add = (method: string, p: string, prefix: string, at: number): void => {
      const clean = p.replace(/\{\._format\}|\.\{_format\}/g, '');
      routes.push({
        method,
        path: clean,
        file: f,
        line: lineAt(text, at),
        framework: 'api-platform',
        fullPath: joinPath(prefix, clean),
        reached: false,
      });
    };
    const operations = (region: string, offset: number, prefix: string, collectionUri: string): number => {
      let n = 0;
      for (const m of region.matchAll(AP_OPERATION)) {
        n++;
        const opArgs = m[2] === '(' ? (bracketBody(region, m.index! + m[0].length - 1, 3000) ?? '') : '';
        const uri = /\buriTemplate\s*:\s*(['"])([^'"]*)\1/.exec(opArgs)?.[2];
        const collection = m[1] === 'GetCollection' || m[1] === 'Post';
        add(
          AP_METHOD[m[1]!]!,
          uri ?? (collection ? collectionUri : `${collectionUri}/{id}`),
          prefix,
          offset + m.index!,
        );
      }
      return n;
    };
    // Each #[ApiResource(…)] on the class, with the operations it lists; operation attributes outside them use the defaults.
    let rest = head;
    for (const res of head.matchAll(/#\[\s*(?:\\?[\w\\]*\\)?ApiResource\b\s*(\()?/g)) {
      const args = res[1] ? (bracketBody(head, res.index! + res[0].length - 1, 8000) ?? '') : '';
      rest = rest.replace(args, ' '.repeat(args.length));
      const opsAt = /\boperations\s*:\s*\[/.exec(args);
      const ops = opsAt ? (bracketBody(args, opsAt.index + opsAt[0].length - 1, 6000) ?? '') : '';
      const own = ops ? args.replace(ops, '') : args;
      const prefix = /\broutePrefix\s*:\s*(['"])([^'"]*)\1/.exec(own)?.[2] ?? '';
      const collectionUri = /\buriTemplate\s*:\s*(['"])([^'"]*)\1/.exec(own)?.[2] ?? base;
      const start = res.index! + res[0].length - 1 + (opsAt ? opsAt.index + opsAt[0].length - 1 : 0);
      if (ops && operations(ops, start, prefix, collectionUri)) continue;
      for (const method of ['GET', 'POST']) add(method, collectionUri, prefix, res.index!);
      for (const method of ['GET', 'PUT', 'PATCH', 'DELETE']) add(method, `${collectionUri}/{id}`, prefix, res.index!);
    }
    operations(rest, 0, '', base);
  }
  return routes;
}

/** A `path:` that belongs to a `resource:` map (the folder of controllers an import reads), not a route's path. */
function underResource(lines: string[], i: number): boolean {
  const indent = /^\s*/.exec(lines[i]!)![0].length;
  for (let j = i - 1; j >= 0; j--) {
    const l = lines[j]!;
    if (!l.trim() || /^\s*#/.test(l)) continue;
    if (/^\s*/.exec(l)![0].length < indent) return /^\s*resource:\s*(?:#.*)?$/.test(l);
  }
  return false;
}

const SF_ROUTE = /#\[\s*(?:\\?[\w\\]*\\)?Route\s*\(|@Route\s*\(/g;
/**
 * A Symfony action answering the browser: it renders a Twig template (AbstractController's helpers or the Twig
 * environment), redirects (a form's post-redirect-get, a moved page) or sends a file.
 */
const SF_RENDERS =
  /\$this->(?:render|renderView|renderBlock|redirect|redirectToRoute|file)\s*\(|->twig->render\s*\(|\bnew\s+(?:RedirectResponse|BinaryFileResponse)\s*\(/;
const SF_ANSWERS_JSON = /\$this->json\s*\(|\bnew\s+JsonResponse\s*\(|\bJsonResponse::/;

/**
 * A placeholder whose requirement admits one literal value is that value: `/api/{version<v3>}/courses` (inline) or
 * `{version}` with `requirements: ['version' => 'v3']` only ever matches `/api/v3/courses`.
 */
function fixedPlaceholders(p: string, args: string): string {
  return p.replace(/\{(\w+)(?:<([^<>{}]*)>)?(?:\?[^{}]*)?\}/g, (whole, name: string, inline?: string) => {
    const req =
      inline ??
      new RegExp(`['"]${escapeRegExp(name)}['"]\\s*(?:=>|:)\\s*(['"])([^'"]*)\\1`).exec(
        /\brequirements\s*[:=]\s*[[{]([^\]}]*)[\]}]/.exec(args)?.[1] ?? '',
      )?.[2];
    return req !== undefined && /^[\w-]+$/.test(req) ? req : whole;
  });
}

/** Symfony controller routes: attributes/annotations on methods under the class prefix, and config/routes YAML. */
function symfonyRoutes(repo: RepoIndex, files: string[]): ServiceRoute[] {
  const routes: ServiceRoute[] = [];
  const imports = symfonyResourcePrefixes(repo);
  for (const f of files) {
    if (!f.endsWith('.php')) continue;
    const text = repo.read(f) ?? '';
    if (!/\bRoute\s*\(/.test(text)) continue;
    const classAt = /^\s*(?:final\s+|abstract\s+)*class\s+\w+/m.exec(text)?.index ?? -1;
    // The longest imported folder holding this controller gives its prefix (`resource: ../src/API/` + `prefix: /api`).
    const imported =
      imports.filter((i) => f.startsWith(i.dir)).sort((a, b) => b.dir.length - a.dir.length)[0]?.prefix ?? '';
    let prefix = imported === '/' ? '' : imported;
    const attrs = [...text.matchAll(SF_ROUTE)];
    attrs.forEach((m, k) => {
      const open = m.index! + m[0].length - 1;
      const args = bracketBody(text, open, 2000) ?? '';
      const raw =
        /^\s*(?:path\s*:\s*)?(['"])([^'"]*)\1/.exec(args)?.[2] ?? /\bpath\s*[:=]\s*(['"])([^'"]*)\1/.exec(args)?.[2];
      if (raw === undefined) return;
      const p = fixedPlaceholders(raw, args);
      if (classAt >= 0 && m.index! < classAt) {
        prefix = joinPath(imported, p);
        return;
      }
      const methods = /\bmethods\s*[:=]\s*[[{]([^\]}]*)[\]}]/.exec(args)?.[1];
      const after = text.slice(open + args.length + 2, open + args.length + 800);
      const handler = /function\s+(\w+)\s*\(/.exec(after)?.[1];
      // The action (the method after its route attributes) up to the next route: one that answers the browser and
      // no JSON serves a page.
      const fn = text.slice(open).search(/\bfunction\s+\w+\s*\(/);
      const from = fn < 0 ? open : open + fn;
      const action = text.slice(from, attrs.slice(k + 1).find((a) => a.index! > from)?.index ?? from + 4000);
      const page = SF_RENDERS.test(action) && !SF_ANSWERS_JSON.test(action);
      const list = methods ? [...methods.matchAll(/['"](\w+)['"]/g)].map((x) => x[1]!.toUpperCase()) : ['ANY'];
      for (const method of list)
        routes.push({
          method,
          path: p,
          file: f,
          line: lineAt(text, m.index!),
          framework: 'symfony',
          handler,
          fullPath: joinPath(prefix, p),
          reached: false,
          ...(page ? { page: true } : {}),
        });
    });
  }
  for (const f of symfonyRouteFiles(repo, true)) {
    if (/\/(dev|test)\//.test(f.path)) continue;
    const text = repo.read(f.path) ?? '';
    const lines = text.split('\n');
    lines.forEach((l, i) => {
      const m = /^\s+path:\s*['"]?([^'"\s#]+)/.exec(l);
      if (!m || underResource(lines, i)) return;
      const near = lines.slice(Math.max(0, i - 3), i + 4).join('\n');
      const methods = /methods:\s*\[?([A-Z|, ]+)\]?/.exec(near)?.[1];
      for (const method of methods ? methods.split(/[|, ]+/).filter(Boolean) : ['ANY'])
        routes.push({
          method,
          path: m[1]!,
          file: f.path,
          line: i + 1,
          framework: 'symfony',
          handler: /controller:\s*['"]?([^'"\s]+)/.exec(near)?.[1],
          fullPath: joinPath(m[1]!),
          reached: false,
        });
    });
  }
  return routes;
}

// ------------------------------------------------------------------------------------------------ Mezzio / Laminas

/** The `[` that opens the array literal holding `at` (quoted strings stepped over), or -1. */
function enclosingArrayOpen(text: string, at: number): number {
  let depth = 0;
  for (let i = at - 1; i >= 0; i--) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      let j = i - 1;
      while (j >= 0 && !(text[j] === c && text[j - 1] !== '\\')) j--;
      i = j;
      continue;
    }
    if (c === ']' || c === ')' || c === '}') depth++;
    else if (c === '(' || c === '{') {
      if (depth === 0) return -1;
      depth--;
    } else if (c === '[') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** The top-level, comma-separated arguments of a call's argument text (brackets and quoted strings kept whole). */
function topLevelArgs(args: string): string[] {
  return splitTopLevel(args, ',');
}

/** A PHP text split at a separator outside brackets and quoted strings, each part trimmed. */
function splitTopLevel(text: string, separator: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === separator && depth === 0) {
      out.push(text.slice(from, i).trim());
      from = i + 1;
    }
  }
  out.push(text.slice(from).trim());
  return out;
}

/** HTTP methods a Mezzio `allowed_methods` list (or `route()` argument) names: `['GET']`, `[RequestMethodInterface::METHOD_POST]`. */
function mezzioMethods(list: string | undefined): string[] {
  if (!list) return ['ANY'];
  const out = [
    ...[...list.matchAll(/['"](GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)['"]/gi)].map((m) => m[1]!.toUpperCase()),
    ...[...list.matchAll(/\bMETHOD_(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g)].map((m) => m[1]!),
  ];
  return out.length ? [...new Set(out)] : ['ANY'];
}

/** A class constant's value in a PHP text: `const ROUTE_PATH = '/x'` (typed constants too), the raw expression. */
function classConstant(text: string, name: string): { value: string; at: number } | undefined {
  const m = new RegExp(`\\bconst\\s+(?:[\\w|?\\\\]+\\s+)?${name}\\s*=\\s*`).exec(text);
  if (!m) return undefined;
  const start = m.index + m[0].length;
  const value =
    text[start] === '[' ? `[${bracketBody(text, start, 2000) ?? ''}]` : text.slice(start, text.indexOf(';', start));
  return { value, at: m.index };
}

/**
 * Mezzio and Laminas routes and pipeline middleware:
 * - `$app->get('/ping', PingHandler::class)`, `$app->route('/x', [Auth::class, Handler::class], ['GET', 'POST'])` in
 *   config/routes.php (the middleware listed before the handler runs for that route);
 * - route arrays in configuration (`'routes' => [['path' => '/x', 'middleware' => [...], 'allowed_methods' => ['GET']]]`),
 *   including a route definition built from class constants (`'path' => static::ROUTE_PATH`) that each handler class
 *   declares (`const ROUTE_PATH = '/health'; const ROUTE_ALLOWED_METHODS = [self::METHOD_GET]`);
 * - Laminas MVC router configuration (`'options' => ['route' => '/album[/:action]']`);
 * - the pipeline (`$app->pipe(Auth::class)`, `$app->pipe('/api', …)`, `'middleware_pipeline' => [...]`), applied to
 *   the routes under its path.
 */
function mezzioModel(code: CodeFacts, files: string[], framework: string): PhpServiceModel {
  const routes: ServiceRoute[] = [];
  const middleware: (ServiceMiddleware & { path: string })[] = [];
  const texts = files.map((f) => [f, code.text(f) ?? ''] as const);
  const push = (
    file: string,
    text: string,
    at: number,
    methods: string[],
    p: string,
    handler: string | undefined,
    mw: string[],
  ): void => {
    for (const method of methods)
      routes.push({
        method,
        path: p,
        file,
        line: lineAt(text, at),
        framework,
        handler,
        fullPath: joinPath(p),
        reached: false,
        ...(mw.length ? { middleware: mw } : {}),
      });
  };
  /** A PSR-15 handler class as `Class@method`: the method a request runs (handle, process or __invoke). */
  const handlerOf = (cls: string | undefined, text?: string): string | undefined => {
    if (!cls) return cls;
    const body =
      text ??
      texts.find(([, t]) =>
        new RegExp(`^\\s*(?:final\\s+|abstract\\s+|readonly\\s+)*class\\s+${cls}\\b`, 'm').test(t),
      )?.[1];
    const method = body && /\bfunction\s+(handle|process|__invoke)\s*\(/.exec(body)?.[1];
    return method ? `${cls}@${method}` : cls;
  };
  /** Handler and middleware of a route's middleware argument: the last class is the handler, those before it run first. */
  const chainOf = (arg: string): { handler?: string; mw: string[] } => {
    const classes = [...arg.matchAll(/([\w\\]+)::class/g)].map((m) => m[1]!.split('\\').pop()!);
    return { handler: handlerOf(classes.at(-1)), mw: classes.slice(0, -1) };
  };
  for (const [f, text] of texts) {
    // $app->get/post/…/any/route(...)
    for (const m of text.matchAll(
      /\$(?:app|router)\s*->\s*(get|post|put|patch|delete|any|route)\s*\(\s*(['"])([^'"]*)\2\s*,/g,
    )) {
      const args = topLevelArgs(bracketBody(text, text.indexOf('(', m.index!), 3000) ?? '');
      const { handler, mw } = chainOf(args[1] ?? '');
      const verb = m[1]!;
      const methods = verb === 'route' ? mezzioMethods(args[2]) : verb === 'any' ? ['ANY'] : [verb.toUpperCase()];
      push(f, text, m.index!, methods, m[3]!, handler, mw);
    }
    // Route arrays: 'path' => … beside 'allowed_methods' / 'middleware' in the same array.
    if (text.includes('allowed_methods'))
      for (const m of text.matchAll(/['"]path['"]\s*=>\s*/g)) {
        const open = enclosingArrayOpen(text, m.index!);
        if (open < 0) continue;
        const body = bracketBody(text, open, 20_000) ?? '';
        if (!/['"](?:allowed_methods|middleware)['"]\s*=>/.test(body)) continue;
        if (/['"]middleware_pipeline['"]/.test(text.slice(Math.max(0, open - 200), open))) continue;
        const value = text.slice(m.index! + m[0].length, m.index! + m[0].length + 300);
        const mwArg = /['"]middleware['"]\s*=>\s*(\[[^\]]*\]|[\w\\]+::class)/.exec(body)?.[1] ?? '';
        const { handler, mw } = chainOf(mwArg);
        const methodsExpr = /['"]allowed_methods['"]\s*=>\s*(\[[^\]]*\]|(?:static|self)::\w+|[\w\\]+::\w+)/.exec(
          body,
        )?.[1];
        const constant = /^(?:static|self)::(\w+)/.exec(value);
        if (constant) {
          // Route definitions built from class constants: one route per class that declares the path constant.
          const methodsConst = methodsExpr && /^(?:static|self)::(\w+)$/.exec(methodsExpr)?.[1];
          const fallback = methodsConst ? classConstant(text, methodsConst)?.value : undefined;
          for (const [g, other] of texts) {
            const c = classConstant(other, constant[1]!);
            const lit = c && /^\s*(['"])([^'"]*)\1/.exec(c.value);
            if (!c || !lit) continue;
            const own = methodsConst ? (classConstant(other, methodsConst)?.value ?? fallback) : methodsExpr;
            const cls = /\bclass\s+(\w+)/.exec(other)?.[1];
            push(g, other, c.at, mezzioMethods(own), lit[2]!, handlerOf(cls, other), mw);
          }
          continue;
        }
        const lit = /^(?:sprintf\s*\(\s*)?(['"])([^'"]*)\1/.exec(value);
        if (!lit) continue;
        push(f, text, m.index!, mezzioMethods(methodsExpr), lit[2]!.replace(/%s/g, ''), handler, mw);
      }
    // Laminas MVC router configuration: 'route' => '/album[/:action[/:id]]' in a route's options.
    if (/['"]router['"]\s*=>/.test(text))
      for (const m of text.matchAll(/['"]route['"]\s*=>\s*(['"])(\/[^'"]*)\1/g)) {
        const open = enclosingArrayOpen(text, m.index!);
        const body = open >= 0 ? (bracketBody(text, open, 5000) ?? '') : '';
        const verb = /['"]verb['"]\s*=>\s*['"]([\w,]+)['"]/.exec(body)?.[1];
        const ctl = /['"]controller['"]\s*=>\s*([\w\\]+)::class/.exec(body)?.[1]?.split('\\').pop();
        const action = /['"]action['"]\s*=>\s*['"](\w+)['"]/.exec(body)?.[1];
        push(
          f,
          text,
          m.index!,
          verb ? verb.split(',').map((v) => v.toUpperCase()) : ['ANY'],
          m[2]!.replace(/\[[^\]]*\]/g, ''),
          ctl ? (action ? `${ctl}@${action}` : ctl) : undefined,
          [],
        );
      }
    // Pipeline: $app->pipe([path,] middleware) and 'middleware_pipeline' configuration.
    const lines = text.split('\n');
    const addMw = (name: string, at: number, p: string): void => {
      const line = lineAt(text, at);
      middleware.push({ name, file: f, line, text: (lines[line - 1] ?? '').trim(), reached: false, path: p });
    };
    for (const m of text.matchAll(/\$app\s*->\s*pipe\s*\(/g)) {
      const args = bracketBody(text, text.indexOf('(', m.index!), 2000) ?? '';
      const p = /^\s*(['"])(\/[^'"]*)\1\s*,/.exec(args)?.[2] ?? '';
      for (const c of args.matchAll(/([\w\\]+)::class/g)) addMw(c[1]!.split('\\').pop()!, m.index!, p);
    }
    const pipeline = /['"]middleware_pipeline['"]\s*=>\s*\[/.exec(text);
    if (pipeline) {
      const pipeOpen = pipeline.index + pipeline[0].length - 1;
      const pipeBody = bracketBody(text, pipeOpen, 50_000) ?? '';
      for (const m of pipeBody.matchAll(/['"]middleware['"]\s*=>\s*(\[|[\w\\]+::class)/g)) {
        const entryOpen = enclosingArrayOpen(pipeBody, m.index!);
        const entry = entryOpen >= 0 ? (bracketBody(pipeBody, entryOpen, 10_000) ?? '') : '';
        const p = /['"]path['"]\s*=>\s*(['"])(\/[^'"]*)\1/.exec(entry)?.[2] ?? '';
        const list = m[1] === '[' ? (bracketBody(pipeBody, m.index! + m[0].length - 1, 5000) ?? '') : m[1]!;
        for (const c of list.matchAll(/([\w\\]+)::class/g))
          addMw(c[1]!.split('\\').pop()!, pipeOpen + 1 + m.index! + c.index!, p);
      }
    }
  }
  // Pipeline middleware runs before routing for every request under its path.
  for (const r of routes) {
    const piped = middleware
      .filter((m) => !m.path || r.fullPath === m.path || r.fullPath.startsWith(`${m.path.replace(/\/$/, '')}/`))
      .map((m) => m.name);
    if (piped.length) r.middleware = [...new Set([...piped, ...(r.middleware ?? [])])];
  }
  return { routes, middleware: middleware.map(({ path: _p, ...m }) => m) };
}

// ------------------------------------------------------------------------------------------------ CodeIgniter 4

/** Files CodeIgniter 4 loads routes from by name: app/Config/Routes.php and each module's Config/Routes.php. */
const CI_ROUTES_FILE = /(^|\/)Config\/Routes\.php$/;
const CI_FILTERS_FILE = /(^|\/)Config\/Filters\.php$/;
const CI_VERBS = 'get|post|put|patch|delete|options|head|add|match|cli|resource|presenter|view|group';
const CI_CALL = new RegExp(`\\$routes\\s*->\\s*(${CI_VERBS})\\s*\\(`, 'g');
/** What `$routes->resource('photos')` / `->presenter('photos')` serve (the id placeholder written as `{id}`). */
const CI_RESOURCE_ACTIONS: [string, string, string][] = [
  ['GET', '', 'index'],
  ['GET', '/new', 'new'],
  ['POST', '', 'create'],
  ['GET', '/{id}', 'show'],
  ['GET', '/{id}/edit', 'edit'],
  ['PUT', '/{id}', 'update'],
  ['PATCH', '/{id}', 'update'],
  ['DELETE', '/{id}', 'delete'],
];

/** The top-level operands of a PHP concatenation (`config('Admin')->gateway . 'settings'`), quotes and brackets kept whole. */
function concatOperands(expr: string): string[] {
  return splitTopLevel(expr, '.');
}

/**
 * A CodeIgniter path argument as a path: literals as written, and a config value (`config('Admin')->gateway`,
 * `config(RestApi::class)->gateway`) read from the default of that property in the config class (Config/Admin.php,
 * `public string $gateway = 'cp-admin';`). Anything else stays as `{expression}`, the same on both sides of a filter
 * pattern and a group prefix.
 */
function ciPath(expr: string, configValue: (cls: string, prop: string) => string | undefined): string {
  return concatOperands(expr)
    .map((part) => {
      const lit = /^(['"])([^'"]*)\1$/.exec(part);
      if (lit) return lit[2]!;
      const cfg =
        /^config\s*\(\s*(?:(['"])(?:[\w\\]*\\)?(\w+)\1|\\?(?:[\w\\]*\\)?(\w+)::class)\s*\)\s*->\s*(\w+)$/.exec(
          part.replace(/\s+/g, ''),
        );
      const value = cfg ? configValue(cfg[2] ?? cfg[3]!, cfg[4]!) : undefined;
      return value ?? `{${part.replace(/\s+/g, '')}}`;
    })
    .join('');
}

/** The filters a CodeIgniter options array names (`'filter' => 'permission:admin.settings'`, `'filter' => ['session', …]`). */
function ciFilters(options: string | undefined): string[] {
  const m = options && /['"]filter['"]\s*=>\s*(\[[^\]]*\]|(['"])[^'"]*\2|[\w\\]+::class)/.exec(options);
  return m ? middlewareNames(m[1]) : [];
}

/** Whether a CodeIgniter filter pattern (`admin/*`, `cp-admin*`, no leading slash) covers a route's path. */
function ciPatternCovers(pattern: string, fullPath: string): boolean {
  const re = new RegExp(`^${pattern.replace(/^\/+/, '').split('*').map(escapeRegExp).join('.*')}$`);
  return re.test(fullPath.replace(/^\/+/, ''));
}

/**
 * CodeIgniter 4's filters configuration (Config/Filters.php): filters run on every request (`$globals['before']`, and
 * `$required['before']` of 4.5+), and filters run on paths (`$filters = ['session' => ['before' => ['admin/*']]]`,
 * assigned in the class or in its constructor).
 */
function ciFilterConfig(
  file: string,
  text: string,
  configValue: (cls: string, prop: string) => string | undefined,
): { global: { name: string; at: number }[]; onPaths: { name: string; patterns: string[] }[] } {
  const global: { name: string; at: number }[] = [];
  const onPaths: { name: string; patterns: string[] }[] = [];
  void file;
  for (const g of text.matchAll(/\$(globals|required)\s*=\s*\[|\$this\s*->\s*(globals|required)\s*=\s*\[/g)) {
    const body = bracketBody(text, g.index! + g[0].length - 1, 20_000) ?? '';
    const before = /['"]before['"]\s*=>\s*\[/.exec(body);
    if (!before) continue;
    const open = before.index + before[0].length - 1;
    const list = bracketBody(body, open, 10_000) ?? '';
    const offset = g.index! + g[0].length + open + 1;
    // Entries are names (`'csrf'`) or names with options (`'csrf' => ['except' => [...]]`); comments are not entries.
    for (const e of list.matchAll(/^[ \t]*(['"])([\w:.,-]+)\1\s*(?:=>|,|$)/gm))
      global.push({ name: e[2]!, at: offset + e.index! });
  }
  for (const f of text.matchAll(/\$filters\s*=\s*\[|\$this\s*->\s*filters\s*=\s*\[/g)) {
    const body = bracketBody(text, f.index! + f[0].length - 1, 20_000) ?? '';
    for (const entry of body.matchAll(/(['"])([\w:.,-]+)\1\s*=>\s*\[\s*(['"])before\3\s*=>\s*\[/g)) {
      const list = bracketBody(body, entry.index! + entry[0].length - 1, 5000) ?? '';
      const patterns = topLevelArgs(list)
        .filter(Boolean)
        .map((p) => ciPath(p, configValue));
      onPaths.push({ name: entry[2]!, patterns });
    }
  }
  return { global, onPaths };
}

/**
 * CodeIgniter 4 routes: `$routes->get('path', 'Controller::method', ['filter' => 'permission:x'])` and the other
 * verbs, `$routes->match(['get', 'post'], …)`, `$routes->resource('photos')`, nested `$routes->group('admin',
 * ['filter' => 'session'], static function ($routes) { … })`, in app/Config/Routes.php and each module's
 * Config/Routes.php (the framework loads them by name). Each route carries the filters of its groups, its own, the
 * global filters and the path filters of Config/Filters.php, by their alias.
 */
function codeigniterModel(code: CodeFacts, files: string[]): PhpServiceModel {
  const routes: ServiceRoute[] = [];
  const middleware: ServiceMiddleware[] = [];
  const configValues = new Map<string, string | undefined>();
  const configValue = (cls: string, prop: string): string | undefined => {
    const key = `${cls}.${prop}`;
    if (!configValues.has(key)) {
      const file = files.find((f) => f.endsWith(`Config/${cls}.php`));
      const text = file ? (code.text(file) ?? '') : '';
      const m = new RegExp(`\\$${prop}\\s*=\\s*(['"])([^'"]*)\\1\\s*;`).exec(text);
      configValues.set(key, m?.[2]);
    }
    return configValues.get(key);
  };
  for (const f of files) {
    if (!CI_ROUTES_FILE.test(f)) continue;
    const text = code.text(f) ?? '';
    if (!text.includes('$routes')) continue;
    const groups: GroupCtx[] = [];
    const calls = [...text.matchAll(CI_CALL)];
    for (const c of calls) {
      if (c[1] !== 'group') continue;
      const open = c.index! + c[0].length - 1;
      const args = bracketBody(text, open, 200_000);
      if (args === undefined) continue;
      const fnAt = args.search(/\bfunction\s*\(|\bfn\s*\(/);
      if (fnAt < 0) continue;
      const head = topLevelArgs(args.slice(0, fnAt));
      const prefix = ciPath(head[0] ?? "''", configValue);
      groups.push({ start: open + 1 + fnAt, end: open + 1 + args.length, prefix, middleware: ciFilters(head[1]) });
    }
    for (const c of calls) {
      const verb = c[1]!;
      if (verb === 'group') continue;
      const at = c.index!;
      const args = topLevelArgs(bracketBody(text, at + c[0].length - 1, 20_000) ?? '');
      const methods =
        verb === 'match'
          ? [...(args.shift() ?? '').matchAll(/['"](\w+)['"]/g)].map((m) => m[1]!.toUpperCase())
          : [verb === 'add' ? 'ANY' : verb === 'view' ? 'GET' : verb.toUpperCase()];
      const p = ciPath(args[0] ?? "''", configValue);
      const around = groups.filter((g) => g.start < at && at < g.end).sort((a, b) => a.start - b.start);
      const options = args.find((a, i) => i > 0 && a.startsWith('['));
      const middleware = [...new Set([...around.flatMap((g) => g.middleware), ...ciFilters(options)])];
      const handler = /^(['"])([\w\\]+(?:::\w+)?)/
        .exec(args[1] ?? '')?.[2]
        ?.split('\\')
        .pop();
      const line = lineAt(text, at);
      const push = (method: string, sub: string, h = handler): void => {
        routes.push({
          method,
          path: sub,
          file: f,
          line,
          framework: 'codeigniter',
          ...(h ? { handler: h.replace('::', '@') } : {}),
          fullPath: joinPath(...around.map((g) => g.prefix), sub),
          reached: true,
          ...(middleware.length ? { middleware } : {}),
        });
      };
      if (verb === 'cli') continue;
      if (verb === 'resource' || verb === 'presenter') {
        const ctl = /['"]controller['"]\s*=>\s*(['"])([\w\\]+)\1/
          .exec(options ?? '')?.[2]
          ?.split('\\')
          .pop();
        for (const [method, sub, action] of CI_RESOURCE_ACTIONS)
          push(method, joinPath(p, sub), ctl ? `${ctl}::${action}` : undefined);
      } else for (const method of methods) push(method, p);
    }
  }
  // Config/Filters.php: global filters run on every route; path filters on the routes their patterns cover.
  for (const f of files) {
    if (!CI_FILTERS_FILE.test(f)) continue;
    const text = code.text(f) ?? '';
    const { global, onPaths } = ciFilterConfig(f, text, configValue);
    const lines = text.split('\n');
    for (const g of global) {
      const line = lineAt(text, g.at);
      middleware.push({ name: g.name, file: f, line, text: (lines[line - 1] ?? '').trim(), reached: true });
    }
    for (const r of routes) {
      const names = [
        ...global.map((g) => g.name),
        ...onPaths.filter((o) => o.patterns.some((p) => ciPatternCovers(p, r.fullPath))).map((o) => o.name),
      ];
      if (names.length) r.middleware = [...new Set([...names, ...(r.middleware ?? [])])];
    }
  }
  return { routes, middleware };
}

const UTOPIA_ROUTE = /\b(?:Http|App)::(get|post|put|patch|delete|head)\s*\(\s*(['"])([^'"]*)\2/g;
const UTOPIA_ACTION_PATH = /->\s*setHttpPath\s*\(\s*(['"])([^'"]*)\1/g;
const UTOPIA_ACTION_METHOD = /->\s*setHttpMethod\s*\(\s*(?:[\w\\]+::HTTP_REQUEST_METHOD_(\w+)|(['"])(\w+)\2)/;
const UTOPIA_HOOK = /\b(?:Http|App)::(init|shutdown|error|options)\s*\(\s*\)/g;
const UTOPIA_GROUPS = /->\s*groups\s*\(\s*\[([^\]]*)\]/;
/** A route or hook declared on Utopia's class (`Http::get(…)`, `Http::init()`), where the previous chain has ended. */
export const UTOPIA_DECLARATION = /^\s*(?:Http|App)::\w+\s*\(/m;

/**
 * The lines of the Utopia hook declared at `line` (1-based): up to the next route or hook declared on the class.
 * Hooks are long closures (Appwrite's API hook runs for hundreds of lines), so no fixed window holds them.
 */
export function utopiaHookLines(lines: string[], line: number): string[] {
  const next = lines.findIndex((l, i) => i >= line && UTOPIA_DECLARATION.test(l));
  return lines.slice(line - 1, next < 0 ? lines.length : next);
}

/** The reached Utopia `init` hook holding a line of a file, if any. */
export function utopiaInitHookAt(
  repo: RepoIndex,
  middleware: ServiceMiddleware[],
  at: { path: string; line: number },
): ServiceMiddleware | undefined {
  return middleware.find(
    (m) =>
      m.reached &&
      m.file === at.path &&
      m.name.startsWith('init') &&
      m.line <= at.line &&
      at.line < m.line + utopiaHookLines(repo.lines(m.file), m.line).length,
  );
}

/**
 * Utopia (utopia-php/http, utopia-php/framework): routes declared on the class (`Http::get('/v1/locale')->groups(['api'])
 * ->action(…)`, `App::post(…)` before 2.0) or by a platform Action (`->setHttpMethod(Action::HTTP_REQUEST_METHOD_GET)
 * ->setHttpPath('/v1/health')`), and its hooks as middleware: `Http::init()` runs before every route, or only those
 * of the groups it names (`->groups(['api'])`, named `init:api`); `Http::error()`, `Http::shutdown()`,
 * `Http::options()` are kept under their own names.
 */
function utopiaModel(code: CodeFacts, files: string[]): PhpServiceModel {
  const routes: ServiceRoute[] = [];
  const middleware: ServiceMiddleware[] = [];
  const groupsOf = (chain: string): string[] =>
    [...(UTOPIA_GROUPS.exec(chain)?.[1] ?? '').matchAll(/(['"])([^'"]+)\1/g)].map((g) => g[2]!);
  const inits: { name: string; groups: string[] }[] = [];
  const routeGroups = new Map<ServiceRoute, string[]>();
  for (const f of files) {
    const text = code.text(f) ?? '';
    if (!/\b(?:Http|App)::|->\s*setHttpPath\b/.test(text)) continue;
    const lines = text.split('\n');
    const route = (method: string, routePath: string, at: number, chain: string): void => {
      const r: ServiceRoute = {
        method,
        path: routePath,
        fullPath: routePath,
        file: f,
        line: lineAt(text, at),
        framework: 'utopia',
        reached: false,
      };
      routes.push(r);
      routeGroups.set(r, groupsOf(chain));
    };
    for (const m of text.matchAll(UTOPIA_ROUTE))
      route(m[1]!.toUpperCase(), m[3]!, m.index!, text.slice(m.index!, statementEnd(text, m.index!)));
    for (const m of text.matchAll(UTOPIA_ACTION_PATH)) {
      const chain = text.slice(statementStart(text, m.index!), statementEnd(text, m.index!));
      const verb = UTOPIA_ACTION_METHOD.exec(chain);
      if (verb) route((verb[1] ?? verb[3]!).toUpperCase(), m[2]!, m.index!, chain);
    }
    for (const m of text.matchAll(UTOPIA_HOOK)) {
      const groups = groupsOf(text.slice(m.index!, statementEnd(text, m.index!))).filter((g) => g !== '*');
      const name = groups.length ? `${m[1]}:${groups.join(',')}` : m[1]!;
      const line = lineAt(text, m.index!);
      middleware.push({ name, file: f, line, text: (lines[line - 1] ?? '').trim(), reached: false });
      if (m[1] === 'init') inits.push({ name, groups });
    }
  }
  for (const [r, groups] of routeGroups) {
    const applied = inits.filter((h) => !h.groups.length || h.groups.some((g) => groups.includes(g)));
    if (applied.length) r.middleware = [...new Set(applied.map((h) => h.name))];
  }
  return { routes, middleware };
}

/**
 * A class that registers routes on the router it is handed (`public function map(Registrar $router)` or
 * `(Router $router)` calling `$router->get(…)`): Laravel route classes a service provider loads by name.
 */
function routeRegistrar(text: string): boolean {
  return (
    /\bfunction\s+\w+\s*\(\s*(?:\\?[\w\\]*\\)?(?:Registrar|Router)\s+\$router\b/.test(text) &&
    /\$router\s*->\s*(?:get|post|put|patch|delete|any|match|resource|apiResource)\s*\(/.test(text)
  );
}

export function phpServiceModel(
  repo: RepoIndex,
  code: CodeFacts,
  files: string[],
  frameworks: { has(n: string): boolean },
  reachable: (p: string) => boolean,
): PhpServiceModel {
  const routes: ServiceRoute[] = [];
  const middleware: ServiceMiddleware[] = [];
  const phpFiles = files.filter((f) => f.endsWith('.php'));
  const laravel = frameworks.has('laravel') ? 'laravel' : frameworks.has('lumen') ? 'lumen' : undefined;
  const includedBy = new Map<ServiceRoute, string>();
  if (laravel) {
    const loaders = laravelLoaders(code, phpFiles);
    // routes/*.php; Laravel 5.0–5.2's app/Http/routes.php; and route classes that register on the router handed to
    // them (`public function map(Registrar $router) { $router->get(…); }`, loaded by a RouteServiceProvider).
    const isRouteFile = (f: string): boolean =>
      (/(^|\/)routes\/[\w./-]+\.php$/.test(f) && !/(^|\/)routes\/(console|channels)\.php$/.test(f)) ||
      /(^|\/)app\/Http\/routes\.php$/.test(f) ||
      routeRegistrar(code.text(f) ?? '');
    const baseOf = (f: string): { prefix: string; middleware: string[] } => {
      const name = path.posix.basename(f);
      return (
        loaders.get(f) ??
        (name === 'api.php'
          ? { prefix: laravel === 'laravel' ? '/api' : '', middleware: ['api'] }
          : name === 'web.php'
            ? { prefix: '', middleware: ['web'] }
            : { prefix: '', middleware: [] })
      );
    };
    // Files included by another routes file inherit its prefix and middleware (and its reach).
    const included = new Map<string, { prefix: string; middleware: string[]; by: string }>();
    // A service provider may require route files inside its own groups (`Route::group(['middleware' => ['web',
    // 'auth']], function () { require base_path('routes/web-auth.php'); })`), and a class of the application's own
    // each module's routes file (`"$domainPath/routes.php"`).
    const namedFiles = new Map<string, string[]>();
    const named = (name: string): string[] => {
      let files = namedFiles.get(name);
      if (!files) {
        files = phpFiles.filter((f) => path.posix.basename(f) === name && /\bRoute::\w+\s*\(/.test(code.text(f) ?? ''));
        namedFiles.set(name, files);
      }
      return files;
    };
    for (const f of phpFiles) {
      const text = code.text(f) ?? '';
      const loadsModules = text.includes('Route::') && REQUIRE_VARIABLE.test(text);
      if (!isRouteFile(f) && !loaders.has(f) && !LARAVEL_LOADER_FILE.test(f) && !loadsModules) continue;
      for (const [target, opts] of laravelIncludes(f, text, baseOf(f), named))
        if (target !== f) included.set(target, { ...opts, by: f });
    }
    for (const f of phpFiles) {
      if (!isRouteFile(f) && !loaders.has(f) && !included.has(f)) continue;
      const inc = included.get(f);
      const fileRoutes = laravelFileRoutes(f, code.text(f) ?? '', inc ?? baseOf(f), laravel);
      if (inc) for (const r of fileRoutes) includedBy.set(r, inc.by);
      routes.push(...fileRoutes);
    }
    // Routes a service provider or bootstrap/app.php registers itself (`$this->routes(function () {
    // Route::get('health-check/up', …) })`, `withRouting(then: fn () => Route::…)`): Route facade calls only there.
    for (const f of phpFiles) {
      if (!LARAVEL_LOADER_FILE.test(f)) continue;
      const text = code.text(f) ?? '';
      if (/\bRoute::(?:get|post|put|patch|delete|any|match|view|redirect|resource|apiResource)\s*\(/.test(text))
        routes.push(...laravelFileRoutes(f, text, { prefix: '', middleware: [] }, laravel, true));
    }
    for (const f of phpFiles) routes.push(...spatieAttributeRoutes(f, code.text(f) ?? ''));
    const health = laravelHealthRoute(code, phpFiles);
    if (health) routes.push(health);
    middleware.push(...laravelMiddleware(code, phpFiles));
  }
  if (frameworks.has('slim') && !laravel) {
    // Slim: routes on the app or a group proxy (`$app->get(…)`, `$group->post(…)`) in any live PHP file, and the
    // application's own middleware (`$app->add(…)`, `$app->addBodyParsingMiddleware()`), which every route runs.
    const global: string[] = [];
    for (const f of phpFiles) {
      const text = code.text(f) ?? '';
      if (!/\$\w+\s*->\s*(?:get|post|put|patch|delete|any|map|group|add)\s*\(/.test(text)) continue;
      routes.push(...laravelFileRoutes(f, text, { prefix: '', middleware: [] }, 'slim'));
      const lines = text.split('\n');
      for (const m of text.matchAll(
        /\$app\s*->\s*(add|addErrorMiddleware|addBodyParsingMiddleware|addRoutingMiddleware)\s*\(/g,
      )) {
        const names =
          m[1] === 'add'
            ? middlewareNames(addedMiddleware(bracketBody(text, text.indexOf('(', m.index!))))
            : [m[1]!.replace(/^add/, '')];
        const line = lineAt(text, m.index!);
        for (const name of names) {
          global.push(name);
          middleware.push({ name, file: f, line, text: (lines[line - 1] ?? '').trim(), reached: false });
        }
      }
    }
    for (const r of routes)
      if (r.framework === 'slim' && global.length) r.middleware = [...new Set([...global, ...(r.middleware ?? [])])];
  }
  const mezzio = frameworks.has('mezzio') ? 'mezzio' : frameworks.has('laminas-mvc') ? 'laminas-mvc' : undefined;
  if (mezzio && !laravel && !frameworks.has('symfony')) {
    const model = mezzioModel(code, phpFiles, mezzio);
    routes.push(...model.routes);
    middleware.push(...model.middleware);
  }
  if (frameworks.has('codeigniter') && !laravel) {
    const model = codeigniterModel(code, phpFiles);
    routes.push(...model.routes);
    middleware.push(...model.middleware);
  }
  if (frameworks.has('utopia') && !laravel && !frameworks.has('symfony')) {
    const model = utopiaModel(code, phpFiles);
    routes.push(...model.routes);
    middleware.push(...model.middleware);
  }
  // nikic/fast-route used directly (no Slim, Mezzio or full-stack framework over it): the files that register on its
  // collector. A file a dispatcher factory runs (`cachedDispatcher(function (RouteCollector $r) { require
  // config_path('routes.php'); })`) reaches the routes it requires by name, as the factory runs it per request.
  if (frameworks.has('fast-route') && !laravel && !frameworks.has('symfony') && !frameworks.has('slim') && !mezzio) {
    const dispatchers = phpFiles.filter((f) => FAST_ROUTE_DISPATCHER.test(code.text(f) ?? ''));
    for (const f of phpFiles) {
      const text = code.text(f) ?? '';
      if (!FAST_ROUTE_COLLECTOR.test(text)) continue;
      const name = path.posix.basename(f);
      const by = dispatchers.find((d) => {
        const text = d !== f ? (code.text(d) ?? '') : '';
        return text.includes(`${name}'`) || text.includes(`${name}"`);
      });
      for (const r of fastRouteFileRoutes(f, text)) {
        if (by) includedBy.set(r, by);
        routes.push(r);
      }
    }
  }
  if (frameworks.has('symfony')) routes.push(...symfonyRoutes(repo, phpFiles));
  if (frameworks.has('symfony') || laravel) routes.push(...apiPlatformRoutes(repo, phpFiles));
  // CodeIgniter loads its route and filter configuration by file name, whatever includes what.
  const loadedByName = (f: string): boolean =>
    frameworks.has('codeigniter') && (CI_ROUTES_FILE.test(f) || CI_FILTERS_FILE.test(f));
  for (const r of routes) {
    const by = includedBy.get(r);
    r.reached =
      reachable(r.file) || !r.file.endsWith('.php') || (by !== undefined && reachable(by)) || loadedByName(r.file);
  }
  for (const m of middleware) m.reached = reachable(m.file) || loadedByName(m.file);
  return { routes, middleware };
}

/** FastRoute's collector (`use FastRoute\RouteCollector;`, a `\FastRoute\RouteCollector $r` parameter). */
const FAST_ROUTE_COLLECTOR = /\bFastRoute\\RouteCollector\b/;
/** A variable typed as FastRoute's collector: `RouteCollector $r` in a closure's parameters or an `@var` tag. */
const FAST_ROUTE_COLLECTOR_VARIABLE = /\bRouteCollector\s+\$(\w+)/g;
/** FastRoute's dispatcher factories, which run the function (or the file it requires) that registers the routes. */
const FAST_ROUTE_DISPATCHER = /\b(?:simpleDispatcher|cachedDispatcher)\s*\(/;
/** `$r->get('/x', …)` … `$r->head(…)`: FastRoute's shortcuts on the collector. */
const FAST_ROUTE_SHORTCUT = /\$\w+\s*->\s*(get|post|put|patch|delete|head)\s*\(\s*(['"])([^'"]*)\2/g;
/** `$r->addRoute('GET', '/x', …)`, `$r->addRoute(['GET', 'POST'], '/x', …)`. */
const FAST_ROUTE_ADD = /\$\w+\s*->\s*addRoute\s*\(\s*(\[[^\]]*\]|(['"])\w+\2)\s*,\s*(['"])([^'"]*)\3/g;
/** `$r->addGroup('/admin', function (RouteCollector $r) { … })`. */
const FAST_ROUTE_GROUP = /->\s*addGroup\s*\(\s*(['"])([^'"]*)\1\s*,/g;

/**
 * Routes of a file that registers them on nikic/fast-route's collector (Engelsystem's config/routes.php, a PSR-15
 * application's dispatcher set-up): the shortcuts and `addRoute` calls on the collector's variable (any variable when
 * the file types none), each under the prefixes of the `addGroup` closures around it. Slim and Mezzio register through
 * their own APIs and are read above.
 */
export function fastRouteFileRoutes(file: string, text: string): ServiceRoute[] {
  const groups: { start: number; end: number; prefix: string }[] = [];
  for (const g of text.matchAll(FAST_ROUTE_GROUP)) {
    const open = text.indexOf('(', g.index!);
    const args = bracketBody(text, open, 200_000);
    if (args !== undefined) groups.push({ start: open + 1, end: open + 1 + args.length, prefix: g[2]! });
  }
  const routes: ServiceRoute[] = [];
  const push = (at: number, methods: string[], p: string, rest: string): void => {
    const around = groups.filter((g) => g.start < at && at < g.end).sort((a, b) => a.start - b.start);
    const handler =
      /^\s*,\s*(?:\[\s*([\w\\]+)::class\s*,\s*['"](\w+)['"]\s*\]|['"]([\w\\]+@\w+)['"]|([\w\\]+)::class)/.exec(rest);
    const name = handler
      ? handler[1]
        ? `${handler[1].split('\\').pop()}@${handler[2]}`
        : (handler[3]?.split('\\').pop() ?? handler[4]!.split('\\').pop())
      : undefined;
    const line = lineAt(text, at);
    for (const method of methods)
      routes.push({
        method,
        path: p,
        file,
        line,
        framework: 'fast-route',
        ...(name ? { handler: name } : {}),
        fullPath: joinPath(...around.map((g) => g.prefix), p) || '/',
        reached: false,
      });
  };
  // The collector's variables, where the file types them (`function (RouteCollector $r)`, `/** @var RouteCollector
  // $route */`): a container's or a request's `->get('settings')` beside them is no route.
  const collectors = new Set([...text.matchAll(FAST_ROUTE_COLLECTOR_VARIABLE)].map((m) => m[1]!));
  const onCollector = (call: string): boolean => !collectors.size || collectors.has(/^\$(\w+)/.exec(call)?.[1] ?? '');
  for (const m of text.matchAll(FAST_ROUTE_SHORTCUT)) {
    if (!onCollector(m[0])) continue;
    push(m.index!, [m[1]!.toUpperCase()], m[3]!, text.slice(m.index! + m[0].length, m.index! + m[0].length + 200));
  }
  for (const m of text.matchAll(FAST_ROUTE_ADD)) {
    if (!onCollector(m[0])) continue;
    const methods = [...m[1]!.matchAll(/['"](\w+)['"]/g)].map((x) => x[1]!.toUpperCase());
    push(m.index!, methods, m[4]!, text.slice(m.index! + m[0].length, m.index! + m[0].length + 200));
  }
  return routes;
}

/**
 * The start of a class name a dispatcher builds from the request, a namespace joined with variables
 * (`$classname = 'Acme\\Domain\\'.$moduleName.'\\Controllers\\'.$actionName;`), up to its first `.`.
 */
const BUILT_CLASS_NAME = /\$(\w+)[ \t]*=[ \t]*(['"])\\{0,2}[A-Z]\w*(?:\\{1,2}\w+)*\\{1,2}\2[ \t]*\./g;
/** A request's path, read in segments or whole, or split at its slashes (`$request->segments()`, `explode('/', …)`). */
const REQUEST_PATH_READ =
  /->\s*(?:segments|getPathInfo|path)\s*\(\s*\)|\$_SERVER\s*\[\s*['"](?:REQUEST_URI|PATH_INFO)['"]|\bexplode\s*\(\s*(['"])\/\1/;
/** One piece of that expression: a string of namespace text, a variable, or the `.` joining them. */
const BUILT_CLASS_PIECE = /(['"])([\w\\]*)\1|\$(\w+)|\./g;

/**
 * Routes served by convention rather than a route table: a front controller that builds a controller's class name
 * from the request's path and loads it when it exists (`class_exists($classname)`, `new $classname`, `app()->make(…)`),
 * as Leantime's does for `/{module}/{action}`. The classes are found where composer's psr-4 autoload puts that
 * namespace, each at the path its names make, first letters lowered (`Status\Controllers\Index` is `/status`: an
 * action named Index is the default one). A variable the dispatcher sets from a literal (`$controllerType =
 * 'Controllers';`) picks a folder, not a path segment.
 */
export function conventionRoutes(
  repo: RepoIndex,
  code: CodeFacts,
  files: string[],
  roots: { prefix: string; dir: string }[],
  reachable: (p: string) => boolean,
): ServiceRoute[] {
  const routes = new Map<string, ServiceRoute>();
  const php = new Set(files.filter((f) => f.endsWith('.php')));
  for (const hit of repo.grep(BUILT_CLASS_NAME, { languages: ['php'], kinds: ['source'], limit: 20 })) {
    if (!php.has(hit.path)) continue;
    const text = code.text(hit.path) ?? '';
    if (!REQUEST_PATH_READ.test(text)) continue;
    for (const m of text.matchAll(BUILT_CLASS_NAME)) {
      const target = m[1]!;
      if (!new RegExp(String.raw`\b(?:class_exists|make)\s*\(\s*\$${target}\b|\bnew\s+\$${target}\b`).test(text))
        continue;
      const expr = text.slice(m.index! + m[0].indexOf('=') + 1, statementEnd(text, m.index!));
      // Anything else in the expression (a call, a ternary) is not a class name this can follow.
      if (expr.replace(BUILT_CLASS_PIECE, '').trim()) continue;
      const pieces = [...expr.matchAll(BUILT_CLASS_PIECE)].flatMap((p, i): ({ text: string } | { name: string })[] => {
        if (p[3]) return [{ name: p[3] }];
        if (p[2] === undefined) return [];
        const namespace = p[2].replace(/\\\\/g, '\\');
        return [{ text: i === 0 ? namespace.replace(/^\\/, '') : namespace }];
      });
      if (pieces.filter((p) => 'name' in p).length < 2) continue;
      const fixed = (name: string): string[] =>
        [...text.matchAll(new RegExp(String.raw`\$${name}\s*=\s*(['"])(\w+)\1\s*;`, 'g'))].map((v) => v[2]!);
      const pattern = pieces
        .map((p) => {
          if ('text' in p) return escapeRegExp(p.text);
          const values = fixed(p.name);
          return values.length ? `(?:${values.map(escapeRegExp).join('|')})` : '([A-Z]\\w*)';
        })
        .join('');
      const className = new RegExp(`^${pattern}$`);
      for (const root of roots) {
        for (const f of php) {
          if (routes.has(f) || !f.startsWith(`${root.dir}/`)) continue;
          const cls = root.prefix + f.slice(root.dir.length + 1, -'.php'.length).replaceAll('/', '\\');
          const names = className.exec(cls)?.slice(1);
          if (!names) continue;
          const source = code.text(f) ?? '';
          const declared = /^[ \t]*(?:final[ \t]+)?class[ \t]+\w+/m.exec(source);
          if (!declared) continue;
          if (names.length > 1 && names.at(-1) === 'Index') names.pop();
          const at = `/${names.map((n) => n[0]!.toLowerCase() + n.slice(1)).join('/')}`;
          routes.set(f, {
            method: 'ANY',
            path: at,
            fullPath: at,
            file: f,
            line: lineAt(source, declared.index),
            framework: 'php',
            handler: path.posix.basename(f, '.php'),
            reached: reachable(hit.path),
          });
        }
      }
    }
  }
  return [...routes.values()];
}

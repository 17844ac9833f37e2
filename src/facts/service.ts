import { sailsRoots, sailsServiceModel } from './routes-sails.js';
import path from 'node:path';
import type { RepoIndex } from '../repo/index.js';
import { escapeRegExp } from '../repo/text.js';
import type { CodeFacts } from './code.js';
import { implementedJaxRsContracts, phpWebRootScripts, symfonyFrameworkBundle } from './frameworks.js';
import { type ImportFacts, phpNamespaceRoots } from './imports.js';
import { bracketBody } from './code-scan.js';
import { isProductionPath, nextjsRoots, type LivenessFacts, SINATRA_APP } from './liveness.js';
import type { ManifestFacts } from './manifests.js';
import { pythonDecoratorCalls } from './python-syntax.js';
import { autoloadedPlugins, fastifyAutoloadDirs, fastifyAutoloadPrefixes } from './fastify-autoload.js';
import { detectFsRoutes } from './routes-fs.js';
import { nextRouteExports } from './next-route-exports.js';
import { gatewayPathRoutes, goPackageConstants, goRoutes, managerRoutes } from './routes-go.js';
import { constantsByReference, type OwnedConstant } from './constants.js';
import { resolveDotnetRoutes } from './routes-dotnet.js';
import { resolveRustRoutes, tonicTraitMethods } from './routes-rust.js';
import { scalaRoutes } from './routes-scala.js';
import { inPlayApp, playApps, playRoutes } from './play.js';
import type { RustFacts } from './rust.js';
import { elixirServiceModel } from './routes-elixir.js';
import { conventionRoutes, phpServiceModel } from './routes-php.js';
import { REMIX_ROUTES_IMPORT, remixRoutes } from './routes-remix.js';
import { TRPC_CANDIDATE, trpcRoutes } from './routes-trpc.js';
import { TS_SERVER_CANDIDATE, tsServerRoutes, type TsServerFacts, withoutOptionalGroups } from './routes-ts.js';
import { joinPath } from './url-path.js';

/**
 * The shared service model: its routes, mounts and middleware registrations, each marked `reached` when the file that
 * registers it is live (src/facts/liveness.ts: where the service starts and which files it loads).
 */
export interface ServiceRoute {
  /** Upper-case HTTP method, or 'ANY' when the registration accepts every method (Django path, Flask route without methods). */
  method: string;
  /** The path as written at the registration (a NestJS/Spring route joins the controller prefix, a Go route its Group prefix). */
  path: string;
  file: string;
  line: number;
  framework: string;
  handler?: string;
  /** The path with known mount prefixes applied (include_router prefix, register_blueprint url_prefix, app.use('/x', router), Rails namespace). */
  fullPath: string;
  /** The registering file is reached from an entrypoint. */
  reached: boolean;
  /** Handlers registered before the route's own handler, with those of the groups around it (Go: m.Get("/x", reqSignIn, h)). */
  middleware?: string[];
  /** The handler renders a server-side page (template, view name) rather than answering an API call. */
  page?: boolean;
  /** Registered only when the app runs in development (ASP.NET Core `if (app.Environment.IsDevelopment())`). */
  devOnly?: boolean;
}

export interface ServiceMiddleware {
  /** The registered thing as written: 'CORSMiddleware', 'cors', 'middleware.RequestID', 'corsheaders.middleware.CorsMiddleware'. */
  name: string;
  file: string;
  line: number;
  /** The registration text (first line, trimmed), for rules that inspect options. */
  text: string;
  reached: boolean;
  /**
   * JS/TS: when the registered name is a variable of the file, the function that made it
   * (`const secure = helmet({...}); app.use(secure)` → 'helmet'), so rules never depend on what it is called.
   */
  factory?: string;
  /**
   * JS/TS: the npm package the registered name (or what made it) was imported from, and the export used
   * (`oidc.auth` with `const oidc = require('express-openid-connect')` → { pkg: 'express-openid-connect', member:
   * 'auth' }), so rules never depend on what it is called.
   */
  from?: { pkg: string; member?: string };
  /** Registered only when the app runs in development. */
  devOnly?: boolean;
}

/**
 * tRPC adapters served under a path, with the router they serve: Express `app.use('/trpc', createExpressMiddleware({
 * router }))`, Hono `app.use('/trpc/*', trpcServer({ router }))`, Fastify `register(fastifyTRPCPlugin, { prefix,
 * trpcOptions: { router } })`, fetch `fetchRequestHandler({ endpoint, router })` (either order).
 */
const TRPC_ADAPTER_MOUNT =
  /\.use\(\s*["'`](\/[^"'`]*)["'`][^;]{0,300}?\b(?:createExpressMiddleware|trpcServer)\s*\(\s*\{[^;]{0,300}?\brouter\s*:\s*([\w$]+)|\bfastifyTRPCPlugin\b[^;]{0,200}?\bprefix\s*:\s*["'`](\/[^"'`]*)["'`][^;]{0,300}?\brouter\s*:\s*([\w$]+)|\bfetchRequestHandler\s*\(\s*\{[^;]{0,300}?(?:\brouter\s*:\s*([\w$]+)[^;]{0,300}?\bendpoint\s*:\s*["'`](\/[^"'`]*)["'`]|\bendpoint\s*:\s*["'`](\/[^"'`]*)["'`][^;]{0,300}?\brouter\s*:\s*([\w$]+))/g;

/** Every match of TRPC_ADAPTER_MOUNT names one of these adapters: files without any are not searched. */
const TRPC_ADAPTER_NAMES = /\b(?:createExpressMiddleware|trpcServer|fastifyTRPCPlugin|fetchRequestHandler)/;
// The route and mount patterns below are searched in every JavaScript/TypeScript file of every view; a file without
// their literals is skipped by its literal postings first (RepoIndex.mayMatch).
/** `api.add_namespace(ns, "/people")`: the namespace's routes under that path instead of its name. */
const NAMESPACE_ADDED_WITH_PATH = /\.add_namespace\(\s*(\w+)\s*,\s*(?:path\s*=\s*)?["']/;
/**
 * A flask-restx namespace assigned to a name: `ns = api.namespace("users", "User operations")` (with the Api it is
 * made on), `ns = Namespace("users", path="/people")`; its name and the rest of the line (a `path=`).
 */
const NAMESPACE_DECLARATION =
  /^([A-Za-z_]\w*)[ \t]*=[ \t]*(?:([\w.]+)\.namespace|(?:\w+\.)?Namespace)\([ \t]*["']([\w.-]+)["']([^\n]*)/gm;

/** Hapi `server.route({ method, path })` and Fastify `route({ method, url })`. Every match holds `method:`. */
const ROUTE_OBJECT =
  /\bmethod\s*:\s*\[?\s*["'](\w+)["'][^}]{0,300}?\b(?:path|url)\s*:\s*(?:[\w$.]+\s*\+\s*)?["'`]([^"'`]*)["'`]|\b(?:path|url)\s*:\s*(?:[\w$.]+\s*\+\s*)?["'`]([^"'`]*)["'`][^}]{0,300}?\bmethod\s*:\s*\[?\s*["'](\w+)["']/g;
const NEST_CONTROLLER = /@Controller\(\s*(?:["'`]([^"'`]*)["'`]|\{[^}]*path\s*:\s*["'`]([^"'`]*)["'`][^}]*\})?\s*\)/;
/** inversify-express-utils controllers: `@controller('/items', AuthMiddleware)`, with `@httpGet('/:id')` on methods. */
const INVERSIFY_CONTROLLER = /@controller\(\s*["'`]([^"'`]*)["'`]/;
const INVERSIFY_ROUTE =
  /@(?:http(Get|Post|Put|Delete|Patch|Head|Options)|(all))\(\s*(?:["'`]([^"'`]*)["'`])?[^)\n]*\)/g;
/** `app.use('/items', items)`, `app.use('/v1', require('./v1'))`, `this.useWithMiddleware('/auth', new X(…).router)`. */
const USE_MOUNT =
  /\.use(?:With\w+)?\(\s*["'`](\/[^"'`]*)["'`]\s*,\s*(?:[\w$.]+\s*,\s*)*(?:require\(\s*["'`]([^"'`]+)["'`]\s*\)|new\s+([\w$]+)\s*\(|([\w$]+))/g;
/** `router.use(r.path, r.route)` in a loop over a table of routers. */
const USE_TABLE_LOOP = /\.use\(\s*([\w$]+)\.(\w+)\s*,\s*(?:[\w$.]+\s*,\s*)*\1\.(\w+)\s*\)/g;
const REGISTER_PREFIX =
  /\.register\(\s*(?:import\([^)]*\)|require\([^)]*\)|([\w$]+))\s*,\s*\{[^}]*\bprefix\s*:\s*["'`]([^"'`]*)["'`]/g;
const ROUTER_PREFIX =
  /new\s+Router\(\s*\{[^}]*\bprefix\s*:\s*["'`]([^"'`]*)["'`]|\.prefix\(\s*["'`]([^"'`]*)["'`]\s*\)|setGlobalPrefix\(\s*["'`]([^"'`]*)["'`]/g;

export interface ServiceMount {
  prefix: string;
  file: string;
  line: number;
  /** The file whose routes get the prefix, when it could be resolved. */
  target?: string;
  /** For a sub-application mounted in its own file (app.mount("/v1", v1)): only routes registered on this object get the prefix. */
  receiver?: string;
}

export interface ServiceFacts {
  routes: ServiceRoute[];
  middleware: ServiceMiddleware[];
  mounts: ServiceMount[];
  /**
   * ASP.NET Core: the project's own attributes deriving (at any depth) from AuthorizeAttribute, without the Attribute
   * suffix (`HasPermission`). Read once with the routes; authentication facts count their usages too.
   */
  dotnetAuthorizeAttributes?: ReadonlySet<string>;
  /** A plain PHP front controller: it dispatches paths of its own that no route here records. */
  unreadDispatch?: string;
}

const HTTP_METHODS = 'get|post|put|delete|patch|head|options|all';
/** A file naming a procedure or a router (`publicProcedure`, `appRouter`): one that may build a tRPC router. */
const TRPC_PROCEDURE_OR_ROUTER = /[pP]rocedure\b|\w[rR]outer\b/;
/** An Oak import: deno.land/x/oak, jsr:@oak/oak, npm:@oakserver/oak, or an import-map name for them. */
const OAK_IMPORT = /["'](?:https:\/\/deno\.land\/x\/oak\b[^"']*|(?:jsr:|npm:)?@oak(?:server)?\/oak\b[^"']*)["']/;

/** The name a mount's child expression starts with: `items` of `items.router`, `wellKnown` of `wellKnown(base)`. */
function calleeName(child: string): string {
  return /^(?:new\s+)?([\w$]+)/.exec(child.trim())?.[1] ?? '';
}

/** The argument text of a call from just after its first argument to its closing parenthesis (nested calls kept). */
function balancedArgs(text: string, from: number): string {
  let depth = 1;
  let i = from;
  for (; i < text.length && depth > 0 && i - from < 2000; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
  }
  return text.slice(from, i - 1);
}

export function detectService(
  repo: RepoIndex,
  imports: ImportFacts,
  manifests: ManifestFacts,
  liveness: LivenessFacts,
  code: CodeFacts,
  stacks: { rust?: RustFacts; dotnet?: boolean; phpFront?: string } = {},
): ServiceFacts {
  const prod = repo.files.filter((f) => f.kind === 'source' && !f.isTest && !f.tooLarge);
  const prodPaths = prod.map((f) => f.path);
  const reachable = liveness.isLive;
  const nextRoots = nextjsRoots(manifests);
  const { routes, mounts } = extractRoutes(repo, code, prodPaths, imports, reachable, nextRoots);
  // File-system routes (SvelteKit, Nuxt/Nitro, Remix/React Router, Astro, Vercel and Netlify functions).
  for (const r of detectFsRoutes(repo, manifests).routes) {
    if (!code.isCode(r.file, r.line) && r.line > 1) continue;
    routes.push({
      method: r.method,
      path: r.path,
      fullPath: r.path,
      file: r.file,
      line: r.line,
      framework: r.framework,
      reached: reachable(r.file),
      ...(r.handler ? { handler: r.handler } : {}),
      ...(r.page ? { page: true } : {}),
    });
  }
  const middleware = extractMiddleware(repo, code, prodPaths, reachable);
  if (stacks.rust?.crates.length) {
    const rust = resolveRustRoutes(repo, prodPaths, stacks.rust, (file) => imports.byFile.get(file) ?? [], reachable);
    routes.push(...rust.routes);
    middleware.push(...rust.middleware);
  }
  // PHP and Elixir: routes and middleware of the frameworks their manifests declare (src/facts/routes-php.ts, routes-elixir.ts).
  const PHP_PACKAGES: Record<string, string[]> = {
    laravel: ['laravel/framework'],
    lumen: ['laravel/lumen-framework'],
    symfony: ['symfony/framework-bundle'],
    slim: ['slim/slim'],
    mezzio: ['mezzio/mezzio', 'zendframework/zend-expressive'],
    'laminas-mvc': ['laminas/laminas-mvc', 'zendframework/zend-mvc'],
    codeigniter: ['codeigniter4/framework', 'codeigniter4/codeigniter4'],
    utopia: ['utopia-php/http', 'utopia-php/framework'],
    'fast-route': ['nikic/fast-route'],
  };
  // An application on Symfony's HttpKernel and Router without the FrameworkBundle routes the same way (#[Route]), as
  // does one whose FrameworkBundle comes through another bundle.
  const symfonyComponents = (): boolean =>
    (!!manifests.declared('php', 'symfony/http-kernel') && !!manifests.declared('php', 'symfony/routing')) ||
    !!symfonyFrameworkBundle(repo, manifests);
  const php = {
    has: (n: string): boolean =>
      (PHP_PACKAGES[n] ?? []).some((pkg) => !!manifests.declared('php', pkg)) ||
      (n === 'symfony' && symfonyComponents()),
  };
  if (Object.keys(PHP_PACKAGES).some((n) => php.has(n))) {
    const model = phpServiceModel(repo, code, prodPaths, php, reachable);
    routes.push(...model.routes);
    middleware.push(...model.middleware);
  }
  if (prod.some((f) => f.language === 'php'))
    routes.push(...conventionRoutes(repo, code, prodPaths, phpNamespaceRoots(repo), reachable));
  // Plain PHP (no framework package): the web server runs each script of the web root at the URL of its file name. A
  // script answering JSON or XML itself is an endpoint (a healthcheck.php); the others render the application's pages
  // and files, like the front controller, whose dispatched paths are not read (unreadDispatch).
  if (stacks.phpFront)
    for (const { path: file, data } of phpWebRootScripts(repo, stacks.phpFront)) {
      if (file === stacks.phpFront || !data) continue;
      const at = `/${path.posix.basename(file)}`;
      routes.push({ method: 'ANY', path: at, fullPath: at, file, line: 1, framework: 'php', reached: reachable(file) });
    }
  if (
    manifests.declared('elixir', 'phoenix') ||
    manifests.declared('elixir', 'plug_cowboy') ||
    manifests.declared('elixir', 'bandit')
  ) {
    const model = elixirServiceModel(repo, code, prodPaths, reachable);
    routes.push(...model.routes);
    middleware.push(...model.middleware);
  }
  const scalaFiles = prod.filter((f) => f.language === 'scala').map((f) => f.path);
  if (scalaFiles.length) routes.push(...scalaRoutes(repo, scalaFiles, reachable));
  // Play: the routes files' actions, reached when the application's compiled controllers are.
  for (const app of playApps(repo))
    routes.push(
      ...playRoutes(
        repo,
        app,
        prod.some((f) => inPlayApp([app], f.path) && reachable(f.path)),
      ),
    );
  // Otto (Ruby): each application's routes file lists `GET /health  Core::Controllers::Health#index` lines; the Rack
  // application the rackup file runs dispatches them to that class's method.
  if (manifests.declared('ruby', 'otto'))
    for (const f of repo.files) {
      if (!/(?:^|\/)routes(?:\.txt)?$/.test(f.path) || f.isTest || !isProductionPath(f.path)) continue;
      for (const m of (repo.read(f.path) ?? '').matchAll(OTTO_ROUTE_LINE))
        routes.push({
          method: m[1]!,
          path: m[2]!,
          fullPath: joinPath(m[2]!),
          file: f.path,
          line: repo.lineAt(f.path, m.index!),
          framework: 'otto',
          handler: m[3]!,
          reached: true,
        });
    }
  const sails = sailsRoots(repo, manifests);
  if (sails.length) {
    const model = sailsServiceModel(repo, sails);
    routes.push(...model.routes);
    middleware.push(...model.middleware);
  }
  // Package plugins that @fastify/autoload registers from a folder of modules exporting them.
  for (const p of autoloadedPlugins(repo, fastifyAutoloadDirs(repo, prodPaths), prodPaths))
    middleware.push({
      name: p.name,
      factory: p.pkg.split('/').pop()!,
      from: { pkg: p.pkg },
      file: p.file,
      line: p.line,
      text: p.text,
      reached: reachable(p.file),
    });
  // Hooks and server middleware the framework loads by file name (hooks.server.ts handle, server/middleware/*).
  for (const m of detectFsRoutes(repo, manifests).middleware) middleware.push({ ...m, reached: reachable(m.file) });
  const dispatch = stacks.phpFront ? { unreadDispatch: stacks.phpFront } : {};
  if (stacks.dotnet && prod.some((f) => f.language === 'csharp' || f.language === 'fsharp')) {
    const dotnet = resolveDotnetRoutes(
      repo,
      prod.filter((f) => f.language === 'csharp' || f.language === 'fsharp').map((f) => f.path),
      reachable,
    );
    routes.push(...dotnet.routes);
    middleware.push(...dotnet.middleware);
    return { routes, middleware, mounts, ...dispatch, dotnetAuthorizeAttributes: dotnet.authorizeAttributes };
  }
  return { routes, middleware, mounts, ...dispatch };
}

interface Raw {
  receiver?: string;
  method: string;
  path: string;
  file: string;
  line: number;
  framework: string;
  handler?: string;
  middleware?: string[];
  page?: boolean;
}

/** Where each Go function of a file is defined: `^func (recv) Name(` or `^func Name(` — name → first offset; methods. */
interface GoDefs {
  first: Map<string, number>;
  methods: Set<string>;
}
const GO_FUNC_START = /^func/gm;
const GO_FUNC_DEF = /func\s+(\([^)]*\)\s*)?(\w+)\s*\(/y;

/**
 * The functions a Go file defines, read once per repository file (every route handler and call mount of every view
 * asks): the same answer as testing `^func\s+(?:\([^)]*\)\s*)?NAME\s*\(` (multiline) for each NAME, since at each
 * `func` line start the receiver part is taken exactly when the next character is `(`, and the name is a whole word.
 */
function goDefs(repo: RepoIndex, file: string): GoDefs {
  return repo.fileMemo('go-defs', file, () => {
    const text = repo.read(file) ?? '';
    const first = new Map<string, number>();
    const methods = new Set<string>();
    if (!text.includes('func')) return { first, methods };
    for (const start of text.matchAll(GO_FUNC_START)) {
      GO_FUNC_DEF.lastIndex = start.index!;
      const m = GO_FUNC_DEF.exec(text);
      if (!m) continue;
      if (!first.has(m[2]!)) first.set(m[2]!, start.index!);
      if (m[1] !== undefined) methods.add(m[2]!);
    }
    return { first, methods };
  });
}

interface GoFiles {
  all: string[];
  byDir: Map<string, string[]>;
  /** Per method name, the files defining a method of that name (see goMethodFiles). */
  byMethod?: Map<string, string[]>;
}

/** The Go files of a file list, and those per folder: kept per list (every view passes its own, many times). */
const goFileLists = new WeakMap<string[], GoFiles>();
function goFilesOf(files: string[]): GoFiles {
  let v = goFileLists.get(files);
  if (!v) {
    const all = files.filter((f) => f.endsWith('.go'));
    const byDir = new Map<string, string[]>();
    for (const f of all) {
      const d = path.posix.dirname(f);
      const list = byDir.get(d);
      if (list) list.push(f);
      else byDir.set(d, [f]);
    }
    v = { all, byDir };
    goFileLists.set(files, v);
  }
  return v;
}

/** The Go file defining the function a call names: `apiv1.RegisterRoutes` (an imported package), `registerAPI` (same package), `h.Register` (a unique method). */
function goFunctionFile(
  repo: RepoIndex,
  files: string[],
  imports: ImportFacts,
  from: string,
  callee: string,
  offset?: number,
): string | undefined {
  const parts = callee.split('.');
  const name = parts.pop()!;
  const qual = parts[0];
  // A name that is not one word reads as a pattern in the definition test: keep that reading (no such callee is
  // known; the callers pass words).
  const word = /^\w+$/.test(name);
  const def = word ? undefined : new RegExp(`^func\\s+(?:\\([^)]*\\)\\s*)?${name}\\s*\\(`, 'm');
  const defines = (f: string) => (def ? def.test(repo.read(f) ?? '') : goDefs(repo, f).first.has(name));
  const go = goFilesOf(files);
  const inDir = (dir: string) => (go.byDir.get(dir) ?? []).find(defines);
  if (!qual) return inDir(path.posix.dirname(from));
  // An import named by its alias (`acmeAPI ".../acme/api"`) is not the package `api` of another import.
  const importedDir = (pkg: string) =>
    (imports.byFile.get(from) ?? []).find((r) => {
      const alias = /^\s*(?:import\s+)?(?!import\b)([\w.]+)\s+"/.exec(repo.lineText(from, r.line) ?? '')?.[1];
      return r.local && (alias ?? r.module.split('/').pop()) === pkg;
    })?.local;
  const qualDir = importedDir(qual);
  if (qualDir) return inDir(qualDir);
  // A method on a value another package made (`userHandler := user.NewHandler(store)` then
  // `userHandler.RegisterRoutes(api)`): that package's folder defines it, however many packages name a method alike.
  const maker = word && offset !== undefined ? goValuePackage(repo.read(from) ?? '', qual!, offset) : undefined;
  const makerDir = maker === undefined ? undefined : importedDir(maker);
  const made = makerDir === undefined ? undefined : inDir(makerDir);
  if (made) return made;
  // A method on a value (h.Register): only when one file defines a method of that name.
  if (word) {
    const defining = goMethodFiles(repo, go).get(name);
    return defining?.length === 1 ? defining[0] : undefined;
  }
  const methodDef = new RegExp(`^func\\s+\\([^)]*\\)\\s*${name}\\s*\\(`, 'm');
  let hit: string | undefined;
  for (const f of go.all) {
    if (!methodDef.test(repo.read(f) ?? '')) continue;
    if (hit !== undefined) return undefined;
    hit = f;
  }
  return hit;
}

/**
 * The package whose function or literal made a Go value, read from the value's last assignment before `offset` in the
 * same function: `h := user.NewHandler(s)`, `h, err := cart.New(…)`, `h := &product.Handler{…}`, `var h = order.New(…)`.
 * Undefined when the function assigns it otherwise (or not at all).
 */
function goValuePackage(text: string, name: string, offset: number): string | undefined {
  if (!/^\w+$/.test(name)) return undefined;
  const start = text.lastIndexOf('\nfunc ', offset);
  const body = text.slice(start < 0 ? 0 : start, offset);
  let pkg: string | undefined;
  for (const m of body.matchAll(
    new RegExp(`(?<![\\w.])${name}(?:\\s*,\\s*\\w+)*\\s*:?=\\s*(?:&\\s*)?(\\w+)\\.[A-Za-z]\\w*\\s*[({]`, 'g'),
  ))
    pkg = m[1];
  return pkg;
}

/** The files of a list defining each method name, made once per list: call mounts ask for one name after another. */
function goMethodFiles(repo: RepoIndex, go: GoFiles): Map<string, string[]> {
  if (!go.byMethod) {
    go.byMethod = new Map();
    for (const f of go.all)
      for (const name of goDefs(repo, f).methods) {
        const list = go.byMethod.get(name);
        if (list) list.push(f);
        else go.byMethod.set(name, [f]);
      }
  }
  return go.byMethod;
}

/**
 * Hono/Elysia/h3 registrations of a file, parsed once per audit (undefined when the file creates no such application):
 * a function of the file's text and extension, so every component's view shares the repository file's parse.
 */
function tsServerFile(repo: RepoIndex, file: string, text: string): TsServerFacts | undefined {
  return repo.fileMemo('ts-server', file, () => {
    const t = TS_SERVER_CANDIDATE.test(text) ? tsServerRoutes(file, text) : undefined;
    return t && (t.apps.length || t.routes.length || t.middleware.length) ? t : undefined;
  });
}

/**
 * The call a chained `.prefix(` closes when it is a route group's: `group(…)` ending right before the dot, whose
 * parentheses hold a callback. Offsets of its opening and closing parentheses.
 */
function groupCallOf(text: string, dot: number): { open: number; close: number } | undefined {
  let i = dot - 1;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  if (text[i] !== ')') return undefined;
  const close = i;
  let depth = 0;
  for (; i >= 0; i--) {
    const c = text[i];
    if (c === ')') depth++;
    else if (c === '(' && --depth === 0) break;
  }
  if (i < 0 || !/\bgroup\s*$/.test(text.slice(Math.max(0, i - 20), i))) return undefined;
  return /^\(\s*(?:async\s*)?(?:\(\s*\)|function\s*\(\s*\))\s*(?:=>|\{)/.test(text.slice(i, i + 40))
    ? { open: i, close }
    : undefined;
}

/** TypeScript type arguments of a call (`router.get<{}, { status: string }>(…)`): bounded, no parentheses. */
const TYPE_ARGS = String.raw`(?:<[^()<>\n]{0,120}>|<[^()\n]{0,120}?<[^()\n]{0,120}?>[^()<>\n]{0,60}>)?`;
/** Fastify's type-provider step before a route (`fastify.withTypeProvider<ZodTypeProvider>().get('/x', …)`). */
const TYPE_PROVIDER = String.raw`(?:\s*\.\s*withTypeProvider\s*(?:<[^()<>\n]{0,80}>)?\s*\(\s*\))?`;
/**
 * `app.get('/path'` and the like (`router.get<Params, Body>('/path'` in TypeScript, on Fastify's type provider):
 * receiver, method, path.
 */
const NODE_ROUTE_CALL = new RegExp(
  `(?<![\\w$])([\\w$]+(?:\\.[\\w$]+)?)${TYPE_PROVIDER}\\s*\\.\\s*(${HTTP_METHODS}|del|route)\\s*${TYPE_ARGS}\\(\\s*["'\`](\\/[^"'\`]*)["'\`]`,
  'g',
);
/**
 * Receivers whose `.get(`/`.put(`/`.delete(` are not route registrations: HTTP clients, test agents and browser pages,
 * maps, caches and stores, request parts and settings.
 */
export const NOT_A_ROUTER =
  /^(axios|got|ky|superagent|request|https?|client|httpClient|fetch|supertest|agent|cy|page|\$http|this\.http(?:Service)?|map|cache|store|redis|params|query|searchParams|headers|router\.query|config|process\.env|localStorage|sessionStorage|res|req|ctx\.request|Object|Reflect)$/i;
/** What every match of NODE_ROUTE_CALL contains (its part from the dot on). */
const NODE_ROUTE_CALL_TAIL = new RegExp(`\\.\\s*(?:${HTTP_METHODS}|del|route)\\s*${TYPE_ARGS}\\(\\s*["'\`]\\/`);

/** A route call whose path is a constant (`app.get(ROUTES.health, …)`, or on a chain after a call: `).get(PATH, …)`). */
const NODE_ROUTE_CONST_CALL = new RegExp(
  `(?:(?<![\\w$])([\\w$]+(?:\\.[\\w$]+)?)|(\\)))\\s*\\.\\s*(${HTTP_METHODS})\\s*\\(\\s*([A-Za-z_$][\\w$]*(?:\\.[\\w$]+)?)\\s*,`,
  'g',
);
const NODE_ROUTE_CONST_TAIL = new RegExp(`\\.\\s*(?:${HTTP_METHODS})\\s*\\(\\s*[A-Za-z_$][\\w$]*(?:\\.[\\w$]+)?\\s*,`);
/** A route call whose path is a computed prefix and a literal tail (`base + '/health'`, `` `${prefix}/health` ``). */
const NODE_ROUTE_PREFIXED_CALL = new RegExp(
  `(?<![\\w$])([\\w$]+(?:\\.[\\w$]+)?)\\s*\\.\\s*(${HTTP_METHODS})\\s*\\(\\s*(?:[\\w$.]+\\s*\\+\\s*["'](\\/[^"'\\n]*)["']|\`\\$\\{\\s*[\\w$.]+\\s*\\}(\\/[^\`$\\n]*)\`)\\s*,`,
  'g',
);
const NODE_ROUTE_PREFIXED_TAIL = new RegExp(
  `\\.\\s*(?:${HTTP_METHODS})\\s*\\(\\s*(?:[\\w$.]+\\s*\\+\\s*["']\\/|\`\\$\\{)`,
);
/** A request handler among the next arguments: `(req, res) =>`, `req =>`, `function (req, …)`, `async (ctx) =>`. */
const REQUEST_HANDLER_AHEAD =
  /^[^;]*?(?:\(\s*(?:req|request|ctx|c)\b|\b(?:req|request|ctx)\s*=>|function\s*[\w$]*\s*\(\s*(?:req|request|ctx)\b)/;

/**
 * The path literal a constant holds in this file: `const HEALTH = '/healthz'` (Kotlin `const val`, Java `static final
 * String`), or a key of an object constant (`const ENDPOINTS = { health: '/healthz' }` for `ENDPOINTS.health`).
 * Undefined when the file does not define it.
 */
function constantPath(text: string, ref: string): string | undefined {
  const [name, key] = ref.split('.') as [string, string | undefined];
  const decl = new RegExp(
    `\\b(?:const(?:\\s+val)?|let|var|static\\s+final\\s+String)\\s+${escapeRegExp(name)}\\s*(?::[^=\\n]+)?=\\s*`,
  ).exec(text);
  if (!decl) return undefined;
  const rest = text.slice(decl.index + decl[0].length);
  if (!key) return /^["'`](\/[^"'`$]*)["'`]/.exec(rest)?.[1];
  if (!rest.startsWith('{')) return undefined;
  const end = rest.indexOf('}');
  const body = end > 0 ? rest.slice(0, end) : '';
  return new RegExp(`[{,\\s]["']?${escapeRegExp(key)}["']?\\s*:\\s*["'\`](\\/[^"'\`$]*)["'\`]`).exec(body)?.[1];
}

/**
 * Python functions of the project around Flask's add_url_rule. `lists`: those registering a rule per item of a list
 * they are given (`def register_view(bp, routes, view_func): for route in routes: bp.add_url_rule(route, …)`), whose
 * calls are routes. `decorators`: decorator factories registering the function they wrap on a blueprint and rule they
 * are given (`def json_api(blueprint, url_rule): … blueprint.add_url_rule(url_rule, view_func=wrapper,
 * methods=["POST"])`), with the methods they register; `@json_api(bp, "/v1/x")` is a route.
 */
function flaskUrlRuleHelpers(repo: RepoIndex, files: string[]): { lists: string[]; decorators: Map<string, string[]> } {
  const lists: string[] = [];
  const decorators = new Map<string, string[]>();
  for (const file of files) {
    if (repo.get(file)?.language !== 'python') continue;
    const text = repo.read(file);
    if (!text?.includes('.add_url_rule(')) continue;
    const lines = text.split('\n');
    lines.forEach((l, i) => {
      const def = /^(\s*)def\s+(\w+)\s*\(([^)]*)\)/.exec(l);
      if (!def) return;
      const body = [];
      for (let j = i + 1; j < lines.length; j++) {
        const b = lines[j]!;
        if (b.trim() && /^\s*/.exec(b)![0].length <= def[1]!.length) break;
        body.push(b);
      }
      const block = body.join('\n');
      if (/^\s*for\s+\w+\s+in\s+\w+\s*:/m.test(block) && /\.add_url_rule\(/.test(block)) lists.push(def[2]!);
      const params = [...def[3]!.matchAll(/(?:^|,)\s*(\w+)/g)].map((p) => p[1]!);
      const [target, rule] = params;
      if (def[1] || !target || !rule) return;
      const call = new RegExp(
        `\\b${escapeRegExp(target)}\\.add_url_rule\\(\\s*${escapeRegExp(rule)}\\s*,([^\\n]*)`,
      ).exec(block);
      if (!call) return;
      const listed = /\bmethods\s*=\s*[[(]([^\])]*)[\])]/.exec(call[1]!)?.[1] ?? '';
      const methods = [...listed.matchAll(/["'](\w+)["']/g)].map((x) => x[1]!.toUpperCase());
      decorators.set(def[2]!, methods.length ? [...new Set(methods)] : ['GET']);
    });
  }
  return { lists: [...new Set(lists)], decorators };
}

function extractRoutes(
  repo: RepoIndex,
  code: CodeFacts,
  files: string[],
  imports: ImportFacts,
  reachable: (p: string) => boolean,
  nextRoots: string[] = ['.'],
): { routes: ServiceRoute[]; mounts: ServiceMount[] } {
  const raw: Raw[] = [];
  /** Route groups with a prefix of their own: the lines of the group's callback and the prefix. */
  const groupPrefixes: { file: string; from: number; to: number; prefix: string }[] = [];
  const mounts: ServiceMount[] = [];
  const includedVia = new Map<ServiceMount, string>();
  /** A mount of a Python blueprint or router: the expression registered (`api.health`, `apiv1`). */
  const nestedChild = new Map<ServiceMount, string>();
  /** The blueprint or router a mount was registered on: a variable of the same file, or a module's object. */
  const nestedParent = new Map<
    ServiceMount,
    { local: string; own: string; blueprint: boolean } | { file: string; attr: string }
  >();
  /**
   * The module that defines `pkg.name` (a blueprint reached through a package: `import app.controller as api` then
   * `api.health`), following the package's re-exports (`from .health_controller import health`, `from .auth import *`).
   */
  const pyAttributeOf = (file: string, dotted: string): string | undefined => {
    const parts = dotted.split('.');
    if (parts.length < 2) return undefined;
    const attr = parts.pop()!;
    const head = parts[0]!;
    // `import app.controller as api` (localOf leaves packages out when it reads import lines) or `from app import views`.
    const alias = new RegExp(`\\bimport\\s+[\\w.]+\\s+as\\s+${head}\\b`);
    const start =
      localOf(file, head) ??
      (imports.byFile.get(file) ?? []).find((r) => r.local && alias.test(repo.lineText(file, r.line) ?? ''))?.local;
    if (!start) return undefined;
    const defines = (p: string): boolean => new RegExp(`^${attr}\\s*[:=]`, 'm').test(repo.read(p) ?? '');
    const seen = new Set<string>();
    const walk = (p: string, depth: number): string | undefined => {
      if (seen.has(p) || depth > 4) return undefined;
      seen.add(p);
      if (defines(p)) return p;
      const refs = (imports.byFile.get(p) ?? []).filter((r) => r.local);
      const attrRe = new RegExp(`\\bimport\\b[^\\n]*\\b${attr}\\b`);
      const named = refs.find((r) => attrRe.test(repo.lineText(p, r.line) ?? ''));
      if (named) return walk(named.local!, depth + 1) ?? named.local;
      for (const r of refs)
        if (/\bimport\s+\*/.test(repo.lineText(p, r.line) ?? '')) {
          const found = walk(r.local!, depth + 1);
          if (found) return found;
        }
      return undefined;
    };
    return walk(start, 0);
  };
  const filePrefix = new Map<string, string>();
  /** Per file, the last name of each resolved import's module and the file of the first import naming it. */
  const byLastName = new Map<string, Map<string, string>>();
  const lastNamesOf = (file: string): Map<string, string> => {
    let names = byLastName.get(file);
    if (!names) {
      names = new Map();
      for (const r of imports.byFile.get(file) ?? []) {
        if (!r.local) continue;
        const last = r.module
          .replace(/\.[cm]?[jt]sx?$/, '')
          .split(/[./]/)
          .filter(Boolean)
          .pop();
        if (last !== undefined && !names.has(last)) names.set(last, r.local);
      }
      byLastName.set(file, names);
    }
    return names;
  };
  const localOf = (file: string, ident: string): string | undefined => {
    // The file an identifier was imported from: `from app.routers import health` / `const items = require('./routes/items')`.
    // (The module names are split once per file: a file with many mounts asked this for each.)
    const exact = lastNamesOf(file).get(ident);
    if (exact !== undefined) return exact;
    const refs = (imports.byFile.get(file) ?? []).filter((r) => r.local);
    // `const items = require('./routes/items')` / `import itemsRouter from './routes/items'`: the name is on the import line.
    // Only a name is looked up: a mount's argument may be any expression (`app.route("/", wellKnown(\n (env.X)))`).
    if (!/^[\w$]+$/.test(ident)) return undefined;
    const re = new RegExp(`\\b${ident.replace(/\$/g, '\\$')}\\b`);
    return refs.find((r) => !r.local!.endsWith('__init__.py') && re.test(repo.lineText(file, r.line) ?? ''))?.local;
  };
  const usesTrpc = !!imports.firstUse('@trpc/server');
  const usesPyramid = !!imports.firstUse(/^(?:pyramid|cornice)$/);
  const usesRestx = !!imports.firstUse(/^flask_rest(?:x|plus)(?:\.|$)/);
  /** flask-restx namespaces (`${file}\0${variable}`) and the path their routes sit under (`/name` unless `path=`). */
  const namespacePrefix = new Map<string, string>();
  let namespacesGivenAPath: Set<string> | undefined;
  /**
   * The path a flask-restx Api serves under: `api = Api(apiv1, prefix="/v1")` where `apiv1 = Blueprint(…,
   * url_prefix="/api")`, found where the receiver is assigned (this file or the module it is imported from).
   */
  const restxApiPrefix = (file: string, text: string, receiver: string): string => {
    const name = receiver.split('.').pop()!;
    const made = new RegExp(`^${name}[ \\t]*=[ \\t]*(?:\\w+\\.)?\\w*Api\\(([^)]*)\\)`, 'm');
    const home = made.test(text) ? file : (localOf(file, name) ?? pyAttributeOf(file, receiver));
    const t = home === file ? text : home ? (repo.read(home) ?? '') : '';
    const api = made.exec(t);
    if (!api) return '';
    const own = /\bprefix\s*=\s*["']([^"']*)["']/.exec(api[1]!)?.[1] ?? '';
    const bp = /^\s*(?:app\s*=\s*)?([A-Za-z_]\w*)\s*(?:,|$)/.exec(api[1]!)?.[1];
    const declared = bp && new RegExp(`^${bp}[ \\t]*=[ \\t]*(?:\\w+\\.)?Blueprint\\(([^)]*)\\)`, 'm').exec(t)?.[1];
    return joinPath((declared && /\burl_prefix\s*=\s*["']([^"']*)["']/.exec(declared)?.[1]) || '', own);
  };
  const urlRuleHelpers = flaskUrlRuleHelpers(repo, files);
  let contracts: ReadonlySet<string> | undefined;
  const jaxRsContracts = (): ReadonlySet<string> => (contracts ??= implementedJaxRsContracts(repo));
  const jvmPaths = jvmConstants(repo, files);
  let ktorFunctions: Map<string, string[]> | undefined;
  const ktorRouteFunctions = (): Map<string, string[]> => {
    if (!ktorFunctions) {
      ktorFunctions = new Map();
      for (const file of files)
        if (repo.get(file)?.language === 'kotlin')
          for (const m of repo.read(file)?.matchAll(KTOR_ROUTE_FUNCTION) ?? [])
            ktorFunctions.set(m[1]!, [...(ktorFunctions.get(m[1]!) ?? []), file]);
    }
    return ktorFunctions;
  };
  for (const file of files) {
    const text = repo.read(file);
    if (text === undefined) continue;
    const f = repo.get(file)!;
    const tsServerOf = (p: string, t: string) => tsServerFile(repo, p, t);
    const at = (offset: number): number => repo.lineAt(file, offset);
    const push = (r: Omit<Raw, 'file'>): void => {
      if (!code.isCode(file, r.line)) return;
      raw.push({ ...r, file });
    };
    const mount = (prefix: string, offset: number, target?: string, receiver?: string): void => {
      const line = at(offset);
      if (!code.isCode(file, line)) return;
      mounts.push({ prefix, file, line, target, ...(receiver ? { receiver } : {}) });
    };
    if (f.language === 'python') {
      for (const m of text.matchAll(
        new RegExp(
          `^[ \\t]*@(\\w+(?:\\.\\w+)*)\\.(${HTTP_METHODS}|route|api_route|websocket)\\(\\s*(?:rule\\s*=\\s*|path\\s*=\\s*)?[rf]?["']([^"']*)["']([^\\n]*)`,
          'gm',
        ),
      )) {
        const method = m[2]!.toUpperCase();
        // `methods=['GET', 'POST']` registers the rule for each listed method (a form posted to /search is a body).
        const listed = /methods\s*=\s*[[(]([^\])]*)[\])]/.exec(m[4]!)?.[1];
        const methods =
          method === 'ROUTE' || method === 'API_ROUTE'
            ? listed && /["']\w+["']/.test(listed)
              ? [...new Set([...listed.matchAll(/["'](\w+)["']/g)].map((x) => x[1]!.toUpperCase()))]
              : [method === 'ROUTE' ? 'GET' : 'ANY']
            : [method];
        const handler = /^\s*(?:async\s+)?def\s+(\w+)/m.exec(text.slice(m.index! + m[0].length))?.[1];
        for (const each of methods)
          push({
            method: each,
            path: m[3]!,
            line: at(m.index!),
            framework: /flask|blueprint|bp\b/i.test(m[1]!) ? 'flask' : 'python',
            handler,
            receiver: m[1],
          });
      }
      // Litestar: bare route decorators (@get("/x"), @post(path="/y") spanning lines) on functions and Controller
      // methods, under the controller's `path = "/api/..."`; read from the syntax tree.
      if (
        /\blitestar\b/.test(text) &&
        /^\s*@(?:litestar\.)?(?:get|post|put|patch|delete|head|route|websocket)\s*\(/m.test(text)
      ) {
        for (const d of pythonDecoratorCalls(text)) {
          const verb = /^(?:litestar\.)?(get|post|put|patch|delete|head|route|websocket)$/.exec(d.decorator)?.[1];
          if (!verb) continue;
          const p = d.positional[0] ?? d.keywords.path ?? '';
          push({
            method: verb === 'route' || verb === 'websocket' ? 'ANY' : verb.toUpperCase(),
            path: joinPath(d.classAttrs?.path ?? '', p),
            line: d.line,
            framework: 'litestar',
            handler: d.handler,
          });
        }
      }
      const regexAnchorsOff = (p: string) => p.replace(/^\^/, '').replace(/\$$/, '');
      const djangoPaths = text.includes('urlpatterns')
        ? [...text.matchAll(/\b(?:re_path|path|url)\(\s*(?:#[^\n]*\n\s*)*r?["']([^"']*)["']\s*,\s*([\w.]+)?/g)]
        : [];
      // `path("insights/", include([path("", insights), …]))`, or `include(api_patterns)` naming a list of this file:
      // the listed routes take the prefix.
      const includedLists = djangoPaths.flatMap((m) => {
        if (m[2] !== 'include') return [];
        const at = m.index! + m[0].length;
        const named = /^\(\s*(\w+)\s*\)/.exec(text.slice(at))?.[1];
        const decl = named ? new RegExp(`^${named}\\s*=\\s*\\[`, 'm').exec(text) : null;
        const open = /^\(\s*\[/.test(text.slice(at)) ? at : decl ? decl.index + decl[0].length - 1 : -1;
        const body = open < 0 ? undefined : bracketBody(text, open, 20000);
        return body === undefined ? [] : [{ prefix: regexAnchorsOff(m[1]!), start: open, end: open + body.length }];
      });
      const djangoPath = (offset: number, p: string): string => {
        const within = includedLists.filter((l) => l.start < offset && offset < l.end).map((l) => l.prefix);
        return within.length ? joinPath(...within, p) : p;
      };
      for (const m of djangoPaths) {
        const urlPath = djangoPath(m.index!, regexAnchorsOff(m[1]!));
        // `include("app.urls")`, or with its application namespace `include(("api.urls", "api"), namespace="api")`.
        const inc = /include\(\s*\(?\s*["']([\w.]+)["']/.exec(text.slice(m.index!, text.indexOf('\n', m.index!)));
        if (inc) {
          const rel = inc[1]!.split('.').join('/');
          const target = files.find((p) => p === `${rel}.py` || p.endsWith(`/${rel}.py`));
          mount(urlPath, m.index!, target);
          continue;
        }
        // `include(router.urls)`, `include(routes)`, `include([…])`: a router, module or list mounted, not a route.
        if (m[2] === 'include') continue;
        push({
          method: 'ANY',
          path: urlPath,
          line: at(m.index!),
          framework: 'django',
          handler: m[2],
        });
      }
      // Django REST framework routers: router.register(r"orders", OrderViewSet) + path("api/v1/", include(router.urls)).
      // A router built in this file takes the include's prefix for its own routes only, not the file's other paths.
      const localRouterPrefix = new Map<string, string>();
      for (const m of text.matchAll(/\b(?:re_path|path)\(\s*r?["']([^"']*)["']\s*,\s*include\(\s*(\w+)\.urls\s*\)/g)) {
        if (new RegExp(`^\\s*${m[2]}\\s*=`, 'm').test(text)) localRouterPrefix.set(m[2]!, m[1]!);
        else mount(m[1]!, m.index!, localOf(file, m[2]!));
      }
      // The viewset is positional: `router.register("pull_request", action="closed")` is a gidgethub event handler.
      for (const m of text.matchAll(/\b(\w*router)\.register\(\s*r?["']([^"']*)["']\s*,\s*([\w.]+)(?![\w.]|\s*=)/g)) {
        const prefix = localRouterPrefix.get(m[1]!);
        const route = prefix ? joinPath(prefix, m[2]!) : m[2]!;
        push({ method: 'ANY', path: route, line: at(m.index!), framework: 'django', handler: m[3] });
      }
      // Flask add_url_rule("/x", "endpoint", view, methods=[…]) and add_url_rule("/x", view_func=View.as_view("x")):
      // the listed methods; a MethodView's verb methods; GET otherwise (Flask's default).
      const ruleMethods = (args: string, viewFunc: string | undefined): { methods: string[]; view?: string } => {
        const listed = /\bmethods\s*=\s*[[(]([^\])]*)[\])]/.exec(args)?.[1];
        const view = viewFunc?.replace(/\.as_view$/, '');
        let methods: string[] = ['GET'];
        if (listed && /["']\w+["']/.test(listed))
          methods = [...new Set([...listed.matchAll(/["'](\w+)["']/g)].map((x) => x[1]!.toUpperCase()))];
        else if (viewFunc?.endsWith('.as_view') && view) {
          const cls = new RegExp(
            `^class\\s+${view.split('.').pop()}\\b[^\\n]*:\\n((?:[ \\t]+[^\\n]*\\n|\\s*\\n)*)`,
            'm',
          ).exec(text)?.[1];
          const verbs = cls
            ? [...cls.matchAll(/^\s+(?:async\s+)?def\s+(get|post|put|patch|delete)\s*\(/gm)].map((x) =>
                x[1]!.toUpperCase(),
              )
            : [];
          methods = verbs.length ? [...new Set(verbs)] : ['ANY'];
        }
        return { methods, ...(view ? { view } : {}) };
      };
      for (const m of text.matchAll(
        /\b(Route|WebSocketRoute)\(\s*["']([^"']*)["']\s*,\s*(?:endpoint\s*=\s*)?([\w.]+)/g,
      )) {
        // Starlette serves a function endpoint for GET unless `methods=` lists others; an HTTPEndpoint class answers
        // the verbs it defines (not read: ANY).
        const args = balancedArgs(text, m.index! + m[0].length);
        const endpointClass = /^[A-Z]/.test(m[3]!.split('.').pop()!) && !/\bmethods\s*=/.test(args);
        const methods = m[1] === 'Route' && !endpointClass ? ruleMethods(args, undefined).methods : ['ANY'];
        for (const each of methods)
          push({ method: each, path: m[2]!, line: at(m.index!), framework: 'starlette', handler: m[3] });
      }
      for (const m of text.matchAll(/\.add_(?:api_)?route\(\s*["']([^"']*)["']\s*,\s*([\w.]+)/g)) {
        // Pyramid's add_route takes the route's name first (read below).
        if (usesPyramid && !m[1]!.startsWith('/')) continue;
        push({ method: 'ANY', path: m[1]!, line: at(m.index!), framework: 'python', handler: m[2] });
      }
      for (const m of text.matchAll(/\.add_url_rule\(\s*(?:rule\s*=\s*)?["']([^"']*)["']/g)) {
        const args = balancedArgs(text, m.index! + m[0].length);
        const viewFunc =
          /\bview_func\s*=\s*([\w.]+)/.exec(args)?.[1] ??
          /^\s*,\s*(?:["'][^"']*["']|None|endpoint\s*=\s*["'][^"']*["'])\s*,\s*([\w.]+)/.exec(args)?.[1];
        const { methods, view } = ruleMethods(args, viewFunc);
        for (const each of methods)
          push({ method: each, path: m[1]!, line: at(m.index!), framework: 'flask', handler: view });
      }
      // A project helper around add_url_rule (`register_view(bp, routes=["/a", "/a-<slug>"], view_func=V.as_view("v"))`):
      // each path of its list is a rule for the view.
      for (const name of urlRuleHelpers.lists) {
        if (!text.includes(`${name}(`)) continue;
        for (const m of text.matchAll(new RegExp(`(?<![\\w.])(?:\\w+\\.)?${name}\\(`, 'g'))) {
          if (/^\s*def\s/.test(repo.lineText(file, at(m.index!)) ?? '')) continue;
          const args = balancedArgs(text, m.index! + m[0].length);
          const list = (/\broutes\s*=\s*\[([^\]]*)\]/.exec(args) ?? /\[([^\]]*)\]/.exec(args))?.[1];
          if (!list) continue;
          const paths = [...list.matchAll(/["']([^"']*)["']/g)].map((x) => x[1]!);
          const viewFunc = /\bview_func\s*=\s*([\w.]+)/.exec(args)?.[1] ?? /\]\s*,\s*([\w.]+)/.exec(args)?.[1];
          const { methods, view } = ruleMethods(args, viewFunc);
          for (const path of paths)
            for (const each of methods)
              push({ method: each, path, line: at(m.index!), framework: 'flask', handler: view });
        }
      }
      for (const [name, methods] of urlRuleHelpers.decorators) {
        if (!text.includes(`${name}(`)) continue;
        const use = new RegExp(
          `^[ \\t]*@(?:\\w+\\.)?${escapeRegExp(name)}\\(\\s*([\\w.]+)\\s*,\\s*["']([^"']*)["']`,
          'gm',
        );
        for (const m of text.matchAll(use)) {
          const handler = /^\s*(?:async\s+)?def\s+(\w+)/m.exec(text.slice(m.index! + m[0].length))?.[1];
          for (const each of methods)
            push({ method: each, path: m[2]!, line: at(m.index!), framework: 'flask', handler, receiver: m[1] });
        }
      }
      // ASGI/WSGI middleware answering a probe path itself: `application = health_check(application, "/health/")`, a
      // wrapper comparing `scope["path"]` (or `environ["PATH_INFO"]`, `request.path`) with a probe path.
      if (/health|healthz|livez|readyz|ping/.test(text)) {
        for (const m of text.matchAll(
          /\b\w*(?:health|probe|liveness|readiness)\w*\(\s*[\w.]+\s*,\s*(?:\w+\s*=\s*)?["'](\/(?:[\w-]+\/)*(?:health|healthz|livez|readyz|ready|ping)\/?)["']\s*\)|(?:\bscope(?:\[\s*["']path["']\s*\]|\.get\(\s*["']path["']\s*\))|\benviron(?:\[\s*["']PATH_INFO["']\s*\]|\.get\(\s*["']PATH_INFO["']\s*\))|\brequest\.path(?:_info)?)\s*(?:==|in\s*\(?)\s*["'](\/(?:[\w-]+\/)*(?:health|healthz|livez|readyz|ready|ping)\/?)["']/gi,
        ))
          push({ method: 'GET', path: (m[1] ?? m[2])!, line: at(m.index!), framework: 'python' });
      }
      // aiohttp app.router.add_get('/health', handler); Flask-RESTful api.add_resource(Health, '/health').
      for (const m of text.matchAll(/\.add_(get|post|put|patch|delete)\(\s*["']([^"']*)["']\s*,\s*([\w.]+)/g)) {
        push({ method: m[1]!.toUpperCase(), path: m[2]!, line: at(m.index!), framework: 'python', handler: m[3] });
      }
      // Flask-RESTful api.add_resource(Health, '/health'), and project wrappers of it (api.add_org_resource(...)).
      for (const m of text.matchAll(/\.add_\w*resource\(\s*([\w.]+)\s*,\s*["']([^"']*)["']/g)) {
        push({ method: 'ANY', path: m[2]!, line: at(m.index!), framework: 'flask', handler: m[1] });
      }
      if (usesPyramid) {
        // Pyramid: config.add_route("item", "/items/{id}") (the pattern may leave out the leading slash).
        for (const m of text.matchAll(
          /\.add_route\(\s*(?:name\s*=\s*)?["'][^"']*["']\s*,\s*(?:pattern\s*=\s*)?[rf]?["']([^"'\n]*)["']/g,
        ))
          push({
            method: 'ANY',
            path: m[1]!.startsWith('/') ? m[1]! : `/${m[1]!}`,
            line: at(m.index!),
            framework: 'pyramid',
          });
        // Cornice: `heartbeat = Service(name="heartbeat", path="/__heartbeat__")` (or positional), its views the
        // functions under `@heartbeat.get(…)`; a service whose views are not decorated here is one ANY route.
        for (const m of text.matchAll(/(?:^[ \t]*(\w+)\s*=\s*)?\bService\(([^()]*)\)/gm)) {
          const p =
            /\bpath\s*=\s*[rf]?["'](\/[^"'\n]*)["']/.exec(m[2]!) ??
            /^\s*(?:name\s*=\s*)?["'][^"']*["']\s*,\s*[rf]?["'](\/[^"'\n]*)["']/.exec(m[2]!);
          if (!p) continue;
          let views = 0;
          if (m[1])
            for (const d of text.matchAll(
              new RegExp(`^[ \\t]*@${m[1]}\\.(get|post|put|patch|delete|head|options)\\(`, 'gm'),
            )) {
              const def = /^[ \t]*(?:async\s+)?def\s+(\w+)/m.exec(text.slice(d.index!));
              push({
                method: d[1]!.toUpperCase(),
                path: p[1]!,
                line: at(d.index! + d[0].length - d[0].trimStart().length),
                framework: 'pyramid',
                ...(def ? { handler: def[1]! } : {}),
              });
              views++;
            }
          if (!views)
            push({
              method: 'ANY',
              path: p[1]!,
              line: at(m.index! + m[0].length - m[0].trimStart().length),
              framework: 'pyramid',
            });
        }
      }
      const routerPrefix = /\b(?:APIRouter|Blueprint)\(([^)]*)\)/.exec(text);
      const pre = routerPrefix && /(?:prefix|url_prefix)\s*=\s*["']([^"']*)["']/.exec(routerPrefix[1]!)?.[1];
      if (pre) filePrefix.set(file, pre);
      // flask-restx: `ns = api.namespace("users", …)` and `ns = Namespace("users", …)` serve their routes under
      // `/users` (or `path=`), inside the Api's prefix; a namespace added with a path of its own
      // (`api.add_namespace(ns, "/people")`) takes that path from the mount instead.
      if (usesRestx)
        for (const m of text.matchAll(NAMESPACE_DECLARATION)) {
          const own = /\bpath\s*=\s*["']([^"']*)["']/.exec(m[4]!)?.[1] ?? `/${m[3]!}`;
          // `api.namespace(…)` adds itself to that Api: under the Api's blueprint's url_prefix and its own prefix.
          const path = m[2] ? joinPath(restxApiPrefix(file, text, m[2]), own) : own;
          namespacesGivenAPath ??= new Set(
            repo.grep(NAMESPACE_ADDED_WITH_PATH, { kinds: ['source'] }).map((h) => h.groups[1]!),
          );
          if (namespacesGivenAPath.has(m[1]!)) continue;
          namespacePrefix.set(`${file}\0${m[1]!}`, path);
        }
      // flask-restx: api.add_namespace(users_ns, "/users") puts the namespace's routes under the Api's blueprint prefix.
      for (const m of text.matchAll(/\.add_namespace\(\s*(\w+)\s*(?:,\s*(?:path\s*=\s*)?["']([^"']*)["'])?/g))
        mount(joinPath(pre ?? '', m[2] ?? ''), m.index!, localOf(file, m[1]!));
      for (const m of text.matchAll(/\.(?:include_router|register_blueprint)\(\s*([\w.]+)([^)\n]*)/g)) {
        const ident = m[1]!.split('.')[0]!;
        const literal = /(?:prefix|url_prefix)\s*=\s*f?["']([^"']*)["']/.exec(m[2]!)?.[1];
        // prefix=settings.API_V1_STR: resolve a constant assigned a string literal somewhere in the project.
        const named =
          literal === undefined ? /(?:prefix|url_prefix)\s*=\s*([\w.]+)/.exec(m[2]!)?.[1]?.split('.').pop() : undefined;
        const prefix = literal ?? (named ? pyConstant(repo, files, named) : undefined) ?? '';
        const before = mounts.length;
        // `views.health` where `views` is a package: the module of the package that defines `health`.
        const headFile = localOf(file, ident);
        const target =
          (headFile && !headFile.endsWith('__init__.py') ? headFile : undefined) ??
          (m[1]!.includes('.') ? pyAttributeOf(file, m[1]!) : undefined) ??
          headFile ??
          localOf(file, m[1]!.split('.').pop()!);
        // A module declaring several blueprints (`category` and `categoryHousehold`): the prefix is the named one's.
        const attr = m[1]!.split('.').pop()!;
        const several =
          target !== undefined &&
          ((repo.read(target) ?? '').match(/^\w+\s*=\s*(?:\w+\.)?(?:Blueprint|APIRouter)\(/gm)?.length ?? 0) > 1 &&
          new RegExp(`^${attr}\\s*=`, 'm').test(repo.read(target) ?? '');
        mount(prefix, m.index!, target, several ? attr : undefined);
        // api.include_router(...) where `api` is a sub-application mounted elsewhere in this file (app.mount("/v1", api)).
        const receiverText: string | undefined = /([\w.]+)\s*$/.exec(
          text.slice(text.lastIndexOf('\n', m.index!) + 1, m.index!),
        )?.[1];
        const via = receiverText?.split('.').pop();
        if (via && mounts.length) includedVia.set(mounts[mounts.length - 1]!, via);
        // Nested blueprints and routers (`apiv1.register_blueprint(auth, url_prefix="/auth")`, then
        // `app.register_blueprint(apiv1, url_prefix="/api")`; `pkg.household.register_blueprint(export, …)`): the parent
        // this one is registered on, for the prefixes composed below.
        if (mounts.length > before && receiverText) {
          const child = mounts[mounts.length - 1]!;
          nestedChild.set(child, m[1]!);
          const local = new RegExp(
            `^${escapeRegExp(receiverText)}\\s*=\\s*(?:\\w+\\.)?(Blueprint|APIRouter)\\(([^)]*)\\)`,
            'm',
          ).exec(text);
          // The parent's own prefix (`v2 = APIRouter(prefix="/api/v2")`) is above the routers included into it.
          const own = local && /(?:prefix|url_prefix)\s*=\s*["']([^"']*)["']/.exec(local[2]!)?.[1];
          if (!receiverText.includes('.') && local)
            nestedParent.set(child, { local: receiverText, own: own ?? '', blueprint: local[1] === 'Blueprint' });
          else if (receiverText.includes('.')) {
            const parentFile = pyAttributeOf(file, receiverText);
            if (parentFile && parentFile !== file)
              nestedParent.set(child, { file: parentFile, attr: receiverText.split('.').pop()! });
          }
        }
      }
      for (const m of text.matchAll(/\bMount\(\s*["']([^"']*)["']\s*,\s*(?:app\s*=\s*|routes\s*=\s*)?([\w.]+)/g))
        mount(m[1]!, m.index!, localOf(file, m[2]!.split('.')[0]!));
      // app.mount("/v1", v1_app): a sub-application under a prefix.
      for (const m of text.matchAll(/\.mount\(\s*["'](\/[^"']*)["']\s*,\s*(?:app\s*=\s*)?([\w.]+)/g)) {
        const ident = m[2]!.split('.')[0]!;
        const local = new RegExp(`^\\s*${ident}\\s*=\\s*(FastAPI|Starlette|Flask)\\(`, 'm').test(text);
        mount(m[1]!, m.index!, local ? file : localOf(file, ident), local ? ident : undefined);
      }
    }
    // Hono, Elysia and h3 applications: read from a syntax tree (chains, nested groups, sub-apps).
    const tree = f.language === 'javascript' || f.language === 'typescript' ? tsServerOf(file, text) : undefined;
    if (tree) {
      for (const r of tree.routes)
        push({
          method: r.method,
          path: r.path,
          line: r.line,
          framework: r.framework,
          receiver: r.receiver,
          ...(r.handler ? { handler: r.handler } : {}),
          ...(r.middleware ? { middleware: r.middleware } : {}),
        });
      for (const m of tree.mounts) {
        if (!code.isCode(file, m.line)) continue;
        const target = localOf(file, calleeName(m.child));
        mounts.push({ prefix: m.prefix, file, line: m.line, ...(target ? { target } : {}) });
      }
    }
    // tRPC routers: procedures are routes, routers defined in other modules are mounted under their key.
    if (
      usesTrpc &&
      (f.language === 'javascript' || f.language === 'typescript') &&
      repo.holds(TRPC_CANDIDATE, file) &&
      repo.holds(TRPC_PROCEDURE_OR_ROUTER, file)
    ) {
      // A syntax tree's reading, a function of the file's text (its extension picks the parser): once per audit.
      const trpc = repo.fileMemo('service:trpc-routes', file, () => trpcRoutes(file, text));
      for (const r of trpc.routes)
        push({ method: r.method, path: r.path, line: r.line, framework: 'trpc', handler: r.kind });
      for (const m of trpc.mounts) {
        if (!code.isCode(file, m.line)) continue;
        const target = localOf(file, calleeName(m.child));
        if (target) mounts.push({ prefix: m.prefix, file, line: m.line, target });
      }
    }
    // Remix 3 route maps: each entry is a route, its action in a controller the router maps to it by name.
    if ((f.language === 'javascript' || f.language === 'typescript') && repo.holds(REMIX_ROUTES_IMPORT, file))
      for (const r of repo.fileMemo('service:remix-routes', file, () => remixRoutes(file, text)))
        push({ method: r.method, path: r.path, line: r.line, framework: 'remix', ...(r.page ? { page: true } : {}) });
    // The adapter's endpoint is the prefix of every procedure of the router it serves.
    if (usesTrpc && (f.language === 'javascript' || f.language === 'typescript'))
      for (const m of repo.holds(TRPC_ADAPTER_NAMES, file) ? text.matchAll(TRPC_ADAPTER_MOUNT) : []) {
        const prefix = (m[1] ?? m[3] ?? m[6] ?? m[7])?.replace(/\/\*$/, '');
        const routerName = m[2] ?? m[4] ?? m[5] ?? m[8];
        if (!prefix || !routerName || !code.isCode(file, at(m.index!))) continue;
        const target = routerName.includes('.') ? undefined : (localOf(file, routerName) ?? file);
        if (target) mounts.push({ prefix, file, line: at(m.index!), target });
      }
    if (f.language === 'javascript' || f.language === 'typescript') {
      // A receiver that sends requests: a client by name, the class itself (`this.get(…)` of an API client's request
      // helper), or a variable the file makes as an HTTP client.
      // The class's own client field counts as the client (`this.axios.get('/api/v2/ping')` in an API client class).
      const sendsRequests = (r: string): boolean =>
        NOT_A_ROUTER.test(r.replace(/^this\./, '')) || r === 'this' || madeAsHttpClient(text, r);
      // Registrations the syntax tree read are not read again by the line patterns below.
      // A file without `.get('/…` anywhere has no match: the check is a plain scan, and the whole pattern (which tries
      // every identifier as a receiver) runs only in the few files that pass it.
      for (const m of !tree && repo.holds(NODE_ROUTE_CALL_TAIL, file) ? text.matchAll(NODE_ROUTE_CALL) : []) {
        // `this.get('/api/v2/ping', …)` is a method of the class itself: an API client's request helper (a subclass
        // of its HTTP client, Apollo's RESTDataSource), not a router (those are reached as `this.router.get`).
        if (tree || sendsRequests(m[1]!)) continue;
        // A call that ends after the path registers nothing (`await api.delete(`/sessions/${id}`)` is a request a
        // client sends); only `router.route('/x')` takes the path alone, its handlers chained after it.
        if (m[2] !== 'route' && /^\s*\)/.test(text.slice(m.index! + m[0].length, m.index! + m[0].length + 40)))
          continue;
        const method = m[2] === 'del' ? 'DELETE' : m[2] === 'all' || m[2] === 'route' ? 'ANY' : m[2]!.toUpperCase();
        push({ method, path: withoutOptionalGroups(m[3]!), line: at(m.index!), framework: 'node' });
      }
      // Paths kept in constants the file defines (`const ENDPOINTS = { health: '/healthz' }` then
      // `app.get(ENDPOINTS.health, …)`), also on a chain after the app is made (`express()\n  .get(ENDPOINTS.health, …)`,
      // counted only with a request handler beside it: a client's `.get(API.users, config)` is a request it sends).
      for (const m of !tree && repo.holds(NODE_ROUTE_CONST_TAIL, file) ? text.matchAll(NODE_ROUTE_CONST_CALL) : []) {
        const receiver = m[1];
        if (receiver && sendsRequests(receiver)) continue;
        const after = text.slice(m.index! + m[0].length, m.index! + m[0].length + 300);
        if (!receiver && !REQUEST_HANDLER_AHEAD.test(after)) continue;
        const path = constantPath(text, m[4]!);
        const line = at(m.index! + m[0].indexOf('.'));
        if (!path || !code.isCode(file, line)) continue;
        const method = m[3] === 'all' ? 'ANY' : m[3]!.toUpperCase();
        push({ method, path, line, framework: 'node' });
      }
      // A path under a prefix the code computes (`app.get(base + '/healthcheck', …)`, `` app.get(`${prefix}/health`, …) ``,
      // a configurable base path): the literal tail is the route.
      for (const m of !tree && repo.holds(NODE_ROUTE_PREFIXED_TAIL, file)
        ? text.matchAll(NODE_ROUTE_PREFIXED_CALL)
        : []) {
        const receiver = m[1]!;
        if (sendsRequests(receiver)) continue;
        // A client's `api.get(baseUrl + '/users', config)` is a request: an app or router, or a request handler beside it.
        const after = text.slice(m.index! + m[0].length, m.index! + m[0].length + 300);
        if (!/^(?:app|\w*[rR]outer|server|srv)$/.test(receiver) && !REQUEST_HANDLER_AHEAD.test(after)) continue;
        const line = at(m.index!);
        if (!code.isCode(file, line)) continue;
        const method = m[2] === 'all' ? 'ANY' : m[2]!.toUpperCase();
        push({ method, path: (m[3] ?? m[4])!, line, framework: 'node' });
      }
      // Oak routers built as one chain (`new Router().get('/a', …).post('/b', …)`): the calls start their lines;
      // `router\n  .get(…)` was read above (the receiver's name precedes it), so only chains after a call are new.
      if (!tree && repo.holds(OAK_IMPORT, file))
        for (const m of text.matchAll(
          new RegExp(`^[ \\t]*\\.(${HTTP_METHODS}|delete)\\s*\\(\\s*["'\`](\\/[^"'\`]*)["'\`]`, 'gm'),
        ))
          if (!/[\w$]\s*$/.test(text.slice(Math.max(0, m.index! - 200), m.index!)))
            push({
              method: m[1] === 'all' ? 'ANY' : m[1]!.toUpperCase(),
              path: m[2]!,
              line: at(m.index! + m[0].indexOf('.')),
              framework: 'oak',
            });
      // Hapi server.route({ method, path }) and Fastify route({ method, url }). Every match holds `method:`.
      for (const m of !repo.mayMatch(ROUTE_OBJECT, file, text) || !/\bmethod\s*:/.test(text)
        ? []
        : text.matchAll(ROUTE_OBJECT)) {
        const method = (m[1] ?? m[4] ?? 'ANY').toUpperCase();
        // `path: options.prefix + 'articles'`: the prefix is supplied at registration, the literal is the route.
        const p = (m[2] ?? m[3])!;
        // `this.route({ method: 'get', path: '', handler })` in a controller mounted under a prefix: the mount's root.
        const mountRoot = p === '' && /\.route\(\s*\{\s*$/.test(text.slice(Math.max(0, m.index! - 40), m.index!));
        if (!p.startsWith('/') && !mountRoot && !/(?:path|url)\s*:\s*[\w$.]+\s*\+/.test(m[0])) continue;
        // A route object names its handler (hapi `handler:` / `options: { handler }`, Fastify's `handler`) or is
        // given to `.route(`; `apiClient({ method: 'GET', path: '/api/admin/users' })` is a request the code sends.
        const open = text.lastIndexOf('{', m.index!);
        const before = text.slice(Math.max(0, open - 40), Math.max(0, open));
        if (
          !/\broute\s*\(\s*$/.test(before) &&
          !/\bhandler\s*[:(,}]/.test(text.slice(m.index!, m.index! + m[0].length + 800))
        )
          continue;
        push({
          method: method === '*' ? 'ANY' : method,
          path: p.startsWith('/') ? p : `/${p}`,
          line: at(m.index!),
          framework: 'node',
        });
      }
      // NestJS controllers.
      const ctrl = repo.mayMatch(NEST_CONTROLLER, file, text) ? NEST_CONTROLLER.exec(text) : null;
      if (ctrl) {
        const prefix = ctrl[1] ?? ctrl[2] ?? '';
        for (const m of text.matchAll(
          /@(Get|Post|Put|Delete|Patch|Head|Options|All)\(\s*(?:["'`]([^"'`]*)["'`])?[^)]*\)/g,
        )) {
          const handler = /^\s*(?:@[\s\S]*?\)\s*)*(?:public\s+|async\s+)*(\w+)\s*\(/.exec(
            text.slice(m.index! + m[0].length),
          )?.[1];
          push({
            method: m[1] === 'All' ? 'ANY' : m[1]!.toUpperCase(),
            path: joinPath(prefix, m[2] ?? ''),
            line: at(m.index!),
            framework: 'nestjs',
            handler,
          });
        }
      }
      // inversify-express-utils controllers.
      const ictrl = repo.mayMatch(INVERSIFY_CONTROLLER, file, text) ? INVERSIFY_CONTROLLER.exec(text) : null;
      if (ictrl)
        for (const m of text.matchAll(INVERSIFY_ROUTE)) {
          const handler = /^\s*(?:@[\s\S]*?\)\s*)*(?:public\s+|private\s+|protected\s+|async\s+)*(\w+)\s*\(/.exec(
            text.slice(m.index! + m[0].length),
          )?.[1];
          push({
            method: m[2] ? 'ANY' : m[1]!.toUpperCase(),
            path: joinPath(ictrl[1]!, m[3] ?? ''),
            line: at(m.index!),
            framework: 'inversify',
            handler,
          });
        }
      // Next.js route handlers: app/api/health/route.ts → /api/health.
      const nextRoot = nextRoots.find((r) => r === '.' || file.startsWith(`${r}/`));
      const inNext = nextRoot === undefined ? undefined : nextRoot === '.' ? file : file.slice(nextRoot.length + 1);
      const next = inNext === undefined ? null : /^(?:src\/)?app\/(.*?)\/?route\.[cm]?[jt]sx?$/.exec(inNext);
      if (next) {
        const routePath =
          '/' +
          next[1]!
            .split('/')
            .filter((s) => s && !/^\(.*\)$/.test(s) && !s.startsWith('@'))
            .join('/');
        for (const e of nextRouteExports(text))
          push({ method: e.method, path: routePath, line: at(e.offset), framework: 'nextjs', handler: e.handler });
      }
      const pagesApi =
        inNext === undefined ? null : /^(?:src\/)?pages\/(api\/.*?)(?:\/index)?\.[cm]?[jt]sx?$/.exec(inNext);
      if (pagesApi) {
        const m = /^export\s+default\b/m.exec(text);
        if (m) push({ method: 'ANY', path: '/' + pagesApi[1]!, line: at(m.index), framework: 'nextjs' });
      }
      // Mounts: app.use('/items', items(pool)), fastify.register(routes, { prefix: '/v1' }), router.prefix / new Router({ prefix }).
      // A controller instance's router: app.use('/health', new HealthController(config).router) (also through a
      // base class's own helper, this.useWithMiddleware('/auth', new X(…).router, limiter)).
      for (const m of repo.mayMatch(USE_MOUNT, file, text) ? text.matchAll(USE_MOUNT) : []) {
        if (tree) continue;
        // app.use('/v1/items', require('./routes/items')) names the module inline.
        const target = m[2]
          ? (imports.byFile.get(file) ?? []).find((r) => r.module === m[2] && r.local)?.local
          : localOf(file, (m[3] ?? m[4])!);
        mount(m[1]!, m.index!, target);
      }
      // Routers mounted in a loop over a table: [{ path: '/auth', route: authRoute }, …].forEach((r) => router.use(r.path, r.route)).
      const loopKeys = new Set<string>();
      for (const m of repo.mayMatch(USE_TABLE_LOOP, file, text) ? text.matchAll(USE_TABLE_LOOP) : []) {
        const [pk, rk] = [m[2]!, m[3]!];
        if (loopKeys.has(`${pk}:${rk}`)) continue;
        loopKeys.add(`${pk}:${rk}`);
        const entry = new RegExp(
          `\\{[^{}]*?\\b${pk}\\s*:\\s*["'\`](\\/[^"'\`]*)["'\`][^{}]*?\\b${rk}\\s*:\\s*([\\w$]+)[^{}]*\\}|\\{[^{}]*?\\b${rk}\\s*:\\s*([\\w$]+)[^{}]*?\\b${pk}\\s*:\\s*["'\`](\\/[^"'\`]*)["'\`][^{}]*\\}`,
          'g',
        );
        for (const o of text.matchAll(entry)) mount((o[1] ?? o[4])!, o.index!, localOf(file, (o[2] ?? o[3])!));
      }
      for (const m of repo.mayMatch(REGISTER_PREFIX, file, text) ? text.matchAll(REGISTER_PREFIX) : [])
        mount(m[2]!, m.index!, m[1] ? localOf(file, m[1]) : undefined);
      for (const m of repo.mayMatch(ROUTER_PREFIX, file, text) ? text.matchAll(ROUTER_PREFIX) : []) {
        const prefix = (m[1] ?? m[2] ?? m[3])!;
        // A route group's prefix (`router.group(() => { router.get(…) }).prefix('/api/v1')`, AdonisJS; v5 `Route.group`):
        // only the routes registered inside the group's callback take it.
        const group = m[2] !== undefined ? groupCallOf(text, m.index!) : undefined;
        if (group) groupPrefixes.push({ file, from: at(group.open), to: at(group.close), prefix });
        else if (m[3] !== undefined) mount(prefix, m.index!, '*');
        else filePrefix.set(file, prefix);
      }
    }
    if (f.language === 'go') {
      // A function of the text and the repository's path constants (its results are read, never changed): once per
      // repository file.
      const go = repo.fileMemo('go-routes', file, () =>
        goRoutes(
          text,
          repo.memo('go-package-path-constants', () => goPackageConstants(goFilesOf(files).all, (f) => repo.read(f))),
        ),
      );
      for (const r of go.routes)
        push({
          method: r.method,
          path: r.path,
          line: at(r.offset),
          framework: 'go',
          handler: r.handler,
          // The enclosing function: a call mount (apiv1.RegisterRoutes(m) in a group) prefixes only that function's routes.
          receiver: r.func,
          ...(r.middleware.length ? { middleware: r.middleware } : {}),
        });
      // The manager's routes, the gateway's and the literal prefixes below are functions of the text alone: once per
      // repository file.
      for (const [framework, key, read] of [
        ['controller-runtime', 'go-manager-routes', managerRoutes],
        ['grpc-gateway', 'go-gateway-path-routes', gatewayPathRoutes],
      ] as const)
        for (const r of repo.fileMemo(key, file, () => read(text)))
          push({ method: r.method, path: r.path, line: at(r.offset), framework, handler: r.handler });
      for (const c of go.callMounts) {
        const target = goFunctionFile(repo, files, imports, file, c.callee, c.offset);
        if (target) mount(c.prefix, c.offset, target, c.callee.split('.').pop());
      }
      const prefixes = repo.fileMemo('go-prefix-mounts', file, (): [string, number][] =>
        text.includes('.Group(') || text.includes('.Route(') || text.includes('.Mount(')
          ? [...text.matchAll(/\.(?:Group|Route|Mount)\(\s*"(\/[^"]*)"/g)].map((m) => [m[1]!, m.index!])
          : [],
      );
      for (const [prefix, offset] of prefixes) mount(prefix, offset);
    }
    if (f.language === 'java' || f.language === 'kotlin') {
      // Each class takes the prefix of its own @RequestMapping (a DTO or another controller may come first). A file
      // without any `…Mapping` annotation has no Spring route: no sections to cut.
      for (const t of text.includes('Mapping') ? jvmTypeSections(text) : []) {
        const classPrefix = jvmPrefix(
          text,
          /@RequestMapping\(\s*(?:(?:value|path)\s*=\s*)?\[?\s*(?:"([^"]*)"|((?:\w+\.)*[A-Z_][A-Z0-9_]*)\b)/.exec(
            t.header,
          ),
          jvmPaths,
        );
        for (const m of text
          .slice(t.start, t.end)
          .matchAll(
            /@(Get|Post|Put|Delete|Patch|Request)Mapping\b(?:\(\s*(?:(?:value|path)\s*=\s*)?(?:\[|\{)?\s*(?:"([^"]*)")?[^)]*\))?/g,
          )) {
          const method =
            m[1] === 'Request'
              ? (/method\s*=\s*\[?\s*RequestMethod\.(\w+)/.exec(m[0])?.[1] ?? 'ANY')
              : m[1]!.toUpperCase();
          push({ method, path: joinPath(classPrefix, m[2] ?? ''), line: at(t.start + m.index!), framework: 'spring' });
        }
      }
      for (const r of jvmAnnotatedRoutes(text, jaxRsContracts(), jvmPaths)) push({ ...r, line: at(r.offset) });
      // The JDK's own server (com.sun.net.httpserver): `server.createContext("/health", new HealthHandler(…))` serves
      // every method under that path (a management port beside the main server, or a small service of its own).
      if (/\bimport\s+com\.sun\.net\.httpserver\b/.test(text))
        for (const m of text.matchAll(/\.createContext\s*\(\s*"(\/[^"]*)"/g))
          push({ method: 'ANY', path: m[1]!, line: at(m.index!), framework: 'jdk-httpserver' });
      if (f.language === 'kotlin' && /\bimport\s+io\.ktor\.(?:server\.)?routing\b/.test(text)) {
        const ktor = ktorRoutes(text);
        for (const { func, ...r } of ktor.routes)
          push({ ...r, line: at(r.offset), ...(func ? { receiver: func } : {}) });
        // A route function called in a route block is mounted there; only its own routes take the prefix.
        for (const c of ktor.calls)
          for (const target of ktorRouteFunctions().get(c.name) ?? []) mount(c.prefix, c.offset, target, c.name);
      }
      if (/\bimport\s+(?:static\s+)?io\.javalin\b/.test(text)) {
        const javalin = javalinRoutes(text);
        for (const r of javalin.routes) push({ ...r, line: at(r.offset) });
        // `path("v1") { MangaAPI.defineEndpoints() }`: the object's routes (declared in its own file) take the prefix.
        for (const c of javalin.calls) {
          // An object of the same package is used without an import: its file sits beside this one.
          const sibling = ['kt', 'java']
            .map((ext) => `${path.posix.dirname(file)}/${c.name}.${ext}`)
            .find((p) => repo.has(p));
          const target = localOf(file, c.name) ?? sibling;
          if (target && target !== file) mount(c.prefix, c.offset, target);
        }
      }
    }
    // Vert.x Web: `router.get("/healthz").handler(…)`, `router.route(HttpMethod.GET, "/x").handler(…)`.
    if ((f.language === 'java' || f.language === 'kotlin') && VERTX_WEB_IMPORT.test(text))
      for (const r of vertxRoutes(text)) push({ ...r, line: at(r.offset) });
    // Route files: Rails' and Hanami's, a Rack app's, and a Sinatra application whatever its file is named.
    if (
      f.language === 'ruby' &&
      (/(^|\/)config\/routes\.rb$|(^|\/)app\.rb$|config\.ru$/.test(file) || SINATRA_APP.test(text))
    ) {
      const drawRoot = /^(.*\bconfig)\/routes\.rb$/.exec(file)?.[1];
      railsRouteFile(repo, file, [], drawRoot === undefined ? undefined : `${drawRoot}/routes`, raw, new Set());
    }
  }
  grapeRoutes(repo, files, raw);
  // @fastify/autoload: a module in a sub-folder of a loaded folder serves its routes under the folder's name.
  for (const p of fastifyAutoloadPrefixes(repo, files))
    if (code.isCode(p.from, p.line)) mounts.push({ prefix: p.prefix, file: p.from, line: p.line, target: p.target });
  // Nested blueprints and routers: a mount registered on another blueprint takes the prefix that blueprint is mounted
  // under (resolved once, outermost first; a cycle or a depth past 5 stops).
  if (nestedParent.size) {
    const composed = new Map<ServiceMount, string>();
    const effective = (m: ServiceMount, depth: number): string => {
      const done = composed.get(m);
      if (done !== undefined) return done;
      const parent = nestedParent.get(m);
      let outer: ServiceMount | undefined;
      if (parent && 'local' in parent)
        outer = mounts.find((x) => x !== m && x.file === m.file && nestedChild.get(x) === parent.local);
      else if (parent)
        outer = mounts.find((x) => x !== m && x.target === parent.file && (!x.receiver || x.receiver === parent.attr));
      // Flask: a url_prefix given when the parent blueprint is registered replaces the parent's own.
      const own = parent && 'local' in parent && !(parent.blueprint && outer?.prefix) ? parent.own : '';
      const value =
        outer && depth < 5
          ? joinPath(effective(outer, depth + 1), own, m.prefix)
          : own
            ? joinPath(own, m.prefix)
            : m.prefix;
      composed.set(m, value);
      return value;
    };
    for (const m of mounts) if (nestedParent.has(m)) effective(m, 0);
    for (const [m, value] of composed) m.prefix = value;
  }
  // Routers included into a mounted sub-application take the sub-application's prefix too.
  for (const [m, via] of includedVia) {
    const sub = mounts.find((x) => x.file === m.file && x.target === m.file && x.receiver === via);
    if (sub && m.file === sub.file && m.line !== sub.line) m.prefix = joinPath(sub.prefix, m.prefix);
  }
  // `${file}\0${mounter}`: `mounter` mounts `file` (and is not `file`), for the second level of prefixes below.
  const mountedBy = new Set(
    mounts.filter((m2) => m2.target !== undefined && m2.file !== m2.target).map((m2) => `${m2.target}\0${m2.file}`),
  );
  // The prefixes depend on the route's file and receiver only: worked out once for each (a file declares many routes).
  const prefixes = new Map<string, { outer: string[]; own: string; outer2: string[] }>();
  const prefixesOf = (
    file: string,
    receiver: string | undefined,
  ): { outer: string[]; own: string; outer2: string[] } => {
    const key = `${file}\0${receiver ?? ''}`;
    let p = prefixes.get(key);
    if (!p) {
      // An application has one global prefix: several `setGlobalPrefix('api')` calls are separate entry points (the
      // API and a collaboration server each bootstrapping Nest), not prefixes that add up (`/api/api/health`).
      const global = mounts.find((m) => m.target === '*');
      // One function or router mounted twice under the same prefix (`initSlaveFileRouter(v4)` in two routers) is one
      // prefix, not two in a row.
      const outer = [
        ...new Set(
          mounts
            .filter((m) => (m.target === file && (!m.receiver || m.receiver === receiver)) || m === global)
            .map((m) => m.prefix),
        ),
      ];
      // Flask: register_blueprint(url_prefix=...) replaces the Blueprint's own url_prefix; FastAPI prefixes add up.
      const flaskOverride = outer.some(Boolean) && /\bBlueprint\(/.test(repo.read(file) ?? '');
      const own = flaskOverride ? '' : (filePrefix.get(file) ?? '');
      // Two levels: the mount of the file that mounts this one (app.use('/api', api) where api.use('/v1', items)).
      const outer2 = mounts
        .filter((m) => m.target && m.target !== '*' && m.target !== m.file && mountedBy.has(`${file}\0${m.target}`))
        .map((m) => m.prefix);
      p = { outer, own, outer2 };
      prefixes.set(key, p);
    }
    return p;
  };
  const routes: ServiceRoute[] = raw.map(({ receiver, ...r }) => {
    const { outer, own, outer2 } = prefixesOf(r.file, receiver);
    const namespaced = receiver === undefined ? undefined : namespacePrefix.get(`${r.file}\0${receiver}`);
    const fullPath =
      r.framework === 'nestjs' ||
      r.framework === 'inversify' ||
      r.framework === 'nextjs' ||
      r.framework === 'rails' ||
      r.framework === 'spring'
        ? joinPath(...outer, r.path)
        : joinPath(
            ...outer2,
            ...outer,
            // A flask-restx namespace's routes belong to its Api, not to a Blueprint the file declares for other views.
            ...(namespaced === undefined ? [own] : [namespaced]),
            // Enclosing groups, outermost first (a group opened earlier encloses one opened later).
            ...groupPrefixes
              .filter((g) => g.file === r.file && g.from <= r.line && r.line <= g.to)
              .sort((a, b) => a.from - b.from || b.to - a.to)
              .map((g) => g.prefix),
            r.path,
          );
    return { ...r, fullPath: fullPath === '/' && r.path === '' ? '/' : fullPath, reached: reachable(r.file) };
  });
  markPages(repo, files, imports, routes);
  routes.push(...protoRoutes(repo, files, reachable));
  return { routes, mounts };
}

/**
 * gRPC/Connect services declared in .proto files: one route per rpc at /<package>.<Service>/<Method>, and the
 * HTTP routes a google.api.http annotation maps it to (grpc-gateway). Reached when code the service runs registers
 * the service (RegisterXServer, NewXHandler, RegisterXHandlerFromEndpoint). A tonic service whose .proto is not in
 * the repository has its rpcs read from the impl of its generated trait (src/facts/routes-rust.ts tonicTraitMethods).
 */
function protoRoutes(repo: RepoIndex, files: string[], reachable: (p: string) => boolean): ServiceRoute[] {
  const protos = repo.files.filter((f) => f.path.endsWith('.proto') && !f.isTest && !f.tooLarge);
  const rustImpls = files.filter((f) => f.endsWith('.rs') && reachable(f));
  if (!protos.length && !rustImpls.length) return [];
  const registered = new Map<string, boolean>();
  const isRegistered = (svc: string): boolean => {
    if (!registered.has(svc)) {
      // grpcio (grpc-rs) generates `create_<service in snake case>(impl)`, the service its ServerBuilder registers
      // (`ServerBuilder::new(env).register_service(create_greeter(svc))`), in Rust files that use grpcio.
      const create = `create_${svc.replace(/(?<=[a-z0-9])([A-Z])/g, '_$1').toLowerCase()}`;
      const grpcio = new RegExp(`(?<!\\bfn\\s+)\\b${create}\\s*\\(`);
      const re = new RegExp(
        // grpc-go, Connect, grpc-java, tonic (`GreeterServer::new(svc)`), grpc-dotnet (`: Greeter.GreeterBase`), grpc-js
        // (`server.addService(proto.shop.Greeter.service, impl)`, generated `GreeterService`).
        `\\bRegister${svc}(?:Server|Handler\\w*)\\(|\\bNew${svc}Handler\\(|\\b${svc}ImplBase\\b|\\b${svc}Grpc\\.|\\b${svc}Server::(?:new|with_interceptor|from_arc)\\(|\\b${svc}\\.${svc}Base\\b|\\.addService\\(\\s*(?:[\\w.]+\\.)?${svc}(?:\\.service|Service)\\b`,
      );
      registered.set(
        svc,
        // Every alternative names the service: a file without the name cannot match (most files).
        files.some((f) => {
          if (f.endsWith('.pb.go') || /\.g\.cs$/.test(f) || !reachable(f)) return false;
          const text = repo.read(f) ?? '';
          if (f.endsWith('.rs') && text.includes(create) && /\bgrpcio\b/.test(text) && grpcio.test(text)) return true;
          return text.includes(svc) && re.test(text);
        }),
      );
    }
    return registered.get(svc)!;
  };
  const out: ServiceRoute[] = [];
  for (const f of protos) {
    const text = repo.read(f.path) ?? '';
    const pkg = /^\s*package\s+([\w.]+)\s*;/m.exec(text)?.[1];
    for (const svc of text.matchAll(/^\s*service\s+(\w+)\s*\{/gm)) {
      const reached = isRegistered(svc[1]!);
      const end = text.indexOf('\n}', svc.index!);
      const body = text.slice(svc.index!, end < 0 ? undefined : end);
      for (const rpc of body.matchAll(/\brpc\s+(\w+)\s*\(/g)) {
        const line = repo.lineAt(f.path, svc.index! + rpc.index!);
        const p = `/${pkg ? `${pkg}.` : ''}${svc[1]}/${rpc[1]}`;
        out.push({
          method: 'POST',
          path: p,
          fullPath: p,
          file: f.path,
          line,
          framework: 'grpc',
          handler: rpc[1],
          reached,
        });
        const rest = body.slice(
          rpc.index!,
          body.indexOf('rpc ', rpc.index! + 4) > 0 ? body.indexOf('rpc ', rpc.index! + 4) : undefined,
        );
        // The block form (`option (google.api.http) = { get: "/v1/x" }`) and the one-line form (`option
        // (google.api.http).get = "/healthcheck";`).
        for (const h of rest.matchAll(/\b(get|post|put|patch|delete)\s*(?::|(?<=\)\.\w+)\s*=)\s*"([^"]+)"/g)) {
          const hl = repo.lineAt(f.path, svc.index! + rpc.index! + h.index!);
          out.push({
            method: h[1]!.toUpperCase(),
            path: h[2]!,
            fullPath: h[2]!,
            file: f.path,
            line: hl,
            framework: 'grpc-gateway',
            handler: rpc[1],
            reached,
          });
        }
      }
    }
  }
  const defined = new Set(out.filter((r) => r.framework === 'grpc').map((r) => r.path.split('/')[1]!.split('.').pop()));
  for (const f of rustImpls)
    for (const t of tonicTraitMethods(repo.read(f) ?? '')) {
      if (defined.has(t.service) || !isRegistered(t.service)) continue;
      const line = repo.lineAt(f, t.offset);
      out.push({
        method: 'POST',
        path: t.path,
        fullPath: t.path,
        file: f,
        line,
        framework: 'grpc',
        handler: t.method,
        reached: true,
      });
    }
  return out;
}

/** Server-side rendering: a template executed or a view named, not a JSON answer. */
const RENDERS: Record<string, RegExp> = {
  go: /\.(?:HTML|ExecuteTemplate|Success)\s*\(|\btemplates?\.Execute\w*\(|\bc\.Render\(\s*\w+\s*,\s*"|\bhttp\.Redirect\(|\.Set\(\s*"[Ll]ocation"|\bc\.Redirect\w*\(/,
  node: /\b(?:res|response|reply|ctx|h)\.(?:render|view|redirect)\s*\(/,
  python:
    /\brender_template(?:_string)?\s*\(|\brender\(\s*request\b|\bTemplateResponse\s*\(|\brender_to_response\s*\(|\bredirect\s*\(|\bHttpResponseRedirect\s*\(|\b(?:TemplateView|ListView|DetailView|FormView|CreateView|UpdateView|DeleteView|RedirectView|LoginView|LogoutView)\b|\btemplate_name\s*=/,
};
const ANSWERS_JSON = /\.(?:JSON|IndentedJSON|JSONP|SecureJSON)\s*\(|json\.NewEncoder\(|\bres\.json\(|\.send\(\s*\{/;

/** The body of the Go function a route handler names, from its definition to the closing brace at column 0. */
function goHandlerBody(
  repo: RepoIndex,
  files: string[],
  imports: ImportFacts,
  from: string,
  handler: string,
): string | undefined {
  const name = /^([\w.]+)$/.exec(handler)?.[1];
  if (!name) return undefined;
  const file = goFunctionFile(repo, files, imports, from, name);
  if (!file) return undefined;
  const text = repo.read(file) ?? '';
  const simple = name.split('.').pop()!;
  const at = goDefs(repo, file).first.get(simple);
  if (at === undefined) return undefined;
  const end = text.indexOf('\n}', at);
  return text.slice(at, end < 0 ? undefined : end);
}

/**
 * Marks routes whose handler renders a page: Spring @Controller methods without @ResponseBody, Express/Koa/Fastify
 * handlers calling render/view, Go handlers executing a template. API rules (versioning) judge the other routes.
 */
function markPages(repo: RepoIndex, files: string[], imports: ImportFacts, routes: ServiceRoute[]): void {
  // Per file, the line each top-level type starts on and whether it is a page controller.
  const springPage = new Map<string, { line: number; page: boolean }[]>();
  for (const r of routes) {
    if (r.framework === 'spring') {
      let types = springPage.get(r.file);
      if (!types) {
        const text = repo.read(r.file) ?? '';
        types = jvmTypeSections(text).map((t) => ({
          line: text.slice(0, t.start).split('\n').length,
          page: /@Controller\b/.test(t.header) && !/@RestController\b|@ResponseBody\b/.test(t.header),
        }));
        springPage.set(r.file, types);
      }
      if (!types.findLast((t) => t.line <= r.line)?.page) continue;
      const around = repo
        .lines(r.file)
        .slice(Math.max(0, r.line - 4), r.line + 3)
        .join('\n');
      if (!/@ResponseBody\b|ResponseEntity</.test(around)) r.page = true;
    } else if (r.framework === 'go') {
      const body = r.handler
        ? goHandlerBody(repo, files, imports, r.file, r.handler)
        : repo
            .lines(r.file)
            .slice(r.line - 1, r.line + 15)
            .join('\n');
      if (body && RENDERS.go!.test(body) && !ANSWERS_JSON.test(body)) r.page = true;
    } else if (r.framework === 'node') {
      const body = repo
        .lines(r.file)
        .slice(r.line - 1, r.line + 12)
        .join('\n');
      if (RENDERS.node!.test(body) && !ANSWERS_JSON.test(body)) r.page = true;
    } else if (repo.get(r.file)?.language === 'python') {
      const body = pyHandlerBody(repo, files, r);
      if (body && RENDERS.python!.test(body) && !PY_ANSWERS_JSON.test(body)) r.page = true;
    } else if (r.framework === 'rails') {
      if (railsPage(repo, files, r)) r.page = true;
    }
  }
}

const PY_ANSWERS_JSON =
  /\bjsonify\(|\bJsonResponse\(|\bJSONResponse\(|\bjson\.dumps\(|^\s*return\s*[[{]|\bResponse\(\s*(?:data\s*=\s*)?[[{]|\bserializer\b|\bAPIView\b|\bViewSet\b|\bResource\b/m;

/**
 * The source of a Python route's handler: the def under a decorator route, or the view a URL pattern names
 * (Django `views.edit` / `EditView.as_view()`), looked up in the project's Python files.
 */
function pyHandlerBody(repo: RepoIndex, files: string[], r: ServiceRoute): string | undefined {
  const lines = repo.lines(r.file);
  const decorated = /^\s*@/.test(lines[r.line - 1] ?? '');
  if (decorated) {
    let i = r.line;
    while (
      i < lines.length &&
      /^\s*@|^\s*[)\]"'\w=,.\s]*$/.test(lines[i] ?? '') &&
      !/^\s*(?:async\s+)?def\s/.test(lines[i] ?? '')
    )
      i++;
    return bodyFrom(lines, i);
  }
  if (!r.handler) return undefined;
  const name = r.handler.split('.').pop()!;
  const dir = r.file.includes('/') ? r.file.slice(0, r.file.lastIndexOf('/') + 1) : '';
  if (/^\w+$/.test(name)) {
    // The project's file defining the name, those beside the route's file first (pyDefs: once per file).
    const defining = pyDefiners(repo, files).get(name) ?? [];
    const f = defining.find((d) => d.startsWith(dir)) ?? defining.find((d) => !d.startsWith(dir));
    return f === undefined ? undefined : bodyFrom(repo.lines(f), repo.lineAt(f, pyDefs(repo, f).get(name)!) - 1);
  }
  const re = new RegExp(`^\\s*(?:async\\s+)?(?:def|class)\\s+${name}\\b`, 'm');
  const candidates = files.filter((f) => f.endsWith('.py'));
  const home = candidates.filter((f) => f.startsWith(dir)).concat(candidates.filter((f) => !f.startsWith(dir)));
  for (const f of home) {
    const text = repo.read(f);
    if (!text?.includes(name)) continue;
    const m = re.exec(text);
    if (m) return bodyFrom(repo.lines(f), repo.lineAt(f, m.index + m[0].length - name.length) - 1);
  }
  return undefined;
}

const PY_DEF_AT = /\s*(?:async\s+)?(?:def|class)\s+(\w+)/y;
const LINE_BREAK = /[\n\r\u2028\u2029]/g;

/**
 * The defs and classes of a Python file: name → offset of the name in its first definition. The same answer as
 * `^\s*(?:async\s+)?(?:def|class)\s+NAME\b` (multiline) for each word NAME, tried at every line start: the keyword is
 * the first non-space character after the start, the name the whole word after it. Once per repository file.
 */
function pyDefs(repo: RepoIndex, file: string): Map<string, number> {
  return repo.fileMemo('py-defs', file, () => {
    const text = repo.read(file) ?? '';
    const out = new Map<string, number>();
    if (!text.includes('def') && !text.includes('class')) return out;
    const at = (start: number): void => {
      PY_DEF_AT.lastIndex = start;
      const m = PY_DEF_AT.exec(text);
      if (m && !out.has(m[1]!)) out.set(m[1]!, m.index + m[0].length - m[1]!.length);
    };
    at(0);
    for (const b of text.matchAll(LINE_BREAK)) at(b.index! + 1);
    return out;
  });
}

/** Per list of files (a view's, kept while it lives): name → the Python files of the list defining it, in list order. */
const pyDefinersOf = new WeakMap<string[], Map<string, string[]>>();
function pyDefiners(repo: RepoIndex, files: string[]): Map<string, string[]> {
  let index = pyDefinersOf.get(files);
  if (!index) {
    index = new Map();
    for (const f of files) {
      if (!f.endsWith('.py')) continue;
      for (const name of pyDefs(repo, f).keys()) {
        const list = index.get(name);
        if (list) list.push(f);
        else index.set(name, [f]);
      }
    }
    pyDefinersOf.set(files, index);
  }
  return index;
}

/** A def or class and its indented body, from its first line. */
function bodyFrom(lines: string[], start: number): string {
  const head = lines[start] ?? '';
  const indent = /^\s*/.exec(head)![0].length;
  const out = [head];
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.trim() && /^\s*/.exec(l)![0].length <= indent && !/^\s*[)\]]/.test(l)) break;
    out.push(l);
  }
  return out.join('\n');
}

/**
 * A Rails route served by a controller that renders HTML: its action (or the whole controller, for resources)
 * neither renders JSON nor inherits an API base, and the app keeps views for it. Redirect routes are pages too.
 */
function railsPage(repo: RepoIndex, files: string[], r: ServiceRoute): boolean {
  const line = repo.lines(r.file)[r.line - 1] ?? '';
  if (/\bredirect\(/.test(line)) return true;
  // get 'reports/monthly' (no to:) routes to reports#monthly.
  const implicit = /^\s*(?:get|post|put|patch|delete)\s+\(?\s*["']\/?(\w+)\/(\w+)["']\s*$/.exec(line);
  const to =
    r.handler ?? /\bresources?\s+:(\w+)/.exec(line)?.[1] ?? (implicit ? `${implicit[1]}#${implicit[2]}` : undefined);
  // A full (not API-only) Rails app that keeps HTML views: what is not under /api and not JSON is a page.
  const htmlApp =
    !repo.grepFirst(/^\s*config\.api_only\s*=\s*true/, { paths: ['config/application.rb'] }) &&
    repo.files.some((f) => /(^|\/)app\/views\/.*\.html\.\w+$/.test(f.path));
  const apiPath = /^\/(?:api|v\d+)(?:\/|$)|\.json$/.test(r.fullPath);
  if (!to) return htmlApp && !apiPath;
  const [ctrlName, action] = to.includes('#') ? to.split('#') : [to, undefined];
  const ctrl = ctrlName!.replace(/^\//, '');
  const ns = r.fullPath
    .split('/')
    .filter((s) => s && !s.startsWith(':') && !s.includes('.'))
    .slice(0, -1);
  const candidates = files.filter((f) => f.endsWith(`/${ctrl.split('/').pop()}_controller.rb`));
  const file =
    candidates.find((f) => f.endsWith(`app/controllers/${[...ns, ctrl].join('/')}_controller.rb`)) ??
    candidates.find((f) => f.endsWith(`app/controllers/${ctrl}_controller.rb`)) ??
    (candidates.length === 1 ? candidates[0] : undefined);
  if (!file) return htmlApp && !apiPath;
  const text = repo.read(file) ?? '';
  if (/<\s*(?:ActionController::API|[\w:]*Api[\w:]*(?:Controller|Base))\b/.test(text)) return false;
  const answersJson = /\brender\s*\(?\s*json:|\brender\s+:json\b|\bformat\.json\b|\brespond_with\b|\.jbuilder\b/;
  const body = action ? rubyMethodBody(text, action) : text;
  if (answersJson.test(body ?? '') && !/\bformat\.html\b/.test(body ?? '')) return false;
  const viewDir = file.replace(/^(.*?)app\/controllers\//, '$1app/views/').replace(/_controller\.rb$/, '/');
  return (
    (htmlApp && !apiPath) ||
    repo.files.some((f) => f.path.startsWith(viewDir) && /\.html\.\w+$|\.(?:erb|haml|slim)$/.test(f.path))
  );
}

/** The text of `def name` in a Ruby file up to the `end` at its indentation. */
function rubyMethodBody(text: string, name: string): string | undefined {
  const m = new RegExp(`^(\\s*)def\\s+${escapeRegExp(name)}\\b`, 'm').exec(text);
  if (!m) return undefined;
  const rest = text.slice(m.index);
  const end = new RegExp(`^${m[1]}end\\b`, 'm').exec(rest.slice(m[0].length));
  return end ? rest.slice(0, m[0].length + end.index) : rest.slice(0, 2000);
}

/** The string value assigned to a Python name (`API_V1_STR: str = "/api/v1"`), when exactly one literal assignment exists. */
function pyConstant(repo: RepoIndex, files: string[], name: string): string | undefined {
  const re = new RegExp(`^\\s*${name}\\s*(?::\\s*[\\w\\[\\]]+\\s*)?=\\s*["']([^"']*)["']`, 'm');
  const values = new Set<string>();
  for (const f of files) {
    if (!f.endsWith('.py')) continue;
    const v = re.exec(repo.read(f) ?? '')?.[1];
    if (v !== undefined) values.add(v);
  }
  return values.size === 1 ? [...values][0] : undefined;
}

// Middleware registrations read from a file's whole text, by language (the name is the first group that matched). Made
// once: the literal prefilter of a pattern (RepoIndex.mayMatch) is kept per pattern object.
const PY_MIDDLEWARE = [/\.add_middleware\(\s*([\w.]+)/g, /\bMiddleware\(\s*([\w.]+)/g, /\.wsgi_app\s*=\s*([\w.]+)\(/g];
const JS_MIDDLEWARE = [
  /\.register\(\s*(?:import\(\s*["']([^"']+)["']\s*\)|require\(\s*["']([^"']+)["']\s*\)|([\w$.]+))/g,
  /\.useGlobal(?:Filters|Pipes|Interceptors|Guards)\(\s*(?:new\s+)?([\w$.]+)/g,
  /\bconsumer\s*\.apply\(\s*([\w$.]+)/g,
  /\bprovide\s*:\s*(APP_(?:FILTER|PIPE|INTERCEPTOR|GUARD))/g,
  /\.ext\(\s*["'](on\w+)["']/g,
  /\.addHook\(\s*["'](on\w+|preHandler|preValidation)["']/g,
];
const RUBY_MIDDLEWARE = [
  /\bconfig\.middleware\.(?:use|insert_before|insert_after|insert)\s*\(?\s*(?:[\w:]+\s*,\s*)?([\w:]+)/g,
  /^\s*use\s+([\w:]+)/gm,
];
const JVM_MIDDLEWARE = [
  /\.addFilter(?:Before|After|At)?\(\s*(?:new\s+)?([\w.]+)/g,
  /\bclass\s+(\w+)[^{]*\b(?:extends|:)\s*(?:OncePerRequestFilter|GenericFilterBean|Filter|HandlerInterceptor)\b/g,
  /\.addInterceptor\(\s*(?:new\s+)?([\w.]+)/g,
];

function extractMiddleware(
  repo: RepoIndex,
  code: CodeFacts,
  files: string[],
  reachable: (p: string) => boolean,
): ServiceMiddleware[] {
  const out: ServiceMiddleware[] = [];
  for (const file of files) {
    const text = repo.read(file);
    if (text === undefined) continue;
    const f = repo.get(file)!;
    const add = (name: string, offset: number, factory?: string, from?: { pkg: string; member?: string }): void => {
      const line = repo.lineAt(file, offset);
      if (!code.isCode(file, line)) return;
      out.push({
        name,
        file,
        line,
        text: repo.lineText(file, line) ?? '',
        reached: reachable(file),
        ...(factory ? { factory } : {}),
        ...(from ? { from: { pkg: from.pkg, ...(from.member ? { member: from.member } : {}) } } : {}),
      });
    };
    let res: readonly RegExp[] = [];
    if (f.language === 'python') {
      res = PY_MIDDLEWARE;
      for (const m of text.matchAll(/^[ \t]*@\w+\.middleware\(\s*["']http["']\s*\)\s*\n\s*(?:async\s+)?def\s+(\w+)/gm))
        add(m[1]!, m.index!);
      for (const m of text.matchAll(
        /^[ \t]*@\w+\.(before_request|after_request|teardown_request|before_app_request|after_app_request)\b[^\n]*\n\s*def\s+(\w+)/gm,
      ))
        add(`${m[1]}:${m[2]}`, m.index!);
      const block = /^\s*MIDDLEWARE(?:_CLASSES)?\s*=\s*[[(]([\s\S]*?)[\])]/m.exec(text);
      if (block) {
        const start = block.index + block[0].indexOf(block[1]!);
        for (const m of block[1]!.matchAll(/["']([\w.]+)["']/g)) add(m[1]!, start + m.index!);
        // An entry named by a setting of the module (`CUSTOM_AUTH_MIDDLEWARE = "accounts.middleware.AuthMiddleware"`,
        // then `CUSTOM_AUTH_MIDDLEWARE,` in the list): the path the setting holds.
        for (const m of block[1]!.matchAll(/^[ \t]*([A-Z][A-Z0-9_]*)[ \t]*,?[ \t]*(?:#[^\n]*)?$/gm)) {
          const value = new RegExp(`^${escapeRegExp(m[1]!)}\\s*=\\s*["']([\\w.]+)["']`, 'm').exec(text)?.[1];
          if (value) add(value, start + m.index! + m[0].indexOf(m[1]!));
        }
      }
    } else if ((f.language === 'javascript' || f.language === 'typescript') && tsServerFile(repo, file, text)) {
      for (const m of tsServerFile(repo, file, text)!.middleware) {
        if (!code.isCode(file, m.line)) continue;
        out.push({
          name: m.name,
          file,
          line: m.line,
          text: repo.lineText(file, m.line)?.trim() ?? '',
          reached: reachable(file),
        });
      }
    } else if (f.language === 'javascript' || f.language === 'typescript') {
      // Every argument of app.use(...) is a registration, on whatever variable holds the application or router. Most
      // files have no `.use(` at all: they are not lexed (the masked text only blanks characters, so it has none either).
      const masked = text.includes('.use(') ? (code.text(file) ?? text) : '';
      const use = masked && new RegExp(`(?<![\\w$])(?:${jsReceivers(masked)})\\.use\\(`, 'g');
      for (const m of use ? masked.matchAll(use) : []) {
        const open = m.index! + m[0].length;
        for (const arg of topLevelArgs(masked, open)) {
          const name = /^(?:new\s+)?([\w$][\w$.]*)/.exec(text.slice(arg.start, arg.end).trim())?.[1];
          // Inline handlers (async (req, res) => …, function (…) {…}) are not named registrations.
          if (name && !/^(?:async|function|await)$/.test(name)) {
            // A variable the file made (`const check = expressjwt({...}); app.use(check)`) comes from what made it.
            const made = jsImportedAs(text, name) ? undefined : jsFactory(masked, name);
            const from = jsImportOf(text, name) ?? (made ? jsImportOf(text, made) : undefined);
            add(name, arg.start, jsImportedAs(text, name) ?? made, from);
          }
        }
      }
      res = JS_MIDDLEWARE;
    } else if (f.language === 'go') {
      // Most Go files register no middleware: the scan runs only on a text holding its literal part. Every argument of
      // `r.Use(a, b, c)` is a registration (chi and echo take several), each at its own line.
      if (text.includes('.Use(') || text.includes('.Pre('))
        for (const m of text.matchAll(/\b\w+\.(?:Use|Pre)\(/g))
          for (const a of goArgs(text, m.index! + m[0].length - 1)) {
            const name = /^&?([A-Za-z_][\w.]*)/.exec(a.text)?.[1];
            if (name && name !== 'func') add(name, a.start);
          }
    } else if (f.language === 'ruby') {
      res = RUBY_MIDDLEWARE;
    } else if (f.language === 'java' || f.language === 'kotlin') {
      res = JVM_MIDDLEWARE;
    }
    for (const re of res)
      if (repo.mayMatch(re, file, text)) for (const m of text.matchAll(re)) add((m[1] ?? m[2] ?? m[3])!, m.index!);
  }
  return out;
}

/** The top-level arguments of a Go call whose '(' is at `open`, with the offset each starts at. */
function goArgs(text: string, open: number): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let level = 0;
  let start = open + 1;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    if (raw.trim()) out.push({ text: raw.trim(), start: start + lead });
  };
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === '`' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' && c !== '`' ? 2 : 1;
      i = j;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      if (level === 1 && text.slice(start, i).trim() === '') start = nl < 0 ? text.length : nl + 1;
      i = nl < 0 ? text.length : nl;
      continue;
    }
    if (c === '(' || c === '{' || c === '[') level++;
    else if (c === ')' || c === '}' || c === ']') {
      level--;
      if (level === 0) {
        push(i);
        return out;
      }
    } else if (c === ',' && level === 1) {
      push(i);
      start = i + 1;
    }
  }
  return out;
}

/** What makes an HTTP client: a client library, a `create…Client` factory, a `…Client`/`…Api` class or getter. */
const HTTP_CLIENT_INIT =
  /\b(?:axios|got|ky|superagent|undici|ofetch|\$fetch)\b|\bcreate\w*Client\b|\bnew\s+\w*(?:Client|Api|SDK)\b|\bthis\.#?\w*(?:[cC]lient|[aA]pi)\w*\s*\(|\bget\w*(?:Api|Client)\s*\(/;

/**
 * JS/TS: a receiver the file itself makes as an HTTP client (`const api = await this.#getApi()`, `const api =
 * axios.create(…)`): its `.get('/x', config)` and `.delete('/x')` are requests it sends, not routes.
 */
function madeAsHttpClient(text: string, receiver: string): boolean {
  if (!/^[\w$]+$/.test(receiver)) return false;
  const init = new RegExp(
    `(?:const|let|var)\\s+${receiver.replace(/\$/g, '\\$')}\\s*(?::[^=\\n]+)?=\\s*(?:await\\s+)?([^;\\n]+)`,
  ).exec(text)?.[1];
  return !!init && HTTP_CLIENT_INIT.test(init);
}

/** Names that hold an application or router in a JS/TS file: the usual ones, and whatever the file calls its own. */
function jsReceivers(text: string): string {
  const names = new Set(['app', 'server', 'router', 'api', 'fastify', 'instance', 'koa', 'application', '\\w*[aA]pp']);
  // const srv = express(); const r = express.Router(); let web = new Koa(); const h = new Hono();
  for (const m of text.matchAll(
    /(?:const|let|var)\s+([\w$]+)\s*(?::[^=\n]+)?=\s*(?:await\s+)?(?:new\s+)?(?:express(?:\.Router)?|Router|Koa|fastify|Fastify|Hono|polka|connect|restify\.createServer|NestFactory\.create\w*)\s*[(<]/g,
  ))
    names.add(m[1]!.replace(/\$/g, '\\$'));
  // function secure(srv: Express) / (router: express.Router) / (instance: FastifyInstance)
  for (const m of text.matchAll(
    /[(,]\s*([\w$]+)\s*:\s*(?:express\.)?(?:Express|Application|Router|FastifyInstance|Koa|Hono)\b/g,
  ))
    names.add(m[1]!.replace(/\$/g, '\\$'));
  return [...names].join('|');
}

/** The function a variable of the file was made by: `const secure = helmet({...})` → 'helmet'. */
function jsFactory(text: string, name: string): string | undefined {
  if (!/^[\w$]+$/.test(name)) return undefined;
  const re = new RegExp(
    `(?:const|let|var)\\s+${name.replace(/\$/g, '\\$')}\\s*(?::[^=\\n]+)?=\\s*(?:await\\s+)?(?:new\\s+)?([\\w$][\\w$.]*)\\s*\\(`,
  );
  return re.exec(text)?.[1];
}

/**
 * JS/TS: the package a registered name comes from, whatever the project calls it: `const protect = require('helmet')`,
 * `import protect from 'helmet'`, `import * as protect from 'helmet'` (the module), `const { expressjwt: requireToken }
 * = require('express-jwt')`, `import { auth as oidc } from 'express-openid-connect'`, `const guard =
 * require('express-jwt').expressjwt` (one export), and a member of any of them (`oidc.auth` → member 'auth').
 * Reads the raw text: the masked one blanks the module specifier. Relative imports are the project's own: undefined.
 */
export function jsImportOf(text: string, name: string): { pkg: string; member?: string; named: boolean } | undefined {
  const [base, ...rest] = name.split('.');
  if (!base || !/^[\w$]+$/.test(base)) return undefined;
  const id = base.replace(/\$/g, '\\$');
  const spec = `["']([^"']+)["']`;
  const join = (...parts: (string | undefined)[]): string | undefined => parts.filter(Boolean).join('.') || undefined;
  const found = (pkg: string | undefined, member: string | undefined, named: boolean): ReturnType<typeof jsImportOf> =>
    !pkg || pkg.startsWith('.') ? undefined : { pkg, named, ...(member ? { member } : {}) };
  const whole =
    new RegExp(`(?:const|let|var)\\s+${id}\\s*=\\s*require\\(\\s*${spec}\\s*\\)(?:\\.([\\w$]+))?`).exec(text) ??
    new RegExp(`\\bimport\\s+(?:\\*\\s+as\\s+)?${id}\\s*(?:,\\s*\\{[^}]*\\}\\s*)?from\\s+${spec}`).exec(text);
  if (whole) return found(whole[1], join(whole[2], ...rest), Boolean(whole[2]));
  // Destructured or named: `{ exp: local }` (require) or `{ exp as local }` (import), or `{ local }`.
  const lists = [
    ...text.matchAll(new RegExp(`(?:const|let|var)\\s*\\{([^}]*)\\}\\s*=\\s*require\\(\\s*${spec}\\s*\\)`, 'g')),
    ...text.matchAll(new RegExp(`\\bimport\\s+(?:[\\w$]+\\s*,\\s*)?\\{([^}]*)\\}\\s*from\\s+${spec}`, 'g')),
  ];
  for (const m of lists)
    for (const entry of m[1]!.split(',')) {
      const [exp, local] = entry
        .replace(/^\s*type\s+/, '')
        .split(/\s*(?::|\bas\b)\s*/)
        .map((x) => x.trim());
      if ((local ?? exp) === base && exp) return found(m[2], join(exp, ...rest), true);
    }
  return undefined;
}

/**
 * What a registered JS/TS name imported as a whole module was made by, as the package's default export is usually
 * called ('helmet', '@fastify/helmet' → 'helmet', 'koa-helmet' → 'koaHelmet'), so a renamed import still says what it is.
 */
function jsImportedAs(text: string, name: string): string | undefined {
  if (!/^[\w$]+$/.test(name)) return undefined;
  const imp = jsImportOf(text, name);
  if (!imp || imp.named) return undefined;
  return imp.pkg
    .split('/')
    .pop()!
    .replace(/[-_.]+(\w)/g, (_, c: string) => c.toUpperCase());
}

/** The top-level arguments of a call whose `(` ends just before `open`: [start, end) offsets in `text`. */
function topLevelArgs(text: string, open: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let depth = 0;
  let start = open;
  let quote: string | undefined;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) {
        out.push({ start, end: i });
        return out;
      }
      depth--;
    } else if (c === ',' && depth === 0) {
      out.push({ start, end: i });
      start = i + 1;
    }
  }
  return out;
}

const JAXRS_VERB = /@(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\b(?!\s*\()/g;
/** `@Path("/x")`, or `@Path(Paths.ORDERS)` naming a constant (group 2). */
const PATH_ANNOTATION = /@Path\s*\(\s*(?:value\s*=\s*)?(?:"([^"]*)"|((?:\w+\.)*[A-Z_][A-Z0-9_]*)\b)/;

/** A Micronaut method route: `@Get("/x")`, `@Get(uri = "/x")`, or several at once, `@Get(uris = ["/a", "/b"])` (Java `{…}`). */
const MICRONAUT_ROUTE =
  /@(Get|Post|Put|Delete|Patch|Head|Options)\b(?:\s*\(\s*(?:(?:(?:value|uri)\s*=\s*)?"([^"]*)"|uris\s*=\s*[[{]\s*((?:"[^"]*"\s*,?\s*)+)[\]}])[^)]*\))?/g;

/**
 * Routes declared by annotations other than Spring's: JAX-RS resources (`@Path` on the class, `@GET` + `@Path` on
 * methods; Quarkus, Jakarta EE) and Micronaut controllers (`@Controller("/x")`, `@Get("/y")`). REST client interfaces
 * (`@RegisterRestClient`, Micronaut `@Client`) call other services and declare nothing.
 */
export function jvmAnnotatedRoutes(
  text: string,
  implemented: ReadonlySet<string> = new Set(),
  elsewhere?: JvmConstants,
): { method: string; path: string; offset: number; framework: string }[] {
  const out: { method: string; path: string; offset: number; framework: string }[] = [];
  const jaxRs = /\bimport\s+(?:jakarta|javax)\.ws\.rs\b/.test(text);
  const micronaut = /\bimport\s+io\.micronaut\.http\.annotation\b/.test(text);
  if (!jaxRs && !micronaut) return out;
  for (const t of jvmTypeSections(text)) {
    // An interface serves routes only as a JAX-RS contract a class of the project implements.
    const contract = t.kind === 'interface' && implemented.has(t.name);
    if ((t.kind === 'interface' && !contract) || /@RegisterRestClient\b|@Client\b/.test(t.header)) continue;
    const body = text.slice(t.start, t.end);
    if (jaxRs) {
      const prefix = jvmPrefix(text, PATH_ANNOTATION.exec(t.header), elsewhere);
      // Braces of path templates (`@Path("/{id}")`) are no member boundaries: strings are blanked where these are sought.
      const bare = body.replace(/"[^"\n]*"/g, (q) => `"${' '.repeat(q.length - 2)}"`);
      for (const m of body.matchAll(JAXRS_VERB)) {
        // The annotations of this method: from the end of the previous member to the start of its body.
        const before = bare.slice(0, m.index!);
        const start = Math.max(before.lastIndexOf(';'), before.lastIndexOf('}'), before.lastIndexOf('{')) + 1;
        // A contract's methods end at their `;`, a class's at the `{` of the body.
        const bodyAt = bare.indexOf(contract ? ';' : '{', m.index!);
        const block = body.slice(start, bodyAt < 0 ? undefined : bodyAt);
        out.push({
          method: m[1]!,
          path: joinPath(prefix, jvmPrefix(text, PATH_ANNOTATION.exec(block), elsewhere)),
          offset: t.start + m.index!,
          framework: 'jax-rs',
        });
      }
    }
    const ctl = micronaut
      ? /@Controller\b(?:\s*\(\s*(?:value\s*=\s*)?(?:"([^"]*)"|((?:\w+\.)*[A-Z_][A-Z0-9_]*)\b))?/.exec(t.header)
      : null;
    if (ctl)
      for (const m of body.matchAll(MICRONAUT_ROUTE)) {
        const uris = m[3] ? [...m[3].matchAll(/"([^"]*)"/g)].map((u) => u[1]!) : [m[2] ?? ''];
        for (const uri of uris)
          out.push({
            method: m[1]!.toUpperCase(),
            // A URI template's query expansion (`/products{?max,offset}`) is no part of the path.
            path: joinPath(jvmPrefix(text, ctl, elsewhere), uri.replace(/\{[?&][^{}]*\}/g, '')),
            offset: t.start + m.index!,
            framework: 'micronaut',
          });
      }
  }
  return out;
}

/** The path a constant of another file holds (`Paths.API_V1`, or `API_V1` imported statically), when known. */
type JvmConstants = (ref: string) => string | undefined;

/**
 * A class's path prefix from its annotation's match: the literal (group 1), or the path a constant named in group 2
 * holds in this file (`@Controller(OrderController.API_V1_ORDERS)` over a companion's `const val`) or in another file
 * of the project (`@RequestMapping(Paths.API_V1)`).
 */
function jvmPrefix(text: string, m: RegExpExecArray | null, elsewhere?: JvmConstants): string {
  if (m?.[1] !== undefined) return m[1];
  const ref = m?.[2];
  return (ref && (constantPath(text, ref.split('.').pop()!) ?? elsewhere?.(ref))) || '';
}

/** A path constant of Kotlin (`const val API_V1 = "/api/v1"`) or Java (`static final String API_V1 = "/api/v1"`). */
const JVM_PATH_CONSTANT =
  /\b(?:const\s+val|static\s+final\s+String|final\s+static\s+String)\s+([A-Z_][A-Z0-9_]*)\s*(?::\s*String\s*)?=\s*"(\/[^"$]*)"/g;

/**
 * The path constants of the project's Java and Kotlin files, resolved by name: a qualified reference (`Paths.API_V1`)
 * takes the constant the top-level type of that name holds; a name held by several types with different paths is
 * unknown.
 */
function jvmConstants(repo: RepoIndex, files: readonly string[]): JvmConstants {
  let named: ((ref: string) => OwnedConstant<string>[]) | undefined;
  return (ref) => {
    if (!named) {
      const found: OwnedConstant<string>[] = [];
      for (const file of files) {
        const lang = repo.get(file)?.language;
        const text = lang === 'java' || lang === 'kotlin' ? repo.read(file) : undefined;
        if (!text?.includes('"/')) continue;
        const types = jvmTypeSections(text);
        for (const m of text.matchAll(JVM_PATH_CONSTANT)) {
          const owner = types.find((t) => t.start <= m.index! && m.index! < t.end)?.name;
          found.push({ name: m[1]!, ...(owner ? { owner } : {}), value: m[2]! });
        }
      }
      named = constantsByReference(found);
    }
    const values = new Set(named(ref).map((c) => c.value));
    return values.size === 1 ? [...values][0] : undefined;
  };
}

/** A top-level type declaration at the start of a line, with annotations written on its own line. */
const JVM_TYPE =
  /^(?:@\w+(?:\([^()\n]*\))?\s+)*(?:(?:public|protected|private|internal|open|abstract|final|sealed|data|static)\s+)*(class|interface|object|record|enum)\s+(\w+)/gm;

/**
 * The top-level classes, interfaces and objects of a Java or Kotlin file: each with its header (the annotations
 * written above it, up to its name) and its body (up to the annotations of the next one), so a controller declared
 * after a DTO or another class keeps its own prefix and routes. A file whose types are all indented is one section.
 */
function jvmTypeSections(text: string): { kind: string; name: string; header: string; start: number; end: number }[] {
  const decls = [...text.matchAll(JVM_TYPE)];
  if (!decls.length) {
    const first = /^\s*(?:(?:public|open|abstract|final|data)\s+)*(class|interface|object)\s+(\w+)?/m.exec(text);
    if (!first) return [];
    const start = first.index + first[0].length;
    return [{ kind: first[1]!, name: first[2] ?? '', header: text.slice(0, start), start, end: text.length }];
  }
  // Where the annotations above a declaration begin: after the last line before it at the margin that is not an
  // annotation (the previous type's closing brace or parenthesis, an import, the package).
  const annotationsFrom = (from: number, to: number): number => {
    let at = from;
    for (const m of text.slice(from, to).matchAll(/^[^\s@].*$/gm)) at = from + m.index! + m[0].length;
    return at;
  };
  return decls.map((d, i) => {
    const start = d.index! + d[0].length;
    const next = decls[i + 1];
    return {
      kind: d[1]!,
      name: d[2]!,
      header: text.slice(annotationsFrom(i ? decls[i - 1]!.index! + decls[i - 1]![0].length : 0, d.index!), start),
      start,
      end: next ? annotationsFrom(start, next.index!) : text.length,
    };
  });
}

/**
 * Route prefixes opened by blocks (`route("/api") {`, `path("api") {`), followed by brace depth: `advance(offset)` counts
 * the braces up to the offset, closes the prefixes whose block ended and returns the depth there.
 */
function prefixScopes(text: string): { stack: { prefix: string; depth: number }[]; advance(to: number): number } {
  const stack: { prefix: string; depth: number }[] = [];
  let depth = 0;
  let pos = 0;
  return {
    stack,
    advance(to) {
      for (; pos < to; pos++) {
        const c = text[pos];
        if (c === '{') depth++;
        else if (c === '}') {
          depth--;
          while (stack.length && stack[stack.length - 1]!.depth > depth) stack.pop();
        }
      }
      return depth;
    },
  };
}

/** A Kotlin extension function of Ktor's routing receiver: `fun Route.sykmeldingApi(service: Service) { … }`. */
const KTOR_ROUTE_FUNCTION = /\bfun\s+(?:Route|Routing)\.(\w+)\s*\(/g;

/**
 * Ktor routing DSL: `route("/api") { get("/items") { … } }`, `get { … }` inside a route, nesting followed by braces.
 * Each route names the `fun Route.x(…)` it is written in (`func`); calls of such functions inside a route block
 * (`route("/api/v2") { authenticate { sykmeldingApi(service) } }`) are mounts of that function's routes under the
 * block's prefix. Strings and comments are not masked: a brace inside a string literal can misplace a prefix (rare in
 * routing code).
 */
export function ktorRoutes(text: string): {
  routes: { method: string; path: string; offset: number; framework: string; func?: string }[];
  calls: { prefix: string; name: string; offset: number }[];
} {
  const routes: { method: string; path: string; offset: number; framework: string; func?: string }[] = [];
  const calls: { prefix: string; name: string; offset: number }[] = [];
  const functions = [...text.matchAll(KTOR_ROUTE_FUNCTION)].map((m) => ({ name: m[1]!, offset: m.index! }));
  const scopes = prefixScopes(text);
  const stack = scopes.stack;
  // A verb or route block, or a call starting its line or a block (`{ sykmeldingApi(service) }`).
  const re =
    /\b(route|get|post|put|delete|patch|head|options)\s*(?:\(\s*"([^"]*)"[^)]*\))?\s*\{|(?<=^[ \t]*|\{[ \t]*)([a-z]\w*)\s*\(/gm;
  for (const m of text.matchAll(re)) {
    const depth = scopes.advance(m.index!);
    const prefix = stack.map((x) => x.prefix).reduce((a, b) => joinPath(a, b), '');
    if (m[3]) {
      if (stack.length) calls.push({ prefix, name: m[3], offset: m.index! });
      continue;
    }
    // A bare `get {` needs an enclosing route; `get(...)` on something else (a map) has a path string here anyway.
    if (m[2] === undefined && (m[1] === 'route' || !stack.length)) continue;
    if (m[1] === 'route') {
      stack.push({ prefix: m[2]!, depth: depth + 1 });
      continue;
    }
    const func = functions.findLast((f) => f.offset < m.index!)?.name;
    routes.push({
      method: m[1]!.toUpperCase(),
      path: joinPath(prefix, m[2] ?? ''),
      offset: m.index!,
      framework: 'ktor',
      ...(func ? { func } : {}),
    });
  }
  return { routes, calls };
}

/**
 * Javalin routes (Java and Kotlin): `app.get("/items", handler)`, `app.post("/items") { ctx -> … }` (also Javalin 7's
 * `config.routes.get(…)`), and the ApiBuilder DSL of statically imported functions: `path("api") { get("items", h) }`,
 * `path("api", () -> { get(h); })`, `crud("users/{id}", controller)`. A path given through a helper call
 * (`prefixed("api/")`) is read by its literal. Nesting is followed by braces, as for Ktor.
 */
export function javalinRoutes(text: string): {
  routes: { method: string; path: string; offset: number; framework: string }[];
  /** Calls of another object's route-defining method (`MangaAPI.defineEndpoints()`) inside a path block. */
  calls: { prefix: string; name: string; offset: number }[];
} {
  const out: { method: string; path: string; offset: number; framework: string }[] = [];
  const calls: { prefix: string; name: string; offset: number }[] = [];
  // Bare calls are Javalin's only where the DSL is in scope: ApiBuilder imported, or Javalin 7's RoutesConfig receiver.
  const bare = /\bimport\s+(?:static\s+)?io\.javalin\.apibuilder\b|\bRoutesConfig\b|\bapiBuilder\s*\{/.test(text);
  const scopes = prefixScopes(text);
  const stack = scopes.stack;
  for (const m of text.matchAll(JAVALIN_ROUTE)) {
    const depth = scopes.advance(m.index!);
    const [, dot, verb, literal, inner, next, object] = m;
    if (object) {
      if (bare && stack.length)
        calls.push({
          prefix: stack.map((x) => x.prefix).reduce((a, b) => joinPath(a, b), ''),
          name: object,
          offset: m.index!,
        });
      continue;
    }
    const path = literal ?? inner;
    if (dot) {
      // `app.get("/x", h)`: a receiver's call answers a path from the root; `map.get("key")` has no handler after it.
      if (verb === 'path' || verb === 'crud' || path === undefined || !path.startsWith('/') || next === ')') continue;
      out.push({ method: verb!.toUpperCase(), path: joinPath(path), offset: m.index!, framework: 'javalin' });
      continue;
    }
    if (!bare) continue;
    const prefix = stack.map((x) => x.prefix).reduce((a, b) => joinPath(a, b), '');
    if (verb === 'path') {
      if (path === undefined) continue;
      const open = JAVALIN_BLOCK.exec(text.slice(m.index! + m[0].length - next!.length, m.index! + m[0].length + 40));
      if (open) stack.push({ prefix: path, depth: depth + 1 });
      continue;
    }
    // A handler without a path (`get(UserController::getAll)`, `get { ctx -> … }`) answers the enclosing path.
    if (path === undefined && !stack.length) continue;
    if (verb === 'crud') {
      if (path === undefined) continue;
      const base = joinPath(prefix, path.replace(/\/\{[^}]*\}\/?$|\/:[\w-]+\/?$/, ''));
      const one = joinPath(prefix, path);
      for (const [method, p] of [
        ['GET', base],
        ['POST', base],
        ['GET', one],
        ['PATCH', one],
        ['DELETE', one],
      ] as const)
        out.push({ method, path: p, offset: m.index!, framework: 'javalin' });
      continue;
    }
    out.push({
      method: verb!.toUpperCase(),
      path: joinPath(prefix, path ?? ''),
      offset: m.index!,
      framework: 'javalin',
    });
  }
  // javalin-routing-extensions: routes built from a path and a method (`route("/api/tokens", GET) { … }`, or a
  // project's own route class over the DSL: `ReposiliteRoute("/api/tokens", Route.GET) { … }`).
  if (/\bimport\s+io\.javalin\.community\.routing\b/.test(text))
    for (const m of text.matchAll(JAVALIN_DSL_ROUTE))
      out.push({ method: m[2]!, path: joinPath(m[1]!), offset: m.index!, framework: 'javalin' });
  return { routes: out, calls };
}

/** An Otto routes line: the method, the path and the class and method answering it (`Core::Controllers::Health#index`). */
const OTTO_ROUTE_LINE = /^[ \t]*(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)[ \t]+(\/\S*)[ \t]+((?:\w+::)*\w+[#.]\w+)/gm;

/** A file importing Vert.x Web (or its RxJava and Mutiny bindings). */
const VERTX_WEB_IMPORT = /\bimport\s+io\.vertx\.(?:rxjava3?\.|reactivex\.|mutiny\.)?ext\.web\b/;

/**
 * A Vert.x Web route: a router's verb or `route` call with a path literal (after an `HttpMethod` for `route`), then the
 * handler or another route setting chained on it. `map.get("/x")` chains nothing and is no route.
 */
const VERTX_ROUTE =
  /\.(get|post|put|delete|patch|head|options|route)\s*\(\s*(?:HttpMethod\.([A-Z]+)\s*,\s*)?"(\/[^"\n]*)"\s*\)\s*\.\s*(?:handler|blockingHandler|respond|subRouter|consumes|produces|order)\b/g;

/** The routes a Vert.x Web file declares on its routers: `route` without a method answers every method. */
export function vertxRoutes(text: string): { method: string; path: string; offset: number; framework: string }[] {
  const out: { method: string; path: string; offset: number; framework: string }[] = [];
  for (const m of text.matchAll(VERTX_ROUTE)) {
    const method = m[1] === 'route' ? (m[2] ?? 'ANY') : m[1]!.toUpperCase();
    out.push({ method, path: joinPath(m[3]!), offset: m.index!, framework: 'vertx' });
  }
  return out;
}

/** A javalin-routing-extensions route: a path literal and a `Route` method (`("/api/x", GET)`, `("/x", Route.POST)`). */
const JAVALIN_DSL_ROUTE = /\(\s*"(\/[^"]*)"\s*,\s*(?:Route\s*\.\s*)?(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g;

/**
 * A Javalin routing call: a receiver's (`.get(`) or a bare DSL call, its path as a literal or a helper call's literal,
 * and what follows the path (`,` a handler, `)` the end, `) {` a trailing lambda); or an object's method called
 * without arguments (`MangaAPI.defineEndpoints()`), which may declare routes of its own.
 */
const JAVALIN_ROUTE =
  /(?:(\.)\s*|(?<![\w$.]))(path|get|post|put|patch|delete|head|options|crud)\s*\(\s*(?:"([^"]*)"|[\w$]+(?:\.[\w$]+)*\s*\(\s*"([^"]*)"\s*\))?\s*([,)]|\w|\{|::)|(?<![\w$.])([A-Z][\w$]*)\s*\.\s*[a-z]\w*\s*\(\s*\)/g;
/** What opens a path's nested block: Kotlin's trailing lambda `) {`, Java's `, () -> {`. */
const JAVALIN_BLOCK = /^\s*(?:\)\s*\{|,\s*\(\s*\)\s*->\s*\{)/;

/**
 * The routes of a Rails (or Hanami/Sinatra) route file, under the prefixes of the blocks they sit in. `draw(:admin)`
 * (Rails 6.1+) loads `config/routes/admin.rb` at that point, inside the enclosing namespaces and scopes.
 */
function railsRouteFile(
  repo: RepoIndex,
  file: string,
  outer: string[],
  drawDir: string | undefined,
  raw: Raw[],
  seen: Set<string>,
): void {
  seen.add(file);
  const stack: string[] = [...outer];
  const prefixOf = (): string => stack.filter(Boolean).join('/');
  repo.lines(file).forEach((l, i) => {
    const t = l.replace(/(^|\s)#.*$/, '').trim();
    if (!t) return;
    const drawn = drawDir === undefined ? undefined : /^draw\s*\(?\s*[:"']([\w/]+)["']?\s*\)?$/.exec(t)?.[1];
    if (drawn !== undefined) {
      const target = `${drawDir}/${drawn}.rb`;
      if (!seen.has(target) && repo.get(target)) railsRouteFile(repo, target, [...stack], drawDir, raw, seen);
      return;
    }
    // Hanami: slice(:health, at: "/up") { root to: "show" } on one line.
    const sliceLine =
      /^slice\s*\(?\s*:\w+\s*,\s*at:\s*["']([^"']*)["']\s*\)?\s*\{\s*root\s+to:\s*["']([^"']+)["']/.exec(t);
    if (sliceLine) {
      raw.push({
        method: 'ANY',
        path: joinPath(prefixOf(), sliceLine[1]!),
        file,
        line: i + 1,
        framework: 'rails',
        handler: sliceLine[2],
      });
      return;
    }
    const ns =
      /^slice\s*\(?\s*:\w+\s*,\s*at:\s*["']\/?([\w/-]*)["'].*\bdo\b/.exec(t) ??
      railsScope(t) ??
      // versionist: api_version(module: "V1", path: { value: "v1" }) do … end mounts its routes under /v1.
      /^api_version\s*\(?.*\bpath\s*(?::|=>)\s*\{\s*(?::?value\s*(?::|=>))\s*["']\/?([\w./-]+)["'].*\bdo\b/.exec(t);
    const route = /^(get|post|put|patch|delete|match|root)\b\s*(?:\(\s*)?(?:["']([^"']*)["']|:(\w+))?(.*)$/.exec(t);
    const res = /^resources?\s+:(\w+)/.exec(t);
    const prefix = prefixOf();
    if (route) {
      const p = route[1] === 'root' ? '/' : (route[2] ?? route[3] ?? '');
      const to = /(?:=>|to:)\s*["']([^"']+)["']/.exec(route[4] ?? '')?.[1];
      raw.push({
        method: route[1] === 'root' || route[1] === 'match' ? 'ANY' : route[1]!.toUpperCase(),
        path: joinPath(prefix, p),
        file,
        line: i + 1,
        framework: 'rails',
        handler: to,
      });
    } else if (res) raw.push({ method: 'ANY', path: joinPath(prefix, res[1]!), file, line: i + 1, framework: 'rails' });
    if (/\bdo(\s*\|[^|]*\|)?\s*$/.test(t)) stack.push(ns ? ns[1]! : res ? railsResourceScope(t, res[1]!) : '');
    else if (t === 'end') stack.pop();
  });
}

/** A Ruby class and the class it inherits from (`class Claim < Grape::API`, `class Root < Helpers::BaseAPI`). */
const RUBY_SUBCLASS = /^[ \t]*class[ \t]+[\w:]+[ \t]*<[ \t]*([\w:]+)[ \t]*$/gm;
/** A Grape block putting its routes under a path: `namespace :api do`, `resource :claims, desc: … do`, `route_param :id do`. */
const GRAPE_SCOPE =
  /^(namespace|resources?|group|segment|route_param|scope)\b\s*\(?\s*(?:["']\/?([^"'\n]*)["']|:(\w+))?/;
const GRAPE_ROUTE = /^(get|post|put|patch|delete|head|options)\b\s*\(?\s*(?:["']([^"'\n]*)["']|:(\w+))?/;
/** What opens a block closed by `end`: a `do` ending the line, or a keyword starting it (a modifier `x if y` does not). */
const RUBY_OPENER = /\bdo(?:\s*\|[^|\n]*\|)?$|^(?:if|unless|case|while|until|begin|def|class|module)\b/;

/** `API::V1::ExternalUsers` → `api/v1/external_users`: where Rails' autoloader expects the constant. */
function underscorePath(constant: string): string {
  return constant
    .split('::')
    .filter(Boolean)
    .map((s) =>
      s
        .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
        .replace(/([a-z\d])([A-Z])/g, '$1_$2')
        .toLowerCase(),
    )
    .join('/');
}

/**
 * The routes of Grape APIs: classes declared `< Grape::API` (or subclassing the project's own Grape base class), their
 * `get`/`post`… under the `namespace`/`resource`/`route_param` blocks they sit in, after the class's `prefix` and a
 * path `version` (`version 'v1'`, Grape's default `using: :path`; a header or parameter version adds no segment). An
 * API `mount`ed by another takes the path it is mounted at, up to the Rails routes' `mount API::Root => '/api'`.
 * Constants are found where Rails' autoloader expects them (`API::V2::Claim` in `…/api/v2/claim.rb`).
 */
function grapeRoutes(repo: RepoIndex, files: string[], raw: Raw[]): void {
  const ruby = files.filter((f) => f.endsWith('.rb'));
  // Every Grape API descends from a class that names Grape::API: without one there is none.
  if (!ruby.some((f) => repo.read(f)?.includes('Grape::API'))) return;
  const classes: { file: string; parent: string }[] = [];
  for (const file of ruby) {
    const text = repo.read(file) ?? '';
    if (text.includes('<')) for (const m of text.matchAll(RUBY_SUBCLASS)) classes.push({ file, parent: m[1]! });
  }
  const apis = new Set(classes.filter((c) => /^(?:::)?Grape::API(?:::Instance)?$/.test(c.parent)).map((c) => c.file));
  if (!apis.size) return;
  // The longest path suffix naming one API file: `API::V2::Claim` is `api/v2/claim.rb` before any other `claim.rb`.
  const fileOf = (constant: string): string | undefined => {
    const parts = underscorePath(constant).split('/');
    for (let i = 0; i < parts.length; i++) {
      const suffix = `${parts.slice(i).join('/')}.rb`;
      const hits = [...apis].filter((f) => f === suffix || f.endsWith(`/${suffix}`));
      if (hits.length) return hits.length === 1 ? hits[0] : undefined;
    }
    return undefined;
  };
  // Subclasses of the project's own Grape base classes (`class Root < API::Helpers::GrapeAPIHelper`), two levels down.
  for (let depth = 0; depth < 2; depth++)
    for (const c of classes) if (!apis.has(c.file) && fileOf(c.parent)) apis.add(c.file);

  const parsed = new Map<string, { routes: Omit<Raw, 'file'>[]; mounts: { target: string; prefix: string }[] }>();
  for (const file of apis) {
    const routes: Omit<Raw, 'file'>[] = [];
    const mounts: { target: string; prefix: string }[] = [];
    const stack: { segment: string; def: boolean }[] = [];
    // Grape puts the prefix before a path version whichever is declared first: `/api/v3/…`.
    const own = { prefix: '', version: '' };
    repo.lines(file).forEach((l, i) => {
      const t = l.replace(/(^|\s)#.*$/, '').trim();
      if (!t) return;
      if (/^end\b/.test(t)) {
        stack.pop();
        return;
      }
      const inDef = stack.some((s) => s.def);
      const prefix = joinPath(own.prefix, own.version, ...stack.map((s) => s.segment));
      const setting = !inDef && /^(prefix|version)\s*\(?\s*[:"']\/?([\w./-]+)["']?(.*)$/.exec(t);
      if (setting && (setting[1] === 'prefix' || !/\busing:\s*:(?!path\b)/.test(setting[3]!)))
        own[setting[1] as 'prefix' | 'version'] = setting[2]!;
      const route = inDef ? null : GRAPE_ROUTE.exec(t);
      if (route)
        routes.push({
          method: route[1]!.toUpperCase(),
          path: joinPath(prefix, route[2] ?? route[3] ?? ''),
          line: i + 1,
          framework: 'grape',
        });
      const mount = inDef ? null : /^mount\s+((?:::)?[A-Z][\w:]*)(?:\s*(?:=>|,\s*at:)\s*["']([^"']*)["'])?/.exec(t);
      const target = mount && fileOf(mount[1]!);
      if (target) mounts.push({ target, prefix: joinPath(prefix, mount![2] ?? '') });
      if (RUBY_OPENER.test(t) && !/\bend$/.test(t)) {
        const scope = inDef ? null : GRAPE_SCOPE.exec(t);
        const name = scope?.[2] ?? scope?.[3] ?? '';
        stack.push({
          segment: scope && scope[1] === 'route_param' ? `:${name}` : name,
          def: /^def\b/.test(t),
        });
      }
    });
    parsed.set(file, { routes, mounts });
  }
  // Where each API is mounted: by another API (its path there), or by the Rails routes (`mount API::Root => '/api'`).
  const mountedAt = new Map<string, { by?: string; prefix: string }[]>();
  const mountAt = (target: string, at: { by?: string; prefix: string }): void => {
    mountedAt.set(target, [...(mountedAt.get(target) ?? []), at]);
  };
  for (const [file, p] of parsed)
    for (const m of p.mounts) if (m.target !== file) mountAt(m.target, { by: file, prefix: m.prefix });
  for (const file of files.filter((f) => /(^|\/)config\/routes(?:\.rb$|\/)/.test(f)))
    repo.lines(file).forEach((l) => {
      const m = /^\s*mount\s+((?:::)?[A-Z][\w:]*)\s*(?:=>|,\s*at:)\s*["']([^"']*)["']/.exec(l);
      const target = m && fileOf(m[1]!);
      if (target) mountAt(target, { prefix: m![2]! });
    });
  const prefixesOf = (file: string, depth: number): string[] => {
    const at = mountedAt.get(file);
    if (!at || depth > 8) return [''];
    return [
      ...new Set(
        at.flatMap(({ by, prefix }) => (by ? prefixesOf(by, depth + 1) : ['']).map((p) => joinPath(p, prefix))),
      ),
    ];
  };
  for (const [file, p] of parsed)
    for (const prefix of prefixesOf(file, 0))
      for (const r of p.routes) raw.push({ ...r, path: joinPath(prefix, r.path), file });
}

/**
 * The path a Rails `namespace` or `scope` block puts its routes under: the `path:` option when given (either hash
 * syntax: `namespace :api, :path => "api/0.6"`), else the namespace's name or the scope's path string; a scope of
 * options only (`scope :module => :changesets`, `scope module: :admin`) adds no path segment.
 */
function railsScope(t: string): [string, string] | undefined {
  const head = /^(namespace|scope)[\s(]+(.*)\bdo\b/.exec(t);
  if (!head) return undefined;
  const option = railsPathOption(head[2]!);
  if (option !== undefined) return [head[0], option];
  // A scope's leading symbol is a path too (`scope :user, as: "user"`), a hash key (`scope :module => :x`) is not.
  const name =
    head[1] === 'namespace'
      ? /^[:"']([\w/-]+)/.exec(head[2]!)
      : (/^["']\/?([\w/.:-]+)["']/.exec(head[2]!) ?? /^:(\w+)\b(?!\s*=>)/.exec(head[2]!));
  return name ? [name[0], name[1]!] : ['', ''];
}

/** The `path:` option of a Rails routing call, in either hash syntax, as a string or a symbol (`:path => :comments`). */
function railsPathOption(args: string): string | undefined {
  const m = /(?:\bpath:|:path\s*=>)\s*(?:["']\/?([^"']*)["']|:(\w+))/.exec(args);
  return m ? (m[1] ?? m[2]!) : undefined;
}

/**
 * The path the routes nested in a `resources :users do … end` block sit under: the collection and the member's id
 * (`users/:id`), a singular `resource :account do` its name only; the `path:` option renames the segment.
 */
function railsResourceScope(t: string, name: string): string {
  const segment = railsPathOption(t) ?? name;
  return /^resources\b/.test(t) ? `${segment}/:id` : segment;
}

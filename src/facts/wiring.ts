// "Wired, not just written": pattern hits in production files with their liveness, and where a project-defined
// function, class or middleware is applied to requests (a decorator, a dependency, a registration, a route handler).
import { posix } from 'node:path';
import type { Facts } from './index.js';
import {
  isNextMiddlewareFile,
  isProductionPath,
  nextjsRoots,
  RC_SERVER,
  routingControllersLoadsByPath,
} from './liveness.js';
import { NOT_A_ROUTER, type ServiceRoute } from './service.js';
import { escapeRegExp } from '../repo/text.js';

export type SourceLanguage =
  | 'python'
  | 'javascript'
  | 'typescript'
  | 'go'
  | 'java'
  | 'kotlin'
  | 'ruby'
  | 'php'
  | 'elixir'
  | 'rust'
  | 'scala'
  | 'csharp'
  | 'fsharp';

export interface SourcePattern {
  re: RegExp;
  label: string;
  langs?: SourceLanguage[] | 'config';
  /** Globs for non-source files (settings, YAML, nginx conf). */
  include?: string | string[];
  /** The file must also match this (the framework's import), so the same words elsewhere do not count. */
  fileRequires?: RegExp;
}

export interface SourceHit {
  path: string;
  line: number;
  label: string;
  text: string;
  groups: string[];
  /** The file is reached from an entrypoint (or loaded by the framework). */
  live: boolean;
}

export function isLive(facts: Facts, path: string): boolean {
  return facts.liveness.isLive(path);
}

/** Production source files (not tests, not docs) in the given languages. */
export function prodFiles(facts: Facts, langs?: SourceLanguage[]): string[] {
  return facts.repo.files
    .filter(
      (f) =>
        f.kind === 'source' &&
        !f.isTest &&
        !f.tooLarge &&
        (!langs || (f.language !== undefined && (langs as string[]).includes(f.language))),
    )
    .map((f) => f.path);
}

/** Production source files on live paths, computed once per audit (appliedAt/calledAt scan them per name). */
function liveProdFiles(facts: Facts): string[] {
  return facts.repo.memo('security-common:live-prod-files', () => prodFiles(facts).filter((f) => isLive(facts, f)));
}

/**
 * The live production files whose text holds `name`, in their order: the only ones a call, registration or reference
 * of it can be on. Searched once per view and name, and each repository file once per name, whichever view asks
 * (appliedAt, callSites and calledAt ask the same names in the component views that share a package).
 */
function liveFilesNaming(facts: Facts, name: string): string[] {
  const kind = `wiring:names\0${name}`;
  return facts.repo.memo(kind, () =>
    liveProdFiles(facts).filter((file) =>
      facts.repo.fileMemo(kind, file, () => facts.repo.read(file)?.includes(name) ?? false),
    ),
  );
}

/** Every match of the patterns in production files, skipping commented lines. */
export function findHits(facts: Facts, patterns: SourcePattern[]): SourceHit[] {
  const out: SourceHit[] = [];
  for (const p of patterns) {
    const paths = p.include
      ? facts.repo
          .select({ include: p.include })
          .filter((f) => !f.isTest)
          .map((f) => f.path)
      : prodFiles(facts, p.langs === 'config' ? undefined : p.langs);
    // The files that hold what the pattern requires, first: its grep then runs on those alone (a Payload collection's
    // `create: isAdmin` lines, anchored at every line start, were looked for in every TypeScript file of a repository
    // that names no collection). The same hits: a hit counts only in such a file. Asked only of files whose literals
    // allow the pattern itself (the literal postings, as its grep would), and once per repository file (holds).
    const req = p.fileRequires;
    const searched = req
      ? paths.filter((path) => {
          const text = facts.repo.read(path);
          return text !== undefined && facts.repo.mayMatch(p.re, path, text) && facts.repo.holds(req, path);
        })
      : paths;
    for (const m of facts.code.grep(p.re, { paths: searched })) {
      out.push({
        path: m.path,
        line: m.line,
        label: p.label,
        text: m.text,
        groups: m.groups,
        live: isLive(facts, m.path),
      });
    }
  }
  return out;
}

/** The named function or class around a line (facts.code.enclosing). */
export function enclosing(facts: Facts, path: string, line: number, outer = false) {
  return facts.code.enclosing(path, line, outer);
}

/** gqlgen's generated struct of directive functions (`gqlschema.DirectiveRoot{…}`). */
const GQLGEN_DIRECTIVE_ROOT = /\bDirectiveRoot\s*\{/;

/**
 * Line `i` (0-based) is a field of a `DirectiveRoot{` literal written over several lines: the nearest line above it
 * at a smaller indentation opens the literal.
 */
function inDirectiveRoot(lines: readonly string[], i: number): boolean {
  const indent = (s: string): number => /^[ \t]*/.exec(s)![0].replace(/\t/g, '    ').length;
  const own = indent(lines[i] ?? '');
  for (let k = i - 1; k >= 0; k--) {
    const l = lines[k]!;
    if (!l.trim() || indent(l) >= own) continue;
    return GQLGEN_DIRECTIVE_ROOT.test(l) && /\{\s*$/.test(l);
  }
  return false;
}

/** A Go method with the middleware shape, and its receiver's type: `func (m *T) Wrap(next http.Handler) http.Handler`. */
const GO_MIDDLEWARE_METHOD =
  /^\s*func\s*\(\s*\w*\s*\*?(\w+)(?:\[[^\]\n]*\])?\s*\)\s*\w+\s*\(\s*\w+\s+http\.Handler\s*\)\s*http\.Handler\b/;

/**
 * Where a project-defined function/class/middleware is applied to requests: Depends()/Security(), a decorator,
 * app.use / r.Use / register / addHook, route-level middleware, @UseGuards, APP_GUARD, before_action,
 * addFilterBefore, Django/ASGI middleware registrations, Go handler wrapping. Only reached files count.
 */
export function appliedAt(
  facts: Facts,
  name: string,
  def?: { path: string; line: number },
  depth = 0,
  /** Look only in these files (a name an importer gave the module is applied in that importer). */
  files?: readonly string[],
): { path: string; line: number; how: string } | undefined {
  // A class-based view's method named for its HTTP verb (`def get(self)` of a MethodView or a flask-restful Resource)
  // is one route's handler: every `.get(` call on a line mentioning `get` would otherwise read as registering it.
  if (/^(?:get|post|put|patch|delete|head|options)$/i.test(name)) return undefined;
  const n = escapeRegExp(name);
  const routeCall = new RegExp(
    `\\.(?:get|post|put|delete|patch|all|route|GET|POST|PUT|DELETE|PATCH|Any|Handle|HandleFunc|Get|Post|Put|Delete|Patch|Group|Route|Combo|With)\\([^\\n]*[,(]\\s*\\[?\\s*(?:\\w+\\.)*${n}\\b`,
  );
  const res: [RegExp, string][] = [
    [new RegExp(`\\b(?:Depends|Security)\\(\\s*(?:\\w+\\.)*${n}\\b`), 'dependency'],
    [new RegExp(`^\\s*@(?:\\w+\\.)*${n}\\b`), 'decorator'],
    [new RegExp(`@UseGuards\\([^)]*\\b${n}\\b|\\buseClass\\s*:\\s*${n}\\b`), 'guard'],
    [
      // Elysia's lifecycle hooks take the function itself (`.onBeforeHandle(authBeforeHandle)`, `.onAfterHandle(…)`,
      // `.onRequest(…)`), as hapi's `server.ext('onPreResponse', fn)` does.
      new RegExp(
        `\\.(?:use|Use|register|addHook|apply|Pre|With|add_middleware|add_tween|wrap|onBeforeHandle|onAfterHandle|onRequest|onTransform|onAfterResponse|ext)\\([^\\n]*\\b${n}\\b`,
      ),
      'middleware registration',
    ],
    // axum/tower: `.layer(from_fn(security_headers))`, `from_fn_with_state(state.clone(), auth)` on a line of its own
    // inside a ServiceBuilder, a generic one with its type arguments (`from_fn(require_user::<Admin>)`); actix-web
    // `.wrap_fn(…)`.
    [
      new RegExp(
        `\\.(?:layer|route_layer|wrap_fn)\\([^\\n]*\\b${n}\\b|\\bfrom_fn(?:_with_state)?\\s*\\(\\s*(?:[^,()\\n]+(?:\\([^()\\n]*\\))?\\s*,\\s*)?(?:\\w+::)*${n}(?:::<[^<>;()\\n]{0,80}>)?\\s*,?\\s*\\)`,
      ),
      'middleware registration',
    ],
    [new RegExp(`\\b(?:Middleware|middleware|wsgi_app)\\s*\\(?\\s*=?\\s*\\(?\\s*${n}\\b`), 'middleware registration'],
    // Flask/Quart: a blueprint's or the app's hook registered by a call (`upload_blueprint.before_request(check_auth)`,
    // `app.after_request(add_security_headers)` on every response).
    [new RegExp(`\\.(?:before|after)_(?:app_)?request\\(\\s*(?:\\w+\\.)*${n}\\s*\\)`), 'request hook'],
    // Decorators naming a route's or a controller's middleware in a list: overnightjs `@Middleware([isSignedIn])` and
    // `@ClassMiddleware([…])`, routing-controllers `@UseBefore(…)`, tsoa `@Middlewares(…)`.
    [new RegExp(`^\\s*@(?:Middlewares?|ClassMiddleware|UseBefore)\\(\\s*\\[?[^\\n]*\\b${n}\\b`), 'route middleware'],
    // ASP.NET Core: a middleware class registered by type (`app.UseMiddleware<SecurityHeadersMiddleware>()`,
    // `app.UseMiddleware(typeof(SecurityHeadersMiddleware))`).
    [
      new RegExp(`\\.UseMiddleware\\s*(?:<\\s*(?:\\w+\\.)*${n}\\s*>|\\(\\s*typeof\\s*\\(\\s*(?:\\w+\\.)*${n}\\s*\\))`),
      'middleware registration',
    ],
    // FastAPI/Starlette without the decorator: `app.middleware("http")(verify_token)`.
    [new RegExp(`\\.middleware\\(\\s*["']http["']\\s*\\)\\s*\\(\\s*(?:\\w+\\.)*${n}\\b`), 'middleware registration'],
    [routeCall, 'route middleware'],
    // inversify-express-utils: middleware named after the path of a controller or a route (`@controller('/items',
    // TYPES.AuthMiddleware)`, `@httpGet('/', AuthMiddleware)`).
    [
      new RegExp(
        `@(?:controller|httpGet|httpPost|httpPut|httpPatch|httpDelete|httpHead|httpMethod|all)\\([^\\n]*,\\s*(?:[\\w$]+\\.)*${n}\\b`,
      ),
      'route middleware',
    ],
    // Go groups take their middleware after the closure: `}, reqSignIn, context.RepoAssignment())`.
    [new RegExp(`^\\s*\\}\\s*,\\s*(?:[^,\\n]+,\\s*)*(?:\\w+\\.)*${n}\\b`), 'group middleware'],
    [
      new RegExp(
        `\\b(?:preHandler|onRequest|preValidation|dependencies|middlewares?|guards|interceptors|before|beforeHandle|method_decorators|decorators)\\s*[:=]\\s*\\[?[^\\n]*\\b${n}\\b`,
      ),
      'route option',
    ],
    // Flask class-based views apply `decorators = [...]` (MethodView) / `method_decorators = [...]` (flask-restful)
    // to every verb method: a route option too (matched above). So are gRPC server interceptors
    // (`new grpc.Server({ interceptors: [auth] })`, connect-rpc's `interceptors: [...]`).
    [new RegExp(`\\bbefore_action\\s+:${n}\\b|\\bbefore_filter\\s+:${n}\\b`), 'before_action'],
    [
      new RegExp(
        `\\.addFilter(?:Before|After|At)?\\(\\s*(?:new\\s+)?${n}\\b|\\.addInterceptor\\(\\s*(?:new\\s+)?${n}\\b`,
      ),
      'filter registration',
    ],
    [
      new RegExp(
        `\\b${n}\\s*\\(\\s*(?:mux|router|r|handler|h|app|next|srv|http\\.HandlerFunc|http\\.DefaultServeMux|e|g|\\w*(?:Handler|Mux|Router|handler|mux|router)\\w*)\\b|Handler\\s*:\\s*${n}\\(`,
      ),
      'handler wrapper',
    ],
  ];
  // gqlgen: a directive function given to the executable schema (`c.Directives.HasRole = auth.HasRole`, or a field of
  // the generated `DirectiveRoot{HasRole: auth.HasRole()}` handed to its Config) runs on every schema field the
  // directive marks (`@hasRole(role: ADMIN)`).
  const gqlgenField = new RegExp(`^\\s*[A-Z]\\w*\\s*:\\s*(?:\\w+\\.)*${n}\\b`);
  res.push([new RegExp(`\\.Directives\\.\\w+\\s*=\\s*(?:\\w+\\.)*${n}\\b`), 'gqlgen schema directive']);
  res.push([gqlgenField, 'gqlgen schema directive']);
  // The literal on one line: `Directives: generated.DirectiveRoot{HasRole: auth.HasRole},`.
  res.push([
    new RegExp(`\\bDirectiveRoot\\s*\\{[^{}\\n]*\\b[A-Z]\\w*\\s*:\\s*(?:\\w+\\.)*${n}\\b`),
    'gqlgen schema directive',
  ]);
  // tRPC: a procedure builder (protectedProcedure = t.procedure.use(…)) is applied by the procedures built on it.
  if (/Procedure$/.test(name))
    res.push([
      new RegExp(`(?<![\\w$.])${n}\\s*\\.\\s*(?:input|output|meta|use|query|mutation|subscription)\\s*\\(`),
      'tRPC procedure builder',
    ]);
  for (const file of liveFilesNaming(facts, name)) {
    if ((files && !files.includes(file)) || !mayCall(file, def)) continue;
    // Comments blanked: a commented-out registration is not one.
    const lines = facts.code.lines(file);
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (!l.includes(name)) continue;
      if (def && def.path === file && def.line === i + 1) continue;
      if (
        /^\s*(?:async\s+)?(?:def|class|function|func)\s/.test(l) &&
        new RegExp(`(?:def|class|function|func)\\s+(?:\\([^)]*\\)\\s*)?${n}\\b`).test(l)
      )
        continue;
      for (const [re, how] of res) {
        const m = re.exec(l);
        if (!m) continue;
        // `cache.put(key, response.clone())`: a cache's, a map's or a client's method, no route.
        if (
          re === routeCall &&
          NOT_A_ROUTER.test(/[\w$.]+$/.exec(l.slice(Math.max(0, m.index - 80), m.index))?.[0] ?? '')
        )
          continue;
        // A field of a struct literal names a gqlgen directive only inside the generated DirectiveRoot.
        if (re === gqlgenField && !(file.endsWith('.go') && inDirectiveRoot(lines, i))) continue;
        // `s3.get(bucket, key, account_number=account_number)`: the name is a keyword argument's, not a value passed to
        // a route. Python's routers take no middleware among a route call's arguments (Flask, FastAPI, Starlette,
        // aiohttp): there `.get(…)` is a dict's, a client's or a session's (`data.get("roles") and any(r…)`).
        if (re === routeCall && (/^\s*=(?!=)/.test(l.slice(m.index + m[0].length)) || file.endsWith('.py'))) continue;
        // A Go route's last argument is its handler (`v1.POST("/login", limit, s.adminLogin)`), not its middleware;
        // echo alone takes the handler first and its middleware after it.
        if (
          re === routeCall &&
          file.endsWith('.go') &&
          !/^\.(?:Group|Route|Combo|With)\(/.test(m[0]) &&
          !facts.frameworks.has('echo') &&
          /^\s*\)/.test(l.slice(m.index + m[0].length))
        )
          continue;
        if (how === 'dependency' && facts.repo.get(file)?.language === 'python') {
          // Depends(x) as a default argument of another function: applied only when that function is a route or is applied.
          const enc = enclosing(facts, file, i + 1);
          if (enc && !enc.decorated && enc.name !== name) {
            let outer = depth < 3 ? appliedAt(facts, enc.name, { path: file, line: enc.line }, depth + 1) : undefined;
            let via = enc.name;
            // A checker nested in a factory (def require_scope(s): def checker(user=Depends(x))) is applied through the factory.
            const factory = outer ? undefined : enclosing(facts, file, enc.line, true);
            if (!outer && factory && depth < 3) {
              outer = appliedAt(facts, factory.name, { path: file, line: factory.line }, depth + 1);
              via = factory.name;
            }
            if (outer) return { ...outer, how: `${outer.how}, through ${via}` };
            // Depends(x) written in the body of a function that builds routers or routes (`deps.append(Depends(x))`,
            // `APIRouter(dependencies=[Depends(x)])` in a factory): FastAPI runs it on those routes once the function
            // runs, so it is applied when live code calls that function.
            if (depth < 3 && pyRouteDependencyInBody(lines, enc.line, i)) {
              const built = calledAt(facts, enc.name, { path: file, line: enc.line });
              if (built)
                return {
                  path: file,
                  line: i + 1,
                  how: `router dependency, built by ${enc.name} (called at ${built.path}:${built.line})`,
                };
            }
            continue;
          }
        }
        return { path: file, line: i + 1, how };
      }
      if (file.endsWith('.go') && groupMiddlewareBelow(lines, i, n))
        return { path: file, line: i + 1, how: 'group middleware' };
      const chain = file.endsWith('.go') && depth < 3 ? goChainComposing(lines, i, n) : undefined;
      if (chain) {
        const outer = appliedAt(facts, chain, { path: file, line: i + 1 }, depth + 1, files);
        if (outer) return { ...outer, how: `${outer.how}, through the middleware chain ${chain}` };
      }
      const token = /\.[cm]?[jt]sx?$/.test(file) && depth < 3 ? containerBinding(lines, i, n) : undefined;
      if (token) {
        const outer = appliedAt(facts, token, { path: file, line: i + 1 }, depth + 1, files);
        if (outer) return { ...outer, how: `${outer.how}, through the container binding ${token}` };
      }
      if (/\.[cm]?[jt]sx?$/.test(file) && routeArgumentLine(lines, i, n))
        return { path: file, line: i + 1, how: 'route middleware' };
      const composed = /\.[cm]?[jt]sx?$/.test(file) ? composedHandler(lines[i]!, name) : undefined;
      if (composed && composed !== name && isRouteHandler(facts, file, composed))
        return { path: file, line: i + 1, how: `route middleware, composed into the ${composed} handler` };
      if (file.endsWith('.rs') && fromFnClosureCalls(lines, i, n))
        return { path: file, line: i + 1, how: 'middleware registration' };
      if (/\.[cm]?[jt]sx?$/.test(file) && optionListBranch(lines, i, n))
        return { path: file, line: i + 1, how: 'route option' };
      const helper = file.endsWith('.py') && hooksRequests(lines) ? pyHelperRegistering(lines, i, n) : undefined;
      if (helper) return { path: file, line: i + 1, how: `request hook, through ${helper}` };
    }
  }
  // Django MIDDLEWARE lists and other registrations found by the service model.
  const mw = facts.service.middleware.find((m) => m.reached && m.name.split(/[.:]/).pop() === name);
  if (mw) return { path: mw.file, line: mw.line, how: 'middleware registration' };
  // A wrapper the route model records as a route's middleware (Go `return s.requireAdmin(s.listMembers)(w, r)` in a
  // hand-written dispatch on the request path).
  const route = facts.service.routes.find((r) => r.reached && r.middleware?.some((m) => m.split('.').pop() === name));
  if (route) return { path: route.file, line: route.line, how: 'route middleware' };
  const next = def && nextMiddlewareAt(facts, def.path, name);
  if (next) return next;
  const global = def && /\.[cm]?[jt]sx?$/.test(def.path) ? routingControllersGlobalAt(facts, def) : undefined;
  if (global) return global;
  const named = def && /\.[cm]?[jt]s$/.test(def.path) ? adonisNamedMiddlewareAt(facts, name, def) : undefined;
  if (named) return named;
  // A Go middleware method (`func (m *BasicAuth) Middleware(next http.Handler) http.Handler`) runs where a value of its
  // type is registered (`stack.Use(&authmiddleware.BasicAuth{…})`).
  const receiver =
    def && depth < 3 && def.path.endsWith('.go')
      ? GO_MIDDLEWARE_METHOD.exec(facts.repo.lineText(def.path, def.line) ?? '')?.[1]
      : undefined;
  if (receiver && receiver !== name) {
    const at = appliedAt(facts, receiver, undefined, depth + 1, files);
    if (at) return { ...at, how: `${at.how}, through a ${receiver} value` };
  }
  // A base class (an abstract middleware holding the check) runs where a class extending it is applied.
  if (def && depth < 3 && /\bclass\s/.test(facts.repo.lineText(def.path, def.line) ?? ''))
    for (const sub of facts.code.subclasses(name)) {
      if (sub.name === name || !isLive(facts, sub.path)) continue;
      const at = appliedAt(facts, sub.name, sub, depth + 1, files);
      if (at) return { ...at, how: `${at.how}, through the subclass ${sub.name}` };
    }
  return undefined;
}

/** An AdonisJS middleware class: the module's default export, run through its `handle` method. */
const ADONIS_MIDDLEWARE_CLASS = /^export\s+default\s+class\s+(\w+)/m;
/** An entry of `router.named({ … })` (AdonisJS 6): `permission: () => import('#middleware/permission_middleware'),`. */
const ADONIS_NAMED_ENTRY = /^\s*(\w+)\s*:\s*\(\s*\)\s*=>\s*import\s*\(/;

/**
 * AdonisJS 6 runs a middleware class (the default export of its module, entered through `handle`) where a route or
 * group names it: the kernel lists it under a key in `router.named({ acl: () => import('#middleware/acl_middleware') })`
 * and the routes apply `.use(middleware.acl({ role_slugs: [...] }))`. Answers the first live line applying the key
 * (`middleware.<key>(`), the module matched through the kernel's import of it.
 */
function adonisNamedMiddlewareAt(
  facts: Facts,
  name: string,
  def: { path: string; line: number },
): { path: string; line: number; how: string } | undefined {
  const cls = ADONIS_MIDDLEWARE_CLASS.exec(facts.repo.read(def.path) ?? '')?.[1];
  if (!cls || (name !== cls && name !== 'handle')) return undefined;
  for (const kernel of liveFilesNaming(facts, 'router.named(')) {
    if (!/\.[cm]?[jt]s$/.test(kernel)) continue;
    const lines = facts.code.lines(kernel);
    for (const ref of facts.imports.byFile.get(kernel) ?? []) {
      if (ref.local !== def.path) continue;
      const key = ADONIS_NAMED_ENTRY.exec(lines[ref.line - 1] ?? '')?.[1];
      if (!key) continue;
      const use = new RegExp(`\\bmiddleware\\.${escapeRegExp(key)}\\s*\\(`);
      for (const file of liveFilesNaming(facts, `middleware.${key}`)) {
        if (!/\.[cm]?[jt]s$/.test(file)) continue;
        const i = facts.code.lines(file).findIndex((l) => use.test(l));
        if (i >= 0) return { path: file, line: i + 1, how: `AdonisJS named middleware ${key} (${kernel}:${ref.line})` };
      }
    }
  }
  return undefined;
}

/**
 * routing-controllers runs a class decorated `@Middleware({ type: 'before' })` (or `'after'`, an error middleware too)
 * on every request once the server loads it: `createExpressServer({ middlewares: … })` given a folder glob, a path
 * list or a setting. A list of classes names the ones it loads, read above as a route option; a class it leaves out
 * is not loaded. Answers the `middlewares` option of the server as the registration.
 */
function routingControllersGlobalAt(
  facts: Facts,
  def: { path: string; line: number },
): { path: string; line: number; how: string } | undefined {
  const lines = facts.code.lines(def.path);
  if (!lines.some((l) => /["']routing-controllers["']/.test(l))) return undefined;
  let type: string | undefined;
  for (let k = def.line - 2; k >= 0 && k >= def.line - 8 && !type; k--) {
    const l = lines[k]!;
    type = /^\s*@Middleware\s*\(\s*\{[^}\n]*\btype\s*:\s*["'](before|after)["']/.exec(l)?.[1];
    if (!type && !/^\s*(?:@|\/\/|\/?\*|$)/.test(l)) break;
  }
  if (!type) return undefined;
  for (const file of liveFilesNaming(facts, 'middlewares')) {
    const fl = facts.code.lines(file);
    if (!fl.some((l) => RC_SERVER.test(l))) continue;
    const at = routingControllersLoadsByPath(fl, 'middlewares');
    if (at < 0) continue;
    return {
      path: file,
      line: at + 1,
      how: `global middleware (routing-controllers @Middleware({ type: '${type}' }) loaded by the server's middlewares option)`,
    };
  }
  return undefined;
}

/**
 * Whether line `at` (0-based) lies in the body of the Python function defined at `defLine` (1-based), past its
 * signature, and that body hands dependencies to FastAPI (`dependencies=`): a dependency list or router built there.
 */
function pyRouteDependencyInBody(lines: readonly string[], defLine: number, at: number): boolean {
  let depth = 0;
  let sigEnd = -1;
  for (let k = defLine - 1; k < lines.length && k <= at; k++) {
    for (const ch of lines[k]!) {
      if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if (ch === ')' || ch === ']' || ch === '}') depth--;
    }
    if (depth <= 0 && /:\s*$/.test(lines[k]!)) {
      sigEnd = k;
      break;
    }
  }
  if (sigEnd < 0 || at <= sigEnd) return false;
  const indent = /^\s*/.exec(lines[defLine - 1] ?? '')![0].length;
  for (let k = sigEnd + 1; k < lines.length; k++) {
    const l = lines[k]!;
    if (l.trim() && /^\s*/.exec(l)![0].length <= indent && !/^\s*[)\]}]/.test(l)) break;
    if (/\bdependencies\s*=/.test(l)) return true;
  }
  return false;
}

/**
 * Next.js runs the `middleware` (or `proxy`) function exported by its root middleware file on every request its matcher
 * selects, without any registration: code in that function, or in a helper it calls, is applied.
 */
function nextMiddlewareAt(
  facts: Facts,
  file: string,
  fn: string,
): { path: string; line: number; how: string } | undefined {
  if (!isNextMiddlewareFile(nextjsRoots(facts.manifests), file, { proxy: true })) return undefined;
  const lines = facts.repo.lines(file);
  const exported = lines.findIndex((l) =>
    /^\s*export\s+(?:default\s+)?(?:async\s+)?function\s+(?:middleware|proxy)\b|^\s*export\s+(?:const|let)\s+(?:middleware|proxy)\s*=|^\s*export\s+default\s+(?:async\s+)?function\b/.test(
      l,
    ),
  );
  if (exported < 0) return undefined;
  const called = new RegExp(`(?<![\\w$])${escapeRegExp(fn)}\\s*\\(`);
  const calls =
    fn === 'middleware' ||
    fn === 'proxy' ||
    lines.some((l, i) => i !== exported && called.test(l) && !/\bfunction\b/.test(l));
  return calls
    ? { path: file, line: exported + 1, how: 'the root Next.js middleware (it runs on every matched request)' }
    : undefined;
}

/** axum's `from_fn(` or `from_fn_with_state(state, ` opening a closure: `from_fn(move |req, next| `. */
const FROM_FN_CLOSURE = /\bfrom_fn(?:_with_state)?\s*\(\s*(?:[\w.:&]+(?:\([^()\n]*\))?\s*,\s*)?(?:move\s+)?\|[^|\n]*\|/;

/**
 * An axum middleware written as a closure that calls the function: `.layer(from_fn(move |req, next| {` ⏎
 * `security_headers(state.clone(), req, next)` ⏎ `}))`, or all on one line. The line at `i` calls `n` after the
 * closure's head on that line, or inside a call that, going up, a closure head opens.
 */
function fromFnClosureCalls(lines: readonly string[], i: number, n: string): boolean {
  const call = new RegExp(`(?:^|[^\\w.])(?:\\w+::)*${n}\\s*\\(`).exec(lines[i]!);
  if (!call) return false;
  if (FROM_FN_CLOSURE.test(lines[i]!.slice(0, call.index + 1))) return true;
  const open = openCallAbove(lines, i);
  return open !== undefined && FROM_FN_CLOSURE.test(open);
}

/**
 * Express/Koa routes written one argument a line: `router.post(⏎ "/", ⏎ asyncHandler(auth.admin), ⏎ handler ⏎ )`. The
 * line at `i` is one argument naming `n` (alone or in a wrapper call), and going up over balanced argument lines the
 * open call is a route or middleware registration.
 */
function routeArgumentLine(lines: readonly string[], i: number, n: string): boolean {
  if (!new RegExp(`^\\s*(?:[\\w$]+\\s*\\(\\s*)?(?:[\\w$]+\\.)*${n}\\s*\\)?\\s*[,;]?\\s*$`).test(lines[i]!))
    return false;
  const at = openCallAboveAt(lines, i);
  if (at === undefined) return false;
  const l = lines[at]!;
  if (/\.(?:get|post|put|patch|delete|del|all|use|options|head|route)\s*\(\s*(?:["'`][^"'`]*["'`]\s*,?\s*)?$/.test(l))
    return true;
  // A project's own route table (`routeMatcher.addHttpRoute<Body>(⏎ "getLogs", ⏎ "/queues/:name/logs", ⏎ handler, ⏎
  // "get", ⏎ authByTokens)`): a call adding a route, with a path among its argument lines.
  return PROJECT_ROUTE_ADDER.test(l) && lines.slice(at + 1, i).some((a) => /^\s*["'`]\/[^"'`\s]*["'`]\s*,\s*$/.test(a));
}

/** A declaration whose value is a call: the name declared, then the callee (`export const GET = withAuth(`). */
const COMPOSED_DECLARATION =
  /^\s*(?:export\s+)?(?:const|let|var)\s+([\w$]+)\s*(?::[^=\n]*)?=\s*(?:await\s+)?([\w$.]+)\s*\(/;
/**
 * A handler built by a call of the function, or by a call given it among its arguments: `export const GET =
 * withAuth(list)`, `const GET = handler(protect, list)`, `const POST = compose(requireUser, authorize('admin'),
 * create)`. Answers the name declared (`GET`), which applies the function when it is a route's handler.
 */
function composedHandler(line: string, name: string): string | undefined {
  const m = COMPOSED_DECLARATION.exec(line);
  if (!m) return undefined;
  if (m[2]!.split('.').pop() === name) return m[1];
  const args = line.slice(m[0].length);
  return new RegExp(`(?<![\\w$.])${escapeRegExp(name)}\\b`).test(args) ? m[1] : undefined;
}

/** A call of a project's own router adding one route (`router.addRoute(`, `matcher.addHttpRoute<T>(`, `registerRoute(`). */
const PROJECT_ROUTE_ADDER = /\.(?:add|register)(?:Http|Api|Rest)?Route\s*(?:<[^()\n]{0,120}>\s*)?\(\s*$/;

/** Whether a Python module registers request hooks at all (`.before_request(`), asked once per module's lines. */
const REQUEST_HOOKS = new WeakMap<readonly string[], boolean>();
function hooksRequests(lines: readonly string[]): boolean {
  let v = REQUEST_HOOKS.get(lines);
  if (v === undefined) {
    v = lines.some((l) => /\.before_(?:app_)?request\(/.test(l));
    REQUEST_HOOKS.set(lines, v);
  }
  return v;
}

/**
 * A Python helper of the same module, called at line `i` with `n` as an argument, that registers the parameter taking
 * it as a request hook (`register_blueprint(app, bp, requires_admin_auth, "/service")` with `def
 * register_blueprint(app, blueprint, auth_function, prefix=None):` running `blueprint.before_request(auth_function)`).
 * The helper's name when it does, else undefined.
 */
function pyHelperRegistering(lines: readonly string[], i: number, n: string): string | undefined {
  const call = new RegExp(`(?<![\\w.])(\\w+)\\(([^()\\n]*)\\b${n}\\b`).exec(lines[i]!);
  if (!call) return undefined;
  const index = call[2]!.split(',').length - 1;
  const def = new RegExp(`^(\\s*)def\\s+${escapeRegExp(call[1]!)}\\s*\\(([^)]*)\\)`);
  for (let d = 0; d < lines.length; d++) {
    const m = def.exec(lines[d]!);
    if (!m) continue;
    const param = /^\s*\*{0,2}(\w+)/.exec(m[2]!.split(',')[index] ?? '')?.[1];
    if (!param) return undefined;
    const hook = new RegExp(`\\.(?:before_request|before_app_request)\\(\\s*${param}\\s*\\)`);
    for (let b = d + 1; b < lines.length; b++) {
      const l = lines[b]!;
      if (l.trim() && /^\s*/.exec(l)![0].length <= m[1]!.length) break;
      if (hook.test(l)) return call[1];
    }
    return undefined;
  }
  return undefined;
}

/**
 * A dependency-injection container binding the class `n` to a token (inversify: `container.bind<N>(TYPES.Auth)` ⏎
 * `.to(N)`, `.toDynamicValue(() => new N(…))`, `.toConstantValue(new N(…))`): routes name the token, not the class
 * (`@controller('/items', TYPES.Auth)`). The token's last name when the line at `i` binds `n`, else undefined.
 */
function containerBinding(lines: readonly string[], i: number, n: string): string | undefined {
  const bind = /\.bind\s*(?:<\s*([\w$.]+)\s*>)?\s*\(\s*(?:[\w$]+\.)*([\w$]+)\s*\)/;
  const token = (m: RegExpExecArray | null) => (m && m[2] !== 'this' ? m[2] : undefined);
  const own = bind.exec(lines[i]!);
  if (own?.[1]?.split('.').pop() === n) return token(own);
  if (!new RegExp(`\\.to\\(\\s*${n}\\s*\\)|\\bnew\\s+${n}\\s*\\(`).test(lines[i]!)) return undefined;
  if (own) return token(own);
  for (let j = i - 1; j >= 0 && j >= i - 4; j--) {
    const m = bind.exec(lines[j]!);
    if (m) return token(m);
    if (/;\s*$/.test(lines[j]!)) return undefined;
  }
  return undefined;
}

/**
 * A list of middleware or interceptors chosen by a condition, one branch a line: `const interceptors = enabled ⏎ ?
 * [authorization, checkAccess] ⏎ : [authorization];`. The line at `i` is a branch listing `n`, and the statement it
 * continues assigns such a list.
 */
function optionListBranch(lines: readonly string[], i: number, n: string): boolean {
  if (!new RegExp(`^\\s*[?:]\\s*\\[[^\\]\\n]*\\b${n}\\b`).test(lines[i]!)) return false;
  for (let j = i - 1; j >= 0 && j >= i - 4; j--) {
    const l = lines[j]!;
    if (/^\s*[?:]/.test(l)) continue;
    return /\b(?:interceptors|middlewares?|guards|preHandler|onRequest)\s*[:=]/.test(l);
  }
  return false;
}

/** The line, at most twelve above `i`, that opens the call whose argument lines run down to `i` (brackets balanced). */
function openCallAbove(lines: readonly string[], i: number): string | undefined {
  const at = openCallAboveAt(lines, i);
  return at === undefined ? undefined : lines[at];
}

/** The index of the line openCallAbove answers. */
function openCallAboveAt(lines: readonly string[], i: number): number | undefined {
  let balance = 0;
  for (let j = i - 1; j >= 0 && j >= i - 12; j--) {
    for (const ch of lines[j]!) {
      if (ch === ')' || ch === '}' || ch === ']') balance++;
      else if (ch === '(' || ch === '{' || ch === '[') balance--;
    }
    if (balance < 0) return j;
  }
  return undefined;
}

/**
 * Go middleware composed into a chain a variable holds (`userChain := handlerutil.Chain(base, withUserSession(db))`,
 * `chain := alice.New(a, b)`, one argument a line when long): the chain is what routes apply (`userChain(h)`,
 * `chain.Then(h)`). The variable's name when the line at `i` names `n` inside such a call, else undefined.
 */
function goChainComposing(lines: readonly string[], i: number, n: string): string | undefined {
  const open = /^\s*(\w+)\s*:?=\s*(?:(?:\w+\.)?(?:Chain|Compose)\w*|(?:alice|chain|negroni)\.New)\s*\(/;
  const on = open.exec(lines[i]!);
  if (on) return new RegExp(`\\(.*\\b${n}\\b`).test(lines[i]!.slice(on[0].length - 1)) ? on[1] : undefined;
  if (!new RegExp(`^\\s*(?:\\w+\\.)*${n}\\b[^\\n]*,\\s*$`).test(lines[i]!)) return undefined;
  const l = openCallAbove(lines, i);
  return l === undefined ? undefined : open.exec(l)?.[1];
}

/**
 * Go groups (macaron, flamego) take their middleware after the closure, one argument a line when they are long:
 * `}, ⏎ session.Sessioner(session.Options{…}), ⏎ context.Contexter(store), ⏎ )`. The line at `i` starts with a
 * call of `n` and, going up over balanced argument lines, the closure's `},` is reached.
 */
function groupMiddlewareBelow(lines: readonly string[], i: number, n: string): boolean {
  if (!new RegExp(`^\\s*(?:\\w+\\.)*${n}\\s*\\(`).test(lines[i]!)) return false;
  const indent = (l: string) => /^\s*/.exec(l)![0].replace(/\t/g, '    ').length;
  const own = indent(lines[i]!);
  let balance = 0;
  for (let j = i - 1; j >= 0 && j >= i - 60; j--) {
    const l = lines[j]!;
    // The closure's end, less indented than its middleware arguments.
    if (balance === 0 && /^\s*\}\s*,\s*$/.test(l)) return indent(l) < own;
    for (const ch of l) {
      if (ch === ')' || ch === '}' || ch === ']') balance++;
      else if (ch === '(' || ch === '{' || ch === '[') balance--;
    }
    if (balance < 0) return false;
  }
  return false;
}

/**
 * The names under which other modules import a JavaScript module whose default export is an anonymous function
 * around `line` (`module.exports = function (req, res, next) {…}`, `export default (req, res, next) => {…}`): such
 * a middleware is applied under whatever name each importer gives it (`const auth = require('../middleware/auth')`).
 */
export function defaultExportBindings(facts: Facts, path: string, line: number): { name: string; path: string }[] {
  if (!/\.[cm]?[jt]s$/.test(path)) return [];
  const lines = facts.code.lines(path);
  const anonymous =
    /^\s*(?:module\.exports|exports\.default)\s*=\s*(?:async\s+)?(?:function\s*\(|\(|\w+\s*=>)|^\s*export\s+default\s+(?:async\s+)?(?:function\s*\(|\()/;
  // The export statement opens at the start of a line above the hit, with nothing else opened at column 0 between.
  let opened = false;
  for (let i = Math.min(line, lines.length) - 1; i >= 0; i--) {
    const l = lines[i]!;
    if (anonymous.test(l)) {
      opened = true;
      break;
    }
    if (/^\S/.test(l) && !/^[})\]]/.test(l)) break;
  }
  if (!opened) return [];
  const target = path.replace(/\.[cm]?[jt]s$/, '').replace(/\/index$/, '');
  const out: { name: string; path: string }[] = [];
  const binding =
    /^\s*(?:const|let|var)\s+(\w+)\s*=\s*require\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|^\s*import\s+(\w+)\s+from\s+['"](\.{1,2}\/[^'"]+)['"]/;
  for (const file of liveProdFiles(facts)) {
    if (file === path || !/\.[cm]?[jt]sx?$/.test(file)) continue;
    const text = facts.repo.read(file) ?? '';
    if (!text.includes('require(') && !text.includes('import ')) continue;
    for (const l of text.split(/\r?\n/)) {
      const m = binding.exec(l);
      if (!m) continue;
      const name = (m[1] ?? m[3])!;
      const spec = (m[2] ?? m[4])!;
      const resolved = posix
        .join(posix.dirname(file), spec)
        .replace(/\.[cm]?[jt]s$/, '')
        .replace(/\/index$/, '');
      if (resolved === target && !out.some((o) => o.name === name && o.path === file)) out.push({ name, path: file });
    }
  }
  return out;
}

/**
 * A call of `name` on a line: bare, awaited or qualified by a package or receiver (`authz.Require(…)`,
 * `state.authenticate(…)`), a generic Rust function with its type arguments (`authorize::<Claims>(…)`). A Rust method
 * is called on whatever holds its value (`self.args.auth.guard(…)`, `self.clone().handle(req)`), not its definition.
 */
function callPattern(name: string, rust = false): RegExp {
  const n = escapeRegExp(name);
  if (rust) return new RegExp(`(?<!\\w)(?<!\\bfn\\s+)${n}(?:::<[^()\\n]{0,80}>)?\\s*\\(`);
  return new RegExp(`(?<![\\w.])(?:await\\s+)?(?:([A-Za-z_]\\w*)\\.)?${n}(?:::<[^()\\n]{0,80}>)?\\s*\\(`);
}

/** A function declared at the top of a JS/TS module (`export async function clone(`, `export const clone = `). */
const MODULE_FUNCTION =
  /^(?:export\s+)?(?:default\s+)?(?:async\s+)?function\b|^(?:export\s+)?(?:const|let)\s+[\w$]+\s*(?::[^=]+)?=/;

/**
 * Whether a line calls the function `re` (callPattern) names. A function declared at the top of a JS/TS module is
 * called bare or through the module a file imports it as (`projects.clone(…)` after `import * as projects`); through
 * any other value it is that value's method (`response.clone()`), not the project's function.
 */
function callTest(
  facts: Facts,
  re: RegExp,
  def?: { path: string; line: number },
): (file: string, l: string) => boolean {
  if (
    !def ||
    !/\.[cm]?[jt]sx?$/.test(def.path) ||
    !MODULE_FUNCTION.test(facts.code.lines(def.path)[def.line - 1] ?? '')
  )
    return (_file, l) => re.test(l);
  return (file, l) => {
    const m = re.exec(l);
    if (!m) return false;
    const q = m[1];
    if (q === undefined) return true;
    const ns = escapeRegExp(q);
    const imported = new RegExp(
      `\\bimport\\s+(?:\\*\\s+as\\s+)?${ns}\\b|\\b${ns}\\s*=\\s*(?:await\\s+)?(?:require|import)\\s*\\(`,
    );
    return imported.test(facts.code.text(file) ?? '');
  };
}

/**
 * Whether code in `file` can call or apply the function defined at `def`: a Rust function is used from Rust code only,
 * so a same-named function of a front end in the repository (`decode`, `deserialize`) is not its caller.
 */
function mayCall(file: string, def?: { path: string }): boolean {
  return !def?.path.endsWith('.rs') || file.endsWith('.rs');
}

/**
 * Ruby calls of a method defined at `def` that need no parentheses: a bare call inside its own file (`load_user`,
 * `self.load_user`: a method of the same class) and, anywhere, a call on its class or a new instance of it
 * (`SessionLoader.new(request).load`, `Billing.refresh`).
 */
function rubyCallPatterns(facts: Facts, name: string, defPath: string): { own: RegExp; qualified?: RegExp } {
  const n = escapeRegExp(name);
  const own = new RegExp(`(?<![\\w.:@$&])(?:self\\.)?${n}(?![\\w?!:])(?!\\s*=(?![=~>]))`);
  const cls = /^\s*class\s+(?:[A-Z]\w*::)*([A-Z]\w*)/m.exec(facts.code.text(defPath) ?? '')?.[1];
  if (!cls) return { own };
  return { own, qualified: new RegExp(`\\b${cls}(?:\\.new\\b(?:\\([^()\\n]*\\))?)?&?\\.${n}(?![\\w?!=])`) };
}

/** A Go method's definition (`func (s *Store) Authenticate(`, `func (h Handler[T]) Serve(`): group 1 is its name. */
const GO_METHOD_DEF = /^func\s*\(\s*(?:\w+\s+)?\*?\s*\w+(?:\[[^\]\n]*\])?\s*\)\s*(\w+)\s*[[(]/;

/**
 * A Go method of the project is mostly called on a value reached through fields or calls
 * (`manager.GetInstance().SessionStore.Authenticate(w, r)`, `s.auth.Verify(r)`), which the plain call pattern (a bare
 * name, or one qualifier) does not take. Such a chained call counts in the method's own package folder and in files
 * importing that package (the import path ending in the folder's last two names, or its only one).
 */
function goMethodCalls(
  facts: Facts,
  name: string,
  def: { path: string; line: number },
): ((file: string) => RegExp | undefined) | undefined {
  if (GO_METHOD_DEF.exec(facts.code.lines(def.path)[def.line - 1] ?? '')?.[1] !== name) return undefined;
  const dir = posix.dirname(def.path);
  const tail = dir === '.' ? undefined : dir.split('/').slice(-2).join('/');
  const imports = tail ? new RegExp(`"(?:[^"\\n]*/)?${escapeRegExp(tail)}"`) : undefined;
  const chained = new RegExp(`(?<=[\\w)\\]])\\.${escapeRegExp(name)}\\s*\\(`);
  return (file) =>
    file.endsWith('.go') && (posix.dirname(file) === dir || imports?.test(facts.code.text(file) ?? ''))
      ? chained
      : undefined;
}

/**
 * The calls of the name in live production files, definitions excluded, file by file: Ruby's parenless calls of a
 * method defined in a Ruby file among them (`require_authentication "manage_indices"` in a Sinatra route block).
 */
function* callsOf(
  facts: Facts,
  name: string,
  def?: { path: string; line: number },
): Generator<{ path: string; line: number }> {
  const calls = callTest(facts, callPattern(name, !!def?.path.endsWith('.rs')), def);
  const ruby = def?.path.endsWith('.rb') ? rubyCallPatterns(facts, name, def.path) : undefined;
  const goMethod = def?.path.endsWith('.go') ? goMethodCalls(facts, name, def) : undefined;
  // The pattern needs the name on the line: files without it are skipped before they are split into lines.
  for (const file of liveFilesNaming(facts, name)) {
    if (!mayCall(file, def)) continue;
    const lines = facts.code.lines(file);
    const rubyOwn = file === def?.path ? ruby?.own : undefined;
    const goChained = goMethod?.(file);
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (!calls(file, l) && !rubyOwn?.test(l) && !ruby?.qualified?.test(l) && !goChained?.test(l)) continue;
      if (def && def.path === file && def.line === i + 1) continue;
      if (/^\s*(?:export\s+)?(?:async\s+)?(?:def|class|function|func)\s/.test(l)) continue;
      yield { path: file, line: i + 1 };
    }
  }
}

/** Every call of the name in live production files (up to `limit`), definitions excluded. */
export function callSites(
  facts: Facts,
  name: string,
  def?: { path: string; line: number },
  limit = 30,
): { path: string; line: number }[] {
  const out: { path: string; line: number }[] = [];
  for (const call of callsOf(facts, name, def)) {
    if (out.length >= limit) break;
    out.push(call);
  }
  return out;
}

/**
 * Walks up from a function to the requests: through every call site (up to `depth` levels of helpers) until a
 * caller is a route handler, is applied as middleware/dependency, or stores the result in a variable routes apply.
 */
export function reachesRequests(
  facts: Facts,
  name: string,
  def: { path: string; line: number },
  depth = 3,
  seen = new Set<string>(),
): { path: string; line: number; how: string } | undefined {
  if (seen.has(`${def.path}:${name}`)) return undefined;
  seen.add(`${def.path}:${name}`);
  for (const call of callSites(facts, name, def)) {
    const viaVar = appliedThroughVariable(facts, call);
    if (viaVar) return { path: viaVar.path, line: viaVar.line, how: `${name} → ${viaVar.variable}, ${viaVar.how}` };
    let enc = enclosing(facts, call.path, call.line);
    // `const owner = caller(req)` inside a function: the value declared on the call line is not the function around it.
    if (enc && enc.line === call.line && /\.[cm]?[jt]sx?$/.test(call.path))
      enc = enclosing(facts, call.path, call.line, true);
    const inline = inlineRegistrationAround(facts, call.path, call.line, enc?.line ?? 0);
    if (inline) return { ...inline, how: `${name} called in ${inline.how}` };
    if (!enc) continue;
    if (enc.decorated) return { path: call.path, line: call.line, how: `${name} called in route ${enc.name}` };
    if (enc.name === name) continue;
    if (isRouteHandler(facts, call.path, enc.name))
      return { path: call.path, line: call.line, how: `${name} called by the route handler ${enc.name}` };
    const applied = appliedAt(facts, enc.name, { path: call.path, line: enc.line });
    if (applied) return { ...applied, how: `${name} called by ${enc.name}, applied as ${applied.how}` };
    if (depth > 1) {
      const up = reachesRequests(facts, enc.name, { path: call.path, line: enc.line }, depth - 1, seen);
      if (up) return { ...up, how: `${name} → ${up.how}` };
    }
  }
  return undefined;
}

export const INLINE_MIDDLEWARE_REGISTERED = 'middleware registered in place';
export const INLINE_ROUTE_HANDLER = 'a route handler written in place';
export const INLINE_ROUTE_HOOK = "a route's request hook written in place";

/** A line registering a function written in place: middleware (`app.Use(func(c *fiber.Ctx) error {`) or a route. */
const INLINE_FUNCTION = String.raw`(?:async\s+)?(?:func\s*\(|function\s*\w*\s*\(|\([^()\n]*\)\s*(?::\s*[^=\n]+)?=>|[\w$]+\s*=>|lambda\b|do\s*\|)`;
const INLINE_MIDDLEWARE = new RegExp(
  String.raw`\.(?:use|Use|addHook|before_request|middleware|Pre|With)\((?:[^()\n]*,\s*)?` + INLINE_FUNCTION,
);
const INLINE_ROUTE = new RegExp(
  /\.(?:get|post|put|delete|patch|all|Get|Post|Put|Delete|Patch|GET|POST|PUT|DELETE|PATCH|HandleFunc|Handle|Any)\(\s*["'`][^"'`\n]*["'`]\s*,\s*(?:[^()\n]*,\s*)?/
    .source + INLINE_FUNCTION,
);

/**
 * A hook written in place in one route's options (Fastify's `preHandler: async (req) => { … }` beside `schema:`, an
 * Elysia route's `beforeHandle: ({ headers }) => { … }`): it runs before that route's handler, for that route only.
 */
const INLINE_ROUTE_HOOK_RE = new RegExp(
  String.raw`^\s*(?:preHandler|onRequest|preValidation|beforeHandle)\s*:\s*(?:\[\s*)?` + INLINE_FUNCTION,
);

/** hyper's `service_fn(move |req| …)`: the closure written in place answers every request of the connection. */
const HYPER_SERVICE_CLOSURE = /\bservice_fn\s*\(\s*(?:move\s+)?\|/;

/**
 * The registration whose in-place function holds a line (`app.Use(func(c *fiber.Ctx) error { … return
 * middleware.Auth()(c) })`, `app.get("/x", async (req, res) => { … })`): walking up by indentation from the line to
 * the named function around it (`stop`), the first opener less indented than the line that registers a function.
 */
export function inlineRegistrationAround(
  facts: Facts,
  path: string,
  line: number,
  stop: number,
): { path: string; line: number; how: string } | undefined {
  const lines = facts.code.lines(path);
  const indentOf = (l: string): number => /^\s*/.exec(l)![0].replace(/\t/g, '    ').length;
  let limit = indentOf(lines[line - 1] ?? '');
  for (let i = line - 1; i >= Math.max(0, stop - 1, line - 80); i--) {
    const l = lines[i]!;
    if (!l.trim() || (i < line - 1 && indentOf(l) >= limit)) continue;
    if (path.endsWith('.rs') && HYPER_SERVICE_CLOSURE.test(l))
      return { path, line: i + 1, how: 'the hyper service function written in place' };
    if (i === line - 1) continue;
    // `const protectedProcedure = t.procedure.use(…)` builds a value (applied where it is used), registers nothing.
    if (INLINE_MIDDLEWARE.test(l) && !/^\s*(?:export\s+)?(?:const|let|var)\s+[\w$]+\s*=/.test(l))
      return { path, line: i + 1, how: INLINE_MIDDLEWARE_REGISTERED };
    if (INLINE_ROUTE.test(l)) return { path, line: i + 1, how: INLINE_ROUTE_HANDLER };
    if (INLINE_ROUTE_HOOK_RE.test(l)) return { path, line: i + 1, how: INLINE_ROUTE_HOOK };
    // Any other statement less indented than the line closes the search: the line is not inside a registration.
    if (!/[{(]\s*$|=>\s*$|\bdo(?:\s*\|[^|]*\|)?\s*$|:\s*$/.test(l)) return undefined;
    limit = indentOf(l);
  }
  return undefined;
}

/**
 * Some production file calls the name (not its definition): an inline check inside a handler. With `accept`, the first
 * call it takes (a call from a route handler, say).
 */
export function calledAt(
  facts: Facts,
  name: string,
  def?: { path: string; line: number },
  accept?: (at: { path: string; line: number }) => boolean,
): { path: string; line: number } | undefined {
  for (const call of callsOf(facts, name, def)) if (!accept || accept(call)) return call;
  return undefined;
}

/**
 * Where a function is handed on as a value rather than called: returned by an action dispatcher
 * (`case "delete": return h.actionDelete`) or a value in a map of handlers (`delete: h.actionDelete,`).
 */
export function referencedAt(
  facts: Facts,
  name: string,
  def?: { path: string; line: number },
): { path: string; line: number } | undefined {
  const n = escapeRegExp(name);
  const re = new RegExp(
    `^\\s*(?:case\\b[^:]*:\\s*)?return\\s+(?:[A-Za-z_]\\w*\\.)?${n}\\s*;?\\s*$|^\\s*["'\\w-]+\\s*:\\s*(?:[A-Za-z_]\\w*\\.)?${n}\\s*,?\\s*$`,
  );
  for (const file of liveFilesNaming(facts, name)) {
    if (!mayCall(file, def)) continue;
    const lines = facts.code.lines(file);
    for (let i = 0; i < lines.length; i++) {
      if (def && def.path === file && def.line === i + 1) continue;
      if (re.test(lines[i]!)) return { path: file, line: i + 1 };
    }
  }
  return undefined;
}

/**
 * Where a function is handed to another call as an argument (`a.decide(c, a.checkAdmin)`, `handle(checkRole)`),
 * not called: the call that receives it runs it.
 */
export function passedAsArgumentAt(
  facts: Facts,
  name: string,
  def?: { path: string; line: number },
): { path: string; line: number }[] {
  const re = new RegExp(`[(,]\\s*(?:[A-Za-z_]\\w*\\.)?${escapeRegExp(name)}\\s*[,)]`);
  const out: { path: string; line: number }[] = [];
  for (const file of liveFilesNaming(facts, name)) {
    if (!mayCall(file, def)) continue;
    const lines = facts.code.lines(file);
    for (let i = 0; i < lines.length; i++) {
      if (def && def.path === file && def.line === i + 1) continue;
      if (re.test(lines[i]!)) out.push({ path: file, line: i + 1 });
    }
  }
  return out;
}

/** spring-boot-starter-security as Gradle/Maven name it: its framework defaults decide authn and headers. */
export const SPRING_SECURITY_STARTER =
  /^(spring-boot-starter-security|org\.springframework\.boot:spring-boot-starter-security)$/;

/** Where production code imports or sets up a declared library (imports fact, or a Ruby/Rails setup call), if anywhere. */
export function setupOf(facts: Facts, dep: string): { path: string; line: number } | undefined {
  const imp = facts.deps.importOf(dep);
  if (imp) return { path: imp.file, line: imp.line };
  const ruby: Record<string, RegExp> = {
    devise: /\bdevise_for\b|^\s*devise\s+:/,
    pundit: /\binclude\s+Pundit\b/,
    cancancan: /\bload_and_authorize_resource\b|\binclude\s+CanCan::Ability\b/,
  };
  const re = ruby[dep];
  if (!re) return undefined;
  const hit = facts.repo.grepFirst(re, { languages: ['ruby'] });
  return hit ? { path: hit.path, line: hit.line } : undefined;
}

/**
 * A check built by a factory and stored in a variable that routes then apply: `reqAdmin := context.Toggle(...)` +
 * `m.Get("/x", reqAdmin, h)`, `const requireUser = auth({...})` + `router.get('/x', requireUser, h)`.
 */
export function appliedThroughVariable(
  facts: Facts,
  call: { path: string; line: number },
): { path: string; line: number; how: string; variable: string } | undefined {
  const line = facts.repo.lines(call.path)[call.line - 1] ?? '';
  const v = /^\s*(?:(?:const|let|var)\s+)?([A-Za-z_$][\w$]*)\s*(?::=|=(?!=))/.exec(line)?.[1];
  // Go's error result (`err = os.Mkdir(…)`) or a discarded one is never a middleware or handler.
  if (!v || v === 'err' || v === '_') return undefined;
  const at = appliedAt(facts, v, call);
  return at ? { ...at, variable: v } : undefined;
}

/**
 * The route whose inline handler holds the line (`app.post('/x', async (c) => { … })`, a chained `.get(…)`, a Sinatra
 * `post "/x" do … end` block): the nearest reached registration above it in the same file, with nothing between that
 * ends the registration's statement.
 */
export function inlineRoute(facts: Facts, path: string, line: number): ServiceRoute | undefined {
  const lang = facts.repo.get(path)?.language;
  if (lang !== 'javascript' && lang !== 'typescript' && lang !== 'ruby') return undefined;
  const above = facts.service.routes
    .filter((r) => r.reached && r.file === path && r.line <= line)
    .sort((a, b) => b.line - a.line)[0];
  if (!above) return undefined;
  const lines = facts.repo.lines(path);
  const indentOf = (s: string): number => /^[ \t]*/.exec(s)![0].replace(/\t/g, '    ').length;
  const base = indentOf(lines[above.line - 1] ?? '');
  const ended = lines
    .slice(above.line, line - 1)
    .some((l) => l.trim() && indentOf(l) <= base && !/^\s*(?:\.|\?\.|\)\s*\.)/.test(l));
  return ended ? undefined : above;
}

const NEXT_ROUTE_EXPORT = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/;

/** A NestJS controller or resolver class (`@Controller('boards')`, `@Resolver(() => Board)` from @nestjs/graphql). */
function nestHandlerClass(text: string): boolean {
  return /^\s*@(?:Controller|Resolver)\s*\(/m.test(text) && /\bfrom\s+["']@nestjs\//.test(text);
}

/**
 * The function is itself a route handler the service runs: named by a reached route, an exported HTTP verb of a
 * Next.js route file, (JVM) a method of a Spring controller class, or a method of a NestJS controller or GraphQL
 * resolver.
 */
export function isRouteHandler(facts: Facts, path: string, name: string): boolean {
  if (!isLive(facts, path)) return false;
  if (NEXT_ROUTE_EXPORT.test(name) && /(^|\/)route\.[cm]?[jt]sx?$/.test(path)) return true;
  const lang = facts.repo.get(path)?.language;
  if ((lang === 'java' || lang === 'kotlin') && /@(?:Rest)?Controller\b/.test(facts.repo.read(path) ?? '')) return true;
  // NestJS controllers and GraphQL resolvers: the module registers the class, and each decorated method is a handler.
  if ((lang === 'typescript' || lang === 'javascript') && nestHandlerClass(facts.repo.read(path) ?? '')) return true;
  return routeHandledBy(facts, path, name) !== undefined;
}

/** The first reached route whose handler is the function `name` of `path`, named alone or through its class or module. */
export function routeHandledBy(facts: Facts, path: string, name: string): ServiceRoute | undefined {
  // PHP routes name their handler `Controller@method` (Laravel resources and [Controller::class, 'method'] pairs): the
  // method of this file's controller class.
  // An invokable controller is named alone and runs its `__invoke`.
  const phpClass =
    facts.repo.get(path)?.language === 'php' ? path.replace(/^.*\//, '').replace(/\.php$/, '') : undefined;
  const phpHandler = phpClass && (name === '__invoke' ? phpClass : `${phpClass}@${name}`);
  return facts.service.routes.find(
    (r) =>
      r.reached &&
      r.handler !== undefined &&
      (r.handler === name ||
        r.handler.endsWith(`.${name}`) ||
        // A Rust handler named through its module (`get(handlers::list_entries)`).
        r.handler.endsWith(`::${name}`) ||
        (!!phpHandler && (r.handler === phpHandler || r.handler.endsWith(`\\${phpHandler}`)))),
  );
}

/** A PHP file of an application served through a plain front controller (no framework router to follow). */
export function plainPhp(facts: Facts, path: string): boolean {
  return facts.frameworks.has('php') && facts.repo.get(path)?.language === 'php';
}

/**
 * The kind of application a file serves requests for without a router to follow: a plain PHP front controller, or a
 * Python application on the standard library's server (a WSGI callable dispatching by method and path itself). Such
 * an application often loads its back ends by configured name (`import_module("pkg.auth." + kind)`), which no import
 * chain shows: for it, a production module counts even when no import reaches it.
 */
export function routerlessApp(facts: Facts, path: string, live: boolean): string | undefined {
  if (!live && !isProductionPath(path)) return undefined;
  if (!live && !facts.frameworks.http.some((f) => f.name === 'http.server')) return undefined;
  if (plainPhp(facts, path)) return 'PHP application';
  const http = facts.frameworks.http;
  if (http.length && http.every((f) => f.name === 'http.server') && facts.repo.get(path)?.language === 'python')
    return 'WSGI application';
  return undefined;
}

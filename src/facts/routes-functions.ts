import path from 'node:path';
import type { RepoIndex } from '../repo/index.js';
import type { ManifestFacts } from './manifests.js';
import type { FsFacts } from './routes-fs.js';
import { arr, obj } from './shape.js';

/**
 * Handlers a platform or runtime calls without a server of the project's own:
 *
 * - AWS Lambda functions behind API Gateway or an ALB, declared in serverless.yml (`functions.<name>.handler` with
 *   `http`/`httpApi`/`alb` events) or a SAM template (`AWS::Serverless::Function` with `Api`/`HttpApi` events). The
 *   handler module is what Lambda loads; the route's path and method come from the descriptor.
 * - Cloudflare Workers: the module wrangler's `main` names (or a package's entry that default-exports `{ fetch }`).
 * - Deno (`Deno.serve(handler)`) and Bun (`Bun.serve({ fetch })`) handlers written by hand.
 *
 * Hand-written fetch handlers route by comparing the URL path (`url.pathname === '/health'`, `case '/health':`,
 * `pathname.startsWith('/api/')`); those comparisons in the handler module are its routes. When the module serves an
 * application of a router framework instead (Hono, Elysia, itty-router …), that framework's routes are read elsewhere.
 */

const HANDLER_EXTS = ['.ts', '.js', '.mjs', '.cjs', '.mts', '.cts', '.py'];

/** Lambda handler `src/handlers/users.create` → the module file and the exported name. */
function lambdaModule(repo: RepoIndex, base: string, handler: string): { file?: string; name: string } {
  const dot = handler.lastIndexOf('.');
  const mod = dot > 0 ? handler.slice(0, dot) : handler;
  const name = dot > 0 ? handler.slice(dot + 1) : 'handler';
  // Bundled handlers name the build output (dist/, .build/, build/): the sources sit in src/ or beside it.
  const BUILD = /^(?:\.\/)?(?:dist|\.build|build|\.aws-sam\/build|\.webpack\/service|\.esbuild\/[^/]+)(?:\/|$)/;
  const built = mod.replace(BUILD, '');
  // A CodeUri that is the build output (./dist): the sources sit beside it, in src/ or at the package root.
  const parent = path.posix.normalize(base).replace(/(?:^|\/)(?:dist|build|\.build)$/, '') || '.';
  const bases = parent !== path.posix.normalize(base) ? [base, parent, `${parent}/src`] : [base];
  for (const b of bases)
    for (const c of [mod, built, `src/${built}`])
      for (const ext of HANDLER_EXTS) {
        const p = path.posix.normalize(b === '.' ? `${c}${ext}` : `${b}/${c}${ext}`);
        if (repo.has(p)) return { file: p, name };
      }
  return { name };
}

/** The line where a module defines the exported handler (`exports.list =`, `export const handler`, `def handler`). */
function handlerLine(repo: RepoIndex, file: string, name: string): number {
  const n = name.replace(/[^\w$]/g, '');
  const re = new RegExp(
    `^(?:export\\s+(?:const|let|var|(?:async\\s+)?function\\*?)\\s+${n}\\b|(?:module\\.)?exports\\.${n}\\s*=|(?:async\\s+)?def\\s+${n}\\s*\\(|export\\s*\\{[^}]*\\b${n}\\b)`,
    'm',
  );
  const text = repo.read(file) ?? '';
  const m = re.exec(text);
  return m ? repo.lineAt(file, m.index) : 1;
}

/** The first line at or after `from` whose text contains `needle`. */
function lineFrom(repo: RepoIndex, file: string, from: number, needle: string): number {
  const lines = repo.lines(file);
  for (let i = Math.max(0, from - 1); i < lines.length; i++) if (lines[i]!.includes(needle)) return i + 1;
  return from;
}

interface LambdaEvent {
  method: string;
  path: string;
  /** Text to find the event's line by. */
  needle: string;
}

/** `GET /users/{id}` → GET /users/:id; `{proxy+}` → *. */
function apiPath(p: string): string {
  const withSlash = p.startsWith('/') ? p : `/${p}`;
  return withSlash.replace(/\{[^}]*\+\}/g, '*').replace(/\{(\w+)\}/g, ':$1');
}

function serverlessEvents(events: unknown[]): LambdaEvent[] {
  const out: LambdaEvent[] = [];
  for (const e of events) {
    for (const [kind, spec] of Object.entries(obj(e))) {
      if (kind !== 'http' && kind !== 'httpApi' && kind !== 'alb') continue;
      if (typeof spec === 'string') {
        // `httpApi: 'GET /health'`, `http: GET health`, `httpApi: '*'`.
        const m = /^\s*(\w+|\*)\s+(\S+)\s*$/.exec(spec);
        if (m) out.push({ method: m[1] === '*' ? 'ANY' : m[1]!.toUpperCase(), path: apiPath(m[2]!), needle: spec });
        else if (spec.trim() === '*') out.push({ method: 'ANY', path: '/*', needle: spec });
        continue;
      }
      const s = obj(spec);
      const conditions = obj(s.conditions);
      const p =
        typeof s.path === 'string'
          ? s.path
          : typeof conditions.path === 'string'
            ? conditions.path
            : arr(conditions.path).find((x) => typeof x === 'string');
      if (typeof p !== 'string') continue;
      const method = typeof s.method === 'string' ? s.method : arr(conditions.method)[0];
      out.push({
        method: typeof method === 'string' && method !== '*' ? method.toUpperCase() : 'ANY',
        path: apiPath(p.replace(/\*$/, '{proxy+}')),
        needle: p,
      });
    }
  }
  return out;
}

function samEvents(events: unknown): LambdaEvent[] {
  const out: LambdaEvent[] = [];
  for (const e of Object.values(obj(events))) {
    const ev = obj(e);
    if (ev.Type !== 'Api' && ev.Type !== 'HttpApi') continue;
    const props = obj(ev.Properties);
    const p = typeof props.Path === 'string' ? props.Path : ev.Type === 'HttpApi' ? '/{proxy+}' : undefined;
    if (!p) continue;
    const method = typeof props.Method === 'string' && props.Method.toLowerCase() !== 'any' ? props.Method : 'ANY';
    out.push({ method: method.toUpperCase(), path: apiPath(p), needle: p });
  }
  return out;
}

interface LambdaFunction {
  name: string;
  handler: string;
  base: string;
  events: LambdaEvent[];
  /** The descriptor that defines it (serverless.yml, or a file it includes with ${file(...)}). */
  file: string;
  line: number;
}

/** `${file(serverless/api/players.yml)}` or `${file(fns.yml):functions}` → the included path. */
const FILE_REF = /^\$\{file\(([^)]+)\)(?::[\w.]+)?\}$/;

/**
 * serverless.yml `functions`: a map, a list of maps, or `${file(...)}` includes of either (relative to the
 * serverless.yml folder), one level deep.
 */
function serverlessFunctions(
  repo: RepoIndex,
  descriptor: string,
  value: unknown,
  depth = 0,
): { name: string; spec: unknown; file: string }[] {
  if (typeof value === 'string') {
    const m = FILE_REF.exec(value.trim());
    if (!m || depth > 1) return [];
    const included = path.posix.normalize(path.posix.join(path.posix.dirname(descriptor), m[1]!.trim()));
    if (!repo.has(included)) return [];
    const doc = repo.yaml(included);
    const inner = obj(doc).functions ?? doc;
    return serverlessFunctions(repo, included, inner, depth + 1).map((x) =>
      x.file === descriptor ? { ...x, file: included } : x,
    );
  }
  if (Array.isArray(value)) return value.flatMap((v) => serverlessFunctions(repo, descriptor, v, depth));
  return Object.entries(obj(value)).map(([name, spec]) => ({ name, spec, file: descriptor }));
}

export function lambdaFunctions(repo: RepoIndex, out: FsFacts): void {
  const descriptors: { file: string; platform: string; functions: LambdaFunction[] }[] = [];
  for (const f of repo.files) {
    if (f.isTest || f.tooLarge || f.path.includes('node_modules/')) continue;
    const dir = path.posix.dirname(f.path);
    if (/(^|\/)serverless\.ya?ml$/.test(f.path)) {
      const doc = obj(repo.yaml(f.path));
      if (!doc.functions) continue;
      const functions: LambdaFunction[] = [];
      for (const { name, spec, file } of serverlessFunctions(repo, f.path, doc.functions)) {
        const s = obj(spec);
        if (typeof s.handler !== 'string') continue;
        functions.push({
          name,
          handler: s.handler,
          base: dir,
          events: serverlessEvents(arr(s.events)),
          file,
          line: lineFrom(repo, file, 1, `${name}:`),
        });
      }
      descriptors.push({ file: f.path, platform: 'Serverless Framework', functions });
    } else if (/\.ya?ml$/.test(f.path) && /\bAWS::Serverless::Function\b/.test(repo.read(f.path) ?? '')) {
      const doc = obj(repo.yaml(f.path));
      const globals = obj(obj(doc.Globals).Function);
      const functions: LambdaFunction[] = [];
      for (const [name, res] of Object.entries(obj(doc.Resources))) {
        const r = obj(res);
        if (r.Type !== 'AWS::Serverless::Function') continue;
        const props = obj(r.Properties);
        const handler = typeof props.Handler === 'string' ? props.Handler : globals.Handler;
        if (typeof handler !== 'string') continue;
        const codeUri = typeof props.CodeUri === 'string' ? props.CodeUri : globals.CodeUri;
        functions.push({
          name,
          handler,
          base: path.posix.normalize(typeof codeUri === 'string' ? path.posix.join(dir, codeUri) : dir),
          events: samEvents(props.Events),
          file: f.path,
          line: lineFrom(repo, f.path, 1, `${name}:`),
        });
      }
      if (functions.length) descriptors.push({ file: f.path, platform: 'SAM', functions });
    }
  }
  for (const d of descriptors) {
    const http = d.functions.filter((fn) => fn.events.length);
    if (!http.length) continue;
    out.apps.push({
      framework: 'aws-lambda',
      root: path.posix.dirname(d.file),
      path: d.file,
      line: http[0]!.line,
      note: `Lambda functions with API Gateway events, ${d.platform}`,
    });
    for (const fn of d.functions) {
      const mod = lambdaModule(repo, fn.base, fn.handler);
      if (mod.file?.endsWith('.py') && fn.events.length) out.apps[out.apps.length - 1]!.language = 'python';
      if (mod.file) out.loaded.push({ path: mod.file, note: `Lambda handler of ${fn.name} (${d.file})`, entry: true });
      for (const ev of fn.events) {
        out.routes.push({
          method: ev.method,
          path: ev.path,
          // The handler's code answers the route; without its module the descriptor line is the evidence.
          file: mod.file ?? d.file,
          line: mod.file ? handlerLine(repo, mod.file, mod.name) : lineFrom(repo, fn.file, fn.line, ev.needle),
          framework: 'aws-lambda',
          handler: mod.name,
        });
      }
    }
  }
}

/** Comparisons of the request path in a hand-written fetch handler (or a node:http handler's `req.url`). */
const PATH_EQ =
  /\b(?:pathname|path|url\.pathname|route|(?:req|request)\.url)\s*===?\s*["'`](\/[^"'`]*)["'`]|["'`](\/[^"'`]*)["'`]\s*===?\s*(?:[\w$.]+\.)?(?:pathname|path)\b/g;
/** The method compared beside the path on its line (`req.method === 'GET' && req.url === '/health'`). */
const METHOD_EQ = /\bmethod\s*===?\s*["'`](GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)["'`]/;
const PATH_CASE = /^\s*case\s+["'`](\/[^"'`]*)["'`]\s*:/gm;
const PATH_PREFIX = /\b(?:pathname|path)\.startsWith\(\s*["'`](\/[^"'`]*)["'`]/g;
const URL_PATTERN = /\bnew\s+URLPattern\(\s*\{\s*pathname\s*:\s*["'`](\/[^"'`]*)["'`]/g;

function fetchHandlerRoutes(
  repo: RepoIndex,
  file: string,
  framework: 'cloudflare-workers' | 'deno' | 'bun' | 'node:http',
  out: FsFacts,
): void {
  const text = repo.read(file) ?? '';
  const seen = new Set<string>();
  const lines = text.split(/\r?\n/);
  const add = (p: string, index: number, prefix = false): void => {
    const full = prefix ? `${p.replace(/\/+$/, '')}/*` : p;
    const line = repo.lineAt(file, index);
    const method = METHOD_EQ.exec(lines[line - 1] ?? '')?.[1] ?? 'ANY';
    if (seen.has(`${method} ${full}`)) return;
    seen.add(`${method} ${full}`);
    const handler = topLevelFunctionAt(lines, line);
    out.routes.push({ method, path: full, file, line, framework, ...(handler ? { handler } : {}) });
  };
  for (const m of text.matchAll(PATH_EQ)) add((m[1] ?? m[2])!, m.index!);
  if (/\bswitch\s*\(\s*(?:[\w$.]+\.)?(?:pathname|path|url)\s*\)/.test(text))
    for (const m of text.matchAll(PATH_CASE)) add(m[1]!, m.index! + m[0].indexOf('case'));
  for (const m of text.matchAll(PATH_PREFIX)) add(m[1]!, m.index!, true);
  for (const m of text.matchAll(URL_PATTERN)) add(m[1]!, m.index!);
}

/**
 * The named top-level function (`function route(req)`, `const route = async (req) => …`) whose body holds a line: the
 * function that answers the path compared there, so checks called in it are in a route handler.
 */
function topLevelFunctionAt(lines: string[], line: number): string | undefined {
  for (let i = Math.min(line, lines.length) - 1; i >= 0; i--) {
    const l = lines[i]!;
    if (!/^\S/.test(l) || /^[})\]]/.test(l)) continue;
    const m =
      /^(?:export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*([\w$]+)\s*\(/.exec(l) ??
      /^(?:export\s+)?(?:const|let|var)\s+([\w$]+)\s*(?::[^=]+)?=\s*(?:async\s+)?(?:function\b|\([^)]*\)\s*(?::[^=]+)?=>|[\w$]+\s*=>)/.exec(
        l,
      );
    return m?.[1];
  }
  return undefined;
}

/**
 * The module a runtime server's handler comes from, when it is imported (`import { handler } from './app.ts'` …
 * `Deno.serve(handler)`, `export default { fetch: handler }`): its path comparisons are the server's routes.
 */
function importedHandlerModule(repo: RepoIndex, file: string, text: string): string | undefined {
  const arg =
    /\b(?:Deno|Bun)\.serve\s*\(\s*(?:\{[^{}]*\}\s*,\s*)?([\w$]+)\s*\)/.exec(text)?.[1] ??
    /\bfetch\s*:\s*([\w$]+)\s*[,}\n]/.exec(text)?.[1];
  if (!arg) return undefined;
  const n = arg.replace(/\$/g, '\\$');
  const imp =
    new RegExp(`^\\s*import\\s*\\{[^}]*\\b${n}\\b[^}]*\\}\\s*from\\s*["'](\\.{1,2}\\/[^"']+)["']`, 'm').exec(text) ??
    new RegExp(`^\\s*import\\s+${n}\\s*(?:,\\s*\\{[^}]*\\})?\\s*from\\s*["'](\\.{1,2}\\/[^"']+)["']`, 'm').exec(text);
  if (!imp) return undefined;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), imp[1]!));
  const stem = base.replace(/\.[cm]?[jt]sx?$/, '');
  return [base, ...['.ts', '.tsx', '.js', '.mjs', '/index.ts', '/mod.ts', '/index.js'].map((x) => stem + x)].find(
    (c) => c !== file && repo.has(c),
  );
}

/** wrangler.toml / wrangler.json(c): the Worker's entry module. */
function wranglerMain(repo: RepoIndex, file: string): string | undefined {
  const text = repo.read(file) ?? '';
  const m = file.endsWith('.toml')
    ? /^\s*main\s*=\s*["']([^"']+)["']/m.exec(text)
    : /"main"\s*:\s*"([^"]+)"/.exec(text);
  return m?.[1];
}

/** The handlers of a Worker's default export that are not requests: `async scheduled(event, env)`, `queue: …`. */
const EVENT_HANDLER = /^\s*(?:async\s+)?(?:scheduled|queue|email|tail)\s*(?:\(|:)/m;
/**
 * A request handler: a `fetch` method or property of the export (`fetch(req, env) {`, `fetch: app.fetch`, `{ fetch,`),
 * a service-worker listener, or an application exported whole (`export default app`, `export default new Hono()`).
 */
const FETCH_HANDLER =
  /^\s*(?:async\s+)?fetch\s*(?:\([^)\n]*\)\s*(?::[^{\n]*)?\{|:|,)|[{,]\s*fetch\s*[:,}]|\baddEventListener\(\s*["']fetch|^export\s+default\s+(?:new\s|app\b|\w+\s*\()/m;
const WORKER_EXPORT = /^export\s+default\s+\{[\s\S]{0,400}?\bfetch\b|^export\s+default\s+\{\s*fetch\b/m;
/** A Worker's fetch handler: module syntax (`export default { fetch }`) or service-worker syntax. */
const WORKER_ENTRY = new RegExp(`${WORKER_EXPORT.source}|\\baddEventListener\\(\\s*["']fetch["']`, 'm');

/** `wrangler deploy|publish` with its arguments, in a shell line, a package.json script or the wrangler action's `command:`. */
const WRANGLER_DEPLOY =
  /\bwrangler(?:@[\w.^~-]+)?\s+(?:deploy|publish)\b([^\n"'&|;]*)|^\s*command\s*:\s*["']?(?:deploy|publish)\b([^\n"'&|;]*)/gm;

interface WranglerDeploy {
  path: string;
  line: number;
  /** The entry module the command names, resolved in the repository. */
  entry?: string;
}

/**
 * Wrangler deploys in CI workflows, scripts and package.json scripts. `command:` lines count only in workflows that
 * use cloudflare/wrangler-action. The entry is the first argument that is a script path (`src/index.ts`), resolved
 * from the package.json's folder, the repository root, or the step's `working-directory` / `workingDirectory`.
 */
function wranglerDeploys(repo: RepoIndex): WranglerDeploy[] {
  return repo.memo('facts:wrangler-deploys', () => {
    const out: WranglerDeploy[] = [];
    const files = repo.files.filter(
      (f) =>
        !f.isTest &&
        !f.path.includes('node_modules/') &&
        /(?:^|\/)(?:\.github\/workflows\/[^/]+\.ya?ml|\.gitlab-ci\.yml|[\w.-]+\.sh|package\.json|Makefile|justfile)$/.test(
          f.path,
        ),
    );
    for (const f of files) {
      const text = repo.read(f.path) ?? '';
      if (!/\bwrangler\b/.test(text)) continue;
      const isWorkflow = /\.ya?ml$/.test(f.path);
      const action = /cloudflare\/wrangler-action@/.test(text);
      const dirs = new Set<string>([
        path.posix.dirname(f.path) === '.' || isWorkflow ? '.' : path.posix.dirname(f.path),
      ]);
      if (isWorkflow)
        for (const m of text.matchAll(/^\s*(?:working-directory|workingDirectory)\s*:\s*["']?([\w./-]+)/gm))
          dirs.add(path.posix.normalize(m[1]!).replace(/\/$/, '') || '.');
      for (const m of text.matchAll(WRANGLER_DEPLOY)) {
        if (m[2] !== undefined && !(isWorkflow && action)) continue;
        const args = (m[1] ?? m[2] ?? '').trim().split(/\s+/);
        let file: string | undefined;
        for (let i = 0; i < args.length; i++) {
          const a = args[i]!;
          if (a.startsWith('-')) {
            if (
              !a.includes('=') &&
              /^(?:--(?:name|env|config|compatibility-date|compatibility-flags|var|define|outdir|routes?|triggers?|tag|message)|-[ce])$/.test(
                a,
              )
            )
              i++;
            continue;
          }
          if (/\.[cm]?[jt]sx?$/.test(a) && !/\$/.test(a)) file = a;
          break;
        }
        const entry = file
          ? [...dirs].map((d) => path.posix.normalize(d === '.' ? file! : `${d}/${file}`)).find((p) => repo.has(p))
          : undefined;
        out.push({ path: f.path, line: repo.lineAt(f.path, m.index!), ...(entry ? { entry } : {}) });
      }
    }
    return out;
  });
}

/** The folder of the nearest package.json (or deno.json) above a file, or the repository root. */
function packageRoot(repo: RepoIndex, file: string): string {
  for (let dir = path.posix.dirname(file); dir !== '.'; dir = path.posix.dirname(dir))
    if (repo.has(`${dir}/package.json`) || repo.has(`${dir}/deno.json`)) return dir;
  return '.';
}

export function cloudflareWorkers(repo: RepoIndex, manifests: ManifestFacts, out: FsFacts): void {
  const entries = new Map<string, string>();
  for (const f of repo.byName(/^wrangler\.(?:toml|jsonc?)$/)) {
    if (f.isTest || f.path.includes('node_modules/')) continue;
    const dir = path.posix.dirname(f.path);
    const main = wranglerMain(repo, f.path);
    if (main) {
      const p = path.posix.normalize(path.posix.join(dir, main));
      if (repo.has(p)) entries.set(p, f.path);
      continue;
    }
    // Without `main` (wrangler 1 webpack projects, `wrangler dev src/index.js`): the package's main or src/index.
    const pkgMain = (repo.json(dir === '.' ? 'package.json' : `${dir}/package.json`) as { main?: unknown } | undefined)
      ?.main;
    const candidates = [
      ...(typeof pkgMain === 'string' ? [pkgMain] : []),
      'src/index.ts',
      'src/index.js',
      'src/worker.ts',
      'src/worker.js',
      'index.js',
      'index.ts',
    ];
    for (const c of candidates) {
      const p = path.posix.normalize(path.posix.join(dir, c));
      if (repo.has(p) && WORKER_ENTRY.test(repo.read(p) ?? '')) {
        entries.set(p, f.path);
        break;
      }
    }
  }
  // Without a wrangler config (or beside one): `wrangler deploy <entry>` in CI, a script or a package.json script, or
  // the wrangler GitHub action with `command: deploy <entry>`. The entry it names is a Worker; a deploy that names
  // none makes the conventional entries of the repository's packages Workers (below).
  const deploys = wranglerDeploys(repo);
  const lines = new Map<string, number>();
  for (const d of deploys) {
    if (!d.entry || entries.has(d.entry)) continue;
    if (!WORKER_ENTRY.test(repo.read(d.entry) ?? '')) continue;
    entries.set(d.entry, d.path);
    lines.set(d.entry, d.line);
  }
  const deployedByCi = deploys.length > 0;
  // A package that depends on wrangler or the Workers types (or is deployed by wrangler in CI) and whose entry
  // default-exports { fetch }.
  for (const m of manifests.manifests) {
    if (m.type !== 'package.json') continue;
    if (!deployedByCi && !m.dependencies.some((d) => d.name === 'wrangler' || d.name === '@cloudflare/workers-types'))
      continue;
    const root = path.posix.dirname(m.path);
    for (const rel of ['src/index.ts', 'src/index.js', 'src/worker.ts', 'src/worker.js', 'index.ts', 'index.js']) {
      const p = root === '.' ? rel : `${root}/${rel}`;
      if (repo.has(p) && !entries.has(p) && WORKER_ENTRY.test(repo.read(p) ?? '')) entries.set(p, m.path);
    }
  }
  for (const [entry, config] of entries) {
    const text = repo.read(entry) ?? '';
    // A Worker of cron triggers, queue or email handlers only: it serves no request (its Durable Objects' methods are
    // called over RPC by other Workers).
    if (EVENT_HANDLER.test(text) && !FETCH_HANDLER.test(text)) {
      out.loaded.push({ path: entry, note: `Worker entry module (${config})`, entry: true });
      continue;
    }
    out.apps.push({
      framework: 'cloudflare-workers',
      root: /(?:^|\/)(?:wrangler\.(?:toml|jsonc?)|package\.json)$/.test(config)
        ? path.posix.dirname(config)
        : packageRoot(repo, entry),
      path: config,
      line: lines.get(entry) ?? 1,
      note: `Cloudflare Worker (${entry})`,
    });
    out.loaded.push({ path: entry, note: `Worker entry module (${config})`, entry: true });
    if (WORKER_ENTRY.test(text)) fetchHandlerRoutes(repo, entry, 'cloudflare-workers', out);
  }
}

/** Development servers, examples and benchmarks are not the service. */
const DEV_PATH = /(^|\/)(?:scripts|examples?|samples?|demo|bench(?:marks?)?|tools|e2e|fixtures|playground|dev)\//;
// A call may name its type arguments: `Bun.serve<WebSocketData>({ fetch, websocket })` types the sockets' data.
const DENO_SERVE = /^(?!\s*\/\/).*?\bDeno\.serve\s*(?:<[^<>()\n]{0,80}>\s*)?\(/m;
const BUN_SERVE = /^(?!\s*\/\/).*?\bBun\.serve\s*(?:<[^<>()\n]{0,80}>\s*)?\(/m;

/** Deno.serve / Bun.serve with a hand-written handler (a router framework's app.fetch is that framework's). */
export function runtimeServers(repo: RepoIndex, out: FsFacts): void {
  const claimed = new Set(out.loaded.map((l) => l.path));
  for (const f of repo.files) {
    if (f.isTest || f.tooLarge || (f.language !== 'typescript' && f.language !== 'javascript')) continue;
    if (f.path.includes('node_modules/') || claimed.has(f.path) || DEV_PATH.test(f.path)) continue;
    const text = repo.read(f.path) ?? '';
    // `deno serve` (and Deno Deploy) run a module that default-exports `{ fetch }`, in a folder with a deno.json.
    const dir = path.posix.dirname(f.path);
    // The file's name and folder are asked first, and the pattern only of a text holding `fetch` (both of its
    // alternatives do): searched in every JavaScript and TypeScript file, its `^` tried at each line start.
    const denoDefault =
      /(?:^|\/)(?:main|server|mod|index)\.[cm]?[jt]sx?$/.test(f.path) &&
      ['deno.json', 'deno.jsonc'].some((c) => repo.has(dir === '.' ? c : `${dir}/${c}`) || repo.has(c)) &&
      text.includes('fetch')
        ? WORKER_EXPORT.exec(text)
        : null;
    if (denoDefault) {
      out.apps.push({
        framework: 'deno',
        root: dir,
        path: f.path,
        line: repo.lineAt(f.path, denoDefault.index),
        note: 'Deno fetch handler (`export default { fetch }`, run by `deno serve`)',
      });
      fetchHandlerRoutes(repo, f.path, 'deno', out);
      const mod = importedHandlerModule(repo, f.path, text);
      if (mod) {
        out.loaded.push({ path: mod, note: `fetch handler module of ${f.path}`, entry: false });
        fetchHandlerRoutes(repo, mod, 'deno', out);
      }
      continue;
    }
    // Each pattern needs its call's name: a plain search skips the many files without it.
    const deno = text.includes('Deno.serve') ? DENO_SERVE.exec(text) : null;
    const bun = deno || !text.includes('Bun.serve') ? null : BUN_SERVE.exec(text);
    const m = deno ?? bun;
    if (!m) continue;
    const framework = deno ? 'deno' : 'bun';
    const line = repo.lineAt(f.path, m.index + m[0].length - 1);
    out.apps.push({
      framework,
      root: path.posix.dirname(f.path),
      path: f.path,
      line,
      note: `${deno ? 'Deno.serve' : 'Bun.serve'} handler`,
    });
    fetchHandlerRoutes(repo, f.path, framework, out);
    const mod = importedHandlerModule(repo, f.path, text);
    if (mod) {
      out.loaded.push({
        path: mod,
        note: `handler module of ${deno ? 'Deno.serve' : 'Bun.serve'} in ${f.path}`,
        entry: false,
      });
      fetchHandlerRoutes(repo, mod, framework, out);
    }
  }
}

/** Node's own server modules, imported or required (`import { createServer } from 'node:http'`, `require('https')`). */
const NODE_HTTP_MODULE = /\b(?:from\s*|require\s*\(\s*)["'](?:node:)?(?:https?|http2)["']/;
/** A server of those modules made: `http.createServer(…)`, `https.createServer(…)`, `http2.createSecureServer(…)`. */
const NODE_HTTP_SERVER = /^(?!\s*\/\/).*?\b(?:(?:https?|http2)\.)?create(?:Secure)?Server\s*\(/m;
/** A bare `createServer(` is the module's only when imported from it (Vite and net have their own). */
const NODE_HTTP_NAMED =
  /\{[^}]*\bcreate(?:Secure)?Server\b[^}]*\}\s*(?:from\s*|=\s*require\s*\(\s*)["'](?:node:)?(?:https?|http2)["']/;
/** Bound to the loopback address only (an OAuth callback a CLI or desktop app waits for): a local tool, not a service. */
const NODE_HTTP_LOOPBACK = /\.listen\s*\([^,)]*,\s*["'`](?:127\.0\.0\.1|localhost|::1)["'`]/;
/**
 * Frameworks that make the request handler a node:http server is given (`http.createServer(app)` of Express, Koa's
 * `app.callback()`, Next's custom server): their routes are theirs.
 */
const NODE_HTTP_FRAMEWORKS =
  /^(?:express|koa|fastify|@nestjs\/core|@hapi\/hapi|hapi|hono|elysia|connect|polka|restify|next|nuxt|nitropack|h3|@sveltejs\/kit|@remix-run\/\w+|@react-router\/\w+|@adonisjs\/core|sails|@feathersjs\/\w+|@trpc\/server|micro|@effect\/platform-node)$/;
/** A module of hand-written node:http handlers: it takes the request and response objects. */
const NODE_HANDLER_MODULE =
  /\b(?:IncomingMessage|ServerResponse|Http2ServerRequest)\b|\(\s*req\w*\s*(?::[^,()]*)?,\s*res\w*\b/;

/**
 * Servers of Node's own http, https or http2 module with a hand-written handler (a realtime server answering its
 * health check and internal API beside socket.io): the routes are the handler's comparisons of `req.url` or of the
 * parsed pathname, in the server's module and in the handler modules of its package.
 */
export function nodeHttpServers(repo: RepoIndex, manifests: ManifestFacts, out: FsFacts): void {
  const claimed = new Set(out.loaded.map((l) => l.path));
  const roots = new Set<string>();
  for (const f of repo.files) {
    if (f.isTest || f.tooLarge || (f.language !== 'typescript' && f.language !== 'javascript')) continue;
    if (f.path.includes('node_modules/') || claimed.has(f.path) || DEV_PATH.test(f.path)) continue;
    const text = repo.read(f.path) ?? '';
    if (!text.includes('Server') || !NODE_HTTP_MODULE.test(text)) continue;
    const m = NODE_HTTP_SERVER.exec(text);
    if (!m || (!/\.create(?:Secure)?Server\s*\($/.test(m[0]) && !NODE_HTTP_NAMED.test(text))) continue;
    if (NODE_HTTP_LOOPBACK.test(text)) continue;
    const root = packageRoot(repo, f.path);
    const manifest = manifests.manifests.find(
      (x) => x.path === (root === '.' ? 'package.json' : `${root}/package.json`),
    );
    if (roots.has(root) || manifest?.dependencies.some((d) => !d.dev && NODE_HTTP_FRAMEWORKS.test(d.name))) continue;
    // A published library's server (`exports`, `types` or `files` of a package not kept private: a framework's own
    // application class) serves the applications that import it.
    const raw = manifest?.raw as Record<string, unknown> | undefined;
    if (raw && raw.private !== true && ['exports', 'types', 'files'].some((k) => raw[k] !== undefined)) continue;
    roots.add(root);
    out.apps.push({
      framework: 'node:http',
      root,
      path: f.path,
      line: repo.lineAt(f.path, m.index + m[0].length - 1),
      note: 'node:http server with a hand-written handler',
    });
    out.loaded.push({ path: f.path, note: 'node:http server module', entry: true });
    const prefix = root === '.' ? '' : `${root}/`;
    for (const h of repo.files) {
      if (!h.path.startsWith(prefix) || h.isTest || h.tooLarge || h.path.includes('node_modules/')) continue;
      if (h.language !== 'typescript' && h.language !== 'javascript') continue;
      if (h.path === f.path || NODE_HANDLER_MODULE.test(repo.read(h.path) ?? ''))
        fetchHandlerRoutes(repo, h.path, 'node:http', out);
    }
  }
}

/** `supabase/functions/<name>/index.ts`: one Edge Function, served at `/functions/v1/<name>` (`_shared` is a library). */
const SUPABASE_FUNCTION = /(?:^|\/)supabase\/functions\/([^/_.][^/]*)\/index\.(?:[cm]?[jt]sx?)$/;

/**
 * Supabase Edge Functions: Deno modules the Supabase runtime serves, each at `/functions/v1/<folder>`. Path comparisons
 * inside (`url.pathname === …`) or a router framework's own routes add to that one.
 */
export function supabaseFunctions(repo: RepoIndex, out: FsFacts): void {
  const fns = repo.files.filter((f) => !f.isTest && !f.tooLarge && SUPABASE_FUNCTION.test(f.path));
  if (!fns.length) return;
  const root = fns[0]!.path.replace(/\/functions\/[^/]+\/index\.[^/]+$/, '');
  out.apps.push({
    framework: 'deno',
    root,
    path: fns[0]!.path,
    line: 1,
    note: `Supabase Edge Functions (${root}/functions)`,
    adapter: 'supabase-edge-functions',
  });
  for (const f of fns) {
    const name = SUPABASE_FUNCTION.exec(f.path)![1]!;
    out.loaded.push({ path: f.path, note: `Supabase Edge Function ${name}`, entry: true });
    const serve = /\bDeno\.serve\s*\(|\bserve\s*\(|^export\s+default\b/m.exec(repo.read(f.path) ?? '');
    out.routes.push({
      method: 'ANY',
      path: `/functions/v1/${name}`,
      file: f.path,
      line: serve ? repo.lineAt(f.path, serve.index) : 1,
      framework: 'deno',
    });
    fetchHandlerRoutes(repo, f.path, 'deno', out);
  }
}

/** `new NodejsFunction(this, 'Id', { … })` / `new lambda.Function(this, 'Id', { … })` assigned to a name. */
const CDK_FUNCTION =
  /(?:\b(?:const|let|var)\s+([\w$]+)\s*=|\bthis\.([\w$]+)\s*=)\s*new\s+(?:[\w$]+\.)?(NodejsFunction|Function)\s*\(\s*(?:this|scope|[\w$]+)\s*,\s*["'`]([^"'`]+)["'`]\s*,\s*\{/g;
const CDK_RESOURCE =
  /\b(?:const|let|var)\s+([\w$]+)\s*=\s*((?:this\.)?[\w$]+(?:\.root)?(?:\s*\.\s*(?:addResource|resourceForPath)\s*\(\s*["'`][^"'`]+["'`][^)]*\))+)/g;
const CDK_METHOD =
  /((?:this\.)?[\w$]+(?:\.root)?(?:\s*\.\s*(?:addResource|resourceForPath)\s*\(\s*["'`][^"'`]+["'`][^)]*\))*)\s*\.\s*addMethod\s*\(\s*["'`](\w+)["'`]\s*,\s*new\s+(?:[\w$]+\.)?LambdaIntegration\s*\(\s*(?:this\.)?([\w$]+)/g;
const CDK_HTTP_ROUTES = /\.\s*addRoutes\s*\(\s*\{([\s\S]{0,600}?)\}\s*\)/g;
const CDK_PROXY =
  /new\s+(?:[\w$]+\.)?LambdaRestApi\s*\([^{]*\{[^}]*?\bhandler\s*:\s*(?:this\.)?([\w$]+)|\b(?:this\.)?([\w$]+)\s*\.\s*addFunctionUrl\s*\(/g;

/** The object literal that starts at `open` (the index of its `{`), to its matching brace. */
function objectAt(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length && i < open + 4000; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open, i + 1);
  }
  return text.slice(open, open + 4000);
}

/** The handler module a CDK function definition names: NodejsFunction `entry`, or `Code.fromAsset(dir)` + `handler`. */
function cdkHandlerModule(repo: RepoIndex, stack: string, props: string): { file?: string; name: string } {
  const handler = /\bhandler\s*:\s*["'`]([^"'`]+)["'`]/.exec(props)?.[1];
  const entry = /\bentry\s*:\s*(?:path\.(?:join|resolve)\s*\(\s*__dirname\s*,\s*)?["'`]([^"'`]+)["'`]/.exec(props);
  const stackDir = path.posix.dirname(stack);
  const viaDirname = entry ? /__dirname/.test(entry[0]) : false;
  // Paths without __dirname are relative to where `cdk` runs: the folder of cdk.json above the stack.
  let appDir = stackDir;
  while (appDir !== '.' && !repo.has(`${appDir}/cdk.json`)) appDir = path.posix.dirname(appDir);
  if (entry) {
    const p = path.posix.normalize(path.posix.join(viaDirname ? stackDir : appDir, entry[1]!));
    return repo.has(p) ? { file: p, name: handler ?? 'handler' } : { name: handler ?? 'handler' };
  }
  const asset = /\bCode\.fromAsset\s*\(\s*(?:path\.(?:join|resolve)\s*\(\s*__dirname\s*,\s*)?["'`]([^"'`]+)["'`]/.exec(
    props,
  );
  if (asset && handler) {
    const base = path.posix.normalize(path.posix.join(/__dirname/.test(asset[0]) ? stackDir : appDir, asset[1]!));
    return lambdaModule(repo, base, handler);
  }
  return { name: handler ?? 'handler' };
}

/** `api.root.addResource('users').addResource('{id}')`, with resources held in variables, → `/users/:id`. */
function cdkResourcePath(expr: string, resources: Map<string, string>): string | undefined {
  const base = /^((?:this\.)?[\w$]+)(\.root)?/.exec(expr.trim());
  if (!base) return undefined;
  let p = base[2] ? '' : resources.get(base[1]!);
  if (p === undefined) return undefined;
  for (const m of expr.matchAll(/\.\s*(addResource|resourceForPath)\s*\(\s*["'`]([^"'`]+)["'`]/g))
    p = `${p}/${m[2]!.replace(/^\/+|\/+$/g, '')}`;
  return apiPath(p || '/');
}

/**
 * AWS CDK apps: Lambda functions (NodejsFunction, lambda.Function) behind API Gateway — REST resources with
 * `addMethod(…, new LambdaIntegration(fn))`, HTTP API `addRoutes({ path, methods, integration })`, a LambdaRestApi
 * proxy or a function URL. The handler module is what Lambda loads; path and method come from the stack.
 */
export function cdkFunctions(repo: RepoIndex, out: FsFacts): void {
  for (const f of repo.files) {
    if (f.isTest || f.tooLarge || (f.language !== 'typescript' && f.language !== 'javascript')) continue;
    if (f.path.includes('node_modules/') || f.path.includes('cdk.out/')) continue;
    const text = repo.read(f.path) ?? '';
    // A plain search first: the pattern's leading quote class is tried at every quote of every file.
    if (
      !text.includes('aws-cdk') ||
      !/['"](?:aws-cdk-lib|@aws-cdk\/)/.test(text) ||
      !/LambdaIntegration\b|\bLambdaRestApi\b|\baddFunctionUrl\b/.test(text)
    )
      continue;
    const fns = new Map<string, { file?: string; name: string; line: number }>();
    for (const m of text.matchAll(CDK_FUNCTION)) {
      const props = objectAt(text, m.index! + m[0].length - 1);
      fns.set((m[1] ?? m[2])!, { ...cdkHandlerModule(repo, f.path, props), line: repo.lineAt(f.path, m.index!) });
    }
    if (!fns.size) continue;
    const resources = new Map<string, string>();
    for (const m of text.matchAll(CDK_RESOURCE)) {
      const p = cdkResourcePath(m[2]!, resources);
      if (p !== undefined) resources.set(m[1]!, p === '/' ? '' : p);
    }
    const routes: { method: string; path: string; fn: string; index: number }[] = [];
    for (const m of text.matchAll(CDK_METHOD)) {
      const p = cdkResourcePath(m[1]!, resources);
      if (p !== undefined && fns.has(m[3]!))
        routes.push({ method: m[2]!.toUpperCase(), path: p, fn: m[3]!, index: m.index! });
    }
    for (const m of text.matchAll(CDK_HTTP_ROUTES)) {
      const body = m[1]!;
      const p = /\bpath\s*:\s*["'`]([^"'`]+)["'`]/.exec(body)?.[1];
      const fn = /new\s+(?:[\w$]+\.)?HttpLambdaIntegration\s*\(\s*["'`][^"'`]*["'`]\s*,\s*(?:this\.)?([\w$]+)/.exec(
        body,
      )?.[1];
      if (!p || !fn || !fns.has(fn)) continue;
      const methods = [...(/\bmethods\s*:\s*\[([^\]]*)\]/.exec(body)?.[1] ?? '').matchAll(/HttpMethod\.(\w+)/g)].map(
        (x) => x[1]!,
      );
      for (const method of methods.length ? methods : ['ANY'])
        routes.push({ method, path: apiPath(p), fn, index: m.index! });
    }
    for (const m of text.matchAll(CDK_PROXY)) {
      const fn = (m[1] ?? m[2])!;
      if (fns.has(fn)) routes.push({ method: 'ANY', path: '/*', fn, index: m.index! });
    }
    if (!routes.length) continue;
    out.apps.push({
      framework: 'aws-lambda',
      root: path.posix.dirname(f.path),
      path: f.path,
      line: repo.lineAt(f.path, routes[0]!.index),
      note: 'Lambda functions with API Gateway routes, AWS CDK',
    });
    for (const [name, fn] of fns)
      if (fn.file) out.loaded.push({ path: fn.file, note: `Lambda handler of ${name} (${f.path})`, entry: true });
    for (const r of routes) {
      const fn = fns.get(r.fn)!;
      out.routes.push({
        method: r.method,
        path: r.path,
        file: fn.file ?? f.path,
        line: fn.file ? handlerLine(repo, fn.file, fn.name) : repo.lineAt(f.path, r.index),
        framework: 'aws-lambda',
        handler: fn.name,
      });
    }
  }
}

/** A module that exports a Lambda handler: `exports.handler =`, `export const handler`, `export async function handler`. */
const LAMBDA_EXPORT =
  /^(?:(?:module\.)?exports\.handler\s*=|export\s+(?:const|let|var)\s+handler\b|export\s+(?:async\s+)?function\s+handler\s*\()/m;
/** The handler answers API Gateway, an ALB or a function URL: their event types, or HTTP fields of the event. */
const HTTP_EVENT =
  /\b(?:APIGatewayProxy(?:Event|Handler|Result)\w*|APIGatewayEvent|ALBEvent|ALBHandler|LambdaFunctionURL(?:Event|Handler)\w*)\b|\bevent\.(?:httpMethod|rawPath|requestContext\.http|pathParameters|queryStringParameters|routeKey)\b/;
const RETURNS_STATUS = /\bstatusCode\s*:/;
/** Lambda adapters of a server framework: that framework's routes are read elsewhere. */
const FRAMEWORK_ADAPTER =
  /['"](?:serverless-http|@vendia\/serverless-express|@codegenie\/serverless-express|aws-serverless-express|@fastify\/aws-lambda|@hono\/aws-lambda|hono\/aws-lambda|@as-integrations\/aws-lambda|@trpc\/server\/adapters\/aws-lambda)['"]/;
/** Request-path comparisons on the Lambda event (`event.rawPath === '/health'`, `routeKey === 'GET /health'`). */
const EVENT_PATH_EQ = /\b(?:rawPath|resource|path)\s*===?\s*["'`](\/[^"'`]*)["'`]/g;
const ROUTE_KEY_EQ =
  /\brouteKey\s*===?\s*["'`](\w+|ANY)\s+(\/[^"'`]*)["'`]|^\s*case\s+["'`](\w+)\s+(\/[^"'`]*)["'`]\s*:/gm;

/**
 * Lambda handlers deployed without a descriptor in the repository (the console, Terraform in another repository, a
 * `zip` and `aws lambda update-function-code`): a module exporting `handler` that answers HTTP events. Which path API
 * Gateway maps to it is not in the repository, unless the handler routes by the event's path itself.
 */
export function bareLambdaHandlers(repo: RepoIndex, out: FsFacts): void {
  if (out.apps.some((a) => a.framework === 'aws-lambda')) return;
  const claimed = new Set(out.loaded.map((l) => l.path));
  for (const f of repo.files) {
    if (f.isTest || f.tooLarge || (f.language !== 'typescript' && f.language !== 'javascript')) continue;
    if (f.path.includes('node_modules/') || claimed.has(f.path) || DEV_PATH.test(f.path)) continue;
    if (/(?:^|\/)(?:dist|build|\.aws-sam|cdk\.out)\//.test(f.path)) continue;
    const text = repo.read(f.path) ?? '';
    // Every alternative names `handler`: a plain search spares the pattern on most files.
    const exp = text.includes('handler') ? LAMBDA_EXPORT.exec(text) : null;
    if (!exp || FRAMEWORK_ADAPTER.test(text)) continue;
    const http = HTTP_EVENT.exec(text);
    if (!http && !(RETURNS_STATUS.test(text) && /\bevent\.(?:body|headers|path)\b/.test(text))) continue;
    const line = repo.lineAt(f.path, exp.index);
    out.apps.push({
      framework: 'aws-lambda',
      root: path.posix.dirname(f.path),
      path: f.path,
      line,
      note: `Lambda handler for HTTP events (${http ? http[0] : 'event.body / statusCode'})`,
    });
    out.loaded.push({ path: f.path, note: 'Lambda handler module', entry: true });
    const before = out.routes.length;
    const seen = new Set<string>();
    const add = (method: string, p: string, index: number): void => {
      if (seen.has(`${method} ${p}`)) return;
      seen.add(`${method} ${p}`);
      out.routes.push({
        method,
        path: apiPath(p),
        file: f.path,
        line: repo.lineAt(f.path, index),
        framework: 'aws-lambda',
        handler: 'handler',
      });
    };
    for (const m of text.matchAll(EVENT_PATH_EQ)) add('ANY', m[1]!, m.index!);
    for (const m of text.matchAll(ROUTE_KEY_EQ))
      add((m[1] ?? m[3])!.toUpperCase(), (m[2] ?? m[4])!, m.index! + m[0].length - m[0].trimStart().length);
    // The path API Gateway maps to the function is configured outside the repository.
    if (out.routes.length === before) add('ANY', '/*', exp.index);
  }
}

import path from 'node:path';
import type { RepoIndex } from '../repo/index.js';
import type { ManifestFacts } from './manifests.js';
import type { FsFacts } from './routes-fs.js';

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

const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

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

/** Comparisons of the request path in a hand-written fetch handler. */
const PATH_EQ =
  /\b(?:pathname|path|url\.pathname|route)\s*===?\s*["'`](\/[^"'`]*)["'`]|["'`](\/[^"'`]*)["'`]\s*===?\s*(?:[\w$.]+\.)?(?:pathname|path)\b/g;
const PATH_CASE = /^\s*case\s+["'`](\/[^"'`]*)["'`]\s*:/gm;
const PATH_PREFIX = /\b(?:pathname|path)\.startsWith\(\s*["'`](\/[^"'`]*)["'`]/g;
const URL_PATTERN = /\bnew\s+URLPattern\(\s*\{\s*pathname\s*:\s*["'`](\/[^"'`]*)["'`]/g;

function fetchHandlerRoutes(
  repo: RepoIndex,
  file: string,
  framework: 'cloudflare-workers' | 'deno' | 'bun',
  out: FsFacts,
): void {
  const text = repo.read(file) ?? '';
  const seen = new Set<string>();
  const add = (p: string, index: number, prefix = false): void => {
    const full = prefix ? `${p.replace(/\/+$/, '')}/*` : p;
    if (seen.has(full)) return;
    seen.add(full);
    out.routes.push({ method: 'ANY', path: full, file, line: repo.lineAt(file, index), framework });
  };
  for (const m of text.matchAll(PATH_EQ)) add((m[1] ?? m[2])!, m.index!);
  if (/\bswitch\s*\(\s*(?:[\w$.]+\.)?(?:pathname|path)\s*\)/.test(text))
    for (const m of text.matchAll(PATH_CASE)) add(m[1]!, m.index! + m[0].indexOf('case'));
  for (const m of text.matchAll(PATH_PREFIX)) add(m[1]!, m.index!, true);
  for (const m of text.matchAll(URL_PATTERN)) add(m[1]!, m.index!);
}

/** wrangler.toml / wrangler.json(c): the Worker's entry module. */
function wranglerMain(repo: RepoIndex, file: string): string | undefined {
  const text = repo.read(file) ?? '';
  const m = file.endsWith('.toml')
    ? /^\s*main\s*=\s*["']([^"']+)["']/m.exec(text)
    : /"main"\s*:\s*"([^"]+)"/.exec(text);
  return m?.[1];
}

const WORKER_EXPORT = /^export\s+default\s+\{[\s\S]{0,400}?\bfetch\b|^export\s+default\s+\{\s*fetch\b/m;
/** A Worker's fetch handler: module syntax (`export default { fetch }`) or service-worker syntax. */
const WORKER_ENTRY = new RegExp(`${WORKER_EXPORT.source}|\\baddEventListener\\(\\s*["']fetch["']`, 'm');

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
  // A package that depends on wrangler or the Workers types and whose entry default-exports { fetch }.
  for (const m of manifests.manifests) {
    if (m.type !== 'package.json') continue;
    if (!m.dependencies.some((d) => d.name === 'wrangler' || d.name === '@cloudflare/workers-types')) continue;
    const root = path.posix.dirname(m.path);
    for (const rel of ['src/index.ts', 'src/index.js', 'src/worker.ts', 'src/worker.js', 'index.ts', 'index.js']) {
      const p = root === '.' ? rel : `${root}/${rel}`;
      if (repo.has(p) && !entries.has(p) && WORKER_ENTRY.test(repo.read(p) ?? '')) entries.set(p, m.path);
    }
  }
  for (const [entry, config] of entries) {
    const text = repo.read(entry) ?? '';
    out.apps.push({
      framework: 'cloudflare-workers',
      root: path.posix.dirname(config),
      path: config,
      line: 1,
      note: `Cloudflare Worker (${entry})`,
    });
    out.loaded.push({ path: entry, note: `Worker entry module (${config})`, entry: true });
    if (WORKER_ENTRY.test(text)) fetchHandlerRoutes(repo, entry, 'cloudflare-workers', out);
  }
}

/** Development servers, examples and benchmarks are not the service. */
const DEV_PATH = /(^|\/)(?:scripts|examples?|samples?|demo|bench(?:marks?)?|tools|e2e|fixtures|playground|dev)\//;
const DENO_SERVE = /^(?!\s*\/\/).*?\bDeno\.serve\s*\(/m;
const BUN_SERVE = /^(?!\s*\/\/).*?\bBun\.serve\s*\(/m;

/** Deno.serve / Bun.serve with a hand-written handler (a router framework's app.fetch is that framework's). */
export function runtimeServers(repo: RepoIndex, out: FsFacts): void {
  const claimed = new Set(out.loaded.map((l) => l.path));
  for (const f of repo.files) {
    if (f.isTest || f.tooLarge || (f.language !== 'typescript' && f.language !== 'javascript')) continue;
    if (f.path.includes('node_modules/') || claimed.has(f.path) || DEV_PATH.test(f.path)) continue;
    const text = repo.read(f.path) ?? '';
    const deno = DENO_SERVE.exec(text);
    const bun = deno ? null : BUN_SERVE.exec(text);
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
  }
}

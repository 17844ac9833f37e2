import path from 'node:path';
import type { Node } from 'web-tree-sitter';
import type { GrepMatch, RepoIndex } from '../repo/index.js';
import { type ManifestFacts, minorOf } from './manifests.js';
import {
  bareLambdaHandlers,
  cdkFunctions,
  cloudflareWorkers,
  lambdaFunctions,
  nodeHttpServers,
  runtimeServers,
  supabaseFunctions,
} from './routes-functions.js';
import { jsFamilyParser } from './syntax-trees.js';
import { joinPath } from './url-path.js';

/** The first line of a Nitro or Nuxt config (outside tests and comments) that matches. */
export function nitroConfigLine(repo: RepoIndex, re: RegExp): GrepMatch | undefined {
  return repo
    .grep(re, { include: ['**/nitro.config.{ts,js,mjs}', '**/nuxt.config.{ts,js,mjs}'], limit: 5 })
    .find((h) => !repo.get(h.path)?.isTest && !/^\s*(?:\/\/|\/?\*)/.test(h.text));
}

/**
 * Frameworks whose routes are files: SvelteKit (`src/routes/**`), Nuxt and Nitro (`server/api/**`, `server/routes/**`,
 * `server/middleware/**`, pages), Remix and React Router framework mode (`app/routes.ts`, flat routes in `app/routes/`,
 * remix-flat-routes `+` folders, loaders and actions), Astro (`src/pages/**` endpoints, with an SSR adapter), Deno's
 * Fresh (`routes/**` with `_middleware` files), Vercel functions (`api/**`) and Netlify functions
 * (`netlify/functions/**`); and the handlers a platform or runtime calls (Lambda functions in serverless.yml/SAM,
 * Cloudflare Workers, Deno.serve, Bun.serve: src/facts/routes-functions.ts).
 *
 * Each application is found at a package folder that depends on the framework and runs server code (not a static
 * build: SvelteKit's adapter-static, Astro without an adapter, React Router with `ssr: false`, Nuxt with `ssr: false`
 * and no server routes). Its route files, hooks and server middleware are loaded by the framework without an import:
 * they are live.
 */
export type FsFramework =
  | 'sveltekit'
  | 'nuxt'
  | 'nitro'
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
  | 'node:http';

export interface FsApp {
  framework: FsFramework;
  /** The package folder ('.' for the repository root). */
  root: string;
  /** The manifest line or config file that shows it. */
  path: string;
  line: number;
  note: string;
  /**
   * How it is built to run, when the project says: the SvelteKit/Astro adapter package, the Nitro preset, the Remix or
   * React Router server package (`@remix-run/serve`, `@react-router/express`, `@vercel/remix` …).
   */
  adapter?: string;
  /** The language of the handlers when it is not JavaScript/TypeScript (a Lambda function written in Python). */
  language?: 'python';
}

export interface FsRoute {
  method: string;
  path: string;
  file: string;
  line: number;
  framework: FsFramework;
  /** A page (UI rendered on the server) rather than an endpoint. */
  page?: boolean;
  handler?: string;
}

export interface FsMiddleware {
  name: string;
  file: string;
  line: number;
  text: string;
}

export interface FsLoaded {
  path: string;
  note: string;
  /** A file the framework starts from (hooks, entry.server, a function module): counts as an entrypoint. */
  entry: boolean;
}

export interface FsFacts {
  apps: FsApp[];
  routes: FsRoute[];
  middleware: FsMiddleware[];
  /** Files the framework loads by convention. */
  loaded: FsLoaded[];
}

const SRC = /\.(?:[cm]?[jt]sx?)$/;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** `[id]` → `:id`, `[[lang]]` → `:lang?`, `[...slug]` → `*`, `[id=int]` → `:id` (SvelteKit, Nuxt, Astro, Vercel). */
function bracketSegment(s: string): string {
  return s
    .replace(/\[\[\.\.\.[^\]]+\]\]|\[\.\.\.[^\]]+\]/g, '*')
    .replace(/\[\[(\w+)(?:=\w+)?\]\]/g, ':$1?')
    .replace(/\[(\w+)(?:=\w+)?\]/g, ':$1');
}

/** The line of the first match, or 1. */
function lineOf(repo: RepoIndex, file: string, re: RegExp): number {
  const text = repo.read(file) ?? '';
  const m = re.exec(text);
  return m ? repo.lineAt(file, m.index + (m[0].length - m[0].trimStart().length)) : 1;
}

/** Exported HTTP method handlers of an endpoint module: `export const GET`, `export async function POST`, `export { GET }`. */
function exportedMethods(text: string, lower = false): { method: string; index: number }[] {
  const names = lower ? '[A-Z]+|get|post|put|patch|del|delete|all' : '[A-Z]+';
  const out: { method: string; index: number }[] = [];
  const re = new RegExp(
    `^export\\s+(?:(?:async\\s+)?function\\s*\\*?\\s*|(?:const|let|var)\\s+)(${names})\\b|^export\\s*\\{([^}]*)\\}`,
    'gm',
  );
  for (const m of text.matchAll(re)) {
    const list = m[1]
      ? [m[1]]
      : m[2]!.split(',').map((x) =>
          x
            .trim()
            .split(/\s+as\s+/)
            .pop()!
            .trim(),
        );
    for (const raw of list) {
      const up = raw === 'del' ? 'DELETE' : raw.toUpperCase();
      if (METHODS.includes(up) || up === 'ALL' || up === 'FALLBACK')
        out.push({ method: up === 'ALL' || up === 'FALLBACK' ? 'ANY' : up, index: m.index! });
    }
  }
  return out;
}

/** Package folders whose package.json names one of the packages (any dependency section), with the manifest line. */
function packagesUsing(
  manifests: ManifestFacts,
  names: (string | RegExp)[],
): { root: string; manifest: string; line: number; name: string }[] {
  const out: { root: string; manifest: string; line: number; name: string }[] = [];
  for (const m of manifests.manifests) {
    if (m.type !== 'package.json') continue;
    const dep = m.dependencies.find((d) => names.some((n) => (typeof n === 'string' ? d.name === n : n.test(d.name))));
    if (dep) out.push({ root: path.posix.dirname(m.path), manifest: m.path, line: dep.line ?? 1, name: dep.name });
  }
  return out;
}

const under = (root: string, rel: string): string => (root === '.' ? rel : `${root}/${rel}`);

/** A config file of the package (svelte.config.js, astro.config.mjs …). */
function configFile(repo: RepoIndex, root: string, base: string): string | undefined {
  for (const ext of ['js', 'mjs', 'cjs', 'ts', 'mts']) {
    const p = under(root, `${base}.${ext}`);
    if (repo.has(p)) return p;
  }
  return undefined;
}

function sourceFiles(repo: RepoIndex, dir: string): string[] {
  const prefix = dir === '.' ? '' : `${dir}/`;
  return repo.files
    .filter((f) => f.path.startsWith(prefix) && !f.isTest && !f.tooLarge && f.path !== prefix)
    .map((f) => f.path);
}

export function detectFsRoutes(repo: RepoIndex, manifests: ManifestFacts): FsFacts {
  return repo.memo('facts:fs-routes', () => {
    const out: FsFacts = { apps: [], routes: [], middleware: [], loaded: [] };
    sveltekit(repo, manifests, out);
    nuxtNitro(repo, manifests, out);
    remix(repo, manifests, out);
    astro(repo, manifests, out);
    fresh(repo, manifests, out);
    vercelFunctions(repo, manifests, out);
    netlifyFunctions(repo, out);
    // Handlers a platform or runtime calls (Lambda, Workers, Deno.serve, Bun.serve): src/facts/routes-functions.ts.
    lambdaFunctions(repo, out);
    cdkFunctions(repo, out);
    cloudflareWorkers(repo, manifests, out);
    supabaseFunctions(repo, out);
    runtimeServers(repo, out);
    nodeHttpServers(repo, manifests, out);
    bareLambdaHandlers(repo, out);
    return out;
  });
}

/**
 * A SvelteKit package that serves nothing: one in library mode (a script runs `svelte-package`, which builds a
 * component library; its routes are a showcase for development), or a project generator's template
 * (`create-app/templates/site/`), rendered into someone else's repository.
 */
function svelteKitLibraryOrTemplate(manifests: ManifestFacts, pkg: { root: string; manifest: string }): boolean {
  if (/(^|\/)templates?\/[^/]+$/.test(pkg.root)) return true;
  const scripts = (manifests.manifests.find((m) => m.path === pkg.manifest)?.raw as { scripts?: unknown } | undefined)
    ?.scripts;
  return (
    !!scripts &&
    typeof scripts === 'object' &&
    Object.values(scripts).some((v) => typeof v === 'string' && /\bsvelte-package\b/.test(v))
  );
}

/** SvelteKit built with adapter-static alone (of the adapters named) prerenders every page into files: no server runs. */
export function svelteKitStaticOnly(adapters: readonly string[]): boolean {
  return (
    adapters.includes('@sveltejs/adapter-static') && !adapters.some((n) => /^@sveltejs\/adapter-(?!static$)/.test(n))
  );
}

function sveltekit(repo: RepoIndex, manifests: ManifestFacts, out: FsFacts): void {
  for (const pkg of packagesUsing(manifests, ['@sveltejs/kit'])) {
    if (svelteKitLibraryOrTemplate(manifests, pkg)) continue;
    const config = configFile(repo, pkg.root, 'svelte.config');
    const text = config ? (repo.read(config) ?? '') : '';
    if (svelteKitStaticOnly([...text.matchAll(/["'](@sveltejs\/adapter-[\w-]+)["']/g)].map((m) => m[1]!))) continue;
    const routesDir = under(pkg.root, /\broutes\s*:\s*["'`]([^"'`]+)["'`]/.exec(text)?.[1] ?? 'src/routes');
    const files = sourceFiles(repo, routesDir);
    if (!files.some((f) => /\/\+(?:server|page\.server|layout\.server|page)\.[jt]s$|\/\+page\.svelte$/.test(f)))
      continue;
    const adapter = /["'](@sveltejs\/adapter-[\w-]+|svelte-adapter-[\w-]+)["']/.exec(text)?.[1];
    out.apps.push({
      framework: 'sveltekit',
      root: pkg.root,
      path: pkg.manifest,
      line: pkg.line,
      note: `SvelteKit application${adapter ? ` (${adapter})` : ''}`,
      ...(adapter ? { adapter } : {}),
    });
    for (const hooks of ['src/hooks.server.ts', 'src/hooks.server.js', 'src/hooks.ts', 'src/hooks.js']) {
      const p = under(pkg.root, hooks);
      if (!repo.has(p)) continue;
      out.loaded.push({ path: p, note: 'SvelteKit server hooks', entry: hooks.includes('server') });
      const t = repo.read(p) ?? '';
      for (const m of t.matchAll(/^export\s+(?:const|let|(?:async\s+)?function)\s+(handle\w*)\b/gm)) {
        const line = repo.lineAt(p, m.index!);
        out.middleware.push({ name: m[1]!, file: p, line, text: repo.lineText(p, line)?.trim() ?? '' });
      }
    }
    for (const f of files) {
      const rel = f.slice(routesDir.length + 1);
      const base = path.posix.basename(rel);
      const dir = path.posix.dirname(rel);
      const urlPath = joinPath(
        ...(dir === '.' ? [] : dir.split('/')).filter((s) => !/^\(.*\)$/.test(s)).map(bracketSegment),
      );
      if (!/^\+/.test(base)) {
        // Modules beside routes are imported by them; route files are what the framework loads.
        continue;
      }
      out.loaded.push({ path: f, note: 'SvelteKit route module', entry: false });
      const t = repo.read(f) ?? '';
      if (/^\+server\.[jt]s$/.test(base)) {
        for (const m of exportedMethods(t))
          out.routes.push({
            method: m.method,
            path: urlPath,
            file: f,
            line: repo.lineAt(f, m.index),
            framework: 'sveltekit',
            handler: m.method,
          });
      } else if (/^\+page\.server\.[jt]s$/.test(base)) {
        const load = /^export\s+(?:const|let|(?:async\s+)?function)\s+load\b/m.exec(t);
        const actions = /^export\s+(?:const|let)\s+actions\b/m.exec(t);
        out.routes.push({
          method: 'GET',
          path: urlPath,
          file: f,
          line: load ? repo.lineAt(f, load.index) : 1,
          framework: 'sveltekit',
          page: true,
        });
        if (actions)
          out.routes.push({
            method: 'POST',
            path: urlPath,
            file: f,
            line: repo.lineAt(f, actions.index),
            framework: 'sveltekit',
            page: true,
            handler: 'actions',
          });
      } else if (/^\+page\.svelte$/.test(base) && !files.includes(f.replace(/\+page\.svelte$/, '+page.server.ts'))) {
        if (!files.includes(f.replace(/\+page\.svelte$/, '+page.server.js')))
          out.routes.push({ method: 'GET', path: urlPath, file: f, line: 1, framework: 'sveltekit', page: true });
      }
    }
  }
}

function nuxtNitro(repo: RepoIndex, manifests: ManifestFacts, out: FsFacts): void {
  const seen = new Set<string>();
  for (const pkg of packagesUsing(manifests, ['nuxt', 'nitropack', 'nitro', 'nuxt-nightly'])) {
    if (seen.has(pkg.root)) continue;
    seen.add(pkg.root);
    const isNuxt = pkg.name.startsWith('nuxt');
    const config = configFile(repo, pkg.root, isNuxt ? 'nuxt.config' : 'nitro.config');
    const text = config ? (repo.read(config) ?? '') : '';
    // Nitro alone keeps its routes at the root unless srcDir says otherwise; Nuxt under server/.
    const srcDir = /\bsrcDir\s*:\s*["'`]([^"'`]+)["'`]/.exec(text)?.[1];
    const serverDir = isNuxt
      ? under(pkg.root, /\bserverDir\s*:\s*["'`]([^"'`]+)["'`]/.exec(text)?.[1] ?? 'server')
      : under(pkg.root, srcDir ?? (repo.hasDir(under(pkg.root, 'server')) ? 'server' : '.'));
    const files = (serverDir === pkg.root && pkg.root === '.' ? sourceFiles(repo, '.') : sourceFiles(repo, serverDir))
      .filter((f) => SRC.test(f) && !f.includes('node_modules/'))
      .map((f) => ({ f, rel: serverDir === '.' ? f : f.slice(serverDir.length + 1) }));
    const serverRoutes = files.filter(({ rel }) => /^(?:api|routes)\//.test(rel));
    const ssrOff = /\bssr\s*:\s*false\b/.test(text);
    const pkgJson = repo.json(pkg.manifest) as { scripts?: Record<string, string> } | undefined;
    // Prerendered to static files: the build script generates, the package's netlify.toml builds with its generate
    // script, or the Nitro preset is static.
    const generates = (cmd: string): boolean =>
      /\bnux[ti]\s+generate\b/.test(cmd) ||
      (/^\s*(?:npm\s+run|pnpm(?:\s+run)?|yarn(?:\s+run)?|bun\s+run)\s+generate\s*$/.test(cmd) &&
        /\bnux[ti]\s+generate\b/.test(pkgJson?.scripts?.generate ?? ''));
    const netlifyBuild = /^\s*command\s*=\s*["']([^"'\n]+)["']/m.exec(
      repo.read(under(pkg.root, 'netlify.toml')) ?? '',
    )?.[1];
    const generateOnly =
      generates(pkgJson?.scripts?.build ?? '') ||
      (netlifyBuild !== undefined && generates(netlifyBuild)) ||
      /\bpreset\s*:\s*["'`](?:static|github[-_]pages|gitlab[-_]pages)["'`]/.test(text);
    if (!serverRoutes.length && (!isNuxt || ssrOff || generateOnly)) continue;
    const framework: FsFramework = isNuxt ? 'nuxt' : 'nitro';
    // The Nitro preset: the config's `preset`, NITRO_PRESET in the build script, or NuxtHub before 0.10 (Cloudflare
    // only; from 0.10 it deploys to any provider).
    const hub = minorOf(manifests.declared('node', '@nuxthub/core')?.spec);
    const preset =
      /\bpreset\s*:\s*["'`]([\w-]+)["'`]/.exec(text)?.[1] ??
      /\bNITRO_PRESET=([\w-]+)/.exec(pkgJson?.scripts?.build ?? '')?.[1] ??
      (/["']@nuxthub\/core["']/.test(text) && !(hub && (hub[0] > 0 || hub[1] >= 10)) ? 'cloudflare-pages' : undefined);
    out.apps.push({
      framework,
      root: pkg.root,
      path: pkg.manifest,
      line: pkg.line,
      note: `${isNuxt ? 'Nuxt' : 'Nitro'} application${preset ? ` (preset ${preset})` : ''}`,
      ...(preset ? { adapter: preset } : {}),
    });
    if (config) out.loaded.push({ path: config, note: `${isNuxt ? 'Nuxt' : 'Nitro'} configuration`, entry: false });
    for (const { f, rel } of files) {
      const m = /^(api|routes|middleware|plugins|utils)\/(.*)$/.exec(rel);
      if (!m) continue;
      const [, kind, restRaw] = m;
      out.loaded.push({
        path: f,
        note: kind === 'utils' ? 'Nitro auto-imported utility' : `Nitro server ${kind}`,
        entry: kind === 'plugins' || kind === 'middleware',
      });
      if (kind === 'middleware') {
        const name = path.posix.basename(f).replace(SRC, '');
        out.middleware.push({
          name,
          file: f,
          line: lineOf(repo, f, /^export\s+default\b/m),
          text: `server/middleware/${restRaw}`,
        });
        continue;
      }
      if (kind !== 'api' && kind !== 'routes') continue;
      const noExt = restRaw!.replace(SRC, '');
      const method = /\.(get|post|put|patch|delete|head|options)$/.exec(noExt)?.[1]?.toUpperCase() ?? 'ANY';
      const segs = noExt
        .replace(/\.(get|post|put|patch|delete|head|options)$/, '')
        .split('/')
        .filter((s, i, all) => !(s === 'index' && i === all.length - 1))
        .map(bracketSegment);
      out.routes.push({
        method,
        path: joinPath(kind === 'api' ? 'api' : '', ...segs),
        file: f,
        line: lineOf(repo, f, /^export\s+default\b/m),
        framework,
      });
    }
    // Pages rendered on the server (Nuxt SSR).
    if (isNuxt && !ssrOff) {
      const pagesDir = under(
        pkg.root,
        srcDir ? `${srcDir}/pages` : repo.hasDir(under(pkg.root, 'app/pages')) ? 'app/pages' : 'pages',
      );
      for (const p of repo.files.filter((x) => x.path.startsWith(`${pagesDir}/`) && x.path.endsWith('.vue'))) {
        const segs = p.path
          .slice(pagesDir.length + 1)
          .replace(/\.vue$/, '')
          .split('/')
          .filter((s, i, all) => !(s === 'index' && i === all.length - 1))
          .map(bracketSegment);
        out.routes.push({ method: 'GET', path: joinPath(...segs), file: p.path, line: 1, framework, page: true });
      }
    }
  }
}

/** Remix v2 flat routes and remix-flat-routes (`+` folders): a route file relative to the routes folder → URL path, or null. */
export function remixRoutePath(rel: string): { path: string } | null {
  const parts = rel.split('/');
  const file = parts.pop()!;
  if (!SRC.test(file) && !/\.mdx?$/.test(file)) return null;
  const name = file.replace(/\.(?:[cm]?[jt]sx?|mdx?)$/, '');
  const names: string[] = [];
  for (const [i, dir] of parts.entries()) {
    if (dir.startsWith('+')) return null; // remix-flat-routes colocated folder
    if (dir.endsWith('+')) names.push(dir.slice(0, -1));
    else if (i === parts.length - 1) {
      // routes/users.$id/route.tsx: the folder is the route, its route/index file the module.
      if (!/^(?:route|index|_index|_route|page|layout|_layout)$/.test(name)) return null;
      names.push(dir);
    } else return null;
  }
  const last = parts.length && !parts[parts.length - 1]!.endsWith('+') ? '' : name;
  return { path: flatNameToPath([...names, last].filter(Boolean).join('.')) };
}

/**
 * react-router-auto-routes (`autoRoutes()` in app/routes.ts): every folder is a path segment (`_auth/` pathless,
 * `$id/` a parameter), dots in a name split segments as in flat routes, `+` folders hold colocated modules, and
 * `.server`/`.client`/`.test` files are not routes.
 */
export function autoRoutePath(rel: string): { path: string } | null {
  const parts = rel.split('/');
  const file = parts.pop()!;
  if (!SRC.test(file) && !/\.mdx?$/.test(file)) return null;
  if (file.startsWith('+') || parts.some((d) => d.startsWith('+'))) return null;
  const name = file.replace(/\.(?:[cm]?[jt]sx?|mdx?)$/, '');
  if (/\.(?:server|client|test|spec)$/.test(name)) return null;
  return { path: flatNameToPath([...parts, name].join('.')) };
}

/** A flat route name (`users.$id_.edit`, `_auth.login`, `sitemap[.]xml`) → URL path. */
function flatNameToPath(full: string): string {
  const segments: string[] = [];
  // Split on dots outside [escapes].
  let cur = '';
  let depth = 0;
  for (const ch of full) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === '.' && depth === 0) {
      segments.push(cur);
      cur = '';
    } else cur += ch;
  }
  segments.push(cur);
  const url: string[] = [];
  segments.forEach((seg, i) => {
    const isLast = i === segments.length - 1;
    if (!seg) return;
    if (isLast && /^(?:_index|index|route|_route|_layout|layout|page)$/.test(seg)) return;
    if (seg.startsWith('_') && !seg.startsWith('_[')) return; // pathless layout
    let s = seg.replace(/_$/, '');
    if (s === '$') s = '*';
    else if (/^\(\$(\w+)\)$/.test(s)) s = `:${/^\(\$(\w+)\)$/.exec(s)![1]}?`;
    else if (s.startsWith('$')) s = `:${s.slice(1)}`;
    else if (/^\((.+)\)$/.test(s)) s = /^\((.+)\)$/.exec(s)![1]!;
    url.push(s.replace(/\[([^\]]*)\]/g, '$1'));
  });
  return joinPath(...url);
}

/** A route module: its loader (GET), action (POST) and whether it renders a page (default export). */
function routeModule(repo: RepoIndex, file: string): { loader?: number; action?: number; page: boolean } {
  // A function of the file's text: read once per audit, whichever component's view asks.
  return repo.fileMemo('fs-routes:route-module', file, () => {
    const t = repo.read(file) ?? '';
    const exp = (re: RegExp): number | undefined => {
      const m = re.exec(t);
      return m ? repo.lineAt(file, m.index) : undefined;
    };
    return { loader: exp(ROUTE_EXPORT.loader), action: exp(ROUTE_EXPORT.action), page: /^export\s+default\b/m.test(t) };
  });
}

/** `export function loader`, `export const action`, `export { loader }`: a route module's named exports. */
const ROUTE_EXPORT = Object.fromEntries(
  ['loader', 'action'].map((name) => [
    name,
    new RegExp(
      `^export\\s+(?:(?:async\\s+)?function\\s+${name}\\b|(?:const|let)\\s+${name}\\b)|^export\\s*\\{[^}]*\\b${name}\\b[^}]*\\}`,
      'm',
    ),
  ]),
) as Record<'loader' | 'action', RegExp>;

/** React Router's app/routes.ts: route("path", "file", [children]), index("file"), layout("file", [...]), prefix("p", [...]), flatRoutes(). */
function routesConfig(
  repo: RepoIndex,
  file: string,
): { routes: { path: string; file: string }[]; flat: boolean; auto: boolean } | undefined {
  const text = repo.read(file);
  if (text === undefined) return undefined;
  let tree: ReturnType<ReturnType<typeof jsFamilyParser>['parse']>;
  try {
    tree = jsFamilyParser(file).parse(text);
  } catch {
    return undefined;
  }
  if (!tree) return undefined;
  const routes: { path: string; file: string }[] = [];
  let flat = /\b(?:flatRoutes|remixRoutesOptionAdapter)\s*\(/.test(text);
  const auto = /\bautoRoutes\s*\(/.test(text) && /["']react-router-auto-routes["']/.test(text);
  const str = (n: Node | null | undefined): string | undefined =>
    n?.type === 'string' ? n.text.slice(1, -1) : n?.type === 'template_string' ? n.text.slice(1, -1) : undefined;
  const walk = (n: Node, prefix: string): void => {
    if (n.type === 'call_expression') {
      const fn = n.childForFieldName('function')?.text;
      const a = (n.childForFieldName('arguments')?.namedChildren ?? []).filter(Boolean) as Node[];
      if (fn === 'route' && str(a[0]) !== undefined && str(a[1]) !== undefined) {
        const p = joinPath(prefix, str(a[0])!);
        routes.push({ path: p, file: str(a[1])! });
        if (a[2]) walk(a[2], p);
        return;
      }
      if (fn === 'index' && str(a[0]) !== undefined) {
        routes.push({ path: joinPath(prefix), file: str(a[0])! });
        return;
      }
      if (fn === 'layout' && str(a[0]) !== undefined) {
        if (a[1]) walk(a[1], prefix);
        return;
      }
      if (fn === 'prefix' && str(a[0]) !== undefined) {
        if (a[1]) walk(a[1], joinPath(prefix, str(a[0])!));
        return;
      }
      if (fn === 'flatRoutes') flat = true;
    }
    for (const c of n.namedChildren) if (c) walk(c, prefix);
  };
  try {
    walk(tree.rootNode, '');
  } finally {
    tree.delete();
  }
  return { routes, flat, auto };
}

function remix(repo: RepoIndex, manifests: ManifestFacts, out: FsFacts): void {
  const seen = new Set<string>();
  for (const pkg of packagesUsing(manifests, [
    /^@remix-run\/(?:node|serve|dev|cloudflare|deno|express|react)$/,
    /^@react-router\/(?:dev|node|serve|express|cloudflare|architect)$/,
  ])) {
    if (seen.has(pkg.root)) continue;
    seen.add(pkg.root);
    const rr = pkg.name.startsWith('@react-router/');
    const rrConfig = configFile(repo, pkg.root, 'react-router.config');
    const rrText = rrConfig ? (repo.read(rrConfig) ?? '') : '';
    // SPA mode: no server rendering, loaders run in the browser only.
    if (/\bssr\s*:\s*false\b/.test(rrText)) continue;
    const appDir = under(pkg.root, /\bappDirectory\s*:\s*["'`]([^"'`]+)["'`]/.exec(rrText)?.[1] ?? 'app');
    const routesDir = `${appDir}/routes`;
    const framework: FsFramework = rr ? 'react-router' : 'remix';
    // The package that serves the build: remix-serve / react-router-serve, an Express adapter, or a platform adapter.
    const deps = manifests.manifests.find((m) => m.path === pkg.manifest)?.dependencies ?? [];
    // A platform's adapter says where the build runs: remix-serve beside it may only serve it locally.
    const serverPackage = [
      '@vercel/remix',
      '@netlify/remix-adapter',
      '@netlify/remix-edge-adapter',
      '@remix-run/cloudflare-pages',
      '@remix-run/cloudflare-workers',
      '@react-router/cloudflare',
      '@remix-run/architect',
      '@react-router/architect',
      '@remix-run/express',
      '@react-router/express',
      'hono-react-router-adapter',
      'remix-hono',
      '@remix-run/serve',
      '@react-router/serve',
    ].find((n) => deps.some((d) => d.name === n));
    const configPath = [`${appDir}/routes.ts`, `${appDir}/routes.js`].find((p) => repo.has(p));
    const config = configPath ? routesConfig(repo, configPath) : undefined;
    const modules: { path: string; file: string }[] = [];
    for (const r of config?.routes ?? []) {
      const file = path.posix.normalize(path.posix.join(appDir, r.file));
      if (repo.has(file)) modules.push({ path: r.path, file });
    }
    if (!config || config.flat || config.auto) {
      for (const f of sourceFiles(repo, routesDir)) {
        if (!SRC.test(f)) continue;
        const rel = f.slice(routesDir.length + 1);
        const p = config?.auto ? autoRoutePath(rel) : remixRoutePath(rel);
        if (p && !modules.some((m) => m.file === f)) modules.push({ path: p.path, file: f });
      }
    }
    const root = [`${appDir}/root.tsx`, `${appDir}/root.jsx`, `${appDir}/root.ts`, `${appDir}/root.js`].find((p) =>
      repo.has(p),
    );
    if (!modules.length && !root) continue;
    out.apps.push({
      framework,
      root: pkg.root,
      path: pkg.manifest,
      line: pkg.line,
      note: rr ? 'React Router framework-mode application' : 'Remix application',
      ...(serverPackage ? { adapter: serverPackage } : {}),
    });
    for (const e of ['entry.server.tsx', 'entry.server.ts', 'entry.server.jsx', 'entry.server.js']) {
      const p = `${appDir}/${e}`;
      if (!repo.has(p)) continue;
      out.loaded.push({ path: p, note: 'server entry (handleRequest, handleError)', entry: true });
      const m = /^export\s+(?:(?:async\s+)?function|const)\s+(handleError)\b/m.exec(repo.read(p) ?? '');
      if (m) {
        const line = repo.lineAt(p, m.index);
        out.middleware.push({ name: m[1]!, file: p, line, text: repo.lineText(p, line)?.trim() ?? '' });
      }
    }
    if (root) {
      out.loaded.push({ path: root, note: 'root route module', entry: false });
      for (const name of ['middleware', 'unstable_middleware']) {
        const line = lineOf(repo, root, new RegExp(`^export\\s+(?:const|let)\\s+${name}\\b`, 'm'));
        if (line > 1 || new RegExp(`^export\\s+(?:const|let)\\s+${name}\\b`).test(repo.read(root) ?? ''))
          out.middleware.push({ name, file: root, line, text: repo.lineText(root, line)?.trim() ?? '' });
      }
    }
    if (configPath) out.loaded.push({ path: configPath, note: 'route configuration', entry: false });
    for (const m of modules) {
      out.loaded.push({ path: m.file, note: `${rr ? 'React Router' : 'Remix'} route module`, entry: false });
      const mod = routeModule(repo, m.file);
      if (mod.loader === undefined && mod.action === undefined) {
        if (mod.page) out.routes.push({ method: 'GET', path: m.path, file: m.file, line: 1, framework, page: true });
        continue;
      }
      if (mod.loader !== undefined)
        out.routes.push({
          method: 'GET',
          path: m.path,
          file: m.file,
          line: mod.loader,
          framework,
          handler: 'loader',
          ...(mod.page ? { page: true } : {}),
        });
      if (mod.action !== undefined)
        out.routes.push({
          method: 'POST',
          path: m.path,
          file: m.file,
          line: mod.action,
          framework,
          handler: 'action',
          ...(mod.page ? { page: true } : {}),
        });
    }
  }
}

function astro(repo: RepoIndex, manifests: ManifestFacts, out: FsFacts): void {
  for (const pkg of packagesUsing(manifests, ['astro'])) {
    const config = configFile(repo, pkg.root, 'astro.config');
    const text = config ? (repo.read(config) ?? '') : '';
    // Without an adapter every page and endpoint is rendered at build time: a static site.
    const adapter = /\badapter\s*:\s*(\w+)/.exec(text);
    if (!adapter) continue;
    const from =
      /["'](@astrojs\/(?:node|vercel|netlify|cloudflare|deno)[\w/-]*|[\w@/-]*astro[\w-]*adapter[\w-]*)["']/.exec(
        text,
      )?.[1];
    const pagesDir = under(pkg.root, 'src/pages');
    out.apps.push({
      framework: 'astro',
      root: pkg.root,
      path: config!,
      line: lineOf(repo, config!, /\badapter\s*:/),
      note: `Astro with an SSR adapter${from ? ` (${from})` : ''}`,
      ...(from ? { adapter: from } : {}),
    });
    for (const mw of ['src/middleware.ts', 'src/middleware.js', 'src/middleware/index.ts', 'src/middleware/index.js']) {
      const p = under(pkg.root, mw);
      if (!repo.has(p)) continue;
      out.loaded.push({ path: p, note: 'Astro middleware', entry: true });
      const line = lineOf(repo, p, /^export\s+(?:const|(?:async\s+)?function)\s+onRequest\b/m);
      out.middleware.push({ name: 'onRequest', file: p, line, text: repo.lineText(p, line)?.trim() ?? '' });
    }
    for (const f of repo.files) {
      if (!f.path.startsWith(`${pagesDir}/`) || f.isTest) continue;
      const rel = f.path.slice(pagesDir.length + 1);
      if (rel.split('/').some((s) => s.startsWith('_'))) continue;
      const isEndpoint = SRC.test(rel);
      const isPage = /\.(?:astro|md|mdx|html)$/.test(rel);
      if (!isEndpoint && !isPage) continue;
      out.loaded.push({ path: f.path, note: 'Astro page or endpoint', entry: false });
      const segs = rel
        .replace(/\.(?:[cm]?[jt]sx?|astro|mdx?|html)$/, '')
        .split('/')
        .filter((s, i, all) => !(s === 'index' && i === all.length - 1))
        .map(bracketSegment);
      const urlPath = joinPath(...segs);
      if (isPage) {
        out.routes.push({ method: 'GET', path: urlPath, file: f.path, line: 1, framework: 'astro', page: true });
        continue;
      }
      for (const m of exportedMethods(repo.read(f.path) ?? '', true))
        out.routes.push({
          method: m.method,
          path: urlPath,
          file: f.path,
          line: repo.lineAt(f.path, m.index),
          framework: 'astro',
          handler: m.method,
        });
    }
  }
}

/** Fresh in a deno.json's imports: Fresh 2 (`jsr:@fresh/core`), Fresh 1 (`"$fresh/": "https://deno.land/x/fresh@…/"`). */
const FRESH_IMPORT = /^jsr:@fresh\/core@|deno\.land\/x\/fresh@/;
/** The handler export of a Fresh route or middleware module (`export const handler = define.handlers({…})`). */
const FRESH_HANDLER = /^export\s+(?:const\s+handlers?\b|(?:async\s+)?function\s+handler\b)/m;
/** A method of a Fresh handler object: `GET(ctx) {`, `async POST(ctx) {`, `PUT: (ctx) =>`. */
const FRESH_METHOD = /(?:^|[{,])[ \t]*(?:async\s+)?(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s*[(:]/gm;

/**
 * Fresh (Deno): every module under the app's `routes/` is a route named by its path (`index`, `[slug]`, `(group)`
 * folders) or by its config's `routeOverride`, its `handler` export answering the methods it names (all of them when it
 * is one function) and its default export a page, whose form posts the handler takes. `_middleware` files run the
 * middleware their `handler` exports (one, or an array) for every request below them; `_app`, `_layout` and `_error`
 * are loaded too; `(_islands)`-style folders hold no routes.
 */
function fresh(repo: RepoIndex, manifests: ManifestFacts, out: FsFacts): void {
  for (const m of manifests.manifests) {
    if (m.type !== 'deno.json') continue;
    const dep = m.dependencies.find((d) => d.name === '$fresh' || FRESH_IMPORT.test(d.spec ?? ''));
    if (!dep) continue;
    const root = path.posix.dirname(m.path);
    const routesDir = under(root, 'routes');
    const files = sourceFiles(repo, routesDir).filter((f) => SRC.test(f));
    if (!files.length) continue;
    out.apps.push({ framework: 'fresh', root, path: m.path, line: dep.line ?? 1, note: 'Fresh application' });
    for (const f of files) {
      const segs = f
        .slice(routesDir.length + 1)
        .replace(SRC, '')
        .split('/');
      if (segs.some((s) => s.startsWith('(_'))) continue;
      const base = segs.pop()!;
      const t = repo.read(f) ?? '';
      const handler = FRESH_HANDLER.exec(t);
      if (base.startsWith('_')) {
        out.loaded.push({ path: f, note: `Fresh ${base} module`, entry: false });
        if (base !== '_middleware' || !handler) continue;
        const line = repo.lineAt(f, handler.index);
        const text = repo.lineText(f, line)?.trim() ?? '';
        const list = /^export\s+const\s+handlers?\b[^=]*=\s*(\[[^\]]*\]|[\w$]+\s*;?\s*$)/m.exec(t.slice(handler.index));
        const names = ['handler', ...(list?.[1]?.match(/[A-Za-z_$][\w$]*/g) ?? [])];
        for (const name of names) out.middleware.push({ name, file: f, line, text });
        continue;
      }
      out.loaded.push({ path: f, note: 'Fresh route module', entry: false });
      const urlPath =
        /\brouteOverride\s*:\s*["'`]([^"'`]+)["'`]/.exec(t)?.[1] ??
        joinPath(
          ...[...segs, base === 'index' ? '' : base].filter((s) => s && !/^\(.*\)$/.test(s)).map(bracketSegment),
        );
      const page = /^export\s+default\b/m.test(t);
      const methods = handler
        ? [...t.slice(handler.index).matchAll(FRESH_METHOD)].map((x) => ({
            method: x[1]!,
            index: handler.index + x.index!,
          }))
        : [];
      if (handler && !methods.length) methods.push({ method: 'ANY', index: handler.index });
      if (page && !methods.some((x) => x.method === 'GET')) methods.push({ method: 'GET', index: 0 });
      for (const x of methods)
        out.routes.push({
          method: x.method,
          path: urlPath,
          file: f,
          line: repo.lineAt(f, x.index),
          framework: 'fresh',
          ...(page ? { page: true } : {}),
        });
    }
  }
}

function vercelFunctions(repo: RepoIndex, manifests: ManifestFacts, out: FsFacts): void {
  const claimed = new Set(out.apps.map((a) => a.root));
  const roots = new Set<string>();
  for (const f of repo.files) {
    const m = /^(?:(.*)\/)?api\/[^/].*$/.exec(f.path);
    if (!m || f.isTest || !SRC.test(f.path) || f.path.includes('node_modules/')) continue;
    roots.add(m[1] ?? '.');
  }
  for (const root of roots) {
    if (claimed.has(root)) continue;
    const pkgPath = under(root, 'package.json');
    // Vercel serves api/ at a project's root: a package folder, not an api/ folder deep inside one (Next.js app/api/).
    if (root !== '.' && !repo.has(pkgPath) && !repo.has(under(root, 'vercel.json'))) continue;
    const deps = manifests.manifests.find((m) => m.path === pkgPath)?.dependencies ?? [];
    if (deps.some((d) => d.name === 'next' || d.name === 'nuxt' || d.name === '@sveltejs/kit')) continue;
    const vercelJson = [under(root, 'vercel.json'), 'vercel.json'].find((p) => repo.has(p));
    const vercelDep = deps.find((d) => d.name === '@vercel/node' || d.name === '@vercel/functions');
    const files = sourceFiles(repo, under(root, 'api')).filter(
      (f) => SRC.test(f) && !/\.d\.ts$/.test(f) && !f.split('/').some((s) => s.startsWith('_')),
    );
    const typed = files.find((f) => /["']@vercel\/(?:node|functions)["']/.test(repo.read(f) ?? ''));
    if (!vercelJson && !vercelDep && !typed) continue;
    out.apps.push({
      framework: 'vercel-functions',
      root,
      path: vercelJson ?? (vercelDep ? pkgPath : typed!),
      line: vercelDep?.line ?? 1,
      note: 'Vercel functions (api/)',
    });
    for (const f of files) {
      const t = repo.read(f) ?? '';
      const rel = f.slice(under(root, 'api').length + 1);
      const segs = rel
        .replace(SRC, '')
        .split('/')
        .filter((s, i, all) => !(s === 'index' && i === all.length - 1))
        .map(bracketSegment);
      const urlPath = joinPath('api', ...segs);
      const methods = exportedMethods(t);
      const def = /^export\s+default\b|^module\.exports\s*=/m.exec(t);
      if (!methods.length && !def) continue;
      out.loaded.push({ path: f, note: 'Vercel function', entry: true });
      for (const m of methods.length ? methods : [{ method: 'ANY', index: def!.index }])
        out.routes.push({
          method: m.method,
          path: urlPath,
          file: f,
          line: repo.lineAt(f, m.index),
          framework: 'vercel-functions',
        });
    }
  }
}

function netlifyFunctions(repo: RepoIndex, out: FsFacts): void {
  const tomls = repo.byName(/^netlify\.toml$/).filter((f) => !f.isTest);
  const dirs = new Map<string, { toml?: string }>();
  for (const t of tomls) {
    const text = repo.read(t.path) ?? '';
    const base = path.posix.dirname(t.path);
    const configured = /^\s*(?:directory|functions)\s*=\s*["']([^"']+)["']/m.exec(text)?.[1];
    dirs.set(path.posix.normalize(under(base, configured ?? 'netlify/functions')), { toml: t.path });
    dirs.set(path.posix.normalize(under(base, 'netlify/edge-functions')), { toml: t.path });
  }
  for (const f of repo.files)
    if (/(^|\/)netlify\/(?:edge-)?functions\//.test(f.path)) {
      const d = f.path.slice(0, f.path.indexOf('functions/') + 'functions'.length);
      if (!dirs.has(d)) dirs.set(d, {});
    }
  for (const [dir, { toml }] of dirs) {
    const files = sourceFiles(repo, dir).filter((f) => SRC.test(f) && !/\.d\.ts$/.test(f));
    if (!files.length) continue;
    // /api/* → /.netlify/functions/:splat redirects expose every function under another prefix.
    const redirect = toml
      ? /from\s*=\s*["'](\/[^"'*]*)\*["'][^[]*?to\s*=\s*["']\/\.netlify\/functions\/:splat["']/s.exec(
          repo.read(toml) ?? '',
        )?.[1]
      : undefined;
    out.apps.push({
      framework: 'netlify-functions',
      root: toml ? path.posix.dirname(toml) : '.',
      path: toml ?? files[0]!,
      line: 1,
      note: `Netlify functions (${dir})`,
    });
    const edge = dir.endsWith('edge-functions');
    for (const f of files) {
      const rel = f.slice(dir.length + 1);
      const parts = rel.replace(SRC, '').split('/');
      // name.ts, name/name.ts or name/index.ts; other files in a function folder are its modules.
      const name = parts[0]!;
      if (parts.length > 1 && parts[1] !== name && parts[1] !== 'index') continue;
      const t = repo.read(f) ?? '';
      const handler =
        /^export\s+(?:const|(?:async\s+)?function)\s+handler\b|^exports\.handler\b|^module\.exports\.handler\b/m.exec(
          t,
        );
      const def = /^export\s+default\b/m.exec(t);
      if (!handler && !def) continue;
      out.loaded.push({ path: f, note: `Netlify ${edge ? 'edge ' : ''}function`, entry: true });
      const line = repo.lineAt(f, (handler ?? def)!.index);
      // Functions 2.0: export const config = { path: '/api/health' } routes it there.
      const configured =
        /\bconfig\s*(?::\s*\w+\s*)?=\s*\{[^}]*\bpath\s*:\s*(?:["'`]([^"'`]+)["'`]|\[\s*["'`]([^"'`]+)["'`])/.exec(t);
      const paths = configured
        ? [configured[1] ?? configured[2]!]
        : edge
          ? []
          : [`/.netlify/functions/${name}`, ...(redirect !== undefined ? [joinPath(redirect, name)] : [])];
      for (const p of paths) out.routes.push({ method: 'ANY', path: p, file: f, line, framework: 'netlify-functions' });
    }
  }
}

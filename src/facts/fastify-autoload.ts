import path from 'node:path';
import type { RepoIndex } from '../repo/index.js';

/** A folder whose every module @fastify/autoload registers: `register(autoLoad, { dir: path.join(__dirname, 'plugins') })`. */
export interface AutoloadDir {
  dir: string;
  /** The file that registers @fastify/autoload on that folder. */
  from: string;
}

/** A folder @fastify/autoload loads, with the offset of the `dir:` option that names it in the registering file. */
interface AutoloadRegistration extends AutoloadDir {
  at: number;
}

/** A file naming @fastify/autoload (or its old name), the only files whose `dir:` options are read. */
const AUTOLOAD_IMPORT = /@fastify\/autoload|fastify-autoload/;
const AUTOLOAD_DIR =
  /\bdir\s*:\s*(?:path\.)?(?:join|resolve)\(\s*(?:__dirname|import\.meta\.dirname)\s*,\s*["'`]([^"'`]+)["'`]/g;

/** The folders @fastify/autoload loads, read from the JS/TS files that register it. */
export function fastifyAutoloadDirs(repo: RepoIndex, files: readonly string[]): AutoloadRegistration[] {
  const out: AutoloadRegistration[] = [];
  for (const file of files) {
    if (!/\.[cm]?[jt]sx?$/.test(file)) continue;
    if (!repo.holds(AUTOLOAD_IMPORT, file)) continue;
    for (const m of (repo.read(file) ?? '').matchAll(AUTOLOAD_DIR))
      out.push({
        dir: path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1]!)),
        from: file,
        at: m.index!,
      });
  }
  return out;
}

/** A route prefix @fastify/autoload gives the modules of one sub-folder of a folder it loads. */
export interface AutoloadPrefix {
  /** `/health` for `routes/health/…`, with the registration's own `prefix:` option in front. */
  prefix: string;
  /** The module whose routes take it. */
  target: string;
  /** The file and line of the autoload registration. */
  from: string;
  line: number;
}

/** The `register(…)` call's options around a `dir:` option: from the call's start to the first closing `})`. */
function autoloadOptions(text: string, at: number): string {
  const start = text.lastIndexOf('register(', at);
  const from = start >= 0 && at - start < 400 ? start : at;
  const end = text.indexOf('})', at);
  return text.slice(from, end >= 0 && end - at < 600 ? end : at + 600);
}

/**
 * The route prefixes @fastify/autoload derives from folder names: with `dirNameRoutePrefix` (on unless the options set
 * it false) a module in `routes/health/` registers its `get('/')` as `/health`, and a folder named `_id` is the path
 * parameter `:id`; the registration's literal `prefix:` option goes in front. Modules at the folder's top take only that
 * option. (A module's own `autoPrefix` export is not read.)
 */
export function fastifyAutoloadPrefixes(repo: RepoIndex, files: readonly string[]): AutoloadPrefix[] {
  const out: AutoloadPrefix[] = [];
  for (const { dir, from, at } of fastifyAutoloadDirs(repo, files)) {
    const options = autoloadOptions(repo.read(from) ?? '', at);
    const byFolder = !/\bdirNameRoutePrefix\s*:\s*false\b/.test(options);
    const own = /\bprefix\s*:\s*["'`](\/[^"'`]*)["'`]/.exec(options)?.[1] ?? '';
    const line = repo.lineAt(from, at);
    for (const target of files) {
      if (!target.startsWith(`${dir}/`) || !/\.[cm]?[jt]s$/.test(target)) continue;
      const folders = path.posix.dirname(target.slice(dir.length + 1));
      const segments =
        byFolder && folders !== '.' ? folders.split('/').map((s) => (s.startsWith('_') ? `:${s.slice(1)}` : s)) : [];
      if (!own && !segments.length) continue;
      out.push({
        prefix: `/${[own.replace(/^\/+|\/+$/g, ''), ...segments].filter(Boolean).join('/')}`,
        target,
        from,
        line,
      });
    }
  }
  return out;
}

/** A package plugin that an autoloaded module hands to Fastify by exporting it. */
export interface AutoloadedPlugin {
  /** The name the module imported it under ('cors', 'fastifyHelmet'). */
  name: string;
  /** The package it comes from ('@fastify/cors'). */
  pkg: string;
  file: string;
  /** The line of the default export. */
  line: number;
  text: string;
}

const DEFAULT_IMPORT = /^\s*import\s+(\w+)\s*(?:,\s*\{[^}]*\})?\s+from\s+["']([^"'.][^"']*)["']/gm;

/**
 * Modules in an autoloaded folder that export a package's plugin as their default (`export default cors`,
 * `export default fp(fastifyHelmet)`, `export { default } from '@fastify/helmet'`): @fastify/autoload registers each,
 * with the module's `autoConfig` export as its options, so the plugin is applied exactly as `fastify.register(cors)`.
 */
export function autoloadedPlugins(
  repo: RepoIndex,
  dirs: readonly AutoloadDir[],
  files: readonly string[],
): AutoloadedPlugin[] {
  const out: AutoloadedPlugin[] = [];
  for (const file of files) {
    if (!/\.[cm]?[jt]s$/.test(file) || !dirs.some((d) => file.startsWith(`${d.dir}/`))) continue;
    const text = repo.read(file) ?? '';
    const lines = repo.lines(file);
    const lineOf = (index: number): number => repo.lineAt(file, index);
    const reexport = /^\s*export\s*\{\s*default\s*\}\s*from\s*["']([^"'.][^"']*)["']/m.exec(text);
    if (reexport) {
      const line = lineOf(reexport.index + reexport[0].length - reexport[0].trimStart().length);
      out.push({ name: reexport[1]!, pkg: reexport[1]!, file, line, text: lines[line - 1]?.trim() ?? '' });
      continue;
    }
    const exported = /^\s*export\s+default\s+(?:fp\s*\(\s*)?(\w+)\s*[,);\n]/m.exec(`${text}\n`);
    if (!exported) continue;
    const imported = [...text.matchAll(DEFAULT_IMPORT)].find((m) => m[1] === exported[1]);
    if (!imported) continue;
    const line = lineOf(exported.index + exported[0].length - exported[0].trimStart().length);
    out.push({ name: exported[1]!, pkg: imported[2]!, file, line, text: lines[line - 1]?.trim() ?? '' });
  }
  return out;
}

/** Packages that require every module of a folder: `autoload(path.join(root, 'controllers'))`, `requireDir('./routes')`. */
const FOLDER_LOADER = /["'](auto-load|require-dir|require-all|require-directory)["']/;
const LOADER_BINDING =
  /\b(?:const|let|var)\s+(\w+)\s*=\s*require\(\s*["'](?:auto-load|require-dir|require-all|require-directory)["']\s*\)|\bimport\s+(\w+)\s+from\s+["'](?:auto-load|require-dir|require-all|require-directory)["']/g;

/**
 * The folders a folder loader requires whole (auto-load, require-dir, require-all, require-directory), read from the
 * JS/TS files that call it: `autoload(path.join(__dirname, 'controllers'))`, `requireDir('./routes')`,
 * `requireAll({ dirname: __dirname + '/models' })`. A folder joined to a root the code computes
 * (`path.join(APP.SERVERPATH, '/controllers')`) is looked up from the calling file's folder upwards.
 */
export function folderLoaderDirs(repo: RepoIndex, files: readonly string[]): AutoloadDir[] {
  const out: AutoloadDir[] = [];
  for (const file of files) {
    if (!/\.[cm]?[jt]sx?$/.test(file)) continue;
    if (!repo.holds(FOLDER_LOADER, file)) continue;
    const text = repo.read(file) ?? '';
    for (const b of text.matchAll(LOADER_BINDING)) {
      const name = (b[1] ?? b[2])!;
      const call = new RegExp(
        String.raw`\b${name}\s*\(\s*(?:\{\s*dirname\s*:\s*)?(?:(?:path\.)?(?:join|resolve)\(\s*([\w.$]+)\s*,\s*|(__dirname)\s*\+\s*)?["'\x60]([^"'\x60]+)["'\x60]`,
        'g',
      );
      for (const m of text.matchAll(call)) {
        const dir = loadedFolder(
          repo,
          file,
          m[3]!,
          (m[1] ?? m[2]) === undefined || /__dirname|dirname$/.test(m[1] ?? m[2]!),
        );
        if (dir) out.push({ dir, from: file });
      }
    }
  }
  return out;
}

function loadedFolder(repo: RepoIndex, file: string, rel: string, fromHere: boolean): string | undefined {
  const here = path.posix.dirname(file);
  const tail = rel.replace(/^\/+/, '');
  const starts = fromHere ? [here] : here.split('/').map((_, i, parts) => parts.slice(0, parts.length - i).join('/'));
  if (!fromHere) starts.push('.');
  for (const s of starts) {
    const d = path.posix.normalize(path.posix.join(s, tail)).replace(/\/+$/, '');
    if (d !== '.' && !d.startsWith('..') && repo.hasDir(d)) return d;
  }
  return undefined;
}

import path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import type { RepoIndex } from '../repo/index.js';

/** A `compilerOptions.paths` entry: the pattern ("@/*", "@config") and its targets, as repository paths ("web/src/*"). */
export interface PathAlias {
  pattern: string;
  targets: string[];
}

/** What a tsconfig.json / jsconfig.json says about resolving imports, with `extends` (within the repository) applied. */
export interface TsConfig {
  path: string;
  /** The folder of the config file ('' for the repository root). */
  dir: string;
  /** `baseUrl` as a repository path ('' for the root), when set. */
  baseUrl?: string;
  aliases: PathAlias[];
}

interface RawConfig {
  extends?: string | string[];
  compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> };
}

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];

function repoPath(dir: string, rel: string): string {
  const p = path.posix.normalize(path.posix.join(dir || '.', rel));
  return p === '.' ? '' : p.replace(/\/$/, '');
}

/**
 * The nearest tsconfig.json or jsconfig.json above a file, read once per folder. `extends` is followed when it names a
 * file in the repository (a package such as @tsconfig/node20 is not read: its paths would be node_modules').
 */
export function tsconfigResolver(repo: RepoIndex): (file: string) => TsConfig | undefined {
  const byDir = new Map<string, TsConfig | undefined>();
  const parsed = new Map<string, TsConfig | undefined>();

  const load = (file: string, seen: Set<string>): TsConfig | undefined => {
    if (parsed.has(file)) return parsed.get(file);
    if (seen.has(file) || !repo.has(file)) return undefined;
    seen.add(file);
    const dir = path.posix.dirname(file) === '.' ? '' : path.posix.dirname(file);
    let raw: RawConfig | undefined;
    try {
      raw = parseJsonc(repo.read(file) ?? '', [], { allowTrailingComma: true }) as RawConfig | undefined;
    } catch {
      raw = undefined;
    }
    let baseUrl: string | undefined;
    let aliases: PathAlias[] = [];
    // Inherited first, then this file's own settings override them (paths replace, they do not merge).
    for (const ext of [raw?.extends ?? []].flat()) {
      if (typeof ext !== 'string' || !ext.startsWith('.')) continue;
      const target = repoPath(dir, ext.endsWith('.json') ? ext : `${ext}.json`);
      const base = load(target, seen);
      if (base?.baseUrl !== undefined) baseUrl = base.baseUrl;
      if (base?.aliases.length) aliases = base.aliases;
    }
    const opts = raw?.compilerOptions;
    if (typeof opts?.baseUrl === 'string') baseUrl = repoPath(dir, opts.baseUrl);
    if (opts?.paths && typeof opts.paths === 'object') {
      // Paths are relative to baseUrl, or to the config file that declares them when there is none.
      const from = typeof opts.baseUrl === 'string' ? repoPath(dir, opts.baseUrl) : dir;
      aliases = Object.entries(opts.paths)
        .filter(([, t]) => Array.isArray(t))
        .map(([pattern, targets]) => ({
          pattern,
          // A target that leads out of a component's view and back into it (`../../apps/api/src/*` seen from
          // apps/api) is named as the view lists it (`src/*`), so imports resolve to the files the view has.
          targets: targets
            .filter((t) => typeof t === 'string')
            .map((t) => repoPath(from, t))
            .map((t) => (t.startsWith('..') ? repo.fromRepo(repo.toRepo(t)) : t)),
        }));
    }
    const config: TsConfig = { path: file, dir, ...(baseUrl !== undefined ? { baseUrl } : {}), aliases };
    parsed.set(file, config);
    return config;
  };

  const nearest = (dir: string): TsConfig | undefined => {
    if (byDir.has(dir)) return byDir.get(dir);
    const name = CONFIG_NAMES.map((n) => (dir ? `${dir}/${n}` : n)).find((p) => repo.has(p));
    const found = name
      ? load(name, new Set())
      : dir
        ? nearest(path.posix.dirname(dir) === '.' ? '' : path.posix.dirname(dir))
        : undefined;
    byDir.set(dir, found);
    return found;
  };
  return (file) => nearest(path.posix.dirname(file) === '.' ? '' : path.posix.dirname(file));
}

/**
 * The most specific `paths` pattern that maps an import, and the repository paths it may point at. `catchAll` is set
 * for a pattern with nothing before its `*` (`"*": ["./src/*"]`): TypeScript tries its targets, and when none exists
 * resolves the import as usual, from node_modules — so `hono` or `node:fs` under such a mapping are still packages.
 */
export function bestAlias(
  config: TsConfig,
  spec: string,
): { pattern: string; out: string[]; catchAll: boolean } | undefined {
  let best: { prefixLength: number; pattern: string; out: string[] } | undefined;
  for (const a of config.aliases) {
    const star = a.pattern.indexOf('*');
    let rest: string | undefined;
    if (star < 0) rest = spec === a.pattern ? '' : undefined;
    else {
      const prefix = a.pattern.slice(0, star);
      const suffix = a.pattern.slice(star + 1);
      if (spec.startsWith(prefix) && spec.endsWith(suffix) && spec.length >= prefix.length + suffix.length)
        rest = spec.slice(prefix.length, spec.length - suffix.length);
    }
    if (rest === undefined) continue;
    const prefixLength = star < 0 ? a.pattern.length + 1 : star;
    if (best && best.prefixLength >= prefixLength) continue;
    best = { prefixLength, pattern: a.pattern, out: a.targets.map((t) => t.replace('*', rest!)) };
  }
  return best && { pattern: best.pattern, out: best.out, catchAll: best.prefixLength === 0 };
}

/**
 * Node's subpath imports: the `imports` field of the nearest package.json above a file (`"#start/*": "./start/*.js"`,
 * `"#db": { "types": …, "default": "./src/db.js" }`), as path aliases of that package's folder. AdonisJS apps and many
 * ESM servers import their own modules this way (`import env from '#start/env'`). Read once per folder.
 */
export function packageImportsResolver(repo: RepoIndex): (file: string) => TsConfig | undefined {
  const byDir = new Map<string, TsConfig | undefined>();
  const target = (v: unknown): string | undefined => {
    if (typeof v === 'string') return v;
    if (Array.isArray(v)) return v.map(target).find(Boolean);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      for (const k of ['source', 'development', 'import', 'node', 'require', 'default', 'types'])
        if (k in o) {
          const t = target(o[k]);
          if (t) return t;
        }
    }
    return undefined;
  };
  const of = (dir: string): TsConfig | undefined => {
    if (byDir.has(dir)) return byDir.get(dir);
    const file = dir ? `${dir}/package.json` : 'package.json';
    let found: TsConfig | undefined;
    const text = repo.has(file) ? repo.read(file) : undefined;
    if (text !== undefined) {
      let imports: unknown;
      try {
        imports = (JSON.parse(text) as { imports?: unknown }).imports;
      } catch {
        imports = undefined;
      }
      const aliases: PathAlias[] = [];
      if (imports && typeof imports === 'object')
        for (const [pattern, v] of Object.entries(imports as Record<string, unknown>)) {
          const t = target(v);
          if (pattern.startsWith('#') && t?.startsWith('./')) aliases.push({ pattern, targets: [repoPath(dir, t)] });
        }
      found = { path: file, dir, aliases };
    } else if (dir) {
      const up = path.posix.dirname(dir);
      found = of(up === '.' ? '' : up);
    }
    byDir.set(dir, found);
    return found;
  };
  return (file) => {
    const d = path.posix.dirname(file);
    return of(d === '.' ? '' : d);
  };
}

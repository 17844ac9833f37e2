import path from 'node:path';
import type { RepoIndex } from '../repo/index.js';
import { inMask, maskText, mayBeInComment, syntaxOf } from './code-text.js';
import { fileMask } from './code.js';
import { goModulePath } from './manifests.js';
import { type RustFacts, rustMasked, rustUses, rustUsesOf } from './rust.js';
import { bestAlias, packageImportsResolver, tsconfigResolver } from './tsconfig.js';

export interface ImportRef {
  /** The module as written: 'fastapi.middleware.cors', '@nestjs/core', 'github.com/gin-gonic/gin', 'org.springframework.boot.SpringApplication'. */
  module: string;
  /** The package it comes from: top-level Python module, npm package name, Go module path as written, Java package prefix. */
  pkg: string;
  /** Resolved repository path for relative / project-local imports, when it could be resolved (for Go: the package directory). */
  local?: string;
  line: number;
  file: string;
  /**
   * TypeScript: a statement that imports or re-exports types only (`import type { AppRouter } from '@acme/api'`,
   * `export type { Row } from './db'`). The compiler erases it: the module it names is not loaded at run time.
   */
  typeOnly?: boolean;
}

export interface ImportFacts {
  /** Imports per source file (production and test). */
  byFile: Map<string, ImportRef[]>;
  /** Production (non-test) files importing a package, by package name. */
  importersOf(pkg: string | RegExp): ImportRef[];
  /** True when some production file imports the package (or a sub-module of it). */
  uses(pkg: string | RegExp): boolean;
  /** The first production import of a package matching, for evidence. */
  firstUse(pkg: string | RegExp): ImportRef | undefined;
}

const PY_IMPORT = /^[ \t]*(?:from[ \t]+([.\w]+)[ \t]+import\b|import[ \t]+([\w.]+(?:[ \t]*,[ \t]*[\w.]+)*))/gm;
/** The names after `from X import`: one line, or a parenthesised list over several lines. */
const PY_FROM_NAMES = /^[ \t]+(?:\(([^)]*)\)|([^\n#]*))/;
const JS_IMPORT =
  /(?:^|[^\w.$`'"])(?:import[\s\w{},*$]*?from\s*|import\s*\(?\s*|require\s*\(\s*|export[\s\w{},*$]*?from\s*)["'`]([^"'`\n]+)["'`]/g;
/** A JS_IMPORT match that imports or re-exports types only: `import type {…} from`, `export type * from`. */
const TYPE_ONLY_STATEMENT = /^[^\w$]?(?:import|export)\s+type\s*[{*]|^[^\w$]?import\s+type\s+[\w$]+\s+from\b/;
const GO_IMPORT_BLOCK = /^import\s*\(([\s\S]*?)^\)/gm;
const GO_IMPORT_ONE = /^import\s+(?:[\w.]+\s+)?"([^"]+)"/gm;
/** A Kotlin top-level declaration (at the start of a line): its simple name (an extension function's own name). */
export const KOTLIN_TOP_LEVEL =
  /^(?:(?:public|internal|data|sealed|enum|abstract|open|inline|suspend|const|annotation|value|fun)\s+)*(?:val|var|fun|class|object|interface|typealias)\s+(?:<[^>\n]*>\s*)?(?:[\w.]+(?:<[^>\n]*>)?\.)?(\w+)/gm;
const JVM_IMPORT = /^[ \t]*import\s+(?:static\s+)?([\w.]+)(?:\.\*)?\s*;?/gm;
/** require / require_relative, and Module#autoload (`autoload :Web, "gemstash/web"`), which requires on first use. */
const RUBY_REQUIRE = /^[ \t]*(?:require(?:_relative)?|autoload\s*\(?\s*:\w+\s*,)\s*\(?\s*["']([^"']+)["']/gm;
/** PHP top-level `use` imports (a trait `use` sits inside a class body, indented): `use A\B;`, `use A\{B, C as D};`. */
const PHP_USE = /^use\s+(?:function\s+|const\s+)?\\?([\w\\]+?)\\?(?:\{([^}]*)\})?(?:\s+as\s+\w+)?\s*;/gm;
/**
 * Elixir `alias`/`use`/`import`/`require` of a module (`alias(A.B)` too), with `alias A.{B, C}` groups (the braces
 * possibly over several lines) and the rest of the line (`, as: E`).
 */
const EX_USE = /^[ \t]*(alias|use|import|require)(?:\s+|\s*\(\s*)([A-Z][\w.]*?)(?:\.\{([^}]*)\})?(?=[\s,)]|$)(.*)/gm;

/**
 * The modules a file's `alias`/`use`/`import`/`require` lines name, each with the name it is used under: `alias A.B.C`
 * (C), `alias A.B.{C, D}` (C and D; an entry that is no module name is skipped), `alias A.B.C, as: E` (E).
 */
export function elixirModuleRefs(text: string): { keyword: string; module: string; name: string; index: number }[] {
  const out: { keyword: string; module: string; name: string; index: number }[] = [];
  for (const m of text.matchAll(EX_USE)) {
    const keyword = m[1]!;
    const mod = m[2]!;
    if (!m[3]) {
      const name = /\bas:\s*([A-Z]\w*)/.exec(m[4]!)?.[1] ?? mod.split('.').pop()!;
      out.push({ keyword, module: mod, name, index: m.index });
      continue;
    }
    for (const n of m[3].split(',').map((x) => x.trim()))
      if (/^[A-Z][\w.]*$/.test(n))
        out.push({ keyword, module: `${mod}.${n}`, name: n.split('.').pop()!, index: m.index });
  }
  return out;
}

/** Where PHP namespaces live: composer.json `autoload` psr-4 prefixes → folders (App\ → app/). */
export function phpNamespaceRoots(repo: RepoIndex): { prefix: string; dir: string }[] {
  const out: { prefix: string; dir: string }[] = [];
  for (const f of repo.byName(/^composer\.json$/)) {
    if (f.isTest || /(^|\/)vendor\//.test(f.path)) continue;
    let raw: Record<string, any>;
    try {
      raw = JSON.parse(repo.read(f.path) ?? '') as Record<string, any>;
    } catch {
      continue;
    }
    const base = path.posix.dirname(f.path);
    for (const key of ['autoload', 'autoload-dev'])
      for (const [prefix, dirs] of Object.entries((raw[key]?.['psr-4'] as Record<string, unknown>) ?? {}))
        for (const d of Array.isArray(dirs) ? dirs : [dirs])
          if (typeof d === 'string')
            out.push({
              prefix,
              dir: path.posix.normalize(base === '.' ? d || '.' : `${base}/${d}`).replace(/\/$/, ''),
            });
  }
  return out.sort((a, b) => b.prefix.length - a.prefix.length);
}

/** npmPackage's answers by specifier: a pure function of the text, asked for every import of every view. */
const NPM_PACKAGES = new Map<string, string>();

function npmPackage(spec: string): string {
  let name = NPM_PACKAGES.get(spec);
  if (name === undefined) {
    name = npmPackageOf(spec);
    NPM_PACKAGES.set(spec, name);
  }
  return name;
}

function npmPackageOf(spec: string): string {
  if (spec.startsWith('node:')) return spec.slice(5).split('/')[0]!;
  // Deno specifiers name the package too: npm:express@4, jsr:@oak/oak@17/router, https://deno.land/x/oak@v12/mod.ts,
  // https://esm.sh/zod@3.23.8.
  const deno = /^(?:npm|jsr):\/?(.+)$/.exec(spec)?.[1] ?? /^https:\/\/(?:deno\.land\/x|esm\.sh)\/(.+)$/.exec(spec)?.[1];
  if (deno) {
    const parts = deno.split('/');
    const name = deno.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
    return name.replace(/(?!^)@.*$/, '');
  }
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const JS_EXTS = [
  '',
  '.ts',
  '.tsx',
  '.js',
  '.jsx',
  '.mjs',
  '.cjs',
  '.mts',
  '/index.ts',
  '/index.tsx',
  '/index.js',
  '/index.mjs',
];

/**
 * Resolutions by index, folder and specifier: the files of a folder import the same modules (`../lib/db`), and an
 * index's listing does not change during an audit.
 */
const JS_RESOLVED = new WeakMap<RepoIndex, Map<string, string | null>>();

function resolveJs(repo: RepoIndex, from: string, spec: string): string | undefined {
  const dir = path.posix.dirname(from);
  let known = JS_RESOLVED.get(repo);
  if (!known) {
    known = new Map();
    JS_RESOLVED.set(repo, known);
  }
  const key = `${dir}\0${spec}`;
  let r = known.get(key);
  if (r === undefined) {
    r = resolveJsIn(repo, dir, spec) ?? null;
    known.set(key, r);
  }
  return r ?? undefined;
}

function resolveJsIn(repo: RepoIndex, dir: string, spec: string): string | undefined {
  const base = path.posix.normalize(path.posix.join(dir, spec));
  const stripped = base.replace(/\.(js|mjs|cjs)$/, '');
  for (const cand of [base, ...JS_EXTS.map((e) => stripped + e)]) if (repo.has(cand)) return cand;
  return undefined;
}

function resolvePy(repo: RepoIndex, from: string, mod: string, roots: string[]): string | undefined {
  if (mod.startsWith('.')) {
    const dots = /^\.+/.exec(mod)![0].length;
    let dir = path.posix.dirname(from);
    for (let i = 1; i < dots; i++) dir = path.posix.dirname(dir);
    const rest = mod.slice(dots).split('.').filter(Boolean).join('/');
    const base = rest ? (dir === '.' ? rest : `${dir}/${rest}`) : dir;
    for (const c of [`${base}.py`, `${base}/__init__.py`]) if (repo.has(c)) return c;
    return undefined;
  }
  const rel = mod.split('.').join('/');
  for (const r of roots) {
    const base = r ? `${r}/${rel}` : rel;
    for (const c of [`${base}.py`, `${base}/__init__.py`]) if (repo.has(c)) return c;
  }
  // A folder of scripts that is no package (`python daemons/btc.py` puts daemons/ first on sys.path): its modules
  // import each other by their plain names (`from utils import retry` beside utils.py).
  const dir = path.posix.dirname(from);
  if (dir !== '.' && !repo.has(`${dir}/__init__.py`)) {
    const base = `${dir}/${rel}`;
    for (const c of [`${base}.py`, `${base}/__init__.py`]) if (repo.has(c)) return c;
  }
  return undefined;
}

function resolvePhp(repo: RepoIndex, cls: string, roots: { prefix: string; dir: string }[]): string | undefined {
  for (const r of roots) {
    if (!cls.startsWith(r.prefix)) continue;
    const rel = cls.slice(r.prefix.length).split('\\').join('/');
    const cand = r.dir === '.' ? `${rel}.php` : `${r.dir}/${rel}.php`;
    if (repo.has(cand)) return cand;
  }
  return undefined;
}

/**
 * Every match of an import pattern in a file, found once per repository file: every component's view parses the same
 * text (only resolving the modules depends on the view). The matches are shared: do not mutate them.
 */
function matchesOf(repo: RepoIndex, file: string, text: string, kind: string, re: RegExp): RegExpExecArray[] {
  return repo.fileMemo(kind, file, () => [...text.matchAll(re)]);
}

/** A Go file's imported paths with their offsets: those of import blocks first, then single imports. */
function goImportSpecs(text: string): (readonly [string, number])[] {
  const out: (readonly [string, number])[] = [];
  for (const m of text.matchAll(GO_IMPORT_BLOCK))
    for (const s of m[1]!.matchAll(/"([^"]+)"/g)) out.push([s[1]!, m.index + m[0].indexOf(s[0])]);
  for (const m of text.matchAll(GO_IMPORT_ONE)) out.push([m[1]!, m.index]);
  return out;
}

/** The namespaces a C# or Razor file's using directives name, each with the offset of its `using`. */
function csharpUsings(file: string, text: string): readonly (readonly [string, number])[] {
  const razor = file.endsWith('.razor');
  const code = maskText(text, razor ? 'razor' : 'csharp').code;
  const out: (readonly [string, number])[] = [];
  for (const m of code.matchAll(
    razor
      ? /^[ \t]*using\s+(?:static\s+)?(?:\w+\s*=\s*)?([A-Za-z_][\w.]*)\s*;?[ \t\r]*$/gm
      : /^[ \t]*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?([A-Za-z_][\w.]*)\s*;/gm,
  ))
    out.push([m[1]!, m.index! + m[0].indexOf('using')]);
  return out;
}

const jvmPackages = new WeakMap<Map<string, string>, Map<string, [string, string][]>>();
/** The classes of a JVM package of the repository (simple name → file), from the fully qualified class map. */
function jvmPackage(classes: Map<string, string>, pkg: string): [string, string][] {
  let byPkg = jvmPackages.get(classes);
  if (!byPkg) {
    byPkg = new Map();
    for (const [name, file] of classes) {
      const dot = name.lastIndexOf('.');
      if (dot < 0) continue;
      const key = name.slice(0, dot);
      const list = byPkg.get(key) ?? [];
      list.push([name.slice(dot + 1), file]);
      byPkg.set(key, list);
    }
    jvmPackages.set(classes, byPkg);
  }
  return byPkg.get(pkg) ?? [];
}

function parseFile(
  repo: RepoIndex,
  file: string,
  language: string,
  pyRoots: string[],
  goModules: GoModule[] = [],
  jvmClasses?: Map<string, string>,
  resolveAlias?: (file: string, spec: string) => { local?: string } | undefined,
  rust?: RustFacts,
  phpRoots: { prefix: string; dir: string }[] = [],
  exModules?: Map<string, string>,
  resolveWorkspace?: (spec: string) => string | undefined,
  ownNamespaces?: Set<string>,
): ImportRef[] {
  const text = repo.read(file);
  if (text === undefined) return [];
  const refs: ImportRef[] = [];
  // An import written in a comment or docstring (a usage example: `var express = require('express')` in JSDoc) is
  // no import. Lexing the file is most of this fact's cost: it is done at the first import a comment might hold.
  const syntax = syntaxOf(file, language);
  let comments: Int32Array | undefined | null = null;
  const inComment = (offset: number): boolean => {
    if (!mayBeInComment(text, offset, syntax)) return false;
    if (comments === null) comments = fileMask(repo, file)?.comments;
    return comments !== undefined && inMask(comments, offset);
  };
  const push = (module: string, pkg: string, offset: number, local?: string, typeOnly?: boolean): void => {
    if (inComment(offset)) return;
    refs.push({ module, pkg, local, line: repo.lineAt(file, offset), file, ...(typeOnly ? { typeOnly } : {}) });
  };
  switch (language) {
    case 'python':
      for (const m of matchesOf(repo, file, text, 'imports:py', PY_IMPORT)) {
        const mods = m[1] ? [m[1]] : m[2]!.split(',').map((s) => s.trim().split(/\s+as\s+/)[0]!);
        for (const mod of mods) {
          const local = resolvePy(repo, file, mod, pyRoots);
          const pkg = mod.startsWith('.') ? '.' : mod.split('.')[0]!;
          push(mod, pkg, m.index!, local);
          // `from app.routers import health, orders`: the names may be sub-modules of a local package.
          if (m[1] && (!local || local.endsWith('__init__.py'))) {
            const after = text.slice(m.index! + m[0].length);
            const names = PY_FROM_NAMES.exec(after);
            const list = (names?.[1] ?? names?.[2] ?? '')
              .split(',')
              .map((n) =>
                n
                  .trim()
                  .split(/\s+as\s+/)[0]!
                  .trim(),
              )
              .filter((n) => /^\w+$/.test(n));
            for (const name of list) {
              const sub = mod.endsWith('.') ? `${mod}${name}` : `${mod}.${name}`;
              const subLocal = resolvePy(repo, file, sub, pyRoots);
              if (subLocal && subLocal !== local) push(sub, pkg, m.index!, subLocal);
            }
          }
        }
      }
      break;
    case 'javascript':
    case 'typescript':
      for (const raw of matchesOf(repo, file, text, 'imports:js', JS_IMPORT)) {
        const spec = raw[1]!;
        // The leading `(?:^|[^\w.$])` consumes one character (often the previous newline): point at the keyword.
        const m = { index: raw.index! + (/^(import|require|export)/.test(raw[0]) ? 0 : 1) };
        const typeOnly = TYPE_ONLY_STATEMENT.test(raw[0]);
        if (spec.startsWith('.') || spec.startsWith('/'))
          push(spec, '.', m.index!, resolveJs(repo, file, spec), typeOnly);
        else {
          const aliased = resolveAlias?.(file, spec);
          if (aliased) push(spec, '.', m.index!, aliased.local, typeOnly);
          // A package of this repository's workspaces: still that package, but its file is known.
          else push(spec, npmPackage(spec), m.index!, resolveWorkspace?.(spec), typeOnly);
        }
      }
      break;
    case 'go': {
      const add = (spec: string, offset: number): void => {
        // The longest module path that prefixes the import: nested go.mod modules resolve to their own folder.
        const mod = goModules.find((g) => spec === g.module || spec.startsWith(`${g.module}/`));
        const rest = mod ? spec.slice(mod.module.length + 1) : undefined;
        // In a component's view a package of the enclosing module is named from outside (`../svc/api` seen from
        // `svc`): its path as the view lists it.
        const local =
          mod && rest !== undefined ? repo.fromRepo(repo.toRepo(path.posix.join(mod.dir, rest || '.'))) : undefined;
        push(spec, spec, offset, local);
      };
      for (const [spec, offset] of repo.fileMemo('imports:go', file, () => goImportSpecs(text))) add(spec, offset);
      break;
    }
    case 'java':
    case 'kotlin':
    case 'scala':
    case 'groovy':
      for (const m of text.matchAll(JVM_IMPORT)) {
        // `import static a.b.Retry.run;` (or `.*`) names members of the class a.b.Retry: a reference to its file.
        const owner = /^\s*import\s+static\b/.test(m[0]) ? m[1]!.replace(/\.\w*$/, '') : undefined;
        push(m[1]!, m[1]!, m.index!, jvmClasses?.get(m[1]!) ?? (owner ? jvmClasses?.get(owner) : undefined));
        if (owner) continue;
        // `import com.acme.security.component.*;` names a package: the file uses the classes of it whose simple names
        // it mentions (`new DynamicSecurityFilter()`), each a reference to that class's file.
        const wildcard = m[1]!.endsWith('.') && text[m.index! + m[0].length] === '*';
        if (jvmClasses && wildcard) {
          const pkg = m[1]!.slice(0, -1);
          for (const [cls, local] of jvmPackage(jvmClasses, pkg))
            if (new RegExp(`\\b${cls}\\b`).test(text)) push(`${pkg}.${cls}`, pkg, m.index!, local);
        }
      }
      break;
    case 'rust':
      if (rust) refs.push(...rustImports(repo, file, text, rust));
      break;
    case 'php':
      for (const m of text.matchAll(PHP_USE)) {
        const names = m[2] ? m[2].split(',').map((n) => `${m[1]}\\${n.trim().split(/\s+as\s+/)[0]}`) : [m[1]!];
        for (const mod of names) {
          const local = resolvePhp(repo, mod, phpRoots);
          push(mod, local ? '.' : mod.split('\\')[0]!, m.index!, local);
        }
      }
      break;
    case 'elixir':
      for (const { module, index } of elixirModuleRefs(text)) {
        const local = exModules?.get(module);
        push(module, local ? '.' : module.split('.')[0]!, index, local);
      }
      break;
    case 'csharp': {
      // `using X.Y;`, `using static X.Y;`, `using A = X.Y;`, `global using X;` (file-scoped and block namespaces alike).
      // A Razor component's `@using X` ends at the line (its markup blanked, the directive reads `using X`).
      // The directives of a file are read once per repository file (lexing the file is most of the cost); only
      // which namespaces are the view's own is the view's.
      for (const [ns, offset] of repo.fileMemo('imports:cs', file, () => csharpUsings(file, text))) {
        let own = false;
        for (let n = ns; n && !own; n = n.includes('.') ? n.slice(0, n.lastIndexOf('.')) : '')
          own = !!ownNamespaces?.has(n);
        push(ns, own ? '.' : ns, offset);
      }
      break;
    }
    case 'ruby':
      for (const m of text.matchAll(RUBY_REQUIRE)) {
        const spec = m[1]!;
        let local: string | undefined;
        if (/^\s*require_relative/.test(m[0]) || spec.startsWith('.')) {
          const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
          local = [base, `${base}.rb`].find((c) => repo.has(c));
        } else {
          local = [`lib/${spec}.rb`, `${spec}.rb`, `app/${spec}.rb`].find((c) => repo.has(c));
        }
        push(spec, local ? '.' : spec.split('/')[0]!, m.index!, local);
      }
      break;
  }
  return refs;
}

/**
 * Project-local imports that are not relative: tsconfig/jsconfig `paths` aliases from the nearest config above the
 * importing file (`@/lib/x`, `@app/db`, with `extends` followed), `@/` and `~/` by convention when no config declares
 * them (the config's folder or its src/, then the repository root or src/), SvelteKit's `$lib` (src/lib beside
 * svelte.config), non-relative imports under `baseUrl`, and Node subpath imports (`#start/env`) through the nearest
 * package.json's `imports` field. Undefined when the import names a package.
 */
function aliasResolver(repo: RepoIndex): (file: string, spec: string) => { local?: string } | undefined {
  const configFor = tsconfigResolver(repo);
  const configDirs = (file: string): string[] => {
    const dirs: string[] = [];
    for (let d = path.posix.dirname(file); ; d = path.posix.dirname(d)) {
      const dir = d === '.' ? '' : d;
      if (
        repo.has(dir ? `${dir}/tsconfig.json` : 'tsconfig.json') ||
        repo.has(dir ? `${dir}/jsconfig.json` : 'jsconfig.json')
      )
        dirs.push(dir);
      if (!dir) break;
    }
    return dirs;
  };
  const fromRoot = (p: string): string | undefined => resolveJs(repo, 'x.ts', `./${p}`);
  const packageImportsFor = packageImportsResolver(repo);
  return (file, spec) => {
    // Node subpath imports (`#start/env`): the nearest package.json's `imports` field, never a package.
    if (spec.startsWith('#')) {
      const own = packageImportsFor(file);
      const alias = own && bestAlias(own, spec);
      return { local: alias?.out.map(fromRoot).find(Boolean) };
    }
    const config = configFor(file);
    const alias = config && bestAlias(config, spec);
    if (alias) {
      const local = alias.out.map(fromRoot).find(Boolean);
      // A catch-all mapping (`"*": ["./src/*"]`) that finds no file falls back to packages, as TypeScript does.
      if (local || !alias.catchAll) return { local };
    }
    // SvelteKit's $lib is src/lib of the app (declared in the generated .svelte-kit/tsconfig.json, never committed).
    if (spec === '$lib' || spec.startsWith('$lib/')) {
      for (let d = path.posix.dirname(file); ; d = path.posix.dirname(d)) {
        const dir = d === '.' ? '' : `${d}/`;
        if (['svelte.config.js', 'svelte.config.ts', 'svelte.config.mjs'].some((n) => repo.has(`${dir}${n}`)))
          return { local: fromRoot(`${dir}src/lib${spec.slice(4)}`) };
        if (!dir) return undefined;
      }
    }
    if (spec.startsWith('@/') || spec.startsWith('~/')) {
      const rest = spec.slice(2);
      const bases = [...configDirs(file).flatMap((d) => (d ? [`${d}/`, `${d}/src/`] : ['', 'src/'])), 'src/', ''];
      return { local: bases.map((b) => fromRoot(`${b}${rest}`)).find(Boolean) };
    }
    if (config?.baseUrl !== undefined) {
      const local = fromRoot(config.baseUrl ? `${config.baseUrl}/${spec}` : spec);
      if (local) return { local };
    }
    return undefined;
  };
}

const ALIAS_EXTS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '/index.ts', '/index.tsx', '/index.js'];

/**
 * `@/lib/x` and `~/lib/x` by convention alone, relative to the nearest folder with a tsconfig/jsconfig/package.json (or
 * its src/): the looser reading outbound's server reach falls back on when {@link aliasResolver} (which follows the
 * configs' `paths`) found no file. Kept beside it so that path aliases have one home.
 */
export function conventionalAlias(repo: RepoIndex, from: string, spec: string): string | undefined {
  if (!/^[@~]\//.test(spec)) return undefined;
  const rest = spec.slice(2);
  let dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/')) : '';
  for (;;) {
    const prefix = dir ? `${dir}/` : '';
    if (['tsconfig.json', 'jsconfig.json', 'package.json'].some((n) => repo.has(`${prefix}${n}`))) {
      for (const base of [`${prefix}${rest}`, `${prefix}src/${rest}`]) {
        const hit = [base, ...ALIAS_EXTS.map((e) => base + e)].find((c) => repo.has(c));
        if (hit) return hit;
      }
    }
    if (!dir) return undefined;
    dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
  }
}

/**
 * Every path written in a Rust file's code (`tower_http::cors::CorsLayer`): its first segment, the rest (`::cors::…`)
 * and its offset, found once per repository file; which first segments are dependencies is the view's to say.
 */
function* rustCodePaths(repo: RepoIndex, file: string, text: string): Generator<[string, string, number]> {
  // Offsets kept, not strings: a path is code, so the bare text's characters there are the file's own.
  const find = (): Int32Array => {
    const out: number[] = [];
    const bare = rustMasked(repo, file, text, 'bare');
    for (const m of bare.matchAll(/(?<![\w:])([a-z_][a-z0-9_]*)((?:::[A-Za-z_]\w*)+)/g))
      out.push(m.index!, m[1]!.length, m[0].length);
    return Int32Array.from(out);
  };
  const found = repo.read(file) === text ? repo.fileMemo('rust:code-paths', file, find) : find();
  for (let i = 0; i < found.length; i += 3) {
    const at = found[i]!;
    const head = found[i + 1]!;
    yield [text.slice(at, at + head), text.slice(at + head, at + found[i + 2]!), at];
  }
}

/**
 * Rust: every `use` path (groups expanded), and every path through a dependency crate written in code without a `use`
 * (`tower_http::cors::CorsLayer::permissive()`): the module is the path up to its last lower-case segment, the package
 * the crate as code names it (`actix_web`). Paths into the crate itself (`crate::`, `self::`, `super::`, child modules)
 * and into local workspace crates are local, resolved to the module's file.
 */
function rustImports(repo: RepoIndex, file: string, text: string, rust: RustFacts): ImportRef[] {
  const refs: ImportRef[] = [];
  const seen = new Set<string>();
  const aliases = rust.crateOf(file)?.externAliases;
  const push = (written: string[], offset: number): void => {
    // `use jwt::decode` after `extern crate jsonwebtoken as jwt;` imports from jsonwebtoken.
    const real = written.length && !rust.resolve(file, written) ? aliases?.get(written[0]!) : undefined;
    const segments = real ? [real, ...written.slice(1)] : written;
    // The module part: up to the first type-like segment (`tower_http::cors` of `tower_http::cors::CorsLayer::new`).
    const item = segments.findIndex((s, i) => i > 0 && /^[A-Z*]/.test(s));
    const module = (item < 0 ? segments : segments.slice(0, item)).join('::');
    if (seen.has(module)) return;
    const head = segments[0]!;
    const resolved = rust.resolve(file, segments);
    const external = rust.dependencyNames.has(head) && !resolved;
    if (!external && !resolved && !['std', 'core', 'alloc'].includes(head)) return;
    seen.add(module);
    refs.push({
      module,
      pkg: external || ['std', 'core', 'alloc'].includes(head) ? head : '.',
      local: resolved?.file,
      line: repo.lineAt(file, offset),
      file,
    });
  };
  for (const u of repo.read(file) === text ? rustUsesOf(repo, file) : rustUses(text)) push(u.path, u.offset);
  for (const [head, rest, offset] of rustCodePaths(repo, file, text)) {
    if (!rust.dependencyNames.has(head)) continue;
    push([head, ...rest.split('::').filter(Boolean)], offset);
  }
  return refs;
}

/**
 * Packages of the repository itself (monorepo workspaces), by their package.json name: `@acme/lib/server/x` resolves to
 * the file it names through the package's `exports` map (conditions and `./*` patterns), else its main/module entry or
 * the sub-path under the package folder (or its src/). Built outputs (dist/, build/, lib/) map back to the sources.
 */
function workspaceResolver(repo: RepoIndex): (spec: string) => string | undefined {
  const packages = new Map<string, { dir: string; json: Record<string, unknown> }>();
  for (const f of repo.byName(/^package\.json$/)) {
    if (f.isTest || f.path.includes('node_modules/')) continue;
    const json = repo.json(f.path) as Record<string, unknown> | undefined;
    if (json && typeof json.name === 'string' && !packages.has(json.name))
      packages.set(json.name, { dir: path.posix.dirname(f.path), json });
  }
  if (!packages.size) return () => undefined;
  const fromBuild = (dir: string, target: string): string | undefined => {
    const rel = target.replace(/^\.\//, '');
    const cands = [rel, rel.replace(/^(?:dist|build|lib|out)\//, 'src/'), rel.replace(/^(?:dist|build|lib|out)\//, '')];
    for (const c of cands) {
      const hit = resolveJs(repo, `${dir === '.' ? '' : `${dir}/`}x.ts`, `./${c.replace(/\.d\.ts$/, '')}`);
      if (hit) return hit;
    }
    return undefined;
  };
  const conditionTarget = (v: unknown): string | undefined => {
    if (typeof v === 'string') return v;
    if (Array.isArray(v)) return v.map(conditionTarget).find(Boolean);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      for (const k of ['source', 'development', 'import', 'node', 'default', 'require', 'types'])
        if (k in o) {
          const t = conditionTarget(o[k]);
          if (t) return t;
        }
    }
    return undefined;
  };
  return (spec) => {
    const name = npmPackage(spec);
    const pkg = packages.get(name);
    if (!pkg) return undefined;
    const sub = spec.slice(name.length); // '' or '/server-only/x'
    const exp = pkg.json.exports;
    if (exp && typeof exp === 'object' && !Array.isArray(exp) && Object.keys(exp).some((k) => k.startsWith('.'))) {
      const map = exp as Record<string, unknown>;
      const key = `.${sub}`;
      if (key in map) {
        const t = conditionTarget(map[key]);
        if (t) return fromBuild(pkg.dir, t);
      }
      for (const [k, v] of Object.entries(map)) {
        const star = k.indexOf('*');
        if (star < 0 || !key.startsWith(k.slice(0, star)) || !key.endsWith(k.slice(star + 1))) continue;
        const t = conditionTarget(v);
        const middle = key.slice(star, key.length - (k.length - star - 1));
        if (t) return fromBuild(pkg.dir, t.replace('*', middle));
      }
    } else if (!sub && (typeof exp === 'string' || Array.isArray(exp))) {
      const t = conditionTarget(exp);
      if (t) return fromBuild(pkg.dir, t);
    }
    if (!sub) {
      for (const k of ['source', 'module', 'main', 'types']) {
        const t = pkg.json[k];
        if (typeof t === 'string') {
          const hit = fromBuild(pkg.dir, t);
          if (hit) return hit;
        }
      }
      return fromBuild(pkg.dir, 'index') ?? fromBuild(pkg.dir, 'src/index');
    }
    return fromBuild(pkg.dir, sub.slice(1)) ?? fromBuild(pkg.dir, `src/${sub.slice(1)}`);
  };
}

/** `fn` with its answers kept by `keyOf` of its arguments (undefined answers too). */
function memoByKey<A extends unknown[], R>(fn: (...args: A) => R, keyOf: (...args: A) => string): (...args: A) => R {
  const known = new Map<string, R>();
  return (...args) => {
    const key = keyOf(...args);
    if (known.has(key)) return known.get(key) as R;
    const r = fn(...args);
    known.set(key, r);
    return r;
  };
}

/** A Go module of the repository: its module path and the folder of its go.mod. */
export interface GoModule {
  module: string;
  dir: string;
}

/** Every go.mod of an index: the module it declares and its folder (the root's first when there is one). */
export function goModulesOf(repo: RepoIndex): GoModule[] {
  const out: GoModule[] = [];
  for (const f of repo.byName(/^go\.mod$/)) {
    const mod = goModulePath(repo, path.posix.dirname(f.path));
    if (mod && !out.some((g) => g.module === mod)) out.push({ module: mod, dir: path.posix.dirname(f.path) });
  }
  return out;
}

const SYS_PATH_ADD = /\bsys\.path\.(?:insert|append)\([^)\n]*["']([\w./-]+)["']\s*\)?\s*\)/;

/**
 * Folders a module puts on sys.path by name (a Django settings module's `sys.path.insert(0, os.path.join(BASE_DIR,
 * "apps"))`, a handler's `sys.path.append("api")`): the folder of that name beside the module or one of the folders
 * above it, since the base is one of them.
 */
function sysPathRoots(repo: RepoIndex): string[] {
  const out: string[] = [];
  for (const hit of repo.grep(SYS_PATH_ADD, { languages: ['python'] })) {
    const name = hit.groups[1];
    if (!name || repo.get(hit.path)?.isTest || name.startsWith('/') || name.includes('..')) continue;
    for (let dir = path.posix.dirname(hit.path); ; dir = path.posix.dirname(dir)) {
      const root = path.posix.normalize(dir === '.' ? name : `${dir}/${name}`).replace(/\/$/, '');
      if (repo.hasDir(root)) {
        out.push(root);
        break;
      }
      if (dir === '.') break;
    }
  }
  return out;
}

/**
 * `outerGoModules`: the modules of the whole repository in a component's view (its paths), so an import into a sibling
 * module (`github.com/acme/shop/core/log` from `proxy/`, whose go.mod `replace`s it with `../core`) resolves to the
 * files the view mounts from there.
 */
export function detectImports(
  repo: RepoIndex,
  goModule?: string,
  stacks: { rust?: RustFacts } = {},
  outerGoModules: readonly GoModule[] = [],
): ImportFacts {
  const byFile = new Map<string, ImportRef[]>();
  // Python import roots: the repository root and any top-level `src/` layout.
  // Django projects and services in a sub-directory: the folders of manage.py and of Python manifests are import roots too.
  const subRoots = repo
    .byName(/^(manage\.py|pyproject\.toml|requirements\.txt|setup\.py)$/)
    .map((f) => path.posix.dirname(f.path))
    .filter((d) => d !== '.' && !/(^|\/)(tests?|examples?|docs?)(\/|$)/.test(d));
  // Folders under a src/ tree that hold top-level packages (src/py/ when src/py/app/__init__.py exists).
  const packageRoots = repo
    .byName(/^__init__\.py$/)
    .map((f) => path.posix.dirname(path.posix.dirname(f.path)))
    .filter((d) => /(^|\/)src(\/|$)/.test(d) && !repo.has(`${d}/__init__.py`) && !/(^|\/)tests?(\/|$)/.test(d));
  const pyRoots = [
    ...new Set([
      '',
      ...(repo.hasDir('src') ? ['src'] : []),
      ...subRoots,
      ...subRoots.filter((d) => repo.hasDir(`${d}/src`)).map((d) => `${d}/src`),
      ...packageRoots,
      ...sysPathRoots(repo),
    ]),
  ];
  // Both resolvers answer by the importing file's folder and the specifier alone (the nearest tsconfig and the
  // conventional roots are found from the folder): every file of a folder imports the same packages, so each answer is
  // worked out once per folder.
  const resolveAlias = memoByKey(aliasResolver(repo), (file, spec) => `${path.posix.dirname(file)}\0${spec}`);
  const resolveWorkspace = memoByKey(workspaceResolver(repo), (spec) => spec);
  // C#: namespaces the repository declares are its own code, not packages.
  const ownNamespaces = new Set<string>();
  for (const f of repo.files) {
    if (f.language !== 'csharp' || f.tooLarge) continue;
    for (const m of (repo.read(f.path) ?? '').matchAll(/^[ \t]*namespace\s+([\w.]+)/gm)) ownNamespaces.add(m[1]!);
  }
  // Go modules: the root module (given) and every nested go.mod (multi-module repositories), longest path first.
  const goModules: GoModule[] = goModule ? [{ module: goModule, dir: '.' }] : [];
  for (const g of [...goModulesOf(repo), ...outerGoModules])
    if (!goModules.some((x) => x.module === g.module)) goModules.push(g);
  goModules.sort((a, b) => b.module.length - a.module.length);
  // JVM: fully qualified class name → file, from the package declaration of every Java/Kotlin file.
  const jvmClasses = new Map<string, string>();
  for (const f of repo.files) {
    if ((f.language !== 'java' && f.language !== 'kotlin') || f.tooLarge) continue;
    const pkg = /^[ \t]*package\s+([\w.]+)/m.exec(repo.read(f.path) ?? '')?.[1];
    const cls = path.posix.basename(f.path).replace(/\.(java|kt)$/, '');
    jvmClasses.set(pkg ? `${pkg}.${cls}` : cls, f.path);
  }
  // Kotlin: top-level declarations are imported by their own names, whatever the file is called
  // (`import org.acme.plugins.TokenChecker` for a `val TokenChecker = createRouteScopedPlugin(…)` in Auth.kt).
  for (const f of repo.files) {
    if (f.language !== 'kotlin' || f.tooLarge) continue;
    const text = repo.read(f.path) ?? '';
    const pkg = /^[ \t]*package\s+([\w.]+)/m.exec(text)?.[1];
    for (const m of text.matchAll(KOTLIN_TOP_LEVEL)) {
      const name = pkg ? `${pkg}.${m[1]}` : m[1]!;
      if (!jvmClasses.has(name)) jvmClasses.set(name, f.path);
    }
  }
  const phpRoots = repo.files.some((f) => f.language === 'php') ? phpNamespaceRoots(repo) : [];
  // Elixir: module name → the file that defines it (`defmodule MyAppWeb.Router do`).
  const exModules = new Map<string, string>();
  for (const f of repo.files) {
    if (f.language !== 'elixir' || f.tooLarge) continue;
    for (const m of (repo.read(f.path) ?? '').matchAll(/^\s*defmodule\s+([A-Z][\w.]*)\s+do\b/gm))
      if (!exModules.has(m[1]!)) exModules.set(m[1]!, f.path);
  }
  for (const f of repo.files) {
    if (!f.language || f.tooLarge) continue;
    const refs = parseFile(
      repo,
      f.path,
      f.language,
      pyRoots,
      goModules,
      jvmClasses,
      resolveAlias,
      stacks.rust,
      phpRoots,
      exModules,
      resolveWorkspace,
      ownNamespaces,
    );
    if (refs.length) byFile.set(f.path, refs);
  }
  const prodByPkg = new Map<string, ImportRef[]>();
  const prodRefs: ImportRef[] = [];
  for (const [file, refs] of byFile) {
    if (repo.get(file)?.isTest) continue;
    for (const r of refs) {
      const list = prodByPkg.get(r.pkg);
      if (list) list.push(r);
      else prodByPkg.set(r.pkg, [r]);
      prodRefs.push(r);
    }
  }
  // The packages and their references in the map's order, as two arrays: match() walks them for every package not
  // imported by that exact name, and walking the map itself allocates an entry array (and a result) per package.
  const pkgNames = [...prodByPkg.keys()];
  const pkgRefs = [...prodByPkg.values()];
  // Rules ask for the same packages again and again (and per component): each lookup scans every import once.
  // A pattern is keyed by its text when testing it keeps no state (no g or y flag): rules write their patterns as
  // literals, a new object on every call.
  const matched = new Map<string | RegExp, ImportRef[]>();
  const keyOf = (pkg: string | RegExp): string | RegExp =>
    typeof pkg === 'string' ? `s${pkg}` : pkg.global || pkg.sticky ? pkg : `r${pkg.flags}/${pkg.source}`;
  let otherModules: string[] | undefined;
  /** The references of a package, kept: shared, never handed out (see matching). */
  const refsFor = (pkg: string | RegExp): ImportRef[] => {
    const key = keyOf(pkg);
    let refs = matched.get(key);
    if (!refs) {
      refs = match(pkg);
      matched.set(key, refs);
    }
    return refs;
  };
  const matching = (pkg: string | RegExp): ImportRef[] => [...refsFor(pkg)]; // a copy: callers sort the result
  // Each distinct module is tested once (a module is imported from many files), then the references are taken in
  // their order.
  let allModules: string[] | undefined;
  const refsOfModules = (out: ImportRef[], test: (module: string) => boolean): void => {
    allModules ??= [...new Set(prodRefs.map((r) => r.module))];
    const hit = new Set(allModules.filter(test));
    if (hit.size) for (const r of prodRefs) if (hit.has(r.module)) out.push(r);
  };
  const match = (pkg: string | RegExp): ImportRef[] => {
    if (typeof pkg === 'string') {
      const exact = prodByPkg.get(pkg);
      if (exact) return exact;
      // Go and JVM imports are full paths: match by prefix.
      const out: ImportRef[] = [];
      const slash = `${pkg}/`;
      const dot = `${pkg}.`;
      const colons = `${pkg}::`;
      for (let i = 0; i < pkgNames.length; i++) {
        const k = pkgNames[i]!;
        if (k.startsWith(pkg) && (k.startsWith(slash) || k.startsWith(dot) || k.startsWith(colons)))
          out.push(...pkgRefs[i]!);
      }
      // PHP namespaces and Elixir modules ('Illuminate\\Support\\Facades\\Http', 'Phoenix.Router').
      if (!out.length && /[\\]|^[A-Z]\w*\./.test(pkg)) {
        const backslash = `${pkg}\\`;
        refsOfModules(out, (m) => m === pkg || m.startsWith(backslash));
      }
      // A dotted Python module or a sub-path ('opentelemetry.instrumentation.fastapi', 'github.com/x/y/sub'): match the module as written.
      if (!out.length && /[./:]/.test(pkg))
        refsOfModules(
          out,
          (m) => m.startsWith(pkg) && (m === pkg || m.startsWith(dot) || m.startsWith(slash) || m.startsWith(colons)),
        );
      return out;
    }
    const out: ImportRef[] = [];
    for (let i = 0; i < pkgNames.length; i++) if (pkg.test(pkgNames[i]!)) out.push(...pkgRefs[i]!);
    // Patterns may describe a module path rather than the package (Python dotted modules).
    if (!out.length) {
      if (pkg.global || pkg.sticky) {
        for (const r of prodRefs) if (r.module !== r.pkg && pkg.test(r.module)) out.push(r);
      } else {
        // Each distinct module is tested once (a module is imported from many files), then the references are
        // taken in their order.
        otherModules ??= [...new Set(prodRefs.filter((r) => r.module !== r.pkg).map((r) => r.module))];
        const hit = new Set(otherModules.filter((m) => pkg.test(m)));
        if (hit.size) for (const r of prodRefs) if (r.module !== r.pkg && hit.has(r.module)) out.push(r);
      }
    }
    return out;
  };
  // The first use by file (locale order) and line: what sorting every reference would put first (the earliest of
  // equal ones, as a stable sort keeps them), found by one pass and kept per package (rules and facts ask for the same
  // dependencies again and again; sorting thousands of references with localeCompare each time was most of it).
  const firsts = new Map<string | RegExp, ImportRef | undefined>();
  const firstOf = (pkg: string | RegExp): ImportRef | undefined => {
    const key = keyOf(pkg);
    if (firsts.has(key)) return firsts.get(key);
    let best: ImportRef | undefined;
    for (const r of refsFor(pkg)) {
      if (best && ((r.file === best.file ? 0 : r.file.localeCompare(best.file)) || r.line - best.line) >= 0) continue;
      best = r;
    }
    firsts.set(key, best);
    return best;
  };
  return {
    byFile,
    importersOf: (pkg) => matching(pkg),
    uses: (pkg) => refsFor(pkg).length > 0,
    firstUse: firstOf,
  };
}

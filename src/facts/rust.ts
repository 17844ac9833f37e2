import path from 'node:path';
import type { RepoIndex } from '../repo/index.js';
import { applyMask, type MaskSpans, maskSpans, syntaxOf } from './code-text.js';
import { fileMask } from './code.js';
import type { ManifestFacts } from './manifests.js';

/**
 * Rust crates as cargo builds them: each Cargo.toml package with its targets (library, binaries), the module tree
 * cargo compiles from each target root (`mod x;` declarations, `#[path]` attributes, `#[cfg(test)]` modules left out),
 * its dependencies (as code names them: `actix-web` → `actix_web`, renames followed) and the local crates it depends
 * on (path and workspace dependencies). Liveness, imports and routes read it.
 */
export interface RustTarget {
  kind: 'lib' | 'bin';
  name: string;
  /** The target's root file (src/lib.rs, src/main.rs, src/bin/x.rs, or the path the manifest names). */
  root: string;
}

export interface RustCrate {
  /** The package name as written in Cargo.toml. */
  name: string;
  /** The name code uses for it (`my-core` → `my_core`). */
  ident: string;
  manifest: string;
  dir: string;
  lib?: RustTarget;
  bins: RustTarget[];
  /** Dependency names as code writes them (underscored, renames applied), production only. */
  deps: Set<string>;
  /** Local crates (by manifest path) this crate depends on for production. */
  localDeps: string[];
  /** Those of them declared `optional = true`: linked only when a feature turns them on. */
  optionalLocalDeps: Set<string>;
  /**
   * Developer tooling rather than product: xtask, examples, benches, fuzz targets, stress and load testers, and the
   * crates a benchmark suite builds as its input (`compile-benchmarks/`).
   */
  tooling: boolean;
  /** `extern crate jsonwebtoken as jwt;` in a target root: the name code uses (`jwt`) → the dependency (`jsonwebtoken`). */
  externAliases: Map<string, string>;
}

export interface RustModule {
  crate: RustCrate;
  /** Module path inside the crate: [] for a target root, ['api', 'users'] for src/api/users.rs. */
  path: string[];
  /** Only compiled for tests (`#[cfg(test)] mod tests;`). */
  testOnly: boolean;
}

export interface RustFacts {
  crates: RustCrate[];
  /** The crate and module a source file is compiled as, when some target's module tree reaches it. */
  moduleOf(file: string): RustModule | undefined;
  /** The crate whose folder holds the file (the nearest Cargo.toml package above it). */
  crateOf(file: string): RustCrate | undefined;
  /**
   * The file of the longest module prefix of a path as written in `from` (`crate::api::routes`, `super::db`,
   * `self::x`, `api::router` for a child module, `my_core::db` for a local crate), and what is left of the path.
   */
  resolve(from: string, segments: string[]): { file: string; rest: string[] } | undefined;
  /** Every dependency name (code form) some crate declares: the crates whose paths are imports. */
  dependencyNames: Set<string>;
}

const MOD_DECL = /^[ \t]*((?:#\[[^\]\n]*\][ \t]*\n?[ \t]*)*)(?:pub(?:\([^)]*\))?\s+)?mod\s+(r#)?(\w+)\s*;/gm;

/**
 * `#[cfg(test)]`, and a cargo feature named for testing (`#[cfg(feature = "test")] mod test_routes;`: routes mounted
 * only in the build the browser tests run).
 */
function isTestCfg(attrs: string): boolean {
  return (
    /#\[\s*cfg\s*\(\s*(?:all\s*\(\s*)?(?:test\b|feature\s*=\s*"(?:tests?|testing|test[-_]utils|integration[-_]tests?|e2e)")/.test(
      attrs,
    ) ||
    // `#[cfg(any(test, feature = "test-support"))] pub mod test_utils;`: tests of this crate, or of the crates that
    // turn the support feature on for their own tests.
    /#\[\s*cfg\s*\(\s*any\s*\(\s*test\s*,\s*feature\s*=\s*"(?:tests?|testing|testsuite|test[-_](?:utils?|support|helpers?|suite)|mocks?)"\s*\)\s*\)\s*\]/.test(
      attrs,
    )
  );
}

const INLINE_MOD = /^[ \t]*((?:#\[[^\]\n]*\][ \t]*\n?[ \t]*)*)(?:pub(?:\([^)]*\))?\s+)?mod\s+(?:r#)?(\w+)\s*\{/gm;

/** Inline module blocks (`mod util { … }`) of masked Rust code: name, attributes and the span of the braces. */
function inlineModules(code: string): { name: string; attrs: string; start: number; end: number }[] {
  const out: { name: string; attrs: string; start: number; end: number }[] = [];
  for (const m of code.matchAll(INLINE_MOD)) {
    const open = m.index! + m[0].length - 1;
    let depth = 0;
    let end = code.length;
    for (let i = open; i < code.length; i++) {
      const c = code[i];
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        end = i;
        break;
      }
    }
    out.push({ name: m[2]!, attrs: m[1] ?? '', start: open, end });
  }
  return out;
}

function codeName(name: string): string {
  return name.replace(/-/g, '_');
}

export function detectRust(repo: RepoIndex, manifests: ManifestFacts): RustFacts {
  const cargo = manifests.manifests.filter((m) => m.type === 'cargo' && m.raw);
  const crates: RustCrate[] = [];
  // Workspace roots: members inherit `{ workspace = true }` dependencies from [workspace.dependencies].
  const workspaceDeps = new Map<string, Record<string, unknown>>();
  for (const m of cargo) {
    const ws = (m.raw as Record<string, any>).workspace;
    if (ws && typeof ws === 'object') workspaceDeps.set(path.posix.dirname(m.path), ws.dependencies ?? {});
  }
  const workspaceOf = (dir: string): { dir: string; deps: Record<string, unknown> } => {
    for (let d = dir; ; d = path.posix.dirname(d)) {
      const deps = workspaceDeps.get(d);
      if (deps) return { dir: d, deps };
      if (d === '.' || d === '/') return { dir: '.', deps: {} };
    }
  };
  const pathDeps = new Map<RustCrate, string[]>();
  /** Dependencies each crate takes from a registry by version alone (`hyper = "1"`): never a crate of the repository. */
  const registryDeps = new Map<RustCrate, Set<string>>();
  for (const m of cargo) {
    const raw = m.raw as Record<string, any>;
    const pkg = raw.package;
    if (!pkg || typeof pkg !== 'object' || typeof pkg.name !== 'string') continue;
    const dir = path.posix.dirname(m.path);
    const at = (p: string): string => path.posix.normalize(dir === '.' ? p : `${dir}/${p}`);
    const crate: RustCrate = {
      name: pkg.name,
      ident: codeName(pkg.name),
      manifest: m.path,
      dir,
      bins: [],
      deps: new Set(),
      localDeps: [],
      optionalLocalDeps: new Set(),
      externAliases: new Map(),
      tooling:
        /^(xtask|.*[-_](bench|benches|benchmarks?|fuzz|example|examples|stress[-_]tests?|load[-_]?tests?))$/.test(
          pkg.name,
        ) || /(^|\/)(examples?|benches|(?:[a-z0-9]+[-_])?benchmarks?|fuzz|xtask|tests?)(\/|$)/.test(dir),
    };
    const libPath = typeof raw.lib?.path === 'string' ? at(raw.lib.path) : at('src/lib.rs');
    if (repo.has(libPath)) crate.lib = { kind: 'lib', name: crate.ident, root: libPath };
    const bins = new Map<string, string>();
    if (raw.package?.autobins !== false) {
      if (repo.has(at('src/main.rs'))) bins.set(pkg.name, at('src/main.rs'));
      const binDir = at('src/bin');
      for (const f of repo.files) {
        if (!f.path.startsWith(`${binDir}/`)) continue;
        const rest = f.path.slice(binDir.length + 1);
        const one = /^([\w-]+)\.rs$/.exec(rest) ?? /^([\w-]+)\/main\.rs$/.exec(rest);
        if (one) bins.set(one[1]!, f.path);
      }
    }
    for (const b of Array.isArray(raw.bin) ? (raw.bin as Record<string, unknown>[]) : []) {
      const name = typeof b.name === 'string' ? b.name : pkg.name;
      const p = typeof b.path === 'string' ? at(b.path) : (bins.get(name) ?? at(`src/bin/${name}.rs`));
      if (repo.has(p)) bins.set(name, p);
    }
    crate.bins = [...bins].map(([name, root]) => ({ kind: 'bin', name, root }));
    const ws = workspaceOf(dir);
    const local: string[] = [];
    const registry = new Set<string>();
    const tables: Record<string, unknown>[] = [raw.dependencies ?? {}];
    for (const t of Object.values((raw.target as Record<string, any>) ?? {}))
      if (t && typeof t === 'object' && t.dependencies) tables.push(t.dependencies);
    for (const table of tables) {
      for (const [key, spec] of Object.entries(table)) {
        const s = (spec && typeof spec === 'object' ? spec : {}) as Record<string, unknown>;
        const inherited = (s.workspace === true && typeof ws.deps[key] === 'object' ? ws.deps[key] : {}) as Record<
          string,
          unknown
        >;
        const real = (s.package ?? inherited.package) as string | undefined;
        crate.deps.add(codeName(key));
        if (real) crate.deps.add(codeName(real));
        // A workspace dependency's path is relative to the workspace root.
        const p =
          typeof s.path === 'string'
            ? at(s.path)
            : typeof inherited.path === 'string'
              ? path.posix.normalize(ws.dir === '.' ? inherited.path : `${ws.dir}/${inherited.path}`)
              : undefined;
        if (p) local.push(`${p}/Cargo.toml`);
        if (p && s.optional === true) crate.optionalLocalDeps.add(`${p}/Cargo.toml`);
        if (!p && s.workspace !== true && s.git === undefined && real === undefined) registry.add(codeName(key));
      }
    }
    pathDeps.set(crate, local);
    registryDeps.set(crate, registry);
    crates.push(crate);
  }
  for (const [crate, deps] of pathDeps) crate.localDeps = deps.filter((d) => crates.some((c) => c.manifest === d));

  // Module trees from every target root.
  const modules = new Map<string, RustModule>();
  const walk = (crate: RustCrate, file: string, modPath: string[], testOnly: boolean, isModRoot: boolean): void => {
    const prev = modules.get(file);
    if (prev && (!prev.testOnly || testOnly)) return;
    modules.set(file, { crate, path: modPath, testOnly });
    const decls = rustModDecls(repo, file);
    if (decls === undefined) return;
    const dir = path.posix.dirname(file);
    const childDir = isModRoot ? dir : `${dir}/${path.posix.basename(file, '.rs')}`;
    for (const { name, inner, explicit, cfgTest } of decls) {
      // `pub mod util { pub mod db; }` declares `util::db`, kept in util/db.rs beside the inline module's own folder.
      const innerDir = inner.length ? `${childDir}/${inner.join('/')}` : childDir;
      const candidates = explicit
        ? [path.posix.normalize(`${inner.length ? innerDir : isModRoot ? dir : childDir}/${explicit}`)]
        : [`${innerDir}/${name}.rs`, `${innerDir}/${name}/mod.rs`];
      const child = candidates.map((c) => path.posix.normalize(c)).find((c) => repo.has(c));
      if (!child) continue;
      walk(crate, child, [...modPath, ...inner, name], testOnly || cfgTest, path.posix.basename(child) === 'mod.rs');
    }
  };
  for (const crate of crates) {
    if (crate.lib) walk(crate, crate.lib.root, [], false, true);
    for (const b of crate.bins) walk(crate, b.root, [], false, true);
    // An `extern crate x as y;` in a target root puts `y` in every module's extern prelude (2018 edition and later).
    for (const root of [crate.lib?.root, ...crate.bins.map((b) => b.root)]) {
      for (const [name, alias] of root ? rustExternAliases(repo, root) : [])
        if (crate.deps.has(name) && alias !== '_') crate.externAliases.set(alias, name);
    }
  }

  const byDir = [...crates].sort((a, b) => b.dir.length - a.dir.length);
  const crateOf = (file: string): RustCrate | undefined =>
    byDir.find((c) => c.dir === '.' || file.startsWith(`${c.dir}/`));
  const fileOf = new Map<string, string>();
  for (const [file, m] of modules) {
    const key = `${m.crate.manifest}#${m.path.join('::')}`;
    // A binary's root and the library root both have path []: the library is what other modules name as crate::.
    if (!fileOf.has(key) || file === m.crate.lib?.root) fileOf.set(key, file);
  }
  const byIdent = new Map(crates.filter((c) => c.lib).map((c) => [c.ident, c]));
  const dependencyNames = new Set<string>();
  for (const c of crates) for (const d of [...c.deps, ...c.externAliases.keys()]) dependencyNames.add(d);

  const resolve = (from: string, segments: string[]): { file: string; rest: string[] } | undefined => {
    const here = modules.get(from);
    let crate = here?.crate ?? crateOf(from);
    if (!crate || !segments.length) return undefined;
    let base: string[];
    const rest = [...segments];
    const head = rest[0]!;
    // Anchored paths may name the anchor module itself (`use super::*`, `crate::`); a relative path needs a child.
    let min = 1;
    if (head === 'crate') {
      base = [];
      rest.shift();
      min = 0;
    } else if (head === 'self' || head === 'super') {
      base = [...(here?.path ?? [])];
      while (rest[0] === 'self' || rest[0] === 'super') {
        if (rest.shift() === 'super') base.pop();
      }
      min = 0;
    } else if (
      byIdent.has(head) &&
      // A dependency of that name from a registry is that crate, not a copy of it kept in the repository (a benchmark
      // suite's `hyper-1.6.0/`).
      (byIdent.get(head) === crate || !registryDeps.get(crate)?.has(head))
    ) {
      // Another workspace crate, or a binary naming its own package's library (`my_app::routes`).
      crate = byIdent.get(head)!;
      base = [];
      rest.shift();
      min = 0;
    } else {
      base = [...(here?.path ?? [])];
    }
    const target = crate;
    const fileAt = (p: string[]): string | undefined => {
      if (!p.length && here && !here.path.length && here.crate === target && (head === 'crate' || head === 'self'))
        return from;
      return fileOf.get(`${target.manifest}#${p.join('::')}`);
    };
    for (let n = rest.length; n >= min; n--) {
      const file = fileAt([...base, ...rest.slice(0, n)]);
      if (file) return { file, rest: rest.slice(n) };
    }
    return undefined;
  };

  return {
    crates,
    moduleOf: (f) => modules.get(f),
    crateOf,
    resolve,
    dependencyNames,
  };
}

/** A repository (or component view) that keeps pure functions of a file's content once per repository file. */
type FileMemoRepo = Pick<RepoIndex, 'read' | 'get' | 'fileMemo'>;

/**
 * The spans a Rust mask of `text` blanks (undefined: none): the code facts' mask of the file when `text` is the file's
 * content read as Rust (one lexing per repository file, however many facts and component views ask), else a mask of
 * its own. The same spans `maskText(text, 'rust')` applies.
 */
export function rustMaskSpans(
  repo: FileMemoRepo | undefined,
  file: string | undefined,
  text: string,
): MaskSpans | undefined {
  if (repo && file !== undefined && syntaxOf(file, repo.get(file)?.language) === 'rust' && repo.read(file) === text)
    return fileMask(repo as RepoIndex, file) ?? undefined;
  return maskSpans(text, 'rust');
}

/** `maskText(text, 'rust')`'s code (comments blanked) or bare text (literals too), from rustMaskSpans. */
export function rustMasked(
  repo: FileMemoRepo | undefined,
  file: string | undefined,
  text: string,
  which: 'code' | 'bare',
): string {
  const spans = rustMaskSpans(repo, file, text);
  return spans ? applyMask(text, which === 'code' ? spans.comments : spans.all) : text;
}

/** A `mod x;` declaration of a Rust file: the inline modules it sits in, its `#[path]`, and whether it is test-only. */
interface RustModDecl {
  name: string;
  inner: string[];
  explicit: string | undefined;
  cfgTest: boolean;
}

/** The `mod x;` declarations of a repository file (undefined: unreadable), read once per repository file. */
function rustModDecls(repo: FileMemoRepo, file: string): readonly RustModDecl[] | undefined {
  return repo.fileMemo('rust:mod-decls', file, () => {
    const text = repo.read(file);
    if (text === undefined) return undefined;
    const code = rustMasked(repo, file, text, 'code');
    const blocks = inlineModules(code);
    const out: RustModDecl[] = [];
    for (const m of code.matchAll(MOD_DECL)) {
      const attrs = m[1] ?? '';
      const outer = blocks.filter((b) => b.start < m.index! && m.index! < b.end);
      out.push({
        name: own(m[3]!),
        inner: outer.map((b) => own(b.name)),
        explicit: /#\[\s*path\s*=\s*"([^"]+)"\s*\]/.exec(text.slice(m.index!, m.index! + m[0].length))?.[1],
        cfgTest: isTestCfg(attrs) || outer.some((b) => isTestCfg(b.attrs)),
      });
    }
    return out;
  });
}

/** `extern crate x as y;` of a target root: [x, y] pairs, read once per repository file. */
function rustExternAliases(repo: FileMemoRepo, root: string): readonly [string, string][] {
  return repo.fileMemo('rust:extern-aliases', root, () => {
    const text = repo.read(root) ?? '';
    const code = rustMasked(repo, root, text, 'code');
    const out: [string, string][] = [];
    for (const m of code.matchAll(/^\s*(?:#\[[^\]\n]*\]\s*)*extern\s+crate\s+(\w+)\s+as\s+(\w+)\s*;/gm))
      out.push([own(m[1]!), own(m[2]!)]);
    return out;
  });
}

export type RustUse = { path: string[]; alias?: string; offset: number };

/** rustUses of a file's content, once per repository file (shared, do not mutate). */
export function rustUsesOf(repo: FileMemoRepo, file: string): readonly RustUse[] {
  return repo.fileMemo('rust:uses', file, () => {
    const text = repo.read(file) ?? '';
    return rustUses(text, repo, file).map((u) => ({
      path: u.path.map(own),
      ...(u.alias === undefined ? {} : { alias: own(u.alias) }),
      offset: u.offset,
    }));
  });
}

/**
 * A string of its own: V8 keeps a long substring as a slice of the text it was cut from, so a name kept for the audit
 * (fileMemo) would keep the whole masked text of its file alive.
 */
function own(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

/**
 * `use` declarations of a Rust file: each imported path (groups expanded) with the offset of its declaration. With the
 * repository and the file `text` is the content of, the file's shared mask is used (rustMaskSpans).
 */
export function rustUses(text: string, repo?: FileMemoRepo, file?: string): RustUse[] {
  const code = rustMasked(repo, file, text, 'code');
  const out: RustUse[] = [];
  for (const m of code.matchAll(/(?:^|[;{}\n])[ \t]*(?:pub(?:\([^)]*\))?\s+)?use\s+([^;]+);/g)) {
    const offset = m.index! + m[0].indexOf('use');
    // `x as y` becomes `x@y` before whitespace goes.
    const body = m[1]!.replace(/\s+as\s+/g, '@').replace(/\s+/g, '');
    for (const item of expandUse(body)) {
      const as = /^(.*)@(\w+)$/.exec(item);
      const p = (as ? as[1]! : item).replace(/^::/, '');
      const segments = p.split('::').filter(Boolean);
      if (segments.length) out.push({ path: segments, alias: as?.[2], offset });
    }
  }
  return out;
}

/** `a::{b, c::{d, e}}` → ['a::b', 'a::c::d', 'a::c::e'] (whitespace already removed, `as` written `@`). */
function expandUse(body: string): string[] {
  const open = body.indexOf('{');
  if (open < 0) return [body];
  const prefix = body.slice(0, open);
  let depth = 0;
  let close = -1;
  for (let i = open; i < body.length; i++) {
    if (body[i] === '{') depth++;
    else if (body[i] === '}' && --depth === 0) {
      close = i;
      break;
    }
  }
  const inner = body.slice(open + 1, close < 0 ? undefined : close);
  const parts: string[] = [];
  let start = 0;
  depth = 0;
  for (let i = 0; i <= inner.length; i++) {
    const c = inner[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if ((c === ',' || c === undefined) && depth === 0) {
      const part = inner.slice(start, i);
      if (part) parts.push(part);
      start = i + 1;
    }
  }
  return parts.flatMap((p) => (p === 'self' ? [prefix.replace(/::$/, '')] : expandUse(prefix + p)));
}

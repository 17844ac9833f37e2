import path from 'node:path';
import type { RepoIndex } from '../repo/index.js';
import { type ImageLayout, imagePathOf, lookupImage } from './image-layout.js';
import { type PyModuleInfo, parsePython } from './python-syntax.js';
import { PYTHON_STDLIB } from './python-stdlib.js';

/**
 * Follows a Python start path: the entry module or script, then every project module it imports when it is imported
 * (and the imports of the start-up functions it runs), resolved the way Python would in the image: sys.path from the
 * working directory, PYTHONPATH and the installed project; files from the image layout.
 */

export interface ChainStep {
  path: string;
  line: number;
  note: string;
}

export type BreakKind =
  | 'entry-missing'
  | 'not-copied'
  | 'not-on-path'
  | 'module-missing'
  | 'name-missing'
  | 'app-missing'
  | 'relative-import-in-script'
  | 'undefined-name'
  | 'unbound-local'
  | 'script-missing'
  | 'npm-script-missing'
  | 'healthcheck-tool'
  | 'mount-missing'
  | 'package-missing';

export interface StartBreak {
  kind: BreakKind;
  /** What is at fault: the code, or the file that ships and starts it. */
  artefact: 'code' | 'dockerfile' | 'compose' | 'k8s' | 'manifest';
  /** One sentence: what cannot work. */
  message: string;
  /** From the declaration of the start command to the line that breaks. */
  chain: ChainStep[];
  confidence: 'high' | 'low';
}

/** Where Python looks for modules, and how files are seen. */
export interface PyEnv {
  /** sys.path entries in order: image paths (with a layout) or repository folders. */
  sysPath: { dir: string; why: string }[];
  layout?: ImageLayout;
  /** The project is pip-installed: its own packages import from site-packages wherever they sit. */
  installed: boolean;
  /** No image and no known working directory: any folder that holds a package counts as a root. */
  lenient: boolean;
  /** Declared dependency import names (normalised), never the project's own. */
  dependencyNames: Set<string>;
}

type Resolved =
  | { state: 'found'; file: string; packages: string[]; isPackage: boolean; namespace: boolean }
  | { state: 'partial'; found: string; foundFile: string; missing: string; regular: boolean; where: string }
  | { state: 'absent' }
  | { state: 'unknown'; why: string };

type View = { state: 'file' | 'dir'; repoPath: string } | { state: 'missing' } | { state: 'unknown'; why: string };

function view(repo: RepoIndex, env: PyEnv, p: string): View {
  if (env.layout) {
    const l = lookupImage(repo, env.layout, p);
    if (l.state === 'file' || l.state === 'dir') return { state: l.state, repoPath: l.repoPath };
    return l;
  }
  const rel = p.replace(/^\.\//, '');
  if (rel === '' || rel === '.') return { state: 'dir', repoPath: '.' };
  if (repo.has(rel)) return { state: 'file', repoPath: rel };
  if (repo.hasDir(rel)) return { state: 'dir', repoPath: rel };
  return { state: 'missing' };
}

const join = (a: string, b: string) => (a === '.' || a === '' ? b : a === '/' ? `/${b}` : `${a}/${b}`);

/** A module file for `base` (without extension): .py, a compiled/Cython module, or a package folder. */
function moduleAt(
  repo: RepoIndex,
  env: PyEnv,
  base: string,
): { kind: 'module' | 'package' | 'namespace'; file: string } | 'missing' | { unknown: string } {
  const py = view(repo, env, `${base}.py`);
  const dir = view(repo, env, base);
  if (dir.state === 'dir') {
    const init = view(repo, env, `${base}/__init__.py`);
    if (init.state === 'file') return { kind: 'package', file: init.repoPath };
    // A folder without __init__.py is a namespace package only if it holds Python code or sub-packages.
    if (py.state === 'file') return { kind: 'module', file: py.repoPath };
    return { kind: 'namespace', file: dir.repoPath };
  }
  if (py.state === 'file') return { kind: 'module', file: py.repoPath };
  for (const ext of ['.pyx', '.pyi', '.so', '.pyd']) {
    const v = view(repo, env, `${base}${ext}`);
    if (v.state === 'file') return { kind: 'module', file: v.repoPath };
  }
  if (py.state === 'unknown') return { unknown: py.why };
  if (dir.state === 'unknown') return { unknown: dir.why };
  return 'missing';
}

/** Resolves a dotted module on sys.path like importlib (regular packages win; namespace portions merge). */
export function resolveModule(repo: RepoIndex, env: PyEnv, dotted: string): Resolved {
  const parts = dotted.split('.');
  // Without an image the working directory is a guess: the standard library is never the project's own there.
  if (env.lenient && PYTHON_STDLIB.has(parts[0]!)) return { state: 'absent' };
  const roots = env.sysPath.map((s) => s.dir);
  const portions: { root: string; file: string; kind: string }[] = [];
  let unknown: string | undefined;
  for (const root of roots) {
    const top = moduleAt(repo, env, join(root, parts[0]!));
    if (top === 'missing') continue;
    if ('unknown' in top) {
      unknown ??= top.unknown;
      continue;
    }
    portions.push({ root, file: top.file, kind: top.kind });
    if (top.kind !== 'namespace') break;
  }
  if (!portions.length) {
    if (unknown) return { state: 'unknown', why: unknown };
    return { state: 'absent' };
  }
  let best: Resolved | undefined;
  for (const portion of portions) {
    let base = join(portion.root, parts[0]!);
    let kind = portion.kind;
    let file = portion.file;
    const packages: string[] = kind === 'package' ? [file] : [];
    let i = 1;
    for (; i < parts.length; i++) {
      if (kind === 'module') break;
      const next = moduleAt(repo, env, join(base, parts[i]!));
      if (next === 'missing') break;
      if ('unknown' in next) return { state: 'unknown', why: next.unknown };
      base = join(base, parts[i]!);
      kind = next.kind;
      file = next.file;
      if (kind === 'package') packages.push(file);
    }
    if (i === parts.length)
      return { state: 'found', file, packages, isPackage: kind !== 'module', namespace: kind === 'namespace' };
    best ??= {
      state: 'partial',
      found: parts.slice(0, i).join('.'),
      foundFile: file,
      missing: parts[i]!,
      regular:
        kind === 'package' && !/__path__|extend_path|pkg_resources\.declare_namespace/.test(repo.read(file) ?? ''),
      where: base,
    };
  }
  return best!;
}

const SKIP_DIRS =
  /(^|\/)(tests?|testing|docs?|examples?|samples?|venv|\.venv|env|site-packages|node_modules|migrations|alembic|scripts?)(\/|$)/;

/**
 * Where a project without an image may import from: the folder the process starts in, the package root of the entry
 * file (the first folder above its chain of __init__.py packages), `src/`, and the folders of Python manifests (an
 * installed project imports from there). Never "any folder that has a module of that name": a local datetime.py deep
 * in a package does not shadow the standard library.
 */
export function guessedSysPath(repo: RepoIndex, cwd: string, entryFile?: string): PyEnv['sysPath'] {
  const out: PyEnv['sysPath'] = [{ dir: cwd, why: 'working directory' }];
  if (entryFile) {
    let dir = path.posix.dirname(entryFile);
    while (dir !== '.' && repo.has(`${dir}/__init__.py`)) dir = path.posix.dirname(dir);
    out.push({ dir, why: 'package root of the entry' });
  }
  if (repo.hasDir('src')) out.push({ dir: 'src', why: 'src layout' });
  for (const f of repo.byName(/^(pyproject\.toml|setup\.py|setup\.cfg)$/)) {
    const d = path.posix.dirname(f.path);
    if (SKIP_DIRS.test(d)) continue;
    out.push({ dir: d, why: 'installed project' });
    if (repo.hasDir(d === '.' ? 'src' : `${d}/src`))
      out.push({ dir: d === '.' ? 'src' : `${d}/src`, why: 'installed project' });
  }
  const seen = new Set<string>();
  return out.filter((x) => !seen.has(x.dir) && seen.add(x.dir));
}

/** Files in the repository that would be the module `dotted` under some folder (outside tests and virtualenvs). */
function repoCandidates(repo: RepoIndex, dotted: string): string[] {
  return repo.memo(`py:candidates:${dotted}`, () => findCandidates(repo, dotted));
}

function findCandidates(repo: RepoIndex, dotted: string): string[] {
  const rel = dotted.split('.').join('/');
  return repo.files
    .filter(
      (f) =>
        (f.path === `${rel}.py` ||
          f.path.endsWith(`/${rel}.py`) ||
          f.path === `${rel}/__init__.py` ||
          f.path.endsWith(`/${rel}/__init__.py`)) &&
        !f.isTest &&
        !SKIP_DIRS.test(path.posix.dirname(f.path)),
    )
    .map((f) => f.path);
}

/** The sys.path folder a module file would need: /app/src for /app/src/core/detector.py imported as core.detector. */
function importRoot(file: string, dotted: string): string {
  let dir = file.endsWith('/__init__.py') ? path.posix.dirname(file) : file.replace(/\.py$/, '');
  for (let i = 0; i < dotted.split('.').length; i++) dir = path.posix.dirname(dir);
  return dir;
}

export function pyInfo(repo: RepoIndex, file: string): PyModuleInfo | undefined {
  if (!file.endsWith('.py')) return undefined;
  const text = repo.read(file);
  if (text === undefined) return undefined;
  return repo.fileMemo('py-info', file, () => parsePython(text));
}

/** A RUN installs a package by name (`pip install gunicorn superset==4.0`), beyond requirements files and the project. */
function installsNamedPackages(layout: ImageLayout): boolean {
  const VALUE_FLAGS =
    /^(-r|-c|-e|-f|-i|-t|--requirement|--constraint|--editable|--find-links|--index-url|--extra-index-url|--prefix|--target|--root|--src|--trusted-host|--cache-dir|--platform|--python-version|--only-binary|--no-binary)$/;
  for (const run of layout.allRuns) {
    for (const seg of `${run.args}\n${run.heredoc ?? ''}`.split(/&&|;|\|\||\n/)) {
      const m = /\b(?:pip[\d.]*|uv\s+pip|pipx|poetry)\s+(?:install|add)\b(.*)$/.exec(seg);
      if (!m) continue;
      const words = m[1]!.trim().split(/\s+/).filter(Boolean);
      for (let i = 0; i < words.length; i++) {
        const w = words[i]!;
        if (VALUE_FLAGS.test(w)) {
          i++;
          continue;
        }
        if (w.startsWith('-') || w.startsWith('$') || w === '\\') continue;
        if (/^(\.|\.\/|\/)|\.whl$|\*|^file:/.test(w)) continue;
        return true;
      }
    }
  }
  return false;
}

/** Modules generated at build time: protobuf stubs, version files written by setuptools-scm/hatch-vcs. */
function generatedName(dotted: string): boolean {
  return (
    /(_pb2|_pb2_grpc|_grpc|_pb|^_?version|\._?version|__version__|_generated|generated)$/.test(dotted) ||
    /\bgenerated\b/.test(dotted)
  );
}

export interface PyEntry {
  /** The module as Python imports it (dotted), for modules run by -m or a server. */
  module?: string;
  /** The script's image or repository path, for `python x.py`. */
  script?: string;
  /** Object named after the colon (`app`, `create_app`), and whether it is a factory called at start. */
  object?: string;
  factory?: boolean;
  /** Run as __main__ (python -m, python script.py): the __main__ block runs. */
  asMain: boolean;
  /** The first chain step: where the start command is written. */
  declared: ChainStep;
  /** Describes the module search path for messages: "/app (WORKDIR), PYTHONPATH=/app". */
  pathNote: string;
}

export interface PyResult {
  /** Repository path of the entry module, when resolved. */
  entryFile?: string;
  /** Project modules reached from the entry (repository paths). */
  reached: string[];
  breaks: StartBreak[];
  /** Why the start path could not be followed (dynamic entry, unparseable file): not a break. */
  unresolved?: string;
}

interface Visit {
  file: string;
  /** Dotted name it was imported as (undefined for a script run by path). */
  dotted?: string;
  chain: ChainStep[];
}

/** Follows the start path from one entry and reports what breaks. */
export function followPython(
  repo: RepoIndex,
  env: PyEnv,
  entry: PyEntry,
  gitignored: (p: string) => boolean,
): PyResult {
  const breaks: StartBreak[] = [];
  const reached: string[] = [];
  const seen = new Set<string>();
  const startFns = new Map<string, Set<string>>();
  const queue: Visit[] = [];
  let dynamicPath = false;
  const artefact: StartBreak['artefact'] = env.layout ? 'dockerfile' : 'code';

  const addBreak = (b: StartBreak) => {
    if (!breaks.some((x) => x.message === b.message)) breaks.push(b);
  };

  // 1. The entry module.
  let entryFile: string | undefined;
  if (entry.script !== undefined) {
    const v = view(repo, env, entry.script);
    if (v.state === 'file') entryFile = v.repoPath;
    else if (v.state === 'unknown') return { reached, breaks, unresolved: `${entry.script}: ${v.why}` };
    else {
      // By its path in the image (`/app/manage.py`) the file may sit anywhere, the repository's root included.
      const base = path.posix.basename(entry.script!);
      const elsewhere = repo.files.find(
        (f) => f.path === entry.script!.replace(/^\.?\//, '') || f.path === base || f.path.endsWith(`/${base}`),
      );
      const inRepo = elsewhere && env.layout ? imagePathOf(env.layout, elsewhere.path) : undefined;
      addBreak({
        kind: elsewhere ? 'not-copied' : 'entry-missing',
        artefact,
        message: elsewhere
          ? `runs ${entry.script}, which is not there in the image (${elsewhere.path} is in the repository${inRepo ? `, at ${inRepo} in the image` : ', but no COPY puts it in the image'})`
          : `runs ${entry.script}, which is not in the repository`,
        chain: [entry.declared],
        confidence: env.layout && !env.layout.contextCertain ? 'low' : 'high',
      });
      return { reached, breaks };
    }
  } else if (entry.module) {
    const r = resolveModule(repo, env, entry.module);
    if (r.state === 'unknown') return { reached, breaks, unresolved: `${entry.module}: ${r.why}` };
    if (r.state === 'found') {
      if (r.namespace) {
        if (entry.asMain) {
          const main = view(repo, env, `${r.file}/__main__.py`);
          entryFile = main.state === 'file' ? main.repoPath : undefined;
        }
        if (!entryFile) return { reached, breaks, unresolved: `${entry.module} is a folder without __init__.py` };
      } else entryFile = r.file;
      if (entry.asMain && r.isPackage && !r.namespace) {
        const main = `${path.posix.dirname(r.file)}/__main__.py`;
        if (repo.has(main)) entryFile = main;
        else {
          addBreak({
            kind: 'entry-missing',
            artefact: 'code',
            message: `runs the package ${entry.module} with -m, but it has no __main__.py`,
            chain: [entry.declared, { path: r.file, line: 1, note: `package ${entry.module}` }],
            confidence: 'high',
          });
          return { reached, breaks };
        }
      }
      for (const pkg of r.packages) if (pkg !== entryFile) enqueue(pkg, [entry.declared], undefined);
    } else {
      const found = missingModuleBreak(entry.module, r, [entry.declared]) ?? absentEntryBreak(r);
      // The module the start command names is missing: the declaration (Dockerfile, compose, k8s…) is what breaks.
      const b: StartBreak | undefined = found && {
        ...found,
        kind: found.kind === 'module-missing' ? 'entry-missing' : found.kind,
        artefact: 'dockerfile',
      };
      if (b) addBreak(b);
      else return { reached, breaks, unresolved: `${entry.module} could not be resolved on the module search path` };
      return { reached, breaks };
    }
  } else return { reached, breaks, unresolved: 'no entry module' };

  /**
   * The module the command serves is nowhere: not in the image, not in the repository, and nothing the image installs
   * could provide it (only requirements files, none of them naming it, and not the project itself).
   */
  function absentEntryBreak(r: Resolved): StartBreak | undefined {
    if (r.state !== 'absent' || !entry.module || !env.layout?.contextCertain || env.lenient || env.installed)
      return undefined;
    const top = entry.module.split('.')[0]!;
    if (PYTHON_STDLIB.has(top) || env.dependencyNames.has(top.toLowerCase())) return undefined;
    if (
      installsNamedPackages(env.layout) ||
      repoCandidates(repo, entry.module).length ||
      repoCandidates(repo, top).length
    )
      return undefined;
    return {
      kind: 'entry-missing',
      artefact: env.layout ? 'dockerfile' : 'code',
      message: `serves ${entry.module}${entry.object ? `:${entry.object}` : ''}, but there is no module ${entry.module} in the image (${entry.pathNote}) or anywhere in the repository`,
      chain: [entry.declared],
      confidence: 'high',
    };
  }

  const entryChain: ChainStep[] = [entry.declared];
  const entryInfo = pyInfo(repo, entryFile!);
  // 2. The app object the command names.
  if (entry.object && entryInfo?.parsed && !entryInfo.openNamespace) {
    const name = entry.object.split('.')[0]!;
    if (!entryInfo.moduleNames.has(name)) {
      addBreak({
        kind: 'app-missing',
        artefact: 'code',
        message: `${entry.module}:${entry.object} names ${name}, which ${entryFile} never defines or imports`,
        chain: [...entryChain, { path: entryFile!, line: 1, note: `no ${name} at module level` }],
        confidence: 'high',
      });
    } else if (entry.factory && entryInfo.functions.has(name)) addStart(entryFile!, name);
  }
  if (entryInfo?.parsed) {
    for (const h of entryInfo.startupHooks) addStart(entryFile!, h.name);
    if (entry.asMain)
      for (const c of entryInfo.moduleCalls.filter((c) => c.main && c.unconditional)) addStart(entryFile!, c.name);
  }
  enqueue(entryFile!, entryChain, entry.module, true);

  function addStart(file: string, fn: string): void {
    const info = pyInfo(repo, file);
    if (!info?.functions.has(fn)) return;
    let set = startFns.get(file);
    if (!set) startFns.set(file, (set = new Set()));
    if (set.has(fn)) return;
    set.add(fn);
    for (const callee of info.callsIn.get(fn) ?? []) addStart(file, callee);
  }

  function enqueue(file: string, chain: ChainStep[], dotted: string | undefined, first = false): void {
    if (seen.has(file)) return;
    seen.add(file);
    if (first) queue.unshift({ file, dotted, chain });
    else queue.push({ file, dotted, chain });
  }

  function missingModuleBreak(
    dotted: string,
    r: Resolved,
    chain: ChainStep[],
    guarded = false,
  ): StartBreak | undefined {
    if (guarded || generatedName(dotted)) return undefined;
    if (r.state === 'partial') {
      const missingDotted = `${r.found}.${r.missing}`;
      if (!r.regular) return undefined;
      if (
        dynamicPath ||
        gitignored(`${repoDirOf(r.foundFile)}/${r.missing}.py`) ||
        gitignored(`${repoDirOf(r.foundFile)}/${r.missing}`)
      )
        return undefined;
      const elsewhere = repoCandidates(repo, missingDotted).concat(repoCandidates(repo, dotted));
      const last = { path: r.foundFile, line: 1, note: `package ${r.found} has no module ${r.missing}` };
      if (!elsewhere.length)
        return {
          kind: 'module-missing',
          artefact: 'code',
          message: `${missingDotted} is imported but ${repoDirOf(r.foundFile)}/${r.missing}.py is not in the repository`,
          chain: [...chain, last],
          confidence: 'high',
        };
      if (env.layout?.contextCertain && !env.installed) {
        const imgPath = imagePathOf(env.layout, elsewhere[0]!);
        return {
          kind: imgPath ? 'not-on-path' : 'not-copied',
          artefact: env.layout ? 'dockerfile' : 'code',
          message: imgPath
            ? `${missingDotted} resolves to nothing on the image's module path (${entry.pathNote}); ${elsewhere[0]} is at ${imgPath} in the image`
            : `${missingDotted} is ${elsewhere[0]} in the repository, but no COPY puts it in the image`,
          chain: [...chain, last],
          confidence: 'high',
        };
      }
      return undefined;
    }
    if (r.state === 'absent') {
      const top = dotted.split('.')[0]!;
      if (
        env.lenient ||
        env.installed ||
        dynamicPath ||
        PYTHON_STDLIB.has(top) ||
        env.dependencyNames.has(top.toLowerCase())
      )
        return undefined;
      if (!env.layout?.contextCertain) return undefined;
      const local = repoCandidates(repo, dotted);
      if (!local.length) return undefined;
      const imgPath = imagePathOf(env.layout, local[0]!);
      return {
        kind: imgPath ? 'not-on-path' : 'not-copied',
        artefact: 'dockerfile',
        message: imgPath
          ? `${dotted} is not on the image's module path (${entry.pathNote}): ${local[0]} is at ${imgPath} in the image, and ${importRoot(imgPath, dotted)} is not on sys.path`
          : `${dotted} is ${local[0]} in the repository, but no COPY puts it in the image`,
        chain,
        confidence: 'high',
      };
    }
    return undefined;
  }

  // 3. Breadth-first over the modules imported when the entry is imported.
  while (queue.length) {
    const { file, dotted, chain } = queue.shift()!;
    reached.push(file);
    const info = pyInfo(repo, file);
    if (!info?.parsed) continue;
    if (info.sysPathEdits.length) dynamicPath = true;
    // Functions this module calls at import time are on the start path.
    for (const c of info.moduleCalls)
      if (c.unconditional && (!c.main || (file === entryFile && entry.asMain))) addStart(file, c.name);
    const fns = startFns.get(file) ?? new Set<string>();
    const isScript = file === entryFile && entry.script !== undefined;
    for (const imp of info.imports) {
      if (imp.typeOnly) continue;
      if (imp.inFunction && !fns.has(imp.inFunction)) continue;
      const step: ChainStep = { path: file, line: imp.line, note: imp.text };
      const here = [...chain, step];
      if (imp.level > 0) {
        if (isScript || (file === entryFile && !dotted)) {
          if (!imp.guarded)
            addBreak({
              kind: 'relative-import-in-script',
              artefact: 'code',
              message: `${file} is run as a script, so its relative import (${imp.text}) fails: "attempted relative import with no known parent package"`,
              chain: here,
              confidence: 'high',
            });
          continue;
        }
        let dir = path.posix.dirname(file);
        for (let i = 1; i < imp.level; i++) dir = path.posix.dirname(dir);
        const relEnv: PyEnv = { ...env, layout: undefined, lenient: false, sysPath: [{ dir, why: 'package' }] };
        const targets = imp.module ? [imp.module] : imp.names.filter((n) => n !== '*');
        for (const t of targets) {
          const r = resolveModule(repo, relEnv, t);
          if (r.state === 'found') {
            for (const pkg of r.packages) enqueue(pkg, here, undefined);
            enqueue(r.file, here, undefined);
            if (imp.module) checkNames(imp.names, r, here, imp.guarded, relEnv, t);
          } else if (!imp.module) {
            // `from . import x`: x may be a name of the package's __init__.py.
            const init = `${dir}/__init__.py`;
            const initInfo = pyInfo(repo, init);
            if (
              !imp.guarded &&
              initInfo?.parsed &&
              !initInfo.openNamespace &&
              !initInfo.moduleNames.has(t) &&
              repo.has(init) &&
              !gitignored(`${dir}/${t}.py`) &&
              !generatedName(t)
            )
              addBreak({
                kind: 'module-missing',
                artefact: 'code',
                message: `${file}:${imp.line} imports ${t} from its package, but ${dir} has no ${t}.py and ${init} does not define ${t}`,
                chain: here,
                confidence: 'high',
              });
          } else if (r.state === 'partial' || r.state === 'absent') {
            if (
              imp.guarded ||
              generatedName(t) ||
              gitignored(`${dir}/${t.split('.').join('/')}.py`) ||
              gitignored(`${dir}/${t.split('.')[0]}`)
            )
              continue;
            addBreak({
              kind: 'module-missing',
              artefact: 'code',
              message: `${file}:${imp.line} imports .${t}, but ${dir}/${t.split('.').join('/')}.py is not in the repository`,
              chain: here,
              confidence: 'high',
            });
          }
        }
        continue;
      }
      for (const t of [imp.module]) {
        const r = resolveModule(repo, env, t);
        if (r.state === 'found') {
          for (const pkg of r.packages) enqueue(pkg, here, undefined);
          if (!r.namespace) enqueue(r.file, here, t);
          if (imp.kind === 'from') checkNames(imp.names, r, here, imp.guarded, env, t);
        } else {
          const b = missingModuleBreak(t, r, here, imp.guarded);
          if (b) addBreak(b);
        }
      }
    }
    // Names used before they exist, at module level and in this module's start-up functions.
    for (const p of info.problems) {
      if (p.scope !== '<module>' && !fns.has(p.scope)) continue;
      const where = p.scope === '<module>' ? 'at module level' : `in ${p.scope}()`;
      addBreak({
        kind: p.kind === 'unbound-local' ? 'unbound-local' : 'undefined-name',
        artefact: 'code',
        message:
          p.kind === 'unbound-local'
            ? `${file}:${p.line} reads ${p.name} ${where} before assigning it (line ${p.boundAt}): UnboundLocalError when it runs at start`
            : `${file}:${p.line} uses ${p.name} ${where}, which is never defined or imported before it runs: NameError at start`,
        chain: [
          ...chain,
          {
            path: file,
            line: p.line,
            note: p.kind === 'unbound-local' ? `${p.name} read before assignment` : `${p.name} is not defined`,
          },
        ],
        confidence: 'high',
      });
    }
  }

  function checkNames(
    names: string[],
    r: Resolved & { state: 'found' },
    here: ChainStep[],
    guarded: boolean,
    e: PyEnv,
    dottedMod: string,
  ): void {
    for (const n of names) {
      if (n === '*') continue;
      if (r.isPackage) {
        const sub = resolveModule(repo, e, `${dottedMod}.${n}`);
        if (sub.state === 'found') {
          for (const pkg of sub.packages) enqueue(pkg, here, undefined);
          enqueue(sub.file, here, `${dottedMod}.${n}`);
          continue;
        }
        if (sub.state === 'unknown') continue;
      }
      if (guarded || r.namespace) continue;
      const info = pyInfo(repo, r.file);
      if (!info?.parsed || info.openNamespace || info.moduleNames.has(n)) continue;
      if (generatedName(`${dottedMod}.${n}`) || gitignored(`${repoDirOf(r.file)}/${n}.py`)) continue;
      addBreak({
        kind: 'name-missing',
        artefact: 'code',
        message: `${here[here.length - 1]!.path}:${here[here.length - 1]!.line} imports ${n} from ${dottedMod}, but ${r.file} defines no ${n}${r.isPackage ? ` and has no module ${n}` : ''}: ImportError`,
        chain: [...here, { path: r.file, line: 1, note: `no ${n} in ${dottedMod}` }],
        confidence: 'high',
      });
    }
  }

  function repoDirOf(file: string): string {
    return file.endsWith('__init__.py')
      ? path.posix.dirname(file)
      : file.endsWith('.py')
        ? file.replace(/\.py$/, '')
        : file;
  }

  return { entryFile, reached, breaks };
}

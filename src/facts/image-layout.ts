import path from 'node:path';
import picomatch from 'picomatch';
import type { RepoIndex } from '../repo/index.js';
import { escapeRegExp } from '../repo/text.js';
import { packageFolderNamed } from './own-packages.js';
import {
  type DockerInstruction,
  type DockerStage,
  dockerfileDir,
  expandVars,
  type ParsedDockerfile,
  stageChain,
  words,
} from './dockerfiles.js';

/**
 * The file layout a Dockerfile gives the image it builds, as far as the repository shows it: which repository folders
 * and files each COPY/ADD puts where (following COPY --from through earlier stages), the WORKDIR and ENV the command
 * starts with, what .dockerignore keeps out, and which paths are filled by something the repository does not show
 * (a RUN that downloads or generates files, a COPY --from of a build output). Lookups answer yes, no or unknown;
 * "no" is only said when nothing could have put the file there.
 */

export interface ImageMapping {
  /** Absolute path in the image. */
  dest: string;
  /** Repository-relative source (a folder or a file). */
  source: string;
  kind: 'dir' | 'file';
  line: number;
  /** The Dockerfile stage whose COPY brought it (the final one, or a stage copied from). */
  stage: string;
  /** Copied from the folder of another component nested in the view: its files are not read from this view. */
  foreign?: true;
  /** The folder `turbo prune` wrote this into (`/app/out/full`): a COPY of that folder brings its contents. */
  pruned?: string;
}

export interface ImageLayout {
  dockerfile: string;
  /** The stage the image is (the final stage, or a compose build target). */
  stage: string;
  stageLine: number;
  /** Repository-relative build context. */
  context: string;
  /** False when the context was guessed (no compose file or CI step names it, and several would work). */
  contextCertain: boolean;
  workdir: string;
  env: Record<string, string>;
  /** The base image of the stage chain (e.g. python:3.12-slim). */
  base: string;
  mappings: ImageMapping[];
  /**
   * Image paths filled by what the repository does not show: build outputs copied from a stage or from the context
   * (`COPY dist/apps/api .` after CI built it: `built` is that output's path in the repository), downloads.
   */
  opaque: { dest: string; line: number; why: string; built?: string }[];
  /** A RUN of the image's stage chain may create or move files anywhere (cp, mv, git clone, curl, make...). */
  runCreatesFiles: boolean;
  /**
   * The base image is one the repository builds and publishes itself (a CI step tags it, a compose service builds
   * it): a layer over the application's own image, whose files (and WORKDIR) come from that image.
   */
  ownBase?: string;
  /** RUN commands of the image's stage chain. */
  runs: DockerInstruction[];
  /** RUN commands of every stage. */
  allRuns: DockerInstruction[];
  /** The project itself is pip/poetry/uv-installed in some stage (its packages are importable from site-packages). */
  installsPythonProject: boolean;
  /** True when .dockerignore excludes this repository path from the context. */
  ignored(repoPath: string): boolean;
  /** The context has a .dockerignore with at least one rule. */
  hasIgnoreRules: boolean;
}

export type Lookup =
  | { state: 'file' | 'dir'; repoPath: string; via: ImageMapping }
  | { state: 'missing' }
  | { state: 'unknown'; why: string; from?: UnknownSource; built?: string };

/** Where an unknown path may come from, when a start path treats that source apart: the base image's own system
 * folders, a folder of another component that the image copies in, or what a COPY brings from a build stage, another
 * image or a download. */
export type UnknownSource = 'base-image' | 'other-component' | 'copied-in';

const CREATES_FILES =
  /\b(cp|mv|ln|rsync|git\s+clone|wget|curl|tar|unzip|make|protoc|grpc_tools|cookiecutter|touch|tee|install\s+-[a-z]*m|sed\s+-i|patch|npm\s+run|yarn|pnpm|npx|tsc|webpack|esbuild|vite|go\s+(build|generate)|mvn|gradle|cargo|setup\.py|python[\d.]*\s+-c|python[\d.]*\s+\S+\.py|sh\s+\S+|bash\s+\S+|\.\/\S+\.sh)\b|>\s*\S/;

/** Python project installs: pip install . / -e . / /app, a wheel, poetry/uv/pdm installs of the project. */
const INSTALLS_PROJECT =
  /\bpip[\d.]*\s+install\b[^&;|]*?(\s(-e\s+)?(\.|\.\/|\/[\w./-]*)(\[[\w,-]+\])?(\s|$)|\.whl|\/wheels?\b|--find-links|-f\s)|\bpoetry\s+install\b(?![^&;|]*--no-root)|\buv\s+(sync|pip\s+install\s+(-e\s+)?\.)(?![^&;|]*--no-install-project)|\bpdm\s+(install|sync)\b(?![^&;|]*--no-self)|\bsetup\.py\s+(install|develop)|\bpip[\d.]*\s+install\b[^&;|]*-r\s+\S+/;

function normalizeAbs(p: string): string {
  const n = path.posix.normalize(p.startsWith('/') ? p : `/${p}`);
  return n.length > 1 ? n.replace(/\/+$/, '') : n;
}

/** Docker's .dockerignore: patterns anchored at the context root, `**` anywhere, `!` re-includes, last match wins. */
export function dockerignoreMatcher(
  repo: RepoIndex,
  context: string,
): ((repoPath: string) => boolean) & { rules?: number } {
  const file = context === '.' ? '.dockerignore' : `${context}/.dockerignore`;
  const text = repo.read(file);
  if (text === undefined) return () => false;
  const rules: { neg: boolean; m: (p: string) => boolean }[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let s = raw.trim();
    if (!s || s.startsWith('#')) continue;
    const neg = s.startsWith('!');
    if (neg) s = s.slice(1).trim();
    s = path.posix.normalize(s.replace(/^\/+/, '')).replace(/\/+$/, '');
    if (!s || s === '.') continue;
    try {
      const m = picomatch([s, `${s}/**`], { dot: true });
      rules.push({ neg, m });
    } catch {
      // an unparseable pattern excludes nothing we can tell
    }
  }
  return (repoPath: string) => {
    const rel =
      context === '.' ? repoPath : repoPath.startsWith(`${context}/`) ? repoPath.slice(context.length + 1) : '';
    if (!rel) return false;
    let out = false;
    for (const r of rules) if (r.m(rel)) out = !r.neg;
    return out;
  };
}

/** COPY/ADD operands: sources and destination, with flags and heredocs left out. */
function copyOperands(ins: DockerInstruction): { sources: string[]; dest: string; from?: string } | undefined {
  if (ins.heredoc !== undefined) return undefined;
  const w = words(ins.args);
  const from = [...ins.flags, ...w].find((x) => /^--from=/i.test(x))?.replace(/^--from=/i, '');
  const operands = w.filter((x) => !x.startsWith('--'));
  if (operands.length < 2) return undefined;
  return { sources: operands.slice(0, -1), dest: operands[operands.length - 1]!, ...(from ? { from } : {}) };
}

export interface LayoutOptions {
  /** The stage the image is built to (compose `build.target`); default the final stage. */
  target?: string;
  /** The build context, when a compose file or CI step names it. */
  context?: string;
}

/** Plausible contexts of a Dockerfile: the one given, its folder, then each ancestor up to the root. */
export function candidateContexts(df: ParsedDockerfile, given?: string): string[] {
  const out: string[] = [];
  if (given) out.push(given);
  for (let d = dockerfileDir(df); ; d = path.posix.dirname(d)) {
    out.push(d);
    if (d === '.') break;
  }
  return [...new Set(out)];
}

/**
 * The folders above a component's view up to the repository root (`..`, `../..` from apps/api): CI builds a
 * component's Dockerfile from the repository root (`context: .`, `file: apps/api/Dockerfile`), a context the view
 * reaches only upwards.
 */
function contextsAboveView(repo: RepoIndex): string[] {
  const base = repo.toRepo('.');
  if (base === '.' || base === '') return [];
  return base.split('/').map((_, i) => Array.from({ length: i + 1 }, () => '..').join('/'));
}

/** A path above a view's root as the view lists it (`../../apps/api/package*.json` seen from apps/api is `package*.json`). */
function intoView(repo: RepoIndex, rel: string): string {
  return rel.startsWith('..') ? repo.fromRepo(repo.toRepo(rel)) : rel;
}

/** A build output folder: what a build writes, never committed (`dist/apps/api`, `server/build`). */
const BUILD_OUTPUT = /(^|\/)(dist|build|out|target|\.next|\.output|_build|publish|artifacts?)(\/|$)/;

/**
 * The view path of a build output a COPY takes from the context though the repository does not hold it: made by a CI
 * or script step before `docker build` (an Nx app's `dist/apps/api`, a `dotnet publish` folder).
 */
function builtOutsideImage(
  repo: RepoIndex,
  df: ParsedDockerfile,
  s: DockerStage,
  ins: DockerInstruction,
  raw: string,
  context: string,
): string | undefined {
  if (/^[a-z]+:\/\/|^git@|\$|[*?[]/i.test(raw)) return undefined;
  const src = expandVars(df, raw, s, ins.line).replace(/^\.?\/+/, '');
  const rel = contextPath(repo, context, src);
  if (sourceExistsAt(repo, rel)) return undefined;
  return BUILD_OUTPUT.test(repo.toRepo(rel)) ? rel : undefined;
}

/** A COPY source's path as the view names it. */
function contextPath(repo: RepoIndex, context: string, src: string): string {
  return intoView(repo, path.posix.normalize(context === '.' ? src : `${context}/${src}`).replace(/\/$/, ''));
}

function sourceExists(repo: RepoIndex, context: string, src: string): boolean {
  return sourceExistsAt(repo, contextPath(repo, context, src));
}

function sourceExistsAt(repo: RepoIndex, rel: string): boolean {
  if (rel === '.' || rel === '') return true;
  // Above the root only a component's view reaches (`../backend` from the frontend's folder): ask it directly.
  if (rel.startsWith('..')) return !/[*?[]/.test(rel) && (repo.has(rel) || repo.hasDir(rel));
  if (/[*?[]/.test(rel)) {
    try {
      return repo.glob([rel, `${rel}/**`]).length > 0;
    } catch {
      return false;
    }
  }
  return repo.has(rel) || repo.hasDir(rel);
}

/** The context in which the most COPY sources of the Dockerfile exist (the first such, in candidate order). */
export function chooseContext(
  repo: RepoIndex,
  df: ParsedDockerfile,
  given?: string,
): { context: string; certain: boolean } {
  // A context above a component's view is taken when it is a folder of the repository (the root a CI build names).
  if (given && !/^[a-z]+:\/\/|\$/i.test(given) && (!given.startsWith('..') || repo.hasDir(given)))
    return { context: given, certain: true };
  const cands = [...new Set([...candidateContexts(df), ...contextsAboveView(repo)])];
  const sources: string[] = [];
  for (const st of df.stages)
    for (const ins of st.instructions) {
      if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
      const ops = copyOperands(ins);
      if (!ops || ops.from) continue;
      for (const s of ops.sources) if (!/^[a-z]+:\/\/|^git@|\$/i.test(s)) sources.push(s.replace(/^\.?\/+/, ''));
    }
  let best = cands[0]!;
  let bestScore = -1;
  const full: string[] = [];
  for (const c of cands) {
    const score = sources.filter((s) => sourceExists(repo, c, s)).length;
    if (score === sources.length) full.push(c);
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  // Certain when exactly one candidate holds every source (or the Dockerfile sits at the root and copies nothing odd).
  if (full.length) return { context: full[0]!, certain: full.length === 1 || sources.length > 0 };
  return { context: best, certain: false };
}

function findStage(df: ParsedDockerfile, ref: string): DockerStage | undefined {
  const r = ref.toLowerCase();
  return df.stages.find((s) => s.name === r) ?? (/^\d+$/.test(r) ? df.stages[Number(r)] : undefined);
}

/** A WORKDIR's folder: its argument without the quotes Docker takes off (`WORKDIR "/app"`), variables expanded. */
function workdirOf(df: ParsedDockerfile, stage: DockerStage, ins: DockerInstruction): string {
  return expandVars(df, ins.args.trim().replace(/^(["'])(.*)\1$/, '$2'), stage, ins.line);
}

/**
 * `pnpm deploy --filter <package> <dir>` writes one workspace package with its production dependencies to a folder
 * (pnpm's way to build a monorepo app's image): that folder holds the package's files.
 */
function pnpmDeployed(repo: RepoIndex, ins: DockerInstruction, wd: string, stage: string): ImageMapping | undefined {
  if (!/\bpnpm\b[^&;|]*\bdeploy\b/.test(ins.args)) return undefined;
  const command = /\bpnpm\b([^&;|]*)/.exec(ins.args.slice(ins.args.search(/\bpnpm\b[^&;|]*\bdeploy\b/)))?.[1] ?? '';
  const words = command.trim().split(/\s+/);
  const name = words
    .map((w, i) => /^(?:--filter|-F)=(.+)$/.exec(w)?.[1] ?? (/^(?:--filter|-F)$/.test(w) ? words[i + 1] : undefined))
    .find((x): x is string => !!x)
    ?.replace(/^["']|["']$/g, '');
  const after = words.slice(words.indexOf('deploy') + 1);
  const target = after.filter((w, i) => !w.startsWith('-') && !/^(?:--filter|-F)$/.test(after[i - 1] ?? '')).pop();
  if (!name || !target) return undefined;
  const folder = name.startsWith('./') ? name.slice(2).replace(/\/$/, '') : packageFolderNamed(repo, name);
  if (folder === undefined) return undefined;
  return { dest: normalizeAbs(path.posix.resolve(wd, target)), source: folder, kind: 'dir', line: ins.line, stage };
}

/**
 * `turbo prune <package…> [--docker] [--out-dir=<dir>]` writes the part of a Turborepo workspace one app needs to a
 * folder (`out` under the working directory): each named package and the workspace packages it depends on, at their
 * repository paths, with the root package.json. With `--docker` the sources are under `<dir>/full` (and the manifests
 * alone under `<dir>/json`). The mappings name those folders where the prune put them.
 */
function turboPruned(repo: RepoIndex, ins: DockerInstruction, wd: string, stage: string): ImageMapping[] {
  const at = ins.args.search(/\bturbo(?:@[\w.^~-]+)?\s+prune\b/);
  if (at < 0) return [];
  const words = (/\bprune\b([^&;|]*)/.exec(ins.args.slice(at))?.[1] ?? '')
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/^["']|["']$/g, ''));
  const flagValue = (flag: string) =>
    words
      .map((w, i) => (w === flag ? words[i + 1] : w.startsWith(`${flag}=`) ? w.slice(flag.length + 1) : undefined))
      .find((x): x is string => !!x);
  const names = words.filter((w, i) => w && !w.startsWith('-') && !/^--(?:out-dir|scope)$/.test(words[i - 1] ?? ''));
  const scope = flagValue('--scope');
  if (scope) names.push(scope);
  const outDir = normalizeAbs(path.posix.resolve(wd, flagValue('--out-dir') ?? 'out'));
  // Packages are found in the whole repository (a component's view holds only its own); the image keeps repository
  // paths, and the mappings name each source as the view does (`../../libs/money` from services/orders).
  const whole = repo.wholeRepo();
  const folders = new Set<string>();
  const pending = names.map((n) => packageFolderNamed(whole, n)).filter((f): f is string => f !== undefined);
  while (pending.length) {
    const folder = pending.pop()!;
    if (folders.has(folder)) continue;
    folders.add(folder);
    const manifest = whole.json(joinRepo(folder, 'package.json')) as Record<string, unknown> | undefined;
    for (const key of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
      const deps = manifest?.[key];
      if (!deps || typeof deps !== 'object') continue;
      for (const dep of Object.keys(deps)) {
        const f = packageFolderNamed(whole, dep);
        if (f !== undefined && f !== '.' && !folders.has(f)) pending.push(f);
      }
    }
  }
  if (!folders.size) return [];
  const full = words.includes('--docker') ? `${outDir}/full` : outDir;
  const out: ImageMapping[] = [];
  for (const folder of folders) {
    out.push({
      dest: normalizeAbs(path.posix.join(full, folder)),
      source: repo.fromRepo(folder),
      kind: 'dir',
      line: ins.line,
      stage,
      pruned: full,
    });
    if (full !== outDir && whole.has(joinRepo(folder, 'package.json')))
      out.push({
        dest: normalizeAbs(path.posix.join(outDir, 'json', folder, 'package.json')),
        source: repo.fromRepo(joinRepo(folder, 'package.json')),
        kind: 'file',
        line: ins.line,
        stage,
        pruned: `${outDir}/json`,
      });
  }
  for (const root of ['package.json', 'turbo.json'])
    if (whole.has(root))
      out.push({
        dest: `${full}/${root}`,
        source: repo.fromRepo(root),
        kind: 'file',
        line: ins.line,
        stage,
        pruned: full,
      });
  return out;
}

/** Resolves the image's stage and builds its layout. */
export function imageLayout(repo: RepoIndex, df: ParsedDockerfile, opts: LayoutOptions = {}): ImageLayout | undefined {
  const stage = opts.target ? findStage(df, opts.target) : df.finalStage;
  if (!stage) return undefined;
  const { context, certain } = chooseContext(repo, df, opts.context);
  const ignored = dockerignoreMatcher(repo, context);
  const mappings: ImageMapping[] = [];
  const opaque: ImageLayout['opaque'] = [];
  const chain = stageChain(df, stage).reverse();
  const runs: DockerInstruction[] = [];
  let workdir = '/';
  const env: Record<string, string> = {};
  const stageName = (s: DockerStage) => s.name ?? String(s.index);

  /** What a path inside another stage's filesystem comes from: mappings of that stage, or opaque. */
  const stageMappings = (src: DockerStage, seen: Set<number>): { mappings: ImageMapping[]; built: boolean } => {
    if (seen.has(src.index)) return { mappings: [], built: true };
    seen.add(src.index);
    const out: ImageMapping[] = [];
    let wd = '/';
    let built = false;
    for (const s of stageChain(df, src).reverse()) {
      for (const ins of s.instructions) {
        if (ins.keyword === 'WORKDIR') wd = normalizeAbs(path.posix.resolve(wd, workdirOf(df, s, ins)));
        if (ins.keyword === 'RUN' && CREATES_FILES.test(`${ins.args}\n${ins.heredoc ?? ''}`)) built = true;
        if (ins.keyword === 'RUN') {
          const deployed = pnpmDeployed(repo, ins, wd, stageName(s));
          if (deployed) out.push(deployed);
          out.push(...turboPruned(repo, ins, wd, stageName(s)));
        }
        if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
          const ops = copyOperands(ins);
          if (!ops || ops.from) continue;
          out.push(...mapCopy(repo, df, s, ins, ops, wd, context, stageName(s)));
        }
      }
    }
    return { mappings: out, built };
  };

  for (const s of chain) {
    for (const ins of s.instructions) {
      switch (ins.keyword) {
        case 'WORKDIR':
          workdir = normalizeAbs(path.posix.resolve(workdir, workdirOf(df, s, ins)));
          break;
        case 'ENV':
          for (const m of ins.args.matchAll(/(\w+)=("[^"]*"|'[^']*'|\S*)/g))
            env[m[1]!] = expandVars(df, m[2]!.replace(/^["']|["']$/g, ''), s, ins.line).replace(
              /\$\{?(\w+)\}?/g,
              (w, n: string) => env[n] ?? w,
            );
          if (!ins.args.includes('=')) {
            const [k, ...rest] = ins.args.trim().split(/\s+/);
            if (k) env[k] = rest.join(' ');
          }
          break;
        case 'RUN':
          runs.push(ins);
          break;
        case 'COPY':
        case 'ADD': {
          const ops = copyOperands(ins);
          if (!ops) break;
          if (ops.from) {
            const from = findStage(df, ops.from);
            if (!from) {
              // an external image: its files are not in the repository
              for (const src of ops.sources)
                opaque.push({
                  dest: destOf(src, ops, workdir, df, s, ins),
                  line: ins.line,
                  why: `copied from image ${ops.from}`,
                });
              break;
            }
            const inner = stageMappings(from, new Set([s.index]));
            for (const src of ops.sources) {
              const srcAbs = normalizeAbs(path.posix.resolve('/', src));
              // The folder `turbo prune` wrote is copied for its contents (`COPY --from=prune /app/out/full .`).
              const prunedFolder = inner.mappings.some((m) => m.pruned === srcAbs);
              const dest = destOf(prunedFolder ? `${src}/` : src, ops, workdir, df, s, ins);
              let mapped = false;
              if (/[*?[]/.test(path.posix.basename(srcAbs))) {
                // A glob (`COPY --from=build /build/package*.json ./`): each file of the stage it matches, by name.
                const globbed = stageGlob(repo, inner.mappings, srcAbs);
                const into =
                  path.posix.basename(dest) === path.posix.basename(srcAbs) ? path.posix.dirname(dest) : dest;
                mappings.push(
                  ...globbed.map((m) => ({
                    ...m,
                    dest: normalizeAbs(path.posix.join(into, path.posix.basename(m.dest))),
                    line: ins.line,
                  })),
                );
                if (!globbed.length)
                  opaque.push({ dest, line: ins.line, why: `built in stage ${from.name ?? from.index}` });
                continue;
              }
              for (const m of inner.mappings) {
                // The copied folder (or a folder inside it) comes from the context: re-root it at the destination.
                if (srcAbs === m.dest || srcAbs.startsWith(`${m.dest}/`)) {
                  const rel = srcAbs === m.dest ? '' : srcAbs.slice(m.dest.length + 1);
                  const source = m.kind === 'dir' ? (rel ? joinRepo(m.source, rel) : m.source) : m.source;
                  if (m.kind === 'file' && rel) continue;
                  mappings.push({
                    dest,
                    source,
                    kind: m.kind === 'file' || repo.has(source) ? 'file' : 'dir',
                    line: ins.line,
                    stage: m.stage,
                  });
                  mapped = true;
                } else if (m.dest.startsWith(`${srcAbs}/`) || srcAbs === '/') {
                  const rel = srcAbs === '/' ? m.dest.slice(1) : m.dest.slice(srcAbs.length + 1);
                  mappings.push({ ...m, dest: normalizeAbs(path.posix.join(dest, rel)), line: ins.line });
                  mapped = true;
                }
              }
              if (!mapped || inner.built)
                opaque.push({ dest, line: ins.line, why: `built in stage ${from.name ?? from.index}` });
            }
            break;
          }
          mappings.push(...mapCopy(repo, df, s, ins, ops, workdir, context, stageName(s)));
          for (const src of ops.sources) {
            if (/^[a-z]+:\/\/|^git@/i.test(src))
              opaque.push({
                dest: destOf(src, ops, workdir, df, s, ins),
                line: ins.line,
                why: `downloaded from ${src}`,
              });
            const built = builtOutsideImage(repo, df, s, ins, src, context);
            // A folder's contents are copied, not the folder (`COPY dist/apps/api .` fills the WORKDIR): named as one.
            if (built)
              opaque.push({
                dest: destOf(/\.\w+$/.test(built) ? src : `${src}/`, ops, workdir, df, s, ins),
                line: ins.line,
                why: `copied from ${built}, a build output made before the image is built`,
                built,
              });
          }
          break;
        }
      }
    }
  }
  const allRuns = df.stages.flatMap((s) => s.instructions.filter((i) => i.keyword === 'RUN'));
  const runText = (i: DockerInstruction) => `${i.args}\n${i.heredoc ?? ''}`;
  const requirementsInstallProject = () =>
    repo
      .byName(/^requirements[\w.-]*\.(txt|in)$/)
      .some((f) => /^\s*(-e\s+)?(\.|\.\/|file:\.)(\[[\w,-]+\])?\s*$/m.test(repo.read(f.path) ?? ''));
  const installsPythonProject = allRuns.some((i) => {
    const t = runText(i);
    if (!INSTALLS_PROJECT.test(t)) return false;
    // `pip install -r requirements.txt` installs the project only when the requirements name it (`-e .`).
    if (
      /\bpip[\d.]*\s+install\b/.test(t) &&
      !/\bpip[\d.]*\s+install\b[^&;|]*(\s(-e\s+)?(\.|\.\/|\/[\w./-]*)(\[[\w,-]+\])?(\s|$)|\.whl|\/wheels?\b|--find-links|-f\s)/.test(
        t,
      ) &&
      !/poetry|uv\s|pdm|setup\.py/.test(t)
    )
      return requirementsInstallProject();
    return true;
  });
  const base = chain[0]!.from.image + (chain[0]!.from.tag ? `:${chain[0]!.from.tag}` : '');
  const ownBase = ownImage(repo, chain[0]!.from.image, df.path) ? chain[0]!.from.image : undefined;
  return {
    ...(ownBase ? { ownBase } : {}),
    dockerfile: df.path,
    stage: stageName(stage),
    stageLine: stage.line,
    context,
    contextCertain: certain,
    workdir,
    env,
    base,
    mappings,
    opaque,
    runCreatesFiles: runs.some((r) => CREATES_FILES.test(runText(r))),
    runs,
    allRuns,
    installsPythonProject,
    ignored,
    hasIgnoreRules: (ignored.rules ?? 0) > 0,
  };
}

/**
 * The files an earlier stage holds that an image path glob names (only its last segment a pattern: `/build/package*.json`),
 * as mappings of that stage with their image paths.
 */
function stageGlob(repo: RepoIndex, inner: ImageMapping[], globAbs: string): ImageMapping[] {
  const dir = path.posix.dirname(globAbs);
  const name = picomatch(path.posix.basename(globAbs), { dot: true });
  const out = new Map<string, ImageMapping>();
  for (const m of inner) {
    if (m.kind === 'file') {
      if (path.posix.dirname(m.dest) === dir && name(path.posix.basename(m.dest))) out.set(m.dest, m);
      continue;
    }
    if (dir !== m.dest && !dir.startsWith(`${m.dest === '/' ? '' : m.dest}/`)) continue;
    const rel = dir === m.dest ? '' : dir.slice(m.dest === '/' ? 1 : m.dest.length + 1);
    const folder = rel ? joinRepo(m.source, rel) : m.source;
    for (const f of repo.files) {
      if (path.posix.dirname(f.path) !== folder || !name(path.posix.basename(f.path))) continue;
      const at = `${dir}/${path.posix.basename(f.path)}`;
      out.set(at, { ...m, dest: at, source: f.path, kind: 'file' });
    }
  }
  return [...out.values()];
}

function joinRepo(a: string, b: string): string {
  return a === '.' || a === '' ? b : `${a}/${b}`;
}

/**
 * A COPY destination that names a folder: written with a trailing slash, `.`, several sources, or a folder an earlier
 * RUN of the stage made (`RUN mkdir -p /srv/bin` then `COPY ./run.sh /srv`).
 */
function copiesIntoFolder(d: string, abs: string, sources: number, s: DockerStage, ins: DockerInstruction): boolean {
  if (d.endsWith('/') || d === '.' || sources > 1) return true;
  const made = new RegExp(
    `\\bmkdir\\s+(?:-\\S+\\s+)*[^\\n;&|]*?(?<![\\w./-])${escapeRegExp(abs)}(?:/|[\\s;&|]|$)`,
    'm',
  );
  // WORKDIR makes its folder and the folders above it (`WORKDIR /app` then `COPY main.py /app` copies into /app).
  const workdirMade = (i: DockerInstruction) => {
    const w = i.args.trim().replace(/^["']|["']$/g, '');
    return w.startsWith('/') && !w.includes('$') && (normalizeAbs(w) === abs || normalizeAbs(w).startsWith(`${abs}/`));
  };
  return s.instructions.some(
    (i) =>
      i.line < ins.line && ((i.keyword === 'RUN' && made.test(i.args)) || (i.keyword === 'WORKDIR' && workdirMade(i))),
  );
}

function destOf(
  src: string,
  ops: { sources: string[]; dest: string },
  workdir: string,
  df: ParsedDockerfile,
  s: DockerStage,
  ins: DockerInstruction,
): string {
  const d = expandVars(df, ops.dest, s, ins.line);
  const abs = normalizeAbs(path.posix.resolve(workdir, d));
  // A source named as a folder (`/app/.next/standalone/`, `/opt/.`) brings its contents, not itself.
  return copiesIntoFolder(d, abs, ops.sources.length, s, ins) && !/\/\.?$/.test(src)
    ? normalizeAbs(path.posix.join(abs, path.posix.basename(src)))
    : abs;
}

function mapCopy(
  repo: RepoIndex,
  df: ParsedDockerfile,
  s: DockerStage,
  ins: DockerInstruction,
  ops: { sources: string[]; dest: string },
  workdir: string,
  context: string,
  stage: string,
): ImageMapping[] {
  const out: ImageMapping[] = [];
  const d = expandVars(df, ops.dest, s, ins.line);
  const destAbs = normalizeAbs(path.posix.resolve(workdir, d));
  const destIsDir = copiesIntoFolder(d, destAbs, ops.sources.length, s, ins);
  for (const raw of ops.sources) {
    if (/^[a-z]+:\/\/|^git@|\$/i.test(raw)) continue;
    const src = expandVars(df, raw, s, ins.line).replace(/^\.?\/+/, '');
    let rel = path.posix.normalize(context === '.' ? src : `${context}/${src}`).replace(/\/$/, '');
    if (rel.startsWith('..')) {
      // Above the root only a component's view reaches (a root context seen from the component's folder): the path as
      // the view lists it (`../scripts/docker`, or `.` for the component's own folder; a glob only when it names files
      // of the component's own folder).
      const inView = intoView(repo, rel);
      if (/[*?[]/.test(rel) ? inView.startsWith('..') : !(repo.has(rel) || repo.hasDir(rel))) continue;
      rel = inView;
    }
    const repoRel = rel === '.' ? '.' : rel;
    if (/[*?[]/.test(src)) {
      // A glob copies each match into the destination folder (folders by their contents).
      let matches: string[] = [];
      try {
        matches = repo.glob(repoRel).map((f) => f.path);
      } catch {
        matches = [];
      }
      for (const m of matches)
        out.push({
          dest: normalizeAbs(path.posix.join(destAbs, path.posix.basename(m))),
          source: m,
          kind: 'file',
          line: ins.line,
          stage,
        });
      // Folders matched by the glob: their contents go into dest.
      const dirs = new Set<string>();
      try {
        const re = picomatch(repoRel, { dot: true });
        for (const f of repo.files) {
          for (let dd = path.posix.dirname(f.path); dd !== '.'; dd = path.posix.dirname(dd)) if (re(dd)) dirs.add(dd);
        }
      } catch {
        /* no folder matches */
      }
      for (const dd of dirs) out.push({ dest: destAbs, source: dd, kind: 'dir', line: ins.line, stage });
      const folder = repoRel.slice(0, repoRel.search(/[*?[]/)).replace(/\/[^/]*$|^[^/]*$/, '') || '.';
      if (!matches.length && !dirs.size && folder !== '.' && repo.inRepository(folder))
        out.push({ dest: destAbs, source: folder, kind: 'dir', line: ins.line, stage, foreign: true });
      continue;
    }
    if (repoRel === '.' || repo.hasDir(repoRel))
      out.push({ dest: destAbs, source: repoRel, kind: 'dir', line: ins.line, stage });
    else if (repo.has(repoRel)) {
      // An ADD of a local tar archive unpacks it: unknown contents; treat as a file copy.
      const dest = destIsDir ? normalizeAbs(path.posix.join(destAbs, path.posix.basename(repoRel))) : destAbs;
      out.push({ dest, source: repoRel, kind: 'file', line: ins.line, stage });
    } else if (repo.inRepository(repoRel))
      out.push({ dest: destAbs, source: repoRel, kind: 'dir', line: ins.line, stage, foreign: true });
  }
  return out;
}

/** What is at an absolute image path, following the layout's mappings (later copies win). */
export function lookupImage(repo: RepoIndex, layout: ImageLayout, imagePath: string): Lookup {
  const p = normalizeAbs(imagePath);
  for (let i = layout.mappings.length - 1; i >= 0; i--) {
    const m = layout.mappings[i]!;
    if (m.foreign) {
      if (p === m.dest || p.startsWith(`${m.dest}/`) || m.dest === '/')
        return {
          state: 'unknown',
          why: `copied from ${m.source}, in another component's folder`,
          from: 'other-component',
        };
      continue;
    }
    if (m.kind === 'file') {
      if (p === m.dest && !layout.ignored(m.source)) return { state: 'file', repoPath: m.source, via: m };
      continue;
    }
    if (p === m.dest || p.startsWith(`${m.dest}/`) || m.dest === '/') {
      const rel = p === m.dest ? '' : m.dest === '/' ? p.slice(1) : p.slice(m.dest.length + 1);
      const repoPath = rel ? joinRepo(m.source, rel) : m.source;
      if (repo.has(repoPath) && !layout.ignored(repoPath)) return { state: 'file', repoPath, via: m };
      if (repoPath === '.' || (repo.hasDir(repoPath) && hasKeptFile(repo, layout, repoPath)))
        return { state: 'dir', repoPath, via: m };
    }
  }
  // A folder that leads to a copied destination exists (e.g. /app when /app/src was copied).
  const viaParent = layout.mappings.find((m) => m.dest.startsWith(`${p}/`) || (p === '/' && m.dest !== '/'));
  if (viaParent) return { state: 'dir', repoPath: '', via: viaParent };
  const op = layout.opaque.find((o) => p === o.dest || p.startsWith(`${o.dest}/`) || o.dest.startsWith(`${p}/`));
  if (op) {
    const inside = op.built && p.startsWith(`${op.dest}/`) ? p.slice(op.dest.length + 1) : undefined;
    return {
      state: 'unknown',
      why: `${op.why} (line ${op.line})`,
      from: 'copied-in',
      ...(op.built ? { built: inside ? joinRepo(op.built, inside) : op.built } : {}),
    };
  }
  if (layout.runCreatesFiles) return { state: 'unknown', why: 'a RUN step of the image may create it' };
  if (layout.ownBase)
    return {
      state: 'unknown',
      why: `the base image ${layout.ownBase} is the repository's own image, which may hold it`,
    };
  // System folders no COPY writes to hold what the base image installed (the UBI OpenJDK images'
  // /opt/jboss/container/java/run/run-java.sh, /usr/local/bin/docker-entrypoint.sh of official images), and the
  // launcher the fabric8 / Quarkus Java images keep beside the application (/deployments/run-java.sh).
  if (/^\/(?:opt|usr|bin|sbin|lib|lib64|etc)\/|^\/deployments\/run-java\.sh$/.test(p))
    return { state: 'unknown', why: 'a system folder of the base image, which may provide it', from: 'base-image' };
  // A script at the image root (`/start.sh`, `/entrypoint.sh`) over a community image of Docker Hub
  // (`owner/nginx-php-fpm`): such images ship their start script there for the layers built on them. Official images
  // (no owner) and vendor registries' runtime images (`mcr.microsoft.com/…`, `gcr.io/distroless/…`) keep none.
  const community = communityImage(layout.base);
  if (community && /^\/[\w-]+(?:\.(?:sh|bash))?$/.test(p))
    return {
      state: 'unknown',
      why: `a start script at the root of the community image ${community}, which may provide it`,
      from: 'base-image',
    };
  return { state: 'missing' };
}

/** The name of a Docker Hub community image (`owner/name`, no registry host, not `library/…`), without its tag. */
export function communityImage(ref: string): string | undefined {
  const name = ref.replace(/@.*$/, '').replace(/:[^/]*$/, '');
  const m = /^(?:docker\.io\/)?([a-z0-9][a-z0-9._-]*)\/([a-z0-9][a-z0-9._-]*)$/.exec(name);
  if (!m || m[1] === 'library' || m[1] === 'localhost' || m[1]!.includes('.')) return undefined;
  return `${m[1]}/${m[2]}`;
}

const keptDirs = new WeakMap<ImageLayout, Map<string, boolean>>();

/** A folder the build context keeps: some file under it survives .dockerignore (memoised per layout and folder). */
function hasKeptFile(repo: RepoIndex, layout: ImageLayout, dir: string): boolean {
  if (layout.ignored(dir)) return false;
  if (!layout.hasIgnoreRules) return true;
  let memo = keptDirs.get(layout);
  if (!memo) keptDirs.set(layout, (memo = new Map()));
  let kept = memo.get(dir);
  if (kept === undefined) {
    const prefix = `${dir}/`;
    kept = repo.files.some((f) => f.path.startsWith(prefix) && !layout.ignored(f.path));
    memo.set(dir, kept);
  }
  return kept;
}

/** Where a repository path is in the image, if some COPY puts it there (the last such copy). */
export function imagePathOf(layout: ImageLayout, repoPath: string): string | undefined {
  if (layout.ignored(repoPath)) return undefined;
  for (let i = layout.mappings.length - 1; i >= 0; i--) {
    const m = layout.mappings[i]!;
    if (m.kind === 'file' && m.source === repoPath) return m.dest;
    if (m.kind === 'dir' && (m.source === '.' || repoPath === m.source || repoPath.startsWith(`${m.source}/`))) {
      const rel = m.source === '.' ? repoPath : repoPath === m.source ? '' : repoPath.slice(m.source.length + 1);
      return normalizeAbs(rel ? path.posix.join(m.dest, rel) : m.dest);
    }
  }
  return undefined;
}

export { normalizeAbs };

/**
 * Whether the repository builds or publishes the image itself: its name (`owner/app`, a registry path) is a tag a CI
 * step or build file gives (`tags: owner/app:1.2`, `docker build -t owner/app:…`, cloudbuild `images:`) or the image of a
 * compose service that builds it. Official runtime images (a name without an owner) never count.
 */
function ownImage(repo: RepoIndex, image: string, dockerfile: string): boolean {
  if (!image.includes('/') || image.includes('$')) return false;
  const whole = repo.wholeRepo();
  return whole.memo(`image-layout:own:${image}`, () => {
    const re = new RegExp(`(?:^|[\\s"'=,\\[])${escapeRegExp(image)}:(?:[\\w.$-]|\\$\\{)`);
    return (
      whole
        .grep(re, {
          include: [
            '.github/workflows/*.{yml,yaml}',
            '.gitlab-ci.yml',
            '**/cloudbuild*.{yml,yaml}',
            'cloudbuild/**/*.{yml,yaml}',
            '**/docker-bake.{hcl,json}',
            '**/Makefile',
            '**/*.mk',
            '**/justfile',
          ],
          limit: 1,
        })
        .filter((h) => h.path !== dockerfile).length > 0
    );
  });
}

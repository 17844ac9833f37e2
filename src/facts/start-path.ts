import path from 'node:path';
import type { RepoIndex } from '../repo/index.js';
import {
  type ComposeFacts,
  type ComposeService,
  composeProjectDir,
  installedDependencyPath,
  isTestComposeFile,
  PACKAGE_MANAGER_FOLDER,
} from './compose.js';
import {
  type DockerfileFacts,
  type DockerStage,
  effectiveInstruction,
  imageStartCommand,
  type ParsedDockerfile,
  parsedDockerfile,
  stageChain,
  words,
} from './dockerfiles.js';
import { packageFolderNamed } from './own-packages.js';
import {
  type ImageLayout,
  imageLayout,
  imagePathOf,
  type Lookup,
  lookupImage,
  normalizeAbs,
  type UnknownSource,
} from './image-layout.js';
import { type JsModuleInfo, parseJavaScript } from './js-syntax.js';
import type { CiFacts } from './ci.js';
import { buildContextOf } from './components.js';
import type { ImportFacts } from './imports.js';
import type { K8sFacts } from './k8s.js';
import type { ProjectKind } from './kind.js';
import { denoTasks, type ManifestFacts } from './manifests.js';
import { type ChainStep, followPython, guessedSysPath, type PyEnv, type StartBreak } from './python-start.js';
import type { LivenessFacts } from './liveness.js';
import type { PlatformFacts } from './platform.js';
import { commandSteps, type Launch, launchOf, linuxScriptName, shellWords } from './start-command.js';
import { escapeRegExp } from '../repo/text.js';
import { dotnetModel } from './dotnet.js';
import { defaultIgnored } from '../repo/default-ignores.js';
import { gitignoredMatcher } from '../repo/gitignored.js';
import { isUnder } from '../repo/view.js';
import { TOOLING_SEGMENT } from '../repo/classify.js';
import { arr, obj } from './shape.js';

export type { BreakKind, ChainStep, StartBreak } from './python-start.js';

/**
 * What ships and how it starts: one launch target per shipped thing (a Dockerfile image, a compose service, a
 * Kubernetes container, a Procfile process, a package.json start script, a pyproject console script), each with where it
 * is declared, its build context, the image layout it implies, the entry it resolves to, the project files reached from
 * the entry, and every break found on the way. A pure function of the index and the other facts; nothing is run.
 *
 * Each target keeps its declaring file and build context so that a component model can group targets into deployable
 * units later.
 */

export type LaunchSource =
  | 'dockerfile'
  | 'compose'
  | 'k8s'
  | 'procfile'
  | 'cloud-foundry'
  | 'package.json'
  | 'deno.json'
  | 'pyproject'
  | 'convention';
export type LaunchStack = 'python' | 'node' | 'go' | 'jvm' | 'ruby' | 'shell' | 'other';

export interface LaunchTarget {
  /** Stable id: the declaring file and line (plus the service or container). */
  id: string;
  source: LaunchSource;
  declared: ChainStep;
  /** The start command as argv (ENTRYPOINT + CMD for an image). */
  command: string[];
  stack: LaunchStack;
  /** Repository-relative build context (images), or the folder the process starts in. */
  context: string;
  dockerfile?: string;
  stage?: string;
  /** Compose service or Kubernetes workload/container. */
  service?: string;
  layout?: ImageLayout;
  /** The entry file the command resolves to (repository path), when found. */
  entry?: string;
  /** Project files reached from the entry. */
  reached: string[];
  breaks: StartBreak[];
  /** Why the start path could not be followed to the end (dynamic entry, compiled binary…): never a break. */
  unresolved?: string;
}

export interface StartPathFacts {
  targets: LaunchTarget[];
  /** Every break, once (targets that share an image share its breaks). */
  breaks: StartBreak[];
  /** Something is shipped to run: a start command is declared (or, for a service, found by convention). */
  shipped: boolean;
}

export interface StartPathInputs {
  dockerfiles: DockerfileFacts;
  compose: ComposeFacts;
  ci: CiFacts;
  k8s: K8sFacts;
  manifests: ManifestFacts;
  imports: ImportFacts;
  liveness: LivenessFacts;
  kind: ProjectKind;
  platform: PlatformFacts;
}

/** A container kept idle to `exec` into (a devcontainer's `sleep inf`): it starts no program of the project. */
const KEEP_ALIVE = /^(?:sleep\s+inf(?:inity)?|tail\s+-f\s+\/dev\/null)$/;

const BUILD_DIRS = /^(\.\/)?(dist|build|out|target|lib|\.next|\.output|bin|public|www|_build|release)(\/|$)/;

const IMPORT_NAME_OF_DIST: Record<string, string[]> = {
  pyyaml: ['yaml'],
  pillow: ['PIL'],
  beautifulsoup4: ['bs4'],
  'python-dotenv': ['dotenv'],
  'scikit-learn': ['sklearn'],
  'opencv-python': ['cv2'],
  'opencv-python-headless': ['cv2'],
  protobuf: ['google'],
  'python-jose': ['jose'],
  'psycopg2-binary': ['psycopg2'],
  'psycopg-binary': ['psycopg'],
  pyjwt: ['jwt'],
  'python-multipart': ['multipart'],
  'python-dateutil': ['dateutil'],
  attrs: ['attr', 'attrs'],
  grpcio: ['grpc'],
  setuptools: ['setuptools', 'pkg_resources'],
  'typing-extensions': ['typing_extensions'],
  'google-cloud-storage': ['google'],
  pymongo: ['pymongo', 'bson', 'gridfs'],
  'msgpack-python': ['msgpack'],
  'python-socketio': ['socketio'],
  'python-engineio': ['engineio'],
  'python-telegram-bot': ['telegram'],
  'discord.py': ['discord'],
  pycryptodome: ['Crypto'],
  pycryptodomex: ['Cryptodome'],
  mysqlclient: ['MySQLdb'],
  pymysql: ['pymysql'],
  'faiss-cpu': ['faiss'],
  'tensorflow-cpu': ['tensorflow'],
  pytorch: ['torch'],
  'ruamel.yaml': ['ruamel'],
};

function pythonDependencyNames(manifests: ManifestFacts): Set<string> {
  const out = new Set<string>();
  for (const d of manifests.dependencies) {
    if (d.ecosystem !== 'python') continue;
    const n = d.name.toLowerCase();
    out.add(n.replace(/[-.]/g, '_'));
    out.add(n.replace(/^python[-_]/, '').replace(/[-.]/g, '_'));
    for (const x of IMPORT_NAME_OF_DIST[n] ?? []) out.add(x.toLowerCase());
    // google-cloud-x, azure-x, opentelemetry-x: namespace distributions.
    const first = n.split(/[-.]/)[0]!;
    out.add(first);
  }
  return out;
}

const stackOf = (l: Launch | undefined): LaunchStack => {
  if (!l) return 'other';
  if (l.kind.startsWith('python')) return 'python';
  if (l.kind === 'node-script' || l.kind === 'npm-script') return 'node';
  if (l.kind.startsWith('java')) return 'jvm';
  if (l.kind === 'ruby') return 'ruby';
  if (l.kind === 'shell-script') return 'shell';
  return 'other';
};

interface Env {
  /** Image layout, when the target is an image. */
  layout?: ImageLayout;
  /** Working directory: an image path, or a repository folder. */
  cwd: string;
  /** Extra environment (compose/k8s). */
  env: Record<string, string>;
}

export function detectStartPath(repo: RepoIndex, inputs: StartPathInputs): StartPathFacts {
  const gitignored = gitignoredMatcher(repo);
  const deps = pythonDependencyNames(inputs.manifests);
  const targets: LaunchTarget[] = [];
  const seen = new Set<string>();

  const add = (
    t: Omit<LaunchTarget, 'reached' | 'breaks' | 'stack'>,
    argv: string[],
    e: Env,
    cmdForExecArgs?: string[],
  ) => {
    const key = `${t.dockerfile ?? ''}|${t.stage ?? ''}|${e.cwd}|${JSON.stringify(argv)}|${JSON.stringify(e.env)}|${t.source === 'compose' || t.source === 'k8s' ? t.service : ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    const target: LaunchTarget = { ...t, stack: 'other', reached: [], breaks: [] };
    follow(target, argv, e, cmdForExecArgs, 0);
    targets.push(target);
  };

  // ---------------------------------------------------------------------------------------------------------
  // Following one command.

  const pathNote = (e: Env, extra: string[]): string => {
    const parts = [`${e.cwd} (working directory)`, ...extra];
    return parts.join(', ');
  };

  const resolveIn = (e: Env, p: string): string =>
    p.startsWith('/')
      ? p
      : e.layout
        ? normalizeAbs(path.posix.join(e.cwd, p))
        : path.posix.normalize(path.posix.join(e.cwd, p));

  const fileAt = (
    e: Env,
    p: string,
  ):
    | { state: 'file' | 'dir'; repoPath: string }
    | { state: 'missing' }
    | { state: 'unknown'; why: string; from?: UnknownSource; built?: string } => {
    if (e.layout) {
      const l = lookupImage(repo, e.layout, resolveIn(e, p));
      return l.state === 'file' || l.state === 'dir' ? { state: l.state, repoPath: l.repoPath } : l;
    }
    const rel = resolveIn(e, p).replace(/^\.\//, '');
    if (rel.startsWith('/') || rel.startsWith('..')) return { state: 'unknown', why: 'outside the repository' };
    if (repo.has(rel)) return { state: 'file', repoPath: rel };
    if (repo.hasDir(rel)) return { state: 'dir', repoPath: rel };
    return { state: 'missing' };
  };

  /** The repository file the image puts on PATH under a bare command name (`entrypoint.sh`, `docker-entrypoint`). */
  const onPath = (e: Env, name: string): { state: 'file'; repoPath: string } | undefined => {
    if (!e.layout) return undefined;
    for (const d of ['/usr/local/bin', '/usr/bin', '/bin', '/usr/local/sbin', '/usr/sbin', '/sbin']) {
      const l = lookupImage(repo, e.layout, `${d}/${name}`);
      if (l.state === 'file') return { state: 'file', repoPath: l.repoPath };
    }
    return undefined;
  };

  /** True when the package.json in the working directory has a script of this name (what `bun <name>` runs first). */
  const bunScriptNamed = (e: Env, name: string): boolean => {
    const pj = fileAt(e, 'package.json');
    if (pj.state !== 'file') return false;
    const pkg = repo.json(pj.repoPath) as { scripts?: Record<string, unknown> } | undefined;
    return typeof pkg?.scripts?.[name] === 'string';
  };

  /** True when something the repository shows builds this path (a build step, a build output folder, a .gitignore entry). */
  const builtPath = (e: Env, p: string): boolean => {
    const rel = p.replace(/^\.\//, '').replace(/^\/(app|usr\/src\/app|srv|opt\/\w+|home\/\w+)\//, '');
    if ((BUILD_DIRS.test(rel) && !repo.hasDir(rel.split('/')[0]!)) || gitignored(rel)) return true;
    if (e.layout)
      return (
        e.layout.allRuns.length > 0 &&
        /\b(build|tsc|compile|webpack|esbuild|vite|rollup|nest|next|bundle|make|go|mvn|gradle)\b/.test(
          e.layout.allRuns.map((r) => r.args).join('\n'),
        )
      );
    return false;
  };

  const follow = (
    t: LaunchTarget,
    argv: string[],
    e: Env,
    execArgs: string[] | undefined,
    depth: number,
    setup = false,
    stopsOnError = false,
  ): void => {
    const steps = commandSteps(argv);
    if (!steps.length) {
      if (!setup) t.unresolved ??= 'the start command is empty';
      return;
    }
    const main = setup ? undefined : steps[steps.length - 1]!;
    for (const step of steps) {
      const isMain = step === main;
      const stepEnv: Env = {
        ...e,
        cwd: step.cwd ? resolveIn(e, step.cwd) : e.cwd,
        env: { ...e.env, ...step.env },
      };
      if (step.workspace) {
        const rel = workspaceFolder(step.workspace);
        if (rel === undefined) {
          if (isMain) t.unresolved ??= `runs in the workspace package ${step.workspace}, which no package.json names`;
          continue;
        }
        // Run from the workspace root, or already from the package's own folder (`WORKDIR /app/packages/web`).
        const here = stepEnv.cwd.replace(/\/+$/, '');
        if (here !== rel && !here.endsWith(`/${rel}`)) stepEnv.cwd = resolveIn(stepEnv, rel);
      }
      const launch = launchOf(step);
      if (isMain) t.stack = stackOf(launch);
      if (!launch) {
        if (isMain)
          t.unresolved ??= `the program ${step.argv.join(' ').slice(0, 60)} is not one this audit follows (or its target is a variable)`;
        continue;
      }
      // Only the serving step is followed in depth; earlier steps (migrations, setup scripts) only need their files,
      // and only when their failure stops the start (`a && b`, or a script under `set -e`).
      if (
        !isMain &&
        ((launch.kind !== 'python-script' && launch.kind !== 'shell-script') || !(step.required || stopsOnError))
      )
        continue;
      handle(t, launch, stepEnv, execArgs, depth, isMain);
    }
  };

  const declaredStep = (t: LaunchTarget): ChainStep => t.declared;

  /** The file behind a command a published (non-private) package of the repository declares in its `bin`. */
  const workspaceBin = (program: string): string | undefined =>
    repo
      .memo('start-path:workspace-bins', () => {
        const bins = new Map<string, string>();
        for (const f of repo.byName(/^package\.json$/)) {
          const pkg = repo.json(f.path) as { name?: unknown; bin?: unknown; private?: unknown } | undefined;
          if (!pkg?.bin || pkg.private === true) continue;
          const dir = path.posix.dirname(f.path);
          const entries: [string, unknown][] =
            typeof pkg.bin === 'string'
              ? [[String(pkg.name ?? '').replace(/^@[^/]+\//, ''), pkg.bin]]
              : typeof pkg.bin === 'object'
                ? Object.entries(pkg.bin as Record<string, unknown>)
                : [];
          for (const [name, file] of entries) {
            if (!name || typeof file !== 'string') continue;
            const target = path.posix.normalize(path.posix.join(dir, file));
            if (repo.has(target) && !bins.has(name)) bins.set(name, target);
          }
        }
        return bins;
      })
      .get(program);

  // A workspace package's folder relative to its workspace root (the folder whose package.json lists workspaces, or
  // that holds pnpm-workspace.yaml), where a package manager's workspace command is run from. Both are looked up in
  // the whole repository: a component's own folder is the package (`.` in its view) while the workspace root lies
  // above it, so a view alone would run the command in the package's parent.
  const workspaceFolder = (name: string): string | undefined => {
    const whole = repo.wholeRepo();
    const dir = packageFolderNamed(whole, name);
    if (dir === undefined) return undefined;
    for (let root = dir; root !== '.'; ) {
      root = path.posix.dirname(root);
      const manifest = whole.json(root === '.' ? 'package.json' : `${root}/package.json`) as
        | { workspaces?: unknown }
        | undefined;
      if (manifest?.workspaces || whole.has(root === '.' ? 'pnpm-workspace.yaml' : `${root}/pnpm-workspace.yaml`))
        return root === '.' ? dir : path.posix.relative(root, dir);
    }
    return dir;
  };

  const handle = (
    t: LaunchTarget,
    l: Launch,
    e: Env,
    execArgs: string[] | undefined,
    depth: number,
    isMain: boolean,
  ): void => {
    const artefact: StartBreak['artefact'] =
      t.source === 'dockerfile'
        ? 'dockerfile'
        : t.source === 'compose'
          ? 'compose'
          : t.source === 'k8s'
            ? 'k8s'
            : t.source === 'convention'
              ? 'code'
              : 'manifest';
    const confidence: StartBreak['confidence'] =
      e.layout && !e.layout.contextCertain ? 'low' : t.source === 'convention' ? 'low' : 'high';
    switch (l.kind) {
      case 'python-module':
      case 'python-script':
      case 'python-config': {
        let module = l.kind === 'python-module' ? l.module : undefined;
        let object = l.kind === 'python-module' ? l.object : undefined;
        let factory = l.kind === 'python-module' ? l.factory : undefined;
        let cwd = e.cwd;
        const extraPath: string[] = [];
        if (l.kind === 'python-config' || (l.kind === 'python-module' && l.config)) {
          // gunicorn reads the app from its config file (wsgi_app) when the command line names none.
          const cfgName = (l.kind === 'python-config' ? l.config : l.config) ?? 'gunicorn.conf.py';
          const cfg = fileAt(e, cfgName.replace(/^python:/, ''));
          if (
            cfg.state === 'missing' &&
            (l.kind === 'python-config' ? l.config : l.config) &&
            !cfgName.startsWith('python:')
          ) {
            addBreak(t, {
              kind: 'script-missing',
              artefact,
              message: `gunicorn is started with the config ${cfgName}, which is not ${e.layout ? 'in the image' : 'in the repository'}`,
              chain: [declaredStep(t)],
              confidence,
            });
            return;
          }
          if (l.kind === 'python-config') {
            const text = cfg.state === 'file' ? repo.read(cfg.repoPath) : undefined;
            const m = text ? /^\s*wsgi_app\s*=\s*["']([\w.]+(?::[\w.()]+)?)["']/m.exec(text) : null;
            if (!m) {
              t.unresolved ??= 'gunicorn is started without an application on its command line or in its config file';
              return;
            }
            const [mod, obj] = m[1]!.split(':');
            module = mod;
            object = obj?.replace(/\(.*\)$/, '');
            factory = /\(/.test(obj ?? '');
          }
        }
        if (l.kind === 'python-module' && l.chdir) cwd = resolveIn(e, l.chdir);
        if (l.kind === 'python-config' && l.chdir) cwd = resolveIn(e, l.chdir);
        const sysPath: PyEnv['sysPath'] = [];
        let asMain = false;
        let script: string | undefined;
        if (l.kind === 'python-script') {
          script = resolveIn({ ...e, cwd }, l.script);
          // sys.path[0] is the script's folder (fastapi/streamlit run add it too).
          sysPath.push({
            dir: e.layout ? path.posix.dirname(script) : path.posix.dirname(script) || '.',
            why: 'script folder',
          });
          asMain = true;
        } else {
          const appDir = l.kind === 'python-module' && l.appDir ? resolveIn({ ...e, cwd }, l.appDir) : cwd;
          sysPath.push({ dir: appDir, why: 'working directory' });
          asMain = l.kind === 'python-module' && l.program.endsWith('-m');
          if (l.kind === 'python-module')
            for (const p of l.pythonpath ?? []) sysPath.push({ dir: resolveIn({ ...e, cwd }, p), why: '--pythonpath' });
        }
        const pp = e.env.PYTHONPATH ?? e.layout?.env.PYTHONPATH;
        if (pp !== undefined && !/\$\{?(?!PYTHONPATH)\w/.test(pp)) {
          for (const part of pp.split(':')) {
            if (!part || /\$/.test(part)) continue;
            sysPath.push({ dir: resolveIn({ ...e, cwd }, part), why: 'PYTHONPATH' });
          }
          extraPath.push(`PYTHONPATH=${pp}`);
        }
        const dynamicPP = pp !== undefined && /\$\{?(?!PYTHONPATH\b)\w/.test(pp);
        const lenient = !e.layout || !e.layout.contextCertain || dynamicPP;
        const env: PyEnv = {
          sysPath,
          layout: lenient ? undefined : e.layout,
          installed: lenient || !!e.layout?.installsPythonProject,
          lenient,
          dependencyNames: deps,
        };
        if (lenient && script !== undefined && e.layout) {
          // The build context is a guess: find the script through the guessed layout, and never call it missing.
          const l = lookupImage(repo, e.layout, script);
          if (l.state !== 'file') {
            if (isMain) t.unresolved ??= `${script}: the image's build context is uncertain`;
            return;
          }
          script = l.repoPath;
        }
        if (lenient) {
          const scriptRepo = script !== undefined && !script.startsWith('/') ? script : undefined;
          const base = e.layout ? (e.layout.context === '.' ? '.' : e.layout.context) : cwd;
          env.sysPath = [
            ...(scriptRepo ? [{ dir: path.posix.dirname(scriptRepo), why: 'script folder' }] : []),
            ...guessedSysPath(repo, base.startsWith('/') ? '.' : base, scriptRepo),
          ];
        }
        const declared = declaredStep(t);
        const follow = (mod: string | undefined, obj: string | undefined) =>
          followPython(
            repo,
            env,
            {
              ...(mod ? { module: mod } : {}),
              ...(script !== undefined ? { script } : {}),
              ...(obj ? { object: obj } : {}),
              ...(factory ? { factory } : {}),
              asMain,
              declared,
              pathNote: pathNote({ ...e, cwd }, extraPath),
            },
            gitignored,
          );
        let res = follow(module, object);
        // Celery's `-A proj.tasks.app` imports proj.tasks.app as a module, and failing that reads `app` off proj.tasks.
        if (
          l.kind === 'python-module' &&
          l.program === 'celery' &&
          !object &&
          module?.includes('.') &&
          !res.entryFile
        ) {
          const parent = follow(module.replace(/\.\w+$/, ''), module.replace(/^.*\./, ''));
          if (parent.entryFile) res = parent;
        }
        if (!isMain) {
          // A setup step (python manage.py migrate): only a missing script is a break.
          for (const b of res.breaks)
            if (b.kind === 'entry-missing' || b.kind === 'not-copied')
              addBreak(t, { ...b, confidence: b.confidence === 'high' ? confidence : 'low' });
          return;
        }
        t.entry ??= res.entryFile;
        t.reached.push(...res.reached);
        if (res.unresolved) t.unresolved ??= res.unresolved;
        for (const b of res.breaks)
          addBreak(t, {
            ...b,
            artefact: b.artefact === 'code' ? 'code' : artefact,
            confidence: b.confidence === 'high' ? confidence : 'low',
          });
        return;
      }
      case 'python-inline':
        if (isMain) t.unresolved ??= 'python -c runs inline code';
        return;
      case 'shell-script': {
        // A bare name (`jemalloc.sh`, `entrypoint.sh`) is looked up on PATH, not in the working directory.
        if (!l.script.includes('/') && !l.viaShell) {
          const found = onPath(e, l.script);
          if (!found) {
            if (isMain) t.unresolved ??= `runs ${l.script} from PATH`;
            return;
          }
          if (!isMain || depth > 2) return;
          followScript(t, found.repoPath, e, execArgs, depth);
          return;
        }
        const f = fileAt(e, l.script);
        if (f.state === 'missing') {
          const base = path.posix.basename(l.script);
          const created = e.layout?.allRuns.some((r) => `${r.args}\n${r.heredoc ?? ''}`.includes(base));
          if (created || builtPath(e, l.script)) return;
          const elsewhere = repo.byName(new RegExp(`^${escapeRegExp(base)}$`))[0];
          addBreak(t, {
            kind: 'script-missing',
            artefact,
            message: elsewhere
              ? `runs ${l.script}, which is not there ${e.layout ? 'in the image' : ''} (${elsewhere.path} is in the repository${e.layout ? ', but no COPY puts it there' : ''})`
              : `runs ${l.script}, which is not in the repository and no build step creates it`,
            chain: [declaredStep(t)],
            confidence,
          });
          return;
        }
        if (f.state === 'unknown' && isMain && f.from === 'base-image')
          t.unresolved ??= `runs ${l.script}, which the base image provides`;
        if (f.state === 'unknown' && isMain && (f.from === 'other-component' || f.from === 'copied-in'))
          t.unresolved ??= `runs ${l.script}, ${f.why}`;
        if (f.state !== 'file') return;
        if (!isMain || depth > 2) return;
        followScript(t, f.repoPath, e, execArgs, depth);
        return;
      }
      case 'npm-script': {
        if (!isMain || depth > 3) return;
        if (l.program === 'deno') {
          followDenoTask(t, l.script, e, depth);
          return;
        }
        const pj = fileAt(e, 'package.json');
        if (pj.state !== 'file') {
          if (pj.state === 'missing' && !e.layout) t.unresolved ??= `no package.json in ${e.cwd}`;
          else t.unresolved ??= `package.json is not visible in ${e.cwd}`;
          return;
        }
        const pkg = repo.json(pj.repoPath) as { scripts?: Record<string, string> } | undefined;
        const scriptName = pkg?.scripts ? linuxScriptName(pkg.scripts, l.script) : l.script;
        const script = pkg?.scripts?.[scriptName];
        if (typeof script !== 'string') {
          if (l.script === 'start') {
            const server = fileAt(e, 'server.js');
            if (server.state !== 'missing') {
              if (server.state === 'file') t.entry ??= server.repoPath;
              return;
            }
          }
          if (pkg === undefined) return;
          addBreak(t, {
            kind: 'npm-script-missing',
            artefact,
            message: `runs \`${l.program} ${l.script === 'start' ? 'start' : `run ${l.script}`}\`, but ${pj.repoPath} has no "${l.script}" script${l.script === 'start' ? ' and there is no server.js' : ''}`,
            chain: [
              declaredStep(t),
              { path: pj.repoPath, line: 1, note: `scripts: ${Object.keys(pkg.scripts ?? {}).join(', ') || 'none'}` },
            ],
            confidence,
          });
          return;
        }
        const line = repo.lines(pj.repoPath).findIndex((x) => x.includes(`"${scriptName}"`)) + 1 || 1;
        const sub: LaunchTarget = {
          ...t,
          declared: { path: pj.repoPath, line, note: `"${scriptName}": ${script}`.slice(0, 160) },
        };
        follow(sub, ['/bin/sh', '-c', script], e, undefined, depth + 1);
        t.stack = 'node';
        t.entry = sub.entry ?? t.entry;
        t.reached = sub.reached;
        t.unresolved ??= sub.unresolved;
        for (const b of sub.breaks) addBreak(t, { ...b, chain: [declaredStep(t), ...b.chain] });
        return;
      }
      case 'node-script': {
        if (!isMain) return;
        // `bun start`, `bun run dev`: Bun runs the package.json script of that name before looking for a file.
        if (l.program === 'bun' && !l.script.includes('.') && !l.script.includes('/') && bunScriptNamed(e, l.script)) {
          handle(t, { kind: 'npm-script', script: l.script, program: 'bun' }, e, execArgs, depth, isMain);
          return;
        }
        const f = fileAt(e, l.script);
        if (f.state === 'file') {
          t.entry ??= f.repoPath;
          followJs(t, f.repoPath, e, resolveIn(e, l.script));
          return;
        }
        if (f.state === 'dir') {
          const idx = ['index.js', 'index.mjs', 'index.cjs', 'index.ts']
            .map((x) => fileAt(e, `${l.script}/${x}`))
            .find((x) => x.state === 'file');
          if (idx && idx.state === 'file') {
            t.entry ??= idx.repoPath;
            followJs(t, idx.repoPath);
          }
          return;
        }
        if (f.state === 'unknown' || builtPath(e, l.script)) {
          // A build output: follow its TypeScript source when it can be found (through the output folder the image
          // copies from the context when it was built before the image).
          const outside =
            f.state === 'unknown' && f.built ? sourceOfBuilt(repo, { cwd: '.', env: {} }, f.built) : undefined;
          const src = sourceOfBuilt(repo, e, l.script) ?? (outside && repo.fromRepo(repo.toRepo(outside)));
          if (src) {
            t.entry ??= src;
            followJs(t, src);
          } else t.unresolved ??= `${l.script} is produced by a build step`;
          return;
        }
        // node x (no extension) resolves x.js, x/index.js.
        for (const ext of ['.js', '.mjs', '.cjs', '/index.js'])
          if (fileAt(e, `${l.script}${ext}`).state !== 'missing') return;
        if (/^[\w@-]+$/.test(l.script) && !l.script.includes('.')) return; // a package bin name
        // `node bin/server.js` beside bin/server.ts: the script runs in the build output, which mirrors the sources
        // (AdonisJS `node ace build` writes build/ with its package.json; `tsc` with the start script copied to dist/).
        const twin = /\.[cm]?js$/.test(l.script)
          ? ['.ts', '.mts', '.cts']
              .map((x) => fileAt(e, l.script.replace(/\.[cm]?js$/, x)))
              .find((x) => x.state === 'file')
          : undefined;
        if (twin && twin.state === 'file') {
          t.entry ??= twin.repoPath;
          followJs(t, twin.repoPath);
          return;
        }
        addBreak(t, {
          kind: 'entry-missing',
          artefact,
          message: `runs ${l.script}, which is not ${e.layout ? 'in the image' : 'in the repository'} and no build step produces it`,
          chain: [declaredStep(t)],
          confidence,
        });
        return;
      }
      case 'ruby': {
        if (!isMain) return;
        for (const file of l.files) {
          const f = fileAt(e, file);
          if (f.state === 'missing' && !builtPath(e, file)) {
            addBreak(t, {
              kind: 'entry-missing',
              artefact,
              message: `${l.program} needs ${file}, which is not ${e.layout ? 'in the image' : 'in the repository'}`,
              chain: [declaredStep(t)],
              confidence,
            });
          } else if (f.state === 'file') t.entry ??= f.repoPath;
        }
        return;
      }
      case 'dotnet-dll': {
        // `dotnet App.dll` runs the assembly a project of the repository builds (its AssemblyName, else its file
        // name): the start is that project's Program file. A name no project has, or more than one project in the
        // build context, stays unresolved (the assembly may be named by a property computed at build time).
        if (!isMain) return;
        // Read over the whole repository (a component's view names its files from its own folder; the entry is told
        // by its repository path, as the image layout's files are).
        const whole = repo.wholeRepo();
        const named = dotnetModel(whole).projects.filter((p) => p.name === l.assembly && p.kind !== 'test');
        const inContext = named.filter((p) => isUnder(p.path, repo.toRepo(t.context)));
        const project = inContext.length === 1 ? inContext[0] : named.length === 1 ? named[0] : undefined;
        if (!project) {
          t.unresolved ??= `runs the built assembly ${l.assembly}.dll, which ${named.length ? 'several projects build' : 'no project of the repository is named'}`;
          return;
        }
        const entry =
          ['Program.cs', 'Program.fs', 'Program.vb']
            .map((f) => path.posix.join(project.dir, f))
            .find((f) => whole.has(f)) ?? project.path;
        t.entry ??= entry;
        t.reached.push(entry);
        return;
      }
      case 'java-jar':
      case 'java-class':
        if (isMain)
          t.unresolved ??= l.kind === 'java-jar' ? `runs the built jar ${l.jar}` : `runs the class ${l.mainClass}`;
        return;
      case 'binary': {
        // An extensionless start script of the repository (bin/docker-entrypoint, scripts/start, or one the image
        // copies onto PATH: `COPY docker/entrypoint.sh /usr/local/bin/docker-entrypoint`): a shell script is followed
        // like one; anything else (a compiled program, another interpreter) is not judged.
        const f = depth > 2 ? undefined : l.program.includes('/') ? fileAt(e, l.program) : onPath(e, l.program);
        const text = f?.state === 'file' ? repo.read(f.repoPath) : undefined;
        if (isMain && f?.state === 'file' && text !== undefined && /^#!\s*\S*\/(env\s+)?(ba|da)?sh\b/.test(text)) {
          followScript(t, f.repoPath, e, execArgs, depth);
          return;
        }
        // A Node program of the repository run by its path (`./run start`, `bin/www`, `#!/usr/bin/env node`).
        if (isMain && f?.state === 'file' && text !== undefined && /^#!\s*\S*\/(env\s+(-S\s+)?)?node\b/.test(text)) {
          t.stack = 'node';
          t.entry ??= f.repoPath;
          followJs(t, f.repoPath);
          return;
        }
        // The command of one of the workspace's own packages, installed from the registry (`npm install -g flowise`
        // then `flowise start`): it starts that package's bin, published from this repository.
        const own = isMain && !l.program.includes('/') ? workspaceBin(l.program) : undefined;
        if (own) {
          t.stack = 'node';
          t.entry ??= own;
          t.reached.push(own);
          return;
        }
        if (isMain) t.unresolved ??= `runs the program ${l.program}`;
        return;
      }
      default:
        return;
    }
  };

  /** Follows `deno task NAME`: the task of the deno.json (or deno.jsonc) in the working folder. */
  function followDenoTask(t: LaunchTarget, name: string, e: Env, depth: number): void {
    const found = ['deno.json', 'deno.jsonc'].map((c) => fileAt(e, c)).find((f) => f.state === 'file');
    const cfg = found?.state === 'file' ? found : undefined;
    if (!cfg) {
      t.unresolved ??= `no deno.json in ${e.cwd}`;
      return;
    }
    const tasks = denoTasks(repo.read(cfg.repoPath) ?? '');
    const task = tasks[name];
    if (task === undefined) {
      addBreak(t, {
        kind: 'npm-script-missing',
        artefact: t.source === 'dockerfile' || t.source === 'compose' || t.source === 'k8s' ? t.source : 'manifest',
        message: `runs \`deno task ${name}\`, but ${cfg.repoPath} has no "${name}" task`,
        chain: [
          declaredStep(t),
          { path: cfg.repoPath, line: 1, note: `tasks: ${Object.keys(tasks).join(', ') || 'none'}` },
        ],
        confidence: t.source === 'convention' ? 'low' : 'high',
      });
      return;
    }
    const line = repo.lines(cfg.repoPath).findIndex((x) => x.includes(`"${name}"`)) + 1 || 1;
    const sub: LaunchTarget = {
      ...t,
      declared: { path: cfg.repoPath, line, note: `"${name}": ${task}`.slice(0, 160) },
    };
    follow(sub, ['/bin/sh', '-c', task], e, undefined, depth + 1);
    t.stack = 'node';
    t.entry = sub.entry ?? t.entry;
    t.reached = sub.reached;
    t.unresolved ??= sub.unresolved;
    for (const b of sub.breaks) addBreak(t, { ...b, chain: [declaredStep(t), ...b.chain] });
  }

  /** Follows a start script: its setup steps, then `exec "$@"` (the CMD) or the server it starts. */
  const followScript = (t: LaunchTarget, file: string, e: Env, execArgs: string[] | undefined, depth: number): void => {
    const f = { repoPath: file };
    t.entry ??= f.repoPath;
    const scriptSteps = scriptLaunches(repo, f.repoPath);
    // Steps before the server (migrations, setup scripts): the files they run must exist.
    for (const st of scriptSteps.setup) {
      const sub: LaunchTarget = { ...t, breaks: [], declared: { path: f.repoPath, line: st.line, note: st.text } };
      follow(sub, st.argv, e, undefined, depth + 1, true, scriptSteps.stopsOnError);
      for (const b of sub.breaks) addBreak(t, { ...b, chain: [declaredStep(t), ...b.chain] });
    }
    if (scriptSteps.execArgs && execArgs?.length) {
      // `exec "$@"`: the image's CMD is what runs.
      follow(t, execArgs, e, undefined, depth + 1);
      return;
    }
    if (!scriptSteps.main) {
      t.unresolved ??= `${f.repoPath} starts nothing this audit follows`;
      return;
    }
    const sub: LaunchTarget = {
      ...t,
      declared: { path: f.repoPath, line: scriptSteps.main.line, note: scriptSteps.main.text },
    };
    follow(sub, scriptSteps.main.argv, e, execArgs, depth + 1);
    t.stack = sub.stack;
    t.entry = sub.entry ?? t.entry;
    t.reached = sub.reached;
    t.unresolved ??= sub.unresolved;
    for (const b of sub.breaks) addBreak(t, { ...b, chain: [declaredStep(t), ...b.chain] });
  };

  const addBreak = (t: LaunchTarget, b: StartBreak) => {
    if (!t.breaks.some((x) => x.message === b.message)) t.breaks.push(b);
  };

  /**
   * Static, top-level relative imports of JS/TS files reached from the entry must resolve. A file copied into an image
   * (`e`) resolves its imports there: beside it may sit what a build stage wrote (`require('./apps/web/server.js')`
   * of a Next.js standalone server copied to the same folder) or a file copied under another name (`COPY
   * config.template.js app/config.js`).
   */
  const followJs = (t: LaunchTarget, entry: string, e?: Env, entryInImage?: string): void => {
    const queue = [entry];
    const seenJs = new Set(queue);
    const chainOf = new Map<string, ChainStep[]>([[entry, [t.declared]]]);
    while (queue.length && seenJs.size < 3000) {
      const file = queue.shift()!;
      t.reached.push(file);
      // Plain JavaScript runs as written: a name its module code reads before it exists throws at load time.
      if (/\.[cm]?js$/.test(file)) {
        const info = jsInfo(repo, file);
        for (const p of info?.problems ?? []) {
          addBreak(t, {
            kind: p.kind === 'undefined' ? 'undefined-name' : 'unbound-local',
            artefact: 'code',
            message:
              p.kind === 'undefined'
                ? `${file}:${p.line} reads ${p.name} when the module loads, and nothing declares it: ReferenceError at start`
                : `${file}:${p.line} reads ${p.name} before its declaration (line ${p.declaredAt}) runs: ReferenceError at start`,
            chain: [
              ...(chainOf.get(file) ?? [t.declared]),
              { path: file, line: p.line, note: `${p.name} is not defined yet` },
            ],
            confidence: t.source === 'convention' ? 'low' : 'high',
          });
        }
      }
      for (const ref of inputs.imports.byFile.get(file) ?? []) {
        if (!ref.module.startsWith('.')) continue;
        const text = repo.lines(file)[ref.line - 1] ?? '';
        const staticTop =
          /^(import\s(?!type\b)|export\s[^=]*\bfrom\b)|^(const|let|var)\s[^=]+=\s*require\(|^require\(/.test(text);
        if (!staticTop) continue;
        const chain = [...(chainOf.get(file) ?? []), { path: file, line: ref.line, note: text.trim().slice(0, 160) }];
        if (ref.local) {
          if (!seenJs.has(ref.local) && /\.[cm]?[jt]sx?$/.test(ref.local)) {
            seenJs.add(ref.local);
            chainOf.set(ref.local, chain);
            queue.push(ref.local);
          }
          continue;
        }
        if (
          /[?!*$]|\.(css|scss|sass|less|svg|png|jpe?g|gif|webp|html?|md|txt|graphql|gql|wasm|vue|svelte|node)$/.test(
            ref.module,
          )
        )
          continue;
        const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), ref.module));
        const fileInImage = e?.layout && (file === entry ? entryInImage : imagePathOf(e.layout, file));
        const inImage =
          e?.layout && fileInImage
            ? jsInImage(repo, e.layout, normalizeAbs(path.posix.join(path.posix.dirname(fileInImage), ref.module)))
            : undefined;
        // A folder the index leaves out (fixtures/, vendor/) may hold it: it cannot be checked, so it is not missing.
        if (
          jsExists(repo, base) ||
          (inImage && (inImage.state === 'unknown' ? inImage.from === 'copied-in' : inImage.state !== 'missing')) ||
          // A module the repository ignores by its file name (`src/config.ts` in .gitignore, imported as
          // `../config`): the set-up writes it, as it writes an ignored folder. Not one ignored for its extension
          // alone (`*.js`, the compiled output), which would excuse every missing import.
          gitignored(base) ||
          jsCandidates(base).some((c) => gitignored(c) && !gitignored(extensionProbe(c))) ||
          defaultIgnored(base, false) ||
          (BUILD_DIRS.test(base) && !repo.hasDir(base.split('/')[0]!))
        )
          continue;
        addBreak(t, {
          kind: 'module-missing',
          artefact: 'code',
          message: `${file}:${ref.line} imports ${ref.module}, but ${base} (.js/.ts/index) is not in the repository`,
          chain,
          confidence: t.source === 'convention' ? 'low' : 'high',
        });
      }
    }
  };

  // ---------------------------------------------------------------------------------------------------------
  // Discovery.

  const composeByDockerfile = new Map<string, ComposeService[]>();
  for (const s of inputs.compose.services) {
    if (!s.build || s.build.inline) continue;
    const list = composeByDockerfile.get(s.build.dockerfile) ?? [];
    list.push(s);
    composeByDockerfile.set(s.build.dockerfile, list);
  }

  // 1. Images built from the production Dockerfiles (final stage).
  for (const df of inputs.dockerfiles.production) {
    const services = composeByDockerfile.get(df.path) ?? [];
    // The context a compose service gives the image, else the one CI or a script builds it from (`docker build -f
    // dockerfiles/Dockerfile .`: a `COPY . /app` copies the repository, not the Dockerfile's folder).
    const ctx = services.find((s) => !s.build?.target)?.build?.context ?? buildContextOf(repo, inputs, df);
    const layout = imageLayout(repo, df, ctx ? { context: ctx } : {});
    if (!layout) continue;
    const cmd = imageStartCommand(df, undefined);
    const declared: ChainStep = cmd
      ? { path: df.path, line: cmd.line, note: cmd.text }
      : { path: df.path, line: layout.stageLine, note: 'final stage' };
    if (!cmd) {
      targets.push({
        id: `${df.path}:${layout.stageLine}`,
        source: 'dockerfile',
        declared,
        command: [],
        stack: 'other',
        context: layout.context,
        dockerfile: df.path,
        stage: layout.stage,
        layout,
        reached: [],
        breaks: [],
        unresolved: `no CMD or ENTRYPOINT: the base image ${layout.base} decides what runs`,
      });
      continue;
    }
    add(
      {
        id: `${df.path}:${cmd.line}`,
        source: 'dockerfile',
        declared,
        command: cmd.argv,
        context: layout.context,
        dockerfile: df.path,
        stage: layout.stage,
        layout,
      },
      cmd.argv,
      { layout, cwd: layout.workdir, env: {} },
      cmd.cmd,
    );
  }

  // 1b. Cloud Foundry manifests: the `command:` each application starts with, in the folder `cf push` uploads (`path:`,
  // relative to the manifest). A manifest of a Docker image (`docker:`) runs the image's own command.
  // Manifests per environment repeat one command: add() keeps the first.
  for (const t of inputs.platform.targets) {
    if (t.platform !== 'cloud-foundry' || !/\.ya?ml$/.test(t.path) || !t.sourceBuild) continue;
    const cwd = t.folder ?? path.posix.dirname(t.path);
    for (const app of arr(obj(repo.yaml(t.path)).applications)) {
      const command = obj(app).command;
      if (typeof command !== 'string' || !command.trim()) continue;
      const line = repo.lines(t.path).findIndex((l) => /^\s*command\s*:/.test(l)) + 1;
      const argv = ['/bin/sh', '-c', command];
      add(
        {
          id: `${t.path}:${line}`,
          source: 'cloud-foundry',
          declared: { path: t.path, line, note: `command: ${command}`.slice(0, 160) },
          command: argv,
          context: cwd,
        },
        argv,
        { cwd, env: {} },
      );
    }
  }

  // 2. Compose services: the image they build (its target stage), with command, working_dir, environment and mounts.
  // An emulator the stack builds (role infra) runs someone else's program; a test stack runs the suite.
  for (const s of inputs.compose.services) {
    if (!s.build || s.build.inline || s.role === 'infra' || /^[a-z]+:\/\/|^git@|\$/.test(s.build.context)) continue;
    if (isTestComposeFile(s.file)) continue;
    const df = parsedDockerfile(repo, s.build.dockerfile);
    if (!df) continue;
    const base = imageLayout(repo, df, {
      context: s.build.context,
      ...(s.build.target ? { target: s.build.target } : {}),
    });
    if (!base) continue;
    const layout = withMounts(repo, base, s);
    const img = imageStartCommand(df, base.stage);
    const toArgv = (v: string | string[]) => (Array.isArray(v) ? v : shellWords(v));
    const ep = s.entrypoint ? toArgv(s.entrypoint.value) : img?.entrypointOnly;
    const cmd = s.command ? toArgv(s.command.value) : s.entrypoint ? [] : img?.cmd;
    const argv = [...(ep ?? []), ...(cmd ?? [])];
    if (!argv.length || KEEP_ALIVE.test(argv.join(' '))) continue;
    const declared: ChainStep =
      s.command || s.entrypoint
        ? {
            path: s.file,
            line: (s.command ?? s.entrypoint)!.line,
            note: `${s.name}: ${s.command ? 'command' : 'entrypoint'}: ${JSON.stringify((s.command ?? s.entrypoint)!.value)}`.slice(
              0,
              160,
            ),
          }
        : { path: img ? df.path : s.file, line: img?.line ?? s.line, note: img?.text ?? s.name };
    const cwd = s.workingDir ? normalizeAbs(path.posix.resolve(layout.workdir, s.workingDir)) : layout.workdir;
    add(
      {
        id: `${s.file}#${s.name}`,
        source:
          s.command || s.entrypoint || s.workingDir || Object.keys(s.environment).length || layout !== base
            ? 'compose'
            : 'dockerfile',
        declared,
        command: argv,
        context: layout.context,
        dockerfile: df.path,
        stage: layout.stage,
        service: s.name,
        layout,
      },
      argv,
      { layout, cwd, env: s.environment },
      cmd,
    );
  }

  // 3. Kubernetes containers with a command, when the image is the one this repository builds.
  if (inputs.dockerfiles.production.length === 1) {
    const df = inputs.dockerfiles.production[0]!;
    const layout = imageLayout(repo, df);
    if (layout)
      for (const w of inputs.k8s.workloads) {
        for (const c of w.containers) {
          if (!c.command && !c.args) continue;
          if (
            !c.image ||
            /postgres|redis|mysql|mongo|nginx|busybox|alpine|curl|bitnami|kafka|rabbit|elastic|minio|memcached/.test(
              c.image.ref,
            )
          )
            continue;
          if (w.helm || [...(c.command ?? []), ...(c.args ?? [])].some((x) => x.includes('{{'))) continue;
          const img = imageStartCommand(df, undefined);
          const ep = c.command ?? img?.entrypointOnly ?? [];
          const args = c.args ?? (c.command ? [] : (img?.cmd ?? []));
          const argv = [...ep, ...args];
          add(
            {
              id: `${w.file}#${w.name}/${c.name}`,
              source: 'k8s',
              declared: {
                path: w.file,
                line: c.commandLine ?? c.line,
                note: `${w.kind}/${w.name} ${c.init ? 'init container' : 'container'} ${c.name}: ${argv.join(' ')}`.slice(
                  0,
                  160,
                ),
              },
              command: argv,
              context: layout.context,
              dockerfile: df.path,
              stage: layout.stage,
              service: `${w.name}/${c.name}`,
              layout,
            },
            argv,
            { layout, cwd: c.workingDir ?? layout.workdir, env: c.env ?? {} },
            args,
          );
        }
      }
  }

  // 4. Procfile processes (Heroku-style platforms run them from the Procfile's folder).
  for (const f of repo.byName(/^Procfile(\.[\w-]+)?$/)) {
    // Procfile.dev (foreman, overmind, goreman): the development process set, never what ships; nor is a Procfile
    // beside the image that deploys.
    if (
      f.isTest ||
      /^Procfile\.(?:dev|devel|development|local|test|e2e)$/i.test(path.posix.basename(f.path)) ||
      inputs.platform.besideImage.includes(f.path)
    )
      continue;
    const dir = path.posix.dirname(f.path);
    repo.lines(f.path).forEach((lineText, i) => {
      const m = /^([\w-]+)\s*:\s*(.+)$/.exec(lineText.trim());
      if (!m || lineText.trim().startsWith('#')) return;
      if (/^(release)$/.test(m[1]!)) return;
      const argv = ['/bin/sh', '-c', m[2]!];
      // A Procfile kept in a subfolder whose commands name that folder by its repository path
      // (`deployment/heroku/Procfile.heroku`: `puma -C ./deployment/heroku/puma.rb`) is copied to the root and run there.
      const fromRoot = dir !== '.' && new RegExp(`(?:^|[\\s=])(?:\\./)?${escapeRegExp(dir)}/`).test(m[2]!);
      const cwd = fromRoot ? '.' : dir;
      add(
        {
          id: `${f.path}:${i + 1}`,
          source: 'procfile',
          declared: { path: f.path, line: i + 1, note: lineText.trim().slice(0, 160) },
          command: argv,
          context: cwd,
        },
        argv,
        { cwd, env: {} },
      );
    });
  }

  const declaredAny = targets.length > 0;

  // 5. package.json start script of a service without a container or Procfile (PaaS builds run `npm start`).
  if (!declaredAny && inputs.kind.kind !== 'library') {
    const pj = repo.json('package.json') as { scripts?: Record<string, string> } | undefined;
    const start = pj?.scripts?.start;
    if (
      typeof start === 'string' &&
      !/\b(react-scripts|vite|webpack(-dev-server)?|ng|vue-cli-service|parcel|expo|storybook|docusaurus|gatsby|astro|nuxt\s+dev|next\s+dev|electron)\b/.test(
        start,
      )
    ) {
      const line = repo.lines('package.json').findIndex((x) => /"start"\s*:/.test(x)) + 1 || 1;
      const argv = ['/bin/sh', '-c', start];
      add(
        {
          id: `package.json:${line}`,
          source: 'package.json',
          declared: { path: 'package.json', line, note: `"start": ${start}`.slice(0, 160) },
          command: argv,
          context: '.',
        },
        argv,
        { cwd: '.', env: {} },
      );
    }
  }

  // 5b. The start task of a Deno project (deno.json / deno.jsonc) without a package.json start script.
  if (!declaredAny && !targets.length && inputs.kind.kind !== 'library') {
    const cfg = ['deno.json', 'deno.jsonc'].find((c) => repo.has(c));
    const start = cfg ? denoTasks(repo.read(cfg) ?? '').start : undefined;
    if (cfg && start !== undefined && /\bdeno\s+(?:run|serve)\b/.test(start)) {
      const line = repo.lines(cfg).findIndex((x) => /"start"\s*:/.test(x)) + 1 || 1;
      const argv = ['/bin/sh', '-c', start];
      add(
        {
          id: `${cfg}:${line}`,
          source: 'deno.json',
          declared: { path: cfg, line, note: `"start": ${start}`.slice(0, 160) },
          command: argv,
          context: '.',
        },
        argv,
        { cwd: '.', env: {} },
      );
    }
  }

  // 6. Console scripts a Python package installs: `name = "pkg.module:function"`.
  for (const m of inputs.manifests.manifests) {
    if (m.type !== 'pyproject') continue;
    const raw = m.raw as
      | { project?: { scripts?: Record<string, unknown> }; tool?: { poetry?: { scripts?: Record<string, unknown> } } }
      | undefined;
    const scripts = { ...(raw?.project?.scripts ?? {}), ...(raw?.tool?.poetry?.scripts ?? {}) };
    const dir = path.posix.dirname(m.path);
    for (const [name, value] of Object.entries(scripts)) {
      const spec =
        typeof value === 'string'
          ? value
          : typeof (value as { reference?: unknown })?.reference === 'string'
            ? String((value as { reference: string }).reference)
            : undefined;
      if (!spec || !/^[\w.]+:[\w.]+$/.test(spec)) continue;
      const line =
        repo.lines(m.path).findIndex((x) => new RegExp(`^\\s*["']?${escapeRegExp(name)}["']?\\s*=`).test(x)) + 1 || 1;
      const [mod, fn] = spec.split(':') as [string, string];
      const target: LaunchTarget = {
        id: `${m.path}#${name}`,
        source: 'pyproject',
        declared: { path: m.path, line, note: `${name} = "${spec}"` },
        command: [name],
        stack: 'python',
        context: dir,
        reached: [],
        breaks: [],
      };
      const res = followPython(
        repo,
        { sysPath: guessedSysPath(repo, dir), installed: true, lenient: true, dependencyNames: deps },
        {
          module: mod,
          object: fn.split('.')[0],
          factory: true,
          asMain: false,
          declared: target.declared,
          pathNote: 'the installed package',
        },
        gitignored,
      );
      target.entry = res.entryFile;
      target.reached = res.reached;
      target.breaks = res.breaks.map((b) => ({
        ...b,
        artefact: b.kind === 'entry-missing' || b.kind === 'app-missing' ? 'manifest' : b.artefact,
      }));
      if (res.unresolved) target.unresolved = res.unresolved;
      targets.push(target);
    }
  }

  // 7. No declared start: the service's conventional entry files (an app created at module level, a server started).
  if (!targets.length && inputs.kind.kind !== 'library' && inputs.liveness.entrypoints.length) {
    // A tool script (`scripts/generate_benchmark_chart.py`) comes after the programs the service is built from.
    const tool = (ep: { path: string }): number => Number(TOOLING_SEGMENT.test(ep.path.split('/')[0]!));
    for (const ep of [...inputs.liveness.entrypoints].sort((a, b) => tool(a) - tool(b)).slice(0, 5)) {
      const f = repo.get(ep.path);
      if (!f || f.isTest) continue;
      const target: LaunchTarget = {
        id: `${ep.path}:${ep.line}`,
        source: 'convention',
        declared: { path: ep.path, line: ep.line, note: ep.note },
        command: [],
        stack:
          f.language === 'python'
            ? 'python'
            : f.language === 'javascript' || f.language === 'typescript'
              ? 'node'
              : f.language === 'go'
                ? 'go'
                : 'other',
        context: '.',
        entry: ep.path,
        reached: [],
        breaks: [],
      };
      if (target.stack === 'python') {
        const res = followPython(
          repo,
          { sysPath: guessedSysPath(repo, '.', ep.path), installed: true, lenient: true, dependencyNames: deps },
          { script: ep.path, asMain: false, declared: target.declared, pathNote: 'the repository' },
          gitignored,
        );
        target.reached = res.reached;
        // How the file is run is not declared: a relative import may be fine (run with -m).
        target.breaks = res.breaks
          .filter((b) => b.kind !== 'relative-import-in-script')
          .map((b) => ({ ...b, confidence: 'low' as const }));
      } else if (target.stack === 'node') followJs(target, ep.path);
      else target.unresolved = 'no start command is declared';
      targets.push(target);
    }
  }

  // Go images: the packages `go build` compiles must be main packages of the build context.
  for (const t of targets) {
    if (t.source !== 'dockerfile' || !t.dockerfile || !t.layout?.contextCertain) continue;
    const df = parsedDockerfile(repo, t.dockerfile);
    if (!df) continue;
    for (const b of goBuildBreaks(repo, df)) if (!t.breaks.some((x) => x.message === b.message)) t.breaks.push(b);
  }

  // Healthchecks and mounts of the images the project builds.
  for (const t of targets) {
    if (!t.layout || !t.dockerfile) continue;
    const df = parsedDockerfile(repo, t.dockerfile);
    if (!df) continue;
    const stage = df.stages.find((s) => (s.name ?? String(s.index)) === t.stage);
    if (!stage) continue;
    const hc = effectiveInstruction(df, 'HEALTHCHECK', stage);
    if (hc && t.source !== 'k8s') {
      const b = healthcheckBreak(
        repo,
        t.layout.context,
        df,
        stage.index,
        hc.ins.args,
        { path: df.path, line: hc.ins.line, note: `HEALTHCHECK ${hc.ins.args}`.slice(0, 160) },
        'dockerfile',
      );
      if (b && !t.breaks.some((x) => x.message === b.message)) t.breaks.push(b);
    }
  }
  for (const s of inputs.compose.services) {
    const t =
      targets.find((x) => x.service === s.name && x.id === `${s.file}#${s.name}`) ??
      targets.find((x) => x.dockerfile && x.dockerfile === s.build?.dockerfile);
    // A test stack's healthcheck (docker-compose-e2e-test.yaml) checks the test run, not the shipped start path.
    if (s.healthcheckTest && !s.healthcheck?.disabled && s.build && t?.dockerfile && !isTestComposeFile(s.file)) {
      const df = parsedDockerfile(repo, t.dockerfile);
      const stage = df?.stages.find((x) => (x.name ?? String(x.index)) === (s.build?.target?.toLowerCase() ?? t.stage));
      if (df && stage) {
        const test = s.healthcheckTest;
        const args =
          test[0] === 'CMD'
            ? JSON.stringify(test)
            : test[0] === 'CMD-SHELL'
              ? `CMD ${test.slice(1).join(' ')}`
              : `CMD ${test.join(' ')}`;
        const b = healthcheckBreak(
          repo,
          t.layout?.context,
          df,
          stage.index,
          args,
          { path: s.file, line: s.healthcheck!.line, note: `${s.name}: healthcheck ${test.join(' ')}`.slice(0, 160) },
          'compose',
        );
        if (b && !t.breaks.some((x) => x.message === b.message)) t.breaks.push(b);
      }
    }
  }

  const breaks: StartBreak[] = [];
  for (const t of targets) for (const b of t.breaks) if (!breaks.some((x) => x.message === b.message)) breaks.push(b);
  for (const b of composeMountBreaks(repo, inputs.compose, gitignored))
    if (!breaks.some((x) => x.message === b.message)) breaks.push(b);
  const shipped =
    targets.some((t) => t.source !== 'convention') || (targets.length > 0 && inputs.kind.kind !== 'library');
  return { targets, breaks, shipped };
}

/**
 * `go build ./cmd/api` in a build stage: the package folder must be in that stage (from the build context) and be a
 * main package. A folder another step creates, a variable, or `./...` is not judged.
 */
function goBuildBreaks(repo: RepoIndex, df: ParsedDockerfile): StartBreak[] {
  const out: StartBreak[] = [];
  for (const stage of df.stages) {
    const runs = stage.instructions.filter((i) => i.keyword === 'RUN');
    if (!runs.some((r) => /\bgo\s+build\b/.test(r.args))) continue;
    const layout = imageLayout(repo, df, { target: stage.name ?? String(stage.index) });
    if (!layout?.contextCertain) continue;
    // `go build` needs its module in the stage: a guessed context holding no go.mod (the Dockerfile's own folder under
    // `build/api/`, when a bake file or CI builds it from the root) is not the context the image is built from.
    const ctx = layout.context;
    if (!repo.byName(/^go\.mod$/).some((f) => isUnder(f.path, ctx))) continue;
    for (const r of runs) {
      // `cd cmd/api && go build .`: later commands of the same RUN work in that folder.
      let workdir = layout.workdir;
      for (const seg of r.args.split(/&&|;/)) {
        const cd = /(?:^|\s)cd\s+([^\s$~]+)\s*$/.exec(seg);
        if (cd) workdir = path.posix.resolve(workdir, cd[1]!);
        const m = /\bgo\s+build\b(.*)$/.exec(seg);
        if (!m) continue;
        const words = shellWords(m[1]!);
        const pkgs: string[] = [];
        for (let i = 0; i < words.length; i++) {
          const w = words[i]!;
          if (
            /^-(o|ldflags|tags|gcflags|asmflags|mod|modfile|trimpath-x|p|buildmode|installsuffix|pkgdir|toolexec|overlay|pgo)$/.test(
              w,
            )
          ) {
            i++;
            continue;
          }
          if (w.startsWith('-')) continue;
          pkgs.push(w);
        }
        for (const pkg of pkgs) {
          if (!/^\.\.?(\/|$)/.test(pkg) || /\.\.\.|\$|\*/.test(pkg) || pkg.endsWith('.go')) continue;
          const l = lookupImage(repo, layout, path.posix.join(workdir, pkg));
          if (l.state === 'unknown') continue;
          if (l.state === 'missing') {
            out.push({
              kind: 'entry-missing',
              artefact: 'dockerfile',
              message: `go build ${pkg}: the package folder is not in the build stage ${layout.stage} (nothing copies it from the context)`,
              chain: [{ path: df.path, line: r.line, note: `RUN ${seg.trim()}`.slice(0, 160) }],
              confidence: 'high',
            });
            continue;
          }
          if (l.state !== 'dir' || !l.repoPath) continue;
          const goFiles = repo.files.filter(
            (f) => path.posix.dirname(f.path) === l.repoPath && f.path.endsWith('.go') && !f.path.endsWith('_test.go'),
          );
          // A folder outside a component's view (`../backend/cmd` from the frontend) is reachable but not listed.
          if (!goFiles.length && l.repoPath.startsWith('..')) continue;
          if (!goFiles.length) {
            out.push({
              kind: 'entry-missing',
              artefact: 'dockerfile',
              message: `go build ${pkg}: ${l.repoPath} has no Go files`,
              chain: [{ path: df.path, line: r.line, note: `RUN ${seg.trim()}`.slice(0, 160) }],
              confidence: 'high',
            });
            continue;
          }
          const isMain = goFiles.some((f) => /^package\s+main\b/m.test(repo.read(f.path) ?? ''));
          const hasMainFunc = goFiles.some((f) => /^func\s+main\s*\(\s*\)/m.test(repo.read(f.path) ?? ''));
          const hasOutput = words.includes('-o');
          if (hasOutput && !isMain && !goFiles.some((f) => repo.read(f.path) === undefined))
            out.push({
              kind: 'entry-missing',
              artefact: 'dockerfile',
              message: `go build -o ${pkg}: ${l.repoPath} is not a main package, so no program is built`,
              chain: [{ path: df.path, line: r.line, note: `RUN ${seg.trim()}`.slice(0, 160) }],
              confidence: 'high',
            });
          else if (hasOutput && isMain && !hasMainFunc)
            out.push({
              kind: 'entry-missing',
              artefact: 'dockerfile',
              message: `go build ${pkg}: package main in ${l.repoPath} has no func main()`,
              chain: [{ path: df.path, line: r.line, note: `RUN ${seg.trim()}`.slice(0, 160) }],
              confidence: 'high',
            });
        }
      }
    }
  }
  return out;
}

function jsInfo(repo: RepoIndex, file: string): JsModuleInfo | undefined {
  const text = repo.read(file);
  if (text === undefined) return undefined;
  return repo.fileMemo('js-info', file, () => parseJavaScript(text));
}

/** Compose bind mounts add repository folders to the image: later than every COPY, so they win. */
function withMounts(repo: RepoIndex, layout: ImageLayout, s: ComposeService): ImageLayout {
  const dir = path.posix.dirname(s.file);
  const extra = s.volumes
    .filter((v) => v.bind && !/\$/.test(v.source) && /^\./.test(v.source))
    .map((v) => {
      // `../../` is the repository root: a trailing slash would hide it ("./").
      const src = path.posix.normalize(path.posix.join(dir, v.source)).replace(/\/+$/, '') || '.';
      return { src, v };
    })
    .filter(({ src }) => !src.startsWith('..') && (src === '.' || repo.hasDir(src) || repo.has(src)))
    .map(({ src, v }) => ({
      dest: normalizeAbs(path.posix.resolve(layout.workdir, v.target)),
      source: src,
      kind: (repo.has(src) ? 'file' : 'dir') as 'file' | 'dir',
      line: v.line,
      stage: `${s.name} (mount)`,
    }));
  if (!extra.length) return layout;
  return { ...layout, mappings: [...layout.mappings, ...extra] };
}

const JS_EXT = ['', '.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts', '.json', '.node', '.d.ts'];

/** The files a relative import of `base` may name: the path itself, then with each extension and as a folder index. */
const jsCandidates = (base: string): string[] =>
  JS_EXT.flatMap((e) => (e ? [`${base}${e}`, `${base}/index${e}`] : [base]));

/** What a relative import finds in an image, trying jsCandidates; a file found wins over an unknown. */
function jsInImage(repo: RepoIndex, layout: ImageLayout, base: string): Lookup {
  let unknown: Lookup | undefined;
  for (const candidate of jsCandidates(base)) {
    const found = lookupImage(repo, layout, candidate);
    if (found.state === 'file' || found.state === 'dir') return found;
    if (found.state === 'unknown') unknown ??= found;
  }
  return unknown ?? { state: 'missing' };
}

function jsExists(repo: RepoIndex, base: string): boolean {
  const stripped = base.replace(/\.([cm]?js|jsx)$/, '');
  if ([base, stripped].some((b) => jsCandidates(b).some((c) => repo.has(c)))) return true;
  const pkg = repo.json(`${base}/package.json`) as { main?: string } | undefined;
  return !!pkg;
}

/** The TypeScript/JavaScript source of a built file: dist/server.js ← src/server.ts (tsconfig outDir/rootDir, or the usual folders). */
function sourceOfBuilt(repo: RepoIndex, e: Env, built: string): string | undefined {
  let rel = built.replace(/^\.\//, '');
  if (e.layout && rel.startsWith('/')) {
    const wd = e.layout.workdir === '/' ? '/' : `${e.layout.workdir}/`;
    if (rel.startsWith(wd)) rel = rel.slice(wd.length);
    else return undefined;
  } else if (!e.layout && e.cwd !== '.') rel = path.posix.join(e.cwd, rel);
  const root = e.layout ? e.layout.context : '.';
  const withRoot = (p: string) => (root === '.' ? p : `${root}/${p}`);
  // The build folder of the package the command runs in (`apps/api/dist/main.js` run from apps/api).
  const m = /^(?:(.*)\/)?(dist|build|out|lib|\.output)\/(.*)\.[cm]?js$/.exec(rel);
  if (!m || (m[1] && /(^|\/)node_modules(\/|$)/.test(m[1]))) return undefined;
  const pre = m[1] ? `${m[1]}/` : '';
  const inner = m[3]!;
  // The last candidate is an output folder named after the project (`dist/apps/api/main.js` ← apps/api/src/main.ts).
  const cands = [
    `src/${inner}`,
    inner,
    `src/${inner.replace(/^src\//, '')}`,
    inner.replace(/^[^/]+\//, 'src/'),
    inner.replace(/([^/]+)$/, 'src/$1'),
  ];
  for (const c of cands)
    for (const ext of ['.ts', '.tsx', '.mts', '.js', '.mjs'])
      if (repo.has(withRoot(`${pre}${c}${ext}`))) return withRoot(`${pre}${c}${ext}`);
  // Compiled with the repository root as rootDir (path aliases into shared libraries): dist/ mirrors repository paths
  // (`dist/apps/api/src/main.js` ← apps/api/src/main.ts), seen from a component's folder as its own.
  if (pre || root === '.')
    for (const ext of ['.ts', '.tsx', '.mts'])
      if (repo.has(repo.fromRepo(`${inner}${ext}`))) return repo.fromRepo(`${inner}${ext}`);
  return undefined;
}

interface ScriptLine {
  argv: string[];
  line: number;
  text: string;
}

/**
 * Lines of a start script that launch something, at the top level (case/if branches are indented): the server (the
 * last `exec …`, else the last launcher) and the setup steps before it.
 */
function scriptLaunches(
  repo: RepoIndex,
  file: string,
): { main?: ScriptLine; setup: ScriptLine[]; execArgs: boolean; stopsOnError: boolean } {
  const lines = repo.lines(file);
  let main: ScriptLine | undefined;
  const all: ScriptLine[] = [];
  let execArgs = false;
  for (let i = 0; i < lines.length; i++) {
    let l = lines[i]!;
    const start = i;
    while (l.endsWith('\\') && i + 1 < lines.length) l = l.slice(0, -1) + ' ' + lines[++i]!.trim();
    if (/^\s*#/.test(l) || !l.trim()) continue;
    if (/^\s*exec\s+"\$@"|^\s*exec\s+\$@|^\s*exec\s+"\$\{@\}"/.test(l)) {
      execArgs = true;
      continue;
    }
    if (/^\s/.test(l)) continue;
    const argv = shellWords(l);
    const steps = commandSteps(argv);
    const last = steps[steps.length - 1];
    if (!last) continue;
    const launch = launchOf(last);
    if (!launch || launch.kind === 'binary' || launch.kind === 'other') continue;
    const entry = { argv, line: start + 1, text: l.trim().slice(0, 160) };
    all.push(entry);
    if (/^exec\b/.test(l.trim()) || !main?.text.startsWith('exec')) main = entry;
  }
  const stopsOnError = /^\s*set\s+-[a-z]*e|^#!\S+\s+-[a-z]*e|^\s*set\s+-o\s+errexit/m.test(lines.join('\n'));
  if (execArgs) return { setup: all, execArgs, stopsOnError };
  return { ...(main ? { main } : {}), setup: all.filter((x) => x !== main), execArgs, stopsOnError };
}

/**
 * Base images known to lack a program (slim and distroless images have no curl; alpine has busybox wget, not curl), or
 * known to hold it (false).
 */
function lacksProgram(base: string, program: string): boolean | undefined {
  const b = base.toLowerCase().replace(/@sha256:\w+$/, '');
  const name = b.split('/').pop()!.split(':')[0]!;
  const tag = b.includes(':') ? b.split(':').pop()! : '';
  // Distroless `debug` images (`:debug`, `:debug-nonroot`) add busybox: a shell and its wget, still no curl.
  if (/distroless/.test(b) && /^debug(?:-|$)/.test(tag))
    return program === 'sh' || program === 'wget' ? false : program === 'curl' ? true : undefined;
  // Chainguard's wolfi-base and its `-dev` image variants ship busybox (a shell, wget) and apk.
  if (/(?:^|\/)wolfi-base(?::|$)/.test(b) || /(?:chainguard|cgr\.dev)\/.*:[\w.-]*-dev$/.test(b))
    return program === 'sh' || program === 'wget' ? false : program === 'curl' ? true : undefined;
  if (/distroless|^scratch$|chainguard|cgr\.dev|-static/.test(b)) return true;
  // The official nginx Alpine images (not alpine-slim) add curl to busybox's wget.
  if ((name === 'nginx' || name === 'nginx-unprivileged') && /alpine/.test(tag) && !/slim/.test(tag))
    return program === 'curl' || program === 'wget' || program === 'sh' ? false : undefined;
  // The official php images (Debian and Alpine, every variant) keep curl among their runtime packages.
  if (program === 'curl' && /^(?:(?:docker\.io\/)?library\/)?php(?::|$)/.test(b)) return false;
  if (/alpine/.test(tag) || name === 'alpine')
    return program === 'curl' ? true : program === 'wget' ? false : undefined;
  if (/slim/.test(tag)) return program === 'curl' || program === 'wget' ? true : undefined;
  if ((name === 'debian' || name === 'ubuntu') && (program === 'curl' || program === 'wget')) return true;
  return undefined;
}

/**
 * Scripts the stages run that the image copied from the build context (`COPY scripts/install_deps.sh /app/` then
 * `RUN /app/install_deps.sh`): what they install is installed by the image too.
 */
function copiedScriptsRun(repo: RepoIndex, context: string | undefined, stages: DockerStage[]): string {
  const ins = stages.flatMap((s) => s.instructions);
  const run = ins
    .filter((i) => i.keyword === 'RUN')
    .map((i) => `${i.args}\n${i.heredoc ?? ''}`)
    .join('\n');
  const names = new Set([...run.matchAll(/([\w.-]+\.(?:sh|bash))\b/g)].map((m) => m[1]!));
  if (!names.size) return '';
  const ctx = context ?? '.';
  const out: string[] = [];
  for (const i of ins) {
    if ((i.keyword !== 'COPY' && i.keyword !== 'ADD') || i.flags.some((f) => /^--from=/i.test(f))) continue;
    const w = words(i.args).filter((x) => !x.startsWith('--'));
    for (const src of w.slice(0, -1)) {
      const rel = path.posix.normalize(path.posix.join(ctx, src.replace(/^\.?\/+/, ''))).replace(/\/+$/, '') || '.';
      const files = names.has(path.posix.basename(rel))
        ? [rel]
        : [...names].map((n) => (rel === '.' ? n : `${rel}/${n}`));
      for (const f of files) {
        const text = repo.has(f) ? repo.read(f) : undefined;
        if (text && !out.includes(text)) out.push(text);
      }
    }
  }
  return out.join('\n');
}

function healthcheckBreak(
  repo: RepoIndex,
  context: string | undefined,
  df: ParsedDockerfile,
  stageIndex: number,
  args: string,
  at: ChainStep,
  artefact: StartBreak['artefact'],
): StartBreak | undefined {
  const t = args.trim();
  if (/^NONE\b/i.test(t)) return undefined;
  const cmdText = t.replace(/^(--[\w-]+=\S+\s+)*/, '');
  let argv: string[];
  let shellForm = false;
  const jsonStart = cmdText.indexOf('[');
  if (/^CMD\s*\[/i.test(cmdText) || (/^\[/.test(cmdText) && jsonStart === 0)) {
    argv = words(cmdText.replace(/^CMD\s*/i, ''));
    if (argv[0] === 'CMD') argv = argv.slice(1);
    else if (argv[0] === 'CMD-SHELL') {
      argv = shellWords(argv.slice(1).join(' '));
      shellForm = true;
    }
  } else {
    argv = shellWords(cmdText.replace(/^CMD\s+/i, ''));
    shellForm = true;
  }
  const stage = df.stages[stageIndex]!;
  const chain = stageChain(df, stage);
  const root = chain[chain.length - 1]!;
  const base = root.from.image + (root.from.tag ? `:${root.from.tag}` : '');
  if (root.from.parameterised) return undefined;
  const runs = chain
    .flatMap((s) =>
      s.instructions
        .filter((i) => i.keyword === 'RUN' || i.keyword === 'COPY' || i.keyword === 'ADD')
        .map((i) => `${i.args}\n${i.heredoc ?? ''}`),
    )
    .join('\n');
  // A RUN in shell form was run by the image's own /bin/sh when it was built: the image has a shell.
  const shellRun = chain.some((s) =>
    s.instructions.some((i) => i.keyword === 'RUN' && !/^\s*(?:--\S+\s+)*\[/.test(i.args)),
  );
  if (
    shellForm &&
    !shellRun &&
    lacksProgram(base, 'sh') === true &&
    /distroless|^scratch|chainguard|cgr\.dev/.test(base) &&
    !/busybox|\/bin\/sh/.test(runs)
  ) {
    return {
      kind: 'healthcheck-tool',
      artefact,
      message: `the healthcheck runs through a shell, and ${base} has no /bin/sh: the check always fails`,
      chain: [at],
      confidence: 'high',
    };
  }
  const program = path.posix.basename(commandSteps(argv)[0]?.argv[0] ?? '');
  if (program !== 'curl' && program !== 'wget') return undefined;
  if (lacksProgram(base, program) !== true) return undefined;
  if (new RegExp(`\\b${program}\\b`).test(runs)) return undefined;
  if (new RegExp(`^(?!\\s*#).*\\b${program}\\b`, 'm').test(copiedScriptsRun(repo, context, chain))) return undefined;
  return {
    kind: 'healthcheck-tool',
    artefact,
    message: `the healthcheck runs ${program}, which ${base} does not include and no step of the image installs: the container is reported unhealthy`,
    chain: [at],
    confidence: 'high',
  };
}

const FILE_LIKE =
  /\.(conf|cfg|ini|ya?ml|json|toml|sql|sh|py|js|rb|env|txt|pem|crt|key|xml|properties|lua|template|tmpl|j2|html|cnf|htpasswd)$/i;

/**
 * A committed script that writes the file (`openssl req … -out $CERT_DIR/server.crt`, `-keyout …/server.key`,
 * `> …/htpasswd`, `wget -qO "$INSTALL_DIR/prometheus/prometheus.yml" …`): a set-up script generates or downloads it
 * (self-signed certificates for a local stack, the configuration an installer fetches).
 */
function scriptWrites(repo: RepoIndex, base: string): boolean {
  const re = new RegExp(
    `(?:-(?:out|keyout|o|[a-z]*O)|--out(?:put)?(?:-file|-document)?|>{1,2}|\\btee(?:\\s+-a)?)[=\\s]+["']?[^\\s"';|&]*\\b${escapeRegExp(base)}(?![\\w.-])`,
  );
  return (
    repo.grep(re, {
      include: ['**/*.{sh,bash,ps1,mk}', '**/Makefile', '**/justfile', '**/Taskfile.{yml,yaml}'],
      limit: 1,
    }).length > 0
  );
}

/** Bind mounts of a file that is not in the repository and is not documented (Docker would mount an empty folder). */
function composeMountBreaks(repo: RepoIndex, compose: ComposeFacts, gitignored: (p: string) => boolean): StartBreak[] {
  const out: StartBreak[] = [];
  const docs = repo.files.filter((f) => f.kind === 'docs' || /\.md$/i.test(f.path)).map((f) => f.path);
  for (const s of compose.services) {
    const dir = composeProjectDir(s);
    for (const v of s.volumes) {
      if (!v.bind || /\$|^~|^\//.test(v.source)) continue;
      // Compose cleans the source path: `./grafana/grafana.ini/` mounts the file grafana.ini.
      const src = path.posix.normalize(path.posix.join(dir, v.source)).replace(/(.)\/+$/, '$1');
      if (src.startsWith('..') || src === '.') continue;
      // In a component's view, a file of another component's folder is still in the repository.
      if (repo.inRepository(src)) continue;
      if (installedDependencyPath(repo, src)) continue;
      // A file under a folder this tool leaves out (`tests/fixtures/`) is not listed, not missing. A package manager's
      // folder is there only when a manifest beside it has it filled (above).
      if (defaultIgnored(src, false) && !PACKAGE_MANAGER_FOLDER.test(src)) continue;
      const base = path.posix.basename(src);
      if (!FILE_LIKE.test(base) || !FILE_LIKE.test(path.posix.basename(v.target))) continue;
      const example =
        ['.example', '.sample', '.template', '.dist', '.tmpl', '.default'].some((x) => repo.has(`${src}${x}`)) ||
        repo.byName(new RegExp(`^${escapeRegExp(base)}\\.(example|sample|template|dist|default)$`)).length > 0;
      const documented = example || docs.some((d) => (repo.read(d) ?? '').includes(base));
      if (documented || scriptWrites(repo, base)) continue;
      out.push({
        kind: 'mount-missing',
        artefact: 'compose',
        message: `service ${s.name} mounts ${v.source} at ${v.target}, but ${src} is not in the repository${gitignored(src) ? ' (it is git-ignored)' : ''} and no document says how to create it: Docker mounts an empty folder in its place`,
        chain: [{ path: s.file, line: v.line, note: `${v.source}:${v.target}` }],
        confidence: 'low',
      });
    }
  }
  return out;
}

/** A file beside `file` with the same extension and a name no project uses: ignored only by an extension pattern. */
function extensionProbe(file: string): string {
  const name = path.posix.basename(file);
  return path.posix.join(path.posix.dirname(file), `__readiness_probe__${name.slice(name.indexOf('.'))}`);
}

import path from 'node:path';
import { isProgramSource, TOOLING_SEGMENT } from '../repo/classify.js';
import type { RepoIndex } from '../repo/index.js';
import { isUnder, RepoView } from '../repo/view.js';
import {
  actionList,
  BAKE_ACTION,
  BAKE_INVOCATION,
  bakeActionTargets,
  bakeBuilds,
  bakeCommandArgs,
  bakeFiles,
  BUILD_PUSH_ACTION,
} from './bake.js';
import { type ClientProgram, clientPrograms } from './client-programs.js';
import { type CiFacts, CODEBUILD_SPEC } from './ci.js';
import { ciInPaths } from './component-scope.js';
import { type ComposeFacts, composeDevelopmentRun, DEV_COMPOSE } from './compose.js';
import { azureWebJobs, type DotnetFacts, type DotnetProject, dotnetContainerImage } from './dotnet.js';
import { type Ecosystem, type LanguageFacts, MINIFIED } from './languages.js';
import {
  type DockerfileFacts,
  defaultDockerfileOf,
  dockerfileDir,
  goreleaserImages,
  inUnreadFolder,
  isBaseOfAnother,
  imageStartCommand,
  startsTestRunner,
  isConfiguredServerImage,
  isRelabelledImage,
  type DockerInstruction,
  type DockerStage,
  type ParsedDockerfile,
  stageChain,
  words,
} from './dockerfiles.js';
import { type ImageLayout, imageLayout, lookupImage } from './image-layout.js';
import { isInfraServiceImage, isInfraWorkloadImage } from './infra-images.js';
import { type K8sFacts, type K8sWorkload, localChartDependents } from './k8s.js';
import { helmImageOverrides } from './k8s-deploy-commands.js';
import type { LoadTestFacts, LoadTestHit } from './load-tests.js';
import type { ProjectKindName } from './kind.js';
import {
  gradleAppliedScripts,
  gradleBuildProperties,
  gradleBuildTool,
  JAVA_MAIN,
  jvmReactor,
  parentPoms,
} from './jvm-modules.js';
import {
  goModuleName,
  goModulePath,
  type ManifestFacts,
  mixUmbrellaFiles,
  tomlWorkspaceLocks,
  uvLocalSources,
} from './manifests.js';
import { detectFsRoutes } from './routes-fs.js';
import type { RustFacts } from './rust.js';
import {
  adapterPlatform,
  DEPLOY_COMMANDS,
  EXAMPLE_FOLDER,
  type PlatformFacts,
  type PlatformModel,
  type PlatformTarget,
  SYSTEMD_EXEC_START,
} from './platform.js';
import type { ImportFacts, ImportRef } from './imports.js';
import type { LivenessFacts } from './liveness.js';
import { type ShellValues, shellValues } from './shell-values.js';
import { escapeRegExp } from '../repo/text.js';
import { START_FILES } from './signals.js';
import { commandSteps, launchOf, linuxScriptName } from './start-command.js';
import { tsconfigResolver } from './tsconfig.js';
import { arr, obj } from './shape.js';

/**
 * Organisation actions wrapping it (`grafana/shared-workflows/actions/build-push-to-dockerhub`): the same `context`,
 * `file` and `target`, the image named by an input of its own (`repository`, `image`, `image-name`).
 */
const BUILD_PUSH_WRAPPER = /(?:^|\/)[\w-]*build-?push[\w-]*(?:@|$)/i;
/** A workflow file named for deploying (`deploy.yaml`, `deploy-service.yml`, `rollout.yml`). */
const DEPLOY_WORKFLOW = /deploy|rollout/i;
const IMAGE_INPUT = /^\s*(?:repository|image|images|image[-_]name):\s*["']?([^"'\s#|>]+)/;

/** A folder of tests inside a unit: load, performance or benchmark scripts kept beside the code they exercise. */
const TEST_FOLDER = /(?:^|\/)(?:[\w-]*tests?|[\w-]*testing|perf[\w-]*|bench[\w-]*|load[\w-]*)(?:\/|$)/i;

/**
 * The components of a repository: the units it deploys (or only holds), each judged on its own. A unit is a folder
 * that something builds or starts — a Dockerfile's build, a compose service that builds, a Kubernetes workload's image
 * traced back to the build that makes it (skaffold, compose image names, CI build steps), a Procfile, a PaaS or
 * serverless descriptor, a workspace app with a start or build script, a Go module with a main package, a Maven or
 * Gradle module with a main class, a .NET project an Aspire AppHost references — plus apps that only sit in the
 * repository (examples, demos, legacy copies), which are reported but never credited to a deployed one.
 *
 * Each component says why it is deployed (what references it: a manifest, a compose file, CI) or why it is only
 * present, and where it runs (its deployment target). A repository with one unit has one component, its root: it is
 * audited exactly as a repository without components.
 */

export type ComponentTarget = 'kubernetes' | 'compose' | 'paas' | 'serverless' | 'container-service' | 'vm' | 'unknown';

export type ComponentStack = 'python' | 'node' | 'go' | 'jvm' | 'ruby' | 'dotnet' | 'rust' | 'php' | 'elixir' | 'other';

export interface ComponentEvidence {
  path: string;
  line?: number;
  note: string;
}

/** A client program left out of a component's view: its folder, and the file and line that showed what it is. */
export interface LeftOutClient extends ComponentEvidence {
  dir: string;
}

export interface Component {
  /** Short unique name: the service, workload or package name, or the folder's name. */
  id: string;
  /** Repository folder ('.' is the repository root). */
  path: string;
  /** What the component is (service, frontend, worker …), judged on its own files; 'unknown' until judged. */
  kind: ProjectKindName;
  stack: ComponentStack;
  target: ComponentTarget;
  deployed: boolean;
  /** Why it is deployed, or why it is only present, in one sentence. */
  why: string;
  /** What makes it a unit (a Dockerfile, a compose service, a start script …). */
  declared: ComponentEvidence[];
  /** What deploys it (a manifest, a compose file, a CI step, a platform descriptor). */
  deployedBy: ComponentEvidence[];
  /** Image names it builds (skaffold, compose `image:`, CI tags, folder name). */
  images: string[];
  dockerfiles: string[];
  /**
   * The stage its image is built to in a Dockerfile whose stages are images of their own (`--target console`), by
   * Dockerfile path: that stage, not the file's last one, is the image judged.
   */
  stages?: Record<string, string>;
  /** Repository files and folders outside its folder that it needs (workspace packages it depends on, root files its image copies). */
  mounts: string[];
  /**
   * Folders of other components it depends on as workspace packages (left out of its view, as every other component's
   * files are): code it runs, whose schema migrations are its own (src/facts/index.ts `migrations`).
   */
  uses?: string[];
  /**
   * Folders of other components nested in its folder and of the client programs in it, and Dockerfiles kept in its
   * folder that build only other components (left out of its view).
   */
  excludes: string[];
  /** Client programs in its folder left out of its view (an editor or browser extension), with what showed each. */
  leftOut?: LeftOutClient[];
  /** Kubernetes workloads that run its image (`file:line` of each workload). */
  workloads: string[];
  /**
   * The platform that deploys it builds it from its source (Render's native runtime, Heroku buildpacks, Vercel): its
   * Dockerfiles only serve local runs (a development compose file), not what ships.
   */
  platformBuilt?: string;
  /**
   * Image builds whose Dockerfile the repository does not hold (it lies in a git submodule: `file:
   * ./ops/backend.Dockerfile`): where CI builds it, with the Dockerfile named.
   */
  unreadDockerfiles?: ComponentEvidence[];
  /**
   * The folder of the component whose deployment carries it, when it has none of its own (a front end built into the
   * backend's image, a workspace app another app's build bundles): its deployment is judged on that component.
   */
  shippedWith?: string;
}

export interface ComponentFacts {
  list: Component[];
  /** One component, the repository itself: audited exactly as a repository without components. */
  single: boolean;
  byId(id: string): Component | undefined;
  /** The component a repository path belongs to (the deepest folder that holds it), if any. */
  owner(repoPath: string): Component | undefined;
  /** Entries of the config's `components:` that match nothing (each names its key). */
  problems?: string[];
}

export interface ComponentInputs {
  dockerfiles: DockerfileFacts;
  compose: ComposeFacts;
  k8s: K8sFacts;
  platform: PlatformFacts;
  manifests: ManifestFacts;
  ci: CiFacts;
  languages: LanguageFacts;
  liveness: Pick<LivenessFacts, 'entrypoints'>;
  /** .NET projects: an application's referenced projects and its test projects join its view. */
  dotnet?: DotnetFacts;
  /** Rust crates: the local crates a component's crate depends on (`path = "../core/db"`) join its view. */
  rust?: Pick<RustFacts, 'crates'>;
  /** The kind of the whole repository (the single component's kind). */
  kind: ProjectKindName;
  /** The repository's main ecosystem (its server's language first): the root component's stack. */
  ecosystem?: Ecosystem;
  /** Server frameworks found: a component's stack is the language of the server in its folder. */
  servers?: { language: Ecosystem; path: string; adapter?: string }[];
  /** Load-test scripts: a folder holding one is a traffic generator. */
  loadTests: Pick<LoadTestFacts, 'scripts'>;
  /** Imports of the whole repository: the Go packages a program compiles in from outside its folder join its view. */
  imports?: Pick<ImportFacts, 'byFile'>;
}

/** Folders of the local crates the crate in `dir` depends on, directly or through other local crates (not under `dir`). */
function cargoLocalCrates(crates: Pick<RustFacts, 'crates'>['crates'], dir: string): string[] {
  const byManifest = new Map(crates.map((c) => [c.manifest, c]));
  const start = byManifest.get(`${dir}/Cargo.toml`);
  if (!start) return [];
  const seen = new Set<string>([start.manifest]);
  const queue = [start];
  const out: string[] = [];
  while (queue.length) {
    for (const m of queue.shift()!.localDeps) {
      if (seen.has(m)) continue;
      seen.add(m);
      const c = byManifest.get(m);
      if (!c) continue;
      queue.push(c);
      if (c.dir !== '.' && !isUnder(c.dir, dir)) out.push(c.dir);
    }
  }
  return out;
}

/** Where a JVM module starts: a Spring Boot application class, a Java main method, a Kotlin `fun main`. */
const JVM_APP_MAIN = new RegExp(`^\\s*@SpringBootApplication\\b|${JAVA_MAIN.source}|^\\s*fun\\s+main\\s*\\(`, 'm');

/** A JVM build file that builds an image of its module (Jib, the Spring Boot image goal, docker-maven-plugin). */
const JVM_IMAGE_PLUGIN =
  /\bjib-maven-plugin\b|\bcom\.google\.cloud\.tools\.jib\b|^\s*jib\s*\{|\bdocker-maven-plugin\b|\bdockerfile-maven-plugin\b|<goal>build-image<\/goal>|\bbootBuildImage\b/m;
/** A root Gradle/Maven build that packages an application: its main class, the application plugin or a fat jar. */
const ROOT_JVM_APP =
  /^\s*(?:final\s+)?(?:def\s+)?mainClassName\s*=|^\s*mainClass(?:\.set)?\s*[=(]|\bid\s*\(?\s*["']application["']|\bapply\s+plugin\s*:\s*["']application["']|^\s*shadowJar\s*\{|<mainClass>\s*[\w.]+\s*<\/mainClass>/m;

/** Folders whose apps are examples, demos, legacy copies or tooling: only present unless something deploys them. */
// A folder named by a template placeholder (`{{ cookiecutter.project_slug }}`, copier's `{{ project_name }}`) is a
// project generator's skeleton: what it holds is rendered into someone else's repository, not deployed from this one.
const PRESENT_ONLY_SEGMENT =
  /^_?(examples?|demos?|samples?|sandbox|playground|tutorials?|quickstarts?|starters?|templates?|legacy|old|deprecated|archived?|attic|obsolete|tools?|tooling|scripts|benchmarks?|bench|e2e|tests?|playwright|cypress|spec|docs?|website|load-?tests?|loadtesting|perf-?tests?|dummy|dummies|mocks?|fakes?)$|\{\{[^{}]*\}\}/i;

/** Workspace packages that hold shared configuration (tsconfig, lint and formatter presets): never a component. */
const CONFIG_PACKAGE =
  /(^|[/@-])(tsconfig|typescript-config|ts-config|eslint-config[\w-]*|eslint-plugin[\w-]*|prettier-config|biome-config|tailwind-config|jest-presets?|vitest-config|stylelint-config|lint-config)$/i;

/** Images for tests and tooling (Dockerfile.playwright, a compose service named e2e): not something the repository ships. */
const TOOLING_DOCKERFILE = /\.(playwright|cypress|e2e|tests?|ci|dev|devcontainer|local|debug|lint|watch)$/i;
const TOOLING_WORD = /(playwright|cypress|selenium|e2e|lint|storybook|devcontainer|load-?tests?|locust|k6)/i;
const TOOLING_NAME = {
  /** Tool names in any case (a compose service `Playwright`); test words as a word of the name. */
  test: (s: string): boolean => TOOLING_WORD.test(s) || /(^|[-_.])[Tt]ests?([-_.]|$)|[a-z]Tests?$|^docs$/.test(s),
};
/** Folders of images that generate code (protobuf stubs) for the app beside them: tooling, not something it ships. */
const CODEGEN_FOLDER = /(^|\/)(gen-?protos?|protos?-?gen|codegen|generated?)$/i;

/** Folders that hold Dockerfiles for an app kept elsewhere (the image's sources tell which). */
const DOCKER_FOLDER =
  /(^|\/)(docker|\.docker|dockerfiles|containers?|images|deploy(ment)?|ops|infra|build|ci|\.devcontainer)(\/|$)/i;

/** An image reference the pipeline or the operator fills in: a placeholder, a variable, an ECR repository's URL. */
const LEFT_OPEN_IMAGE = /[<$%{]|\.dkr\.ecr\./;

/** Folder names that say nothing about what the folder holds: the parent's name is the component's name. */
const GENERIC_NAME = /^(src|source|app|apps|server|service|services|backend-src|code|main|cmd|web|root|\.)$/i;

/** Lockfiles at a workspace root: they lock every member. */
const WORKSPACE_LOCKFILES = ['package-lock.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock', 'bun.lockb'];

/** Files at a workspace root its members share: the manifest, lockfiles, TypeScript base configuration, env sample. */
const WORKSPACE_ROOT_FILES = [
  'package.json',
  ...WORKSPACE_LOCKFILES,
  'pnpm-workspace.yaml',
  'tsconfig.json',
  'tsconfig.base.json',
  // The workspace's configuration sample documents every app's variables.
  '.env.example',
  '.env.sample',
  '.env.template',
];

const TARGET_RANK: ComponentTarget[] = [
  'kubernetes',
  'serverless',
  'paas',
  'container-service',
  'vm',
  'compose',
  'unknown',
];

interface Ref extends ComponentEvidence {
  target: ComponentTarget;
  /** How directly it says where the unit runs: a platform descriptor or plain manifest (3), a Helm template (2), a compose service or a build (1). */
  strength?: number;
  /** A platform descriptor whose platform builds the app from its source (the platform fact's sourceBuild). */
  sourceBuild?: string;
  /** The folder of the unit whose image, build or server carries it (it has no deployment of its own). */
  shippedWith?: string;
  /** A compose service that runs it for a developer (compose.ts composeDevelopmentRun): why it deploys nothing. */
  developerRun?: string;
}

/** A target read from an Azure Developer CLI project's azure.yaml (src/facts/platform.ts azdServices). */
const AZD_VIA = /^azure\.yaml service /;

/** A compose service or job named for a one-off task run from the image (`migrate`, `db-seed`, `init`). */
const ONE_OFF_JOB_NAME = /(^|[-_.])(migrate|migrations?|migrator|seed|init)([-_.]|$)/i;

/** A folder named for database migrations or the tool that runs them once per deployment (ABP's `Acme.DbMigrator`). */
const MIGRATION_TOOL_DIR = /(^|[-_.])(?:db)?(?:migrate|migrations?|migrator|seeder?)$/i;

/** Strongest first; between equals, the shallower file (the main manifests before a variant kept under extras/). */
const byStrength = (a: Ref, b: Ref): number =>
  TARGET_RANK.indexOf(a.target) - TARGET_RANK.indexOf(b.target) ||
  (b.strength ?? 1) - (a.strength ?? 1) ||
  a.path.split('/').length - b.path.split('/').length;

interface Unit {
  path: string;
  /** Candidate ids, best first. */
  names: string[];
  declared: ComponentEvidence[];
  refs: Ref[];
  images: Set<string>;
  dockerfiles: string[];
  /** Dockerfile path → the stage its image is built to (`--target`). */
  stages?: Map<string, string>;
  /**
   * The Dockerfiles whose image was traced to this unit from what the image copies and starts (not given to it by a
   * build arg, a build file or another image shipping it): other units' views leave these out.
   */
  tracedDockerfiles?: Set<string>;
  mounts: Set<string>;
  /** Source files its projects compile in from another component's folder (a linked `<Compile Include>`). */
  linked: Set<string>;
  workloads: Set<string>;
  /** Sources its image copies from outside its folder (another unit copied into this image ships with it). */
  copies: { source: string; path: string; line: number; ignores: string[] }[];
  /** Workspace apps its own build or deploy scripts build into what it ships (`npm run build --workspace site`). */
  builds?: { source: string; path: string; line: number; script: string }[];
  unreadDockerfiles?: ComponentEvidence[];
  stack?: ComponentStack;
  kindHint?: ProjectKindName;
}

function targetOfModel(m: PlatformModel): ComponentTarget {
  switch (m) {
    case 'kubernetes':
      return 'kubernetes';
    case 'serverless':
      return 'serverless';
    case 'paas':
    case 'static':
      return 'paas';
    case 'container-service':
      return 'container-service';
    case 'hosts':
      return 'vm';
    case 'compose':
      return 'compose';
  }
}

/**
 * An image reference's path segments, without template parts or digest: `${REGISTRY-}name` and `${TAG:-latest}` (a
 * variable with a default or an operator) are removed whole.
 */
function imageSegments(ref: string): string[] {
  return ref
    .replace(/\{\{[^}]*\}\}|\{\{…\}\}|\$\{[^}]*\}|\$[\w.]+/g, '')
    .split('@')[0]!
    .split('/')
    .filter(Boolean);
}

/** The path segment before an image's name, lower-cased: `colanode` of `ghcr.io/colanode/server:latest`. */
function imageNamespace(ref: string): string | undefined {
  const parts = imageSegments(ref);
  return parts.length >= 2 ? parts[parts.length - 2]!.toLowerCase() : undefined;
}

/** The short name of an image reference: `us-docker.pkg.dev/p/r/frontend:v1` → `frontend`. */
export function imageShortName(ref: string): string {
  const last = imageSegments(ref).pop() ?? '';
  return last.split(':')[0]!.toLowerCase();
}

/**
 * Image names kustomizations rewrite (`images: [{name: controller, newName: quay.io/acme/operator}]`): the manifests
 * keep a placeholder (kubebuilder's `controller:latest`) that `kustomize build` replaces with the published image.
 */
function kustomizeImageNames(repo: RepoIndex): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of repo.byName(/^kustomization\.ya?ml$/)) {
    for (const i of arr(obj(repo.yaml(f.path)).images)) {
      const { name, newName } = obj(i);
      if (typeof name === 'string' && typeof newName === 'string' && newName && !out.has(name)) out.set(name, newName);
    }
  }
  return out;
}

/**
 * An image someone else publishes: an official image (`caddy:2.10`) or one under another namespace of a public
 * registry (`temporalio/auto-setup`, `ghcr.io/berriai/litellm`). Images in a cloud account's registry (ECR, Artifact
 * Registry, ACR) or under the project's own name are the project's.
 */
function othersImage(repo: RepoIndex, ref: string): boolean {
  const parts = imageSegments(ref);
  if (/\.(?:amazonaws\.com|pkg\.dev|azurecr\.io)$|^(?:[\w-]+\.)?gcr\.io$/.test(parts[0] ?? '')) return false;
  if (parts.length === 1) return true;
  const namespace = imageNamespace(ref);
  const owner = ownGithubRepository(repo)?.split('/')[0]?.toLowerCase();
  return !!namespace && namespace !== projectName(repo) && namespace !== owner;
}

/**
 * The repository's own GitHub `owner/name`, as its manifests give it: `<RepositoryUrl>` in Directory.Build.props, the
 * root package.json's `repository`, Cargo.toml's `repository`, a `github.com/owner/name` Go module path. CI names its
 * images after the repository (`ghcr.io/${{ github.repository }}`), which only these files spell out.
 */
export function ownGithubRepository(repo: RepoIndex): string | undefined {
  return repo.memo('components:own-github-repository', () => {
    const pkg = repo.json('package.json') as { repository?: unknown } | undefined;
    const pkgRepo = pkg?.repository;
    const candidates = [
      /<RepositoryUrl>([^<]*)<\/RepositoryUrl>/.exec(repo.read('Directory.Build.props') ?? '')?.[1]?.trim(),
      typeof pkgRepo === 'string' ? pkgRepo : (pkgRepo as { url?: unknown } | undefined)?.url,
      /^\s*repository\s*=\s*["']([^"']+)["']/m.exec(repo.read('Cargo.toml') ?? '')?.[1],
      goModulePath(repo),
    ];
    for (const c of candidates) {
      if (typeof c !== 'string') continue;
      const m =
        /(?:^|[/@:])github\.com[/:]([\w.-]+)\/([\w.-]+?)(?:\.git)?(?:[/#?].*)?$|^github:([\w.-]+)\/([\w.-]+)$/.exec(c);
      if (m) return `${m[1] ?? m[3]}/${m[2] ?? m[4]}`.toLowerCase();
    }
    return undefined;
  });
}

/** An image reference with the workflow's repository context filled in: `ghcr.io/${{ github.repository }}`. */
function withGithubContext(ref: string, own: string | undefined): string {
  if (!own || !ref.includes('${{')) return ref;
  const [owner, name] = own.split('/') as [string, string];
  return ref
    .replace(/\$\{\{\s*github\.repository\s*\}\}/g, own)
    .replace(/\$\{\{\s*github\.event\.repository\.name\s*\}\}/g, name)
    .replace(/\$\{\{\s*github\.repository_owner\s*\}\}/g, owner);
}

/**
 * A Helm template's image line, or the named template it includes (`image: {{ include "app.image" . }}` and
 * `{{- define "app.image" -}}{{ .Values.image.repository }}:…` in templates/_helpers.tpl): what names the image.
 */
function helmImageText(repo: RepoIndex, chartDir: string | undefined, text: string): string {
  const inc = /\binclude\s+"([\w.-]+)"/.exec(text);
  if (!inc || chartDir === undefined || /\.Values\./.test(text)) return text;
  const name = inc[1]!;
  return repo.memo(`components:helm-define:${chartDir}:${name}`, () => {
    const define = new RegExp(`\\{\\{-?\\s*define\\s+"${escapeRegExp(name)}"`);
    const templates = chartDir === '.' ? 'templates/' : `${chartDir}/templates/`;
    for (const f of repo.files) {
      if (!f.path.startsWith(templates) || !f.path.endsWith('.tpl')) continue;
      const body = repo.read(f.path) ?? '';
      const at = body.search(define);
      if (at < 0) continue;
      const stop = body.slice(at + 1).search(/\{\{-?\s*end\b/);
      return body.slice(at, stop >= 0 ? at + 1 + stop : at + 400);
    }
    return text;
  });
}

/** A Kubernetes workload's key: its file and line. */
export function workloadKey(w: Pick<K8sWorkload, 'file' | 'line'>): string {
  return `${w.file}:${w.line}`;
}

function dirOf(p: string): string {
  return path.posix.dirname(p);
}

function stackOfLanguage(language: string | undefined): ComponentStack | undefined {
  switch (language) {
    case 'python':
      return 'python';
    case 'javascript':
    case 'typescript':
      return 'node';
    case 'go':
      return 'go';
    case 'java':
    case 'kotlin':
    case 'scala':
    case 'groovy':
      return 'jvm';
    case 'ruby':
      return 'ruby';
    case 'csharp':
      return 'dotnet';
    case 'rust':
      return 'rust';
    case 'php':
      return 'php';
    case 'elixir':
      return 'elixir';
    default:
      return undefined;
  }
}

/** The folder under which every path of `paths` lies (their common ancestor). */
function commonDir(paths: string[]): string {
  if (!paths.length) return '.';
  let parts = paths[0]!.split('/');
  for (const p of paths.slice(1)) {
    const q = p.split('/');
    let i = 0;
    while (i < parts.length && i < q.length && parts[i] === q[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.length ? parts.join('/') : '.';
}

/** Folder names that say the folder generates traffic for the others: `load-gen`, `loadgenerator`, `traffic-generator`. */
const LOAD_GENERATOR_FOLDER = /^(?:load|traffic)[-_]?gen(?:erator)?s?$/i;

/**
 * A folder whose own code is a load-test script (a Locust image beside the services; helpers beside the script are
 * its own), or one named for generating load (`services/load-gen`, a script driving a browser in a loop). A service
 * keeping its load tests in a test folder of its own (`server/load_tests/locustfile.py`) or beside its program
 * (`metrics/bench.js` next to `metrics/cmd/main.go`) is still the service.
 */
function loadGenerator(repo: RepoIndex, scripts: LoadTestHit[], dir: string, excludes: string[]): string | undefined {
  if (dir !== '.' && LOAD_GENERATOR_FOLDER.test(path.posix.basename(dir))) return `${dir}, by the folder's name`;
  const own = (f: string) => {
    if (!isUnder(f, dir) || excludes.some((x) => isUnder(f, x))) return false;
    const within = dir === '.' ? f : f.slice(dir.length + 1);
    return !TEST_FOLDER.test(path.posix.dirname(within));
  };
  const found = scripts.filter((f) => own(f.path));
  if (!found.length) return undefined;
  const homes = new Set(found.map((f) => path.posix.dirname(f.path)));
  const program = repo.files.some(
    (f) => isProgramSource(f) && !f.isTest && own(f.path) && !homes.has(path.posix.dirname(f.path)),
  );
  return program ? undefined : `${found[0]!.path}, ${found[0]!.tool}`;
}

function presentOnlySegment(p: string): string | undefined {
  const root = presentOnlyRoot(p);
  return root === undefined ? undefined : path.posix.basename(root);
}

/** The folder named by the first present-only segment of a path (`templates` of `templates/app/content/src/Web`). */
function presentOnlyRoot(p: string): string | undefined {
  if (p === '.') return undefined;
  const parts = p.split('/');
  const i = parts.findIndex((s) => PRESENT_ONLY_SEGMENT.test(s));
  return i < 0 ? undefined : parts.slice(0, i + 1).join('/');
}

/**
 * The .NET projects CI steps `dotnet publish` (named by their project file or folder), each with its step and the
 * folder it writes when `-o`/`--output` names one.
 */
function dotnetPublished<S extends { run?: string }>(
  steps: readonly S[],
  dotnet: DotnetFacts | undefined,
): { project: DotnetProject; step: S; output?: string }[] {
  const out: { project: DotnetProject; step: S; output?: string }[] = [];
  for (const step of steps)
    for (const m of (step.run ?? '').matchAll(
      /\bdotnet\s+publish\s+["']?([^\s"';&|]+)(?:["']?[^;&|\n]*?\s(?:-o|--output)[=\s]+["']?([^\s"';&|]+))?/g,
    )) {
      const arg = path.posix.normalize(m[1]!.replace(/\\/g, '/')).replace(/\/$/, '');
      const project = dotnet?.projects.find((p) => p.path === arg || p.dir === arg);
      const output = m[2] && path.posix.normalize(m[2].replace(/^\.\//, '')).replace(/\/$/, '');
      if (project) out.push({ project, step, ...(output ? { output } : {}) });
    }
  return out;
}

/** The folder each CI `dotnet publish <project> -o <folder>` writes, to the project's folder. */
function dotnetPublishOutputDirs(
  steps: readonly { run?: string }[],
  dotnet: DotnetFacts | undefined,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const { project, output } of dotnetPublished(steps, dotnet))
    if (output && !out.has(output)) out.set(output, project.dir);
  return out;
}

/** `go build`/`go install` commands of the repository's Dockerfiles, scripts, Makefiles and CI or release configs. */
function goBuildCommands(repo: RepoIndex): string[] {
  return repo.memo('components:go-build-commands', () =>
    repo
      .grep(/\bgo\s+(?:build|install)\b[^\n]*/, {
        include: ['**/*Dockerfile*', '**/Containerfile', '**/*.sh', '**/Makefile', '**/*.mk', '**/*.{yml,yaml}'],
      })
      .map((g) => g.groups[0]!),
  );
}

/**
 * A module of a multi-module Go repository whose packages the other modules import, with a helper program at its root
 * (a token-hashing tool in `main.go`) that no Dockerfile, script or CI step builds: a library the others compile in,
 * not a deployable of its own.
 */
function goLibraryWithHelperMain(repo: RepoIndex, dir: string): boolean {
  const module = goModulePath(repo, dir);
  if (!module || !repo.has(`${dir}/main.go`) || repo.glob(`${dir}/{Dockerfile,Containerfile,*.Dockerfile}`).length)
    return false;
  const imported = repo.grepFirst(new RegExp(`"${escapeRegExp(module)}/`), {
    include: ['**/*.go'],
    exclude: [`${dir}/**`],
    kinds: ['source'],
  });
  if (!imported) return false;
  const target = new RegExp(`(?:^|[\\s=])(?:\\./)?${escapeRegExp(dir)}(?:/(?:cmd)?)?(?:\\s|$|[;&|'"])`);
  return !goBuildCommands(repo).some((c) => target.test(c));
}

/** The go.mod and go.sum of the module enclosing a folder of Go code that has no go.mod of its own. */
function enclosingGoModule(repo: RepoIndex, dir: string): string[] {
  if (dir === '.' || repo.has(`${dir}/go.mod`) || !repo.glob(`${dir}/**/*.go`).length) return [];
  for (let d = path.posix.dirname(dir); ; d = path.posix.dirname(d)) {
    const mod = d === '.' ? 'go.mod' : `${d}/go.mod`;
    if (repo.has(mod)) return [mod, mod.replace(/mod$/, 'sum')].filter((f) => repo.has(f));
    if (d === '.') return [];
  }
}

/** The production Go files of the repository by package folder (vendored and test files left out). */
function goPackageFiles(repo: RepoIndex): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of repo.files) {
    if (f.language !== 'go' || f.kind !== 'source' || f.isTest || f.tooLarge) continue;
    const d = path.posix.dirname(f.path);
    const list = out.get(d);
    if (list) list.push(f.path);
    else out.set(d, [f.path]);
  }
  return out;
}

/**
 * The Go files a program in `dir` compiles in from outside it: the repository's own packages its packages import,
 * directly or through each other, by the enclosing module's path or a sibling module's (`nested` folders are other
 * components, outside it too). Files, not folders: a package's sub-packages are only compiled in when imported.
 */
function goPackagesCompiledIn(
  byFile: ReadonlyMap<string, readonly { local?: string }[]>,
  packages: ReadonlyMap<string, string[]>,
  dir: string,
  nested: readonly string[],
): string[] {
  const own = (d: string): boolean => isUnder(d, dir) && !nested.some((n) => isUnder(d, n));
  const seen = new Set<string>();
  const queue: string[] = [];
  for (const d of packages.keys())
    if (own(d)) {
      seen.add(d);
      queue.push(d);
    }
  const out: string[] = [];
  while (queue.length) {
    for (const f of packages.get(queue.pop()!) ?? [])
      for (const r of byFile.get(f) ?? []) {
        const d = r.local;
        if (d === undefined || seen.has(d) || !packages.has(d)) continue;
        seen.add(d);
        queue.push(d);
        if (!own(d)) out.push(...packages.get(d)!);
      }
  }
  return out;
}

interface SkaffoldArtifact {
  image: string;
  context: string;
  dockerfile?: string;
  /** The folder a builder other than Docker compiles inside the context (jib `project`, ko `dir`/`main`). */
  source?: string;
  file: string;
  line: number;
}

/**
 * The module folder a skaffold jib artifact builds: `project` is a Maven module (a path, or `:artifactId` /
 * `group:artifactId`) or a Gradle project (`:sub:project`) under the context.
 */
function jibProject(repo: RepoIndex, context: string, project: string): string | undefined {
  const asPath = path.posix.normalize(path.posix.join(context, project.replace(/^\.\//, '')));
  if (!project.includes(':') && asPath !== context && repo.hasDir(asPath)) return asPath;
  const name = project.split(':').pop() ?? '';
  if (!name) return undefined;
  const gradle = path.posix.normalize(path.posix.join(context, project.replace(/^:/, '').replace(/:/g, '/')));
  if (project.startsWith(':') && repo.hasDir(gradle)) return gradle;
  for (const f of repo.byName(/^pom\.xml$/)) {
    const dir = dirOf(f.path);
    if (dir === context || !isUnder(dir, context)) continue;
    const own = (repo.read(f.path) ?? '').replace(/<parent>[\s\S]*?<\/parent>/, '');
    if (/<artifactId>\s*([^<\s]+)\s*<\/artifactId>/.exec(own)?.[1] === name) return dir;
  }
  return undefined;
}

/** The folders Nx projects build into (`targets.*.options.outputPath`), each with the project's folder. */
function nxBuildOutputs(repo: RepoIndex): { output: string; project: string }[] {
  if (!repo.has('nx.json')) return [];
  const out: { output: string; project: string }[] = [];
  for (const f of repo.byName(/^project\.json$/)) {
    const targets = (repo.json(f.path) as { targets?: Record<string, { options?: { outputPath?: unknown } }> })
      ?.targets;
    for (const t of Object.values(targets ?? {})) {
      const o = t?.options?.outputPath;
      if (typeof o === 'string' && !o.includes('{'))
        out.push({ output: path.posix.normalize(o.replace(/^\.\//, '')), project: dirOf(f.path) });
    }
  }
  return out;
}

/** Skaffold artifacts: image name → build context and Dockerfile (or the module jib or ko builds). */
function skaffoldArtifacts(repo: RepoIndex): SkaffoldArtifact[] {
  return repo.memo('components:skaffold', () => readSkaffoldArtifacts(repo));
}

function readSkaffoldArtifacts(repo: RepoIndex): SkaffoldArtifact[] {
  const out: SkaffoldArtifact[] = [];
  for (const f of repo.byName(/^skaffold(\.[\w-]+)?\.ya?ml$/)) {
    const dir = dirOf(f.path);
    const lines = repo.lines(f.path);
    for (const d of repo.yamlDocuments(f.path)) {
      const v = d.value as
        | { build?: { artifacts?: unknown }; profiles?: { build?: { artifacts?: unknown } }[] }
        | undefined;
      const lists = [
        v?.build?.artifacts,
        ...(Array.isArray(v?.profiles) ? v.profiles.map((p) => p?.build?.artifacts) : []),
      ];
      for (const list of lists) {
        if (!Array.isArray(list)) continue;
        for (const a of list as {
          image?: unknown;
          context?: unknown;
          docker?: { dockerfile?: unknown };
          jib?: { project?: unknown };
          ko?: { dir?: unknown; main?: unknown };
        }[]) {
          const image = a?.image;
          if (typeof image !== 'string') continue;
          const context = path.posix.normalize(path.posix.join(dir, typeof a.context === 'string' ? a.context : '.'));
          const line =
            lines.findIndex((l) => new RegExp(`image:\\s*["']?${escapeRegExp(image)}["']?\\s*$`).test(l)) + 1;
          let source: string | undefined;
          if (typeof a.jib?.project === 'string') source = jibProject(repo, context, a.jib.project);
          else if (a.ko && typeof a.ko === 'object') {
            const koDir = path.posix.join(context, typeof a.ko.dir === 'string' ? a.ko.dir : '.');
            const main =
              typeof a.ko.main === 'string' ? path.posix.normalize(path.posix.join(koDir, a.ko.main)) : koDir;
            const d = path.posix.normalize(main.replace(/\/\.\.\.$/, ''));
            if (d !== context && repo.hasDir(d)) source = d;
          }
          out.push({
            image,
            context,
            ...(source ? { source } : {}),
            ...(typeof a.docker?.dockerfile === 'string'
              ? { dockerfile: path.posix.normalize(path.posix.join(context, a.docker.dockerfile)) }
              : {}),
            file: f.path,
            line: line || 1,
          });
        }
      }
    }
  }
  return out;
}

/** An image build seen in CI or a script. */
export interface ImageBuild {
  context?: string;
  dockerfile?: string;
  tags: string[];
  /** `--build-arg NAME=value` values (only those the repository shows). */
  args: Record<string, string>;
  /** The stage built (`--target`, build-push-action `target:`). */
  target?: string;
  /** The Dockerfile named with a variable left in it (`./${{ matrix.path }}/build.Dockerfile`). */
  dockerfileTemplate?: string;
  path: string;
  line: number;
  push: boolean;
}

/** The `build-args` input of docker/build-push-action (`NAME=value` lines), without values left to expressions. */
function buildArgsInput(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof v !== 'string') return out;
  for (const l of v.split('\n')) {
    const m = /^\s*([A-Za-z_]\w*)=(.*?)\s*$/.exec(l);
    if (m && !m[2]!.includes('${{')) out[m[1]!] = m[2]!;
  }
  return out;
}

/** A Dockerfile path written with variables (`./${{ matrix.path }}/build.Dockerfile`), as a pattern: each variable one path segment. */
function dockerfileTemplate(p: string | undefined): string | undefined {
  return p && /\$/.test(p) ? p.replace(/^\.\//, '') : undefined;
}

function templateMatcher(template: string): RegExp {
  const parts = template.split(/\$\{\{[^}]*\}\}|\$\{[^}]*\}|\$\w+/);
  return new RegExp(`^${parts.map(escapeRegExp).join('[^/]+')}$`);
}

const BUILD_FLAGS_WITH_VALUE =
  /^(--target|--platform|--cache-from|--cache-to|--label|--secret|--output|-o|--progress|--network|--ssh|--build-context)$/;

/** A repository path written in a command (`./internal`, `"docker/app/Dockerfile"`), unless a variable is left in it. */
// A trailing slash (`context: engine/`) names the same folder; a folder named with a dot (`.github/deployment/`) keeps it.
const repoPathOf = (p: string | undefined, keepDot = true): string | undefined =>
  p && !/\$/.test(p)
    ? path.posix.normalize(p.replace(/^\.(?:\/+|$)/, '') || (keepDot ? '.' : '')).replace(/(.)\/+$/, '$1')
    : undefined;

/** The repository paths a build names (each only when no variable is left in it), and its Dockerfile as a pattern. */
function buildPaths(
  context: string | undefined,
  dockerfile: string | undefined,
): Pick<ImageBuild, 'context' | 'dockerfile' | 'dockerfileTemplate'> {
  const ctx = repoPathOf(context);
  const file = repoPathOf(dockerfile, false);
  const template = dockerfileTemplate(dockerfile);
  return {
    ...(ctx ? { context: ctx } : {}),
    ...(file ? { dockerfile: file } : {}),
    ...(template ? { dockerfileTemplate: template } : {}),
  };
}

/**
 * The image builds of CI and scripts, read once per repository. A component's view sees the repository's, in its own
 * paths: CI and scripts run from the repository (a root Makefile target building the component's image from the root,
 * `docker build -f dockerfiles/Dockerfile-worker .`), not from the component's folder.
 */
export function imageBuildsOf(repo: RepoIndex, ci: CiFacts, sv?: ShellValues): ImageBuild[] {
  return repo.memo('components:image-builds', () => {
    if (!(repo instanceof RepoView)) return ciImageBuilds(repo, ci, sv ?? shellValues(repo, ci));
    const from = (p: string) => (/\$|:\/\//.test(p) ? p : repo.fromRepo(p));
    return imageBuildsOf(
      repo.parent,
      ciInPaths(ci, (p) => repo.toRepo(p)),
    ).map((b) => ({
      ...b,
      path: from(b.path),
      ...(b.context !== undefined ? { context: from(b.context) } : {}),
      ...(b.dockerfile !== undefined ? { dockerfile: from(b.dockerfile) } : {}),
    }));
  });
}

/** The build context a compose service, a skaffold artifact or a CI build (or a script's) gives a Dockerfile, if one does. */
export function buildContextOf(
  repo: RepoIndex,
  inputs: { compose: ComposeFacts; ci: CiFacts },
  df: ParsedDockerfile,
): string | undefined {
  const svc = inputs.compose.services.find((s) => s.build && !s.build.inline && s.build.dockerfile === df.path);
  if (svc?.build && !/^[a-z]+:\/\/|\$/.test(svc.build.context)) return svc.build.context;
  const sk = skaffoldArtifacts(repo).find(
    (a) => (a.dockerfile ?? `${a.context}/Dockerfile`).replace(/^\.\//, '') === df.path,
  );
  if (sk) return sk.context;
  const builds = imageBuildsOf(repo, inputs.ci);
  const b = builds.find((x) => x.dockerfile === df.path && x.context);
  if (b) return b.context;
  const dir = dockerfileDir(df);
  const b2 = builds.find((x) => !x.dockerfile && x.context === dir && path.posix.basename(df.path) === 'Dockerfile');
  return b2?.context;
}

/**
 * `docker build` / `docker buildx build` / build-push actions in CI and scripts: context, Dockerfile, tags and build
 * args. A command written with shell variables (a loop over services, a script's parameters) counts once per value the
 * repository gives them.
 */
function ciImageBuilds(repo: RepoIndex, ci: CiFacts, sv: ShellValues): ImageBuild[] {
  const out: ImageBuild[] = [];
  const own = ownGithubRepository(repo);
  const parse = (cmd: string, file: string, line: number, pushedTags: (tag: string) => boolean, cwd = '.') => {
    const w = words(cmd);
    const tags: string[] = [];
    const args: Record<string, string> = {};
    let dockerfile: string | undefined;
    let context: string | undefined;
    let target: string | undefined;
    for (let i = 0; i < w.length; i++) {
      const x = w[i]!;
      if (x === '-t' || x === '--tag') tags.push(w[++i] ?? '');
      else if (x === '--target') target = w[++i];
      else if (x.startsWith('--target=')) target = x.slice(9);
      else if (x.startsWith('--tag=')) tags.push(x.slice(6));
      else if (x === '-f' || x === '--file') dockerfile = w[++i];
      else if (x.startsWith('--file=')) dockerfile = x.slice(7);
      else if (x === '--build-arg' || x.startsWith('--build-arg=')) {
        const kv = x === '--build-arg' ? (w[++i] ?? '') : x.slice(12);
        const m = /^(\w+)=(.*)$/.exec(kv);
        if (m && !m[2]!.includes('$')) args[m[1]!] = m[2]!;
      } else if (BUILD_FLAGS_WITH_VALUE.test(x)) i++;
      else if (!x.startsWith('-') && !x.includes('\\')) context = x;
    }
    // A tag whose name is still a variable names nothing; a variable tag (`app:${{ github.sha }}`) still names `app`.
    const named = tags.filter((t) => t && !/\$/.test(t.split('/').pop()!.split(':')[0]!));
    // Paths are relative to the folder the command runs in (`cd web && docker build .`, a step's working-directory).
    const at = (p: string | undefined) =>
      p && cwd !== '.' ? path.posix.join(cwd, p.replace(/^\.(?:\/+|$)/, '') || '.') : p;
    context = at(context);
    dockerfile = at(dockerfile);
    out.push({
      ...buildPaths(context, dockerfile),
      tags: named,
      args,
      ...(target && !target.includes('$') ? { target } : {}),
      path: file,
      line,
      push: /--push\b|type=registry\b/.test(cmd) || named.some(pushedTags),
    });
  };
  // A CI expression other than a matrix key (`${{ github.sha }}`) is one word whose value is unknown.
  const oneWord = (x: string) =>
    x.replace(/\$\{\{\s*(?!matrix\.)([^}]*?)\s*\}\}/g, (_, e: string) => `\${${e.replace(/\W+/g, '_')}}`);
  const scan = (raw: string, file: string, line: number, pushes: string[], workdir = '.') => {
    // A command continued over lines (`docker build -f x \` then `-t app:1 \` …) is one command.
    const text = withGithubContext(raw.replace(/\\\r?\n[ \t]*/g, ' '), own);
    for (const m of text.matchAll(/\bdocker(?:\s+buildx)?\s+build\b([^\n;&|]*)/g)) {
      // `cd web/ && docker build .` on the same line: the build runs in that folder.
      const before = text.slice(text.lastIndexOf('\n', m.index) + 1, m.index);
      const cd = [...before.matchAll(/(?:^|[\s;&(@])cd\s+([^\s;&|)]+)\s*(?:&&|;)/g)].pop()?.[1];
      const cwd =
        cd && !/[$~]/.test(cd) && !cd.startsWith('/')
          ? path.posix.normalize(path.posix.join(workdir, cd)).replace(/\/+$/, '')
          : workdir;
      for (const cmd of sv.expand(file, line, oneWord(m[1]!))) {
        const pushed = pushes.flatMap((p) => sv.expand(file, line, oneWord(withGithubContext(p, own))));
        parse(cmd, file, line, (t) => pushed.some((p) => p.includes(t)), cwd.startsWith('..') ? '.' : cwd);
      }
    }
  };
  const pushesIn = (text: string) =>
    [...text.matchAll(/\bdocker\s+(?:image\s+)?push\s+([^\n;&|]+)/g)].map((m) => m[1]!);
  for (const s of ci.steps) {
    if (s.state === 'disabled') continue;
    if (s.run) {
      // Loops around the command are read from the file: start at the command's own line in the step.
      const first = /\bdocker(?:\s+buildx)?\s+build\b[^\n]*/.exec(s.run)?.[0].slice(0, 60);
      const at = first ? repo.lines(s.path).findIndex((l, i) => i >= s.line - 1 && l.includes(first)) : -1;
      const workdir = s.workdir && !/\$/.test(s.workdir) ? path.posix.normalize(s.workdir.replace(/^\.\//, '')) : '.';
      scan(s.run, s.path, at >= 0 ? at + 1 : s.line, pushesIn(s.run), workdir.startsWith('..') ? '.' : workdir);
    }
    // Drop-in forks of docker/build-push-action (Blacksmith's and Depot's runners) take the same inputs.
    if (s.uses && (BUILD_PUSH_ACTION.test(s.uses) || BUILD_PUSH_WRAPPER.test(s.uses))) {
      // docker/build-push-action pushes only when asked (`push: true`, or an expression deciding per event); an
      // organisation's wrapper is there to push.
      const pushes = (inputs: Record<string, unknown> | undefined): boolean => {
        if (!BUILD_PUSH_ACTION.test(s.uses!)) return true;
        const v = inputs?.push;
        return v === true || (typeof v === 'string' && (/^\s*true\s*$/i.test(v) || v.includes('${{')));
      };
      // Without `context:` the action builds the commit itself (its Git context): the repository's root.
      const addActionBuild = (
        context?: string,
        dockerfile?: string,
        target?: string,
        tags: string[] = [],
        push = pushes(s.with),
        args = buildArgsInput(s.with?.['build-args']),
      ): void => {
        out.push({
          ...buildPaths(context ?? '.', dockerfile),
          tags,
          args,
          ...(target && /^[\w.-]+$/.test(target) ? { target } : {}),
          path: s.path,
          line: s.line,
          push,
        });
      };
      if (s.withRows) {
        // One image per matrix row (`file: ${{ matrix.dockerfile }}` over `include:` rows).
        const seen = new Set<string>();
        s.withRows.forEach((row, i) => {
          const text = (k: string) => (typeof row[k] === 'string' ? (row[k] as string).trim() : undefined);
          const plain = (v: string | undefined) => (v && !v.includes('${{') ? v : undefined);
          const context = plain(text('context'));
          // A file still named through a variable is kept as a pattern (see dockerfileTemplate).
          const dockerfile = text('file');
          const target = text('target');
          const tags = [text('tags') ?? '', text('repository') ?? '', text('image') ?? '', text('image-name') ?? '']
            .join('\n')
            .split(/[\n,]/)
            .map((t) => withGithubContext(t.trim(), own))
            .filter((t) => t && !t.includes('${{') && !t.startsWith('#'));
          tags.push(...metadataImages(ci, s, i, own));
          const key = JSON.stringify([context, dockerfile, target, tags]);
          if (seen.has(key)) return;
          seen.add(key);
          addActionBuild(context, dockerfile, target, tags, pushes(row), buildArgsInput(row['build-args']));
        });
        continue;
      }
      // Read the lines after the step (tags written over several lines, comments after values).
      const lines = repo.lines(s.path);
      let context: string | undefined;
      let dockerfile: string | undefined;
      let target: string | undefined;
      const tags: string[] = [];
      for (let i = s.line; i < Math.min(lines.length, s.line + 25); i++) {
        const l = lines[i]!;
        if (/^\s*-\s/.test(l) && i > s.line) break;
        const c = /^\s*context:\s*["']?([^"'\s#]+)/.exec(l);
        if (c) context = c[1];
        const f = /^\s*file:\s*["']?((?:[^"'\s#$]|\$\{\{[^}\n]*\}\}|\$(?!\{\{))+)/.exec(l);
        if (f) dockerfile = f[1];
        const tg = /^\s*target:\s*["']?([\w.-]+)["']?\s*(#.*)?$/.exec(l);
        if (tg) target = tg[1];
        const t = /^\s*tags:\s*["']?([^"'\s#|>]+)/.exec(withGithubContext(l, own));
        // A tag that is an expression (`${{ steps.meta.outputs.tags }}`) names no image here (metadataImages does).
        if (t && !t[1]!.startsWith('${{')) tags.push(t[1]!);
        const img = IMAGE_INPUT.exec(withGithubContext(l, own));
        if (img && !img[1]!.startsWith('${{')) tags.push(img[1]!);
      }
      tags.push(...metadataImages(ci, s, undefined, own));
      addActionBuild(context, dockerfile, target, tags);
    }
  }
  // npm scripts (`"build-docker": "docker buildx build -f docker/app.dockerfile -t org/app:base . --push"`).
  for (const f of repo.byName(/^package\.json$/)) {
    if (f.isTest) continue;
    const scripts = obj((repo.json(f.path) as { scripts?: unknown } | undefined)?.scripts);
    const lines = repo.lines(f.path);
    for (const [name, value] of Object.entries(scripts)) {
      if (typeof value !== 'string' || !/\bdocker(?:\s+buildx)?\s+build\b/.test(value)) continue;
      const line = lines.findIndex((l) => l.includes(`"${name}"`)) + 1 || 1;
      // npm runs a package's scripts in its folder.
      scan(value, f.path, line, pushesIn(value), dirOf(f.path));
    }
  }
  for (const f of repo.files) {
    if (!SCRIPT_FILE.test(f.path) || f.isTest) continue;
    const hits = repo.grep(/\bdocker(?:\s+buildx)?\s+build\b/, { paths: [f.path] });
    if (!hits.length) continue;
    const text = repo.read(f.path) ?? '';
    const pushes = pushesIn(text);
    // A script that first moves to its own folder (`cd "$(dirname "$0")"`) builds with paths relative to it.
    const selfDir = OWN_FOLDER_CD.exec(text);
    for (const hit of hits) {
      const cwd = selfDir && text.slice(0, selfDir.index).split('\n').length < hit.line ? dirOf(f.path) : '.';
      scan(sv.command(f.path, hit.line), f.path, hit.line, pushes, cwd);
    }
  }
  out.push(...bakeImageBuilds(repo, ci));
  retaggedImages(repo, out, own);
  for (const b of out) {
    if (b.dockerfile === undefined && b.context !== undefined && !/^[a-z]+:\/\//i.test(b.context)) {
      const df = defaultDockerfileOf(repo, b.context);
      if (path.posix.basename(df) === 'dockerfile') b.dockerfile = df;
    }
  }
  // A Dockerfile copied into a build folder before the build (`cp ./Dockerfile ./dist` in an earlier step, then
  // `file: ./dist/Dockerfile`, `context: ./dist` beside the binaries CI built there): the repository's Dockerfile.
  for (const b of out) {
    const df = b.dockerfile ?? (b.context !== undefined ? path.posix.join(b.context, 'Dockerfile') : undefined);
    if (!df || repo.has(df) || !CI_PATH.test(b.path)) continue;
    const copied = copiedInto(repo.read(b.path) ?? '', df);
    if (!copied || !repo.has(copied)) continue;
    b.dockerfile = copied;
    // The staging folder holds what CI copies there (`cp -rp ./resources ./dist`) beside the Dockerfile: as seen from
    // the repository, the context is the Dockerfile's own folder.
    if (b.context !== undefined && !repo.hasDir(b.context)) b.context = path.posix.dirname(copied);
  }
  return out;
}

/** An image reference without its tag or digest: `squidex/notifo` of `squidex/notifo:latest`. */
const untagged = (ref: string): string => ref.replace(/@[^/]*$/, '').replace(/:[^/:]*$/, '');

/**
 * A build tagged with a local name that a later command of the same file gives the published name (`docker tag
 * notifo-local squidex/notifo:latest`, then `docker push squidex/notifo`): the build makes that image too, pushed when
 * the file pushes it.
 */
function retaggedImages(repo: RepoIndex, builds: ImageBuild[], own: string | undefined): void {
  for (const b of builds) {
    if (!b.tags.length) continue;
    const text = repo.read(b.path) ?? '';
    if (!/\bdocker\s+(?:image\s+)?tag\b/.test(text)) continue;
    const names = new Set(b.tags.map(untagged));
    const joined = withGithubContext(text.replace(/\\\r?\n[ \t]*/g, ' '), own);
    const pushed = [...joined.matchAll(/\bdocker\s+(?:image\s+)?push\s+(\S+)/g)].map((m) => untagged(m[1]!));
    for (const m of joined.matchAll(/\bdocker\s+(?:image\s+)?tag\s+([^\s;&|]+)\s+([^\s;&|]+)/g)) {
      // A tag still written as a variable (`squidex/notifo:${{ env.VERSION }}`) keeps only the name.
      const to = m[2]!.includes('$') ? untagged(m[2]!) : m[2]!;
      if (!names.has(untagged(m[1]!)) || /\$/.test(to) || b.tags.includes(to)) continue;
      b.tags.push(to);
      names.add(untagged(to));
      if (pushed.includes(untagged(to))) b.push = true;
    }
  }
}

const BAKE_COMMAND = new RegExp(`${BAKE_INVOCATION.source}([^\\n;&|]*)`, 'g');

/**
 * Images built from a bake file: a bake action in CI (`targets: api,cli`, else the default group) or a
 * `docker buildx bake [targets]` command in CI or a script. Each target is one build of its Dockerfile and context.
 */
function bakeImageBuilds(repo: RepoIndex, ci: CiFacts): ImageBuild[] {
  const files = bakeFiles(repo);
  if (!files.length) return [];
  const out: ImageBuild[] = [];
  const add = (names: string[], only: string[], cwd: string, push: boolean, file: string, line: number) => {
    const chosen = only.length ? files.filter((f) => only.includes(f.path)) : files;
    for (const b of bakeBuilds(chosen.length ? chosen : files, names, cwd)) {
      const context = repoPathOf(b.context);
      const dockerfile = repoPathOf(b.dockerfile, false);
      out.push({
        ...(context ? { context } : {}),
        ...(dockerfile ? { dockerfile } : {}),
        tags: b.target.tags.filter((t) => t && !/\$/.test(t.split('/').pop()!.split(':')[0]!)),
        args: {},
        ...(b.target.target && /^[\w.-]+$/.test(b.target.target) ? { target: b.target.target } : {}),
        path: file,
        line,
        push,
      });
    }
  };
  const commands = (text: string, file: string, line: number, cwd: string) => {
    for (const m of text.replace(/\\\r?\n[ \t]*/g, ' ').matchAll(BAKE_COMMAND)) {
      const args = bakeCommandArgs(words(m[1]!));
      if (!args) continue;
      const rel = args.files.map((f) => repoPathOf(path.posix.join(cwd, f), false) ?? '');
      add(args.names, rel, cwd, /--push\b/.test(m[1]!), file, line);
    }
  };
  for (const s of ci.steps) {
    if (s.state === 'disabled') continue;
    const cwd = s.workdir && !/\$/.test(s.workdir) ? path.posix.normalize(s.workdir.replace(/^\.\//, '')) : '.';
    if (s.run && /\bbake\b/.test(s.run)) commands(s.run, s.path, s.line, cwd.startsWith('..') ? '.' : cwd);
    if (s.uses && BAKE_ACTION.test(s.uses)) {
      const dir = typeof s.with?.workdir === 'string' && !/\$/.test(s.with.workdir) ? s.with.workdir : cwd;
      const only = actionList(s.with?.files).map((f) => repoPathOf(path.posix.join(dir, f), false) ?? '');
      const push = s.with?.push === true || s.with?.push === 'true';
      const steps = ci.steps.filter((o) => o.path === s.path);
      add(bakeActionTargets(s.with, steps), only, path.posix.normalize(dir), push, s.path, s.line);
    }
  }
  for (const f of repo.files) {
    if (!SCRIPT_FILE.test(f.path) || f.isTest) continue;
    for (const hit of repo.grep(BAKE_INVOCATION, { paths: [f.path] })) commands(hit.text, f.path, hit.line, '.');
  }
  return out;
}

/** The repository file a CI file copies to `dest` (`cp ./Dockerfile ./dist`, `cp Dockerfile dist/Dockerfile`). */
function copiedInto(text: string, dest: string): string | undefined {
  const dir = path.posix.dirname(dest);
  const base = path.posix.basename(dest);
  for (const m of text.matchAll(/(?:^|[\s;&|])cp\s+(?:-\w+\s+)*([^\s;&|$]+)\s+([^\s;&|$]+)\s*(?=$|[;&|\n])/gm)) {
    const src = repoPathOf(m[1]!, false);
    const to = repoPathOf(m[2]!.replace(/\/+$/, ''), false);
    if (!src || !to) continue;
    if (to === dest || (to === dir && path.posix.basename(src) === base)) return src;
  }
  return undefined;
}

/**
 * The images a build-push step tags through a docker/metadata-action step (`tags: ${{ steps.meta.outputs.tags }}`):
 * that step's `images:` input, one image per line or comma (`name=ghcr.io/org/api,enable=…` entries too).
 */
function metadataImages(ci: CiFacts, step: CiFacts['steps'][number], row?: number, own?: string): string[] {
  const tags = (row === undefined ? undefined : step.withRows?.[row]?.tags) ?? step.with?.tags;
  if (typeof tags !== 'string') return [];
  const out: string[] = [];
  for (const m of tags.matchAll(/\bsteps\.([\w-]+)\.outputs\.tags\b/g)) {
    const meta = ci.steps.find(
      (x) =>
        x.path === step.path && x.job === step.job && x.id === m[1] && /^docker\/metadata-action/.test(x.uses ?? ''),
    );
    const images = (row === undefined ? undefined : meta?.withRows?.[row]?.images) ?? meta?.with?.images;
    if (typeof images !== 'string') continue;
    for (const entry of images.split(/\n/)) {
      const e = withGithubContext(withStepOutputs(ci, step, entry.trim(), own), own);
      if (!e || e.startsWith('#')) continue;
      // `name=ghcr.io/org/api,enable=true` or a plain comma-separated list.
      const named = /^name=([^,\s]+)/.exec(e);
      for (const ref of named ? [named[1]!] : e.split(',').map((x) => x.trim()))
        if (ref && !ref.includes('=') && !/\$\{\{/.test(ref.split('/').pop()!)) out.push(ref);
    }
  }
  return out;
}

/**
 * A value with the outputs of earlier steps of the job filled in: `${{ steps.image-name.outputs.value }}` set by a step
 * `id: image-name` that runs `echo "value=ghcr.io/${{ github.repository }}" >> "$GITHUB_OUTPUT"`.
 */
function withStepOutputs(ci: CiFacts, step: CiFacts['steps'][number], value: string, own?: string): string {
  if (!value.includes('steps.')) return value;
  return value.replace(/\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}/g, (whole, id: string, key: string) => {
    const found = ci.steps.find((x) => x.path === step.path && x.job === step.job && x.id === id)?.run;
    const run = found && withGithubContext(found, own);
    const set =
      run && new RegExp(`\\b${escapeRegExp(key)}=([^"'\\s>]+)["']?\\s*>>\\s*"?\\$\\{?GITHUB_OUTPUT\\b`).exec(run);
    return set ? set[1]! : whole;
  });
}

const SCRIPT_FILE = /(^|\/)(Makefile|[\w.-]+\.mk|[\w.-]+\.sh|justfile|Taskfile\.ya?ml)$/;
/** `cd "$(dirname "$0")"`, `cd $(dirname ${BASH_SOURCE[0]})`: a shell script moving to its own folder. */
const OWN_FOLDER_CD = /^[ \t]*cd\s+"?\$\(dirname\s+"?\$(?:0|\{?BASH_SOURCE(?:\[0\])?\}?)"?\)"?\s*(?:$|[;&#])/m;

/** Workspace package folders: package.json workspaces, pnpm-workspace.yaml, and the apps/* convention. */
export function workspaceFolders(repo: RepoIndex): string[] {
  const globs: string[] = [];
  const pkg = repo.json('package.json') as { workspaces?: unknown } | undefined;
  const ws = pkg?.workspaces;
  if (Array.isArray(ws)) globs.push(...ws.filter((x): x is string => typeof x === 'string'));
  else if (ws && typeof ws === 'object' && Array.isArray((ws as { packages?: unknown }).packages))
    globs.push(...((ws as { packages: unknown[] }).packages.filter((x) => typeof x === 'string') as string[]));
  const pnpm = repo.yaml('pnpm-workspace.yaml') as { packages?: unknown } | undefined;
  if (Array.isArray(pnpm?.packages)) globs.push(...pnpm.packages.filter((x): x is string => typeof x === 'string'));
  const dirs = new Set<string>();
  for (const g of globs) {
    if (g.startsWith('!')) continue;
    const clean = g.replace(/^\.\//, '').replace(/\/+$/, '');
    for (const f of repo.glob(`${clean}/package.json`)) dirs.add(dirOf(f.path));
  }
  return [...dirs].sort();
}

const DEV_SERVER =
  /\b(react-scripts\s+start|vite(?!\s+(build|preview))\b|webpack(-dev-server|\s+serve)|ng\s+serve|vue-cli-service\s+serve|parcel(?!\s+build)|expo|storybook|docusaurus|gatsby\s+develop|astro\s+dev|nuxt\s+dev|next\s+dev|electron|nodemon|tsx\s+watch|ts-node-dev)\b/;
const BROWSER_DEPS = ['react', 'react-dom', 'vue', '@angular/core', 'svelte', 'solid-js', 'preact', 'lit'];
const SERVER_DEPS = [
  'express',
  'fastify',
  '@nestjs/core',
  'koa',
  '@hapi/hapi',
  'hono',
  'next',
  '@remix-run/node',
  '@remix-run/serve',
  '@react-router/node',
  '@react-router/serve',
  'nuxt',
  '@sveltejs/kit',
  'astro',
  'elysia',
  'restify',
  'apollo-server',
  '@apollo/server',
  'socket.io',
  'bullmq',
  'kafkajs',
];

/** Builds that produce a web app (not a library, not e-mail templates). */
const BUNDLER =
  /\b(vite|next|react-scripts|webpack|ng\s+build|vue-cli-service|parcel|astro|nuxt|svelte-kit|remix|gatsby|rsbuild|rspack|umi|expo\s+export|ember|craco)\b/;

interface PackageJson {
  name?: string;
  private?: boolean;
  main?: string;
  exports?: unknown;
  types?: string;
  typings?: string;
  bin?: unknown;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/**
 * A compiler or bundler in watch mode (`tsc -p tsconfig.json -w`, `tsup --watch`; the flag before any `&&`, `|` or `;`):
 * it rebuilds code, it runs nothing.
 */
const COMPILE_WATCH =
  /^(?:(?:cross-env\s+)?(?:[\w.-]+=\S*\s+)*)?(?:\S*\/)?(?:tsc|tsup|rollup|babel|swc|esbuild|webpack|vite\s+build|microbundle|unbuild|run-p\s+watch:\S+)\b[^&|;]*?\s(?:-w|--watch)\b/;

/** A package script with `npm run X` / `pnpm X` / `yarn X` chains inside the same package followed (a few hops). */
function resolvedScript(scripts: Record<string, string>, name: string): string | undefined {
  let cmd = scripts[linuxScriptName(scripts, name)];
  for (let hop = 0; hop < 4 && typeof cmd === 'string'; hop++) {
    const m = /^\s*(?:npm\s+run(?:-script)?|pnpm(?:\s+run)?|yarn(?:\s+run)?|bun\s+run)\s+([\w:.-]+)\s*$/.exec(cmd);
    if (!m || !(m[1]! in scripts)) return cmd;
    cmd = scripts[linuxScriptName(scripts, m[1]!)];
  }
  return cmd;
}

/** Page frameworks an app depends on at run time, with the config file that makes a folder one of their apps. */
const PAGE_FRAMEWORK_DEPS = ['next', 'nuxt', '@sveltejs/kit', 'astro', '@remix-run/node', '@react-router/node'];
const PAGE_FRAMEWORK_CONFIG = '{next,nuxt,svelte,astro,remix,react-router}.config.{js,mjs,cjs,ts,mts}';

/** What a workspace package is: a server (start script or server framework), a browser app (build script), or a library. */
function workspacePackageRole(pkg: PackageJson, frameworkConfig = false): 'service' | 'frontend' | 'library' {
  const deps = { ...(pkg.dependencies ?? {}) };
  const scripts = pkg.scripts ?? {};
  // Nx infers an app's build, serve and start targets from its framework's config file (@nx/next, @nx/vite …): a
  // package with no scripts, depending on a page framework whose config file sits in its folder, is an app.
  if (frameworkConfig && !scripts.build && !scripts.start && PAGE_FRAMEWORK_DEPS.some((d) => d in deps))
    return 'frontend';
  // A start script that only rebuilds the package as its sources change (`"start": "npm run watch:build"` → `tsc -w`)
  // starts no program: the package is a library other packages import.
  const startCmd = typeof scripts.start === 'string' ? resolvedScript(scripts, 'start') : undefined;
  const watchOnly = typeof startCmd === 'string' && COMPILE_WATCH.test(startCmd.trim());
  const start = watchOnly ? undefined : scripts.start;
  const server = SERVER_DEPS.some((d) => d in deps);
  if (
    typeof start === 'string' &&
    !DEV_SERVER.test(start) &&
    (server || /\b(node|bun|deno|tsx|ts-node|pm2)\b/.test(start))
  )
    return 'service';
  const libraryEntry = Boolean(pkg.main || pkg.exports || pkg.types || pkg.typings);
  if (server && (scripts.build || start || scripts.serve) && !(watchOnly && libraryEntry)) return 'service';
  const browser = BROWSER_DEPS.some((d) => d in deps || d in (pkg.devDependencies ?? {}));
  if (browser && scripts.build && BUNDLER.test(scripts.build) && !pkg.main && !pkg.exports) return 'frontend';
  return 'library';
}

/**
 * A package with a library entry (main/exports/types) that other workspace packages import, and nothing that starts it
 * (no start or serve script): shared server code the apps compile in, however many server libraries it depends on.
 */
function sharedServerCode(pkg: PackageJson, dependedOn: ReadonlySet<string>): boolean {
  return (
    !pkg.scripts?.start &&
    !pkg.scripts?.serve &&
    Boolean(pkg.main || pkg.exports || pkg.types || pkg.typings) &&
    !!pkg.name &&
    dependedOn.has(pkg.name)
  );
}

/** Nx project tags that mark a project as the repository's tooling. */
const NX_TOOL_TAG = /^(?:type:)?(?:tools?|tooling|scripts?|util(?:ity|ities)?)$/i;
const LISTENS = /\.listen\s*\(|\bcreateServer\s*\(|\b(?:Bun|Deno)\.serve\s*\(|\bnew\s+WebSocketServer\s*\(/;

/**
 * A workspace package whose start script runs a program, not a server: Nx tags it as tooling (`"tags": ["tool"]`), or
 * it has no server dependency, no Dockerfile, and none of its code listens (a report generator run with `node
 * dist/main.js`).
 */
function workspaceScript(repo: RepoIndex, dir: string, pkg: PackageJson): boolean {
  const project = repo.json(`${dir}/project.json`) as { tags?: unknown } | undefined;
  if (Array.isArray(project?.tags) && project.tags.some((t) => typeof t === 'string' && NX_TOOL_TAG.test(t)))
    return true;
  if (SERVER_DEPS.some((x) => x in (pkg.dependencies ?? {}))) return false;
  if (repo.glob(`${dir}/**/{Dockerfile,Containerfile,*.Dockerfile,Dockerfile.*}`).length) return false;
  return !repo.grepFirst(LISTENS, {
    include: [`${dir}/**/*.{js,mjs,cjs,ts,mts,cts}`],
    exclude: [`${dir}/**/node_modules/**`],
    kinds: ['source'],
  });
}

/**
 * Apps an Aspire AppHost runs from a folder rather than a referenced project: `AddPythonUvicornApp("inference",
 * "../PythonInference", …)`, `AddNpmApp("web", "../frontend")`, `AddNodeApp("api", "../node/app.js")`,
 * `AddDockerfile("svc", "../svc")` (the path written as a literal or `Path.Combine("..", "PythonInference")`).
 */
function aspireFolderResources(code: string): { kind: string; path: string; index: number }[] {
  if (!code.includes('Add')) return [];
  const out: { kind: string; path: string; index: number }[] = [];
  const re =
    /\bAdd(Python(?:Uvicorn)?App|PythonModule|UvicornApp|NpmApp|NodeApp|ViteApp|JavaScriptApp|YarnApp|PnpmApp|BunApp|DenoApp|GolangApp|JavaApp|RustApp|Dockerfile)\s*\(\s*"[^"\n]*"\s*,\s*(?:"([^"\n]+)"|Path\.Combine\(([^()\n]*)\))/g;
  for (const m of code.matchAll(re)) {
    const parts = m[2] !== undefined ? [m[2]] : [...m[3]!.matchAll(/"([^"\n]*)"/g)].map((x) => x[1]!);
    if (!parts.length) continue;
    const kind = m[1] === 'Dockerfile' ? 'container' : m[1]!.replace(/App$/, '').replace(/([a-z])([A-Z])/g, '$1 $2');
    out.push({ kind, path: parts.join('/').replace(/\\/g, '/'), index: m.index ?? 0 });
  }
  return out;
}

/** The folder of an Aspire resource path relative to the AppHost (a script path stands for its folder). */
function aspireResourceDir(repo: RepoIndex, hostDir: string, rel: string): string | undefined {
  const p = path.posix.normalize(path.posix.join(hostDir, rel)).replace(/\/+$/, '');
  if (!p || p === '.' || p.startsWith('..')) return undefined;
  if (repo.hasDir(p)) return p;
  return repo.has(p) && dirOf(p) !== '.' ? dirOf(p) : undefined;
}

/** A binary cargo writes (`target/release/server`, `target/x86_64-unknown-linux-musl/release/server`); group 1 its name. */
const CARGO_OUTPUT = /^target\/(?:[\w.-]+\/)?(?:release|debug)\/([\w-]+)$/;

/**
 * The crate a file of a build stage comes from when it is a binary cargo wrote (`COPY --from=builder
 * /app/target/x86_64-unknown-linux-musl/release/worker …` after `COPY . .` and `cargo build --release`): the workspace
 * member under the context whose `[[bin]]` or package of that name builds it (a package's own binary needs its
 * src/main.rs). Any other source is returned as it is.
 */
export function cargoCrateOfOutput(manifests: ManifestFacts, ctx: string, source: string): string {
  const rel = ctx === '.' ? source : source.startsWith(`${ctx}/`) ? source.slice(ctx.length + 1) : undefined;
  const bin = rel === undefined ? undefined : CARGO_OUTPUT.exec(rel)?.[1];
  if (!bin) return source;
  const crates = manifests.manifests.filter((m) => {
    if (m.type !== 'cargo' || !m.raw) return false;
    const dir = dirOf(m.path);
    if (dir === ctx || !isUnder(dir, ctx)) return false;
    const raw = m.raw as { package?: { name?: unknown }; bin?: { name?: unknown }[] };
    if (Array.isArray(raw.bin) && raw.bin.some((b) => b?.name === bin)) return true;
    return raw.package?.name === bin && !m.libraryCrate;
  });
  return crates.length === 1 ? dirOf(crates[0]!.path) : source;
}

/** Crates that generate code (protobuf and gRPC stubs, Cap'n Proto readers) and the protoc they may bring along. */
const CARGO_CODEGEN = new Set([
  'tonic-build',
  'tonic-prost-build',
  'prost-build',
  'pbjson-build',
  'protobuf-codegen',
  'protobuf-codegen-pure',
  'protoc-rust',
  'protoc-bin-vendored',
  'grpcio-compiler',
  'capnpc',
]);

/**
 * The file belongs to a crate whose only dependencies generate code (`tonic-build`: a `proto/` crate whose main
 * compiles the .proto files into the services' folders, run by a developer with `cargo run`): a tool of the
 * repository's, not a program it runs.
 */
export function cargoCodegenTool(manifests: ManifestFacts, file: string): boolean {
  const crate = manifests.manifests
    .filter((m) => m.type === 'cargo' && isUnder(file, dirOf(m.path)))
    .sort((a, b) => b.path.length - a.path.length)[0];
  const deps = crate?.dependencies.filter((d) => !d.dev) ?? [];
  return deps.length > 0 && deps.every((d) => CARGO_CODEGEN.has(d.name));
}

/**
 * Apps Dapr's CLI starts beside their sidecars: the `apps` of a multi-app run template (`dapr run -f dapr.yaml`, each
 * `appDirPath` relative to the template) and the `dapr run … -- dotnet run --project X/X.csproj` lines of the
 * repository's shell, PowerShell and Makefile scripts (only .NET apps are read from scripts). Each named folder is
 * returned as a program of its own; a folder that does not exist, lies outside the repository or is its root is
 * skipped, as are test files. The folder holding the template or the scripts is simply not returned: this reader
 * does not decide whether it is a program.
 */
export function daprRunApps(repo: RepoIndex): { dir: string; path: string; line: number; note: string }[] {
  const out: { dir: string; path: string; line: number; note: string }[] = [];
  for (const f of repo.byName(/^(?:[\w-]+\.)?dapr\.ya?ml$/)) {
    const text = repo.read(f.path) ?? '';
    if (f.isTest || !/^apps[ \t]*:/m.test(text)) continue;
    for (const app of arr(obj(repo.yaml(f.path)).apps)) {
      const rel = obj(app).appDirPath;
      if (typeof rel !== 'string' || !rel.trim()) continue;
      const dir = path.posix
        .normalize(path.posix.join(dirOf(f.path), rel.trim().replace(/\\/g, '/')))
        .replace(/\/+$/, '');
      if (dir === '.' || dir.startsWith('..') || !repo.hasDir(dir)) continue;
      const line = repo.lineAt(f.path, Math.max(0, text.indexOf(rel)));
      out.push({ dir, path: f.path, line, note: 'app the Dapr multi-app run template starts' });
    }
  }
  for (const m of repo.grep(/\bdapr\s+run\b[^\n]*/, { include: ['**/*.sh', '**/*.ps1', '**/Makefile'] })) {
    if (repo.get(m.path)?.isTest) continue;
    // The app's command follows `--`: a `dotnet run --project` naming the project (through a variable holding the
    // repository's folder, `'$current_dir'/Orders/Orders.csproj`, read from the folder on).
    const cmd = m.groups[0]!.split(/\s--\s/)
      .slice(1)
      .join(' -- ');
    if (!/\bdotnet\s+run\b/.test(cmd)) continue;
    const arg = /\s--project[\s=]+(\S+)/.exec(cmd)?.[1];
    if (!arg) continue;
    const rel = arg
      .replace(/["';]/g, '')
      .replace(/\\/g, '/')
      .replace(/^.*(?:\$\{?\w+\}?|~)\//, '');
    const near = path.posix.normalize(path.posix.join(dirOf(m.path), rel));
    const candidates = [near, path.posix.normalize(rel)].filter((c) => c !== '.' && !c.startsWith('..'));
    const hit = candidates.find((c) => repo.hasDir(c) || (/\.[cf]sproj$/.test(c) && repo.has(c)));
    if (!hit) continue;
    const dir = repo.hasDir(hit) ? hit : dirOf(hit);
    if (dir === '.') continue;
    out.push({ dir, path: m.path, line: m.line, note: 'app a script starts with its Dapr sidecar (dapr run)' });
  }
  return out;
}

export function detectComponents(repo: RepoIndex, inputs: ComponentInputs): ComponentFacts {
  const units = new Map<string, Unit>();
  const unit = (p: string): Unit => {
    const key = p === '' ? '.' : p;
    let u = units.get(key);
    if (!u) {
      u = {
        path: key,
        names: [],
        declared: [],
        refs: [],
        images: new Set(),
        dockerfiles: [],
        mounts: new Set(),
        linked: new Set(),
        workloads: new Set(),
        copies: [],
      };
      units.set(key, u);
    }
    return u;
  };
  /** Units below the root whose folder name or one of whose candidate ids `match` accepts. */
  const unitsNamed = (match: (name: string) => boolean): Unit[] =>
    [...units.values()].filter((u) => u.path !== '.' && [path.posix.basename(u.path), ...u.names].some(match));
  /**
   * The units below the root that build an image, when the root holds no program outside them (a repository of apps
   * and the infrastructure that runs them); none otherwise.
   */
  const imageBuildersOfCodelessRoot = (): Unit[] => {
    const members = [...units.values()].filter((u) => u.path !== '.');
    const rootCode = repo.files.some(
      (f) => isProgramSource(f) && !f.isTest && !members.some((u) => isUnder(f.path, u.path)),
    );
    if (rootCode) return [];
    return [...new Set([...unitOfDockerfile.values()].filter((u) => u.path !== '.'))].sort((a, b) =>
      a.path.localeCompare(b.path),
    );
  };
  /** The deepest unit below the root that holds a path (a CI step's working folder, a descriptor, a server). */
  const unitHolding = (p: string): Unit | undefined =>
    [...units.values()]
      .filter((u) => u.path !== '.' && isUnder(p, u.path))
      .sort((a, b) => b.path.length - a.path.length)[0];
  const refsAdded = new Set<string>();
  const addRef = (u: Unit, r: Ref) => {
    const key = `${u.path}|${r.path}|${r.line ?? ''}|${r.target}`;
    if (refsAdded.has(key)) return;
    refsAdded.add(key);
    u.refs.push(r);
  };

  // ---------------------------------------------------------------------------------------------------------------
  // Images: every production Dockerfile, with the build context its compose service, skaffold artifact or CI step
  // names. The unit is the app folder: the Dockerfile's folder, unless that is a folder of Dockerfiles for code kept
  // elsewhere (then the folder the image's sources come from).
  const workspaceDirs = workspaceFolders(repo);
  const workspaceByName = new Map<string, string>();
  for (const d of workspaceDirs) {
    const pkg = repo.json(`${d}/package.json`) as PackageJson | undefined;
    if (pkg?.name) workspaceByName.set(pkg.name, d);
  }
  // Workspace packages other workspace packages depend on by name (`"@acme/shared": "workspace:*"`).
  const dependedOn = new Set<string>();
  for (const d of workspaceDirs) {
    const p = repo.json(`${d}/package.json`) as PackageJson | undefined;
    for (const n of Object.keys({ ...(p?.dependencies ?? {}), ...(p?.devDependencies ?? {}) }))
      if (workspaceByName.has(n) && workspaceByName.get(n) !== d) dependedOn.add(n);
  }
  /** Whether the workspace package in `app` declares the one in `lib` among its dependencies. */
  const dependsOnWorkspace = (app: string, lib: string): boolean => {
    const name = (repo.json(`${lib}/package.json`) as PackageJson | undefined)?.name;
    const p = repo.json(`${app}/package.json`) as PackageJson | undefined;
    return !!name && !!p && name in { ...(p.dependencies ?? {}), ...(p.devDependencies ?? {}) };
  };
  /** A workspace package that is a library: by its manifest, or shared server code the apps import (see below). */
  const workspaceLibrary = (d: string): boolean => {
    const pkg = (repo.json(`${d}/package.json`) as PackageJson | undefined) ?? {};
    const role = workspacePackageRole(pkg);
    return role === 'library' || (role === 'service' && sharedServerCode(pkg, dependedOn));
  };
  const skaffold = skaffoldArtifacts(repo);
  const sv = shellValues(repo, inputs.ci);
  const builds = imageBuildsOf(repo, inputs.ci, sv);
  const unitOfDockerfile = new Map<string, Unit>();
  /** Folders and files the production images copy in (their COPY and ADD sources). */
  const imageSources = new Set<string>();
  /** Dockerfiles whose stages are built as images of their own: `path#target` → the units that image ships. */
  const unitsOfTarget = new Map<string, Unit[]>();
  const unitsOfBuild = (dockerfile: string, target?: string): Unit[] => {
    const split = unitsOfTarget.get(`${dockerfile}#${target?.toLowerCase() ?? ''}`);
    if (split) return split;
    const u = unitOfDockerfile.get(dockerfile);
    return u ? [u] : [];
  };
  /** The stages of a Dockerfile that compose services and CI build as images (`target:`, `--target`). */
  const stageTargets = (df: ParsedDockerfile): string[] => {
    const names = new Set<string>();
    for (const s of inputs.compose.services)
      if (s.build && !s.build.inline && s.build.dockerfile === df.path && s.build.target)
        names.add(s.build.target.toLowerCase());
    for (const b of builds) if (b.target && buildsDockerfile(b, df.path)) names.add(b.target.toLowerCase());
    const leaves = runnableLeafStages(df);
    if (leaves.length > 1) for (const t of leaves) names.add(t);
    return [...names].filter((t) => df.stages.some((st) => st.name === t));
  };
  /** The nearest folder under the context with a manifest of its own that holds a repository path (its module). */
  const moduleUnder = (s: string, ctx: string): string | undefined =>
    inputs.manifests.manifests
      .map((m) => dirOf(m.path))
      .filter((d) => d !== ctx && isUnder(d, ctx) && isUnder(s, d))
      .sort((x, y) => y.length - x.length)[0];
  /**
   * The folders a stage's image takes its files from (the apps it ships): the modules they belong to when the image
   * bundles several (an all-in-one image of a web app and its workers), else the folder they have in common. Support
   * files from a folder of Dockerfiles (`docker/root/etc/s6-overlay`) are no app beside an app's own, nor are the
   * manifests a stage copies to install dependencies.
   */
  const stageHomes = (df: ParsedDockerfile, ctx: string, target: string): string[] => {
    const l = imageLayout(repo, df, { context: ctx, target });
    const dirs = [...new Set((l?.mappings ?? []).map((m) => cargoCrateOfOutput(inputs.manifests, ctx, m.source)))]
      .filter((x) => x !== '.' && x !== ctx && !installOnly(inputs.manifests, x))
      .map((x) => {
        let d = repo.has(x) ? dirOf(x) : x;
        while (d !== '.' && !repo.hasDir(d)) d = dirOf(d);
        return d;
      })
      .filter((d) => d !== '.' && d !== ctx && isUnder(d, ctx) && !presentOnlySegment(d));
    const apps = dirs.filter((d) => !DOCKER_FOLDER.test(d));
    const kept = apps.length ? apps : dirs;
    const modules = [...new Set(kept.map((d) => moduleUnder(d, ctx)))];
    if (modules.length > 1 && modules.every((m) => m !== undefined)) return modules as string[];
    return kept.length ? [commonDir(kept)] : [];
  };
  // What a build writes outside the repository's folders (an Nx project's `outputPath: dist/apps/server`) comes from
  // the project that builds it: an image copying the output ships that project.
  const buildOutputs = nxBuildOutputs(repo);
  const builtFrom = (p: string): string => {
    if (repo.has(p) || repo.hasDir(p)) return p;
    const o = buildOutputs.find((x) => isUnder(p, x.output));
    return o ? o.project : p;
  };
  const imageOwner = new Map<string, Unit>();
  const templated: { df: ParsedDockerfile; ctx: string; arg: string; template: string; line: number }[] = [];
  // Folders CI fills with `dotnet publish <project> -o <folder>` before building images, to the projects published there.
  let publishOutputs: Map<string, string> | undefined;
  const dotnetPublishOutputs = (): Map<string, string> =>
    (publishOutputs ??= dotnetPublishOutputDirs(inputs.ci.steps, inputs.dotnet));
  let publishParentDirs: Set<string> | undefined;
  const publishParents = (): Set<string> =>
    (publishParentDirs ??= new Set([...dotnetPublishOutputs().keys()].map(dirOf)));

  const isManifestPath = (p: string): boolean => inputs.manifests.manifests.some((m) => m.path === p);
  const ownsNoManifest = (dir: string): boolean => !inputs.manifests.manifests.some((m) => dirOf(m.path) === dir);
  const ownsProgramManifest = (dir: string): boolean =>
    inputs.manifests.manifests.some((m) => dirOf(m.path) === dir && NON_NODE_PROGRAM_MANIFEST.test(m.path));
  const ownsPythonManifest = (dir: string): boolean =>
    inputs.manifests.manifests.some((m) => dirOf(m.path) === dir && m.ecosystem === 'python');
  const contextOf = (df: ParsedDockerfile): string | undefined => buildContextOf(repo, inputs, df);

  // A base or builder image CI tags as a reference another Dockerfile starts FROM (`org/app:base`): part of that
  // image's build, not something shipped on its own (the dockerfiles fact already set aside bases known by folder).
  const baseImage = (df: ParsedDockerfile): boolean =>
    isBaseOfAnother(df, inputs.dockerfiles.production, {
      builtAs: builds.filter((b) => buildsDockerfile(b, df.path)).flatMap((b) => b.tags),
      byFolder: false,
    });

  // A Dockerfile kept in a folder of Dockerfiles with no manifest of its own (docker/Dockerfile.web) that nothing builds
  // with a known context: it is built from the folder above (`docker build -f docker/Dockerfile.web .`) when it copies
  // the whole context (a folder of Dockerfiles is no app) or files found there and not beside it.
  const dockerFolderContext = (df: ParsedDockerfile, dir: string): string | undefined => {
    const m = DOCKER_FOLDER.exec(dir);
    if (!m || inputs.manifests.manifests.some((x) => dirOf(x.path) === dir)) return undefined;
    const base = dir.slice(0, m.index) || '.';
    if (base === dir) return undefined;
    const copied = copySources(df, dir).map((c) => c.source);
    const named = copied.filter((c) => c !== dir);
    const exists = (p: string) => repo.has(p) || repo.hasDir(p);
    const rebased = (c: string) => path.posix.join(base, path.posix.relative(dir, c)) || '.';
    if (!named.length) return copied.length ? base : undefined;
    return named.every((c) => !exists(c) && exists(rebased(c))) ? base : undefined;
  };

  for (const df of inputs.dockerfiles.production) {
    if (
      (TOOLING_DOCKERFILE.test(path.posix.basename(df.path)) && !df.releasedBy) ||
      CODEGEN_FOLDER.test(dirOf(df.path))
    )
      continue;
    if (baseImage(df)) continue;
    // An image that starts a test runner (an API contract checker, a load generator) is a rig, not a service.
    if (isConfiguredServerImage(df) || isRelabelledImage(df) || startsTestRunner(df)) continue;
    const builders = inputs.compose.services.filter(
      (s) => s.build && !s.build.inline && s.build.dockerfile === df.path,
    );
    if (builders.length && builders.every((s) => TOOLING_NAME.test(s.name))) continue;
    // Maven's layout keeps a module's Dockerfiles in src/main/docker/ (Quarkus, fabric8): built from the module.
    const mavenDocker = /^(?:(.*)\/)?src\/main\/docker$/.exec(dockerfileDir(df));
    const dir = mavenDocker ? (mavenDocker[1] ?? '.') : dockerfileDir(df);
    const context = contextOf(df) ?? (mavenDocker ? dir : dockerFolderContext(df, dir));
    const layout = imageLayout(repo, df, context ? { context } : {});
    const ctx = layout?.context ?? context ?? dir;
    let home = dir;
    const all = (layout?.mappings ?? []).map((m) => builtFrom(m.source));
    const sources = [...new Set(all.filter((s) => s !== '.' && s !== ctx))];
    const copyList = copySources(df, ctx).map((c) => ({ ...c, source: builtFrom(c.source) }));
    for (const c of copyList) imageSources.add(c.source);
    const copied = copyList.map((c) => c.source);
    // Built from a folder above its own (`dockerfile = "other/Dockerfile"` in fly.toml, `docker build -f x/Dockerfile .`),
    // a folder with no manifest of its own, copying the whole context or nothing of its folder: the folder only keeps
    // the Dockerfile (and files the image takes, litefs.yml), the app is the context.
    const aside =
      ctx !== dir &&
      isUnder(dir, ctx) &&
      !inputs.manifests.manifests.some((m) => dirOf(m.path) === dir) &&
      (copied.includes(ctx) || !copied.some((c) => c !== '.' && isUnder(c, dir)));
    // A Dockerfile at the root of its context in a folder with no manifest of its own, copying only sub-folders
    // (`COPY ./backend .`, `COPY frontend .`): the folder only keeps the Dockerfile, the app is what the image holds.
    const bare =
      ctx === dir &&
      !inputs.manifests.manifests.some((m) => dirOf(m.path) === dir) &&
      copied.length > 0 &&
      !copied.includes(ctx) &&
      !copied.includes('.');
    if (DOCKER_FOLDER.test(dir) || !isUnder(dir, ctx) || aside || bare) {
      // The Dockerfile sits in a folder of Dockerfiles (or outside its context): the app is where its sources are
      // (the whole context when it copies all of it).
      // What the final image holds (its mappings) first — the binary of a Go backend, not the frontend its build stage
      // embeds — then what every stage copies in: a frontend image holds only the built dist/ folder, but its build
      // stage copies the app's folder. Support folders (scripts/, tools/) it also copies do not move the app.
      // Files kept beside the Dockerfile in a folder of Dockerfiles (its entrypoint script, nginx.conf) are no app.
      const own = DOCKER_FOLDER.test(dockerfileDir(df)) ? dockerfileDir(df) : undefined;
      // Nor are the dependency manifests a stage copies to install them (`COPY requirements/docker.txt …` from a
      // folder of pip-compile'd files): the folder keeping them is the project's, not an app of its own.
      const dirsOf = (xs: string[]) => {
        const ds = xs
          .filter((s) => !installOnly(inputs.manifests, s))
          .map((s) => (repo.has(s) ? dirOf(s) : s))
          .filter((s) => s !== '.' && isUnder(s, ctx) && !(own && own !== ctx && isUnder(s, own)));
        const app = ds.filter((s) => !presentOnlySegment(s));
        return app.length ? app : ds;
      };
      // A bare root Dockerfile whose final image takes its program from a build stage (`COPY --from=builder /go/bin/api`):
      // the folders that stage copies from the context (`COPY ./backend .`) are the app, not the frontend it embeds.
      const kept = dirsOf(sources);
      const held = kept.length || !bare ? kept : dirsOf(finalStageSources(df, ctx));
      const dirs = held.length && commonDir(held) !== '.' ? held : dirsOf([...sources, ...copied]);
      home = dirs.length && !all.includes(ctx) && !copied.includes(ctx) ? commonDir(dirs) : ctx;
      // A folder the build creates (dist/) is not a folder of the repository: its nearest existing parent is.
      while (home !== '.' && home !== ctx && !repo.hasDir(home)) home = dirOf(home);
      if (DOCKER_FOLDER.test(home) && home !== '.') home = ctx;
      if (home !== ctx && pythonProjectAtContext(repo, ctx, home, copied)) home = ctx;
      // The image takes the context's own manifest (`COPY ./package.json .`) and a source folder with none of its own
      // (`COPY ./server ./server`): the app is the project at the context, its source folder only part of it.
      if (home !== ctx && ownsNoManifest(home) && copied.some((c) => dirOf(c) === ctx && isManifestPath(c))) home = ctx;
    }
    // A Dockerfile GoReleaser builds around a binary it compiled (`COPY netbird /usr/local/bin/`): the image is the
    // program that binary is built from (the `dir:`/`main:` of the builds the entry's `ids:` name), or the folder
    // the Dockerfile is kept in when the program is inside it (proxy/Dockerfile for proxy/cmd/proxy).
    const released = [
      ...new Set(
        goreleaserImages(repo)
          .filter((g) => g.dockerfiles.includes(df.path))
          .flatMap((g) => g.sources),
      ),
    ];
    // A program folder named for what it is (`main: ./cmd` of backend/go.mod) is its module's program.
    const programModule = (d: string) => {
      const up = dirOf(d);
      return d !== '.' && GENERIC_NAME.test(path.posix.basename(d)) && repo.has(up === '.' ? 'go.mod' : `${up}/go.mod`)
        ? up
        : d;
    };
    const releasedFrom =
      released.length === 1 && (released[0] === '.' || repo.hasDir(released[0]!))
        ? programModule(released[0]!)
        : undefined;
    if (releasedFrom !== undefined) home = isUnder(releasedFrom, dir) ? dir : releasedFrom;
    const template = releasedFrom === undefined ? folderTemplate(df, ctx, goModulePath(repo, ctx)) : undefined;

    if (template && (templateParentExists(repo, template) || publishParents().has(dirOf(template.template)))) {
      // One Dockerfile for many services: which folders it builds is known once every unit is found (below).
      templated.push({ df, ctx, ...template });
      continue;
    }
    // One Dockerfile whose stages are built as images of their own (compose `target: backend`, `--target web`): each
    // target is the image of the folder its stage takes its files from; a target bundling several of those (an
    // all-in-one image, even the only target built) ships each of them.
    const targets = stageTargets(df);
    if (targets.length) {
      const homes = new Map(targets.map((t) => [t, stageHomes(df, ctx, t)] as const));
      const own = [...new Set([...homes.values()].flat())];
      // A stage shipping a workspace library one of the other stages' apps depends on (a `migrate` target running the
      // database package's migrations before the web app starts) is a job of that app, not an app of its own.
      const tops = own.filter((h) => !own.some((o) => o !== h && isUnder(o, h)));
      const libraries = new Set(tops.filter(workspaceLibrary));
      const jobOf = new Map<string, string>();
      for (const h of libraries) {
        const users = tops.filter((o) => !libraries.has(o) && dependsOnWorkspace(o, h));
        if (users.length === 1) jobOf.set(h, users[0]!);
      }
      const leaves = tops.filter((h) => !jobOf.has(h));
      if (leaves.length > 1 || (jobOf.size && leaves.length)) {
        const finalName = df.finalStage?.name;
        for (const t of targets) {
          const stageOwn = homes.get(t) ?? [];
          const hs = stageOwn.map((h) => jobOf.get(h) ?? h);
          const us = leaves.filter((x) => hs.some((h) => isUnder(x, h))).map(unit);
          unitsOfTarget.set(`${df.path}#${t}`, us);
          if (t === finalName) unitsOfTarget.set(`${df.path}#`, us);
          if (stageOwn.some((h) => jobOf.has(h))) continue;
          // An all-in-one target (a web app and its workers in one image) is an image of each app it ships; a target
          // of its own names the stage an app is judged by.
          for (const u of us) {
            if (us.length > 1 && u.stages?.has(df.path)) continue;
            if (!u.dockerfiles.includes(df.path)) u.dockerfiles.push(df.path);
            (u.stages ??= new Map()).set(df.path, t);
            const st = df.stages.find((x) => x.name === t);
            u.declared.push({ path: df.path, line: st?.line ?? 1, note: `builds image target ${t} (context ${ctx})` });
            const ignores = [ctx === '.' ? '.dockerignore' : `${ctx}/.dockerignore`].filter((f) => repo.has(f));
            if (!isUnder(df.path, u.path)) for (const f of [df.path, ...ignores]) u.mounts.add(f);
            // What the stage's image holds (a binary built from a nested module) ships with it.
            for (const m of imageLayout(repo, df, { context: ctx, target: t })?.mappings ?? [])
              u.copies.push({ source: m.source, path: df.path, line: m.line, ignores });
          }
        }
        continue;
      }
    }
    // The module a repository path belongs to (the nearest folder under the context with a manifest of its own), and
    // whether its manifests are of a stack the context's own are not.
    const moduleOf = (s: string): string | undefined => moduleUnder(s, ctx);
    const ecosystemsIn = (d: string) =>
      new Set(inputs.manifests.manifests.filter((m) => dirOf(m.path) === d).map((m) => m.ecosystem));
    const otherStack = (d: string) => [...ecosystemsIn(d)].some((e) => !ecosystemsIn(ctx).has(e));
    // A root image starting a file of a module of another stack (`ENTRYPOINT ["/app/entrypoint.sh"]` copied from
    // packages/server/, beside its mix.exs, which runs the release built there) is that module's, whatever workspace
    // app it also copies in (a widget editor whose files the server hands out).
    // A root image launching a Python file of a nested project with a Python manifest of its own (a uv workspace
    // member's `fastapi run member/pkg/main.py`) is that project's too.
    let startsModule = false;
    if (home === ctx && layout) {
      const started = startedFile(repo, df, layout);
      const module = started && moduleOf(started.file);
      startsModule =
        !!module &&
        (otherStack(module) || (!!started.python && ownsPythonManifest(module))) &&
        ownsProgramManifest(module);
      if (startsModule) home = module!;
    }
    if (home === ctx && workspaceByName.size) {
      // A monorepo image built from the workspace root for one app (turbo prune --scope=…, --filter=…, apps/web/…).
      // A library the image compiles on the way (a charting package the app's bundle imports) is not what it ships.
      // A root image whose final stage ships another stack's program (a Go binary from `go build` of the whole
      // context) and only embeds the app an early stage builds (`pnpm --filter web run build` → static files the
      // program serves): the image is the root program's, not the workspace app's.
      const rootScripts = (repo.json(ctx === '.' ? 'package.json' : `${ctx}/package.json`) as PackageJson | undefined)
        ?.scripts;
      // A package the final stage starts in or names in its command (`WORKDIR /app/apps/api` then `bun run
      // src/index.ts`) is the program, whatever its manifest says: an Elysia app with only a dev script reads as a
      // library.
      const fin = df.finalStage?.instructions ?? [];
      const start = [
        fin.findLast((i) => i.keyword === 'WORKDIR'),
        ...fin.filter((i) => /^(CMD|ENTRYPOINT)$/.test(i.keyword)),
      ];
      const started = workspaceAppsIn(
        start.map((i) => (i ? words(i.args).join(' ') : '')).join('\n'),
        workspaceByName,
        ctx,
      );
      const named = namedWorkspaceApps(df, workspaceByName, ctx, rootScripts).filter(
        (d) => !workspaceLibrary(d) || started.includes(d),
      );
      const embedded =
        named.length === 1 &&
        (inputs.manifests.manifests.some((m) => dirOf(m.path) === ctx && NON_NODE_PROGRAM_MANIFEST.test(m.path)) ||
          // A Go workspace (go.work) at the context: the program is built from one of its modules (backend/).
          repo.has(ctx === '.' ? 'go.work' : `${ctx}/go.work`)) &&
        // A final stage that runs no JavaScript (a Python server copying `COPY --from=frontend …/out` to serve as
        // static files) embeds what the app's stage built, whichever stage it copies it from.
        (!runsJavaScript(df) || !namedWorkspaceApps(finalStages(df, true), workspaceByName, ctx).length);
      if (named.length === 1 && !embedded) home = named[0]!;
    }
    // A root image of a Go workspace builds its program from one module (`COPY backend ./`, WORKDIR /build/backend),
    // or compiles the program at a module's root (`go build -o bulker ./bulkerapp` after `COPY . .`).
    const program = goProgramBuilt(repo, df, ctx);
    if (home === ctx && repo.has(ctx === '.' ? 'go.work' : `${ctx}/go.work`))
      home = goModuleBuilt(repo, df, ctx) ?? (program && repo.has(`${program}/go.mod`) ? program : home);
    // A root image whose program is the jar a JVM module with a main class packages (`ADD core/app/target/app.jar`,
    // `COPY server/build/libs/server.jar`), beside data folders it also copies (drivers/, static files): the module's.
    if (home === ctx) home = jvmJarModule(repo, df, ctx) ?? home;
    if (home === ctx) home = umbrellaReleaseApp(repo, df, ctx) ?? home;
    // A root image whose final stage holds only what is built from one module of another stack with a manifest of its
    // own (a Go service under apps/monitoring compiled from a copy of a Node monorepo): the image is that module's. A
    // module of the root's own build (a Maven reactor's WAR module) stays the root application's.
    // A final stage that also copies the whole context holds the root's program too (a Django app serving the front
    // end's build, `COPY . /app` beside `COPY --from=frontend /app/frontend/build …`).
    if (home === ctx && sources.length) {
      const modules = new Set(sources.map(moduleOf));
      const [only] = modules;
      const chain = df.finalStage ? stageChain(df, df.finalStage) : [];
      const wholeContext = copySources({ ...df, stages: chain }, ctx).some((c) => c.source === ctx);
      if (modules.size === 1 && only && !presentOnlySegment(only) && otherStack(only) && !wholeContext) home = only;
    }
    // A Dockerfile kept in the folder of the Go program it builds from the module's root (cmd/test-server/Dockerfile
    // running `go build ./cmd/test-server`): the image is that program's, not the module's main program's.
    if (home === ctx && dir !== ctx && program === dir) home = dir;
    // A .NET image started as `dotnet Grand.Web.dll` from a context holding many projects: the image is the project
    // that assembly is built from, when exactly one project under the home folder has that name.
    if (df.finalStage) {
      const start = df.finalStage.instructions.filter((i) => i.keyword === 'ENTRYPOINT' || i.keyword === 'CMD');
      const dll = start
        .map((i) => /\bdotnet["',\s]+(?:[\w./-]*\/)?([\w.-]+)\.dll\b/.exec(i.args)?.[1])
        .find((x): x is string => !!x);
      if (dll) {
        const projects = repo
          .glob(home === '.' ? `**/${dll}.csproj` : `${home}/**/${dll}.csproj`)
          .map((f) => dirOf(f.path));
        if (projects.length === 1 && projects[0] !== home && !presentOnlySegment(projects[0]!)) home = projects[0]!;
      }
    }
    const u = unit(home);
    unitOfDockerfile.set(df.path, u);
    u.dockerfiles.push(df.path);
    (u.tracedDockerfiles ??= new Set()).add(df.path);
    u.declared.push({ path: df.path, line: df.finalStage?.line ?? 1, note: `builds an image (context ${ctx})` });
    // What the image takes from outside the app's folder: root manifests, lockfiles, shared packages — and the
    // Dockerfile itself when it is kept elsewhere (docker/Dockerfile of a backend), with the context's .dockerignore.
    const ignores = [ctx === '.' ? '.dockerignore' : `${ctx}/.dockerignore`, `${df.path}.dockerignore`].filter((f) =>
      repo.has(f),
    );
    if (!isUnder(df.path, home)) for (const f of [df.path, ...ignores]) u.mounts.add(f);
    for (const s of sources) if (!isUnder(s, home)) u.mounts.add(s);
    // The module's shared packages a program's build copies in (`COPY pkg/ pkg/`) are its code too; a folder holding
    // the program (`COPY cmd/ cmd/`) holds the module's other programs as well, which are not.
    if (home !== ctx && program === home)
      for (const c of copyList) if (c.source !== ctx && !isUnder(home, c.source)) u.mounts.add(c.source);
    for (const c of copyList) if (!isUnder(c.source, home)) u.copies.push({ ...c, path: df.path, ignores });
    // What such an image holds beside the started module's build (the workspace app its build stage copied in).
    if (startsModule)
      for (const m of layout?.mappings ?? [])
        if (!isUnder(m.source, home)) u.copies.push({ source: m.source, path: df.path, line: m.line, ignores });
    // What the final image holds from a folder inside the app (a binary a build stage makes from a nested module).
    for (const m of layout?.mappings ?? [])
      if (isUnder(m.source, home) && m.source !== home)
        u.copies.push({ source: m.source, path: df.path, line: m.line, ignores });
    // A workspace image whose final stage takes several apps' builds (`COPY --from=builder /app/apps/web/.next …` and
    // `… /app/apps/worker`): each ships in it, whichever command the platform starts it with.
    if (home === ctx && df.finalStage && workspaceByName.size) {
      const fin = df.finalStage;
      const shipped = namedWorkspaceApps(
        { ...df, stages: [fin], instructions: fin.instructions },
        workspaceByName,
        ctx,
      );
      if (shipped.length > 1)
        for (const d of shipped.filter((x) => !workspaceLibrary(x)))
          u.copies.push({ source: d, path: df.path, line: fin.line, ignores });
    }
  }

  // Compose merges the files of one folder (docker-compose.yml with docker-compose.override.yml): a service the override
  // builds runs the image the base file names for it.
  const mergedImages = (s: ComposeFacts['services'][number]): string[] =>
    inputs.compose.services.filter((o) => o.builtBy === s.build && o.image).map((o) => o.image!);
  // Several services of one compose file building the same unit (api, worker, migrator) keep the file's order: the
  // first one, usually the main service, names the unit.
  const composeFront = new Map<Unit, { file: string; k: number }>();
  for (const s of inputs.compose.services) {
    if (!s.build || TOOLING_NAME.test(s.name)) continue;
    // An inline Dockerfile builds its context; a file Dockerfile is a unit of its own above (or tooling, skipped).
    const us = s.build.inline
      ? /^[a-z]+:\/\/|\$/.test(s.build.context)
        ? []
        : [unit(s.build.context)]
      : unitsOfBuild(s.build.dockerfile, s.build.target);
    // A service the others extend (`base`, holding the build they share) names nothing.
    const extended = inputs.compose.services.some((o) => o.file === s.file && o.extends === s.name);
    for (const u of us) {
      // A service building one stage of a shared Dockerfile is named after the folder that stage ships, not the service.
      // A development or test compose file's service name (`VaultwardenPrebuild`) names the unit last.
      if (DEV_COMPOSE.test(s.file) && !extended) u.names.push(s.name);
      else if (!extended && !unitsOfTarget.has(`${s.build.dockerfile}#${s.build.target?.toLowerCase() ?? ''}`)) {
        const at = composeFront.get(u);
        const k = at?.file === s.file ? at.k : 0;
        u.names.splice(k, 0, s.name);
        composeFront.set(u, { file: s.file, k: k + 1 });
      }
      for (const image of [s.image, ...mergedImages(s)]) {
        const img = image ? imageShortName(image) : undefined;
        if (img) u.images.add(img);
      }
      if (!u.declared.some((d) => d.path === s.file && d.line === s.line))
        u.declared.push({ path: s.file, line: s.line, note: `compose service ${s.name} builds it` });
    }
  }
  for (const a of skaffold) {
    const u =
      (a.dockerfile && unitOfDockerfile.get(a.dockerfile)) ||
      (a.source ? unit(a.source) : undefined) ||
      unitOfDockerfile.get(`${a.context}/Dockerfile`.replace(/^\.\//, '')) ||
      unit(a.context);
    u.images.add(imageShortName(a.image));
    u.names.unshift(imageShortName(a.image));
    addRef(u, {
      path: a.file,
      line: a.line,
      note: `skaffold builds image ${a.image} for deployment`,
      target: 'unknown',
    });
  }
  // A CI step or script that builds a unit's image: its tags name the unit's images; a push, or any CI build, deploys it.
  const addBuild = (u: Unit, b: (typeof builds)[number]): void => {
    for (const t of b.tags) {
      const img = imageShortName(t);
      if (img) u.images.add(img);
    }
    if (b.push || CI_PATH.test(b.path))
      addRef(u, {
        path: b.path,
        line: b.line,
        note: `${CI_PATH.test(b.path) ? 'CI' : 'a build script'} builds${b.push ? ' and pushes' : ''} its image`,
        target: 'unknown',
      });
  };
  for (const b of builds) {
    const own = b.dockerfile ? unitsOfBuild(b.dockerfile, b.target) : [];
    // A Dockerfile named through a variable (`file: ./${{ matrix.path }}/build.Dockerfile` over a matrix computed at
    // run time) is one of the Dockerfiles the pattern fits, never the context's default Dockerfile.
    const matcher = b.dockerfileTemplate ? templateMatcher(b.dockerfileTemplate) : undefined;
    const templated = matcher
      ? [...unitOfDockerfile.keys()].filter((df) => matcher.test(df)).flatMap((df) => unitsOfBuild(df, b.target))
      : [];
    const byContext =
      b.context !== undefined && !matcher
        ? unitsOfBuild(b.context === '.' ? 'Dockerfile' : `${b.context}/Dockerfile`, b.target)
        : [];
    for (const u of own.length ? own : templated.length ? templated : byContext) addBuild(u, b);
  }
  // GoReleaser's images: their names are the unit's (compose files and charts run them); a release pushes them.
  for (const g of goreleaserImages(repo)) {
    const u = g.dockerfiles.map((d) => unitOfDockerfile.get(d)).find((x) => x !== undefined);
    if (!u) continue;
    for (const i of g.images) {
      const img = imageShortName(i);
      if (img && !img.includes('{')) u.images.add(img);
    }
    if (g.push)
      addRef(u, { path: g.config, line: g.line, note: 'GoReleaser builds and pushes its image', target: 'unknown' });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Go modules with a main package, Maven/Gradle modules with a main class, .NET projects an Aspire AppHost runs.
  // A module another go.mod replaces with a local folder (`replace github.com/ory/x => ./oryx`) is a library compiled
  // into that module, mains and all (its helper commands and tools are not what the repository ships); so is a module
  // nested inside such a folder.
  const replacedGoDirs: string[] = [];
  const goLibraries: string[] = [];
  for (const m of inputs.manifests.manifests) {
    if (m.type !== 'go.mod') continue;
    const base = dirOf(m.path);
    for (const r of (repo.read(m.path) ?? '').matchAll(/=>\s*(\.\.?\/[^\s)]*)/g)) {
      const d = path.posix.normalize(path.posix.join(base, r[1]!)).replace(/\/+$/, '');
      if (d !== '.' && !d.startsWith('..')) replacedGoDirs.push(d);
    }
  }
  for (const m of inputs.manifests.manifests) {
    const dir = dirOf(m.path);
    if (m.type === 'go.mod' && dir !== '.') {
      if (replacedGoDirs.some((d) => dir === d || dir.startsWith(`${d}/`))) continue;
      const main = repo.grepFirst(/^package main\b/m, { include: [`${dir}/**/*.go`], kinds: ['source'] });
      if (!main || repo.get(main.path)?.isTest) continue;
      const inner = repo.grepFirst(/^func\s+main\s*\(\s*\)/m, { include: [`${dir}/**/*.go`], kinds: ['source'] });
      if (!inner) continue;
      if (goLibraryWithHelperMain(repo, dir)) {
        goLibraries.push(dir);
        continue;
      }
      const u = unit(dir);
      u.stack ??= 'go';
      if (!u.declared.some((d) => d.path === m.path))
        u.declared.push({ path: m.path, line: 1, note: `Go module with a main package (${main.path})` });
    }
  }
  const reactor = jvmReactor(repo);
  const jvmModules = reactor.dirs;
  // A root build that is itself the application (a main class, the application plugin, a fat jar) ships the modules it
  // depends on: one with a main class of its own (a CLI entry point, a development launcher) is part of that
  // application, not a program of its own (Kestra's root project packages :cli, which packages :webserver).
  const rootBuild = ['build.gradle', 'build.gradle.kts', 'pom.xml'].map((f) => repo.read(f) ?? '').join('\n');
  const rootShips = ROOT_JVM_APP.test(rootBuild) ? new Set(reactor.shipped('.')) : new Set<string>();
  const mainOf = (dir: string) =>
    repo
      // The annotation where it annotates (`@SpringBootApplication` at the start of a line), not named in a log
      // message or a string.
      .grep(JVM_APP_MAIN, {
        include: [`${dir}/src/main/**/*.{java,kt,scala,groovy}`],
        limit: 50,
      })
      // An example or a benchmark with a main method (`extras/…/examples/…Example.java`, `…Benchmark.java`) is run
      // by hand, not shipped. A main method shown in a Javadoc or comment (`* public static void main(String[] args)
      // {`, a usage example in a library class) starts nothing.
      .find((m) => !exampleMain(m.path.slice(dir.length)) && !/^\s*(?:\*|\/\/|\/\*)/.test(m.text)) ??
    quarkusApp(repo, dir);
  const mains = new Map(jvmModules.map((dir) => [dir, mainOf(dir)] as const));
  // A library module with a plain main method (a password tool started from the application's jar with
  // `-Dloader.main=…`) that another module of the build packages into its application is part of that application.
  // So is a module with a server main of its own (a `@SpringBootApplication` to run it alone while developing) when
  // it builds no image of its own: the application that depends on it ships its code (Nacos's naming and config
  // modules inside the server).
  const shippedByApp = new Set(
    jvmModules.filter((d) => mains.get(d) && !rootShips.has(d)).flatMap((d) => reactor.dependsOn(d)),
  );
  const ownImage = (dir: string) =>
    repo.glob(`${dir}/{Dockerfile,Containerfile,*.Dockerfile}`).length > 0 ||
    JVM_IMAGE_PLUGIN.test(
      ['pom.xml', 'build.gradle', 'build.gradle.kts'].map((f) => repo.read(`${dir}/${f}`) ?? '').join('\n'),
    ) ||
    mavenDockerBuilds(repo, dir).length > 0;
  // A Gradle module whose main class only a JavaExec task of the build runs (a code or settings generator the other
  // modules' builds depend on), packaged as no program and given no image, is build tooling, not a deployable.
  const buildTimeTool = (dir: string): boolean => gradleBuildTool(repo, dir) && !ownImage(dir);
  for (const dir of jvmModules) {
    if (rootShips.has(dir)) continue;
    const main = mains.get(dir);
    if (!main) continue;
    if (buildTimeTool(dir) && !('note' in main)) continue;
    if (shippedByApp.has(dir) && !('note' in main) && !ownImage(dir)) continue;
    const u = unit(dir);
    u.stack ??= 'jvm';
    u.declared.push({
      path: main.path,
      line: main.line,
      note: 'note' in main ? main.note : 'module with a main class',
    });
    // The scripts its Gradle build applies (`apply from:`, a buildSrc convention plugin building its Jib image) are
    // part of its build.
    for (const f of ['build.gradle', 'build.gradle.kts'].filter((b) => repo.has(`${dir}/${b}`)))
      for (const script of gradleAppliedScripts(repo, `${dir}/${f}`)) if (!isUnder(script, dir)) u.mounts.add(script);
    // Images Maven/Gradle plugins build from it (jib, spring-boot:build-image, bootBuildImage, docker-maven-plugin):
    // named in the build file, else after the artifact, as those plugins name them by default.
    for (const img of jvmImageNames(repo, dir)) u.images.add(img);
    // A Dockerfile the module's Maven build feeds its jar to (`docker build -f Dockerfile …` run by exec-maven-plugin,
    // often one shared Dockerfile named through a property): the module's image.
    for (const df of mavenDockerBuilds(repo, dir)) {
      if (u.dockerfiles.includes(df.path)) continue;
      u.dockerfiles.push(df.path);
      if (!isUnder(df.path, dir)) u.mounts.add(df.path);
      u.declared.push({ path: df.pom, line: df.line, note: `its Maven build runs docker build with ${df.path}` });
    }
  }
  // Apps Dapr's CLI runs (a multi-app run template, `dapr run` in scripts): the project each names is a program.
  for (const app of daprRunApps(repo)) {
    const u = unit(app.dir);
    if (!u.declared.some((d) => d.path === app.path))
      u.declared.push({ path: app.path, line: app.line, note: app.note });
  }
  for (const host of repo.glob('**/*.csproj')) {
    const text = repo.read(host.path) ?? '';
    if (!/Aspire\.Hosting\.AppHost|Aspire\.AppHost\.Sdk|<IsAspireHost>\s*true/i.test(text)) continue;
    const hostDir = dirOf(host.path);
    // The resources the host's code adds (`builder.AddProject<Projects.Grand_Web>("web")`): a referenced project it
    // never adds is only compiled against (a Razor class library the added web project loads), not run.
    const added = new Set<string>();
    for (const f of repo.glob(hostDir === '.' ? '**/*.cs' : `${hostDir}/**/*.cs`)) {
      const code = repo.read(f.path) ?? '';
      for (const a of code.matchAll(/\bAddProject\s*<\s*(?:global::)?Projects\.(\w+)\s*>/g)) added.add(a[1]!);
      for (const r of aspireFolderResources(code)) {
        const dir = aspireResourceDir(repo, hostDir, r.path);
        if (!dir) continue;
        const u = unit(dir);
        const line = repo.lineAt(f.path, r.index);
        u.declared.push({ path: f.path, line, note: `${r.kind} resource the Aspire AppHost runs` });
        addRef(u, { path: f.path, line, note: 'the Aspire AppHost runs it', target: 'unknown' });
      }
    }
    const resources: { ref: string; index: number }[] = [];
    for (const m of text.matchAll(/<ProjectReference\s+Include="([^"]+)"[^>]*/g)) {
      // IsAspireProjectResource="false": a shared library (service defaults) the host compiles against, not a resource.
      if (/\bIsAspireProjectResource\s*=\s*"false"/i.test(m[0])) continue;
      const ref = path.posix.normalize(path.posix.join(hostDir, m[1]!.replace(/\\/g, '/')));
      if (!repo.has(ref)) continue;
      if (added.size && !added.has(path.posix.basename(ref, '.csproj').replace(/[^\w]/g, '_'))) continue;
      resources.push({ ref, index: m.index ?? 0 });
    }
    // A resource a web host among them compiles in (an API module the host references and serves) is run alone only
    // on the developer's machine: it ships inside that host. A program of its own (a console job another job runner
    // references for its code) still ships alone.
    const compiledIn = new Set(
      resources.flatMap(({ ref }) => {
        const project = inputs.dotnet?.projects.find((p) => p.path === ref);
        return project?.kind === 'web'
          ? inputs
              .dotnet!.closure(project)
              .filter((q) => q !== project && q.kind !== 'exe' && q.kind !== 'worker')
              .map((q) => q.path)
          : [];
      }),
    );
    for (const { ref, index } of resources) {
      if (compiledIn.has(ref)) continue;
      const u = unit(dirOf(ref));
      u.stack ??= 'dotnet';
      const line = repo.lineAt(host.path, index);
      u.declared.push({ path: host.path, line, note: `project the Aspire AppHost runs` });
      addRef(u, { path: host.path, line, note: 'the Aspire AppHost runs it', target: 'unknown' });
    }
  }
  // .NET web and worker projects a pipeline publishes one by one (`dotnet publish src/Api/Api.csproj`, an Azure
  // `DotNetCoreCLI@2` publish task's `projects:`) for a pipeline with deployment jobs to ship (App Service zip deploys):
  // each is a deployable of its own, when there are several.
  // A pipeline publishing them for images it pushes (a matrix of services, each `dotnet publish … -o out/<service>`
  // then built into the shared Dockerfile's `COPY out/$servicename`) ships each the same way.
  const deploymentJobs = inputs.ci.configs.some((c) => c.jobs?.some((j) => j.environment));
  const pushing = new Set(builds.filter((b) => b.push && CI_PATH.test(b.path)).map((b) => b.path));
  if (deploymentJobs || pushing.size) {
    const published = new Map<DotnetProject, { path: string; line: number }>();
    // With deployment jobs, any pipeline's publish (a template the deploying pipeline includes); else only those of
    // the workflows that push the images.
    const shippingSteps = deploymentJobs ? inputs.ci.steps : inputs.ci.steps.filter((st) => pushing.has(st.path));
    for (const { project, step } of dotnetPublished(shippingSteps, inputs.dotnet))
      if (['web', 'worker', 'exe'].includes(project.kind) && !published.has(project))
        published.set(project, { path: step.path, line: step.line });
    // A package of WebJobs (its project file links other projects' builds under app_data/Jobs/, no code of its own)
    // ships those programs: each is the deployable.
    const shipped: { project: DotnetProject; at: { path: string; line: number }; note: string }[] = [];
    for (const [project, at] of published) {
      const jobs = azureWebJobs(repo, project, inputs.dotnet?.projects ?? []);
      for (const j of jobs) shipped.push({ project: j, at, note: `a WebJob the ${project.name} package ships` });
      if (!jobs.length || repo.glob(`${project.dir}/**/*.{cs,fs,vb}`).length)
        shipped.push({ project, at, note: 'CI publishes it for the deployment jobs' });
    }
    // The SQL Server database projects beside them declare the schema they all run on (a DACPAC the same pipelines
    // deploy): part of each one's view.
    const schemas = repo.byName(/\.sqlproj$/).map((f) => dirOf(f.path));
    if (shipped.length > 1)
      for (const { project, at, note } of shipped) {
        const u = unit(project.dir);
        u.stack ??= 'dotnet';
        for (const d of schemas) u.mounts.add(d);
        u.declared.push({ ...at, note: `CI publishes ${project.name} for deployment` });
        addRef(u, { ...at, note, target: 'unknown' });
      }
  }

  // One Dockerfile built for many services with a build arg (`--build-arg SERVICE=trainer`, `COPY ./$SERVICE`): each
  // folder the arg names is a unit built by it; when no build names a value, every unit in a folder it could name.
  const composeBuilt = new Map<ComposeFacts['services'][number], Unit>();
  // The folders the arg picks are programs of one module (`go build ./cmd/$SERVICE_NAME` over backend/cmd/http,
  // backend/cmd/sink …), none a unit of its own: the image is the module's, named after each program it can build, so
  // the compose services and charts that run `…/http:1.2` run the module.
  const moduleProgramsImage = (t: (typeof templated)[number]): void => {
    const segs = t.template.split('/');
    const at = segs.findIndex((x) => argRef(t.arg).test(x));
    // Only a folder named by the arg alone (`cmd/$SERVICE_NAME`), not one it only completes (`cmd/app-$TARGET`).
    if (at !== segs.length - 1 || !new RegExp(`^\\$\\{?${t.arg}\\}?$`).test(segs[at]!)) return;
    const parent = segs.slice(0, at).join('/') || '.';
    const hasManifest = inputs.manifests.manifests.some((m) => dirOf(m.path) === t.ctx);
    if (!hasManifest || !isUnder(parent, t.ctx)) return;
    const programs = new Set(
      repo
        .glob(parent === '.' ? '*/*' : `${parent}/*/*`)
        .map((f) => f.path.slice(parent === '.' ? 0 : parent.length + 1).split('/')[0]!)
        .filter((n) => !GENERIC_NAME.test(n)),
    );
    if (!programs.size) return;
    const u = unit(t.ctx);
    if (!u.dockerfiles.includes(t.df.path)) u.dockerfiles.push(t.df.path);
    if (!isUnder(t.df.path, u.path)) u.mounts.add(t.df.path);
    for (const p of programs) u.images.add(p.toLowerCase());
    u.declared.push({
      path: t.df.path,
      line: t.line,
      note: `builds an image of any program ${t.template} (${[...programs].slice(0, 4).join(', ')}${programs.size > 4 ? ', …' : ''}; context ${t.ctx})`,
    });
  };
  /** Files and folders right under a context that hold no unit and are held by none (but the root's). */
  const entriesUnder = new Map<string, Set<string>>();
  const sharedEntries = (ctx: string): string[] => {
    let entries = entriesUnder.get(ctx);
    if (!entries) {
      entries = new Set<string>();
      for (const f of repo.files) {
        if (!isUnder(f.path, ctx) || f.path === ctx) continue;
        const rel = ctx === '.' ? f.path : f.path.slice(ctx.length + 1);
        entries.add(ctx === '.' ? rel.split('/')[0]! : `${ctx}/${rel.split('/')[0]}`);
      }
      entriesUnder.set(ctx, entries);
    }
    const others = [...units.values()].filter((x) => x.path !== '.').map((x) => x.path);
    // Their documentation and tests (docs/, tests/) describe the built programs too; examples and tools do not.
    return [...entries].filter(
      (e) =>
        !others.some((o) => isUnder(o, e) || isUnder(e, o)) &&
        (!presentOnlySegment(e) || /^(?:docs?|tests?)$/i.test(path.posix.basename(e))),
    );
  };
  for (const t of templated) {
    const own = builds.filter((b) => buildsDockerfile(b, t.df.path) && (!b.context || b.context === t.ctx));
    const named = own.filter((b) => b.args[t.arg] !== undefined);
    // Compose services that build it with `build.args` name their folder the same way.
    const services = inputs.compose.services.filter(
      (x) => x.build && !x.build.inline && x.build.dockerfile === t.df.path && x.build.args?.[t.arg] !== undefined,
    );
    const byService = services.map((x) => ({
      dir: fillTemplate(t.template, t.arg, x.build!.args![t.arg]!),
      value: x.build!.args![t.arg],
      service: x,
    }));
    const targets =
      named.length || byService.length
        ? [
            ...named.map((b) => ({ dir: fillTemplate(t.template, t.arg, b.args[t.arg]!), value: b.args[t.arg] })),
            ...byService,
          ]
        : [...units.values()]
            .filter((u) => u.path !== '.' && templateMatches(t.template, t.arg, u.path))
            .map((u) => ({ dir: u.path, value: undefined }));
    const done = new Set<string>();
    if (!targets.length) moduleProgramsImage(t);
    const copied = copySources(t.df, t.ctx);
    for (const target of targets) {
      const { value } = target;
      // A build for the test or tooling scenario (`DOCKER_SCENARIO: browser-test`) makes no component of its folder.
      if (value !== undefined && TOOLING_NAME.test(value)) continue;
      // A folder CI fills before the build (`dotnet publish src/Silo/Silo.csproj -o out/Silo`, then `COPY out/$name`)
      // holds the build of the project published into it.
      const dir = repo.hasDir(target.dir) ? target.dir : (dotnetPublishOutputs().get(target.dir) ?? target.dir);
      if (done.has(dir) || !repo.hasDir(dir)) continue;
      done.add(dir);
      const u = unit(dir);
      u.dockerfiles.push(t.df.path);
      if (!isUnder(t.df.path, dir)) u.mounts.add(t.df.path);
      // What the build copies in from beside the folder it compiles (go.mod, internal/, pkg/ of one Go module) is
      // code of this unit too; a folder holding it (cmd/) would bring in the other units built the same way.
      for (const c of copied) if (!isUnder(dir, c.source)) u.mounts.add(c.source);
      // A copy of the whole context brings the folders the built ones share (configs/, migrations/ beside the crates
      // a Cargo workspace builds one per image), not those holding another unit.
      if (copied.some((c) => c.source === t.ctx)) for (const e of sharedEntries(t.ctx)) u.mounts.add(e);
      u.declared.push({
        path: t.df.path,
        line: t.line,
        note:
          value !== undefined
            ? `builds an image with ${t.arg}=${value} (context ${t.ctx})`
            : `builds an image of any folder ${t.template} (context ${t.ctx})`,
      });
      for (const b of value !== undefined ? named.filter((x) => x.args[t.arg] === value) : own) addBuild(u, b);
    }
    for (const { dir, service } of byService) {
      if (!repo.hasDir(dir) || TOOLING_NAME.test(service.name)) continue;
      const u = unit(dir);
      composeBuilt.set(service, u);
      u.names.unshift(service.name);
      if (service.image && imageShortName(service.image)) u.images.add(imageShortName(service.image));
      u.declared.push({ path: service.file, line: service.line, note: `compose service ${service.name} builds it` });
    }
  }
  // .NET SDK container publish names the project's image (`<ContainerRepository>acme/shop</ContainerRepository>`).
  for (const p of inputs.dotnet?.projects ?? []) {
    const image = dotnetContainerImage(p);
    if (image) units.get(p.dir)?.images.add(imageShortName(image));
  }
  for (const u of units.values()) {
    for (const i of u.images) if (!imageOwner.has(i)) imageOwner.set(i, u);
    const own = u.path === '.' ? undefined : path.posix.basename(u.path);
    const name = own && !GENERIC_NAME.test(own) ? own : undefined;
    if (name && !imageOwner.has(name.toLowerCase())) imageOwner.set(name.toLowerCase(), u);
  }

  // The project's published image named `<project>-<part>` (`getmaxun/maxun-browser`, `acme/acme-worker`) when
  // nothing builds it here: the part names the unit, by its folder (browser/) or its Dockerfile's suffix
  // (Dockerfile.backend).
  const projectImageOwner = (ref: string): Unit | undefined => {
    const m = /^([a-z0-9]+)[-_]([a-z0-9][\w.-]*)$/.exec(imageShortName(ref));
    if (!m || m[1] !== projectName(repo)) return ownNamespaceImageOwner(ref);
    const part = m[2]!;
    const named = [...unitOfDockerfile.keys()].filter((p) =>
      [`dockerfile.${part}`, `${part}.dockerfile`].includes(path.posix.basename(p).toLowerCase()),
    );
    const u = imageOwner.get(part) ?? (named.length === 1 ? unitOfDockerfile.get(named[0]!) : undefined);
    // Its image from now on: the compose service that pulls it is the unit's (healthcheck, environment).
    u?.images.add(m[0]);
    return u;
  };
  // The project's image under its own namespace named after a folder too generic to name an image alone
  // (`ghcr.io/acme/server` beside apps/server, `acme/web` beside apps/web): a `server` image of another namespace is
  // someone else's, one published under the project's name or its GitHub owner is the unit in the one folder so named.
  const ownNamespaceImageOwner = (ref: string): Unit | undefined => {
    const short = imageShortName(ref);
    const namespace = imageNamespace(ref);
    if (!short || !GENERIC_NAME.test(short) || !namespace) return undefined;
    const owner = ownGithubRepository(repo)?.split('/')[0];
    if (namespace !== projectName(repo) && namespace !== owner) return undefined;
    const named = [...units.values()].filter(
      (x) => x.path !== '.' && path.posix.basename(x.path).toLowerCase() === short,
    );
    const u = named.length === 1 ? named[0] : undefined;
    u?.images.add(short);
    return u;
  };
  // Compose services that build a unit or run the image it builds: the compose stack runs it.
  const composeUnits = (s: (typeof inputs.compose.services)[number]): Unit[] => {
    if (!s.build) {
      const short = s.image ? imageShortName(s.image) : undefined;
      const u = s.image && short ? (imageOwner.get(short) ?? projectImageOwner(s.image)) : undefined;
      // An image owned by the unit's folder name (`squidex/notifo` for backend/src/Notifo) is its image from now on.
      if (u && short) u.images.add(short);
      return u ? [u] : [];
    }
    const built = composeBuilt.get(s);
    if (built) return [built];
    const split = s.build.inline ? [] : unitsOfBuild(s.build.dockerfile, s.build.target);
    if (split.length) return split;
    const u = units.get(s.build.context);
    return u ? [u] : [];
  };
  for (const s of inputs.compose.services) {
    // A dev container's compose file runs the editor's environment, not a deployment.
    if (TOOLING_NAME.test(s.name) || s.role === 'infra' || /(^|\/)\.devcontainer\//.test(s.file)) continue;
    const dev = composeDevelopmentRun(s);
    for (const u of composeUnits(s))
      addRef(u, {
        path: s.file,
        line: s.line,
        note: `compose service ${s.name} runs it${dev ? ` (${dev})` : ''}`,
        target: dev ? 'unknown' : 'compose',
        ...(dev ? { developerRun: dev } : {}),
        // A one-off job run from the image (migrate, seed) deploys it too, but the long-running service says why.
        ...(dev ? { strength: 0 } : ONE_OFF_JOB_NAME.test(s.name) ? { strength: 0.5 } : {}),
      });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Kubernetes workloads (manifests, Helm templates, kustomize bases): each container's image back to its unit.
  const workloadName = (w: K8sWorkload): string =>
    w.name.includes('{{') || w.name.includes('…') ? path.posix.basename(w.file).replace(/\.ya?ml$/, '') : w.name;
  /** The chart a template belongs to: the innermost one (a sub-chart under charts/, not the umbrella chart above it). */
  const chartOf = (file: string) =>
    inputs.k8s.charts.filter((ch) => isUnder(file, ch.dir)).sort((a, b) => b.dir.length - a.dir.length)[0];
  // A templated name in a chart reads as the chart's name (the template file's too, unless it only says the kind).
  const workloadLabel = (w: K8sWorkload): string => {
    const chart = w.helm ? chartOf(w.file) : undefined;
    if (!chart?.name || !(w.name.includes('{{') || w.name.includes('…'))) return workloadName(w);
    const base = path.posix.basename(w.file).replace(/\.(ya?ml|tpl)$/, '');
    return base.toLowerCase() === w.kind.toLowerCase() ? chart.name : `${chart.name}/${base}`;
  };
  // A Helm template whose image is a value (`{{ .Values.php.image.repository }}`): the repository the chart's
  // values.yaml gives, else the values key itself, which charts name after the compose service they deploy (`php:` in
  // values.yaml, `php:` in compose.yaml).
  const helmValuesImage = (file: string, line: number | undefined): { key: string; ref: unknown } | undefined => {
    const chart = chartOf(file);
    const text = helmImageText(repo, chart?.dir, line ? (repo.lines(file)[line - 1] ?? '') : '');
    const m = /\.Values\.([\w.]+?)\.(?:image\.)?(?:repository|image|name)\b/.exec(text);
    if (!m) return undefined;
    const values = chart ? repo.yaml(`${chart.dir}/values.yaml`) : undefined;
    return { key: m[1]!, ref: valuesImageRef(values, m[1]!.split('.')) };
  };
  const helmValuesOwner = (file: string, line: number | undefined): Unit | undefined => {
    const found = helmValuesImage(file, line);
    if (!found) return undefined;
    const { ref } = found;
    const byRef =
      typeof ref === 'string' && ref ? (imageOwner.get(imageShortName(ref)) ?? projectImageOwner(ref)) : undefined;
    if (byRef) return byRef;
    const key = found.key.split('.')[0]!;
    // A shared Dockerfile built one stage per image (`--target api`): charts name the image, or its values key, after
    // the stage (`exceptionless/api` from `api.image.repository`), while CI tags it under a name of its own.
    for (const name of [typeof ref === 'string' && ref ? imageShortName(ref) : '', key.toLowerCase()]) {
      if (!name) continue;
      const owners = [...unitsOfTarget].filter(([k, us]) => k.endsWith(`#${name}`) && us.length === 1);
      if (owners.length === 1) return owners[0]![1][0];
    }
    // The values key, else the image's own name (`image.repository: cla_backend`), names a compose service that builds.
    const refName = typeof ref === 'string' && ref ? imageShortName(ref) : undefined;
    const svc =
      inputs.compose.services.find((x) => x.name === key && x.role !== 'infra') ??
      inputs.compose.services.find((x) => !!refName && x.name === refName && !!x.build && x.role !== 'infra');
    return svc ? composeUnits(svc)[0] : undefined;
  };
  // A Knative Service the platform fact reads as a Cloud Run descriptor runs on Cloud Run, not on a cluster of its own.
  const cloudRunFiles = cloudRunFilesOf(inputs.platform);
  const renamed = kustomizeImageNames(repo);
  // The image published under the repository's own name (`registry.example/acme/acme:latest` in acme's manifests) is
  // the root's, whatever CI tags its builds with (`acme-dev:<sha>`).
  const ownImageName = projectName(repo, rootStack(inputs));
  // It is that, whatever off-the-shelf product its name starts with (`postgres-operator` is no Postgres).
  const offTheShelf = (short: string): boolean => short !== ownImageName && isInfraWorkloadImage(short);
  const rootOwnImage = (short: string | undefined): Unit | undefined =>
    short === ownImageName ? units.get('.') : undefined;
  // A deploy script's `helm upgrade --install … <chart> --set image.repository=<image>` sets what the chart runs,
  // whatever image its values.yaml keeps (a placeholder, or another service's image copied with the chart).
  const overrides = inputs.k8s.charts.length ? helmImageOverrides(repo) : [];
  // The chart argument resolved from the script's folder, then from the root; a folder named at the end of several
  // charts' paths (`chart` of `services/api/chart` and `services/web/chart`) names none of them.
  const chartsOfArg = (arg: string, from: string) => {
    const relative = path.posix.join(path.posix.dirname(from), arg);
    const exact = inputs.k8s.charts.filter((ch) => ch.dir === relative);
    if (exact.length) return exact;
    const fromRoot = inputs.k8s.charts.filter((ch) => ch.dir === arg);
    if (fromRoot.length) return fromRoot;
    const tail = inputs.k8s.charts.filter((ch) => ch.dir.endsWith(`/${arg}`));
    if (tail.length) return tail.length === 1 ? tail : [];
    const base = path.posix.basename(arg);
    const named = inputs.k8s.charts.filter((ch) => path.posix.basename(ch.dir) === base || ch.name === base);
    return named.length === 1 ? named : [];
  };
  const overrideOwner = (w: K8sWorkload, line: number | undefined) => {
    if (!overrides.length) return undefined;
    const chart = chartOf(w.file);
    const found = chart ? helmValuesImage(w.file, line) : undefined;
    if (!chart || !found) return undefined;
    for (const o of overrides) {
      if (o.key !== found.key || !chartsOfArg(o.chart, o.path).includes(chart)) continue;
      const owner = imageOwner.get(imageShortName(o.image)) ?? projectImageOwner(o.image);
      if (owner) return { unit: owner, override: o };
    }
    return undefined;
  };
  for (const w of inputs.k8s.workloads) {
    const cloudRun = cloudRunFiles.has(w.file);
    for (const c of w.containers) {
      if (c.init || !c.image) continue;
      // A placeholder a kustomization renames (kubebuilder's `controller:latest` → the operator's published image).
      const short = imageShortName(renamed.get(c.image.ref.replace(/[:@][^/:@]*$/, '')) ?? c.image.ref);
      if (short && offTheShelf(short)) continue;
      // A chart's database or broker whose image its values name (`clickhouse/clickhouse-server` under
      // `.Values.clickhouse.image.repository`) runs that product, whatever folder shares the workload's name.
      const valuesRef = w.helm && !short ? helmValuesImage(w.file, c.image.line)?.ref : undefined;
      const valuesShort = typeof valuesRef === 'string' ? imageShortName(valuesRef) : '';
      if (
        valuesShort &&
        !imageOwner.has(valuesShort) &&
        valuesShort !== ownImageName &&
        (isInfraWorkloadImage(valuesShort) || isInfraServiceImage(valuesShort))
      )
        continue;
      const override = w.helm && !short ? overrideOwner(w, c.image.line) : undefined;
      const found =
        (short ? (imageOwner.get(short) ?? projectImageOwner(c.image.ref)) : undefined) ??
        imageOwner.get(workloadName(w).toLowerCase()) ??
        imageOwner.get(c.name.toLowerCase()) ??
        rootOwnImage(short) ??
        (w.helm && !short ? helmValuesOwner(w.file, c.image.line) : undefined) ??
        // A chart kept in a unit's folder (src/cart/chart) whose image is a template value deploys that unit.
        (short ? undefined : unitHolding(w.file)) ??
        // A manifest whose image is all template (`{{ api_image_repo }}:{{ image_tag }}`, rendered by a deploy script)
        // in a repository that builds one app: it runs that app's image.
        (!short && units.size === 1 ? [...units.values()][0] : undefined);
      const u = override?.unit ?? found;
      if (!u) continue;
      u.workloads.add(workloadKey(w));
      // A templated workload name read from a template file that only says the kind (`templates/deployment.yaml`)
      // names nothing; nor does an example's Pod running the image (`examples/k8s/github_pod.yaml`).
      const label = workloadName(w);
      if (
        !u.names.includes(label) &&
        !label.includes('{') &&
        label.toLowerCase() !== w.kind.toLowerCase() &&
        !(EXAMPLE_FOLDER.test(w.file) && !presentOnlySegment(u.path))
      )
        u.names.push(label);
      // The command is cited when it, not the chart's own values, says which unit runs.
      if (override && override.unit !== found) {
        addRef(u, {
          path: override.override.path,
          line: override.override.line,
          note: `helm sets the image of Helm template ${w.kind}/${workloadLabel(w)} (chart ${override.override.chart})`,
          target: 'kubernetes',
          strength: 2,
        });
        continue;
      }
      addRef(u, {
        path: w.file,
        line: c.image.line ?? w.line,
        note: cloudRun
          ? `Cloud Run service ${workloadName(w)} runs its image`
          : `${w.helm ? 'Helm template' : 'Kubernetes'} ${w.kind}/${workloadLabel(w)} runs its image`,
        target: cloudRun ? 'paas' : 'kubernetes',
        strength: w.helm ? 2 : 3,
      });
    }
  }

  // A shared application chart (k8s/charts/backend) whose image is a value left empty, used by one small chart per
  // service that depends on it from a local folder (`repository: file://../backend`) and names the image under the
  // dependency's key (`backend.image.repository: ghcr.io/acme/shop-cart`): each such chart deploys the unit building
  // that image through the shared chart's workloads.
  const dependentsOf = new Map<NonNullable<ReturnType<typeof chartOf>>, ReturnType<typeof localChartDependents>>();
  for (const w of inputs.k8s.workloads) {
    if (!w.helm) continue;
    const chart = chartOf(w.file);
    if (!chart) continue;
    let parents = dependentsOf.get(chart);
    if (!parents) dependentsOf.set(chart, (parents = localChartDependents(repo, chart, inputs.k8s.charts)));
    if (!parents.length) continue;
    for (const c of w.containers) {
      if (c.init || !c.image || imageShortName(c.image.ref)) continue;
      const found = helmValuesImage(w.file, c.image.line);
      if (!found) continue;
      for (const { parent, key } of parents) {
        const ref = valuesImageRef(parent.values ? repo.yaml(parent.values) : undefined, [
          key,
          ...found.key.split('.'),
        ]);
        if (typeof ref !== 'string' || !ref) continue;
        const u = imageOwner.get(imageShortName(ref)) ?? projectImageOwner(ref);
        if (!u) continue;
        u.workloads.add(workloadKey(w));
        if (parent.name && !u.names.includes(parent.name)) u.names.push(parent.name);
        addRef(u, {
          path: parent.values!,
          line: repo.lineAt(parent.values!, Math.max(0, (repo.read(parent.values!) ?? '').indexOf(ref))),
          note: `Helm chart ${parent.name ?? parent.dir} runs its image through the ${chart.name ?? chart.dir} chart's ${w.kind}`,
          target: 'kubernetes',
          strength: 2,
        });
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Workspace apps: a package with a start script or a server framework, or a browser app with a build script.
  const appDirs = new Set<string>();
  /** Workspace packages that run a program, not a server (tooling): their entry points are no code of a component. */
  const scriptDirs: string[] = [];
  // A server package outside any workspace with a lockfile of its own (emails/ and payments/ beside the root's services,
  // each installed and deployed on its own) that no image copies in is a project of its own, judged like a workspace
  // member. A browser app with its own lockfile is usually built into the server's image (a Go binary embedding
  // ui/build): not taken here.
  const standalone = repo
    .byName(/^(?:package-lock\.json|pnpm-lock\.yaml|yarn\.lock|bun\.lockb?)$/)
    .map((f) => dirOf(f.path))
    .filter(
      (d) =>
        d !== '.' &&
        !workspaceDirs.includes(d) &&
        // One an image copies in (`COPY app ./app` in the root Dockerfile) ships in that image.
        ![...imageSources].some((src) => isUnder(d, src) || isUnder(src, d)) &&
        SERVER_DEPS.some(
          (dep) => dep in ((repo.json(`${d}/package.json`) as PackageJson | undefined)?.dependencies ?? {}),
        ) &&
        !d
          .split('/')
          .some((seg) => PRESENT_ONLY_SEGMENT.test(seg) || TOOLING_SEGMENT.test(seg) || seg === 'node_modules'),
    );
  for (const d of [...workspaceDirs, ...repo.glob('apps/*/package.json').map((f) => dirOf(f.path)), ...standalone]) {
    if (appDirs.has(d)) continue;
    const pkg = repo.json(`${d}/package.json`) as PackageJson | undefined;
    if (!pkg) continue;
    const role = workspacePackageRole(pkg, repo.glob(`${d}/${PAGE_FRAMEWORK_CONFIG}`).length > 0);
    if (role === 'library') {
      // A package published as a command-line program (`bin`) is a tool people install, not code the root runs.
      if (pkg.bin) scriptDirs.push(d);
      continue;
    }
    if (role === 'service' && sharedServerCode(pkg, dependedOn)) continue;
    if (role === 'service' && workspaceScript(repo, d, pkg)) {
      scriptDirs.push(d);
      continue;
    }
    // A browser bundle beside another stack's program manifest (a Phoenix app's pages built by Vite) is that server's
    // assets, no browser app of its own.
    if (role === 'frontend' && ownsProgramManifest(d)) continue;
    appDirs.add(d);
    const u = unit(d);
    u.stack ??= 'node';
    u.kindHint ??= role;
    if (pkg.name) u.names.push(pkg.name.replace(/^@[^/]+\//, ''));
    const script = role === 'service' ? (pkg.scripts?.start ? 'start' : 'build') : 'build';
    const line = repo.lines(`${d}/package.json`).findIndex((l) => new RegExp(`"${script}"\\s*:`).test(l)) + 1;
    u.declared.push({
      path: `${d}/package.json`,
      line: line || 1,
      note:
        role === 'service'
          ? `workspace app with a ${script} script`
          : pkg.scripts?.build
            ? 'workspace browser app with a build script'
            : 'workspace app of a page framework (its build and start targets are inferred from its config file)',
    });
  }
  // A systemd unit that a Linux package installs starts a program: a Rust crate's binary makes the crate a unit, here,
  // before the local crates and locks of units are mounted below.
  const systemdProgram = (t: PlatformTarget): string =>
    path.posix.basename(SYSTEMD_EXEC_START.exec(repo.lines(t.path)[(t.line ?? 1) - 1] ?? '')?.[1] ?? '');
  const systemdCrate = (t: PlatformTarget) => {
    const program = systemdProgram(t);
    return inputs.rust?.crates.find((c) => !c.tooling && c.bins.some((b) => b.name === program));
  };
  /** The unit a systemd unit's crate ships in: the deepest unit holding its folder (a root image builds it), else its own. */
  const systemdCrateUnit = (t: PlatformTarget): Unit | undefined => {
    const crate = systemdCrate(t);
    if (!crate) return undefined;
    const u = unitHolding(crate.dir) ?? units.get('.') ?? unit(crate.dir);
    u.stack ??= 'rust';
    return u;
  };
  for (const t of inputs.platform.targets) if (t.platform === 'systemd') systemdCrateUnit(t);
  // An image CI builds from a Dockerfile the snapshot cannot hold (kept in a git submodule: `file:
  // ./ops/${{ matrix.service }}.Dockerfile` over services backend and tokenizer) ships the one unit its image or
  // Dockerfile is named after (`lunary/backend` → packages/backend).
  for (const b of builds) {
    if (!b.dockerfile || repo.has(b.dockerfile) || !inUnreadFolder(repo, b.dockerfile)) continue;
    const stem = /^(?:(.+)\.)?dockerfile(?:\.(.+))?$/i.exec(path.posix.basename(b.dockerfile));
    const names = new Set(
      [stem?.[1], stem?.[2], ...b.tags.map(imageShortName)].filter((n): n is string => !!n).map((n) => n.toLowerCase()),
    );
    const named = unitsNamed((n) => names.has(n.toLowerCase()));
    if (named.length !== 1) continue;
    addBuild(named[0]!, b);
    (named[0]!.unreadDockerfiles ??= []).push({ path: b.path, line: b.line, note: b.dockerfile });
  }
  // Workspace packages an app depends on are part of what it ships. Units found later (a Worker known only by its
  // wrangler descriptor) get the same (see below).
  const withWorkspace = new Set<Unit>();
  const mountWorkspace = (u: Unit): void => {
    if (withWorkspace.has(u)) return;
    withWorkspace.add(u);
    // A unit of another stack holding a member (a Phoenix app's assets/ package) or shipping one in its image has it
    // locked at the workspace root.
    const holdsMember = workspaceDirs.some(
      (d) => d !== u.path && d !== '.' && (isUnder(d, u.path) || u.copies.some((c) => c.source === d)),
    );
    if (u.path !== '.' && !workspaceDirs.includes(u.path) && holdsMember)
      for (const f of WORKSPACE_LOCKFILES) if (repo.has(f)) u.mounts.add(f);
    const pkg = repo.json(u.path === '.' ? 'package.json' : `${u.path}/package.json`) as PackageJson | undefined;
    // An Nx project without a package.json of its own (`project.json` only, an integrated repository) takes its
    // dependencies, lockfile and path aliases from the workspace root, like a workspace member (the libraries it
    // imports through those aliases are mounted with the other alias targets below).
    if (!pkg && isNxProject(u.path)) for (const f of WORKSPACE_ROOT_FILES) if (repo.has(f)) u.mounts.add(f);
    if (!pkg || !workspaceByName.size) return;
    const seen = new Set<string>();
    const visit = (p: PackageJson | undefined, from: string) => {
      for (const name of Object.keys({ ...(p?.dependencies ?? {}), ...(p?.devDependencies ?? {}) })) {
        const d = workspaceByName.get(name);
        if (!d || seen.has(d) || isUnder(d, u.path)) continue;
        if (typesOnlyFrom(from, name)) continue;
        seen.add(d);
        u.mounts.add(d);
        visit(repo.json(`${d}/package.json`) as PackageJson | undefined, d);
      }
    };
    visit(pkg, u.path);
    // Workspace members are locked (and often configured) at the workspace root.
    if (u.path !== '.' && workspaceDirs.includes(u.path))
      for (const f of WORKSPACE_ROOT_FILES) if (repo.has(f)) u.mounts.add(f);
  };
  // A workspace package the code in `dir` imports for its types alone (`import type { AppRouter } from '@acme/api'`, the
  // tRPC or Hono RPC client of a browser app naming its server's router) is erased when that code compiles: none of it
  // ships or runs with the importer. Only when every import of it there is type-only (no import at all keeps the
  // package: a build or a tool may load it).
  const importsUnder = new Map<string, ImportRef[]>();
  const typesOnlyFrom = (dir: string, name: string): boolean => {
    let all = importsUnder.get(dir);
    if (!all) {
      all = [...(inputs.imports?.byFile.entries() ?? [])]
        .filter(([f]) => dir === '.' || isUnder(f, dir))
        .flatMap(([, rs]) => rs.filter((r) => r.pkg !== '.'));
      importsUnder.set(dir, all);
    }
    const refs = all.filter((r) => r.module === name || r.module.startsWith(`${name}/`));
    return refs.length > 0 && refs.every((r) => r.typeOnly);
  };
  const isNxProject = (dir: string): boolean =>
    dir !== '.' && repo.has('nx.json') && repo.has('package.json') && repo.has(`${dir}/project.json`);
  for (const u of units.values()) mountWorkspace(u);
  // Prisma's schema and migrations kept at the workspace root (`prisma/`, where `prisma migrate deploy` run from the
  // root finds them) are the database of the members that make the client (`new PrismaClient(`) in their own code
  // or in a workspace package they depend on, and keep no schema of their own.
  if (workspaceDirs.length && repo.has('prisma/schema.prisma'))
    for (const u of units.values()) {
      if (u.path === '.' || !workspaceDirs.includes(u.path) || repo.glob(`${u.path}/**/*.prisma`).length) continue;
      const dirs = [u.path, ...[...u.mounts].filter((m) => workspaceDirs.includes(m))];
      const client = repo.grepFirst(/\bnew\s+PrismaClient\s*\(/, {
        include: dirs.map((d) => `${d}/**/*.{ts,tsx,js,jsx,mts,cts,mjs,cjs}`),
        exclude: dirs.map((d) => `${d}/**/node_modules/**`),
        kinds: ['source'],
      });
      if (client) u.mounts.add('prisma');
    }
  // Maven/Gradle modules of the same build an application module depends on (its filters, migrations, API description)
  // are part of what it ships, like workspace packages.
  for (const u of units.values())
    if (u.path !== '.' && reactor.dirs.includes(u.path)) for (const d of reactor.dependsOn(u.path)) u.mounts.add(d);
  // Their parent POMs too: the Spring Boot version, plugin and image configuration a module inherits.
  for (const u of units.values()) if (u.path !== '.') for (const p of parentPoms(repo, u.path)) u.mounts.add(p);
  // A Gradle module's build properties, kept at the root of its multi-project build.
  for (const u of units.values()) for (const f of gradleBuildProperties(repo, u.path)) u.mounts.add(f);
  // Cargo: the local crates a component's crate depends on (`revolt-database = { path = "../core/database" }`, a
  // workspace dependency with a path) are compiled into its binary, like a Maven module's dependencies.
  if (inputs.rust?.crates.length)
    for (const u of units.values())
      if (u.path !== '.') for (const d of cargoLocalCrates(inputs.rust.crates, u.path)) u.mounts.add(d);
  // uv: the workspace members and path projects a project depends on (`merino-common = { workspace = true }`) are
  // installed into its environment.
  for (const u of units.values()) for (const d of uvLocalSources(repo, u.path)) u.mounts.add(d);
  // uv and Cargo workspace members are locked by the workspace root's uv.lock / Cargo.lock.
  for (const u of units.values()) for (const f of tomlWorkspaceLocks(repo, u.path)) u.mounts.add(f);
  for (const u of units.values()) for (const f of mixUmbrellaFiles(repo, u.path)) u.mounts.add(f);
  // A Go program kept in a folder of an enclosing module (`svc/cmd/main.go` under the root go.mod) is declared and
  // locked by that module's go.mod and go.sum, and imports its packages by the module path: they join its view even
  // when the module's folder is a component of its own (`svc/` with its `svc/cmd/api` and `svc/cmd/worker` programs).
  for (const u of units.values())
    for (const f of enclosingGoModule(repo, u.path)) {
      u.mounts.add(f);
      u.linked.add(f);
    }

  // An image that copies its whole context and runs the workspace's own scripts (`RUN pnpm run build` whose script
  // builds `--filter ./apps/backend …`, `CMD pnpm run pm2`) ships the workspace apps those scripts name.
  for (const [dfPath, u] of unitOfDockerfile) {
    const df = inputs.dockerfiles.production.find((d) => d.path === dfPath);
    const pkgPath = u.path === '.' ? 'package.json' : `${u.path}/package.json`;
    const scripts = (repo.json(pkgPath) as PackageJson | undefined)?.scripts;
    if (!df || !scripts || !workspaceByName.size) continue;
    const ctx = contextOf(df) ?? dockerfileDir(df);
    if (ctx !== u.path || !copySources(df, ctx).some((c) => c.source === ctx)) continue;
    const runs = df.instructions.filter((i) => /^(RUN|CMD|ENTRYPOINT)$/.test(i.keyword));
    const text: string[] = [];
    const seenScripts = new Set<string>();
    const follow = (cmd: string) => {
      for (const m of cmd.matchAll(/\b(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?([\w:.-]+)/g)) {
        const name = linuxScriptName(scripts, m[1]!);
        if (seenScripts.has(name) || typeof scripts[name] !== 'string') continue;
        seenScripts.add(name);
        text.push(scripts[name]!);
        follow(scripts[name]!);
      }
    };
    for (const r of runs) {
      follow(r.args);
      for (const dir of workspaceAppsIn(text.join('\n'), workspaceByName, ctx)) {
        const v = units.get(dir);
        if (v && v !== u && !u.copies.some((c) => c.source === dir))
          u.copies.push({ source: dir, path: df.path, line: r.line, ignores: [] });
      }
    }
  }

  // An image that installs one of the workspace's own packages from the registry (`RUN npm install -g flowise`, the
  // package published from packages/server) ships that package.
  if (workspaceByName.size)
    for (const [dfPath, u] of unitOfDockerfile) {
      const df = inputs.dockerfiles.production.find((d) => d.path === dfPath);
      for (const r of df?.instructions ?? []) {
        if (r.keyword !== 'RUN') continue;
        for (const name of globalPackageInstalls(r.args)) {
          const dir = workspaceByName.get(name);
          const v = dir === undefined ? undefined : units.get(dir);
          if (v && v !== u && !u.copies.some((c) => c.source === dir))
            u.copies.push({ source: v.path, path: dfPath, line: r.line, ignores: [] });
        }
      }
    }

  // Folders a unit's code reaches through tsconfig path aliases (`@acme/shared/*` → `libraries/shared/src/*`, declared in
  // a root tsconfig.base.json the app's tsconfig extends) are part of it, as a workspace dependency would be.
  // An Nx project's aliases name each library's entry file (`@acme/util/logging` → libs/util/logging/src/index.ts):
  // the library is the folder above its src/.
  const tsconfigOf = tsconfigResolver(repo);
  for (const u of units.values()) {
    if (u.path === '.') continue;
    const nx = !repo.has(`${u.path}/package.json`) && isNxProject(u.path);
    if (!nx && !repo.has(`${u.path}/package.json`)) continue;
    const config = tsconfigOf(`${u.path}/${nx ? 'project.json' : 'package.json'}`);
    const folderOf = (t: string): string => {
      if (!nx || t.includes('*')) return t.replace(/\/?\*.*$/, '');
      const src = t.lastIndexOf('/src/');
      return src > 0 ? t.slice(0, src) : t;
    };
    const aliases = (config?.aliases ?? [])
      .map((a) => ({ prefix: a.pattern.replace(/\*$/, ''), dirs: a.targets.map(folderOf) }))
      .filter((a) => a.prefix.length > 1 && !a.prefix.startsWith('.'));
    if (!aliases.length) continue;
    const todo = [u.path];
    const seen = new Set(todo);
    while (todo.length) {
      const dir = todo.shift()!;
      for (const a of aliases) {
        const targets = a.dirs.filter((d) => d && !seen.has(d) && !isUnder(d, u.path) && repo.hasDir(d));
        if (!targets.length) continue;
        const used = repo.grepFirst(
          new RegExp(`(from\\s+|import\\s*\\(\\s*|require\\s*\\(\\s*)["']${escapeRegExp(a.prefix)}`),
          {
            include: [`${dir}/**/*.{ts,tsx,js,jsx,mts,cts}`],
            exclude: [`${dir}/**/node_modules/**`],
            kinds: ['source'],
          },
        );
        if (!used) continue;
        for (const d of targets) {
          seen.add(d);
          u.mounts.add(d);
          todo.push(d);
        }
      }
    }
    // The configs that declare the aliases (the app's tsconfig extends the root one): the view resolves them too.
    if (seen.size > 1)
      for (const f of [config?.path, 'tsconfig.base.json', 'tsconfig.json'])
        if (f && repo.has(f) && !isUnder(f, u.path)) u.mounts.add(f);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Procfiles, PaaS and serverless descriptors: the folder they describe is a unit the platform deploys.
  const publishesOtherPackage = (text: string): boolean =>
    [...text.matchAll(/(?:^|[\s=])\.?\/?((?:[\w@-][\w.@-]*\/)+[\w.@-]*)/g)].some((m) => {
      const parts = m[1]!.replace(/\/$/, '').split('/');
      for (let n = parts.length; n >= 1; n--) {
        const dir = parts.slice(0, n).join('/');
        if (!repo.hasDir(dir)) continue;
        return (
          dir !== '.' &&
          (n >= 2 || repo.has(`${dir}/package.json`)) &&
          ![...units.values()].some((u) => u.path !== '.' && isUnder(dir, u.path))
        );
      }
      return false;
    });
  // The unit a compose service of the image's name builds (compose service dialogporten-webapi builds what a Container
  // App runs as ghcr.io/altinn/dialogporten-webapi).
  const composeBuilder = (ref: string): Unit | undefined => {
    const s = inputs.compose.services.find((x) => x.build && x.name.toLowerCase() === imageShortName(ref));
    return s && composeUnits(s)[0];
  };
  const targetUnits = (t: PlatformTarget): Unit[] => {
    if (t.folder) return [unit(t.folder)];
    const dir = dirOf(t.path);
    const ciOrScript =
      /\.github\/|\.gitlab|\.circleci|Jenkinsfile|azure-pipelines|\.buildkite|Makefile|\.sh$|package\.json$|justfile|Taskfile/.test(
        t.path,
      ) || CODEBUILD_SPEC.test(t.path);
    if (t.platform === 'kubernetes') return [];
    // A job that migrates the database (a Container Apps job under `applications/migration/`, its Flyway image) runs
    // for the service that owns the schema: it deploys no component of its own.
    if (t.job && [t.path, t.resource ?? ''].some((x) => ONE_OFF_JOB_NAME.test(x.replace(/\//g, '-')))) return [];
    if (t.platform === 'compose' || t.platform === 'swarm') {
      // Compose files merge services by name: an override file deploys what the base file builds.
      const names = new Set(inputs.compose.services.filter((s) => s.file === t.path).map((s) => s.name));
      const out = new Set<Unit>();
      for (const s of inputs.compose.services) {
        if (!names.has(s.name) || TOOLING_NAME.test(s.name)) continue;
        for (const u of composeUnits(s)) out.add(u);
      }
      return [...out];
    }
    if (t.platform === 'systemd') {
      // The program the unit starts names what the package ships: a Rust crate's binary, else a unit of that name.
      const program = systemdProgram(t);
      const shipping = systemdCrateUnit(t);
      if (shipping) return [shipping];
      const named = unitsNamed((n) => n === program);
      if (named.length) return named;
      return units.size === 1 ? [...units.values()] : [unit('.')];
    }
    if (ciOrScript) {
      // A deploy command: the units whose image or folder it names (once per value of the shell variables in it: a loop
      // over services, a script called once per service), else the only unit, else the root.
      const res = DEPLOY_COMMANDS.filter(([, id]) => id === t.platform).map(([re]) => re);
      const texts = repo
        .lines(t.path)
        .flatMap((l, i) => (res.some((re) => re.test(l)) ? sv.expand(t.path, i + 1, sv.command(t.path, i + 1)) : []));
      const named = new Set<Unit>();
      // The CI steps of this deploy command.
      const steps = inputs.ci.steps.filter((st) => st.path === t.path && st.line === t.line);
      // The folder a CI step works in (`working-directory: apps/web`, the wrangler action's workingDirectory) is the
      // unit it deploys: the deepest unit at or above it.
      for (const st of steps) {
        if (!st.workdir) continue;
        const dir = path.posix.normalize(st.workdir.replace(/^\.\//, '')).replace(/\/$/, '') || '.';
        const owner = unitHolding(dir);
        if (owner) named.add(owner);
      }
      // A local composite action's commands are the step's own (`uses: ./.github/actions/vercel` writing the project's
      // `"rootDirectory": "apps/builder"` before `vercel deploy`).
      const stepRuns = steps.map((st) => st.run).filter((r): r is string => !!r);
      for (const text of [...texts, ...stepRuns]) {
        for (const m of text.matchAll(/--image[=\s]+["']?([^"'\s]+)/g)) {
          const u = imageOwner.get(imageShortName(m[1]!));
          if (u) named.add(u);
        }
        for (const u of units.values())
          if (u.path !== '.' && new RegExp(`(^|[\\s=/'"])${escapeRegExp(u.path)}(\\/|\\s|$|['"])`).test(text))
            named.add(u);
      }
      // A workflow that publishes a .NET project before deploying the output (`dotnet publish src/Relay --output out`,
      // then Azure/functions-action with `package: out`) deploys that project: the one the deploy's job publishes, else
      // the only one the workflow does (a build job handing it over as an artifact).
      if (!named.size) {
        const published = (sts: typeof inputs.ci.steps) => [
          ...new Set(dotnetPublished(sts, inputs.dotnet).map((x) => x.project.dir)),
        ];
        const workflow = inputs.ci.steps.filter((x) => x.path === t.path);
        const own = published(workflow.filter((x) => x.job && steps.some((y) => y.job === x.job)));
        const all = own.length ? own : published(workflow);
        if (own.length || all.length === 1) for (const d of all) named.add(unit(d));
      }
      // A job named for what it deploys (`deploy-website:` running `vercel deploy` at the root, the platform project
      // chosen by a secret): the unit whose folder or name is a word of the job's id.
      if (!named.size)
        for (const st of steps) {
          if (!st.job) continue;
          const words = new Set(st.job.toLowerCase().split(/[^a-z0-9]+/));
          for (const u of unitsNamed((n) => words.has(n.toLowerCase()))) named.add(u);
        }
      if (named.size) return [...named];
      // A command that publishes a folder no unit holds (`wrangler pages deploy apps/docs/.vitepress/dist`, the build
      // output of a documentation site beside the app) deploys that folder's site, not the only unit.
      if (texts.some((text) => publishesOtherPackage(text))) return [];
      // A package's own script (`"deploy": "wrangler deploy"`) runs in its folder: it deploys that package; so does a
      // CodeBuild spec kept in a unit's folder (apps/api/buildspec.yml, pushing its image and updating its ECS service).
      if (/(^|\/)package\.json$/.test(t.path) && dirOf(t.path) !== '.') return [unit(dirOf(t.path))];
      if (CODEBUILD_SPEC.test(t.path) && dirOf(t.path) !== '.') {
        const owner = unitHolding(dirOf(t.path));
        if (owner && owner.path !== '.') return [owner];
      }
      if (units.size === 1) return [...units.values()];
      // Run at the root, naming no folder (`vercel deploy`, the project's root directory set on the platform): the
      // only app built with that platform's adapter (@vercel/remix, @sveltejs/adapter-vercel).
      const adapted = new Set(
        (inputs.servers ?? [])
          .filter((s) => s.adapter && adapterPlatform(s.adapter)?.[0] === t.platform)
          .map((s) => unitHolding(s.path))
          .filter((u): u is Unit => !!u),
      );
      if (adapted.size === 1) return [...adapted];
      return units.has('.') ? [units.get('.')!] : [];
    }
    if (t.resource && t.images) {
      // A Terraform service names the images it runs: the units that build them. A service running only images of
      // others (a proxy, Temporal, a database UI: an official image or another namespace's) deploys none of the units;
      // one whose image is left to the operator (a variable without default, a registry resource's URL) or kept in a
      // private registry deploys the only unit, or the root.
      const known = t.images.filter((ref) => /^[a-z0-9][\w.-]*$/.test(imageShortName(ref)));
      const named = known
        .map((ref) => imageOwner.get(imageShortName(ref)) ?? projectImageOwner(ref) ?? composeBuilder(ref))
        .filter((x): x is Unit => !!x);
      if (named.length) return [...new Set(named)];
      // Images it leaves to variables, containers it names: the unit a compose service or image of that name builds
      // (`container_name = "api"` of the load balancer, the api compose service).
      const members = [...units.values()].filter((u) => u.path !== '.');
      const byContainer = (t.containers ?? [])
        .map((n) => {
          const lower = n.toLowerCase();
          return members.find((u) => u.names.some((x) => x.toLowerCase() === lower)) ?? imageOwner.get(lower);
        })
        .filter((x): x is Unit => !!x);
      if (byContainer.length) return [...new Set(byContainer)];
      // Its image a parameter the pipeline fills in (`containerImage: pythonImage`): the unit the call is named for
      // (`module pythonService` runs python-service), spelling aside.
      if (t.appName) {
        const key = t.appName.toLowerCase().replace(/[^a-z0-9]/g, '');
        const byName = members.filter((u) =>
          [...u.names, path.posix.basename(u.path)].some((x) => x.toLowerCase().replace(/[^a-z0-9]/g, '') === key),
        );
        if (byName.length === 1) return byName;
      }
      if (t.images.length && known.length === t.images.length && known.every((ref) => othersImage(repo, ref)))
        return [];
      // Infrastructure the Azure Developer CLI provisions for azure.yaml's services: the folders azure.yaml deploys to
      // that platform are what it runs.
      const azd = inputs.platform.targets.filter((x) => x.platform === t.platform && x.folder && AZD_VIA.test(x.via));
      if (azd.length) return [...new Set(azd.map((x) => unit(x.folder!)))];
      if (units.size === 1) return [...units.values()];
      // Its image left to a registry resource in a repository whose root holds no program: the images the apps below
      // build (an ECR repository per app, filled by the pipeline), not an app at the root. Not when it names containers
      // no unit has (a sidecar's), nor for an image left to a plain variable (one service, one image: which is unknown).
      if (
        !t.containers?.length &&
        !t.images.some((ref) => /^\$?\{?var\./.test(ref)) &&
        (!known.length || known.every((ref) => LEFT_OPEN_IMAGE.test(ref)))
      ) {
        const builders = imageBuildersOfCodelessRoot();
        if (builders.length) return builders;
      }
      return [unit('.')];
    }
    if (t.model === 'container-service' || DOCKER_FOLDER.test(dir) || t.platform === 'cloud-run') {
      // A task definition or job file names the images it runs; otherwise it deploys the only unit, or the root.
      const text = repo.read(t.path) ?? '';
      const refs = [...text.matchAll(/["']?image["']?\s*[:=]\s*["']?([^"'\s,}]+)/g)].map((m) => m[1]!);
      const named = refs.map((ref) => imageOwner.get(imageShortName(ref))).filter((x): x is Unit => !!x);
      if (named.length) return [...new Set(named)];
      if (units.size === 1) return [...units.values()];
      // A descriptor kept in a unit's folder (rest-heroes/deploy/helm/…) deploys that unit.
      const holder = unitHolding(t.path);
      if (holder) return [holder];
      // A task definition template kept with the infrastructure (`"image": "<REPO_URL>"`, filled in by the pipeline
      // for each app it builds) in a repository whose root holds no program: it runs the apps' images, not a root app.
      if (refs.every((ref) => LEFT_OPEN_IMAGE.test(ref))) {
        const builders = imageBuildersOfCodelessRoot();
        if (builders.length) return builders;
      }
      return [unit('.')];
    }
    // A descriptor that names a Dockerfile or a unit's folder deploys that unit (railway dockerfilePath, render rootDir).
    const text = repo.read(t.path) ?? '';
    for (const [df, u] of unitOfDockerfile)
      if (new RegExp(`["'\\s=/]${escapeRegExp(df)}["'\\s,]`).test(` ${text} `)) return [u];
    const named = [...units.values()].filter(
      (u) =>
        u.path !== '.' &&
        new RegExp(
          `(rootDir|root_dir|base|workdir|dir|context|path)\\W+\\.?/?${escapeRegExp(u.path)}/?["'\\s,]`,
          'i',
        ).test(`${text}\n`),
    );
    if (named.length) return named;
    // At the root, a command naming one of the workspace's own scripts (railway `startCommand: pnpm server:start`,
    // vercel `buildCommand: pnpm run build:webapp`) runs what that script filters to.
    const rootScripts = dir === '.' ? (repo.json('package.json') as PackageJson | undefined)?.scripts : undefined;
    const apps = workspaceAppsIn(withScriptsRun(text, rootScripts), workspaceByName).filter((d) => units.has(d));
    if (apps.length) return apps.map((d) => units.get(d)!);
    // A front-end host's descriptor at the root of a workspace whose root holds no program (OpenCut's netlify.toml with
    // the Next.js plugin beside apps/web): it builds the workspace's one page-framework app.
    if (dir === '.' && FRONTEND_HOST_DESCRIPTOR.test(t.path)) {
      const members = [...units.values()].filter((u) => u.path !== '.');
      const rootCode = repo.files.some(
        (f) => isProgramSource(f) && !f.isTest && !workspaceDirs.some((d) => isUnder(f.path, d)),
      );
      const webApps = members.filter((u) =>
        PAGE_FRAMEWORK_DEPS.some((d) =>
          inputs.manifests.manifests.some(
            (m) => m.path === `${u.path}/package.json` && m.dependencies.some((x) => x.name === d),
          ),
        ),
      );
      if (!rootCode && webApps.length === 1) return webApps;
    }
    // A descriptor kept among example configuration files with no code beside it (`etc/fly.toml` next to nginx.conf
    // and a systemd unit) deploys the application at the root.
    const home = descriptorHome(t.path);
    const codeHere = repo.files.some((f) => isProgramSource(f) && !f.isTest && isUnder(f.path, home));
    // A descriptor inside a template or example without code of its own (a starter's public/vercel.json) is the
    // template's, not the application's at the root.
    if (!codeHere && !units.has(home) && presentOnlySegment(home)) return [];
    // A descriptor beside the Dockerfile of a configured server with no code of ours (a Redis image and its fly.toml)
    // deploys that server, none of the units: the Dockerfile's unit, if one builds it, else nothing.
    if (home !== '.' && !codeHere && !units.has(home) && repo.has(`${home}/Dockerfile`)) {
      const owner = unitOfDockerfile.get(`${home}/Dockerfile`);
      return owner ? [owner] : [];
    }
    const u = unit(home === '.' || codeHere || units.has(home) ? home : '.');
    // The app's name on the platform: serverless `service:`, fly.toml `app =`, App Engine `service:`; the Worker's
    // top-level `name` in wrangler.toml / wrangler.json when its folder's name says nothing (packages/server).
    const name =
      /^(?:service|app)\s*[:=]\s*["']?([\w.-]+)["']?\s*$/m.exec(text)?.[1] ??
      (/(?:^|\/)wrangler\.(?:toml|jsonc?)$/.test(t.path) &&
      u.path !== '.' &&
      GENERIC_NAME.test(path.posix.basename(u.path))
        ? /^(?:name\s*=|\s{0,4}"name"\s*:)\s*"([\w.-]+)"/m.exec(text)?.[1]
        : undefined);
    if (name && !u.names.includes(name)) u.names.push(name);
    return [u];
  };
  // Pipelines last: a CI step naming a folder (`pnpm --dir apps/proxy exec wrangler deploy`) deploys the unit that a
  // package script or descriptor of that folder makes, which must exist by then.
  const pipeline = (t: PlatformTarget) =>
    /\.github\/|\.gitlab|\.circleci|Jenkinsfile|azure-pipelines|\.buildkite/.test(t.path);
  const byPipelineLast = [...inputs.platform.targets].sort((a, b) => Number(pipeline(a)) - Number(pipeline(b)));
  for (const t of byPipelineLast) {
    if (t.covers === 'docs') continue;
    const target = staticSiteFunctions(repo, t, inputs.manifests) ? 'serverless' : targetOfModel(t.model);
    for (const u of targetUnits(t)) {
      if (!u.declared.some((d) => d.path === t.path)) {
        if (/Procfile$/.test(t.path)) u.declared.push({ path: t.path, line: t.line, note: 'Procfile processes' });
        else if (
          !/\.github\/|\.gitlab|\.circleci|Jenkinsfile|azure-pipelines|Makefile|\.sh$|package\.json$/.test(t.path) &&
          t.platform !== 'compose' &&
          t.platform !== 'swarm'
        )
          u.declared.push({ path: t.path, line: t.line, note: `${t.name} descriptor` });
      }
      addRef(u, {
        path: t.path,
        line: t.line,
        note: `${t.name}${t.via ? ` (${t.via})` : ''}${t.weak ? ` — ${t.weak}` : ''}`,
        // A static host that publishes only the frontend built beside a backend in another language says nothing of
        // where the backend at the root runs.
        target: t.covers === 'frontend' && u.path === '.' ? 'unknown' : target,
        strength: t.covers === 'frontend' && u.path === '.' ? 0 : t.weak ? 1 : 3,
        ...(t.sourceBuild && !t.weak ? { sourceBuild: t.sourceBuild } : {}),
      });
    }
  }
  // Workspace members that only a platform descriptor made a unit (apps/server with its wrangler.jsonc and no start
  // script) are locked and configured at the workspace root too.
  for (const u of units.values()) if (workspaceDirs.includes(u.path)) mountWorkspace(u);
  for (const f of repo.byName(/^Procfile$/)) {
    if (f.isTest) continue;
    const u = unit(dirOf(f.path));
    if (!u.declared.some((d) => d.path === f.path))
      u.declared.push({ path: f.path, line: 1, note: 'Procfile processes' });
  }

  // A workspace app whose build or deploy script builds another workspace app (a Worker that bundles the site's
  // server build: `"build:site": "npm run build --workspace site"`) ships that app in what it deploys.
  for (const u of units.values()) {
    if (u.path === '.' || !workspaceByName.size) continue;
    const pkgPath = `${u.path}/package.json`;
    const scripts = (repo.json(pkgPath) as PackageJson | undefined)?.scripts ?? {};
    const lines = repo.lines(pkgPath);
    for (const [name, cmd] of Object.entries(scripts)) {
      if (typeof cmd !== 'string' || !/^(build|deploy|release|bundle)\b/i.test(name)) continue;
      for (const dir of workspaceAppsIn(cmd, workspaceByName)) {
        if (dir === u.path || !units.has(dir) || isUnder(dir, u.path)) continue;
        const line = lines.findIndex((l) => l.includes(`"${name}"`)) + 1 || 1;
        (u.builds ??= []).push({ source: dir, path: pkgPath, line, script: name });
      }
    }
  }

  // A deploy workflow started by hand with a choice of what to deploy (`service:` options `server`, `jobs`,
  // `runner`, read as `${{ inputs.service }}`): each option naming one unit deploys it, when two or more options do
  // (a lone match may be a stage or a region that happens to share a folder's name).
  const sameName = (a: string, b: string) =>
    a.toLowerCase().replace(/[-_]/g, '') === b.toLowerCase().replace(/[-_]/g, '');
  for (const c of inputs.ci.configs) {
    if (!DEPLOY_WORKFLOW.test(path.posix.basename(c.path))) continue;
    for (const ch of c.choices ?? []) {
      const named = ch.options
        .map((o) => ({ o, us: unitsNamed((n) => sameName(n, o.value)) }))
        .filter((x) => x.us.length === 1);
      if (named.length < 2) continue;
      for (const { o, us } of named)
        addRef(us[0]!, {
          path: c.path,
          line: o.line,
          note: `the deploy workflow's ${ch.input} choice names it`,
          target: 'unknown',
        });
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Apps that only sit in the repository: examples, demos, legacy copies with a manifest and a server entry.
  for (const m of inputs.manifests.manifests) {
    const dir = dirOf(m.path);
    if (dir === '.' || !presentOnlySegment(dir) || m.type === 'gemspec') continue;
    if ([...units.keys()].some((p) => p !== '.' && isUnder(dir, p))) continue;
    const entry = inputs.liveness.entrypoints.find((e) => isUnder(e.path, dir) && !repo.get(e.path)?.isTest);
    if (!entry) continue;
    const u = unit(dir);
    if (!u.declared.length) u.declared.push({ path: entry.path, line: entry.line, note: `an app: ${entry.note}` });
  }
  // Units inside a present-only unit belong to it (examples/shop/api is part of the shop example).
  for (const u of [...units.values()]) {
    const outer = [...units.values()].find(
      (o) => o !== u && o.path !== '.' && presentOnlySegment(o.path) && isUnder(u.path, o.path),
    );
    if (!outer || u.refs.length) continue;
    outer.declared.push(...u.declared);
    outer.dockerfiles.push(...u.dockerfiles);
    units.delete(u.path);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The root: a unit when something at the root builds or starts, when service code lies outside every other unit, or
  // when every other unit is an example beside the repository's own code (a library with a demo app).
  if (units.size && !units.has('.') && [...units.keys()].every((p) => presentOnlySegment(p))) {
    unit('.').declared.push({ path: '.', note: 'the repository itself, beside its examples' });
  }
  if (units.size && !units.has('.')) {
    // A shared project's Program.cs is compiled by the web project importing it, inside another component; so is a
    // project a component's application references from another folder (an API module its host serves).
    const dotnet = inputs.dotnet;
    const referencedByUnit = new Set(
      (dotnet?.projects ?? [])
        .filter((p) => [...units.keys()].some((u) => isUnder(p.dir, u)))
        .flatMap((p) => dotnet!.closure(p))
        .map((p) => p.path),
    );
    // A project's closure holds the project itself: a unit's own projects are in the set too.
    const compiledByUnit = (file: string): boolean => {
      const owner = dotnet?.projectOf(file);
      return !!owner && referencedByUnit.has(owner.path);
    };
    const outsideAll = inputs.liveness.entrypoints.filter(
      (e) =>
        ![...units.keys()].some((p) => isUnder(e.path, p)) &&
        // A module another component ships (a Maven/Gradle dependency, a workspace package) is inside it.
        ![...units.values()].some((u) => [...u.mounts].some((m) => isUnder(e.path, m))) &&
        !compiledByUnit(e.path) &&
        !goLibraries.some((d) => isUnder(e.path, d)) &&
        !scriptDirs.some((p) => isUnder(e.path, p)) &&
        !presentOnlySegment(dirOf(e.path)) &&
        // The migration tool run before the services start (or the start-up project EF Core's design-time tools load
        // from a Migrations/ folder) is a job of theirs, not code of the root's.
        !dirOf(e.path)
          .split('/')
          .some((seg) => MIGRATION_TOOL_DIR.test(seg)) &&
        // CI helpers (.github/calculateModules.java) run in the pipeline, not in production.
        !/(^|\/)\.[\w-]+\//.test(e.path) &&
        !repo.get(e.path)?.isTest &&
        !unstartedRootServer(repo, inputs.manifests, e.path) &&
        !cargoCodegenTool(inputs.manifests, e.path),
    );
    // A Maven or Gradle build of its own that no reactor lists (a side server built and run alone, its pom naming the
    // root as parent only to inherit versions) is a program of its own, not the root's.
    const reactorDirs = new Set(jvmReactor(repo).dirs);
    for (const e of outsideAll) {
      const own = standaloneJvmBuild(repo, e.path);
      if (!own || units.has(own) || reactorDirs.has(own)) continue;
      const u = unit(own);
      u.stack ??= 'jvm';
      u.declared.push({ path: e.path, line: e.line, note: `a build of its own outside the reactor: ${e.note}` });
    }
    const outside = outsideAll.find((e) => {
      const own = standaloneJvmBuild(repo, e.path);
      return !own || !units.has(own);
    });
    if (outside)
      unit('.').declared.push({
        path: outside.path,
        line: outside.line,
        note: `code outside the other components: ${outside.note}`,
      });
  }

  const list = finish(repo, units, inputs);
  const byId = new Map(list.map((c) => [c.id, c]));
  return {
    list,
    single: list.length === 1 && list[0]!.path === '.' && !list[0]!.excludes.length && !list[0]!.mounts.length,
    byId: (id) => byId.get(id),
    owner: (p) =>
      list
        .filter((c) => isUnder(p, c.path))
        .sort((a, b) => b.path.length - a.path.length)
        .find((c) => !c.excludes.some((x) => isUnder(p, x))),
  };
}

/**
 * A Node server file at the root of a workspace that nothing starts: no package script, image, compose service,
 * Procfile, Makefile, shell script or workflow names it (castmill's `server.js`, a demo of the widgets beside the
 * packages the deployment runs). It is a leftover or a demo, not a component of its own.
 */
function unstartedRootServer(repo: RepoIndex, manifests: ManifestFacts, file: string): boolean {
  if (dirOf(file) !== '.' || !/\.[cm]?[jt]s$/.test(file)) return false;
  const pkg = manifests.manifests.find((m) => m.path === 'package.json')?.raw as
    | { workspaces?: unknown; scripts?: Record<string, unknown> }
    | undefined;
  if (!pkg?.workspaces || pkg.scripts?.start !== undefined) return false;
  const named = new RegExp(`(?<![\\w./-])(?:\\./)?${escapeRegExp(file)}\\b`);
  return !repo.grepFirst(named, { include: [...START_FILES, '**/Makefile', '**/*.mk'] });
}

/** A manifest or lockfile copied on its own installs dependencies: it is no app's files in the image. */
function installOnly(manifests: ManifestFacts, x: string): boolean {
  return manifests.manifests.some((m) => m.path === x) || manifests.lockfiles.some((f) => f.path === x);
}

/**
 * The root when all it is is an image of the workspace's apps: nothing but image builds (a Dockerfile, a compose
 * service building it) declare it, and its images take the builds of two or more other units
 * (`COPY --from=builder /app/apps/web/.next/standalone`, `… apps/worker`). The apps are the components (each runs from
 * that image); the root's own folder holds only what they share.
 */
function onlyShipsOthers(u: Unit, all: Unit[]): boolean {
  const imageBuild = /^builds an image\b|^compose service \S+ builds it$/;
  if (u.path !== '.' || !u.declared.length || !u.declared.every((d) => imageBuild.test(d.note))) return false;
  const shipped = all.filter((v) => v !== u && v.path !== '.' && u.copies.some((c) => isUnder(c.source, v.path)));
  return shipped.length >= 2;
}

/** The Next.js runtime and framework adapters named in netlify.toml plugins. */
const NETLIFY_SSR = /@netlify\/plugin-nextjs|@netlify\/remix-adapter|@netlify\/vite-plugin-react-router/;

/**
 * A static host's site that also runs functions (Netlify `[functions]` or `functions =`, the default netlify/functions
 * folder, firebase.json `functions`): its server code runs as functions, so the component is serverless.
 */
function staticSiteFunctions(repo: RepoIndex, t: PlatformTarget, manifests: ManifestFacts): boolean {
  if (t.model !== 'static') return false;
  const text = repo.read(t.path) ?? '';
  const dir = dirOf(t.path);
  if (t.platform === 'netlify') {
    if (/^\s*\[functions(?:\.[^\]]+)?\]|^\s*functions\s*=/m.test(text)) return true;
    if (repo.hasDir(dir === '.' ? 'netlify/functions' : `${dir}/netlify/functions`)) return true;
    // A framework that renders on the server (Nuxt, SvelteKit, Astro, Remix / React Router, Next.js) built beside the
    // netlify.toml: Netlify runs its server as functions.
    return detectFsRoutes(repo, manifests).apps.some((a) => a.root === dir) || NETLIFY_SSR.test(text);
  }
  if (t.platform === 'firebase' && /firebase\.json$/.test(t.path)) return /"functions"\s*:/.test(text);
  return false;
}

/** The build uses this Dockerfile: named with -f, or the Dockerfile at the root of its context. */
function buildsDockerfile(b: ImageBuild, dockerfile: string): boolean {
  if (b.dockerfile) return b.dockerfile === dockerfile;
  return b.context !== undefined && (b.context === '.' ? 'Dockerfile' : `${b.context}/Dockerfile`) === dockerfile;
}

/** A front-end host's project descriptor (Netlify, Vercel). */
const FRONTEND_HOST_DESCRIPTOR = /^(?:netlify\.toml|vercel\.json)$/;

/** CI configuration files (a build there runs on every change; a build in a script may only run on a laptop). */
const CI_PATH =
  /\.github\/|\.gitlab|\.circleci|Jenkinsfile|azure-pipelines|\.buildkite|\.drone|\.woodpecker|\.semaphore\/|bitbucket|(^|\/)cloudbuild[\w.-]*\.ya?ml$|(^|\/)buildspec[\w.-]*\.ya?ml$/;

const argRef = (arg: string) => new RegExp(`\\$\\{?${arg}\\}?(?!\\w)`);

/**
 * A Dockerfile that builds whichever folder a build arg names: `ARG SERVICE` then `COPY ./$SERVICE …` or
 * `WORKDIR /src/$SERVICE` over a copy of the context. Returns the repository path of that folder with the arg left in
 * (`internal/$SERVICE`).
 */
function folderTemplate(
  df: ParsedDockerfile,
  ctx: string,
  goModule?: string,
): { arg: string; template: string; line: number } | undefined {
  const args = new Set(Object.keys(df.args));
  for (const st of df.stages)
    for (const i of st.instructions)
      if (i.keyword === 'ARG') for (const m of i.args.matchAll(/(?:^|\s)(\w+)(?==|\s|$)/g)) args.add(m[1]!);
  // BuildKit's platform arguments choose the binary built for the platform (`COPY app-$TARGETOS-$TARGETARCH/app`), never
  // which service the image holds.
  for (const a of [...args]) if (/^(?:TARGET|BUILD)(?:PLATFORM|OS|ARCH|VARIANT)$/.test(a)) args.delete(a);
  if (!args.size) return undefined;
  const inContext = (src: string) => {
    const rel = path.posix.normalize(src.replace(/^\.?\/+/, '') || '.').replace(/\/+$/, '');
    return ctx === '.' ? rel : rel === '.' ? ctx : `${ctx}/${rel}`;
  };
  // The path up to (and with) the first segment that names the arg.
  const cut = (p: string, arg: string): string | undefined => {
    const segs = p.split('/');
    const i = segs.findIndex((x) => argRef(arg).test(x));
    return i < 0 ? undefined : segs.slice(0, i + 1).join('/');
  };
  /** What each stage holds when it ends: a stage built FROM another starts with its copies and working folder. */
  const held = new Map<string, { copied: { dest: string; source: string }[]; workdir: string }>();
  for (const st of df.stages) {
    // Folders of the context this stage copies in, by where they land (`COPY . /src`).
    const base = st.from.stageRef ? held.get(st.from.stageRef) : undefined;
    const copied: { dest: string; source: string }[] = [...(base?.copied ?? [])];
    let workdir = base?.workdir ?? '/';
    if (st.name) held.set(st.name, { copied, workdir });
    for (const ins of st.instructions) {
      const w = words(ins.args);
      if (ins.keyword === 'WORKDIR' && w[0]) {
        const arg = [...args].find((a) => argRef(a).test(w[0]!));
        const abs = path.posix.resolve(workdir, w[0]);
        if (arg) {
          const wd = cut(abs, arg)!;
          const m = copied
            .filter((x) => wd.startsWith(x.dest === '/' ? '/' : `${x.dest}/`))
            .sort((x, y) => y.dest.length - x.dest.length)[0];
          if (m) {
            const rest = wd.slice(m.dest === '/' ? 1 : m.dest.length + 1);
            return { arg, template: m.source === '.' ? rest : `${m.source}/${rest}`, line: ins.line };
          }
        }
        workdir = abs;
        if (st.name) held.set(st.name, { copied, workdir });
      }
      if (ins.keyword === 'RUN') {
        // A build command that names the folder (`go build -o ./bin/app-$TARGET ./cmd/app-$TARGET`) over a copy of the
        // context: the folder it compiles, not where it writes (-o).
        for (let k = 0; k < w.length; k++) {
          const word = w[k]!.replace(/^["']|["']$/g, '');
          // A package named by its import path (`go build openreplay/backend/cmd/$SERVICE_NAME`) is a folder of the
          // module the context holds.
          const x =
            goModule && word.startsWith(`${goModule}/`) && /\bgo\s+(build|install)\b/.test(ins.args)
              ? `./${word.slice(goModule.length + 1)}`
              : word;
          // An environment assignment (`TURBO_PLATFORM="${TARGETPLATFORM:-linux/amd64}"`) names no folder.
          // `cargo install --path $CRATE` names a folder without a slash.
          if (
            /^-(o|-output)$/.test(w[k - 1] ?? '') ||
            x.startsWith('-') ||
            (!x.includes('/') && w[k - 1] !== '--path') ||
            /^[A-Za-z_]\w*=/.test(x)
          )
            continue;
          const arg = [...args].find((a) => argRef(a).test(x));
          if (!arg) continue;
          const at = cut(path.posix.resolve(workdir, x), arg)!;
          const m = copied
            .filter((c) => at.startsWith(c.dest === '/' ? '/' : `${c.dest}/`))
            .sort((p, q) => q.dest.length - p.dest.length)[0];
          if (!m) continue;
          const rest = at.slice(m.dest === '/' ? 1 : m.dest.length + 1);
          return { arg, template: m.source === '.' ? rest : `${m.source}/${rest}`, line: ins.line };
        }
        continue;
      }
      if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
      const sources = w.slice(0, -1);
      // A file named after the arg (`COPY scripts/${SCOPE}-entrypoint.sh ./`) is no folder of the service.
      const fileNamed = (rel: string, arg: string) =>
        rel.split('/').pop() !== undefined &&
        !new RegExp(`^${argRef(arg).source}$`).test(rel.split('/').pop()!) &&
        /\.\w+$/.test(rel);
      const from = ins.flags.find((f) => /^--from=/i.test(f))?.slice(7);
      if (from) {
        // Copied out of an earlier stage that holds a copy of the context (`COPY --from=builder
        // /app/apps/${SCOPE}/.next/standalone ./` after `COPY . .` in /app): the folder of the context it came from.
        const stage = held.get(from);
        if (!stage) continue;
        for (const src of sources)
          for (const arg of args) {
            if (!argRef(arg).test(src)) continue;
            const at = cut(path.posix.resolve(stage.workdir, src), arg)!;
            const m = stage.copied
              .filter((c) => at.startsWith(c.dest === '/' ? '/' : `${c.dest}/`))
              .sort((p, q) => q.dest.length - p.dest.length)[0];
            if (!m) continue;
            const rest = at.slice(m.dest === '/' ? 1 : m.dest.length + 1);
            if (fileNamed(rest, arg)) continue;
            return { arg, template: m.source === '.' ? rest : `${m.source}/${rest}`, line: ins.line };
          }
        continue;
      }
      for (const src of sources)
        for (const arg of args) {
          const rel = argRef(arg).test(src) ? cut(src.replace(/^\.?\/+/, ''), arg) : undefined;
          if (rel && !fileNamed(rel, arg)) return { arg, template: inContext(rel), line: ins.line };
        }
      const dest = w[w.length - 1];
      if (dest && sources.length === 1 && !/[*?$]/.test(sources[0]!))
        copied.push({
          dest: path.posix.resolve(workdir, dest).replace(/(.)\/+$/, '$1'),
          source: inContext(sources[0]!),
        });
    }
  }
  return undefined;
}

/**
 * A folder template names folders of the repository only when the folder above the arg exists: a release copied out
 * of a build output (`COPY --from=builder /app/_build/${MIX_TARGET}_prod/rel/app ./`, where a file was copied into the
 * working folder) names a folder the build makes, not one service of many.
 */
function templateParentExists(repo: RepoIndex, t: { arg: string; template: string }): boolean {
  const segs = t.template.split('/');
  const at = segs.findIndex((x) => argRef(t.arg).test(x));
  const parent = at < 0 ? '.' : segs.slice(0, at).join('/') || '.';
  return parent === '.' || repo.hasDir(parent);
}

function fillTemplate(template: string, arg: string, value: string): string {
  return path.posix.normalize(template.replace(new RegExp(argRef(arg).source, 'g'), value.replace(/^\.\//, '')));
}

function templateMatches(template: string, arg: string, dir: string): boolean {
  const [before, after] = template.split(argRef(arg));
  return new RegExp(`^${escapeRegExp(before ?? '')}[^/]+${escapeRegExp(after ?? '')}$`).test(dir);
}

/** Workspace packages a Dockerfile builds or runs by name (turbo/pnpm/npm filters) or by folder. */
function namedWorkspaceApps(
  df: ParsedDockerfile,
  byName: Map<string, string>,
  ctx: string,
  scripts?: Record<string, string>,
): string[] {
  // A workspace package installed from the registry (`npm install -g flowise`) is what the image ships.
  const installed = df.instructions
    .filter((i) => i.keyword === 'RUN')
    .flatMap((i) => globalPackageInstalls(i.args))
    .map((n) => byName.get(n))
    .filter((d): d is string => d !== undefined);
  if (installed.length) return [...new Set(installed)];
  // A folder the image deletes (`rm -rf packages/jobs` in an image of the server alone) is not what it ships.
  const text = df.instructions
    .filter((i) => /^(RUN|WORKDIR|CMD|ENTRYPOINT|COPY)$/.test(i.keyword))
    .map((i) => `${i.keyword === 'RUN' ? withoutRemovals(i.args) : words(i.args).join(' ')}\n${i.heredoc ?? ''}`);
  // The workspace's own scripts the image starts with (`CMD pnpm start`, whose script runs `cd packages/server && …`).
  if (scripts)
    for (const i of df.finalStage?.instructions ?? []) {
      if (i.keyword !== 'CMD' && i.keyword !== 'ENTRYPOINT') continue;
      for (const m of words(i.args)
        .join(' ')
        .matchAll(/\b(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?([\w:.-]+)/g)) {
        const cmd = resolvedScript(scripts, m[1]!);
        if (cmd) text.push(cmd);
      }
    }
  return workspaceAppsIn(text.join('\n'), byName, ctx);
}

/** A shell command without its `rm` steps (`true && rm -rf packages/jobs && npm prune` → `true && npm prune`). */
function withoutRemovals(cmd: string): string {
  return cmd
    .split(/&&|\|\||[;\n]/)
    .filter((x) => !/^[\s\\]*rm\s/.test(x))
    .join(' && ');
}

/** A command with the text of the package scripts it runs by name (`pnpm server:start`, `npm run build:web`) appended. */
function withScriptsRun(text: string, scripts: Record<string, string> | undefined): string {
  if (!scripts) return text;
  const run = [
    ...text.matchAll(/\b(?:npm\s+run(?:-script)?|pnpm(?:\s+run)?|yarn(?:\s+run)?|bun\s+run)\s+([\w][\w:.-]*)/g),
  ]
    .map((m) => (m[1]! in scripts ? resolvedScript(scripts, m[1]!) : undefined))
    .filter((x): x is string => typeof x === 'string');
  return run.length ? `${text}\n${run.join('\n')}` : text;
}

/** Workspace packages a build or deploy command names by filter (turbo/pnpm/npm) or by folder. */
function workspaceAppsIn(text: string, byName: Map<string, string>, ctx = '.'): string[] {
  const out = new Set<string>();
  for (const [name, dir] of byName) {
    const byPkg = new RegExp(
      `(--scope|--filter|--workspace|-w|-F)[=\\s]+["']?${escapeRegExp(name)}(\\.\\.\\.)?["']?(\\s|$)`,
    ).test(text);
    const rel = ctx === '.' ? dir : dir.startsWith(`${ctx}/`) ? dir.slice(ctx.length + 1) : undefined;
    // The folder as a path of the context (`apps/web`, `./apps/web`, `/repo/apps/web` after copying the context there),
    // not an absolute folder of the image that shares its name (`WORKDIR /app` is no workspace's `app/`).
    const byDir = rel !== undefined && new RegExp(`(^|\\s|\\./|[\\w.-]/)${escapeRegExp(rel)}(/|\\s|$)`).test(text);
    if (byPkg || byDir) out.add(dir);
  }
  // A filter names the app, by package name or by folder (pnpm's `--filter=./apps/api`); folders may also name the
  // libraries it copies: prefer what the filters name.
  const filtered = [...out].filter((d) => {
    const name = [...byName.entries()].find(([, x]) => x === d)?.[0] ?? '';
    const rel = ctx === '.' ? d : d.startsWith(`${ctx}/`) ? d.slice(ctx.length + 1) : undefined;
    const byFolder = rel === undefined ? '' : `|(?:\\./)?${escapeRegExp(rel)}(?:/|\\.\\.\\.|["'\\s]|$)`;
    return new RegExp(`(--scope|--filter|--workspace|-w|-F)[=\\s]+["']?(?:${escapeRegExp(name)}${byFolder})`).test(
      text,
    );
  });
  return filtered.length ? filtered : [...out];
}

/** Packages a shell command installs globally from the registry (`npm install -g name@1.2`, `yarn global add name`). */
function globalPackageInstalls(cmd: string): string[] {
  const out: string[] = [];
  for (const segment of cmd.split(/&&|\|\||[;|\n]/)) {
    const w = segment.trim().split(/\s+/);
    const global = w.includes('-g') || w.includes('--global') || (w[0] === 'yarn' && w[1] === 'global');
    const installs =
      (/^(npm|pnpm|bun)$/.test(w[0] ?? '') && /^(install|i|add)$/.test(w[1] ?? '')) ||
      (w[0] === 'yarn' && w[1] === 'global' && w[2] === 'add');
    if (!global || !installs) continue;
    for (const x of w.slice(w[0] === 'yarn' ? 3 : 2))
      if (!x.startsWith('-') && !x.includes('$')) out.push(x.replace(/(?<=.)@[^/@]*$/, ''));
  }
  return out;
}

/**
 * The repository file a Dockerfile's final stage starts: its ENTRYPOINT (else its CMD) when the program is a path the
 * image's layout traces to one file (`/app/entrypoint.sh` copied from packages/server/entrypoint.sh); `python` marks the
 * file a Python launch names instead (`uv run fastapi run svc/app/main.py`, `uvicorn app.main:app` in WORKDIR /app/svc).
 */
function startedFile(
  repo: RepoIndex,
  df: ParsedDockerfile,
  layout: ImageLayout,
): { file: string; python?: boolean } | undefined {
  const inImage = (p: string): string | undefined => {
    const found = lookupImage(repo, layout, path.posix.resolve(layout.workdir, p));
    return found.state === 'file' ? found.repoPath : undefined;
  };
  const start = df.finalStage?.instructions.filter((i) => i.keyword === 'ENTRYPOINT' || i.keyword === 'CMD') ?? [];
  const first = start.find((i) => i.keyword === 'ENTRYPOINT') ?? start.at(-1);
  const program = first ? words(first.args)[0] : undefined;
  if (program?.includes('/')) {
    const file = inImage(program);
    return file ? { file } : undefined;
  }
  const step = commandSteps(imageStartCommand(df, undefined)?.argv ?? []).at(-1);
  const launch = step && launchOf(step);
  const at = (p: string) => (step?.cwd ? path.posix.join(step.cwd, p) : p);
  if (launch?.kind === 'python-script') {
    const file = inImage(at(launch.script));
    return file ? { file, python: true } : undefined;
  }
  if (launch?.kind !== 'python-module') return undefined;
  const mod = at(path.posix.join(launch.chdir ?? launch.appDir ?? '.', launch.module.replace(/\./g, '/')));
  for (const f of [`${mod}.py`, `${mod}/__init__.py`, `${mod}/__main__.py`]) {
    const file = inImage(f);
    if (file) return { file, python: true };
  }
  return undefined;
}

/**
 * What the final stage takes from the build context: its own COPY/ADD sources, and those of the stages it copies from
 * (`COPY --from=builder …`, one level: the stage that builds the program, not the stages feeding it).
 */
function finalStageSources(df: ParsedDockerfile, context: string): string[] {
  return copySources(finalStages(df), context).map((c) => c.source);
}

/**
 * The Go module a root image's program is built from: of the folders with a go.mod the program's build stage copies in
 * (`COPY backend ./` beside `COPY cli ./cli` of a go.work), the one whose name its WORKDIR ends with (`/build/backend`).
 */
function goModuleBuilt(repo: RepoIndex, df: ParsedDockerfile, ctx: string): string | undefined {
  const build = finalStages(df, true);
  const workdirs = new Set(
    build.instructions.filter((i) => i.keyword === 'WORKDIR').map((i) => path.posix.basename(i.args.trim())),
  );
  const modules = [...new Set(copySources(build, ctx).map((c) => c.source))].filter(
    (d) => d !== ctx && repo.has(`${d}/go.mod`) && workdirs.has(path.posix.basename(d)),
  );
  return modules.length === 1 ? modules[0] : undefined;
}

/**
 * The folder of the Go program an image's build compiles (`go build -o app ./cmd/app`, `go install ./cmd/app`), as a
 * repository path, when the build names exactly one and that folder holds a `package main` of the module or workspace
 * (go.work) at the context.
 */
function goProgramBuilt(repo: RepoIndex, df: ParsedDockerfile, ctx: string): string | undefined {
  if (!['go.mod', 'go.work'].some((f) => repo.has(ctx === '.' ? f : `${ctx}/${f}`))) return undefined;
  const programs = new Set<string>();
  for (const i of df.instructions) {
    if (i.keyword !== 'RUN') continue;
    for (const m of i.args.matchAll(/\bgo\s+(?:build|install)\b[^&;|\n]*?\s\.\/([\w./-]+?)\/?(?=\s|$|["'&;|])/g))
      programs.add(path.posix.normalize(ctx === '.' ? m[1]! : `${ctx}/${m[1]!}`));
  }
  if (programs.size !== 1) return undefined;
  const dir = [...programs][0]!;
  const main = repo.glob(`${dir}/*.go`).find((f) => !f.isTest);
  return main && repo.grepFirst(/^package\s+main\b/, { paths: [main.path] }) ? dir : undefined;
}

/**
 * The JVM module whose packaged jar or war the final image copies from the context (`core/app/target/app.jar`,
 * `api/build/libs/*.jar`), when that module has a main class: the image runs it. One module only.
 */
function jvmJarModule(repo: RepoIndex, df: ParsedDockerfile, ctx: string): string | undefined {
  const modules = new Set<string>();
  for (const c of copySources(finalStages(df), ctx)) {
    const m = /^(.+?)\/(?:target|build\/libs)\/[^/]+\.(?:jar|war)$/.exec(c.source);
    if (m && m[1] !== ctx && JVM_BUILD_FILES.some((f) => repo.has(`${m[1]}/${f}`))) modules.add(m[1]!);
  }
  const [only] = modules;
  if (modules.size !== 1 || !only) return undefined;
  const main = repo.grepFirst(JVM_APP_MAIN, {
    include: [`${only}/src/main/**/*.{java,kt,scala,groovy}`],
  });
  return main ? only : undefined;
}

/**
 * An Elixir umbrella's image of one release (`mix release codebattle`, started as `bin/codebattle start`): the umbrella
 * app the release runs (`releases: [codebattle: [applications: [codebattle: :permanent]]]` in the umbrella's mix.exs,
 * else the app named like the release), when exactly one app folder holds it.
 */
function umbrellaReleaseApp(repo: RepoIndex, df: ParsedDockerfile, ctx: string): string | undefined {
  const at = (p: string) => (ctx === '.' ? p : `${ctx}/${p}`);
  const mix = repo.read(at('mix.exs')) ?? '';
  const appsPath = /\bapps_path:\s*"([\w./-]+)"/.exec(mix)?.[1];
  if (!appsPath) return undefined;
  const built = df.instructions
    .filter((i) => i.keyword === 'RUN')
    .map((i) => /\bmix\s+release\s+(\w+)/.exec(`${i.args}\n${i.heredoc ?? ''}`)?.[1])
    .find((x) => x !== undefined);
  const start = (df.finalStage?.instructions ?? [])
    .filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT')
    .map((i) => words(i.args).join(' '))
    .join(' ');
  const release = built ?? /(?:^|[\s/])bin\/(\w+)(?=\s|$)/.exec(start)?.[1];
  if (!release) return undefined;
  const listed = new RegExp(`\\b${escapeRegExp(release)}:\\s*\\[\\s*applications:\\s*\\[([^\\]]*)\\]`).exec(mix)?.[1];
  const names = listed ? [...listed.matchAll(/(\w+):/g)].map((m) => m[1]!) : [release];
  const apps = repo
    .glob(`${at(appsPath)}/*/mix.exs`)
    .filter((f) => names.includes(/\bapp:\s*:(\w+)/.exec(repo.read(f.path) ?? '')?.[1] ?? ''))
    .map((f) => dirOf(f.path));
  return apps.length === 1 ? apps[0] : undefined;
}

const JVM_BUILD_FILES = ['pom.xml', 'build.gradle', 'build.gradle.kts'];

/** Manifests of a program another stack builds (a Go, Rust, JVM, .NET, Python, PHP, Ruby or Elixir app). */
const NON_NODE_PROGRAM_MANIFEST =
  /(^|\/)(?:go\.mod|Cargo\.toml|pom\.xml|build\.gradle(?:\.kts)?|pyproject\.toml|requirements\.txt|composer\.json|Gemfile|mix\.exs|[^/]+\.csproj)$/;

/** Stage names of development, test or debug variants: a leaf stage so named is no image of its own to ship. */
const VARIANT_STAGE = /(^|[-_.])(dev|develop|development|local|debug|tests?|testing|e2e|lint|ci)([-_.]|$)/i;

/**
 * Named stages no other stage builds FROM or copies from, each with a start command of its own: only the last is built
 * by default, so several of them (`FROM base AS console` … `CMD`, `FROM base AS rotor` … `CMD`) are images built one
 * `--target` each, whatever script or CI matrix picks the targets.
 */
function runnableLeafStages(df: ParsedDockerfile): string[] {
  const used = new Set<string>();
  for (const st of df.stages) {
    if (st.from.stageRef) used.add(st.from.stageRef.toLowerCase());
    for (const ins of st.instructions) {
      if (ins.keyword !== 'COPY' && ins.keyword !== 'RUN') continue;
      for (const f of [...ins.flags, ...words(ins.args)]) {
        const m = /^--from=(\S+)/i.exec(f) ?? (/^--mount=/i.test(f) ? /[=,]from=([^,\s]+)/i.exec(f) : null);
        if (m) used.add(m[1]!.toLowerCase());
      }
    }
  }
  return df.stages
    .filter(
      (st) =>
        st.name &&
        !used.has(st.name.toLowerCase()) &&
        !VARIANT_STAGE.test(st.name) &&
        st.instructions.some((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT'),
    )
    .map((st) => st.name!.toLowerCase());
}

/** A JavaScript runtime's image under the final stage (node, oven/bun, denoland/deno). */
const JS_RUNTIME_IMAGE = /(?:^|\/)(?:node|bun|deno)$/;
/** A command of the final stage that runs JavaScript or its package managers. */
const JS_RUNTIME_COMMAND = /(?:^|[\s"'[,;&|(/])(?:node|nodejs|npm|npx|pnpm|yarn|bun|bunx|deno)(?=[\s"',\]]|$)/;

/** Whether the final stage (with the stages it builds FROM) is a JavaScript runtime or runs one. */
function runsJavaScript(df: ParsedDockerfile): boolean {
  const fin = df.finalStage;
  return (
    !!fin &&
    stageChain(df, fin).some(
      (st) =>
        JS_RUNTIME_IMAGE.test(st.from.image) ||
        st.instructions.some((i) => /^(?:RUN|CMD|ENTRYPOINT)$/.test(i.keyword) && JS_RUNTIME_COMMAND.test(i.args)),
    )
  );
}

/**
 * The Dockerfile reduced to its final stage and the stages that stage copies from (one level). `ownFiles`: without
 * the copies those stages take from earlier stages (`COPY --from=webbuilder /src/web/dist …` in the Go build stage
 * embeds another stage's output; it does not ship that stage's app).
 */
function finalStages(df: ParsedDockerfile, ownFiles = false): ParsedDockerfile {
  const fin = df.finalStage;
  if (!fin) return { ...df, stages: [], instructions: [] };
  const stageNamed = (n: string) => df.stages.find((s) => s.name?.toLowerCase() === n.toLowerCase());
  const froms = new Set<DockerStage>([fin]);
  for (const ins of fin.instructions) {
    if (ins.keyword !== 'COPY') continue;
    const from = [...ins.flags, ...words(ins.args)].map((f) => /^--from=(.+)$/i.exec(f)?.[1]).find(Boolean);
    const st = from ? (stageNamed(from) ?? df.stages[Number(from)]) : undefined;
    if (st) froms.add(st);
  }
  const stages = [...froms];
  const fromOutside = (ins: DockerInstruction): boolean => {
    if (ins.keyword !== 'COPY') return false;
    const from = [...ins.flags, ...words(ins.args)].map((f) => /^--from=(.+)$/i.exec(f)?.[1]).find(Boolean);
    const st = from ? (stageNamed(from) ?? df.stages[Number(from)]) : undefined;
    return !!st && !froms.has(st);
  };
  const instructions = stages.flatMap((s) => s.instructions).filter((i) => !ownFiles || !fromOutside(i));
  return { ...df, stages, instructions };
}

/**
 * A Python project whose manifest sits at the image's context root (`COPY pyproject.toml uv.lock ./`) and whose package
 * lives under the folder the image copies (`packages = ["src/py/app"]`, `where = ["src"]`, `from = "src"`): the image
 * installs the root project — a src layout, not a component of its own in src/.
 */
function pythonProjectAtContext(repo: RepoIndex, ctx: string, home: string, copied: string[]): boolean {
  const at = (f: string) => (ctx === '.' ? f : `${ctx}/${f}`);
  const manifest = ['pyproject.toml', 'setup.py', 'setup.cfg'].map(at).find((f) => repo.has(f) && copied.includes(f));
  if (!manifest) return false;
  const rel = ctx === '.' ? home : home.slice(ctx.length + 1);
  if (!rel || rel.startsWith('..')) return false;
  const text = repo.read(manifest) ?? '';
  const esc = escapeRegExp(rel);
  return new RegExp(
    `["']\\.?/?${esc}(?:/[\\w./-]*)?["']|\\bpackage_dir\\s*=\\s*\\{[^}]*["']${esc}["']|^\\s*(?:where|package_dir)\\s*=\\s*=?\\s*${esc}\\s*$`,
    'm',
  ).test(text);
}

/** Every COPY/ADD source of every stage (not --from), as repository paths under the build context. */
function copySources(df: ParsedDockerfile, context: string): { source: string; line: number }[] {
  const out: { source: string; line: number }[] = [];
  for (const st of df.stages)
    for (const ins of st.instructions) {
      if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || ins.heredoc !== undefined) continue;
      if (ins.flags.some((f) => /^--from=/i.test(f))) continue;
      const w = words(ins.args).filter((x) => !x.startsWith('--'));
      if (w.length < 2 || words(ins.args).some((x) => /^--from=/i.test(x))) continue;
      for (const src of w.slice(0, -1)) {
        if (/^[a-z]+:\/\/|^git@|\$/i.test(src)) continue;
        // Sources resolve inside the context: BuildKit reads `COPY ../backend ./backend` as the context's backend/.
        const inContext = path.posix.normalize(`/${src}`).slice(1);
        const rel = path.posix.normalize(path.posix.join(context, inContext)).replace(/\/+$/, '');
        if (!rel.startsWith('..')) out.push({ source: rel || '.', line: ins.line });
      }
    }
  return out;
}

/** The folder a platform descriptor describes: its own, or the app folder above `.ebextensions/`, `.do/`, `config/`. */
function descriptorHome(p: string): string {
  const dir = dirOf(p);
  if (/(^|\/)(\.ebextensions|\.do|config|\.platform)$/.test(dir)) return dirOf(dir);
  return dir;
}

/** Maven `<properties>` of a pom (values as written). */
function pomProperties(text: string): Record<string, string> {
  const props: Record<string, string> = {};
  const block = /<properties>([\s\S]*?)<\/properties>/.exec(text)?.[1] ?? '';
  for (const m of block.matchAll(/<([\w.-]+)>([^<]*)<\/\1>/g)) props[m[1]!] = m[2]!.trim();
  return props;
}

/**
 * Short names of the images a JVM module's build plugins produce: jib `<to><image>`, spring-boot `<image><name>`,
 * docker-maven-plugin `<image><name>`, Gradle `jib.to.image` and `bootBuildImage.imageName`, with `${project.artifactId}`
 * and properties of the module or root pom filled in; the artifact (Maven) or project (Gradle) name is always one.
 */
export function jvmImageNames(repo: RepoIndex, dir: string): string[] {
  const at = (f: string) => (dir === '.' ? f : `${dir}/${f}`);
  const pom = repo.read(at('pom.xml'));
  const gradle = repo.read(at('build.gradle')) ?? repo.read(at('build.gradle.kts'));
  const artifact = pom
    ? (/<artifactId>\s*([^<\s]+)\s*<\/artifactId>/.exec(pom.replace(/<parent>[\s\S]*?<\/parent>/, ''))?.[1] ??
      path.posix.basename(dir))
    : path.posix.basename(dir);
  const props = { ...pomProperties(repo.read('pom.xml') ?? ''), ...pomProperties(pom ?? '') };
  const fill = (x: string) =>
    x.replace(/\$\{([\w.-]+)\}/g, (whole, k: string) =>
      /^(project\.artifactId|project\.name|rootProject\.name|artifactId)$/.test(k) ? artifact : (props[k] ?? whole),
    );
  const named: string[] = [];
  if (pom)
    for (const m of pom.matchAll(/<to>\s*<image>([^<]+)<\/image>|<image>\s*<name>([^<]+)<\/name>/g))
      named.push((m[1] ?? m[2])!.trim());
  if (gradle)
    for (const m of gradle.matchAll(/\bimage\s*=\s*["']([^"']+)["']|\bimageName(?:\.set\(|\s*=)\s*["']([^"']+)["']/g))
      named.push((m[1] ?? m[2])!);
  return [
    ...new Set([artifact, ...named.map((n) => imageShortName(fill(n)))].filter(Boolean).map((x) => x.toLowerCase())),
  ];
}

/**
 * Dockerfiles a Maven module's build passes to `docker build` (or podman) through exec-maven-plugin: the plugin's
 * configuration in the module's POM or a parent POM (plugin management, profiles), its `workingDirectory` and `-f`
 * argument filled in from the module's and its parents' properties (`${basedir}` is the module's folder).
 */
function mavenDockerBuilds(repo: RepoIndex, dir: string): { path: string; pom: string; line: number }[] {
  const own = dir === '.' ? 'pom.xml' : `${dir}/pom.xml`;
  const poms = [own, ...parentPoms(repo, dir)];
  const texts = poms.map((p) => (repo.read(p) ?? '').replace(/<!--[\s\S]*?-->/g, ''));
  // Properties: the module's own win over its parents'.
  const props: Record<string, string> = {};
  for (const t of [...texts].reverse()) Object.assign(props, pomProperties(t));
  const fill = (x: string): string => {
    let v = x;
    for (let i = 0; i < 5 && v.includes('${'); i++)
      v = v.replace(/\$\{([\w.-]+)\}/g, (whole, k: string) =>
        k === 'basedir' || k === 'project.basedir' ? (dir === '.' ? '.' : dir) : (props[k] ?? whole),
      );
    return v;
  };
  // Plugin management configures the plugin only for the modules that declare it.
  if (
    !texts.some((t) => t.replace(/<pluginManagement>[\s\S]*?<\/pluginManagement>/g, '').includes('exec-maven-plugin'))
  )
    return [];
  const out: { path: string; pom: string; line: number }[] = [];
  texts.forEach((text, i) => {
    for (const m of text.matchAll(
      /<plugin>(?:(?!<\/plugin>)[\s\S])*?<artifactId>\s*exec-maven-plugin\s*<\/artifactId>[\s\S]*?<\/plugin>/g,
    )) {
      const block = m[0];
      const exe = /<executable>([^<]+)<\/executable>/.exec(block)?.[1]?.trim();
      if (!exe || !/^(?:docker|podman)$/.test(path.posix.basename(fill(exe)))) continue;
      const args = [...block.matchAll(/<argument>([^<]*)<\/argument>/g)].map((a) => fill(a[1]!.trim()));
      if (args[0] !== 'build' && args[0] !== 'buildx') continue;
      const f = args.findIndex((a) => a === '-f' || a === '--file');
      const file = f >= 0 ? args[f + 1] : 'Dockerfile';
      if (!file || file.includes('${')) continue;
      const wd = /<workingDirectory>([^<]+)<\/workingDirectory>/.exec(block)?.[1]?.trim();
      const base = wd ? fill(wd) : dir;
      if (base.includes('${')) continue;
      const p = path.posix.normalize(path.posix.join(base, file));
      if (p.startsWith('../') || !repo.has(p) || out.some((o) => o.path === p)) continue;
      out.push({
        path: p,
        pom: poms[i]!,
        line: repo.lineAt(poms[i]!, (repo.read(poms[i]!) ?? '').indexOf('exec-maven-plugin')),
      });
    }
  });
  return out;
}

/**
 * A Quarkus application module: its build uses the Quarkus plugin (which generates the main class) and it has code of
 * its own under src/main.
 */
function quarkusApp(repo: RepoIndex, dir: string): { path: string; line: number; note: string } | undefined {
  for (const f of ['pom.xml', 'build.gradle', 'build.gradle.kts']) {
    const p = `${dir}/${f}`;
    const text = repo.read(p);
    const m = text ? /quarkus-maven-plugin|id\s*\(?\s*["']io\.quarkus["']/.exec(text) : null;
    if (!m) continue;
    if (!repo.glob(`${dir}/src/main/**/*.{java,kt,scala,groovy}`).length) return undefined;
    return {
      path: p,
      line: repo.lineAt(p, m.index),
      note: 'Quarkus application module (Quarkus generates its main class)',
    };
  }
  return undefined;
}

/** Main classes kept as examples or benchmarks inside a module's production sources. */
const EXAMPLE_MAIN =
  /\/(?:examples?|samples?|demos?|benchmarks?|jmh)\/|\/\w*(?:Example|Benchmark|Demo|Sample)s?\.(?:java|kt|scala|groovy)$/;

/**
 * Whether a main class (path inside its module) is an example or a benchmark: by its folder outside the source root
 * (`examples/src/main/java/…`) or by its class name. The package folders under `src/main/java` are not example folders:
 * `org.springframework.samples.petclinic` is the package of every Spring sample application.
 */
function exampleMain(p: string): boolean {
  return EXAMPLE_MAIN.test(p.replace(/(^|\/)src\/main\/(java|kotlin|scala|groovy)\/(?:[^/]+\/)+/, '$1src/main/$2/'));
}

/** The nearest folder above a JVM source file (not the root) that holds a build of its own: pom.xml or a Gradle script. */
function standaloneJvmBuild(repo: RepoIndex, file: string): string | undefined {
  if (!/\/src\/main\/(?:java|kotlin|scala|groovy)\//.test(file)) return undefined;
  for (let dir = dirOf(file); dir !== '.' && dir !== ''; dir = dirOf(dir)) {
    if (JVM_BUILD_FILES.some((f) => repo.get(`${dir}/${f}`))) return dir;
  }
  return undefined;
}

function finish(repo: RepoIndex, units: Map<string, Unit>, inputs: ComponentInputs): Component[] {
  // Configuration packages and the repository's tooling (a Go module of maintenance scripts) are not things it ships.
  for (const u of [...units.values()]) {
    if (u.path === '.') continue;
    const deployed = u.refs.some(deploys);
    const tooling = u.path.split('/').some((x) => TOOLING_SEGMENT.test(x)) && !deployed;
    if (tooling || configPackage(repo, u.path, !deployed && !u.dockerfiles.length)) units.delete(u.path);
  }
  // Infrastructure code (a CDK, CDKTF or Pulumi app) describes deployments; it is not something deployed. Inside a
  // component it stays part of that component's folder.
  for (const u of [...units.values()]) {
    if (u.path === '.' || !infrastructureApp(repo, inputs, u.path)) continue;
    // Deployed only by descriptors that declare no function (a Serverless stack of shared queues and tables).
    if (u.refs.every((r) => isUnder(r.path, u.path) && !describesFunctions(repo, r.path))) units.delete(u.path);
  }
  // Handler packages of a function app (each Lambda's own module, built by the app's SAM/Serverless/CDK deployment)
  // belong to the app that deploys them, not to components of their own.
  for (const u of [...units.values()].sort((a, b) => b.path.length - a.path.length)) {
    if (u.path === '.' || u.refs.length) continue;
    const outer = [...units.values()]
      .filter((o) => o !== u && o.path !== '.' && isUnder(u.path, o.path))
      .sort((a, b) => b.path.length - a.path.length)[0];
    if (!outer || presentOnlySegment(u.path.slice(outer.path.length + 1))) continue;
    if (!outer.refs.some((r) => r.target === 'serverless')) continue;
    outer.declared.push(...u.declared.map((d) => ({ ...d, note: `${d.note}: a function of ${outer.path}` })));
    outer.dockerfiles.push(...u.dockerfiles);
    units.delete(u.path);
  }
  // A unit nested in another without a manifest, project file or Dockerfile of its own (a Procfile in a subfolder of
  // the app) is another process of the same code.
  for (const u of [...units.values()].sort((a, b) => b.path.length - a.path.length)) {
    if (u.path === '.' || u.dockerfiles.length || ownsManifest(repo, inputs, u.path)) continue;
    const outer = [...units.values()]
      .filter((o) => o !== u && isUnder(u.path, o.path))
      .sort((a, b) => b.path.length - a.path.length)[0];
    if (!outer) continue;
    outer.declared.push(...u.declared);
    outer.refs.push(...u.refs);
    units.delete(u.path);
  }
  // An image with no code of its own (a configured grafana, a generic Dockerfile fed a built jar) is not a component.
  for (const u of [...units.values()]) {
    if (u.path === '.' || hasCode(repo, inputs, u.path, [...units.keys()])) continue;
    units.delete(u.path);
  }
  const clients = clientPrograms(repo).filter(
    (c) => ![...units.keys()].some((p) => p !== '.' && (p === c.dir || isUnder(p, c.dir))),
  );
  if (units.size === 0 || (units.size === 1 && units.has('.'))) {
    const u = units.get('.');
    return leaveOutClients([rootComponent(repo, inputs, u)], clients);
  }
  // A single unit below the root is still the repository's one component: audit the repository as it is.
  if (units.size === 1) {
    const [u] = [...units.values()];
    if (!presentOnlySegment(u!.path)) return leaveOutClients([rootComponent(repo, inputs, u)], clients);
  }
  // A .NET application compiles in the projects it references (class libraries beside it, src/Infrastructure) and is
  // tested by the test projects that reference them (tests/UnitTests): both belong to the component's view.
  const dotnet = inputs.dotnet;
  if (dotnet?.projects.length)
    for (const u of units.values()) {
      if (u.path === '.') continue;
      const apps = dotnet.projects.filter(
        (p) => isUnder(p.dir, u.path) && (p.kind === 'web' || p.kind === 'worker' || p.kind === 'exe'),
      );
      const closure = new Set(apps.flatMap((p) => dotnet.closure(p)).map((p) => p.path));
      // Source files a project compiles in from another folder (`<Compile Include="..\Web\Shared.cs" Link=…/>`).
      for (const p of dotnet.projects)
        if (closure.has(p.path))
          for (const f of p.linkedSources)
            if (!isUnder(f, u.path)) {
              u.mounts.add(f);
              u.linked.add(f);
            }
      for (const p of dotnet.projects) {
        // A Blazor WebAssembly or MAUI client it hosts runs in the browser or on devices, not in the service.
        if (isUnder(p.dir, u.path) || p.kind === 'client') continue;
        if (closure.has(p.path) || (p.kind === 'test' && p.projectRefs.some((r) => closure.has(r))))
          u.mounts.add(p.dir);
      }
    }
  // A Go program compiles in the repository's own packages it imports from outside its folder (`shared/`, `util/` of
  // the enclosing module, `../core` of a sibling module it `replace`s): their files join its view, even inside another
  // component's folder, so the code it runs is read as its own.
  const goImports = inputs.imports?.byFile;
  if (goImports && repo.byName(/^go\.mod$/).length) {
    const packages = goPackageFiles(repo);
    for (const u of units.values()) {
      const nested = [...units.keys()].filter((p) => p !== u.path && isUnder(p, u.path));
      for (const f of goPackagesCompiledIn(goImports, packages, u.path, nested)) {
        u.mounts.add(f);
        u.linked.add(f);
      }
    }
  }
  // A unit nested in a deployed unit whose image holds what is built from it (a Go proxy the web image compiles and
  // starts beside nginx) is a process of that image: part of the outer component, not a component of its own.
  for (const v of [...units.values()].sort((a, b) => b.path.length - a.path.length)) {
    if (v.path === '.' || v.refs.some(deploys)) continue;
    const outer = [...units.values()].find(
      (u) =>
        u !== v &&
        u.path !== '.' &&
        isUnder(v.path, u.path) &&
        u.refs.some(deploys) &&
        u.copies.some((x) => isUnder(x.source, v.path)),
    );
    if (!outer) continue;
    const c = outer.copies.find((x) => isUnder(x.source, v.path))!;
    outer.declared.push(
      ...v.declared.map((d) => ({ ...d, note: `${d.note}: its image ships it (${c.path}:${c.line})` })),
    );
    units.delete(v.path);
  }
  // A workspace package a deployed unit depends on and whose image copies it (`@acme/feed` under packages/, started by
  // services/feed, a thin service package the image runs) is that service's code, however it can also be started on its
  // own (a `start` script for development): one component, not two.
  for (const v of [...units.values()]) {
    if (v.path === '.' || v.refs.some(deploys)) continue;
    const runner = [...units.values()].find(
      (u) =>
        u !== v &&
        u.path !== '.' &&
        u.mounts.has(v.path) &&
        u.refs.some(deploys) &&
        u.copies.some((x) => x.source === v.path),
    );
    if (!runner) continue;
    const c = runner.copies.find((x) => x.source === v.path)!;
    runner.declared.push(
      ...v.declared.map((d) => ({
        ...d,
        note: `${d.note}: a workspace package its image ships (${c.path}:${c.line})`,
      })),
    );
    units.delete(v.path);
  }
  const all = [...units.values()].sort((a, b) => a.path.localeCompare(b.path));
  /** An image that ships a unit is its container: the Dockerfile and its .dockerignore join the unit's view. */
  const takeImage = (v: Unit, dockerfile: string, ignores: readonly string[]): void => {
    v.dockerfiles.push(dockerfile);
    for (const f of [dockerfile, ...ignores]) if (!isUnder(f, v.path)) v.mounts.add(f);
  };
  // A unit a deployed unit's build script builds into what it deploys ships with it, on the same target.
  for (const v of all) {
    if (v.path === '.' || v.refs.some(deploys)) continue;
    for (const u of all) {
      const b = u !== v && u.refs.some(deploys) ? u.builds?.find((x) => x.source === v.path) : undefined;
      if (!b) continue;
      const best = [...u.refs].sort(byStrength)[0]!;
      v.refs.push({
        path: b.path,
        line: b.line,
        note: `${u.names[0] ?? u.path} builds it into what it deploys (its ${b.script} script)`,
        target: best.target,
        shippedWith: u.path,
      });
      break;
    }
  }
  // A unit another unit's image copies (a frontend built into the backend's image) ships with that image: its files,
  // not only its manifest copied to install dependencies (an image holding every workspace package.json), nor one
  // data file of its folder (a key the build embeds), nor a module of its own nested in the unit's folder (the Go SDK
  // kept under sdk/ that the image compiles in ships that module, not the folder of SDKs).
  const nestedModules = new Map<string, string[]>();
  const nestedIn = (v: Unit): string[] => {
    let dirs = nestedModules.get(v.path);
    if (!dirs) {
      dirs = inputs.manifests.manifests.map((m) => dirOf(m.path)).filter((d) => d !== v.path && isUnder(d, v.path));
      nestedModules.set(v.path, dirs);
    }
    return dirs;
  };
  const shipsCode = (x: string, v: Unit): boolean =>
    !installOnly(inputs.manifests, x) &&
    (!repo.has(x) || repo.get(x)?.kind === 'source') &&
    !nestedIn(v).some((d) => isUnder(x, d));
  for (const v of all) {
    if (v.path === '.' || v.refs.some(deploys)) continue;
    for (const u of all) {
      const c =
        u !== v && u.refs.some(deploys)
          ? u.copies.find((x) => isUnder(x.source, v.path) && shipsCode(x.source, v))
          : undefined;
      if (!c) continue;
      const best = [...u.refs].sort(byStrength)[0]!;
      v.refs.push({
        path: c.path,
        line: c.line,
        note: `the image of ${u.names[0] ?? (u.path === '.' ? 'the repository root' : u.path)} ships it`,
        target: best.target,
        shippedWith: u.path,
      });
      // Its container is that image, and the workloads that run the image (a Helm chart's Deployment of the root
      // image) run it too.
      takeImage(v, c.path, c.ignores);
      for (const w of u.workloads) v.workloads.add(w);
      break;
    }
  }
  // A browser app a deployed server depends on as a workspace package (`"flowise-ui": "workspace:^"`, whose build the
  // server serves) ships with that server.
  for (const v of all) {
    if (v.path === '.' || v.kindHint !== 'frontend' || v.refs.some(deploys)) continue;
    const u = all.find((o) => o !== v && o.kindHint !== 'frontend' && o.mounts.has(v.path) && o.refs.some(deploys));
    if (!u) continue;
    const best = [...u.refs].sort(byStrength)[0]!;
    const pkgPath = u.path === '.' ? 'package.json' : `${u.path}/package.json`;
    const name = (repo.json(`${v.path}/package.json`) as PackageJson | undefined)?.name;
    const line = name ? repo.lines(pkgPath).findIndex((l) => l.includes(`"${name}"`)) + 1 : 0;
    v.refs.push({
      path: pkgPath,
      line: line || 1,
      note: `${u.path === '.' ? 'the repository root' : u.path} depends on it and serves it`,
      target: best.target,
      shippedWith: u.path,
    });
  }
  // A development or CI compose file runs a unit without deploying it: only the other references deploy.
  const anyRef = all.some((u) => u.refs.some(deploys));
  const comps: Component[] = [];
  const kept = all.filter((u) => !onlyShipsOthers(u, all));
  // An all-in-one root image (the whole workspace built into one image, started with each app's own command) is the
  // image of each app it copies in that has none of its own: their views judge it.
  for (const r of all.filter((u) => !kept.includes(u)))
    for (const v of kept) {
      if (v.path === '.' || v.dockerfiles.length) continue;
      if (!r.copies.some((c) => isUnder(v.path, c.source) || isUnder(c.source, v.path))) continue;
      for (const d of r.dockerfiles) takeImage(v, d, r.copies.find((c) => c.path === d)?.ignores ?? []);
    }
  for (const u of kept) {
    const excludes = all.filter((o) => o !== u && o.path !== u.path && isUnder(o.path, u.path)).map((o) => o.path);
    // Another component's image kept in this one's folder (dockerfiles/Dockerfile-worker beside the root's own) is
    // not this component's image: left out with its .dockerignore.
    for (const o of all)
      for (const d of o === u ? [] : (o.tracedDockerfiles ?? []))
        if (isUnder(d, u.path) && !u.dockerfiles.includes(d) && !excludes.some((x) => isUnder(d, x)))
          excludes.push(...[d, `${d}.dockerignore`].filter((f) => repo.has(f)));
    const shippedIn = new Set(
      u.dockerfiles.length
        ? [
            ...u.dockerfiles.filter((d) => !isUnder(d, u.path)),
            ...[...u.mounts].filter((m) => /\.?dockerignore$/.test(m)),
          ]
        : [],
    );
    const otherOf = (m: string) => all.find((o) => o !== u && o.path !== '.' && isUnder(m, o.path));
    const mounts = [...u.mounts].filter(
      (m) =>
        (repo.has(m) || repo.hasDir(m)) &&
        // Files of another component stay out, except the image that ships this one (a frontend built into the
        // backend's image: that Dockerfile is its container) and its .dockerignore.
        (shippedIn.has(m) || u.linked.has(m) || !otherOf(m)),
    );
    // A workspace package it depends on that is a component of its own (a database package a compose job migrates)
    // stays out of its view, but is still code it runs: remembered by folder.
    const uses = [...u.mounts].filter((m) => !shippedIn.has(m) && repo.hasDir(m) && otherOf(m)?.path === m).sort();
    const refs = [...u.refs].sort(byStrength);
    const known = refs.find((r) => r.target !== 'unknown');
    const seg = presentOnlySegment(u.path);
    let deployed: boolean;
    let why: string;
    let shippedWith: string | undefined;
    const load = u.path !== '.' ? loadGenerator(repo, inputs.loadTests.scripts, u.path, excludes) : undefined;
    if (load) {
      deployed = false;
      why = `only present: a load generator (${load}) that sends test traffic to the other components, not a part of what the repository ships`;
    } else if (
      refs.some(deploys) &&
      // An example's own deploy script or platform file (`examples/worker/package.json` running `wrangler deploy`,
      // its fly.toml) deploys the example for whoever tries it, not something the repository ships; so does a compose
      // file kept in the same example or template folder (`templates/app/content/docker-compose.yml`, a `dotnet new`
      // template's copy of the stack). A CI job that builds its image without pushing it (`docker build` then `docker
      // run` to test a proxy from scripts/proxy-test/) runs a test rig, not a release.
      !(
        seg &&
        refs
          .filter(deploys)
          .every(
            (r) =>
              isUnder(r.path, u.path) || isUnder(r.path, presentOnlyRoot(u.path)!) || r.note === 'CI builds its image',
          )
      )
    ) {
      const r = refs.find(deploys)!;
      deployed = true;
      why = `deployed: ${r.note} (${r.path}${r.line ? `:${r.line}` : ''})`;
      // Only when that unit is judged as a component: an image only shipping others (a root all-in-one) is not one.
      shippedWith = kept.some((k) => k.path === r.shippedWith) ? r.shippedWith : undefined;
    } else if (seg) {
      deployed = false;
      const own = refs.find(deploys);
      why = own
        ? `only present: under ${seg}/, for whoever tries it; only its own files deploy it (${own.note}: ${own.path}${own.line ? `:${own.line}` : ''})`
        : `only present: under ${seg}/, and no deployment config or CI step deploys it`;
    } else if (anyRef) {
      deployed = false;
      const dev = refs.find((r) => r.developerRun);
      why = dev
        ? `only present: only a developer's compose service runs it (${dev.developerRun}: ${dev.path}${dev.line ? `:${dev.line}` : ''}); the deployment config and CI deploy other components`
        : `only present: the deployment config and CI deploy other components, not this one`;
    } else {
      deployed = true;
      why = `shipped: ${u.declared[0]?.note ?? 'it builds or starts'}; nothing in the repository says where it runs`;
    }
    const platformBuilt = u.path !== '.' ? platformBuiltBy(refs) : undefined;
    comps.push({
      id: '',
      path: u.path,
      ...(platformBuilt ? { platformBuilt } : {}),
      kind: u.kindHint ?? 'unknown',
      stack: u.stack ?? serverStack(inputs, u.path, excludes) ?? stackUnder(repo, inputs, u.path, excludes),
      target: known?.target ?? 'unknown',
      deployed,
      why,
      declared: u.declared,
      deployedBy: refs.map(({ path: p, line, note }) => ({ path: p, ...(line ? { line } : {}), note })),
      images: [...u.images].sort(),
      dockerfiles: [...new Set(u.dockerfiles)].sort(),
      ...(u.stages?.size ? { stages: Object.fromEntries(u.stages) } : {}),
      mounts: mounts.sort(),
      ...(uses.length ? { uses } : {}),
      excludes,
      workloads: [...u.workloads].sort(),
      ...(u.unreadDockerfiles ? { unreadDockerfiles: u.unreadDockerfiles } : {}),
      ...(shippedWith ? { shippedWith } : {}),
    });
  }
  assignIds(repo, comps, kept);
  return leaveOutClients(leaveOutJobImages(comps), clients);
}

/** The folder a deployed component keeps the images of its jobs in (`apps/runner/images/<language>/`). */
const JOB_IMAGES_FOLDER = /^(?:images?|containers?|sandbox(?:es)?|runtimes?|lang(?:uage)?s?|executors?)$/i;

/**
 * Image folders nothing deploys, three or more side by side in such a folder of a deployed component, are the images
 * its code starts per job (a code runner's sandbox per language, built and pulled by its own tasks): part of that
 * component, left out of its view, not components of their own.
 */
function leaveOutJobImages(comps: Component[]): Component[] {
  const byFolder = new Map<string, Component[]>();
  for (const c of comps) {
    const folder = dirOf(c.path);
    if (c.deployed || c.deployedBy.length || !c.dockerfiles.length || c.path === '.') continue;
    if (!JOB_IMAGES_FOLDER.test(path.posix.basename(folder))) continue;
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), c]);
  }
  const jobImages = new Set<Component>();
  for (const [folder, images] of byFolder) {
    if (images.length < 3) continue;
    const owner = comps
      .filter((o) => o.deployed && o.path !== '.' && isUnder(folder, o.path))
      .sort((a, b) => b.path.length - a.path.length)[0];
    if (!owner) continue;
    for (const c of images) {
      jobImages.add(c);
      if (!owner.excludes.includes(c.path)) owner.excludes.push(c.path);
      (owner.leftOut ??= []).push({
        dir: c.path,
        path: c.dockerfiles[0]!,
        note: `${c.path}: an image of its jobs, one of ${images.length} under ${folder}/ that nothing deploys`,
      });
    }
  }
  return comps.filter((c) => !jobImages.has(c));
}

/**
 * Editor and browser extensions inside a component's folder (a Rust server's clients/vscode) run on users' machines:
 * left out of its view, each with what showed it is one. Not where the component's own files need them (a mount).
 */
function leaveOutClients(comps: Component[], clients: ClientProgram[]): Component[] {
  for (const c of comps)
    for (const x of clients) {
      if (x.dir === c.path || x.shellOf === c.path || !isUnder(x.dir, c.path)) continue;
      if (c.excludes.some((e) => isUnder(x.dir, e))) continue;
      if (c.mounts.some((m) => isUnder(m, x.dir) || isUnder(x.dir, m))) continue;
      c.excludes.push(x.dir);
      (c.leftOut ??= []).push({ dir: x.dir, path: x.path, line: x.line, note: `${x.dir}: ${x.note}` });
    }
  return comps;
}

/** Files the platform fact reads as Cloud Run descriptors (Knative Services the Kubernetes fact lists as workloads). */
function cloudRunFilesOf(platform: PlatformFacts): Set<string> {
  return new Set(platform.targets.filter((t) => t.platform === 'cloud-run').map((t) => t.path));
}

/** Kubernetes manifests beyond Cloud Run's Knative Services (the platform fact decides): something runs on a cluster. */
function onCluster(inputs: ComponentInputs): boolean {
  return inputs.k8s.any && inputs.platform.targets.some((t) => t.platform === 'kubernetes');
}

/** A reference that deploys the unit (a development or CI compose file runs it without deploying it: strength 0). */
function deploys(r: Ref): boolean {
  return (r.strength ?? 1) > 0;
}

/**
 * Deployed by a platform that builds it from its source, and by nothing that runs an image (a cluster, a container
 * service, a CI push, a production compose file): its Dockerfiles serve local runs only. How the platform builds it.
 */
function platformBuiltBy(refs: Ref[]): string | undefined {
  const platform = (r: Ref) => r.target === 'paas' || r.target === 'serverless';
  const best = refs.find(deploys);
  // The descriptor says how the platform builds it; the deploy command naming it (`cf push` in a script) may rank first.
  const built = refs.find((r) => deploys(r) && platform(r) && r.sourceBuild);
  if (!best || !platform(best) || !built) return undefined;
  const runsImage = refs.some(
    (r) =>
      deploys(r) &&
      !r.sourceBuild &&
      (r.target === 'kubernetes' || r.target === 'container-service' || / pushes /.test(r.note)),
  );
  return runsImage ? undefined : built.sourceBuild;
}

function rootComponent(repo: RepoIndex, inputs: ComponentInputs, u: Unit | undefined): Component {
  const refs = (u?.refs ?? []).sort(byStrength);
  const platformTarget = [...inputs.platform.service].sort(
    (a, b) => TARGET_RANK.indexOf(targetOfModel(a.model)) - TARGET_RANK.indexOf(targetOfModel(b.model)),
  )[0];
  // The production target first: Kubernetes manifests or a platform descriptor beside a compose file for local runs.
  const target =
    [
      ...refs.map((r) => r.target),
      ...(platformTarget ? [targetOfModel(platformTarget.model)] : []),
      ...(onCluster(inputs) ? (['kubernetes'] as const) : []),
    ]
      .filter((t) => t !== 'unknown')
      .sort((a, b) => TARGET_RANK.indexOf(a) - TARGET_RANK.indexOf(b))[0] ?? 'unknown';
  const stack = rootStack(inputs) ?? u?.stack ?? 'other';
  // The whole repository's Dockerfiles serve local runs when a compose file builds each of them; one nothing here
  // builds is an image offered for self-hosting beside the platform.
  const composeBuilt = new Set(inputs.compose.services.flatMap((s) => (s.build ? [s.build.dockerfile] : [])));
  const platformBuilt = inputs.dockerfiles.production.every((d) => composeBuilt.has(repo.toRepo(d.path)))
    ? platformBuiltBy(refs)
    : undefined;
  const c: Component = {
    id: projectName(repo, stack),
    path: '.',
    ...(platformBuilt ? { platformBuilt } : {}),
    kind: inputs.kind,
    stack,
    target,
    deployed: true,
    why: whyRoot(refs, target, platformTarget, inputs.k8s),
    declared: u?.declared ?? [],
    deployedBy: refs.map(({ path: p, line, note }) => ({ path: p, ...(line ? { line } : {}), note })),
    images: [...(u?.images ?? [])].sort(),
    // Its images and the base or builder images they start FROM (part of their build).
    dockerfiles: [...inputs.dockerfiles.production, ...inputs.dockerfiles.bases]
      .map((d) => d.path)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    mounts: [],
    excludes: [],
    workloads: [...(u?.workloads ?? [])].sort(),
  };
  return c;
}

/**
 * The root's stack: the repository's main ecosystem, which its server decides (a Python API whose TypeScript frontend
 * has more bytes is a Python service); a frontend's is its main language.
 */
function rootStack(inputs: ComponentInputs): ComponentStack | undefined {
  if (inputs.ecosystem && inputs.kind !== 'frontend') return inputs.ecosystem;
  return stackOfLanguage(inputs.languages.primary);
}

/** Why the root component is deployed: what deploys it to its target, else the first thing that deploys it. */
function whyRoot(refs: Ref[], target: ComponentTarget, platform: PlatformTarget | undefined, k8s: K8sFacts): string {
  const at = (p: string, line?: number) => `${p}${line ? `:${line}` : ''}`;
  // A development or test compose file runs the app without saying where it is deployed.
  const ref = refs.find((r) => r.target === target && deploys(r));
  if (ref) return `deployed: ${ref.note} (${at(ref.path, ref.line)})`;
  // The workload that runs the app, not its database.
  const w =
    k8s.workloads.find((x) =>
      x.containers.some((c) => !c.init && c.image && !isInfraWorkloadImage(imageShortName(c.image.ref))),
    ) ?? k8s.workloads[0];
  if (target === 'kubernetes' && w) return `deployed: Kubernetes ${w.kind}/${w.name} (${at(w.file, w.line)})`;
  if (platform && targetOfModel(platform.model) === target)
    return `deployed: ${platform.name} (${at(platform.path, platform.line)})`;
  if (target === 'kubernetes') return 'deployed: Kubernetes manifests (a Helm chart or kustomization)';
  const r = refs.find(deploys);
  if (r) return `deployed: ${r.note} (${at(r.path, r.line)})`;
  return 'the repository is one component';
}

/**
 * A package of shared configuration: named so (`@acme/tsconfig`, `eslint-config-acme`, `packages/config`), or holding no
 * source but configuration files (tsconfig.json, *.config.js).
 */
function configPackage(repo: RepoIndex, dir: string, bySource: boolean): boolean {
  const pkg = repo.json(`${dir}/package.json`) as PackageJson | undefined;
  if (CONFIG_PACKAGE.test(dir) || (pkg?.name && CONFIG_PACKAGE.test(pkg.name))) return true;
  if (!pkg || !bySource) return false;
  // `packages/config`, `@acme/config`: a config service would have an image or a deployment.
  if (/(^|\/)configs?$/.test(dir) || /^@[\w.-]+\/configs?$/.test(pkg.name ?? '')) return true;
  return !repo.files.some(
    (f) =>
      isUnder(f.path, dir) &&
      (/\.(vue|svelte|astro)$/.test(f.path) || isProgramSource(f)) &&
      !/(^|[./])(config|rc|preset)\.[cm]?[jt]s$|(^|\/)\.[\w-]+rc\.[cm]?js$/.test(path.posix.basename(f.path)),
  );
}

/** Dependencies of infrastructure-as-code apps (CDK in every language, CDK for Terraform, Pulumi). */
const IAC_DEPENDENCY =
  /^(aws-cdk-lib|aws-cdk|@aws-cdk\/core|cdktf|@cdktf\/provider-[\w-]+|@pulumi\/[\w-]+|pulumi|pulumi-[\w-]+|software\.amazon\.awscdk[:\w.-]*|github\.com\/aws\/aws-cdk-go\/awscdk[\w/]*|github\.com\/pulumi\/pulumi[\w/-]*|github\.com\/hashicorp\/terraform-cdk-go[\w/-]*)$/;

/** A folder that holds an infrastructure-as-code app: cdk.json, cdktf.json, Pulumi.yaml, or a manifest whose dependencies are CDK/Pulumi. */
function infrastructureApp(repo: RepoIndex, inputs: ComponentInputs, dir: string): boolean {
  if (['cdk.json', 'cdktf.json', 'Pulumi.yaml', 'Pulumi.yml'].some((f) => repo.has(`${dir}/${f}`))) return true;
  return inputs.manifests.manifests.some(
    (m) =>
      dirOf(m.path) === dir &&
      m.dependencies.some((d) => !d.dev && IAC_DEPENDENCY.test(d.name)) &&
      // An app that also serves (a server framework beside the CDK library) is not only infrastructure.
      !m.dependencies.some((d) => /^(express|fastify|flask|fastapi|django|@nestjs\/core|koa|hono)$/.test(d.name)),
  );
}

/** A Serverless Framework or SAM descriptor that declares functions (any other descriptor deploys an app). */
function describesFunctions(repo: RepoIndex, p: string): boolean {
  const text = repo.read(p) ?? '';
  if (/(^|\/)serverless\.(ya?ml|json)$/.test(p)) return /^functions\s*:|"functions"\s*:/m.test(text);
  if (/(^|\/)serverless\.(ts|js)$/.test(p)) return /\bfunctions\s*:/.test(text);
  if (/\bAWSTemplateFormatVersion\b|\bTransform\s*:\s*AWS::Serverless/.test(text))
    return /\bAWS::(Serverless::Function|Lambda::Function)\b/.test(text);
  return true;
}

function ownsManifest(repo: RepoIndex, inputs: ComponentInputs, dir: string): boolean {
  return (
    inputs.manifests.manifests.some((m) => dirOf(m.path) === dir) ||
    repo.files.some((f) => dirOf(f.path) === dir && /\.(csproj|fsproj)$/.test(f.path))
  );
}

function hasCode(repo: RepoIndex, inputs: ComponentInputs, dir: string, others: string[]): boolean {
  const nested = others.filter((o) => o !== dir && isUnder(o, dir));
  if (inputs.manifests.manifests.some((m) => dirOf(m.path) === dir)) return true;
  return repo.files.some((f) => isProgramSource(f) && isUnder(f.path, dir) && !nested.some((n) => isUnder(f.path, n)));
}

/** The language of the one server framework used in a folder (a Python API beside a bigger TypeScript frontend). */
function serverStack(inputs: ComponentInputs, dir: string, excludes: string[]): ComponentStack | undefined {
  const langs = new Set(
    (inputs.servers ?? [])
      .filter((f) => isUnder(f.path, dir) && !excludes.some((x) => isUnder(f.path, x)))
      .map((f) => f.language),
  );
  return langs.size === 1 ? [...langs][0] : undefined;
}

function stackUnder(
  repo: RepoIndex,
  inputs: Pick<ComponentInputs, 'manifests'>,
  dir: string,
  excludes: string[],
): ComponentStack {
  const bytes = new Map<ComponentStack, number>();
  for (const f of repo.files) {
    if (f.isTest || f.kind !== 'source' || !isUnder(f.path, dir) || excludes.some((x) => isUnder(f.path, x))) continue;
    if (MINIFIED.test(f.path)) continue;
    const s = stackOfLanguage(f.language);
    if (s) bytes.set(s, (bytes.get(s) ?? 0) + f.size);
  }
  const manifestStack = (m: { ecosystem: string }) =>
    stackOfLanguage(
      ({ node: 'javascript', jvm: 'java', dotnet: 'csharp' } as Record<string, string>)[m.ecosystem] ?? m.ecosystem,
    ) ?? 'other';
  const best = [...bytes.entries()].sort((a, b) => b[1] - a[1])[0];
  // The folder's own manifests, when they are all of one ecosystem whose code is there, say what it is built with:
  // a NestJS app carrying a copied-in Python library is a Node component, however many bytes the library has. Code
  // of a project of its own below it (a Go proxy with its go.mod that the image runs) still counts by its bytes.
  const own = new Set(inputs.manifests.manifests.filter((x) => dirOf(x.path) === dir).map(manifestStack));
  if (best && own.size === 1) {
    const only = [...own][0]!;
    const project = (s: ComponentStack) =>
      inputs.manifests.manifests.some(
        (m) => isUnder(m.path, dir) && manifestStack(m) === s && !excludes.some((x) => isUnder(m.path, x)),
      );
    if (best[0] !== only && bytes.has(only) && !project(best[0])) return only;
  }
  if (best) return best[0];
  const m = inputs.manifests.manifests.find((x) => dirOf(x.path) === dir);
  return m ? manifestStack(m) : 'other';
}

/**
 * The repository's name: the name its own manifest gives it, the manifest of its main language first (a Python service
 * whose root package.json only runs browser tests is named by pyproject.toml), else its folder's name. A package.json
 * that only holds development tooling (no runtime dependencies, a test-runner name) does not name the repository.
 */
function projectName(repo: RepoIndex, primary?: ComponentStack): string {
  const pkg = repo.json('package.json') as { name?: unknown; dependencies?: unknown } | undefined;
  const node =
    typeof pkg?.name === 'string' &&
    pkg.name &&
    !(TOOLING_NAME.test(pkg.name) && !Object.keys(obj(pkg.dependencies)).length)
      ? slug(pkg.name.replace(/^@[^/]+\//, ''))
      : undefined;
  const py = pyprojectName(repo.read('pyproject.toml') ?? '');
  const modulePath = goModulePath(repo);
  const go = modulePath ? goModuleName(modulePath) : undefined;
  // A Rust service is named by its Cargo package; a workspace root has none, and a package.json beside it (browser
  // tests, asset tooling) does not name the Rust code: the folder does.
  const cargo = /^\[package\][^[]*?^\s*name\s*=\s*["']([^"']+)["']/m.exec(repo.read('Cargo.toml') ?? '')?.[1];
  const named: [ComponentStack, string | undefined][] = [
    ['node', node],
    ['python', py ? slug(py) : undefined],
    ['go', go ? slug(go) : undefined],
    ['rust', cargo ? slug(cargo) : undefined],
  ];
  const own = named.find(([s, n]) => s === primary && n) ?? (primary === 'rust' ? undefined : named.find(([, n]) => n));
  if (own?.[1]) return own[1];
  const base = path.basename(repo.root);
  return slug(base) || 'app';
}

/**
 * The name a pyproject.toml gives its project: `[project]` or `[tool.poetry]`, not the `name` of a tool's own table
 * (`[[tool.towncrier.type]] name = "Migration notes"`).
 */
function pyprojectName(text: string): string | undefined {
  for (const table of ['project', 'tool.poetry']) {
    const start = text.search(new RegExp(`^\\[${table.replace('.', '\\.')}\\][ \\t]*(?:#.*)?$`, 'm'));
    if (start < 0) continue;
    const body = text.slice(start).split('\n').slice(1);
    const end = body.findIndex((l) => l.startsWith('['));
    const name = /^\s*name\s*=\s*["']([^"']+)["']/m.exec(body.slice(0, end < 0 ? undefined : end).join('\n'))?.[1];
    if (name) return name;
  }
  return undefined;
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function assignIds(repo: RepoIndex, comps: Component[], units: Unit[]): void {
  const pathId = (c: Component) =>
    c.path === '.' ? projectName(repo, c.stack) : slug(c.path.replace(/\//g, '-')) || 'root';
  const folderName = (c: Component): string => {
    if (c.path === '.') return projectName(repo, c.stack);
    const segs = c.path.split('/');
    for (let i = segs.length - 1; i >= 0; i--) if (!GENERIC_NAME.test(segs[i]!)) return slug(segs[i]!);
    return pathId(c);
  };
  // A name that says the service is the old one (a compose service kept for a legacy build) or a one-off job run from
  // its image (migrate, seed) names it last.
  const legacy = (n: string) => /(^|[-_.])(old|legacy|deprecated)([-_.]|$)/i.test(n) || ONE_OFF_JOB_NAME.test(n);
  // A unit whose image also runs as a background process (`flowise` and `flowise-worker`) is named by the main process.
  const secondary = (n: string) => /(^|[-_.])(workers?|scheduler|beat|cron|consumer)([-_.]|$)/i.test(n);
  // A unit only one-off jobs name (compose `migrations` builds the image that `web` and `celery_worker` then run by
  // its tag) is named after its folder: the job is not the service.
  // A name for one environment of the service (compose `app-dev`, `app-prod`, `app-e2e`) names it without the
  // environment, after any plain name.
  const ENVIRONMENT = /[-_.](?:dev|development|local|e2e|test|staging|prod|production)$/i;
  const first = (c: Component, u: Unit): string => {
    const plain = u.names.filter((n) => !legacy(n));
    const main = plain.filter((n) => !secondary(n));
    const names = [
      ...main.filter((n) => !ENVIRONMENT.test(n)),
      ...main.filter((n) => ENVIRONMENT.test(n)).map((n) => n.replace(ENVIRONMENT, '')),
      ...plain.filter(secondary),
    ];
    for (const n of names) if (n && !n.includes('{') && slug(n)) return slug(n);
    if (c.path === '.' || !GENERIC_NAME.test(path.posix.basename(c.path))) return folderName(c);
    for (const n of u.names) if (n && !n.includes('{') && slug(n)) return slug(n);
    return folderName(c);
  };
  const wanted = comps.map((c, i) => first(c, units[i]!));
  const folders = comps.map(folderName);
  const taken = new Set<string>();
  const count = (xs: string[], x: string) => xs.filter((w) => w === x).length;
  comps.forEach((c, i) => {
    // A name two components would both take (a descriptor copied from another service) goes to neither: each is named
    // by its folder, or by its path when folders share a name too.
    let id = wanted[i]!;
    if (count(wanted, id) > 1)
      id = count(folders, folders[i]!) === 1 && count(wanted, folders[i]!) === 0 ? folders[i]! : pathId(c);
    const base = id;
    for (let k = 2; taken.has(id); k++) id = `${base}-${k}`;
    taken.add(id);
    c.id = id;
  });
}

/** Every deployment target a component can have. */
export const COMPONENT_TARGETS: readonly ComponentTarget[] = [
  'kubernetes',
  'compose',
  'paas',
  'serverless',
  'container-service',
  'vm',
  'unknown',
];

/**
 * What the config (`components:` keyed by a component's id or folder) says of a component: its name in reports, whether
 * it is deployed, where it runs, that it is not audited at all, or that other components are part of it.
 */
export interface ComponentOverride {
  name?: string;
  deployed?: boolean;
  target?: ComponentTarget;
  exclude?: boolean;
  merge?: string[];
}

/** The components after the config's overrides; `problems` name the config key of each entry that matches nothing. */
export function applyComponentConfig(
  repo: RepoIndex,
  found: ComponentFacts,
  overrides: Readonly<Record<string, ComponentOverride>>,
  manifests: ManifestFacts,
): ComponentFacts {
  const problems: string[] = [];
  let list = found.list.map((c) => ({ ...c, excludes: [...c.excludes], mounts: [...c.mounts] }));
  const norm = (k: string) => k.replace(/^\.\/+/, '').replace(/\/+$/, '') || '.';
  const find = (k: string) => list.find((c) => c.id === k) ?? list.find((c) => c.path === norm(k));
  const known = () => list.map((c) => c.id).join(', ');
  const entries = Object.entries(overrides);

  // A key that names no component but a folder declares a component there.
  for (const [key, o] of entries) {
    if (find(key)) continue;
    const dir = norm(key);
    if (dir === '.' || !repo.hasDir(dir)) {
      problems.push(
        `components.${key}: no component has this id or folder, and the repository has no folder ${dir} (components: ${known()})`,
      );
      continue;
    }
    const nested = list.filter((c) => c.path !== dir && isUnder(c.path, dir)).map((c) => c.path);
    for (const c of list) if (c.path !== dir && isUnder(dir, c.path)) c.excludes.push(dir);
    list.push({
      id: slug(o.name ?? dir.split('/').pop()!) || slug(dir.replace(/\//g, '-')),
      path: dir,
      kind: 'unknown',
      stack: stackUnder(repo, { manifests }, dir, nested),
      target: o.target ?? 'unknown',
      deployed: o.deployed ?? true,
      why: `declared in the config (components.${key})`,
      declared: [{ path: dir, note: `declared in the config (components.${key})` }],
      deployedBy: [],
      images: [],
      dockerfiles: [],
      mounts: [],
      excludes: nested,
      workloads: [],
    });
  }
  // Merges: the merged component's folder joins the one it is merged into (nested: no longer left out; elsewhere: a
  // folder its view reaches), with what builds and deploys it.
  for (const [key, o] of entries) {
    const into = find(key);
    if (!into) continue;
    for (const m of o.merge ?? []) {
      const other = find(m);
      if (!other || other === into) {
        problems.push(`components.${key}.merge: no other component "${m}" (components: ${known()})`);
        continue;
      }
      if (isUnder(other.path, into.path)) into.excludes = into.excludes.filter((x) => x !== other.path);
      else into.mounts.push(other.path);
      into.excludes.push(...other.excludes.filter((x) => !into.excludes.includes(x)));
      into.dockerfiles = [...new Set([...into.dockerfiles, ...other.dockerfiles])].sort();
      into.images = [...new Set([...into.images, ...other.images])].sort();
      into.workloads = [...new Set([...into.workloads, ...other.workloads])].sort();
      into.declared.push(...other.declared);
      into.deployedBy.push(...other.deployedBy);
      if (other.deployed && !into.deployed) {
        into.deployed = true;
        into.why = other.why;
      }
      list = list.filter((c) => c !== other);
    }
  }
  for (const [key, o] of entries) {
    const c = find(key);
    if (!c) continue;
    if (o.deployed !== undefined && o.deployed !== c.deployed) {
      c.deployed = o.deployed;
      c.why = `${o.deployed ? 'deployed' : 'only present'}: marked in the config (components.${key}.deployed)`;
    }
    if (o.target) c.target = o.target;
    if (o.name) {
      const clash = list.find((x) => x !== c && x.id === o.name);
      if (clash)
        problems.push(`components.${key}.name: "${o.name}" is already the id of the component at ${clash.path}`);
      else c.id = o.name;
    }
  }
  // Excluded components are not audited; their folders stay out of the components around them.
  for (const [key, o] of entries) {
    const c = find(key);
    if (c && o.exclude) list = list.filter((x) => x !== c);
  }
  if (!list.length && entries.length)
    problems.push('components: every component is excluded; nothing is left to audit');
  list.sort((a, b) => a.path.localeCompare(b.path));
  const byId = new Map(list.map((c) => [c.id, c]));
  const single = list.length === 1 && list[0]!.path === '.' && !list[0]!.excludes.length && !list[0]!.mounts.length;
  return {
    list,
    single,
    problems: [...(found.problems ?? []), ...problems],
    byId: (id) => byId.get(id),
    owner: (p) =>
      list
        .filter((c) => isUnder(p, c.path))
        .sort((a, b) => b.path.length - a.path.length)
        .find((c) => !c.excludes.some((x) => isUnder(p, x))),
  };
}

/**
 * Once each component's kind is known: a command-line program (an install or migration tool) that CI only publishes as
 * an image, while a compose stack, cluster or platform runs the other components, is a tool shipped beside the
 * application, not a part of what runs — only present, never credited to the deployed ones.
 */
export function settleCommandComponents(list: Component[]): void {
  const running = list.filter((c) => c.deployed && c.target !== 'unknown' && c.kind !== 'cli');
  if (!running.length) return;
  for (const c of list) {
    // The config's word (`deployed: true`) stands.
    if (c.path === '.' || c.kind !== 'cli' || !c.deployed || c.target !== 'unknown' || /\bthe config\b/.test(c.why))
      continue;
    c.deployed = false;
    c.why = `only present: a command-line program that ${c.deployedBy[0] ? `is only built (${c.deployedBy[0].path}${c.deployedBy[0].line ? `:${c.deployedBy[0].line}` : ''})` : 'nothing runs'}; no deployment config runs it beside ${running
      .slice(0, 3)
      .map((x) => x.id)
      .join(', ')}`;
  }
}

/**
 * The image a Helm values tree names under a key path (`php` → `php.image.repository`, `php.image`, or
 * `php.repository`; `image` → `image.repository`): the key read may be the image itself.
 */
function valuesImageRef(values: unknown, keys: string[]): unknown {
  let node: unknown = values;
  for (const k of keys) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[k] : undefined;
  const own = node && typeof node === 'object' ? (node as { image?: unknown; repository?: unknown }) : undefined;
  const img = own?.image;
  return img && typeof img === 'object' ? (img as { repository?: unknown }).repository : (img ?? own?.repository);
}

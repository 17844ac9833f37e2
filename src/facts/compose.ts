import path from 'node:path';
import YAML from 'yaml';
import { TEST_RUNNER } from '../repo/classify.js';
import type { RepoIndex } from '../repo/index.js';
import { escapeRegExp } from '../repo/text.js';
import { jvmImageNames } from './components.js';
import {
  defaultDockerfileOf,
  dockerfileDir,
  isLocalStandIn,
  parsedDockerfile,
  type ParsedDockerfile,
} from './dockerfiles.js';
import { withWorkflowEnv } from './ci.js';
import { dotnetContainerImage, dotnetModel } from './dotnet.js';
import { isInfraServiceImage } from './infra-images.js';
import { goModuleName, goModulePath } from './manifests.js';

export interface ComposeBuild {
  /** Repository-relative build context. */
  context: string;
  /** Repository-relative Dockerfile path (context/Dockerfile by default). */
  dockerfile: string;
  target?: string;
  /** The Dockerfile is written inline (`dockerfile_inline:`). */
  inline?: boolean;
  /** `build.args` with literal values (map or list form; variables the project's .env sets are filled in). */
  args?: Record<string, string>;
  line: number;
}

export interface ComposeHealthcheck {
  line: number;
  /** `disable: true` or `test: ["NONE"]`. */
  disabled: boolean;
}

export interface ComposeEnvFile {
  /** As written. */
  raw: string;
  /** Repository-relative. */
  path: string;
  line: number;
  required: boolean;
}

export interface ComposeService {
  file: string;
  /**
   * The folder its relative paths resolve against when that is not the file's own: the first file of the project's
   * `COMPOSE_FILE` list (root `.env`: `COMPOSE_FILE=docker-compose.yml;docker/dev.yml`), as compose does.
   */
  projectDir?: string;
  name: string;
  line: number;
  image?: string;
  build?: ComposeBuild;
  healthcheck?: ComposeHealthcheck;
  restart?: { value: string; line: number };
  envFiles: ComposeEnvFile[];
  /** Services named by depends_on (list or map form), with the line of the depends_on key. */
  dependsOn: { names: string[]; line: number };
  /** `user:` the service runs as, when set. */
  user?: { value: string; line: number };
  /** app: built here or the project's own image; infra: a database, cache, broker or tool image; other: anything else. */
  role: 'app' | 'infra' | 'other';
  /** `command:` / `entrypoint:` as written (a string is shell-split by compose; a list is used as is). */
  command?: { value: string | string[]; line: number };
  entrypoint?: { value: string | string[]; line: number };
  workingDir?: string;
  /** The service of the same file it extends (`extends: base`, `extends: { service: base }` without a `file:`). */
  extends?: string;
  /** `profiles:` it is started under (only when one of them is activated: `docker compose --profile seed up`). */
  profiles?: { names: string[]; line: number };
  /** `environment:` entries with literal values (map or list form). */
  environment: Record<string, string>;
  /** Bind mounts and volumes: source as written (relative to the compose file's folder), target in the container. */
  volumes: { source: string; target: string; line: number; bind: boolean }[];
  /** The healthcheck test as an argv (`CMD`/`CMD-SHELL` first, as compose writes it). */
  healthcheckTest?: string[];
  /**
   * For a service that only names an image: the build another compose file of the same folder gives it (compose merges
   * docker-compose.override.yml into docker-compose.yml), so the image it runs is the one that build makes.
   */
  builtBy?: ComposeBuild;
}

export interface WeakCredential {
  path: string;
  line: number;
  key: string;
  service: string;
}

export interface ComposeProblem {
  path: string;
  line: number;
  service: string;
  message: string;
  confidence: 'high' | 'low';
}

export interface ComposeFile {
  path: string;
  services: ComposeService[];
  parseError?: string;
}

export interface ComposeFacts {
  files: ComposeFile[];
  services: ComposeService[];
  appServices: ComposeService[];
  /** Default or trivial passwords in service environments (values are never stored). */
  weakCredentials: WeakCredential[];
  /** Things a compose file references that cannot work: missing build targets, Dockerfiles, contexts, env files. */
  problems: ComposeProblem[];
}

const COMPOSE_NAME = /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/i;

/**
 * Compose files that stand up the app for a test run (`docker-compose-browser-test.yml`, `compose.e2e.yaml`,
 * `docker-compose.ci.yml`, `docker-compose.pytest.yml`, a file under tests/, e2e/ or a TestSuite/): what they declare
 * (the suite they run, a readiness healthcheck the test runner waits on) is not the production container's.
 */
const TEST_COMPOSE = new RegExp(
  String.raw`(^|\/)(?:tests?|e2e|integration-tests?|ci|test[-_]?suites?)\/[^/]*$|(^|\/)[\w.-]*[-_.](?:tests?|testing|e2e|ci|integration(?:[-_]tests?)?|${TEST_RUNNER})(?:[-_.][\w.-]*)?\.ya?ml$`,
  'i',
);
export function isTestComposeFile(p: string): boolean {
  return TEST_COMPOSE.test(p);
}

/**
 * Whether a compose build target names a stage: `${DOCKER_APP_RUNTIME}-runtime` stands for every stage the variable
 * can complete (`apache-runtime`, `fpm-runtime`; its value is set in the env file the operator writes), and
 * `${TARGET:-prod}` for its default.
 */
export function targetNames(target: string, stage: string): boolean {
  const t = target.toLowerCase();
  if (!t.includes('$')) return t === stage;
  const withDefaults = t.replace(/\$\{\w+:?-([^}]*)\}/g, '$1');
  if (!withDefaults.includes('$') && withDefaults === stage) return true;
  const parts = t.split(/\$\{\w+(?::?[-?+][^}]*)?\}|\$\w+/);
  const re = new RegExp(`^${parts.map(escapeRegExp).join('[\\w.-]+')}$`);
  return re.test(stage);
}

/**
 * Compose files for development, tests or CI: in a hidden tooling folder (`.devcontainer/`, `.ci/`) or a folder named
 * so, or named so themselves (`docker-compose.dev.yml`, `compose-test.yaml`, `local.yml`, `docker-compose.override.yml`).
 * They run the app, but say nothing of where it is deployed.
 */
export const DEV_COMPOSE =
  /(^|\/)\.(?!github\/)[\w-]+\/|(^|\/)(dev|devenv|dev-env|develop|development|local|test|tests|e2e|ci|playwright|cypress)\/|(^|\/)(?:[\w.-]*[-_.])?(dev|develop|development|local|test|tests|testing|e2e|ci|debug|override)[-_.][\w.-]*ya?ml$/i;

/** Sentry's devservices (`devservices/config.yml`): the containers a developer starts beside the app on a laptop. */
const DEVSERVICES = /(^|\/)devservices\//;

/** A compose file of a development, test or CI stack (DEV_COMPOSE), or of Sentry's devservices. */
export function isDevComposeFile(p: string): boolean {
  return DEV_COMPOSE.test(p) || DEVSERVICES.test(p);
}

/** A compose service named for a developer's run of the app (`vite-dev`, `dev_api`), not a deployment. */
const DEV_SERVICE_NAME = /(^|[-_.])(dev|devel|develop|development)([-_.]|$)/i;

/**
 * Compose profiles of a developer's or tester's extra services (`profiles: [seed]` for a one-off data loader,
 * `[debug]`, `[e2e]`, `[tools]`): started only on request, they deploy nothing.
 */
const DEV_PROFILE =
  /^(?:dev|devel|develop|development|local|debug|test|tests|testing|e2e|ci|seed|seeding|seeds|fixtures|demo|tools?|tooling|load|loadtest|load-test|bench|benchmark|perf|docs)$/i;

/** The runtime setting a service's `environment:` gives when it runs the app in development mode. */
const DEV_ENVIRONMENT =
  /^(?:NODE_ENV|RAILS_ENV|RACK_ENV|APP_ENV|FLASK_ENV|DJANGO_ENV|MIX_ENV|ASPNETCORE_ENVIRONMENT|ENVIRONMENT|ENV)$/;

/** A compose file meant for production: by its name or folder (`docker-compose.prod.yml`, `deploy/compose.yml`). */
export const PROD_COMPOSE = /(^|[/.-])(?:prod|production|live|release|deploy|deployment|swarm|stack)([/.-]|$)/i;

/**
 * Folders of a developer's tooling: a compose file kept there starts a local stack (`scripts/docker/dev/…`), unless its
 * path names a deployment (`scripts/deploy/docker-compose.yml`, `tools/prod/compose.yml`).
 */
const DEV_TOOLING_FOLDER = /(^|\/)(scripts|tools|tooling|hack|devtools|dev-tools)\//;

/**
 * A compose service that runs the app for a developer, not a deployment: in a development or CI compose file
 * (DEV_COMPOSE), in a compose file kept among the developer's scripts or tools, named for development (`vite-dev`),
 * started only under a developer's or tester's compose profile (`profiles: [seed]`), or started in development mode
 * (`NODE_ENV=development`).
 */
export function composeDevelopmentRun(s: ComposeService): string | undefined {
  if (DEV_COMPOSE.test(s.file)) return 'a development or CI compose file';
  if (DEV_TOOLING_FOLDER.test(s.file) && !PROD_COMPOSE.test(s.file))
    return "a compose file among the developer's tools";
  if (DEV_SERVICE_NAME.test(s.name)) return 'a service named for development';
  if (s.profiles?.names.every((p) => DEV_PROFILE.test(p)))
    return `started only under the compose profile ${s.profiles.names.join(', ')}`;
  const mode = Object.entries(s.environment).find(
    ([k, v]) => DEV_ENVIRONMENT.test(k) && /^(dev|devel|develop|development|local)$/i.test(v.trim()),
  );
  return mode ? `started with ${mode[0]}=${mode[1]}` : undefined;
}

export function isComposePath(p: string): boolean {
  return COMPOSE_NAME.test(path.posix.basename(p)) || STACK_NAME.test(path.posix.basename(p));
}

/** docker stack deploy files and other compose files named for their purpose (docker-stack.yml, stack.prod.yml). */
const STACK_NAME = /^(docker-)?stack([.-][\w.-]+)?\.ya?ml$/i;

const SERVICES_LIST = /^services:[ \t]*\n(?:[ \t]*(?:#[^\n]*)?\n)*[ \t]*-[ \t]/m;

const LANDO_FILE = /^\.lando(?:\.[\w-]+)?\.ya?ml$/;

/** KubeVela's Appfile (`vela up` reads vela.yaml): a `services:` map with images, deployed as KubeVela Applications. */
const VELA_APPFILE = /^vela\.ya?ml$/;

/**
 * A compose file under any name: a known name, or a YAML file (not CI, not Kubernetes) whose top level is a
 * `services:` map of containers with an image or a build (compose.example.yml, deploy/app.yml).
 */
export function isComposeFile(repo: RepoIndex, p: string): boolean {
  if (isComposePath(p)) return true;
  if (!/\.ya?ml$/i.test(p) || /^\.(github|gitlab|circleci)\/|(^|\/)(charts?|templates|k8s|kubernetes|helm)\//.test(p))
    return false;
  // Lando's development environment (.lando.yml, .lando.local.yml): its services have a `type:`, and `build:` lists
  // commands run in them, not a build context.
  if (LANDO_FILE.test(path.posix.basename(p))) return false;
  // KubeVela's Appfile: its services (`image:`, `port:`, `route:`) are components of a KubeVela Application on a cluster.
  if (VELA_APPFILE.test(path.posix.basename(p))) return false;
  const text = repo.read(p);
  if (!text || !/^services:\s*$/m.test(text) || /^(apiVersion|kind|jobs|stages|steps|on):/m.test(text)) return false;
  // Compose's services are a map; a list of them (`- name: website`) is another tool's file (Tye's tye.yaml).
  if (SERVICES_LIST.test(text)) return false;
  return /^[ \t]{2,}(image|build):/m.test(text);
}

const PASSWORD_KEY = /(PASSWORD|PASSWD|_PASS$|^PASS$|SECRET|TOKEN|API_KEY|ACCESS_KEY|AUTH_METHOD)/i;
const WEAK_VALUES = new Set([
  'postgres',
  'password',
  'passw0rd',
  'pass',
  'admin',
  'root',
  'secret',
  'changeme',
  'change-me',
  'example',
  'test',
  'guest',
  'mysql',
  'user',
  'default',
  'qwerty',
  '123456',
  '12345678',
  '1234',
  'letmein',
  'minioadmin',
  'redis',
  'mongo',
  'rabbitmq',
  'trust',
  'dev',
  'devpassword',
  'toor',
]);

/** True for a password-like key with a well-known default or trivial value (also as a `${VAR:-default}` default). */
export function isWeakCredential(key: string, value: string): boolean {
  if (!PASSWORD_KEY.test(key)) return false;
  let v = value.trim().replace(/^["']|["']$/g, '');
  const def = /^\$\{\w+:?-([^}]*)\}$/.exec(v);
  if (def) v = def[1]!;
  else if (/\$/.test(v)) return false;
  if (/AUTH_METHOD/i.test(key)) return v.toLowerCase() === 'trust';
  return v === '' ? false : WEAK_VALUES.has(v.toLowerCase());
}

/** Variables of the `.env` file in a compose project's folder (compose interpolates them into the file). */
function dotenv(repo: RepoIndex, dir: string): Record<string, string> {
  const file = dir === '.' ? '.env' : `${dir}/.env`;
  return repo.fileMemo('compose-dotenv', file, () => {
    const out: Record<string, string> = {};
    for (const l of repo.lines(file)) {
      const m = /^\s*(?:export\s+)?([A-Za-z_]\w*)\s*=\s*(.*?)\s*$/.exec(l);
      if (m) out[m[1]!] = m[2]!.replace(/^(["'])(.*)\1$/, '$2');
    }
    return out;
  });
}

/** `${VAR}`, `$VAR` and `${VAR:-default}` from the project's .env; left as written when a variable is not set there. */
function interpolate(value: string, env: Record<string, string>): string {
  if (!value.includes('$')) return value;
  let unresolved = false;
  const out = value.replace(
    /\$\{(\w+)(?::?-([^}]*))?\}|\$(\w+)/g,
    (whole, a: string, def: string | undefined, b: string) => {
      const v = env[a ?? b];
      if (v !== undefined && v !== '') return v;
      if (def !== undefined) return def;
      unresolved = true;
      return whole;
    },
  );
  return unresolved ? value : out;
}

function projectNames(repo: RepoIndex): string[] {
  const names: string[] = [];
  const pkg = repo.json('package.json') as { name?: string } | undefined;
  if (pkg?.name) names.push(pkg.name.replace(/^@[^/]+\//, ''));
  const py = /^\s*name\s*=\s*["']([^"']+)["']/m.exec(repo.read('pyproject.toml') ?? '');
  if (py) names.push(py[1]!);
  const go = goModulePath(repo);
  const goName = go ? goModuleName(go) : undefined;
  if (goName) names.push(goName);
  // A Rails application's module (`module Shop` in config/application.rb) names the image it is published as.
  const rails = /^module\s+([A-Z]\w*)\s*$(?=[\s\S]*<\s*Rails::Application)/m.exec(
    repo.read('config/application.rb') ?? '',
  );
  if (rails)
    names.push(
      rails[1]!,
      rails[1]!.replace(/([a-z\d])([A-Z])/g, '$1_$2'),
      rails[1]!.replace(/([a-z\d])([A-Z])/g, '$1-$2'),
    );
  // The images a JVM build publishes (Jib, spring-boot:build-image), named after the artifact by default.
  if (repo.has('pom.xml') || repo.has('build.gradle') || repo.has('build.gradle.kts'))
    names.push(...jvmImageNames(repo, '.'));
  // A .NET web or worker project is published under its assembly's name (`Ledger.csproj` runs as `acme/ledger`), or the
  // one its container publish properties give.
  if (repo.byName(/\.(?:cs|fs|vb)proj$/).length)
    for (const p of dotnetModel(repo).projects) {
      if (p.kind === 'web' || p.kind === 'worker' || p.classicWeb) names.push(p.name);
      const image = dotnetContainerImage(p);
      if (image) names.push(imageName(image));
    }
  // Images a CI workflow publishes (docker/metadata-action `images:`, buildx `name=`).
  for (const f of repo.glob('.github/workflows/*.{yml,yaml}'))
    for (const m of (repo.read(f.path) ?? '').matchAll(/^\s*(?:images:|outputs:.*\bname=)[ \t]*(\S.*)$/gm)) {
      const last = withWorkflowEnv(repo.yaml(f.path), m[1]!)
        .split(',')[0]!
        .replace(/['"]/g, '')
        .trim()
        .split('/')
        .pop()!
        .split(':')[0]!;
      if (/^[\w.-]+$/.test(last)) names.push(last);
    }
  return [...new Set(names.map((n) => n.toLowerCase()).filter((n) => /^[a-z\d][\w.-]*$/.test(n)))];
}

function imageName(image: string): string {
  const noDigest = image.split('@')[0]!;
  const last = noDigest.split('/').pop()!;
  return last.split(':')[0]!.toLowerCase();
}

/** The folder a service's relative paths resolve against: its project's (see ComposeService.projectDir). */
export function composeProjectDir(s: Pick<ComposeService, 'file' | 'projectDir'>): string {
  return s.projectDir ?? path.posix.dirname(s.file);
}

/**
 * Compose files a `.env` lists in `COMPOSE_FILE` after the first (separated by `;`, `:` or the `COMPOSE_PATH_SEPARATOR`
 * it sets; relative to the `.env`'s folder): one project with the first file, whose folder their relative paths resolve
 * against. File → that folder.
 */
function composeFileLists(repo: RepoIndex): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of repo.byName(/^\.env$/)) {
    const dir = path.posix.dirname(f.path);
    const env = dotenv(repo, dir);
    const list = env.COMPOSE_FILE?.trim().replace(/^["']|["']$/g, '');
    if (!list) continue;
    const files = list
      .split(env.COMPOSE_PATH_SEPARATOR || /[;:]/)
      .map((x) => path.posix.normalize(path.posix.join(dir, x.trim())))
      .filter((x) => x !== '.' && !x.startsWith('..') && !x.startsWith('/'));
    const first = path.posix.dirname(files[0] ?? '.');
    for (const x of files.slice(1)) if (path.posix.dirname(x) !== first) out.set(x, first);
  }
  return out;
}

/** The repository's compose files, read once: the Dockerfile fact asks them too (which images the local stack builds). */
export function detectCompose(repo: RepoIndex): ComposeFacts {
  return repo.memo('compose:facts', () => readCompose(repo));
}

function readCompose(repo: RepoIndex): ComposeFacts {
  const files: ComposeFile[] = [];
  const weakCredentials: WeakCredential[] = [];
  const problems: ComposeProblem[] = [];
  const names = projectNames(repo);
  const projectDirs = composeFileLists(repo);
  for (const f of repo.files) {
    if (f.isTest || !isComposeFile(repo, f.path)) continue;
    const doc = repo.yamlDocuments(f.path)[0];
    if (!doc) continue;
    const file: ComposeFile = {
      path: f.path,
      services: [],
      ...(doc.errors.length ? { parseError: doc.errors[0] } : {}),
    };
    files.push(file);
    const projectDir = projectDirs.get(f.path);
    const dir = projectDir ?? path.posix.dirname(f.path);
    const lineOfNode = (node: unknown): number => {
      const r = (node as { range?: [number, number, number] } | null)?.range;
      return r ? repo.lineAt(f.path, r[0]) : doc.line;
    };
    const services = doc.doc.get('services', true);
    if (!YAML.isMap(services)) continue;
    for (const pair of services.items) {
      const name = String((pair.key as YAML.Scalar)?.value ?? pair.key);
      const node = pair.value;
      const line = lineOfNode(pair.key);
      // Aliases (`depends_on: *common-deps`) and merge keys (`<<: *env`) resolved against the file's anchors.
      let value: Record<string, unknown> = {};
      try {
        if (YAML.isMap(node)) value = (node.toJS(doc.doc, { maxAliasCount: 1000 }) ?? {}) as Record<string, unknown>;
      } catch {
        value = YAML.isMap(node) ? (node.toJSON() as Record<string, unknown>) : {};
      }
      const at = (key: string): number =>
        YAML.isMap(node) ? lineOfNode(node.items.find((i) => (i.key as YAML.Scalar)?.value === key)?.key) : line;
      const dep = value.depends_on;
      // Compose interpolates the names too (`- ${APP_SERVICE:-laravel.test}`, Laravel Sail's templates).
      const depNames = (
        Array.isArray(dep) ? dep.map(String) : dep && typeof dep === 'object' ? Object.keys(dep) : []
      ).map((n) => interpolate(n, dotenv(repo, dir)));
      const svc: ComposeService = {
        file: f.path,
        ...(projectDir !== undefined ? { projectDir } : {}),
        name,
        line,
        envFiles: [],
        dependsOn: { names: depNames, line: at('depends_on') },
        role: 'other',
        environment: {},
        volumes: [],
      };
      const cmdValue = (v: unknown): string | string[] | undefined =>
        typeof v === 'string' ? v : Array.isArray(v) ? v.map(String) : undefined;
      const cmd = cmdValue(value.command);
      if (cmd !== undefined) svc.command = { value: cmd, line: at('command') };
      const ep = cmdValue(value.entrypoint);
      if (ep !== undefined) svc.entrypoint = { value: ep, line: at('entrypoint') };
      if (typeof value.working_dir === 'string') svc.workingDir = value.working_dir;
      if (Array.isArray(value.profiles) && value.profiles.length)
        svc.profiles = { names: value.profiles.map(String), line: at('profiles') };
      const ext = value.extends as { service?: unknown; file?: unknown } | string | undefined;
      if (typeof ext === 'string') svc.extends = ext;
      else if (typeof ext?.service === 'string' && ext.file === undefined) svc.extends = ext.service;
      const envv = value.environment;
      if (Array.isArray(envv)) {
        for (const e of envv) {
          const s = String(e);
          const eq = s.indexOf('=');
          if (eq > 0) svc.environment[s.slice(0, eq)] = s.slice(eq + 1);
        }
      } else if (envv && typeof envv === 'object')
        for (const [k, v] of Object.entries(envv as Record<string, unknown>))
          if (typeof v === 'string' || typeof v === 'number') svc.environment[k] = String(v);
      const vols = value.volumes;
      if (Array.isArray(vols)) {
        const volNode = YAML.isMap(node) ? node.get('volumes', true) : undefined;
        vols.forEach((v, i) => {
          const itemNode = YAML.isSeq(volNode) ? volNode.items[i] : undefined;
          const vl = itemNode ? lineOfNode(itemNode) : at('volumes');
          if (typeof v === 'string') {
            const parts = v.split(':');
            if (parts.length < 2) return;
            const source = parts[0]!;
            svc.volumes.push({
              source,
              target: parts[1]!,
              line: vl,
              bind: /^[.~/]|\//.test(source) || source.includes('$'),
            });
          } else if (v && typeof v === 'object') {
            const o = v as { type?: unknown; source?: unknown; target?: unknown };
            if (typeof o.source === 'string' && typeof o.target === 'string')
              svc.volumes.push({ source: o.source, target: o.target, line: vl, bind: o.type === 'bind' });
          }
        });
      }
      if (typeof value.image === 'string') svc.image = value.image;
      if (value.build !== undefined && value.build !== null) {
        const b = value.build;
        const ctx = interpolate(
          typeof b === 'string'
            ? b
            : typeof (b as { context?: unknown }).context === 'string'
              ? (b as { context: string }).context
              : '.',
          dotenv(repo, dir),
        );
        const context = /^[a-z]+:\/\//i.test(ctx) || ctx.startsWith('git@') ? ctx : repoDir(path.posix.join(dir, ctx));
        const dfName = interpolate(
          typeof b === 'object' && typeof (b as { dockerfile?: unknown }).dockerfile === 'string'
            ? (b as { dockerfile: string }).dockerfile
            : 'Dockerfile',
          dotenv(repo, dir),
        );
        const target =
          typeof b === 'object' && (b as { target?: unknown }).target !== undefined
            ? String((b as { target: unknown }).target)
            : undefined;
        const inline =
          typeof b === 'object' && typeof (b as { dockerfile_inline?: unknown }).dockerfile_inline === 'string';
        const args = buildArgs(typeof b === 'object' ? (b as { args?: unknown }).args : undefined, dotenv(repo, dir));
        svc.build = {
          context,
          dockerfile: path.posix.normalize(
            path.posix.join(
              context,
              typeof b === 'object' && typeof (b as { dockerfile?: unknown }).dockerfile === 'string'
                ? dfName
                : path.posix.basename(defaultDockerfileOf(repo, context)),
            ),
          ),
          ...(target ? { target } : {}),
          ...(inline ? { inline: true } : {}),
          ...(Object.keys(args).length ? { args } : {}),
          line: at('build'),
        };
      }
      const hc = value.healthcheck as { disable?: unknown; test?: unknown } | undefined;
      if (hc && typeof hc === 'object') {
        const test = Array.isArray(hc.test) ? hc.test.map(String) : typeof hc.test === 'string' ? [hc.test] : [];
        svc.healthcheck = {
          line: at('healthcheck'),
          disabled: hc.disable === true || test[0]?.toUpperCase() === 'NONE',
        };
        if (test.length) svc.healthcheckTest = typeof hc.test === 'string' ? ['CMD-SHELL', hc.test] : test;
      }
      if (value.restart !== undefined) svc.restart = { value: String(value.restart), line: at('restart') };
      if (value.user !== undefined && value.user !== null) svc.user = { value: String(value.user), line: at('user') };
      const ef = value.env_file;
      const efList = Array.isArray(ef) ? ef : ef !== undefined && ef !== null ? [ef] : [];
      for (const e of efList) {
        const raw =
          typeof e === 'string'
            ? e
            : typeof (e as { path?: unknown })?.path === 'string'
              ? (e as { path: string }).path
              : undefined;
        if (!raw) continue;
        const required = !(typeof e === 'object' && (e as { required?: unknown }).required === false);
        svc.envFiles.push({
          raw,
          path: path.posix.normalize(path.posix.join(dir, raw)),
          line: at('env_file'),
          required,
        });
      }
      // Weak credentials in `environment:` (map or list form): line of each entry, value never kept.
      const envNode = YAML.isMap(node) ? node.get('environment', true) : undefined;
      if (YAML.isMap(envNode)) {
        for (const item of envNode.items) {
          const key = String((item.key as YAML.Scalar)?.value ?? '');
          const v = (item.value as YAML.Scalar | null)?.value;
          if (v !== undefined && v !== null && isWeakCredential(key, String(v)))
            weakCredentials.push({ path: f.path, line: lineOfNode(item.key), key, service: name });
        }
      } else if (YAML.isSeq(envNode)) {
        for (const item of envNode.items) {
          const s = String((item as YAML.Scalar)?.value ?? '');
          const eq = s.indexOf('=');
          if (eq > 0 && isWeakCredential(s.slice(0, eq), s.slice(eq + 1)))
            weakCredentials.push({ path: f.path, line: lineOfNode(item), key: s.slice(0, eq), service: name });
        }
      }
      const img = svc.image ? imageName(svc.image) : undefined;
      svc.role =
        svc.build || (img && names.includes(img)) ? 'app' : img && isInfraServiceImage(img) ? 'infra' : 'other';
      file.services.push(svc);
    }
  }
  const services = files.flatMap((f) => f.services);
  for (const s of services) problems.push(...serviceProblems(repo, s));
  mergeOverrideBuilds(services);
  // An emulator the stack builds beside the project's own image (fakesentry, a GCS emulator) is a dependency.
  const standIns = services.filter(
    (s) => s.build && !s.build.inline && isLocalStandIn(repo, s.build.dockerfile, services),
  );
  if (standIns.length && services.some((s) => s.build && !standIns.includes(s)))
    for (const s of standIns) s.role = 'infra';
  // depends_on must name a service of the same project: compose files of one folder are merged (override files).
  for (const s of services) {
    const dir = composeProjectDir(s);
    const known = new Set(services.filter((o) => composeProjectDir(o) === dir).map((o) => o.name));
    // A name compose interpolates (`- "${DB_SERVICE}"`, the database chosen in .env) is checked when compose runs.
    for (const n of s.dependsOn.names.filter((x) => !known.has(x) && !x.includes('${'))) {
      problems.push({
        path: s.file,
        line: s.dependsOn.line,
        service: s.name,
        message: `service ${s.name}: depends_on "${n}", which no compose file defines`,
        confidence: 'high',
      });
    }
  }
  return { files, services, appServices: services.filter((s) => s.role === 'app'), weakCredentials, problems };
}

function serviceProblems(repo: RepoIndex, s: ComposeService): ComposeProblem[] {
  const out: ComposeProblem[] = [];
  const p = (line: number, message: string, confidence: 'high' | 'low' = 'high') =>
    out.push({ path: s.file, line, service: s.name, message, confidence });
  const b = s.build;
  // Remote contexts, variables (${CONTEXT}) and inline Dockerfiles cannot be checked in the repository.
  // A context inside a declared dependency (Laravel Sail's `./vendor/laravel/sail/runtimes/8.4`) appears with
  // `composer install` / `npm install`, which the project's setup runs first.
  if (
    b &&
    !/^[a-z]+:\/\/|^git@/i.test(b.context) &&
    !/\$/.test(b.dockerfile) &&
    !b.inline &&
    !installedDependencyPath(repo, b.context)
  ) {
    if (b.context !== '.' && !b.context.startsWith('..') && !repo.hasDir(b.context))
      p(b.line, `service ${s.name}: build context ${b.context} does not exist`);
    else if (!b.dockerfile.startsWith('..') && !repo.has(b.dockerfile))
      p(b.line, `service ${s.name}: Dockerfile ${b.dockerfile} does not exist`);
    else if (b.target) {
      const df = parsedDockerfile(repo, b.dockerfile);
      if (df) {
        if (!df.stages.some((st) => st.name !== undefined && targetNames(b.target!, st.name))) {
          const stages =
            df.stages
              .map((st) => st.name)
              .filter(Boolean)
              .join(', ') || 'none';
          p(
            b.line,
            `service ${s.name}: build target "${b.target}" is not a stage of ${b.dockerfile} (named stages: ${stages})`,
          );
        }
      }
    }
  }
  for (const e of s.envFiles) {
    if (!e.required || repo.has(e.path) || /\$/.test(e.raw)) continue;
    // `env_file: /dev/null` names the empty device every host has (a deliberate "no file" placeholder), not a path of
    // the repository.
    if (e.raw.trim() === '/dev/null') continue;
    // Portainer writes the stack's variables to stack.env when it deploys a stack: not a file the repository ships.
    if (path.posix.basename(e.path) === 'stack.env' && /portainer/i.test(`${s.file}\n${repo.read(s.file) ?? ''}`))
      continue;
    const dir = path.posix.dirname(e.path);
    const base = path.posix.basename(e.path);
    const example = ['.example', '.sample', '.template', '.dist']
      .map((x) => path.posix.join(dir, `${base}${x}`))
      .find((x) => repo.has(x));
    if (example)
      p(
        e.line,
        `service ${s.name}: env_file ${e.raw} is not in the repository (expected: copied from ${example})`,
        'low',
      );
    // `.env` itself is by convention a local, never-committed file: missing is normal, only undocumented.
    else if (/^\.env(\.[\w-]+)?$/.test(base))
      p(
        e.line,
        `service ${s.name}: env_file ${e.raw} is not in the repository and no ${base}.example documents it`,
        'low',
      );
    else p(e.line, `service ${s.name}: env_file ${e.raw} does not exist and has no example to create it from`);
  }
  return out;
}

/** A path in a folder a package manager fills (`vendor/`, `node_modules/`), with the folder above it. */
export const PACKAGE_MANAGER_FOLDER = /^(?:\.\/)?(?:(.*?)\/)?(vendor|node_modules)(?:\/|$)/;

/**
 * A path inside the folder a package manager fills from the manifest beside it (composer's or Bundler's or Go's
 * vendor/, npm's node_modules/): installing the dependencies creates it, as Laravel Sail's compose file expects of
 * `./vendor/laravel/sail/runtimes/8.4`. The package itself may come in as a dependency of a dependency, so only the
 * manifest is required.
 */
export function installedDependencyPath(repo: RepoIndex, p: string): boolean {
  const m = PACKAGE_MANAGER_FOLDER.exec(p);
  if (!m) return false;
  const at = (f: string): string => path.posix.join(m[1] ?? '.', f);
  return m[2] === 'vendor'
    ? repo.has(at('composer.json')) || repo.has(at('Gemfile')) || repo.has(at('go.mod'))
    : repo.has(at('package.json'));
}

/** `build.args` as a map or a `NAME=value` list; values still holding a variable are left out. */
function buildArgs(raw: unknown, env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const entries: [string, unknown][] = Array.isArray(raw)
    ? raw.flatMap((x) => {
        const m = typeof x === 'string' ? /^([\w.-]+)=(.*)$/.exec(x) : null;
        return m ? [[m[1]!, m[2]!] as [string, unknown]] : [];
      })
    : raw && typeof raw === 'object'
      ? Object.entries(raw as Record<string, unknown>)
      : [];
  for (const [k, v] of entries) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') continue;
    const value = interpolate(String(v), env);
    if (!value.includes('$')) out[k] = value;
  }
  return out;
}

/**
 * Compose merges the files of one folder (docker-compose.yml with docker-compose.override.yml): a service one file
 * only names an image for and another file builds runs the image that build makes — the project's own.
 */
function mergeOverrideBuilds(services: ComposeService[]): void {
  for (const s of services) {
    if (s.build || !s.image) continue;
    const dir = composeProjectDir(s);
    const built = services.find(
      (o) => o !== s && o.build && !o.build.inline && o.name === s.name && composeProjectDir(o) === dir,
    );
    if (!built?.build) continue;
    s.builtBy = built.build;
    s.role = 'app';
  }
}

/** A repository-relative directory without a trailing slash: `build: ../` from `.ci/` is the root, ".". */
function repoDir(p: string): string {
  return path.posix.normalize(p).replace(/\/+$/, '') || '.';
}

/** Build contexts compose gives to a Dockerfile, for resolving its COPY sources. */
export function composeContextsFor(compose: ComposeFacts, df: ParsedDockerfile): string[] {
  return compose.services
    .filter((s) => s.build?.dockerfile === df.path)
    .map((s) => s.build!.context)
    .filter((c) => c !== dockerfileDir(df));
}

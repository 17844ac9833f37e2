import { PHOENIX_ENDPOINT_IN } from './routes-elixir.js';
import { sailsRoots } from './routes-sails.js';
import path from 'node:path';
import type { RepoIndex } from '../repo/index.js';
import { prefilterOf } from '../repo/prefilter.js';
import {
  type FrameworkFacts,
  GITHUB_APP_EVENT_IMPORT,
  PHP_FRAMEWORKS,
  phpWebRootScripts,
  RUST_SERVER_START,
  GO_SERVER_START,
  RUST_SERVES_ANY,
} from './frameworks.js';
import { goModulesOf, KOTLIN_TOP_LEVEL, phpNamespaceRoots, type ImportFacts } from './imports.js';
import type { ManifestFacts } from './manifests.js';
import { CLASSIC_ASPNET_START, type DotnetFacts } from './dotnet.js';
import type { RustCrate, RustFacts } from './rust.js';
import { fastifyAutoloadDirs, folderLoaderDirs } from './fastify-autoload.js';
import { detectFsRoutes } from './routes-fs.js';
import { inPlayApp, playAppDir, playApps, playControllers } from './play.js';
import { UTOPIA_DECLARATION } from './routes-php.js';
import { NOT_RUNTIME, START_FILES } from './signals.js';
import { MINIFIED, minifiedFile } from './languages.js';
import { browserPackages } from './outbound.js';
import { escapeRegExp } from '../repo/text.js';
import { pasteApps, pasteFileOf } from './paste-deploy.js';
import { commandSteps, launchOf, shellWords } from './start-command.js';
import { words } from './dockerfiles.js';
import { TOOLING_SEGMENT } from '../repo/classify.js';
import { gradleBuildTool, JAVA_MAIN, jvmModuleDirOf } from './jvm-modules.js';

/**
 * Liveness: which files the running service loads. The one answer to "is this file live?" that every rule shares
 * ("wired, not just written": a module that nothing reaches does not make a practice pass).
 *
 * Reachability follows project-local imports (Python, JS/TS including tsconfig path aliases, Go package directories,
 * JVM classes, Ruby require_relative) from the entrypoints, plus what runs without an import: the __init__.py of every
 * package above a reached module, files frameworks load by convention (Django settings/urls and the dotted paths they
 * name, Rails app/ and config/, Spring stereotype classes, Next.js app/ and pages/ files, middleware and
 * instrumentation, Sentry's Next.js configs, gunicorn.conf.py), modules preloaded by the start command
 * (`node --require ./tracing.js`, NODE_OPTIONS), and every file of a reached Go package.
 */
export interface Entrypoint {
  path: string;
  line: number;
  note: string;
}

export interface LiveSource {
  path: string;
  language: string;
}

export interface LivenessFacts {
  /** Where the service starts: start commands, application objects, main functions, framework entry files. */
  entrypoints: Entrypoint[];
  /** False when no entrypoint was found: every production source file then counts as live. */
  resolved: boolean;
  /**
   * True when the service runs this file: a production source file reached from an entrypoint (any production source
   * file when unresolved), or configuration the platform or framework reads (not tests, not docs).
   */
  isLive(path: string): boolean;
  /** Production source files on live paths, outside test utilities, mocks, examples and scripts (isProductionPath). */
  liveSources(): LiveSource[];
  /** False for source that is not product code even outside tests/: test utilities, mocks, stories, examples, scripts, seeds, generated stubs, Rust build scripts, .NET test projects. */
  isProductionPath(path: string): boolean;
}

/**
 * A Go module of its own inside the repository (a library the service's go.mod `replace`s with a local folder, such as
 * Ory's `oryx/` copy of github.com/ory/x): packages the service imports one by one, so only the ones it reaches are
 * its code.
 */
export function inNestedGoModule(repo: RepoIndex): (file: string) => boolean {
  const dirs = repo.memo('liveness:nested-go-modules', () =>
    goModulesOf(repo)
      .map((g) => g.dir)
      .filter((d) => d !== '.'),
  );
  return (file) => dirs.some((d) => file.startsWith(`${d}/`));
}

/** A folder of schema migrations: `migrations/`, `db/migrate/`, Alembic's `alembic/` and `versions/`. */
export const MIGRATION_FOLDER = /(^|\/)(alembic|migrations?|migrate|versions)\//;

/**
 * Migrations a nested Go module (inNestedGoModule) keeps for its own users (`oryx/networkx/migrations/`,
 * `oryx/popx/stub/migrations/`): the folder holding the migrations folder has no Go file the service reaches.
 */
export function libraryGoMigration(repo: RepoIndex, liveness: LivenessFacts): (file: string) => boolean {
  const nested = inNestedGoModule(repo);
  let liveGo: string[] | undefined;
  return (file) => {
    const m = MIGRATION_FOLDER.exec(file);
    if (!m || !liveness.resolved || !nested(file)) return false;
    const owner = file.slice(0, m.index + m[1]!.length);
    liveGo ??= liveness
      .liveSources()
      .map((f) => f.path)
      .filter((p) => p.endsWith('.go'));
    return !liveGo.some((p) => p.startsWith(owner));
  };
}

/** A Scala program's entry: an object extending App or cats-effect's/ZIO's app traits, a `main(args)`, a `@main` method. */
const SCALA_MAIN =
  /^[ \t]*object\s+\w+\s+extends\s+(?:IOApp\b|App\b|ZIOAppDefault\b|CommandIOApp\b)|^[ \t]*def\s+main\s*\(\s*args\s*:\s*Array\[String\]|^[ \t]*@main\s+def\b/m;
/** The source root a Scala file compiles in (sbt and Gradle/Maven layout): `modules/app/src/main/scala/`. */
function scalaSourceRoot(file: string): string | undefined {
  const m = /(?:^|\/)src\/main\/scala\//.exec(file);
  return m ? file.slice(0, m.index + m[0].length) : undefined;
}

const PY_APP =
  /^(?!\s*#).*?\b(FastAPI|Flask|APIFlask|Starlette|Litestar|Quart|Sanic|web\.Application|falcon\.(?:App|API)|get_wsgi_application|get_asgi_application)\s*\(/m;
const PY_MAIN = /^if\s+__name__\s*==\s*["']__main__["']/m;
/**
 * Modules that name others in strings for Django to import: settings, URLconfs (also named for their part:
 * `base_urls.py`, `urls_v2.py`), WSGI/ASGI entries, manage.py, app configs, Celery apps and packages.
 */
const DJANGO_NAMING_MODULE =
  /(^|\/)(settings[^/]*|\w*urls(?:_\w+)?|wsgi|asgi|manage|apps|celery|__init__)\.py$|\/settings\/[^/]+\.py$/;
/** A server started in the module; `.listen('event', cb)` with an event name (Socket.IO, Echo clients) starts none. */
const JS_SERVER =
  /^(?!\s*\/\/).*?(?:\bNestFactory\.create\w*\s*[(<]|\.listen\s*\((?!\s*["'`][.\w:-]*[A-Za-z_.])|\bcreateServer\s*\(|\bHapi\.server\s*\(|\bserver\.start\s*\(\s*\))/m;
const GO_MAIN = /^func\s+main\s*\(\s*\)/m;
const GO_PACKAGE_MAIN = /^package main\b/m;
/** Classes a JVM container instantiates by annotation: Spring stereotypes, CDI beans and JAX-RS resources (Quarkus,
 * Jakarta EE), Micronaut beans and controllers. */
const SPRING_STEREOTYPE =
  /^\s*@(SpringBootApplication|Component|Service|Repository|Controller|RestController|Configuration|ControllerAdvice|RestControllerAdvice|WebFilter|Endpoint|ApplicationScoped|RequestScoped|Singleton|Dependent|Path|Provider|Startup|QuarkusMain|GrpcService|Factory|Filter|ServerFilter|WebServlet|WebListener)\b/m;
/**
 * quarkus-github-app makes a bean of any class with a method observing a GitHub event (a parameter annotated with one
 * of its event annotations: `void onOpen(@Issue.Opened GHEventPayload.Issue issue)`).
 */
const observesGitHubEvents = (text: string): boolean =>
  GITHUB_APP_EVENT_IMPORT.test(text) && /[(,]\s*@\w+(?:\.\w+)?\s+GHEventPayload\.\w+/.test(text);
/** Ktor 2+ server packages are io.ktor.server.*; Ktor 1 had io.ktor.routing / io.ktor.application. */
const KTOR_MODULE =
  /\bimport\s+io\.ktor\.(?:server|routing|application)\b[\s\S]*^(?:private\s+|internal\s+)?fun\s+(?:Application|Route|Routing)\.\w+\s*\(/m;
const CMD_MODULE =
  /\b(?:uvicorn|gunicorn|hypercorn|daphne|granian|litestar)\b[^\n]*?\s([\w.]+):[\w.()]+|\bLITESTAR_APP\s*[=:]\s*["']?([\w.]+):/g;
const CMD_PY =
  /\b(?:python3?|uv\s+run|poetry\s+run\s+python)\s+(?:-u\s+)?(?:-m\s+([\w.]+)|([\w./-]+\.py))|\bcelery\s+(?:-A|--app)[= ]\s*([\w.]+)/g;
/** Python servers and workers whose command lines are also read word by word. */
const PY_SERVER_WORD = /\b(?:gunicorn|uvicorn|hypercorn|daphne|granian|celery|arq|saq|pserve|uwsgi)\b/;
/** supervisord's program definitions: `command=` lines that start the processes of an image running several. */
const SUPERVISOR_CONF = /(^|\/)supervisord?[^/]*\.conf$|(^|\/)supervisor\/[^/]+\.conf$/;
/** `NAME="…"` (or `export NAME='…'`): a command kept in a shell variable. */
const SHELL_ASSIGNED = /^\s*(?:export\s+)?\w+=(["'])(.+)\1\s*$/;
/** What precedes a command on its line: a Dockerfile's shell-form instruction, a Procfile or compose key, a case arm. */
const START_PREFIX = /^\s*(?:-\s+)?(?:(?:RUN|CMD|ENTRYPOINT)\s+(?!\[)|[\w-]+:\s+|[\w|*.-]+\)\s+)?/;
/** `php app/worker.php`, `exec php /usr/src/code/app/cli.php`, a Dockerfile's `CMD [ "php", "app/http.php" ]`. */
const CMD_PHP = /\bphp["']?\s*,?\s*(?:-[\w-]+(?:=\S+)?\s+)*["']?([\w./-]+\.php)\b/g;
const CMD_NODE =
  /\b(?:node|ts-node(?:-dev)?|tsx|bun|nodemon|deno)\s+(?:(?:run|watch|serve)\s+)?(?:--?[\w-]+(?:[= ]\S+)?\s+)*["']?([\w./-]+\.(?:[cm]?js|[cm]?ts|tsx))/g;
/** `node server`, `node --no-deprecation ./server/`: Node runs the folder's index module. */
const CMD_NODE_FOLDER = /\bnode\s+(?:--[\w-]+(?:=\S+)?\s+)*["']?(\.{0,2}\/?[\w-]+(?:\/[\w-]+)*)\/?["']?(?=\s|$|[;&|])/g;

/**
 * Package scripts that start files run by name (`yarn start:worker`, `npm run worker`, `pnpm run start:api`), other than
 * the build, test and tooling scripts an image build runs.
 */
function scriptsNamedBy(texts: string[]): string[] {
  const out = new Set<string>();
  for (const raw of texts) {
    // An exec-form command (`CMD ["npm", "run", "workers"]`) read as the words it runs.
    const text = raw.replace(/["']\s*,\s*["']/g, ' ');
    const add = (name: string) => {
      if (!TOOLING_SCRIPT.test(name)) out.add(name);
    };
    if (/\b(?:npm|pnpm|yarn|bun)\s/.test(text))
      for (const m of text.matchAll(
        /\b(?:npm\s+run(?:-script)?|pnpm(?:\s+run)?|yarn(?:\s+run)?|bun\s+run)\s+([\w][\w:.-]*)/g,
      ))
        add(m[1]!);
    // concurrently's shorthand for a package manager's run: `concurrently "npm:api" "yarn:worker"`.
    for (const m of text.matchAll(/(?<![\w:/.-])(?:npm|pnpm|yarn|bun):([\w][\w:.-]*)(?![\w:.*-])/g)) add(m[1]!);
    // npm-run-all: `run-p api worker`, `run-s migrate serve`, `npm-run-all --parallel api worker`; every word up to the
    // end of the command that is not an option is a script (a glob such as `watch:*` names no one script).
    for (const m of text.matchAll(/\b(?:run-[ps]|npm-run-all2?)((?:[ \t]+[^\s&|;]+)+)/g))
      for (const word of m[1]!.trim().split(/\s+/)) {
        const name = word.replace(/^["']|["']$/g, '');
        if (/^[A-Za-z_][\w:.-]*$/.test(name)) add(name);
      }
  }
  return [...out];
}

/** Scripts that build, test, lint or install, and package-manager subcommands that read as script names. */
const TOOLING_SCRIPT =
  /^(?:build|test|lint|format|prettier|typecheck|type-check|check|clean|install|i|add|remove|ci|prepare|postinstall|preinstall|exec|dlx|run|workspace|workspaces|global|config|cache|audit|publish|version|pack|link|why|outdated|upgrade|up|dedupe|prune|store|import|fetch|rebuild|set|init|create|info|list|ls|licenses|patch|tsc|deploy)(?::|$)|^(?:test|lint|build)\b|^db:|:(?:test|lint|build)$/;

/**
 * Fetch-style servers (Hono, Elysia, h3, plain Request → Response handlers) start without `.listen(`:
 * `serve({ fetch: app.fetch })` (@hono/node-server, srvx), `Bun.serve`, `Deno.serve`, `toNodeListener(app)` (h3), or
 * a runtime that serves the module's default export (Bun, Deno, Workers) when the module is the package's entry.
 */
const FETCH_START =
  /^(?!\s*\/\/).*?(\b(?:Bun|Deno)\.serve\s*(?:<[^<>()\n]{0,80}>\s*)?\(|\bserve\s*\(\s*(?:\{|[\w$]+\s*[,)])|\btoNode(?:Listener|Handler)\s*\(\s*[\w$]+\s*\))/m;
const FETCH_SERVE_IMPORT =
  /["'](?:@hono\/node-server|srvx|h3|listhen|@whatwg-node\/server|https:\/\/deno\.land\/std[^"']*\/http[^"']*|jsr:@std\/http[^"']*)["']|\b(?:Bun|Deno)\.serve\b/;
const APP_DEFAULT_EXPORT =
  /^export\s+default\s+(?:(?:new\s+(?:Hono|Elysia|H3)\b)|(?:\{[^}]*\bfetch\b)|(?:[\w$]+)\s*;?\s*$)/m;
const ENTRY_NAME = /^(?:index|main|server|app|worker|mod)\.[cm]?[jt]sx?$/;

/**
 * False when the pattern's literal prefilter rules the text out: these patterns try every line start (`^(?!\s*\/\/).*?`),
 * and most files hold none of the calls they look for. Tested on the text: asked of the literal postings, it would scan
 * the literals of files nothing else asks (a small repository's CPU grew, round 2026-12-06v).
 */
function mayMatch(re: RegExp, text: string): boolean {
  const pre = prefilterOf(re);
  return !pre || pre.test(text);
}

function fetchServerStart(
  repo: RepoIndex,
  file: string,
  text: string,
  packageDirs: Set<string>,
): { index: number; note: string } | undefined {
  // What the text says is read once per repository file (every component's view asks); where the file sits is the view's.
  const said = repo.fileMemo('liveness:fetch-server', file, (): { serves?: number; exports?: number } => {
    // A start counts only beside a fetch server's import: that test first, so the start pattern, which tries every line
    // start, runs on the few files that import one (babel: 51 ms sampled).
    const m = FETCH_SERVE_IMPORT.test(text) && mayMatch(FETCH_START, text) ? FETCH_START.exec(text) : null;
    if (m) return { serves: m.index + m[0].indexOf(m[1]!) };
    const d = APP_DEFAULT_EXPORT.exec(text);
    return d && /\bnew\s+(?:Hono|OpenAPIHono|Elysia|H3)\b|\bfetch\s*[(:]/.test(text) ? { exports: d.index } : {};
  });
  if (said.serves !== undefined) return { index: said.serves, note: 'starts the server' };
  // `export default app` (Bun, Deno, Workers serve it) from the entry module of an application it creates.
  if (said.exports === undefined) return undefined;
  const dir = path.posix.dirname(file);
  const atPackageRoot =
    packageDirs.has(dir) || (path.posix.basename(dir) === 'src' && packageDirs.has(path.posix.dirname(dir)));
  if (atPackageRoot && ENTRY_NAME.test(path.posix.basename(file)))
    return { index: said.exports, note: 'exports the fetch handler the runtime serves' };
  return undefined;
}

/**
 * A Go file built only on request: a generator or a tools list (`//go:build ignore`, `// +build tools`), or a debug or
 * test variant (`//go:build debug || debugenv`, `//go:build e2e`), never compiled into the release build. Every term
 * of the constraint must be such a tag: `!debug` or `linux && debug` builds by default or on a platform.
 */
const GO_BUILD_LINE = /^\/\/\s*(?:go:build|\+build)\s+([^\n]+)$/m;
const ON_REQUEST_TAG = /^\(?\s*(?:ignore|tools|debug\w*|dev|e2e\w*|integration\w*|\w*tests?)\s*\)?$/;

function goBuiltOnRequest(text: string): boolean {
  const line = GO_BUILD_LINE.exec(text.slice(0, 2000))?.[1];
  return !!line && line.split(/\s*\|\|\s*|\s+|,/).every((t) => !t || ON_REQUEST_TAG.test(t.trim()));
}

/** Files that build, install or run the repository's Go programs: make/just/task files, scripts, CI, images, releases. */
const GO_BUILD_FILES = [
  '**/{Makefile,makefile,GNUmakefile,*.mk,justfile,Justfile,Taskfile.yml,Taskfile.yaml,magefile.go,*.sh,*.nix}',
  '**/{Dockerfile,Dockerfile.*,*.Dockerfile,Containerfile}',
  '**/.goreleaser*.{yml,yaml}',
  '**/.ko.yaml',
  '.github/workflows/*.{yml,yaml}',
  '.gitlab-ci.yml',
];
/** `go run ./cmd/docgen`, `go run ../../cmd/metricsgen -out …`: the program run, as written. */
const GO_RUN = /\bgo\s+run\s+(?:-\S+\s+)*["']?(\.{1,2}\/[\w./-]*|[\w-]+(?:\/[\w.-]+)*\/?)/g;
/** A command or setting that builds a program to keep: `go build`, `go install`, GoReleaser/ko `main:`, Nix `subPackages`. */
const GO_SHIP = /\bgo\s+(?:build|install)\b|^\s*-?\s*main\s*:|\bsubPackages\b|\bko\s+(?:build|resolve|apply|publish)\b/;

/** The packages a go.mod names as its tools (`tool github.com/acme/svc/devtools/gettool`, or a `tool (…)` block). */
function goModTools(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^tool[ \t]+(?:\(([^)]*)\)|(\S+))/gm))
    for (const l of (m[1] ?? m[2]!).split('\n')) {
      const pkg = l.replace(/\/\/.*$/, '').trim();
      if (pkg) out.push(pkg);
    }
  return out;
}

/** A Sinatra application: a class of Sinatra's (modular style) or a file requiring it (classic style). */
export const SINATRA_APP = /^\s*class\s+\w+\s*<\s*Sinatra::(?:Base|Application)\b|^\s*require\s+["']sinatra["']/m;

/**
 * A file under a Mix project's `priv/` folder is an asset the Elixir application ships (templates, seeds, a checker
 * program copied into a sandbox), not a program of its own.
 */
function inMixPriv(repo: RepoIndex, file: string): boolean {
  const segs = file.split('/');
  return segs.some(
    (s, i) => s === 'priv' && i < segs.length - 1 && repo.has([...segs.slice(0, i), 'mix.exs'].join('/')),
  );
}

/**
 * Folders of Go main packages the repository only ever runs as tools while another main package is built to ship
 * (`go build … ./cmd/server`, GoReleaser `main: ./cmd/server`): generators and developer programs of the build, not
 * programs of the service. A tool is run with `go run` (a Makefile's `go run ./cmd/docgen -out docs/cli.md`,
 * `//go:generate go run ../../cmd/metricsgen`), named by a `tool` directive of its module's go.mod (run with `go tool`),
 * or kept in a tooling folder (`devtools/sendit/cmd/sendit`, `hack/`). A main package nothing names is kept (which of
 * them ships is then unknown), and so is a tool a build ships.
 */
export function goToolDirs(repo: RepoIndex, mainDirs: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  if (mainDirs.size < 2) return out;
  const runDirs = new Set<string>();
  const shipLines: string[] = [];
  const addRun = (base: string, target: string): void => {
    const rel = path.posix.normalize(path.posix.join(base, target.replace(/\/$/, '')));
    const dir = rel.endsWith('.go') ? path.posix.dirname(rel) : rel;
    if (mainDirs.has(dir)) runDirs.add(dir);
  };
  for (const f of repo.glob(GO_BUILD_FILES)) {
    const text = repo.read(f.path);
    if (text === undefined || !/\bgo\s+(?:run|build|install)\b|\bmain\s*:|\bsubPackages\b|\bko\s/.test(text)) continue;
    const base = path.posix.dirname(f.path);
    // Continued commands (`go build \` … `./cmd/main.go`) are one command.
    for (const line of text.replace(/\\\r?\n/g, ' ').split('\n')) {
      if (/\bgo\s+run\b/.test(line)) {
        for (const m of line.matchAll(GO_RUN)) {
          addRun(base, m[1]!);
          if (base !== '.') addRun('.', m[1]!);
        }
      } else if (GO_SHIP.test(line)) shipLines.push(line);
    }
  }
  for (const m of repo.grep(/^\/\/go:generate\s+go\s+run\s+(?:-\S+\s+)*(\.{1,2}\/[\w./-]*)/, { languages: ['go'] }))
    addRun(path.posix.dirname(m.path), m.groups[1]!);
  for (const g of goModulesOf(repo))
    for (const pkg of goModTools(repo.read(g.dir === '.' ? 'go.mod' : `${g.dir}/go.mod`) ?? ''))
      if (pkg.startsWith(`${g.module}/`)) addRun(g.dir, pkg.slice(g.module.length + 1));
  for (const d of mainDirs) if (d.split('/').some((seg) => TOOLING_SEGMENT.test(seg))) runDirs.add(d);
  if (!runDirs.size) return out;
  const shipped = (dir: string): boolean => {
    const segs = dir.split('/');
    // Any tail of the folder (`./cmd/main.go` in a stage whose WORKDIR is the module), or the folder's tree (`./cmd/...`).
    return segs.some((_, i) => {
      const tail = escapeRegExp(segs.slice(i).join('/'));
      const re = new RegExp(`(?:^|[\\s"'=:,\\[(/])(?:\\./)?${tail}(?:/[\\w.-]*)?(?=$|[\\s"',\\])])`);
      return shipLines.some((l) => re.test(l));
    });
  };
  const ships = [...mainDirs].filter(shipped);
  if (!ships.length) return out;
  for (const d of runDirs) if (!ships.includes(d)) out.add(d);
  return out;
}

/**
 * Test utilities, mocks for tests/dev, stories and examples (`examples/`, and a known kind of example named before it:
 * `client-examples/`, `usage_examples/`): not production code paths even when not under tests/.
 * Benchmarks too (cargo's `benches/`, `compile-benchmarks/` of crates a performance suite builds as its input).
 * Go mocks generated beside the interface they mock (mockery's `license_mock.go` or a package's `mocks.go`, mockgen's `mock_store.go`, go-mockgen's `mocks_gen.go`) and the
 * set-up files test runners load (`jest.setup.ts`, `setupTests.ts`) are test support too. A Rust build script (`build.rs`)
 * runs in cargo at compile time: its `env::var` reads and `println!("cargo:…")` lines are the build's, not the service's.
 * grpc-gateway's generated reverse proxy (`service.pb.gw.go`, like the `.pb.go` messages beside it) is the library's code:
 * its body decoding answers INVALID_ARGUMENT and its `…HandlerFromEndpoint` dials, whether or not the service calls it.
 * So are the task files developers run (Fabric's fabfile.py, nox's noxfile.py, doit's dodo.py, Laravel Envoy's
 * Envoy.blade.php, whose `@setup` block runs on the developer's machine before its tasks are sent over SSH), and the
 * projects a tutorial walks through (`content/tutorial/02-forms/+assets/app-a/src/hooks.server.js`: a step's starting
 * code, which the site serves to its readers); a `tutorials/` module of the service's own, with no project below it, is
 * kept.
 */
const NON_PROD_PATH =
  /(^|\/)\.(?:agents?|claude|cursor|windsurf|codex|gemini|continue|roo|kiro|junie)\/|(^|\/)(testing|testutils?|test_?utils|test_?helpers?|testhelpers?|mocks?|__mocks__|fakes?|stubs?|stories|storybook|\.storybook|(?:_|(?:client|usage|code|api|sample)[-_])?examples?|_?samples?|_?demos?|scripts?|seeds?|(?:[a-z0-9]+[-_])?benchmarks?|benches|e2e|cypress|playwright)\/|(^|\/)_?tutorials?\/(?:[^/]+\/)*src\/|(^|\/)(testing|conftest|mock_?\w*|fakes?|factories|fabfile|noxfile|dodo)\.py$|(^|\/)envoy\.blade\.php$|\.stories\.[jt]sx?$|\.pb\.go$|\.pb\.gw\.go$|_pb2(?:_grpc)?\.py$|_grpc\.pb\.go$|(^|\/)mock_\w+\.go$|_mocks?(?:_gen)?\.go$|(^|\/)mocks?(?:_gen(?:erated)?)?\.go$|(^|\/)test_?(?:helpers?|utils?)\.(?:go|rs)$|(^|\/)(?:jest|vitest)\.setup\.[cm]?[jt]sx?$|(^|\/)setup-?[Tt]ests\.[cm]?[jt]sx?$|(^|\/)db\/seeds\.rb$|(^|\/)build\.rs$/i;

/** A cargo build script: run at compile time, not by the service. */
export const RUST_BUILD_SCRIPT = /(^|\/)build\.rs$/;

export function isProductionPath(p: string): boolean {
  // JVM package directories (com/example/demo) are not example folders.
  return !NON_PROD_PATH.test(p.replace(/(^|\/)src\/main\/(?:java|kotlin|scala|groovy)\/.*$/, '$1Main.java'));
}

/**
 * Loaded by a framework by file name: OTel instrumentation files (Next.js also loads `instrumentation-client` in the
 * browser), Sentry's Next.js configs, gunicorn's config.
 */
const FRAMEWORK_LOADED =
  /(^|\/)(?:src\/)?instrumentation(?:-client)?\.[cm]?[jt]s$|(^|\/)sentry\.(?:server|edge|client)\.config\.[cm]?[jt]s$|(^|\/)gunicorn\.conf\.py$/;
/** Next.js middleware at the root of a Next.js project (or its src/); `proxy` is its name from Next.js 16 on. */
const NEXT_MIDDLEWARE = /^(?:src\/)?middleware\.[cm]?[jt]s$/;
const NEXT_MIDDLEWARE_OR_PROXY = /^(?:src\/)?(?:middleware|proxy)\.[cm]?[jt]s$/;

/**
 * Whether `p` is the root middleware file of one of these Next.js projects (nextjsRoots), which Next.js runs on every
 * matched request by itself; with `proxy`, its Next.js 16 name counts too.
 */
export function isNextMiddlewareFile(nextRoots: readonly string[], p: string, opts: { proxy?: boolean } = {}): boolean {
  const re = opts.proxy ? NEXT_MIDDLEWARE_OR_PROXY : NEXT_MIDDLEWARE;
  return nextRoots.some((r) => (r === '.' ? re.test(p) : p.startsWith(`${r}/`) && re.test(p.slice(r.length + 1))));
}

/** The folders of package.json files that depend on next (the root or e.g. frontend/). */
export function nextjsRoots(manifests: ManifestFacts): string[] {
  return manifests.manifests
    .filter((m) => m.type === 'package.json' && m.dependencies.some((d) => d.name === 'next' && !d.dev))
    .map((m) => path.posix.dirname(m.path));
}

const PRELOAD = /(?:--require|--import|(?<![\w-])-r)[= ]\s*["']?([\w./@-]+)/g;

/** JS/TS modules the start command preloads (`node --require ./tracing.js`, `NODE_OPTIONS=--import ./otel.mjs`). */
function preloadedModules(repo: RepoIndex, prod: readonly { path: string; language?: string }[]): string[] {
  const byBase = new Map<string, string[]>();
  for (const f of prod) {
    if (f.language !== 'javascript' && f.language !== 'typescript') continue;
    const base = path.posix.basename(f.path).replace(/\.[cm]?[jt]sx?$/, '');
    byBase.set(base, [...(byBase.get(base) ?? []), f.path]);
  }
  if (!byBase.size) return [];
  const out: string[] = [];
  for (const f of repo.select({ include: START_FILES, exclude: NOT_RUNTIME })) {
    if (f.isTest) continue;
    for (const m of (repo.read(f.path) ?? '').matchAll(PRELOAD)) {
      // Preloaded from the build output (dist/tracing.js) or the sources: matched by module name, as the start
      // command names the compiled file.
      const base = path.posix.basename(m[1]!).replace(/\.[cm]?[jt]sx?$/, '');
      out.push(...(byBase.get(base) ?? []));
    }
  }
  return out;
}

/** Argument parsers a command-line program is built around. */
const CLI_PARSERS = ['clap', 'structopt', 'argh', 'bpaf', 'pico_args', 'gumdrop'];
/** HTTP, gRPC and WebSocket clients: what a command-line client of a service calls it with. */
const SERVICE_CLIENTS = ['reqwest', 'ureq', 'tonic', 'hyper', 'surf', 'isahc', 'attohttpc', 'awc', 'tokio_tungstenite'];
/** Files that start a program in a deployment: image build files, compose files, Procfiles, systemd units. */
const START_COMMAND_FILE =
  /(^|\/)(?:[\w.-]+\.)?(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?$|(^|\/)[\w.-]*compose[\w.-]*\.ya?ml$|(^|\/)Procfile$|\.service$/;
/** The lines of those files that name the program run: CMD/ENTRYPOINT, compose command/entrypoint, ExecStart. */
const START_LINE = /^\s*(?:CMD|ENTRYPOINT|ExecStart\s*=|-?\s*(?:command|entrypoint)\s*:)/i;

/**
 * A server started by the code (an HTTP server, hyper's listener, a tonic server with its services). Built on first
 * use: frameworks.ts imports this module, so its constants are not there yet while this one loads.
 */
let startsServer: RegExp | undefined;
const rustStartsServer = (): RegExp =>
  (startsServer ??= new RegExp(
    `${RUST_SERVER_START.source}|\\bhyper::Server::(?:bind|builder)\\b|\\bServer::builder\\s*\\(\\s*\\)[\\s\\S]{0,300}?\\.add_(?:optional_)?service\\s*\\(`,
  ));

/**
 * Binary crates of a workspace that are command-line clients of the service it serves (attic's `attic` beside
 * `atticd`): built around an argument parser and an HTTP/gRPC client, serving
 * nothing in their own code and linking (by default) no crate that starts a server, no deployment file starts their
 * binaries, and another binary crate of the workspace starts one. People install and run them against the service;
 * the service does not run them, so their code (retry loops, client timeouts, terminal logging) is not the service's.
 */
function commandLineClients(repo: RepoIndex, rust: RustFacts): Set<RustCrate> {
  const out = new Set<RustCrate>();
  const product = rust.crates.filter((c) => !c.tooling);
  const candidates = product.filter(
    (c) => c.bins.length && CLI_PARSERS.some((d) => c.deps.has(d)) && SERVICE_CLIENTS.some((d) => c.deps.has(d)),
  );
  if (!candidates.length) return out;
  const byManifest = new Map(rust.crates.map((c) => [c.manifest, c]));
  // The crates a crate links by default (optional ones wait for a feature).
  const closure = (c: RustCrate): RustCrate[] => {
    const seen = new Set<RustCrate>([c]);
    for (const x of seen)
      for (const m of x.localDeps) {
        const d = byManifest.get(m);
        if (d && !x.optionalLocalDeps.has(m)) seen.add(d);
      }
    return [...seen];
  };
  const filesOf = new Map<RustCrate, string[]>();
  for (const f of repo.files) {
    const c = f.language === 'rust' && !f.isTest && !f.tooLarge ? rust.crateOf(f.path) : undefined;
    if (!c) continue;
    const list = filesOf.get(c) ?? [];
    list.push(f.path);
    filesOf.set(c, list);
  }
  const memo = new Map<RegExp, Map<RustCrate, boolean>>();
  const matches = (c: RustCrate, re: RegExp): boolean => {
    const seen = memo.get(re) ?? new Map<RustCrate, boolean>();
    memo.set(re, seen);
    let hit = seen.get(c);
    if (hit === undefined) {
      hit = !!repo.grepFirst(re, { paths: filesOf.get(c) ?? [] });
      seen.set(c, hit);
    }
    return hit;
  };
  const starts = (c: RustCrate): boolean => matches(c, rustStartsServer());
  const started = startedPrograms(repo);
  for (const c of candidates) {
    const own = closure(c);
    if (matches(c, RUST_SERVES_ANY) || own.some(starts) || c.bins.some((b) => started(b.name))) continue;
    if (product.some((o) => !own.includes(o) && o.bins.length && closure(o).some(starts))) out.add(c);
  }
  return out;
}

/** Whether a deployment file starts a program of this name (`ENTRYPOINT ["/usr/local/bin/atticd"]`, `command: atticd`). */
function startedPrograms(repo: RepoIndex): (name: string) => boolean {
  const lines = repo.memo('liveness:start-lines', () =>
    repo.files
      .filter((f) => START_COMMAND_FILE.test(f.path) && !f.tooLarge)
      .flatMap((f) =>
        (repo.read(f.path) ?? '').split('\n').filter((l) => /(^|\/)Procfile$/.test(f.path) || START_LINE.test(l)),
      ),
  );
  return (name) => {
    const word = new RegExp(`(?<![\\w.-])${escapeRegExp(name)}(?![\\w.-])`);
    return lines.some((l) => word.test(l));
  };
}

/**
 * Ruby application servers, each by the programs a start command runs it with (`rails server` boots Puma, Rails'
 * default server), and the config files they read from config/ (`config/unicorn.rb`, `config/puma/production.rb`).
 */
const RUBY_SERVERS: { names: string[]; config: RegExp }[] = [
  {
    names: ['unicorn', 'unicorn_rails'],
    config: /^config\/unicorn(?:[._-][\w.-]*)?\.rb$|^config\/unicorn\/[^/]+\.rb$/,
  },
  {
    names: ['puma', 'rails server', 'rails s'],
    config: /^config\/puma(?:[._-][\w.-]*)?\.rb$|^config\/puma\/[^/]+\.rb$/,
  },
  { names: ['thin'], config: /^config\/thin(?:[._-][\w.-]*)?\.rb$/ },
  { names: ['falcon'], config: /^config\/falcon(?:[._-][\w.-]*)?\.rb$/ },
  { names: ['pitchfork'], config: /^config\/pitchfork(?:[._-][\w.-]*)?\.rb$/ },
];

/**
 * A Ruby application server's config file in config/ that nothing runs: the server reads its file as it starts (Rails
 * never loads it), so when the deployment's start commands run one server (`web: bundle exec puma -C config/puma.rb`)
 * the config left for another (`config/unicorn.rb`, its TERM trap and `puts` lines) is no code of the service. With no
 * start command naming a server, every server's config is kept.
 */
function idleRubyServerConfig(repo: RepoIndex): (p: string) => boolean {
  const started = startedPrograms(repo);
  const runs = RUBY_SERVERS.filter((s) => s.names.some((n) => started(n)));
  if (!runs.length) return () => false;
  const idle = RUBY_SERVERS.filter((s) => !runs.includes(s));
  return (p) => idle.some((s) => s.config.test(p));
}

/** Argument parsers a Go command-line program is built around. */
const GO_CLI_PARSER = /"github\.com\/(?:spf13\/cobra|urfave\/cli(?:\/v\d+)?|alecthomas\/kong)"/;
/** A request a Go HTTP client builds or sends. */
const GO_HTTP_CALL = /\bhttp\.(?:NewRequest(?:WithContext)?|Get|Post|PostForm|Head)\s*\(/;

/**
 * Folders of Go main packages that are command-line clients of the service beside them (netmaker's `cli/`, released
 * as `nmctl`): built around an argument parser and an HTTP client, serving nothing in their own folder, started by no
 * deployment file, while other Go code of the repository serves. People run them against the service; the service
 * does not run them, so their code (client timeouts, retry loops, checks of their own settings) is not the
 * service's. The Go counterpart of commandLineClients.
 */
function goCommandLineClients(repo: RepoIndex, mainDirs: ReadonlySet<string>, goFiles: readonly string[]): Set<string> {
  const out = new Set<string>();
  if (mainDirs.size < 2) return out;
  const started = startedPrograms(repo);
  // The Go files that start a server, found once for every candidate folder.
  let serving: string[] | undefined;
  const servers = () =>
    (serving ??= [...new Set(repo.grep(GO_SERVER_START, { paths: [...goFiles] }).map((h) => h.path))]);
  for (const dir of mainDirs) {
    if (dir === '.' || started(path.posix.basename(dir))) continue;
    const own = goFiles.filter((p) => p.startsWith(`${dir}/`));
    if (
      repo.grepFirst(GO_CLI_PARSER, { paths: own }) &&
      repo.grepFirst(GO_HTTP_CALL, { paths: own }) &&
      !servers().some((p) => p.startsWith(`${dir}/`)) &&
      servers().some((p) => !p.startsWith(`${dir}/`))
    )
      out.add(dir);
  }
  return out;
}

export function detectLiveness(
  repo: RepoIndex,
  imports: ImportFacts,
  frameworks: FrameworkFacts,
  manifests: ManifestFacts,
  stacks: { rust?: RustFacts; dotnet?: DotnetFacts } = {},
): LivenessFacts {
  // Minified or bundled scripts committed as assets (a Go server's embedded `web/static/js/chunk-vendors.js`) are not
  // code the service runs, even where their text calls `.listen(`.
  const prod = repo.files.filter(
    (f) =>
      f.kind === 'source' &&
      !f.isTest &&
      !f.tooLarge &&
      !(/\.[cm]?js$/.test(f.path) && (MINIFIED.test(f.path) || (f.size > 2000 && minifiedFile(repo, f.path)))),
  );
  const prodSet = new Set(prod.map((f) => f.path));
  const entrypoints: Entrypoint[] = [];
  const seenEntry = new Set<string>();
  const addEntry = (p: string, line: number, note: string): void => {
    if (!prodSet.has(p) || seenEntry.has(p)) return;
    seenEntry.add(p);
    entrypoints.push({ path: p, line, note });
  };
  const lineOfMatch = (p: string, re: RegExp): number | undefined => {
    const m = re.exec(repo.read(p) ?? '');
    return m ? repo.lineAt(p, m.index + (m[0].length - m[0].trimStart().length)) : undefined;
  };

  // Commands that start the service (Dockerfile, Procfile, compose, package.json scripts) name its module.
  const commandFiles = repo.files.filter(
    (f) =>
      /(^|\/)(Dockerfile[^/]*|Containerfile|Procfile|[^/]*compose[^/]*\.ya?ml|Makefile|fly\.toml|app\.yaml|railway\.json)$/i.test(
        f.path,
      ) ||
      f.path.endsWith('.sh') ||
      SUPERVISOR_CONF.test(f.path),
  );
  for (const f of commandFiles) {
    const text = repo.read(f.path) ?? '';
    for (const m of text.matchAll(CMD_MODULE)) {
      const rel = (m[1] ?? m[2])!.split('.').join('/');
      const cand = [`${rel}.py`, `${rel}/__init__.py`, `src/${rel}.py`].find((c) => prodSet.has(c));
      if (cand) addEntry(cand, lineOfMatch(cand, PY_APP) ?? 1, `started by ${f.path}: ${m[0].trim().slice(0, 80)}`);
    }
  }
  /**
   * A module or script a command runs. `celery -A proj` imports proj, then proj.celery (where its app usually lives);
   * `-A proj.tasks.app` names an attribute when proj/tasks/app.py is not there.
   */
  const addStarted = (rel: string, via: string, command: string, celery: boolean): void => {
    const files = (r: string) => [`${r}.py`, `${r}/__main__.py`, `${r}/__init__.py`, `${r}/celery.py`, `src/${r}.py`];
    const parent = celery && rel.includes('/') ? path.posix.dirname(rel) : undefined;
    const cand = [...files(rel), ...(parent ? files(parent) : [])].find((c) => prodSet.has(c));
    if (cand) addEntry(cand, 1, `started by ${via}: ${command.trim().slice(0, 80)}`);
    if (celery && prodSet.has(`${rel}/celery.py`)) addEntry(`${rel}/celery.py`, 1, `Celery app of ${via}`);
  };
  for (const f of commandFiles) {
    for (const m of (repo.read(f.path) ?? '').matchAll(CMD_PY)) {
      const mod = m[1] ?? m[3];
      const rel = mod ? mod.split('.').join('/') : m[2]!.replace(/^\.\//, '').replace(/\.py$/, '');
      addStarted(rel, f.path, m[0], m[3] !== undefined);
    }
    // Shell lines read as the shell splits them, for what the patterns above miss: gunicorn given a bare module
    // (`exec gunicorn -c conf.py application` serves its `application`), options before celery's `-A`, and a command
    // a script keeps in a variable (`WORKER_CMD="celery --quiet -A proj worker"`).
    for (const line of (repo.read(f.path) ?? '').replace(/\\\r?\n[ \t]*/g, ' ').split('\n')) {
      if (!PY_SERVER_WORD.test(line)) continue;
      const value = SHELL_ASSIGNED.exec(line)?.[2];
      // A Dockerfile's exec form (`CMD ["sh", "-c", "gunicorn -c conf.py application"]`) is read as its JSON array.
      const execForm = /^\s*(?:CMD|ENTRYPOINT)\s+(\[.*\])\s*$/.exec(line)?.[1];
      const argv = execForm
        ? words(execForm)
        : shellWords(value ?? line.replace(SUPERVISOR_CONF.test(f.path) ? /^\s*command\s*=\s*/ : START_PREFIX, ''));
      // A PasteDeploy file the server is given (`gunicorn --paste conf/production.ini`, `pserve app.ini`) names the
      // application factory in its [app:…] section.
      const paste = pasteFileOf(argv);
      const ini =
        paste &&
        [path.posix.normalize(paste), path.posix.join(path.posix.dirname(f.path), paste)].find(
          (c) => !c.startsWith('/') && !c.startsWith('..') && repo.has(c),
        );
      if (ini)
        for (const app of pasteApps(repo, ini))
          addStarted(app.module.split('.').join('/'), `${f.path} (${ini})`, line, false);
      for (const step of commandSteps(argv)) {
        const l = launchOf(step);
        if (l?.kind === 'python-module')
          addStarted(l.module.split('.').join('/'), f.path, line, l.program === 'celery');
        // gunicorn runs the config file `-c` names (its hooks, an agent it starts) as it starts, whatever its name.
        const config = l && 'config' in l && l.config?.endsWith('.py') ? path.posix.normalize(l.config) : undefined;
        if (config) addEntry(config, 1, `gunicorn config of ${f.path}`);
      }
    }
  }
  // PHP scripts a start command runs (also from the extension-less shell scripts of bin/ that compose entrypoints
  // name): a container path (`/usr/src/code/app/worker.php`) is matched by its trailing folders.
  const shellBins = repo.files.filter(
    (f) =>
      /(^|\/)bin\/[\w.-]+$/.test(f.path) &&
      !f.language &&
      /^#!\S*\/(?:env\s+)?(?:ba|da)?sh\b/.test(repo.read(f.path) ?? ''),
  );
  for (const f of [...commandFiles, ...shellBins])
    for (const m of (repo.read(f.path) ?? '').matchAll(CMD_PHP)) {
      const parts = m[1]!.replace(/^\.?\//, '').split('/');
      const cand = parts
        .map((_, i) => parts.slice(i).join('/'))
        .find((c, i) => prodSet.has(c) && (i === 0 || parts.length - i >= 2));
      if (cand) addEntry(cand, 1, `started by ${f.path}: php ${m[1]}`);
    }
  const installedCommands: string[] = [];
  // Installed commands of a Python package (console_scripts in setup.cfg/setup.py, [project.scripts] or
  // [tool.poetry.scripts] in pyproject.toml): `http = httpie.__main__:main` runs that module.
  for (const f of manifests.manifests) {
    if (f.ecosystem !== 'python' || !f.commands) continue;
    const dir = path.posix.dirname(f.path);
    const pre = dir === '.' ? '' : `${dir}/`;
    for (const { module } of f.commands) {
      const rel = module.split('.').join('/');
      const cand = [
        `${pre}${rel}.py`,
        `${pre}${rel}/__init__.py`,
        `${pre}src/${rel}.py`,
        `${pre}src/${rel}/__init__.py`,
      ].find((c) => prodSet.has(c));
      if (cand) installedCommands.push(cand);
    }
  }
  const pkg = manifests.manifests.find((m) => m.path === 'package.json')?.raw as Record<string, any> | undefined;
  /** A module a start command names, and the folders it may be relative to. */
  const nodeCandidates: { spec: string; dirs: string[]; via: string }[] = [];
  if (pkg && typeof pkg.main === 'string')
    nodeCandidates.push({ spec: pkg.main, dirs: ['.'], via: 'package.json main' });
  // Start scripts of every package of the repository (apps/api/package.json runs apps/api/src/index.ts), and the
  // scripts a start file runs by name (an entrypoint script's `yarn start:worker`).
  const scriptsRun = scriptsNamedBy(commandFiles.map((f) => repo.read(f.path) ?? ''));
  for (const m of manifests.manifests) {
    if (m.type !== 'package.json' || repo.get(m.path)?.isTest) continue;
    const scripts = (m.raw as Record<string, any> | undefined)?.scripts;
    const dir = path.posix.dirname(m.path);
    const keys = new Set(['start', 'start:prod', 'serve', 'dev', ...scriptsRun]);
    // A Set's iteration reaches the names added while it runs.
    for (const key of keys) {
      const cmd = scripts?.[key];
      if (typeof cmd !== 'string') continue;
      // A script that starts others by a package manager's run (`concurrently "npm run worker:mail" "npm run
      // worker:pdf"`, `concurrently npm:api npm:worker`, `run-p api worker`, `yarn api & yarn worker`): they run too.
      if (keys.size < 50) for (const name of scriptsNamedBy([cmd])) keys.add(name);
      for (const c of cmd.matchAll(CMD_NODE))
        nodeCandidates.push({ spec: c[1]!, dirs: [dir], via: `${m.path} ${key}` });
      for (const c of cmd.matchAll(CMD_NODE_FOLDER))
        nodeCandidates.push({ spec: `${c[1]!}/index.js`, dirs: [dir], via: `${m.path} ${key}` });
    }
  }
  for (const f of commandFiles)
    for (const m of (repo.read(f.path) ?? '').matchAll(CMD_NODE))
      nodeCandidates.push({ spec: m[1]!, dirs: ['.', path.posix.dirname(f.path)], via: f.path });
  for (const { spec, dirs } of nodeCandidates) {
    for (const dir of [...new Set(dirs)]) {
      const norm = path.posix.normalize(path.posix.join(dir, spec.replace(/^\.\//, '')));
      const stripped = norm.replace(/\.[cm]?[jt]sx?$/, '');
      // The start command names the build output: dist/index.js is built from src/index.ts (or from index.ts when the
      // build copies the source layout, as `node build/server/main.js` does for server/main.js).
      const rel = dir === '.' ? stripped : stripped.slice(dir.length + 1);
      const pre = dir === '.' ? '' : `${dir}/`;
      const fromDist = pre + rel.replace(/^(dist|build|out|lib)\//, 'src/');
      const unbuilt = pre + rel.replace(/^(dist|build|out|lib|\.output)\//, '');
      const cand = [
        norm,
        ...['.ts', '.js', '.mts', '.mjs'].flatMap((e) => [stripped + e, fromDist + e, unbuilt + e]),
      ].find((x) => prodSet.has(x));
      if (cand) {
        addEntry(cand, 1, `the start command runs ${spec}`);
        break;
      }
    }
  }
  // Bundler dev servers that name the server module: @hono/vite-dev-server, @hono/vite-build, hono-react-router-adapter.
  for (const f of repo.byName(/^vite\.config\.[cm]?[jt]s$/)) {
    const text = repo.read(f.path) ?? '';
    // The server build's own input (React Router's custom-server template: `input: isSsrBuild ? './server/app.ts'`):
    // the bundled server module the start script imports from the build folder.
    for (const m of text.matchAll(/\bisSsrBuild\s*\?\s*(?:\{\s*input\s*:\s*)?["'`]([^"'`]+)["'`]/g)) {
      const p = path.posix.normalize(path.posix.join(path.posix.dirname(f.path), m[1]!));
      if (prodSet.has(p)) addEntry(p, 1, `the server build input of ${f.path}`);
    }
    if (
      !/["'](?:@hono\/vite-(?:dev-server|build|cloudflare-pages)|hono-react-router-adapter)(?:\/[\w-]+)?["']/.test(text)
    )
      continue;
    const dir = path.posix.dirname(f.path);
    const entries = [...text.matchAll(/\bentry\s*:\s*["'`]([^"'`]+)["'`]/g)].map((m) => m[1]!);
    for (const e of entries.length ? entries : ['src/index.ts']) {
      const p = path.posix.normalize(path.posix.join(dir, e));
      addEntry(p, 1, `the server module ${f.path} serves`);
    }
  }

  /** Folders of packages (package.json, deno.json, wrangler config): where a runtime looks for the entry module. */
  const packageDirs = new Set(
    repo.files
      .filter((f) => /(^|\/)(?:package\.json|deno\.jsonc?|wrangler\.(?:toml|jsonc?))$/.test(f.path) && !f.isTest)
      .map((f) => path.posix.dirname(f.path)),
  );
  // A package that is a browser bundle only (a SPA bundler, no server framework) starts no server: its `.listen(` is an
  // event subscription, its `createServer` Vite's development server.
  let browserDirs: Set<string> | undefined;
  const inBrowserPackage = (p: string): boolean => {
    browserDirs ??= new Set(browserPackages(repo).map((d) => d.replace(/\/$/, '') || '.'));
    for (let d = path.posix.dirname(p); ; d = path.posix.dirname(d)) {
      if (packageDirs.has(d)) return browserDirs.has(d);
      if (d === '.') return false;
    }
  };
  // NestJS CLI (`nest start`) runs src/main.ts by convention.
  if (frameworks.has('nestjs'))
    for (const c of ['src/main.ts', 'src/main.js']) if (prodSet.has(c)) addEntry(c, 1, 'NestJS entry (nest start)');
  let toolDirs: Set<string> | undefined;
  const goTools = (): Set<string> => {
    if (toolDirs) return toolDirs;
    const goFiles = prod.filter((f) => f.language === 'go').map((f) => f.path);
    const mainDirs = new Set(goFiles.filter((p) => repo.holds(GO_PACKAGE_MAIN, p)).map((p) => path.posix.dirname(p)));
    toolDirs = goToolDirs(repo, mainDirs);
    for (const d of goCommandLineClients(repo, mainDirs, goFiles)) toolDirs.add(d);
    return toolDirs;
  };
  for (const f of prod) {
    const text = repo.read(f.path);
    if (text === undefined) continue;
    const base = path.posix.basename(f.path);
    switch (f.language) {
      case 'python': {
        const app = repo.fileMemo('liveness:py-app', f.path, () => (mayMatch(PY_APP, text) ? PY_APP.exec(text) : null));
        if (app) addEntry(f.path, repo.lineAt(f.path, app.index), `creates the ${app[1]} application`);
        else if (base === 'manage.py' || base === 'wsgi.py' || base === 'asgi.py')
          addEntry(f.path, 1, `Django/WSGI entry ${base}`);
        else if (PY_MAIN.test(text) && /\b(uvicorn|serve|run|app)\b/.test(text))
          addEntry(f.path, lineOfMatch(f.path, PY_MAIN) ?? 1, 'runs as __main__');
        break;
      }
      case 'javascript':
      case 'typescript': {
        if (inBrowserPackage(f.path)) break;
        const m = repo.fileMemo('liveness:js-server', f.path, () =>
          mayMatch(JS_SERVER, text) ? JS_SERVER.exec(text) : null,
        );
        if (m) addEntry(f.path, repo.lineAt(f.path, m.index), 'starts the server');
        else {
          const fetch = fetchServerStart(repo, f.path, text, packageDirs);
          if (fetch) addEntry(f.path, repo.lineAt(f.path, fetch.index), fetch.note);
        }
        break;
      }
      case 'go':
        // A main package under examples/, scripts/, benchmarks/ (`config/examples/connect_backend_go/main.go`) is a
        // program of its own beside the service, not one of its entrypoints.
        // A main file built only on request (`//go:build ignore`: ent's entc.go, a code generator `go generate` runs
        // with `go run`) is a tool of the build, not a program the service ships; so is one only run with `go run`, and
        // so is a command-line client of the service (goCommandLineClients).
        if (
          repo.holds(GO_PACKAGE_MAIN, f.path) &&
          GO_MAIN.test(text) &&
          isProductionPath(f.path) &&
          !goBuiltOnRequest(text) &&
          !goTools().has(path.posix.dirname(f.path)) &&
          !inMixPriv(repo, f.path)
        )
          addEntry(f.path, lineOfMatch(f.path, GO_MAIN) ?? 1, 'Go main package');
        break;
      case 'java':
      case 'kotlin':
        if (/@SpringBootApplication\b/.test(text))
          addEntry(f.path, lineOfMatch(f.path, /@SpringBootApplication\b/) ?? 1, 'Spring Boot application class');
        // A main run only by a JavaExec task of its module's build (a generator) is a tool of the build.
        else if (
          (JAVA_MAIN.test(text) || /^fun\s+main\s*\(/m.test(text)) &&
          !gradleBuildTool(repo, jvmModuleDirOf(f.path) ?? '\0')
        )
          addEntry(f.path, 1, 'main method');
        break;
      case 'scala':
        if (SCALA_MAIN.test(text)) addEntry(f.path, lineOfMatch(f.path, SCALA_MAIN) ?? 1, 'Scala main');
        break;
      case 'ruby':
        if (base === 'config.ru' || f.path === 'config/application.rb') addEntry(f.path, 1, 'Rack/Rails application');
        else if (SINATRA_APP.test(text)) addEntry(f.path, 1, 'Sinatra application');
        break;
    }
  }
  // Quarkus generates the main class of an application that writes none (no @QuarkusMain): requests enter at its
  // JAX-RS resources, the first of which the framework fact names.
  const quarkus = frameworks.get('quarkus');
  if (quarkus && !entrypoints.some((e) => /\.(?:java|kt)$/.test(e.path)))
    addEntry(quarkus.path, quarkus.line, 'Quarkus application (Quarkus generates its main class)');
  // Play writes no main: requests enter at the controllers its routes files name (`controllers.Health.check`), found
  // by their file name in the application's app/ folder.
  const play = playApps(repo);
  for (const app of play) {
    const controllers = playControllers(repo, app);
    const entry = prod.find(
      (f) => inPlayApp([app], f.path) && controllers.has(path.posix.basename(f.path).replace(/\.\w+$/, '')),
    );
    if (entry) addEntry(entry.path, 1, `Play controller named by ${app.routesFiles[0]}`);
  }
  // Rust: every binary target of a product crate is an entrypoint (Rocket's #[launch] stands in for main), except the
  // command-line clients of a service the workspace serves.
  const clients = stacks.rust ? commandLineClients(repo, stacks.rust) : new Set<RustCrate>();
  for (const c of stacks.rust?.crates ?? []) {
    if (c.tooling || clients.has(c)) continue;
    for (const b of c.bins)
      addEntry(
        b.root,
        lineOfMatch(b.root, /^\s*(?:pub\s+)?(?:async\s+)?fn\s+main\s*\(|#\[(?:rocket::)?launch\]/m) ?? 1,
        `Rust binary ${b.name}`,
      );
  }
  // .NET: an application project (web, worker, console; not tests, not an Aspire AppHost, which only orchestrates
  // local runs) starts at its Program.cs (top-level statements or a static Main).
  const dotnetApps = (stacks.dotnet?.projects ?? []).filter(
    (p) => (p.kind === 'web' || p.kind === 'worker' || p.kind === 'exe') && isProductionPath(`${p.dir}/x`),
  );
  for (const app of dotnetApps) {
    const files = prod.filter(
      (f) => (f.language === 'csharp' || f.language === 'fsharp') && stacks.dotnet!.projectOf(f.path) === app,
    );
    // F# has no top-level Program by name: its entry is the function marked `[<EntryPoint>]` (in the last file compiled).
    const main =
      files.find((f) => /(^|\/)Program\.[cf]s$/.test(f.path)) ??
      files.find((f) => f.language === 'fsharp' && /\[<\s*EntryPoint\s*>\]/.test(repo.read(f.path) ?? '')) ??
      files.find((f) =>
        /\bstatic\s+(?:async\s+)?(?:void|int|Task(?:<int>)?)\s+Main\s*\(/.test(repo.read(f.path) ?? ''),
      );
    if (main) addEntry(main.path, 1, `${app.kind === 'web' ? 'ASP.NET Core' : '.NET'} application ${app.name}`);
    // IIS loads a classic ASP.NET application's assembly and starts its HttpApplication (Global.asax) or OWIN Startup.
    const start =
      app.classicWeb && !main ? files.find((f) => CLASSIC_ASPNET_START.test(repo.read(f.path) ?? '')) : undefined;
    if (start) addEntry(start.path, 1, `ASP.NET application ${app.name}`);
  }
  // Framework conventions: files loaded without an import.
  const autoLoaded = new Set<string>();
  const auto = (p: string, note: string, entry = false): void => {
    if (!prodSet.has(p) && !repo.has(p)) return;
    autoLoaded.add(p);
    if (entry) addEntry(p, 1, note);
  };
  // Next.js projects: the folders of package.json files that depend on next (the root or e.g. frontend/).
  const nextRoots = nextjsRoots(manifests);
  if (frameworks.has('nextjs')) {
    for (const root of nextRoots) {
      const pre = root === '.' ? '' : `${root}/`;
      for (const f of repo.glob(
        [
          `${pre}{src/,}app/**/{route,page,layout}.{ts,tsx,js,jsx}`,
          `${pre}{src/,}pages/**/*.{ts,tsx,js,jsx}`,
          `${pre}{src/,}{middleware,instrumentation,instrumentation-client}.{ts,js}`,
          `${pre}next.config.{js,mjs,ts}`,
        ],
        { includeTests: false },
      )) {
        auto(
          f.path,
          'Next.js file-system route',
          /\/route\.[jt]sx?$|pages\/api\/|(^|\/)(middleware|instrumentation)\.[jt]s$/.test(f.path),
        );
      }
    }
  }
  // File-system routers (SvelteKit, Nuxt/Nitro, Remix/React Router, Astro, Vercel and Netlify functions): route files,
  // hooks, server middleware and plugins are loaded by the framework.
  for (const l of detectFsRoutes(repo, manifests).loaded) auto(l.path, l.note, l.entry);
  // @fastify/autoload: register(autoLoad, { dir: path.join(__dirname, 'routes') }) loads every file of that folder.
  const jsProd = prod.filter((f) => f.language === 'javascript' || f.language === 'typescript');
  for (const { dir, from } of fastifyAutoloadDirs(
    repo,
    jsProd.map((f) => f.path),
  ))
    for (const g of prod) if (g.path.startsWith(`${dir}/`)) auto(g.path, `loaded by @fastify/autoload from ${from}`);
  // Folder loaders (auto-load, require-dir, require-all): every module of the folder they are called on is required.
  for (const { dir, from } of folderLoaderDirs(
    repo,
    jsProd.map((f) => f.path),
  ))
    for (const g of jsProd) if (g.path.startsWith(`${dir}/`)) auto(g.path, `required by the folder loader in ${from}`);
  // AdonisJS: the Ignitor reads adonisrc.ts (v6; .adonisrc.json in v5), whose preloads (start/routes, start/kernel),
  // providers and commands it imports, and every file of config/ (the app's configuration is loaded by folder).
  if (frameworks.has('adonisjs')) {
    const at = frameworks.get('adonisjs')!.path;
    const base = at.replace(/(?:^|\/)(?:bin\/)?server\.[jt]s$/, (m) => (m.startsWith('/') ? '/' : ''));
    const pre = base === at ? '' : base;
    for (const f of prod)
      if (
        f.path.startsWith(pre) &&
        /^(?:adonisrc\.[jt]s|(?:start|config|providers)\/.*\.[jt]s)$/.test(f.path.slice(pre.length))
      )
        auto(f.path, 'loaded by AdonisJS (adonisrc preloads, providers, config/)');
  }
  // Sails loads api/ (controllers, policies, helpers, hooks, models, responses) and config/ by file name.
  if (frameworks.has('sails'))
    for (const dir of sailsRoots(repo, manifests))
      for (const f of prod)
        if (f.path.startsWith(`${dir}api/`) || f.path.startsWith(`${dir}config/`)) auto(f.path, 'Sails convention');
  // Hanami 2 loads app/, slices/ and lib/ through Zeitwerk; config/ holds routes, settings and providers.
  if (frameworks.has('hanami'))
    for (const f of prod)
      if (/^(app|slices|config|lib)\//.test(f.path) || f.path === 'config.ru') auto(f.path, 'Hanami autoload');
  if (frameworks.has('rails')) {
    const idle = idleRubyServerConfig(repo);
    for (const f of prod)
      if ((/^(app|config)\//.test(f.path) || f.path === 'config.ru') && !idle(f.path)) auto(f.path, 'Rails autoload');
    const lib = repo.grepFirst(/autoload_lib|autoload_paths.*lib/, { paths: ['config/application.rb'] });
    if (lib) for (const f of prod) if (f.path.startsWith('lib/')) auto(f.path, 'Rails autoload (lib)');
    // Folders the application adds to Zeitwerk (`config.autoload_paths.push("#{root}/extras")`,
    // `config.eager_load_paths << Rails.root.join("services")`, `%W[#{config.root}/extras]`) load like app/.
    for (const dir of railsAutoloadDirs(repo.read('config/application.rb') ?? ''))
      for (const f of prod) if (f.path.startsWith(`${dir}/`)) auto(f.path, `Rails autoload (${dir})`);
  }
  // Ruby loaders outside Rails: Zeitwerk for a gem (`Zeitwerk::Loader.for_gem` loads the folder of the file that
  // calls it) or pushed folders, and `Dir.glob("#{__dir__}/handlers/*.rb").each { |f| require f }` loops.
  for (const f of prod) {
    if (f.language !== 'ruby') continue;
    const text = repo.read(f.path) ?? '';
    const dirs: string[] = [];
    const here = path.posix.dirname(f.path);
    if (/\bZeitwerk::Loader\.for_gem\b/.test(text)) dirs.push(here);
    for (const m of text.matchAll(
      /\.push_dir\(\s*(?:File\.join\(\s*)?(?:__dir__|File\.dirname\(__FILE__\))\s*,\s*["']([\w/.-]+)["']/g,
    ))
      dirs.push(path.posix.join(here, m[1]!));
    if (/\bDir(?:\.glob\s*\(|\[)/.test(text) && /\brequire(?:_relative)?\s*\(?\s*\w/.test(text))
      for (const m of text.matchAll(
        /["']#\{(?:__dir__|File\.dirname\(__FILE__\))\}\/([\w/.-]+?)(?:\/\*|["'])|File\.(?:join|expand_path)\(\s*(?:__dir__|File\.dirname\(__FILE__\))\s*,\s*["']([\w/.-]+?)["']/g,
      ))
        dirs.push(path.posix.normalize(path.posix.join(here, (m[1] ?? m[2])!)));
    for (const d of dirs) {
      const pre = d === '.' ? '' : `${d}/`;
      if (pre.startsWith('..')) continue;
      for (const g of prod)
        if (g.language === 'ruby' && g.path.startsWith(pre)) auto(g.path, `loaded by the Ruby loader in ${f.path}`);
    }
  }
  // PHP frameworks: the front controller (public/index.php) starts every request; Composer's PSR-4 autoload makes the
  // application namespaces (app/, src/) live, and the framework loads routes/, config/ and bootstrap/ by name.
  const php = PHP_FRAMEWORKS.find((n) => frameworks.has(n));
  if (php) {
    const at = frameworks.get(php)!.path;
    const known =
      /(^|\/)(?:artisan|bootstrap\/app\.php|public\/index\.php|src\/Kernel\.php|config\/(?:bundles|pipeline|routes|application\.config)\.php)$/;
    // A framework found by its code (Slim's `AppFactory::create()` in app.php) sits anywhere: the application root is
    // the folder of the nearest composer.json above it.
    const base = known.test(at)
      ? at.replace(known, '$1')
      : (at
          .split('/')
          .slice(0, -1)
          .map((_, i, parts) => `${parts.slice(0, parts.length - i).join('/')}/`)
          .find((d) => repo.has(`${d}composer.json`)) ?? '');
    for (const c of [`${base}public/index.php`, `${base}web/index.php`, `${base}index.php`])
      if (prodSet.has(c)) {
        addEntry(c, 1, `${php} front controller`);
        break;
      }
    const roots = phpNamespaceRoots(repo)
      .filter((r) => !/(^|\/)tests?(\/|$)/i.test(r.dir))
      .map((r) => (r.dir === '.' ? '' : `${r.dir}/`));
    const conventional = [`${base}routes/`, `${base}config/`, `${base}bootstrap/`, `${base}database/migrations/`];
    // Laminas MVC and Mezzio modular layouts: each module's Module.php / ConfigProvider and config under module/.
    if (php === 'mezzio' || php === 'laminas-mvc') conventional.push(`${base}module/`);
    for (const f of prod)
      if (f.language === 'php' && [...roots, ...conventional].some((r) => f.path.startsWith(r)))
        auto(f.path, `${php} autoload`);
    // Utopia: the script that builds the application (`new Http($server, …)`) starts the server; the controller files
    // that declare routes and hooks on the class (`Http::get(…)`, `Http::init()`) are included by it, often from a
    // configuration list of services (`include_once $service['controller']`) no import records.
    if (php === 'utopia') {
      addEntry(at, frameworks.get(php)!.line, 'Utopia HTTP server');
      for (const f of prod)
        if (f.language === 'php' && UTOPIA_DECLARATION.test(repo.read(f.path) ?? '')) auto(f.path, 'Utopia controller');
    }
  }
  // Plain PHP (no framework package): the web server runs each script of the web root (public/index.php, login.php …)
  // and Composer's PSR-4 autoload makes the application namespaces live. Needed only when other entrypoints resolve
  // the repository (helper scripts run as __main__, a Node build): otherwise every production file is live already,
  // and the application would be left dead behind its tools.
  const plainFront = !php && (entrypoints.length > 0 || autoLoaded.size > 0) ? frameworks.get('php')?.path : undefined;
  if (plainFront && prodSet.has(plainFront)) {
    for (const { path: p } of phpWebRootScripts(repo, plainFront))
      if (prodSet.has(p)) addEntry(p, 1, 'PHP script the web server runs');
    const roots = phpNamespaceRoots(repo)
      .filter((r) => !/(^|\/)tests?(\/|$)/i.test(r.dir))
      .map((r) => (r.dir === '.' ? '' : `${r.dir}/`));
    for (const f of prod)
      if (f.language === 'php' && roots.some((r) => f.path.startsWith(r))) auto(f.path, 'php autoload');
  }
  // Elixir: mix compiles every module under lib/ (apps/*/lib/ in an umbrella) into the release; config.exs,
  // runtime.exs and prod.exs configure it. The application module and the Phoenix endpoint are where it starts.
  if (frameworks.has('phoenix') || frameworks.has('plug') || manifests.byEcosystem.get('elixir')?.length) {
    for (const f of prod) {
      if (f.language !== 'elixir') continue;
      if (/(^|\/)lib\/.*\.ex$/.test(f.path) && !/(^|\/)lib\/mix\/tasks\//.test(f.path)) {
        const text = repo.read(f.path) ?? '';
        if (PHOENIX_ENDPOINT_IN.test(text) || /^\s*use\s+Application\b/m.test(text))
          addEntry(f.path, 1, 'Elixir application start');
        auto(f.path, 'compiled by mix');
      } else if (/(^|\/)config\/(config|runtime|prod|releases)\.exs$/.test(f.path)) auto(f.path, 'mix configuration');
    }
  }
  for (const f of prod) {
    if ((f.language === 'java' || f.language === 'kotlin') && SPRING_STEREOTYPE.test(repo.read(f.path) ?? ''))
      auto(f.path, 'framework component scan (Spring, CDI, Micronaut)');
    else if (f.language === 'java' && observesGitHubEvents(repo.read(f.path) ?? ''))
      auto(f.path, 'GitHub event observer (quarkus-github-app)');
    // Ktor application modules and route builders (`fun Application.main()`, `fun Route.orders()`): the engine loads modules from ktor.application.modules in
    // its configuration, or main() installs them.
    else if (f.language === 'kotlin' && KTOR_MODULE.test(repo.read(f.path) ?? ''))
      auto(f.path, 'Ktor application module');
  }
  for (const f of repo.files) {
    if (/(^|\/)src\/main\/resources\//.test(f.path)) autoLoaded.add(f.path);
  }

  // Files a framework or the start command loads by name, without an import: they and what they import are live, but
  // they do not make the service "resolved" (a config file alone says nothing about where the service starts).
  const loadedByName = new Set<string>();
  for (const f of prod) {
    if (FRAMEWORK_LOADED.test(f.path)) loadedByName.add(f.path);
    else if (isNextMiddlewareFile(nextRoots, f.path)) loadedByName.add(f.path);
  }
  for (const p of preloadedModules(repo, prod)) loadedByName.add(p);
  // JVM ServiceLoader providers: the classes a `META-INF/services/<interface>` file or a module-info.java `provides … with`
  // names are instantiated by the runtime when the interface is looked up, without an import.
  for (const p of serviceProviders(repo, prod)) loadedByName.add(p);
  // routing-controllers loads the controllers, middlewares and interceptors its server is given as folder globs.
  for (const p of routingControllersLoaded(repo, prod)) loadedByName.add(p);
  // An installed command's module is live, without making the service resolved: a library's own modules stay live
  // when only its command-line helper is found.
  for (const p of installedCommands) loadedByName.add(p);

  // Reachability: breadth-first over local imports (and conventions) from the entrypoints.
  const reached = new Set<string>();
  const queue: string[] = [];
  const visit = (p: string): void => {
    if (reached.has(p)) return;
    // A Rust module declared under `#[cfg(test)]` (`mod test_helpers;`) is compiled only by `cargo test`: the test
    // modules of live files that `use crate::test_helpers::…` do not make it production code.
    if (p.endsWith('.rs') && stacks.rust?.moduleOf(p)?.testOnly) return;
    reached.add(p);
    queue.push(p);
  };
  for (const e of entrypoints) visit(e.path);
  for (const p of autoLoaded) visit(p);
  for (const p of loadedByName) visit(p);
  const kotlinNames = new Map<string, RegExp | undefined>();
  const kotlinTopLevel = (file: string): RegExp | undefined => {
    if (kotlinNames.has(file)) return kotlinNames.get(file);
    const names = [...(repo.read(file) ?? '').matchAll(KOTLIN_TOP_LEVEL)]
      .map((m) => m[1]!)
      .filter((n) => n.length >= 5);
    const re = names.length ? new RegExp(`\\b(?:${[...new Set(names)].join('|')})\\b`) : undefined;
    kotlinNames.set(file, re);
    return re;
  };
  const jvmFilesByDir = new Map<string, string[]>();
  for (const f of prod) {
    if (f.language !== 'java' && f.language !== 'kotlin') continue;
    const d = path.posix.dirname(f.path);
    jvmFilesByDir.set(d, [...(jvmFilesByDir.get(d) ?? []), f.path]);
  }
  // Scala: top-level definitions, and files not named after their classes (app.scala, models.scala), make a source
  // root compile as one unit, as a Rust crate does.
  const scalaFilesByRoot = new Map<string, string[]>();
  // A Play application's app/ folder compiles as one such unit, its Java files too.
  const sourceRoot = (file: string): string | undefined => {
    const app = inPlayApp(play, file);
    return app ? playAppDir(app) : file.endsWith('.scala') ? scalaSourceRoot(file) : undefined;
  };
  for (const f of prod) {
    const root = f.language === 'scala' || f.language === 'java' ? sourceRoot(f.path) : undefined;
    if (root) scalaFilesByRoot.set(root, [...(scalaFilesByRoot.get(root) ?? []), f.path]);
  }
  const goFilesByDir = new Map<string, string[]>();
  for (const f of prod) {
    if (f.language !== 'go') continue;
    // A file built only on request (`//go:build ignore`, `//go:build debug`) is no part of its folder's package.
    if (goBuiltOnRequest(repo.read(f.path) ?? '')) continue;
    const d = path.posix.dirname(f.path);
    goFilesByDir.set(d, [...(goFilesByDir.get(d) ?? []), f.path]);
  }
  const pyModuleFile = (dotted: string): string | undefined => {
    const parts = dotted.split('.');
    for (let n = parts.length; n >= 1; n--) {
      const rel = parts.slice(0, n).join('/');
      // Below a folder on sys.path (webapp/ holding the project crashstats/ and its app crashstats/crashstats/): the
      // shallowest match, as a dotted name is found from a root folder, not from inside a package of the same name.
      const c =
        [`${rel}.py`, `${rel}/__init__.py`].find((x) => prodSet.has(x)) ??
        prod
          .filter((f) => f.path.endsWith(`/${rel}.py`) || f.path.endsWith(`/${rel}/__init__.py`))
          .reduce<string | undefined>(
            (best, f) => (!best || f.path.split('/').length < best.split('/').length ? f.path : best),
            undefined,
          );
      if (c) return c;
    }
    return undefined;
  };
  /** A relative dotted module (`.routes`, `..utils.wsgi`) from the package of `from`, as Python resolves it. */
  const pyRelativeModuleFile = (from: string, dotted: string): string | undefined => {
    const dots = /^\.+/.exec(dotted)![0].length;
    let dir = path.posix.dirname(from);
    for (let i = 1; i < dots; i++) dir = path.posix.dirname(dir);
    const rest = dotted.slice(dots).split('.').filter(Boolean).join('/');
    const base = rest ? (dir === '.' ? rest : `${dir}/${rest}`) : dir;
    return [`${base}.py`, `${base}/__init__.py`].find((x) => prodSet.has(x));
  };
  // Rust: a crate compiles as one unit: its module tree, its package's library and the local crates it depends on.
  const rustFiles = new Map<string, string[]>();
  for (const f of prod) {
    const m = f.language === 'rust' ? stacks.rust?.moduleOf(f.path) : undefined;
    if (m && !m.testOnly) rustFiles.set(m.crate.manifest, [...(rustFiles.get(m.crate.manifest) ?? []), f.path]);
  }
  const rustCrateSeen = new Set<string>();
  const visitCrate = (manifest: string): void => {
    if (rustCrateSeen.has(manifest)) return;
    rustCrateSeen.add(manifest);
    for (const p of rustFiles.get(manifest) ?? []) visit(p);
    for (const dep of stacks.rust?.crates.find((c) => c.manifest === manifest)?.localDeps ?? []) visitCrate(dep);
  };
  // .NET: a project compiles every source file under its folder; an application loads its referenced projects.
  const dotnetFiles = new Map<string, string[]>();
  for (const f of prod) {
    const p = f.language === 'csharp' || f.language === 'fsharp' ? stacks.dotnet?.projectOf(f.path) : undefined;
    if (p) dotnetFiles.set(p.path, [...(dotnetFiles.get(p.path) ?? []), f.path]);
  }
  const dotnetSeen = new Set<string>();
  // PHP folder constants (`define('APP_PATH', '')`, `define('LIB', __DIR__ . '/lib/')`), read once from every PHP file.
  let phpFolders: Map<string, string> | undefined;
  const phpFolderConstants = (): Map<string, string> => {
    phpFolders ??= phpPathConstants(
      prod.filter((p) => p.language === 'php').map((p) => [p.path, repo.read(p.path) ?? '']),
    );
    return phpFolders;
  };
  while (queue.length) {
    const file = queue.shift()!;
    const f = repo.get(file);
    if (f?.language === 'csharp' || f?.language === 'fsharp') {
      const p = stacks.dotnet?.projectOf(file);
      if (p && !dotnetSeen.has(p.path) && p.kind !== 'test' && p.kind !== 'apphost')
        for (const q of stacks.dotnet!.closure(p)) {
          if (dotnetSeen.has(q.path) || q.kind === 'test') continue;
          dotnetSeen.add(q.path);
          for (const g of dotnetFiles.get(q.path) ?? []) visit(g);
          // Files it compiles in from another folder (`<Compile Include="..\Web\Shared.cs" Link=…/>`).
          for (const g of q.linkedSources) visit(g);
        }
    }
    if (f?.language === 'rust') {
      const m = stacks.rust?.moduleOf(file);
      if (m && !m.testOnly) visitCrate(m.crate.manifest);
    }
    if (f?.language === 'go') for (const sib of goFilesByDir.get(path.posix.dirname(file)) ?? []) visit(sib);
    if (f?.language === 'scala' || f?.language === 'java')
      for (const sib of scalaFilesByRoot.get(sourceRoot(file) ?? '\0') ?? []) visit(sib);
    // Java/Kotlin: a class of the same package is used without an import; a sibling file is reached when the reached
    // file names the class it is named after (`NoteController()` beside NoteController.kt).
    if (f?.language === 'java' || f?.language === 'kotlin') {
      const text = repo.read(file) ?? '';
      for (const sib of jvmFilesByDir.get(path.posix.dirname(file)) ?? []) {
        if (sib === file || reached.has(sib)) continue;
        const cls = path.posix.basename(sib).replace(/\.(?:java|kt)$/, '');
        if (/^[A-Z]\w*$/.test(cls) && new RegExp(`\\b${cls}\\b`).test(text)) visit(sib);
        // Kotlin: the sibling's top-level functions and values, whatever the file is called (`speakerClient()` of
        // Client.kt); names shorter than five letters are too common to tell.
        else if (sib.endsWith('.kt')) {
          const names = kotlinTopLevel(sib);
          if (names?.test(text)) visit(sib);
        }
      }
    }
    // Importing a Python module runs the __init__.py of every package above it.
    if (f?.language === 'python')
      for (let d = path.posix.dirname(file); d !== '.'; d = path.posix.dirname(d))
        if (prodSet.has(`${d}/__init__.py`)) visit(`${d}/__init__.py`);
    if (f?.language === 'python') {
      const text = repo.read(file) ?? '';
      // A module that lists its own folder and loads what it finds (click's MultiCommand plugin folder:
      // `os.listdir(os.path.dirname(__file__))`, then `compile()`/`exec` or `importlib.import_module` of each file)
      // runs every module beside it.
      if (
        /\b(?:os\.listdir|os\.scandir|pkgutil\.iter_modules|iterdir|glob)\s*\(/.test(text) &&
        /\b__(?:file|path)__\b/.test(text) &&
        /\bimport_module\s*\(|(?<![\w.])(?:compile|exec|__import__)\s*\(|\bspec_from_file_location\s*\(/.test(text)
      ) {
        const dir = path.posix.dirname(file);
        for (const p of prod) if (p.path.endsWith('.py') && path.posix.dirname(p.path) === dir) visit(p.path);
      }
      // A module imported by a name built at run time below a package it names (`import_module(f"app.api.{name}")`,
      // `import_module("app.backends." + kind)`: features or back ends chosen by configuration) may be any module of
      // that package: each one beside the package's __init__.py is run.
      for (const m of text.matchAll(/\bimport_module\(\s*f?["']([A-Za-z_][\w.]*)\.(?:\{|["']\s*\+)/g)) {
        const init = pyModuleFile(m[1]!);
        if (!init?.endsWith(`${m[1]!.replaceAll('.', '/')}/__init__.py`)) continue;
        const dir = path.posix.dirname(init);
        for (const p of prod) if (p.path.endsWith('.py') && path.posix.dirname(p.path) === dir) visit(p.path);
      }
      // A module that imports every module of a folder it names from the working directory (`Path("backend") /
      // "routes"`, then `rglob("*.py")` and `importlib.import_module` of each: routes found by where they are) runs them.
      if (/\bimport_module\s*\(/.test(text) && /\.(?:r?glob|iterdir)\s*\(/.test(text)) {
        const deep = /\.rglob\s*\(|\.glob\s*\(\s*["']\*\*\//.test(text);
        for (const m of text.matchAll(/\bPath\(\s*["']([\w./-]+)["']\s*\)((?:\s*\/\s*["'][\w.-]+["'])*)/g)) {
          const parts = [m[1]!, ...[...m[2]!.matchAll(/["']([\w.-]+)["']/g)].map((x) => x[1]!)];
          const dir = path.posix.normalize(parts.join('/')).replace(/\/$/, '');
          for (const p of prod) {
            if (!p.path.endsWith('.py') || !p.path.startsWith(`${dir}/`)) continue;
            if (deep || path.posix.dirname(p.path) === dir) visit(p.path);
          }
        }
      }
      // Pyramid: config.scan("pkg.views") imports every module of the package (its decorated views and Cornice
      // services register themselves); config.scan() scans the caller's own package; config.include("pkg.mod")
      // imports the module and runs its includeme.
      if (/\.(?:scan|include)\(/.test(text) && /\bpyramid\b|\bConfigurator\b|\bincludeme\b/.test(text)) {
        // `config.scan(categories=…, ignore=[…])`: keyword arguments only, the caller's own package.
        // `config.scan(__name__)` in a package's __init__.py scans that package, as `config.scan()` does.
        for (const m of text.matchAll(/\.(scan|include)\(\s*(?:["']([\w.]+)["']|__name__)?\s*(?:[,)]|[a-z_]+\s*=)/g)) {
          // `config.include(".routes")` names a module relative to the caller's package.
          const pkgFile = m[2]
            ? m[2].startsWith('.')
              ? pyRelativeModuleFile(file, m[2])
              : pyModuleFile(m[2])
            : m[1] === 'scan'
              ? [file, `${path.posix.dirname(file)}/__init__.py`].find(
                  (x) => x.endsWith('__init__.py') && prodSet.has(x),
                )
              : undefined;
          if (!pkgFile) continue;
          visit(pkgFile);
          if (m[1] === 'scan' && pkgFile.endsWith('/__init__.py')) {
            const dir = pkgFile.slice(0, -'__init__.py'.length);
            for (const p of prod) if (p.path.startsWith(dir) && p.path.endsWith('.py')) visit(p.path);
          }
        }
      }
    }
    // django-split-settings: `include("components/base.py", optional("local_settings.py"), "env/*.py")` executes
    // those files (paths relative to the settings module's folder, globs allowed) as part of the settings.
    if (f?.language === 'python') {
      const text = repo.read(file) ?? '';
      if (/\bsplit_settings\b/.test(text) && /\binclude\s*\(/.test(text)) {
        const dir = path.posix.dirname(file);
        for (const m of text.matchAll(/["']([\w*./-]+\.py)["']/g)) {
          const rel = path.posix.normalize(path.posix.join(dir, m[1]!));
          if (rel.includes('*')) {
            const re = new RegExp(`^${rel.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
            for (const p of prod) if (re.test(p.path)) visit(p.path);
          } else if (prodSet.has(rel)) visit(rel);
        }
      }
    }
    // Celery's autodiscover_tasks() imports the tasks module of every listed (or installed) package.
    if (f?.language === 'python' && /\.autodiscover_tasks\(/.test(repo.read(file) ?? ''))
      for (const t of prod) if (/\/tasks\.py$/.test(t.path)) visit(t.path);
    // PHP: a file required by path from a reached one runs with it (`require_once __DIR__ . '/../app.php'`), and so
    // does one whose path it hands to a loader (PHP-DI's `addDefinitions(dirname(__DIR__) . '/config/services.php')`,
    // a config loader's `load(__DIR__ . '/routes.php')`): a PHP file named by its path from the reached one.
    if (f?.language === 'php')
      for (const m of (repo.read(file) ?? '').matchAll(
        /(?:\b__DIR__|\bdirname\s*\(\s*__DIR__\s*(?:,\s*(\d)\s*)?\))\s*\.\s*['"]([^'"$]+\.php)['"]/g,
      )) {
        let dir = path.posix.dirname(file);
        const ups = m[0].startsWith('__DIR__') ? 0 : Number(m[1] ?? 1);
        for (let i = 0; i < ups; i++) dir = path.posix.dirname(dir);
        const target = path.posix.normalize(path.posix.join(dir, m[2]!));
        if (prodSet.has(target)) visit(target);
      }
    // PHP: a file required through a folder constant (`require APP_PATH.'lib/framework.php'`), or a pattern of them
    // (`require_once sprintf(APP_PATH.'modules/%s/modules.php', $name)`: every module's file of that name).
    if (f?.language === 'php')
      for (const m of (repo.read(file) ?? '').matchAll(PHP_CONSTANT_REQUIRE)) {
        const base = phpFolderConstants().get(m[1]!);
        if (base === undefined) continue;
        const target = path.posix.normalize(`${base}${m[3]!}`).replace(/^\.?\/+/, '');
        if (!target.includes('%s')) {
          if (prodSet.has(target)) visit(target);
          continue;
        }
        const re = new RegExp(`^${target.split('%s').map(escapeRegExp).join('[^/]+')}$`);
        for (const p of prod) if (re.test(p.path)) visit(p.path);
      }
    for (const ref of imports.byFile.get(file) ?? []) {
      if (!ref.local) continue;
      if (goFilesByDir.has(ref.local)) for (const g of goFilesByDir.get(ref.local)!) visit(g);
      else if (prodSet.has(ref.local)) visit(ref.local);
    }
    if (
      f?.language === 'python' &&
      (DJANGO_NAMING_MODULE.test(file) ||
        /^\s*(?:INSTALLED_APPS|ROOT_URLCONF|MIDDLEWARE)\s*=/m.test(repo.read(file) ?? ''))
    ) {
      // Django settings, urls and WSGI files name modules in strings: 'orders.middleware.RequestIdMiddleware', include('orders.urls').
      const text = repo.read(file) ?? '';
      for (const m of text.matchAll(/["']([A-Za-z_]\w*(?:\.\w+)+)["']/g)) {
        const target = pyModuleFile(m[1]!);
        if (target) visit(target);
      }
      // The settings package and root URL module also go by one-part names (`"settings"`, `"urls"` at the top of the
      // repository), which the dotted strings above miss.
      const settingsModule = /\bDJANGO_SETTINGS_MODULE["']\s*(?:,|\]\s*=)\s*["'](\w+)["']/.exec(text)?.[1];
      for (const mod of [settingsModule, rootUrlconf(text)]) {
        const target = mod ? pyModuleFile(mod) : undefined;
        if (target) visit(target);
      }
      // INSTALLED_APPS = ['orders', ...]: Django imports each app's models, admin and apps modules.
      // INSTALLED_APPS, and the LOCAL_APPS / THIRD_PARTY_APPS lists it is often assembled from.
      // A WSGI/ASGI/manage.py entry that leaves DJANGO_SETTINGS_MODULE to the environment (the deploy guide exports
      // it): the project's settings modules below the entry's folder are what Django loads.
      if (
        /(^|\/)(wsgi|asgi|manage)\.py$/.test(file) &&
        /\bdjango\b/.test(text) &&
        !/["'][\w.-]*\bsettings\b[\w.-]*["']/.test(text)
      ) {
        const base = path.posix.dirname(file) === '.' ? '' : `${path.posix.dirname(file)}/`;
        for (const p of prod) {
          const rest = p.path.startsWith(base) ? p.path.slice(base.length) : undefined;
          if (
            rest &&
            /^(?:[\w-]+\/)?settings(?:\.py|\/[\w-]+\.py)$/.test(rest) &&
            !/\/(?:test|tests|ci)\w*\.py$/.test(rest) &&
            /^\s*(?:INSTALLED_APPS|ROOT_URLCONF|MIDDLEWARE)\s*=/m.test(repo.read(p.path) ?? '')
          )
            visit(p.path);
        }
      }
      // `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.local")` defaults to one module of a settings
      // package; a deployment sets the variable to another (settings/production.py, built on the same base with a
      // star import), which Django loads in its place.
      const envDefault = /\bsetdefault\(\s*["']DJANGO_SETTINGS_MODULE["']\s*,\s*["']([\w.]+)["']/.exec(text)?.[1];
      const settingsDir = envDefault && path.posix.dirname(pyModuleFile(envDefault) ?? '');
      if (settingsDir && /(^|\/)\w*settings$/.test(settingsDir))
        for (const p of prod)
          if (
            path.posix.dirname(p.path) === settingsDir &&
            !/\/(?:test|tests|ci|dev|local)\w*\.py$/.test(p.path) &&
            /^from\s+[\w.]+\s+import\s+\*/m.test(repo.read(p.path) ?? '')
          )
            visit(p.path);
      // Comments inside the list (`# ordering models (e.g. FeatureSegment)`) do not close it.
      const uncommented = text.replace(/^\s*#.*$/gm, '').replace(/([,[(]\s*)#[^\n]*$/gm, '$1');
      const apps = [...uncommented.matchAll(/\b[A-Z_]*APPS\s*(?::[^=\n]*)?=\s*[[(]([\s\S]*?)[\])]/g)]
        .map((m) => m[1]!)
        .join('\n');
      if (apps) {
        for (const a of apps.matchAll(/["']([\w.]+)["']/g)) {
          // 'hc.api' is the package hc/api; 'shop.orders.apps.OrdersConfig' names the AppConfig of shop/orders.
          const dir = a[1]!
            .replace(/\.apps\.\w+$/, '')
            .split('.')
            .join('/');
          for (const mod of ['models', 'admin', 'apps', 'signals', 'urls', 'views', 'tasks']) {
            const c = [
              `${dir}/${mod}.py`,
              ...prod.filter((p) => p.path.endsWith(`/${dir}/${mod}.py`)).map((p) => p.path),
            ].find((x) => prodSet.has(x));
            if (c && mod !== 'views' && mod !== 'urls') visit(c);
          }
          // manage.py runs each app's management commands (workers, schedulers, cron jobs).
          for (const p of prod)
            if (new RegExp(`(^|/)${dir}/management/commands/[^/]+\\.py$`).test(p.path)) visit(p.path);
        }
      }
    }
  }
  const resolved = entrypoints.length > 0 || autoLoaded.size > 0;
  const isLive = (p: string): boolean => {
    if (prodSet.has(p)) return resolved ? reached.has(p) : true;
    const f = repo.get(p);
    if (!f || f.isTest) return false;
    if (f.kind === 'source') return false; // too large to read, or a test
    return f.kind !== 'docs';
  };
  let live: LiveSource[] | undefined;
  return {
    entrypoints,
    resolved,
    isLive,
    liveSources: () => {
      live ??= prod
        .filter((f) => f.language && isProductionPath(f.path) && isLive(f.path))
        .map((f) => ({ path: f.path, language: f.language! }));
      return live;
    },
    // A .NET project named or built for tests (`X.TestClient`, `X.Testing`) is test support wherever its folder is.
    isProductionPath: (p) => isProductionPath(p) && stacks.dotnet?.projectOf(p)?.kind !== 'test',
  };
}

/**
 * Django's root URL module named by the settings: a string (`"shop.urls"`; `"urls"` or `f"urls"` at the top of the
 * repository, which the dotted module strings miss) or a name built from a string constant of the same file:
 * `ROOT_URLCONF = "{}.urls".format(PROJECT_MODULE)`, `f"{PROJECT_MODULE}.urls"`, `"%s.urls" % PROJECT_MODULE` or
 * `PROJECT_MODULE + ".urls"` with `PROJECT_MODULE = "shop"`.
 */
export function rootUrlconf(text: string): string | undefined {
  const value = /^ROOT_URLCONF\s*(?::[^=\n]*)?=[ \t]*(\S[^\n]*)$/m.exec(text)?.[1]?.trim();
  if (!value) return undefined;
  const constant = (name: string): string | undefined =>
    new RegExp(`^${escapeRegExp(name)}\\s*(?::[^=\\n]*)?=\\s*["']([\\w.]+)["']`, 'm').exec(text)?.[1];
  const plus = /^(\w+)\s*\+\s*(["'])([\w.]+)\2$/.exec(value);
  if (plus) {
    const head = constant(plus[1]!);
    return head ? head + plus[3]! : undefined;
  }
  const tpl = /^(f?)(["'])([\w.{}%]+)\2\s*(?:\.format\(\s*(\w+)\s*\)|%\s*\(?\s*(\w+)\s*,?\s*\)?)?$/.exec(value);
  if (!tpl) return undefined;
  const [, f, , body, formatArg, percentArg] = tpl;
  if (!/[{%]/.test(body!)) return formatArg || percentArg ? undefined : body;
  const slot = f ? /\{(\w+)\}/ : formatArg ? /\{0?\}/ : percentArg ? /%s/ : undefined;
  const name = f ? slot?.exec(body!)?.[1] : (formatArg ?? percentArg);
  const head = name ? constant(name) : undefined;
  return slot && head ? body!.replace(slot, head) : undefined;
}

/**
 * The repository folders a Rails application adds to its autoload or eager-load paths in config/application.rb: the
 * statement `config.autoload_paths` / `eager_load_paths` / `autoload_once_paths` (`+=`, `<<`, `.push(…)`, `.concat(…)`)
 * up to its end, each `#{root}/x`, `#{config.root}/x`, `Rails.root.join("x")` or `root.join("x")` in it.
 */
export function railsAutoloadDirs(text: string): string[] {
  const dirs = new Set<string>();
  for (const st of text.matchAll(
    /\bconfig\.(?:autoload_paths|eager_load_paths|autoload_once_paths)\s*(?:\+=|<<|\.(?:push|concat|unshift)\s*\(?)([^\n]*(?:\n[^\n]*?(?:#\{|join\()[^\n]*){0,8})/g,
  )) {
    for (const m of st[1]!.matchAll(
      /#\{(?:config\.)?root\}\/([\w./-]+)|(?:Rails\.)?root\.join\(\s*["']([\w./-]+)["']/g,
    )) {
      const d = (m[1] ?? m[2])!.replace(/\/+$/, '').replace(/^\.\//, '');
      if (d && !d.startsWith('..')) dirs.add(d);
    }
  }
  return [...dirs];
}

/** A routing-controllers server being created (`createExpressServer({ … })`, `useKoaServer(app, { … })`). */
export const RC_SERVER = /\b(?:create|use)(?:Express|Koa)Server\s*\(/;

/**
 * routing-controllers: the 0-based line of a server option (`controllers:`, `middlewares:`, `interceptors:`) whose
 * value loads files by path (folder globs, `__dirname` joins, a setting's value), or -1 when the option is absent, empty
 * or a list of classes (`middlewares: [Guard, Audit]`, also written one class a line).
 */
export function routingControllersLoadsByPath(lines: readonly string[], key: string): number {
  const at = lines.findIndex((l) => new RegExp(`^\\s*${key}\\s*:`).test(l));
  if (at < 0) return -1;
  let value = lines[at]!.replace(/^[^:]*:/, '');
  for (let k = at + 1; value.includes('[') && !value.includes(']') && k < lines.length && k <= at + 40; k++)
    value += `\n${lines[k]!}`;
  const v = value.replace(/\/\/[^\n]*|\/\*[^*]*\*\//g, '').trim();
  const list = /^\[([^\]]*)\]\s*,?$/.exec(v);
  const items = list
    ? list[1]!
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
  if (items?.every((s) => /^[A-Z][\w$]*$/.test(s))) return -1;
  return at;
}

/**
 * routing-controllers: a server created with its `controllers`, `middlewares` or `interceptors` given as folder globs
 * (`createExpressServer({ controllers: [path.join(__dirname, 'controllers/*.ts')] })`, or paths read from a setting)
 * requires every file they match when it starts. The globs are often a setting's value, so every production file that
 * imports routing-controllers and declares a controller, a middleware or an interceptor with its decorator is loaded.
 * A server given class lists only (`controllers: [UserController]`) imports what it loads: nothing is added.
 */
function routingControllersLoaded(repo: RepoIndex, prod: readonly { path: string; language?: string }[]): string[] {
  const rc = prod.filter(
    (f) =>
      (f.language === 'typescript' || f.language === 'javascript') &&
      (repo.read(f.path) ?? '').includes('routing-controllers'),
  );
  const byGlob = rc.some((f) => {
    const text = repo.read(f.path) ?? '';
    if (!RC_SERVER.test(text)) return false;
    const lines = text.split('\n');
    return ['controllers', 'middlewares', 'interceptors'].some((key) => routingControllersLoadsByPath(lines, key) >= 0);
  });
  if (!byGlob) return [];
  return rc
    .filter((f) => /^\s*@(?:JsonController|Controller|Middleware|Interceptor)\s*\(/m.test(repo.read(f.path) ?? ''))
    .map((f) => f.path);
}

/**
 * Classes registered for the JVM ServiceLoader in production code: listed in `src/main/resources/META-INF/services/*` or
 * in a module-info.java `provides <service> with <class>, …`, and the classes a logback configuration names, resolved
 * to their files by package declaration.
 */
function serviceProviders(repo: RepoIndex, prod: readonly { path: string; language?: string }[]): string[] {
  const names: string[] = [];
  for (const f of repo.files) {
    if (f.isTest) continue;
    if (/(^|\/)src\/main\/resources\/META-INF\/services\/[\w.$]+$/.test(f.path)) {
      for (const line of (repo.read(f.path) ?? '').split('\n')) {
        const cls = line.replace(/#.*/, '').trim();
        if (/^[\w.$]+$/.test(cls)) names.push(cls);
      }
    } else if (/(^|\/)src\/main\/resources\/logback(?:-[\w.-]+)?\.xml$/.test(f.path)) {
      // Logback instantiates the classes its configuration names (`<encoder class="acme.logging.JsonEncoder"/>`, an
      // appender, a layout, a filter), the project's own among them.
      for (const m of (repo.read(f.path) ?? '').matchAll(/\bclass\s*=\s*["']([\w.$]+)["']/g)) names.push(m[1]!);
    } else if (/(^|\/)module-info\.java$/.test(f.path)) {
      const text = (repo.read(f.path) ?? '').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const m of text.matchAll(/\bprovides\s+[\w.]+\s+with\s+([\w.\s,]+);/g))
        for (const c of m[1]!.split(',')) names.push(c.trim());
    }
  }
  if (!names.length) return [];
  const byClass = new Map<string, string[]>();
  for (const f of prod) {
    if (f.language !== 'java' && f.language !== 'kotlin') continue;
    const cls = path.posix.basename(f.path).replace(/\.(?:java|kt)$/, '');
    byClass.set(cls, [...(byClass.get(cls) ?? []), f.path]);
  }
  const out = new Set<string>();
  for (const fqcn of names) {
    const simple = fqcn.slice(fqcn.lastIndexOf('.') + 1).replace(/\$.*/, '');
    const pkg = fqcn.includes('.') ? fqcn.slice(0, fqcn.lastIndexOf('.')) : '';
    for (const file of byClass.get(simple) ?? []) {
      const own = /^[ \t]*package\s+([\w.]+)/m.exec(repo.read(file) ?? '')?.[1] ?? '';
      // module-info names classes of its own module by simple name only when imported; match on the package when known.
      if (!pkg || own === pkg) out.add(file);
    }
  }
  return [...out];
}

/** `require APP_PATH.'lib/x.php'`, `include_once(sprintf(MODS . '%s/setup.php', $m))`: the constant and the rest of the path. */
const PHP_CONSTANT_REQUIRE =
  /\b(?:require|include)(?:_once)?\s*\(?\s*(?:sprintf\s*\(\s*)?([A-Z_][A-Z0-9_]*)\s*\.\s*(['"])([^'"\n$]+\.php)\2/g;
const PHP_DEFINE = /\bdefine\s*\(\s*['"]([A-Z_][A-Z0-9_]*)['"]\s*,([^;\n]*)\)[^\S\n]*;/g;

/**
 * The PHP constants that name a folder of the repository, as a path from its root ('' for the root, 'lib/'): `define(
 * 'APP_PATH', '')` (a path relative to the entry script's folder, which the web server runs it from), `__DIR__ .
 * '/lib/'`, `dirname(__DIR__) . '/'`, or another such constant followed by a literal (`APP_PATH.'config/'`). A
 * constant defined twice to different folders is left out.
 */
export function phpPathConstants(files: readonly (readonly [string, string])[]): Map<string, string> {
  const raw: { name: string; file: string; expr: string }[] = [];
  for (const [file, text] of files)
    for (const m of text.matchAll(PHP_DEFINE)) raw.push({ name: m[1]!, file, expr: m[2]!.trim() });
  const out = new Map<string, string>();
  const conflicted = new Set<string>();
  // Constants built from others are resolved in rounds, as many as there are definitions at most.
  for (let round = 0; round <= raw.length; round++) {
    let grew = false;
    for (const { name, file, expr } of raw) {
      if (conflicted.has(name)) continue;
      const value = phpFolderValue(expr, path.posix.dirname(file), out);
      if (value === undefined) continue;
      const known = out.get(name);
      if (known === value) continue;
      if (known !== undefined) {
        conflicted.add(name);
        out.delete(name);
        continue;
      }
      out.set(name, value);
      grew = true;
    }
    if (!grew) break;
  }
  return out;
}

/** The folder a constant's expression names, from the repository's root, or undefined when it is not a plain path. */
function phpFolderValue(expr: string, dir: string, known: ReadonlyMap<string, string>): string | undefined {
  const here = dir === '.' ? '' : `${dir}/`;
  let value = '';
  const parts = expr.split(/\s*\.\s*(?=['"]|__DIR__|dirname|[A-Z_])/);
  for (const [i, part] of parts.entries()) {
    const literal = /^(['"])([^'"$\\]*)\1$/.exec(part);
    const up = /^dirname\s*\(\s*__DIR__\s*(?:,\s*(\d)\s*)?\)$/.exec(part);
    if (literal) value += i === 0 && !literal[2]!.startsWith('/') ? `${here}${literal[2]}` : literal[2]!;
    else if (part === '__DIR__' && i === 0) value = dir === '.' ? '' : dir;
    else if (up && i === 0) {
      // Each level climbs one folder: past the root is outside the repository.
      const levels = Number(up[1] ?? 1);
      if (levels > (dir === '.' ? 0 : dir.split('/').length)) return undefined;
      let d = dir;
      for (let n = levels; n > 0; n--) d = path.posix.dirname(d);
      value = d === '.' ? '' : d;
    } else if (/^[A-Z_][A-Z0-9_]*$/.test(part) && i === 0 && known.has(part)) value = known.get(part)!;
    else return undefined;
  }
  if (value.startsWith('/')) value = value.slice(1);
  // Only folders inside the repository: `__DIR__ . '/../'` above the root, or an absolute path, are not.
  const normal = value === '' ? '' : path.posix.normalize(value);
  if (normal.startsWith('..') || /^\//.test(expr.replace(/['"]/g, ''))) return undefined;
  return normal === '.' ? '' : normal.endsWith('/') || normal === '' ? normal : `${normal}/`;
}

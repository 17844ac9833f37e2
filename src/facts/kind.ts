import { DOTNET_LANGUAGES } from '../repo/classify.js';
import path from 'node:path';
import type { GrepMatch, RepoIndex } from '../repo/index.js';
import { type DockerfileFacts, startsNothing } from './dockerfiles.js';
import { type FrameworkFacts, phpFrontControllers } from './frameworks.js';
import type { ImportFacts, ImportRef } from './imports.js';
import type { ManifestFacts } from './manifests.js';
import { isUnder } from '../repo/view.js';
import { imageShortName, workspaceFolders } from './components.js';
import type { ComposeFacts } from './compose.js';
import type { DotnetFacts } from './dotnet.js';
import { isInfraWorkloadImage } from './infra-images.js';
import { isBatchWorkload, type K8sFacts } from './k8s.js';
import { isProductionPath } from './liveness.js';
import type { PlatformFacts } from './platform.js';
import { normalName, ownPackageNames } from './own-packages.js';

export type ProjectKindName = 'service' | 'library' | 'cli' | 'frontend' | 'monorepo' | 'unknown';

export interface KindEvidence {
  path: string;
  line?: number;
  note: string;
}

export interface ProjectKind {
  kind: ProjectKindName;
  /** Serves HTTP (an HTTP framework or server is in production code). */
  servesHttp: boolean;
  /** A long-running process: HTTP server or background worker. */
  longRunning: boolean;
  /** Why the kind was chosen, with evidence. */
  reason: string;
  evidence: KindEvidence[];
}

const WORKER_SIGNALS: (string | RegExp)[] = [
  'celery',
  'rq',
  'dramatiq',
  'huey',
  'arq',
  'saq',
  'taskiq',
  'kafka',
  'aiokafka',
  'confluent_kafka',
  'pika',
  'aio_pika',
  'apscheduler',
  'airflow',
  'prefect',
  'dagster',
  'faust',
  'bullmq',
  'bull',
  'kafkajs',
  'amqplib',
  'node-cron',
  'agenda',
  'github.com/segmentio/kafka-go',
  'github.com/rabbitmq/amqp091-go',
  'github.com/hibiken/asynq',
  // A Kubernetes controller's manager (`ctrl.NewManager`): reconcile loops that run for as long as the pod does.
  /^sigs\.k8s\.io\/controller-runtime(?:\/pkg\/manager)?$/,
  'sidekiq',
  // Rust consumers and schedulers.
  'lapin',
  'amiquip',
  'rdkafka',
  'apalis',
  'tokio_cron_scheduler',
  // .NET consumers and schedulers.
  'MassTransit',
  'Hangfire',
  'Confluent.Kafka',
  'RabbitMQ.Client',
  'Quartz',
  'Azure.Messaging.ServiceBus',
  // ppy's Redis queue processor: a `QueueProcessor<T>` subclass polls its queue until the process is stopped.
  'osu.Server.QueueProcessor',
];
/**
 * Chat bots hold a connection to their platform's gateway (or poll it) for as long as they run: a long-running process
 * like a worker, not a command.
 */
const BOT_SIGNALS: (string | RegExp)[] = [
  'discord',
  'nextcord',
  'disnake',
  'telegram',
  'aiogram',
  'pyrogram',
  'telethon',
  'slack_bolt',
  'discord.js',
  'telegraf',
  'grammy',
  'node-telegram-bot-api',
  '@slack/bolt',
  'github.com/bwmarrin/discordgo',
  /^github\.com\/go-telegram-bot-api\/telegram-bot-api(\/v\d+)?$/,
  /^gopkg\.in\/telebot\.v\d+$|^gopkg\.in\/tucnak\/telebot\.v\d+$/,
  'serenity',
  'poise',
  'teloxide',
];
const FRONTEND_DEPS = ['react', 'vue', '@angular/core', 'svelte', 'solid-js', 'preact', 'lit'];
const CLI_IMPORTS: (string | RegExp)[] = [
  'click',
  'typer',
  'argparse',
  'fire',
  'commander',
  'yargs',
  'cac',
  'oclif',
  '@oclif/core',
  'meow',
  'github.com/spf13/cobra',
  'github.com/urfave/cli',
  'thor',
  'clap',
  'structopt',
  'argh',
  'lexopt',
  'pico_args',
  'bpaf',
  'gumdrop',
  'System.CommandLine',
  'Spectre.Console.Cli',
  'McMaster.Extensions.CommandLineUtils',
];

/**
 * A server file that only serves a built front end: static files from a build folder and the index page for the other
 * paths (with at most a proxy), and no route of its own beyond wildcard paths.
 */
function isStaticHost(repo: RepoIndex, file: string): boolean {
  if (!/\.(?:m?js|cjs|ts)$/.test(file)) return false;
  const text = repo.read(file) ?? '';
  if (!/\b(?:express\.static|serveStatic|sirv|koaStatic|fastifyStatic)\s*\(/.test(text)) return false;
  if (!/\bsendFile\s*\([^)]*index\.html|["'](?:\.\/)?(?:dist|build|public)["']/.test(text)) return false;
  // Every route registration is a wildcard (`app.get('*', …)`, `app.get('/legacy/*', …)`).
  for (const m of text.matchAll(/\b\w+\.(?:get|post|put|patch|delete|all|route)\s*\(\s*["'`]([^"'`]*)["'`]/g))
    if (!m[1]!.endsWith('*')) return false;
  return true;
}

/** Spring Boot starters and libraries that put a web server (servlet or reactive) on the classpath. */
const SPRING_WEB_DEP =
  /(?:^|:)(?:spring-boot-starter-(?:web|webflux|jersey|tomcat|jetty|undertow|reactor-netty|websocket|data-rest|hateoas|web-services|graphql|rsocket|thymeleaf|mustache|freemarker|groovy-templates)|spring-webmvc|spring-webflux|spring-cloud-starter-gateway[\w-]*|spring-cloud-config-server|spring-cloud-starter-netflix-eureka-server|spring-boot-admin-starter-server|vaadin[\w-]*|springdoc-openapi[\w-]*|[\w-]*servlet[\w-]*|tomcat-embed-[\w-]+|jetty-server|jetty-ee\d*-[\w-]+|undertow-[\w-]+|reactor-netty[\w-]*|jersey-[\w-]+|camel-[\w-]*(?:servlet|http|jetty|undertow|netty-http|platform-http)[\w-]*)$/;
/** Production code that serves web requests: controllers, routes, servlets and filters, or Boot's web server classes. */
const SPRING_WEB_IMPORT =
  /^\s*import\s+(?:org\.springframework\.web\.(?:bind\.annotation|servlet|reactive|socket|filter)|org\.springframework\.stereotype\.Controller|(?:jakarta|javax)\.(?:servlet|ws\.rs)|org\.springframework\.boot\.web\.(?:servlet|embedded|reactive|server))\b/m;

/**
 * A Spring Boot application with no web stack: its build declares Spring Boot starters (so its dependencies are
 * read) and none that brings a web server, and no production file imports a controller, a servlet or Boot's web
 * server classes; or its configuration sets `spring.main.web-application-type: none`. Spring Boot then runs the
 * application without a web server (an event processor, a scheduler, a batch job).
 */
function springWithoutWebServer(repo: RepoIndex, manifests: ManifestFacts): KindEvidence | undefined {
  const none = repo
    .grep(/^\s*(?:spring\.main\.)?web-application-type\s*[:=]\s*["']?none\b/i, {
      include: ['**/application.{yml,yaml,properties}'],
      limit: 5,
    })
    .find((m) => isProductionPath(m.path) && !repo.get(m.path)?.isTest && !/(?:^|\/)src\/(?!main\/)/.test(m.path));
  if (none) return { path: none.path, line: none.line, note: 'web-application-type is none' };
  const jvm = manifests.dependencies.filter((d) => d.ecosystem === 'jvm');
  const starter = jvm.find((d) => /(?:^|:)spring-boot-starter(?:-[\w-]+)?$/.test(d.name) && !d.dev);
  if (!starter || jvm.some((d) => SPRING_WEB_DEP.test(d.name))) return undefined;
  const web = repo
    .grep(SPRING_WEB_IMPORT, { languages: ['java', 'kotlin'], kinds: ['source'], limit: 20 })
    .some((m) => isProductionPath(m.path));
  if (web) return undefined;
  return {
    path: starter.manifest,
    ...(starter.line ? { line: starter.line } : {}),
    note: `${starter.name.replace(/^.*:/, '')} and no web starter, controller or servlet`,
  };
}

export function detectKind(
  repo: RepoIndex,
  frameworks: FrameworkFacts,
  imports: ImportFacts,
  manifests: ManifestFacts,
  dockerfiles: DockerfileFacts,
): ProjectKind {
  const pkgJson = manifests.manifests.find((m) => m.path === 'package.json')?.raw as Record<string, any> | undefined;
  const pyproject = manifests.manifests.find((m) => m.path === 'pyproject.toml')?.raw as
    | Record<string, any>
    | undefined;
  // pnpm 10 keeps its settings in pnpm-workspace.yaml (`allowBuilds`, `minimumReleaseAge`): the file declares a
  // workspace only when it lists member packages that exist.
  const pnpmWorkspace = repo.has('pnpm-workspace.yaml') && pnpmListsPackages(repo);
  const workspaces =
    pkgJson?.workspaces ||
    pnpmWorkspace ||
    repo.has('lerna.json') ||
    repo.has('nx.json') ||
    repo.has('turbo.json') ||
    repo.has('go.work');

  // A browser app's own small server that only hands out its built files (express.static('dist'), index.html for every
  // other path, an /api proxy: a preview or static host beside a Vite app a CDN serves) does not make it a service.
  const browserApp = FRONTEND_DEPS.some((d) => manifests.declared('node', d) && !manifests.declared('node', d)!.dev);
  const hosts = browserApp ? frameworks.http.filter((h) => !isStaticHost(repo, h.path)) : frameworks.http;
  // The service's own server before one in an example, a mock or a test harness (a Go server beside the Express mock
  // of a third-party API its integration suites start).
  const servers = [...hosts.filter((h) => isProductionPath(h.path)), ...hosts.filter((h) => !isProductionPath(h.path))];
  const http = servers[0];
  // The repository that publishes a worker library (the sidekiq gem, the celery package) requires itself: its own
  // name is not a use of that library.
  const own = ownPackageNames(repo, pkgJson, pyproject);
  const notOwn = (s: string | RegExp): boolean => typeof s !== 'string' || !own.has(normalName(s));
  /** The first signal used by production code (not an example, script or test helper). */
  const usedInProduction = (signals: (string | RegExp)[]): ImportRef | undefined =>
    signals
      .filter(notOwn)
      .map((s) => imports.firstUse(s))
      .find((u) => u && isProductionPath(u.file));
  const bot = usedInProduction(BOT_SIGNALS);
  const worker = usedInProduction(WORKER_SIGNALS) ?? dotnetWorker(repo, manifests) ?? bot;
  const tcpServer = http || worker ? undefined : protocolServer(repo);
  const longRunning = !!http || !!worker || !!tcpServer;
  // A Spring Boot application with no web stack on its classpath starts no web server (its application type is NONE):
  // a Pub/Sub or Kafka processor that calls other services with spring-web's RestTemplate serves no HTTP.
  const springNoWeb =
    http && servers.every((h) => h.name === 'spring-boot') ? springWithoutWebServer(repo, manifests) : undefined;
  const base = { servesHttp: !!http && !springNoWeb, longRunning };

  // A server outside every workspace package (a Flask app beside the workspace of its charting library) is what the
  // repository runs: the workspace only builds its parts.
  const members = workspaces ? memberFolders(repo) : [];
  const rootServer = servers.find((h) => !members.some((d) => isUnder(h.path, d)));
  if (workspaces && !rootServer) {
    const where = pkgJson?.workspaces
      ? 'package.json'
      : pnpmWorkspace
        ? 'pnpm-workspace.yaml'
        : ['lerna.json', 'nx.json', 'turbo.json', 'go.work'].find((p) => repo.has(p))!;
    return {
      kind: 'monorepo',
      ...base,
      reason: `workspaces are declared in ${where}`,
      evidence: [{ path: where, note: 'workspace configuration' }],
    };
  }
  // A .NET framework whose only web hosts are its example apps (examples/MvcWeb, samples/…) and which packs NuGet
  // packages: the packages are what it ships; the examples show how a host application uses them.
  const dotnetLib =
    http && servers.every((h) => h.name === 'aspnetcore' || h.name === 'aspnet')
      ? dotnetSampleHostedLibrary(repo, manifests)
      : undefined;
  if (dotnetLib && (!worker || inDotnetLibraryProject(worker.file, manifests)))
    return {
      kind: 'library',
      ...base,
      servesHttp: false,
      longRunning: false,
      reason: `a library: ${dotnetLib.note}; its web hosts are example applications`,
      evidence: [dotnetLib],
    };
  // A library whose only servers are its examples (a router's `_examples/`, an extension's `examples/` apps): the
  // package is what it ships; the examples show how an application uses it.
  // A Go module without a main package, or a Rust crate without a binary target, cannot be run at all: its server code
  // (a framework's `Run` calling `http.ListenAndServe`, hyper's `serve_connection`) serves the applications that import it.
  const goLibraryServer =
    !!http &&
    ((repo.has('go.mod') && servers.every((h) => h.language === 'go') && !goMainPackage(repo)) ||
      (repo.has('Cargo.toml') && servers.every((h) => h.language === 'rust') && !rustBinary(repo)));
  const exampleHostedLib =
    http && !worker && (goLibraryServer || !servers.some((h) => isProductionPath(h.path)))
      ? libraryEvidence(repo, pkgJson, pyproject, manifests)
      : undefined;
  if (exampleHostedLib)
    return {
      kind: 'library',
      ...base,
      servesHttp: false,
      longRunning: false,
      reason: `a library: ${exampleHostedLib.note}; ${goLibraryServer ? 'its server code runs inside the applications that import it' : 'its servers are example applications'}`,
      evidence: [exampleHostedLib],
    };
  // A controller manager's probe server is no server of the worker's own: the reconcile loops are what it runs.
  if (springNoWeb)
    return {
      kind: 'service',
      ...base,
      reason: `a Spring Boot application that starts no web server (${springNoWeb.note})`,
      evidence: [springNoWeb],
    };
  if (http && !(worker && servers.every((h) => h.name === 'controller-runtime'))) {
    const server = rootServer ?? http;
    return {
      kind: 'service',
      ...base,
      reason: `serves ${frameworks.grpcOnly ? 'gRPC' : 'HTTP'} with ${server.name}`,
      evidence: [{ path: server.path, line: server.line, note: `${server.name} application` }],
    };
  }
  if (worker) {
    return {
      kind: 'service',
      ...base,
      reason: worker === bot ? `runs as a chat bot (${worker.pkg})` : `runs as a background worker (${worker.pkg})`,
      evidence: [
        { path: worker.file, line: worker.line, note: `${worker === bot ? 'bot' : 'worker'} library ${worker.pkg}` },
      ],
    };
  }
  if (tcpServer) {
    return {
      kind: 'service',
      ...base,
      reason: `serves its own protocol on a TCP listener (${tcpServer.path}:${tcpServer.line})`,
      evidence: [{ path: tcpServer.path, line: tcpServer.line, note: 'TCP listener accepting connections in a loop' }],
    };
  }
  // A bundled browser app often lists its framework among devDependencies (SvelteKit, Vite apps): that counts for an
  // application package (private, or publishing no entry points or commands), not for a library testing with React.
  // Its build runs a bundler (a docs site's `vitepress build` beside a Go program is not the app).
  const appPackage =
    !!pkgJson &&
    !pkgJson.bin &&
    (pkgJson.private === true || !(pkgJson.main || pkgJson.exports || pkgJson.module || pkgJson.types)) &&
    /\b(?:vite|svelte-kit|next|nuxt|astro|webpack|react-scripts|parcel|rollup|ng)\s+build\b/.test(
      String(pkgJson.scripts?.build ?? ''),
    );
  const frontend =
    pkgJson &&
    FRONTEND_DEPS.find((d) => {
      const dep = manifests.declared('node', d);
      return dep && (!dep.dev || appPackage);
    });
  if (frontend) {
    return {
      kind: 'frontend',
      ...base,
      reason: `a browser application built with ${frontend} and no server framework`,
      evidence: [{ path: 'package.json', note: `depends on ${frontend}` }],
    };
  }
  // A gem that declares no executables (no spec.executables, no exe/ folder) is a library even when it ships a
  // Thor command class: the host application's binstub runs it (a Rails engine's `bin/jobs`).
  const gemspec = repo.glob('*.gemspec')[0];
  const gemWithoutCommands =
    !!gemspec && !/\.executables\s*=|\.bindir\s*=/.test(repo.read(gemspec.path) ?? '') && !repo.glob('exe/*').length;
  const pythonCliOptional = !!pyproject && optionalPythonCli(pyproject);
  // Command-line parsers in examples, benchmarks and scripts are not the project's commands; nor is a packaged Python
  // library's demo run by `python -m pkg.module` (`if __name__ == "__main__":` then `import argparse`).
  const packagedPython = !!(pyproject?.project?.name || pyproject?.tool?.poetry?.name) || repo.has('setup.py');
  const cliUse = (s: string | RegExp): ImportRef | undefined =>
    imports
      .importersOf(s)
      .filter(
        (u) =>
          isProductionPath(u.file) &&
          !(packagedPython && repo.get(u.file)?.language === 'python' && inPythonMainGuard(repo.lines(u.file), u.line)),
      )
      .sort((a, b) => (a.file === b.file ? 0 : a.file < b.file ? -1 : 1) || a.line - b.line)[0];
  const cliImport = CLI_IMPORTS.filter(notOwn)
    .map(cliUse)
    .filter((u) => !(gemWithoutCommands && u && repo.get(u.file)?.language === 'ruby'))
    .filter((u) => !(pythonCliOptional && u && repo.get(u.file)?.language === 'python'))
    .find(Boolean);
  const dotnetCommand = cliImport ? undefined : dotnetOneShot(repo, manifests);
  if (dotnetCommand && !http && !worker)
    return {
      kind: 'cli',
      ...base,
      reason: 'a command-line program: a .NET console app that reads its arguments and exits with a code',
      evidence: [dotnetCommand],
    };
  const hasBin =
    !!pkgJson?.bin || (!!(pyproject?.project?.scripts || pyproject?.tool?.poetry?.scripts) && !pythonCliOptional);
  const goMain = goMainPackage(repo);
  // A Rust binary target (src/main.rs, src/bin/*.rs, a [[bin]] path) with no server, worker or image is a program run
  // from the command line, whatever parses its arguments.
  const rustMain = repo.has('Cargo.toml') ? rustBinary(repo) : undefined;
  // An image whose ENTRYPOINT is the program a command-line parser drives is a CLI packaged as an image (arguments are
  // appended at `docker run`), not a server.
  // A CMD naming the program does the same when the image opens no port and checks no health (`CMD ["/usr/local/bin/svix"]`
  // on a CLI image: `docker run image svix …` replaces it): a server exposes or probes what it serves.
  const cliImage =
    !!cliImport &&
    dockerfiles.production.length > 0 &&
    dockerfiles.production.every((d) => {
      const ins = d.finalStage?.instructions ?? [];
      return (
        ins.some((i) => i.keyword === 'ENTRYPOINT') ||
        (ins.some((i) => i.keyword === 'CMD') &&
          !ins.some((i) => i.keyword === 'EXPOSE' || i.keyword === 'HEALTHCHECK'))
      );
    });
  if (
    hasBin ||
    (cliImport && (!dockerfiles.production.length || cliImage)) ||
    (goMain && !dockerfiles.production.length) ||
    (rustMain && !dockerfiles.production.length)
  ) {
    const ev: KindEvidence = hasBin
      ? { path: pkgJson?.bin ? 'package.json' : 'pyproject.toml', note: 'declares command-line entry points' }
      : cliImport
        ? { path: cliImport.file, line: cliImport.line, note: `command-line parser ${cliImport.pkg}` }
        : goMain
          ? { path: goMain.path, line: goMain.line, note: 'Go main package without an HTTP server' }
          : { ...rustMain!, note: 'Rust binary target without an HTTP server' };
    return { kind: 'cli', ...base, reason: 'a command-line program (no server or worker found)', evidence: [ev] };
  }
  const lib = libraryEvidence(repo, pkgJson, pyproject, manifests);
  // A library's Dockerfile that starts nothing of its own (no CMD or ENTRYPOINT on a runtime image whose default is a
  // REPL or shell: a PHP, Python or Node image with the package installed to try it in) is a development image, not a
  // service it ships.
  if (lib && dockerfiles.production.every(startsNothing)) {
    return {
      kind: 'library',
      ...base,
      reason: `a library: ${lib.note}; no server, worker or ${dockerfiles.production.length ? 'image that starts a program' : 'container'} found`,
      evidence: [lib],
    };
  }
  if (dockerfiles.production.length) {
    const d = dockerfiles.production[0]!;
    return {
      kind: 'service',
      ...base,
      reason: 'ships a container image (no HTTP server detected)',
      evidence: [{ path: d.path, line: 1, note: 'production Dockerfile' }],
    };
  }
  return {
    kind: 'unknown',
    ...base,
    reason: 'no server, worker, command-line entry point or library packaging was recognised',
    evidence: [],
  };
}

/**
 * The package's command-line entry points need an optional extra (`pip install 'httpx[cli]'`): its command-line parser
 * (click, typer) is declared only among the optional dependencies, so the package is a library first.
 */
function optionalPythonCli(pyproject: Record<string, any>): boolean {
  const parser = /^\s*(?:click|typer|rich-click|cyclopts)\b/i;
  const deps: unknown = pyproject.project?.dependencies;
  if (Array.isArray(deps) && deps.some((d) => typeof d === 'string' && parser.test(d))) return false;
  const extras: unknown = pyproject.project?.['optional-dependencies'];
  if (!extras || typeof extras !== 'object') return false;
  return Object.values(extras as Record<string, unknown>).some(
    (list) => Array.isArray(list) && list.some((d) => typeof d === 'string' && parser.test(d)),
  );
}

/** A Rust binary target's source: a main.rs outside examples, benches, tests and xtask, or a src/bin program. */
function rustBinary(repo: RepoIndex): { path: string; line?: number } | undefined {
  const main =
    repo.byName(/^main\.rs$/).find((f) => !f.isTest && !/(^|\/)(examples?|benches|xtask|tests?|fuzz)\//.test(f.path)) ??
    repo.glob('**/src/bin/*.rs').find((f) => !f.isTest);
  if (!main) return undefined;
  const fn = repo.grepFirst(/^(?:pub\s+)?(?:async\s+)?fn\s+main\s*\(/, { paths: [main.path] });
  return fn ? { path: main.path, line: fn.line } : { path: main.path };
}

/** The member globs match a package besides the root (`packages: ['**']` over a single package declares none). */
function pnpmListsPackages(repo: RepoIndex): boolean {
  const y = repo.yaml('pnpm-workspace.yaml') as { packages?: unknown } | undefined;
  return Array.isArray(y?.packages) && y.packages.length > 0 && workspaceFolders(repo).some((d) => d !== '.');
}

/** Folders that hold workspace packages: the members the workspace lists, and the folders monorepos keep them in. */
function memberFolders(repo: RepoIndex): string[] {
  return [...workspaceFolders(repo), 'apps', 'packages', 'libs', 'services', 'modules'];
}

function libraryEvidence(
  repo: RepoIndex,
  pkgJson: Record<string, any> | undefined,
  pyproject: Record<string, any> | undefined,
  manifests: ManifestFacts,
): KindEvidence | undefined {
  if (pkgJson && !pkgJson.private && (pkgJson.main || pkgJson.exports || pkgJson.module || pkgJson.types)) {
    return { path: 'package.json', note: 'package.json publishes main/exports' };
  }
  // npm's default entry point: a published package (name, version, a `files` list) whose index.js is its module.
  if (
    pkgJson &&
    !pkgJson.private &&
    !pkgJson.bin &&
    pkgJson.name &&
    pkgJson.version &&
    Array.isArray(pkgJson.files) &&
    repo.has('index.js')
  )
    return { path: 'package.json', note: 'package.json publishes index.js (npm default entry point)' };
  if (pyproject?.project?.name || pyproject?.tool?.poetry?.name)
    return { path: 'pyproject.toml', note: 'pyproject.toml declares a distributable package' };
  if (repo.has('setup.py')) return { path: 'setup.py', note: 'setup.py packages a distribution' };
  if (repo.glob('*.gemspec').length) return { path: repo.glob('*.gemspec')[0]!.path, note: 'a gemspec packages a gem' };
  if (
    repo.has('Cargo.toml') &&
    !repo.byName(/^main\.rs$/).some((f) => !f.isTest && !/(^|\/)(examples?|benches|xtask)\//.test(f.path)) &&
    !repo.glob('**/src/bin/*.rs').length
  )
    return { path: 'Cargo.toml', note: 'a Rust crate without a binary target' };
  const csproj = manifests.manifests.filter((m) => m.type === 'csproj');
  if (
    csproj.length &&
    csproj.every((m) => ['library', 'test'].includes(String(m.raw?.kind))) &&
    csproj.some((m) => m.raw?.kind === 'library')
  )
    return {
      path: csproj.find((m) => m.raw?.kind === 'library')!.path,
      note: 'a .NET class library (no application project)',
    };
  // Composer's default package type is a library; applications say "project" (or are a framework app: then a server
  // was found before this).
  const composer = repo.has('composer.json')
    ? (repo.json('composer.json') as Record<string, unknown> | undefined)
    : undefined;
  // An empty autoload section (`"autoload": {}`) makes no classes loadable for anyone: no library.
  if (
    composer &&
    (composer.type === undefined || /^(?:library|symfony-bundle|composer-plugin)$/.test(String(composer.type))) &&
    composer.autoload &&
    typeof composer.autoload === 'object' &&
    Object.keys(composer.autoload).length > 0 &&
    !phpFrontControllers(repo).length
  )
    return { path: 'composer.json', note: 'composer.json packages a library' };
  // A Mix project with Hex package metadata (`package: package()`) is published for other projects to depend on.
  if (repo.has('mix.exs') && /^\s*package:\s/m.test(repo.read('mix.exs') ?? ''))
    return { path: 'mix.exs', note: 'mix.exs publishes a Hex package' };
  if (repo.has('go.mod') && !goMainPackage(repo)) return { path: 'go.mod', note: 'a Go module without a main package' };
  return jvmLibrary(repo);
}

/** Whether line `line` (1-based) sits in a module's closing `if __name__ == "__main__":` block. */
function inPythonMainGuard(lines: string[], line: number): boolean {
  if (!/^\s/.test(lines[line - 1] ?? '')) return false;
  for (let i = line - 2; i >= 0; i--) {
    const l = lines[i]!;
    if (l === '' || /^\s/.test(l) || l.startsWith('#')) continue;
    return /^if\s+__name__\s*==\s*["']__main__["']\s*:/.test(l);
  }
  return false;
}

/**
 * A Go main package the module ships: not one in an example folder, nor in a folder the go tool ignores (`_examples/`,
 * `.hidden/`, `testdata/`).
 */
function goMainPackage(repo: RepoIndex): GrepMatch | undefined {
  return repo
    .grep(/^package main\b/, { languages: ['go'], kinds: ['source'] })
    .find((m) => isProductionPath(m.path) && !/(^|\/)(?:[_.][^/]*|testdata)\//.test(m.path));
}

/** Build folders that hold examples, samples, benchmarks and tests: what they apply says nothing of what ships. */
const JVM_NOT_SHIPPED =
  /(^|\/)(?:examples?|samples?|demos?|bench(?:marks?)?|perf|jmh|tests?|integration-tests?|it|e2e|docs?)(?:\/|$)|(?:^|\/)(?:[\w.-]*-(?:examples?|samples?|demos?|benchmarks?|tests?)|(?:examples?|samples?|demos?|benchmarks?|tests?)-[\w.-]*)(?:\/|$)/i;
/** A Maven or Gradle build that publishes artifacts to a repository (Maven Central, a Nexus, GitHub Packages). */
const JVM_PUBLISHES =
  /<distributionManagement>|<artifactId>(?:central-publishing-maven-plugin|nexus-staging-maven-plugin|maven-gpg-plugin)<\/artifactId>|\b(?:id|apply\s+plugin:)\s*\(?\s*["'](?:maven-publish|java-library|signing|io\.github\.gradle-nexus\.publish-plugin|com\.vanniktech\.maven\.publish(?:\.base)?)["']|^\s*`?(?:maven-publish|java-library|signing)`?\s*$|\balias\s*\(\s*libs\.plugins\.[\w.]*(?:nexus|publish)[\w.]*\s*\)|^\s*(?:publishing|nexusPublishing|mavenPublishing)\s*\{/m;
/** What makes a JVM build an application: a packaging or plugin that produces a runnable program or an image. */
const JVM_APPLICATION =
  /<packaging>\s*war\s*<\/packaging>|<artifactId>(?:spring-boot-maven-plugin|quarkus-maven-plugin|micronaut-maven-plugin|jib-maven-plugin|maven-war-plugin)<\/artifactId>|<mainClass>|\b(?:id|apply\s+plugin:)\s*\(?\s*["'](?:application|war|org\.springframework\.boot|io\.quarkus|io\.micronaut\.application|com\.google\.cloud\.tools\.jib|io\.ktor\.plugin)["']|^\s*`?application`?\s*$|\balias\s*\(\s*libs\.plugins\.(?:spring[.-]boot|quarkus|micronaut[.-]application|jib|ktor)\b|^\s*application\s*\{|\bmainClass(?:Name)?\s*(?:\.set\s*\(|=)/m;

/**
 * A JVM library: the build publishes its artifacts (maven-publish, java-library, signing, a Central or Nexus publishing
 * plugin, distributionManagement) and no shipped module applies an application plugin or packaging (Spring Boot, the
 * Gradle application plugin, Quarkus, Micronaut application, Jib, Ktor, a war, a main class in a jar manifest). A Spring
 * Boot auto-configuration module imports org.springframework.boot without being an application.
 */
function jvmLibrary(repo: RepoIndex): KindEvidence | undefined {
  const builds = repo
    .byName(/^(?:pom\.xml|build\.gradle(?:\.kts)?)$/)
    .filter((f) => !f.isTest && !JVM_NOT_SHIPPED.test(f.path));
  if (!builds.length || !builds.some((f) => f.path === 'pom.xml' || /^build\.gradle(?:\.kts)?$/.test(f.path)))
    return undefined;
  let publishes: KindEvidence | undefined;
  for (const f of builds) {
    const text = repo.read(f.path) ?? '';
    if (JVM_APPLICATION.test(text)) return undefined;
    if (!publishes) {
      const m = JVM_PUBLISHES.exec(text);
      if (m)
        publishes = {
          path: f.path,
          line: text.slice(0, m.index).split('\n').length,
          note: 'the build publishes library artifacts',
        };
    }
  }
  return publishes;
}

const DOTNET_HOST =
  /\bWebApplication\s*\.\s*Create(?:Slim|Empty)?Builder\s*\(|\bConfigureWebHost(?:Defaults)?\s*\(|\bWebHost\s*\.\s*CreateDefaultBuilder\s*\(|\bUseStartup\s*</;
/** `dotnet pack` / `nuget push` in CI or scripts: the build publishes NuGet packages. */
const NUGET_PUBLISH = /\bdotnet\s+(?:pack|nuget\s+push)\b|\bnuget(?:\.exe)?\s+push\b/;

/**
 * The file belongs to a .NET class library (the nearest project above it): a job scheduler or hosted service a
 * packaged plugin provides (`Hangfire` in `Acme.Plugins.BackgroundTasks.Hangfire/`) runs in the host app that uses it.
 */
function inDotnetLibraryProject(file: string, manifests: ManifestFacts): boolean {
  const owner = manifests.manifests
    .filter((m) => m.type === 'csproj')
    .map((m) => ({ m, dir: path.posix.dirname(m.path) }))
    .filter(({ dir }) => dir === '.' || file.startsWith(`${dir}/`))
    .sort((a, b) => b.dir.length - a.dir.length)[0];
  return String(owner?.m.raw?.kind) === 'library';
}

/** `dotnet new` template content (`templates/Acme.Templates.Web/Program.cs`): a host rendered into someone else's project. */
const DOTNET_TEMPLATE_DIR = /(^|\/)templates?\//i;
/** Build automation written in C#: Bullseye, NUKE, Cake Frosting programs. */
const DOTNET_BUILD_PACKAGES = /^(?:Bullseye|Nuke\.Common|Cake\.Frosting|SimpleExec)$/i;

/**
 * A console project of the repository's build tooling: under the root `eng/` (the .NET engineering folder) or `build/`,
 * or built on a build-automation package. It builds and publishes the library; it is not what the library ships.
 */
function dotnetBuildTooling(m: ManifestFacts['manifests'][number]): boolean {
  if (String(m.raw?.kind) !== 'exe') return false;
  if (/^(?:eng|build)\//.test(m.path)) return true;
  return m.dependencies.some((d) => DOTNET_BUILD_PACKAGES.test(d.name));
}

/**
 * A .NET library with example hosts: every ASP.NET Core host it has lives in an example, sample or demo folder, and the
 * repository packs NuGet packages (`dotnet pack` / `nuget push` in CI or a script, `.nuspec` files, or a shipped
 * project with GeneratePackageOnBuild / PackageId / IsPackable).
 */
function dotnetSampleHostedLibrary(repo: RepoIndex, manifests: ManifestFacts): KindEvidence | undefined {
  const hosts = repo
    .grep(DOTNET_HOST, { languages: DOTNET_LANGUAGES, kinds: ['source'] })
    .filter((h) => !repo.get(h.path)?.isTest);
  if (!hosts.length || !hosts.every((h) => JVM_NOT_SHIPPED.test(h.path) || DOTNET_TEMPLATE_DIR.test(h.path)))
    return undefined;
  const shipped = manifests.manifests.filter(
    (m) =>
      m.type === 'csproj' &&
      !JVM_NOT_SHIPPED.test(m.path) &&
      !DOTNET_TEMPLATE_DIR.test(m.path) &&
      !dotnetBuildTooling(m) &&
      m.raw?.kind !== 'test',
  );
  if (!shipped.length || !shipped.every((m) => ['library', 'web'].includes(String(m.raw?.kind)))) return undefined;
  const packs = repo.grepFirst(NUGET_PUBLISH, {
    include: [
      '.github/workflows/*.{yml,yaml}',
      '*.{sh,ps1,cmd,bat}',
      'build/**/*.{sh,ps1,cake,cs,yml,yaml}',
      'azure-pipelines*.yml',
      '.gitlab-ci.yml',
      'appveyor.yml',
    ],
  });
  if (packs) return { path: packs.path, line: packs.line, note: 'NuGet packages are packed and published' };
  const packable = shipped.find((m) => {
    const props = (m.raw?.props ?? {}) as Record<string, string>;
    return (
      /^true$/i.test(props.GeneratePackageOnBuild ?? '') || /^true$/i.test(props.IsPackable ?? '') || !!props.PackageId
    );
  });
  if (packable) return { path: packable.path, note: 'the projects are packaged for NuGet' };
  const nuspec = repo.glob('**/*.nuspec').find((f) => !JVM_NOT_SHIPPED.test(f.path));
  return nuspec ? { path: nuspec.path, note: 'a .nuspec packages the library' } : undefined;
}

/** Ways a console program keeps running: a host, a listener, a wait for shutdown or input. */
const DOTNET_STAYS_UP =
  /\b(?:Host\.Create|WebApplication\.Create|CreateHostBuilder|RunConsoleAsync|WaitForShutdown|TcpListener|HttpListener|UdpClient|Console\.ReadLine|Console\.ReadKey)\b|Task\.Delay\(\s*(?:-1|Timeout\.Infinite)|\.Listen\s*\(|while\s*\(\s*true\s*\)/;

/**
 * A .NET console project (OutputType Exe, no web or worker SDK) whose program reads its arguments and returns an exit
 * code (`static int Main(string[] args)`, top-level `return Run(args);`) and never stays up (no host, listener or
 * endless wait): a command run once, even when it ships as an image.
 */
function dotnetOneShot(repo: RepoIndex, manifests: ManifestFacts): KindEvidence | undefined {
  const exes = manifests.manifests.filter((m) => m.type === 'csproj' && String(m.raw?.kind) === 'exe');
  if (
    !exes.length ||
    exes.length !==
      manifests.manifests.filter((m) => m.type === 'csproj' && ['web', 'worker', 'exe'].includes(String(m.raw?.kind)))
        .length
  )
    return undefined;
  for (const m of exes) {
    const dir = path.posix.dirname(m.path);
    const files = repo
      .glob(dir === '.' ? '**/*.cs' : `${dir}/**/*.cs`)
      .filter((f) => !f.isTest && !f.path.startsWith('../'));
    let entry: { path: string; line: number } | undefined;
    for (const f of files) {
      const text = repo.read(f.path) ?? '';
      if (DOTNET_STAYS_UP.test(text)) return undefined;
      const at =
        /\bstatic\s+(?:async\s+)?(?:int|Task<int>)\s+Main\s*\(\s*string\s*\[\]\s*args|^return\s+(?:await\s+)?[\w.]+\s*\(\s*args\b/m.exec(
          text,
        );
      if (at && !entry) entry = { path: f.path, line: repo.lineAt(f.path, at.index) };
    }
    if (!entry) return undefined;
    return { ...entry, note: 'console program that takes arguments and returns an exit code' };
  }
  return undefined;
}

/**
 * A .NET worker project (Microsoft.NET.Sdk.Worker) or an application that registers a hosted BackgroundService or builds
 * a generic host: `Host.CreateDefaultBuilder`, `new HostBuilder()`, an Azure Functions isolated worker
 * (`ConfigureFunctionsWorkerDefaults()`, `FunctionsApplication.CreateBuilder`) whose functions the Functions host
 * invokes from queue, timer or blob triggers.
 */
function dotnetWorker(repo: RepoIndex, manifests: ManifestFacts): ImportRef | undefined {
  const apps = manifests.manifests.filter(
    (m) => m.type === 'csproj' && ['worker', 'exe'].includes(String(m.raw?.kind)),
  );
  if (!apps.length) return undefined;
  // The apps' own code: a library project it compiles in (a mounted class library defining a hosted service some other
  // app runs) does not make a console program a worker. A generic host it builds does.
  const dirs = apps.map((m) => path.posix.dirname(m.path));
  const hits = repo
    .grep(GENERIC_HOST_OR_WORKER, {
      include: dirs.map((d) => (d === '.' ? '**/*.cs' : `${d}/**/*.cs`)),
      languages: DOTNET_LANGUAGES,
      kinds: ['source'],
    })
    // A component's view shows the projects it compiles in as `../Library/…`: not the app's own code.
    .filter((h) => !h.path.startsWith('../') && dirs.some((d) => isUnder(h.path, d)));
  const functions = hits.find((h) => FUNCTIONS_WORKER.test(h.text));
  const hit = functions ?? hits[0];
  if (!hit) return undefined;
  const pkg = functions ? 'Microsoft.Azure.Functions.Worker' : 'Microsoft.Extensions.Hosting';
  return { module: pkg, pkg, line: hit.line, file: hit.path };
}

/** The host of an Azure Functions isolated worker. */
const FUNCTIONS_WORKER =
  /\bFunctionsApplication\.CreateBuilder\b|\.ConfigureFunctions(?:Worker|WebApplication)(?:Defaults)?\s*\(/;

/** A hosted service, a generic host, or the host of an Azure Functions isolated worker (FUNCTIONS_WORKER). */
const GENERIC_HOST_OR_WORKER = new RegExp(
  String.raw`\bAddHostedService\s*<|:\s*BackgroundService\b|:\s*IHostedService\b|\b(?:Host|FunctionsApplication)\.Create(?:Default|Application)?Builder\b|\bnew\s+HostBuilder\s*\(|${FUNCTIONS_WORKER.source}`,
);

/** The generic host told to run as an operating-system service (a Windows service, a systemd unit). */
const OS_SERVICE_LIFETIME = /\.Use(?:WindowsService|Systemd)\s*\(/;

/**
 * A .NET console program whose generic host runs as an operating-system service, built in a project it references
 * (the program's Main hands its work to a runner class in its core library, which builds `new HostBuilder()` with
 * `UseWindowsService()` / `UseSystemd()`): a long-running worker, though its own project shows no host.
 */
export function dotnetOsServiceHost(
  repo: RepoIndex,
  dotnet: Pick<DotnetFacts, 'projects' | 'projectOf' | 'closure'>,
): KindEvidence | undefined {
  const apps = dotnet.projects.filter((p) => p.kind === 'exe' || p.kind === 'worker');
  if (!apps.length) return undefined;
  for (const hit of repo.grep(OS_SERVICE_LIFETIME, { languages: DOTNET_LANGUAGES, kinds: ['source'] })) {
    if (repo.get(hit.path)?.isTest || !isProductionPath(hit.path)) continue;
    const project = dotnet.projectOf(hit.path);
    if (!project) continue;
    if (apps.some((a) => dotnet.closure(a).some((p) => p.path === project.path)))
      return {
        path: hit.path,
        line: hit.line,
        note: `${project.name}, compiled into the program, runs its generic host as an operating-system service (${hit.text.trim().slice(0, 60)})`,
      };
  }
  return undefined;
}

/** Names and commands of one-shot jobs: schema migrators, seeders, database initialisers, setup runs. */
const ONE_SHOT_NAME =
  /migrat|seed(er|ing)?\b|seed[-_]|db-?init|init-?db|dbmigrator|bootstrap|provision|(^|[-_.])setup([-_.]|$)/i;
const ONE_SHOT_COMMAND =
  /\bmigrat\w*|\bseed\b|db:(setup|prepare|seed)|\bupgrade\s+head\b|\b(alembic|flyway|liquibase|goose|atlas)\b/i;

/**
 * Why the project is a one-shot job rather than a long-running process: every Kubernetes workload that runs it is a Job
 * or CronJob; or every platform target that deploys it is a job (an Azure Container Apps job); or every compose service
 * that runs it is a migrator, seeder or setup run (by its name or command) that is not restarted once done (no
 * `restart`, `"no"` or `on-failure`); or a .NET host whose own hosted service stops the application when its work is
 * done (a DbMigrator). Returns undefined for anything that stays up.
 */
export function oneShotJob(
  repo: RepoIndex,
  manifests: ManifestFacts,
  compose: Pick<ComposeFacts, 'appServices'>,
  k8s: Pick<K8sFacts, 'workloads'>,
  platform: Pick<PlatformFacts, 'service'>,
): KindEvidence | undefined {
  const runners = k8s.workloads.filter((w) =>
    w.containers.some((c) => !c.init && c.image && !isInfraWorkloadImage(imageShortName(c.image.ref))),
  );
  // A Deployment whose image a chart helper renders (`{{ include "image.name" . }}`) runs something not read here: with
  // it beside the Job (a key generator, a migration hook), the Job is not all that runs.
  const opaqueServer = k8s.workloads.some((w) => !isBatchWorkload(w) && w.containers.some((c) => !c.init && !c.image));
  if (runners.length && !opaqueServer && runners.every((w) => isBatchWorkload(w)))
    return {
      path: runners[0]!.file,
      line: runners[0]!.line,
      note: `runs as a Kubernetes ${runners[0]!.kind} (${runners[0]!.name})`,
    };
  if (runners.length) return undefined;
  // Before compose: a compose file beside a platform's descriptor is how the job is run on a developer's machine.
  const targets = platform.service.filter((t) => !t.weak);
  if (targets.length && targets.every((t) => t.job))
    return {
      path: targets[0]!.path,
      ...(targets[0]!.line ? { line: targets[0]!.line } : {}),
      note: `every deployment is a job (${[...new Set(targets.map((t) => t.name))]
        .map((name) => {
          const n = targets.filter((t) => t.name === name).length;
          return n > 1 ? `${name} ×${n}` : name;
        })
        .join(', ')})`,
    };
  const services = compose.appServices;
  const once = (s: ComposeFacts['appServices'][number]) => {
    const restart = (s.restart?.value ?? 'no').replace(/^["']|["']$/g, '');
    if (!/^(no|on-failure(:\d+)?)$/.test(restart)) return false;
    const cmd = [s.entrypoint?.value, s.command?.value].flat().filter(Boolean).join(' ');
    // `alembic upgrade head && uvicorn app:app` migrates and then serves: only the step the command ends with counts.
    const last = cmd.split(/&&|\|\||;|\n/).pop() ?? '';
    return ONE_SHOT_NAME.test(s.name) || ONE_SHOT_COMMAND.test(last);
  };
  if (services.length && services.every(once))
    return {
      path: services[0]!.file,
      line: services[0]!.line,
      note: `compose service ${services[0]!.name} runs it once (a migration or setup run, not restarted)`,
    };
  if (services.length) return undefined;
  // A .NET host whose hosted service stops the application when its work is done (ABP's DbMigrator).
  const apps = manifests.manifests.filter(
    (m) => m.type === 'csproj' && ['worker', 'exe'].includes(String(m.raw?.kind)),
  );
  if (
    !apps.length ||
    apps.length !==
      manifests.manifests.filter((m) => m.type === 'csproj' && String(m.raw?.kind) === 'web').length + apps.length
  )
    return undefined;
  const dirs = apps.map((m) => path.posix.dirname(m.path));
  const stop = repo
    .grep(/\.StopApplication\s*\(\s*\)/, {
      include: dirs.map((d) => (d === '.' ? '**/*.cs' : `${d}/**/*.cs`)),
      languages: DOTNET_LANGUAGES,
      kinds: ['source'],
    })
    .find((h) => {
      if (h.path.startsWith('../')) return false;
      const text = repo.read(h.path) ?? '';
      // A worker that loops (or stops the host only when it fails) stays up until then.
      const before = repo
        .lines(h.path)
        .slice(Math.max(0, h.line - 4), h.line - 1)
        .join('\n');
      return (
        /\b(IHostedService|BackgroundService)\b/.test(text) &&
        !/\bwhile\s*\(|\bPeriodicTimer\b|\bnew\s+Timer\s*\(/.test(text) &&
        !/\bcatch\b/.test(before)
      );
    });
  return stop
    ? { path: stop.path, line: stop.line, note: 'its hosted service stops the application when its work is done' }
    : undefined;
}

/**
 * A listener of a program's own protocol (a Postgres or Redis wire protocol, a tunnel): a TCP listener whose
 * connections the code accepts itself (Rust `TcpListener::bind` + `.accept()`, Go `net.Listen("tcp", …)` +
 * `.Accept()`), Node `net.createServer`, Python `asyncio.start_server`.
 */
export const PROTOCOL_LISTENER =
  /\bTcpListener::bind\s*\(|\bnet\.Listen(?:TCP)?\s*\(\s*"tcp[46]?"|\bnet\.createServer\s*\(|\basyncio\.start_server\s*\(/;
/** The accept loop a Rust or Go listener needs (a listener handed to an HTTP server is never accepted by hand). */
export const ACCEPT_CALL = /\.accept\s*\(\s*\)|\.Accept(?:TCP)?\s*\(\s*\)/;
/** A file that serves HTTP (or WebSockets) on the connections it accepts: its listener is the HTTP server's own. */
export const SERVES_HTTP_HERE =
  /\b(?:serve_connection|axum::serve|HttpServer::new|warp::serve|hyper::server|TokioIo|serve_with_incoming|service_fn|accept_async|accept_hdr_async|http1::Builder|http2::Builder|http\.Serve|http\.createServer|ServeHTTP|web\.run_app)\b|\.Serve\s*\(/;
/** An accept call inside a loop: a server taking connection after connection (a CLI's login callback accepts one). */
const ACCEPT_LOOP = /(?:\bloop\s*\{|\bwhile\s+let\b|\bfor\s*\{)[\s\S]{0,600}?\.(?:accept|Accept)\s*\(\s*\)/;

/**
 * A Rust or Go program with no HTTP server or worker library that still runs as a server: production code binds a TCP
 * listener and accepts connections in a loop, speaking a protocol of its own (a tunnel, a proxy, a cache).
 */
function protocolServer(repo: RepoIndex): GrepMatch | undefined {
  const hits = repo.grep(/\bTcpListener::bind\s*\(|\bnet\.Listen\s*\(\s*"tcp[46]?"/, {
    include: ['**/*.rs', '**/*.go'],
    kinds: ['source'],
  });
  return hits.find((h) => {
    if (!isProductionPath(h.path) || repo.get(h.path)?.isTest) return false;
    const text = repo.read(h.path) ?? '';
    return ACCEPT_LOOP.test(text) && !SERVES_HTTP_HERE.test(text);
  });
}

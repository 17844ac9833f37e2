// How a service stops: signal handlers and shutdown hooks in the code it runs, servers that drain by default, and the
// start commands and server calls that decide what happens on SIGTERM. The graceful-shutdown check is a policy over
// this; every search it needs is here.
import { DOTNET_LANGUAGES } from '../repo/classify.js';
import type { GrepMatch, RepoIndex } from '../repo/index.js';
import { escapeRegExp } from '../repo/text.js';
import { callArgs } from './code-scan.js';
import {
  BENTHOS_RUN_CLI,
  BENTHOS_SERVICE,
  type FrameworkUse,
  GO_SERVER_START,
  HTTP4S_SERVER,
  lc39Launch,
  PHP_FRAMEWORKS,
} from './frameworks.js';
import { effectiveInstruction, stageChain } from './dockerfiles.js';
import { DROPWIZARD_CORE, naisAppShell } from './health.js';
import type { Facts } from './index.js';
import { gradleSpecValue, minorOf } from './manifests.js';
import { OSU_QUEUE_PROCESSOR } from './messaging.js';
import { shellWords } from './start-command.js';
import {
  findSignals,
  GO,
  JS,
  JVM,
  PY,
  RB,
  RS,
  type Signal,
  type SignalHit,
  type StartCommand,
  startCommands,
} from './signals.js';

/** A place in the repository and what it shows. */
export interface ShutdownSite {
  path: string;
  line: number;
  note: string;
}

export interface ShutdownFacts {
  /** Signal handlers and shutdown hooks in live code (first match of each kind); `lifespan shutdown` is the weakest. */
  handlers: SignalHit[];
  /** Go, live code: server starts, signal.Notify calls, Shutdown calls. */
  go: { serve: SignalHit[]; signal: SignalHit[]; shutdown: SignalHit[]; lifecycle: SignalHit[] };
  /** Rust servers (only when a Rust HTTP framework is used). */
  rust?: {
    /** actix-web, Rocket or pingora, which drain on SIGTERM unless actix-web's `disable_signals` is called. */
    drainsByDefault?: { hit: SignalHit; server: 'actix-web' | 'Rocket' | 'pingora'; signalsDisabled?: GrepMatch };
    /** axum/hyper/warp/tonic started without a shutdown future (when no default-draining server is found). */
    serve?: SignalHit;
  };
  /** Node `process.on('SIGTERM' | 'SIGINT', …)` handlers in live code, and whether each closes or drains something. */
  nodeHandlers: { hit: SignalHit; drains: boolean }[];
  /** Spring Boot's version and an explicit `server.shutdown=immediate` (only when Spring Boot is used). */
  spring?: { version?: { version: string; path: string; line: number }; immediate?: GrepMatch };
  /** The first start command that runs a server or worker which drains on SIGTERM by default, and why. */
  drainingCommand?: { command: StartCommand; note: string; configured?: boolean };
  /** uvicorn.run / hypercorn serve / gunicorn.app in live Python code. */
  pythonServerCall?: SignalHit;
  /** A .NET generic host built in live code (`Host.CreateDefaultBuilder(args)`), which stops on SIGTERM. */
  dotnetHost?: SignalHit;
  /**
   * Phoenix/Plug on the BEAM, or (without one) an Elixir queue consumer (Broadway, Oban) the application runs, and the
   * OTP release that runs it (when found).
   */
  beam?: {
    framework?: FrameworkUse;
    worker?: { path: string; line: number; system: string };
    release?: GrepMatch;
    /**
     * Where the platform is told to stop the service with SIGINT (fly.toml's `kill_signal = "SIGINT"`, a fly.toml naming
     * no kill_signal: Fly.io's default is SIGINT; `STOPSIGNAL SIGINT`; compose's `stop_signal: SIGINT`). The BEAM turns
     * only SIGTERM into an orderly stop (init:stop); SIGINT goes to its break handler and the VM halts.
     */
    sigint?: { path: string; line: number; text: string; flyDefault?: true };
  };
  /**
   * A PHP framework, and the server that runs its workers (php-fpm/Apache/Octane …, when found), or the Swoole HTTP server
   * the service starts in its own code (Appwrite's `new Server(…)` of utopia-php/http's Swoole adapter).
   */
  php?: { framework: FrameworkUse; server?: GrepMatch; swoole?: GrepMatch };
  /** The server of a file-system framework that drains by itself (SvelteKit adapter-node, Nitro, remix-serve …). */
  frameworkServer?: ShutdownSite & { what: string; confidence: 'high' | 'low' };
  /** Puma declared by a Rails app (its default server). */
  railsPuma?: { path: string; line?: number; note: string };
  /** Flask's development server started from live code (`app.run(`), when the service is Python. */
  flaskDevServer?: SignalHit;
  /** `next start` among the start commands of a Next.js app. */
  nextStart?: StartCommand;
  /**
   * A server the image's start script runs as its shell's child, in the background (`node index.js &`) or in the
   * foreground as its last command without `exec`: the shell stays PID 1, traps no SIGTERM and forwards none, so the
   * server's own handler never runs and it is killed at the end of the grace period.
   */
  unsignalled?: { command: StartCommand; image: StartCommand; background: boolean };
  /** Node: where a server listens, `npm start` as a container command, node as PID 1 (when the service is Node). */
  node?: { listen?: SignalHit; npmStart?: StartCommand; pid1?: StartCommand };
}

const HANDLERS: Signal[] = [
  // Python
  {
    name: 'SIGTERM handler',
    re: /\bsignal\.signal\s*\(\s*signal\.SIGTERM\b|\badd_signal_handler\s*\(\s*(?:signal\.)?SIGTERM\b/,
    languages: PY,
    note: 'SIGTERM handler installed',
  },
  {
    // magicbus (Kolibri's process bus) and CherryPy's engine: their signal-handler plugin, once subscribed (or a
    // subclass of it made), stops the bus on SIGTERM, which stops the server it runs cleanly.
    name: 'process bus signal handler',
    re: /\bSignalHandler\s*\(\s*[\w.]*bus\b|\(\s*(?:[\w.]+\.)?SignalHandler\s*\)\s*:|\bengine\.signals\.subscribe\s*\(|\bcherrypy\.quickstart\s*\(/,
    languages: PY,
    fileRequires: /\b(?:magicbus|cherrypy)\b/,
    note: 'the process bus signal handler stops the bus and its server on SIGTERM',
  },
  {
    name: 'lifespan shutdown',
    re: /\blifespan\s*=\s*\w+|@\w+\.on_event\s*\(\s*["']shutdown["']\)|\bon_shutdown\s*=\s*\[/,
    languages: PY,
    note: 'ASGI lifespan/shutdown hook: runs when the server receives SIGTERM',
  },
  // Node
  {
    name: 'NestJS shutdown hooks',
    re: /\.enableShutdownHooks\s*\(/,
    languages: JS,
    note: 'NestJS enableShutdownHooks: onModuleDestroy/beforeApplicationShutdown run on SIGTERM',
  },
  {
    name: 'close-with-grace',
    re: /\bcloseWithGrace\s*\(/,
    languages: JS,
    note: 'close-with-grace closes the server on SIGTERM',
  },
  {
    // The package's default export under another name (`import CloseWithGrace from 'close-with-grace'`): its call is
    // known by the callback, which close-with-grace hands `{ err, signal, manual }` when the process is told to stop.
    name: 'close-with-grace',
    re: /\b[\w$]+\s*\(\s*(?:\{[^}\n]*\}\s*,\s*)?async\s+(?:function\s*)?\(\s*\{\s*(?:err|signal|manual)\b/,
    languages: JS,
    fileRequires: /["']close-with-grace["']/,
    note: 'close-with-grace closes the server on SIGTERM',
  },
  {
    name: 'terminus',
    re: /\bcreateTerminus\s*\(/,
    languages: JS,
    note: '@godaddy/terminus drains the server on SIGTERM',
  },
  {
    // AdonisJS 6's bin/server.ts: `app.listen('SIGTERM', () => app.terminate())` runs the providers' shutdown hooks and
    // closes the HTTP server.
    name: 'AdonisJS terminate on SIGTERM',
    re: /\.listen(?:If)?\s*\([^\n]*["']SIGTERM["'][^\n]*\.terminate\s*\(/,
    languages: JS,
    note: 'AdonisJS app.terminate() on SIGTERM: shutdown hooks run and the HTTP server closes',
  },
  { name: 'http-terminator', re: /\bcreateHttpTerminator\s*\(/, languages: JS, note: 'http-terminator' },
  { name: 'stoppable', re: /\bstoppable\s*\(/, languages: JS, note: 'stoppable server' },
  { name: 'lightship', re: /\bcreateLightship\s*\(/, languages: JS, note: 'lightship shutdown handler' },
  {
    name: 'fastify-graceful-shutdown',
    re: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["']fastify-graceful-shutdown["']/,
    languages: JS,
    note: 'fastify-graceful-shutdown plugin',
  },
  // .NET: a console program's own stop handler (SIGTERM unloads the default load context and exits the process), and
  // ppy's osu-queue-processor, whose Run() cancels its loop on SIGTERM and waits for the items in flight to finish.
  {
    name: 'SIGTERM handler',
    re: /\bAssemblyLoadContext\.Default\.Unloading\s*\+=|\bAppDomain\.CurrentDomain\.ProcessExit\s*\+=|\bPosixSignalRegistration\.Create\s*\(\s*PosixSignal\.SIGTERM\b/,
    languages: DOTNET_LANGUAGES,
    note: 'SIGTERM handler installed (AssemblyLoadContext.Unloading / ProcessExit / PosixSignalRegistration)',
  },
  {
    name: 'osu-queue-processor',
    re: OSU_QUEUE_PROCESSOR.re,
    languages: DOTNET_LANGUAGES,
    fileRequires: OSU_QUEUE_PROCESSOR.within,
    note: "the queue processor's Run() stops polling on SIGTERM and waits for the items in flight (library default)",
    confidence: 'low',
  },
  // JVM
  {
    name: 'shutdown hook',
    re: /\bRuntime\.getRuntime\s*\(\s*\)\s*\.addShutdownHook\s*\(/,
    languages: JVM,
    note: 'JVM shutdown hook',
  },
  {
    // Ktor's own helper registers a JVM shutdown hook for the engine: `embeddedServer(Netty, port) { … }.apply {
    // addShutdownHook { stop(gracePeriodMillis, timeoutMillis) } }` stops taking calls and lets running ones finish.
    name: 'Ktor shutdown hook',
    re: /\baddShutdownHook\s*\{/,
    languages: JVM,
    fileRequires: /^import\s+io\.ktor\.server\.engine\.(?:addShutdownHook|\*)\s*$/m,
    note: 'Ktor engine stopped by its shutdown hook (addShutdownHook { stop(…) }): running calls get the grace period',
  },
  {
    // http4s (Scala): a server built with a shutdown timeout waits that long for the connections in flight when its
    // resource is released, which cats-effect's IOApp does when the JVM is asked to stop.
    name: 'http4s shutdown timeout',
    re: /\.withShutdownTimeout\s*\((?!\s*(?:0\b|Duration\.Zero\b))/,
    languages: JVM,
    fileRequires: new RegExp(`^import\\s+${HTTP4S_SERVER.source.slice(1)}`, 'm'),
    note: 'http4s server with a shutdown timeout: in-flight connections get that long when the application stops',
  },
  {
    name: 'Spring graceful shutdown',
    re: /^\s*server\.shutdown\s*[=:]\s*graceful\b|^\s*shutdown:\s*["']?graceful\b/,
    include: '**/application*.{yml,yaml,properties}',
    note: 'server.shutdown=graceful: Spring Boot drains in-flight requests on SIGTERM',
  },
  {
    // Quarkus exits at once unless a shutdown timeout is set; with one it refuses new requests and waits for the running
    // ones (a `%dev.`/`%test.` profile value does not reach production).
    name: 'Quarkus graceful shutdown',
    re: /^\s*(?:%prod\.)?quarkus\.shutdown\.timeout\s*[=:]\s*\w/,
    include: '**/application*.properties',
    note: 'quarkus.shutdown.timeout: Quarkus waits for in-flight requests on SIGTERM',
  },
  // Ruby
  // A trap that only calls `exit!` ends the process at once, skipping `ensure` blocks and at_exit hooks: no drain.
  {
    name: 'TERM trap',
    re: /\b(?:Signal\.)?trap\s*\(?\s*["'](?:SIG)?TERM["'](?!\s*\)?\s*(?:\{|do)\s*(?:\|[^|]*\|\s*)?exit!)/,
    languages: RB,
    note: 'TERM signal trapped',
  },
  // Go: the server started by a helper library that catches the signal and calls Shutdown itself (zhttp.Serve,
  // facebookgo gracehttp, endless, tylerb/ory graceful). The file must import the library.
  {
    name: 'draining server library',
    re: /\bzhttp\.Serve\s*\(|\bgracehttp\.Serve\s*\(|\bendless\.ListenAndServe(?:TLS)?\s*\(|\bgraceful\.(?:ListenAndServe(?:TLS)?|Run|Graceful)\s*\(/,
    languages: GO,
    fileRequires:
      /"zgo\.at\/zhttp"|"github\.com\/facebookgo\/grace\/gracehttp"|"github\.com\/fvbock\/endless"|"(?:github\.com|gopkg\.in)\/tylerb\/graceful(?:\.v1)?"|"github\.com\/ory\/graceful"/,
    note: 'the server is started by a helper library that catches the stop signal and drains in-flight requests with Shutdown',
  },
  // ozzo-routing's `routing.GracefulShutdown(srv, timeout, logf)`, run beside ListenAndServe: it waits for
  // SIGINT/SIGTERM and calls srv.Shutdown with that timeout.
  {
    name: 'ozzo-routing GracefulShutdown',
    re: /\b\w+\.GracefulShutdown\s*\(\s*&?\w/,
    languages: GO,
    fileRequires: /"github\.com\/go-ozzo\/ozzo-routing(?:\/v\d+)?"/,
    note: 'ozzo-routing GracefulShutdown catches SIGINT/SIGTERM and drains the server with Shutdown',
  },
  // PocketBase's serve command (the default of app.Start()) catches SIGINT/SIGTERM and shuts its server down.
  {
    name: 'PocketBase serve',
    re: /\b\w+\.Start\s*\(\s*\)/,
    languages: GO,
    fileRequires: /"github\.com\/pocketbase\/pocketbase"/,
    note: 'PocketBase serve: the stop signal shuts the server down and drains in-flight requests',
  },
  // Rust
  {
    name: 'with_graceful_shutdown',
    re: /\.with_graceful_shutdown\s*\(|\.run_with_graceful_shutdown\s*\(|\bbind_with_graceful_shutdown\s*\(|\.serve_with_shutdown\s*\(|\.serve_with_incoming_shutdown\s*\(/,
    languages: RS,
    note: 'the server drains in-flight requests when the shutdown signal fires (with_graceful_shutdown)',
  },
  // A SIGTERM listener of its own (tokio's unix signal stream, signal-hook): the process decides what stopping means —
  // an actix-web server built with disable_signals() stopped with `handle.stop(true)`, a TCP/UDP server's accept loop
  // left when the signal arrives. `ctrl_c()` alone is SIGINT, which a container stop never sends. The stream function
  // may be imported under another name (`use tokio::signal::unix::{signal as unix_signal, SignalKind}`), and rustfmt
  // ends a call split over lines with a trailing comma (`signal(\n  SignalKind::terminate(),\n)`); a helper of the
  // project's may take the kind with a label (`sig(SignalKind::terminate(), "SIGTERM")`).
  {
    name: 'SIGTERM listener',
    re: /\b\w+\s*\(\s*(?:(?:tokio::)?signal::unix::)?SignalKind::terminate\s*\(\s*\)\s*(?:,[^()]{0,60})?\)|\bsignal_hook\w*::(?:flag::register|iterator::Signals::new|low_level::register)\s*\([^)]{0,80}\bSIGTERM\b|\bSignals::new\s*\(\s*&?\[[^\]]{0,60}\bSIGTERM\b/,
    languages: RS,
    note: 'SIGTERM caught by a tokio/signal-hook listener',
  },
  // elegant-departure: `depart().on_termination()` waits for SIGTERM, cancels the shutdown guards the tasks hold and
  // waits until every guard is dropped.
  {
    name: 'SIGTERM listener',
    re: /\.on_termination\s*\(\s*\)/,
    languages: RS,
    fileRequires: /\belegant_departure\b/,
    note: 'SIGTERM caught by elegant-departure, which waits for the tasks holding its shutdown guards to finish',
  },
  // nix/libc: SIGTERM blocked into a signal set the main thread waits on (`mask.add(SIGTERM); mask.thread_block()` then
  // `mask.wait()`), or a handler installed with sigaction/signal.
  {
    name: 'SIGTERM listener',
    re: /\.add\s*\(\s*(?:Signal::)?SIGTERM\s*\)/,
    languages: RS,
    fileRequires: /\bSigSet\b[\s\S]*\.(?:wait|sigwait|thread_block)\s*\(|\bsigwait\s*\(/,
    note: 'SIGTERM blocked into a signal set the process waits on',
  },
  {
    name: 'SIGTERM listener',
    re: /\bsigaction\s*\(\s*(?:(?:nix::sys::)?signal::)?(?:Signal::|libc::)?SIGTERM\s*,|\b(?:libc::)?signal\s*\(\s*(?:libc::)?SIGTERM\s*,/,
    languages: RS,
    note: 'SIGTERM handler installed with sigaction/signal',
  },
];

/** Rust servers started without a shutdown future: in-flight requests are cut when the process is killed. */
const RUST_SERVE: Signal = {
  name: 'server start',
  re: /\baxum::serve\s*\(|\b(?:axum|hyper)::Server::bind\s*\(|\bwarp::serve\s*\(|\bServer::builder\s*\(\s*\)[\s\S]{0,300}?\.serve\s*\(/,
  languages: RS,
  note: 'server started',
};
/** actix-web and Rocket stop accepting and drain on SIGTERM unless told not to. */
const RUST_DEFAULT: Signal = {
  name: 'server default',
  re: /\bHttpServer::new\s*\(|\bactix_server::Server::build\s*\(|#\[(?:rocket::)?launch\]|\brocket::build\s*\(|\.launch\s*\(\s*\)\s*\.await/,
  languages: RS,
  note: 'server default',
};
/** actix-server's `Server::build()` named through `use actix_server::Server`: it owns the signal handling too. */
const RUST_ACTIX_SERVER: Signal = {
  name: 'server default',
  re: /\bServer::build\s*\(\s*\)/,
  languages: RS,
  note: 'server default',
  fileRequires: /\bactix_server::/,
};
/** A pingora Server run with `run_forever()` waits its grace period on SIGTERM before exiting. */
const RUST_PINGORA: Signal = {
  name: 'server default',
  re: /\.run_forever\s*\(\s*\)/,
  languages: RS,
  note: 'server default',
  fileRequires: /\bpingora(?:_core)?::/,
};

/** A net/http server start (`http.ListenAndServe`, `srv.ListenAndServe()`, `http.Serve(ln, h)`), named before a CLI's Run(). */
const NET_HTTP_START = /ListenAndServe|\bhttp\.Serve|[sS](?:erver|rv)\.Serve/;

/** Go: the server start, the signal catch and the drain, searched in one pass over the Go files. */
const GO_SERVE: Signal = {
  name: 'server start',
  re: GO_SERVER_START,
  languages: GO,
  note: 'server started',
};
const GO_SIGNAL: Signal = {
  name: 'signal',
  // signal.Notify itself, or a signal context from a helper library (go-kit `signals.SignalContext(ctx)`,
  // controller-runtime `ctrl.SetupSignalHandler()`): a package named signals, or a SetupSignal… helper; or oklog/run's
  // `run.SignalHandler(ctx, syscall.SIGTERM)` actor, which ends its run group, interrupting the other actors.
  re: /\bsignal\.Notify(?:Context)?\s*\(|\bsignals\.\w+\s*\(|\bSetupSignal(?:Handler|Context)\s*\(|\brun\.SignalHandler\s*\(/,
  languages: GO,
  note: 'signals caught',
};
/** A Shutdown called on something named for a server (`srv.Shutdown(ctx)`, `parcaserver.Shutdown(ctx)`). */
const SERVER_DRAIN = /(?:server|srv)\w*\s*\.\s*(?:Shutdown|GracefulStop)/i;
const GO_SHUTDOWN: Signal = {
  name: 'Shutdown',
  // `ShutdownContext` of miekg/dns servers, `GracefulStop` of gRPC servers: the same drain under other names. fx's
  // `shutdowner.Shutdown()` asks the application to stop: it drains nothing itself.
  re: /(?<![sS]hutdowner)\.(?:Shutdown(?:WithContext|WithTimeout|Context)?|GracefulStop)\s*\(/,
  languages: GO,
  note: 'server drained with Shutdown',
};

/**
 * An uber fx application: `app.Run()` (and `<-app.Done()`) waits for SIGINT/SIGTERM, then runs the OnStop hooks, where
 * the servers it started are shut down.
 */
const GO_FX_APP: Signal = {
  name: 'fx app',
  re: /\bfx\.New\s*\(/,
  languages: GO,
  note: 'SIGTERM caught by the fx application, which then runs its OnStop hooks',
  fileRequires: /"go\.uber\.org\/fx"/,
};

/**
 * Go application frameworks that own the process: `kratos.New(…).Run()` and its look-alike `pacman.NewApp(…)` catch
 * SIGINT/SIGTERM themselves and stop every server handed to them with its graceful Stop/Shutdown.
 */
const GO_APP_LIFECYCLE: Signal = {
  name: 'app lifecycle',
  re: /\b(?:kratos\.New|pacman\.NewApp)\s*\(/,
  languages: GO,
  note: 'the application framework catches SIGTERM and stops its servers gracefully',
  fileRequires: /"github\.com\/(?:go-kratos\/kratos(?:\/v2)?|segmentfault\/pacman)"/,
};

/** A Benthos (Redpanda Connect) service run through `service.RunCLI(…)`: its CLI owns the process. */
const GO_STREAM_LIFECYCLE: Signal = {
  name: 'stream service lifecycle',
  re: BENTHOS_RUN_CLI,
  languages: GO,
  note: 'the Benthos service catches SIGTERM, stops its inputs and drains its pipelines within its shutdown_timeout',
  fileRequires: BENTHOS_SERVICE,
};

/**
 * A Kubernetes controller's manager started on controller-runtime's signal context (`mgr.Start(ctrl.SetupSignalHandler())`,
 * or `mgr.Start(ctx)` in a file that makes that context): SIGTERM cancels it, and the manager stops its controllers
 * and servers within its graceful shutdown timeout.
 */
const GO_MANAGER_LIFECYCLE: Signal = {
  name: 'manager lifecycle',
  re: /\.Start\s*\(\s*(?:ctrl\.)?SetupSignalHandler\s*\(\s*\)\s*\)|\b(?:mgr|manager|\w*Manager)\.Start\s*\(\s*ctx\s*\)/,
  languages: GO,
  note: 'the controller manager runs on the signal context and stops its controllers and servers on SIGTERM',
  fileRequires: /\bSetupSignalHandler\s*\(\s*\)/,
};

/** process.on('SIGTERM', ...) or process.on(signal, ...) inside a loop over ['SIGINT', 'SIGTERM']. */
const NODE_SIGNAL: Signal = {
  name: 'process.on SIGTERM',
  re: /\bprocess\.(?:on|once|addListener)\s*\(\s*(?:["'](?:SIGTERM|SIGINT)["']|\w+\s*,)/,
  languages: JS,
  note: 'SIGTERM handler',
  fileRequires: /["']SIG(?:TERM|INT)["']/,
};
const DRAIN =
  /\.close\s*\(|\.shutdown\s*\(|\.stop\s*\(|\.drain\s*\(|\.disconnect\s*\(|\.destroy\s*\(|\.terminate\s*\(|\.quit\s*\(|\.end\s*\(|closeServer|gracefulShutdown|shutdown\s*\(/g;
/** The receiver of a drain call that is telemetry (an OpenTelemetry SDK, provider or exporter, Sentry): it flushes. */
const TELEMETRY_RECEIVER =
  /(?:\b(?:sdk|otel|Sentry)|SDK|Sdk|(?:[tT]racer|[mM]eter|[lL]ogger)Provider|Exporter|[tT]elemetry|[tT]racing)\s*\??$/;

/** Something is closed or drained in the text: not only telemetry flushed on the way out. */
function drains(text: string): boolean {
  return [...text.matchAll(DRAIN)].some(
    (m) => !TELEMETRY_RECEIVER.test(text.slice(Math.max(0, m.index - 40), m.index)),
  );
}

/** What Puma (Rails' default server) does on SIGTERM. */
const PUMA_DRAINS = 'Puma handles SIGTERM by stopping to accept requests and finishing in-flight ones (server default)';

/** Servers and workers that drain on SIGTERM by default, as they appear in start commands. */
const DRAINING_SERVERS: [RegExp, string][] = [
  [
    /\b(?:uvicorn|gunicorn|hypercorn|daphne|granian)\b/,
    'the ASGI/WSGI server handles SIGTERM: it stops accepting connections and waits for in-flight requests (server default)',
  ],
  [
    /\blitestar\b[^\n]*\brun\b/,
    'litestar run serves the app with uvicorn (or granian), which stops accepting connections and waits for in-flight requests on SIGTERM (server default)',
  ],
  [
    // The Sanic CLI (`sanic server:app`, `sanic path.to.server.app`, `python -m sanic …`, in a shell or exec-form
    // command) runs Sanic's own server.
    /\bsanic["',\s]+(?:run["',\s]+)?\w[\w.]*:\w|\bsanic["',\s]+(?:run["',\s]+)?\w+\.\w|-m["',\s]+sanic\b/,
    'the Sanic server handles SIGTERM: it stops accepting connections and waits for in-flight requests (GRACEFUL_SHUTDOWN_TIMEOUT, server default)',
  ],
  [/\bpuma\b/, PUMA_DRAINS],
  [/\bcelery\b[^\n]*\bworker\b/, 'Celery workers finish their current tasks on SIGTERM (warm shutdown, default)'],
  [/\bsidekiq\b/, 'Sidekiq stops fetching jobs and waits for running ones on SIGTERM (default)'],
];

const UWSGI_GRACEFUL =
  "uWSGI's master turns SIGTERM into gracefully_kill_them_all: workers finish their requests before it exits";
/** `hook-master-start = unix_signal:15 gracefully_kill_them_all`, in an ini or on the command line. */
const UWSGI_GRACEFUL_HOOK = /hook-master-start\s*[= ]\s*["']?unix_signal:15\s+gracefully_kill_them_all/;

/**
 * uWSGI 2.0 reloads on SIGTERM (die-on-term only makes it exit, cutting requests): it drains only when the master is
 * told to kill its workers gracefully on signal 15. The start command names the ini it reads (`uwsgi --ini uwsgi.ini`,
 * `uwsgi /app/etc/uwsgi.ini`); the ini is looked up by its name in the repository.
 */
function uwsgiGracefulHook(repo: RepoIndex, c: StartCommand): StartCommand | undefined {
  if (!/\buwsgi\b/.test(c.text)) return undefined;
  if (UWSGI_GRACEFUL_HOOK.test(c.text)) return c;
  const ini = /([\w./-]+\.ini)\b/.exec(c.text)?.[1];
  if (!ini) return undefined;
  const name = ini.split('/').pop()!;
  for (const f of repo.byName(new RegExp(`^${escapeRegExp(name)}$`))) {
    const hit = repo.grepFirst(UWSGI_GRACEFUL_HOOK, { paths: [f.path] });
    if (hit) return { path: hit.path, line: hit.line, text: hit.text.trim() };
  }
  return undefined;
}

const PYTHON_SERVER_CALL: Signal = {
  name: 'uvicorn.run',
  re: /\buvicorn\.run\s*\(|\bhypercorn\.asyncio\.serve\s*\(|\bgunicorn\.app\b/,
  languages: PY,
  note: 'the app is served by uvicorn/hypercorn/gunicorn, which handle SIGTERM and wait for in-flight requests (server default)',
};
// A worker on the .NET generic host (MassTransit consumers, Quartz jobs, hosted services): SIGTERM cancels the hosted
// services and waits for them (HostOptions.ShutdownTimeout).
const DOTNET_HOST: Signal = {
  name: '.NET generic host',
  re: /\bHost\s*\.\s*Create(?:Default|Application)Builder\s*\(|\bnew\s+HostBuilder\s*\(/,
  languages: DOTNET_LANGUAGES,
  note: 'the .NET generic host cancels hosted services and waits for them on SIGTERM (HostOptions.ShutdownTimeout)',
};
/** A Python file importing Sanic: its `app.run(…)` starts Sanic's own production server, not Flask's. */
const SANIC_IMPORT = /^\s*(?:from\s+sanic\s+import\b|import\s+sanic\b)/m;
const FLASK_RUN: Signal = {
  name: 'app.run',
  re: /\bapp\.run\s*\(/,
  languages: PY,
  note: 'Flask development server',
  fileExcludes: SANIC_IMPORT,
};
/**
 * Sanic's `app.run(…)` (or `Sanic.serve()`) runs Sanic's server, which on SIGTERM stops accepting connections and
 * waits up to GRACEFUL_SHUTDOWN_TIMEOUT (15 s by default) for requests in flight.
 */
const SANIC_RUN: Signal = {
  name: 'Sanic app.run',
  re: /\bapp\.run\s*\(|\bSanic\.serve\s*\(/,
  languages: PY,
  note: "the app is served by Sanic's own server, which stops accepting connections and waits for in-flight requests on SIGTERM (server default)",
  fileRequires: SANIC_IMPORT,
};
const NODE_LISTEN: Signal = {
  name: 'listen',
  // Not a browser router's or an event bus's `listen` (`history.listen(cb)`); Sails starts its server with lift().
  re: /(?<!\b(?:history|browserHistory|hashHistory|router|navigation|emitter|events|bus))\.listen\s*\(|\bsails\.lift\s*\(/,
  languages: JS,
  note: 'server listens without a SIGTERM handler',
};

const wired = (facts: Facts, signals: Signal[]): SignalHit[] => findSignals(facts, signals).filter((h) => h.wired);

/**
 * The platform stops the service with SIGINT (`kill_signal = "SIGINT"` in fly.toml, `STOPSIGNAL SIGINT` in its image,
 * `stop_signal: SIGINT` in compose; Fly.io sends SIGINT when fly.toml names no kill_signal): there a `ctrl_c()` listener
 * is the stop handler.
 */
const SIGINT_STOP =
  /^\s*kill_signal\s*=\s*["']SIGINT["']|^\s*STOPSIGNAL\s+SIGINT\b|^\s*stop_signal\s*:\s*["']?SIGINT\b/im;
const RUST_CTRL_C: Signal = {
  name: 'SIGINT listener (the platform stops the service with SIGINT)',
  re: /\bsignal::ctrl_c\s*\(\s*\)|(?<![\w:])ctrl_c\s*\(\s*\)/,
  languages: RS,
  fileRequires: /\btokio::signal\b/,
  note: 'ctrl_c() caught, and the platform stops the service with SIGINT',
};

/** A Swoole HTTP server constructed in PHP code: by its class name, or a `new Server(` of a file importing one. */
const SWOOLE_SERVER = /\bnew\s+(?:\\?(?:Open)?Swoole\\Http\\)?Server\s*\(/;
const SWOOLE_SERVER_IMPORT = /^\s*use\s+(?:Utopia\\Http\\Adapter\\Swoole\\Server|(?:Open)?Swoole\\Http\\Server)\s*;/m;

/** Where the platform's stop signal is SIGINT: said in so many words, or a fly.toml that names no kill_signal. */
function sigintStop(repo: RepoIndex): { path: string; line: number; text: string; flyDefault?: true } | undefined {
  const said = repo.grepFirst(SIGINT_STOP, {
    include: ['**/fly*.toml', '**/Dockerfile*', '**/Containerfile', '**/*compose*.{yml,yaml}'],
  });
  if (said) return { path: said.path, line: said.line, text: said.text.trim() };
  const fly = repo
    .byName(/^fly(?:\.[\w-]+)?\.toml$/)
    .find((f) => !/^\s*kill_signal\s*=/m.test(repo.read(f.path) ?? ''));
  return fly ? { path: fly.path, line: 1, text: 'no kill_signal (Fly.io sends SIGINT)', flyDefault: true } : undefined;
}

/** Rust handlers, with a `ctrl_c()` listener where the platform's stop signal is SIGINT. */
function rustSigintHandlers(repo: RepoIndex, facts: Facts): SignalHit[] {
  return sigintStop(repo) ? wired(facts, [RUST_CTRL_C]).slice(0, 1) : [];
}

/** Inits that signal the whole process group: dumb-init (its default) and `tini -g`; plain tini signals only its child. */
const GROUP_SIGNAL_INIT = /\bdumb-init\b|\btini\b[^\n]*\s-g\b/;
const TERM_TRAP = /^\s*trap\b[^\n]*\s(?:(?:SIG)?TERM|15)\b/m;

/** A Docker Official Image (`node`, `python`, `debian` …): none runs an init, its entrypoint (if any) execs the command. */
const OFFICIAL_IMAGE = /^(?:docker\.io\/)?(?:library\/)?[\w.-]+$/;

/** The image's start is the script's shell: its ENTRYPOINT, or its CMD on an official image with no ENTRYPOINT set. */
function shellIsPid1(facts: Facts, image: StartCommand): boolean {
  if (GROUP_SIGNAL_INIT.test(image.text)) return false;
  if (/^ENTRYPOINT\b/.test(image.text)) return true;
  const df = facts.dockerfiles.production.find((d) => d.path === image.path);
  const stage = df?.finalStage;
  return (
    !!stage && !effectiveInstruction(df, 'ENTRYPOINT') && OFFICIAL_IMAGE.test(stageChain(df, stage).at(-1)!.from.image)
  );
}

/**
 * What a script may still hold after its last command: the ends of blocks, other branches, its exit or a wait, and
 * messages it prints once the server has stopped (`echo "server stopped"`), which run only after it. A message chained
 * to another command (`echo up && exec other`) is that command's line, not a tail.
 */
const SCRIPT_TAIL =
  /^\s*(?:fi|done|esac|;;|\}|else|elif\b.*|[^\s()]+\)|exit\b.*|wait\b.*|(?:echo|printf)\b[^;&|]*)\s*$/;

/**
 * A start-script line that runs a queue or job worker, not the server that takes requests: artisan's queue:work and
 * horizon, Celery, Sidekiq, Rails' jobs.
 */
const SCRIPT_WORKER =
  /\bartisan\s+(?:queue:work|queue:listen|horizon)\b|\bcelery\b[^\n]*\bworker\b|\bsidekiq\b|\bjobs:work\b/;

/**
 * The server a start script leaves without SIGTERM. Every candidate is equally unsignalled; the one cited is the
 * request server where the script runs one (`queue:work &` then `php-fpm -F`: php-fpm), else the first.
 */
function unsignalledServer(repo: RepoIndex, facts: Facts, cmds: StartCommand[]): ShutdownFacts['unsignalled'] {
  const found: NonNullable<ShutdownFacts['unsignalled']>[] = [];
  for (const c of unsignalledCandidates(repo, facts, cmds)) {
    if (!SCRIPT_WORKER.test(c.command.text)) return c;
    found.push(c);
  }
  return found[0];
}

function* unsignalledCandidates(
  repo: RepoIndex,
  facts: Facts,
  cmds: StartCommand[],
): Generator<NonNullable<ShutdownFacts['unsignalled']>> {
  let foreground: ShutdownFacts['unsignalled'];
  const starts = new Set(cmds.map((c) => `${c.path}:${c.line}`));
  for (const command of cmds) {
    const image = command.startedBy;
    if (!image || !shellIsPid1(facts, image) || TERM_TRAP.test(repo.read(command.path) ?? '')) continue;
    const lines = repo.lines(command.path);
    let next = command.line;
    while (next < lines.length && /\\\s*$/.test(lines[next - 1]!)) next++;
    const after = lines
      .slice(next)
      .map((text, i) => ({ text, line: next + i + 1 }))
      .filter((l) => !/^\s*(?:#|$)/.test(l.text));
    // A script that ends by exec-ing its server hands PID 1, and the signal, to that server.
    if (after.some((l) => /^\s*exec\s/.test(l.text))) continue;
    const words = shellWords(command.text);
    if (words.at(-1) === '&') {
      yield { command, image, background: true };
      continue;
    }
    // In the foreground the shell waits on its child; the script's last command (or the last of its branches) is the
    // server, unless the line only assigns a command for later or exec-s it.
    const run = words.find((w) => !/^[A-Za-z_]\w*=/.test(w));
    const last = after.every((l) => SCRIPT_TAIL.test(l.text) || starts.has(`${command.path}:${l.line}`));
    if (run && run !== 'exec' && last) foreground = { command, image, background: false };
  }
  if (foreground) yield foreground;
}

export function detectShutdown(repo: RepoIndex, facts: Facts): ShutdownFacts {
  const langs = new Set(facts.frameworks.http.map((f) => f.language));
  const cmds = startCommands(facts);
  const go = wired(facts, [
    GO_SERVE,
    GO_SIGNAL,
    GO_FX_APP,
    GO_SHUTDOWN,
    GO_APP_LIFECYCLE,
    GO_MANAGER_LIFECYCLE,
    GO_STREAM_LIFECYCLE,
  ]);
  const handlers = wired(facts, HANDLERS);
  if (!handlers.length && langs.has('rust')) handlers.push(...rustSigintHandlers(repo, facts));
  const out: ShutdownFacts = {
    handlers,
    go: {
      // A net/http server start first: `cmd.Run()` of a CLI library also matches the generic `.Run(` form.
      serve: go
        .filter((h) => h.signal === GO_SERVE)
        .sort((a, b) => Number(!NET_HTTP_START.test(a.match.text)) - Number(!NET_HTTP_START.test(b.match.text))),
      // One naming SIGTERM first: a CLI beside the server catching only Ctrl-C (`os.Interrupt`) is not the stop a
      // container gets.
      signal: go
        .filter((h) => h.signal === GO_SIGNAL || h.signal === GO_FX_APP)
        .sort((a, b) => Number(!/\bSIGTERM\b/.test(a.match.text)) - Number(!/\bSIGTERM\b/.test(b.match.text))),
      // A server's drain first: a tracing exporter's or a client's Shutdown beside it drains no request.
      shutdown: go
        .filter((h) => h.signal === GO_SHUTDOWN)
        .sort((a, b) => Number(!SERVER_DRAIN.test(a.match.text)) - Number(!SERVER_DRAIN.test(b.match.text))),
      lifecycle: go.filter((h) => [GO_APP_LIFECYCLE, GO_MANAGER_LIFECYCLE, GO_STREAM_LIFECYCLE].includes(h.signal)),
    },
    nodeHandlers: wired(facts, [NODE_SIGNAL]).map((hit) => ({ hit, drains: nodeHandlerDrains(repo, hit) })),
  };
  if (langs.has('rust')) out.rust = rustServers(repo, facts);
  if (facts.frameworks.has('spring-boot')) out.spring = springShutdown(repo);
  for (const c of cmds) {
    const s = DRAINING_SERVERS.find(([re]) => re.test(c.text));
    if (s) {
      out.drainingCommand = { command: c, note: s[1] };
      break;
    }
  }
  if (!out.drainingCommand) {
    const hook = cmds.map((c) => uwsgiGracefulHook(repo, c)).find(Boolean);
    if (hook) out.drainingCommand = { command: hook, note: UWSGI_GRACEFUL, configured: true };
  }
  const pyCall = wired(facts, [PYTHON_SERVER_CALL, SANIC_RUN])[0];
  if (pyCall) out.pythonServerCall = pyCall;
  const dotnetHost = wired(facts, [DOTNET_HOST])[0];
  if (dotnetHost) out.dotnetHost = dotnetHost;
  const beam = facts.frameworks.get('phoenix') ?? facts.frameworks.get('plug');
  // A release whose supervision tree runs a Broadway pipeline or Oban queues: on SIGTERM the release stops the tree in
  // order, Broadway stops fetching and drains the messages in flight, Oban waits its shutdown_grace_period for jobs.
  const worker = beam
    ? undefined
    : facts.messaging.consumers.find((c) => c.system === 'Broadway' || c.system === 'Oban');
  if (beam || worker) {
    const release =
      repo.grepFirst(
        /\bmix\s+(?:do\s+[\w.]+(?:\s*,\s*[\w.]+)*\s*,\s*)?release\b|\/bin\/\w+["']?\s*,?\s*["']?start\b|\bbin\/server\b/,
        {
          include: ['**/Dockerfile*', '**/Containerfile', '**/fly.toml', '**/Procfile', '**/*.sh'],
        },
      ) ?? repo.grepFirst(/^\s*releases:\s*(?:\[|\w+\(\s*\))/, { include: '**/mix.exs' });
    const sigint = sigintStop(repo);
    out.beam = {
      ...(beam ? { framework: beam } : {}),
      ...(worker ? { worker: { path: worker.path, line: worker.line, system: worker.system } } : {}),
      ...(release ? { release } : {}),
      ...(sigint ? { sigint } : {}),
    };
  }
  // A plain PHP application (no framework package) runs its requests in the same php-fpm/Apache workers.
  const php = [...PHP_FRAMEWORKS, 'php' as const].map((n) => facts.frameworks.get(n)).find(Boolean);
  if (php) {
    // Heroku's PHP buildpack starts Apache or nginx with php-fpm (`web: vendor/bin/heroku-php-apache2`).
    const server = repo.grepFirst(
      /^\s*FROM\s+\S*(?:php:[\w.-]*(?:fpm|apache)|frankenphp|roadrunner|openswoole|swoole|serversideup\/php)\S*|\boctane:start\b|\brr\s+serve\b|\bphp-fpm\b|\bheroku-php-(?:apache2|nginx)\b|STOPSIGNAL\s+SIG(?:QUIT|WINCH)/i,
      {
        include: [
          '**/Dockerfile*',
          '**/Containerfile',
          '**/*compose*.{yml,yaml}',
          '**/Procfile',
          '**/*.sh',
          '**/supervisord*.conf',
        ],
      },
    );
    const swoole = server
      ? undefined
      : facts.code
          .grep(SWOOLE_SERVER, { languages: ['php'], limit: 20 })
          .find(
            (h) =>
              facts.liveness.isLive(h.path) &&
              (/\\Swoole\\/.test(h.text) || SWOOLE_SERVER_IMPORT.test(facts.code.text(h.path) ?? '')),
          );
    out.php = { framework: php, ...(server ? { server } : {}), ...(swoole ? { swoole } : {}) };
  }
  const unsignalled = unsignalledServer(repo, facts, cmds);
  if (unsignalled) out.unsignalled = unsignalled;
  const fsServer = frameworkServerDefault(repo, facts, cmds);
  if (fsServer) out.frameworkServer = fsServer;
  if (facts.frameworks.has('rails')) {
    const puma = facts.deps.declaredAnyScope(['ruby', 'puma']);
    if (puma) out.railsPuma = { path: puma.manifest, line: puma.line, note: PUMA_DRAINS };
  }
  if (langs.has('python')) {
    const flask = wired(facts, [FLASK_RUN])[0];
    if (flask) out.flaskDevServer = flask;
  }
  if (facts.frameworks.has('nextjs')) {
    const next = cmds.find((c) => /\bnext\s+start\b/.test(c.text));
    if (next) out.nextStart = next;
  }
  if (langs.has('node')) {
    const listen = wired(facts, [NODE_LISTEN])[0];
    const npmStart = cmds.find(
      (c) =>
        /\bnpm\s+(?:run\s+)?start\b|\byarn\s+start\b/.test(c.text.replace(/[[\]",]/g, ' ')) &&
        /Dockerfile|Containerfile/.test(c.path),
    );
    const pid1 = cmds.find(
      (c) => /Dockerfile|Containerfile/.test(c.path) && /^(?:CMD|ENTRYPOINT)\s+\[?\s*"?node"?\s*,?\s/.test(c.text),
    );
    // Browser scripts beside a Python or Ruby server (a Django app's static JS) start no Node server: the Node
    // verdict is for a Node service, or for Node code that starts one.
    if (listen || npmStart || pid1 || [...langs].every((l) => l === 'node'))
      out.node = { ...(listen ? { listen } : {}), ...(npmStart ? { npmStart } : {}), ...(pid1 ? { pid1 } : {}) };
  }
  return out;
}

/** The 15 lines from the handler, the body of the function it names, or of one it calls, close or drain something. */
function nodeHandlerDrains(repo: RepoIndex, h: SignalHit): boolean {
  const lines = repo.lines(h.match.path);
  const window = lines.slice(h.match.line - 1, h.match.line + 15).join('\n');
  const text = repo.read(h.match.path) ?? '';
  // A function of the file: its definition and what follows it.
  const drainsIn = (name: string) =>
    drains(
      text.match(
        new RegExp(`(?:function\\s+${escapeRegExp(name)}\\b|\\b${escapeRegExp(name)}\\s*=)[\\s\\S]{0,600}`),
      )?.[0] ?? '',
    );
  const fnName = /process\.\w+\s*\(\s*["']SIG\w+["']\s*,\s*(\w+)\s*\)/.exec(h.match.text)?.[1];
  if (drains(window) || (fnName && drainsIn(fnName))) return true;
  // An inline handler handing over to functions of the file (`beginShutdown(); setTimeout(close, delay);`) drains when
  // one of them does.
  const start = repo.lineOffsets(h.match.path)[h.match.line - 1] ?? 0;
  const handler = callArgs(text, text.indexOf('process', start)) ?? '';
  const called = [
    ...handler.matchAll(/\bset(?:Timeout|Immediate)\(\s*([A-Za-z_$][\w$]*)\s*[,)]|(?<![.\w$])([A-Za-z_$][\w$]*)\s*\(/g),
  ]
    .map((m) => (m[1] ?? m[2])!)
    .filter(
      (n) => !/^(?:set(?:Timeout|Immediate|Interval)|function|async|await|require|if|for|while|switch|catch)$/.test(n),
    );
  return [...new Set(called)].slice(0, 6).some(drainsIn);
}

function rustServers(repo: RepoIndex, facts: Facts): NonNullable<ShutdownFacts['rust']> {
  const rust = wired(facts, [RUST_DEFAULT, RUST_ACTIX_SERVER, RUST_PINGORA, RUST_SERVE]);
  const def = rust.find((h) => h.signal !== RUST_SERVE);
  if (def) {
    // actix-server's Server (under HttpServer, or built directly with Server::build()) owns the signal handling.
    const actix = def.signal === RUST_ACTIX_SERVER || /HttpServer|actix_server/.test(def.match.text);
    const disabled = actix ? repo.grepFirst(/\.disable_signals\s*\(/, { languages: RS, kinds: ['source'] }) : undefined;
    return {
      drainsByDefault: {
        hit: def,
        server: actix ? 'actix-web' : def.signal === RUST_PINGORA ? 'pingora' : 'Rocket',
        ...(disabled ? { signalsDisabled: disabled } : {}),
      },
    };
  }
  const serve = rust.find((h) => h.signal === RUST_SERVE);
  return serve ? { serve } : {};
}

function springShutdown(repo: RepoIndex): NonNullable<ShutdownFacts['spring']> {
  // The parent POM or a Maven property, the Gradle plugin, a version catalog (`spring-boot =
  // 'org.springframework.boot:4.1.0'`, `spring-boot = "3.4.1"` under [versions]), the BOM coordinates, or a
  // springBootVersion property (`2.2.6.RELEASE`: the dot before the qualifier is not the version's).
  const m = repo.grepFirst(
    /spring-boot-starter-parent<\/artifactId>\s*<version>([\d.]+)|org\.springframework\.boot["']?\)?\s+version\s+["']([\d.]+)|<spring-boot\.version>([\d.]+)<|^\s*spring-?boot\s*=\s*["'](?:org\.springframework\.boot:)?(\d+\.\d+[\d.]*)["']|org\.springframework\.boot:spring-boot-(?:dependencies|gradle-plugin):(\d+\.\d+[\d.]*)|\bspring[Bb]ootVersion\s*=\s*["']?(\d+\.\d+[\d.]*)/m,
    {
      include: [
        '**/pom.xml',
        '**/build.gradle',
        '**/build.gradle.kts',
        '**/libs.versions.toml',
        '**/gradle.properties',
      ],
    },
  );
  const immediate = repo.grepFirst(/^\s*server\.shutdown\s*[=:]\s*immediate\b|^\s*shutdown:\s*["']?immediate\b/, {
    include: '**/application*.{yml,yaml,properties}',
  });
  return {
    ...(m
      ? { version: { version: m.groups.slice(1).find(Boolean)!.replace(/\.$/, ''), path: m.path, line: m.line } }
      : {}),
    ...(immediate ? { immediate } : {}),
  };
}

/**
 * Ktor 2.3 and later register a JVM shutdown hook when the server starts (every engine, Netty included; Ktor 3 in
 * EmbeddedServer.start): on SIGTERM the engine stops taking calls and gives running ones shutdownGracePeriod. Earlier
 * versions left it to EngineMain or the service. Low: a framework default read from the declared version, which the
 * `io.ktor.server.engine.ShutdownHook=false` system property turns off.
 */
function ktorDefaultHook(repo: RepoIndex, facts: Facts): ShutdownFacts['frameworkServer'] {
  const dep =
    facts.deps.declared(['jvm', /^io\.ktor:ktor-server-/]) ??
    facts.deps.declaredAnyScope(['jvm', 'plugin:io.ktor.plugin']);
  const v = dep && minorOf(gradleSpecValue(repo, dep));
  if (!dep || !v || v[0] < 2 || (v[0] === 2 && v[1] < 3)) return undefined;
  const off = /io\.ktor\.server\.engine\.ShutdownHook["']?\s*[=,]\s*["']?false\b/;
  if (facts.code.grepFirst(off, { include: ['**/*.{kt,kts,java,gradle,properties,conf,yml,yaml}', '**/Dockerfile*'] }))
    return undefined;
  return {
    path: dep.manifest,
    line: dep.line ?? 1,
    note: `Ktor ${v.join('.')}: the server registers a JVM shutdown hook at start; on SIGTERM it stops taking calls and gives running ones shutdownGracePeriod (1 s unless set) to finish (framework default)`,
    what: 'Ktor (shutdown hook registered by the server)',
    confidence: 'low',
  };
}

/**
 * Servers of frameworks that drain on SIGTERM by themselves: SvelteKit's adapter-node (5.1+, closes the server and
 * waits SHUTDOWN_TIMEOUT), Nitro's node-server preset (Nuxt's default: NITRO_SHUTDOWN_TIMEOUT, unless
 * NITRO_SHUTDOWN_DISABLED), remix-serve / react-router-serve (close the server on SIGTERM/SIGINT), Dropwizard's
 * Jetty (stopped at JVM shutdown after shutdownGracePeriod; low: a default the configuration file may set to 0),
 * rapids-and-rivers' RapidApplication (its shutdown hook; low: a library default), Ktor's own hook (ktorDefaultHook),
 * Play's CoordinatedShutdown and Mia-Platform's lc39 (closes Fastify on SIGTERM after a delay).
 */
function frameworkServerDefault(repo: RepoIndex, facts: Facts, cmds: StartCommand[]): ShutdownFacts['frameworkServer'] {
  const fw = facts.frameworks;
  const svelte = fw.get('sveltekit');
  if (svelte?.adapter === '@sveltejs/adapter-node') {
    const dep = facts.deps.declaredAnyScope(['node', '@sveltejs/adapter-node']);
    const v = minorOf(dep?.spec);
    const known = v !== undefined && (v[0] > 5 || (v[0] === 5 && v[1] >= 1));
    // `^5` / `^5.0.0` installs the newest 5.x: low confidence without the lockfile's version.
    const allows = v !== undefined && v[0] === 5 && /^\^/.test(dep?.spec ?? '');
    if (v === undefined || known || allows)
      return {
        path: dep?.manifest ?? svelte.path,
        line: dep?.line ?? svelte.line,
        note: `@sveltejs/adapter-node${dep?.spec ? ` ${dep.spec}` : ''}: its server stops accepting requests on SIGTERM/SIGINT and waits SHUTDOWN_TIMEOUT (30 s) for in-flight ones (adapter default since 5.1)`,
        what: 'SvelteKit adapter-node',
        confidence: known ? 'high' : 'low',
      };
  }
  const nitro = fw.get('nuxt') ?? fw.get('nitro');
  if (nitro && (!nitro.adapter || /^node(?:-server|-cluster)?$/.test(nitro.adapter))) {
    const disabled = facts.code.grepFirst(/\bNITRO_SHUTDOWN_DISABLED\s*[=:]\s*["']?(?:true|1)\b/, {
      include: ['**/*.env*', '**/Dockerfile*', '**/*.{yml,yaml,toml,json}'],
    });
    if (!disabled)
      return {
        path: nitro.path,
        line: nitro.line,
        note: `${nitro.name === 'nuxt' ? 'Nuxt' : 'Nitro'} server (node-server preset${nitro.adapter ? '' : ', the default'}): Nitro closes the server on SIGTERM/SIGINT and waits NITRO_SHUTDOWN_TIMEOUT for in-flight requests (server default)`,
        what: 'Nitro node-server graceful shutdown',
        confidence: 'high',
      };
  }
  const dropwizard = facts.deps.declared(['jvm', DROPWIZARD_CORE]);
  if (dropwizard)
    return {
      path: dropwizard.manifest,
      line: dropwizard.line ?? 1,
      note: 'dropwizard-core: Jetty is stopped at JVM shutdown, refusing new requests and waiting shutdownGracePeriod (30 s by default) for in-flight ones (framework default)',
      what: 'Dropwizard (Jetty stopped after its shutdown grace period)',
      confidence: 'low',
    };
  const shell = naisAppShell(facts);
  if (shell?.rapid)
    return {
      path: shell.hit.path,
      line: shell.hit.line,
      note: 'RapidApplication: a JVM shutdown hook stops the Kafka rapid, then the server with a 5 s grace period (library default)',
      what: 'rapids-and-rivers (shutdown hook stopping the rapid and the server)',
      confidence: 'low',
    };
  const ktor = fw.has('ktor') ? ktorDefaultHook(repo, facts) : undefined;
  if (ktor) return ktor;
  // Play (2.6+) runs Akka's/Pekko's CoordinatedShutdown from a JVM shutdown hook: the server unbinds, then waits for
  // in-flight requests (play.server.terminationTimeout). Low: a framework default the configuration may switch off.
  const play = fw.get('play');
  if (play && !facts.code.grepFirst(/\brun-by-jvm-shutdown-hook\s*[=:]\s*(?:off|false)\b/, { include: ['**/*.conf'] }))
    return {
      path: play.path,
      line: play.line,
      note: 'Play application: CoordinatedShutdown, run by the JVM shutdown hook, unbinds the server and lets in-flight requests finish (framework default)',
      what: 'Play (CoordinatedShutdown on the JVM shutdown hook)',
      confidence: 'low',
    };
  const lc39 = lc39Launch(fw);
  if (lc39)
    return {
      path: lc39.path,
      line: lc39.line,
      note: 'lc39: on SIGTERM it waits for the endpoints to be taken out of rotation, then closes the Fastify server, which finishes in-flight requests (framework default)',
      what: 'lc39 (Fastify closed on SIGTERM)',
      confidence: 'high',
    };
  // remix-serve / react-router-serve in a start command: they close the server on SIGTERM and SIGINT.
  if (!fw.has('remix') && !fw.has('react-router')) return undefined;
  const c = cmds.find((x) => /\b(?:remix-serve|react-router-serve)\b/.test(x.text));
  if (!c) return undefined;
  const bin = /\b(remix-serve|react-router-serve)\b/.exec(c.text)![1]!;
  return {
    path: c.path,
    line: c.line,
    note: `${bin} closes its server on SIGTERM/SIGINT, letting in-flight requests finish (server default)`,
    what: bin,
    confidence: 'high',
  };
}

import {
  defineRule,
  type Evidence,
  findSignals,
  GO,
  JS,
  JVM,
  PY,
  RB,
  RS,
  type RuleContext,
  type Signal,
  startCommands,
} from '../../src/sdk/index.js';
import { hitEvidence } from '../_lib/signal-evidence.js';

const HANDLERS: Signal[] = [
  // Python
  {
    name: 'SIGTERM handler',
    re: /\bsignal\.signal\s*\(\s*signal\.SIGTERM\b|\badd_signal_handler\s*\(\s*(?:signal\.)?SIGTERM\b/,
    languages: PY,
    note: 'SIGTERM handler installed',
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
    name: 'terminus',
    re: /\bcreateTerminus\s*\(/,
    languages: JS,
    note: '@godaddy/terminus drains the server on SIGTERM',
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
  // JVM
  {
    name: 'shutdown hook',
    re: /\bRuntime\.getRuntime\s*\(\s*\)\s*\.addShutdownHook\s*\(/,
    languages: JVM,
    note: 'JVM shutdown hook',
  },
  {
    name: 'Spring graceful shutdown',
    re: /^\s*server\.shutdown\s*[=:]\s*graceful\b|^\s*shutdown:\s*["']?graceful\b/,
    include: '**/application*.{yml,yaml,properties}',
    note: 'server.shutdown=graceful: Spring Boot drains in-flight requests on SIGTERM',
  },
  // Ruby
  {
    name: 'TERM trap',
    re: /\b(?:Signal\.)?trap\s*\(?\s*["'](?:SIG)?TERM["']/,
    languages: RB,
    note: 'TERM signal trapped',
  },
  // Rust
  {
    name: 'with_graceful_shutdown',
    re: /\.with_graceful_shutdown\s*\(|\.run_with_graceful_shutdown\s*\(|\bbind_with_graceful_shutdown\s*\(|\.serve_with_shutdown\s*\(|\.serve_with_incoming_shutdown\s*\(/,
    languages: RS,
    note: 'the server drains in-flight requests when the shutdown signal fires (with_graceful_shutdown)',
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
  re: /\bHttpServer::new\s*\(|#\[(?:rocket::)?launch\]|\brocket::build\s*\(|\.launch\s*\(\s*\)\s*\.await/,
  languages: RS,
  note: 'server default',
};

/** Go: the server start, the signal catch and the drain, searched in one pass over the Go files. */
const GO_SERVE: Signal = {
  name: 'server start',
  re: /\bhttp\.ListenAndServe(?:TLS)?\s*\(|\.ListenAndServe(?:TLS)?\s*\(\s*\)|\b\w+\.Run\s*\(\s*(?:":|\w*[Aa]ddr|fmt\.Sprintf|os\.Getenv|port|$|\))|\be\.Start\s*\(|\bapp\.Listen\s*\(/,
  languages: GO,
  note: 'server started',
};
const GO_SIGNAL: Signal = {
  name: 'signal',
  re: /\bsignal\.Notify(?:Context)?\s*\(/,
  languages: GO,
  note: 'signals caught',
};
const GO_SHUTDOWN: Signal = {
  name: 'Shutdown',
  re: /\.Shutdown(?:WithContext|WithTimeout)?\s*\(/,
  languages: GO,
  note: 'server drained with Shutdown',
};

/** process.on('SIGTERM', ...) or process.on(signal, ...) inside a loop over ['SIGINT', 'SIGTERM']. */
const NODE_SIGNAL = /\bprocess\.(?:on|once|addListener)\s*\(\s*(?:["'](?:SIGTERM|SIGINT)["']|\w+\s*,)/;
const DRAIN =
  /\.close\s*\(|\.shutdown\s*\(|\.stop\s*\(|\.drain\s*\(|\.disconnect\s*\(|\.destroy\s*\(|\.terminate\s*\(|\.quit\s*\(|\.end\s*\(|closeServer|gracefulShutdown|shutdown\s*\(/;

const SERVERS: [RegExp, string][] = [
  [
    /\b(?:uvicorn|gunicorn|hypercorn|daphne|granian)\b/,
    'the ASGI/WSGI server handles SIGTERM: it stops accepting connections and waits for in-flight requests (server default)',
  ],
  [
    /\blitestar\b[^\n]*\brun\b/,
    'litestar run serves the app with uvicorn (or granian), which stops accepting connections and waits for in-flight requests on SIGTERM (server default)',
  ],
  [/\bpuma\b/, 'Puma handles SIGTERM by stopping to accept requests and finishing in-flight ones (server default)'],
  [/\bcelery\b[^\n]*\bworker\b/, 'Celery workers finish their current tasks on SIGTERM (warm shutdown, default)'],
  [/\bsidekiq\b/, 'Sidekiq stops fetching jobs and waits for running ones on SIGTERM (default)'],
];

function springBootVersion(ctx: RuleContext): { version: string; path: string; line: number } | undefined {
  const m = ctx.repo.grepFirst(
    /spring-boot-starter-parent<\/artifactId>\s*<version>([\d.]+)|org\.springframework\.boot["']?\)?\s+version\s+["']([\d.]+)/,
    { include: ['**/pom.xml', '**/build.gradle', '**/build.gradle.kts'] },
  );
  if (!m) return undefined;
  return { version: m.groups[1] || m.groups[2]!, path: m.path, line: m.line };
}

function atLeast(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.split('.').map(Number);
  return a > major || (a === major && b >= minor);
}

const FIX = [
  "On SIGTERM, stop accepting new requests, finish those in flight within a deadline shorter than the platform's grace period, then close connections and exit.",
  'Go: run the server in a goroutine, wait on signal.NotifyContext(ctx, syscall.SIGTERM, os.Interrupt), then srv.Shutdown(ctxWithTimeout).',
  'Node: process.on("SIGTERM", () => server.close(() => process.exit(0))) or close-with-grace; run `node server.js` directly (not `npm start`) so the signal reaches the process.',
  'Python: serve with uvicorn/gunicorn and close resources in the lifespan handler.',
  'Spring Boot: before 3.4, set server.shutdown=graceful and spring.lifecycle.timeout-per-shutdown-phase.',
  'Ruby: Puma drains on SIGTERM; set a worker_shutdown_timeout and close job workers (Sidekiq) with their own timeout.',
  'Rust: axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()) where shutdown_signal awaits tokio::signal::unix SIGTERM (tonic: serve_with_shutdown); actix-web and Rocket drain by default.',
  '.NET: the host drains by default; raise HostOptions.ShutdownTimeout if requests or hosted services need longer, and honour the CancellationToken in BackgroundService.ExecuteAsync.',
];

export default defineRule({
  meta: {
    id: 'resilience.graceful-shutdown',
    category: 'resilience',
    title: 'The service shuts down gracefully on SIGTERM',
    severity: 'medium',
    level: 2,
    scope: 'component',
    requires: ['service'],
    docs: {
      why: 'Every deploy, scale-in and node drain sends SIGTERM. A process that exits at once drops in-flight requests and half-done work; one that stops accepting, finishes what it has and closes its connections makes deploys invisible to users.',
      how: 'Looks, in production code reached from the entrypoint and in the start commands, for: signal handlers that drain (Python signal.signal(SIGTERM), Node process.on("SIGTERM") calling server.close(), Go signal.Notify/NotifyContext plus srv.Shutdown(ctx), Ruby trap("TERM"), JVM shutdown hooks, Rust with_graceful_shutdown / serve_with_shutdown), lifecycle hooks (FastAPI/Starlette lifespan or shutdown events, NestJS enableShutdownHooks, close-with-grace, terminus, http-terminator, stoppable, lightship), and servers whose default drains: uvicorn/gunicorn/hypercorn/daphne, Puma, Celery and Sidekiq workers, actix-web and Rocket, the ASP.NET Core / .NET generic host (stated as a default in the evidence). Spring Boot: server.shutdown=graceful passes; from Spring Boot 3.4 graceful shutdown is the default, before 3.4 the default is immediate (gap). Gaps: Go http.ListenAndServe / gin Run / echo Start without Shutdown, Node servers without a SIGTERM handler (noting `CMD npm start`, which does not forward signals reliably), handlers that only call process.exit, axum/hyper/warp/tonic servers without a shutdown future, actix-web with disable_signals, Flask\'s development server. n/a when the project is not a long-running process, and when the service runs only as functions a platform invokes (Lambda, Workers, Vercel/Netlify functions, Deno Deploy: the platform ends invocations, there is no server to drain; its model is stated).',
      fix: FIX,
      fixFor: {
        kubernetes: [
          ...FIX,
          'Kubernetes: terminationGracePeriodSeconds (30 s by default) bounds the drain; add a short `preStop` sleep so the pod leaves the Service endpoints before the server stops accepting.',
        ],
        compose: [
          ...FIX,
          'Compose: start the server with an exec-form CMD (or `init: true`) so SIGTERM reaches it, and set `stop_grace_period` longer than the drain (10 s by default).',
        ],
        paas: [
          ...FIX,
          'PaaS: the platform sends SIGTERM and kills soon after (Heroku 30 s, Cloud Run 10 s, Fly `kill_timeout`, Render 30 s by default): finish the drain within it.',
        ],
        'container-service': [
          ...FIX,
          'ECS: the container `stopTimeout` (30 s by default) bounds the drain; keep the target group deregistration delay shorter than it. Nomad: `kill_timeout` on the task.',
        ],
      },
      effort: 'S',
      links: [
        'https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/',
        'https://docs.spring.io/spring-boot/reference/web/graceful-shutdown.html',
      ],
    },
    messages: {
      handled: 'SIGTERM is handled: {{what}}.',
      serverDefault: 'SIGTERM is handled by the server by default: {{what}}.',
      springDefault: 'Spring Boot {{version}} shuts down gracefully by default (since 3.4).',
      springImmediate:
        'Spring Boot {{version}} shuts down immediately by default (before 3.4) and server.shutdown=graceful is not set.',
      goNoShutdown:
        'The Go server is started with {{call}} and never shut down gracefully: in-flight requests are cut on SIGTERM.',
      goNotDrained: 'Signals are caught but the server is never drained with Shutdown().',
      exitOnly: 'The SIGTERM handler only exits the process; it does not close the server or finish in-flight work.',
      nodeNoHandler: 'No SIGTERM handler closes the Node server{{npm}}.',
      nextStart:
        '`next start` exits on SIGTERM without waiting for in-flight requests, and no handler drains it (NEXT_MANUAL_SIG_HANDLE with a SIGTERM handler, or a custom server).',
      rustNoShutdown:
        'The Rust server is started without a shutdown signal: in-flight requests are cut when the pod is stopped.',
      devServer: "The app is served by Flask's development server (app.run), which does not drain on SIGTERM.",
      none: 'No SIGTERM handling, shutdown hook or draining server was found.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['graceful shutdown', 'sigterm', 'graceful termination'],
  },
  check(ctx) {
    const fn = ctx.facts.functions;
    if (fn.only) return ctx.na(`the service runs only as functions on ${`${fn.name}, ${fn.where}`}: ${fn.shutdown}`);
    const handlers = findSignals(ctx.facts, HANDLERS).filter((h) => h.wired);
    const strong = handlers.filter((h) => h.signal.name !== 'lifespan shutdown');
    const langs = new Set(ctx.facts.frameworks.http.map((f) => f.language));
    const cmds = startCommands(ctx.facts);
    const npmStart = cmds.find(
      (c) =>
        /\bnpm\s+(?:run\s+)?start\b|\byarn\s+start\b/.test(c.text.replace(/[[\]",]/g, ' ')) &&
        /Dockerfile|Containerfile/.test(c.path),
    );

    // Go: signal.Notify + Shutdown.
    const go = findSignals(ctx.facts, [GO_SERVE, GO_SIGNAL, GO_SHUTDOWN]).filter((h) => h.wired);
    const goServe = go.filter((h) => h.signal === GO_SERVE);
    const goSignal = go.filter((h) => h.signal === GO_SIGNAL);
    const goShutdown = go.filter((h) => h.signal === GO_SHUTDOWN);
    if (goSignal.length && goShutdown.length) {
      return ctx.pass(
        [
          hitEvidence(ctx, goSignal[0]!, 'SIGTERM caught with signal.Notify'),
          hitEvidence(ctx, goShutdown[0]!, 'in-flight requests drained with Shutdown(ctx)'),
        ],
        { messageId: 'handled', data: { what: 'signal.Notify + Shutdown' } },
      );
    }

    if (strong.length) {
      return ctx.pass(
        strong.slice(0, 3).map((h) => hitEvidence(ctx, h)),
        { messageId: 'handled', data: { what: [...new Set(strong.map((h) => h.signal.name))].join(', ') } },
      );
    }

    // Rust: axum/hyper/warp/tonic need a shutdown future; actix-web and Rocket drain by default.
    if (langs.has('rust')) {
      const rust = findSignals(ctx.facts, [RUST_DEFAULT, RUST_SERVE]).filter((h) => h.wired);
      const def = rust.find((h) => h.signal === RUST_DEFAULT);
      if (def) {
        const actix = /HttpServer/.test(def.match.text);
        const disabled = actix
          ? ctx.repo.grepFirst(/\.disable_signals\s*\(/, { languages: RS, kinds: ['source'] })
          : undefined;
        if (disabled)
          return ctx.gap('exitOnly', [
            ctx.at(disabled.path, disabled.line, 'actix-web signal handling is disabled (disable_signals)'),
          ]);
        const what = actix
          ? 'actix-web HttpServer stops accepting and waits for in-flight requests on SIGTERM (shutdown_timeout, 30 s by default)'
          : 'Rocket stops accepting and drains in-flight requests on SIGTERM (graceful shutdown is on by default)';
        return ctx.pass([hitEvidence(ctx, def, what)], { messageId: 'serverDefault', data: { what } });
      }
      const serve = rust.find((h) => h.signal === RUST_SERVE);
      if (serve)
        return ctx.gap('rustNoShutdown', [
          hitEvidence(ctx, serve, 'server started without a shutdown signal'),
          ctx.missing(['with_graceful_shutdown(shutdown_signal())', 'serve_with_shutdown'], 'no graceful shutdown'),
        ]);
    }
    // ASP.NET Core and the .NET generic host: SIGTERM stops Kestrel accepting, in-flight requests and hosted
    // services finish within HostOptions.ShutdownTimeout (30 s by default).
    if (langs.has('dotnet') || ctx.facts.kind.reason.includes('Microsoft.Extensions.Hosting')) {
      const app = ctx.facts.frameworks.get('aspnetcore');
      const what = app
        ? 'the ASP.NET Core host stops Kestrel accepting and waits for in-flight requests on SIGTERM (HostOptions.ShutdownTimeout, 30 s by default)'
        : 'the .NET generic host cancels hosted services and waits for them on SIGTERM (HostOptions.ShutdownTimeout)';
      const ev = app
        ? ctx.at(app.path, app.line, what)
        : ctx.at(ctx.facts.kind.evidence[0]!.path, ctx.facts.kind.evidence[0]!.line, what);
      return ctx.pass([ev], {
        messageId: 'serverDefault',
        data: { what: app ? 'ASP.NET Core host' : '.NET generic host' },
      });
    }

    // Node: process.on('SIGTERM') — does it drain?
    const nodeSig = findSignals(ctx.facts, [
      {
        name: 'process.on SIGTERM',
        re: NODE_SIGNAL,
        languages: JS,
        note: 'SIGTERM handler',
        fileRequires: /["']SIG(?:TERM|INT)["']/,
      },
    ]).filter((h) => h.wired);
    for (const h of nodeSig) {
      const window = ctx.repo
        .lines(h.match.path)
        .slice(h.match.line - 1, h.match.line + 15)
        .join('\n');
      const fnName = /process\.\w+\s*\(\s*["']SIG\w+["']\s*,\s*(\w+)\s*\)/.exec(h.match.text)?.[1];
      const fnBody = fnName
        ? ((ctx.repo.read(h.match.path) ?? '').match(
            new RegExp(`(?:function\\s+${fnName}|${fnName}\\s*=)[\\s\\S]{0,600}`),
          )?.[0] ?? '')
        : '';
      if (DRAIN.test(window) || DRAIN.test(fnBody)) {
        return ctx.pass([hitEvidence(ctx, h, 'SIGTERM handler closes the server / connections')], {
          messageId: 'handled',
          data: { what: 'process.on("SIGTERM") with close()' },
        });
      }
    }
    if (nodeSig.length) {
      return ctx.gap('exitOnly', [hitEvidence(ctx, nodeSig[0]!, 'the handler exits without closing the server')]);
    }

    // Spring Boot.
    if (ctx.facts.frameworks.has('spring-boot')) {
      const v = springBootVersion(ctx);
      const immediate = ctx.repo.grepFirst(
        /^\s*server\.shutdown\s*[=:]\s*immediate\b|^\s*shutdown:\s*["']?immediate\b/,
        { include: '**/application*.{yml,yaml,properties}' },
      );
      if (immediate) {
        return ctx.gap(
          'springImmediate',
          [ctx.at(immediate.path, immediate.line, 'server.shutdown=immediate: in-flight requests are cut on SIGTERM')],
          { data: { version: v?.version ?? '(configured)' } },
        );
      }
      if (v && atLeast(v.version, 3, 4)) {
        return ctx.pass(
          [
            ctx.at(
              v.path,
              v.line,
              `Spring Boot ${v.version}: server.shutdown defaults to graceful since 3.4 (framework default)`,
            ),
          ],
          { messageId: 'springDefault', data: { version: v.version } },
        );
      }
      const app = ctx.facts.frameworks.get('spring-boot')!;
      return ctx.gap(
        'springImmediate',
        [
          v
            ? ctx.at(v.path, v.line, `Spring Boot ${v.version}: server.shutdown defaults to immediate before 3.4`)
            : ctx.at(app.path, app.line, 'Spring Boot application (version unknown)'),
          ctx.missing(['server.shutdown=graceful in application.yml/properties'], 'graceful shutdown not enabled'),
        ],
        { data: { version: v?.version ?? '(unknown version)' } },
      );
    }

    // Servers and workers that drain by default, from the start commands or the code that runs them.
    for (const c of cmds) {
      const s = SERVERS.find(([re]) => re.test(c.text));
      if (s) return ctx.pass([ctx.at(c.path, c.line, s[1])], { messageId: 'serverDefault', data: { what: s[1] } });
    }
    const uvRun = findSignals(ctx.facts, [
      {
        name: 'uvicorn.run',
        re: /\buvicorn\.run\s*\(|\bhypercorn\.asyncio\.serve\s*\(|\bgunicorn\.app\b/,
        languages: PY,
        note: 'the app is served by uvicorn/hypercorn/gunicorn, which handle SIGTERM and wait for in-flight requests (server default)',
      },
    ]).filter((h) => h.wired);
    if (uvRun.length)
      return ctx.pass([hitEvidence(ctx, uvRun[0]!)], {
        messageId: 'serverDefault',
        data: { what: 'uvicorn/gunicorn server default' },
      });
    // Phoenix/Plug on the BEAM: a release turns SIGTERM into an orderly stop of the supervision tree, and the
    // endpoint's Cowboy/Bandit listener drains open connections (Plug.Cowboy.Drainer) before it exits.
    const beam = ctx.facts.frameworks.get('phoenix') ?? ctx.facts.frameworks.get('plug');
    if (beam) {
      const release =
        ctx.repo.grepFirst(/\bmix\s+release\b|\/bin\/\w+["']?\s*,?\s*["']?start\b|\bbin\/server\b/, {
          include: ['**/Dockerfile*', '**/Containerfile', '**/fly.toml', '**/Procfile', '**/*.sh'],
        }) ?? ctx.repo.grepFirst(/^\s*releases:\s*\[/, { include: '**/mix.exs' });
      return ctx.pass(
        [
          ctx.at(beam.path, beam.line, `${beam.name} endpoint: the listener drains connections on shutdown`),
          ...(release
            ? [ctx.at(release.path, release.line, 'an OTP release: SIGTERM stops the application tree in order')]
            : []),
        ],
        {
          messageId: 'serverDefault',
          data: { what: 'the BEAM release and the endpoint drainer (framework default)' },
          ...(release ? {} : { confidence: 'low' as const }),
        },
      );
    }
    // PHP: requests run in php-fpm/Apache workers; the official images stop php-fpm with SIGQUIT (graceful) and
    // Apache with SIGWINCH; Octane (RoadRunner, Swoole, FrankenPHP) drains workers on SIGTERM.
    const phpFw = ['laravel', 'lumen', 'symfony', 'slim']
      .map((n) => ctx.facts.frameworks.get(n as 'laravel'))
      .find(Boolean);
    if (phpFw) {
      const server = ctx.repo.grepFirst(
        /^\s*FROM\s+\S*(?:php:[\w.-]*(?:fpm|apache)|frankenphp|roadrunner|openswoole|swoole|serversideup\/php)\S*|\boctane:start\b|\brr\s+serve\b|\bphp-fpm\b|STOPSIGNAL\s+SIG(?:QUIT|WINCH)/i,
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
      return ctx.pass(
        [
          ctx.at(phpFw.path, phpFw.line, `${phpFw.name}: each request runs in a PHP worker the server lets finish`),
          ...(server ? [ctx.at(server.path, server.line, 'the PHP server drains its workers on stop')] : []),
        ],
        {
          messageId: 'serverDefault',
          data: {
            what: server
              ? 'the PHP application server (php-fpm/Apache/Octane) stops gracefully'
              : 'PHP request-per-worker model (server not found in the repository)',
          },
          ...(server ? {} : { confidence: 'low' as const }),
        },
      );
    }
    const fsDefault = frameworkServerDefault(ctx);
    if (fsDefault)
      return ctx.pass([fsDefault.evidence], {
        messageId: 'serverDefault',
        confidence: fsDefault.confidence,
        data: { what: fsDefault.what },
      });
    if (ctx.facts.frameworks.has('rails')) {
      const puma = ctx.facts.deps.declaredAnyScope(['ruby', 'puma']);
      if (puma) {
        return ctx.pass([ctx.at(puma.manifest, puma.line, SERVERS[1]![1])], {
          messageId: 'serverDefault',
          data: { what: 'Puma (Rails default server)' },
        });
      }
    }
    if (handlers.length) {
      // FastAPI/Starlette lifespan without a known server command: the ASGI server delivers it.
      return ctx.pass(
        handlers.slice(0, 2).map((h) => hitEvidence(ctx, h)),
        {
          messageId: 'handled',
          confidence: 'low',
          data: { what: 'lifespan shutdown hook (the ASGI server was not found in a start command)' },
        },
      );
    }
    const asgi = (['fastapi', 'starlette', 'django'] as const).map((n) => ctx.facts.frameworks.get(n)).find(Boolean);
    const declaredServer = ctx.facts.deps.declared(
      ['python', 'uvicorn'],
      ['python', 'gunicorn'],
      ['python', 'hypercorn'],
      ['python', 'daphne'],
    );
    if (asgi && declaredServer) {
      return ctx.pass(
        [
          ctx.at(
            declaredServer.manifest,
            declaredServer.line,
            `${declaredServer.name} is the declared server; it handles SIGTERM and drains (server default, start command not found)`,
          ),
        ],
        {
          messageId: 'serverDefault',
          confidence: 'low',
          data: { what: `${declaredServer.name} (declared)` },
        },
      );
    }

    // Gaps with the evidence that decided them.
    if (goServe.length) {
      const h = goServe[0]!;
      const ev: Evidence[] = [hitEvidence(ctx, h, 'server started without a graceful Shutdown')];
      if (goSignal.length) return ctx.gap('goNotDrained', [hitEvidence(ctx, goSignal[0]!), ...ev]);
      return ctx.gap(
        'goNoShutdown',
        [...ev, ctx.missing(['signal.Notify', 'signal.NotifyContext', 'srv.Shutdown(ctx)'], 'no graceful shutdown')],
        { data: { call: `${h.match.groups[0]!.replace(/\s+/g, '')})` } },
      );
    }
    if (langs.has('python')) {
      const flaskRun = findSignals(ctx.facts, [
        { name: 'app.run', re: /\bapp\.run\s*\(/, languages: PY, note: 'Flask development server' },
      ]).filter((h) => h.wired);
      if (flaskRun.length)
        return ctx.gap('devServer', [
          hitEvidence(ctx, flaskRun[0]!),
          ctx.missing(['gunicorn', 'uvicorn', 'waitress'], 'no production server in the start commands'),
        ]);
    }
    if (ctx.facts.frameworks.has('nextjs')) {
      const next = cmds.find((c) => /\bnext\s+start\b/.test(c.text));
      if (next)
        return ctx.gap('nextStart', [
          ctx.at(next.path, next.line, '`next start`: the default signal handling exits the process without draining'),
          ctx.missing(['process.on("SIGTERM")', 'NEXT_MANUAL_SIG_HANDLE'], 'no graceful shutdown'),
        ]);
    }
    if (langs.has('node')) {
      const listen = findSignals(ctx.facts, [
        { name: 'listen', re: /\.listen\s*\(/, languages: JS, note: 'server listens without a SIGTERM handler' },
      ]).filter((h) => h.wired);
      const ev: Evidence[] = listen.slice(0, 1).map((h) => hitEvidence(ctx, h));
      if (npmStart)
        ev.push(
          ctx.at(
            npmStart.path,
            npmStart.line,
            '`npm start` as the container command: npm does not reliably forward SIGTERM to node',
          ),
        );
      const nodePid1 = cmds.find(
        (c) => /Dockerfile|Containerfile/.test(c.path) && /^(?:CMD|ENTRYPOINT)\s+\[?\s*"?node"?\s*,?\s/.test(c.text),
      );
      if (nodePid1)
        ev.push(
          ctx.at(
            nodePid1.path,
            nodePid1.line,
            'node runs as PID 1: without a handler SIGTERM is ignored and the container is killed after the grace period',
          ),
        );
      ev.push(
        ctx.missing(
          ['process.on("SIGTERM")', 'enableShutdownHooks', 'close-with-grace', 'terminus', 'http-terminator'],
          'no SIGTERM handler',
        ),
      );
      return ctx.gap('nodeNoHandler', ev, {
        data: { npm: npmStart ? ' (and the container runs `npm start`, which does not forward signals reliably)' : '' },
      });
    }
    return ctx.gap('none', [
      ctx.missing(
        ['SIGTERM handlers', 'shutdown hooks', 'uvicorn/gunicorn/puma in start commands', 'server.shutdown=graceful'],
        'no graceful shutdown found',
      ),
    ]);
  },
});

/** `^5.1.0`, `~5.2`, `5.1.3` → [5, 1]; ranges without a version (latest, *, workspace:) give undefined. */
function minorOf(spec: string | undefined): [number, number] | undefined {
  const m = /(\d+)\.(\d+)/.exec(spec ?? '') ?? /^\D*(\d+)\s*$/.exec(spec ?? '');
  return m ? [Number(m[1]), Number(m[2] ?? 0)] : undefined;
}

/**
 * Servers of file-system frameworks that drain on SIGTERM by themselves: SvelteKit's adapter-node (5.1+, closes the
 * server and waits SHUTDOWN_TIMEOUT), Nitro's node-server preset (Nuxt's default: NITRO_SHUTDOWN_TIMEOUT, unless
 * NITRO_SHUTDOWN_DISABLED), and remix-serve / react-router-serve (close the server on SIGTERM/SIGINT).
 */
function frameworkServerDefault(
  ctx: RuleContext,
): { evidence: Evidence; what: string; confidence: 'high' | 'low' } | undefined {
  const fw = ctx.facts.frameworks;
  const svelte = fw.get('sveltekit');
  if (svelte?.adapter === '@sveltejs/adapter-node') {
    const dep = ctx.facts.deps.declaredAnyScope(['node', '@sveltejs/adapter-node']);
    const v = minorOf(dep?.spec);
    const known = v !== undefined && (v[0] > 5 || (v[0] === 5 && v[1] >= 1));
    // `^5` / `^5.0.0` installs the newest 5.x: low confidence without the lockfile's version.
    const allows = v !== undefined && v[0] === 5 && /^\^/.test(dep?.spec ?? '');
    if (v === undefined || known || allows)
      return {
        evidence: ctx.at(
          dep?.manifest ?? svelte.path,
          dep?.line ?? svelte.line,
          `@sveltejs/adapter-node${dep?.spec ? ` ${dep.spec}` : ''}: its server stops accepting requests on SIGTERM/SIGINT and waits SHUTDOWN_TIMEOUT (30 s) for in-flight ones (adapter default since 5.1)`,
        ),
        what: 'SvelteKit adapter-node',
        confidence: known ? 'high' : 'low',
      };
  }
  const nitro = fw.get('nuxt') ?? fw.get('nitro');
  if (nitro && (!nitro.adapter || /^node(?:-server|-cluster)?$/.test(nitro.adapter))) {
    const disabled = ctx.facts.code.grepFirst(/\bNITRO_SHUTDOWN_DISABLED\s*[=:]\s*["']?(?:true|1)\b/, {
      include: ['**/*.env*', '**/Dockerfile*', '**/*.{yml,yaml,toml,json}'],
    });
    if (!disabled)
      return {
        evidence: ctx.at(
          nitro.path,
          nitro.line,
          `${nitro.name === 'nuxt' ? 'Nuxt' : 'Nitro'} server (node-server preset${nitro.adapter ? '' : ', the default'}): Nitro closes the server on SIGTERM/SIGINT and waits NITRO_SHUTDOWN_TIMEOUT for in-flight requests (server default)`,
        ),
        what: 'Nitro node-server graceful shutdown',
        confidence: 'high',
      };
  }
  const serve = startCommandsServe(ctx);
  if (serve) return serve;
  return undefined;
}

/** remix-serve / react-router-serve in a start command: they close the server on SIGTERM and SIGINT. */
function startCommandsServe(ctx: RuleContext): { evidence: Evidence; what: string; confidence: 'high' } | undefined {
  if (!ctx.facts.frameworks.has('remix') && !ctx.facts.frameworks.has('react-router')) return undefined;
  const c = startCommands(ctx.facts).find((x) => /\b(?:remix-serve|react-router-serve)\b/.test(x.text));
  if (!c) return undefined;
  const bin = /\b(remix-serve|react-router-serve)\b/.exec(c.text)![1]!;
  return {
    evidence: ctx.at(
      c.path,
      c.line,
      `${bin} closes its server on SIGTERM/SIGINT, letting in-flight requests finish (server default)`,
    ),
    what: bin,
    confidence: 'high',
  };
}

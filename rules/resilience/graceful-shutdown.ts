import { defineRule, denoRuntime, denoSignalListeners, type Evidence } from '../../src/sdk/index.js';
import { hitEvidence } from '../_lib/signal-evidence.js';

function atLeast(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.split('.').map(Number);
  return a > major || (a === major && b >= minor);
}

const FIX = [
  "On SIGTERM, stop accepting new requests, finish those in flight within a deadline shorter than the platform's grace period, then close connections and exit.",
  'Go: run the server in a goroutine, wait on signal.NotifyContext(ctx, syscall.SIGTERM, os.Interrupt), then srv.Shutdown(ctxWithTimeout).',
  'Node: process.on("SIGTERM", () => server.close(() => process.exit(0))) or close-with-grace; run `node server.js` directly (not `npm start`) so the signal reaches the process. On Deno: Deno.addSignalListener("SIGTERM", () => controller.abort()) with Deno.serve({ signal: controller.signal }) or Oak app.listen({ signal }).',
  'Python: serve with uvicorn/gunicorn and close resources in the lifespan handler.',
  'Spring Boot: before 3.4, set server.shutdown=graceful and spring.lifecycle.timeout-per-shutdown-phase.',
  'Ruby: Puma drains on SIGTERM; set a worker_shutdown_timeout and close job workers (Sidekiq) with their own timeout.',
  'Rust: axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()) where shutdown_signal awaits tokio::signal::unix SIGTERM (tonic: serve_with_shutdown); actix-web, Rocket and pingora (run_forever) drain by default.',
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
      how: 'Looks, in production code reached from the entrypoint and in the start commands, for: signal handlers that drain (Python signal.signal(SIGTERM), Node process.on("SIGTERM") calling server.close(), Go signal.Notify/NotifyContext or a signal context from a helper library (signals.SignalContext, SetupSignalHandler, the SignalHandler actor of an oklog/run group) or an uber fx application (fx.New: its Run waits for SIGTERM and runs the OnStop hooks) plus srv.Shutdown(ctx) (or the same drain under another name: ShutdownContext of miekg/dns servers, GracefulStop of gRPC servers), or a Go server started by a helper library that catches the signal and drains it (zhttp.Serve, gracehttp, endless, graceful), Ruby trap("TERM"), JVM shutdown hooks, Rust with_graceful_shutdown / serve_with_shutdown or a tokio/signal-hook SIGTERM listener), lifecycle hooks (FastAPI/Starlette lifespan or shutdown events, NestJS enableShutdownHooks, close-with-grace, terminus, http-terminator, stoppable, lightship), and servers whose default drains: uvicorn/gunicorn/hypercorn/daphne, Puma, Celery and Sidekiq workers, actix-web, Rocket and a pingora Server run with run_forever(), the ASP.NET Core / .NET generic host (stated as a default in the evidence), a .NET program’s own SIGTERM handler (PosixSignalRegistration, AssemblyLoadContext.Unloading, ProcessExit), and ppy’s osu-queue-processor, whose Run() stops polling on SIGTERM and waits for the items in flight (a library default: low); uWSGI only when its master kills the workers gracefully on SIGTERM (`hook-master-start = unix_signal:15 gracefully_kill_them_all` in the ini the start command names; uWSGI 2.0 reloads on SIGTERM, and die-on-term alone exits without draining). Spring Boot: server.shutdown=graceful passes; from Spring Boot 3.4 graceful shutdown is the default, before 3.4 the default is immediate (gap). Gaps: a server the image\'s start script (its ENTRYPOINT, or its CMD on an official image) runs in the background (`node index.js &`) with the shell left as PID 1 (no `exec`, no TERM trap, no process-group init such as dumb-init or `tini -g`), whatever its own handler does; Go http.ListenAndServe / gin Run / echo Start without Shutdown, Node servers without a SIGTERM handler (noting `CMD npm start`, which does not forward signals reliably), handlers that only call process.exit, axum/hyper/warp/tonic servers without a shutdown future, actix-web with disable_signals, Flask\'s development server, a BEAM release (Phoenix, Plug, Oban, Broadway) the platform stops with SIGINT (`kill_signal = "SIGINT"`, or a fly.toml naming no kill_signal: Fly.io\'s default, low; `STOPSIGNAL SIGINT`; compose `stop_signal: SIGINT`), which the VM does not take as a stop request. n/a when the project is not a long-running process, and when the service runs only as functions a platform invokes (Lambda, Workers, Vercel/Netlify functions, Deno Deploy: the platform ends invocations, there is no server to drain; its model is stated).',
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
      denoNoHandler:
        'No SIGTERM handler stops the Deno server ({{how}}): Deno exits at once on SIGTERM and in-flight requests are cut.',
      nextStart:
        '`next start` exits on SIGTERM without waiting for in-flight requests, and no handler drains it (NEXT_MANUAL_SIG_HANDLE with a SIGTERM handler, or a custom server).',
      rustNoShutdown:
        'The Rust server is started without a shutdown signal: in-flight requests are cut when the pod is stopped.',
      devServer: "The app is served by Flask's development server (app.run), which does not drain on SIGTERM.",
      none: 'No SIGTERM handling, shutdown hook or draining server was found.',
      beamSigint:
        'The platform stops the BEAM with SIGINT ({{where}}): only SIGTERM stops an Erlang/Elixir release in order; on SIGINT the VM halts without draining the endpoint or stopping the application tree.',
      unsignalled:
        "SIGTERM never reaches the server: the image's start script runs it as a child of its shell (in the background, or in the foreground without `exec`) and the shell, PID 1, forwards no signal.",
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['graceful shutdown', 'sigterm', 'graceful termination'],
  },
  check(ctx) {
    const fn = ctx.facts.functions;
    if (fn.only) return ctx.na(`the service runs only as functions on ${`${fn.name}, ${fn.where}`}: ${fn.shutdown}`);
    const sd = ctx.facts.shutdown;
    // Whatever the server does on SIGTERM, it never receives one: it is killed at the end of the grace period.
    if (sd.unsignalled) {
      const { command, image, background } = sd.unsignalled;
      const how = background ? 'in the background (`&`)' : 'in the foreground without `exec`';
      return ctx.gap('unsignalled', [
        ctx.at(command.path, command.line, `the server is started ${how}; no trap forwards SIGTERM`),
        ctx.at(image.path, image.line, 'the image starts the script: its shell is PID 1'),
        ctx.missing(['exec <server>', 'dumb-init', 'tini -g', 'trap … TERM'], 'no signal reaches the server'),
      ]);
    }
    const strong = sd.handlers.filter((h) => h.signal.name !== 'lifespan shutdown');
    const langs = new Set(ctx.facts.frameworks.http.map((f) => f.language));

    // Go: signal.Notify + Shutdown.
    const go = sd.go;
    if (go.signal.length && go.shutdown.length) {
      const sig = go.signal[0]!;
      const how = /\bsignal\.Notify/.test(sig.match.text)
        ? { note: 'SIGTERM caught with signal.Notify', what: 'signal.Notify + Shutdown' }
        : sig.signal.name === 'fx app'
          ? { note: sig.signal.note, what: 'the fx application + Shutdown in an OnStop hook' }
          : {
              note: 'SIGTERM caught by a signal context from a helper library',
              what: 'a library signal context + Shutdown',
            };
      return ctx.pass(
        [
          hitEvidence(ctx, sig, how.note),
          hitEvidence(ctx, go.shutdown[0]!, 'in-flight requests drained with Shutdown(ctx)'),
        ],
        { messageId: 'handled', data: { what: how.what } },
      );
    }

    // The servers are handed to an application framework that stops them on SIGTERM (kratos), or to a controller
    // manager running on the signal context: read from its documented behaviour, not from a Shutdown call in this
    // repository.
    if (go.lifecycle.length) {
      const h = go.lifecycle[0]!;
      return ctx.pass([hitEvidence(ctx, h)], {
        messageId: 'serverDefault',
        confidence: 'low',
        data: {
          what:
            h.signal.name === 'app lifecycle'
              ? `${h.match.groups[0]!.replace(/\s*\($/, '')}(…).Run() catches SIGTERM and stops its servers gracefully`
              : h.signal.note,
        },
      });
    }

    if (strong.length) {
      return ctx.pass(
        strong.slice(0, 3).map((h) => hitEvidence(ctx, h)),
        {
          messageId: 'handled',
          // Only a library's own stop handling, read from its documented behaviour.
          ...(strong.every((h) => h.signal.confidence === 'low') ? { confidence: 'low' as const } : {}),
          data: { what: [...new Set(strong.map((h) => h.signal.name))].join(', ') },
        },
      );
    }

    // Rust: axum/hyper/warp/tonic need a shutdown future; actix-web, Rocket and pingora drain by default.
    const def = sd.rust?.drainsByDefault;
    if (def) {
      if (def.signalsDisabled)
        return ctx.gap('exitOnly', [
          ctx.at(
            def.signalsDisabled.path,
            def.signalsDisabled.line,
            'actix-web signal handling is disabled (disable_signals)',
          ),
        ]);
      const what = {
        'actix-web':
          'actix-web HttpServer stops accepting and waits for in-flight requests on SIGTERM (shutdown_timeout, 30 s by default)',
        Rocket: 'Rocket stops accepting and drains in-flight requests on SIGTERM (graceful shutdown is on by default)',
        pingora:
          "pingora's Server stops its services on SIGTERM and gives in-flight requests their grace period (grace_period_seconds) before exiting",
      }[def.server];
      return ctx.pass([hitEvidence(ctx, def.hit, what)], { messageId: 'serverDefault', data: { what } });
    }
    if (sd.rust?.serve)
      return ctx.gap('rustNoShutdown', [
        hitEvidence(ctx, sd.rust.serve, 'server started without a shutdown signal'),
        ctx.missing(['with_graceful_shutdown(shutdown_signal())', 'serve_with_shutdown'], 'no graceful shutdown'),
      ]);
    // ASP.NET Core and the .NET generic host: SIGTERM stops Kestrel accepting, in-flight requests and hosted
    // services finish within HostOptions.ShutdownTimeout (30 s by default).
    if (langs.has('dotnet') || ctx.facts.kind.reason.includes('Microsoft.Extensions.Hosting') || sd.dotnetHost) {
      // Classic ASP.NET: IIS stops routing requests to the application and lets in-flight ones finish when it recycles
      // or stops the application pool.
      const classic = ctx.facts.frameworks.get('aspnetcore') ? undefined : ctx.facts.frameworks.get('aspnet');
      const app = ctx.facts.frameworks.get('aspnetcore') ?? classic;
      const what = classic
        ? 'IIS stops routing requests to the application and waits for in-flight requests when it recycles or stops it (httpRuntime shutdownTimeout, 90 s by default)'
        : app
          ? 'the ASP.NET Core host stops Kestrel accepting and waits for in-flight requests on SIGTERM (HostOptions.ShutdownTimeout, 30 s by default)'
          : 'the .NET generic host cancels hosted services and waits for them on SIGTERM (HostOptions.ShutdownTimeout)';
      const ev = app
        ? ctx.at(app.path, app.line, what)
        : sd.dotnetHost
          ? hitEvidence(ctx, sd.dotnetHost, what)
          : ctx.at(ctx.facts.kind.evidence[0]!.path, ctx.facts.kind.evidence[0]!.line, what);
      return ctx.pass([ev], {
        messageId: 'serverDefault',
        data: { what: classic ? 'IIS-hosted ASP.NET application' : app ? 'ASP.NET Core host' : '.NET generic host' },
      });
    }

    // Deno: Deno.addSignalListener('SIGTERM', …) — does it abort the server's signal or shut the server down?
    const denoSig = denoSignalListeners(ctx.facts);
    const stops = denoSig.find((l) => l.stopsServer);
    if (stops)
      return ctx.pass([hitEvidence(ctx, stops.hit, 'the signal listener aborts or shuts down the server')], {
        messageId: 'handled',
        data: { what: 'Deno.addSignalListener("SIGTERM") stopping the server' },
      });
    if (denoSig.length)
      return ctx.gap('exitOnly', [hitEvidence(ctx, denoSig[0]!.hit, 'the listener exits without stopping the server')]);

    // Node: process.on('SIGTERM') — does it drain?
    const draining = sd.nodeHandlers.find((h) => h.drains);
    if (draining)
      return ctx.pass([hitEvidence(ctx, draining.hit, 'SIGTERM handler closes the server / connections')], {
        messageId: 'handled',
        data: { what: 'process.on("SIGTERM") with close()' },
      });
    if (sd.nodeHandlers.length) {
      return ctx.gap('exitOnly', [
        hitEvidence(ctx, sd.nodeHandlers[0]!.hit, 'the handler exits without closing the server'),
      ]);
    }

    // Spring Boot.
    if (sd.spring) {
      const { version: v, immediate } = sd.spring;
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
    if (sd.drainingCommand) {
      const { command: c, note, configured } = sd.drainingCommand;
      return ctx.pass([ctx.at(c.path, c.line, note)], {
        messageId: configured ? 'handled' : 'serverDefault',
        data: { what: note },
      });
    }
    if (sd.pythonServerCall)
      return ctx.pass([hitEvidence(ctx, sd.pythonServerCall)], {
        messageId: 'serverDefault',
        data: {
          what: sd.pythonServerCall.signal.name.startsWith('Sanic')
            ? 'Sanic server default'
            : 'uvicorn/gunicorn server default',
        },
      });
    // Only SIGTERM stops the BEAM in order: a platform that stops it with SIGINT (Fly.io's default) reaches the VM's
    // break handler, and the VM halts without stopping the tree or draining the listener.
    if (sd.beam?.sigint) {
      const { sigint } = sd.beam;
      return ctx.gap(
        'beamSigint',
        [
          ctx.at(
            sigint.path,
            sigint.line,
            sigint.flyDefault
              ? 'fly.toml names no kill_signal: Fly.io stops machines with SIGINT'
              : 'the platform stops the service with SIGINT',
          ),
          ctx.missing(['kill_signal = "SIGTERM"', 'STOPSIGNAL SIGTERM'], 'no SIGTERM sent to the BEAM'),
        ],
        { data: { where: sigint.path }, ...(sigint.flyDefault ? { confidence: 'low' as const } : {}) },
      );
    }
    // Phoenix/Plug on the BEAM: a release turns SIGTERM into an orderly stop of the supervision tree, and the
    // endpoint's Cowboy/Bandit listener drains open connections (Plug.Cowboy.Drainer) before it exits.
    if (sd.beam) {
      const { framework: beam, worker, release } = sd.beam;
      return ctx.pass(
        [
          ...(beam
            ? [ctx.at(beam.path, beam.line, `${beam.name} endpoint: the listener drains connections on shutdown`)]
            : []),
          ...(worker
            ? [
                ctx.at(
                  worker.path,
                  worker.line,
                  worker.system === 'Broadway'
                    ? 'Broadway pipeline: on shutdown it stops fetching and drains the messages in flight'
                    : 'Oban queues: on shutdown running jobs get the shutdown grace period to finish',
                ),
              ]
            : []),
          ...(release
            ? [ctx.at(release.path, release.line, 'an OTP release: SIGTERM stops the application tree in order')]
            : []),
        ],
        {
          messageId: 'serverDefault',
          data: {
            what: beam
              ? 'the BEAM release and the endpoint drainer (framework default)'
              : `the BEAM release and the ${worker?.system ?? 'queue'} consumer's drain (framework default)`,
          },
          ...(release ? {} : { confidence: 'low' as const }),
        },
      );
    }
    // PHP: requests run in php-fpm/Apache workers; the official images stop php-fpm with SIGQUIT (graceful) and
    // Apache with SIGWINCH; Octane (RoadRunner, Swoole, FrankenPHP) drains workers on SIGTERM.
    if (sd.php?.swoole) {
      const s = sd.php.swoole;
      return ctx.pass(
        [ctx.at(s.path, s.line, 'Swoole HTTP server started by the service: on SIGTERM it lets its workers finish')],
        {
          messageId: 'serverDefault',
          data: { what: "the Swoole server the service starts (Swoole's default stop, within its max_wait_time)" },
          confidence: 'low',
        },
      );
    }
    if (sd.php) {
      const { framework: phpFw, server } = sd.php;
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
    if (sd.frameworkServer) {
      const s = sd.frameworkServer;
      return ctx.pass([ctx.at(s.path, s.line, s.note)], {
        messageId: 'serverDefault',
        confidence: s.confidence,
        data: { what: s.what },
      });
    }
    if (sd.railsPuma) {
      return ctx.pass([ctx.at(sd.railsPuma.path, sd.railsPuma.line, sd.railsPuma.note)], {
        messageId: 'serverDefault',
        data: { what: 'Puma (Rails default server)' },
      });
    }
    if (sd.handlers.length) {
      // FastAPI/Starlette lifespan without a known server command: the ASGI server delivers it.
      return ctx.pass(
        sd.handlers.slice(0, 2).map((h) => hitEvidence(ctx, h)),
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
    if (go.serve.length) {
      const h = go.serve[0]!;
      const ev: Evidence[] = [hitEvidence(ctx, h, 'server started without a graceful Shutdown')];
      if (go.signal.length) return ctx.gap('goNotDrained', [hitEvidence(ctx, go.signal[0]!), ...ev]);
      return ctx.gap(
        'goNoShutdown',
        [...ev, ctx.missing(['signal.Notify', 'signal.NotifyContext', 'srv.Shutdown(ctx)'], 'no graceful shutdown')],
        { data: { call: h.match.groups[0]!.replace(/\s+/g, '').replace(/\($/, '()') } },
      );
    }
    if (sd.flaskDevServer)
      return ctx.gap('devServer', [
        hitEvidence(ctx, sd.flaskDevServer),
        ctx.missing(['gunicorn', 'uvicorn', 'waitress'], 'no production server in the start commands'),
      ]);
    if (sd.nextStart)
      return ctx.gap('nextStart', [
        ctx.at(
          sd.nextStart.path,
          sd.nextStart.line,
          '`next start`: the default signal handling exits the process without draining',
        ),
        ctx.missing(['process.on("SIGTERM")', 'NEXT_MANUAL_SIG_HANDLE'], 'no graceful shutdown'),
      ]);
    const deno = langs.has('node') ? denoRuntime(ctx.facts) : undefined;
    if (deno)
      return ctx.gap(
        'denoNoHandler',
        [
          ctx.at(deno.path, deno.line, deno.note),
          ctx.missing(
            ['Deno.addSignalListener("SIGTERM")', 'Deno.serve({ signal })', 'server.shutdown()'],
            'no SIGTERM handler',
          ),
        ],
        { data: { how: deno.note } },
      );
    if (sd.node) {
      const { listen, npmStart, pid1 } = sd.node;
      const ev: Evidence[] = listen ? [hitEvidence(ctx, listen)] : [];
      if (npmStart)
        ev.push(
          ctx.at(
            npmStart.path,
            npmStart.line,
            '`npm start` as the container command: npm does not reliably forward SIGTERM to node',
          ),
        );
      if (pid1)
        ev.push(
          ctx.at(
            pid1.path,
            pid1.line,
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

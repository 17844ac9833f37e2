import { defineRule } from '../../src/sdk/index.js';
import { hitEvidence } from '../_lib/signal-evidence.js';

const SPRING_TRACING: ['jvm', string | RegExp][] = [
  ['jvm', /^(?:org\.springframework\.boot:)?spring-boot-starter-(?:zipkin|opentelemetry)$/],
  ['jvm', /^io\.micrometer:micrometer-tracing-bridge-(?:otel|brave)$/],
  ['jvm', /^io\.opentelemetry\.instrumentation:opentelemetry-spring-boot-starter$/],
  ['jvm', /^org\.springframework\.cloud:spring-cloud-starter-sleuth$/],
  ['jvm', /^com\.newrelic\.agent\.java:/],
];

const DEPS: ['python' | 'node' | 'go' | 'jvm' | 'ruby' | 'php' | 'elixir' | 'rust' | 'dotnet', string | RegExp][] = [
  ['php', /^open-telemetry\//],
  ['php', 'datadog/dd-trace'],
  ['elixir', /^opentelemetry/],
  ['elixir', 'spandex'],
  ['python', /^opentelemetry-/],
  ['python', 'ddtrace'],
  ['python', 'elastic-apm'],
  ['python', 'newrelic'],
  ['node', /^@opentelemetry\//],
  ['node', 'dd-trace'],
  ['node', 'newrelic'],
  ['node', 'elastic-apm-node'],
  ['node', '@hono/otel'],
  ['node', '@elysiajs/opentelemetry'],
  ['node', '@microlabs/otel-cf-workers'],
  ['node', '@vercel/otel'],
  ['node', /^aws-xray-sdk/],
  ['node', '@aws-lambda-powertools/tracer'],
  ['go', /^go\.opentelemetry\.io\//],
  ['go', /DataDog\/dd-trace-go/],
  ['ruby', /^opentelemetry-/],
  ['ruby', /^(ddtrace|datadog)$/],
  ['ruby', 'newrelic_rpm'],
  ['ruby', 'elastic-apm'],
  ['rust', /^(?:tracing-)?opentelemetry(?:-otlp|_sdk|-sdk)?$/],
  // The Prometheus exporters serve metrics only.
  ['dotnet', /^OpenTelemetry\.(?:Extensions\.Hosting|Instrumentation\.AspNetCore|Exporter\.(?!Prometheus\.))/],
  ['dotnet', /^Azure\.Monitor\.OpenTelemetry\.AspNetCore$|^Microsoft\.ApplicationInsights\.AspNetCore$/],
];

/** Ruby APM agents that instrument a Rails app by being in the Gemfile, and the configuration file each reads. */
const RAILS_AGENTS: { name: string; dep: ['ruby', string]; config: string; low?: string }[] = [
  { name: 'New Relic', dep: ['ruby', 'newrelic_rpm'], config: 'config/newrelic.yml' },
  { name: 'Elastic APM', dep: ['ruby', 'elastic-apm'], config: 'config/elastic_apm.yml' },
  { name: 'Scout APM', dep: ['ruby', 'scout_apm'], config: 'config/scout_apm.yml' },
  // AppSignal's gem records every request, job and outbound call of the app as a sample of spans, but carries no trace
  // context to the services it calls: low, with or without its configuration.
  {
    name: 'AppSignal',
    dep: ['ruby', 'appsignal'],
    config: 'config/appsignal.yml',
    low: 'AppSignal traces each request and job inside this app; it propagates no trace context to the services it calls',
  },
];

export default defineRule({
  meta: {
    id: 'obs.tracing',
    category: 'observability',
    title: 'Requests are traced across services (distributed tracing wired in)',
    severity: 'medium',
    level: 3,
    scope: 'component',
    requires: ['service'],
    docs: {
      why: 'Distributed traces show where the time of a slow request goes across services, queues and databases; without them latency problems are guessed at from logs.',
      how: 'Looks for a tracer that is actually wired: an OpenTelemetry TracerProvider/NodeSDK/instrumentation in a module reached from the entrypoint, Go otelgin/otelhttp/otelecho middleware, auto-instrumentation in the start command (opentelemetry-instrument, ddtrace-run, newrelic-admin, -javaagent: with an OTel/Datadog/New Relic/Elastic/Application Insights agent (also when the image copies its jar under a name of its own; a Java image that copies only applicationinsights.json, the agent a base image attaches, low), node --require of a tracer), Spring Boot micrometer-tracing bridges or the OTel starter (auto-configured), Ruby OpenTelemetry::SDK.configure, a Ruby APM agent gem in a Rails app (newrelic_rpm, elastic-apm, scout_apm: Bundler.require starts it; high confidence with its config file, low without; appsignal low, for it traces inside the app only), the GOV.UK govuk_app_config gem in a Rails app (its railtie configures OpenTelemetry: low), Rust tracing-opentelemetry layers or an OTLP tracer pipeline, OpenTelemetry .NET WithTracing (also in an Aspire service-defaults project the app references), Azure Monitor / Application Insights, a .NET profiler agent in the start environment, or the Kubernetes OpenTelemetry Operator annotation, or a Dapr Configuration that samples traces to an exporter (low: the sidecars trace what passes through them); Jaeger clients (deprecated) pass with low confidence, and so does a micrometer tracing bridge without a span exporter. A tracer module that no entrypoint imports is a gap ("defined but never wired"); a tracing SDK only declared is a gap ("declared but not used"), and an OpenTelemetry .NET package set up only with WithMetrics a gap that says so. Sentry with traces_sample_rate > 0 does propagate traces, but only into Sentry: it passes with low confidence. n/a when the project is not a service.',
      fix: [
        'Python: run under `opentelemetry-instrument` or set up a TracerProvider with an OTLP exporter in the app factory and call FastAPIInstrumentor.instrument_app(app).',
        'Node: start an OpenTelemetry NodeSDK in tracing.ts and preload it (`node --require ./dist/tracing.js server.js`).',
        'Go: wrap the router with otelgin.Middleware / otelhttp.NewHandler and install a TracerProvider in main.',
        'PHP: install the opentelemetry extension with open-telemetry/opentelemetry-auto-laravel (or -symfony) and OTEL_PHP_AUTOLOAD_ENABLED=true, exporting OTLP.',
        'Phoenix: add opentelemetry, opentelemetry_exporter and opentelemetry_phoenix/_ecto, and call OpentelemetryPhoenix.setup() in Application.start/2.',
        'Rust: install an opentelemetry-otlp tracer pipeline and add tracing_opentelemetry::layer().with_tracer(..) to the tracing-subscriber registry; tower-http TraceLayer (or axum-tracing-opentelemetry) opens a span per request.',
        '.NET: builder.Services.AddOpenTelemetry().WithTracing(t => t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddOtlpExporter()) (an Aspire ServiceDefaults project does this for every service).',
        'Spring Boot: add io.micrometer:micrometer-tracing-bridge-otel and an OTLP exporter.',
        'Rails: opentelemetry-sdk with opentelemetry-instrumentation-all.',
      ],
      effort: 'M',
      links: ['https://opentelemetry.io/docs/languages/'],
    },
    messages: {
      wired: 'Distributed tracing is wired: {{what}}.',
      sentryOnly:
        'Only Sentry performance tracing (a traces sample rate or sampler) is enabled: traces propagate but stay inside Sentry.',
      neverWired:
        'A tracer is defined in {{file}} but never wired: no entrypoint imports it and no start command preloads it.',
      declaredNotUsed:
        '{{lib}} is declared but not used ({{manifest}}): no production code or start command sets up tracing.',
      metricsOnly: 'OpenTelemetry is set up for metrics only ({{file}}): no tracer provider is added (WithTracing).',
      none: 'No distributed tracing (OpenTelemetry, Datadog, New Relic, Elastic APM, Jaeger/Zipkin) is wired into the service.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['tracing', 'opentelemetry', 'distributed tracing', 'jaeger', 'otel', 'request tracing', 'zipkin'],
  },
  check(ctx) {
    const tracing = ctx.facts.tracing;
    const { start, code } = tracing;
    const wired = [...start, ...code.filter((h) => h.wired)];
    if (wired.length) {
      // A tracer started only when an operator switches it on may be off where the service runs.
      const strong = wired.filter((h) => h.signal.confidence !== 'low' && !h.optIn);
      const use = strong.length ? strong : wired;
      return ctx.pass(
        use
          .slice(0, 3)
          .flatMap((h) => [
            hitEvidence(ctx, h),
            ...(h.optIn
              ? [ctx.at(h.optIn.path, h.optIn.line, `started only when ${h.optIn.cond} is switched on`)]
              : []),
          ]),
        {
          data: { what: [...new Set(use.map((h) => h.signal.name))].join(', ') },
          messageId: 'wired',
          confidence: strong.length ? 'high' : 'low',
        },
      );
    }
    const spring = ctx.facts.deps.declared(...SPRING_TRACING);
    if (spring && ctx.facts.frameworks.has('spring-boot')) {
      const exporter = ctx.facts.deps.declared(
        ['jvm', /^io\.opentelemetry:opentelemetry-exporter-/],
        ['jvm', /^io\.zipkin\.reporter2:/],
        ['jvm', /^io\.micrometer:micrometer-tracing-reporter-wavefront$/],
      );
      const bridge = /micrometer-tracing-bridge/.test(spring.name);
      const note =
        bridge && !exporter
          ? `${spring.name}: Spring Boot creates spans for every request, but no span exporter (opentelemetry-exporter-otlp, zipkin reporter) is declared, so they are not shipped anywhere`
          : `${spring.name}: Spring Boot auto-configures tracing for every request (framework default once on the classpath)`;
      return ctx.pass(
        [
          ctx.at(spring.manifest, spring.line, note),
          ...(exporter ? [ctx.at(exporter.manifest, exporter.line, `${exporter.name}: spans are exported`)] : []),
        ],
        {
          messageId: 'wired',
          confidence: /sleuth/.test(spring.name) || (bridge && !exporter) ? 'low' : 'high',
          data: { what: spring.name },
        },
      );
    }
    // Quarkus and Micronaut OpenTelemetry extensions trace every request and export spans over OTLP once on the
    // classpath (framework default).
    const jvmOtel = ctx.facts.deps.declared(
      ['jvm', /^(?:io\.quarkus:)?quarkus-opentelemetry$/],
      ['jvm', /^(?:io\.micronaut\.tracing:)?micronaut-tracing-opentelemetry(?:-http)?$/],
    );
    if (jvmOtel && (ctx.facts.frameworks.has('quarkus') || ctx.facts.frameworks.has('micronaut')))
      return ctx.pass(
        [
          ctx.at(
            jvmOtel.manifest,
            jvmOtel.line,
            `${jvmOtel.name}: the framework traces every request and exports spans over OTLP (framework default once on the classpath)`,
          ),
        ],
        { messageId: 'wired', data: { what: jvmOtel.name } },
      );
    // Ruby APM agents ship a Railtie: Rails' Bundler.require loads the gem and the agent instruments every request
    // (distributed tracing on by default) once its config file or licence key is there.
    const railsAgent = ctx.facts.frameworks.has('rails')
      ? ctx.facts.deps.declared(...RAILS_AGENTS.map((a) => a.dep))
      : undefined;
    if (railsAgent) {
      const agent = RAILS_AGENTS.find((a) => a.dep[1] === railsAgent.name)!;
      const config = ctx.repo.glob(agent.config)[0];
      return ctx.pass(
        [
          ctx.at(
            railsAgent.manifest,
            railsAgent.line,
            `${railsAgent.name}: Rails loads the agent through Bundler.require${agent.low ? `; ${agent.low}` : ''}`,
          ),
          ...(config ? [ctx.at(config.path, 1, `${agent.name} agent configuration`)] : []),
        ],
        {
          messageId: 'wired',
          confidence: config && !agent.low ? 'high' : 'low',
          data: { what: `${agent.name} (${railsAgent.name})` },
        },
      );
    }
    // govuk_app_config (GOV.UK's shared gem): its railtie configures OpenTelemetry for the Rails app outside the console
    // (GovukOpenTelemetry, exporting OTLP when the deployment points it at a collector). Versions before 2023 did not.
    const govuk = ctx.facts.frameworks.has('rails') ? ctx.facts.deps.declared(['ruby', 'govuk_app_config']) : undefined;
    if (govuk)
      return ctx.pass(
        [
          ctx.at(
            govuk.manifest,
            govuk.line,
            'govuk_app_config: its railtie configures OpenTelemetry for the Rails app (GovukOpenTelemetry)',
          ),
        ],
        { messageId: 'wired', confidence: 'low', data: { what: 'OpenTelemetry (govuk_app_config)' } },
      );
    // Sentry's performance tracing runs where it is initialised, even beside an OpenTelemetry setup no entrypoint loads.
    const sentry = tracing.sentryTracing();
    const unwired = code[0];
    const unwiredNote = (h: NonNullable<typeof unwired>) =>
      `${h.signal.note}, but ${h.match.path} is not imported from any entrypoint`;
    if (sentry.length) {
      return ctx.pass(
        [hitEvidence(ctx, sentry[0]!), ...(unwired ? [hitEvidence(ctx, unwired, unwiredNote(unwired))] : [])],
        { messageId: 'sentryOnly', confidence: 'low' },
      );
    }
    if (unwired) {
      return ctx.gap('neverWired', [hitEvidence(ctx, unwired, unwiredNote(unwired))], {
        data: { file: unwired.match.path },
      });
    }
    const d = ctx.facts.deps.declaredHere(...DEPS, ...SPRING_TRACING);
    // OpenTelemetry.Extensions.Hosting, the OTLP exporter or the ASP.NET Core instrumentation serving only metrics.
    const meters = d && /^OpenTelemetry\./.test(d.name) ? ctx.facts.metrics.dotnet : undefined;
    if (meters?.openTelemetry)
      return ctx.gap(
        'metricsOnly',
        [
          ctx.at(meters.site.path, meters.site.line, 'OpenTelemetry meter provider (metrics)'),
          ctx.missing(['WithTracing', 'AddOpenTelemetryTracing'], 'no tracer provider in production code'),
        ],
        { data: { file: meters.site.path } },
      );
    if (d) {
      return ctx.gap(
        'declaredNotUsed',
        [
          ctx.at(d.manifest, d.line, `${d.name} declared`),
          ctx.missing(
            ['tracer set-up in production code', 'auto-instrumentation in start commands'],
            `no production code or start command sets up ${d.name}`,
          ),
        ],
        { data: { lib: d.name, manifest: d.manifest } },
      );
    }
    return ctx.gap('none', [
      ctx.missing(tracing.searched, 'no tracer set-up in production code, start commands or deployment manifests'),
    ]);
  },
});

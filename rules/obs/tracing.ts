import {
  CS,
  defineRule,
  EX,
  findSignals,
  GO,
  JS,
  JVM,
  PHP,
  PY,
  RB,
  RS,
  type Signal,
  START_FILES,
} from '../../src/sdk/index.js';
import { hitEvidence } from '../_lib/signal-evidence.js';

const CODE: Signal[] = [
  // Python
  {
    name: 'OpenTelemetry TracerProvider',
    re: /\bTracerProvider\s*\(|\btrace\.set_tracer_provider\s*\(/,
    languages: PY,
    note: 'OpenTelemetry tracer provider set up',
  },
  {
    name: 'OpenTelemetry instrumentation',
    re: /\b\w+Instrumentor\s*\(\s*\)\s*\.instrument(?:_app)?\s*\(|\b\w+Instrumentor\.instrument_app\s*\(/,
    languages: PY,
    note: 'OpenTelemetry instrumentation enabled',
  },
  {
    name: 'Azure Monitor OpenTelemetry',
    re: /\bconfigure_azure_monitor\s*\(/,
    languages: PY,
    note: 'Azure Monitor OpenTelemetry distro',
  },
  {
    name: 'Datadog ddtrace',
    re: /^\s*(?:import ddtrace\.auto|from ddtrace import patch_all|ddtrace\.patch_all\s*\(|patch_all\s*\()/,
    languages: PY,
    note: 'Datadog ddtrace patching',
  },
  {
    name: 'Elastic APM',
    re: /\bElasticAPM\s*\(|\belasticapm\.instrument\s*\(/,
    languages: PY,
    note: 'Elastic APM agent',
  },
  { name: 'New Relic', re: /\bnewrelic\.agent\.initialize\s*\(/, languages: PY, note: 'New Relic agent initialised' },
  // Node
  { name: 'OpenTelemetry NodeSDK', re: /\bnew\s+NodeSDK\s*\(/, languages: JS, note: 'OpenTelemetry NodeSDK' },
  {
    name: 'OpenTelemetry tracer provider',
    re: /\bnew\s+(?:Node|Web|Basic)TracerProvider\s*\(|\bregisterOTel\s*\(/,
    languages: JS,
    note: 'OpenTelemetry tracer provider',
  },
  {
    name: 'Datadog dd-trace',
    re: /["']dd-trace["']\s*\)\s*\.init\s*\(|\btracer\.init\s*\(|["']dd-trace\/init["']/,
    languages: JS,
    note: 'dd-trace initialised',
  },
  {
    name: 'New Relic',
    re: /^\s*(?:require\s*\(\s*["']newrelic["']\s*\)|import\s+["']newrelic["'])/,
    languages: JS,
    note: 'New Relic agent loaded',
  },
  {
    name: 'Elastic APM',
    re: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["']elastic-apm-node(?:\/start)?["']/,
    languages: JS,
    note: 'Elastic APM agent',
  },
  {
    name: 'OpenTelemetry middleware for Hono/Elysia',
    re: /\bhttpInstrumentationMiddleware\s*\(|\.use\(\s*(?:["'`][^"'`]*["'`]\s*,\s*)?otel\s*\(|\.use\(\s*opentelemetry\s*\(/,
    languages: JS,
    note: 'OpenTelemetry middleware traces every request (@hono/otel, @elysiajs/opentelemetry)',
  },
  {
    name: 'OpenTelemetry for Cloudflare Workers',
    re: /\binstrument\s*\(\s*[\w$]+\s*,|\binstrumentDO\s*\(/,
    languages: JS,
    note: 'otel-cf-workers instruments the Worker (traces every request)',
    fileRequires: /["']@microlabs\/otel-cf-workers["']/,
  },
  {
    name: 'AWS X-Ray',
    re: /\bAWSXRay\.capture(?:AWS|AWSv3Client|HTTPsGlobal)\s*\(|\bnew\s+Tracer\s*\(/,
    languages: JS,
    note: 'AWS X-Ray tracing (aws-xray-sdk / Powertools Tracer)',
    fileRequires: /["'](?:aws-xray-sdk(?:-core)?|@aws-lambda-powertools\/tracer)["']/,
  },
  // Go
  { name: 'otelgin', re: /\botelgin\.Middleware\s*\(/, languages: GO, note: 'otelgin middleware traces every request' },
  {
    name: 'otelhttp',
    re: /\botelhttp\.(?:NewHandler|NewTransport|WithRouteTag)\s*\(/,
    languages: GO,
    note: 'otelhttp instrumentation',
  },
  { name: 'otelecho', re: /\botelecho\.Middleware\s*\(/, languages: GO, note: 'otelecho middleware' },
  { name: 'otelchi', re: /\botelchi\.Middleware\s*\(/, languages: GO, note: 'otelchi middleware' },
  { name: 'otelfiber', re: /\botelfiber\.Middleware\s*\(/, languages: GO, note: 'otelfiber middleware' },
  {
    name: 'OpenTelemetry TracerProvider',
    re: /\bsdktrace\.NewTracerProvider\s*\(|\btrace\.NewTracerProvider\s*\(/,
    languages: GO,
    note: 'OpenTelemetry tracer provider',
  },
  {
    name: 'Datadog dd-trace-go',
    re: /\btracer\.Start\s*\(\s*(?:\)|tracer\.With)/,
    languages: GO,
    note: 'dd-trace-go tracer started',
  },
  // JVM
  {
    name: 'OpenTelemetry SDK',
    re: /\bOpenTelemetrySdk\.builder\s*\(|\bSdkTracerProvider\.builder\s*\(/,
    languages: JVM,
    note: 'OpenTelemetry SDK configured',
  },
  // Jaeger and Zipkin clients (legacy, still tracing)
  {
    name: 'Jaeger client',
    re: /\bjaeger_client\.Config\s*\(|\binitTracer(?:FromEnv)?\s*\(|\bjaegercfg\.(?:Configuration|FromEnv)\b|\bjaeger\.NewTracer\s*\(/,
    languages: [...PY, ...JS, ...GO],
    note: 'Jaeger client tracer initialised (the Jaeger clients are deprecated in favour of OpenTelemetry)',
    confidence: 'low',
  },
  {
    name: 'Zipkin',
    re: /\bnew\s+(?:zipkin\.)?Tracer\s*\(\s*\{[^}]*recorder|\bzipkin\.NewTracer\s*\(|\bTracing\.newBuilder\s*\(/,
    languages: [...JS, ...GO, ...JVM],
    note: 'Zipkin/Brave tracer initialised',
  },
  // Ruby
  {
    name: 'OpenTelemetry Ruby',
    re: /\bOpenTelemetry::SDK\.configure\b/,
    languages: RB,
    note: 'OpenTelemetry SDK configured',
  },
  {
    name: 'Datadog',
    re: /\bDatadog\.configure\b[\s\S]{0,400}?\btracing\b|\bc\.tracing\.instrument\b/,
    languages: RB,
    note: 'Datadog tracing configured',
  },
  // PHP
  {
    name: 'OpenTelemetry PHP',
    re: /\bTracerProvider(?:Factory|::builder)\s*\(|\bSdk::builder\s*\(\s*\)|\bGlobals::tracerProvider\s*\(/,
    languages: PHP,
    note: 'OpenTelemetry PHP tracer provider set up',
  },
  {
    name: 'OpenTelemetry PHP auto-instrumentation',
    re: /\bOTEL_PHP_AUTOLOAD_ENABLED\s*[=:]\s*["']?true|\bextension\s*=\s*opentelemetry|pecl install opentelemetry|install-php-extensions[^\n]*\bopentelemetry\b/,
    include: ['**/Dockerfile*', '**/*compose*.{yml,yaml}', '**/*.ini', '**/.env.example', '**/*.yaml'],
    note: 'the OpenTelemetry PHP extension with autoloading',
  },
  {
    name: 'Datadog PHP',
    re: /datadog-setup\.php|\bdd-trace-php\b|\bDD_TRACE_\w+\s*[=:]/,
    include: ['**/Dockerfile*', '**/*compose*.{yml,yaml}'],
    note: 'the Datadog PHP tracer installed in the image',
  },
  // Elixir
  {
    name: 'OpenTelemetry Elixir',
    re: /\bOpentelemetryPhoenix\.setup\s*\(|\bOpentelemetryBandit\.setup\s*\(|\bOpentelemetryEcto\.setup\s*\(|^\s*config\s+:opentelemetry\b|\bOpentelemetryCowboy\.setup\s*\(/,
    languages: EX,
    note: 'OpenTelemetry instrumentation set up',
  },
  {
    name: 'Spandex',
    re: /\buse\s+Spandex\.Tracer\b|\bSpandexPhoenix\b/,
    languages: EX,
    note: 'Spandex tracer (Datadog)',
    confidence: 'low',
  },
  // Rust
  {
    name: 'tracing-opentelemetry',
    re: /\btracing_opentelemetry::(?:layer\s*\(|OpenTelemetryLayer::new\s*\()|\bOpenTelemetryLayer::new\s*\(/,
    languages: RS,
    note: 'tracing-opentelemetry layer exports spans',
  },
  {
    name: 'OpenTelemetry tracer provider',
    re: /\bopentelemetry_otlp::new_pipeline\s*\(\s*\)\s*\.\s*tracing\s*\(|\b(?:Sdk)?TracerProvider::builder\s*\(|\bglobal::set_tracer_provider\s*\(/,
    languages: RS,
    note: 'OpenTelemetry tracer provider',
  },
  // .NET
  {
    name: 'OpenTelemetry .NET',
    re: /\.WithTracing\s*\(|\.AddOpenTelemetryTracing\s*\(|\bSdk\s*\.\s*CreateTracerProviderBuilder\s*\(/,
    languages: CS,
    note: 'OpenTelemetry .NET tracing',
  },
  {
    name: 'Azure Monitor / Application Insights',
    re: /\.UseAzureMonitor\s*\(|\.AddApplicationInsightsTelemetry(?:WorkerService)?\s*\(/,
    languages: CS,
    note: 'Azure Monitor / Application Insights request tracing',
  },
];

const START: Signal[] = [
  {
    name: '.NET profiler agent',
    re: /CORECLR_ENABLE_PROFILING\s*[=:]\s*["']?1|CORECLR_PROFILER_PATH|OTEL_DOTNET_AUTO_HOME|datadog-dotnet-apm/,
    include: START_FILES,
    note: 'a .NET tracing agent (OpenTelemetry/Datadog/New Relic profiler) is attached at start',
  },
  {
    name: 'opentelemetry-instrument',
    re: /\bopentelemetry-instrument\b/,
    include: START_FILES,
    note: 'the process is started with OpenTelemetry auto-instrumentation',
  },
  {
    name: 'ddtrace-run',
    re: /\bddtrace-run\b/,
    include: START_FILES,
    note: 'the process is started with ddtrace-run (Datadog APM)',
  },
  {
    name: 'newrelic-admin',
    re: /\bnewrelic-admin\s+run-program\b/,
    include: START_FILES,
    note: 'the process is started under the New Relic agent',
  },
  {
    name: 'Java agent',
    re: /-javaagent:\S*(?:opentelemetry|dd-java-agent|newrelic|elastic-apm|applicationinsights)/i,
    include: START_FILES,
    note: 'a tracing Java agent is attached (-javaagent)',
  },
  {
    name: 'preloaded tracer',
    re: /(?:--require|--import|-r)\s+["']?(?:@opentelemetry\/auto-instrumentations-node\/register|dd-trace\/init|newrelic|elastic-apm-node\/start)/,
    include: START_FILES,
    note: 'a tracer is preloaded by the start command',
  },
  {
    name: 'Lambda active tracing',
    re: /^\s*(?:lambda\s*:\s*true|Tracing\s*:\s*Active)\b/,
    include: ['**/serverless.{yml,yaml}', '**/template*.{yml,yaml}', '**/sam*.{yml,yaml}'],
    note: 'AWS X-Ray active tracing on the Lambda functions (tracing.lambda / Tracing: Active)',
  },
  {
    name: 'OpenTelemetry Operator injection',
    re: /instrumentation\.opentelemetry\.io\/inject-\w+/,
    include: ['**/*.{yml,yaml}'],
    note: 'OpenTelemetry Operator auto-instrumentation annotation',
  },
];

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
  ['dotnet', /^OpenTelemetry\.(?:Extensions\.Hosting|Instrumentation\.AspNetCore|Exporter\.)/],
  ['dotnet', /^Azure\.Monitor\.OpenTelemetry\.AspNetCore$|^Microsoft\.ApplicationInsights\.AspNetCore$/],
];

/** Ruby APM agents that instrument a Rails app by being in the Gemfile, and the configuration file each reads. */
const RAILS_AGENTS: { name: string; dep: ['ruby', string]; config: string }[] = [
  { name: 'New Relic', dep: ['ruby', 'newrelic_rpm'], config: 'config/newrelic.yml' },
  { name: 'Elastic APM', dep: ['ruby', 'elastic-apm'], config: 'config/elastic_apm.yml' },
  { name: 'Scout APM', dep: ['ruby', 'scout_apm'], config: 'config/scout_apm.yml' },
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
      how: 'Looks for a tracer that is actually wired: an OpenTelemetry TracerProvider/NodeSDK/instrumentation in a module reached from the entrypoint, Go otelgin/otelhttp/otelecho middleware, auto-instrumentation in the start command (opentelemetry-instrument, ddtrace-run, newrelic-admin, -javaagent: with an OTel/Datadog/New Relic/Elastic agent, node --require of a tracer), Spring Boot micrometer-tracing bridges or the OTel starter (auto-configured), Ruby OpenTelemetry::SDK.configure, a Ruby APM agent gem in a Rails app (newrelic_rpm, elastic-apm, scout_apm: Bundler.require starts it; high confidence with its config file, low without), Rust tracing-opentelemetry layers or an OTLP tracer pipeline, OpenTelemetry .NET WithTracing (also in an Aspire service-defaults project the app references), Azure Monitor / Application Insights, a .NET profiler agent in the start environment, or the Kubernetes OpenTelemetry Operator annotation; Jaeger clients (deprecated) pass with low confidence, and so does a micrometer tracing bridge without a span exporter. A tracer module that no entrypoint imports is a gap ("defined but never wired"); a tracing SDK only declared is a gap ("declared but not used"). Sentry with traces_sample_rate > 0 does propagate traces, but only into Sentry: it passes with low confidence. n/a when the project is not a service.',
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
        'Only Sentry performance tracing (traces_sample_rate) is enabled: traces propagate but stay inside Sentry.',
      neverWired:
        'A tracer is defined in {{file}} but never wired: no entrypoint imports it and no start command preloads it.',
      declaredNotUsed:
        '{{lib}} is declared but not used ({{manifest}}): no production code or start command sets up tracing.',
      none: 'No distributed tracing (OpenTelemetry, Datadog, New Relic, Elastic APM, Jaeger/Zipkin) is wired into the service.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['tracing', 'opentelemetry', 'distributed tracing', 'jaeger', 'otel', 'request tracing', 'zipkin'],
  },
  check(ctx) {
    const start = findSignals(ctx.facts, START);
    const code = findSignals(ctx.facts, CODE);
    const wired = [...start, ...code.filter((h) => h.wired)];
    if (wired.length) {
      const strong = wired.filter((h) => h.signal.confidence !== 'low');
      const use = strong.length ? strong : wired;
      return ctx.pass(
        use.slice(0, 3).map((h) => hitEvidence(ctx, h)),
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
            `${railsAgent.name}: Rails loads the agent through Bundler.require`,
          ),
          ...(config ? [ctx.at(config.path, 1, `${agent.name} agent configuration`)] : []),
        ],
        {
          messageId: 'wired',
          confidence: config ? 'high' : 'low',
          data: { what: `${agent.name} (${railsAgent.name})` },
        },
      );
    }
    if (code.length) {
      const h = code[0]!;
      return ctx.gap(
        'neverWired',
        [hitEvidence(ctx, h, `${h.signal.note}, but ${h.match.path} is not imported from any entrypoint`)],
        { data: { file: h.match.path } },
      );
    }
    const sentry = findSignals(ctx.facts, [
      {
        name: 'Sentry tracing',
        re: /\b(?:traces_sample_rate|tracesSampleRate|TracesSampleRate)\s*[=:]\s*(?:0?\.\d*[1-9]|1(?:\.0)?\b)/,
        note: 'Sentry performance tracing enabled',
      },
    ]).filter((h) => h.wired);
    if (sentry.length) {
      return ctx.pass([hitEvidence(ctx, sentry[0]!)], { messageId: 'sentryOnly', confidence: 'low' });
    }
    const d = ctx.facts.deps.declared(...DEPS, ...SPRING_TRACING);
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
      ctx.missing(
        [...new Set([...CODE, ...START].map((s) => s.name))],
        'no tracer set-up in production code, start commands or deployment manifests',
      ),
    ]);
  },
});

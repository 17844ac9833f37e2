import type { RepoIndex } from '../repo/index.js';
import { parsedDockerfile } from './dockerfiles.js';
import { dotnetModel } from './dotnet.js';
import type { Facts } from './index.js';
import { type OptInSwitch, pythonOptInSwitch } from './python-switch.js';
import {
  CS,
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
  type SignalHit,
  START_FILES,
} from './signals.js';

/**
 * The service adds its sources to the tracer provider of a host it does not build itself (a shared host builder from a
 * package, as Aspire's service defaults are): the provider exists only if that host adds tracing. Low, and only in the
 * project that builds the host: a class library's extension method adds its sources to whatever host calls it.
 */
const HOST_TRACER_PROVIDER: Signal = {
  name: 'OpenTelemetry .NET tracer provider configured',
  re: /\.ConfigureOpenTelemetryTracerProvider\s*\(/,
  languages: CS,
  note: "OpenTelemetry .NET tracing: the service configures the host's tracer provider",
  confidence: 'low',
};

/** Tracer set-up in production code (OpenTelemetry SDKs, Datadog, New Relic, Elastic APM, Jaeger/Zipkin clients …). */
const TRACER_CODE: Signal[] = [
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
    // What `opentelemetry-instrument` runs, called from the code (a worker's process-init hook, or importing its
    // sitecustomize module, which initialises on import): the distro's SDK and exporters from the OTEL_* environment,
    // and every installed instrumentation.
    name: 'OpenTelemetry auto-instrumentation',
    re: /\bauto_instrumentation\.initialize\s*\(|\bauto_instrumentation(?:\s+import\s+\(?\s*|\.)sitecustomize\b/,
    languages: PY,
    note: 'OpenTelemetry auto-instrumentation initialised in code',
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
  // Also through a namespace import (`import * as opentelemetry from '@opentelemetry/sdk-node'`).
  {
    name: 'OpenTelemetry NodeSDK',
    re: /\bnew\s+(?:[\w$]+\.)?NodeSDK\s*\(/,
    languages: JS,
    note: 'OpenTelemetry NodeSDK',
  },
  {
    name: 'OpenTelemetry tracer provider',
    re: /\bnew\s+(?:[\w$]+\.)?(?:Node|Web|Basic)TracerProvider\s*\(|\bregisterOTel\s*\(/,
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
    // The SDK under another import name (`tracesdk "go.opentelemetry.io/otel/sdk/trace"`).
    name: 'OpenTelemetry TracerProvider',
    re: /\b\w+\.NewTracerProvider\s*\(/,
    languages: GO,
    fileRequires: /\w+\s+"go\.opentelemetry\.io\/otel\/sdk\/trace"/,
    note: 'OpenTelemetry tracer provider',
  },
  {
    // A tracer set up through a shared package of the project's family (`jaeger.Configure(ctx, url, "svc")` from a
    // protocol module), or the OpenTelemetry Jaeger exporter: the set-up is in the other module, so low.
    name: 'Jaeger tracer',
    re: /\bjaeger\.(?:Configure|Init\w*|Setup\w*)\s*\(|\bjaeger\.New\s*\(\s*jaeger\.With/,
    languages: GO,
    fileRequires: /"[\w./-]+\/jaeger"/,
    note: 'Jaeger tracer configured through a tracing package',
    confidence: 'low',
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
  HOST_TRACER_PROVIDER,
  {
    name: 'Azure Monitor / Application Insights',
    re: /\.UseAzureMonitor\s*\(|\.AddApplicationInsightsTelemetry(?:WorkerService)?\s*\(|\.AddAzureMonitorTraceExporter\s*\(/,
    languages: CS,
    note: 'Azure Monitor / Application Insights request tracing',
  },
  // OpenTracing's Jaeger client for .NET, built by hand (`new Tracer.Builder(serviceName)`, `Configuration.FromEnv(…)`)
  // or registered by Convey's tracing package (`.AddJaeger()` on its builder, which reads the `jaeger` section and
  // traces every request and message): the Jaeger clients are deprecated in favour of OpenTelemetry, and whether the
  // section turns it on is configuration, so low.
  {
    name: 'Jaeger client (.NET)',
    re: /\.AddJaeger\s*\(|\bnew\s+Tracer\.Builder\s*\(|\bConfiguration\.FromEnv\s*\(/,
    languages: CS,
    fileRequires: /^\s*using\s+(?:Convey\.Tracing\.Jaeger|Jaeger)\s*;/m,
    note: 'Jaeger client tracer registered (the Jaeger clients are deprecated in favour of OpenTelemetry)',
    confidence: 'low',
  },
  // Datadog's .NET API (`Tracer.Instance.ActiveScope?.Span.SetTag(…)`, `Tracer.Instance.StartActive(…)`) works with the
  // Datadog tracer the host attaches (an APM extension or agent set up outside the repository): low.
  {
    name: 'Datadog .NET tracer',
    re: /\bTracer\s*\.\s*(?:Instance\s*\.\s*(?:ActiveScope|StartActive)|Configure\s*\()/,
    languages: CS,
    fileRequires: /^\s*using\s+Datadog\.Trace\b/m,
    note: 'Datadog .NET tracer spans (the tracer is attached by the host)',
    confidence: 'low',
  },
];

const APP_INSIGHTS_CONFIG = 'Application Insights Java agent configured in the image';
/** Stock JDK/JRE images, by their repository's name (any registry, `library/` or `_/` prefix). */
const STOCK_JAVA_IMAGE =
  /^(?:[\w.:-]+\/)*(?:eclipse-temurin|openjdk|amazoncorretto|adoptopenjdk|ibmjava|ibm-semeru-runtimes|sapmachine|azul\/zulu-openjdk[\w-]*|bellsoft\/liberica-\w+|distroless\/java\d*(?:-debian\d+)?)$/i;

/**
 * A tracing Java agent: attached at start (`-javaagent:`) by its jar's name, copied under a name of its own and
 * attached, or (low) its Application Insights configuration copied into an image whose base attaches the agent.
 */
export const JAVA_AGENT_SIGNALS: Signal[] = [
  {
    name: 'Java agent',
    re: /-javaagent:\S*(?:opentelemetry|dd-java-agent|newrelic|elastic-apm|applicationinsights)/i,
    include: START_FILES,
    note: 'a tracing Java agent is attached (-javaagent)',
  },
  // The image copies the agent jar under a name of its own (`COPY …/applicationinsights-agent*.jar /app/agent.jar`)
  // and the start command attaches it (`-javaagent:/app/agent.jar`): the copy names the vendor.
  {
    name: 'Java agent copied under its own name',
    re: /^\s*(?:COPY|ADD)\b[^\n]*\b(?:opentelemetry-javaagent|dd-java-agent|newrelic|elastic-apm-agent|applicationinsights-agent)[^\n]*\.jar/i,
    include: START_FILES,
    fileRequires: /-javaagent:\S+\.jar/,
    note: 'a tracing Java agent is copied into the image and attached (-javaagent)',
  },
  // The image of a Java service copies only the Application Insights agent's configuration (`COPY
  // lib/applicationinsights.json /opt/app/`): the agent reads applicationinsights.json beside its jar, and the base
  // image ships the jar and attaches it (HMCTS' base/java images, which most of its Spring Boot services build on). The
  // agent traces every request and dependency call (W3C trace context), but the attaching happens in an image outside
  // the repository: low. A stock JDK/JRE base (eclipse-temurin, openjdk, amazoncorretto, distroless java) attaches
  // nothing: that image is dropped in detectTracing (`attachesNoAgent`).
  {
    name: APP_INSIGHTS_CONFIG,
    re: /^[ \t]*(?:COPY|ADD)\b[^\n]*\bapplicationinsights[\w.-]*\.json\b/i,
    include: ['**/Dockerfile', '**/Dockerfile.*', '**/*.Dockerfile', '**/Containerfile'],
    fileRequires: /\.jar\b/,
    note: 'the Application Insights Java agent’s configuration is copied into the image of a Java service; its base image attaches the agent',
    confidence: 'low',
  },
];

/** Auto-instrumentation in start commands and deployment manifests (opentelemetry-instrument, --require, -javaagent …). */
const TRACER_START: Signal[] = [
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
  ...JAVA_AGENT_SIGNALS,
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
  // A Worker's `observability.traces.enabled`: the runtime traces each invocation and its fetch and binding calls.
  {
    name: 'Cloudflare Workers tracing',
    re: /^[ \t]*\[observability\.traces\][ \t]*\n(?:[ \t]*(?:#[^\n]*|[\w-]+[ \t]*=[^\n]*)?\n)*?[ \t]*enabled[ \t]*=[ \t]*true\b|^[ \t]*["']?traces["']?[ \t]*[:=][ \t]*\{[^{}]*?["']?enabled["']?[ \t]*[:=][ \t]*true\b/m,
    include: ['**/wrangler.{toml,json,jsonc}'],
    note: 'Cloudflare Workers traces the Worker (observability.traces enabled in its wrangler configuration)',
  },
  {
    name: 'OpenTelemetry Operator injection',
    re: /instrumentation\.opentelemetry\.io\/inject-\w+/,
    include: ['**/*.{yml,yaml}'],
    note: 'OpenTelemetry Operator auto-instrumentation annotation',
  },
  // A nais Application's `observability: autoInstrumentation: enabled: true`: the platform injects the OpenTelemetry
  // agent for the application's runtime into its pods.
  {
    name: 'nais auto-instrumentation',
    re: /^[ \t]*autoInstrumentation:[ \t]*\n(?:[ \t]+[\w-]+:[^\n]*\n)*?[ \t]+enabled:[ \t]*true\b/,
    include: ['**/*.{yml,yaml}'],
    fileRequires: /^apiVersion:[ \t]*["']?nais\.io\//m,
    note: 'nais injects the OpenTelemetry agent into the pods (observability.autoInstrumentation)',
  },
  // A Dapr Configuration with a non-zero sampling rate and an exporter: the sidecar of every app that uses it traces
  // the service invocations and pub/sub messages that pass through it.
  {
    name: 'Dapr tracing',
    re: /^\s*samplingRate\s*:\s*["']?(?:0?\.\d*[1-9]\d*|[1-9]\d*(?:\.\d+)?)["']?\s*$/,
    include: ['**/*.{yml,yaml}'],
    fileRequires: /^\s*apiVersion\s*:\s*dapr\.io\/[\s\S]*^\s*(?:zipkin|otel)\s*:/m,
    note: 'Dapr sidecars trace calls and messages (Configuration tracing with an exporter)',
    confidence: 'low',
  },
];

const SENTRY_TRACING: Signal[] = [
  {
    name: 'Sentry tracing',
    re: /\b(?:traces_sample_rate|tracesSampleRate|TracesSampleRate)\s*[=:]\s*(?:0?\.\d*[1-9]|1(?:\.0)?\b)/,
    note: 'Sentry performance tracing enabled',
  },
  {
    // A sampler function decides per transaction (`tracesSampler: sampleByPath`): tracing is on.
    name: 'Sentry tracing',
    re: /\b(?:traces_sampler|tracesSampler|TracesSampler)\s*[=:]\s*(?!None\b|null\b|undefined\b)[\w(]/,
    note: 'Sentry performance tracing enabled (a traces sampler)',
  },
];

export interface TracerHit extends SignalHit {
  /** The set-up runs only when an operator switches it on (`if enable_newrelic:` over an environment default off). */
  optIn?: OptInSwitch;
}

export interface TracingFacts {
  /** Auto-instrumentation the service starts with (always wired: the start command runs it). */
  start: TracerHit[];
  /** Tracer set-up in production code, wired or not. */
  code: TracerHit[];
  /** Sentry performance tracing switched on in code the service reaches. */
  sentryTracing(): SignalHit[];
  /** The tracers looked for, by name. */
  searched: string[];
  /**
   * A wired APM agent that also reports unhandled errors by default (Datadog, New Relic, Elastic APM: each groups
   * exceptions with their stack traces), from the start command or code.
   */
  apmErrorReporter(): { hit: SignalHit; vendor: string } | undefined;
  /** OpenTelemetry auto-instrumentation the service runs: it enables every instrumentation package installed. */
  autoInstrumentation(): SignalHit | undefined;
}

const AUTO_INSTRUMENTATION = new Set(['opentelemetry-instrument', 'OpenTelemetry auto-instrumentation']);

/** APM vendors whose agents report unhandled errors as well as traces, named in the matched text or the signal. */
const APM_ERROR_VENDORS: [RegExp, string][] = [
  [/datadog|\bdd-(?:trace|java-agent)|ddtrace|dd_trace/i, 'Datadog APM'],
  [/new\s*relic|newrelic/i, 'New Relic APM'],
  [/elastic[-_\s]?apm|ElasticAPM|elasticapm/i, 'Elastic APM'],
  // Requests that fail with an exception are kept as exception telemetry (the Failures view of Application Insights).
  [/Azure Monitor|Application ?Insights/i, 'Azure Monitor Application Insights'],
];

/**
 * The final stage of the Dockerfile builds on a stock JDK/JRE image (`eclipse-temurin:21-jre`, `openjdk:17`,
 * `amazoncorretto:21`, `gcr.io/distroless/java17`), which attaches no agent of its own.
 */
function attachesNoAgent(repo: RepoIndex, dockerfile: string): boolean {
  const image = parsedDockerfile(repo, dockerfile)?.finalStage?.from.image ?? '';
  return STOCK_JAVA_IMAGE.test(image);
}

/** Distributed tracing the service sets up: in code, or by auto-instrumentation in how it starts. */
export function detectTracing(repo: RepoIndex, facts: Facts): TracingFacts {
  let sentry: SignalHit[] | undefined;
  const start = findSignals(facts, TRACER_START).filter(
    (h) => h.signal.name !== APP_INSIGHTS_CONFIG || !attachesNoAgent(repo, h.match.path),
  );
  const code = findSignals(facts, TRACER_CODE)
    .filter((h) => h.signal !== HOST_TRACER_PROVIDER || dotnetModel(repo).projectOf(h.match.path)?.kind !== 'library')
    .map((h): TracerHit => {
      const optIn = pythonOptInSwitch(repo, h.match.path, h.match.line);
      return optIn ? { ...h, optIn } : h;
    });
  const running = () => [...start, ...code.filter((h) => h.wired)];
  return {
    start,
    code,
    sentryTracing: () => (sentry ??= findSignals(facts, SENTRY_TRACING).filter((h) => h.wired)),
    searched: [...new Set([...TRACER_CODE, ...TRACER_START].map((s) => s.name))],
    apmErrorReporter() {
      for (const hit of running()) {
        const said = `${hit.signal.name} ${hit.match.groups[0] ?? hit.match.text}`;
        const vendor = APM_ERROR_VENDORS.find(([re]) => re.test(said))?.[1];
        if (vendor) return { hit, vendor };
      }
      return undefined;
    },
    autoInstrumentation: () => running().find((h) => AUTO_INSTRUMENTATION.has(h.signal.name)),
  };
}

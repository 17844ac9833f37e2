import { DOTNET_LANGUAGES } from '../repo/classify.js';
// Metrics set up in code the service reaches beyond client libraries (read through facts.deps): OpenTelemetry .NET /
// prometheus-net and their exporters, Ruby metrics configuration (Yabeda, prometheus_exporter, prometheus-client),
// Elixir (PromEx, TelemetryMetricsPrometheus, Statix pushing to StatsD) and PHP Prometheus clients. api.metrics is a
// policy over it.
import type { RepoIndex } from '../repo/index.js';
import type { Facts } from './index.js';
import { lc39Launch } from './frameworks.js';
import { naisAppShell } from './health.js';
import { grepConfig, grepReached } from './live-code.js';
import { OSU_QUEUE_PROCESSOR } from './messaging.js';
import { JAVA_AGENT_SIGNALS } from './tracing.js';

/** A place in the repository and what it shows. */
export interface MetricsSite {
  path: string;
  line: number;
  note: string;
}

export interface MetricsFacts {
  /** .NET metrics (OpenTelemetry WithMetrics, prometheus-net, Application Insights), and an exporter if one is set up. */
  dotnet?: {
    site: MetricsSite;
    exporter?: MetricsSite /** What sends them, when not OpenTelemetry / prometheus-net. */;
    label?: string;
    /** Read from a library's default rather than from the service's own metrics code. */
    confidence?: 'low';
    /** Set up through OpenTelemetry's meter provider (`WithMetrics`), whose packages also serve tracing. */
    openTelemetry?: boolean;
  };
  /**
   * Ruby metrics configured in reached code or in config.ru / config/ (Yabeda, PrometheusExporter, Prometheus::Client),
   * and the gem that brings the metrics library when the application does not declare it itself.
   */
  rubyConfig?: MetricsSite & { gem?: string };
  /**
   * An Elixir, PHP or Rust metrics exporter, a JVM application shell or lc39 serving /metrics, or a JVM APM agent the
   * service starts with (low: metrics are the agent's default), with what it is.
   */
  exporter?: { label: string; site: MetricsSite; confidence?: 'low' };
}

const GOVUK_EXPORTER = /\bGovukPrometheusExporter\.configure\b/;
/** Ruby metrics set up in code: yabeda, prometheus_exporter, prometheus-client, or statsd-instrument pushing to an agent. */
const RUBY_METRICS = /Yabeda|PrometheusExporter|Prometheus::Client|Prometheus::Middleware|StatsD::Instrument\b/;

/** OpenTelemetry's meter provider: the metrics signal alone of a package that can also trace. */
const DOTNET_OTEL_METRICS =
  /\.WithMetrics\s*\(|\bSdk\s*\.\s*CreateMeterProviderBuilder\s*\(|\.AddOpenTelemetryMetrics\s*\(/;
const DOTNET_METRICS = new RegExp(
  `${DOTNET_OTEL_METRICS.source}|\\.UseMetricServer\\s*\\(|\\.MapMetrics\\s*\\(|\\.UseHttpMetrics\\s*\\(|\\.AddApplicationInsightsTelemetry\\s*\\(|\\.UseAzureMonitor\\s*\\(`,
);
const DOTNET_EXPORTER =
  /\.AddPrometheusExporter\s*\(|\.AddOtlpExporter\s*\(|\.UseOtlpExporter\s*\(|\.UseAzureMonitor\s*\(|\.AddAzureMonitorMetricExporter\s*\(|\.UseMetricServer\s*\(|\.MapMetrics\s*\(|\.AddApplicationInsightsTelemetry\s*\(|OTEL_EXPORTER_OTLP_ENDPOINT/;

/**
 * A StatsD client configured with its agent (DogStatsD-CSharp-Client's `DogStatsd.Configure(new StatsdConfig { … })` or
 * `new DogStatsdService()`, JustEat.StatsD's `AddStatsD(…)` / `new StatsDPublisher(…)`): counters and timings pushed to a
 * StatsD/Datadog agent, the push counterpart of a scrape endpoint.
 */
const DOTNET_STATSD =
  /\bDogStatsd\s*\.\s*Configure\s*\(|\bnew\s+DogStatsdService\s*\(|\.AddStatsD\s*\(|\bnew\s+StatsDPublisher\s*\(/;

/**
 * App.Metrics' ASP.NET Core endpoints, served at /metrics and /metrics-text (`app.UseMetricsAllEndpoints()`,
 * `UseMetricsEndpoint()`, the host builder's `AddMetricsEndpoints(…)`, the AppMetricsPrometheus package's
 * `UseAppMetricsPrometheus()`): names of their own, in Microsoft.AspNetCore namespaces, so no `using` is needed.
 */
const APP_METRICS_ENDPOINTS =
  /\.UseMetrics(?:All|Text)?Endpoints?\s*\(|\.AddMetricsEndpoints\s*\(|\.UseAppMetricsPrometheus\s*\(/;
/**
 * `UseMetrics()` is App.Metrics' (the web host builder's, or its 1.x middleware) or Convey's (Convey.Metrics.AppMetrics,
 * which maps App.Metrics' endpoints when the `metrics` section's `enabled` is true) only in a file naming either
 * namespace; ASP.NET Core's own `services.AddMetrics()` registers a meter factory and exposes nothing.
 */
const APP_METRICS_USE = /\.UseMetrics\s*\(\s*\)/;
const APP_METRICS_FILE = /^\s*using\s+(?:App\.Metrics|Convey\.Metrics\.AppMetrics)\b/m;
const CONVEY_METRICS_FILE = /^\s*using\s+Convey\.Metrics\.AppMetrics\b/m;

function appMetrics(facts: Facts): MetricsFacts['dotnet'] {
  const endpoints = grepReached(facts, APP_METRICS_ENDPOINTS, DOTNET_LANGUAGES)[0];
  if (endpoints) {
    const site = { path: endpoints.path, line: endpoints.line, note: "App.Metrics' /metrics endpoints mapped" };
    return { site, exporter: site, label: "App.Metrics' /metrics endpoints" };
  }
  for (const hit of grepReached(facts, APP_METRICS_USE, DOTNET_LANGUAGES)) {
    const text = facts.repo.read(hit.path) ?? '';
    if (!APP_METRICS_FILE.test(text)) continue;
    const convey = CONVEY_METRICS_FILE.test(text);
    const site = {
      path: hit.path,
      line: hit.line,
      note: convey
        ? "Convey's App.Metrics: /metrics served when the `metrics` section's `enabled` is true"
        : "App.Metrics' middleware and /metrics endpoints",
    };
    return convey
      ? { site, exporter: site, label: "Convey's App.Metrics /metrics endpoint", confidence: 'low' }
      : { site, exporter: site, label: "App.Metrics' /metrics endpoints" };
  }
  return undefined;
}

function dotnet(facts: Facts): MetricsFacts['dotnet'] {
  const hit = grepReached(facts, DOTNET_METRICS, DOTNET_LANGUAGES)[0];
  if (!hit) {
    const statsd = grepReached(facts, DOTNET_STATSD, DOTNET_LANGUAGES)[0];
    if (statsd) {
      const site = {
        path: statsd.path,
        line: statsd.line,
        note: 'StatsD client configured: metrics pushed to its agent',
      };
      return { site, exporter: site, label: 'a StatsD client (metrics pushed to a StatsD/Datadog agent)' };
    }
    // osu-queue-processor's base class counts what it dequeues, processes and fails into DogStatsd on its own.
    const queue = grepReached(facts, OSU_QUEUE_PROCESSOR.re, DOTNET_LANGUAGES).find((h) =>
      OSU_QUEUE_PROCESSOR.within.test(facts.repo.read(h.path) ?? ''),
    );
    if (!queue) return appMetrics(facts);
    const site = {
      path: queue.path,
      line: queue.line,
      note: 'osu-queue-processor pushes its queue counters to the Datadog agent (DogStatsd, library default)',
    };
    return { site, exporter: site, label: "osu-queue-processor's DogStatsd counters", confidence: 'low' };
  }
  const exporter = grepReached(facts, DOTNET_EXPORTER, DOTNET_LANGUAGES)[0];
  return {
    site: { path: hit.path, line: hit.line, note: 'OpenTelemetry / prometheus-net metrics' },
    ...(DOTNET_OTEL_METRICS.test(hit.text) ? { openTelemetry: true } : {}),
    ...(exporter ? { exporter: { path: exporter.path, line: exporter.line, note: 'metrics exporter' } } : {}),
  };
}

function beamOrPhp(facts: Facts): MetricsFacts['exporter'] {
  const hit =
    grepReached(
      facts,
      /\buse\s+PromEx\b|\bPromEx\.Plug\b|\bTelemetryMetricsPrometheus(?:\.Core)?\b|\bPrometheus\.PlugExporter\b|\bPeep\.Plug\b|\buse\s+Statix\b/,
      ['elixir'],
    )[0] ??
    grepReached(
      facts,
      /\bCollectorRegistry\b|\bPrometheus::add\w*\s*\(|\bSpatie\\Prometheus\\|\bPrometheusExporter\b|\bRenderTextFormat\b/,
      ['php'],
    )[0];
  if (!hit) return rustOtlp(facts);
  const statix = /Statix/.test(hit.text);
  const label = /PromEx/.test(hit.text)
    ? 'PromEx'
    : /TelemetryMetricsPrometheus/.test(hit.text)
      ? 'TelemetryMetricsPrometheus'
      : statix
        ? 'Statix (StatsD)'
        : /\.php$/.test(hit.path)
          ? 'Prometheus PHP client'
          : 'Prometheus exporter';
  const note = statix ? 'Statix pushes metrics to a StatsD agent' : `${label} exposes metrics`;
  return { label, site: { path: hit.path, line: hit.line, note } };
}

/**
 * A response labelled with the Prometheus exposition format (`text/plain; version=0.0.4`, or OpenMetrics'
 * `application/openmetrics-text`): a hand-written scrape endpoint, the text rendered by the service itself.
 */
const EXPOSITION_CONTENT_TYPE = /["']text\/plain;\s*version=0\.0\.4\b|["']application\/openmetrics-text\b/;

/**
 * Rust StatsD recorders and clients built with their agent's address: metrics-exporter-dogstatsd's
 * `DogStatsDBuilder::default().with_remote_address(…).install()`, metrics-exporter-statsd's `StatsdBuilder::from(host,
 * port)`, cadence's `StatsdClient::from_sink(…)` / `StatsdClient::builder(…)`. Counters and timings are pushed to a
 * StatsD/Datadog agent: the push counterpart of a scrape endpoint (as the Python and .NET StatsD clients count).
 */
const RUST_STATSD =
  /\bDogStatsDBuilder::(?:default|new)\s*\(|\bStatsdBuilder::from\s*\(|\bStatsdClient::(?:from_sink|builder)\s*\(/;

/**
 * StatsD lines a Rust service formats itself (`"{}.requests:{}|c\n"`, `"…:{}|ms"`) and sends over a UDP socket of the
 * same module: a hand-written StatsD client.
 */
const RUST_STATSD_LINE = /"[^"\n]*:\{[\w.:]*\}\|(?:c|g|ms|h|d|s)(?:\|[^"\n]*)?(?:\\n)?"/;

/**
 * Rust: an OpenTelemetry meter provider pushing over OTLP (`SdkMeterProvider::builder().with_reader(PeriodicReader
 * ::builder(MetricExporter::builder()…))`), the prometheus crate's text encoder, a handler answering in the
 * exposition format, or a StatsD recorder or client (a library's or its own), in code the service reaches.
 */
function rustOtlp(facts: Facts): MetricsFacts['exporter'] {
  const hit =
    grepReached(facts, /\b(?:opentelemetry_otlp::)?MetricExporter::builder\s*\(/, ['rust'])[0] ??
    grepReached(facts, /\bprometheus::TextEncoder\b|\bTextEncoder::new\s*\(\s*\)[\s\S]{0,80}encode/, ['rust'])[0] ??
    grepReached(facts, EXPOSITION_CONTENT_TYPE, ['rust'])[0] ??
    grepReached(facts, RUST_STATSD, ['rust'])[0] ??
    grepReached(facts, RUST_STATSD_LINE, ['rust']).find((h) => /\bUdpSocket\b/.test(facts.repo.read(h.path) ?? ''));
  if (!hit) return undefined;
  const label = /MetricExporter/.test(hit.text)
    ? 'OpenTelemetry metrics over OTLP'
    : /TextEncoder/.test(hit.text)
      ? 'Prometheus text encoder'
      : RUST_STATSD.test(hit.text) || RUST_STATSD_LINE.test(hit.text)
        ? 'a StatsD client (metrics pushed to a StatsD/Datadog agent)'
        : 'a hand-written Prometheus exposition endpoint';
  return { label, site: { path: hit.path, line: hit.line, note: `${label} exports metrics` } };
}

/** A CloudWatch PutMetricData call through an AWS SDK (Java/Scala/Kotlin, JavaScript v3, Go, Python). */
const CLOUDWATCH_PUT =
  /\bnew\s+PutMetricDataCommand\s*\(|\.putMetricData\s*\(|\.PutMetricData(?:WithContext)?\s*\(|\.put_metric_data\s*\(/;

/**
 * Ruby APM agents that start with Rails (their Railtie) once their configuration file gives them a key, and record
 * request throughput, latencies and errors per endpoint for their backend by default: the gem and the file beside the
 * Gemfile.
 */
const RUBY_APM: { gem: string; label: string; configs: string[] }[] = [
  { gem: 'skylight', label: 'Skylight', configs: ['config/skylight.yml'] },
  { gem: 'appsignal', label: 'AppSignal', configs: ['config/appsignal.yml', 'config/appsignal.rb'] },
  { gem: 'newrelic_rpm', label: 'New Relic', configs: ['config/newrelic.yml'] },
  { gem: 'scout_apm', label: 'Scout APM', configs: ['config/scout_apm.yml'] },
];

/** The first Ruby APM agent declared outside the development and test groups with its configuration file. */
function rubyApm(repo: RepoIndex, facts: Facts): MetricsFacts['exporter'] {
  for (const apm of RUBY_APM) {
    const dep = facts.deps.declared(['ruby', apm.gem]);
    if (!dep || dep.dev) continue;
    const dir = dep.manifest.includes('/') ? dep.manifest.slice(0, dep.manifest.lastIndexOf('/') + 1) : '';
    const config = apm.configs.map((c) => `${dir}${c}`).find((c) => repo.get(c));
    if (!config) continue;
    // The first setting of the file (the key it is given), not its `---` or comments.
    const at = facts.code.lines(config).findIndex((l) => /^\s*[\w-]+\s*:/.test(l));
    const label = `the ${apm.label} agent (request metrics sent to its backend)`;
    return {
      label,
      site: {
        path: config,
        line: Math.max(at, 0) + 1,
        note: `${apm.label} configured: it records request metrics by default`,
      },
      confidence: 'low',
    };
  }
  return undefined;
}

export function detectMetrics(repo: RepoIndex, facts: Facts): MetricsFacts {
  const net = dotnet(facts);
  // govuk_app_config (the GOV.UK services' shared gem) depends on prometheus_exporter and starts its server from
  // `GovukPrometheusExporter.configure` (when the deployment sets GOVUK_PROMETHEUS_EXPORTER).
  const govuk =
    grepReached(facts, GOVUK_EXPORTER, ['ruby'])[0] ?? grepConfig(facts, GOVUK_EXPORTER, ['config/**/*.rb'])[0];
  const ruby =
    govuk ??
    grepReached(facts, RUBY_METRICS, ['ruby'])[0] ??
    grepConfig(facts, /prometheus|yabeda|StatsD::Instrument\b/i, ['config.ru', 'config/**/*.rb'])[0];
  const shell = naisAppShell(facts);
  // A Java agent attached at start (Application Insights, OpenTelemetry, Datadog, New Relic, Elastic APM) records
  // request rates, latencies, failures and JVM metrics and sends them to its backend by default.
  const agent = facts.tracing.start.find((h) => JAVA_AGENT_SIGNALS.includes(h.signal));
  const lc39 = lc39Launch(facts.frameworks);
  // Custom metrics the service pushes to CloudWatch through the AWS SDK (`putMetricData(…)`, `new PutMetricDataCommand(…)`,
  // boto3's `put_metric_data`): what a scheduled job or a function publishes instead of being scraped.
  const cloudwatch = agent ? undefined : grepReached(facts, CLOUDWATCH_PUT)[0];
  const exporter =
    beamOrPhp(facts) ??
    (lc39 && {
      label: 'lc39 (Prometheus /-/metrics)',
      site: { path: lc39.path, line: lc39.line, note: 'lc39 serves Prometheus /-/metrics (framework default)' },
    }) ??
    (shell && {
      label: `${shell.rapid ? 'rapids-and-rivers' : 'naisful'} (Prometheus /metrics)`,
      site: {
        path: shell.hit.path,
        line: shell.hit.line,
        note: 'the library serves Prometheus /metrics (library default)',
      },
    }) ??
    (agent && {
      label: 'the Java APM agent the service starts with (request and JVM metrics sent to its backend)',
      site: {
        path: agent.match.path,
        line: agent.match.line,
        note: 'APM Java agent attached: it collects metrics by default',
      },
      confidence: 'low' as const,
    }) ??
    rubyApm(repo, facts) ??
    (cloudwatch && {
      label: 'CloudWatch custom metrics pushed with the AWS SDK (PutMetricData; nothing to scrape)',
      site: {
        path: cloudwatch.path,
        line: cloudwatch.line,
        note: 'custom metrics put to CloudWatch with the AWS SDK',
      },
      confidence: 'low' as const,
    });
  return {
    ...(net ? { dotnet: net } : {}),
    ...(ruby
      ? {
          rubyConfig: {
            path: ruby.path,
            line: ruby.line,
            ...(govuk
              ? {
                  note: 'GovukPrometheusExporter.configure (govuk_app_config starts prometheus_exporter)',
                  gem: 'govuk_app_config',
                }
              : { note: 'metrics configured' }),
          },
        }
      : {}),
    ...(exporter ? { exporter } : {}),
  };
}

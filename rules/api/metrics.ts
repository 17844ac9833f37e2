import {
  BENTHOS_RUN_CLI,
  defineRule,
  describeRoute,
  reachedRoutes,
  springActuator,
  springProperties,
} from '../../src/sdk/index.js';
import { firstLibrary, type LibSpec } from '../_lib/library-evidence.js';

/** Micrometer's push registries (Spring Boot auto-configures each from the classpath), by the name its properties use. */
const MICROMETER_PUSH_REGISTRY =
  /(?:^|:)micrometer-registry-(otlp|datadog|stackdriver|cloudwatch2?|new-relic|newrelic|influx|elastic|dynatrace|signalfx|wavefront|azure-monitor|appoptics|humio|kairos|graphite|statsd)$/;

const LIBS: LibSpec[] = [
  {
    label: 'prometheus-fastapi-instrumentator',
    deps: [['python', 'prometheus-fastapi-instrumentator']],
    imports: ['prometheus_fastapi_instrumentator'],
    usage: /\.expose\(/,
  },
  {
    label: 'starlette-exporter',
    deps: [['python', 'starlette-exporter']],
    imports: ['starlette_exporter'],
    usage: /handle_metrics|PrometheusMiddleware/,
  },
  {
    label: 'django-prometheus',
    deps: [['python', 'django-prometheus']],
    imports: ['django_prometheus'],
    usage: /django_prometheus/,
  },
  {
    label: 'prometheus-flask-exporter',
    deps: [['python', 'prometheus-flask-exporter']],
    imports: ['prometheus_flask_exporter'],
    usage: /PrometheusMetrics\(/,
  },
  {
    // GOV.UK's Flask extension: `GDSMetrics().init_app(app)` serves the prometheus_client registry on /metrics.
    label: 'gds-metrics',
    deps: [['python', 'gds-metrics']],
    imports: ['gds_metrics'],
    usage: /\bGDSMetrics\s*\(/,
  },
  {
    label: 'prometheus_client',
    deps: [['python', 'prometheus-client']],
    imports: ['prometheus_client'],
    usage: /make_asgi_app|make_wsgi_app|start_http_server|generate_latest|["']\/metrics/,
  },
  { label: 'aioprometheus', deps: [['python', 'aioprometheus']], imports: ['aioprometheus'] },
  {
    // A StatsD client the service builds pushes its timings and counters to a StatsD/Datadog agent (push, not scrape).
    label: 'StatsD client (metrics pushed to a StatsD agent)',
    deps: [
      ['python', 'statsd'],
      ['python', 'datadog'],
      ['python', 'aiodogstatsd'],
    ],
    imports: ['statsd', 'datadog', 'aiodogstatsd'],
    usage:
      /\b(?:StatsClient|TCPStatsClient|UnixSocketStatsClient|DogStatsd|aiodogstatsd\.Client)\s*\(|\bstatsd\.(?:timing|timed|incr|increment|gauge|histogram|distribution)\s*\(/,
  },
  {
    // Mozilla's markus: counters and timings sent to the backends `markus.configure()` is given (a StatsD or Datadog
    // agent in production).
    label: 'markus (metrics pushed to a StatsD/Datadog agent)',
    deps: [['python', 'markus']],
    imports: ['markus', /^markus\./],
    usage: /\bmarkus\.configure\s*\(/,
    usageRequired: true,
  },
  {
    label: 'OpenTelemetry Prometheus exporter',
    deps: [
      ['python', 'opentelemetry-exporter-prometheus'],
      ['node', '@opentelemetry/exporter-prometheus'],
    ],
    imports: [
      'opentelemetry.exporter.prometheus',
      /^opentelemetry\.exporter\.prometheus/,
      '@opentelemetry/exporter-prometheus',
      'go.opentelemetry.io/otel/exporters/prometheus',
    ],
  },
  {
    label: 'OpenTelemetry metrics',
    deps: [['node', '@opentelemetry/sdk-metrics']],
    imports: [
      /^opentelemetry\.sdk\.metrics/,
      '@opentelemetry/sdk-metrics',
      /^go\.opentelemetry\.io\/otel\/sdk\/metric/,
      /^go\.opentelemetry\.io\/otel\/exporters\/otlp\/otlpmetric/,
    ],
    usage: /MeterProvider|PeriodicExportingMetricReader|metricReader|sdkmetric\.New/,
  },
  { label: '@hono/prometheus', deps: [['node', '@hono/prometheus']], imports: ['@hono/prometheus'] },
  {
    label: 'elysia-prometheus',
    deps: [
      ['node', 'elysia-prometheus'],
      ['node', 'elysia-prom'],
    ],
    imports: ['elysia-prometheus', 'elysia-prom'],
  },
  { label: 'express-prom-bundle', deps: [['node', 'express-prom-bundle']], imports: ['express-prom-bundle'] },
  {
    // express-prometheus-middleware and its maintained fork (`@isaacs/…`): prom-client's default metrics and request
    // histograms, served at `metricsPath` (on a separate `metricsApp` when one is given).
    label: 'express-prometheus-middleware',
    deps: [
      ['node', 'express-prometheus-middleware'],
      ['node', '@isaacs/express-prometheus-middleware'],
    ],
    imports: ['express-prometheus-middleware', '@isaacs/express-prometheus-middleware'],
  },
  { label: 'fastify-metrics', deps: [['node', 'fastify-metrics']], imports: ['fastify-metrics'] },
  {
    label: '@willsoto/nestjs-prometheus',
    deps: [['node', '@willsoto/nestjs-prometheus']],
    imports: ['@willsoto/nestjs-prometheus'],
    usage: /PrometheusModule/,
  },
  {
    label: 'koa-prometheus',
    deps: [
      ['node', 'koa-prometheus-adv'],
      ['node', 'koa-prometheus'],
    ],
    imports: ['koa-prometheus-adv', 'koa-prometheus'],
  },
  {
    label: 'hapi-prom',
    deps: [
      ['node', 'hapi-prom'],
      ['node', 'hapi-prometheus'],
    ],
    imports: ['hapi-prom', 'hapi-prometheus'],
  },
  {
    label: 'prom-client',
    deps: [['node', 'prom-client']],
    imports: ['prom-client'],
    usage: /collectDefaultMetrics|register\.metrics\(|\.metrics\(\)|["'`]\/metrics/,
  },
  {
    // A Benthos (Redpanda Connect) stream service run through its CLI exports Prometheus metrics on /metrics by default.
    label: 'Benthos metrics',
    deps: [
      ['go', 'github.com/redpanda-data/benthos/v4'],
      ['go', 'github.com/benthosdev/benthos/v4'],
    ],
    imports: ['github.com/redpanda-data/benthos/v4/public/service', 'github.com/benthosdev/benthos/v4/public/service'],
    usage: BENTHOS_RUN_CLI,
    usageRequired: true,
  },
  {
    // The manager of a Kubernetes operator serves its registry (controller metrics and what the operator registers
    // with `metrics.Registry`) on /metrics, set up through `ctrl.Options{Metrics: server.Options{BindAddress: …}}`;
    // the address "0" switches the server off.
    label: 'controller-runtime metrics server',
    deps: [['go', 'sigs.k8s.io/controller-runtime']],
    imports: ['sigs.k8s.io/controller-runtime/pkg/metrics'],
    usage: /\bBindAddress\s*:\s*(?=\S)(?!"0")|\bmetrics\.Registry\b/,
    usageRequired: true,
  },
  {
    label: 'Prometheus Go client',
    deps: [['go', 'github.com/prometheus/client_golang']],
    imports: ['github.com/prometheus/client_golang'],
    usage: /promhttp\.Handler|promhttp\.HandlerFor|WrapH\(promhttp/,
  },
  {
    label: 'VictoriaMetrics metrics',
    deps: [['go', 'github.com/VictoriaMetrics/metrics']],
    imports: ['github.com/VictoriaMetrics/metrics'],
    usage: /WritePrometheus/,
  },
  { label: 'fiber monitor/prometheus', imports: [/^github\.com\/ansrivas\/fiberprometheus/] },
  {
    // The Prometheus Java client's own exporter: an HTTP server of its own serving /metrics (1.x and simpleclient).
    label: 'Prometheus Java client HTTPServer',
    deps: [
      ['jvm', 'prometheus-metrics-exporter-httpserver'],
      ['jvm', 'simpleclient_httpserver'],
    ],
    // simpleclient's HTTPServer sits in io.prometheus.client.exporter; its `.common` package is the text format alone.
    imports: [
      /^io\.prometheus\.metrics\.exporter\.httpserver\b/,
      /^io\.prometheus\.client\.exporter\.(?:HTTPServer\b|\*)/,
    ],
    usage: /\bHTTPServer\.builder\s*\(|\bnew\s+HTTPServer\s*\(/,
  },
  {
    // Scala: otel4s' Prometheus exporter served as http4s routes, and Kamon's Prometheus reporter (its own endpoint).
    label: 'otel4s Prometheus exporter',
    deps: [['jvm', 'otel4s-sdk-exporter-prometheus']],
    imports: [/^org\.typelevel\.otel4s\.sdk\.exporter\.prometheus\b/],
    usage: /\bPrometheusHttpRoutes\.routes\b/,
  },
  {
    label: 'Kamon Prometheus reporter',
    deps: [['jvm', 'kamon-prometheus']],
    imports: [/^kamon\.prometheus\b/],
  },
  {
    label: 'metrics-exporter-prometheus',
    deps: [['rust', 'metrics-exporter-prometheus']],
    imports: ['metrics_exporter_prometheus'],
    usage: /\bPrometheusBuilder::new\s*\(\s*\)[\s\S]{0,200}?\.(?:install|install_recorder|with_http_listener)\s*\(/,
  },
  {
    label: 'axum-prometheus',
    deps: [['rust', 'axum-prometheus']],
    imports: ['axum_prometheus'],
  },
  {
    label: 'actix-web-prom',
    deps: [['rust', 'actix-web-prom']],
    imports: ['actix_web_prom'],
  },
];

/** Ruby: metrics gems Bundler requires at boot; their configuration (or a shared config gem) shows they are set up. */
const RUBY_GEMS = [
  'yabeda-prometheus',
  'yabeda-rails',
  'prometheus-client',
  'prometheus_exporter',
  'statsd-instrument',
];

const FIX = [
  'Expose request rate, latency and error counts on a /metrics endpoint the platform scrapes (or push them with an OpenTelemetry metrics exporter).',
  'Rails: yabeda-rails with yabeda-prometheus (or prometheus_exporter) serving /metrics.',
  'Python/FastAPI: `Instrumentator().instrument(app).expose(app)`.',
  'Node: prom-client `collectDefaultMetrics()` plus a /metrics route.',
  'Go: `promhttp.Handler()`.',
  'Spring Boot: add micrometer-registry-prometheus and include `prometheus` in management.endpoints.web.exposure.include.',
  'Rust: metrics + metrics-exporter-prometheus (PrometheusBuilder::new().install_recorder()) served on a /metrics route, or axum-prometheus / actix-web-prom middleware.',
  '.NET: builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddAspNetCoreInstrumentation().AddPrometheusExporter()) and app.MapPrometheusScrapingEndpoint() (or an OTLP exporter), or prometheus-net app.MapMetrics().',
  'Laravel: spatie/laravel-prometheus (or promphp/prometheus_client_php with a /metrics route) and request metrics from a middleware.',
  'Phoenix: add PromEx with its Phoenix, Ecto and BEAM plugins and `plug PromEx.Plug` in the endpoint (or TelemetryMetricsPrometheus in the supervision tree).',
];

/**
 * A metrics exposition route: /metrics (or /x/metrics, or /metrics/prometheus naming the format it serves) with no
 * path parameter before it; NAV's nais apps serve /prometheus at the root or under /internal (a page of settings may
 * be named /settings/prometheus).
 */
// Path parameters in any notation: `{id}`, `:id`, `<id>`, file-routed `[id]` / `[...slug]`.
const METRICS_PATH =
  /^[^{}:<>[\]]*\/metrics(?:\/prometheus)?\/?$|^(?:\/(?:internal|actuator|management))?\/prometheus\/?$/;
/**
 * A product's reports under a business prefix (`/api/stats/metrics`, `/analytics/metrics`, `/links/metrics`): the
 * analytics the product shows its users, not a scrape target; so are the figures of a task queue shown on an admin
 * page (`/api/v4/admin/queue/metrics`), and the signed-in user's own figures (`/api/1/me/metrics/`).
 */
const REPORT_PREFIX =
  /\/(?:stats|statistics|analytics|reports?|reporting|insights|dashboards?|charts?|tracking|events|links?|websites?|sites?|projects?|campaigns?|users?|teams?|workspaces?|orgs?|organi[sz]ations?|accounts?|queues?|jobs?|tasks?|me|my)\//i;

export default defineRule({
  meta: {
    id: 'api.metrics',
    category: 'api',
    title: 'The service exposes metrics for scraping',
    severity: 'medium',
    level: 2,
    scope: 'component',
    requires: ['service'],
    docs: {
      why: 'Without request rates, latencies and error counts you learn about saturation and regressions from users. A /metrics endpoint (or an OTel metrics exporter) feeds dashboards and alerts.',
      how: 'Looks for a metrics library imported by code the service reaches from its entrypoints (prometheus_client, prometheus-fastapi-instrumentator, django-prometheus, prom-client, promhttp, OTel metrics exporters, metrics-exporter-prometheus / axum-prometheus / actix-web-prom a handler answering in the Prometheus exposition format or a StatsD recorder/client (metrics-exporter-dogstatsd, metrics-exporter-statsd, cadence) pushing to an agent in Rust, OpenTelemetry .NET WithMetrics with a Prometheus or OTLP exporter, prometheus-net and a configured StatsD client (DogStatsD, JustEat.StatsD) in .NET), a Kubernetes operator\'s controller-runtime metrics server (unless its address is "0"), a Benthos (Redpanda Connect) service run through `service.RunCLI` (Prometheus by default), Micrometer\'s Prometheus registry with the actuator endpoint exposed (low confidence when the properties come from a Spring Cloud Config server, often another repository), Spring Boot Actuator alone with /actuator/metrics exposed (JSON, low confidence), or yabeda/prometheus_exporter in Rails (statsd-instrument set up with StatsD::Instrument pushes to a StatsD agent), or a Java APM agent the service starts with (`-javaagent:` Application Insights, OpenTelemetry, Datadog, New Relic, Elastic APM, or the Application Insights configuration a Java image copies for the agent its base image attaches; low confidence: the metrics are the agent\'s default). A library only declared is "declared but not used"; a metrics module nothing imports is "defined but never wired".',
      fix: FIX,
      fixFor: {
        kubernetes: [
          ...FIX,
          'Kubernetes: let Prometheus find the endpoint with a ServiceMonitor/PodMonitor (Prometheus Operator) or `prometheus.io/scrape` annotations on the pod template.',
        ],
        serverless: [
          'Functions cannot be scraped: push request rate, latency and errors instead, with an OpenTelemetry metrics exporter (OTLP), CloudWatch Embedded Metric Format (Lambda Powertools Metrics) or Workers Analytics Engine.',
        ],
      },
      effort: 'S',
      links: ['https://prometheus.io/docs/instrumenting/clientlibs/'],
    },
    messages: {
      used: 'Metrics are exported with {{library}}.',
      exposedLow: '{{library}} is used, but no exposition (/metrics route or exporter) was found.',
      neverWired: 'Metrics are defined in {{file}} but never wired: no entrypoint imports that module.',
      declaredNotUsed: '{{library}} is declared but not used by any production source file.',
      micrometerNotExposed:
        'micrometer-registry-prometheus is declared, but the actuator prometheus endpoint is not exposed over HTTP (management.endpoints.web.exposure.include).',
      remoteConfig:
        '{{library}} is declared; whether its endpoint is exposed is set by a Spring Cloud Config server outside this repository.',
      actuatorJson:
        'Spring Boot Actuator exposes Micrometer metrics as JSON at /actuator/metrics; no registry serves a format a scraper reads (micrometer-registry-prometheus).',
      missing: 'No metrics library or /metrics endpoint in the service.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: [
      'metrics endpoint',
      '/metrics',
      'prometheus metrics',
      'prometheus',
      'metrics collection',
      'expose metrics',
      'health/metrics endpoints',
    ],
  },
  check(ctx) {
    const { used, unwired, unused } = firstLibrary(ctx, LIBS);
    if (used) {
      if (!used.spec.usage || used.usage)
        return ctx.pass(used.evidence, { messageId: 'used', data: { library: used.spec.label } });
    }
    // A /metrics route the service registers itself.
    // A scrape target sits at a fixed path: `/servers/{id}/metrics` is a page about something's metrics.
    // A resource the product serves (`GET /api/v1/metrics` beside `GET /api/v1/metrics/{metric}` and `POST
    // /api/v1/metrics`: a status page's metrics) is data, not a scrape target.
    const reached = reachedRoutes(ctx.facts);
    const resource = (p: string): boolean => {
      const base = p.replace(/\/$/, '');
      return reached.some(
        (r) =>
          (r.fullPath.startsWith(base + '/') && /^[{:<[]/.test(r.fullPath.slice(base.length + 1))) ||
          (r.fullPath.replace(/\/$/, '') === base && /^(?:POST|PUT|PATCH|DELETE)$/.test(r.method)),
      );
    };
    // A handler that renders a template (`render(request, "community/metrics.html")`) serves a page about metrics.
    const route = reached.find(
      (r) => METRICS_PATH.test(r.fullPath) && !REPORT_PREFIX.test(r.fullPath) && !resource(r.fullPath) && !r.page,
    );
    if (route)
      return ctx.pass(
        [ctx.at(route.file, route.line, `${describeRoute(route)} metrics route`), ...(used?.evidence ?? [])],
        { messageId: 'used', data: { library: used?.spec.label ?? `a ${route.fullPath} route` } },
      );
    const metrics = ctx.facts.metrics;
    const at = (e: { path: string; line: number; note: string }) => ctx.at(e.path, e.line, e.note);
    const dotnet = metrics.dotnet;
    if (dotnet)
      return ctx.pass(
        [at(dotnet.site), ...(dotnet.exporter && dotnet.exporter !== dotnet.site ? [at(dotnet.exporter)] : [])],
        dotnet.exporter
          ? {
              messageId: 'used',
              ...(dotnet.confidence ? { confidence: dotnet.confidence } : {}),
              data: { library: dotnet.label ?? 'OpenTelemetry .NET metrics / prometheus-net' },
            }
          : { messageId: 'exposedLow', confidence: 'low', data: { library: 'OpenTelemetry .NET metrics' } },
      );
    if (used)
      return ctx.pass(used.evidence, {
        messageId: 'exposedLow',
        data: { library: used.spec.label },
        confidence: 'low',
      });

    // Quarkus and Micronaut extensions serve the Prometheus registry themselves (/q/metrics, /prometheus).
    const jvmExt =
      ctx.facts.deps.declared(['jvm', 'quarkus-micrometer-registry-prometheus']) ??
      ctx.facts.deps.declared(['jvm', 'quarkus-smallrye-metrics']) ??
      ctx.facts.deps.declared(['jvm', 'quarkus-micrometer-opentelemetry']) ??
      ctx.facts.deps.declared(['jvm', 'quarkus-micrometer-registry-otlp']) ??
      ctx.facts.deps.declared(['jvm', 'micronaut-micrometer-registry-prometheus']);
    if (jvmExt)
      return ctx.pass(
        [
          ctx.at(
            jvmExt.manifest,
            jvmExt.line,
            /opentelemetry|otlp/.test(jvmExt.name)
              ? `${jvmExt.name}: the framework pushes its metrics over OTLP (framework default)`
              : `${jvmExt.name}: the framework serves ${/^quarkus/.test(jvmExt.name) ? '/q/metrics' : '/prometheus'} (framework default)`,
          ),
        ],
        { messageId: 'used', data: { library: jvmExt.name } },
      );
    // Spring Boot: Micrometer registries are auto-configured from the classpath; exposure is configuration.
    // A push registry (OTLP, Datadog, Cloud Monitoring's stackdriver, CloudWatch, New Relic, Influx, Elastic …) sends
    // the same meters to its backend; switched off in the properties (`management.stackdriver.metrics.export.enabled:
    // false`, often left for a profile or the platform to turn on; Spring Boot 2's `management.metrics.export.newrelic.
    // enabled: false`) it is a low pass.
    const micrometer =
      ctx.facts.deps.declared(['jvm', 'micrometer-registry-prometheus']) ??
      ctx.facts.deps.declared(['jvm', MICROMETER_PUSH_REGISTRY]);
    if (micrometer) {
      const push = MICROMETER_PUSH_REGISTRY.exec(micrometer.name)?.[1];
      if (push) {
        const key = push === 'cloudwatch2' ? 'cloudwatch' : push === 'new-relic' ? 'newrelic' : push;
        const props = springProperties(ctx.facts);
        const off =
          props.get(`management.${key}.metrics.export.enabled`) ??
          props.get(`management.metrics.export.${key.replace('-', '')}.enabled`);
        const disabled = off && /^false$/i.test(off.value.trim());
        return ctx.pass(
          [
            ctx.at(
              micrometer.manifest,
              micrometer.line,
              `${micrometer.name}: metrics pushed by the auto-configured registry`,
            ),
            ...(disabled ? [ctx.at(off.file, off.line, 'the export is switched off in the base properties')] : []),
          ],
          {
            messageId: 'used',
            data: { library: micrometer.name },
            ...(disabled ? { confidence: 'low' as const } : {}),
          },
        );
      }
      const include = springProperties(ctx.facts).get('management.endpoints.web.exposure.include');
      if (include && /\bprometheus\b|\*/.test(include.value) && springActuator(ctx.facts)) {
        return ctx.pass(
          [
            ctx.at(micrometer.manifest, micrometer.line, 'Micrometer Prometheus registry'),
            ctx.at(include.file, include.line, '/actuator/prometheus exposed'),
          ],
          { messageId: 'used', data: { library: 'Micrometer Prometheus registry' } },
        );
      }
      // Spring Cloud Config: the service's properties come from a config server (often another repository).
      const props = springProperties(ctx.facts);
      const remote = [props.get('spring.config.import'), props.get('spring.cloud.config.uri')].find(
        (p) => p && /configserver:|^https?:/.test(p.value),
      );
      if (!include && remote)
        return ctx.pass(
          [
            ctx.at(micrometer.manifest, micrometer.line, 'Micrometer Prometheus registry'),
            ctx.at(remote.file, remote.line, 'properties are served by a Spring Cloud Config server'),
          ],
          { messageId: 'remoteConfig', confidence: 'low', data: { library: micrometer.name } },
        );
      return ctx.gap('micrometerNotExposed', [
        ctx.at(micrometer.manifest, micrometer.line, 'registry declared'),
        include
          ? ctx.at(include.file, include.line, 'exposure.include does not list prometheus')
          : ctx.missing(['management.endpoints.web.exposure.include'], 'only health is exposed over HTTP by default'),
      ]);
    }
    // Spring Boot Actuator alone: Micrometer's core registry, readable as JSON at /actuator/metrics when exposed.
    const actuator = springActuator(ctx.facts);
    const exposed = springProperties(ctx.facts).get('management.endpoints.web.exposure.include');
    if (actuator && exposed && /\bmetrics\b|\*/.test(exposed.value))
      return ctx.pass(
        [
          ctx.at(actuator.manifest, actuator.line, `${actuator.note} (Micrometer core registry)`),
          ctx.at(exposed.file, exposed.line, '/actuator/metrics exposed'),
        ],
        { messageId: 'actuatorJson', confidence: 'low' },
      );
    // Ruby: Bundler requires every gem; configuration shows it is set up.
    const shared = metrics.rubyConfig?.gem;
    for (const gem of shared ? [...RUBY_GEMS, shared] : RUBY_GEMS) {
      const d = ctx.facts.deps.declared(['ruby', gem]);
      if (!d) continue;
      const cfg = metrics.rubyConfig;
      if (cfg)
        return ctx.pass([ctx.at(d.manifest, d.line, gem), at(cfg)], {
          messageId: 'used',
          data: { library: gem },
        });
      return ctx.gap('declaredNotUsed', [ctx.at(d.manifest, d.line, `${gem} is declared, but nothing configures it`)], {
        data: { library: gem },
      });
    }
    // PHP (promphp client, spatie/laravel-prometheus, the Symfony bundle) and Elixir (PromEx, TelemetryMetricsPrometheus).
    const beamOrPhp = metrics.exporter;
    if (beamOrPhp) {
      const label = beamOrPhp.label;
      return ctx.pass([at(beamOrPhp.site)], {
        messageId: 'used',
        data: { library: label },
        ...(beamOrPhp.confidence ? { confidence: beamOrPhp.confidence } : {}),
      });
    }
    if (unwired) return ctx.gap('neverWired', unwired.evidence, { data: { file: unwired.file ?? '?' } });
    const unreachedRoute = ctx.facts.service.routes.find((r) => !r.reached && !r.page && METRICS_PATH.test(r.fullPath));
    if (unreachedRoute)
      return ctx.gap(
        'neverWired',
        [
          ctx.at(
            unreachedRoute.file,
            unreachedRoute.line,
            `${describeRoute(unreachedRoute)} is registered in a module no entrypoint reaches`,
          ),
        ],
        { data: { file: unreachedRoute.file } },
      );
    if (unused) return ctx.gap('declaredNotUsed', unused.evidence, { data: { library: unused.spec.label } });
    return ctx.gap('missing', [
      ctx.missing(
        [
          'prometheus_client',
          'prometheus-fastapi-instrumentator',
          'django-prometheus',
          'prom-client',
          'promhttp',
          'micrometer-registry-prometheus',
          'OpenTelemetry metrics',
          'yabeda',
          '/metrics route',
        ],
        'no metrics exporter in the service',
      ),
    ]);
  },
});

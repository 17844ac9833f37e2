import { defineRule, type Evidence } from '../../src/sdk/index.js';
import { hitEvidence } from '../_lib/signal-evidence.js';

const LOGGING_FIX = [
  "Python: configure structlog with structlog.processors.JSONRenderer() (or python-json-logger's JsonFormatter in logging.dictConfig).",
  'Node: use pino (JSON by default), or winston with format.combine(format.timestamp(), format.json()); keep pino-pretty for local development only.',
  'Go: slog.New(slog.NewJSONHandler(os.Stdout, nil)) or zap.NewProduction().',
  'Spring Boot: logging.structured.format.console=ecs (Boot 3.4+) or the logstash-logback-encoder in logback-spring.xml.',
  'Rails: lograge with config.lograge.formatter = Lograge::Formatters::Json.new.',
  'Rust: tracing_subscriber::fmt().json().with_env_filter(EnvFilter::from_default_env()).init() (tracing-subscriber with the "json" feature).',
  '.NET: Serilog with .WriteTo.Console(new CompactJsonFormatter()) (or builder.Logging.AddJsonConsole()); keep the text console for Development only.',
  "Laravel: give the stderr/daily channel 'formatter' => Monolog\\Formatter\\JsonFormatter::class in config/logging.php (LOG_CHANNEL=stderr in containers).",
  'Symfony: set formatter: monolog.formatter.json on the production handler in config/packages/monolog.yaml.',
  'Elixir: add logger_json and configure `config :logger, :default_handler, formatter: LoggerJSON.Formatters.Basic.new(metadata: [:request_id])`.',
];

export default defineRule({
  meta: {
    id: 'obs.logging',
    category: 'observability',
    title: 'Logs are structured (JSON) and configured as such',
    severity: 'high',
    level: 2,
    scope: 'component',
    requires: ['not-library', 'server-side'],
    docs: {
      why: 'Structured logs can be searched, filtered and aggregated by field (request id, user, status) in any log platform; free text has to be parsed with fragile regexes, and incidents take longer to diagnose.',
      how: "Looks in production code and logging configuration for a structured logger configured to emit JSON: structlog JSONRenderer, python-json-logger / ecs-logging formatters, loguru serialize=True, pino (also Fastify's built-in logger), winston format.json(), bunyan, zap production config, zerolog, slog.NewJSONHandler, logrus JSONFormatter, logstash/ECS logback encoders, log4j2 JsonTemplateLayout, Spring Boot logging.structured.format, lograge JSON formatters, semantic_logger, tracing-subscriber fmt().json() / tracing-bunyan-formatter (Rust), Serilog JSON formatters (code or appsettings), NLog JsonLayout, AddJsonConsole / Logging:Console:FormatterName=json (.NET), Monolog JsonFormatter in Laravel's config/logging.php or monolog.formatter.json on monolog-bundle handlers (config/packages/ or, in the Symfony 2/3 layout, app/config/config_prod.yml), LoggerJSON (Elixir; the Logflare backend passes with low confidence). The configuring module must be reached from the service entrypoint. A library configured for free text (structlog ConsoleRenderer, winston simple/printf) is a gap; so is a logger declared but never used. Text output that keeps each record's level and fields as key=value pairs (slog's TextHandler and default handler, logrus's text formatter, zap's console encoder or an encoder chosen by a setting, zerolog ConsoleWriter, lograge key=value) passes with low confidence. Libraries are n/a: they should not configure log output; so are front ends built into files browsers run.",
      fix: LOGGING_FIX,
      fixFor: {
        kubernetes: [
          "Write one JSON object per line to stdout: the cluster's log agent (Fluent Bit, Vector, the cloud provider's agent) ships it and keeps the fields.",
          ...LOGGING_FIX,
        ],
        serverless: [
          "Write one JSON object per line to stdout with the invocation's request id: Lambda sends it to CloudWatch Logs (set the function's LoggingConfig LogFormat to JSON), Vercel and Netlify keep it in their function logs and log drains.",
          ...LOGGING_FIX,
        ],
        paas: [
          'Write one JSON object per line to stdout: the platform collects it (Heroku, Render, Railway and Fly log drains; Cloud Run sends it to Cloud Logging, which reads JSON lines as structured entries).',
          ...LOGGING_FIX,
        ],
        compose: [
          'Write one JSON object per line to stdout and give each service a logging driver with rotation (`logging: driver: json-file` with `max-size`), or ship the lines with a collector.',
          ...LOGGING_FIX,
        ],
        'container-service': [
          'Write one JSON object per line to stdout: the ECS task definition sends it with the awslogs or FireLens log driver; Nomad keeps task logs for a log shipper to read.',
          ...LOGGING_FIX,
        ],
        vm: [
          'Write one JSON object per line to stdout under systemd (journald keeps it; a shipper such as Vector or Fluent Bit forwards it), or to a rotated file a shipper tails.',
          ...LOGGING_FIX,
        ],
      },
      effort: 'S',
      links: [
        'https://www.structlog.org/en/stable/logging-best-practices.html',
        'https://getpino.io/',
        'https://pkg.go.dev/log/slog',
      ],
    },
    messages: {
      json: 'Structured JSON logging: {{what}}.',
      low: 'Structured logging, but not JSON in production: {{what}}.',
      plain: '{{what}} is configured for plain-text output, not structured logs.',
      neverWired: 'Structured logging is defined in {{file}} but never wired: no entrypoint imports it.',
      declaredNotUsed: '{{lib}} is declared but not used ({{manifest}}): no production code configures it.',
      none: 'No structured logger is configured ({{what}}).',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['structured logging', 'json logging', 'json logs', 'structured logs', 'production logging', 'log format'],
  },
  check(ctx) {
    const logging = ctx.facts.logging;
    const { json: jsonHits, low: lowHits, plain: plainHits } = logging;
    const wiredJson = jsonHits.filter((h) => h.wired);
    const pretty = logging.prettyUnconditional;
    if (
      wiredJson.length &&
      !(pretty && wiredJson.every((h) => h.signal.name === 'pino' || h.signal.name.startsWith('fastify')))
    ) {
      const names = [...new Set(wiredJson.map((h) => h.signal.name))];
      // A set-up that turns JSON on only with a switch the deployment sets (a shared gem's railtie) is low.
      const confidence = wiredJson.every((h) => h.signal.confidence === 'low') ? 'low' : 'high';
      return ctx.pass(
        wiredJson.slice(0, 4).map((h) => hitEvidence(ctx, h)),
        { messageId: 'json', confidence, data: { what: names.join(', ') } },
      );
    }
    if (pretty) {
      return ctx.gap(
        'plain',
        [ctx.at(pretty.path, pretty.line, 'pino-pretty is used unconditionally: production logs are coloured text')],
        { data: { what: 'pino with pino-pretty' } },
      );
    }
    if (lowHits.length) {
      return ctx.pass(
        lowHits.slice(0, 3).map((h) => hitEvidence(ctx, h)),
        {
          messageId: 'low',
          confidence: 'low',
          data: { what: [...new Set(lowHits.map((h) => h.signal.note))].join('; ') },
        },
      );
    }
    if (jsonHits.length) {
      const h = jsonHits[0]!;
      return ctx.gap(
        'neverWired',
        [hitEvidence(ctx, h, `${h.signal.note}, but no entrypoint imports ${h.match.path}`)],
        { data: { file: h.match.path } },
      );
    }
    if (plainHits.length) {
      const h = plainHits[0]!;
      return ctx.gap(
        'plain',
        plainHits.slice(0, 3).map((x) => hitEvidence(ctx, x)),
        { data: { what: h.signal.name } },
      );
    }
    const declared = logging.declared();
    if (declared) {
      const d = declared.dep;
      return ctx.gap(
        'declaredNotUsed',
        [
          ctx.at(d.manifest, d.line, `${d.name} declared`),
          ctx.missing(declared.usedBy, `no production code configures ${d.name}`),
        ],
        {
          data: { lib: d.name, manifest: d.manifest },
        },
      );
    }
    const plain = logging.plainOutput();
    const searched = logging.searched;
    const ev: Evidence[] = plain.slice(0, 3).map((h) => hitEvidence(ctx, h));
    ev.push(ctx.missing(searched, 'no structured logger configured in production code'));
    return ctx.gap('none', ev, {
      data: {
        what: plain.length
          ? `production code logs with ${[...new Set(plain.map((h) => h.signal.name))].join(', ')}`
          : 'no logging set-up found in production code',
      },
    });
  },
});

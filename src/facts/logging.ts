import type { RepoIndex } from '../repo/index.js';
import type { Dependency } from './manifests.js';
import { BENTHOS_RUN_CLI, BENTHOS_SERVICE, type FrameworkName, lc39Launch, symfonyConfigGlobs } from './frameworks.js';
import type { Facts } from './index.js';
import { CS, EX, findSignals, GO, JS, JVM, PHP, PY, RB, RS, type Signal, type SignalHit } from './signals.js';
import { BUNDLER_CONFIG, DROPWIZARD_LOGGING_CONFIG } from './config.js';
import { browserCode } from './live-code.js';
import { isShippedScript } from './languages.js';
import { inDevelopmentBranch } from './routes-dotnet.js';

/** A Dropwizard logging appender writing JSON: a logstash appender type, or a `json` layout (dropwizard-json-logging). */
const DROPWIZARD_JSON_APPENDER =
  /^\s*(?:-\s*)?type\s*:\s*["']?(?:logstash-(?:console|tcp|udp|file|socket)|json)["']?\s*$/;

type Eco = 'python' | 'node' | 'go' | 'jvm' | 'ruby' | 'php' | 'elixir' | 'rust' | 'dotnet';

/**
 * One logging library: how it is seen in use, and which configuration makes its output structured (JSON)
 * or plain text. `json` passes; `low` passes with low confidence (console/dev encoders, logfmt); `plain` is a gap.
 */
interface Family {
  name: string;
  deps: [Eco, string | RegExp][];
  used: Signal[];
  json: Signal[];
  low?: Signal[];
  plain?: Signal[];
  /** JSON by default, unless a wired `low` set-up (a console writer) replaces the default output. */
  jsonDefault?: Signal[];
  /** Structured by default: in use is enough (pino, bunyan, zerolog). */
  jsonByDefault?: boolean;
  /** What the output is when used without a JSON configuration. */
  defaultNote?: string;
  /** The logger comes with this framework and is looked for only where it serves. */
  framework?: FrameworkName;
  /** The logger comes with something else that runs the service (a launcher) and is looked for only where it does. */
  applies?: (facts: Facts) => boolean;
  /**
   * The dependency is a whole framework (Kratos' module), used for its transport or config alone as often as for its
   * logger: never reported "declared but not used".
   */
  frameworkDep?: true;
}

const LOG_CONFIG = ['**/*.{ini,conf,cfg,yaml,yml,json,toml}', '**/logging*.{py}'];

/** A file that builds or configures a Fastify server (its options may sit in an object beside the call). */
const FASTIFY_FILE = /\b[Ff]astify\w*\b|["']fastify["']/;

/** logstasher switched on in a Rails environment: the setting that makes it log, and log JSON. */
const LOGSTASHER_ENABLED = /\bconfig\.logstasher\.enabled\s*=\s*true\b/;

/** Convey.Logging's host-builder call in a file that imports the package: the used and the plain (text) entry alike. */
const CONVEY_USE_LOGGING = {
  re: /\.UseLogging\s*\(/,
  languages: CS,
  fileRequires: /^\s*using\s+Convey\.Logging\s*;/m,
};
const FAMILIES: Family[] = [
  {
    name: 'structlog',
    deps: [
      ['python', 'structlog'],
      ['python', 'django-structlog'],
    ],
    used: [
      {
        name: 'structlog',
        re: /^\s*(?:import structlog|from structlog\b|from django_structlog\b)/,
        languages: PY,
        note: 'structlog imported',
      },
    ],
    json: [
      {
        name: 'structlog JSONRenderer',
        re: /\bJSONRenderer\s*\(/,
        languages: PY,
        // Django REST framework has a JSONRenderer too (it renders responses, not log lines).
        fileRequires: /\bstructlog\b/,
        note: 'structlog renders events as JSON (JSONRenderer)',
      },
    ],
    low: [
      {
        name: 'structlog KeyValueRenderer/LogfmtRenderer',
        re: /\b(?:KeyValueRenderer|LogfmtRenderer)\s*\(/,
        languages: PY,
        note: 'structlog renders key=value pairs (logfmt), not JSON',
      },
    ],
    plain: [
      {
        name: 'structlog ConsoleRenderer',
        re: /\bConsoleRenderer\s*\(/,
        languages: PY,
        note: 'structlog ConsoleRenderer: coloured text for humans, not JSON',
      },
      {
        name: 'structlog ConsoleRenderer',
        re: /^\s*(?:import structlog|from structlog\b)/,
        languages: PY,
        note: 'structlog without a JSONRenderer uses its default ConsoleRenderer: text, not JSON',
      },
    ],
  },
  {
    name: 'python-json-logger',
    deps: [['python', 'python-json-logger']],
    used: [
      { name: 'python-json-logger', re: /pythonjsonlogger/, languages: PY, note: 'python-json-logger' },
      {
        name: 'python-json-logger',
        re: /pythonjsonlogger/,
        include: LOG_CONFIG,
        note: 'python-json-logger in logging configuration',
      },
    ],
    json: [
      {
        name: 'python-json-logger JsonFormatter',
        re: /pythonjsonlogger(?:\.json(?:logger)?)?\.JsonFormatter|from pythonjsonlogger(?:\.json(?:logger)?)? import JsonFormatter|jsonlogger\.JsonFormatter\s*\(/,
        languages: PY,
        note: 'JSON formatter (python-json-logger) in the logging configuration',
      },
      {
        name: 'python-json-logger JsonFormatter',
        re: /pythonjsonlogger[\w.]*\.JsonFormatter/,
        include: LOG_CONFIG,
        note: 'JSON formatter (python-json-logger) in the logging configuration',
      },
    ],
  },
  {
    // Mozilla's dockerflow: the Mozlog JSON schema (`dockerflow.logging.JsonLogFormatter`, MozlogFormatter).
    name: 'dockerflow',
    deps: [['python', 'dockerflow']],
    used: [
      {
        name: 'dockerflow logging',
        re: /\bdockerflow\.logging\b|\bfrom\s+dockerflow\s+import\s+logging\b/,
        languages: PY,
        note: 'dockerflow logging',
      },
    ],
    json: [
      {
        name: 'dockerflow JsonLogFormatter',
        re: /^\s*["']?(?:class|\(\))["']?\s*[:=]\s*["']?[\w.]*(?:JsonLogFormatter|MozlogFormatter)\b/m,
        include: LOG_CONFIG,
        note: 'Mozlog JSON formatter (dockerflow) in the logging configuration',
      },
      {
        name: 'dockerflow JsonLogFormatter',
        re: /["'](?:class|\(\))["']\s*:\s*["'][\w.]*(?:JsonLogFormatter|MozlogFormatter)["']/,
        languages: PY,
        note: 'Mozlog JSON formatter (dockerflow) in the logging configuration',
      },
      {
        // The project's own subclass of it, handed to dictConfig as a factory (`"()": GCPCompatibleJSONFormatter`).
        name: 'dockerflow JsonLogFormatter',
        re: /["']\(\)["']\s*:\s*\w*(?:Json|JSON|Mozlog)\w*Formatter\b/,
        languages: PY,
        fileRequires: /^\s*class\s+\w+\s*\(\s*[\w.]*(?:JsonLogFormatter|MozlogFormatter)\s*\)/m,
        note: 'Mozlog JSON formatter (dockerflow) in the logging configuration',
      },
    ],
    low: [
      {
        name: 'dockerflow MozlogFormatter',
        re: /\b(?:dockerflow\.logging|dockerflow_logging)\.(?:JsonLogFormatter|MozlogFormatter)\b/,
        languages: PY,
        note: 'a Mozlog JSON formatter (dockerflow) is set up; the logging configuration in the repository does not select it',
      },
    ],
  },
  {
    // The UK Department for Business and Trade's Django formatter: JSON records in Microsoft's ASIM schema.
    name: 'django-log-formatter-asim',
    deps: [['python', 'django-log-formatter-asim']],
    used: [
      {
        name: 'django-log-formatter-asim',
        re: /\bdjango_log_formatter_asim\b/,
        languages: PY,
        note: 'django-log-formatter-asim',
      },
    ],
    json: [
      {
        name: 'ASIMFormatter',
        re: /["'](?:class|\(\))["']\s*:\s*["']?(?:django_log_formatter_asim\.)?ASIMFormatter\b/,
        languages: PY,
        note: 'ASIM JSON formatter (django-log-formatter-asim) in the logging configuration',
      },
    ],
  },
  {
    name: 'ecs-logging',
    deps: [['python', 'ecs-logging']],
    used: [{ name: 'ecs-logging', re: /\becs_logging\b/, languages: PY, note: 'ecs-logging' }],
    json: [
      {
        name: 'ecs_logging.StdlibFormatter',
        re: /\becs_logging\.(?:StdlibFormatter|StructlogFormatter)\b/,
        languages: PY,
        note: 'Elastic Common Schema JSON formatter',
      },
    ],
  },
  {
    name: 'json-log-formatter',
    deps: [['python', 'json-log-formatter']],
    used: [{ name: 'json_log_formatter', re: /\bjson_log_formatter\b/, languages: PY, note: 'json_log_formatter' }],
    json: [
      {
        name: 'json_log_formatter.JSONFormatter',
        re: /\bjson_log_formatter\.(?:JSONFormatter|VerboseJSONFormatter)\b/,
        languages: PY,
        note: 'JSON log formatter',
      },
    ],
  },
  {
    name: 'loguru',
    deps: [['python', 'loguru']],
    used: [
      { name: 'loguru', re: /^\s*from loguru import\b|^\s*import loguru\b/, languages: PY, note: 'loguru imported' },
    ],
    json: [
      {
        name: 'loguru serialize=True',
        re: /\.add\s*\([^)]*\bserialize\s*=\s*True/,
        languages: PY,
        note: 'loguru sink serialises records as JSON (serialize=True)',
      },
    ],
    plain: [
      {
        name: 'loguru',
        re: /^\s*from loguru import\b|^\s*import loguru\b/,
        languages: PY,
        note: 'loguru without serialize=True writes coloured text lines',
      },
    ],
  },
  {
    name: 'pino',
    deps: [
      ['node', 'pino'],
      ['node', 'pino-http'],
      ['node', 'nestjs-pino'],
      ['node', 'hono-pino'],
      ['node', 'express-pino-logger'],
      ['node', 'hapi-pino'],
      ['node', 'koa-pino-logger'],
    ],
    jsonByDefault: true,
    used: [
      {
        name: 'pino',
        re: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["'](?:pino|pino-http|nestjs-pino|hono-pino|express-pino-logger|hapi-pino|koa-pino-logger)["']/,
        languages: JS,
        note: 'pino (JSON lines by default)',
      },
    ],
    json: [
      {
        name: 'pino',
        re: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["'](?:pino|pino-http|nestjs-pino|hono-pino|express-pino-logger|hapi-pino|koa-pino-logger)["']/,
        languages: JS,
        note: 'pino logger: writes JSON lines by default',
      },
    ],
  },
  {
    // Probot hands every app its pino logger (`app.log`, `context.log`): leveled, with fields, but written as pretty text
    // unless LOG_FORMAT=json is set where the app runs (low).
    name: 'Probot logger (pino)',
    deps: [['node', 'probot']],
    framework: 'probot',
    used: [],
    json: [],
    low: [
      {
        name: 'Probot logger',
        re: /\b(?:app|robot|context)\.log\.(?:trace|debug|info|warn|error|fatal|child)\s*\(/,
        languages: JS,
        note: 'Probot logger (pino): JSON lines once LOG_FORMAT=json is set, pretty text by default',
      },
    ],
  },
  {
    // lc39 builds the Fastify server with its pino logger (JSON lines to stdout, a request log per call): the service
    // logs through the instance and the request it is handed.
    name: 'lc39 logger (pino)',
    deps: [['node', '@mia-platform/lc39']],
    applies: (f) => lc39Launch(f.frameworks) !== undefined,
    jsonByDefault: true,
    used: [],
    json: [
      {
        name: 'lc39 logger',
        re: /\b(?:fastify|request|req|this)\.log\.(?:trace|debug|info|warn|error|fatal|child)\s*\(/,
        languages: JS,
        note: "lc39's Fastify logger (pino): JSON lines by default",
      },
    ],
  },
  {
    // Crowlog's default transport writes one JSON object per line to stdout (level, message, namespace, data).
    name: 'crowlog',
    deps: [['node', '@crowlog/logger']],
    jsonByDefault: true,
    used: [
      {
        name: 'crowlog',
        re: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["']@crowlog\/logger["']/,
        languages: JS,
        note: 'crowlog (JSON lines by default)',
      },
    ],
    json: [
      {
        name: 'crowlog',
        re: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["']@crowlog\/logger["']/,
        languages: JS,
        note: 'crowlog logger: its default stdout transport writes JSON lines',
      },
    ],
  },
  {
    // Axiom's loggers (next-axiom, @axiomhq/logging) send each call as a structured event (level, message, fields) to
    // Axiom's ingest API: structured by construction.
    name: 'Axiom logger',
    deps: [
      ['node', 'next-axiom'],
      ['node', '@axiomhq/logging'],
      ['node', '@axiomhq/nextjs'],
    ],
    jsonByDefault: true,
    used: [
      {
        name: 'Axiom logger',
        re: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["'](?:next-axiom|@axiomhq\/logging|@axiomhq\/nextjs)["']/,
        languages: JS,
        note: 'Axiom logger (structured events sent to Axiom)',
      },
    ],
    json: [
      {
        name: 'Axiom logger',
        re: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["'](?:next-axiom|@axiomhq\/logging|@axiomhq\/nextjs)["']/,
        languages: JS,
        note: 'Axiom logger: each call is a structured event with its fields',
      },
    ],
  },
  {
    // AdonisJS's logger is pino: config/logger.ts (`defineConfig` from @adonisjs/core/logger; v5 config/app.ts
    // `logger: {…}` of @ioc:Adonis/Core/Logger) sets its level and targets; pino-pretty is for development only.
    name: 'AdonisJS logger (pino)',
    deps: [],
    jsonByDefault: true,
    used: [
      {
        name: 'AdonisJS logger',
        re: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["'](?:@adonisjs\/core\/(?:logger|services\/logger)|@ioc:Adonis\/Core\/Logger)["']/,
        languages: JS,
        note: 'AdonisJS logger (pino: JSON lines by default)',
      },
    ],
    json: [
      {
        name: 'AdonisJS logger (pino)',
        re: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["'](?:@adonisjs\/core\/(?:logger|services\/logger)|@ioc:Adonis\/Core\/Logger)["']/,
        languages: JS,
        note: 'AdonisJS logger (pino): JSON lines by default',
      },
    ],
  },
  {
    name: 'fastify logger',
    deps: [],
    jsonByDefault: true,
    used: [
      {
        name: 'fastify logger',
        re: /\b(?:\w*Fastify|fastify)\s*\(\s*\{[^}]*\blogger\s*:\s*(?:true|\{|(?!false\b)\w)|^\s*logger\s*:\s*(?:true|\{|envToLogger)/,
        languages: JS,
        note: 'Fastify logger enabled',
        // A `logger: {…}` option of another library (better-auth, Sequelize, Socket.IO) is not Fastify's.
        fileRequires: FASTIFY_FILE,
      },
    ],
    json: [
      {
        name: 'fastify logger (pino)',
        re: /\b(?:\w*Fastify|fastify)\s*\(\s*\{[^}]*\blogger\s*:\s*(?:true|\{|(?!false\b)\w)|^\s*logger\s*:\s*(?:true|\{|envToLogger)/,
        languages: JS,
        note: 'Fastify built-in logger (pino): JSON lines by default',
        fileRequires: FASTIFY_FILE,
      },
    ],
  },
  {
    name: 'winston',
    deps: [
      ['node', 'winston'],
      ['node', 'nest-winston'],
      ['node', 'express-winston'],
    ],
    used: [
      {
        name: 'winston',
        re: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["'](?:winston|nest-winston|express-winston)["']/,
        languages: JS,
        note: 'winston imported',
      },
    ],
    json: [
      {
        name: 'winston format.json()',
        re: /\bformat\.(?:json|logstash)\s*\(|(?<![.\w])json\s*\(\s*\)\s*[,)]|\becsFormat\s*\(/,
        languages: JS,
        note: 'winston with a JSON format (format.json())',
        fileRequires:
          /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["'](?:winston|nest-winston|express-winston)["']/,
      },
    ],
    plain: [
      {
        name: 'winston',
        re: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["'](?:winston|nest-winston|express-winston)["']/,
        languages: JS,
        note: 'winston without format.json(): simple/printf formats write plain text',
      },
    ],
  },
  {
    name: 'LogTape',
    deps: [['node', '@logtape/logtape']],
    used: [
      {
        name: 'LogTape',
        re: /(?:\bfrom\s*|\bimport\s*\(?\s*)["'](?:jsr:|npm:)?@logtape\/logtape(?:@[^"']*)?["']/,
        languages: JS,
        note: 'LogTape imported',
      },
    ],
    json: [
      {
        // A sink given the JSON Lines formatter, or log records shipped as OpenTelemetry log records.
        name: 'LogTape JSON Lines / OpenTelemetry sink',
        re: /\bformatter\s*:\s*(?:jsonLinesFormatter\b|getJsonLinesFormatter\s*\()|\bgetOpenTelemetrySink\s*\(/,
        languages: JS,
        note: 'LogTape sink writing JSON lines (or OpenTelemetry log records)',
      },
    ],
    plain: [
      {
        name: 'LogTape',
        re: /\bconfigure(?:Sync)?\s*\(\s*\{/,
        languages: JS,
        note: 'LogTape configured with its default text formatter',
        fileRequires: /["'](?:jsr:|npm:)?@logtape\/logtape(?:@[^"']*)?["']/,
      },
    ],
  },
  {
    name: 'AWS Lambda Powertools Logger',
    deps: [['node', '@aws-lambda-powertools/logger']],
    jsonByDefault: true,
    used: [
      {
        name: 'Powertools Logger',
        re: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["']@aws-lambda-powertools\/logger["']/,
        languages: JS,
        note: 'Powertools Logger',
      },
    ],
    json: [
      {
        name: 'Powertools Logger',
        re: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["']@aws-lambda-powertools\/logger["']/,
        languages: JS,
        note: 'AWS Lambda Powertools Logger: JSON lines by default',
      },
    ],
  },
  {
    name: 'JSON lines on the console',
    deps: [],
    used: [],
    json: [
      {
        name: 'console JSON lines',
        re: /\bconsole\.(?:log|info|warn|error)\s*\(\s*JSON\.stringify\s*\(\s*\{/,
        languages: JS,
        note: 'log records written as JSON lines (console.log(JSON.stringify({...}))), which Workers Logs, CloudWatch and Vercel parse',
      },
    ],
  },
  {
    name: 'bunyan',
    deps: [['node', 'bunyan']],
    jsonByDefault: true,
    used: [
      {
        name: 'bunyan',
        re: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["']bunyan["']/,
        languages: JS,
        note: 'bunyan',
      },
    ],
    json: [
      {
        name: 'bunyan',
        re: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["']bunyan["']/,
        languages: JS,
        note: 'bunyan logger: JSON records by default',
      },
    ],
  },
  {
    name: 'zap',
    deps: [['go', 'go.uber.org/zap']],
    used: [{ name: 'zap', re: /"go\.uber\.org\/zap"/, languages: GO, note: 'zap imported' }],
    json: [
      {
        name: 'zap production logger',
        re: /\bzap\.NewProduction(?:Config)?\s*\(|\bzapcore\.NewJSONEncoder\s*\(|Encoding\s*:\s*"json"/,
        languages: GO,
        note: 'zap production logger: JSON encoder',
      },
    ],
    low: [
      {
        name: 'zap development logger',
        re: /\bzap\.NewDevelopment(?:Config)?\s*\(|\bzapcore\.NewConsoleEncoder\s*\(/,
        languages: GO,
        note: 'zap development logger: console encoder, structured fields but not JSON',
      },
      {
        // A zap.Config written out with the console encoding, JSON usually one setting away.
        name: 'zap console encoding',
        re: /\bEncoding\s*:\s*"console"/,
        languages: GO,
        note: 'zap configured with the console encoding: structured fields, not JSON',
      },
      {
        // Every zap encoder writes the level and the fields apart; the encoder is often chosen by a setting.
        name: 'zap',
        re: /"go\.uber\.org\/zap"/,
        languages: GO,
        note: 'zap imported with no JSON encoder in code: levelled fields, encoding not shown',
      },
    ],
  },
  {
    // controller-runtime's zap package (operators: `ctrl.SetLogger(zap.New(zap.UseFlagOptions(&opts)))`) builds zap
    // with the JSON encoder unless development mode is on (kubebuilder's scaffold sets `Development: true`).
    name: 'controller-runtime zap',
    deps: [['go', 'sigs.k8s.io/controller-runtime']],
    used: [
      {
        name: 'controller-runtime zap',
        re: /"sigs\.k8s\.io\/controller-runtime\/pkg\/log\/zap"/,
        languages: GO,
        note: "controller-runtime's zap logger",
      },
    ],
    json: [],
    jsonDefault: [
      {
        name: 'controller-runtime zap',
        re: /\bzap\.New\s*\(/,
        languages: GO,
        fileRequires: /"sigs\.k8s\.io\/controller-runtime\/pkg\/log\/zap"/,
        note: "controller-runtime's zap logger: JSON encoder unless development mode is set",
      },
    ],
    low: [
      {
        name: 'controller-runtime zap development mode',
        re: /\bDevelopment\s*:\s*true\b|\bzap\.UseDevMode\s*\(\s*true\s*\)/,
        languages: GO,
        fileRequires: /"sigs\.k8s\.io\/controller-runtime\/pkg\/log\/zap"/,
        note: "controller-runtime's zap logger in development mode: console encoder, structured fields but not JSON",
      },
    ],
  },
  {
    name: 'zerolog',
    deps: [['go', 'github.com/rs/zerolog']],
    jsonByDefault: true,
    used: [{ name: 'zerolog', re: /"github\.com\/rs\/zerolog(?:\/log)?"/, languages: GO, note: 'zerolog' }],
    json: [
      {
        name: 'zerolog',
        re: /\bzerolog\.New\s*\(\s*os\.Std(?:out|err)/,
        languages: GO,
        note: 'zerolog: JSON by default',
      },
    ],
    jsonDefault: [
      {
        name: 'zerolog',
        re: /"github\.com\/rs\/zerolog\/log"/,
        languages: GO,
        note: 'zerolog: JSON by default',
      },
    ],
    low: [
      {
        name: 'zerolog ConsoleWriter',
        re: /\bzerolog\.ConsoleWriter\b/,
        languages: GO,
        note: 'zerolog ConsoleWriter: human-readable output',
      },
    ],
  },
  {
    name: 'slog',
    deps: [],
    used: [{ name: 'log/slog', re: /"log\/slog"/, languages: GO, note: 'log/slog imported' }],
    json: [
      {
        name: 'slog JSON handler',
        re: /\bslog\.NewJSONHandler\s*\(/,
        languages: GO,
        note: 'slog with the JSON handler',
      },
    ],
    // One rule for the text output of structured loggers (docs/accuracy.md, round 2026-12-05c): a record that keeps its
    // level and the call's fields as key=value pairs is structured, JSON or not, and passes with low confidence —
    // slog's TextHandler and its default handler (`2024/01/02 15:04:05 INFO msg key=value` through the log package),
    // as logrus's text formatter, zap's console encoder and zerolog's ConsoleWriter. A handler writing to io.Discard
    // (a library's logger switched off) is no logging set-up and names nothing.
    low: [
      {
        name: 'slog text handler',
        re: /\bslog\.NewTextHandler\s*\(\s*(?!io\.Discard\b)/,
        languages: GO,
        note: 'slog with the text handler: levelled key=value fields, not JSON',
      },
      {
        name: 'slog default handler',
        re: /"log\/slog"/,
        languages: GO,
        // The file logs with slog (a package-level call or a logger's method with key/value pairs); an import only
        // to hand a library a discarding logger is no logging.
        fileRequires:
          /\bslog\.(?:Info|Warn|Error|Debug|Log|LogAttrs)(?:Context)?\s*\(|\bslog\.SetDefault\s*\(|\*slog\.Logger\b/,
        note: 'slog with its default handler: levelled key=value fields through the log package, not JSON',
      },
    ],
  },
  {
    name: 'logrus',
    deps: [['go', 'github.com/sirupsen/logrus']],
    used: [{ name: 'logrus', re: /"github\.com\/sirupsen\/logrus"/, languages: GO, note: 'logrus imported' }],
    json: [
      {
        name: 'logrus JSONFormatter',
        re: /\blogrus\.JSONFormatter\b|&log\.JSONFormatter\b/,
        languages: GO,
        note: 'logrus with the JSON formatter',
      },
    ],
    // The text formatter writes `time=… level=info msg=… key=value` (logfmt) when not on a terminal: parseable
    // fields, not JSON.
    low: [
      {
        name: 'logrus text formatter',
        re: /"github\.com\/sirupsen\/logrus"/,
        languages: GO,
        note: 'logrus with its text formatter: key=value fields (logfmt), not JSON',
      },
    ],
  },
  // Kratos' log package: `log.With(log.NewStdLogger(os.Stdout), "ts", log.DefaultTimestamp, …)` (or its
  // `log.DefaultLogger`, a std logger on stderr) writes each record as `INFO ts=… caller=… msg=…`: levelled key=value
  // fields, not JSON (its zap or logrus adapters are read above). The package may be imported under a name of the
  // file's own (`klog "github.com/go-kratos/kratos/v2/log"`).
  {
    name: 'Kratos log',
    deps: [['go', 'github.com/go-kratos/kratos/v2']],
    frameworkDep: true,
    used: [
      {
        name: 'Kratos log',
        re: /"github\.com\/go-kratos\/kratos\/v2\/log"/,
        languages: GO,
        note: "Kratos' log package",
      },
    ],
    json: [],
    low: [
      {
        name: 'Kratos std logger',
        re: /\b\w+\.(?:NewStdLogger\s*\(|DefaultLogger\b)/,
        languages: GO,
        fileRequires: /"github\.com\/go-kratos\/kratos\/v2\/log"/,
        note: "Kratos' std logger: levelled key=value fields, not JSON",
      },
    ],
  },
  // Other Go loggers that write levelled key/value records: JSON when configured so, logfmt or text otherwise.
  {
    name: 'go-kit log',
    deps: [['go', 'github.com/go-kit/log']],
    used: [{ name: 'go-kit log', re: /"github\.com\/go-kit\/(?:kit\/)?log"/, languages: GO, note: 'go-kit log' }],
    json: [
      {
        name: 'go-kit JSON logger',
        re: /\blog\.NewJSONLogger\s*\(/,
        languages: GO,
        fileRequires: /"github\.com\/go-kit\/(?:kit\/)?log"/,
        note: 'go-kit JSON logger',
      },
    ],
    low: [
      {
        name: 'go-kit logfmt logger',
        re: /\blog\.NewLogfmtLogger\s*\(/,
        languages: GO,
        fileRequires: /"github\.com\/go-kit\/(?:kit\/)?log"/,
        note: 'go-kit logfmt logger: levelled key=value fields, not JSON',
      },
    ],
  },
  {
    name: 'hclog',
    deps: [['go', 'github.com/hashicorp/go-hclog']],
    used: [{ name: 'hclog', re: /"github\.com\/hashicorp\/go-hclog"/, languages: GO, note: 'hclog' }],
    json: [
      {
        name: 'hclog JSON format',
        re: /\bJSONFormat\s*:\s*true\b/,
        languages: GO,
        fileRequires: /"github\.com\/hashicorp\/go-hclog"/,
        note: 'hclog with JSONFormat',
      },
    ],
    low: [
      {
        name: 'hclog',
        re: /\bhclog\.(?:New|Default|L)\s*\(/,
        languages: GO,
        note: 'hclog: levelled key=value fields, JSON only when JSONFormat is set',
      },
    ],
  },
  {
    // A Benthos (Redpanda Connect) service run through its CLI logs through its own logger: logfmt unless the config's
    // `logger.format` says json.
    name: 'Benthos logger',
    deps: [
      ['go', 'github.com/redpanda-data/benthos/v4'],
      ['go', 'github.com/benthosdev/benthos/v4'],
    ],
    used: [{ name: 'Benthos service', re: BENTHOS_RUN_CLI, languages: GO, note: 'a Benthos service' }],
    json: [],
    low: [
      {
        name: 'Benthos logger',
        re: BENTHOS_RUN_CLI,
        languages: GO,
        fileRequires: BENTHOS_SERVICE,
        note: "Benthos's logger: levelled logfmt lines by default, JSON by its logger.format setting",
      },
    ],
  },
  {
    // Sourcegraph's logger (on zap): the encoding (JSON, logfmt, console) is chosen by SRC_LOG_FORMAT at start-up.
    name: 'sourcegraph/log',
    deps: [['go', 'github.com/sourcegraph/log']],
    used: [{ name: 'sourcegraph/log', re: /"github\.com\/sourcegraph\/log"/, languages: GO, note: 'sourcegraph/log' }],
    json: [],
    low: [
      {
        name: 'sourcegraph/log',
        // Often imported under an alias (`sglog "github.com/sourcegraph/log"`).
        re: /\b\w*log\.(?:Init|Scoped)\s*\(/,
        languages: GO,
        fileRequires: /"github\.com\/sourcegraph\/log"/,
        note: 'sourcegraph/log: levelled fields on zap, encoding chosen by SRC_LOG_FORMAT',
      },
    ],
  },
  {
    name: 'charmbracelet/log',
    deps: [['go', 'github.com/charmbracelet/log']],
    used: [
      { name: 'charmbracelet/log', re: /"github\.com\/charmbracelet\/log"/, languages: GO, note: 'charmbracelet/log' },
    ],
    json: [
      {
        name: 'charmbracelet/log JSON formatter',
        re: /\blog\.JSONFormatter\b/,
        languages: GO,
        fileRequires: /"github\.com\/charmbracelet\/log"/,
        note: 'charmbracelet/log with the JSON formatter',
      },
    ],
    low: [
      {
        name: 'charmbracelet/log',
        re: /"github\.com\/charmbracelet\/log"/,
        languages: GO,
        note: 'charmbracelet/log: levelled key=value fields (text formatter)',
      },
    ],
  },
  {
    // apex/log writes levelled entries with their fields (`log.WithField("server", id).Info(…)`) through the handler
    // set with `log.SetHandler`: JSON with its json handler, text, logfmt or the colourised cli handler otherwise.
    name: 'apex/log',
    deps: [['go', 'github.com/apex/log']],
    used: [{ name: 'apex/log', re: /"github\.com\/apex\/log"/, languages: GO, note: 'apex/log' }],
    json: [
      {
        name: 'apex/log JSON handler',
        re: /"github\.com\/apex\/log\/handlers\/json"/,
        languages: GO,
        note: 'apex/log with its JSON handler',
      },
    ],
    low: [
      {
        name: 'apex/log',
        re: /"github\.com\/apex\/log"/,
        languages: GO,
        note: 'apex/log: levelled entries with fields (text or cli handler), not JSON',
      },
    ],
  },
  {
    // klog, the Kubernetes logger: levelled lines behind a header of severity, time and source (`I1207 10:00:00.1 1
    // server.go:42] …`), key=value pairs with InfoS/ErrorS; JSON only when component-base's json format is registered
    // and the operator chooses it (`--logging-format=json`), text by default.
    name: 'klog',
    deps: [['go', 'k8s.io/klog/v2']],
    used: [{ name: 'klog', re: /"k8s\.io\/klog(?:\/v2)?"/, languages: GO, note: 'klog' }],
    json: [],
    low: [
      {
        name: 'klog JSON format (component-base)',
        re: /"k8s\.io\/component-base\/logs\/json\/register"/,
        languages: GO,
        note: 'klog with the JSON format of component-base registered: JSON when started with --logging-format=json, text by default',
      },
      {
        name: 'klog',
        re: /"k8s\.io\/klog(?:\/v2)?"/,
        languages: GO,
        // The file logs with klog: one that only hands klog another logger (`klog.SetLogger(…)`) logs through that.
        fileRequires: /\bklog\.(?:V|Info\w*|Warning\w*|Error\w*|Fatal\w*|Exit\w*)\s*\(/,
        note: 'klog: levelled lines with a severity, time and source header (key=value pairs only in InfoS/ErrorS), not JSON',
      },
    ],
  },
  {
    // A logger written in the repository whose events marshal to JSON (`Level … \`json:"level"\``, json.Marshal).
    name: 'hand-written JSON log events',
    deps: [],
    used: [],
    json: [
      {
        name: 'hand-written JSON log events',
        re: /\bjson:"(?:level|severity)[",]/,
        languages: GO,
        // In a logging package of its own, with a message field, marshalled to JSON.
        fileRequires: /^package\s+\w*log\w*\s*$(?=[\s\S]*\bjson:"(?:msg|message)[",])(?=[\s\S]*\bjson\.Marshal\()/m,
        note: 'log events with level and message fields marshalled to JSON',
      },
    ],
    low: [
      {
        // A log writer of the project's own that encodes each record (a map with its level and message) as JSON,
        // often behind a setting (`if cfg.Log.Structured { json.NewEncoder(out).Encode(props) }`).
        name: 'hand-written JSON log records',
        re: /\bjson\.NewEncoder\((?:[^()\n]|\([^()\n]*\))*\)\.Encode\(\s*\w+\s*\)/,
        languages: GO,
        fileRequires: /^(?=[\s\S]*\[\s*"[Ll]evel"\s*\]\s*=)(?=[\s\S]*\[\s*"(?:[Mm]essage|msg)"\s*\]\s*=)/,
        note: 'log records with level and message encoded as JSON by a writer of its own (may be behind a setting)',
      },
      {
        // A logging package of its own whose output format is a setting (`case "json": SetJSON(true)` beside
        // `case "", "logfmt":`): key=value records by default, JSON one setting away.
        name: 'own logger with a JSON format setting',
        re: /\bcase\s+"json"\s*:/,
        languages: GO,
        fileRequires: /^package\s+\w*log\w*\s*$(?=[\s\S]*\bcase\b[^\n:]*"logfmt")/m,
        note: 'a logger of its own: logfmt key=value records, JSON when the format setting says so',
      },
    ],
  },
  {
    name: 'logstash-logback-encoder',
    deps: [
      ['jvm', 'net.logstash.logback:logstash-logback-encoder'],
      ['jvm', /co\.elastic\.logging:logback-ecs-encoder/],
    ],
    used: [
      {
        name: 'logback JSON encoder',
        re: /net\.logstash\.logback\.|co\.elastic\.logging\.logback/,
        include: '**/*.xml',
        note: 'logback configuration',
      },
    ],
    json: [
      {
        name: 'logback JSON encoder',
        re: /net\.logstash\.logback\.(?:encoder|layout)\.\w+|co\.elastic\.logging\.logback\.EcsEncoder/,
        include: '**/logback*.xml',
        note: 'logback writes JSON (logstash/ECS encoder)',
      },
    ],
    // A logback encoder of the project's own that builds the logstash encoder in code (logback.xml names the custom
    // class): JSON, though the code may choose it at start-up (an environment switch).
    low: [
      {
        name: 'logstash encoder built in code',
        re: /\b(?:new\s+)?(?:LogstashEncoder|LogstashLayout)\s*\(\s*\)/,
        languages: JVM,
        fileRequires: /\bnet\.logstash\.logback\./,
        note: 'a custom logback encoder builds the logstash JSON encoder in code (it may be chosen at start-up)',
      },
    ],
  },
  {
    name: 'log4j2 JSON layout',
    deps: [['jvm', 'org.apache.logging.log4j:log4j-layout-template-json']],
    used: [
      {
        name: 'log4j2 JSON layout',
        re: /<JsonTemplateLayout\b|<JsonLayout\b|<EcsLayout\b/,
        include: '**/log4j2*.xml',
        note: 'log4j2 JSON layout',
      },
    ],
    json: [
      {
        name: 'log4j2 JSON layout',
        re: /<JsonTemplateLayout\b|<JsonLayout\b|<EcsLayout\b/,
        include: '**/log4j2*.xml',
        note: 'log4j2 writes JSON (JsonTemplateLayout)',
      },
    ],
  },
  {
    // Dropwizard configures logback from the `logging:` block of the YAML it is started with: an appender of a JSON
    // type (`logstash-console`/`-tcp`/`-file`, from the logstash appender factories) or a console appender whose
    // `layout.type` is `json` (dropwizard-json-logging) writes one JSON object per event.
    name: 'Dropwizard JSON logging',
    deps: [],
    used: [
      {
        name: 'Dropwizard logging configuration',
        re: /^logging\s*:\s*$/,
        include: '**/*.{yml,yaml}',
        fileRequires: DROPWIZARD_LOGGING_CONFIG,
        note: 'Dropwizard logging configuration',
      },
    ],
    json: [
      {
        name: 'Dropwizard JSON logging',
        re: DROPWIZARD_JSON_APPENDER,
        include: '**/*.{yml,yaml}',
        fileRequires: DROPWIZARD_LOGGING_CONFIG,
        note: 'the Dropwizard configuration logs JSON (a logstash appender or a json layout)',
      },
    ],
  },
  {
    name: 'Spring Boot structured logging',
    deps: [],
    used: [
      {
        name: 'Spring Boot structured logging',
        re: /logging\.structured\.format\.(?:console|file)\s*[=:]\s*(?:ecs|logstash|gelf)\b|^\s*(?:console|file)\s*:\s*["']?(?:ecs|logstash|gelf)\b/,
        include: '**/application*.{yml,yaml,properties}',
        note: 'Spring Boot structured logging',
      },
    ],
    json: [
      {
        name: 'Spring Boot structured logging',
        re: /logging\.structured\.format\.(?:console|file)\s*[=:]\s*(?:ecs|logstash|gelf)\b|^\s*(?:console|file)\s*:\s*["']?(?:ecs|logstash|gelf)\b/,
        include: '**/application*.{yml,yaml,properties}',
        note: 'Spring Boot 3.4+ structured logging (logging.structured.format): JSON',
      },
    ],
  },
  {
    // govuk_app_config (the GOV.UK applications' shared gem): Bundler.require loads its railtie, which sets up the
    // production logger itself (JSON request logs through GovukJsonLogging when the deployment sets
    // GOVUK_RAILS_JSON_LOGGING; older versions' GovukLogging in production). The switch lives in the deployment: low.
    name: 'govuk_app_config',
    deps: [['ruby', 'govuk_app_config']],
    used: [],
    json: [
      {
        name: 'govuk_app_config JSON logging',
        re: /^\s*gem\s+["']govuk_app_config["']/m,
        include: '**/Gemfile',
        note: 'govuk_app_config: its railtie configures the production logger (JSON request logs when the deployment sets GOVUK_RAILS_JSON_LOGGING)',
        confidence: 'low',
      },
    ],
  },
  {
    // notifications-utils (GOV.UK Notify's shared package, kept in its own repository and forked by GC Notify): its
    // `logging.init_app(app)` (`logging.flask.init_app` in later versions) installs the handlers and a python-json-logger
    // JSON formatter. The formatter is out of this repository: low. No dependency is named: the package is a toolbox,
    // declaring it sets up no logger.
    name: 'notifications-utils',
    deps: [],
    used: [],
    json: [
      {
        name: 'notifications-utils logging',
        re: /^\s*\w*logging\.init_app\s*\(/,
        languages: PY,
        // `from notifications_utils import logging`, `from notifications_utils.logging import flask as utils_logging`
        fileRequires: /^from\s+notifications_utils(?:\.logging)?\s+import\b/m,
        note: "notifications-utils' logging.init_app: the shared package installs a JSON formatter (python-json-logger)",
        confidence: 'low',
      },
    ],
  },
  {
    name: 'lograge',
    deps: [['ruby', 'lograge']],
    used: [
      {
        name: 'lograge',
        re: /\bconfig\.lograge\.enabled\s*=\s*true|\bLograge\b/,
        languages: RB,
        note: 'lograge enabled',
      },
    ],
    json: [
      {
        name: 'lograge JSON formatter',
        re: /\bLograge::Formatters::(?:Json|Logstash|Graylog2)\b/,
        languages: RB,
        note: 'lograge with a JSON formatter',
      },
    ],
    low: [
      {
        name: 'lograge key=value',
        re: /\bconfig\.lograge\.enabled\s*=\s*true/,
        languages: RB,
        note: 'lograge with its default key=value formatter: one structured line per request, not JSON',
      },
    ],
  },
  {
    // logstasher writes each request (and the Active Record, mailer and job events it subscribes to) as a Logstash JSON
    // event to its own logger once enabled; `suppress_app_log` leaves that log alone.
    name: 'logstasher',
    deps: [['ruby', 'logstasher']],
    used: [
      {
        name: 'logstasher',
        re: LOGSTASHER_ENABLED,
        languages: RB,
        note: 'logstasher enabled',
      },
    ],
    json: [
      {
        name: 'logstasher JSON events',
        re: LOGSTASHER_ENABLED,
        languages: RB,
        note: 'logstasher: request logs as Logstash JSON events',
      },
    ],
  },
  {
    name: 'semantic_logger',
    deps: [
      ['ruby', 'rails_semantic_logger'],
      ['ruby', 'semantic_logger'],
      ['ruby', 'ougai'],
    ],
    used: [
      {
        name: 'semantic_logger',
        re: /\bSemanticLogger\b|\brails_semantic_logger\b|\bOugai::Logger\b/,
        languages: RB,
        note: 'semantic_logger',
      },
    ],
    json: [
      {
        name: 'semantic_logger JSON',
        re: /\bformatter:\s*:json\b|\.format\s*=\s*:json\b|\bOugai::Logger\.new\b/,
        languages: RB,
        note: 'semantic_logger / ougai writing JSON',
        // `request.format = :json` in a controller is a response format, not the logger's.
        fileRequires: /\bSemanticLogger\b|\bsemantic_logger\b|\bOugai\b/,
      },
    ],
  },
  {
    // Cogger (a Ruby logger with tags and filters) and Hanami 2's dry-logger: JSON with `formatter: :json`.
    name: 'cogger / dry-logger',
    deps: [
      ['ruby', 'cogger'],
      ['ruby', 'dry-logger'],
    ],
    used: [
      {
        name: 'cogger / dry-logger',
        re: /\bCogger\.new\b|\bcogger\.new\b|\bDry\.Logger\s*\(|\bconfig\.logger\.\w+\s*=/,
        languages: RB,
        note: 'Cogger / dry-logger logger set up',
      },
    ],
    json: [
      {
        name: 'cogger / dry-logger JSON',
        re: /\bformatter:\s*:json\b|\bconfig\.logger\.(?:format|formatter)\s*=\s*:json\b/,
        languages: RB,
        fileRequires: /\b[Cc]ogger\b|\bDry\.Logger\b|\bconfig\.logger\./,
        note: 'logger writing JSON (Cogger / dry-logger formatter: :json)',
      },
    ],
  },
  {
    // Klogger (krystal): a logger of messages with key/value fields, written as JSON or in its default key=value form.
    name: 'klogger',
    deps: [['ruby', 'klogger-logger']],
    used: [{ name: 'klogger', re: /\bKlogger\.new\s*\(/, languages: RB, note: 'Klogger logger' }],
    json: [
      {
        name: 'klogger JSON',
        re: /\bKlogger\.new\s*\([^)]*\bformatter:\s*:json\b/,
        languages: RB,
        note: 'Klogger writing JSON',
      },
    ],
    low: [
      {
        name: 'klogger key=value',
        re: /\bKlogger\.new\s*\((?![^)]*\bformatter:\s*:json\b)/,
        languages: RB,
        note: 'Klogger with its default formatter: messages with key=value fields, not JSON',
      },
    ],
  },
  {
    name: 'Monolog',
    deps: [
      ['php', 'monolog/monolog'],
      ['php', 'symfony/monolog-bundle'],
    ],
    used: [
      { name: 'Monolog', re: /\bMonolog\\/, languages: PHP, note: 'Monolog configured' },
      // Laravel's log channels; a `'channels' =>` key elsewhere is anything's (Appwrite's realtime event channels).
      {
        name: 'Monolog',
        re: /['"]channels['"]\s*=>/,
        include: '**/config/logging.php',
        note: 'Monolog configured',
      },
      {
        name: 'monolog-bundle handlers',
        re: /^\s*handlers:\s*$/,
        include: symfonyConfigGlobs('monolog'),
        note: 'monolog-bundle handlers configured',
      },
    ],
    json: [
      {
        name: 'Monolog JsonFormatter',
        re: /\b(?:JsonFormatter|LogstashFormatter|GelfMessageFormatter|ElasticsearchFormatter|GoogleCloudLoggingFormatter)::class|['"]formatter['"]\s*=>\s*env\s*\(\s*['"]LOG_\w*FORMATTER['"]\s*,\s*[\w\\]*Json/,
        languages: PHP,
        note: 'Monolog with a JSON formatter (config/logging.php)',
      },
      {
        name: 'Monolog JSON formatter (Symfony)',
        re: /^\s*formatter:\s*['"]?monolog\.formatter\.(?:json|logstash)\b/,
        include: symfonyConfigGlobs('monolog'),
        note: 'monolog-bundle handler with the JSON formatter',
      },
    ],
    plain: [
      {
        name: "Laravel's Monolog channels (LineFormatter)",
        re: /['"]driver['"]\s*=>\s*['"](?:single|daily|stack|stderr|errorlog|syslog)['"]/,
        languages: PHP,
        fileRequires: /['"]channels['"]\s*=>/,
        note: "Laravel's log channels write Monolog LineFormatter text lines",
      },
      {
        name: 'monolog-bundle handlers (LineFormatter)',
        re: /^\s*type:\s*['"]?(?:stream|rotating_file|fingers_crossed|syslog|error_log|console)\b/,
        include: symfonyConfigGlobs('monolog'),
        note: 'monolog-bundle handlers write LineFormatter text lines (no JSON formatter)',
      },
    ],
  },
  {
    name: 'Elixir Logger',
    deps: [
      ['elixir', 'logger_json'],
      ['elixir', 'logstash_logger_formatter'],
      ['elixir', 'logflare_logger_backend'],
    ],
    used: [{ name: 'Logger', re: /^\s*config\s+:logger\b|\brequire\s+Logger\b/, languages: EX, note: 'Logger' }],
    json: [
      {
        name: 'LoggerJSON',
        re: /\bLoggerJSON(?:\.Formatters\.\w+)?\b|^\s*config\s+:logger_json\b|\bLogstashLoggerFormatter\b|\bLogfmtEx\b/,
        languages: EX,
        note: 'LoggerJSON formatter / backend',
      },
    ],
    low: [
      {
        name: 'Logflare logger backend',
        re: /^\s*config\s+:logflare_logger_backend\b|\bLogflareLogger\.HttpBackend\b/,
        languages: EX,
        note: 'logflare_logger_backend ships log events with their metadata as structured records (when it is the configured engine)',
      },
    ],
    plain: [
      {
        name: 'the default Logger console formatter',
        re: /^\s*config\s+:logger\s*,\s*:(?:console|default_formatter)\s*,|^\s*config\s+:logger\s*,\s*level:/,
        languages: EX,
        note: "Elixir's default Logger formatter writes text lines",
      },
    ],
  },
  {
    name: 'tracing-subscriber',
    deps: [
      ['rust', 'tracing-subscriber'],
      ['rust', 'tracing-bunyan-formatter'],
      ['rust', 'json-subscriber'],
    ],
    used: [
      {
        name: 'tracing-subscriber',
        re: /\btracing_subscriber::(?:registry|fmt)\s*\(|\btracing_subscriber::fmt::(?:init|layer)\s*\(/,
        languages: RS,
        note: 'tracing-subscriber installed',
      },
      { name: 'tracing-subscriber', re: /\btracing_subscriber::/, languages: RS, note: 'tracing-subscriber installed' },
    ],
    // `.json()` on a layer kept in a variable shows by what follows it: `flatten_event`, `with_current_span` and
    // `with_span_list` are methods of the JSON formatter only.
    json: [
      {
        name: 'tracing-subscriber JSON',
        // Juspay's log_utils (framework-libs-rs) builds the tracing layers; its console format is chosen by an enum.
        re: /\bConsoleLogFormat::(?:Compact|Pretty)Json\b|\bfmt(?:::layer|::format)?\s*\(\s*\)(?:\s*\.\s*\w+\s*\([^()]*\))*\s*\.\s*json\s*\(\s*\)|\bfmt::format::Json\b|\.event_format\s*\(\s*[\w:]*json\s*\(|\bBunyanFormattingLayer::new\s*\(|\bjson_subscriber::(?:fmt::)?(?:layer|fmt|init)\s*\(|\.json\s*\(\s*\)(?:\s*\.\s*\w+\s*\([^()]*\))*\s*\.\s*(?:finish|init|try_init|flatten_event|with_current_span|with_span_list)\s*\(/,
        languages: RS,
        note: 'tracing-subscriber formats events as JSON',
      },
      // tracing-loki's layer pushes each event to Loki as a JSON line of its fields, under the labels it is given; it
      // is often one sink of several chosen by a setting, and what the other sinks write is not weighed: low.
      {
        name: 'tracing-loki',
        re: /\btracing_loki::(?:layer|builder)\s*\(/,
        languages: RS,
        confidence: 'low',
        note: 'tracing-loki pushes each event to Loki as JSON with its fields and labels',
      },
    ],
    low: [
      {
        name: 'tracing-subscriber logfmt',
        re: /\btracing_logfmt::/,
        languages: RS,
        note: 'tracing-logfmt output: structured fields, not JSON',
      },
      // `.compact()` is also a storage engine's compaction (RocksDB, native_db): the formatter's only in a file setting up
      // tracing-subscriber.
      {
        name: 'tracing-subscriber compact',
        re: /\.compact\s*\(\s*\)/,
        languages: RS,
        fileRequires: /\btracing_subscriber::/,
        note: 'tracing-subscriber compact output: structured fields, not JSON',
      },
    ],
    plain: [
      {
        name: 'tracing-subscriber text',
        re: /\btracing_subscriber::(?:fmt\s*(?:::init)?\s*\(|fmt::layer\s*\(|fmt::Subscriber\b)/,
        languages: RS,
        note: "tracing-subscriber's default fmt output is text lines, not JSON",
      },
    ],
  },
  {
    // Rust's slog: a drain decides the output — slog-json, the MozLog JSON drain and slog-bunyan write JSON, slog-term
    // writes text lines.
    name: 'slog (Rust)',
    deps: [
      ['rust', 'slog'],
      ['rust', 'slog-json'],
      ['rust', 'slog-mozlog-json'],
    ],
    used: [
      { name: 'slog', re: /\bslog::(?:Logger::root|Drain|o!)|\bslog_scope::/, languages: RS, note: 'slog set up' },
    ],
    json: [
      {
        name: 'slog JSON drain',
        re: /\b(?:slog_json::Json|MozLogJson|slog_bunyan)::(?:new|default)\s*\(/,
        languages: RS,
        note: 'slog writes JSON through its JSON drain',
      },
    ],
    plain: [
      {
        name: 'slog-term',
        re: /\bslog_term::(?:TermDecorator|PlainDecorator|PlainSyncDecorator|FullFormat|CompactFormat)\b/,
        languages: RS,
        note: 'slog-term writes text lines',
      },
    ],
  },
  {
    name: 'env_logger',
    deps: [['rust', 'env_logger']],
    used: [{ name: 'env_logger', re: /\benv_logger::/, languages: RS, note: 'env_logger' }],
    json: [],
    plain: [
      {
        name: 'env_logger',
        re: /\benv_logger::(?:init|Builder|builder)\b/,
        languages: RS,
        note: 'env_logger writes text lines',
      },
    ],
  },
  {
    name: 'Serilog',
    deps: [['dotnet', /^Serilog(\.AspNetCore|\.Extensions\.Hosting)?$/]],
    used: [
      {
        name: 'Serilog',
        re: /\.UseSerilog\s*\(|\.AddSerilog\s*\(|\bnew\s+LoggerConfiguration\s*\(/,
        languages: CS,
        note: 'Serilog configured',
      },
    ],
    json: [
      {
        name: 'Serilog JSON formatter',
        // With `new` in C#, without it in F# (`.WriteTo.Console(JsonFormatter(renderMessage = true))`), qualified or not.
        re: /(?<![\w$])(?:(?:Rendered)?(?:Compact)?JsonFormatter|(?:Ecs|Elasticsearch)\w*Formatter)\s*\(|(?<![\w$])ExpressionTemplate\s*\(\s*"\{@?\s*\{/,
        languages: CS,
        note: 'Serilog writes JSON (JsonFormatter / CompactJsonFormatter)',
      },
      {
        name: 'Serilog JSON formatter',
        re: /"formatter"\s*:\s*"Serilog\.Formatting\.(?:Compact\.(?:Rendered)?CompactJsonFormatter|Json\.JsonFormatter)|"formatter"\s*:\s*"Elastic\.CommonSchema|"formatter"\s*:\s*\{\s*"type"\s*:\s*"Serilog\.Templates\.ExpressionTemplate/,
        include: '**/appsettings*.json',
        note: 'Serilog configured in appsettings to write JSON',
      },
      // Serilog.Sinks.OpenTelemetry ships every event with its properties as an OTLP log record (in code, or as a
      // "WriteTo" sink named OpenTelemetry in appsettings).
      {
        name: 'Serilog OpenTelemetry sink (OTLP)',
        re: /\.WriteTo\s*\.\s*OpenTelemetry\s*\(/,
        languages: CS,
        note: 'Serilog exports structured log records over OTLP (Serilog.Sinks.OpenTelemetry)',
      },
      // A sink that ships every event with its properties to a log server (Seq, Elasticsearch, Loki, Graylog, Splunk,
      // Datadog, Application Insights, New Relic) keeps the logs structured whatever the console writes.
      {
        name: 'Serilog structured log sink',
        re: /\.WriteTo\s*\.\s*(?:Seq|Elasticsearch|GrafanaLoki|LokiHttp|Graylog|EventCollector|DatadogLogs|ApplicationInsights|NewRelicLogs|AzureAnalytics)\s*\(/,
        languages: CS,
        note: 'Serilog ships structured events to a log server (Seq, Elasticsearch, Loki, Graylog, Splunk, Datadog …)',
      },
      {
        name: 'Serilog structured log sink',
        re: /"Name"\s*:\s*"(?:Seq|Elasticsearch|GrafanaLoki|LokiHttp|Graylog|EventCollector|DatadogLogs|ApplicationInsights|NewRelicLogs)"/,
        include: '**/appsettings*.json',
        note: 'Serilog configured in appsettings to ship structured events to a log server',
      },
      {
        name: 'Serilog OpenTelemetry sink (OTLP)',
        re: /"Name"\s*:\s*"OpenTelemetry"/,
        include: '**/appsettings*.json',
        note: 'Serilog configured in appsettings to export structured log records over OTLP',
      },
    ],
    plain: [
      {
        name: 'Serilog console (text)',
        re: /\.WriteTo\.Console\s*\(\s*(?:outputTemplate\b[^)]*)?\)|\.UseSerilog\s*\(/,
        languages: CS,
        note: 'Serilog writes text lines to the console (no JSON formatter)',
      },
    ],
  },
  {
    // Convey's logging package sets Serilog up from the `logger` section (`.UseLogging()` on the host builder): text lines
    // to the console and a file, and every event with its properties to Seq, Elasticsearch or Loki when that sink's
    // `enabled` is true.
    name: 'Convey.Logging (Serilog)',
    deps: [['dotnet', 'Convey.Logging']],
    used: [
      {
        name: 'Convey.Logging',
        ...CONVEY_USE_LOGGING,
        note: "Convey's Serilog set-up from the logger section",
      },
    ],
    json: [
      {
        name: 'Convey.Logging structured sink',
        re: /"(?:seq|elk|loki)"\s*:\s*\{[^{}]*"enabled"\s*:\s*true\b/i,
        include: '**/appsettings*.json',
        note: "Convey's Serilog ships structured events to Seq, Elasticsearch or Loki (enabled in the logger section)",
      },
    ],
    plain: [
      {
        name: 'Convey.Logging console (text)',
        ...CONVEY_USE_LOGGING,
        note: "Convey's Serilog writes text lines to the console and a file",
      },
    ],
  },
  {
    // Squidex.Log's ILoggingBuilder provider writes every event through its JSON writer (indented when `logging:human`
    // is set), to the console and to an optional file.
    name: 'Squidex.Log',
    deps: [['dotnet', 'Squidex.Log']],
    used: [],
    json: [
      {
        name: 'Squidex.Log semantic log',
        re: /\.ConfigureSemanticLog\s*\(/,
        languages: CS,
        note: 'Squidex.Log writes each event as a JSON object',
      },
    ],
  },
  {
    name: 'NLog JSON layout',
    deps: [['dotnet', /^NLog(\.Web\.AspNetCore|\.Extensions\.Logging)?$/]],
    used: [
      {
        name: 'NLog',
        // Also configured in code: `LogManager.Configuration = new LoggingConfiguration()`, `LogManager.Setup()`.
        re: /\.UseNLog\s*\(|\.AddNLog\w*\s*\(|\bnew\s+(?:NLog\.Config\.)?LoggingConfiguration\s*\(|\bLogManager\s*\.\s*Setup\s*\(\s*\)/,
        languages: CS,
        note: 'NLog configured',
      },
    ],
    json: [
      {
        name: 'NLog JsonLayout',
        re: /xsi:type\s*=\s*"JsonLayout"|<layout\s+type\s*=\s*"JsonLayout"|"type"\s*:\s*"JsonLayout"/,
        include: ['**/nlog*.config', '**/NLog*.config', '**/appsettings*.json'],
        note: 'NLog writes JSON (JsonLayout)',
      },
    ],
    // A JSON layout built in code (JsonLayout, the CLEF CompactJsonLayout or a subclass of either) is usually one
    // choice beside a text layout, picked by a setting: structured output is available, not certain.
    low: [
      {
        name: 'NLog JSON layout in code',
        re: /\bnew\s+(?:NLog\.Layouts\.)?(?:Compact)?JsonLayout\b|:\s*(?:NLog\.Layouts\.)?(?:Compact)?JsonLayout\b/,
        languages: CS,
        note: 'NLog can write JSON (a JsonLayout built in code)',
      },
    ],
    plain: [
      {
        name: 'NLog text targets',
        re: /\bnew\s+(?:NLog\.Targets\.)?(?:Colored)?ConsoleTarget\s*[({]|\bnew\s+(?:NLog\.Targets\.)?FileTarget\s*[({]/,
        languages: CS,
        note: 'NLog targets configured in code with text layouts',
      },
    ],
  },
  {
    name: 'Microsoft.Extensions.Logging console',
    deps: [],
    used: [],
    json: [
      {
        name: 'JSON console logger',
        re: /\.AddJsonConsole\s*\(|\bConsoleFormatterNames\.Json\b/,
        languages: CS,
        note: 'the .NET console logger writes JSON (AddJsonConsole)',
      },
      {
        name: 'OpenTelemetry logs (OTLP)',
        re: /\.Logging\s*\.\s*AddOpenTelemetry\s*\(|\.AddOpenTelemetry\s*\([^)]*\)\s*\.\s*WithLogging\s*\(|\.WithLogging\s*\(/,
        languages: CS,
        note: 'log records are exported as structured OpenTelemetry logs (OTLP)',
      },
      {
        // ILoggingBuilder's OpenTelemetry provider configured inside `services.AddLogging(b => …)` or
        // `ConfigureLogging((ctx, logging) => …)`: its options lambda sets the logger options (formatted message,
        // scopes, OTLP exporter) — services.AddOpenTelemetry() takes no such lambda.
        name: 'OpenTelemetry logs (OTLP)',
        re: /\.AddOpenTelemetry\s*\(\s*\(?\s*\w+\s*\)?\s*=>\s*\{?[^;]{0,200}?\b(?:IncludeFormattedMessage|IncludeScopes|ParseStateValues|AddOtlpExporter|SetResourceBuilder)\b/,
        languages: CS,
        note: 'log records are exported as structured OpenTelemetry logs (OTLP)',
      },
      {
        // The Azure Monitor OpenTelemetry distro exports ILogger records too, their template values as custom
        // dimensions of each trace in Application Insights.
        name: 'Azure Monitor OpenTelemetry logs',
        re: /\.UseAzureMonitor\s*\(|\.AddAzureMonitorLogExporter\s*\(/,
        languages: CS,
        note: 'log records are exported with their properties to Application Insights (Azure Monitor OpenTelemetry)',
      },
      {
        // Application Insights' logger provider added to the logging builder (`logging.AddApplicationInsights(…)`,
        // the WebJobs SDK's `AddApplicationInsightsWebJobs(…)`), or the provider the telemetry registration adds
        // configured by name (`AddFilter<ApplicationInsightsLoggerProvider>(…)`, its filter rule removed so every
        // level goes through), sends each ILogger record with its template values as custom dimensions.
        name: 'Application Insights logger',
        re: /\.AddApplicationInsights(?:WebJobs)?\s*\(|\bApplicationInsightsLoggerProvider\b/,
        languages: CS,
        note: 'log records are sent with their properties to Application Insights (its ILogger provider)',
      },
      {
        name: 'JSON console logger',
        re: /"FormatterName"\s*:\s*"json"/i,
        include: '**/appsettings*.json',
        note: 'the .NET console logger writes JSON (Logging:Console:FormatterName = json)',
      },
    ],
    plain: [
      {
        name: '.NET simple console logger',
        re: /\.AddSimpleConsole\s*\(|\.AddSystemdConsole\s*\(/,
        languages: CS,
        note: 'the .NET console logger writes text lines',
      },
    ],
  },
  {
    name: 'custom JSON formatter',
    deps: [],
    used: [],
    json: [],
    low: [
      {
        name: 'custom logging.Formatter',
        re: /^\s*class\s+\w+\s*\(\s*(?:logging\.)?Formatter\s*\)\s*:[\s\S]{0,6000}?\bjson\.dumps\s*\(/,
        languages: PY,
        note: 'a hand-written logging.Formatter that emits json.dumps(...)',
      },
      {
        // A dictConfig/fileConfig formatter whose format is key=value pairs (`level={levelname} ts={asctime} …`).
        name: 'logfmt format string',
        re: /["']?format["']?\s*[:=]\s*["'][^"'\n]*?\b\w+=(?:\{\w+\}|%\(\w+\)s)[^"'\n]*?\s\w+=(?:\{\w+\}|%\(\w+\)s)/,
        languages: PY,
        note: 'the logging configuration writes key=value pairs (logfmt): parseable fields, not JSON',
      },
    ],
  },
];

/**
 * Browser scripts, build files (a cargo build script's `println!("cargo:…")`) and migrations (a data migration's
 * progress, printed to whoever runs it at release): their output is not the service's log.
 */
const NOT_SERVICE_OUTPUT =
  /\.(?:jsx|tsx|vue|svelte)$|(?:^|\/)(?:static|static_src|public|assets|frontend|webpack|www|migrations)\/|(?:^|\/)(?:gulpfile|Gruntfile)\.[cm]?[jt]s$|\.config\.[cm]?[jt]s$|(?:^|\/)build\.rs$/i;
const PLAIN_OUTPUT: Signal[] = [
  // Django's LOGGING (or a dictConfig) whose formatter lays records out as text: what the service's log lines look like.
  {
    name: 'a text log format',
    re: /["']format["']\s*:\s*f?["'][^"'\n]*%\(\w+\)s/,
    languages: PY,
    note: 'the logging configuration formats records as text (%(…)s fields), not JSON',
    fileRequires: /^\s*LOGGING\s*=|\bdictConfig\s*\(/m,
  },
  { name: 'print', re: /^\s*print\s*\(/, languages: PY, note: 'print() writes unstructured text' },
  {
    name: 'console.log',
    re: /\bconsole\.(?:log|info|error|warn)\s*\(/,
    languages: JS,
    note: 'console.log writes unstructured text',
  },
  {
    name: 'log.Println',
    re: /\blog\.(?:Print|Println|Printf|Fatal|Fatalf)\s*\(/,
    languages: GO,
    note: 'the standard log package writes plain text',
  },
  {
    name: 'logging.basicConfig',
    re: /\blogging\.basicConfig\s*\(/,
    languages: PY,
    note: 'logging.basicConfig with the default text format',
  },
  {
    name: 'gin/fiber text access log',
    re: /\bgin\.(?:Default|Logger)\s*\(|\blogger\.New\s*\(\s*\)/,
    languages: GO,
    note: "the framework's text access log",
  },
  {
    name: 'the NestJS Logger (text)',
    re: /\bnew\s+Logger\s*\(/,
    languages: JS,
    note: 'NestJS built-in Logger writes coloured text lines',
    fileRequires: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["']@nestjs\/common["']/,
  },
  {
    name: 'hono/logger',
    re: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["']hono\/logger["']/,
    languages: JS,
    note: 'hono/logger writes text access-log lines',
  },
  {
    name: 'consola',
    re: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["']consola["']/,
    languages: JS,
    note: 'consola writes formatted text lines',
  },
  {
    name: 'koa-logger',
    re: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["']koa-logger["']/,
    languages: JS,
    note: 'koa-logger writes coloured text lines',
  },
  {
    name: 'morgan access log',
    re: /\bmorgan\s*\(\s*["'](?:combined|common|dev|short|tiny)["']/,
    languages: JS,
    note: 'morgan writes text access-log lines',
  },
  { name: 'System.out', re: /\bSystem\.out\.print/, languages: JVM, note: 'System.out writes unstructured text' },
  { name: 'puts', re: /^\s*puts\s/, languages: RB, note: 'puts writes unstructured text' },
  {
    name: 'println!',
    re: /\b(?:e?println!|log::(?:info|warn|error)!)\s*\(/,
    languages: RS,
    note: 'println! writes unstructured text',
  },
  {
    name: 'Console.WriteLine',
    re: /\bConsole\.(?:Error\.)?WriteLine\s*\(/,
    languages: CS,
    note: 'Console.WriteLine writes unstructured text',
  },
  {
    name: 'the default .NET console logger (text)',
    re: /\bWebApplication\s*\.\s*Create(?:Slim)?Builder\s*\(|\bHost\s*\.\s*Create(?:Default|Application)Builder\s*\(/,
    languages: CS,
    note: 'the default ASP.NET Core console logger writes text lines',
  },
];

export interface LoggingFacts {
  /** Set-ups that make a logger's output JSON, wired or not, family by family. */
  json: SignalHit[];
  /** Wired set-ups that are structured but not JSON (console/dev encoders, logfmt), for families with no wired JSON. */
  low: SignalHit[];
  /** Wired set-ups that make a logger write plain text, for families with no wired JSON. */
  plain: SignalHit[];
  /** pino-pretty (or prettyPrint: true) in a source file with no environment switch: pino's output turned into text. */
  prettyUnconditional?: { path: string; line: number };
  /** The first logging library the component's own manifests declare and no code it runs imports, with the set-ups that would show it in use. */
  declared(): { dep: Dependency; usedBy: string[] } | undefined;
  /** Production code that logs plain text by hand (print, console.log, fmt.Println …). */
  plainOutput(): SignalHit[];
  /** The JSON set-ups looked for, by name. */
  searched: string[];
}

/** How the service's logs come out: JSON, structured but not JSON, or plain text, per logging library. */
export function detectLogging(repo: RepoIndex, facts: Facts): LoggingFacts {
  const json: SignalHit[] = [];
  const low: SignalHit[] = [];
  const plain: SignalHit[] = [];
  // A sink set up in a `#if DEBUG` region or an `IsDevelopment()` branch is not what the shipped service writes.
  const signals = (list: Signal[]): SignalHit[] =>
    findSignals(facts, list).filter(
      (h) => !(h.match.path.endsWith('.cs') && inDevelopmentBranch(repo, h.match.path, h.match.line)),
    );
  for (const fam of FAMILIES) {
    if (fam.framework && !facts.frameworks.has(fam.framework)) continue;
    if (fam.applies && !fam.applies(facts)) continue;
    const j = signals(fam.json);
    json.push(...j);
    if (j.some((h) => h.wired)) continue;
    const l = signals(fam.low ?? []).filter((h) => h.wired);
    if (!l.length) {
      const d = signals(fam.jsonDefault ?? []);
      json.push(...d);
      if (d.some((h) => h.wired)) continue;
    }
    low.push(...l);
    const p = signals(fam.plain ?? []).filter((h) => h.wired);
    plain.push(...p);
    // Configured where the service runs, with none of the JSON (or structured) set-ups above: its output is the
    // library's default text, whichever sink it writes to (Serilog to a rolling file, a tracing-subscriber registry
    // with an imported `fmt::layer()`). Said so, rather than "declared but not used".
    if (!p.length && !l.length && !fam.jsonByDefault && fam.plain?.length) {
      const wired = signals(fam.used).filter((h) => h.wired);
      // The set-up call rather than an import of the crate's prelude.
      const used = wired.find((h) => !/^\s*(?:use|using|import|from)\b/.test(h.match.text)) ?? wired[0];
      if (used)
        plain.push({
          ...used,
          signal: {
            ...used.signal,
            name: fam.name,
            note: `${used.signal.note} with no JSON formatter: its output is text lines`,
          },
        });
    }
  }
  // pino-pretty in production code without an environment switch turns pino back into text. A bundler's config naming
  // it (an external of a library build) configures no logger; a setting named for it (`if (config().prettyLogs)`,
  // `pretty ? pinoPretty() : undefined`) is a switch like NODE_ENV.
  const pretty = repo
    .grep(/["']pino-pretty["']|\bprettyPrint\s*:\s*true/, { languages: JS, kinds: ['source'] })
    .find(
      (m) =>
        !BUNDLER_CONFIG.test(m.path) &&
        !/NODE_ENV|production|development|isDev|isProd|env\.|LOG_PRETTY|\bif\s*\([^\n]{0,80}?pretty|\bpretty\w*\s*(?:\)\s*)?(?:\?|&&)/i.test(
          repo.read(m.path) ?? '',
        ),
    );
  let plainOutput: SignalHit[] | undefined;
  return {
    json,
    low,
    plain,
    ...(pretty ? { prettyUnconditional: { path: pretty.path, line: pretty.line } } : {}),
    declared() {
      for (const fam of FAMILIES) {
        if (fam.frameworkDep) continue;
        const dep = facts.deps.declaredHere(...fam.deps);
        // Imported by code the service runs, only to hand its lines to another logger (hclog for a dependency, made
        // `hclog.FromStandardLogger(log.New(…))`): used, and the output is that other logger's.
        if (dep && !findSignals(facts, fam.used).some((h) => h.wired))
          return { dep, usedBy: fam.used.map((s) => s.name) };
      }
      return undefined;
    },
    plainOutput: () => {
      if (plainOutput) return plainOutput;
      const hits = signals(PLAIN_OUTPUT).filter(
        (h) =>
          // Helper scripts kept beside the service (scripts/, resources/scripts/api-docs/*.py) print for whoever runs them.
          facts.liveness.isProductionPath(h.match.path) &&
          !NOT_SERVICE_OUTPUT.test(h.match.path) &&
          !browserCode(facts)(h.match.path, repo.get(h.match.path)?.language) &&
          !isShippedScript(repo, h.match.path),
      );
      // When code the service runs logs by hand, that is its output: a one-off script at the root (`sandbox.py` beside
      // a Next.js app) or a leftover server config nothing starts prints for whoever runs it, not in the service's log.
      // With no such hit in code the service runs, every hit is kept (the reach of a file is not always known).
      const wired = hits.filter((h) => h.wired);
      plainOutput = wired.length ? wired : hits;
      return plainOutput;
    },
    searched: FAMILIES.flatMap((f) => f.json.map((s) => s.name)).filter((v, i, a) => a.indexOf(v) === i),
  };
}

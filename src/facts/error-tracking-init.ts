import type { GrepMatch, RepoIndex } from '../repo/index.js';
import type { DependencyName } from './deps.js';
import { DROPWIZARD_LOGGING_CONFIG } from './config.js';
import { symfonyConfigGlobs } from './frameworks.js';
import type { Facts } from './index.js';
import { browserCode } from './live-code.js';
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
  testOnlySignalMatch,
} from './signals.js';

/** Error tracker clients initialised in code or configured in the application. */
const TRACKER_INIT: Signal[] = [
  { name: 'Sentry', re: /\bsentry_sdk\.init\s*\(/, languages: PY, note: 'sentry_sdk.init' },
  {
    // A set-up helper handed the SDK's integrations (fillmore's `set_up_sentry(sentry_dsn=…,
    // integrations=[DjangoIntegration()])`, a project's own wrapper): only sentry_sdk.init takes them.
    name: 'Sentry',
    re: /\bintegrations\s*=\s*\[\s*\w*Integration\s*\(/,
    languages: PY,
    fileRequires: /^\s*from\s+sentry_sdk\.integrations\b/m,
    note: 'a Sentry set-up helper given the SDK integrations',
  },
  { name: 'Rollbar', re: /\brollbar\.init\s*\(/, languages: PY, note: 'rollbar.init' },
  { name: 'Bugsnag', re: /\bbugsnag\.configure\s*\(/, languages: PY, note: 'bugsnag.configure' },
  { name: 'Honeybadger', re: /\bhoneybadger\.configure\s*\(/, languages: PY, note: 'honeybadger.configure' },
  { name: 'Airbrake', re: /\bpybrake\.Notifier\s*\(/, languages: PY, note: 'pybrake.Notifier' },
  {
    name: 'Raygun',
    re: /\braygunprovider\.RaygunSender\s*\(|\bRaygunSender\s*\(/,
    languages: PY,
    note: 'Raygun sender',
  },
  { name: 'Sentry', re: /\bSentry\.init\s*\(/, languages: [...JS, ...JVM], note: 'Sentry.init' },
  { name: 'Rollbar', re: /\bnew\s+Rollbar\s*\(|\bRollbar\.init\s*\(/, languages: JS, note: 'Rollbar initialised' },
  { name: 'Bugsnag', re: /\bBugsnag\.start\s*\(/, languages: [...JS, ...JVM], note: 'Bugsnag.start' },
  { name: 'Honeybadger', re: /\bHoneybadger\.configure\s*\(/, languages: JS, note: 'Honeybadger.configure' },
  {
    name: 'Airbrake',
    re: /\bnew\s+(?:Airbrake\.)?Notifier\s*\(\s*\{[^}]*projectKey|\bnew\s+Notifier\s*\(/,
    languages: JS,
    note: 'Airbrake notifier',
  },
  { name: 'Raygun', re: /\bnew\s+raygun\.Client\s*\(/, languages: JS, note: 'Raygun client' },
  {
    name: 'Sentry',
    re: /\bSentry\.(?:withSentry|wrapHandler|wrapRequestHandler)\s*\(|\bwithSentry\s*\(|\bnew\s+Toucan\s*\(/,
    languages: JS,
    note: 'Sentry wraps the handler (@sentry/cloudflare, @sentry/aws-serverless, toucan-js)',
  },
  {
    name: 'Sentry',
    re: /\.use\(\s*(?:["'`][^"'`]*["'`]\s*,\s*)?sentry\s*\(/,
    languages: JS,
    note: 'Sentry middleware (@hono/sentry)',
  },
  {
    // Dropwizard builds logback's appenders from the `logging:` block of its YAML configuration: a `sentry` appender
    // (dropwizard-sentry and its forks) sends every event at its threshold, the errors the service logs, to Sentry.
    name: 'Sentry (Dropwizard logging appender)',
    re: /^\s*(?:-\s*)?type\s*:\s*["']?sentry["']?\s*$/,
    include: '**/*.{yml,yaml}',
    fileRequires: DROPWIZARD_LOGGING_CONFIG,
    note: 'a `sentry` appender in the Dropwizard logging configuration',
  },
  {
    // Fastify's Sentry plugins (@immobiliarelabs/fastify-sentry, fastify-sentry) call Sentry.init with the options they
    // are registered with (`server.register(fastifySentry, { dsn })`) and capture the errors of every request.
    name: 'Sentry',
    // Whatever the file calls the plugin: a file importing it registers it (the first registration is cited).
    re: /\.register\s*\(\s*(?:[\w$]+|require\(\s*["'][^"'\n]*fastify-sentry["']\s*\))\s*,/,
    languages: JS,
    fileRequires: /["'](?:@immobiliarelabs\/)?fastify-sentry["']/,
    note: 'Sentry initialised by its Fastify plugin (fastify-sentry)',
  },
  { name: 'Sentry', re: /\bsentry\.Init\s*\(/, languages: GO, note: 'sentry.Init' },
  { name: 'Rollbar', re: /\brollbar\.SetToken\s*\(|\brollbar\.New\s*\(/, languages: GO, note: 'rollbar configured' },
  { name: 'Bugsnag', re: /\bbugsnag\.Configure\s*\(/, languages: GO, note: 'bugsnag.Configure' },
  { name: 'Honeybadger', re: /\bhoneybadger\.Configure\s*\(/, languages: GO, note: 'honeybadger.Configure' },
  { name: 'Airbrake', re: /\bgobrake\.NewNotifier\w*\s*\(/, languages: GO, note: 'gobrake notifier' },
  { name: 'Sentry', re: /^\s*Sentry\.init\s+do\b/, languages: RB, note: 'Sentry.init' },
  {
    // govuk_app_config (the GOV.UK services' shared gem) starts sentry-ruby/sentry-rails itself; its applications
    // tune it with GovukError.configure and report with GovukError.notify.
    name: 'Sentry (govuk_app_config)',
    re: /^\s*GovukError\.configure\s+do\b/,
    languages: RB,
    note: 'GovukError.configure (govuk_app_config starts Sentry)',
  },
  {
    name: 'Sentry (raven, deprecated)',
    re: /^\s*Raven\.configure\s+do\b/,
    languages: RB,
    note: 'Raven.configure (the deprecated sentry-raven client)',
    confidence: 'low',
  },
  { name: 'Rollbar', re: /^\s*Rollbar\.configure\s+do\b/, languages: RB, note: 'Rollbar.configure' },
  { name: 'Bugsnag', re: /^\s*Bugsnag\.configure\s+do\b/, languages: RB, note: 'Bugsnag.configure' },
  { name: 'Honeybadger', re: /^\s*Honeybadger\.configure\s+do\b/, languages: RB, note: 'Honeybadger.configure' },
  { name: 'Airbrake', re: /^\s*Airbrake\.configure\s+do\b/, languages: RB, note: 'Airbrake.configure' },
  {
    // exception_notification: every unhandled exception (and failed job) is sent to the notifiers it adds (email,
    // Slack, a webhook) with the request; nothing groups or tracks them, hence low. Its Rack middleware is added on
    // the config (`config.middleware.use …`), bare inside `Rails.application.configure do` (whose block runs on the
    // config: `middleware.use …`), or by a Rack app's `use ExceptionNotification::Rack` (config.ru, Sinatra).
    name: 'ExceptionNotification',
    re: /^\s*ExceptionNotification\.configure\s+do\b|^\s*(?:(?:config|Rails\.application\.config)\.)?middleware\.use\s+ExceptionNotification::Rack\b|^\s*use\s+ExceptionNotification::Rack\b/,
    languages: RB,
    note: 'ExceptionNotification sends unhandled exceptions to its notifiers (email, chat, webhook)',
    confidence: 'low',
  },
  { name: 'Sentry', re: /\bsentry::init\s*\(/, languages: RS, note: 'sentry::init' },
  {
    name: 'Sentry',
    re: /\.UseSentry\s*\(|\bSentrySdk\.Init\s*\(|\.AddSentry\s*\(/,
    languages: CS,
    note: 'Sentry for ASP.NET Core (UseSentry / SentrySdk.Init)',
  },
  { name: 'Raygun', re: /\.AddRaygun\s*\(|\bnew\s+RaygunClient\s*\(/, languages: CS, note: 'Raygun client' },
  { name: 'Bugsnag', re: /\.AddBugsnag\s*\(/, languages: CS, note: 'Bugsnag for ASP.NET Core' },
  {
    name: 'Exceptionless',
    re: /\.(?:Use|Add)Exceptionless\s*\(|\bExceptionlessClient\.Default\.Startup\s*\(|\.WriteTo\.Exceptionless\s*\(/,
    languages: CS,
    note: 'Exceptionless client',
  },
  { name: 'elmah.io', re: /\.(?:Use|Add)ElmahIo\s*\(/, languages: CS, note: 'elmah.io for ASP.NET Core' },
  {
    name: 'Rollbar',
    re: /\bRollbarInfrastructure\.Instance\.Init\s*\(|\.AddRollbar\w*\s*\(/,
    languages: CS,
    note: 'Rollbar configured',
  },
  // Configuration read by auto-configuring integrations.
  {
    name: 'Sentry (Spring Boot starter)',
    re: /^\s*sentry\.dsn\s*[=:]|^sentry:\s*$/,
    include: '**/application*.{yml,yaml,properties}',
    note: 'sentry-spring-boot-starter configured (sentry.dsn)',
  },
  {
    // quarkus-logging-sentry: the log handler sends errors to Sentry once a DSN is configured.
    name: 'Sentry (Quarkus logging-sentry)',
    re: /^[ \t]*(?:%[\w-]+\.)?quarkus\.log\.sentry(?:\.dsn|\.enabled[ \t]*[=:][ \t]*true|[ \t]*[=:][ \t]*true)|^[ \t]*-?[ \t]*name:[ \t]*QUARKUS_LOG_SENTRY(?:_DSN)?[ \t]*$/m,
    include: ['**/application*.{yml,yaml,properties}', '**/*.{yml,yaml}'],
    note: 'quarkus-logging-sentry configured',
  },
  {
    name: 'Honeybadger',
    re: /^\s*api_key\s*:/,
    include: '**/config/honeybadger.yml',
    note: 'Honeybadger configured (config/honeybadger.yml)',
  },
  // AppSignal's Ruby gem starts with Rails (its Railtie) and reports errors once config/appsignal.yml (or
  // config/appsignal.rb) gives it a push API key.
  {
    name: 'AppSignal',
    re: /^\s*push_api_key\s*:/,
    include: '**/config/appsignal.yml',
    note: 'AppSignal configured (config/appsignal.yml)',
  },
  {
    name: 'AppSignal',
    re: /^\s*Appsignal\.(?:configure|start)\b/,
    languages: RB,
    note: 'AppSignal configured (Appsignal.configure)',
  },
  // PHP: Laravel packages are auto-discovered and configured in config/<tracker>.php; Symfony bundles in YAML.
  {
    name: 'Sentry',
    re: /['"]dsn['"]\s*=>\s*(?:env|config)\s*\(|\bIntegration::(?:handles\s*\(\s*\$exceptions|captureUnhandledException\s*\()|\\Sentry\\init\s*\(|\bSentry\\init\s*\(/,
    languages: PHP,
    fileRequires: /sentry|Sentry/,
    note: 'sentry-laravel configured (config/sentry.php / Integration::handles)',
  },
  {
    // utopia-php/logger (Appwrite): a Logger over the Sentry, Raygun or AppSignal adapter the configuration names.
    name: 'Sentry',
    re: /\bnew\s+\\?(?:Utopia\\Logger\\)?Logger\s*\(\s*\$\w+\s*\)/,
    languages: PHP,
    fileRequires: /\bUtopia\\Logger\\Adapter\\(?:Sentry|Raygun|AppSignal)\b/,
    note: 'utopia-php/logger with its Sentry / Raygun / AppSignal adapter',
  },
  {
    name: 'Bugsnag',
    re: /['"]api_key['"]\s*=>\s*env\s*\(\s*['"]BUGSNAG|\bBugsnag\\Client::make\s*\(/,
    languages: PHP,
    note: 'Bugsnag configured',
  },
  {
    name: 'Rollbar',
    re: /['"]access_token['"]\s*=>\s*env\s*\(\s*['"]ROLLBAR|\bRollbar::init\s*\(/,
    languages: PHP,
    note: 'Rollbar configured',
  },
  {
    name: 'Sentry',
    re: /^sentry:\s*$|^\s+dsn:\s*['"]?%env\(/,
    include: symfonyConfigGlobs('sentry'),
    note: 'sentry-symfony bundle configured',
  },
  {
    // Symfony 5.3+ puts an environment's settings under `when@prod:`, the bundle's key indented below it.
    name: 'Sentry',
    re: /^\s+sentry:\s*$/,
    include: symfonyConfigGlobs('sentry'),
    fileRequires: /^when@prod:/m,
    note: 'sentry-symfony bundle configured',
  },
  // Elixir: the client is configured in config/*.exs and captures through plugs or a Logger handler.
  {
    name: 'Sentry',
    re: /^\s*config\s+:sentry\b[^\n]*\bdsn:|^\s*config\s+:sentry\s*,\s*$|\bSentry\.(?:PlugCapture|LoggerHandler|LoggerBackend)\b|:sentry_handler\b/,
    languages: EX,
    note: 'Sentry configured (config :sentry / Sentry.PlugCapture)',
  },
  {
    name: 'Honeybadger',
    re: /^\s*config\s+:honeybadger\b|\buse\s+Honeybadger\.Plug\b/,
    languages: EX,
    note: 'Honeybadger configured',
  },
  {
    name: 'AppSignal',
    // Also configured only through APPSIGNAL_* variables, its handlers attached at start
    // (`Appsignal.Logger.Handler.add("phoenix")`, `Appsignal.Phoenix.LiveView.attach()`).
    re: /^\s*config\s+:appsignal\b|\buse\s+Appsignal\.Phoenix\b|\bAppsignal(?:\.[A-Z]\w*)+\.(?:add|attach)\s*\(/,
    languages: EX,
    note: 'AppSignal configured',
  },
  { name: 'Rollbar', re: /^\s*config\s+:rollbax\b/, languages: EX, note: 'Rollbax configured' },
];

// Also Rails credentials (`Rails.application.credentials.x`, a project's `Credentials.fetch(:KEY)` over them).
const ENV_LOOKUP =
  /[Cc]redentials(?:\.|\[)|os\.environ|os\.getenv|getenv|process\.env|os\.Getenv|ENV\[|ENV\.fetch|System\.getenv|settings\.|config\.|\$\{|env::var|Configuration\[|GetValue<|Environment\.GetEnvironmentVariable|\b(?:config|env)\(\s*["'][A-Z][A-Z0-9_]*["']/;

/** Where an initialised tracker's DSN or key comes from. */
export interface TrackerKey {
  /** A DSN written into the code. */
  literal: boolean;
  /** Read from the environment or configuration (or left to the SDK, which reads its variable itself). */
  fromEnv: boolean;
}

export interface ErrorTrackingFacts {
  /** Tracker initialisations in production code, wired or not, in signal order. */
  hits: SignalHit[];
  /** Initialisations in browser code beside a server in another language (a Rails app's app/javascript): they report
   * the pages' errors, not the service's. */
  browser: SignalHit[];
  /** Where the DSN/key of an initialisation comes from (the ten lines after it). */
  keyOf(h: SignalHit): TrackerKey;
  /** An initialisation in a test file, when production code has none. */
  testOnly(): GrepMatch | undefined;
  /** A declared package that sets itself up from the environment, with nothing to initialise in code. */
  autoConfigured(): { tracker: string; manifest: string; line?: number; note: string } | undefined;
  /** What was looked for. */
  searched: string[];
}

/**
 * Packages that report errors once declared, configured by the environment: Spring Boot's Sentry starter reads
 * SENTRY_DSN, AppSignal's gem APPSIGNAL_PUSH_API_KEY in a Rails app, govuk_app_config's railtie SENTRY_DSN; Laravel
 * discovers laravel/nightwatch's provider, which reports unhandled exceptions once NIGHTWATCH_TOKEN is set and its
 * agent runs.
 */
const AUTO_CONFIGURED: { tracker: string; dep: DependencyName; note: string; framework?: 'rails' }[] = [
  {
    tracker: 'Sentry (Spring Boot starter)',
    dep: ['jvm', /^io\.sentry:sentry-spring-boot-starter/],
    note: 'sentry-spring-boot-starter auto-configures when SENTRY_DSN is set in the environment (no sentry.dsn in application config)',
  },
  {
    tracker: 'AppSignal (Rails)',
    dep: ['ruby', 'appsignal'],
    note: 'the appsignal gem starts with Rails and reports errors once APPSIGNAL_PUSH_API_KEY is set in the environment (no config/appsignal.yml)',
  },
  {
    // Its railtie configures Sentry for the Rails app (GovukError.configure only tunes it); outside Rails it does not.
    tracker: 'Sentry (govuk_app_config)',
    dep: ['ruby', 'govuk_app_config'],
    framework: 'rails',
    note: 'govuk_app_config: its railtie sets up Sentry for the Rails app, which reports once SENTRY_DSN is set in the environment',
  },
  {
    tracker: 'Laravel Nightwatch',
    dep: ['php', 'laravel/nightwatch'],
    note: 'laravel/nightwatch is discovered by Laravel and reports unhandled exceptions once NIGHTWATCH_TOKEN is set and its agent runs (neither is in the repository)',
  },
];

/**
 * A DSN handed over in a variable (`dsn=SENTRY_DSN`) that the file assigns from the environment elsewhere: a settings
 * module's `SENTRY_DSN = env("SENTRY_DSN")` far above the init, or `if SENTRY_DSN := env("DJANGO_SENTRY_DSN"):` on the
 * line before it.
 */
function dsnVariableFromEnv(lines: readonly string[], init: string): boolean {
  const name = /\b(?:dsn|api_key|access_token|token)\s*[=:]\s*([A-Za-z_]\w*)\s*[,)\n]/.exec(init)?.[1];
  if (!name || /^(?:None|null|nil|true|false|True|False)$/.test(name)) return false;
  const assigned = new RegExp(`^\\s*(?:if\\s+|elif\\s+)?${name}\\s*(?::=|=(?!=))`);
  return lines.some((l) => assigned.test(l) && ENV_LOOKUP.test(l));
}

/** Error trackers (Sentry, Rollbar, Bugsnag, Honeybadger, Airbrake, Raygun, AppSignal …) the service initialises. */
export function detectErrorTracking(repo: RepoIndex, facts: Facts): ErrorTrackingFacts {
  const all = findSignals(facts, TRACKER_INIT);
  const inBrowser = (h: SignalHit): boolean => browserCode(facts)(h.match.path, repo.get(h.match.path)?.language);
  return {
    hits: all.filter((h) => !inBrowser(h)),
    browser: all.filter(inBrowser),
    keyOf(h) {
      const text = repo
        .lines(h.match.path)
        .slice(Math.max(0, h.match.line - 1), h.match.line + 10)
        .join('\n');
      // No DSN argument: the SDKs read SENTRY_DSN (or their key variable) from the environment.
      const literal = /["']https?:\/\/[0-9a-f]{16,}@[\w.-]+/i.test(text);
      const fromEnv =
        !literal &&
        (ENV_LOOKUP.test(text) ||
          dsnVariableFromEnv(repo.lines(h.match.path), text) ||
          !/\b(?:dsn|Dsn|api_key|apiKey|access_token|accessToken|token)\b/.test(text) ||
          !h.signal.languages);
      return { literal, fromEnv };
    },
    testOnly: () => testOnlySignalMatch(facts, TRACKER_INIT),
    autoConfigured() {
      for (const a of AUTO_CONFIGURED) {
        const d = (!a.framework || facts.frameworks.has(a.framework)) && facts.deps.declared(a.dep);
        if (d) return { tracker: a.tracker, manifest: d.manifest, line: d.line, note: a.note };
      }
      return undefined;
    },
    searched: [...new Set(TRACKER_INIT.map((s) => s.note))],
  };
}

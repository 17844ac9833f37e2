import {
  symfonyConfigGlobs,
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
  testOnlyMatch,
} from '../../src/sdk/index.js';
import { hitEvidence } from '../_lib/signal-evidence.js';

const INIT: Signal[] = [
  { name: 'Sentry', re: /\bsentry_sdk\.init\s*\(/, languages: PY, note: 'sentry_sdk.init' },
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
  { name: 'Sentry', re: /\bsentry\.Init\s*\(/, languages: GO, note: 'sentry.Init' },
  { name: 'Rollbar', re: /\brollbar\.SetToken\s*\(|\brollbar\.New\s*\(/, languages: GO, note: 'rollbar configured' },
  { name: 'Bugsnag', re: /\bbugsnag\.Configure\s*\(/, languages: GO, note: 'bugsnag.Configure' },
  { name: 'Honeybadger', re: /\bhoneybadger\.Configure\s*\(/, languages: GO, note: 'honeybadger.Configure' },
  { name: 'Airbrake', re: /\bgobrake\.NewNotifier\w*\s*\(/, languages: GO, note: 'gobrake notifier' },
  { name: 'Sentry', re: /^\s*Sentry\.init\s+do\b/, languages: RB, note: 'Sentry.init' },
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
    name: 'Honeybadger',
    re: /^\s*api_key\s*:/,
    include: '**/config/honeybadger.yml',
    note: 'Honeybadger configured (config/honeybadger.yml)',
  },
  // PHP: Laravel packages are auto-discovered and configured in config/<tracker>.php; Symfony bundles in YAML.
  {
    name: 'Sentry',
    re: /['"]dsn['"]\s*=>\s*env\s*\(|\bIntegration::handles\s*\(\s*\$exceptions|\\Sentry\\init\s*\(|\bSentry\\init\s*\(/,
    languages: PHP,
    fileRequires: /sentry|Sentry/,
    note: 'sentry-laravel configured (config/sentry.php / Integration::handles)',
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
    re: /^\s*config\s+:appsignal\b|\buse\s+Appsignal\.Phoenix\b/,
    languages: EX,
    note: 'AppSignal configured',
  },
  { name: 'Rollbar', re: /^\s*config\s+:rollbax\b/, languages: EX, note: 'Rollbax configured' },
];

const DEPS: ['python' | 'node' | 'go' | 'jvm' | 'ruby' | 'php' | 'elixir' | 'rust' | 'dotnet', string | RegExp][] = [
  ['php', /^sentry\/sentry(-laravel|-symfony)?$/],
  ['php', /^bugsnag\/bugsnag(-laravel|-symfony)?$/],
  ['php', /^rollbar\/rollbar(-laravel)?$/],
  ['elixir', 'sentry'],
  ['elixir', 'honeybadger'],
  ['elixir', 'appsignal'],
  ['elixir', 'rollbax'],
  ['python', 'sentry-sdk'],
  ['python', 'rollbar'],
  ['python', 'bugsnag'],
  ['python', 'honeybadger'],
  ['python', 'pybrake'],
  ['python', 'raygun4py'],
  ['node', /^@sentry\/(?!cli$|webpack-plugin$|vite-plugin$)/],
  ['node', 'rollbar'],
  ['node', /^@bugsnag\//],
  ['node', /^@honeybadger-io\//],
  ['node', '@airbrake/node'],
  ['node', 'raygun'],
  ['node', 'toucan-js'],
  ['go', 'github.com/getsentry/sentry-go'],
  ['go', /github\.com\/rollbar\//],
  ['go', /github\.com\/bugsnag\//],
  ['go', /honeybadger-io\/honeybadger-go/],
  ['go', /airbrake\/gobrake/],
  ['ruby', /^sentry-(ruby|rails)$/],
  ['ruby', 'sentry-raven'],
  ['ruby', 'rollbar'],
  ['ruby', /^bugsnag/],
  ['ruby', 'honeybadger'],
  ['ruby', 'airbrake'],
  ['rust', 'sentry'],
  ['dotnet', /^Sentry(\.AspNetCore|\.Extensions\.Logging|\.Serilog)?$/],
  ['dotnet', /^Mindscape\.Raygun4Net/],
  ['dotnet', /^Bugsnag/],
  ['dotnet', /^Rollbar/],
];

const ENV_LOOKUP =
  /os\.environ|os\.getenv|getenv|process\.env|os\.Getenv|ENV\[|ENV\.fetch|System\.getenv|settings\.|config\.|\$\{|env::var|Configuration\[|GetValue<|Environment\.GetEnvironmentVariable/;

export default defineRule({
  meta: {
    id: 'obs.error-tracking',
    category: 'observability',
    title: 'Unhandled errors are reported to an error tracker',
    severity: 'medium',
    level: 2,
    scope: 'component',
    requires: ['not-library'],
    docs: {
      why: 'An error tracker groups exceptions, shows their stack traces and the release that introduced them, and alerts on new ones; without it, production errors are found by users or by reading logs.',
      how: 'Looks in production code for the client being initialised (sentry_sdk.init, Sentry.init, sentry.Init, Sentry.init do ... end, Rollbar, Bugsnag, Honeybadger, Airbrake, Raygun) in a module reached from the service entrypoint, or for auto-configured integrations configured in the application (Spring Boot sentry.dsn, config/honeybadger.yml). A client declared in a manifest but never initialised is a gap ("declared but not used"); so is an init that only appears in tests. The evidence says whether the DSN comes from the environment.',
      fix: [
        'Initialise the tracker at start-up in the entrypoint, with the DSN/key read from the environment (e.g. sentry_sdk.init(dsn=os.environ["SENTRY_DSN"], environment=..., release=...)).',
        'Spring Boot: add io.sentry:sentry-spring-boot-starter-jakarta and set sentry.dsn=${SENTRY_DSN}.',
        'Rails: sentry-rails with config/initializers/sentry.rb.',
        'Rust: add the sentry crate and keep the guard of sentry::init(sentry::ClientOptions { release: sentry::release_name!(), .. }) alive in main (the DSN comes from SENTRY_DSN); sentry-tower reports handler panics and errors.',
        '.NET: add Sentry.AspNetCore and call builder.WebHost.UseSentry() (the DSN comes from Sentry:Dsn configuration or SENTRY_DSN).',
        'Laravel: composer require sentry/sentry-laravel, set SENTRY_LARAVEL_DSN and call Integration::handles($exceptions) in bootstrap/app.php.',
        'Phoenix: add :sentry, `config :sentry, dsn: System.get_env("SENTRY_DSN")` in runtime.exs and `use Sentry.PlugCapture` in the endpoint.',
      ],
      effort: 'S',
      links: ['https://docs.sentry.io/platforms/'],
    },
    messages: {
      wired: 'Errors are reported to {{tracker}} ({{where}}).',
      neverWired: '{{tracker}} is initialised in {{file}} but never wired: no entrypoint imports that module.',
      testOnly: '{{tracker}} is only initialised in tests ({{file}}); production errors are not reported.',
      declaredNotUsed: '{{lib}} is declared but not used ({{manifest}}): no production code initialises it.',
      none: 'No error tracker (Sentry, Rollbar, Bugsnag, Honeybadger, Airbrake, Raygun) is initialised.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['error tracker', 'sentry', 'bugsnag', 'rollbar', 'honeybadger', 'crash reporting'],
  },
  check(ctx) {
    const hits = findSignals(ctx.facts, INIT);
    const wired = hits.filter((h) => h.wired);
    if (wired.length) {
      const h = wired[0]!;
      const text = ctx.repo
        .lines(h.match.path)
        .slice(Math.max(0, h.match.line - 1), h.match.line + 10)
        .join('\n');
      // No DSN argument: the SDKs read SENTRY_DSN (or their key variable) from the environment.
      const literal = /["']https?:\/\/[0-9a-f]{16,}@[\w.-]+/i.test(text);
      const fromEnv =
        !literal &&
        (ENV_LOOKUP.test(text) ||
          !/\b(?:dsn|Dsn|api_key|apiKey|access_token|accessToken|token)\b/.test(text) ||
          !h.signal.languages);
      const note = `${h.signal.note}${literal ? ' (the DSN is hard-coded; read it from the environment)' : fromEnv ? '' : ' (the DSN/key does not appear to come from the environment)'}`;
      return ctx.pass([hitEvidence(ctx, h, note)], {
        messageId: 'wired',
        confidence: h.signal.confidence ?? 'high',
        data: { tracker: h.signal.name, where: `${h.match.path}:${h.match.line}` },
      });
    }
    // Spring Boot starter without a DSN in the config: it reads SENTRY_DSN from the environment.
    const starter = ctx.facts.deps.declared(['jvm', /^io\.sentry:sentry-spring-boot-starter/]);
    if (starter) {
      return ctx.pass(
        [
          ctx.at(
            starter.manifest,
            starter.line,
            'sentry-spring-boot-starter auto-configures when SENTRY_DSN is set in the environment (no sentry.dsn in application config)',
          ),
        ],
        {
          messageId: 'wired',
          confidence: 'low',
          data: { tracker: 'Sentry (Spring Boot starter)', where: starter.manifest },
        },
      );
    }
    if (hits.length) {
      const h = hits[0]!;
      return ctx.gap(
        'neverWired',
        [hitEvidence(ctx, h, `${h.signal.note}, but no entrypoint imports ${h.match.path}`)],
        { data: { tracker: h.signal.name, file: h.match.path } },
      );
    }
    const inTest = testOnlyMatch(
      ctx.facts,
      new RegExp(
        INIT.filter((s) => s.languages)
          .map((s) => s.re.source)
          .join('|'),
        'm',
      ),
    );
    if (inTest) {
      return ctx.gap('testOnly', [ctx.at(inTest.path, inTest.line, 'error tracker initialised in a test file only')], {
        data: { tracker: 'the error tracker', file: inTest.path },
      });
    }
    const d = ctx.facts.deps.declared(...DEPS);
    if (d) {
      return ctx.gap(
        'declaredNotUsed',
        [
          ctx.at(d.manifest, d.line, `${d.name} declared`),
          ctx.missing(['init call in production code'], `no production code initialises ${d.name}`),
        ],
        { data: { lib: d.name, manifest: d.manifest } },
      );
    }
    return ctx.gap('none', [
      ctx.missing([...new Set(INIT.map((s) => s.note))], 'searched production source files and application config'),
    ]);
  },
});

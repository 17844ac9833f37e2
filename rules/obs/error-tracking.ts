import { defineRule } from '../../src/sdk/index.js';
import { hitEvidence } from '../_lib/signal-evidence.js';

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
  ['dotnet', /^Exceptionless(\.AspNetCore|\.Extensions\.\w+)?$/],
  ['dotnet', /^Elmah\.Io\.AspNetCore$/],
];

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
      how: 'Looks in production code for the client being initialised (sentry_sdk.init, Sentry.init, sentry.Init, Sentry.init do ... end, Rollbar, Bugsnag, Honeybadger, Airbrake, Raygun; .NET UseExceptionless/AddExceptionless and elmah.io) in a module reached from the service entrypoint, or for auto-configured integrations configured in the application (Spring Boot sentry.dsn, config/honeybadger.yml). An APM agent the service runs with that reports unhandled errors by default (Datadog, New Relic, Elastic APM: ddtrace-run, newrelic-admin, -javaagent, dd-trace/newrelic preloaded or initialised in code; Azure Monitor Application Insights: UseAzureMonitor, AddApplicationInsightsTelemetry or the OpenTelemetry Azure Monitor trace exporter, whose failed requests are kept as exception telemetry) passes with low confidence, as does a package that sets itself up from the environment once declared (Spring Boot’s Sentry starter, Laravel Nightwatch). A client declared in a manifest but never initialised is a gap ("declared but not used"); so is an init that only appears in tests. Browser code beside a server in another language (a Rails app’s app/javascript) reports the pages’ errors only: alone it is a low-confidence gap. The evidence says whether the DSN comes from the environment.',
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
      apm: 'Unhandled errors are reported by the {{vendor}} agent the service runs with ({{where}}); no dedicated error tracker.',
      neverWired: '{{tracker}} is initialised in {{file}} but never wired: no entrypoint imports that module.',
      testOnly: '{{tracker}} is only initialised in tests ({{file}}); production errors are not reported.',
      declaredNotUsed: '{{lib}} is declared but not used ({{manifest}}): no production code initialises it.',
      browserOnly:
        '{{tracker}} is initialised only in browser code ({{file}}): the pages report their errors, the server’s exceptions are not reported.',
      none: 'No error tracker (Sentry, Rollbar, Bugsnag, Honeybadger, Airbrake, Raygun) is initialised.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['error tracker', 'sentry', 'bugsnag', 'rollbar', 'honeybadger', 'crash reporting'],
  },
  check(ctx) {
    const tracking = ctx.facts.errorTracking;
    const hits = tracking.hits;
    const wired = hits.filter((h) => h.wired);
    if (wired.length) {
      const h = wired[0]!;
      const { literal, fromEnv } = tracking.keyOf(h);
      const note = `${h.signal.note}${literal ? ' (the DSN is hard-coded; read it from the environment)' : fromEnv ? '' : ' (the DSN/key does not appear to come from the environment)'}`;
      return ctx.pass([hitEvidence(ctx, h, note)], {
        messageId: 'wired',
        confidence: h.signal.confidence ?? 'high',
        data: { tracker: h.signal.name, where: `${h.match.path}:${h.match.line}` },
      });
    }
    // A package that sets itself up from the environment (Spring Boot's Sentry starter, Laravel Nightwatch).
    const auto = tracking.autoConfigured();
    if (auto)
      return ctx.pass([ctx.at(auto.manifest, auto.line, auto.note)], {
        messageId: 'wired',
        confidence: 'low',
        data: { tracker: auto.tracker, where: auto.manifest },
      });
    // An APM agent the service runs with (Datadog, New Relic, Elastic APM) reports its unhandled errors too, grouped with
    // their stack traces; a dedicated tracker is not the only way, but nothing here shows the errors are looked at.
    const apm = ctx.facts.tracing.apmErrorReporter();
    if (apm)
      return ctx.pass(
        [
          hitEvidence(
            ctx,
            apm.hit,
            `${apm.hit.signal.note}: the ${apm.vendor} agent reports unhandled errors by default`,
          ),
        ],
        {
          messageId: 'apm',
          confidence: 'low',
          data: { vendor: apm.vendor, where: `${apm.hit.match.path}:${apm.hit.match.line}` },
        },
      );
    // Only the browser bundle reports (a Rails or Micronaut app's front-end client): the service itself does not.
    if (tracking.browser.length) {
      const h = tracking.browser[0]!;
      return ctx.gap(
        'browserOnly',
        [
          hitEvidence(ctx, h, `${h.signal.note} in browser code`),
          ctx.missing(tracking.searched, 'no server-side initialisation'),
        ],
        { confidence: 'low', data: { tracker: h.signal.name, file: h.match.path } },
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
    const inTest = tracking.testOnly();
    if (inTest) {
      return ctx.gap('testOnly', [ctx.at(inTest.path, inTest.line, 'error tracker initialised in a test file only')], {
        data: { tracker: 'the error tracker', file: inTest.path },
      });
    }
    const d = ctx.facts.deps.declaredHere(...DEPS);
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
    return ctx.gap('none', [ctx.missing(tracking.searched, 'searched production source files and application config')]);
  },
});

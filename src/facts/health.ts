// Health and readiness endpoints: routes that name a health check, and health endpoints libraries register.
import { routeBody } from './handlers.js';
import { grepConfig, grepReached } from './live-code.js';
import type { LibraryEvidence } from './deps.js';
import type { Facts } from './index.js';
import type { GrepMatch, RepoIndex } from '../repo/index.js';
import type { ServiceRoute } from './service.js';
import { springActuator, springProperties } from './spring-config.js';
import { type FrameworkUse, lc39Launch } from './frameworks.js';

/** Dropwizard's core module as Maven/Gradle name it: its admin health check and Jetty's graceful stop come with it. */
export const DROPWIZARD_CORE = /^(?:io\.dropwizard:)?dropwizard-core$/;

/**
 * NAV's Ktor application shells: rapids-and-rivers' `RapidApplication.create(…)` (a Kafka rapid with an embedded
 * server) and tbd-libs naisful's `naisApp(…)`. Both serve /isalive, /isready and Prometheus /metrics; the rapid's
 * /isready answers only while its Kafka consumer holds partitions, and a JVM shutdown hook stops the rapid, then the
 * server (5 s grace period).
 */
export function naisAppShell(facts: Facts): { hit: GrepMatch; rapid: boolean } | undefined {
  const hit = grepReached(facts, /\bRapidApplication\s*\.\s*(?:create|Builder)\s*\(|\bnaisApp\s*\(/, [
    'kotlin',
    'java',
  ]).find((m) => /\bno\.nav\.helse\.rapids_rivers\b|\btbd_libs\.naisful\b/.test(facts.repo.read(m.path) ?? ''));
  return hit ? { hit, rapid: /\bRapidApplication\b/.test(hit.text) } : undefined;
}

/** Where a Benthos stream service is started with its CLI (`service.RunCLI(ctx, …)`), in code the service runs. */
export function benthosService(facts: Facts): FrameworkUse | undefined {
  const benthos = facts.frameworks.get('benthos');
  return benthos && facts.liveness.isLive(benthos.path) ? benthos : undefined;
}

/**
 * Route paths that look like liveness/health checks (Mozilla's Dockerflow names them `__heartbeat__`, `__lbheartbeat__`;
 * a load balancer's `health-probe`; NAV's nais apps `is_alive` / `isAlive`, their readiness `is_ready`; KoboToolbox's
 * `service_health`).
 */
export const HEALTH_SEGMENT =
  /^_?((?:service[-_]?)?health|healthz|healthcheck|health[-_]check|health[-_]?probe|livez|live|liveness|(?:is[-_]?)?alive|ping|heartbeat|up|status|ht)$|^__(?:heartbeat|lbheartbeat)__$/i;
// `gtg` ("good to go", the Financial Times' `__gtg`) answers whether the instance may take traffic.
export const READY_SEGMENT = /^_?((?:is[-_]?)?ready|readyz|readiness|startup|startupz)$|^_{0,2}gtg$/i;

export function segments(p: string): string[] {
  return p
    .split('/')
    .filter(Boolean)
    .map((s) => s.replace(/\$$/, ''));
}

/**
 * What a probe's `live` hangs under (`/health/live`, `/status/live`, `/api/live`); deeper in a business path it names
 * content (`/explore/streams/live`, `/events/live`).
 */
export const PROBE_PARENT =
  /^(?:_?health\w*|_?status|probes?|_|api|v\d+|internal|system|_?system|management|actuator|monitoring|q)$/i;

/** Path segments a sign-in flow hangs under (`/auth/…`, `/oauth2/…`, `/sso/…`, `/login/…`). */
const SIGN_IN_PARENT = /^(?:auth|oauth2?|sso|saml2?|oidc|login|signin|sign-in|providers?)$/i;

/** ASP.NET Core's health-check endpoint (MapHealthChecks/UseHealthChecks): one whatever its path (`/hc`). */
export function isHealthCheckEndpoint(r: { handler?: string }): boolean {
  return r.handler === 'HealthChecks';
}

/** A handler named for a sign-in through an identity provider (`PingFederateLogin`, `sso_callback`, `SamlAcs`). */
const IDP_HANDLER = /sso|saml|oidc|openid|ping_?fed|federat|log_?in|sign_?in|callback/i;
/** Libraries that speak to an identity provider (SAML, OpenID Connect). */
export const IDP_LIBRARY = /saml|oidc|openid|pingfederate|omniauth|authlib|passport-openidconnect/i;

/** What says the service signs users in through an identity provider: its other routes, an SSO library declared. */
export interface IdentityProviderSignals {
  routes?: readonly { fullPath: string }[];
  library?: boolean;
}

/**
 * `/auth/ping` is PingFederate's sign-in (not a probe) only with a sign of an identity provider: a handler named for
 * it, a route under it (`/auth/ping/callback`), or a SAML/OpenID Connect library.
 */
function pingIdentityProvider(r: { fullPath: string; handler?: string }, idp?: IdentityProviderSignals): boolean {
  const under = `${r.fullPath.toLowerCase().replace(/\/+$/, '')}/`;
  return (
    IDP_HANDLER.test(r.handler ?? '') ||
    !!idp?.library ||
    !!idp?.routes?.some((x) => x.fullPath.toLowerCase().startsWith(under))
  );
}

/** A route whose last segment (or the one before live/ready) names a health check, without path parameters. */
export function isHealthRoute(
  r: { path: string; fullPath: string; method?: string; handler?: string },
  idp?: IdentityProviderSignals,
): boolean {
  // Probes read (GET/HEAD); a POST `…/Ping` or `…/Ready` is an action of the API (a playback ping, a "ready" signal).
  if (r.method && /^(POST|PUT|PATCH|DELETE)$/i.test(r.method)) return false;
  const segs = segments(r.fullPath);
  if (!segs.length || segs.some((s) => /[:{<*]/.test(s))) return false;
  // A file endpoint's extension is part of its URL (Astro `src/pages/health.json.ts` → /health.json, a PHP script
  // `/healthcheck.php`), and so is the format a monitor reads (Pingdom's custom check `/pingdom/ping.xml`).
  const last = segs[segs.length - 1]!.replace(/\.(?:json|txt|xml|php)$/i, '');
  if (
    HEALTH_SEGMENT.test(last) &&
    (last.toLowerCase() !== 'status' || segs.length === 1) &&
    (last.toLowerCase() !== 'up' || segs.length === 1) &&
    (last.toLowerCase() !== 'live' || segs.length === 1 || PROBE_PARENT.test(segs[segs.length - 2]!)) &&
    // Under a sign-in prefix, `ping` may name an identity provider (Ping Identity's PingFederate: `/auth/ping` is its
    // login callback), not a probe: when something else says the service signs in through one.
    (last.toLowerCase() !== 'ping' ||
      segs.length === 1 ||
      !SIGN_IN_PARENT.test(segs[segs.length - 2]!) ||
      !pingIdentityProvider(r, idp))
  )
    return true;
  if (READY_SEGMENT.test(last)) return true;
  // Under a health path, a check of its own (`/health/db`); under Rails' root `/up`, one per store (`/up/postgres`).
  return (
    segs.length >= 2 &&
    (/^(health|healthz|healthcheck|health[-_]check)$/i.test(segs[segs.length - 2]!) ||
      (segs.length === 2 && segs[0]!.toLowerCase() === 'up'))
  );
}

/** A health endpoint a library serves, with where it is set up; `disabled` when configuration turns it off. */
export interface LibraryHealth {
  evidence: LibraryEvidence[];
  note: string;
  disabled?: LibraryEvidence;
  /** The health service answers from a dependency (a gRPC health service of the project's own asking `IsReady`). */
  checksDependency?: LibraryEvidence;
  /** The dependency check is the library's default, not configured in the repository. */
  checksByDefault?: boolean;
  /** A readiness check the library runs by itself (Quarkus: an @Readiness bean, or a data-store extension's check). */
  readiness?: { evidence: LibraryEvidence; confidence: 'high' | 'low' };
}

/** A Python file importing py-healthcheck (`from healthcheck import HealthCheck`, `import healthcheck`). */
const PY_HEALTHCHECK_IMPORT = /^\s*(?:from\s+healthcheck\s+import\b|import\s+healthcheck\b)/m;

/**
 * py-healthcheck's endpoint: `HealthCheck(app, "/path")` (the app and the path given: the library registers the URL
 * rule itself) in live code importing the package; a check registered with `.add_check(fn)` in the same file is run on
 * every request (the database, the broker), so the endpoint answers from its dependencies. `HealthCheck()` alone
 * registers no route (the project's own `add_url_rule` is then read as a route).
 */
function pyHealthcheck(facts: Facts): LibraryHealth | undefined {
  const hit = grepReached(facts, /\bHealthCheck\(\s*[\w.]+\s*,\s*(?:path\s*=\s*)?["'](\/[^"'\n]*)["']/, [
    'python',
  ]).find((h) => PY_HEALTHCHECK_IMPORT.test(facts.repo.read(h.path) ?? ''));
  if (!hit) return undefined;
  const path = /["'](\/[^"'\n]*)["']/.exec(hit.text)?.[1] ?? '/healthcheck';
  const check = grepReached(facts, /\.add_check\(\s*\w/, ['python']).find((h) => h.path === hit.path);
  return {
    evidence: [{ path: hit.path, line: hit.line, note: `py-healthcheck serves ${path}` }],
    note: `py-healthcheck ${path}`,
    ...(check
      ? {
          checksDependency: {
            path: check.path,
            line: check.line,
            note: 'a check the health endpoint runs is registered with add_check',
          },
        }
      : {}),
  };
}

/** A gRPC health `Check` written in the project: its body asks a dependency before answering SERVING. */
const GRPC_CHECK_METHOD =
  /^func\s+\([^)]*\)\s+Check\s*\(\s*\w+\s+context\.Context\s*,\s*\w+\s+\*\w+\.HealthCheckRequest\)/;
const ASKS_DEPENDENCY = /\b(?:[iI]s\w*(?:Ready|Healthy)|Ping(?:Context)?|ping|Check(?:Health|Readiness)\w*)\s*\(/;

/**
 * Checks registered with a Go health library, which its handler runs and answers 503 when one fails:
 * alexliesenfeld/health (`health.WithCheck`, `health.WithPeriodicCheck`), heptiolabs/healthcheck
 * (`AddReadinessCheck`) and hellofresh/health-go (`Register(health.Config{…})`).
 */
const GO_LIBRARY_HEALTH_CHECK =
  /\bhealth\.With(?:Periodic)?Check\s*\(|\.AddReadinessCheck\s*\(|\.Register\s*\(\s*health\.Config\s*\{/;

/** A Rack app's branch on the request path for a health path: `when "/health"`, `env["PATH_INFO"] == "/ping"`. */
const RACK_HEALTH_BRANCH =
  /^\s*when\s+["']\/(?:_?health|healthz|healthy|livez?|liveness|readyz?|readiness|ping|heartbeat)["']|\benv\s*\[\s*["'](?:PATH_INFO|REQUEST_PATH)["']\s*\]\s*==\s*["']\/(?:_?health|healthz|healthy|livez?|liveness|readyz?|readiness|ping|heartbeat)["']/;

/** The CSI Identity service's health check, implemented by a plugin: `func (s *IdentityServer) Probe(ctx, req *csi.ProbeRequest)`. */
const CSI_PROBE_METHOD = /^func\s*\([^()]*\)\s*Probe\s*\([^()]*\*csi\.ProbeRequest\s*\)/;
/** The CSI livenessprobe sidecar (`registry.k8s.io/sig-storage/livenessprobe:v2.x`, a container named `liveness-probe`). */
const CSI_LIVENESS_IMAGE = /\/livenessprobe(?:[:@]|$)/;
const CSI_LIVENESS_NAME = /^liveness-?probe$/;

/**
 * A CSI plugin probed by the kubelet: its pods run the livenessprobe sidecar, which serves /healthz for the plugin
 * container's livenessProbe by calling the plugin's Probe RPC over its Unix socket. The plugin serves no HTTP of its own
 * and is still probed by the orchestrator.
 */
export function csiProbe(facts: Facts): { probe: LibraryEvidence; sidecar: LibraryEvidence } | undefined {
  const probe = grepReached(facts, CSI_PROBE_METHOD, ['go'])[0];
  if (!probe) return undefined;
  for (const w of facts.k8s.workloads) {
    const c = w.containers.find((c) => CSI_LIVENESS_NAME.test(c.name) || CSI_LIVENESS_IMAGE.test(c.image?.ref ?? ''));
    if (c)
      return {
        probe: { path: probe.path, line: probe.line, note: "the CSI Probe RPC (the Identity service's health check)" },
        sidecar: {
          path: w.file,
          line: c.image?.line ?? c.line,
          note: `the livenessprobe sidecar of ${w.kind} ${w.name}: it answers the pod's livenessProbe by calling Probe over the plugin's socket`,
        },
      };
  }
  return undefined;
}

/** `OkComputer.mount_at = "health"` (or `false`/`nil`: the engine is not mounted by itself). */
const OKC_MOUNT_AT = /\bOkC(?:omputer|OMPUTER)\.mount_at\s*=\s*(?:["']\/?([\w/.-]*)["']|:(\w+)|(false|nil)\b)/;
/** `mount OkComputer::Engine, at: "/status"` (or `:at => "/status"`) in the routes. */
const OKC_ENGINE = /\bmount\s*\(?\s*OkC(?:omputer|OMPUTER)::Engine\s*,\s*(?:at:|:at\s*=>)\s*["'](\/[^"']*)["']/;
/**
 * A check registered with OkComputer that asks a dependency (ActiveRecordCheck, RedisCheck, SidekiqLatencyCheck,
 * ElasticsearchCheck, HttpCheck …); the site, version and Ruby-version checks answer from the process alone.
 */
const OKC_DEPENDENCY_CHECK =
  /\bOkC(?:omputer|OMPUTER)::Registry\.register\s*\(?\s*["'][^"']+["']\s*,\s*OkC(?:omputer|OMPUTER)::(?!DefaultCheck\b|AppVersionCheck\b|RubyVersionCheck\b)(\w+Check)\b/;

/**
 * OkComputer, a Rails engine for health checks: the gem mounts itself at /okcomputer unless `OkComputer.mount_at`
 * moves it (`false` leaves mounting to a `mount OkComputer::Engine, at: …` in the routes). GET <mount> runs its
 * "default" check (the app answers), GET <mount>/all every registered check, answering 500 when one fails. The gem
 * registers a "database" ActiveRecordCheck by itself unless the application deregisters it.
 */
function okComputer(facts: Facts): LibraryHealth | undefined {
  const gem = facts.deps.declared(['ruby', 'okcomputer']);
  if (!gem) return undefined;
  const at = (path: string, line: number | undefined, note: string): LibraryEvidence =>
    line !== undefined ? { path, line, note } : { path, note };
  const engine = grepReached(facts, OKC_ENGINE, ['ruby'])[0];
  const mountAt = grepReached(facts, OKC_MOUNT_AT, ['ruby'])[0];
  const m = mountAt ? OKC_MOUNT_AT.exec(mountAt.text) : null;
  if (!engine && m?.[3]) return undefined;
  const path = engine
    ? (OKC_ENGINE.exec(engine.text)?.[1] ?? '/okcomputer').replace(/\/$/, '') || '/'
    : `/${(m?.[1] ?? m?.[2] ?? 'okcomputer').replace(/^\/|\/$/g, '')}`;
  const site = engine ?? mountAt;
  const evidence = [
    site
      ? at(site.path, site.line, `OkComputer is mounted at ${path} (GET ${path}/all runs every registered check)`)
      : at(
          gem.manifest,
          gem.line,
          `okcomputer: ${path} is mounted by the gem (library default; GET ${path}/all runs every registered check)`,
        ),
  ];
  const registered = grepReached(facts, OKC_DEPENDENCY_CHECK, ['ruby'])[0];
  const deregistered = grepReached(facts, /\bOkC(?:omputer|OMPUTER)::Registry\.deregister\s*\(?\s*["']database["']/, [
    'ruby',
  ])[0];
  const name = registered ? OKC_DEPENDENCY_CHECK.exec(registered.text)?.[1] : undefined;
  return {
    evidence,
    note: `OkComputer ${path}`,
    ...(registered
      ? {
          checksDependency: at(
            registered.path,
            registered.line,
            `OkComputer runs ${name} (${path}/all answers 500 when it fails)`,
          ),
        }
      : !deregistered
        ? {
            checksDependency: at(
              gem.manifest,
              gem.line,
              `okcomputer registers a "database" ActiveRecordCheck by itself (${path}/all answers 500 when it fails)`,
            ),
            checksByDefault: true,
          }
        : {}),
  };
}

/** Health endpoints provided by libraries rather than a route in the code. */
export function libraryHealth(facts: Facts): LibraryHealth | undefined {
  const at = (path: string, line: number | undefined, note: string): LibraryEvidence =>
    line !== undefined ? { path, line, note } : { path, note };
  const actuator = springActuator(facts);
  if (actuator) {
    const props = springProperties(facts);
    const off = [
      'management.endpoint.health.enabled',
      'management.endpoint.health.access',
      'management.endpoints.enabled-by-default',
    ]
      .map((k) => [k, props.get(k)] as const)
      .find(([, v]) => v && /^(false|none)$/i.test(v.value));
    const exclude = props.get('management.endpoints.web.exposure.exclude');
    // exposure.include replaces the default ("health"): a list without health or * hides it.
    const include = props.get('management.endpoints.web.exposure.include');
    const notIncluded = include && !/\bhealth\b|\*/.test(include.value) ? include : undefined;
    if (off || (exclude && /\bhealth\b|\*/.test(exclude.value)) || notIncluded) {
      const v = off?.[1] ?? (exclude && /\bhealth\b|\*/.test(exclude.value) ? exclude : notIncluded!);
      return {
        evidence: [at(actuator.manifest, actuator.line, actuator.note)],
        note: 'actuator',
        disabled: at(v.file, v.line, 'the actuator health endpoint is disabled or not exposed over HTTP'),
      };
    }
    const base = (props.get('management.endpoints.web.base-path')?.value ?? '/actuator').replace(/\/$/, '');
    return {
      evidence: [
        at(
          actuator.manifest,
          actuator.line,
          actuator.fromConfiguration
            ? `${actuator.note}: ${base}/health`
            : `${actuator.note}: ${base}/health is exposed over HTTP by default (framework default)`,
        ),
      ],
      note: `Spring Boot actuator ${base}/health`,
    };
  }
  // Quarkus SmallRye Health serves /q/health (with /live and /ready); Micronaut management serves /health.
  const smallrye = facts.deps.declared(['jvm', 'quarkus-smallrye-health']);
  if (smallrye)
    return {
      evidence: [
        at(
          smallrye.manifest,
          smallrye.line,
          'quarkus-smallrye-health: /q/health, /q/health/live and /q/health/ready are served (framework default)',
        ),
      ],
      note: 'Quarkus SmallRye Health /q/health',
      readiness: quarkusReadiness(facts),
    };
  const okc = okComputer(facts);
  if (okc) return okc;
  const mnManagement = facts.deps.declared(['jvm', 'micronaut-management']);
  if (mnManagement)
    return {
      evidence: [
        at(mnManagement.manifest, mnManagement.line, 'micronaut-management: /health is served (framework default)'),
      ],
      note: 'Micronaut management /health',
    };
  const shell = naisAppShell(facts);
  if (shell) {
    const { hit, rapid } = shell;
    return {
      evidence: [
        at(
          hit.path,
          hit.line,
          `${rapid ? 'RapidApplication' : 'naisApp'}: /isalive and /isready are served by the library (library default)`,
        ),
      ],
      note: `${rapid ? 'rapids-and-rivers' : 'naisful'} /isalive and /isready`,
      ...(rapid
        ? {
            checksDependency: at(hit.path, hit.line, '/isready answers only while the Kafka consumer holds partitions'),
            checksByDefault: true,
          }
        : {}),
    };
  }
  // A Benthos (Redpanda Connect) program run through `service.RunCLI` serves /ping and /ready on its HTTP address
  // (:4195 unless its config moves it); /ready answers 503 until every input and output is connected.
  const benthos = benthosService(facts);
  if (benthos)
    return {
      evidence: [at(benthos.path, benthos.line, 'Benthos service: /ping and /ready are served (framework default)')],
      note: 'Benthos /ping and /ready',
      checksDependency: at(
        benthos.path,
        benthos.line,
        '/ready answers only while the inputs and outputs are connected',
      ),
      checksByDefault: true,
    };
  // Probot's server (`probot run`, `run(app)`, `new Server`) answers GET /ping with PONG unless `enablePing: false`; its
  // Node middleware mounted in another server or a function serves the webhook alone.
  const probot = facts.frameworks.get('probot');
  if (
    probot &&
    !/\bcreateNodeMiddleware\s*\(/.test(probot.excerpt ?? '') &&
    !/\benablePing\s*:\s*false\b/.test(facts.repo.read(probot.path) ?? '')
  )
    return {
      evidence: [at(probot.path, probot.line, "Probot's server: GET /ping answers PONG (framework default)")],
      note: 'Probot /ping',
    };
  // lc39 serves GET /-/healthz, /-/ready and /-/check-up on every service it launches, answering 200 unless the
  // service module's exported handler (`module.exports.readinessHandler = …`) returns `statusOK: false` (then 503).
  const lc39 = lc39Launch(facts.frameworks);
  if (lc39) {
    const handler =
      lc39.entry &&
      facts.repo.grepFirst(
        /^[ \t]*(?:module\.)?exports\.(?:readinessHandler|checkUpHandler|healthinessHandler)\s*=|^[ \t]*export\s+(?:async\s+)?function\s+(?:readinessHandler|checkUpHandler|healthinessHandler)\b/,
        { paths: [lc39.entry] },
      );
    return {
      evidence: [
        at(lc39.path, lc39.line, 'lc39: GET /-/healthz, /-/ready and /-/check-up are served (framework default)'),
      ],
      note: 'lc39 /-/healthz and /-/ready',
      ...(handler
        ? { checksDependency: at(handler.path, handler.line, "the service module's status handler answers the probe") }
        : {}),
    };
  }
  // Dropwizard serves /healthcheck on its admin connector (port 8081 by default): the deadlock check always, and the
  // application's own checks registered with `environment.healthChecks().register("db", new DbHealthCheck(…))`.
  const dropwizard = facts.deps.declared(['jvm', DROPWIZARD_CORE]);
  if (dropwizard) {
    const registered = grepReached(facts, /\.healthChecks\s*\(\s*\)\s*\.\s*register\s*\(/, ['java', 'kotlin'])[0];
    return {
      evidence: [
        at(
          dropwizard.manifest,
          dropwizard.line,
          'dropwizard-core: /healthcheck is served on the admin connector (framework default)',
        ),
      ],
      note: 'Dropwizard admin /healthcheck',
      ...(registered
        ? { checksDependency: at(registered.path, registered.line, 'a health check registered with healthChecks()') }
        : {}),
    };
  }
  const djangoHc = grepReached(facts, /include\(\s*["']health_check\.urls["']/, ['python'])[0];
  if (djangoHc)
    return {
      evidence: [at(djangoHc.path, djangoHc.line, 'django-health-check URLs are mounted')],
      note: 'django-health-check',
    };
  // Mozilla's dockerflow: its Django middleware and Flask extension answer /__heartbeat__ (which runs the registered
  // checks: for Django the DOCKERFLOW_CHECKS setting, by default the database connection and applied migrations; for
  // Flask the `db=`/`redis=`/`migrate=` it is given) and /__lbheartbeat__ (a constant answer for load balancers).
  const dockerflow = grepReached(
    facts,
    /["']dockerflow\.django\.middleware\.DockerflowMiddleware["']|\bDockerflow\(\s*\w/,
    ['python'],
  )[0];
  if (dockerflow) {
    const django = dockerflow.text.includes('DockerflowMiddleware');
    const listed = grepReached(facts, /^DOCKERFLOW_CHECKS\s*=/, ['python'])[0];
    const dependency = django
      ? listed
        ? grepReached(facts, /["'][\w.]*\.check_(?:database|redis)\w*["']/, ['python']).find(
            (h) => h.path === listed.path,
          )
        : undefined
      : /\b(?:db|redis|migrate)\s*=/.test(dockerflow.text)
        ? dockerflow
        : undefined;
    // Without DOCKERFLOW_CHECKS, the installed `dockerflow.django` app registers its default checks.
    const installed = django && !listed ? grepReached(facts, /["']dockerflow\.django["']/, ['python'])[0] : undefined;
    return {
      evidence: [at(dockerflow.path, dockerflow.line, 'dockerflow answers /__heartbeat__ and /__lbheartbeat__')],
      note: 'dockerflow /__heartbeat__',
      ...(dependency
        ? { checksDependency: at(dependency.path, dependency.line, 'a dependency check /__heartbeat__ runs') }
        : installed
          ? {
              checksDependency: at(
                installed.path,
                installed.line,
                "DOCKERFLOW_CHECKS unset: dockerflow's default checks (database connection, applied migrations)",
              ),
              checksByDefault: true,
            }
          : {}),
    };
  }
  // py-healthcheck (the `healthcheck` package): `HealthCheck(app, "/healthcheck")` registers the path on the Flask
  // app, and every request to it runs each function given to `health.add_check(fn)`, answering 500 when one fails.
  const pyHc = pyHealthcheck(facts);
  if (pyHc) return pyHc;
  // `healthcheck()` is express-healthcheck's middleware when called; a method of that name (declared,
  // `async healthcheck(): Promise<void> {`, or called, `client.healthcheck()`: an API client's) registers nothing.
  // alexliesenfeld/health's handler (`health.NewHandler(checker)`) is called unqualified in a copy of the library kept
  // as a package of the project's own.
  const terminus = grepReached(
    facts,
    /\bhealthChecks\s*:\s*\{|\bexposeStatusRoute\b|\bactuator\(\s*[{)]|\bcreateLightship\(|(?<![.\w$])healthcheck\(\s*\)(?!\s*[:{])|\bhealth\.NewHandler\(|(?<![.\w])NewHandler\(\s*\w*[cC]hecker\s*[,)]|\bhealthcheck\.Handler|\bhealthcheck\.New\(/,
    ['javascript', 'typescript', 'go'],
  )[0];
  if (terminus) {
    const check = terminus.path.endsWith('.go') ? grepReached(facts, GO_LIBRARY_HEALTH_CHECK, ['go'])[0] : undefined;
    return {
      evidence: [at(terminus.path, terminus.line, 'health endpoint registered by a library')],
      note: 'library health endpoint',
      ...(check
        ? { checksDependency: at(check.path, check.line, 'a check the health endpoint runs is registered with it') }
        : {}),
    };
  }
  // Go heartbeat middleware: chi's `middleware.Heartbeat("/ping")` and go-pkgz/rest's `Ping` (answers GET /ping
  // before the router: `router.Use(rest.Ping)`).
  const heartbeat =
    grepReached(facts, /\bmiddleware\.Heartbeat\(\s*"\/[^"]*"\s*\)/, ['go'])[0] ??
    grepReached(facts, /\.Use\([^)]*\b\w+\.Ping\b/, ['go']).find((m) =>
      /"github\.com\/go-pkgz\/rest"/.test(facts.repo.read(m.path) ?? ''),
    );
  if (heartbeat) {
    const p = /Heartbeat\(\s*"([^"]*)"/.exec(heartbeat.text)?.[1] ?? '/ping';
    return {
      evidence: [at(heartbeat.path, heartbeat.line, `heartbeat middleware answers GET ${p}`)],
      note: `heartbeat middleware (GET ${p})`,
    };
  }
  const csi = csiProbe(facts);
  if (csi)
    return { evidence: [csi.probe, csi.sidecar], note: 'the CSI Probe RPC, called by the livenessprobe sidecar' };
  // The gRPC health checking protocol (grpc.health.v1.Health), served over gRPC or Connect; in .NET by
  // Grpc.AspNetCore.HealthChecks (`app.MapGrpcHealthChecksService()`, reporting the ASP.NET Core health checks) or
  // Grpc.HealthCheck's HealthServiceImpl.
  const grpcHealth = grepReached(
    facts,
    /\bgrpchealth\.NewHandler\(|\bRegister(?:Health)Server\(|\bgrpc_health_v1\.Register|\bhealth\.NewServer\(\)|\bHealthStatusManager\b|\bgrpc-health-check\b|\bnew\s+HealthImplementation\(|\btonic_health::server::health_reporter\s*\(|\bhealth_pb2_grpc\.add_HealthServicer_to_server\s*\(|\.MapGrpcHealthChecksService\s*\(|\bMapGrpcService\s*<\s*(?:Grpc\.HealthCheck\.)?HealthServiceImpl\s*>|\bAddService\s*\(\s*(?:Grpc\.Health\.V1\.)?Health\.BindService\s*\(/,
    ['go', 'java', 'kotlin', 'javascript', 'typescript', 'rust', 'python', 'csharp'],
  )[0];
  if (grpcHealth) {
    // The project's own Check asking a dependency, or a server that flips the standard one to NOT_SERVING.
    const own = grepReached(facts, GRPC_CHECK_METHOD, ['go']).find((m) =>
      ASKS_DEPENDENCY.test(
        facts.repo
          .lines(m.path)
          .slice(m.line, m.line + 30)
          .join('\n'),
      ),
    );
    const flips = own
      ? undefined
      : grepReached(
          facts,
          /\.SetServingStatus\s*\([^)]*NOT_SERVING|\.set_not_serving\s*::<|\bServingStatus::NotServing\b/,
          ['go', 'rust'],
        )[0];
    const dep = own ?? flips;
    return {
      evidence: [at(grpcHealth.path, grpcHealth.line, 'gRPC health checking protocol (grpc.health.v1.Health)')],
      note: 'the gRPC health service (grpc.health.v1)',
      ...(dep
        ? {
            checksDependency: at(
              dep.path,
              dep.line,
              own
                ? 'the health service checks a dependency before answering SERVING'
                : 'the service reports NOT_SERVING',
            ),
          }
        : {}),
    };
  }
  // Phoenix/Plug: a health plug in the endpoint answers before the router (`plug MyAppWeb.Plug.HealthCheck`, PlugCheckup).
  // A plug of another name counts when its module answers a health path itself (`def call(%{request_path: path} = conn,
  // _) when path in ["/status/alive", "/status/health"]`).
  const exHealth = facts.service.middleware.find(
    (m) =>
      m.reached &&
      /\.ex$/.test(m.file) &&
      (/Health|Checkup|Heartbeat/i.test(m.name) || (/^[A-Z]/.test(m.name) && answersHealthPath(facts, m.name))),
  );
  if (exHealth)
    return {
      evidence: [at(exHealth.file, exHealth.line, `${exHealth.name} answers health checks in the endpoint`)],
      note: `the ${exHealth.name} plug`,
    };
  // Symfony: LiipMonitorBundle routes; Laravel: spatie/laravel-health controllers.
  const phpHealth = grepReached(facts, /\bHealthCheck(?:Json)?ResultsController\b|liip_monitor/, ['php'])[0];
  if (phpHealth)
    return {
      evidence: [at(phpHealth.path, phpHealth.line, 'health endpoint registered by a library')],
      note: 'library health endpoint',
    };
  // A Rack application of the project's own (`def call(env)`) that answers a health path itself: a `case
  // env["PATH_INFO"]` branch (`when "/health"`) or a comparison. Often a small server a worker or SMTP process starts
  // beside its main loop (WEBrick/Puma on a health port).
  const rackHealth = grepReached(facts, RACK_HEALTH_BRANCH, ['ruby']).find((m) => {
    const text = facts.repo.read(m.path) ?? '';
    return (
      /^\s*def\s+call\s*\(\s*env\s*\)/m.test(text) && /\benv\s*\[\s*["'](?:PATH_INFO|REQUEST_PATH)["']\s*\]/.test(text)
    );
  });
  if (rackHealth) {
    const p = /["'](\/[^"']*)["']/.exec(rackHealth.text)?.[1] ?? '/health';
    return {
      evidence: [at(rackHealth.path, rackHealth.line, `Rack application answers ${p}`)],
      note: `a Rack health endpoint (${p})`,
    };
  }
  const railsUp = facts.frameworks.has('rails')
    ? grepConfig(facts, /rails\/health#show/, 'config/routes.rb')[0]
    : undefined;
  if (railsUp) return { evidence: [at(railsUp.path, railsUp.line, 'Rails::HealthController')], note: 'Rails health' };
  return undefined;
}

/** Handler names that say the route answers a health check (`is_healthy`, `healthCheck`, `liveness_probe`). */
const HEALTH_HANDLER = /^(?:is_?)?(?:health(?:y|z|_?check)?|alive|liveness(?:_?probe)?)$/i;

export function healthRoutes(facts: Facts): { reached: ServiceRoute[]; unreached: ServiceRoute[] } {
  const probed = probedPaths(facts);
  const idp = {
    routes: facts.service.routes,
    library: facts.manifests.dependencies.some((d) => IDP_LIBRARY.test(d.name)),
  };
  const all = facts.service.routes.filter(
    (r) =>
      isHealthRoute(r, idp) ||
      rootHealthHandler(facts, r) ||
      isHealthCheckEndpoint(r) ||
      // A GET handler named for the check (`def is_healthy(): return "… Alive and healthy!"` on `/`, `health_check`)
      // is the health endpoint whatever path it is served on.
      (!/^(POST|PUT|PATCH|DELETE)$/i.test(r.method) && HEALTH_HANDLER.test(r.handler ?? '')) ||
      (probed.size > 0 && !/^(POST|PUT|PATCH|DELETE)$/i.test(r.method) && probed.has(normalProbePath(r.fullPath))),
  );
  // The route a healthcheck probes comes first (Appwrite's compose probes /v1/health/version, not its SDK's /v1/ping).
  const probedFirst = [...all].sort(
    (a, b) => Number(probed.has(normalProbePath(b.fullPath))) - Number(probed.has(normalProbePath(a.fullPath))),
  );
  // A route of a sample program (examples/, scripts/) was never meant to be wired into the service.
  return {
    reached: probedFirst.filter((r) => r.reached),
    unreached: probedFirst.filter((r) => !r.reached && facts.liveness.isProductionPath(r.file)),
  };
}

/** A call of a function named for a health check (`s.healthCheck(w, r)`, `return health(request)`). */
const HEALTH_CALL = /\b\w*[Hh]ealth(?:[Cc]heck)?\w*\s*\(/;

/**
 * The root path answered by a health check: a `/` route whose handler is named for one, or whose handler calls one
 * (livekit's `defaultHandler` answering `/` with `s.healthCheck(w, r)` and 404 for any other path).
 */
export function rootHealthHandler(facts: Facts, r: ServiceRoute): boolean {
  if (normalProbePath(r.fullPath) !== '/' || /^(POST|PUT|PATCH|DELETE)$/i.test(r.method)) return false;
  if (r.handler && /health/i.test(r.handler)) return true;
  if (!r.handler) return false;
  const body = routeBody(facts, r);
  return body.file !== r.file || body.line !== r.line
    ? HEALTH_CALL.test(body.text.split('\n').slice(1).join('\n'))
    : false;
}

/**
 * An endpoint that demands an authenticated caller (`MapHealthChecks(…).RequireAuthorization()`, no AllowAnonymous)
 * serves a dashboard: an orchestrator's probe or a load balancer gets 401 unless it is given credentials.
 */
export function probeNeedsCredentials(r: Pick<ServiceRoute, 'middleware'>): boolean {
  return (
    !!r.middleware?.some((m) => /\bRequireAuthorization\b/.test(m)) &&
    !r.middleware.some((m) => /\bAllowAnonymous\b/.test(m))
  );
}

/** `/api/status/` → `/api/status`; a query string is not part of the route. */
function normalProbePath(p: string): string {
  const bare = p.replace(/[?#].*$/, '').replace(/\/+$/, '');
  return bare.startsWith('/') ? bare || '/' : `/${bare}`;
}

/** A URL on the container's own host in a probe command: `curl -f http://localhost:${PORT}/api/status`. */
const LOCAL_URL = /\bhttps?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::[^/\s"'|;&)]*)?(\/[^\s"'|;&)]*)/g;

/**
 * Paths the deployment probes: a URL on the container's own host in a Dockerfile HEALTHCHECK or a compose healthcheck,
 * an httpGet probe path of a Kubernetes manifest, a platform's health check path (render.yaml healthCheckPath,
 * railway healthcheckPath, App Platform http_path). A route the deployment probes is the health endpoint whatever its
 * name (`/api/status` answered by a route handler and curled by the image's HEALTHCHECK); the root path is not taken,
 * since a probe of `/` only asks whether the home page renders.
 */
export function probedPaths(facts: Facts): Set<string> {
  const out = new Set<string>();
  const add = (text: string) => {
    for (const m of text.matchAll(LOCAL_URL)) {
      const p = normalProbePath(m[1]!);
      if (p !== '/') out.add(p);
    }
  };
  for (const df of facts.dockerfiles.production)
    for (const ins of df.instructions) if (ins.keyword === 'HEALTHCHECK') add(ins.args);
  for (const s of facts.compose.services) if (s.healthcheckTest) add(s.healthcheckTest.join(' '));
  // A probe of /metrics checks a metrics exporter (a sidecar's own liveness), not the application's health.
  const keep = (p: string | undefined) => {
    if (p && normalProbePath(p) !== '/' && !/^\/(?:metrics|prometheus)$/i.test(normalProbePath(p)))
      out.add(normalProbePath(p));
  };
  const include = '**/*.{yaml,yml,json,toml}';
  const probeKeyPath = (text: string) => /["']?(\/[^"'\s,}]*)/.exec(text.slice(text.search(/[:=]/) + 1))?.[1];
  for (const m of facts.repo.grep(PROBE_PATH_KEY, { include })) keep(probeKeyPath(m.text));
  // The health check path of a platform descriptor deploying the component from outside its folder (a root
  // railway.json whose start command runs the workspace's API package).
  for (const t of facts.platform.service) {
    const text = t.healthCheck ? facts.repo.lineText(t.healthCheck.file ?? t.path, t.healthCheck.line) : undefined;
    if (text && PROBE_PATH_KEY.test(text)) keep(probeKeyPath(text));
  }
  // Kubernetes `httpGet:` with its `path:` on one of the next lines.
  for (const m of facts.repo.grep(/^\s*(?:-\s+)?httpGet:\s*$/, { include: '**/*.{yaml,yml}' })) {
    const next = facts.repo.lines(m.path).slice(m.line, m.line + 4);
    keep(next.map((l) => /^\s*path:\s*["']?(\/[^"'\s]*)/.exec(l)?.[1]).find(Boolean));
  }
  return out;
}

/**
 * Keys whose value is the path a platform, a load balancer target group (CloudFormation `HealthCheckPath`) or a
 * Kubernetes httpGet probe requests.
 */
const PROBE_PATH_KEY =
  /^\s*["']?(?:[hH]ealthCheckPath|healthcheckPath|health_check_path|http_path)["']?\s*[:=]\s*["']?\//;

/** Quarkus SmallRye Health: /q/health/ready runs @Readiness beans and the checks data-store extensions register. */
function quarkusReadiness(facts: Facts): LibraryHealth['readiness'] {
  const own = facts.repo.grepFirst(/^\s*@Readiness\b/m, { languages: ['java', 'kotlin'], kinds: ['source'] });
  if (own)
    return {
      evidence: { path: own.path, line: own.line, note: '@Readiness health check (/q/health/ready)' },
      confidence: 'high',
    };
  const store = facts.manifests.dependencies.find(
    (d) =>
      d.ecosystem === 'jvm' &&
      /(?:^|:)quarkus-(?:agroal|jdbc-\w+|reactive-\w+-client|redis-client|kafka-client|messaging-kafka|mongodb-client|hibernate-orm)/.test(
        d.name,
      ),
  );
  if (!store) return undefined;
  const note = `${store.name}: its readiness check is part of /q/health/ready by default (framework default)`;
  return {
    evidence:
      store.line !== undefined ? { path: store.manifest, line: store.line, note } : { path: store.manifest, note },
    confidence: 'low',
  };
}

/**
 * A health route registered only in test code (a test app's `app.get('/health', ...)`, not a client calling it): the
 * practice exists where production never runs it.
 */
export function healthRouteInTests(repo: RepoIndex): { path: string; line: number } | undefined {
  const hit = repo
    .grep(/["'`]\/?(health|healthz|livez|ping|readyz)\/?["'`]/, { kinds: ['test'] })
    .find(
      (m) =>
        /@\w+\.(get|route)\(|\b(app|router|r|bp|blueprint|server|mux|e|g|v1|api)\.(get|route|GET|Get|HandleFunc|add_api_route)\(|\bpath\(/.test(
          m.text,
        ) && !/\b(client|request|supertest|http|fetch|axios)\b/.test(m.text),
    );
  return hit && { path: hit.path, line: hit.line };
}

/** Whether the Elixir module a plug names (by its last segment) matches the request path against a health path. */
function answersHealthPath(facts: Facts, plug: string): boolean {
  const name = plug.split('.').pop()!;
  const def = facts.repo.grepFirst(new RegExp(`^\\s*defmodule\\s+(?:[\\w.]+\\.)?${name}\\s+do\\b`), {
    languages: ['elixir'],
    kinds: ['source'],
  });
  if (!def) return false;
  const text = facts.repo.read(def.path) ?? '';
  return (
    /\brequest_path\b|\bpath_info\b/.test(text) &&
    /"\/(?:[\w-]+\/)*_?(?:health|healthz|healthy|alive|livez?|liveness|readyz?|readiness|ping|heartbeat)"/.test(text) &&
    /^\s*def\s+call\s*\(/m.test(text)
  );
}

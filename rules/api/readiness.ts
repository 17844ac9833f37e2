import {
  defineRule,
  describeRoute,
  healthRoutes,
  libraryHealth,
  probeNeedsCredentials,
  READY_SEGMENT,
  segments,
  springActuator,
  springProperties,
} from '../../src/sdk/index.js';
import { evidenceOf } from '../_lib/library-evidence.js';

const ROUTE =
  'Add GET /readyz that pings the database (SELECT 1) and other hard dependencies and returns 503 when one fails.';

export default defineRule({
  meta: {
    id: 'api.readiness',
    category: 'api',
    title: 'The service reports readiness separately from liveness',
    severity: 'medium',
    level: 2,
    scope: 'component',
    requires: ['http', 'network-api'],
    docs: {
      why: 'A process can be alive but unable to serve (database down, cache warming). A readiness endpoint that checks dependencies lets the orchestrator stop routing traffic to it instead of restarting it or sending requests that fail.',
      how: 'Passes on a reached readiness route (/readyz, /ready, /readiness, /startup), on a health handler whose body checks a dependency (DB ping, SELECT 1, redis ping, terminus indicators, a service method such as isDatabaseHealthy; Django views are followed through the URL conf imports) or answers 503 when something it checks fails (a 503 only while the process shuts down, a drain flag, is a low pass), on a gRPC health service written in the project whose Check asks a dependency or on one set to NOT_SERVING, on django-health-check with backends, on Spring Boot actuator with probes enabled or a DataSource (whose health indicator is on by default), or on Quarkus SmallRye Health with an @Readiness check or a data-source/client extension whose readiness check it registers (low confidence). A health handler that only returns a constant is a gap here even though it passes api.health. n/a when the service runs only as functions a platform invokes (Lambda, Workers, Vercel/Netlify functions): nothing routes by readiness.',
      fix: [ROUTE, 'Point the Kubernetes readinessProbe at it; keep /healthz constant for liveness.'],
      fixFor: {
        kubernetes: [
          ROUTE,
          "Point the Deployment's `readinessProbe` at it; keep /healthz constant for the livenessProbe.",
        ],
        paas: [
          ROUTE,
          "Make it the platform's health check so a new release takes traffic only once it is ready: render.yaml `healthCheckPath`, fly.toml `[[http_service.checks]]`, a Cloud Run `startupProbe`, App Platform `health_check`.",
        ],
        compose: [
          ROUTE,
          "Use it as the service's compose `healthcheck:` and start the services that need it with `depends_on: {<name>: {condition: service_healthy}}`.",
        ],
        'container-service': [
          ROUTE,
          "Point the load balancer target group's health check at it (ECS stops routing to a task that fails it), or a Nomad service `check`.",
        ],
        vm: [
          ROUTE,
          "Point the load balancer's health check (Kamal's proxy healthcheck path) at it so a host leaves the rotation while a dependency is down.",
        ],
      },
      effort: 'S',
      links: [
        'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-readiness-probes',
      ],
    },
    messages: {
      route: 'Readiness endpoint {{route}}.',
      checks: 'The health endpoint {{route}} checks its dependencies.',
      statusChecks:
        'The status endpoint {{route}} checks the service’s dependencies: a probe can ask it for readiness.',
      drains:
        'The health endpoint {{route}} answers 503 while the service shuts down, so traffic leaves it before it exits, but it checks no dependency: it reports ready while its dependencies are down.',
      library: '{{library}}.',
      constant:
        'The health endpoint {{route}} only returns a constant and there is no readiness route: the service reports ready even when its dependencies are down.',
      missing: 'No readiness endpoint and no health endpoint that checks dependencies.',
      neverWired:
        'A readiness route is defined in {{file}} but never wired: no entrypoint imports or registers that module.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['readiness endpoint', 'readiness check', '/ready', '/readyz', 'ready endpoint'],
  },
  check(ctx) {
    const fn = ctx.facts.functions;
    if (fn.only)
      return ctx.na(
        `the service runs only as functions on ${`${fn.name}, ${fn.where}`}: no orchestrator or load balancer routes traffic by readiness; the platform invokes a handler per request`,
      );
    const { reached, unreached } = healthRoutes(ctx.facts);
    const rd = ctx.facts.readiness;
    if (rd.readyRoute) {
      // A distinct readiness route passes; one whose handler visibly checks nothing is a low-confidence pass.
      const { route: r, checksDependency } = rd.readyRoute;
      const checked = checksDependency;
      return ctx.pass(
        [
          ctx.at(
            r.file,
            r.line,
            `${describeRoute(r)}: readiness route${checked ? '' : ' (its handler does not visibly check a dependency)'}`,
          ),
        ],
        {
          messageId: 'route',
          confidence: checked ? 'high' : 'low',
          data: { route: describeRoute(r) },
        },
      );
    }
    // ASP.NET Core MapHealthChecks/UseHealthChecks run every registered check: a check of a dependency (a DbContext, a
    // database, a cache, another service's URL, a project IHealthCheck class) makes the endpoint answer for it.
    const aspnets = reached.filter((r) => r.handler === 'HealthChecks');
    const aspnet = aspnets.find((r) => !probeNeedsCredentials(r)) ?? aspnets[0];
    const reg = rd.dotnetCheck;
    if (aspnet && reg) {
      // Behind RequireAuthorization, a probe gets 401 unless it is given credentials: low.
      const guarded = probeNeedsCredentials(aspnet);
      return ctx.pass(
        [
          ctx.at(
            aspnet.file,
            aspnet.line,
            `${describeRoute(aspnet)}${guarded ? ': requires an authenticated caller, so a probe must send credentials' : ''}`,
          ),
          ctx.at(reg.path, reg.line, `a registered health check of a dependency (${reg.call})`),
        ],
        { messageId: 'checks', data: { route: describeRoute(aspnet) }, ...(guarded ? { confidence: 'low' } : {}) },
      );
    }
    const hc = rd.handlerCheck;
    // A 503 only while the process shuts down takes it out of the load balancer before it exits, but the endpoint
    // reports ready while its dependencies are down: low.
    if (hc?.drainOnly)
      return ctx.pass(
        [
          ctx.at(hc.route.file, hc.route.line, describeRoute(hc.route)),
          ctx.at(hc.check.path, hc.check.line, `the handler ${hc.check.call}; it checks no dependency`),
        ],
        { messageId: 'drains', data: { route: describeRoute(hc.route) }, confidence: 'low' },
      );
    if (hc)
      return ctx.pass(
        [
          ctx.at(hc.route.file, hc.route.line, describeRoute(hc.route)),
          ctx.at(hc.check.path, hc.check.line, `the handler checks a dependency (${hc.check.call})`),
        ],
        { messageId: hc.status ? 'statusChecks' : 'checks', data: { route: describeRoute(hc.route) } },
      );
    // Spring Boot actuator: probes groups, or the DataSource/Redis/Mongo indicators that are on by default.
    if (springActuator(ctx.facts)) {
      const lib = libraryHealth(ctx.facts);
      const props = springProperties(ctx.facts);
      const probes = ['management.endpoint.health.probes.enabled', 'management.health.probes.enabled']
        .map((k) => props.get(k))
        .find((v) => v && /true/i.test(v.value));
      const group = [...props.entries()].find(([k]) => /^management\.endpoint\.health\.group\.readiness\./.test(k));
      if (!lib?.disabled && (probes || group)) {
        const v = probes ?? group![1];
        return ctx.pass([ctx.at(v.file, v.line, 'actuator readiness probe group (/actuator/health/readiness)')], {
          messageId: 'library',
          data: { library: 'Spring Boot actuator readiness group' },
        });
      }
      const store = [
        'spring-boot-starter-data-jpa',
        'spring-boot-starter-jdbc',
        'spring-boot-starter-data-redis',
        'spring-boot-starter-data-mongodb',
        'spring-boot-starter-data-r2dbc',
        // Starters that bring a DataSource or a client with its own indicator (jOOQ and Spring Data JDBC run on
        // spring-boot-starter-jdbc; RabbitMQ, Cassandra, Elasticsearch, Neo4j, Couchbase have indicators too).
        'spring-boot-starter-jooq',
        'spring-boot-starter-data-jdbc',
        'spring-boot-starter-data-mongodb-reactive',
        'spring-boot-starter-data-redis-reactive',
        'spring-boot-starter-amqp',
        'spring-boot-starter-data-cassandra',
        'spring-boot-starter-data-elasticsearch',
        'spring-boot-starter-data-neo4j',
        'spring-boot-starter-data-couchbase',
        // MyBatis starters bring spring-boot-starter-jdbc, hence the DataSource and its indicator.
        'mybatis-spring-boot-starter',
        'mybatis-plus-boot-starter',
        'mybatis-plus-spring-boot3-starter',
      ]
        .map((a) => ctx.facts.deps.declared(['jvm', a]))
        .find(Boolean);
      if (!lib?.disabled && store) {
        return ctx.pass(
          [
            ctx.at(
              store.manifest,
              store.line,
              `${store.name}: actuator /health includes this store's health indicator by default (framework default)`,
            ),
          ],
          {
            messageId: 'library',
            data: { library: 'Spring Boot actuator health checks the data store (framework default)' },
            confidence: 'low',
          },
        );
      }
    }
    // Quarkus SmallRye Health: /q/health/ready runs the readiness checks the data-source and client extensions
    // register by default (Agroal, reactive SQL clients, Redis, Kafka, MongoDB) and any @Readiness bean.
    const quarkusReady = libraryHealth(ctx.facts)?.readiness;
    if (quarkusReady)
      return ctx.pass([ctx.at(quarkusReady.evidence.path, quarkusReady.evidence.line, quarkusReady.evidence.note)], {
        messageId: 'library',
        data: { library: 'Quarkus SmallRye Health readiness (/q/health/ready)' },
        ...(quarkusReady.confidence === 'low' ? { confidence: 'low' as const } : {}),
      });
    const djangoBackends = rd.djangoBackends;
    if (djangoBackends) {
      return ctx.pass(
        [ctx.at(djangoBackends.path, djangoBackends.line, 'django-health-check backend checks a dependency')],
        { messageId: 'library', data: { library: 'django-health-check with dependency backends' } },
      );
    }
    const readyUnwired = unreached.find((r) => segments(r.fullPath).some((s) => READY_SEGMENT.test(s)));
    if (readyUnwired) {
      return ctx.gap(
        'neverWired',
        [
          ctx.at(
            readyUnwired.file,
            readyUnwired.line,
            `${describeRoute(readyUnwired)} is registered in a module no entrypoint reaches`,
          ),
        ],
        { data: { file: readyUnwired.file } },
      );
    }
    // A gRPC health service of the project's own whose Check answers from a dependency (`IsReady(ctx)` → NOT_SERVING),
    // servers that flip the standard health server to NOT_SERVING, or a Go health library running registered checks
    // (its handler answers 503 when one fails, whatever route serves it).
    const lib = libraryHealth(ctx.facts);
    const dep = lib?.checksDependency;
    if (lib && !lib.disabled && dep)
      return ctx.pass(
        // The library's set-up and its dependency check can be one call: cited once, for the check.
        [...lib.evidence.filter((e) => e.path !== dep.path || e.line !== dep.line), dep].map((e) => evidenceOf(ctx, e)),
        {
          messageId: 'checks',
          data: { route: lib.note },
          ...(lib.checksByDefault ? { confidence: 'low' as const } : {}),
        },
      );
    const searched = [
      '/readyz',
      '/ready',
      '/readiness',
      'dependency check in the health handler',
      'actuator probes',
      'django-health-check backends',
    ];
    if (reached.length) {
      const r = reached[0]!;
      return ctx.gap(
        'constant',
        [
          ctx.at(r.file, r.line, `${describeRoute(r)} returns a constant without checking dependencies`),
          ctx.missing(searched, 'no readiness route or dependency check'),
        ],
        { data: { route: describeRoute(r) } },
      );
    }
    // A health plug in a Phoenix endpoint that answers a ready path by querying the repo (or another dependency).
    if (lib && rd.plugCheck)
      return ctx.pass(
        [
          ...lib.evidence.map((e) => evidenceOf(ctx, e)),
          ctx.at(rd.plugCheck.path, rd.plugCheck.line, `the plug checks a dependency (${rd.plugCheck.call})`),
        ],
        { messageId: 'library', data: { library: lib.note } },
      );
    if (lib && !lib.disabled) {
      return ctx.gap(
        'constant',
        [
          ...lib.evidence.map((e) => evidenceOf(ctx, e)),
          ctx.missing(searched, 'the health endpoint does not check dependencies'),
        ],
        { data: { route: lib.note } },
      );
    }
    return ctx.gap('missing', [ctx.missing(searched, 'no readiness or dependency-checking health endpoint')]);
  },
});

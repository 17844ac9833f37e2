import {
  defineRule,
  describeRoute,
  healthRoutes,
  libraryHealth,
  probeNeedsCredentials,
  reachedRoutes,
} from '../../src/sdk/index.js';
import { evidenceOf } from '../_lib/library-evidence.js';

const ROUTE = 'Add a GET /healthz route that returns 200 quickly without calling dependencies.';

export default defineRule({
  meta: {
    id: 'api.health',
    category: 'api',
    title: 'The service exposes an HTTP health endpoint',
    severity: 'high',
    level: 1,
    scope: 'component',
    requires: ['http', 'probed'],
    docs: {
      why: 'Orchestrators, load balancers and uptime checks need a cheap endpoint that says the process is alive; without it a hung instance keeps receiving traffic and is never restarted.',
      how: 'Reads the routes the service registers (decorators, router calls, urls.py, controllers, Next.js route files, config/routes.rb; a path kept in a constant of the same file, `app.get(PATHS.health, …)`, is read from it, and a path under a computed prefix, `app.get(base + "/healthcheck", …)`, by its literal tail) and keeps those in files an entrypoint reaches; health-like paths (/health, /healthz, /livez, /ping, /up, /readyz) pass. Spring Boot actuator (unless disabled), django-health-check, @godaddy/terminus and Rails::HealthController count, and so do the checks a controller-runtime manager given a probe address serves (`mgr.AddHealthzCheck` on /healthz, `AddReadyzCheck` on /readyz; the address "0" switches them off) and the /ping and /ready a Benthos (Redpanda Connect) service run through `service.RunCLI` serves. A CSI plugin, which serves only a Unix socket, passes on its Probe RPC (the health check of the CSI spec) where its pods run the livenessprobe sidecar that answers the kubelet probe by calling it. Routes only in tests, in commented-out code or in modules nothing imports do not. When no route of the service is read at all (its own dispatcher, a declaration form not read) the gap says so, with low confidence.',
      fix: [
        ROUTE,
        'Point the container HEALTHCHECK / Kubernetes livenessProbe at it.',
        'gRPC: register the standard grpc.health.v1 service (grpc-go health.NewServer() with healthpb.RegisterHealthServer, tonic-health health_reporter()) and probe it with a gRPC probe (Kubernetes `grpc:` probes, grpc_health_probe).',
      ],
      fixFor: {
        kubernetes: [ROUTE, "Point the Deployment's `livenessProbe` (httpGet) at it."],
        paas: [
          ROUTE,
          "Make it the platform's health check: render.yaml `healthCheckPath`, fly.toml `[[http_service.checks]]` path, railway `healthcheckPath`, App Platform `health_check.http_path`, a Cloud Run `livenessProbe` httpGet path.",
        ],
        serverless: [
          ROUTE,
          'The platform probes no function: point an uptime monitor and the post-deploy smoke test at it.',
        ],
        compose: [ROUTE, "Point the service's compose `healthcheck:` (or the Dockerfile HEALTHCHECK) at it."],
        'container-service': [
          ROUTE,
          "Point the ECS task-definition `healthCheck` and the load balancer target group's health check (or the Nomad service `check`) at it.",
        ],
        vm: [
          ROUTE,
          "Point the load balancer's health check (an nginx or HAProxy upstream check, Kamal's proxy healthcheck path, a cloud load balancer's target health check) and an uptime monitor at it.",
        ],
      },
      effort: 'S',
      links: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/'],
    },
    messages: {
      found: 'Health endpoint {{route}}.',
      library: 'Health endpoint provided by {{library}}.',
      missing:
        'No health endpoint: none of the {{count}} routes the service registers looks like /health, /healthz, /livez or /ping.',
      noRoutes:
        'No health endpoint found: the audit read no route this service registers, and saw neither a health route (/health, /healthz, /livez, /ping, /up) declared in a form it reads nor a health library (Spring Boot actuator, django-health-check, @godaddy/terminus).',
      missingFunctions:
        'No health endpoint: none of the {{count}} routes looks like /health. {{platform}} does not probe one itself, but uptime monitors and post-deploy smoke tests need a cheap route (a GET /health function) that answers 200 without calling dependencies.',
      noRoutesFunctions:
        'No health endpoint found: the audit read no route of the functions this service deploys, and saw no health route among them. {{platform}} does not probe one itself, but uptime monitors and post-deploy smoke tests need a cheap route (a GET /health function) that answers 200 without calling dependencies.',
      neverWired:
        'A health route is defined in {{file}} but never wired: no entrypoint imports or registers that module.',
      devOnly:
        'The health endpoint {{route}} is mapped only when the app runs in Development ({{file}}): production has none.',
      testOnly: 'A health route appears only in test code ({{file}}); the service itself registers none.',
      disabled: 'The actuator health endpoint is disabled or excluded from HTTP exposure.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: [
      'health endpoint',
      'health check endpoint',
      'health checks',
      'healthcheck endpoint',
      '/health',
      '/healthz',
      'liveness endpoint',
      'health/metrics endpoints',
    ],
  },
  check(ctx) {
    const { reached, unreached } = healthRoutes(ctx.facts);
    if (reached.length) {
      // An endpoint that demands an authenticated caller serves a dashboard, not a probe (low).
      const guarded = probeNeedsCredentials;
      const open = reached.filter((r) => !guarded(r));
      const shown = open.length ? open : reached;
      return ctx.pass(
        shown
          .slice(0, 3)
          .map((r) =>
            ctx.at(
              r.file,
              r.line,
              `${describeRoute(r)} (${r.framework})${guarded(r) ? ': requires an authenticated caller, so a probe must send credentials' : ''}`,
            ),
          ),
        {
          messageId: 'found',
          data: { route: describeRoute(shown[0]!) },
          ...(open.length ? {} : { confidence: 'low' }),
        },
      );
    }
    const lib = libraryHealth(ctx.facts);
    if (lib?.disabled)
      return ctx.gap('disabled', [...lib.evidence.map((e) => evidenceOf(ctx, e)), evidenceOf(ctx, lib.disabled)]);
    if (lib)
      return ctx.pass(
        lib.evidence.map((e) => evidenceOf(ctx, e)),
        { messageId: 'library', data: { library: lib.note } },
      );
    const dev = unreached.find((r) => (r as { devOnly?: boolean }).devOnly);
    if (dev)
      return ctx.gap(
        'devOnly',
        [ctx.at(dev.file, dev.line, `${describeRoute(dev)} is inside if (app.Environment.IsDevelopment())`)],
        { data: { route: describeRoute(dev), file: dev.file } },
      );
    if (unreached.length) {
      const r = unreached[0]!;
      return ctx.gap(
        'neverWired',
        [ctx.at(r.file, r.line, `${describeRoute(r)} is registered in a module no entrypoint reaches`)],
        { data: { file: r.file } },
      );
    }
    const testHit = ctx.facts.healthRouteInTests;
    const searched = [
      '/health',
      '/healthz',
      '/livez',
      '/ping',
      '/up',
      'actuator',
      'django-health-check',
      '@godaddy/terminus',
    ];
    if (testHit) {
      return ctx.gap(
        'testOnly',
        [
          ctx.at(testHit.path, testHit.line, 'health route registered in a test only'),
          ctx.missing(searched, 'no health route in production code'),
        ],
        { data: { file: testHit.path } },
      );
    }
    const routes = reachedRoutes(ctx.facts);
    const fn = ctx.facts.functions;
    const note = routes.length ? 'no health route among the registered routes' : 'no registered route was read';
    const ev = [ctx.missing(searched, fn.only ? `${note}; ${fn.health}` : note)];
    for (const r of routes.slice(0, 2)) ev.push(ctx.at(r.file, r.line, `route ${describeRoute(r)}`));
    // With no route read the search covered nothing the service serves: say so rather than count zero routes.
    if (fn.only)
      return routes.length
        ? ctx.gap('missingFunctions', ev, { data: { count: routes.length, platform: fn.name! } })
        : ctx.gap('noRoutesFunctions', ev, { confidence: 'low', data: { platform: fn.name! } });
    if (!routes.length) return ctx.gap('noRoutes', ev, { confidence: 'low' });
    // A plain PHP front controller dispatches paths of its own that were not read: the routes counted are only part.
    const front = ctx.facts.service.unreadDispatch;
    if (front) ev.push(ctx.at(front, 1, 'front controller: the paths it dispatches to were not read'));
    return ctx.gap('missing', ev, { data: { count: routes.length }, ...(front ? { confidence: 'low' } : {}) });
  },
});

import { defineRule } from '../../src/sdk/index.js';
import { firstLibrary, type LibSpec } from '../_lib/library-evidence.js';

const OTEL_HTTP: LibSpec = {
  label: 'OpenTelemetry instrumentation (trace context propagation)',
  deps: [
    ['python', 'opentelemetry-instrumentation-fastapi'],
    ['python', 'opentelemetry-instrumentation-flask'],
    ['python', 'opentelemetry-instrumentation-django'],
    ['node', '@opentelemetry/auto-instrumentations-node'],
    ['node', '@opentelemetry/instrumentation-http'],
  ],
  imports: [
    /^opentelemetry\.instrumentation\.(fastapi|flask|django|asgi|wsgi|starlette)/,
    '@opentelemetry/auto-instrumentations-node',
    '@opentelemetry/instrumentation-http',
    /^go\.opentelemetry\.io\/contrib\/instrumentation\/(net\/http\/otelhttp|github\.com\/gin-gonic\/gin\/otelgin|github\.com\/labstack\/echo\/otelecho|github\.com\/gorilla\/mux\/otelmux)/,
  ],
  usage:
    /instrument_app|FastAPIInstrumentor|FlaskInstrumentor|DjangoInstrumentor|OpenTelemetryMiddleware|getNodeAutoInstrumentations|HttpInstrumentation|otelhttp\.NewHandler|otelgin\.Middleware|otelecho\.Middleware|otelmux\.Middleware/,
};

const LIBS: LibSpec[] = [
  {
    label: 'asgi-correlation-id',
    deps: [['python', 'asgi-correlation-id']],
    imports: ['asgi_correlation_id'],
    usage: /CorrelationIdMiddleware/,
  },
  { label: 'django-guid', deps: [['python', 'django-guid']], imports: ['django_guid'], usage: /django_guid/ },
  { label: 'django-request-id', deps: [['python', 'django-request-id']], imports: ['request_id'] },
  {
    label: 'flask-request-id-header',
    deps: [
      ['python', 'flask-request-id-header'],
      ['python', 'flask-log-request-id'],
    ],
    imports: ['flask_request_id_header', 'flask_log_request_id'],
  },
  {
    label: 'django-log-request-id',
    deps: [['python', 'django-log-request-id']],
    imports: ['log_request_id'],
    usage: /RequestIDMiddleware/,
  },
  {
    label: 'starlette-context',
    deps: [['python', 'starlette-context']],
    imports: ['starlette_context'],
    usage: /RequestIdPlugin|CorrelationIdPlugin/,
  },
  {
    label: 'hono/request-id',
    imports: ['hono/request-id'],
    usage: /\brequestId\s*\(/,
  },
  { label: 'elysia-requestid', deps: [['node', 'elysia-requestid']], imports: ['elysia-requestid'] },
  { label: 'express-request-id', deps: [['node', 'express-request-id']], imports: ['express-request-id'] },
  { label: 'cls-rtracer', deps: [['node', 'cls-rtracer']], imports: ['cls-rtracer'] },
  {
    label: 'koa-requestid',
    deps: [
      ['node', 'koa-requestid'],
      ['node', 'koa-request-id'],
    ],
    imports: ['koa-requestid', 'koa-request-id'],
  },
  {
    label: 'nestjs-cls',
    deps: [['node', 'nestjs-cls']],
    imports: ['nestjs-cls'],
    usage: /generateId\s*:\s*true|idGenerator/,
  },
  {
    label: 'gin-contrib/requestid',
    deps: [['go', 'github.com/gin-contrib/requestid']],
    imports: ['github.com/gin-contrib/requestid'],
  },
  { label: 'fiber requestid', imports: [/^github\.com\/gofiber\/fiber\/v\d\/middleware\/requestid$/] },
  {
    // Ktor's CallId plugin takes the id from a header (or generates one) and gives it to CallLogging's MDC.
    label: 'Ktor CallId',
    deps: [
      ['jvm', 'ktor-server-call-id'],
      ['jvm', 'ktor-server-call-id-jvm'],
    ],
    imports: [/^io\.ktor\.server\.plugins\.callid\b/, /^io\.ktor\.features\.CallId\b/],
    usage: /\binstall\s*\(\s*CallId\b/,
  },
  OTEL_HTTP,
];

/** Frameworks that give every request an id of their own (framework defaults), and what becomes of it. */
const FRAMEWORK_IDS = [
  ['fastify', 'fastify assigns request.id by default (framework default), not taken from or returned in a header'],
  ['hapi', 'hapi assigns request.id by default (framework default), not taken from or returned in a header'],
  [
    'dropshot',
    'dropshot gives every request an id (rqctx.request_id), logs it with the request and returns it in the x-request-id response header (framework default); an incoming id is not taken',
  ],
] as const;

/** Hand-written middleware that reads or sets a request/correlation id header. */
export default defineRule({
  meta: {
    id: 'api.request-id',
    category: 'api',
    title: 'Each request carries a request/correlation id',
    severity: 'medium',
    level: 3,
    scope: 'component',
    requires: ['http-api', 'network-api'],
    docs: {
      why: 'A request id in every log line and error response (propagated to downstream calls) is what lets you follow one failing request across services and logs.',
      how: "Looks in code the service reaches for a request-id middleware (asgi-correlation-id, django-guid, django-log-request-id, dockerflow, express-request-id, cls-rtracer, pino-http genReqId, koa-requestid, chi/echo middleware.RequestID, gin-contrib/requestid, fiber requestid, Ktor's CallId plugin), Fastify's requestIdHeader (lc39 sets it to x-request-id on the services it launches), hand-written middleware that reads/sets X-Request-ID or X-Correlation-ID, OpenTelemetry HTTP instrumentation (trace context propagation; on ASP.NET Core also AddAspNetCoreInstrumentation on a tracing builder, Application Insights request tracking (AddApplicationInsightsTelemetry) and the Azure Monitor OpenTelemetry distro (UseAzureMonitor)), an ASP.NET correlation-id middleware (UseCorrelationId), Spring Sleuth / Micrometer Tracing, and the request id a functions platform assigns and returns to the caller (Netlify context.requestId / x-nf-request-id, Lambda awsRequestId / requestContext.requestId) when code binds it to the log context or the response: a caller's id then finds the request's log lines, as a generated X-Request-ID would. Framework defaults are stated: Rails adds ActionDispatch::RequestId (X-Request-Id) by default; Fastify and hapi assign an internal request id that is logged but not propagated from a header, and dropshot one it logs and returns in x-request-id (low confidence), as does a Go service that puts a generated id (uuid, xid, ksuid, ulid) under a request-id context key, a Python middleware that sets a generated id on the request (`request.state.request_id = str(uuid.uuid4())`), or an actix-web app wrapped in tracing-actix-web's TracingLogger (a request_id generated per request and recorded on its span; no incoming header is taken and none is returned).",
      fix: [
        'Add a request-id middleware that accepts an incoming X-Request-ID or generates one, returns it in the response, and binds it to the logger context.',
        'Forward it (or W3C traceparent via OpenTelemetry) on outbound calls.',
        'Laravel: a middleware that reads or sets X-Request-Id, adds it to the response and to Log::withContext().',
        'Phoenix: keep `plug Plug.RequestId` in the endpoint and add :request_id to the Logger metadata.',
      ],
      effort: 'S',
    },
    messages: {
      library: 'Requests get an id from {{library}}.',
      header: 'A middleware reads or sets the {{header}} header.',
      platform:
        'The platform assigns each request an id and returns it to the caller; {{id}} is bound to the logs or the response.',
      rails: 'Rails adds ActionDispatch::RequestId by default: every request gets an X-Request-Id (framework default).',
      frameworkDefault:
        '{{framework}} assigns each request an internal id by default, but no request-id header is accepted or propagated.',
      generated:
        'Each request gets an id the service generates and keeps in its context for the log lines, but no request-id header is accepted or returned.',
      neverWired:
        'Request-id handling is defined in {{file}} but never wired: no entrypoint imports or registers that module.',
      declaredNotUsed: '{{library}} is declared but not used by any production source file.',
      missing: 'No request or correlation id is generated or propagated.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: [
      'request id',
      'request-id',
      'correlation id',
      'request correlation',
      'trace id propagation',
      'x-request-id',
    ],
  },
  check(ctx) {
    const { used, unwired, unused } = firstLibrary(ctx, LIBS);
    if (used && (!used.spec.usage || used.usage))
      return ctx.pass(used.evidence, { messageId: 'library', data: { library: used.spec.label } });
    // OpenTelemetry auto-instrumentation (the same set-up obs.tracing reads) enables every instrumentation installed,
    // the web framework's among them, without an import of it.
    const auto = ctx.facts.tracing.autoInstrumentation();
    const otelHttp = auto && ctx.facts.deps.declared(...OTEL_HTTP.deps!);
    if (otelHttp)
      return ctx.pass(
        [
          ctx.at(auto.match.path, auto.match.line, auto.signal.note),
          ctx.at(otelHttp.manifest, otelHttp.line, `${otelHttp.name} declared: auto-instrumentation enables it`),
        ],
        { messageId: 'library', data: { library: OTEL_HTTP.label } },
      );
    // Phoenix endpoints generated by mix phx.new plug Plug.RequestId (x-request-id, put in Logger metadata).
    const plugId = ctx.facts.service.middleware.find((m) => m.reached && /^Plug\.RequestId$|RequestId$/.test(m.name));
    if (plugId)
      return ctx.pass(
        [ctx.at(plugId.file, plugId.line, `${plugId.name} in the endpoint: x-request-id accepted or generated`)],
        {
          messageId: 'library',
          data: { library: plugId.name },
        },
      );
    const rid = ctx.facts.requestId;
    const at = (e: { path: string; line: number; note: string }) => ctx.at(e.path, e.line, e.note);
    if (rid.middleware)
      return ctx.pass([at(rid.middleware.site)], { messageId: 'library', data: { library: rid.middleware.library } });
    if (rid.header) return ctx.pass([at(rid.header.site)], { messageId: 'header', data: { header: rid.header.name } });
    if (rid.platform)
      return ctx.pass([at(rid.platform.site)], { messageId: 'platform', data: { id: rid.platform.name } });
    for (const artifact of [
      'spring-cloud-starter-sleuth',
      'micrometer-tracing-bridge-otel',
      'micrometer-tracing-bridge-brave',
      'opentelemetry-spring-boot-starter',
    ]) {
      const d = ctx.facts.deps.declared(['jvm', artifact]);
      if (d)
        return ctx.pass(
          [
            ctx.at(
              d.manifest,
              d.line,
              `${artifact}: trace and span ids are propagated and put in the logging MDC by auto-configuration`,
            ),
          ],
          { messageId: 'library', data: { library: artifact } },
        );
    }
    if (ctx.facts.frameworks.has('rails')) {
      const tags = rid.railsLogTags;
      const rails = ctx.facts.frameworks.get('rails')!;
      return ctx.pass(
        [
          ctx.at(rails.path, rails.line, 'Rails: ActionDispatch::RequestId is in the default middleware stack'),
          ...(tags ? [at(tags)] : []),
        ],
        { messageId: 'rails' },
      );
    }
    if (used)
      return ctx.pass(used.evidence, { messageId: 'library', confidence: 'low', data: { library: used.spec.label } });
    if (unwired) return ctx.gap('neverWired', unwired.evidence, { data: { file: unwired.file ?? '?' } });
    const unreached = rid.unreachedHeader;
    if (unreached) return ctx.gap('neverWired', [at(unreached)], { data: { file: unreached.path } });
    if (unused) return ctx.gap('declaredNotUsed', unused.evidence, { data: { library: unused.spec.label } });
    const pinoHttp = ctx.facts.imports
      .importersOf(/^(pino-http|express-pino-logger|koa-pino-logger)$/)
      .find((r) => ctx.facts.liveness.isLive(r.file));
    if (pinoHttp) {
      return ctx.pass(
        [
          ctx.at(
            pinoHttp.file,
            pinoHttp.line,
            `${pinoHttp.pkg} assigns req.id with its default genReqId (a per-process counter), not taken from or returned in a header`,
          ),
        ],
        { messageId: 'frameworkDefault', confidence: 'low', data: { framework: pinoHttp.pkg } },
      );
    }
    if (rid.generated) return ctx.pass([at(rid.generated)], { messageId: 'generated', confidence: 'low' });
    for (const [fw, note] of FRAMEWORK_IDS) {
      const u = ctx.facts.frameworks.get(fw);
      if (u)
        return ctx.pass([ctx.at(u.path, u.line, note)], {
          messageId: 'frameworkDefault',
          confidence: 'low',
          data: { framework: fw },
        });
    }
    return ctx.gap('missing', [
      ctx.missing(
        [
          'X-Request-ID / X-Correlation-ID middleware',
          'asgi-correlation-id',
          'django-guid',
          'express-request-id',
          'cls-rtracer',
          'pino-http genReqId',
          'middleware.RequestID',
          'gin-contrib/requestid',
          'OpenTelemetry HTTP instrumentation',
          'Spring Sleuth / Micrometer Tracing',
        ],
        'no request id in code the service runs',
      ),
    ]);
  },
});

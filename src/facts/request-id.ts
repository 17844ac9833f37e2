import { DOTNET_LANGUAGES } from '../repo/classify.js';
// Request ids in the service's own code: request-id middleware and server options (Go middleware.RequestID /
// requestid.New, pino genReqId, Fastify requestIdHeader), request-id headers read or written, the same handling in
// modules nothing loads, and Rails log tags. Libraries are read through facts.deps and registered plugs through
// facts.service. api.request-id is a policy over it.
import type { RepoIndex } from '../repo/index.js';
import type { Facts } from './index.js';
import { lc39Launch } from './frameworks.js';
import { grepReached, grepUnreached } from './live-code.js';

/** A place in the repository and what it shows. */
export interface RequestIdSite {
  path: string;
  line: number;
  note: string;
}

export interface RequestIdFacts {
  /** Request-id middleware or server options in reached code (Go, Python, .NET, then JS/TS), with what provides it. */
  middleware?: { library: string; site: RequestIdSite };
  /** A request-id or correlation header (X-Request-ID, X-Correlation-ID, traceparent ...) handled in reached code. */
  header?: { name: string; site: RequestIdSite };
  /** The same header handling in a module no entrypoint reaches. */
  unreachedHeader?: RequestIdSite;
  /** Rails: request_id in config.log_tags. */
  railsLogTags?: RequestIdSite;
  /**
   * The request id a functions platform assigns and returns to the caller (Netlify `context.requestId` = the
   * x-nf-request-id response header, Lambda `context.awsRequestId` / `requestContext.requestId`), bound to the log
   * context or a response in reached code: the caller's id then finds the request's log lines.
   */
  platform?: { name: string; site: RequestIdSite };
  /**
   * A per-request id the service generates itself and keeps in the request's context for its log lines (Go
   * `context.WithValue(r.Context(), requestIDKey, uuid.NewString())`), neither taken from nor returned in a header.
   */
  generated?: RequestIdSite;
}

/** A platform-assigned request id, and the name it is known by. */
const PLATFORM_ID: [RegExp, string][] = [
  [/\bcontext\.requestId\b|["'`]x-nf-request-id["'`]/i, "Netlify's request id (context.requestId, x-nf-request-id)"],
  [
    /\b(?:context|ctx)\.awsRequestId\b|\brequestContext\??\.requestId\b/,
    "AWS's request id (awsRequestId, requestContext.requestId)",
  ],
];
/** What binds it: a logger call or child logger, a log field, or a response header or body. */
const BINDS =
  /\blog(?:ger)?\w*\.(?:child|info|warn|error|debug|with|bind)\b|\bconsole\.\w+\(|\brequestId\s*:|\bheaders?\b|\.set\(|Response\.json\(|\bwithContext\b/;

/**
 * Request-id headers: the common names (.NET code often writes them as one word: `X-CorrelationId`), and a product's own (`X-Onyx-Request-ID`, `X-Acme-Correlation-Id`, Django's
 * `HTTP_X_ACME_REQUEST_ID`, a call id such as NAV's `Nav-Call-Id`). Cloud vendors' ids (`x-ms-request-id`, `x-amz-request-id`, `x-goog-request-id`) come back on
 * the responses of their APIs: another service's id, not one this service handles.
 */
const HEADER =
  /["'`](X-Request-ID|X-Request-Id|x-request-id|Request-Id|X-Correlation-ID|X-Correlation-Id|x-correlation-id|X-CorrelationI[Dd]|X-RequestI[Dd]|traceparent|HTTP_X_REQUEST_ID|x-vercel-id|X-Vercel-Id|[Xx]-(?!(?:ms|amzn?|goog|MS|Amzn?|Goog)-)[A-Za-z][A-Za-z0-9]*-(?:Request|request|REQUEST|Correlation|correlation|CORRELATION)-(?:ID|Id|id)|HTTP_X_[A-Z][A-Z0-9]*_(?:REQUEST|CORRELATION)_ID|(?:[Xx]-)?(?:[A-Z][a-z]+-)?Call-?I[Dd])["'`]/;

/** A header name paired with a constant value (`"X-Request-Id": "fra1::…"`): a recorded response or fixture, not handling. */
const CONSTANT_HEADER = new RegExp(`${HEADER.source}\\s*:\\s*["'\`]`);
/** The header read off the response of an outbound call (`$response->getHeaderLine('X-Request-Id')` of a Guzzle or
 * PSR-7 response, `response.headers.get('x-request-id')` after fetch): the other service's id, not this one's handling. */
const OUTBOUND_READ = new RegExp(
  `(?:\\$(?:response|resp|res)\\??->getHeader(?:Line)?|\\b(?:response|resp)\\.headers\\.get)\\s*\\(\\s*${HEADER.source}`,
);
/**
 * Go: the header as a key of a map literal given a value (`"X-Request-ID": reqID,` in resty's `SetHeaders(map…{…})` or
 * an `http.Header{…}`), or set on a request builder (`client.R().SetHeader("X-Request-ID", uuid.NewString())`, resty
 * and imroc/req): headers of a request the service sends to another API, which asks for an id of its own.
 */
const GO_HEADER_MAP_ENTRY = new RegExp(
  `${HEADER.source}[ \\t]*:[ \\t]*(?:\\[\\]string[ \\t]*\\{[ \\t]*)?[\\w.(]|\\bSetHeaders?\\(\\s*${HEADER.source}`,
);
/**
 * A webhook signature header named beside the read (`$request->header('x-signature')`, `X-Hub-Signature-256`): the
 * sender signs its delivery with its own request id (Mercado Pago's manifest `id:…;request-id:…;ts:…;`), so the id is
 * read to check the signature — the sender's id, not this service's request correlation.
 */
const SIGNATURE_HEADER = /["'`][\w-]*[Ss]ignature[\w-]*["'`]/;
const NEAR_LINES = 6;

function signedWebhookRead(repo: RepoIndex, h: { path: string; line: number }): boolean {
  const lines = (repo.read(h.path) ?? '').split('\n');
  return lines.slice(Math.max(0, h.line - 1 - NEAR_LINES), h.line + NEAR_LINES).some((l) => SIGNATURE_HEADER.test(l));
}

const handled =
  (repo: RepoIndex) =>
  (h: { path: string; line: number; text: string }): boolean =>
    !CONSTANT_HEADER.test(h.text) &&
    !OUTBOUND_READ.test(h.text) &&
    !(h.path.endsWith('.go') && GO_HEADER_MAP_ENTRY.test(h.text)) &&
    !signedWebhookRead(repo, h);

/** dockerflow's request-id helpers and middleware (its logging alone is no request id). */
const DOCKERFLOW_REQUEST_ID =
  /\bget_or_generate_request_id\s*\(|\bRequestIdLogFilter\s*\(|\bdockerflow\.\w+\.middleware\.RequestIdMiddleware\b|^\s*from\s+dockerflow\.\w+\.middleware\s+import\s+[^\n]*\bRequestIdMiddleware\b/m;

/** The OpenTelemetry builders of .NET: tracing (`WithTracing`, TracerProviderBuilder) or metrics. */
const OTEL_BUILDER =
  /\bWithTracing\s*\(|\bTracerProviderBuilder\b|\bAddOpenTelemetryTracing\s*\(|\bWithMetrics\s*\(|\bMeterProviderBuilder\b|\bAddOpenTelemetryMetrics\s*\(/g;

/**
 * Request tracking of Application Insights' ASP.NET Core SDK or of the Azure Monitor OpenTelemetry distro for ASP.NET
 * Core; the worker-service SDK (`AddApplicationInsightsTelemetryWorkerService`) serves no requests.
 */
const AZURE_MONITOR_REQUESTS = /\.AddApplicationInsightsTelemetry\s*\(|\.UseAzureMonitor\s*\(/;

function middleware(facts: Facts): RequestIdFacts['middleware'] {
  const go = grepReached(facts, /\bmiddleware\.RequestID\b|requestid\.New\(/, ['go'])[0];
  if (go)
    return {
      library: 'RequestID middleware',
      site: { path: go.path, line: go.line, note: 'request-id middleware' },
    };
  // Mozilla's dockerflow: the caller's X-Request-Id (or a generated one) kept for the request's log lines.
  const dockerflow = grepReached(facts, DOCKERFLOW_REQUEST_ID, ['python'])[0];
  if (dockerflow)
    return {
      library: 'dockerflow',
      site: { path: dockerflow.path, line: dockerflow.line, note: 'request id taken from X-Request-Id or generated' },
    };
  // OpenTelemetry's ASP.NET Core tracing instrumentation continues the caller's W3C trace context (traceparent) or
  // starts one per request: the trace id then ties the request's log lines and spans together. The same call on a
  // metrics builder (`WithMetrics(m => m.AddAspNetCoreInstrumentation())`) only counts requests.
  const otel = grepReached(facts, /\.AddAspNetCoreInstrumentation\s*\(/, DOTNET_LANGUAGES).find((h) => {
    const before = (facts.repo.read(h.path) ?? '').split('\n').slice(0, h.line).join('\n');
    const builders = [...before.matchAll(OTEL_BUILDER)];
    return !!builders.length && !/Metric|Meter/.test(builders[builders.length - 1]![0]);
  });
  if (otel)
    return {
      library: 'OpenTelemetry ASP.NET Core instrumentation (trace context propagation)',
      site: {
        path: otel.path,
        line: otel.line,
        note: 'W3C trace context taken from traceparent or started per request',
      },
    };
  // Application Insights' ASP.NET Core SDK (`AddApplicationInsightsTelemetry`) and the Azure Monitor OpenTelemetry
  // distro (`UseAzureMonitor`) track every request: the caller's W3C traceparent (or Request-Id) is continued, or an
  // operation id started, and the request's log lines and dependency calls carry it. The worker-service SDK
  // (`AddApplicationInsightsTelemetryWorkerService`) tracks no requests.
  const insights = grepReached(facts, AZURE_MONITOR_REQUESTS, DOTNET_LANGUAGES)[0];
  if (insights)
    return {
      library: insights.text.includes('UseAzureMonitor')
        ? 'Azure Monitor OpenTelemetry distro (trace context propagation)'
        : 'Application Insights request tracking (trace context propagation)',
      site: {
        path: insights.path,
        line: insights.line,
        note: 'W3C trace context taken from traceparent or an operation id started per request',
      },
    };
  // A correlation-id middleware (ABP's, or the CorrelationId package's): the caller's X-Correlation-Id, or one it
  // makes, kept for the request and written back on the response.
  const correlation = grepReached(facts, /\.UseCorrelationId\s*\(/, DOTNET_LANGUAGES)[0];
  if (correlation)
    return {
      library: 'UseCorrelationId middleware',
      site: {
        path: correlation.path,
        line: correlation.line,
        note: 'correlation id taken from X-Correlation-Id or generated',
      },
    };
  // Fastify's requestIdHeader names the header a request's id is taken from, as a literal or a constant
  // (`requestIdHeader: REQ_ID_HEADER`); `false` turns it off.
  const pino = grepReached(facts, /\bgenReqId\s*:|\brequestIdHeader\s*:\s*(?!false\b|null\b|undefined\b)["'`\w]/, [
    'javascript',
    'typescript',
  ])[0];
  if (pino)
    return {
      library: pino.text.includes('genReqId') ? 'genReqId' : 'Fastify requestIdHeader',
      site: {
        path: pino.path,
        line: pino.line,
        note: 'request id generated/propagated by the logger or server options',
      },
    };
  const lc39 = lc39Launch(facts.frameworks);
  if (lc39)
    return {
      library: 'lc39 (Fastify requestIdHeader x-request-id)',
      site: {
        path: lc39.path,
        line: lc39.line,
        note: "lc39 sets Fastify's requestIdHeader to x-request-id: the caller's id is taken and logged with each request (framework default)",
      },
    };
  return undefined;
}

/**
 * Go: a request-id-named context key given a value in a file that generates ids (uuid, xid, ksuid, ulid); the key
 * may be a value of an empty struct type (`context.WithValue(ctx, logging.CorrelationIDCtx{}, cid)`).
 */
const GO_CONTEXT_ID =
  /\bcontext\.WithValue\s*\([^,\n]+,\s*[\w.]*(?:[Rr]equest_?I[Dd]|[Rr]eq_?I[Dd]|RequestId|[Cc]orrelation_?I[Dd])\w*(?:\{\})?\s*,/;
const GO_ID_MAKER =
  /\buuid\.(?:New|NewString|NewRandom|NewV\d|Must)\s*\(|\bxid\.New\s*\(|\bksuid\.New\s*\(|\bulid\.(?:Make|New)\s*\(/;

/**
 * Python (Starlette/FastAPI, Django): a request-id-named attribute of the request's state set in a file that generates
 * ids (`request.state.request_id = str(uuid.uuid4())` in an HTTP middleware).
 */
const PY_STATE_ID = /\brequest\.(?:state\.)?(?:request_id|req_id|correlation_id)\s*=(?!=)/;
const PY_ID_MAKER = /\buuid\.uuid[14]\s*\(|\bsecrets\.token_hex\s*\(|\bulid\.new\s*\(/;

/**
 * .NET: a correlation or request id put on the request's activity, items or log context
 * (`activity.AddTag(Keys.PerRequestCorrelationId, id)`, `context.Items["CorrelationId"] = id`,
 * `LogContext.PushProperty("CorrelationId", id)`) in a file that makes ids (`Guid.NewGuid()`): a middleware's.
 */
const CS_CONTEXT_ID =
  /\.(?:AddTag|SetTag|AddBaggage|SetBaggage)\s*\(\s*[\w."]*(?:Correlation|Request)I[Dd]|\bItems\s*\[\s*"[\w-]*(?:Correlation|Request)-?I[Dd]"\s*\]\s*=(?!=)|\bLogContext\.PushProperty\s*\(\s*"(?:Correlation|Request)I[Dd]"/;
const CS_ID_MAKER = /\bGuid\.NewGuid\s*\(/;

/**
 * Rust: tracing-actix-web's `TracingLogger` wrapped around an actix-web app: its default root span builder generates a
 * `request_id` (a UUID) for each request and records it on the span every log line of the request is emitted in. It
 * takes no incoming header and returns none.
 */
const RUST_TRACING_LOGGER =
  /\.wrap\s*\(\s*(?:tracing_actix_web::)?TracingLogger\s*(?:::\s*<[^>\n]*>)?\s*::\s*(?:default|new)\s*\(/;

/**
 * Rust: a request-id-named header constant or request-id type put on the request (`parts.headers.insert(REQUEST_ID,
 * id.to_string().parse()?)` in an axum extractor applied with `from_extractor::<RequestID>()` or a `from_fn`
 * middleware, `req.extensions_mut().insert(RequestId(id))`) in a file that makes ids (`Uuid::new_v4()`, `Ulid::new()`).
 */
const RUST_CONTEXT_ID =
  /\.insert\s*\(\s*(?:\w+::)*(?:X_)?(?:REQUEST|CORRELATION)_ID(?:_HEADER)?\s*,|\bextensions_mut\s*\(\s*\)\s*\.insert\s*\(\s*(?:\w+::)*(?:RequestI[Dd]|CorrelationI[Dd])\s*\(/;
const RUST_ID_MAKER = /\bUuid::(?:new_v4|now_v7|new_v7)\s*\(|\bUlid::new\s*\(/;
/**
 * The file handles the requests the service serves (an extractor, a middleware, a service around the server): a
 * header put on a request there is the incoming request's, not one the service's own HTTP client sends
 * (`headers.insert(X_REQUEST_ID, …)` before a reqwest call, or in a reqwest-middleware's `handle(…, next: Next<'_>)`).
 */
const RUST_SERVES_REQUESTS =
  /\b(?:FromRequestParts|FromRequest|ServiceRequest)\b|\bNext\b(?!\s*<\s*')|\bfrom_fn(?:_with_state)?\b|\bhttp::request::Parts\b|\bRequest\s*<|\bimpl\b[^\n{]*\b(?:Service|Layer|Transform)\s*</;

function generatedId(facts: Facts, repo: RepoIndex): RequestIdSite | undefined {
  const actix = grepReached(facts, RUST_TRACING_LOGGER, ['rust'])[0];
  if (actix)
    return {
      path: actix.path,
      line: actix.line,
      note: "tracing-actix-web's TracingLogger generates a request_id for each request and records it on the request's span",
    };
  const hit =
    grepReached(facts, GO_CONTEXT_ID, ['go']).find((h) => GO_ID_MAKER.test(repo.read(h.path) ?? '')) ??
    grepReached(facts, PY_STATE_ID, ['python']).find((h) => PY_ID_MAKER.test(repo.read(h.path) ?? '')) ??
    grepReached(facts, CS_CONTEXT_ID, DOTNET_LANGUAGES).find((h) => CS_ID_MAKER.test(repo.read(h.path) ?? '')) ??
    grepReached(facts, RUST_CONTEXT_ID, ['rust']).find((h) => {
      const text = repo.read(h.path) ?? '';
      return RUST_ID_MAKER.test(text) && RUST_SERVES_REQUESTS.test(text);
    });
  return hit
    ? { path: hit.path, line: hit.line, note: 'a request id generated per request and kept in its context' }
    : undefined;
}

export function detectRequestId(repo: RepoIndex, facts: Facts): RequestIdFacts {
  const mw = middleware(facts);
  const generated = mw ? undefined : generatedId(facts, repo);
  const header = grepReached(facts, HEADER).filter(handled(repo))[0];
  const unreached = grepUnreached(facts, HEADER).filter(handled(repo))[0];
  const tags = facts.frameworks.has('rails')
    ? repo.grep(/log_tags\s*=.*request_id/, { include: 'config/**/*.rb' })[0]
    : undefined;
  let platform: RequestIdFacts['platform'];
  for (const [re, name] of PLATFORM_ID) {
    const hit = grepReached(facts, re, ['javascript', 'typescript']).find((h) => BINDS.test(h.text));
    if (hit) {
      platform = {
        name,
        site: { path: hit.path, line: hit.line, note: `${name} bound to the log context or the response` },
      };
      break;
    }
  }
  return {
    ...(mw ? { middleware: mw } : {}),
    ...(generated ? { generated } : {}),
    ...(platform ? { platform } : {}),
    ...(header
      ? {
          header: {
            name: HEADER.exec(header.text)?.[1] ?? 'X-Request-ID',
            site: { path: header.path, line: header.line, note: 'request id header handled in code' },
          },
        }
      : {}),
    ...(unreached
      ? {
          unreachedHeader: {
            path: unreached.path,
            line: unreached.line,
            note: 'request-id handling in a module no entrypoint reaches',
          },
        }
      : {}),
    ...(tags ? { railsLogTags: { path: tags.path, line: tags.line, note: 'request id tagged in logs' } } : {}),
  };
}

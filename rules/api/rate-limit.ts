import { defineRule } from '../../src/sdk/index.js';
import { firstLibrary, type LibSpec } from '../_lib/library-evidence.js';

const LIBS: LibSpec[] = [
  {
    label: 'slowapi',
    deps: [['python', 'slowapi']],
    imports: ['slowapi'],
    // `@limiter.limit("5/minute")` on a route, not a query's `.limit(10)`.
    usage: /@[\w.]+\.limit\(|\b[lL]imiter\.limit\(|SlowAPIMiddleware|default_limits/,
  },
  {
    label: 'fastapi-limiter',
    deps: [['python', 'fastapi-limiter']],
    imports: ['fastapi_limiter'],
    usage: /RateLimiter\(|FastAPILimiter\.init/,
  },
  {
    label: 'flask-limiter',
    deps: [['python', 'flask-limiter']],
    imports: ['flask_limiter'],
    usage: /Limiter\(|@[\w.]+\.limit\(|\b[lL]imiter\.limit\(/,
  },
  // Quart-Rate-Limiter: `RateLimiter(app)` enforces the `@rate_limit(…)` limits on routes (and any default_limits),
  // answering 429 with RateLimitExceeded.
  {
    label: 'quart-rate-limiter',
    deps: [['python', 'quart-rate-limiter']],
    imports: ['quart_rate_limiter'],
    usage: /\bRateLimiter\s*\(|@rate_limit\s*\(/,
  },
  {
    label: 'django-ratelimit',
    deps: [['python', 'django-ratelimit']],
    imports: ['django_ratelimit', 'ratelimit'],
    usage: /@ratelimit|ratelimit\(/,
  },
  { label: 'limits', deps: [['python', 'limits']], imports: ['limits'] },
  { label: 'express-rate-limit', deps: [['node', 'express-rate-limit']], imports: ['express-rate-limit'] },
  { label: 'rate-limiter-flexible', deps: [['node', 'rate-limiter-flexible']], imports: ['rate-limiter-flexible'] },
  {
    label: '@fastify/rate-limit',
    deps: [
      ['node', '@fastify/rate-limit'],
      ['node', 'fastify-rate-limit'],
    ],
    imports: ['@fastify/rate-limit', 'fastify-rate-limit'],
  },
  {
    label: '@nestjs/throttler',
    deps: [['node', '@nestjs/throttler']],
    imports: ['@nestjs/throttler'],
    usage: /ThrottlerModule|ThrottlerGuard|@Throttle\(/,
  },
  { label: 'koa-ratelimit', deps: [['node', 'koa-ratelimit']], imports: ['koa-ratelimit'] },
  // GraphQL APIs limit per field with a schema directive (`login(…): Result @rateLimit(limit: 5, duration: 60)`).
  {
    label: 'graphql-rate-limit directive',
    deps: [
      ['node', 'graphql-rate-limit-directive'],
      ['node', 'graphql-rate-limit'],
    ],
    imports: ['graphql-rate-limit-directive', 'graphql-rate-limit'],
    usage: /\b(?:rateLimitDirective|createRateLimitDirective|createRateLimitTypeDef|createRateLimitRule)\s*\(/,
  },
  // AdonisJS: `limiter.define(…)` throttles applied to routes (start/limiter.ts) and the v5 @adonisjs/limiter.
  { label: '@adonisjs/limiter', deps: [['node', '@adonisjs/limiter']], imports: ['@adonisjs/limiter'] },
  {
    label: 'hapi-rate-limit',
    deps: [
      ['node', 'hapi-rate-limit'],
      ['node', 'hapi-rate-limitor'],
    ],
    imports: ['hapi-rate-limit', 'hapi-rate-limitor'],
  },
  { label: '@upstash/ratelimit', deps: [['node', '@upstash/ratelimit']], imports: ['@upstash/ratelimit'] },
  {
    label: 'hono-rate-limiter',
    deps: [['node', 'hono-rate-limiter']],
    imports: ['hono-rate-limiter'],
    usage: /\brateLimiter\s*\(/,
  },
  {
    label: 'elysia-rate-limit',
    deps: [['node', 'elysia-rate-limit']],
    imports: ['elysia-rate-limit'],
    usage: /\brateLimit\s*\(/,
  },
  {
    label: 'sveltekit-rate-limiter',
    deps: [['node', 'sveltekit-rate-limiter']],
    imports: ['sveltekit-rate-limiter'],
    usage: /\bnew\s+RateLimiter\s*\(/,
  },
  {
    label: 'Arcjet',
    imports: [/^@arcjet\//],
    usage: /\b(?:slidingWindow|fixedWindow|tokenBucket)\s*\(/,
  },
  {
    label: 'tollbooth',
    deps: [
      ['go', 'github.com/didip/tollbooth'],
      ['go', 'github.com/didip/tollbooth/v7'],
    ],
    imports: [/^github\.com\/didip\/tollbooth/],
  },
  { label: 'ulule/limiter', deps: [['go', 'github.com/ulule/limiter/v3']], imports: [/^github\.com\/ulule\/limiter/] },
  { label: 'httprate', deps: [['go', 'github.com/go-chi/httprate']], imports: ['github.com/go-chi/httprate'] },
  { label: 'fiber limiter', imports: [/^github\.com\/gofiber\/fiber\/v\d\/middleware\/limiter$/] },
  {
    label: 'golang.org/x/time/rate',
    deps: [['go', 'golang.org/x/time']],
    imports: ['golang.org/x/time/rate'],
    // A request limiter asks `Allow()` and refuses the request (429, ResourceExhausted) within a few lines;
    // `limiter.Wait(ctx)` before each call only paces a client, and an `Allow()` that only counts events (a node
    // marked unhealthy after too many failures) refuses nothing.
    usage:
      /\.(?:Allow|Reserve)N?\((?:[^\n]*\n){0,8}?[^\n]*?(?:TooManyRequests|ResourceExhausted|\b429\b|[Rr]ate[ _-]?[Ll]imit)/,
    usageRequired: true,
  },
  {
    // go-grpc-middleware's server interceptors refuse calls (ResourceExhausted) when the project's Limiter says no;
    // its client interceptors only pace the service's own outbound calls.
    label: 'go-grpc-middleware ratelimit interceptor',
    imports: [/^github\.com\/grpc-ecosystem\/go-grpc-middleware(?:\/v2\/interceptors)?\/ratelimit$/],
    usage: /\bratelimit\.(?:Unary|Stream)ServerInterceptor\s*\(/,
    usageRequired: true,
  },
  { label: 'bucket4j', imports: [/^(io\.github\.bucket4j|com\.bucket4j|io\.github\.bucket4j)/] },
  { label: 'resilience4j RateLimiter', imports: [/^io\.github\.resilience4j\.ratelimiter/] },
  {
    label: 'tower_governor',
    deps: [['rust', 'tower_governor']],
    imports: ['tower_governor'],
    usage: /\bGovernorLayer\b/,
  },
  {
    label: 'actix-governor',
    deps: [['rust', 'actix-governor']],
    imports: ['actix_governor'],
    usage: /\bGovernor::new\s*\(/,
  },
  { label: 'actix-limitation', deps: [['rust', 'actix-limitation']], imports: ['actix_limitation'] },
];

/** Limiters per stack, in the app. */
const RATE_APP = [
  'Python: slowapi (FastAPI/Starlette), Flask-Limiter, or django-ratelimit.',
  'Node: express-rate-limit, @fastify/rate-limit, or @nestjs/throttler.',
  'Go: golang.org/x/time/rate in a middleware (or ulule/limiter, httprate for chi).',
  'Spring: Bucket4j (bucket4j-spring-boot-starter) or a Resilience4j RateLimiter.',
  'Ruby: rack-attack with a throttle per client.',
  'Rust: tower_governor GovernorLayer (axum) or actix-governor Governor::new(&config) keyed by peer IP or API key.',
  '.NET: builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter("api", ..)) with app.UseRateLimiter() and RequireRateLimiting("api") on the API group.',
  "Laravel: define limiters with RateLimiter::for('api', ...) and apply the throttle middleware to the api group and login routes.",
  'Symfony: configure symfony/rate-limiter limiters and consume() them in a request listener; set login_throttling on firewalls.',
  'Phoenix: add a Hammer (or PlugAttack) plug to the API pipeline that answers 429.',
];
const RATE_FIX = [
  'Add a limiter at the edge (ingress/gateway) or in the app, keyed by client/API key, with 429 responses.',
  ...RATE_APP,
];

export default defineRule({
  meta: {
    id: 'api.rate-limit',
    category: 'api',
    title: 'Requests are rate limited',
    severity: 'high',
    level: 2,
    scope: 'component',
    requires: ['http-api', 'network-api'],
    docs: {
      why: 'Without a limit one client (a bug, a scraper, an attacker) can exhaust workers, database connections or a paid upstream quota and take the service down for everyone.',
      how: 'Looks for a rate limiter imported by code the service reaches (slowapi, fastapi-limiter, flask-limiter, quart-rate-limiter, django-ratelimit, express-rate-limit, @fastify/rate-limit, @nestjs/throttler, koa-ratelimit, @adonisjs/limiter, tollbooth, ulule/limiter, httprate, x/time/rate in middleware, go-grpc-middleware ratelimit server interceptors, bucket4j, resilience4j, tower_governor, actix-governor, GraphQL rate-limit directives), the ASP.NET Core rate limiter (UseRateLimiter with AddRateLimiter policies; policies without the middleware are a gap), DRF throttling (DEFAULT_THROTTLE_CLASSES), rack-attack or Rails rate_limit, a hand-written middleware that answers 429 or a request refused when a limiter-named check says no (`if not TokenBucket.authorize(…)`, low confidence), a hand-written limiter checked only by sign-in and sign-up code (files named for login, registration, sign-up or password) counting as sign-in only (low confidence), or at a proxy/ingress configured in the repository (nginx limit_req, ingress-nginx limit-rps, Traefik RateLimit, Kong, Envoy, API gateway throttling). A cap on the requests the whole server has in flight (tower `ConcurrencyLimitLayer` with `LoadShedLayer`, Go `netutil.LimitListener`, a Fly.io `[services.concurrency]` hard_limit) is overload protection, not a limit: one caller can still take all of it, so it is not counted.',
      fix: RATE_FIX,
      fixFor: {
        kubernetes: [
          'Kubernetes: limit at the ingress or gateway (ingress-nginx `nginx.ingress.kubernetes.io/limit-rps` and `limit-connections`, a Traefik RateLimit middleware, Kong or Envoy Gateway rate-limit policies) or in the app, keyed by client or API key, with 429 responses.',
          ...RATE_APP,
        ],
        serverless: [
          'Throttle in front of the functions, where every instance is counted together: API Gateway stage or usage-plan throttling (rateLimit and burstLimit; Serverless Framework `provider.apiGateway.usagePlan.throttle`, SAM `MethodSettings` ThrottlingRateLimit/ThrottlingBurstLimit) with API keys for per-client quotas, Cloudflare rate-limiting rules or the Workers rate-limit binding, the Vercel Firewall.',
          'In the handler, only with a shared store (Node: @upstash/ratelimit on Redis): an in-memory limiter counts per instance and resets with it.',
        ],
        paas: [
          'PaaS routers do not limit requests: limit in the app with a store every instance shares (Redis), keyed by client or API key, with 429 responses, or at a CDN in front (Cloudflare rate-limiting rules, Cloud Armor rate-based rules before Cloud Run).',
          ...RATE_APP,
        ],
        compose: [
          'Limit at the reverse proxy in front of the stack (nginx `limit_req_zone` and `limit_req`, a Traefik RateLimit middleware, Caddy rate_limit) or in the app, keyed by client or API key, with 429 responses.',
          ...RATE_APP,
        ],
        'container-service': [
          'ECS: AWS WAF rate-based rules on the load balancer (or API Gateway throttling in front); Nomad: a rate limit at the Traefik or Envoy ingress; or in the app with a store every task shares (Redis), with 429 responses.',
          ...RATE_APP,
        ],
        vm: [
          "Limit at the host's reverse proxy (nginx `limit_req`, Caddy rate_limit, HAProxy stick tables) or in the app, keyed by client or API key, with 429 responses.",
          ...RATE_APP,
        ],
      },
      effort: 'S',
      links: ['https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/'],
    },
    messages: {
      library: 'Requests are rate limited with {{library}}.',
      registeredLow: '{{library}} is imported, but no limit or middleware registration was found.',
      proxy: 'Requests are rate limited at the proxy ({{how}}).',
      custom: 'Requests are rate limited by a hand-written limiter that answers 429.',
      customGuard: 'Requests are refused when a hand-written limiter denies them ({{file}}).',
      signInOnly: 'Only sign-in is rate limited ({{library}}); the other routes are not.',
      neverWired: 'A rate limiter is set up in {{file}} but never wired: no entrypoint imports that module.',
      declaredNotUsed: '{{library}} is declared but not used by any production source file.',
      missing: 'No rate limiting in the application or in proxy/ingress configuration.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['rate limit', 'rate-limit', 'throttling', 'throttle', 'request limits'],
  },
  check(ctx) {
    const { used, unwired, unused } = firstLibrary(ctx, LIBS);
    if (used && (!used.spec.usage || used.usage))
      return ctx.pass(used.evidence, { messageId: 'library', data: { library: used.spec.label } });
    const rl = ctx.facts.rateLimit;
    const app = rl.limiter;
    if (app) {
      const ev = app.evidence.map((e) => ctx.at(e.path, e.line, e.note));
      if (app.unapplied) return ctx.gap('neverWired', ev, { data: { file: app.evidence[0]!.path } });
      if (app.signInOnly)
        return ctx.pass(ev, { messageId: 'signInOnly', confidence: 'low', data: { library: app.library } });
      // A refusal behind a limiter-named check is read from names: likely, not certain.
      if (app.guard)
        return ctx.pass(ev, { messageId: 'customGuard', confidence: 'low', data: { file: app.evidence[0]!.path } });
      if (app.handWritten) return ctx.pass(ev, { messageId: 'custom' });
      return ctx.pass(ev, { messageId: 'library', data: { library: app.library } });
    }
    if (rl.proxy)
      return ctx.pass([ctx.at(rl.proxy.site.path, rl.proxy.site.line, rl.proxy.site.note)], {
        messageId: 'proxy',
        data: { how: rl.proxy.how },
      });
    if (used)
      return ctx.pass(used.evidence, {
        messageId: 'registeredLow',
        confidence: 'low',
        data: { library: used.spec.label },
      });
    if (unwired) return ctx.gap('neverWired', unwired.evidence, { data: { file: unwired.file ?? '?' } });
    const lost = rl.unreachedHandWritten;
    if (lost) return ctx.gap('neverWired', [ctx.at(lost.path, lost.line, lost.note)], { data: { file: lost.path } });
    if (unused) return ctx.gap('declaredNotUsed', unused.evidence, { data: { library: unused.spec.label } });
    const rack = ctx.facts.deps.declared(['ruby', 'rack-attack']);
    if (rack)
      return ctx.gap(
        'declaredNotUsed',
        [ctx.at(rack.manifest, rack.line, 'rack-attack is declared, but no throttle rule is configured')],
        { data: { library: 'rack-attack' } },
      );
    return ctx.gap('missing', [
      ctx.missing(
        [
          'slowapi',
          'flask-limiter',
          'quart-rate-limiter',
          'django-ratelimit',
          'DRF throttling',
          'express-rate-limit',
          '@fastify/rate-limit',
          '@nestjs/throttler',
          'tollbooth',
          'x/time/rate',
          'bucket4j',
          'rack-attack',
          'nginx limit_req',
          'ingress-nginx limit-rps',
          'Traefik RateLimit',
          'Kong',
          'Envoy',
        ],
        'no rate limiter in the app or at a proxy',
      ),
    ]);
  },
});

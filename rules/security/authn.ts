import { defineRule, reachedRoutes, SPRING_SECURITY_STARTER } from '../../src/sdk/index.js';
import { declaredNotApplied } from '../_lib/security-verdicts.js';

/**
 * Route middleware that authenticates: Laravel auth/auth:sanctum/jwt aliases (not `auth.session`, Laravel's
 * AuthenticateSession, which only ends other sessions after a password change and lets guests through), Phoenix
 * pipelines and plugs.
 */
const ROUTE_AUTH =
  /^(?:auth(?!\.session$)(?:[.:][\w,.-]+)?|auth\.basic|jwt[.\w]*|sanctum|client|:require_authenticated_\w+|:require_(?:auth|login|user)\w*|:authenticate\w*|:auth(?:enticated)?|:api_auth\w*|:ensure_auth\w*|Guardian\.Plug\.EnsureAuthenticated|[\w.]*\.(?:Require|Ensure)\w*Auth\w*|[\w.]*Auth\w*Pipeline|\w*[Aa]uth(?:entication|enticate)?\w*Middleware(?:Class)?)$/;

const DEPS =
  /^(python-jose|pyjwt|jwt|authlib|flask-jwt-extended|flask-login|flask-httpauth|djangorestframework-simplejwt|django-allauth|fastapi-users|passport(-[\w-]+)?|express-jwt|jsonwebtoken|jose|@fastify\/jwt|@fastify\/auth|@nestjs\/passport|@nestjs\/jwt|next-auth|@auth\/[\w-]+|@clerk\/[\w-]+|lucia|better-auth|@supabase\/ssr|@supabase\/auth-helpers-[\w-]+|@hono\/auth-js|@hono\/clerk-auth|@elysiajs\/jwt|@elysiajs\/bearer|nuxt-auth-utils|@sidebase\/nuxt-auth|remix-auth|koa-jwt|hapi-auth-jwt2|@hapi\/basic|github\.com\/golang-jwt\/jwt(\/v\d+)?|github\.com\/labstack\/echo-jwt(\/v\d+)?|github\.com\/appleboy\/gin-jwt(\/v\d+)?|github\.com\/auth0\/go-jwt-middleware(\/v\d+)?|devise|jwt|doorkeeper|spring-boot-starter-security|spring-boot-starter-oauth2-resource-server|laravel\/sanctum|laravel\/passport|tymon\/jwt-auth|php-open-source-saver\/jwt-auth|lexik\/jwt-authentication-bundle|symfony\/security-bundle|guardian|pow|ueberauth|joken)$/;

export default defineRule({
  meta: {
    id: 'security.authn',
    category: 'security',
    title: 'The API authenticates its callers',
    severity: 'critical',
    level: 1,
    scope: 'component',
    requires: ['callers'],
    docs: {
      why: 'An API without authentication lets anyone who can reach it read and change data; network placement is not access control.',
      how:
        'Looks in production code reached from the service entrypoints for authentication applied to requests: login/JWT decorators (flask-jwt-extended, flask-login, Flask-HTTPAuth), FastAPI Depends()/Security() on an auth dependency (OAuth2PasswordBearer, HTTPBearer, APIKeyHeader, a function decoding a JWT or comparing an API key and raising 401), DRF IsAuthenticated, Django LoginRequiredMixin or a project middleware listed in MIDDLEWARE that answers 401, passport, express-jwt, @fastify/jwt, NestJS AuthGuard/APP_GUARD, next-auth/Clerk middleware, Elysia lifecycle hooks (derive/resolve with onBeforeHandle, guard, beforeHandle) that answer 401, an API Gateway authorizer on Lambda routes (serverless.yml `authorizer:`, SAM `Authorizer`/`DefaultAuthorizer`), Go JWT/basic-auth middleware (echo-jwt, gin-jwt, go-jwt-middleware, golang-jwt in a middleware), Spring Security (an OAuth2 resource server given a jwk-set-uri, issuer-uri or introspection-uri in application.yml, SecurityFilterChain, oauth2ResourceServer, httpBasic), a Spring MVC interceptor of an SSO/authentication library registered by a WebMvcConfigurer (xxl-sso, Sa-Token), an Apache Shiro filter chain sending paths through authc, Rails before_action :authenticate_user!, http_basic_authenticate_with, Rust auth middleware (axum middleware::from_fn with an auth function, actix-web-httpauth, tower-http ValidateRequestHeaderLayer) or an auth extractor (FromRequestParts for an AuthUser/Claims type; actix-web-httpauth BearerAuth or axum-extra TypedHeader<Authorization<Bearer>> taken by handlers or extractors), ASP.NET Core [Authorize] / RequireAuthorization() / a fallback policy. ' +
        'Wired, not just written: an auth dependency, middleware or guard that no route, router or app registration applies is a gap ("defined in X but never wired"); an auth library that no production file imports is "declared but not used". ' +
        'Spring Boot with spring-boot-starter-security but no configuration passes with low confidence: the framework default protects every endpoint with HTTP basic and a generated password. gRPC services: an interceptor that authenticates callers (grpc-go unary/stream interceptors, tonic with_interceptor or a tower auth layer, grpc-java and grpcio interceptors), or mutual TLS, a server TLS configuration that requires and verifies client certificates (low confidence, and only for a service serving nothing but gRPC, when it applies only once a client CA setting is given).',
      fix: [
        'Apply authentication to every non-public route: a global middleware/guard/dependency, with explicit exceptions for health and login.',
        'gRPC: authenticate in a server interceptor (grpc-go grpc.ChainUnaryInterceptor/ChainStreamInterceptor with an auth interceptor, tonic Server::with_interceptor or a tower auth layer), or with mTLS between services.',
        'Verify tokens with a maintained library (JWT with audience/issuer/expiry checks, or OIDC), never by hand-rolled string parsing.',
        'Compare API keys in constant time (hmac.compare_digest, crypto.timingSafeEqual) and load them from the environment.',
        'Rust: a route_layer(middleware::from_fn_with_state(state, require_auth)) on the API router, or an AuthUser extractor (FromRequestParts) that every handler takes; verify JWTs with jsonwebtoken Validation (aud, iss, exp).',
        '.NET: builder.Services.AddAuthentication().AddJwtBearer(), app.UseAuthentication()/UseAuthorization(), and RequireAuthorization() on the API group (or a FallbackPolicy requiring authenticated users).',
        "Laravel: put API routes under Route::middleware('auth:sanctum') (or Passport's auth:api) and leave only login and health outside.",
        'Symfony: declare a firewall in config/packages/security.yaml (json_login, access_token or a custom authenticator) and access_control rules requiring IS_AUTHENTICATED_FULLY.',
        'Phoenix: pipe API scopes through a pipeline that plugs Guardian.Plug.EnsureAuthenticated (or phx.gen.auth :require_authenticated_user).',
      ],
      effort: 'M',
      links: ['https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html'],
    },
    messages: {
      applied: 'Callers are authenticated: {{how}}.',
      springDefault:
        'Spring Security is on the classpath: by default every endpoint requires HTTP basic authentication (generated password); no explicit SecurityFilterChain was found.',
      neverWired: '{{what}} is set up in {{file}} but never wired: no route, router or app registration applies it.',
      declaredNotUsed: '{{dep}} is declared in {{manifest}} but not used: no production code applies authentication.',
      configuredOnly:
        'DRF authentication classes are configured, but no permission class (IsAuthenticated) requires an authenticated caller.',
      permitAll: 'Spring Security is configured in {{file}} but permits every request (anyRequest().permitAll()).',
      missing:
        'No authentication on the API: no auth middleware, dependency, guard, decorator or filter chain in production code.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['authentication', 'api key authentication', 'api key auth', 'api keys', 'jwt', 'oauth', 'login', 'auth'],
  },
  check(ctx) {
    // Laravel and Phoenix: authentication middleware named on the routes (auth:sanctum, a pipeline's plugs).
    // The project's own route middleware counts when its code signs the caller in (a Laravel alias whose class checks
    // the guard, a Phoenix function plug that verifies the bearer token).
    const own = new Map(ctx.facts.authn.routeMiddleware.map((o) => [o.name, o.site]));
    const authenticates = (m: string) => ROUTE_AUTH.test(m) || own.has(m.split(':')[0] || m);
    const routeAuth = ctx.facts.service.routes.filter((r) => r.reached && r.middleware?.some(authenticates));
    if (routeAuth.length) {
      const r = routeAuth[0]!;
      const mw = r.middleware!.find(authenticates)!;
      const def = ROUTE_AUTH.test(mw) ? undefined : own.get(mw.split(':')[0] || mw);
      return ctx.pass(
        [
          ctx.at(r.file, r.line, `${r.method} ${r.fullPath} runs ${mw}`),
          ...(def ? [ctx.at(def.path, def.line, def.note)] : []),
        ],
        {
          messageId: 'applied',
          data: { how: `${mw} on ${routeAuth.length} route(s)` },
        },
      );
    }
    // The project's own authenticating middleware in the application's global list or a middleware group (a Laravel
    // kernel's $middleware / $middlewareGroups) runs on the requests of that stack, whatever the routes are.
    const global = ctx.facts.service.middleware.find((m) => m.reached && own.has(m.name));
    if (global) {
      const def = own.get(global.name)!;
      return ctx.pass([ctx.at(global.file, global.line, global.text), ctx.at(def.path, def.line, def.note)], {
        messageId: 'applied',
        data: { how: `${global.name} registered as application middleware` },
      });
    }
    const authn = ctx.facts.authn;
    const at = (e: { path: string; line: number; note: string }) => ctx.at(e.path, e.line, e.note);
    if (authn.permitAll) return ctx.gap('permitAll', [at(authn.permitAll)], { data: { file: authn.permitAll.path } });
    // gRPC: an interceptor (or tonic auth layer) on the server authenticates every call. One a setting turns on (mutual
    // TLS once a client CA is given) speaks only for a service that serves nothing but gRPC, and yields to
    // authentication the code always applies.
    const grpcAuth = ctx.facts.grpc.authentication;
    const optional = grpcAuth?.confidence && (authn.code || !ctx.facts.grpc.onlyGrpc);
    if (!authn.applied.length && grpcAuth && !optional)
      return ctx.pass([ctx.at(grpcAuth.path, grpcAuth.line, grpcAuth.note)], {
        messageId: 'applied',
        data: { how: grpcAuth.note },
        ...(grpcAuth.confidence ? { confidence: grpcAuth.confidence } : {}),
      });
    // Layered on only when a setting turns it on, or signing everyone in while it is off: the default start
    // authenticates nobody.
    const off = authn.offByDefault;
    if (authn.applied.length)
      return ctx.pass([...authn.applied.slice(0, 5).map((a) => at(a.site)), ...(off ? [at(off)] : [])], {
        messageId: 'applied',
        data: {
          how: `${[...new Set(authn.applied.map((a) => a.label))].join(', ')}${off ? `, though ${off.note}` : ''}`,
        },
        ...(off || authn.applied.every((a) => a.confidence === 'low') ? { confidence: 'low' as const } : {}),
      });
    // Elysia: a lifecycle hook chained on the app (derive/resolve + onBeforeHandle, a guard, a macro's resolve)
    // that looks at the caller and answers 401 applies to every route registered after it.
    if (authn.elysiaHook)
      return ctx.pass([at(authn.elysiaHook.site)], { messageId: 'applied', data: { how: authn.elysiaHook.label } });
    // Auth logic written in the project: wired when the function/class holding it is applied to requests.
    if (authn.code)
      return ctx.pass(authn.code.evidence.map(at), {
        messageId: 'applied',
        data: { how: authn.code.how },
        ...(authn.code.confidence ? { confidence: authn.code.confidence } : {}),
      });
    if (authn.unregistered.length) {
      const first = authn.unregistered[0]!;
      return ctx.gap(
        'neverWired',
        [
          ...authn.unregistered.slice(0, 3).map((n) => at(n.site)),
          ctx.missing(
            ['Depends()', 'app.use()', '.Use()', '@UseGuards', 'before_action', 'decorators', 'middleware lists'],
            `${first.name} is never applied`,
          ),
        ],
        {
          data: { what: `Authentication (${first.name})`, file: first.site.path },
        },
      );
    }
    // DRF authentication classes without a permission class that requires a user: callers are identified, not required.
    if (authn.drfAuthenticationClasses)
      return ctx.pass([at(authn.drfAuthenticationClasses)], { messageId: 'configuredOnly', confidence: 'low' });
    const starter = ctx.facts.deps.declared(SPRING_SECURITY_STARTER);
    if (starter)
      return ctx.pass(
        [
          ctx.at(
            starter.manifest,
            starter.line,
            'spring-boot-starter-security: framework default secures all endpoints',
          ),
        ],
        { messageId: 'springDefault', confidence: 'low' },
      );
    const searched = [
      'auth decorators',
      'Depends/Security auth dependencies',
      'passport/express-jwt/@fastify/jwt',
      'NestJS guards',
      'Go JWT/basic-auth middleware',
      'Spring Security',
      'before_action :authenticate',
      'API key comparison',
    ];
    const client = ctx.facts.authClientOnly;
    if (client)
      return ctx.na(
        `the service signs users in through a browser client (${client.pkg}, ${client.path}:${client.line}) and imports no server side of it: sessions are verified by the API it calls`,
      );
    // A public read-only site has no caller to authenticate, whatever its skeleton declares (Laravel's sanctum).
    const site = ctx.facts.publicReadOnly;
    if (site) return ctx.na(`a public read-only site (${site.note}): there is no caller to authenticate`);
    const unused = declaredNotApplied(ctx, DEPS, searched, 'no production code applies it');
    if (unused) return unused;
    // Every route the service serves needs a decision (protected or deliberately public): the size of the work.
    const routes = reachedRoutes(ctx.facts);
    return ctx.gap('missing', [ctx.missing(searched, 'no authentication applied to requests')], {
      ...(routes.length
        ? { size: { count: routes.length, unit: 'route', files: new Set(routes.map((r) => r.file)).size } }
        : {}),
    });
  },
});

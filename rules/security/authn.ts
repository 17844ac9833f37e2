import {
  appliedAt,
  calledAt,
  defaultExportBindings,
  defineRule,
  enclosing,
  findHits,
  reachedRoutes,
  reachesRequests,
  type RuleContext,
  type SourceHit,
  type SourcePattern,
  SPRING_SECURITY_STARTER,
} from '../../src/sdk/index.js';
import { declaredNotApplied, hitEvidence } from '../_lib/security-verdicts.js';

/** Authentication applied to requests where it is written: a decorator, a guard, a filter chain, a registration. */
const APPLIED: SourcePattern[] = [
  // Python
  {
    re: /^\s*@(?:\w+\.)*(?:jwt_required|login_required|auth_required|token_required|requires_auth|login_required_api|fresh_jwt_required|verify_jwt_in_request)\b/,
    label: 'route decorator requiring login',
    langs: ['python'],
  },
  {
    re: /^\s*@(?:\w+\.)*(?:auth|basic_auth|token_auth|multi_auth|httpauth)\.login_required\b/,
    label: 'Flask-HTTPAuth login_required',
    langs: ['python'],
  },
  {
    re: /\bpermission_classes\s*=\s*[[(][^\])]*\bIsAuthenticated\w*/,
    label: 'DRF permission_classes IsAuthenticated',
    langs: ['python'],
  },
  {
    re: /["']DEFAULT_PERMISSION_CLASSES["']\s*:\s*[[(][^\])]*IsAuthenticated\w*/,
    label: 'DRF DEFAULT_PERMISSION_CLASSES IsAuthenticated',
    langs: ['python'],
  },
  {
    re: /\b(?:LoginRequiredMixin|LoginRequiredMiddleware)\b(?!\s*=)/,
    label: 'Django login required',
    langs: ['python'],
  },
  { re: /\bverify_jwt_in_request\s*\(/, label: 'flask-jwt-extended verify_jwt_in_request', langs: ['python'] },
  // Node
  { re: /\bpassport\.authenticate\s*\(/, label: 'passport.authenticate', langs: ['javascript', 'typescript'] },
  {
    // Workers bind secrets per request, so Hono apps often build the middleware inside one: (c, next) => bearerAuth({...})(c, next).
    re: /\.use\(\s*(?:["'`][^"'`]*["'`]\s*,\s*)?(?:(?:async\s*)?\(\s*\w+\s*,\s*\w+\s*\)\s*=>\s*(?:await\s+)?)?(?:expressjwt|expressJwt|jwt|jwk|koaJwt|jwtCheck|auth|requiresAuth|clerkMiddleware|ClerkExpressRequireAuth|requireAuth|bearerAuth|basicAuth|verifyAuth|oidcAuthMiddleware|bearer)\s*\(/,
    label: 'authentication middleware registered',
    langs: ['javascript', 'typescript'],
  },
  {
    // A `protect({ publicPaths, … })` middleware on the whole server: every path outside the public list needs a session.
    re: /\.use\(\s*(?:["'`][^"'`]*["'`]\s*,\s*)?protect\s*\(\s*\{[^}]*\bpublicPaths\b/,
    label: 'session-required middleware registered (protect with public paths)',
    langs: ['javascript', 'typescript'],
  },
  {
    re: /onRequest\s*:\s*\[?\s*(?:fastify|app|server)\.authenticate/,
    label: '@fastify/jwt verification',
    langs: ['javascript', 'typescript'],
  },
  {
    re: /@UseGuards\(\s*[^)]*\b(?:AuthGuard\(|\w*Auth\w*Guard\b|\w*Jwt\w*Guard\b|ClerkAuthGuard)/,
    label: 'NestJS authentication guard',
    langs: ['javascript', 'typescript'],
  },
  {
    re: /\buseGlobalGuards\(\s*(?:new\s+)?\w*(?:Auth|Jwt)\w*|provide\s*:\s*APP_GUARD\s*,\s*useClass\s*:\s*\w*(?:Auth|Jwt|Clerk)\w*/,
    label: 'NestJS global authentication guard',
    langs: ['javascript', 'typescript'],
  },
  {
    re: /\bserver\.auth\.default\s*\(|^\s*(?:options\s*:\s*\{\s*)?auth\s*:\s*["'`](?:jwt|session|simple|basic|token|bearer)\w*["'`]\s*,?\s*$/,
    label: 'hapi auth strategy applied',
    langs: ['javascript', 'typescript'],
    fileRequires: /["'](?:@hapi\/hapi|hapi)["']|\.auth\.(?:strategy|default)\s*\(|\bserver\.route\s*\(/,
  },
  {
    re: /\bSvelteKitAuth\s*\(|\bauthHandle\b|\bhandle\s*:\s*authHandle/,
    label: 'Auth.js for SvelteKit (SvelteKitAuth handle)',
    langs: ['javascript', 'typescript'],
  },
  {
    re: /\brequireUserSession\s*\(\s*event\b|\bserverSupabaseUser\s*\(\s*event\b/,
    label: 'Nuxt session required in a server route (nuxt-auth-utils / @nuxtjs/supabase)',
    langs: ['javascript', 'typescript'],
  },
  {
    re: /\brootAuthLoader\s*\(|\bgetAuth\s*\(\s*(?:args|c|ctx|context|event)\b|\bauthenticator\.(?:isAuthenticated|authenticate)\s*\(|\bauth\.protect\s*\(|\bauth\(\)\.protect\s*\(/,
    label: 'Clerk / remix-auth session check',
    langs: ['javascript', 'typescript'],
  },
  {
    re: /\bauth\.api\.getSession\s*\(\s*\{|\b(?:lucia|auth)\.validate(?:Session|Request)\w*\s*\(|\bvalidateSessionToken\s*\(|\bsupabase\.auth\.getUser\s*\(|\bgetSession\s*\(\s*(?:req|request|Astro\.request|event\.request)\b/,
    label: 'session validated on the server (better-auth / Lucia / Supabase / Auth.js)',
    langs: ['javascript', 'typescript'],
  },
  {
    re: /\b(?:clerkMiddleware|authMiddleware|withAuth)\s*\(|export\s+\{\s*(?:auth|default)\s+as\s+middleware\s*\}|export\s+(?:default\s+)?(?:auth|NextAuth)\b|export\s*\{\s*default\s*\}\s*from\s*["'](?:next-auth\/middleware|@auth\/nextjs)["']/,
    label: 'Next.js authentication middleware',
    langs: ['javascript', 'typescript'],
  },
  {
    re: /\bgetServerSession\s*\(|\bawait\s+auth\s*\(\s*\)|\bgetAuth\s*\(\s*req|\bcurrentUser\s*\(\s*\)/,
    label: 'session checked in route handler',
    langs: ['javascript', 'typescript'],
  },
  // Go
  {
    re: /\.Use\([^\n]*\b(?:echojwt\.\w+|middleware\.JWT\w*|middleware\.KeyAuth\w*|middleware\.BasicAuth\w*|jwtware\.New|jwtmiddleware\.\w+|jwtauth\.(?:Verifier|Authenticator)\w*|gin\.BasicAuth\w*|basicauth\.New|keyauth\.New|\w+\.MiddlewareFunc\(\))/,
    label: 'Go authentication middleware registered',
    langs: ['go'],
  },
  {
    re: /\bjwtmiddleware\.New\(|\bmiddleware\.BasicAuth\(|\becho(?:jwt)?\.JWT\w*\(/,
    label: 'Go authentication middleware',
    langs: ['go'],
  },
  {
    // go-grpc-middleware's auth interceptor runs the project's AuthFunc on every gRPC (and grpc-gateway) call.
    re: /\b\w*auth\w*\.(?:Unary|Stream)ServerInterceptor\s*\(\s*[\w.]*\w\s*\(?/i,
    label: 'gRPC auth interceptor (go-grpc-middleware) registered',
    langs: ['go'],
  },
  // Spring
  {
    re: /\bSecurityFilterChain\b|\.oauth2ResourceServer\s*\(|\.httpBasic\s*\(|\.formLogin\s*\(|@EnableWebSecurity|WebSecurityConfigurerAdapter|\.authenticated\(\)/,
    label: 'Spring Security',
    langs: ['java', 'kotlin'],
  },
  // Rails / Rack
  {
    // `require_authentication` is what the Rails 8 authentication generator puts in its Authentication concern.
    re: /\bbefore_action\s+:(?:authenticate\w*!?|require_auth\w*|require_login|require_user|require_sign_in|ensure_(?:authenticated|signed_in|logged_in)|authorize_request|authenticate_request|verify_token|check_api_key)\b/,
    label: 'before_action authentication',
    langs: ['ruby'],
  },
  {
    re: /\bhttp_basic_authenticate_with\b|\bauthenticate_or_request_with_http_(?:token|basic)\b|\bauthenticate_with_http_token\b|\buse\s+Rack::Auth::Basic/,
    label: 'HTTP authentication',
    langs: ['ruby'],
  },
  // Laravel / Symfony
  {
    re: /\$this\s*->\s*middleware\s*\(\s*\[?\s*['"](?:auth|jwt|sanctum)[\w.:,-]*['"]|\bAuthenticate::using\s*\(|->\s*(?:statefulApi|authenticateSessions)\s*\(/,
    label: 'Laravel auth middleware',
    langs: ['php'],
  },
  {
    re: /#\[\s*IsGranted\s*\(\s*['"](?:IS_AUTHENTICATED\w*|ROLE_\w+)['"]|\$this\s*->\s*denyAccessUnlessGranted\s*\(\s*['"]IS_AUTHENTICATED/,
    label: 'Symfony IsGranted',
    langs: ['php'],
  },
  {
    re: /^\s*-\s*\{\s*path:[^}]*roles:\s*\[?\s*(?:IS_AUTHENTICATED_\w+|ROLE_\w+)|^\s+(?:jwt|json_login|form_login|custom_authenticators?|access_token|http_basic|oauth|login_link|guard)\s*:/,
    label: 'Symfony security.yaml firewall / access_control',
    include: [
      'config/packages/security.{yaml,yml}',
      'config/packages/prod/security.{yaml,yml}',
      'app/config/security.{yml,yaml}',
    ],
  },
  // AWS Lambda behind API Gateway: an authorizer on the function's HTTP events (Serverless Framework) or on the API
  // (SAM Auth / DefaultAuthorizer); API Gateway rejects the request before the handler runs.
  {
    re: /^\s*(?:-\s*)?(?:authorizer|Authorizer|DefaultAuthorizer)\s*:\s*(?!\s*(?:NONE|none)\s*$)(?:["']?[\w$-]|\{|$)/,
    label: 'API Gateway authorizer on the Lambda routes',
    include: [
      '**/serverless*.{yml,yaml}',
      '**/serverless/**/*.{yml,yaml}',
      '**/template*.{yml,yaml}',
      '**/sam*.{yml,yaml}',
    ],
  },
  // Phoenix / Plug
  {
    re: /^\s*plug\s*\(?\s*(?:Guardian\.Plug\.EnsureAuthenticated|:require_authenticated_\w+|:require_(?:auth|login|user)\w*|:authenticate\w*|:ensure_auth\w*|[\w.]*\.(?:Require|Ensure)\w*Auth\w*|[\w.]*Plugs?\.Authenticate\w*|[\w.]*\.(?:Api)?Auth(?:entication)?(?:Plug)?)\b|\bon_mount:?\s*[[{]?\s*\{?\s*[\w.]*UserAuth\s*,\s*:(?:ensure_authenticated|require_authenticated)|\bPlug\.BasicAuth\b|\bbasic_auth\s*\(\s*conn/,
    label: 'Phoenix authentication plug',
    langs: ['elixir'],
  },
  // Rust
  {
    re: /\bmiddleware::from_fn(?:_with_state)?\s*\([^;]{0,120}?\b\w*(?:auth|jwt|token|login|session|require_user|authenticate|api_key)\w*\s*\)|\bHttpAuthentication::(?:bearer|basic|with_fn)\s*\(|\bValidateRequestHeaderLayer::(?:bearer|basic|custom)\s*\(|\blogin_required!\s*\(|\bRequireAuthorizationLayer::|\bAsyncRequireAuthorizationLayer::new\s*\(/,
    label: 'Rust authentication middleware applied (axum from_fn / actix-web-httpauth / tower-http auth)',
    langs: ['rust'],
  },
  {
    re: /\bimpl\s*(?:<[^>]*>)?\s*(?:axum::extract::)?FromRequestParts\s*<\s*\w+\s*>\s*for\s+\w*(?:Auth|User|Claims|Session|Token|Principal|Identity)\w*|\bimpl\s+FromRequest\s+for\s+\w*(?:Auth|User|Claims|Session|Token|Principal|Identity)\w*|\bimpl\s*<'r>\s*FromRequest\s*<'r>\s*for\s+\w*(?:Auth|User|Claims|Session|Token|Principal|Identity)\w*/,
    label: 'Rust authentication extractor (handlers taking it reject unauthenticated requests)',
    langs: ['rust'],
  },
  {
    // actix-web-httpauth's BearerAuth/BasicAuth and axum-extra's TypedHeader<Authorization<Bearer>> answer 401 when the
    // request carries no credentials; the extractor is applied where a handler or an auth extractor takes it.
    re: /\b(?:BearerAuth|BasicAuth)::(?:from_request|extract)\s*\(|\w+\s*:\s*(?:web::)?(?:BearerAuth|BasicAuth)\s*[,)]|\bTypedHeader(?:::)?\s*<\s*Authorization\s*<\s*(?:Bearer|Basic)\s*>\s*>/,
    label: 'Rust credentials extractor (BearerAuth / Authorization<Bearer>) rejecting requests without a token',
    langs: ['rust'],
  },
  // .NET
  {
    re: /\.RequireAuthorization\s*\(|\[\s*Authorize\b|\bFallbackPolicy\s*=|\.AddFallbackPolicy\s*\(|\bnew\s+AuthorizeFilter\s*\(/,
    label:
      'ASP.NET Core authorization requiring an authenticated caller ([Authorize] / RequireAuthorization / fallback policy)',
    langs: ['csharp'],
  },
];

/** Authentication logic that only counts when the function holding it is applied to requests. */
const SUBSTANCE: SourcePattern[] = [
  {
    re: /\b(?:jwt|jose\.jwt|PyJWT)\.decode\s*\(|\bjwt\.verify\s*\(|\bjwtVerify\s*\(|\.ParseFromRequest\s*\(|\bjwtauth\.(?:FromContext|VerifyRequest|VerifyToken)\s*\(|\bjwt\.Parse(?:WithClaims)?\s*\(|\bJwts\.parser|\bJWT\.decode\b|\bdecode_token\s*\(/,
    label: 'token verification',
  },
  {
    re: /\b(?:OAuth2PasswordBearer|OAuth2AuthorizationCodeBearer|HTTPBearer|HTTPBasic|APIKeyHeader|APIKeyQuery|APIKeyCookie)\s*\(/,
    label: 'FastAPI security scheme',
  },
  {
    re: /(?:api[_-]?key|x[_-]api[_-]key|apikey|token|authorization|auth_header)\w*["'\]]?\s*(?:!=|!==|==|===|not\s+in)\s*[\w."'[\]]+/i,
    label: 'credential comparison',
  },
  {
    re: /!\s*(?:[\w.]+\.)?(?:IsLogged|IsSignedIn|IsAuthenticated|isAuthenticated|isLoggedIn|IsLoggedIn|loggedIn|signedIn|is_authenticated)\b|\b(?:req|request|ctx|c)\.(?:user|User|session\.user)\s*(?:==|===)\s*(?:nil|null|undefined)\b|\bif\s*\(\s*!\s*(?:ctx|c|event\.locals|locals|context|req|request|opts\.ctx)\.(?:session|user|auth|userId)\b/,
    label: 'sign-in check',
  },
  {
    re: /\b(?:compare_digest|timingSafeEqual|ConstantTimeCompare|secure_compare|MessageDigest\.isEqual)\s*\(/,
    label: 'constant-time credential comparison',
  },
  {
    re: /\bcheck_password\s*\(|\bbcrypt\.(?:compare|checkpw|CompareHashAndPassword)|\bverify_password\s*\(/,
    label: 'password verification',
  },
];
const REJECTS =
  /\b401\b|HTTP_401|Unauthorized|UNAUTHORIZED|StatusUnauthorized|AuthenticationFailed|NotAuthenticated|head\s*:unauthorized|abort\(\s*40[13]|UnauthorizedException|HttpStatus\.UNAUTHORIZED/;

/** Route middleware that authenticates: Laravel auth/auth:sanctum/jwt aliases, Phoenix pipelines and plugs. */
const ROUTE_AUTH =
  /^(?:auth(?:[.:][\w,.-]+)?|auth\.basic|jwt[.\w]*|sanctum|client|:require_authenticated_\w+|:require_(?:auth|login|user)\w*|:authenticate\w*|:auth(?:enticated)?|:api_auth\w*|:ensure_auth\w*|Guardian\.Plug\.EnsureAuthenticated|[\w.]*\.(?:Require|Ensure)\w*Auth\w*|[\w.]*Auth\w*Pipeline)$/;

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
    requires: ['http'],
    docs: {
      why: 'An API without authentication lets anyone who can reach it read and change data; network placement is not access control.',
      how:
        'Looks in production code reached from the service entrypoints for authentication applied to requests: login/JWT decorators (flask-jwt-extended, flask-login, Flask-HTTPAuth), FastAPI Depends()/Security() on an auth dependency (OAuth2PasswordBearer, HTTPBearer, APIKeyHeader, a function decoding a JWT or comparing an API key and raising 401), DRF IsAuthenticated, Django LoginRequiredMixin, passport, express-jwt, @fastify/jwt, NestJS AuthGuard/APP_GUARD, next-auth/Clerk middleware, Elysia lifecycle hooks (derive/resolve with onBeforeHandle, guard, beforeHandle) that answer 401, an API Gateway authorizer on Lambda routes (serverless.yml `authorizer:`, SAM `Authorizer`/`DefaultAuthorizer`), Go JWT/basic-auth middleware (echo-jwt, gin-jwt, go-jwt-middleware, golang-jwt in a middleware), Spring Security (SecurityFilterChain, oauth2ResourceServer, httpBasic), Rails before_action :authenticate_user!, http_basic_authenticate_with, Rust auth middleware (axum middleware::from_fn with an auth function, actix-web-httpauth, tower-http ValidateRequestHeaderLayer) or an auth extractor (FromRequestParts for an AuthUser/Claims type; actix-web-httpauth BearerAuth or axum-extra TypedHeader<Authorization<Bearer>> taken by handlers or extractors), ASP.NET Core [Authorize] / RequireAuthorization() / a fallback policy. ' +
        'Wired, not just written: an auth dependency, middleware or guard that no route, router or app registration applies is a gap ("defined in X but never wired"); an auth library that no production file imports is "declared but not used". ' +
        'Spring Boot with spring-boot-starter-security but no configuration passes with low confidence: the framework default protects every endpoint with HTTP basic and a generated password. gRPC services: an interceptor that authenticates callers (grpc-go unary/stream interceptors, tonic with_interceptor or a tower auth layer, grpc-java and grpcio interceptors).',
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
      notWired:
        'Authentication is defined in {{file}} ({{name}}) but never wired: no route, router or app registration applies it.',
      notUsed: '{{dep}} is declared in {{manifest}} but not used: no production code applies authentication.',
      notApplied: '{{dep}} is set up in {{file}} but never applied: no route applies authentication.',
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
    const routeAuth = ctx.facts.service.routes.filter(
      (r) => r.reached && r.middleware?.some((m) => ROUTE_AUTH.test(m)),
    );
    if (routeAuth.length) {
      const r = routeAuth[0]!;
      const mw = r.middleware!.find((m) => ROUTE_AUTH.test(m))!;
      return ctx.pass([ctx.at(r.file, r.line, `${r.method} ${r.fullPath} runs ${mw}`)], {
        messageId: 'applied',
        data: { how: `${mw} on ${routeAuth.length} route(s)` },
      });
    }
    const all = findHits(ctx.facts, APPLIED).filter((h) => h.live || /\.ya?ml$/.test(h.path));
    // A Spring filter chain that permits every request authenticates nobody.
    const permitsAll = (path: string): boolean => {
      const text = ctx.repo.read(path) ?? '';
      return (
        /anyRequest\(\)\s*\.permitAll/.test(text) &&
        !/\.authenticated\(\)|hasRole|hasAuthority|hasAnyRole|hasAnyAuthority|\.access\(/.test(text)
      );
    };
    const applied = all.filter((h) => h.label !== 'Spring Security' || !permitsAll(h.path));
    if (!applied.length && all.length) {
      const h = all[0]!;
      const line = ctx.repo.grepFirst(/anyRequest\(\)\s*\.permitAll/, { paths: [h.path] });
      return ctx.gap(
        'permitAll',
        [ctx.at(h.path, line?.line ?? h.line, 'anyRequest().permitAll(): no request requires authentication')],
        { data: { file: h.path } },
      );
    }
    // gRPC: an interceptor (or tonic auth layer) on the server authenticates every call.
    const grpcAuth = ctx.facts.grpc.authentication;
    if (!applied.length && grpcAuth)
      return ctx.pass([ctx.at(grpcAuth.path, grpcAuth.line, grpcAuth.note)], {
        messageId: 'applied',
        data: { how: grpcAuth.note },
      });
    if (applied.length) {
      return ctx.pass(
        applied.slice(0, 5).map((h) => hitEvidence(ctx, h)),
        { messageId: 'applied', data: { how: [...new Set(applied.map((h) => h.label))].join(', ') } },
      );
    }
    // Elysia: a lifecycle hook chained on the app (derive/resolve + onBeforeHandle, a guard, a macro's resolve)
    // that looks at the caller and answers 401 applies to every route registered after it.
    const hook = elysiaAuthHook(ctx);
    if (hook)
      return ctx.pass([hitEvidence(ctx, hook, `${hook.label}: rejects callers without credentials (401)`)], {
        messageId: 'applied',
        data: { how: hook.label },
      });
    // Auth logic written in the project: wired when the function/class holding it is applied to requests.
    const substance = findHits(ctx.facts, SUBSTANCE).filter(
      (h) =>
        !/csrf|xsrf|captcha|webhook|signature/i.test(h.text) &&
        (h.label !== 'credential comparison' || nearReject(ctx, h)) &&
        (h.label !== 'sign-in check' || nearReject(ctx, h, SIGN_IN_REJECTS, 8)),
    );
    const notWired: { hit: SourceHit; name: string }[] = [];
    const seen = new Set<string>();
    for (const h of substance) {
      // Fastify: the check lives in a decorator (fastify.decorate('requireUser', …)) applied by name in onRequest/preHandler,
      // or in a hook registered for every request (addHook('onRequest', …)).
      const above = ctx.repo
        .lines(h.path)
        .slice(Math.max(0, h.line - 8), h.line)
        .reverse();
      const hook = above.find((l) =>
        /\.addHook\(\s*["'](?:onRequest|preHandler|preValidation)["']\s*,\s*(?:async\s+)?(?:function|\()/.test(l),
      );
      if (hook && h.live)
        return ctx.pass([hitEvidence(ctx, h, `${h.label} in a hook run for every request`)], {
          messageId: 'applied',
          data: { how: `${h.label} in an onRequest hook` },
        });
      const decorated = above.map((l) => /\.decorate\(\s*["'](\w+)["']/.exec(l)?.[1]).find(Boolean);
      if (decorated) {
        const at = appliedAt(ctx.facts, decorated, h);
        if (at)
          return ctx.pass([hitEvidence(ctx, h), ctx.at(at.path, at.line, `${decorated} applied (${at.how})`)], {
            messageId: 'applied',
            data: { how: `${decorated} applied as ${at.how}` },
          });
        notWired.push({ hit: h, name: decorated });
        continue;
      }
      const enc = enclosing(ctx.facts, h.path, h.line);
      // `module.exports = function (req, res, next) {…}`: the middleware is applied under its importers' names.
      const applied = defaultExportBindings(ctx.facts, h.path, h.line)
        .map((b) => ({ b, at: appliedAt(ctx.facts, b.name, undefined, 0, [b.path]) }))
        .find((x) => x.at);
      if (applied?.at)
        return ctx.pass(
          [
            hitEvidence(ctx, h, `${h.label} in the middleware ${h.path} exports`),
            ctx.at(applied.at.path, applied.at.line, `imported as ${applied.b.name} and applied (${applied.at.how})`),
          ],
          { messageId: 'applied', data: { how: `${h.path} applied as ${applied.at.how}` } },
        );
      if (enc?.decorated && h.live)
        return ctx.pass([hitEvidence(ctx, h, `${h.label} inside a route/middleware (@${enc.decorated})`)], {
          messageId: 'applied',
          data: { how: `${h.label} in ${enc.name}` },
        });
      const loaded = h.live ? loadedMiddleware(ctx, h.path, enc?.name) : undefined;
      if (loaded)
        return ctx.pass([hitEvidence(ctx, h, `${h.label} in ${loaded}, which the framework runs for every request`)], {
          messageId: 'applied',
          data: { how: `${h.label} in ${loaded}` },
        });
      if (!enc) {
        // Module-level scheme objects (oauth2_scheme = OAuth2PasswordBearer(...)) are applied through their variable.
        const v = /^\s*(?:export\s+)?(?:const\s+|let\s+|var\s+)?(\w+)\s*(?::[^=]+)?=/.exec(
          ctx.repo.lines(h.path)[h.line - 1] ?? '',
        )?.[1];
        if (!v) {
          if (h.live && h.label !== 'FastAPI security scheme')
            return ctx.pass([hitEvidence(ctx, h)], { messageId: 'applied', data: { how: h.label }, confidence: 'low' });
          continue;
        }
        const key = `${h.path}:${v}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const at = appliedAt(ctx.facts, v, h);
        if (at)
          return ctx.pass([hitEvidence(ctx, h), ctx.at(at.path, at.line, `${v} applied (${at.how})`)], {
            messageId: 'applied',
            data: { how: `${h.label} applied as ${at.how}` },
          });
        const user = usersOf(ctx, v, h);
        if (user) return user;
        notWired.push({ hit: h, name: v });
        continue;
      }
      const key = `${h.path}:${enc.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const def = { path: h.path, line: enc.line };
      const at = appliedAt(ctx.facts, enc.name, def);
      if (at)
        return ctx.pass(
          [
            hitEvidence(ctx, h, `${h.label} in ${enc.name}`),
            ctx.at(at.path, at.line, `${enc.name} applied (${at.how})`),
          ],
          { messageId: 'applied', data: { how: `${enc.name} applied as ${at.how}` } },
        );
      const user = usersOf(ctx, enc.name, def);
      if (user) return user;
      notWired.push({ hit: h, name: enc.name });
    }
    if (notWired.length) {
      const first = notWired[0]!;
      return ctx.gap(
        'notWired',
        [
          ...notWired
            .slice(0, 3)
            .map((n) =>
              hitEvidence(
                ctx,
                n.hit,
                `${n.hit.label} in ${n.name}, which no route, router or app registration applies`,
              ),
            ),
          ctx.missing(
            ['Depends()', 'app.use()', '.Use()', '@UseGuards', 'before_action', 'decorators', 'middleware lists'],
            `${first.name} is never applied`,
          ),
        ],
        {
          data: { file: first.hit.path, name: first.name },
        },
      );
    }
    // DRF authentication classes without a permission class that requires a user: callers are identified, not required.
    const drf = findHits(ctx.facts, [
      {
        re: /["']DEFAULT_AUTHENTICATION_CLASSES["']\s*:/,
        label: 'DRF DEFAULT_AUTHENTICATION_CLASSES',
        langs: ['python'],
      },
    ]).filter((h) => h.live);
    if (drf.length)
      return ctx.pass(
        [hitEvidence(ctx, drf[0]!, 'DRF authentication classes set; no IsAuthenticated permission requires them')],
        { messageId: 'configuredOnly', confidence: 'low' },
      );
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
    const unused = declaredNotApplied(ctx, DEPS, searched, 'no production code applies it');
    if (unused) return unused;
    const site = ctx.facts.publicReadOnly;
    if (site) return ctx.na(`a public read-only site (${site.note}): there is no caller to authenticate`);
    // Every route the service serves needs a decision (protected or deliberately public): the size of the work.
    const routes = reachedRoutes(ctx.facts);
    return ctx.gap('missing', [ctx.missing(searched, 'no authentication applied to requests')], {
      ...(routes.length
        ? { size: { count: routes.length, unit: 'route', files: new Set(routes.map((r) => r.file)).size } }
        : {}),
    });
  },
});

/** Elysia lifecycle hooks that run before the handlers of the routes chained after them. */
const ELYSIA_HOOK: SourcePattern = {
  re: /\.(?:onBeforeHandle|derive|resolve|guard)\s*\(|\b(?:beforeHandle|resolve)\s*(?::\s*(?:async\s+)?(?:\(|function\b|\[)|\()/,
  label: 'Elysia lifecycle hook authenticating the caller',
  langs: ['javascript', 'typescript'],
  fileRequires: /from\s+["']elysia["']|require\(\s*["']elysia["']\s*\)/,
};
const CALLER = /user|session|token|bearer|authori[sz]ation|jwt|auth|api_?key|cookie|member|account|principal|identity/i;

/** The first live Elysia hook whose body (the next lines) checks the caller and answers 401. */
function elysiaAuthHook(ctx: RuleContext): SourceHit | undefined {
  return findHits(ctx.facts, [ELYSIA_HOOK]).find((h) => {
    if (!h.live) return false;
    const body = (ctx.facts.code.text(h.path) ?? '').split(/\r?\n/).slice(h.line - 1, h.line + 14);
    return body.some((l) => CALLER.test(l)) && body.some((l) => REJECTS.test(l));
  });
}

/** What a failed sign-in check does: 401/403, or a redirect to the login page. */
const SIGN_IN_REJECTS = new RegExp(
  `${REJECTS.source}|\\b403\\b|Forbidden|FORBIDDEN|[Rr]edirect\\w*\\([^)\\n]*(?:login|sign_?in|signin|auth)`,
);

function nearReject(ctx: RuleContext, h: SourceHit, reject = REJECTS, window = 4): boolean {
  const lines = ctx.repo.lines(h.path);
  return lines.slice(h.line - 1, h.line + window).some((l) => reject.test(l));
}

/** A function called from a handler/dependency that is itself applied (get_current_user → Depends(get_current_user)). */
function usersOf(
  ctx: RuleContext,
  name: string,
  def: { path: string; line: number },
): ReturnType<typeof ctx.pass> | undefined {
  const up = reachesRequests(ctx.facts, name, def);
  if (up)
    return ctx.pass([ctx.at(def.path, def.line, `${name} checks the caller`), ctx.at(up.path, up.line, up.how)], {
      messageId: 'applied',
      data: { how: up.how },
    });
  const call = calledAt(ctx.facts, name, def) ?? depArg(ctx, name);
  if (!call) return undefined;
  const enc = enclosing(ctx.facts, call.path, call.line);
  if (enc?.decorated)
    return ctx.pass([ctx.at(call.path, call.line, `${name} called in a route handler (@${enc.decorated})`)], {
      messageId: 'applied',
      data: { how: `${name} called by route ${enc.name}` },
    });
  // A route module of a file-routed framework or a platform function: the call is in the handler of that route.
  const route = ctx.facts.service.routes.find((r) => r.reached && r.file === call.path && FILE_ROUTED.has(r.framework));
  if (route)
    return ctx.pass(
      [
        ctx.at(def.path, def.line, `${name} checks the caller`),
        ctx.at(call.path, call.line, `${name} called by the handler of ${route.method} ${route.fullPath}`),
      ],
      { messageId: 'applied', data: { how: `${name} called by the ${route.framework} route handlers` } },
    );
  const loaded = loadedMiddleware(ctx, call.path, enc?.name);
  if (loaded)
    return ctx.pass(
      [
        ctx.at(def.path, def.line, `${name} checks the caller`),
        ctx.at(call.path, call.line, `${name} called in ${loaded}`),
      ],
      { messageId: 'applied', data: { how: `${name} called in ${loaded}` } },
    );
  if (!enc || enc.name === name) return undefined;
  const at = appliedAt(ctx.facts, enc.name, { path: call.path, line: enc.line });
  if (at)
    return ctx.pass(
      [
        ctx.at(call.path, call.line, `${name} used by ${enc.name}`),
        ctx.at(at.path, at.line, `${enc.name} applied (${at.how})`),
      ],
      { messageId: 'applied', data: { how: `${enc.name} applied as ${at.how}` } },
    );
  return undefined;
}

/** Frameworks whose route is a module (one file, one route): a call in its handler applies to that route. */
const FILE_ROUTED = new Set([
  'vercel-functions',
  'netlify-functions',
  'aws-lambda',
  'sveltekit',
  'astro',
  'nitro',
  'nuxt',
  'remix',
  'react-router',
]);

/**
 * Middleware the framework loads by file name and runs for every request: a Nitro/Nuxt server/middleware file, or
 * SvelteKit's handle hook (code in the hooks file outside a function, in handle itself, or in a function handle
 * composes with sequence()). Describes where, or undefined.
 */
function loadedMiddleware(ctx: RuleContext, file: string, fn: string | undefined): string | undefined {
  const mw = ctx.facts.service.middleware.filter((m) => m.reached && m.file === file);
  const nitro = mw.find((m) => m.text.startsWith('server/middleware/'));
  if (nitro) return nitro.text;
  const handle = mw.find((m) => /^handle\w*$/.test(m.name));
  if (!handle) return undefined;
  if (!fn || fn === handle.name) return `the ${handle.name} hook`;
  const composed = new RegExp(`\\bhandle\\w*\\s*=\\s*sequence\\([^)]*\\b${fn}\\b`).test(ctx.repo.read(file) ?? '');
  return composed ? `the handle hook (${fn}, composed with sequence)` : undefined;
}

/** Default-argument use: `def get_current_user(token: str = Depends(oauth2_scheme))` names the scheme inside Depends. */
function depArg(ctx: RuleContext, name: string): { path: string; line: number } | undefined {
  const re = new RegExp(`\\b(?:Depends|Security)\\(\\s*${name}\\b`);
  const hit = ctx.repo.grepFirst(re, { kinds: ['source'] });
  return hit ? { path: hit.path, line: hit.line } : undefined;
}

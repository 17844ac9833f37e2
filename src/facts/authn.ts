// Authentication applied to requests: authentication registered where it is written (decorators, guards, filter
// chains, registrations), a Spring filter chain permitting every request, Elysia hooks rejecting anonymous callers,
// and auth logic written in the project (token verification, security schemes, credential comparisons, sign-in
// checks) that counts once the function holding it is applied to requests, or is recorded as never applied.
// security.authn is a policy over it.
import type { RepoIndex } from '../repo/index.js';
import { escapeRegExp } from '../repo/text.js';
import type { Facts } from './index.js';
import { bracketBody, isCommentLine } from './code-scan.js';
import { enclosingJsMethod } from './code-structure.js';
import { GITHUB_APP_EVENT_IMPORT } from './frameworks.js';
import { extendsHttpKernel, utopiaHookLines } from './routes-php.js';
import { bodyFrom, routeBody } from './handlers.js';
import { jsImportOf, type ServiceRoute } from './service.js';
import {
  appliedAt,
  calledAt,
  defaultExportBindings,
  enclosing,
  findHits,
  inlineRegistrationAround,
  reachesRequests,
  type SourceHit,
  type SourcePattern,
  routerlessApp,
} from './wiring.js';

/** A place in the repository and what it shows. */
export interface AuthnSite {
  path: string;
  line: number;
  note: string;
}

/** Authentication the project's own code applies to requests. */
export interface AuthnCode {
  /** How it reaches requests: the check and what applies it. */
  how: string;
  /** low: a check in reached code outside any function (nothing says which requests it guards). */
  confidence?: 'low';
  evidence: AuthnSite[];
}

export interface AuthnFacts {
  /**
   * Authentication applied where it is written (reached code, or YAML descriptors), with a label each; low when it is
   * layered on only in the branch of a setting (`if let Some(url) = forward_auth { routes.layer(…) }`).
   */
  applied: { label: string; site: AuthnSite; confidence?: 'low' }[];
  /**
   * The authentication applied lets every caller in while a setting is off or unset, as it is when the service starts
   * without it (the project's .NET authentication handler signing everyone in).
   */
  offByDefault?: AuthnSite;
  /** Spring Security is configured, but every filter chain permits any request (when nothing else applies). */
  permitAll?: AuthnSite;
  /** An Elysia lifecycle hook that checks the caller and answers 401. */
  elysiaHook?: { label: string; site: AuthnSite };
  /** Auth logic written in the project and applied to requests (the first found). */
  code?: AuthnCode;
  /** Auth logic in functions or objects no route, router or app registration applies (when no code applies). */
  unregistered: { site: AuthnSite; name: string }[];
  /** DRF DEFAULT_AUTHENTICATION_CLASSES in reached settings. */
  drfAuthenticationClasses?: AuthnSite;
  /**
   * Route middleware of the project's own, by the name routes list it under, whose code signs the caller in or turns
   * them away: a Laravel alias (`$router->aliasMiddleware('admin', Bouncer::class)`, a Kernel or bootstrap alias)
   * whose class checks `auth()->guard(…)->check()` and redirects or answers 401, a Phoenix function plug
   * (`plug :check_auth`) whose `defp` verifies the bearer token and halts with 401/403.
   */
  routeMiddleware: { name: string; site: AuthnSite }[];
}

/** Azure Functions' key check: the host refuses a call without the function's (or the host's) key. */
const FUNCTION_KEY =
  'Azure Functions HTTP trigger requiring a function or host key (AuthorizationLevel.Function / Admin)';
const OWN_MIDDLEWARE_401 = "ASP.NET Core middleware reading the caller's credential and answering 401";
const DJANGO_MIDDLEWARE_401 = 'Django middleware of the project answering 401';
const RUST_FN_MIDDLEWARE_401 = 'Rust middleware function (axum from_fn) answering 401';
const RUST_HANDLER_CHECK_401 =
  "Rust handlers asking their own check of the request's credential, refused with 401 through ?";
const POEM_MIDDLEWARE_TOKEN = 'poem middleware (.with) resolving the caller from the bearer token';
const TOWER_LAYER_401 = 'tower layer around the server refusing calls without a valid credential';
const ACTIX_TRANSFORM_401 = 'actix-web middleware of its own (.wrap) checking a request header and answering 401';
const SALVO_AUTH_HOOP = 'salvo authentication hoop put before the routes (JwtAuth or an auth handler)';
const GITHUB_APP_WEBHOOK =
  "quarkus-github-app checks the signature of GitHub's webhook deliveries (X-Hub-Signature-256) once the app's webhook secret is set";
/** gidgethub reading a webhook delivery with the secret its signature is checked against. */
export const GIDGETHUB_SIGNED_EVENT = /\bEvent\.from_http\s*\([^)]*\bsecret\b/;
const PROBOT_WEBHOOK =
  "Probot checks the signature of GitHub's webhook deliveries (X-Hub-Signature-256) against the app's WEBHOOK_SECRET";
const GIDGETHUB_WEBHOOK =
  "gidgethub checks the signature of GitHub's webhook deliveries (X-Hub-Signature-256) against the secret given to Event.from_http, once it is set";
const PAYLOAD_REST =
  "Payload CMS REST handlers (Payload reads the caller's token or cookie; collections without access functions admit only signed-in users)";

/** gds-sso's `authorise_user!("permission")` (or `any_of:` / `all_of:` lists), in a controller or its filter. */
export const GDS_SSO_AUTHORISE = /\bauthori[sz]e_user!\s*\(?\s*(?:["':]|(?:any|all)_of\b)/;
/** Authentication applied to requests where it is written: a decorator, a guard, a filter chain, a registration. */
const OZZO_AUTH = 'ozzo-routing authentication handler (auth.JWT / Bearer / Basic)';
/** A Go import of ozzo-routing's auth package, with the name it is given (group 1; none: the package's name, `auth`). */
const GO_OZZO_AUTH_IMPORT =
  /^[ \t]*(?:import[ \t]+)?(?:(\w+)[ \t]+)?"github\.com\/go-ozzo\/ozzo-routing(?:\/v\d+)?\/auth"/m;

/** Whether a Go hit's package (`auth.JWT(`: group 1) is the name the file gives ozzo-routing's auth package. */
function ozzoAuthCall(repo: RepoIndex, h: SourceHit): boolean {
  const m = GO_OZZO_AUTH_IMPORT.exec(repo.read(h.path) ?? '');
  return !!m && h.groups[1] === (m[1] || 'auth');
}

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
    // The project's own default permission class (`("pulpcore.app.access_policy.AccessPolicyFromDB",)`, a
    // drf-access-policy policy, DjangoModelPermissions): every view checks the caller DRF's authentication classes
    // identified, and an anonymous caller has no permission. Not AllowAny, a read-only or an anonymous-read class.
    re: /["']DEFAULT_PERMISSION_CLASSES["']\s*:\s*[[(]\s*["']?(?![\w.]*\b(?:AllowAny|\w*ReadOnly|\w*Anon\w*)\b)[\w.]+["']?\s*[,)\]]/,
    label: 'DRF default permission class on every view',
    langs: ['python'],
  },
  {
    re: /\b(?:LoginRequiredMixin|LoginRequiredMiddleware)\b(?!\s*=)/,
    label: 'Django login required',
    langs: ['python'],
  },
  {
    // Django's login decorators applied without the `@`: wrapping a view in the URLconf
    // (`path("me", login_required(views.profile))`, `staff_member_required(SettingsView.as_view())`), through
    // `method_decorator(login_required, name="dispatch")`, or listed for a helper that decorates a group of patterns
    // (`decorated_patterns([login_required, never_cache], …)`, `decorators = [login_required]`).
    re: /(?<!\bdef\s)\b(?:login_required|staff_member_required)\s*\(\s*(?:[A-Za-z_][\w.]*(?:\.as_view\(|\s*[,)])|views?\.)|\bmethod_decorator\(\s*(?:login_required|staff_member_required)\b|\[\s*(?:[\w.]+\s*,\s*)*(?:login_required|staff_member_required)\s*[,\]]/,
    label: 'Django login_required applied to views',
    langs: ['python'],
  },
  { re: /\bverify_jwt_in_request\s*\(/, label: 'flask-jwt-extended verify_jwt_in_request', langs: ['python'] },
  {
    // Starlette (and FastAPI on it): `@requires("authenticated")` refuses a request whose AuthenticationMiddleware
    // backend found no user (403, or a redirect to the login page).
    re: /^\s*@(?:\w+\.)?requires\(\s*\[?\s*["']authenticated["']/,
    label: 'Starlette @requires("authenticated")',
    langs: ['python'],
    fileRequires: /\bstarlette\.authentication\b/,
  },
  {
    // Pyramid: the security policy identifies every request's caller (pyramid_multiauth stacks several policies).
    re: /\.set_(?:security|authentication)_policy\s*\(|\.include\(\s*["']pyramid_multiauth["']\s*\)|\bConfigurator\([^)]*\b(?:security|authentication)_policy\s*=/,
    label: 'Pyramid security policy',
    langs: ['python'],
  },
  {
    // Flask class-based views: `decorators = [login_required]` (MethodView) / `method_decorators = [...]`
    // (flask-restful) wrap every verb method of the view.
    re: /^\s*(?:method_)?decorators\s*=\s*[[(][^\n]*\b(?:login_required|jwt_required|auth_required|token_required|fresh_login_required)\b/,
    label: 'class-based view decorators requiring login',
    langs: ['python'],
  },
  {
    // Django Ninja (and django-ninja-extra / -jwt): an `auth=` given to the API, a router, a controller or one
    // operation (`NinjaAPI(auth=django_auth)`, `Router(auth=JWTAuth())`, `@router.get("/me", auth=[ApiKey()])`)
    // makes Ninja run that authenticator before the handler and answer 401 when it returns nothing. The value is an
    // authenticator: a constructed class, a list of them, or a name; not None or NOT_SET (routes left open), not a
    // parameter handed on (`super().__init__(auth=auth)`), not a tuple or string (an outbound client's credentials).
    re: /\bauth\s*=\s*(?!None\b|NOT_SET\w*\b|auth\b)(?:\[\s*)?(?:[A-Z]\w*\(\s*\)|[a-z_]\w*)(?=\s*[,)\]]|\s*$)/,
    label: 'Django Ninja operation / router authentication (auth=)',
    langs: ['python'],
    fileRequires: /^\s*(?:from\s+ninja(?:_extra|_jwt)?(?:\.[\w.]+)?\s+import|import\s+ninja)\b/m,
  },
  // Node
  { re: /\bpassport\.authenticate\s*\(/, label: 'passport.authenticate', langs: ['javascript', 'typescript'] },
  {
    // AdonisJS: the named auth middleware on routes and groups (`.use(middleware.auth())`, v5 `.middleware('auth')`),
    // or the guard called in a handler (`auth.authenticate()`, `auth.use('api').authenticate()`).
    re: /\.use\(\s*\[?[^)\n]*\bmiddleware\.auth\s*\(|\.middleware\s*\(\s*\[?\s*["']auth(?::[\w,]+)?["']|\bauth(?:\.use\([^)\n]*\))?\.authenticate(?:Using)?\s*\(/,
    label: 'AdonisJS auth middleware / guard',
    langs: ['javascript', 'typescript'],
  },
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
    // Payload's handlers mounted in a Next.js route (`export const GET = REST_GET(config)`); whether a collection's own
    // access functions open it to everyone is not read (low).
    re: /\bREST_(?:GET|POST|PATCH|PUT|DELETE)\s*\(\s*\w+\s*\)/,
    label: PAYLOAD_REST,
    langs: ['javascript', 'typescript'],
    fileRequires: /["']@payloadcms\/next\/routes["']/,
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
    // h3's sealed cookie session (Nuxt/Nitro without an auth module): `getSession<S>(event, { password: … })` reads
    // the caller's encrypted session, which a route helper then turns into the user or a 401.
    re: /\b(?:getSession|useSession)\s*(?:<\w+>)?\s*\(\s*event\s*,\s*\{\s*password\s*:/,
    label: 'h3 sealed session read in a server route helper',
    langs: ['javascript', 'typescript'],
    fileRequires: /["']h3["']/,
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
    // clerkMiddleware() is also Hono's and Express's (@hono/clerk-auth, @clerk/express): the label names no framework.
    // A project's own `function authMiddleware(` is a definition, not Clerk's call.
    re: /(?<!\bfunction\s)\b(?:clerkMiddleware|authMiddleware|withAuth)\s*\(|export\s+\{\s*(?:auth|default)\s+as\s+middleware\s*\}|export\s+(?:default\s+)?NextAuth\b|export\s*\{\s*default\s*\}\s*from\s*["'](?:next-auth\/middleware|@auth\/nextjs)["']/,
    label: 'authentication middleware (Clerk / Auth.js / NextAuth)',
    langs: ['javascript', 'typescript'],
  },
  {
    // `export default auth` is Auth.js's middleware where `auth` comes from Auth.js or the project's auth module, not
    // where it is a router of login routes (`const auth = new Router()`).
    re: /export\s+(?:default\s+)?auth\b/,
    label: 'authentication middleware (Clerk / Auth.js / NextAuth)',
    langs: ['javascript', 'typescript'],
    fileRequires:
      /["'](?:next-auth(?:\/[\w-]+)?|@auth\/[\w-]+|(?:\.{1,2}|@|~)(?:\/[\w.-]+)*\/auth)["']|\bNextAuth\s*\(/,
  },
  {
    // next-auth's JWT read from the request cookie (`const token = await getToken({ req })`, then 401 without one).
    re: /\bgetToken\s*\(\s*\{\s*req\b/,
    label: 'next-auth session token checked on the server (getToken)',
    langs: ['javascript', 'typescript'],
    fileRequires: /["']next-auth\/jwt["']/,
  },
  {
    re: /\bgetServerSession\s*\(|\bawait\s+auth\s*\(\s*\)|\bgetAuth\s*\(\s*req|\bcurrentUser\s*\(\s*\)/,
    label: 'session checked in route handler',
    langs: ['javascript', 'typescript'],
  },
  {
    // Sails.js runs the policies config/policies.js maps to every action (`'*': ['is-authenticated']`) before each one.
    re: /^\s*['"]\*['"]\s*:\s*\[?[^\n]*['"][\w-]*(?:auth|logged-?in|signed-?in|login|session|token)[\w-]*['"]/i,
    label: 'Sails authentication policy applied to every action (config/policies.js)',
    langs: ['javascript', 'typescript'],
    fileRequires: /\bmodule\.exports\.policies\b/,
  },
  // Go
  {
    re: /\.Use\([^\n]*\b(?:echojwt\.\w+|middleware\.JWT\w*|middleware\.KeyAuth\w*|middleware\.BasicAuth\w*|jwtware\.New|jwtmiddleware\.\w+|jwtauth\.(?:Verifier|Authenticator)\w*|gin\.BasicAuth\w*|basicauth\.New|keyauth\.New|\w+\.MiddlewareFunc\(\))/,
    label: 'Go authentication middleware registered',
    langs: ['go'],
  },
  {
    // An authenticator's middleware method applied to a route group: `rauth.Use(authMiddleware.Auth, …)`,
    // `r.With(authn.Authenticate)`, `r.Use(sessions.RequireAuth)` (go-pkgz/auth and hand-made authenticators).
    re: /\.(?:Use|With)\([^\n]*\b\w*[Aa]uth\w*\.(?:Auth|Authenticate\w*|RequireAuth\w*|RequireLogin|LoginRequired|Required)\b(?!\s*\()/,
    label: 'Go authentication middleware registered',
    langs: ['go'],
  },
  {
    re: /\bjwtmiddleware\.New\(|\bmiddleware\.BasicAuth\(|\becho(?:jwt)?\.JWT\w*\(/,
    label: 'Go authentication middleware',
    langs: ['go'],
  },
  {
    // ozzo-routing's auth package: `auth.JWT(key, …)`, `auth.Bearer(fn)`, `auth.Basic(fn)` build the handler a route
    // group `Use`s; it answers 401 when the credential does not verify.
    // The package is called by the name the file gives the import (checked in appliedAuthn): `c.Query("q")` on a
    // routing.Context or `db.Query(…)` is no handler.
    re: /\b(\w+)\.(?:JWT|Bearer|Basic|Query)\s*\(/,
    label: OZZO_AUTH,
    langs: ['go'],
    fileRequires: GO_OZZO_AUTH_IMPORT,
  },
  {
    // Kratos' JWT middleware (`http.Middleware(jwt.Server(keyFunc, …))`, often inside `selector.Server(…)` with a
    // list of open operations): every request of the server it is given to needs a verified token.
    re: /\bjwt\.Server\s*\(/,
    label: 'Kratos JWT middleware (jwt.Server)',
    langs: ['go'],
    fileRequires: /"github\.com\/go-kratos\/kratos\/v2\/middleware\/auth\/jwt"/,
  },
  {
    // go-grpc-middleware's auth interceptor runs the project's AuthFunc on every gRPC (and grpc-gateway) call.
    re: /\b\w*auth\w*\.(?:Unary|Stream)ServerInterceptor\s*\(\s*[\w.]*\w\s*\(?/i,
    label: 'gRPC auth interceptor (go-grpc-middleware) registered',
    langs: ['go'],
  },
  // PocketBase: every request's token is verified by the framework into `e.Auth`; routes require it with
  // apis.RequireAuth() / RequireSuperuserAuth() or check it in the handler.
  {
    re: /\bapis\.Require(?:Auth|SuperuserAuth|SuperuserOrOwnerAuth)\w*\s*\(|\be\.Auth\s*==\s*nil\b|\be\.HasSuperuserAuth\s*\(\s*\)/,
    label: 'PocketBase request auth (e.Auth, apis.RequireAuth)',
    langs: ['go'],
    fileRequires: /"github\.com\/pocketbase\/pocketbase(?:\/[\w/]+)?"/,
  },
  // Spring
  {
    re: /\bSecurityFilterChain\b|\.oauth2ResourceServer\s*\(|\.httpBasic\s*\(|\.formLogin\s*\(|@EnableWebSecurity|WebSecurityConfigurerAdapter|\.authenticated\(\)/,
    label: 'Spring Security',
    langs: ['java', 'kotlin'],
  },
  // A servlet filter or Spring MVC interceptor of the application's own that refuses a caller it cannot sign in: 401
  // (`response.sendError(HttpServletResponse.SC_UNAUTHORIZED)`) or a redirect to the login page (WAR apps without
  // Spring Security, custom token filters).
  {
    // SC_UNAUTHORIZED of the servlet response, of Apache HttpCore's HttpStatus or statically imported.
    re: /\.(?:sendError|setStatus)\s*\(\s*(?:(?:\w+\.)*SC_UNAUTHORIZED|HttpStatus\.UNAUTHORIZED\.value\(\)|401)\b|\.sendRedirect\s*\([^;\n]*\blogin/i,
    label: 'servlet filter / MVC interceptor refusing unauthenticated requests',
    langs: ['java', 'kotlin'],
    fileRequires:
      /\bimplements\s+(?:[\w.<>]+\s*,\s*)*(?:javax\.servlet\.|jakarta\.servlet\.)?(?:Filter|HandlerInterceptor|AsyncHandlerInterceptor)\b|\bextends\s+(?:OncePerRequestFilter|GenericFilterBean|HttpFilter|HandlerInterceptorAdapter)\b|:\s*(?:OncePerRequestFilter|GenericFilterBean|HttpFilter|HandlerInterceptor|Filter)\b/,
  },
  // A Spring MVC interceptor of an SSO or authentication library registered on the application's paths
  // (`registry.addInterceptor(new XxlSsoWebInterceptor(…)).addPathPatterns("/**")`, Sa-Token's
  // `new SaInterceptor(handle -> StpUtil.checkLogin())`): the configurer imports it from the library's auth package.
  {
    re: /\.addInterceptor\s*\(/,
    label: 'Spring MVC interceptor of an SSO/authentication library registered',
    langs: ['java', 'kotlin'],
    fileRequires:
      /^\s*import\s+(?:[\w]+\.)+(?:sso|auth|authc|authn|authentication|security|satoken|jwt)\.(?:[\w]+\.)*\w*Interceptor\b/m,
  },
  // Apache Shiro: the filter chain sends every path (or the API's) through an authenticating filter
  // (`chain.put("/**", "authc")`, `addPathDefinition("/api/**", "jwt")`).
  {
    re: /\b(?:put|addPathDefinition)\s*\(\s*"\/(?:[\w-]+\/)*\*\*"\s*,\s*"(?:authc|authcBasic|user|jwt|oauth2|token)\b/,
    label: 'Apache Shiro filter chain requiring authentication',
    langs: ['java', 'kotlin'],
    fileRequires: /\bShiroFilterFactoryBean\b|\bShiroFilterChainDefinition\b/,
  },
  // A Micronaut HTTP server filter or a Spring WebFlux WebFilter of the application's own that answers 401 when the
  // caller's credentials do not check out (`HttpResponse.unauthorized()`, `setStatusCode(HttpStatus.UNAUTHORIZED)`).
  {
    re: /\bHttpResponse\.unauthorized\s*\(|\bHttpResponse\.status\s*\(\s*HttpStatus\.UNAUTHORIZED\b|\.setStatusCode\s*\(\s*HttpStatus\.UNAUTHORIZED\b/,
    label: 'Micronaut/WebFlux request filter refusing unauthenticated requests',
    langs: ['java', 'kotlin'],
    fileRequires:
      /\bimplements\s+(?:[\w.<>]+\s*,\s*)*(?:HttpServerFilter|WebFilter)\b|^\s*@ServerFilter\b|:\s*(?:HttpServerFilter|WebFilter)\b/m,
  },
  // JAX-RS (Jersey, RESTEasy, Dropwizard): a request filter registered at the authentication priority, Dropwizard's
  // AuthDynamicFeature, or Jersey's RolesAllowedDynamicFeature (enforces @RolesAllowed on an authenticated caller).
  {
    re: /@Priority\s*\(\s*Priorities\.AUTHENTICATION\s*\)|\bnew\s+AuthDynamicFeature\s*\(|\bRolesAllowedDynamicFeature\b/,
    label: 'JAX-RS authentication filter',
    langs: ['java', 'kotlin'],
  },
  // A JAX-RS request filter that signs the caller in (reads the credentials, sets the request's SecurityContext) and
  // refuses the rest with 401, whatever its priority (Jersey `registerClasses(SecurityRequestFilter.class)`).
  {
    re: /\.setSecurityContext\s*\(/,
    label: 'JAX-RS authentication filter',
    langs: ['java', 'kotlin'],
    fileRequires:
      /\bContainerRequestFilter\b[\s\S]*(?:\b40[13]\b|Status\.(?:UNAUTHORIZED|FORBIDDEN)|Not(?:Authorized|Allowed)Exception|ForbiddenException)/,
  },
  // Javalin: a before handler (`app.before(…)`, `beforeMatched { ctx -> … }`, a Handler class registered there) or an
  // AccessManager (Javalin 4/5) that refuses the caller with 401 (`throw UnauthorizedResponse()`, `ctx.status(401)`).
  {
    re: /\bthrow\s+(?:new\s+)?UnauthorizedResponse\s*\(|\.status\s*\(\s*(?:HttpStatus\.UNAUTHORIZED|401)\s*\)/,
    label: 'Javalin before handler refusing unauthenticated requests',
    langs: ['java', 'kotlin'],
    fileRequires:
      /^(?=[\s\S]*\bimport\s+io\.javalin\b)[\s\S]*?(?:\bbefore(?:Matched)?\s*[({]|\bAccessManager\b|\baccessManager\s*[({]|\bimplements\s+Handler\b|\bclass\s+\w+[^{\n]*:\s*Handler\b)/,
  },
  // HMRC's auth-client (Play services of the UK tax platform): `authorised(…) { … }` asks the auth service about the
  // caller's bearer token and fails the request (401) when no session is active.
  {
    re: /\bauthorised\s*\(/,
    label: 'auth-client authorised { } (HMRC auth service)',
    langs: ['scala'],
    fileRequires: /^\s*import\s+uk\.gov\.hmrc\.auth\.core\b/m,
  },
  // HMCTS' service-to-service tokens (service-auth-provider-java-client, `uk.gov.hmcts.reform.authorisation`): the
  // project hands the caller's ServiceAuthorization header to an `AuthTokenValidator` (`getServiceName(token)`,
  // `validate(token)`), which asks the S2S service to verify the token and throws InvalidTokenException when it is
  // missing, expired or forged. Where the call is reached, the requests that go through it are authenticated.
  {
    // Only a token validator's `validate(`: Bean Validation's `validator.validate(form)` verifies no caller.
    re: /\.\s*getServiceName\s*\(|\b\w*(?:AuthToken|[sS]2s|[tT]oken)Validator\s*\.\s*validate\s*\(/,
    label: 'HMCTS service-to-service token verified (service-auth-provider AuthTokenValidator)',
    langs: ['java', 'kotlin'],
    fileRequires: /^\s*import\s+uk\.gov\.hmcts\.reform\.authorisation\.validators\b/m,
  },
  // Play: an action builder or filter of the project's own that answers the callers it cannot sign in with 401
  // (`case _ => Future.successful(Unauthorized(…))` in `invokeBlock`/`filter`), the actions then built on it.
  {
    re: /\bUnauthorized\b/,
    label: 'Play action builder refusing unauthenticated requests',
    langs: ['scala'],
    fileRequires: /\b(?:extends|with)\s+(?:ActionBuilder|ActionFilter|ActionRefiner)\b/,
  },
  // Ktor: routes wrapped in `authenticate { … }` / `authenticate("jwt") { … }` (the Authentication plugin's providers);
  // Micronaut / Quarkus / Jakarta: endpoints that require an authenticated caller.
  {
    // The providers named by strings or by constants (`authenticate(IdentityProvider.AZUREAD.value) {`).
    re: /^\s*authenticate\s*(?:\(\s*(?:(?:"[^"\n]*"|[\w.]+(?:\(\s*\))?)\s*(?:,\s*(?:"[^"\n]*"|[\w.]+(?:\(\s*\))?)\s*)*)?\))?\s*\{/m,
    label: 'Ktor authenticate { } routes',
    langs: ['kotlin'],
  },
  // A route builder of the project's own wrapping Ktor's (`fun Route.signedIn(vararg issuers, build: Route.() -> Unit) =
  // authenticate(*names, optional = false, build = build)`): the routes it is given require a signed-in caller.
  {
    re: /^\s*(?:return\s+)?authenticate\s*\((?![^)\n]*\boptional\s*=\s*true\b)[^)\n]*\bbuild\s*=\s*\w+\s*\)/m,
    label: 'Ktor authenticate route wrapper',
    langs: ['kotlin'],
  },
  // A Ktor plugin of the project's own that reads the caller's credentials and signs the call in
  // (`call.authentication.principal(UserPrincipal(token))`), the routes then reading `call.principal<…>()`.
  {
    re: /\b(?:call\.)?authentication\.principal\s*\(/,
    label: 'Ktor plugin that signs the caller in (sets the call principal)',
    langs: ['kotlin'],
    fileRequires: /\bcreate(?:RouteScoped|Application)Plugin\s*\(|\bintercept\s*\(\s*ApplicationCallPipeline\b/,
  },
  {
    // Roles as strings or constants (`@Secured(Roles.ROLE_ADMIN)`, `@Secured(value = [Roles.ROLE_HMS])`).
    re: /@Secured\s*\(\s*(?:value\s*=\s*)?(?:[[{]\s*)?(?:SecurityRule\.IS_AUTHENTICATED|"isAuthenticated\(\)"|"ROLE_|(?:\w+\.)*ROLE_\w)|@Authenticated\b/,
    label: 'Micronaut/Quarkus @Secured / @Authenticated',
    langs: ['java', 'kotlin'],
  },
  // A GitHub App's one caller is GitHub: quarkus-github-app verifies each delivery against the webhook secret, which
  // is configured where the app runs (low).
  {
    re: GITHUB_APP_EVENT_IMPORT,
    label: GITHUB_APP_WEBHOOK,
    langs: ['java', 'kotlin'],
  },
  // gidgethub's `sansio.Event.from_http(headers, body, secret=…)` refuses a delivery whose signature does not match;
  // with the secret unset (an empty environment variable) it checks nothing (low).
  { re: GIDGETHUB_SIGNED_EVENT, label: GIDGETHUB_WEBHOOK, langs: ['python'] },
  // Rails / Rack
  {
    // `require_authentication` is what the Rails 8 authentication generator puts in its Authentication concern;
    // `doorkeeper_authorize!` refuses a request without a valid Doorkeeper OAuth token.
    re: /\bbefore_action\s+(?::\w+[!?]?\s*,\s*)*:(?:authenticate\w*!?|require_auth\w*|require_login|require_user|require_sign_in|ensure_(?:authenticated|signed_in|logged_in)|authorize_request|authenticate_request|verify_token|check_api_key|doorkeeper_authorize)\b/,
    label: 'before_action authentication',
    langs: ['ruby'],
  },
  {
    // gds-sso (GOV.UK Signon): `authorise_user!("permission")` signs the caller in (a Signon session or a bearer token)
    // before it checks the permission, so a filter of another name that calls it authenticates.
    re: GDS_SSO_AUTHORISE,
    label: 'gds-sso authorise_user! (GOV.UK Signon)',
    langs: ['ruby'],
  },
  {
    // Warden in a Rack app (Sinatra, Roda, Hanami): `authenticate!` runs the configured strategies (a bearer token, a
    // session) and halts the request through the failure app when none signs the caller in.
    re: /\b(?:warden|env\s*\[\s*["']warden["']\s*\])\.authenticate!/,
    label: 'Warden authenticate!',
    langs: ['ruby'],
  },
  {
    // Rodauth (Roda, rodauth-rails, Hanami): the routes or a before hook ask Rodauth for a signed-in account
    // (`rodauth.require_account`, `r.rodauth` + `rodauth.require_authentication`).
    re: /\brodauth\.require_(?:account|authentication|login|two_factor_authenticated)\b/,
    label: 'Rodauth require_account',
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
  // Filament: a panel's `->authMiddleware([Authenticate::class])` sends guests to the panel's sign-in page.
  {
    re: /->\s*authMiddleware\s*\(/,
    label: 'Filament panel authMiddleware (Authenticate)',
    langs: ['php'],
    fileRequires: /^\s*use\s+Filament\\Http\\Middleware\\Authenticate\s*;/m,
  },
  // PSR-15 / Slim / Mezzio: an authentication middleware added to the app or a group (`$app->add(new AuthMiddleware(…))`,
  // `$app->pipe('/api', ApiKeyAuthMiddleware::class)`), or listed in a Mezzio pipeline or route configuration.
  {
    re: /->\s*(?:add|pipe)\s*\(\s*(?:['"][^'"]*['"]\s*,\s*)?(?:new\s+)?\\?\$?[\w\\]*?[Aa]uth(?:entication|enticate)?\w*Middleware\w*\b|^\s*(?:[\w\\]+\\)?\w*Auth(?:entication|enticate)?Middleware::class\s*,?\s*$/,
    label: 'PHP authentication middleware',
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
  {
    // The same configuration written in PHP (`$container->loadFromExtension('security', [...])`, a config builder):
    // an access_control entry requiring a role, or a firewall's authenticator key.
    re: /['"]roles['"]\s*=>\s*\[?\s*['"](?:IS_AUTHENTICATED_\w+|ROLE_\w+)|['"](?:json_login|form_login|simple_form|http_basic|custom_authenticators?|access_token|login_link|jwt|guard)['"]\s*=>/,
    label: 'Symfony security firewall / access_control (PHP configuration)',
    include: ['config/packages/security.php', 'config/packages/prod/security.php', 'app/config/security.php'],
  },
  // Sureness (its Spring Boot starter): the `sureness.auths` list (jwt, basic, digest) turns on the servlet filter that
  // authenticates every request against the resource-role rules (sureness.yml); only the listed paths stay open.
  {
    re: /^sureness:\s*$|^sureness\.auths\s*=\s*\w/,
    label: 'Sureness authentication filter (sureness.auths)',
    include: ['**/application*.{yml,yaml,properties}'],
    fileRequires: /^\s+auths:\s*$|^sureness\.auths\s*=/m,
  },
  // Spring Boot's OAuth2 resource server: a JWT key set, issuer or introspection URI makes the auto-configured filter
  // chain (or a platform starter's) require a bearer token on every request.
  {
    re: /^\s+(?:jwk-set-uri|issuer-uri|public-key-location|introspection-uri)\s*:\s*\S|^spring\.security\.oauth2\.resourceserver\.(?:jwt\.(?:jwk-set-uri|issuer-uri|public-key-location)|opaquetoken\.introspection-uri)\s*=\s*\S/,
    label: 'Spring OAuth2 resource server (bearer tokens checked against the configured issuer)',
    include: ['**/src/main/resources/application*.{yml,yaml,properties}'],
    fileRequires: /^\s+resourceserver:\s*$|^spring\.security\.oauth2\.resourceserver\./m,
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
    re: /^\s*plug\s*(?:\(\s*)?(?:Guardian\.Plug\.EnsureAuthenticated|:require_authenticated_\w+|:require_(?:auth|login|user)\w*|:authenticate\w*|:ensure_auth\w*|[\w.]*\.(?:Require|Ensure)\w*Auth\w*|[\w.]*Plugs?\.Authenticate\w*|[\w.]*\.(?:Api)?Auth(?:entication)?(?:Plug)?)\b|\bon_mount:?\s*[[{]?\s*\{?\s*[\w.]*UserAuth\s*,\s*:(?:ensure_authenticated|require_authenticated)|\bPlug\.BasicAuth\b|\bbasic_auth\s*\(\s*conn/,
    label: 'Phoenix authentication plug',
    langs: ['elixir'],
  },
  // Rust
  {
    // A generic middleware is named with its type arguments (`from_fn(authenticate_request::<AppAuth, true>)`).
    re: /\bmiddleware::from_fn(?:_with_state)?\s*\([^;]{0,120}?\b\w*(?:auth|jwt|token|login|session|require_user|authenticate|api_key)\w*(?:::<[^<>;()]{0,80}>)?\s*,?\s*\)|\bHttpAuthentication::(?:bearer|basic|with_fn)\s*\(|\bValidateRequestHeaderLayer::(?:bearer|basic|custom)\s*\(|\blogin_required!\s*\(|\bRequireAuthorizationLayer::|\bAsyncRequireAuthorizationLayer::new\s*\(|\bAuthentication::with_identity\s*\(/,
    label: 'Rust authentication middleware applied (axum from_fn / actix-web-httpauth / tower-http auth)',
    langs: ['rust'],
  },
  {
    // An axum middleware function of any name whose body answers 401 (`from_fn_with_state(url, forward_layer)`, where
    // forward_layer asks an auth service about the request and refuses it unless the answer is a success).
    re: /\bmiddleware::from_fn(?:_with_state)?\s*\([^;]{0,160}?\b(\w+)\s*,?\s*\)/,
    label: RUST_FN_MIDDLEWARE_401,
    langs: ['rust'],
  },
  {
    // poem: the app's own middleware put around the routes (`Route::new().nest("/api", api).with(ApiGuard)`), whose
    // endpoint reads the bearer token and refuses the request without a caller (checked below).
    re: /\.with\s*\(\s*(?:\w+::)*([A-Z]\w*)\s*(?:::new\s*\([^()\n]*\))?\s*\)/,
    label: POEM_MIDDLEWARE_TOKEN,
    langs: ['rust'],
    fileRequires: /\bpoem\b/,
  },
  {
    // tonic: a service wrapped with an authenticating interceptor (`FooServer::with_interceptor(svc, auth::check_token)`,
    // `InterceptedService::new(svc, authenticate)`) runs it before every call.
    re: /\b(?:\w+Server::with_interceptor|InterceptedService::new)\s*\([^;]{0,200}?,\s*(?:\w+::)*\w*(?:auth|jwt|token|authenticate|api_key)\w*\s*,?\s*\)/,
    label: 'tonic gRPC authentication interceptor wrapped around the services',
    langs: ['rust'],
  },
  {
    // tower: a layer of the project's own put around the server (`Server::builder().layer(AuthLayer::new(&config))`,
    // directly or in a ServiceBuilder) whose service refuses the request itself (checked below).
    re: /\.layer\s*\(\s*(?:\w+::)*([A-Z]\w*Layer)\b/,
    label: TOWER_LAYER_401,
    langs: ['rust'],
  },
  {
    re: /\bimpl\s*(?:<[^>]*>)?\s*(?:axum::extract::)?FromRequestParts\s*<[^<>{]*(?:<[^<>{]*>[^<>{]*)?>\s*for\s+\w*(?:Auth|User|Claims|Session|Token|Principal|Identity)\w*|\bimpl\s+FromRequest\s+for\s+\w*(?:Auth|User|Claims|Session|Token|Principal|Identity)\w*|\bimpl\s*<'r>\s*FromRequest\s*<'r>\s*for\s+\w*(?:Auth|User|Claims|Session|Token|Principal|Identity)\w*|\bimpl\s*<'a\s*,\s*'r>\s*FromRequest\s*<'a\s*,\s*'r>\s*for\s+\w*(?:Auth|User|Claims|Session|Token|Principal|Identity)\w*/,
    label: 'Rust authentication extractor (handlers taking it reject unauthenticated requests)',
    langs: ['rust'],
  },
  {
    // The app's own authentication middleware wrapped around the routes (`.wrap(PrincipalMiddleware)`,
    // `.wrap(JwtAuth::new(…))`): it reads the caller's session or token into the request, and the handlers refuse
    // requests without one (`principal.validate_session()?`).
    re: /\.wrap\s*\(\s*(?:[\w:]+::)?\w*(?:Auth|Principal|Jwt|ApiKey|Identity|Bearer)\w*\s*(?:\)|::\s*\w+\s*\(|\{)/,
    label: 'Rust authentication middleware wrapped around the routes (actix-web .wrap)',
    langs: ['rust'],
  },
  {
    // A handler asking a check of its own for the caller and propagating its refusal with `?` (`let user =
    // check_token("GET", headers, &db).await?;`, `crate::auth::require_user(&headers).await?`), where the check reads a
    // request header and answers 401 (checked below). Each handler asks for itself: one that does not is open, so the
    // check counts with low confidence.
    re: /\blet\s+(?:mut\s+)?\w+\s*(?::[^=;\n]{1,60})?=\s*(?:\w+::)*([a-z_]*(?:auth|token|credential|key|caller|user|session|login|identity|principal)[a-z_]*)\s*\([^;]{0,200}?\)\s*(?:\.await\s*)?\?/,
    label: RUST_HANDLER_CHECK_401,
    langs: ['rust'],
  },
  {
    // salvo: a hoop of the app's own put before the routes of a router (`Router::with_path("manage").hoop(jwt_verify)`,
    // `Router::with_hoop(require_login)`, `.hoop(jwt_auth)` with salvo's `JwtAuth`): a handler named for the caller's
    // credential that refuses the request (`ctrl.skip_rest()`) before the routes behind it run. salvo's own session
    // hoop (`let session_handler = SessionHandler::builder(store, key)…; .hoop(session_handler)`) only loads the
    // session and lets every request through.
    // salvo's `JwtAuth` built with `.force_passed(true)` lets every request through (it only decodes the token into
    // the depot): it counts only where the code asks the depot's JwtAuthState (checked below).
    re: /(?:\.hoop|\bRouter::with_hoop)\s*\(\s*(?:\w+::)*(?!\w*[Ss]ession_?[Hh]andler\b)(\w*(?:[Aa]uth|[Jj]wt|[Tt]oken|[Ll]ogin|[Ss]ession|[Bb]earer|[Aa]pi_?[Kk]ey|[Pp]rincipal|[Ii]dentity)\w*)\s*(?:\)|::new\s*\(|\()/,
    label: SALVO_AUTH_HOOP,
    langs: ['rust'],
    fileRequires: /\bsalvo\b/,
  },
  {
    // actix-web: a middleware of the app's own of any name (`.wrap(Internal(api_key))`), a Transform whose Service
    // compares a request header with the key and answers 401 otherwise (checked below).
    re: /\.wrap\s*\(\s*(?:\w+::)*([A-Z]\w*)\s*(?:\(|::new\s*\(|\))/,
    label: ACTIX_TRANSFORM_401,
    langs: ['rust'],
  },
  {
    // actix-web-grants / protect-endpoints (protect-actix-web, protect-axum): the middleware runs the app's extractor
    // (credentials from the Authorization header → the caller's grants) on every request, and `#[protect(…)]` handlers
    // refuse callers without the grant.
    re: /\b(?:GrantsMiddleware|GrantsLayer)::with_extractor\s*\(/,
    label: 'Rust grants middleware (actix-web-grants / protect-endpoints) extracting the caller from each request',
    langs: ['rust'],
  },
  {
    // actix-web-httpauth's BearerAuth/BasicAuth and axum-extra's TypedHeader<Authorization<Bearer>> answer 401 when the
    // request carries no credentials; the extractor is applied where a handler or an auth extractor takes it.
    re: /\b(?:BearerAuth|BasicAuth)::(?:from_request|extract)\s*\(|\w+\s*:\s*(?:web::)?(?:BearerAuth|BasicAuth)\s*[,)]|\bTypedHeader(?:::)?\s*<\s*Authorization\s*<\s*(?:Bearer|Basic)\s*>\s*>/,
    label: 'Rust credentials extractor (BearerAuth / Authorization<Bearer>) rejecting requests without a token',
    langs: ['rust'],
  },
  {
    // poem-openapi: a `#[derive(SecurityScheme)]` whose `#[oai(…, checker = "fn")]` runs the app's check on the key,
    // token or cookie; every operation taking the scheme as a parameter answers 401 when the checker returns None.
    re: /^\s*(?:#\[oai\([^\n]*)?\bchecker\s*=\s*"\w+"/,
    label: 'poem-openapi security scheme with a checker (operations taking it reject unauthenticated callers)',
    langs: ['rust'],
    fileRequires: /#\[derive\([^)\n]*\bSecurityScheme\b/,
  },
  {
    // s3s, the Rust S3 server framework: the auth handed to the service builder returns the secret key of each access
    // key, and the service verifies every request's SigV4 signature with it (unsigned or badly signed requests are
    // refused before any operation runs).
    re: /\.set_auth\s*\(/,
    label: 's3s S3 service verifying request signatures (auth set on the S3ServiceBuilder)',
    langs: ['rust'],
    fileRequires: /\bS3ServiceBuilder\b/,
  },
  // .NET
  {
    // Any level but Anonymous (the attribute's default is Function).
    re: /\[\s*HttpTrigger\s*\((?![^\]]*\bAuthorizationLevel\s*\.\s*Anonymous\b)/,
    label: FUNCTION_KEY,
    langs: ['csharp'],
  },
  {
    re: /\.RequireAuthorization\s*\(|\[\s*Authorize\b|\bFallbackPolicy\s*=|\.AddFallbackPolicy\s*\(|\bnew\s+AuthorizeFilter\s*\(/,
    label:
      'ASP.NET Core authorization requiring an authenticated caller ([Authorize] / RequireAuthorization / fallback policy)',
    langs: ['csharp'],
  },
  // F# web frameworks on ASP.NET Core: Giraffe's handlers that challenge a caller who is not signed in
  // (`requiresAuthentication (challenge JwtBearerDefaults.AuthenticationScheme)`, and those that also demand a role,
  // policy or user predicate), Saturn's pipeline keywords (`requires_authentication`, `requires_role` …) and Falco's
  // `Request.ifAuthenticated…` — the route composed with one refuses an anonymous caller. In a file that opens the
  // framework; ASP.NET Core's own `RequireAuthorization()` and `[<Authorize>]` read as in C#.
  {
    re: /(?<![\w'])(?:requiresAuthentication|requiresRole(?:Of)?|requiresAuthPolicy|authorizeUser|authorizeByPolicy(?:Name|Object)?|requires_authentication|requires_role(?:_of)?|requires_claim|requires_policy|ifAuthenticated(?:InRole|WithScope)?)(?![\w'])|\.RequireAuthorization\s*\(|\[<\s*Authorize\b/,
    label:
      'F# web framework handler refusing an anonymous caller (Giraffe requiresAuthentication / Saturn requires_authentication / Falco ifAuthenticated / [<Authorize>])',
    langs: ['fsharp'],
    fileRequires: /^\s*open\s+(?:Giraffe|Saturn|Falco|Microsoft\.AspNetCore\.Authorization)\b/m,
  },
  // A controller action that checks the caller's credentials itself and answers 401 when they fail (`if
  // (!await _auth.AuthenticateAsync(Request.GetApiKey(), ct)) return Unauthorized();`, a status code of 401 set on the
  // response): the check is written on the route it guards.
  {
    re: /!\s*(?:await\s+)?(?:\w+\.)*(?:Authenticate\w*|(?:IsValid|Validate|Check|Verify)(?:ApiKey|Token|Credentials)\w*)\s*\(/,
    label: 'controller action checking the caller (API key / token) and answering 401',
    langs: ['csharp'],
    fileRequires:
      /^(?=[\s\S]*:\s*(?:Controller|ControllerBase)\b)(?=[\s\S]*(?:\b(?:Unauthorized|Challenge)\s*\(\s*\)|StatusCode\s*=\s*(?:401\b|StatusCodes\.Status401Unauthorized)|StatusCode\s*\(\s*(?:401\b|StatusCodes\.Status401Unauthorized)))/,
  },
  // An ASP.NET Core middleware class of the application's own (`InvokeAsync(HttpContext context)`) that reads the
  // caller's credential from the request headers or query and answers 401 without it (`if
  // (!context.Request.Headers.TryGetValue(KeyHeader, out var keys)) … HttpStatusCode.Unauthorized`).
  {
    re: /\bRequest\s*\.\s*(?:Headers|Query)\s*(?:\.\s*TryGetValue\s*\(|\[)/,
    label: OWN_MIDDLEWARE_401,
    langs: ['csharp'],
    fileRequires:
      /^(?=[\s\S]*\bInvoke(?:Async)?\s*\(\s*HttpContext\b)(?=[\s\S]*(?:\bHttpStatusCode\.Unauthorized\b|\bStatus401Unauthorized\b|StatusCode\s*=\s*401\b))/,
  },
  // A Django middleware class of the project's own that answers 401 (`return JsonResponse({…}, status=401)`) to a
  // caller it cannot authenticate; it counts when a MIDDLEWARE setting lists the class.
  {
    re: /^\s*def\s+(?:__call__|process_request|process_view)\s*\(\s*self\s*,\s*request\b/,
    label: DJANGO_MIDDLEWARE_401,
    langs: ['python'],
    fileRequires: /\bstatus\s*=\s*(?:401\b|(?:status\.)?HTTP_401_UNAUTHORIZED\b|HTTPStatus\.UNAUTHORIZED\b)/,
  },
  // gRPC service methods that refuse a call without an identity themselves (the user id read from the token's claims,
  // then `throw new RpcException(new Status(StatusCode.Unauthenticated, …))`): in the class that implements the
  // generated service base, not in an interceptor that may never be installed.
  {
    re: /\bnew\s+RpcException\s*\(\s*new\s+Status\s*\(\s*StatusCode\.Unauthenticated\b/,
    label: 'gRPC calls without an authenticated caller rejected (StatusCode.Unauthenticated)',
    langs: ['csharp'],
    fileRequires: /\bclass\s+\w+[^{;]*:\s*(?:[\w.]+\.)?\w+Base\b[^{]*\{[\s\S]*\bServerCallContext\b/,
  },
  // tonic: the same refusal in the file implementing the generated service trait (`Err(Status::unauthenticated(…))`
  // once the session token a method is sent fails its check), not a conversion of an upstream's error.
  {
    re: /\bStatus::unauthenticated\s*\(/,
    label: 'gRPC calls without a valid credential rejected (tonic Status::unauthenticated)',
    langs: ['rust'],
    fileRequires: /#\[tonic::async_trait\]\s*impl\b[^{]*\bfor\s+\w+/,
  },
];

const BEARER_READ = 'bearer token read from the Authorization header';
const SIGNED_REQUEST = "request signature verified with the caller's public key (Ed25519)";
const HOOK_401 = 'request hook answering 401';
const BASIC_READ = 'HTTP Basic credentials read from the request and checked';
const PHP_GUARD_CALL = 'sign-in guard called by the page';
/**
 * Plain PHP: a page calls a guard of the project's own as a statement at its top (`$User->check_user_session();`,
 * `require_login();`, `$this->requireAuthentication();`); the guard itself sends a visitor who is not signed in to the
 * sign-in page (or answers 401/403) and ends the request. The guard's body is read in phpGuardTurnsAway.
 */
const PHP_GUARD_NAME =
  /^\s*(?:\$\w+(?:->\w+)*->|(?:[\w\\]+|self|static|parent)::)?((?:[a-z][a-z0-9]*_){0,3}(?:check|require|ensure|verify|enforce|assert)_?(?:user_?session|user_?login|log(?:ged)?_?in|authenticat\w*|auth|sign(?:ed)?_?in))\s*\([^()\n]*\)\s*;/i;

/** A Go import of golang-jwt or jwt-go, with the name it is given (group 1; none: the package's own name, `jwt`). */
const GO_JWT_IMPORT =
  /^[ \t]*(?:import[ \t]+)?(?:(\w+)[ \t]+)?"github\.com\/(?:golang-jwt\/jwt|dgrijalva\/jwt-go|form3tech-oss\/jwt-go)(?:\/v\d+)?"/m;

/** A Go hit naming a package (`jwtlib.Parse(`) that is not the name the file gives golang-jwt. */
function otherGoPackage(repo: RepoIndex, h: SourceHit): boolean {
  if (!h.path.endsWith('.go') || h.groups[1] === undefined) return false;
  const m = GO_JWT_IMPORT.exec(repo.read(h.path) ?? '');
  return !m || h.groups[1] !== (m[1] || 'jwt');
}

/** A Go nil check of the caller whose branch returns an error asking for a sign-in. */
const GO_SIGN_IN_REFUSED = 'sign-in required';
/** Lines from a Go nil check of the caller (its own line first) in which GO_SIGN_IN_ERROR must appear. */
const GO_SIGN_IN_WINDOW = 4;

/**
 * A Go middleware asking the request's context for the signed-in caller and comparing it with its zero value
 * (`if id := wtf.UserIDFromContext(r.Context()); id != 0 {`, `if auth.UserFromContext(ctx) == nil {`): counts when
 * the rest of the block holding it turns the guest away (goCallerRefused), however many comment lines come between.
 */
const GO_CONTEXT_CALLER = 'signed-in caller read from the request context';

/** Authentication logic that only counts when the function holding it is applied to requests. */
const SUBSTANCE: SourcePattern[] = [
  {
    re: /^\s*if\s+(?:\w+\s*:=\s*)?(?:\w+\.)?\w*(?:User|Account|Member|Principal|Caller|Identity)\w*From(?:Context|Ctx|Request)\s*\([^()\n]*(?:\([^()\n]*\)[^()\n]*)?\)\s*(?:;\s*\w+\s*)?[!=]=\s*(?:0|nil|"")\s*\{/m,
    label: GO_CONTEXT_CALLER,
    langs: ['go'],
  },
  {
    re: /\b(?:jwt|jose\.jwt|PyJWT|pyjwt)\.decode\s*\(|\bjwt\.verify\s*\(|\bjwtVerify\s*\(|\.ParseFromRequest\s*\(|\bjwtauth\.(?:FromContext|VerifyRequest|VerifyToken)\s*\(|\bjwt\.Parse(?:WithClaims)?\s*\(|\bJwts\.parser|\bJWT\.decode\b|\bdecode_token\s*\(/,
    label: 'token verification',
  },
  {
    // Go: golang-jwt (or its jwt-go forerunners) imported under a name of the project's choosing (`jwtlib
    // "github.com/golang-jwt/jwt/v5"` → `jwtlib.Parse(token, keyFunc)`); the name is checked against the file's import.
    re: /\b(?!jwt\.)(\w+)\.Parse(?:WithClaims)?\s*\(/,
    label: 'token verification',
    langs: ['go'],
    fileRequires: GO_JWT_IMPORT,
  },
  {
    // jsonwebtoken's verify imported by name (`import { verify } from 'jsonwebtoken'`): a bare `verify(token, secret)`.
    re: /(?<![\w$.])verify\s*\(/,
    label: 'token verification',
    langs: ['javascript', 'typescript'],
    fileRequires:
      /\bimport\s*\{[^}]*\bverify\b[^}]*\}\s*from\s*["']jsonwebtoken["']|\{[^}]*\bverify\b[^}]*\}\s*=\s*require\(\s*["']jsonwebtoken["']\s*\)/,
  },
  {
    // A library's authentication middleware built once and bound to a name in a module of its own
    // (`export const requireToken = jwt({ secret })` from hono/jwt; hono's bearerAuth/basicAuth/jwk, express-jwt,
    // koa-jwt): the middleware verifies the credential and answers 401, and routes elsewhere apply it by that name
    // (`app.get("/api/me", requireToken, …)`). Only the binding counts: the name is then looked up where it is applied.
    re: /^\s*(?:export\s+)?(?:const|let|var)\s+[\w$]+\s*(?::[^=\n]+)?=\s*(?:jwt|jwk|bearerAuth|basicAuth|expressjwt|expressJwt|koaJwt)\s*\(/,
    label: 'authentication middleware built by a library',
    langs: ['javascript', 'typescript'],
    fileRequires: /["'](?:hono\/(?:jwt|jwk|bearer-auth|basic-auth)|express-jwt|koa-jwt)["']/,
  },
  {
    // PASETO tokens verified (public) or decrypted (local) with the paseto package (`await V4.verify(token, publicKey)`):
    // the library checks the signature and the expiry claims, as jwt.verify does.
    re: /\bV[1-4]\.(?:verify|decrypt)\s*\(/,
    label: 'token verification',
    langs: ['javascript', 'typescript'],
    fileRequires: /\bfrom\s*["']paseto["']|\brequire\(\s*["']paseto["']\s*\)/,
  },
  {
    // Rust: jsonwebtoken's decode (it checks the signature and expiry; encode signs tokens sent out), PASETO tokens
    // decrypted or verified with pasetors.
    re: /\bjsonwebtoken::decode\b|\bdecode\s*::<[^<>()\n]{0,80}>\s*\(|\b(?:pasetors::)?(?:local::decrypt|public::verify)\s*\(/,
    label: 'token verification',
    langs: ['rust'],
    fileRequires: /\b(?:jsonwebtoken|pasetors)::/,
  },
  {
    // Rust: requests signed by the caller's key (an Ed25519 signature over the subject and a timestamp, sent in
    // headers) verified against that key with ring or ed25519-dalek, in a module that authenticates callers (not a
    // release or webhook signature check).
    re: /\bUnparsedPublicKey::new\s*\(\s*&\s*(?:ring::)?(?:signature::)?ED25519\b|\.verify_strict\s*\(/,
    label: SIGNED_REQUEST,
    langs: ['rust'],
    fileRequires: /\bauth(?:entication|enticate|orization)?\b|\bAuth[A-Z]\w*|_auth\b/,
  },
  {
    // OAuth2…Bearer: FastAPI's own two and the subclasses of fastapi.security.OAuth2 projects write
    // (`OAuth2ClientCredentialsBearer`, `OAuth2PasswordBearerWithCookie`).
    re: /\b(?:OAuth2\w*Bearer\w*|HTTPBearer|HTTPBasic|APIKeyHeader|APIKeyQuery|APIKeyCookie)\s*\(/,
    label: 'FastAPI security scheme',
  },
  {
    // A getter's value compared counts only for keys (`g.APIKey() != given`): `p.peekToken() == token.EOF` is a lexer.
    re: /(?:(?:api[_-]?key|x[_-]api[_-]key|apikey|token|authorization|auth_header)\w*["'\]]?|(?:api[_-]?key|apikey)\w*\(\s*\))\s*(?:!=|!==|==|===|not\s+in)\s*[\w."'[\]]+/i,
    label: 'credential comparison',
  },
  {
    re: /!\s*(?:[\w.]+\.)?(?:IsLogged|IsSignedIn|IsAuthenticated|isAuthenticated|isLoggedIn|IsLoggedIn|loggedIn|signedIn|is_authenticated)\b|\b(?:req|request|ctx|c)\.(?:user|User|session\.user)\s*(?:==|===)\s*(?:nil|null|undefined)\b|\bif\s*\(\s*!\s*(?:ctx|c|event\.locals|locals|context|req|request|opts\.ctx)\.(?:session|user|auth|userId)\b|\bif\s*\(\s*!\s*[\w.]*\bauthStore\.(?:record|model|isValid)\b|^\s*if\s+(?:u|usr|user|currentUser|sessionUser|account)\s*==\s*nil\s*\{/m,
    label: 'sign-in check',
  },
  {
    // Go: a caller missing from the context answered with an error that asks for a sign-in, whatever the variable is
    // called (`if reader == nil { return nil, errors.New("you must sign in") }` in a gqlgen directive); only with
    // that error close by (GO_SIGN_IN_ERROR). The caller's usual names (`user`, `account` …) are the sign-in check's
    // above, which takes the same error in the same window: one hit a line.
    re: /^\s*if\s+(?!(?:err|u|usr|user|currentUser|sessionUser|account)\s*==)\w+\s*==\s*nil\s*\{/m,
    label: GO_SIGN_IN_REFUSED,
    langs: ['go'],
  },
  {
    // Go: the signed-in user read from the request's session (gorilla/sessions `session.Values["user"].(int)`, scs
    // `sessionManager.GetInt(r.Context(), "userID")`); counts when its absence sends the caller to sign in or refuses.
    re: /\.Values\s*\[\s*"\w*(?:user|uid|member|account|login|auth)\w*"\s*\]\s*\.\(|\.(?:GetInt|GetInt64|GetString|Exists)\s*\(\s*\w+\.Context\(\)\s*,\s*"\w*(?:user|uid|account|auth)\w*"\s*\)/i,
    label: 'sign-in check',
    langs: ['go'],
  },
  {
    // Plain PHP: the signed-in state asked of an auth class or object with no argument (`!FreshRSS_Auth::hasAccess()`,
    // `!$auth->isLoggedIn()`, `!$this->session->auth()`), or the session's user key tested (`!isset($_SESSION['user_id'])`),
    // or the signed-in user's id (`empty($app->user->ID)`).
    // Also compared with a boolean (`true !== $this->container->loginManager->isLoggedIn()`).
    re: /(?:!\s*|\btrue\s*!==?\s*|\bfalse\s*===?\s*)(?:[\w\\]+::|\$\w+(?:->\w+)*->)(?:hasAccess|isLogged\w*|isAuthenticated|isSignedIn|isConnected|loggedIn|auth)\s*\(\s*\)|(?:!\s*isset|\bempty)\s*\(\s*\$_SESSION\s*\[\s*['"]\w*(?:user|login|logged|auth|account)\w*['"]|\bempty\s*\(\s*\$\w+(?:->\w+)*->user->id\s*\)/i,
    label: 'sign-in check',
    langs: ['php'],
  },
  { re: PHP_GUARD_NAME, label: PHP_GUARD_CALL, langs: ['php'] },
  {
    // A Web-standard Request handler (Deno, Workers, Bun, Hono, SvelteKit) reading the bearer token: counts when a 401
    // answers its absence in the same module (the token looked up in a map of callers, or verified by a helper).
    re: /\bheaders\.get\(\s*["'`]authorization["'`]\s*\)[^\n]*\bBearer\b|\bBearer\b[^\n]*\bheaders\.get\(\s*["'`]authorization["'`]\s*\)/i,
    label: BEARER_READ,
    langs: ['javascript', 'typescript'],
    fileRequires: /\b401\b|[Uu]nauthori[sz]ed/,
  },
  {
    // An Express/Koa handler reading the caller's token from a custom header (`req.headers['x-app-token']`,
    // `req.get('X-Api-Key')`): counts when a 401 answers in the same module and the function is applied to requests.
    re: /\b(?:req|request|ctx|ctx\.request)\.(?:headers\s*\[\s*["'`][\w-]*(?:token|api-?key|session)[\w-]*["'`]\s*\]|headers\.(?:x_?)?\w*(?:token|api_?key)\b|(?:get|header)\s*\(\s*["'`][\w-]*(?:token|api-?key|session)[\w-]*["'`]\s*\))/i,
    label: 'caller token read from a request header',
    langs: ['javascript', 'typescript'],
    fileRequires: /\b401\b|[Uu]nauthori[sz]ed/,
  },
  {
    // A Fastify request hook of the project's own that answers 401 (`addHook('preHandler', async (request, reply) => {
    // … return reply.status(401).send() })`): the caller's check sits in a helper it calls; the refusal is here.
    re: /\breply\s*\.\s*(?:code|status)\s*\(\s*401\s*\)/,
    label: HOOK_401,
    langs: ['javascript', 'typescript'],
    fileRequires: /\.addHook\(\s*["'](?:onRequest|preHandler|preValidation)["']/,
  },
  {
    // Python: the caller's token looked up among the allowed ones (`if token not in allowed_tokens:`) or handed to a
    // validator (`elif not token_is_valid(incoming_token):`), refused close by like any credential comparison.
    re: /^\s*(?:if|elif)\s+(?:\w*(?:token|api_?key)\w*\s+not\s+in\s+[\w.]+|not\s+[\w.]*(?:valid|verif|authenticat)\w*\s*\(\s*\w*(?:token|api_?key)\w*\s*[,)])/im,
    label: 'credential comparison',
    langs: ['python'],
  },
  {
    re: /\b(?:compare_digest|timingSafeEqual|ConstantTimeCompare|secure_compare|MessageDigest\.isEqual)\s*\(/,
    label: 'constant-time credential comparison',
  },
  {
    // net/http's `user, pass, ok := r.BasicAuth()` in the project's own middleware: counts when the request is refused
    // close by (`if !ok { …; return }`, a 401, a WWW-Authenticate challenge).
    re: /\b\w+\s*,\s*\w+\s*,\s*\w+\s*:?=\s*\w+\.BasicAuth\s*\(\s*\)/,
    label: BASIC_READ,
    langs: ['go'],
  },
  {
    // A service on a tailnet (tsnet) learns who is calling from the network itself: WhoIs on the connection's address
    // returns the caller's authenticated Tailscale identity.
    re: /\.WhoIs\s*\(\s*[\w.]+\(\)\s*,\s*\w+\.RemoteAddr\b|\bWhoIs\s*\(\s*(?:ctx|[\w.]+\.Context\(\))\s*,/,
    label: 'caller identified by its Tailscale identity (WhoIs)',
    langs: ['go'],
    fileRequires: /"tailscale\.com\//,
  },
  {
    // An identity-aware proxy in front of the service (Cloudflare Access, Google IAP) signs a JWT naming the caller.
    re: /["'](?:Cf-Access-Jwt-Assertion|X-Goog-IAP-JWT-Assertion)["']/i,
    label: 'identity-aware proxy assertion (Cloudflare Access / Google IAP) read from the request',
  },
  {
    re: /\bcheck_password(?:_hash)?\s*\(|\bbcrypt\.(?:compare|checkpw|CompareHashAndPassword)|\bverify_password\s*\(/,
    label: 'password verification',
  },
];
const REJECTS =
  /\b401\b|\bErr\w*Not(?:Logged|Signed)In\b|\bNotLoggedIn\b|\bLoginRequired\b|HTTP_401|Unauthorized|UNAUTHORIZED|StatusUnauthorized|AuthenticationFailed|NotAuthenticated|head\s*:unauthorized|abort\(\s*40[13]|UnauthorizedException|HttpStatus\.UNAUTHORIZED/;

/** What a failed credential comparison does: a 401, or a 403 refusing the caller (`{ message: "Invalid API Key" }, 403`). */
const CREDENTIAL_REJECTS = new RegExp(`${REJECTS.source}|\\b403\\b|\\bForbidden\\b|\\bFORBIDDEN\\b|StatusForbidden`);

function site(path: string, line: number, note: string): AuthnSite {
  return { path, line, note };
}

/** A hit as evidence: its label (or the note given), and whether the file is reached. */
function siteOf(h: SourceHit, note?: string): AuthnSite {
  return site(h.path, h.line, note ?? `${h.label}${h.live ? '' : ' (file not reached from any entrypoint)'}`);
}

function appliedCode(evidence: AuthnSite[], v: { how: string; confidence?: 'low' }): AuthnCode {
  return { how: v.how, ...(v.confidence ? { confidence: v.confidence } : {}), evidence };
}

function unwiredSite(h: SourceHit, name: string): { site: AuthnSite; name: string } {
  return { site: siteOf(h, `${h.label} in ${name}, which no route, router or app registration applies`), name };
}

/**
 * JS authentication middleware packages and the exports that require a caller (an empty member is the module called
 * itself, as express-jwt before v7 and koa-jwt export it).
 */
const JS_AUTH_MIDDLEWARE: Record<string, RegExp> = {
  'express-jwt': /^(?:expressjwt|default)?$/,
  'express-openid-connect': /^(?:auth|requiresAuth)$/,
  'express-oauth2-jwt-bearer': /^(?:auth|requiredScopes|claimCheck|claimEquals|claimIncludes)$/,
  'koa-jwt': /^(?:default)?$/,
  'express-basic-auth': /^(?:default)?$/,
  passport: /^authenticate$/,
  '@clerk/express': /^requireAuth$/,
};

/** express-openid-connect's auth({ authRequired: false }) only identifies the callers that choose to sign in. */
function optionalSignIn(repo: RepoIndex, m: Facts['service']['middleware'][number]): boolean {
  if (m.from?.pkg !== 'express-openid-connect') return false;
  return /\bauthRequired\s*:\s*false\b/.test(
    repo
      .lines(m.file)
      .slice(m.line - 1, m.line + 8)
      .join('\n'),
  );
}

const NEST_PASSPORT_GUARD = /\bclass\s+(\w+)\s+extends\s+AuthGuard\s*\(/g;

/**
 * NestJS guards of the project's own built on @nestjs/passport (`class AtGuard extends AuthGuard('jwt')`,
 * `class LocalGuard extends AuthGuard(STRATEGY)`): each authenticates what it guards whatever its name, so every live
 * place applying one counts — `@UseGuards(AtGuard)`, `app.useGlobalGuards(new AtGuard(reflector))`, and an
 * `APP_GUARD` provider's `useClass: AtGuard`.
 */
function nestPassportGuards(repo: RepoIndex, facts: Facts): Set<string> {
  const guards = new Set<string>();
  for (const ref of facts.imports.importersOf('@nestjs/passport')) {
    if (!facts.liveness.isLive(ref.file)) continue;
    for (const m of (repo.read(ref.file) ?? '').matchAll(NEST_PASSPORT_GUARD)) guards.add(m[1]!);
  }
  return guards;
}

/** Every live place applying one of the project's own passport guards. */
function nestPassportGuardsApplied(
  repo: RepoIndex,
  facts: Facts,
  guards: ReadonlySet<string>,
): { path: string; line: number; label: string }[] {
  if (!guards.size) return [];
  const names = [...guards].map(escapeRegExp).join('|');
  const use = new RegExp(
    `@UseGuards\\([^)]*\\b(${names})\\b|\\buseGlobalGuards\\(\\s*(?:new\\s+)?(${names})\\b|\\buseClass\\s*:\\s*(${names})\\b`,
  );
  const out: { path: string; line: number; label: string }[] = [];
  for (const m of repo.grep(use, { languages: ['typescript', 'javascript'], kinds: ['source'] })) {
    if (!facts.liveness.isLive(m.path) || !facts.code.isCode(m.path, m.line)) continue;
    const name = m.groups[1] || m.groups[2] || m.groups[3]!;
    if (m.groups[3]) {
      // `useClass:` only as an APP_GUARD provider (within the lines just above it).
      const near = repo
        .lines(m.path)
        .slice(Math.max(0, m.line - 3), m.line)
        .join('\n');
      if (!/\bAPP_GUARD\b/.test(near)) continue;
    }
    out.push({
      path: m.path,
      line: m.line,
      label: `NestJS ${m.groups[1] ? '' : 'global '}guard ${name} (extends @nestjs/passport AuthGuard) applied`,
    });
  }
  return out;
}

/** The authentication guards of a `UseGuards(…)` argument list: @nestjs/passport's, or named for authentication. */
const NEST_AUTH_GUARD_ARG = /^(?:AuthGuard\s*\(.*|\w*Auth\w*Guard|\w*Jwt\w*Guard)$/;

/**
 * NestJS decorator composition (`export function Auth(...roles) { return applyDecorators(UseGuards(JwtAuthGuard,
 * RolesGuard), …) }`): an authentication guard named in a `UseGuards(` call, without `@`, inside a top-level function
 * that live code applies as a decorator (`@Auth()`), guards what that decorator is put on.
 */
function nestComposedGuardsApplied(
  repo: RepoIndex,
  facts: Facts,
  ownGuards: ReadonlySet<string>,
): { path: string; line: number; label: string }[] {
  const out: { path: string; line: number; label: string }[] = [];
  for (const m of repo.grep(/(?<![@\w.])UseGuards\s*\(((?:[^()\n]|\([^()\n]*\))*)\)/, {
    languages: ['typescript', 'javascript'],
    kinds: ['source'],
  })) {
    if (!facts.liveness.isLive(m.path) || !facts.code.isCode(m.path, m.line)) continue;
    const guard = m.groups[1]!.split(',')
      .map((a) => a.trim())
      .find((a) => NEST_AUTH_GUARD_ARG.test(a) || ownGuards.has(a));
    if (!guard) continue;
    const lines = repo.lines(m.path);
    let name: string | undefined;
    for (let i = m.line - 1; i >= 0; i--) {
      const l = lines[i] ?? '';
      if (!/^\S/.test(l) || /^[})\]]/.test(l)) continue;
      name = /^(?:export\s+)?(?:function\s+(\w+)|const\s+(\w+)\s*=)/.exec(l)?.slice(1).find(Boolean);
      break;
    }
    if (!name) continue;
    const at = repo
      .grep(new RegExp(`^\\s*@${escapeRegExp(name)}\\s*\\(`), {
        languages: ['typescript', 'javascript'],
        kinds: ['source'],
      })
      .find((u) => facts.liveness.isLive(u.path) && facts.code.isCode(u.path, u.line));
    if (!at) continue;
    out.push({
      path: m.path,
      line: m.line,
      label: `NestJS guard ${guard.replace(/\s+/g, ' ')} applied through the @${name}() decorator (${at.path}:${at.line})`,
    });
  }
  return out;
}

/**
 * Authentication middleware as the service registers it, whatever the project named it: the middleware registration
 * fact records the package (`const { expressjwt: requireToken } = require('express-jwt'); app.use(requireToken(…))`,
 * `app.use(oidc.auth(…))`), and a passport imported under another name authenticates a route with `<name>.authenticate(…)`.
 */
function registeredAuthMiddleware(repo: RepoIndex, facts: Facts): SourceHit[] {
  const out: SourceHit[] = [];
  const add = (path: string, line: number, label: string) =>
    out.push({ path, line, label, text: repo.lineText(path, line)?.trim() ?? '', groups: [], live: true });
  for (const m of facts.service.middleware) {
    const wants = m.reached && m.from ? JS_AUTH_MIDDLEWARE[m.from.pkg] : undefined;
    if (!wants?.test(m.from!.member ?? '') || optionalSignIn(repo, m)) continue;
    add(m.file, m.line, `${m.from!.pkg} middleware registered (${m.name})`);
  }
  for (const ref of facts.imports.importersOf('passport')) {
    if (!facts.liveness.isLive(ref.file)) continue;
    const text = repo.read(ref.file) ?? '';
    for (const call of text.matchAll(/(?<![\w$.])([\w$]+)\.authenticate\s*\(/g)) {
      if (call[1] === 'passport' || jsImportOf(text, call[1]!)?.pkg !== 'passport') continue;
      const line = repo.lineAt(ref.file, call.index!);
      if (facts.code.isCode(ref.file, line)) add(ref.file, line, `passport.authenticate (imported as ${call[1]})`);
    }
  }
  const ownGuards = nestPassportGuards(repo, facts);
  for (const g of [
    ...nestPassportGuardsApplied(repo, facts, ownGuards),
    ...nestComposedGuardsApplied(repo, facts, ownGuards),
  ])
    add(g.path, g.line, g.label);
  // Utopia: an `Http::init()` hook (every route's, or a group's) that reads the caller's session, key or token and
  // throws the application's unauthorized error (`throw new Exception(Exception::USER_UNAUTHORIZED)`).
  for (const m of facts.service.middleware) {
    if (!m.reached || !m.name.startsWith('init') || !m.file.endsWith('.php')) continue;
    const body = utopiaHookLines(repo.lines(m.file), m.line);
    const away = body.findIndex((l) => UTOPIA_UNAUTHORIZED.test(l));
    if (away >= 0 && body.slice(0, away).some((l) => CALLER.test(l)))
      add(m.file, m.line + away, `Utopia ${m.name} hook turns away callers it cannot authenticate`);
  }
  return out.filter((h, i) => out.findIndex((o) => o.path === h.path && o.line === h.line) === i);
}

const UTOPIA_UNAUTHORIZED =
  /\bthrow\s+new\s+\w*Exception\s*\(\s*\w*Exception::\w*UNAUTHORI[SZ]ED\w*|\bthrow\s+new\s+\w*Unauthori[sz]ed\w*\s*\(/;

/**
 * ASP.NET Core attributes of the project's own that derive from AuthorizeAttribute (`[HasPermission(…)]` on actions,
 * `class HasPermissionAttribute : AuthorizeAttribute`): each usage requires an authenticated caller like [Authorize].
 */
function derivedAuthorizeAttributes(facts: Facts): SourceHit[] {
  // Read once with the routes (src/facts/routes-dotnet.ts) and carried by the service facts.
  const names = [...(facts.service.dotnetAuthorizeAttributes ?? [])];
  if (!names.length) return [];
  const alternatives = names.map(escapeRegExp).join('|');
  return findHits(facts, [
    {
      re: new RegExp(`\\[\\s*(?:${alternatives})(?:Attribute)?\\b`),
      label: `ASP.NET Core authorization attribute of the project (deriving from AuthorizeAttribute or running an authorization filter: [${names[0]}])`,
      langs: ['csharp'],
    },
    // The project's authorization filter applied by type (`[TypeFilter(typeof(ApiKeyFilter))]` on a controller) or
    // registered for every action (`options.Filters.Add<ApiKeyFilter>()`): MVC runs it before the action.
    {
      re: new RegExp(
        `\\[\\s*(?:TypeFilter|ServiceFilter)(?:Attribute)?\\s*\\(\\s*typeof\\s*\\(\\s*(?:\\w+\\.)*(?:${alternatives})\\s*\\)|\\bFilters\\.Add(?:Service)?\\s*(?:<\\s*(?:\\w+\\.)*(?:${alternatives})\\s*>|\\(\\s*(?:typeof\\s*\\(|new\\s+)(?:\\w+\\.)*(?:${alternatives})\\b)`,
      ),
      label:
        'ASP.NET Core authorization filter of the project applied to the actions (TypeFilter / ServiceFilter / global filter)',
      langs: ['csharp'],
    },
  ]).filter((h) => h.live);
}

/**
 * `@RolesAllowed` where the framework itself enforces it: Quarkus and Micronaut security answer 401 to a caller who is
 * not signed in before checking the role (Jersey or Spring need a feature or method security switched on first).
 */
function enforcedRolesAllowed(facts: Facts): SourceHit[] {
  const security = facts.deps.declared([
    'jvm',
    /(?:^|:)(?:quarkus-(?:security|oidc|smallrye-jwt|elytron-security|keycloak-authorization)|micronaut-security)\b/,
  ]);
  if (!security) return [];
  const framework = /(?:^|:)quarkus-/.test(security.name) ? 'Quarkus' : 'Micronaut';
  return findHits(facts, [
    {
      re: /^\s*@RolesAllowed\s*\(/,
      label: `${framework} security enforcing @RolesAllowed (an authenticated caller with the role)`,
      langs: ['java', 'kotlin'],
    },
  ]).filter((h) => h.live);
}

/**
 * A GitHub App on Probot: its server (or the Node middleware mounted on another) refuses a webhook delivery whose
 * signature does not match the app's secret, which is set where the app runs (low).
 */
function probotWebhook(facts: Facts): SourceHit[] {
  const probot = facts.frameworks.get('probot');
  if (!probot) return [];
  return [
    { path: probot.path, line: probot.line, label: PROBOT_WEBHOOK, text: probot.excerpt ?? '', groups: [], live: true },
  ];
}

/** An ASP.NET Core middleware class declared in the file is put in the pipeline (`UseMiddleware<KeyGate>()`). */
function middlewareClassApplied(repo: RepoIndex, file: string): boolean {
  const names = [...(repo.read(file) ?? '').matchAll(/\bclass\s+(\w+)/g)].map((m) => m[1]!);
  if (!names.length) return false;
  const use = new RegExp(`\\bUseMiddleware\\s*<\\s*(?:[\\w.]+\\.)?(?:${names.map(escapeRegExp).join('|')})\\s*>`);
  return !!repo.grepFirst(use, { languages: ['csharp'], kinds: ['source'] });
}

/** A Django middleware class declared in the file is listed in a MIDDLEWARE setting (`"accounts.middleware.AuthGate"`). */
function djangoMiddlewareListed(repo: RepoIndex, facts: Facts, file: string): boolean {
  const names = [...(repo.read(file) ?? '').matchAll(/^class\s+(\w+)/gm)].map((m) => m[1]!);
  return facts.service.middleware.some(
    (m) => m.file.endsWith('.py') && names.some((n) => m.name === n || m.name.endsWith(`.${n}`)),
  );
}

/** Authentication applied where written; a Spring filter chain that permits every request authenticates nobody. */
function appliedAuthn(repo: RepoIndex, facts: Facts): Pick<AuthnFacts, 'applied' | 'permitAll'> {
  const optional = facts.service.middleware.filter((m) => optionalSignIn(repo, m));
  const written = findHits(facts, APPLIED).filter(
    (h) =>
      (h.live || /\.(?:ya?ml|properties)$/.test(h.path)) &&
      !optional.some((m) => m.file === h.path && m.line === h.line) &&
      (h.label !== OZZO_AUTH || ozzoAuthCall(repo, h)) &&
      (h.label !== OWN_MIDDLEWARE_401 || middlewareClassApplied(repo, h.path)) &&
      (h.label !== DJANGO_MIDDLEWARE_401 || djangoMiddlewareListed(repo, facts, h.path)) &&
      (h.label !== RUST_FN_MIDDLEWARE_401 || rustFnAnswers401(facts, h.groups[1]!)) &&
      (h.label !== RUST_HANDLER_CHECK_401 || rustFnRefusesHeader(facts, h.groups[1]!)) &&
      (h.label !== POEM_MIDDLEWARE_TOKEN || poemMiddlewareReadsToken(facts, h.groups[1]!)) &&
      (h.label !== TOWER_LAYER_401 || towerLayerRefusing(facts, h.groups[1]!) !== undefined) &&
      (h.label !== ACTIX_TRANSFORM_401 || actixTransformRefusing(facts, h.groups[1]!)) &&
      (h.label !== SALVO_AUTH_HOOP || !salvoHoopLetsEveryoneIn(facts, h)),
  );
  const all = [
    ...written.filter(
      (h) => h.label !== ACTIX_TRANSFORM_401 || !written.some((o) => o !== h && o.path === h.path && o.line === h.line),
    ),
    ...derivedAuthorizeAttributes(facts),
    ...enforcedRolesAllowed(facts),
    ...probotWebhook(facts),
    ...registeredAuthMiddleware(repo, facts).filter(
      (r) => !written.some((w) => w.path === r.path && w.line === r.line),
    ),
  ];
  const permitsAll = (path: string): boolean => {
    const text = repo.read(path) ?? '';
    return (
      /anyRequest\(\)\s*\.permitAll/.test(text) &&
      !/\.authenticated\(\)|hasRole|hasAuthority|hasAnyRole|hasAnyAuthority|\.access\(/.test(text)
    );
  };
  const hits = all.filter((h) => h.label !== 'Spring Security' || !permitsAll(h.path));
  if (!hits.length && all.length) {
    const h = all[0]!;
    const line = repo.grepFirst(/anyRequest\(\)\s*\.permitAll/, { paths: [h.path] });
    return {
      applied: [],
      permitAll: site(h.path, line?.line ?? h.line, 'anyRequest().permitAll(): no request requires authentication'),
    };
  }
  return {
    applied: hits.map((h) => ({
      label: h.label,
      site: siteOf(h),
      ...((h.path.endsWith('.rs') &&
        (inSettingBranch(repo, h) ||
          rustFnOpenWhileUnset(facts, h) ||
          towerLayerOpenWhileUnset(facts, h) ||
          (h.label === ACTIX_TRANSFORM_401 && wrapsOneScope(repo, h)))) ||
      h.label === RUST_HANDLER_CHECK_401 ||
      h.label === GITHUB_APP_WEBHOOK ||
      h.label === PROBOT_WEBHOOK ||
      h.label === GIDGETHUB_WEBHOOK ||
      h.label === PAYLOAD_REST ||
      h.label === FUNCTION_KEY
        ? { confidence: 'low' as const }
        : {}),
    })),
  };
}

/** The body of the live Rust function named `name`, if there is one. */
function rustFnBody(facts: Facts, name: string): string | undefined {
  return facts.repo.memo(`authn:rust-fn-body\0${name}`, () => {
    const def = facts.code
      .grep(new RegExp(`\\bfn\\s+${escapeRegExp(name)}\\s*[<(]`), { languages: ['rust'], kinds: ['source'] })
      .find((h) => facts.liveness.isLive(h.path));
    return def && bodyFrom(facts, def.path, def.line, 80).text;
  });
}

/**
 * The Rust function named `name` reads a request header (`headers.get(TOKEN_HEADER)`, `req.headers().get(…)`) and
 * refuses with 401: `StatusCode::UNAUTHORIZED`, or an error variant named for it (`AppError::Unauthorized(…)`).
 */
function rustFnRefusesHeader(facts: Facts, name: string): boolean {
  const body = rustFnBody(facts, name) ?? '';
  return (
    /\bheaders(?:\(\))?\s*\.\s*get\s*\(/.test(body) && /\bStatusCode::UNAUTHORIZED\b|\b\w+::Unauthorized\b/.test(body)
  );
}

const FORCE_PASSED = /\.force_passed\s*\(\s*true\s*\)/;

/**
 * The salvo hoop the hit puts before the routes is a `JwtAuth` built with `.force_passed(true)` — inline, returned by
 * the function it calls (`.hoop(auth_hoop())`), or bound to the local it names (`let jwt_auth = jwt_auth_middleware();`)
 * — and no live code asks the depot whether the token was authorized (`depot.jwt_auth_state()`,
 * `JwtAuthState::Authorized`): every request gets through.
 */
function salvoHoopLetsEveryoneIn(facts: Facts, h: { path: string; line: number; groups: readonly string[] }): boolean {
  const name = h.groups[1]!;
  const lines = (facts.repo.read(h.path) ?? '').split('\n');
  const builtPassing = (fn: string): boolean => {
    const body = rustFnBody(facts, fn) ?? '';
    return /\bJwtAuth\b/.test(body) && FORCE_PASSED.test(body);
  };
  let passing: boolean;
  if (name === 'JwtAuth') {
    const stmt = lines.slice(h.line - 1, h.line + 8).join('\n');
    passing = FORCE_PASSED.test(stmt.slice(0, stmt.includes(';') ? stmt.indexOf(';') : stmt.length));
  } else if (builtPassing(name)) passing = true;
  else {
    // The binding the hoop reads: the last one above it (another function may bind the same name otherwise).
    const upTo = lines.slice(0, h.line).join('\n');
    const bindings = [
      ...upTo.matchAll(new RegExp(`\\blet\\s+(?:mut\\s+)?${escapeRegExp(name)}\\b[^=;]*=([^;]*);`, 'g')),
    ];
    const bound = bindings[bindings.length - 1]?.[1];
    passing =
      bound !== undefined &&
      (FORCE_PASSED.test(bound) || [...bound.matchAll(/\b(\w+)\s*\(/g)].some((m) => builtPassing(m[1]!)));
  }
  if (!passing) return false;
  return !facts.code
    .grep(/\bjwt_auth_state\s*\(|\bJwtAuthState::/, { languages: ['rust'], kinds: ['source'] })
    .some((g) => facts.liveness.isLive(g.path));
}

/** The Rust function named `name` answers 401 somewhere in its body (`StatusCode::UNAUTHORIZED`). */
function rustFnAnswers401(facts: Facts, name: string): boolean {
  return /\bStatusCode::UNAUTHORIZED\b|\bstatus\s*\(\s*401\b/.test(rustFnBody(facts, name) ?? '');
}

/**
 * The axum middleware function the hit applies (`from_fn(require_authz)`), or the function holding it (an extractor
 * among its parameters), lets every caller in while its setting is unset (see opensWhileUnset).
 */
function rustFnOpenWhileUnset(
  facts: Facts,
  h: { path: string; line: number; text: string; label: string; groups: readonly string[] },
): boolean {
  const name =
    (h.label === RUST_FN_MIDDLEWARE_401
      ? h.groups[1]
      : /\bmiddleware::from_fn(?:_with_state)?\s*\([^;]*?\b(\w+)(?:::<[^<>;()]*>)?\s*,?\s*\)/.exec(h.text)?.[1]) ??
    enclosing(facts, h.path, h.line)?.name;
  const body = ((name && rustFnBody(facts, name)) || '').split('\n');
  return opensWhileUnset(body, 0, body.length) >= 0;
}

/**
 * The poem middleware `name` (`impl<E: Endpoint> Middleware<E> for ApiGuard`) is declared in a live file that reads
 * the caller's bearer token (`typed_get::<Authorization<Bearer>>()`, the Authorization header) and answers an error
 * when it is missing or unknown (`ok_or_else(…)?`, `return Err(…)`, 401).
 */
function poemMiddlewareReadsToken(facts: Facts, name: string): boolean {
  const impl = new RegExp(`\\bimpl\\s*<[^<>{]*>\\s*Middleware\\s*<\\s*\\w+\\s*>\\s*for\\s+${escapeRegExp(name)}\\b`);
  const def = facts.code
    .grep(impl, { languages: ['rust'], kinds: ['source'] })
    .find((h) => facts.liveness.isLive(h.path));
  const text = def ? (facts.repo.read(def.path) ?? '') : '';
  return (
    /\bAuthorization\s*<\s*Bearer\s*>|\bheader::AUTHORIZATION\b|\.header\s*\(\s*"authorization"/i.test(text) &&
    /\.ok_or(?:_else)?\s*\(|\breturn\s+Err\s*\(|\bStatusCode::UNAUTHORIZED\b|\bUnauthorized\b/.test(text)
  );
}

/**
 * The live file declaring the tower layer `name` (`impl<S> Layer<S> for AuthLayer`), when its service answers a call
 * without a valid credential itself (`tonic::Status::unauthenticated(…)`, 401).
 */
function towerLayerRefusing(facts: Facts, name: string): string | undefined {
  // Asked for each hit naming the layer, and again by towerLayerOpenWhileUnset: searched once.
  return facts.repo.memo(`authn:tower-layer\0${name}`, () => {
    const impl = new RegExp(
      `\\bimpl\\s*<[^<>{]*>\\s*(?:tower::)?Layer\\s*<\\s*\\w+\\s*>\\s*for\\s+${escapeRegExp(name)}\\b`,
    );
    const def = facts.code
      .grep(impl, { languages: ['rust'], kinds: ['source'] })
      .find((h) => facts.liveness.isLive(h.path));
    const text = def ? (facts.repo.read(def.path) ?? '') : '';
    return /\bStatus::unauthenticated\s*\(|\bStatusCode::UNAUTHORIZED\b/.test(text) ? def!.path : undefined;
  });
}

/**
 * The actix-web middleware `name` (`impl<S> Transform<S, ServiceRequest> for Internal`) is declared in a live file whose
 * service reads a request header (`req.headers().get("x-api-token")`) and answers 401 (`StatusCode::UNAUTHORIZED`, an
 * error type whose `status_code` is 401, `ErrorUnauthorized`, `HttpResponse::Unauthorized()`), or verifies a JWT and
 * fails the request when it does not verify.
 */
function actixTransformRefusing(facts: Facts, name: string): boolean {
  return facts.repo.memo(`authn:actix-transform\0${name}`, () => {
    const impl = new RegExp(
      `\\bimpl\\s*<[^<>{]*>\\s*(?:[\\w:]+::)?Transform\\s*<\\s*\\w+\\s*,\\s*ServiceRequest\\s*>\\s*for\\s+${escapeRegExp(name)}\\b`,
    );
    const def = facts.code
      .grep(impl, { languages: ['rust'], kinds: ['source'] })
      .find((h) => facts.liveness.isLive(h.path));
    const text = def ? (facts.repo.read(def.path) ?? '') : '';
    // Or the service verifies a JWT with jsonwebtoken (`decode::<Claims>(&token, &key, &validation)`) and fails the
    // request with an error (`Err(…)`) when it does not verify: the error type's status (401 or another) is the
    // refusal, written wherever the app renders its errors.
    return (
      /\bimpl\s*<[^<>{]*>\s*(?:[\w:]+::)?Service\s*<\s*ServiceRequest\s*>\s*for\b/.test(text) &&
      /\.headers\s*\(\s*\)\s*\.get\s*\(/.test(text) &&
      (/\bStatusCode::UNAUTHORIZED\b|\bErrorUnauthorized\s*\(|\bHttpResponse::Unauthorized\s*\(/.test(text) ||
        (/\bjsonwebtoken::/.test(text) &&
          // jsonwebtoken's decode, by path or imported by name; not another crate's (`base64::decode(…)`).
          /(?:\bjsonwebtoken::|(?<![\w.:]))decode\s*(?:::\s*<[^<>()]*>\s*)?\(/.test(text) &&
          /\bErr\s*\(/.test(text)))
    );
  });
}

/** An actix-web scope being opened (`web::scope("/internal")`, `Scope::new(…)`). */
const ACTIX_SCOPE = /\bweb::scope\s*\(|\bScope::new\s*\(/;

/**
 * The `.wrap` is put on one scope of the app (`web::scope("/internal").wrap(…)`), the line above it, not on the app:
 * the routes outside the scope are not behind it.
 */
function wrapsOneScope(repo: RepoIndex, h: { path: string; line: number }): boolean {
  const lines = repo.lines(h.path);
  const own = lines[h.line - 1] ?? '';
  const prev = lines[h.line - 2] ?? '';
  return ACTIX_SCOPE.test(own) || ACTIX_SCOPE.test(prev);
}

/** The tower layer the hit puts around the server lets every call in while its secret is unset (see opensWhileUnset). */
function towerLayerOpenWhileUnset(facts: Facts, h: { label: string; groups: readonly string[] }): boolean {
  const file = h.label === TOWER_LAYER_401 ? towerLayerRefusing(facts, h.groups[1]!) : undefined;
  const lines = file ? facts.repo.lines(file) : [];
  return opensWhileUnset(lines, 0, lines.length) >= 0;
}

/** How far the line is indented. */
function indentOf(l: string): number {
  return /^\s*/.exec(l)![0].length;
}

/**
 * The line opening the block line `at` (0-based) sits in: the nearest line above, at most `reach` lines up, indented
 * less. `continues` marks a line that only continues something opened further up (a builder chain's head): the search
 * goes on above it, from its indent. The index, or -1.
 */
function blockOpener(
  lines: readonly string[],
  at: number,
  reach: number,
  continues: (l: string) => boolean = () => false,
): number {
  let own = indentOf(lines[at] ?? '');
  for (let i = at - 1; i >= 0 && i >= at - reach; i--) {
    const l = lines[i]!;
    if (!l.trim() || indentOf(l) >= own) continue;
    if (continues(l)) {
      own = indentOf(l);
      continue;
    }
    return i;
  }
  return -1;
}

/**
 * The line sits in a block opened by a setting's branch (`if let Some(url) = forward_auth {`, `if cfg.auth {`,
 * `let server = if let Some(key) = api_key {`), or in a builder chain written in one.
 */
function inSettingBranch(repo: RepoIndex, h: { path: string; line: number }): boolean {
  const lines = repo.lines(h.path);
  // The head of the chain the line continues (`Server::builder()`), or a closure or `match` written in the branch: the
  // branch, if any, is around it.
  const i = blockOpener(
    lines,
    h.line - 1,
    39,
    (l) => !/[{};,]\s*$/.test(l) || /^\s*match\b|\|\s*(?:->[^{|]*)?\{\s*$/.test(l),
  );
  return i >= 0 && /^\s*(?:let\s+(?:mut\s+)?\w+\s*=\s*)?if\s+(?:let\s+Some\b|[\w.]+\s*\{)/.test(lines[i]!);
}

/**
 * An `if` on the service's own setting that is empty, unset or off (`if self.empty {`, `if (!this.config.authEnabled)`,
 * `if settings.users.is_empty() {`, `if (!enableAuth)`, `if not config.auth_enabled:`, Go's `if s.credentialStore == nil {`), not on the request's
 * credential. Group 2 is the setting.
 */
const UNCONFIGURED =
  /^\s*if\s*\(?\s*(!\s*|not\s+)?((?:self|this|config|cfg|settings|options|opts|(?:shared_|signing_)?(?:secrets?|keys))\b[\w.]*?(?:\bempty\b|\.is_empty\(\)|\.is_none\(\)|\.isEmpty\(\)|\bdisabled\b|\b\w*(?:enabled|configured)\b)|_?(?:enable_?auth(?:entication)?|auth(?:entication)?_?enabled)\b|(?!(?:r|req|request|c|ctx)\.)[a-z]\w*\.(?:cred|auth|user|passw|secret|token|api_?key)\w*\s*==\s*(?:nil|null|None|""))\s*(?:\)\s*)?(?::\s*)?(?:\{|return\b|$)/i;
/** An early return that turns the caller away (or names no one): an error, 401/403, false, None, a failed sign-in. */
const REFUSES =
  /\bErr\s*\(|\bunauthori[sz]ed|\bforbidden|\b40[13]\b|\bfalse\b|\bden(?:y|ied)\b|\breject|\bFail\s*\(|\bNoResult\b|\breturn\s+(?:None|null|nil)\b/i;

/** `if let Some(ref authz) = agent.config().api.authorization {`: a branch taken only once a setting is given. */
const SOME_SETTING = /\bif\s+let\s+Some\s*\([^)]*\)\s*=\s*[\w.()]*?\b(?:config|settings|cfg|options)\b/;

/**
 * Lines `from`…`to` (0-based, `to` excluded) let every caller in while the service's credentials are unset: an `if` on
 * its own setting returning without refusing (dufs' `if self.empty { return (None, Some(…ReadWrite)); }`), or a check
 * run only once the setting is given (`let passed = if let Some(ref authz) = agent.config().api.authorization { … }
 * else { true };`). The index of the line that opens the branch, or -1.
 */
function opensWhileUnset(lines: readonly string[], from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const l = lines[i]!;
    const cond = UNCONFIGURED.exec(l);
    // `!enabled` is off; `empty` / `is_none()` / `== nil` without `!` is unset.
    if (cond && !!cond[1] === /enabl|configured/i.test(cond[2]!)) {
      const exit = /\breturn\b/.test(l) ? l : firstReturnInBlock(lines, i);
      if (exit !== undefined && !REFUSES.test(exit)) return i;
    }
    if (SOME_SETTING.test(l) && /\}\s*else\s*\{\s*true\s*\}/.test(lines.slice(i, to).join('\n'))) return i;
  }
  return -1;
}

/** The first `return` of the block the `if` on line `at` opens (its brace on that line or the next, as C# puts it). */
function firstReturnInBlock(lines: readonly string[], at: number): string | undefined {
  const own = indentOf(lines[at]!);
  for (let i = at + 1; i < lines.length && i <= at + 30; i++) {
    const l = lines[i]!;
    if (!l.trim() || (i === at + 1 && l.trim() === '{')) continue;
    if (indentOf(l) <= own) return undefined;
    if (/\breturn\b/.test(l)) return l;
  }
  return undefined;
}

/**
 * The project's own ASP.NET Core authentication handler (`class X : AuthenticationHandler<…>`) signs every caller in
 * while a setting is off (`if (!enableAuth) { … return AuthenticateResult.Success(ticket); }`): `[Authorize]` then
 * admits anyone the default start lets through.
 */
function dotnetHandlerOpenWhileOff(facts: Facts): AuthnSite | undefined {
  for (const h of facts.code.grep(/\bHandleAuthenticateAsync\s*\(/, { languages: ['csharp'], kinds: ['source'] })) {
    if (!facts.liveness.isLive(h.path) || !/:\s*AuthenticationHandler\s*</.test(facts.repo.read(h.path) ?? ''))
      continue;
    const lines = facts.repo.lines(h.path);
    const at = opensWhileUnset(lines, h.line, Math.min(lines.length, h.line + 15));
    if (at >= 0) return site(h.path, at + 1, 'the authentication handler signs every caller in while a setting is off');
  }
  return undefined;
}

/**
 * A function on the way from the check to the requests lets every caller in while the service's credentials are not
 * configured (dufs' `if self.empty { … }` above its `check_auth` call): authentication is on only once the service is
 * started with credentials.
 */
function openWhileUnconfigured(facts: Facts, sites: { path: string; line: number }[]): AuthnSite | undefined {
  for (const s of sites) {
    const fn = enclosing(facts, s.path, s.line);
    const lines = facts.repo.lines(s.path);
    const at = opensWhileUnset(lines, fn?.line ?? s.line, s.line - 1);
    if (at >= 0) return site(s.path, at + 1, 'every caller is let in while no credentials are configured');
    const guard = registeredOnlyWhenSet(lines, s.line - 1);
    if (guard >= 0)
      return site(s.path, guard + 1, 'the authentication is registered only once credentials are configured');
  }
  return undefined;
}

/** A credential setting tested for a value: `basicAuthUsername != ""`, `cfg.APIToken != nil`. */
const CREDENTIAL_SET = /(?:user(?:name)?|passw(?:or)?d|token|secret|api_?key)\w*\s*!=\s*(?:""|nil)(?!\w)/i;

/**
 * The `if` block a registration (line `at`, 0-based) sits in, when it tests a credential setting for a value (`if
 * basicAuthUsername != "" && basicAuthPassword != "" { stack.Use(&BasicAuth{…}) }`): the index of its line, or -1.
 */
function registeredOnlyWhenSet(lines: readonly string[], at: number): number {
  const i = blockOpener(lines, at, 10);
  const l = i >= 0 ? lines[i]! : '';
  return /^\s*if\s/.test(l) && /\{\s*$/.test(l) && CREDENTIAL_SET.test(l) ? i : -1;
}

/** A refusal of the caller left as a comment: `# raise Unauthorized("No auth header found")`, `# abort(401)`. */
const COMMENTED_REFUSAL =
  /^\s*#\s*(?:raise\s+\w*(?:Unauthori[sz]ed|Forbidden|PermissionDenied|AuthenticationFailed|NotAuthenticated)\w*\b|(?:abort|return)\b[^\n]*\b40[13]\b)/;

/** Python: the function holding the check lets a caller without credentials through, its refusal commented out. */
function refusalCommentedOut(facts: Facts, h: { path: string; line: number }): AuthnSite | undefined {
  if (facts.repo.get(h.path)?.language !== 'python') return undefined;
  const fn = enclosing(facts, h.path, h.line);
  if (!fn) return undefined;
  const lines = facts.repo.lines(h.path);
  const indent = indentOf(lines[fn.line - 1] ?? '');
  for (let i = fn.line; i < lines.length; i++) {
    const l = lines[i]!;
    if (endsPythonDef(l, indent)) break;
    if (COMMENTED_REFUSAL.test(l))
      return site(h.path, i + 1, 'the refusal of a caller without credentials is commented out');
  }
  return undefined;
}

/** A JavaScript/TypeScript line declaring a value, not a function (`const decoded = jwt.verify(token, key)`). */
function declaresValue(repo: RepoIndex, h: { path: string; line: number }): boolean {
  if (!/\.[cm]?[jt]sx?$/.test(h.path)) return false;
  const l = repo.lines(h.path)[h.line - 1] ?? '';
  return /^\s*(?:export\s+)?(?:const|let|var)\s/.test(l) && !/=>|\bfunction\b/.test(l);
}

/** Whether the call opened on the first line stays open through the last one (parentheses counted, strings ignored). */
function stillOpen(lines: string[]): boolean {
  let depth = 0;
  for (const l of lines) {
    for (const c of l.replace(/(["'`])(?:\\.|(?!\1)[^\\])*\1/g, '')) depth += c === '(' ? 1 : c === ')' ? -1 : 0;
    if (depth <= 0) return false;
  }
  return true;
}

function authnCode(repo: RepoIndex, facts: Facts): Pick<AuthnFacts, 'code' | 'unregistered'> {
  // Auth logic written in the project: wired when the function/class holding it is applied to requests.
  const substance = findHits(facts, SUBSTANCE).filter(
    (h) =>
      (h.label === SIGNED_REQUEST || !/csrf|xsrf|captcha|webhook|signature/i.test(h.text)) &&
      (h.label !== 'token verification' || !otherGoPackage(repo, h)) &&
      (h.label !== 'credential comparison' || nearReject(facts, h, CREDENTIAL_REJECTS)) &&
      (h.label !== 'sign-in check' ||
        nearReject(facts, h, SIGN_IN_REJECTS, 8) ||
        (h.path.endsWith('.go') && nearReject(facts, h, GO_SIGN_IN_ERROR, GO_SIGN_IN_WINDOW)) ||
        (h.path.endsWith('.php') && nearReject(facts, h, PHP_SHOWS_LOGIN, 30))) &&
      (h.label !== GO_SIGN_IN_REFUSED || nearReject(facts, h, GO_SIGN_IN_ERROR, GO_SIGN_IN_WINDOW)) &&
      (h.label !== GO_CONTEXT_CALLER || restOfBlock(facts.code.lines(h.path), h.line).some(goCallerRefused)) &&
      (h.label !== BASIC_READ || basicRejects(repo, h)) &&
      (h.label !== PHP_GUARD_CALL || phpGuardTurnsAway(repo, h)),
  );
  const unregistered: AuthnFacts['unregistered'] = [];
  const done = (evidence: AuthnSite[], v: { how: string; confidence?: 'low' }) => ({
    code: appliedCode(evidence, v),
    unregistered,
  });
  const seen = new Set<string>();
  for (const h of substance) {
    // Plain PHP: a front controller dispatches to the checking code by naming conventions no route table records; a
    // live check that rejects is applied somewhere, which the scan cannot show (low).
    const routerless = routerlessApp(facts, h.path, !!h.live);
    if (routerless)
      return done([siteOf(h, `${h.label} in the ${routerless}'s request code`)], {
        how: `${h.label} in the request code of a ${routerless} without a router`,
        confidence: 'low',
      });
    // Fastify: the check lives in a decorator (fastify.decorate('requireUser', …)) applied by name in onRequest/preHandler,
    // or in a hook registered for every request (addHook('onRequest', …)).
    const above = repo
      .lines(h.path)
      .slice(Math.max(0, h.line - (h.label === HOOK_401 ? 30 : 8)), h.line)
      .reverse();
    const hookAt = above.findIndex((l) =>
      /\.addHook\(\s*["'](?:onRequest|preHandler|preValidation)["']\s*,\s*(?:async\s+)?(?:function|\()/.test(l),
    );
    // A 401 counts only inside the hook's call: a hook above that has closed (a timing hook) does not hold it.
    const hook =
      hookAt >= 0 && (h.label !== HOOK_401 || stillOpen(above.slice(0, hookAt + 1).reverse()))
        ? above[hookAt]
        : undefined;
    if (hook && h.live)
      return done([siteOf(h, `${h.label} in a hook run for every request`)], {
        how: `${h.label} in an onRequest hook`,
      });
    // Outside a hook, a 401 is one route's answer (a failed sign-in), not a check applied to requests.
    if (h.label === HOOK_401) continue;
    // socket.io: sign-in handled in an event handler of the connection (`socket.on("login", async (data, cb) => {…})`)
    // authenticates that socket; the handler is registered where it is written.
    const event = h.live && socketEventAround(facts, h);
    if (event)
      return done([siteOf(h, `${h.label} in the socket.io "${event}" event handler`)], {
        how: `${h.label} in a socket.io event handler`,
      });
    const decorated = above.map((l) => /\.decorate\(\s*["'](\w+)["']/.exec(l)?.[1]).find(Boolean);
    if (decorated) {
      const at = appliedAt(facts, decorated, h);
      if (at)
        return done([siteOf(h), site(at.path, at.line, `${decorated} applied (${at.how})`)], {
          how: `${decorated} applied as ${at.how}`,
        });
      unregistered.push(unwiredSite(h, decorated));
      continue;
    }
    let enc = enclosing(facts, h.path, h.line);
    // `const token = req.headers.get('authorization')…` declares a value inside the function that checks the caller.
    // So does `const decoded = jwt.verify(token, secret)`: a value, not a function of its own.
    if (enc?.line === h.line && (h.label === BEARER_READ || declaresValue(repo, h)))
      enc = enclosing(facts, h.path, h.line, true);
    // `module.exports = function (req, res, next) {…}`: the middleware is applied under its importers' names.
    const applied = defaultExportBindings(facts, h.path, h.line)
      .map((b) => ({ b, at: appliedAt(facts, b.name, undefined, 0, [b.path]) }))
      .find((x) => x.at);
    if (applied?.at)
      return done(
        [
          siteOf(h, `${h.label} in the middleware ${h.path} exports`),
          site(applied.at.path, applied.at.line, `imported as ${applied.b.name} and applied (${applied.at.how})`),
        ],
        { how: `${h.path} applied as ${applied.at.how}` },
      );
    if (enc?.decorated && h.live)
      return done([siteOf(h, `${h.label} inside a route/middleware (@${enc.decorated})`)], {
        how: `${h.label} in ${enc.name}`,
      });
    const loaded = h.live ? loadedMiddleware(repo, facts, h.path, enc?.name) : undefined;
    if (loaded)
      return done([siteOf(h, `${h.label} in ${loaded}, which the framework runs for every request`)], {
        how: `${h.label} in ${loaded}`,
      });
    // A check inside a function registered where it is written (`app.use(async (c, next) => { … })`): asked only
    // once the named function around it (if any) is found applied nowhere.
    const stop = enc?.line ?? 0;
    const inPlace = () => {
      const inline = h.live ? inlineRegistrationAround(facts, h.path, h.line, stop) : undefined;
      return inline
        ? done([siteOf(h, `${h.label} in ${inline.how}`), site(inline.path, inline.line, inline.how)], {
            how: `${h.label} in ${inline.how}`,
          })
        : undefined;
    };
    if (!enc) {
      const inline = inPlace();
      if (inline) return inline;
      // Module-level scheme objects (oauth2_scheme = OAuth2PasswordBearer(...)) are applied through their variable.
      const v = /^\s*(?:export\s+)?(?:const\s+|let\s+|var\s+)?(\w+)\s*(?::[^=]+)?=/.exec(
        repo.lines(h.path)[h.line - 1] ?? '',
      )?.[1];
      if (!v) {
        if (h.live && h.label !== 'FastAPI security scheme')
          return done([siteOf(h)], { how: h.label, confidence: 'low' });
        continue;
      }
      const key = `${h.path}:${v}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const at = appliedAt(facts, v, h);
      if (at)
        return done([siteOf(h), site(at.path, at.line, `${v} applied (${at.how})`)], {
          how: `${h.label} applied as ${at.how}`,
        });
      const user = usersOf(repo, facts, v, h);
      if (user) return { code: user, unregistered };
      unregistered.push(unwiredSite(h, v));
      continue;
    }
    // A Python decorator checks in the wrapper it returns (`def need_auth(f): @wraps(f) def wrapper(...)`): what
    // routes apply is the decorator, the function around the wrapper.
    // A decorator factory (`@json_api(bp, "/x")`) holds the decorator that holds the wrapper: up to two functions out.
    // So does a JS/TS middleware factory (`export const isAuthenticated = (perms) => { const check = (req, res, next)
    // => {…}; return check; }`, applied as `router.use('/user', isAuthenticated(), routes)`).
    const language = facts.repo.get(h.path)?.language;
    if (language === 'python' || language === 'javascript' || language === 'typescript')
      for (let up = 0; up < 2 && !appliedAt(facts, enc.name, { path: h.path, line: enc.line }); up++) {
        const factory = enclosing(facts, h.path, enc.line, true);
        const returns = language === 'python' ? returnsNested : returnsNestedJs;
        if (!factory || !returns(repo, h.path, factory.line, enc.name)) break;
        enc = factory;
      }
    const key = `${h.path}:${enc.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const def = { path: h.path, line: enc.line };
    const loose = (code: AuthnCode) => {
      const open = openWhileUnconfigured(facts, [h, ...code.evidence]);
      const lax = open ? undefined : refusalCommentedOut(facts, h);
      return {
        code: open
          ? appliedCode([...code.evidence, open], {
              how: `${code.how}, though it lets every caller in while no credentials are configured`,
              confidence: 'low',
            })
          : lax
            ? appliedCode([...code.evidence, lax], {
                how: `${code.how}, though a caller sending no credentials is let in (the refusal is commented out)`,
                confidence: 'low',
              })
            : code,
        unregistered,
      };
    };
    const at = appliedAt(facts, enc.name, def);
    if (at)
      return loose(
        appliedCode(
          [siteOf(h, `${h.label} in ${enc.name}`), site(at.path, at.line, `${enc.name} applied (${at.how})`)],
          { how: `${enc.name} applied as ${at.how}` },
        ),
      );
    const user = usersOf(repo, facts, enc.name, def);
    if (user) return loose(user);
    // JS/TS: a check in a method of a class (PasetoAuth's `verifyWrapped`) is reached through the calls of the method.
    const method = enclosingJsMethod(repo, h.path, h.line, enc);
    const viaMethod =
      method && h.live
        ? methodCallers(repo, facts, enc.name, method.name, { path: h.path, line: method.line })
        : undefined;
    if (viaMethod) return loose(through(siteOf(h, `${h.label} in ${method!.name}`), viaMethod));
    const inline = inPlace();
    if (inline?.code) return loose(inline.code);
    unregistered.push(unwiredSite(h, enc.name));
  }
  return { unregistered };
}

/** The socket.io event whose handler holds the hit (`socket.on("loginByToken", async (token, cb) => {`), if any. */
function socketEventAround(facts: Facts, h: { path: string; line: number }): string | undefined {
  if (!facts.deps.declared(['node', 'socket.io'])) return undefined;
  const lines = facts.code.lines(h.path);
  let limit = indentOf(lines[h.line - 1] ?? '');
  for (let i = h.line - 2; i >= 0 && i >= h.line - 60; i--) {
    const l = lines[i]!;
    if (!l.trim() || indentOf(l) >= limit) continue;
    const m = /^\s*\w+\.on\(\s*["']([\w:-]+)["']\s*,\s*(?:async\s+)?(?:function\b|\([^)]*\)\s*=>|\w+\s*=>)/.exec(l);
    if (m && m[1] !== 'connection' && m[1] !== 'connect') return m[1];
    // A statement at a smaller indentation (not the block's opening line) closes the search: the hit is elsewhere.
    if (!/[{(]\s*$/.test(l)) return undefined;
    limit = indentOf(l);
  }
  return undefined;
}

export function detectAuthn(repo: RepoIndex, facts: Facts): AuthnFacts {
  const hook = elysiaAuthHook(facts);
  // DRF authentication classes without a permission class that requires a user: callers are identified, not required.
  const drf = findHits(facts, [
    {
      re: /["']DEFAULT_AUTHENTICATION_CLASSES["']\s*:/,
      label: 'DRF DEFAULT_AUTHENTICATION_CLASSES',
      langs: ['python'],
    },
  ]).filter((h) => h.live)[0];
  const off = dotnetHandlerOpenWhileOff(facts);
  return {
    ...appliedAuthn(repo, facts),
    ...(hook
      ? {
          elysiaHook: {
            label: hook.label,
            site: siteOf(hook, `${hook.label}: rejects callers without credentials (401)`),
          },
        }
      : {}),
    ...authnCode(repo, facts),
    ...(off ? { offByDefault: off } : {}),
    routeMiddleware: ownRouteAuth(repo, facts),
    ...(drf
      ? {
          drfAuthenticationClasses: siteOf(
            drf,
            'DRF authentication classes set; no IsAuthenticated permission requires them',
          ),
        }
      : {}),
  };
}

/** Elysia lifecycle hooks that run before the handlers of the routes chained after them. */
const ELYSIA_HOOK: SourcePattern = {
  re: /\.(?:onBeforeHandle|derive|resolve|guard)\s*\(|\b(?:beforeHandle|resolve)\s*(?::\s*(?:async\s+)?(?:\(|function\b|\[)|\()/,
  label: 'Elysia lifecycle hook authenticating the caller',
  langs: ['javascript', 'typescript'],
  fileRequires: /from\s+["']elysia["']|require\(\s*["']elysia["']\s*\)/,
};
const CALLER = /user|session|token|bearer|authori[sz]ation|jwt|auth|api_?key|cookie|member|account|principal|identity/i;

/** The first live Elysia hook whose body (the next lines) checks the caller and answers 401. */
function elysiaAuthHook(facts: Facts): SourceHit | undefined {
  return findHits(facts, [ELYSIA_HOOK]).find((h) => {
    if (!h.live) return false;
    const body = facts.code.lines(h.path).slice(h.line - 1, h.line + 14);
    return body.some((l) => CALLER.test(l)) && body.some((l) => REJECTS.test(l));
  });
}

/** A PHP exception named for a caller who is not signed in (`NotLoggedInException`, `RequireAuthException`). */
const PHP_NOT_SIGNED_IN_EXCEPTION =
  '\\bthrow\\s+(?:new\\s+)?\\\\?(?:[\\w\\\\]*\\\\)?(?:NotLoggedIn|NotAuthenticated|Unauthenticated|LoginRequired|AuthenticationRequired|AuthRequired|Requires?Auth|Requires?Login)\\w*(?:Exception|Error)\\b';

/** What a failed sign-in check does: 401/403, a redirect to the login page, or an exception the front controller turns into one. */
const SIGN_IN_REJECTS = new RegExp(
  `${REJECTS.source}|\\b403\\b|Forbidden|FORBIDDEN|[Rr]edirect\\w*\\([^)\\n]*(?:login|sign_?in|signin|auth)|Location:\\s*[^'"\\n]*(?:login|sign_?in|signin|auth)|${PHP_NOT_SIGNED_IN_EXCEPTION}`,
);

/**
 * A Go check that answers a caller who is not signed in with an error asking for a sign-in (a gqlgen directive or
 * resolver guard: `if user == nil { return nil, errors.New("you need to login") }`, "you must be logged in", "login
 * required", "authentication required"); the GraphQL layer sends it as the field's error. A failed sign-in attempt ("invalid login") asks for nothing and does not count.
 */
const GO_SIGN_IN_ERROR =
  /\b(?:errors\.New|fmt\.Errorf|gqlerror\.Errorf)\s*\(\s*"[^"\n]*?(?:(?:need|must|required?|please)\b[^"\n]{0,24}(?:(?:log(?:ged)?|sign(?:ed)?) ?in\b|authenticat)|not (?:logged|signed) in\b|(?:log|sign)[- ]?in required|authentication required|unauthenticated|not authenticated)/i;

/**
 * A plain PHP front controller's block for a visitor not signed in, which may run a dozen lines of messages and hooks
 * before it answers: a 401/403, or the login page or task it renders (`'task' => 'login',`, `->send('login')`).
 */
const PHP_SHOWS_LOGIN = new RegExp(
  `${SIGN_IN_REJECTS.source}|\\bhttp_response_code\\s*\\(\\s*40[13]\\b|['"](?:login|signin|sign_in|logon)['"]\\s*[,)\\]]`,
);

/** Where a plain PHP guard sends a visitor who is not signed in: the sign-in page, a 401/403, a "please log in" error. */
const PHP_GUARD_AWAY =
  /\bheader\s*\(\s*["']Location:[^\n]*(?:login|sign_?in|signin|auth)|\bhttp_response_code\s*\(\s*40[13]\b|[Pp]lease (?:log|sign) ?in\b/;

/** Whether the guard a page calls (PHP_GUARD_NAME) is defined in the project and turns away visitors not signed in. */
const phpGuards = new WeakMap<RepoIndex, Map<string, boolean>>();
function phpGuardTurnsAway(repo: RepoIndex, h: SourceHit): boolean {
  const name = PHP_GUARD_NAME.exec(h.text)?.[1];
  if (!name) return false;
  let known = phpGuards.get(repo);
  if (!known) phpGuards.set(repo, (known = new Map()));
  const seen = known.get(name.toLowerCase());
  if (seen !== undefined) return seen;
  const away = phpGuardBodyTurnsAway(repo, name);
  known.set(name.toLowerCase(), away);
  return away;
}

function phpGuardBodyTurnsAway(repo: RepoIndex, name: string): boolean {
  const def = repo.grepFirst(new RegExp(`\\bfunction\\s+${name}\\s*\\(`), { languages: ['php'], kinds: ['source'] });
  if (!def) return false;
  const body = repo.lines(def.path).slice(def.line - 1, def.line + 40);
  if (body.some((l) => PHP_GUARD_AWAY.test(l) || SIGN_IN_REJECTS.test(l))) return true;
  // The guard may include the page that checks the visitor (`require_once YOURLS_INC . '/auth.php';`, which shows the
  // login screen and dies): that file's lines are read the same way.
  const included = body.map((l) => PHP_AUTH_INCLUDE.exec(l)?.[1]).find(Boolean);
  if (!included) return false;
  return repo
    .byName(new RegExp(`^${escapeRegExp(included)}$`))
    .filter((f) => !f.isTest && f.language === 'php')
    .some((f) => repo.lines(f.path).some((l) => PHP_GUARD_AWAY.test(l) || SIGN_IN_REJECTS.test(l)));
}

/** A file named for signing in that a guard includes (`require_once( YOURLS_INC.'/auth.php' );`): its file name. */
const PHP_AUTH_INCLUDE =
  /^\s*(?:require|include)(?:_once)?\b[^;\n]*?['"](?:[^'"\n]*\/)?([\w-]*(?:auth|login|sign_?in)[\w-]*\.php)['"]/i;

/** After `user, pass, ok := r.BasicAuth()`: a 401 or a challenge, or a branch on the credentials that returns early. */
function basicRejects(repo: RepoIndex, h: SourceHit): boolean {
  const after = repo.lines(h.path).slice(h.line, h.line + 14);
  if (after.some((l) => REJECTS.test(l) || /WWW-Authenticate/i.test(l))) return true;
  return after.some(
    (l, i) =>
      /^\s*if\s+(?:!\s*\w+|[^{]*\b(?:Match|Compare\w*|Equal\w*|Check\w*|Verify\w*|Valid\w*)\s*\(|[^{]*!=)[^{]*\{\s*$/.test(
        l,
      ) && after.slice(i + 1, i + 4).some((n) => /^\s*return\b/.test(n)),
  );
}

/** What a Go middleware does with a guest: a 401/403 or a redirect to the login page, or an error asking for a sign-in. */
const goCallerRefused = (l: string) => SIGN_IN_REJECTS.test(l) || GO_SIGN_IN_ERROR.test(l);

/** How far restOfBlock reads at most. */
const BLOCK_LINES = 40;

/**
 * The lines of a brace-delimited block from the given 1-based line to where the block holding that line closes (Go:
 * the `if` and what follows it in the same function literal), strings left out of the count; at most BLOCK_LINES.
 */
function restOfBlock(lines: readonly string[], line: number): string[] {
  const out: string[] = [];
  let depth = 0;
  for (let i = line - 1; i < Math.min(lines.length, line - 1 + BLOCK_LINES); i++) {
    const l = lines[i]!;
    out.push(l);
    for (const c of l.replace(/"(?:\\.|[^"\\\n])*"|`[^`\n]*`|'(?:\\.|[^'\\\n])*'/g, '')) {
      if (c === '{') depth++;
      else if (c === '}' && --depth < 0) return out;
    }
  }
  return out;
}

/** A rejection in the lines after the hit; comments are blanked, so a commented-out `//return ErrNotLoggedIn` is none. */
function nearReject(facts: Facts, h: SourceHit, reject = REJECTS, window = 4): boolean {
  const lines = facts.code.lines(h.path);
  return lines.slice(h.line - 1, h.line + window).some((l) => reject.test(l));
}

/** How many functions up from the check usersOf follows callers that are not applied themselves. */
const CALLER_HOPS = 3;

/** The evidence of a caller further up, after the hop that led to it. */
function through(hop: AuthnSite, up: AuthnCode): AuthnCode {
  return appliedCode([hop, ...up.evidence], { how: up.how, ...(up.confidence ? { confidence: up.confidence } : {}) });
}

/**
 * A Python dispatch table holding the function (`AUTH_PROVIDERS = {"IAP": iap_authorize, …}`) and the function of the
 * same file that picks from it (`AUTH_PROVIDERS.get(settings.ADMIN_AUTH_PROVIDER)` in authorize_request): that
 * function calls whichever implementation the table names.
 */
function tableReader(
  repo: RepoIndex,
  facts: Facts,
  name: string,
  path: string,
): { name: string; def: { path: string; line: number }; table: string; line: number } | undefined {
  if (repo.get(path)?.language !== 'python') return undefined;
  const lines = repo.lines(path);
  const entry = new RegExp(`:\\s*${escapeRegExp(name)}\\s*(?:,|\\}|$)`);
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\w+)\s*(?::[^=\n]*)?=\s*\{/.exec(lines[i]!);
    if (!open) continue;
    let end = i;
    while (end < lines.length && !/^\}/.test(lines[end]!) && !(end > i && /^\S/.test(lines[end]!))) end++;
    if (!lines.slice(i, end + 1).some((l) => entry.test(l))) continue;
    const table = open[1]!;
    const use = new RegExp(`\\b${escapeRegExp(table)}(?:\\.get\\s*\\(|\\[)`);
    const at = lines.findIndex((l, k) => (k < i || k > end) && use.test(l));
    const enc = at >= 0 ? enclosing(facts, path, at + 1) : undefined;
    if (enc) return { name: enc.name, def: { path, line: enc.line }, table, line: at + 1 };
  }
  return undefined;
}

/** A function called from a handler/dependency that is itself applied (get_current_user → Depends(get_current_user)). */
function usersOf(
  repo: RepoIndex,
  facts: Facts,
  name: string,
  def: { path: string; line: number },
  hops = 0,
): AuthnCode | undefined {
  const up = reachesRequests(facts, name, def);
  if (up)
    return appliedCode([site(def.path, def.line, `${name} checks the caller`), site(up.path, up.line, up.how)], {
      how: up.how,
    });
  const reader = hops < CALLER_HOPS ? tableReader(repo, facts, name, def.path) : undefined;
  const picked = reader && usersOf(repo, facts, reader.name, reader.def, hops + 1);
  if (reader && picked)
    return through(site(def.path, reader.line, `${name} picked from ${reader.table} by ${reader.name}`), picked);
  const call = calledAt(facts, name, def) ?? depArg(repo, name);
  if (!call) return undefined;
  const enc = enclosing(facts, call.path, call.line);
  if (enc?.decorated)
    return appliedCode([site(call.path, call.line, `${name} called in a route handler (@${enc.decorated})`)], {
      how: `${name} called by route ${enc.name}`,
    });
  // A route module of a file-routed framework or a platform function: the call is in the handler of that route. So is
  // a call inside a handler written at its registration (`app.post('/hooks', (req, res) => { if (!verify(…)) … })`).
  const route = facts.service.routes.find(
    (r) => r.reached && r.file === call.path && (FILE_ROUTED.has(r.framework) || inRouteBody(facts, r, call.line)),
  );
  if (route)
    return appliedCode(
      [
        site(def.path, def.line, `${name} checks the caller`),
        site(call.path, call.line, `${name} called by the handler of ${route.method} ${route.fullPath}`),
      ],
      { how: `${name} called by the ${route.framework} route handlers` },
    );
  const loaded = loadedMiddleware(repo, facts, call.path, enc?.name);
  if (loaded)
    return appliedCode(
      [
        site(def.path, def.line, `${name} checks the caller`),
        site(call.path, call.line, `${name} called in ${loaded}`),
      ],
      { how: `${name} called in ${loaded}` },
    );
  if (!enc || enc.name === name) return undefined;
  const at = appliedAt(facts, enc.name, { path: call.path, line: enc.line });
  if (at)
    return appliedCode(
      [
        site(call.path, call.line, `${name} used by ${enc.name}`),
        site(at.path, at.line, `${enc.name} applied (${at.how})`),
      ],
      { how: `${enc.name} applied as ${at.how}` },
    );
  // The caller is itself called by something applied (`validate_assertion` ← `iap_authorize` ← the provider table of
  // `authorize_request` ← a before_request hook).
  const caller = hops < CALLER_HOPS && usersOf(repo, facts, enc.name, { path: call.path, line: enc.line }, hops + 1);
  return caller ? through(site(call.path, call.line, `${name} used by ${enc.name}`), caller) : undefined;
}

/**
 * JS/TS: where a class method is called on an object (`this.verifyWrapped(token)`, `this.service.verify(token)`,
 * `await useCase.validateToken(…)`) up to requests: a call in a route's hook or handler written in place, or in a
 * route handler; a call in another method is followed through that method's calls (CALLER_HOPS methods up).
 */
function methodCallers(
  repo: RepoIndex,
  facts: Facts,
  cls: string,
  name: string,
  def: { path: string; line: number },
  hops = 0,
  seen = new Set<string>(),
): AuthnCode | undefined {
  const key = `${def.path}:${name}`;
  if (seen.has(key)) return undefined;
  seen.add(key);
  // A method is called on an object (`this.service.verify(`), not through an import of its module. Outside the class's
  // own file the receiver must be the class's (receiverOfClass): `jwt.verify(token…)` calls no `verify` of ours.
  const calls = findHits(facts, [
    { re: new RegExp(`\\.${escapeRegExp(name)}\\s*\\(`), label: name, langs: ['javascript', 'typescript'] },
  ]).filter(
    (c) =>
      c.live &&
      !(c.path === def.path && c.line === def.line) &&
      (CALLER.test(c.text) || (c.path === def.path && c.text.includes(`this.${name}`))) &&
      (c.path === def.path || receiverOfClass(repo, c.path, c.text, name, cls, def.path)),
  );
  // Only calls of the class's own method (`this.openToken(…)`) and calls that hand on the caller's credential
  // (`(token)`, `(req.headers.authorization)`) or name it: a method named `get` or `handle` is called everywhere.
  for (const call of calls) {
    const enc = enclosing(facts, call.path, call.line);
    const checks = site(def.path, def.line, `${name} checks the caller`);
    const inline = inlineRegistrationAround(facts, call.path, call.line, enc?.line ?? 0);
    if (inline)
      return appliedCode([checks, site(call.path, call.line, `${name} called in ${inline.how}`)], {
        how: `${name} called in ${inline.how}`,
      });
    const route = facts.service.routes.find(
      (r) => r.reached && r.file === call.path && (FILE_ROUTED.has(r.framework) || inRouteBody(facts, r, call.line)),
    );
    if (route)
      return appliedCode(
        [checks, site(call.path, call.line, `${name} called by the handler of ${route.method} ${route.fullPath}`)],
        { how: `${name} called by the ${route.framework} route handlers` },
      );
    const caller = enc && hops < CALLER_HOPS ? enclosingJsMethod(repo, call.path, call.line, enc) : undefined;
    const up = caller
      ? methodCallers(repo, facts, enc!.name, caller.name, { path: call.path, line: caller.line }, hops + 1, seen)
      : undefined;
    if (up) return through(site(call.path, call.line, `${name} called by ${caller!.name}`), up);
  }
  return undefined;
}

/**
 * JS/TS: the receiver of a `.name(` call on `text` (a line of `path`) is an object of class `cls` (defined in
 * `defPath`): the receiver (`auth` in `this.auth.verify(`) is bound to `new Cls(…)` or typed `: Cls` (a field, a
 * constructor parameter injected by NestJS), or the file imports the class's module (a default-exported instance).
 */
export function receiverOfClass(
  repo: RepoIndex,
  path: string,
  text: string,
  name: string,
  cls: string,
  defPath: string,
): boolean {
  const file = repo.read(path) ?? '';
  const c = escapeRegExp(cls);
  const receiver = new RegExp(`([\\w$]+)\\s*\\??\\.\\s*${escapeRegExp(name)}\\s*\\(`).exec(text)?.[1];
  if (receiver && receiver !== 'this') {
    const r = escapeRegExp(receiver);
    if (
      new RegExp(`\\b${r}\\s*\\??\\s*:\\s*(?:Readonly<\\s*)?${c}\\b|\\b${r}\\s*=\\s*(?:await\\s+)?new\\s+${c}\\b`).test(
        file,
      )
    )
      return true;
  }
  const stem = defPath.replace(/\.[^./]+$/, '');
  const dir = path.split('/').slice(0, -1);
  for (const m of file.matchAll(/(?:\bfrom\s*|\brequire\(\s*|\bimport\(\s*)["']([^"'\n]+)["']/g)) {
    const spec = m[1]!.replace(/\.(?:[cm]?[jt]sx?)$/, '');
    // A path alias (`@/services/auth`, `~/lib/guard`): the rest of the specifier ends the module's path.
    const alias = /^[@~#][\w-]*\/(.+)$/.exec(spec)?.[1];
    if (alias && (stem.endsWith(`/${alias}`) || stem.endsWith(`/${alias}/index`))) return true;
    if (!spec.startsWith('.')) continue;
    const parts = [...dir];
    for (const seg of spec.split('/')) {
      if (seg === '..') parts.pop();
      else if (seg !== '.' && seg) parts.push(seg);
    }
    const target = parts.join('/');
    if (target === stem || `${target}/index` === stem) return true;
  }
  return false;
}

/** Whether a line lies in the handler body written at a route's registration. */
function inRouteBody(facts: Facts, r: ServiceRoute, line: number): boolean {
  const body = routeBody(facts, r);
  return body.file === r.file && line >= r.line && line < body.line + body.text.split('\n').length;
}

/**
 * A line back at (or left of) the `def`'s indentation ends its body; the `) -> T:` closing a signature written over
 * several lines is still the definition.
 */
function endsPythonDef(line: string, defIndent: number): boolean {
  return !!line.trim() && indentOf(line) <= defIndent && !/^\s*\)/.test(line);
}

/**
 * A Python function (from its `def` line) that returns the function it defines inside (a decorator's wrapper), or
 * registers it as the view of a rule (`blueprint.add_url_rule(url_rule, view_func=wrapper)` in a route decorator).
 */
function returnsNested(repo: RepoIndex, path: string, defLine: number, inner: string): boolean {
  const lines = repo.lines(path);
  const indent = indentOf(lines[defLine - 1] ?? '');
  const ret = new RegExp(`^\\s+return\\s+${inner}\\s*$|\\.add_url_rule\\([^\\n]*\\bview_func\\s*=\\s*${inner}\\b`);
  for (let i = defLine; i < lines.length; i++) {
    const l = lines[i]!;
    if (endsPythonDef(l, indent)) break;
    if (ret.test(l)) return true;
  }
  return false;
}

/**
 * Whether the JS/TS function opened on `defLine` returns the function it defines under `inner` (`return inner;`), before
 * the line that closes it (a `}` at its own indentation).
 */
function returnsNestedJs(repo: RepoIndex, path: string, defLine: number, inner: string): boolean {
  const lines = repo.lines(path);
  const indent = indentOf(lines[defLine - 1] ?? '');
  const ret = new RegExp(`^\\s+return\\s+${inner.replace(/\$/g, '\\$')}\\s*;?\\s*$`);
  for (let i = defLine; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^\s*\}/.test(l) && indentOf(l) <= indent) break;
    if (ret.test(l)) return true;
  }
  return false;
}

/** Frameworks whose route is a module (one file, one route): a call in its handler applies to that route. */
const FILE_ROUTED = new Set([
  'vercel-functions',
  'netlify-functions',
  'aws-lambda',
  'sveltekit',
  'astro',
  'fresh',
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
function loadedMiddleware(repo: RepoIndex, facts: Facts, file: string, fn: string | undefined): string | undefined {
  const mw = facts.service.middleware.filter((m) => m.reached && m.file === file);
  const nitro = mw.find((m) => m.text.startsWith('server/middleware/'));
  if (nitro) return nitro.text;
  const handle = mw.find((m) => /^handle\w*$/.test(m.name));
  if (!handle) return undefined;
  if (!fn || fn === handle.name) return `the ${handle.name} hook`;
  // `sequence(csrf(['/api/v1']), auth, …)`: the handles before it may be calls themselves.
  const composed = new RegExp(`\\bhandle\\w*\\s*=\\s*sequence\\((?:[^()]|\\([^()]*\\))*?\\b${fn}\\b`).test(
    repo.read(file) ?? '',
  );
  return composed ? `the handle hook (${fn}, composed with sequence)` : undefined;
}

/** Default-argument use: `def get_current_user(token: str = Depends(oauth2_scheme))` names the scheme inside Depends. */
function depArg(repo: RepoIndex, name: string): { path: string; line: number } | undefined {
  const re = new RegExp(`\\b(?:Depends|Security)\\(\\s*${name}\\b`);
  const hit = repo.grepFirst(re, { kinds: ['source'] });
  return hit ? { path: hit.path, line: hit.line } : undefined;
}

/** A Laravel middleware's signed-in check: `auth()->guard($g)->check()`, `Auth::guest()`, `$this->auth->guard()->guest()`. */
const PHP_SIGNED_IN =
  /(?:\bauth\s*\([^)]*\)|\bAuth::|\$this\s*->\s*auth)\s*(?:->\s*|::)?(?:guard\s*\([^)]*\)\s*->\s*)?(?:check|guest|loggedIn)\s*\(\s*\)|!\s*\$request\s*->\s*user\s*\(\s*\)|(?:\bAuth::|\bauth\s*\(\s*\)\s*->\s*|\$request\s*->\s*)user\s*\(\s*\)\s*[!=]==?\s*null\b/;
/** A PSR-7 middleware asking for the signed-in state of an object, or for the caller's Authorization header. */
const PHP_CALLER_CHECK =
  /(?:!\s*|\btrue\s*!==?\s*|\bfalse\s*===?\s*)(?:[\w\\]+::|\$\w+(?:->\w+)*->)(?:isLogged\w*|isAuthenticated|isSignedIn|loggedIn)\s*\(\s*\)|!\s*\$request\s*->\s*hasHeader\s*\(\s*['"]Authorization['"]/i;
/**
 * A middleware that throws the application's own "not signed in" exception (`throw NotLoggedInException::create($r)`,
 * `throw new UnauthenticatedException()`): it turns away callers who are not signed in, whatever it asked before
 * (`try { $request->getUser(); } catch (Exception) { throw NotLoggedInException::create($request); }`).
 */
const PHP_THROWS_NOT_SIGNED_IN = new RegExp(PHP_NOT_SIGNED_IN_EXCEPTION);
/** What the middleware does to a caller who is not signed in: a redirect to the sign-in page, 401/403, an exception. */
const PHP_TURNS_AWAY =
  /\b(?:with)?[Rr]edirect\w*\s*\(|Authori[sz]ationException|->\s*route\s*\(\s*['"][^'"]*(?:login|session|sign)|\b40[13]\b|AuthenticationException|Unauthori[sz]ed|unauthenticated\s*\(|\bUnauthenticated\w*Exception\b/;
/** A check that is true for a signed-in caller: `->check()` or `user() !== null`, not negated. */
const PHP_SIGNED_IN_TRUE =
  /(?<!!\s*)(?:\bauth\s*\([^)]*\)|\bAuth::|\$this\s*->\s*auth)\s*(?:->\s*|::)?(?:guard\s*\([^)]*\)\s*->\s*)?(?:check|loggedIn)\s*\(\s*\)(?!\s*===?\s*false)|\buser\s*\(\s*\)\s*!==?\s*null\b/;

/**
 * Whether the signed-in check on line `at` turns away callers who are NOT signed in. A check that is true for a
 * signed-in caller and turns the caller away before letting anyone through (`if (Auth::guard($g)->check()) return
 * redirect('/home');`, Laravel's RedirectIfAuthenticated behind the `guest` alias) sends members away from the sign-in
 * pages: it requires no sign-in.
 */
function phpTurnsAwayGuests(lines: readonly string[], at: number): boolean {
  const window = lines.slice(at, at + 8).join('\n');
  const away = PHP_TURNS_AWAY.exec(window);
  const line = lines[at]!;
  const negated = !PHP_SIGNED_IN_TRUE.test(line) || PHP_CALLER_CHECK.test(line);
  if (away && negated) return true;
  // The members' path comes first (`if (Auth::check()) { return $next($request); } return redirect('/login');`).
  if (away && /\$next\s*\(/.test(window.slice(0, away.index))) return true;
  return !negated && membersBranchThenAway(lines, at);
}

/** A branch that lets a signed-in caller through: `$next($request)`, `return true`, or a flag set to true. */
const PHP_LETS_THROUGH = /\$next\s*\(|\breturn\s+true\b|\$\w+\s*=\s*true\b/;

/**
 * The signed-in check's block lets the caller through and the method turns away whoever is left after it
 * (`foreach ($guards as $g) { if ($this->auth->guard($g)->check()) { $ok = true; break; } } … return new Response(…, 401);`),
 * even when the block first sends members elsewhere (a second-factor page) or the refusal comes many lines later.
 */
function membersBranchThenAway(lines: readonly string[], at: number): boolean {
  const rest = lines
    .slice(at, at + 80)
    .filter((l) => !isCommentLine(l))
    .join('\n');
  const open = rest.indexOf('{');
  // The check's own block, not one of a later statement.
  const block = open < 0 || rest.slice(0, open).includes(';') ? undefined : bracketBody(rest, open, 4000);
  if (block === undefined || !PHP_LETS_THROUGH.test(block)) return false;
  const after = rest.slice(open + block.length + 2);
  const end = after.search(/\bfunction\s+\w+\s*\(/);
  return PHP_TURNS_AWAY.test(end < 0 ? after : after.slice(0, end));
}

/** CodeIgniter Shield's filter aliases, with the class each names (registered by Shield's own Config\\Registrar). */
const SHIELD_FILTERS: [string, string][] = [
  ['session', 'SessionAuth'],
  ['tokens', 'TokenAuth'],
  ['hmac', 'HmacAuth'],
  ['jwt', 'JWTAuth'],
  ['chain', 'ChainAuth'],
  ['group', 'GroupFilter'],
  ['permission', 'PermissionFilter'],
];
/** An Elixir function plug that reads the caller's credentials: the Authorization header, a token, the session's user. */
const EX_CREDENTIALS =
  /\bconn\.assigns(?:\[:|\.)(?:current_)?(?:user|account|member|session)\b|get_req_header\s*\(\s*conn\s*,\s*"(?:authorization|x-api-key|x-auth-token)"|"Bearer "|\bJoken\b|\bJwt\.\w+\s*\(|\bPhoenix\.Token\.verify\b|\bGuardian\.\w+|get_session\s*\(\s*conn\s*,\s*:?"?(?:user|current_user|user_id|user_token)/;
/** …and turns the caller away: 401/403 (or :unauthorized/:forbidden) and a halt, or a redirect to the sign-in page. */
const EX_TURNS_AWAY =
  /\b(?:send_)?resp\s*\(\s*(?:conn\s*,\s*)?(?:40[13]|:unauthorized|:forbidden)|put_status\s*\(\s*(?:conn\s*,\s*)?(?:40[13]|:unauthorized|:forbidden)|redirect\s*\([^)]*(?:login|sign_?in|log_in|session|auth)/;

/**
 * …unless it lets guests in as guests (`assign(:current_user, User.build_guest())`, `assign_guest(conn)`): then what it
 * turns away is a banned account or a stale session, and a guest goes on.
 */
const EX_ADMITS_GUESTS =
  /\bassign\s*\(\s*(?:conn\s*,\s*)?:(?:current_)?(?:user|account|member)\s*,[^)\n]*\b(?:guest|anonymous)|\b(?:assign|build|put)_(?:guest|anonymous)\w*/i;

/**
 * Route middleware the project defines itself that authenticates, by the name routes list it under. Laravel: aliases
 * registered with `aliasMiddleware('name', Class::class)` in a provider or `'name' => Class::class` in
 * app/Http/Kernel.php / bootstrap/app.php, whose class (found by its namespace) checks the signed-in state and turns
 * the caller away. Phoenix: `plug :name` in a router whose `defp name(conn, …)` reads the caller's credentials and
 * answers 401/403 (or redirects to sign-in).
 */
function ownRouteAuth(repo: RepoIndex, facts: Facts): { name: string; site: AuthnSite }[] {
  const out: { name: string; site: AuthnSite }[] = [];
  const code = facts.code;
  const php = repo.select({ languages: ['php'], kinds: ['source'] });
  if (php.length) {
    const aliases = new Map<string, { cls: string; path: string; line: number }>();
    for (const f of php) {
      const text = code.text(f.path) ?? '';
      // The HTTP kernel's alias table, wherever the application keeps its kernel class.
      // CodeIgniter 4's filter aliases (Config/Filters.php: `'permission' => PermissionFilter::class`, or
      // `$this->aliases['permission'] = PermissionFilter::class;` in its constructor) are its route middleware names.
      const isTable =
        /(^|\/)(?:app\/Http\/Kernel\.php|bootstrap\/app\.php|Config\/Filters\.php)$/.test(f.path) ||
        (f.path.endsWith('Kernel.php') && extendsHttpKernel(text));
      if (!isTable && !/\baliasMiddleware\s*\(/.test(text)) continue;
      const uses = new Map<string, string>();
      for (const u of text.matchAll(/^\s*use\s+\\?([\w\\]+?)(?:\s+as\s+(\w+))?\s*;/gm))
        uses.set(u[2] ?? u[1]!.split('\\').pop()!, u[1]!);
      const re = isTable
        ? /['"]([\w.-]+)['"]\s*(?:\]\s*)?=>?\s*\\?([\w\\]+)::class|\baliasMiddleware\s*\(\s*['"]([\w.-]+)['"]\s*,\s*\\?([\w\\]+)::class/g
        : /\baliasMiddleware\s*\(\s*['"]([\w.-]+)['"]\s*,\s*\\?([\w\\]+)::class/g;
      for (const m of text.matchAll(re)) {
        const name = m[1] ?? m[3]!;
        const written = m[2] ?? m[4]!;
        const cls = written.includes('\\') ? written : (uses.get(written) ?? written);
        if (!aliases.has(name))
          aliases.set(name, { cls, path: f.path, line: text.slice(0, m.index).split('\n').length });
      }
      // The kernel's global and group lists name classes without an alias: each under its short name.
      if (isTable)
        for (const m of text.matchAll(/(?<![\w\\])\\?([A-Z][\w\\]*)::class/g)) {
          const cls = m[1]!.includes('\\') ? m[1]! : (uses.get(m[1]!) ?? m[1]!);
          const name = cls.split('\\').pop()!;
          if (!aliases.has(name))
            aliases.set(name, { cls, path: f.path, line: text.slice(0, m.index).split('\n').length });
        }
    }
    for (const [name, a] of aliases) {
      const parts = a.cls.split('\\');
      const short = parts.pop()!;
      const ns = parts.join('\\');
      const file = php.find((f) => {
        if (!f.path.endsWith(`/${short}.php`) && f.path !== `${short}.php`) return false;
        const t = code.text(f.path) ?? '';
        return (
          new RegExp(`\\bclass\\s+${escapeRegExp(short)}\\b`).test(t) &&
          (!ns || new RegExp(`^\\s*namespace\\s+${escapeRegExp(ns)}\\s*;`, 'm').test(t))
        );
      });
      if (!file) continue;
      const lines = code.lines(file.path);
      const at = lines.findIndex(
        (l, i) => PHP_SIGNED_IN.test(l) && !/^\s*(?:\/\/|#|\*)/.test(l) && phpTurnsAwayGuests(lines, i),
      );
      if (at < 0) continue;
      const what = name === short ? `middleware ${short}` : `route middleware '${name}' (${short})`;
      out.push({ name, site: site(file.path, at + 1, `${what} turns away callers who are not signed in`) });
    }
  }
  // CodeIgniter Shield registers its filters under these aliases; each turns away callers who are not signed in
  // (session, tokens, hmac, jwt, chain authenticate; group and permission redirect to the login first).
  const shield = facts.deps.declared(['php', 'codeigniter4/shield']);
  if (shield)
    for (const [name, cls] of SHIELD_FILTERS)
      if (!out.some((o) => o.name === name))
        out.push({
          name,
          site: site(
            shield.manifest,
            shield.line ?? 1,
            `CodeIgniter Shield's '${name}' filter (${cls}) turns away callers who are not signed in`,
          ),
        });
  // Slim and Mezzio name route middleware by class (`->add('\\App\\AdminMiddleware')`, `AdminMiddleware::class`):
  // a middleware class of the project's own (`__invoke` / `process`) that asks for the signed-in state or the
  // caller's Authorization header and turns the caller away counts under its class name.
  for (const f of php) {
    const text = code.text(f.path) ?? '';
    const cls = /^\s*(?:final\s+|abstract\s+)?class\s+(\w+)/m.exec(text)?.[1];
    if (!cls || out.some((o) => o.name === cls) || !/\bfunction\s+(?:__invoke|process)\s*\(/.test(text)) continue;
    const lines = text.split(/\r?\n/);
    const at = lines.findIndex(
      (l, i) =>
        !/^\s*(?:\/\/|#|\*)/.test(l) &&
        (((PHP_SIGNED_IN.test(l) || PHP_CALLER_CHECK.test(l)) && phpTurnsAwayGuests(lines, i)) ||
          PHP_THROWS_NOT_SIGNED_IN.test(l)),
    );
    if (at >= 0)
      out.push({
        name: cls,
        site: site(f.path, at + 1, `middleware ${cls} turns away callers who are not signed in`),
      });
  }
  // Elixir: a function plug (`plug :name` beside its `defp name(conn, _)`) counts under `:name`, a module plug of the
  // project's own (`plug MeadowWeb.Plugs.RequireLogin` in a pipeline) under its module name, when its code reads the
  // caller's credentials and turns the caller away.
  for (const f of repo.select({ languages: ['elixir'], kinds: ['source'] })) {
    const text = code.text(f.path) ?? '';
    const lines = code.lines(f.path).map((l) => l.replace(/#.*$/, ''));
    const fnPlugs =
      /^\s*plug\s*\(?\s*:\w+/m.test(text) && /\bdefp?\s+\w+\s*\(\s*(?:%[\w.{}\s:=>"]*=\s*)?conn\b/.test(text);
    for (const name of fnPlugs ? new Set([...text.matchAll(/^\s*plug\s*\(?\s*:(\w+)/gm)].map((m) => m[1]!)) : []) {
      if (out.some((o) => o.name === `:${name}`)) continue;
      const heads = lines.flatMap((l, i) => (new RegExp(`^\\s*defp?\\s+${name}\\s*\\(`).test(l) ? [i] : []));
      for (const h of heads) {
        // The clause body: up to the next definition at the same or an outer level.
        const body: string[] = [];
        for (let j = h; j < Math.min(lines.length, h + 40); j++) {
          if (j > h && /^\s*(?:defp?|defmodule)\s/.test(lines[j]!)) break;
          body.push(lines[j]!);
        }
        if (body.some((l) => EX_CREDENTIALS.test(l)) && body.some((l) => EX_TURNS_AWAY.test(l))) {
          out.push({
            name: `:${name}`,
            site: site(f.path, h + 1, `function plug :${name} checks the caller's credentials and halts with 401/403`),
          });
          break;
        }
      }
    }
    const mod = /^\s*defmodule\s+([\w.]+)\s+do\b/m.exec(text)?.[1];
    if (!mod || out.some((o) => o.name === mod)) continue;
    const call = lines.findIndex((l) => /^\s*def\s+call\s*\(\s*(?:%[\w.{}\s:=>"]*=\s*)?conn\b/.test(l));
    if (
      call >= 0 &&
      lines.some((l) => EX_CREDENTIALS.test(l)) &&
      lines.some((l) => EX_TURNS_AWAY.test(l)) &&
      !lines.some((l) => EX_ADMITS_GUESTS.test(l))
    )
      out.push({
        name: mod,
        site: site(f.path, call + 1, `plug ${mod} checks the caller's credentials and halts with 401/403`),
      });
  }
  return out;
}

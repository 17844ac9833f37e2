import { DOTNET_LANGUAGES } from '../repo/classify.js';
import path from 'node:path';
// The error handling requests reach: a global handler (framework hook, error middleware, error types that render
// themselves, per-handler try/catch where the platform has no hook), Next.js route handlers that catch their own
// errors, panic recovery that only keeps the process alive, and handlers written but never wired. The error-handling
// check is a policy over this.
import type { GrepMatch, RepoIndex } from '../repo/index.js';
import { escapeRegExp } from '../repo/text.js';
import type { Facts } from './index.js';
import { grepConfig, grepReached, grepUnreached, reachedHolding } from './live-code.js';
import { appliedAt } from './wiring.js';

/** A place in the repository and what it shows. */
export interface ErrorHandlingSite {
  path: string;
  line: number;
  note: string;
}

export interface ErrorHandlingFacts {
  /**
   * The global error handler requests reach, the first found in order of strength: a framework handler (a handler
   * registered only for client errors is low confidence), Twirp error codes, a tRPC adapter onError, try/catch in every
   * function handler doing I/O, a registered named Express error middleware, NestJS controller filters, Koa/Astro
   * middleware catching around next().
   */
  handler?: { label: string; confidence: 'high' | 'low'; evidence: ErrorHandlingSite[] };
  /**
   * Next.js (no global hook for route handlers): the reached route handler files doing I/O, those that catch and
   * answer 5xx, the first 5xx status line, and the page error boundary (app/error or app/global-error).
   * Looked at only when no global handler is found.
   */
  nextjs?: {
    io: string[];
    caught: string[];
    status?: { path: string; line: number };
    errorBoundary?: string;
  };
  /**
   * No global hook, but the handlers answer errors through a helper that writes the status and a JSON body (Go
   * net/http, gin, echo, fiber): the helper, how many error paths call it and how many answer plain text instead.
   * Looked at only when no global handler is found.
   */
  helper?: { name: string; path: string; line: number; calls: ErrorHandlingSite[]; callCount: number; plain: number };
  /** Panic recovery that keeps the process alive without shaping responses (when no global handler is found). */
  recovery?: ErrorHandlingSite & { call: string };
  /** An error handler in a module no entrypoint reaches (when no global handler is found). */
  unwired?: ErrorHandlingSite;
}

/** Blank space between parameters, line comments included (the match is tested on the text as written). */
const WS = String.raw`(?:\s|\/\/[^\n]*\n)*`;
/**
 * An Express handler parameter's type annotation (`: Error`, `: { status?: number }`, `: express.Request`), its type
 * arguments listed with commas and one level of nesting (`: Request<{}, ErrorBody, undefined>`).
 */
const PARAM_TYPE = String.raw`(?:\s*:\s*(?:\{[^{}]*\}|(?:[\w.$\[\]|& ]|<(?:[^<>()]|<[^<>()]*>)*>)+))?`;
/** One parameter of an Express middleware: a name, with an optional type (`Request`, `{ status: number }`). */
const EXPRESS_PARAM = String.raw`[\w$]+${PARAM_TYPE}`;
const HONO_ON_ERROR = 'Hono/Elysia onError handler';
/**
 * Browser routers have an `onError` hook too (vue-router's `router.onError`, navigation failures): a module that imports
 * a browser UI framework or router is front-end code, not a server's error handler.
 */
const BROWSER_UI_IMPORT =
  /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["'](?:vue|vue-router|react|react-dom|react-router(?:-dom)?|@tanstack\/react-router|@angular\/(?:core|router)|svelte|solid-js|preact|@reach\/router)["']/;
function browserOnError(repo: RepoIndex, label: string, p: string): boolean {
  return label === HONO_ON_ERROR && BROWSER_UI_IMPORT.test(repo.read(p) ?? '');
}
/**
 * An `.onError(…)` hook is a server's error handler only in a service that runs Hono or Elysia: elsewhere it is some
 * other object's event (an agent framework's, a job runner's, a socket's) on an Express or Fastify server.
 */
function foreignOnError(repo: RepoIndex, facts: Facts, label: string, p: string): boolean {
  if (label !== HONO_ON_ERROR) return false;
  return browserOnError(repo, label, p) || !(facts.frameworks.has('hono') || facts.frameworks.has('elysia'));
}
const HANDLE_ERROR_HOOK = 'handleError hook (SvelteKit hooks.server / React Router and Remix entry.server)';
const PHP_EXCEPTION_HANDLER = 'PHP set_exception_handler';
/** Global error handlers per stack: [pattern, label, languages, confidence]. */
const HANDLERS: [RegExp, string, string[], 'high' | 'low'][] = [
  [
    /@\w+\.exception_handler\(|\b\w+\.exception_handler\([\w.]+\)\s*\(\s*\w|\.add_exception_handler\(|\bexception_handlers\s*=\s*\{/,
    'FastAPI/Starlette exception handler',
    ['python'],
    'high',
  ],
  [/@\w+\.(app_)?errorhandler\(|\.register_error_handler\(/, 'Flask/Quart error handler', ['python'], 'high'],
  [
    // Sanic: `@app.exception(Exception)` (on the app or a blueprint), `app.error_handler.add(Exception, fn)`, or an
    // ErrorHandler subclass set as the app's (`app.error_handler = Handler()`, `Sanic(…, error_handler=Handler())`).
    /@\w+\.exception\(|\.error_handler\.add\(|\.error_handler\s*=\s*\w|\bSanic\([^)\n]*\berror_handler\s*=\s*\w/,
    'Sanic exception handler',
    ['python'],
    'high',
  ],
  [
    // Pyramid: an exception view for every exception (`@view_config(context=Exception)`, `@exception_view_config(…)`,
    // `config.add_exception_view(…)`).
    /@(?:view_config|exception_view_config)\([^)\n]*\bcontext\s*=\s*(?:[\w.]*\.)?(?:Exception|BaseException|HTTPServerError|HTTPInternalServerError)\b|@exception_view_config\(\s*(?:[\w.]*\.)?(?:Exception|BaseException)\b|\.add_exception_view\([^)\n]*\b(?:Exception|BaseException)\b/,
    'Pyramid exception view',
    ['python'],
    'high',
  ],
  [
    /^\s*handler500\s*=|["']EXCEPTION_HANDLER["']\s*:|def\s+process_exception\s*\(/,
    'Django error handler',
    ['python'],
    'high',
  ],
  [
    // Express treats any four-parameter function as error middleware, whatever the names; parameters may carry
    // type annotations (object types too) and sit on lines of their own.
    new RegExp(
      String.raw`\.use\(\s*(?:async\s*)?(?:function\s*\w*\s*)?\(${WS}${EXPRESS_PARAM}${WS},${WS}${EXPRESS_PARAM}${WS},${WS}${EXPRESS_PARAM}${WS},${WS}${EXPRESS_PARAM}${WS},?${WS}\)\s*(?::\s*[\w<>]+\s*)?(?:=>|\{)`,
    ),
    'Express error middleware (err, req, res, next)',
    ['javascript', 'typescript'],
    'high',
  ],
  [/\bsetErrorHandler\(/, 'Fastify setErrorHandler', ['javascript', 'typescript'], 'high'],
  [
    /\.useGlobalFilters\(|provide\s*:\s*APP_FILTER\b/,
    'NestJS global exception filter',
    ['typescript', 'javascript'],
    'high',
  ],
  [
    // AdonisJS: start/kernel.ts registers the app's exception handler (`server.errorHandler(() => import(
    // '#exceptions/handler'))`), a class extending the framework's ExceptionHandler (v5 HttpExceptionHandler).
    /\bserver\.errorHandler\s*\(|\bextends\s+(?:Http)?ExceptionHandler\b/,
    'AdonisJS exception handler',
    ['typescript', 'javascript'],
    'high',
  ],
  [/\.ext\(\s*["']onPreResponse["']/, 'hapi onPreResponse extension', ['javascript', 'typescript'], 'high'],
  [/\bapp\.on\(\s*["']error["']/, 'Koa app error listener', ['javascript', 'typescript'], 'low'],
  [
    // grpc-gateway's runtime.WithErrorHandler shapes the HTTP answer of every gRPC error the gateway translates.
    // asynq's `ErrorHandler: asynq.ErrorHandlerFunc(…)` is a task queue's, not the HTTP answer's.
    // A router's not-found hook takes one handler (`r.NotFound(h)`, chi/gorilla); `http.NotFound(w, r)` and
    // `ctx.NotFound("no such user")` answer one request. Gin's collected errors are read in a middleware
    // (`c.Errors.Last()`, `len(c.Errors) > 0`); a collector's own `c.Errors = append(…)` is no handler.
    /\.HTTPErrorHandler\s*=|\bErrorHandler\s*:\s*(?!asynq\.)\w+|gin\.CustomRecovery(WithWriter)?\(|(?<!\bhttp)\.NotFound\(\s*(?:func\b|http\.HandlerFunc\(|[\w.]*(?:[Hh]andl|[Nn]otFound|404)\w*\s*\))|\bc\.Errors\.(?:Last|ByType|JSON|String|Errors)\s*\(|\blen\(\s*c\.Errors\s*\)|\bruntime\.With(?:Routing)?ErrorHandler\s*\(/,
    'Go framework error handler',
    ['go'],
    'high',
  ],
  [
    /@(Rest)?ControllerAdvice\b|@ExceptionHandler\b|\b(?:Abstract|Default)?ErrorWebExceptionHandler\b/,
    'Spring @ControllerAdvice / @ExceptionHandler / WebFlux ErrorWebExceptionHandler',
    ['java', 'kotlin'],
    'high',
  ],
  // Spring MVC's own resolver chain: an application HandlerExceptionResolver (or a SimpleMappingExceptionResolver
  // subclass) turns every exception a controller throws into the team's response or view.
  [
    /\bclass\s+\w+[^{]*?(?:\bimplements\s+(?:[\w.<>]+\s*,\s*)*|\bextends\s+|:\s*(?:[\w.<>()]+\s*,\s*)*)(?:org\.springframework\.web\.servlet\.(?:handler\.)?)?(?:HandlerExceptionResolver|SimpleMappingExceptionResolver|AbstractHandlerExceptionResolver)\b/,
    'Spring MVC HandlerExceptionResolver',
    ['java', 'kotlin'],
    'high',
  ],
  // Spring Boot sends every unhandled error to /error; a controller of the application's own takes that path over.
  [
    /\bclass\s+\w+[^{]*?(?:\bimplements\s+(?:[\w.<>]+\s*,\s*)*|:\s*(?:[\w.<>()]+\s*,\s*)*)(?:org\.springframework\.boot\.(?:web\.servlet\.error|autoconfigure\.web\.servlet\.error)\.)?(?:ErrorController|AbstractErrorController|BasicErrorController)\b/,
    'Spring Boot ErrorController (the /error endpoint every unhandled exception is sent to)',
    ['java', 'kotlin'],
    'high',
  ],
  [/^\s*rescue_from\b|config\.exceptions_app\s*=/, 'Rails rescue_from / exceptions_app', ['ruby'], 'high'],
  // axum's IntoResponse, actix-web's ResponseError and salvo's Writer implemented by the handlers' error type: every
  // `Err` a handler returns is rendered by that one function; so is an error type converted into the (status, JSON
  // body) pair axum answers with (`impl From<ApiError> for (StatusCode, Json<ApiError>)`).
  [
    /\bimpl\s+(?:axum::response::)?IntoResponse\s+for\s+\w*(?:Error|Err|Problem)\w*\b|\bimpl\s+From\s*<\s*\w*(?:Error|Err|Problem)\w*\s*>\s+for\s+\(\s*(?:\w+::)*StatusCode\s*,\s*(?:\w+::)*Json\s*<|\bimpl\s+(?:actix_web::)?(?:error::)?ResponseError\s+for\s+\w+|\bimpl\s+(?:salvo::(?:writing::)?)?Writer\s+for\s+\w*(?:Error|Err|Problem)\w*\b|#\[catch\(\s*(?:500|default)\s*\)\]|\.recover\s*\(\s*\w+\s*\)|\bHandleErrorLayer::new\s*\(|\bErrorHandlers::new\s*\(/,
    'Rust error type rendered as one response shape (IntoResponse / ResponseError / salvo Writer / catcher)',
    ['rust'],
    'high',
  ],
  // dropshot: an endpoint returns `Result<_, HttpError>` (or an error type implementing HttpResponseError), which the
  // framework renders as one JSON body (`request_id`, `error_code`, `message`) for every failing request.
  [
    /#\[\s*(?:dropshot::)?endpoint\s*\{/,
    'dropshot error type (HttpError) the framework renders as one JSON shape',
    ['rust'],
    'high',
  ],
  // Rocket: the handlers' error type implements Responder (`impl<'r> Responder<'r, 'static> for ApiError`), so every
  // `Err(e)` a handler returns is rendered by one function.
  [
    /\bimpl\s*(?:<[^>{]*>)?\s*(?:rocket::response::)?Responder\s*<[^>{]*>\s+for\s+\w*(?:Error|Err|Problem)\w*\b/,
    'Rocket error type rendered as one response shape (impl Responder)',
    ['rust'],
    'high',
  ],
  // Rocket catchers registered for client errors only (`#[catch(404)]`, `.register("/", catchers![not_found])`) shape
  // those answers; a panic or 500 still gets Rocket's default page.
  [
    /\.register\s*\([^;]{0,120}?catchers!\s*\[\s*\w|^\s*#\[catch\(\s*4\d\d\s*\)\]/m,
    'Rocket catcher set registered for client errors',
    ['rust'],
    'low',
  ],
  // An extension trait on Result/Option whose method turns any error into the service's one error response
  // (`fn or_status(self, status: StatusCode, msg: &str) -> Result<T, Response>`, called as `.or_status(…)?` in the
  // handlers): one shape, but only where a handler calls it (low).
  [
    /\bfn\s+\w+\s*\(\s*self\s*[,)][^)]*\)\s*->\s*Result\s*<\s*T\s*,\s*(?:axum::response::Response|Response|(?:actix_web::)?HttpResponse)\s*>/,
    'Rust extension trait on Result rendering every error as one response shape (`.or_status(…)?`)',
    ['rust'],
    'low',
  ],
  // Play with compile-time dependency injection: the application loader hands the server its error handler.
  [
    /\boverride\s+(?:lazy\s+)?val\s+httpErrorHandler\b/,
    'Play HttpErrorHandler of the application loader',
    ['scala'],
    'high',
  ],
  [
    /\binstall\s*\(\s*StatusPages\s*\)\s*\{[\s\S]{0,400}?\bexception\s*(?:<|\(\s*\w+::class)/,
    'Ktor StatusPages exception handler',
    ['kotlin'],
    'high',
  ],
  // The handlers written as an extension of StatusPagesConfig and handed to whatever installs the plugin (a shared
  // application shell's `statusPagesConfig = { … }`): the install is out of sight, hence low.
  [
    /\bfun\s+StatusPagesConfig\.\w+\s*\(\s*\)\s*\{[\s\S]{0,400}?\bexception\s*(?:<|\(\s*\w+::class)/,
    'Ktor StatusPages configuration with exception handlers (a StatusPagesConfig extension handed to the plugin)',
    ['kotlin'],
    'low',
  ],
  // Javalin's exception mappers (`app.exception(Exception.class, (e, ctx) -> …)`, Kotlin `exception(X::class.java) {
  // e, ctx -> … }` on the app or Javalin 7's routes config), and Spark's `exception(X.class, (e, req, res) -> …)`.
  [
    /\bexception\s*\(\s*[\w.]+(?:\.class\s*,\s*(?:\(\s*\w+\s*,\s*\w+(?:\s*,\s*\w+)?\s*\)\s*->|[\w.]+::\w+)|::class\.java\s*\)\s*\{\s*\w+\s*,\s*\w+\s*->)/,
    'Javalin exception handler (exception(Type, (e, ctx) -> …))',
    ['java', 'kotlin'],
    'high',
  ],
  [
    /\bimplements\s+ExceptionMapper\s*<|^\s*@ServerExceptionMapper\b|\bimplements\s+ExceptionHandler\s*<[^>]*HttpResponse/m,
    'JAX-RS ExceptionMapper / Quarkus @ServerExceptionMapper / Micronaut ExceptionHandler',
    ['java', 'kotlin'],
    'high',
  ],
  [
    // Giraffe (F#): `app.UseGiraffeErrorHandler(handler)` catches every unhandled exception of the pipeline and answers
    // with the handler's response.
    /\.UseGiraffeErrorHandler\s*\(/,
    'Giraffe error handler (UseGiraffeErrorHandler)',
    ['fsharp'],
    'high',
  ],
  [
    // An exception filter attribute on the controllers (`[ApiExceptionHandler]`, `[HandleExceptionFilter]`, often from a
    // package) shapes the error response of every action of the controller it decorates.
    /\.UseExceptionHandler\s*\(|\.AddExceptionHandler\s*<|:\s*IExceptionHandler\b|\.UseProblemDetails\s*\(|\bFilters\.Add\s*<\s*\w*Exception\w*|\bFilters\.Add\s*\(\s*new\s+\w*Exception\w*|\.UseStatusCodePages\s*\(|\.UseMiddleware\s*<\s*\w*(?:Exception|Error)\w*\s*>|^[ \t]*\[\s*\w*Exception(?:Handler|Filter)\w*\s*[(\]]/m,
    'ASP.NET Core exception handler (UseExceptionHandler / IExceptionHandler / exception filter)',
    DOTNET_LANGUAGES,
    'high',
  ],
  [
    // ABP's error page: its exception handler and status-code pages for browsers, beside the exception filter every ABP
    // MVC host adds for API calls (a JSON error body with a code and message).
    /\.UseErrorPage\s*\(\s*\)/,
    'global exception handler of ABP (UseErrorPage, beside its exception filter)',
    DOTNET_LANGUAGES,
    'high',
  ],
  [
    // Convey's error middleware (`app.UseErrorHandler()` in a file using Convey.WebApi, with the project's
    // IExceptionToResponseMapper registered by `.AddErrorHandler<T>()`): every exception becomes a JSON code and reason.
    /\.UseErrorHandler\s*\(\s*\)(?<=^\s*using\s+Convey\.WebApi\s*;[\s\S]*)/m,
    'global exception handler of Convey (UseErrorHandler with an exception-to-response mapper)',
    DOTNET_LANGUAGES,
    'high',
  ],
  [
    // Classic ASP.NET (System.Web): Global.asax's Application_Error sees every unhandled exception; MVC 5's global
    // HandleErrorAttribute (or a filter derived from it) renders an error view; Web API 2 takes an ExceptionHandler or
    // an ExceptionFilterAttribute.
    /\bvoid\s+Application_Error\s*\(|\bFilters\.Add\s*\(\s*new\s+\w*(?:Error|Exception)\w*Attribute\b|:\s*(?:System\.Web\.Mvc\.)?HandleErrorAttribute\b|:\s*(?:System\.Web\.Http\.Filters\.)?ExceptionFilterAttribute\b|\bServices\.Replace\s*\(\s*typeof\s*\(\s*IExceptionHandler\s*\)/,
    'ASP.NET exception handler (Application_Error / HandleErrorAttribute / Web API exception filter)',
    DOTNET_LANGUAGES,
    'high',
  ],
  [
    // Or the handler's own rendering of HTTP errors overridden (`protected function renderHttpException(…)`, the JSON
    // body `convertExceptionToArray`): methods only the framework's exception handler has.
    /\$exceptions\s*->\s*(?:render|renderable|respond|shouldRenderJsonWhen)\s*\(|\$this\s*->\s*renderable\s*\(|public\s+function\s+render\s*\(\s*\$request|\bfunction\s+(?:renderHttpException|prepareJsonResponse|convertExceptionToArray)\s*\(/,
    'Laravel exception handler (render)',
    ['php'],
    'high',
  ],
  [
    // The framework's handler contract bound to a handler package or class outside the app skeleton
    // (`$app->singleton(ExceptionHandler::class, GrahamCampbell\Exceptions\ExceptionHandler::class)`, its displayers
    // configured in config/exceptions.php); the skeleton's own `…\Exceptions\Handler` is judged by its render method above.
    /->\s*singleton\s*\(\s*\\?Illuminate\\Contracts\\Debug\\ExceptionHandler::class\s*,\s*\\?(?![\w\\]*\\Exceptions\\Handler::)[\w\\]+::class/,
    'Laravel exception handler bound in the container (a handler package or class)',
    ['php'],
    'high',
  ],
  [
    /KernelEvents::EXCEPTION|\bExceptionEvent\s+\$|kernel\.exception/,
    'Symfony kernel.exception listener',
    ['php'],
    'high',
  ],
  [
    // Slim's error middleware with the application's own default handler; Mezzio's problem-details middleware (every
    // error answered as application/problem+json) and Laminas Stratigility's ErrorHandler with a response generator.
    /->\s*setDefaultErrorHandler\s*\(|\bProblemDetailsMiddleware::class(?!\s*=>)|\$app\s*->\s*pipe\s*\(\s*ErrorHandler::class/,
    'PSR-15 error handler (Slim setDefaultErrorHandler / Mezzio ProblemDetailsMiddleware / Stratigility ErrorHandler)',
    ['php'],
    'high',
  ],
  [
    // CakePHP: the ErrorHandlerMiddleware renders every uncaught exception with the renderer the `Error` settings name;
    // the application's own (`'exceptionRenderer' => App\Error\AppExceptionRenderer::class`, or the string form) is
    // a handler of its own, the framework's WebExceptionRenderer is not.
    /['"]exceptionRenderer['"]\s*=>\s*['"]?\\?(?!Cake\\)(?!(?:Web|Console)?ExceptionRenderer\b)[A-Z][\w\\]*/,
    'CakePHP exception renderer of its own (Error.exceptionRenderer)',
    ['php'],
    'high',
  ],
  [
    // Utopia's error hook: `Http::error()->inject('error')->action(…)` (`App::error()` before 2.0) answers every
    // exception a route or hook throws.
    /^\s*(?:\\?Utopia\\(?:Http\\)?)?(?:Http|App)::error\s*\(\s*\)/,
    'Utopia error hook (Http::error)',
    ['php'],
    'high',
  ],
  [
    // A PHP application without a framework registers its own handler for every exception no code catches; what the
    // handler answers is not read.
    /\bset_exception_handler\s*\(\s*(?!null\b)/,
    PHP_EXCEPTION_HANDLER,
    ['php'],
    'low',
  ],
  [/^\s*action_fallback\b/, 'Phoenix action_fallback controller', ['elixir'], 'high'],
  [/\brender_errors:\s*\[/, 'Phoenix render_errors error views', ['elixir'], 'low'],
  [
    /(?:^|[\w$)\]]\s*)\.onError\s*\(\s*(?:async\s*)?(?:\(|function\b|[\w$]+\s*[,)=])/,
    HONO_ON_ERROR,
    ['javascript', 'typescript'],
    'high',
  ],
  [
    /^export\s+(?:const|let|(?:async\s+)?function)\s+handleError\b/,
    HANDLE_ERROR_HOOK,
    ['javascript', 'typescript'],
    'high',
  ],
  [
    // nitro.config `errorHandler: '~/error'` names a module (a Sentry tag `errorHandler: "safe-action"` does not).
    /\bdefineNitroErrorHandler\s*\(|\berrorHandler\s*:\s*["'`](?:~|\.{1,2}\/|\/|#)/,
    'Nitro error handler',
    ['javascript', 'typescript'],
    'high',
  ],
  // The runtime error hook of a Nitro plugin sees every failed request; Nitro answers with its JSON error shape.
  [/\.hooks\.hook\(\s*["']error["']/, 'Nitro runtime error hook', ['javascript', 'typescript'], 'high'],
  [/\berrorFormatter\s*[(:]/, 'tRPC errorFormatter', ['javascript', 'typescript'], 'high'],
  // next-safe-action: every server action built from the client goes through its handleServerError.
  [/\bhandleServerError\s*(?::|\()/, 'next-safe-action handleServerError', ['javascript', 'typescript'], 'high'],
  [/\.use\(\s*httpErrorHandler\s*\(/, 'middy httpErrorHandler', ['javascript', 'typescript'], 'high'],
  // ABP's MVC module (a theme or the Dapr integration depends on it too) adds its exception filter to every controller
  // and application service: a JSON error with a code for API calls. A framework default, not the service's choice.
  [
    /\btypeof\s*\(\s*AbpAspNetCoreMvc\w*Module\s*\)/,
    "filter of ABP's ASP.NET Core MVC module (exceptions of every controller and application service)",
    DOTNET_LANGUAGES,
    'low',
  ],
];

/**
 * Whether a handler hit of `label` is the service's own: a SvelteKit-style hook only in its hook file, and no onError of
 * a browser or of another library (foreignOnError). Wired and unwired handlers are filtered alike.
 */
function handlerSiteFits(repo: RepoIndex, facts: Facts, label: string, p: string): boolean {
  return (label !== HANDLE_ERROR_HOOK || HOOK_FILE.test(p)) && !foreignOnError(repo, facts, label, p);
}

/**
 * A script the web server runs on its own (a root healthcheck.php) that no other script loads: an exception handler it
 * sets handles only its own exceptions.
 */
function standaloneScript(repo: RepoIndex, facts: Facts, file: string): boolean {
  if (!facts.service.routes.some((r) => r.file === file)) return false;
  const loads = new RegExp(
    `\\b(?:require|include)(?:_once)?\\b[^;\\n]*\\b${escapeRegExp(path.posix.basename(file))}\\b`,
  );
  return !repo.grep(loads, { languages: ['php'], kinds: ['source'], limit: 5 }).some((m) => m.path !== file);
}

/** The files a framework reads its handleError hook from; an Express helper named handleError elsewhere is not one. */
const HOOK_FILE =
  /(?:^|\/)(?:hooks(?:\.server)?|entry\.server)\.[cm]?[jt]sx?$|(?:^|\/)hooks\/server(?:\/index)?\.[jt]s$/;

/** Errors a Twirp method returns (twirp.NotFoundError, twirp.NewError(twirp.Unavailable, …), twirp.WrapError …). */
const TWIRP_ERRORS = /\btwirp\.(?:NewError|NewErrorf|WrapError|\w+Error(?:With)?)\s*\(/;
const TWIRP_LABEL = 'Twirp error codes (the generated server writes them as JSON errors with their HTTP status)';
/**
 * huma operations return their errors (`return nil, huma.Error404NotFound("no such node")`, `huma.NewError(status, msg)`)
 * and huma writes each as an RFC 9457 problem+json body with its status; an error that is no huma StatusError becomes
 * a 500 problem document. Operations registered with `huma.Register` share that contract.
 */
const HUMA_ERRORS = /\bhuma\.(?:Error[45]\d\d\w*|NewError(?:WithContext)?|WriteErr)\s*\(/;
const HUMA_LABEL = 'huma error model (operations return errors huma writes as problem+json with their status)';

/** Nest's HTTP exceptions (@nestjs/common): NotFoundException, BadRequestException, HttpException … */
const NEST_HTTP_EXCEPTION =
  /\bthrow\s+new\s+(?:Http|BadRequest|Unauthorized|Forbidden|NotFound|Conflict|Gone|PayloadTooLarge|UnprocessableEntity|InternalServerError|ServiceUnavailable|NotImplemented|BadGateway|GatewayTimeout|NotAcceptable|RequestTimeout|MethodNotAllowed|UnsupportedMediaType|PreconditionFailed)Exception\s*\(/;
const NEST_LABEL =
  'NestJS built-in exception layer (handlers throw HttpException subclasses; Nest answers every exception as JSON {statusCode, message})';

/** Route frameworks whose handlers a platform or runtime calls directly. */
const FUNCTION_HANDLERS = new Set([
  'aws-lambda',
  'netlify-functions',
  'vercel-functions',
  'cloudflare-workers',
  'deno',
  'bun',
  'node:http',
]);
/**
 * A catch block that answers with a status: `statusCode: 500`, `statusCode: error.statusCode`, `{ status: 500 }`, and
 * node:http's `res.writeHead(500)`, `res.statusCode = 500`, `const statusCode = codeOf(err) ?? 500`.
 */
const CATCH_TO_STATUS =
  /\bcatch\s*(?:\([^)]*\))?\s*\{[\s\S]{0,800}?\b(?:statusCode\s*[:=]\s*(?:[45]\d\d|[\w$.]+)|status(?:Code)?\s*[:(]\s*(?:5\d\d|[\w$.]+\.(?:status|statusCode)\b)|res\.status\(\s*5\d\d|writeHead\(\s*(?:5\d\d|[\w$.]+))/;

/** Handlers that only keep the process alive (recovery) without shaping the response. */
const RECOVERY: [RegExp, string, string[]][] = [
  [
    /gin\.Recovery\(\)|gin\.Default\(\)|middleware\.Recover(er)?\b|recover\.New\(|\brecover\(\)/,
    'panic recovery',
    ['go'],
  ],
  [/\bCatchPanicLayer::(?:new|custom)\s*\(|\bCatchPanic\b/, 'panic recovery (tower-http CatchPanicLayer)', ['rust']],
];

/** What a Go function serving requests names: a handler's writer or context, a middleware's handler, an interceptor's. */
const GO_SERVES_REQUESTS =
  /\bhttp\.(?:ResponseWriter|Handler(?:Func)?)\b|\*gin\.Context\b|\becho\.(?:Context|HandlerFunc)\b|\*fiber\.Ctx\b|\bgrpc\.(?:Unary|Stream)(?:Handler|ServerInfo)\b/;

/**
 * A bare Go `recover()` guards requests only in a function serving them (a handler, a middleware, an interceptor);
 * one in a parser or a worker keeps a panic of its own code from crashing the process.
 */
function recoversRequests(repo: RepoIndex, hit: GrepMatch): boolean {
  if (!/\brecover\(\)/.test(hit.groups[0] ?? '')) return true;
  const lines = repo.lines(hit.path);
  for (let i = hit.line - 1; i >= 0; i--)
    if (/^func\b/.test(lines[i] ?? '')) return GO_SERVES_REQUESTS.test(lines.slice(i, hit.line).join('\n'));
  return false;
}

/**
 * Rails classes that never answer a request: `rescue_from` in a mailer, job or Action Cable channel handles delivery,
 * job and socket errors, not the API's.
 */
const NOT_REQUEST_CLASS =
  /^\s*class\s+[\w:]+\s*<\s*(?:ApplicationMailer|ActionMailer::Base|ApplicationJob|ActiveJob::Base|ApplicationCable::\w+|ActionCable::(?:Channel|Connection)::Base)\b/m;
function outsideRequests(repo: RepoIndex, file: string): boolean {
  if (!file.endsWith('.rb')) return false;
  return /(^|\/)app\/(?:mailers|jobs|channels)\//.test(file) || NOT_REQUEST_CLASS.test(repo.read(file) ?? '');
}

export function detectErrorHandling(repo: RepoIndex, facts: Facts): ErrorHandlingFacts {
  const out: ErrorHandlingFacts = {};
  const named = namedExpressErrorMiddleware(repo);
  const handler = globalHandler(repo, facts, named);
  if (handler) {
    out.handler = handler;
    return out;
  }
  const helper = goJsonErrorHelper(repo, facts);
  if (helper) {
    out.helper = helper;
    return out;
  }
  if (facts.frameworks.has('nextjs')) out.nextjs = nextRouteHandlers(repo, facts);
  for (const [re, label, languages] of RECOVERY) {
    const hit = grepReached(facts, re, languages).find((h) => recoversRequests(repo, h));
    if (hit) {
      out.recovery = {
        path: hit.path,
        line: hit.line,
        note: `${label}: keeps the process alive, answers an empty 500`,
        call: hit.text.match(re)?.[0] ?? label,
      };
      break;
    }
  }
  for (const [re, label, languages] of HANDLERS) {
    // A tutorial's or an example's copy of a hook is not the service's, nor is a hook the browser runs (hooks.client).
    const hit = grepUnreached(facts, re, languages).find(
      (h) => facts.liveness.isProductionPath(h.path) && handlerSiteFits(repo, facts, label, h.path),
    );
    if (hit) {
      out.unwired = { path: hit.path, line: hit.line, note: `${label} in a module no entrypoint reaches` };
      break;
    }
  }
  if (!out.unwired) {
    const def = named.find((d) => !repo.get(d.path)?.isTest);
    if (def)
      out.unwired = { path: def.path, line: def.line, note: 'Express error middleware that no app.use() registers' };
  }
  return out;
}

/**
 * Express: a named 4-argument function (err, req, res, next), registered or not; typed parameters may sit on lines of
 * their own (`export function errorHandler(⏎ err: Error,⏎ _req: Request,⏎ res: Response<ErrorResponse>,⏎ _next:
 * NextFunction,⏎)`).
 */
function namedExpressErrorMiddleware(repo: RepoIndex) {
  return repo.grep(
    new RegExp(
      String.raw`(?:function\s+(\w+)|(?:const|let)\s+(\w+)\s*(?::\s*[\w<>]+)?\s*=\s*(?:async\s*)?(?:function\s*)?)\s*\(${WS}_?(err|error)${PARAM_TYPE}${WS},${WS}_?req\w*${PARAM_TYPE}${WS},${WS}_?res\w*${PARAM_TYPE}${WS},${WS}_?next\b`,
    ),
    { kinds: ['source'], languages: ['javascript', 'typescript'] },
  );
}

/**
 * An error middleware found with the place the server registers it: high (the server loads it), both sites as
 * evidence in the order given (Express cites the registration first, routing-controllers the class).
 */
function registeredMiddleware(
  label: string,
  ...evidence: [ErrorHandlingSite, ErrorHandlingSite]
): NonNullable<ErrorHandlingFacts['handler']> {
  return { label, confidence: 'high', evidence };
}

const PLAY_ERROR_HANDLER = 'Play error handler (play.http.errorHandler)';
const CUSTOM_ERRORS_LABEL = 'ASP.NET custom error pages (web.config customErrors with a default page)';

/**
 * Classic ASP.NET: web.config's `<customErrors mode="On|RemoteOnly" defaultRedirect="…">` in a web application
 * project answers every unhandled exception with the application's own error page instead of the exception detail.
 */
function classicCustomErrors(facts: Facts): { path: string; line: number } | undefined {
  return facts.code
    .grep(/<customErrors\b[^>]*\bdefaultRedirect\s*=/i, { include: ['**/Web.config', '**/web.config'] })
    .find(
      (m) =>
        !facts.repo.get(m.path)?.isTest &&
        !/\bmode\s*=\s*"Off"/i.test(m.text) &&
        !!facts.dotnet.projectOf(m.path)?.classicWeb,
    );
}

const SYMFONY_ERROR_CONTROLLER = "Symfony error_controller (the application's own controller renders every error)";

/**
 * Symfony: `framework.error_controller: App\Controller\ExceptionController` (in any environment's framework.yaml, or
 * `->errorController(…)` in framework.php) hands every exception to the application's own controller instead of the
 * framework's error renderer.
 */
function symfonyErrorController(facts: Facts): { path: string; line: number } | undefined {
  if (!facts.frameworks.has('symfony')) return undefined;
  return grepConfig(facts, /^\s*error_controller:\s*['"]?\\?[A-Z]\w*\\|->\s*errorController\s*\(\s*['"\\]*[A-Z]\w*\\/, [
    'config/packages/**/framework.{yaml,yml,php}',
  ])[0];
}

const SYMFONY_ERROR_PAGES = "Symfony error renderer with the application's own error pages (TwigBundle overrides)";
/** A TwigBundle override of the error page for every status (`error.html.twig`) or for a server error (`error500`). */
const SYMFONY_ERROR_PAGE = /(^|\/)templates\/bundles\/TwigBundle\/Exception\/error(?:5\d\d)?\.(?:html|json)\.twig$/;

/**
 * Symfony: the framework's error listener catches every exception, logs it and renders `error.html.twig`; an
 * application overriding that template under `templates/bundles/TwigBundle/Exception/` shapes its error responses
 * with its own page, as Phoenix's render_errors views do. Low: the pages' content is not read.
 */
function symfonyErrorPages(facts: Facts): { path: string; line: number } | undefined {
  if (!facts.frameworks.has('symfony')) return undefined;
  const page = facts.repo.files.find((f) => SYMFONY_ERROR_PAGE.test(f.path) && !f.isTest);
  return page ? { path: page.path, line: 1 } : undefined;
}

function globalHandler(
  repo: RepoIndex,
  facts: Facts,
  named: ReturnType<typeof namedExpressErrorMiddleware>,
): ErrorHandlingFacts['handler'] {
  for (const [re, label, languages, confidence] of HANDLERS) {
    const hits = grepReached(facts, re, languages).filter(
      (h) =>
        !outsideRequests(repo, h.path) &&
        (label !== PHP_EXCEPTION_HANDLER || !standaloneScript(repo, facts, h.path)) &&
        handlerSiteFits(repo, facts, label, h.path),
    );
    if (!hits.length) continue;
    // Handlers registered only for client errors (errorhandler(404), exception_handler(RequestValidationError)) leave unexpected exceptions to the default.
    const serverSide = hits.find(
      (h) =>
        !/\(\s*(4\d\d|RequestValidationError|ValidationError|NotFound|HTTPStatus\.NOT_FOUND|status\.HTTP_4\d\d\w*)\s*[,)]/.test(
          h.text,
        ),
    );
    const hit = serverSide ?? hits[0]!;
    return {
      label,
      confidence: serverSide ? confidence : 'low',
      evidence: [{ path: hit.path, line: hit.line, note: serverSide ? label : `${label} for client errors only` }],
    };
  }
  const customErrors = classicCustomErrors(facts);
  if (customErrors)
    return {
      label: CUSTOM_ERRORS_LABEL,
      confidence: 'high',
      evidence: [{ path: customErrors.path, line: customErrors.line, note: CUSTOM_ERRORS_LABEL }],
    };
  // Play: the error handler class `play.http.errorHandler` names in application.conf answers every failed request;
  // low when the class is a library's (bootstrap-play's JsonErrorHandler), whose answers are not read here.
  const play = facts.frameworks.has('play')
    ? repo.grepFirst(/^[ \t]*play\.http\.errorHandler[ \t]*[=:][ \t]*"?([\w.$]+)/m, { include: ['**/conf/*.conf'] })
    : undefined;
  if (play) {
    const cls = play.groups[1]!.split('.').pop()!;
    const own = repo.grepFirst(new RegExp(`\\b(?:class|object)\\s+${escapeRegExp(cls)}\\b`), {
      languages: ['scala', 'java'],
      kinds: ['source'],
    });
    return {
      label: PLAY_ERROR_HANDLER,
      confidence: own ? 'high' : 'low',
      evidence: [
        { path: play.path, line: play.line, note: `${PLAY_ERROR_HANDLER}${own ? '' : ' (a library class)'}` },
        ...(own ? [{ path: own.path, line: own.line, note: `the ${cls} class` }] : []),
      ],
    };
  }
  const symfony = symfonyErrorController(facts);
  if (symfony)
    return {
      label: SYMFONY_ERROR_CONTROLLER,
      confidence: 'high',
      evidence: [{ path: symfony.path, line: symfony.line, note: SYMFONY_ERROR_CONTROLLER }],
    };
  const pages = symfonyErrorPages(facts);
  if (pages)
    return {
      label: SYMFONY_ERROR_PAGES,
      confidence: 'low',
      evidence: [{ path: pages.path, line: pages.line, note: SYMFONY_ERROR_PAGES }],
    };
  // Twirp: the generated server writes every error a method returns as a JSON body with a Twirp code and the matching
  // HTTP status; methods returning twirp errors define the contract. Generated *.twirp.go code does not count.
  const twirp = grepReached(facts, TWIRP_ERRORS, ['go']).find((h) => !h.path.endsWith('.twirp.go'));
  if (twirp)
    return {
      label: TWIRP_LABEL,
      confidence: 'high',
      evidence: [{ path: twirp.path, line: twirp.line, note: TWIRP_LABEL }],
    };
  // huma: the operations' returned errors, in code huma.Register wires.
  // An operation's returned error is the contract; a middleware's WriteErr (a 401 before the operation) is cited last.
  const huma = grepReached(facts, HUMA_ERRORS, ['go']).sort(
    (a, b) => Number(/\bWriteErr\b/.test(a.text)) - Number(/\bWriteErr\b/.test(b.text)),
  );
  if (huma.length && grepReached(facts, /\bhuma\.Register\s*\(/, ['go']).length)
    return {
      label: HUMA_LABEL,
      confidence: 'high',
      evidence: [{ path: huma[0]!.path, line: huma[0]!.line, note: HUMA_LABEL }],
    };
  // A Go middleware of the service's own around every handler (ozzo-routing, echo and fiber handlers return their
  // error): it calls the next handler, recovers panics and writes the error response itself; a route group `Use`s it.
  const goMiddleware = goErrorMiddleware(repo, facts);
  if (goMiddleware)
    return {
      label: GO_ERROR_MIDDLEWARE,
      confidence: 'high',
      evidence: [
        { path: goMiddleware.path, line: goMiddleware.line, note: GO_ERROR_MIDDLEWARE },
        { path: goMiddleware.use.path, line: goMiddleware.use.line, note: 'registered on the router with Use' },
      ],
    };
  // tRPC adapters report every procedure error to onError (fetchRequestHandler, createExpressMiddleware, trpcServer).
  const trpcOnError = grepReached(facts, /\bonError\s*:\s*(?:async\s*)?(?:\(|[\w$]+)/, [
    'javascript',
    'typescript',
  ]).find((h) =>
    /["']@trpc\/server(?:\/adapters\/[\w/-]+)?["']|["']@hono\/trpc-server["']/.test(repo.read(h.path) ?? ''),
  );
  if (trpcOnError)
    return {
      label: 'tRPC adapter onError handler',
      confidence: 'low',
      evidence: [{ path: trpcOnError.path, line: trpcOnError.line, note: 'tRPC adapter onError handler' }],
    };
  // Functions a platform invokes (Lambda, Workers, Vercel/Netlify, Deno/Bun handlers) and node:http request listeners
  // have no framework error hook: every handler module catching and answering with a status is the idiom (middy's
  // httpErrorHandler is above).
  const fnFiles = [
    ...new Set(facts.service.routes.filter((r) => r.reached && FUNCTION_HANDLERS.has(r.framework)).map((r) => r.file)),
  ];
  // A handler that awaits nothing (a health function answering a constant) has nothing to catch.
  const ioFiles = fnFiles.filter((f) => /\bawait\b/.test(facts.code.text(f) ?? ''));
  if (ioFiles.length) {
    const caught = ioFiles.filter((f) => CATCH_TO_STATUS.test(facts.code.text(f) ?? ''));
    if (caught.length === ioFiles.length) {
      const line = (f: string) => {
        const m = /\bcatch\b/.exec(facts.code.text(f) ?? '');
        return m ? repo.lineAt(f, m.index) : 1;
      };
      return {
        label: `try/catch in each of the ${ioFiles.length} function handler modules doing I/O`,
        confidence: 'low',
        evidence: caught
          .slice(0, 3)
          .map((f) => ({ path: f, line: line(f), note: 'the handler catches errors and answers with a status code' })),
      };
    }
  }
  // Express: a named 4-argument function registered with app.use(name).
  for (const def of named) {
    const name = def.groups[1] || def.groups[2];
    const nameRe = new RegExp(`\\b${name}\\b`);
    const use = facts.service.middleware.find((m) => m.reached && (m.name === name || nameRe.test(m.text)));
    if (use)
      return registeredMiddleware(
        'Express error middleware',
        { path: use.file, line: use.line, note: 'error middleware registered' },
        { path: def.path, line: def.line, note: 'Express error middleware (err, req, res, next)' },
      );
  }
  // routing-controllers: an error middleware class (`implements ExpressErrorMiddlewareInterface`, answering in its
  // `error(…)` method) the server loads, by a class list or as a global `@Middleware({ type: 'after' })` of its
  // middlewares folder, answers every error a controller throws.
  for (const hit of grepReached(
    facts,
    /\bclass\s+(\w+)\s+(?:extends\s+[\w.]+\s+)?implements\s+(?:[\w.]+\s*,\s*)*(?:Express|Koa)ErrorMiddlewareInterface\b/,
    ['typescript', 'javascript'],
  )) {
    const at = appliedAt(facts, hit.groups[1]!, { path: hit.path, line: hit.line });
    if (at)
      return registeredMiddleware(
        'routing-controllers error middleware',
        { path: hit.path, line: hit.line, note: 'routing-controllers error middleware (ErrorMiddlewareInterface)' },
        { path: at.path, line: at.line, note: `registered (${at.how})` },
      );
  }
  // NestJS: @Catch() filters applied with @UseFilters on controllers.
  const useFilters = grepReached(facts, /@UseFilters\(/, ['typescript'])[0];
  if (useFilters)
    return {
      label: 'NestJS controller-level exception filter',
      confidence: 'low',
      evidence: [{ path: useFilters.path, line: useFilters.line, note: 'NestJS exception filter on a controller' }],
    };
  // NestJS: the built-in exception layer answers every unhandled exception with a JSON body ({statusCode, message}),
  // and HttpException subclasses thrown by handlers choose the status: services that throw them shape their errors
  // through it (low: no handler of the team's own logs or reshapes the unexpected ones).
  if (facts.frameworks.has('nestjs')) {
    const thrown = grepReached(facts, NEST_HTTP_EXCEPTION, ['typescript', 'javascript']).find((h) =>
      /from\s+["']@nestjs\/common["']/.test(repo.read(h.path) ?? ''),
    );
    if (thrown)
      return {
        label: NEST_LABEL,
        confidence: 'low',
        evidence: [
          { path: thrown.path, line: thrown.line, note: 'an HttpException subclass thrown to the exception layer' },
        ],
      };
  }
  // Koa: a middleware that wraps `await next()` in try/catch.
  const koa = grepReached(facts, /try\s*\{\s*\n?\s*await\s+next\(\)/, ['javascript', 'typescript'])[0];
  if (koa)
    return {
      label: 'Koa error-catching middleware',
      confidence: 'high',
      evidence: [{ path: koa.path, line: koa.line, note: 'Koa middleware catching errors around await next()' }],
    };
  // aiohttp: a middleware (`@web.middleware`) that wraps `await handler(request)` in a try whose except takes every
  // exception (`except Exception`) answers whatever a handler raises; one catching only HTTPException shapes 404s.
  const aiohttp = facts.frameworks.has('aiohttp')
    ? grepReached(facts, /\btry:[ \t]*\n[ \t]*(?:return[ \t]+|\w+[ \t]*=[ \t]*)?await[ \t]+handler\(/, ['python']).find(
        (h) => {
          const lines = repo.lines(h.path);
          if (!lines.some((l) => /^\s*@(?:web\.)?middleware\b/.test(l))) return false;
          const indent = /^\s*/.exec(lines[h.line - 1] ?? '')![0].length;
          // The except clauses of that try: lines at its indent until the block ends.
          for (const l of lines.slice(h.line)) {
            const at = /^\s*/.exec(l)![0].length;
            if (!l.trim() || at > indent) continue;
            if (at < indent || !/^\s*except\b/.test(l)) break;
            if (/^\s*except\s*(?::|\(?\s*(?:Exception|BaseException)\b)/.test(l)) return true;
          }
          return false;
        },
      )
    : undefined;
  if (aiohttp)
    return {
      label: 'middleware catching every exception (aiohttp)',
      confidence: 'high',
      evidence: [
        {
          path: aiohttp.path,
          line: aiohttp.line,
          note: 'aiohttp middleware catching every exception around the handler',
        },
      ],
    };
  // Astro: middleware (src/middleware.ts onRequest) that wraps next() in try/catch sees every page and endpoint.
  const astro = facts.frameworks.has('astro')
    ? grepReached(facts, /try\s*\{\s*\n?\s*(?:return\s+|const\s+[\w$]+\s*=\s*)?await\s+next\(\)/, [
        'javascript',
        'typescript',
      ]).find((h) => /["']astro:middleware["']/.test(repo.read(h.path) ?? ''))
    : undefined;
  if (astro)
    return {
      label: 'Astro error-catching middleware',
      confidence: 'high',
      evidence: [{ path: astro.path, line: astro.line, note: 'Astro middleware catching errors around next()' }],
    };
  const koaMulti = repo
    .grep(/^\s*await\s+next\(\)/, { kinds: ['source'], languages: ['javascript', 'typescript'] })
    .find((m) => facts.liveness.isLive(m.path) && /try\s*\{\s*$/.test(repo.lines(m.path)[m.line - 2] ?? ''));
  if (koaMulti)
    return {
      label: 'Koa error-catching middleware',
      confidence: 'high',
      evidence: [
        { path: koaMulti.path, line: koaMulti.line - 1, note: 'Koa middleware catching errors around await next()' },
      ],
    };
  return errorPage(repo, facts);
}

/**
 * The error page a file-system framework renders for every unexpected error of its pages and loaders: SvelteKit's root
 * `src/routes/+error.svelte`, Astro's `src/pages/500.astro`, Nuxt's `error.vue`, Fresh's `routes/_error.tsx` (`_500` in
 * Fresh 1), a React Router / Remix root `ErrorBoundary`. The framework already hides the error; the page is the
 * application's own answer. Low confidence: endpoints (+server.ts, API routes) still answer with the framework's
 * default.
 */
function errorPage(repo: RepoIndex, facts: Facts): ErrorHandlingFacts['handler'] {
  const pages: Partial<Record<string, [string[], string]>> = {
    sveltekit: [['src/routes/+error.svelte'], 'SvelteKit root +error.svelte error page'],
    astro: [['src/pages/500.astro'], 'custom error page (Astro src/pages/500.astro)'],
    nuxt: [['error.vue', 'app/error.vue', 'src/error.vue'], 'Nuxt error.vue error page'],
    fresh: [
      ['routes/_error.tsx', 'routes/_error.jsx', 'routes/_500.tsx', 'routes/_500.jsx'],
      'Fresh routes/_error page',
    ],
  };
  // Spring Boot forwards every unhandled error to /error, which renders the application's `error` view (Thymeleaf
  // templates/error.html, FreeMarker error.ftlh, Mustache error.mustache …) or a status page under error/ (5xx.html):
  // browsers get the team's page, API clients still get Boot's default JSON body.
  if (facts.frameworks.has('spring-boot')) {
    const page = repo
      .glob([
        '**/src/main/resources/templates/error.{html,ftlh,ftl,mustache,jte,peb,kte}',
        '**/src/main/resources/{templates,static,public,resources}/error/{5xx,500}.{html,ftlh,ftl,mustache,jte,peb,kte}',
      ])
      .find((f) => !f.isTest);
    if (page) {
      const label = 'Spring Boot error view (every unhandled error is rendered by the application’s error page)';
      return { label, confidence: 'low', evidence: [{ path: page.path, line: 1, note: label }] };
    }
  }
  const war = warErrorHandler(repo, facts);
  if (war) return war;
  for (const fw of facts.frameworks.http) {
    const root = path.posix.dirname(fw.path);
    const at = (rel: string) => (root === '.' ? rel : `${root}/${rel}`);
    const page = pages[fw.name];
    const file = page?.[0].map(at).find((p) => repo.has(p));
    if (page && file) return { label: page[1], confidence: 'low', evidence: [{ path: file, line: 1, note: page[1] }] };
    if (fw.name === 'react-router' || fw.name === 'remix') {
      const rootModule = ['app/root.tsx', 'app/root.jsx', 'app/root.ts', 'app/root.js']
        .map(at)
        .find((p) => repo.has(p));
      const hit = rootModule
        ? repo.grepFirst(/^export\s+(?:async\s+)?(?:function|const)\s+ErrorBoundary\b/, { paths: [rootModule] })
        : undefined;
      if (hit) {
        const label = 'root ErrorBoundary (React Router / Remix)';
        return { label, confidence: 'low', evidence: [{ path: hit.path, line: hit.line, note: label }] };
      }
    }
  }
  return undefined;
}

/**
 * A web application archive (Spring MVC without Boot, plain servlets) answers unhandled errors as its XML says: a
 * SimpleMappingExceptionResolver bean in the Spring context maps every exception to the team's error view (high), and
 * a WEB-INF/web.xml `<error-page>` for Throwable/Exception or status 500 makes the container render the application's
 * page instead of its own stack-trace page (low: API clients get that page too).
 */
function warErrorHandler(repo: RepoIndex, facts: Facts): ErrorHandlingFacts['handler'] {
  if (!facts.frameworks.has('spring-mvc') && !facts.frameworks.has('servlet')) return undefined;
  const resolver = repo
    .grep(/<bean\b[^>]*\bclass\s*=\s*"[\w.]*(?:SimpleMappingExceptionResolver|ExceptionResolver)"/, {
      kinds: ['config'],
      limit: 20,
    })
    .find((h) => h.path.endsWith('.xml') && !repo.get(h.path)?.isTest && !/(^|\/)src\/test\//.test(h.path));
  if (resolver) {
    const label = 'Spring MVC exception resolver bean (every controller exception is mapped to an error view)';
    return { label, confidence: 'high', evidence: [{ path: resolver.path, line: resolver.line, note: label }] };
  }
  for (const f of repo.glob(['**/WEB-INF/web.xml'])) {
    if (f.isTest || /(^|\/)src\/test\//.test(f.path)) continue;
    const lines = repo.lines(f.path);
    const i = lines.findIndex(
      (l, n) =>
        /<error-page>/.test(l) &&
        /<exception-type>\s*java\.lang\.(?:Throwable|Exception|RuntimeException)\s*<|<error-code>\s*500\s*</.test(
          lines.slice(n, n + 6).join(' '),
        ),
    );
    if (i >= 0) {
      const label = 'web.xml error page (the container renders the application’s page for every unhandled error)';
      return { label, confidence: 'low', evidence: [{ path: f.path, line: i + 1, note: label }] };
    }
  }
  return undefined;
}

/** A 5xx answer: `{ status: 500 }` (app router), `res.status(500)` / `res.statusCode = 500` (pages router). */
const NEXT_5XX = /status\s*:\s*5\d\d|\.status\(\s*5\d\d\s*\)|\.statusCode\s*=\s*5\d\d/;

/**
 * A route module whose handler is wrapped by a shared error wrapper (`export default withErrorHandler(handler)`,
 * `export const GET = withErrors(async (req) => …)`) that catches and answers 5xx: where the wrapper does so.
 */
function nextErrorWrapper(repo: RepoIndex, facts: Facts, file: string): { path: string; line: number } | undefined {
  const text = facts.code.text(file) ?? '';
  const names = [
    ...text.matchAll(
      /^export\s+(?:default|(?:const|let)\s+(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s*=)\s*([\w$]+)\s*\(/gm,
    ),
  ].map((m) => m[1]!);
  for (const name of new Set(names)) {
    const defRe = new RegExp(
      `^(?:export\\s+)?(?:async\\s+)?(?:function\\s+${name}\\b|(?:const|let)\\s+${name}\\s*(?::[^=]+)?=)`,
      'm',
    );
    let defFile: string | undefined = defRe.test(text) ? file : undefined;
    if (!defFile) {
      const imp = new RegExp(
        `^\\s*import\\s*(?:[\\w$]+\\s*,\\s*)?\\{[^}]*\\b${name}\\b[^}]*\\}\\s*from\\s*["']([^"']+)["']|^\\s*import\\s+${name}\\s+from\\s*["']([^"']+)["']`,
        'm',
      ).exec(text);
      const spec = imp?.[1] ?? imp?.[2];
      if (spec) defFile = facts.imports.byFile.get(file)?.find((r) => r.module === spec)?.local;
    }
    if (!defFile) continue;
    const defText = facts.code.text(defFile) ?? '';
    const def = defRe.exec(defText);
    if (!def) continue;
    const body = defText.slice(def.index, def.index + 1500);
    if (/\bcatch\s*[({]|\.catch\(/.test(body) && NEXT_5XX.test(body))
      return { path: defFile, line: repo.lineAt(defFile, def.index) };
  }
  return undefined;
}

/** Next.js route handlers have no global error hook: each one that does I/O must catch and shape its own errors. */
function nextRouteHandlers(repo: RepoIndex, facts: Facts): NonNullable<ErrorHandlingFacts['nextjs']> {
  const errorBoundary = repo.glob(['{src/,}app/{global-error,error}.{tsx,jsx,ts,js}'])[0]?.path;
  const files = [
    ...new Set(facts.service.routes.filter((r) => r.reached && r.framework === 'nextjs').map((r) => r.file)),
  ];
  // A handler doing I/O (await), or one that guards its work with try/catch (synchronous store calls can throw too).
  const answers5xx = (text: string): boolean => /\bcatch\s*[({]|\.catch\(/.test(text) && NEXT_5XX.test(text);
  const wrapped = new Map<string, { path: string; line: number }>();
  for (const f of files) {
    const w = nextErrorWrapper(repo, facts, f);
    if (w) wrapped.set(f, w);
  }
  const io = files.filter((f) => /\bawait\b|\bcatch\s*[({]/.test(facts.code.text(f) ?? '') || wrapped.has(f));
  const caught = io.filter((f) => answers5xx(facts.code.text(f) ?? '') || wrapped.has(f));
  const first = caught[0];
  const status = first
    ? (wrapped.get(first) ?? repo.grepFirst(NEXT_5XX, { paths: [first] }) ?? { path: first, line: 1 })
    : undefined;
  return {
    io,
    caught,
    ...(status ? { status: { path: status.path, line: status.line } } : {}),
    ...(errorBoundary ? { errorBoundary } : {}),
  };
}

/**
 * A Go error helper: a function named for errors (writeError, sendErrorResponse, respondWithError, writeProblem …) taking the
 * response writer or a framework context. Its body is read up to the closing brace at column 0.
 */
const GO_ERROR_HELPER =
  /^func\s+(?:\(\s*\w+\s+\*?[\w.]+\s*\)\s*)?(\w*(?:Err|err|Problem|problem|Fail|fail)\w*)\s*\(([^)]*(?:\bhttp\.ResponseWriter|\*gin\.Context|\becho\.Context|\*fiber\.Ctx)[^)]*)\)/gm;
/**
 * A Beego controller's error method (`func (c *ApiController) ResponseError(msg string)`): the controller holds the
 * response, so the helper takes no writer.
 */
const GO_CONTROLLER_ERROR_HELPER =
  /^func\s+\(\s*\w+\s+\*?\w*Controller\s*\)\s*(\w*(?:Err|err|Problem|problem|Fail|fail)\w*)\s*\(([^)]*)\)/gm;
/**
 * The helper hands the error to the project's JSON writer (`WriteJSON(w, code, body)`, `c.ResponseJsonData(resp)`,
 * `ErrorWithDataResp(c, err, code, nil)`), or a Beego controller serves `Data["json"]`: the body and status are written
 * there.
 */
const GO_JSON_DELEGATE =
  /\b(?:\w+\.)?\w*(?:JSON|Json)\w*\(\s*\w+\s*,\s*\w|\b\w+\.\w*(?:JSON|Json)\w*\(\s*&?\w|\bErr\w*Resp\w*\(\s*\w+\s*,|\.Data\[\s*"json"\s*\]\s*=|\.ServeJSON\(/;
/**
 * A body written as JSON with the status: json.NewEncoder(w).Encode, json.Marshal + Write, c.JSON(status, …), or a
 * JSON content type set on the writer before the error's own serialisation is written (`io.WriteString(w, e.JSON())`).
 */
const GO_JSON_BODY =
  /\bjson\.NewEncoder\(\s*\w+\s*\)\.Encode\(|\bjson\.Marshal\(|\brender\.JSON\(|\.(?:JSON|AbortWithStatusJSON)\(\s*\w|\.Status\([^)]*\)\.JSON\(|\.Header\(\)\.Set\(\s*"Content-Type"\s*,\s*"application\/(?:problem\+)?json/;
const GO_STATUS = /\.WriteHeader\(|\.(?:JSON|AbortWithStatusJSON)\(\s*\w|\.Status\(|render\.Status\(/;
/** Errors answered as plain text, around the helper. */
const GO_PLAIN_ERROR = /\bhttp\.Error\(/;

/** A Go function of the file taking the response writer (`func (r *ResponseWriter) Write(w http.ResponseWriter, …)`). */
const GO_WRITER_FUNC = /^func\s+(?:\(\s*\w+\s+\*?[\w.]+\s*\)\s*)?(\w+)\s*\([^)]*\bhttp\.ResponseWriter\b[^)]*\)/gm;

const GO_ERROR_MIDDLEWARE = 'Go error middleware (recovers panics and writes every error response)';
/** A top-level Go function returning a handler; the name is group 1. */
const GO_HANDLER_FACTORY =
  /^func\s+(\w+)\s*\([^)]*\)\s*(?:\(\s*)?[\w.*]*(?:Handler|Middleware|HandlerFunc|MiddlewareFunc)\b/gm;

/**
 * `func Handler(logger log.Logger) routing.Handler { return func(c *routing.Context) (err error) { defer func() { if e :=
 * recover() … c.Response.WriteHeader(res.StatusCode()) … }(); return c.Next() } }`, registered with `router.Use(
 * errors.Handler(logger), …)` in reached code: the service's own error middleware around every handler.
 */
function goErrorMiddleware(
  repo: RepoIndex,
  facts: Facts,
): { path: string; line: number; use: { path: string; line: number } } | undefined {
  for (const f of reachedHolding(facts, /\brecover\(\)/, ['go'])) {
    const text = facts.code.text(f) ?? '';
    for (const m of text.matchAll(GO_HANDLER_FACTORY)) {
      const body = goFuncText(text, m.index);
      if (!/\brecover\(\)/.test(body) || !/\.Next\(\s*\)/.test(body)) continue;
      if (!/\.WriteHeader\s*\(|\.(?:JSON|Write|Status)\s*\(\s*\w/.test(body)) continue;
      // `router.Use(⏎ accesslog.Handler(logger),⏎ errors.Handler(logger),⏎ …)`: the call may span lines. The factory
      // is called through its own package (its name, or the name the user's import gives its folder), or unqualified
      // from its own folder: `accesslog.Handler(` is another package's function of the same name.
      const pkg = /^package\s+(\w+)/m.exec(text)?.[1];
      const dir = path.posix.dirname(f);
      for (const u of reachedHolding(facts, /\.Use\(/, ['go'])) {
        const ut = facts.code.text(u) ?? '';
        const quals = new Set(pkg ? [pkg] : []);
        for (const im of (repo.read(u) ?? '').matchAll(/^\s*(?:import\s+)?(\w+)\s+"([^"\n]+)"/gm))
          if (dir !== '.' && (im[2] === dir || im[2]!.endsWith(`/${dir}`))) quals.add(im[1]!);
        const qualified = quals.size ? `(?:${[...quals].map(escapeRegExp).join('|')})\\.` : '';
        const own = path.posix.dirname(u) === dir;
        if (!qualified && !own) continue;
        const call = own ? (qualified ? `(?:${qualified})?` : '') : qualified;
        const useRe = new RegExp(`\\.Use\\((?:[^()]|\\([^()]*\\))*?(?<![\\w.])${call}${escapeRegExp(m[1]!)}\\(`);
        const at = useRe.exec(ut);
        if (at) return { path: f, line: repo.lineAt(f, m.index), use: { path: u, line: repo.lineAt(u, at.index) } };
      }
    }
  }
  return undefined;
}

/** A top-level Go function's text from its `func` to its closing brace at column 0. */
function goFuncText(text: string, at: number): string {
  const end = text.indexOf('\n}', at);
  return text.slice(at, end < 0 ? undefined : end);
}

/** The error helpers a Go file's code defines that write a status and a JSON body (the same in every component view). */
function goJsonHelpersIn(text: string): { name: string; offset: number }[] {
  const writesJson = (body: string) => GO_JSON_BODY.test(body) && GO_STATUS.test(body);
  // The file's own JSON writers: an error helper handing its error to one (`r.Write(w, 500, apiError)`) writes JSON.
  const writers = [...text.matchAll(GO_WRITER_FUNC)]
    .filter((m) => writesJson(goFuncText(text, m.index)))
    .map((m) => m[1]!);
  const toWriter = writers.length ? new RegExp(`\\b(?:${writers.join('|')})\\(\\s*\\w+\\s*,`) : undefined;
  const out: { name: string; offset: number }[] = [];
  for (const m of [...text.matchAll(GO_ERROR_HELPER), ...text.matchAll(GO_CONTROLLER_ERROR_HELPER)]) {
    const body = goFuncText(text, m.index);
    const inner = body.slice(body.indexOf('{'));
    if (writesJson(body) || GO_JSON_DELEGATE.test(inner) || toWriter?.test(inner))
      out.push({ name: m[1]!, offset: m.index });
  }
  return out;
}

/**
 * Go services without a framework hook often answer every error through one helper that writes the status and a JSON
 * body: the error shape is consistent, though panics still get the recovery default (low confidence). Counted when
 * reached code calls such helpers more often than it answers with plain-text http.Error.
 */
function goJsonErrorHelper(repo: RepoIndex, facts: Facts): ErrorHandlingFacts['helper'] {
  // The helper patterns start at a top-level `func` of the code: a file holds one in its text or none in its code.
  const files = reachedHolding(facts, /^func\s/m, ['go']).filter(
    (f) => !f.endsWith('.twirp.go') && !/\.pb(?:\.gw)?\.go$/.test(f),
  );
  const helpers: { name: string; path: string; line: number }[] = [];
  for (const f of files)
    for (const h of repo.fileMemo('error-handling:go-json-helpers', f, () => goJsonHelpersIn(facts.code.text(f) ?? '')))
      helpers.push({ name: h.name, path: f, line: repo.lineAt(f, h.offset) });
  if (!helpers.length) return undefined;
  const names = [...new Set(helpers.map((h) => h.name))];
  const callRe = new RegExp(`\\b(?:${names.join('|')})\\(`);
  const calls = grepReached(facts, callRe, ['go']).filter((h) => !/^\s*func\s/.test(h.text));
  const plain = grepReached(facts, GO_PLAIN_ERROR, ['go']);
  if (calls.length < 2 || calls.length < plain.length) return undefined;
  const first = helpers[0]!;
  return {
    ...first,
    calls: calls
      .slice(0, 3)
      .map((c) => ({ path: c.path, line: c.line, note: `answers an error through ${first.name}()` })),
    callCount: calls.length,
    plain: plain.length,
  };
}

import { defineRule, grepReached, grepUnreached } from '../../src/sdk/index.js';
import type { RuleContext } from '../../src/sdk/types.js';

/** Global error handlers per stack: [pattern, label, languages, confidence]. */
const HANDLERS: [RegExp, string, string[], 'high' | 'low'][] = [
  [
    /@\w+\.exception_handler\(|\.add_exception_handler\(|\bexception_handlers\s*=\s*\{/,
    'FastAPI/Starlette exception handler',
    ['python'],
    'high',
  ],
  [/@\w+\.(app_)?errorhandler\(|\.register_error_handler\(/, 'Flask error handler', ['python'], 'high'],
  [
    /^\s*handler500\s*=|["']EXCEPTION_HANDLER["']\s*:|def\s+process_exception\s*\(/,
    'Django error handler',
    ['python'],
    'high',
  ],
  [
    /\.use\(\s*(?:async\s*)?(?:function\s*\w*\s*)?\(\s*(err|error|e)\s*(:\s*\w+)?\s*,\s*req\w*\s*(:\s*\w+)?\s*,\s*res\w*\s*(:\s*\w+)?\s*,\s*next\b/,
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
  [/\.ext\(\s*["']onPreResponse["']/, 'hapi onPreResponse extension', ['javascript', 'typescript'], 'high'],
  [/\bapp\.on\(\s*["']error["']/, 'Koa app error listener', ['javascript', 'typescript'], 'low'],
  [
    /\.HTTPErrorHandler\s*=|\bErrorHandler\s*:\s*\w+|gin\.CustomRecovery(WithWriter)?\(|\.NotFound\(|\bc\.Errors\b/,
    'Go framework error handler',
    ['go'],
    'high',
  ],
  [
    /@(Rest)?ControllerAdvice\b|@ExceptionHandler\b|\bErrorWebExceptionHandler\b/,
    'Spring @ControllerAdvice / @ExceptionHandler',
    ['java', 'kotlin'],
    'high',
  ],
  [/^\s*rescue_from\b|config\.exceptions_app\s*=/, 'Rails rescue_from / exceptions_app', ['ruby'], 'high'],
  [
    /\bimpl\s+(?:axum::response::)?IntoResponse\s+for\s+\w*(?:Error|Err|Problem)\w*\b|\bimpl\s+(?:actix_web::)?(?:error::)?ResponseError\s+for\s+\w+|#\[catch\(\s*(?:500|default)\s*\)\]|\.recover\s*\(\s*\w+\s*\)|\bHandleErrorLayer::new\s*\(|\bErrorHandlers::new\s*\(/,
    'Rust error type rendered as one response shape (IntoResponse / ResponseError / catcher)',
    ['rust'],
    'high',
  ],
  [
    /\.UseExceptionHandler\s*\(|\.AddExceptionHandler\s*<|:\s*IExceptionHandler\b|\.UseProblemDetails\s*\(|\bFilters\.Add\s*<\s*\w*Exception\w*|\bFilters\.Add\s*\(\s*new\s+\w*Exception\w*|\.UseStatusCodePages\s*\(|\.UseMiddleware\s*<\s*\w*(?:Exception|Error)\w*\s*>/,
    'ASP.NET Core exception handler (UseExceptionHandler / IExceptionHandler / exception filter)',
    ['csharp'],
    'high',
  ],
  [
    /\$exceptions\s*->\s*(?:render|renderable|respond|shouldRenderJsonWhen)\s*\(|\$this\s*->\s*renderable\s*\(|public\s+function\s+render\s*\(\s*\$request/,
    'Laravel exception handler (render)',
    ['php'],
    'high',
  ],
  [
    /KernelEvents::EXCEPTION|\bExceptionEvent\s+\$|kernel\.exception/,
    'Symfony kernel.exception listener',
    ['php'],
    'high',
  ],
  [/^\s*action_fallback\b/, 'Phoenix action_fallback controller', ['elixir'], 'high'],
  [/\brender_errors:\s*\[/, 'Phoenix render_errors error views', ['elixir'], 'low'],
  [
    /(?:^|[\w$)\]]\s*)\.onError\s*\(\s*(?:async\s*)?(?:\(|function\b|[\w$]+\s*[,)=])/,
    'Hono/Elysia onError handler',
    ['javascript', 'typescript'],
    'high',
  ],
  [
    /^export\s+(?:const|let|(?:async\s+)?function)\s+handleError\b/,
    'handleError hook (SvelteKit hooks.server / React Router and Remix entry.server)',
    ['javascript', 'typescript'],
    'high',
  ],
  [
    /\bdefineNitroErrorHandler\s*\(|\berrorHandler\s*:\s*["'`~]/,
    'Nitro error handler',
    ['javascript', 'typescript'],
    'high',
  ],
  // The runtime error hook of a Nitro plugin sees every failed request; Nitro answers with its JSON error shape.
  [/\.hooks\.hook\(\s*["']error["']/, 'Nitro runtime error hook', ['javascript', 'typescript'], 'high'],
  [/\berrorFormatter\s*[(:]/, 'tRPC errorFormatter', ['javascript', 'typescript'], 'high'],
  [/\.use\(\s*httpErrorHandler\s*\(/, 'middy httpErrorHandler', ['javascript', 'typescript'], 'high'],
];

/** Errors a Twirp method returns (twirp.NotFoundError, twirp.NewError(twirp.Unavailable, …), twirp.WrapError …). */
const TWIRP_ERRORS = /\btwirp\.(?:NewError|NewErrorf|WrapError|\w+Error(?:With)?)\s*\(/;
const TWIRP_LABEL = 'Twirp error codes (the generated server writes them as JSON errors with their HTTP status)';

/** Route frameworks whose handlers a platform or runtime calls directly. */
const FUNCTION_HANDLERS = new Set([
  'aws-lambda',
  'netlify-functions',
  'vercel-functions',
  'cloudflare-workers',
  'deno',
  'bun',
]);
/** A catch block that answers with a status: `statusCode: 500`, `statusCode: error.statusCode`, `{ status: 500 }`. */
const CATCH_TO_STATUS =
  /\bcatch\s*(?:\([^)]*\))?\s*\{[\s\S]{0,800}?\b(?:statusCode\s*:\s*(?:[45]\d\d|[\w$.]+)|status(?:Code)?\s*[:(]\s*(?:5\d\d|[\w$.]+\.(?:status|statusCode)\b)|res\.status\(\s*5\d\d)/;

/** Handlers that only keep the process alive (recovery) without shaping the response. */
const RECOVERY: [RegExp, string, string[]][] = [
  [
    /gin\.Recovery\(\)|gin\.Default\(\)|middleware\.Recover(er)?\b|recover\.New\(|\brecover\(\)/,
    'panic recovery',
    ['go'],
  ],
  [/\bCatchPanicLayer::(?:new|custom)\s*\(|\bCatchPanic\b/, 'panic recovery (tower-http CatchPanicLayer)', ['rust']],
];

/**
 * Rails classes that never answer a request: `rescue_from` in a mailer, job or Action Cable channel handles delivery,
 * job and socket errors, not the API's.
 */
const NOT_REQUEST_CLASS =
  /^\s*class\s+[\w:]+\s*<\s*(?:ApplicationMailer|ActionMailer::Base|ApplicationJob|ActiveJob::Base|ApplicationCable::\w+|ActionCable::(?:Channel|Connection)::Base)\b/m;
function outsideRequests(ctx: RuleContext, file: string): boolean {
  if (!file.endsWith('.rb')) return false;
  return /(^|\/)app\/(?:mailers|jobs|channels)\//.test(file) || NOT_REQUEST_CLASS.test(ctx.repo.read(file) ?? '');
}

export default defineRule({
  meta: {
    id: 'api.error-handling',
    category: 'api',
    title: 'Errors are handled globally and shaped into consistent responses',
    severity: 'high',
    level: 2,
    scope: 'component',
    requires: ['http'],
    docs: {
      why: 'Without a global handler, unexpected exceptions leak stack traces or framework HTML, clients get inconsistent error shapes, and errors are not logged with context.',
      how: "Looks in code the service reaches for a global error handler: FastAPI @app.exception_handler / add_exception_handler, Flask errorhandler, Django handler500 / DRF EXCEPTION_HANDLER / process_exception middleware, Express 4-argument (err, req, res, next) middleware, Fastify setErrorHandler, NestJS global ExceptionFilter (useGlobalFilters / APP_FILTER), Koa try/catch middleware around next() or app.on(\"error\"), hapi onPreResponse, echo HTTPErrorHandler / fiber ErrorHandler / gin CustomRecovery, Twirp methods returning twirp errors (the generated server writes them as JSON with a code and status), Spring @ControllerAdvice, Rails rescue_from, Laravel withExceptions()->render / Handler::render, Symfony kernel.exception listeners, Phoenix action_fallback (render_errors error views: low confidence). Rust: an error type every handler returns that renders itself (axum IntoResponse, actix-web ResponseError, Rocket 500 catchers, warp recover); ASP.NET Core UseExceptionHandler / IExceptionHandler / exception filters / exception middleware. Framework defaults (FastAPI's 500 text, Spring's whitelabel/BasicErrorController, Rails public/500.html) do not count: they do not define the API's error contract. Panic recovery alone (gin.Recovery, chi Recoverer, echo Recover) is a gap: the process survives but errors are not shaped.",
      fix: [
        'Register one global handler that logs the exception with the request id and returns a consistent JSON error body (e.g. RFC 9457 problem+json) without internals.',
        'Laravel: shape API errors in bootstrap/app.php ->withExceptions(fn (Exceptions $e) => $e->render(...)) (app/Exceptions/Handler.php render() before Laravel 11).',
        'Symfony: subscribe to kernel.exception (ExceptionEvent) and return a problem+json response.',
        'Phoenix: use action_fallback with a FallbackController and render errors through ErrorJSON (render_errors in config).',
        'Rust: give handlers one error enum (thiserror) with impl IntoResponse (axum) / ResponseError (actix-web) that logs internals and returns problem+json; add tower-http CatchPanicLayer for panics.',
        '.NET: builder.Services.AddProblemDetails() with an IExceptionHandler (AddExceptionHandler<T>) and app.UseExceptionHandler() outside Development.',
      ],
      effort: 'S',
      links: ['https://www.rfc-editor.org/rfc/rfc9457'],
    },
    messages: {
      handler: 'Errors are handled globally by a {{handler}}.',
      perRoute:
        'Next.js has no global error hook for route handlers; each of the {{count}} route handler(s) doing I/O catches errors and returns a 5xx JSON body.',
      recovery:
        'Only panic recovery ({{handler}}) is registered: the process survives, but error responses are not shaped.',
      notWired:
        'An error handler is defined in {{file}} but never wired: no entrypoint imports or registers that module.',
      nextUncaught:
        'The Next.js route handler {{file}} does I/O without catching errors; route handlers have no global error hook, so failures get the default 500.',
      missing: 'No global error handler: unexpected exceptions get the framework default response.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: [
      'error handling',
      'error handler',
      'exception handling',
      'exception handler',
      'error middleware',
      'error responses',
      'rfc 7807',
      'problem details',
      // The same words about something else: a screen's handling of failed calls, a queue's failed jobs, tests of
      // error cases.
      '!toast',
      '!snackbar',
      '!loading state',
      '!isloading',
      '!user friendly',
      '!ui',
      '!frontend',
      '!unrecoverable',
      '!job',
      '!queue',
      '!worker',
      '!error scenario',
      '!error case',
    ],
  },
  check(ctx) {
    for (const [re, label, languages, confidence] of HANDLERS) {
      const hits = grepReached(ctx.facts, re, languages).filter((h) => !outsideRequests(ctx, h.path));
      if (!hits.length) continue;
      // Handlers registered only for client errors (errorhandler(404), exception_handler(RequestValidationError)) leave unexpected exceptions to the default.
      const serverSide = hits.find(
        (h) =>
          !/\(\s*(4\d\d|RequestValidationError|ValidationError|NotFound|HTTPStatus\.NOT_FOUND|status\.HTTP_4\d\d\w*)\s*[,)]/.test(
            h.text,
          ),
      );
      const hit = serverSide ?? hits[0]!;
      return ctx.pass([ctx.at(hit.path, hit.line, serverSide ? label : `${label} for client errors only`)], {
        messageId: 'handler',
        confidence: serverSide ? confidence : 'low',
        data: { handler: label },
      });
    }
    // Twirp: the generated server writes every error a method returns as a JSON body with a Twirp code and the matching
    // HTTP status; methods returning twirp errors define the contract. Generated *.twirp.go code does not count.
    const twirp = grepReached(ctx.facts, TWIRP_ERRORS, ['go']).find((h) => !h.path.endsWith('.twirp.go'));
    if (twirp)
      return ctx.pass([ctx.at(twirp.path, twirp.line, TWIRP_LABEL)], {
        messageId: 'handler',
        data: { handler: TWIRP_LABEL },
      });
    // tRPC adapters report every procedure error to onError (fetchRequestHandler, createExpressMiddleware, trpcServer).
    const trpcOnError = grepReached(ctx.facts, /\bonError\s*:\s*(?:async\s*)?(?:\(|[\w$]+)/, [
      'javascript',
      'typescript',
    ]).find((h) =>
      /["']@trpc\/server(?:\/adapters\/[\w/-]+)?["']|["']@hono\/trpc-server["']/.test(ctx.repo.read(h.path) ?? ''),
    );
    if (trpcOnError)
      return ctx.pass([ctx.at(trpcOnError.path, trpcOnError.line, 'tRPC adapter onError handler')], {
        messageId: 'handler',
        confidence: 'low',
        data: { handler: 'tRPC adapter onError handler' },
      });
    // Functions a platform invokes (Lambda, Workers, Vercel/Netlify, Deno/Bun handlers) have no framework error hook:
    // every handler module catching and answering with a status is the idiom (middy's httpErrorHandler is above).
    const fnFiles = [
      ...new Set(
        ctx.facts.service.routes.filter((r) => r.reached && FUNCTION_HANDLERS.has(r.framework)).map((r) => r.file),
      ),
    ];
    // A handler that awaits nothing (a health function answering a constant) has nothing to catch.
    const ioFiles = fnFiles.filter((f) => /\bawait\b/.test(ctx.facts.code.text(f) ?? ''));
    if (ioFiles.length) {
      const caught = ioFiles.filter((f) => CATCH_TO_STATUS.test(ctx.facts.code.text(f) ?? ''));
      if (caught.length === ioFiles.length) {
        const line = (f: string) => {
          const m = /\bcatch\b/.exec(ctx.facts.code.text(f) ?? '');
          return m ? ctx.repo.lineAt(f, m.index) : 1;
        };
        return ctx.pass(
          caught
            .slice(0, 3)
            .map((f) => ctx.at(f, line(f), 'the handler catches errors and answers with a status code')),
          {
            messageId: 'handler',
            confidence: 'low',
            data: { handler: `try/catch in each of the ${ioFiles.length} function handler modules doing I/O` },
          },
        );
      }
    }
    // Express: a named 4-argument function registered with app.use(name).
    const named = ctx.repo.grep(
      /(?:function\s+(\w+)|(?:const|let)\s+(\w+)\s*(?::\s*[\w<>]+)?\s*=\s*(?:async\s*)?(?:function\s*)?)\s*\(\s*_?(err|error)\s*(:\s*\w+)?\s*,\s*_?req\w*\s*(:\s*\w+)?\s*,\s*_?res\w*\s*(:\s*\w+)?\s*,\s*_?next\b/,
      { kinds: ['source'], languages: ['javascript', 'typescript'] },
    );
    for (const def of named) {
      const name = def.groups[1] || def.groups[2];
      const nameRe = new RegExp(`\\b${name}\\b`);
      const use = ctx.facts.service.middleware.find((m) => m.reached && (m.name === name || nameRe.test(m.text)));
      if (use)
        return ctx.pass(
          [
            ctx.at(use.file, use.line, 'error middleware registered'),
            ctx.at(def.path, def.line, 'Express error middleware (err, req, res, next)'),
          ],
          { messageId: 'handler', data: { handler: 'Express error middleware' } },
        );
    }
    // NestJS: @Catch() filters applied with @UseFilters on controllers.
    const useFilters = grepReached(ctx.facts, /@UseFilters\(/, ['typescript'])[0];
    if (useFilters)
      return ctx.pass([ctx.at(useFilters.path, useFilters.line, 'NestJS exception filter on a controller')], {
        messageId: 'handler',
        confidence: 'low',
        data: { handler: 'NestJS controller-level exception filter' },
      });
    // Koa: a middleware that wraps `await next()` in try/catch.
    const koa = grepReached(ctx.facts, /try\s*\{\s*\n?\s*await\s+next\(\)/, ['javascript', 'typescript'])[0];
    if (koa)
      return ctx.pass([ctx.at(koa.path, koa.line, 'Koa middleware catching errors around await next()')], {
        messageId: 'handler',
        data: { handler: 'Koa error-catching middleware' },
      });
    // Astro: middleware (src/middleware.ts onRequest) that wraps next() in try/catch sees every page and endpoint.
    const astro = ctx.facts.frameworks.has('astro')
      ? grepReached(ctx.facts, /try\s*\{\s*\n?\s*(?:return\s+|const\s+[\w$]+\s*=\s*)?await\s+next\(\)/, [
          'javascript',
          'typescript',
        ]).find((h) => /["']astro:middleware["']/.test(ctx.repo.read(h.path) ?? ''))
      : undefined;
    if (astro)
      return ctx.pass([ctx.at(astro.path, astro.line, 'Astro middleware catching errors around next()')], {
        messageId: 'handler',
        data: { handler: 'Astro error-catching middleware' },
      });
    const koaMulti = ctx.repo
      .grep(/^\s*await\s+next\(\)/, { kinds: ['source'], languages: ['javascript', 'typescript'] })
      .find((m) => ctx.facts.liveness.isLive(m.path) && /try\s*\{\s*$/.test(ctx.repo.lines(m.path)[m.line - 2] ?? ''));
    if (koaMulti)
      return ctx.pass(
        [ctx.at(koaMulti.path, koaMulti.line - 1, 'Koa middleware catching errors around await next()')],
        { messageId: 'handler', data: { handler: 'Koa error-catching middleware' } },
      );
    // Next.js: error boundaries for pages; route handlers need their own try/catch.
    const nextErr = ctx.facts.frameworks.has('nextjs')
      ? ctx.repo.glob(['{src/,}app/{global-error,error}.{tsx,jsx,ts,js}'])[0]
      : undefined;
    if (ctx.facts.frameworks.has('nextjs')) {
      // Route handlers have no global error hook: each one that does I/O must catch and shape its own errors.
      const files = [
        ...new Set(ctx.facts.service.routes.filter((r) => r.reached && r.framework === 'nextjs').map((r) => r.file)),
      ];
      const io = files.filter((f) => /\bawait\b/.test(ctx.repo.read(f) ?? ''));
      const caught = io.filter(
        (f) =>
          /\bcatch\s*\(|\.catch\(/.test(ctx.repo.read(f) ?? '') && /status\s*:\s*5\d\d/.test(ctx.repo.read(f) ?? ''),
      );
      if (io.length && caught.length === io.length) {
        const hit = ctx.repo.grepFirst(/status\s*:\s*5\d\d/, { paths: [caught[0]!] })!;
        return ctx.pass(
          [
            ctx.at(hit.path, hit.line, 'route handler maps failures to a 5xx JSON response'),
            ...(nextErr ? [ctx.at(nextErr.path, 1, 'Next.js error boundary (pages)')] : []),
          ],
          {
            messageId: 'perRoute',
            confidence: 'low',
            data: { count: io.length },
          },
        );
      }
      if (io.length) {
        const bad = io.find((f) => !caught.includes(f))!;
        return ctx.gap(
          'nextUncaught',
          [
            ctx.at(bad, 1, 'a route handler doing I/O without try/catch'),
            ...(nextErr
              ? [ctx.at(nextErr.path, 1, 'a page error boundary only; API route handlers are not covered')]
              : []),
          ],
          { data: { file: bad } },
        );
      }
    }
    for (const [re, label, languages] of RECOVERY) {
      const hit = grepReached(ctx.facts, re, languages)[0];
      if (hit)
        return ctx.gap(
          'recovery',
          [
            ctx.at(hit.path, hit.line, `${label}: keeps the process alive, answers an empty 500`),
            ctx.missing(
              ['HTTPErrorHandler', 'ErrorHandler', 'gin.CustomRecovery', 'error-writing middleware'],
              'no handler shapes error responses',
            ),
          ],
          { data: { handler: hit.text.match(re)?.[0] ?? label } },
        );
    }
    for (const [re, label, languages] of HANDLERS) {
      const hit = grepUnreached(ctx.facts, re, languages)[0];
      if (hit)
        return ctx.gap('notWired', [ctx.at(hit.path, hit.line, `${label} in a module no entrypoint reaches`)], {
          data: { file: hit.path },
        });
    }
    for (const def of named) {
      if (!ctx.repo.get(def.path)?.isTest)
        return ctx.gap(
          'notWired',
          [ctx.at(def.path, def.line, 'Express error middleware that no app.use() registers')],
          { data: { file: def.path } },
        );
    }
    const ev = [
      ctx.missing(
        [
          'exception_handler',
          'errorhandler',
          'handler500 / EXCEPTION_HANDLER',
          '(err, req, res, next)',
          'setErrorHandler',
          'ExceptionFilter',
          'onPreResponse',
          'HTTPErrorHandler',
          '@ControllerAdvice',
          'rescue_from',
        ],
        'no global error handler in code the service runs',
      ),
    ];
    if (nextErr)
      ev.unshift(ctx.at(nextErr.path, 1, 'a page error boundary only; API route handlers have no error handling'));
    return ctx.gap('missing', ev);
  },
});

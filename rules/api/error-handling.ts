import { defineRule } from '../../src/sdk/index.js';

export default defineRule({
  meta: {
    id: 'api.error-handling',
    category: 'api',
    title: 'Errors are handled globally and shaped into consistent responses',
    severity: 'high',
    level: 2,
    scope: 'component',
    requires: ['http-api'],
    docs: {
      why: 'Without a global handler, unexpected exceptions leak stack traces or framework HTML, clients get inconsistent error shapes, and errors are not logged with context.',
      how: "Looks in code the service reaches for a global error handler: FastAPI @app.exception_handler / add_exception_handler, Flask errorhandler, Django handler500 / DRF EXCEPTION_HANDLER / process_exception middleware, Express 4-argument (err, req, res, next) middleware, Fastify setErrorHandler, NestJS global ExceptionFilter (useGlobalFilters / APP_FILTER), Koa try/catch middleware around next() or app.on(\"error\"), hapi onPreResponse, echo HTTPErrorHandler / fiber ErrorHandler / gin CustomRecovery, Twirp methods returning twirp errors (the generated server writes them as JSON with a code and status), huma operations returning huma errors (huma writes each as RFC 9457 problem+json with its status), NestJS services whose handlers throw HttpException subclasses (Nest's built-in exception layer answers every exception as JSON: low confidence), Spring @ControllerAdvice, JAX-RS ExceptionMapper / Quarkus @ServerExceptionMapper / Micronaut ExceptionHandler, Ktor StatusPages `exception<T>`, Play play.http.errorHandler (a library class: low confidence), Rails rescue_from, Laravel withExceptions()->render / Handler::render, Symfony kernel.exception listeners or a framework.error_controller naming the application's own controller, Phoenix action_fallback (render_errors error views: low confidence). Rust: an error type every handler returns that renders itself (axum IntoResponse, actix-web ResponseError, Rocket 500 catchers, warp recover); ASP.NET Core UseExceptionHandler / IExceptionHandler / exception filters / exception middleware. Framework defaults (FastAPI's 500 text, Spring's whitelabel/BasicErrorController, Rails public/500.html) do not count: they do not define the API's error contract. Go services without a hook that answer errors through one helper writing the status and a JSON body (writeError(w, status, msg)), called more often than plain-text http.Error: low confidence. Panic recovery alone (gin.Recovery, chi Recoverer, echo Recover) is a gap: the process survives but errors are not shaped. A plain gRPC service passes when errors become status codes (status.Error with a code, a recovery interceptor, impl From<E> for tonic::Status) and is a gap otherwise; so does an HTTP API that is a gRPC service translated by grpc-gateway or served by Connect, whose methods answer with status codes (the gateway writes each as a JSON body with its code), and a gRPC service browsers call through grpc-web (the code travels in the grpc-status trailer). A request's own not-found answer (`http.NotFound(w, r)`) is not a router's not-found hook.",
      fix: [
        'Register one global handler that logs the exception with the request id and returns a consistent JSON error body (e.g. RFC 9457 problem+json) without internals.',
        'Laravel: shape API errors in bootstrap/app.php ->withExceptions(fn (Exceptions $e) => $e->render(...)) (app/Exceptions/Handler.php render() before Laravel 11).',
        'Symfony: subscribe to kernel.exception (ExceptionEvent) and return a problem+json response.',
        'Phoenix: use action_fallback with a FallbackController and render errors through ErrorJSON (render_errors in config).',
        'Rust: give handlers one error enum (thiserror) with impl IntoResponse (axum) / ResponseError (actix-web) that logs internals and returns problem+json; add tower-http CatchPanicLayer for panics.',
        '.NET: builder.Services.AddProblemDetails() with an IExceptionHandler (AddExceptionHandler<T>) and app.UseExceptionHandler() outside Development.',
        'gRPC: return status errors with a precise code (Go status.Error(codes.NotFound, …), Rust impl From<AppError> for tonic::Status) and add a recovery interceptor so panics become INTERNAL.',
      ],
      effort: 'S',
      links: ['https://www.rfc-editor.org/rfc/rfc9457'],
    },
    messages: {
      handler: 'Errors are handled globally by a {{handler}}.',
      helper:
        'No global error hook, but the handlers answer errors through {{helper}}(), which writes the status and a JSON body ({{count}} call sites).',
      perRoute:
        'Next.js has no global error hook for route handlers; each of the {{count}} route handler(s) doing I/O catches errors and returns a 5xx JSON body.',
      recovery:
        'Only panic recovery ({{handler}}) is registered: the process survives, but error responses are not shaped.',
      neverWired:
        'An error handler is defined in {{file}} but never wired: no entrypoint imports or registers that module.',
      nextUncaught:
        'The Next.js route handler {{file}} does I/O without catching errors; route handlers have no global error hook, so failures get the default 500.',
      missing: 'No global error handler: unexpected exceptions get the framework default response.',
      grpc: 'gRPC errors are mapped to status codes: {{how}}.',
      grpcMissing:
        'None of the {{count}} gRPC method(s) maps errors to status codes: failures reach clients as UNKNOWN with the raw error text.',
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
      '!unrecoverable error',
      '!job',
      '!queue',
      '!worker',
      '!error scenario',
      '!error case',
    ],
  },
  check(ctx) {
    const eh = ctx.facts.errorHandling;
    if (eh.handler)
      return ctx.pass(
        eh.handler.evidence.map((e) => ctx.at(e.path, e.line, e.note)),
        { messageId: 'handler', confidence: eh.handler.confidence, data: { handler: eh.handler.label } },
      );
    if (eh.helper)
      return ctx.pass(
        [
          ctx.at(eh.helper.path, eh.helper.line, `${eh.helper.name}() writes the status and a JSON error body`),
          ...eh.helper.calls.map((c) => ctx.at(c.path, c.line, c.note)),
        ],
        { messageId: 'helper', confidence: 'low', data: { helper: eh.helper.name, count: eh.helper.callCount } },
      );
    // A plain gRPC service: errors are shaped by the status codes its methods and interceptors answer with.
    const grpc = ctx.facts.grpc;
    // The same when the HTTP API is the gRPC service translated by grpc-gateway or served by Connect (the gateway and
    // Connect write every status error as a JSON body with its code), or served to browsers through grpc-web (the
    // status code travels in the grpc-status trailer).
    const translated =
      ctx.facts.frameworks.has('grpc-gateway') || ctx.facts.frameworks.has('connect') || !!grpc.grpcWeb;
    if (translated && !ctx.facts.frameworks.grpcOnly && grpc.methods.length && grpc.errorMapping)
      return ctx.pass([ctx.at(grpc.errorMapping.path, grpc.errorMapping.line, grpc.errorMapping.note)], {
        messageId: 'grpc',
        data: { how: grpc.errorMapping.note },
      });
    if (ctx.facts.frameworks.grpcOnly && grpc.methods.length) {
      if (grpc.errorMapping)
        return ctx.pass([ctx.at(grpc.errorMapping.path, grpc.errorMapping.line, grpc.errorMapping.note)], {
          messageId: 'grpc',
          data: { how: grpc.errorMapping.note },
        });
      return ctx.gap(
        'grpcMissing',
        [
          ctx.missing(
            [
              'status.Error(codes.…)',
              'recovery interceptor',
              'impl From<E> for tonic::Status',
              'Status.INVALID_ARGUMENT …',
            ],
            'no gRPC status mapping in code the service runs',
          ),
        ],
        { data: { count: grpc.methods.length } },
      );
    }
    // Next.js: error boundaries for pages; route handlers need their own try/catch.
    const next = eh.nextjs;
    const boundary = next?.errorBoundary;
    if (next?.io.length && next.caught.length === next.io.length)
      return ctx.pass(
        [
          ctx.at(next.status!.path, next.status!.line, 'route handler maps failures to a 5xx JSON response'),
          ...(boundary ? [ctx.at(boundary, 1, 'Next.js error boundary (pages)')] : []),
        ],
        { messageId: 'perRoute', confidence: 'low', data: { count: next.io.length } },
      );
    if (next?.io.length) {
      const bad = next.io.find((f) => !next.caught.includes(f))!;
      return ctx.gap(
        'nextUncaught',
        [
          ctx.at(bad, 1, 'a route handler doing I/O without try/catch'),
          ...(boundary ? [ctx.at(boundary, 1, 'a page error boundary only; API route handlers are not covered')] : []),
        ],
        { data: { file: bad } },
      );
    }
    if (eh.recovery)
      return ctx.gap(
        'recovery',
        [
          ctx.at(eh.recovery.path, eh.recovery.line, eh.recovery.note),
          ctx.missing(
            ['HTTPErrorHandler', 'ErrorHandler', 'gin.CustomRecovery', 'error-writing middleware'],
            'no handler shapes error responses',
          ),
        ],
        { data: { handler: eh.recovery.call } },
      );
    if (eh.unwired)
      return ctx.gap('neverWired', [ctx.at(eh.unwired.path, eh.unwired.line, eh.unwired.note)], {
        data: { file: eh.unwired.path },
      });
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
    if (boundary)
      ev.unshift(ctx.at(boundary, 1, 'a page error boundary only; API route handlers have no error handling'));
    return ctx.gap('missing', ev);
  },
});

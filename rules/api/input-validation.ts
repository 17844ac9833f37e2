import { defineRule, describeRoute, isAdmissionWebhook, reachedRoutes } from '../../src/sdk/index.js';
import { firstLibrary, type LibSpec } from '../_lib/library-evidence.js';

const LIBS: LibSpec[] = [
  { label: 'zod', deps: [['node', 'zod']], imports: ['zod'] },
  {
    label: 'joi',
    deps: [
      ['node', 'joi'],
      ['node', '@hapi/joi'],
    ],
    imports: ['joi', '@hapi/joi'],
  },
  { label: 'yup', deps: [['node', 'yup']], imports: ['yup'] },
  { label: 'class-validator', deps: [['node', 'class-validator']], imports: ['class-validator'] },
  { label: 'ajv', deps: [['node', 'ajv']], imports: ['ajv'] },
  { label: 'express-validator', deps: [['node', 'express-validator']], imports: ['express-validator'] },
  { label: 'celebrate', deps: [['node', 'celebrate']], imports: ['celebrate'] },
  { label: 'marshmallow', deps: [['python', 'marshmallow']], imports: ['marshmallow'] },
  { label: 'webargs', deps: [['python', 'webargs']], imports: ['webargs'] },
  {
    label: 'go-playground/validator',
    deps: [['go', 'github.com/go-playground/validator/v10']],
    imports: [/^github\.com\/go-playground\/validator/],
  },
  // The other Go struct validators: govalidator's `valid:"required"` tags (ValidateStruct) and ozzo-validation rules.
  {
    label: 'govalidator',
    deps: [['go', 'github.com/asaskevich/govalidator']],
    imports: ['github.com/asaskevich/govalidator'],
  },
  {
    label: 'ozzo-validation',
    deps: [['go', 'github.com/go-ozzo/ozzo-validation/v4']],
    imports: [/^github\.com\/go-ozzo\/ozzo-validation/],
  },
];

export default defineRule({
  meta: {
    id: 'api.input-validation',
    category: 'api',
    title: 'Request payloads are validated against a schema',
    severity: 'high',
    level: 2,
    scope: 'component',
    requires: ['http-api'],
    docs: {
      why: 'Unvalidated input is how malformed data reaches the database, how type confusion becomes a 500, and how injection and mass-assignment bugs start. A schema at the boundary rejects bad requests with a 4xx before business code runs.',
      how: 'n/a when none of the routes the service registers accepts a body. Otherwise looks in code the service reaches for: FastAPI handlers taking a pydantic model (validated by the framework by default), marshmallow/webargs/flask-smorest/APIFlask, DRF serializers and Django forms, zod/joi/yup/ajv/celebrate/express-validator, Fastify route schemas (Ajv by default), hapi validate, NestJS ValidationPipe (class-validator DTOs without the pipe do not validate), go-playground/validator, govalidator and ozzo-validation, gin binding tags, Twirp methods (protobuf-typed requests) that reject fields with twirp argument errors, go-swagger servers (the generated binder validates each body against the specification’s model), Spring @Valid/@Validated, Rails strong parameters, Rust validator/garde (.validate(), Valid<Json<T>>; a typed Json<T> extractor alone checks the shape only: low confidence), a Kotlin body deserialized into a class (Ktor receive<T>(), Spring @RequestBody or Micronaut @Body typed with a data class: missing or mistyped fields are refused, shape only, low confidence; a Java class is not, its missing fields stay null), a Scala http4s body decoded into a case class (req.as[T], .decode[T], jsonOf[IO, T]) or a smithy4s operation input decoded against its Smithy model (shape only, low confidence), ASP.NET Core [ApiController] automatic model validation, FluentValidation, DataAnnotations checks and validation endpoint filters. Go: a hand-written Validate… function or method that rejects missing or malformed fields, called in a handler that decodes the body (low confidence). gRPC methods take a request message: protovalidate, protoc-gen-validate Validate(), a validator interceptor or INVALID_ARGUMENT answers validate it. A GraphQL server (Apollo, Yoga, graphql-http, express-graphql, Mercurius) validates every operation and its variables against the schema (types and required fields: low confidence), and an MCP server (@modelcontextprotocol/sdk) validates tool calls against their zod input schemas; both count even when mounted with app.use rather than registered as a POST route.',
      fix: [
        'Declare a schema per request body (pydantic model, zod schema, DTO with ValidationPipe, @Valid record, serializer) and reject invalid payloads with 400/422.',
        'Rust: derive validator::Validate (or garde) on the body type and extract it with axum-valid Valid<Json<T>> (or call .validate() first thing in the handler).',
        '.NET: controllers with [ApiController] and DataAnnotations, or FluentValidation validators run by an endpoint filter on minimal API groups (.NET 10: builder.Services.AddValidation()).',
        'Laravel: validate every write in a FormRequest (or $request->validate([...])) and read $request->validated(), never $request->all().',
        'Symfony: map bodies with #[MapRequestPayload] onto DTOs carrying #[Assert\\...] constraints.',
        'Phoenix: cast params through an Ecto changeset with validate_required/validate_* (or OpenApiSpex CastAndValidate).',
        'gRPC: declare field rules with protovalidate (buf.validate) and check them in an interceptor, or reject bad fields with INVALID_ARGUMENT (Go codes.InvalidArgument, Rust Status::invalid_argument).',
      ],
      effort: 'M',
      links: ['https://cheatsheetseries.owasp.org/cheatsheets/Input_Validation_Cheat_Sheet.html'],
    },
    messages: {
      fastapi:
        'FastAPI validates the pydantic model {{model}} taken by {{route}} (framework default for model parameters).',
      litestar: 'Litestar validates the request data ({{model}}) taken by {{route}} (framework default).',
      found: 'Request payloads are validated: {{how}}.',
      noPipe: 'DTOs use class-validator decorators, but no ValidationPipe is registered, so NestJS never runs them.',
      neverWired: 'Validation is defined in {{file}} but never wired: no entrypoint imports that module.',
      declaredNotUsed: '{{library}} is declared but not used by any production source file.',
      missing: '{{count}} route(s) accept a request body (e.g. {{route}}) without schema validation.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: [
      'input validation',
      'request validation',
      'payload validation',
      'schema validation',
      'validate input',
      'validate request',
      'sanitization',
    ],
  },
  check(ctx) {
    const routes = reachedRoutes(ctx.facts);
    // An admission webhook's body is an object the API server has checked against its CRD schema, handed to the
    // operator's validator: not a payload the service takes unchecked.
    const bodyRoutes = routes.filter((r) => /^(POST|PUT|PATCH|ANY)$/.test(r.method) && !isAdmissionWebhook(r));
    // A GraphQL or MCP server mounted with app.use takes bodies that no registered route shows, and GraphQL mutations
    // take input through the one GraphQL endpoint, whatever the REST routes beside it accept.
    if (
      routes.length &&
      !bodyRoutes.length &&
      !ctx.facts.inputValidation.validation?.mounted &&
      !ctx.facts.inputValidation.graphqlMutation
    )
      return ctx.na(
        `none of the ${routes.length} routes the service registers accepts a request body (only GET/DELETE/HEAD)`,
      );
    const iv = ctx.facts.inputValidation;
    const v = iv.validation;
    if (v) {
      const ev = [v.site, ...(v.also ?? [])].map((e) => ctx.at(e.path, e.line, e.note));
      if (v.kind !== 'schema')
        return ctx.pass(ev, { messageId: v.kind, data: { model: v.model!, route: describeRoute(v.route!) } });
      return ctx.pass(ev, {
        messageId: 'found',
        ...(v.confidence === 'low' ? { confidence: 'low' as const } : {}),
        data: { how: v.how },
      });
    }
    if (iv.decoratedDto)
      return ctx.gap('noPipe', [
        ctx.at(iv.decoratedDto.path, iv.decoratedDto.line, iv.decoratedDto.note),
        ctx.missing(
          ['useGlobalPipes(new ValidationPipe())', 'APP_PIPE', '@UsePipes(ValidationPipe)'],
          'no ValidationPipe',
        ),
      ]);
    const { unwired, unused } = firstLibrary(ctx, LIBS);
    if (unwired) return ctx.gap('neverWired', unwired.evidence, { data: { file: unwired.file ?? '?' } });
    if (unused) return ctx.gap('declaredNotUsed', unused.evidence, { data: { library: unused.spec.label } });
    const sample = bodyRoutes[0];
    const raw = iv.bodyRead;
    // FastAPI: a body parameter typed as a bare dict/Any is parsed JSON without a schema.
    const untyped = iv.untypedBody;
    if (untyped) {
      return ctx.gap(
        'missing',
        [
          ctx.at(
            untyped.file,
            untyped.line,
            `${describeRoute(untyped)} takes its body as a plain dict: FastAPI parses it without a schema`,
          ),
          ctx.missing(['pydantic model parameters'], 'no schema for the body'),
        ],
        {
          data: { count: bodyRoutes.length || 1, route: describeRoute(untyped) },
        },
      );
    }
    // A plain gRPC service: every rpc takes a request message whose fields nothing checks. Also when every route with a
    // body is an rpc or its grpc-gateway mapping (`post: "/v1/items"`): the JSON is decoded into the same message.
    const grpc = ctx.facts.grpc;
    const rpc = grpc.methods[0];
    const rpcsOnly =
      ctx.facts.frameworks.grpcOnly ||
      (bodyRoutes.length > 0 && bodyRoutes.every((r) => r.framework === 'grpc' || r.framework === 'grpc-gateway'));
    if (!raw && rpc && rpcsOnly)
      return ctx.gap(
        'missing',
        [
          ctx.at(rpc.file, rpc.line, `${describeRoute(rpc)} takes a request message`),
          ctx.missing(
            ['protovalidate', 'protoc-gen-validate Validate()', 'validator interceptor', 'INVALID_ARGUMENT answers'],
            'no field validation of gRPC requests',
          ),
        ],
        { data: { count: grpc.methods.length, route: describeRoute(rpc) } },
      );
    // ASP.NET Core binds a complex parameter of a POST/PUT handler from the JSON body without any attribute.
    const aspnetBody = bodyRoutes.find((r) => r.framework === 'aspnetcore' && r.method !== 'ANY');
    if (!raw && aspnetBody) {
      return ctx.gap(
        'missing',
        [
          ctx.at(aspnetBody.file, aspnetBody.line, `${describeRoute(aspnetBody)} binds its body from JSON`),
          ctx.missing(
            ['[ApiController]', 'FluentValidation', 'DataAnnotations validation filter'],
            'no validation of bound models',
          ),
        ],
        { data: { count: bodyRoutes.length, route: describeRoute(aspnetBody) } },
      );
    }
    if (!raw) {
      return ctx.na(
        `${bodyRoutes.length} route(s) accept POST/PUT/PATCH (e.g. ${sample ? describeRoute(sample) : '?'}), but no handler reads a request body`,
      );
    }
    const ev = [];
    if (sample) ev.push(ctx.at(sample.file, sample.line, `${describeRoute(sample)} accepts a body`));
    ev.push(ctx.at(raw.path, raw.line, raw.note));
    ev.push(
      ctx.missing(
        [
          'pydantic models',
          'marshmallow',
          'DRF serializers',
          'zod',
          'joi',
          'class-validator + ValidationPipe',
          'Fastify schema',
          'go-playground/validator',
          '@Valid',
          'strong parameters',
        ],
        'no schema validation in code the service runs',
      ),
    );
    return ctx.gap('missing', ev, {
      data: { count: bodyRoutes.length || 1, route: sample ? describeRoute(sample) : 'unknown' },
      ...(bodyRoutes.length
        ? { size: { count: bodyRoutes.length, unit: 'route', files: new Set(bodyRoutes.map((r) => r.file)).size } }
        : {}),
    });
  },
});

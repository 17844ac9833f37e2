import { defineRule, describeRoute, grepReached, reachedRoutes } from '../../src/sdk/index.js';
import { firstLibrary, type LibSpec } from '../_lib/library-evidence.js';
import type { RuleContext } from '../../src/sdk/index.js';

/** A Twirp method rejecting a request field: twirp.RequiredArgumentError("x"), twirp.InvalidArgumentError("x", …). */
const TWIRP_ARGUMENT_CHECK =
  /\btwirp\.(?:RequiredArgumentError|InvalidArgumentError)\s*\(|\btwirp\.NewError\s*\(\s*twirp\.InvalidArgument\b/;

/** Validation at the request boundary, per stack: [pattern, label, languages]. */
const VALIDATION: [RegExp, string, string[]][] = [
  [
    /@\w+\.(arguments|input)\(|@(use_args|use_kwargs)\(|\bparser\.parse\(\s*\w+\s*,\s*(?:request|req)\b|Schema\(\)\.load\(|_schema\.load\(|schema\.load\(|\.load\(\s*request\.(get_json|json|form)|@validate\(\s*(body|query)?\s*\)?|\bmodel_validate(_json)?\(|\bparse_obj\(|\bjsonschema\.validate\(|\bvalidate_on_submit\(\)/,
    'schema validation of the request (marshmallow / webargs / pydantic / flask-smorest / APIFlask)',
    ['python'],
  ],
  [
    /\.is_valid\(|\bserializer_class\s*=|\bclass\s+\w+\((serializers\.)?(Model)?Serializer\)|\bclass\s+\w+\((forms\.)?(Model)?Form\)/,
    'Django REST framework serializers / Django forms',
    ['python'],
  ],
  [
    /\bz\.object\(|\.safeParse\(|zValidator\(|Joi\.object\(|\bcelebrate\(|\bvalidationResult\(|\bcheckSchema\(|\bajv\.compile\(|new\s+Ajv\(|yup\.object\(|\bv\.parse\(|\bTypeCompiler\.Compile\(|\b(?:vValidator|sValidator|tbValidator|typiaValidator|arktypeValidator)\(|\bvalidator\(\s*["'](?:json|form|query|param|header)["']|\bt\.Object\(|\bv\.object\(|\bv\.safeParse\(|\b(?:readValidatedBody|useValidatedBody|useValidatedQuery|useValidatedParams)\(|\bgetValidated(?:Query|RouterParams)\(|\bsuperValidate\(|\bparseWithZod\(|\.input\(\s*(?:z\.|v\.|t\.|[\w$]+Schema\b)/,
    'schema validation (zod / valibot / joi / celebrate / express-validator / ajv / yup / TypeBox, Hono validators, Elysia t, h3 readValidatedBody, tRPC .input)',
    ['javascript', 'typescript'],
  ],
  [
    /\bschema\s*:\s*\{[^}]*\b(body|querystring|params)\s*:|\bschema\s*:\s*\{\s*$|^\s*schema\s*:\s*[\w$]+\.[\w$]+\s*,?\s*$/,
    'Fastify route schema (validated by Ajv by default)',
    ['javascript', 'typescript'],
  ],
  [/\bvalidate\s*:\s*\{\s*(payload|query|params)\s*:/, 'hapi route validation (joi)', ['javascript', 'typescript']],
  [
    /\.useGlobalPipes\(\s*new\s+ValidationPipe|provide\s*:\s*APP_PIPE|@UsePipes\(\s*(new\s+)?ValidationPipe|@Body\(\s*new\s+ValidationPipe|new\s+ZodValidationPipe/,
    'NestJS ValidationPipe',
    ['typescript', 'javascript'],
  ],
  [
    /\bvalidate\.Struct\(|\bvalidator\.New\(|binding:\\?"[^"\\]*required|\.ShouldBind(JSON|With|Query)?\(|\bc\.Validate\(|validation\.ValidateStruct\(/,
    'Go struct validation (validator / gin binding)',
    ['go'],
  ],
  [/@Valid\b|@Validated\b/, 'Bean Validation (@Valid / @Validated)', ['java', 'kotlin']],
  [/\.require\(\s*:\w+\s*\)\s*\.permit\(|\bparams\.permit\(|\.expect\(\s*\w+\s*:/, 'Rails strong parameters', ['ruby']],
  [
    /\b(?:Valid|Garde|ValidatedJson|ValidJson|WithValidation)\s*<\s*(?:\w+::)*(?:Json|Form|Query)\s*<|\.validate\s*\(\s*(?:&\s*\(\s*\)|\(\s*\))?\s*\)\s*(?:\.map_err|\.err\s*\(|\?|;|\))/,
    'Rust validator / garde constraints checked on the request body',
    ['rust'],
  ],
  [
    /\bAbstractValidator\s*<|:\s*Validator\s*<\s*\w+\s*>|\.AddValidatorsFromAssembly\w*\s*\(|\.AddFluentValidation\w*\s*\(|\bModelState\.IsValid\b|\bValidator\.TryValidateObject\s*\(|\.WithParameterValidation\s*\(|\bMiniValidator\.TryValidate\s*\(|\.AddValidation\s*\(\s*\)/,
    'ASP.NET Core validation (DataAnnotations / FluentValidation / FastEndpoints validators / endpoint validation filter)',
    ['csharp'],
  ],
  [
    /\$request\s*->\s*validate\s*\(|\bValidator::make\s*\(|\$this\s*->\s*validate\s*\(\s*\$request|\bextends\s+FormRequest\b|->\s*validated\s*\(\s*\)/,
    'Laravel validation (FormRequest / $request->validate)',
    ['php'],
  ],
  [
    /#\[\s*Map(?:RequestPayload|QueryString)\b|\$validator\s*->\s*validate\s*\(|->\s*isValid\s*\(\s*\)|#\[\s*Assert\\/,
    'Symfony Validator / forms (MapRequestPayload, isValid)',
    ['php'],
  ],
  [
    /\|>\s*validate_(?:required|format|length|inclusion|number|change)\b|\bvalidate_required\s*\(|\bcast\s*\(\s*\w+\s*,\s*\w*(?:params|attrs)\b|\bOpenApiSpex\.Plug\.CastAndValidate\b/,
    'Ecto changeset validation (cast + validate_*)',
    ['elixir'],
  ],
];

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
];

/** FastAPI: a route handler with a pydantic-model parameter is validated by the framework. */
function fastapiModels(ctx: RuleContext): { file: string; line: number; model: string } | undefined {
  const models = new Set(
    ctx.repo
      .grep(/^class\s+(\w+)\s*\(\s*(?:[\w.]*BaseModel|SQLModel|Schema|[\w.]*Model)\b/, {
        kinds: ['source'],
        languages: ['python'],
      })
      .map((m) => m.groups[1]!),
  );
  if (!models.size) return undefined;
  for (const r of reachedRoutes(ctx.facts)) {
    if (r.framework !== 'python' && r.framework !== 'flask') continue;
    const lines = ctx.repo.lines(r.file);
    const sig: string[] = [];
    for (let i = r.line; i < Math.min(lines.length, r.line + 12); i++) {
      sig.push(lines[i]!);
      if (/\)\s*(->[^:]*)?:\s*$/.test(lines[i]!)) break;
    }
    const text = sig.join(' ');
    const m = /\w+\s*:\s*(?:Annotated\[\s*)?(?:list\[|List\[)?(\w+)/g;
    for (const p of text.matchAll(m)) {
      if (models.has(p[1]!)) return { file: r.file, line: r.line, model: p[1]! };
    }
  }
  return undefined;
}

function fastapiUntypedBody(ctx: RuleContext) {
  for (const r of reachedRoutes(ctx.facts)) {
    if (!/^(POST|PUT|PATCH)$/.test(r.method) || (r.framework !== 'python' && r.framework !== 'flask')) continue;
    const sig = ctx.repo
      .lines(r.file)
      .slice(r.line, r.line + 8)
      .join(' ');
    const params = /def\s+\w+\s*\(([\s\S]*?)\)\s*(->[^:]*)?:/.exec(sig)?.[1] ?? '';
    if (/\w+\s*:\s*(dict|Dict(\[[^\]]*\])?|Any)\s*(=\s*Body\([^)]*\))?\s*(,|$)/.test(params)) return r;
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'api.input-validation',
    category: 'api',
    title: 'Request payloads are validated against a schema',
    severity: 'high',
    level: 2,
    scope: 'component',
    requires: ['http'],
    docs: {
      why: 'Unvalidated input is how malformed data reaches the database, how type confusion becomes a 500, and how injection and mass-assignment bugs start. A schema at the boundary rejects bad requests with a 4xx before business code runs.',
      how: 'n/a when none of the routes the service registers accepts a body. Otherwise looks in code the service reaches for: FastAPI handlers taking a pydantic model (validated by the framework by default), marshmallow/webargs/flask-smorest/APIFlask, DRF serializers and Django forms, zod/joi/yup/ajv/celebrate/express-validator, Fastify route schemas (Ajv by default), hapi validate, NestJS ValidationPipe (class-validator DTOs without the pipe do not validate), go-playground/validator and gin binding tags, Twirp methods (protobuf-typed requests) that reject fields with twirp argument errors, Spring @Valid/@Validated, Rails strong parameters, Rust validator/garde (.validate(), Valid<Json<T>>; a typed Json<T> extractor alone checks the shape only: low confidence), ASP.NET Core [ApiController] automatic model validation, FluentValidation, DataAnnotations checks and validation endpoint filters. Go: a hand-written Validate… function or method that rejects missing or malformed fields, called in a handler that decodes the body (low confidence). gRPC methods take a request message: protovalidate, protoc-gen-validate Validate(), a validator interceptor or INVALID_ARGUMENT answers validate it.',
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
      notWired: 'Validation is defined in {{file}} but never wired: no entrypoint imports that module.',
      unused: '{{library}} is declared but not used by any production source file.',
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
    const bodyRoutes = routes.filter((r) => /^(POST|PUT|PATCH|ANY)$/.test(r.method));
    if (routes.length && !bodyRoutes.length)
      return ctx.na(
        `none of the ${routes.length} routes the service registers accepts a request body (only GET/DELETE/HEAD)`,
      );
    if (ctx.facts.frameworks.has('fastapi')) {
      const m = fastapiModels(ctx);
      if (m) {
        const r = routes.find((x) => x.file === m.file && x.line === m.line)!;
        return ctx.pass(
          [
            ctx.at(
              m.file,
              m.line,
              `${describeRoute(r)} takes the pydantic model ${m.model}: FastAPI validates it and answers 422 (framework default)`,
            ),
          ],
          { messageId: 'fastapi', data: { model: m.model, route: describeRoute(r) } },
        );
      }
    }
    // Litestar decodes and validates the `data` parameter of a handler against its type (msgspec, pydantic, DTOs).
    if (ctx.facts.frameworks.has('litestar')) {
      for (const r of routes.filter((x) => x.framework === 'litestar' && /^(POST|PUT|PATCH)$/.test(x.method))) {
        const lines = ctx.repo.lines(r.file);
        const def = lines.findIndex((l, i) => i >= r.line - 1 && /^\s*(?:async\s+)?def\s/.test(l));
        if (def < 0 || def > r.line + 30) continue;
        const sig = lines.slice(def, def + 15).join(' ');
        const data = /\bdata\s*:\s*(?:Annotated\[\s*)?([\w.[\]]+)/.exec(
          sig.slice(0, sig.search(/\)\s*(?:->[^:]*)?:/) + 1 || undefined),
        );
        if (data)
          return ctx.pass(
            [
              ctx.at(
                r.file,
                def + 1,
                `${describeRoute(r)} takes data: ${data[1]}: Litestar validates it and answers 400 (framework default)`,
              ),
            ],
            { messageId: 'litestar', data: { model: data[1]!, route: describeRoute(r) } },
          );
      }
    }
    // API Gateway validates request bodies against the models the Lambda descriptor declares (serverless.yml
    // `request.schemas`, SAM `RequestModel` with ValidateBody, an OpenAPI request validator).
    if (ctx.facts.frameworks.has('aws-lambda')) {
      const gateway = ctx.repo
        .grep(/^\s*schemas\s*:|^\s*RequestModel\s*:|x-amazon-apigateway-request-validators?\b/, {
          include: ['**/*.yml', '**/*.yaml', '**/*.json'],
          limit: 20,
        })
        .find(
          (h) => !/^\s*schemas\s*:/.test(h.text) || /^\s*request\s*:/.test(ctx.repo.lines(h.path)[h.line - 2] ?? ''),
        );
      if (gateway) {
        const how = 'API Gateway validates request bodies against the models the Lambda descriptor declares';
        return ctx.pass([ctx.at(gateway.path, gateway.line, how)], { messageId: 'found', data: { how } });
      }
    }
    for (const [re, how, languages] of VALIDATION) {
      const hit = grepReached(ctx.facts, re, languages)[0];
      if (hit) return ctx.pass([ctx.at(hit.path, hit.line, how)], { messageId: 'found', data: { how } });
    }
    // ASP.NET Core [ApiController]: model binding validates DataAnnotations and answers 400 before the action runs.
    const apiController = bodyRoutes.find((r) => r.framework === 'aspnetcore' && r.handler?.includes('.'))
      ? grepReached(ctx.facts, /\[\s*ApiController\b/, ['csharp'])[0]
      : undefined;
    if (apiController)
      return ctx.pass(
        [
          ctx.at(
            apiController.path,
            apiController.line,
            '[ApiController]: invalid models are rejected with 400 ValidationProblem (framework default)',
          ),
        ],
        { messageId: 'found', data: { how: '[ApiController] automatic model validation' } },
      );
    // Rust: a typed body extractor (axum/actix Json<T>, Form<T>) rejects payloads that do not deserialize into T.
    const typed = grepReached(
      ctx.facts,
      /\b(?:web::)?(?:Json|Form)\s*<\s*(?!serde_json::Value\b|Value\b|HashMap\b|String\b|Bytes\b)[A-Z]\w*\s*>/,
      ['rust'],
    )[0];
    if (typed)
      return ctx.pass(
        [
          ctx.at(
            typed.path,
            typed.line,
            'typed body extractor: serde rejects payloads of the wrong shape (no value constraints)',
          ),
        ],
        { messageId: 'found', confidence: 'low', data: { how: 'typed Json<T> extractors (shape only)' } },
      );
    // Twirp: the generated server decodes each request into its protobuf message (a body of the wrong shape is answered
    // with a malformed error) and methods reject missing or invalid fields with twirp argument errors.
    const twirpArgs = grepReached(ctx.facts, TWIRP_ARGUMENT_CHECK, ['go']).find((h) => !h.path.endsWith('.twirp.go'));
    if (twirpArgs) {
      const how = 'Twirp: protobuf-typed requests, fields checked with twirp argument errors';
      return ctx.pass([ctx.at(twirpArgs.path, twirpArgs.line, how)], { messageId: 'found', data: { how } });
    }
    // A validator of the service's own checking the decoded body's fields (required, length, format) and rejecting it.
    const hand = ctx.facts.handValidator;
    if (hand) {
      const how = `hand-written validator ${hand.name}() checks the decoded request before use`;
      return ctx.pass(
        [
          ctx.at(hand.path, hand.line, `${hand.name}() called on the decoded request body`),
          ctx.at(hand.definedIn, hand.definedAt, 'rejects missing or malformed fields'),
        ],
        { messageId: 'found', confidence: 'low', data: { how } },
      );
    }
    // gRPC: each rpc takes a request message; protovalidate / protoc-gen-validate rules or INVALID_ARGUMENT answers
    // check its fields (the protobuf decoding alone checks only the wire types).
    const grpc = ctx.facts.grpc;
    if (grpc.methods.length && grpc.validation)
      return ctx.pass([ctx.at(grpc.validation.path, grpc.validation.line, `gRPC: ${grpc.validation.note}`)], {
        messageId: 'found',
        data: { how: `gRPC requests: ${grpc.validation.note}` },
      });
    // class-validator run by hand (an Express/Lambda middleware): validateOrReject / validate over the request data.
    const manual = grepReached(
      ctx.facts,
      /\b(?:validateOrReject|validateSync|validate)\s*\(\s*(?:plainTo(?:Instance|Class)\s*\(|[\w$]+(?:\s+as\s+\w+)?\s*[,)])/,
      ['typescript', 'javascript'],
    ).find((h) => /["']class-validator["']/.test(ctx.repo.read(h.path) ?? ''));
    if (manual) {
      const how = 'class-validator runs over the request data (validateOrReject / validate)';
      return ctx.pass([ctx.at(manual.path, manual.line, how)], { messageId: 'found', data: { how } });
    }
    const dto = ctx.facts.frameworks.has('nestjs')
      ? grepReached(ctx.facts, /@(IsString|IsInt|IsEmail|IsNotEmpty|IsOptional|IsNumber|Length|Min|Max)\(/, [
          'typescript',
        ])[0]
      : undefined;
    if (dto)
      return ctx.gap('noPipe', [
        ctx.at(dto.path, dto.line, 'class-validator decorator'),
        ctx.missing(
          ['useGlobalPipes(new ValidationPipe())', 'APP_PIPE', '@UsePipes(ValidationPipe)'],
          'no ValidationPipe',
        ),
      ]);
    const { unwired, unused } = firstLibrary(ctx, LIBS);
    if (unwired) return ctx.gap('notWired', unwired.evidence, { data: { file: unwired.file ?? '?' } });
    if (unused) return ctx.gap('unused', unused.evidence, { data: { library: unused.spec.label } });
    const sample = bodyRoutes[0];
    const raw = grepReached(
      ctx.facts,
      /request\.(get_json|json|form|data|body|POST)\b|req\.body\b|ctx\.request\.body|request\.payload|json\.loads\(\s*request\.body|\.BodyParser\(|\bc\.Body\(\)|json\.NewDecoder\(\s*\w+(\.Request)?\.Body|\bc\.(Bind\w*|GetRawData|PostForm)\(|io\.ReadAll\(\s*\w+(\.Request)?\.Body|\bparams\[:\w+\]|\bparams\.(fetch|to_unsafe_h)|await\s+request\.(json|formData|text)\(\)|\breq\.json\(\)|@RequestBody\b|@Body\(|\$request\s*->\s*(?:all|input|post|get|json|only|except|getContent|toArray|request->all)\s*\(|\bdef\s+(?:create|update)\s*\(\s*conn\s*,\s*%\{|\bdef\s+\w+\s*\(\s*conn\s*,\s*params\s*\)|\bc\.req\.(?:json|parseBody|formData)\(\)|\breadBody\(\s*event\b|\bevent\.request\.(?:json|formData)\(\)|\bJSON\.parse\(\s*(?:event|evt|request|req|input)\.body\b|\bjson\.loads\(\s*event\[["']body["']\]|\bJson\s*<\s*(?:serde_json::)?Value\s*>|\bbody\s*:\s*(?:web::)?(?:Bytes|String)\b|\[FromBody\]|\bReadFromJsonAsync\s*<|\bRequest\.Body\b|\.(?:post|put|patch)\(\s*["'`][^"'`]*["'`]\s*,\s*(?:async\s+)?\(\s*\{[^}]*\bbody\b|\.input\(\s*\(\s*\w+\s*(?::[^)]*)?\)\s*=>\s*\w+\s+as\b/,
    )[0];
    // FastAPI: a body parameter typed as a bare dict/Any is parsed JSON without a schema.
    const untyped = ctx.facts.frameworks.has('fastapi') ? fastapiUntypedBody(ctx) : undefined;
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
    // A plain gRPC service: every rpc takes a request message whose fields nothing checks.
    const rpc = grpc.methods[0];
    if (!raw && rpc && ctx.facts.frameworks.grpcOnly)
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
    ev.push(ctx.at(raw.path, raw.line, 'request body read without a schema'));
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

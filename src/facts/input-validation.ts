// Validation of request payloads: schema validation in code the service reaches, per stack, framework defaults
// (FastAPI pydantic models, Litestar `data`, ASP.NET Core [ApiController], API Gateway request models, typed Rust
// extractors and Kotlin bodies, Twirp argument checks), and what the gap side needs: class-validator DTOs without a
// ValidationPipe, request bodies read by hand, FastAPI bodies typed as a plain dict. The api.input-validation check is a
// policy over it.
import type { GrepMatch, RepoIndex } from '../repo/index.js';
import { lineStarts } from '../repo/lines.js';
import { escapeRegExp } from '../repo/text.js';
import { describeRoute, reachedRoutes } from './handlers.js';
import type { Facts } from './index.js';
import { maskText } from './code-text.js';
import { grepReached } from './live-code.js';
import { rustFunctions } from './routes-rust.js';
import type { ServiceRoute } from './service.js';

/** A place in the repository and what it shows. */
export interface ValidationSite {
  path: string;
  line: number;
  note: string;
}

/** Validation requests get. */
export interface RequestValidation {
  /** fastapi / litestar: the framework validates a typed parameter of a route; schema: validation code or config. */
  kind: 'fastapi' | 'litestar' | 'schema';
  /** What validates: a library, a framework default. */
  how: string;
  /** The model or type a route takes (fastapi, litestar). */
  model?: string;
  /** The route that takes it (fastapi, litestar). */
  route?: ServiceRoute;
  /** low: the shape is checked, not the values (typed Rust extractors, typed Kotlin bodies). */
  confidence: 'high' | 'low';
  site: ValidationSite;
  /** More evidence: where a hand-written validator is defined. */
  also?: ValidationSite[];
  /**
   * The validating server is mounted in the app (a GraphQL or MCP endpoint behind app.use): it takes request bodies
   * even when no registered route accepts POST.
   */
  mounted?: boolean;
}

export interface InputValidationFacts {
  /**
   * Validation requests get, the first found: a FastAPI route taking a pydantic model, a Litestar route taking `data`,
   * API Gateway request models of a Lambda descriptor, schema validation in reached code per stack, ASP.NET Core
   * [ApiController] on controllers taking bodies, typed Rust extractors and Kotlin bodies (low), Twirp argument errors,
   * class-validator run by hand.
   */
  validation?: RequestValidation;
  /** NestJS: a class-validator decorator on a DTO (no validation found means no ValidationPipe runs it). */
  decoratedDto?: ValidationSite;
  /** A request body read by a handler (request.json, req.body, @RequestBody, $request->all() …). */
  bodyRead?: ValidationSite;
  /** FastAPI: a POST/PUT/PATCH route taking its body as a plain dict or Any. */
  untypedBody?: ServiceRoute;
  /** A GraphQL mutation in code the service reaches (`@Mutation(`, a `Mutation` type or resolver map): it takes input. */
  graphqlMutation?: ValidationSite;
}

/** A Twirp method rejecting a request field: twirp.RequiredArgumentError("x"), twirp.InvalidArgumentError("x", …). */
const TWIRP_ARGUMENT_CHECK =
  /\btwirp\.(?:RequiredArgumentError|InvalidArgumentError)\s*\(|\btwirp\.NewError\s*\(\s*twirp\.InvalidArgument\b/;

/** Validation at the request boundary, per stack: [pattern, label, languages]. */
const VALIDATION: [RegExp, string, string[]][] = [
  [
    /@\w+\.(arguments|input)\(|@(use_args|use_kwargs)\(|\bparser\.parse\(\s*\w+\s*,\s*(?:request|req)\b|[sS]chema(?:_cls|_class)?\(\)\.loads?\(|_schema\.loads?\(|schema\.loads?\(|\.load\(\s*request\.(get_json|json|form)|@validate\(\s*(body|query)?\s*\)?|@\w+\.validate\(\s*(?:json|query|form)\s*=|\bmodel_validate(_json)?\(|\bparse_obj\(|\bjsonschema\.validate\(|\bvalidate_on_submit\(\)/,
    'schema validation of the request (marshmallow / webargs / pydantic / flask-smorest / APIFlask / spectree)',
    ['python'],
  ],
  [
    // APIFairy (Flask): `@body(schema)` loads and validates the JSON body through a marshmallow schema (webargs),
    // answering 400; `@arguments(schema)` does the same for the query string. Counted where apifairy is declared.
    /^\s*@(?:apifairy\.)?(?:body|arguments)\(\s*[\w.]+/,
    'APIFairy request schemas (@body / @arguments)',
    ['python'],
  ],
  [
    // Quart-Schema (Quart): `@validate_request(Model)` loads the JSON (or form) body into the pydantic model or
    // dataclass and answers 400 with RequestSchemaValidationError; `@validate_querystring(Model)` and
    // `@validate_headers(Model)` do the same for the query string and headers. Counted where quart-schema is declared.
    /^\s*@(?:quart_schema\.)?validate_(?:request|querystring|headers)\(\s*[\w.]+/,
    'Quart-Schema request validation (@validate_request / @validate_querystring)',
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
    // The jsonschema package (`import { validate } from 'jsonschema'`): `validate(body, schema)`, `new Validator()
    // .validate(body, createSchema)`, often inside a project helper every route calls with its schema.
    /\bjsonschema\.validate\s*\(|(?<![\w$])validate\s*\(\s*[\w$.]+\s*,\s*[\w$.]*[sS]chema\b|\bnew\s+Validator\s*\(\s*\)\s*\.validate\s*\(/,
    'JSON Schema validation (jsonschema)',
    ['javascript', 'typescript'],
  ],
  [
    /\bschema\s*:\s*\{[^}]*\b(body|querystring|params)\s*:|\bschema\s*:\s*\{\s*$|^\s*schema\s*:\s*[\w$]+\.[\w$]+\s*,?\s*$/,
    'Fastify route schema (validated by Ajv by default)',
    ['javascript', 'typescript'],
  ],
  [/\bvalidate\s*:\s*\{\s*(payload|query|params)\s*:/, 'hapi route validation (joi)', ['javascript', 'typescript']],
  [
    // AdonisJS: VineJS validators applied to the request (`request.validateUsing(createPostValidator)`, compiled with
    // `vine.compile(…)`), v5's `request.validate(CreateUserValidator)` with `schema.create({…})`.
    /\.validateUsing\s*\(|\bvine\.(?:compile|create)\s*\(|\brequest\.validate\s*\(\s*[{\w]/,
    'AdonisJS validation (VineJS validateUsing / request.validate)',
    ['javascript', 'typescript'],
  ],
  [
    // Remix 3's data-schema: `s.parseSafe(signupSchema, { email: formData.get('email') })` returns the issues.
    /\bparseSafe\s*\(\s*[\w$]+\s*,/,
    'Remix data-schema (parseSafe)',
    ['javascript', 'typescript'],
  ],
  [
    /\.useGlobalPipes\(\s*new\s+ValidationPipe|provide\s*:\s*APP_PIPE|@UsePipes\(\s*(new\s+)?ValidationPipe|@Body\(\s*new\s+ValidationPipe|new\s+ZodValidationPipe/,
    'NestJS ValidationPipe',
    ['typescript', 'javascript'],
  ],
  [
    // govalidator checks `valid:"required,email"` struct tags (ValidateStruct); ozzo-validation's ValidateStruct too.
    /\bvalidate\.Struct\(|\bvalidator\.New\(|binding:\\?"[^"\\]*required|\.ShouldBind(JSON|With|Query)?\(|\bc\.Validate\(|validation\.ValidateStruct\(|\bgovalidator\.ValidateStruct\(/,
    'Go struct validation (validator / gin binding / govalidator)',
    ['go'],
  ],
  [
    // JSON Schema in Go: gojsonschema, santhosh-tekuri/jsonschema, and the OCI image-spec validators a registry runs on
    // each pushed manifest (`schema.ValidatorMediaTypeManifest.Validate(body)`).
    /\bgojsonschema\.Validate\s*\(|\bjsonschema\.(?:Compile|MustCompile)\w*\s*\(|\bschema\.ValidatorMediaType\w+\.Validate\s*\(/,
    'Go JSON Schema validation (gojsonschema / jsonschema / OCI image-spec schemas)',
    ['go'],
  ],
  [
    // go-swagger: each operation's generated parameters binder (`BindRequest`) decodes the body into the model
    // generated from the specification and validates it (`body.Validate(route.Formats)`: required properties, formats,
    // enums, lengths), answering 422 before the handler runs.
    /\bbody\.Validate\s*\(\s*route\.Formats\s*\)/,
    'go-swagger request binding validated against the specification',
    ['go'],
  ],
  [/@Valid\b|@Validated\b/, 'Bean Validation (@Valid / @Validated)', ['java', 'kotlin']],
  // Javalin's validator: `ctx.bodyValidator(Order.class).check(o -> o.qty > 0, "…").get()`, or a parameter's checks
  // (`ctx.queryParamAsClass("limit", Int::class.java).check({ it <= 100 }, "…")`): a failed check answers 400.
  [
    /\.bodyValidator\s*[(<]|\.(?:form|query|path|header)ParamAsClass\s*(?:<[^>\n]*>\s*)?\([^)\n]*\)\s*\.check\s*\(/,
    'Javalin validator (bodyValidator / ParamAsClass checks)',
    ['java', 'kotlin'],
  ],
  [/\.require\(\s*:\w+\s*\)\s*\.permit\(|\bparams\.permit\(|\.expect\(\s*\w+\s*:/, 'Rails strong parameters', ['ruby']],
  [
    // Hanami actions validate their params with a block or a contract class (`params do required(:name) … end`,
    // `contract Contracts::Devices::Create`, then `request.params.valid?`); Grape declares them (`requires :id, type:`);
    // dry-validation / dry-schema contracts called on the request's params.
    /^\s*(?:params|contract)\s+(?:do\b|(?:[A-Z]\w*::)*[A-Z]\w*\s*$)|\brequest\.params\.valid\?|^\s*requires\s+:\w+\s*,\s*(?:type|values|allow_blank):|\bDry::Schema\.(?:Params|JSON)\s*(?:do|\{)|<\s*Dry::Validation::Contract\b/m,
    'Hanami action params / contracts, Grape params, dry-validation',
    ['ruby'],
  ],
  [
    // `cfg.validate()?` / `self.config.validate()` in start-up code checks the service's own configuration, not a
    // request: a receiver named for configuration, options or command-line arguments is not a request body.
    /\b(?:Valid|Garde|ValidatedJson|ValidJson|WithValidation)\s*<\s*(?:\w+::)*(?:Json|Form|Query)\s*<|(?<!(?:cfg|[cC]onfig|conf|[sS]ettings|opts|[oO]ptions|args|cli))\.validate\s*\(\s*(?:&\s*\(\s*\)|\(\s*\))?\s*\)\s*(?:\.map_err|\.err\s*\(|\?|;|\))/,
    'Rust validator / garde constraints checked on the request body',
    ['rust'],
  ],
  [
    // A model-state filter attribute on controllers or actions (`[ValidateModelState]`, `[ApiModelStateChecker]`, often
    // from a package) answers 400 when the DataAnnotations of the bound model fail.
    /\bAbstractValidator\s*<|:\s*Validator\s*<\s*\w+\s*>|\.AddValidatorsFromAssembly\w*\s*\(|\.AddFluentValidation\w*\s*\(|\bModelState\.IsValid\b|\bValidator\.TryValidateObject\s*\(|\.WithParameterValidation\s*\(|\bMiniValidator\.TryValidate\s*\(|\.AddValidation\s*\(\s*\)|^[ \t]*\[\s*(?:\w*ModelState\w*|Validate(?:Model|Input)\w*)\s*[(\]]/m,
    'ASP.NET Core validation (DataAnnotations / FluentValidation / FastEndpoints validators / endpoint validation filter)',
    ['csharp'],
  ],
  [
    /\$request\s*->\s*validate\s*\(|\bValidator::make\s*\(|\$this\s*->\s*validate\s*\(\s*\$request|\bextends\s+FormRequest\b|->\s*validated\s*\(\s*\)/,
    'Laravel validation (FormRequest / $request->validate)',
    ['php'],
  ],
  [
    // Respect\Validation rules asserted on the parsed body (`v::key('name', v::stringType()->notEmpty())->assert($data)`).
    /\bv::(?:key|keySet|arrayType|stringType|intType|intVal|email|notEmpty|length|attribute|allOf|each)\s*\([^;]*?->\s*(?:assert|check|validate)\s*\(/,
    'Respect\\Validation rules asserted on the request data',
    ['php'],
  ],
  [
    // CodeIgniter 4: a controller's `$this->validate($rules)` / `$this->validateData($data, $rules)`, or the validation
    // service run on the request (`service('validation')->setRules(…)->run($data)`, `->withRequest($this->request)`).
    /\$this\s*->\s*validate(?:Data)?\s*\(\s*\$\w|\bservice\s*\(\s*['"]validation['"]\s*\)|\bServices::validation\s*\(|->\s*withRequest\s*\(\s*\$this\s*->\s*request\s*\)/,
    'CodeIgniter validation ($this->validate / validateData / the validation service)',
    ['php'],
  ],
  [
    /#\[\s*Map(?:RequestPayload|QueryString)\b|\$validator\s*->\s*validate\s*\(|->\s*isValid\s*\(\s*\)|#\[\s*Assert\\/,
    'Symfony Validator / forms (MapRequestPayload, isValid)',
    ['php'],
  ],
  [
    // Utopia: each route parameter declared with its validator (`->param('email', '', new Email(), 'User email.')`);
    // the framework checks every one before the action runs and answers 400.
    /^\s*->\s*param\s*\(\s*['"]\w+['"]\s*,[^,\n]*,\s*(?:new\s+\\?[\w\\]+\s*\(|fn\s*\(|function\s*\()/,
    'Utopia route parameters with validators (->param)',
    ['php'],
  ],
  [
    /\|>\s*validate_(?:required|format|length|inclusion|number|change)\b|\bvalidate_required\s*\(|\bcast\s*\(\s*\w+\s*,\s*\w*(?:params|attrs)\b|\bOpenApiSpex\.Plug\.CastAndValidate\b/,
    'Ecto changeset validation (cast + validate_*)',
    ['elixir'],
  ],
];

/**
 * A request body read by hand, per stack (in Go not the body of a response the service fetched: `io.ReadAll(resp.Body)`;
 * nor a body an HTTP client's request builder is given to send, `request.json(&payload)`). In an axum extractor of the
 * app's own, the bytes it takes (`Bytes::from_request(req, state)`, `axum::body::to_bytes(body, limit)`). An Azure
 * Functions trigger's request read as text or a type (`req.ReadAsStringAsync()`, `request.Content.ReadAsAsync<T>()`).
 * A Spring `@RequestPart` holding data (a JSON part of a multipart request), not an uploaded file.
 */
const BODY_READ =
  /request\.(?:get_json\b|(?:json|form|data|body|POST)\b(?!\s*\(\s*[^\s)]))|req\.body\b|ctx\.request\.body|request\.payload|json\.loads\(\s*request\.body|\.BodyParser\(|\bc\.Body\(\)|json\.NewDecoder\(\s*(?!(?:\w*[rR]esp\w*|res|rsp)\.)\w+(\.Request)?\.Body|\bc\.(Bind\w*|GetRawData|PostForm)\(|io\.ReadAll\(\s*(?!(?:\w*[rR]esp\w*|res|rsp)\.)\w+(\.Request)?\.Body|\b(?:r|req)\.(?:ParseForm|ParseMultipartForm|PostFormValue)\(|\b(?:r|req)\.PostForm\b|\bDecode\(\s*(?:r|req)\s*,\s*&\w+|\bparams\[:\w+\]|\bparams\.(fetch|to_unsafe_h)|await\s+request\.(json|formData|text)\(\)|\breq\.json\(\)|@RequestBody\b|@RequestPart\b(?:\([^()]*\))?\s+(?!(?:MultipartFile|FilePart|Part)\b)[^\s:(),]+(?![^\s:(),])(?!\s*:\s*(?:MultipartFile|FilePart|Part)\b)|@Body(?:\(|\s+\w)|\$request\s*->\s*(?:all|input|post|get|json|only|except|getContent|getParsedBody|toArray|request->all)\s*\(|\brequest\.(?:only|input|all|except)\s*\(|\bdef\s+(?:create|update)\s*\(\s*conn\s*,\s*%\{|\bdef\s+\w+\s*\(\s*conn\s*,\s*params\s*\)|\bc\.req\.(?:json|parseBody|formData)\(\)|\breadBody\(\s*event\b|\bevent\.request\.(?:json|formData)\(\)|\bJSON\.parse\(\s*(?:event|evt|request|req|input)\.body\b|\bjson\.loads\(\s*event\[["']body["']\]|\bJson(?:Body)?\s*<\s*(?:serde_json::)?Value\s*>|\bbody\s*:\s*(?:web::)?(?:Bytes|String)\b(?!::)|\bBytes::from_request\s*\(|\baxum::body::to_bytes\s*\(|\[FromBody\]|\bReadFromJsonAsync\s*<|\bRequest\.Body\b|\b(?:req|request)\.(?:Content\.)?ReadAs(?:String)?Async\s*[<(]|\.(?:post|put|patch)\(\s*["'`][^"'`]*["'`]\s*,\s*(?:async\s+)?\(\s*\{[^}]*\bbody\b|\.input\(\s*\(\s*\w+\s*(?::[^)]*)?\)\s*=>\s*\w+\s+as\b|\.receive\s*<\s*\w|\b(?:call|ctx|context)\.receive(?:Text|Parameters|Multipart|Nullable)\s*[<(]/;

/** Javalin: the body or form read from the handler's Context (`ctx.body()`, `ctx.bodyAsClass(…)`, `ctx.formParam(…)`). */
const JAVALIN_BODY_READ =
  /\bctx\.(?:body(?:AsBytes|AsClass|InputStream|Validator)?|formParamMap|formParams?|uploadedFiles?)\s*[(<]/;

/** The methods whose requests carry a body. */
const BODY_METHOD = /^(?:POST|PUT|PATCH)$/;

/**
 * http4s: a request body read from the request (`req.as[T]`, `req.attemptAs[T]`, `.decode[T]` chained under it,
 * `req.bodyText`) or a decoder made for it (`jsonOf[IO, T]`, `EntityDecoder[IO, T]`); group 1 or 2 is the type.
 */
const HTTP4S_BODY_READ =
  /(?:\b(?:req|request)\.(?:as|attemptAs|decode|decodeJson)|^\s*\.(?:attemptAs|decode|decodeJson))\s*\[\s*([\w.]+)|\b(?:jsonOf|EntityDecoder)\s*\[\s*\w+\s*,\s*([\w.]+)|\b(?:req|request)\.bodyText\b/;

/**
 * Play: a body parsed into a type (`Action.async(parse.json[T])`, `request.body.validate[T]` or `.validate[T]` chained
 * under it, `withJsonBody[T]`) or read raw (`request.body.asJson`, `.asFormUrlEncoded`, `.asText`, a form bound from
 * it); group 1 or 2 the type.
 */
const PLAY_BODY_READ =
  /\b(?:parse\.json|withJsonBody|(?:req|request)\.body\.(?:validate|validateOpt|as|asOpt))\s*\[\s*([\w.]+)|^\s*\.validate\s*\[\s*([\w.]+)|\b(?:req|request)\.body\.as(?:Json|Text|FormUrlEncoded|MultipartFormData|Raw|Bytes)\b|\.bindFromRequest\s*\(/;

/** The constraints of a Play form mapping. */
const PLAY_FORM_CONSTRAINT =
  /\b(?:nonEmptyText|email|verifying|maxLength|minLength|pattern)\b|\b(?:number|bigDecimal|longNumber)\s*\(\s*(?:min|max)\b/;

/**
 * Scala bodies (http4s, Play) decoded into a class of the service's own: a JSON tree, text, bytes or a form carries no
 * shape.
 */
function scalaTypedBody(m: GrepMatch): boolean {
  const type = m.groups[1] ?? m.groups[2];
  return (
    !!type &&
    !/^(?:Json|JsValue|JsObject|String|UrlForm|Multipart|Array|Chunk|ByteVector|Unit)$/.test(type.split('.').pop()!)
  );
}

/**
 * FastAPI: a route parameter typed with a pydantic model is request data the framework validates, unless a function
 * supplies it as a dependency (`user: User = Depends(current_user)`, `Annotated[User, Depends(current_user)]`): then it
 * is what that function returns, and the request data is what the dependency itself takes (`def start_validator(body: RunCreate = Body(…))`),
 * read one dependency deep.
 */
function fastapiModel(
  repo: RepoIndex,
  facts: Facts,
): { route: ServiceRoute; model: string; via?: { name: string; path: string; line: number } } | undefined {
  const models = pydanticModels(repo);
  if (!models.size) return undefined;
  const viaDependency: { route: ServiceRoute; model: string; via: { name: string; path: string; line: number } }[] = [];
  for (const r of reachedRoutes(facts)) {
    if (r.framework !== 'python' && r.framework !== 'flask') continue;
    const params = pythonParams(repo.lines(r.file), r.line, models);
    if (params.models[0]) return { route: r, model: params.models[0] };
    for (const name of params.dependencies) {
      const dep = pythonDef(repo, facts, r.file, name);
      const inner = dep && pythonParams(repo.lines(dep.path), dep.line - 1, models).models[0];
      if (dep && inner) viaDependency.push({ route: r, model: inner, via: { name, ...dep } });
    }
  }
  return viaDependency[0];
}

/**
 * The Python classes a request body can be typed with: those deriving from a model base (`BaseModel`, `SQLModel`,
 * `Schema`, `…Model`) directly, and their subclasses at any depth (`class UserCreate(UserBase)` over
 * `class UserBase(BaseModel)`), a model family being the common shape of FastAPI schemas.
 */
function pydanticModels(repo: RepoIndex): Set<string> {
  const models = new Set<string>();
  const bases = new Map<string, string[]>();
  for (const m of repo.grep(/^class\s+(\w+)\s*\(([^()\n]*)\)/, { kinds: ['source'], languages: ['python'] })) {
    const names = m.groups[2]!.split(',')
      .map((b) => b.trim())
      .filter((b) => b && !b.includes('='));
    if (names.some((b) => /^(?:[\w.]*BaseModel|SQLModel|Schema|[\w.]*Model)(?:\[|$)/.test(b))) models.add(m.groups[1]!);
    else
      bases.set(
        m.groups[1]!,
        names.map((b) => b.split('[')[0]!.split('.').pop()!),
      );
  }
  // Subclasses of a model, to a fixed point (each pass adds at least one class or ends).
  for (let grown = true; grown; ) {
    grown = false;
    for (const [name, of] of bases)
      if (!models.has(name) && of.some((b) => models.has(b))) {
        models.add(name);
        grown = true;
      }
  }
  return models;
}

/**
 * The parameters of the Python signature from 0-based line `from` on: those typed with a pydantic model that the
 * request fills, and the functions named as dependencies (`Depends(f)`, `Security(f)`, in a default or in Annotated).
 */
function pythonParams(
  lines: readonly string[],
  from: number,
  models: ReadonlySet<string>,
): { models: string[]; dependencies: string[] } {
  const sig: string[] = [];
  for (let i = from; i < Math.min(lines.length, from + 12); i++) {
    sig.push(lines[i]!);
    if (/\)\s*(->[^:]*)?:\s*$/.test(lines[i]!)) break;
  }
  const text = sig.join(' ');
  const out: { models: string[]; dependencies: string[] } = { models: [], dependencies: [] };
  for (const p of text.matchAll(/\w+\s*:\s*(?:Annotated\[\s*)?(?:list\[|List\[)?(\w+)/g)) {
    const rest = text.slice(p.index + p[0].length);
    const dep = /^\s*(?:\[[^\]]*\]\s*)?\]?\s*(?:,|=)\s*(?:Depends|Security)\(\s*(\w*)/.exec(rest)?.[1];
    // `Depends()` or `Depends(Model)`: FastAPI builds the model itself from the query, validating it.
    if (dep && !models.has(dep)) out.dependencies.push(dep);
    else if (models.has(p[1]!)) out.models.push(p[1]!);
  }
  return out;
}

/** pythonDef's repository-wide answers per audit, by function name. */
const pythonDefs = new WeakMap<Facts, Map<string, { path: string; line: number } | undefined>>();

/** Where a Python function named in a dependency is defined: in the route's file, else in a Python file the service runs. */
function pythonDef(
  repo: RepoIndex,
  facts: Facts,
  file: string,
  name: string,
): { path: string; line: number } | undefined {
  const re = new RegExp(`^\\s*(?:async\\s+)?def\\s+${escapeRegExp(name)}\\s*\\(`);
  const here = repo.lines(file).findIndex((l) => re.test(l));
  if (here >= 0) return { path: file, line: here + 1 };
  // The repository-wide search for a name, once per audit: many routes name the same dependency (`get_db`).
  let memo = pythonDefs.get(facts);
  if (!memo) pythonDefs.set(facts, (memo = new Map()));
  if (!memo.has(name)) {
    const hit = grepReached(facts, re, ['python'])[0];
    memo.set(name, hit && { path: hit.path, line: hit.line });
  }
  return memo.get(name);
}

function fastapiUntypedBody(repo: RepoIndex, facts: Facts): ServiceRoute | undefined {
  for (const r of reachedRoutes(facts)) {
    if (!BODY_METHOD.test(r.method) || (r.framework !== 'python' && r.framework !== 'flask')) continue;
    const sig = repo
      .lines(r.file)
      .slice(r.line, r.line + 8)
      .join(' ');
    const params = /def\s+\w+\s*\(([\s\S]*?)\)\s*(->[^:]*)?:/.exec(sig)?.[1] ?? '';
    if (/\w+\s*:\s*(dict|Dict(\[[^\]]*\])?|Any)\s*(=\s*Body\([^)]*\))?\s*(,|$)/.test(params)) return r;
  }
  return undefined;
}

/** Litestar decodes and validates the `data` parameter of a handler against its type (msgspec, pydantic, DTOs). */
function litestarData(repo: RepoIndex, facts: Facts): RequestValidation | undefined {
  for (const r of reachedRoutes(facts).filter((x) => x.framework === 'litestar' && BODY_METHOD.test(x.method))) {
    const lines = repo.lines(r.file);
    const def = lines.findIndex((l, i) => i >= r.line - 1 && /^\s*(?:async\s+)?def\s/.test(l));
    if (def < 0 || def > r.line + 30) continue;
    const sig = lines.slice(def, def + 15).join(' ');
    const data = /\bdata\s*:\s*(?:Annotated\[\s*)?([\w.[\]]+)/.exec(
      sig.slice(0, sig.search(/\)\s*(?:->[^:]*)?:/) + 1 || undefined),
    );
    if (data)
      return {
        kind: 'litestar',
        how: 'Litestar validates the request data',
        model: data[1]!,
        route: r,
        confidence: 'high',
        site: {
          path: r.file,
          line: def + 1,
          note: `${describeRoute(r)} takes data: ${data[1]}: Litestar validates it and answers 400 (framework default)`,
        },
      };
  }
  return undefined;
}

/**
 * API Gateway validates request bodies against the models the Lambda descriptor declares (serverless.yml
 * `request.schemas`, SAM `RequestModel` with ValidateBody, an OpenAPI request validator).
 */
function gatewayModels(repo: RepoIndex): RequestValidation | undefined {
  const gateway = repo
    .grep(/^\s*schemas\s*:|^\s*RequestModel\s*:|x-amazon-apigateway-request-validators?\b/, {
      include: ['**/*.yml', '**/*.yaml', '**/*.json'],
      limit: 20,
    })
    .find((h) => !/^\s*schemas\s*:/.test(h.text) || /^\s*request\s*:/.test(repo.lines(h.path)[h.line - 2] ?? ''));
  return (
    gateway && schema('API Gateway validates request bodies against the models the Lambda descriptor declares', gateway)
  );
}

function schema(
  how: string,
  at: { path: string; line: number },
  note = how,
  confidence: 'high' | 'low' = 'high',
): RequestValidation {
  return { kind: 'schema', how, confidence, site: { path: at.path, line: at.line, note } };
}

/**
 * Rust GraphQL servers: an async-graphql schema built (`Schema::build(Query, Mutation, Subscription)`), a juniper root
 * node, or operations validated against the schema with apollo-compiler (`ast.to_executable_validate(&schema)`,
 * `ExecutableDocument::parse_and_validate(…)`), in a file that uses the crate.
 */
const RUST_GRAPHQL =
  /\bSchema::build\s*\(|\bRootNode::new\s*\(|\.to_executable_validate\s*\(|\bExecutableDocument::parse_and_validate\s*\(/;
const RUST_GRAPHQL_CRATES = /\b(?:async_graphql|juniper|apollo_compiler)::/;

/**
 * A Rust extractor of the app's own that takes the request body (axum `impl<S> FromRequest<S> for GitHubWebhook`,
 * actix `impl FromRequest for Signed`; Rocket's `FromRequest<'r>` guards see no body), in a file that deserializes into
 * a typed struct (`let event: PushEvent = serde_json::from_slice(&body)?`, `serde_json::from_str::<Order>(…)`): the
 * handlers taking it get a payload of that shape or the extractor's rejection.
 */
const RUST_BODY_EXTRACTOR =
  /\bimpl\s*(?:<[^>{]*>)?\s*(?:[\w:]+::)?FromRequest(?!\s*<\s*')\b(?:\s*<[^<>{]*>)?\s+for\s+\w+/;
const RUST_TYPED_DESERIALIZE =
  /\blet\s+\w+\s*:\s*(?!(?:serde_json::)?Value\b|HashMap\b|String\b)(?:[a-z_]\w*::)*[A-Z]\w*(?:<[^<>;\n]*>)?\s*=\s*serde_json::from_(?:slice|str|reader|value)\s*\(|\bserde_json::from_(?:slice|str|reader|value)\s*::\s*<\s*(?!(?:serde_json::)?Value\b|HashMap\b|String\b)(?:[a-z_]\w*::)*[A-Z]/;

/** axum-macros: an extractor derived through Json (`#[from_request(via(axum::Json), rejection(ApiError))]`). */
const VIA_JSON = /#\[from_request\s*\(\s*via\s*\(\s*(?:axum::)?(?:extract::)?Json\s*\)/;

/**
 * A handler parameter typed with a wrapper derived through Json (`AppJson(config): AppJson<CheckConfig>` over `struct
 * AppJson<T>(T);`): the body is deserialized into T as by Json<T>, and a refusal is answered with the wrapper's
 * rejection.
 */
function viaJsonWrapperParam(facts: Facts): GrepMatch | undefined {
  for (const h of grepReached(facts, VIA_JSON, ['rust'])) {
    const after = facts.repo
      .lines(h.path)
      .slice(h.line, h.line + 4)
      .join('\n');
    const name = /\bstruct\s+(\w+)\s*</.exec(after)?.[1];
    if (!name) continue;
    const param = new RegExp(
      `(?:\\b\\w+|\\))\\s*:\\s*${escapeRegExp(name)}\\s*<\\s*(?!serde_json::Value\\b|Value\\b|HashMap\\b|String\\b)(?:[a-z_]\\w*::)*[A-Z]\\w*\\s*>`,
    );
    const use = grepReached(facts, param, ['rust'])[0];
    if (use) return use;
  }
  return undefined;
}

/**
 * A generic body parser of a hand-routed Rust server (`fn parse_body<D>(body: &[u8]) -> Result<D, Response> where D:
 * DeserializeOwned`): each caller gets the type it asks for (`handle_compare(check!(parse_body(&body)))`) or a 400.
 */
const RUST_PARSE_HELPER =
  /\bfn\s+(\w+)\s*<\s*(\w+)\s*(?::\s*(?:serde::de::)?DeserializeOwned\s*)?>\s*\([^()]{0,120}\)\s*->\s*Result\s*<\s*\2\s*,/;
const DESERIALIZE_CALL = /\bserde_json::from_(?:slice|str|reader)\s*(?:::\s*<[^<>]*>\s*)?\(/;

/** A Rust parse helper of RUST_PARSE_HELPER's shape whose body deserializes and answers 400, called elsewhere. */
function rustParseHelper(text: string, line: number): boolean {
  const bare = maskText(text, 'rust').bare;
  const at = lineStarts(text)[line - 1] ?? 0;
  const name = RUST_PARSE_HELPER.exec(text.slice(at))?.[1];
  const fn = rustFunctions(bare).find((f) => f.name === name && f.start >= at);
  if (!name || !fn) return false;
  const body = bare.slice(fn.bodyStart, fn.end);
  const calls = bare.match(new RegExp(`\\b${escapeRegExp(name)}\\s*(?:::\\s*<[^<>]*>\\s*)?\\(`, 'g'))?.length ?? 0;
  return DESERIALIZE_CALL.test(body) && /\bBAD_REQUEST\b|\b400\b/.test(body) && calls > 0;
}

/** A GraphQL server set up in code: the schema it is given validates every request. */
const GRAPHQL_SERVER =
  /\bnew\s+ApolloServer\s*\(|\bcreateYoga\s*\(|\bgraphqlHTTP\s*\(|\bcreateHandler\s*\(\s*\{\s*schema\b|\.register\(\s*mercurius\b|\bstartStandaloneServer\s*\(/;
const ABSINTHE_MOUNT = /^\s*(?:forward\s*\(?\s*"[^"]*"\s*,|plug\s*\(?)\s*Absinthe\.Plug\b/;
const GRAPHQL_PACKAGES =
  /["'](?:@apollo\/server|apollo-server(?:-[\w-]+)?|graphql-yoga|@graphql-yoga\/[\w-]+|graphql-http(?:\/[\w/-]+)?|express-graphql|mercurius)["']/;
/** An MCP server's tool registration (`server.registerTool(name, { inputSchema }, …)`, `server.tool(name, shape, …)`). */
const MCP_TOOL = /\.(?:registerTool|tool)\s*\(\s*["'`]/;

/** Modules that hold the settings schema (src/env.ts, server/env.mjs, config.ts, settings.py). */
const SETTINGS_MODULE = /(?:^|\/)(?:env|config|settings)(?:\.[\w-]+)?\.[cm]?[jt]s$|(?:^|\/)settings\.py$/;
/**
 * Console commands (Laravel's app/Console/Commands, Symfony's src/Command, Django's management commands): what they
 * validate is their own options, not a request.
 */
const CONSOLE_COMMAND = /(?:^|\/)(?:Console\/Commands|src\/Command|management\/commands)\//;
/**
 * Go configuration packages and files (`internal/config/promcfg/config.go`, `storage/v1/badger/config.go`): a struct
 * validated there is the service's settings, never a request, so it counts for nothing even when nothing else
 * validates.
 */
const GO_SETTINGS_PACKAGE =
  /(?:^|\/)(?:config|configs|cfg|\w+cfg|settings|options)\/[^/]+\.go$|(?:^|\/)(?:config|options|settings)\.go$/;

/**
 * A Rust `.validate()` call is the validator or garde trait's only when the file brings the trait into scope (`use
 * validator::Validate`, `garde::Validate`), or when its failure answers the request 400; a key's, a document's or a
 * token's own `validate()` (`jwk.validate()?`) checks no request. A validating extractor (`Valid<Json<T>>`) is one by
 * itself.
 */
function rustValidatorCall(facts: Facts, h: { path: string; line: number; text: string }): boolean {
  if (!/\.validate\s*\(/.test(h.text)) return true;
  if (/\b(?:validator|garde)::/.test(facts.repo.read(h.path) ?? '')) return true;
  // The project's own check whose failure answers the request 400 (`.validate().map_err(|e| bad_request(…))?`).
  return facts.repo
    .lines(h.path)
    .slice(h.line - 1, h.line + 2)
    .some((l) => /\bbad_request\b|\bBAD_REQUEST\b|\bBadRequest\b|\bUNPROCESSABLE_ENTITY\b|\b(?:400|422)\b/.test(l));
}

function codeIgniter(facts: Facts): boolean {
  return !!(
    facts.manifests.declared('php', 'codeigniter4/framework') ||
    facts.manifests.declared('php', 'codeigniter4/codeigniter4')
  );
}

/** Validation in code the service reaches that is not a framework default of a route's parameters. */
function validationInCode(facts: Facts): RequestValidation | undefined {
  const migrations = new Set(facts.migrations.sets.flatMap((s) => s.files));
  for (const [re, how, languages] of VALIDATION) {
    // A schema of the request first: one in an env/config module validates the settings, not a payload. A form
    // component's schema (React/Vue/Svelte) checks input in the browser, not the requests the server accepts.
    // A route's `schema:` is Fastify's only in a Fastify service (`schema: this.schema` in a migration library is not).
    if (how.startsWith('Fastify') && !facts.deps.declared(['node', 'fastify'])) continue;
    if (how.startsWith('APIFairy') && !facts.deps.declared(['python', 'apifairy'])) continue;
    if (how.startsWith('Quart-Schema') && !facts.deps.declared(['python', 'quart-schema'])) continue;
    // `$this->validate($mailbox, …)` is CodeIgniter's only in a CodeIgniter project (another class's own method).
    if (how.startsWith('CodeIgniter') && !codeIgniter(facts)) continue;
    // A schema migration that checks the rows it rewrites validates stored data, not a request.
    const hits = grepReached(facts, re, languages).filter(
      (h) =>
        !/\.(?:jsx|vue|svelte)$/.test(h.path) &&
        !GO_SETTINGS_PACKAGE.test(h.path) &&
        (!h.path.endsWith('.rs') || rustValidatorCall(facts, h)) &&
        !migrations.has(h.path),
    );
    const hit = hits.find((h) => !SETTINGS_MODULE.test(h.path) && !CONSOLE_COMMAND.test(h.path)) ?? hits[0];
    if (hit) return schema(how, hit);
  }
  // Sails actions2: an action's `inputs: { name: { type: 'string', required: true } }` are validated (types, required,
  // rules) before `fn` runs, and a bad request is answered 400.
  const sails = reachedRoutes(facts).some((r) => r.framework === 'sails')
    ? grepReached(facts, /^\s*inputs\s*:\s*\{/, ['javascript', 'typescript']).find((h) =>
        /(?:^|\/)api\/controllers\//.test(h.path),
      )
    : undefined;
  if (sails)
    return schema(
      'Sails actions2 inputs',
      sails,
      'actions2 inputs: types and required fields are validated before the action runs',
    );
  // ASP.NET Core [ApiController]: model binding validates DataAnnotations and answers 400 before the action runs.
  const bodyRoutes = reachedRoutes(facts).filter((r) => /^(POST|PUT|PATCH|ANY)$/.test(r.method));
  const apiController = bodyRoutes.find((r) => r.framework === 'aspnetcore' && r.handler?.includes('.'))
    ? grepReached(facts, /\[\s*ApiController\b/, ['csharp'])[0]
    : undefined;
  if (apiController)
    return schema(
      '[ApiController] automatic model validation',
      apiController,
      '[ApiController]: invalid models are rejected with 400 ValidationProblem (framework default)',
    );
  // ABP's MVC module validates the DataAnnotations of every action's input with its own action filter, whether or not
  // the controller carries [ApiController] (its `[RemoteService]` controllers and the conventional ones alike).
  const abp = bodyRoutes.some((r) => r.framework === 'aspnetcore')
    ? (grepReached(facts, /\bConventionalControllers\.Create\s*\(/, ['csharp'])[0] ??
      grepReached(facts, /\btypeof\s*\(\s*AbpAspNetCoreMvc\w*Module\s*\)/, ['csharp'])[0])
    : undefined;
  if (abp)
    return schema(
      'ABP automatic input validation',
      abp,
      "ABP MVC: every action's input is validated (DataAnnotations, IValidatableObject) and rejected with 400 (framework default)",
    );
  // Rust: a typed body extractor (axum/actix Json<T>, Form<T>, dropshot TypedBody<T>, salvo JsonBody<T>) rejects
  // payloads that do not deserialize into T, or into a list of T. Read where a parameter is typed (`body: web::Json<T>`,
  // `Json(p): Json<T>`, `Json(stmts): axum::extract::Json<Vec<T>>`, `req: Result<Json<T>, JsonRejection>`): a handler's
  // `-> Json<T>` answer or a database column read as `row.get::<_, Json<T>>` takes in nothing. A wrapper of the
  // project's own that axum-macros derives through Json (viaJsonWrapperParam) reads the body the same way.
  const typed =
    grepReached(
      facts,
      /(?:\b\w+|\))\s*:\s*(?:(?:Result|Option)\s*<\s*)?(?:[a-z_]\w*::)*(?:Json|Form|TypedBody|JsonBody|FormBody)\s*<\s*(?:Vec\s*<\s*)?(?!serde_json::Value\b|Value\b|HashMap\b|String\b|Bytes\b)(?:[a-z_]\w*::)*[A-Z]\w*\s*>/,
      ['rust'],
    )[0] ?? viaJsonWrapperParam(facts);
  if (typed)
    return schema(
      'typed Json<T> extractors (shape only)',
      typed,
      'typed body extractor: serde rejects payloads of the wrong shape (no value constraints)',
      'low',
    );
  const ownExtractor = grepReached(facts, RUST_BODY_EXTRACTOR, ['rust']).find((h) =>
    RUST_TYPED_DESERIALIZE.test(facts.code.text(h.path) ?? ''),
  );
  if (ownExtractor)
    return schema(
      'a body extractor of its own deserializing into typed structs (shape only)',
      ownExtractor,
      'FromRequest extractor: the body is deserialized into typed structs and refused otherwise (no value constraints)',
      'low',
    );
  const parseHelper = grepReached(facts, RUST_PARSE_HELPER, ['rust']).find((h) =>
    rustParseHelper(facts.repo.read(h.path) ?? '', h.line),
  );
  if (parseHelper)
    return schema(
      'a typed body parser of its own (shape only)',
      parseHelper,
      'generic parser: the body is deserialized into the type each handler asks for, 400 otherwise (no value constraints)',
      'low',
    );
  // Javalin: `ctx.bodyAsClass<Order>()` / `ctx.bodyAsClass(Order.class)` maps the body onto a class, and
  // `ctx.formParamAsClass("qty", Int::class.java).get()` converts a form field (a wrong type answers 400): shapes only.
  const javalinTyped = grepReached(
    facts,
    /\.bodyAsClass\s*(?:<\s*(?!Map\b|MutableMap\b|String\b|JsonNode\b|Any\b)[A-Z]\w*|\(\s*(?!Map\b|String\b|JsonNode\b|Object\b|Any\b)[A-Z]\w*(?:::class\.java|\.class))|\.formParamAsClass\s*[(<]/,
    ['java', 'kotlin'],
  ).find((h) => /\bimport\s+io\.javalin\b/.test(facts.repo.read(h.path) ?? ''));
  if (javalinTyped)
    return schema(
      'typed Javalin bodies and form fields (bodyAsClass / formParamAsClass, shape only)',
      javalinTyped,
      'typed body or form field: Javalin answers 400 when the request does not convert (no value constraints)',
      'low',
    );
  // API-first JVM services: the controllers implement interfaces openapi-generator writes at build time from the
  // OpenAPI document, with `@Valid` on each body and the schema's constraints on the models (useBeanValidation, on
  // by default), enforced when a Bean Validation provider is on the classpath. The generated code is not in the
  // repository: low.
  const generated = facts.apiDocs.serverGenerator;
  const provider = facts.deps.declared([
    'jvm',
    /^(?:org\.springframework\.boot:spring-boot-starter-validation|org\.hibernate\.validator:hibernate-validator|io\.micronaut\.validation:micronaut-validation|io\.quarkus:quarkus-hibernate-validator)$/,
  ]);
  if (
    generated?.beanValidation &&
    /^(?:spring|kotlin-spring|jaxrs-[\w-]+|java-micronaut-server)$/.test(generated.generator) &&
    provider
  )
    return schema(
      'Bean Validation generated from the OpenAPI document (openapi-generator useBeanValidation)',
      generated,
      `${generated.note}: @Valid bodies and schema constraints in the generated interfaces (${provider.name})`,
      'low',
    );
  // Kotlin: a body deserialized into a class, by Ktor's `call.receive<OrderDto>()` or a Spring `@RequestBody` /
  // `@RequestPart` (a JSON part of a multipart request; an uploaded file is no schema) / Micronaut `@Body` parameter
  // typed with one, is refused when a non-null field is missing or of the wrong type
  // (kotlinx.serialization, Jackson's Kotlin module, Micronaut Serialization): the shape is checked, not the values. A
  // Map, String or JSON tree is no schema. Java stays out: Jackson leaves a missing field of a Java class null.
  const kotlinTyped = grepReached(
    facts,
    /(?:\.receive\s*<\s*|@(?:RequestBody|RequestPart|Body)\b(?:\([^()]*\))?\s+[^\s:(),]+\s*:\s*)(?!Map\b|MutableMap\b|String\b|JsonObject\b|JsonElement\b|JsonNode\b|ObjectNode\b|Parameters\b|Any\b|ByteArray\b|MultipartFile\b|FilePart\b|Part\b)[A-Z]\w*/,
    ['kotlin'],
  )[0];
  if (kotlinTyped)
    return schema(
      'typed Kotlin bodies (receive<T>(), @RequestBody / @RequestPart / @Body classes; shape only)',
      kotlinTyped,
      'typed body: deserialized into a Kotlin class, refused when a field is missing or of the wrong type (no value constraints)',
      'low',
    );
  // Scala: an http4s body decoded into a case class (circe) is answered 422 when a field is missing or of the wrong
  // type; a smithy4s operation's input is decoded against the Smithy model it is generated from (required members and
  // member types). Shape only, like typed Kotlin bodies.
  // Play JSON: a body parsed into a class through its Reads answers 400 with the JsError when it does not fit.
  for (const [read, how] of [
    [HTTP4S_BODY_READ, 'typed http4s bodies (decoded into case classes; shape only)'],
    [PLAY_BODY_READ, 'typed Play JSON bodies (read into case classes; shape only)'],
  ] as const) {
    const typed = grepReached(facts, read, ['scala']).find(scalaTypedBody);
    if (typed)
      return schema(
        how,
        typed,
        'typed body: decoded into a case class, refused when a field is missing or of the wrong type (no value constraints)',
        'low',
      );
  }
  // Play forms: a request bound to a form mapping (`form.bindFromRequest()`) is refused with the form's errors when a
  // field breaks its constraints (`nonEmptyText`, `email`, `number(min = 1)`, `.verifying(…)`); plain `text` fields
  // check only that the field is there (low).
  const playForm = facts.frameworks.has('play')
    ? grepReached(facts, /\bForm\s*(?:\[[\w.]+\]\s*)?\(\s*(?:mapping|single|tuple)\s*\(/, ['scala'])
    : [];
  if (playForm.length && grepReached(facts, /\.bindFromRequest\s*\(/, ['scala']).length) {
    const constrained = playForm.find((h) => PLAY_FORM_CONSTRAINT.test(facts.repo.read(h.path) ?? ''));
    return schema(
      'Play form mappings bound from the request',
      constrained ?? playForm[0]!,
      constrained
        ? 'form mapping with constraints: a request breaking them is answered with the form errors'
        : 'form mapping without value constraints (fields only)',
      constrained ? 'high' : 'low',
    );
  }
  const smithyInput = reachedRoutes(facts).find((r) => r.framework === 'smithy4s' && BODY_METHOD.test(r.method));
  if (smithyInput)
    return schema(
      'smithy4s operation inputs decoded against the Smithy model (shape only)',
      { path: smithyInput.file, line: smithyInput.line },
      `${describeRoute(smithyInput)}: its input is decoded by the codec generated from the model, refused when a required member is missing or mistyped`,
      'low',
    );
  // Twirp: the generated server decodes each request into its protobuf message (a body of the wrong shape is answered
  // with a malformed error) and methods reject missing or invalid fields with twirp argument errors.
  const twirpArgs = grepReached(facts, TWIRP_ARGUMENT_CHECK, ['go']).find((h) => !h.path.endsWith('.twirp.go'));
  if (twirpArgs) return schema('Twirp: protobuf-typed requests, fields checked with twirp argument errors', twirpArgs);
  // A GraphQL server (Apollo, Yoga, graphql-http, express-graphql, Mercurius): every operation is parsed and validated
  // against the schema, and variables are coerced to its input types (non-null, enums, scalars) before any resolver
  // runs; an invalid request is answered with errors. Types and required fields only: value rules need more.
  const gql =
    grepReached(facts, GRAPHQL_SERVER, ['typescript', 'javascript']).find((h) =>
      GRAPHQL_PACKAGES.test(facts.repo.read(h.path) ?? ''),
    ) ??
    // Absinthe (Elixir, also under AshGraphql): `forward "/gql", Absinthe.Plug, schema: App.Schema` in the router.
    grepReached(facts, ABSINTHE_MOUNT, ['elixir'])[0] ??
    grepReached(facts, RUST_GRAPHQL, ['rust']).find((h) => RUST_GRAPHQL_CRATES.test(facts.repo.read(h.path) ?? ''));
  if (gql)
    return {
      ...schema(
        'GraphQL schema validation of every operation (types and required fields)',
        gql,
        'GraphQL server: operations and variables are validated against the schema before resolvers run',
        'low',
      ),
      mounted: true,
    };
  // An MCP server (@modelcontextprotocol/sdk) whose tools declare zod input schemas: the SDK validates the arguments of
  // every tool call against them and answers invalid ones with an error.
  const mcp = grepReached(facts, MCP_TOOL, ['typescript', 'javascript']).find((h) => {
    const text = facts.repo.read(h.path) ?? '';
    return /["']@modelcontextprotocol\/sdk[/"']/.test(text) && /\bz\.\w+\(/.test(text);
  });
  if (mcp)
    return {
      ...schema(
        'MCP tool input schemas (zod), validated by the SDK on every call',
        mcp,
        'MCP server tool with a zod input schema: the SDK validates call arguments against it',
      ),
      mounted: true,
    };
  // A validator of the service's own checking the decoded body's fields (required, length, format) and rejecting it.
  const hand = facts.handValidator;
  if (hand)
    return {
      ...schema(
        `hand-written validator ${hand.name}() checks the decoded request before use`,
        hand,
        `${hand.name}() called on the decoded request body`,
        'low',
      ),
      also: [{ path: hand.definedIn, line: hand.definedAt, note: 'rejects missing or malformed fields' }],
    };
  // gRPC: each rpc takes a request message; protovalidate / protoc-gen-validate rules or INVALID_ARGUMENT answers
  // check its fields (the protobuf decoding alone checks only the wire types).
  const grpc = facts.grpc;
  if (grpc.methods.length && grpc.validation)
    return schema(`gRPC requests: ${grpc.validation.note}`, grpc.validation, `gRPC: ${grpc.validation.note}`);
  // class-validator run by hand (an Express/Lambda middleware): validateOrReject / validate over the request data.
  const manual = grepReached(
    facts,
    /\b(?:validateOrReject|validateSync|validate)\s*\(\s*(?:plainTo(?:Instance|Class)\s*\(|[\w$]+(?:\s+as\s+\w+)?\s*[,)])/,
    ['typescript', 'javascript'],
  ).find((h) => /["']class-validator["']/.test(facts.repo.read(h.path) ?? ''));
  if (manual) return schema('class-validator runs over the request data (validateOrReject / validate)', manual);
  return undefined;
}

function firstValidation(repo: RepoIndex, facts: Facts): RequestValidation | undefined {
  if (facts.frameworks.has('fastapi')) {
    const m = fastapiModel(repo, facts);
    if (m)
      return {
        kind: 'fastapi',
        how: 'FastAPI validates the pydantic model',
        model: m.model,
        route: m.route,
        confidence: 'high',
        site: m.via
          ? {
              path: m.via.path,
              line: m.via.line,
              note: `${describeRoute(m.route)} takes the pydantic model ${m.model} through its dependency ${m.via.name}: FastAPI validates it and answers 422 (framework default)`,
            }
          : {
              path: m.route.file,
              line: m.route.line,
              note: `${describeRoute(m.route)} takes the pydantic model ${m.model}: FastAPI validates it and answers 422 (framework default)`,
            },
        ...(m.via
          ? {
              also: [
                { path: m.route.file, line: m.route.line, note: `${describeRoute(m.route)} depends on ${m.via.name}` },
              ],
            }
          : {}),
      };
  }
  return (
    (facts.frameworks.has('litestar') ? litestarData(repo, facts) : undefined) ??
    (facts.frameworks.has('aws-lambda') ? gatewayModels(repo) : undefined) ??
    validationInCode(facts)
  );
}

/**
 * API-first JVM services: the interfaces openapi-generator writes take the request bodies the OpenAPI document
 * describes (`requestBody`, Swagger 2 `in: body`), though no controller in the repository names @RequestBody.
 */
function generatedBodies(repo: RepoIndex, facts: Facts): { path: string; line: number } | undefined {
  const generated = facts.apiDocs.serverGenerator;
  if (!generated) return undefined;
  const rel = generated.spec.replace(/^\$\{?(?:project\.basedir|basedir|projectDir|project\.projectDir)\}?\//, '');
  const dir = generated.path.includes('/') ? generated.path.slice(0, generated.path.lastIndexOf('/')) : '.';
  const spec = [dir === '.' ? rel : `${dir}/${rel}`, rel].find((p) => repo.has(p));
  const text = spec && repo.read(spec);
  if (
    !text ||
    !/^[ \t]*requestBody[ \t]*:|["']requestBody["'][ \t]*:|^[ \t]*(?:-[ \t]*)?in[ \t]*:[ \t]*["']?body\b/m.test(text)
  )
    return undefined;
  return { path: generated.path, line: generated.line };
}

/**
 * A Rust `body: String` / `body: Bytes` outside a function's signature (a field of a struct, `pub body: String,` of a
 * comment the service fetched): it declares data and reads nothing, unless something else on its line reads a body
 * (`let body: Bytes = axum::body::to_bytes(…)`). A closure's parameter (`|body: String|`) or a binding stays a read.
 * So is a Scala class parameter (`case class Reply(id: Int, body: String)`, a message the service sends).
 */
function bodyField(repo: RepoIndex, facts: Facts, m: GrepMatch): boolean {
  const language = repo.get(m.path)?.language;
  if (!/^body\s*:/.test(m.groups[0] ?? '') || (language !== 'rust' && language !== 'scala')) return false;
  const line = repo.lines(m.path)[m.line - 1] ?? '';
  const col = line.search(/\bbody\s*:/);
  if (language === 'scala') return /\bclass\s+\w+/.test(line.slice(0, col));
  if (/\||\blet\b/.test(line.slice(0, col)) || BODY_READ.test(line.slice(col + m.groups[0]!.length))) return false;
  const at = repo.lineOffsets(m.path)[m.line - 1]! + col;
  const bare = facts.code.text(m.path, { strings: false }) ?? '';
  return !rustFunctions(bare).some((f) => f.start <= at && at < f.bodyStart);
}

export function detectInputValidation(repo: RepoIndex, facts: Facts): InputValidationFacts {
  const validation = firstValidation(repo, facts);
  const dto = facts.frameworks.has('nestjs')
    ? grepReached(facts, /@(IsString|IsInt|IsEmail|IsNotEmpty|IsOptional|IsNumber|Length|Min|Max)\(/, ['typescript'])[0]
    : undefined;
  const raw =
    grepReached(facts, BODY_READ).find((m) => !bodyField(repo, facts, m)) ??
    grepReached(facts, JAVALIN_BODY_READ, ['java', 'kotlin'])[0] ??
    grepReached(facts, HTTP4S_BODY_READ, ['scala'])[0] ??
    grepReached(facts, PLAY_BODY_READ, ['scala'])[0] ??
    generatedBodies(repo, facts);
  const untypedBody = facts.frameworks.has('fastapi') ? fastapiUntypedBody(repo, facts) : undefined;
  const mutation = grepReached(
    facts,
    /^\s*@Mutation\s*\(|\bMutation\s*:\s*\{|\bname\s*:\s*["']Mutation["']|^\s*@strawberry\.mutation\b|^\s*class\s+\w+\s*\(\s*graphene\.Mutation\b|\bfield\s+:\w+\s*,\s*mutation:/m,
    ['typescript', 'javascript', 'python', 'ruby'],
  )[0];
  return {
    ...(mutation ? { graphqlMutation: { path: mutation.path, line: mutation.line, note: 'GraphQL mutation' } } : {}),
    ...(validation ? { validation } : {}),
    ...(dto ? { decoratedDto: { path: dto.path, line: dto.line, note: 'class-validator decorator' } } : {}),
    ...(raw ? { bodyRead: { path: raw.path, line: raw.line, note: 'request body read without a schema' } } : {}),
    ...(untypedBody ? { untypedBody } : {}),
  };
}

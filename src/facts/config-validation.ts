import { DOTNET_LANGUAGES } from '../repo/classify.js';
import type { GrepMatch, RepoIndex } from '../repo/index.js';
import { prefilterOf } from '../repo/prefilter.js';
import { CLAP_ENV_ATTRIBUTE } from './config.js';
import type { Facts } from './index.js';

interface Validator {
  name: string;
  languages: string[];
  /** Pattern that must appear in a production source file. */
  re: RegExp;
  /** A second pattern that must appear in the same file (e.g. the schema is applied to the environment). */
  with?: RegExp;
  /** A pattern that must not appear in the same file (another framework's annotation of the same name). */
  without?: RegExp;
  /** Only a presence check (fails fast on a missing variable, does not validate types or values). */
  weak?: boolean;
  /** `with` may be in any production file of the language: the loader is set up in one module, used in others. */
  withAnywhere?: boolean;
  /** Hand-written fail-fast checks (a low-confidence pass). */
  handWritten?: boolean;
  /** Hits count only in these files (settings modules and configuration packages, which run at start-up). */
  inPaths?: RegExp;
  /** Also counts in a file whose text matches this (Go: the file that parses the command-line flags starts the service). */
  orFileWith?: RegExp;
  /**
   * Counts only when the hit's file holds every read of the settings (this pattern) in production code: a setting read
   * elsewhere (a handler's `env::var("DATABASE_URL").unwrap()`) is not checked when the service starts.
   */
  allReadsHere?: RegExp;
  /** A hit whose line matches this checks nothing: the statement throws the error away (`.unwrap_or_default();`). */
  discarded?: RegExp;
}

/**
 * The statement that starts on line `line` (1-based): its lines joined up to the one ending in `;` outside every
 * bracket (string literals blanked first, so a `"{e}"` or `")"` in a message does not count), at most 12 lines.
 */
export function statementAt(lines: readonly string[], line: number): string {
  const parts: string[] = [];
  let depth = 0;
  for (let i = line - 1; i < lines.length && i < line + 11; i++) {
    const text = lines[i] ?? '';
    parts.push(text.trim());
    for (const ch of text.replace(/"(?:[^"\\\n]|\\.)*"/g, '""')) {
      if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if (ch === ')' || ch === ']' || ch === '}') depth--;
    }
    if (depth <= 0 && /;\s*(?:\/\/.*)?$/.test(text)) break;
  }
  return parts.join(' ');
}

/** Go configuration packages: `config/`, `internal/config/`, `appconfig/`, or a `config.go`. */
const GO_CONFIG_FILE = /(^|\/)(?:config|conf|configuration|settings|appconfig)\/[^/]+\.go$|(^|\/)config\.go$/;
/** Where a Go service reads its settings and starts: the configuration package, `cmd/…` commands, `main.go`. */
const GO_START_FILE = new RegExp(`${GO_CONFIG_FILE.source}|(^|\\/)cmd\\/(?:[^/]+\\/)?[^/]+\\.go$|(^|\\/)main\\.go$`);

/** A Go file that parses the command line is start-up code whatever its package (`golink.Run()` called from main). */
const GO_PARSES_FLAGS = /\b(?:flag|pflag)\.Parse\(\s*\)/;

/** Where a Rust service starts or keeps its settings: main.rs, a binary, a config/settings/cli/app/server module. */
const RUST_START_OR_SETTINGS =
  /(?:^|\/)(?:main|lib)\.rs$|(?:^|\/)bin\/|(?:^|\/)(?:[\w-]*[_-])?(?:config|configuration|settings|conf|cli|startup|bootstrap|app|server|node)(?:\.rs$|\/)/;
/** A Rust file that loads settings: reads the environment or parses a settings file or the command line. */
const RUST_LOADS_SETTINGS =
  /\benv::var(?:_os)?\s*\(|\b(?:toml|serde_yaml|serde_yml|serde_json5?|json5|ron)::from_(?:str|slice|reader)\b|\bFigment::|\bconfig::Config::builder\b|\benvy::|\b\w+::parse\(\s*\)/;

/** A JavaScript/TypeScript application's configuration module: `config/…`, `env.ts`, `appConfig.ts`, `config.mjs`. */
const JS_CONFIG_MODULE = /(?:^|\/)(?:config|configuration|env)(?:\/|\.[cm]?[jt]s$)|[cC]onfig[\w.-]*\.[cm]?[jt]s$/;

/** Modules Python services load at start-up to build their settings (Django settings packages, config modules). */
const SETTINGS_MODULE = /(^|\/)(settings|config|conf)(\/[^/]+)?\.py$|(^|\/)settings_\w+\.py$/;

/**
 * Decisions: Ruby `ENV.fetch("X")` without a default raises KeyError at boot, so it validates presence only: a
 * low-confidence pass. Rails credentials with `require_master_key` likewise. Python `os.environ["X"]` is the same in
 * effect but is not an explicit choice to validate, so it does not count.
 */
const VALIDATORS: Validator[] = [
  { name: 'pydantic-settings BaseSettings', languages: ['python'], re: /\bclass\s+\w+\s*\([^)]*\bBaseSettings\b/ },
  {
    name: 'environs',
    languages: ['python'],
    re: /\bfrom environs import\b|\bimport environs\b/,
    with: /\benv\.(str|int|bool|url|list|float)\s*\(/,
  },
  { name: 'dynaconf validators', languages: ['python'], re: /\bValidator\s*\(/, with: /\bdynaconf\b/ },
  {
    // Typed reads raise ImproperlyConfigured on a missing value; `env = environ.Env()` usually lives in one module
    // and the reads in the settings modules that import it.
    name: 'django-environ typed settings',
    languages: ['python'],
    re: /\benviron\.Env\s*\(|\bfrom\s+environ\s+import\b[^\n]*\bEnv\b/,
    with: /\benv\.(str|int|bool|float|db|db_url|cache|url|list|json|path)\s*\(|\benv\(\s*['"][A-Z0-9_]+['"]\s*\)/,
    withAnywhere: true,
    weak: true,
  },
  {
    // config("X", cast=int) converts and raises at import; a key with no default raises KeyError.
    name: 'Starlette Config with typed casts',
    languages: ['python'],
    re: /\bfrom\s+starlette\.config\s+import\b[^\n]*\bConfig\b/,
    with: /\bconfig\(\s*['"][A-Z0-9_]+['"]\s*,[^)\n]*\bcast\s*=/,
    withAnywhere: true,
  },
  {
    name: 'Starlette Config (a key without a default raises)',
    languages: ['python'],
    re: /\bfrom\s+starlette\.config\s+import\b[^\n]*\bConfig\b/,
    with: /\bconfig\(\s*['"][A-Z0-9_]+['"]\s*\)/,
    withAnywhere: true,
    weak: true,
  },
  {
    // python-decouple: `config("X", cast=int)` converts at import, and a key with neither a value nor a default raises
    // UndefinedValueError (the settings module does not load).
    name: 'python-decouple config with typed casts',
    languages: ['python'],
    re: /\bfrom\s+decouple\s+import\b[^\n]*\bconfig\b/,
    with: /\bconfig\(\s*['"][A-Z0-9_]+['"][^)]*\bcast\s*=/,
    withAnywhere: true,
  },
  {
    // everett: each `_config("X", parser=int, default=…)` is parsed at import; a key without a default raises
    // ConfigurationMissingError (raise_error=False opts one out).
    name: 'everett ConfigManager (parsed keys; a missing key raises)',
    languages: ['python'],
    re: /\bfrom\s+everett\.manager\s+import\b[^\n]*\bConfigManager\b/,
    with: /\bConfigManager(?:\.basic_config)?\s*\(/,
  },
  {
    // A configuration error raised when the app is set up (`if not app.config.get(key): raise ConfigError(f"{key} must
    // be set")` in a Flask extension's init_app, `raise ConfigurationError("… is not a valid URL")` in the factory):
    // a missing or malformed setting stops the start.
    name: 'hand-written checks raising a configuration error',
    languages: ['python'],
    re: /^[ \t]*raise[ \t]+(?:\w+\.)?(?:Config|Configuration|Settings?)(?:Error|Exception)[ \t]*\([ \t]*f?["'][^"'\n]*(?:\bmust be\b|\b(?:is|are) required\b|\bis missing\b|\bmissing\b|\bnot set\b|\bnot a valid\b|\bnot configured\b|\binvalid\b)/i,
    handWritten: true,
    // Where the app is set up (an extension's init_app, the app factory, a configure/validate step), not a helper
    // that raises it while serving a request.
    with: /^[ \t]*def[ \t]+(?:init_app|create_app|make_app|configure\w*|setup\w*|validate\w*|check_\w*config\w*)[ \t]*\(/m,
  },
  {
    // Django's own fail-fast idiom in the settings module: `if not X: raise ImproperlyConfigured("X must be set")`.
    name: 'hand-written checks raising ImproperlyConfigured in the settings module',
    languages: ['python'],
    re: /^\s*raise\s+ImproperlyConfigured\s*\(/m,
    handWritten: true,
    inPaths: SETTINGS_MODULE,
  },
  {
    // `if err := instanceProfile.Validate(); err != nil { return err }` in the serve command or main: whatever the
    // settings object is called, the start-up path refuses settings its Validate() rejects.
    name: 'a Validate() method of the settings called by the start-up command',
    languages: ['go'],
    re: /\bif\s+err\s*:?=\s*[\w.]+\.(?:Validate|Verify)\s*\(\s*\)\s*;\s*err\s*!=\s*nil\b/,
    inPaths: GO_START_FILE,
    orFileWith: GO_PARSES_FLAGS,
  },
  {
    // `if err := cfg.Validate(); err != nil { … }` before serving: the struct's own checks of every setting it needs.
    name: 'a Validate()/Verify() method of the configuration called at start-up',
    languages: ['go'],
    // Not a method's own declaration (`func (c *Client) validateConfig() error {`), nor a client checking its own
    // settings when it is used (`c.validateConfig()` in a mail client's Send). Each alternative starts a word, so
    // `\b(?=\w)` comes first: the lookbehinds are tried at word starts only, not at word ends too. The receiver's
    // suffix is checked behind its dot once the word is read, not by backing `\w*` off a letter at a time (same
    // matches, ~30% less CPU testing netbird's Go files).
    re: /\b(?=\w)(?<!\bfunc\s+(?:\([^)]*\)\s*)?)\w*\.(?<=(?:[cC]onf(?:ig)?|[cC]fg|[sS]ettings|[oO]pt(?:ion)?s)\.)(?:Validate|Verify)\s*\(\s*\)|\b(?=\w)(?<!\.|\bfunc\s+(?:\([^)]*\)\s*)?)[vV]alidate\w*Config\s*\(/,
  },
  {
    // `log.Fatal("listen address must be set")` in the configuration package or the start-up command (`cmd/…`,
    // main.go: `lo.Fatalf("unknown provider. select filesystem or s3")`): a missing setting stops the service.
    name: 'hand-written fail-fast checks of the settings at start-up',
    languages: ['go'],
    re: /\.(?:Fatal|Fatalf|Panic|Panicf)\s*\(\s*"[^"]*\b(?:must be|is required|required|missing|invalid|not set|unknown)\b/i,
    handWritten: true,
    inPaths: GO_START_FILE,
    orFileWith: GO_PARSES_FLAGS,
  },
  {
    // The serve command checks the settings it was given before starting: `return errors.New("if listen-https is
    // set, both key-file and cert-file must be set")`, `fmt.Errorf("keepalive interval cannot be lower than …")`.
    name: 'hand-written checks of the settings in the start-up command',
    languages: ['go'],
    re: /\b(?:errors\.New|fmt\.Errorf)\s*\(\s*"[^"]*\b(?:must (?:also )?be (?:set|specified|provided|configured)|(?:is|are) required|must exist|cannot be (?:empty|lower|higher|greater|less|smaller|larger|negative)|is not set)\b/i,
    handWritten: true,
    inPaths: GO_START_FILE,
    orFileWith: GO_PARSES_FLAGS,
  },
  {
    // The settings a configuration file holds (YAML with `${VAR:default}` expansion, a JSON or TOML file) validated
    // into a pydantic model in the settings module: at import (`settings = Settings(**loaded)`) or by the model's own
    // loader (`return cls.model_validate(config)` of a `FrigateConfig.load()` the start command calls). A malformed
    // or missing value stops the service with the model's errors, as BaseSettings would.
    name: 'pydantic settings model validated from the configuration file',
    languages: ['python'],
    re: /^[A-Za-z_]\w*\s*(?::\s*[\w.]+\s*)?=\s*(?:[A-Z]\w*)?(?:Settings|Config|Configuration)\s*(?:\(\s*\*\*\s*[\w.]+(?:\(\s*\))?\s*\)|\.(?:model_validate|parse_obj)\s*\()|^\s+return\s+cls\.(?:model_validate|parse_obj)\s*\(/,
    with: /^\s*(?:from\s+pydantic\b[^\n]*\bimport\b|import\s+pydantic\b)/m,
    inPaths: SETTINGS_MODULE,
  },
  {
    name: 'pydantic model validated from os.environ',
    languages: ['python'],
    // Also behind a mapping a test may pass instead (`AppConfig.model_validate(environ or os.environ)`).
    re: /\.(model_validate|parse_obj)\s*\(\s*(dict\(\s*)?(?:\w+\s+or\s+)?os\.environ\b|\(\s*\*\*\s*os\.environ\s*\)/,
    with: /\bpydantic\b/,
  },
  {
    name: 'env-var required()',
    languages: ['typescript', 'javascript'],
    re: /\.required\(\s*\)\s*\.as[A-Z]\w*\s*\(/,
    with: /["']env-var["']/,
  },
  {
    name: 'dotenv-safe (presence against .env.example)',
    languages: ['typescript', 'javascript'],
    re: /require\(\s*["']dotenv-safe["']\s*\)|from\s+["']dotenv-safe["']/,
    weak: true,
  },
  {
    name: 'cleanenv required fields',
    languages: ['go'],
    re: /\bcleanenv\.(ReadEnv|ReadConfig)\s*\(/,
    with: /env-required:"true"/,
  },
  {
    name: 'zod environment schema',
    languages: ['typescript', 'javascript'],
    // Also an object built from the variables: `schema.safeParse({ baseUrl: process.env.APP_BASE_URL, … })`.
    re: /\.(safeParse|parse)\s*\(\s*(process\.env|import\.meta\.env|Deno\.env\.toObject\(\))|\.(?:safeParse|parse)\s*\(\s*\{[^;]{0,300}?\bprocess\.env\.[A-Z]/,
    with: /\bfrom\s+["']zod["']|require\(\s*["']zod["']\s*\)|\bz\.object\b/,
  },
  {
    // Also through the project's own wrapper (`export const createEnv = (o) => createEnvT3({ ...defaults, ...o })` in a
    // core package, imported by every package's env.ts).
    name: 't3-env',
    languages: ['typescript', 'javascript'],
    re: /\bcreateEnv\s*\(/,
    with: /@t3-oss\/env/,
    withAnywhere: true,
  },
  {
    // The settings read from the environment or a file, then checked against a schema before use:
    // `validator.parse(config)` (a @sapphire/shapeshift object), `configSchema.safeParse(rawConfig)` (zod, valibot …).
    name: 'schema validation of the loaded configuration',
    languages: ['typescript', 'javascript'],
    re: /\b[\w$]*(?:[sS]chema|[vV]alidator)\.(?:parse|safeParse|parseAsync|safeParseAsync|validate|validateSync)\s*\(\s*(?:raw|loaded|parsed|merged)?(?:[cC]onfig|[cC]onfiguration|[cC]fg|[cC]onf|[eE]nv)\s*[,)]/,
    with: /["'](?:zod|yup|joi|@hapi\/joi|valibot|superstruct|@sapphire\/shapeshift|@sinclair\/typebox|arktype|runtypes|io-ts)["']/,
    // In the application's configuration module (a widget's `config` checked in a route handler is a request body).
    inPaths: JS_CONFIG_MODULE,
  },
  {
    // figue: each setting declared with its schema and variable name, `defineConfig(definition, { envSource })` checks
    // them all and throws on a missing or invalid value.
    name: 'figue configuration schema',
    languages: ['typescript', 'javascript'],
    re: /\bdefineConfig\s*\(/,
    with: /(?:\bfrom\s*|\brequire\s*\(\s*)["']figue["']/,
  },

  {
    // astro:env: the variables are declared with envField types in astro.config, and Astro checks them at start-up
    // and build (a missing required variable or a wrong type fails).
    name: 'astro:env schema (envField)',
    languages: ['typescript', 'javascript'],
    re: /\benvField\.(?:string|number|boolean|enum)\s*\(/,
    inPaths: /(?:^|\/)astro\.config\.[cm]?[jt]s$/,
  },
  {
    // SvelteKit 3 reads the variables `$app/env/private` and `$app/env/public` export from the app's src/env.ts, where
    // `defineEnvVars({ API_KEY: { schema: v.string() } })` gives each one a Standard Schema checked at start-up.
    name: 'SvelteKit env schema (defineEnvVars)',
    languages: ['typescript', 'javascript'],
    re: /\bdefineEnvVars\s*\(/,
    with: /["']@sveltejs\/kit\/env["']/,
    inPaths: /(?:^|\/)src\/env\.[cm]?[jt]s$/,
  },
  { name: 'envalid', languages: ['typescript', 'javascript'], re: /\bcleanEnv\s*\(/ },
  {
    // AdonisJS validates every variable against the schema start/env.ts declares when the app boots
    // (`Env.create(appRoot, { PORT: Env.schema.number(), APP_KEY: Env.schema.string() })`; v5 `Env.rules({…})`).
    name: 'AdonisJS env schema (Env.create)',
    languages: ['typescript', 'javascript'],
    re: /\bEnv\.(?:create|rules)\s*\(/,
    with: /\bEnv\.schema\.\w+/,
  },
  {
    // A module that reads process.env and stops on a missing setting: `console.error(\`Missing required settings:
    // …\`); process.exit(1)` or `throw new Error('DATABASE_URL environment variable is required')`.
    name: 'hand-written fail-fast checks of the environment',
    languages: ['typescript', 'javascript'],
    re: /\b(?:throw\s+new\s+\w*Error|console\.error|\w*[lL]og(?:ger)?\.(?:error|fatal))\s*\(\s*[`'"][^`'"\n]*(?:\b(?:missing|required)\b[^`'"\n]*\b(?:settings?|env(?:ironment)?|variables?|config(?:uration)?)\b|\b(?:settings?|env(?:ironment)?|variables?|config(?:uration)?)\b[^`'"\n]*\b(?:is|are)\s+(?:missing|required|not\s+set)\b)/i,
    with: /\bprocess\.env\b/,
    handWritten: true,
  },
  {
    // `invariant(process.env.SESSION_SECRET, "SESSION_SECRET must be set")` as a module's own statement (not inside a
    // function): loading the module stops the start on a missing value, like Ruby's ENV.fetch. A presence check.
    name: 'presence checks of required variables when the module loads (invariant / assert)',
    languages: ['typescript', 'javascript'],
    re: /^(?:invariant|assert(?:\.ok)?|ok)\s*\(\s*process\.env\.[A-Z][A-Z0-9_]*\s*,/m,
    weak: true,
  },
  {
    // `if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL must be set")` as a module's own statement.
    name: 'hand-written fail-fast checks of required variables when the module loads',
    languages: ['typescript', 'javascript'],
    re: /^if\s*\(\s*!\s*process\.env\.[A-Z][A-Z0-9_]*\s*\)\s*\{?\s*throw\s+new\s+\w*Error\b/m,
    handWritten: true,
  },
  {
    // A configuration file checked against its JSON schema when it is loaded: `const validate = ajv.compile(schema);
    // if (!validate(config)) throw …`.
    name: 'JSON schema validation (ajv) of the loaded configuration',
    languages: ['typescript', 'javascript'],
    re: /\bif\s*\(\s*!\s*[\w$.]+\s*\(\s*(?:this\.)?(?:config|configuration|settings|conf|cfg|env)\s*\)|\bajv\.validate\s*\(\s*[\w$.]+\s*,\s*(?:this\.)?(?:config|configuration|settings|conf|cfg|env)\s*\)/i,
    with: /\bnew\s+Ajv\s*\(|\bajv\.compile\s*\(/,
  },
  {
    // validateConfig(process.env, EnvironmentVariables) / plainToInstance(Env, process.env) + validateSync (class-validator)
    name: 'class-validator environment class',
    languages: ['typescript', 'javascript'],
    re: /\b\w*[vV]alidate\w*\s*\(\s*process\.env\s*,\s*[A-Z]\w*|\bplainTo(?:Class|Instance)\s*\(\s*[A-Z]\w*\s*,\s*process\.env\b/,
  },
  {
    // An environment class that validates its own decorated fields when it is built: `validate(this).then(errors =>
    // … process.exit(1))` in the constructor (outline's `Environment`, fields read from the environment).
    name: 'class-validator environment class validating itself',
    languages: ['typescript', 'javascript'],
    re: /\b(?:validate|validateSync|validateOrReject)\s*\(\s*this\s*[,)]/,
    // The fields come from the environment (an entity validating itself before insert reads none).
    with: /\b(?:process\.env|environment|env)\.[A-Z][A-Z0-9_]{2,}\b/,
  },
  {
    // The configuration module turns the settings read from the environment into a decorated class and checks it
    // before providing it: `const config = plainToInstance(Config, plainConfig); const errors = await validate(config);
    // if (errors.length) throw …` (class-validator), the class's `@IsDefined()` / `@IsString()` fields refusing a
    // missing or malformed value.
    name: 'class-validator validation of the loaded configuration',
    languages: ['typescript', 'javascript'],
    re: /\b(?:validate|validateSync|validateOrReject)\s*\(\s*(?:raw|loaded|parsed|merged|plain)?(?:[cC]onfig|[cC]onfiguration|[cC]fg|[cC]onf|[eE]nv|[sS]ettings)\s*[,)]/,
    with: /["']class-validator["']/,
    // In the application's configuration module (an entity checked before insert is no setting).
    inPaths: JS_CONFIG_MODULE,
  },
  {
    name: 'joi environment schema',
    languages: ['typescript', 'javascript'],
    re: /\.validate\s*\(\s*process\.env\b|\bJoi\.attempt\s*\(\s*process\.env/,
  },
  {
    name: '@nestjs/config validation',
    languages: ['typescript', 'javascript'],
    // Also imported under another name (`import { ConfigModule as NestConfigModule } from '@nestjs/config'`).
    re: /\b\w*ConfigModule\.forRoot\s*\(|\b\w+Module\.forRoot\s*\(\s*\{[^)]*?\b(?:validate|validationSchema)\s*:/,
    with: /\bvalidationSchema\s*:|\bvalidate\s*[:(,]/,
  },
  {
    name: 'convict',
    languages: ['typescript', 'javascript'],
    re: /\.validate\s*\(\s*\{\s*allowed\s*:|\bconvict\s*\(/,
    with: /\.validate\s*\(/,
  },
  {
    // The default export called as `envSchema(…)` or, as a constructor-like name, `EnvSchema(…)`.
    name: 'env-schema',
    languages: ['typescript', 'javascript'],
    re: /\b[eE]nvSchema\s*\(|@fastify\/env|\bfastifyEnv\b/,
  },
  {
    // kelseyhightower/envconfig (`required:"true"`) and sethvargo/go-envconfig (`env:"PORT,required"`).
    name: 'envconfig required fields',
    languages: ['go'],
    re: /\benvconfig\.(Process|MustProcess)\s*\(/,
    with: /required:"true"|env:"[A-Z0-9_]+,[^"]*\brequired\b/,
  },
  {
    name: 'envdecode required fields',
    languages: ['go'],
    re: /\benvdecode\.(?:Must)?(?:Strict)?Decode\s*\(/,
    with: /env:"[A-Z0-9_]+,[^"]*\brequired\b/,
  },
  {
    name: 'caarlos0/env required fields',
    languages: ['go'],
    re: /\benv\.(Parse|ParseWithOptions)\s*\(/,
    with: /env:"[A-Z0-9_]+,[^"]*\b(required|notEmpty)\b/,
  },
  {
    // The configuration package maps each section of the file onto a struct and validates it with go-playground's
    // validator (`cfg.Section(name).MapTo(s)` then `validator.New().Struct(s)`; the same after toml/yaml decoding):
    // `validate:"required"` tags on the settings refuse a file that lacks them.
    name: 'configuration structs validated with go-playground/validator',
    languages: ['go'],
    re: /\.MapTo\s*\(|\b(?:toml|yaml|json|hcl|ini)\.(?:Unmarshal|Decode|DecodeFile|NewDecoder)\s*\(|\bkoanf\.\w*\.?Unmarshal\w*\s*\(/,
    with: /\bvalidator\.New\s*\([\s\S]*?\.Struct\s*\(/,
    inPaths: GO_CONFIG_FILE,
  },
  {
    name: 'viper with struct validation',
    languages: ['go'],
    re: /\b(viper|v|vp|k)\.Unmarshal(Key|Exact)?\s*\(/,
    with: /\bvalidator\.New\s*\(|\.Struct\s*\(|\bvalidate\s*:"|\.Validate\s*\(\s*\)/,
  },
  {
    name: 'Spring @ConfigurationProperties + @Validated',
    languages: ['java', 'kotlin'],
    re: /@Validated\b/,
    with: /@ConfigurationProperties\b/,
  },
  {
    // Quarkus validates a @ConfigMapping interface at startup when Hibernate Validator is present: a constraint on
    // one of its methods refuses to start on a bad value.
    name: 'Quarkus @ConfigMapping with constraints',
    languages: ['java', 'kotlin'],
    re: /@ConfigMapping\b/,
    with: /@(?:NotBlank|NotNull|NotEmpty|Min|Max|Pattern|Positive|PositiveOrZero|Size|Email|DecimalMin|DecimalMax)\b/,
  },
  {
    // Without constraints a mapping still refuses to start when a property it declares without a default is missing
    // or does not convert to its type (SmallRye Config checks every mapping at startup): presence and types only.
    name: 'Quarkus @ConfigMapping without constraints',
    languages: ['java', 'kotlin'],
    re: /@ConfigMapping\b/,
    with: /\bimport\s+io\.smallrye\.config\.ConfigMapping\b/,
    weak: true,
  },
  {
    // Hoplite decodes the configuration files and the environment into the service's data classes and throws at
    // start-up listing every setting that is missing or does not decode to its type, as envy or pydantic do.
    name: 'Hoplite loadConfigOrThrow (typed data classes)',
    languages: ['java', 'kotlin'],
    re: /\.loadConfigOrThrow\s*(?:<[^>\n]*>)?\s*\(/,
    with: /^import\s+com\.sksamuel\.hoplite\./m,
  },
  {
    // Spring Boot's annotation of the same name validates only with @Validated (the entry above): constraints alone
    // are never checked there. Its import names the annotation or the whole package (`…context.properties.*`).
    name: 'Micronaut @ConfigurationProperties with constraints',
    languages: ['java', 'kotlin'],
    re: /@ConfigurationProperties\b/,
    with: /@(NotBlank|NotNull|NotEmpty|Min|Max|Pattern)\b/,
    without: /^import\s+org\.springframework\.boot\.context\.properties\.(?:ConfigurationProperties\b|\*)/m,
  },
  {
    // Dropwizard parses the YAML file into the application's Configuration subclass and validates it with Hibernate
    // Validator before run(): a constraint on a setting refuses to start with the violations listed.
    name: 'Dropwizard Configuration with constraints',
    languages: ['java', 'kotlin'],
    re: /^import\s+io\.dropwizard\.(?:core\.)?Configuration\b/m,
    with: /@(?:NotBlank|NotNull|NotEmpty|Min|Max|Pattern|Positive|PositiveOrZero|Size|DecimalMin|DecimalMax)\b/,
  },
  {
    name: 'dry-schema/dry-validation settings',
    languages: ['ruby'],
    re: /\bDry::(Schema|Validation)\b/,
    with: /\bENV\b/,
  },
  {
    name: 'ENV.fetch without a default (presence check)',
    languages: ['ruby'],
    re: /\bENV\.fetch\s*\(\s*["'][A-Z0-9_]+["']\s*\)(?!\s*\{)/,
    weak: true,
  },
  { name: 'Rails require_master_key', languages: ['ruby'], re: /config\.require_master_key\s*=\s*true/, weak: true },
  {
    name: 'envy/config deserialisation',
    languages: ['rust'],
    re: /\benvy::(from_env|prefixed)\b|\.try_deserialize\s*(::<[^>]+>)?\s*\(/,
  },
  {
    name: 'clap settings from the environment (required typed fields)',
    languages: ['rust'],
    re: CLAP_ENV_ATTRIBUTE,
    with: /#\[derive\([^)]*\bParser\b/,
  },
  {
    // Settings given as command-line flags (`#[clap(long)] port: u16`, `#[arg(long)] callback: Option<Url>`): clap
    // refuses a value that does not parse as the field's type before the service starts. A flag typed as a string or
    // a path (`--config settings.toml`) checks nothing about the settings.
    name: 'clap settings from the command line (typed fields)',
    languages: ['rust'],
    re: /#\[(?:clap|arg)\([^)\n]*\blong\b[^\n]*\]\s*\n\s*(?:pub(?:\([\w:]+\))?\s+)?\w+\s*:\s*(?:Option\s*<\s*)?(?:\w+::)*(?:u8|u16|u32|u64|usize|i16|i32|i64|f32|f64|Url|IpAddr|Ipv4Addr|Ipv6Addr|SocketAddr|Duration|NonZeroU\d+)\b/,
    with: /#\[derive\([^)]*\bParser\b/,
  },
  {
    name: 'env::var(..).expect(..) (presence check at start-up)',
    languages: ['rust'],
    re: /\benv::var\s*\(\s*"[A-Za-z0-9_]+"\s*\)\s*\.expect\s*\(/,
    weak: true,
  },
  {
    // `env::var("RABBIT_MQ_URL").unwrap()` where the service starts or builds its settings (main.rs, a config module):
    // a missing variable stops the start as `.expect("…")` does, with the library's `NotPresent` for a message. In a
    // handler or a helper called per request (`fn quote(…) { let base = env::var("SUPPLIER_URL").unwrap(); … }`) it
    // fails a request, not the start; `.unwrap_or(…)` / `.unwrap_or_default()` stand a default in and check nothing.
    name: 'env::var(..).unwrap() where the settings are loaded (presence check at start-up)',
    languages: ['rust'],
    re: /\benv::var\s*\(\s*"[A-Za-z0-9_]+"\s*\)\s*\.unwrap\s*\(\s*\)/,
    inPaths: RUST_START_OR_SETTINGS,
    weak: true,
  },
  {
    // `env::var("PORT").unwrap_or_else(|_| "3030".into()).parse().expect("Unable to parse PORT")`: a value of the
    // wrong type stops the start (a default may stand in for a missing one).
    name: 'env::var(..) parsed into a typed value (.parse().expect(..))',
    languages: ['rust'],
    re: /\benv::var\s*\(\s*"[A-Za-z0-9_]+"\s*\)(?:\s*\.(?:unwrap_or(?:_else|_default)?|ok)\s*\([^;]{0,80}?\))?\s*\.parse\s*(?:::<[^>]+>)?\s*\(\s*\)\s*(?:\.(?:expect|unwrap)\s*\(|\?)/,
    handWritten: true,
    allReadsHere: /\benv::var(?:_os)?\s*\(/,
  },
  {
    // `validate_config(&cfg, false)?` / `settings.validate()?` / `config.validate_and_build_settings()?` when the
    // settings are loaded: the service's own checks of every setting (a definition `fn validate_config(…)` alone is
    // not a call). Where the service starts or loads its settings: a bot's check of the config files of the
    // repositories it serves (`validate_config(ctx, event, diff)` in a webhook handler) or a request's quota named
    // `config` checked in a database entity validates none of its own.
    name: 'a validate function of the configuration called when it is loaded',
    languages: ['rust'],
    re: /(?<!\bfn\s+)\bvalidate_(?:config|settings|configuration)\s*\(|\b\w*(?:config|cfg|settings|conf)\.validate(?:_\w+)?\s*\(\s*\)|(?<!\bfn\s+)\bvalidate\s*\(\s*&\s*(?:config|cfg|settings|conf)\s*\)/i,
    inPaths: RUST_START_OR_SETTINGS,
    orFileWith: RUST_LOADS_SETTINGS,
  },
  {
    // `toml::from_str::<Config>(&conf).expect("syntax error in config file")`, `serde_json::from_str(&config_str)` of
    // the JSON an env var holds, or a typed binding named for the settings (`let mut config: Self =
    // toml::from_str(s)?` in `impl FromStr for ConfigToml`): serde refuses settings with a missing required key or a
    // value of the wrong type before the service starts (an untyped `::<toml::Table>` checks nothing).
    name: 'settings file deserialised into typed settings (serde)',
    languages: ['rust'],
    // `toml::from_str(&text).unwrap_or_default();`: a file that does not parse leaves every setting at its default, and
    // the service starts as if there were none.
    // Tested on the whole statement (the hit's line to the `;` that ends it), so a `.unwrap_or_default();` on the next
    // line counts; `.unwrap_or_else(|e| panic!("bad config: {e}"))` stops the start and throws nothing away.
    discarded:
      /\)\s*\.\s*(?:unwrap_or_default\s*\(\s*\)|unwrap_or(?:_else)?\s*\((?!.*(?:\b(?:panic|unreachable|bail|todo)!|\bprocess::exit\b|\.expect\s*\()).*\)|ok\s*\(\s*\))\s*;\s*$/,
    re: /\blet\s+(?:mut\s+)?\w*(?:config|conf|cfg|settings)\w*\s*:\s*(?!(?:\w+::)*(?:Value|Table|Map)\b)[A-Z]\w*\s*=\s*(?:toml|serde_yaml|serde_yml|serde_json5?|json5|ron)::from_(?:str|slice|reader)\s*\(|\b(?:toml|serde_yaml|serde_yml|serde_json5?|json5|ron)::from_(?:str|slice|reader)\s*(?:::<(?!\s*(?:\w+::)*(?:Value|Table|Map)\b)[^>]+>)?\s*\(\s*&?\s*(?:[\w.]*[._])?(?:conf|config|configuration|settings|cfg)(?:_(?:str|string|text|bytes|file|contents?|json|toml|ya?ml))?\b/,
  },
  {
    // The settings module stops the start on a bad value: `panic!("[email.jobs].batch_size must not be 0")`,
    // `bail!("`pg_tls` must be one of: disable, prefer, require")` (settings read into an untyped table, checked by hand).
    name: 'hand-written fail-fast checks in the settings module',
    languages: ['rust'],
    re: /\b(?:panic|bail)!\s*\(\s*"[^"\n]*\b(?:must (?:not )?be|must be one of|(?:is|are) required|cannot be (?:empty|zero|negative|0)|is missing|is not set)\b/i,
    inPaths: /(?:^|\/)(?:[\w-]*[_-])?(?:config|configuration|settings)(?:\.rs$|\/)/,
    with: /\benv::var\s*\(|\btoml::|\bserde_ya?ml::|\bFigment\b|\bconfig::/,
    handWritten: true,
  },
  {
    name: 'figment typed settings',
    languages: ['rust'],
    re: /\.extract\s*(?:::<[^>]+>)?\s*\(\s*\)/,
    with: /\bFigment\b/,
  },
  {
    // `services.ConfigureAndValidate<T>(config, "section")`: binds options and validates them at start (Squidex.Hosting's
    // IValidatableOptions, or a project's own helper of that name around ValidateOnStart).
    name: '.NET options validation (ValidateDataAnnotations / Validate / ValidateOnStart)',
    languages: DOTNET_LANGUAGES,
    re: /\.ValidateDataAnnotations\s*\(|\.ValidateOnStart\s*\(|\.AddOptionsWithValidateOnStart\s*<|\bIValidateOptions\s*<|\.ConfigureAndValidate\s*<\s*\w+\s*>\s*\(/,
  },
  {
    name: '.NET required configuration (GetRequiredSection / Get<T>() ?? throw)',
    languages: DOTNET_LANGUAGES,
    re: /\.GetRequiredSection\s*\(|Configuration\s*\[\s*"[^"]+"\s*\]\s*\?\?\s*throw\b|\.GetConnectionString\s*\([^)]*\)\s*\?\?\s*throw\b/,
    weak: true,
  },
  { name: 'phpdotenv required()', languages: ['php'], re: /->required\s*\(\s*\[/ },
  {
    name: 'System.fetch_env! / get_env || raise (presence check at boot)',
    languages: ['elixir'],
    re: /\bSystem\.fetch_env!\s*\(|\bSystem\.get_env\s*\([^)]*\)\s*\|\|\s*raise\b|^\s*raise\s+"""/,
    weak: true,
  },
  {
    // runtime.exs stops the release on a setting it cannot use: `raise ArgumentError, "Invalid SPOOL_MODE=#{m}. Must be
    // producer, consumer, or both."`, `raise "Missing Google or Backend credentials"`, `raise "DATABASE_URL is not set"`.
    name: 'hand-written fail-fast checks of the settings in runtime.exs',
    languages: ['elixir'],
    re: /(?:^[ \t]*|->[ \t]*)raise[ \t]+(?:ArgumentError[ \t]*,[ \t]*)?"[^"\n]*(?:\b(?:Invalid|Missing|Unknown|Unsupported)\b|\b(?:must be|is required|is not set|is missing|not configured)\b)/,
    inPaths: /(?:^|\/)config\/runtime\.exs$/,
    handWritten: true,
  },
  {
    // Dotenvy in runtime.exs: `env!("DATABASE_URL", :string!)`, `env!("POOL_SIZE", :integer, 10)` convert each value to
    // its type and raise at boot on a missing (or empty, with `!`) or malformed one.
    name: 'Dotenvy typed env! reads (raise at boot on a missing or malformed value)',
    languages: ['elixir'],
    re: /\benv!\s*\(\s*[^,)]+,\s*:(?:string!|integer!?|boolean!?|float!?|atom!?|existing_atom!?|module!?|charlist!?)(?!\w)/,
    with: /\bimport\s+Dotenvy\b|\bDotenvy\.\w+/,
  },
  {
    name: 'Vapor / NimbleOptions configuration schema',
    languages: ['elixir'],
    re: /\bVapor\.load!?\s*\(|\bNimbleOptions\.validate!?\s*\(|\bSkogsra\b/,
  },
];

/** A configuration validator found in production code. */
export interface ConfigValidator {
  /** What it is ('pydantic-settings BaseSettings', 'envalid cleanEnv' …). */
  name: string;
  path: string;
  line: number;
}

export interface ConfigValidationFacts {
  /** A schema validated at start-up (the first in the validators' order); when set, the others are not looked for further. */
  validated?: ConfigValidator;
  /** A hand-written check of required settings. */
  handWritten?: ConfigValidator;
  /** A check of presence only (no types or formats). */
  weak?: ConfigValidator;
}

/** How the service validates its configuration at start-up: settings schemas, env validators, hand-written checks. */
export function detectConfigValidation(repo: RepoIndex, facts: Facts): ConfigValidationFacts {
  const out: ConfigValidationFacts = {};
  const found = (v: Validator, hit: GrepMatch): ConfigValidator => ({ name: v.name, path: hit.path, line: hit.line });
  // One pass over the source selects candidate files; each validator then looks only there.
  // The union of the validators' sources without their flags (as it was once written: one regex), asked alternative by
  // alternative: an alternative runs only where its validator's literal prefilter passes (a match of the flagless
  // source is a match of the validator's own pattern too), instead of every alternative at every position of every file.
  const union = VALIDATORS.map((v) => ({
    re: new RegExp(v.re.source, 'm'),
    pre: prefilterOf(v.re),
    own: v.re,
    languages: v.languages,
    // Its flagless source matches wherever its own pattern does (no flag but m, which only adds places to match).
    exact: /^m?$/.test(v.re.flags),
  }));
  type Alternative = (typeof union)[number];
  const passes = (a: Alternative, file: string, text: string, re: RegExp): boolean =>
    (!a.pre || repo.prefilterPasses(a.pre, file, text)) && repo.test(re, a.pre, file, text);
  // A file only counts for the validators of its language, so their alternatives are asked first. The others (a Go
  // validator's in a TypeScript file) decide nothing for a file whose own validators' patterns all fail there, since
  // only those validators search it: they are asked only where one of its validators matches by its own flags alone
  // (`i`), which made the file a candidate only when some alternative of the union matched it.
  const byLanguage = new Map<string, { own: Alternative[]; others: Alternative[] }>();
  const alternativesOf = (language: string): { own: Alternative[]; others: Alternative[] } => {
    let entry = byLanguage.get(language);
    if (!entry) {
      entry = { own: [], others: [] };
      for (const a of union) (a.languages.includes(language) ? entry.own : entry.others).push(a);
      byLanguage.set(language, entry);
    }
    return entry;
  };
  const isCandidate = (language: string, file: string, text: string): boolean => {
    const { own, others } = alternativesOf(language);
    if (own.some((a) => passes(a, file, text, a.re))) return true;
    return own.some((a) => !a.exact && passes(a, file, text, a.own)) && others.some((a) => passes(a, file, text, a.re));
  };
  // A file's answer is the same in every component view that lists it (its language is the repository file's).
  const candidates = repo
    .select({ languages: [...new Set(VALIDATORS.flatMap((v) => v.languages))], kinds: ['source'] })
    .filter((f) =>
      repo.fileMemo('config-validation:candidate', f.path, () =>
        isCandidate(f.language ?? '', f.path, repo.read(f.path) ?? ''),
      ),
    )
    .map((f) => f.path);
  for (const v of VALIDATORS) {
    const paths = candidates.filter((p) => v.languages.includes(repo.get(p)?.language ?? ''));
    const hits = paths.length ? repo.grep(v.re, { paths, limit: 50 }) : [];
    // The files of production code that read the environment, when the validator must hold every read.
    const readers =
      v.allReadsHere && hits.length
        ? new Set(
            facts.code
              .grep(v.allReadsHere, { languages: v.languages, kinds: ['source'] })
              .filter((r) => facts.liveness.isProductionPath(r.path) && facts.code.isCodeUse(r))
              .map((r) => r.path),
          )
        : undefined;
    const withPaths = (h: GrepMatch) =>
      v.withAnywhere ? repo.select({ languages: v.languages, kinds: ['source'] }).map((f) => f.path) : [h.path];
    const hit = hits.find(
      (h) =>
        facts.code.isCodeUse(h) &&
        !v.discarded?.test(statementAt(repo.lines(h.path), h.line) || h.text) &&
        // A seed or maintenance script's checks (scripts/seed/…) do not guard the service's start, nor do a Go package's
        // that no program of the service imports (a command-line client of it): Go's liveness follows the imports,
        // while a framework loads other languages' settings classes by scanning.
        facts.liveness.isProductionPath(h.path) &&
        (repo.get(h.path)?.language !== 'go' || facts.liveness.isLive(h.path)) &&
        (!v.inPaths || v.inPaths.test(h.path) || (!!v.orFileWith && v.orFileWith.test(repo.read(h.path) ?? ''))) &&
        (!v.with || facts.code.grepFirst(v.with, { paths: withPaths(h) })) &&
        (!v.without || !v.without.test(repo.read(h.path) ?? '')) &&
        (!readers || [...readers].every((p) => p === h.path)),
    );
    if (!hit) continue;
    if (v.handWritten) {
      out.handWritten ??= found(v, hit);
      continue;
    }
    if (v.weak) {
      out.weak ??= found(v, hit);
      continue;
    }
    out.validated = found(v, hit);
    break;
  }
  return out;
}

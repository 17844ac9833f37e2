import { defineRule, type GrepMatch } from '../../src/sdk/index.js';

interface Validator {
  name: string;
  languages: string[];
  /** Pattern that must appear in a production source file. */
  re: RegExp;
  /** A second pattern that must appear in the same file (e.g. the schema is applied to the environment). */
  with?: RegExp;
  /** Only a presence check (fails fast on a missing variable, does not validate types or values). */
  weak?: boolean;
  /** `with` may be in any production file of the language: the loader is set up in one module, used in others. */
  withAnywhere?: boolean;
  /** Hand-written fail-fast checks (a low-confidence pass). */
  handWritten?: boolean;
  /** Hits count only in these files (settings modules and configuration packages, which run at start-up). */
  inPaths?: RegExp;
}

/** Go configuration packages: `config/`, `internal/config/`, `appconfig/`, or a `config.go`. */
const GO_CONFIG_FILE = /(^|\/)(?:config|conf|configuration|settings|appconfig)\/[^/]+\.go$|(^|\/)config\.go$/;

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
    // Django's own fail-fast idiom in the settings module: `if not X: raise ImproperlyConfigured("X must be set")`.
    name: 'hand-written checks raising ImproperlyConfigured in the settings module',
    languages: ['python'],
    re: /^\s*raise\s+ImproperlyConfigured\s*\(/m,
    handWritten: true,
    inPaths: SETTINGS_MODULE,
  },
  {
    // `if err := cfg.Validate(); err != nil { … }` before serving: the struct's own checks of every setting it needs.
    name: 'a Validate()/Verify() method of the configuration called at start-up',
    languages: ['go'],
    re: /(?<!\bfunc\s+)\b\w*(?:[cC]onf(?:ig)?|[cC]fg|[sS]ettings|[oO]pt(?:ion)?s)\.(?:Validate|Verify)\s*\(\s*\)|(?<!\bfunc\s+)\b[vV]alidate\w*Config\s*\(/,
  },
  {
    // `log.Fatal("listen address must be set")` in the configuration package: a missing setting stops the service.
    name: 'hand-written fail-fast checks in the configuration package',
    languages: ['go'],
    re: /\.(?:Fatal|Fatalf|Panic|Panicf)\s*\(\s*"[^"]*\b(?:must be|is required|required|missing|invalid|not set|unknown)\b/i,
    handWritten: true,
    inPaths: GO_CONFIG_FILE,
  },
  {
    name: 'pydantic model validated from os.environ',
    languages: ['python'],
    re: /\.(model_validate|parse_obj)\s*\(\s*(dict\(\s*)?os\.environ\b|\(\s*\*\*\s*os\.environ\s*\)/,
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
    re: /\.(safeParse|parse)\s*\(\s*(process\.env|import\.meta\.env|Deno\.env\.toObject\(\))/,
    with: /\bfrom\s+["']zod["']|require\(\s*["']zod["']\s*\)|\bz\.object\b/,
  },
  { name: 't3-env', languages: ['typescript', 'javascript'], re: /\bcreateEnv\s*\(/, with: /@t3-oss\/env/ },
  { name: 'envalid', languages: ['typescript', 'javascript'], re: /\bcleanEnv\s*\(/ },
  {
    // validateConfig(process.env, EnvironmentVariables) / plainToInstance(Env, process.env) + validateSync (class-validator)
    name: 'class-validator environment class',
    languages: ['typescript', 'javascript'],
    re: /\b\w*[vV]alidate\w*\s*\(\s*process\.env\s*,\s*[A-Z]\w*|\bplainTo(?:Class|Instance)\s*\(\s*[A-Z]\w*\s*,\s*process\.env\b/,
  },
  {
    name: 'joi environment schema',
    languages: ['typescript', 'javascript'],
    re: /\.validate\s*\(\s*process\.env\b|\bJoi\.attempt\s*\(\s*process\.env/,
  },
  {
    name: '@nestjs/config validation',
    languages: ['typescript', 'javascript'],
    re: /\bConfigModule\.forRoot\s*\(/,
    with: /\bvalidationSchema\s*:|\bvalidate\s*[:(,]/,
  },
  {
    name: 'convict',
    languages: ['typescript', 'javascript'],
    re: /\.validate\s*\(\s*\{\s*allowed\s*:|\bconvict\s*\(/,
    with: /\.validate\s*\(/,
  },
  { name: 'env-schema', languages: ['typescript', 'javascript'], re: /\benvSchema\s*\(|@fastify\/env|\bfastifyEnv\b/ },
  {
    name: 'envconfig required fields',
    languages: ['go'],
    re: /\benvconfig\.(Process|MustProcess)\s*\(/,
    with: /required:"true"/,
  },
  {
    name: 'caarlos0/env required fields',
    languages: ['go'],
    re: /\benv\.(Parse|ParseWithOptions)\s*\(/,
    with: /env:"[A-Z0-9_]+,[^"]*\b(required|notEmpty)\b/,
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
    name: 'Micronaut @ConfigurationProperties with constraints',
    languages: ['java', 'kotlin'],
    re: /@ConfigurationProperties\b/,
    with: /@(NotBlank|NotNull|NotEmpty|Min|Max|Pattern)\b/,
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
    re: /#\[(?:clap|arg)\([^)\n]*\benv\b/,
    with: /#\[derive\([^)]*\bParser\b/,
  },
  {
    name: 'env::var(..).expect(..) (presence check at start-up)',
    languages: ['rust'],
    re: /\benv::var\s*\(\s*"[A-Za-z0-9_]+"\s*\)\s*\.expect\s*\(/,
    weak: true,
  },
  {
    name: 'figment typed settings',
    languages: ['rust'],
    re: /\.extract\s*(?:::<[^>]+>)?\s*\(\s*\)/,
    with: /\bFigment\b/,
  },
  {
    name: '.NET options validation (ValidateDataAnnotations / Validate / ValidateOnStart)',
    languages: ['csharp'],
    re: /\.ValidateDataAnnotations\s*\(|\.ValidateOnStart\s*\(|\.AddOptionsWithValidateOnStart\s*<|\bIValidateOptions\s*</,
  },
  {
    name: '.NET required configuration (GetRequiredSection / Get<T>() ?? throw)',
    languages: ['csharp'],
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
    name: 'Vapor / NimbleOptions configuration schema',
    languages: ['elixir'],
    re: /\bVapor\.load!?\s*\(|\bNimbleOptions\.validate!?\s*\(|\bSkogsra\b/,
  },
];

export default defineRule({
  meta: {
    id: 'config.validation',
    category: 'config',
    title: 'Configuration is validated at startup',
    severity: 'medium',
    level: 2,
    scope: 'component',
    requires: ['config'],
    docs: {
      why: 'A missing or malformed variable should stop the service at boot with a clear message, not surface hours later as a None, NaN or empty string deep in a request.',
      how: 'Looks in production code for a settings schema applied to the environment: pydantic-settings BaseSettings, environs, dynaconf validators, zod .parse(process.env), t3-env, envalid cleanEnv, class-validator classes applied to process.env (validateSync), joi .validate(process.env), convict .validate, @nestjs/config validationSchema/validate, env-schema, Go envconfig/caarlos0-env with required tags, viper + validator, the Validate()/Verify() of a Go configuration struct called at start-up (log.Fatal on a missing setting in the configuration package is a low-confidence pass), Spring @ConfigurationProperties + @Validated, Micronaut constraints, dry-schema, envy, figment extract into a typed struct (Rust), .NET options with ValidateDataAnnotations/Validate/ValidateOnStart (GetRequiredSection and `?? throw` on reads are presence checks, low confidence). Ruby ENV.fetch("X") without a default and Rails require_master_key raise at boot when a value is missing: they count as presence checks (low confidence).',
      fix: [
        'Load every setting through one typed configuration object that is validated at start-up and fails fast with a message naming the missing or malformed variable.',
        'Rails: read required settings with ENV.fetch in config/initializers (or dry-configurable / anyway_config with required attributes).',
        'Python: declare a pydantic-settings BaseSettings class with typed fields and instantiate it at import time.',
        'Node: parse process.env with a zod schema (or envalid cleanEnv) in one config module and import only that module.',
        'Go: load into a struct with envconfig/env tags marked required and validate it before starting the server.',
        'Spring: bind @ConfigurationProperties and annotate it @Validated with Bean Validation constraints.',
        'Rust: deserialize settings into a typed struct once at start-up (figment / config / envy) and validate ranges (validator crate) before serving.',
        '.NET: builder.Services.AddOptions<T>().BindConfiguration("Section").ValidateDataAnnotations().ValidateOnStart().',
      ],
      effort: 'S',
    },
    messages: {
      validated: 'Configuration is validated at startup with {{validator}}.',
      presenceOnly: 'Configuration is only checked for presence ({{validator}}); types and values are not validated.',
      handWritten:
        'Configuration is checked by hand at startup ({{validator}}): a missing or malformed setting stops the service, but there is no schema covering every setting.',
      missing: 'Configuration is read directly ({{via}}) and never validated at startup.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: [
      'config validation',
      'configuration validation',
      'environment variable validation',
      'validate configuration',
      'settings validation',
      'env validation',
      'validated at startup',
    ],
  },
  check(ctx) {
    const { repo } = ctx;
    let weak: { v: Validator; hit: GrepMatch } | undefined;
    let handWritten: { v: Validator; hit: GrepMatch } | undefined;
    // One pass over the source selects candidate files; each validator then looks only there.
    const union = new RegExp(VALIDATORS.map((v) => `(?:${v.re.source})`).join('|'), 'm');
    const candidates = repo
      .select({ languages: [...new Set(VALIDATORS.flatMap((v) => v.languages))], kinds: ['source'] })
      .filter((f) => union.test(repo.read(f.path) ?? ''))
      .map((f) => f.path);
    for (const v of VALIDATORS) {
      const paths = candidates.filter((p) => v.languages.includes(repo.get(p)?.language ?? ''));
      const hits = paths.length ? repo.grep(v.re, { paths, limit: 50 }) : [];
      const withPaths = (h: GrepMatch) =>
        v.withAnywhere ? repo.select({ languages: v.languages, kinds: ['source'] }).map((f) => f.path) : [h.path];
      const hit = hits.find(
        (h) =>
          ctx.facts.code.isCodeUse(h) &&
          (!v.inPaths || v.inPaths.test(h.path)) &&
          (!v.with || ctx.facts.code.grepFirst(v.with, { paths: withPaths(h) })),
      );
      if (!hit) continue;
      if (v.handWritten) {
        handWritten ??= { v, hit };
        continue;
      }
      if (v.weak) {
        weak ??= { v, hit };
        continue;
      }
      return ctx.pass([ctx.at(hit.path, hit.line, v.name)], { messageId: 'validated', data: { validator: v.name } });
    }
    if (handWritten) {
      return ctx.pass([ctx.at(handWritten.hit.path, handWritten.hit.line, handWritten.v.name)], {
        messageId: 'handWritten',
        confidence: 'low',
        data: { validator: handWritten.v.name },
      });
    }
    if (weak) {
      return ctx.pass([ctx.at(weak.hit.path, weak.hit.line, weak.v.name)], {
        messageId: 'presenceOnly',
        confidence: 'low',
        data: { validator: weak.v.name },
      });
    }
    const reads = ctx.facts.config.reads;
    return ctx.gap(
      'missing',
      [
        ...reads.slice(0, 3).map((r) => ctx.at(r.path, r.line, `unvalidated configuration read (${r.via})`)),
        ctx.missing(
          [
            'pydantic-settings BaseSettings',
            'a zod or envalid schema applied to the environment',
            'joi or convict validation',
            '@nestjs/config validationSchema',
            'envconfig/env tags marked required',
            'viper + validator',
            '@ConfigurationProperties + @Validated',
            'Ruby ENV.fetch without a default',
          ],
          'no configuration schema validated at startup',
        ),
      ],
      { data: { via: [...new Set(reads.map((r) => r.via))].slice(0, 3).join(', ') } },
    );
  },
});

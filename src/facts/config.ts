import { DOTNET_LANGUAGES } from '../repo/classify.js';
import type { RepoIndex } from '../repo/index.js';
import { inProse, isPatternSource } from '../repo/text.js';
import { PUBLIC_KEY } from './env-files.js';
import { DROPWIZARD_CORE } from './health.js';
import type { DepsFacts } from './deps.js';
import type { Facts } from './index.js';
import { browserCode } from './live-code.js';
import { isProductionPath, RUST_BUILD_SCRIPT } from './liveness.js';

/** Where production code reads configuration from the environment or a settings layer. */
export interface ConfigRead {
  path: string;
  line: number;
  /** What was recognised: 'process.env', 'os.getenv', 'BaseSettings', '@Value', 'viper' ... */
  via: string;
  /**
   * Only browser-public variables (`process.env.NEXT_PUBLIC_API_URI`): the bundler inlines them when it builds, so
   * the running server reads nothing (an env sample still documents them for the build).
   */
  buildTime?: true;
  /** A command-line flag (`#[arg(long)]`): the program's `--help` lists it, no environment sample has to. */
  flag?: true;
}

export interface ConfigFacts {
  /** Production (non-test) reads of configuration, first per mechanism and file, at most a few dozen. */
  reads: ConfigRead[];
  any: boolean;
  /** Environment variable names read literally by production code (process.env.X, os.getenv("X") ...), ambient ones excluded. */
  names: string[];
}

/**
 * A clap/structopt attribute with an `env` key, also one written a key a line (`#[arg(`, `long = "http-rpc",`,
 * `env = "APP_LISTEN"`, `)]`): the attribute ends at `)]`, so a later attribute's key is not read as this one's.
 */
export const CLAP_ENV_ATTRIBUTE = /#\[\s*(?:clap|arg|structopt)\s*\((?:[^)]|\)(?!\]))*?\benv\b\s*(?:=\s*"|[,)])/;

/** A clap/structopt flag (`#[arg(long, default_value = "9000")]`, `#[clap(short, long)]`), also written a key a line. */
const CLAP_FLAG_ATTRIBUTE = /#\[\s*(?:clap|arg|structopt)\s*\((?:[^)]|\)(?!\]))*?\blong\b/;
const CLAP_FLAGS = 'clap command-line flags';

/** clap's builder method naming an argument's environment variable (`.env("LISTEN_ADDR")`, one string argument). */
const CLAP_BUILDER_ENV = /\.env\s*\(\s*"[A-Za-z_][A-Za-z0-9_]*"\s*\)/;
/** A call of `var`/`var_os` by its bare name: std::env's only where the file imports it (RUST_ENV_VAR_IMPORT). */
const IMPORTED_ENV_VAR_CALL = /(?<![\w:.$])var(?:_os)?\s*\(/;
/** `use std::env::var;`, `use std::env::{var, vars};`, `use std::{env::var, fs};`. */
const RUST_ENV_VAR_IMPORT =
  /\buse\s+std::(?:env::(?:var(?:_os)?\b|\{[^}]*\bvar(?:_os)?\b)|\{[^}]*\benv::(?:var(?:_os)?\b|\{[^}]*\bvar(?:_os)?\b))/;

/** The label of a read through Kratos' or go-micro's file config source. */
export const GO_CONFIG_SOURCE = 'config source (Kratos / go-micro file source)';
/**
 * Kratos' and go-micro's file config sources (`config.WithSource(file.NewSource(flagconf))`, a `file.NewSource(…)`
 * statement of its own); the file must import one (Kratos' config/file, go-micro's config/source/file).
 */
const GO_FILE_SOURCE = /\bconfig\.WithSource\s*\(\s*file\.NewSource\s*\(|^\s*file\.NewSource\s*\(/m;
const GO_FILE_SOURCE_IMPORT =
  /"github\.com\/go-kratos\/kratos\/v2\/config\/file"|"(?:github\.com\/micro\/go-micro|go-micro\.dev)(?:\/v\d+)?\/config\/source\/file"/;

const JS_ENV_READ = /\bprocess\.env\b|\bimport\.meta\.env\b|\bBun\.env\b/;
/** A quoted `process.env` / `process.env.NAME` key of an object: a bundler's compile-time replacement, no read. */
const DEFINE_KEY = /(['"])(?:process\.env|import\.meta\.env)(?:\.\w+)?\1\s*:/;

const READS: [RegExp, string, string[]][] = [
  [/\bos\.(environ\b|getenv\s*\()/, 'os.environ/os.getenv', ['python']],
  [/\b(BaseSettings|SettingsConfigDict)\b/, 'pydantic settings', ['python']],
  [
    /\benviron\.Env\s*\(|\bfrom decouple import\b|\bDynaconf\s*\(|\bload_dotenv\s*\(|\bfrom starlette\.config import\b/,
    'settings library',
    ['python'],
  ],
  [JS_ENV_READ, 'process.env', ['javascript', 'typescript']],
  [/\bDeno\.env\b/, 'Deno.env', ['javascript', 'typescript']],
  // Cloudflare Workers (and Hono on them) get variables and secrets as bindings: c.env.API_KEY, env.API_KEY in fetch.
  [
    /\b(?:c|ctx|context|event\.platform)\.env\.[A-Z][A-Z0-9_]+\b|(?<![\w$.])env\.[A-Z][A-Z0-9_]*_[A-Z0-9_]+\b/,
    'Workers environment bindings (env.X)',
    ['javascript', 'typescript'],
  ],
  // Hono's runtime adapter (`env(c)` from hono/adapter: process.env on Node, bindings on Workers), and settings
  // declared with the variable each is read from (figue and convict definitions: `port: { …, env: 'PORT' }`).
  [
    /\bfrom\s+["']hono\/adapter["']|^\s*env\s*:\s*["'][A-Z][A-Z0-9_]*["']\s*,?\s*$/m,
    'settings read from the environment (Hono env adapter, figue / convict definitions)',
    ['javascript', 'typescript'],
  ],
  [/\bConfigModule\.forRoot\b|\bConfigService\b/, '@nestjs/config', ['typescript', 'javascript']],
  // AdonisJS: start/env.ts builds the Env service (`Env.create(appRoot, { PORT: Env.schema.number() })`, v5
  // `Env.rules({…})`), and the app reads it as `env.get('PORT')` (v5 `Env.get('PORT')`).
  [
    /\bEnv\.(?:create|rules)\s*\(|\b[eE]nv\.get(?:OrFail)?\s*\(\s*["'`][A-Z]/,
    'AdonisJS env (Env.create / env.get)',
    ['typescript', 'javascript'],
  ],
  // Frameworks' own environment layers: Nuxt runtime config (NUXT_* variables), SvelteKit $env modules (SvelteKit 3's
  // `$app/env/private`), astro:env.
  [
    /\buseRuntimeConfig\s*\(|from\s+["']\$(?:env\/(?:static|dynamic)|app\/env)\/(?:private|public)["']|from\s+["']astro:env\/(?:server|client)["']/,
    'framework environment module ($env, astro:env, useRuntimeConfig)',
    ['typescript', 'javascript'],
  ],
  [/\bos\.(Getenv|LookupEnv|Environ)\s*\(/, 'os.Getenv', ['go']],
  [
    // A viper instance that reads a settings file (`v := viper.New()` … `v.ReadInConfig()`); one created only to bind a
    // command's flags reads nothing of its own.
    /\bviper\.(Get\w*|Unmarshal|ReadInConfig|AutomaticEnv)\b|\b\w+\.ReadInConfig\s*\(|\benvconfig\.Process\b|\benv\.Parse\s*\(|\bkoanf\.New\b/,
    'config library',
    ['go'],
  ],
  [
    /\bSystem\.getenv\s*\(|@Value\s*\(\s*"\$\{|@ConfigurationProperties\b|\bEnvironment\.getProperty\b/,
    'System.getenv / Spring properties',
    ['java', 'kotlin', 'scala', 'groovy'],
  ],
  [/\.loadConfig(?:OrThrow)?\s*(?:<[^>\n]*>)?\s*\(/, 'Hoplite loadConfig', ['java', 'kotlin']],
  [/\bENV\s*(\[|\.fetch\b)|\bRails\.application\.(credentials|config_for)\b/, 'ENV', ['ruby']],
  [/\b(std::)?env::var(_os)?\s*\(|\benvy::from_env\b|\bconfig::Config::builder\b/, 'env::var', ['rust']],
  [
    /\bFigment::(?:new|from)\s*\(|\benvy::prefixed\s*\(|\bConfig::builder\s*\(\s*\)[\s\S]{0,80}?add_source|\bdotenvy?::dotenv\s*\(/,
    'settings library (figment / envy / config) or .env loader (dotenvy)',
    ['rust'],
  ],
  // A settings file parsed at start (`toml::from_str(&conf)`), environment variables read all at once (`env::vars()`).
  [
    /\benv::vars(?:_os)?\s*\(\s*\)|\b(?:toml|serde_yaml|serde_yml|serde_json|json5|ron)::from_(?:str|slice|reader)\s*(?:::<[^>]+>)?\s*\(\s*&?\s*(?:[\w.]*[._])?(?:conf|config|configuration|settings|cfg)\b/,
    'settings file',
    ['rust'],
  ],
  // clap/structopt arguments that fall back to an environment variable (`#[arg(long, env = "APP_PORT")]`, `#[clap(env)]`).
  [CLAP_ENV_ATTRIBUTE, 'clap arguments read from the environment', ['rust']],
  // clap's builder API: an argument that falls back to an environment variable (`Arg::new("port").env("PORT")`), a
  // method taking the variable's name alone (std's `Command::env(key, value)` sets one for a child and takes two).
  [CLAP_BUILDER_ENV, 'clap arguments read from the environment', ['rust']],
  // `var` imported from std::env (`use std::{env::var, fs};` … `var(key)`): only in files that import it (see below).
  [IMPORTED_ENV_VAR_CALL, 'env::var', ['rust']],
  [CLAP_FLAG_ATTRIBUTE, CLAP_FLAGS, ['rust']],
  [
    /\bConfiguration\s*\[\s*"|\bConfiguration\s*\.\s*(?:GetSection|GetValue|GetConnectionString|Get|Bind)\b|\bGetConnectionString\s*\(|\bIOptions(?:Monitor|Snapshot)?\s*<|\.AddOptions\s*<|\.Configure\s*<\s*\w+Options\s*>|\bEnvironment\.GetEnvironmentVariable\s*\(|\bIConfiguration\b/,
    '.NET configuration (IConfiguration / options)',
    DOTNET_LANGUAGES,
  ],
  // Illuminate's `Env::get('NAME')` (illuminate/support, used outside Laravel too) reads the environment as getenv does.
  // `$_SERVER` also holds the request the web server passes (CGI meta-variables and headers): REMOTE_ADDR,
  // SCRIPT_NAME, HTTP_HOST … are the request, not the deployment's settings.
  [
    /\bgetenv\s*\(|\bSystem::getEnv\s*\(|\bEnv::get\s*\(|\$_ENV\b|\$_SERVER\s*\[\s*['"](?!(?:REMOTE_\w+|SCRIPT_\w+|REQUEST_\w+|SERVER_(?:NAME|PORT|ADDR|PROTOCOL|SOFTWARE|SIGNATURE)|HTTP_\w+|HTTPS|PHP_SELF|PHP_AUTH_\w+|AUTH_TYPE|PATH_INFO|ORIG_PATH_INFO|PATH_TRANSLATED|QUERY_STRING|DOCUMENT_ROOT|CONTENT_TYPE|CONTENT_LENGTH|GATEWAY_INTERFACE|REDIRECT_\w+|argv|argc)['"])[A-Z]|\benv\s*\(\s*['"][A-Z]/,
    'getenv',
    ['php'],
  ],
  [/\bSystem\.(?:get_env|fetch_env!?)\s*\(|\bDotenvy\.source!?\b/, 'System.get_env', ['elixir']],
  // Configuration files read at startup.
  [
    /\bconfigparser\.(Raw)?ConfigParser\s*\(|\b(yaml\.safe_load|tomllib\.load|toml\.load)\s*\(\s*open\s*\([^)]*conf/,
    'config file',
    ['python'],
  ],
  [
    /require\(\s*["'](config|nconf|rc|convict)["']\s*\)|from\s+["'](config|nconf|rc)["']|\bcosmiconfig(Sync)?\s*\(/,
    'config file',
    ['javascript', 'typescript'],
  ],
  [/\b(ini\.Load|toml\.DecodeFile)\s*\(/, 'config file', ['go']],
  // Bytes the program read itself decoded from TOML or YAML into its settings (`toml.Unmarshal(buf, &config)`,
  // `yaml.Unmarshal(data, &cfg)`): a settings file, whatever flag or constant names its path.
  [
    /\b(?:toml|yaml)\.Unmarshal\s*\(\s*\w+\s*,\s*&?(?:\w+\.)?(?:c|cfg|conf|config|configuration|settings|opts|options)\s*\)/i,
    'config file',
    ['go'],
  ],
  // A settings file named by a command-line flag's default (`flag.String("config", "config.json", …)`), which the
  // program then reads and decodes into its settings struct itself (os.ReadFile and encoding/json or yaml).
  [
    /\bflag\.String(?:Var)?\s*\([^)\n]*"(?:c|cfg|conf|config|config-file|config_file|configFile|settings)"\s*,\s*"[\w./-]+\.(?:json|ya?ml|toml)"/,
    'config file',
    ['go'],
  ],
  // Kratos' and go-micro's config sources: `config.New(config.WithSource(file.NewSource(flagconf)))` reads a settings
  // file or folder, scanned into the service's settings.
  [GO_FILE_SOURCE, GO_CONFIG_SOURCE, ['go']],
  // A settings struct the environment fills through its field tags (`DSN string `env:"DSN,secret"``): caarlos0/env,
  // cleanenv, qiangxue/go-env, sethvargo/go-envconfig, kong; kelseyhightower/envconfig's `envconfig:"PORT"`.
  [
    /`[^`\n]*\b(?:env|envconfig)\s*:\s*"[A-Z][A-Z0-9_]*[",]/,
    'settings struct read from the environment (env:"…" field tags)',
    ['go'],
  ],
  // Command-line flags that fall back to environment variables: peterbourgon/ff (`ff.WithEnvVarPrefix("APP")`),
  // go.senan.xyz/flagconf, kingpin `.Envar("APP_PORT")`, urfave/cli `EnvVars: []string{"APP_PORT"}`, kong `env:"PORT"`;
  // struct decoders of the environment (envdecode, cleanenv).
  [
    /\bff\.WithEnvVar(?:Prefix|s)\b|\bflagconf\.ParseEnv\s*\(|\.Envar\s*\(\s*"|\bEnvVars?\s*:\s*(?:\[\]string\s*\{\s*)?"[A-Z]|\bkong\.Parse\s*\(|\benvdecode\.(?:Strict)?Decode\s*\(|\bcleanenv\.Read(?:Env|Config)\s*\(/,
    'flags or settings read from the environment',
    ['go'],
  ],
  [/\bYAML\.load_file\s*\([^)]*config|\bconfig_for\s*\(/, 'config file', ['ruby']],
];

/** Variables every program may read that are not application configuration. */
const AMBIENT = new Set([
  'NODE_ENV',
  // Vite's own build flags (`import.meta.env.DEV`, `.MODE`): the build's mode, not settings an operator gives.
  'MODE',
  'DEV',
  'PROD',
  'SSR',
  'BASE_URL',
  // Set by the test runner for the code it runs (`!process.env.VITEST && plugin()` in a Vite config).
  'VITEST',
  'CI',
  'NO_COLOR',
  'FORCE_COLOR',
  'TERM',
  'COLORTERM',
  'HOME',
  'USERPROFILE',
  'PATH',
  'PWD',
  'SHELL',
  'USER',
  'LANG',
  'LC_ALL',
  'TZ',
  'TMPDIR',
  'TEMP',
  'TMP',
  'EDITOR',
  'VISUAL',
  'DEBUG',
  'XDG_CONFIG_HOME',
  'XDG_DATA_HOME',
  'XDG_CACHE_HOME',
  'APPDATA',
  'LOCALAPPDATA',
  'GITHUB_ACTIONS',
  'GITHUB_STEP_SUMMARY',
  'GITHUB_OUTPUT',
  'GITHUB_ENV',
  'GITLAB_CI',
  'BUILDKITE',
  // Set by systemd for the service it starts: the sd_notify socket, socket activation's descriptors, the watchdog.
  'NOTIFY_SOCKET',
  'LISTEN_FDS',
  'LISTEN_PID',
  'LISTEN_FDNAMES',
  'WATCHDOG_USEC',
  'WATCHDOG_PID',
  'INVOCATION_ID',
  'JENKINS_URL',
  'VERBOSE',
]);
/** The variable a literal read names: process.env.X, import.meta.env.X, process.env['X'], os.getenv("X"), os.environ["X"], ENV.fetch("X"), System.getenv("X"), Elixir System.get_env("X"), AdonisJS env.get('X') ... */
const NAMED =
  /(?:process\.env\.|\bimport\.meta\.env\.|(?<![\w$.])env\.(?=[A-Z])|\benv\[\s*["'`]|\benviron(?:\.get)?\s*[[(]\s*["']|get[eE]nv\s*\(\s*["']|Getenv\s*\(\s*"|LookupEnv\s*\(\s*"|\bENV(?:\.fetch\s*\(\s*|\[\s*)["']|env::var(?:_os)?\s*\(\s*"|GetEnvironmentVariable\s*\(\s*"|\bSystem\.(?:get_env|fetch_env!?)\s*\(\s*"|\b[eE]nv\.get(?:OrFail)?\s*\(\s*["'`](?=[A-Z])|#\[\s*(?:clap|arg|structopt)\s*\([^\]\n]*?\benv\s*=\s*"|\.env\s*\(\s*"(?=[A-Za-z_][A-Za-z0-9_]*"\s*\)))([A-Za-z_][A-Za-z0-9_]*)/g;
/** Tooling around the service: its scripts, examples and docs, and the scripts CI workflows run (.github/, .gitlab/). */
const TOOLING_DIR =
  /^(?:scripts|tools|hack|bench|benchmarks?|examples?|docs?|\.github|\.gitlab|\.circleci)\/|(^|\/)\.(?:agents?|claude|cursor|windsurf|codex|gemini|continue|roo|kiro|junie)\//;
/** Test runners' configuration (`vitest.config.ts`, `config/jest.js`, `playwright.config.ts`): test tooling, not the app. */
const TEST_RUNNER_CONFIG =
  /(?:^|\/)(?:(?:vitest|jest|playwright|cypress|karma|wdio|ava)(?:\.[\w-]+)?\.config|config\/(?:vitest|jest|playwright|cypress))\.[cm]?[jt]s$/;
/** Asset bundlers' configuration files (webpack.config.js, webpack.mix.js, vite.config.ts, rollup, esbuild, postcss, tailwind). */
export const BUNDLER_CONFIG =
  /(?:^|\/)(?:(?:webpack|vite|rollup|esbuild|tsup|postcss|tailwind|babel)(?:\.[\w-]+)?\.config(?:\.[\w-]+)?|webpack(?:\.[\w-]+)+|gulpfile|Gruntfile)\.[cm]?[jt]s$/;
/** `import { env } from 'node:process'` / `const { env } = require('process')` / `= process`: `env.X` is process.env.X. */
const PROCESS_ENV_IMPORT =
  /\bimport\s*\{[^}]*\benv\b[^}]*\}\s*from\s*["'](?:node:)?process["']|\{[^}]*\benv\b[^}]*\}\s*=\s*(?:process\b|require\(\s*["'](?:node:)?process["']\s*\))/;

/**
 * Whether the application takes configuration at all: reads of environment variables or a settings layer
 * in production source. Spring Boot applications always read application.properties/yml.
 */
export function detectConfigReads(repo: RepoIndex, facts?: Facts): ConfigFacts {
  const browser = facts ? browserCode(facts) : () => false;
  const reads: ConfigRead[] = [];
  const allNames = new Set<string>();
  // One combined test per file first (DESIGN: Speed): most source files read no configuration and are skipped at once.
  const prefilter = new Map<string, RegExp>();
  for (const lang of new Set(READS.flatMap(([, , l]) => l))) {
    prefilter.set(
      lang,
      new RegExp(
        READS.filter(([, , l]) => l.includes(lang))
          .map(([re]) => `(?:${re.source})`)
          .join('|'),
        'm',
      ),
    );
  }
  const candidates = repo
    .select({ languages: [...prefilter.keys()], kinds: ['source'] })
    .filter(
      (f) =>
        !browser(f.path, f.language) &&
        !RUST_BUILD_SCRIPT.test(f.path) &&
        repo.holds(prefilter.get(f.language!)!, f.path),
    );
  for (const [re, via, languages] of READS) {
    const paths = candidates.filter((f) => languages.includes(f.language!)).map((f) => f.path);
    const hits = repo.grep(re, { paths, limit: 200 });
    const seen = new Set<string>();
    for (const h of hits) {
      const full = repo.lines(h.path)[h.line - 1] ?? h.text;
      if (
        TOOLING_DIR.test(h.path) ||
        TEST_RUNNER_CONFIG.test(h.path) ||
        !(facts ? facts.liveness.isProductionPath(h.path) : isProductionPath(h.path)) ||
        /^\s*(\/\/|\/\*|\*|#(?!\[))/.test(full) || // a Rust attribute (`#[arg(env = "PORT")]`) is no comment
        // A Rust unit test's read (`#[cfg(test)] mod tests { … env::var("TESTS_MAX_CONCURRENCY") … }`) is no setting.
        (facts && h.path.endsWith('.rs') && !facts.code.isCode(h.path, h.line)) ||
        isPatternSource(full) ||
        inProse(full, h.groups[0] ?? '') ||
        // A bundler's replacement key (`new webpack.DefinePlugin({ 'process.env': { … } })`, `'process.env.API_URL':
        // JSON.stringify(…)`) names what the bundle's code will read; the line reads nothing.
        (re === JS_ENV_READ && DEFINE_KEY.test(full)) ||
        (re === IMPORTED_ENV_VAR_CALL && !RUST_ENV_VAR_IMPORT.test(repo.read(h.path) ?? '')) ||
        (re === GO_FILE_SOURCE && !GO_FILE_SOURCE_IMPORT.test(repo.read(h.path) ?? ''))
      )
        continue;
      // A line that only sets variables (`process.env.FORCE_COLOR = '1'`) reads none.
      const matches = [...full.matchAll(NAMED)];
      if (matches.length && matches.every((m) => /^\s*=(?!=)/.test(full.slice(m.index! + m[0].length)))) continue;
      const literal = matches.map((m) => m[1]!);
      const names = literal.filter((n) => !AMBIENT.has(n));
      // A bundler's configuration reads the build's switches (ANALYZE_BUNDLE, WEBPACK_PUBLIC_PATH): set by whoever
      // builds the assets, not configuration an operator hands the running service.
      if (!BUNDLER_CONFIG.test(h.path)) for (const n of names) allNames.add(n);
      if (seen.has(h.path) || (literal.length && !names.length)) continue; // only ambient variables on this line
      // A bundler's configuration runs when the assets are built, never in the running service: its reads are the
      // build's, kept as facts but no setting the service is handed.
      const buildTime = BUNDLER_CONFIG.test(h.path) || (names.length > 0 && names.every((n) => PUBLIC_KEY.test(n)));
      // A file's first read of a server setting is recorded even after its browser-public ones.
      if (!buildTime) seen.add(h.path);
      else if (reads.some((r) => r.path === h.path)) continue;
      // `env` imported from node:process is process.env, not a Worker's bindings.
      const label =
        via === 'Workers environment bindings (env.X)' &&
        !/\b(?:c|ctx|context|event\.platform)\.env\./.test(full) &&
        PROCESS_ENV_IMPORT.test(repo.read(h.path) ?? '')
          ? 'process.env'
          : via;
      reads.push({
        path: h.path,
        line: h.line,
        via: label,
        ...(buildTime ? { buildTime: true as const } : {}),
        ...(via === CLAP_FLAGS ? { flag: true as const } : {}),
      });
    }
  }
  // Nuxt fills its runtime config from NUXT_* variables by itself, and its modules (nuxt-auth-utils, NuxtHub …) read
  // theirs so: an env sample beside nuxt.config that lists NUXT_ variables is configuration the app reads.
  if (!reads.length)
    for (const cfg of repo.byName(/^nuxt\.config\.[cm]?[jt]s$/)) {
      if (cfg.isTest || cfg.path.includes('node_modules/')) continue;
      const dir = cfg.path.includes('/') ? `${cfg.path.slice(0, cfg.path.lastIndexOf('/'))}/` : '';
      const sample = ['.env.example', '.env.sample', '.env.template', '.env.dist']
        .map((n) => `${dir}${n}`)
        .find((p) => repo.has(p));
      const hit = sample ? repo.grepFirst(/^\s*(?:export\s+)?(NUXT_[A-Z0-9_]+)\s*=/, { paths: [sample] }) : undefined;
      if (!hit) continue;
      reads.push({ path: hit.path, line: hit.line, via: 'Nuxt runtime config (NUXT_* variables)' });
      allNames.add(hit.groups[1]!);
      break;
    }
  // Prisma reads its datasource URL from the environment (env("DATABASE_URL") in schema.prisma) for every client.
  const prismaEnv = repo.grep(/\benv\(\s*"[A-Z][A-Z0-9_]*"\s*\)/, { include: '**/*.prisma', limit: 1 })[0];
  // Else the code that makes the client (the database fact): a file importing only Prisma's enums connects nowhere.
  const prismaClient = prismaEnv ? undefined : facts?.database.uses.find((u) => u.library === 'prisma');
  const prisma = prismaEnv ?? prismaClient;
  if (prisma) reads.push({ path: prisma.path, line: prisma.line, via: 'Prisma datasource (DATABASE_URL)' });
  // Symfony: container parameters resolved from the environment (%env(DATABASE_URL)%) in config/*.yaml.
  const symfonyEnv = repo
    .grep(/%env\((?:[\w]+:)*([A-Z][A-Z0-9_]*)\)%/, {
      include: ['config/**/*.{yaml,yml}', 'app/config/**/*.{yaml,yml}'],
      limit: 50,
    })
    .filter((h) => !/^\s*#/.test(h.text)); // a commented-out option is not read
  for (const h of symfonyEnv) {
    const name = /%env\((?:[\w]+:)*([A-Z][A-Z0-9_]*)\)%/.exec(h.text)?.[1];
    if (name && !AMBIENT.has(name)) allNames.add(name);
  }
  if (symfonyEnv[0])
    reads.push({ path: symfonyEnv[0].path, line: symfonyEnv[0].line, via: 'Symfony %env()% parameters' });
  // CodeIgniter 4: every config class (app/Config/App.php `class App extends BaseConfig`) takes its properties from the
  // environment by name (`app.baseURL`, `database.default.hostname` in .env) without a read in the code.
  const ciConfig = repo.grepFirst(
    /^\s*(?:final\s+)?class\s+\w+\s+extends\s+\\?(?:CodeIgniter\\Config\\)?BaseConfig\b/,
    {
      include: ['**/Config/*.php'],
      kinds: ['source'],
    },
  );
  if (ciConfig)
    reads.push({ path: ciConfig.path, line: ciConfig.line, via: 'CodeIgniter config classes (overridden from .env)' });
  const jvmConfig = repo.glob('**/src/main/resources/application*.{properties,yml,yaml}')[0];
  if (jvmConfig)
    reads.push({ path: jvmConfig.path, line: 1, via: 'application configuration (Spring Boot, Quarkus, Micronaut)' });
  const dropwizard = facts?.derive(dropwizardConfigOf);
  if (dropwizard) {
    reads.push({ path: dropwizard.path, line: dropwizard.line, via: 'Dropwizard YAML configuration' });
    for (const n of dropwizard.names) if (!AMBIENT.has(n)) allNames.add(n);
  }
  reads.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
  return { reads, any: reads.length > 0, names: [...allNames].sort() };
}

/** A Dropwizard application's YAML configuration (dropwizardConfig): the file, its `server:` line, the variables. */
export interface DropwizardConfig {
  path: string;
  line: number;
  names: string[];
}

/** A Dropwizard configuration file: a top-level `logging:` block beside a top-level `server:` block. */
export const DROPWIZARD_LOGGING_CONFIG =
  /^logging\s*:\s*$(?=[\s\S]*^server\s*:)|^server\s*:\s*$(?=[\s\S]*^logging\s*:)/m;

/** A `${NAME}` / `${NAME:-default}` placeholder Dropwizard's EnvironmentVariableSubstitutor fills from the environment. */
const DROPWIZARD_PLACEHOLDER = /\$\{([A-Z][A-Z0-9_]*)(?::-[^}\n]*)?\}/g;

/**
 * A Dropwizard application's YAML configuration: the file it is started with (`java -jar app.jar server config.yaml`)
 * binds `server:` (its connectors), `logging:` and `database:` into the Configuration class. With the
 * EnvironmentVariableSubstitutor registered, its `${NAME}` placeholders are the environment variables it reads.
 * Only in a repository declaring dropwizard-core; the first production YAML file opening a `server:` block that sets
 * connectors, a server type, a root path or a request log.
 */
export function dropwizardConfig(
  repo: RepoIndex,
  deps: DepsFacts,
  production: (path: string) => boolean,
): DropwizardConfig | undefined {
  if (!deps.declared(['jvm', DROPWIZARD_CORE])) return undefined;
  const hit = repo
    .grep(/^server\s*:\s*$/, { include: '**/*.{yml,yaml}', limit: 50 })
    .find(
      (h) =>
        production(h.path) &&
        !repo.get(h.path)?.isTest &&
        /^\s+(?:applicationConnectors|adminConnectors|type|rootPath|applicationContextPath|requestLog|connector)\s*:/m.test(
          topLevelBlock(repo.lines(h.path), h.line),
        ),
    );
  if (!hit) return undefined;
  const substituted = repo.grepFirst(/\bEnvironmentVariableSubstitutor\b/, { kinds: ['source'] });
  const names = substituted
    ? [...new Set([...(repo.read(hit.path) ?? '').matchAll(DROPWIZARD_PLACEHOLDER)].map((m) => m[1]!))]
    : [];
  return { path: hit.path, line: hit.line, names };
}

/**
 * dropwizardConfig of a view's facts, found once per audit and view: the configuration reads and the pool sizes
 * (db-pooling.ts) both ask for it.
 */
export function dropwizardConfigOf(repo: RepoIndex, facts: Facts): DropwizardConfig | undefined {
  return dropwizardConfig(repo, facts.deps, facts.liveness.isProductionPath);
}

/** The lines under a top-level YAML key (the key on line `line`, 1-based), up to the next top-level key. */
function topLevelBlock(lines: readonly string[], line: number): string {
  const end = lines.findIndex((l, i) => i >= line && /^[^\s#]/.test(l));
  return lines.slice(line, end < 0 ? undefined : end).join('\n');
}

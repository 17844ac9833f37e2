import type { RepoIndex } from '../repo/index.js';
import { excerpt } from '../repo/index.js';
import { lineCounter } from '../repo/lines.js';
import path from 'node:path';
import { type ComposeFacts, isComposeFile, PROD_COMPOSE } from './compose.js';
import { isBundle } from './languages.js';
import { mayHoldRustTests, rustTestItems } from './code-text.js';
import { escapeRegExp } from '../repo/text.js';

/**
 * Hard-coded secrets in tracked files: private keys, cloud and SaaS tokens with a recognisable format,
 * secret-named assignments with a literal value, DSNs with inline passwords, JWT signing literals, and weak
 * default credentials in compose files.
 *
 * The secret value never leaves this module: a hit carries only a redacted form (`AKIA…(20 chars)`) and a
 * redacted excerpt of its line. Use `redactSecretsIn(text)` to scrub any text that may contain one.
 *
 * What is never a finding (kept apart in `ignored`, counted in a note): anything in tests and test support (Go
 * `…test` packages, testing/, fixtures/, load-test configuration); secret-named literals in docs, examples and
 * commented-out lines (a key or token in a real provider format there is a finding: it works wherever it is);
 * throwaway passwords of CI and test configuration (workflow services, CI compose files, pytest env, Rails `test:`
 * sections); placeholders (changeme, example, xxx, <...>, ${VAR}, your-…-here, dummy, test123, a key body cut short
 * with "...") and credentials vendors publish for emulators and tests (the Azurite account key, reCAPTCHA test keys).
 * Never looked at: translations (locale folders and locale-named catalogues), lock files, dependency manifests (except
 * known token formats), minified and vendored code (bundles, folders named for a library release, build wrappers).
 * Values that name rather than hold a secret are not literals at all: `credentials: "same-origin"`, labels and
 * translations (`password: "Passwort"`), enum members, route names and keys that contain the secret word
 * (`"login#forgot_password"`, `'app.auth'`), regular expressions, version ranges.
 *
 * Development defaults are `weakCredentials`, low-confidence warnings: password literals in a development compose
 * file or dev container, Rails `development:` sections, postgres:postgres@ and other connection URLs to this machine
 * with a short password or one that repeats the user or database name, and any literal equal to one of those values
 * (a script's fallback for the dev container's password). A compose file that is for production (by name, or run as
 * it is by the docs' deployment instructions or the docs' run command for an example file) is judged like
 * configuration the service runs with. A secret-named setting that falls back to a literal
 * (`os.environ.get("SECRET_KEY") or "literal"`) is a finding (low confidence when the literal is weak): the service
 * runs with it when the variable is missing; a placeholder fallback is not. Password literals in Dockerfile ENV/ARG
 * are findings: they are baked into the image.
 */
export interface SecretHit {
  path: string;
  line: number;
  /** What was found: 'AWS access key id', 'private key', 'password assignment' ... */
  kind: string;
  /** Redacted value: first characters + "…" + length. Never the value. */
  redacted: string;
  /** The line with every secret value replaced by its redacted form, trimmed and capped. */
  excerpt: string;
  /** high: a known token format or a high-entropy literal; low: a heuristic (low entropy, weak default). */
  confidence: 'high' | 'low';
  /** Why an ignored hit was ignored. */
  ignoredAs?:
    | 'test'
    | 'docs'
    | 'example'
    | 'placeholder'
    | 'ci'
    | 'comment'
    | 'sentinel'
    | 'client'
    | 'keyId'
    | 'allowlisted';
}

export interface SecretFacts {
  /** Secrets in production code or config: these decide security.secrets. */
  hits: SecretHit[];
  /** Hits in tests, docs, examples, or placeholder values: not a finding, counted in a note. */
  ignored: SecretHit[];
  /**
   * Development defaults: password literals in a development compose file, weak well-known values (postgres:postgres@
   * DSNs): low-confidence evidence, never a gap on their own.
   */
  weakCredentials: SecretHit[];
}

interface Detector {
  kind: string;
  re: RegExp;
  /** Index of the group holding the secret value (0 = whole match). */
  group: number;
  /** Generic detectors check the value for placeholders and entropy; token formats do not need it. */
  generic?: 'assignment' | 'password' | 'dsn' | 'jwt';
  /**
   * Cheap test on the whole text before running the detector; several must all match, in order (a fast necessary
   * condition first, then the gate it spares on most texts).
   */
  gate?: RegExp | readonly RegExp[];
  /** Group 1 is only the keyword: the variable name is read backwards from the match. */
  nameBack?: boolean;
  /** A secret-named setting that falls back to this literal when the variable is missing. */
  fallback?: boolean;
  /** The literal is the key a signing or encryption call uses: a finding even when it reads as a placeholder (low). */
  signing?: boolean;
  /** The line of the match must also hold this (another key of the same connection string). */
  companion?: RegExp;
}

const SECRET_WORD =
  '(?:secret[_-]?key|secret|password|passwd|passphrase|pwd|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth[_-]?key|signing[_-]?key|client[_-]?secret|credentials?)';
const SECRET_NAME =
  '(?:[A-Za-z_$][\\w$.-]*?)?(?:secret[_-]?key|secret|password|passwd|passphrase|pwd|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth[_-]?key|signing[_-]?key|client[_-]?secret|credentials?)';

/** The name of a pagination cursor: `next_token`, `nextPageToken`, `pagination_token`, `continuationToken`. */
const PAGE_CURSOR =
  /(?:^|[_.-])(?:next|prev(?:ious)?|pagination|continuation)[_-]?(?:page[_-]?)?token$|(?:^|[_.-])page[_-]?token$/i;
const LIT = `["'\`]([^"'\`\\n]*)["'\`]`;
/** A secret-named setting read from the environment with a literal default (group 1: the name, group 2: the literal). */
const FALLBACKS: RegExp[] = [
  // os.getenv("X", "lit"), os.environ.get("X", "lit"), ENV.fetch("X", "lit"), env.get("X", "lit"), env("X", "lit")
  new RegExp(
    `(?:getenv|environ\\.get|env\\.get|ENV\\.fetch|\\benv)\\(\\s*["'](${SECRET_NAME})["']\\s*,\\s*${LIT}`,
    'gi',
  ),
  // os.environ.get("X") or "lit", os.getenv("X") or "lit"
  new RegExp(`(?:getenv|environ\\.get)\\(\\s*["'](${SECRET_NAME})["']\\s*\\)\\s*or\\s*[rbu]?${LIT}`, 'gi'),
  // process.env.X || "lit", process.env["X"] ?? "lit"
  new RegExp(`process\\.env(?:\\.|\\[\\s*["'])(${SECRET_NAME})(?:["']\\s*\\])?\\s*(?:\\|\\||\\?\\?)\\s*${LIT}`, 'gi'),
  // ENV["X"] || "lit", ENV.fetch("X") { "lit" }
  new RegExp(`ENV\\[\\s*["'](${SECRET_NAME})["']\\s*\\]\\s*\\|\\|\\s*${LIT}`, 'gi'),
  new RegExp(`ENV\\.fetch\\(\\s*["'](${SECRET_NAME})["']\\s*\\)\\s*\\{\\s*${LIT}\\s*\\}`, 'gi'),
  // getenv('X') ?: 'lit' (PHP), System.getenv().getOrDefault("X", "lit"), cmp.Or(os.Getenv("X"), "lit")
  new RegExp(`getenv\\(\\s*["'](${SECRET_NAME})["']\\s*\\)\\s*\\?:\\s*${LIT}`, 'gi'),
  new RegExp(`getOrDefault\\(\\s*"(${SECRET_NAME})"\\s*,\\s*${LIT}`, 'gi'),
  new RegExp(`Or\\(\\s*os\\.Getenv\\(\\s*"(${SECRET_NAME})"\\s*\\)\\s*,\\s*${LIT}`, 'gi'),
  // Spring placeholders and shell/compose expansions with a default: \${jwt.secret:literal}, \${DB_PASSWORD:-literal}
  // (\${X:?message} is an error message and \${X:+alt} a value used when X is set: neither is a default)
  new RegExp(`\\$\\{\\s*([\\w.-]*${SECRET_WORD}[\\w.-]*)\\s*:[-=]?([^}?+=\\s-][^}\\n]*)\\}`, 'gi'),
  // Ktor's YAML configuration: `secret: "$ADMIN_SECRET:literal"` (the literal when the variable is missing).
  new RegExp(`["']\\$([A-Z][A-Z0-9_]*${SECRET_WORD}[A-Z0-9_]*):([^"'\\s$][^"'\\n]*)["']`, 'gi'),
];

/** Another key of a key=value connection string on the line: the host, server, user, database or port. */
const KEY_VALUE_CONNECTION_KEY =
  /(?<![\w.-])(?:host|hostaddr|server|data source|user|user id|uid|username|dbname|database|initial catalog|port)[ \t]*=/i;

const AWS_KEY_ID = 'AWS access key id';
const AWS_SECRET_KEY = 'AWS secret access key';
/** The secret half of an AWS key handed over from GitHub Actions' secret store. */
const SECRET_KEY_FROM_STORE = /aws[-_]?secret[-_]?access[-_]?key["']?\s*:\s*["']?\$\{\{\s*secrets\./i;
/** Known token formats first (they win over the generic assignment detectors on the same value). */
export const DETECTORS: Detector[] = [
  // The key handed straight to a JVM signing or encryption call (java-jwt `Algorithm.HMAC256("…")`, jjwt
  // `Keys.hmacShaKeyFor("…".toByteArray())`, `SecretKeySpec("…".getBytes(), "HmacSHA256")`, `.signWith(alg, "…")`):
  // the service signs its tokens with this very value, whatever it reads like.
  {
    kind: 'signing key literal in code',
    re: /\b(?:Algorithm\.HMAC(?:256|384|512)|Keys\.hmacShaKeyFor|SecretKeySpec|\.signWith\s*\(\s*SignatureAlgorithm\.\w+\s*,)\s*\(?\s*"([^"\n]{6,})"/g,
    group: 1,
    generic: 'password',
    signing: true,
    gate: /HMAC|hmacShaKeyFor|SecretKeySpec|signWith/,
  },
  {
    kind: 'private key',
    re: /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----(?:\\n|\s)*([A-Za-z0-9+/=]{16,}[^"'\n-]*)?/g,
    group: 0,
  },
  { kind: AWS_KEY_ID, re: /(?<![A-Za-z0-9])((?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16})(?![A-Za-z0-9])/g, group: 1 },
  {
    kind: AWS_SECRET_KEY,
    re: /aws_?secret_?access_?key["']?\s*(?::=|=>|=|:)\s*["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
    group: 1,
  },
  { kind: 'Azure storage connection string', re: /AccountKey=([A-Za-z0-9+/=]{40,})/g, group: 1 },
  {
    kind: 'GitHub token',
    re: /(?<![A-Za-z0-9_])(gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})/g,
    group: 1,
  },
  { kind: 'Slack token', re: /(?<![A-Za-z0-9])(xox[baprs]-[0-9A-Za-z-]{10,})/g, group: 1 },
  {
    kind: 'Slack webhook',
    re: /(https:\/\/hooks\.slack\.com\/services\/T[A-Za-z0-9_]+\/B[A-Za-z0-9_]+\/[A-Za-z0-9_]{16,})/g,
    group: 1,
  },
  { kind: 'Stripe live key', re: /(?<![A-Za-z0-9])((?:sk|rk)_live_[0-9a-zA-Z]{24,})/g, group: 1 },
  { kind: 'Google API key', re: /(?<![A-Za-z0-9])(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/g, group: 1 },
  { kind: 'Anthropic API key', re: /(?<![A-Za-z0-9])(sk-ant-(?:api\d\d-|admin\d\d-)?[A-Za-z0-9_-]{32,})/g, group: 1 },
  {
    kind: 'Langfuse secret key',
    re: /(?<![A-Za-z0-9_-])(sk-lf-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![0-9a-f-])/g,
    group: 1,
  },
  {
    kind: 'OpenAI API key',
    re: /(?<![A-Za-z0-9_-])(sk-(?!ant-|lf-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,})/g,
    group: 1,
  },
  { kind: 'SendGrid API key', re: /(?<![A-Za-z0-9])(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})/g, group: 1 },
  { kind: 'Twilio API key', re: /(?<![A-Za-z0-9])(SK[0-9a-f]{32})(?![0-9a-f])/g, group: 1 },
  {
    kind: 'Twilio auth token',
    re: /twilio\w*auth\w*token["']?\s*(?::=|=>|=|:)\s*["']?([0-9a-f]{32})(?![0-9a-f])/gi,
    group: 1,
  },
  { kind: 'npm token', re: /(?<![A-Za-z0-9])(npm_[A-Za-z0-9]{36})(?![A-Za-z0-9])/g, group: 1 },
  { kind: 'npm auth token', re: /_authToken\s*=\s*([^\s$][^\s]{15,})/g, group: 1 },
  // Generic: DSNs with an inline password, JWT signing literals, secret-named assignments and env defaults.
  {
    kind: 'password in connection URL',
    re: /\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|rediss|amqps?|mssql|sqlserver|oracle|clickhouse)(?:\+\w+)?:\/\/[^:/\s@"'`$]+:([^@\s"'`/]+)@/gi,
    group: 1,
    generic: 'dsn',
    gate: /:\/\/[^\s:/@]+:[^\s@]+@/,
  },
  {
    // A key=value connection string (libpq's `host=db user=app password=… dbname=app`, ADO.NET's and ODBC's
    // `Server=db;User Id=app;Password=…;`) built in code or written in configuration: the password is a literal word
    // of the string, not a URL's. A `{}` / `%s` / `${…}` slot, a quoted or concatenated value is filled at run time.
    kind: 'password in connection string',
    re: /(?<![\w.-])(?:password|pwd)[ \t]*=[ \t]*([^\s;&"'`{}$%\\]+)/gi,
    group: 1,
    generic: 'dsn',
    gate: /(?:password|pwd)[ \t]*=/i,
    companion: KEY_VALUE_CONNECTION_KEY,
  },
  {
    kind: 'JWT signing secret literal',
    re: /\bjwt\.(?:sign|verify|encode|decode)\s*\((?:[^()'"`;]|\([^()]*\)){1,200}?,\s*["'`]([^"'`\n]+)["'`]/g,
    group: 1,
    generic: 'jwt',
    gate: /jwt\./,
  },
  ...FALLBACKS.map(
    (re): Detector => ({
      kind: 'secret default in env lookup',
      re,
      group: 2,
      generic: 'assignment',
      fallback: true,
      gate: /getenv|environ|env\b|ENV|process\.env|\$\{|getOrDefault|Getenv|["']\$[A-Z]\w*:/,
    }),
  ),
  {
    // Elixir module attributes: `@api_token "…"` binds a compile-time constant with no `=` or `:`.
    kind: 'hard-coded secret assignment',
    re: new RegExp(`^[ \\t]*@(${SECRET_NAME})[ \\t]+"([^"\\n#]*)"[ \\t]*(?:#.*)?$`, 'gim'),
    group: 2,
    generic: 'assignment',
    // The anchored gate is tried at every line start (a third of documenso's secrets gates, timed alone); the same
    // words after an `@` anywhere, which every text it passes holds, start at an `@` and spare it on most texts.
    gate: [
      /@\w*(?:secret|passw|passphrase|pwd|token|key|credential)/i,
      /^[ \t]*@\w*(?:secret|passw|passphrase|pwd|token|key|credential)/im,
    ],
  },
  {
    kind: 'hard-coded secret assignment',
    // Anchored on the keyword (fast: no identifier scan at every position); the full name is read backwards.
    re: new RegExp(
      // A type annotation (`password: str = "…"`) follows a bare name only: after a quoted word (`name="password"
      // :label="…"`, a Blade or Vue form field followed by a bound attribute) `:x=` is the next attribute. A quoted
      // string followed by a colon is the next key (YAML's `'password':` then `'description': …` on the line below).
      // One followed by a membership test or a comparison is its left operand, the name a boolean (`regenerate_token =
      // "expiry" in data`).
      `(${SECRET_WORD})(?:[ \\t]*:[ \\t]*[\\w\\[\\]|. ]{1,30}?[ \\t]*=|["']?[ \\t]*(?::=|=>|=|:))\\s*[rbfu]?["'\`]([^"'\`\\n]*)["'\`](?![ \\t]*(?::|(?:not[ \\t]+)?in\\b|[=!]=))`,
      'gi',
    ),
    group: 2,
    generic: 'assignment',
    gate: /secret|passw|passphrase|pwd|token|key|credential/i,
    nameBack: true,
  },
];

/** Folders of example deployments (`.examples/mtls/`, `samples/`, `demo/`, `example-certs/`), not documentation. */
const EXAMPLE_DEPLOYMENT = /(^|\/)\.?(?:examples?|samples?|demos?)(?:[-_][\w-]+)?\//i;

/** A PHP source file, where `.` is the string concatenation operator. */
const PHP_FILE = /\.(?:php|phtml|inc)$/i;

/** A call compiling a regular expression (Go, Python, JS, Rust, JVM, .NET). */
const REGEX_CALL =
  /\b(?:regexp\.(?:Must)?Compile(?:POSIX)?|re\.compile|new\s+RegExp|Regex::new|Pattern\.compile|new\s+Regex)\s*\(/;

/**
 * Unquoted values are secrets only in config files: .env, YAML, properties, ini, toml. A YAML alias or anchor
 * (`DB_PASSWORD: *db-password`, `&db-password "…"`) is a reference to a value set elsewhere, not the value; so is
 * Woodpecker's and Drone's `from_secret: name`, a secret the CI keeps.
 */
const CONFIG_ASSIGNMENT = new RegExp(
  `^[ \\t-]*(?:export[ \\t]+)?(?!["']?from_secret\\b)["']?(${SECRET_NAME})["']?[ \\t]*(?:=|:)[ \\t]*(?![*&][\\w.-]+(?:[ \\t]|$))([^\\s"'#][^\\s#]*)[ \\t]*(?:#.*)?$`,
  'gim',
);

const PLACEHOLDER = [
  /^(?:changeme|change[-_]?me|change[-_]?this|example|sample|placeholder|dummy|test|testing|secret|password|passwd|pass|token|none|null|nil|undefined|redacted|todo|tbd|foo|bar|baz|fake|mock|default|dev|development|local|demo|not[-_]?set|unset|no[-_]?t?[-_]?(?:defined|configured|provided)|xxx+|x+|\*+|\.\.\.|…|-+|0+|1234(?:5678?)?|123456)$/i,
  // PASS000000000000000000: a word padded with zeros to a key's length
  /^[A-Za-z]{0,8}0{10,}$/,
  // test123, demo_1, example2: a fixture's word with a counter
  /^(?:test|demo|example|sample|dummy|fake|foo|bar|foobar|abc|abcd|abcdef|qwerty|asdf)[-_]?\d{0,4}$/i,
  /^my[-_]?(?:pass(?:word)?|secret|token|key|api[-_]?key)\d*$/i,
  // VerySecretPassword, super_secret, TopSecretKey: the word secret made louder, typed as a sample value.
  /^(?:very|super|top|ultra)[-_]?secret(?:[-_]?(?:password|pass|key|token))?\d*$/i,
  // default_secret, default-sitekey, defaultpassword: the word default before the setting's own name.
  /^default[-_]?(?:[a-z]+[-_]?)?(?:secret|key|token|pass(?:word)?|sitekey|api[-_]?key)$/i,
  // DEMO_KEY (the public, rate-limited key api.data.gov hands to anyone), test_token, sample-api-key.
  /^(?:demo|test|sample|example|dummy|fake)[-_]?(?:key|token|secret|api[-_]?key)$/i,
  /^<[^>]*>$/,
  // A word in square brackets, as a connection-string template writes its parts (`mysql://[USER]:[PASSWORD]@[HOST]`).
  /^\[[A-Za-z][\w -]*\]$/,
  // Symfony's marker between exclamation marks: the recipes' `!ChangeMe!`, `!ChangeThisAppSecret!`, `!ChangeSecret!`.
  /^!change\w*!$/i,
  /^\$\{[^}]*\}$/,
  /^\$\(.*\)$/,
  /^\$[A-Z_][A-Z0-9_]*$/,
  /^%\(?[\w]+\)?s?%?$/,
  /^\{\{.*\}\}$/,
  /^%[A-Z_]+%$/,
  /change[-_]?me|changeit|replace[-_]?me|example|your[-_ ]|[-_]here$|dummy|placeholder|insert[-_]|xxxx|fake|not[-_]?a[-_]?real|sample|redacted|^test[-_]|[-_]test$|^dev[-_]|^local[-_]|EXAMPLE/i,
  // Words that say the value must be replaced (seriously-insecure, insecure_default_password); not Django's generated
  // `django-insecure-<random>` keys, whose random tail is no word.
  /^(?:[a-z]+[-_])*(?:insecure|unsafe)(?:[-_][a-z]+)*$/i,
  // change-to-a-long-random-string, replace_with_the_real_key: an instruction to whoever deploys, not a value.
  /^(?:change|replace|set)[-_ ](?:this[-_ ])?(?:to|with|it)(?:$|[-_ ])/i,
  // needs-to-be-set, must_be_replaced, set-me: the value says the deployment supplies the real one.
  // Run together too (SUPERNEEDSTOCHANGE, mustchangethis): the words still tell the operator to replace it.
  /(?:^|[-_ ])(?:needs?|must|has|have)[-_ ](?:to[-_ ])?be[-_ ](?:set|changed|replaced|configured|overridden|provided)(?:$|[-_ ])|^(?:set|override|fill)[-_]?me$|(?:needs?|must)[-_ ]?(?:to[-_ ]?)?(?:be[-_ ]?)?(?:change|replace)/i,
  // somethingElseInProd, change_in_production: the value says production runs with another one.
  /(?:else|change|replace|override|different)[-_]?in[-_]?prod(?:uction)?$/i,
  // A counted run typed by hand (lago_key-acme-1234567890, sk_test_abcdefgh…, key_abc123): no generator writes one.
  /123456789|987654321|abcdefghij|(?:^|[-_])abc(?:123|def)(?:$|[-_])/i,
  // Where a key file lives, not the key (`private_key: '%kernel.project_dir%/config/jwt/private.pem'`, `/run/secrets/x.key`).
  /^(?:%[\w.]+%|\$\{?\w+\}?|~|\.{1,2})?\/[\w./-]*\.(?:key|pem|crt|cer|p12|pfx|jks|der|pub)$/i,
  // Laravel's attribute casts (`'credentials' => 'encrypted:array'`, `'password' => 'hashed'` in a model's $casts):
  // how the column is stored, not its value.
  /^(?:encrypted(?::(?:array|collection|object|json))?|hashed)$/,
  // A value with the rest left out (`--org-token="lb_ot_..."`, `sk-...`, a JWT header then `...` in an API example):
  // usage text and examples show the shape only; no key or token contains three dots.
  /\.{3}/,
];

const WEAK_VALUES =
  /^(?:postgres|postgresql|password|passw0rd|root|admin|secret|changeme|mysql|mongo|mongodb|guest|123456|12345678|test|pass|redis|rabbitmq|user|example|app|minio|minioadmin|sa)$/i;

/**
 * Credentials published by their vendors for local emulators and tests: the Azurite/Azure Storage emulator account
 * key, Google's reCAPTCHA test keys, AWS's documentation keys. Everyone has them; they open nothing.
 */
const PUBLIC_TEST_VALUES = new Set([
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
  '6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe',
  '6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI',
  // hCaptcha's published test secret, and Cloudflare Turnstile's test secrets (always pass / fail / token spent).
  '0x0000000000000000000000000000000000000000',
  '1x0000000000000000000000000000000AA',
  '2x0000000000000000000000000000000AA',
  '3x0000000000000000000000000000000AA',
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
]);

/** A value its vendor publishes for emulators and tests (not a secret anywhere). */
export function isPublicTestValue(value: string): boolean {
  return PUBLIC_TEST_VALUES.has(value.trim());
}

/** A dictionary-word password with a counter (admin123, Welcome1!, demo_2024): guessable, so never high confidence. */
const WEAK_SHAPE = /^[A-Za-z]{2,10}[-_.@#]?\d{1,6}[!.#]?$/;

/**
 * Paths that are examples or docs rather than configuration the service runs with (folders named for examples too:
 * `example-certs/`, `sample_data/`); `.http` / `.rest` files are request collections a developer sends by hand from
 * the editor (REST Client, the JetBrains and Visual Studio HTTP clients). Scribe's `.scribe/` holds the endpoint
 * descriptions it extracts for a Laravel API's docs, with Faker's example values.
 */
// `TEMPLATE.env` / `example.env`: the environment example (as env-files.ts names it), copied and filled in by hand;
// `slick.sh-dist`, `database.yml-example`, `general.yml-sample`: a file's sample, copied without the suffix and edited
// (the older Rails convention of settings samples beside config/database.yml).
const EXAMPLE_PATH =
  /(^|\/)\.?(examples?|samples?|demos?|docs?|documentation|stories|__mocks__|mocks|__stubs__|__fixtures__|scribe)\/|(^|\/)(?:examples?|samples?|demo)[-_][\w-]+\/|\.(example|sample|template|tpl|dist)(\.[\w]+)?$|\.\w+-(?:dist|example|sample)$|\.stor(?:y|ies)\.[cm]?[jt]sx?$|\.(?:http|rest)$|(^|\/)(?:requests|responses)\/[^/]+\.json$|(^|\/)\.env\.(example|sample|template|dist|defaults?)$|(^|\/)(?:example|sample|template)[._-][\w.-]*\.?env$|(^|\/)(?:examples?|samples?|demo)[._-][\w.-]*\.(?:json|ya?ml|toml|ini|cfg|conf|xml|csv)$/i;
const SKIP_PATH =
  /(^|\/)nsswitch\.conf$|(^|\/)(?:locales?|locali[sz]ations?|i18n|l10n|translations?|lang|languages?)\/|(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|poetry\.lock|Pipfile\.lock|uv\.lock|go\.sum|Gemfile\.lock|Cargo\.lock|composer\.lock|gradle\.lockfile)$|\.(min\.js|map|svg|lock|snap|ipynb|pem\.pub|pub)$/i;
const CONFIG_FILE = /(^|\/)\.env(\.[\w.-]+)?$|\.(ya?ml|properties|ini|cfg|conf|toml|env)$|(^|\/)\.npmrc$/i;
const COMPOSE_FILE =
  /(^|\/)(docker-)?compose[^/]*\.ya?ml$|(^|\/)\.github\/workflows\/[^/]+\.ya?ml$|(^|\/)\.gitlab-ci\.ya?ml$|(^|\/)\.circleci\/config\.ya?ml$|(^|\/)bitbucket-pipelines\.ya?ml$/i;

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  if (!s) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** `AKIA…(20 chars)`: at most 4 leading characters, fewer for short values, never the rest. */
export function redact(value: string): string {
  const n = value.length;
  const keep = n >= 16 ? 4 : n >= 10 ? 2 : 0;
  return `${value.slice(0, keep)}…(${n} chars)`;
}

export function isPlaceholder(value: string): boolean {
  const v = value.trim().replace(/^["'`]|["'`]$/g, '');
  if (!v) return true;
  if (/^(.)\1{3,}$/.test(v)) return true; // AAAAAAAA, ********, 00000000
  return (
    PLACEHOLDER.some((re) => re.test(v)) ||
    leetPlaceholder(v) ||
    base64Placeholder(v) ||
    alphabetRun(v) ||
    placeholderPhrase(v)
  );
}

/** Words a made-up value is spelled from (`stubDevValue`, `my-fake-api-key`, `LOCAL_TEST_TOKEN`). */
const PHRASE_WORDS = new Set(
  'stub dummy fake mock test testing dev development local demo sample example placeholder not real value key api secret token password pass my your some any the a default insert replace here only'.split(
    ' ',
  ),
);
/** At least one of them says the value is not a real one. */
const PHRASE_MARKERS = new Set(
  'stub dummy fake mock test testing dev development local demo sample example placeholder'.split(' '),
);

/**
 * A value that is a phrase of two to six words (camelCase, or joined by `-`, `_`, `.` or spaces), every word one a
 * made-up value is spelled from and one of them a marker (`stubDevValue`, `fake_api_key`, `my-test-secret`): a name
 * for a value, not a generated one.
 */
export function placeholderPhrase(v: string): boolean {
  if (v.length > 64 || !/^[A-Za-z][A-Za-z\s._-]*$/.test(v)) return false;
  const words = v
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s._-]+/)
    .filter(Boolean);
  if (words.length < 2 || words.length > 6) return false;
  return words.every((w) => PHRASE_WORDS.has(w)) && words.some((w) => PHRASE_MARKERS.has(w));
}

/**
 * A value typed along the alphabet (`abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG=`, a sample key body of
 * `ABCDEFGHIJKLMNOPQRSTUVWXYZ/0123456789+…` rows, or backwards: `sk_test_zyxwvutsrqponmlkjihgfedcba654321`): twelve
 * letters in a row in alphabet order, which no generator writes.
 */
export function alphabetRun(v: string): boolean {
  let up = 1;
  let down = 1;
  for (let i = 1; i < v.length; i++) {
    const step = v.charCodeAt(i) - v.charCodeAt(i - 1);
    const letters = /[a-z]/i.test(v[i]!) && /[a-z]/i.test(v[i - 1]!);
    up = letters && step === 1 ? up + 1 : 1;
    down = letters && step === -1 ? down + 1 : 1;
    if (up >= 12 || down >= 12) return true;
  }
  return false;
}

/** Words a sample value spells out to say it must be replaced (`…-should-be-changed-in-production`). */
const REPLACE_ME_TEXT =
  /(?:should|must)[-_ ]be[-_ ]changed|change(?:d)?[-_ ]in[-_ ]production|change[-_ ]?me|replace[-_ ]?me|placeholder|example/i;

/**
 * A base64 value that decodes to such a sentence (JHipster's sample JWT key is
 * base64("my-secret-key-which-should-be-changed-in-production…")), or to a URL whose last segment is a placeholder
 * word (SimpleFIN's published demo setup token encodes a claim URL ending in /DEMO): the same placeholder, encoded.
 */
function base64Placeholder(v: string): boolean {
  if (v.length < 24 || !/^[A-Za-z0-9+/]+={0,2}$/.test(v)) return false;
  const text = Buffer.from(v, 'base64').toString('latin1');
  if (!/^[\x20-\x7e\r\n\t]+$/.test(text)) return false;
  if (REPLACE_ME_TEXT.test(text)) return true;
  return /^https?:\/\/[^\s/]+\/\S+$/.test(text) && isPlaceholder(text.slice(text.lastIndexOf('/') + 1));
}

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '6': 'g', '7': 't' };
/** Placeholder words a value spells in digits for letters, read once the digits are letters again. */
const LEET_WORDS =
  /change[-_]?me|changeit|replace[-_]?me|placeholder|example|dummy|insecure|not[-_]?secret|^dev[-_]|^development|^test[-_]/i;

/** `ch4n63m3…` (change me), `d3v_…`, `1ns3cur3…`: a placeholder written in leetspeak, still a placeholder. */
function leetPlaceholder(v: string): boolean {
  if (!/[a-z]/i.test(v) || !/[0134567]/.test(v)) return false;
  return LEET_WORDS.test(v.replace(/[0134567]/g, (c) => LEET[c]!));
}

interface RawHit {
  line: number;
  /** Offset of the value in the scanned text (positional redaction; -1 when not known). */
  start: number;
  kind: string;
  value: string;
  confidence: 'high' | 'low';
  placeholder: boolean;
  /** Found by a generic detector (a secret-named literal, a DSN, a JWT literal), not by a provider's token format. */
  generic: boolean;
  /** A secret-named setting that falls back to this literal. */
  fallback?: boolean;
  /** Baked into an image (Dockerfile ENV/ARG): a finding even when the value is a well-known default. */
  baked?: boolean;
  /** Set in a build stage that only precompiles assets and that the shipped stage does not build on. */
  buildStageOnly?: boolean;
  /** The secret-named key the value is assigned to, when there is one. */
  name?: string;
  /** A development default by its shape: a connection URL to this machine with a short password, or one that repeats its user or database name. */
  devDefault?: boolean;
}

/** The text before a value that sits in a field's placeholder, hint or example string (`'placeholder' =>⏎ 'mongodb://…`). */
const PLACEHOLDER_VALUE = /\b(?:placeholder|example|hint)["']?\s*(?:=>|:|=)\s*["'`][^"'`\n]*$/i;

/**
 * Keys their vendors publish to browsers by design: a PostHog project key (phc_…) only ingests events, a Stripe
 * publishable key (pk_live_…/pk_test_…) only creates tokens. Whoever reads the page has them, also as the default of
 * an environment lookup (`os.getenv("POSTHOG_API_KEY") or "phc_…"`).
 */
const PUBLIC_BY_DESIGN = /^(?:phc_[A-Za-z0-9]{20,}|pk_(?:live|test)_[A-Za-z0-9]{10,})$/;

function judgeGeneric(
  kind: Detector['generic'],
  value: string,
  name?: string,
): { keep: boolean; placeholder: boolean; confidence: 'high' | 'low' } {
  const v = value.trim();
  if (!v || v.includes('…')) return { keep: false, placeholder: false, confidence: 'low' }; // empty, or redacted already
  // Template or env references, sentences, paths, URLs without credentials and header names are not secrets.
  if (/\s/.test(v) || /^(\/|\.\/|https?:\/\/(?![^/\s]*:[^/\s]*@))/.test(v) || /^[\w-]+\.[\w-]+\(/.test(v))
    return { keep: false, placeholder: false, confidence: 'low' };
  // A build-time variable the bundler inlines into the browser bundle (REACT_APP_POSTHOG_TOKEN, NEXT_PUBLIC_…,
  // VITE_…): public by construction, an analytics or publishable key, never a server credential.
  if (
    kind === 'assignment' &&
    name &&
    /^(?:REACT_APP|NEXT_PUBLIC|VITE|NUXT_PUBLIC|EXPO_PUBLIC|GATSBY|VUE_APP)_/.test(name)
  )
    return { keep: false, placeholder: false, confidence: 'low' };
  // A pagination cursor an API handed back (`"next_token": "b26v…"` in a saved Twitter search response, `nextPageToken`,
  // `continuation_token`): it names the next page of results, not a credential.
  if (kind === 'assignment' && name && PAGE_CURSOR.test(name))
    return { keep: false, placeholder: false, confidence: 'low' };
  if (PUBLIC_BY_DESIGN.test(v)) return { keep: false, placeholder: false, confidence: 'low' };
  // The text between two string literals (`prompt("new password: ").expect("…")` read as `password: "…"`): code, not
  // a value — it opens on a closing bracket or separator.
  if (/^[)\],;]/.test(v)) return { keep: false, placeholder: false, confidence: 'low' };
  // A lookup written as a call in configuration: env(S3_ACCESS_KEY), vault(secret/db#password).
  if (/^\w+\([\w./#:-]*\)$/.test(v)) return { keep: false, placeholder: false, confidence: 'low' };
  // A Symfony container reference, resolved when the container is built: an env processor (`%env(DB_PASS)%`,
  // `%env(resolve:DATABASE_URL)%`) or a parameter (`%database_password%`).
  if (/^%(?:env\([\w.:-]+\)|[\w.-]+)%$/.test(v)) return { keep: false, placeholder: false, confidence: 'low' };
  // A call whose argument is an escaped string, cut at its escaped quote: an SQL expression as a column's default
  // (`private $password = 'ENCRYPT(\'password\')';` read as `ENCRYPT(\`).
  if (/^\w+\(\\$/.test(v)) return { keep: false, placeholder: false, confidence: 'low' };
  // An Azure Resource Manager template expression (`"administratorLoginPassword": "[parameters('sqlPassword')]"`):
  // the value is supplied when the template is deployed, not written here.
  if (/^\[[a-z][A-Za-z]*\(/.test(v)) return { keep: false, placeholder: false, confidence: 'low' };
  // A format token shown or substituted by the program (`{ token: '{season:00}' }` in a file-naming help table,
  // `{Air-Date}`): one brace-delimited name, not a value.
  if (/^\{[\w.-]+(?::[\w.-]*)?\}$/.test(v)) return { keep: false, placeholder: false, confidence: 'low' };
  // A sentinel a parser puts into text, control characters written as escapes around a format slot or a short word
  // (`token = "\x91%i\x91" % i`), and a cache key name of lower-case words between colons (`"wiki:rebuild:lock"`).
  if (
    /^(?:\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[0-7]{1,3}))+[^\\]{0,8}(?:\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[0-7]{1,3}))+$/.test(
      v,
    ) ||
    /^[a-z]+(?::[a-z][a-z0-9_-]*){2,}$/.test(v)
  )
    return { keep: false, placeholder: false, confidence: 'low' };
  // A qualified type or path name (`serde_json::Value`, `std::string`) a code generator emits as a token: a name.
  if (/^[A-Za-z_]\w*(?:::[A-Za-z_]\w*)+$/.test(v)) return { keep: false, placeholder: false, confidence: 'low' };
  // A CSS custom property a design token names (`const GOOD_TOKEN = "--color-chart-series-2"`), resolved by the page.
  if (/^--[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(v)) return { keep: false, placeholder: false, confidence: 'low' };
  // A syntax highlighter's token class (Monaco/CodeMirror `{ token: "keyword.$0" }`, `token: "string.escape"`): dotted
  // scope words, or CodeMirror's numbered styles (`token: "variable-2"`, `"string-2"`), not key material.
  if (name && /(?:^|\b)token$/i.test(name) && /^[a-z]+(?:\.(?:[a-z]+|\$\w+))+$|^[a-z]+-\d$/.test(v))
    return { keep: false, placeholder: false, confidence: 'low' };
  if (isPublicTestValue(v)) return { keep: true, placeholder: true, confidence: 'low' };
  // A .NET assembly identity's `publicKeyToken="b77a5c561934e089"` (app.manifest, web.config binding redirects): the
  // hash of a strong-name public key, printed in every reference to the assembly.
  if (name && /^publicKeyToken$/i.test(name) && /^[0-9a-f]{16}$/i.test(v))
    return { keep: false, placeholder: false, confidence: 'low' };
  if (/^(?:x-[\w-]+|authorization|bearer|basic|hs256|hs384|hs512|rs256|es256|utf-?8|true|false)$/i.test(v))
    return { keep: false, placeholder: false, confidence: 'low' };
  // An HTTP header name in its canonical form (trusted_header_auth_key: Remote-User), not key material.
  if (/^[A-Z][a-z0-9]+(?:-[A-Z][a-z0-9]*)+$/.test(v)) return { keep: false, placeholder: false, confidence: 'low' };
  if (kind === 'assignment' && namesNotHolds(v, name)) return { keep: false, placeholder: false, confidence: 'low' };
  // A CSRF token named as a setting or header (`Csrf-Token = "nocheck"` in Play's csrf.header.bypassHeaders): a fixed
  // value there is the marker a request carries to skip the check, and a real CSRF token is a per-session nonce the
  // server issues; neither is a credential to a system.
  if (kind === 'assignment' && name && /^(?:x-)?(?:csrf|xsrf)[-_]?token$/i.test(name))
    return { keep: false, placeholder: false, confidence: 'low' };
  // fetch/XHR credentials modes (requestCredentials: "include"), not credentials.
  if (name && /credentials$/i.test(name) && /^(?:include|same-origin|omit)$/i.test(v))
    return { keep: false, placeholder: false, confidence: 'low' };
  // A Kubernetes/Helm reference to a Secret object (existingSecret: orders-db, envFromSecret: inventory-db), not a value.
  if (kind === 'assignment' && name && /[a-z]Secret$|^secret$/.test(name) && /^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/.test(v))
    return { keep: false, placeholder: false, confidence: 'low' };
  // A connection-string key written with its separator (`SharedAccessKeyToken = "SharedAccessKey="`, `"AccountKey="`),
  // which code looks for in a connection string or writes a value after: whole words and a trailing `=`, not a value
  // (base64 padding follows random-looking text, not a run of capitalised words).
  if (kind === 'assignment' && /^(?:[A-Z][a-z]+){1,6}=$|^[a-z]+(?:_[a-z]+){0,5}=$/.test(v))
    return { keep: false, placeholder: false, confidence: 'low' };
  // An environment variable or secret-store key name (secretKey: DATABASE_URL), not a value.
  if (kind === 'assignment' && /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(v))
    return { keep: false, placeholder: false, confidence: 'low' };
  // A keyword a grammar or command table calls a token (`"Token": "WITHSCORES"`, `token: 'LIB-NAME'`): a short upper-case
  // word, no digit; key material is mixed-case or has digits, and a base32 seed is longer.
  if (kind === 'assignment' && name && /token$/i.test(name) && /^[A-Z]{2,16}(?:-[A-Z]{2,16})?$/.test(v))
    return { keep: false, placeholder: false, confidence: 'low' };
  // An Azure Pipelines task input naming a service connection (`publishFeedCredentials: Org_to_NuGet`,
  // `externalFeedCredentials`, `…ServiceConnection`): the credential lives in the project's settings, not here.
  if (
    kind === 'assignment' &&
    name &&
    /(?:FeedCredentials|ServiceConnections?|connectedServiceName\w*)$/i.test(name) &&
    /^[\w.-]+$/.test(v)
  )
    return { keep: false, placeholder: false, confidence: 'low' };
  // Laravel/Symfony validation rules for a password field ('password' => 'required|string|min:8|confirmed').
  if (
    /^(?:required|nullable|sometimes|string|confirmed|min:\d+|max:\d+|current_password)(?:\|(?:required|nullable|sometimes|string|confirmed|min:\d+|max:\d+|between:\d+,\d+|current_password|[\w:,]+))*$/.test(
      v,
    ) &&
    /\|/.test(v)
  )
    return { keep: false, placeholder: false, confidence: 'low' };
  // A rate-limit rule keyed by the action it limits (django-allauth ACCOUNT_RATE_LIMITS "change_password": "1/m/user",
  // "reset_password": "1/m/ip,1/m/key"; DRF throttle rates "5/min"): a count per period, not a credential.
  if (
    /^\d+\/(?:\d*[smhd]|sec(?:ond)?|min(?:ute)?|hour|day)(?:\/\w+)?(?:\s*,\s*\d+\/(?:\d*[smhd]|sec(?:ond)?|min(?:ute)?|hour|day)(?:\/\w+)?)*$/i.test(
      v,
    )
  )
    return { keep: false, placeholder: false, confidence: 'low' };
  // A Rails route target ('active_storage/disk#update'): a controller and an action, not a credential.
  if (/^[a-z][\w/]*#[a-z_]\w*[!?]?$/.test(v)) return { keep: false, placeholder: false, confidence: 'low' };
  // A setting-name constant whose value is the setting's own key (DOWNLOAD_LINKS_AUTH_KEY = 'download_links_auth'):
  // every word of the value is a word of the name.
  if (kind === 'assignment' && name && /^[a-z][a-z0-9]*(?:[_.][a-z0-9]+)+$/.test(v)) {
    const words = nameWords(name);
    if (v.split(/[_.]/).every((w) => words.has(w))) return { keep: false, placeholder: false, confidence: 'low' };
    // A key built on the name's own subject (DATATABLE_TOKEN = 'datatable_update', a CSRF token id): letters-only
    // snake_case words, one of them a word of the name; nothing a generator writes.
    if (/^[a-z]+(?:_[a-z]+)+$/.test(v) && v.split('_').some((w) => w.length > 2 && words.has(w)))
      return { keep: false, placeholder: false, confidence: 'low' };
  }
  if (name && v.toLowerCase().replace(/[-_]/g, '') === name.toLowerCase().replace(/[-_]/g, ''))
    return { keep: true, placeholder: true, confidence: 'low' };
  // A metadata key spelled from the words of its constant (`IS_OPTIONAL_AUTH_KEY = 'isOptionalAuth'`, NestJS's
  // `IS_PUBLIC_KEY = 'isPublic'`): a name, not a credential.
  if (kind === 'assignment' && name && /^[a-z]+(?:[A-Z][a-z0-9]+)+$/.test(v)) {
    const words = nameWords(name);
    if (v.split(/(?=[A-Z])/).every((w) => words.has(w.toLowerCase())))
      return { keep: false, placeholder: false, confidence: 'low' };
  }
  // A CSS custom property (`token: "--color-apiKeys"` in a design-token table, `var(--accent)`): a style's name.
  if (/^(?:var\(\s*)?--[a-z][\w-]*\)?$/i.test(v)) return { keep: false, placeholder: false, confidence: 'low' };
  // Interpolated from variables (f-strings, template literals, Ruby #{}, %s, {0}): not a literal credential. An
  // f-string cut short at a quote inside its braces (`f'tok_{str(uuid4()).replace("-", "")}'` read up to `replace(`)
  // opens an interpolation that runs to the end of what was read, so does one cut at a subscript's quote
  // (`f'{self.config.oauth_data["refresh_token"]}'` read up to `oauth_data[`).
  if (/\$\{|#\{|\{[\w.()[\]'"]*\}|\{[\w.]+[([][\w.()[\]]*$|%\(?\w*\)?s|\$[A-Za-z_]/.test(v))
    return { keep: true, placeholder: true, confidence: 'low' };
  if (isPlaceholder(v)) return { keep: true, placeholder: true, confidence: 'low' };
  if (kind === 'dsn')
    return { keep: true, placeholder: false, confidence: WEAK_VALUES.test(v) || WEAK_SHAPE.test(v) ? 'low' : 'high' };
  if (v.length < 6) return { keep: false, placeholder: false, confidence: 'low' };
  const high = v.length >= 8 && entropy(v) >= 3 && !WEAK_SHAPE.test(v);
  return { keep: true, placeholder: false, confidence: high ? 'high' : 'low' };
}

/** The words of a setting's name, lower-cased (`DOWNLOAD_LINKS_AUTH_KEY`, `apiToken` → download, links, …, api, token). */
function nameWords(name: string): Set<string> {
  return new Set(name.split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/).map((w) => w.toLowerCase()));
}

/** The value of a fetch/CORS `credentials` option, never a credential. */
const CREDENTIALS_MODE = /^(?:same-origin|same-site|include|omit|cross-origin|no-cors|cors|none|required|optional)$/i;
/** The secret word inside the value: a route, an enum value or a message key that names the secret (reset_password). */
const NAMES_SECRET = /passw|passphrase|token|secret|credential|api[-_]?key|apikey|auth[-_]?key|private[-_]?key/i;
/** A regular expression: anchors, classes, quantifiers, lookarounds. */
const REGEX_LIKE = /^\^|\$$|\\[dDwWsSbB]|\(\?[=!:<]|\[[^\]]*\]\{?|\{\d+,?\d*\}|\.\*|\.\+|\[\^/;
/** A dependency version or range: 1.2.3, ^1.0, ~2.3.4, >=1,<2. */
const VERSION_LIKE =
  /^(?:[~^=<>!]=?\s*)?v?\d+(?:\.(?:\d+|x|\*))*(?:[-+][\w.]+)?(?:\s*,\s*[~^=<>!]=?\s*\d+(?:\.\d+)*)*$/;
/** A word or short phrase in letters only (a UI label, a translation: "Passwort", "Mot de passe"). */
const LABEL_LIKE = /^\p{Lu}?\p{Ll}+(?:[ -]\p{L}+){0,3}$/u;
/** The options object of a basic-auth middleware call, still open where a literal stands (its credentials). */
const BASIC_AUTH_OPTIONS = /\bbasic_?auth\w{0,20}\s*\(\s*\{[^{}]*$/i;

/** Validation rules written as a string ('required|string|min:8|confirmed': Laravel, CodeIgniter, validatorjs). */
const VALIDATION_RULE =
  /^(?:bail|required|nullable|sometimes|filled|present|string|confirmed|current_password|password|email|alpha|alpha_dash|alpha_num|numeric|integer|trim|not_in:[^|]*|in:[^|]*|(?:min|max|size|min_length|max_length|between|different|same|regex|matches|exact_length):[^|]*)(?:\|(?:bail|required|nullable|sometimes|filled|present|string|confirmed|current_password|password|email|alpha|alpha_dash|alpha_num|numeric|integer|trim|not_in:[^|]*|in:[^|]*|(?:min|max|size|min_length|max_length|between|different|same|regex|matches|exact_length):[^|]*))*$/i;
/** A password hash (bcrypt, argon2, crypt's SHA-512/256/MD5, Django's pbkdf2): what a server stores, not a credential. */
const PASSWORD_HASH = /^(?:\$(?:2[abxy]|argon2(?:id|i|d)|6|5|1)\$|pbkdf2_sha\d+\$\d+\$)/;
/** What a quoted "value" looks like when the key sat inside one string and the match ran on into code after it
 * ('?access_token='.config('key'), "token=" + getToken() + "): a concatenation, not a literal. */
const CONCATENATION = /^\s*[.+]\s*[\w$][\w$.]*\s*[(+]?\s*$/;

/** Whether a literal names or describes a secret rather than holding one (for secret-named assignments in code). */
function namesNotHolds(value: string, name: string | undefined): boolean {
  if (VALIDATION_RULE.test(value) || PASSWORD_HASH.test(value) || CONCATENATION.test(value)) return true;
  if (name && /credentials?$/i.test(name) && CREDENTIALS_MODE.test(value)) return true;
  if (CREDENTIALS_MODE.test(value) && /^(?:same-origin|same-site|include|omit|cross-origin)$/i.test(value)) return true;
  if (NAMES_SECRET.test(value)) return true;
  if (REGEX_LIKE.test(value) && /[\\^$[\]{}()*+?]/.test(value)) return true;
  if (VERSION_LIKE.test(value)) return true;
  // A dotted lowercase name: a storage, config or message key (AUTH_TOKEN = 'umami.auth'), or an expression (user.password).
  if (/^[a-z][\w-]*(?:\.[a-z][\w-]*)+$/.test(value) && !/\d{3}/.test(value)) return true;
  // A jQuery event namespace or class selector (a Bootstrap plugin's `DATA_API_KEY = '.data-api'`): a name.
  if (/^\.[a-z]+(?:-[a-z]+)*$/.test(value)) return true;
  return false;
}

/**
 * A secret-named setting's fallback literal: the service runs with it whenever the variable is missing, so any real
 * literal is a finding, whatever its entropy (low confidence when short or weak); placeholders stay placeholders.
 */
function judgeFallback(
  value: string,
  name: string | undefined,
): { keep: boolean; placeholder: boolean; confidence: 'high' | 'low' } {
  // A shell default may be quoted inside the expansion (`${KEY_PASSWORD_FILE:-"/run/secrets/key"}`).
  const v = value.trim().replace(/^(["'])(.*)\1$/, '$2');
  // The variable's own name as its default (`ENV.fetch("SMTP_PASSWORD", "SMTP_PASSWORD")`, a stand-in so an image
  // builds without the secret): it says which setting is missing, it opens nothing.
  if (name && v.replace(/[-_.]/g, '').toLowerCase() === name.replace(/[-_.]/g, '').toLowerCase())
    return { keep: true, placeholder: true, confidence: 'low' };
  // No value, a reference, a flag or a number (ATHENA_OPTIONAL_CREDENTIALS=true, TOKEN_TTL=3600), or redacted already.
  if (
    !v ||
    v.includes('…') ||
    /^(?:none|null|nil|undefined|true|false|yes|no|on|off|\d+(?:\.\d+)?)$/i.test(v) ||
    /^\$\{|^\$[A-Z_]/.test(v) ||
    // A file the secret is read from (`${SECRET_KEY_FILE:-/run/secrets/key}`): where it is, not what it is.
    /^(?:~|\.{1,2})?\/[\w.-]+(?:\/[\w.-]*)*$/.test(v) ||
    // An address without credentials (`${TOKENSERVER_HOST:-http://localhost:8000}`, an OAuth server's URL): where a
    // service is, not a secret.
    /^(?:https?|wss?):\/\/[^\s@]+$/i.test(v) ||
    PUBLIC_BY_DESIGN.test(v)
  )
    return { keep: false, placeholder: false, confidence: 'low' };
  // Words between single spaces (`?: "mangler i pod"`, "missing in pod") say the value is not there. A key its vendor
  // publishes for tests (`env('RECAPTCHA_SECRET_KEY', '6LeIxAcTAAAAAGG-…')`, Google's reCAPTCHA test pair) opens nothing.
  if (isPlaceholder(v) || isPublicTestValue(v) || /^\p{L}+(?: \p{L}+)+$/u.test(v))
    return { keep: true, placeholder: true, confidence: 'low' };
  const strong = v.length >= 8 && entropy(v) >= 3 && !WEAK_VALUES.test(v) && !WEAK_SHAPE.test(v);
  return { keep: true, placeholder: false, confidence: strong ? 'high' : 'low' };
}

const SECRET_KEY_NAME = new RegExp(`${SECRET_WORD}|passw|pass$`, 'i');

/**
 * Whether the literal at `at` (the offset of its value) is also the value of another key that names no secret, within
 * five lines either side.
 */
function sharedWithPlainKey(text: string, at: number, value: string): boolean {
  if (value.length < 3) return false;
  let from = at;
  for (let n = 0; n < 6 && from > 0; n++) from = text.lastIndexOf('\n', from - 1);
  let to = at;
  for (let n = 0; n < 6 && to >= 0; n++) to = text.indexOf('\n', to + 1);
  const base = Math.max(0, from);
  const around = text.slice(base, to < 0 ? undefined : to);
  // Every match below ends in the value between quotes, and the one at `at` is skipped: without another quoted
  // occurrence of the value there is nothing to find. The pattern backtracks over every long word it starts in (a
  // minified line, a lock file's hashes), so it runs only when there is one.
  if (!quotedElsewhere(around, value, at - base)) return false;
  const q = escapeRegExp(value);
  const other = new RegExp(`["']?([A-Za-z_$][\\w$.-]*)["']?\\s*(?::|=>|=)\\s*["'\`]${q}["'\`]`, 'y');
  // A user name equal to the password (`user: "svc"`, `password: "svc"`) is a weak credential pair, not a label.
  for (const m of keyStarts(around, other)) {
    // The assignment itself (`val dbPassword: String = "…"` reads as `String = "…"`) is not another key.
    if (base + m.index! + m[0].length - 1 - value.length === at) continue;
    if (!SECRET_KEY_NAME.test(m[1]!) && !/user|login|account|email|owner|name$/i.test(m[1]!)) return true;
  }
  return false;
}

/** [A-Za-z0-9_$.-]: a character of a key as sharedWithPlainKey's pattern reads one. */
function isKeyChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 95 ||
    c === 36 ||
    c === 46 ||
    c === 45
  );
}

/**
 * The matches `text.matchAll` would give for `re` (the same pattern with flag g instead of y) of sharedWithPlainKey's
 * form `["']?([A-Za-z_$][\w$.-]*)["']?\s*(?::|=>|=)…`, trying only the places one can start: a quote, or the first
 * [A-Za-z_$] of a run of key characters. The key can only end where the run ends (the next character must be a quote,
 * a space or the separator), so a later start in the same run reaches the same end and fails where the first did;
 * every other place fails at its first character. The pattern tried at every place of a long word (a minified line,
 * a hash) backtracked over the rest of it from each: quadratic.
 */
function* keyStarts(text: string, re: RegExp): Generator<RegExpExecArray> {
  let started = false;
  for (let p = 0; p < text.length; ) {
    const c = text.charCodeAt(p);
    let candidate: boolean;
    if (isKeyChar(c)) {
      const start = !started && !(c >= 48 && c <= 57) && c !== 46 && c !== 45;
      if (start) started = true;
      candidate = start;
    } else {
      started = false;
      candidate = c === 34 || c === 39;
    }
    if (candidate) {
      re.lastIndex = p;
      const m = re.exec(text);
      if (m) {
        yield m;
        p = re.lastIndex;
        started = false;
        continue;
      }
    }
    p++;
  }
}

/** The constant `name` is the key of a browser storage entry in this text (`localStorage.getItem(NAME)`). */
function browserStorageKey(text: string, name: string): boolean {
  return new RegExp(
    `\\b(?:localStorage|sessionStorage)\\s*\\.\\s*(?:getItem|setItem|removeItem)\\s*\\(\\s*${escapeRegExp(name)}\\s*[,)]`,
  ).test(text);
}

/** Whether `value` occurs in `text` between two quote characters (`"`, `'`, a backquote) other than at offset `own`. */
function quotedElsewhere(text: string, value: string, own: number): boolean {
  const quote = (c: string | undefined): boolean => c === '"' || c === "'" || c === '`';
  for (let i = text.indexOf(value); i >= 0; i = text.indexOf(value, i + 1))
    if (i !== own && quote(text[i - 1]) && quote(text[i + value.length])) return true;
  return false;
}

/**
 * Whether `value` is the key of a block of its own in `text` (a line `value:` with nothing after it). One word in lower
 * case (`password: postgres` beside a `postgres:` service) is still taken for a value.
 */
function namesBlockOfFile(text: string, value: string): boolean {
  if (!/^[A-Za-z][\w.-]*$/.test(value) || /^[a-z]+$/.test(value)) return false;
  return new RegExp(`^[ \\t]*["']?${escapeRegExp(value)}["']?[ \\t]*:[ \\t]*$`, 'm').test(text);
}

/**
 * Whether an offset sits inside the braces of an enum declaration (TypeScript, Java, C#, Kotlin `enum class`), or of a
 * class named for the names it lists (`static class AuthClaimTypes`, `HeaderNames`: `IdToken = "_ta_idt"` names a
 * claim, it holds none).
 */
function inNameTable(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 4000), at);
  const open = before.lastIndexOf('{');
  if (open < 0 || before.lastIndexOf('}') > open) return false;
  return /\b(?:enum\s+(?:class\s+)?[\w$]+|class\s+\w*(?:Types|Names|Headers))(?:\s*:\s*[\w.<>]+)?\s*$/.test(
    before.slice(Math.max(0, open - 200), open),
  );
}

/** One cheap test before the detectors: most files mention none of these words (see DESIGN: one combined regex per file). */
const PREFILTER =
  /key|secret|token|HMAC|signWith|SignedString|pass|pwd|credential|AKIA|ASIA|ABIA|ACCA|gh[pousr]_|github_pat_|xox[baprs]-|_live_|AIza|sk-|SG\.|npm_|BEGIN|:\/\/[^\s:/@]+:[^\s@]+@|jwt|hooks\.slack|SK[0-9a-f]{32}/i;

/**
 * Every secret-looking value in one text, with 1-based lines. Exported for unit tests. `may` (a repository file's text:
 * RepoIndex.mayMatch) tells a detector that cannot match the text from its literals, without running it; `lineOf` (a
 * repository file's text: RepoIndex.lineAt) gives an offset's line from the line starts the index keeps.
 */
export function scanText(
  file: string,
  text: string,
  may?: (re: RegExp) => boolean,
  lineOf: (offset: number) => number = lineCounter(text),
): RawHit[] {
  if (!PREFILTER.test(text)) return [];
  const out: RawHit[] = [];
  const taken: [number, number][] = [];
  const overlaps = (a: number, b: number): boolean => taken.some(([s, e]) => a < e && b > s);
  const isConfig = CONFIG_FILE.test(file);
  const detectors: Detector[] = [...DETECTORS];
  // Sealed Secrets and SOPS files hold ciphertext that only the cluster (or the key holder) can decrypt: safe to commit.
  // (Asked of configuration files only: the test runs over the whole text.)
  const encrypted = isConfig && /^\s*kind:\s*SealedSecret\b|^\s*sops:\s*$|"sops"\s*:\s*\{/m.test(text);
  if (isConfig && !encrypted)
    detectors.push({
      kind: 'hard-coded secret in config',
      re: CONFIG_ASSIGNMENT,
      group: 2,
      generic: 'assignment',
      gate: /secret|passw|passphrase|pwd|token|key|credential/i,
    });
  // Several detectors share a gate (the env-lookup fallbacks): each distinct gate is tested once per text.
  const gates = new Map<string, boolean>();
  const passes = (gate: RegExp): boolean => {
    if (gate.global || gate.sticky) return gate.test(text);
    const key = `${gate.flags}/${gate.source}`;
    let ok = gates.get(key);
    if (ok === undefined) gates.set(key, (ok = gate.test(text)));
    return ok;
  };
  const gatesPass = (gate: RegExp | readonly RegExp[]): boolean =>
    gate instanceof RegExp ? passes(gate) : gate.every(passes);
  for (const d of detectors) {
    if ((d.gate && !gatesPass(d.gate)) || (may && !may(d.re))) continue;
    d.re.lastIndex = 0;
    for (const m of text.matchAll(d.re)) {
      const value = m[d.group] ?? '';
      if (!value) continue;
      const start = m.index! + (d.group === 0 ? 0 : m[0].lastIndexOf(value));
      const end = start + value.length;
      if (overlaps(start, end)) continue;
      if (d.companion) {
        const from = text.lastIndexOf('\n', m.index!) + 1;
        const to = text.indexOf('\n', end);
        const before = text.slice(from, m.index!);
        if (!d.companion.test(before + text.slice(end, to < 0 ? undefined : to))) continue;
        // In code the string is a literal (`"host=db user=app password=…"`), not a call's keyword arguments
        // (`connect(host=h, password=pw)`, where the value is a variable): an open quote precedes it on the line.
        if (CODE_FILE.test(file) && !['"', "'", '`'].some((q) => before.split(q).length % 2 === 0)) continue;
      }
      let confidence: 'high' | 'low' = 'high';
      let placeholder = false;
      let name: string | undefined;
      if (d.kind === 'private key') {
        // A header with no key material after it (documentation, a regex, a PEM marker constant) is not a key.
        if (!m[2]) continue;
        // A body cut short for the docs (MIIEpAIBAAKCAQEA... then END) holds no key.
        const body = /^[\s\S]*?(?=-----END|$)/.exec(text.slice(start, start + 5000))?.[0] ?? '';
        if (
          /\.\.\.|…/.test(body) ||
          body.replace(/-----BEGIN[^-]*-----|\\n|[^A-Za-z0-9+/=]/g, '').length < 64 ||
          alphabetRun(body)
        )
          placeholder = true;
        // A sample shown to the user (`const privateKeyPlaceholder = "-----BEGIN…"` fed to an input's placeholder):
        // the name says it holds an example, not the service's key.
        const before = text.slice(
          Math.max(0, text.lastIndexOf('\n', Math.max(0, text.lastIndexOf('\n', start) - 1))),
          start,
        );
        if (
          /\b[\w$]*(?:[Pp]laceholder|PLACEHOLDER|[a-z]Holder|HOLDER|[Ee]xample|EXAMPLE|[Ss]ample|SAMPLE)[\w$]*\s*(?::\s*\w+\s*)?=\s*(?:\(\s*)?(?:["'`]\s*)?$/.test(
            before,
          )
        )
          placeholder = true;
      } else if (d.generic) {
        // A regular expression that recognises the syntax (`regexp.MustCompile(`^\${secret:([a-z]+)}$`)`) holds no
        // value: its `${name:…}` is a pattern, not a fallback.
        const lineStart = text.lastIndexOf('\n', m.index!) + 1;
        const lineEnd = text.indexOf('\n', m.index!);
        if (REGEX_CALL.test(text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd))) continue;
        // A name in a comment (`# Or a lone {/for} token:`) with the string on the next line assigns nothing.
        if (lineEnd >= 0 && lineEnd < start && /^\s*(?:#|\/\/)/.test(text.slice(lineStart, m.index!))) continue;
        name = d.generic === 'assignment' ? m[1] : undefined;
        if (d.nameBack) {
          let k = m.index!;
          while (k > 0 && /[\w$.-]/.test(text[k - 1]!)) k--;
          name = text.slice(k, m.index!) + (m[1] ?? '');
          // A quoted key that is a phrase (`"Change password": "…"`, a translation table or a form's labels) names a
          // piece of text, not a setting.
          if (
            /^["']/.test(m[0].slice((m[1] ?? '').length)) &&
            /["'][^"'\n]*[^\S\n]$/.test(text.slice(Math.max(0, k - 120), k))
          )
            continue;
          // A bound attribute in a template (`<CopyButton :token="list?.innerText" />` in Vue or Alpine,
          // `v-bind:token="…"`, `x-bind:token="…"`) holds an expression the page evaluates, not a literal.
          if (
            /(?:^|[\s<])(?::|[vx]-bind:)$/.test(text.slice(Math.max(0, k - 8), k)) &&
            /^=\s*["']/.test(text.slice(m.index! + (m[1] ?? '').length))
          )
            continue;
          // A component tag named for one (`<x-api-token :token="session('api_token')" />`): the colon opens its bound
          // attribute, no type annotation of the tag name.
          if (text[k - 1] === '<' && /^[ \t]+:/.test(m[0].slice((m[1] ?? '').length))) continue;
        }
        const judged = d.fallback ? judgeFallback(value, name) : judgeGeneric(d.generic, value, name);
        // A placeholder-looking literal the code signs with is still the live key (low confidence); an
        // interpolated one is not a literal.
        const j =
          d.signing && judged.keep && judged.placeholder && !/\$\{|#\{|%s|\{\d*\}/.test(value)
            ? { keep: true, placeholder: false, confidence: 'low' as const }
            : judged;
        if (!j.keep) continue;
        // `const WEBUITOKEN = 'f4d3…'` handed to `localStorage.setItem(WEBUITOKEN, …)`: the key the browser keeps the
        // session under, not a credential.
        if (name && browserStorageKey(text, name)) continue;
        // `const secret = "whsec_" + btoa(random)`, `token := "sk-" + hex.EncodeToString(b)`: the literal is the
        // prefix of a value computed at run time, not the value. In PHP `.` joins strings (methods are called with
        // `->`), so `'MAIL_PASSWORD=' . config('mail.password')` is a prefix too; elsewhere `"…".encode()` is a call.
        if (
          d.generic === 'assignment' &&
          !d.fallback &&
          !isConfig &&
          (/^["'`]?\s*(?:\+|\.(?=\s*\$))\s*(?!["'`])[\w$]/.test(text.slice(end, end + 40)) ||
            (PHP_FILE.test(file) && /^["']?\s*\.\s*(?!["'`])[\w$\\]/.test(text.slice(end, end + 40))))
        )
          continue;
        // In code, a secret-named key holding a single word is a label or a translation, not a password; but not among
        // the options of a basic-auth middleware (`basicAuth({ username: 'ops', password: 'letmein' })`, hono's,
        // express-basic-auth's), which are the credentials the service lets callers in with.
        if (
          !d.fallback &&
          !j.placeholder &&
          d.generic === 'assignment' &&
          !isConfig &&
          LABEL_LIKE.test(value.trim()) &&
          !BASIC_AUTH_OPTIONS.test(text.slice(Math.max(0, m.index! - 300), m.index!))
        )
          continue;
        // A configuration value naming a block of the same file (a secret manifest's `gitHubBotAccountSecret: bot-pat`
        // beside the `bot-pat:` secret it takes its value from) is a reference to that entry, not a credential.
        if (isConfig && d.generic === 'assignment' && !d.fallback && namesBlockOfFile(text, value)) continue;
        // A member of an enum (enum Provider { OnePassword = "…" }) or of a class of names is a constant that names
        // something.
        if (d.generic === 'assignment' && !d.fallback && !isConfig && inNameTable(text, m.index!)) continue;
        // A table mapping field names to groups ("smtp_host": "mail_settings", "smtp_password": "mail_settings"): the
        // same literal given to a plainly named key beside it is a label, not a credential.
        if (d.generic === 'assignment' && !d.fallback && sharedWithPlainKey(text, start, value)) continue;
        confidence = j.confidence;
        placeholder = j.placeholder;
      } else if (
        /EXAMPLE|example|x{6,}|X{6,}|0{8,}/.test(value) ||
        isPublicTestValue(value) ||
        // A form field's hint (`placeholder: "sk-…"`): the shape of a key shown to the user, not a key.
        /\bplaceholder\s*[:=]\s*\{?\s*["'`]?$/i.test(text.slice(text.lastIndexOf('\n', start) + 1, start))
      ) {
        placeholder = true;
      }
      // A connection URL whose password repeats its user or database name (app:app@, ctfduser:ctfd@…/ctfd), or a
      // short one to this machine (acai:acai123@localhost), is a development default, not a credential anyone chose.
      let devDefault = false;
      if (d.generic === 'dsn' && d.companion) {
        // The key=value form: the user, database and host are keys of the same line.
        const from = text.lastIndexOf('\n', start) + 1;
        const to = text.indexOf('\n', end);
        const line = text.slice(from, to < 0 ? undefined : to);
        const key = (names: string): string | undefined =>
          new RegExp(`(?<![\\w.-])(?:${names})[ \\t]*=[ \\t]*([^\\s;&"'\`{}$%\\\\]+)`, 'i').exec(line)?.[1];
        const user = key('user|user id|uid|username');
        const db = key('dbname|database|initial catalog');
        const host = key('host|hostaddr|server|data source') ?? '';
        const local = /^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|::1|host\.docker\.internal|\(local\)|\.)$/i.test(host);
        if (value === user || value === db || (local && value.length < 12)) {
          confidence = 'low';
          devDefault = true;
        }
      } else if (d.generic === 'dsn') {
        const user = /:\/\/([^:/\s@]+):/.exec(m[0])?.[1];
        const after = text.slice(end + 1, end + 200);
        const host = /^\[?([\w.:-]*?)\]?(?::\d+)?(?=[/?"'`\s]|$)/.exec(after)?.[1] ?? '';
        const db = /^[^/\s"'`]*\/([\w-]+)/.exec(after)?.[1];
        const local = /^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|::1|host\.docker\.internal)$/i.test(host);
        if (value === user || value === db || (local && value.length < 12)) {
          confidence = 'low';
          devDefault = true;
        }
      }
      // A configuration block whose password repeats the user or database name beside it (`username: shop` /
      // `password: shop` / `database: shop`, a chart's bundled database): a default nobody chose, like app:app@ above.
      if (isConfig && d.generic === 'assignment' && !devDefault && /^[\w.-]{2,40}$/.test(value)) {
        const lineNo = lineOf(start) - 1;
        const near = text.split('\n').slice(Math.max(0, lineNo - 5), lineNo + 6);
        const esc = escapeRegExp(value);
        const sibling = new RegExp(
          `^\\s*["']?(?:user(?:name)?|db_?user|database|db_?name|dbname|db)["']?\\s*[:=]\\s*["']?${esc}["']?\\s*$`,
          'i',
        );
        if (near.some((l) => sibling.test(l))) {
          confidence = 'low';
          devDefault = true;
        }
      }
      taken.push([start, end]);
      out.push({
        start,
        line: lineOf(start),
        kind: d.kind,
        value,
        confidence,
        placeholder,
        generic: !!d.generic,
        ...(d.fallback ? { fallback: true } : {}),
        ...(name ? { name } : {}),
        ...(devDefault ? { devDefault } : {}),
      });
    }
  }
  // Go: the key a JWT is signed with, written in the code (`token.SignedString([]byte("…"))`, or a constant of the file
  // handed to it: `const jwtSecret = "…"` … `SignedString([]byte(jwtSecret))`). Whatever the literal reads like (a
  // sentence, a word), the service signs and verifies its tokens with it.
  if (file.endsWith('.go') && text.includes('SignedString('))
    for (const k of goSigningKeys(text)) {
      if (overlaps(k.start, k.start + k.value.length)) continue;
      const v = k.value.trim();
      if (v.length < 4 || /%[sv]|\{\{/.test(v)) continue;
      const weak = isPlaceholder(v) || isPublicTestValue(v) || WEAK_VALUES.test(v) || v.length < 8;
      taken.push([k.start, k.start + k.value.length]);
      out.push({
        start: k.start,
        line: lineOf(k.start),
        kind: 'signing key literal in code',
        value: k.value,
        confidence: weak ? 'low' : 'high',
        placeholder: false,
        generic: true,
      });
    }
  return out.sort((a, b) => a.line - b.line);
}

/** The literals a Go file signs JWTs with: given to SignedString directly or through a constant or variable of the file. */
function goSigningKeys(text: string): { start: number; value: string }[] {
  const out: { start: number; value: string }[] = [];
  for (const m of text.matchAll(/\.SignedString\(\s*(?:\[\]byte\(\s*)?(?:"([^"\n]*)"|([A-Za-z_][\w.]*))\s*\)/g)) {
    if (m[1] !== undefined) {
      out.push({ start: m.index! + m[0].indexOf('"') + 1, value: m[1] });
      continue;
    }
    const name = m[2]!.split('.').pop()!;
    const decl = new RegExp(
      `^[ \\t]*(?:(?:const|var)[ \\t]+)?${name}[ \\t]*(?:\\[\\]byte[ \\t]*|string[ \\t]*)?:?=[ \\t]*(?:\\[\\]byte\\(\\s*)?"([^"\\n]*)"`,
      'm',
    ).exec(text);
    if (decl) out.push({ start: decl.index + decl[0].lastIndexOf(decl[1]!), value: decl[1]! });
  }
  return out;
}

/** A secret-named key followed by its value, in code or configuration (group 1: the key, group 2: the value). */
const ASSIGNED = new RegExp(
  `(${SECRET_NAME}[\\w$.-]*)["']?[ \\t]*(?::=|=>|=|:)[ \\t]*("[^"\\n]*(?:"|$)|'[^'\\n]*(?:'|$)|\`[^\`\\n]*(?:\`|$)|\\$\\{[^}\\n]*\\}?|[^\\s,;#()\\[\\]{}"'\`]+)`,
  'gi',
);
/** Dockerfile `ENV NAME value` (the form without '='). */
const ENV_SPACE = new RegExp(`^(\\s*ENV\\s+)(${SECRET_NAME}[\\w.-]*)(\\s+)(?!=)(\\S.*)$`, 'gim');
/** `--password value`, `--api-token=value` on a command line. */
const FLAG = new RegExp(`(--?${SECRET_NAME}[\\w-]*)(=|\\s+)([^\\s"'\`-][^\\s"'\`]*|"[^"\\n]*"|'[^'\\n]*')`, 'gi');
/** A value after `=`, `:` or `=>`: quoted, a `${…}` reference, or a bare word (the same shapes as ASSIGNED). */
const ASSIGNED_VALUE = `("[^"\\n]*(?:"|$)|'[^'\\n]*(?:'|$)|\`[^\`\\n]*(?:\`|$)|\\$\\{[^}\\n]*\\}?|[^\\s,;#()\\[\\]{}"'\`]+)`;
/** Short password names SECRET_NAME leaves out (it would also match bypass, compass): DB_PASS, smtp.pass, pass. */
const PASS_ASSIGNED = new RegExp(
  `((?<![\\w$.-])(?:[\\w$.-]*[_.-])?pass)(?![\\w$])["']?[ \\t]*(?::=|=>|=|:)[ \\t]*${ASSIGNED_VALUE}`,
  'gi',
);
/** The password of any URL with credentials (https://user:password@host, ftp://, git+ssh://). */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^:/\s@"'`]+:)([^@\s"'`/]+)(?=@)/gi;
/** `<password>value</password>` in XML configuration (Maven settings.xml, .NET config). */
const XML_SECRET = new RegExp(`(<(${SECRET_NAME}[\\w.-]*)>)([^<\\n]+)(?=</\\2>)`, 'gi');
/** `Password=value;` inside a connection string ("Server=db;User Id=sa;Password=…;"). */
const CONNECTION_PASSWORD = /((?<=[;"'`])\s*(?:password|pwd)\s*=\s*)([^;"'`\n]+)(?=;|["'`]|$)/gim;
/** `curl -u user:password` / `--user user:password` (not `docker run -u 1000:1000`), and MySQL clients' `-pPASSWORD`. */
const USER_PASSWORD_FLAG =
  /(\b(?:curl|wget|http)\b[^\n]*?\s(?:-u|--user|--http-user)(?:\s+|=)["']?[^\s:"'`]+:)([^\s"'`]+)/g;
const MYSQL_P = /(\b(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump)\b[^\n]*?\s-p)([^\s"'`]+)/g;
/** A `.netrc` entry: machine host login name password value. */
const NETRC = /(\bmachine\s+\S+[^\n]*?\s(?:password|passwd)\s+)([^\s"'`]+)/g;
const CODE_FILE = /\.(?:[cm]?[jt]sx?|py|rb|go|java|kt|kts|scala|groovy|cs|php|rs|swift|ex|exs|erl|clj|dart|lua|pl)$/i;

/**
 * How a text is read: a line of code (only quoted literals are values; the rest are expressions), a line of
 * configuration (every value is a value), or prose such as a rule's note (quoted literals and `NAME=value`).
 */
type TextMode = 'code' | 'config' | 'prose';

/** Whether an assigned value is a literal to hide (not a reference, an expression, or already redacted). */
function hideable(raw: string, mode: TextMode, sep = '='): boolean {
  const quoted = /^["'`]/.test(raw);
  const v = raw.replace(/^["'`]|["'`]$/g, '');
  if (!v || v.includes('…') || /^\$\{|^\$[A-Za-z_]|^%\(|^\{\{|^<[^>]*>$/.test(v)) return false;
  if (!quoted && mode === 'code') return false; // an expression: settings.secret_key, request.form, a variable
  if (!quoted && mode === 'prose' && !sep.includes('=')) return false; // "token: missing" is a sentence
  if (!quoted && /^(?:true|false|null|none|nil|undefined)$/i.test(v)) return false;
  return true;
}

/**
 * Replaces every secret-looking value in a text by its redacted form (for excerpts, messages, reports): detected
 * secrets, and every literal assigned to a secret-named key (PASSWORD=…, "api_key": "…", ENV DB_PASSWORD …,
 * --password …) whatever its value looks like: a weak password is still a password.
 */
export function redactSecretsIn(text: string, file?: string): string {
  // Each detected value is replaced where it was found (not every equal substring: ctfd:ctfd@…/ctfd keeps its names).
  let out = text;
  const hits = scanText(file ?? 'inline.txt', text)
    .filter((h) => (!h.placeholder || h.kind === 'private key') && h.start >= 0)
    .sort((a, b) => b.start - a.start);
  for (const h of hits) out = out.slice(0, h.start) + redact(h.value) + out.slice(h.start + h.value.length);
  const mode: TextMode = file === undefined ? 'prose' : CODE_FILE.test(file) ? 'code' : 'config';
  const hide = (raw: string): string => {
    const q = /^["'`]/.test(raw) ? raw[0]! : '';
    const end = q && raw.length > 1 && raw.endsWith(q) ? q : '';
    const v = raw.slice(q.length, raw.length - end.length);
    return `${q}${redact(v)}${end}`;
  };
  out = out.replace(ASSIGNED, (whole, key: string, raw: string) => {
    const sep = whole.slice(key.length, whole.length - raw.length);
    return hideable(raw, mode, sep) ? whole.slice(0, whole.length - raw.length) + hide(raw) : whole;
  });
  if (mode !== 'code') {
    out = out.replace(ENV_SPACE, (whole, lead: string, key: string, sp: string, raw: string) =>
      hideable(raw.trim(), 'config') ? `${lead}${key}${sp}${hide(raw.trim())}` : whole,
    );
  }
  out = out.replace(PASS_ASSIGNED, (whole, key: string, raw: string) => {
    const sep = whole.slice(key.length, whole.length - raw.length);
    return hideable(raw, mode, sep) ? whole.slice(0, whole.length - raw.length) + hide(raw) : whole;
  });
  out = out.replace(FLAG, (whole, flag: string, sep: string, raw: string) =>
    hideable(raw, mode === 'code' ? 'code' : 'config') ? `${flag}${sep}${hide(raw)}` : whole,
  );
  // Values inside strings and command lines: a literal wherever it is, unless it is a reference.
  const literal = (lead: string, raw: string, whole: string): string =>
    hideable(raw, 'config') ? `${lead}${redact(raw)}` : whole;
  for (const re of [URL_PASSWORD, CONNECTION_PASSWORD, USER_PASSWORD_FLAG, MYSQL_P, NETRC])
    out = out.replace(re, (whole, lead: string, raw: string) => literal(lead, raw, whole));
  out = out.replace(XML_SECRET, (whole, open: string, _name: string, raw: string) => literal(open, raw, whole));
  // A private key body on its own lines (base64 rows) is never printed either.
  return out.replace(
    /-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
    '-----BEGIN $1PRIVATE KEY-----…(redacted)',
  );
}

const DOCKERFILE = /(^|\/)(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?$|\.dockerfile$/i;

/** Secret-named ENV and ARG values of a Dockerfile: they are baked into the image (ARG defaults into its history). */
function scanDockerfile(text: string): RawHit[] {
  const out: RawHit[] = [];
  const lines = text.split(/\r?\n/);
  const nameRe = new RegExp(`^${SECRET_NAME}[\\w.-]*$`, 'i');
  const precompileStage = precompileOnlyStage(lines);
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*(ENV|ARG)\s+(.*)$/i.exec(lines[i]!);
    if (!m) continue;
    const body = m[2]!.replace(/\\\s*$/, '');
    const pairs: [string, string][] = [];
    if (/^[\w.-]+=/.test(body)) {
      for (const p of body.matchAll(/([\w.-]+)=("([^"]*)"|'([^']*)'|(\S*))/g))
        pairs.push([p[1]!, p[3] ?? p[4] ?? p[5] ?? '']);
    } else if (m[1]!.toUpperCase() === 'ENV') {
      const sp = /^([\w.-]+)\s+(.+)$/.exec(body);
      if (sp) pairs.push([sp[1]!, sp[2]!.trim().replace(/^["']|["']$/g, '')]);
    }
    for (const [name, value] of pairs) {
      if (!nameRe.test(name) || !value || /^\$/.test(value) || value.length < 4) continue;
      // Paths (SECRET_KEY_FILE=/run/secrets/key), URLs, names of secrets: the same judgement as any assignment.
      const judged = judgeGeneric('assignment', value, name);
      if (!judged.keep) continue;
      const placeholder = judged.placeholder;
      const strong = value.length >= 8 && entropy(value) >= 3 && !WEAK_VALUES.test(value) && !WEAK_SHAPE.test(value);
      out.push({
        start: -1,
        line: i + 1,
        kind: `secret in Dockerfile ${m[1]!.toUpperCase()}`,
        value,
        confidence: strong ? 'high' : 'low',
        placeholder,
        generic: true,
        baked: true,
        ...(precompileStage(i) ? { buildStageOnly: true } : {}),
      });
    }
  }
  return out;
}

/**
 * Lines (0-based) of a multi-stage Dockerfile's stages that precompile assets (`rails assets:precompile`) and that the
 * final stage does not build on (`FROM <stage>`): a secret key there is the dummy the precompile needs to boot, and
 * only the compiled files are copied out of that stage.
 */
function precompileOnlyStage(lines: string[]): (line: number) => boolean {
  const stages: { from: number; to: number; name?: string; base: string }[] = [];
  lines.forEach((l, i) => {
    const m = /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+([\w.-]+))?/i.exec(l);
    if (!m) return;
    if (stages.length) stages[stages.length - 1]!.to = i - 1;
    stages.push({ from: i, to: lines.length - 1, base: m[1]!.toLowerCase(), name: m[2]?.toLowerCase() });
  });
  if (stages.length < 2) return () => false;
  // The final stage and the stages it builds on (FROM <stage> AS …, followed back).
  const shipped = new Set<string>();
  let s: (typeof stages)[number] | undefined = stages[stages.length - 1];
  while (s && !shipped.has(`#${s.from}`)) {
    shipped.add(`#${s.from}`);
    const base: string = s.base;
    s = stages.find((x) => x.name === base);
  }
  const buildOnly = stages.filter(
    (s) =>
      !shipped.has(`#${s.from}`) &&
      lines.slice(s.from, s.to + 1).some((l) => /^\s*RUN\b.*\bassets:precompile\b/.test(l)),
  );
  return (line) => buildOnly.some((s) => line >= s.from && line <= s.to);
}

/** Secret-named compose/CI environment values (KEY: value, - KEY=value), with 1-based lines. */
function scanEnvironmentLiterals(text: string): RawHit[] {
  const out: RawHit[] = [];
  const re =
    /^[ \t-]*["']?([A-Z][A-Z0-9_]*(?:PASSWORD|PASS|PASSWD|PWD|SECRET_KEY|SECRET|TOKEN|API_KEY))["']?[ \t]*[:=][ \t]*["']?([^\s"'#]+)["']?/gm;
  const lineOf = lineCounter(text);
  for (const m of text.matchAll(re)) {
    const v = m[2]!;
    // A switch of the image named after the password it governs (MYSQL_RANDOM_ROOT_PASSWORD: true,
    // MYSQL_ALLOW_EMPTY_PASSWORD: "no"), not a password.
    if (/^\$|^\{\{/.test(v) || isPlaceholder(v) || /^(?:true|false|yes|no|on|off)$/i.test(v)) continue;
    out.push({
      start: -1,
      line: lineOf(m.index!),
      kind: WEAK_VALUES.test(v) ? `weak default credential ${m[1]}` : `development default ${m[1]}`,
      value: v,
      confidence: 'low',
      placeholder: false,
      generic: true,
    });
  }
  return out;
}

/** A mobile app's Firebase configuration files: their keys are public client identifiers. */
const FIREBASE_CLIENT_CONFIG = /(^|\/)(?:google-services\.json|GoogleService-Info\.plist)$/;

/** CI and test configuration: its passwords belong to throwaway services. */
const CI_PATH =
  /(^|\/)(?:\.github|\.circleci|\.buildkite|\.ci|ci|ci[-_][\w-]+|\.gitlab)\/|(^|\/)(?:\.gitlab-ci\.ya?ml|bitbucket-pipelines\.ya?ml|azure-pipelines\.ya?ml|\.travis\.ya?ml|Jenkinsfile|pytest\.ini|tox\.ini|\.env\.(?:test|ci|testing))$|(^|\/)(?:docker-)?compose[.-](?:[\w-]*[.-])?(?:ci|test|tests|testing|e2e|integration)(?:[.-][\w.-]*)?\.ya?ml$|(^|\/)Dockerfile[.-](?:test|ci|e2e)$/i;
/**
 * Test support outside test folders: Go helper packages (apitest, dbtest), testing/, test_data/ and fixture folders,
 * snapshot folders a test library records answers in (`.snapshots/`, `__snapshots__/`), stub keys and files (`stub/`),
 * test env files, shell scripts that run tests (`run_test.sh`, `test_radius.sh`, `e2e-tests.sh`), and data files
 * named for the tests that load them (`test_auth.cfg`, `test_settings.json`, Go's `github_test.pem` beside
 * `github_test.go`, a proxy's `assets/test.key` its unit tests and sample configuration name). Go's `_testdata/` (the
 * go tool skips `_` folders) and fake packages (`chef/fake/`) hold test data.
 */
const TEST_SUPPORT =
  /(^|\/)(?:\.snapshots|__snapshots__|stubs?|fakes?|testing|testutils?|testhelpers?|test[-_]?support|spec[-_]?support|_?test[-_]?data|test[-_]?fixtures|fixtures?|load[-_]?tests?|loadtesting|perf[-_]?tests?|stress[-_]?tests?|benchmarks?|bench)\/|(^|\/)[a-z]+test\/[^/]+\.go$|(^|\/)\.env\.(?:test|testing)$|(^|\/)(?:test|testing|e2e)(?:[-_.][\w-]+)?\.env$|(^|\/)config\/test\.exs$|(^|\/)[\w-]*smoke[-_]?tests?[\w-]*\.\w+$|(^|\/)(?:(?:run[-_])?tests?[-_][\w-]*|[\w-]+[-_]tests?)\.sh$|(^|\/)tests?_[\w.-]*\.(?:cfg|ini|conf|json|ya?ml|toml)$|(?:^|\/|_)test\.(?:pem|key|crt|der|p12|pfx|jks)$/i;
const KEY_FILE = /\.(?:pem|key|crt|der|p12|pfx|jks)$/i;
/** A key file a test of its own folder opens by name (`os.ReadFile("test-cert-no-token.pem")`): the suite's input. */
function readByTests(repo: RepoIndex, file: string): boolean {
  if (!KEY_FILE.test(file)) return false;
  const dir = file.slice(0, file.lastIndexOf('/') + 1);
  const name = file.slice(dir.length);
  // The test files directly in the folder, listed once per folder (a folder of keys asks for each).
  const tests = repo.memo(`secrets:tests-in\0${dir}`, () =>
    repo.files.filter((t) => t.isTest && t.path.startsWith(dir) && !t.path.includes('/', dir.length)),
  );
  return tests.some((t) => {
    const text = repo.read(t.path) ?? '';
    return text.includes(`"${name}"`) || text.includes(`'${name}'`);
  });
}

/** A Go file compiled only into test builds (`//go:build e2etest`, `// +build integration`): test support. */
function testBuildTag(file: string, text: string): boolean {
  if (!file.endsWith('.go')) return false;
  const head = /^\s*\/\/\s*(?:go:build|\+build)\s+([^\n]+)/m.exec(text.slice(0, 2000));
  return !!head && /^\s*!?\(?\s*\w*(?:test|e2e|integration)\w*\s*\)?\s*$/i.test(head[1]!) && !head[1]!.startsWith('!');
}

/** Server-rendered page templates (Twig, Blade, ERB, EEx/HEEx, Jinja, Handlebars, plain HTML). */
const PAGE_TEMPLATE = /\.(?:html?|twig|blade\.php|erb|eex|heex|leex|jinja2?|j2|hbs|handlebars|njk|mustache|liquid)$/i;

/**
 * Whether line `line` (1-based) of an Elixir file lies inside a documentation heredoc (`@doc """`, `@moduledoc """`,
 * `@typedoc ~S"""` … the closing `"""` on a line of its own): text ExDoc renders, whose examples show how to call the
 * function, not settings the module runs with.
 */
function inElixirDoc(lines: readonly string[], line: number): boolean {
  for (let i = line - 2; i >= 0; i--) {
    const l = lines[i]!;
    if (/^\s*@(?:module|type)?doc\s+(?:~[sS])?"""\s*$/.test(l)) return true;
    if (/^\s*"""/.test(l)) return false;
  }
  return false;
}

/**
 * A literal inside a `<pre>` or `<code>` element of a page template is text the page shows its readers (a how-to
 * page's sample request and token response), not a setting the service runs with.
 */
function inShownCode(text: string, at: number): boolean {
  const low = text.slice(0, at).toLowerCase();
  return ['pre', 'code'].some((tag) => {
    const open = Math.max(low.lastIndexOf(`<${tag}>`), low.lastIndexOf(`<${tag} `), low.lastIndexOf(`<${tag}\n`));
    return open >= 0 && low.lastIndexOf(`</${tag}>`) < open;
  });
}

/** Test-data factories compiled with the code (ExMachina's `use ExMachina` module in lib/): their values are test data. */
function testFactory(file: string, text: string): boolean {
  return /\.exs?$/.test(file) && /^\s*use ExMachina\b/m.test(text);
}

/**
 * An Elixir configuration for one Mix environment other than production: config/<env>.exs that config.exs imports as
 * `import_config "#{config_env()}.exs"` (or `#{Mix.env()}`), such as dev.exs, test.exs, or an integration-test
 * environment (hex.exs). Production reads prod.exs and runtime.exs.
 */
function elixirEnvConfig(repo: RepoIndex, file: string): boolean {
  const m = /^(.*?)(?:^|\/)config\/([\w-]+)\.exs$/.exec(file);
  if (!m || /^(?:config|prod|production|runtime|releases?|staging|stage)$/.test(m[2]!)) return false;
  const main = `${m[1] ? `${m[1]}/` : ''}config/config.exs`;
  const text = repo.read(main);
  return !!text && /import_config\s*\(?\s*"#\{(?:config_env\(\)|Mix\.env(?:\(\))?)\}\.exs"/.test(text);
}

/**
 * Vendored third-party code: a folder named for a library release (codemirror-5.17.0/, monaco-editor-0.52.2/),
 * build-tool wrapper scripts.
 */
const VENDORED =
  /(^|\/)[A-Za-z][\w.-]*?-v?\d+\.\d+(?:\.\d+)?[\w.-]*\/|(^|\/)(?:mvnw|gradlew)(?:\.cmd|\.bat)?$|(^|\/)\.mvn\/wrapper\//;

/** Translation catalogues: gettext/Fluent/ARB/XLIFF files, and locale-named data files (ja-JP.json, pt_BR.yml, i18n/de.json). */
export function isTranslation(p: string): boolean {
  if (/\.(?:po|pot|mo|ftl|arb|xlf|xliff|strings|resx)$/i.test(p)) return true;
  const base = p.split('/').pop()!;
  // Java resource bundles of messages anywhere (Spring MessageSource, JSF, Struts): messages.properties and its
  // locales (messages_km.properties, ApplicationResources_pt_BR.properties) hold UI text, `User.password=Passwort`.
  if (
    /^(?:messages|strings|labels|texts?|i18n|(?:application|ui|web)?resources?|\w*(?:Messages|Bundle|Resources|Labels))(?:_[a-z]{2,3}(?:_[A-Z]{2}|_[A-Z][a-z]{3})?)?\.properties$/i.test(
      base,
    )
  )
    return true;
  if (!/\.(?:json|ya?ml|properties|toml|js|ts)$/i.test(base)) return false;
  const stem = base.replace(/\.[^.]+$/, '').replace(/^(?:messages|strings|translations?|locale)[._-]/i, '');
  if (/^[a-z]{2,3}[-_](?:[A-Z]{2}|[A-Z][a-z]{3}|\d{3})$/.test(stem)) return true; // ja-JP, pt_BR, zh-Hans, es-419
  // i18next's layout: one folder per locale holding a namespace file (`…/zh-CN/translation.json`, `…/ja/common.json`)
  // under a folder named for translations (`extractedTranslations/`, `public/lang/`).
  const parts = p.split('/');
  const locale = parts.at(-2) ?? '';
  if (
    /^[a-z]{2,3}(?:[-_](?:[A-Za-z]{2}|[A-Z][a-z]{3}|\d{3}))?$/.test(locale) &&
    (/^(?:translations?|messages|strings|common|locale|i18n)$/i.test(stem) ||
      /(?:translations?|locales?|i18n|l10n|langs?|languages)$/i.test(parts.at(-3) ?? ''))
  )
    return true;
  // A folder of catalogues named by locale (`i18n/de.json`, `client/strings/pt-br.json`, `strings/zh-cn.json`), also
  // when underscores set the folder apart or a suffix names its part (`src/__locales/ja.json`, `__locales-services/`).
  return (
    /^[a-z]{2,3}(?:[-_][a-z]{2,4})?$/.test(stem) &&
    /(^|\/)_*(?:intl|l10n|i18n|locales?|langs?|languages|translations?|messages|strings)(?:-\w+)?\//i.test(p)
  );
}

/**
 * Development environments: their passwords are development defaults, like a development compose file's. Database
 * seed data (`src/database/seeds/`, `db/seeds.rb`, `prisma/seed.ts`, `priv/repo/seeds.exs`, a Laravel
 * `DemoSeederCommand`, `scripts/seed-demo.php`) and model factories fill a local database with sample users and
 * tokens: development defaults too (a provider's real key format is still a finding). So are the keys kept in a
 * `.dev/` folder for the development stack, and an env file named for local development (`local_dev.env`, `dev.env`).
 */
const DEV_ENV =
  /(^|\/)(?:Vagrantfile|Tiltfile|skaffold\.ya?ml|\.env\.(?:development|dev|local)|(?:local|dev|development)(?:[-_.](?:local|dev|development))?\.env)$|(^|\/)\.devcontainer\/|(^|\/)\.dev\/|(^|\/)config\/dev\.exs$|(^|\/)(?:seeds|seeders|seed[-_]data)\/|(^|\/)(?:db\/seeds\.rb|prisma\/seed\.[cm]?[jt]s|priv\/repo\/seeds\.exs)$|(^|\/)database\/factories\/|(^|\/)\w*Seeder(?:Command)?\.php$|(^|\/)seed(?:s|er)?[-_][\w.-]*\.(?:php|py|rb|[cm]?[jt]s|sh|exs?)$/i;
/**
 * A key file made for serving on this machine (`apps/client/localhost.pem` the dev server's `sslKey` names,
 * `certs/localhost-key.pem` from mkcert, `selfsigned.key`): it secures no deployed host, a development default.
 */
const LOCAL_KEY_FILE = /(?:^|\/)[\w.-]*(?:localhost|127\.0\.0\.1|self-?signed)[\w.-]*\.(?:pem|key)$/i;
/**
 * A settings module for local development: Django/Flask `settings/development.py`, `settings/local.py`,
 * `settings_dev.py`, the settings of a project kept to develop a reusable app (`devproject/settings.py`); a Spring/Micronaut profile file `application-local.yml`, `application-dev.properties`.
 */
const DEV_SETTINGS =
  /(^|\/)(?:settings|config)(?:\/|[_.])(?:dev|devel|develop|development|local)\.py$|(^|\/)(?:dev|development|local)_settings\.py$|(^|\/)(?:dev|devel|development|local)[-_]?(?:project|site|server)\/settings\.py$|(^|\/)(?:application|bootstrap)-(?:dev|devel|development|local)\.(?:ya?ml|properties)$/;
/**
 * Repository paths a development compose file bind-mounts into a container (`- ./priv/telegraf:/etc/telegraf:ro`): a key
 * pair kept there (self-signed certificates of a local syslog or database container) secures the local stack only.
 */
function devComposeMounts(repo: RepoIndex): (p: string) => boolean {
  const roots: string[] = [];
  for (const f of repo.files) {
    if (!/(^|\/)(docker-)?compose[^/]*\.ya?ml$/i.test(f.path) || PROD_COMPOSE.test(f.path)) continue;
    const dir = f.path.includes('/') ? f.path.slice(0, f.path.lastIndexOf('/')) : '';
    for (const l of repo.lines(f.path)) {
      const m = /^\s*-\s*["']?(\.{1,2}\/[^:"'\s]+):\/[^\s"']*["']?\s*$/.exec(l);
      if (!m) continue;
      const parts: string[] = dir ? dir.split('/') : [];
      for (const seg of m[1]!.split('/')) {
        if (seg === '' || seg === '.') continue;
        if (seg === '..') parts.pop();
        else parts.push(seg);
      }
      if (parts.length) roots.push(parts.join('/'));
    }
  }
  // A folder of the application's code mounted for live reloading (`./src:/app/src`) is not such a folder: only
  // files, or folders that hold no source code (certificates, a tool's configuration).
  const codeFree = (r: string) => !repo.files.some((x) => x.kind === 'source' && x.path.startsWith(`${r}/`));
  return (p) => roots.some((r) => p === r || (p.startsWith(`${r}/`) && codeFree(r)));
}

/**
 * A compose service built from a development stage of its Dockerfile (`build: { target: development }`): the file runs
 * the project for development, whatever the docs' install section says about `docker compose up`.
 */
const DEV_BUILD_TARGET = /^[ \t]+target:[ \t]*["']?(?:dev|develop|development|local|debug)["']?[ \t]*(?:#.*)?$/m;
/**
 * A compose service run in its framework's development environment (`- ASPNETCORE_ENVIRONMENT=Development`,
 * `NODE_ENV: development`, `RAILS_ENV=development`, `MIX_ENV: dev`): the stack is the development one, whatever the
 * install section says about `docker compose up`.
 */
const DEV_RUNTIME_ENV =
  /^[ \t]+(?:-[ \t]+)?["']?(?:ASPNETCORE_ENVIRONMENT|DOTNET_ENVIRONMENT|NODE_ENV|RAILS_ENV|RACK_ENV|APP_ENV|MIX_ENV|FLASK_ENV|SPRING_PROFILES_ACTIVE)[ \t]*[=:][ \t]*["']?(?:[Dd]ev|[Dd]evelopment|DEVELOPMENT|[Ll]ocal)["']?[ \t]*(?:#.*)?$/m;
/** Dependency manifests: names of packages, not settings (known token formats are still found there). */
const MANIFEST =
  /(^|\/)(?:package\.json|composer\.json|Gemfile|requirements[\w.-]*\.txt|Pipfile|go\.mod|Cargo\.toml|pom\.xml|build\.gradle(?:\.kts)?|[\w.-]+\.csproj|mix\.exs)$/i;
/** Line ranges (1-based, inclusive) of a pyproject.toml's [tool.pytest…] and [tool.tox…] tables: test configuration. */
function testTables(text: string): [number, number][] {
  const out: [number, number][] = [];
  let start: number | undefined;
  text.split(/\r?\n/).forEach((line, i) => {
    const h = /^\s*\[\[?([^\]]+)\]\]?\s*$/.exec(line);
    if (!h) return;
    if (start !== undefined) out.push([start, i]);
    start = /^tool\.(?:pytest|tox|coverage|hatch\.envs\.test)/.test(h[1]!.trim()) ? i + 1 : undefined;
  });
  if (start !== undefined) out.push([start, Number.MAX_SAFE_INTEGER]);
  return out;
}

/**
 * Top-level environment sections of a Rails-style YAML file (config/secrets.yml, config/database.yml): the line ranges
 * (1-based, inclusive) under `development:` and `test:`, whose values never ship.
 */
function environmentSections(text: string): { env: 'development' | 'test'; from: number; to: number }[] {
  const out: { env: 'development' | 'test'; from: number; to: number }[] = [];
  let open: { env: 'development' | 'test'; from: number } | undefined;
  text.split(/\r?\n/).forEach((line, i) => {
    if (/^\s|^#|^$/.test(line)) return;
    if (open) out.push({ ...open, to: i });
    const m = /^(development|test)\s*:\s*(?:&\w+\s*)?(?:#.*)?$/.exec(line);
    open = m ? { env: m[1] as 'development' | 'test', from: i + 1 } : undefined;
  });
  if (open) out.push({ ...open, to: Number.MAX_SAFE_INTEGER });
  return out;
}

/**
 * Compose files the docs tell people to run as they are: `docker compose -f <file> up` or `cp <file>
 * docker-compose.yml && docker compose up`, and `docker compose up` in a section about production, deployment,
 * self-hosting or installing (for the default file names). An example file counts wherever the docs run it, except
 * under a development heading; any other file only in a deployment section (a `-f docker/infra.yml up` that starts
 * the databases for local development is a development compose file).
 */
function composeRunByDocs(repo: RepoIndex): (composePath: string, example: boolean) => boolean {
  /** Files named by a run command: true when one of the mentions is in a deployment section. */
  let named: Map<string, { deploy: boolean; dev: boolean }> | undefined;
  let defaultInDeployDocs = false;
  const load = (): Map<string, { deploy: boolean; dev: boolean }> => {
    if (named) return named;
    named = new Map();
    for (const d of repo.files) {
      if (d.kind !== 'docs' || !/\.(?:md|mdx|rst|txt)$|(^|\/)README$/i.test(d.path)) continue;
      const text = repo.read(d.path);
      if (!text || !/compose/i.test(text)) continue;
      const headings: string[] = []; // the enclosing headings, by level
      for (const line of text.split(/\r?\n/)) {
        const h = /^(#{1,6})\s+(.*)$/.exec(line);
        if (h) {
          headings.length = h[1]!.length - 1;
          headings.push(h[2]!);
        }
        if (!/docker[- ]compose/i.test(line)) continue;
        const section = headings.filter(Boolean);
        const dev = /develop|\bdev\b|local|contribut|test/i.test(section.at(-1) ?? '');
        const deploy = !dev && section.some((t) => /production|deploy|self[- ]?host|install/i.test(t));
        // -f <file> on a docker compose command, or `cp <file> docker-compose.yml && docker compose up` on one line
        const copiedThenRun = /docker[- ]compose\s+(?:[^|;&]*\s)?up\b/i.test(line);
        for (const f of line.matchAll(/(?:-f\s+|--file[=\s]+|\b(?:cp|mv|copy)\s+)([\w./-]+\.ya?ml)/gi)) {
          if (/^(?:cp|mv|copy)/i.test(f[0]) && !copiedThenRun) continue;
          const key = f[1]!.replace(/^\.\//, '');
          const was = named.get(key);
          named.set(key, { deploy: deploy || !!was?.deploy, dev: dev && (was?.dev ?? true) });
        }
        // Installing or deploying the project (not developing it) with the default compose file.
        if (/docker[- ]compose\s+(?:up|start)\b/i.test(line) && deploy) defaultInDeployDocs = true;
      }
    }
    return named;
  };
  return (p, example) => {
    const base = p.split('/').pop()!;
    for (const [n, where] of load())
      if ((n === p || n.split('/').pop() === base) && (where.deploy || (example && !where.dev))) return true;
    return defaultInDeployDocs && /^(?:docker-)?compose\.ya?ml$/i.test(base) && !p.includes('/');
  };
}

/** A hit's line with every secret on it redacted; a value found outside scanText (no offset) is redacted wherever it is. */
function excerptOf(line: string, file: string, h: RawHit): string {
  const red = redactSecretsIn(line, file);
  return h.start < 0 && red.includes(h.value) ? red.split(h.value).join(redact(h.value)) : red;
}

/** Source of the comment-blanked text of a file (facts.code), to tell commented-out lines from live ones. */
interface CodeText {
  text(path: string): string | undefined;
}

/** Names of secrets the service signs or encrypts with: a literal for one is a finding even when it is a dev default. */
const SIGNING_NAME = /secret[_-]?key|signing|jwt|session|cookie|encrypt|hmac|master[_-]?key|app[_-]?key|secret$/i;

export function detectSecrets(
  repo: RepoIndex,
  facts?: {
    code: CodeText;
    rust?: { moduleOf(file: string): { testOnly: boolean } | undefined };
    dotnet?: { projectOf(file: string): { kind: string } | undefined };
    compose?: Pick<ComposeFacts, 'services'>;
  },
): SecretFacts {
  const ignored: SecretHit[] = [];
  // The folders of the stand-ins a compose stack builds (an OIDC test provider, a fake Sentry: role infra): their
  // fixtures and keys are the emulator's development material, like a development environment's.
  const standIns = (facts?.compose?.services ?? []).flatMap((s) =>
    s.role === 'infra' && s.build && !s.build.inline && path.posix.dirname(s.build.dockerfile) !== '.'
      ? [`${path.posix.dirname(s.build.dockerfile)}/`]
      : [],
  );
  const runByDocs = composeRunByDocs(repo);
  const devMounted = devComposeMounts(repo);
  /** Hits that may still turn out to be development defaults, and the values development environments set. */
  const pending: { hit: SecretHit; raw: RawHit; asIs: boolean }[] = [];
  const weak: SecretHit[] = [];
  const devValues = new Set<string>();
  const storedKeyIds = new Set<string>();
  for (const f of repo.files) {
    if (f.tooLarge || SKIP_PATH.test(f.path) || isTranslation(f.path) || VENDORED.test(f.path)) continue;
    const text = repo.read(f.path);
    if (text === undefined || isBundle(f.path, text)) continue;
    const toHit = (h: RawHit, ignoredAs?: SecretHit['ignoredAs']): SecretHit => ({
      path: f.path,
      line: h.line,
      kind: h.kind,
      redacted: h.kind === 'private key' ? 'PRIVATE KEY…(redacted)' : redact(h.value),
      excerpt: excerpt(excerptOf(repo.lines(f.path)[h.line - 1] ?? '', f.path, h)),
      confidence: h.confidence,
      ...(ignoredAs ? { ignoredAs } : {}),
    });
    // JVM package folders (com/example/demo) are not example folders.
    const examplePath = EXAMPLE_PATH.test(
      f.path.replace(/(^|\/)src\/main\/(?:java|kotlin|scala|groovy)\/.*$/, '$1Main.java'),
    );
    const compose = COMPOSE_FILE.test(f.path) || isComposeFile(repo, f.path);
    const ci = CI_PATH.test(f.path);
    let where: SecretHit['ignoredAs'] =
      f.isTest ||
      f.kind === 'test' ||
      TEST_SUPPORT.test(f.path) ||
      testBuildTag(f.path, text) ||
      testFactory(f.path, text) ||
      readByTests(repo, f.path) ||
      // A Rust module compiled only for tests (`#[cfg(any(test, feature = "test-support"))] pub mod test_utils;`).
      (f.path.endsWith('.rs') && !!facts?.rust?.moduleOf(f.path)?.testOnly) ||
      // The code of a .NET test-support project wherever its folder is (`X.TestCommon`'s object mothers); its settings
      // file still counts: a harness signs in to a real environment with it.
      (f.language === 'csharp' && facts?.dotnet?.projectOf(f.path)?.kind === 'test')
        ? 'test'
        : ci
          ? 'ci'
          : examplePath
            ? 'example'
            : f.kind === 'docs'
              ? 'docs'
              : undefined;
    // An example compose file the docs say to run as it is holds the defaults people will run with.
    const composeRun =
      compose &&
      !ci &&
      where !== 'test' &&
      runByDocs(f.path, where === 'example') &&
      !DEV_BUILD_TARGET.test(text) &&
      !DEV_RUNTIME_ENV.test(text);
    if (composeRun && where === 'example') where = undefined;
    const devEnv = DEV_ENV.test(f.path) || elixirEnvConfig(repo, f.path) || standIns.some((d) => f.path.startsWith(d));
    const devCompose = (compose && !ci && !where && !composeRun && !PROD_COMPOSE.test(f.path)) || devEnv;
    const testLines = /(^|\/)pyproject\.toml$/.test(f.path) ? testTables(text) : [];
    const envSections = /(^|\/)config\/[\w.-]+\.ya?ml$/.test(f.path) ? environmentSections(text) : [];
    const sectionOf = (line: number) => envSections.find((r) => line >= r.from && line <= r.to)?.env;
    const manifest = MANIFEST.test(f.path);

    let raw = scanText(
      f.path,
      text,
      (re) => repo.mayMatch(re, f.path, text),
      (o) => repo.lineAt(f.path, o),
    ).filter((h) => !(manifest && h.generic));
    if (DOCKERFILE.test(f.path)) {
      // The Dockerfile reading of an ENV/ARG line says more (baked into the image) than the plain assignment found on
      // the same line: one finding per value, not two. A provider's real format keeps its own hit.
      const baked = scanDockerfile(text);
      const same = new Set(baked.map((h) => `${h.line}\0${h.value}`));
      raw = [...raw.filter((h) => !(h.generic && same.has(`${h.line}\0${h.value}`))), ...baked];
    }
    // Development compose files: their secret literals are development defaults (a warning, never a gap); keys and
    // tokens in a provider's real format are still findings.
    if (devCompose) {
      const generic = raw.filter((h) => h.generic && !h.placeholder);
      const lines = new Set(generic.map((h) => h.line));
      const more = compose ? scanEnvironmentLiterals(text).filter((h) => !lines.has(h.line)) : [];
      for (const h of [...generic, ...more].sort((a, b) => a.line - b.line)) {
        weak.push(toHit(h));
        devValues.add(h.value);
      }
    }
    // Commented-out lines hold no setting the service runs with (the Devise initializer's `# config.secret_key = '…'`,
    // a sample connection URL in a comment): like docs, only a provider's real format counts there.
    const blanked = raw.some((h) => h.generic && h.start >= 0) ? facts?.code.text(f.path) : undefined;
    const inComment = (h: RawHit): boolean =>
      blanked !== undefined && h.start >= 0 && blanked.length === text.length && blanked[h.start] !== text[h.start];
    // Rust unit tests sit in the file they test (`#[cfg(test)] mod tests { … }`): their literals are test values.
    const rustTests = f.path.endsWith('.rs') && mayHoldRustTests(text) ? rustTestItems(text) : [];
    // Whole-text tests, asked only when a hit needs them (most files have none).
    let schemaFileV: boolean | undefined;
    const schemaFile = (): boolean => (schemaFileV ??= API_SCHEMA.test(text));
    const pageTemplate = PAGE_TEMPLATE.test(f.path);
    let openApiYamlV: boolean | undefined;
    const openApiYaml = (): boolean =>
      (openApiYamlV ??= /\.ya?ml$/i.test(f.path) && /^(["']?)(?:openapi|swagger)\1\s*:/m.test(text));
    for (const h of raw.sort((a, b) => a.line - b.line)) {
      if (devCompose && h.generic && !h.placeholder) continue;
      if (h.buildStageOnly) {
        weak.push({ ...toHit(h), confidence: 'low' });
        continue;
      }
      // A key pair made for a development environment (the JWT signing key of config/dev.exs) signs nothing deployed:
      // a development default, like its passwords. Tokens in a provider's format are still findings.
      // The same for a key pair of an example deployment (`examples/mtls/certs/server.key` beside its certificate): it
      // secures a demo nobody runs as it is, a throwaway default rather than a credential.
      if (where === 'example' && h.kind === 'private key' && EXAMPLE_DEPLOYMENT.test(f.path) && !composeRun) {
        weak.push({ ...toHit(h), confidence: 'low' });
        continue;
      }
      // A key pair kept with the CI configuration (`docker/ci-config/signing.key`, mounted by the test compose file)
      // signs the test suite's throwaway installation: a low-confidence finding, not a leaked credential.
      if (where === 'ci' && h.kind === 'private key') {
        weak.push({ ...toHit(h), confidence: 'low' });
        continue;
      }
      // An AWS access key id names a key; requests are signed with its secret half. With that half read from the CI's
      // secret store beside it (`aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}`), the id grants nothing,
      // here or in any other file that repeats it.
      if (h.kind === AWS_KEY_ID && SECRET_KEY_FROM_STORE.test(text) && !raw.some((x) => x.kind === AWS_SECRET_KEY)) {
        ignored.push(toHit(h, 'keyId'));
        storedKeyIds.add(h.value);
        continue;
      }
      // The API key of a mobile app's Firebase configuration (google-services.json, GoogleService-Info.plist) is a
      // public identifier every installed copy of the app carries; Google restricts it by app, not by secrecy.
      if (h.kind === 'Google API key' && FIREBASE_CLIENT_CONFIG.test(f.path)) {
        ignored.push(toHit(h, 'client'));
        continue;
      }
      // Algolia DocSearch's `apiKey` beside its `indexName` in a site's search set-up is the search-only key every
      // visitor's browser sends; Algolia issues it to be public.
      if (
        h.generic &&
        /^\s*["']?apiKey["']?\s*:/.test(repo.lines(f.path)[h.line - 1] ?? '') &&
        /\bdocsearch\s*\(|\bindexName\s*:/.test(
          repo
            .lines(f.path)
            .slice(Math.max(0, h.line - 6), h.line + 5)
            .join('\n'),
        )
      ) {
        ignored.push(toHit(h, 'client'));
        continue;
      }
      // Cloudflare Web Analytics' beacon token (`data-cf-beacon='{"token": "…"}'`) is sent by every visitor's page.
      if (
        h.generic &&
        h.start >= 0 &&
        /\bdata-cf-beacon\s*=\s*(?:'[^'\n]*|"[^"\n]*)$/.test(text.slice(Math.max(0, h.start - 200), h.start))
      ) {
        ignored.push(toHit(h, 'client'));
        continue;
      }
      if ((devEnv || LOCAL_KEY_FILE.test(f.path) || devMounted(f.path)) && h.kind === 'private key' && !where) {
        weak.push({ ...toHit(h), confidence: 'low' });
        continue;
      }
      if (pageTemplate && h.generic && h.start >= 0 && inShownCode(text, h.start)) {
        ignored.push(toHit(h, 'docs'));
        continue;
      }
      // A doctest in a docstring (Elixir `iex> f(%{"password" => "…"})`, Python `>>> f(password="…")`) shows how to call
      // the function: documentation, not a setting the service runs with.
      if (
        h.generic &&
        /^\s*(?:iex(?:\(\d+\))?>|\.\.\.(?:\(\d+\))?>|>>>)\s/.test(repo.lines(f.path)[h.line - 1] ?? '')
      ) {
        ignored.push(toHit(h, 'docs'));
        continue;
      }
      if (h.generic && /\.exs?$/.test(f.path) && inElixirDoc(repo.lines(f.path), h.line)) {
        ignored.push(toHit(h, 'docs'));
        continue;
      }
      // A form field's placeholder or an example value (`'placeholder' => 'mongodb+srv://user:pw@…'`, `example: …`,
      // `placeholder="…"`): text shown to whoever fills the field in, not a setting the service runs with.
      if (h.generic && h.start >= 0 && PLACEHOLDER_VALUE.test(text.slice(Math.max(0, h.start - 300), h.start))) {
        ignored.push(toHit(h, 'example'));
        continue;
      }
      if (h.generic && openApiYaml() && inYamlExample(repo.lines(f.path), h.line)) {
        ignored.push(toHit(h, 'example'));
        continue;
      }
      if (h.generic && h.start >= 0 && schemaFile() && inSchemaExample(text, h.start)) {
        ignored.push(toHit(h, 'example'));
        continue;
      }
      // A secret scanner's own rule table (name, pattern, sample): the sample sits beside the pattern that matches it,
      // kept so the scanner's tests can check each pattern. Test data, whatever its format.
      if (!h.generic && h.start >= 0 && detectorSample(text, h.start, h.value)) {
        ignored.push(toHit(h, 'test'));
        continue;
      }
      // A hit without an offset (a PEM block read line by line) is placed at the start of its line.
      const pos = h.start >= 0 ? h.start : rustTests.length ? lineStart(text, h.line) : -1;
      if (pos >= 0 && rustTests.some(([a, b]) => pos >= a && pos < b)) {
        ignored.push(toHit(h, 'test'));
        continue;
      }
      const inTestTable = testLines.some(([a, b]) => h.line >= a && h.line <= b);
      const section = h.generic ? sectionOf(h.line) : undefined;
      const at: SecretHit['ignoredAs'] =
        where ?? (inTestTable || section === 'test' ? 'ci' : inComment(h) ? 'comment' : undefined);
      // Rails development sections (secrets.yml, database.yml) and a framework's development settings module
      // (Django settings/development.py, settings/local.py): development defaults, never shipped.
      if (!at && (section === 'development' || (DEV_SETTINGS.test(f.path) && h.generic)) && !h.placeholder) {
        weak.push({ ...toHit(h), confidence: 'low' });
        continue;
      }
      // A key or token in a provider's real format works wherever it is: in docs, examples and CI files it is a leak.
      const realFormat = !h.generic && !h.placeholder;
      if (at === 'test') ignored.push(toHit(h, 'test'));
      else if (at && !realFormat) ignored.push(toHit(h, at));
      else if (h.placeholder) ignored.push(toHit(h, 'placeholder'));
      else pending.push({ hit: toHit(h), raw: h, asIs: composeRun });
    }
  }
  const hits: SecretHit[] = [];
  const weakCredentials = [...weak];
  // A local connection URL's password is a development value wherever else it appears (the dev database's config).
  for (const { raw: h, asIs } of pending) if (h.devDefault && !asIs) devValues.add(h.value);
  const sentinel = sentinelValues(
    repo,
    pending.filter(({ raw: h }) => h.generic && !h.fallback && !h.baked).map(({ raw: h }) => h.value),
  );
  const allowed = scannerAllowlist(repo);
  for (const { hit, raw: h, asIs } of pending) {
    if (h.kind === AWS_KEY_ID && storedKeyIds.has(h.value)) {
      ignored.push({ ...hit, ignoredAs: 'keyId' });
      continue;
    }
    if (allowed.some((v) => h.value.includes(v))) {
      ignored.push({ ...hit, ignoredAs: 'allowlisted' });
      continue;
    }
    if (sentinel.has(h.value) && h.generic && !h.fallback && !h.baked) {
      ignored.push({ ...hit, ignoredAs: 'sentinel' });
      continue;
    }
    // A development default: postgres/postgres, a local connection URL's short password, or the very value a
    // development environment of the repository sets (the script's fallback for the dev container's database
    // password). Not when the service signs with it, an image bakes it in, or the docs run the file as it is.
    const devDefault =
      h.generic &&
      !h.baked &&
      !asIs &&
      (h.devDefault ||
        (h.confidence === 'low' && !h.fallback && WEAK_VALUES.test(h.value)) ||
        (devValues.has(h.value) && !(h.name && SIGNING_NAME.test(h.name))));
    (devDefault ? weakCredentials : hits).push(devDefault ? { ...hit, confidence: 'low' } : hit);
  }
  return { hits, ignored, weakCredentials };
}

/** Where gitleaks reads the repository's own configuration. */
const GITLEAKS_CONFIG = ['.gitleaks.toml', 'gitleaks.toml', '.github/.gitleaks.toml', '.github/gitleaks.toml'];
/** A regex metacharacter that is not escaped: the entry is a pattern, not one literal value. */
const UNESCAPED_META = /(?:^|[^\\])[[\](){}*+?|^$]/;

/**
 * Literal values the repository's secret scanner is told to let through: the `regexes` and `stopwords` of a gitleaks
 * allowlist (`regexes = ['''AKIA…''']` under "Allow various bogus test keys"). The project reviewed them and declared
 * them not secrets (test credentials of a throwaway MinIO in CI, the sample key its docs show), so they are not
 * findings wherever they appear. Only entries that are one literal value after unescaping, and long enough not to
 * match by accident, count: a pattern such as `.*_test_.*` allows a shape, not a value, and an unescaped `+` is a
 * quantifier to gitleaks too (`'''qR\+vj…'''` allows the key that holds a plus sign).
 */
function scannerAllowlist(repo: RepoIndex): string[] {
  const out: string[] = [];
  for (const file of GITLEAKS_CONFIG) {
    const text = repo.has(file) ? repo.read(file) : undefined;
    if (!text) continue;
    for (const list of text.matchAll(/^\s*(?:regexes|stopwords)\s*=\s*\[([^\]]*)\]/gm)) {
      for (const entry of list[1]!.matchAll(/'''([^\n]*?)'''|"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)'/g)) {
        const raw = entry[1] ?? entry[2] ?? entry[3] ?? '';
        if (UNESCAPED_META.test(raw)) continue;
        const value = raw.replace(/\\(.)/g, '$1');
        if (value.length >= 12 && !/\s/.test(value)) out.push(value);
      }
    }
  }
  return out;
}

/**
 * An identifier-shaped literal: lowerCamelCase letters with at least one hump (`autoLogin`, `notSet`), or lower-case
 * words joined by underscores (Ruby's `first_use`).
 */
const IDENTIFIER_SHAPED = /^[a-z]{2,}(?:[A-Z][a-z]+)+$|^[a-z]{2,}(?:_[a-z]{2,})+$/;

/**
 * Identifier-shaped literals that the code compares a value against or uses as a message name (`token !== "autoLogin"`,
 * `case "autoLogin":`, `socket.on("autoLogin", …)`): a marker stored in a secret-named variable (a session that was
 * logged in automatically), not a credential. One search of the source per candidate; there are few.
 */
function sentinelValues(repo: RepoIndex, values: string[]): Set<string> {
  const out = new Set<string>();
  for (const v of new Set(values.filter((x) => IDENTIFIER_SHAPED.test(x) && x.length <= 24))) {
    const q = `["'\`]${v}["'\`]`;
    const used = new RegExp(
      `[!=]==?\\s*${q}|${q}\\s*[!=]==?|\\bcase\\s+${q}\\s*:|\\.(?:on|once|emit|addEventListener)\\(\\s*${q}`,
    );
    if (repo.grepFirst(used, { kinds: ['source'] })) out.add(v);
  }
  return out;
}

/** Offset of the first character of a 1-based line. */
function lineStart(text: string, line: number): number {
  let at = 0;
  for (let n = 1; n < line; n++) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return -1;
    at = nl + 1;
  }
  return at;
}

/**
 * A sample value of a secret-detection rule: within the eight lines above it (the same table entry), a quoted regular
 * expression — character classes, `\\d`/`\\w` or a `{n}` count — that matches the value (at least 16 characters of it)
 * (`("GitHub PAT", "ghp_[A-Za-z0-9]{36}", "ghp_…")`, a gitleaks-style table). A lone token beside no pattern is not one.
 */
function detectorSample(text: string, offset: number, value: string): boolean {
  const lineEnd = text.indexOf('\n', offset);
  const upTo = lineEnd < 0 ? text.length : lineEnd;
  const window = text
    .slice(Math.max(0, offset - 1500), upTo)
    .split('\n')
    .slice(-9)
    .join('\n');
  for (const m of window.matchAll(/"((?:[^"\\\n]|\\.){6,300})"|'((?:[^'\\\n]|\\.){6,300})'/g)) {
    const src = m[1] ?? m[2] ?? '';
    if (src === value || !/\[[^\]]+\]|\\[dwsb]|\{\d+(?:,\d*)?\}/.test(src)) continue;
    for (const pattern of new Set([src, src.replace(/\\\\/g, '\\')])) {
      try {
        const hit = new RegExp(pattern).exec(value);
        if (hit && hit[0].length >= Math.min(value.length, 16)) return true;
      } catch {
        // not a JavaScript-compatible pattern
      }
    }
  }
  return false;
}

/**
 * API schema definitions (OpenApiSpex, swagger-php, NSwag/Swashbuckle attributes, JSON Schema, pydantic models'
 * `json_schema_extra` / v1 `schema_extra`, which FastAPI and Litestar put into the OpenAPI document) carry example payloads.
 */
const API_SCHEMA =
  /\bOpenApiSpex\b|\bOpenApi\\|@OA\\|#\[OA\\|\bSwagger\w*\b|\[SwaggerSchema|@ApiProperty\b|\bjson_?schema\b|\b(?:json_)?schema_extra\b/i;

/**
 * Inside the example payload of a schema (`example: %{"user_token" => "nhu_…"}`, `'example' => [...]`, `examples:`):
 * a value shown to readers of the API docs, not a setting. The nearest `example` key above the value, within 40 lines,
 * whose bracket is still open at the value.
 */
function inSchemaExample(text: string, offset: number): boolean {
  const from = Math.max(0, offset - 2500);
  const window = text.slice(from, offset);
  let last: RegExpExecArray | undefined;
  for (const m of window.matchAll(/["']?\bexamples?["']?\s*(?::|=>|=)\s*(?:%?\{|\[|\(|new\b[^\n{]*\{)/g))
    last = m as RegExpExecArray;
  if (!last) return false;
  if (window.slice(last.index).split('\n').length > 40) return false;
  let depth = 0;
  for (const c of window.slice(last.index + last[0].length - 1)) {
    if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') depth--;
  }
  return depth > 0;
}

/**
 * A line of an OpenAPI YAML document inside an `example:`, `examples:` or `x-examples:` value: a sample payload for the
 * API's readers (a sample search response's page token), found by walking up to the keys that hold the line.
 */
function inYamlExample(lines: string[], line: number): boolean {
  const indent = (l: string): number => l.length - l.replace(/^[\s-]+/, '').length;
  let depth = indent(lines[line - 1] ?? '');
  for (let i = line - 1; i >= 0 && depth > 0 && line - i < 400; i--) {
    const l = lines[i]!;
    if (!l.trim() || /^\s*#/.test(l)) continue;
    const d = indent(l);
    if (i < line - 1 && d >= depth) continue;
    if (i < line - 1) depth = d;
    if (/^[\s-]*["']?(?:x-)?examples?["']?\s*:/.test(l)) return true;
  }
  return false;
}

/** For notes: "3 in tests, 1 placeholder". */
export function describeIgnored(ignored: SecretHit[]): string {
  const counts = new Map<string, number>();
  for (const h of ignored) counts.set(h.ignoredAs ?? 'other', (counts.get(h.ignoredAs ?? 'other') ?? 0) + 1);
  return [...counts]
    .map(
      ([k, n]) =>
        `${n} in ${k === 'placeholder' ? 'placeholder values' : k === 'test' ? 'tests' : k === 'example' ? 'examples' : k === 'ci' ? 'CI and test configuration' : k === 'comment' ? 'comments' : k === 'sentinel' ? 'marker values the code compares against' : k === 'client' ? "public client keys (a mobile app's Firebase configuration, Algolia search-only keys, analytics beacon tokens)" : k === 'keyId' ? 'AWS access key ids whose secret key comes from the CI secret store' : k === 'allowlisted' ? "values the repository's secret scanner allowlists (gitleaks)" : k}`,
    )
    .join(', ');
}

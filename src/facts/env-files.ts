// Environment files: which files are env examples, which are real env files, their entries, and whether a value
// looks secret (src/facts/secrets.ts owns what a placeholder is and how a value is redacted).
import path from 'node:path';
import { isPlaceholder, isPublicTestValue, redact } from './secrets.js';

/**
 * `.env.example`, `.env.sample`, `.env.template`, `.env.dist`, `example.env`, `env.example`, `app.env.example`,
 * `.env.local.example`, `.template.env` ..., and Wrangler's `.dev.vars.example` (the sample of a Worker's local variables and secrets).
 * A text copy (`config/.env.dev.txt`, which the README copies to `config/.env.dev`) is loaded by no dotenv loader: a
 * template too.
 */
export const ENV_EXAMPLE =
  /^(?:[\w-]+\.)?\.?env(?:\.[\w-]+)*\.txt$|^(?:[\w-]+\.)?\.?env(?:\.[\w-]+)?[._-](?:example|sample|template|tmpl|tpl|dist|defaults?|skel)$|^\.?(?:example|sample|template)[._-][\w.-]*\.?env$|^\.env\.(?:example|sample|template|dist)\.[\w-]+$|^\.dev\.vars[._-](?:example|sample|template|tmpl|dist)$/i;

/**
 * Annotated configuration samples: `config.yml.example`, `app.example.ini`, `settings.sample.toml`, `config.json.dist`,
 * a config file named with a dash (`config-dist.php`, copied to data/config.php and edited; `config-template.toml`, the
 * template a server writes out on first start), and a program's sample
 * named after it (`myserver-example.toml`; compose files excepted), and a PHP application's settings sample named with
 * dots (`config.dist.php`, `cfg/conf.sample.php`: copied to config.php / conf.php and edited), and a config file named
 * with the word first (`example-config.yaml`, copied to config.yaml on first start).
 * PHP tool configurations shipped as `.dist` (phpunit.xml.dist, psalm.xml.dist) configure the tests, not the service.
 */
export const CONFIG_SAMPLE =
  /^(?!(?:phpunit|phpcs|psalm|phpmd|infection|behat)\.)[\w.-]+\.(?:ya?ml|toml|json|ini|conf|cfg|properties|php|py|rb|xml|hcl|env|config)\.(?:example|sample|dist|template|tmpl)$|^[\w.-]+\.(?:example|sample)\.(?:ya?ml|toml|json|ini|conf|cfg|properties|hcl)$|^(?!\.)(?!(?:phpunit|phpcs|psalm|phpmd|phpstan|rector|ecs|infection|behat)[-_.])[\w.-]*config[\w.-]*[-_](?:dist|example|sample|template)\.(?:php|ya?ml|toml|json|ini)$|^(?!\.)(?!(?:docker-)?compose\b)[\w.-]+[-_](?:example|sample)\.(?:toml|ya?ml|ini|conf|cfg|hcl)$|^(?:example|sample)[-_.][\w-]*config\.(?:toml|ya?ml|ini|conf|cfg|json)$|^(?!(?:phpunit|phpcs|psalm|phpmd|phpstan|rector|ecs|infection|behat)\.)[\w-]*(?:conf|settings)[\w-]*\.(?:example|sample|dist|template)\.php$/i;

/** Real environment files that must not be tracked: `.env`, `.env.production`, `.env.local`, `prod.env`, `.envrc`. */
export function isRealEnvFile(p: string): boolean {
  const base = path.posix.basename(p);
  if (ENV_EXAMPLE.test(base) || CONFIG_SAMPLE.test(base)) return false;
  if (/(^|[._-])(example|sample|template|tmpl|tpl|dist|defaults?|skel|schema)([._-]|$)/i.test(base)) return false;
  // Wrangler's .dev.vars (and .dev.vars.<environment>) hold a Worker's local secrets.
  return (
    /^\.env(\.[\w.-]+)?$/i.test(base) ||
    /^[\w-]+\.env$/i.test(base) ||
    base === '.envrc' ||
    /^\.dev\.vars(\.[\w-]+)?$/.test(base)
  );
}

/**
 * Env files a test suite or CI job loads (`.env.testing`, `.env.ci`, Laravel Dusk's `.env.dusk.local`, a `test.env` or
 * `test_asymmetric.env` the tests read their settings from): fakes by convention.
 */
export function isTestEnvFile(p: string): boolean {
  return /^\.env\.(?:test|testing|ci|e2e|dusk)(?:\.[\w-]+)?$|^(?:test|testing|e2e)(?:[-_.][\w-]+)?\.env$/i.test(
    path.posix.basename(p),
  );
}

/**
 * Symfony's `.env.dev`: symfony/dotenv loads it only when APP_ENV=dev, and the framework bundle's recipe writes the
 * development APP_SECRET there, committed by design (read so only in a Symfony project).
 */
export function isSymfonyDevEnvFile(p: string): boolean {
  return path.posix.basename(p) === '.env.dev';
}

/** A development-named env file: `.env.dev`, `.env.development`, `dev.env`, `development.env`. */
export function isDevEnvFile(p: string): boolean {
  return /^(?:\.env\.(?:dev|develop|development)|(?:dev|develop|development)\.env)$/i.test(path.posix.basename(p));
}

/**
 * Other files that hold real secrets by convention. Rails' per-environment keys for development and test decrypt
 * throwaway credentials (kept in git on purpose, as the development and test sections of secrets.yml are).
 */
export function isSecretsFile(p: string): boolean {
  return (
    /(^|\/)config\/(secrets|credentials)\.ya?ml$/.test(p) ||
    /(^|\/)config\/(master|credentials\/(?!(?:development|test)\.key$)\w+)\.key$/.test(p)
  );
}

export interface EnvEntry {
  key: string;
  value: string;
  line: number;
  /** The top-level YAML key the entry sits under (Rails secrets.yml: development, test, production). */
  section?: string;
}

/** KEY=value lines of a dotenv file (also `export KEY=value` and YAML-like `key: value`). */
export function parseEnvLines(text: string): EnvEntry[] {
  const out: EnvEntry[] = [];
  let section: string | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const m = /^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*[=:]\s*(.*?)\s*$/.exec(raw);
    if (!m || raw.trim().startsWith('#')) return;
    // `production:` alone at the top level opens a section (YAML); indented entries belong to it.
    if (!/^\s/.test(raw)) section = m[2] === '' && raw.includes(':') ? m[1] : undefined;
    let value = m[2]!.replace(/\s+#.*$/, '');
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    out.push({ key: m[1]!, value, line: i + 1, ...(section && /^\s/.test(raw) ? { section } : {}) });
  });
  return out;
}

const SECRET_KEY =
  /(secret|passw(or)?d|pwd|token|api[_-]?key|apikey|private[_-]?key|access[_-]?key|credential|auth[_-]?(token|secret|key)|signing[_-]?key|encryption[_-]?key|(database|db|redis|mongo(db)?|amqp|broker)[_-]?ur[il]|connection[_-]?string)/i;
/** Settings about a secret rather than the secret itself: SECRET_NAME, TOKEN_TTL, PASSWORD_MIN_LENGTH, JWT_ALGORITHM ... */
const NOT_SECRET_SUFFIX =
  /[_-](NAME|ID|TTL|EXPIRY|EXPIRES(_IN)?|LIFETIME|LENGTH|PATH|FILE|DIR|HEADER|ALGORITHM|ALG|ISSUER|AUDIENCE|ENABLED|REGION|PROVIDER|TYPE|MODE|VERSION|PREFIX|FIELD|PARAM|HOST|PORT)$/i;
/** Variables that frameworks expose to the browser on purpose: never secrets by design. */
export const PUBLIC_KEY = /^(NEXT_PUBLIC_|VITE_|REACT_APP_|PUBLIC_|NUXT_PUBLIC_|EXPO_PUBLIC_|GATSBY_)/;

const SECRET_VALUE: RegExp[] = [
  /^sk_(live|test)_[\w]{10,}/,
  /^rk_live_[\w]{10,}/,
  /^https:\/\/hooks\.slack\.com\/services\/\w+\/\w+\/\w+/,
  /^AKIA[0-9A-Z]{16}$/,
  /^gh[pousr]_[A-Za-z0-9]{30,}/,
  /^github_pat_\w{20,}/,
  /^xox[abposr]-[\w-]{10,}/,
  /^AIza[\w-]{30,}/,
  /^-----BEGIN [A-Z ]*PRIVATE KEY/,
  /^sk-[A-Za-z0-9_-]{20,}/,
  /^glpat-[\w-]{20}/,
  /^eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]{10,}/,
];

/**
 * Placeholders (secrets.isPlaceholder) and the local-development defaults env files are full of, which are not secrets:
 * connection strings with a trivial password to a local or compose host, `true`, `n/a`, `root`, `supersecret1`.
 */
export function isEnvPlaceholder(value: string): boolean {
  const v = value.trim();
  if (!v) return true;
  // Connection strings: judged by their password alone (to the developer's machine or a compose service, trivial ones are defaults).
  if (/^[\w+.-]+(:[\w+.-]+)*:\/\//.test(v)) {
    const cred = /^[\w+.-]+(?::[\w+.-]+)*:\/\/([^:@/]*)(?::([^@/]*))?@([^/:?]+)/.exec(v);
    if (!cred || !cred[2]) return true; // no password in the URL
    if (isEnvPlaceholder(cred[2]) || cred[2] === cred[1]) return true;
    return (
      /^(localhost|127\.0\.0\.1|0\.0\.0\.0|host\.docker\.internal|db|postgres|mysql|redis|mongo|mongodb)$/.test(
        cred[3]!,
      ) && cred[2].length < 12
    );
  }
  if (isPlaceholder(v)) return true;
  if (/^(_+|false|true|fixme|n\/a)$/i.test(v)) return true;
  if (
    /change[-_ ]?(me|this|it)|replace[-_ ]?(me|this|with)|my[-_ ]?(secret|password|key|token)|not[-_ ]?(set|a[-_ ]?real)|insert[-_ ]|put[-_ ]|fill[-_ ]?in|[-_]dev$|^(?:e2e|dev|local)[-_][a-z]+(?:[-_][a-z]+)*$|insecure/i.test(
      v,
    )
  )
    return true;
  if (/^(postgres|mysql|root|admin|guest|s3cr3t)$/i.test(v)) return true;
  // A dictionary word with a counter (secret123, jwt_secret_1) or a "super secret": trivial development values.
  if (
    /^(super[-_]?)?(secret|password|passwd|pass|admin|test|dev|changeme|qwerty|root|postgres|mysql|jwt|key|token|app)([-_]?(secret|key|password|token))?[-_]?\d*$/i.test(
      v,
    )
  )
    return true;
  return false;
}

/** A relative or home path (`./data/app.db`, `../keys/jwt.pem`), or an absolute one under a usual system folder. */
const FILE_PATH =
  /^(?:\.{1,2}\/|~\/|\/(?:var|run|etc|app|data|srv|opt|tmp|home|usr|mnt|config|secrets)\/)[\w.@-]+(?:\/[\w.@-]+)*\/?$/;

/**
 * A value that looks like a real credential: a known token format, or a non-placeholder value under a secret-sounding key.
 * `onlyKnownFormats` (env files of test suites, whose values are usually fakes): only live token formats count.
 */
export function looksSecret(key: string, value: string, onlyKnownFormats = false): boolean {
  const v = value.trim();
  if (isPublicTestValue(v)) return false; // published by its vendor for emulators and tests
  // Documentation tokens that only look like keys: sk-xxxxxxxx, AKIAIOSFODNN7EXAMPLE, ghp_your_token_here.
  if (!/:\/\//.test(v) && /x{4,}|\.{3}|your|example|placeholder|changeme|<|>|0{8,}|12345678/i.test(v)) return false;
  if (SECRET_VALUE.some((re) => re.test(v))) return !(onlyKnownFormats && /^sk_test_/.test(v));
  if (onlyKnownFormats) return false;
  if (isEnvPlaceholder(v)) return false;
  // A connection string with a password for a non-local host is a credential whatever the variable is called.
  if (/^[\w+.-]+(:[\w+.-]+)*:\/\/[^:@/\s]+:[^@/\s]+@/.test(v)) return true;
  if (!SECRET_KEY.test(key) || PUBLIC_KEY.test(key) || NOT_SECRET_SUFFIX.test(key)) return false;
  if (/^[\w+.-]+(:[\w+.-]+)*:\/\/[^@\s]*$/.test(v) || /\s/.test(v)) return false; // a plain URL or prose is configuration, not a secret
  // A file: a SQLite `file:./data/app.db` URL or a path to one (`../database/app.db`, `/run/secrets/jwt.pem`) names
  // where a value is kept, not the value.
  if (/^(?:file|sqlite3?):(?!\/\/[^/]*@)\S+$/i.test(v) || FILE_PATH.test(v)) return false;
  // Random-looking: long enough and with a digit or a symbol, or simply long.
  return v.length >= 8 && (/\d|[^\w-]/.test(v) || v.length >= 16);
}

/** The excerpt to show for a secret: the key and the value as every report redacts it (secrets.redact). */
export function redactEntry(key: string, value: string): string {
  return `${key}=${redact(value)}`;
}

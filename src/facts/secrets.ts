import type { RepoIndex } from '../repo/index.js';
import { excerpt } from '../repo/index.js';
import { lineCounter } from '../repo/lines.js';

/**
 * Hard-coded secrets in tracked files: private keys, cloud and SaaS tokens with a recognisable format,
 * secret-named assignments with a literal value, DSNs with inline passwords, JWT signing literals, and weak
 * default credentials in compose files.
 *
 * The secret value never leaves this module: a hit carries only a redacted form (`AKIA…(20 chars)`) and a
 * redacted excerpt of its line. Use `redactSecretsIn(text)` to scrub any text that may contain one.
 *
 * Hits in tests, docs, examples (.env.example, examples/, samples/) and obvious placeholders (changeme,
 * example, xxx, <...>, ${VAR}, your-…-here, dummy, test) are kept apart in `ignored`: they do not decide a
 * verdict but can be counted in a note.
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
  /** Why an ignored hit was ignored: 'test', 'docs', 'example', 'placeholder'. */
  ignoredAs?: 'test' | 'docs' | 'example' | 'placeholder';
}

export interface SecretFacts {
  /** Secrets in production code or config: these decide security.secrets. */
  hits: SecretHit[];
  /** Hits in tests, docs, examples, or placeholder values: not a finding, counted in a note. */
  ignored: SecretHit[];
  /** Weak default credentials (POSTGRES_PASSWORD: postgres in compose or CI files, postgres:postgres@ DSNs): low-confidence evidence. */
  weakCredentials: SecretHit[];
}

interface Detector {
  kind: string;
  re: RegExp;
  /** Index of the group holding the secret value (0 = whole match). */
  group: number;
  /** Generic detectors check the value for placeholders and entropy; token formats do not need it. */
  generic?: 'assignment' | 'password' | 'dsn' | 'jwt';
  /** Cheap test on the whole text before running the detector. */
  gate?: RegExp;
  /** Group 1 is only the keyword: the variable name is read backwards from the match. */
  nameBack?: boolean;
}

const SECRET_WORD =
  '(?:secret[_-]?key|secret|password|passwd|passphrase|pwd|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth[_-]?key|signing[_-]?key|client[_-]?secret|credentials?)';
const SECRET_NAME =
  '(?:[A-Za-z_$][\\w$.-]*?)?(?:secret[_-]?key|secret|password|passwd|passphrase|pwd|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth[_-]?key|signing[_-]?key|client[_-]?secret|credentials?)';

/** Known token formats first (they win over the generic assignment detectors on the same value). */
export const DETECTORS: Detector[] = [
  {
    kind: 'private key',
    re: /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----(?:\\n|\s)*([A-Za-z0-9+/=]{16,}[^"'\n-]*)?/g,
    group: 0,
  },
  { kind: 'AWS access key id', re: /(?<![A-Za-z0-9])((?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16})(?![A-Za-z0-9])/g, group: 1 },
  {
    kind: 'AWS secret access key',
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
    kind: 'OpenAI API key',
    re: /(?<![A-Za-z0-9_-])(sk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,})/g,
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
    kind: 'JWT signing secret literal',
    re: /\bjwt\.(?:sign|verify|encode|decode)\s*\((?:[^()'"`;]|\([^()]*\)){1,200}?,\s*["'`]([^"'`\n]+)["'`]/g,
    group: 1,
    generic: 'jwt',
    gate: /jwt\./,
  },
  {
    kind: 'secret default in env lookup',
    re: new RegExp(
      `(?:getenv|environ\\.get|env\\.get|ENV\\.fetch)\\(\\s*["'](${SECRET_NAME})["']\\s*,\\s*["']([^"'\\n]+)["']`,
      'gi',
    ),
    group: 2,
    generic: 'assignment',
    gate: /getenv|environ\.get|env\.get|ENV\.fetch/,
  },
  {
    kind: 'secret default in env lookup',
    re: new RegExp(`process\\.env\\.(${SECRET_NAME})\\s*(?:\\|\\||\\?\\?)\\s*["'\`]([^"'\`\\n]+)["'\`]`, 'gi'),
    group: 2,
    generic: 'assignment',
    gate: /process\.env/,
  },
  {
    kind: 'hard-coded secret assignment',
    // Anchored on the keyword (fast: no identifier scan at every position); the full name is read backwards.
    re: new RegExp(
      `(${SECRET_WORD})["']?\\s*(?::\\s*[\\w\\[\\]|. ]{1,30}?\\s*=|:=|=>|=|:)\\s*[rbfu]?["'\`]([^"'\`\\n]*)["'\`]`,
      'gi',
    ),
    group: 2,
    generic: 'assignment',
    gate: /secret|passw|passphrase|pwd|token|key|credential/i,
    nameBack: true,
  },
];

/** Unquoted values are secrets only in config files: .env, YAML, properties, ini, toml. */
const CONFIG_ASSIGNMENT = new RegExp(
  `^[ \\t-]*(?:export[ \\t]+)?["']?(${SECRET_NAME})["']?[ \\t]*(?:=|:)[ \\t]*([^\\s"'#][^\\s#]*)[ \\t]*(?:#.*)?$`,
  'gim',
);

const PLACEHOLDER = [
  /^(?:changeme|change[-_]?me|change[-_]?this|example|sample|placeholder|dummy|test|testing|secret|password|passwd|pass|token|none|null|nil|undefined|redacted|todo|tbd|foo|bar|baz|fake|mock|default|dev|development|local|xxx+|x+|\*+|\.\.\.|…|-+|0+|1234(?:5678?)?|123456)$/i,
  /^<[^>]*>$/,
  /^\$\{[^}]*\}$/,
  /^\$\(.*\)$/,
  /^\$[A-Z_][A-Z0-9_]*$/,
  /^%\(?[\w]+\)?s?%?$/,
  /^\{\{.*\}\}$/,
  /^%[A-Z_]+%$/,
  /change[-_]?me|changeit|replace[-_]?me|example|your[-_ ]|[-_]here$|dummy|placeholder|insert[-_]|xxxx|fake|not[-_]?a[-_]?real|sample|redacted|^test[-_]|[-_]test$|^dev[-_]|^local[-_]|EXAMPLE/i,
];

const WEAK_VALUES =
  /^(?:postgres|postgresql|password|passw0rd|root|admin|secret|changeme|mysql|mongo|mongodb|guest|123456|12345678|test|pass|redis|rabbitmq|user|example|app|minio|minioadmin|sa)$/i;

/** Paths that are examples or docs rather than configuration the service runs with. */
const EXAMPLE_PATH =
  /(^|\/)(examples?|samples?|demo|docs?|documentation|stories|__mocks__|mocks)\/|\.(example|sample|template|tpl|dist)(\.[\w]+)?$|(^|\/)\.env\.(example|sample|template|dist|defaults?)$/i;
const SKIP_PATH =
  /(^|\/)(?:locales?|i18n|translations?|lang)\/|(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|poetry\.lock|Pipfile\.lock|uv\.lock|go\.sum|Gemfile\.lock|Cargo\.lock|composer\.lock|gradle\.lockfile)$|\.(min\.js|map|svg|lock|snap|ipynb|pem\.pub|pub)$/i;
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
  return PLACEHOLDER.some((re) => re.test(v));
}

interface RawHit {
  line: number;
  kind: string;
  value: string;
  confidence: 'high' | 'low';
  placeholder: boolean;
}

function judgeGeneric(
  kind: Detector['generic'],
  value: string,
  name?: string,
): { keep: boolean; placeholder: boolean; confidence: 'high' | 'low' } {
  const v = value.trim();
  if (!v) return { keep: false, placeholder: false, confidence: 'low' };
  // Template or env references, sentences, paths, URLs without credentials and header names are not secrets.
  if (/\s/.test(v) || /^(\/|\.\/|https?:\/\/(?![^/\s]*:[^/\s]*@))/.test(v) || /^[\w-]+\.[\w-]+\(/.test(v))
    return { keep: false, placeholder: false, confidence: 'low' };
  if (/^(?:x-[\w-]+|authorization|bearer|basic|hs256|hs384|hs512|rs256|es256|utf-?8|true|false)$/i.test(v))
    return { keep: false, placeholder: false, confidence: 'low' };
  // A Kubernetes/Helm reference to a Secret object (existingSecret: orders-db, envFromSecret: inventory-db), not a value.
  if (kind === 'assignment' && name && /[a-z]Secret$|^secret$/.test(name) && /^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/.test(v))
    return { keep: false, placeholder: false, confidence: 'low' };
  // An environment variable or secret-store key name (secretKey: DATABASE_URL), not a value.
  if (kind === 'assignment' && /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(v))
    return { keep: false, placeholder: false, confidence: 'low' };
  if (name && v.toLowerCase().replace(/[-_]/g, '') === name.toLowerCase().replace(/[-_]/g, ''))
    return { keep: true, placeholder: true, confidence: 'low' };
  // Interpolated from variables (f-strings, template literals, Ruby #{}, %s, {0}): not a literal credential.
  if (/\$\{|#\{|\{[\w.()[\]'"]*\}|%\(?\w*\)?s|\$[A-Za-z_]/.test(v))
    return { keep: true, placeholder: true, confidence: 'low' };
  if (isPlaceholder(v)) return { keep: true, placeholder: true, confidence: 'low' };
  if (kind === 'dsn') return { keep: true, placeholder: false, confidence: WEAK_VALUES.test(v) ? 'low' : 'high' };
  if (v.length < 6) return { keep: false, placeholder: false, confidence: 'low' };
  const high = v.length >= 8 && entropy(v) >= 3;
  return { keep: true, placeholder: false, confidence: high ? 'high' : 'low' };
}

/** One cheap test before the detectors: most files mention none of these words (see DESIGN: one combined regex per file). */
const PREFILTER =
  /key|secret|token|pass|pwd|credential|AKIA|ASIA|ABIA|ACCA|gh[pousr]_|github_pat_|xox[baprs]-|_live_|AIza|sk-|SG\.|npm_|BEGIN|:\/\/[^\s:/@]+:[^\s@]+@|jwt|hooks\.slack|SK[0-9a-f]{32}/i;

/** Every secret-looking value in one text, with 1-based lines. Exported for unit tests. */
export function scanText(file: string, text: string): RawHit[] {
  if (!PREFILTER.test(text)) return [];
  const out: RawHit[] = [];
  const taken: [number, number][] = [];
  const overlaps = (a: number, b: number): boolean => taken.some(([s, e]) => a < e && b > s);
  const lineOf = lineCounter(text);
  const isConfig = CONFIG_FILE.test(file);
  const detectors: Detector[] = [...DETECTORS];
  if (isConfig)
    detectors.push({
      kind: 'hard-coded secret in config',
      re: CONFIG_ASSIGNMENT,
      group: 2,
      generic: 'assignment',
      gate: /secret|passw|passphrase|pwd|token|key|credential/i,
    });
  for (const d of detectors) {
    if (d.gate && !d.gate.test(text)) continue;
    d.re.lastIndex = 0;
    for (const m of text.matchAll(d.re)) {
      const value = m[d.group] ?? '';
      if (!value) continue;
      const start = m.index! + (d.group === 0 ? 0 : m[0].lastIndexOf(value));
      const end = start + value.length;
      if (overlaps(start, end)) continue;
      let confidence: 'high' | 'low' = 'high';
      let placeholder = false;
      if (d.kind === 'private key') {
        // A header with no key material after it (documentation, a regex, a PEM marker constant) is not a key.
        if (!m[2]) continue;
      } else if (d.generic) {
        let name = d.generic === 'assignment' ? m[1] : undefined;
        if (d.nameBack) {
          let k = m.index!;
          while (k > 0 && /[\w$.-]/.test(text[k - 1]!)) k--;
          name = text.slice(k, m.index!) + (m[1] ?? '');
        }
        const j = judgeGeneric(d.generic, value, name);
        if (!j.keep) continue;
        confidence = j.confidence;
        placeholder = j.placeholder;
      } else if (/EXAMPLE|example|x{6,}|X{6,}|0{8,}/.test(value)) {
        placeholder = true;
      }
      taken.push([start, end]);
      out.push({ line: lineOf(start), kind: d.kind, value, confidence, placeholder });
    }
  }
  return out.sort((a, b) => a.line - b.line);
}

/** Replaces every secret-looking value in a text by its redacted form (for excerpts, messages, reports). */
export function redactSecretsIn(text: string, file = 'inline.txt'): string {
  const hits = scanText(file, text);
  let out = text;
  for (const h of hits) if (!h.placeholder || h.kind === 'private key') out = out.split(h.value).join(redact(h.value));
  // A private key body on its own lines (base64 rows) is never printed either.
  return out.replace(
    /-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
    '-----BEGIN $1PRIVATE KEY-----…(redacted)',
  );
}

function scanWeakCompose(text: string): RawHit[] {
  const out: RawHit[] = [];
  const re =
    /^[ \t-]*["']?([A-Z][A-Z0-9_]*(?:PASSWORD|PASS|PASSWD|SECRET_KEY|SECRET))["']?[ \t]*[:=][ \t]*["']?([^\s"'#]+)["']?/gm;
  const lineOf = lineCounter(text);
  for (const m of text.matchAll(re)) {
    const v = m[2]!;
    if (!WEAK_VALUES.test(v)) continue;
    out.push({
      line: lineOf(m.index!),
      kind: `weak default credential ${m[1]}`,
      value: v,
      confidence: 'low',
      placeholder: false,
    });
  }
  return out;
}

export function detectSecrets(repo: RepoIndex): SecretFacts {
  const hits: SecretHit[] = [];
  const ignored: SecretHit[] = [];
  const weakCredentials: SecretHit[] = [];
  for (const f of repo.files) {
    if (f.tooLarge || SKIP_PATH.test(f.path)) continue;
    const text = repo.read(f.path);
    if (text === undefined) continue;
    const toHit = (h: RawHit, ignoredAs?: SecretHit['ignoredAs']): SecretHit => ({
      path: f.path,
      line: h.line,
      kind: h.kind,
      redacted: h.kind === 'private key' ? 'PRIVATE KEY…(redacted)' : redact(h.value),
      excerpt: excerpt(
        redactSecretsIn(repo.lines(f.path)[h.line - 1] ?? '', f.path)
          .split(h.value)
          .join(redact(h.value)),
      ),
      confidence: h.confidence,
      ...(ignoredAs ? { ignoredAs } : {}),
    });
    const compose = COMPOSE_FILE.test(f.path);
    const weakLines = new Set<number>();
    if (compose) {
      for (const h of scanWeakCompose(text)) {
        weakLines.add(h.line);
        weakCredentials.push(toHit(h));
      }
    }
    // JVM package folders (com/example/demo) are not example folders.
    const examplePath = EXAMPLE_PATH.test(
      f.path.replace(/(^|\/)src\/main\/(?:java|kotlin|scala|groovy)\/.*$/, '$1Main.java'),
    );
    const where: SecretHit['ignoredAs'] =
      f.isTest || f.kind === 'test' ? 'test' : examplePath ? 'example' : f.kind === 'docs' ? 'docs' : undefined;
    for (const h of scanText(f.path, text)) {
      if (weakLines.has(h.line)) continue;
      if (where) ignored.push(toHit(h, where));
      else if (h.placeholder) ignored.push(toHit(h, 'placeholder'));
      // postgres/postgres in a CI service or a local DSN: a well-known default, not a leaked secret.
      else if (h.confidence === 'low' && WEAK_VALUES.test(h.value)) weakCredentials.push(toHit(h));
      else hits.push(toHit(h));
    }
  }
  return { hits, ignored, weakCredentials };
}

/** For notes: "3 in tests, 1 placeholder". */
export function describeIgnored(ignored: SecretHit[]): string {
  const counts = new Map<string, number>();
  for (const h of ignored) counts.set(h.ignoredAs ?? 'other', (counts.get(h.ignoredAs ?? 'other') ?? 0) + 1);
  return [...counts]
    .map(
      ([k, n]) =>
        `${n} in ${k === 'placeholder' ? 'placeholder values' : k === 'test' ? 'tests' : k === 'example' ? 'examples' : k}`,
    )
    .join(', ');
}

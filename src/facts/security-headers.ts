import { DOTNET_LANGUAGES } from '../repo/classify.js';
// Security headers a service sends: helmet and its ports as registered middleware, libraries and settings applied where
// they are written, infrastructure configuration (nginx, ingress, hosting headers files, next.config headers()),
// project code that sets them (applied when its function is registered or is a hook), framework defaults (Spring
// Security, Django SecurityMiddleware), and Spring Security headers switched off. security.headers is a policy over it.
import type { Enclosing } from './code-structure.js';
import type { RepoIndex } from '../repo/index.js';
import { escapeRegExp } from '../repo/text.js';
import { symfonyConfigGlobs } from './frameworks.js';
import { playHeaderFilters } from './play.js';
import { pythonOptInSwitch } from './python-switch.js';
import { springProperties } from './spring-config.js';
import type { Facts } from './index.js';
import { utopiaInitHookAt } from './routes-php.js';
import {
  appliedAt,
  calledAt,
  enclosing,
  findHits,
  INLINE_MIDDLEWARE_REGISTERED,
  INLINE_ROUTE_HANDLER,
  inlineRegistrationAround,
  routeHandledBy,
  type SourceHit,
  type SourcePattern,
} from './wiring.js';

/** A place in the repository and what it shows. */
export interface HeaderSite {
  path: string;
  line: number;
  note: string;
}

/** Headers set by the project's own code. */
export interface HeaderCode {
  /** How they reach responses: the label, with the function and its registration when it has one. */
  how: string;
  /** low: set in reached code outside any function (nothing says which responses get them). */
  confidence: 'high' | 'low';
  evidence: HeaderSite[];
}

export interface SecurityHeadersFacts {
  /** Spring Security `headers().disable()` in reached code. */
  disabled: HeaderSite[];
  /**
   * Headers applied: helmet (and ports) as the service registers it, libraries and settings applied where written,
   * infrastructure configuration, next.config headers(); with a label each.
   */
  applied: { label: string; site: HeaderSite; optIn?: HeaderSite }[];
  /** Project code that sets the headers on responses (the first found that applies). */
  code?: HeaderCode;
  /** Functions that set the headers but no middleware registration applies (when no code applies them). */
  unregistered: { site: HeaderSite; name: string }[];
  /** Spring Security in reached code: its default headers. */
  springSecurity?: HeaderSite;
  /**
   * Spring Security in use with no chain of the project's own (method security, resource-server or OAuth2 client
   * settings): Spring Boot's auto-configured chain, or one a library starter declares, writes the default headers.
   */
  springSecurityImplied?: HeaderSite;
  /** Django's SecurityMiddleware in reached settings: its defaults. */
  djangoSecurityMiddleware?: HeaderSite;
  /**
   * A Hanami 2 application class in reached code: Hanami actions send X-Frame-Options, X-Content-Type-Options,
   * X-XSS-Protection and a Content-Security-Policy by default.
   */
  hanamiApp?: HeaderSite;
  /**
   * A Play application whose configuration keeps Play's SecurityHeadersFilter (on by default): X-Frame-Options,
   * X-Content-Type-Options, Referrer-Policy on every response (a CSPFilter it enables is in `applied`).
   */
  playSecurityHeadersFilter?: HeaderSite;
}

const HEADER_NAMES =
  /Strict-Transport-Security|Content-Security-Policy|X-Content-Type-Options|X-Frame-Options|Referrer-Policy|Permissions-Policy/i;

/** helmet and its framework ports, as registered middleware (`helmet`, `helmet.contentSecurityPolicy`). */
const HELMET = /^(?:helmet|fastifyHelmet|koaHelmet|secureHeaders)(?:\.|$)/;

/** Security headers applied where they are written. */
const APPLIED: SourcePattern[] = [
  {
    // helmet ports that write the headers onto the response they are given (@nichtsam/helmet: helmet(res, {...})).
    re: /(?<![\w.])helmet\s*\(\s*(?:res|response|reply|headers|responseHeaders|c\.res)\b/,
    label: 'helmet applied to the response',
    langs: ['javascript', 'typescript'],
  },
  {
    // AdonisJS shield registered in start/kernel.ts (`() => import('@adonisjs/shield/shield_middleware')`, v5
    // `@ioc:Adonis/Addons/Shield`): X-Frame-Options, HSTS, nosniff and CSP as config/shield.ts enables them.
    re: /["'](?:@adonisjs\/shield\/shield_middleware|@ioc:Adonis\/Addons\/Shield)["']/,
    label: 'AdonisJS shield middleware',
    langs: ['javascript', 'typescript'],
  },
  { re: /\bTalisman\s*\(/, label: 'flask-talisman', langs: ['python'] },
  // Flask-SSLify redirects to HTTPS and sends Strict-Transport-Security (a year by default), as Rails force_ssl does.
  { re: /\bSSLify\s*\(\s*\w/, label: 'Flask-SSLify (HSTS)', langs: ['python'] },
  {
    re: /["']nuxt-security["']/,
    label: 'nuxt-security module',
    langs: ['javascript', 'typescript'],
  },
  {
    // A typed settings module annotates its settings (`X: T = …`); python-decouple reads them with config().
    re: /^\s*SECURE_HSTS_SECONDS\s*(?::[^=\n]*)?=\s*(?!0\s*$)(?:\d|int\(|env|config\()/,
    label: 'Django SECURE_HSTS_SECONDS',
    langs: ['python'],
  },
  {
    re: /["']csp\.middleware\.CSPMiddleware["']|^\s*(?:CSP_DEFAULT_SRC|CONTENT_SECURITY_POLICY)\s*(?::[^=\n]*)?=/,
    label: 'django-csp',
    langs: ['python'],
  },
  {
    re: /\bsecure\.(?:Secure|ContentSecurityPolicy|StrictTransportSecurity)\s*\(/,
    label: 'secure headers middleware',
    langs: ['python'],
  },
  {
    re: /\bsecure\.New\(|\bmiddleware\.Secure(?:WithConfig)?\(|\bhelmet\.New\(|\bsecure\.Options\{/,
    label: 'Go secure headers middleware',
    langs: ['go'],
  },
  {
    re: /\.headers\s*\([^)]*(?:contentSecurityPolicy|httpStrictTransportSecurity|frameOptions)/,
    label: 'Spring Security headers() configured',
    langs: ['java', 'kotlin'],
  },
  // Javalin's global headers plugin: `config.bundledPlugins.enableGlobalHeaders { h -> h.xFrameOptions(…) }` (6+),
  // `config.plugins.enableGlobalHeaders { … }` (5), `config.globalHeaders { … }` (4), or GlobalHeadersPlugin.
  {
    re: /\.enableGlobalHeaders\s*[({]|\bconfig\.globalHeaders\s*[({]|\bGlobalHeadersPlugin\b/,
    label: 'Javalin global headers plugin',
    langs: ['java', 'kotlin'],
  },
  // Quarkus: response headers set in application.properties (`quarkus.http.header."X-Frame-Options".value=deny`), or
  // in YAML (`quarkus: http: header: "Strict-Transport-Security": value: …`).
  {
    re: /^\s*(?:%[\w-]+\.)?quarkus\.http\.header\.["']?(?:Strict-Transport-Security|Content-Security-Policy|X-Frame-Options|X-Content-Type-Options)["']?\.value\s*[=:]/im,
    label: 'Quarkus response headers (quarkus.http.header)',
    include: '**/application*.{properties,yml,yaml}',
  },
  // `config.force_ssl = ENV["FORCE_SSL"] != "false"`: on unless the deployment turns it off (as src/facts/tls.ts reads it).
  { re: /^\s*config\.force_ssl\s*=\s*(?!false\b|nil\b)\S/, label: 'Rails force_ssl (HSTS)', langs: ['ruby'] },
  {
    // Hanami 2 actions: the app's content security policy or default headers configured (not switched off).
    re: /\bconfig\.actions\.(?:content_security_policy|default_headers)\b(?!\s*=\s*(?:false|nil|\{\s*\}))/,
    label: 'Hanami action security headers (content_security_policy / default_headers)',
    langs: ['ruby'],
  },
  {
    re: /\bcontent_security_policy\s+do\b|config\.action_dispatch\.default_headers\s*(?:=|\.merge)/,
    label: 'Rails content security policy / default headers',
    langs: ['ruby'],
  },
  {
    // govuk_app_config's shared policy for the GOV.UK applications, set as the Rails content security policy.
    re: /\bGovukContentSecurityPolicy\.configure\b/,
    label: 'govuk_app_config content security policy (GovukContentSecurityPolicy.configure)',
    langs: ['ruby'],
  },
  {
    // Symfony HttpFoundation responses (Laravel's too): a middleware or a kernel.response subscriber.
    re: /->\s*headers\s*->\s*set\s*\(\s*['"](?:Strict-Transport-Security|Content-Security-Policy|X-Frame-Options|X-Content-Type-Options)/i,
    label: 'security headers set on the response ($response->headers->set)',
    langs: ['php'],
  },
  {
    re: /\bSecureHeaders(?:Middleware)?::class|\bAddCspHeaders::class|\bSpatie\\Csp\\/,
    label: 'Laravel security headers middleware',
    langs: ['php'],
  },
  {
    // CakePHP: the framework's SecurityHeadersMiddleware or CspMiddleware, built where the application fills its
    // middleware queue (`$headers = new SecurityHeadersMiddleware(); … $middlewareQueue->add($headers);`). A project
    // class of the same name is not it: the file must take the framework's.
    re: /\bnew\s+\\?(?:Cake\\Http\\Middleware\\)?(?:SecurityHeadersMiddleware|CspMiddleware)\s*\(/,
    fileRequires:
      /^[ \t]*use\s+Cake\\Http\\Middleware\\(?:SecurityHeadersMiddleware|CspMiddleware)\s*;|\bnew\s+\\?Cake\\Http\\Middleware\\/m,
    label: 'CakePHP SecurityHeadersMiddleware / CspMiddleware in the middleware queue',
    langs: ['php'],
  },
  {
    re: /^\s*plug\s*\(?\s*:put_secure_browser_headers\b|\bput_secure_browser_headers\s*\(\s*conn|^\s*plug\s*\(?\s*(?:PlugContentSecurityPolicy|Plug\.SSL|SecureHeaders)\b|\bforce_ssl:\s*\[/,
    label: 'Phoenix put_secure_browser_headers / force_ssl',
    langs: ['elixir'],
  },
  {
    re: /^\s*nelmio_security\s*:|^\s+(?:forced_content_type|clickjacking|csp)\s*:/,
    label: 'NelmioSecurityBundle',
    include: symfonyConfigGlobs('nelmio_security'),
  },
  {
    re: /\bSetResponseHeaderLayer::(?:overriding|if_not_present|appending)\s*\(\s*(?:header::|http::header::)?(?:STRICT_TRANSPORT_SECURITY|CONTENT_SECURITY_POLICY|X_FRAME_OPTIONS|X_CONTENT_TYPE_OPTIONS)\b|\bDefaultHeaders::new\s*\(\s*\)[\s\S]{0,200}?(?:X_FRAME_OPTIONS|X_CONTENT_TYPE_OPTIONS|STRICT_TRANSPORT_SECURITY|[Xx]-[Ff]rame-[Oo]ptions|[Ss]trict-[Tt]ransport)|\bHelmetLayer::|\bHelmet::(?:default|new)\s*\(/,
    label: 'Rust security-header layer (tower-http SetResponseHeaderLayer / actix DefaultHeaders / helmet)',
    langs: ['rust'],
  },
  {
    re: /\.UseSecurityHeaders\s*\(|\.UseHsts\s*\(|\.AddSecurityHeaderPolicies\s*\(|\.UseCsp\s*\(|\.UseXfo\s*\(/,
    label: 'ASP.NET Core security headers (UseHsts / NetEscapades UseSecurityHeaders / NWebsec)',
    langs: DOTNET_LANGUAGES,
  },
];
/** Infrastructure config: nginx, ingress annotations, hosting headers files, Next.js headers(). */
const INFRA: SourcePattern[] = [
  {
    re: /\badd_header\s+["']?(?:Strict-Transport-Security|Content-Security-Policy|X-Frame-Options|X-Content-Type-Options)/i,
    label: 'nginx add_header',
    include: ['**/*.conf', '**/*.conf.template', '**/nginx*', '**/*.yaml', '**/*.yml', '**/*.tpl'],
  },
  {
    re: /more_set_headers[^\n]*(?:Strict-Transport-Security|Content-Security-Policy|X-Frame-Options)|nginx\.ingress\.kubernetes\.io\/(?:hsts|x-forwarded)|traefik\.[\w.]*headers\.(?:stsSeconds|contentSecurityPolicy|frameDeny|contentTypeNosniff)|(?:stsSeconds|contentSecurityPolicy|frameDeny)\s*:/i,
    label: 'ingress security headers',
    include: ['**/*.yaml', '**/*.yml', '**/*.tpl', '**/*.toml'],
  },
  {
    re: /^\s*csp\s*:\s*\{/,
    label: 'SvelteKit kit.csp',
    include: ['**/svelte.config.{js,mjs,cjs,ts}'],
  },
  {
    re: /(?:Strict-Transport-Security|Content-Security-Policy|X-Frame-Options|X-Content-Type-Options)/i,
    label: 'Nitro routeRules headers',
    include: ['**/nuxt.config.{ts,js,mjs}', '**/nitro.config.{ts,js,mjs}'],
  },
  {
    re: /(?:Strict-Transport-Security|Content-Security-Policy|X-Frame-Options|X-Content-Type-Options)/i,
    label: 'hosting headers config',
    include: [
      '**/_headers',
      '**/vercel.json',
      '**/netlify.toml',
      '**/firebase.json',
      '**/staticwebapp.config.json',
      '**/Caddyfile',
      '**/.htaccess',
      // IIS: <httpProtocol><customHeaders> (Visual Studio names the file Web.config).
      '**/web.config',
      '**/Web.config',
    ],
  },
];
/**
 * After a header's name: where the name sets nothing. A key its value is read by from a response
 * (`$headers['X-Frame-Options'][0]`, `$headers['Strict-Transport-Security'] ?? null`, an install checker's), or a word
 * of a sentence (`"Your server is missing the Strict-Transport-Security header."`, that checker's message).
 */
export const HEADER_NAME_NOT_SET = String.raw`(?!["'\`]\s*\]\s*(?:\[|\?\?)|\s+headers?\b)`;
const NEXT_CONFIG = /(^|\/)next\.config\.[cm]?[jt]s$/;
/** Project code that sets the headers: counts when the function is registered as middleware or is a route/after-request hook. */
// PHP sends them with its header() function (`header('X-Frame-Options: DENY')`) from the page code every request runs.
// Rust also writes them as `(HeaderName, HeaderValue)` pairs a middleware returns with the response
// (`([(CONTENT_SECURITY_POLICY, csp), (X_FRAME_OPTIONS, …)], next.run(req).await)`): the imported constant opens a pair.
// Go sets them through constants named for the header as the first argument (echo's and fiber's
// `echo.HeaderXFrameOptions`, a project's own `header.ContentSecurityPolicy = "Content-Security-Policy"`).
// A quoted name counts as a key (`'X-Frame-Options': 'DENY'`) or as the first of a pair whose value follows on its line
// (`['X-Frame-Options', 'DENY']`); a list of header names, one a line or side by side, sets nothing (the headers a
// checker reads from someone else's response), nor does a header's value read from one (HEADER_NAME_NOT_SET).
const CODE_SET: SourcePattern = {
  re: new RegExp(
    String.raw`(?:\.Header\(\)\.(?:Set|Add)|\.Header|\.Set)\(\s*[A-Za-z_]\w*\.(?:Header)?X?(?:StrictTransportSecurity|ContentSecurityPolicy|ContentTypeOptions|FrameOptions)\s*,|\.(?:insert|append)\s*\(\s*(?:http::)?header::(?:STRICT_TRANSPORT_SECURITY|CONTENT_SECURITY_POLICY|X_CONTENT_TYPE_OPTIONS|X_FRAME_OPTIONS)\b|\(\s*(?:(?:http::)?header::)?(?:STRICT_TRANSPORT_SECURITY|CONTENT_SECURITY_POLICY|X_CONTENT_TYPE_OPTIONS|X_FRAME_OPTIONS)\s*,|(?:headers?\s*\[\s*["'\`]|setHeader\(\s*["'\`]|\.header\(\s*["'\`]|(?<![\w.>$\\])header\s*\(\s*["']|Header\(\)\.(?:Set|Add)\(\s*"|\.set\(\s*["'\`]|\.append\(\s*["'\`]|response\s*\[\s*["']|addHeader\(\s*"|setHeader\(\s*"|headers\.put\(\s*["'\`]|["'\`](?=(?:Strict-Transport-Security|Content-Security-Policy|X-Content-Type-Options|X-Frame-Options)["'\`]\s*(?:[:=]|,[ \t]*(?!["'\`][a-z]+(?:-[a-z]+)+["'\`])\S)))(?:Strict-Transport-Security|Content-Security-Policy|X-Content-Type-Options|X-Frame-Options)${HEADER_NAME_NOT_SET}`,
    'i',
  ),
  label: 'security headers set in code',
};

/**
 * A line that opens with a call of helmet or of one of its middlewares (`helmet(…)`, `helmet.hsts(…)`), returned or
 * not, in a file naming the `helmet` package: meant for helmet called by hand in a function (`return helmet.hsts({ …
 * })(req, res, next)` in a class middleware's `use` method), set when that function is applied, as header code is.
 * Nothing after the call is required, so a `helmet({` opening a line of its own anywhere matches too (an argument of
 * a multi-line `app.use(`, a module-level call); the uses below decide what each hit applies to. A helmet registered on
 * the line of its `app.use(helmet())` does not match here and is read from the service's middleware.
 */
const HELMET_CALLED: SourcePattern = {
  re: /^\s*(?:return\s+)?helmet(?:\.\w+)?\s*\(/,
  label: 'helmet called in a middleware',
  langs: ['javascript', 'typescript'],
  fileRequires: /["']helmet["']/,
};

/** A hit as evidence: its label, and whether the file is reached. */
function siteOf(h: SourceHit, note?: string): HeaderSite {
  return {
    path: h.path,
    line: h.line,
    note: note ?? `${h.label}${h.live ? '' : ' (file not reached from any entrypoint)'}`,
  };
}

function appliedHeaders(repo: RepoIndex, facts: Facts): SourceHit[] {
  // helmet as the service registers it (app.use / fastify.register), whatever the variables are called.
  const helmet: SourceHit[] = facts.service.middleware
    .filter((m) => m.reached && (HELMET.test(m.name) || HELMET.test(m.factory ?? '')))
    .map((m) => ({
      path: m.file,
      line: m.line,
      label:
        /^secureHeaders\b/.test(m.name) || /^secureHeaders\b/.test(m.factory ?? '')
          ? 'Hono secureHeaders registered'
          : 'helmet registered',
      text: m.text,
      groups: [],
      live: true,
    }));
  const nextCfg = repo.files
    .filter((f) => NEXT_CONFIG.test(f.path))
    .flatMap((f) => {
      const text = repo.read(f.path) ?? '';
      if (!/\bheaders\s*(?::|\()/.test(text)) return [];
      const m = repo.grepFirst(HEADER_NAMES, { paths: [f.path] });
      return m
        ? [
            {
              path: m.path,
              line: m.line,
              label: 'Next.js headers() in next.config',
              text: m.text,
              groups: m.groups,
              live: true,
            } as SourceHit,
          ]
        : [];
    });
  return [
    ...helmet,
    ...findHits(facts, APPLIED).filter((h) => h.live || /\.ya?ml$/.test(h.path)),
    // A static host's headers apply to what it publishes: a documentation site's headers protect the docs, not the
    // service (netlify.toml that builds the mkdocs site).
    ...findHits(facts, INFRA).filter(
      (h) => !facts.platform.targets.some((t) => t.path === h.path && t.covers === 'docs'),
    ),
    ...nextCfg,
  ];
}

/**
 * C#: the ASP.NET Core middleware class around the line (`class HardenedResponseMiddleware` whose `Invoke`/`InvokeAsync`
 * takes the HttpContext, or an IMiddleware): what the pipeline registers by type (`app.UseMiddleware<T>()`).
 */
function csharpMiddlewareClass(repo: RepoIndex, path: string, line: number): Enclosing | undefined {
  if (repo.get(path)?.language !== 'csharp') return undefined;
  const lines = repo.lines(path);
  for (let i = line - 1; i >= 0; i--) {
    const m = /^\s*(?:(?:public|internal|private|sealed|static|partial)\s+)*class\s+(\w+)\b([^{]*)/.exec(
      lines[i] ?? '',
    );
    if (!m) continue;
    const body = lines.slice(i, line).join('\n');
    return /\bInvoke(?:Async)?\s*\(\s*HttpContext\b/.test(body) || /\bIMiddleware\b/.test(m[2]!)
      ? { name: m[1]!, line: i + 1 }
      : undefined;
  }
  return undefined;
}

/**
 * PHP without middleware: a method of the page code that sends the headers with header() is applied where the class
 * calls it (`$this->SetSecurityHeaders()` in the base page's constructor), or a function called as a statement. Where
 * the call is, or undefined.
 */
function phpMethodCalled(repo: RepoIndex, file: string, name: string): { path: string; line: number } | undefined {
  if (repo.get(file)?.language !== 'php') return undefined;
  const call = new RegExp(`(?:\\$this|self|static)\\s*(?:->|::)\\s*${escapeRegExp(name)}\\s*\\(`);
  const at = repo.lines(file).findIndex((l) => call.test(l) && !/\bfunction\b/.test(l));
  if (at >= 0) return { path: file, line: at + 1 };
  // A plain function of the project's own called as a statement by the page code (`yourls_no_frame_header();` in the
  // function that prints every admin page's head).
  const statement = repo.grepFirst(new RegExp(`^\\s*${escapeRegExp(name)}\\s*\\([^\\n]*\\)\\s*;`, 'm'), {
    languages: ['php'],
    kinds: ['source'],
  });
  return statement && !repo.get(statement.path)?.isTest ? { path: statement.path, line: statement.line } : undefined;
}

/**
 * A header site outside any function, in a module-level constant (`const HARDENING = [["X-Frame-Options", "DENY"]]`):
 * the first line of the file that uses the constant, null when it is not exported and nothing in the file uses it,
 * undefined when the site is no such constant or it is exported (used elsewhere).
 */
function constantUse(facts: Facts, h: SourceHit): number | null | undefined {
  const lines = facts.code.lines(h.path);
  for (let i = h.line - 1; i >= 0; i--) {
    const decl = /^(export\s+)?(?:const|let|var)\s+([\w$]+)\s*(?::[^=]*)?=/.exec(lines[i]!);
    if (!decl) {
      if (/^\S/.test(lines[i]!)) return undefined;
      continue;
    }
    if (decl[1]) return undefined;
    const name = new RegExp(`(?<![\\w$.])${escapeRegExp(decl[2]!)}(?![\\w$])`);
    const at = lines.findIndex((l, j) => j !== i && name.test(l));
    return at < 0 ? null : at + 1;
  }
  return undefined;
}

/** Project code setting the headers: applied when its function is registered or is a hook. */
function headerCode(repo: RepoIndex, facts: Facts): Pick<SecurityHeadersFacts, 'code' | 'unregistered'> {
  const unregistered: SecurityHeadersFacts['unregistered'] = [];
  const seen = new Set<string>();
  const hits = findHits(facts, [CODE_SET, HELMET_CALLED]);
  // Utopia: set in an `Http::init()` hook, which runs before every route (or those of the groups it names).
  for (const h of hits) {
    const hook = h.live ? utopiaInitHookAt(repo, facts.service.middleware, h) : undefined;
    if (hook)
      return {
        code: {
          how: `${h.label} in the Utopia ${hook.name} hook`,
          confidence: 'high',
          evidence: [
            siteOf(h),
            { path: hook.file, line: hook.line, note: `Utopia ${hook.name} hook, run before the routes` },
          ],
        },
        unregistered,
      };
  }
  for (const h of hits) {
    const enc = enclosing(facts, h.path, h.line) ?? csharpMiddlewareClass(repo, h.path, h.line);
    // An anonymous middleware written inline in the registration (`r.Use(func(next http.Handler) http.Handler {`,
    // `app.use(async (req, res, next) => {`) applies the headers it sets to every response of the router.
    // Outside any function, a module constant (a header map) is applied where the file uses it.
    const use = h.live && !enc ? constantUse(facts, h) : undefined;
    const inline = h.live ? inlineRegistrationAround(facts, h.path, use ?? h.line, enc?.line ?? 0) : undefined;
    if (inline?.how === INLINE_MIDDLEWARE_REGISTERED)
      return {
        code: {
          how: `${h.label} in middleware registered inline`,
          confidence: 'high',
          evidence: [
            siteOf(h),
            { path: h.path, line: inline.line, note: 'registered inline (.Use of an anonymous middleware)' },
          ],
        },
        unregistered,
      };
    if (!enc) {
      if (!h.live) continue;
      if (use === null) {
        unregistered.push({ site: siteOf(h, `${h.label} in a module constant nothing uses`), name: h.label });
        continue;
      }
      if (inline?.how === INLINE_ROUTE_HANDLER)
        return {
          code: {
            how: `${h.label} by a route handler written in place, on that route only`,
            confidence: 'low',
            evidence: [siteOf(h), { path: h.path, line: inline.line, note: 'the route whose responses carry them' }],
          },
          unregistered,
        };
      return { code: { how: h.label, confidence: 'low', evidence: [siteOf(h)] }, unregistered };
    }
    if (enc.decorated && h.live)
      return {
        code: {
          how: `${h.label} in @${enc.decorated} ${enc.name}`,
          confidence: 'high',
          evidence: [siteOf(h, `${h.label} in ${enc.name} (@${enc.decorated})`)],
        },
        unregistered,
      };
    if (seen.has(`${h.path}:${enc.name}`)) continue;
    seen.add(`${h.path}:${enc.name}`);
    let at = appliedAt(facts, enc.name, { path: h.path, line: enc.line });
    const parent = at ? undefined : enclosing(facts, h.path, enc.line, true);
    if (!at && parent) at = appliedAt(facts, parent.name, { path: h.path, line: parent.line });
    // The function is a route's own handler (the registration's last argument, or in Go and Rust the handler a reached
    // route names: gin's `api.GET("/files/:name", files.Download)`, axum's `get(crate::pages::comments)`): the headers
    // go out on that route's responses only (one download handler's `nosniff`, a page's own Content-Security-Policy),
    // not on the service's.
    const handled = !at && h.live && /\.(?:go|rs)$/.test(h.path) ? routeHandledBy(facts, h.path, enc.name) : undefined;
    const handlerOnly =
      at?.how === 'route middleware' &&
      new RegExp(`\\b${escapeRegExp(enc.name)}\\s*\\)\\s*[;,]?\\s*$`).test(repo.lineText(at.path, at.line) ?? '')
        ? at
        : handled && { path: handled.file, line: handled.line };
    if (handlerOnly)
      return {
        code: {
          how: `${h.label} by ${enc.name}, the handler of one route`,
          confidence: 'low',
          evidence: [
            siteOf(h, `${h.label} in ${enc.name}`),
            { path: handlerOnly.path, line: handlerOnly.line, note: 'the route it handles' },
          ],
        },
        unregistered,
      };
    if (at)
      return {
        code: {
          how: `${enc.name} registered as ${at.how}`,
          confidence: 'high',
          evidence: [
            siteOf(h, `${h.label} in ${enc.name}`),
            { path: at.path, line: at.line, note: `registered (${at.how})` },
          ],
        },
        unregistered,
      };
    // React Router / Remix: the route module's `headers` export answers that route's responses only.
    const route =
      h.live && enc.name === 'headers' ? facts.service.routes.find((r) => r.reached && r.file === h.path) : undefined;
    if (route)
      return {
        code: {
          how: `${h.label} by the headers export of the route module ${h.path}, on that route only`,
          confidence: 'low',
          evidence: [
            siteOf(h, `${h.label} in the headers export`),
            { path: route.file, line: route.line, note: 'the route it answers' },
          ],
        },
        unregistered,
      };
    const called = h.live ? phpMethodCalled(repo, h.path, enc.name) : undefined;
    if (called)
      return {
        code: {
          how: `${h.label} by ${enc.name}(), which the page code calls`,
          confidence: 'low',
          evidence: [
            siteOf(h, `${h.label} in ${enc.name}`),
            { path: called.path, line: called.line, note: `${enc.name}() called` },
          ],
        },
        unregistered,
      };
    // A function building a response with its own headers (a consent page's CSP and X-Frame-Options), called by a route
    // handler written in place, or in Rust by a route's named handler (an image proxy's `image_response(…)`): the
    // headers go out on that route's responses only.
    const fromRoute = h.live
      ? calledAt(facts, enc.name, { path: h.path, line: enc.line }, (c) => {
          if (inlineRegistrationAround(facts, c.path, c.line, 0)?.how === INLINE_ROUTE_HANDLER) return true;
          const caller = c.path.endsWith('.rs') ? enclosing(facts, c.path, c.line) : undefined;
          return !!caller && routeHandledBy(facts, c.path, caller.name) !== undefined;
        })
      : undefined;
    if (fromRoute)
      return {
        code: {
          how: `${h.label} by ${enc.name}(), which a route handler calls, on that route only`,
          confidence: 'low',
          evidence: [
            siteOf(h, `${h.label} in ${enc.name}`),
            { path: fromRoute.path, line: fromRoute.line, note: `${enc.name}() called by the route handler` },
          ],
        },
        unregistered,
      };
    const name = parent?.name ?? enc.name;
    unregistered.push({ site: siteOf(h, `${h.label} in ${name}, which no middleware registration applies`), name });
  }
  return { unregistered };
}

/**
 * What only Spring Security reads, when no chain is declared in the project: method-security annotations
 * (`@PreAuthorize`, `@PostAuthorize`) in live code, then resource-server or OAuth2 client settings in the base
 * application configuration (a profile's file may not run in production). The chain that enforces them comes from
 * Spring Boot's auto-configuration or a library starter, and writes Spring Security's default headers unless that
 * library switches them off, which the repository does not show.
 */
function impliedSpringSecurity(facts: Facts): HeaderSite | undefined {
  const method = findHits(facts, [
    { re: /^\s*@(?:PreAuthorize|PostAuthorize)\s*\(/, label: 'Spring method security', langs: ['java', 'kotlin'] },
  ]).filter((h) => h.live)[0];
  if (method)
    return siteOf(
      method,
      'Spring method security (@PreAuthorize) runs in a Spring Security chain no file here declares (auto-configured or from a library): its default security headers',
    );
  for (const [key, v] of springProperties(facts)) {
    if (!/^spring\.security\.oauth2\.(?:resourceserver|client)\./.test(key)) continue;
    if (!/(?:^|\/)application\.(?:properties|ya?ml)$/.test(v.file)) continue;
    return {
      path: v.file,
      line: v.line,
      note: `${key}: Spring Security's auto-configured chain (no chain declared here) writes its default security headers`,
    };
  }
  return undefined;
}

export function detectSecurityHeaders(repo: RepoIndex, facts: Facts): SecurityHeadersFacts {
  const disabled = findHits(facts, [
    {
      re: /\.headers\s*\(\s*(?:\w+\s*->\s*\w+\.disable\(\)|\)\s*\.disable\(\))|headers\s*\{\s*disable\(\)/,
      label: 'headers disabled',
      langs: ['java', 'kotlin'],
    },
  ]).filter((h) => h.live);
  const spring = findHits(facts, [
    { re: /\bSecurityFilterChain\b|@EnableWebSecurity/, label: 'Spring Security', langs: ['java', 'kotlin'] },
  ]).filter((h) => h.live)[0];
  const implied = spring ? undefined : impliedSpringSecurity(facts);
  const django = findHits(facts, [
    {
      re: /["']django\.middleware\.security\.SecurityMiddleware["']/,
      label: 'Django SecurityMiddleware',
      langs: ['python'],
    },
  ]).filter((h) => h.live)[0];
  const hanami = findHits(facts, [
    { re: /^\s*class\s+\w+\s*<\s*Hanami::App\b/, label: 'Hanami application', langs: ['ruby'] },
  ]).filter((h) => h.live)[0];
  const play = playHeaderFilters(repo);
  return {
    disabled: disabled.map((h) => siteOf(h, 'Spring Security headers disabled')),
    applied: [
      ...(play?.csp ? [{ label: 'Play CSPFilter (Content-Security-Policy)', site: play.csp }] : []),
      ...appliedHeaders(repo, facts).map((h) => {
        const optIn = pythonOptInSwitch(repo, h.path, h.line);
        return {
          label: h.label,
          site: siteOf(h),
          ...(optIn
            ? { optIn: { path: optIn.path, line: optIn.line, note: `applied only when ${optIn.cond} is switched on` } }
            : {}),
        };
      }),
    ],
    ...headerCode(repo, facts),
    ...(spring ? { springSecurity: siteOf(spring, 'Spring Security: default security headers') } : {}),
    ...(implied ? { springSecurityImplied: implied } : {}),
    ...(django
      ? {
          djangoSecurityMiddleware: siteOf(
            django,
            'SecurityMiddleware defaults: X-Content-Type-Options nosniff, Referrer-Policy, Cross-Origin-Opener-Policy; SECURE_HSTS_SECONDS not set',
          ),
        }
      : {}),
    ...(hanami
      ? {
          hanamiApp: siteOf(
            hanami,
            'Hanami action defaults: X-Frame-Options, X-Content-Type-Options, X-XSS-Protection, Content-Security-Policy; no HSTS',
          ),
        }
      : {}),
    ...(play ? { playSecurityHeadersFilter: play.securityHeaders } : {}),
  };
}

import { DOTNET_LANGUAGES } from '../repo/classify.js';
// The CORS policy a service applies: registrations of CORS handling in code the service reaches (per stack), platform
// header rules, framework defaults (Laravel 11's global HandleCors, Nitro route rules), API Gateway CORS in a Lambda
// descriptor, and the near misses (a registration in a module nothing loads, a commented-out rack-cors initializer).
// The api.cors check is a policy over this.
import path from 'node:path';
import type { GrepMatch, RepoIndex } from '../repo/index.js';
import { BUNDLER_CONFIG } from './config.js';
import type { Facts } from './index.js';
import { nitroConfigLine } from './routes-fs.js';
import { type FrameworkUse, symfonyProductionConfig } from './frameworks.js';
import { grepReached, grepUnreached } from './live-code.js';
import { headerOfOutboundRequest } from './outbound.js';
import { springProperties } from './spring-config.js';
import { escapeRegExp } from '../repo/text.js';

/** A place in the repository and what it shows. */
export interface CorsSite {
  path: string;
  line: number;
  note: string;
}

/** A CORS policy requests get. */
export interface CorsPolicy {
  /** What sets it: 'Spring CORS', 'cors middleware', 'NelmioCorsBundle', 'Access-Control-Allow-Origin in vercel.json' … */
  label: string;
  /** Any origin is allowed (a `*` origin, or a library default that answers every origin). */
  wildcard: boolean;
  evidence: CorsSite[];
}

export interface CorsFacts {
  /**
   * The CORS policy requests get, the first found: Nitro/Nuxt route rules, platform header rules (vercel.json,
   * netlify.toml, _headers), a registration in code the service reaches, @fastify/cors registered by @fastify/autoload,
   * NelmioCorsBundle configuration, Laravel 11's global HandleCors, API Gateway CORS in a Lambda descriptor, an Azure
   * function app's site configuration.
   */
  policy?: CorsPolicy;
  /** A rack-cors initializer that is commented out (rack-cors declared). */
  commentedOut?: CorsSite;
  /** A CORS registration in a module no entrypoint reaches. */
  unreached?: CorsSite;
  /**
   * A full-stack framework (SvelteKit, Nuxt, Remix, React Router, Astro) that renders its pages and answers its own
   * endpoints from one origin: every HTTP framework is full-stack, or the others are Node servers that only host its
   * build (createRequestHandler, SvelteKit's build/handler.js, Astro's dist/server/entry.mjs).
   */
  fullStack?: FrameworkUse;
  /**
   * A static host that publishes the site's pages and runs its functions on the same origin (Netlify: the `publish`
   * folder with its index.html beside netlify/functions, called at /.netlify/functions/… or a redirected /api/…):
   * the site's own pages are the functions' browser client.
   */
  sameOriginSite?: CorsSite;
}

/** Whose `cors:` option a file sets: hapi's routes, a Socket.IO server's, or another server's. */
function corsOptionLabel(text: string): string {
  if (/["'](?:@hapi\/hapi|hapi)["']|\bserver\.route\s*\(/.test(text)) return 'hapi route CORS';
  if (/["']socket\.io["']|\bnew\s+(?:IO|SocketIO|SocketServer)?Server\s*\([^)]*\{/.test(text))
    return 'Socket.IO server CORS option';
  return 'server cors option';
}

/** Registrations of CORS handling, per stack. `bare` marks calls whose defaults allow every origin. */
const REGISTRATIONS: {
  re: RegExp;
  label: string;
  languages: string[];
  /** The registration's own line says it answers every origin. */
  bare?: RegExp;
  notIn?: RegExp;
  /** The file must match (the library's import), or the call is another package's. */
  fileMust?: RegExp;
  /** Every origin is answered unless the twelve lines before or after the call match (the origins option). */
  wildcardUnless?: RegExp;
}[] = [
  {
    re: /\badd_middleware\(\s*CORSMiddleware\b|\bMiddleware\(\s*CORSMiddleware\b/,
    label: 'Starlette/FastAPI CORSMiddleware',
    languages: ['python'],
  },
  {
    re: /\bCORS\(\s*\w+|\bcross_origin\(/,
    label: 'flask-cors',
    languages: ['python'],
    bare: /\bCORS\(\s*\w+\s*\)|@cross_origin\(\s*\)/,
  },
  { re: /["']corsheaders\.middleware\.CorsMiddleware["']/, label: 'django-cors-headers', languages: ['python'] },
  { re: /\bCORSConfig\s*\(|\bcors_config\s*=\s*\w/, label: 'Litestar CORSConfig', languages: ['python'] },
  {
    // Falcon 3+: `falcon.App(cors_enable=True)` answers every origin; `falcon.CORSMiddleware(allow_origins=…)` in the
    // app's middleware list allows every origin unless given a list.
    re: /\bcors_enable\s*=\s*True\b|\bfalcon\.CORSMiddleware\s*\(/,
    label: 'Falcon CORS middleware',
    languages: ['python'],
    bare: /\bcors_enable\s*=\s*True\b|\bCORSMiddleware\s*\(\s*\)/,
  },
  {
    // cors({ … }), cors(options), and cors(async (req, cb) => …): the options delegate of a wrapping middleware.
    re: /\.use\(\s*(?:["'`][^"'`]*["'`]\s*,\s*)?(?:cors|oakCors)\(|\b(?:cors|oakCors)\(\s*(?:corsOptions|options|\{|(?:async\s*)?(?:\([^()]*\)|[\w$]+)\s*=>|(?:async\s+)?function\b)/,
    label: 'cors middleware',
    languages: ['javascript', 'typescript'],
    bare: /(?:cors|oakCors)\(\s*\)/,
  },
  {
    re: /\.register\(\s*(fastifyCors|cors|require\(["']@fastify\/cors["']\)|import\(["']@fastify\/cors["']\))/,
    label: '@fastify/cors',
    languages: ['javascript', 'typescript'],
    bare: /register\(\s*[\w()'"@/]+\s*\)/,
  },
  {
    re: /\.enableCors\(|NestFactory\.create\w*\([^)]*\bcors\s*:/,
    label: 'NestJS CORS',
    languages: ['typescript', 'javascript'],
    bare: /enableCors\(\s*\)|cors\s*:\s*true/,
  },
  {
    re: /\bhandleCors\s*\(|\bappendCorsHeaders\s*\(|\bappendCorsPreflightHeaders\s*\(/,
    label: 'h3 CORS (handleCors)',
    languages: ['javascript', 'typescript'],
  },
  {
    re: /\broutes\s*:\s*\{[^}]*\bcors\s*:|\boptions\s*:\s*\{\s*cors\s*:|\bcors\s*:\s*(true|\{)/,
    label: 'hapi route CORS',
    languages: ['javascript', 'typescript'],
    bare: /cors\s*:\s*true/,
  },
  {
    re: /\bcors\.(Default|New)\(|\bcors\.AllowAll\(|\bcors\.Handler\(/,
    label: 'Go CORS middleware',
    languages: ['go'],
    // rs/cors' `cors.AllowAll()` and ozzo-routing's `cors.Handler(cors.AllowAll)` (an options value) both answer any
    // origin, as do gin-contrib's and rs/cors' `cors.Default()`.
    bare: /cors\.(?:Default\(|AllowAll\b)|cors\.New\(\s*\)/,
  },
  {
    // gorilla/handlers: `handlers.CORS(handlers.AllowedOrigins([]string{…}))(router)`, also as a Kratos HTTP filter;
    // with no AllowedOrigins option it answers every origin.
    re: /\bhandlers\.CORS\s*\(/,
    label: 'gorilla/handlers CORS',
    languages: ['go'],
    // A project's own `handlers` package may have a `CORS(` of its own (writing the header by hand).
    fileMust: /"github\.com\/gorilla\/handlers"/,
    // The options may be built on the lines before the call (`origins := handlers.AllowedOrigins(…)`).
    wildcardUnless: /\b(?:handlers\.)?AllowedOrigin(?:s|Validator)\s*\(/,
  },
  {
    re: /\bmiddleware\.CORS(WithConfig)?\(/,
    label: 'echo CORS middleware',
    languages: ['go'],
    bare: /middleware\.CORS\(\s*\)/,
  },
  {
    re: /@CrossOrigin\b|\bCorsConfiguration\b|\baddCorsMappings\b|\.cors\(/,
    label: 'Spring CORS',
    languages: ['java', 'kotlin'],
    bare: /@CrossOrigin\s*$|@CrossOrigin\(\s*\)/,
  },
  { re: /Rack::Cors\b/, label: 'rack-cors', languages: ['ruby'] },
  {
    re: /\binstall\s*\(\s*CORS\s*\)/,
    label: 'Ktor CORS plugin',
    languages: ['kotlin'],
    bare: /\banyHost\s*\(\s*\)/,
  },
  {
    // Javalin's bundled plugin: `config.bundledPlugins.enableCors { … }` (6+), `config.plugins.enableCors { … }` (5),
    // `config.enableCorsForOrigin(…)` / `enableCorsForAllOrigins()` (4), or the CorsPlugin registered by hand.
    re: /\.enableCors\s*[({]|\benableCorsFor(?:AllOrigins|Origin)\s*\(|\bCorsPlugin\b/,
    label: 'Javalin CORS plugin',
    languages: ['java', 'kotlin'],
    bare: /\benableCorsForAllOrigins\s*\(/,
  },
  {
    re: /\bCorsLayer::(?:new|permissive|very_permissive)\s*\(|\bCors::(?:default|permissive|new)\s*\(|\bwarp::cors\s*\(|\bCorsOptions\b[\s\S]{0,40}?(?:default|to_cors)/,
    label: 'Rust CORS layer (tower-http / actix-cors / warp / poem)',
    languages: ['rust'],
    bare: /CorsLayer::(?:permissive|very_permissive)\s*\(|Cors::permissive\s*\(/,
  },
  {
    re: /\.AddCors\s*\(|\.UseCors\s*\(|\[\s*EnableCors\b|\.RequireCors\s*\(/,
    label: 'ASP.NET Core CORS',
    languages: DOTNET_LANGUAGES,
  },
  // Laravel 9+ runs HandleCors globally; config/cors.php holds the policy (Laravel 11 defaults to any origin).
  {
    re: /['"]allowed_origins['"]\s*=>|\bHandleCors::class|\\Fruitcake\\Cors\\|\\Barryvdh\\Cors\\/,
    label: 'Laravel CORS (config/cors.php)',
    languages: ['php'],
    // Reverb's apps list the origins its WebSocket server accepts under the same key: no HTTP CORS policy.
    notIn: /(?:^|\/)config\/reverb\.php$/,
  },
  {
    re: /^\s*plug\s*\(?\s*(?:CORSPlug|Corsica)\b/,
    label: 'Phoenix CORS plug',
    languages: ['elixir'],
    bare: /^\s*plug\s*\(?\s*CORSPlug\s*\)?\s*$/,
  },
  {
    // Header names are case-insensitive: fetch-style code (Workers, Deno, Bun) often writes them in lower case.
    re: /["'`]Access-Control-Allow-Origin["'`]/i,
    label: 'Access-Control-Allow-Origin header',
    languages: ['python', 'javascript', 'typescript', 'go', 'java', 'kotlin', 'ruby', 'elixir', 'rust', 'csharp'],
  },
  {
    // Go: the header by a package's constant (`c.Header(headers.AccessControlAllowOrigin, origin)` with
    // go-http-utils/headers, echo's and fiber's `HeaderAccessControlAllowOrigin`).
    re: /\b(?:headers\.|\w+\.Header)AccessControlAllowOrigin\b/,
    label: 'Access-Control-Allow-Origin header',
    languages: ['go'],
  },
  {
    // The header by its constant (Netty/Guava/Spring `HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN`, Jetty `HttpHeader`,
    // the http crate's `header::ACCESS_CONTROL_ALLOW_ORIGIN` a hyper service inserts), added to a response.
    re: /\bACCESS_CONTROL_ALLOW_ORIGIN\b/,
    label: 'Access-Control-Allow-Origin header',
    languages: ['java', 'kotlin', 'rust'],
  },
  {
    // Set on a response (reading a fetched response's header is not a policy).
    // PSR-7 responses are immutable: `$response->withHeader('Access-Control-Allow-Origin', …)` (Slim, Mezzio). A
    // CORS class of the project's own names it in a constant (`const string HEADER_ALLOW_ORIGIN = '…'`, Appwrite).
    re: /(?:->\s*header|headers\s*->\s*set|\bheader|->\s*with(?:Added)?Header)\s*\(\s*['"]Access-Control-Allow-Origin(?:['"]\s*,|:)|\bconst\s+(?:\w+\s+)?\w+\s*=\s*['"]Access-Control-Allow-Origin['"]/,
    label: 'Access-Control-Allow-Origin header',
    languages: ['php'],
  },
];

// go-chi/cors and rs/cors read `*` inside an allowed origin as a wildcard: `"https://*"` admits every https site (the
// chi README's example, copied into many services). A commented-out line sets nothing.
const WILDCARD =
  /\banyHost\s*\(\s*\)|\breflectClientOrigin\s*=\s*true|\.AllowAnyOrigin\s*\(|\.SetIsOriginAllowed\s*\(\s*\w+\s*=>\s*true|WithOrigins\s*\(\s*"\*"|allow_origin\s*\(\s*(?:Any|AllowOrigin::any\s*\(|cors::Any|"\*")|\.allow_any_origin\s*\(|['"]allowed_origins['"]\s*=>\s*\[\s*['"]\*['"]|\borigin:\s*\[?\s*"\*"|allow_origins\s*=\s*\[\s*["']\*["']|origins?\s*[:=]\s*\[?\s*["']\*["']|origin\s*:\s*(true|["']\*["'])|AllowAllOrigins\s*:\s*true|AllowOriginFunc\s*:\s*func\s*\([^)\n]*\)\s*bool\s*\{\s*return\s+true\s*\}|(?<!\/\/[ \t]*)AllowedOrigins\s*(?::\s*|\(\s*)\[\]string\{(?:\s*"[^"\n]*"\s*,)*\s*"(?:https?:\/\/)?\*"|AllowOrigins\s*:\s*(\[\]string\{\s*)?"\*"|CORS_(ALLOW_ALL_ORIGINS|ORIGIN_ALLOW_ALL)\s*=\s*True|allowedOrigins?\(\s*"\*"|allowedOriginPatterns\(\s*"\*"|setAllowedOrigins\(\s*(List\.of|Arrays\.asList|listOf)\(\s*"\*"|[Aa]ccess-[Cc]ontrol-[Aa]llow-[Oo]rigin["'`]\]?\s*(?:[,:]|=(?!=))\s*(?:(?:[\w:]+::)?HeaderValue::from_static\s*\(\s*)?["'`]\*["'`]|Access-Control-Allow-Origin:\s*\*|\bACCESS_CONTROL_ALLOW_ORIGIN\s*,\s*(?:[\w:]+::)?HeaderValue::from_static\s*\(\s*"\*"|origins\s+["']\*["']|resources?\s*=\s*\{?\s*r?["'][^"']*["']\s*:\s*\{\s*["']origins["']\s*:\s*["']\*["']/;

/** Frameworks that render their pages on the server and serve their own endpoints from the same origin. */
const FULL_STACK = new Set(['sveltekit', 'nuxt', 'remix', 'react-router', 'astro']);
/** Node servers that host a full-stack framework's build behind a custom server. */
const HOST_SERVERS = new Set(['express', 'fastify', 'koa', 'hono', 'h3']);

function window(repo: RepoIndex, m: GrepMatch, after = 12): string {
  return repo
    .lines(m.path)
    .slice(m.line - 1, m.line - 1 + after)
    .join('\n');
}

function policy(label: string, wildcard: boolean, evidence: CorsSite[]): CorsPolicy {
  return { label, wildcard, evidence };
}

/** Nitro/Nuxt route rules: `cors: true` adds a wildcard origin unless the rule's own `headers` name the origin. */
function nitroRouteRules(repo: RepoIndex, facts: Facts): CorsPolicy | undefined {
  if (!facts.frameworks.has('nitro') && !facts.frameworks.has('nuxt')) return undefined;
  const rule = nitroConfigLine(repo, /\bcors\s*:\s*true\b/);
  if (!rule) return undefined;
  const label = 'Nitro route rules CORS';
  const origin = /["'`]?access-control-allow-origin["'`]?\s*:\s*([^,\n}]+)/i.exec(
    repo
      .lines(rule.path)
      .slice(Math.max(0, rule.line - 6), rule.line + 10)
      .join('\n'),
  )?.[1];
  const wildcard = !origin || /^["'`]\*["'`]$/.test(origin.trim());
  return policy(label, wildcard, [
    {
      path: rule.path,
      line: rule.line,
      note: wildcard ? `${label}: wildcard origin` : `${label} with an explicit origin`,
    },
  ]);
}

/** Platform header rules: vercel.json `headers`, netlify.toml [[headers]], a _headers file. */
function platformHeaders(repo: RepoIndex): CorsPolicy | undefined {
  const hit = repo
    .grep(/Access-Control-Allow-Origin["']?\s*(?:[,=:]|$)/i, {
      include: ['**/vercel.json', '**/netlify.toml', '**/_headers'],
      limit: 5,
    })
    .find((h) => !repo.get(h.path)?.isTest);
  if (!hit) return undefined;
  const label = `Access-Control-Allow-Origin in ${hit.path.split('/').pop()}`;
  const around = repo
    .lines(hit.path)
    .slice(hit.line - 1, hit.line + 2)
    .join('\n');
  const wildcard = /Access-Control-Allow-Origin["']?\s*[,=:]\s*(?:["']value["']\s*:\s*)?["']?\*/i.test(around);
  return policy(label, wildcard, [
    { path: hit.path, line: hit.line, note: wildcard ? `${label}: wildcard origin` : label },
  ]);
}

/** An import of the header's constant (`use hyper::header::ACCESS_CONTROL_ALLOW_ORIGIN;`) sets nothing. */
const IMPORT_LINE = /^(?:pub\s+)?(?:use|import)\s/;

/** The first registration in reached code, per stack in order; the allow-list is read around it (or in settings). */
function registration(repo: RepoIndex, facts: Facts): CorsPolicy | undefined {
  for (let reg of REGISTRATIONS) {
    const hits = grepReached(facts, reg.re, reg.languages).filter(
      (h) =>
        !IMPORT_LINE.test(h.text) &&
        !headerOfOutboundRequest(repo, h) &&
        !reg.notIn?.test(h.path) &&
        (!reg.fileMust || reg.fileMust.test(repo.read(h.path) ?? '')),
    );
    if (!hits.length) continue;
    // The most permissive site decides: one response header answering every origin (a hyper service's `*` on all of
    // them) beside another naming one origin for a single download.
    const hit = hits.find((h) => WILDCARD.test(window(repo, h))) ?? hits[0]!;
    // The `cors: {…}` option is hapi's only in a hapi server: Socket.IO's server and others take the same key.
    if (reg.label === 'hapi route CORS') reg = { ...reg, label: corsOptionLabel(repo.read(hit.path) ?? '') };
    // Django: the allow-list lives in settings.
    const settingsWildcard =
      reg.label === 'django-cors-headers'
        ? grepReached(facts, /CORS_(ALLOW_ALL_ORIGINS|ORIGIN_ALLOW_ALL)\s*=\s*True/, ['python'])[0]
        : undefined;
    const railsWild = reg.label === 'rack-cors' ? grepReached(facts, /origins\s+["']\*["']/, ['ruby'])[0] : undefined;
    const noOrigins =
      !!reg.wildcardUnless &&
      !reg.wildcardUnless.test(
        repo
          .lines(hit.path)
          .slice(Math.max(0, hit.line - 13), hit.line + 11)
          .join('\n'),
      );
    const wild =
      settingsWildcard ??
      railsWild ??
      (WILDCARD.test(window(repo, hit)) || reg.bare?.test(hit.text) || noOrigins ? hit : undefined);
    if (!wild)
      return policy(reg.label, false, [
        { path: hit.path, line: hit.line, note: `${reg.label} with an explicit origin list` },
      ]);
    return policy(
      reg.label,
      true,
      wild === hit
        ? [{ path: hit.path, line: hit.line, note: `${reg.label}: wildcard origin` }]
        : [
            { path: hit.path, line: hit.line, note: reg.label },
            { path: wild.path, line: wild.line, note: 'wildcard origin' },
          ],
    );
  }
  return undefined;
}

/** A Flask-CORS extension made without an app (`cors = CORS()`), in a module that imports flask_cors. */
const FLASK_CORS_EXTENSION = /^(\w+)\s*=\s*(?:flask_cors\.)?CORS\(\s*\)/;

/**
 * Flask-CORS as an application-factory extension: `cors = CORS()` at module level (an extensions module), bound later
 * by `cors.init_app(app, …)` or once per blueprint. The `init_app` call in code the service reaches is the
 * registration; called with the app alone it answers every origin (the library's default) unless the settings name
 * the origins (`CORS_ORIGINS` / `CORS_RESOURCES`).
 */
function flaskCorsExtension(repo: RepoIndex, facts: Facts): CorsPolicy | undefined {
  const made = grepReached(facts, FLASK_CORS_EXTENSION, ['python']).filter((h) =>
    /^\s*(?:from\s+flask_cors\s+import\b|import\s+flask_cors\b)/m.test(repo.read(h.path) ?? ''),
  );
  for (const m of made) {
    const name = FLASK_CORS_EXTENSION.exec(m.text)![1]!;
    const calls = grepReached(facts, new RegExp(`\\b${escapeRegExp(name)}\\.init_app\\(`), ['python']);
    if (!calls.length) continue;
    const label = 'flask-cors';
    // The settings may be annotated (`CORS_ORIGINS: list[str] = …`); a `"*"` there (or as its default) is any origin.
    const settings = grepReached(facts, /^\s*CORS_(?:ORIGINS|RESOURCES)\s*(?::[^=\n]*)?=(?!=)/, ['python'])[0];
    const starSetting = settings && /["']\*["']/.test(settings.text) ? settings : undefined;
    // Bound with no `origins=`/`resources=` argument (`init_app(app)`, `init_app(app, supports_credentials=True)`).
    const bare = calls.find((h) => !/\b(?:origins|resources)\s*=/.test(callArguments(repo, h)) && !settings);
    const hit = calls.find((h) => WILDCARD.test(window(repo, h))) ?? bare ?? calls[0]!;
    const wildcard = !!starSetting || hit === bare || WILDCARD.test(window(repo, hit));
    if (starSetting && hit !== bare && !WILDCARD.test(window(repo, hit)))
      return policy(label, true, [
        { path: m.path, line: m.line, note: `${label} extension made without an app` },
        { path: hit.path, line: hit.line, note: `${label} bound by init_app` },
        { path: starSetting.path, line: starSetting.line, note: 'wildcard origin in the CORS settings' },
      ]);
    return policy(label, wildcard, [
      { path: m.path, line: m.line, note: `${label} extension made without an app` },
      {
        path: hit.path,
        line: hit.line,
        note: wildcard
          ? `${label} bound by init_app: wildcard origin`
          : `${label} bound by init_app with an origin list`,
      },
    ]);
  }
  return undefined;
}

/** The text of a call from its line to the `)` that closes it (twelve lines at most). */
function callArguments(repo: RepoIndex, m: GrepMatch): string {
  const lines = repo.lines(m.path);
  let depth = 0;
  let text = '';
  for (let i = m.line - 1; i < Math.min(lines.length, m.line + 11); i++) {
    const l = lines[i]!;
    const from = i === m.line - 1 ? Math.max(0, l.indexOf('(')) : 0;
    for (let k = from; k < l.length; k++) {
      const ch = l[k]!;
      text += ch;
      if (ch === '(') depth++;
      else if (ch === ')' && --depth === 0) return text;
    }
    text += '\n';
  }
  return text;
}

/** JS CORS middleware packages, as the middleware registration fact records them whatever the project named them. */
const JS_CORS_PACKAGES = new Set(['cors', '@koa/cors', 'koa2-cors', 'hono/cors']);

/**
 * A CORS middleware registered under a name of the project's own (`const allowOrigins = require('cors');
 * app.use(allowOrigins({ origin: [...] }))`): the registration says which package it is; called with no options, it
 * answers every origin.
 */
function renamedCorsMiddleware(repo: RepoIndex, facts: Facts): CorsPolicy | undefined {
  const m = facts.service.middleware.find((x) => x.reached && x.from && JS_CORS_PACKAGES.has(x.from.pkg));
  if (!m) return undefined;
  const label = `${m.from!.pkg} middleware`;
  const options = window(repo, { path: m.file, line: m.line } as GrepMatch);
  const bare = new RegExp(`${escapeRegExp(m.name)}\\(\\s*\\)`).test(m.text);
  const wildcard = bare || WILDCARD.test(options);
  return policy(label, wildcard, [
    {
      path: m.file,
      line: m.line,
      note: wildcard ? `${label}: wildcard origin` : `${label} with an explicit origin list`,
    },
  ]);
}

/** @fastify/cors exported by a module @fastify/autoload registers; its options are the module's `autoConfig`. */
function autoloadedFastifyCors(repo: RepoIndex, facts: Facts): CorsPolicy | undefined {
  const autoloaded = facts.service.middleware.find((m) => m.reached && m.from?.pkg === '@fastify/cors');
  if (!autoloaded) return undefined;
  const origin = /\borigin\s*:\s*([^\n,}]+)/.exec(repo.read(autoloaded.file) ?? '');
  const label = '@fastify/cors (registered by @fastify/autoload)';
  // The plugin answers any origin unless `origin` names the allowed ones.
  const wildcard = !origin || /^(?:true|["'`]\*["'`])/.test(origin[1]!.trim());
  return policy(label, wildcard, [
    {
      path: autoloaded.file,
      line: autoloaded.line,
      note: wildcard ? `${label}: wildcard origin` : `${label} with an explicit origin list`,
    },
  ]);
}

/** Symfony: NelmioCorsBundle configured in config/packages/nelmio_cors.yaml. */
function nelmio(repo: RepoIndex, facts: Facts): CorsPolicy | undefined {
  if (!facts.deps.declared(['php', 'nelmio/cors-bundle'])) return undefined;
  // The production configuration: a path's own origins (`paths: '^/api/': allow_origin: ['*']`) count beside the defaults.
  const origins = symfonyProductionConfig(repo, /allow_origin\s*:/, 'nelmio_cors');
  const wildcard = origins.find((h) => /['"]\*['"]/.test(h.text));
  const cfg = wildcard ?? origins[0];
  if (!cfg) return undefined;
  const wild = !!wildcard;
  return policy('NelmioCorsBundle', wild, [
    { path: cfg.path, line: cfg.line, note: `NelmioCorsBundle${wild ? ': wildcard origin' : ''}` },
  ]);
}

/** Laravel 11 registers HandleCors globally with the framework's default policy (any origin on api/*). */
function laravelDefault(repo: RepoIndex, facts: Facts): CorsPolicy | undefined {
  if (!facts.frameworks.has('laravel')) return undefined;
  const l11 = repo.grepFirst(/Application::configure\s*\(/, { paths: ['bootstrap/app.php'] });
  if (!l11) return undefined;
  return policy("Laravel's HandleCors", true, [
    {
      path: l11.path,
      line: l11.line,
      note: "Laravel's global HandleCors with the default policy: any origin on api/*",
    },
  ]);
}

/**
 * AdonisJS: the cors middleware registered in start/kernel.ts (`() => import('@adonisjs/cors/cors_middleware')`), with
 * config/cors.ts deciding the origins (`origin: true` or `'*'` answers every origin; `enabled: false` turns it off).
 */
function adonisCors(repo: RepoIndex, facts: Facts): CorsPolicy | undefined {
  if (!facts.frameworks.has('adonisjs')) return undefined;
  const reg = repo
    .grep(/["']@adonisjs\/cors\/cors_middleware["']/, { languages: ['typescript', 'javascript'], kinds: ['source'] })
    .find((h) => facts.liveness.isLive(h.path) && facts.code.isCode(h.path, h.line));
  if (!reg) return undefined;
  const cfg = repo.glob('**/config/cors.{ts,js}').find((f) => !f.isTest);
  const text = cfg ? (repo.read(cfg.path) ?? '') : '';
  if (/^\s*enabled\s*:\s*false\b/m.test(text)) return undefined;
  const wildcard = !cfg || /^\s*origin\s*:\s*(?:true\b|["']\*["']|\[\s*["']\*["']\s*\])/m.test(text);
  const label = 'AdonisJS cors middleware';
  const originLine = cfg ? repo.grepFirst(/^\s*origin\s*:/m, { paths: [cfg.path] }) : undefined;
  return policy(label, wildcard, [
    { path: reg.path, line: reg.line, note: `${label} registered` },
    ...(originLine
      ? [
          {
            path: originLine.path,
            line: originLine.line,
            note: wildcard ? `${label}: wildcard origin` : `${label} with an explicit origin list`,
          },
        ]
      : []),
  ]);
}

/** Lambda behind API Gateway: CORS on the API in the descriptor (serverless `cors:`, SAM `Cors:`). */
function apiGateway(repo: RepoIndex, facts: Facts): CorsPolicy | undefined {
  if (!facts.frameworks.has('aws-lambda')) return undefined;
  const gateway = repo
    .grep(/^\s*(?:cors\s*:\s*(?:true\b|\{|$)|Cors\s*:|CorsConfiguration\s*:)/, {
      include: ['**/serverless*.{yml,yaml}', '**/serverless/**/*.{yml,yaml}', '**/*template*.{yml,yaml}'],
      limit: 10,
    })
    .find((h) => !repo.get(h.path)?.isTest);
  if (!gateway) return undefined;
  const after = repo
    .lines(gateway.path)
    .slice(gateway.line - 1, gateway.line + 8)
    .join('\n');
  const wildcard =
    /cors\s*:\s*true\b/.test(gateway.text) || /(?:AllowOrigins?|origins?)\s*:\s*["'[\s]*'?\*/.test(after);
  const label = 'API Gateway CORS in the Lambda descriptor';
  return policy(label, wildcard, [
    {
      path: gateway.path,
      line: gateway.line,
      note: wildcard ? `${label}: wildcard origin` : `${label} with an explicit origin list`,
    },
  ]);
}

/**
 * An Azure function app answers CORS from its site configuration, set where the app is deployed: Bicep or ARM
 * (`siteConfig: { cors: { allowedOrigins: [...] } }` of a `Microsoft.Web/sites` resource) or Terraform (a `cors {
 * allowed_origins = [...] }` block in the `site_config` of an `azurerm_*function_app`). A `*` origin is a wildcard.
 */
function functionAppCors(repo: RepoIndex, facts: Facts): CorsPolicy | undefined {
  if (!facts.frameworks.has('azure-functions')) return undefined;
  const site = repo
    .grep(/\ballowedOrigins["']?\s*:|\ballowed_origins\s*=/, {
      include: ['**/*.bicep', '**/*.json', '**/*.tf'],
      limit: 20,
    })
    .find((h) => {
      const text = repo.read(h.path) ?? '';
      return (
        !repo.get(h.path)?.isTest &&
        (h.path.endsWith('.tf') ? /\bazurerm_\w*function_app\b/.test(text) : /Microsoft\.Web\/sites\b/.test(text))
      );
    });
  if (!site) return undefined;
  const origins = repo
    .lines(site.path)
    .slice(site.line - 1, site.line + 5)
    .join('\n');
  const wildcard = /^[^\]]*["']\*["']/.test(origins.slice(origins.search(/[:=]/) + 1));
  const label = "App Service CORS in the function app's site configuration";
  return policy(label, wildcard, [
    {
      path: site.path,
      line: site.line,
      note: wildcard ? `${label}: wildcard origin` : `${label} with an explicit origin list`,
    },
  ]);
}

/**
 * Quarkus and Micronaut switch their CORS filter on in application configuration: `quarkus.http.cors.enabled: true`
 * (or `quarkus.http.cors=true`) with `quarkus.http.cors.origins`, `micronaut.server.cors.enabled: true` with
 * configurations' `allowed-origins`. Without an origin list Quarkus answers the request's own origin (wildcard).
 */
function jvmConfigCors(facts: Facts): CorsPolicy | undefined {
  if (!facts.frameworks.has('quarkus') && !facts.frameworks.has('micronaut')) return undefined;
  const props = springProperties(facts);
  for (const [prefix, originKeys, label] of [
    ['quarkus.http.cors', ['quarkus.http.cors.origins'], 'Quarkus CORS filter (quarkus.http.cors)'],
    ['micronaut.server.cors', [], 'Micronaut CORS (micronaut.server.cors)'],
  ] as const) {
    const on = [props.get(`${prefix}.enabled`), props.get(prefix)].find((v) => v && /^true$/i.test(v.value));
    if (!on) continue;
    const origins =
      originKeys.map((k) => props.get(k)).find(Boolean) ??
      [...props.entries()].find(([k]) => k.startsWith(`${prefix}.`) && /allowed-origins$/.test(k))?.[1];
    const wildcard = !origins || /(^|,)\s*\*\s*(,|$)|\/\.\*\//.test(origins.value);
    const at = origins ?? on;
    return policy(label, wildcard, [
      {
        path: at.file,
        line: at.line,
        note: wildcard ? `${label}: any origin` : `${label} with an explicit origin list`,
      },
    ]);
  }
  return undefined;
}

function commentedOutRackCors(repo: RepoIndex, facts: Facts): CorsSite | undefined {
  if (!facts.deps.declared(['ruby', 'rack-cors'])) return undefined;
  const init = repo.grep(/^\s*#\s*.*Rack::Cors/, { include: 'config/**/*.rb' })[0];
  return init && { path: init.path, line: init.line, note: 'the rack-cors initializer is commented out' };
}

function unreachedRegistration(repo: RepoIndex, facts: Facts): CorsSite | undefined {
  for (const r of REGISTRATIONS) {
    // A bundler's dev server (`server: { cors: true }` in vite.config.js) answers only while the front end is developed.
    const hit = grepUnreached(facts, r.re, r.languages).filter(
      (h) => !BUNDLER_CONFIG.test(h.path) && !headerOfOutboundRequest(repo, h),
    )[0];
    if (hit) return { path: hit.path, line: hit.line, note: 'CORS registered in a module no entrypoint reaches' };
  }
  return undefined;
}

function fullStackFramework(facts: Facts): FrameworkUse | undefined {
  const http = facts.frameworks.http;
  const fullStack = http.filter((f) => FULL_STACK.has(f.name));
  if (!fullStack.length) return undefined;
  if (fullStack.length === http.length) return fullStack[0];
  // A custom Node server that hands every request to the framework's build only hosts it.
  const hosts =
    http.every((f) => FULL_STACK.has(f.name) || HOST_SERVERS.has(f.name)) &&
    grepReached(
      facts,
      /\bcreateRequestHandler\s*\(|(?:from\s+|\bimport\s*\(\s*)["'][^"']*(?:build\/handler(?:\.js)?|dist\/server\/entry\.mjs)["']/,
      ['javascript', 'typescript'],
    ).length > 0;
  return hosts ? fullStack[0] : undefined;
}

/** Function frameworks a static host runs beside the site it publishes. */
const SITE_FUNCTIONS: Record<string, string> = { netlify: 'netlify-functions' };

function sameOriginSite(repo: RepoIndex, facts: Facts): CorsSite | undefined {
  const http = facts.frameworks.http;
  for (const t of facts.platform.service) {
    const fn = SITE_FUNCTIONS[t.platform];
    if (!fn || !http.length || !http.every((f) => f.name === fn)) continue;
    if (!t.path.endsWith('netlify.toml')) continue;
    const publish = /^\s*publish\s*=\s*["']([^"']+)["']/m.exec(repo.read(t.path) ?? '')?.[1];
    const dir = path.posix.dirname(t.path);
    const folder = publish ? path.posix.normalize(path.posix.join(dir, publish.replace(/^\/+/, ''))) : undefined;
    const page = folder ? repo.glob(`${folder === '.' ? '' : `${folder}/`}index.html`)[0] : undefined;
    if (!page) continue;
    const line = repo.grepFirst(/^\s*publish\s*=/, { paths: [t.path] })?.line ?? 1;
    return {
      path: t.path,
      line,
      note: `Netlify publishes the site (${page.path}) and runs its functions on the same origin`,
    };
  }
  return undefined;
}

export function detectCors(repo: RepoIndex, facts: Facts): CorsFacts {
  const found =
    nitroRouteRules(repo, facts) ??
    platformHeaders(repo) ??
    registration(repo, facts) ??
    flaskCorsExtension(repo, facts) ??
    renamedCorsMiddleware(repo, facts) ??
    autoloadedFastifyCors(repo, facts) ??
    nelmio(repo, facts) ??
    laravelDefault(repo, facts) ??
    adonisCors(repo, facts) ??
    apiGateway(repo, facts) ??
    functionAppCors(repo, facts) ??
    jvmConfigCors(facts);
  const commentedOut = commentedOutRackCors(repo, facts);
  const unreached = unreachedRegistration(repo, facts);
  const fullStack = fullStackFramework(facts);
  const site = found ? undefined : sameOriginSite(repo, facts);
  return {
    ...(site ? { sameOriginSite: site } : {}),
    ...(found ? { policy: found } : {}),
    ...(commentedOut ? { commentedOut } : {}),
    ...(unreached ? { unreached } : {}),
    ...(fullStack ? { fullStack } : {}),
  };
}

import type { RepoIndex } from '../repo/index.js';
import { userAccountDefinitions } from './audit-trail.js';
import { isOperationalRoute, reachedRoutes } from './handlers.js';
import type { Facts } from './index.js';
import { grepReached } from './live-code.js';
import { RENDER } from './pages.js';
import type { ServiceRoute } from './service.js';

/**
 * A public, read-only site: a marketing or documentation site (Next.js, Astro, SvelteKit, Nuxt, Remix / React Router)
 * that renders pages and answers only reads. Every route
 * it serves is a GET (or HEAD/OPTIONS), nothing accepts a write (no POST/PUT/PATCH/DELETE or any-method handler, no
 * server actions, no Remix/React Router `action`, no SvelteKit form `actions`), and it has no notion of a user: no
 * authentication or session library is declared. Such a site has no caller to authenticate and nothing to authorize;
 * a site that keeps user data behind its pages shows it through one of those signals.
 * Built with another web framework (Phoenix LiveView, Django, Rails …), whose interactive events and form posts the
 * routes need not show, the site must also render pages and keep nothing a write could change: no database, and no
 * users, logins, admin interface or authenticated callers.
 */
export interface PublicReadOnly {
  /** The GET routes it serves (for the n/a reason). */
  routes: number;
  /** What was checked, for evidence. */
  note: string;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Frameworks that render a site's pages on the server. */
const SITE_FRAMEWORKS = new Set(['nextjs', 'astro', 'sveltekit', 'nuxt', 'remix', 'react-router']);
/** Code that accepts a write outside a route method: server actions, route-module actions, SvelteKit form actions. */
const WRITES =
  /^\s*["']use server["']|^export\s+(?:async\s+function\s+action\b|const\s+action\s*[:=]|const\s+actions\s*[:=]|function\s+action\b)/m;
/** Libraries that identify users: auth frameworks, session stores, token verification, identity providers' SDKs. */
const IDENTITY =
  /^(?:next-auth|@auth\/[\w-]+|better-auth|@better-auth\/[\w-]+|@clerk\/[\w-]+|lucia|@lucia-auth\/[\w-]+|passport(?:-[\w-]+)?|@supabase\/(?:ssr|auth-helpers-[\w-]+|auth-js)|firebase(?:-admin)?|jsonwebtoken|jose|express-session|iron-session|@kinde-oss\/[\w-]+|@workos-inc\/[\w-]+|@stackframe\/[\w-]+|@descope\/[\w-]+|@auth0\/[\w-]+|oidc-client-ts|openid-client|@hono\/(?:auth-js|clerk-auth|oidc-auth)|@elysiajs\/jwt|@fastify\/(?:jwt|session|secure-session)|@nestjs\/(?:jwt|passport))$/;

export function publicReadOnlyOf(_repo: RepoIndex, facts: Facts): PublicReadOnly | undefined {
  if (!facts.kind.servesHttp) return undefined;
  // A probe or metrics endpoint answers any method and changes nothing.
  const routes = reachedRoutes(facts).filter((r) => !isOperationalRoute(r));
  if (!routes.length || routes.some((r) => !READ_METHODS.has(r.method.toUpperCase()))) return undefined;
  if (facts.manifests.dependencies.some((d) => d.ecosystem === 'node' && IDENTITY.test(d.name))) return undefined;
  if (!facts.frameworks.http.length) return undefined;
  if (facts.frameworks.http.every((f) => SITE_FRAMEWORKS.has(f.name))) {
    if (grepReached(facts, WRITES, ['typescript', 'javascript']).length) return undefined;
    return {
      routes: routes.length,
      note: `${routes.length} GET route(s), no write endpoint, server action or form action, and no authentication or session library`,
    };
  }
  // An API that answers only reads may still serve private data: only pages count, of a service keeping nothing.
  // Routes that do not say whether they render (Laravel's `Route::get(…)` to a controller) count when a view is
  // rendered (`return view('docs', …)`) in a route file or in a handler a reached route names (its controller); a
  // mail template rendered elsewhere, or views merely present, say nothing about what the routes answer.
  const pages = routes.some((r) => r.page) || rendersInRouteHandlers(facts, routes);
  if (!pages || facts.database.any || facts.auditTrail.subjects.length) return undefined;
  return {
    routes: routes.length,
    note: `${routes.length} GET route(s) rendering pages or files, no write endpoint, no database, and no users, logins, admin interface or authenticated callers`,
  };
}

/**
 * A template rendered (pages.ts RENDER) in reached code of a file that registers one of `routes`, or of a file whose
 * name (`ChapterController.php`) the registration or handler of one of them names.
 */
function rendersInRouteHandlers(facts: Facts, routes: readonly ServiceRoute[]): boolean {
  const files = new Set(routes.map((r) => r.file));
  const named = routes.map((r) => `${r.handler ?? ''} ${facts.repo.lineText(r.file, r.line) ?? ''}`).join('\n');
  const handles = (path: string): boolean => {
    if (files.has(path)) return true;
    const stem = /([\w-]+)(?:\.[\w.]+)?$/.exec(path)?.[1];
    return !!stem && new RegExp(`\\b${stem.replace(/-/g, '\\-')}\\b`).test(named);
  };
  return RENDER.some((spec) =>
    grepReached(facts, spec.re, spec.languages).some(
      (h) =>
        !/^\s*(#(?!\[)|\/\/|\*)/.test(h.text) &&
        handles(h.path) &&
        (!spec.within || spec.within.test(facts.repo.read(h.path) ?? '')),
    ),
  );
}

/** Browser entry points of authentication libraries: they sign the user in against a server, and verify nothing. */
const BROWSER_CLIENT =
  /^(?:better-auth\/(?:react|vue|svelte|solid|client(?:\/plugins)?)|next-auth\/react|@auth\/[\w-]+\/react|@clerk\/(?:clerk-react|clerk-js|react|vue|clerk-expo)|@supabase\/auth-ui-react|firebase\/auth|@stackframe\/react|@kinde-oss\/kinde-auth-react|@auth0\/auth0-react|@auth0\/auth0-spa-js|oidc-client-ts)$/;
const IDENTITY_PACKAGES =
  /^(?:better-auth|next-auth|@auth\/[\w-]+|@clerk\/[\w-]+|lucia|@supabase\/[\w-]+|firebase|firebase-admin|@stackframe\/[\w-]+|@kinde-oss\/[\w-]+|@auth0\/[\w-]+|oidc-client-ts)$/;

/**
 * A front end that signs users in through an authentication library's browser client only (`better-auth/react`,
 * `next-auth/react`, `@clerk/clerk-react` …) and imports no server side of it: sessions are verified by the API it
 * calls, not by this service. The first such import, for evidence.
 */
export function authClientOnlyOf(
  _repo: RepoIndex,
  facts: Facts,
): { pkg: string; path: string; line: number } | undefined {
  const refs = facts.imports.importersOf(IDENTITY_PACKAGES);
  if (!refs.length || refs.some((r) => !BROWSER_CLIENT.test(r.module))) return undefined;
  const first = refs.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)[0]!;
  return { pkg: first.module, path: first.file, line: first.line };
}

/**
 * One credential shared by every caller, and no user accounts: the service checks what the caller presents against a
 * secret the operator sets in configuration — basic auth against one username and password (`Plug.BasicAuth`,
 * express-basic-auth, gin.BasicAuth, an ASP.NET handler comparing with its options), an API key or bearer token
 * compared with a configured value (`==`, a constant-time compare: `subtle.ConstantTimeCompare`,
 * `hmac.compare_digest`, `timingSafeEqual`, `FixedTimeEquals`), a request signed with one HMAC secret, or a token
 * looked for in a list of equal keys from one setting. Every caller who passes is the same principal: there is nothing
 * to authorize and no one whose actions to record.
 * Not when the credential is found in a store, names a user (JWT claims, sessions, a user id), carries scopes or roles,
 * or admin keys are told apart from the others; nor when the service keeps users or accounts (a users table, schema
 * or model).
 */
export interface SharedCredential {
  path: string;
  line: number;
  note: string;
}

/** A basic-auth check against credentials, per stack. */
const BASIC_AUTH =
  /\bPlug\.BasicAuth\.basic_auth\s*\(|^\s*plug\s*\(?\s*:basic_auth\s*,\s*username:|\bbasicAuth\s*\(\s*\{\s*(?:users|authorizer)\b|\bgin\.BasicAuth\s*\(|\bsecrets\.compare_digest\s*\(\s*credentials\.(?:username|password)/;
/** What the caller presents compared with one secret, per shape (with what it shows, for evidence). */
const SECRET_COMPARES: { re: RegExp; note: string }[] = [
  { re: BASIC_AUTH, note: 'basic auth against one username and password' },
  {
    re: /\bsubtle\.ConstantTimeCompare\s*\(|\b(?:hmac|secrets)\.compare_digest\s*\(|\btimingSafeEqual\s*\(|\bFixedTimeEquals\s*\(|\bconstant_time_eq\w*\s*\(|\.ct_eq\s*\(/,
    note: 'a constant-time compare with one secret',
  },
  {
    re: /\bHmac\w*(?:(?:::)?<\w+>)?::new_from_slice\s*\(|\bhmac\.(?:new|New)\s*\(|\bcreateHmac\s*\(|\bnew\s+HMACSHA\d+\s*\(/,
    note: 'a request signature checked with one HMAC secret',
  },
  {
    // `token == api_key`, `token_str.to_lowercase() == api_key`, `actual.token() == *expected`,
    // `Get("X-Api-Key") != cfg.APIKey`, `.Equals(Options.Password)`
    re: /\b\w*(?:token|key|secret|password)(?:_\w+)?(?:\.\w+)?(?:\(\)|["']\))?\s*(?:[!=]==?|\.Equals\s*\()\s*[*&]?[\w.]*?(?:token|key|secret|password|expected|environ|getenv|env)\b/i,
    note: 'the presented credential compared with one secret',
  },
  {
    re: /\b\w*token\s+(?:not\s+)?in\s+[\w.[\]"']*?(?:tokens|keys|secrets)\b/i,
    note: 'the presented token looked for in a list of equal keys',
  },
];
const SECRET_COMPARE = new RegExp(SECRET_COMPARES.map((c) => c.re.source).join('|'), 'i');
/** The secret read from configuration or the environment (or handed to the check as a setting). */
const FROM_CONFIG =
  /\bApplication\.(?:get|fetch)_env\s*\(|\bSystem\.(?:get|fetch)_env\s*\(|\bprocess\.env\b|\bos\.(?:environ|getenv)\b|\bos\.Getenv\s*\(|\bstd::env::var\b|\bEnvironment\.GetEnvironmentVariable\b|\b(?:settings|config|cfg|conf|options|Options|args|Configuration)(?:\.\w+|\[)|\bapi_key\s*:\s*Option<String>|\bExtension::<\w+>/;
/**
 * A credential that tells callers apart: scopes, roles or permissions, admin keys, JWT claims, sessions or user ids,
 * or one found in a store rather than compared with a setting.
 */
const TELLS_CALLERS_APART =
  /(?:scopes?|roles?|permissions?|claims?)(?:\b|_)|(?:\b|_)(?:jwt|is_?admin|admin_?(?:key|token|secret)s?|user_?id|tenant_?id|project_?ids?|token_?type)(?:\b|_)|\b(?:find\w*|get_by_\w+|lookup\w*)\s*\(|\bobjects\.\w+\s*\(|\bSELECT\b|\b(?:First|Single)OrDefault\w*\s*\(/i;
/** Code that reads a credential from the request (for an HMAC: one that checks a signature, not one that signs). */
const FROM_REQUEST =
  /\bheaders?\b|\bAuthorization\b|\bsignature\b|\bBearer\b|\bauth_header\b|\bbasic_?auth\b|\bcredentials\b|\b(?:req|request|ctx|c)\.(?:get|header|GetHeader)\s*\(|["']x-[\w-]+["']/i;
/** Identity libraries of any stack whose tokens name a user. */
const USER_TOKENS =
  /\bjsonwebtoken\b|\bjwt\.(?:decode|verify|Parse\w*)\s*\(|\bJwtSecurityTokenHandler\b|\bAddJwtBearer\b|\bjose\b|\bdecode_jwt\b|\bflask_login\b|\bexpress-session\b|\bgorilla\/sessions\b|\btower_sessions\b/;
/** Lines around a check that belong to it: the function it sits in, as far as a window tells. */
const BEFORE = 40;
const AFTER = 15;

export function sharedCredentialOf(repo: RepoIndex, facts: Facts): SharedCredential | undefined {
  const { authn } = facts;
  if (!authn.applied.length && !authn.code && !authn.offByDefault && !facts.grpc.authentication) return undefined;
  // Roles or permissions checked anywhere tell callers apart, whatever the key shape (the authz rule asks it anyway).
  if (facts.authorization.applied) return undefined;
  const check = grepReached(facts, SECRET_COMPARE).find((m) => {
    const lines = repo.lines(m.path);
    const around = lines.slice(Math.max(0, m.line - 1 - BEFORE), m.line + AFTER).join('\n');
    if (TELLS_CALLERS_APART.test(around) || !FROM_REQUEST.test(around)) return false;
    // The secret is often read once at the top of the file or handed in as a setting, far from the compare.
    return FROM_CONFIG.test(repo.read(m.path) ?? '');
  });
  if (!check) return undefined;
  if (grepReached(facts, USER_TOKENS).length || userAccountDefinitions(repo).length) return undefined;
  return {
    path: check.path,
    line: check.line,
    note: `${SECRET_COMPARES.find((c) => c.re.test(check.groups[0] ?? ''))?.note ?? 'one secret'} from configuration, the same for every caller, and no users or accounts table, schema or model`,
  };
}

/** A secret-named setting of the server (`process.env.OPENAI_API_KEY`, `$env/static/private` `STRIPE_SECRET`). */
const OWN_SECRET = /\b[A-Z][A-Z0-9_]*(?:API_KEY|APIKEY|SECRET(?:_KEY)?|ACCESS_TOKEN|PRIVATE_KEY)\b/;

/** The same key read from the environment anywhere in the server code (then passed to the calling module). */
const OWN_SECRET_SETTING =
  /(?:process\.env|import\.meta\.env|\benv)\s*(?:\.\s*|\[\s*["'])[A-Z][A-Z0-9_]*(?:API_KEY|APIKEY|SECRET(?:_KEY)?|ACCESS_TOKEN|PRIVATE_KEY)\b|Deno\.env\.get\(\s*["'][A-Z][A-Z0-9_]*(?:API_KEY|APIKEY|SECRET(?:_KEY)?|ACCESS_TOKEN|PRIVATE_KEY)["']/;

/** A front end over a remote API, with the outbound call that shows it (for evidence). */
export interface RemoteApiFrontend {
  path: string;
  line: number;
  note: string;
}

/**
 * A front end over a remote API: a page-rendering application (Next.js, Nuxt, SvelteKit, Remix / React Router, Astro)
 * with no data of its own — no database driver or ORM, no accounts (no password hashing, user model or admin
 * interface), no server side of an authentication library — whose server code calls another service over HTTP (its
 * loaders, form actions and endpoints forward to that API). The API it calls owns the users and the data: it decides
 * what each caller may do and records what they did.
 */
export function remoteApiFrontendOf(repo: RepoIndex, facts: Facts): RemoteApiFrontend | undefined {
  if (!facts.kind.servesHttp) return undefined;
  if (!facts.frameworks.http.length || facts.frameworks.http.some((f) => !SITE_FRAMEWORKS.has(f.name)))
    return undefined;
  if (facts.database.any || facts.auditTrail.localAccounts) return undefined;
  if (facts.imports.importersOf(IDENTITY_PACKAGES).some((r) => !BROWSER_CLIENT.test(r.module))) return undefined;
  const live = facts.outbound.calls.filter((c) => facts.liveness.isLive(c.file));
  const call = live.find((c) => c.kind === 'http');
  if (!call) return undefined;
  // Calls made with a key of the app's own (an LLM or payment provider's API key): the app's users spend that key,
  // and nobody but the app decides who may.
  if (
    live.some((c) => c.kind === 'sdk' || OWN_SECRET.test(repo.read(c.file) ?? '')) ||
    grepReached(facts, OWN_SECRET_SETTING, ['typescript', 'javascript']).length
  )
    return undefined;
  return {
    path: call.file,
    line: call.line,
    note: `its server calls another service (${call.library}) and keeps no database, accounts or auth server of its own`,
  };
}

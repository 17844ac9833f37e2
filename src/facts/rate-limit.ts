// Rate limiting: limiters in the application per stack (DRF throttling, rack-attack rules, Rails rate_limit, Laravel
// throttle middleware, Symfony rate limiter, Hammer/PlugAttack/ExRated, bucket4j/resilience4j, the ASP.NET Core rate
// limiter, Go limiter middleware, hand-written limiters answering 429) and at a proxy, ingress or gateway configured in
// the repository. Limiter libraries themselves are read through facts.deps. The api.rate-limit check is a policy over it.
import { DOTNET_LANGUAGES, PROGRAMMING_LANGUAGES } from '../repo/classify.js';
import type { RepoIndex } from '../repo/index.js';
import type { Facts } from './index.js';
import { grepConfig, grepReached, grepUnreached } from './live-code.js';
import { callSites, enclosing } from './wiring.js';
import { escapeRegExp } from '../repo/text.js';

/** A place in the repository and what it shows. */
export interface RateLimitSite {
  path: string;
  /** Absent for a manifest entry whose line is unknown. */
  line?: number;
  note: string;
}

/** A limiter in the application. */
export interface AppLimiter {
  /** What limits: 'DRF throttling', 'rack-attack', 'Laravel throttle middleware', 'ASP.NET Core rate limiter' … */
  library: string;
  evidence: RateLimitSite[];
  /** Limits are defined but the middleware that applies them is never registered (ASP.NET Core UseRateLimiter). */
  unapplied?: boolean;
  /** A hand-written middleware or dependency that answers 429 when a counter exceeds a limit. */
  handWritten?: boolean;
  /** Hand-written, and seen only as a refusal when a limiter-named check says no (no 429 seen). */
  guard?: boolean;
  /** Only the sign-in routes are limited (Laravel Fortify's login limiter). */
  signInOnly?: boolean;
}

/**
 * A bucket check whose refusal sleeps (`{:error, _} -> :timer.sleep(500); retry`) waits for its turn: the service paces
 * its own calls to another host (a media resolver keeping under YouTube's quota), it limits no caller.
 */
function pacesOwnCalls(repo: RepoIndex, h: { path: string; line: number; text: string }): boolean {
  if (!/\.check_rate/.test(h.text)) return false;
  const after = repo
    .lines(h.path)
    .slice(h.line, h.line + 6)
    .join('\n');
  return /(?::timer|\bProcess)\.sleep\s*\(/.test(after);
}

export interface RateLimitFacts {
  /**
   * The first limiter found in the application, in order: DRF throttling, rack-attack throttle rules, Rails
   * rate_limit, Laravel throttle middleware, Symfony rate limiter / login_throttling, Elixir limiters, Spring
   * bucket4j/resilience4j, the ASP.NET Core rate limiter (unapplied when only policies are defined), Go limiter
   * middleware, a hand-written limiter answering 429.
   */
  limiter?: AppLimiter;
  /** A rate limit at a proxy, ingress or gateway configured in the repository. */
  proxy?: { how: string; site: RateLimitSite };
  /** A hand-written 429-answering limiter in a module no entrypoint reaches. */
  unreachedHandWritten?: RateLimitSite;
}

const PROXY: [RegExp, string, string | string[]][] = [
  [/^\s*limit_req(_zone)?\b/, 'nginx limit_req', ['**/*.conf', '**/nginx*', '**/*.conf.template', '**/*.conf.tpl']],
  [
    /nginx\.ingress\.kubernetes\.io\/limit-(rps|rpm|connections|burst-multiplier)/,
    'ingress-nginx rate-limit annotations',
    ['**/*.{yaml,yml,tpl}'],
  ],
  // Traefik's rateLimit is a mapping of average/burst/period (`rateLimit:` then `average: 100`); a `rateLimit: 20`
  // scalar is some other setting (kargo's client-side limit on calls to image registries).
  [
    /^[ \t]*(?:rateLimit|RateLimit)[ \t]*:[ \t]*\r?\n[ \t]+(?:average|burst|period)[ \t]*:|kind:\s*Middleware[\s\S]{0,200}rateLimit|^\[http\.middlewares\.[\w-]+\.rateLimit\]/,
    'Traefik RateLimit middleware',
    ['**/*.{yaml,yml,toml}'],
  ],
  [/\bname:\s*rate-limiting(-advanced)?\b|plugin:\s*rate-limiting/, 'Kong rate-limiting plugin', ['**/*.{yaml,yml}']],
  [/envoy\.filters\.http\.(local_)?ratelimit|local_rate_limit/, 'Envoy rate limit filter', ['**/*.{yaml,yml,json}']],
  [
    /ThrottlingRateLimit|throttlingRateLimit|throttle:\s*$|burstLimit:\s*\d+\s+rateLimit:\s*\d|rateLimit:\s*\d+\s+burstLimit:\s*\d|x-kong-plugin-rate-limiting|RateLimitRule|rate_limit\s*\{|aws_wafv2_web_acl[\s\S]{0,400}rate_based_statement|rate_based_statement/,
    'gateway/WAF rate limiting',
    ['**/*.{yaml,yml,json,tf}'],
  ],
  [/\brate_limit\b.*\bzone\b|\brate-limit\b/, 'Caddy rate limit', ['**/Caddyfile']],
  [
    /^\s*\[\[ratelimits\]\]|\btype\s*=\s*["']ratelimit["']|"ratelimits"\s*:/,
    'Cloudflare Workers rate limiting binding',
    ['**/wrangler.{toml,json,jsonc}'],
  ],
  [/^\s*(?:rateLimiter|rateLimit)\s*:\s*\{/, 'nuxt-security rate limiter', ['**/nuxt.config.{ts,js,mjs}']],
];

const TOO_MANY =
  /\bstatus_mut\s*\(\s*\)\s*=\s*(?:[\w:]+::)?StatusCode::TOO_MANY_REQUESTS\b|\b(?:set_status|status)\s*\(\s*(?:[\w:]+::)?(?:TooManyRequests|TOO_MANY_REQUESTS)\b|\b(?:Err|Error)\s*\(\s*\(?\s*(?:[\w:]+::)?Status(?:Code)?::(?:TooManyRequests|TOO_MANY_REQUESTS)\b|\(\s*(?:[\w:]+::)?StatusCode::TOO_MANY_REQUESTS\s*,|\bHttpResponse::TooManyRequests\s*\(|\bStatus(?:Code)?::(?:TooManyRequests|TOO_MANY_REQUESTS)\s*\.into_response\s*\(|status_code\s*=\s*429\b|\bstatus\(\s*429\s*\)|\bcode\(\s*429\s*\)|HTTP_429_TOO_MANY_REQUESTS|HTTPStatus\.TOO_MANY_REQUESTS|StatusTooManyRequests|HttpStatus\.TOO_MANY_REQUESTS|:too_many_requests|\bstatus\s*[:=]\s*429\b|\bstatus:\s*429\b|,\s*429\s*\)|\b(?:HTTPException|abort)\(\s*(?:status_code\s*=\s*)?429\b|\braise\s+(?:[\w.]*\.)?(?:HTTP)?TooManyRequests\b/;

function site(at: { path: string; line?: number }, note: string): RateLimitSite {
  return { path: at.path, ...(at.line !== undefined ? { line: at.line } : {}), note };
}

function limiter(library: string, ...evidence: RateLimitSite[]): AppLimiter {
  return { library, evidence };
}

/** A limiter in one of the frameworks that have their own (in order). */
function frameworkLimiter(repo: RepoIndex, facts: Facts): AppLimiter | undefined {
  const drf = grepReached(facts, /["']DEFAULT_THROTTLE_CLASSES["']|throttle_classes\s*=/, ['python'])[0];
  if (drf) return limiter('DRF throttling', site(drf, 'Django REST framework throttling'));
  const rack = facts.deps.declared(['ruby', 'rack-attack']);
  if (rack) {
    const cfg = repo.grep(/Rack::Attack\.throttle|throttle\(\s*["']/, {
      include: ['config/**/*.rb', 'config.ru', 'app/**/*.rb'],
    })[0];
    if (cfg)
      return limiter(
        'rack-attack',
        site({ path: rack.manifest, line: rack.line }, 'rack-attack'),
        site(cfg, 'throttle rule'),
      );
  }
  const railsLimit = facts.frameworks.has('rails')
    ? grepReached(facts, /^\s*rate_limit\s+to:/, ['ruby'])[0]
    : undefined;
  if (railsLimit) return limiter('Rails rate_limit', site(railsLimit, 'Rails rate_limit'));
  // Laravel: the throttle middleware on routes, route groups or the api group (and RateLimiter::for limiters).
  if (facts.frameworks.has('laravel') || facts.frameworks.has('lumen')) {
    const mw = facts.service.middleware.find((m) => m.reached && /^throttle(?::|Api|$)/.test(m.name));
    const route = facts.service.routes.find((r) => r.reached && r.middleware?.some((m) => /^throttle\b/.test(m)));
    const hit = mw
      ? site({ path: mw.file, line: mw.line }, `throttle middleware registered (${mw.name})`)
      : route
        ? site(
            { path: route.file, line: route.line },
            `${route.method} ${route.fullPath} runs ${route.middleware!.find((m) => m.startsWith('throttle'))}`,
          )
        : undefined;
    if (hit) {
      const rl = grepReached(facts, /\bRateLimiter::for\s*\(/, ['php'])[0];
      return limiter('Laravel throttle middleware', hit, ...(rl ? [site(rl, 'RateLimiter::for limiter')] : []));
    }
    // A middleware of the project's own that counts requests with Laravel's cache RateLimiter and refuses the caller
    // past the limit (`if ($this->limiter->tooManyAttempts($key, $limit)) { … 429 }`, then `$next($request)`).
    const own = grepReached(facts, /->\s*tooManyAttempts\s*\(|\bRateLimiter::tooManyAttempts\s*\(/, ['php']).find((m) =>
      /\$next\s*\(\s*\$request\s*\)/.test(repo.read(m.path) ?? ''),
    );
    if (own)
      return limiter('Laravel RateLimiter in a middleware', site(own, 'rate limiter middleware (tooManyAttempts)'));
    // Laravel Fortify throttles the sign-in routes it registers from the package with the limiter config/fortify.php
    // names (`'limiters' => ['login' => 'login']`), defined by the application (`RateLimiter::for('login', …)`).
    const fortify = facts.deps.declared(['php', 'laravel/fortify'])
      ? /['"]login['"]\s*=>\s*['"]([\w.-]+)['"]/.exec(repo.read('config/fortify.php') ?? '')?.[1]
      : undefined;
    const login =
      fortify &&
      grepReached(facts, new RegExp(`\\bRateLimiter::for\\s*\\(\\s*['"]${escapeRegExp(fortify)}['"]`), ['php'])[0];
    if (login)
      return { ...limiter('Laravel Fortify', site(login, `Fortify's sign-in limiter (${fortify})`)), signInOnly: true };
  }
  const phpLimit = grepReached(
    facts,
    /->\s*create\s*\([^)]*\)\s*->\s*consume\s*\(|RateLimiterFactory\b|#\[\s*RateLimit\b/,
    ['php'],
  )[0];
  // utopia-php/abuse (Appwrite): `new Abuse($timeLimit)` in a hook whose `->check()` turns the caller away, with each
  // route's `->label('abuse-limit', 10)`.
  const abuse = facts.deps.declared(['php', 'utopia-php/abuse'])
    ? grepReached(facts, /\bnew\s+\\?(?:Utopia\\Abuse\\)?Abuse\s*\(/, ['php']).find((m) =>
        /->\s*check\s*\(\s*\)/.test(repo.read(m.path) ?? ''),
      )
    : undefined;
  if (abuse) {
    const label = grepReached(facts, /->\s*label\s*\(\s*['"]abuse-limit['"]\s*,\s*[1-9]/, ['php'])[0];
    return limiter(
      'utopia-php/abuse',
      site(abuse, 'Utopia abuse limiter checked on requests'),
      ...(label ? [site(label, 'per-route abuse-limit label')] : []),
    );
  }
  const sfLogin = facts.frameworks.has('symfony')
    ? repo.grepFirst(/^\s*login_throttling\s*:/, { include: 'config/packages/**/security.{yaml,yml}' })
    : undefined;
  if (phpLimit ?? sfLogin) {
    const h = (phpLimit ?? sfLogin)!;
    return limiter('symfony/rate-limiter', site(h, phpLimit ? 'Symfony rate limiter' : 'Symfony login_throttling'));
  }
  const exLimits = grepReached(
    facts,
    /\bHammer\.check_rate(?:_inc)?\s*\(|\buse\s+Hammer\b|\buse\s+PlugAttack\b|^\s*plug\s*\(?\s*[\w.]*(?:PlugAttack|RateLimit\w*|Throttle\w*)\b|\bExRated\.check_rate\s*\(/,
    ['elixir'],
  ).filter((h) => !pacesOwnCalls(repo, h));
  // The limiter itself before a plug line naming a module of the project (`plug MyAppWeb.RateLimit`).
  const exLimit = exLimits.find((h) => /PlugAttack|ExRated|Hammer/.test(h.text)) ?? exLimits[0];
  if (exLimit)
    return limiter(
      /PlugAttack/.test(exLimit.text)
        ? 'PlugAttack'
        : /ExRated/.test(exLimit.text)
          ? 'ExRated'
          : /Hammer/.test(exLimit.text)
            ? 'Hammer'
            : 'a rate-limiting plug',
      site(exLimit, 'rate limiter'),
    );
  const springAnn = grepReached(
    facts,
    /@RateLimiter\(|Bucket4j\.builder|Bucket\.builder\(|RequestRateLimiter|RedisRateLimiter/,
    ['java', 'kotlin'],
  )[0];
  if (springAnn) return limiter('bucket4j/resilience4j', site(springAnn, 'rate limiter'));
  // Javalin's bundled limiter: `NaiveRateLimit.requestPerTimeUnit(ctx, 20, TimeUnit.MINUTES)` (5+), Javalin 4's
  // `RateLimit(ctx).requestPerTimeUnit(…)`, or the RateLimitPlugin; each answers 429 past the limit.
  const javalin = grepReached(
    facts,
    /\bNaiveRateLimit\s*\.\s*requestPerTimeUnit\s*\(|\bRateLimit\s*\(\s*\w+\s*\)\s*\.\s*requestPerTimeUnit\s*\(|\bRateLimitPlugin\b/,
    ['java', 'kotlin'],
  )[0];
  if (javalin) return limiter('Javalin rate limiting', site(javalin, 'rate limiter'));
  // ASP.NET Core rate limiting (Microsoft.AspNetCore.RateLimiting): the middleware and a policy; AspNetCoreRateLimit.
  const aspnet = grepReached(
    facts,
    /\.UseRateLimiter\s*\(|\.AddRateLimiter\s*\(|\.RequireRateLimiting\s*\(|\[\s*EnableRateLimiting\b|\.UseIpRateLimiting\s*\(|\.UseClientRateLimiting\s*\(|\.UseMiddleware\s*<\s*(?:\w+\.)*\w*RateLimit\w*\s*>/,
    DOTNET_LANGUAGES,
  );
  if (aspnet.length) {
    // AspNetCoreRateLimit's middleware (or the project's subclass of it) registered by type:
    // `app.UseMiddleware<CustomIpRateLimitMiddleware>()`.
    const mw = aspnet.find((h) => /UseRateLimiter|UseIpRateLimiting|UseClientRateLimiting|UseMiddleware/.test(h.text));
    const policy = aspnet.find((h) => h !== mw && !/UseRateLimiter/.test(h.text));
    if (mw)
      return limiter(
        'ASP.NET Core rate limiter',
        site(mw, 'rate-limiter middleware'),
        ...(policy ? [site(policy, 'rate-limit policy')] : []),
      );
    return {
      ...limiter(
        'ASP.NET Core rate limiter',
        site(aspnet[0]!, 'rate-limit policies are defined but app.UseRateLimiter() is never called'),
      ),
      unapplied: true,
    };
  }
  const echo = grepReached(facts, /middleware\.RateLimiter(WithConfig)?\(|limiter\.New\(/, ['go'])[0];
  if (echo) return limiter('Go rate limiter middleware', site(echo, 'rate limiter middleware'));
  return undefined;
}

/**
 * A 429 compared, not answered: `resp.StatusCode == http.StatusTooManyRequests`, `case 429:`, `429 === res.status`: the
 * service reacting to an upstream's limit (backing off) does not limit its own callers.
 */
const UPSTREAM_429 =
  /(?:[=!]==?|\bcase)\s*(?:[\w.:]*(?:\.|::))?(?:StatusTooManyRequests|TOO_MANY_REQUESTS|TooManyRequests|HTTP_429\w*|429)\b|\b(?:StatusTooManyRequests|TOO_MANY_REQUESTS|TooManyRequests|429)\s*[=!]==?/;
/**
 * A 429 matched as a pattern: an Elixir case clause or a Rust/PHP match arm on a response
 * (`%Tesla.Env{status: 429, headers: h} ->`, `{:ok, %{status: 429}} ->`, `429 =>`, `StatusCode::TOO_MANY_REQUESTS =>`):
 * the client handling an upstream's limit.
 */
const MATCHED_429 =
  /(?:\bstatus(?:_code)?\s*:\s*429\b|:too_many_requests\b|\bTOO_MANY_REQUESTS\b|\bStatusTooManyRequests\b|^\s*429\b)[^\n]*(?:->|=>)\s*(?:#[^\n]*)?$/;
/**
 * 429 in a list of status codes (`Set.of(200, 402, 429).contains(status)`, `[429, 503]`, a Go `[]int{…}` of codes) or
 * a retry setting (`Retrier{RetryCodes: []int{http.StatusTooManyRequests}}`): codes compared or retried, not answered.
 */
const LISTED_429 =
  /\b[1-5]\d\d\s*,\s*429\b|\b429\s*,\s*[1-5]\d\d\b|\[\]int\{[^}\n]*(?:StatusTooManyRequests|\b429\b)|\b[Rr]etr[yi]\w*\s*[:=][^\n]*(?:StatusTooManyRequests|TOO_MANY_REQUESTS|TooManyRequests|\b429\b)/;
/**
 * A 429 among the codes a status is tested against in Python (`response.status_code in (HTTPStatus.FORBIDDEN,
 * HTTPStatus.TOO_MANY_REQUESTS)`, `if r.status not in {429, 503}:`): a response read, not answered.
 */
const MEMBER_429 = /\bin\s*[([{][^)\]}\n]*(?:TOO_MANY_REQUESTS|TooManyRequests|HTTP_429\w*|\b429\b)/;
/** A status code alone on its line as one item of a list or case clause written over several lines. */
const CODE_ITEM = /^\s*(?:case\s+)?(?:[\w.]*\.)?(?:Status\w+|[A-Z][A-Z_]+|[1-5]\d\d)\s*[,:]\s*(?:(?:\/\/|#)[^\n]*)?$/;
/**
 * A 429 written as one item of a case clause or list over several lines, beside another status code (`case 0,` then
 * `http.StatusTooManyRequests, // 429` then `http.StatusInternalServerError,`): the statuses a client retries.
 */
function listedOverLines(repo: RepoIndex, m: { path: string; line: number; text: string }): boolean {
  if (!CODE_ITEM.test(m.text)) return false;
  const lines = repo.lines(m.path);
  return [lines[m.line - 2], lines[m.line]].some((l) => l !== undefined && CODE_ITEM.test(l));
}
const checksUpstream = (repo: RepoIndex, m: { path: string; line: number; text: string }): boolean =>
  UPSTREAM_429.test(m.text) ||
  MATCHED_429.test(m.text) ||
  LISTED_429.test(m.text) ||
  MEMBER_429.test(m.text) ||
  listedOverLines(repo, m);

/** A function named for the error it builds: `ErrTooManyRequests`, `NewErrTooManyRequestsWithHeaders`, `tooManyError`. */
const ERROR_CONSTRUCTOR = /^(?:[Nn]ew_?)?[Ee]rr(?:or)?(?:[A-Z_]|$)|Err(?:or)?$/;

/**
 * A 429 built by an error constructor is answered by its callers: relayed when every call sits in a branch on an
 * upstream's 429 (`if res.StatusCode == http.StatusTooManyRequests {` then `return NewErrTooManyRequests(res)`, a
 * `case http.StatusTooManyRequests:`) or in another constructor relayed so (oathkeeper passes its authorizers' 429 on);
 * a call in a case label (`case helper.ErrTooManyRequests().ErrorField:`) matches an error, it answers nothing.
 */
function relayedError(repo: RepoIndex, facts: Facts, at: { path: string; line: number }, depth = 2): boolean {
  const fn = enclosing(facts, at.path, at.line);
  if (!fn || !ERROR_CONSTRUCTOR.test(fn.name)) return false;
  const calls = callSites(facts, fn.name, { path: at.path, line: fn.line });
  const inUpstreamBranch = (c: { path: string; line: number }): boolean =>
    [c.line, c.line - 1, c.line - 2].some((n) => {
      const text = repo.lineText(c.path, n);
      return text !== undefined && checksUpstream(repo, { path: c.path, line: n, text });
    });
  return (
    calls.length > 0 &&
    calls.every(
      (c) =>
        /^\s*case\b/.test(repo.lineText(c.path, c.line) ?? '') ||
        inUpstreamBranch(c) ||
        (depth > 0 && relayedError(repo, facts, c, depth - 1)),
    )
  );
}

/**
 * A negated check of a limiter: the receiver or the function names a limiter, throttle or rate limit, or a bucket
 * asked for a token (`if not TokenBucket.authorize_login(…)`, `if (!rateLimiter.tryAcquire(key))`, `unless
 * throttle_ok?(ip)`); a storage bucket looked up (`if !relevant_buckets.contains_key(id)`) is no limiter.
 */
const LIMITER_GUARD =
  /\b(?:if\s+not|unless|if\s*\(\s*!|if\s+!)\s*(?:await\s+)?(?:[\w.]*\.)?(?:\w*(?:[Ll]imiter|[Tt]hrottle|[Rr]ate_?[Ll]imit)\w*\.\w+|\w*[Bb]ucket\w*\.(?:try_?\w*|take\w*|consume\w*|allow\w*|authori[sz]e\w*|acquire\w*|check\w*|has_?tokens?\w*|[Tt]ry[A-Z]\w*|[Cc]onsume\w*|[Aa]llow\w*)|\w*(?:rate_?limit|throttle|check_rate|allow_request)\w*)\s*[(?]/;

/**
 * PHP: a limiter's check called as a statement, which throws (or ends the request) when the caller is over the limit
 * (`TrafficLimiter::canPass();`, `$this->rateLimiter->check($ip);`, `$throttler->hit($key);`,
 * `$this->rateLimiter->limit($user);`): nothing is compared, the exception turns the request away.
 */
const PHP_LIMITER_CALL =
  /^\s*(?:\\?(?:[A-Z]\w*\\)*[A-Z]\w*(?:Limiter|Throttler?)::|\$(?:this->)?\w*(?:[Ll]imiter|[Tt]hrottler?)\w*->)(?:canPass|check\w*|hit|attempt|consume|limit|allow\w*|acquire|enforce\w*|assert\w*|ensure\w*)\s*\(/;

/**
 * Rust: a limiter's check whose error is passed up with `?` (`LOGIN_LIMITER.check(&ip, &conf.rc_login)?;`,
 * `self.limiter.check_key(&ip).map_err(|_| ApiError::TooMany)?;`): the error, not a comparison, turns the request away.
 */
const RUST_LIMITER_CALL =
  /^\s*[\w:.]*(?:limiter|throttler?)\w*\s*\.\s*(?:check\w*|hit|attempt|consume|allow\w*|acquire|try_\w+)\s*\([^;]*\)\s*\?\s*;/i;

/**
 * Background jobs and workers (`app/jobs/`, `app/workers/`, `app/sidekiq/`, a `jobs/` or `workers/` package) serve no
 * requests: a throttle there paces the service's own outbound work (a crawler's per-host delay), not its callers.
 */
const BACKGROUND_PATH = /(^|\/)(?:app\/)?(?:jobs|workers|sidekiq|tasks|crawlers?)\//;
/** A collection named like a limiter asked for membership (`unless throttled_hosts.include?(host)`): a lookup, not a limit. */
const MEMBERSHIP_GUARD =
  /\b\w*(?:[Tt]hrottle|[Ll]imit)\w*\.(?:include\?|includes|contains|containsKey|has|has_key\?|key\?|member\?|empty\?|any\?)\s*[(?]?/;

/** Programs answer requests: a 429 in SQL or shell is data (a row of an example table), never a refusal. */
const PROGRAMS = [...PROGRAMMING_LANGUAGES];

/** Sign-in and sign-up code (`LoginUser.php`, `register_controller.ts`, `PasswordResetHandler.php`), named so. */
const SIGN_IN_FILE = /(?:log_?in|sign_?in|sign_?up|regist(?:er|ration)|password)[\w-]*\.\w+$/i;

/**
 * A 429 answered for a limiter's exception (`} elseif ($e instanceof ThrottlingException) { abort(429, …)`): an
 * exception handler renders it, the limiter is checked wherever that exception is thrown.
 */
function answersLimiterException(repo: RepoIndex, at: RateLimitSite): boolean {
  const before = repo
    .lines(at.path)
    .slice(Math.max(0, (at.line ?? 1) - 3), at.line)
    .join('\n');
  return /\b(?:instanceof|catch\s*\()\s*[\w\\]*(?:Throttl|RateLimit|TooMany)\w*Exception\b/.test(before);
}

/**
 * A 429 answered for a limit exception the service throws when an upstream limits it: a throw of that exception (or a
 * call of a helper that throws it: `throwRateLimitException()`) sits in a branch on an upstream's 429 (`if
 * ($e->getCode() === 429) {` then the throw). A feed fetcher passing a remote site's throttling on to its reader limits
 * nobody's requests.
 */
function answersUpstreamLimitException(repo: RepoIndex, facts: Facts, at: { path: string; line: number }): boolean {
  const before = repo
    .lines(at.path)
    .slice(Math.max(0, at.line - 3), at.line)
    .join('\n');
  const name = /\b(?:instanceof|catch\s*\()\s*[\w\\]*?(\w*(?:Throttl|RateLimit|TooMany)\w*Exception)\b/.exec(
    before,
  )?.[1];
  if (!name) return false;
  const throws = grepReached(facts, new RegExp(`\\bthrow\\s+new\\s+\\\\?(?:\\w+\\\\)*${escapeRegExp(name)}\\b`), [
    'php',
  ]);
  const sites: { path: string; line: number }[] = [...throws];
  for (const t of throws) {
    const fn = enclosing(facts, t.path, t.line);
    if (fn) sites.push(...callSites(facts, fn.name, { path: t.path, line: fn.line }));
  }
  return sites.some((x) => relaysUpstream(repo, x));
}

/**
 * Python: a rate-limit exception raised by the application (`raise RateLimitException("Rate limit exceeded.")`,
 * `raise RateLimitExceeded(…)`, DRF's `raise exceptions.Throttled(wait)`): the library that defines it (fastcrud,
 * DRF) answers 429. An `…Error` is left out: `RateLimitError` is what API clients (openai, anthropic) raise.
 */
const RAISES_LIMIT =
  /^\s*raise\s+(?:[\w.]*\.)?(?:RateLimit(?:Exceeded)?(?:Exception)?|Throttled|TooManyRequestsException)\s*\(/;

/** A raise just after a branch on an upstream's 429 (`if resp.status_code == 429:`): the client relays it. */
function relaysUpstream(repo: RepoIndex, m: { path: string; line: number }): boolean {
  return [m.line - 1, m.line - 2, m.line - 3].some((n) => {
    const text = repo.lineText(m.path, n);
    return text !== undefined && checksUpstream(repo, { path: m.path, line: n, text });
  });
}

/** A file that answers 429 and speaks of limits, throttling, buckets or quotas. */
function limiterFile(repo: RepoIndex, m: { path: string }): boolean {
  return /limit|throttl|bucket|quota|rate/i.test(repo.read(m.path) ?? '');
}

export function detectRateLimit(repo: RepoIndex, facts: Facts): RateLimitFacts {
  let app = frameworkLimiter(repo, facts);
  if (!app) {
    const custom = grepReached(facts, TOO_MANY, PROGRAMS).find(
      (m) =>
        !checksUpstream(repo, m) &&
        limiterFile(repo, m) &&
        !relayedError(repo, facts, m) &&
        !answersUpstreamLimitException(repo, facts, m),
    );
    const raised = custom
      ? undefined
      : grepReached(facts, RAISES_LIMIT, ['python']).find((m) => !relaysUpstream(repo, m));
    if (custom || raised)
      app = {
        ...limiter(
          'a hand-written limiter',
          custom
            ? site(custom, 'hand-written rate limiter answers 429')
            : site(raised!, 'hand-written rate limiter raises a rate-limit exception (answered with 429)'),
        ),
        handWritten: true,
      };
  }
  // A request refused when a limiter says no, whatever it answers (a form error, 403, a "try later" page):
  // `if not TokenBucket.authorize_login(email): raise ValidationError(…)`, `if (!limiter.tryConsume(ip)) return …`.
  const called = (m: { path: string }) => limiterFile(repo, m) && !BACKGROUND_PATH.test(m.path);
  const limiterCalls = () => [
    ...grepReached(facts, LIMITER_GUARD, PROGRAMS).filter((m) => called(m) && !MEMBERSHIP_GUARD.test(m.text)),
    ...grepReached(facts, PHP_LIMITER_CALL, ['php']).filter(called),
    ...grepReached(facts, RUST_LIMITER_CALL, ['rust']).filter(called),
  ];
  let calls: ReturnType<typeof limiterCalls> = [];
  if (!app) {
    calls = limiterCalls();
    if (calls[0])
      app = {
        ...limiter('a hand-written limiter', site(calls[0], 'requests refused when a limiter denies them')),
        handWritten: true,
        guard: true,
      };
  } else if (app.handWritten && answersLimiterException(repo, app.evidence[0]!)) calls = limiterCalls();
  // A hand-written limiter checked only by the sign-in and sign-up code (a login use case, a registration handler)
  // guards credentials; the API's other routes are not limited.
  if (app && calls.length && calls.every((m) => SIGN_IN_FILE.test(m.path)))
    app = {
      ...app,
      evidence: [
        ...app.evidence.filter((e) => !calls.some((m) => m.path === e.path && m.line === e.line)),
        ...calls.slice(0, 3).map((m) => site(m, 'the limiter is checked here, in sign-in or sign-up code only')),
      ],
      signInOnly: true,
    };
  let proxy: RateLimitFacts['proxy'];
  for (const [re, how, include] of PROXY) {
    const hit = grepConfig(facts, re, include)[0];
    if (hit) {
      proxy = { how, site: site(hit, how) };
      break;
    }
  }
  const unreached = grepUnreached(facts, TOO_MANY, PROGRAMS).find(
    (m) => !checksUpstream(repo, m) && limiterFile(repo, m),
  );
  return {
    ...(app ? { limiter: app } : {}),
    ...(proxy ? { proxy } : {}),
    ...(unreached
      ? { unreachedHandWritten: site(unreached, 'a 429-answering limiter in a module no entrypoint reaches') }
      : {}),
  };
}

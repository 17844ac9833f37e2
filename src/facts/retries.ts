import path from 'node:path';
import type { RepoIndex } from '../repo/index.js';
import { escapeRegExp } from '../repo/text.js';
import { bracketBody } from './code-scan.js';
import { symfonyConfigGlobs } from './frameworks.js';
import type { Facts } from './index.js';
import { CS, findSignals, GO, JS, JVM, PHP, PY, RB, RS, type Signal, type SignalHit } from './signals.js';
import { HTTP_CLIENT_HANDLERS, onlyProxyForwarding } from './outbound.js';

interface RetrySignal extends Signal {
  /**
   * A low-confidence retry that still waits longer after each failure (a queue's default schedule, a growing delay);
   * a function decides from the hit (the match's groups, a helper it calls).
   */
  backsOff?: true | ((h: SignalHit, repo: RepoIndex) => boolean);
}

/** An RQ interval list whose waits grow (`interval=[10, 30, 60]`); one repeated wait is a fixed delay. */
function growingIntervals(groups: readonly string[]): boolean {
  const waits = (groups[1] ?? '')
    .split(',')
    .filter((w) => w.trim())
    .map(Number);
  return waits.length > 1 && waits.every((w, i) => w >= (waits[i - 1] ?? 0)) && waits.at(-1)! > waits[0]!;
}

const MICRONAUT_RETRY = /\bimport\s+io\.micronaut\.retry\.annotation\b/;
/** Spring Framework 7's own `@Retryable` (org.springframework.resilience), not Spring Retry's. */
const SPRING_RESILIENCE = /\bimport\s+org\.springframework\.resilience\.annotation\b/;
const NOT_SPRING_RETRY = new RegExp(`${MICRONAUT_RETRY.source}|${SPRING_RESILIENCE.source}`);

/** A Python file importing Taskiq (the retry middlewares are its own). */
const TASKIQ_IMPORT = /^\s*(?:from\s+taskiq(?:\.[\w.]+)?\s+import|import\s+taskiq)\b/m;

/**
 * go-grpc-middleware's retry interceptor, v1 (`grpc_retry`) or v2 (`interceptors/retry`), imported by a file that gives
 * it a number of attempts (`WithMax(3)`, `WithMax(uint(n))`): the interceptor retries nothing by default (max 0).
 */
const GRPC_RETRY_WITH_ATTEMPTS =
  /"github\.com\/grpc-ecosystem\/go-grpc-middleware\/(?:v2\/interceptors\/)?retry"[\s\S]*\bWithMax\s*\(\s*(?!0\s*\))/;
const PESTER_IMPORT = /"github\.com\/sethgrid\/pester"/;

/** `low`: a retry without (known) backoff, or one whose backoff is a default or written by hand (see `backsOff`). */
const RETRY: RetrySignal[] = [
  // Python
  {
    name: 'tenacity with backoff',
    re: /\bwait_(?:exponential|random_exponential|random|incrementing|exponential_jitter|chain)\s*\(/,
    languages: PY,
    note: 'tenacity retry with exponential/random backoff',
  },
  {
    // The older `retrying` package (`@retry(stop_max_attempt_number=5, wait_exponential_multiplier=1000)`): its waits
    // are keyword arguments of the decorator, named for the backoff they grow by.
    name: 'the retrying package with growing waits',
    re: /\bwait_(?:exponential_multiplier|exponential_max|random_min|random_max|incrementing_increment|jitter_max)\s*=/,
    languages: PY,
    note: 'retrying decorator with exponential/random backoff',
  },
  {
    name: 'tenacity without backoff',
    re: /@(?:tenacity\.)?retry\b|\bRetrying\s*\(|\bAsyncRetrying\s*\(/,
    languages: PY,
    note: 'tenacity retry (no exponential wait seen)',
    confidence: 'low',
  },
  {
    name: 'backoff',
    re: /@backoff\.on_(?:exception|predicate)\s*\(/,
    languages: PY,
    note: 'backoff decorator (exponential by default with backoff.expo)',
  },
  {
    name: 'stamina',
    re: /@stamina\.retry\s*\(|\bstamina\.retry_context\s*\(/,
    languages: PY,
    note: 'stamina retry (exponential backoff with jitter)',
  },
  {
    name: 'urllib3 Retry',
    re: /\bRetry\s*\([^)]*\bbackoff_factor\s*=/,
    languages: PY,
    note: 'urllib3 Retry with backoff_factor',
  },
  {
    name: 'HTTPAdapter max_retries',
    re: /\bHTTPAdapter\s*\([^)]*\bmax_retries\s*=/,
    languages: PY,
    note: 'requests HTTPAdapter mounted with max_retries',
  },
  {
    name: 'httpx transport retries',
    re: /\bHTTPTransport\s*\([^)]*\bretries\s*=/,
    languages: PY,
    note: 'httpx transport retries (connection errors only, no backoff)',
    confidence: 'low',
  },
  // Node
  {
    name: 'p-retry',
    re: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["']p-retry["']/,
    languages: JS,
    note: 'p-retry (exponential backoff)',
  },
  { name: 'axios-retry', re: /\baxiosRetry\s*\(/, languages: JS, note: 'axios-retry' },
  {
    name: 'async-retry',
    re: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["']async-retry["']/,
    languages: JS,
    note: 'async-retry (exponential backoff)',
  },
  { name: 'exponential-backoff', re: /\bbackOff\s*\(/, languages: JS, note: 'exponential-backoff backOff()' },
  {
    name: 'cockatiel retry',
    re: /\bretry\s*\(\s*handle\w*\s*,\s*\{[^}]*backoff|\bnew\s+ExponentialBackoff\s*\(/,
    languages: JS,
    note: 'cockatiel retry policy with exponential backoff',
  },
  { name: 'got retry', re: /\bretry\s*:\s*\{\s*limit\s*:/, languages: JS, note: 'got retry options' },
  {
    // In the call's own options (one level of nested calls read through): a `retry:` elsewhere is another library's.
    name: 'ofetch retry option',
    re: /(?<![\w.$])(?:\$fetch|ofetch)(?:\.raw|\.create)?\s*(?:<[^>()]*>\s*)?\((?:[^()]|\([^()]*\))*?\bretry\s*:\s*[1-9]/,
    languages: JS,
    note: 'ofetch retry option (retried after a fixed retryDelay)',
    confidence: 'low',
  },
  {
    name: 'fetch-retry',
    re: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["']fetch-retry["']/,
    languages: JS,
    note: 'fetch-retry',
  },
  // Go
  // Named with the language first: a bare `owner/name` in a gap's searched list is taken for a folder and shown under
  // the component's path (`api/cenkalti/backoff`).
  {
    name: 'Go cenkalti/backoff',
    re: /\bbackoff\.(?:Retry|RetryNotify|NewExponentialBackOff)\s*\(/,
    languages: GO,
    note: 'cenkalti/backoff exponential retry',
  },
  {
    name: 'go-retryablehttp',
    // The client is built by its constructor or as a struct literal that sets its retry policy itself.
    re: /\bretryablehttp\.(?:NewClient\s*\(|Client\s*\{)/,
    languages: GO,
    note: 'hashicorp/go-retryablehttp client (exponential backoff)',
  },
  // resty retries a failed request SetRetryCount times, waiting an exponential backoff with jitter between
  // SetRetryWaitTime and SetRetryMaxWaitTime (100 ms and 2 s by default).
  {
    name: 'resty retries',
    // Go chains break after the dot: the setter may open its line (`resty.New().⏎ SetRetryCount(3).`).
    re: /(?:\.|^\s*)SetRetryCount\s*\(\s*(?!0\s*\))/,
    languages: GO,
    note: 'resty client retries with backoff (SetRetryCount)',
    fileRequires: /"github\.com\/go-resty\/resty(?:\/v\d+)?"|"resty\.dev\/v\d+"/,
  },
  // v5 builds a retrier first: `retry.New(retry.Attempts(n), retry.DelayType(retry.BackOffDelay)).Do(fn)`.
  {
    name: 'retry-go',
    re: /\bretry\.Do\s*\(|\bretry\.New\s*\(\s*retry\.\w+\s*\(/,
    languages: GO,
    note: 'avast/retry-go retry.Do',
  },
  {
    name: 'Go sethvargo/go-retry',
    re: /\bretry\.(?:NewExponential|NewFibonacci)\s*\(/,
    languages: GO,
    note: 'sethvargo/go-retry backoff',
  },
  { name: 'gRPC retry policy', re: /"retryPolicy"\s*:/, languages: GO, note: 'gRPC service-config retry policy' },
  // go-grpc-middleware's retry interceptor, given a number of attempts (see GRPC_RETRY_WITH_ATTEMPTS). Its default wait
  // is a fixed 50 ms (BackoffLinear); an exponential one is chosen by name.
  {
    name: 'go-grpc-middleware retry with exponential backoff',
    re: /\bWithBackoff\s*\(\s*(?:\w+\.)?BackoffExponential\w*\s*\(/,
    languages: GO,
    note: 'go-grpc-middleware retry interceptor with exponential backoff',
    fileRequires: GRPC_RETRY_WITH_ATTEMPTS,
  },
  {
    name: 'go-grpc-middleware retry',
    re: /\b(?:UnaryClientInterceptor|StreamClientInterceptor|WithMax)\s*\(/,
    languages: GO,
    note: 'go-grpc-middleware retry interceptor (a fixed wait unless an exponential backoff is chosen)',
    confidence: 'low',
    fileRequires: GRPC_RETRY_WITH_ATTEMPTS,
  },
  // sethgrid/pester's client retries a failed request (3 attempts by default) after a fixed 1 s wait unless its
  // Backoff is set to one of the growing strategies it ships.
  {
    name: 'pester backoff',
    re: /\bpester\.(?:Exponential|ExponentialJitter|Linear|LinearJitter)Backoff\b/,
    languages: GO,
    note: 'sethgrid/pester retrying HTTP client with a growing backoff',
    fileRequires: PESTER_IMPORT,
  },
  {
    name: 'pester',
    re: /\bpester\.(?:New|NewExtendedClient|Do|Get|Head|Post|PostForm)\s*\(/,
    languages: GO,
    note: 'sethgrid/pester retrying HTTP client (a fixed wait unless a growing backoff is set)',
    confidence: 'low',
    fileRequires: PESTER_IMPORT,
    fileExcludes: /\.MaxRetries\s*=\s*0\b/,
  },
  // eapache/go-resiliency's retrier runs the work again after each wait its backoff lists.
  {
    name: 'go-resiliency retrier with exponential backoff',
    re: /\bretrier\.New\s*\(\s*retrier\.(?:Exponential|LimitedExponential)Backoff\s*\(/,
    languages: GO,
    note: 'eapache/go-resiliency retrier with exponential backoff',
    fileRequires: /"github\.com\/eapache\/go-resiliency\/retrier"/,
  },
  {
    name: 'go-resiliency retrier',
    re: /\bretrier\.New\s*\(/,
    languages: GO,
    note: 'eapache/go-resiliency retrier (the waits it is given)',
    confidence: 'low',
    fileRequires: /"github\.com\/eapache\/go-resiliency\/retrier"/,
  },
  // Temporal runs the calls of a workflow's activities again on failure: every activity has a retry policy by default
  // (a 1 s first wait doubling up to 100 s, attempts unlimited) unless its options set one of its own.
  {
    name: 'Temporal activity retries',
    re: /\bworkflow\.ExecuteActivity\s*\(/,
    languages: GO,
    note: "Temporal activities retried by the workflow's retry policy (exponential backoff by default)",
    fileRequires: /"go\.temporal\.io\/sdk\/workflow"/,
    // A retry policy allowing one attempt switches the retries off.
    fileExcludes: /\bMaximumAttempts\s*:\s*1\b/,
  },
  // JVM
  { name: 'Resilience4j @Retry', re: /@Retry\s*\(\s*name\s*=/, languages: JVM, note: 'Resilience4j @Retry' },
  {
    name: 'Resilience4j Retry',
    re: /\bRetry(?:Registry)?\.of(?:Defaults)?\s*\(|\bRetryConfig\.custom\s*\(/,
    languages: JVM,
    note: 'Resilience4j Retry',
  },
  {
    name: 'Spring Retry @Retryable with @Backoff',
    re: /@Retryable\s*\([^)]*backoff\s*=\s*@Backoff/,
    languages: JVM,
    note: 'Spring Retry @Retryable with @Backoff',
    fileExcludes: NOT_SPRING_RETRY,
  },
  {
    name: 'Spring Retry @Retryable',
    re: /@Retryable\b/,
    languages: JVM,
    note: 'Spring Retry @Retryable (default fixed 1 s backoff)',
    confidence: 'low',
    fileExcludes: NOT_SPRING_RETRY,
  },
  // HMRC http-verbs' Retries trait (its reference.conf): `retryFor(label)(condition)` waits 0.5, 1, 2, 4 then 8 s by
  // default; its own SSL-engine retry is switched off by default, so only a call the service wraps is retried.
  {
    name: 'http-verbs retryFor',
    re: /\bretryFor\s*\(/,
    languages: JVM,
    fileRequires: /^\s*import\s+uk\.gov\.hmrc\.http\.(?:Retries\b|\{[^}]*\bRetries\b)/m,
    note: 'http-verbs retryFor (growing default intervals, 0.5 s to 8 s)',
    confidence: 'low',
    backsOff: true,
  },
  // Spring Framework 7's @Retryable: 3 retries 1 s apart unless a `multiplier` grows the delay (applied once
  // @EnableResilientMethods is on: see springAnnotationsInert).
  {
    name: 'Spring Framework @Retryable with multiplier',
    re: /@Retryable\s*\([^)]*\bmultiplier\s*=\s*(?:[2-9]|1\.[1-9])/,
    languages: JVM,
    fileRequires: SPRING_RESILIENCE,
    note: 'Spring Framework @Retryable with a delay multiplier (exponential backoff)',
  },
  {
    name: 'Spring Framework @Retryable',
    re: /@Retryable\b/,
    languages: JVM,
    fileRequires: SPRING_RESILIENCE,
    note: 'Spring Framework @Retryable (3 retries, a fixed 1 s delay by default)',
    confidence: 'low',
  },
  // Micronaut's own @Retryable (applied by its AOP, nothing to switch on): 3 attempts 1 s apart unless a `multiplier`
  // grows the delay.
  {
    name: 'Micronaut @Retryable with multiplier',
    re: /@Retryable\s*\([^)]*\bmultiplier\s*=\s*"(?:[2-9]|1\.[1-9])/,
    languages: JVM,
    fileRequires: MICRONAUT_RETRY,
    note: 'Micronaut @Retryable with a delay multiplier (exponential backoff)',
  },
  {
    name: 'Micronaut @Retryable',
    re: /@Retryable\b/,
    languages: JVM,
    fileRequires: MICRONAUT_RETRY,
    note: 'Micronaut @Retryable (3 attempts, a fixed 1 s delay by default)',
    confidence: 'low',
  },
  // Spring Retry's programmatic API: a RetryTemplate with an exponential back-off policy, or one with the default or
  // a fixed back-off (low).
  {
    name: 'RetryTemplate with exponential backoff',
    re: /\bnew\s+(?:ExponentialBackOffPolicy|ExponentialRandomBackOffPolicy)\s*\(|\bRetryTemplate\.builder\s*\(\s*\)[\s\S]{0,200}?\.exponentialBackoff\s*\(/,
    languages: JVM,
    fileRequires: /\borg\.springframework\.retry\b/,
    note: 'Spring Retry RetryTemplate with exponential backoff',
  },
  {
    name: 'RetryTemplate',
    re: /\bnew\s+RetryTemplate\s*\(|\bRetryTemplate\.(?:builder|defaultInstance)\s*\(/,
    languages: JVM,
    fileRequires: /\borg\.springframework\.retry\b/,
    note: 'Spring Retry RetryTemplate (fixed or default back-off)',
    confidence: 'low',
  },
  // Project Reactor: `.retryWhen(Retry.backoff(3, Duration.ofMillis(200)))` re-subscribes with exponential backoff;
  // `Retry.fixedDelay(…)` waits the same delay each time (low).
  {
    name: 'Reactor Retry.backoff',
    re: /\bRetry\.backoff\s*\(/,
    languages: JVM,
    fileRequires: /\breactor\.util\.retry\b/,
    note: 'Project Reactor retryWhen(Retry.backoff(…)): exponential backoff',
  },
  {
    name: 'Reactor Retry.fixedDelay',
    re: /\bRetry\.fixedDelay\s*\(/,
    languages: JVM,
    fileRequires: /\breactor\.util\.retry\b/,
    note: 'Project Reactor retryWhen(Retry.fixedDelay(…)): a fixed delay between attempts',
    confidence: 'low',
  },
  {
    // The Ktor client's retry plugin: exponential delay unless `constantDelay` is chosen.
    name: 'Ktor HttpRequestRetry',
    re: /\binstall\s*\(\s*HttpRequestRetry\b/,
    languages: JVM,
    note: 'Ktor client HttpRequestRetry plugin',
  },
  {
    name: 'Failsafe RetryPolicy',
    re: /\bRetryPolicy\.builder\s*\(\s*\)[\s\S]{0,200}?withBackoff/,
    languages: JVM,
    note: 'Failsafe RetryPolicy with backoff',
  },
  {
    name: 'Resilience4j retry config',
    re: /^\s*(?:resilience4j\.retry\.|retry:\s*$)/,
    include: '**/application*.{yml,yaml,properties}',
    note: 'Resilience4j retry instances configured',
  },
  // Spring Cloud Gateway retries the routed calls itself: a `Retry` filter on the routes or in default-filters
  // (`- name: Retry` with args, or the `- Retry=3` shortcut). Its back-off is off unless the args give one
  // (`backoff: { firstBackoff, maxBackoff, factor }`, each wait `factor` times the last) or the Java route DSL sets it.
  {
    name: 'Spring Cloud Gateway Retry filter with backoff',
    // The lines of the same filter item's args (indented under it), up to twelve before `backoff:`.
    re: /^([ \t]*)-[ \t]*name:[ \t]*Retry[ \t]*\n\1[ \t]+args:[ \t]*\n(?:\1[ \t]{3}[^\n]*\n){0,12}?\1[ \t]{3}[ \t]*backoff:/m,
    include: '**/application*.{yml,yaml}',
    note: 'Spring Cloud Gateway Retry filter with a backoff (firstBackoff × factor per attempt)',
  },
  {
    name: 'Spring Cloud Gateway Retry filter with backoff',
    re: /\.setBackoff\s*\(/,
    languages: JVM,
    fileRequires: /\borg\.springframework\.cloud\.gateway\b/,
    note: 'Spring Cloud Gateway retry with a backoff set on the route',
  },
  {
    name: 'Spring Cloud Gateway Retry filter',
    re: /^\s*-\s*(?:name:\s*Retry\s*$|Retry=\S)/,
    include: '**/application*.{yml,yaml}',
    note: 'Spring Cloud Gateway Retry filter retries the routed calls',
    confidence: 'low',
  },
  // Hand-written loops (`for`/`while` over attempts, a Ruby rescue before its retry) that sleep exponentially longer
  // between attempts.
  {
    name: 'hand-written exponential backoff',
    re: /(?:\bfor\s*\(?\s*(?:let\s+|const\s+)?(?:attempt|retry|retries|tries|try_|i)\b|\bwhile\s*\(?\s*(?:not\s+)?[\w.@]*(?:attempt|retr|tries)\w*|^[ \t]*rescue\b)[^\n]*\n(?:[^\n]*\n){0,20}?[^\n]*\b(?:time\.sleep|time\.Sleep|asyncio\.sleep|setTimeout|sleep)(?:\s*\(|[ \t]+)[^\n]*(?:\*\*|<<|Math\.pow|\*\s*2\b|\bbackoff\w*\s*\()/,
    languages: [...PY, ...JS, ...GO, ...RB],
    note: 'hand-written retry loop with exponential sleep',
    confidence: 'low',
    backsOff: true,
  },
  // A delay computed into a variable (delay = base * 2 ** attempt, Elixir's `:math.pow(3, times) * @base`) or doubled
  // (`delay *= 2`), then slept.
  {
    name: 'hand-written exponential backoff',
    // Also awaited through a promise helper (`await delay(backoffMs)`, `await wait(ms)`, the Workers runtime's
    // `await scheduler.wait(ms)`) after the attempt is logged.
    re: /\b(\w*(?:delay|backoff|wait|sleep|interval|pause)\w*)\s*(?::?=\s*[^\n]*(?:\*\*|<<|Math\.pow|\bpow\(|\*\s*2\b)|\*=\s*(?:[2-9]|1\.\d)|<<=\s*1\b)[^\n]*\n(?:[^\n]*\n){0,20}?[^\n]*(?:\b(?:time\.sleep|time\.Sleep|asyncio\.sleep|setTimeout|sleep)\s*\(?|\bawait\s+(?:\w+\.)?(?:delay|wait|pause|sleep\w*|timeout)\s*\()[^\n]*\b\1\b/,
    languages: [...PY, ...JS, ...GO, ...RB, ...RS, 'elixir'],
    note: 'hand-written retry loop with a computed exponential delay',
    confidence: 'low',
    backsOff: true,
  },
  // A delay slept, then grown for the next attempt (`time.Sleep(backoff)` … `backoff *= 2`, `wait = min(wait * 2, max)`).
  {
    name: 'hand-written exponential backoff',
    re: /(?:\b(?:sleep|Sleep|delay|wait|pause)\s*\(\s*|\bsetTimeout\s*\([^,\n]*,\s*|\bsleep[ \t]+)(\w+)\s*\)?[^\n]*\n(?:[^\n]*\n){0,10}?[^\n]*\b\1\s*(?:\*=\s*(?:[2-9]|1\.\d)|<<=\s*1\b|=\s*(?:[\w.:]*min\s*\(\s*|\(\s*)?\1\s*(?:\*\s*(?:[2-9]|1\.\d)|<<\s*1\b))/,
    languages: [...PY, ...JS, ...GO, ...RB, ...RS],
    note: 'hand-written retry loop doubling its delay after each attempt',
    confidence: 'low',
    backsOff: true,
  },
  // Failed work put back with a delay that grows exponentially with the attempt count (`retry_after: Time.now +
  // (1.3**attempts) * 5.minutes`, `Math.pow(2, attempts) * 1000` for the next run): a job or message retried with
  // backoff by the project's own queue.
  {
    name: 'exponential retry schedule',
    // The exponent of the attempt count on a line that makes it a time (a unit, a clock, a delay or period name).
    re: /^(?=[^\n]*(?:seconds?|minutes?|hours?|millis|Time\.(?:now|current)|from_now|Date\.now|Instant\.now|Duration|delay|wait|backoff|sleep|period|interval|retry_?time))[^\n]*?(?:\b\d+(?:\.\d+)?\s*\*\*\s*\(?\s*[\w.@]*(?:attempt|retr|tries|tried|failure)\w*|\bMath\.pow\s*\(\s*\d+(?:\.\d+)?\s*,\s*[\w.]*(?:attempt|retr|tries|failure)\w*)/im,
    languages: [...RB, ...PY, ...JS, ...JVM],
    fileRequires:
      /\bretry_(?:after|at|later|in)\b|\bretry(?:At|After|Later)\b|\brequeue|\breschedul|\bnext_(?:attempt|retry)|\bnext(?:Attempt|Retry)\b|\bperform_in\b/i,
    note: 'failed work requeued with a delay growing exponentially with the attempt count',
  },
  // Go: a delay of 2^attempt (`math.Pow(2, float64(attempt))`, `1 << attempt`) waited for on a timer a few lines on.
  {
    name: 'hand-written exponential backoff',
    re: /(?:\bmath\.Pow\s*\(\s*2(?:\.0)?\s*,\s*float64\s*\(\s*|\b1\s*<<\s*(?:uint\w*\s*\(\s*)?)\w*(?:attempt|retr|tries|failure)\w*[^\n]*\n(?:[^\n]*\n){0,12}?[^\n]*\btime\.(?:Sleep|After|NewTimer)\s*\(/i,
    languages: GO,
    note: 'hand-written retry loop waiting 2^attempt times a base delay',
    backsOff: true,
  },
  // Go: a loop over attempts that waits between them on a timer, the delay computed by a helper (which backs off when
  // its body grows the delay: goHelperDelayGrows).
  {
    name: 'hand-written retry loop',
    re: /^[ \t]*for\s+\w*(?:attempt|retr|tries|try)\w*\s*:=[^\n]*\n(?:[^\n]*\n){0,45}?[^\n]*\btime\.(?:Sleep|After|NewTimer)\s*\(\s*(\w*(?:delay|backoff|wait|sleep|interval|pause)\w*)\s*\)/i,
    languages: GO,
    note: 'hand-written retry loop waiting between attempts (the delay comes from a helper)',
    confidence: 'low',
    backsOff: goHelperDelayGrows,
  },
  // PHP: a loop over attempts, or over a list of delays, that sleeps and catches the failed call (`foreach
  // ($retryDelays as $attempt => $delay) { try { sleep($delay); return $request->post(); } catch (…) { … } }`); it backs
  // off when that list grows (`$retryDelays = [0, 2, 5]`).
  {
    name: 'hand-written retry loop',
    re: /^[ \t]*(?:foreach\s*\(\s*\$(\w*(?:[Rr]etr|[Dd]elay|[Bb]ackoff|[Ww]ait)\w*)\s+as\b|for\s*\(\s*\$\w*(?:[Aa]ttempt|[Rr]etr|[Tt]ries|[Tt]ry)\w*\s*=)[^\n]*\n(?:[^\n]*\n){0,15}?[^\n]*\bu?sleep\s*\([^\n]*\n(?:[^\n]*\n){0,15}?[^\n]*\bcatch\s*\(/,
    languages: PHP,
    note: 'hand-written retry loop',
    confidence: 'low',
    backsOff: (h, repo) => {
      const list = h.match.groups[1];
      const set =
        list && new RegExp(`\\$${escapeRegExp(list)}\\s*=\\s*\\[([\\d\\s,]+)\\]`).exec(repo.read(h.match.path) ?? '');
      return !!set && growingIntervals(set);
    },
  },
  // Hand-written loops with a fixed or no delay: a retry, without backoff.
  {
    name: 'hand-written retry loop',
    re: /^[ \t]*(?:for\s*\(\s*let\s+\w*(?:attempt|retr|tries|try)\w*\b|while\s*\(\s*\+?\+?\w*(?:attempt|retr|tries)\w*\b)[^\n]*\n(?:[^\n]*\n){0,15}?[^\n]*\bcatch\b[^\n]*\n(?:[^\n]*\n){0,8}?[^\n]*\b(?:sleep|setTimeout|delay|wait)\s*\(/,
    languages: JS,
    note: 'hand-written retry loop (fixed or no delay)',
    confidence: 'low',
  },
  {
    name: 'hand-written retry loop',
    // `for attempt in range(3):`, or any loop variable over a retry count (`for i in range(retries):`).
    re: /^[ \t]*(?:for\s+\w*(?:attempt|retr|tries|try)\w*\s+in\s+range\(|for\s+\w+\s+in\s+range\(\s*(?:\d+\s*,\s*)?[\w.]*(?:attempt|retr|tries)\w*\s*(?:[+-]\s*1\s*)?\)|while\s+(?:not\s+)?[\w.]*(?:attempt|retr|tries)\w*\b)[^\n]*\n(?:[^\n]*\n){0,15}?[^\n]*\bexcept\b/,
    languages: PY,
    note: 'hand-written retry loop (fixed or no delay)',
    confidence: 'low',
  },
  {
    name: 'hand-written retry loop',
    re: /^[ \t]*(?:\w+\s*=\s*)?[\w.]*(?:tries|retries|attempts)\w*\s*=\s*[^\n]*\n(?:[^\n]*\n){0,4}?[ \t]*while\s+True\s*:[^\n]*\n(?:[^\n]*\n){0,15}?[^\n]*\bexcept\b[^\n]*\n(?:[^\n]*\n){0,6}?[^\n]*\b\w*(?:tries|retries|attempts)\w*\s*(?:-=\s*1|=\s*[^\n]*-\s*1)/,
    languages: PY,
    note: 'hand-written retry loop counting attempts (fixed or no delay)',
    confidence: 'low',
  },
  {
    name: 'hand-written retry loop',
    re: /^\s*(?:loop\s+do|\w+\.times\s+do|while\b|until\b)[^\n]*\n(?:[^\n]*\n){0,10}?[^\n]*\b\w*(?:tries|retries|attempts|times)\w*\s*-=\s*1[\s\S]{0,600}?\brescue\b/,
    languages: RB,
    note: 'hand-written retry loop counting attempts (fixed or no delay)',
    confidence: 'low',
  },
  // JVM: a loop bounded by a retry count (`for (int i = 0; i < MAX_RETRY; i++)`, Kotlin `for (attempt in 1..maxRetries)`,
  // `repeat(maxAttempts)`) whose body catches the failure.
  {
    name: 'hand-written retry loop',
    re: /^[ \t]*(?:for\s*\(\s*(?:int|long|var|val)?\s*\w+\s*(?:=\s*\d+\s*;\s*\w+\s*<=?|in\s+\d+\s*(?:\.\.|until))\s*[\w.]*?(?:attempt|retr|tries)\w*|while\s*\(\s*\w*(?:attempt|retr|tries)\w*\s*[<>!]=?|repeat\s*\(\s*[\w.]*?(?:attempt|retr|tries)\w*\s*\))[^\n]*\n(?:[^\n]*\n){0,20}?[^\n]*\bcatch\b/i,
    languages: JVM,
    note: 'hand-written retry loop (fixed or no delay)',
    confidence: 'low',
  },
  // Rust: a loop over attempts (`for attempt in 0..MAX_ATTEMPTS`, `while retries < max`) that sleeps between them.
  {
    name: 'hand-written exponential backoff',
    re: /^[ \t]*(?:for\s+\w*(?:attempt|retr|tries|try)\w*\s+in\b|while\s+[\w.]*(?:attempt|retr|tries)\w*\s*[<>!]=?)[^\n]*\n(?:[^\n]*\n){0,25}?[^\n]*\bsleep\s*\([^\n]*(?:\.pow\s*\(|\bpowi?\s*\(|<<|\*\s*2\b|backoff)/i,
    languages: RS,
    note: 'hand-written retry loop with exponential sleep',
    confidence: 'low',
    backsOff: true,
  },
  {
    name: 'hand-written retry loop',
    re: /^[ \t]*(?:for\s+\w*(?:attempt|retr|tries|try)\w*\s+in\b|for\s+\w+\s+in\s+[^\n{]*?\b\w*(?:attempt|retr|tries)\w*|while\s+[\w.]*(?:attempt|retr|tries)\w*\s*[<>!]=?)[^\n]*\n(?:[^\n]*\n){0,25}?[^\n]*\b(?:thread::|time::)?sleep\s*\(/i,
    languages: RS,
    note: 'hand-written retry loop (fixed delay)',
    confidence: 'low',
  },
  // Rust: a bare `loop` counting its attempts (`tries += 1;`, then `if done || tries >= 3 { break result; }`) and
  // sleeping before the next one.
  {
    name: 'hand-written retry loop',
    re: /^[ \t]*loop\s*\{[^\n]*\n(?:[^\n]*\n){0,4}?[ \t]*\w*(?:attempt|retr|tries)\w*\s*\+=\s*1\s*;[^\n]*\n(?:[^\n]*\n){0,25}?[^\n]*\b(?:thread::|time::)?sleep\s*\(/i,
    languages: RS,
    note: 'hand-written retry loop counting attempts (fixed delay)',
    confidence: 'low',
  },
  // A helper deciding whether the next attempt is due (`continue_exponential_backoff_secs(min, max, elapsed, tries)`):
  // failed requests retried on an exponential schedule.
  {
    name: 'hand-written exponential backoff',
    re: /(?<!\bfn\s+)\b\w*exponential_backoff\w*\s*\(/,
    languages: RS,
    note: 'failed attempts retried on an exponential backoff schedule',
    confidence: 'low',
    backsOff: true,
    // The helper's own file (`fn continue_exponential_backoff_secs(…)` calling the Duration form) is no call site.
    fileExcludes: /\bfn\s+\w*exponential_backoff/,
  },
  {
    name: 'delayed_job default retries',
    re: /\bqueue_adapter\s*=\s*:delayed_job\b/,
    languages: RB,
    note: 'delayed_job retries failed jobs (25 attempts with growing delays by default)',
    confidence: 'low',
    backsOff: true,
  },
  // Ruby's retry keyword re-runs the begin block from a rescue.
  {
    name: 'Ruby rescue/retry',
    re: /^\s*rescue\b[^\n]*\n(?:[^\n]*\n){0,6}?\s*retry\b(?:\s+(?:if|unless)\b[^\n]*)?\s*$/,
    languages: RB,
    note: 'rescue ... retry (attempts capped in the condition; fixed or no delay)',
    confidence: 'low',
  },
  // Job queues retry failed jobs: the call inside the job is retried with the queue's backoff.
  {
    name: 'Celery task retries with backoff',
    re: /\bretry_backoff\s*=\s*(?:True|\d)|\.retry\([^)\n]*countdown\s*=\s*[^)\n]*(?:\*\*|<<|\*\s*2\b)/,
    languages: PY,
    note: 'Celery task retries with exponential backoff (retry_backoff / computed countdown)',
  },
  {
    name: 'Celery task retries',
    re: /\bautoretry_for\s*=|\bself\.retry\s*\(|\braise\s+self\.retry\b/,
    languages: PY,
    note: 'Celery task retries (autoretry_for / self.retry; fixed delay unless retry_backoff)',
    confidence: 'low',
  },
  // Taskiq: the broker's retry middleware re-runs a failed task (`broker.with_middlewares(SmartRetryMiddleware(…))`),
  // with a growing delay only when told to (`use_delay_exponent=True`); SimpleRetryMiddleware re-sends it at once.
  {
    name: 'Taskiq retries with backoff',
    re: /\bSmartRetryMiddleware\s*\([^)\n]*\buse_delay_exponent\s*=\s*True\b/,
    languages: PY,
    note: 'Taskiq SmartRetryMiddleware retries failed tasks with an exponential delay (use_delay_exponent)',
    fileRequires: TASKIQ_IMPORT,
  },
  {
    name: 'Taskiq retry middleware',
    re: /\b(?:Simple|Smart)RetryMiddleware\s*\(/,
    languages: PY,
    note: 'Taskiq retry middleware re-runs failed tasks (fixed or no delay unless use_delay_exponent)',
    confidence: 'low',
    fileRequires: TASKIQ_IMPORT,
  },
  // The intervals take effect only where a worker runs RQ's scheduler (`--with-scheduler`), which is not read: low.
  {
    name: 'RQ Retry',
    re: /\bRetry\s*\(\s*max\s*=\s*\w+(?:\s*,\s*interval\s*=\s*\[([^\]]*)\])?/,
    languages: PY,
    note: 'RQ job Retry(max=..., interval=...)',
    confidence: 'low',
    backsOff: (h) => growingIntervals(h.match.groups),
  },
  {
    name: 'Sidekiq retries',
    // `retry:` followed by anything but false or 0 (the lookahead sits before the spaces, so `retry: 0` cannot match
    // by giving the spaces back).
    re: /\bsidekiq_options\b[^\n]*\bretry:(?!\s*(?:false|0)\b)|\bsidekiq_retry_in\b/,
    languages: RB,
    note: 'Sidekiq job retries (exponential backoff)',
  },
  {
    name: 'ActiveJob retry_on with backoff',
    re: /\bretry_on\b[^\n]*\bwait:\s*:(?:exponentially_longer|polynomially_longer)/,
    languages: RB,
    note: 'ActiveJob retry_on with exponential/polynomial wait',
  },
  {
    name: 'ActiveJob retry_on',
    re: /^\s*retry_on\b/,
    languages: RB,
    note: 'ActiveJob retry_on (fixed wait)',
    confidence: 'low',
  },
  {
    name: 'Sidekiq default retries',
    re: /^\s*include\s+Sidekiq::(?:Worker|Job)\b|\bqueue_adapter\s*=\s*:sidekiq\b/,
    languages: RB,
    note: 'Sidekiq retries failed jobs 25 times with exponential backoff by default',
    confidence: 'low',
    backsOff: true,
    // A job that switches its retries off (`sidekiq_options retry: false` / `retry: 0`) gets none of the default ones.
    fileExcludes: /\bsidekiq_options\b[^\n]*\bretry:\s*(?:false|0)\b/,
  },
  {
    name: 'BullMQ attempts with backoff',
    re: /\battempts\s*:\s*\d+[^}]{0,200}\bbackoff\s*:|\bbackoff\s*:[^}]{0,200}\battempts\s*:\s*\d+/,
    languages: JS,
    note: 'BullMQ/Bull job attempts with backoff',
  },
  // Ruby
  {
    name: 'Faraday retry',
    re: /\.request\s*\(?\s*:retry\b|Faraday::Retry::Middleware/,
    languages: RB,
    note: 'Faraday retry middleware',
  },
  { name: 'retriable', re: /\bRetriable\.retriable\b/, languages: RB, note: 'retriable gem (exponential backoff)' },
  // Rust
  {
    name: 'reqwest-retry',
    re: /\bRetryTransientMiddleware::new_with_policy\s*\(/,
    languages: RS,
    note: 'reqwest-retry middleware (exponential backoff on transient errors)',
  },
  {
    name: 'backoff',
    re: /\bbackoff::(?:future::)?retry(?:_notify)?\s*\(|\bExponentialBackoff(?:Builder)?::(?:default|new)\s*\(/,
    languages: RS,
    note: 'backoff crate retry (exponential backoff)',
    fileRequires: /\bbackoff\b/,
  },
  {
    // Also imported under an alias (`use tokio_retry::{Retry as TokioRetry}`, a project's own retry crate wrapping it).
    name: 'tokio-retry',
    re: /\b(?:tokio_retry::)?\w*Retry(?:If)?::spawn\s*\(/,
    languages: RS,
    note: 'tokio-retry with a backoff strategy',
    fileRequires: /\btokio_retry\b/,
  },
  {
    name: 'backon',
    re: /\.retry\s*\(\s*(?:&\s*)?(?:Exponential|Fibonacci|Constant)Builder\b/,
    languages: RS,
    note: 'backon retry',
  },
  // backon's Retryable on a backoff built elsewhere (`let backoff = self.get_backoff(); func.retry(backoff)`), in a
  // file that builds it from backon's exponential/Fibonacci/constant builders.
  {
    name: 'backon',
    re: /\.retry\s*\(\s*(?:&\s*)?\w*backoff\w*\s*\)/i,
    languages: RS,
    fileRequires: /\buse\s+backon::[^;]*\b(?:Exponential|Fibonacci|Constant)Builder\b/,
    note: 'backon retry',
  },
  // .NET
  {
    name: 'Microsoft.Extensions.Http.Resilience',
    re: /\.AddStandardResilienceHandler\s*\(|\.AddResilienceHandler\s*\(|\.AddStandardHedgingHandler\s*\(/,
    languages: CS,
    note: 'standard resilience handler: retries with exponential backoff and jitter, circuit breaker, timeouts',
  },
  {
    name: 'Polly retry',
    re: /\.WaitAndRetry(?:Async|Forever\w*)?\s*\(|\.AddRetry\s*\(|\bnew\s+RetryStrategyOptions\b|\bHttpPolicyExtensions\s*\.\s*HandleTransientHttpError\s*\(/,
    languages: CS,
    note: 'Polly retry policy',
  },
  {
    name: 'Aspire service defaults',
    re: /\bConfigureHttpClientDefaults\s*\([\s\S]{0,200}?AddStandardResilienceHandler/,
    languages: CS,
    note: 'every HttpClient gets the standard resilience handler (Aspire service defaults)',
  },
  {
    // Hangfire's retry filter or attribute with the delays listed (`DelaysInSeconds = new[] { 3600 }`): the job, and
    // the calls in it, run again after each listed delay.
    name: 'Hangfire AutomaticRetry with listed delays',
    re: /\bAutomaticRetry(?:Attribute)?\s*(?:\([^)]*?|\{[^}]*?)\bDelaysInSeconds\b/,
    languages: CS,
    note: 'Hangfire retries failed jobs after the delays it lists',
    confidence: 'low',
  },
  {
    name: 'Hangfire AutomaticRetry',
    re: /\bAutomaticRetry(?:Attribute)?\s*(?:\((?![^)]*\bDelaysInSeconds\b)|\{(?![^}]*\bDelaysInSeconds\b))\s*Attempts\s*=\s*[1-9]/,
    languages: CS,
    note: 'Hangfire retries failed jobs, each delay longer than the last (its default schedule)',
    confidence: 'low',
    backsOff: true,
  },
  {
    name: 'EF Core retry on failure',
    re: /\.EnableRetryOnFailure\s*\(/,
    languages: CS,
    note: 'EF Core retries transient database failures, each delay longer than the last (exponential with jitter)',
    confidence: 'low',
    backsOff: true,
  },
  // PHP
  {
    name: 'Laravel Http::retry with backoff',
    re: /(?:->|::)retry\s*\(\s*(?:\[|\d+\s*,\s*(?:fn|function)\b)/,
    languages: ['php'],
    note: 'Laravel HTTP client retry with a backoff list or computed delay',
  },
  {
    name: 'Laravel Http::retry',
    re: /\bHttp::retry\s*\(|->\s*retry\s*\(\s*\d+/,
    languages: ['php'],
    note: 'Laravel HTTP client retry (fixed delay)',
    confidence: 'low',
  },
  {
    name: 'Guzzle retry middleware',
    re: /\bMiddleware::retry\s*\(|\bGuzzleRetryMiddleware\b/,
    languages: ['php'],
    note: 'Guzzle retry middleware',
  },
  {
    name: 'Symfony RetryableHttpClient',
    re: /\bnew\s+RetryableHttpClient\s*\(|\bGenericRetryStrategy\b/,
    languages: ['php'],
    note: 'Symfony RetryableHttpClient (exponential backoff)',
  },
  {
    name: 'Laravel queued job backoff',
    re: /public\s+(?:int|array|\$)?\s*\$?backoff\s*=|public\s+function\s+backoff\s*\(/,
    languages: ['php'],
    note: 'Laravel queued jobs retried with backoff',
    confidence: 'low',
    backsOff: true,
  },
  {
    name: 'Symfony Messenger retry strategy',
    re: /^\s*retry_strategy\s*:/,
    include: symfonyConfigGlobs('messenger'),
    note: 'Messenger transports retry failed messages (multiplier backoff)',
    confidence: 'low',
    backsOff: true,
  },
  // Elixir
  {
    name: 'Tesla retry middleware',
    re: /\bTesla\.Middleware\.Retry\b/,
    languages: ['elixir'],
    note: 'Tesla.Middleware.Retry (exponential backoff with jitter)',
  },
  {
    name: 'Req retry',
    re: /\bretry:\s*(?::transient|:safe_transient|&|fn)|\bmax_retries:\s*[1-9]/,
    languages: ['elixir'],
    fileRequires: /\bReq\./,
    note: 'Req retry option (exponential backoff)',
  },
  // The retry library's macro (`use Retry`): `retry with: exponential_backoff() |> randomize |> expiry(5_000) do … end`.
  {
    name: 'Retry macro with backoff',
    re: /\bretry(?:_while)?\s+with:\s*(?:exponential_backoff|linear_backoff|lin_backoff)\b/,
    languages: ['elixir'],
    fileRequires: /\buse\s+Retry\b/,
    note: 'retry macro with exponential/linear backoff',
  },
  {
    name: 'Retry macro',
    re: /\bretry(?:_while)?\s+with:/,
    languages: ['elixir'],
    fileRequires: /\buse\s+Retry\b/,
    note: 'retry macro (a constant or custom delay)',
    confidence: 'low',
  },
  {
    name: 'Oban job retries',
    re: /\buse\s+Oban\.(?:Worker|Pro\.Worker)\b/,
    languages: ['elixir'],
    note: 'Oban retries failed jobs with exponential backoff (max_attempts 20 by default)',
    confidence: 'low',
    backsOff: true,
  },
];

/** A retry that only waits for the database (or broker) at start-up. */
const STARTUP_CONTEXT =
  /\b(?:wait_for_(?:db|database|postgres|mysql|redis|broker)|waitFor(?:Db|Database|Postgres)|connect_?(?:db|database|to_db)|db_?connect|init_?db|create_engine|engine\.connect|asyncpg\.connect|psycopg2?\.connect|pg_isready|sql\.Open|db\.Ping|\.PingContext|mongoose\.connect|prisma\.\$connect|sequelize\.authenticate|redis\.ping|DataSource|ActiveRecord::Base\.connection|database)\b/i;

function isStartupOnly(repo: RepoIndex, h: SignalHit): boolean {
  const lines = repo.lines(h.match.path);
  const window = lines.slice(Math.max(0, h.match.line - 3), h.match.line + 12).join('\n');
  // An ORM Session or a database client in the loop is still the database: only an HTTP client makes it a remote call.
  return (
    (STARTUP_CONTEXT.test(window) ||
      /(^|\/)(?:init_db|wait_for\w*|\w*pre_?start\w*|db_ready)\.py$/.test(h.match.path)) &&
    !/\b(?:requests\.|httpx\.|aiohttp|axios|fetch\(|got\(|http\.(?:Get|Do|Post)|\.Do\(|RestTemplate|WebClient|Faraday|urlopen|HTTParty|Net::HTTP|pycurl)/.test(
      window,
    )
  );
}

/**
 * A retry decorator around a function that catches every exception itself never sees one, so it never retries:
 * `@retry(...)` over `def f(): try: ... except Exception: return None`.
 */
function swallowsEverything(repo: RepoIndex, h: SignalHit): boolean {
  if (!/^\s*@/.test(h.match.text)) return false;
  const lines = repo.lines(h.match.path);
  let i = h.match.line;
  while (i < lines.length && !/^\s*(?:async\s+)?def\s/.test(lines[i] ?? '')) i++;
  const indent = /^\s*/.exec(lines[i] ?? '')![0].length;
  const body: string[] = [];
  for (let k = i + 1; k < lines.length; k++) {
    const l = lines[k]!;
    if (l.trim() && /^\s*/.exec(l)![0].length <= indent) break;
    body.push(l);
  }
  const text = body.join('\n');
  return /^\s*except\s*(?:(?:Exception|BaseException)(?:\s+as\s+\w+)?)?\s*:/m.test(text) && !/^\s*raise\b/m.test(text);
}

/** An exponent, a shift or a doubling: a delay that grows with the attempt. */
const GROWS = /<<|\bmath\.Pow\s*\(|\*=?\s*(?:[2-9]|1\.\d)\b/;

/**
 * The Go loop waits on a delay a helper of its package returns (`pause := nextPause(try)`), and the helper's body
 * grows it (`50 * (1 << try)`, `math.Pow(2, n)`).
 */
function goHelperDelayGrows(h: SignalHit, repo: RepoIndex): boolean {
  const [loop = '', delay] = h.match.groups;
  if (!delay) return false;
  const helper = new RegExp(`\\b${escapeRegExp(delay)}\\s*:?=\\s*(?:\\w+\\.)?(\\w+)\\s*\\(`).exec(loop)?.[1];
  if (!helper) return false;
  const decl = new RegExp(`^func\\s+(?:\\([^)\\n]*\\)\\s*)?${escapeRegExp(helper)}\\s*\\(`, 'm');
  const dir = path.posix.dirname(h.match.path);
  for (const file of repo.glob(dir === '.' ? '*.go' : `${dir}/*.go`)) {
    const text = repo.read(file.path) ?? '';
    const m = decl.exec(text);
    if (!m) continue;
    const open = text.indexOf('{', m.index + m[0].length);
    return open >= 0 && GROWS.test(bracketBody(text, open) ?? '');
  }
  return false;
}

export interface RetryFacts {
  /** Retries (libraries, decorators, transports, job-queue retries, hand-written loops) in code the service reaches. */
  wired: SignalHit[];
  /** The retry only waits for the database or a broker at start-up (its surroundings name no HTTP client). */
  startupOnly(h: SignalHit): boolean;
  /** A retry decorator over a function that catches every exception itself, so it never sees one to retry. */
  swallowsEverything(h: SignalHit): boolean;
  /** A low-confidence retry that still backs off (a job queue's default schedule, a hand-written growing delay). */
  backsOff(h: SignalHit): boolean;
  /** What was looked for, by name. */
  searched: string[];
}

/** Retries with or without backoff that production code sets up. */
export function detectRetries(repo: RepoIndex, facts: Facts): RetryFacts {
  return {
    // The client factory's handlers retry none of a gateway's requests when its only outbound calls are YARP's.
    wired: findSignals(facts, RETRY).filter(
      (h) => h.wired && !(HTTP_CLIENT_HANDLERS.test(h.signal.name) && onlyProxyForwarding(facts.outbound)),
    ),
    startupOnly: (h) => isStartupOnly(repo, h),
    swallowsEverything: (h) => swallowsEverything(repo, h),
    backsOff: (h) => {
      const backsOff = (h.signal as RetrySignal).backsOff;
      return backsOff === true || !!backsOff?.(h, repo);
    },
    searched: [...new Set(RETRY.map((s) => s.name))],
  };
}

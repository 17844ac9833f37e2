import { defineRule, type SignalHit, springAnnotationsInert } from '../../src/sdk/index.js';
import { hitEvidence } from '../_lib/signal-evidence.js';

export default defineRule({
  meta: {
    id: 'resilience.retries',
    category: 'resilience',
    title: 'Outbound calls are retried with backoff',
    severity: 'medium',
    level: 2,
    scope: 'component',
    requires: ['outbound-calls', 'own-outbound-calls'],
    docs: {
      why: 'Calls to other services fail transiently (a restart, a dropped connection, a 503 during a deploy). Retrying with exponential backoff and jitter absorbs those blips without hammering a service that is already struggling.',
      how: 'Applies when production code makes outbound HTTP/RPC calls to other services (requests, httpx, aiohttp, axios, fetch, got, Go net/http, gRPC, RestTemplate/WebClient/Feign, Faraday/HTTParty/Net::HTTP, vendor SDKs); database drivers do not count as outbound calls. Passes on a retry with backoff in production code: tenacity wait_exponential, backoff, stamina, urllib3 Retry(backoff_factor) on an HTTPAdapter, p-retry, axios-retry, async-retry, cockatiel, cenkalti/backoff, go-retryablehttp, retry-go, go-grpc-middleware’s retry interceptor given a number of attempts (WithMax; retries nothing without one) with an exponential backoff (its default fixed wait: low), sethgrid/pester with a growing backoff (its default fixed wait: low), eapache/go-resiliency’s retrier (with an exponential backoff; other waits: low), Resilience4j Retry, Spring Retry @Retryable(@Backoff) or a RetryTemplate with an exponential back-off policy (a fixed or default one: low confidence; no @EnableRetry needed), a Spring Cloud Gateway Retry filter given a backoff (without one: low, no backoff), Micronaut @Retryable with a multiplier (without one: low, no backoff), Spring Framework 7’s @Retryable with a multiplier (without one: low, a fixed delay), Faraday retry, retriable. Retries without backoff (tenacity without wait, httpx transport retries, an ofetch/`$fetch` call given a `retry` count) and SDKs that retry by default (openai, anthropic, boto3, got, ky, the cloud SDK clients of AWS for JavaScript, .NET, Go and Java, of Azure for .NET, Go and Python, Google Cloud’s .NET clients) pass with low confidence, unless the file switches their retries off (maxAttempts: 1, MaxErrorRetry = 0, aws.NopRetryer, RetryPolicy.none(), a negative MaxRetries, retry_total=0, boto3 max_attempts 0). Hand-written loops pass with low confidence: with backoff when the delay grows (`sleep(2 ** attempt)`, a delay computed exponentially or doubled after each failure), without it for a fixed delay, none, or a Ruby rescue/retry. Temporal runs a workflow’s activities again by its default retry policy (a doubling wait, attempts unlimited): `workflow.ExecuteActivity` in Go passes, unless the file gives a policy of one attempt (MaximumAttempts: 1). Job queues retry failed jobs: Celery autoretry_for/self.retry (with retry_backoff: high confidence), RQ Retry (a growing interval list backs off, at low confidence: the intervals need a worker running the RQ scheduler), Sidekiq (sidekiq_options retry: high confidence), ActiveJob retry_on, BullMQ attempts with backoff; the default 25 retries of Sidekiq and of delayed_job, Oban workers, Laravel queued jobs with a backoff and Symfony Messenger retry strategies back off by default (with backoff, low confidence); so does Hangfire’s AutomaticRetry with attempts and no delays listed, and EF Core’s EnableRetryOnFailure (low); Hangfire’s AutomaticRetry with DelaysInSeconds retries after the delays listed (without backoff, low). Outbound calls include mail sent over SMTP (smtplib, Django mail, Flask-Mail, ActionMailer, nodemailer); scripts, developer tooling, rake tasks, browser code and mock clients are not outbound calls of the service. A retry decorator around a function that catches every exception itself never retries (gap). Resilience4j/Spring Retry annotations count only when Spring can apply them (AOP on the classpath, @EnableRetry for Spring Retry, @EnableResilientMethods for Spring Framework 7’s @Retryable); otherwise they are reported as inert. A retry used only to wait for the database at start-up is a gap. n/a for a library: the calls it makes are its product, made for the application that uses it, which decides how they are retried.',
      fix: [
        'Python: wrap outbound calls with tenacity (@retry(stop=stop_after_attempt(3), wait=wait_exponential_jitter())) or mount urllib3 Retry(total=3, backoff_factor=0.5, status_forcelist=[502, 503, 504]) on a requests Session.',
        'Node: axios-retry with exponentialDelay, or p-retry around fetch.',
        'Go: hashicorp/go-retryablehttp or cenkalti/backoff.',
        'Spring: Resilience4j @Retry.',
        'Ruby: Faraday retry middleware.',
        'Only retry idempotent requests, cap attempts, and add jitter.',
        'Rust: wrap the reqwest client with reqwest-middleware + reqwest-retry RetryTransientMiddleware (ExponentialBackoff), or use the backoff / tokio-retry crates around calls.',
        '.NET: AddHttpClient<T>().AddStandardResilienceHandler() (Microsoft.Extensions.Http.Resilience), or a Polly retry with exponential backoff and jitter.',
        'Laravel: Http::retry([100, 200, 500], throw: false) on outbound calls; queued jobs with $tries and backoff().',
        'Symfony: wrap the HttpClient in RetryableHttpClient; give Messenger transports a retry_strategy with a multiplier.',
        'Elixir: Tesla.Middleware.Retry with delay/max_delay, or Req with retry: :transient and max_retries.',
      ],
      effort: 'S',
      links: ['https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/'],
    },
    messages: {
      backoff: 'Outbound calls are retried with backoff: {{what}}.',
      noBackoff: 'Outbound calls are retried, but without (visible) backoff: {{what}}.',
      sdkDefault: 'Outbound calls go through SDKs that retry with backoff by default ({{what}}).',
      startupOnly:
        'The only retry waits for the database at start-up ({{where}}); outbound calls ({{calls}}) are not retried.',
      declaredNotUsed: '{{lib}} is declared but not used ({{manifest}}): outbound calls ({{calls}}) are not retried.',
      none: 'Outbound calls ({{calls}}) are made without retries.',
      inert: 'Retry annotations are present but inert: {{why}}.',
      swallowed:
        'The retry at {{where}} never fires: the function it wraps catches every exception itself; outbound calls ({{calls}}) are not retried.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['retry', 'retries', 'retry logic', 'exponential backoff', 'backoff', 'retry mechanisms'],
  },
  check(ctx) {
    const out = ctx.facts.outbound;
    // The calls that need a retry: SDKs that retry by default are named apart.
    const bare = out.calls.filter((c) => !c.builtinRetry);
    const builtin = [...new Set(out.calls.filter((c) => c.builtinRetry).map((c) => c.library))];
    const calls =
      [...new Set((bare.length ? bare : out.calls).map((c) => c.library))].join(', ') +
      (bare.length && builtin.length
        ? `; ${builtin.join(', ')} retr${builtin.length > 1 ? 'y' : 'ies'} by default`
        : '');
    const callEv = (bare.length ? bare : out.calls)
      .slice(0, 2)
      .map((c) => ctx.at(c.file, c.line, `outbound call (${c.library})`));
    const retries = ctx.facts.retries;
    const all = retries.wired;
    const inert: { hit: SignalHit; why: string }[] = [];
    const hits = all
      .filter((h) => {
        const kind = /^Resilience4j @Retry/.test(h.signal.name)
          ? 'resilience4j'
          : /^Spring Retry/.test(h.signal.name)
            ? 'spring-retry'
            : /^Spring Framework @Retryable/.test(h.signal.name)
              ? 'spring-resilience'
              : undefined;
        const why = kind && springAnnotationsInert(ctx.facts, kind);
        if (why) inert.push({ hit: h, why });
        return !why;
      })
      .filter((h) => !(inert.length && h.signal.name === 'Resilience4j retry config'));
    const swallowed = hits.filter((h) => retries.swallowsEverything(h));
    const outbound = hits.filter((h) => !retries.startupOnly(h) && !swallowed.includes(h));
    const strong = outbound.filter((h) => h.signal.confidence !== 'low');
    if (strong.length) {
      return ctx.pass(
        strong.slice(0, 3).map((h) => hitEvidence(ctx, h)),
        { messageId: 'backoff', data: { what: [...new Set(strong.map((h) => h.signal.name))].join(', ') } },
      );
    }
    const backingOff = outbound.filter((h) => retries.backsOff(h));
    if (backingOff.length)
      return ctx.pass(
        backingOff.slice(0, 3).map((h) => hitEvidence(ctx, h)),
        {
          messageId: 'backoff',
          confidence: 'low',
          data: { what: [...new Set(backingOff.map((h) => h.signal.name))].join(', ') },
        },
      );
    if (outbound.length) {
      return ctx.pass(
        outbound.slice(0, 3).map((h) => hitEvidence(ctx, h)),
        {
          messageId: 'noBackoff',
          confidence: 'low',
          data: { what: [...new Set(outbound.map((h) => h.signal.name))].join(', ') },
        },
      );
    }
    if (out.calls.length && out.calls.every((c) => c.builtinRetry)) {
      return ctx.pass(
        out.calls
          .slice(0, 3)
          .map((c) =>
            ctx.at(c.file, c.line, `${c.library} client: retries with exponential backoff by default (SDK default)`),
          ),
        {
          messageId: 'sdkDefault',
          confidence: 'low',
          data: { what: builtin.join(', ') },
        },
      );
    }
    if (inert.length) {
      const { hit, why } = inert[0]!;
      return ctx.gap('inert', [hitEvidence(ctx, hit, `${hit.signal.note}, but ${why}`), ...callEv], { data: { why } });
    }
    if (swallowed.length) {
      const h = swallowed[0]!;
      return ctx.gap(
        'swallowed',
        [
          hitEvidence(ctx, h, `${h.signal.note}, but the function catches every exception, so it never retries`),
          ...callEv,
        ],
        { data: { where: `${h.match.path}:${h.match.line}`, calls } },
      );
    }
    if (hits.length) {
      const h = hits[0]!;
      return ctx.gap(
        'startupOnly',
        [hitEvidence(ctx, h, `${h.signal.note}, used only to wait for the database at start-up`), ...callEv],
        { data: { where: `${h.match.path}:${h.match.line}`, calls } },
      );
    }
    const d = ctx.facts.deps.declaredHere(
      ['python', 'tenacity'],
      ['python', 'backoff'],
      ['python', 'stamina'],
      ['node', 'p-retry'],
      ['node', 'axios-retry'],
      ['node', 'async-retry'],
      ['node', 'exponential-backoff'],
      ['go', /cenkalti\/backoff/],
      ['go', 'github.com/hashicorp/go-retryablehttp'],
      ['go', /avast\/retry-go/],
      ['jvm', /resilience4j-(retry|spring-boot\d?)$/],
      ['jvm', 'org.springframework.retry:spring-retry'],
      ['ruby', 'faraday-retry'],
      ['ruby', 'retriable'],
      ['php', 'caseyamcl/guzzle_retry_middleware'],
      ['elixir', 'retry'],
      ['elixir', 'external_service'],
    );
    if (d) {
      return ctx.gap('declaredNotUsed', [ctx.at(d.manifest, d.line, `${d.name} declared`), ...callEv], {
        data: { lib: d.name, manifest: d.manifest, calls },
      });
    }
    return ctx.gap(
      'none',
      [...callEv, ctx.missing(retries.searched, 'no retry around outbound calls in production code')],
      { data: { calls } },
    );
  },
});

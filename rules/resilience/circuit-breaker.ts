import { defineRule, springAnnotationsInert } from '../../src/sdk/index.js';
import { hitEvidence } from '../_lib/signal-evidence.js';

export default defineRule({
  meta: {
    id: 'resilience.circuit-breaker',
    category: 'resilience',
    title: 'Outbound calls are protected by a circuit breaker',
    severity: 'medium',
    level: 3,
    scope: 'component',
    requires: ['outbound-calls', 'own-outbound-calls'],
    docs: {
      why: 'When a dependency is down, a circuit breaker fails fast instead of letting every request wait for a timeout; threads and connections stay free and the dependency gets room to recover.',
      how: 'Applies when production code makes outbound HTTP/RPC calls to other services (database drivers do not count). Passes on a circuit breaker in production code reached from the entrypoint: pybreaker, aiobreaker, circuitbreaker, purgatory; opossum, cockatiel, brakes; sony/gobreaker, hystrix-go, failsafe-go, or a Go breaker the project writes itself (a struct named a circuit or breaker in a file naming the half-open state: low confidence, read by names); Resilience4j (annotation, registry or application config), Spring Cloud CircuitBreaker; circuitbox, stoplight. Hystrix (deprecated) and mesh-level outlier detection pass with low confidence. A breaker library declared but never used is a gap; Resilience4j @CircuitBreaker without AOP on the classpath is inert (gap). n/a for a library: the calls it makes (an HTTP client, an SDK) are its product, made for the application that uses it, which wraps them in its own breaker.',
      fix: [
        'Python: pybreaker.CircuitBreaker(fail_max=5, reset_timeout=30) around the client call.',
        'Node: wrap the client call in an opossum breaker.',
        'Go: wrap the client call in a sony/gobreaker CircuitBreaker.',
        'Spring: Resilience4j @CircuitBreaker(name = "x", fallbackMethod = ...).',
        'Ruby: wrap the client call in a Circuitbox circuit.',
        'PHP: ackintosh/ganesha (Guzzle middleware).',
        'Elixir: :fuse via Tesla.Middleware.Fuse or ExternalService.',
        'Pair it with timeouts and a fallback response.',
        'Rust: a failsafe-rs StateMachine (consecutive_failures with backoff) around the client call.',
        '.NET: AddStandardResilienceHandler() includes a circuit breaker per HttpClient; Polly AddCircuitBreaker for other calls.',
      ],
      effort: 'M',
      links: ['https://martinfowler.com/bliki/CircuitBreaker.html'],
    },
    messages: {
      found: 'Outbound calls are protected by a circuit breaker: {{what}}.',
      neverWired: 'A circuit breaker is defined in {{file}} but never wired: no entrypoint imports it.',
      declaredNotUsed:
        '{{lib}} is declared but not used ({{manifest}}): outbound calls ({{calls}}) have no circuit breaker.',
      none: 'Outbound calls ({{calls}}) have no circuit breaker.',
      inert: 'Circuit breaker annotations are present but inert: {{why}}.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['circuit breaker', 'circuit breakers', 'circuit-breaker'],
  },
  check(ctx) {
    const out = ctx.facts.outbound;
    const calls = out.libraries.join(', ');
    const callEv = out.calls.slice(0, 2).map((c) => ctx.at(c.file, c.line, `outbound call (${c.library})`));
    const breakers = ctx.facts.circuitBreakers;
    const found = breakers.hits;
    const r4jWhy = springAnnotationsInert(ctx.facts, 'resilience4j');
    const inert = r4jWhy ? found.filter((h) => h.wired && h.signal.name === 'Resilience4j @CircuitBreaker') : [];
    const hits = found.filter((h) => !inert.includes(h));
    const wired = hits.filter((h) => h.wired);
    if (inert.length && !wired.some((h) => h.signal.name !== 'Resilience4j circuit breaker config')) {
      return ctx.gap('inert', [hitEvidence(ctx, inert[0]!, `${inert[0]!.signal.note}, but ${r4jWhy}`), ...callEv], {
        data: { why: r4jWhy! },
      });
    }
    if (wired.length) {
      const strong = wired.filter((h) => h.signal.confidence !== 'low');
      const use = strong.length ? strong : wired;
      return ctx.pass(
        use.slice(0, 3).map((h) => hitEvidence(ctx, h)),
        {
          messageId: 'found',
          confidence: strong.length ? 'high' : 'low',
          data: { what: [...new Set(use.map((h) => h.signal.name))].join(', ') },
        },
      );
    }
    if (hits.length) {
      const h = hits[0]!;
      return ctx.gap(
        'neverWired',
        [hitEvidence(ctx, h, `${h.signal.note}, but ${h.match.path} is not imported from any entrypoint`), ...callEv],
        { data: { file: h.match.path } },
      );
    }
    const d = ctx.facts.deps.declaredHere(
      ['python', 'pybreaker'],
      ['python', 'aiobreaker'],
      ['python', 'circuitbreaker'],
      ['python', 'purgatory'],
      ['node', 'opossum'],
      ['node', 'cockatiel'],
      ['node', 'brakes'],
      ['go', 'github.com/sony/gobreaker'],
      ['go', /gobreaker/],
      ['go', 'github.com/afex/hystrix-go'],
      ['go', /failsafe-go/],
      ['jvm', /resilience4j-(circuitbreaker|spring-boot\d?)$/],
      ['jvm', /spring-cloud-starter-circuitbreaker/],
      ['ruby', 'circuitbox'],
      ['ruby', 'stoplight'],
      ['php', 'ackintosh/ganesha'],
      ['elixir', 'fuse'],
      ['elixir', 'external_service'],
    );
    if (d) {
      return ctx.gap('declaredNotUsed', [ctx.at(d.manifest, d.line, `${d.name} declared`), ...callEv], {
        data: { lib: d.name, manifest: d.manifest, calls },
      });
    }
    return ctx.gap('none', [...callEv, ctx.missing(breakers.searched, 'no circuit breaker around outbound calls')], {
      data: { calls },
    });
  },
});

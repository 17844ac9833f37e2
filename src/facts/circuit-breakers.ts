import type { RepoIndex } from '../repo/index.js';
import type { Facts } from './index.js';
import { CS, findSignals, GO, JS, JVM, PY, RB, RS, type Signal, type SignalHit } from './signals.js';
import { HTTP_CLIENT_HANDLERS, onlyProxyForwarding } from './outbound.js';

/** Circuit breakers set up in code or configuration. */
const BREAKERS: Signal[] = [
  // Python
  {
    name: 'pybreaker',
    re: /\b(?:pybreaker\.)?CircuitBreaker\s*\(/,
    languages: PY,
    note: 'pybreaker circuit breaker',
    fileRequires: /\bpybreaker\b/,
  },
  {
    name: 'aiobreaker',
    re: /\b(?:aiobreaker\.)?CircuitBreaker\s*\(/,
    languages: PY,
    note: 'aiobreaker circuit breaker',
    fileRequires: /\baiobreaker\b/,
  },
  { name: 'circuitbreaker', re: /@circuit\b/, languages: PY, note: 'circuitbreaker @circuit decorator' },
  {
    // The library's documented alternative to @circuit: a CircuitBreaker subclass holding the thresholds, whose
    // instances decorate the calls (`@WeatherBreaker(name="weather")`).
    name: 'circuitbreaker',
    re: /^\s*class\s+\w+\s*\(\s*(?:circuitbreaker\.)?CircuitBreaker\s*\)/,
    languages: PY,
    note: 'circuitbreaker CircuitBreaker subclass',
    fileRequires: /\bfrom\s+circuitbreaker\s+import\b|\bimport\s+circuitbreaker\b/,
  },
  {
    name: 'purgatory',
    re: /\bAsyncCircuitBreakerFactory\s*\(|\bSyncCircuitBreakerFactory\s*\(/,
    languages: PY,
    note: 'purgatory circuit breaker',
  },
  // Node
  { name: 'opossum', re: /\bnew\s+CircuitBreaker\s*\(/, languages: JS, note: 'opossum CircuitBreaker' },
  {
    name: 'cockatiel',
    re: /\bcircuitBreaker\s*\(\s*handle\w*/,
    languages: JS,
    note: 'cockatiel circuitBreaker policy',
  },
  { name: 'brakes', re: /\bnew\s+Brakes\s*\(/, languages: JS, note: 'brakes circuit breaker' },
  // Go
  {
    name: 'gobreaker',
    // The two-step breaker (`NewTwoStepCircuitBreaker`, the caller reports each outcome) and v2's generic ones
    // (`NewCircuitBreaker[any](…)`) too.
    re: /\bgobreaker\.New(?:TwoStep)?CircuitBreaker\b(?:\[[^\]\n]{1,40}\])?\s*\(/,
    languages: GO,
    note: 'sony/gobreaker circuit breaker',
  },
  { name: 'hystrix-go', re: /\bhystrix\.(?:Go|Do|ConfigureCommand)\s*\(/, languages: GO, note: 'hystrix-go command' },
  {
    name: 'failsafe-go',
    re: /\bcircuitbreaker\.(?:Builder|NewWithDefaults|With)\w*\s*\[?/,
    languages: GO,
    note: 'failsafe-go circuit breaker',
  },
  {
    // A breaker of the project's own (an HTTP transport or client wrapper keeping per-host state): a struct named a
    // circuit or breaker in a file that also names the half-open state (`circuitHalfOpen`, `StateHalfOpen`), the
    // state only a breaker has (one probe let through after the open period). Read by names, so low confidence.
    name: 'hand-written circuit breaker',
    re: /^type\s+\w*(?:[cC]ircuit|[bB]reaker)\w*\s+struct\b/,
    languages: GO,
    note: 'a circuit breaker of its own (closed, open and half-open states)',
    confidence: 'low',
    fileRequires: /[hH]alf_?[oO]pen|HALF_OPEN/,
  },
  // JVM
  {
    name: 'Resilience4j @CircuitBreaker',
    re: /@CircuitBreaker\s*\(\s*name\s*=/,
    languages: JVM,
    note: 'Resilience4j @CircuitBreaker',
  },
  {
    name: 'Resilience4j CircuitBreaker',
    re: /\bCircuitBreaker(?:Registry)?\.of(?:Defaults)?\s*\(|\bCircuitBreakerConfig\.(?:custom|ofDefaults)\s*\(/,
    languages: JVM,
    note: 'Resilience4j CircuitBreaker',
  },
  {
    name: 'Spring Cloud CircuitBreaker',
    re: /\bCircuitBreakerFactory\b[\s\S]{0,200}?\.create\s*\(|\b(?:Reactive)?CircuitBreaker\s+\w+\s*=\s*\w+\.create\s*\(/,
    languages: JVM,
    note: 'Spring Cloud CircuitBreaker',
  },
  {
    name: 'Hystrix (deprecated)',
    re: /@HystrixCommand\b|@EnableHystrix\b|@EnableCircuitBreaker\b/,
    languages: JVM,
    note: 'Netflix Hystrix (in maintenance since 2018)',
    confidence: 'low',
  },
  {
    name: 'Resilience4j circuit breaker config',
    re: /^\s*(?:resilience4j\.circuitbreaker\.|circuitbreaker:\s*$)/,
    include: '**/application*.{yml,yaml,properties}',
    note: 'Resilience4j circuit breaker instances configured',
  },
  // Ruby
  { name: 'circuitbox', re: /\bCircuitbox\.circuit\b/, languages: RB, note: 'circuitbox circuit' },
  {
    name: 'stoplight',
    re: /\bStoplight\s*\(|\bStoplight::Light\.new\b/,
    languages: RB,
    note: 'stoplight circuit breaker',
  },
  // PHP
  {
    name: 'Ganesha',
    re: /\bGanesha\\Builder::\w+\s*\(|\bGanesha\\GuzzleMiddleware\b|\bBuilder::withRateStrategy\s*\(/,
    languages: ['php'],
    note: 'Ganesha circuit breaker',
  },
  // Elixir
  {
    name: 'fuse',
    re: /:fuse\.(?:install|ask|melt|run)\s*\(|\bExternalService\.call!?\s*\(|\bTesla\.Middleware\.Fuse\b/,
    languages: ['elixir'],
    note: 'fuse circuit breaker (Tesla.Middleware.Fuse / ExternalService)',
  },
  // Rust
  {
    name: 'failsafe',
    re: /\bfailure_policy::consecutive_failures\s*\(|\bfailsafe::Config::new\s*\(|\bStateMachine<[^>]*failure_policy/,
    languages: RS,
    note: 'failsafe-rs circuit breaker',
    fileRequires: /\bfailsafe\b/,
  },
  // .NET
  {
    name: 'Microsoft.Extensions.Http.Resilience',
    re: /\.AddStandardResilienceHandler\s*\(|\.AddCircuitBreaker\s*\(|\bnew\s+(?:HttpCircuitBreakerStrategyOptions|CircuitBreakerStrategyOptions)\b/,
    languages: CS,
    note: 'HttpClient resilience pipeline with a circuit breaker',
  },
  {
    name: 'Polly circuit breaker',
    re: /\.(?:Advanced)?CircuitBreaker(?:Async)?\s*\(/,
    languages: CS,
    note: 'Polly circuit breaker policy',
  },
  // Service mesh
  {
    name: 'Istio outlier detection',
    re: /^\s*outlierDetection:\s*$/,
    include: ['**/*.{yml,yaml}'],
    note: 'circuit breaking in the mesh (Istio DestinationRule outlierDetection)',
    confidence: 'low',
  },
];

export interface CircuitBreakerFacts {
  /** Breaker set-ups in production code and config, wired or not, in signal order. */
  hits: SignalHit[];
  /** What was looked for, by name. */
  searched: string[];
}

/** Circuit breakers (pybreaker, opossum, cockatiel, gobreaker, Resilience4j, Polly, circuitbox …) the service sets up. */
export function detectCircuitBreakers(_repo: RepoIndex, facts: Facts): CircuitBreakerFacts {
  // The client factory's handlers break no circuit for a gateway whose only outbound calls are YARP's forwarding.
  const proxied = onlyProxyForwarding(facts.outbound);
  return {
    hits: findSignals(facts, BREAKERS).filter((h) => !(proxied && HTTP_CLIENT_HANDLERS.test(h.signal.name))),
    searched: [...new Set(BREAKERS.map((s) => s.name))],
  };
}

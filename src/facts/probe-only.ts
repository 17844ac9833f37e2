import { PROBE_PATH } from './grpc.js';
import { describeRoute, reachedRoutes } from './handlers.js';
import type { Facts } from './index.js';
import { grepReached } from './live-code.js';

/**
 * Route registrations the route reader may not resolve to paths (controllers, hubs, page handlers, GraphQL, custom
 * route attributes): where one is reached, the routes read are not the whole API, so the service is not probe-only.
 */
const API_MARKERS =
  /\b(?:MapControllers|AddControllers|AddControllersWithViews|MapControllerRoute|MapRazorPages|MapBlazorHub|MapRazorComponents|MapHub\s*<|MapGraphQL|MapFallback\w*|MapReverseProxy|UseSpa|MapGrpcService\s*<)\b|\[ApiController\]|:\s*(?:Controller|ControllerBase)\b|@(?:Rest)?Controller\b|@RequestMapping\b|\bGraphQL(?:Router|Schema|HTTPHandler)\b/;

/**
 * Routes read from hand-written request handlers (a fetch handler comparing `url.pathname`, hyper match arms): the
 * handler answers whatever else it is sent (a relay, a fallback), so the probes read there are not all it serves.
 */
const HAND_ROUTED = new Set(['deno', 'bun', 'cloudflare-workers', 'aws-lambda', 'hyper', 'node', 'python']);

/**
 * Work the process does besides answering probes (what makes a probe-only host a worker rather than an API whose
 * routes were not all read): hosted services, job schedulers, queue listeners, scheduled tasks.
 */
const BACKGROUND_WORK =
  /\bAddHostedService\s*<|:\s*(?:BackgroundService|IHostedService)\b|\.Add(?:Cron)?Job\s*<|\bAddHangfireServer\s*\(|\bAddQuartz(?:HostedService)?\s*\(|\bAddMassTransit\s*\(|@(?:Scheduled|KafkaListener|RabbitListener|SqsListener|JmsListener)\b|\b(?:celery|dramatiq|arq|huey)\b|\bWorker\s*\(\s*(?:queues?|\[)|\btokio::spawn\s*\(\s*(?:async\s+move\s*)?\{?\s*(?:run_)?(?:worker|consumer|scheduler)/i;

const cache = new WeakMap<Facts, { note: string } | null>();

/**
 * An HTTP host that answers only probes (a queue worker or job runner exposing /health and /ready for its
 * orchestrator): every route it registers is a health, readiness or metrics endpoint, no gRPC service, no pages or
 * front end, no controller, hub or page registration whose routes the reader could have missed, and the process has
 * background work of its own (a queue consumer, hosted service or job scheduler). There is no API
 * for a caller to authenticate, call cross-origin, read documentation for or get errors from.
 */
export function probeOnly(f: Facts): { note: string } | undefined {
  const hit = cache.get(f);
  if (hit !== undefined) return hit ?? undefined;
  const out = compute(f);
  cache.set(f, out ?? null);
  return out;
}

function compute(f: Facts): { note: string } | undefined {
  if (!f.kind.servesHttp || f.frameworks.grpcOnly) return undefined;
  const routes = reachedRoutes(f).filter((r) => !r.devOnly);
  if (
    !routes.length ||
    !routes.every((r) => r.framework !== 'grpc' && !HAND_ROUTED.has(r.framework) && PROBE_PATH.test(r.fullPath))
  )
    return undefined;
  if (f.grpc.methods.length || f.pages.serverRendered || f.pages.servedFrontend) return undefined;
  if (grepReached(f, API_MARKERS).length) return undefined;
  if (!f.messaging.consumers.length && !grepReached(f, BACKGROUND_WORK).length) return undefined;
  const shown = routes.slice(0, 3).map(describeRoute).join(', ');
  return {
    note: `the service answers only probe routes (${shown}${routes.length > 3 ? ', …' : ''}): there is no API or page for a caller`,
  };
}

import { GIDGETHUB_SIGNED_EVENT } from './authn.js';
import { workloadKey } from './components.js';
import { type FrameworkName, GO_SERVER_START } from './frameworks.js';
import { PROBE_PATH } from './grpc.js';
import { bodyFrom, DEBUG_PATH, describeRoute, handlerDefinition, reachedRoutes, routeBody } from './handlers.js';
import type { Facts } from './index.js';
import { isHealthCheckEndpoint } from './health.js';
import { isBatchWorkload, type K8sObject, type K8sWorkload } from './k8s.js';
import { ACCEPT_CALL, PROTOCOL_LISTENER, SERVES_HTTP_HERE } from './kind.js';
import { grepConfig, grepReached } from './live-code.js';
import { isUnder } from '../repo/view.js';
import { isAdmissionWebhook } from './routes-go.js';
import type { ServiceRoute } from './service.js';

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
const HAND_ROUTED = new Set([
  'deno',
  'bun',
  'cloudflare-workers',
  'aws-lambda',
  'hyper',
  'oxhttp',
  'pingora',
  'node',
  'node:http',
  'python',
]);

/**
 * Work the process does besides answering probes (what makes a probe-only host a worker rather than an API whose
 * routes were not all read): hosted services, job schedulers, queue listeners, scheduled tasks, Kubernetes controllers
 * (`ctrl.NewControllerManagedBy(mgr)`, or client-go informers watching resources: `cache.NewInformerWithOptions`,
 * `cache.NewSharedIndexInformer`, `informers.NewSharedInformerFactory`, or a `cache.ListWatch` handed to a controller
 * library such as kooper).
 */
const BACKGROUND_WORK =
  /\bAddHostedService\s*<|:\s*(?:BackgroundService|IHostedService)\b|\.Add(?:Cron)?Job\s*<|\bAddHangfireServer\s*\(|\bAddQuartz(?:HostedService)?\s*\(|\bAddMassTransit\s*\(|@(?:Scheduled|KafkaListener|RabbitListener|SqsListener|JmsListener)\b|\b(?:celery|dramatiq|arq|saq|huey)\b|\bWorker\s*\(\s*(?:queues?|\[)|\bNewControllerManagedBy\s*\(|\bcache\.New(?:Shared(?:Index)?)?Informer(?:WithOptions)?\s*\(|\bNewSharedInformerFactory(?:WithOptions)?\s*\(|\bcache\.(?:ListWatch\s*\{|NewListWatchFromClient\s*\()|\btokio::spawn\s*\(\s*(?:async\s+move\s*)?\{?\s*(?:run_)?(?:worker|consumer|scheduler)/i;

/** A judgement of the facts computed once per Facts (the whole repository's or a component's). */
function oncePerFacts(compute: (f: Facts) => { note: string } | undefined): (f: Facts) => { note: string } | undefined {
  const cache = new WeakMap<Facts, { note: string } | null>();
  return (f) => {
    const hit = cache.get(f);
    if (hit !== undefined) return hit ?? undefined;
    const out = compute(f);
    cache.set(f, out ?? null);
    return out;
  };
}

/** The first three distinct routes for a note ("GET /healthz, GET /readyz, …"): several programs register the same probes. */
function listRoutes(routes: ReturnType<typeof reachedRoutes>): string {
  const names = [...new Set(routes.map(describeRoute))];
  return `${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}`;
}

/**
 * An HTTP host that answers only probes (a queue worker or job runner exposing /health and /ready for its
 * orchestrator): every route it registers is a health, readiness or metrics endpoint (or an operator's admission
 * webhook, whose one caller is the Kubernetes API server), no gRPC service, no pages or
 * front end, no controller, hub or page registration whose routes the reader could have missed, and the process has
 * background work of its own (a queue consumer, hosted service, job scheduler or Benthos stream). There is no API
 * for a caller to authenticate, call cross-origin, read documentation for or get errors from.
 */
export const probeOnly = oncePerFacts(compute);

function compute(f: Facts): { note: string } | undefined {
  if (!f.kind.servesHttp || f.frameworks.grpcOnly) return undefined;
  const routes = reachedRoutes(f).filter((r) => !r.devOnly);
  // A Benthos service serves its /ping, /ready and /metrics itself (no route of the code) beside its stream.
  const benthos = f.frameworks.has('benthos');
  if (
    (!routes.length && !benthos) ||
    !routes.every(
      (r) =>
        r.framework !== 'grpc' &&
        !HAND_ROUTED.has(r.framework) &&
        (PROBE_PATH.test(r.fullPath) || isHealthCheckEndpoint(r) || isAdmissionWebhook(r)),
    )
  )
    return undefined;
  if (f.grpc.methods.length || f.pages.serverRendered || f.pages.servedFrontend) return undefined;
  if (grepReached(f, API_MARKERS).length) return undefined;
  if (!f.messaging.consumers.length && !benthos && !grepReached(f, BACKGROUND_WORK).length) return undefined;
  const admission = routes.some(isAdmissionWebhook);
  const listed = [
    ...(routes.length ? [listRoutes(routes)] : []),
    ...(benthos ? ['Benthos /ping, /ready, /metrics'] : []),
  ];
  return {
    note: `the service answers only probe routes${admission ? ' and the admission webhooks the Kubernetes API server calls' : ''} (${listed.join('; ')}): there is no API or page for a caller`,
  };
}

/** Frameworks serving a GitHub App's webhook and handing each event to the app's handlers. */
const GITHUB_APP_FRAMEWORKS: FrameworkName[] = ['quarkus-github-app', 'probot'];

/**
 * A GitHub App whose only HTTP server is its app framework (quarkus-github-app, Probot): its one caller is GitHub
 * delivering webhook events, which the framework checks against the app's webhook secret; besides them it answers only
 * probes. There is no API or page for a caller to call cross-origin, read documentation for, version or get errors from.
 */

export const githubAppWebhookOnly = oncePerFacts((f) => {
  const app = GITHUB_APP_FRAMEWORKS.map((n) => f.frameworks.get(n)).find((a) => a !== undefined);
  if (!app || f.frameworks.http.some((h) => !GITHUB_APP_FRAMEWORKS.includes(h.name))) return undefined;
  const routes = reachedRoutes(f).filter((r) => !r.devOnly);
  if (!routes.every((r) => PROBE_PATH.test(r.fullPath)) || f.pages.serverRendered || f.pages.servedFrontend)
    return undefined;
  return {
    note: `a GitHub App: its HTTP is the webhook ${app.name} serves for GitHub's events (${app.path}:${app.line}) and probes, no API or page for a caller`,
  };
});

/**
 * A webhook delivery read with the signature check of its sender: gidgethub's `Event.from_http(…, secret=…)`, Stripe's
 * `Webhook.construct_event` / `webhooks.constructEvent`, @octokit/webhooks' `verifyAndReceive` / `verify`.
 */
const SIGNED_WEBHOOK = new RegExp(
  `${GIDGETHUB_SIGNED_EVENT.source}|\\b(?:Webhook\\.construct_event|webhooks\\.constructEvent|webhooks\\.verify(?:AndReceive)?)\\s*\\(`,
);

/** A sender's signature header (`X-Hub-Signature-256`, `Stripe-Signature`, `X-Slack-Signature`, `X-Shopify-Hmac-Sha256`). */
const SIGNATURE_HEADER = /["'`](?:\w+-)*(?:signature|hmac)(?:-\w+)*["'`]/i;
/** A call of the module's own verifier (`verifySignature(req)`, `isValidWebhook(body, sig)`). */
const VERIFIER_CALL = /\b(?:verify|validate|is[A-Z]?\w*Valid)\w*\s*\(|\w*Signature\s*\(/;
const HMAC_COMPUTED = /\bcreateHmac\s*\(|\bhmac\.new\s*\(|\bname\s*:\s*["']HMAC["']/;
const CONSTANT_TIME = /\b(?:timingSafeEqual|compare_digest)\s*\(/;

/**
 * A delivery checked by hand: the handler reads the sender's signature header or calls a verifier, in a module that
 * computes an HMAC and compares it in constant time.
 */
function handSigned(f: Facts, r: ServiceRoute, handler: string): boolean {
  if (!SIGNATURE_HEADER.test(handler) && !VERIFIER_CALL.test(handler)) return false;
  const module = f.code.text(r.file) ?? '';
  return HMAC_COMPUTED.test(module) && CONSTANT_TIME.test(module);
}

/**
 * What a route's handler does, with the body of the function it names: a Python route registered by call
 * (aiohttp's `app.router.add_post("/", main)`) has no decorated body of its own.
 */
function handlerText(f: Facts, r: ServiceRoute): string {
  const body = routeBody(f, r).text;
  const def = r.handler && /^[\w.]+$/.test(r.handler) ? handlerDefinition(f, r.handler, r.file) : undefined;
  return def ? `${body}\n${bodyFrom(f, def.file, def.line, 60).text}` : body;
}

/**
 * A service whose every route besides probes receives webhooks another service signs (a GitHub bot on gidgethub, a
 * Stripe event receiver, an HMAC checked by hand): the handler checks each delivery's signature, so its one caller is
 * that service's servers, never a browser on another origin.
 */
export const signedWebhooksOnly = oncePerFacts((f) => {
  const routes = reachedRoutes(f).filter((r) => !r.devOnly && !PROBE_PATH.test(r.fullPath));
  if (!routes.length || f.pages.serverRendered || f.pages.servedFrontend || f.grpc.methods.length) return undefined;
  if (!grepReached(f, SIGNED_WEBHOOK).length && !grepReached(f, CONSTANT_TIME).length) return undefined;
  const signed = (r: ServiceRoute) => {
    const handler = handlerText(f, r);
    return SIGNED_WEBHOOK.test(handler) || handSigned(f, r, handler);
  };
  if (!routes.every(signed)) return undefined;
  const r = routes[0]!;
  return {
    note: `the service only receives signed webhooks (${describeRoute(r)} at ${r.file}:${r.line} checks the sender's signature): its caller is the sending service's servers, not a browser on another origin`,
  };
});

/** Servers whose handler is written by hand: without routes read, they answer one handler (a health or metrics one). */
const SINGLE_HANDLER_SERVERS = new Set([...HAND_ROUTED, 'net/http']);

/** The first listener of a protocol other than HTTP the service runs, or undefined. */
export function protocolListener(f: Facts): { path: string; line: number; note: string } | undefined {
  for (const hit of grepReached(f, PROTOCOL_LISTENER)) {
    const text = f.code.text(hit.path) ?? '';
    const needsAccept = hit.path.endsWith('.rs') || hit.path.endsWith('.go');
    if ((needsAccept && !ACCEPT_CALL.test(text)) || SERVES_HTTP_HERE.test(text)) continue;
    return { path: hit.path, line: hit.line, note: `a listener of the service's own protocol: ${hit.text}` };
  }
  return undefined;
}

/**
 * A server of its own protocol (a database-protocol proxy, a tunnel, a cache) whose HTTP is only side servers for its
 * orchestrator and monitor: every route read is a health, readiness or metrics endpoint (or, with none read, the
 * hand-written servers answer with one handler), no gRPC service, pages or controllers, and a TCP listener of another
 * protocol accepts the connections its clients make. Its clients speak that protocol: there is no HTTP API to
 * document, version, rate-limit, shape errors for or call cross-origin. Authentication of those clients is still judged.
 * So is a reverse proxy under the same conditions, whose one handler forwards every request to an upstream.
 */
export const protocolServerOnly = oncePerFacts(computeProtocolServer);

function computeProtocolServer(f: Facts): { note: string } | undefined {
  if (!f.kind.servesHttp || f.frameworks.grpcOnly) return undefined;
  const routes = reachedRoutes(f).filter((r) => !r.devOnly);
  if (!routes.every((r) => r.framework !== 'grpc' && PROBE_PATH.test(r.fullPath))) return undefined;
  if (!routes.length && !f.frameworks.http.every((h) => SINGLE_HANDLER_SERVERS.has(h.name))) return undefined;
  if (f.grpc.methods.length || f.pages.serverRendered || f.pages.servedFrontend) return undefined;
  if (grepReached(f, API_MARKERS).length) return undefined;
  const http = routes.length
    ? `serves only probe routes (${listRoutes(routes)})`
    : `servers answer every path with one handler, reading no route (${f.frameworks.http.map((h) => h.path).join(', ')})`;
  const listener = protocolListener(f);
  if (listener)
    return {
      note: `the service speaks its own protocol on a TCP listener (${listener.path}:${listener.line}) and its HTTP ${http}: there is no HTTP API for a caller`,
    };
  const proxy = reverseProxy(f);
  return proxy
    ? {
        note: `a reverse proxy (${proxy.path}:${proxy.line}: ${proxy.text.trim()}) whose HTTP ${http}: it serves its upstreams' APIs, not one of its own`,
      }
    : undefined;
}

const FORWARDS_REQUEST = /\.(?:request|send_request)\s*\(\s*req\s*\)/;
const FORWARDED_FOR = /\bx[-_]forwarded[-_]for\b/i;
const PINGORA_PROXY = /\bimpl\s+(?:pingora_proxy::)?ProxyHttp\s+for\b/;

/**
 * A reverse proxy's forwarding in Rust: the request it was sent handed on to an upstream through an HTTP client
 * (`self.inner.request(req)`, `sender.send_request(req)`) by a service that writes X-Forwarded-For, or a pingora
 * proxy (`impl ProxyHttp for Gateway`).
 */
function reverseProxy(f: Facts): { path: string; line: number; text: string } | undefined {
  const pingora = grepReached(f, PINGORA_PROXY, ['rust'])[0];
  if (pingora || !grepReached(f, FORWARDED_FOR, ['rust']).length) return pingora;
  // The handler that writes the forwarding headers is the one handing the request on (not a backend health check).
  const sends = grepReached(f, FORWARDS_REQUEST, ['rust']);
  return sends.find((h) => FORWARDED_FOR.test(f.code.text(h.path) ?? '')) ?? sends[0];
}

/**
 * A gRPC server (tonic, grpc-go) whose HTTP routes are all probe, metrics or profiler side endpoints: its callers are
 * gRPC clients, as a plain gRPC server's are, so nothing a browser reads is served (no CORS, no security headers).
 */
export const grpcBesideProbes = oncePerFacts(computeGrpcBesideProbes);

function computeGrpcBesideProbes(f: Facts): { note: string } | undefined {
  if (!f.kind.servesHttp || f.frameworks.grpcOnly) return undefined;
  const grpc = f.frameworks.http.find((h) => h.name === 'tonic' || h.name === 'grpc');
  if (!grpc) return undefined;
  const routes = reachedRoutes(f).filter((r) => !r.devOnly && r.framework !== 'grpc');
  if (!routes.length || !routes.every((r) => PROBE_PATH.test(r.fullPath) || DEBUG_PATH.test(r.fullPath)))
    return undefined;
  if (f.pages.serverRendered || f.pages.servedFrontend || grepReached(f, API_MARKERS).length) return undefined;
  return {
    note: `a gRPC service (${grpc.path}:${grpc.line}) whose HTTP serves only probe and metrics routes (${listRoutes(routes)}): its callers are gRPC clients, not browsers`,
  };
}

/**
 * A Unix socket a server listens on: Go `net.Listen("unix", …)` / `net.ListenUnix`, gin's `RunUnix`, a `unix://`
 * listen address (ASSIGNED_NAME); Node `server.listen('/run/app.sock')` or `listen({ path })`.
 */
const UNIX_LISTENER =
  /\bnet\.Listen(?:Unix)?\s*\(\s*"unix"|\.RunUnix\s*\(|\b\w+\s*:?=\s*"unix:\/\/[^"]*"|\bString(?:Var)?P?\s*\([^()"]*"[\w-]+"\s*,\s*(?:"\w"\s*,\s*)?"unix:\/\/[^"]*"|\.listen\s*\(\s*(?:["'`]\/[^"'`]*["'`]|["'`][^"'`]*\.sock["'`]|\{\s*path\s*:)/;
/**
 * A `unix://` literal that is a listen address: assigned to a setting named for one, or a flag's default (`flag.String(
 * "endpoint", "unix:///csi/csi.sock", …)`), not another daemon's socket.
 */
const ASSIGNED_NAME = /^\s*(?:const\s+|var\s+)?(\w+)\s*:?=|\bString(?:Var)?P?\s*\([^()"]*"([\w-]+)"/;
const ADDRESS_NAME = /addr|sock|listen|endpoint/i;
const OTHER_DAEMON_SOCKET = /\b(?:docker|containerd|crio|podman)\b/;
/** The name of the setting a `unix://` literal is assigned to, or of the flag it is the default of. */
function listenSetting(line: string): string {
  const m = ASSIGNED_NAME.exec(line);
  return m?.[1] ?? m?.[2] ?? '';
}
/** A Go TCP listener (the servers' `.Serve(ln)` listen wherever `ln` does). */
const GO_TCP_LISTENER = /\b(?:net|tls)\.Listen(?:TCP)?\s*\(\s*"tcp[46]?"/;
const GO_SERVE_ON_LISTENER = /\.Serve(?:TLS)?\s*\(/;
/** What makes a Go file an HTTP or gRPC server's: a `.ListenAndServe()` of a DNS or SSH server is not one. */
const GO_SERVER_IMPORT =
  /"(?:net\/http|google\.golang\.org\/grpc|github\.com\/(?:gin-gonic\/gin|labstack\/echo(?:\/v\d+)?|gofiber\/fiber(?:\/v\d+)?|go-chi\/chi(?:\/v\d+)?|gorilla\/mux|valyala\/fasthttp))"/;
/** A profiler side server (`_ "net/http/pprof"`): a debugging aid on a local port, not the API. */
const GO_PPROF_IMPORT = /"net\/http\/pprof"/;
/** A login's redirect callback: a server started while the program waits for an OAuth authorization code. */
const OAUTH_CODE_EXCHANGE = /\.Exchange\s*\(/;
const GO_OAUTH_IMPORT = /"golang\.org\/x\/oauth2"/;
/** A Node server given a port (or Bun and Deno's, which take one by default). */
const NODE_TCP_LISTEN =
  /\.listen\s*\(\s*(?:\d|[\w.]*port\b|process\.env\b|\{\s*(?:port|host)\b)|\b(?:Bun|Deno)\.serve\s*\(/i;

/** One of the service's HTTP or gRPC servers listens on a TCP port, or its image exposes one. */
function listensOnNetwork(f: Facts): boolean {
  if (f.dockerfiles.production.some((d) => d.finalStage?.instructions.some((i) => i.keyword === 'EXPOSE'))) return true;
  if (grepReached(f, NODE_TCP_LISTEN, ['javascript', 'typescript']).length) return true;
  return [...grepReached(f, GO_SERVER_START, ['go']), ...grepReached(f, GO_TCP_LISTENER, ['go'])].some((h) => {
    const text = f.code.text(h.path) ?? '';
    if (!GO_SERVER_IMPORT.test(text) || GO_PPROF_IMPORT.test(text)) return false;
    if (GO_OAUTH_IMPORT.test(text) && OAUTH_CODE_EXCHANGE.test(text)) return false;
    // A server started on a listener listens where the file's TCP listener does (if any).
    if (GO_SERVE_ON_LISTENER.test(h.text)) return GO_TCP_LISTENER.test(text);
    // A TCP listener whose connections the file accepts by hand speaks a protocol of its own.
    if (GO_TCP_LISTENER.test(h.text)) return !ACCEPT_CALL.test(text);
    return true;
  });
}

/**
 * A local control API (a daemon's socket for its own command-line program and desktop UI): its HTTP or gRPC servers
 * listen only on a Unix socket, which only processes on the same machine reach, under the socket file's permissions.
 * No TCP port is opened for it (none of its Go or Node servers listens on one, its image exposes none), so no
 * browser, load balancer, orchestrator probe or remote caller reaches it. Judged for Go and Node servers only.
 */
export const localSocketOnly = oncePerFacts((f) => {
  if (!f.kind.servesHttp || !f.frameworks.http.every((h) => h.language === 'go' || h.language === 'node'))
    return undefined;
  const socket = grepReached(f, UNIX_LISTENER, ['go', 'javascript', 'typescript']).find(
    (h) =>
      !h.text.includes('"unix://') || (ADDRESS_NAME.test(listenSetting(h.text)) && !OTHER_DAEMON_SOCKET.test(h.text)),
  );
  if (!socket || listensOnNetwork(f)) return undefined;
  return {
    note: `a local control API: its servers listen only on a Unix socket (${f.repo.toRepo(socket.path)}:${socket.line}: ${socket.text.trim()}), which only processes on the same machine reach, under the socket file's permissions; no network caller, browser, load balancer or orchestrator probe reaches it`,
  };
});

/** A proxy directive handing requests on to an upstream (nginx, Caddy): its target's host is a Service it exposes. */
const PROXY_TO = /\b(?:proxy_pass|grpc_pass|uwsgi_pass|reverse_proxy)\s+((?:\{\{[^}]*\}\}|[^\s;{])+)/;
const PROXY_CONFIGS = ['**/*.conf', '**/*.conf.template', '**/*.tpl', '**/Caddyfile', '**/*.{yaml,yml}'];

/** Service types that take traffic from outside the cluster. */
const EDGE_SERVICE_TYPE = /^(?:LoadBalancer|NodePort)$/;

/** The host a proxy target names (`http://api:8080/` → `api`), with template actions read as `{{…}}`. */
function proxiedHost(target: string): string {
  return target
    .replace(/\{\{[^}]*\}\}/g, '{{…}}')
    .replace(/^\w+:\/\//, '')
    .split(/[:/]/)[0]!
    .split('.')[0]!;
}

/**
 * A server the cluster keeps to itself: it is deployed by Kubernetes, every long-running workload that runs it is
 * reached through Services of type ClusterIP only, and nothing in the repository routes traffic from outside to them —
 * no Ingress, Route, Gateway API route, Traefik IngressRoute or Istio VirtualService names one as a backend, no nginx or
 * Caddy proxy forwards to one, no platform ingress (a nais Application's) or Knative Service serves it. Its callers
 * are the other workloads of the cluster, never a browser. The repository must declare its edge (an Ingress or route
 * naming other Services, a LoadBalancer or NodePort Service): without one, exposure is configured elsewhere. Where the
 * repository cannot say (a templated Service type or backend name, a proxy to a variable, a workload no Service
 * selects), it is not judged internal either.
 */
export const clusterInternal = oncePerFacts((f) => {
  const component = f.scope?.component ?? (f.components.single ? f.components.list[0] : undefined);
  if (!f.kind.servesHttp || component?.target !== 'kubernetes') return undefined;
  const root = f.scope?.parent ?? f;
  // Without the workloads that run its image named, every workload of the repository counts as its own.
  const own = (w: K8sWorkload) => !component.workloads.length || component.workloads.includes(workloadKey(w));
  const running = root.k8s.workloads.filter((w) => own(w) && !isBatchWorkload(w));
  if (!running.length || running.some((w) => w.httpsIngress || w.kind === 'Service')) return undefined;
  // A Service reaches a workload named as it is, or whose pods carry every value its selector asks for.
  const reaches = (o: K8sObject) =>
    running.some(
      (w) =>
        o.name === w.name ||
        (!!o.service!.selects.length && o.service!.selects.every((v) => v === w.name || w.podLabels?.includes(v))),
    );
  const services = root.k8s.objects.filter((o) => o.service && reaches(o));
  if (!services.length || services.some((s) => s.service!.type !== 'ClusterIP')) return undefined;
  const serviceNames = new Set(services.map((s) => s.name));
  const edges = root.k8s.objects.filter((o) => o.backends?.length);
  const backends = edges.flatMap((o) => o.backends!);
  // A backend a template names whole (`{{ .Values.backend }}`) could be any Service its chart deploys.
  const chartOf = (file: string) => root.k8s.charts.find((c) => isUnder(file, c.dir))?.dir;
  const unknownIn = new Set(edges.filter((o) => o.backends!.includes('{{…}}')).map((o) => chartOf(o.file)));
  if (services.some((s) => unknownIn.has(undefined) || unknownIn.has(chartOf(s.file)))) return undefined;
  // A proxy to a variable or a whole template could forward to any of them.
  const proxied = grepConfig(root, PROXY_TO, PROXY_CONFIGS).map((m) => proxiedHost(m.groups[1]!));
  if (proxied.some((h) => h === '{{…}}' || h.startsWith('$'))) return undefined;
  if ([...backends, ...proxied].some((b) => serviceNames.has(b))) return undefined;
  // Without an edge of its own the repository does not say how traffic enters: it may be configured elsewhere.
  const edge = edges[0] ?? root.k8s.objects.find((o) => o.service && EDGE_SERVICE_TYPE.test(o.service.type));
  if (!edge) return undefined;
  const s = services[0]!;
  return {
    note: `a server the cluster keeps to itself: its Service ${s.name} (${s.file}:${s.service!.line}) is of type ClusterIP, and outside traffic enters through ${edge.kind} ${edge.name} (${edge.file}:${edge.line}), which sends it to other Services; no route or proxy in the repository reaches this one, so its callers are the cluster's other workloads, not browsers`,
  };
});

/** Full-stack page frameworks: without route handlers, server actions or RPC they serve pages only. */
const PAGE_FRAMEWORKS = new Map([
  ['nextjs', 'Next.js'],
  ['nuxt', 'Nuxt'],
  ['sveltekit', 'SvelteKit'],
  ['remix', 'Remix'],
  ['react-router', 'React Router'],
  ['astro', 'Astro'],
]);

/**
 * Endpoints a page framework serves besides its pages, which the route reader does not list as routes: Next.js server
 * actions (`'use server'`), Remix / React Router `action` exports, SvelteKit form `actions`, Astro actions.
 */
const PAGE_MUTATIONS =
  /^\s*["']use server["'];?\s*$|^\s*export\s+(?:async\s+)?function\s+action\b|^\s*export\s+(?:const|let)\s+actions?\s*[:=]|\bdefineAction\s*\(/m;

/** Server-side request hooks of page frameworks, and what signs a caller in there. */
const PAGE_GUARD_FILE =
  /(^|\/)(?:src\/)?middleware\.[cm]?[jt]s$|(^|\/)hooks\.server\.[cm]?[jt]s$|(^|\/)server\/middleware\//;
const PAGE_GUARD =
  /\b(?:clerkMiddleware|authMiddleware|withAuth|NextAuth|getToken|getServerSession|createServerClient|updateSession|auth\s*\(|getSession\s*\(|verify\w*\s*\(|jwtVerify|cookies\.get\(\s*["'][\w-]*(?:session|token|auth))/i;

/**
 * A page-framework application that serves only pages (a Next.js dashboard whose data comes from a separate API
 * service): no route handler, API route, server action or RPC endpoint in the code it runs. There is no API of its
 * own to document, authenticate, authorize, rate-limit or shape errors for; the API it calls does that.
 */
export const pagesOnly = oncePerFacts(computePagesOnly);

function computePagesOnly(f: Facts): { note: string } | undefined {
  const http = f.frameworks.http;
  if (!f.kind.servesHttp || !http.length || !http.every((h) => PAGE_FRAMEWORKS.has(h.name))) return undefined;
  if (f.service.routes.length || f.grpc.methods.length || f.pages.serverRendered) return undefined;
  const source = f.repo.files
    .filter((x) => x.kind === 'source' && !x.isTest && (x.language === 'javascript' || x.language === 'typescript'))
    .map((x) => x.path);
  if (f.repo.grepFirst(PAGE_MUTATIONS, { paths: source })) return undefined;
  // Pages guarded on the server (Next.js middleware or SvelteKit hooks signing callers in) are authenticated there.
  const guards = source.filter((p) => PAGE_GUARD_FILE.test(p));
  if (guards.length && f.repo.grepFirst(PAGE_GUARD, { paths: guards })) return undefined;
  const fw = http[0]!;
  return {
    note: `a ${PAGE_FRAMEWORKS.get(fw.name)} application that serves only pages: no route handler, API route, server action or RPC endpoint, so it has no API of its own (the API it calls is another service's)`,
  };
}

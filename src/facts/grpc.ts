import type { RepoIndex } from '../repo/index.js';
import type { Facts } from './index.js';
import { expressionAt } from './code-scan.js';
import { GRPC_WEB } from './frameworks.js';
import { rootHealthHandler } from './health.js';
import { grepReached } from './live-code.js';
import { isAdmissionWebhook } from './routes-go.js';
import type { ServiceRoute } from './service.js';

/**
 * A gRPC service judged as a reviewer judges one: its rpc methods (the routes read from the .proto files it
 * registers), how requests are validated, how callers are authenticated (interceptors) and how errors become status
 * codes. HTTP-only idioms (CORS, browser security headers) do not apply to a plain gRPC server: see
 * FrameworkFacts.grpcOnly.
 */
export interface GrpcSignal {
  path: string;
  line: number;
  note: string;
  /** low: it applies only when a setting turns it on (mutual TLS once a client CA file is given). */
  confidence?: 'low';
}

export interface GrpcFacts {
  /** rpc methods of the services the code registers (routes with framework `grpc`, reached). */
  methods: ServiceRoute[];
  /** The .proto files defining those services: the API description clients generate their stubs from. */
  definitions: GrpcSignal[];
  /** Requests are validated: protovalidate / protoc-gen-validate, a validator interceptor, or INVALID_ARGUMENT answers. */
  validation?: GrpcSignal;
  /** Callers are authenticated by an interceptor (or a tonic interceptor/auth layer) on the server. */
  authentication?: GrpcSignal;
  /** Errors become gRPC status codes: a recovery interceptor, `impl From<E> for Status`, status errors with codes. */
  errorMapping?: GrpcSignal;
  /** An interceptor named for authorization (authz, policy, RBAC, permissions) in the server's interceptor chain. */
  authorization?: GrpcSignal;
  /**
   * The web host serves nothing but gRPC: every route the service reaches in production is an rpc method or a probe
   * (health, liveness, metrics), and no grpc-web serves it to browsers — an ASP.NET Core app whose only endpoints are
   * `MapGrpcService<T>()`. Its callers are gRPC clients, like a plain gRPC server's (FrameworkFacts.grpcOnly).
   */
  onlyGrpc?: GrpcSignal;
  /**
   * The same rpc methods served to browsers through grpc-web (tonic-web's GrpcWebLayer, grpcweb.WrapServer), and no
   * other route besides probes: browsers call the gRPC API with stubs generated from its .proto files and get its
   * status codes back, as a gateway's clients do.
   */
  grpcWeb?: GrpcSignal;
}

/** Probe and scrape endpoints an orchestrator or monitor calls, never a browser or another service's client. */
export const PROBE_PATH =
  /^\/?(?:(?:internal|actuator|management|_)\/)?(?:health\w*|healthz|alive|is_?alive|is_?ready|livez?|liveness|readyz?|readiness|startup|ping|metrics|prometheus|status)(?:\/|$)/i;

const LANGS = ['go', 'rust', 'java', 'kotlin', 'python'];

const VALIDATION: [RegExp, string][] = [
  [/\bprotovalidate\.(?:New|Validate)\s*\(|\bprotovalidate_?\w*\.\w*Interceptor\s*\(/, 'protovalidate'],
  [
    /\b(?:grpc_)?validator\.(?:Unary|Stream)ServerInterceptor\s*\(/,
    'validator interceptor (protoc-gen-validate rules checked on every call)',
  ],
  [/\b(?:req|request|in|r|msg)\.Validate(?:All)?\s*\(\s*\)/, 'protoc-gen-validate Validate() on the request'],
  [
    /\bcodes\.InvalidArgument\b|\bStatus::invalid_argument\s*\(|\bStatus\.INVALID_ARGUMENT\b|\bStatusCode\.INVALID_ARGUMENT\b/,
    'fields checked and rejected with INVALID_ARGUMENT',
  ],
];

const AUTHENTICATION: [RegExp, string][] = [
  [
    // grpc-go: an interceptor whose name says it authenticates, registered on the server.
    /\bgrpc\.(?:Chain)?(?:Unary|Stream)Interceptor\s*\((?:[^()]|\([^()]*\))*?(?:[Aa]uth|[Tt]oken|[Jj]wt|[Cc]redential)/,
    'gRPC server interceptor that authenticates callers',
  ],
  [
    /\b(?:with_interceptor|InterceptedService::new)\s*\((?:[^()]|\([^()]*\))*?(?:auth|token|jwt|credential)/i,
    'tonic interceptor that authenticates callers',
  ],
  [
    /\b(?:Async)?RequireAuthorizationLayer::|\bValidateRequestHeaderLayer::bearer\s*\(/,
    'tower auth layer on the gRPC server',
  ],
  [
    /\.intercept\s*\(\s*\w*(?:Auth|Token|Jwt)\w*|\bServerInterceptors\.intercept\s*\([^)]*\b\w*(?:Auth|Token|Jwt)\w*/,
    'grpc-java server interceptor that authenticates callers',
  ],
  [
    /\binterceptors\s*=\s*[[(][^\])]*\b\w*(?:Auth|Token|Jwt)\w*/,
    'grpcio server interceptor that authenticates callers',
  ],
  // Mutual TLS: the server's TLS configuration requires a client certificate signed by its CA (Go's crypto/tls, grpcio's
  // server credentials, grpc-java's SslContext, tonic's client CA root): every caller is authenticated by certificate.
  [
    /\bClientAuth\s*[:=]\s*tls\.RequireAndVerifyClientCert\b|\bssl_server_credentials\s*\((?:[^()]|\([^()]*\))*?\brequire_client_auth\s*=\s*True|\.clientAuth\s*\(\s*ClientAuth\.REQUIRE\s*\)|\.client_ca_root\s*\(/,
    'mutual TLS: the server requires and verifies client certificates',
  ],
];

const ERROR_MAPPING: [RegExp, string][] = [
  [
    /\brecovery\.(?:Unary|Stream)ServerInterceptor\s*\(|\bgrpc_recovery\.(?:Unary|Stream)ServerInterceptor\s*\(/,
    'recovery interceptor turns panics into INTERNAL',
  ],
  [
    /\bimpl\s+From\s*<[^>]+>\s+for\s+(?:tonic::)?Status\b/,
    'errors converted to tonic::Status (impl From<E> for Status)',
  ],
  [
    /\bstatus\.Errorf?\s*\(\s*codes\.(?!Unknown\b)\w+|\bStatus::(?:not_found|invalid_argument|already_exists|permission_denied|unauthenticated|failed_precondition|unavailable|internal)\s*\(|\bStatus\.(?:NOT_FOUND|INVALID_ARGUMENT|ALREADY_EXISTS|PERMISSION_DENIED|UNAUTHENTICATED|FAILED_PRECONDITION|UNAVAILABLE)\b|\bcontext\.abort\s*\(\s*grpc\.StatusCode\./,
    'errors answered with gRPC status codes',
  ],
];

/** A grpc-go server's interceptor chain (or connect-go's interceptor list): the call and the slice it may spread. */
const CHAIN_CALL = /\bgrpc\.(?:Chain)?(?:Unary|Stream)Interceptor\s*\(|\bconnect\.WithInterceptors\s*\(/g;
/** An interceptor named for authenticating callers; authorization names (authz, Authorization…) are not. */
const AUTHN_NAME = /\b\w*(?:[Aa]uth(?!z|ori[sz])|[Tt]oken|[Jj]wt|JWT|[Cc]redential)\w*/;
/** An interceptor named for authorization: authz, Authorization…, policy, RBAC, permission checks. */
const AUTHZ_NAME =
  /\b\w*(?:[Aa]uthz|[Aa]uthori[sz]|[Pp]olicy|[Rr]bac|RBAC|[Pp]ermission)[\w.]*Interceptor\w*\s*\(|\b\w*(?:[Aa]uthz|[Aa]uthori[sz]ation|[Rr]bac|RBAC|[Pp]olicy)\w*\.\w+\s*\(/;

/**
 * The pieces of the interceptor chains a reached Go file sets up: the arguments of `grpc.ChainUnaryInterceptor(…)`,
 * and, when it spreads a slice (`grpc.ChainUnaryInterceptor(interceptors...)`), every statement of that file that
 * builds the slice (`interceptors := []grpc.UnaryServerInterceptor{…}`, `interceptors = append(interceptors, …)`).
 */
function chainPieces(facts: Facts): { path: string; offset: number; text: string }[] {
  const out: { path: string; offset: number; text: string }[] = [];
  const files = new Set(grepReached(facts, CHAIN_CALL, ['go']).map((h) => h.path));
  for (const f of files) {
    const text = facts.code.text(f) ?? '';
    for (const m of text.matchAll(CHAIN_CALL)) {
      if (inClientConstructor(text, m.index)) continue;
      const args = expressionAt(text, m.index + m[0].length, 4000);
      out.push({ path: f, offset: m.index, text: args });
      for (const spread of args.matchAll(/\b([A-Za-z_]\w*)\s*\.\.\./g)) {
        const name = spread[1]!;
        for (const a of text.matchAll(new RegExp(`\\b${name}\\s*:?=\\s*`, 'g')))
          out.push({ path: f, offset: a.index, text: expressionAt(text, a.index + a[0].length, 4000) });
      }
    }
  }
  return out;
}

/**
 * Connect's `WithInterceptors(…)` given to a client it builds (`NewSchemaServiceClient(httpClient, url, …)`): those
 * interceptors wrap the calls the service makes (a bearer token set on them), not the calls it serves.
 */
function inClientConstructor(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 800), at);
  const open = [...before.matchAll(/\bNew\w*Client\s*\(/g)].at(-1);
  if (!open) return false;
  let depth = 0;
  for (const ch of before.slice(open.index + open[0].length)) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  return true;
}

/**
 * The signal sits in the block of an `if` on a setting being given (`if clientCA != "" {`, `if len(cas) > 0 {`): Go
 * code is gofmt-indented, so the block's head is the first line above that is indented less.
 */
function onlyWhenSet(facts: Facts, s: GrpcSignal): boolean {
  const lines = facts.repo.lines(s.path);
  const indent = (l: string): number => /^\s*/.exec(l)![0].length;
  const own = indent(lines[s.line - 1] ?? '');
  for (let i = s.line - 2; i >= 0 && i >= s.line - 40; i--) {
    const l = lines[i]!;
    if (!l.trim() || indent(l) >= own) continue;
    return /^\s*if\s[^{]*(?:!=\s*""|len\([^)]*\)\s*>\s*0)\s*\{\s*$/.test(l);
  }
  return false;
}

export function detectGrpc(_repo: RepoIndex, facts: Facts): GrpcFacts {
  const methods = facts.service.routes.filter((r) => r.framework === 'grpc' && r.reached);
  if (!methods.length) return { methods, definitions: [] };
  const seen = new Set<string>();
  const definitions: GrpcSignal[] = [];
  for (const m of methods) {
    // A tonic service's rpcs read from its Rust impl: the .proto describing it is not in the repository.
    if (seen.has(m.file) || !m.file.endsWith('.proto')) continue;
    seen.add(m.file);
    definitions.push({ path: m.file, line: m.line, note: `protobuf service definition (${m.path.split('/')[1]})` });
  }
  // A hit in the file implementing the rpcs (a tonic service's impl) comes first.
  const methodFiles = new Set(methods.map((m) => m.file));
  const first = (patterns: [RegExp, string][]): GrpcSignal | undefined => {
    for (const [re, note] of patterns) {
      // Generated stubs (`.pb.go`, `_pb2.py`, grpc-gateway's `.pb.gw.go`) are protoc's code, not the service's checks.
      const hits = grepReached(facts, re, LANGS).filter((h) => facts.liveness.isProductionPath(h.path));
      const hit = hits.find((h) => methodFiles.has(h.path)) ?? hits[0];
      if (hit) return { path: hit.path, line: hit.line, note };
    }
    return undefined;
  };
  // A root route a health check answers (a tower layer giving load balancers 200 on `/`) is a probe too, and the
  // admission webhooks the Kubernetes API server calls are no route of the service's callers.
  const other = facts.service.routes.filter(
    (r) =>
      r.framework !== 'grpc' &&
      r.reached &&
      !r.devOnly &&
      !PROBE_PATH.test(r.fullPath) &&
      !isAdmissionWebhook(r) &&
      !rootHealthHandler(facts, r),
  );
  const web = other.length ? undefined : facts.code.grepFirst(GRPC_WEB, { kinds: ['source'] });
  const onlyGrpc =
    other.length || web
      ? undefined
      : {
          path: methods[0]!.file,
          line: methods[0]!.line,
          note: `serves only gRPC (${methods.length} rpc method${methods.length === 1 ? '' : 's'}, no other route besides probes, no grpc-web)`,
        };
  const grpcWeb = web && {
    path: web.path,
    line: web.line,
    note: 'grpc-web serves the rpc methods to browsers (status codes in the grpc-status trailer)',
  };
  const validation = first(VALIDATION);
  const pieces = chainPieces(facts);
  const inChain = (re: RegExp, note: string): GrpcSignal | undefined => {
    for (const p of pieces) {
      const m = re.exec(p.text);
      if (m) {
        const at = p.offset + (facts.code.text(p.path) ?? '').slice(p.offset).indexOf(m[0]);
        return { path: p.path, line: facts.repo.lineAt(p.path, at), note: `${note} (${m[0].replace(/\s*\($/, '')})` };
      }
    }
    return undefined;
  };
  // An interceptor added to the slice the server chains (`interceptors = append(interceptors, authUnary...)`).
  const found = first(AUTHENTICATION) ?? inChain(AUTHN_NAME, 'gRPC server interceptor chain authenticates callers');
  const authentication = found && (onlyWhenSet(facts, found) ? { ...found, confidence: 'low' as const } : found);
  const authorization = inChain(AUTHZ_NAME, 'gRPC server interceptor chain authorizes each call');
  const errorMapping = first(ERROR_MAPPING);
  return {
    methods,
    definitions,
    ...(validation ? { validation } : {}),
    ...(authentication ? { authentication } : {}),
    ...(errorMapping ? { errorMapping } : {}),
    ...(authorization ? { authorization } : {}),
    ...(onlyGrpc ? { onlyGrpc } : {}),
    ...(grpcWeb ? { grpcWeb } : {}),
  };
}

import { DOTNET_LANGUAGES } from '../repo/classify.js';
import type { RepoIndex } from '../repo/index.js';
import { isConfigCommentLine } from './code-scan.js';
import type { CodeFacts } from './code.js';
import type { K8sFacts } from './k8s.js';
import type { LivenessFacts } from './liveness.js';
import type { Component, ComponentTarget } from './components.js';
import type { PlatformFacts } from './platform.js';
import { inDevelopmentBranch } from './routes-dotnet.js';
import { HEADER_NAME_NOT_SET } from './security-headers.js';

/** Platforms that invoke functions (a static site or a page app on Netlify, Vercel or Workers still serves HTTPS). */
const FUNCTION_PLATFORMS: ReadonlySet<string> = new Set([
  'aws-lambda',
  'cloud-functions',
  'azure-functions',
  'supabase-functions',
]);

/**
 * Encryption in transit: where the repository enforces HTTPS or terminates TLS, where it serves plain HTTP at its
 * edge, and how its database and broker connections are secured.
 *
 * - `enforced`: HTTPS is terminated or enforced: a redirect or force_ssl in the application, a TLS listener, an Ingress
 *   or Gateway with certificates, a proxy that listens on 443 with a certificate, a load balancer with an HTTPS
 *   listener, or a platform that serves HTTPS and redirects HTTP by default or as configured;
 * - `partial`: signs that HTTPS is meant but not enforced here: an HSTS header alone (helmet's default), the app
 *   trusting a TLS-terminating proxy, a Helm chart whose Ingress TLS is optional, a platform that serves HTTPS but
 *   does not redirect HTTP;
 * - `plain`: the edge the repository declares serves plain HTTP (an Ingress without TLS, HTTPS turned off);
 * - `dataTls` / `dataPlain`: database and broker URLs or options in production configuration with TLS required, or
 *   with TLS turned off towards a host outside the cluster or compose network.
 */
export interface TlsSignal {
  file: string;
  line: number;
  note: string;
  /** A platform that serves HTTPS for what it deploys (its descriptor's path): it covers only those components. */
  platform?: string;
}

/** A deployed component that serves HTTP where no TLS signal reaches (see `uncovered`). */
export interface UncoveredComponent {
  id: string;
  path: string;
  target: ComponentTarget;
  /** What deploys it (its first deployment reference). */
  deployedBy?: { path: string; line?: number };
}

export interface TlsFacts {
  enforced: TlsSignal[];
  partial: TlsSignal[];
  plain: TlsSignal[];
  dataTls: TlsSignal[];
  dataPlain: TlsSignal[];
  /**
   * When every HTTPS signal is a platform's that deploys some components only (a Lambda beside services on
   * Kubernetes), the deployed HTTP components that none of those platforms deploys. Empty otherwise, and in a
   * component's view.
   */
  uncovered: UncoveredComponent[];
}

const ASPNET_REDIRECT = 'ASP.NET Core redirects HTTP to HTTPS';
const ASPNET_REDIRECT_INERT =
  'ASP.NET Core calls UseHttpsRedirection, but no HTTPS port is configured for it, so it redirects nothing';

/** Dockerfiles by name (`Dockerfile`, `src/Api/Dockerfile.prod`, `Containerfile`). */
const DOCKERFILE = /(?:^|\/)(?:Dockerfile|Containerfile)(?:\.[\w-]+)?$/;
/**
 * A .NET program's image: the ASP.NET Core runtime as a base (`dotnet/aspnet:8.0`, the older
 * `microsoft/dotnet:2.2-aspnetcore-runtime`), or `dotnet X.dll` as its command, in shell or exec form.
 */
const DOTNET_IMAGE =
  /^\s*FROM\s+[^\s:]*dotnet(?:\/aspnet\b|\/runtime\b|:[\w.]+-aspnetcore-runtime\b)|\bdotnet["',\s]+(?:[\w./-]*\/)?[\w.-]+\.dll\b/im;
/**
 * What gives ASP.NET Core's redirection an HTTPS port or Kestrel an HTTPS endpoint: ASPNETCORE_HTTPS_PORT(S) or
 * HTTPS_PORTS, `HttpsPort` in the redirection options, an `https://` URL bound on every interface (ASPNETCORE_URLS,
 * `--urls`, a Kestrel endpoint's `Url`), a Kestrel certificate, or `UseHttps` on a listener.
 */
const HTTPS_ENDPOINT =
  /\b(?:ASPNETCORE_)?HTTPS_PORTS?\b|\bHttpsPort\b|https:\/\/(?:\+|\*|0\.0\.0\.0|\[::\])|"Url"\s*:\s*"https:|\bKestrel(?:__|:)Certificates\b|\.UseHttps\s*\(/i;

/**
 * When every image the repository builds is a .NET image serving plain HTTP and nothing in production files gives the
 * app an HTTPS port, the image that shows it (cited in the note); otherwise undefined. The development launch profile
 * (`Properties/launchSettings.json`) is not read: `dotnet run` uses it, a published image does not.
 */
function aspNetRedirectWithoutHttps(repo: RepoIndex, prod: (p: string) => boolean): string | undefined {
  const images = repo.files.filter((f) => DOCKERFILE.test(f.path) && prod(f.path));
  const dotnet = images.filter((f) => DOTNET_IMAGE.test(repo.read(f.path) ?? ''));
  if (!dotnet.length || dotnet.length !== images.length) return undefined;
  const https = repo
    .grep(HTTPS_ENDPOINT, {
      include: ['**/*.{cs,fs,json,yml,yaml,env,toml,tf,bicep,conf}', ...images.map((f) => f.path)],
      exclude: ['**/launchSettings.json'],
      limit: 50,
    })
    .some((h) => prod(h.path));
  return https ? undefined : `${dotnet[0]!.path} serves HTTP only`;
}

interface Pattern {
  re: RegExp;
  note: string | ((m: string[]) => string);
  /** Files searched: code of these languages, or these globs. */
  languages?: string[];
  include?: string[];
  /** The match must not contain this (turned off). */
  off?: RegExp;
  /** Lines after the match that `off` also reads: the options object of a call spread over several lines. */
  offSpan?: number;
}

const CONF = [
  '**/*.{yml,yaml,json,toml,conf,tf,hcl,template,tpl,properties,ini,env}',
  '**/Caddyfile*',
  '**/nginx*',
  '**/*.conf.*',
  '**/_headers',
];

const NODE_TLS_LISTENER = 'the server listens with TLS';
const RUST_TLS_LISTENER = 'the Rust server listens with TLS (rustls / OpenSSL)';
const GO_TLS_LISTENER = 'the Go server is handed a crypto/tls listener';
/**
 * A plain listener of the same server beside a TLS one in a module: `cert ? https.createServer(…) :
 * http.createServer(…)` (Node), `if let Some(c) = tls { server.bind_rustls_0_23(addr, c) } else { server.bind(addr) }`
 * (actix-web), `axum_server::bind(addr)` beside `bind_rustls` (axum-server), a tonic `Server::builder()` without
 * `.tls_config(…)` beside one with it, a pingora service's `add_tcp(addr)` beside `add_tls_with_settings`, a Go
 * `net.Listen("tcp", …)` beside `tls.Listen`, or the TLS listener made only when a certificate is set (`if cfg.TLS !=
 * nil {`, `if s.CertFile == "" {`).
 */
const PLAIN_BESIDE: Record<string, RegExp> = {
  [NODE_TLS_LISTENER]: /\bhttp\.createServer\s*\(|\b(?:app|server|fastify|koa)\.listen\s*\(/,
  [RUST_TLS_LISTENER]:
    /\.bind\s*\(\s*&?[\w.(]|\.add_tcp(?:_with_settings)?\s*\(|\baxum_server::bind\s*\(|\baxum::serve\s*\(|\bServer::builder\s*\(\s*\)(?!\s*\.tls_config\b)/,
  [GO_TLS_LISTENER]: /\bnet\.Listen\s*\(\s*"tcp[46]?"|^\s*if\s+[\w.]*\.(?:tls|TLS|Cert)\w*\s*[!=]=\s*(?:nil|"")/,
};
/** HTTPS enforced by the application or its server. */
const APP_ENFORCED: Pattern[] = [
  {
    re: /^\s*SECURE_SSL_REDIRECT\s*=\s*(?!False\b)([^\n]+)/m,
    languages: ['python'],
    note: 'Django SECURE_SSL_REDIRECT redirects HTTP to HTTPS',
    off: /\b(?:False|"false"|'false')\s*\)?\s*$|,\s*(?:default\s*=\s*)?False\s*\)|\b(?:getenv|environ|env\w*)\b[^\n]*?,\s*["'](?:false|0|no|off)?["']/i,
  },
  {
    re: /\bconfig\.force_ssl\s*=\s*(?!false\b)\S+/,
    languages: ['ruby'],
    note: 'Rails force_ssl redirects to HTTPS and sends HSTS',
  },
  {
    re: /\bTalisman\s*\(/,
    languages: ['python'],
    note: 'Flask-Talisman forces HTTPS and sends HSTS',
    off: /force_https\s*=\s*False/,
  },
  { re: /\bSSLify\s*\(/, languages: ['python'], note: 'Flask-SSLify redirects HTTP to HTTPS' },
  { re: /\bHTTPSRedirectMiddleware\b/, languages: ['python'], note: 'HTTPSRedirectMiddleware redirects HTTP to HTTPS' },
  {
    re: /\b(?:enforce\.HTTPS|sslify\.HTTPS|enforceHTTPS|express-sslify|koa-sslify|express-enforces-ssl)\b/,
    languages: ['javascript', 'typescript'],
    note: 'middleware redirects HTTP to HTTPS',
  },
  {
    re: /\b(?:https|http2)\.create(?:Secure)?Server\s*\(/,
    languages: ['javascript', 'typescript'],
    note: NODE_TLS_LISTENER,
  },
  {
    re: /\b(?:ListenAndServeTLS|ServeTLS|RunTLS|StartAutoTLS)\s*\(|\.StartTLS\s*\(\s*["'`:]|\bautocert\.NewListener\s*\(|\bautocert\.Manager\b/,
    languages: ['go'],
    note: 'the Go server listens with TLS',
  },
  {
    // A TLS listener a server is given (`ln, err = tls.Listen("tcp", addr, cfg)`, then `srv.Serve(ln)`).
    re: /\btls\.(?:Listen|NewListener)\s*\(/,
    languages: ['go'],
    note: GO_TLS_LISTENER,
  },
  {
    // actix-web `bind_rustls_0_23(addr, config)` / `bind_openssl`, axum-server `bind_rustls`, warp `.tls()`, tonic
    // `ServerTlsConfig`, poem `.rustls(…)`, or a hand-written accept loop over a tokio-rustls / native-tls acceptor
    // (tokio-rustls's LazyConfigAcceptor picks the certificate by the client's SNI), or rustls's own server side of a
    // connection (`ServerConnection::new(config)`) that an event loop over mio sockets drives by hand. An axum-server
    // built from a listener takes its TLS as an acceptor (`.acceptor(RustlsAcceptor::new(RustlsConfig::…))`). A pingora
    // service adds its TLS endpoints by address (`service.add_tls_with_settings(addr, None, settings)`).
    re: /\.(?:bind|listen)_(?:rustls\w*|openssl)\s*\(|\.add_tls(?:_with_settings)?\s*\(|\baxum_server::(?:bind_rustls|from_tcp_rustls)\s*\(|\.acceptor\s*\(\s*(?:[\w:]+::)?(?:RustlsAcceptor|OpenSSLAcceptor)::new\s*\(|\bwarp::serve\s*\([^)]*\)\s*\.tls\s*\(|\bServerTlsConfig::new\s*\(|\.rustls\s*\(|\b(?:TlsAcceptor::(?:from|new)|LazyConfigAcceptor::new|ServerConnection::new)\s*\(/,
    languages: ['rust'],
    note: RUST_TLS_LISTENER,
  },
  {
    // An admission webhook server is HTTPS only: the Kubernetes API server calls it with the CA of its certificate.
    re: /\bwebhook\.NewServer\s*\(/,
    languages: ['go'],
    note: "controller-runtime's webhook server serves TLS only (the API server calls it over HTTPS)",
  },
  {
    // Cited after the server's own options: a webhook builder registers on the manager's default webhook server.
    re: /\bNewWebhookManagedBy\s*\(/,
    languages: ['go'],
    note: "an admission webhook on controller-runtime's webhook server, which serves TLS only (the API server calls it over HTTPS)",
  },
  {
    re: /\bmiddleware\.HTTPSRedirect\w*\s*\(|\bSSLRedirect\s*:\s*true\b/,
    languages: ['go'],
    note: 'middleware redirects HTTP to HTTPS',
  },
  {
    re: /\brequiresChannel\b[\s\S]{0,200}?\brequiresSecure\s*\(|\bredirectToHttps\s*\(/,
    languages: ['java', 'kotlin'],
    note: 'Spring Security requires a secure channel (HTTP redirected)',
  },
  {
    re: /\bforce_ssl:\s*\[/,
    languages: ['elixir'],
    note: 'Phoenix force_ssl redirects to HTTPS',
  },
  {
    // SiteEncrypt (`use SiteEncrypt.Phoenix.Endpoint`, `SiteEncrypt.configure(…)`) obtains and renews Let's Encrypt
    // certificates and the endpoint serves HTTPS with them.
    re: /\bSiteEncrypt\.(?:Phoenix\b|configure\s*\()/,
    languages: ['elixir'],
    note: "SiteEncrypt: the endpoint serves HTTPS with Let's Encrypt certificates it renews itself",
  },
  {
    // The plug force_ssl configures, written in the endpoint itself.
    re: /^\s*plug\s*\(?\s*Plug\.SSL\b/,
    languages: ['elixir'],
    note: 'Plug.SSL in the endpoint redirects to HTTPS',
  },
  {
    re: /\bUseHttpsRedirection\s*\(/,
    languages: DOTNET_LANGUAGES,
    note: ASPNET_REDIRECT,
  },
  {
    // Kestrel's endpoint given a certificate (`listenOptions.UseHttps(cert)`): the server terminates TLS itself.
    re: /\.UseHttps\s*\(/,
    languages: DOTNET_LANGUAGES,
    note: 'Kestrel listens with TLS (UseHttps on its endpoint)',
  },
  {
    re: /\bforceScheme\s*\(\s*['"]https['"]|\\?URL::forceHttps\s*\(/,
    languages: ['php'],
    note: 'Laravel generates HTTPS URLs (forceScheme)',
  },
];

/** HSTS, or the app trusting a TLS-terminating proxy: HTTPS is meant, but nothing here enforces it. */
const APP_PARTIAL: Pattern[] = [
  {
    re: /^\s*SECURE_SSL_REDIRECT\s*=\s*[^\n]*\b(?:getenv|environ|env\w*)\b[^\n]*?,\s*["'](?:false|0|no|off)?["'][^\n]*/im,
    languages: ['python'],
    note: 'Django SECURE_SSL_REDIRECT is read from the environment and off unless the deployment turns it on',
  },
  {
    re: /^\s*SECURE_HSTS_SECONDS\s*=\s*(?!0\b)([^\n]+)/m,
    languages: ['python'],
    note: 'Django sends HSTS (SECURE_HSTS_SECONDS)',
    off: /,\s*(?:default\s*=\s*)?["']?0["']?\s*\)\s*$/,
  },
  {
    re: /^\s*SECURE_PROXY_SSL_HEADER\s*=/m,
    languages: ['python'],
    note: 'Django trusts X-Forwarded-Proto from a TLS-terminating proxy',
  },
  { re: /\bconfig\.assume_ssl\s*=\s*true\b/, languages: ['ruby'], note: 'Rails assume_ssl: TLS terminated by a proxy' },
  {
    re: /(?<![\w.])helmet\s*\(|\bfastifyHelmet\b|@fastify\/helmet|koa-helmet/,
    languages: ['javascript', 'typescript'],
    note: 'helmet sends Strict-Transport-Security by default',
    off: /\b(?:hsts|strictTransportSecurity)\s*:\s*false/,
    offSpan: 12,
  },
  {
    re: /["']nuxt-security["']/,
    include: ['**/nuxt.config.{ts,js,mjs}'],
    note: 'nuxt-security sends Strict-Transport-Security by default',
  },
  { re: /\bUseHsts\s*\(/, languages: DOTNET_LANGUAGES, note: 'ASP.NET Core sends HSTS' },
  {
    re: /\bhttpStrictTransportSecurity\s*\(/,
    languages: ['java', 'kotlin'],
    note: 'Spring Security sends HSTS',
  },
  // The OpenShift Route or Ingress that quarkus-openshift / quarkus-kubernetes generates at build time, given TLS: a
  // termination, an enabled TLS secret, or the tls-acme annotation that has a certificate issued for its host.
  {
    re: /^[ \t]*(?:%prod\.)?quarkus\.(?:openshift|kubernetes)\.(?:route\.tls\.termination[ \t]*=[ \t]*\w|ingress\.tls\.[\w"-]+\.enabled[ \t]*=[ \t]*true|annotations\."kubernetes\.io\/tls-acme"[ \t]*=[ \t]*"?true)/m,
    include: ['**/application*.properties'],
    note: 'the Route or Ingress generated by quarkus-openshift / quarkus-kubernetes is served over TLS',
  },
  {
    // Neither a value read from a response nor a sentence (HEADER_NAME_NOT_SET), nor a link to a section on the header
    // (`install/security/#strict-transport-security`).
    re: new RegExp(`(?<![#/])Strict-Transport-Security${HEADER_NAME_NOT_SET}`, 'i'),
    include: [
      '**/*.{py,rb,js,mjs,cjs,ts,go,java,kt,php,cs,fs,json,toml,yml,yaml,conf}',
      '**/_headers',
      '**/nginx*',
      '**/Caddyfile*',
    ],
    note: 'a Strict-Transport-Security header is set',
  },
];

/** TLS terminated at a proxy, ingress or load balancer the repository configures. */
const EDGE: Pattern[] = [
  {
    re: /^\s*listen\s+(?:\[::\]:)?443\s+[^;]*\bssl\b|^\s*ssl_certificate\s+\S+/m,
    include: CONF,
    note: 'nginx terminates TLS (listen 443 ssl)',
  },
  {
    re: /^\s*return\s+30[18]\s+https:\/\//m,
    include: CONF,
    note: 'nginx redirects HTTP to HTTPS',
  },
  {
    re: /traefik\.http\.routers\.[\w-]+\.tls(?:\.cert[rR]esolver)?\s*[=:]\s*["']?(?!false)\w+|--certificatesresolvers\.|--entrypoints\.[\w-]+\.http\.redirections\.entrypoint\.scheme=https/,
    include: CONF,
    note: 'Traefik terminates TLS for the service',
  },
  {
    re: /\bresource\s+"aws_lb_listener"[\s\S]{0,400}?protocol\s*=\s*"HTTPS"|\bviewer_protocol_policy\s*=\s*"(?:redirect-to-https|https-only)"|\bresource\s+"google_compute_managed_ssl_certificate"|\bresource\s+"aws_acm_certificate"|\bhttps_only\s*=\s*true/,
    include: ['**/*.tf', '**/*.tf.json'],
    note: 'infrastructure code terminates TLS (HTTPS listener, managed certificate)',
  },
  {
    re: /\bViewerProtocolPolicy\s*:\s*(?:redirect-to-https|https-only)|\bProtocol\s*:\s*HTTPS\b|AWS::CertificateManager::Certificate/,
    include: ['**/*.{yml,yaml,json}'],
    note: 'CloudFormation terminates TLS (HTTPS listener, certificate)',
  },
  {
    re: /\bApplicationProtocol\.HTTPS\b|\bredirectHTTP\s*:\s*true|\bViewerProtocolPolicy\.(?:REDIRECT_TO_HTTPS|HTTPS_ONLY)\b/,
    languages: ['typescript', 'javascript', 'python'],
    note: 'CDK terminates TLS (HTTPS listener, redirect)',
  },
  {
    // Like Terraform's aws_acm_certificate: the certificate a CloudFront distribution or load balancer serves.
    re: /\b(?:acm|certificatemanager)\.(?:Certificate|DnsValidatedCertificate)(?:\.from(?:_certificate_arn|CertificateArn))?\s*\(/,
    languages: ['typescript', 'javascript', 'python'],
    note: 'CDK provisions the TLS certificate a CloudFront distribution or load balancer serves',
  },
];

const INGRESS_TLS_ANNOTATION =
  /cert-manager\.io\/(?:cluster-)?issuer|alb\.ingress\.kubernetes\.io\/certificate-arn|networking\.gke\.io\/managed-certificates|ingress\.kubernetes\.io\/ssl-redirect:\s*["']?true|kubernetes\.io\/ingress\.allow-http:\s*["']?false|service\.beta\.kubernetes\.io\/aws-load-balancer-ssl-cert/;

const DATA_TLS =
  /\bsslmode=(require|verify-ca|verify-full)\b|["']?sslmode["']?\s*[:=]\s*["'](require|verify-ca|verify-full)["']|\brediss:\/\/|\bamqps:\/\/|\bmongodb(?:\+srv)?:\/\/[^\s"']*[?&](?:tls|ssl)=true|\bssl-mode=REQUIRED|\bsslMode=(?:REQUIRED|VERIFY_\w+)|\buseSSL=true|\brequireSSL=true|[?&]tls=(?:true|skip-verify|preferred)\b/;
const DATA_PLAIN = /\b(?:postgres(?:ql)?|mysql):\/\/[^\s"'`]*?\bsslmode=disable\b/;
const PLACEHOLDER_HOST = /^(?:host|hostname|server|your[-_]?\w*|<[^>]*>|\[[^\]]*\])(?::\w+)?$/i;
/** Hosts that stay inside the machine, the compose network or the cluster. */
const LOCAL_HOST =
  /^(localhost|127\.0\.0\.1|0\.0\.0\.0|::1|[\w-]+|[\w.-]+\.svc(?:\.cluster\.local)?|[\w.-]+\.internal|[\w.-]+\.local)$/;

function segmentAt(text: string, line: number): string {
  const lines = text.split('\n');
  let start = line - 1;
  while (start > 0 && !/^---/.test(lines[start - 1]!)) start--;
  let end = line;
  while (end < lines.length && !/^---/.test(lines[end]!)) end++;
  return lines.slice(start, end).join('\n');
}

export function detectTls(
  repo: RepoIndex,
  facts: {
    code: CodeFacts;
    liveness: LivenessFacts;
    k8s: K8sFacts;
    platform: PlatformFacts;
    kind: { servesHttp: boolean };
    /** The repository's components (at the repository's scope only). */
    components?: readonly Component[];
  },
): TlsFacts {
  const prod = (p: string): boolean => {
    const f = repo.get(p);
    return (
      !!f &&
      !f.isTest &&
      f.kind !== 'docs' &&
      facts.liveness.isProductionPath(p) &&
      // DDEV's `.ddev/` and a devcontainer hold a developer's local stack (DDEV's router serves https on the laptop).
      !/(^|\/)(docs?|examples?|samples?|test|tests|e2e|dev|local|\.ddev|\.devcontainer)\//i.test(p) &&
      !/(^|\/)(docker-)?compose[\w.-]*\.(?:dev|development|local|test|ci)\.ya?ml$/i.test(p) &&
      // A proxy for development by its folder or file name (`docker/local-nginx/app_dev.conf`, `nginx.local.conf`).
      !/(^|\/)(?:[\w]+[-_.])?(?:dev|development|local)(?:[-_.][\w-]+)?\/|[-_.](?:dev|development|local)\.(?:conf|ya?ml|json|toml)$/i.test(
        p,
      ) &&
      // Per-environment settings for development and test (Rails config/environments/development.rb, Spring
      // application-dev.yml) do not describe how production serves.
      !/(^|\/)config\/environments\/(?:development|test)\.rb$|(^|\/)application-(?:dev|local|test)\.(?:ya?ml|properties)$/.test(
        p,
      )
    );
  };
  // Comments never count: code through the lexer, configuration by its comment markers.
  const isCodeLine = (h: { path: string; line: number; text: string }): boolean =>
    repo.get(h.path)?.language ? facts.code.isCode(h.path, h.line) : !isConfigCommentLine(h.text);
  const find = (patterns: Pattern[], limit = 3): TlsSignal[] => {
    const out: TlsSignal[] = [];
    for (const p of patterns) {
      const hits = p.languages
        ? facts.code.grep(p.re, { languages: p.languages, kinds: ['source', 'config'], limit: 20 })
        : repo.grep(p.re, { include: p.include, limit: 20 });
      for (const h of hits) {
        if (!prod(h.path) || !isCodeLine(h)) continue;
        if (p.off?.test(h.groups[0] ?? h.text)) continue;
        // A development certificate on Kestrel (`if (env.IsDevelopment()) listen.UseHttps("dev.pfx")`) is not
        // production's.
        if (h.path.endsWith('.cs') && inDevelopmentBranch(repo, h.path, h.line)) continue;
        if (
          p.off &&
          p.offSpan &&
          p.off.test(
            repo
              .lines(h.path)
              .slice(h.line - 1, h.line + p.offSpan)
              .join('\n'),
          )
        )
          continue;
        out.push({ file: h.path, line: h.line, note: typeof p.note === 'string' ? p.note : p.note(h.groups) });
        if (out.filter((o) => o.note === out.at(-1)!.note).length >= limit) break;
      }
    }
    return out;
  };
  // A TLS listener beside a plain one in the same module: TLS only when a certificate is configured, not enforced.
  const optionalTls = (x: TlsSignal): boolean => {
    const plain = PLAIN_BESIDE[x.note];
    const lines = repo.lines(x.file);
    // With the next line: a builder chain goes on there (`Server::builder()⏎ .tls_config(tls)?`).
    const tls = x.line - 1;
    return !!plain && lines.some((l, i) => i !== tls && plain.test(i + 1 === tls ? l : `${l}\n${lines[i + 1] ?? ''}`));
  };
  // ASP.NET Core's HTTPS redirection in a service shipped only as a .NET image that serves HTTP: with no HTTPS port
  // known to the app the middleware logs "Failed to determine the https port for redirect" and redirects nothing.
  // Read only where the redirect is called: it reads every Dockerfile.
  const found = find(APP_ENFORCED);
  const inertRedirect = found.some((x) => x.note === ASPNET_REDIRECT)
    ? aspNetRedirectWithoutHttps(repo, prod)
    : undefined;
  const app = found.map((x) =>
    inertRedirect && x.note === ASPNET_REDIRECT ? { ...x, note: `${ASPNET_REDIRECT_INERT} (${inertRedirect})` } : x,
  );
  const isInert = (x: TlsSignal) => x.note.startsWith(ASPNET_REDIRECT_INERT);
  const enforced = [...app.filter((x) => !optionalTls(x) && !isInert(x)), ...find(EDGE)];
  const partial = [
    ...find(APP_PARTIAL, 2),
    ...app.filter(isInert),
    ...app.filter(optionalTls).map((x) => ({
      ...x,
      note: 'the server listens with TLS only when a certificate is configured (plain HTTP otherwise)',
    })),
  ];
  const plain: TlsSignal[] = [];
  // Kubernetes Ingress, Gateway API, Istio, Traefik and OpenShift routes.
  for (const o of facts.k8s.objects) {
    if (!/^(Ingress|Gateway|IngressRoute|Route|VirtualService)$/.test(o.kind) || !prod(o.file)) continue;
    const text = repo.read(o.file);
    if (text === undefined) continue;
    const seg = segmentAt(text, o.line);
    const tls =
      /^\s*tls\s*:/m.test(seg) || /protocol:\s*HTTPS\b|termination:\s*(?:edge|reencrypt|passthrough)/.test(seg);
    const annotated = INGRESS_TLS_ANNOTATION.test(seg);
    // A Helm template whose tls section comes from the values: `{{- if .Values.ingress.tls }}`, `{{- with
    // .Values.ingress.tls }}`, `{{ toYaml .Values.ingress.tls }}`, `{{- with (pick $ingress "ingressClassName" "tls") }}`.
    const conditional =
      o.helm &&
      /\{\{-?\s*(?:if|with|range)\b[^}]*\btls\b|\{\{[^}]*\b(?:pick|toYaml)\b[^}]*(?:\.tls\b|["']tls["'])/.test(seg);
    if (conditional)
      partial.push({
        file: o.file,
        line: o.line,
        note: `${o.kind} ${o.name}: TLS only when the chart values enable it`,
      });
    else if (tls || annotated)
      enforced.push({
        file: o.file,
        line: o.line,
        note: `${o.kind} ${o.name || ''} terminates TLS${annotated && !tls ? ' (certificate annotation)' : ''}`.replace(
          /\s+/g,
          ' ',
        ),
      });
    else if (o.kind === 'Ingress' || o.kind === 'IngressRoute')
      plain.push({
        file: o.file,
        line: o.line,
        note: `${o.kind} ${o.name} serves plain HTTP: no tls section or certificate`,
      });
  }
  // A nais Application's ingresses are https:// URLs: the platform's load balancer terminates TLS for them.
  for (const w of facts.k8s.workloads)
    if (w.httpsIngress && prod(w.file))
      partial.push({
        file: w.file,
        line: w.httpsIngress.line,
        note: `${w.kind}/${w.name}: the platform serves its ingress ${w.httpsIngress.url} over HTTPS`,
      });
  // Caddy: a site address that is a domain gets automatic HTTPS.
  for (const f of repo.files.filter((x) => /(^|\/)Caddyfile[\w.-]*$/.test(x.path) && prod(x.path))) {
    const hit = repo.grepFirst(
      /^(?!\s*#)(?!\s*(?:https?:\/\/)?(?::\d+|localhost\b))\s*(?:https:\/\/)?([\w{}$.-]+\.[\w{}$.-]+|\{\$[\w]+\})(?::443)?(?:\s*,[^{]*)?\s*\{/,
      {
        paths: [f.path],
      },
    );
    if (hit)
      enforced.push({ file: f.path, line: hit.line, note: 'Caddy serves the site address with automatic HTTPS' });
  }
  for (const t of facts.platform.service) {
    if (!t.https) continue;
    // A function platform serves HTTPS to the functions it invokes over HTTP; a function run on a schedule or from a
    // queue (a Lambda with no HTTP handler) takes no inbound traffic to encrypt.
    if (FUNCTION_PLATFORMS.has(t.platform) && !facts.kind.servesHttp) continue;
    const at = { file: t.https.file ?? t.path, line: t.https.line ?? t.line ?? 1, platform: t.path };
    if (t.https.state === 'optional' || t.weak) partial.push({ ...at, note: `${t.name}: ${t.https.note}` });
    else enforced.push({ ...at, note: `${t.name}: ${t.https.note}` });
  }
  const dataTls: TlsSignal[] = [];
  const dataPlain: TlsSignal[] = [];
  for (const h of repo.grep(DATA_TLS, {
    include: CONF.concat(['**/*.{py,rb,js,ts,go,java,kt,php,cs,fs}']),
    limit: 40,
  })) {
    if (!prod(h.path) || !isCodeLine(h)) continue;
    if (dataTls.length < 3)
      dataTls.push({ file: h.path, line: h.line, note: 'database/broker connection requires TLS' });
  }
  for (const h of repo.grep(DATA_PLAIN, { include: CONF, limit: 40 })) {
    if (!prod(h.path) || !isCodeLine(h)) continue;
    const authority = h.groups[0]!.replace(/^\w+:\/\//, '').split('/')[0]!;
    const host = authority.slice(authority.lastIndexOf('@') + 1).replace(/:\d+$/, '');
    // Only a host outside the machine, the compose network and the cluster is traffic that leaves the host.
    // A documented format (`postgres://user:pass@host:port/db?sslmode=disable`) names no host at all.
    if (!host || LOCAL_HOST.test(host) || /\$\{?|\{\{/.test(host) || PLACEHOLDER_HOST.test(host)) continue;
    dataPlain.push({ file: h.path, line: h.line, note: `connection to ${host} with sslmode=disable` });
  }
  return { enforced, partial, plain, dataTls, dataPlain, uncovered: uncoveredComponents(facts.components, enforced) };
}

/**
 * Deployments whose edge the repository would describe (an Ingress, a load balancer, a proxy on the host). A compose
 * file may run behind a host's own proxy or a self-hosting platform (Coolify, Dokploy) that terminates TLS, and a
 * component with no known target says nothing: neither is counted as uncovered.
 */
const EDGE_IN_REPOSITORY = new Set<ComponentTarget>(['kubernetes', 'container-service', 'vm']);

/**
 * The deployed components that serve HTTP (services and frontends) and that no platform serving HTTPS deploys, when
 * platforms are all that serve HTTPS: an application setting, a proxy, an Ingress or a load balancer may front any of
 * them, so then none is reported.
 */
function uncoveredComponents(
  components: readonly Component[] | undefined,
  enforced: readonly TlsSignal[],
): UncoveredComponent[] {
  if (!components || components.length < 2 || !enforced.length || enforced.some((s) => !s.platform)) return [];
  const platforms = new Set(enforced.map((s) => s.platform!));
  return components
    .filter(
      (c) =>
        c.deployed &&
        !c.shippedWith &&
        (c.kind === 'service' || c.kind === 'frontend') &&
        EDGE_IN_REPOSITORY.has(c.target) &&
        !c.deployedBy.some((d) => platforms.has(d.path)),
    )
    .map((c) => ({
      id: c.id,
      path: c.path,
      target: c.target,
      ...(c.deployedBy[0] ? { deployedBy: { path: c.deployedBy[0].path, line: c.deployedBy[0].line } } : {}),
    }));
}

import { defineRule, SPRING_SECURITY_STARTER } from '../../src/sdk/index.js';
import { declaredNotApplied } from '../_lib/security-verdicts.js';

const DEPS =
  /^(helmet|@nichtsam\/helmet|@fastify\/helmet|koa-helmet|flask-talisman|talisman|secure|django-csp|github\.com\/unrolled\/secure|github\.com\/gin-contrib\/secure|github\.com\/danielkov\/gin-helmet|secure_headers)$/;

const HEADERS_FIX = [
  'Register a security-headers middleware or set the headers at the reverse proxy/ingress.',
  'Node: app.use(helmet()) (@fastify/helmet for Fastify).',
  'Python: flask-talisman, secure (FastAPI/Starlette), or Django SecurityMiddleware with SECURE_* settings.',
  'Go: unrolled/secure middleware.',
  'Spring: Spring Security headers() defaults (HSTS, nosniff, frame options) and a contentSecurityPolicy.',
  'Ruby: Rails default headers plus config.content_security_policy.',
  "Send Strict-Transport-Security (with HTTPS everywhere), X-Content-Type-Options: nosniff, a Content-Security-Policy (API: default-src 'none'; frame-ancestors 'none').",
  'Rust: tower-http SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, ..) layers for each header (actix-web: middleware::DefaultHeaders).',
  '.NET: app.UseHsts() outside Development plus NetEscapades.AspNetCore.SecurityHeaders (app.UseSecurityHeaders()) or a small middleware that sets them.',
  'Laravel: a middleware appended in bootstrap/app.php that sets the headers on every response (or bepsvpt/secure-headers, spatie/laravel-csp).',
  'Symfony: nelmio/security-bundle for CSP, clickjacking and content-type protection.',
  'Phoenix: keep `plug :put_secure_browser_headers` in every pipeline (API too) and set force_ssl: [hsts: true] on the endpoint.',
];

export default defineRule({
  meta: {
    id: 'security.headers',
    category: 'security',
    title: 'HTTP security headers are set',
    severity: 'medium',
    level: 2,
    scope: 'component',
    requires: ['browser-http', 'network-api'],
    docs: {
      why: 'HSTS, Content-Security-Policy, X-Content-Type-Options and X-Frame-Options shut whole classes of attacks (downgrade, XSS, MIME sniffing, clickjacking) for the price of a middleware.',
      how:
        'Looks for headers applied by live code or infrastructure: helmet/@fastify/helmet/koa-helmet registered, flask-talisman, Flask-SSLify (HSTS), the Python secure package, Django SECURE_HSTS_SECONDS or django-csp, Go unrolled/secure, echo middleware.Secure, fiber helmet, Spring Security headers(), Rails force_ssl / content_security_policy, Next.js headers() in next.config, nginx add_header, ingress annotations, hosting _headers/vercel.json/netlify.toml, or project middleware that sets the headers and is registered (or is called by the middleware() of a Next.js root middleware.ts, which Next.js runs by itself). ' +
        'Framework defaults are stated as such: Spring Security writes HSTS (on HTTPS), X-Content-Type-Options, X-Frame-Options and Cache-Control unless headers().disable() — pass; Django SecurityMiddleware (nosniff, Referrer-Policy, COOP) without SECURE_HSTS_SECONDS and Rails default_headers (X-Frame-Options, nosniff, Referrer-Policy) without force_ssl/CSP and the action defaults of a Hanami 2 app (X-Frame-Options, nosniff, CSP) and the SecurityHeadersFilter of Play, on by default unless the build disables PlayFilters or the configuration drops it (X-Frame-Options, nosniff, Referrer-Policy), pass with low confidence; a Play CSPFilter enabled in the configuration passes. ' +
        'Headers applied only under a Python `if` on a configuration value that is off unless set (`if app.config.get("ENABLE_CSP", False): Talisman(app)`) pass with low confidence. ' +
        'Header code that no middleware registration reaches is "defined but never wired"; helmet declared but never imported is "declared but not used". n/a for a plain gRPC service (no grpc-web or HTTP gateway), and for a web host that serves nothing but gRPC methods and probes (ASP.NET Core mapping only `MapGrpcService<T>()` and /health), and for a server the cluster keeps to itself (deployed by Kubernetes behind ClusterIP Services only, while the repository\'s Ingress, route or LoadBalancer Service sends outside traffic to other Services and no route or nginx/Caddy proxy reaches these): browser security headers protect pages and responses browsers read.',
      fix: HEADERS_FIX,
      fixFor: {
        kubernetes: [
          'Set them in the app (below) or at the ingress: a Traefik Headers middleware, ingress-nginx `add-headers` (a ConfigMap of headers), or the gateway in front.',
          ...HEADERS_FIX.slice(1),
        ],
        serverless: [
          'Set them in every function response or in the framework middleware (below), or at the edge: vercel.json `headers`, netlify.toml `[[headers]]` or a `_headers` file, a CloudFront response headers policy in front of API Gateway, a Cloudflare Workers response wrapper.',
          ...HEADERS_FIX.slice(1),
        ],
        paas: [
          'PaaS routers add none of them: set them in the app (below), in the static host config of a site (netlify.toml `[[headers]]`, `_headers`, vercel.json `headers`), or at the CDN in front (Cloudflare Transform Rules).',
          ...HEADERS_FIX.slice(1),
        ],
        compose: [
          'Set them in the app (below) or at the reverse proxy in front of the stack (nginx `add_header … always`, Caddy `header`, Traefik Headers middleware labels).',
          ...HEADERS_FIX.slice(1),
        ],
        'container-service': [
          'Set them in the app (below) or in front of it: a CloudFront response headers policy before the ECS load balancer, or the Traefik/Envoy ingress of a Nomad cluster.',
          ...HEADERS_FIX.slice(1),
        ],
        vm: [
          "Set them in the app (below) or at the host's reverse proxy (nginx `add_header … always`, Caddy `header`).",
          ...HEADERS_FIX.slice(1),
        ],
      },
      effort: 'S',
      links: ['https://owasp.org/www-project-secure-headers/', 'https://helmetjs.github.io/'],
    },
    messages: {
      applied: 'Security headers are set: {{how}}.',
      optIn:
        'Security headers are set ({{how}}) only when a configuration switch that is off by default turns them on.',
      springDefault:
        'Spring Security is in use and writes its default security headers (HSTS on HTTPS, X-Content-Type-Options, X-Frame-Options, Cache-Control).',
      frameworkDefault:
        '{{framework}} defaults send some security headers ({{headers}}); no HSTS or Content-Security-Policy configured.',
      disabled: 'Spring Security headers are disabled ({{file}}).',
      neverWired:
        '{{what}} is set up in {{file}} but never wired: no middleware registration applies it, so no response gets the headers.',
      declaredNotUsed: '{{dep}} is declared in {{manifest}} but not used: no production code sets security headers.',
      missing:
        'No security headers: no helmet/secure-headers middleware, framework setting, proxy or ingress configuration sets them.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['security headers', 'hsts', 'content security policy', 'csp', 'helmet', 'x-frame-options'],
  },
  check(ctx) {
    const sh = ctx.facts.securityHeaders;
    const at = (e: { path: string; line: number; note: string }) => ctx.at(e.path, e.line, e.note);
    if (sh.disabled.length) return ctx.gap('disabled', sh.disabled.map(at), { data: { file: sh.disabled[0]!.path } });
    // Applied only behind a configuration switch that is off by default: the service may run without them.
    const alwaysOn = sh.applied.filter((a) => !a.optIn);
    if (sh.applied.length && !alwaysOn.length) {
      const first = sh.applied[0]!;
      return ctx.pass([at(first.site), at(first.optIn!)], {
        messageId: 'optIn',
        data: { how: [...new Set(sh.applied.map((a) => a.label))].join(', ') },
        confidence: 'low',
      });
    }
    if (sh.applied.length)
      return ctx.pass(
        alwaysOn.slice(0, 5).map((a) => at(a.site)),
        { messageId: 'applied', data: { how: [...new Set(alwaysOn.map((a) => a.label))].join(', ') } },
      );
    if (sh.code)
      return ctx.pass(sh.code.evidence.map(at), {
        messageId: 'applied',
        data: { how: sh.code.how },
        ...(sh.code.confidence === 'low' ? { confidence: 'low' as const } : {}),
      });
    // Headers a view sets on its own responses do not cover the others, but a framework default still applies to every
    // response: the default decides before the unwired helper does.
    const starter = ctx.facts.deps.declared(SPRING_SECURITY_STARTER);
    if (sh.springSecurity || starter)
      return ctx.pass(
        sh.springSecurity
          ? [at(sh.springSecurity)]
          : [ctx.at(starter!.manifest, starter!.line, 'spring-boot-starter-security: default security headers')],
        { messageId: 'springDefault' },
      );
    if (sh.springSecurityImplied)
      return ctx.pass([at(sh.springSecurityImplied)], { messageId: 'springDefault', confidence: 'low' });
    if (sh.djangoSecurityMiddleware)
      return ctx.pass([at(sh.djangoSecurityMiddleware)], {
        messageId: 'frameworkDefault',
        data: { framework: 'Django SecurityMiddleware', headers: 'nosniff, Referrer-Policy, COOP' },
        confidence: 'low',
      });
    if (sh.hanamiApp)
      return ctx.pass([at(sh.hanamiApp)], {
        messageId: 'frameworkDefault',
        data: { framework: 'Hanami', headers: 'X-Frame-Options, X-Content-Type-Options, Content-Security-Policy' },
        confidence: 'low',
      });
    if (sh.playSecurityHeadersFilter)
      return ctx.pass([at(sh.playSecurityHeadersFilter)], {
        messageId: 'frameworkDefault',
        data: { framework: 'Play', headers: 'X-Frame-Options, X-Content-Type-Options, Referrer-Policy' },
        confidence: 'low',
      });
    const rails = ctx.facts.frameworks.get('rails');
    if (rails && ctx.repo.has('config/application.rb')) {
      return ctx.pass(
        [
          ctx.at(
            'config/application.rb',
            1,
            'Rails action_dispatch.default_headers: X-Frame-Options, X-Content-Type-Options, Referrer-Policy (no force_ssl, no CSP initializer)',
          ),
        ],
        {
          messageId: 'frameworkDefault',
          data: { framework: 'Rails', headers: 'X-Frame-Options, X-Content-Type-Options, Referrer-Policy' },
          confidence: 'low',
        },
      );
    }
    const searched = [
      'helmet',
      'flask-talisman',
      'secure',
      'SECURE_HSTS_SECONDS',
      'django-csp',
      'unrolled/secure',
      'Spring Security headers',
      'force_ssl',
      'next.config headers()',
      'nginx add_header',
      'ingress annotations',
      'header-setting middleware',
    ];
    if (sh.unregistered.length) {
      const first = sh.unregistered[0]!;
      return ctx.gap(
        'neverWired',
        sh.unregistered.slice(0, 3).map((n) => ctx.at(n.site.path, n.site.line, n.site.note)),
        { data: { what: `Security-header code (${first.name})`, file: first.site.path } },
      );
    }
    const unused = declaredNotApplied(ctx, DEPS, searched, 'no production code sets security headers');
    if (unused) return unused;
    return ctx.gap('missing', [ctx.missing(searched, 'no security headers set')]);
  },
});

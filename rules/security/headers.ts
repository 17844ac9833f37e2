import {
  symfonyConfigGlobs,
  appliedAt,
  defineRule,
  enclosing,
  findHits,
  type SourceHit,
  type SourcePattern,
  SPRING_SECURITY_STARTER,
} from '../../src/sdk/index.js';
import { declaredNotApplied, hitEvidence } from '../_lib/security-verdicts.js';

const HEADER_NAMES =
  /Strict-Transport-Security|Content-Security-Policy|X-Content-Type-Options|X-Frame-Options|Referrer-Policy|Permissions-Policy/i;

/** helmet and its framework ports, as registered middleware (`helmet`, `helmet.contentSecurityPolicy`). */
const HELMET = /^(?:helmet|fastifyHelmet|koaHelmet|secureHeaders)(?:\.|$)/;

/** Security headers applied where they are written. */
const APPLIED: SourcePattern[] = [
  {
    // helmet ports that write the headers onto the response they are given (@nichtsam/helmet: helmet(res, {...})).
    re: /(?<![\w.])helmet\s*\(\s*(?:res|response|reply|headers|responseHeaders|c\.res)\b/,
    label: 'helmet applied to the response',
    langs: ['javascript', 'typescript'],
  },
  { re: /\bTalisman\s*\(/, label: 'flask-talisman', langs: ['python'] },
  {
    re: /["']nuxt-security["']/,
    label: 'nuxt-security module',
    langs: ['javascript', 'typescript'],
  },
  {
    re: /^\s*SECURE_HSTS_SECONDS\s*=\s*(?!0\s*$)(?:\d|int\(|env)/,
    label: 'Django SECURE_HSTS_SECONDS',
    langs: ['python'],
  },
  {
    re: /["']csp\.middleware\.CSPMiddleware["']|^\s*(?:CSP_DEFAULT_SRC|CONTENT_SECURITY_POLICY)\s*=/,
    label: 'django-csp',
    langs: ['python'],
  },
  {
    re: /\bsecure\.(?:Secure|ContentSecurityPolicy|StrictTransportSecurity)\s*\(/,
    label: 'secure headers middleware',
    langs: ['python'],
  },
  {
    re: /\bsecure\.New\(|\bmiddleware\.Secure(?:WithConfig)?\(|\bhelmet\.New\(|\bsecure\.Options\{/,
    label: 'Go secure headers middleware',
    langs: ['go'],
  },
  {
    re: /\.headers\s*\([^)]*(?:contentSecurityPolicy|httpStrictTransportSecurity|frameOptions)/,
    label: 'Spring Security headers() configured',
    langs: ['java', 'kotlin'],
  },
  { re: /^\s*config\.force_ssl\s*=\s*true/, label: 'Rails force_ssl (HSTS)', langs: ['ruby'] },
  {
    re: /\bcontent_security_policy\s+do\b|config\.action_dispatch\.default_headers\s*(?:=|\.merge)/,
    label: 'Rails content security policy / default headers',
    langs: ['ruby'],
  },
  {
    // Symfony HttpFoundation responses (Laravel's too): a middleware or a kernel.response subscriber.
    re: /->\s*headers\s*->\s*set\s*\(\s*['"](?:Strict-Transport-Security|Content-Security-Policy|X-Frame-Options|X-Content-Type-Options)/i,
    label: 'security headers set on the response ($response->headers->set)',
    langs: ['php'],
  },
  {
    re: /\bSecureHeaders(?:Middleware)?::class|\bAddCspHeaders::class|\bSpatie\\Csp\\/,
    label: 'Laravel security headers middleware',
    langs: ['php'],
  },
  {
    re: /^\s*plug\s*\(?\s*:put_secure_browser_headers\b|\bput_secure_browser_headers\s*\(\s*conn|^\s*plug\s*\(?\s*(?:PlugContentSecurityPolicy|Plug\.SSL|SecureHeaders)\b|\bforce_ssl:\s*\[/,
    label: 'Phoenix put_secure_browser_headers / force_ssl',
    langs: ['elixir'],
  },
  {
    re: /^\s*nelmio_security\s*:|^\s+(?:forced_content_type|clickjacking|csp)\s*:/,
    label: 'NelmioSecurityBundle',
    include: symfonyConfigGlobs('nelmio_security'),
  },
  {
    re: /\bSetResponseHeaderLayer::(?:overriding|if_not_present|appending)\s*\(\s*(?:header::|http::header::)?(?:STRICT_TRANSPORT_SECURITY|CONTENT_SECURITY_POLICY|X_FRAME_OPTIONS|X_CONTENT_TYPE_OPTIONS)\b|\bDefaultHeaders::new\s*\(\s*\)[\s\S]{0,200}?(?:X_FRAME_OPTIONS|X_CONTENT_TYPE_OPTIONS|STRICT_TRANSPORT_SECURITY|[Xx]-[Ff]rame-[Oo]ptions|[Ss]trict-[Tt]ransport)|\bHelmetLayer::|\bHelmet::(?:default|new)\s*\(/,
    label: 'Rust security-header layer (tower-http SetResponseHeaderLayer / actix DefaultHeaders / helmet)',
    langs: ['rust'],
  },
  {
    re: /\.UseSecurityHeaders\s*\(|\.UseHsts\s*\(|\.AddSecurityHeaderPolicies\s*\(|\.UseCsp\s*\(|\.UseXfo\s*\(/,
    label: 'ASP.NET Core security headers (UseHsts / NetEscapades UseSecurityHeaders / NWebsec)',
    langs: ['csharp'],
  },
];
/** Infrastructure config: nginx, ingress annotations, hosting headers files, Next.js headers(). */
const INFRA: SourcePattern[] = [
  {
    re: /\badd_header\s+["']?(?:Strict-Transport-Security|Content-Security-Policy|X-Frame-Options|X-Content-Type-Options)/i,
    label: 'nginx add_header',
    include: ['**/*.conf', '**/*.conf.template', '**/nginx*', '**/*.yaml', '**/*.yml', '**/*.tpl'],
  },
  {
    re: /more_set_headers[^\n]*(?:Strict-Transport-Security|Content-Security-Policy|X-Frame-Options)|nginx\.ingress\.kubernetes\.io\/(?:hsts|x-forwarded)|traefik\.[\w.]*headers\.(?:stsSeconds|contentSecurityPolicy|frameDeny|contentTypeNosniff)|(?:stsSeconds|contentSecurityPolicy|frameDeny)\s*:/i,
    label: 'ingress security headers',
    include: ['**/*.yaml', '**/*.yml', '**/*.tpl', '**/*.toml'],
  },
  {
    re: /^\s*csp\s*:\s*\{/,
    label: 'SvelteKit kit.csp',
    include: ['**/svelte.config.{js,mjs,cjs,ts}'],
  },
  {
    re: /(?:Strict-Transport-Security|Content-Security-Policy|X-Frame-Options|X-Content-Type-Options)/i,
    label: 'Nitro routeRules headers',
    include: ['**/nuxt.config.{ts,js,mjs}', '**/nitro.config.{ts,js,mjs}'],
  },
  {
    re: /(?:Strict-Transport-Security|Content-Security-Policy|X-Frame-Options|X-Content-Type-Options)/i,
    label: 'hosting headers config',
    include: [
      '**/_headers',
      '**/vercel.json',
      '**/netlify.toml',
      '**/firebase.json',
      '**/staticwebapp.config.json',
      '**/Caddyfile',
      '**/.htaccess',
      '**/web.config',
    ],
  },
];
const NEXT_CONFIG = /(^|\/)next\.config\.[cm]?[jt]s$/;
/** Project code that sets the headers: counts when the function is registered as middleware or is a route/after-request hook. */
const CODE_SET: SourcePattern = {
  re: /(?:headers?\s*\[\s*["'`]|setHeader\(\s*["'`]|\.header\(\s*["'`]|Header\(\)\.(?:Set|Add)\(\s*"|\.set\(\s*["'`]|\.append\(\s*["'`]|response\s*\[\s*["']|addHeader\(\s*"|setHeader\(\s*"|headers\.put\(\s*["'`]|["'`](?=(?:Strict-Transport-Security|Content-Security-Policy|X-Content-Type-Options|X-Frame-Options)["'`]\s*[:,=]))(?:Strict-Transport-Security|Content-Security-Policy|X-Content-Type-Options|X-Frame-Options)/i,
  label: 'security headers set in code',
};

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
    requires: ['browser-http'],
    docs: {
      why: 'HSTS, Content-Security-Policy, X-Content-Type-Options and X-Frame-Options shut whole classes of attacks (downgrade, XSS, MIME sniffing, clickjacking) for the price of a middleware.',
      how:
        'Looks for headers applied by live code or infrastructure: helmet/@fastify/helmet/koa-helmet registered, flask-talisman, the Python secure package, Django SECURE_HSTS_SECONDS or django-csp, Go unrolled/secure, echo middleware.Secure, fiber helmet, Spring Security headers(), Rails force_ssl / content_security_policy, Next.js headers() in next.config, nginx add_header, ingress annotations, hosting _headers/vercel.json/netlify.toml, or project middleware that sets the headers and is registered. ' +
        'Framework defaults are stated as such: Spring Security writes HSTS (on HTTPS), X-Content-Type-Options, X-Frame-Options and Cache-Control unless headers().disable() — pass; Django SecurityMiddleware (nosniff, Referrer-Policy, COOP) without SECURE_HSTS_SECONDS and Rails default_headers (X-Frame-Options, nosniff, Referrer-Policy) without force_ssl/CSP pass with low confidence. ' +
        'Header code that no middleware registration reaches is "defined but never wired"; helmet declared but never imported is "declared but not used". n/a for a plain gRPC service (no grpc-web or HTTP gateway): browser security headers protect pages and responses browsers read.',
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
      springDefault:
        'Spring Security is in use and writes its default security headers (HSTS on HTTPS, X-Content-Type-Options, X-Frame-Options, Cache-Control).',
      frameworkDefault:
        '{{framework}} defaults send some security headers ({{headers}}); no HSTS or Content-Security-Policy configured.',
      disabled: 'Spring Security headers are disabled ({{file}}).',
      notWired:
        'Security headers are set in {{file}} ({{name}}) but never wired: no middleware registration applies it.',
      notUsed: '{{dep}} is declared in {{manifest}} but not used: no production code sets security headers.',
      notApplied:
        '{{dep}} is set up in {{file}} but never applied: it is never registered, so no response gets the headers.',
      missing:
        'No security headers: no helmet/secure-headers middleware, framework setting, proxy or ingress configuration sets them.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['security headers', 'hsts', 'content security policy', 'csp', 'helmet', 'x-frame-options'],
  },
  check(ctx) {
    const disabled = findHits(ctx.facts, [
      {
        re: /\.headers\s*\(\s*(?:\w+\s*->\s*\w+\.disable\(\)|\)\s*\.disable\(\))|headers\s*\{\s*disable\(\)/,
        label: 'headers disabled',
        langs: ['java', 'kotlin'],
      },
    ]).filter((h) => h.live);
    if (disabled.length)
      return ctx.gap(
        'disabled',
        disabled.map((h) => hitEvidence(ctx, h, 'Spring Security headers disabled')),
        { data: { file: disabled[0]!.path } },
      );
    // helmet as the service registers it (app.use / fastify.register), whatever the variables are called.
    const helmet: SourceHit[] = ctx.facts.service.middleware
      .filter((m) => m.reached && (HELMET.test(m.name) || HELMET.test(m.factory ?? '')))
      .map((m) => ({
        path: m.file,
        line: m.line,
        label:
          /^secureHeaders\b/.test(m.name) || /^secureHeaders\b/.test(m.factory ?? '')
            ? 'Hono secureHeaders registered'
            : 'helmet registered',
        text: m.text,
        groups: [],
        live: true,
      }));
    const applied = [
      ...helmet,
      ...findHits(ctx.facts, APPLIED).filter((h) => h.live || /\.ya?ml$/.test(h.path)),
      ...findHits(ctx.facts, INFRA),
    ];
    const nextCfg = ctx.repo.files
      .filter((f) => NEXT_CONFIG.test(f.path))
      .flatMap((f) => {
        const text = ctx.repo.read(f.path) ?? '';
        if (!/\bheaders\s*(?::|\()/.test(text)) return [];
        const m = ctx.repo.grepFirst(HEADER_NAMES, { paths: [f.path] });
        return m
          ? [
              {
                path: m.path,
                line: m.line,
                label: 'Next.js headers() in next.config',
                text: m.text,
                groups: m.groups,
                live: true,
              } as SourceHit,
            ]
          : [];
      });
    applied.push(...nextCfg);
    if (applied.length) {
      return ctx.pass(
        applied.slice(0, 5).map((h) => hitEvidence(ctx, h)),
        { messageId: 'applied', data: { how: [...new Set(applied.map((h) => h.label))].join(', ') } },
      );
    }
    // Project code setting the headers: wired when its function is registered or is a hook.
    const code = findHits(ctx.facts, [CODE_SET]);
    const notWired: { hit: SourceHit; name: string }[] = [];
    const seen = new Set<string>();
    for (const h of code) {
      const enc = enclosing(ctx.facts, h.path, h.line);
      if (!enc) {
        if (h.live)
          return ctx.pass([hitEvidence(ctx, h)], { messageId: 'applied', data: { how: h.label }, confidence: 'low' });
        continue;
      }
      if (enc.decorated && h.live)
        return ctx.pass([hitEvidence(ctx, h, `${h.label} in ${enc.name} (@${enc.decorated})`)], {
          messageId: 'applied',
          data: { how: `${h.label} in @${enc.decorated} ${enc.name}` },
        });
      if (seen.has(`${h.path}:${enc.name}`)) continue;
      seen.add(`${h.path}:${enc.name}`);
      let at = appliedAt(ctx.facts, enc.name, { path: h.path, line: enc.line });
      const parent = at ? undefined : enclosing(ctx.facts, h.path, enc.line, true);
      if (!at && parent) at = appliedAt(ctx.facts, parent.name, { path: h.path, line: parent.line });
      if (at)
        return ctx.pass(
          [hitEvidence(ctx, h, `${h.label} in ${enc.name}`), ctx.at(at.path, at.line, `registered (${at.how})`)],
          { messageId: 'applied', data: { how: `${enc.name} registered as ${at.how}` } },
        );
      notWired.push({ hit: h, name: parent?.name ?? enc.name });
    }
    // Headers a view sets on its own responses do not cover the others, but a framework default still applies to every
    // response: the default decides before the unwired helper does.
    const unwired = () => {
      const first = notWired[0]!;
      return ctx.gap(
        'notWired',
        notWired
          .slice(0, 3)
          .map((n) => hitEvidence(ctx, n.hit, `${n.hit.label} in ${n.name}, which no middleware registration applies`)),
        { data: { file: first.hit.path, name: first.name } },
      );
    };
    // Framework defaults.
    const spring = findHits(ctx.facts, [
      { re: /\bSecurityFilterChain\b|@EnableWebSecurity/, label: 'Spring Security', langs: ['java', 'kotlin'] },
    ]).filter((h) => h.live);
    const starter = ctx.facts.deps.declared(SPRING_SECURITY_STARTER);
    if (spring.length || starter) {
      return ctx.pass(
        spring.length
          ? [hitEvidence(ctx, spring[0]!, 'Spring Security: default security headers')]
          : [ctx.at(starter!.manifest, starter!.line, 'spring-boot-starter-security: default security headers')],
        { messageId: 'springDefault' },
      );
    }
    const djangoMw = findHits(ctx.facts, [
      {
        re: /["']django\.middleware\.security\.SecurityMiddleware["']/,
        label: 'Django SecurityMiddleware',
        langs: ['python'],
      },
    ]).filter((h) => h.live);
    if (djangoMw.length) {
      return ctx.pass(
        [
          hitEvidence(
            ctx,
            djangoMw[0]!,
            'SecurityMiddleware defaults: X-Content-Type-Options nosniff, Referrer-Policy, Cross-Origin-Opener-Policy; SECURE_HSTS_SECONDS not set',
          ),
        ],
        {
          messageId: 'frameworkDefault',
          data: { framework: 'Django SecurityMiddleware', headers: 'nosniff, Referrer-Policy, COOP' },
          confidence: 'low',
        },
      );
    }
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
    if (notWired.length) return unwired();
    const unused = declaredNotApplied(ctx, DEPS, searched, 'no production code sets security headers');
    if (unused) return unused;
    return ctx.gap('missing', [ctx.missing(searched, 'no security headers set')]);
  },
});

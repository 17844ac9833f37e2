import {
  defineRule,
  grepReached,
  grepUnreached,
  headerOfOutboundRequest,
  symfonyConfigGlobs,
} from '../../src/sdk/index.js';
import { firstLibrary, type LibSpec } from '../_lib/library-evidence.js';
import type { GrepMatch, RuleContext } from '../../src/sdk/index.js';

/** Registrations of CORS handling, per stack. `bare` marks calls whose defaults allow every origin. */
const REGISTRATIONS: { re: RegExp; label: string; languages: string[]; bare?: RegExp }[] = [
  {
    re: /\badd_middleware\(\s*CORSMiddleware\b|\bMiddleware\(\s*CORSMiddleware\b/,
    label: 'Starlette/FastAPI CORSMiddleware',
    languages: ['python'],
  },
  {
    re: /\bCORS\(\s*\w+|\bcross_origin\(/,
    label: 'flask-cors',
    languages: ['python'],
    bare: /\bCORS\(\s*\w+\s*\)|@cross_origin\(\s*\)/,
  },
  { re: /["']corsheaders\.middleware\.CorsMiddleware["']/, label: 'django-cors-headers', languages: ['python'] },
  { re: /\bCORSConfig\s*\(|\bcors_config\s*=\s*\w/, label: 'Litestar CORSConfig', languages: ['python'] },
  {
    re: /\.use\(\s*(?:["'`][^"'`]*["'`]\s*,\s*)?(?:cors|oakCors)\(|\b(?:cors|oakCors)\(\s*(corsOptions|options|\{)/,
    label: 'cors middleware',
    languages: ['javascript', 'typescript'],
    bare: /(?:cors|oakCors)\(\s*\)/,
  },
  {
    re: /\.register\(\s*(fastifyCors|cors|require\(["']@fastify\/cors["']\)|import\(["']@fastify\/cors["']\))/,
    label: '@fastify/cors',
    languages: ['javascript', 'typescript'],
    bare: /register\(\s*[\w()'"@/]+\s*\)/,
  },
  {
    re: /\.enableCors\(|NestFactory\.create\w*\([^)]*\bcors\s*:/,
    label: 'NestJS CORS',
    languages: ['typescript', 'javascript'],
    bare: /enableCors\(\s*\)|cors\s*:\s*true/,
  },
  {
    re: /\bhandleCors\s*\(|\bappendCorsHeaders\s*\(|\bappendCorsPreflightHeaders\s*\(/,
    label: 'h3 CORS (handleCors)',
    languages: ['javascript', 'typescript'],
  },
  {
    re: /\broutes\s*:\s*\{[^}]*\bcors\s*:|\boptions\s*:\s*\{\s*cors\s*:|\bcors\s*:\s*(true|\{)/,
    label: 'hapi route CORS',
    languages: ['javascript', 'typescript'],
    bare: /cors\s*:\s*true/,
  },
  {
    re: /\bcors\.(Default|New)\(|\bcors\.AllowAll\(|\bcors\.Handler\(/,
    label: 'Go CORS middleware',
    languages: ['go'],
    bare: /cors\.(Default|AllowAll)\(|cors\.New\(\s*\)/,
  },
  {
    re: /\bmiddleware\.CORS(WithConfig)?\(/,
    label: 'echo CORS middleware',
    languages: ['go'],
    bare: /middleware\.CORS\(\s*\)/,
  },
  {
    re: /@CrossOrigin\b|\bCorsConfiguration\b|\baddCorsMappings\b|\.cors\(/,
    label: 'Spring CORS',
    languages: ['java', 'kotlin'],
    bare: /@CrossOrigin\s*$|@CrossOrigin\(\s*\)/,
  },
  { re: /Rack::Cors\b/, label: 'rack-cors', languages: ['ruby'] },
  {
    re: /\binstall\s*\(\s*CORS\s*\)/,
    label: 'Ktor CORS plugin',
    languages: ['kotlin'],
    bare: /\banyHost\s*\(\s*\)/,
  },
  {
    re: /\bCorsLayer::(?:new|permissive|very_permissive)\s*\(|\bCors::(?:default|permissive|new)\s*\(|\bwarp::cors\s*\(|\bCorsOptions\b[\s\S]{0,40}?(?:default|to_cors)/,
    label: 'Rust CORS layer (tower-http / actix-cors / warp / poem)',
    languages: ['rust'],
    bare: /CorsLayer::(?:permissive|very_permissive)\s*\(|Cors::permissive\s*\(/,
  },
  {
    re: /\.AddCors\s*\(|\.UseCors\s*\(|\[\s*EnableCors\b|\.RequireCors\s*\(/,
    label: 'ASP.NET Core CORS',
    languages: ['csharp'],
  },
  // Laravel 9+ runs HandleCors globally; config/cors.php holds the policy (Laravel 11 defaults to any origin).
  {
    re: /['"]allowed_origins['"]\s*=>|\bHandleCors::class|\\Fruitcake\\Cors\\|\\Barryvdh\\Cors\\/,
    label: 'Laravel CORS (config/cors.php)',
    languages: ['php'],
  },
  {
    re: /^\s*plug\s*\(?\s*(?:CORSPlug|Corsica)\b/,
    label: 'Phoenix CORS plug',
    languages: ['elixir'],
    bare: /^\s*plug\s*\(?\s*CORSPlug\s*\)?\s*$/,
  },
  {
    re: /["'`]Access-Control-Allow-Origin["'`]/,
    label: 'Access-Control-Allow-Origin header',
    languages: ['python', 'javascript', 'typescript', 'go', 'java', 'kotlin', 'ruby', 'elixir', 'rust', 'csharp'],
  },
  {
    // Set on a response (reading a fetched response's header is not a policy).
    re: /(?:->\s*header|headers\s*->\s*set|\bheader)\s*\(\s*['"]Access-Control-Allow-Origin(?:['"]\s*,|:)/,
    label: 'Access-Control-Allow-Origin header',
    languages: ['php'],
  },
];

const WILDCARD =
  /\.AllowAnyOrigin\s*\(|\.SetIsOriginAllowed\s*\(\s*\w+\s*=>\s*true|WithOrigins\s*\(\s*"\*"|allow_origin\s*\(\s*(?:Any|AllowOrigin::any\s*\(|cors::Any|"\*")|\.allow_any_origin\s*\(|['"]allowed_origins['"]\s*=>\s*\[\s*['"]\*['"]|\borigin:\s*\[?\s*"\*"|allow_origins\s*=\s*\[\s*["']\*["']|origins?\s*[:=]\s*\[?\s*["']\*["']|origin\s*:\s*(true|["']\*["'])|AllowAllOrigins\s*:\s*true|AllowedOrigins\s*:\s*\[\]string\{\s*"\*"|AllowOrigins\s*:\s*(\[\]string\{\s*)?"\*"|CORS_(ALLOW_ALL_ORIGINS|ORIGIN_ALLOW_ALL)\s*=\s*True|allowedOrigins?\(\s*"\*"|allowedOriginPatterns\(\s*"\*"|setAllowedOrigins\(\s*(List\.of|Arrays\.asList|listOf)\(\s*"\*"|Access-Control-Allow-Origin["'`]\s*[,:=]\s*["'`]\*["'`]|origins\s+["']\*["']|resources?\s*=\s*\{?\s*r?["'][^"']*["']\s*:\s*\{\s*["']origins["']\s*:\s*["']\*["']/;

const LIBS: LibSpec[] = [
  { label: 'flask-cors', deps: [['python', 'flask-cors']], imports: ['flask_cors'] },
  { label: 'django-cors-headers', deps: [['python', 'django-cors-headers']], imports: ['corsheaders'] },
  { label: 'cors', deps: [['node', 'cors']], imports: ['cors'] },
  { label: '@elysiajs/cors', deps: [['node', '@elysiajs/cors']], imports: ['@elysiajs/cors'] },
  {
    label: '@fastify/cors',
    deps: [
      ['node', '@fastify/cors'],
      ['node', 'fastify-cors'],
    ],
    imports: ['@fastify/cors', 'fastify-cors'],
  },
  {
    label: '@koa/cors',
    deps: [
      ['node', '@koa/cors'],
      ['node', 'koa2-cors'],
    ],
    imports: ['@koa/cors', 'koa2-cors'],
  },
  {
    label: 'gin-contrib/cors',
    deps: [['go', 'github.com/gin-contrib/cors']],
    imports: ['github.com/gin-contrib/cors'],
  },
  { label: 'rs/cors', deps: [['go', 'github.com/rs/cors']], imports: ['github.com/rs/cors'] },
  { label: 'go-chi/cors', deps: [['go', 'github.com/go-chi/cors']], imports: ['github.com/go-chi/cors'] },
];

/** Frameworks that render their pages on the server and serve their own endpoints from the same origin. */
const FULL_STACK = new Set(['sveltekit', 'nuxt', 'remix', 'react-router', 'astro']);
/** Node servers that host a full-stack framework's build behind a custom server. */
const HOST_SERVERS = new Set(['express', 'fastify', 'koa', 'hono', 'h3']);

function window(ctx: RuleContext, m: GrepMatch, after = 12): string {
  return ctx.repo
    .lines(m.path)
    .slice(m.line - 1, m.line - 1 + after)
    .join('\n');
}

export default defineRule({
  meta: {
    id: 'api.cors',
    category: 'api',
    title: 'CORS is configured explicitly',
    severity: 'medium',
    level: 2,
    scope: 'component',
    requires: ['browser-http'],
    docs: {
      why: 'Browsers enforce the same-origin policy; an API called from a web front end needs an explicit allow-list of origins. Without one the front end breaks, or someone "fixes" it with a wildcard that lets any site call the API with the user\'s credentials.',
      how: 'Looks for CORS handling registered by code the service reaches: CORSMiddleware, flask-cors, django-cors-headers in MIDDLEWARE, cors/@fastify/cors/@koa/cors, enableCors, hapi route cors, Nitro/Nuxt route rules (`cors: true` is a wildcard unless the headers of the rule name the origin), gin-contrib/cors, rs/cors, echo middleware.CORS, Spring @CrossOrigin/CorsConfiguration, rack-cors, or an Access-Control-Allow-Origin header. A wildcard origin (including library defaults such as cors() or cors.Default()) passes with low confidence and the message says "wildcard origin". A Next.js app whose route handlers serve its own pages is same-origin: n/a, and so is a service that renders its pages server-side (templates, Rails HTML views) or serves its built front end itself, unless browser code names another API origin (an absolute base URL or one from build-time environment). Any other HTTP API is expected to decide on CORS, because whether browsers call it cannot be known from the code. n/a for a plain gRPC service (no grpc-web or HTTP gateway): its callers are gRPC clients, not browsers.',
      fix: [
        "Register the framework's CORS middleware with an explicit list of allowed origins read from configuration.",
        'Do not combine a wildcard origin with credentials.',
        'Laravel: publish config/cors.php (php artisan config:publish cors) and list allowed_origins from env().',
        'Symfony: install nelmio/cors-bundle and set allow_origin in config/packages/nelmio_cors.yaml.',
        'Phoenix: add `plug CORSPlug, origin: [...]` (or Corsica) to the endpoint before the router.',
        'Rust: tower_http::cors::CorsLayer::new().allow_origin(origins).allow_methods([..]) (actix-cors: Cors::default().allowed_origin(..)); not CorsLayer::permissive() in production.',
        '.NET: builder.Services.AddCors(o => o.AddPolicy("web", p => p.WithOrigins(allowed))) and app.UseCors("web") between UseRouting and UseAuthorization.',
      ],
      effort: 'S',
      links: ['https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS'],
    },
    messages: {
      explicit: 'CORS is configured with {{library}}.',
      wildcard: 'CORS is configured with {{library}} but allows a wildcard origin (any site).',
      notWired: 'CORS is configured in {{file}} but never wired: no entrypoint imports that module.',
      unused: '{{library}} is declared but not used by any production source file.',
      missing:
        'No CORS configuration: browsers on other origins cannot call the API, or it is left to an undocumented proxy.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['cors', 'cross-origin', 'allowed origins'],
  },
  check(ctx) {
    // Nitro/Nuxt route rules: `cors: true` adds a wildcard Access-Control-Allow-Origin unless the rule's own
    // `headers` name the origin (they override the defaults).
    if (ctx.facts.frameworks.has('nitro') || ctx.facts.frameworks.has('nuxt')) {
      const rule = ctx.repo
        .grep(/\bcors\s*:\s*true\b/, {
          include: ['**/nitro.config.{ts,js,mjs}', '**/nuxt.config.{ts,js,mjs}'],
          limit: 5,
        })
        .find((h) => !ctx.repo.get(h.path)?.isTest && !/^\s*(?:\/\/|\/?\*)/.test(h.text));
      if (rule) {
        const label = 'Nitro route rules CORS';
        const origin = /["'`]?access-control-allow-origin["'`]?\s*:\s*([^,\n}]+)/i.exec(
          ctx.repo
            .lines(rule.path)
            .slice(Math.max(0, rule.line - 6), rule.line + 10)
            .join('\n'),
        )?.[1];
        return !origin || /^["'`]\*["'`]$/.test(origin.trim())
          ? ctx.pass([ctx.at(rule.path, rule.line, `${label}: wildcard origin`)], {
              messageId: 'wildcard',
              confidence: 'low',
              data: { library: label },
            })
          : ctx.pass([ctx.at(rule.path, rule.line, `${label} with an explicit origin`)], {
              messageId: 'explicit',
              data: { library: label },
            });
      }
    }
    // Platform header rules: vercel.json `headers`, netlify.toml [[headers]], a _headers file.
    const platformHeader = ctx.repo
      .grep(/Access-Control-Allow-Origin["']?\s*(?:[,=:]|$)/i, {
        include: ['**/vercel.json', '**/netlify.toml', '**/_headers'],
        limit: 5,
      })
      .find((h) => !ctx.repo.get(h.path)?.isTest);
    if (platformHeader) {
      const label = `Access-Control-Allow-Origin in ${platformHeader.path.split('/').pop()}`;
      const around = ctx.repo
        .lines(platformHeader.path)
        .slice(platformHeader.line - 1, platformHeader.line + 2)
        .join('\n');
      const wildcard = /Access-Control-Allow-Origin["']?\s*[,=:]\s*(?:["']value["']\s*:\s*)?["']?\*/i.test(around);
      return ctx.pass(
        [ctx.at(platformHeader.path, platformHeader.line, wildcard ? `${label}: wildcard origin` : label)],
        {
          messageId: wildcard ? 'wildcard' : 'explicit',
          data: { library: label },
          ...(wildcard ? { confidence: 'low' as const } : {}),
        },
      );
    }
    for (const reg of REGISTRATIONS) {
      const hits = grepReached(ctx.facts, reg.re, reg.languages).filter((h) => !headerOfOutboundRequest(ctx.repo, h));
      if (!hits.length) continue;
      const hit = hits[0]!;
      const text = window(ctx, hit);
      // Django: the allow-list lives in settings.
      const settingsWildcard =
        reg.label === 'django-cors-headers'
          ? grepReached(ctx.facts, /CORS_(ALLOW_ALL_ORIGINS|ORIGIN_ALLOW_ALL)\s*=\s*True/, ['python'])[0]
          : undefined;
      const railsWild =
        reg.label === 'rack-cors' ? grepReached(ctx.facts, /origins\s+["']\*["']/, ['ruby'])[0] : undefined;
      const wild = settingsWildcard ?? railsWild ?? (WILDCARD.test(text) || reg.bare?.test(hit.text) ? hit : undefined);
      if (wild) {
        const ev = [ctx.at(hit.path, hit.line, reg.label)];
        if (wild !== hit) ev.push(ctx.at(wild.path, wild.line, 'wildcard origin'));
        else ev[0] = ctx.at(hit.path, hit.line, `${reg.label}: wildcard origin`);
        return ctx.pass(ev, { messageId: 'wildcard', confidence: 'low', data: { library: reg.label } });
      }
      return ctx.pass([ctx.at(hit.path, hit.line, `${reg.label} with an explicit origin list`)], {
        messageId: 'explicit',
        data: { library: reg.label },
      });
    }
    // @fastify/cors exported by a module @fastify/autoload registers; its options are the module's `autoConfig`.
    const autoloaded = ctx.facts.service.middleware.find((m) => m.reached && m.factory === 'cors');
    if (autoloaded) {
      const options = ctx.repo.read(autoloaded.file) ?? '';
      const origin = /\borigin\s*:\s*([^\n,}]+)/.exec(options);
      const label = '@fastify/cors (registered by @fastify/autoload)';
      // The plugin answers any origin unless `origin` names the allowed ones.
      if (!origin || /^(?:true|["'`]\*["'`])/.test(origin[1]!.trim()))
        return ctx.pass([ctx.at(autoloaded.file, autoloaded.line, `${label}: wildcard origin`)], {
          messageId: 'wildcard',
          confidence: 'low',
          data: { library: label },
        });
      return ctx.pass([ctx.at(autoloaded.file, autoloaded.line, `${label} with an explicit origin list`)], {
        messageId: 'explicit',
        data: { library: label },
      });
    }
    // Symfony: NelmioCorsBundle configured in config/packages/nelmio_cors.yaml.
    if (ctx.facts.deps.declared(['php', 'nelmio/cors-bundle'])) {
      const cfg = ctx.repo.grepFirst(/allow_origin\s*:/, { include: symfonyConfigGlobs('nelmio_cors') });
      if (cfg) {
        const wild = /['"]\*['"]/.test(cfg.text);
        return ctx.pass([ctx.at(cfg.path, cfg.line, `NelmioCorsBundle${wild ? ': wildcard origin' : ''}`)], {
          messageId: wild ? 'wildcard' : 'explicit',
          data: { library: 'NelmioCorsBundle' },
          ...(wild ? { confidence: 'low' as const } : {}),
        });
      }
    }
    // Laravel 11 registers HandleCors globally with the framework's default policy (any origin on api/*).
    const l11 = ctx.facts.frameworks.has('laravel')
      ? ctx.repo.grepFirst(/Application::configure\s*\(/, { paths: ['bootstrap/app.php'] })
      : undefined;
    if (l11)
      return ctx.pass(
        [ctx.at(l11.path, l11.line, "Laravel's global HandleCors with the default policy: any origin on api/*")],
        {
          messageId: 'wildcard',
          confidence: 'low',
          data: { library: "Laravel's HandleCors" },
        },
      );
    // Lambda behind API Gateway: CORS is configured on the API in the descriptor (serverless `cors:`, SAM `Cors:`).
    if (ctx.facts.frameworks.has('aws-lambda')) {
      const gateway = ctx.repo
        .grep(/^\s*(?:cors\s*:\s*(?:true\b|\{|$)|Cors\s*:|CorsConfiguration\s*:)/, {
          include: ['**/serverless*.{yml,yaml}', '**/serverless/**/*.{yml,yaml}', '**/*template*.{yml,yaml}'],
          limit: 10,
        })
        .find((h) => !ctx.repo.get(h.path)?.isTest);
      if (gateway) {
        const after = ctx.repo
          .lines(gateway.path)
          .slice(gateway.line - 1, gateway.line + 8)
          .join('\n');
        const wildcard =
          /cors\s*:\s*true\b/.test(gateway.text) || /(?:AllowOrigins?|origins?)\s*:\s*["'[\s]*'?\*/.test(after);
        const label = 'API Gateway CORS in the Lambda descriptor';
        return wildcard
          ? ctx.pass([ctx.at(gateway.path, gateway.line, `${label}: wildcard origin`)], {
              messageId: 'wildcard',
              confidence: 'low',
              data: { library: label },
            })
          : ctx.pass([ctx.at(gateway.path, gateway.line, `${label} with an explicit origin list`)], {
              messageId: 'explicit',
              data: { library: label },
            });
      }
    }
    // Koa: app.use(cors()) is matched above; @koa/cors defaults to the request origin (any site).
    if (ctx.facts.deps.declared(['ruby', 'rack-cors'])) {
      const init = ctx.repo.grep(/^\s*#\s*.*Rack::Cors/, { include: 'config/**/*.rb' })[0];
      if (init) {
        return ctx.gap('missing', [ctx.at(init.path, init.line, 'the rack-cors initializer is commented out')]);
      }
    }
    const { unwired, unused } = firstLibrary(ctx, LIBS);
    const unreached = REGISTRATIONS.map(
      (r) => grepUnreached(ctx.facts, r.re, r.languages).filter((h) => !headerOfOutboundRequest(ctx.repo, h))[0],
    ).find(Boolean);
    if (unwired || unreached) {
      const ev = unwired?.evidence ?? [
        ctx.at(unreached!.path, unreached!.line, 'CORS registered in a module no entrypoint reaches'),
      ];
      return ctx.gap('notWired', ev, { data: { file: unwired?.file ?? unreached!.path } });
    }
    // tRPC served through Next.js API routes is part of the Next.js application.
    if (
      ctx.facts.frameworks.has('nextjs') &&
      !ctx.facts.frameworks.http.some((f) => f.name !== 'nextjs' && f.name !== 'trpc')
    ) {
      return ctx.na(
        'a Next.js application: its route handlers serve its own pages from the same origin, so no CORS policy is needed',
      );
    }
    // Full-stack frameworks render their pages and answer their own endpoints from one origin.
    const fullStack = ctx.facts.frameworks.http.filter((f) => FULL_STACK.has(f.name));
    // A custom Node server that hands every request to the framework's build (React Router / Remix
    // createRequestHandler, SvelteKit's build/handler.js, Astro's node middleware dist/server/entry.mjs) only hosts it.
    const hosts =
      fullStack.length > 0 &&
      ctx.facts.frameworks.http.every((f) => FULL_STACK.has(f.name) || HOST_SERVERS.has(f.name)) &&
      grepReached(
        ctx.facts,
        /\bcreateRequestHandler\s*\(|from\s+["'][^"']*(?:build\/handler(?:\.js)?|dist\/server\/entry\.mjs)["']/,
        ['javascript', 'typescript'],
      ).length > 0;
    if (
      fullStack.length &&
      (fullStack.length === ctx.facts.frameworks.http.length || hosts) &&
      !ctx.facts.pages.crossOriginClient
    ) {
      const f = fullStack[0]!;
      return ctx.na(
        `a ${f.excerpt ?? f.name} (${f.path}:${f.line}): its endpoints serve its own server-rendered pages from the same origin, and no browser code calls it from another origin, so no CORS policy is needed`,
      );
    }
    // Server-rendered pages or a front end the service serves itself: browsers call it from its own origin.
    const pages = ctx.facts.pages;
    const own = pages.serverRendered ?? pages.servedFrontend;
    if (own && !pages.crossOriginClient)
      return ctx.na(
        `the service ${own.note} (${own.path}${own.line > 1 ? `:${own.line}` : ''}) and no browser code calls it from another origin, so no CORS policy is needed`,
      );
    if (unused) return ctx.gap('unused', unused.evidence, { data: { library: unused.spec.label } });
    return ctx.gap('missing', [
      ctx.missing(
        [
          'CORSMiddleware',
          'flask-cors',
          'django-cors-headers',
          'cors',
          '@fastify/cors',
          '@koa/cors',
          'enableCors',
          'gin-contrib/cors',
          'rs/cors',
          'middleware.CORS',
          '@CrossOrigin',
          'rack-cors',
          'Access-Control-Allow-Origin',
        ],
        'no CORS configuration in code the service runs',
      ),
    ]);
  },
});

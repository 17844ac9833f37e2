import { defineRule } from '../../src/sdk/index.js';
import { firstLibrary, type LibSpec } from '../_lib/library-evidence.js';

const LIBS: LibSpec[] = [
  { label: 'flask-cors', deps: [['python', 'flask-cors']], imports: ['flask_cors'] },
  { label: 'django-cors-headers', deps: [['python', 'django-cors-headers']], imports: ['corsheaders'] },
  { label: 'cors', deps: [['node', 'cors']], imports: ['cors'] },
  { label: '@elysiajs/cors', deps: [['node', '@elysiajs/cors']], imports: ['@elysiajs/cors'] },
  // AdonisJS: the cors middleware in start/kernel.ts, with config/cors.ts deciding the origins.
  { label: '@adonisjs/cors', deps: [['node', '@adonisjs/cors']], imports: ['@adonisjs/cors'] },
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

export default defineRule({
  meta: {
    id: 'api.cors',
    category: 'api',
    title: 'CORS is configured explicitly',
    severity: 'medium',
    level: 2,
    scope: 'component',
    requires: ['browser-http', 'network-api'],
    docs: {
      why: 'Browsers enforce the same-origin policy; an API called from a web front end needs an explicit allow-list of origins. Without one the front end breaks, or someone "fixes" it with a wildcard that lets any site call the API with the user\'s credentials.',
      how: 'Looks for CORS handling registered by code the service reaches: CORSMiddleware, flask-cors, django-cors-headers in MIDDLEWARE, cors/@fastify/cors/@koa/cors/@adonisjs/cors, enableCors, hapi route cors, Nitro/Nuxt route rules (`cors: true` is a wildcard unless the headers of the rule name the origin), gin-contrib/cors, rs/cors, echo middleware.CORS, Spring @CrossOrigin/CorsConfiguration, rack-cors, an Access-Control-Allow-Origin header, or the site configuration of an Azure function app (Bicep/ARM `siteConfig.cors.allowedOrigins` of a Microsoft.Web/sites resource, Terraform `cors { allowed_origins }` of an azurerm function app). A wildcard origin (including library defaults such as cors() or cors.Default()) passes with low confidence and the message says "wildcard origin". A Next.js app whose route handlers serve its own pages is same-origin: n/a, as is a Netlify site whose functions are called by the pages it publishes (netlify.toml `publish` folder with an index.html), and so is a service that renders its pages server-side (templates, Rails HTML views) or serves its built front end itself, unless browser code — the client apps kept beside it included (a browser extension, an Electron or mobile app, left out of its view) — names another API origin (an absolute base URL or one from build-time environment; an absolute URL whose path none of the routes of the service answers, such as a Mastodon client calling the home server of each user, calls a third-party API). Any other HTTP API is expected to decide on CORS, because whether browsers call it cannot be known from the code. n/a for a plain gRPC service (no grpc-web or HTTP gateway), and for a web host that serves nothing but gRPC methods and probes (ASP.NET Core mapping only `MapGrpcService<T>()` and /health): its callers are gRPC clients, not browsers. n/a too for a server the cluster keeps to itself: deployed by Kubernetes, reached only through Services of type ClusterIP (read through the chart\'s values when templated), while the repository\'s own edge (an Ingress, OpenShift Route, Gateway API route, Traefik IngressRoute, Istio VirtualService, a LoadBalancer or NodePort Service) sends outside traffic to other Services and no route or nginx/Caddy proxy reaches these; a repository with no edge of its own, or a Service type or route backend left to a template it does not resolve, keeps the API judged.',
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
      neverWired: 'CORS is configured in {{file}} but never wired: no entrypoint imports that module.',
      declaredNotUsed: '{{library}} is declared but not used by any production source file.',
      missing:
        'No CORS configuration: browsers on other origins cannot call the API, or it is left to an undocumented proxy.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['cors', 'cross-origin', 'allowed origins'],
  },
  check(ctx) {
    const cors = ctx.facts.cors;
    if (cors.policy) {
      const { label, wildcard, evidence } = cors.policy;
      return ctx.pass(
        evidence.map((e) => ctx.at(e.path, e.line, e.note)),
        wildcard
          ? { messageId: 'wildcard', confidence: 'low', data: { library: label } }
          : { messageId: 'explicit', data: { library: label } },
      );
    }
    if (cors.commentedOut)
      return ctx.gap('missing', [ctx.at(cors.commentedOut.path, cors.commentedOut.line, cors.commentedOut.note)]);
    const { unwired, unused } = firstLibrary(ctx, LIBS);
    if (unwired || cors.unreached) {
      const site = cors.unreached;
      const ev = unwired?.evidence ?? [ctx.at(site!.path, site!.line, site!.note)];
      return ctx.gap('neverWired', ev, { data: { file: unwired?.file ?? site!.path } });
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
    const pages = ctx.facts.pages;
    const site = cors.sameOriginSite;
    if (site && !pages.crossOriginClient)
      return ctx.na(
        `${site.note} (${site.path}:${site.line}), and no browser code calls them from another origin, so no CORS policy is needed`,
      );
    const f = cors.fullStack;
    if (f && !pages.crossOriginClient)
      return ctx.na(
        `a ${f.excerpt ?? f.name} (${f.path}:${f.line}): its endpoints serve its own server-rendered pages from the same origin, and no browser code calls it from another origin, so no CORS policy is needed`,
      );
    // Server-rendered pages or a front end the service serves itself: browsers call it from its own origin.
    const own = pages.serverRendered ?? pages.servedFrontend;
    if (own && !pages.crossOriginClient)
      return ctx.na(
        `the service ${own.note} (${own.path}${own.line > 1 ? `:${own.line}` : ''}) and no browser code calls it from another origin, so no CORS policy is needed`,
      );
    if (unused) return ctx.gap('declaredNotUsed', unused.evidence, { data: { library: unused.spec.label } });
    const caller = pages.crossOriginClient;
    return ctx.gap('missing', [
      ...(caller ? [ctx.at(caller.path, caller.line, caller.note)] : []),
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

import { apiRoutes, defineRule, describeRoute } from '../../src/sdk/index.js';

// Path segments (/v1/, /api/v2.1/, Kubernetes-style pre-releases as in /v1beta1/, a bare leading release number as in
// /1.5/{uid}/storage, a bare number right under /api as in /api/2/questions) and versioned gRPC packages
// (/acme.billing.v1.Invoices/Get), and a leading path parameter that names the API version (axum's
// `/:version/users` parsed into the service's version enum, `/{api_version}/…`, `/api/<version>/…`): the caller picks
// the contract in the path. A version parameter further down (`/crates/:name/:version`) names a resource's version.
const VERSION_SEGMENT =
  /(^|\/)v\d+(\.\d+|-?(?:alpha|beta)\d*)?(\/|$)|^\/(?:api\/)?\d+\.\d+(\/|$)|^\/api\/\d+(\/|$)|(^|\/)v\{(?:version|apiVersion|api-version)(?::apiVersion)?\}(\/|$)|^\/(?:[\w]+\.)+v\d+(?:alpha\d*|beta\d*)?\.\w+\/|^\/(?:api\/)?(?::(?:api_?)?version|\{(?:api_?)?version(?::[^}/]*)?\}|<(?:\w+:)?(?:api_?)?version>)(\/|$)/i;

export default defineRule({
  meta: {
    id: 'api.versioning',
    category: 'api',
    title: 'The HTTP API is versioned',
    severity: 'low',
    level: 3,
    scope: 'component',
    requires: ['http', 'network-api'],
    docs: {
      why: 'A version in the path or in a header lets you change a contract without breaking existing clients, and run old and new side by side during a migration.',
      how: 'Reads the API routes the service registers with their mount prefixes (include_router prefix, register_blueprint url_prefix, app.use("/api/v1", router), Rails namespace :v1 and versionist api_version(path: {value: "v1"}), NestJS setGlobalPrefix, Spring @RequestMapping) and passes when business routes carry a /v<N> segment (a Kubernetes-style pre-release such as /v1beta1 too; or lead with a bare release number, /1.5/…); NestJS enableVersioning, DRF DEFAULT_VERSIONING_CLASS, Accept-Version / media-type versioning, versionist api_version blocks chosen by header or parameter, ASP.NET Core Asp.Versioning (AddApiVersioning, [ApiVersion], v{version:apiVersion} route segments) also pass, as do routes led by a path parameter naming the API version (/:version/users, /api/{version}/…; one further down, /crates/:name/:version, is a resource’s version). Health, readiness and metrics routes are not expected to be versioned, nor are OAuth/OpenID Connect protocol endpoints (/oauth/authorize, /oauth/token, the redirect callback, /.well-known metadata: the protocol fixes their contract), nor are server-rendered pages (a Spring @Controller returning a view, a handler rendering a template, Laravel’s `web` group outside /api, or the endpoints a Blazor app maps outside /api beside its components: its sign-in form posts): a service serving only pages is n/a, and so is one whose few JSON routes sit among many server-rendered pages with no /api subtree (its own pages’ AJAX helpers), and one with no API routes at all (only health, metrics or docs routes); when the API lives under /api only that subtree is judged, unless it is unversioned and versioned routes sit beside it (`/api/auth/*` for the app and `/v1/users` for the public API). Some routes versioned and most not passes with low confidence; under a tenth of the routes versioned (a v2 of one endpoint among hundreds) is a gap. A plain gRPC service is versioned by its proto package (acme.ledger.v1).',
      fix: [
        'Mount the business routes under /api/v1 (a router prefix), or adopt header/media-type versioning consistently.',
      ],
      effort: 'M',
    },
    messages: {
      path: '{{count}} of {{total}} business routes are versioned (e.g. {{route}}).',
      header: 'The API uses header or framework versioning.',
      mixed: 'Only {{count}} of {{total}} business routes carry a version (e.g. unversioned {{route}}).',
      few: 'The API is unversioned: only {{count}} of {{total}} business routes carry a version (e.g. unversioned {{route}}).',
      missing: 'None of the {{total}} business routes carries a version (e.g. {{route}}).',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['api versioning', 'versioned api', 'api version', '/v1'],
  },
  check(ctx) {
    // Server-rendered pages are not an API contract; when the API lives under /api, that subtree is the API.
    const { business, api, pageHelpers } = apiRoutes(ctx.facts);
    const apiTree = api.filter((r) => /^\/api(\/|$)/.test(r.fullPath));
    // Versioned routes beside an unversioned /api (`/api/auth/*` for the app, `/v1/users` for the public API) are the
    // API too.
    const versionedBeside =
      !apiTree.some((r) => VERSION_SEGMENT.test(r.fullPath)) &&
      api.some((r) => !apiTree.includes(r) && VERSION_SEGMENT.test(r.fullPath));
    const routes = apiTree.length && !versionedBeside ? apiTree : api;
    const { header, trpcAdapterFiles, trpcClient: client } = ctx.facts.versioning;
    if (business.length && !routes.length && !header) {
      const page = business[0]!;
      return ctx.na(
        `the service serves server-rendered pages, not an API (e.g. ${describeRoute(page)} at ${page.file}:${page.line} belongs to its pages: it renders one, a LiveView or a file, or takes their form posts)`,
      );
    }
    // A tRPC API whose client is the project's own (typed from the router at build time) is no public contract.
    const trpcServed = (r: (typeof routes)[number]) => r.framework === 'trpc' || trpcAdapterFiles.includes(r.file);
    if (routes.length && routes.every(trpcServed)) {
      if (client)
        return ctx.na(
          `the API is tRPC procedures called by the project's own typed client (${client.path}:${client.line}), built from the router's type with it: no external contract to version`,
        );
    }
    const versioned = routes.filter((r) => VERSION_SEGMENT.test(r.fullPath));
    const mount = ctx.facts.service.mounts.find(
      (m) => VERSION_SEGMENT.test(m.prefix) && ctx.facts.liveness.isLive(m.file),
    );
    if (versioned.length && versioned.length * 2 >= routes.length) {
      return ctx.pass(
        versioned
          .slice(0, 3)
          .map((r) => ctx.at(r.file, r.line, describeRoute(r)))
          .concat(mount ? [ctx.at(mount.file, mount.line, `mounted under ${mount.prefix}`)] : []),
        {
          messageId: 'path',
          data: { count: versioned.length, total: routes.length, route: describeRoute(versioned[0]!) },
        },
      );
    }
    if (header) return ctx.pass([ctx.at(header.path, header.line, header.note)], { messageId: 'header' });
    if (versioned.length) {
      const un = routes.find((r) => !VERSION_SEGMENT.test(r.fullPath))!;
      // A v2 of one or two endpoints among hundreds (`[HttpPost("v2")]` beside 350 unversioned actions) is a one-off
      // replacement, not a versioned contract: under a tenth of the routes is a gap that names them.
      if (versioned.length * 10 < routes.length)
        return ctx.gap(
          'few',
          [
            ...versioned.slice(0, 2).map((r) => ctx.at(r.file, r.line, describeRoute(r))),
            ctx.at(un.file, un.line, `unversioned ${describeRoute(un)}`),
          ],
          { data: { count: versioned.length, total: routes.length, route: describeRoute(un) } },
        );
      return ctx.pass(
        [
          ...versioned.slice(0, 2).map((r) => ctx.at(r.file, r.line, describeRoute(r))),
          ctx.at(un.file, un.line, `unversioned ${describeRoute(un)}`),
        ],
        {
          messageId: 'mixed',
          confidence: 'low',
          data: { count: versioned.length, total: routes.length, route: describeRoute(un) },
        },
      );
    }
    if (!routes.length && mount)
      return ctx.pass([ctx.at(mount.file, mount.line, `routes mounted under ${mount.prefix}`)], {
        messageId: 'path',
        confidence: 'low',
        data: { count: 0, total: 0, route: mount.prefix },
      });
    const searched = [
      '/v1 path segments',
      'router prefixes',
      'enableVersioning',
      'DEFAULT_VERSIONING_CLASS',
      'Accept-Version / media-type versioning',
    ];
    // No API routes at all (only health, metrics, docs or the root): there is no contract to version.
    if (!routes.length)
      return ctx.na(
        `the service registers no API routes (only health, metrics, docs or root routes, if any) and no versioning configuration or versioned mount: searched ${searched.join(', ')}`,
      );
    // A page application with a handful of JSON routes: the missing version is a weak finding.
    const mostlyPages = business.length - api.length >= 4 * routes.length;
    // A server-rendered application whose few JSON routes sit among its pages, with no API subtree (`/post/<id>/raw`,
    // `/markdown` previews for its own editor): those routes serve its own pages, not a contract for other clients.
    if (pageHelpers) {
      const r = routes[0]!;
      return ctx.na(
        `the service renders its pages server-side (${business.length - api.length} page routes) and its ${routes.length} JSON route(s) sit among them with no API subtree (e.g. ${describeRoute(r)} at ${r.file}:${r.line}): they serve its own pages, not a versioned contract`,
      );
    }
    return ctx.gap(
      'missing',
      [
        ...routes.slice(0, 3).map((r) => ctx.at(r.file, r.line, `unversioned ${describeRoute(r)}`)),
        ctx.missing(searched, 'no versioning'),
        ...(mostlyPages
          ? [ctx.missing([], `${business.length - api.length} other routes render server-side pages`)]
          : []),
      ],
      {
        data: { total: routes.length, route: describeRoute(routes[0]!) },
        ...(mostlyPages ? { confidence: 'low' as const } : {}),
      },
    );
  },
});

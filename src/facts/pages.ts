import type { RepoFile, RepoIndex } from '../repo/index.js';
import { escapeRegExp } from '../repo/text.js';
import { isUnder } from '../repo/view.js';
import type { FrameworkFacts } from './frameworks.js';
import type { LivenessFacts } from './liveness.js';
import type { ServiceFacts } from './service.js';

/**
 * Who the service's browser clients are: pages it renders itself (server-side templates), a bundled front end it
 * serves from its own origin, and browser code configured to call an API on another origin. api.cors needs this:
 * a server-rendered or self-served app has no cross-origin browser client, so it needs no CORS policy.
 */
export interface PageSignal {
  path: string;
  line: number;
  note: string;
}

export interface PageFacts {
  /** Server-side page rendering in code the service runs (templates, view engines, Rails views). */
  serverRendered?: PageSignal;
  /** A built browser front end the service serves itself (static index.html from its own origin). */
  servedFrontend?: PageSignal;
  /** Browser code whose API base URL is absolute or comes from build-time configuration: possibly another origin. */
  crossOriginClient?: PageSignal;
}

/**
 * Template rendering per language, in production source files the service reaches; with `within`, only in files that
 * match it too.
 */
export const RENDER: { languages: string[]; re: RegExp; note: string; within?: RegExp }[] = [
  {
    languages: ['python'],
    re: /\b(?:render_template(?:_string)?|render_to_response|render_to_string)\s*\(|\brender\(\s*request\s*,|\bTemplateResponse\s*\(|\bJinja2Templates\s*\(|\b(?:TemplateView|ListView|DetailView|FormView|CreateView|UpdateView|DeleteView)\b|\btemplate_name\s*=/,
    note: 'renders server-side templates',
  },
  {
    languages: ['javascript', 'typescript'],
    // AdonisJS renders Edge templates or Inertia pages from its context (`view.render('pages/home')`, `inertia.render(…)`).
    re: /\bres\.render\s*\(|\.set\(\s*["']view engine["']|@Render\(\s*["']|\breply\.view\s*\(|\b(?:view|inertia)\.render\s*\(\s*["'`]/,
    note: 'renders server-side views',
  },
  {
    // A custom server handing page requests to the page framework: Next.js `app.getRequestHandler()`, the Remix or
    // React Router Express adapter `createRequestHandler({ build })`.
    languages: ['javascript', 'typescript'],
    re: /\b\w+\.getRequestHandler\s*\(\s*\)|\bcreateRequestHandler\s*\(\s*\{[^}]*\bbuild\b/,
    note: 'hands its page requests to its page framework (a custom Next.js or Remix server)',
  },
  {
    languages: ['ruby'],
    // Sinatra's template helpers (`erb :index`, `mustache :page` with sinatra-mustache, `liquid :post`).
    re: /^\s*(?:erb|haml|slim|mustache|liquid|markaby)\s+:\w+|\brender\s+(?:template|html):|\bview\s+["']\w+/,
    note: 'renders server-side views',
  },
  {
    // text/template has the same calls: a code or manifest generator's templates are no pages.
    languages: ['go'],
    re: /\btemplate\.(?:ParseFiles|ParseGlob|ParseFS|Must)\(|\.ExecuteTemplate\(/,
    note: 'renders html/template pages',
    within: /"html\/template"/,
  },
  {
    languages: ['go'],
    re: /\.LoadHTMLGlob\(|\.LoadHTMLFiles\(|\.HTML\(\s*http\.Status/,
    note: 'renders html/template pages',
  },
  {
    languages: ['java', 'kotlin'],
    re: /\bModelAndView\b|\bmodel\.addAttribute\(/,
    note: 'renders server-side views (Spring MVC)',
  },
  {
    languages: ['php'],
    re: /\breturn\s+view\s*\(\s*['"]|\bView::make\s*\(|\bInertia::render\s*\(|\binertia\s*\(\s*['"]|\$this->render\s*\(\s*['"][\w/.-]+\.html\.twig|\bRoute::view\s*\(/,
    note: 'renders server-side views (Blade, Twig, Inertia)',
  },
  {
    languages: ['elixir'],
    re: /\brender\s*\(?\s*conn\s*,\s*(?::\w+|"[\w.]+\.html")|\buse\s+\w+Web\s*,\s*:live_view\b|\buse\s+Phoenix\.LiveView\b|\blive\s+"\//,
    note: 'renders server-side pages (Phoenix views, LiveView)',
  },
  {
    languages: ['rust'],
    re: /\.content_type\s*\(\s*ContentType::html\s*\(\s*\)|#\[derive\([^)]*\bTemplate\b|\bTera::new\s*\(|\bTemplate::render\s*\(|\bHandlebars::new\s*\(|\baxum::response::Html\s*\(|\bHtml\s*\(\s*(?:format!|template|page|html)/,
    note: 'renders HTML pages (askama/tera/maud templates or HTML responses)',
  },
  {
    languages: ['csharp'],
    re: /\.AddRazorPages\s*\(|\.AddControllersWithViews\s*\(|\.MapRazorPages\s*\(|\.AddRazorComponents\s*\(|\breturn\s+View\s*\(/,
    note: 'renders server-side pages (Razor Pages, MVC views, Blazor server components)',
  },
];

/** The service serves a built front end itself: a static folder with index.html mounted at the root, or a catch-all to index.html. */
const SERVES_SPA: { languages: string[]; re: RegExp; note: string }[] = [
  {
    languages: ['python'],
    re: /\.mount\(\s*["']\/["']\s*,\s*(?:app\s*=\s*)?StaticFiles\(|StaticFiles\([^)]*\bhtml\s*=\s*True|(?:FileResponse|send_from_directory|send_file)\([^)\n]*index\.html|template_name\s*=\s*["']index\.html["']/,
    note: 'serves the built front end (index.html) itself',
  },
  {
    languages: ['javascript', 'typescript'],
    re: /\bsendFile\([^)\n]*index\.html|ServeStaticModule\.forRoot\(|@fastify\/static/,
    note: 'serves the built front end (index.html) itself',
  },
  {
    languages: ['go'],
    re: /http\.FileServer\(|\bStaticFS\(|\.Static\(\s*"\/"/,
    note: 'serves the built front end itself',
  },
  {
    // actix-files / tower-http serving the built app (a Yew or Leptos WASM bundle, a JS build) with index.html; warp's
    // fs::dir answers a folder's index.html, so a front-end build folder it serves is the app.
    languages: ['rust'],
    re: /\bFiles::new\([^;]*?\.index_file\(|\b(?:ServeFile|NamedFile)::(?:new|open|open_async)\([^)\n]*index\.html|\.join\(\s*"index\.html"\s*\)|\bServeDir::new\([^;]*?\.(?:fallback|not_found_service)\(|\bwarp::fs::dir\(\s*"(?:\.\/)?(?:[\w.-]+\/)*(?:dist|build|www|frontend|client|web|ui)\/?"\s*\)/,
    note: 'serves the built front end (index.html) itself',
  },
  {
    // ASP.NET Core serving the SPA or the Blazor WebAssembly client from its own origin (`UseDefaultFiles()` answers /
    // with wwwroot/index.html, where the front end's build writes).
    languages: ['csharp'],
    re: /\.MapFallbackToFile\(\s*"\/?index\.html"|\.UseSpa\s*\(|\.UseBlazorFrameworkFiles\s*\(|\.UseDefaultFiles\s*\(/,
    note: 'serves the built front end (index.html) itself',
  },
];

/** Browser code that names where the API lives: an absolute base URL, or one read from build-time environment. */
const CROSS_ORIGIN =
  /\bbaseURL\s*[:=]\s*["'`]https?:\/\/(?!localhost|127\.0\.0\.1)|\b(?:fetch|axios\.\w+|\$http\.\w+)\(\s*["'`]https?:\/\/(?!localhost|127\.0\.0\.1)[^"'`]*\/api\b|\b(?:import\.meta\.env|process\.env)\.(?:VITE|NEXT_PUBLIC|REACT_APP|NUXT_PUBLIC|VUE_APP|EXPO_PUBLIC|PUBLIC)_\w*(?:API|BACKEND|SERVER)\w*\b(?!\s*\?\?\s*["'`]{2})/;

/** The path of an absolute URL a browser call names (`https://host/api/…`), interpolations kept. */
const ABSOLUTE_URL = /\b(?:fetch|axios\.\w+|\$http\.\w+)\(\s*["'`]https?:\/\/(?:\$\{[^}]*\}|[^/"'`$]+)(\/[^"'`]*)/;

/** A route as a pattern over request paths: parameters and wildcards match any segment(s). */
function routePattern(route: string): RegExp {
  const body = route
    .split('/')
    .map((seg) =>
      /^[:*]|^\{.*\}$|^\[.*\]$|^<.*>$/.test(seg)
        ? seg.startsWith('*') || seg.startsWith('[...')
          ? '.*'
          : '[^/]+'
        : escapeRegExp(seg),
    )
    .join('/');
  // A mount prefix the route was registered under may be missing from it: match on the route's tail too.
  return new RegExp(`(?:^|/)${body.replace(/^\//, '')}/?$`);
}

/**
 * Client programs left out of the component's view (an Electron app, a browser extension, a mobile app beside the
 * API): `repo` is the whole repository's index, `dirs` their folders. Their code still says who calls the API.
 */
export interface LeftOutClientCode {
  repo: RepoIndex;
  dirs: string[];
}

export function detectPages(
  repo: RepoIndex,
  frameworks: FrameworkFacts,
  service: ServiceFacts,
  liveness: LivenessFacts,
  leftOut?: LeftOutClientCode,
): PageFacts {
  const out: PageFacts = {};
  const prod = repo.files.filter((f) => f.kind === 'source' && !f.isTest && !f.tooLarge);
  // Files that register routes first: a page handler is better evidence than a mail template.
  const routeFiles = new Set(service.routes.map((r) => r.file));
  const reached = prod
    .filter((f) => liveness.isLive(f.path))
    .sort((a, b) => Number(routeFiles.has(b.path)) - Number(routeFiles.has(a.path)));
  const first = (
    specs: { languages: string[]; re: RegExp; note: string; within?: RegExp }[],
    files: typeof prod,
  ): PageSignal | undefined => {
    for (const s of specs) {
      const hit = repo.grepFirst(s.re, {
        paths: files
          .filter(
            (f) => s.languages.includes(f.language ?? '') && (!s.within || s.within.test(repo.read(f.path) ?? '')),
          )
          .map((f) => f.path),
      });
      // `#[derive(Template)]` is a Rust attribute, not a `#` comment.
      if (hit && !/^\s*(#(?!\[)|\/\/|\*)/.test(hit.text)) return { path: hit.path, line: hit.line, note: s.note };
    }
    return undefined;
  };
  out.serverRendered =
    first(RENDER, reached) ?? railsViews(repo, frameworks) ?? hanamiViews(repo) ?? warViews(repo, frameworks);
  out.servedFrontend = first(SERVES_SPA, reached);
  // Browser code: front-end sources the service does not run itself (any JS/TS outside the reached server files).
  const browser = prod
    .filter((f) => (f.language === 'javascript' || f.language === 'typescript') && !liveness.isLive(f.path))
    .map((f) => f.path)
    .filter((p) => !/(^|\/)(scripts?|tools|bin|e2e|cypress|playwright)\//.test(p) && !/\.config\.[cm]?[jt]s$/.test(p));
  // An absolute URL whose path none of the service's routes answers (a Mastodon client's
  // `fetch(\`https://${user.server}/api/v1/notifications\`)`) calls someone else's API, not this one.
  const patterns = service.routes.map((r) => routePattern(r.path));
  const callsThisApi = (m: { text: string }) => {
    const url = ABSOLUTE_URL.exec(m.text);
    if (!url || !patterns.length) return true;
    const urlPath = url[1]!.replace(/\$\{[^}]*\}/g, 'x').replace(/[?#].*$/, '');
    return patterns.some((re) => re.test(urlPath));
  };
  const client = repo.grep(CROSS_ORIGIN, { paths: browser }).find(callsThisApi);
  if (client)
    out.crossOriginClient = { path: client.path, line: client.line, note: 'browser code names the API origin' };
  else if (leftOut?.dirs.length) {
    const code = leftOut.repo.files
      .filter((f) => isClientCode(f) && leftOut.dirs.some((d) => isUnder(f.path, d)))
      .map((f) => f.path);
    const hit = leftOut.repo.grep(CROSS_ORIGIN, { paths: code }).find(callsThisApi);
    if (hit)
      out.crossOriginClient = {
        path: repo.fromRepo(hit.path),
        line: hit.line,
        note: 'a client app kept beside the service names the API origin',
      };
  }
  return out;
}

function isClientCode(f: RepoFile): boolean {
  return (
    (f.language === 'javascript' || f.language === 'typescript') && f.kind === 'source' && !f.isTest && !f.tooLarge
  );
}

/** A Rails app that is not API-only and keeps HTML views renders its pages server-side. */
function railsViews(repo: RepoIndex, frameworks: FrameworkFacts): PageSignal | undefined {
  if (!frameworks.has('rails')) return undefined;
  if (repo.grepFirst(/^\s*config\.api_only\s*=\s*true/, { paths: ['config/application.rb'] })) return undefined;
  const view = repo.glob([
    'app/views/**/*.html.{erb,haml,slim}',
    'app/views/**/*.{erb,haml,slim}',
    'app/components/**/*.html.erb',
  ])[0];
  return view ? { path: view.path, line: 1, note: 'keeps Rails HTML views (not an API-only app)' } : undefined;
}

/** A web application archive that keeps JSP pages (or JSF Facelets) in its web root renders them server-side. */
function warViews(repo: RepoIndex, frameworks: FrameworkFacts): PageSignal | undefined {
  if (!frameworks.has('spring-mvc') && !frameworks.has('servlet')) return undefined;
  const page = repo
    .glob(['**/src/main/webapp/**/*.{jsp,jspx,xhtml}', '**/WEB-INF/**/*.{jsp,jspx,tag}', '**/WebContent/**/*.jsp'])
    .find((f) => !f.isTest);
  return page
    ? { path: page.path, line: 1, note: 'keeps JSP/JSF pages in its web application (server-rendered)' }
    : undefined;
}

/** Hanami keeps its view templates in app/templates or slices/<name>/templates. */
function hanamiViews(repo: RepoIndex): PageSignal | undefined {
  const t = repo.glob(['app/templates/**/*.{erb,haml,slim}', 'slices/*/templates/**/*.{erb,haml,slim}'])[0];
  return t ? { path: t.path, line: 1, note: 'keeps Hanami view templates' } : undefined;
}

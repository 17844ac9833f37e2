import path from 'node:path';

export type FileKind = 'source' | 'test' | 'docs' | 'config' | 'other';

/**
 * Files of kind `other` that hold no code or configuration: translation catalogs, stylesheets, vector images, data
 * tables, snapshots and source maps. A search for a setting that reads `other` files (a Prisma schema, a Procfile, a
 * lockfile) excludes these: an app's translations alone can be megabytes.
 */
export const NOT_CODE_OR_CONFIG = ['**/*.{po,pot,mo,css,scss,sass,less,svg,csv,tsv,snap,map}'];

/**
 * A folder of the repository's own tooling (build and maintenance scripts, developer programs): never a component
 * unless deployed. protoc plugins (`internal/cmd/protoc-gen-go-sdk/main.go`) generate code at build time: tooling too.
 */
export const TOOLING_SEGMENT = /^(scripts?|tools?|tooling|hack|xtask|devtools|dev-tools|protoc-gen-[\w-]+)$/i;

const LANGUAGE_BY_EXT: Record<string, string> = {
  '.py': 'python',
  '.pyi': 'python',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'typescript',
  '.go': 'go',
  '.java': 'java',
  '.kt': 'kotlin',
  '.kts': 'kotlin',
  '.scala': 'scala',
  '.groovy': 'groovy',
  '.rb': 'ruby',
  '.ru': 'ruby',
  '.rake': 'ruby',
  '.rs': 'rust',
  '.php': 'php',
  '.cs': 'csharp',
  // Razor components: their directives (`@attribute [Authorize]`, `@inject`) and `@code` blocks are C# the component
  // compiles to; the markup around them is blanked when the text is read as code (code-text.ts `razorMarkup`).
  '.razor': 'csharp',
  // F#: the other .NET language services are written in (Giraffe, Saturn, Falco, ASP.NET Core called from F#). Scripts
  // (`.fsx`, FAKE's build.fsx) are build programs, not the service, and stay unclassified.
  '.fs': 'fsharp',
  '.fsi': 'fsharp',
  '.swift': 'swift',
  '.c': 'c',
  '.h': 'c',
  '.cc': 'cpp',
  '.cpp': 'cpp',
  '.hpp': 'cpp',
  '.ex': 'elixir',
  '.exs': 'elixir',
  '.sh': 'shell',
  '.bash': 'shell',
  '.sql': 'sql',
};

/** Languages whose files count as application source (shell and SQL support, they do not decide the stack). */
export const PROGRAMMING_LANGUAGES = new Set([
  'python',
  'javascript',
  'typescript',
  'go',
  'java',
  'kotlin',
  'scala',
  'groovy',
  'ruby',
  'rust',
  'php',
  'csharp',
  'fsharp',
  'swift',
  'c',
  'cpp',
  'elixir',
]);

/**
 * The .NET languages whose source calls the same libraries the same way (`services.AddHealthChecks()`,
 * `Environment.GetEnvironmentVariable`, `UseSerilog`): a search for a .NET API reads both. Searches that read C#'s own
 * syntax (attributes, classes, records) stay on C#.
 */
export const DOTNET_LANGUAGES: ('csharp' | 'fsharp')[] = ['csharp', 'fsharp'];

/** A file of application source code: a source file in one of the programming languages (not shell or SQL). */
export function isProgramSource(f: { kind: FileKind; language?: string | undefined }): boolean {
  return f.kind === 'source' && f.language !== undefined && PROGRAMMING_LANGUAGES.has(f.language);
}

const DOC_EXT = new Set(['.md', '.mdx', '.rst', '.adoc', '.txt', '.org']);
const CONFIG_EXT = new Set([
  '.yml',
  '.yaml',
  '.json',
  '.toml',
  '.ini',
  '.cfg',
  '.conf',
  '.properties',
  '.xml',
  '.env',
  '.hcl',
  '.tf',
]);

// `tst/` is the abbreviation some projects use for the same folder (PHPUnit suites, Amazon's Brazil layout).
// Also `tests_e2e/`, `test-environments/`, the inputs a suite reads (`test_schemas/`, `test-data/`, `test_cases/`),
// `db-test-setup/` (throwaway services the tests run against), `testfixture/` and `e2e_tests/`, `unit-tests/`,
// `unittests/`, `smoketests/`, `TestSuite/`, suites that drive the built server's API (`rest-api-tests/`,
// `http_tests/`), and end-to-end projects by their runner or suffix: `e2e-playwright/`, `playwright/`, `cypress/`,
// Nx's `web-e2e/`. A folder named `tests` with a qualifier after it holds one kind of suite or its tools
// (`tests_cypress/`, `tests-perf/`, `tests_nightly_performance/`, `tests-simulate-prod-data/`). `.antithesis/` holds the
// images, compose file and drivers the Antithesis simulation platform runs against the service. A leading underscore
// (`_integration-test/`, `_unit-test/`) only sorts the folder apart; it is the same suite.
const TEST_DIR =
  /(^|\/)_?(tests?|\.?antithesis|tst|__tests__|__e2e__|__mocks__|__fixtures__|spec|specs|e2e|e2e[-_](?:playwright|cypress|selenium|puppeteer|webdriver\w*)|[\w-]+[-_]e2e|playwright|cypress|integration[-_]?tests?|test[-_]?utils|(?:[a-z0-9]+[-_])?test[-_]?suites?|(?:[a-z0-9]+[-_])?tests?[-_](?:e2e|envs?|environments?|helpers?|support|fixtures?|setup|schemas?|data|files|cases)|tests?fixtures?|tests[-_][a-z0-9][\w-]*|(?:e2e|unit|functional|acceptance|smoke|contract|system)[-_]tests?|(?:smoke|system|functional|acceptance)tests?|unittests|(?:[a-z0-9]+[-_])*(?:api|http|rest|grpc)[-_]tests?)\//i;
/**
 * .NET test projects: `Orders.Api.Tests/`, `Shop.IntegrationTests/`, `Catalog.Specs/`, or one PascalCase name ending
 * in `Tests` (`ShopApiTests/` beside `ShopApi/`); and the projects that support them, named for tests in a middle
 * segment or as `Testing`: `Shop.Test.Common/` (shared helpers), `Shop.Test.Dummy/` (a dummy process the tests
 * start), `Shop.Tests.Fakes/`, `Shop.AcceptanceTests.PostgreSql/` (one suite run against one database),
 * `Shop.Testing/`, and the fakes of other services run for local work (`Shop.Api.FakeServers/`, `Shop.MockApis/`).
 * A test harness (`Shop.Api.Client.TestHarness/`) is not one: it calls a real environment with real credentials.
 */
const DOTNET_TEST_PROJECT =
  /(^|\/)(?:[\w-]+(?:\.[\w-]+)*\.(?:\w*Tests?|Specs?|Testing|(?:Fakes?|Mocks?)(?:[A-Z]\w*)?|(?:\w*Tests?|Testing)\.[\w-]+(?:\.[\w-]+)*)|[A-Z][A-Za-z0-9]*[a-z0-9]Tests)\//;
const TEST_FILE = [
  /(^|\/)test_[^/]*\.py$/,
  /_test\.py$/,
  /(^|\/)conftest\.py$/,
  // A Django app's test module (`manage.py startapp` writes `tests.py` beside `models.py`), and a lone `test.py`, which
  // unittest's discovery (`test*.py`) runs.
  /(^|\/)tests?\.py$/,
  /\.(test|spec)\.[cm]?[jt]sx?$/,
  // Suites split by where they run (`api.servertest.ts`, `scores.clienttest.ts`, `cart.e2e-spec.ts`).
  /\.(?:server|client|unit|integration|e2e|browser|node|dom)[-_]?(?:test|spec)\.[cm]?[jt]sx?$/,
  // Deno's own convention (`deno test` picks up `*_test.ts`).
  /_test\.[cm]?[jt]sx?$/,
  /_test\.go$/,
  // Go test support kept beside the package, compiled into it but named for the tests (`test_data.go`, `testutil.go`,
  // `test_helpers.go`): the data and helpers the package's and other packages' tests share.
  /(^|\/)test_?(?:data|utils?|helpers?|fixtures?)\.go$/,
  // Fixture rows a package's tests load into the database (`auth_session_fixtures.go` beside `auth_session.go`),
  // named like `_test.go` but compiled into the package so other packages' tests can load them too.
  /_fixtures?\.go$/,
  /(^|\/)src\/test\//,
  // Gradle/Maven test source sets beside src/test: `src/integrationTest/kotlin`, `src/functionalTest/groovy`,
  // `src/intTest/java`, the shared `src/testFixtures/java`, failsafe's `src/it/java`.
  /(^|\/)src\/(?:[a-z]\w*Tests?|testFixtures|it)\/(?:java|kotlin|groovy|scala|resources)\//,
  /Tests?\.(java|kt)$/,
  /IT\.(java|kt)$/,
  // Rust unit tests kept in their own file beside the module (`#[cfg(test)] mod tests;` → `tests.rs`, `foo_tests.rs`).
  /(^|\/)(?:\w+_)?tests\.rs$/,
  /_spec\.rb$/,
  /_test\.rb$/,
  // Gherkin scenarios (Behat, Cucumber, SpecFlow, behave): what the acceptance suites run, with their request bodies.
  /\.feature$/,
];

export function languageOf(file: string): string | undefined {
  return LANGUAGE_BY_EXT[path.posix.extname(file).toLowerCase()];
}

/**
 * A JVM main source root: the folders under it are the package (`com/acme/spec/UserSpecifications.java`, JPA
 * specifications; `org/acme/e2e/…`), not test folders.
 */
const JVM_MAIN_ROOT = /(^|\/)src\/main\/(?:java|kotlin|scala|groovy)\//;

/**
 * An `integration/` folder at the repository root: the suites that drive the built service from outside (Go
 * `integration/*_test.go` harnesses, a proxy's client suites in several languages with their own schemas and
 * requirements). Deeper, `integration/` is as often product code (`models/integration/`, `components/integration/`).
 */
const ROOT_INTEGRATION_SUITE = /^integration\//;

/**
 * An `acceptance/` folder: the acceptance suites that drive the built service from outside, with the compose file,
 * upstream stubs and browser tests they bring (`internal/acceptance/docker-compose.yml`, `acceptance/suites/…`).
 */
const ACCEPTANCE_SUITE = /(^|\/)acceptance\//;

/** Test runners an image or a compose file can be named for (`Dockerfile.pytest`, `docker-compose.pytest.yml`). */
export const TEST_RUNNER = 'pytest|tox|jest|rspec|phpunit';

/**
 * A folder named `tests` with a name before it holds one suite too (a workspace's `corro-tests/` crate, `load-tests/`),
 * except in a documentation tree, where it is a page's topic (`docs/content/asset_modelling/engagements_tests/`).
 */
const NAMED_TESTS_DIR = /(^|\/)[a-z0-9][\w-]*[-_]tests\//i;
const DOCS_TREE = /(^|\/)(?:docs?|documentation)\//i;

/**
 * A route file of a file-system router: a Next.js App Router handler or page (`app/api/servers/test/route.ts`,
 * `src/app/(admin)/spec/page.tsx`) or a SvelteKit endpoint or page (`src/routes/test/+server.ts`). The folders below the
 * router's root are URL segments, so one named `test` or `spec` names a route, not a test folder. Returns the length
 * of the path up to and including the root, or undefined. A test file kept there (`route.test.ts`) is no route file.
 */
const APP_ROUTER_FILE =
  /(^|\/)app\/(?:[^/]+\/)*(?:route|page|layout|loading|error|not-found|template|default)\.(?:[cm]?[jt]sx?|mdx)$/;
const SVELTEKIT_ROUTE_FILE = /(^|\/)src\/routes\/(?:[^/]+\/)*\+(?:server|page|layout)(?:\.server)?\.(?:[jt]s|svelte)$/;

export function routerRootEnd(file: string): number | undefined {
  const m = APP_ROUTER_FILE.exec(file) ?? SVELTEKIT_ROUTE_FILE.exec(file);
  if (!m) return undefined;
  return m.index + m[1]!.length + (m[0].startsWith(`${m[1]}app/`) ? 'app/'.length : 'src/routes/'.length);
}

export function isTestPath(file: string): boolean {
  const jvm = JVM_MAIN_ROOT.exec(file);
  const routes = jvm ? undefined : routerRootEnd(file);
  const folders = jvm ? file.slice(0, jvm.index + jvm[0].length) : routes !== undefined ? file.slice(0, routes) : file;
  return (
    TEST_DIR.test(folders) ||
    (NAMED_TESTS_DIR.test(folders) && !DOCS_TREE.test(folders)) ||
    ROOT_INTEGRATION_SUITE.test(file) ||
    ACCEPTANCE_SUITE.test(folders) ||
    DOTNET_TEST_PROJECT.test(file) ||
    TEST_FILE.some((re) => re.test(file))
  );
}

/** A Go test-support package's folder: the name of the package it serves with `test` after it (`httptest`). */
const GO_TEST_SUPPORT = /^([a-z][a-z0-9]{2,})test$/;

/**
 * Go test-support packages named for the package they serve, as the standard library's `net/http/httptest` is:
 * `sqlmigrationtest/` beside `sqlmigration/`, a `zititest/` harness module beside `ziti/`. Their fakes, no-op
 * migrations and test programs serve the tests, not the service. A folder counts when a folder of the served name
 * exists in the repository and Go code sits under it (`latest/`, `contest/` serve no package). Marks the files under
 * such folders as tests, in place.
 */
export function markGoTestSupport(
  files: { path: string; language?: string | undefined; isTest: boolean; kind: FileKind }[],
  dirs: ReadonlySet<string>,
): void {
  const names = new Set<string>();
  for (const d of dirs) names.add(d.slice(d.lastIndexOf('/') + 1));
  const support = new Set<string>();
  for (const n of names) {
    const served = GO_TEST_SUPPORT.exec(n)?.[1];
    if (served && names.has(served)) support.add(n);
  }
  if (!support.size) return;
  // The support folder (its path) each candidate file sits under, and which of those folders hold Go code.
  const under = new Map<(typeof files)[number], string>();
  const withGo = new Set<string>();
  for (const f of files) {
    if (f.isTest || !f.path.includes('test/')) continue;
    const parts = f.path.split('/');
    const at = parts.findIndex((p, i) => i < parts.length - 1 && support.has(p));
    if (at < 0) continue;
    const folder = parts.slice(0, at + 1).join('/');
    under.set(f, folder);
    if (f.language === 'go') withGo.add(folder);
  }
  for (const [f, folder] of under) {
    if (!withGo.has(folder)) continue;
    f.isTest = true;
    f.kind = classify(f.path, f.language, true);
  }
}

/** A folder named like a spec runner's (`spec/`, `specs/`). */
const SPEC_DIR = /^specs?$/i;

/**
 * A `spec/` folder holding a Go package (`spec/embed.go`, `package spec`, embedding the API's OpenAPI documents) is
 * the package, not a spec runner's suites: Go has no spec runner, and its tests are `_test.go` files. The files under
 * such a folder are judged as if the folder were not in their path (its `_test.go` files stay tests). Updates the
 * files in place.
 */
export function markGoSpecPackages(
  files: { path: string; language?: string | undefined; isTest: boolean; kind: FileKind }[],
): void {
  const packages = new Set<string>();
  for (const f of files) {
    const dir = path.posix.dirname(f.path);
    if (f.language === 'go' && !f.path.endsWith('_test.go') && SPEC_DIR.test(path.posix.basename(dir)))
      packages.add(dir);
  }
  if (!packages.size) return;
  for (const f of files) {
    if (!f.isTest) continue;
    const parts = f.path.split('/');
    const at = parts.findIndex((_, i) => i < parts.length - 1 && packages.has(parts.slice(0, i + 1).join('/')));
    if (at < 0) continue;
    f.isTest = isTestPath(parts.filter((_, i) => i !== at).join('/'));
    f.kind = classify(f.path, f.language, f.isTest);
  }
}

/** A Next.js App Router file that makes its folder a route segment: a route handler or a page. */
const APP_ROUTER_ENTRY = /^(?:route|page)\.(?:[cm]?[jt]sx?|mdx)$/;

/**
 * Folders of a Next.js App Router tree named like test folders (`app/api/servers/test/route.ts`, a route answering
 * `/api/servers/test`; `app/(admin)/e2e/page.tsx`) are URL segments the application serves, not suites. A folder below
 * `app/` counts when a route handler or a page sits in it or under it; the files under such folders are judged as if
 * those folders were not in their path (a `*.test.ts` beside the route stays a test, and a tree already under a test
 * folder before `app/` stays one). Updates the files in place.
 */
export function markAppRouteSegments(
  files: { path: string; language?: string | undefined; isTest: boolean; kind: FileKind }[],
): void {
  const segments = new Set<string>();
  for (const f of files) {
    const parts = f.path.split('/');
    if (!APP_ROUTER_ENTRY.test(parts[parts.length - 1]!)) continue;
    const app = parts.indexOf('app');
    if (app < 0) continue;
    for (let i = app + 1; i < parts.length - 1; i++)
      if (TEST_DIR.test(`${parts[i]}/`)) segments.add(parts.slice(0, i + 1).join('/'));
  }
  if (!segments.size) return;
  for (const f of files) {
    if (!f.isTest) continue;
    const parts = f.path.split('/');
    const kept = parts.filter((_, i) => i === parts.length - 1 || !segments.has(parts.slice(0, i + 1).join('/')));
    if (kept.length === parts.length) continue;
    f.isTest = isTestPath(kept.join('/'));
    f.kind = classify(f.path, f.language, f.isTest);
  }
}

/**
 * A test runner's command in a package.json script: Bun's, Jest, Vitest, Mocha, AVA, tap, Playwright's, or Node's own
 * (`node --test`), called directly or through npx/bunx/pnpm/yarn. The arguments after it, up to the end of that
 * command, name what it runs.
 */
const JS_TEST_RUNNER =
  /(?:^|&&|\|\||;|\|)\s*(?:(?:npx|bunx|pnpx)\s+|(?:pnpm|yarn)\s+(?:exec\s+)?)?(?:bun\s+test|jest|vitest(?:\s+run)?|mocha|ava|tap|playwright\s+test|(?:node|tsx)\s+--test)(?=\s|$)([^&|;]*)/g;
/** A JS/TS source file named on a command line (`./src/e2e-test.ts`, `tests/run.mjs`). */
const JS_SOURCE_ARG = /^(?:\.\/)?[\w@.-][\w@./-]*\.[cm]?[jt]sx?$/;

/**
 * JS/TS files a package.json script hands to a test runner (`"test:e2e": "bun test ./src/e2e-test.ts"`) are tests,
 * wherever they sit and whatever they are called: a file beside the sources with a name no test pattern knows
 * (`src/e2e-test.ts`, `smoke.ts`) is run by the runner, never by the service. Only files named on the command line count
 * (a folder or a glob given to the runner is left to the path rules). Updates the files in place.
 */
export function markTestRunnerTargets(
  files: { path: string; language?: string | undefined; isTest: boolean; kind: FileKind }[],
  read: (p: string) => string | undefined,
): void {
  const byPath = new Map(files.map((f) => [f.path, f]));
  for (const manifest of files) {
    if (path.posix.basename(manifest.path) !== 'package.json') continue;
    const text = read(manifest.path);
    if (!text?.includes('test')) continue;
    let scripts: unknown;
    try {
      scripts = (JSON.parse(text) as { scripts?: unknown }).scripts;
    } catch {
      continue;
    }
    if (!scripts || typeof scripts !== 'object') continue;
    const dir = path.posix.dirname(manifest.path);
    for (const cmd of Object.values(scripts as Record<string, unknown>)) {
      if (typeof cmd !== 'string') continue;
      for (const m of cmd.matchAll(JS_TEST_RUNNER)) {
        const args = m[1]!.trim().split(/\s+/);
        // An option's value (`--require ./src/env.ts`, `--config vitest.e2e.ts`) is a set-up file, possibly the
        // service's own module: only the runner's plain arguments are what it runs.
        for (const [i, arg] of args.entries()) {
          if (!JS_SOURCE_ARG.test(arg) || args[i - 1]?.startsWith('-')) continue;
          const f = byPath.get(path.posix.normalize(path.posix.join(dir, arg)));
          if (!f || f.isTest) continue;
          f.isTest = true;
          f.kind = classify(f.path, f.language, true);
        }
      }
    }
  }
}

/**
 * Folders of AI coding assistants (`.claude/skills/benchmark/analyze.py`, `.cursor/`, `.agents/`): the scripts their skills
 * bundle are the developers' tooling, never code the project ships or its CI runs.
 */
const ASSISTANT_FOLDER = /(^|\/)\.(?:agents?|claude|cursor|windsurf|codex|gemini|continue|roo|kiro|junie)\//;

/**
 * Code under the root `.github/` (a repository's own actions, `.github/actions/release-notes/index.js`, and the
 * scripts its workflows call): it runs on the CI runner, never in what the project ships.
 */
const CI_RUNNER_FOLDER = /^\.github\//;
/** A .NET build program's sources in `build/` (kept only for CI to read): they run on the CI runner, not in the service. */
const DOTNET_BUILD_PROGRAM = /(^|\/)build\/(?:[^/]+\/)*[^/]+\.cs$/;

/**
 * C# under an ASP.NET Core web root (`wwwroot/Modules/Templates/…/[Module]Controller.cs`, source a module scaffolder
 * copies out): static content the Web SDK serves as files and never compiles (it removes `wwwroot/**` from Compile).
 */
const DOTNET_WEB_ROOT = /(^|\/)wwwroot\//;

/** The kind of a file; `language` and `isTest` may be passed when the caller has them already (the index does). */
export function classify(file: string, language = languageOf(file), isTest = isTestPath(file)): FileKind {
  const ext = path.posix.extname(file).toLowerCase();
  const base = path.posix.basename(file).toLowerCase();
  if (language && (ASSISTANT_FOLDER.test(file) || CI_RUNNER_FOLDER.test(file))) return 'other';
  if (language === 'csharp' && DOTNET_BUILD_PROGRAM.test(file)) return 'other';
  if (language === 'csharp' && DOTNET_WEB_ROOT.test(file)) return 'other';
  if (isTest && language) return 'test';
  if (
    DOC_EXT.has(ext) ||
    /^(readme|license|licence|changelog|contributing)(\.|$)/.test(base) ||
    /(^|\/)docs?\//.test(file)
  ) {
    if (!language) return 'docs';
  }
  if (language) return 'source';
  if (CONFIG_EXT.has(ext) || base.startsWith('.') || base === 'dockerfile' || /^dockerfile[.-]/.test(base))
    return 'config';
  return 'other';
}

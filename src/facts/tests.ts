import path from 'node:path';
import { lazy } from '../lazy.js';
import type { RepoIndex } from '../repo/index.js';
import { routerRootEnd } from '../repo/classify.js';
import { activePomLines } from './build-lifecycle.js';
import { type CiFacts, CommandResolver } from './ci.js';
import { RepoView } from '../repo/view.js';
import type { ManifestFacts } from './manifests.js';
import { escapeRegExp } from '../repo/text.js';

const xmlParser = lazy<typeof import('fast-xml-parser')>('fast-xml-parser');

/** An XML document with its attributes as `@name` keys (entities left as written); undefined when it does not parse. */
function parseXmlWithAttributes(text: string): any {
  try {
    return new (xmlParser().XMLParser)({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      processEntities: false,
    }).parse(text);
  } catch {
    return undefined;
  }
}

export interface TestSuite {
  framework: string;
  language: string;
  /** Test files with at least one real test function. */
  files: string[];
  /** Number of test functions / cases found. */
  tests: number;
  /** Where the first test function is. */
  first: { path: string; line: number };
}

export interface CoverageSignal {
  tool: string;
  path: string;
  line?: number;
  /** `low` when only a dependency or plugin is present without anything that turns it on. */
  confidence: 'high' | 'low';
  note: string;
}

export interface CoverageReport {
  format: 'lcov' | 'cobertura' | 'clover' | 'jacoco' | 'istanbul-summary' | 'go-coverprofile';
  path: string;
  /** Line (or statement) coverage in percent, one decimal. */
  percent: number;
  covered: number;
  total: number;
}

export interface TestFacts {
  suites: TestSuite[];
  /** Test files (by name/location) with no test function in them. */
  emptyTestFiles: string[];
  /** Conventional test folders present in the tree (tests/, test/, spec/, __tests__/, src/test/). */
  testDirs: string[];
  coverage: { signals: CoverageSignal[]; reports: CoverageReport[] };
}

interface Detector {
  language: string;
  files: (repo: RepoIndex) => string[];
  test: RegExp;
  /** What to count as one test, when not every `test` match is one (e.g. TestCase classes). */
  count?: RegExp;
  framework: (repo: RepoIndex, file: string, text: string, manifests: ManifestFacts) => string;
}

const hasDep = (m: ManifestFacts, name: string): boolean => m.dependencies.some((d) => d.name === name);

const DETECTORS: Detector[] = [
  {
    language: 'python',
    files: (r) =>
      r.files
        .filter(
          (f) =>
            f.language === 'python' &&
            (f.isTest || /(^|\/)tests\.py$/.test(f.path)) &&
            !/(^|\/)(conftest|__init__)\.py$/.test(f.path),
        )
        .map((f) => f.path),
    test: /^[ \t]*(?:async\s+)?def\s+test\w*\s*\(|^[ \t]*class\s+\w+\([\w.]*TestCase\)/m,
    count: /^[ \t]*(?:async\s+)?def\s+test\w*\s*\(/m,
    framework: (_r, _f, t) =>
      /^\s*class\s+\w+\([\w.]*TestCase\)/m.test(t) && !/import pytest|from pytest/.test(t) ? 'unittest' : 'pytest',
  },
  {
    language: 'javascript/typescript',
    files: (r) =>
      r.files
        .filter(
          (f) =>
            (f.language === 'javascript' || f.language === 'typescript') &&
            (f.isTest || /\.cy\.[cm]?[jt]sx?$/.test(f.path)),
        )
        .map((f) => f.path),
    test: /^\s*(?:Deno\.)?(?:it|test|describe|suite|context)(?:\.\w+)*\s*\(\s*['"`]|^\s*(?:it|test)\.each\b|^\s*(?:Deno\.)?test\s*\(\s*(?:async\s+)?(?:function|\(|\{)/m,
    framework: (_r, _f, t, m) =>
      /from\s+['"]vitest['"]/.test(t) || hasDep(m, 'vitest')
        ? 'vitest'
        : /@playwright\/test/.test(t)
          ? 'Playwright'
          : /from\s+['"]node:test['"]|require\(['"]node:test['"]\)/.test(t)
            ? 'node:test'
            : hasDep(m, 'jest') || /@jest\/globals|jest\./.test(t)
              ? 'jest'
              : hasDep(m, 'mocha')
                ? 'mocha'
                : hasDep(m, 'ava')
                  ? 'ava'
                  : 'javascript tests',
  },
  {
    language: 'go',
    files: (r) => r.files.filter((f) => f.path.endsWith('_test.go')).map((f) => f.path),
    test: /^func\s+(?:Test|Fuzz|Example)\w*\s*\(/m,
    framework: () => 'go test',
  },
  {
    language: 'jvm',
    files: (r) =>
      r.files
        .filter(
          (f) =>
            (f.language === 'java' || f.language === 'kotlin' || f.language === 'scala' || f.language === 'groovy') &&
            f.isTest,
        )
        .map((f) => f.path),
    test: /@(?:Test|ParameterizedTest|RepeatedTest|TestFactory)\b|:\s*(?:StringSpec|FunSpec|DescribeSpec|BehaviorSpec|ShouldSpec)\s*\(|\bextends\s+(?:Specification|Any\w*(?:Spec|Suite)|FunSuite|munit\.FunSuite|ZIOSpecDefault)\b/,
    framework: (_r, _f, t) =>
      /org\.junit\.jupiter/.test(t)
        ? 'JUnit 5'
        : /org\.junit\.Test|junit\.framework/.test(t)
          ? 'JUnit 4'
          : /org\.testng/.test(t)
            ? 'TestNG'
            : /io\.kotest/.test(t)
              ? 'Kotest'
              : /Specification/.test(t)
                ? 'Spock'
                : 'JUnit',
  },
  {
    language: 'ruby',
    files: (r) =>
      r.files
        .filter(
          (f) =>
            /(_spec|_test)\.rb$/.test(f.path) ||
            (f.language === 'ruby' && /(^|\/)(test|spec)\//.test(f.path) && !/(spec|test)_helper\.rb$/.test(f.path)),
        )
        .map((f) => f.path),
    // shoulda-context's `should "…" do` blocks and shoulda-matchers' one-liners (`should belong_to(:user)`) are tests.
    test: /^\s*(?:it|specify|scenario)\s*(?:\(|\s)['"{]|^\s*it\s*(?:do|\{)|^\s*def\s+test_\w+|^\s*test\s+['"]|^\s*should(?:_not)?\s+(?:['"]|[a-z_]\w*[\s(])/m,
    framework: (_r, f) => (/_spec\.rb$|(^|\/)spec\//.test(f) ? 'RSpec' : 'minitest'),
  },
  {
    language: 'rust',
    files: (r) => r.files.filter((f) => f.language === 'rust').map((f) => f.path),
    // `#[test]`, and the attribute macros of async runtimes and test-helper crates that wrap one: `#[tokio::test]`,
    // `#[actix_web::test]`, `#[sqlx::test]` (a fresh database per test), `#[test_log::test]`, any `#[<crate>::test(…)]`;
    // rstest's `#[rstest]`, each `#[test_case(…)]` (one test per case) and `#[wasm_bindgen_test]`.
    test: /#\[(?:(?:\w+::)*test\b|rstest\b|test_case\s*\(|wasm_bindgen_test\b)/,
    framework: () => 'cargo test',
  },
  {
    language: 'php',
    files: (r) => [
      ...new Set([...r.files.filter((f) => /Test\.php$/.test(f.path)).map((f) => f.path), ...phpunitSuiteFiles(r)]),
    ],
    // PHPUnit test methods, and Pest's test('…', fn) / it('…', fn) closures (inside describe() blocks too).
    test: /function\s+test\w*\s*\(|@test\b|#\[Test\]|^\s*(?:test|it)\s*\(\s*['"]/m,
    framework: (_r, _f, t) =>
      /^\s*(?:test|it)\s*\(\s*['"]/m.test(t) && !/function\s+test\w*\s*\(|@test\b|#\[Test\]/.test(t)
        ? 'Pest'
        : 'PHPUnit',
  },
  {
    language: 'csharp',
    files: (r) => r.files.filter((f) => f.language === 'csharp' && /Tests?\b/.test(f.path)).map((f) => f.path),
    test: /\[(?:Fact|Theory|Test|TestMethod|TestCase)\b/,
    framework: () => 'xUnit/NUnit/MSTest',
  },
  {
    // F# tests: xUnit, NUnit and MSTest attributes written `[<Fact>]`, and Expecto's `testCase "…"` / `test "…" {`.
    language: 'fsharp',
    files: (r) => r.files.filter((f) => f.language === 'fsharp' && /Tests?\b/.test(f.path)).map((f) => f.path),
    test: /\[<\s*(?:Fact|Theory|Test|TestMethod|TestCase)\b|^\s*(?:testCase|testCaseAsync|testProperty)\s+"|^\s*test\s+"[^"\n]*"\s*\{/m,
    framework: (_r, _f, t) =>
      /\[<\s*(?:Fact|Theory|Test|TestMethod|TestCase)\b/.test(t) ? 'xUnit/NUnit/MSTest' : 'Expecto',
  },
  {
    language: 'elixir',
    files: (r) => r.files.filter((f) => f.path.endsWith('_test.exs')).map((f) => f.path),
    test: /^\s*test\s+"/m,
    framework: () => 'ExUnit',
  },
  {
    // API tests kept as a Postman collection (run by Newman in CI): each request's "test" script asserts on the
    // response (`pm.test(…)`, `pm.expect(…)`, `pm.response.to.have.status(…)`). A collection without assertions is
    // a set of example requests (API documentation), not tests.
    language: 'postman',
    files: (r) =>
      r.files
        .filter(
          (f) =>
            /\.json$/i.test(f.path) &&
            !f.tooLarge &&
            (/postman|newman|collection/i.test(f.path.slice(f.path.lastIndexOf('/') + 1)) ||
              /(^|\/)(?:tests?|e2e|api-?tests?|system-?tests?|integration-?tests?)\//i.test(f.path)),
        )
        .filter((f) => /schema\.getpostman\.com|"_postman_id"/.test(r.read(f.path)?.slice(0, 2000) ?? ''))
        .map((f) => f.path),
    test: /\bpm\.(?:test\s*\(|expect\s*\(|response\.to\.(?:have|be)\b)/,
    // One test per `pm.test(…)` (a collection asserting only with `pm.expect` counts as one).
    count: /\bpm\.test\s*\(/,
    framework: (_r, _f, _t, m) => (hasDep(m, 'newman') ? 'Postman collection (newman)' : 'Postman collection'),
  },
  {
    // HTTP tests kept as Hurl files (run with `hurl --test` against the running service): a request followed by the
    // response it expects (`HTTP 200`, an `[Asserts]` section) asserts on the answer. A file of requests with no
    // expected response is a set of example calls, not tests.
    language: 'hurl',
    files: (r) => r.files.filter((f) => /\.hurl$/i.test(f.path) && !f.tooLarge).map((f) => f.path),
    test: /^HTTP(?:\/[\d.]+)?\s+(?:\d{3}|\*)\s*$|^\[Asserts\]\s*$/m,
    // One test per request that expects a response.
    count: /^HTTP(?:\/[\d.]+)?\s+(?:\d{3}|\*)\s*$/m,
    framework: () => 'Hurl',
  },
];

/** PHPUnit's configuration files: `phpunit.xml`, `phpunit.xml.dist`, `phpunit.dist.xml`. */
const PHPUNIT_CONFIG = /^phpunit(?:\.dist)?\.xml(?:\.dist)?$/;

const asList = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

/**
 * The PHP files a PHPUnit configuration's test suites name. A `<directory>` takes the files under it whose names end
 * with its `suffix` (PHPUnit's default `Test.php`) and begin with its `prefix`: `<directory suffix=".php">tests/Feature
 * </directory>` runs `tests/Feature/TestVouchersController.php` too, which the default `*Test.php` naming misses. A
 * `<file>` names one file. Paths are relative to the configuration's folder; glob directories are not expanded.
 */
export function phpunitSuiteFiles(repo: RepoIndex): string[] {
  const out = new Set<string>();
  for (const cfg of repo.byName(PHPUNIT_CONFIG)) {
    const text = repo.read(cfg.path);
    if (!text) continue;
    const doc = parseXmlWithAttributes(text);
    const root = doc?.phpunit;
    if (!root || typeof root !== 'object') continue;
    const base = path.posix.dirname(cfg.path);
    const resolve = (p: string): string => path.posix.normalize(base === '.' ? p : `${base}/${p}`).replace(/\/+$/, '');
    const suites = [...asList(root.testsuites?.testsuite), ...asList(root.testsuite)];
    for (const suite of suites) {
      if (!suite || typeof suite !== 'object') continue;
      const s = suite as Record<string, unknown>;
      for (const d of asList(s.directory)) {
        const dir = typeof d === 'string' ? d : typeof d === 'object' && d ? String((d as any)['#text'] ?? '') : '';
        if (!dir.trim() || dir.includes('*')) continue;
        const suffix = (typeof d === 'object' && d && (d as any)['@suffix']) || 'Test.php';
        const prefix = (typeof d === 'object' && d && (d as any)['@prefix']) || '';
        const top = resolve(dir.trim());
        const under = top === '.' ? '' : `${top}/`;
        for (const f of repo.files) {
          if (f.language !== 'php' || !f.path.startsWith(under)) continue;
          const name = f.path.slice(f.path.lastIndexOf('/') + 1);
          if (name.endsWith(String(suffix)) && name.startsWith(String(prefix))) out.add(f.path);
        }
      }
      for (const file of asList(s.file)) {
        const p =
          typeof file === 'string'
            ? file
            : typeof file === 'object' && file
              ? String((file as any)['#text'] ?? '')
              : '';
        if (p.trim() && repo.has(resolve(p.trim()))) out.add(resolve(p.trim()));
      }
    }
  }
  return [...out];
}

function countTests(text: string, re: RegExp): { count: number; index: number } {
  const g = new RegExp(re.source, `${re.flags.replace('g', '')}g`);
  let count = 0;
  let index = -1;
  for (const m of text.matchAll(g)) {
    if (index < 0) index = m.index ?? 0;
    count++;
  }
  return { count, index };
}

/**
 * Inputs of the tests, not tests: fixture projects, golden files and corpora (`tests/fixtures/app/test_x.py`, a
 * highlighter's `tests/syntax-tests/source/*.py`, a parser's corpus) and benchmark inputs.
 */
const TEST_DATA =
  /(^|\/)(?:fixtures|__fixtures__|testdata|test-?data|corpus|syntax-tests|benchmarks?)\/|(^|\/)tests?\/(?:[^/]+\/)*(?:data|inputs?|samples?|golden)\//i;

/**
 * Whether a test file is an input of the tests. A JVM source root's package folders are no data folders: the tests of
 * `org.springframework.samples.petclinic` or `com.acme.data` live in `src/test/java/org/…/samples/…`, `…/acme/data/…`.
 */
function isTestData(file: string): boolean {
  return TEST_DATA.test(file.replace(/(^|\/)src\/(\w+)\/(?:java|kotlin|scala|groovy)\/.*$/, '$1src/$2/Test.java'));
}

export function detectTestSuites(
  repo: RepoIndex,
  manifests: ManifestFacts,
): Pick<TestFacts, 'suites' | 'emptyTestFiles' | 'testDirs'> {
  const suites = new Map<string, TestSuite>();
  const empty: string[] = [];
  for (const d of DETECTORS) {
    for (const file of d.files(repo)) {
      if (isTestData(file)) continue;
      const text = repo.read(file);
      if (text === undefined) continue;
      const found = countTests(text, d.test);
      const index = found.index;
      const count = d.count && found.count ? Math.max(1, countTests(text, d.count).count) : found.count;
      if (!count) {
        // A Postman collection or Hurl file without assertions is example requests, not an empty test file.
        // A PHP file a PHPUnit suite takes in by a wider suffix (`TestCase.php`, a trait) is a helper of the tests.
        if (d.language === 'php' && !/Test\.php$/.test(file)) continue;
        if (d.language !== 'rust' && d.language !== 'csharp' && d.language !== 'postman' && d.language !== 'hurl')
          empty.push(file);
        continue;
      }
      const fw = d.framework(repo, file, text, manifests);
      const key = `${d.language}:${fw}`;
      const s = suites.get(key) ?? {
        framework: fw,
        language: d.language,
        files: [],
        tests: 0,
        first: { path: file, line: repo.lineAt(file, index) },
      };
      s.files.push(file);
      s.tests += count;
      suites.set(key, s);
    }
  }
  // A folder of Kubernetes objects named for an environment (`manifests/test/`, `overlays/test/`) deploys the test
  // environment: it is no test folder.
  const k8sObject = (p: string): boolean => {
    if (!/\.ya?ml$/i.test(p)) return false;
    const text = repo.read(p) ?? '';
    return /^apiVersion:\s*\S/m.test(text) && /^kind:\s*[A-Z]\w*/m.test(text);
  };
  const testDirs = [
    ...new Set(
      repo.files
        // A folder the index took for something else (an App Router segment named `test`, a Go package in spec/) is
        // no test folder; a route file's folders below its router's root are URL segments (`app/api/servers/test/route.ts`).
        .filter((f) => f.isTest)
        .map((f) => f.path.slice(0, routerRootEnd(f.path)))
        .map((p) => /^(?:(.*\/)?(?:tests?|spec|__tests__)|(?:.*\/)?src\/test)\//.exec(p)?.[0]?.replace(/\/$/, ''))
        .filter((d): d is string => !!d),
    ),
  ]
    .filter((d) => !repo.files.filter((f) => f.path.startsWith(`${d}/`)).every((f) => k8sObject(f.path)))
    .sort();
  return { suites: [...suites.values()].sort((a, b) => b.tests - a.tests), emptyTestFiles: empty, testDirs };
}

// ---------------------------------------------------------------- coverage

const COVERAGE_FLAGS: [RegExp, string][] = [
  // `coverage report` as a command (line start, after a shell operator or a runner's `run`), not prose that says
  // "generates a coverage report".
  [
    /--cov\b|--cov=|(?:^\s*|[;&|(]\s*|\b(?:run|exec)\s+)coverage3?\s+(?:run|report|xml|html|erase|combine|json|lcov)\b(?!:)|-m\s+coverage\b/m,
    'coverage.py',
  ],
  [
    /--coverage-(?:clover|html|text|xml|cobertura|php)\b|(?:^|[\s/])pest\s[^\n]*--coverage\b|<coverage\b[^>]*>\s*<report\b|\bpcov\.enabled\b|XDEBUG_MODE\s*[=:]\s*coverage/,
    'PHPUnit coverage',
  ],
  [/\bbun\s+test\b[^\n]*--coverage\b/, 'bun test --coverage'],
  [/\bdeno\s+test\b[^\n]*--coverage\b/, 'deno test --coverage'],
  [/--coverage\b|\bcollectCoverage\b|--collectCoverage/, 'jest/vitest --coverage'],
  [/(?:^|[\s/"'])(?:nyc|c8)\s/, 'nyc/c8'],
  [/-coverprofile\b|(?:^|\s)-cover(?:\s|$)|-covermode\b|\bgocov\b/, 'go test -cover'],
  [/\bjacoco\w*/i, 'JaCoCo'],
  [/\bkover\w*/i, 'Kover'],
  [/\bscoverage\w*/i, 'scoverage'],
  [/\bSimpleCov\b/, 'SimpleCov'],
  [
    /\bmix\s+(?:coveralls(?:\.\w+)?|test\s[^\n]*--cover)\b|\btest_coverage:\s*\[\s*tool:\s*ExCoveralls/,
    'ExCoveralls / mix test --cover',
  ],
  [/\bcargo[\s-](?:tarpaulin|llvm-cov)\b/, 'tarpaulin/llvm-cov'],
  [/\bcoverlet\b|XPlat Code Coverage|--collect[:\s]+"?Code Coverage/i, 'coverlet'],
  [/codecov\/codecov-action|\bcodecov\b|coverallsapp\/github-action|\bcoveralls\b/i, 'Codecov/Coveralls upload'],
  [/\bcodeclimate-action\b|\bcc-test-reporter\b/i, 'Code Climate coverage upload'],
];

function lineOf(repo: RepoIndex, p: string, re: RegExp): number | undefined {
  const i = repo.lines(p).findIndex((l) => re.test(l));
  return i >= 0 ? i + 1 : undefined;
}

function coverageSignals(repo: RepoIndex, manifests: ManifestFacts, ci: CiFacts): CoverageSignal[] {
  const out: CoverageSignal[] = [];
  const add = (
    tool: string,
    p: string,
    line: number | undefined,
    note: string,
    confidence: 'high' | 'low' = 'high',
  ): void => {
    out.push({ tool, path: p, line, note, confidence });
  };
  for (const p of ['.coveragerc']) if (repo.has(p)) add('coverage.py', p, 1, '.coveragerc configures coverage.py');
  for (const p of ['pyproject.toml', 'setup.cfg', 'tox.ini', 'pytest.ini']) {
    if (!repo.has(p)) continue;
    const sec = lineOf(repo, p, /^\s*\[(?:tool\.coverage|coverage:)/);
    if (sec) add('coverage.py', p, sec, 'coverage.py configuration section');
    const cov = lineOf(repo, p, /^\s*addopts\s*=.*--cov|^\s*["']?--cov\b/);
    if (cov) add('pytest-cov', p, cov, 'pytest addopts measure coverage (--cov)');
  }
  for (const p of ['.nycrc', '.nycrc.json', '.nycrc.yml', '.c8rc', '.c8rc.json'])
    if (repo.has(p)) add('nyc/c8', p, 1, `${p} configures coverage`);
  // Also the configuration a package script hands the runner (`vitest run --config config/vitest.ts`).
  const named = new Set<string>();
  for (const f of repo.byName(/^package\.json$/)) {
    const pkg = repo.json(f.path) as { scripts?: Record<string, string> } | undefined;
    const dir = f.path.includes('/') ? f.path.slice(0, f.path.lastIndexOf('/') + 1) : '';
    for (const script of Object.values(pkg?.scripts ?? {}))
      for (const m of String(script).matchAll(
        /\b(?:vitest|jest)\b[^&|;]*?(?:--config[= ]|\s-c\s+)["']?([\w./-]+\.[cm]?[jt]s)\b/g,
      )) {
        const p = `${dir}${m[1]!.replace(/^\.\//, '')}`;
        if (repo.has(p)) named.add(p);
      }
  }
  const runnerConfigs = [
    ...repo.glob([
      '{jest,vitest,vite}.config.{js,cjs,mjs,ts,mts,cts,json}',
      '**/{jest,vitest,vite}.config.{js,cjs,mjs,ts,mts}',
    ]),
    ...[...named].map((p) => repo.get(p)!).filter(Boolean),
  ].filter((f, i, all) => all.findIndex((g) => g.path === f.path) === i);
  for (const f of runnerConfigs) {
    const line = lineOf(
      repo,
      f.path,
      /collectCoverage\s*:\s*true|\bcoverage\s*:\s*\{|coverageThreshold|coverageProvider/,
    );
    if (line)
      add(
        /jest/.test(f.path) ? 'jest coverage' : 'vitest coverage',
        f.path,
        line,
        'test runner configuration turns coverage on',
      );
  }
  for (const f of repo.byName(/^package\.json$/)) {
    const pkg = repo.json(f.path) as { scripts?: Record<string, string>; jest?: Record<string, unknown> } | undefined;
    for (const [name, script] of Object.entries(pkg?.scripts ?? {})) {
      const hit = COVERAGE_FLAGS.find(([re]) => re.test(` ${String(script)} `));
      if (hit)
        add(
          hit[1],
          f.path,
          lineOf(repo, f.path, new RegExp(`"${escapeRegExp(name)}"\\s*:`)),
          `script "${name}" measures coverage: ${script}`,
        );
    }
    if (pkg?.jest && (pkg.jest.collectCoverage === true || pkg.jest.coverageThreshold))
      add(
        'jest coverage',
        f.path,
        lineOf(repo, f.path, /collectCoverage|coverageThreshold/),
        'package.json jest config collects coverage',
      );
  }
  // Package scripts that measure coverage: composer.json scripts (`"code-coverage": "phpunit --coverage-clover
  // clover.xml"`) and deno.json tasks (`"test": "deno test --coverage=cov"`).
  const coverageScripts = (path: string, scripts: [string, string][], label: string): void => {
    for (const [name, cmd] of scripts) {
      const hit = COVERAGE_FLAGS.find(([re]) => re.test(` ${cmd} `));
      if (hit)
        add(
          hit[1],
          path,
          lineOf(repo, path, new RegExp(`"${escapeRegExp(name)}"\\s*:`)),
          `${label} "${name}" measures coverage: ${cmd}`,
        );
    }
  };
  for (const f of repo.byName(/^composer\.json$/)) {
    if (f.isTest || /(^|\/)vendor(-bin)?\//.test(f.path)) continue;
    const scripts = (repo.json(f.path) as { scripts?: Record<string, unknown> } | undefined)?.scripts ?? {};
    coverageScripts(
      f.path,
      Object.entries(scripts).map(([name, script]) => [
        name,
        Array.isArray(script) ? script.join(' && ') : String(script),
      ]),
      'composer script',
    );
  }
  for (const f of repo.byName(/^deno\.jsonc?$/)) {
    const tasks = (repo.json(f.path) as { tasks?: Record<string, unknown> } | undefined)?.tasks ?? {};
    coverageScripts(
      f.path,
      Object.entries(tasks).map(([name, task]) => [
        name,
        typeof task === 'string' ? task : String((task as { command?: unknown })?.command ?? ''),
      ]),
      'task',
    );
  }
  // Build files of every module (multi-module Maven/Gradle builds configure JaCoCo or Kover in a sub-project or buildSrc).
  const buildFiles = [
    ...repo.byName(/^(pom\.xml|build\.gradle(\.kts)?|[\w.-]+\.gradle(\.kts)?|build\.sbt)$/).map((f) => f.path),
    'Gemfile',
    'spec/spec_helper.rb',
    'spec/rails_helper.rb',
    'test/test_helper.rb',
    'Cargo.toml',
    // PHPUnit's <coverage> section, mix.exs test_coverage (ExCoveralls).
    ...repo.byName(/^(phpunit\.xml(\.dist)?|mix\.exs)$/).map((f) => f.path),
  ];
  // The Ruby test helpers are test files, and the very place SimpleCov is started: they count.
  const helpers = new Set(['spec/spec_helper.rb', 'spec/rails_helper.rb', 'test/test_helper.rb']);
  for (const p of buildFiles) {
    if (!repo.has(p) || (repo.get(p)?.isTest && !helpers.has(p))) continue;
    // A Maven plugin only managed (<pluginManagement>) or only in a profile does not run in a plain build.
    const lines = /(^|\/)pom\.xml$/.test(p) ? activePomLines(repo, p) : repo.lines(p);
    const hit = COVERAGE_FLAGS.find(([re]) => lines.some((l) => re.test(l) && !/^\s*(#|\/\/|<!--)/.test(l)));
    if (!hit) continue;
    const line = lines.findIndex((l) => hit[0].test(l) && !/^\s*(#|\/\/|<!--)/.test(l)) + 1;
    const onlyGem = p === 'Gemfile';
    add(
      hit[1],
      p,
      line,
      onlyGem ? 'simplecov is a dependency (started from the test helper?)' : `${hit[1]} is configured in ${p}`,
      onlyGem ? 'low' : 'high',
    );
  }
  // sbt: settings kept in an object under project/ (`object CodeCoverageSettings { … ScoverageKeys.… }`) are applied
  // where build.sbt names the object; the sbt-scoverage plugin alone in project/plugins.sbt measures only when a
  // build runs `sbt coverage test` (low).
  for (const build of repo.byName(/^build\.sbt$/)) {
    if (build.isTest || out.some((s) => s.path === build.path)) continue;
    const dir = build.path.includes('/') ? build.path.slice(0, build.path.lastIndexOf('/') + 1) : '';
    const buildText = repo.read(build.path) ?? '';
    let found = false;
    for (const f of repo.glob(`${dir}project/*.scala`)) {
      const line = lineOf(
        repo,
        f.path,
        /\bScoverageKeys\.coverage\w+\s*:=|^\s*coverage(?:MinimumStmtTotal|FailOnMinimum|ExcludedPackages)\s*:=/,
      );
      if (!line) continue;
      const objects = [...(repo.read(f.path) ?? '').matchAll(/^\s*object\s+(\w+)/gm)].map((m) => m[1]!);
      const applied = objects.find((o) => new RegExp(`\\b${o}\\b`).test(buildText));
      if (!applied) continue;
      add('scoverage', f.path, line, `scoverage settings in ${f.path}, applied in ${build.path} (${applied})`);
      found = true;
      break;
    }
    const plugins = `${dir}project/plugins.sbt`;
    const plugin =
      !found && repo.has(plugins) ? lineOf(repo, plugins, /^\s*addSbtPlugin\([^)]*sbt-scoverage/) : undefined;
    if (plugin)
      add(
        'scoverage',
        plugins,
        plugin,
        'the sbt-scoverage plugin is added: coverage is measured when a build runs `sbt coverage test`',
        'low',
      );
  }
  // mix.exs: an alias that runs `test --cover` measures coverage on every `mix test`; a `test_coverage:` option
  // (ignore_modules, summary threshold) configures `mix test --cover`, which may be run by hand only (low).
  for (const f of repo.byName(/^mix\.exs$/)) {
    if (f.isTest || out.some((s) => s.path === f.path)) continue;
    const alias = lineOf(repo, f.path, /["']test\s[^"'\n]*--cover\b/);
    const option = lineOf(repo, f.path, /^\s*test_coverage:\s*\[/);
    if (alias) add('mix test --cover', f.path, alias, 'a mix alias runs the tests with --cover');
    else if (option)
      add(
        'mix test --cover',
        f.path,
        option,
        'test_coverage: configures `mix test --cover` (thresholds, ignored modules)',
        'low',
      );
  }
  // Nx test targets: `"codeCoverage": true` in the options of a jest/vitest executor.
  for (const f of repo.byName(/^(project|nx)\.json$/)) {
    const line = lineOf(repo, f.path, /"codeCoverage"\s*:\s*true/);
    if (line) add('Nx test executor codeCoverage', f.path, line, 'the Nx test target collects coverage (codeCoverage)');
  }
  for (const f of repo.glob('**/*.csproj')) {
    const line = lineOf(repo, f.path, /coverlet\./i);
    if (!line) continue;
    // coverlet.collector comes with the xUnit/NUnit/MSTest project templates and collects nothing unless dotnet test
    // runs with --collect:"XPlat Code Coverage"; coverlet.msbuild collects when CollectCoverage is true.
    const on = lineOf(repo, f.path, /<CollectCoverage>\s*true\s*</i);
    if (on) add('coverlet', f.path, on, 'coverlet collects coverage for dotnet test (CollectCoverage)');
    else add('coverlet', f.path, line, 'coverlet is referenced, but dotnet test collects only when asked', 'low');
  }
  for (const f of repo.byName(/^(GNU)?[Mm]akefile$|^(noxfile\.py|tox\.ini|justfile|Taskfile\.ya?ml)$/)) {
    const hit = COVERAGE_FLAGS.find(([re]) => repo.lines(f.path).some((l) => re.test(l) && !/^\s*#/.test(l)));
    if (hit) add(hit[1], f.path, lineOf(repo, f.path, hit[0]), `${f.path} runs tests with coverage`);
  }
  // Task runners a CI step calls (`task go:coverage`, `make cover`, `just test-cov`) are read in the whole repository:
  // a component's view leaves out the root Taskfile or Makefile that runs its tests.
  const whole = repo instanceof RepoView ? repo.parent : repo;
  const resolver = new CommandResolver(whole);
  const through = (text: string, depth = 0): string => {
    if (depth > 2) return '';
    const bodies: string[] = [];
    for (const m of text.matchAll(/(?:^|[\s;&|(])(task|make|just)\s+((?:-\S+\s+)*)([\w:.-]+)/gm)) {
      const body =
        m[1] === 'make' ? resolver.makeTarget(m[3]!).recipe : resolver.taskBody(m[1]!, m[3]!.replace(/^--?\S+\s*/, ''));
      if (body) bodies.push(body, through(body, depth + 1));
    }
    // A shell script of the repository the step runs (`./test.sh Linux Unit Coverage`, `bash scripts/cover.sh`, after
    // one-command variables), in command position: not an argument of another command (`cp test.sh out/`).
    for (const m of text.matchAll(
      /(?:^|[;&|(])\s*(?:[A-Za-z_]\w*=\S*\s+)*(?:(?:ba)?sh\s+)?(?:\.\/)?((?:[\w.-]+\/)*[\w.-]+\.sh)(?=\s|$|;)/gm,
    )) {
      const body = whole.read(path.posix.normalize(m[1]!));
      if (body) bodies.push(body, through(body, depth + 1));
    }
    return bodies.join('\n');
  };
  // A step that works in a folder outside this component (`working-directory: api/`, seen from the front end) measures
  // another component's tests.
  const elsewhere = (workdir: string | undefined): boolean => {
    if (!workdir || workdir.includes('$')) return false;
    const dir = repo.fromRepo(path.posix.normalize(workdir.replace(/^\.\//, '')).replace(/\/+$/, '') || '.');
    return dir === '..' || dir.startsWith('../');
  };
  for (const s of ci.steps) {
    if (s.state === 'disabled' || elsewhere(s.workdir)) continue;
    const text = s.run ?? s.uses ?? '';
    const hit = COVERAGE_FLAGS.find(([re]) => re.test(` ${text} `));
    // The command that measures (`coverage run …` after `coverage erase`), not the block's first line.
    const lines = text.trim().split('\n');
    const hits = hit ? lines.filter((l) => hit[0].test(` ${l} `)) : [];
    const cmd = hits.find((l) => !/\bcoverage3?\s+(?:erase|combine)\b/.test(l)) ?? hits[0] ?? lines[0];
    if (hit) add(hit[1], s.path, s.line, `CI ${s.run ? `runs \`${cmd}\`` : `uses ${text}`}`);
    else if (s.run) {
      const via = through(s.run);
      const hit2 = via && COVERAGE_FLAGS.find(([re]) => via.split('\n').some((l) => re.test(` ${l} `)));
      // The recipe measures this component's tests only when the component is written in the language it tests.
      const ownLanguage: Record<string, RegExp> = {
        'go test -cover': /^go\.mod$/,
        'coverage.py': /^(pyproject\.toml|setup\.py|requirements[\w.-]*\.txt)$/,
        'jest/vitest --coverage': /^package\.json$/,
        'nyc/c8': /^package\.json$/,
      };
      if (hit2 && (!ownLanguage[hit2[1]] || repo.byName(ownLanguage[hit2[1]]!).length)) {
        // The command line that leads to the recipe (one of several, a matrix expanded into one line each).
        const lines = s.run.trim().split('\n');
        const cmd =
          lines.find((l) =>
            through(l)
              .split('\n')
              .some((x) => hit2[0].test(` ${x} `)),
          ) ?? lines[0];
        add(hit2[1], s.path, s.line, `CI runs \`${cmd}\`, whose recipe measures coverage`);
      }
    }
  }
  for (const dep of [
    'pytest-cov',
    'coverage',
    '@vitest/coverage-v8',
    '@vitest/coverage-istanbul',
    'nyc',
    'c8',
    'simplecov',
  ]) {
    const d = manifests.dependencies.find((x) => x.name === dep);
    if (d && !out.length)
      add(dep, d.manifest, d.line, `${dep} is a dependency, but nothing was seen turning it on`, 'low');
  }
  return out;
}

const REPORT_NAMES =
  /^(lcov\.info|.*\.lcov|coverage\.xml|cobertura(-coverage)?\.xml|clover\.xml|jacoco(TestReport)?\.xml|coverage-summary\.json|coverage\.out|cover\.out|c\.out|.*\.coverprofile|coverage\.txt)$/i;

const round1 = (n: number): number => Math.round(n * 10) / 10;

export function parseCoverageReport(p: string, text: string): CoverageReport | undefined {
  const base = path.posix.basename(p).toLowerCase();
  const mk = (format: CoverageReport['format'], covered: number, total: number): CoverageReport | undefined =>
    total > 0 ? { format, path: p, covered, total, percent: round1((covered / total) * 100) } : undefined;
  if (base.endsWith('.info') || base.endsWith('.lcov')) {
    let lf = 0;
    let lh = 0;
    for (const m of text.matchAll(/^LF:(\d+)/gm)) lf += Number(m[1]);
    for (const m of text.matchAll(/^LH:(\d+)/gm)) lh += Number(m[1]);
    return mk('lcov', lh, lf);
  }
  if (base.endsWith('.json')) {
    try {
      const j = JSON.parse(text) as { total?: { lines?: { total?: number; covered?: number } } };
      const l = j.total?.lines;
      return l && typeof l.total === 'number' && typeof l.covered === 'number'
        ? mk('istanbul-summary', l.covered, l.total)
        : undefined;
    } catch {
      return undefined;
    }
  }
  if (/^mode:\s*(set|count|atomic)\s*$/m.test(text.split('\n')[0] ?? '')) {
    let total = 0;
    let covered = 0;
    for (const m of text.matchAll(/^\S+:\d+\.\d+,\d+\.\d+\s+(\d+)\s+(\d+)\s*$/gm)) {
      total += Number(m[1]);
      if (Number(m[2]) > 0) covered += Number(m[1]);
    }
    return mk('go-coverprofile', covered, total);
  }
  if (base.endsWith('.xml')) {
    const doc = parseXmlWithAttributes(text);
    if (doc === undefined) return undefined;
    if (doc?.report) {
      const counters = ([] as any[]).concat(doc.report.counter ?? []);
      const line =
        counters.find((c) => c?.['@type'] === 'LINE') ?? counters.find((c) => c?.['@type'] === 'INSTRUCTION');
      if (line) {
        const missed = Number(line['@missed']);
        const cov = Number(line['@covered']);
        return mk('jacoco', cov, cov + missed);
      }
      return undefined;
    }
    const c = doc?.coverage;
    if (c?.project?.metrics) {
      const m = c.project.metrics;
      return mk(
        'clover',
        Number(m['@coveredstatements'] ?? m['@coveredelements']),
        Number(m['@statements'] ?? m['@elements']),
      );
    }
    if (c && c['@lines-valid'] !== undefined)
      return mk('cobertura', Number(c['@lines-covered']), Number(c['@lines-valid']));
    if (c && c['@line-rate'] !== undefined) {
      const rate = Number(c['@line-rate']);
      return Number.isFinite(rate)
        ? { format: 'cobertura', path: p, covered: rate, total: 1, percent: round1(rate * 100) }
        : undefined;
    }
  }
  return undefined;
}

export function detectCoverage(repo: RepoIndex, manifests: ManifestFacts, ci: CiFacts): TestFacts['coverage'] {
  const reports: CoverageReport[] = [];
  for (const f of repo.byName(REPORT_NAMES)) {
    const text = repo.read(f.path);
    if (text === undefined) continue;
    const r = parseCoverageReport(f.path, text);
    if (r) reports.push(r);
  }
  return { signals: coverageSignals(repo, manifests, ci), reports };
}

export function detectTests(repo: RepoIndex, manifests: ManifestFacts, ci: CiFacts): TestFacts {
  return { ...detectTestSuites(repo, manifests), coverage: detectCoverage(repo, manifests, ci) };
}

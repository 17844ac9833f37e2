import { defineRule } from '../../src/sdk/index.js';

export default defineRule({
  meta: {
    id: 'test.suite',
    category: 'testing',
    title: 'The project has an automated test suite',
    severity: 'high',
    level: 1,
    scope: 'component',
    docs: {
      why: 'Automated tests are what lets a team change production code without fear; without them every deploy is a manual gamble.',
      how: 'Counts real test functions per language and framework: pytest/unittest (`def test_*`, TestCase), jest/vitest/mocha/node:test (`it(`/`test(`), Go (`func Test*` in _test.go), JUnit/TestNG/Kotest under src/test, RSpec/minitest, Rust `#[test]` (and the test attributes of runtimes and helper crates: `#[tokio::test]`, `#[sqlx::test]`, `#[rstest]`, `#[test_case(…)]`), PHPUnit, xUnit/NUnit, ExUnit, and API tests kept as a Postman collection whose requests assert on the responses (`pm.test`, `pm.expect`; run by Newman). A collection without assertions is example requests. A test folder with only `__init__.py` or helpers is not a suite.',
      fix: [
        'Add a test folder with tests for the main code paths using the standard runner of your stack.',
        'Python: pytest with tests/test_*.py (FastAPI TestClient, Django TestCase).',
        'Node: vitest or jest with *.test.ts files (supertest for the HTTP routes).',
        'Go: *_test.go files run by `go test ./...` (httptest for handlers).',
        'Java/Kotlin: JUnit 5 under src/test (Spring Boot @WebMvcTest / @SpringBootTest).',
        'Ruby: RSpec (spec/) or Minitest (test/); Rails request specs for the API.',
        'Rust: #[test] functions and tests/ integration tests run by `cargo test`.',
        '.NET: an xUnit test project with WebApplicationFactory for the API.',
        'PHP: PHPUnit or Pest feature tests (Laravel `php artisan test`).',
        'Elixir: ExUnit with ConnCase tests (`mix test`).',
        'Start with the API entry points and the business logic most likely to break.',
      ],
      effort: 'M',
    },
    messages: {
      found: '{{count}} test(s) in {{files}} file(s): {{frameworks}}.',
      few: 'Only {{count}} test in {{files}} file ({{frameworks}}): a smoke test, not a suite.',
      empty: 'Test files or folders exist ({{where}}) but contain no test functions.',
      missing: 'No automated tests were found.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: [
      'test suite',
      'unit tests',
      'integration tests',
      'automated tests',
      'end-to-end tests',
      'e2e tests',
      'comprehensive testing',
      'tests passing',
      'pytest',
      'jest',
      'vitest',
    ],
  },
  check(ctx) {
    const { suites, emptyTestFiles, testDirs } = ctx.facts.tests;
    if (suites.length) {
      const count = suites.reduce((n, s) => n + s.tests, 0);
      const files = suites.reduce((n, s) => n + s.files.length, 0);
      const frameworks = suites.map((s) => `${s.framework} (${s.tests})`).join(', ');
      const ev = suites
        .slice(0, 5)
        .map((s) =>
          ctx.at(s.first.path, s.first.line, `${s.framework}: ${s.tests} test(s) in ${s.files.length} file(s)`),
        );
      if (count < 2) return ctx.pass(ev, { messageId: 'few', data: { count, files, frameworks }, confidence: 'low' });
      return ctx.pass(ev, { messageId: 'found', data: { count, files, frameworks } });
    }
    const searched = [
      'test_*.py',
      '*_test.py',
      '*.test.ts',
      '*.spec.js',
      '*_test.go',
      'src/test/**/*.java',
      '*_spec.rb',
      '*_test.rb',
      '#[test]',
    ];
    if (emptyTestFiles.length || testDirs.length) {
      const where = [...emptyTestFiles, ...testDirs].slice(0, 5);
      return ctx.gap(
        'empty',
        [
          ...emptyTestFiles.slice(0, 5).map((p) => ctx.at(p, 1, 'test file without any test function')),
          ...(emptyTestFiles.length
            ? []
            : testDirs
                .slice(0, 3)
                .map((d) =>
                  ctx.at(
                    ctx.repo.files.find((f) => f.path.startsWith(`${d}/`))!.path,
                    1,
                    `${d}/ holds no test functions`,
                  ),
                )),
          ctx.missing(searched, 'no test function (def test_, it(), func Test, @Test, …) in any test file'),
        ],
        { data: { where: where.join(', ') } },
      );
    }
    return ctx.gap('missing', [ctx.missing(searched, 'no test files in the repository')]);
  },
});

import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { parseCoverageReport } from '../../src/facts/tests.js';
import { RepoIndex } from '../../src/repo/index.js';
import { runRules } from '../../src/engine/run.js';
import { ruleById } from '../helpers.js';

const tests = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files)).tests;

describe('test suites', () => {
  it('counts the requests of Hurl files that expect a response; a file of bare requests is neither a suite nor empty', () => {
    const t = tests({
      'go.mod': 'module example.com/x\n',
      'e2e/login.hurl':
        '# wrong password\nPOST {{host}}/login\n{ "user": "a", "password": "b" }\nHTTP 401\n\nGET {{host}}/me\nHTTP/1.1 200\n[Asserts]\njsonpath "$.name" == "a"\n',
      'docs/examples.hurl': 'GET {{host}}/me\n',
    });
    expect(t.suites.map((s) => `${s.framework}:${s.tests}:${s.first.path}:${s.first.line}`)).toEqual([
      'Hurl:2:e2e/login.hurl:4',
    ]);
    expect(t.emptyTestFiles).not.toContain('docs/examples.hurl');
  });

  it('a route folder of a file-system router named test or spec is a URL segment, not a test folder', () => {
    const t = tests({
      'package.json': '{"dependencies":{"next":"15.0.0"}}',
      'app/api/webhooks/test/route.ts': 'export async function POST() {\n  return Response.json({ sent: true });\n}\n',
      'src/app/(admin)/spec/page.tsx': 'export default function Page() {\n  return null;\n}\n',
      'web/src/routes/test/+server.ts': 'export function GET() {\n  return new Response("ok");\n}\n',
      'app/api/webhooks/test/route.test.ts': "import { it } from 'vitest';\nit('sends', () => {});\n",
      'test/app/api/ping/route.ts': 'export function GET() {\n  return new Response("pong");\n}\n',
    });
    expect(t.emptyTestFiles).toEqual(['test/app/api/ping/route.ts']);
    // Only a test file kept in a route folder (route.test.ts) makes that folder one that holds tests.
    expect(t.testDirs).toEqual(['app/api/webhooks/test', 'test']);
    expect(t.suites.map((s) => s.files)).toEqual([['app/api/webhooks/test/route.test.ts']]);
  });

  it('counts real test functions per framework', () => {
    const t = tests({
      'tests/test_a.py': 'import pytest\n\ndef test_one():\n    assert 1\n\nasync def test_two():\n    assert 2\n',
      'pkg/x_test.go': 'package pkg\n\nimport "testing"\n\nfunc TestX(t *testing.T) {}\n',
      'src/a.test.ts': "import { it } from 'vitest';\nit('works', () => {});\n",
      'src/test/java/AppTest.java': 'import org.junit.jupiter.api.Test;\nclass AppTest {\n  @Test void a() {}\n}\n',
      'spec/a_spec.rb': "describe 'a' do\n  it 'b' do\n  end\nend\n",
    });
    expect(t.suites.map((s) => `${s.framework}:${s.tests}`).sort()).toEqual([
      'JUnit 5:1',
      'RSpec:1',
      'go test:1',
      'pytest:2',
      'vitest:1',
    ]);
    expect(t.suites.find((s) => s.framework === 'pytest')!.first).toEqual({ path: 'tests/test_a.py', line: 3 });
  });

  it('counts Rust tests written with the test attributes of helper crates, not #[cfg(test)] or other attributes', () => {
    const t = tests({
      'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\n',
      'src/store.rs': [
        'pub fn put() {}',
        '',
        '#[cfg(test)]',
        'mod tests {',
        '    #[sqlx::test]',
        '    async fn inserts(pool: PgPool) {}',
        '    #[db_fixture::test(pool(variable = "db"))]',
        '    async fn reads_back() {}',
        '    #[actix_web::test]',
        '    async fn serves() {}',
        '    #[rstest]',
        '    fn parses() {}',
        '    #[test_case(1 ; "one")]',
        '    #[test_case(2 ; "two")]',
        '    fn doubles(n: u8) {}',
        '    #[serial_test::serial]',
        '    #[derive(Debug)]',
        '    struct Row;',
        '}',
        '',
      ].join('\n'),
    });
    expect(t.suites.map((s) => `${s.framework}:${s.tests}:${s.first.path}:${s.first.line}`)).toEqual([
      'cargo test:6:src/store.rs:5',
    ]);
  });

  it('JVM package folders named like test data (samples, data) still hold tests', () => {
    const junit = 'import org.junit.jupiter.api.Test;\nclass ATests {\n  @Test void a() {}\n}\n';
    const t = tests({
      'src/test/java/org/acme/samples/shop/ATests.java': junit,
      'core/src/test/kotlin/com/acme/data/BTests.java': junit,
      'src/test/resources/data/Fixture.java': junit,
    });
    expect(t.suites.map((s) => `${s.framework}:${s.tests}`)).toEqual(['JUnit 5:2']);
  });

  it("PHPUnit's configured suffix and prefix decide which PHP files are tests", () => {
    const phpTest = (name: string) =>
      `<?php\nclass ${name} extends TestCase\n{\n    public function test_it_works(): void {}\n}\n`;
    const t = tests({
      'app/phpunit.xml.dist':
        '<phpunit>\n  <testsuites>\n    <testsuite name="Feature">\n      <directory suffix=".php">./tests/Feature</directory>\n' +
        '    </testsuite>\n    <testsuite name="Unit">\n      <directory prefix="Check" suffix=".php">tests/Unit/</directory>\n' +
        '      <file>tests/Smoke.php</file>\n    </testsuite>\n  </testsuites>\n</phpunit>\n',
      'app/tests/TestCase.php': '<?php\nabstract class TestCase {}\n',
      'app/tests/Feature/TestOrders.php': phpTest('TestOrders'),
      'app/tests/Unit/CheckTotals.php': phpTest('CheckTotals'),
      'app/tests/Unit/TotalsHelper.php': phpTest('TotalsHelper'),
      'app/tests/Smoke.php': phpTest('Smoke'),
      'other/tests/Feature/TestIgnored.php': phpTest('TestIgnored'),
    });
    expect(t.suites.map((s) => `${s.framework}:${s.tests}`)).toEqual(['PHPUnit:3']);
    expect(t.suites[0]!.files.sort()).toEqual([
      'app/tests/Feature/TestOrders.php',
      'app/tests/Smoke.php',
      'app/tests/Unit/CheckTotals.php',
    ]);
    // The suite's helpers (TestCase.php) are no empty test files.
    expect(t.emptyTestFiles).toEqual([]);
  });

  it('without a PHPUnit configuration only *Test.php files are tests', () => {
    const t = tests({
      'tests/Feature/TestOrders.php': '<?php\nclass TestOrders {\n    public function test_a(): void {}\n}\n',
      'tests/Feature/OrdersTest.php': '<?php\nclass OrdersTest {\n    public function test_a(): void {}\n}\n',
    });
    expect(t.suites.map((s) => s.files)).toEqual([['tests/Feature/OrdersTest.php']]);
  });

  it('an empty tests/ package is not a suite', () => {
    const t = tests({ 'app.py': 'x = 1\n', 'tests/__init__.py': '', 'tests/conftest.py': 'import pytest\n' });
    expect(t.suites).toEqual([]);
    expect(t.testDirs).toEqual(['tests']);
    expect(t.emptyTestFiles).toEqual([]);
  });

  it('a test file with no test function is reported as empty', () => {
    expect(tests({ 'tests/test_a.py': 'from app import x\n' }).emptyTestFiles).toEqual(['tests/test_a.py']);
  });

  it('Django app tests.py and Cypress specs count', () => {
    expect(
      tests({
        'orders/tests.py':
          'from django.test import TestCase\n\nclass OrderTests(TestCase):\n    def test_list(self):\n        pass\n',
      }).suites[0],
    ).toMatchObject({ framework: 'unittest', tests: 1 });
    expect(
      tests({ 'cypress/e2e/login.cy.ts': "describe('login', () => {\n  it('works', () => {});\n});\n" }).suites[0]!
        .files,
    ).toEqual(['cypress/e2e/login.cy.ts']);
  });

  it('unittest TestCase classes count', () => {
    expect(
      tests({ 'tests/test_a.py': 'import unittest\n\nclass T(unittest.TestCase):\n    pass\n' }).suites[0]!.framework,
    ).toBe('unittest');
  });
});

describe('coverage signals', () => {
  it('pyproject coverage config and pytest addopts', () => {
    const t = tests({
      'pyproject.toml': '[tool.pytest.ini_options]\naddopts = "--cov=app"\n[tool.coverage.run]\nbranch = true\n',
    });
    expect(t.coverage.signals.map((s) => [s.tool, s.line])).toEqual([
      ['coverage.py', 3],
      ['pytest-cov', 2],
    ]);
  });

  it('CI flags, package.json scripts and Makefiles', () => {
    const t = tests({
      '.github/workflows/ci.yml': 'on: push\njobs:\n  a:\n    steps:\n      - run: go test -coverprofile=c.out ./...\n',
      'package.json': '{"scripts":{"test:cov":"vitest run --coverage"}}',
      Makefile: 'cov:\n\tcoverage run -m pytest\n',
    });
    expect(t.coverage.signals.map((s) => s.tool).sort()).toEqual([
      'coverage.py',
      'go test -cover',
      'jest/vitest --coverage',
    ]);
  });

  it('names the runner that measures coverage: bun and deno are not jest/vitest', () => {
    expect(tests({ 'package.json': '{"scripts":{"test":"bun test --coverage"}}' }).coverage.signals[0]!.tool).toBe(
      'bun test --coverage',
    );
    const ci = 'on: push\njobs:\n  a:\n    steps:\n      - run: deno test --coverage=cov\n';
    expect(tests({ '.github/workflows/ci.yml': ci }).coverage.signals.map((s) => s.tool)).toEqual([
      'deno test --coverage',
    ]);
  });

  it('multi-line addopts in setup.cfg and coverlet in a csproj', () => {
    expect(tests({ 'setup.cfg': '[tool:pytest]\naddopts =\n    -q\n    --cov=app\n' }).coverage.signals).toMatchObject([
      { tool: 'pytest-cov', line: 4 },
    ]);
    expect(
      tests({
        'tests/Api.Tests/Api.Tests.csproj':
          '<Project>\n  <ItemGroup>\n    <PackageReference Include="coverlet.collector" Version="6.0.2" />\n  </ItemGroup>\n</Project>\n',
      }).coverage.signals,
    ).toMatchObject([{ tool: 'coverlet', line: 3 }]);
  });

  it('a dependency alone is a low-confidence signal', () => {
    const t = tests({ 'requirements-dev.txt': 'pytest-cov==6.0.0\n' });
    expect(t.coverage.signals).toMatchObject([{ tool: 'pytest-cov', confidence: 'low' }]);
  });
});

describe('coverage reports', () => {
  it('lcov', () => {
    expect(
      parseCoverageReport('lcov.info', 'SF:a\nLF:10\nLH:7\nend_of_record\nSF:b\nLF:10\nLH:9\nend_of_record\n'),
    ).toMatchObject({ format: 'lcov', percent: 80 });
  });
  it('cobertura with line counts and with a rate only', () => {
    expect(
      parseCoverageReport(
        'coverage.xml',
        '<coverage lines-valid="200" lines-covered="150" line-rate="0.75"></coverage>',
      ),
    ).toMatchObject({ format: 'cobertura', percent: 75 });
    expect(parseCoverageReport('coverage.xml', '<coverage line-rate="0.333"></coverage>')).toMatchObject({
      percent: 33.3,
    });
  });
  it('jacoco and clover', () => {
    expect(
      parseCoverageReport(
        'jacoco.xml',
        '<report name="x"><counter type="INSTRUCTION" missed="1" covered="1"/><counter type="LINE" missed="10" covered="30"/></report>',
      ),
    ).toMatchObject({ format: 'jacoco', percent: 75 });
    expect(
      parseCoverageReport(
        'clover.xml',
        '<coverage><project><metrics statements="50" coveredstatements="45"/></project></coverage>',
      ),
    ).toMatchObject({ format: 'clover', percent: 90 });
  });
  it('istanbul summary and go cover profile', () => {
    expect(
      parseCoverageReport('coverage-summary.json', '{"total":{"lines":{"total":40,"covered":10,"pct":25}}}'),
    ).toMatchObject({ percent: 25 });
    expect(parseCoverageReport('coverage.out', 'mode: set\nx/a.go:3.2,5.3 2 1\nx/a.go:7.2,9.3 2 0\n')).toMatchObject({
      format: 'go-coverprofile',
      percent: 50,
    });
  });
  it('reports are found in the tree and unreadable ones are ignored', () => {
    const t = tests({ 'lcov.info': 'LF:4\nLH:1\n', 'coverage.xml': '<nope' });
    expect(t.coverage.reports).toMatchObject([{ path: 'lcov.info', percent: 25 }]);
  });
});

describe('test.coverage minimum option', () => {
  const repo = () =>
    RepoIndex.fromMemory({
      'lcov.info': 'LF:100\nLH:72\n',
      'package.json': '{"scripts":{"test":"vitest run --coverage"}}',
    });
  it('defaults to 60% and reports the measured percentage', () => {
    const [f] = runRules({ repo: repo(), rules: [ruleById('test.coverage')] }).findings;
    expect(f).toMatchObject({ status: 'pass', messageId: 'report' });
    expect(f!.message).toContain('72%');
  });
  it('a higher configured minimum turns it into a gap', () => {
    const [f] = runRules({
      repo: repo(),
      rules: [ruleById('test.coverage')],
      settings: { 'test.coverage': { options: { minimum: 80 } } },
    }).findings;
    expect(f).toMatchObject({ status: 'gap', messageId: 'belowMinimum' });
    expect(f!.message).toContain('below the 80% minimum');
  });
});

describe('App Router segments named like test folders', () => {
  it('takes a route folder named `test` under app/ for a URL segment, not a test folder', () => {
    const files = {
      'package.json': '{"dependencies":{"next":"15.0.0"}}\n',
      'app/api/hooks/test/route.ts': 'export async function POST() {\n  return Response.json({ ok: true });\n}\n',
      'app/api/hooks/test/helpers.ts': 'export const sample = { event: "ping" };\n',
      'app/api/hooks/test/route.test.ts': "import { it } from 'vitest';\nit('answers', () => {});\n",
      'app/(admin)/e2e/page.tsx': 'export default function Page() {\n  return null;\n}\n',
      'tests/app/test/page.tsx': 'export default function Page() {\n  return null;\n}\n',
    };
    const repo = RepoIndex.fromMemory(files);
    expect(repo.get('app/api/hooks/test/route.ts')?.isTest).toBe(false);
    expect(repo.get('app/api/hooks/test/route.ts')?.kind).toBe('source');
    expect(repo.get('app/api/hooks/test/helpers.ts')?.isTest).toBe(false);
    expect(repo.get('app/(admin)/e2e/page.tsx')?.isTest).toBe(false);
    // A test file beside the route stays one, and so does a page under a test folder before app/.
    expect(repo.get('app/api/hooks/test/route.test.ts')?.isTest).toBe(true);
    expect(repo.get('tests/app/test/page.tsx')?.isTest).toBe(true);
    const { 'app/api/hooks/test/route.test.ts': _, ...untested } = files;
    const t = tests(untested);
    expect(t.testDirs).not.toContain('app/api/hooks/test');
    expect(t.emptyTestFiles).not.toContain('app/api/hooks/test/route.ts');
  });

  it('keeps a test folder under app/ that holds no route or page', () => {
    const repo = RepoIndex.fromMemory({
      'app/page.tsx': 'export default function Page() {\n  return null;\n}\n',
      'app/test/render.test.tsx': "import { it } from 'vitest';\nit('renders', () => {});\n",
      'app/test/setup.ts': 'export {};\n',
    });
    expect(repo.get('app/test/setup.ts')?.isTest).toBe(true);
  });
});

describe('facts: coverage measured by a CI step working in a component folder', () => {
  it('counts a step working in api/ for the api component, not for the front end beside it', () => {
    const facts = new Facts(
      RepoIndex.fromMemory({
        'api/pyproject.toml': '[project]\nname = "api"\ndependencies = ["fastapi", "uvicorn"]\n',
        'api/app/__init__.py': '',
        'api/app/main.py':
          'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/items")\ndef items():\n    return []\n',
        'api/tests/test_main.py': 'def test_items():\n    assert True\n',
        'api/Dockerfile': 'FROM python:3.12-slim\nCOPY . .\nCMD ["uvicorn", "app.main:app"]\n',
        'web/package.json': '{"name": "web", "scripts": {"start": "next start"}, "dependencies": {"next": "15.0.0"}}',
        'web/app/page.tsx': 'export default function Page() { return null; }\n',
        'web/Dockerfile': 'FROM node:22-alpine\nCOPY . .\nCMD ["npm", "start"]\n',
        '.github/workflows/ci.yml':
          'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - working-directory: ./api/\n        run: |\n          coverage3 erase\n          coverage3 run -m pytest\n',
      }),
    );
    const of = (dir: string) => facts.forComponent(facts.components.list.find((c) => c.path === dir)!);
    expect(of('api').tests.coverage.signals.map((s) => [s.tool, s.note])).toEqual([
      ['coverage.py', 'CI runs `coverage3 run -m pytest`'],
    ]);
    expect(of('web').tests.coverage.signals).toEqual([]);
  });
});

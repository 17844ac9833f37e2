import { defineRule, z } from '../../src/sdk/index.js';

export default defineRule({
  meta: {
    id: 'test.coverage',
    category: 'testing',
    title: 'Test coverage is measured',
    severity: 'high',
    level: 2,
    scope: 'component',
    docs: {
      why: 'Without coverage numbers nobody knows which code the tests never execute; untested paths are where production incidents hide.',
      how: 'Looks for coverage configuration and flags (coverage.py config, `--cov`, pytest-cov addopts, jest collectCoverage / `--coverage`, vitest coverage, nyc/c8, `go test -cover`/`-coverprofile` (also after the `--` of gotestsum), JaCoCo (a Maven plugin only in <pluginManagement> or a profile does not run), Kover, SimpleCov, tarpaulin/llvm-cov, coverlet, Codecov/Coveralls uploads) in config files, scripts, Makefiles and CI. When a coverage report is in the tree (lcov.info, Cobertura coverage.xml, Clover, JaCoCo XML, coverage-summary.json, Go cover profile) its line coverage is read and compared with the `minimum` option (default 60%).',
      fix: [
        'Turn on coverage in the test runner and write a report CI can read.',
        'Python: `pytest --cov=app --cov-report=xml` (pytest-cov).',
        'Node: `vitest run --coverage` (or jest --coverage).',
        'Go: `go test -coverprofile=coverage.out ./...`.',
        'Java/Kotlin: the JaCoCo plugin (jacocoTestReport).',
        'Ruby: SimpleCov started at the top of spec_helper.rb / test_helper.rb.',
        'Rust: cargo llvm-cov (or cargo tarpaulin).',
        '.NET: coverlet (`dotnet test --collect:"XPlat Code Coverage"`).',
        'PHP: `phpunit --coverage-clover` (Xdebug or PCOV).',
        'Elixir: `mix test --cover` (or excoveralls).',
        'Run it in CI and enforce a floor (`--cov-fail-under`, coverageThreshold, jacoco check rule).',
      ],
      effort: 'S',
    },
    messages: {
      measured: 'Coverage is measured ({{tools}}).',
      report: 'Coverage is measured: {{percent}}% of lines in {{report}} (minimum {{minimum}}%).',
      belowMinimum: 'Coverage is {{percent}}% in {{report}}, below the {{minimum}}% minimum.',
      weak: 'A coverage tool is installed ({{tools}}) but nothing turns it on.',
      missing: 'Test coverage is not measured.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['code coverage', 'test coverage', 'coverage report', 'coverage threshold', 'codecov', 'coveralls'],
    options: z.strictObject({
      minimum: z
        .number()
        .min(0)
        .max(100)
        .default(60)
        .describe('Lowest line coverage (percent) a coverage report in the tree may show before it is a gap.'),
    }),
  },
  check(ctx) {
    // The engine hands over the options parsed by the schema above, its default included.
    const { minimum } = ctx.options as { minimum: number };
    const { signals, reports } = ctx.facts.tests.coverage;
    const sigEv = signals.slice(0, 4).map((s) => ctx.at(s.path, s.line, `${s.tool}: ${s.note}`));
    if (reports.length) {
      const worst = [...reports].sort((a, b) => a.percent - b.percent)[0]!;
      const data = { percent: worst.percent, report: worst.path, minimum };
      const ev = [
        ctx.at(worst.path, undefined, `${worst.format} report: ${worst.percent}% line coverage`, `${worst.percent}%`),
        ...sigEv,
      ];
      if (worst.percent < minimum) return ctx.gap('belowMinimum', ev, { data });
      return ctx.pass(ev, { messageId: 'report', data });
    }
    const strong = signals.filter((s) => s.confidence === 'high');
    const tools = (xs: typeof signals) => [...new Set(xs.map((s) => s.tool))].join(', ');
    if (strong.length) {
      return ctx.pass(
        strong.slice(0, 4).map((s) => ctx.at(s.path, s.line, `${s.tool}: ${s.note}`)),
        { messageId: 'measured', data: { tools: tools(strong) } },
      );
    }
    if (signals.length)
      return ctx.pass(sigEv, { messageId: 'weak', data: { tools: tools(signals) }, confidence: 'low' });
    return ctx.gap('missing', [
      ctx.missing(
        [
          '.coveragerc',
          '[tool.coverage]',
          '--cov',
          'collectCoverage',
          '--coverage',
          'nyc',
          'c8',
          '-coverprofile',
          'jacoco',
          'simplecov',
          'coverage reports',
        ],
        'no coverage configuration, flag or report',
      ),
    ]);
  },
});

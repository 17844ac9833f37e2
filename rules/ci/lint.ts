import { defineRule } from '../../src/sdk/index.js';
import { ciVerdict } from '../_lib/ci-verdict.js';

export default defineRule({
  meta: {
    id: 'ci.lint',
    category: 'ci',
    title: 'CI runs linters or type checks',
    severity: 'low',
    level: 2,
    scope: 'repository',
    requires: ['ci'],
    docs: {
      why: 'Linters and type checkers catch whole classes of bugs before review and keep a codebase consistent as more people change it.',
      how: 'Reads every CI step for a linter or type checker: ruff, flake8, pylint, mypy, pyright, black/isort --check, eslint, tsc --noEmit, biome, prettier --check, golangci-lint, go vet, staticcheck, checkstyle, spotbugs, SonarScanner analysis (`dotnet sonarscanner begin`, the SonarCloud/SonarQube scan actions, `mvn sonar:sonar`), ktlint, detekt, rubocop, pronto run (its runner gems), clippy, pre-commit, super-linter, MegaLinter; `npm run lint` and `make lint` are looked through, and so are build lifecycles: `mvn verify` runs the checkstyle, spotless, spring-javaformat, PMD or spotbugs goals bound to its phases, `gradle build`/`check` runs the check tasks of applied plugins (`gradle test` does not).',
      fix: [
        'Add a lint step (e.g. `ruff check .`, `npm run lint`, `golangci-lint run`) and a type check (`mypy`, `tsc --noEmit`) to CI.',
        'Or run `pre-commit run --all-files` in CI so local hooks and CI agree.',
      ],
      effort: 'S',
    },
    messages: {
      found: 'CI runs linting / type checks ({{tools}}).',
      limited: 'CI runs linting ({{tools}}), but not on every change: {{note}}.',
      manualOnly: 'CI never runs linting ({{tools}}) on its own: {{note}}.',
      disabled: 'The CI lint step ({{tools}}) is switched off: {{note}}.',
      missing: 'No CI step runs a linter or type checker.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: [
      'lint',
      'linter',
      'linting',
      'type check',
      'type checking',
      'mypy',
      'eslint',
      'ruff',
      'flake8',
      'static analysis',
    ],
  },
  check(ctx) {
    return ciVerdict(ctx, 'lint', [
      'ruff',
      'flake8',
      'pylint',
      'mypy',
      'eslint',
      'tsc --noEmit',
      'biome',
      'golangci-lint',
      'go vet',
      'checkstyle',
      'ktlint',
      'rubocop',
      'clippy',
      'pre-commit',
      'super-linter',
    ]);
  },
});

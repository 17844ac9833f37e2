import { defineRule } from '../../src/sdk/index.js';
import { ciVerdict } from '../_lib/ci-verdict.js';

export default defineRule({
  meta: {
    id: 'ci.tests',
    category: 'ci',
    title: 'CI runs the test suite on every change',
    severity: 'high',
    level: 1,
    scope: 'repository',
    requires: ['ci'],
    docs: {
      why: 'Tests only protect production when they run on every change; a suite nobody runs in CI rots and stops catching regressions.',
      how: 'Reads every CI step (commands, reusable actions, orbs, tasks, Jenkins sh steps) for a test runner (pytest, tox, npm/yarn/pnpm test, jest, vitest, go test, mvn test/verify, gradle test/build, rspec, rails test, cargo test, dotnet test, `dotnet run --project` of a test project named by its path or walked by a loop, …). `npm test`, `make test` and `invoke tests` are looked through to the package.json script, Makefile target or tasks.py task (a project’s own Django wrapper `<name>-server test` and `coverage run … test` are the Django test runner); a Docker build of a named stage (`docker build --target test`, a bake target or bake action, also over the rows of the bake matrix subaction) is looked through to that stage’s RUN commands, and so is a build of the whole image (`docker build .`, docker/build-push-action) through the final stage and the stages it copies from or builds on (low confidence: the tests are a side effect of the image build). Steps that run only by hand, with path filters, on unusual branches, with `if: false` or commented out are reported as such.',
      fix: [
        'Add a step that runs the test suite to the workflow that runs on push and pull_request.',
        'Python: `pytest`.',
        'Node: `npm test` (after `npm ci`).',
        'Go: `go test ./...`.',
        'Java/Kotlin: `mvn verify` or `./gradlew test`.',
        'Ruby: `bundle exec rspec` (or `bin/rails test`).',
        'Rust: `cargo test`.',
        '.NET: `dotnet test`.',
        'PHP: `vendor/bin/phpunit` (or `php artisan test`).',
        'Elixir: `mix test`.',
        'Make the job required for merging, and do not mark it allow_failure / continue-on-error.',
      ],
      effort: 'S',
    },
    messages: {
      found: 'CI runs the tests ({{tools}}).',
      limited: 'CI runs the tests ({{tools}}), but not on every change: {{note}}.',
      manualOnly: 'CI never runs the tests ({{tools}}) on its own: {{note}}.',
      disabled: 'The CI test step ({{tools}}) is switched off: {{note}}.',
      missing: 'No CI step runs the test suite.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['tests in ci', 'automated testing in ci', 'ci runs tests', 'tests run in ci', 'automated tests in ci'],
  },
  check(ctx) {
    return ciVerdict(ctx, 'tests', [
      'pytest',
      'tox',
      'npm test',
      'jest',
      'vitest',
      'go test',
      'mvn verify',
      'gradle test',
      'rspec',
      'rails test',
      'cargo test',
      'dotnet test',
      'make test',
    ]);
  },
});

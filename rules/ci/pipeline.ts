import { defineRule } from '../../src/sdk/index.js';

const SEARCHED = [
  '.github/workflows/*.yml',
  '.gitlab-ci.yml',
  '.circleci/config.yml',
  'Jenkinsfile',
  'azure-pipelines.yml',
  '.travis.yml',
  'bitbucket-pipelines.yml',
  '.drone.yml',
  '.buildkite/*.yml',
  '.woodpecker.yml',
  '.semaphore/semaphore.yml',
  'buildspec.yml',
];

export default defineRule({
  meta: {
    id: 'ci.pipeline',
    category: 'ci',
    title: 'A CI pipeline builds and checks every change',
    severity: 'high',
    level: 1,
    scope: 'repository',
    docs: {
      why: 'Without continuous integration nothing checks a change before it ships: broken builds and failing tests reach production unnoticed.',
      how: 'Looks for the configuration of a hosted CI system (GitHub Actions, GitLab CI, CircleCI, Jenkins, Azure Pipelines, Travis, Bitbucket, Drone, Buildkite, Woodpecker, Semaphore, AWS CodeBuild) and that it parses and has steps.',
      fix: [
        'Add a workflow (e.g. .github/workflows/ci.yml) that runs on push and pull_request.',
        'Have it install dependencies, build, lint and run the tests.',
      ],
      effort: 'S',
      links: ['https://docs.github.com/actions/automating-builds-and-tests/about-continuous-integration'],
    },
    messages: {
      found: 'CI is configured: {{systems}}.',
      manualOnly: 'CI is configured ({{systems}}) but runs only when triggered by hand.',
      broken: 'The CI configuration cannot be read: {{error}}.',
      empty: 'CI configuration files exist ({{files}}) but define no steps.',
      missing: 'No CI configuration was found.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: [
      'ci/cd',
      'ci pipeline',
      'cd pipeline',
      'continuous integration',
      'github actions',
      'gitlab ci',
      'ci workflow',
      'build pipeline',
    ],
  },
  check(ctx) {
    const { configs } = ctx.facts.ci;
    if (!configs.length) return ctx.gap('missing', [ctx.missing(SEARCHED, 'no CI configuration in the repository')]);
    const readable = configs.filter((c) => !c.parseError);
    if (!readable.length) {
      return ctx.gap(
        'broken',
        configs.map((c) => ctx.at(c.path, 1, `does not parse: ${c.parseError}`)),
        { data: { error: configs[0]!.parseError! } },
      );
    }
    const withSteps = readable.filter((c) => c.steps.some((s) => s.state !== 'disabled'));
    if (!withSteps.length) {
      return ctx.gap(
        'empty',
        readable.map((c) => ctx.at(c.path, 1, 'no runnable steps')),
        { data: { files: readable.map((c) => c.path).join(', ') }, confidence: 'low' },
      );
    }
    const systems = [...new Set(withSteps.map((c) => c.forge ?? c.system))].join(', ');
    const automatic = withSteps.filter((c) => c.state !== 'manual');
    if (!automatic.length) {
      return ctx.pass(
        withSteps.map((c) => ctx.at(c.path, c.stateLine ?? 1, c.stateNote ?? 'manual trigger only')),
        { messageId: 'manualOnly', data: { systems }, confidence: 'low' },
      );
    }
    const broken = configs
      .filter((c) => c.parseError)
      .map((c) => ctx.at(c.path, 1, `does not parse, so it never runs: ${c.parseError}`));
    return ctx.pass(
      [
        ...automatic
          .slice(0, 6)
          .map((c) =>
            ctx.at(
              c.path,
              1,
              `${c.forge ?? c.system}: ${c.steps.filter((s) => s.state !== 'disabled').length} step(s)${c.stateNote ? `; ${c.stateNote}` : ''}`,
            ),
          ),
        ...broken,
      ],
      { messageId: 'found', data: { systems } },
    );
  },
});

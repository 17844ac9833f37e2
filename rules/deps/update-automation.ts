import { defineRule, ECOSYSTEM_LABEL, type Ecosystem, RENOVATE_FILES } from '../../src/sdk/index.js';

/** Dependabot package-ecosystem values and Renovate manager names per ecosystem. */
const DEPENDABOT: Record<Ecosystem, string[]> = {
  python: ['pip', 'uv', 'pipenv', 'poetry'],
  node: ['npm', 'yarn', 'pnpm', 'bun'],
  go: ['gomod'],
  jvm: ['maven', 'gradle'],
  ruby: ['bundler'],
  rust: ['cargo'],
  php: ['composer'],
  elixir: ['mix'],
  dotnet: ['nuget'],
};
const RENOVATE: Record<Ecosystem, string[]> = {
  python: ['pip_requirements', 'pip_setup', 'pipenv', 'poetry', 'pep621', 'pep723', 'setup-cfg', 'pip-compile'],
  node: ['npm'],
  go: ['gomod'],
  jvm: ['maven', 'gradle', 'gradle-wrapper', 'sbt'],
  ruby: ['bundler'],
  rust: ['cargo'],
  php: ['composer'],
  elixir: ['mix'],
  dotnet: ['nuget'],
};
export default defineRule({
  meta: {
    id: 'deps.update-automation',
    category: 'deps',
    title: 'Dependency updates are automated',
    severity: 'low',
    level: 2,
    scope: 'repository',
    docs: {
      why: 'Locked dependencies age: security fixes only arrive when someone bumps them. A bot that opens small, tested update pull requests keeps the gap between a CVE and its fix short.',
      how: 'Looks for Dependabot (.github/dependabot.yml) or Renovate (renovate.json, .renovaterc*, .github/renovate.json5, .gitlab/renovate.json, a "renovate" key in package.json, the Renovate GitHub Action or a renovate job in GitLab CI), or Scala Steward (.scala-steward.conf; its commits recorded in .git-blame-ignore-revs by an instance configured elsewhere pass with low confidence), and checks that the configuration covers the primary ecosystem (Dependabot package-ecosystem, Renovate enabledManagers). Configuration that misses it, or GitLab dependency scanning alone (which reports but does not update), passes with low confidence. n/a without a dependency manifest.',
      fix: [
        'Add .github/dependabot.yml with an updates entry for your package ecosystem (and github-actions, docker) on a weekly schedule.',
        'Or enable Renovate with a renovate.json extending config:recommended; group minor/patch updates to limit noise.',
      ],
      effort: 'S',
      links: [
        'https://docs.github.com/en/code-security/dependabot/dependabot-version-updates',
        'https://docs.renovatebot.com/',
      ],
    },
    messages: {
      dependabot: 'Dependabot updates the {{ecosystem}} dependencies ({{file}}).',
      renovate: 'Renovate updates the dependencies ({{file}}).',
      scalaSteward: 'Scala Steward updates the dependencies ({{file}}).',
      notCovered: '{{tool}} is configured ({{file}}) but does not cover the {{ecosystem}} dependencies ({{covered}}).',
      scanningOnly:
        'GitLab dependency scanning reports vulnerable dependencies ({{file}}) but nothing opens update merge requests.',
      missing: 'No Dependabot or Renovate configuration: dependency updates are manual.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    // Not "dependency updates" alone: "commit dependency updates" is a chore done once, not update automation.
    claims: ['dependabot', 'renovate', 'automated dependency', 'automatic dependency', 'dependency update automation'],
  },
  check(ctx) {
    const { facts } = ctx;
    if (!facts.manifests.manifests.length) return ctx.na('no dependency manifest in the repository');
    const primary = facts.primaryEcosystem;
    const label = primary ? ECOSYSTEM_LABEL[primary] : 'project';

    const bots = facts.updateBots;
    const steward = bots.scalaSteward;
    if (bots.dependabot) {
      const { path: dependabot, updates } = bots.dependabot;
      const ecosystems = updates.map((u) => u.ecosystem);
      const wanted = primary ? DEPENDABOT[primary] : [];
      const hit = updates.find((u) => wanted.includes(u.ecosystem));
      if (hit || !primary) {
        return ctx.pass([ctx.at(dependabot, hit?.line, `Dependabot updates ${hit?.ecosystem ?? 'dependencies'}`)], {
          messageId: 'dependabot',
          data: { ecosystem: label, file: dependabot },
        });
      }
      // Dependabot kept for other ecosystems (the workflows' actions) beside Scala Steward, which updates the build.
      if (!steward)
        return ctx.pass([ctx.at(dependabot, undefined, `covers ${ecosystems.join(', ') || 'nothing'}`)], {
          messageId: 'notCovered',
          confidence: 'low',
          data: {
            tool: 'Dependabot',
            file: dependabot,
            ecosystem: label,
            covered: ecosystems.join(', ') || 'no updates entries',
          },
        });
    }

    const renovate = bots.renovate;
    if (renovate) {
      const file = renovate.path;
      const enabled = renovate.enabledManagers;
      if (enabled && primary && !enabled.some((m) => RENOVATE[primary].includes(m))) {
        return ctx.pass([ctx.at(file, renovate.enabledManagersLine, `enabledManagers: ${enabled.join(', ')}`)], {
          messageId: 'notCovered',
          confidence: 'low',
          data: { tool: 'Renovate', file, ecosystem: label, covered: enabled.join(', ') },
        });
      }
      return ctx.pass([ctx.at(file, renovate.line, 'Renovate configuration (all managers unless restricted)')], {
        messageId: 'renovate',
        data: { file },
      });
    }

    const runner = bots.renovateInCi;
    if (runner)
      return ctx.pass([ctx.at(runner.path, runner.line, 'Renovate runs in CI')], {
        messageId: 'renovate',
        data: { file: runner.path },
      });

    if (steward)
      return ctx.pass(
        [
          ctx.at(
            steward.path,
            steward.line,
            steward.configured
              ? 'Scala Steward repository configuration'
              : 'commits of Scala Steward recorded here; the instance that runs it is configured elsewhere',
          ),
        ],
        {
          messageId: 'scalaSteward',
          data: { file: steward.path },
          ...(steward.configured ? {} : { confidence: 'low' }),
        },
      );

    const scanning = bots.gitlabScanning;
    if (scanning) {
      return ctx.pass([ctx.at(scanning.path, scanning.line, 'GitLab dependency scanning template')], {
        messageId: 'scanningOnly',
        confidence: 'low',
        data: { file: scanning.path },
      });
    }
    return ctx.gap('missing', [
      ctx.missing(
        [
          '.github/dependabot.yml',
          ...RENOVATE_FILES,
          'package.json "renovate"',
          'renovate in CI',
          '.scala-steward.conf',
        ],
        'no dependency update bot configured',
      ),
    ]);
  },
});

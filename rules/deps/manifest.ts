import { defineRule, ECOSYSTEM_LABEL, NON_PRODUCT_DIR } from '../../src/sdk/index.js';

const EXPECTED: Record<string, string[]> = {
  python: ['requirements.txt', 'pyproject.toml', 'Pipfile', 'setup.py', 'setup.cfg', 'environment.yml'],
  node: ['package.json'],
  go: ['go.mod'],
  jvm: ['pom.xml', 'build.gradle', 'build.gradle.kts', 'build.sbt'],
  ruby: ['Gemfile', '*.gemspec'],
  rust: ['Cargo.toml'],
  php: ['composer.json'],
  elixir: ['mix.exs'],
  dotnet: ['*.csproj', '*.fsproj', 'Directory.Packages.props'],
};

export default defineRule({
  meta: {
    id: 'deps.manifest',
    category: 'deps',
    title: 'Dependencies are declared in a manifest',
    severity: 'medium',
    level: 1,
    scope: 'component',
    docs: {
      why: "Without a manifest nobody can rebuild the environment: the dependencies live in someone's virtualenv or node_modules, and an image or a new laptop gets whatever versions happen to install.",
      how: 'Finds dependency manifests of the primary language (the one most production source is written in): requirements*.txt, pyproject.toml, Pipfile, setup.py/cfg, package.json, go.mod, pom.xml, build.gradle(.kts), build.sbt, Gemfile/*.gemspec, Cargo.toml, composer.json, *.csproj/*.fsproj. Manifests under examples/ or docs/ do not count, nor do manifests of another ecosystem (a package.json for tooling beside Python code). n/a when the repository has no application source.',
      fix: [
        'Declare every direct dependency, with a version constraint, in the manifest of your package manager, and commit its lock file.',
        'Ruby: a Gemfile (bundle init, then bundle add <gem>) with its Gemfile.lock.',
        'Python: list direct dependencies in pyproject.toml (or requirements.txt) and generate a lock with uv/poetry/pip-compile.',
        'Node: npm init and npm install <pkg> so package.json and package-lock.json record them.',
        'Go: go mod init <module> && go mod tidy.',
        'Rust: cargo add <crate> records it in Cargo.toml; commit Cargo.lock for applications.',
        '.NET: dotnet add package <id> writes a PackageReference to the project file; keep versions in Directory.Packages.props.',
      ],
      effort: 'S',
    },
    messages: {
      found: 'Dependencies of the {{ecosystem}} code are declared in {{files}}.',
      primaryMissing:
        'The {{ecosystem}} code has no dependency manifest ({{expected}}); the only manifests belong to other ecosystems ({{others}}).',
      missing: 'The {{ecosystem}} code has no dependency manifest ({{expected}}).',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['requirements.txt', 'dependency manifest', 'package.json', 'pyproject', 'production requirements'],
  },
  check(ctx) {
    const primary = ctx.facts.primaryEcosystem;
    if (!primary)
      return ctx.na(
        'no application source in a supported ecosystem (Python, Node.js, Go, Java/Kotlin, Ruby, Rust, .NET, PHP) and no dependency manifest',
      );
    const all = ctx.facts.manifests.manifests.filter((m) => !NON_PRODUCT_DIR.test(m.path) && !m.lockOnly);
    const mine = all.filter((m) => m.ecosystem === primary);
    const label = ECOSYSTEM_LABEL[primary];
    const expected = EXPECTED[primary]!.join(', ');
    if (mine.length) {
      const devOnly = (m: (typeof mine)[number]): number =>
        m.dependencies.length > 0 && m.dependencies.every((d) => d.dev) ? 1 : 0;
      const shown = mine
        .sort(
          (a, b) =>
            a.path.split('/').length - b.path.split('/').length ||
            devOnly(a) - devOnly(b) ||
            a.path.localeCompare(b.path),
        )
        .slice(0, 5);
      return ctx.pass(
        shown.map((m) =>
          ctx.at(
            m.path,
            undefined,
            `${m.type} manifest, ${m.dependencies.length} dependencies${m.parseError ? ' (could not be parsed)' : ''}`,
          ),
        ),
        { messageId: 'found', data: { ecosystem: label, files: shown.map((m) => m.path).join(', ') } },
      );
    }
    const code = ctx.facts.languages.byBytes[0];
    const searched = EXPECTED[primary]!.map((n) => `**/${n}`);
    if (all.length) {
      return ctx.gap(
        'primaryMissing',
        [
          ...all
            .slice(0, 3)
            .map((m) => ctx.at(m.path, undefined, `${m.type} manifest of another ecosystem (${m.ecosystem})`)),
          ctx.missing(searched, `no ${label} manifest for ${code?.files ?? 0} ${code?.language ?? ''} source files`),
        ],
        { data: { ecosystem: label, expected, others: [...new Set(all.map((m) => m.path))].slice(0, 3).join(', ') } },
      );
    }
    return ctx.gap(
      'missing',
      [ctx.missing(searched, `no ${label} manifest for ${code?.files ?? 0} ${code?.language ?? ''} source files`)],
      {
        data: { ecosystem: label, expected },
      },
    );
  },
});

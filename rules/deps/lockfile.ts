import path from 'node:path';
import { defineRule, ECOSYSTEM_LABEL, type Evidence, NON_PRODUCT_DIR, type RuleContext } from '../../src/sdk/index.js';

type Manifest = RuleContext['facts']['manifests']['manifests'][number];

const LOCK_NAMES: Record<string, string[]> = {
  python: [
    'poetry.lock',
    'uv.lock',
    'Pipfile.lock',
    'pdm.lock',
    'pylock.toml',
    'requirements.txt pinned with == (pip-compile)',
  ],
  node: [
    'package-lock.json',
    'npm-shrinkwrap.json',
    'yarn.lock',
    'pnpm-lock.yaml',
    'bun.lock',
    'bun.lockb',
    'deno.lock',
  ],
  go: ['go.sum'],
  jvm: ['exact versions in pom.xml', 'gradle.lockfile'],
  ruby: ['Gemfile.lock'],
  rust: ['Cargo.lock'],
  php: ['composer.lock'],
  elixir: ['mix.lock'],
  dotnet: ['packages.lock.json (RestorePackagesWithLockFile)', 'paket.lock', 'exact PackageReference versions'],
};

interface Outcome {
  manifest: Manifest;
  locked: boolean;
  /** Locked only by exact versions without a lockfile (Gradle, sbt, NuGet): low confidence. */
  weak?: boolean;
  evidence: Evidence[];
  problem?: 'noLockfile' | 'unpinned' | 'ranges';
}

/** Python packages that build a documentation site: a manifest of nothing else is the docs build's, not the product's. */
const DOCS_TOOLING =
  /^(?:mkdocs(?:[-_][\w-]+)?|mike|pymdown-extensions|sphinx(?:[-_][\w-]+)?|furo|myst-parser|docutils|recommonmark|pydata-sphinx-theme|mkdocstrings(?:[-_][\w-]+)?|markdown-include|pygments|sqlfluff(?:-templater-[\w-]+)?|yamllint|codespell|pre-commit|ansible-lint|cfn-lint|checkov)$/i;

export default defineRule({
  meta: {
    id: 'deps.lockfile',
    category: 'deps',
    title: 'Dependencies are locked to exact versions',
    severity: 'high',
    level: 1,
    scope: 'component',
    docs: {
      why: 'Without a lock every build resolves versions anew: a release published overnight (or a compromised one) ships to production untested, and a rollback rebuilds something different from what ran before.',
      how: 'Judges every ecosystem the product ships, starting with the primary one (the language most production source is in): a locked frontend does not lock a Python backend, and a locked Go service does not lock the Node service beside it (manifests in examples, docs and tests, and manifests with development dependencies only, are not judged). Node: package-lock/npm-shrinkwrap/yarn.lock/pnpm-lock/bun.lock beside package.json or in a workspace root; Deno: deno.lock beside deno.json. Python: poetry.lock, uv.lock, Pipfile.lock, pdm.lock, or requirements.txt where every line is pinned with == (pip-compile output with hashes counts; a requirements.in needs its compiled .txt). Go: go.sum beside a go.mod that requires modules. Maven: versions are exact unless ranges or LATEST/RELEASE are used. Gradle: gradle.lockfile or dependencyLocking; sbt: build.sbt.lock (sbt-dependency-lock); exact versions alone pass with low confidence. Ruby Gemfile.lock, Rust Cargo.lock (a library crate — src/lib.rs and no binary — is locked by the crates that use it), PHP composer.lock. .NET: packages.lock.json, or paket.lock for projects restored through Paket (paket.references); exact PackageReference versions (directly or from Directory.Packages.props) pass with low confidence, floating versions and ranges are a gap. n/a for a library (ranges are expected, consumers lock) and without a manifest (see deps.manifest).',
      fix: [
        'Commit the lock file your package manager writes and install from it (frozen) in CI and in images.',
        'Ruby: commit Gemfile.lock and install with bundle install (BUNDLE_FROZEN=true / bundle config set frozen true).',
        'PHP: commit composer.lock and install with composer install --no-dev in images.',
        'Python: adopt uv (uv lock) or poetry, or pip-compile requirements.in into a fully pinned requirements.txt with --generate-hashes.',
        'Node: commit the package-lock.json (or yarn.lock/pnpm-lock.yaml) and install with npm ci in CI and images.',
        'Go: run go mod tidy and commit go.sum.',
        'Gradle: enable dependencyLocking { lockAllConfigurations() } and run ./gradlew dependencies --write-locks.',
        'Rust: commit Cargo.lock for binaries and build with cargo build --locked.',
        '.NET: set <RestorePackagesWithLockFile>true</RestorePackagesWithLockFile> (Directory.Build.props), commit packages.lock.json and restore with --locked-mode in CI; replace floating versions (8.*) with exact ones.',
      ],
      effort: 'S',
    },
    messages: {
      locked: 'The {{ecosystem}} dependencies are locked ({{locks}}).',
      noDeps: 'The {{ecosystem}} manifests declare no third-party dependencies; there is nothing to lock.',
      gradleExact:
        'Gradle dependencies use exact versions ({{files}}) but no dependency locking is enabled; transitive versions are not locked.',
      sbtExact:
        'sbt dependencies use exact versions ({{files}}) but no build.sbt.lock locks them; transitive versions are not locked.',
      nugetExact: 'NuGet package versions are exact ({{files}}) but no packages.lock.json locks the transitive graph.',
      noLockfile: 'The {{ecosystem}} dependencies in {{files}} are not locked: no {{expected}}.{{others}}',
      unpinned:
        '{{files}} leaves {{count}} {{ecosystem}} dependencies unpinned ({{examples}}) and no lockfile exists.{{others}}',
      ranges: '{{files}} uses version ranges or LATEST/RELEASE ({{examples}}): builds are not reproducible.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['lockfile', 'lock file', 'pinned dependencies', 'locked dependencies', 'package-lock', 'poetry.lock'],
  },
  check(ctx) {
    const { facts } = ctx;
    const primary = facts.primaryEcosystem;
    const mf = facts.manifests;
    const mine = mf.manifests.filter(
      (m) => m.ecosystem === primary && !NON_PRODUCT_DIR.test(m.path) && m.type !== 'environment.yml',
    );
    if (!primary || !mine.length)
      return ctx.na(
        `no ${primary ? ECOSYSTEM_LABEL[primary] + ' ' : ''}dependency manifest to lock (see deps.manifest)`,
      );
    const label = ECOSYSTEM_LABEL[primary];

    // A library publishes version ranges for its consumers, who lock their own dependency graphs (the catalog: n/a).
    if (facts.kind.kind === 'library')
      return ctx.na(
        `a library: version ranges in ${mine
          .map((m) => ctx.repo.toRepo(m.path))
          .slice(0, 3)
          .join(', ')} are normal, consumers lock their own dependencies`,
      );

    const outcomes = mine.map((m) => judge(ctx, m, mine)).filter((o): o is Outcome => !!o);
    const unlocked = outcomes.filter((o) => !o.locked);
    const otherLocks = mf.lockfiles.filter((l) => l.ecosystem !== primary);
    const others = otherLocks.length
      ? ` (${otherLocks
          .map((l) => l.path)
          .slice(0, 2)
          .join(
            ', ',
          )} only lock${otherLocks.length === 1 ? 's' : ''} the ${[...new Set(otherLocks.map((l) => ECOSYSTEM_LABEL[l.ecosystem]))].join('/')} part)`
      : '';
    if (unlocked.length) {
      const first = unlocked.find((o) => o.problem === 'unpinned') ?? unlocked[0]!;
      const unpinned = unlocked.flatMap((o) => o.manifest.dependencies.filter((d) => !d.dev && !d.pinned));
      const evidence = [
        ...unlocked.flatMap((o) => o.evidence),
        ...otherLocks
          .slice(0, 2)
          .map((l) => ctx.at(l.path, undefined, `${l.tool} lockfile of another ecosystem (${l.ecosystem})`)),
        ctx.missing(LOCK_NAMES[primary]!, `no lock for the ${label} dependencies`),
      ];
      return ctx.gap(first.problem ?? 'noLockfile', evidence, {
        data: {
          ecosystem: label,
          files: [...new Set(unlocked.map((o) => o.manifest.path))].join(', '),
          expected: unlocked.every((o) => o.manifest.type === 'deno.json')
            ? 'deno.lock (Deno writes it on the first run unless `"lock": false`)'
            : LOCK_NAMES[primary]!.slice(0, 4).join(', '),
          count: unpinned.length,
          examples: unpinned
            .slice(0, 3)
            .map((d) => `${d.name}${d.spec ? ' ' + d.spec : ''}`)
            .join(', '),
          others,
        },
      });
    }
    // Every other ecosystem the product ships (a Node service beside the Go ones, a Python worker) needs its lock too.
    const secondary = mf.manifests.filter(
      (m) =>
        m.ecosystem !== primary &&
        LOCK_NAMES[m.ecosystem] !== undefined &&
        !NON_PRODUCT_DIR.test(m.path) &&
        m.type !== 'environment.yml' &&
        !ctx.repo.get(m.path)?.isTest &&
        m.dependencies.some((d) => !d.dev) &&
        // Requirements of the documentation site's build (mkdocs-material, sphinx themes) or of a CI linter (sqlfluff,
        // yamllint, pre-commit) ship no product code.
        !m.dependencies.every((d) => d.dev || DOCS_TOOLING.test(d.name)),
    );
    const secondaryOutcomes = secondary
      .map((m) =>
        judge(
          ctx,
          m,
          mf.manifests.filter((o) => o.ecosystem === m.ecosystem),
        ),
      )
      .filter((o): o is Outcome => !!o);
    const secondaryUnlocked = secondaryOutcomes.filter((o) => !o.locked);
    if (secondaryUnlocked.length) {
      const first = secondaryUnlocked.find((o) => o.problem === 'unpinned') ?? secondaryUnlocked[0]!;
      const eco = first.manifest.ecosystem;
      const unpinned = first.manifest.dependencies.filter((d) => !d.dev && !d.pinned);
      const lockedPart = outcomes.filter((o) => o.locked).flatMap((o) => o.evidence);
      return ctx.gap(
        first.problem ?? 'noLockfile',
        [
          ...secondaryUnlocked.flatMap((o) => o.evidence).slice(0, 4),
          ...lockedPart.slice(0, 2),
          ctx.missing(
            LOCK_NAMES[eco]!,
            `no lock for the ${ECOSYSTEM_LABEL[eco as keyof typeof ECOSYSTEM_LABEL]} dependencies`,
          ),
        ],
        {
          data: {
            ecosystem: ECOSYSTEM_LABEL[eco as keyof typeof ECOSYSTEM_LABEL],
            files: [
              ...new Set(secondaryUnlocked.filter((o) => o.manifest.ecosystem === eco).map((o) => o.manifest.path)),
            ].join(', '),
            expected: LOCK_NAMES[eco]!.slice(0, 4).join(', '),
            count: unpinned.length,
            examples: unpinned
              .slice(0, 3)
              .map((d) => `${d.name}${d.spec ? ' ' + d.spec : ''}`)
              .join(', '),
            others: lockedPart.length ? ` (the ${label} dependencies are locked)` : '',
          },
        },
      );
    }
    if (!outcomes.length) {
      return ctx.pass(
        mine.slice(0, 3).map((m) => ctx.at(m.path, undefined, 'no third-party dependencies declared')),
        { messageId: 'noDeps', data: { ecosystem: label } },
      );
    }
    const weak = outcomes.filter((o) => o.weak);
    if (weak.length === outcomes.length) {
      return ctx.pass(
        weak.flatMap((o) => o.evidence),
        {
          messageId: weak.every((o) => o.manifest.type === 'csproj')
            ? 'nugetExact'
            : weak.every((o) => o.manifest.type === 'sbt')
              ? 'sbtExact'
              : 'gradleExact',
          confidence: 'low',
          data: { files: weak.map((o) => o.manifest.path).join(', ') },
        },
      );
    }
    const evidence = outcomes.flatMap((o) => o.evidence);
    const locks = [...new Set(evidence.map((e) => e.path))];
    return ctx.pass(evidence.slice(0, 6), {
      messageId: 'locked',
      data: { ecosystem: label, locks: locks.slice(0, 3).join(', ') },
    });
  },
});

/** Whether one manifest's dependencies are locked; undefined when it declares nothing to lock. */
function judge(ctx: RuleContext, m: Manifest, all: Manifest[]): Outcome | undefined {
  const { repo, facts } = ctx;
  const prod = m.dependencies.filter((d) => !d.dev);
  const lock = facts.manifests.lockFor(m);
  const dir = path.posix.dirname(m.path);
  if (m.type === 'requirements') {
    const base = path.posix.basename(m.path);
    const isDevFile = m.dependencies.length > 0 && m.dependencies.every((d) => d.dev);
    if (isDevFile) return undefined;
    if (/\.in$/.test(base)) {
      const compiled = m.path.replace(/\.in$/, '.txt');
      if (repo.has(compiled) || m.compiledInto) return undefined; // judged through the compiled file
      if (lock) return { manifest: m, locked: true, evidence: [ctx.at(lock.path, undefined, `${lock.tool} lockfile`)] };
      return prod.length
        ? {
            manifest: m,
            locked: false,
            problem: 'noLockfile',
            evidence: [ctx.at(m.path, undefined, 'pip-compile input without its compiled requirements.txt')],
          }
        : undefined;
    }
    if (!prod.length) return undefined;
    const compiled = !!m.compiled;
    const unpinned = prod.filter((d) => !d.pinned);
    if (!unpinned.length) {
      return {
        manifest: m,
        locked: true,
        evidence: [
          ctx.at(
            m.path,
            undefined,
            compiled
              ? 'compiled requirements with pinned versions'
              : `every requirement pinned with == (${prod.length})`,
          ),
        ],
      };
    }
    if (lock) return { manifest: m, locked: true, evidence: [ctx.at(lock.path, undefined, `${lock.tool} lockfile`)] };
    return {
      manifest: m,
      locked: false,
      problem: 'unpinned',
      evidence: unpinned
        .slice(0, 3)
        .map((d) => ctx.at(m.path, d.line, `unpinned: ${d.name}${d.spec ? ' ' + d.spec : ''}`)),
    };
  }
  if (m.ecosystem === 'go') {
    if (!prod.length) return undefined;
    const sum = `${dir === '.' ? '' : dir + '/'}go.sum`;
    if (repo.has(sum))
      return { manifest: m, locked: true, evidence: [ctx.at(sum, undefined, 'go.sum checksums beside go.mod')] };
    return {
      manifest: m,
      locked: false,
      problem: 'noLockfile',
      evidence: [ctx.at(m.path, prod[0]!.line, `requires ${prod.length} modules but go.sum is missing`)],
    };
  }
  if (m.type === 'pom.xml') {
    if (!prod.length) return undefined;
    const ranged = prod.filter((d) => !d.pinned);
    if (ranged.length)
      return {
        manifest: m,
        locked: false,
        problem: 'ranges',
        evidence: ranged.slice(0, 3).map((d) => ctx.at(m.path, d.line, `version ${d.spec} of ${d.name}`)),
      };
    return {
      manifest: m,
      locked: true,
      evidence: [ctx.at(m.path, undefined, 'Maven versions are exact (no ranges or LATEST/RELEASE)')],
    };
  }
  if (m.type === 'csproj') {
    // NuGet restores an exact version exactly (the lowest match of a bare version is that version); floating
    // versions (8.*) and ranges resolve anew. packages.lock.json also locks the transitive graph.
    if (!prod.length) return undefined;
    if (lock)
      return {
        manifest: m,
        locked: true,
        evidence: [ctx.at(lock.path, undefined, lock.tool === 'paket' ? 'Paket lock file' : 'NuGet lock file')],
      };
    const floating = prod.filter((d) => d.spec && !d.pinned);
    if (floating.length)
      return {
        manifest: m,
        locked: false,
        problem: 'ranges',
        evidence: floating
          .slice(0, 3)
          .map((d) => ctx.at(d.manifest ?? m.path, d.line, `floating version ${d.spec} of ${d.name}`)),
      };
    return {
      manifest: m,
      locked: true,
      weak: true,
      evidence: [ctx.at(m.path, prod[0]!.line, 'exact package versions, no packages.lock.json')],
    };
  }
  if (m.type === 'gradle' || m.type === 'sbt') {
    const deps = prod.filter((d) => !d.name.startsWith('plugin:'));
    if (!deps.length) return undefined;
    if (lock)
      return {
        manifest: m,
        locked: true,
        evidence: [ctx.at(lock.path, undefined, `${m.type === 'sbt' ? 'sbt' : 'Gradle'} dependency lockfile`)],
      };
    if (m.lockingLine)
      return { manifest: m, locked: true, evidence: [ctx.at(m.path, m.lockingLine, 'dependency locking enabled')] };
    const dynamic = deps.filter((d) => !d.pinned && d.spec);
    if (dynamic.length)
      return {
        manifest: m,
        locked: false,
        problem: 'ranges',
        evidence: dynamic.slice(0, 3).map((d) => ctx.at(d.manifest, d.line, `dynamic version ${d.spec} of ${d.name}`)),
      };
    return {
      manifest: m,
      locked: true,
      weak: true,
      // A dependency may be declared in a file the build reads (a Gradle script it applies, sbt's project/*.scala).
      evidence: [ctx.at(deps[0]!.manifest, deps[0]!.line, 'exact versions, no dependency locking')],
    };
  }
  if (m.type === 'gemspec' && all.some((o) => o.type === 'gemfile')) return undefined;
  // A Rust library crate (src/lib.rs, no binary) is built by the crates that depend on it, under their Cargo.lock.
  if (m.type === 'cargo' && !lock && m.libraryCrate) return undefined;
  // So is a Python distribution published as a library beside the service (an API client in a subfolder).
  if (m.ecosystem === 'python' && !lock && m.libraryDistribution && path.posix.dirname(m.path) !== '.')
    return undefined;
  // Python pyproject/Pipfile/setup.*, package.json, Gemfile, Cargo.toml, composer.json: a lockfile is required.
  if (!prod.length && !(m.type === 'package.json' && m.dependencies.length)) return undefined;
  if (lock) return { manifest: m, locked: true, evidence: [ctx.at(lock.path, undefined, `${lock.tool} lockfile`)] };
  if (m.ecosystem === 'python') {
    // pyproject/setup.py compiled into a pinned requirements.txt in the same folder or the root.
    const pinnedReq = all.find(
      (o) =>
        o.type === 'requirements' &&
        /\.txt$/.test(o.path) &&
        o.dependencies.some((d) => !d.dev) &&
        o.dependencies.filter((d) => !d.dev).every((d) => d.pinned) &&
        [dir, '.'].includes(path.posix.dirname(o.path)),
    );
    if (pinnedReq) return undefined;
  }
  return {
    manifest: m,
    locked: false,
    problem: 'noLockfile',
    evidence: [ctx.at(m.path, undefined, `${m.dependencies.length} dependencies, no lockfile beside it`)],
  };
}

import { escapeRegExp } from './text.js';

/**
 * Folders never audited: dependencies, vendored code, build output, caches and test-data trees
 * (fixtures of the audited project are not the project). Matched as path segments at any depth.
 */
export const DEFAULT_IGNORED_DIRS = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  'bower_components',
  'jspm_packages',
  'vendor',
  'third_party',
  'third-party',
  'dist',
  'build',
  'out',
  'target',
  '.next',
  '.nuxt',
  '.svelte-kit',
  '.output',
  '.turbo',
  '.parcel-cache',
  '__pycache__',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  'site-packages',
  '.gradle',
  '.idea',
  '.vscode-test',
  '.terraform',
  'Pods',
  'coverage',
  'htmlcov',
  '.nyc_output',
  'fixtures',
  '__fixtures__',
  'testdata',
  '__snapshots__',
]);

/**
 * Ignored only at the top of the repository: a root `external/` holds checked-in dependencies (C/C++ and Go projects),
 * while `src/plugins/external/` or `app/adapters/external/` is the project's own code for talking to other systems.
 */
const ROOT_ONLY_IGNORED_DIRS = new Set(['external']);

/**
 * Kept inside an ignored `build/`: the Go project layout's packaging folders (`build/package/servers.dockerfile`,
 * `build/docker/`), which hold the Dockerfiles and scripts CI builds images from, not build output.
 */
const PACKAGING_IN_BUILD = /^(package|packaging|docker)$/;
/**
 * An image definition in `build/` (`build/Dockerfile`, which GoReleaser builds; `build/api-server/Dockerfile` or
 * `build/images/api.Dockerfile`, one per image, which a bake file or CI builds): written, not built output — no build
 * tool emits Dockerfiles into its output folder except under the packaging folders kept above.
 */
const DOCKERFILE_IN_BUILD = /^(?:Dockerfile(?:\.[\w.-]+)?|Containerfile|[\w.-]+\.[Dd]ockerfile)$/;
/**
 * The sources of a .NET build program kept in `build/` (Bullseye's `build/Program.cs`, NUKE's `build/Build.cs`), which
 * CI starts with `dotnet run --project build`: written, never output (.NET builds into `bin/` and `obj/`). Only the
 * sources are kept, for CI to read what the program runs; its project file stays out, so it is no unit of the project.
 */
const DOTNET_SOURCE_IN_BUILD = /\.cs$/;

const THIRD_PARTY = /^third[-_]party$/;

export function defaultIgnored(rel: string, isDir: boolean): boolean {
  const parts = rel.split('/');
  const dirs = isDir ? parts : parts.slice(0, -1);
  return dirs.some((d, i) => {
    // The Maven wrapper (`.mvn/wrapper/MavenWrapperDownloader.java`, its jar) fetches Maven for the build: the
    // service neither runs nor ships it. `.mvn/` itself (maven.config, extensions.xml) configures the build.
    if (d === 'wrapper' && i > 0 && dirs[i - 1] === '.mvn') return true;
    if (d === 'build') {
      const next = parts[i + 1];
      // A `build/` folder is entered (its packaging folders and image definitions are kept); everything else in it is
      // build output.
      if (next === undefined ? isDir : PACKAGING_IN_BUILD.test(next) && (i + 1 < parts.length - 1 || isDir))
        return false;
      if (!isDir && DOCKERFILE_IN_BUILD.test(parts[parts.length - 1]!)) return false;
      if (
        !isDir &&
        DOTNET_SOURCE_IN_BUILD.test(parts[parts.length - 1]!) &&
        !parts.includes('bin') &&
        !parts.includes('obj')
      )
        return false;
    }
    // The .NET Arcade SDK's shared toolset (`eng/common/`: its build scripts, cross-build helpers, pipeline templates),
    // copied into every repository built on Arcade and kept in sync by its dependency flow ("Don't touch this folder"):
    // vendored build tooling, not the project's code.
    if (i === 1 && d === 'common' && dirs[0] === 'eng') return true;
    // A settings package's `third_party/` (`cl/settings/third_party/sentry.py`, imported by `settings/__init__.py`)
    // holds the project's own settings for those libraries, not vendored code.
    if (THIRD_PARTY.test(d) && i > 0 && dirs[i - 1] === 'settings') return false;
    return DEFAULT_IGNORED_DIRS.has(d) || (i === 0 && ROOT_ONLY_IGNORED_DIRS.has(d));
  });
}

/**
 * Folders holding a copy of a Go dependency's source laid out by its import path (`go-licenses save` keeps the
 * sources of MPL-licensed modules, go.mod included, as `licenses/go-licenses/github.com/go-sql-driver/mysql/`): the
 * folder ends with the module path its go.mod declares, and another go.mod of the repository requires that module
 * without replacing it by a local folder. Vendored code, like `vendor/`: the project neither writes nor builds it.
 */
export function goDependencyCopies(goMods: readonly string[], read: (p: string) => string | undefined): string[] {
  const texts = goMods.map((p) => ({ p, text: read(p) ?? '' }));
  const copies: string[] = [];
  for (const { p, text } of texts) {
    const dir = p.slice(0, -'/go.mod'.length);
    const mod = /^module\s+"?([^\s"]+)/m.exec(text)?.[1];
    // A module path naming its host (`github.com/…`), the folder's tail: a GOPATH-like copy, not a project's module.
    if (!p.endsWith('/go.mod') || !mod || !/^[^/]+\./.test(mod) || !`/${dir}`.endsWith(`/${mod}`)) continue;
    const m = escapeRegExp(mod);
    const required = new RegExp(`^\\s*(?:require\\s+)?${m}\\s+v\\d`, 'm');
    const replacedLocally = new RegExp(`^\\s*(?:replace\\s+)?${m}(?:\\s+v\\S+)?\\s+=>\\s*\\.`, 'm');
    const others = texts.filter((o) => o.p !== p);
    if (others.some((o) => required.test(o.text)) && !others.some((o) => replacedLocally.test(o.text)))
      copies.push(dir);
  }
  return copies;
}

/** A copy of a published package named by its version (`cargo-0.87.1`, `serde-1.0.219-new-solver`). */
const PACKAGE_COPY = /^[a-z][a-z0-9_]*(?:-[a-z][a-z0-9_]*)*-\d+\.\d+\.\d+(?:-[\w.-]+)?$/;
const BENCHMARKS_FOLDER = /^(?:(?:[a-z0-9]+[-_])?benchmarks?|benches)$/;

/**
 * The corpora of benchmark suites: a benchmarks folder holding copies of several published packages named by their
 * versions (a compiler's `compile-benchmarks/` with `cargo-0.87.1/` and `hyper-1.6.0/`, beside small programs of its
 * own) is the input the benchmarks build or run. Those projects' docs, lockfiles, env files and tests are not the
 * audited project's, so the whole folder is left out like vendored code.
 */
export function benchmarkCorpora(files: Iterable<string>): Set<string> {
  const copies = new Map<string, Set<string>>();
  for (const file of files) {
    if (!file.includes('bench')) continue;
    const parts = file.split('/');
    // A folder and the folder under it (never the file's name).
    for (let i = 0; i + 2 < parts.length; i++) {
      if (!BENCHMARKS_FOLDER.test(parts[i]!) || !PACKAGE_COPY.test(parts[i + 1]!)) continue;
      const dir = parts.slice(0, i + 1).join('/');
      copies.set(dir, (copies.get(dir) ?? new Set()).add(parts[i + 1]!));
    }
  }
  return new Set([...copies].filter(([, names]) => names.size >= 2).map(([dir]) => dir));
}

/**
 * A Hugo theme's metadata file (`theme.toml`), which every published theme keeps at its top. Only TOML: an app's own
 * colour themes are often kept as `src/themes/dark/theme.json` (or `.yaml`) beside the code that uses them.
 */
const HUGO_THEME_FILE = /^theme\.toml$/;

/**
 * Hugo themes copied into a documentation site (`docs/themes/hugo-theme-relearn/`, holding `theme.toml`, its layouts,
 * scripts and an `exampleSite/` demonstrating it): another project's code and sample content, which the site renders
 * the project's pages with. Its demo pages (a Swagger petstore, a diagram page, a showcase) are not the audited
 * project's API description or documentation, so the whole folder is left out like vendored code. A folder under
 * `themes/` is a Hugo theme when it holds a theme metadata file, or both the `layouts/` and the `exampleSite/` of one.
 */
export function hugoThemeCopies(files: Iterable<string>): Set<string> {
  const themes = new Set<string>();
  const parts = new Map<string, Set<string>>();
  for (const file of files) {
    if (!file.includes('themes/')) continue;
    const segs = file.split('/');
    const at = segs.lastIndexOf('themes', segs.length - 3);
    if (at < 0) continue;
    const dir = segs.slice(0, at + 2).join('/');
    const rest = segs.slice(at + 2);
    if (rest.length === 1 && HUGO_THEME_FILE.test(rest[0]!)) themes.add(dir);
    else if (rest.length > 1 && (rest[0] === 'exampleSite' || rest[0] === 'layouts'))
      parts.set(dir, (parts.get(dir) ?? new Set()).add(rest[0]));
  }
  for (const [dir, held] of parts) if (held.size === 2) themes.add(dir);
  return themes;
}

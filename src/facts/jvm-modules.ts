import path from 'node:path';
import type { RepoIndex } from '../repo/index.js';
import { isUnder } from '../repo/view.js';
import { escapeRegExp } from '../repo/text.js';

/**
 * A Java main method the launcher runs: `public static void main(String[] args)`, or since Java 25 (JEP 512) a
 * non-private `static void main(…)` and an instance `void main()` of a top-level class.
 */
export const JAVA_MAIN =
  /(?<!\bprivate\s+)\bstatic\s+void\s+main\s*\(|^[ \t]*(?:(?:public|protected)\s+)?void\s+main\s*\(/m;

/**
 * The in-repository modules of a Maven reactor or a Gradle build, and which of them a module depends on. An application
 * module ships the sibling modules it depends on (its authentication filters, migrations, OpenAPI description often live
 * in one), the way a JavaScript app ships the workspace packages it depends on.
 */

/** A Gradle task that runs a main class while building (`register<JavaExec>("generateSettings")`, `task gen(type: JavaExec)`). */
const GRADLE_JAVA_EXEC =
  /\bregister\s*<\s*JavaExec\s*>|\(\s*type\s*:\s*JavaExec\b|\bregister\s*\(\s*["'][^"']*["']\s*,\s*JavaExec\b|\bjavaexec\s*\{/;
/** A Gradle build that packages its module as a program: the application, Spring Boot, Quarkus, Micronaut, Ktor, shadow or Jib plugin. */
const GRADLE_PROGRAM_PACKAGING =
  /\b(?:id|apply\s+plugin:)\s*\(?\s*["'](?:application|war|org\.springframework\.boot|io\.quarkus|io\.micronaut\.application|com\.google\.cloud\.tools\.jib|io\.ktor\.plugin|com\.github\.johnrengelman\.shadow|com\.gradleup\.shadow)["']|^\s*`?application`?\s*$|^\s*application\s*\{|\blibs\.plugins\.(?:spring[.-]boot|quarkus|micronaut[.-]application|jib|ktor|shadow)\b|^\s*shadowJar\s*\{|\bMain-Class\b/m;

/**
 * A Gradle module whose main class only a JavaExec task of its build runs (a code or settings generator the other
 * modules' builds depend on), packaged as no program: build tooling, not something the project ships.
 */
export function gradleBuildTool(repo: RepoIndex, dir: string): boolean {
  const build = ['build.gradle', 'build.gradle.kts'].map((f) => repo.read(`${dir}/${f}`) ?? '').join('\n');
  return GRADLE_JAVA_EXEC.test(build) && !GRADLE_PROGRAM_PACKAGING.test(build);
}

/** The module folder of a JVM source file: what comes before its `src/main/` (Maven and Gradle's layout). */
export function jvmModuleDirOf(file: string): string | undefined {
  const at = file.indexOf('src/main/');
  if (at < 0 || (at > 0 && file[at - 1] !== '/')) return undefined;
  return at === 0 ? '.' : file.slice(0, at - 1);
}

const cache = new WeakMap<RepoIndex, JvmReactor>();

export interface JvmReactor {
  /** Module folders: Maven `<modules>` and Gradle `include`d projects. */
  dirs: string[];
  /** The module folders `dir` depends on at run time, directly or through other modules (not its own subfolders). */
  dependsOn(dir: string): string[];
  /** The same, its own subfolders included (what a root project's application ships). */
  shipped(dir: string): string[];
}

/** The project's own `<tag>` in a pom: outside its `<parent>`, dependencies, build and profiles. */
function pomField(text: string, tag: string): string | undefined {
  const own = text
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(
      /<(parent|dependencyManagement|dependencies|build|profiles|reporting|distributionManagement|pluginRepositories|repositories)>[\s\S]*?<\/\1>/g,
      '',
    );
  return new RegExp(`<${tag}>\\s*([^<\\s]+)\\s*</${tag}>`).exec(own)?.[1];
}

/** Scopes and configurations whose artifacts are not in what the application runs. */
const TEST_SCOPE = /^(test|provided|import|system)$/;
const NOT_SHIPPED_CONFIGURATION =
  /^(test|androidTest|integrationTest|it|e2e|jmh|benchmark|compileOnly|annotationProcessor|kapt|ksp|detekt|lint)|Test[A-Z]?\w*$|^testFixtures/;

/** A settings script that includes every folder with a build script it finds, instead of naming the projects. */
const DYNAMIC_INCLUDE =
  /\b(?:fileTree|eachDir\w*|eachFile\w*|listFiles)\b[\s\S]{0,300}?["'*/]build\.gradle(?:\.kts)?\b/;

export function jvmReactor(repo: RepoIndex): JvmReactor {
  let r = cache.get(repo);
  if (!r) {
    r = buildReactor(repo);
    cache.set(repo, r);
  }
  return r;
}

function buildReactor(repo: RepoIndex): JvmReactor {
  const dirs = new Set<string>();
  /** Maven modules by artifactId, with their groupId when known. */
  const byArtifact = new Map<string, { dir: string; group?: string }[]>();
  /** Gradle projects by build root (the folder of a settings file) and project path (`:core:api`). */
  const builds = new Map<string, Map<string, string>>();
  const at = (dir: string, f: string) => (dir === '.' ? f : `${dir}/${f}`);

  const poms = repo.byName(/^pom\.xml$/);
  const pomDirs = new Set(poms.map((f) => path.posix.dirname(f.path)));
  for (const f of poms) {
    const dir = path.posix.dirname(f.path);
    for (const m of (repo.read(f.path) ?? '').matchAll(/<module>\s*([^<\s]+)\s*<\/module>/g)) {
      const d = path.posix.normalize(path.posix.join(dir, m[1]!));
      if (pomDirs.has(d)) dirs.add(d);
    }
  }
  for (const dir of pomDirs) {
    const text = repo.read(at(dir, 'pom.xml')) ?? '';
    const artifact = pomField(text, 'artifactId');
    if (!artifact || artifact.includes('$')) continue;
    const parentGroup = /<parent>[\s\S]*?<groupId>\s*([^<\s]+)\s*<\/groupId>[\s\S]*?<\/parent>/.exec(text)?.[1];
    const group = pomField(text, 'groupId') ?? parentGroup;
    const list = byArtifact.get(artifact) ?? [];
    list.push({ dir, ...(group && !group.includes('$') ? { group } : {}) });
    byArtifact.set(artifact, list);
  }

  for (const f of repo.byName(/^settings\.gradle(\.kts)?$/)) {
    const root = path.posix.dirname(f.path);
    const text = repo.read(f.path) ?? '';
    const byProject = builds.get(root) ?? new Map<string, string>();
    builds.set(root, byProject);
    // Renamed projects: `rootProject.children.each { it.name = "app-${it.name}" }` (every top-level project gets a
    // prefix or suffix, `${rootProject.name}` filled in) and `project(":x").name = "y"`. Build files then name them
    // by the new name (`project(":app-core")`), and later settings lines (`projectDir`) too.
    const rootName = /\brootProject\.name\s*=\s*["']([^"'$]+)["']/.exec(text)?.[1];
    const renameAll =
      /\b(?:rootProject\.)?(?:children|subprojects|allprojects)\s*\.\s*(?:each|forEach|configureEach)\s*\(?\s*\{\s*(?:(\w+)\s*->\s*)?(\w+)\.name\s*=\s*(?:["']([^"']*)\$\{?\s*\2\.name\s*\}?([^"']*)["']|(?:["']([^"']*)["']\s*\+\s*)?\2\.name(?:\s*\+\s*["']([^"']*)["'])?)/.exec(
        text,
      );
    const fill = (s: string | undefined) => (s ?? '').replace(/\$\{?\s*rootProject\.name\s*\}?/g, rootName ?? '$');
    const renamed = (name: string): string => {
      const one = new RegExp(
        `project\\(\\s*["']${escapeRegExp(name)}["']\\s*\\)\\.name\\s*=\\s*["']([\\w.-]+)["']`,
      ).exec(text)?.[1];
      if (one) return `:${one}`;
      if (!renameAll || (renameAll[1] && renameAll[1] !== renameAll[2]) || (!renameAll[1] && renameAll[2] !== 'it'))
        return name;
      if (name.lastIndexOf(':') !== 0) return name; // children: the top-level projects only
      const pre = fill(renameAll[3] ?? renameAll[5]);
      const post = fill(renameAll[4] ?? renameAll[6]);
      return pre.includes('$') || post.includes('$') ? name : `:${pre}${name.slice(1)}${post}`;
    };
    // `project(":x").projectDir = file("modules/x")` moves a project out of its default folder.
    const moved = new Map<string, string>();
    for (const m of text.matchAll(
      /project\(\s*["'](:[\w.:-]+)["']\s*\)\.projectDir\s*=\s*(?:new\s+File\([^,]+,\s*|file\()\s*["']([^"']+)["']/g,
    ))
      moved.set(m[1]!, path.posix.normalize(path.posix.join(root, m[2]!)));
    // Every folder holding a build script is a project (`fileTree(dir: rootDir, include: "**/build.gradle").each {
    // include … }`): the project paths follow the folders.
    if (DYNAMIC_INCLUDE.test(text))
      for (const b of repo.byName(/^build\.gradle(\.kts)?$/)) {
        const d = path.posix.dirname(b.path);
        if (d === root || !isUnder(d, root) || /(^|\/)(build|node_modules|\.gradle)\//.test(`${d}/`)) continue;
        if (repo.has(at(d, '.buildignore'))) continue;
        const rel = root === '.' ? d : d.slice(root.length + 1);
        dirs.add(d);
        byProject.set(`:${rel.replace(/\//g, ':')}`, d);
      }
    // `include("a", "b")` and `include 'a', 'b'` on one line, or a parenthesised list over several lines (with
    // `// domain` comments between the names).
    for (const inc of text.matchAll(/\binclude\s*(?:\(([^)]*)\)|([^\n]+))/g))
      for (const m of (inc[1] ?? inc[2]!).replace(/\/\/[^\n]*/g, '').matchAll(/["'](:?[\w.:-]+)["']/g)) {
        const name = m[1]!.startsWith(':') ? m[1]! : `:${m[1]!}`;
        const as = renamed(name);
        const d =
          moved.get(as) ??
          moved.get(name) ??
          path.posix.normalize(path.posix.join(root, name.slice(1).replace(/:/g, '/')));
        if (!repo.hasDir(d)) continue;
        dirs.add(d);
        byProject.set(name, d);
        if (as !== name) byProject.set(as, d);
      }
  }
  /** Type-safe project accessors: `projects.coreApi` is `:core-api`, `projects.core.api` is `:core:api`. */
  const accessorKey = (name: string) =>
    name
      .slice(1)
      .split(':')
      .map((s) => s.replace(/[-_.]+(\w)/g, (_x, c: string) => c.toUpperCase()))
      .join('.');
  /** The projects of the build a module belongs to: the nearest settings file above it. */
  const buildOf = (dir: string): Map<string, string> | undefined => {
    const root = [...builds.keys()].filter((r) => isUnder(dir, r)).sort((a, b) => b.length - a.length)[0];
    return root === undefined ? undefined : builds.get(root);
  };

  const direct = new Map<string, string[]>();
  const directOf = (dir: string): string[] => {
    let out = direct.get(dir);
    if (out) return out;
    out = [];
    const pom = repo.read(at(dir, 'pom.xml'));
    if (pom) {
      // Dependencies only: managed versions (BOMs) and plugin dependencies are not what the module runs.
      const body = pom
        .replace(/<dependencyManagement>[\s\S]*?<\/dependencyManagement>/g, '')
        .replace(/<build>[\s\S]*?<\/build>/g, '')
        .replace(/<!--[\s\S]*?-->/g, '');
      const ownGroup = pomField(pom, 'groupId') ?? /<parent>[\s\S]*?<groupId>\s*([^<\s]+)/.exec(pom)?.[1];
      for (const m of body.matchAll(/<dependency>([\s\S]*?)<\/dependency>/g)) {
        const b = m[1]!;
        const artifact = /<artifactId>\s*([^<\s]+)\s*<\/artifactId>/.exec(b)?.[1];
        const scope = /<scope>\s*([^<\s]+)\s*<\/scope>/.exec(b)?.[1];
        if (!artifact || (scope && TEST_SCOPE.test(scope)) || /<optional>\s*true/.test(b)) continue;
        const group = /<groupId>\s*([^<\s]+)\s*<\/groupId>/.exec(b)?.[1];
        const resolved = group && /^\$\{(project\.)?(parent\.)?groupId\}$/.test(group) ? ownGroup : group;
        for (const c of byArtifact.get(artifact) ?? [])
          if (!resolved || resolved.includes('$') || !c.group || c.group === resolved) out.push(c.dir);
      }
    }
    const buildFile = repo.has(at(dir, 'build.gradle')) ? at(dir, 'build.gradle') : at(dir, 'build.gradle.kts');
    const gradle = [buildFile, ...gradleAppliedScripts(repo, buildFile)]
      .map((f) => repo.read(f))
      .filter((t) => t !== undefined)
      .join('\n');
    if (gradle) {
      const text = gradle.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      const byProject = buildOf(dir) ?? new Map<string, string>();
      const accessor = new Map([...byProject].map(([name, d]) => [accessorKey(name), d]));
      for (const m of text.matchAll(
        /\b(\w+)\s*\(?\s*(?:platform\s*\(\s*)?(?:project\s*\(\s*(?:path\s*:\s*)?["'](:[\w.:-]+)["']|projects\.([\w.]+))/g,
      )) {
        if (
          NOT_SHIPPED_CONFIGURATION.test(m[1]!) ||
          /^(project|platform|enforcedPlatform|evaluationDependsOn)$/.test(m[1]!)
        )
          continue;
        const d = m[2] ? byProject.get(m[2]) : accessor.get(m[3]!);
        if (d) out.push(d);
      }
    }
    out = [...new Set(out)].filter((d) => d !== dir);
    direct.set(dir, out);
    return out;
  };

  return {
    dirs: [...dirs].sort(),
    dependsOn(dir: string): string[] {
      return this.shipped(dir).filter((d) => !isUnder(d, dir));
    },
    shipped(dir: string): string[] {
      const seen = new Set<string>();
      const todo = [dir];
      while (todo.length) {
        for (const d of directOf(todo.shift()!)) {
          if (seen.has(d) || d === dir) continue;
          seen.add(d);
          todo.push(d);
        }
      }
      return [...seen].sort();
    },
  };
}

/**
 * The in-repository parent POMs of the module in `dir`, nearest first: `<parent>` resolved through its
 * `<relativePath>` (`../pom.xml` when not given; an empty `<relativePath/>` looks the parent up in a repository only)
 * and kept when that POM's artifactId is the one named. They hold what the module inherits: the Spring Boot parent and
 * its version, plugin configuration (an image the docker-maven-plugin or Jib builds), shared properties.
 */
export function parentPoms(repo: RepoIndex, dir: string): string[] {
  const out: string[] = [];
  let pomPath = dir === '.' ? 'pom.xml' : `${dir}/pom.xml`;
  for (let depth = 0; depth < 5; depth++) {
    const text = repo.read(pomPath);
    const parent = text ? /<parent>([\s\S]*?)<\/parent>/.exec(text.replace(/<!--[\s\S]*?-->/g, ''))?.[1] : undefined;
    if (!parent) break;
    const artifact = /<artifactId>\s*([^<\s]+)\s*<\/artifactId>/.exec(parent)?.[1];
    const rel = /<relativePath\s*\/>|<relativePath>\s*<\/relativePath>/.test(parent)
      ? undefined
      : (/<relativePath>\s*([^<\s]+)\s*<\/relativePath>/.exec(parent)?.[1] ?? '../pom.xml');
    if (!rel || !artifact) break;
    let target = path.posix.normalize(path.posix.join(path.posix.dirname(pomPath), rel));
    if (!target.endsWith('.xml')) target = path.posix.join(target, 'pom.xml');
    if (target.startsWith('../') || target === pomPath || out.includes(target)) break;
    const parentText = repo.read(target);
    if (!parentText || pomField(parentText, 'artifactId') !== artifact) break;
    out.push(target);
    pomPath = target;
  }
  return out;
}

/**
 * The gradle.properties of the multi-project build a Gradle module belongs to (the nearest folder above it with a
 * settings script): its properties (`springBootVersion=2.2.6.RELEASE`) are every module's, read as if written in the
 * module's own build. A module with a settings script of its own is a build of its own: an outer build's properties
 * are not its.
 */
export function gradleBuildProperties(repo: RepoIndex, dir: string): string[] {
  const has = (f: string) => repo.has(`${dir}/${f}`);
  if (dir === '.' || !['build.gradle', 'build.gradle.kts'].some(has)) return [];
  if (['settings.gradle', 'settings.gradle.kts'].some(has)) return [];
  for (let up = path.posix.dirname(dir); ; up = path.posix.dirname(up)) {
    const at = (f: string) => (up === '.' ? f : `${up}/${f}`);
    if (repo.has(at('settings.gradle')) || repo.has(at('settings.gradle.kts')))
      return repo.has(at('gradle.properties')) ? [at('gradle.properties')] : [];
    if (up === '.') return [];
  }
}

/** A plugin applied by id in a `plugins { }` block (`id("jib-conventions")`, `` `kotlin-conventions` ``). */
const PLUGIN_ID = /^\s*(?:id\s*\(?\s*["']([\w.-]+)["']\s*\)?|`([\w.-]+)`)\s*$/gm;

/**
 * The precompiled script plugins of the build's own `buildSrc` (or a `build-logic` included build) a build script
 * applies by id: `id("jib-chainguard")` runs `buildSrc/src/main/kotlin/jib-chainguard.gradle.kts`, whose plugins and
 * settings (a Jib image, its base) are then the module's.
 */
function conventionPlugins(repo: RepoIndex, text: string): string[] {
  if (!text.includes('plugins')) return [];
  const byId = repo.memo('jvm:convention-plugins', () => {
    const m = new Map<string, string>();
    for (const f of repo.glob('{buildSrc,build-logic,gradle/build-logic}/**/src/main/{kotlin,groovy}/*.gradle{,.kts}'))
      m.set(path.posix.basename(f.path).replace(/\.gradle(?:\.kts)?$/, ''), f.path);
    return m;
  });
  if (!byId.size) return [];
  const out: string[] = [];
  for (const m of text.matchAll(PLUGIN_ID)) {
    const found = byId.get(m[1] ?? m[2]!);
    if (found && !out.includes(found)) out.push(found);
  }
  return out;
}

/** `apply from: 'dependencies.gradle'`, `apply(from = "$rootDir/gradle/deps.gradle.kts")`, `apply from: file('x.gradle')`. */
const APPLY_FROM =
  /^\s*apply\s*\(?\s*from\s*(?::|=)\s*(?:(?:rootProject\.)?file\s*\(\s*)?["']([^"']+\.gradle(?:\.kts)?)["']/gm;

/**
 * The Gradle scripts a build script applies (`apply from:`): their dependencies, plugins and settings are the
 * module's, as if written in the build file (Fineract keeps a module's dependencies in `dependencies.gradle`).
 * Paths are relative to the script's folder; `$rootDir`, `${rootProject.projectDir}` and `rootProject.file` name the
 * repository root, `$projectDir` the module. Remote scripts (URLs) are not followed.
 */
export function gradleAppliedScripts(repo: RepoIndex, buildFile: string): string[] {
  const text = repo.read(buildFile);
  if (!text) return [];
  const dir = path.posix.dirname(buildFile);
  const out: string[] = conventionPlugins(repo, text);
  if (!text.includes('apply')) return out;
  for (const m of text.matchAll(APPLY_FROM)) {
    const raw = m[1]!;
    if (/^\w+:\/\//.test(raw)) continue;
    const rooted = /^\$\{?(?:rootDir|rootProject\.projectDir|rootProject\.rootDir)\}?\//.exec(raw);
    const own = /^\$\{?(?:projectDir|project\.projectDir)\}?\//.exec(raw);
    const fromRoot = !!rooted || m[0].includes('rootProject.file');
    const rel = raw.slice((rooted ?? own)?.[0].length ?? 0);
    if (rel.includes('$')) continue;
    const target = path.posix.normalize(fromRoot ? rel : path.posix.join(dir, rel));
    if (target.startsWith('../') || target === buildFile || out.includes(target) || !repo.has(target)) continue;
    out.push(target);
  }
  return out;
}

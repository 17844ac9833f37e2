import type { RepoIndex } from '../repo/index.js';
import { lineCounter } from '../repo/lines.js';
import { bracketBody } from './code-scan.js';
import { gradleCatalogPluginId } from './manifests.js';

/**
 * Checks that a JVM build runs without being named on the CI command line: Maven plugins whose goals are bound to a
 * lifecycle phase (`mvn verify` runs every goal bound to validate … verify), and Gradle plugins that hook their
 * task into `check` (which `gradle build` and `gradle check` run, `gradle test` does not).
 */
export type BuildCheckKind = 'lint' | 'security';

export interface BoundCheck {
  kind: BuildCheckKind;
  tool: string;
  file: string;
  line: number;
  /** Maven: the phase the goal is bound to. Gradle: 'check'. */
  phase: string;
}

const MAVEN_PHASES = [
  'validate',
  'initialize',
  'generate-sources',
  'process-sources',
  'generate-resources',
  'process-resources',
  'compile',
  'process-classes',
  'generate-test-sources',
  'process-test-sources',
  'generate-test-resources',
  'process-test-resources',
  'test-compile',
  'process-test-classes',
  'test',
  'prepare-package',
  'package',
  'pre-integration-test',
  'integration-test',
  'post-integration-test',
  'verify',
  'install',
  'deploy',
];

/** Maven plugins (by artifactId) that check code, with each checking goal's default phase. */
const MAVEN_PLUGINS: Record<string, { tool: string; kind: BuildCheckKind; goals: Record<string, string> }> = {
  'maven-checkstyle-plugin': { tool: 'checkstyle', kind: 'lint', goals: { check: 'verify' } },
  'spring-javaformat-maven-plugin': { tool: 'spring-javaformat', kind: 'lint', goals: { validate: 'validate' } },
  'spotless-maven-plugin': { tool: 'spotless', kind: 'lint', goals: { check: 'verify' } },
  'maven-pmd-plugin': { tool: 'PMD', kind: 'lint', goals: { check: 'verify', 'cpd-check': 'verify' } },
  'spotbugs-maven-plugin': { tool: 'spotbugs', kind: 'lint', goals: { check: 'verify' } },
  'ktlint-maven-plugin': { tool: 'ktlint', kind: 'lint', goals: { check: 'verify' } },
  'detekt-maven-plugin': { tool: 'detekt', kind: 'lint', goals: { check: 'verify' } },
  'fmt-maven-plugin': { tool: 'google-java-format', kind: 'lint', goals: { check: 'verify' } },
  'dependency-check-maven': {
    tool: 'OWASP Dependency-Check',
    kind: 'security',
    goals: { check: 'verify', aggregate: 'verify' },
  },
  'ossindex-maven-plugin': { tool: 'OSS Index audit', kind: 'security', goals: { audit: 'validate' } },
};

/** Gradle plugin ids that add a checking task to `check`. */
const GRADLE_PLUGINS: [RegExp, string, BuildCheckKind][] = [
  [/^checkstyle$/, 'checkstyle', 'lint'],
  [/^pmd$/, 'PMD', 'lint'],
  [/^codenarc$/, 'CodeNarc', 'lint'],
  [/^com\.github\.spotbugs$/, 'spotbugs', 'lint'],
  [/^com\.diffplug\.spotless$/, 'spotless', 'lint'],
  [/^io\.spring\.javaformat$/, 'spring-javaformat', 'lint'],
  [/^org\.jlleitschuh\.gradle\.ktlint$|^org\.jmailloux\.ktlint$/, 'ktlint', 'lint'],
  [/^io\.gitlab\.arturbosch\.detekt$|^dev\.detekt$/, 'detekt', 'lint'],
  [/^net\.ltgt\.errorprone$/, 'Error Prone', 'lint'],
];

/** Blanks a section (keeping offsets and line numbers) so its plugins are not read as active. */
function blank(text: string, re: RegExp): string {
  return text.replace(re, (m) => m.replace(/[^\n]/g, ' '));
}

/**
 * A pom.xml's lines with comments, <pluginManagement> and <profiles> blanked (line numbers kept): what a plain
 * `mvn verify` of the module applies. A plugin only managed, or only in a profile, is not active by itself.
 */
export function activePomLines(repo: RepoIndex, path: string): string[] {
  const raw = repo.read(path) ?? '';
  let text = blank(raw, /<!--[\s\S]*?-->/g);
  text = blank(text, /<pluginManagement>[\s\S]*?<\/pluginManagement>/g);
  text = blank(text, /<profiles>[\s\S]*?<\/profiles>/g);
  return text.split('\n');
}

/** Checking goals bound to a phase in the <build><plugins> of every pom.xml (pluginManagement and profiles are not active by themselves). */
export function mavenBoundChecks(repo: RepoIndex): BoundCheck[] {
  return repo.memo('build-lifecycle:maven', () => {
    const out: BoundCheck[] = [];
    for (const f of repo.byName(/^pom\.xml$/)) {
      if (f.isTest) continue;
      const raw = repo.read(f.path);
      if (!raw) continue;
      let text = blank(raw, /<!--[\s\S]*?-->/g);
      text = blank(text, /<pluginManagement>[\s\S]*?<\/pluginManagement>/g);
      text = blank(text, /<profiles>[\s\S]*?<\/profiles>/g);
      for (const p of text.matchAll(/<plugin>([\s\S]*?)<\/plugin>/g)) {
        const body = p[1]!;
        const artifact = /<artifactId>\s*([\w.-]+)\s*<\/artifactId>/.exec(body)?.[1];
        const spec = artifact ? MAVEN_PLUGINS[artifact] : undefined;
        if (!spec) continue;
        for (const ex of body.matchAll(/<execution>([\s\S]*?)<\/execution>/g)) {
          const phase = /<phase>\s*([\w-]+)\s*<\/phase>/.exec(ex[1]!)?.[1];
          for (const g of ex[1]!.matchAll(/<goal>\s*([\w-]+)\s*<\/goal>/g)) {
            const bound = phase ?? spec.goals[g[1]!];
            if (!bound || !spec.goals[g[1]!] || phase === 'none') continue;
            out.push({
              kind: spec.kind,
              tool: spec.tool,
              file: f.path,
              line: repo.lineAt(f.path, p.index! + p[0].indexOf(ex[0]) + ex[0].indexOf(g[0])),
              phase: bound,
            });
          }
        }
      }
    }
    return out;
  });
}

/** Plugins applied in Gradle build scripts (plugins { id '…' }, apply plugin: '…', convention plugins in buildSrc / build-logic). */
export function gradleCheckPlugins(repo: RepoIndex): BoundCheck[] {
  return repo.memo('build-lifecycle:gradle', () => {
    const out: BoundCheck[] = [];
    for (const f of repo.byName(/\.gradle(\.kts)?$/)) {
      if (f.isTest) continue;
      const text = repo.read(f.path);
      if (!text) continue;
      const clean = blank(blank(text, /\/\*[\s\S]*?\*\//g), /\/\/[^\n]*/g);
      for (const m of clean.matchAll(
        /\bid\s*\(?\s*["']([\w.-]+)["']|\bapply\s*\(?\s*plugin\s*[:=]\s*["']([\w.-]+)["']|^\s*(checkstyle|pmd|codenarc)\s*$|`(checkstyle|pmd)`|\balias\s*\(\s*libs\.plugins\.([\w.]+)\s*\)/gm,
      )) {
        // `alias(libs.plugins.spotless)`: the plugin id comes from the version catalog.
        const id = m[5] ? gradleCatalogPluginId(repo, f.path, m[5]) : (m[1] ?? m[2] ?? m[3] ?? m[4])!;
        if (!id) continue;
        const hit = GRADLE_PLUGINS.find(([re]) => re.test(id));
        if (!hit) continue;
        out.push({ kind: hit[2], tool: hit[1], file: f.path, line: repo.lineAt(f.path, m.index!), phase: 'check' });
      }
    }
    return out;
  });
}

/** The highest Maven lifecycle phase a command line runs, if it runs one. */
export function mavenPhase(args: string): number {
  let best = -1;
  for (const tok of args.split(/\s+/)) {
    if (!tok || tok.startsWith('-') || tok.includes(':')) continue;
    const i = MAVEN_PHASES.indexOf(tok);
    if (i > best) best = i;
  }
  return best;
}

/** Checks a Maven command line runs through its phases: goals bound to a phase at or before the highest one invoked. */
export function mavenChecksRun(repo: RepoIndex, args: string, kind: BuildCheckKind): BoundCheck[] {
  const upTo = mavenPhase(args);
  if (upTo < 0) return [];
  return mavenBoundChecks(repo).filter(
    (c) =>
      c.kind === kind &&
      MAVEN_PHASES.indexOf(c.phase) >= 0 &&
      MAVEN_PHASES.indexOf(c.phase) <= upTo &&
      !new RegExp(`-D${c.tool.replace(/[^\w]/g, '.?')}\\.skip(?:=true)?\\b`, 'i').test(args),
  );
}

/** Checks a Gradle command line runs: the plugins hooked into `check`, when it runs `check` or `build` (in any project). */
export function gradleChecksRun(repo: RepoIndex, args: string, kind: BuildCheckKind): BoundCheck[] {
  const tasks = args.split(/\s+/).filter((t) => t && !t.startsWith('-'));
  if (!tasks.some((t) => /^(?:[\w-]*:)*(check|build)$/.test(t))) return [];
  const excluded = [...args.matchAll(/(?:-x|--exclude-task)[\s=]+(?:[\w-]*:)*(\w+)/g)].map((m) => m[1]!);
  if (excluded.includes('check')) return [];
  return gradleCheckPlugins(repo).filter(
    (c) => c.kind === kind && !excluded.some((x) => x.toLowerCase().startsWith(c.tool.replace(/[^\w]/g, ''))),
  );
}

/** A test CTest runs: `add_test(NAME php_style_check COMMAND … WORKING_DIRECTORY …)` or `add_test(name command …)`. */
export interface CtestCommand {
  name: string;
  command: string;
  file: string;
  line: number;
}

/** The keywords of add_test's NAME form that end its COMMAND. */
const ADD_TEST_OPTIONS = new Set(['WORKING_DIRECTORY', 'CONFIGURATIONS', 'COMMAND_EXPAND_LISTS']);

/**
 * The commands the CMakeLists.txt files register as CTest tests, which `ctest` runs: a project may register its
 * linters there (php-cs-fixer, PHPStan, `npm run eslint`) beside its test suites. CMake variables in front of a
 * program (`${CMAKE_SOURCE_DIR}/vendor/bin/phpstan`) are dropped.
 */
export function ctestCommands(repo: RepoIndex): CtestCommand[] {
  return repo.memo('build-lifecycle:ctest', () =>
    repo.byName(/^CMakeLists\.txt$/).flatMap((f) => {
      const text = repo.read(f.path) ?? '';
      const lineOf = lineCounter(text);
      return [...text.matchAll(/^[ \t]*add_test\s*\(/gim)].flatMap((m) => {
        const body = bracketBody(text, m.index! + m[0].length - 1);
        if (body === undefined) return [];
        const words = body
          .replace(/\$\{\w+\}\//g, '')
          .trim()
          .split(/\s+/);
        let name = words[0];
        let command = words.slice(1);
        if (name === 'NAME') {
          name = words[1];
          const from = words.indexOf('COMMAND');
          const stop = words.findIndex((w, i) => i > from && ADD_TEST_OPTIONS.has(w));
          command = from < 0 ? [] : words.slice(from + 1, stop < 0 ? undefined : stop);
        }
        if (!name || !command.length) return [];
        return [{ name, command: command.join(' '), file: f.path, line: lineOf(m.index!) }];
      });
    }),
  );
}

import type { GrepMatch, RepoIndex } from '../repo/index.js';
import type { CodeFacts } from './code.js';
import type { ImportFacts, ImportRef } from './imports.js';
import type { Ecosystem } from './languages.js';
import type { LivenessFacts } from './liveness.js';
import type { Dependency, ManifestFacts } from './manifests.js';

/**
 * A dependency to look for: a name in an ecosystem (`['python', 'pyjwt']`; a JVM name without a group matches the
 * artifactId: `['jvm', 'spring-boot-starter-actuator']`), a pattern in an ecosystem, or a pattern over every ecosystem.
 */
export type DependencyName = readonly [Ecosystem, string | RegExp] | RegExp;

/** A library as rules describe it: what declares it, what imports it, and (optionally) what shows it is set up. */
export interface LibrarySpec {
  /** Human label used in messages: 'prometheus_client'. */
  label: string;
  deps?: readonly DependencyName[];
  /** Import package names or patterns (facts.imports). */
  imports?: readonly (string | RegExp)[];
  /** A registration/usage pattern that a live file must contain for the library to count as set up. */
  usage?: RegExp;
  /**
   * The library serves other ends too (x/time/rate throttles a client's own calls with `Wait(ctx)` as often as it
   * limits requests with `Allow()`): it counts only where a file importing it matches `usage`; imported without it, it
   * is absent for this purpose.
   */
  usageRequired?: boolean;
}

export interface LibraryEvidence {
  path: string;
  line?: number;
  note: string;
}

/**
 * Where a library stands: `used` (imported by code the service runs, or named by its Django settings), `unwired`
 * (imported only by code no entrypoint reaches: "defined but never wired"), `unused` (a direct production dependency
 * nothing imports: "declared but not used"), or `absent`.
 */
export interface LibraryUse {
  state: 'used' | 'unwired' | 'unused' | 'absent';
  spec: LibrarySpec;
  evidence: LibraryEvidence[];
  /** The deciding place: the live import, the unreached import, or the manifest line. */
  file?: string;
  line?: number;
  /** The live usage/registration match, when the spec names one and it was found. */
  usage?: GrepMatch;
}

export interface DepsFacts {
  /**
   * The first direct production dependency matching one of the names, tried in the order given. Development
   * dependencies and Go modules marked `// indirect` (pulled in by other modules, never chosen by the project) do not
   * count: this is the one answer to "does the project declare X?".
   */
  declared(...names: DependencyName[]): Dependency | undefined;
  /**
   * Like declared, but only in the component's own manifests: one mounted from an enclosing folder (the go.mod of the
   * module a `signal/` program lives in, a workspace root's package.json) declares for every program it holds, so a
   * library it names and this component never imports is another program's, not "declared but not used" here.
   */
  declaredHere(...names: DependencyName[]): Dependency | undefined;
  /** Like declared, but development dependencies count too (tools such as load testers live there). */
  declaredAnyScope(...names: DependencyName[]): Dependency | undefined;
  /** Where the library stands in the service (see LibraryUse). */
  library(spec: LibrarySpec): LibraryUse;
  /** The first of the libraries in use, else the first unwired one, else the first only declared. */
  firstLibrary(specs: readonly LibrarySpec[]): { used?: LibraryUse; unwired?: LibraryUse; unused?: LibraryUse };
  /** Where production code imports the module a dependency provides (pyjwt → jwt, python-jose → jose), if anywhere. */
  importOf(dependency: string): ImportRef | undefined;
}

/** Distribution names whose import name differs (beyond - → _). */
const MODULE_OF: Record<string, string> = {
  'python-jose': 'jose',
  pyjwt: 'jwt',
  'djangorestframework-simplejwt': 'rest_framework_simplejwt',
  'django-guardian': 'guardian',
  'django-csp': 'csp',
  pycasbin: 'casbin',
};

const IMPORT_LINE = /^\s*(import\b|from\s+\S+\s+import\b|(const|let|var)\s[^=]*=\s*require\()/;

export function detectDeps(
  repo: RepoIndex,
  manifests: ManifestFacts,
  imports: ImportFacts,
  liveness: LivenessFacts,
  code: CodeFacts,
): DepsFacts {
  const chosen = manifests.dependencies.filter((d) => !d.indirect);
  const direct = chosen.filter((d) => !d.dev);
  const matches = (d: Dependency, n: DependencyName): boolean => {
    if (n instanceof RegExp) return n.test(d.name);
    const eco = n[0];
    const name = n[1];
    if (d.ecosystem !== eco) return false;
    if (name instanceof RegExp) return name.test(d.name);
    if (eco === 'jvm' && !name.includes(':')) return d.name === name || d.name.endsWith(`:${name}`);
    if (eco === 'python')
      return d.name.toLowerCase().replace(/[-_.]+/g, '-') === name.toLowerCase().replace(/[-_.]+/g, '-');
    return d.name === name;
  };
  const firstOf = (list: Dependency[], names: DependencyName[]): Dependency | undefined => {
    for (const n of names) {
      const d = list.find((x) => matches(x, n));
      if (d) return d;
    }
    return undefined;
  };
  const declared = (...names: DependencyName[]): Dependency | undefined => firstOf(direct, names);
  const here = direct.filter((d) => !d.manifest.startsWith('../'));
  const declaredHere = (...names: DependencyName[]): Dependency | undefined => firstOf(here, names);

  let liveFiles: string[] | undefined;
  const grepLive = (re: RegExp, languages?: string[]): GrepMatch[] => {
    liveFiles ??= repo.files
      .filter((f) => f.kind === 'source' && !f.isTest && !f.tooLarge && liveness.isLive(f.path))
      .map((f) => f.path);
    const paths = languages ? liveFiles.filter((p) => languages.includes(repo.get(p)?.language ?? '')) : liveFiles;
    return paths.length ? code.grep(re, { paths }) : [];
  };

  /** A Python library the project declares (or one named only by its import): settings may load it by name. */
  const loadableByName = (spec: LibrarySpec): boolean => {
    if (!spec.deps?.length) return true;
    const python = spec.deps.filter((n) => n instanceof RegExp || n[0] === 'python');
    return python.length > 0 && !!firstOf(chosen, python);
  };
  const library = (spec: LibrarySpec): LibraryUse => {
    let refs = (spec.imports ?? []).flatMap((p) => imports.importersOf(p));
    if (spec.usageRequired && spec.usage) {
      const usage = spec.usage;
      refs = refs.filter((r) => usage.test(code.text(r.file) ?? ''));
      if (!refs.length) return { state: 'absent', spec, evidence: [] };
    }
    const reached = refs
      .filter((r) => liveness.isLive(r.file))
      .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    if (reached.length) {
      const usage = spec.usage
        ? (spec.usageRequired
            ? code.grep(spec.usage, { paths: reached.map((r) => r.file) })
            : grepLive(spec.usage)
          ).find((m) => !IMPORT_LINE.test(m.text))
        : undefined;
      const evidence: LibraryEvidence[] = [
        { path: reached[0]!.file, line: reached[0]!.line, note: `${spec.label} imported by code the service runs` },
      ];
      if (usage) evidence.push({ path: usage.path, line: usage.line, note: `${spec.label} registered` });
      return { state: 'used', spec, evidence, file: reached[0]!.file, line: reached[0]!.line, usage };
    }
    // Django and similar frameworks load libraries from dotted strings: INSTALLED_APPS, MIDDLEWARE, include("x.urls").
    // Only a Python library the project installs can be loaded so: a string that merely spells its name (an emoji
    // called "paperclip", a `'limits' in context` test) is not a use.
    for (const mod of (loadableByName(spec) ? (spec.imports ?? []) : []).filter(
      (p): p is string => typeof p === 'string' && /^[a-z_]\w*$/.test(p),
    )) {
      const hit = grepLive(new RegExp(`["']${mod}(\\.[\\w.]+)?["']`), ['python'])[0];
      if (hit)
        return {
          state: 'used',
          spec,
          evidence: [{ path: hit.path, line: hit.line, note: `${spec.label} configured by the service` }],
          file: hit.path,
          line: hit.line,
          usage: hit,
        };
    }
    // An import from test support kept outside test folders (`pkg/testing/metrics.py` reading an in-memory exporter
    // back) is the tests' use of the library, not production code that forgot to wire it.
    const r = refs.find((x) => liveness.isProductionPath(x.file));
    if (r)
      return {
        state: 'unwired',
        spec,
        evidence: [
          { path: r.file, line: r.line, note: `${spec.label} is imported here, but no entrypoint reaches this file` },
        ],
        file: r.file,
        line: r.line,
      };
    const d = spec.deps?.length ? declaredHere(...spec.deps) : undefined;
    if (d)
      return {
        state: 'unused',
        spec,
        evidence: [
          { path: d.manifest, line: d.line, note: `${d.name} is declared, but no production source file imports it` },
        ],
        file: d.manifest,
        line: d.line,
      };
    return { state: 'absent', spec, evidence: [] };
  };

  return {
    declared,
    declaredHere,
    declaredAnyScope: (...names) => firstOf(chosen, names),
    library,
    firstLibrary: (specs) => {
      const states = specs.map(library);
      return {
        used: states.find((s) => s.state === 'used'),
        unwired: states.find((s) => s.state === 'unwired'),
        unused: states.find((s) => s.state === 'unused'),
      };
    },
    importOf: (dependency) =>
      imports.firstUse(MODULE_OF[dependency] ?? dependency) ?? imports.firstUse(dependency.replace(/-/g, '_')),
  };
}

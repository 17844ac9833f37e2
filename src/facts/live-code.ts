// Code the running service reaches vs code it never loads: grep production source on either side of the line that
// facts.liveness draws, and configuration files outside tests.
import type { GrepMatch } from '../repo/index.js';
import type { Facts } from './index.js';
import { isShippedScript } from './languages.js';
import { BROWSER_FILE, browserPackages } from './outbound.js';

const JS_LANGUAGES = new Set(['javascript', 'typescript']);

/**
 * Browser code beside a server written in another language (a Micronaut or Rails back end with a React client in
 * client/ or app/javascript/): JavaScript the browser runs, never the service. Neither reached nor unwired.
 */
export function browserCode(facts: Facts): (p: string, language?: string) => boolean {
  return facts.repo.memo('api:browser-code', () => browserCodeTest(facts));
}

function browserCodeTest(facts: Facts): (p: string, language?: string) => boolean {
  const http = facts.frameworks.http;
  // Without a server, the single-page-app packages of a front end (a bundler and no server framework) run in a
  // browser; elsewhere a bundler also builds programs for Node (an MCP server, a command-line program).
  if (!http.length) {
    if (facts.kind.kind !== 'frontend') return () => false;
    const spa = browserPackages(facts.repo);
    return (p, language) => language !== undefined && JS_LANGUAGES.has(language) && spa.some((d) => p.startsWith(d));
  }
  // A Node server shares the languages of the browser code: only a separate single-page-app package (client/ with its
  // own package.json, a bundler and no server framework) is told apart, never by file name nor the repository root
  // (in a component's view the root is `../../`: an ancestor of the server, not a separate package).
  const node = http.some((f) => f.language === 'node');
  const spa = browserPackages(facts.repo).filter((d) => !node || (d !== '' && !/^(?:\.\.\/)+$/.test(d)));
  if (node && !spa.length) return () => false;
  return (p, language) =>
    language !== undefined &&
    JS_LANGUAGES.has(language) &&
    ((!node && BROWSER_FILE.test(p)) || spa.some((d) => p.startsWith(d)));
}

/** Production source files split by whether the service reaches them (computed once per audit). */
function sourceSplit(facts: Facts): {
  reached: { path: string; language?: string }[];
  unreached: { path: string; language?: string }[];
} {
  return facts.repo.memo('api:source-split', () => {
    const live = facts.liveness;
    const browser = browserCode(facts);
    // Minified, bundled or vendored scripts (a docs page's `redoc.standalone.js`) are nobody's code on either side.
    const prod = facts.repo.files.filter(
      (f) =>
        f.kind === 'source' &&
        !f.isTest &&
        !f.tooLarge &&
        !browser(f.path, f.language) &&
        !isShippedScript(facts.repo, f.path),
    );
    return {
      reached: prod.filter((f) => live.isLive(f.path)),
      unreached: prod.filter((f) => !live.isLive(f.path)),
    };
  });
}

function pathsIn(files: { path: string; language?: string }[], languages?: string[]): string[] {
  return files
    .filter((f) => !languages || (f.language !== undefined && languages.includes(f.language)))
    .map((f) => f.path);
}

function grepIn(
  facts: Facts,
  files: { path: string; language?: string }[],
  re: RegExp,
  languages?: string[],
): GrepMatch[] {
  const paths = pathsIn(files, languages);
  if (!paths.length) return [];
  return facts.code.grep(re, { paths });
}

/**
 * The production source files the service reaches whose text holds a match of `re` (comments not blanked), in the
 * order grepReached searches them: for a per-file scan of code that needs the match, without a grep's every line.
 */
export function reachedHolding(facts: Facts, re: RegExp, languages?: string[]): string[] {
  return pathsIn(sourceSplit(facts).reached, languages).filter((p) => facts.repo.holds(re, p));
}

/** Matches in production source files the service reaches, comments excluded. */
export function grepReached(facts: Facts, re: RegExp, languages?: string[]): GrepMatch[] {
  return grepIn(facts, sourceSplit(facts).reached, re, languages);
}

/** Matches in production source files the service does NOT reach (written but never wired). */
export function grepUnreached(facts: Facts, re: RegExp, languages?: string[]): GrepMatch[] {
  return grepIn(facts, sourceSplit(facts).unreached, re, languages);
}

/** Matches in config-like files (YAML, properties, conf, TOML ...) outside tests and fixtures of the audited repo. */
export function grepConfig(facts: Facts, re: RegExp, include: string | string[]): GrepMatch[] {
  return facts.code.grep(re, { include }).filter((m) => !facts.repo.get(m.path)?.isTest);
}

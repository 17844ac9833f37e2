import { PROGRAMMING_LANGUAGES } from '../repo/classify.js';
import type { RepoIndex } from '../repo/index.js';

export interface LanguageFacts {
  /** Bytes of non-test source per programming language, largest first. */
  byBytes: { language: string; bytes: number; files: number }[];
  /** The language most of the production source is written in. */
  primary?: string;
  all: Set<string>;
}

/** Minified or bundled browser scripts (chart.min.js, app.bundle.js): shipped assets, not the code the team writes. */
export const MINIFIED = /\.min\.[cm]?js$|\.(?:bundle|chunk)\.[cm]?js$/i;

/**
 * Minified, bundled or vendored code: generated, not written, and full of look-alikes. A script named for a library's
 * release (`jquery-3.7.1.min.js`, `bootstrap-5.3.8.js`) is a copy of that library.
 */
const BUNDLE_PATH =
  /\.(?:bundle|chunk)\.[cm]?js$|[.-][0-9a-f]{8,}\.[cm]?js$|[-.]v?\d+\.\d+\.\d+(?:\.min)?\.[cm]?js$|(^|\/)(?:vendor(?:s|ed)?|third[-_]party|bower_components|jspm_packages|static\/(?:js\/)?lib|assets\/vendor)\//i;

/** A library's release banner opening the file (`/*! Vue.js v2.6.8 (c) … Released under the MIT License`): vendored. */
const RELEASE_BANNER = /^\s*\/\*!?\s*(?:\*\s*)?[A-Za-z@][\w.@/ -]{1,40}?\s+v?\d+\.\d+\.\d+\b/;

/**
 * The Dojo builder's mark, a line `//>>built` under the licence header of every module it writes: a built copy of the
 * toolkit (`lib/dojo/`, `lib/dijit/`), rebuilt from its sources by a profile, not code anyone writes.
 */
const DOJO_BUILT = /^\/\/>>built[ \t]*$/m;

/**
 * Whether a script or stylesheet is minified, bundled or vendored: by its path (`*.chunk.js`, a content hash, `vendor/`),
 * a library's release banner, the Dojo builder's mark, or long lines (a 400 KB webpack `chunk-vendors.js` of 265 lines). Shared by the secrets
 * scan; liveness uses its content test (a bundle that calls `.listen(` is a browser asset, not a server entry).
 */
export function isBundle(path: string, text: string): boolean {
  if (BUNDLE_PATH.test(path)) return true;
  if (
    /\.[cm]?js$|\.css$/i.test(path) &&
    RELEASE_BANNER.test(text.slice(0, 300)) &&
    /\(c\)|©|copyright|licen[cs]e/i.test(text.slice(0, 600))
  )
    return true;
  if (/\.[cm]?js$/i.test(path) && DOJO_BUILT.test(text.slice(0, 800))) return true;
  return /\.[cm]?[jt]sx?$|\.css$/i.test(path) && minifiedText(text);
}

/**
 * Minified text: a line over 1,000 characters among the first 50 and over 300 characters a line on average, or, in a
 * file over 20 KB, over 400 a line on average (a minifier that wraps its output at ~500 columns: CKEditor's build).
 */
export function minifiedText(text: string): boolean {
  if (text.length < 2000) return false;
  let lines = 1;
  let longEarly = false;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (lines <= 50 && i - start > 1000) longEarly = true;
    start = i + 1;
    lines++;
  }
  if (lines <= 50 && text.length - start > 1000) longEarly = true;
  const perLine = text.length / lines;
  return (longEarly && perLine > 300) || (text.length > 20_000 && perLine > 400);
}

/** Scripts and stylesheets: the files a minifier or bundler writes. */
const SCRIPT_OR_STYLE = /\.(?:[cm]?js|css)$/i;

/**
 * Whether a script or stylesheet of the repository is a minified, bundled or vendored copy (once per file): nobody's
 * code, so no fact's grep reports it (a published Filament `app.js` is no dead-letter setting, a vendored editor's
 * `body=` no password).
 */
export function isShippedScript(repo: RepoIndex, path: string): boolean {
  return (
    SCRIPT_OR_STYLE.test(path) &&
    repo.fileMemo('languages:shipped-script', path, () => isBundle(path, repo.read(path) ?? ''))
  );
}

/** minifiedText of a repository file, once per file: liveness asks it of every script in every component view. */
export function minifiedFile(repo: RepoIndex, path: string): boolean {
  return repo.fileMemo('languages:minified', path, () => minifiedText(repo.read(path) ?? ''));
}

export function detectLanguages(repo: RepoIndex): LanguageFacts {
  const acc = new Map<string, { bytes: number; files: number }>();
  for (const f of repo.files) {
    if (!f.language || !PROGRAMMING_LANGUAGES.has(f.language) || f.isTest || MINIFIED.test(f.path)) continue;
    // TypeScript and JavaScript are one stack for the purposes of every rule.
    const e = acc.get(f.language) ?? { bytes: 0, files: 0 };
    e.bytes += f.size;
    e.files += 1;
    acc.set(f.language, e);
  }
  const byBytes = [...acc.entries()]
    .map(([language, v]) => ({ language, ...v }))
    .sort((a, b) => b.bytes - a.bytes || a.language.localeCompare(b.language));
  return { byBytes, primary: byBytes[0]?.language, all: new Set(byBytes.map((l) => l.language)) };
}

/** The ecosystem a language belongs to, as manifests and rules see it. */
export function ecosystemOf(language: string | undefined): Ecosystem | undefined {
  switch (language) {
    case 'python':
      return 'python';
    case 'javascript':
    case 'typescript':
      return 'node';
    case 'go':
      return 'go';
    case 'java':
    case 'kotlin':
    case 'scala':
    case 'groovy':
      return 'jvm';
    case 'ruby':
      return 'ruby';
    case 'rust':
      return 'rust';
    case 'php':
      return 'php';
    case 'elixir':
      return 'elixir';
    case 'csharp':
    case 'fsharp':
      return 'dotnet';
    default:
      return undefined;
  }
}

export type Ecosystem = 'python' | 'node' | 'go' | 'jvm' | 'ruby' | 'rust' | 'php' | 'elixir' | 'dotnet';

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
      return 'dotnet';
    default:
      return undefined;
  }
}

export type Ecosystem = 'python' | 'node' | 'go' | 'jvm' | 'ruby' | 'rust' | 'php' | 'elixir' | 'dotnet';

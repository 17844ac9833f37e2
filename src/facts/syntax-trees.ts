import { createRequire } from 'node:module';
import type { Parser } from 'web-tree-sitter';

/**
 * The tree-sitter runtime and the grammars the facts parse with, loaded once and only when an audit may parse: loading
 * them costs about a quarter of a CPU second, which `readiness rules`, `--version` and an audit of a repository
 * without JavaScript, TypeScript or Python need not pay. The runtime and the grammars load asynchronously while the
 * facts parse synchronously, so a command that computes facts awaits {@link loadSyntaxTrees} first, or runs through
 * {@link withSyntaxTrees}. The WASM runtime must be initialised a single time before any grammar loads (two modules
 * initialising it concurrently corrupt each other): every caller shares one load.
 */
const require = createRequire(import.meta.url);

interface Parsers {
  python: Parser;
  javascript: Parser;
  /** TypeScript without JSX (`<T>x` is a type assertion here). */
  typescript: Parser;
  /** TSX (also right for .js/.jsx: TSX parses JavaScript). */
  tsx: Parser;
}

let parsers: Parsers | undefined;
let loading: Promise<void> | undefined;
/** A parser was asked for before the grammars were loaded (the facts computed since then are not to be trusted). */
let missed = false;

/** Loads the runtime and the grammars (once; later calls share the first load). */
export function loadSyntaxTrees(): Promise<void> {
  loading ??= (async () => {
    const { Language, Parser } = await import('web-tree-sitter');
    await Parser.init();
    const grammar = (file: string) => Language.load(require.resolve(file));
    const python = await grammar('tree-sitter-python/tree-sitter-python.wasm');
    const javascript = await grammar('tree-sitter-javascript/tree-sitter-javascript.wasm');
    const typescript = await grammar('tree-sitter-typescript/tree-sitter-typescript.wasm');
    const tsx = await grammar('tree-sitter-typescript/tree-sitter-tsx.wasm');
    const parserFor = (language: typeof python): Parser => {
      const p = new Parser();
      p.setLanguage(language);
      return p;
    };
    parsers = {
      python: parserFor(python),
      javascript: parserFor(javascript),
      typescript: parserFor(typescript),
      tsx: parserFor(tsx),
    };
  })();
  return loading;
}

export function syntaxTreesLoaded(): boolean {
  return parsers !== undefined;
}

/** Thrown when a fact parses before {@link loadSyntaxTrees} finished; {@link withSyntaxTrees} then runs again, loaded. */
export class SyntaxTreesNotLoaded extends Error {
  constructor() {
    super('the tree-sitter grammars are not loaded: await loadSyntaxTrees() before computing facts');
  }
}

function loaded(): Parsers {
  if (!parsers) {
    missed = true;
    throw new SyntaxTreesNotLoaded();
  }
  return parsers;
}

export const pythonParser = (): Parser => loaded().python;
export const javascriptParser = (): Parser => loaded().javascript;

/** The parser for a JavaScript/TypeScript file by its extension. */
export function jsFamilyParser(path: string): Parser {
  return /\.[cm]?ts$/.test(path) ? loaded().typescript : loaded().tsx;
}

/** Paths of files some fact parses with tree-sitter: JavaScript, TypeScript and Python sources. */
export const PARSED_FILE = /\.(?:[cm]?[jt]sx?|py)$/i;

/**
 * Runs `run` (which computes facts) with the grammars loaded when `mayParse` says it could parse. When it said no and a
 * fact asked for a parser all the same (a start script without an extension, say), the grammars are loaded and `run`
 * runs again from the start, so the result never depends on the guess.
 */
export async function withSyntaxTrees<T>(mayParse: boolean, run: () => T): Promise<T> {
  if (mayParse) await loadSyntaxTrees();
  if (syntaxTreesLoaded()) return run();
  missed = false;
  let out: T;
  try {
    out = run();
  } catch (e) {
    // A parse that nothing caught: the same rerun, loaded (any other error is the caller's).
    if (!(e instanceof SyntaxTreesNotLoaded)) throw e;
    missed = true;
  }
  if (!missed) return out!;
  await loadSyntaxTrees();
  return run();
}

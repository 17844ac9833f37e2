import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';

/**
 * The tree-sitter runtime and the grammars the facts parse with, loaded once (the WASM runtime must be initialised a
 * single time before any grammar loads; two modules initialising it concurrently corrupt each other).
 */
const require = createRequire(import.meta.url);
await Parser.init();
const PYTHON = await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
const JAVASCRIPT = await Language.load(require.resolve('tree-sitter-javascript/tree-sitter-javascript.wasm'));
const TYPESCRIPT = await Language.load(require.resolve('tree-sitter-typescript/tree-sitter-typescript.wasm'));
const TSX = await Language.load(require.resolve('tree-sitter-typescript/tree-sitter-tsx.wasm'));

function parserFor(language: Language): Parser {
  const p = new Parser();
  p.setLanguage(language);
  return p;
}

export const pythonParser = parserFor(PYTHON);
export const javascriptParser = parserFor(JAVASCRIPT);
/** TypeScript without JSX (`<T>x` is a type assertion here), and TSX (also right for .js/.jsx: TSX parses JavaScript). */
export const typescriptParser = parserFor(TYPESCRIPT);
export const tsxParser = parserFor(TSX);

/** The parser for a JavaScript/TypeScript file by its extension. */
export function jsFamilyParser(path: string): Parser {
  return /\.[cm]?ts$/.test(path) ? typescriptParser : tsxParser;
}

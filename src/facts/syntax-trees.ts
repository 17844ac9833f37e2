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

function parserFor(language: Language): Parser {
  const p = new Parser();
  p.setLanguage(language);
  return p;
}

export const pythonParser = parserFor(PYTHON);
export const javascriptParser = parserFor(JAVASCRIPT);

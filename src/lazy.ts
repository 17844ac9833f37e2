import { createRequire } from 'node:module';

/**
 * Parsers loaded on first use, so a command or an audit that needs no Markdown, XML, TOML or Dockerfile parse does
 * not pay for loading them (Markdown alone is some eighty modules). Node loads an ES module synchronously through
 * `require` from 20.19 and 22.12 on, the versions package.json's engines names.
 */
const require = createRequire(import.meta.url);

const LAZY = [
  'micromark',
  'micromark-extension-gfm',
  'micromark-util-subtokenize',
  'mdast-util-from-markdown',
  'mdast-util-gfm',
  'mdast-util-to-string',
  'dockerfile-ast',
  'fast-xml-parser',
  'smol-toml',
] as const;
type LazyName = (typeof LAZY)[number];

const loaded = new Map<LazyName, unknown>();

/** A getter for a package's exports, loading the package the first time it is called. */
export function lazy<T>(name: LazyName): () => T {
  return () => {
    let m = loaded.get(name);
    if (m === undefined) {
      m = require(name);
      loaded.set(name, m);
    }
    return m as T;
  };
}

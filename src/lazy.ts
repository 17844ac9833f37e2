import { createRequire } from 'node:module';

/**
 * Parsers loaded on first use, so a command or an audit that needs no Markdown, XML, TOML or Dockerfile parse does
 * not pay for loading them (Markdown alone is some eighty modules). Node loads an ES module synchronously through
 * `require` from 20.19 and 22.12 on, the versions package.json's engines names.
 */
const require = createRequire(import.meta.url);

/** The Markdown packages (see MARKDOWN_PACKAGES). */
const MARKDOWN = [
  'micromark',
  'micromark-extension-gfm',
  'micromark-util-subtokenize',
  'mdast-util-from-markdown',
  'mdast-util-gfm',
  'mdast-util-to-string',
] as const;
const LAZY = [...MARKDOWN, 'dockerfile-ast', 'fast-xml-parser', 'smol-toml'] as const;
type LazyName = (typeof LAZY)[number];
/** Every lazily loaded package: the CLI bundle keeps them external (scripts/bundle.mjs). */
export const LAZY_PACKAGES: readonly LazyName[] = LAZY;

const loaded = new Map<LazyName, unknown>();

/** `true` in the bundled CLI (scripts/bundle.mjs defines it). */
declare const __READINESS_BUNDLE__: boolean | undefined;
const BUNDLED = typeof __READINESS_BUNDLE__ !== 'undefined' && __READINESS_BUNDLE__;

/**
 * The Markdown packages, which the bundled CLI loads from one file of their own next to its chunks
 * (lazy-markdown.js, made by scripts/bundle.mjs: each package's exports under `vendorKey(name)`). From node_modules
 * they are some eighty modules, and resolving and loading them one by one cost several times parsing one README
 * (Node 20, CPU: about 170 ms against 30 ms for the one file).
 */
export const MARKDOWN_PACKAGES: readonly LazyName[] = MARKDOWN;

/** The export of lazy-markdown.js holding a package's exports. */
export function vendorKey(name: string): string {
  return name.replace(/\W/g, '_');
}

/** A getter for a package's exports, loading the package the first time it is called. */
export function lazy<T>(name: LazyName): () => T {
  return () => {
    let m = loaded.get(name);
    if (m === undefined) {
      m =
        BUNDLED && MARKDOWN_PACKAGES.includes(name)
          ? (require('./lazy-markdown.js') as Record<string, unknown>)[vendorKey(name)]
          : require(name);
      loaded.set(name, m);
    }
    return m as T;
  };
}

import { createRequire } from 'node:module';

/**
 * Parsers (and terminal widths) loaded on first use, so a command or an audit that needs no Markdown, XML, TOML or
 * Dockerfile parse does not pay for loading them (Markdown alone is some eighty modules), nor for the 4,300 lines of
 * the `globals` package's environments when it parses no plain JavaScript module. Node loads an ES module
 * synchronously through `require` from 20.19 and 22.12 on, the versions package.json's engines names.
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
const LAZY = [...MARKDOWN, 'dockerfile-ast', 'fast-xml-parser', 'smol-toml', 'globals'] as const;
/**
 * Terminal widths (src/report/wrap.ts), needed only when text goes to a terminal: loading string-width makes an
 * `Intl.Segmenter` and builds its Unicode property patterns, ~30 ms of CPU that every audit paid at start-up. They stay
 * out of LAZY_PACKAGES: the spinner (ora, itself imported on first use) imports string-width, and the bundle keeps
 * that copy, which an external string-width would break (rolldown's CommonJS interop takes its namespace for its
 * default export).
 */
const TERMINAL = ['string-width', 'wrap-ansi'] as const;
type LazyName = (typeof LAZY)[number] | (typeof TERMINAL)[number];
/** Every lazily loaded package the CLI bundle keeps external (scripts/bundle.mjs). */
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

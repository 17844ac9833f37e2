#!/usr/bin/env node
// Bundles the compiled CLI (dist/src/cli/main.js, from `tsc`) with rolldown into dist/cli/: main.js, the SDK entry
// rule packs import (sdk.js), the resolution hooks that point packs at it (pack-hooks.js), and shared chunks; every
// command, format, prompt and the history store stay separate chunks loaded on first use. Start-up was mostly Node
// resolving, reading and compiling some 370 modules one by one (zod alone is 95, commander and yaml dozens): one
// bundle halves the CPU an audit of a small repository spends before it reads a file (see README, "Speed").
// Left out, and loaded from node_modules at run time: native and WebAssembly packages (their binaries sit next to
// their code) and the parsers src/lazy.ts requires on first use (a bundled copy would be loaded up front).
// dist/src stays as tsc wrote it: the SDK's package export, its types and the tests that import modules directly.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'rolldown';
import { parseAst } from 'rolldown/parseAst';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const compiled = path.join(root, 'dist', 'src');
const out = path.join(root, 'dist', 'cli');

// The packages src/lazy.ts loads on first use, from its compiled module (tsc runs before this script).
const { LAZY_PACKAGES, MARKDOWN_PACKAGES, vendorKey } = await import(
  pathToFileURL(path.join(compiled, 'lazy.js')).href
);
const LAZY = [...LAZY_PACKAGES];
const EXTERNAL = [
  'better-sqlite3',
  'web-tree-sitter',
  'tree-sitter-javascript',
  'tree-sitter-python',
  'tree-sitter-typescript',
  ...LAZY,
];
const isExternal = (id) => id.startsWith('node:') || EXTERNAL.some((e) => id === e || id.startsWith(`${e}/`));

fs.rmSync(out, { recursive: true, force: true });
await build({
  input: {
    main: path.join(compiled, 'cli', 'main.js'),
    sdk: path.join(compiled, 'sdk', 'index.js'),
    'pack-hooks': path.join(compiled, 'engine', 'pack-hooks.js'),
  },
  platform: 'node',
  external: isExternal,
  // jsonc-parser's "main" is a UMD build whose require() calls a bundler cannot follow; its ES module build is the same code.
  resolve: { alias: { 'jsonc-parser': path.join(root, 'node_modules', 'jsonc-parser', 'lib', 'esm', 'main.js') } },
  // src/engine/packs.ts finds the SDK and the hooks next to itself when bundled.
  transform: { define: { __READINESS_BUNDLE__: 'true' } },
  logLevel: 'warn',
  output: {
    dir: out,
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: '[name]-[hash].js',
    // Stack traces under --debug name the original function names; readable code beats a few percent of parse time.
    minify: false,
    // ASCII only (other characters escaped): V8 keeps each module's source for lazy compilation, and one non-ASCII
    // character (a `…` in a message) makes the whole string two bytes a character; comments (JSDoc) are left out too.
    // Measured: an audit of an empty directory 83 → 77 MiB peak RSS, the FastAPI template 150 → 146.5 MiB.
    charset: 'ascii',
    comments: false,
  },
});

// The same entries again as CommonJS (main.cjs, sdk.cjs and their chunks, *.cjs), which bin/readiness.js runs on Node
// versions without module.enableCompileCache() (Node 20) through bin/code-cache.js: vm.Script takes V8's code cache, ES
// modules do not there. `import.meta.url` is the chunk's file URL; the two dynamic imports of ES modules left (the
// tree-sitter runtime, a rule pack) go through the loader's import function, because vm.Script's own dynamic import
// does not survive a code cache on Node 20. Rule packs get the SDK from sdk-cjs.mjs, which re-exports the loaded sdk.cjs.
const IMPORT_HOOK = 'globalThis[Symbol.for("readiness-audit.import")]';
await build({
  input: {
    main: path.join(compiled, 'cli', 'main.js'),
    sdk: path.join(compiled, 'sdk', 'index.js'),
  },
  platform: 'node',
  external: isExternal,
  resolve: { alias: { 'jsonc-parser': path.join(root, 'node_modules', 'jsonc-parser', 'lib', 'esm', 'main.js') } },
  transform: {
    define: {
      __READINESS_BUNDLE__: 'true',
      __READINESS_SDK__: '"./sdk-cjs.mjs"',
      'import.meta.url': '__readiness_url',
    },
  },
  logLevel: 'warn',
  plugins: [
    {
      name: 'esm-imports-through-loader',
      renderChunk(code, chunk) {
        const out = code.replaceAll('await import(', `await ${IMPORT_HOOK}(`);
        if (/\bimport\(/.test(out.replaceAll(IMPORT_HOOK, '')))
          throw new Error(`${chunk.fileName}: a dynamic import the CommonJS bundle cannot run`);
        return out;
      },
    },
  ],
  output: {
    dir: out,
    format: 'cjs',
    entryFileNames: '[name].cjs',
    chunkFileNames: '[name]-[hash].cjs',
    minify: false,
    charset: 'ascii',
    comments: false,
    banner: 'const __readiness_url = require("node:url").pathToFileURL(__filename).href;',
  },
});
const sdkNames = Object.keys(await import(pathToFileURL(path.join(out, 'sdk.js')).href));
fs.writeFileSync(
  path.join(out, 'sdk-cjs.mjs'),
  `// The SDK of the CommonJS bundle bin/code-cache.js loaded, for rule packs (written by scripts/bundle.mjs).\n` +
    `const sdk = globalThis[Symbol.for('readiness-audit.sdk')]();\n` +
    `export const { ${sdkNames.join(', ')} } = sdk;\n`,
);

// The Markdown packages src/lazy.ts loads on first use, bundled into one file of their own (lazy-markdown.js, each
// package's exports under vendorKey(name)): one module to load instead of some eighty.
const MARKDOWN = [...MARKDOWN_PACKAGES];
const entry = path.join(root, 'dist', 'lazy-markdown-entry.mjs');
fs.writeFileSync(entry, MARKDOWN.map((m) => `export * as ${vendorKey(m)} from '${m}';\n`).join(''));
try {
  await build({
    input: { 'lazy-markdown': entry },
    platform: 'node',
    logLevel: 'warn',
    output: {
      dir: out,
      format: 'esm',
      entryFileNames: '[name].js',
      chunkFileNames: 'lazy-markdown-[hash].js',
      minify: false,
      charset: 'ascii',
      comments: false,
    },
  });
} finally {
  fs.rmSync(entry, { force: true });
}

// The literal prefilters' automaton (src/repo/literal-scan.ts), built once here from the catalog and written next to
// the bundle, where literalScanner() reads it (an audit spared ~80 ms of CPU building it); the code that reads it
// checks it is of the same catalog and builds the automaton otherwise.
const { LiteralScanner } = await import(pathToFileURL(path.join(compiled, 'repo', 'literal-scan.js')).href);
const { LITERAL_CATALOG } = await import(pathToFileURL(path.join(compiled, 'repo', 'literal-catalog.js')).href);
const { AUTOMATON_IMAGE } = await import(pathToFileURL(path.join(compiled, 'repo', 'prefilter.js')).href);
const automaton = new LiteralScanner(LITERAL_CATALOG.map(([literal, ci]) => ({ literal, ci: ci === 1 })));
fs.writeFileSync(path.join(out, AUTOMATON_IMAGE), automaton.image());

// The prefilters of the compiled code's regex literals (src/repo/prefilter.ts, deriveEntry), derived here with the same
// code and written next to the bundle, where prefilterOf() and the tail filter look a pattern up before parsing it with
// regexpp (some 0.5 ms of CPU a pattern in a fresh process; ~190 ms of an audit of a small FastAPI project, most of its
// patterns literals). Patterns made at run time (`new RegExp` of a built string) are derived as before.
const { deriveEntry, derivedTable, DERIVED_TABLE, tableKey } = await import(
  pathToFileURL(path.join(compiled, 'repo', 'prefilter.js')).href
);
const patterns = new Map();
const visit = (node) => {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) visit(n);
    return;
  }
  if (node.type === 'Literal' && node.regex) {
    try {
      const re = new RegExp(node.regex.pattern, node.regex.flags);
      patterns.set(tableKey(re), re);
    } catch {
      // A pattern this Node cannot compile is derived, if ever asked for, at run time.
    }
  }
  for (const key in node) if (key !== 'parent') visit(node[key]);
};
const walk = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.js')) visit(parseAst(fs.readFileSync(p, 'utf8'), { sourceType: 'module' }, p));
  }
};
walk(compiled);
walk(path.join(root, 'dist', 'rules'));
const entries = [...patterns.values()].map(deriveEntry);
fs.writeFileSync(path.join(out, DERIVED_TABLE), derivedTable(entries));

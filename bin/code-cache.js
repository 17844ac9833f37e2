// Loads the CommonJS copy of the CLI bundle (dist/cli/*.cjs, written by scripts/bundle.mjs) with V8's code cache, for
// Node versions without `module.enableCompileCache()` (Node 20). Compiling the bundle's code was the largest fixed cost
// of an audit there: V8 pre-parses each module's source and compiles each function the first time it runs. Here each
// chunk is compiled through vm.Script with the bytes V8 made for it at the exit of an earlier run
// (`script.createCachedData()`, which then holds the bytecode of every function that run compiled).
//
// The cache folder is NODE_COMPILE_CACHE when set, or os.tmpdir()/readiness-compile-cache-<uid>; it is used only when
// it is a folder of this user that no one else can write (a planted cache would be code this process runs).
// NODE_DISABLE_COMPILE_CACHE=1 turns it off (the bundle is then compiled from source). A cache file is named after the
// chunk and its size and modification time, in a folder of the Node version, the architecture and the bundle's folder;
// V8 itself rejects bytes made by another V8 or under other flags (the chunk is then compiled from source and its cache
// written again). A run of another command than `audit` writes a chunk's cache only when there is none, marked partial
// (it compiled less of the chunk than an audit does): the next audit replaces it. An audit also writes every chunk's
// cache again when it compiled clearly more than the audit that wrote them (the file compiled-bytes in the folder).
import crypto from 'node:crypto';
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';

/** This user's cache folder for the bundle in `dir`, made if need be, or undefined (no cache). */
function cacheFolder(dir) {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  try {
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    const base = process.env.NODE_COMPILE_CACHE || path.join(os.tmpdir(), `readiness-compile-cache-${uid ?? 'user'}`);
    const bundle = crypto.createHash('sha1').update(dir).digest('hex').slice(0, 12);
    const folder = path.join(base, `readiness-${process.version}-${process.arch}-${bundle}`);
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    for (const d of [base, folder]) {
      const st = fs.lstatSync(d);
      if (!st.isDirectory() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o022) !== 0) return undefined;
    }
    return folder;
  } catch {
    return undefined;
  }
}

/** The name of the chunk `file`'s cache files (before `.v8` or `.partial.v8`): the chunk, its size and modification time. */
function cacheKey(file) {
  const st = fs.statSync(file);
  return `${path.basename(file)}.${st.size}-${Math.trunc(st.mtimeMs)}`;
}

/**
 * One buffer, kept, that every chunk's source and cache is read into (a view of it is returned, valid until the next
 * read): a fresh buffer of a megabyte a file, freed once compiled, made glibc raise its mmap threshold to that size, so
 * that later blocks up to it came from a heap left fragmented (+7 MiB of peak RSS on the FastAPI template).
 */
let scratch = Buffer.allocUnsafeSlow(2 << 20);
function readInto(file) {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    if (scratch.length < size) scratch = Buffer.allocUnsafeSlow(Math.max(size, 2 * scratch.length));
    let n = 0;
    for (let r; n < size && (r = fs.readSync(fd, scratch, n, size - n, null)) > 0; ) n += r;
    return scratch.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * How much of the bundle this process compiled: V8's bytecode at exit (a chunk's cache holds the bytecode of every
 * function compiled when it was made, and a run that loaded it holds at least that). The caches' writer records it in
 * the cache folder, so that an audit that compiled clearly more (a real repository after an empty folder, or after a
 * repository of another stack) writes them again: a cache is otherwise never replaced while its chunk is unchanged,
 * and every later audit compiled again what the small run that wrote it never ran (~0.1 s on the FastAPI template).
 */
const compiledBytes = () => v8.getHeapCodeStatistics().bytecode_and_metadata_size;
/** Rewrite the caches when this run compiled more than this share above what their writer compiled. */
const REWRITE_ABOVE = 1.05;

function writtenBy(cache) {
  try {
    return Number(fs.readFileSync(path.join(cache, 'compiled-bytes'), 'latin1')) || 0;
  } catch {
    return 0;
  }
}

/**
 * Runs the bundle's CommonJS entry `entry` (a file name in the folder `dir`) and returns its exports. Its chunks
 * `require` each other through this loader (one instance each); anything else (node: modules, the packages left out of
 * the bundle) goes to Node's own `require`. The bundle's dynamic imports of ES modules call
 * `globalThis[Symbol.for('readiness-audit.import')]`: vm.Script's own dynamic import does not survive a code cache on
 * Node 20.
 */
export function loadBundle(dir, entry) {
  const cache = cacheFolder(dir);
  const full = process.argv.slice(2).includes('audit');
  const modules = new Map();
  /** Chunks whose cache is written at exit: [script, cache file, partial cache file to remove]. */
  const toWrite = [];
  /** Chunks whose cache was accepted, written again when this audit compiled clearly more than their writer. */
  const cached = [];
  globalThis[Symbol.for('readiness-audit.import')] ??= (specifier) => import(specifier);

  /** Compiles the chunk `file`, with its cache when there is one. */
  const compile = (file) => {
    const source = readInto(file).latin1Slice(); // ASCII: the bundle escapes every other character
    let name;
    let cachedData;
    let partial = false;
    if (cache) {
      name = path.join(cache, cacheKey(file));
      try {
        cachedData = readInto(`${name}.v8`);
      } catch {
        try {
          cachedData = readInto(`${name}.partial.v8`);
          partial = true;
        } catch {}
      }
    }
    const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
    return { script, name, rejected: !cachedData || script.cachedDataRejected, partial };
  };
  /** The chunk a file of the cache folder is the cache of. */
  const chunkOf = (f) => path.join(dir, f.slice(0, f.indexOf('.cjs.') + 4));
  // V8 accepts a cache only under the flags it was made with, and from an audit's first fact on src/young-generation.ts
  // changes some: a chunk compiled in the middle of an audit (the claims after the facts, the history store and plan
  // after them) had its cache rejected, and written again at exit, in every audit past 56 MB of heap. An audit compiles
  // first every chunk an earlier audit left a cache of, and runs each when it is first required.
  const early = new Map();
  if (cache && full)
    for (const f of fs.readdirSync(cache)) {
      try {
        if (f === `${cacheKey(chunkOf(f))}.v8`) early.set(chunkOf(f), compile(chunkOf(f)));
      } catch {}
    }

  const load = (file) => {
    const known = modules.get(file);
    if (known) return known.exports;
    const mod = { exports: {} };
    modules.set(file, mod);
    const { script, name, rejected, partial } = early.get(file) ?? compile(file);
    if (name && (rejected || (partial && full))) toWrite.push([script, name, partial]);
    else if (name) cached.push([script, name, partial]);
    const fn = script.runInThisContext();
    const nodeRequire = createRequire(file);
    const require = (id) => (id.startsWith('./') && id.endsWith('.cjs') ? load(path.join(dir, id)) : nodeRequire(id));
    require.resolve = nodeRequire.resolve;
    fn.call(mod.exports, mod.exports, require, mod, file, dir);
    return mod.exports;
  };

  if (cache)
    process.on('exit', () => {
      const compiled = full ? compiledBytes() : 0;
      if (full && cached.length && compiled > REWRITE_ABOVE * writtenBy(cache)) toWrite.push(...cached.splice(0));
      if (!toWrite.length) return;
      for (const [script, name, partial] of toWrite) {
        try {
          const target = `${name}${full ? '' : '.partial'}.v8`;
          const tmp = `${target}.${process.pid}.tmp`;
          fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
          fs.renameSync(tmp, target);
          if (partial && full) fs.rmSync(`${name}.partial.v8`, { force: true });
        } catch {}
      }
      if (full)
        try {
          const record = path.join(cache, 'compiled-bytes');
          fs.writeFileSync(`${record}.${process.pid}.tmp`, String(Math.max(compiled, writtenBy(cache))), {
            mode: 0o600,
          });
          fs.renameSync(`${record}.${process.pid}.tmp`, record);
        } catch {}
      // Caches of chunks a rebuild replaced or changed.
      try {
        const current = new Set(toWrite.map(([, name]) => path.basename(name)));
        for (const f of fs.readdirSync(cache)) {
          const key = f.replace(/(\.partial)?\.v8$/, '');
          if (!f.endsWith('.v8') || current.has(key)) continue;
          let now;
          try {
            now = cacheKey(chunkOf(f));
          } catch {}
          if (key !== now) fs.rmSync(path.join(cache, f), { force: true });
        }
      } catch {}
    });
  // Rule packs import the SDK from this same set of modules (src/engine/packs.ts, dist/cli/sdk-cjs.mjs).
  globalThis[Symbol.for('readiness-audit.sdk')] = () => load(path.join(dir, 'sdk.cjs'));
  return load(path.join(dir, entry));
}

import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { type GitProbeWithShallow, listWorkTreeFiles, probeGitWithShallow } from './git.js';

export interface ListedFile {
  path: string;
  size: number;
}

/** Where the index gets its files from: a work tree on disk, a git commit, or memory (tests). */
export interface FileSource {
  readonly kind: 'git' | 'walk' | 'git-ref' | 'memory';
  /** heldIgnored: folders holding entries the default ignores leave out (a folder whose only files are `dist/`). */
  list(): { files: ListedFile[]; skipped: SkippedFile[]; heldIgnored?: string[] };
  /** A file's bytes; a work tree's may be a view of a buffer the next read reuses (decode it before reading again). */
  read(relPath: string): Buffer | undefined;
}

export interface SkippedFile {
  path: string;
  reason: 'symlink-outside-root' | 'too-large' | 'not-a-file' | 'unreadable' | 'unreadable-directory';
}

/** Records the folders above a left-out entry (`manager/dist/app.js` → manager/dist, manager). */
function addParents(held: Set<string>, rel: string): void {
  for (let d = path.posix.dirname(toPosix(rel)); d !== '.' && !held.has(d); d = path.posix.dirname(d)) held.add(d);
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** A listed file that is gone (deleted in the work tree, still in the index): not an unread file, just absent. */
const GONE = 'gone';

/**
 * Resolves a listed path, refusing anything whose real location is outside the root (symlinks) and files this
 * process may not read (permissions): those are reported as unread, never silently dropped.
 */
function statInside(rootReal: string, rel: string): { size: number } | SkippedFile['reason'] | typeof GONE {
  const abs = path.join(rootReal, rel);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? GONE : 'unreadable';
  }
  if (st.isSymbolicLink()) {
    let real: string;
    try {
      real = fs.realpathSync(abs);
    } catch (e) {
      // A link to a file that does not exist is a broken link, not a file that hides content: nothing could read it.
      const code = (e as NodeJS.ErrnoException).code;
      return code === 'ENOENT' || code === 'ENOTDIR' ? 'not-a-file' : 'unreadable';
    }
    if (real !== rootReal && !real.startsWith(rootReal + path.sep)) return 'symlink-outside-root';
    try {
      st = fs.statSync(real);
    } catch {
      return 'unreadable';
    }
  }
  if (!st.isFile()) return 'not-a-file';
  try {
    fs.accessSync(abs, fs.constants.R_OK);
  } catch {
    return 'unreadable';
  }
  return { size: st.size };
}

function readInside(rootReal: string, rel: string, maxBytes: number): Buffer | undefined {
  const abs = path.join(rootReal, rel);
  try {
    // The native realpath(3) is one system call; fs.realpathSync walks and lstat()s every path component in JS.
    const real = fs.realpathSync.native(abs);
    if (real !== rootReal && !real.startsWith(rootReal + path.sep)) return undefined;
    const st = fs.statSync(real);
    if (!st.isFile() || st.size > maxBytes) return undefined;
    return fs.readFileSync(real);
  } catch {
    return undefined;
  }
}

/** The buffer files are read into (see readWhole): 64 KiB, then the size limit (at most 1 MiB) or a larger file's. */
let scratch = Buffer.alloc(0);

/**
 * The content of the open file `fd` (`size` bytes when it was stat'ed, at most `maxBytes`), read into one buffer kept
 * for the whole process and returned as a view of it: valid until the next read (RepoIndex.read decodes it at once).
 * A fresh buffer a file, freed once decoded, made the C library raise its mmap threshold to the largest file's size
 * (glibc does so when a large block it had mapped is freed), after which blocks up to that size came from its heap and
 * left it fragmented (peak RSS; see docs/accuracy.md, round 2026-12-05c, s14i).
 */
function readWhole(fd: number, size: number, maxBytes: number): Buffer {
  if (scratch.length <= size)
    scratch = Buffer.allocUnsafeSlow(size < 64 * 1024 ? 64 * 1024 : Math.max(size, Math.min(maxBytes, 1 << 20)) + 1);
  let n = 0;
  for (let r: number; (r = fs.readSync(fd, scratch, n, scratch.length - n, null)) > 0; ) {
    n += r;
    if (n === scratch.length) return Buffer.concat([scratch.subarray(0, n), fs.readFileSync(fd)]); // grew since
  }
  return scratch.subarray(0, n);
}

const NO_FOLLOW = fs.constants.O_NOFOLLOW;

/**
 * {@link readInside} with each folder resolved once: a file that is not itself a symbolic link lies where its folder
 * really is, so the folder's real path (cached) and an open that refuses a link (O_NOFOLLOW) stand for resolving every
 * file, and the open descriptor's stat for a second stat. A link, a path with `..`, or a platform without O_NOFOLLOW
 * takes the full path.
 */
function readInsideCached(
  rootReal: string,
  rel: string,
  maxBytes: number,
  folders: Map<string, string | null>,
): Buffer | undefined {
  // Only a plain relative path (no `..`, `.` or empty segment) is split at its folder; anything else the long way.
  if (NO_FOLLOW === undefined || !/^(?!\/)(?:(?!\.\.?\/)[^/]+\/)*(?!\.\.?$)[^/]+$/.test(rel))
    return readInside(rootReal, rel, maxBytes);
  const slash = rel.lastIndexOf('/');
  const folder = slash < 0 ? '' : rel.slice(0, slash);
  let real = folders.get(folder);
  if (real === undefined) {
    try {
      real = folder ? fs.realpathSync.native(path.join(rootReal, folder)) : rootReal;
      if (real !== rootReal && !real.startsWith(rootReal + path.sep)) real = null;
    } catch {
      real = null;
    }
    folders.set(folder, real);
  }
  if (real === null) return undefined;
  let fd: number;
  try {
    // O_NONBLOCK: opening a named pipe must not wait for a writer (the fstat below then refuses it).
    fd = fs.openSync(
      path.join(real, rel.slice(slash + 1)),
      fs.constants.O_RDONLY | NO_FOLLOW | fs.constants.O_NONBLOCK,
    );
  } catch (e) {
    // ELOOP: the file is a symbolic link; resolve it the long way (it may point inside the root).
    return (e as NodeJS.ErrnoException).code === 'ELOOP' ? readInside(rootReal, rel, maxBytes) : undefined;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile() || st.size > maxBytes) return undefined;
    return readWhole(fd, st.size, maxBytes);
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

export class WorkTreeSource implements FileSource {
  readonly kind: 'git' | 'walk';
  /** What git said about the root (kept for gitInfo, so an audit probes once). */
  readonly git: GitProbeWithShallow;
  private readonly rootReal: string;
  /** Real paths of the folders files were read from (null: outside the root or gone), for readInsideCached. */
  private readonly folders = new Map<string, string | null>();

  constructor(
    root: string,
    private readonly maxBytes: number,
    private readonly alwaysIgnore: (rel: string, isDir: boolean) => boolean,
  ) {
    this.rootReal = fs.realpathSync(root);
    this.git = probeGitWithShallow(this.rootReal);
    this.kind = this.git.probe.state === 'repo' ? 'git' : 'walk';
  }

  list(): { files: ListedFile[]; skipped: SkippedFile[]; heldIgnored: string[] } {
    const skipped: SkippedFile[] = [];
    const held = new Set<string>();
    const names = this.kind === 'git' ? this.gitList(skipped) : this.walk(skipped, held);
    const files: ListedFile[] = [];
    for (const rel of names) {
      if (this.alwaysIgnore(rel, false)) {
        addParents(held, rel);
        continue;
      }
      const st = statInside(this.rootReal, rel);
      if (st === GONE) continue;
      if (typeof st === 'string') {
        skipped.push({ path: rel, reason: st });
        continue;
      }
      files.push({ path: rel, size: st.size });
    }
    return { files, skipped, heldIgnored: [...held] };
  }

  read(rel: string): Buffer | undefined {
    return readInsideCached(this.rootReal, rel, this.maxBytes, this.folders);
  }

  private gitList(skipped: SkippedFile[]): string[] {
    const { files, unreadableDirs } = listWorkTreeFiles(this.rootReal);
    for (const d of unreadableDirs)
      if (!this.alwaysIgnore(d, true)) skipped.push({ path: d, reason: 'unreadable-directory' });
    return files;
  }

  private walk(skipped: SkippedFile[], held: Set<string>): string[] {
    const out: string[] = [];
    const visit = (dirRel: string, ignores: { base: string; ig: Ignore }[]): void => {
      const dirAbs = path.join(this.rootReal, dirRel);
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dirAbs, { withFileTypes: true });
      } catch {
        skipped.push({ path: toPosix(dirRel) || '.', reason: 'unreadable-directory' });
        return;
      }
      let scoped = ignores;
      const gi = entries.find((e) => e.name === '.gitignore' && e.isFile());
      if (gi) {
        try {
          const ig = ignore().add(fs.readFileSync(path.join(dirAbs, '.gitignore'), 'utf8'));
          scoped = [...ignores, { base: dirRel, ig }];
        } catch {
          /* unreadable .gitignore: fall back to the parent rules */
        }
      }
      for (const e of entries) {
        const rel = dirRel ? `${dirRel}/${e.name}` : e.name;
        const isDir = e.isDirectory();
        if (e.name === '.git') continue;
        if (this.alwaysIgnore(rel, isDir)) {
          addParents(held, rel);
          continue;
        }
        const ignored = scoped.some(({ base, ig }) => {
          const sub = base ? rel.slice(base.length + 1) : rel;
          return ig.ignores(isDir ? `${sub}/` : sub);
        });
        if (ignored) continue;
        if (isDir) visit(rel, scoped);
        else if (e.isFile() || e.isSymbolicLink()) out.push(toPosix(rel));
      }
    };
    visit('', []);
    return out;
  }
}

/** In-memory files: for unit tests of facts and rules. */
export class MemorySource implements FileSource {
  readonly kind = 'memory' as const;
  constructor(private readonly contents: Record<string, string | Buffer>) {}
  list(): { files: ListedFile[]; skipped: SkippedFile[] } {
    return {
      files: Object.entries(this.contents).map(([p, c]) => ({ path: p, size: Buffer.byteLength(c) })),
      skipped: [],
    };
  }
  read(rel: string): Buffer | undefined {
    const c = this.contents[rel];
    return c === undefined ? undefined : Buffer.isBuffer(c) ? c : Buffer.from(c);
  }
}

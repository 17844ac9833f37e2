import { catFileBatch, lsTree, resolveCommit } from './git.js';
import type { FileSource, ListedFile, SkippedFile } from './sources.js';

export { commitDate, resolveCommit } from './git.js';

/** Blobs read per `git cat-file --batch` process: bounded so memory stays small on big repositories. */
const BATCH_BYTES = 16 * 1024 * 1024;

interface Entry {
  path: string;
  sha: string;
  size: number;
  batch: number;
}

/**
 * Files of a git commit, read straight from the object database: no checkout, the work tree and the index are never
 * touched. `dir` may be a sub-directory of the repository; paths are then relative to it, as in the work-tree index.
 */
export class GitRefSource implements FileSource {
  readonly kind = 'git-ref' as const;
  readonly sha: string;
  private entries = new Map<string, Entry>();
  private batches: Entry[][] = [];
  private loaded = new Map<number, Map<string, Buffer>>();

  constructor(
    private readonly dir: string,
    rev: string,
    private readonly maxBytes: number,
    private readonly alwaysIgnore: (rel: string, isDir: boolean) => boolean = () => false,
    private readonly batchBytes = BATCH_BYTES,
  ) {
    this.sha = resolveCommit(dir, rev);
  }

  list(): { files: ListedFile[]; skipped: SkippedFile[] } {
    const out = lsTree(this.dir, this.sha).toString('utf8');
    const files: ListedFile[] = [];
    const skipped: SkippedFile[] = [];
    this.entries.clear();
    this.batches = [];
    let batchBytes = 0;
    for (const rec of out.split('\0')) {
      if (!rec) continue;
      // "<mode> SP <type> SP <object> SP+ <size> TAB <path>"
      const tab = rec.indexOf('\t');
      const [mode, type, sha, sizeRaw] = rec.slice(0, tab).split(/ +/);
      const rel = rec.slice(tab + 1);
      if (this.alwaysIgnore(rel, false)) continue;
      if (type !== 'blob') continue; // submodules (commit entries) are other repositories
      if (mode === '120000') {
        skipped.push({ path: rel, reason: 'not-a-file' }); // symlinks are never followed out of the object database
        continue;
      }
      const size = Number(sizeRaw);
      files.push({ path: rel, size });
      if (size > this.maxBytes) continue;
      if (!this.batches.length || batchBytes + size > this.batchBytes) {
        this.batches.push([]);
        batchBytes = 0;
      }
      const entry = { path: rel, sha: sha!, size, batch: this.batches.length - 1 };
      this.batches[entry.batch]!.push(entry);
      batchBytes += size;
      this.entries.set(rel, entry);
    }
    return { files, skipped };
  }

  read(rel: string): Buffer | undefined {
    if (!this.entries.size && !this.batches.length) this.list();
    const entry = this.entries.get(rel);
    if (!entry) return undefined;
    let batch = this.loaded.get(entry.batch);
    if (!batch) {
      batch = this.readBatch(this.batches[entry.batch]!);
      this.loaded.set(entry.batch, batch);
    }
    const buf = batch.get(rel);
    if (!buf) return this.readBatch([entry]).get(rel); // read before (RepoIndex caches, so rare)
    batch.delete(rel); // RepoIndex caches what it reads; keep each blob in memory once
    return buf;
  }

  /** One `git cat-file --batch` for a whole batch of blobs. */
  private readBatch(entries: Entry[]): Map<string, Buffer> {
    const out = catFileBatch(
      this.dir,
      entries.map((e) => e.sha),
    );
    const byPath = new Map<string, Buffer>();
    let pos = 0;
    for (const e of entries) {
      const nl = out.indexOf(0x0a, pos);
      if (nl < 0) break;
      const header = out.subarray(pos, nl).toString('latin1').split(' ');
      pos = nl + 1;
      if (header[1] === 'missing' || header.length < 3) continue;
      const size = Number(header[2]);
      byPath.set(e.path, out.subarray(pos, pos + size));
      pos += size + 1; // content is followed by a newline
    }
    return byPath;
  }
}

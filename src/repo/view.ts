import path from 'node:path';
import { FILE_NO, type GrepOptions, pathFreeSelection, type RepoFile, RepoIndex, setFileNumber } from './index.js';
import type { FileSource, ListedFile, SkippedFile } from './sources.js';
import type { LiteralPostings } from './literal-scan.js';
import type { LineStarts } from './lines.js';

/**
 * A component's view of the repository: the index re-rooted at the component's folder, so every fact and rule sees the
 * component as it would see a repository of its own (its package.json, its go.mod, its Dockerfile at the root), which
 * is how single-service repositories are judged.
 *
 * - Listed (globbed, grepped, iterated): the files under `base`, minus the folders of other components nested in it,
 *   plus `mounts` — what the component needs from outside its folder (the workspace packages it depends on, the root
 *   files its Dockerfile copies). Mounted files appear under `../` paths, as the component's own code would name them.
 * - Reachable by explicit path but not listed: every other file of the repository, through `../` paths (a Dockerfile
 *   whose build context is the repository root, a compose file beside the component). Lookups canonicalise the path,
 *   so `../backend/app/main.py` seen from `backend` is `app/main.py`.
 *
 * Paths of the view map back to repository paths with `toRepo` (evidence), and repository paths into the view with
 * `fromRepo` (facts borrowed from the whole repository: compose, Kubernetes, CI).
 */
export interface ViewSpec {
  /** The repository folder the view is rooted at ('.' is the root). */
  base: string;
  /** Repository folders inside `base` that are left out (other components nested in this one). */
  exclude?: readonly string[];
  /** Repository files or folders outside `base` listed in the view. */
  mounts?: readonly string[];
}

/** A path with a `.` or `..` segment, a doubled or trailing slash, or nothing at all. */
const ODD_PATH = /(?:^|\/)\.\.?(?:\/|$)|\/\/|\/$|^$/;

const norm = (p: string): string => {
  const n = path.posix.normalize(p).replace(/\/+$/, '');
  return n === '' ? '.' : n;
};

/**
 * `path.posix.relative(base, p)` for a normal repository folder `base` (not '.') and a normal path `p`, without
 * resolving both against the working directory first: the segments after their common ones, behind a `..` for each
 * segment of `base` left. A path that is absolute, '.', or leaves the repository (`../x`) is given to
 * path.posix.relative, whose answer then depends on the working directory.
 */
function relativeTo(base: string, p: string): string {
  if (p === base) return '';
  if (p.startsWith(`${base}/`)) return p.slice(base.length + 1);
  if (p === '.' || p.startsWith('/') || p === '..' || p.startsWith('../')) return path.posix.relative(base, p);
  const b = base.split('/');
  const q = p.split('/');
  let k = 0;
  while (k < b.length && k < q.length && b[k] === q[k]) k++;
  const up: string[] = [];
  for (let i = k; i < b.length; i++) up.push('..');
  return [...up, ...q.slice(k)].join('/');
}

/** True when `p` is `dir` or lies under it (repository paths). */
export function isUnder(p: string, dir: string): boolean {
  return dir === '.' || p === dir || p.startsWith(`${dir}/`);
}

class ViewSource implements FileSource {
  readonly kind = 'memory' as const;
  constructor(private readonly files: ListedFile[]) {}
  list(): { files: ListedFile[]; skipped: SkippedFile[] } {
    return { files: this.files, skipped: [] };
  }
  read(): Buffer | undefined {
    return undefined; // RepoView.read() delegates to the parent index (and its cache) instead.
  }
}

export class RepoView extends RepoIndex {
  private readonly viewBase: string;
  /** Every listed file has its repository file's number and classification. */
  private readonly numbered: boolean;

  constructor(
    readonly parent: RepoIndex,
    spec: ViewSpec,
  ) {
    const base = norm(spec.base);
    const excluded = (spec.exclude ?? []).map(norm).filter((d) => d !== base && isUnder(d, base));
    // Mounts are looked up by a path and its folders: a component may mount hundreds of files (the Go packages it
    // compiles in), too many to test each file of a large repository against one by one.
    const mounts = new Set((spec.mounts ?? []).map(norm).filter((m) => !isUnder(m, base)));
    const mounted = (p: string): boolean => {
      for (let q = p; ; ) {
        if (mounts.has(q)) return true;
        const i = q.lastIndexOf('/');
        if (i < 0) return mounts.has('.');
        q = q.slice(0, i);
      }
    };
    const listed: ListedFile[] = [];
    const originals = new Map<string, RepoFile>();
    for (const f of parent.files) {
      const inside = isUnder(f.path, base) && !excluded.some((d) => isUnder(f.path, d));
      if (!inside && !(mounts.size && mounted(f.path))) continue;
      // A repository path under the base is the base, a slash and the rest, which is the relative path when it is
      // normal (no `.` or `..` segment, no doubled or trailing slash: listed paths are); a mounted one is named from
      // the base with `../`.
      const rest = inside && base !== '.' ? f.path.slice(base.length + 1) : undefined;
      const rel =
        base === '.' ? f.path : rest !== undefined && !ODD_PATH.test(rest) ? rest : path.posix.relative(base, f.path);
      listed.push({ path: rel, size: f.size });
      originals.set(rel, f);
    }
    super(base === '.' ? parent.root : path.join(parent.root, base), new ViewSource(listed), {
      maxFileBytes: parent.maxFileBytes,
      classified: originals,
    });
    this.viewBase = base;
    // Keep the classification of the whole repository (a file under tests/ stays a test file, whatever the base).
    let numbered = true;
    for (const f of this.files) {
      const o = originals.get(f.path);
      if (!o || (o[FILE_NO] ?? -1) < 0) numbered = false;
      // The repository's file number: literal postings are the repository's (never the view's own place).
      setFileNumber(f, o?.[FILE_NO] ?? -1);
      if (!o) continue;
      f.kind = o.kind;
      f.isTest = o.isTest;
      f.language = o.language;
      f.tooLarge = o.tooLarge;
      // A listed path reads its repository file: known now, without normalising paths on first use.
      this.fileCache.set(f.path, o.path);
      this.toRepoCache.set(f.path, o.path);
    }
    this.numbered = numbered;
  }

  override get base(): string {
    return this.viewBase;
  }

  // Path mappings are asked for on every read of every grep: each is computed once per path.
  private readonly toRepoCache = new Map<string, string>();
  private readonly fromRepoCache = new Map<string, string>();
  private readonly fileCache = new Map<string, string | null>();

  /** The repository path of a view path ('.' is the component's folder). */
  override toRepo(p: string): string {
    if (p === '.' || p === '') return this.base;
    let r = this.toRepoCache.get(p);
    if (r === undefined) {
      r = norm(this.base === '.' ? p : path.posix.join(this.base, p));
      this.toRepoCache.set(p, r);
    }
    return r;
  }

  override wholeRepo(): RepoIndex {
    return this.parent;
  }

  /** The view path of a repository path (`../x` for a file outside the component). */
  override fromRepo(p: string): string {
    if (this.base === '.') return p;
    let r = this.fromRepoCache.get(p);
    if (r === undefined) {
      r = relativeTo(this.base, norm(p)) || '.';
      this.fromRepoCache.set(p, r);
    }
    return r;
  }

  /** A path as the view lists it: `../backend/x` seen from `backend` is `x`. */
  private canonical(p: string): string {
    if (!p.startsWith('..') && !p.includes('/..') && !p.startsWith('./') && !p.includes('/./')) return p;
    return this.fromRepo(this.toRepo(p));
  }

  /** Outside the listing: reachable through the parent when it names a repository file outside this component. */
  private outside(p: string): string | undefined {
    const c = this.canonical(p);
    if (!c.startsWith('../') && c !== '..') return undefined;
    return this.toRepo(c);
  }

  /**
   * The repository file a view path reads, or undefined: outside the component any repository file; inside it only
   * listed files (a nested component's files are not this component's).
   */
  private fileOf(p: string): string | undefined {
    let r = this.fileCache.get(p);
    if (r === undefined) {
      // A path already canonical and inside the view is one of its listed files, all of which the constructor cached:
      // any other is no file of the view (resolvers probe many such paths; none is worth keeping).
      if (!p.startsWith('..') && !p.includes('/..') && !p.startsWith('./') && !p.includes('/./')) return undefined;
      const o = this.outside(p);
      if (o !== undefined) r = this.parent.has(o) ? o : null;
      else {
        const c = this.canonical(p);
        r = super.has(c) ? this.toRepo(c) : null;
      }
      this.fileCache.set(p, r);
    }
    return r ?? undefined;
  }

  override has(p: string): boolean {
    return this.fileOf(p) !== undefined;
  }

  override get(p: string): RepoFile | undefined {
    // A listed path inside the view (normal, not starting with `.`) is its own canonical form: the view's file.
    if (!p.startsWith('.')) {
      const own = super.get(p);
      if (own) return own;
    }
    const o = this.outside(p);
    if (o === undefined) return super.get(this.canonical(p));
    const f = this.parent.get(o);
    return f ? { ...f, path: p } : undefined;
  }

  override inRepository(p: string): boolean {
    if (super.inRepository(p)) return true;
    const whole = this.toRepo(p);
    return this.parent.has(whole) || this.parent.hasDir(whole);
  }

  override hasDir(dir: string): boolean {
    const o = this.outside(dir.replace(/\/+$/, ''));
    // The repository's root named from a component (`../..` from packages/server: a build context at the root).
    if (o !== undefined) return o === '.' || o === '' || this.parent.hasDir(o);
    const c = this.canonical(dir.replace(/\/+$/, ''));
    // The component's own folder named from outside (`../backend` seen from `backend`, a COPY from the root context).
    return c === '.' || super.hasDir(c);
  }

  override read(p: string): string | undefined {
    const f = this.fileOf(p);
    return f === undefined ? undefined : this.parent.read(f);
  }

  override readOnce(p: string): string | undefined {
    const f = this.fileOf(p);
    return f === undefined ? undefined : this.parent.readOnce(f);
  }

  // Lines and per-file parses are the repository file's, shared with the whole index and every other view.
  override lines(p: string): string[] {
    const f = this.fileOf(p);
    return f === undefined ? [] : this.parent.lines(f);
  }

  override lineText(p: string, line: number): string | undefined {
    const f = this.fileOf(p);
    return f === undefined ? undefined : this.parent.lineText(f, line);
  }

  override lineOffsets(p: string): LineStarts {
    const f = this.fileOf(p);
    return f === undefined ? [0] : this.parent.lineOffsets(f);
  }

  override lineAt(p: string, offset: number): number {
    const f = this.fileOf(p);
    return f === undefined ? 1 : this.parent.lineAt(f, offset);
  }

  // File numbers and literal postings are the repository's.
  override repoNumber(p: string): number {
    const f = this.fileOf(p);
    return f === undefined ? -1 : this.parent.repoNumber(f);
  }

  override literalPostings(): LiteralPostings {
    return this.parent.literalPostings();
  }

  /**
   * Options whose answer is the same from any folder (pathFreeSelection) select the view's files the parent selects,
   * by repository file number: the parent decides each repository file once for every view, instead of each view
   * testing its globs on its own paths again. Any other options, or a file of no known number, select as an index.
   */
  protected override selectUncached(opts: GrepOptions): RepoFile[] {
    if (!this.numbered || !pathFreeSelection(opts)) return super.selectUncached(opts);
    const members = this.parent.selectedNumbers(opts);
    return this.files.filter((f) => members[f[FILE_NO]!] === 1);
  }

  override fileMemo<T>(kind: string, p: string, compute: () => T): T {
    const f = this.fileOf(p);
    return f === undefined ? super.fileMemo(kind, p, compute) : this.parent.fileMemo(kind, f, compute);
  }
}

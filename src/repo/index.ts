import path from 'node:path';
import picomatch from 'picomatch';
import YAML from 'yaml';
import {
  classify,
  isTestPath,
  languageOf,
  markAppRouteSegments,
  markTestRunnerTargets,
  markGoSpecPackages,
  markGoTestSupport,
  type FileKind,
} from './classify.js';
import { MemorySource, WorkTreeSource, type FileSource, type SkippedFile } from './sources.js';
import { benchmarkCorpora, defaultIgnored, goDependencyCopies, hugoThemeCopies } from './default-ignores.js';
import { type LineStarts, lineOfOffset, lineStarts } from './lines.js';
import {
  alternativePlanOf,
  alternativesOf,
  literalPlanOf,
  literalScanner,
  prefilterFor,
  prefilterOf,
  residualOf,
  testFormOf,
} from './prefilter.js';
import { hasFile, LiteralPostings } from './literal-scan.js';
import { timed } from '../timing.js';
import type { GitProbeWithShallow } from './git.js';

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

export interface RepoFile {
  /** Repository-relative POSIX path. */
  path: string;
  size: number;
  language?: string;
  kind: FileKind;
  isTest: boolean;
  tooLarge: boolean;
  /** The file's number in the repository's index (its place in the files of the whole repository). */
  [FILE_NO]?: number;
}

/** Where a RepoFile keeps its repository file number: a symbol, not enumerable, never part of a report or a copy. */
export const FILE_NO: unique symbol = Symbol('file number');

export function setFileNumber(f: RepoFile, n: number): void {
  Object.defineProperty(f, FILE_NO, { value: n, writable: true, configurable: true, enumerable: false });
}

export interface GrepOptions {
  /** Globs (picomatch, matched against the relative path) a file must match. */
  include?: string | string[];
  exclude?: string | string[];
  kinds?: FileKind[];
  languages?: string[];
  /** Exact paths to search (takes precedence over include). */
  paths?: string[];
  /** Stop after this many matches in total. */
  limit?: number;
}

export interface GrepMatch {
  path: string;
  line: number;
  /** The whole matching line, trimmed and capped for display. */
  text: string;
  /** The regex match: [0] is the matched text, then the groups. */
  groups: string[];
}

/** A match of a pattern in one file (a GrepMatch without the path, which is the view's). */
export interface FileMatch {
  line: number;
  text: string;
  groups: readonly string[];
}

/** A file in which a pattern does not match. */
export const NO_MATCHES: readonly FileMatch[] = Object.freeze([]);

export interface YamlDocument {
  value: unknown;
  /** 1-based line where the document starts. */
  line: number;
  doc: YAML.Document.Parsed;
  errors: string[];
}

export interface IndexOptions {
  maxFileBytes?: number;
  /** Extra globs (config `ignore`) excluded from the index. */
  ignore?: string[];
  /**
   * Files already classified, by path (a component's view passes the repository's files, whose classification it
   * keeps): their language, test flag and kind are taken instead of worked out again.
   */
  classified?: ReadonlyMap<string, RepoFile>;
}

const EXCERPT_MAX = 160;

/** How many files' split lines (and characters of their texts in all) lines() keeps. */
const LINES_MAX = 256;
const LINES_MAX_CHARS = 4_000_000;

/** holds()'s fileMemo kind of each pattern: a long pattern's source is not copied into a new key for every file. */
const HOLDS_KINDS = new WeakMap<RegExp, string>();

/** Compiled glob matchers by their patterns (RepoIndex.matcher), shared by every index and view of the process. */
const MATCHERS = new Map<string, (p: string) => boolean>();

export class RepoIndex {
  readonly files: readonly RepoFile[];
  /** The base name of each of `files` (same order), made on the first byName. */
  private baseNames: string[] | undefined;
  readonly skipped: readonly SkippedFile[];
  readonly sourceKind: FileSource['kind'];
  private readonly byPath = new Map<string, RepoFile>();
  private readonly text = new Map<string, string | null>();
  private readonly lineStartCache = new Map<string, Int32Array>();
  /** Split lines of the files last asked for (lines()), least recently asked first, and their texts' length in all. */
  private readonly lineCache = new Map<string, string[]>();
  private lineChars = 0;
  private readonly parsed = new Map<string, unknown>();
  /** fileMemo's values: per kind, per path. */
  private readonly perFile = new Map<string, Map<string, unknown>>();
  private readonly selected = new Map<string, RepoFile[]>();
  private readonly globbed = new Map<string, RepoFile[]>();
  /** selectedNumbers' answers, per selection select() handed out. */
  private readonly selectedMembers = new WeakMap<readonly RepoFile[], Uint8Array>();
  /** File numbers of the selections searched (see selectionOf). */
  private readonly selections = new WeakMap<readonly RepoFile[], { numbers: Int32Array; scanned: boolean }>();
  private postings?: LiteralPostings;
  private readonly dirSet: Set<string>;
  /** Folders holding files the default ignores leave out (see holdsIgnored). */
  private readonly ignoredDirSet = new Set<string>();
  readonly maxFileBytes: number;

  constructor(
    readonly root: string,
    private readonly source: FileSource,
    options: IndexOptions = {},
  ) {
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.sourceKind = source.kind;
    const userIgnore = options.ignore?.length ? picomatch(options.ignore, { dot: true }) : undefined;
    const listed = source.list();
    for (const d of listed.heldIgnored ?? []) this.ignoredDirSet.add(d);
    const files: RepoFile[] = [];
    const skipped: SkippedFile[] = [...listed.skipped];
    // A view lists what its repository kept (and reads nothing from its source): copies of Go dependencies, benchmark
    // corpora and Hugo themes are left out there already.
    const copies = options.classified
      ? []
      : [
          ...goDependencyCopies(
            listed.files
              .filter((f) => /(?:^|\/)go\.mod$/.test(f.path) && !defaultIgnored(f.path, false))
              .map((f) => f.path),
            (p) => source.read(p)?.toString('utf8'),
          ),
          ...benchmarkCorpora(listed.files.map((f) => f.path)),
          ...hugoThemeCopies(listed.files.map((f) => f.path)),
        ];
    for (const f of listed.files) {
      if (defaultIgnored(f.path, false) || copies.some((d) => f.path.startsWith(`${d}/`))) {
        this.noteIgnoredFile(f.path);
        continue;
      }
      if (userIgnore?.(f.path)) continue;
      const tooLarge = f.size > this.maxFileBytes;
      if (tooLarge) skipped.push({ path: f.path, reason: 'too-large' });
      const known = options.classified?.get(f.path);
      const language = known ? known.language : languageOf(f.path);
      const isTest = known ? known.isTest : isTestPath(f.path);
      const file: RepoFile = {
        path: f.path,
        size: f.size,
        language,
        kind: known ? known.kind : classify(f.path, language, isTest),
        isTest,
        tooLarge,
      };
      files.push(file);
      this.byPath.set(f.path, file);
    }
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (let i = 0; i < files.length; i++) setFileNumber(files[i]!, i);
    this.files = files;
    this.skipped = skipped;
    this.dirSet = new Set();
    for (const f of files) {
      let d = path.posix.dirname(f.path);
      while (d !== '.' && !this.dirSet.has(d)) {
        this.dirSet.add(d);
        d = path.posix.dirname(d);
      }
    }
    // A view keeps the repository's classification; only the whole repository is looked at for Go test support, Go
    // packages in spec/ folders and App Router segments named like test folders.
    if (!options.classified) {
      markGoTestSupport(files, this.dirSet);
      markGoSpecPackages(files);
      markAppRouteSegments(files);
      markTestRunnerTargets(files, (p) => source.read(p)?.toString('utf8'));
    }
  }

  /** Indexes a directory on disk: git ls-files in a work tree, a .gitignore-aware walk otherwise. */
  static fromDirectory(root: string, options: IndexOptions = {}): RepoIndex {
    const max = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    return new RepoIndex(root, new WorkTreeSource(root, max, defaultIgnored), options);
  }

  static fromMemory(files: Record<string, string | Buffer>, options: IndexOptions = {}): RepoIndex {
    return new RepoIndex('/memory', new MemorySource(files), options);
  }

  static fromSource(root: string, source: FileSource, options: IndexOptions = {}): RepoIndex {
    return new RepoIndex(root, source, options);
  }

  /** What git said about the root when the index listed a work tree (undefined for other sources). */
  get gitProbe(): GitProbeWithShallow | undefined {
    return this.source instanceof WorkTreeSource ? this.source.git : undefined;
  }

  /** The repository folder this index is rooted at: '.', except for a component's view (src/repo/view.ts). */
  get base(): string {
    return '.';
  }

  /** The repository path of one of this index's paths (a component's view maps its paths back). */
  toRepo(p: string): string {
    return p;
  }

  /** The whole repository: this index, or the one a component's view is cut from. */
  wholeRepo(): RepoIndex {
    return this;
  }

  /** This index's path for a repository path. */
  fromRepo(p: string): string {
    return p;
  }

  has(p: string): boolean {
    return this.byPath.has(p);
  }

  get(p: string): RepoFile | undefined {
    return this.byPath.get(p);
  }

  /** True when some indexed file lives under this directory. */
  hasDir(dir: string): boolean {
    return this.dirSet.has(dir.replace(/\/+$/, ''));
  }

  /**
   * A file or folder of the whole repository: for a component's view also one in the folder of another component
   * nested in it, which the view does not list but a build context at the view's root still holds.
   */
  inRepository(p: string): boolean {
    return this.has(p) || this.hasDir(p);
  }

  /**
   * A folder that holds files the default ignores leave out of the index (`manager/` whose only files are a
   * committed `manager/dist/`): it exists in the repository, so a Dockerfile's `COPY ./manager` finds it.
   */
  holdsIgnored(dir: string): boolean {
    return this.ignoredDirSet.has(dir.replace(/\/+$/, ''));
  }

  private noteIgnoredFile(file: string): void {
    for (let d = path.posix.dirname(file); d !== '.' && !this.ignoredDirSet.has(d); d = path.posix.dirname(d))
      this.ignoredDirSet.add(d);
  }

  /**
   * Files matched by the globs, in index order. The answer is kept per index and option set (facts ask the same globs
   * many times, each over every file); the caller gets its own copy, so it may sort or extend it.
   */
  glob(patterns: string | string[], opts: { kinds?: FileKind[]; includeTests?: boolean } = {}): RepoFile[] {
    const key = JSON.stringify([patterns, opts.kinds, opts.includeTests !== false]);
    let files = this.globbed.get(key);
    if (!files) {
      const isMatch = this.matcher(patterns);
      files = this.files.filter(
        (f) =>
          (!opts.kinds || opts.kinds.includes(f.kind)) && (opts.includeTests !== false || !f.isTest) && isMatch(f.path),
      );
      this.globbed.set(key, files);
    }
    return files.slice();
  }

  /** Files matched by basename, case-insensitively, anywhere in the tree. */
  byName(name: RegExp): RepoFile[] {
    // The base names are cut once per index: byName runs some sixty times an audit, over every file each time.
    this.baseNames ??= this.files.map((f) => path.posix.basename(f.path));
    const bases = this.baseNames;
    return this.files.filter((_, i) => name.test(bases[i]!));
  }

  /** Text content, read once and cached; undefined for missing, too-large or binary files. */
  read(p: string): string | undefined {
    const cached = this.text.get(p);
    if (cached !== undefined) return cached ?? undefined;
    const value = this.readFile(p);
    this.text.set(p, value);
    return value ?? undefined;
  }

  /**
   * Text content for a scan that reads each file once (the literal postings): the cached text, or the file read
   * without keeping its text (only that it has none). Most files are read again by facts, which keep them then; the
   * ones only scanned are mostly large data (translation catalogues, vector images), which held most of the texts a
   * web app's audit kept to its end.
   */
  readOnce(p: string): string | undefined {
    const cached = this.text.get(p);
    if (cached !== undefined) return cached ?? undefined;
    const value = this.readFile(p);
    if (value === null) this.text.set(p, value);
    return value ?? undefined;
  }

  private readFile(p: string): string | null {
    const file = this.byPath.get(p);
    if (!file || file.tooLarge) return null;
    return timed('read', undefined, () => {
      const buf = this.source.read(p);
      return buf && !isBinary(buf) ? buf.toString('utf8').replace(/^\uFEFF/, '') : null;
    });
  }

  isBinary(p: string): boolean {
    const file = this.byPath.get(p);
    return !!file && !file.tooLarge && this.read(p) === undefined;
  }

  /**
   * The file's lines, split once and kept while the file is among the last ones asked for: callers read a file's lines
   * several times in a row (each match of a grep), and the lines of every file kept for the whole audit held as much
   * memory as the texts themselves. The array is shared; do not mutate it.
   */
  lines(p: string): string[] {
    let l = this.lineCache.get(p);
    if (l) {
      this.lineCache.delete(p);
      this.lineCache.set(p, l);
      return l;
    }
    const text = this.read(p);
    l = text?.split(/\r?\n/) ?? [];
    this.lineCache.set(p, l);
    this.lineChars += text?.length ?? 0;
    for (const k of this.lineCache.keys()) {
      if (this.lineCache.size <= 1 || (this.lineCache.size <= LINES_MAX && this.lineChars <= LINES_MAX_CHARS)) break;
      this.lineCache.delete(k);
      this.lineChars -= this.read(k)?.length ?? 0;
    }
    return l;
  }

  /** The text of a 1-based line, trimmed and capped for display. */
  lineText(p: string, line: number): string | undefined {
    const content = this.read(p);
    if (content === undefined) return undefined;
    const starts = this.starts(p, content);
    if (line < 1 || line > starts.length) return undefined;
    const end = line < starts.length ? starts[line]! - 1 : content.length;
    return excerpt(content.slice(starts[line - 1], end));
  }

  /** The offset at which each line of the file starts (index 0 is line 1), computed once. Shared: do not mutate it. */
  lineOffsets(p: string): LineStarts {
    return this.starts(p, this.read(p) ?? '');
  }

  /** 1-based line number of a character offset. */
  lineAt(p: string, offset: number): number {
    const content = this.read(p) ?? '';
    return lineOfOffset(this.starts(p, content), offset);
  }

  /** Files a grep with these options would search. The array is shared (greps repeat their options): do not mutate it. */
  select(opts: GrepOptions = {}): RepoFile[] {
    if (opts.paths) return opts.paths.map((p) => this.byPath.get(p)).filter((f): f is RepoFile => !!f);
    const key = JSON.stringify([opts.include, opts.exclude, opts.kinds, opts.languages]);
    let files = this.selected.get(key);
    if (!files) {
      files = this.selectUncached(opts);
      this.selected.set(key, files);
    }
    return files;
  }

  /**
   * The repository file numbers (FILE_NO) of select(opts), as a membership array indexed by number, kept per options.
   * A component's view asks it of its parent for options whose answer depends on nothing a view changes (see
   * pathFreeSelection): its own selection is then its files whose numbers are members, with no glob tested again.
   */
  selectedNumbers(opts: GrepOptions): Uint8Array {
    const files = this.select(opts);
    let members = this.selectedMembers.get(files);
    if (!members) {
      let size = 0;
      for (const f of files) size = Math.max(size, (f[FILE_NO] ?? -1) + 1);
      members = new Uint8Array(size);
      for (const f of files) {
        const n = f[FILE_NO] ?? -1;
        if (n >= 0) members[n] = 1;
      }
      this.selectedMembers.set(files, members);
    }
    return members;
  }

  protected selectUncached(opts: GrepOptions): RepoFile[] {
    const inc = opts.include ? this.matcher(opts.include) : undefined;
    const exc = opts.exclude ? this.matcher(opts.exclude) : undefined;
    // The cheap kind and language checks first: most files fail them before a glob is matched.
    return this.files.filter(
      (f) =>
        (!opts.kinds || opts.kinds.includes(f.kind)) &&
        (!opts.languages || (f.language !== undefined && opts.languages.includes(f.language))) &&
        (!inc || inc(f.path)) &&
        (!exc || !exc(f.path)),
    );
  }

  /** Every match of a regex in the selected files, with 1-based line numbers. */
  grep(re: RegExp, opts: GrepOptions = {}): GrepMatch[] {
    const flags = re.flags.includes('g') ? re.flags : `${re.flags}g`;
    const global = new RegExp(re.source, flags.includes('m') ? flags : `${flags}m`);
    const files = this.select(opts);
    const pre = prefilterFor(re, files.length);
    const rest = pre && residualOf(pre);
    const kind = `grep\0${global.flags}\0${re.source}`;
    const out: GrepMatch[] = [];
    for (const f of pre ? this.candidates(files, pre) : files) {
      // The matches of the pattern in a repository file are found once per audit, whichever view asks (the whole
      // repository and each component's view search the same files, the workspace packages mounted in several views).
      const hits = this.fileMemo(kind, f.path, (): readonly FileMatch[] => {
        const content = this.read(f.path);
        if (content === undefined || (rest && !rest.test(content))) return NO_MATCHES;
        // Most candidates hold no match: asked first by the alternatives the file's literals allow, when the plan tells.
        if (this.alternativesTest(global, pre, f.path, content) === false) return NO_MATCHES;
        const found: FileMatch[] = [];
        global.lastIndex = 0;
        let m: RegExpExecArray | null;
        while ((m = global.exec(content))) {
          const line = this.lineAt(f.path, m.index);
          found.push({ line, text: this.lineText(f.path, line) ?? '', groups: [...m].map((g) => g ?? '') });
          if (m[0].length === 0) global.lastIndex++;
        }
        return found.length ? found : NO_MATCHES;
      });
      for (const h of hits) {
        out.push({ path: f.path, line: h.line, text: h.text, groups: [...h.groups] });
        if (opts.limit && out.length >= opts.limit) return out;
      }
    }
    return out;
  }

  /**
   * True when a prefilter (prefilterFor, prefilterOf) passes the file's text (`text` is the content of file `p`):
   * decided from the literal postings (one scan per file for all the catalog's literals, src/repo/literal-scan.ts)
   * when the prefilter's literals are in the catalog, by the prefilter's regex otherwise. The same answer either way.
   */
  prefilterPasses(pre: RegExp, p: string, text: string): boolean {
    const plan = literalPlanOf(pre);
    const n = plan ? this.repoNumber(p) : -1;
    if (!plan || n < 0) return pre.test(text);
    const postings = this.literalPostings();
    postings.add(n, text);
    return postings.passes(plan, n) && (!plan.tail || plan.tail.test(text));
  }

  /**
   * Whether `text`, the content of file `p`, holds a match of `re` (a pattern without the g or y flag), where `pre` is the
   * prefilter of the same source (prefilterFor, prefilterOf; undefined: none). Where the file lacks the literals of
   * some of the pattern's top-level alternatives (alternativePlanOf), only the others are run, each alone: a match of
   * the pattern is a match of one of them, so the answer is `re.test(text)`'s, without trying every alternative at
   * every place of the text.
   */
  test(re: RegExp, pre: RegExp | undefined, p: string, text: string): boolean {
    return this.alternativesTest(re, pre, p, text) ?? testFormOf(re).test(text);
  }

  /** test() by the alternatives the file's literals allow; undefined when the plan cannot tell or allows them all. */
  private alternativesTest(re: RegExp, pre: RegExp | undefined, p: string, text: string): boolean | undefined {
    const plan = alternativePlanOf(re, pre);
    const n = plan ? this.repoNumber(p) : -1;
    if (!plan || n < 0) return undefined;
    const postings = this.literalPostings();
    postings.add(n, text);
    const { needs } = plan;
    let allowed = 0;
    for (let i = 0; i < needs.length; i++) if (postings.passesAlternative(needs[i]!, n)) allowed++;
    // Every alternative possible: the pattern itself tries them at once (and no alternative is compiled apart).
    if (allowed === needs.length) return undefined;
    const alternatives = alternativesOf(re, plan.sources);
    if (alternatives?.length !== needs.length) return undefined;
    for (let i = 0; i < needs.length; i++)
      if (postings.passesAlternative(needs[i]!, n) && alternatives.at(i).test(text)) return true;
    return false;
  }

  /**
   * False when file `p` (its content `text`) cannot hold a match of `re`: it lacks the literals every match contains
   * (prefilterOf), answered from the literal postings where the catalog has them. For a fact's per-file scans with a
   * pattern the file most often does not hold: a file that may match is searched by `re` exactly as before.
   */
  mayMatch(re: RegExp, p: string, text: string): boolean {
    const pre = prefilterOf(re);
    return !pre || this.prefilterPasses(pre, p, text);
  }

  /**
   * Whether file `p` holds a match of `re` (a pattern without the g or y flag): tested once per repository file,
   * whichever component view asks, and not at all where the file lacks the literals every match contains (mayMatch).
   */
  holds(re: RegExp, p: string): boolean {
    let kind = HOLDS_KINDS.get(re);
    if (kind === undefined) {
      kind = `holds\0${re.flags}\0${re.source}`;
      HOLDS_KINDS.set(re, kind);
    }
    return this.fileMemo(kind, p, () => {
      const text = this.read(p);
      return text !== undefined && this.mayMatch(re, p, text) && this.test(re, prefilterOf(re), p, text);
    });
  }

  /**
   * The files of `files` (in order) a prefilter may pass, decided from the literal postings alone where the
   * prefilter has a plan (every file otherwise): each must still pass `residualOf(pre)` on its text. Files not
   * scanned yet are read and scanned first, all of them before the candidates are computed.
   */
  candidates(files: readonly RepoFile[], pre: RegExp): readonly RepoFile[] {
    const plan = literalPlanOf(pre);
    if (!plan) return files;
    const postings = this.literalPostings();
    const selection = this.selectionOf(files);
    const numbers = selection.numbers;
    if (!selection.scanned) {
      for (let i = 0; i < files.length; i++) {
        const n = numbers[i]!;
        if (n >= 0 && !postings.isScanned(n)) postings.add(n, this.readOnce(files[i]!.path));
      }
      // A file once scanned stays scanned: the next search of the same selection skips this loop.
      selection.scanned = true;
    }
    const set = postings.candidatesOf(plan);
    const out: RepoFile[] = [];
    for (let i = 0; i < files.length; i++) {
      const n = numbers[i]!;
      if (n >= 0 ? hasFile(set, n) : pre.test(this.read(files[i]!.path) ?? '')) out.push(files[i]!);
    }
    return out;
  }

  /**
   * The repository file numbers of a selection of files, in its order, kept per selection: select() hands out the same
   * array for the same options, and a search asks each file's number (a symbol-keyed property of objects of several
   * shapes) for every pattern searched, hundreds of patterns over thousands of files.
   */
  private selectionOf(files: readonly RepoFile[]): { numbers: Int32Array; scanned: boolean } {
    let selection = this.selections.get(files);
    if (!selection) {
      const numbers = new Int32Array(files.length);
      for (let i = 0; i < files.length; i++) numbers[i] = files[i]![FILE_NO] ?? -1;
      selection = { numbers, scanned: false };
      this.selections.set(files, selection);
    }
    return selection;
  }

  /** The literals of the repository's files, scanned once per file (shared by every component's view). */
  literalPostings(): LiteralPostings {
    this.postings ??= new LiteralPostings(literalScanner(), this.files.length);
    return this.postings;
  }

  /** The number of the repository file a path reads (FILE_NO), or -1. */
  repoNumber(p: string): number {
    return this.byPath.get(p)?.[FILE_NO] ?? -1;
  }

  /** First match per file, or undefined. */
  grepFirst(re: RegExp, opts: GrepOptions = {}): GrepMatch | undefined {
    return this.grep(re, { ...opts, limit: 1 })[0];
  }

  json(p: string): unknown {
    return this.fileMemo('json', p, () => {
      const t = this.read(p);
      if (t === undefined) return undefined;
      try {
        return JSON.parse(t);
      } catch {
        return undefined;
      }
    });
  }

  /** All YAML documents of a file, parsed tolerantly (Helm templates never throw). */
  yamlDocuments(p: string): YamlDocument[] {
    return this.fileMemo('yaml', p, () => {
      const t = this.read(p);
      if (t === undefined) return [];
      try {
        const docs = YAML.parseAllDocuments(t, { strict: false, uniqueKeys: false, merge: true, logLevel: 'error' });
        const list = Array.isArray(docs) ? docs : [docs];
        return list.map((doc) => {
          const start = doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0;
          let value: unknown;
          try {
            value = doc.toJS({ maxAliasCount: 1000 });
          } catch {
            value = undefined;
          }
          return {
            value,
            line: this.lineAt(p, start),
            doc: doc as YAML.Document.Parsed,
            errors: doc.errors.map((e) => e.message),
          };
        });
      } catch {
        return [];
      }
    });
  }

  /** The first YAML document's value, or undefined when the file is missing or not YAML. */
  yaml(p: string): unknown {
    const docs = this.yamlDocuments(p);
    return docs.find((d) => d.errors.length === 0)?.value ?? docs[0]?.value;
  }

  /** Caches any parse of a file's content under a key, for facts and rules that derive structures. */
  memo<T>(key: string, compute: () => T): T {
    if (this.parsed.has(key)) return this.parsed.get(key) as T;
    const v = compute();
    this.parsed.set(key, v);
    return v;
  }

  /**
   * Caches a pure function of one file's content (a parse, a lexed mask) under `kind`: computed once per audit for a
   * repository file, however many component views ask for it (a view hands readable files to the whole index).
   */
  fileMemo<T>(kind: string, p: string, compute: () => T): T {
    let table = this.perFile.get(kind);
    if (!table) {
      table = new Map();
      this.perFile.set(kind, table);
    }
    if (table.has(p)) return table.get(p) as T;
    const v = compute();
    table.set(p, v);
    return v;
  }

  /**
   * A compiled glob matcher, cached: rules pass the same globs to grep() and glob() many times, in every component's
   * view. A matcher is a function of the patterns alone, so one cache serves every index of the process.
   */
  private matcher(patterns: string | string[]): (p: string) => boolean {
    const key = JSON.stringify(patterns);
    let m = MATCHERS.get(key);
    if (!m) {
      const direct = globMatcher(patterns);
      // A component's view lists what it needs from outside its folder under `../` paths (src/repo/view.ts): a pattern
      // that matches anywhere (`**/x`) matches there too. No path of a whole repository starts with `../`.
      const anywhere = (Array.isArray(patterns) ? patterns : [patterns]).filter((x) => x.startsWith('**/'));
      const outside = anywhere.length ? globMatcher(anywhere) : undefined;
      m = outside ? (p: string) => direct(p) || (p.startsWith('../') && outside(p.replace(/^(\.\.\/)+/, ''))) : direct;
      MATCHERS.set(key, m);
    }
    return m;
  }

  private starts(p: string, content: string): Int32Array {
    let s = this.lineStartCache.get(p);
    if (!s) {
      s = lineStarts(content);
      this.lineStartCache.set(p, s);
    }
    return s;
  }
}

/**
 * `picomatch(patterns, { dot: true })` without its per-call bookkeeping: picomatch's matcher builds two result objects
 * and formats the input on every test, which on the paths of every view of every selection was a good part of
 * selecting files and of the garbage collector's work. On POSIX its answer is exactly "the path is the glob itself,
 * or the glob's regex matches it" (no format, no ignore, no basename matching with these options), so the same
 * regexes are tested directly. Windows (where picomatch converts slashes first) keeps picomatch's own matcher.
 */
function globMatcher(patterns: string | string[]): (p: string) => boolean {
  const list = Array.isArray(patterns) ? patterns : [patterns];
  if (process.platform === 'win32' || !list.length || list.some((g) => typeof g !== 'string' || g === ''))
    return picomatch(patterns, { dot: true });
  const tests = list.map((glob) => {
    const re = picomatch.makeRe(glob, { dot: true, windows: false });
    const endings = literalEndings(glob);
    if (!endings) return (p: string): boolean => p !== '' && (p === glob || re.test(p));
    // Most paths fail the glob's literal ending (`**/*.py` on a TypeScript file): that string test spares the regex,
    // whose lookaheads run at every character of the path.
    return (p: string): boolean => p !== '' && (p === glob || (endsWithAny(p, endings) && re.test(p)));
  });
  if (tests.length === 1) return tests[0]!;
  return (p) => {
    for (let i = 0; i < tests.length; i++) if (tests[i]!(p)) return true;
    return false;
  };
}

// Whether a file's membership in select(opts) is the same seen from any folder of the repository: the options name no
// exact paths and every include and exclude glob is `**/` and one path segment (`**/*.ts`, `**/Dockerfile`,
// `**/*.{yml,yaml}`). Such a glob matches a path (with no `.` or `..` folder; a view's `../` paths are matched with
// their `../` left off, see matcher) exactly when it matches the file's base name, which a component's view shares
// with the repository; kinds and languages are the repository's classification in every view.
export function pathFreeSelection(opts: GrepOptions): boolean {
  if (opts.paths) return false;
  const segmentOnly = (globs: string | string[] | undefined): boolean =>
    globs === undefined ||
    (Array.isArray(globs) ? globs : [globs]).every(
      (g) => typeof g === 'string' && g.startsWith('**/') && g.length > 3 && !g.slice(3).includes('/'),
    );
  return segmentOnly(opts.include) && segmentOnly(opts.exclude);
}

/**
 * The literal texts one of which every path a glob matches ends with (before an optional trailing slash, which
 * picomatch's regex allows), or undefined when the glob does not end in plain characters: `*.py` gives `.py`,
 * `*.{yml,yaml}` gives `.yml` and `.yaml`. Globs with escapes, negations, extglobs or brace ranges get none.
 */
export function literalEndings(glob: string): string[] | undefined {
  if (glob.startsWith('!') || /[\\()]/.test(glob)) return undefined;
  const run = /[\w.-]*$/.exec(glob)![0];
  if (run) return [run];
  const brace = /([\w.-]*)\{([\w.,-]*)\}$/.exec(glob);
  if (!brace || brace[2]!.includes('..') || glob.slice(0, brace.index).includes('{')) return undefined;
  // A brace of one alternative is no alternation.
  const alternatives = brace[2]!.split(',');
  if (alternatives.length < 2 || alternatives.some((a) => !a)) return undefined;
  return alternatives.map((alt) => brace[1]! + alt);
}

function endsWithAny(p: string, endings: readonly string[]): boolean {
  const trimmed = p.endsWith('/') ? p.slice(0, -1) : p;
  for (const e of endings) if (p.endsWith(e) || trimmed.endsWith(e)) return true;
  return false;
}

export function excerpt(line: string): string {
  const t = line.replace(/\r$/, '').trim();
  return t.length > EXCERPT_MAX ? `${t.slice(0, EXCERPT_MAX - 1)}…` : t;
}

function isBinary(buf: Buffer): boolean {
  const n = Math.min(buf.length, 8000);
  for (let i = 0; i < n; i++) if (buf[i] === 0) return true;
  return false;
}

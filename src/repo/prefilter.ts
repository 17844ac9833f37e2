import fs from 'node:fs';
import { type AST, RegExpParser } from '@eslint-community/regexpp';
import { escapeRegExp } from './text.js';
import { LITERAL_CATALOG } from './literal-catalog.js';
import { fnv1a, LiteralScanner, scannable } from './literal-scan.js';

/**
 * Literal prefilters for regular expressions. Most files of a repository match none of the patterns facts and rules
 * search for, and a pattern such as `\b(?:roles?|…)\b[^\n]{0,60}?(?:!=|…)` costs several times more to run over a
 * file than a plain alternation of the words it cannot match without. `prefilterOf(re)` derives those words from the
 * pattern's syntax tree: every match of `re` contains one of them, so a file the prefilter does not match holds no
 * match of `re` and is skipped unread by the full pattern. The prefilter keeps the pattern's case-insensitive and
 * Unicode flags, so letters compare exactly as they do in the pattern. Literals hold no spaces, so a prefilter run
 * over the raw text also answers for the same text with comments blanked (facts.code).
 */

/** Literals shorter than this make a prefilter that passes nearly every file: not worth a second test. */
const MIN_LITERAL = 3;
/** A prefilter of more alternatives than this is no cheaper than the pattern. */
const MAX_LITERALS = 40;

/** Some of these strings occur in every match; undefined when nothing useful is required. */
type Need = string[] | undefined;

const parser = new RegExpParser({ ecmaVersion: 2025 });

/**
 * The syntax tree of a pattern's source (undefined when it does not parse), kept for the last pattern asked: a
 * prefilter and a tail are derived from the same pattern one after the other, and parsing (regexpp validates as it
 * parses) was most of their cost. The tree is only read.
 */
let lastParsed: { source: string; unicode: boolean; pattern: AST.Pattern | undefined } | undefined;
function parse(re: RegExp): AST.Pattern | undefined {
  const unicode = re.flags.includes('u');
  if (lastParsed?.source !== re.source || lastParsed.unicode !== unicode) {
    let pattern: AST.Pattern | undefined;
    try {
      pattern = parser.parsePattern(re.source, 0, re.source.length, { unicode });
    } catch {
      pattern = undefined;
    }
    lastParsed = { source: re.source, unicode, pattern };
  }
  return lastParsed.pattern;
}
const cache = new Map<string, RegExp | null>();
const byObject = new WeakMap<RegExp, RegExp | null>();

/** Below this many files a search runs the pattern alone: deriving a prefilter would cost more than it saves. */
const MIN_FILES = 16;

/** When prefilters run: by the number of files searched (`auto`), on every search, or never (the plain path). */
export type PrefilterMode = 'auto' | 'always' | 'never';
let mode: PrefilterMode = 'auto';

/**
 * Runs `fn` with prefilters on every search or on none. A prefilter only skips files the pattern cannot match, so
 * both give the same findings: a test compares them on every fixture repository.
 */
export function withPrefilters<T>(m: PrefilterMode, fn: () => T): T {
  const was = mode;
  mode = m;
  try {
    return fn();
  } finally {
    mode = was;
  }
}

/**
 * The prefilter for a search of `re` over `files` files (undefined: search with the pattern alone). Callers test it
 * on the raw text and run the full pattern only where it passes, so it may also ask for the pattern's tail (see
 * tailOf), which a text with comments blanked could match where the raw text does not. The tail is asked for
 * however few the files: it guards against the pattern's worst case, not its average.
 */
export function prefilterFor(re: RegExp, files: number): RegExp | undefined {
  if (mode === 'never' || files === 0) return undefined;
  const tail = tailFilterOf(re);
  if (!(mode === 'always' || files >= MIN_FILES)) return tail;
  const pre = prefilterOf(re);
  if (!pre || !tail) return pre ?? tail;
  let both = withTail.get(pre);
  if (!both) {
    both = new AllOf(pre, [tail]);
    withTail.set(pre, both);
    tailedBy.set(both, { pre, tail });
  }
  return both;
}

/** A prefilter that asks for the tail too: the literal prefilter and the tail it was made of. */
const tailedBy = new WeakMap<RegExp, { pre: RegExp; tail: RegExp }>();

const withTail = new WeakMap<RegExp, RegExp>();
const tailCache = new Map<string, RegExp | null>();
const tailByObject = new WeakMap<RegExp, RegExp | null>();

/** A quick look at the source for an unbounded run (`.*`, `[^…]+`) before the pattern is parsed for one. */
const MAY_HAVE_WILD_RUN = /(?:\.|\[\^(?:[^\]\\]|\\.)*\])[*+]/;

function tailFilterOf(re: RegExp): RegExp | undefined {
  if (!MAY_HAVE_WILD_RUN.test(re.source)) return undefined;
  let tail = tailByObject.get(re);
  if (tail === undefined) {
    const key = `${re.flags}/${re.source}`;
    tail = tailCache.get(key);
    if (tail === undefined) {
      const known = derivedOf(tableKey(re));
      tail = (known ? tailFromTable(re, known[2]) : tailOf(re)) ?? null;
      tailCache.set(key, tail);
    }
    tailByObject.set(re, tail);
  }
  return tail ?? undefined;
}

/** A cheap regex that every match of `re` also matches (undefined: none worth running). */
export function prefilterOf(re: RegExp): RegExp | undefined {
  if (mode === 'never') return undefined;
  let pre = byObject.get(re);
  if (pre === undefined) {
    const key = `${re.flags}/${re.source}`;
    pre = cache.get(key);
    if (pre === undefined) {
      const known = derivedOf(tableKey(re));
      pre =
        (known
          ? build(re, known[1] || undefined, known[3] || undefined)
          : build(re, requiredLiteralAlternatives(re))) ?? null;
      cache.set(key, pre);
    }
    byObject.set(re, pre);
  }
  return pre ?? undefined;
}

/** The literals every match of `re` contains one of, or undefined (exported for tests). */
export function requiredLiterals(re: RegExp): string[] | undefined {
  return requiredLiteralSets(re)?.[0];
}

/**
 * Sets of literals every match of `re` contains one of each, best first (exported for tests): a pattern of one
 * alternative gives each required part's set (at most two), so `return … "fake data"` asks a file for `return` and
 * for `fake|mock|…`, and files with `return` alone are not searched by the full pattern.
 */
export function requiredLiteralSets(re: RegExp): string[][] | undefined {
  // Unicode-sets mode (`v`) escapes differently: such patterns go without a prefilter.
  if (re.flags.includes('v')) return undefined;
  const pattern = parse(re);
  if (!pattern) return undefined;
  if (pattern.alternatives.length === 1) {
    const sets = requirementsOfSequence(pattern.alternatives[0]!.elements);
    return sets?.length ? sets.slice(0, 2) : undefined;
  }
  const need = needOfAlternatives(pattern.alternatives);
  return need ? [need] : undefined;
}

/**
 * The literal requirements of `re` alternative by alternative (exported for tests): every match satisfies one of them,
 * that is, contains a literal of each of its sets (at most two per alternative, as requiredLiteralSets asks of a
 * pattern of one alternative). Top-level alternatives are read through groups that make the whole alternative
 * (`(?:a…)|(?:b|c…)` has three). Defined exactly when requiredLiteralSets is, and never less strict: the first set of
 * each alternative is what their union is made of.
 */
export function requiredLiteralAlternatives(re: RegExp): string[][][] | undefined {
  const sets = requiredLiteralSets(re);
  if (!sets) return undefined;
  const alternatives = topAlternatives(parse(re)!.alternatives);
  if (alternatives.length < 2) return [sets];
  const out: string[][][] = [];
  for (const alt of alternatives) {
    const own = requirementsOfSequence(alt.elements);
    if (!own?.length) return [sets];
    out.push(own.slice(0, 2));
  }
  return out;
}

/**
 * The literal requirements of each top-level alternative of a pattern of several that has no prefilter (exported for
 * tests): `[]` for an alternative that requires no literal (retention's `\blt\s*:`), or the alternatives' union is
 * larger than MAX_LITERALS (authorization's role comparison). Undefined for a pattern with a prefilter (see
 * requiredLiteralAlternatives), of one alternative, with a flag-changing group, or whose alternatives require none.
 */
export function alternativeLiterals(re: RegExp): string[][][] | undefined {
  if (re.flags.includes('v') || requiredLiteralSets(re)) return undefined;
  const pattern = parse(re);
  const alternatives = pattern && topAlternatives(pattern.alternatives);
  if (!alternatives || alternatives.length < 2) return undefined;
  const out: string[][][] = [];
  for (const alt of alternatives) {
    const own = requirementsOfSequence(alt.elements);
    if (!own) return undefined;
    out.push(own.slice(0, 2));
  }
  return out.some((a) => a.length) ? out : undefined;
}

/** The top-level alternatives of a pattern as patterns of their own, each compiled the first time it is asked for. */
export class Alternatives {
  private readonly compiled: (RegExp | undefined)[];
  constructor(
    private readonly sources: readonly string[],
    private readonly flags: string,
  ) {
    this.compiled = new Array<RegExp | undefined>(sources.length);
  }

  get length(): number {
    return this.sources.length;
  }

  at(i: number): RegExp {
    let re = this.compiled[i];
    if (!re) this.compiled[i] = re = testFormOf(new RegExp(this.sources[i]!, this.flags));
    return re;
  }
}

const alternativeCache = new Map<string, Alternatives | null>();
const alternativesByObject = new WeakMap<RegExp, Alternatives | null>();

/**
 * The top-level alternatives of `re`, as requiredLiteralAlternatives reads them, each a pattern of its own with the
 * flags of `re` but g and y: a text holds a match of `re` exactly when it holds a match of one of them. Undefined for a
 * pattern of one alternative, and for one with back-references (an alternative alone may lose the group it names).
 * `sources` are theirs when the table next to the bundle held them.
 */
export function alternativesOf(re: RegExp, sources?: string[]): Alternatives | undefined {
  let out = alternativesByObject.get(re);
  if (out === undefined) {
    const flags = re.flags.replace(/[gy]/g, '');
    const key = `${flags}/${re.source}`;
    out = alternativeCache.get(key);
    if (out === undefined) {
      const own = sources ?? alternativeSources(re);
      out = own ? new Alternatives(own, flags) : null;
      alternativeCache.set(key, out);
    }
    alternativesByObject.set(re, out);
  }
  return out ?? undefined;
}

/** The sources of alternativesOf's alternatives (undefined: none), from the pattern's syntax tree. */
function alternativeSources(re: RegExp): string[] | undefined {
  const pattern = re.flags.includes('v') || /\\(?:[1-9]|k<)/.test(re.source) ? undefined : parse(re);
  const alternatives = pattern && topAlternatives(pattern.alternatives);
  return alternatives && alternatives.length > 1 ? alternatives.map((a) => re.source.slice(a.start, a.end)) : undefined;
}

const testForms = new WeakMap<RegExp, RegExp>();

/**
 * A pattern that some text matches exactly when it matches `re`, for asking whether a text holds a match (not where
 * or what): `\b\w*P`, one alternative whose P starts with a word character (`\b\w*(?:[Ll]ogin|…)Repository\.save\(`),
 * is P alone, since the word characters before a match of P always reach back to a word boundary. V8 then looks for
 * P's first characters instead of trying, at every word of the text, every one of its letters as P's start. Any
 * other pattern is its own test form.
 */
export function testFormOf(re: RegExp): RegExp {
  if (!re.source.startsWith('\\b\\w*') || /[yv]/.test(re.flags)) return re;
  let form = testForms.get(re);
  if (!form) {
    const els = parse(re)?.alternatives;
    const [boundary, word, first] = els?.length === 1 ? els[0]!.elements : [];
    form =
      boundary?.type === 'Assertion' &&
      boundary.kind === 'word' &&
      !boundary.negate &&
      word?.type === 'Quantifier' &&
      word.min === 0 &&
      word.max === Infinity &&
      word.greedy &&
      word.element.type === 'CharacterSet' &&
      word.element.kind === 'word' &&
      !word.element.negate &&
      first &&
      startsWithWordCharacter(first)
        ? new RegExp(re.source.slice(first.start), re.flags)
        : re;
    testForms.set(re, form);
  }
  return form;
}

/** The runs of ASCII word characters by code: digits, upper-case letters, `_`, lower-case letters. */
const WORD_RUNS = [
  [48, 57],
  [65, 90],
  [95, 95],
  [97, 122],
] as const;
const allWord = (min: number, max: number): boolean => WORD_RUNS.some(([a, b]) => min >= a && max <= b);

/** Whether every match of `el` starts with an ASCII word character. */
function startsWithWordCharacter(el: AST.Element): boolean {
  switch (el.type) {
    case 'Character':
      return allWord(el.value, el.value);
    case 'CharacterClass':
      return (
        !el.negate &&
        el.elements.length > 0 &&
        el.elements.every(
          (c) =>
            (c.type === 'Character' && allWord(c.value, c.value)) ||
            (c.type === 'CharacterClassRange' && allWord(c.min.value, c.max.value)),
        )
      );
    case 'Group':
    case 'CapturingGroup':
      return el.alternatives.every((a) => a.elements.length > 0 && startsWithWordCharacter(a.elements[0]!));
    case 'Quantifier':
      return el.min >= 1 && startsWithWordCharacter(el.element);
    default:
      return false;
  }
}

/** Alternatives, with an alternative that is one whole group (no quantifier, no flags) replaced by the group's. */
function topAlternatives(alternatives: readonly AST.Alternative[]): AST.Alternative[] {
  const out: AST.Alternative[] = [];
  for (const alt of alternatives) {
    const only = alt.elements.length === 1 ? alt.elements[0]! : undefined;
    if (
      only &&
      (only.type === 'CapturingGroup' || (only.type === 'Group' && !(only as { modifiers?: unknown }).modifiers))
    )
      out.push(...topAlternatives(only.alternatives));
    else out.push(alt);
  }
  return out;
}

/** A RegExp for the first set of literals that also asks for the others: `test` is true when every set occurs. */
class AllOf extends RegExp {
  private readonly parts: readonly RegExp[];
  constructor(first: RegExp, rest: readonly RegExp[]) {
    super(first.source, first.flags);
    // An AllOf given as the first keeps its own tests; any other first (an AnyOf) is asked as itself.
    this.parts = first instanceof AllOf ? [...first.parts, ...rest] : [first, ...rest];
  }
  override test(text: string): boolean {
    for (const r of this.parts) if (!r.test(text)) return false;
    return true;
  }
}

/**
 * A prefilter for a pattern of several alternatives: its source is the union of each alternative's first set (what
 * any match contains), and `test` also asks that one alternative find all of its sets (`import … from "bcrypt"` asks
 * for `import` and `bcrypt`, so the union's `import`, in every module, no longer lets every file through).
 */
class AnyOf extends RegExp {
  constructor(
    union: RegExp,
    private readonly alternatives: readonly RegExp[],
  ) {
    super(union.source, union.flags);
  }
  override test(text: string): boolean {
    if (!super.test(text)) return false;
    for (const a of this.alternatives) if (a.test(text)) return true;
    return false;
  }
}

/**
 * The part of a one-alternative pattern after its last unbounded run of "any character but a few" (`[^\n]*`, `.*?`,
 * `[^"]+`), as a pattern of its own, when that part requires a literal. Every match of `re` contains a match of its
 * tail, and the tail alone costs one linear pass: the whole pattern may backtrack over the run from every place its
 * head matches (a 200 KB line of bundled code with a thousand `return`s took seconds for one file).
 */
export function tailOf(re: RegExp): RegExp | undefined {
  if (re.flags.includes('v') || /\\(?:[1-9]|k<)/.test(re.source)) return undefined;
  const pattern = parse(re);
  if (!pattern || pattern.alternatives.length !== 1) return undefined;
  const elements = pattern.alternatives[0]!.elements;
  let last = -1;
  elements.forEach((el, i) => {
    if (isWildRun(el)) last = i;
  });
  const tail = elements.slice(last + 1);
  // A tail of plain characters is one of the literal sets already.
  if (last < 0 || tail.every((el) => el.type === 'Character') || !requirementsOfSequence(tail)?.length)
    return undefined;
  // Multiline, as grep runs every pattern.
  const flags = re.flags.replace(/[gym]/g, '');
  return new RegExp(re.source.slice(tail[0]!.start, tail[tail.length - 1]!.end), `${flags}m`);
}

function isWildRun(el: AST.Element): boolean {
  if (el.type !== 'Quantifier' || el.max !== Infinity) return false;
  const e = el.element;
  return (
    (e.type === 'CharacterClass' && e.negate) ||
    (e.type === 'CharacterSet' && (e.kind === 'any' || ('negate' in e && e.negate)))
  );
}

/** The prefilter of `re` made of its literal requirements (requiredLiteralAlternatives, or the same from the table). */
function build(re: RegExp, alts: string[][][] | undefined, sources?: string[]): RegExp | undefined {
  if (!alts) return undefined;
  const flags = (re.flags.includes('i') ? 'i' : '') + (re.flags.includes('u') ? 'u' : '');
  const regexOf = (need: string[]): RegExp => new RegExp(need.map(escapeRegExp).join('|'), flags);
  const allOf = (sets: string[][]): RegExp => {
    const [first, ...rest] = sets.map(regexOf);
    return rest.length ? new AllOf(first!, rest) : first!;
  };
  let pre: RegExp;
  if (alts.length === 1) pre = allOf(alts[0]!);
  else {
    const union = [...new Set(alts.flatMap((a) => a[0]!))];
    // Alternatives with one set each ask no more than their union.
    pre = alts.every((a) => a.length === 1) ? regexOf(union) : new AnyOf(regexOf(union), alts.map(allOf));
  }
  builtSets.set(pre, { alts, ci: flags.includes('i'), sources });
  return pre;
}

/**
 * What the derivation gives for a pattern, as the table next to the bundled CLI keeps it: the pattern's key
 * (tableKey), its requiredLiteralAlternatives (0: none), the source of its tailOf (0: none), when those
 * alternatives are several or it has alternativeLiterals the sources of alternativesOf (0 or left out: none), and its
 * alternativeLiterals (0 or left out: none).
 */
export type Derived = [
  key: string,
  alternatives: string[][][] | 0,
  tail: string | 0,
  sources?: string[] | 0,
  loose?: string[][][] | 0,
];

/**
 * The file name of the table of derived prefilters, in the folder of the module that holds this code. After a header
 * line, the number of buckets and each bucket's start (32-bit little-endian), then each bucket's patterns, two lines
 * each: the key as it is (a regex's source escapes every line terminator, so a key is one line) and its alternatives
 * and tail as JSON. A lookup decodes only its key's bucket (keyBucket). Reading the whole table as one JSON document
 * made ~5,600 entries of nested arrays at every start (~80 ms of CPU with the collections they caused, against ~2,000
 * patterns an audit of a small project asks for); a text split into its lines and a Map of its keys still cost ~5 ms
 * of CPU at every start and kept ~2 MB of two-byte string (its emoji keys) to the end.
 */
export const DERIVED_TABLE = 'prefilter-table.bin';
/** Bumped when the table changes form. */
export const DERIVED_FORMAT = 5;
const DERIVED_HEADER = `readiness prefilter table ${DERIVED_FORMAT}\n`;

/**
 * A pattern's key in the table: its source and its flags but g, m and y, which change none of its derivations. Searches
 * add the m flag (grep, code.grep, the migrations' whole-file tests) to patterns written without it: under the flags as
 * written, each such copy missed the table and was parsed again (14 of an empty directory's audit, ~12 ms of CPU).
 */
export function tableKey(re: RegExp): string {
  return `${re.flags.replace(/[gmy]/g, '')}/${re.source}`;
}

/**
 * The derivation of a pattern's prefilter and tail (exported for scripts/bundle.mjs, which derives every regex literal
 * of the compiled code at build time, and tests). Deriving parses the pattern with regexpp: some 0.5 ms of CPU a
 * pattern in a fresh process, ~190 ms for the 334 patterns an audit of a small FastAPI project derives.
 */
export function deriveEntry(re: RegExp): Derived {
  const tail = MAY_HAVE_WILD_RUN.test(re.source) ? tailOf(re) : undefined;
  const alternatives = requiredLiteralAlternatives(re);
  const loose = alternatives ? undefined : alternativeLiterals(re);
  const sources = (alternatives && alternatives.length > 1) || loose ? alternativeSources(re) : undefined;
  return [tableKey(re), alternatives ?? 0, tail?.source ?? 0, sources ?? 0, loose ?? 0];
}

/** The bucket of a key in a table of `buckets` (a power of two) buckets. */
function keyBucket(key: string, buckets: number): number {
  return fnv1a(key) & (buckets - 1);
}

/** The table of entries (scripts/bundle.mjs writes it as DERIVED_TABLE); a key of several lines is left out. */
export function derivedTable(entries: readonly Derived[]): Buffer {
  const kept = entries.filter(([key]) => !/[\n\r]/.test(key));
  let buckets = 1;
  while (buckets < kept.length) buckets *= 2;
  const texts = Array.from({ length: buckets }, () => '');
  for (const [key, alternatives, tail, sources, loose] of kept)
    texts[keyBucket(key, buckets)] += `${key}\n${JSON.stringify([alternatives, tail, sources ?? 0, loose ?? 0])}\n`;
  const bodies = texts.map((t) => Buffer.from(t, 'utf8'));
  const header = Buffer.from(DERIVED_HEADER, 'latin1');
  const index = Buffer.alloc(4 * (buckets + 2));
  index.writeUInt32LE(buckets, 0);
  let at = header.length + index.length;
  bodies.forEach((body, b) => {
    index.writeUInt32LE(at, 4 * (b + 1));
    at += body.length;
  });
  index.writeUInt32LE(at, 4 * (buckets + 1));
  return Buffer.concat([header, index, ...bodies]);
}

/** A table: its file's bytes and bucket count (none when set from entries), and the entries looked up so far. */
interface Table {
  image?: Buffer;
  buckets: number;
  entries: Map<string, Derived | undefined>;
}
let table: Table | null | undefined;

/**
 * Replaces the table (tests: the bundled CLI reads its own file) by entries or a table's bytes; null: none. Patterns
 * derived before keep theirs.
 */
export function setDerivedTable(entries: readonly Derived[] | Uint8Array | null): void {
  if (entries instanceof Uint8Array) table = tableOf(entries);
  else table = entries && { buckets: 0, entries: new Map(entries.map((e) => [e[0], e])) };
}

/** A table read from its bytes; null when they are of another format. */
function tableOf(bytes: Uint8Array): Table | null {
  const image = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (image.toString('latin1', 0, DERIVED_HEADER.length) !== DERIVED_HEADER) return null;
  return { image, buckets: image.readUInt32LE(DERIVED_HEADER.length), entries: new Map() };
}

/** The table's entry for a pattern key, or undefined (no table: dist/src, tests; or a pattern made at run time). */
function derivedOf(key: string): Derived | undefined {
  if (table === undefined) {
    table = null;
    try {
      table = tableOf(fs.readFileSync(new URL(DERIVED_TABLE, import.meta.url)));
    } catch {
      table = null;
    }
  }
  if (!table) return undefined;
  const { image, buckets, entries } = table;
  if (!image || entries.has(key)) return entries.get(key);
  const at = DERIVED_HEADER.length + 4 * (keyBucket(key, buckets) + 1);
  const lines = image.toString('utf8', image.readUInt32LE(at), image.readUInt32LE(at + 4)).split('\n');
  let entry: Derived | undefined;
  for (let i = 0; i + 1 < lines.length && !entry; i += 2) {
    if (lines[i] !== key) continue;
    const [alternatives, tail, sources, loose] = JSON.parse(lines[i + 1]!) as [
      Derived[1],
      Derived[2],
      Derived[3],
      Derived[4],
    ];
    entry = [key, alternatives, tail, sources, loose];
  }
  entries.set(key, entry);
  return entry;
}

/** The tail of `re` from its source in the table, flagged as tailOf flags it. */
function tailFromTable(re: RegExp, source: string | 0): RegExp | undefined {
  return source === 0 ? undefined : new RegExp(source, `${re.flags.replace(/[gym]/g, '')}m`);
}

/** Literal sets, alternative by alternative, with their case-insensitivity and the alternatives' sources when known. */
interface LiteralSets {
  alts: string[][][];
  ci: boolean;
  sources: string[] | undefined;
}

/** The literal sets a prefilter made by build() stands for. */
const builtSets = new WeakMap<RegExp, LiteralSets>();

/** The alternativeLiterals of patterns without a prefilter, by key (flags but g and y, and source); null: none. */
const looseSets = new Map<string, LiteralSets | null>();
const looseByObject = new WeakMap<RegExp, LiteralSets | null>();

function looseSetsOf(re: RegExp): LiteralSets | undefined {
  let sets = looseByObject.get(re);
  if (sets === undefined) {
    const flags = re.flags.replace(/[gy]/g, '');
    const key = `${flags}/${re.source}`;
    sets = looseSets.get(key);
    if (sets === undefined) {
      const known = derivedOf(tableKey(re));
      const alts = known ? known[4] || undefined : alternativeLiterals(re);
      sets = alts ? { alts, ci: flags.includes('i'), sources: known?.[3] || undefined } : null;
      looseSets.set(key, sets);
    }
    looseByObject.set(re, sets);
  }
  return sets ?? undefined;
}

/**
 * How a prefilter is answered from a file's literal set (see literal-scan.ts): one alternative must pass, and an
 * alternative passes when each of its groups of ids has one id found.
 */
export interface LiteralPlan {
  alternatives: number[][][];
  /** A regex the text must also match (the pattern's tail), or undefined. */
  tail?: RegExp;
}

let scanner: LiteralScanner | undefined;
/**
 * The automaton of the catalog's literals, made on first use: read from the image `npm run build` writes next to the
 * bundled CLI (scripts/bundle.mjs, AUTOMATON_IMAGE), or built when there is none or it is of another catalog.
 */
export function literalScanner(): LiteralScanner {
  scanner ??= new LiteralScanner(
    LITERAL_CATALOG.map(([literal, ci]) => ({ literal, ci: ci === 1 })),
    automatonImage(),
  );
  return scanner;
}

/** The file name of the catalog automaton's image, in the folder of the module that holds this code. */
export const AUTOMATON_IMAGE = 'literal-automaton.bin';

function automatonImage(): Uint8Array | undefined {
  try {
    return fs.readFileSync(new URL(AUTOMATON_IMAGE, import.meta.url));
  } catch {
    return undefined;
  }
}

const plans = new WeakMap<RegExp, LiteralPlan | null>();

/**
 * How `pre` (a prefilter from prefilterFor or prefilterOf) is decided from a file's literal set, or undefined when
 * it must run as a regex: a literal outside the catalog, or a regex not made here.
 */
export function literalPlanOf(pre: RegExp): LiteralPlan | undefined {
  let plan = plans.get(pre);
  if (plan === undefined) {
    plan = makePlan(pre) ?? null;
    plans.set(pre, plan);
  }
  return plan ?? undefined;
}

function makePlan(pre: RegExp): LiteralPlan | undefined {
  const tailed = tailedBy.get(pre);
  const built = builtSets.get(tailed?.pre ?? pre);
  if (!built) return undefined;
  const s = literalScanner();
  const alternatives: number[][][] = [];
  for (const sets of built.alts) {
    const alt: number[][] = [];
    for (const set of sets) {
      const group: number[] = [];
      for (const lit of set) {
        const id = scannable(lit) ? s.idOf(lit, built.ci) : undefined;
        if (id === undefined) return undefined;
        group.push(id);
      }
      alt.push(group);
    }
    alternatives.push(alt);
  }
  return { alternatives, tail: tailed?.tail };
}

/** How RepoIndex.test tells a pattern's alternatives apart from a file's literal set (see alternativePlanOf). */
export interface AlternativePlan {
  /** Per alternative, the groups of catalog literal ids it requires; `[]`: none, it is asked of every file. */
  needs: number[][][];
  /** The alternatives' sources for alternativesOf, when the table next to the bundle held them. */
  sources: string[] | undefined;
}

const alternativePlans = new WeakMap<LiteralSets, AlternativePlan | null>();

/**
 * How the top-level alternatives of `re` are told apart from a file's literal set: from the literal sets of `pre`
 * (its prefilter from prefilterFor or prefilterOf), or, where it has none, from its alternativeLiterals (an
 * alternative that requires no literal, or a union too large for a prefilter). A group with a literal outside the
 * catalog is left out, so an alternative left with no group is asked of every file. Undefined for a pattern of one
 * alternative, or where over half its alternatives are asked of every file: run one by one over every text, they
 * would cost more than the pattern trying them all at each place. The plan is of the literal sets, which a prefilter
 * may share between patterns of other flags: the alternatives themselves are alternativesOf(re, plan.sources).
 */
export function alternativePlanOf(re: RegExp, pre: RegExp | undefined): AlternativePlan | undefined {
  if (mode === 'never') return undefined;
  const sets = pre ? builtSets.get(tailedBy.get(pre)?.pre ?? pre) : looseSetsOf(re);
  if (!sets || sets.alts.length < 2) return undefined;
  let plan = alternativePlans.get(sets);
  if (plan === undefined) {
    const s = literalScanner();
    const needs = sets.alts.map((alt) =>
      alt
        .map((set) => set.map((lit) => (scannable(lit) ? s.idOf(lit, sets.ci) : undefined)))
        .filter((ids): ids is number[] => ids.every((id) => id !== undefined)),
    );
    const always = needs.filter((n) => !n.length).length;
    plan = always * 2 <= needs.length ? { needs, sources: sets.sources } : null;
    alternativePlans.set(sets, plan);
  }
  return plan ?? undefined;
}

/** What a candidate from RepoIndex.candidates must still pass on its text: the plan's tail, or the whole prefilter. */
export function residualOf(pre: RegExp): RegExp | undefined {
  const plan = literalPlanOf(pre);
  return plan ? plan.tail : pre;
}

/**
 * Every literal of the prefilters built so far in this process and of the alternativeLiterals asked, as the catalog
 * lists them (scripts/gen-literals).
 */
export function builtLiterals(): [string, 0 | 1][] {
  const out = new Map<string, [string, 0 | 1]>();
  const sets = [...cache.values()].map((pre) => pre && builtSets.get(pre));
  for (const built of [...sets, ...looseSets.values()]) {
    if (!built) continue;
    for (const set of built.alts.flat())
      for (const lit of set) {
        const l = built.ci ? lit.toLowerCase() : lit;
        if (scannable(l)) out.set(`${built.ci ? 'i' : 'c'}${l}`, [l, built.ci ? 1 : 0]);
      }
  }
  return [...out.values()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
}

function needOfAlternatives(alternatives: readonly AST.Alternative[]): Need {
  const out = new Set<string>();
  let common: Set<string> | undefined;
  for (const alt of alternatives) {
    const requirements = requirementsOfSequence(alt.elements);
    const need = requirements?.[0];
    if (!need) return undefined;
    for (const s of need) out.add(s);
    const own = new Set(requirements.filter((r) => r.length === 1).map((r) => r[0]!));
    common = common ? new Set([...common].filter((l) => own.has(l))) : own;
  }
  // A literal of the union that every alternative requires (the name in `func\s+name\s*\(|function\s+name\s*\(`) is
  // asked alone: it passes no file the union would not, and one literal is a plain string search where the union is a
  // regex run over the text.
  if (out.size > MAX_LITERALS) return undefined;
  const alone = [...(common ?? [])].filter((l) => out.has(l));
  return out.size > 1 && alone.length ? [alone.reduce((a, b) => (b.length > a.length ? b : a))] : [...out];
}

/**
 * Every part a sequence requires, as sets of literals, best first (the longest shortest literal); undefined when a
 * flag-changing group is in it. Runs of plain characters are literals; a group contributes what all its alternatives
 * need; a quantified part only when it must occur at least once. Anything else (classes, assertions, back-references)
 * ends a run and adds nothing.
 */
function requirementsOfSequence(elements: readonly AST.Element[]): string[][] | undefined {
  const candidates: string[][] = [];
  let run = '';
  const endRun = (): void => {
    if (run) candidates.push([run]);
    run = '';
  };
  for (const el of elements) {
    // A space ends a run too: searches over code with comments blanked to spaces must still contain every literal.
    if (el.type === 'Character' && el.value !== 32) {
      run += String.fromCodePoint(el.value);
      continue;
    }
    endRun();
    // A group that changes flags (`(?i:…)`) compares letters differently from the prefilter.
    if (el.type === 'Group' && (el as { modifiers?: unknown }).modifiers) return undefined;
    const need =
      el.type === 'Group' || el.type === 'CapturingGroup'
        ? needOfAlternatives(el.alternatives)
        : el.type === 'Quantifier' && el.min >= 1
          ? needOfElement(el.element)
          : undefined;
    if (need) candidates.push(need);
  }
  endRun();
  // Best first: the longest shortest literal, then the fewer alternatives (a stable sort keeps the pattern's order).
  const score = (c: string[]): number => Math.min(...c.map((s) => s.length));
  return candidates.filter((c) => score(c) >= MIN_LITERAL).sort((a, b) => score(b) - score(a) || a.length - b.length);
}

function needOfElement(el: AST.QuantifiableElement): Need {
  if (el.type === 'Character') return undefined;
  if (el.type === 'Group' || el.type === 'CapturingGroup') return needOfAlternatives(el.alternatives);
  return undefined;
}

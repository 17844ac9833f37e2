// How badly a regular expression can backtrack, estimated from its syntax tree (regexpp): the polynomial degree of the
// work a backtracking engine (V8's) does on a run of one repeated character that the pattern then fails to match, or
// Infinity when it is exponential. The classic ReDoS shapes are covered: quantifiers in sequence that can share the
// run (`\s*\s*`, `[\w\s]+?\s+`: each adds one degree), the search trying every start in the run (one more degree for a
// pattern whose start is not anchored), and a repeated group that can match the run in more than one way (`(\s+)+`,
// `(a|a)*`: exponential). It over-approximates — lookarounds pass, backreferences match anything — so a hit is a
// pattern to read, not a proof; the test that uses it keeps an allow-list of the hits judged harmless, with reasons.
import { RegExpParser } from '@eslint-community/regexpp';
import type { AST } from '@eslint-community/regexpp';

/** The characters whose runs are tried: blanks, word characters, and the punctuation long runs are made of. */
export const RUN_CHARACTERS = [...' \t\na0_Z-=./*#"\'`<>(),:;{}[]\\$@!?|&+~%^é'];

/** What one node does on a run of the character: the degrees of the chains of variable-length parts it holds. */
interface Shape {
  /** It can match inside the run without leaving it (the empty string counts). */
  passable: boolean;
  /** Degree when it matches wholly inside the run (meaningful when passable). */
  full: number;
  /** Degree of its longest leading part that can match inside the run (a chain continuing from before it). */
  head: number;
  /** The same for its trailing part (a chain that continues after it). */
  tail: number;
  /** The highest degree of a chain wholly inside it. */
  inner: number;
  /** Lengths of runs it matches wholly (small ones; `many` past them); ambiguous when one length has two ways. */
  lengths: Set<number>;
  many: boolean;
  ambiguous: boolean;
}

const BREAK: Shape = {
  passable: false,
  full: 0,
  head: 0,
  tail: 0,
  inner: 0,
  lengths: new Set(),
  many: false,
  ambiguous: false,
};
const EMPTY: Shape = { ...BREAK, passable: true, lengths: new Set([0]) };
const ONE: Shape = { ...BREAK, passable: true, lengths: new Set([1]) };
const MAX_LENGTH = 6;

function caseVariants(c: number): number[] {
  const s = String.fromCodePoint(c);
  return [...new Set([c, s.toLowerCase().codePointAt(0)!, s.toUpperCase().codePointAt(0)!])];
}

interface Flags {
  ignoreCase: boolean;
  multiline: boolean;
  dotAll: boolean;
}

function isWord(c: number): boolean {
  return /\w/.test(String.fromCodePoint(c));
}

function inSet(node: AST.CharacterSet, c: number, flags: Flags): boolean {
  const s = String.fromCodePoint(c);
  switch (node.kind) {
    case 'any':
      return flags.dotAll || !/[\n\r\u2028\u2029]/.test(s);
    case 'digit':
      return /\d/.test(s) !== node.negate;
    case 'space':
      return /\s/.test(s) !== node.negate;
    case 'word':
      return isWord(c) !== node.negate;
    default:
      return new RegExp(node.raw, 'u').test(s);
  }
}

function classMatches(node: AST.Node, c: number, flags: Flags): boolean {
  const cs = flags.ignoreCase ? caseVariants(c) : [c];
  switch (node.type) {
    case 'Character':
      return cs.includes(node.value);
    case 'CharacterClassRange':
      return cs.some((x) => x >= node.min.value && x <= node.max.value);
    case 'CharacterSet':
      return inSet(node, c, flags);
    case 'CharacterClass': {
      const hit = node.elements.some((e) => classMatches(e, c, flags));
      return hit !== node.negate;
    }
    default:
      return true; // Set operations and string disjunctions (v flag): assume the run qualifies.
  }
}

function plus(a: Set<number>, b: Set<number>): { lengths: Set<number>; many: boolean } {
  const out = new Set<number>();
  let many = false;
  for (const x of a)
    for (const y of b) {
      if (x + y > MAX_LENGTH) many = true;
      else out.add(x + y);
    }
  return { lengths: out, many };
}

function sequence(parts: Shape[]): Shape {
  let passable = true;
  let full = 0;
  let head = 0;
  let headOpen = true;
  let cur = 0;
  let inner = 0;
  let lengths = new Set([0]);
  let many = false;
  let ambiguous = false;
  for (const p of parts) {
    inner = Math.max(inner, p.inner, cur + p.head);
    if (headOpen) {
      head = Math.max(head, full + p.head);
      if (!p.passable) headOpen = false;
    }
    cur = p.passable ? Math.max(cur + p.full, p.tail) : p.tail;
    if (p.passable) {
      full += p.full;
      const sum = plus(lengths, p.lengths);
      lengths = sum.lengths;
      many ||= sum.many || p.many;
      ambiguous ||= p.ambiguous;
    } else passable = false;
  }
  inner = Math.max(inner, cur);
  if (passable) head = Math.max(head, full);
  return { passable, full, head, tail: cur, inner, lengths, many, ambiguous };
}

function alternation(alts: Shape[]): Shape {
  const ok = alts.filter((a) => a.passable);
  const lengths = new Set<number>();
  let ambiguous = ok.some((a) => a.ambiguous);
  for (const a of ok)
    for (const l of a.lengths) {
      if (l > 0 && lengths.has(l)) ambiguous = true;
      lengths.add(l);
    }
  const manyCount = ok.filter((a) => a.many).length;
  if (manyCount > 1) ambiguous = true;
  return {
    passable: ok.length > 0,
    full: Math.max(0, ...ok.map((a) => a.full)),
    head: Math.max(0, ...alts.map((a) => a.head)),
    tail: Math.max(0, ...alts.map((a) => a.tail)),
    inner: Math.max(0, ...alts.map((a) => a.inner)),
    lengths,
    many: manyCount > 0,
    ambiguous,
  };
}

function quantified(node: AST.Quantifier, x: Shape): Shape {
  const unbounded = node.max === Number.POSITIVE_INFINITY;
  const repeats = unbounded ? Number.POSITIVE_INFINITY : node.max;
  const consumes = x.passable && (x.many || [...x.lengths].some((l) => l > 0));
  // Consecutive iterations chain the tail of one with the head of the next.
  const across = repeats > 1 ? x.tail + x.head : 0;
  if (!x.passable) {
    // It can only be skipped (min 0) or it breaks the run.
    const skip = node.min === 0;
    return {
      ...BREAK,
      passable: skip,
      lengths: skip ? new Set([0]) : new Set(),
      head: x.head,
      tail: x.tail,
      inner: Math.max(x.inner, across),
    };
  }
  if (!consumes) return { ...x, inner: Math.max(x.inner, across) };
  const nonEmpty = new Set([...x.lengths].filter((l) => l > 0));
  if (unbounded) {
    // A repeated part that matches the run in two ways (two lengths, a variable part, or two alternatives) splits it
    // every way: exponential. Otherwise the count of iterations is one free choice: one degree.
    const exponential = x.ambiguous || x.many || nonEmpty.size > 1 || x.full > 0;
    const d = exponential ? Number.POSITIVE_INFINITY : 1;
    return {
      passable: true,
      full: d,
      head: d,
      tail: d,
      inner: Math.max(x.inner, d),
      lengths: new Set(node.min === 0 ? [0] : []),
      many: true,
      ambiguous: x.ambiguous,
    };
  }
  // A bounded repetition: each variable iteration is a degree of its own; the lengths add up.
  let lengths = new Set<number>();
  let many = x.many;
  let acc = new Set([0]);
  for (let i = 1; i <= Math.min(repeats, MAX_LENGTH + 1); i++) {
    const sum = plus(acc, x.lengths);
    acc = sum.lengths;
    many ||= sum.many;
    if (i >= node.min) for (const l of acc) lengths.add(l);
  }
  if (node.min === 0) lengths.add(0);
  if (repeats > MAX_LENGTH + 1) many = true;
  if (lengths.size === 0 && many) lengths = new Set();
  const variable = node.min !== node.max || x.many || nonEmpty.size > 1;
  const full = x.full * Math.min(repeats, 8);
  return {
    passable: true,
    full,
    head: full,
    tail: full,
    inner: Math.max(x.inner, full),
    lengths,
    many,
    ambiguous: x.ambiguous || (variable && nonEmpty.size > 1),
  };
}

function shape(node: AST.Node, c: number, flags: Flags): Shape {
  switch (node.type) {
    case 'Pattern':
    case 'Group':
    case 'CapturingGroup':
      return alternation(node.alternatives.map((a) => shape(a, c, flags)));
    case 'Alternative':
      return sequence(node.elements.map((e) => shape(e, c, flags)));
    case 'Quantifier':
      return quantified(node, shape(node.element, c, flags));
    case 'Character':
    case 'CharacterSet':
    case 'CharacterClass':
    case 'ExpressionCharacterClass':
      return classMatches(node, c, flags) ? ONE : BREAK;
    case 'Assertion':
      switch (node.kind) {
        case 'start':
        case 'end':
          return flags.multiline && c === 10 ? EMPTY : BREAK;
        case 'word':
          return node.negate ? EMPTY : BREAK;
        default: {
          // A negative lookaround that forbids the run's character ends the run; any other lookaround may pass.
          const first = node.alternatives.length === 1 ? node.alternatives[0]!.elements[0] : undefined;
          if (
            node.negate &&
            first &&
            (first.type === 'Character' || first.type === 'CharacterSet' || first.type === 'CharacterClass') &&
            classMatches(first, c, flags)
          )
            return BREAK;
          return EMPTY;
        }
      }
    case 'Backreference':
      return { ...EMPTY, lengths: new Set([0, 1]), many: true };
    default:
      return EMPTY;
  }
}

/** True when the pattern can only start at the beginning of the text (or of a line under `m`, of the run's edge). */
function startAnchored(pattern: AST.Pattern, c: number, flags: Flags): boolean {
  return pattern.alternatives.every((a) => {
    const first = a.elements[0];
    return (
      first?.type === 'Assertion' &&
      ((first.kind === 'start' && !(flags.multiline && c === 10)) ||
        (first.kind === 'lookbehind' &&
          !first.negate &&
          first.alternatives.every((b) => {
            const last = b.elements.at(-1);
            return (
              last !== undefined &&
              (last.type === 'Character' || last.type === 'CharacterSet' || last.type === 'CharacterClass') &&
              !classMatches(last, c, flags)
            );
          })))
    );
  });
}

/** Matches the empty string whatever the text, with nothing in it that can make a longer match fail. */
function alwaysMatches(node: AST.Node): boolean {
  switch (node.type) {
    case 'Quantifier':
      return node.min === 0;
    case 'Group':
    case 'CapturingGroup':
      return node.alternatives.some((a) => a.elements.every(alwaysMatches));
    default:
      return false;
  }
}

export interface Backtracking {
  /** Polynomial degree of the worst run (Infinity: exponential). */
  degree: number;
  /** The run's character that reaches it. */
  character: string;
}

const parser = new RegExpParser({ ecmaVersion: 2025 });

/** The worst backtracking of `source` with `flags` over runs of each of {@link RUN_CHARACTERS}. */
export function backtracking(source: string, flags: string): Backtracking {
  const pattern = parser.parsePattern(source, undefined, undefined, {
    unicode: flags.includes('u'),
    unicodeSets: flags.includes('v'),
  });
  const f: Flags = { ignoreCase: flags.includes('i'), multiline: flags.includes('m'), dotAll: flags.includes('s') };
  // Once what is left of the pattern can match the empty string, the match cannot fail: the engine never backtracks
  // into what came before. A trailing part only costs what it takes to find that it does not match (once more): its
  // own chains, judged apart.
  const trailing: AST.Node[] = [];
  for (const a of pattern.alternatives)
    while (a.elements.length > 1 && alwaysMatches(a.elements.at(-1)!)) {
      const e = a.elements.pop()!;
      trailing.push(e);
    }
  const trailingCost = (e: AST.Node, c: number): number => {
    if (e.type === 'Quantifier') return shape(e.element, c, f).inner;
    if (e.type === 'Group' || e.type === 'CapturingGroup')
      return Math.max(
        0,
        ...e.alternatives.flatMap((a) =>
          a.elements.map((x) => (alwaysMatches(x) ? trailingCost(x, c) : shape(x, c, f).inner)),
        ),
      );
    return shape(e, c, f).inner;
  };
  let worst: Backtracking = { degree: 0, character: '' };
  for (const ch of RUN_CHARACTERS) {
    const c = ch.codePointAt(0)!;
    const s = shape(pattern, c, f);
    // The search starts the pattern at every position of the run unless it is anchored or sticky.
    const starts = flags.includes('y') || startAnchored(pattern, c, f) ? 0 : 1;
    const degree = Math.max(s.inner, s.head + starts, ...trailing.map((e) => trailingCost(e, c)));
    if (degree > worst.degree) worst = { degree, character: ch };
  }
  return worst;
}

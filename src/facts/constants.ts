import { maskText } from './code-text.js';
import { closeOf } from './routes-rust.js';

/** A named constant of a project and the type declaring it. */
export interface OwnedConstant<T> {
  name: string;
  owner?: string;
  value: T;
}

/**
 * A project's constants found the way code names them: a qualified reference (`Paths.API_V1`, `KnownRoutes.Health`)
 * takes the constants of that name the type so named holds; a bare name takes every constant of that name.
 */
export function constantsByReference<T>(entries: Iterable<OwnedConstant<T>>): (ref: string) => OwnedConstant<T>[] {
  const byName = new Map<string, OwnedConstant<T>[]>();
  for (const c of entries) byName.set(c.name, [...(byName.get(c.name) ?? []), c]);
  return (ref) => {
    const parts = ref.split('.');
    const found = byName.get(parts.pop()!) ?? [];
    const owner = parts.pop();
    return owner ? found.filter((c) => c.owner === owner) : found;
  };
}

/** The string constants of C# files, each resolved to its value when it is known. */
export interface CsharpConstants {
  /** Equal keys, equal answers: the files the constants were read from. */
  key: string;
  /**
   * The value of the constant an expression names (`HealthPath`, `KnownRoutes.HealthCheck`). A name held by several
   * types with different values is unknown.
   */
  value(ref: string): string | undefined;
}

/** `const string Name = <expression>;`, matched on the masked text (a `;` inside a string is blanked). */
const CSHARP_STRING_CONST = /\bconst\s+string\s+([A-Za-z_]\w*)\s*=([^;]+);/g;
const CSHARP_TYPE = /\b(?:class|struct|record|interface)\s+(\w+)[^{;]*\{/g;

/** A constant's expression: its text, and its masked text (string contents blanked) where its top-level `+` show. */
type Expression = { text: string; bare: string };

/** The `const string` declarations of one C# text, each with the innermost type holding it. */
function csharpStringConstants(text: string): OwnedConstant<Expression>[] {
  if (!/\bconst\s+string\b/.test(text)) return [];
  const bare = maskText(text, 'csharp').bare;
  const types: { name: string; start: number; end: number }[] = [];
  for (const t of bare.matchAll(CSHARP_TYPE)) {
    const open = t.index! + t[0].length - 1;
    types.push({ name: t[1]!, start: open, end: closeOf(bare, open) });
  }
  const out: OwnedConstant<Expression>[] = [];
  for (const m of bare.matchAll(CSHARP_STRING_CONST)) {
    const at = m.index!;
    const owner = types.filter((t) => t.start < at && at < t.end).pop()?.name;
    const end = at + m[0].length - 1;
    const from = end - m[2]!.length;
    out.push({
      name: m[1]!,
      ...(owner ? { owner } : {}),
      value: { text: text.slice(from, end), bare: bare.slice(from, end) },
    });
  }
  return out;
}

/**
 * The string constants of a set of C# files (`public const string HealthCheck = "/health/check";`), values written as a
 * literal (`"…"`, `@"…"`, an interpolation without holes), `nameof(X)`, another constant, or a concatenation of
 * those (`ResourceType + "/" + History`); a bare name inside a constant's expression is its own type's first.
 */
export function csharpConstants(sources: readonly { file: string; text: string }[]): CsharpConstants {
  // Read on the first question: most views never ask one.
  let named: ((ref: string) => OwnedConstant<Expression>[]) | undefined;
  const values = new Map<OwnedConstant<Expression>, string | null>();
  const evaluate = (c: OwnedConstant<Expression>, depth: number): string | undefined => {
    const known = values.get(c);
    if (known !== undefined) return known ?? undefined;
    values.set(c, null); // a cycle is unknown
    const { text, bare } = c.value;
    let value: string | undefined = '';
    let from = 0;
    for (let i = 0; i <= bare.length && value !== undefined; i++) {
      if (i < bare.length && bare[i] !== '+') continue;
      const term = text.slice(from, i).trim();
      from = i + 1;
      const lit = /^(?:@|\$(?!.*\{))*"(.*)"$/s.exec(term);
      const ref = lit ? undefined : /^nameof\s*\(\s*(?:\w+\s*\.\s*)*(\w+)\s*\)$|^((?:\w+\.)*\w+)$/.exec(term);
      const part = lit
        ? lit[1]!
        : ref?.[1] !== undefined
          ? ref[1]
          : ref?.[2] !== undefined && depth < 12
            ? lookup(ref[2], c.owner, depth + 1)
            : undefined;
      value = part === undefined ? undefined : value + part;
    }
    values.set(c, value ?? null);
    return value;
  };
  const lookup = (ref: string, owner: string | undefined, depth: number): string | undefined => {
    named ??= constantsByReference(sources.flatMap((s) => csharpStringConstants(s.text)));
    const found = named(ref);
    const own = ref.includes('.') ? [] : found.filter((c) => owner !== undefined && c.owner === owner);
    const known = new Set((own.length ? own : found).map((c) => evaluate(c, depth)));
    return known.size === 1 ? [...known][0] : undefined;
  };
  return {
    key: sources.map((s) => s.file).join('\n'),
    value: (ref) => lookup(ref.replace(/\s+/g, ''), undefined, 0),
  };
}

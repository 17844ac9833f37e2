// Declarative checks (`checks:` in the config) compiled into rule objects the engine runs like built-in rules: the same
// applicability, evidence, scoring, waivers, history and formats. A check is data: globs, regular expressions, package
// names and document paths evaluated over the repository index and the shared facts; nothing in it is executed.
import { findNodeAtLocation, getNodeValue, parseTree, type Node as JsonNode } from 'jsonc-parser';
import YAML from 'yaml';
import { type Condition, type CustomCheck, parseDataPath, type When } from '../config/checks-schema.js';
import { checkRequirement } from '../facts/requirements.js';
import type { Dependency } from '../facts/manifests.js';
import { escapeRegExp } from '../repo/text.js';
import type { Evidence, Rule, RuleContext, RuleMeta, RuleSource } from '../sdk/types.js';

/** What a condition found: whether it holds, the evidence, and a statement of the fact in words. */
interface Outcome {
  ok: boolean;
  evidence: Evidence[];
  said: string;
}

/** Evidence lists stay readable: the first few places, and the count in the statement. */
const MAX_EVIDENCE = 5;

const list = <T extends string>(g: T | T[]): T[] => (Array.isArray(g) ? g : [g]);
const quoted = (xs: readonly string[]) => xs.map((x) => `"${x}"`).join(', ');

/** Compiles a declarative check into a rule; `source` says where it was declared (shown by `readiness rules`). */
export function compileCheck(check: CustomCheck, source: RuleSource): Rule {
  const meta: RuleMeta = {
    id: check.id as RuleMeta['id'],
    category: check.category,
    title: check.title,
    severity: check.severity,
    level: check.level,
    scope: check.scope ?? 'repository',
    docs: {
      why: check.docs?.why ?? `Required by ${source.name ?? 'the configuration'}.`,
      how:
        check.docs?.how ??
        `Passes when ${describe(check.assert)}.${check.when ? ` Applies when ${describeWhen(check.when)}.` : ''}`,
      fix: check.docs?.fix ?? [`Make it so that ${describe(check.assert)}.`],
      effort: check.docs?.effort ?? 'M',
      ...(check.docs?.links ? { links: check.docs.links } : {}),
      ...(check.docs?.url ? { url: check.docs.url } : {}),
    },
    messages: { failed: check.message ?? '{{reason}}' },
    ...(check.claims ? { claims: check.claims } : {}),
    source,
  };
  return {
    meta,
    check(ctx) {
      const na = check.when ? inapplicable(check.when, ctx) : undefined;
      if (na) return ctx.na(na);
      const out = evaluate(check.assert, ctx);
      if (out.ok) return ctx.pass(out.evidence);
      return ctx.gap('failed', out.evidence, { data: { reason: out.said } });
    },
  };
}

/** Why a check does not apply (its `when:` is unmet), or undefined when it applies. */
function inapplicable(when: When, ctx: RuleContext): string | undefined {
  const f = ctx.facts;
  if (when.kind) {
    const kind = ctx.component?.kind ?? f.kind.kind;
    const wanted = list(when.kind);
    if (!wanted.includes(kind as (typeof wanted)[number]))
      return `applies to ${wanted.join(' or ')} projects; this is ${kind === 'unknown' ? 'of an unknown kind' : `a ${kind}`}`;
  }
  if (when.languages) {
    const wanted = list(when.languages).map((l) => l.toLowerCase());
    if (!wanted.some((l) => f.languages.all.has(l)))
      return `applies to code in ${wanted.join(' or ')}; the languages here are ${[...f.languages.all].join(', ') || 'none'}`;
  }
  if (when.frameworks) {
    const wanted = list(when.frameworks).map((x) => x.toLowerCase());
    const used = f.frameworks.http.map((x) => x.name as string);
    if (!wanted.some((w) => used.includes(w)))
      return `applies to services on ${wanted.join(' or ')}; ${used.length ? `this one uses ${used.join(', ')}` : 'no HTTP framework is used'}`;
  }
  for (const name of when.has ? list(when.has) : []) {
    const r = checkRequirement(name, f);
    if (!r.met) return r.reason;
  }
  return undefined;
}

function describeWhen(w: When): string {
  const parts: string[] = [];
  if (w.kind) parts.push(`the project is a ${list(w.kind).join(' or ')}`);
  if (w.languages) parts.push(`it has ${list(w.languages).join(' or ')} code`);
  if (w.frameworks) parts.push(`it uses ${list(w.frameworks).join(' or ')}`);
  if (w.has) parts.push(`it has ${list(w.has).join(', ')}`);
  return parts.join(', ');
}

/** The condition in words ("a file matches CODEOWNERS"), for the generated docs. */
export function describe(c: Condition): string {
  if (c.file_exists) return `a file matches ${quoted(list(c.file_exists))}`;
  if (c.file_absent) return `no file matches ${quoted(list(c.file_absent))}`;
  if (c.content_matches) {
    const m = c.content_matches;
    return `/${m.pattern}/ matches ${m.min && m.min > 1 ? `at least ${m.min} times ` : ''}in ${m.in ? quoted(list(m.in)) : 'any file'}`;
  }
  if (c.content_absent)
    return `/${c.content_absent.pattern}/ matches nowhere in ${c.content_absent.in ? quoted(list(c.content_absent.in)) : 'any file'}`;
  if (c.dependency) return `${depLabel(c.dependency)} is a direct production dependency`;
  if (c.dependency_absent) return `${depLabel(c.dependency_absent)} is not a direct production dependency`;
  if (c.json_path) return dataPathWords(c.json_path);
  if (c.yaml_path) return dataPathWords(c.yaml_path);
  if (c.all) return c.all.map(describe).join(' and ');
  if (c.any) return `either ${c.any.map(describe).join(' or ')}`;
  if (c.not) return `not (${describe(c.not)})`;
  return 'the condition holds';
}

function dataPathWords(d: NonNullable<Condition['json_path']>): string {
  return `${d.path} ${d.equals === undefined ? 'is set' : `equals ${JSON.stringify(d.equals)}`} in ${quoted(list(d.file))}`;
}

function evaluate(c: Condition, ctx: RuleContext): Outcome {
  if (c.file_exists) return fileExists(list(c.file_exists), ctx);
  if (c.file_absent) return invert(fileExists(list(c.file_absent), ctx));
  if (c.content_matches) return contentMatches(c.content_matches, ctx);
  if (c.content_absent) return contentAbsent(c.content_absent, ctx);
  if (c.dependency) return dependency(c.dependency, ctx);
  if (c.dependency_absent) return invert(dependency(c.dependency_absent, ctx));
  if (c.json_path) return dataPath(c.json_path, 'json', ctx);
  if (c.yaml_path) return dataPath(c.yaml_path, 'yaml', ctx);
  if (c.all) {
    const outs = c.all.map((x) => evaluate(x, ctx));
    const failed = outs.filter((o) => !o.ok);
    const shown = failed.length ? failed : outs;
    return {
      ok: !failed.length,
      evidence: shown.flatMap((o) => o.evidence),
      said: shown.map((o) => o.said).join('; '),
    };
  }
  if (c.any) {
    const outs = c.any.map((x) => evaluate(x, ctx));
    const first = outs.find((o) => o.ok);
    if (first) return first;
    return { ok: false, evidence: outs.flatMap((o) => o.evidence), said: outs.map((o) => o.said).join('; and ') };
  }
  if (c.not) return invert(evaluate(c.not, ctx));
  throw new Error('empty condition');
}

/** The opposite condition over the same facts: its evidence and statement stay true. */
function invert(o: Outcome): Outcome {
  return { ...o, ok: !o.ok };
}

function fileExists(globs: string[], ctx: RuleContext): Outcome {
  const files = ctx.repo.glob(globs);
  if (!files.length)
    return { ok: false, evidence: [ctx.missing(globs, 'no file matches')], said: `no file matches ${quoted(globs)}` };
  return {
    ok: true,
    evidence: files.slice(0, MAX_EVIDENCE).map((f) => ctx.at(f.path, 1, `matches ${quoted(globs)}`)),
    said: `${files.length === 1 ? files[0]!.path : `${files.length} files (${files[0]!.path} …)`} ${files.length === 1 ? 'matches' : 'match'} ${quoted(globs)}`,
  };
}

function contentMatches(m: NonNullable<Condition['content_matches']>, ctx: RuleContext): Outcome {
  const re = new RegExp(m.pattern, m.ignoreCase ? 'iu' : 'u');
  const min = m.min ?? 1;
  const include = m.in ? list(m.in) : undefined;
  const where = include ? quoted(include) : 'any file';
  // Counting stops at the minimum (or the evidence shown, when more is asked for nothing).
  const hits = ctx.repo.grep(re, { ...(include ? { include } : {}), limit: Math.max(min, MAX_EVIDENCE) });
  const evidence = hits.slice(0, MAX_EVIDENCE).map((h) => ctx.at(h.path, h.line, `/${m.pattern}/ matches`));
  if (hits.length >= min)
    return {
      ok: true,
      evidence,
      said: `/${m.pattern}/ matches in ${where} (${hits.length === 1 ? `${hits[0]!.path}:${hits[0]!.line}` : `${hits.length}${hits.length >= Math.max(min, MAX_EVIDENCE) ? '+' : ''} places, first ${hits[0]!.path}:${hits[0]!.line}`})`,
    };
  const searched = include ?? ['(every text file)'];
  return {
    ok: false,
    evidence: [...evidence, ctx.missing(searched, `/${m.pattern}/ matches ${hits.length} time(s), ${min} needed`)],
    said: hits.length
      ? `/${m.pattern}/ matches only ${hits.length} time(s) in ${where}, ${min} needed`
      : `/${m.pattern}/ matches nowhere in ${where}`,
  };
}

function contentAbsent(m: NonNullable<Condition['content_absent']>, ctx: RuleContext): Outcome {
  const re = new RegExp(m.pattern, m.ignoreCase ? 'iu' : 'u');
  const include = m.in ? list(m.in) : undefined;
  const where = include ? quoted(include) : 'any file';
  const hits = ctx.repo.grep(re, { ...(include ? { include } : {}), limit: MAX_EVIDENCE });
  if (!hits.length)
    return {
      ok: true,
      evidence: [ctx.missing(include ?? ['(every text file)'], `/${m.pattern}/ matches nowhere`)],
      said: `/${m.pattern}/ matches nowhere in ${where}`,
    };
  return {
    ok: false,
    evidence: hits.map((h) => ctx.at(h.path, h.line, `/${m.pattern}/ matches`)),
    said: `/${m.pattern}/ matches in ${where} (${hits.map((h) => `${h.path}:${h.line}`).join(', ')}${hits.length >= MAX_EVIDENCE ? ' …' : ''})`,
  };
}

type DepSpec = NonNullable<Condition['dependency']>;

function depLabel(d: DepSpec): string {
  return typeof d === 'string' ? d : d.ecosystem ? `${d.name} (${d.ecosystem})` : d.name;
}

/** A name with `*` wildcards (`@acme/*`), matched whole and case-insensitively. */
function namePattern(name: string): RegExp {
  return new RegExp(`^${name.split('*').map(escapeRegExp).join('.*')}$`, 'i');
}

function dependency(d: DepSpec, ctx: RuleContext): Outcome {
  const spec = typeof d === 'string' ? { name: d } : d;
  const re = namePattern(spec.name);
  const found: Dependency | undefined = ctx.facts.deps.declared(spec.ecosystem ? [spec.ecosystem, re] : re);
  const label = depLabel(d);
  if (found)
    return {
      ok: true,
      evidence: [ctx.at(found.manifest, found.line, `${found.name}${found.spec ? ` ${found.spec}` : ''} is declared`)],
      said: `${found.name} is a dependency (${found.manifest}${found.line ? `:${found.line}` : ''})`,
    };
  const manifests = ctx.facts.manifests.manifests
    .filter((m) => !spec.ecosystem || m.ecosystem === spec.ecosystem)
    .map((m) => m.path);
  return {
    ok: false,
    evidence: [
      ctx.missing(
        manifests.length ? manifests : ['(no dependency manifest)'],
        `no manifest declares ${label} as a direct production dependency`,
      ),
    ],
    said: `${label} is not a direct production dependency${manifests.length ? ` of ${manifests.slice(0, 3).join(', ')}${manifests.length > 3 ? ' …' : ''}` : ' (no dependency manifest)'}`,
  };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === null || typeof a !== 'object' || b === null || typeof b !== 'object') return String(a) === String(b);
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The value at a path of a JSON or YAML file, with its line, or why there is none. */
function valueAt(
  file: string,
  keys: (string | number)[],
  as: 'json' | 'yaml',
  ctx: RuleContext,
): { value: unknown; line: number } | { problem: string } {
  const text = ctx.repo.read(file);
  if (text === undefined) return { problem: 'not readable' };
  if (as === 'json') {
    const root: JsonNode | undefined = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
    if (!root) return { problem: 'not JSON' };
    const node = findNodeAtLocation(root, keys);
    if (!node) return { problem: 'path not present' };
    return { value: getNodeValue(node), line: ctx.repo.lineAt(file, node.offset) };
  }
  for (const d of ctx.repo.yamlDocuments(file)) {
    const node = d.doc.getIn(keys, true);
    if (node === undefined) continue;
    const value = YAML.isNode(node) ? node.toJSON() : node;
    const start = YAML.isNode(node) ? node.range?.[0] : undefined;
    return { value, line: start !== undefined ? ctx.repo.lineAt(file, start) : d.line };
  }
  return { problem: ctx.repo.yamlDocuments(file).length ? 'path not present' : 'not YAML' };
}

function dataPath(d: NonNullable<Condition['json_path']>, as: 'json' | 'yaml', ctx: RuleContext): Outcome {
  const globs = list(d.file);
  const keys = parseDataPath(d.path)!;
  const files = ctx.repo.glob(globs);
  if (!files.length)
    return { ok: false, evidence: [ctx.missing(globs, 'no file matches')], said: `no file matches ${quoted(globs)}` };
  const misses: Evidence[] = [];
  const words: string[] = [];
  for (const f of files) {
    const v = valueAt(f.path, keys, as, ctx);
    if ('problem' in v) {
      misses.push(ctx.missing([f.path], `${d.path}: ${v.problem}`));
      words.push(`${d.path} is not set in ${f.path}`);
      continue;
    }
    const shown = JSON.stringify(v.value) ?? 'null';
    if (d.equals === undefined || sameValue(v.value, d.equals))
      return {
        ok: true,
        evidence: [ctx.at(f.path, v.line, `${d.path} = ${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown}`)],
        said: `${d.path} is ${shown} in ${f.path}:${v.line}`,
      };
    misses.push(ctx.at(f.path, v.line, `${d.path} is ${shown}, expected ${JSON.stringify(d.equals)}`));
    words.push(`${d.path} is ${shown} in ${f.path}:${v.line}, expected ${JSON.stringify(d.equals)}`);
  }
  return { ok: false, evidence: misses.slice(0, MAX_EVIDENCE), said: words.slice(0, 3).join('; ') };
}

/** Where a rule was declared: a config file, a shared profile or a rule pack (built-in rules have none). */
export function configSource(file: string | undefined, kind: 'config' | 'profile' = 'config'): RuleSource {
  return { kind, ...(file ? { name: file } : {}) };
}

// Rule packs: JavaScript modules exporting rules written with the SDK (`defineRule` from `readiness-audit/sdk`), from an
// npm package (readiness-rules-*, @scope/readiness-rules-*) or a local path. Loading one RUNS ITS CODE: callers load
// only packs the user named or trusts (see src/config/trust.ts), never on the word of an audited repository's config.
import fs from 'node:fs';
import { register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { CHECK_ID } from '../config/checks-schema.js';
import { describeError, UserError } from '../errors.js';
import type { Rule, RuleMeta } from '../sdk/types.js';

/** An npm package name a rule pack may have. */
export const PACK_NAME = /^(@[a-z0-9][\w.-]*\/)?readiness-rules-[\w.-]+$/i;

export interface PackRef {
  /** As the user (or the config) wrote it. */
  spec: string;
  /** The package name, or the pack's absolute path: what trust is decided on. */
  name: string;
  /** The module loaded. */
  entry: string;
  /** The pack's folder (its package root, or the folder of a file). */
  dir: string;
}

function isPath(spec: string): boolean {
  return spec.startsWith('.') || path.isAbsolute(spec);
}

/** The module a package folder exports: `exports["."]` (import/default), then `main`, then index.js. */
function packageEntry(dir: string): string | undefined {
  const pj = path.join(dir, 'package.json');
  let pkg: { exports?: unknown; main?: string } = {};
  if (fs.existsSync(pj)) {
    try {
      pkg = JSON.parse(fs.readFileSync(pj, 'utf8'));
    } catch {
      pkg = {};
    }
  }
  const pick = (e: unknown): string | undefined => {
    if (typeof e === 'string') return e;
    if (e && typeof e === 'object') {
      const o = e as Record<string, unknown>;
      return pick(o['.'] ?? o.import ?? o.default ?? o.node);
    }
    return undefined;
  };
  const candidates = [pick(pkg.exports), pkg.main, 'index.js', 'index.mjs'].filter((x): x is string => !!x);
  return candidates.map((c) => path.resolve(dir, c)).find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
}

/**
 * Where a pack named `spec` lives: a path (a file, or a folder with a package.json or index.js) relative to `fromDir`,
 * or a package installed in a node_modules folder of `fromDir` or above.
 */
export function resolvePack(spec: string, fromDir: string): PackRef | { problem: string } {
  if (isPath(spec)) {
    const target = path.resolve(fromDir, spec);
    if (!fs.existsSync(target)) return { problem: `no such file or folder ${target}` };
    const isDir = fs.statSync(target).isDirectory();
    const entry = isDir ? packageEntry(target) : target;
    if (!entry) return { problem: `${target} has no package.json entry or index.js` };
    return { spec, name: target, entry, dir: isDir ? target : path.dirname(target) };
  }
  if (!PACK_NAME.test(spec))
    return {
      problem: `"${spec}" is not a rule pack name: packages are named readiness-rules-<name> or @scope/readiness-rules-<name>; a local pack is a path (./my-pack)`,
    };
  for (let d = fromDir; ; d = path.dirname(d)) {
    const dir = path.join(d, 'node_modules', spec);
    if (fs.existsSync(dir)) {
      const entry = packageEntry(dir);
      return entry ? { spec, name: spec, entry, dir } : { problem: `package ${spec} (${dir}) has no entry module` };
    }
    if (path.dirname(d) === d) break;
  }
  return { problem: `package ${spec} is not installed (no node_modules/${spec} in ${fromDir} or above)` };
}

let hooked = false;

/** `true` in the bundled CLI (scripts/bundle.mjs defines it), where the SDK and the hooks are entries next to this code. */
declare const __READINESS_BUNDLE__: boolean | undefined;
const BUNDLED = typeof __READINESS_BUNDLE__ !== 'undefined' && __READINESS_BUNDLE__;
/** The bundle's SDK module next to this code: the CommonJS bundle names its ES module re-export (scripts/bundle.mjs). */
declare const __READINESS_SDK__: string | undefined;
const BUNDLED_SDK = typeof __READINESS_SDK__ !== 'undefined' ? __READINESS_SDK__ : './sdk.js';

/**
 * Packs import the SDK as `readiness-audit/sdk`: that name resolves to this readiness's own SDK, installed or not. In
 * the bundled CLI that is the bundle's SDK entry, so a pack shares the modules (zod among them) the CLI runs with.
 */
function hookSdk(): void {
  if (hooked) return;
  hooked = true;
  const sdk = new URL(BUNDLED ? BUNDLED_SDK : '../sdk/index.js', import.meta.url).href;
  // The hooks sit next to this module in both layouts (dist/src/engine/, and dist/cli/ as an entry of the bundle).
  register(new URL('./pack-hooks.js', import.meta.url).href, import.meta.url, { data: { sdk } });
}

const MetaSchema = z.looseObject({
  id: z.string().regex(CHECK_ID, 'a rule id is "<namespace>.<name>" in lower case (letters, digits, "-")'),
  title: z.string().min(1),
  category: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a category is lower case letters, digits and "-"'),
  severity: z.enum(['critical', 'high', 'medium', 'low']),
  level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  scope: z.enum(['component', 'repository']).optional(),
  docs: z.looseObject({ why: z.string().min(1), how: z.string().optional(), fix: z.array(z.string()).min(1) }),
  messages: z.record(z.string(), z.string()),
});

/** The rules a pack module exports: `export default [rules]`, `export default { rules }` or `export const rules`. */
function rulesOf(mod: Record<string, unknown>): unknown[] | undefined {
  const d = mod.default as unknown;
  if (Array.isArray(d)) return d;
  if (d && typeof d === 'object' && Array.isArray((d as { rules?: unknown }).rules))
    return (d as { rules: unknown[] }).rules;
  if (Array.isArray(mod.rules)) return mod.rules;
  return undefined;
}

/**
 * Loads a pack and validates its rules: ids namespaced, never a built-in id or namespace; metadata complete; a
 * `check` function. Each rule's `meta.source` names the pack.
 */
export async function loadPack(
  ref: PackRef,
  builtInIds: readonly string[],
  reserved: readonly string[],
): Promise<Rule[]> {
  hookSdk();
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(ref.entry).href)) as Record<string, unknown>;
  } catch (e) {
    throw new UserError(`rule pack ${ref.spec}: cannot load ${ref.entry}: ${describeError(e)}`);
  }
  const list = rulesOf(mod);
  if (!list?.length)
    throw new UserError(
      `rule pack ${ref.spec}: exports no rules (export default [rule, …], export default { rules }, or export const rules)`,
    );
  return list.map((r, i) => {
    const rule = r as Partial<Rule> | undefined;
    const label = `rule pack ${ref.spec}: rules[${i}]${typeof rule?.meta?.id === 'string' ? ` (${rule.meta.id})` : ''}`;
    const meta = MetaSchema.safeParse(rule?.meta);
    if (!meta.success) {
      const issue = meta.error.issues[0]!;
      throw new UserError(`${label}: meta.${issue.path.join('.')}: ${issue.message}`);
    }
    if (typeof rule?.check !== 'function') throw new UserError(`${label}: has no check(ctx) function`);
    const id = meta.data.id;
    if (builtInIds.includes(id)) throw new UserError(`${label}: "${id}" is a built-in rule id`);
    if (reserved.includes(id.split('.')[0]!))
      throw new UserError(`${label}: the namespace "${id.split('.')[0]}" belongs to readiness's own rules`);
    const source = { kind: 'pack' as const, name: ref.name };
    const m = rule.meta as RuleMeta;
    // Optional for a pack (the rule pages and findings need them): defaults.
    const docs = {
      ...m.docs,
      how: m.docs.how ?? `Defined by the rule pack ${ref.spec}.`,
      effort: m.docs.effort ?? 'M',
    };
    return { ...rule, meta: { scope: 'repository', ...m, docs, source } } as Rule;
  });
}

// Shared profiles: `extends:` in a config names other config files (a path, or a YAML file of an installed package) whose
// settings come first; the file's own settings are applied over them. Profiles are data, like the config itself.
import fs from 'node:fs';
import path from 'node:path';
import { describeError, UserError } from '../errors.js';
import type { Config } from './schema.js';

/** The largest profile (or config) file read: a shared profile is a page of YAML, not megabytes. */
export const MAX_CONFIG_BYTES = 256 * 1024;
/** How deep `extends` may nest. */
export const MAX_EXTENDS_DEPTH = 16;

/** The file a package profile names when no file is given (`@acme/readiness-profile` → its readiness.yml). */
const PACKAGE_DEFAULT_FILES = ['readiness.yml', 'readiness.yaml', '.readiness.yml'];

/** `@acme/profile/strict.yml` → ['@acme/profile', 'strict.yml']; `profile` → ['profile', '']. */
function splitPackage(spec: string): [string, string] | undefined {
  const m = /^((?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*)(?:\/(.+))?$/i.exec(spec);
  return m ? [m[1]!, m[2] ?? ''] : undefined;
}

/**
 * The file an `extends` entry names, from the directory of the file that names it: a path (relative to that file),
 * or a package installed in a `node_modules` folder of that directory or one above it (its `readiness.yml`, or the
 * file after the package name). Undefined with a reason when there is none.
 */
export function resolveProfile(spec: string, fromDir: string): { file: string } | { problem: string } {
  if (spec.startsWith('.') || path.isAbsolute(spec)) {
    const file = path.resolve(fromDir, spec);
    return fs.existsSync(file) ? { file } : { problem: `no such file ${file}` };
  }
  const pkg = splitPackage(spec);
  if (!pkg) return { problem: `"${spec}" is neither a path (start it with ./, ../ or /) nor a package name` };
  const [name, sub] = pkg;
  for (let d = fromDir; ; d = path.dirname(d)) {
    const dir = path.join(d, 'node_modules', name);
    if (fs.existsSync(dir)) {
      const candidates = sub ? [sub] : PACKAGE_DEFAULT_FILES;
      const hit = candidates.map((c) => path.join(dir, c)).find((f) => fs.existsSync(f));
      return hit
        ? { file: hit }
        : { problem: `package ${name} (${dir}) has no ${sub || PACKAGE_DEFAULT_FILES.join(' or ')}` };
    }
    if (path.dirname(d) === d) break;
  }
  const local = fs.existsSync(path.resolve(fromDir, spec)) ? ` (for the file ${spec}, write ./${spec})` : '';
  return { problem: `package ${name} is not installed (no node_modules/${name} in ${fromDir} or above)${local}` };
}

/** Whether `file` (after following symlinks) lies inside `root`. */
export function inside(root: string, file: string): boolean {
  let real: string;
  let base: string;
  try {
    real = fs.realpathSync(file);
    base = fs.realpathSync(root);
  } catch {
    return false;
  }
  const rel = path.relative(base, real);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Reads a config or profile file's text, refusing what is not a regular file or is too large. */
export function readCapped(file: string): string {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    throw new UserError(`cannot read config ${file}: ${describeError(e)}`);
  }
  if (!st.isFile()) throw new UserError(`cannot read config ${file}: not a regular file`);
  if (st.size > MAX_CONFIG_BYTES)
    throw new UserError(
      `config ${file} is ${st.size} bytes, more than the ${MAX_CONFIG_BYTES} a config or profile may have`,
    );
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read config ${file}: ${describeError(e)}`);
  }
}

function unique<T>(xs: T[], key: (x: T) => string = (x) => JSON.stringify(x)): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => {
    const k = key(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Applies `over` on top of `base` (later wins): settings are replaced; `rules`, `thresholds` and `components` merge by
 * key (a rule's `severity`/`options`/`enabled` by field); `checks` merge by id (a later check replaces the earlier one
 * whole); `ignore`, `waivers` and `plugins` accumulate (a path in `plugins` stays relative to its own file: see
 * LoadedConfig.plugins).
 */
export function mergeConfigs(base: Config, over: Config): Config {
  const out: Config = { ...base, ...over };
  delete out.extends;
  if (base.ignore || over.ignore) out.ignore = unique([...(base.ignore ?? []), ...(over.ignore ?? [])]);
  if (base.plugins || over.plugins) out.plugins = unique([...(base.plugins ?? []), ...(over.plugins ?? [])]);
  if (base.waivers || over.waivers) out.waivers = unique([...(base.waivers ?? []), ...(over.waivers ?? [])]);
  if (base.thresholds || over.thresholds) out.thresholds = { ...base.thresholds, ...over.thresholds };
  if (base.components || over.components) out.components = { ...base.components, ...over.components };
  if (base.rules || over.rules) {
    const rules = { ...base.rules };
    for (const [id, rc] of Object.entries(over.rules ?? {})) {
      const before = rules[id];
      rules[id] =
        typeof rc === 'object' && typeof before === 'object' && before !== null
          ? {
              ...before,
              ...rc,
              ...(rc.options || before.options ? { options: { ...before.options, ...rc.options } } : {}),
            }
          : rc;
    }
    out.rules = rules;
  }
  if (base.checks || over.checks) {
    const byId = new Map((base.checks ?? []).map((c) => [c.id, c]));
    for (const c of over.checks ?? []) byId.set(c.id, c);
    out.checks = [...byId.values()];
  }
  return out;
}

// The rule registry of an audit with rule packs. The trust boundary lives here: packs the user names (--rules) and
// packs the audited repository's config asks for (`plugins:`) that the user trusts are loaded; any other pack the
// config names is skipped, with a message saying how to trust it, and the audit goes on with the rest.
import path from 'node:path';
import { emptyConfig, hashOf, loadConfig, type LoadedConfig } from '../config/load.js';
import { userConfigPath, userTrust } from '../config/trust.js';
import { UserError } from '../errors.js';
import { loadPack, type PackRef, resolvePack } from '../engine/packs.js';
import { resolveTarget } from '../history/resolve.js';
import type { Rule } from '../sdk/types.js';
import { BUILT_IN_NAMESPACES, loadAuditConfig } from './audit.js';
import { builtInRules } from './registry.js';

export interface SkippedPack {
  spec: string;
  /** The package name, or the pack's absolute path (the spec when it does not resolve). */
  name: string;
  /** The config file that named it. */
  config: string;
  /** Why it was not loaded, and how to load it. */
  message: string;
}

export interface AuditSetup {
  rules: Rule[];
  config: LoadedConfig;
  packs: PackRef[];
  skipped: SkippedPack[];
}

/** What every command that audits (audit, plan --fresh, history --backfill, claims, rules) takes to load packs. */
export interface PackOptions {
  dir: string;
  configPath?: string;
  /** `--rules`: packs the user names (always loaded). */
  packs?: readonly string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /**
   * A config that cannot be read or is invalid is reported here and the project treated as having none (`rules`
   * listing the rules from a directory whose config is broken); without it, it is the error it is.
   */
  onConfigError?: (e: UserError) => void;
}

/**
 * `prepareAudit`, with each pack the config names but the user does not trust reported through `warn` (a command's
 * stderr): the one way every command that audits loads its rule registry and config.
 */
export async function auditSetup(opts: PackOptions, warn: (line: string) => void): Promise<AuditSetup> {
  const setup = await prepareAudit(opts);
  for (const s of setup.skipped) warn(`readiness: warning: ${s.message}`);
  for (const w of setup.config.warnings) warn(`readiness: warning: ${w}`);
  return setup;
}

/**
 * Loads the packs the user asked for (`--rules`, resolved from `cwd`) and those the config's `plugins:` names that the
 * user trusts, then the config validated against every rule that will run.
 */
export async function prepareAudit(opts: PackOptions): Promise<AuditSetup> {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const root = resolveTarget(opts.dir);
  // The config read once without rule-id checks, for its `plugins:` (the ids of pack rules are not known yet).
  const first = configOrNone(() => loadConfig(root, opts.configPath), opts.onConfigError);
  const refs: PackRef[] = [];
  for (const spec of opts.packs ?? []) {
    const r = resolvePack(spec, cwd);
    if ('problem' in r) throw new UserError(`--rules ${spec}: ${r.problem}`);
    refs.push(r);
  }
  const skipped: SkippedPack[] = [];
  // A path under plugins: is relative to the file that names it (a profile's packs live beside the profile).
  const plugins = first.plugins;
  if (plugins.length) {
    const trust = userTrust(env);
    for (const { spec, file: namedBy } of plugins) {
      const r = resolvePack(spec, path.dirname(namedBy));
      const name = 'problem' in r ? spec : r.name;
      const chosen = refs.some((x) => x.name === name) || skipped.some((x) => x.name === name);
      if (chosen) continue;
      if (!trust.all && !trust.packs.includes(name)) {
        skipped.push({
          spec,
          name,
          config: namedBy,
          message: `rule pack ${spec} named by ${namedBy} (plugins:) was not loaded: a repository's config cannot make readiness run code. To run it, pass --rules ${name}, add it under trust: in ${userConfigPath(env)}, or set READINESS_TRUST=${name}`,
        });
        continue;
      }
      if ('problem' in r) throw new UserError(`rule pack ${spec} (plugins: in ${namedBy}): ${r.problem}`);
      refs.push(r);
    }
  }
  const builtInIds = builtInRules.map((r) => r.meta.id);
  const rules: Rule[] = [...builtInRules];
  for (const ref of refs) {
    for (const rule of await loadPack(ref, builtInIds, BUILT_IN_NAMESPACES)) {
      const twice = rules.find((r) => r.meta.id === rule.meta.id);
      if (twice)
        throw new UserError(
          `rule pack ${ref.spec}: rule ${rule.meta.id} is also defined by ${twice.meta.source?.name ?? 'readiness'}`,
        );
      rules.push(rule);
    }
  }
  const loaded =
    first.path === undefined
      ? first
      : configOrNone(() => loadAuditConfig(root, opts.configPath, rules, skipped.length > 0), opts.onConfigError);
  // The packs are part of what a run judged with: a backfill with --rules does not count commits recorded without them.
  const config = refs.length
    ? { ...loaded, hash: hashOf({ config: loaded.hash, packs: refs.map((r) => r.name).sort() }) }
    : loaded;
  return { rules, config, packs: refs, skipped };
}

/** The config `load` reads, or (with `onError`, told why) none when it cannot be read or is invalid. */
function configOrNone(load: () => LoadedConfig, onError?: (e: UserError) => void): LoadedConfig {
  try {
    return load();
  } catch (e) {
    if (!onError || !(e instanceof UserError)) throw e;
    onError(e);
    return emptyConfig();
  }
}

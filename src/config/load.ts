import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import YAML, { LineCounter } from 'yaml';
import type { ZodType, z } from 'zod';
import { describeError, UserError, nearest } from '../errors.js';
import { CATEGORIES, type RuleSource, SEVERITIES } from '../sdk/types.js';
import { LEVEL_NAMES } from '../report/score.js';
import { optionsJsonSchema } from '../report/rule-docs.js';
import { CONDITION_KINDS } from './checks-schema.js';
import { inside, MAX_EXTENDS_DEPTH, mergeConfigs, readCapped, resolveProfile } from './extends.js';
import { ConfigSchema, type Config } from './schema.js';

/** Keys of a custom check and its parts, for "did you mean" hints. */
const CHECK_KEYS = [
  'id',
  'title',
  'category',
  'level',
  'severity',
  'scope',
  'docs',
  'why',
  'how',
  'fix',
  'effort',
  'links',
  'url',
  'message',
  'when',
  'kind',
  'languages',
  'frameworks',
  'has',
  'assert',
  'claims',
  'pattern',
  'in',
  'ignoreCase',
  'min',
  'file',
  'equals',
  'ecosystem',
  ...CONDITION_KINDS,
];

export const CONFIG_FILE_NAMES = ['.readiness.yml', '.readiness.yaml', 'readiness.config.yml'];

export interface LoadedConfig {
  config: Config;
  /** Absolute path of the file read, when there was one. */
  path?: string;
  /** Stable hash of the effective config, recorded with each run. */
  hash: string;
  /** Where each custom check (`checks:`) was declared, by id (the last declaration wins). */
  checkSources: Record<string, RuleSource>;
  /** Every file read: the profiles first, in the order they apply, then the config itself. */
  files: string[];
  /** The rule packs the config and its profiles name (`plugins:`), each with the file that names it. */
  plugins: PluginRef[];
  /**
   * What the config says that readiness cannot check but reports (ids in `rules:` and `waivers:` that may belong to a
   * rule pack the config names and that is not loaded), one line each, naming the file, line and key.
   */
  warnings: string[];
}

/** A pack named under `plugins:`: a path in it is relative to the file that names it. */
export interface PluginRef {
  spec: string;
  /** The config or profile file that names it. */
  file: string;
}

export function findConfig(root: string): string | undefined {
  for (const name of CONFIG_FILE_NAMES) {
    const p = path.join(root, name);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

function formatPath(p: readonly PropertyKey[]): string {
  return p.length
    ? p
        .map((k) => (typeof k === 'number' ? `[${k}]` : String(k)))
        .join('.')
        .replace(/\.\[/g, '[')
    : '(top level)';
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue as { keys: string[] }).keys;
    const known = [
      'minScore',
      'ignore',
      'rules',
      'maxFileSize',
      'minLevel',
      'thresholds',
      'failOn',
      'waivers',
      'rule',
      'reason',
      'expires',
      'paths',
      'components',
      'name',
      'deployed',
      'target',
      'exclude',
      'merge',
      'checks',
      'extends',
      'plugins',
      ...CHECK_KEYS,
    ];
    const hints = keys.map((k) => {
      const n =
        issue.path.length === 0 || ['waivers', 'components', 'checks'].includes(String(issue.path[0]))
          ? nearest(k, known)
          : undefined;
      return n ? `"${k}" (did you mean "${n}"?)` : `"${k}"`;
    });
    return `unknown key ${hints.join(', ')}`;
  }
  return issue.message;
}

/** A parsed config file: its validated content, and its YAML document to name the line of a key in errors. */
interface ConfigFile {
  file: string;
  /** The audited repository's (or --config's) own file, or a profile it extends. */
  kind: 'config' | 'profile';
  config: Config;
  doc: YAML.Document.Parsed;
  lines: LineCounter;
}

/** The 1-based line of the key at `p` (or of the nearest enclosing key that exists). */
function lineOf(
  cf: Pick<ConfigFile, 'doc' | 'lines'>,
  p: readonly PropertyKey[],
  unknownKey?: string,
): number | undefined {
  for (let i = p.length; i >= 0; i--) {
    const node = i ? cf.doc.getIn(p.slice(0, i) as (string | number)[], true) : cf.doc.contents;
    if (!YAML.isNode(node) || !node.range) continue;
    if (unknownKey && YAML.isMap(node)) {
      const pair = node.items.find((it) => YAML.isScalar(it.key) && it.key.value === unknownKey);
      if (pair && YAML.isNode(pair.key) && pair.key.range) return cf.lines.linePos(pair.key.range[0]).line;
    }
    // A map value's own line is the line after its key: name the key's line (the pair that holds it).
    if (i > 0) {
      const parent = i > 1 ? cf.doc.getIn(p.slice(0, i - 1) as (string | number)[], true) : cf.doc.contents;
      if (YAML.isMap(parent)) {
        const pair = parent.items.find((it) => YAML.isScalar(it.key) && String(it.key.value) === String(p[i - 1]));
        if (pair && YAML.isNode(pair.key) && pair.key.range) return cf.lines.linePos(pair.key.range[0]).line;
      }
    }
    return cf.lines.linePos(node.range[0]).line;
  }
  return undefined;
}

/** A config error naming the file, the line and the key. */
function configError(
  cf: Pick<ConfigFile, 'file' | 'doc' | 'lines'>,
  p: readonly PropertyKey[],
  message: string,
  unknownKey?: string,
): UserError {
  const line = lineOf(cf, p, unknownKey);
  return new UserError(`invalid config ${cf.file}${line ? `:${line}` : ''}: ${formatPath(p)}: ${message}`);
}

/** Reads one config file and validates it against the schema; errors name the file, the line and the key. */
function readConfigFile(file: string, kind: ConfigFile['kind']): ConfigFile {
  const text = readCapped(file);
  const lines = new LineCounter();
  let doc: YAML.Document.Parsed;
  let raw: unknown;
  try {
    doc = YAML.parseDocument(text, { prettyErrors: true, lineCounter: lines });
    if (doc.errors.length) {
      const err = doc.errors[0]!;
      const line = err.linePos?.[0]?.line;
      throw new UserError(`invalid YAML in ${file}${line ? `:${line}` : ''}: ${err.message.split('\n')[0]}`);
    }
    raw = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`invalid YAML in ${file}: ${describeError(e)}`);
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const unknown = issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys[0] : undefined;
    throw configError({ file, doc, lines }, issue.path, describeIssue(issue), unknown);
  }
  return { file, kind, config: parsed.data, doc, lines };
}

/**
 * The file and the profiles it extends, in the order they apply (each profile before the file that extends it).
 * `boundary`: the audited repository, when the file is the one found there: its profiles must lie inside it too.
 */
function readChain(
  file: string,
  kind: ConfigFile['kind'],
  boundary: string | undefined,
  stack: string[],
): ConfigFile[] {
  const real = fs.existsSync(file) ? fs.realpathSync(file) : file;
  if (stack.includes(real))
    throw new UserError(
      `invalid config: extends cycle: ${[...stack, real].map((f) => path.basename(f)).join(' → ')} (${real})`,
    );
  if (stack.length > MAX_EXTENDS_DEPTH)
    throw new UserError(`invalid config ${file}: extends nests more than ${MAX_EXTENDS_DEPTH} profiles deep`);
  const cf = readConfigFile(file, kind);
  const specs =
    cf.config.extends === undefined ? [] : Array.isArray(cf.config.extends) ? cf.config.extends : [cf.config.extends];
  const chain: ConfigFile[] = [];
  specs.forEach((spec, i) => {
    const where = Array.isArray(cf.config.extends) ? ['extends', i] : ['extends'];
    const r = resolveProfile(spec, path.dirname(file));
    if ('problem' in r) throw configError(cf, where, `cannot extend "${spec}": ${r.problem}`);
    if (boundary && !inside(boundary, r.file))
      throw configError(
        cf,
        where,
        `"${spec}" is ${r.file}, outside the audited repository: a repository's config extends only files inside it (name an outside profile with --config)`,
      );
    chain.push(...readChain(r.file, 'profile', boundary, [...stack, real]));
  });
  return [...chain, cf];
}

/** Reads and validates a config file; errors name the file, the line, the key and what was expected. */
export function loadConfig(
  root: string,
  explicit?: string,
  knownRuleIds: readonly string[] = [],
  /** Each rule's options schema by id (null: the rule takes no options); rules not listed are not checked. */
  optionSchemas: Record<string, ZodType | null> = {},
  /** Rule-id namespaces a custom check may not use (readiness's own: `api`, `ci` …). */
  reservedNamespaces: readonly string[] = [],
  /** Rule packs the config names are not loaded (default: whenever it names any): their ids cannot be checked. */
  packsMissing?: boolean,
): LoadedConfig {
  const file = explicit ? path.resolve(explicit) : findConfig(root);
  if (!file) return emptyConfig();
  // The repository's own config may only extend files inside the repository; a --config the user names, anything.
  const chain = readChain(file, 'config', explicit ? undefined : root, []);
  const checkSources: Record<string, RuleSource> = {};
  const ownIds = new Set<string>();
  for (const cf of chain) for (const id of checkCustomChecks(cf, knownRuleIds, reservedNamespaces)) ownIds.add(id);
  const mayBePacks = packsMissing ?? chain.some((cf) => cf.config.plugins?.length);
  const categories = [...CATEGORIES, ...chain.flatMap((cf) => (cf.config.checks ?? []).map((c) => c.category))];
  const warnings: string[] = [];
  for (const cf of chain) {
    for (const c of cf.config.checks ?? []) checkSources[c.id] = { kind: cf.kind, name: cf.file };
    if (knownRuleIds.length)
      warnings.push(...checkRuleIds(cf, [...knownRuleIds, ...ownIds], mayBePacks ? reservedNamespaces : undefined));
    checkRuleOptions(cf, optionSchemas);
    checkGateKeys(cf, categories);
  }
  const config = chain.map((cf) => cf.config).reduce((acc, c) => mergeConfigs(acc, c), {} as Config);
  const plugins: PluginRef[] = [];
  for (const cf of chain)
    for (const spec of cf.config.plugins ?? [])
      if (!plugins.some((p) => p.spec === spec && path.dirname(p.file) === path.dirname(cf.file)))
        plugins.push({ spec, file: cf.file });
  return {
    config,
    path: file,
    hash: hashOf(config),
    checkSources,
    files: chain.map((cf) => cf.file),
    plugins,
    warnings,
  };
}

/** The config of a project without a config file. */
export function emptyConfig(): LoadedConfig {
  return { config: {}, hash: hashOf({}), checkSources: {}, files: [], plugins: [], warnings: [] };
}

/**
 * Rule ids named by `rules:` and `waivers:` must be known (built-in, a pack's or a custom check's). With a pack not
 * loaded, an id outside readiness's own namespaces may be one of its rules: it is not refused but reported (returned),
 * so that a typo does not pass silently.
 */
function checkRuleIds(cf: ConfigFile, known: readonly string[], packsMissingBeside?: readonly string[]): string[] {
  const maybePacks = (id: string) =>
    !known.includes(id) && !!packsMissingBeside && !packsMissingBeside.includes(id.split('.')[0]!);
  const isKnown = (id: string) => known.includes(id) || maybePacks(id);
  const warnings: string[] = [];
  const unchecked = (where: PropertyKey[], id: string) => {
    const line = lineOf(cf, where);
    const n = nearest(id, known);
    warnings.push(
      `${cf.file}${line ? `:${line}` : ''}: ${formatPath(where)}: "${id}" is no rule readiness knows${n ? ` (did you mean "${n}"?)` : ''}; it is taken for a rule of a pack named under plugins: that was not loaded`,
    );
  };
  for (const id of Object.keys(cf.config.rules ?? {})) {
    if (maybePacks(id)) unchecked(['rules', id], id);
    if (!isKnown(id)) {
      const n = nearest(id, known);
      throw configError(
        cf,
        ['rules', id],
        `unknown rule id${n ? ` (did you mean "${n}"?)` : ''}; \`readiness rules\` lists them`,
      );
    }
  }
  (cf.config.waivers ?? []).forEach((w, i) => {
    if (maybePacks(w.rule)) unchecked(['waivers', i, 'rule'], w.rule);
    if (!isKnown(w.rule)) {
      const n = nearest(w.rule, known);
      throw configError(
        cf,
        ['waivers', i, 'rule'],
        `unknown rule id "${w.rule}"${n ? ` (did you mean "${n}"?)` : ''}; \`readiness rules\` lists them`,
      );
    }
  });
  return warnings;
}

/** Custom check ids are unique, never a built-in id, never in readiness's own namespaces. Returns their ids. */
function checkCustomChecks(cf: ConfigFile, builtIn: readonly string[], reserved: readonly string[]): string[] {
  const seen = new Map<string, number>();
  (cf.config.checks ?? []).forEach((c, i) => {
    const where = ['checks', i, 'id'];
    if (builtIn.includes(c.id))
      throw configError(
        cf,
        where,
        `"${c.id}" is a built-in rule; give your check an id in your own namespace (acme.${c.id.split('.')[1]})`,
      );
    const ns = c.id.split('.')[0]!;
    if (reserved.includes(ns))
      throw configError(
        cf,
        where,
        `the namespace "${ns}" belongs to readiness's own rules; use your own (acme.${c.id.split('.')[1]})`,
      );
    const before = seen.get(c.id);
    if (before !== undefined) throw configError(cf, where, `"${c.id}" is declared twice (also checks[${before}])`);
    seen.set(c.id, i);
  });
  return [...seen.keys()];
}

/** `rules.<id>.options` must match the rule's schema: a typo in an option is an error, as anywhere else in the file. */
function checkRuleOptions(cf: ConfigFile, schemas: Record<string, ZodType | null>): void {
  const { config } = cf;
  for (const [id, rc] of Object.entries(config.rules ?? {})) {
    if (typeof rc !== 'object' || rc.options === undefined || !(id in schemas)) continue;
    const schema = schemas[id];
    if (!schema) throw configError(cf, ['rules', id, 'options'], `${id} takes no options`);
    const parsed = schema.safeParse(rc.options);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = ['rules', id, 'options', ...issue.path];
      if (issue.code === 'unrecognized_keys') {
        const known = Object.keys(optionsJsonSchema(schema).properties ?? {});
        const hints = (issue as { keys: string[] }).keys.map((k) => {
          const n = nearest(k, known);
          return n ? `"${k}" (did you mean "${n}"?)` : `"${k}"`;
        });
        throw configError(cf, where, `unknown option ${hints.join(', ')} (known: ${known.join(', ')})`);
      }
      throw configError(cf, where, describeIssue(issue));
    }
  }
}

/** Category names in thresholds, severities in failOn and the minLevel name must be known; suggests the nearest. */
function checkGateKeys(cf: ConfigFile, categories: readonly string[]): void {
  const { config } = cf;
  const hint = (word: string, known: readonly string[]) => {
    const n = nearest(word, known);
    return n ? ` (did you mean "${n}"?)` : ` (known: ${known.join(', ')})`;
  };
  for (const cat of Object.keys(config.thresholds ?? {})) {
    if (!categories.includes(cat))
      throw configError(cf, ['thresholds', cat], `unknown category${hint(cat, categories)}`);
  }
  (config.failOn ?? []).forEach((sev, i) => {
    if (!(SEVERITIES as readonly string[]).includes(sev))
      throw configError(cf, ['failOn', i], `unknown severity "${sev}"${hint(sev, SEVERITIES)}`);
  });
  if (typeof config.minLevel === 'string') {
    const names = Object.values(LEVEL_NAMES).map((n) => n.toLowerCase());
    const v = config.minLevel.trim().toLowerCase();
    if (!/^[0-3]$/.test(v) && !names.includes(v))
      throw configError(
        cf,
        ['minLevel'],
        `unknown level "${config.minLevel}"${hint(v, names)}; use 0-3 or a level name`,
      );
  }
}

function stable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stable);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, stable((v as Record<string, unknown>)[k])]),
    );
  return v;
}

export function hashOf(config: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(stable(config)))
    .digest('hex')
    .slice(0, 16);
}

import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import YAML from 'yaml';
import type { ZodType, z } from 'zod';
import { describeError, UserError, nearest } from '../errors.js';
import { CATEGORIES, SEVERITIES } from '../sdk/types.js';
import { LEVEL_NAMES } from '../report/score.js';
import { optionsJsonSchema } from '../report/rule-docs.js';
import { ConfigSchema, type Config } from './schema.js';

export const CONFIG_FILE_NAMES = ['.readiness.yml', '.readiness.yaml', 'readiness.config.yml'];

export interface LoadedConfig {
  config: Config;
  /** Absolute path of the file read, when there was one. */
  path?: string;
  /** Stable hash of the effective config, recorded with each run. */
  hash: string;
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
    ];
    const hints = keys.map((k) => {
      const n =
        issue.path.length === 0 || issue.path[0] === 'waivers' || issue.path[0] === 'components'
          ? nearest(k, known)
          : undefined;
      return n ? `"${k}" (did you mean "${n}"?)` : `"${k}"`;
    });
    return `unknown key ${hints.join(', ')}`;
  }
  return issue.message;
}

/** Reads and validates a config file; errors name the file, the key and what was expected. */
export function loadConfig(
  root: string,
  explicit?: string,
  knownRuleIds: readonly string[] = [],
  /** Each rule's options schema by id (null: the rule takes no options); rules not listed are not checked. */
  optionSchemas: Record<string, ZodType | null> = {},
): LoadedConfig {
  const file = explicit ? path.resolve(explicit) : findConfig(root);
  if (!file) return { config: {}, hash: hashOf({}) };
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read config ${file}: ${describeError(e)}`);
  }
  let raw: unknown;
  try {
    const doc = YAML.parseDocument(text, { prettyErrors: true });
    if (doc.errors.length) {
      const err = doc.errors[0]!;
      const line = err.linePos?.[0]?.line;
      throw new UserError(`invalid YAML in ${file}${line ? `:${line}` : ''}: ${err.message.split('\n')[0]}`);
    }
    raw = doc.toJS() ?? {};
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`invalid YAML in ${file}: ${describeError(e)}`);
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`invalid config ${file}: ${formatPath(issue.path)}: ${describeIssue(issue)}`);
  }
  const config = parsed.data;
  if (knownRuleIds.length) {
    for (const id of Object.keys(config.rules ?? {})) {
      if (!knownRuleIds.includes(id)) {
        const n = nearest(id, knownRuleIds);
        throw new UserError(
          `invalid config ${file}: rules.${id}: unknown rule id${n ? ` (did you mean "${n}"?)` : ''}; \`readiness rules\` lists them`,
        );
      }
    }
    (config.waivers ?? []).forEach((w, i) => {
      if (!knownRuleIds.includes(w.rule)) {
        const n = nearest(w.rule, knownRuleIds);
        throw new UserError(
          `invalid config ${file}: waivers[${i}].rule: unknown rule id "${w.rule}"${n ? ` (did you mean "${n}"?)` : ''}; \`readiness rules\` lists them`,
        );
      }
    });
  }
  checkRuleOptions(config, file, optionSchemas);
  checkGateKeys(config, file);
  return { config, path: file, hash: hashOf(config) };
}

/** `rules.<id>.options` must match the rule's schema: a typo in an option is an error, as anywhere else in the file. */
function checkRuleOptions(config: Config, file: string, schemas: Record<string, ZodType | null>): void {
  for (const [id, rc] of Object.entries(config.rules ?? {})) {
    if (typeof rc !== 'object' || rc.options === undefined || !(id in schemas)) continue;
    const schema = schemas[id];
    if (!schema) throw new UserError(`invalid config ${file}: rules.${id}.options: ${id} takes no options`);
    const parsed = schema.safeParse(rc.options);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = formatPath(['rules', id, 'options', ...issue.path]);
      if (issue.code === 'unrecognized_keys') {
        const known = Object.keys(optionsJsonSchema(schema).properties ?? {});
        const hints = (issue as { keys: string[] }).keys.map((k) => {
          const n = nearest(k, known);
          return n ? `"${k}" (did you mean "${n}"?)` : `"${k}"`;
        });
        throw new UserError(
          `invalid config ${file}: ${where}: unknown option ${hints.join(', ')} (known: ${known.join(', ')})`,
        );
      }
      throw new UserError(`invalid config ${file}: ${where}: ${describeIssue(issue)}`);
    }
  }
}

/** Category names in thresholds, severities in failOn and the minLevel name must be known; suggests the nearest. */
function checkGateKeys(config: Config, file: string): void {
  const hint = (word: string, known: readonly string[]) => {
    const n = nearest(word, known);
    return n ? ` (did you mean "${n}"?)` : ` (known: ${known.join(', ')})`;
  };
  for (const cat of Object.keys(config.thresholds ?? {})) {
    if (!(CATEGORIES as readonly string[]).includes(cat))
      throw new UserError(`invalid config ${file}: thresholds.${cat}: unknown category${hint(cat, CATEGORIES)}`);
  }
  (config.failOn ?? []).forEach((sev, i) => {
    if (!(SEVERITIES as readonly string[]).includes(sev))
      throw new UserError(`invalid config ${file}: failOn[${i}]: unknown severity "${sev}"${hint(sev, SEVERITIES)}`);
  });
  if (typeof config.minLevel === 'string') {
    const names = Object.values(LEVEL_NAMES).map((n) => n.toLowerCase());
    const v = config.minLevel.trim().toLowerCase();
    if (!/^[0-3]$/.test(v) && !names.includes(v))
      throw new UserError(
        `invalid config ${file}: minLevel: unknown level "${config.minLevel}"${hint(v, names)}; use 0-3 or a level name`,
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

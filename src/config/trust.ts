// Which rule packs (code) the user trusts. A repository's own config may ask for packs (`plugins:`), but only the user
// decides what runs: packs named with --rules, listed under `trust:` in the user's own config
// ($XDG_CONFIG_HOME/readiness/config.yml, else ~/.config/readiness/config.yml), or in READINESS_TRUST.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { readCapped } from './extends.js';

const UserConfigSchema = z.strictObject({
  /** Rule packs the user trusts: package names, or paths (relative to this file). */
  trust: z.array(z.string().min(1)).optional(),
});

export function userConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME?.trim() || path.join(env.HOME?.trim() || os.homedir(), '.config');
  return path.join(base, 'readiness', 'config.yml');
}

export interface Trust {
  /** Trusted packs as the user wrote them (package names, or absolute paths). */
  packs: string[];
  /** READINESS_TRUST=*: every pack the audited repository's config names. */
  all: boolean;
}

/** The packs the user trusts, from their own config and READINESS_TRUST (comma-separated; `*` trusts every pack). */
export function userTrust(env: NodeJS.ProcessEnv = process.env): Trust {
  const packs: string[] = [];
  const file = userConfigPath(env);
  if (fs.existsSync(file)) {
    let raw: unknown;
    try {
      raw = YAML.parse(readCapped(file), { maxAliasCount: 100 }) ?? {};
    } catch (e) {
      if (e instanceof UserError) throw e;
      throw new UserError(`invalid YAML in ${file}: ${(e as Error).message.split('\n')[0]}`);
    }
    const parsed = UserConfigSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new UserError(`invalid user config ${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
    }
    for (const t of parsed.data.trust ?? [])
      packs.push(
        t.startsWith('.')
          ? path.resolve(path.dirname(file), t)
          : t.startsWith('~/')
            ? path.join(os.homedir(), t.slice(2))
            : t,
      );
  }
  let all = false;
  for (const t of (env.READINESS_TRUST ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    if (t === '*') all = true;
    else packs.push(t.startsWith('.') ? path.resolve(t) : t);
  }
  return { packs, all };
}

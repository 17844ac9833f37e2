import type { Config } from '../config/schema.js';
import type { Rule } from '../sdk/types.js';
import type { RuleSettings } from './run.js';

/** Applies config `rules:` to the registry: drops disabled rules and collects severity overrides and options. */
export function selectRules(
  all: readonly Rule[],
  config: Config,
): { rules: Rule[]; settings: Record<string, RuleSettings> } {
  const settings: Record<string, RuleSettings> = {};
  const rules: Rule[] = [];
  for (const rule of all) {
    const rc = config.rules?.[rule.meta.id];
    if (rc === 'off' || rc === false || (typeof rc === 'object' && rc.enabled === false)) continue;
    if (typeof rc === 'object') settings[rule.meta.id] = { severity: rc.severity, options: rc.options };
    rules.push(rule);
  }
  return { rules, settings };
}

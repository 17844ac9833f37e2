import type { Rule } from './types.js';

/** Identity helper that gives rule authors type checking and a single, greppable entry point. */
export function defineRule(rule: Rule): Rule {
  return rule;
}

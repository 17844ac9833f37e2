import type { Rule, RuleContext, RuleMeta, Verdict } from './types.js';

/** A rule as its author writes it: check() may only name message ids that meta.messages defines. */
export interface RuleDefinition<Messages extends Record<string, string>> {
  meta: RuleMeta & { messages: Messages };
  check(ctx: RuleContext<Extract<keyof Messages, string>>): Verdict;
}

/**
 * Gives rule authors type checking (message ids are typed by the rule's own `messages`) and a single, greppable
 * entry point.
 */
export function defineRule<const Messages extends Record<string, string>>(rule: RuleDefinition<Messages>): Rule {
  return rule as Rule;
}

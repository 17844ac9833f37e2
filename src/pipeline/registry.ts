import { rules } from '../../rules/index.js';
import { ruleDocsUrl } from '../report/rule-docs.js';
import type { Rule } from '../sdk/types.js';

/** The built-in rules, each linked to its documentation page (findings carry the link as `docsUrl`). */
export const builtInRules: readonly Rule[] = rules.map((r) => ({
  ...r,
  meta: { ...r.meta, docs: { ...r.meta.docs, url: ruleDocsUrl(r.meta.id) } },
}));

import { UserError, nearest } from '../errors.js';
import { builtInRules } from '../pipeline/registry.js';
import { optionsJsonSchema, ruleDocMarkdown } from '../report/rule-docs.js';
import { wrapToWidth } from '../report/wrap.js';
import type { CommandIO } from './io.js';

export function rulesCommand(opts: { json?: boolean; id?: string }, io: CommandIO): number {
  const list = [...builtInRules].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
  if (opts.id) {
    const rule = list.find((r) => r.meta.id === opts.id);
    if (!rule) {
      const n = nearest(
        opts.id,
        list.map((r) => r.meta.id),
      );
      throw new UserError(
        `unknown rule "${opts.id}"${n ? ` (did you mean "${n}"?)` : ''}; \`readiness rules\` lists them`,
      );
    }
    if (opts.json) io.stdout(`${JSON.stringify(metaJson(rule.meta), null, 2)}\n`);
    else io.stdout(`${ruleDocMarkdown({ meta: rule.meta })}\nOnline: ${rule.meta.docs.url}\n`);
    return 0;
  }
  if (opts.json) {
    io.stdout(
      `${JSON.stringify(
        list.map((r) => metaJson(r.meta)),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  const lines: string[] = [];
  for (const r of list) {
    const m = r.meta;
    lines.push(`${io.style.bold(m.id.padEnd(30))} L${m.level} ${m.severity.padEnd(8)} ${m.title}`);
    if (m.requires?.length) lines.push(io.style.dim(`${' '.repeat(31)}applies when: ${m.requires.join(', ')}`));
  }
  lines.push(io.style.dim(`${list.length} rules; \`readiness rules <id>\` prints one rule's page`));
  io.stdout(`${wrapToWidth(lines.join('\n'), io.width)}\n`);
  return 0;
}

/** Metadata as JSON: the options schema becomes its JSON Schema. */
function metaJson(m: (typeof builtInRules)[number]['meta']): Record<string, unknown> {
  const { options, ...rest } = m;
  return options ? { ...rest, options: optionsJsonSchema(options) } : rest;
}

import { UserError, nearest } from '../errors.js';
import { auditRegistry } from '../pipeline/audit.js';
import { builtInRules } from '../pipeline/registry.js';
import { optionsJsonSchema, ruleDocMarkdown } from '../report/rule-docs.js';
import { wrapToWidth } from '../report/wrap.js';
import type { Rule, RuleMeta } from '../sdk/types.js';
import type { CommandIO } from './io.js';

export interface RulesCommandOptions {
  json?: boolean;
  id?: string;
  /** The project whose config's own checks (and profiles') are listed too (default: the current directory). */
  dir?: string;
  config?: string;
  /** Rule packs to load and list (`--rules`, runs their code). */
  rules?: string[];
}

/** Where a rule comes from, in words: built-in, the config (file), a profile (file) or a pack (name). */
export function sourceLabel(m: RuleMeta): string {
  if (!m.source) return 'built-in';
  return `${m.source.kind}${m.source.name ? ` ${m.source.name}` : ''}`;
}

export async function rulesCommand(opts: RulesCommandOptions, io: CommandIO): Promise<number> {
  let registry: readonly Rule[] = builtInRules;
  const { auditSetup } = await import('../pipeline/packs.js');
  const setup = await auditSetup(
    {
      dir: opts.dir ?? '.',
      configPath: opts.config,
      packs: opts.rules,
      // Listing the rules from a directory whose config is broken still lists them; a config named with -c must be
      // valid, as for every command.
      ...(opts.config
        ? {}
        : {
            onConfigError: (e: Error) =>
              io.stderr(`readiness: warning: ${e.message}; listing the rules without that config's checks`),
          }),
    },
    io.stderr,
  );
  registry = auditRegistry(setup.rules, setup.config);
  const list = [...registry].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
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
    else {
      const page = ruleDocMarkdown({ meta: rule.meta }).replace(/\n\n/, `\n\nSource: ${sourceLabel(rule.meta)}\n\n`);
      io.stdout(`${page}${rule.meta.docs.url ? `\nOnline: ${rule.meta.docs.url}\n` : ''}`);
    }
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
    if (m.source) lines.push(io.style.dim(`${' '.repeat(31)}source: ${sourceLabel(m)}`));
    if (m.requires?.length) lines.push(io.style.dim(`${' '.repeat(31)}applies when: ${m.requires.join(', ')}`));
  }
  const own = list.length - builtInRules.length;
  lines.push(
    io.style.dim(
      `${list.length} rules${own ? ` (${own} from the config, profiles or packs)` : ''}; \`readiness rules <id>\` prints one rule's page`,
    ),
  );
  io.stdout(`${wrapToWidth(lines.join('\n'), io.width)}\n`);
  return 0;
}

/** Metadata as JSON: the options schema becomes its JSON Schema; `source` says where a rule comes from. */
function metaJson(m: RuleMeta): Record<string, unknown> {
  const { options, source, ...rest } = m;
  return {
    ...rest,
    ...(options ? { options: optionsJsonSchema(options) } : {}),
    source: source ? { ...source } : { kind: 'built-in' },
  };
}

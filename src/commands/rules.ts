import { rules as allRules } from '../../rules/index.js';
import { wrapToWidth } from '../report/wrap.js';
import type { CommandIO } from './io.js';

export function rulesCommand(opts: { json?: boolean }, io: CommandIO): number {
  const list = [...allRules].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
  if (opts.json) {
    io.stdout(
      `${JSON.stringify(
        list.map((r) => ({ ...r.meta })),
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
  lines.push(io.style.dim(`${list.length} rules`));
  io.stdout(`${wrapToWidth(lines.join('\n'), io.width)}\n`);
  return 0;
}

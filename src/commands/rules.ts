import { rules as allRules } from '../../rules/index.js';
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
  for (const r of list) {
    const m = r.meta;
    io.stdout(`${io.style.bold(m.id.padEnd(30))} L${m.level} ${m.severity.padEnd(8)} ${m.title}\n`);
    if (m.requires?.length) io.stdout(io.style.dim(`${' '.repeat(31)}applies when: ${m.requires.join(', ')}\n`));
  }
  io.stdout(io.style.dim(`${list.length} rules\n`));
  return 0;
}

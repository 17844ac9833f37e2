import type { Evidence } from '../sdk/types.js';
import { EFFORT_DAYS, type Plan, type PlanItem } from './model.js';

function loc(e: Evidence): string {
  if (e.kind === 'missing')
    return `searched ${e.searched?.join(', ') ?? 'the repository'}${e.note ? ` — ${e.note}` : ''}`;
  return `\`${e.path}${e.line ? `:${e.line}` : ''}\`${e.note ? ` — ${e.note}` : ''}`;
}

function esc(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function s(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const idOf = (i: PlanItem): string => i.id ?? i.key ?? i.ruleId;
const daysOf = (i: PlanItem): number => i.effortDays ?? EFFORT_DAYS[i.effort];

function headline(i: PlanItem): string {
  const verb = i.kind === 'extra' ? '' : i.action === 'fix' ? 'Fix: ' : i.action === 'add' ? 'Add: ' : '';
  return `**${verb}${i.title}**`;
}

/**
 * A readiness plan a lead can hand to a team: summary, quick wins, phases (items with why, how, effort and its basis,
 * owner, dependencies; exit criteria), timeline, risks and assumptions, success criteria, and the evidence behind it.
 */
export function planToMarkdown(plan: Plan, opts: { projectName?: string; id?: number } = {}): string {
  const name = opts.projectName ?? plan.project.root.split('/').filter(Boolean).pop() ?? 'project';
  const b = plan.baseline;
  const t = plan.target;
  const total = plan.items.reduce((n, i) => n + daysOf(i), 0);
  const out: string[] = [];
  out.push(`# Production Readiness Plan: ${name}`);
  out.push('');
  out.push(
    `**Current**: score ${b.score ?? 'n/a'}/100, level ${b.level ?? '–'} ${b.levelName} → **Target**: level ${t.level} ${t.levelName}${t.score !== null ? `, score ${t.score}` : ''} by **${t.date}** (${s(t.weeks, 'week')})  `,
  );
  out.push(
    `Generated ${plan.createdAt.slice(0, 10)} by readiness${b.runId ? ` from audit run #${b.runId}` : ''}${b.commit ? ` at commit ${b.commit.slice(0, 7)}` : ''}${opts.id ? `; tracked as plan #${opts.id}` : ''}.`,
  );
  out.push('');
  out.push('## Summary');
  out.push('');
  const gapItems = plan.items.filter((i) => (i.kind ?? 'gap') === 'gap');
  const fixes = gapItems.filter((i) => i.action === 'fix').length;
  out.push(
    `- ${s(plan.items.length, 'item')} in ${s(plan.phases.length, 'phase')}: ${s(gapItems.length, 'open gap')} of the audit${fixes ? ` (${fixes} of them broken, not missing)` : ''}${plan.items.length > gapItems.length ? `, ${plan.items.length - gapItems.length} more (refuted claims of the documents, items the team added)` : ''}.`,
  );
  out.push(
    `- Effort: ${s(total, 'person-day')} at ${s(plan.capacity.engineers, 'engineer')}; ${plan.overCommitted ? `**does not fit** in ${s(t.weeks, 'week')}: move the date, add people, or drop items` : `fits in ${s(t.weeks, 'week')}`}.`,
  );
  if (t.reachedLevel !== undefined)
    out.push(
      t.missing?.length
        ? `- Done, these items reach score ${t.score ?? 'n/a'} and level ${t.reachedLevel ?? '–'}, **not** the target level ${t.level}: ${t.missing.map((m) => `\`${m}\``).join(', ')} are left out.`
        : `- Done, these items reach score ${t.score ?? 'n/a'} and level ${t.reachedLevel ?? '–'}.`,
    );
  out.push(`- In place already: ${s(plan.inPlace.length, 'check')} pass (see the evidence appendix).`);
  out.push('');
  out.push('## Quick wins');
  out.push('');
  const quick = plan.items.filter((i) => i.quickWin);
  if (!quick.length) out.push('None: every item is larger, of lower value, or waits for another.');
  for (const [n, i] of quick.entries())
    out.push(
      `${n + 1}. ${headline(i)} (\`${idOf(i)}\`, ${i.severity}, effort ${i.effort})${i.where ? ` in \`${i.where}\`` : ''}`,
    );
  out.push('');
  out.push('## Phases');
  for (const ph of plan.phases) {
    out.push('');
    out.push(
      `### Phase ${ph.number}: ${ph.name} (week${ph.startWeek === ph.endWeek ? ` ${ph.startWeek}` : `s ${ph.startWeek}–${ph.endWeek}`}, ${ph.startDate} → ${ph.endDate})`,
    );
    out.push('');
    for (const i of plan.items.filter((x) => x.phase === ph.number)) {
      out.push(
        `- [ ] ${headline(i)} — \`${idOf(i)}\`${i.component ? ` in ${i.component}` : ''} · ${i.priority} · effort ${i.effort} · owner ${i.owner}${i.quickWin ? ' · quick win' : ''}`,
      );
      if (i.why) out.push(`  - Why: ${i.why}`);
      out.push(`  - Found: ${i.message}`);
      if (i.where) out.push(`  - Where: \`${i.where}\``);
      for (const f of i.fix) out.push(`  - How: ${f}`);
      if (i.effortBasis) out.push(`  - Effort: ${i.effortBasis}`);
      if (i.dependsOn?.length) out.push(`  - Depends on: ${i.dependsOn.map((d) => `\`${d}\``).join(', ')}`);
      if (i.notes) out.push(`  - Notes: ${i.notes}`);
    }
    if (ph.exit) {
      out.push('');
      const parts: string[] = [];
      if (ph.exit.checks.length) parts.push(`${ph.exit.checks.map((c) => `\`${c}\``).join(', ')} pass`);
      if (ph.exit.handItems.length) parts.push(`${ph.exit.handItems.map((c) => `\`${c}\``).join(', ')} marked done`);
      parts.push(`score ${ph.exit.score ?? 'n/a'}, level ${ph.exit.level ?? '–'} ${ph.exit.levelName}`);
      out.push(`**Exit criteria**: ${parts.join('; ')}.`);
    }
  }
  out.push('');
  out.push('## Timeline');
  out.push('');
  out.push('| Phase | Weeks | Dates | Items | Effort (person-days) |');
  out.push('| --- | --- | --- | --- | --- |');
  for (const ph of plan.phases) {
    const n = plan.items.filter((i) => i.phase === ph.number).length;
    out.push(
      `| ${ph.number}. ${esc(ph.name)} | ${ph.startWeek === ph.endWeek ? ph.startWeek : `${ph.startWeek}–${ph.endWeek}`} | ${ph.startDate} → ${ph.endDate} | ${n} | ${ph.effortDays} |`,
    );
  }
  out.push('');
  out.push(
    `Effort estimate: ${s(total, 'person-day')} (S = ${EFFORT_DAYS.S}, M = ${EFFORT_DAYS.M}, L = ${EFFORT_DAYS.L}; counted gaps scale with their size) at ${s(plan.capacity.engineers, 'engineer')}, ${plan.capacity.daysPerWeek} days a week.`,
  );
  if (plan.overCommitted)
    out.push(
      `**Warning**: the effort does not fit in ${s(t.weeks, 'week')} at this capacity: move the date, add people, or drop items.`,
    );
  out.push('');
  out.push('## Risks');
  out.push('');
  const risks = plan.risks ?? [];
  if (!risks.length) out.push('No high or critical gap is open.');
  for (const r of risks)
    out.push(
      `- **${r.title}** (\`${r.id}\`, ${r.severity}) — open ${r.until ? `until ${r.until}` : '**after this plan** (left out)'}: ${r.impact}`,
    );
  if (plan.assumptions?.length) {
    out.push('');
    out.push('### Assumptions');
    out.push('');
    for (const a of plan.assumptions) out.push(`- ${a}`);
  }
  out.push('');
  out.push('## Success criteria');
  out.push('');
  if (t.score !== null)
    out.push(`- [ ] Readiness score ≥ ${t.score} (now ${b.score ?? 'n/a'}): what these items reach`);
  out.push(
    `- [ ] Readiness level ${t.level} ${t.levelName} reached (now ${b.level ?? '–'} ${b.levelName})${t.missing?.length ? ` — needs ${t.missing.map((m) => `\`${m}\``).join(', ')} too` : ''}`,
  );
  if (gapItems.length) out.push(`- [ ] These gaps closed: ${gapItems.map((i) => `\`${idOf(i)}\``).join(', ')}`);
  const hand = plan.items.filter((i) => (i.kind ?? 'gap') !== 'gap');
  if (hand.length) out.push(`- [ ] Marked done: ${hand.map((i) => `\`${idOf(i)}\``).join(', ')}`);
  out.push('');
  out.push('## Tracking');
  out.push('');
  out.push(
    'Run `readiness audit` after each change; `readiness plan status` shows which items are done, open or regressed, and gaps that appeared since the plan was made. Mark an item the audit cannot see with `readiness plan done <item>`.',
  );
  out.push('');
  out.push('## Evidence appendix');
  out.push('');
  for (const i of plan.items) {
    if (!i.evidence.length) continue;
    out.push(`- \`${idOf(i)}\`${i.component ? ` in ${i.component}` : ''}: ${i.title}`);
    for (const e of i.evidence.slice(0, 5)) out.push(`  - ${loc(e)}`);
    if (i.evidence.length > 5) out.push(`  - … ${i.evidence.length - 5} more`);
  }
  out.push('');
  out.push("### What's already in place");
  out.push('');
  if (plan.inPlace.length === 0) out.push('- Nothing the audit checks passes yet.');
  for (const p of plan.inPlace)
    out.push(
      `- ${p.title} (\`${p.ruleId}\`${p.component ? ` in ${p.component}` : ''})${p.evidence[0] ? `: ${loc(p.evidence[0])}` : ''}`,
    );
  return `${out.join('\n')}\n`;
}

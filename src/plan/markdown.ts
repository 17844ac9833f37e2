import type { Evidence } from '../sdk/types.js';
import { EFFORT_DAYS, type Plan } from './model.js';

function loc(e: Evidence): string {
  if (e.kind === 'missing')
    return `searched ${e.searched?.join(', ') ?? 'the repository'}${e.note ? ` — ${e.note}` : ''}`;
  return `\`${e.path}${e.line ? `:${e.line}` : ''}\`${e.note ? ` — ${e.note}` : ''}`;
}

function esc(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A readiness plan in the spirit of hand-written ones: assessment, phased checklists, timeline, success criteria. */
export function planToMarkdown(plan: Plan, opts: { projectName?: string; id?: number } = {}): string {
  const name = opts.projectName ?? plan.project.root.split('/').filter(Boolean).pop() ?? 'project';
  const b = plan.baseline;
  const t = plan.target;
  const out: string[] = [];
  out.push(`# Production Readiness Plan: ${name}`);
  out.push('');
  out.push(
    `**Current**: score ${b.score ?? 'n/a'}/100, level ${b.level ?? '–'} ${b.levelName} → **Target**: level ${t.level} ${t.levelName}${t.score !== null ? `, score ≥ ${t.score}` : ''} by **${t.date}** (${t.weeks} week${t.weeks === 1 ? '' : 's'})  `,
  );
  out.push(
    `Generated ${plan.createdAt.slice(0, 10)} by readiness${b.runId ? ` from audit run #${b.runId}` : ''}${b.commit ? ` at commit ${b.commit.slice(0, 7)}` : ''}${opts.id ? `; tracked as plan #${opts.id}` : ''}.`,
  );
  out.push('');
  out.push('## Current State Assessment');
  out.push('');
  out.push("### ✅ What's already in place");
  if (plan.inPlace.length === 0) out.push('- Nothing the audit checks passes yet.');
  for (const p of plan.inPlace)
    out.push(
      `- ${p.title} (\`${p.ruleId}\`${p.component ? ` in ${p.component}` : ''})${p.evidence[0] ? `: ${loc(p.evidence[0])}` : ''}`,
    );
  out.push('');
  out.push(`### ❌ What's missing for level ${t.level} ${t.levelName}`);
  if (plan.items.length === 0) out.push('- Nothing: every applicable rule up to the target level already passes.');
  for (const [n, i] of plan.items.entries())
    out.push(
      `${n + 1}. **${i.title}** (\`${i.ruleId}\`${i.component ? ` in ${i.component}` : ''}, ${i.severity}): ${i.message}`,
    );
  out.push('');
  out.push('## Roadmap');
  for (const ph of plan.phases) {
    out.push('');
    out.push(
      `### Phase ${ph.number}: ${ph.name} (week${ph.startWeek === ph.endWeek ? ` ${ph.startWeek}` : `s ${ph.startWeek}–${ph.endWeek}`}, ${ph.startDate} → ${ph.endDate})`,
    );
    out.push('');
    for (const i of plan.items.filter((x) => x.phase === ph.number)) {
      out.push(
        `- [ ] **${i.title}** — \`${i.ruleId}\`${i.component ? ` in ${i.component}` : ''} · ${i.priority} · effort ${i.effort} · owner ${i.owner}`,
      );
      if (i.why) out.push(`  - Why it matters: ${i.why}`);
      out.push(`  - Found: ${i.message}`);
      for (const e of i.evidence.slice(0, 3)) out.push(`  - Evidence: ${loc(e)}`);
      for (const f of i.fix) out.push(`  - How to fix: ${f}`);
      if (i.notes) out.push(`  - Notes: ${i.notes}`);
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
  const total = plan.items.reduce((s, i) => s + EFFORT_DAYS[i.effort], 0);
  out.push('');
  out.push(
    `Effort estimate: ${total} person-day${total === 1 ? '' : 's'} (S = ${EFFORT_DAYS.S}, M = ${EFFORT_DAYS.M}, L = ${EFFORT_DAYS.L}) at ${plan.capacity.engineers} engineer${plan.capacity.engineers === 1 ? '' : 's'}, ${plan.capacity.daysPerWeek} days a week.`,
  );
  if (plan.overCommitted)
    out.push(
      `**Warning**: the effort does not fit in ${t.weeks} week${t.weeks === 1 ? '' : 's'} at this capacity: move the date, add people, or drop items.`,
    );
  out.push('');
  out.push('## Success Criteria');
  out.push('');
  if (t.score !== null) out.push(`- [ ] Readiness score ≥ ${t.score} (now ${b.score ?? 'n/a'})`);
  out.push(`- [ ] Readiness level ${t.level} ${t.levelName} reached (now ${b.level ?? '–'} ${b.levelName})`);
  if (plan.items.length)
    out.push(`- [ ] These gaps closed: ${plan.items.map((i) => `\`${i.key ?? i.ruleId}\``).join(', ')}`);
  out.push('');
  out.push('## Tracking');
  out.push('');
  out.push(
    'Run `readiness audit` after each change; `readiness plan status` shows which items are done, open or regressed.',
  );
  return `${out.join('\n')}\n`;
}

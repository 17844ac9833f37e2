import { rankMatches, type CiCheckKind, type CiMatch } from '../../src/sdk/index.js';
import type { RuleContext, Verdict } from '../../src/sdk/types.js';

/**
 * The shared verdict of ci.tests / ci.security-scan / ci.lint from the CI fact's matches:
 * running on every change = pass; only with path filters, odd branches, schedule or non-blocking = pass (low);
 * only by hand = gap (low); only switched off or commented out = gap; nothing = gap.
 * Messages used: found, limited, manualOnly, disabled, missing (with {{tools}}, {{note}}).
 */
export function ciVerdict(ctx: RuleContext, kind: CiCheckKind, searched: string[]): Verdict {
  const matches = rankMatches(ctx.facts.ci[kind]);
  const ev = (m: CiMatch) => ctx.at(m.path, m.line, `${m.tool}: ${m.note}`);
  /** The workflow trigger line, when the limitation comes from it. */
  const trigger = (ms: CiMatch[]) => {
    const c = ctx.facts.ci.configs.find((x) => x.path === ms[0]?.path && x.state && x.stateLine);
    return c ? [ctx.at(c.path, c.stateLine, c.stateNote ?? 'trigger')] : [];
  };
  const tools = (ms: CiMatch[]) => [...new Set(ms.map((m) => m.tool))].join(', ');
  const active = matches.filter((m) => m.state === 'active');
  if (active.length) {
    const high = active.filter((m) => m.confidence === 'high');
    const use = (high.length ? high : active).slice(0, 5);
    return ctx.pass(use.map(ev), {
      messageId: 'found',
      data: { tools: tools(use) },
      confidence: high.length ? 'high' : 'low',
    });
  }
  const limited = matches.filter((m) => m.state === 'limited');
  if (limited.length) {
    return ctx.pass([...limited.slice(0, 5).map(ev), ...trigger(limited)], {
      messageId: 'limited',
      data: { tools: tools(limited), note: limited[0]!.limitation ?? limited[0]!.note },
      confidence: 'low',
    });
  }
  const manual = matches.filter((m) => m.state === 'manual');
  if (manual.length) {
    return ctx.gap('manualOnly', [...manual.slice(0, 5).map(ev), ...trigger(manual)], {
      data: { tools: tools(manual), note: manual[0]!.limitation ?? manual[0]!.note },
      confidence: 'low',
    });
  }
  const systems = [...new Set(ctx.facts.ci.configs.map((c) => c.path))];
  const missing = ctx.missing([...systems, ...searched], `no CI step runs ${searched.slice(0, 6).join(', ')}, …`);
  if (matches.length) {
    return ctx.gap('disabled', [...matches.slice(0, 5).map(ev), missing], {
      data: { tools: tools(matches), note: matches[0]!.limitation ?? matches[0]!.note },
    });
  }
  // Pipelines pulled in from elsewhere (shared templates, reusable workflows, orbs) may run it where we cannot see.
  const external = ctx.facts.ci.steps
    .filter((st) => st.external && st.uses && !/^circleci\/|^(node|python|ruby|go)\b/.test(st.uses))
    .slice(0, 3);
  if (external.length) {
    return ctx.gap(
      'missing',
      [
        missing,
        ...external.map((st) =>
          ctx.at(st.path, st.line, `uses an external pipeline definition (${st.uses}) that may run it`),
        ),
      ],
      { data: { tools: '' }, confidence: 'low' },
    );
  }
  return ctx.gap('missing', [missing], { data: { tools: '' } });
}

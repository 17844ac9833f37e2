// Presentation: a signal hit (facts/signals.ts) as a finding shows it.
import type { Evidence, RuleContext, SignalHit } from '../../src/sdk/index.js';

export function hitEvidence(ctx: RuleContext, h: SignalHit, note?: string): Evidence {
  return ctx.at(h.match.path, h.match.line, note ?? h.signal.note);
}

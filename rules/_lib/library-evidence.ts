// Presentation: a library's standing (facts.deps) with its evidence as findings show it.
import type { Evidence, LibraryEvidence, LibraryUse, LibrarySpec, RuleContext } from '../../src/sdk/index.js';

export type LibSpec = LibrarySpec;

/** A library's standing (facts.deps.library) with its evidence as findings show it. */
export interface LibState extends Omit<LibraryUse, 'evidence'> {
  evidence: Evidence[];
}

function present(ctx: RuleContext, use: LibraryUse | undefined): LibState | undefined {
  return use && { ...use, evidence: use.evidence.map((e) => evidenceOf(ctx, e)) };
}

/** The first library in use, else the most telling other state (unwired before unused), with evidence. */
export function firstLibrary(
  ctx: RuleContext,
  specs: LibSpec[],
): { used?: LibState; unwired?: LibState; unused?: LibState } {
  const f = ctx.facts.deps.firstLibrary(specs);
  return { used: present(ctx, f.used), unwired: present(ctx, f.unwired), unused: present(ctx, f.unused) };
}

/** Evidence a fact recorded (path, line, note), as a finding shows it (with the line's excerpt). */
export function evidenceOf(ctx: RuleContext, e: LibraryEvidence): Evidence {
  return ctx.at(e.path, e.line, e.note);
}

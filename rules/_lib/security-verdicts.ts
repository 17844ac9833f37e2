// Presentation and policy shared by the security rules: a source hit as a finding shows it, and the verdict for a
// declared library nothing applies to requests.
import { type Evidence, type RuleContext, setupOf, type SourceHit, type Verdict } from '../../src/sdk/index.js';

export function hitEvidence(ctx: RuleContext, h: SourceHit, note?: string): Evidence {
  return ctx.at(h.path, h.line, note ?? `${h.label}${h.live ? '' : ' (file not reached from any entrypoint)'}`);
}

/**
 * The verdict for a declared library that nothing applies to requests: set up somewhere but never applied
 * (neverWired), or only declared in the component's own manifests (declaredNotUsed, with `unusedNote`). Undefined
 * otherwise.
 */
export function declaredNotApplied(
  ctx: RuleContext,
  deps: RegExp,
  searched: string[],
  unusedNote: string,
): Verdict | undefined {
  const dep = ctx.facts.deps.declared(deps);
  if (!dep) return undefined;
  const setup = setupOf(ctx.facts, dep.name);
  if (setup)
    return ctx.gap(
      'neverWired',
      [
        ctx.at(setup.path, setup.line, `${dep.name} imported/set up here`),
        ctx.missing(searched, 'never applied to requests'),
      ],
      { data: { what: dep.name, file: setup.path } },
    );
  const own = ctx.facts.deps.declaredHere(deps);
  if (!own) return undefined;
  return ctx.gap(
    'declaredNotUsed',
    [ctx.at(own.manifest, own.line, `${own.name} declared`), ctx.missing(searched, unusedNote)],
    { data: { dep: own.name, manifest: own.manifest } },
  );
}

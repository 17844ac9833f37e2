import type { Claim } from '../report/schema.js';
import type { Evidence, Finding } from '../sdk/types.js';
import type { RawClaim } from './extract.js';

export type ClaimVerdict = Claim['verdict'];

/** Qualifiers of a planned improvement on a practice that may exist already. */
const MORE_THAN =
  /\b(advanced|comprehensive|full|fully|enterprise|production[- ]grade|improved?|better|enhanced?|more|additional|extended|complete|proper|robust|all)\b/i;

const where = (f: Finding): string => {
  const e = f.evidence.find((x) => x.kind === 'found' && x.line) ?? f.evidence[0];
  return e ? ` (${e.path}${e.line ? `:${e.line}` : ''})` : '';
};
/** The check, and the component when several components were judged by it ("obs.logging [api]"). */
const label = (f: Finding, perComponent: ReadonlySet<string>): string =>
  f.component && perComponent.has(f.ruleId) ? `${f.ruleId} [${f.component}]` : f.ruleId;
const evidenceOf = (fs: Finding[]): Evidence[] => fs.flatMap((f) => f.evidence.slice(0, 2)).slice(0, 4);

/** Checks that judge running code: they can refute a claim only when the audit recognised what the project runs. */
const CODE_CATEGORIES = new Set([
  'api',
  'observability',
  'resilience',
  'security',
  'code',
  'data',
  'config',
  'testing',
]);

export interface JudgeContext {
  /** The project kind the audit detected; 'unknown' means it did not recognise what ships. */
  projectKind?: string;
  /** The project serves HTTP but the audit found none of its routes: it does not know what the service runs. */
  noRoutesFound?: boolean;
  /**
   * The component the claim is about, when its document sits in that component's folder or the claim names it
   * ("backend: structured logging"): only that component's findings (and the repository's) judge it.
   */
  component?: string;
}

/**
 * Judges one claim by the findings of the checks it maps to. The findings were computed from the code alone:
 * documents never feed evidence back into the rules, so a claim is checked against what the code shows.
 * Precision first: a claim is refuted only when every applicable check is a gap and at least one with high confidence.
 */
export function judgeClaim(
  raw: RawClaim,
  checks: string[],
  /** The findings of each check: one per component for a check judged per component. */
  findings: ReadonlyMap<string, readonly Finding[]>,
  judgeCtx: JudgeContext = {},
): Claim {
  const base = { doc: raw.doc, line: raw.line, text: raw.text, says: raw.says, checks };
  // A claim of the repository is judged against every component: a gap in one and a pass in another make it partial.
  const about = judgeCtx.component;
  const found = checks
    .flatMap((id) => findings.get(id) ?? [])
    .filter((f) => f.status !== 'error' && (!about || !f.component || f.component === about));
  const perComponent = new Set(checks.filter((id) => (findings.get(id)?.length ?? 0) > 1));
  const describe = (fs: Finding[]): string =>
    fs.map((f) => `${label(f, perComponent)}: ${f.message}${where(f)}`).join('; ');
  if (!checks.length)
    return { ...base, verdict: 'unverifiable', reason: 'no check covers this practice', evidence: [] };
  if (!found.length)
    return {
      ...base,
      verdict: 'unverifiable',
      reason: about ? `${checks.join(', ')} did not judge the ${about} component` : `${checks.join(', ')} did not run`,
      evidence: [],
    };
  const applicable = found.filter((f) => f.status === 'pass' || f.status === 'gap');
  if (!applicable.length)
    return {
      ...base,
      verdict: 'unverifiable',
      reason: `not applicable to this project: ${found.map((f) => `${label(f, perComponent)}: ${f.message}`).join('; ')}`,
      evidence: [],
    };
  const pass = applicable.filter((f) => f.status === 'pass');
  const gap = applicable.filter((f) => f.status === 'gap');
  const strongGap = gap.filter((f) => f.confidence === 'high');
  const weakPass = pass.filter((f) => f.confidence === 'low');
  const verdict = (v: ClaimVerdict, reason: string, ev: Finding[]): Claim => ({
    ...base,
    verdict: v,
    reason,
    evidence: evidenceOf(ev),
  });

  if (raw.says === 'present' || raw.says === 'partial') {
    if (!gap.length) {
      if (raw.says === 'partial' || !weakPass.length) return verdict('confirmed', describe(pass), pass);
      return verdict('partial', `only partly in place: ${describe(weakPass)}`, weakPass);
    }
    if (!pass.length) {
      // Precision first: on a project whose runtime the audit did not recognise, a gap in code may be a blind spot.
      // A service none of whose routes were found is such a project (functions a platform deploys by folder, say):
      // which code runs, and so what is "never wired", is not known.
      const blind = judgeCtx.projectKind === 'unknown' || judgeCtx.noRoutesFound;
      if (blind && strongGap.every((f) => CODE_CATEGORIES.has(f.category)))
        return verdict(
          'unverifiable',
          judgeCtx.projectKind === 'unknown'
            ? `the audit did not recognise what this project runs, so its code checks cannot refute this: ${describe(gap)}`
            : `the audit found none of the routes this service serves, so its code checks cannot refute this: ${describe(gap)}`,
          gap,
        );
      if (strongGap.length) return verdict('refuted', describe(strongGap), strongGap);
      return verdict('partial', `only partly in place: ${describe(gap)}`, gap);
    }
    return verdict(
      raw.says === 'partial' ? 'confirmed' : 'partial',
      `in place: ${describe(pass)}; missing: ${describe(gap)}`,
      [...gap, ...pass],
    );
  }
  // absent or planned
  if (!pass.length) return verdict('confirmed', describe(gap), gap);
  // "Advanced error handling" to do while basic error handling passes: the check cannot tell whether it is done.
  if (MORE_THAN.test(raw.practice))
    return verdict(
      'unverifiable',
      `asks for more than the check verifies; the practice itself is in place: ${describe(pass)}`,
      pass,
    );
  if (!gap.length && !weakPass.length) return verdict('outdated', `now in place: ${describe(pass)}`, pass);
  return verdict(
    'partial',
    gap.length ? `in place: ${describe(pass)}; missing: ${describe(gap)}` : `partly in place: ${describe(pass)}`,
    [...pass, ...gap],
  );
}

import type { Effort, GapSize } from '../sdk/types.js';

/** Person-days per effort size; the timeline is derived from these. */
export const EFFORT_DAYS: Record<Effort, number> = { S: 1, M: 3, L: 8 };

/** How many counted sites, routes or calls one person changes (and checks) in a day, on top of the check's estimate. */
export const UNITS_PER_DAY = 10;

export interface SizedEffort {
  effort: Effort;
  days: number;
  /** Why this estimate: "L: 73 mock sites in 21 files → 10 person-days (M = 3 for the change, +7 at ~10 a day)". */
  basis: string;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The size letter of a number of person-days. */
export function effortOfDays(days: number): Effort {
  return days <= EFFORT_DAYS.S ? 'S' : days <= EFFORT_DAYS.M ? 'M' : 'L';
}

/**
 * An item's effort from the check's estimate and, when the rule counted the gap, its size: the change itself (the
 * check's estimate) plus a day per UNITS_PER_DAY sites beyond the first batch. The basis says how it was reached.
 */
export function sizedEffort(base: Effort, size?: GapSize): SizedEffort {
  if (!size || size.count <= 0)
    return {
      effort: base,
      days: EFFORT_DAYS[base],
      basis: `${base}: the check's estimate (${plural(EFFORT_DAYS[base], 'person-day')}); the gap is not counted`,
    };
  const extra = Math.max(0, Math.ceil(size.count / UNITS_PER_DAY) - 1);
  const days = EFFORT_DAYS[base] + extra;
  const effort = effortOfDays(days);
  const what = `${plural(size.count, size.unit)}${size.files ? ` in ${plural(size.files, 'file')}` : ''}`;
  return {
    effort,
    days,
    basis: `${effort}: ${what} → ${plural(days, 'person-day')}${extra ? ` (${base} = ${EFFORT_DAYS[base]} for the change, +${extra} at ~${UNITS_PER_DAY} a day)` : ` (${base}: few enough for the check's estimate)`}`,
  };
}

/** A free-form item's effort: the team's letter, or M. */
export function givenEffort(effort: Effort | undefined): SizedEffort {
  const e = effort ?? 'M';
  return {
    effort: e,
    days: EFFORT_DAYS[e],
    basis: effort ? `${e}: given by the team` : `M: not sized (added by hand; set \`effort\` to change it)`,
  };
}

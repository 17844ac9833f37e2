import picomatch from 'picomatch';
import type { Waiver } from '../config/schema.js';
import { UserError } from '../errors.js';
import type { Finding } from '../sdk/types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A waiver holds through its `expires` day (UTC) and lapses at 00:00 UTC the day after. */
export function waiverExpired(w: Pick<Waiver, 'expires'>, now: Date): boolean {
  return now.getTime() >= Date.parse(`${w.expires}T00:00:00Z`) + DAY_MS;
}

/**
 * Whether a path-restricted waiver covers the gap: it must have evidence, and every evidence path must match one of
 * the globs. Repository-wide evidence ('.', e.g. "searched: Dockerfile") never matches a glob, so a gap about the
 * whole repository is covered only by a waiver without `paths`.
 */
function pathsMatch(isMatch: ((p: string) => boolean) | undefined, f: Finding): boolean {
  if (!isMatch) return true;
  if (f.evidence.length === 0) return false;
  return f.evidence.every((e) => e.path !== '.' && isMatch(e.path));
}

/**
 * Applies the config's waivers to the findings (pure; `now` is injected). A gap covered by an unexpired waiver gets
 * `waived = {reason, expires}` (shown, not scored, not gating). A gap whose only covering waivers have expired stays
 * an open gap and its message says so. Passes, n/a and errors are never touched. Returns new finding objects.
 */
export function applyWaivers(
  findings: readonly Finding[],
  waivers: readonly Waiver[] | undefined,
  now: Date,
): Finding[] {
  if (!waivers?.length) return findings.map((f) => ({ ...f }));
  const matchers = new Map(waivers.map((w) => [w, w.paths ? picomatch(w.paths, { dot: true }) : undefined]));
  return findings.map((f) => {
    if (f.status !== 'gap') return { ...f };
    const covering = waivers.filter((w) => w.rule === f.ruleId && pathsMatch(matchers.get(w), f));
    if (covering.length === 0) return { ...f };
    const active = covering.filter((w) => !waiverExpired(w, now)).sort((a, b) => b.expires.localeCompare(a.expires));
    if (active.length) {
      const w = active[0]!;
      return { ...f, waived: { reason: w.reason.trim(), expires: w.expires } };
    }
    const last = [...covering].sort((a, b) => b.expires.localeCompare(a.expires))[0]!;
    return { ...f, message: `${f.message} (waiver expired on ${last.expires}: ${last.reason.trim()})` };
  });
}

/**
 * The clock used for waiver expiry: `READINESS_NOW` (an ISO date or date-time; a testing aid for end-to-end tests of
 * expiry) or the real time.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Date {
  const v = env.READINESS_NOW?.trim();
  if (!v) return new Date();
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
  if (Number.isNaN(d.getTime()))
    throw new UserError(`READINESS_NOW must be an ISO date (YYYY-MM-DD) or date-time, got "${v}"`);
  return d;
}

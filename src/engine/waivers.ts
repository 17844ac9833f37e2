import picomatch from 'picomatch';
import type { Waiver } from '../config/schema.js';
import { UserError } from '../errors.js';
import type { Finding } from '../sdk/types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A waiver holds through its `expires` day (UTC) and lapses at 00:00 UTC the day after. */
export function waiverExpired(w: Pick<Waiver, 'expires'>, now: Date): boolean {
  return now.getTime() >= Date.parse(`${w.expires}T00:00:00Z`) + DAY_MS;
}

/** The files a gap's evidence names (notes about the repository as a whole, path '.', name none). */
function evidencePaths(f: Finding): string[] {
  return f.evidence.map((e) => e.path).filter((p) => p && p !== '.');
}

/** The folder of each component (by id), for waivers whose paths name a component's folder. */
export type ComponentFolders = ReadonlyMap<string, string>;

/** Component id → folder, from a report's or the engine's components; the root component ('.') is the repository. */
export function componentFolders(components: readonly { id: string; path: string }[] | undefined): ComponentFolders {
  return new Map((components ?? []).filter((c) => c.path !== '.').map((c) => [c.id, c.path]));
}

/**
 * Whether a path-restricted waiver covers the gap: every file its evidence names must match one of the globs (a note
 * about the whole repository beside them does not stop it). A gap that names no file (something missing from the
 * repository) is about the repository itself, path `.`: a waiver whose paths list `.` covers it, so every gap can be
 * waived with paths, and a glob meant for files (`legacy/**`) never waives a missing practice by accident.
 * A gap of a component whose folder the globs match (`services/api/**`, `services/api`) is covered whatever files it
 * names: it is that component's gap (its Kubernetes manifest elsewhere, or a practice missing from it).
 */
function pathsMatch(isMatch: ((p: string) => boolean) | undefined, f: Finding, folders?: ComponentFolders): boolean {
  if (!isMatch) return true;
  const folder = f.component ? folders?.get(f.component) : undefined;
  if (folder && (isMatch(folder) || isMatch(`${folder}/`))) return true;
  const paths = evidencePaths(f);
  return paths.length > 0 ? paths.every((p) => isMatch(p)) : isMatch('.');
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
  folders?: ComponentFolders,
): Finding[] {
  if (!waivers?.length) return findings.map((f) => ({ ...f }));
  const matchers = new Map(waivers.map((w) => [w, w.paths ? picomatch(w.paths, { dot: true }) : undefined]));
  return findings.map((f) => {
    if (f.status !== 'gap') return { ...f };
    const covering = waivers.filter((w) => w.rule === f.ruleId && pathsMatch(matchers.get(w), f, folders));
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

export interface UnmatchedWaiver {
  waiver: Waiver;
  /** Why it covers nothing, in words. */
  why: string;
}

/**
 * Waivers that cover no gap of this audit (they do nothing: a fixed gap, a rule that did not run, or `paths` that
 * match none of the gap's files), each with the reason, so the CLI can warn instead of staying silent.
 */
export function unmatchedWaivers(
  findings: readonly Finding[],
  waivers: readonly Waiver[] | undefined,
  folders?: ComponentFolders,
): UnmatchedWaiver[] {
  const out: UnmatchedWaiver[] = [];
  for (const w of waivers ?? []) {
    const isMatch = w.paths ? picomatch(w.paths, { dot: true }) : undefined;
    // A rule judged per component has a finding per component: the waiver does something when it covers one gap.
    const ofRule = findings.filter((x) => x.ruleId === w.rule);
    if (ofRule.some((x) => x.status === 'gap' && pathsMatch(isMatch, x, folders))) continue;
    const f = ofRule.find((x) => x.status === 'gap') ?? ofRule[0];
    let why: string;
    if (!f) why = 'the rule did not run';
    else if (f.status !== 'gap')
      why = `the rule is ${f.status === 'pass' ? 'passing' : f.status} now; remove the waiver`;
    else {
      const paths = evidencePaths(f);
      why = paths.length
        ? `its paths (${w.paths!.join(', ')}) match neither a component's folder nor every file of the gap (${paths.slice(0, 3).join(', ')}${paths.length > 3 ? ', …' : ''})`
        : `the gap names no file (something is missing from the repository): list "." in its paths (the repository itself), or give no paths`;
    }
    out.push({ waiver: w, why });
  }
  return out;
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

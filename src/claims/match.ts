import type { RuleMeta } from '../sdk/types.js';
import { escapeRegExp } from '../repo/text.js';

/** Claim phrases of the checks, compiled once per audit. */
export interface PhraseIndex {
  checks: { id: string; patterns: RegExp[]; unless: RegExp[] }[];
}

const SUFFIX = '(?:s|es|ing|ed|er|ers|d|ation|ations)?';

/** Lower-case, markup and punctuation to spaces; keeps the characters phrases use (`.env`, `non-root`, `/health`). */
export function normalize(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/[^a-z0-9/.+#-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()} `;
}

function phrasePattern(phrase: string): RegExp {
  const words = phrase
    .toLowerCase()
    .split(/[\s-]+/)
    .filter(Boolean)
    .map((w) => escapeRegExp(w));
  // Words may be written apart, hyphenated or joined ("health check", "health-check", "healthcheck").
  return new RegExp(`(?<![a-z0-9])${words.join('[\\s_-]*')}${SUFFIX}(?![a-z0-9])`, 'g');
}

export function compilePhrases(metas: readonly RuleMeta[]): PhraseIndex {
  return {
    checks: metas
      .filter((m) => m.claims?.length)
      .map((m) => ({
        id: m.id,
        patterns: (m.claims ?? []).filter((p) => !p.startsWith('!')).map(phrasePattern),
        // "!benchmark": a claim naming this is about something else, whatever else it says.
        unless: (m.claims ?? []).filter((p) => p.startsWith('!')).map((p) => phrasePattern(p.slice(1))),
      })),
  };
}

/**
 * The checks a practice names. A check whose only match lies inside a longer match of another check is dropped:
 * "readiness probes" names deploy.k8s-probes, not api.readiness; "load tests" names test.load, not test.suite.
 */
export function matchChecks(practice: string, index: PhraseIndex, opts: { keepNegated?: boolean } = {}): string[] {
  const text = normalize(practice);
  const spans: { id: string; start: number; end: number }[] = [];
  for (const c of index.checks) {
    if (c.unless.some((re) => new RegExp(re.source).test(text))) continue;
    let best: { start: number; end: number } | undefined;
    const all: { start: number; end: number }[] = [];
    for (const re of c.patterns) {
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        all.push({ start: m.index, end: m.index + m[0].length });
        if (!best || m[0].length > best.end - best.start) best = { start: m.index, end: m.index + m[0].length };
      }
    }
    // "✅ prevents automatic retries": a negated practice is not a claim that it exists. Under "What's missing",
    // "Testing: no test suite" is the claim of its absence (keepNegated).
    const kept = opts.keepNegated
      ? all
      : all.filter((s) => !NEGATED.test(text.slice(Math.max(0, s.start - 40), s.start)));
    if (best && kept.length) for (const s of kept) spans.push({ id: c.id, ...s });
  }
  // A match loses to another check's longer match around it, and to one it overlaps that ends later: the head of an
  // English noun phrase comes last ("container image scanning" is about scanning, not about the image).
  const beaten = (s: (typeof spans)[number]): boolean =>
    spans.some(
      (o) =>
        o.id !== s.id &&
        ((o.start <= s.start && o.end >= s.end && o.end - o.start > s.end - s.start) ||
          (o.start > s.start && o.start < s.end && o.end > s.end)),
    );
  // "User sessions table for JWT refresh tokens": what a table (column, field) is for is its content, not a practice
  // the line claims; only data checks read storage.
  const storage = STORED_FOR.exec(text);
  const storedFor = (s: (typeof spans)[number]): boolean =>
    !!storage && s.start >= storage.index + storage[0].length && !s.id.startsWith('data.');
  const ids = [...new Set(spans.map((s) => s.id))].filter((id) =>
    spans.some((s) => s.id === id && !beaten(s) && !storedFor(s)),
  );
  // "Rate limiting testing", "backup verification": a practice named right before a verification word is the thing
  // verified, not the claim; only test checks cover verifications.
  const verified = (id: string): boolean =>
    !id.startsWith('test.') && spans.filter((s) => s.id === id).every((s) => VERIFICATION.test(text.slice(s.end)));
  return ids.filter((id) => !verified(id));
}

const STORED_FOR = /(?<![a-z0-9])(tables?|columns?|fields?)\s+(for|to store|storing|holding)(?![a-z0-9])/;
// One word may come between: "JWT auth tests", "backup restore drills".
const VERIFICATION = /^\s*(?:[a-z0-9/.+#-]+\s+)?(testing|tests|verification|review|audit|drills?|rehearsals?)\b/;
const NEGATED =
  /(?<![a-z0-9])(no|not|never|without|prevents?|disabled?|disables|avoids?|instead of)(\s+[a-z0-9/.+#-]+){0,2}\s*$/;

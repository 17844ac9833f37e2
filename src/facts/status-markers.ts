/**
 * The vocabulary of readiness documents: the markers and words with which checklists, status reports and plans say
 * that a practice is present, absent or planned. Shared by the documents fact (a document made of such lines is a
 * status document, never evidence) and the claims audit (each such line is a claim).
 */

export type Stance = 'present' | 'absent' | 'planned' | 'partial';

/**
 * Status emoji, and the same emoji as they appear when UTF-8 was decoded as Mac Roman (documents copied through old
 * editors carry "‚úÖ" for ✅): both spellings are common in real status documents.
 */
const EMOJI: [RegExp, Stance][] = [
  [/✅|✔️?|☑️?|🟢|✓|‚úÖ|‚úî/u, 'present'],
  [/❌|✖️?|✗|✘|🔴|⛔|🚫|‚ùå/u, 'absent'],
  [/⚠️?|🟡|🟠|‚ö†Ô∏è/u, 'partial'],
  [/☐|⏳|🚧|🔜|🔲|⬜|🕐|📅|‚è≥|üöß/u, 'planned'],
];

/** A GFM task-list box at the start of a line or item text: `[x]` done, `[ ]` not done. */
export const TASK_BOX = /^\s*(?:[-*+]|\d+[.)])?\s*\[([ xX])\]\s+/;

/** Status words, strongest first; each matched as a whole word or phrase. */
const WORDS: [RegExp, Stance][] = [
  [
    /\b(not\s+(yet\s+)?(started|implemented|done|configured|available|supported|set\s*up|in\s+place|integrated|tested|ready|performed|production[- ]ready))\b/i,
    'absent',
  ],
  [
    /\b(coming\s+soon|planned|in\s+progress|wip|work\s+in\s+progress|to\s*do|todo|pending|scheduled|upcoming|next\s+up|on\s+the\s+roadmap)\b/i,
    'planned',
  ],
  [/\b(missing|absent|lacking|none|unimplemented|not\s+present|no\s+support)\b/i, 'absent'],
  [/\b(partial(ly)?|incomplete|limited|basic\s+only|in\s+part)\b/i, 'partial'],
  [
    /\b(done|complete[d]?|implemented|in\s+place|ready|production[- ]ready|shipped|enabled|configured|passing|available|live|finished|delivered|working)\b/i,
    'present',
  ],
];

/** The stance an emoji in `text` expresses, if any (the first emoji found wins). */
export function emojiStance(text: string): Stance | undefined {
  let best: { at: number; stance: Stance } | undefined;
  for (const [re, stance] of EMOJI) {
    const m = re.exec(text);
    if (m && (!best || m.index < best.at)) best = { at: m.index, stance };
  }
  return best?.stance;
}

/** The stance of a task box at the start of `text`: checked → present, unchecked → planned. */
export function taskStance(text: string): Stance | undefined {
  const m = TASK_BOX.exec(text);
  if (!m) return undefined;
  return m[1] === ' ' ? 'planned' : 'present';
}

/** The stance a short status text expresses in words ("Done", "Not started", "MISSING"). */
export function wordStance(text: string): Stance | undefined {
  for (const [re, stance] of WORDS) if (re.test(text)) return stance;
  return undefined;
}

/**
 * A status label at the start of a line: "MISSING: x", "**TODO**: x", "Not started — x", "No Dockerfile".
 * Returns the stance and the text after the label.
 */
export function leadingLabel(text: string): { stance: Stance; rest: string } | undefined {
  const t = text.replace(/^[\s*_`>]+/, '');
  const m =
    /^(missing|todo|to\s*do|not\s+(?:yet\s+)?(?:started|implemented|done|configured)|planned|coming\s+soon|wip|in\s+progress|pending|done|complete[d]?|implemented|partial(?:ly)?)\b[\s*_`]*[:—–-]\s*(.+)$/i.exec(
      t,
    );
  if (m) return { stance: wordStance(m[1]!) ?? 'absent', rest: m[2]!.trim() };
  // "No Dockerfile", "No rate limiting" (a negation as the first word of a list item).
  const no = /^(no|without|lacks?)\s+(.+)$/i.exec(t);
  if (no && !/^(no(t|ne)?\s+(longer|more|need|one|matter|issue))/i.test(t)) return { stance: 'absent', rest: no[2]! };
  return undefined;
}

/** Does a line carry any status marker (emoji, task box or leading status label)? Cheap: used to pre-filter files. */
export const MARKER_LINE =
  /(✅|✔|☑|🟢|❌|✖|✗|✘|🔴|⛔|⚠|🟡|☐|⏳|🚧|‚úÖ|‚ùå|‚ö†)|^\s*(?:[-*+]|\d+[.)])\s+\[[ xX]\]\s|^\s*(?:[-*+]|\d+[.)])?\s*[*_`]*(MISSING|TODO|Not started|Coming soon|Planned|Done|Complete[d]?|Implemented)\b[*_`]*\s*[:—–-]/iu;

/**
 * Headings that introduce a list of claims and the stance items under them take when they carry no marker (English,
 * and the German of status documents: "Offen", "Nächste Schritte", "Erledigt").
 */
const CONTEXT_HEADINGS: [RegExp, Stance][] = [
  [
    /\b(missing|gaps?|not\s+(yet\s+)?(implemented|done|ready|started)|what('?s|\s+is)\s+(missing|left|lacking)|critical\s+(issues|blockers|gaps)|blockers?|blocking|to\s+fix|must\s+fix|issues\s+to\s+address|known\s+issues|limitations)\b|\b(fehl(t|en|ende?)|noch\s+nicht\s+(implementiert|umgesetzt|erledigt|fertig)|l(ü|ue)cken|bekannte\s+probleme)(?![\p{L}])/iu,
    'absent',
  ],
  [
    /\b(roadmap|to\s*do|todo|planned|plan|phase\s*\d*|week\s*\d+|next\s+steps|what('?s|\s+is)\s+next|future|upcoming|coming\s+soon|backlog|in\s+progress|immediate\s+actions|action\s+items|quick\s+wins|enhancements|improvements|recommendations?|suggested|success\s+(metrics|criteria)|goals?|objectives)\b|\bopen\s+(items|tasks|points|todos)\b|\b(n(ä|ae)chste\s+schritte|offen(e\s+(punkte|aufgaben|todos))?|geplant|ausblick|in\s+(arbeit|bearbeitung))(?![\p{L}])/iu,
    'planned',
  ],
  [
    /\b(what\s+we\s+have|already\s+(have|built|done|production[- ]ready|in\s+place|implemented)|what('?s|\s+is)\s+(done|built|working|ready|in\s+place)|completed?|done|implemented|delivered|deliverables|in\s+place|production[- ]ready|achievements|accomplished|working)\b|\b(erledigt|abgeschlossen|fertig(gestellt)?|umgesetzte?|implementierte?|vorhanden)(?![\p{L}])/iu,
    'present',
  ],
];

/**
 * Headings of sections that can only list what is to come ("Next steps", "Suggested roadmap", "Success metrics"): a
 * tick there is a bullet style or a target, not a report that the item is done. "Roadmap" or "Phase 2" are not among
 * them: their ticks often do mark finished items.
 */
export const FUTURE_ONLY_HEADING =
  /\b(next\s+steps|what('?s|\s+is)\s+next|immediate\s+actions|action\s+items|suggested|recommend(ed|ations?)|success\s+(metrics|criteria)|goals?|objectives|future\s+(work|plans|improvements|enhancements|features)|wish\s*list)\b|\bn(ä|ae)chste\s+schritte(?![\p{L}])/iu;

/** The stance a heading gives the items under it ("What's Missing" → absent, "Roadmap" → planned). */
export function headingContext(title: string): Stance | undefined {
  const emoji = emojiStance(title);
  // "### Authentication ⚠️ CRITICAL": a warning sign on a heading flags a gap, it does not say "partly done".
  if (emoji) return emoji === 'partial' ? 'absent' : emoji;
  for (const [re, stance] of CONTEXT_HEADINGS) if (re.test(title)) return stance;
  return undefined;
}

/** The stance a heading's words give the items under it, emoji aside ("What's missing", "Roadmap", "Completed"). */
export function contextWords(title: string): Stance | undefined {
  for (const [re, stance] of CONTEXT_HEADINGS) if (re.test(title)) return stance;
  return undefined;
}

/** Headings of planning and status material (a section under one is never evidence of what it lists). */
export const PLANNING_HEADING =
  /\b(roadmap|to\s*do|todos|planned|planning|future\s+(work|plans|features)|coming\s+soon|next\s+steps|backlog|wish\s*list|known\s+(issues|gaps|limitations)|missing|gaps?|not\s+(yet\s+)?implemented|status|progress|checklist|action\s+items|immediate\s+actions|quick\s+wins|timeline|milestones?|phase\s*\d+|week\s*\d+|sprint\s*\d*|what'?s\s+(missing|left|next|done)|readiness\s+(plan|assessment|report|review)|production\s+readiness|current\s+state|assessment)\b|\b(n(ä|ae)chste\s+schritte|offene\s+(punkte|aufgaben)|erledigt|fortschritt)(?![\p{L}])/iu;

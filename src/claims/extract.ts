import type { List, ListItem, Nodes, Root, Table } from 'mdast';
import { endLineOf, lineOf, nodeText, parseMarkdown } from '../facts/markdown.js';
import {
  contextWords,
  emojiStance,
  FUTURE_ONLY_HEADING,
  headingContext,
  leadingLabel,
  type Stance,
  TASK_BOX,
  wordStance,
} from '../facts/status-markers.js';

/** One statement of a readiness document: a bullet, checkbox, table row, status line or status heading. */
export interface RawClaim {
  doc: string;
  line: number;
  /** The line as written (markup removed). */
  text: string;
  /** What the document says about the practice. */
  says: Stance;
  /** The practice named, with status markers and labels removed: what is matched to checks. */
  practice: string;
}

/** Lines of a range to read (a planning section of a guide); the whole document when absent. */
export interface LineRange {
  from: number;
  to: number;
}

const EMOJI_ANY =
  /✅|✔️?|☑️?|🟢|✓|❌|✖️?|✗|✘|🔴|⛔|🚫|⚠️?|🟡|🟠|☐|⏳|🚧|🔜|🔲|⬜|‚úÖ|‚ùå|‚ö†Ô∏è|‚è≥|üöß|[\u{1F300}-\u{1FAFF}]\uFE0F?/gu;
const CODE_STATUS = /^\s*(?:#|\/\/|--|;)\s*(MISSING|TODO|NOT IMPLEMENTED|DONE|IMPLEMENTED)\s*:\s*(.+)$/i;
/** "Rate limiting: done", "Backups — not started": a trailing status after a separator. */
const TRAILING = /^(.+?)\s*(?::|—|–|\s-\s|\|)\s*(.{1,40})$/;

/** "`GRAFANA_URL=your-url`", "`error_code` = one of: …": a line that sets a value is a detail, not a practice. */
const SETTING = /^`?[\w.-]+`?\s*=(?!=)/;

/** A trailing parenthesis that says the item is not done: "(needed)", "(todo)", "(planned)", "(not yet)". */
const STILL_TO_DO =
  /\((?:still\s+)?(?:needed|required|todo|to\s*do|planned|pending|not\s+yet(?:\s+\w+)?|missing|wip)\)\s*$/i;

/** Strips status markup from a line: emoji, task boxes, list numbers, emphasis leftovers, leading labels. */
export function cleanPractice(text: string): string {
  let t = text
    .replace(EMOJI_ANY, ' ')
    .replace(TASK_BOX, '')
    .replace(/\[[ xX]\]/g, ' ');
  const label = leadingLabel(t);
  if (label) t = label.rest;
  const trailing = TRAILING.exec(t.trim());
  if (trailing && trailing[2]!.split(/\s+/).length <= 4 && wordStance(trailing[2]!) && !/\d/.test(trailing[2]!))
    t = trailing[1]!;
  return t
    .replace(/^\s*(\d+[.)]|[-*+])\s+/, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s:—–-]+|[\s:—–-]+$/g, '')
    .trim();
}

/** The stance a line expresses by itself (marker, task box, label, or a short trailing status), if any. */
export function lineStance(text: string, checked?: boolean | null): Stance | undefined {
  if (checked === true) return 'present';
  if (checked === false) return 'planned';
  const task = TASK_BOX.exec(text);
  if (task) return task[1] === ' ' ? 'planned' : 'present';
  const emoji = emojiStance(text);
  // "✅ Linting (needed)": a tick on a list that a parenthesis takes back; the line says it is still to do.
  if (emoji === 'present' && STILL_TO_DO.test(text)) return 'planned';
  // "⚠️ Load testing not performed": a warning sign with words that say it is missing.
  if (emoji === 'partial') {
    const plain = text.replace(EMOJI_ANY, ' ');
    const w = leadingLabel(plain)?.stance ?? wordStance(plain);
    if (w === 'absent' || w === 'planned') return w;
  }
  if (emoji) return emoji;
  const label = leadingLabel(text);
  if (label) return label.stance;
  const trailing = TRAILING.exec(text.trim());
  if (trailing && trailing[2]!.split(/\s+/).length <= 4) {
    const s = wordStance(trailing[2]!);
    if (s && !/\d/.test(trailing[2]!)) return s;
  }
  return undefined;
}

interface HeadingCtx {
  depth: number;
  stance?: Stance;
  /** A status heading that is a claim itself: items under it do not take stances from headings above. */
  barrier?: boolean;
  /** "Next steps", "Success metrics": everything under it is to come, whatever its ticks say. */
  futureOnly?: boolean;
}

/**
 * A trailing text that reports a status ("done", "not started ✅"), not a phrase that starts with a status word used as
 * a verb or adjective: "Task 20: Complete test coverage (5 hours)" is a task to complete.
 */
function isStatusText(text: string): boolean {
  const t = text.trim();
  if (!wordStance(t) || /\d/.test(t) || t.split(/\s+/).length > 4) return false;
  return !/^(complete|implement|enable|configure|finish|deliver|ship)\s+(?!and\b|or\b|with\b|in\b|on\b)[a-z]/i.test(t);
}

/**
 * Extracts the claims of a Markdown document. A heading that carries a status ("What's missing", "✅ Done",
 * "Roadmap") gives its stance to the items under it that carry none; an item with nested items is a group, not a
 * claim, and its stance passes to them; a heading with a status and no items under it is a claim itself.
 */
export function extractClaims(
  doc: string,
  text: string,
  tree: Root = parseMarkdown(text),
  range?: LineRange,
): RawClaim[] {
  const out: RawClaim[] = [];
  const headings: HeadingCtx[] = [];
  const inRange = (n: Nodes): boolean => !range || (lineOf(n) >= range.from && lineOf(n) <= range.to);
  /** Under "Next steps" or "Success metrics" (up to a status heading): what is listed is still to come. */
  const future = (): boolean => {
    for (const h of [...headings].reverse()) {
      if (h.futureOnly) return true;
      if (h.barrier) return false;
    }
    return false;
  };
  const context = (): Stance | undefined => {
    // "## Success metrics / ### Production-ready:" — a target, not a report.
    if (future()) return 'planned';
    const stack = [...headings].reverse();
    for (const [k, h] of stack.entries()) {
      if (h.barrier) return undefined;
      // "# Week 5 complete ✅" titles the whole document: its sections (setup steps, examples, next steps) say what
      // they are themselves; only items right under the title take its stance.
      if (h.stance && h.depth === 1 && k > 0) return undefined;
      if (h.stance) return h.stance;
    }
    return undefined;
  };
  const push = (line: number, raw: string, says: Stance | undefined): void => {
    if (!says) return;
    const practice = cleanPractice(raw);
    if (!practice || practice.length < 3 || !/[a-z]/i.test(practice)) return;
    if (SETTING.test(practice)) return;
    out.push({ doc, line, text: raw.replace(/\s+/g, ' ').trim(), says, practice });
  };

  const itemText = (item: ListItem): string => {
    const first = item.children.find((c) => c.type === 'paragraph');
    return first ? nodeText(first) : '';
  };
  const visitList = (list: List, inherited: Stance | undefined): void => {
    // Under "Next steps" or "Success metrics", a list ticked throughout ("✅ Configure alerts", "✅ Load test in
    // staging") uses the tick as its bullet: the items are still to do. A checked box, or ticks beside other marks,
    // still report what is done.
    const ticksAreBullets =
      future() &&
      list.children.every((it) => it.checked !== true && [undefined, 'present'].includes(emojiStance(itemText(it))));
    for (const item of list.children) visitItem(item, inherited, ticksAreBullets);
  };
  const visitItem = (item: ListItem, inherited: Stance | undefined, ticksAreBullets = false): void => {
    const text = itemText(item);
    const stance = lineStance(text, item.checked);
    const own = ticksAreBullets && stance === 'present' ? 'planned' : stance;
    const nested = item.children.filter((c): c is List => c.type === 'list');
    if (nested.length) {
      // A group ("- ✅ **Observability**" with sub-items): its stance passes down; it is a claim only if no sub-item is.
      const before = out.length;
      for (const l of nested) visitList(l, own ?? inherited);
      if (out.length === before && inRange(item)) push(lineOf(item), text, own ?? inherited);
      return;
    }
    if (inRange(item)) push(lineOf(item), text, own ?? inherited);
    for (const c of item.children) if (c.type === 'code') visitCode(c.value, lineOf(c));
  };
  const visitTable = (table: Table): void => {
    const [head, ...rows] = table.children;
    if (!head) return;
    const headers = head.children.map((c) => nodeText(c).trim());
    const statusCol = headers.findIndex((h) =>
      /\b(status|state|done|ready|implemented|complete|progress|result)\b|✅/i.test(h),
    );
    for (const row of rows) {
      if (!inRange(row)) continue;
      const cells = row.children.map((c) => nodeText(c).trim());
      let col = statusCol;
      if (col < 0) col = cells.findIndex((c) => c.length <= 24 && (emojiStance(c) || TASK_BOX.test(`- ${c} x`)));
      // A row with fewer cells than the header has no status cell to read.
      if (col < 0 || cells[col] === undefined) continue;
      // "| Code | Description | Retryable |" with "✅ Yes": the mark answers the column's question about the row (is
      // this error retryable?), not whether the row's practice is in place.
      if (col !== statusCol && headers[col] && !wordStance(headers[col]!) && !emojiStance(headers[col]!)) continue;
      const says = lineStance(cells[col]!) ?? wordStance(cells[col]!);
      const practice = cells
        .filter((_, i) => i !== col && cells[i])
        .slice(0, 2)
        .join(' — ');
      push(lineOf(row), `${practice} | ${cells[col]}`, says);
      const last = out[out.length - 1];
      if (last && last.line === lineOf(row)) last.practice = cleanPractice(practice);
    }
  };
  const visitCode = (value: string, startLine: number): void => {
    value.split('\n').forEach((l, i) => {
      const m = CODE_STATUS.exec(l);
      const line = startLine + 1 + i;
      if (!m || (range && (line < range.from || line > range.to))) return;
      const says: Stance = /done|implemented/i.test(m[1]!) ? 'present' : 'absent';
      out.push({ doc, line, text: l.trim().replace(/^(#|\/\/|--|;)\s*/, ''), says, practice: cleanPractice(m[2]!) });
    });
  };

  const blocks = tree.children as Nodes[];
  for (let i = 0; i < blocks.length; i++) {
    const n = blocks[i]!;
    if (n.type === 'heading') {
      while (headings.length && headings[headings.length - 1]!.depth >= n.depth) headings.pop();
      const title = nodeText(n);
      const own = headingContext(title) ?? lineStance(title);
      // "## ✅ What's built" introduces claims; "## ✅ 2. Retry logic" or "## Backups — not started" is one, and the
      // unmarked lines under it are its details, not claims of their own.
      const trailing = TRAILING.exec(title.replace(EMOJI_ANY, '').trim());
      const labelled = !!trailing && isStatusText(trailing[2]!) && !contextWords(trailing[1]!);
      // A ticked heading over a list of its own marked tasks ("#### ✅ Authentication" then "- [ ] JWT") is a group.
      const next = blocks.slice(i + 1).findIndex((b) => b.type === 'heading');
      const markedTasks = blocks
        .slice(i + 1, next < 0 ? undefined : i + 1 + next)
        .some(
          (b) =>
            b.type === 'list' &&
            b.children.some((it) => it.checked === true || it.checked === false || !!lineStance(nodeText(it))),
        );
      const isClaim = !!own && (labelled || !contextWords(title)) && !markedTasks && !future();
      headings.push({
        depth: n.depth,
        stance: isClaim ? undefined : own,
        barrier: isClaim,
        futureOnly: FUTURE_ONLY_HEADING.test(title),
      });
      if (isClaim && inRange(n)) push(lineOf(n), title, own);
      continue;
    }
    if (n.type === 'list') {
      // "**What to implement:**" right before a list sets the stance of its items, like a heading.
      const prev = blocks[i - 1];
      const lead = prev?.type === 'paragraph' ? nodeText(prev).trim() : '';
      const leadStance = lead.length <= 60 && /:$/.test(lead) ? headingContext(lead) : undefined;
      const around = context();
      // "**Deliverables:**" under "Next steps" lists what is to be delivered: the section's plan wins.
      const planned = around === 'planned' || around === 'absent';
      visitList(n, leadStance === 'present' && planned ? around : (leadStance ?? around));
    } else if (n.type === 'table') visitTable(n);
    else if (n.type === 'code') visitCode(n.value, lineOf(n));
    else if (n.type === 'paragraph' && inRange(n)) {
      // Status lines: each line of a paragraph that starts or ends with a marker, or a label ("MISSING: x").
      const lines = nodeText(n).split('\n');
      lines.forEach((l, k) => {
        const t = l.trim();
        const label = /^[\s*_`]*(no|without|lacks?)\s/i.test(t) ? undefined : leadingLabel(t);
        const marked = emojiStance(t.slice(0, 3)) || emojiStance(t.slice(-3)) || TASK_BOX.test(t) || label;
        if (!marked || lineOf(n) + k > endLineOf(n)) return;
        push(lineOf(n) + k, t, lineStance(t));
      });
    }
  }
  return out;
}

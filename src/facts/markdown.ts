import type { Nodes, Root } from 'mdast';
import type { Event } from 'micromark-util-types';
import { lazy } from '../lazy.js';

// Loaded on the first Markdown read (src/lazy.ts).
const micromark = lazy<typeof import('micromark')>('micromark');
const gfmSyntax = lazy<typeof import('micromark-extension-gfm')>('micromark-extension-gfm');
const subtokenizer = lazy<typeof import('micromark-util-subtokenize')>('micromark-util-subtokenize');
const mdastFrom = lazy<typeof import('mdast-util-from-markdown')>('mdast-util-from-markdown');
const mdastGfm = lazy<typeof import('mdast-util-gfm')>('mdast-util-gfm');
const mdastText = lazy<typeof import('mdast-util-to-string')>('mdast-util-to-string');

const gfm = (): ReturnType<typeof import('micromark-extension-gfm').gfm> => gfmSyntax().gfm();
const mdText = (n: Nodes): string => mdastText().toString(n);

/** Markdown syntax trees (CommonMark + GFM tables and task lists) and the document structure readiness reads. */

export interface Section {
  title: string;
  /** 1-based line of the heading. */
  line: number;
  level: number;
  /** Body text up to the next heading of the same or a higher level. */
  body: string;
  bodyStart: number;
  /** Last line of the section (1-based, inclusive). */
  endLine: number;
}

export interface Link {
  text: string;
  target: string;
  line: number;
}

export const MARKDOWN_EXT = /\.(md|markdown|mdx|mdown|mkd)$/i;

/** Parses Markdown (MDX is read as Markdown: JSX becomes HTML nodes, the prose and headings stay). */
export function parseMarkdown(text: string): Root {
  try {
    return mdastFrom().fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [mdastGfm().gfmFromMarkdown()] });
  } catch {
    // micromark does not throw on any input we know of; a document it cannot read is treated as empty.
    return { type: 'root', children: [] };
  }
}

/** Visits every node depth-first with its ancestors (nearest last). */
export function walk(
  node: Nodes,
  visit: (n: Nodes, ancestors: Nodes[]) => boolean | undefined,
  ancestors: Nodes[] = [],
): void {
  if (visit(node, ancestors) === false) return;
  if ('children' in node) {
    const next = [...ancestors, node];
    for (const c of node.children) walk(c as Nodes, visit, next);
  }
}

export function lineOf(n: Nodes): number {
  return n.position?.start.line ?? 1;
}
export function endLineOf(n: Nodes): number {
  return n.position?.end.line ?? lineOf(n);
}

/** The text of a node (mdast-util-to-string). */
export function nodeText(n: Nodes): string {
  return mdText(n);
}

export interface Heading {
  title: string;
  line: number;
  level: number;
}

/** Tokens of a heading's text that make its title (as mdast-util-to-string reads the heading). */
const TITLE_TEXT = new Set(['data', 'characterEscapeValue', 'codeTextData', 'lineEnding']);
/** Tokens that add nothing to a title: markers, padding, and the wrappers of emphasis and code spans. */
const TITLE_SILENT = new Set([
  'atxHeadingSequence',
  'setextHeadingLine',
  'setextHeadingLineSequence',
  'whitespace',
  'linePrefix',
  'characterEscape',
  'escapeMarker',
  'codeText',
  'codeTextSequence',
  'codeTextPadding',
  'emphasis',
  'emphasisSequence',
  'emphasisText',
  'strong',
  'strongSequence',
  'strongText',
]);

/**
 * The headings of a Markdown document read from micromark's events, without building a syntax tree (about half the
 * cost of parseMarkdown, and no tree to collect). Exact for headings made of text, escapes, code spans and emphasis;
 * undefined when a heading holds anything else (a link, an image, HTML, a character reference, a hard break …) or
 * the document may have HTML headings: the caller then parses the document.
 */
export function markdownHeadings(text: string): Heading[] | undefined {
  if (/<h[1-6]/i.test(text)) return undefined;
  let events: Event[];
  try {
    const { parse, preprocess } = micromark();
    events = parse({ extensions: [gfm()] })
      .document()
      .write(preprocess()(text, undefined, true));
    // micromark's postprocess, except that inline text outside headings is left unread: the block structure (which
    // lines are headings, definitions, code) is all there is to know about the rest, and reading every paragraph's
    // inline syntax is most of the cost of a parse. Definitions are still read, so references in headings resolve.
    do keepHeadingTextOnly(events);
    while (!subtokenizer().subtokenize(events));
  } catch {
    return undefined;
  }
  const heads: Heading[] = [];
  let open:
    | { type: string; parts: string[]; line: number; level: number; inText: boolean; inCode: boolean }
    | undefined;
  // Indexed, the event's parts read by position: a `for … of` with a destructured event allocates an iterator and a
  // result object per event and per part (micromark gives an event per token, many thousands per document).
  for (let e = 0; e < events.length; e++) {
    const event = events[e]!;
    const kind = event[0];
    const token = event[1];
    const context = event[2];
    const type = token.type as string;
    if (!open) {
      if (kind === 'enter' && (type === 'atxHeading' || type === 'setextHeading'))
        open = { type, parts: [], line: token.start.line, level: 0, inText: false, inCode: false };
      continue;
    }
    if (type === open.type) {
      heads.push({ title: open.parts.join('').trim(), line: open.line, level: open.level });
      open = undefined;
    } else if (type === 'atxHeadingText' || type === 'setextHeadingText') {
      open.inText = kind === 'enter';
    } else if (type === 'codeText') {
      open.inCode = kind === 'enter';
    } else if (kind === 'enter') {
      if (type === 'atxHeadingSequence' && !open.level) open.level = context.sliceSerialize(token).length;
      else if (type === 'setextHeadingLineSequence')
        open.level = context.sliceSerialize(token).codePointAt(0) === 61 ? 1 : 2;
      if (TITLE_TEXT.has(type)) {
        // A line break inside a code span is not kept as written.
        if (type === 'lineEnding' && open.inCode) return undefined;
        if (open.inText) open.parts.push(context.sliceSerialize(token));
      } else if (!TITLE_SILENT.has(type)) return undefined;
    }
  }
  return heads;
}

/** Marks inline text outside heading text as already read (the whole chain of its chunks). */
function keepHeadingTextOnly(events: Event[]): void {
  let inHeading = 0;
  for (let e = 0; e < events.length; e++) {
    const kind = events[e]![0];
    const token = events[e]![1];
    const type = token.type as string;
    if (type === 'atxHeadingText' || type === 'setextHeadingText') inHeading += kind === 'enter' ? 1 : -1;
    else if (kind === 'enter' && token.contentType === 'text' && !inHeading)
      for (let t: typeof token | undefined = token; t; t = t.next) t.contentType = undefined;
  }
}

/** Sections of a Markdown document from its headings (in document order): each runs to the next of its level or higher. */
export function sectionsOfHeadings(text: string, heads: readonly Heading[]): Section[] {
  const lines = text.split(/\r?\n/);
  return heads.map((h, k) => {
    const next = heads.slice(k + 1).find((n) => n.level <= h.level);
    const end = next ? next.line - 1 : lines.length;
    return { ...h, bodyStart: h.line + 1, endLine: end, body: lines.slice(h.line, end).join('\n') };
  });
}

/** Headings of a Markdown document (ATX, setext and HTML `<hN>`) with their bodies. */
export function markdownSections(text: string, tree: Root = parseMarkdown(text)): Section[] {
  const heads: Heading[] = [];
  walk(tree, (n) => {
    if (n.type === 'heading') {
      heads.push({ title: mdText(n).trim(), line: lineOf(n), level: n.depth });
      return false;
    }
    if (n.type === 'html') {
      const m = /^<h([1-6])[^>]*>([\s\S]+?)<\/h\1>/i.exec(n.value.trim());
      if (m) heads.push({ title: m[2]!.replace(/<[^>]+>/g, '').trim(), line: lineOf(n), level: Number(m[1]) });
    }
    return undefined;
  });
  heads.sort((a, b) => a.line - b.line);
  return sectionsOfHeadings(text, heads);
}

/** Headings of reStructuredText / AsciiDoc / Org / plain-text documents (underlined or `=`-prefixed titles). */
export function plainSections(text: string): Section[] {
  const lines = text.split(/\r?\n/);
  const heads: { title: string; line: number; level: number }[] = [];
  let fence = false;
  lines.forEach((l, i) => {
    if (/^\s*(```|~~~|----\s*$)/.test(l)) fence = !fence;
    if (fence) return;
    const h = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(l) ?? /^(={1,6})\s+(.+)$/.exec(l);
    if (h) {
      heads.push({ title: h[2]!.trim(), line: i + 1, level: h[1]!.length });
    } else if (
      i > 0 &&
      lines[i - 1]!.trim() &&
      /^\s*(={3,}|-{3,}|~{3,}|\^{3,})\s*$/.test(l) &&
      !/^\s*[-=]/.test(lines[i - 1]!)
    ) {
      heads.push({ title: lines[i - 1]!.trim(), line: i, level: l.trim()[0] === '=' ? 1 : 2 });
    }
  });
  return heads.map((h, k) => {
    const next = heads.slice(k + 1).find((n) => n.level <= h.level);
    const end = next ? next.line - 1 : lines.length;
    return { ...h, bodyStart: h.line + 1, endLine: end, body: lines.slice(h.line, end).join('\n') };
  });
}

/** Sections of any documentation file, by its format. */
export function sections(text: string, file = 'x.md'): Section[] {
  return MARKDOWN_EXT.test(file) || !/\.(rst|adoc|asciidoc|org|txt)$/i.test(file)
    ? markdownSections(text)
    : plainSections(text);
}

/** Links of a Markdown document: inline links, reference definitions, images excluded, HTML `href`s. */
export function markdownLinks(text: string, tree: Root = parseMarkdown(text), firstLine = 1): Link[] {
  const out: Link[] = [];
  walk(tree, (n) => {
    if (n.type === 'link') out.push({ text: mdText(n), target: n.url, line: lineOf(n) + firstLine - 1 });
    else if (n.type === 'definition') out.push({ text: n.label ?? '', target: n.url, line: lineOf(n) + firstLine - 1 });
    else if (n.type === 'html')
      for (const m of n.value.matchAll(/<a\s[^>]*href=["']([^"']+)["'][^>]*>([^<]*)/gi))
        out.push({ text: m[2]!, target: m[1]!, line: lineOf(n) + firstLine - 1 });
    return undefined;
  });
  return out;
}

/** Links of any documentation file (reStructuredText `` `text <target>`_ `` included). */
export function links(text: string, firstLine = 1, file = 'x.md'): Link[] {
  if (MARKDOWN_EXT.test(file) || !/\.(rst|adoc|asciidoc|org|txt)$/i.test(file))
    return markdownLinks(text, undefined, firstLine);
  const out: Link[] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    for (const m of l.matchAll(/`([^`<]+)\s*<([^>]+)>`_/g))
      out.push({ text: m[1]!, target: m[2]!, line: firstLine + i });
    for (const m of l.matchAll(/\b(?:link|xref):([^[\s]+)\[([^\]]*)\]/g))
      out.push({ text: m[2]!, target: m[1]!, line: firstLine + i });
    for (const m of l.matchAll(/\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
      out.push({ text: m[1]!, target: m[2]!, line: firstLine + i });
  });
  return out;
}

/** Commands shown in fenced/indented code blocks, inline code and command-only blockquotes, each with its line. */
export function commands(text: string, firstLine = 1): { cmd: string; line: number }[] {
  const out: { cmd: string; line: number }[] = [];
  const lines = text.split(/\r?\n/);
  let fence = false;
  lines.forEach((l, i) => {
    const line = firstLine + i;
    if (/^\s*(```|~~~)/.test(l)) {
      fence = !fence;
      return;
    }
    if (fence || /^( {3,}|\t)\S/.test(l) || /^\s*\$\s+\S/.test(l)) {
      const cmd = l.trim().replace(/^\$\s+/, '');
      if (cmd) out.push({ cmd, line });
      return;
    }
    // A command set off as a blockquote (`> ./gradlew run`): the whole quoted line is the command.
    const quoted =
      /^\s*>\s*(?:\$\s+)?((?:\.\/|(?:npm|yarn|pnpm|npx|bun|go|cargo|docker|docker-compose|mvn|gradle|python3?|pip3?|uv|bundle|rails|bin\/\w+|make|java|dotnet|mix|php)\s)[^`]*?)\s*$/.exec(
        l,
      );
    if (quoted && !/[.!?:]$/.test(quoted[1]!)) out.push({ cmd: quoted[1]!, line });
    for (const m of l.matchAll(/`([^`]+)`/g)) out.push({ cmd: m[1]!.trim(), line });
  });
  return out;
}

/** Prose and code characters of a body, headings and blank lines excluded: how much a section really says. */
export function substance(body: string): number {
  return body
    .split(/\r?\n/)
    .filter((l) => l.trim() && !/^\s*(#|={3,}|-{3,}|```|~~~)/.test(l) && !/^\s*(<!--.*-->|\[!\[.*)\s*$/.test(l))
    .join(' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\s+/g, ' ')
    .trim().length;
}

/** Prose characters of a body outside diagrams: a mermaid/PlantUML block alone describes no design in words. */
export function proseSubstance(body: string): number {
  return substance(
    body.replace(/^\s*(```|~~~)\s*(mermaid|plantuml|puml|dot|graphviz)[\s\S]*?^\s*(```|~~~)\s*$/gim, ''),
  );
}

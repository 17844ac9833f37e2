import path from 'node:path';
import type { RepoIndex } from '../../src/sdk/index.js';

export interface Section {
  title: string;
  /** 1-based line of the heading. */
  line: number;
  level: number;
  /** Body text up to the next heading of the same or a higher level. */
  body: string;
  bodyStart: number;
}

export interface Link {
  text: string;
  target: string;
  line: number;
}

const README = /^readme(\.(md|markdown|mdx|rst|txt|adoc|org))?$/i;

/** The repository's main README: at the root, else docs/README.*. */
export function findReadme(repo: RepoIndex): string | undefined {
  const root = repo.files.filter((f) => !f.path.includes('/') && README.test(f.path)).map((f) => f.path);
  const pick = root.find((p) => /\.md$/i.test(p)) ?? root[0];
  if (pick) return pick;
  return repo.files.find((f) => /^(docs?|\.github)\/[^/]+$/.test(f.path) && README.test(path.posix.basename(f.path)))
    ?.path;
}

/** Headings of a Markdown / reStructuredText / AsciiDoc document with their bodies. */
export function sections(text: string): Section[] {
  const lines = text.split(/\r?\n/);
  const heads: { title: string; line: number; level: number }[] = [];
  let fence = false;
  lines.forEach((l, i) => {
    if (/^\s*(```|~~~)/.test(l)) fence = !fence;
    if (fence) return;
    const md = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(l) ?? /^(={1,6})\s+(.+)$/.exec(l);
    if (md) heads.push({ title: md[2]!.trim(), line: i + 1, level: md[1]!.length });
    else if (
      i > 0 &&
      lines[i - 1]!.trim() &&
      /^\s*(={3,}|-{3,}|~{3,}|\^{3,})\s*$/.test(l) &&
      !/^\s*[-=]/.test(lines[i - 1]!)
    ) {
      heads.push({ title: lines[i - 1]!.trim(), line: i, level: l.trim()[0] === '=' ? 1 : 2 });
    } else if (/^<h([1-6])[^>]*>(.+?)<\/h\1>/i.test(l.trim())) {
      const m = /^<h([1-6])[^>]*>(.+?)<\/h\1>/i.exec(l.trim())!;
      heads.push({ title: m[2]!.replace(/<[^>]+>/g, '').trim(), line: i + 1, level: Number(m[1]) });
    }
  });
  return heads.map((h, k) => {
    const next = heads.slice(k + 1).find((n) => n.level <= h.level);
    const end = next ? next.line - 1 : lines.length;
    return { ...h, bodyStart: h.line + 1, body: lines.slice(h.line, end).join('\n') };
  });
}

/** Commands shown in fenced/indented code blocks and inline code, each with its line. */
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
    for (const m of l.matchAll(/`([^`]+)`/g)) out.push({ cmd: m[1]!.trim(), line });
  });
  return out;
}

export function links(text: string, firstLine = 1): Link[] {
  const out: Link[] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    for (const m of l.matchAll(/\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
      out.push({ text: m[1]!, target: m[2]!, line: firstLine + i });
    for (const m of l.matchAll(/`([^`<]+)\s*<([^>]+)>`_/g))
      out.push({ text: m[1]!, target: m[2]!, line: firstLine + i });
    for (const m of l.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/g)) out.push({ text: '', target: m[1]!, line: firstLine + i });
  });
  return out;
}

/** Resolves a relative link against the document's folder to a file (or a README/index inside a folder). */
export function resolveLink(repo: RepoIndex, from: string, target: string): string | undefined {
  if (/^[a-z][a-z+.-]*:/i.test(target) || target.startsWith('#')) return undefined;
  const clean = decodeURIComponent(target.split('#')[0]!.split('?')[0]!);
  if (!clean) return undefined;
  const p = clean.startsWith('/')
    ? clean.slice(1)
    : path.posix.normalize(path.posix.join(path.posix.dirname(from), clean));
  const rel = p.replace(/\/$/, '');
  if (repo.has(rel)) return rel;
  if (repo.hasDir(rel))
    return (
      repo.files.find(
        (f) => f.path.startsWith(`${rel}/`) && /^(readme|index)\.(md|rst|adoc)$/i.test(path.posix.basename(f.path)),
      )?.path ?? `${rel}/`
    );
  return undefined;
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

export interface DocHit {
  path: string;
  line: number;
  note: string;
  strong: boolean;
}

/**
 * Finds a dedicated document (by path) or a README section (by heading) on a topic.
 * A hit is `strong` when it has real content (at least `min` characters of text beyond its headings).
 */
export function findTopicDocs(
  repo: RepoIndex,
  opts: { files: RegExp; heading: RegExp; min?: number; label: string },
): DocHit[] {
  const min = opts.min ?? 120;
  const hits: DocHit[] = [];
  for (const f of repo.files) {
    if (!opts.files.test(f.path)) continue;
    if (!/\.(md|markdown|mdx|rst|txt|adoc|org)$/i.test(f.path) && path.posix.extname(f.path) !== '') continue;
    const text = repo.read(f.path);
    if (text === undefined) continue;
    const n = substance(text);
    hits.push({
      path: f.path,
      line: 1,
      note: n >= min ? `${opts.label}: ${f.path}` : `${opts.label} ${f.path} is a stub (${n} characters)`,
      strong: n >= min,
    });
  }
  const readme = findReadme(repo);
  const docs = [
    readme,
    ...repo.files
      .filter((f) => /^docs?\/[^/]+\.(md|rst|adoc)$/i.test(f.path) && /readme|index/i.test(f.path))
      .map((f) => f.path),
  ].filter((p): p is string => !!p);
  for (const p of [...new Set(docs)]) {
    // docs.architecture, docs.deployment and docs.runbook each ask about the same README: split it into sections once.
    for (const s of repo.memo(`docs-markdown:sections:${p}`, () => sections(repo.read(p) ?? ''))) {
      if (!opts.heading.test(s.title)) continue;
      const n = substance(s.body);
      hits.push({
        path: p,
        line: s.line,
        note: n >= min ? `${opts.label}: section "${s.title}"` : `section "${s.title}" says little (${n} characters)`,
        strong: n >= min,
      });
    }
  }
  return hits.sort((a, b) => Number(b.strong) - Number(a.strong));
}

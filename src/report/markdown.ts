import path from 'node:path';
import type { Report } from './schema.js';
import { describeCoverage } from './coverage.js';
import { LEVEL_NAMES } from './score.js';
import { CATEGORIES } from '../sdk/types.js';

/**
 * A compact Markdown summary for a PR comment or a GitHub step summary: score, level, the gaps that block the next
 * level, failed gates, and every finding in a collapsible <details>.
 */

type Finding = Report['findings'][number];

export interface MarkdownOptions {
  /** Gate results to list (failed ones are shown). */
  gates?: readonly { name: string; passed: boolean; message: string }[];
  /** Size budget in characters (default: fits a GitHub comment). */
  maxChars?: number;
}

const MAX_CHARS = 60_000;

/** Text safe inside a table cell: no pipes or newlines, no raw HTML. */
function cell(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>');
}

/** A code span safe inside a table cell (entities are not decoded in code, so only pipes and backticks change). */
function code(s: string): string {
  return `\`${s
    .replace(/[\u0000-\u001F\u007F]/g, ' ')
    .replace(/`/g, "'")
    .replace(/\|/g, '\\|')}\``;
}

function where(f: Finding): string {
  const found = f.evidence.find((e) => e.kind === 'found' || e.path !== '.');
  if (found) return code(`${found.path}${found.line ? `:${found.line}` : ''}`);
  const searched = f.evidence.flatMap((e) => e.searched ?? []);
  if (searched.length)
    return `searched: ${searched.slice(0, 3).map(code).join(', ')}${searched.length > 3 ? ', …' : ''}`;
  return '';
}

function statusIcon(f: Finding): string {
  if (f.status === 'gap' && f.waived) return '〰️ waived';
  return { pass: '✅ pass', gap: '❌ gap', 'n/a': '➖ n/a', error: '⚠️ error' }[f.status];
}

const CATEGORY_ORDER = new Map<string, number>(CATEGORIES.map((c, i) => [c, i]));
const STATUS_ORDER: Record<string, number> = { gap: 0, error: 1, pass: 2, 'n/a': 3 };

function sorted(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      (CATEGORY_ORDER.get(a.category) ?? 99) - (CATEGORY_ORDER.get(b.category) ?? 99) ||
      STATUS_ORDER[a.status]! + (a.waived ? 0.5 : 0) - (STATUS_ORDER[b.status]! + (b.waived ? 0.5 : 0)) ||
      a.level - b.level ||
      a.ruleId.localeCompare(b.ruleId) ||
      (a.component ?? '').localeCompare(b.component ?? ''),
  );
}

/** A component's name in a findings table, or the repository for a repository-wide finding. */
function componentCell(f: Finding): string {
  return f.component ? code(f.component) : '_repository_';
}

/** A table's header row and separator; a column given as `false` is left out (Component in a one-component report). */
function tableHeader(columns: (string | false)[]): string[] {
  const names = columns.filter((c): c is string => c !== false);
  return [`| ${names.join(' | ')} |`, `|${names.map(() => ' --- |').join('')}`];
}

/** The components of a report with several, each with its score and level (components only present last). */
function componentTable(report: Report): string[] {
  const comps = [...(report.components ?? [])].sort((a, b) => Number(b.deployed) - Number(a.deployed));
  const out = tableHeader(['Component', 'Path', 'Target', 'Score', 'Level', 'Gaps']);
  for (const c of comps) {
    const gaps = report.findings.filter((f) => f.component === c.id && f.status === 'gap' && !f.waived).length;
    const level = c.level.value === null ? 'n/a' : `${c.level.value} ${c.level.name}`;
    out.push(
      `| ${code(c.id)}${c.deployed ? '' : ' (only present, not scored)'} | ${code(c.path)} | ${c.target} | ${c.score ?? 'n/a'} | ${level} | ${gaps} |`,
    );
  }
  return out;
}

export function formatMarkdown(report: Report, opts: MarkdownOptions = {}): string {
  const multi = (report.components?.length ?? 0) > 1;
  const out: string[] = [];
  const lvl = report.level;
  const score = report.score === null ? 'not assessed' : `${report.score}/100`;
  const level = lvl.value === null ? 'no level' : `level ${lvl.value} ${lvl.name}`;
  out.push(`### readiness: ${score} · ${level}`);
  out.push('');
  const t = report.target;
  const k = report.counts;
  const meta = [
    `\`${cell(path.basename(t.root) || t.root)}\``,
    t.ref ? `ref \`${cell(t.ref)}\`` : undefined,
    t.commit ? `commit \`${t.commit.slice(0, 7)}\`` : undefined,
    t.branch ? `branch \`${cell(t.branch)}\`` : undefined,
    `${k.pass} passed, ${k.gap} gap${k.gap === 1 ? '' : 's'}${k.waived ? `, ${k.waived} waived` : ''}, ${k.na} n/a${k.error ? `, ${k.error} rule error${k.error === 1 ? '' : 's'}` : ''}`,
  ].filter(Boolean);
  out.push(meta.join(' · '));
  out.push('');
  if (report.coverage) {
    const cov = describeCoverage(report.coverage);
    out.push(`**Coverage:** ${cell(cov.summary)}`);
    if (cov.unread.length) out.push(`- not read: ${cov.unread.map((u) => cell(u)).join(', ')}`);
    for (const g of cov.git) out.push(`- ${cell(g)}`);
    out.push('');
  }

  if (multi) out.push(...componentTable(report), '');

  if (lvl.next) {
    const blockers = new Set(lvl.next.blockers);
    const gaps = sorted(report.findings.filter((f) => blockers.has(f.ruleId) && f.status === 'gap' && !f.waived));
    out.push(
      `**Next: level ${lvl.next.level} ${lvl.next.name}** — blocked by ${gaps.length} gap${gaps.length === 1 ? '' : 's'}:`,
    );
    out.push('');
    out.push(...tableHeader(['Rule', multi && 'Component', 'Severity', 'Finding', 'Where']));
    for (const f of gaps)
      out.push(
        `| ${ruleRef(f)} |${multi ? ` ${componentCell(f)} |` : ''} ${f.severity} · L${f.level} | ${cell(f.message)} | ${where(f)} |`,
      );
    out.push('');
  } else if (lvl.value !== null) {
    out.push(`Every applicable rule passes up to level 3 (${LEVEL_NAMES[3]}).`);
    out.push('');
  }

  const failed = (opts.gates ?? []).filter((g) => !g.passed);
  if (failed.length) {
    out.push('**Failed gates**');
    out.push('');
    for (const g of failed) out.push(`- ❌ \`${g.name}\`: ${cell(g.message)}`);
    out.push('');
  } else if (opts.gates?.length) {
    out.push(`All ${opts.gates.length} gate${opts.gates.length === 1 ? '' : 's'} passed.`);
    out.push('');
  }

  const cats = report.categories.map((c) => `${c.id} ${c.score === null ? 'n/a' : c.score}`).join(' · ');
  out.push(`<details><summary>All ${report.findings.length} findings${cats ? ` — ${cell(cats)}` : ''}</summary>`);
  out.push('');
  out.push(...tableHeader(['Status', 'Rule', multi && 'Component', 'Category', 'Severity', 'Finding', 'Where']));
  const rows = sorted(report.findings).map((f) => {
    const msg = f.waived
      ? `${f.message} — waived${f.waived.expires ? ` until ${f.waived.expires}` : ''}: ${f.waived.reason}`
      : f.message;
    return {
      f,
      line: `| ${statusIcon(f)} | ${ruleRef(f)} |${multi ? ` ${componentCell(f)} |` : ''} ${f.category} | ${f.severity} · L${f.level} | ${cell(msg)} | ${f.status === 'n/a' ? '' : where(f)} |`,
    };
  });
  // A PR comment holds at most 65,536 characters: past the budget, passes and n/a go first, then the tail.
  const budget = (opts.maxChars ?? MAX_CHARS) - out.join('\n').length - 200;
  let kept = rows;
  if (rows.reduce((n, r) => n + r.line.length + 1, 0) > budget)
    kept = rows.filter((r) => r.f.status === 'gap' || r.f.status === 'error');
  let used = 0;
  const shown = kept.filter((r) => (used += r.line.length + 1) <= budget);
  out.push(...shown.map((r) => r.line));
  if (shown.length < rows.length) {
    out.push('');
    out.push(
      `_${rows.length - shown.length} more finding${rows.length - shown.length === 1 ? '' : 's'} left out to fit a comment; \`-f json\` has them all._`,
    );
  }
  out.push('');
  out.push('</details>');
  return `${out.join('\n')}\n`;
}

/** The rule id, linked to its documentation page when the finding has one. */
function ruleRef(f: { ruleId: string; docsUrl?: string }): string {
  return f.docsUrl ? `[\`${f.ruleId}\`](${f.docsUrl})` : `\`${f.ruleId}\``;
}

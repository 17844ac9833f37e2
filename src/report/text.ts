import { Chalk, type ChalkInstance } from 'chalk';
import type { Report } from './schema.js';
import { LEVEL_NAMES } from './score.js';
import { sortFindings } from './build.js';
import { describeCoverage } from './coverage.js';
import { printable } from '../printable.js';
import type { Finding } from '../sdk/types.js';

export interface TextOptions {
  color: boolean;
  /** Show passes' evidence and n/a reasons too. */
  verbose?: boolean;
  /** Extra lines printed after the summary (plan progress, gate results). */
  footer?: string[];
}

const BAR_WIDTH = 20;

function bar(c: ChalkInstance, score: number | null): string {
  if (score === null) return c.dim('·'.repeat(BAR_WIDTH));
  const filled = Math.round((score / 100) * BAR_WIDTH);
  const colour = score >= 80 ? c.green : score >= 50 ? c.yellow : c.red;
  return colour('█'.repeat(filled)) + c.dim('░'.repeat(BAR_WIDTH - filled));
}

function scoreText(c: ChalkInstance, score: number | null): string {
  if (score === null) return c.dim(' n/a');
  const colour = score >= 80 ? c.green : score >= 50 ? c.yellow : c.red;
  return colour(String(score).padStart(4));
}

function statusMark(c: ChalkInstance, f: Finding): string {
  if (f.status === 'gap' && f.waived) return c.blue('~');
  switch (f.status) {
    case 'pass':
      return c.green('✓');
    case 'gap':
      return c.red('✗');
    case 'n/a':
      return c.dim('–');
    case 'error':
      return c.magenta('!');
  }
}

function evidenceLines(c: ChalkInstance, f: Finding, indent: string): string[] {
  const out: string[] = [];
  for (const e of f.evidence.slice(0, 6)) {
    if (e.kind === 'found') {
      const loc = printable(e.line ? `${e.path}:${e.line}` : e.path);
      out.push(`${indent}${c.cyan(loc)}  ${e.excerpt ? c.dim(e.excerpt) + '  ' : ''}${c.italic(e.note)}`);
    } else {
      out.push(
        e.searched?.length
          ? `${indent}${c.dim('searched:')} ${e.searched.join(', ')}${e.note ? c.dim(` — ${e.note}`) : ''}`
          : `${indent}${c.dim(e.note)}`,
      );
    }
  }
  if (f.evidence.length > 6) out.push(`${indent}${c.dim(`… and ${f.evidence.length - 6} more`)}`);
  return out;
}

function findingLines(c: ChalkInstance, f: Finding, opts: TextOptions): string[] {
  const lines: string[] = [];
  const head = `  ${statusMark(c, f)} ${f.ruleId.padEnd(30)}`;
  if (f.status === 'gap') {
    lines.push(
      `${head} ${c.dim(`[${f.severity}, L${f.level}, effort ${f.effort}${f.confidence === 'low' ? ', low confidence' : ''}]`)}`,
    );
    lines.push(`      ${f.message}`);
    if (f.waived)
      lines.push(
        `      ${c.blue(`waived: ${f.waived.reason}${f.waived.expires ? ` (until ${f.waived.expires})` : ''}`)}`,
      );
    lines.push(...evidenceLines(c, f, '      '));
    for (const fix of f.remediation ?? []) lines.push(`      ${c.green('fix:')} ${fix}`);
  } else if (f.status === 'error') {
    lines.push(`${head} ${c.magenta(f.message)}`);
  } else if (f.status === 'pass') {
    const first = f.evidence.find((e) => e.kind === 'found');
    const loc = first ? c.dim(printable(`${first.path}${first.line ? `:${first.line}` : ''}`)) : '';
    lines.push(`${head} ${loc}${f.confidence === 'low' ? c.yellow(' (low confidence)') : ''}`);
    if (opts.verbose) {
      lines.push(`      ${c.dim(f.message)}`);
      lines.push(...evidenceLines(c, f, '      '));
    }
  } else {
    lines.push(`${head} ${c.dim(f.message)}`);
  }
  return lines;
}

type Component = NonNullable<Report['components']>[number];

/** One line per component: score, level, open gaps, target and folder; components only present last, dimmed. */
function componentTable(c: ChalkInstance, report: Report): string[] {
  const comps = [...report.components!].sort((a, b) => Number(b.deployed) - Number(a.deployed));
  const deployed = comps.filter((x) => x.deployed).length;
  const idWidth = Math.max(9, ...comps.map((x) => x.id.length));
  const levelText = (x: Component) => (x.level.value === null ? 'n/a' : `${x.level.value} ${x.level.name}`);
  const levelWidth = Math.max(5, ...comps.map((x) => levelText(x).length));
  const targetWidth = Math.max(6, ...comps.map((x) => x.target.length));
  // Its own open gaps (the repository-wide ones are listed once, above every component).
  const gaps = (x: Component) =>
    report.findings.filter((f) => f.component === x.id && f.status === 'gap' && !f.waived).length;
  const lines = [
    c.bold(
      `Components (${comps.length}${deployed < comps.length ? `, ${deployed} deployed, ${comps.length - deployed} only present` : ''})`,
    ),
    c.dim(
      `  ${'COMPONENT'.padEnd(idWidth)}  SCORE  ${'LEVEL'.padEnd(levelWidth)}  GAPS  ${'TARGET'.padEnd(targetWidth)}  PATH`,
    ),
  ];
  for (const x of comps) {
    const row = `  ${printable(x.id).padEnd(idWidth)}  ${scoreText(c, x.score)}   ${levelText(x).padEnd(levelWidth)}  ${String(gaps(x)).padStart(4)}  ${x.target.padEnd(targetWidth)}  ${printable(x.path)}`;
    lines.push(x.deployed ? row : c.dim(`${row}  (only present: not in the repository score)`));
  }
  return lines;
}

/** The findings of a report with several components: the repository-wide ones, then each component's. */
function componentSections(c: ChalkInstance, report: Report, opts: TextOptions): string[] {
  const lines: string[] = [];
  const sorted = sortFindings(report.findings as Finding[]);
  const section = (title: string, fs: Finding[]) => {
    lines.push(c.bold(title));
    const shown = fs.filter((f) => f.status === 'gap' || f.status === 'error' || opts.verbose);
    for (const f of shown) lines.push(...findingLines(c, f, opts));
    const pass = fs.filter((f) => f.status === 'pass').length;
    const na = fs.filter((f) => f.status === 'n/a').length;
    if (!opts.verbose && pass + na) lines.push(c.dim(`  ${pass} passed, ${na} not applicable (--verbose lists them)`));
    lines.push('');
  };
  section(
    '── repository-wide',
    sorted.filter((f) => !f.component),
  );
  for (const x of report.components!) {
    const score = x.score === null ? 'n/a' : `${x.score}/100`;
    const level = x.level.value === null ? '' : `, level ${x.level.value} ${x.level.name}`;
    section(
      `── ${printable(x.id)} (${printable(x.path)}) · ${x.kind}, ${x.stack}, ${x.target}${x.deployed ? '' : ', only present'} · ${score}${level}`,
      sorted.filter((f) => f.component === x.id),
    );
  }
  return lines;
}

export function formatText(report: Report, opts: TextOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const lines: string[] = [];
  const t = report.target;
  const where = [
    t.ref ? `ref ${t.ref}` : undefined,
    t.commit ? `commit ${t.commit.slice(0, 7)}` : undefined,
    t.branch ? `on ${t.branch}` : undefined,
    t.dirty ? 'uncommitted changes' : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  lines.push(`${c.bold('readiness')} ${report.tool.version} — ${t.root}${where ? c.dim(` (${where})`) : ''}`);
  if (report.project) {
    const p = report.project;
    const stack = [...p.languages.slice(0, 3), ...p.frameworks].join(', ');
    lines.push(c.dim(`project: ${p.kind}${stack ? ` · ${stack}` : ''} — ${p.reason}`));
  }
  lines.push('');

  const byCategory = new Map<string, Finding[]>();
  for (const f of sortFindings(report.findings as Finding[]))
    byCategory.set(f.category, [...(byCategory.get(f.category) ?? []), f]);

  // Several components: a score table first, the category bars, then the findings grouped by component.
  const multi = (report.components?.length ?? 0) > 1;
  if (multi) lines.push(...componentTable(c, report), '');
  for (const cat of report.categories) {
    const fs = byCategory.get(cat.id) ?? [];
    const counts = [
      `${cat.passed} pass`,
      cat.gaps ? c.red(`${cat.gaps} gap${cat.gaps > 1 ? 's' : ''}`) : undefined,
      cat.waived ? `${cat.waived} waived` : undefined,
      cat.na ? `${cat.na} n/a` : undefined,
      cat.errors ? c.magenta(`${cat.errors} error`) : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(`${c.bold(cat.id.padEnd(14))} ${bar(c, cat.score)} ${scoreText(c, cat.score)}  ${c.dim(counts)}`);
    if (multi) continue;
    for (const f of fs) lines.push(...findingLines(c, f, opts));
    lines.push('');
  }
  if (multi) lines.push('', ...componentSections(c, report, opts));

  if (report.coverage) {
    const cov = describeCoverage(report.coverage);
    const pad = ' '.repeat(10);
    lines.push(`${c.bold('Coverage')}  ${report.coverage.unread.total ? c.yellow(cov.summary) : c.dim(cov.summary)}`);
    if (cov.unread.length) lines.push(`${pad}${c.dim('not read:')} ${cov.unread.join(', ')}`);
    for (const g of cov.git) lines.push(`${pad}${c.yellow(g)}`);
    lines.push('');
  }

  const lvl = report.level;
  const scoreLine =
    report.score === null
      ? `${c.bold('Score')}  ${c.yellow('not assessed')} — no rule applies to this project`
      : `${c.bold('Score')}  ${scoreText(c, report.score).trim()}/100`;
  lines.push(scoreLine);
  if (lvl.value !== null) {
    lines.push(`${c.bold('Level')}  ${lvl.value} ${lvl.name}`);
    if (lvl.next) {
      const n = lvl.next.blockers.length;
      lines.push(
        `${c.bold('Next')}   ${lvl.next.level} ${lvl.next.name} — blocked by ${n} gap${n === 1 ? '' : 's'}: ${lvl.next.blockers.join(', ')}`,
      );
    } else {
      lines.push(c.green(`Every applicable rule passes up to level 3 (${LEVEL_NAMES[3]}).`));
    }
  }
  const k = report.counts;
  lines.push(
    c.dim(
      `${k.pass} passed, ${k.gap} gaps, ${k.na} not applicable${k.waived ? `, ${k.waived} waived` : ''}${k.error ? `, ${k.error} rule errors` : ''}`,
    ),
  );
  for (const l of opts.footer ?? []) lines.push(l);
  return lines.join('\n') + '\n';
}

import { describeCoverage } from './coverage.js';
import type { Report } from './schema.js';
import { categoryOrder } from './score.js';

/**
 * JUnit XML for CI test reporters: a <testsuite> per category, a <testcase> per rule. Open gaps are <failure> (type =
 * severity), rule errors <error>, n/a and waived gaps <skipped> with the reason; passes are plain test cases.
 */

type Finding = Report['findings'][number];

// Characters XML 1.0 does not allow at all (C0 controls other than tab, LF, CR; lone surrogates; U+FFFE/U+FFFF).
const INVALID_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for an XML attribute or element (attributes also keep their newlines as character references). */
export function xmlEscape(s: string, attribute = false): string {
  const out = s.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return attribute
    ? out
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&apos;')
        .replace(/\n/g, '&#10;')
        .replace(/\r/g, '&#13;')
        .replace(/\t/g, '&#9;')
    : out;
}

function attrs(a: Record<string, string | number | undefined>): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v), true)}"`)
    .join('');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function details(f: Finding): string {
  const lines = [f.message];
  for (const e of f.evidence) {
    if (e.kind === 'found')
      lines.push(`  at ${e.path}${e.line ? `:${e.line}` : ''}${e.excerpt ? `  ${e.excerpt}` : ''} — ${e.note}`);
    else lines.push(`  searched: ${e.searched?.join(', ') ?? e.path}${e.note ? ` — ${e.note}` : ''}`);
  }
  for (const fix of f.remediation ?? []) lines.push(`fix: ${fix}`);
  return lines.join('\n');
}

function testcase(f: Finding, multi: boolean): string {
  // Several components: a component-scoped finding names its component (each verdict is a test case of its own).
  const name = multi && f.component ? `${f.ruleId} [${f.component}]: ${f.title}` : `${f.ruleId}: ${f.title}`;
  const head = `    <testcase${attrs({ classname: `readiness.${f.category}`, name, time: seconds(f.durationMs) })}`;
  if (f.status === 'pass') return `${head}/>`;
  let body: string;
  if (f.status === 'gap' && f.waived) {
    body = `<skipped${attrs({ message: `waived${f.waived.expires ? ` until ${f.waived.expires}` : ''}: ${f.waived.reason}` })}/>`;
  } else if (f.status === 'gap') {
    body = `<failure${attrs({ message: f.message, type: f.severity })}>${xmlEscape(details(f))}</failure>`;
  } else if (f.status === 'n/a') {
    body = `<skipped${attrs({ message: f.message })}/>`;
  } else {
    body = `<error${attrs({ message: f.message, type: 'rule-error' })}>${xmlEscape(f.message)}</error>`;
  }
  return `${head}>\n      ${body}\n    </testcase>`;
}

export function formatJunit(report: Report): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const suites: string[] = [];
  let total = 0,
    failures = 0,
    errors = 0,
    skipped = 0,
    ms = 0;
  const multi = (report.components?.length ?? 0) > 1;
  for (const cat of categoryOrder(report.findings)) {
    const fs = report.findings
      .filter((f) => f.category === cat)
      .sort((a, b) => a.ruleId.localeCompare(b.ruleId) || (a.component ?? '').localeCompare(b.component ?? ''));
    if (fs.length === 0) continue;
    const c = {
      tests: fs.length,
      failures: fs.filter((f) => f.status === 'gap' && !f.waived).length,
      errors: fs.filter((f) => f.status === 'error').length,
      skipped: fs.filter((f) => f.status === 'n/a' || (f.status === 'gap' && f.waived)).length,
      ms: fs.reduce((s, f) => s + f.durationMs, 0),
    };
    total += c.tests;
    failures += c.failures;
    errors += c.errors;
    skipped += c.skipped;
    ms += c.ms;
    suites.push(
      `  <testsuite${attrs({ name: cat, tests: c.tests, failures: c.failures, errors: c.errors, skipped: c.skipped, time: seconds(c.ms) })}>`,
    );
    for (const f of fs) suites.push(testcase(f, multi));
    suites.push('  </testsuite>');
  }
  out.push(`<testsuites${attrs({ name: 'readiness', tests: total, failures, errors, skipped, time: seconds(ms) })}>`);
  // The coverage block: JUnit has no place for it on <testsuites>, so it is a suite of its own whose properties name
  // what was not read (it holds no test, so it changes no count).
  if (report.coverage) {
    const cov = describeCoverage(report.coverage);
    const props = [
      ['coverage', cov.summary],
      ...cov.unread.map((u) => ['not-read', u]),
      ...cov.git.map((g) => ['git', g]),
    ];
    out.push(`  <testsuite${attrs({ name: 'coverage', tests: 0, failures: 0, errors: 0, skipped: 0, time: '0' })}>`);
    out.push('    <properties>');
    for (const [name, value] of props) out.push(`      <property${attrs({ name: name!, value: value! })}/>`);
    out.push('    </properties>');
    out.push('  </testsuite>');
  }
  out.push(...suites);
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

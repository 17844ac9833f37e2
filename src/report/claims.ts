import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Claim } from './schema.js';
import { encodeUri } from './sarif.js';

/** Formats of `readiness claims`: per document the counts, then each refuted, partial and outdated claim. */

export interface ClaimsView {
  root: string;
  toolVersion: string;
  documents: { doc: string; why: string; counts: Record<Claim['verdict'], number> }[];
  claims: Claim[];
}

export interface ClaimsTextStyle {
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const SHOWN: Claim['verdict'][] = ['refuted', 'partial', 'outdated'];
const ORDER: Claim['verdict'][] = ['refuted', 'partial', 'outdated', 'confirmed', 'unverifiable'];
const MARK: Record<Claim['verdict'], string> = {
  refuted: '✗',
  partial: '~',
  outdated: '↻',
  confirmed: '✓',
  unverifiable: '?',
};

const where = (c: Claim): string =>
  c.evidence
    .filter((e) => e.kind === 'found')
    .slice(0, 2)
    .map((e) => `${e.path}${e.line ? `:${e.line}` : ''}`)
    .join(', ');

const countsLine = (counts: Record<Claim['verdict'], number>): string =>
  ORDER.filter((v) => counts[v])
    .map((v) => `${counts[v]} ${v}`)
    .join(', ');

export function formatClaimsText(view: ClaimsView, style: ClaimsTextStyle, verbose = false): string {
  if (!view.claims.length)
    return `No readiness claims found: no status, planning or checklist document, and no planning section with status markers.\n`;
  const paint: Record<Claim['verdict'], (s: string) => string> = {
    refuted: style.red,
    partial: style.yellow,
    outdated: style.yellow,
    confirmed: style.green,
    unverifiable: style.dim,
  };
  const out: string[] = [];
  for (const d of view.documents) {
    const claims = view.claims.filter((c) => c.doc === d.doc);
    out.push(`${style.bold(d.doc)}  ${claims.length} claims: ${countsLine(d.counts)}`);
    for (const c of claims) {
      if (!verbose && !SHOWN.includes(c.verdict)) continue;
      out.push(
        `  ${paint[c.verdict](`${MARK[c.verdict]} ${c.verdict.padEnd(12)}`)} ${style.dim(`L${c.line}`)} ${c.text}`,
      );
      out.push(style.dim(`      says ${c.says}; ${c.reason}`));
    }
    out.push('');
  }
  const total = Object.fromEntries(ORDER.map((v) => [v, view.claims.filter((c) => c.verdict === v).length])) as Record<
    Claim['verdict'],
    number
  >;
  out.push(`${view.claims.length} claims in ${view.documents.length} document(s): ${countsLine(total)}`);
  if (!verbose) out.push(style.dim('confirmed and unverifiable claims are listed with -v'));
  return `${out.join('\n')}\n`;
}

export function formatClaimsJson(view: ClaimsView): string {
  return `${JSON.stringify({ documents: view.documents, claims: view.claims }, null, 2)}\n`;
}

export function formatClaimsMarkdown(view: ClaimsView): string {
  if (!view.claims.length) return '### Readiness claims\n\nNo status, planning or checklist documents found.\n';
  const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const out = ['### Readiness claims', ''];
  for (const d of view.documents) {
    out.push(`**${d.doc}**: ${countsLine(d.counts)}`, '');
    const shown = view.claims.filter((c) => c.doc === d.doc && SHOWN.includes(c.verdict));
    if (!shown.length) continue;
    out.push('| line | claim | says | verdict | why |', '| --- | --- | --- | --- | --- |');
    for (const c of shown)
      out.push(
        `| ${c.line} | ${cell(c.text)} | ${c.says} | ${c.verdict} | ${cell(c.reason)}${where(c) ? ` (${where(c)})` : ''} |`,
      );
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

/** SARIF 2.1.0: one result per refuted claim, anchored at the document's line, so review shows it on the document. */
export function formatClaimsSarif(view: ClaimsView): string {
  const refuted = view.claims.filter((c) => c.verdict === 'refuted');
  const rule = {
    id: 'claims.refuted',
    name: 'ClaimsRefuted',
    shortDescription: { text: 'A readiness document claims a practice the code does not show' },
    fullDescription: {
      text: 'A status, planning or checklist document says a practice is in place, but the check that covers it finds a gap.',
    },
    help: {
      text: 'Fix the practice, or correct the document. The result message names the check and its evidence.',
    },
    defaultConfiguration: { level: 'warning' },
    properties: { tags: ['readiness', 'claims'], precision: 'high' },
  };
  const results = refuted.map((c) => ({
    ruleId: rule.id,
    ruleIndex: 0,
    level: 'warning',
    kind: 'fail',
    message: { text: `"${c.text}" is not true: ${c.reason}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeUri(c.doc), uriBaseId: '%SRCROOT%' },
          region: { startLine: c.line },
        },
      },
    ],
    partialFingerprints: {
      'readinessClaim/v1': createHash('sha256').update(`${c.doc}\0${c.text}`).digest('hex').slice(0, 32),
    },
    properties: { checks: c.checks, says: c.says },
  }));
  const root = view.root;
  const run = {
    tool: {
      driver: {
        name: 'readiness',
        version: view.toolVersion,
        semanticVersion: view.toolVersion,
        informationUri: 'https://www.npmjs.com/package/readiness',
        rules: [rule],
      },
    },
    ...(root.startsWith('/') || /^[A-Za-z]:[\\/]/.test(root)
      ? { originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(root.endsWith('/') ? root : `${root}/`).href } } }
      : {}),
    results,
  };
  return `${JSON.stringify({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] }, null, 2)}\n`;
}

export const CLAIMS_FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;

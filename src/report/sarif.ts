import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { describeCoverage, UNREAD_REASON_TEXT } from './coverage.js';
import type { Coverage, Report } from './schema.js';
import type { RuleMeta, Severity } from '../sdk/types.js';
import { PACKAGE_NAME } from '../version.js';

/**
 * SARIF 2.1.0 for GitHub code scanning (github/codeql-action/upload-sarif): one `tool.driver.rules[]` entry per check,
 * one result per gap (waived gaps too, with an external suppression); passes, n/a and errors are not results.
 */

type Json = Record<string, unknown>;

export interface SarifOptions {
  /** Metadata of every check (docs become the rule help); findings' rules missing here get a minimal entry. */
  rules?: readonly RuleMeta[];
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};
/** GitHub ranks security alerts by `security-severity` (a CVSS-like score); only set for the security category. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '7.5', medium: '5.0', low: '2.0' };

function ruleName(id: string): string {
  return id
    .split(/[.-]/)
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');
}

function helpText(m: RuleMeta): { text: string; markdown: string } {
  const fix = m.docs.fix.map((f) => `- ${f}`).join('\n');
  const links = (m.docs.links ?? []).map((l) => `- ${l}`).join('\n');
  const text = `${m.docs.why}\n\nHow it is checked: ${m.docs.how}\n\nFix (effort ${m.docs.effort}):\n${fix}${links ? `\n\nSee:\n${links}` : ''}`;
  const markdown = `**Why.** ${m.docs.why}\n\n**How it is checked.** ${m.docs.how}\n\n**Fix** (effort ${m.docs.effort}):\n${fix}${links ? `\n\n**See also**\n${links}` : ''}`;
  return { text, markdown };
}

function ruleDescriptor(m: RuleMeta): Json {
  const tags = ['readiness', m.category, `level-${m.level}`, ...(m.category === 'security' ? ['security'] : [])];
  const props: Json = {
    tags: [...new Set(tags)],
    category: m.category,
    readinessLevel: m.level,
    severity: m.severity,
    precision: 'high',
  };
  if (m.category === 'security') props['security-severity'] = SECURITY_SEVERITY[m.severity];
  return {
    id: m.id,
    name: ruleName(m.id),
    shortDescription: { text: m.title },
    fullDescription: { text: m.docs.why },
    help: helpText(m),
    ...(m.docs.url || m.docs.links?.[0] ? { helpUri: m.docs.url ?? m.docs.links![0] } : {}),
    defaultConfiguration: { level: LEVEL[m.severity] },
    properties: props,
  };
}

type Finding = Report['findings'][number];

function minimalMeta(f: Finding): RuleMeta {
  return {
    id: f.ruleId as `${string}.${string}`,
    category: f.category,
    title: f.title,
    severity: f.severity,
    level: f.level,
    docs: {
      why: f.title,
      how: 'See the readiness rule documentation.',
      fix: f.remediation ?? [],
      effort: f.effort,
      ...(f.docsUrl ? { url: f.docsUrl } : {}),
    },
    messages: {},
  };
}

/**
 * Where a gap is anchored, always a real file or the repository itself: the first evidence that names a file (with its
 * line); else, for a gap about something missing, the file that stands for the project (`project.anchor`: its main
 * manifest, Dockerfile or README) without a region; else the repository root `.`. What was searched for (`Dockerfile`,
 * `helmet`, `exception_handler`) is never used as a location: it is usually not a file of the repository. Relative to
 * `%SRCROOT%`, so GitHub resolves it against the checkout.
 */
export function sarifLocation(f: Finding, anchor?: string): { uri: string; line?: number } {
  const real = f.evidence.find((e) => e.kind === 'found' && e.path !== '.' && e.path !== '');
  if (real) return { uri: real.path, ...(real.line ? { line: real.line } : {}) };
  return { uri: anchor ?? '.' };
}

function fingerprint(ruleId: string, uri: string): string {
  return createHash('sha256').update(`${ruleId}\0${uri}`).digest('hex').slice(0, 32);
}

export function encodeUri(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

function resultMessage(f: Finding): string {
  const fixes = f.remediation?.length ? `\nFix: ${f.remediation.join(' ')}` : '';
  const searched = f.evidence
    .filter((e) => e.kind === 'missing' && e.searched?.length)
    .map((e) => `searched: ${e.searched!.join(', ')}`);
  return `${f.message}${searched.length ? `\n${searched.join('\n')}` : ''}${fixes}`;
}

/** The run's invocation: each file or directory that was not read is a warning notification, git's absence a note. */
function invocation(c: Coverage): Json {
  const notifications: Json[] = c.unread.first.map((u) => ({
    level: u.reason === 'unreadable' || u.reason === 'unreadable-directory' ? 'warning' : 'note',
    message: { text: `not read: ${u.path} (${UNREAD_REASON_TEXT[u.reason]})` },
    locations: [{ physicalLocation: { artifactLocation: { uri: encodeUri(u.path), uriBaseId: '%SRCROOT%' } } }],
  }));
  for (const g of describeCoverage(c).git) notifications.push({ level: 'note', message: { text: g } });
  return { executionSuccessful: true, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) };
}

export function formatSarif(report: Report, opts: SarifOptions = {}): string {
  const metas = new Map<string, RuleMeta>();
  for (const m of opts.rules ?? []) metas.set(m.id, m);
  for (const f of report.findings) {
    const m = metas.get(f.ruleId);
    if (!m) metas.set(f.ruleId, minimalMeta(f));
    // A stored report knows its rules' pages even when the metadata it is shown with does not.
    else if (!m.docs.url && f.docsUrl) metas.set(f.ruleId, { ...m, docs: { ...m.docs, url: f.docsUrl } });
  }
  const ordered = [...metas.values()].sort((a, b) => a.id.localeCompare(b.id));
  const index = new Map<string, number>(ordered.map((m, i) => [m.id, i]));

  const gaps = report.findings.filter((f) => f.status === 'gap').sort((a, b) => a.ruleId.localeCompare(b.ruleId));
  // Several components: a result names its component (one component is the repository itself, as before components).
  const multi = (report.components?.length ?? 0) > 1;
  const results = gaps.map((f) => {
    const component = multi ? f.component : undefined;
    const loc = sarifLocation(f, report.project?.anchor);
    const result: Json = {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId)!,
      level: LEVEL[f.severity],
      kind: 'fail',
      message: { text: component ? `[${component}] ${resultMessage(f)}` : resultMessage(f) },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: loc.uri === '.' ? '.' : encodeUri(loc.uri), uriBaseId: '%SRCROOT%' },
            ...(loc.line ? { region: { startLine: loc.line } } : {}),
          },
        },
      ],
      partialFingerprints: {
        'readinessRule/v1': fingerprint(component ? `${f.ruleId}@${component}` : f.ruleId, loc.uri),
      },
      properties: {
        ...(component ? { component } : {}),
        category: f.category,
        severity: f.severity,
        readinessLevel: f.level,
        effort: f.effort,
        confidence: f.confidence,
      },
    };
    if (f.waived) {
      result.suppressions = [
        {
          kind: 'external',
          status: 'accepted',
          justification: `${f.waived.reason}${f.waived.expires ? ` (waived until ${f.waived.expires})` : ''}`,
        },
      ];
    }
    return result;
  });

  const root = report.target.root;
  const run: Json = {
    tool: {
      driver: {
        name: 'readiness',
        version: report.tool.version,
        semanticVersion: report.tool.version,
        informationUri: `https://www.npmjs.com/package/${PACKAGE_NAME}`,
        rules: ordered.map(ruleDescriptor),
      },
    },
    ...(root.startsWith('/') || /^[A-Za-z]:[\\/]/.test(root)
      ? { originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(root.endsWith('/') ? root : `${root}/`).href } } }
      : {}),
    ...(report.coverage ? { invocations: [invocation(report.coverage)] } : {}),
    results,
    properties: {
      score: report.score,
      level: report.level.value,
      levelName: report.level.name,
      ...(report.coverage ? { coverage: report.coverage } : {}),
    },
  };
  const log = { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] };
  return `${JSON.stringify(log, null, 2)}\n`;
}

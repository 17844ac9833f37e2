import { describeCoverage } from './coverage.js';
import type { Report } from './schema.js';
import { SEVERITY_RANK } from '../sdk/types.js';

export interface TrendPoint {
  runId: number;
  at: string;
  score: number | null;
}

export interface HtmlOptions {
  /** The project's recorded runs, oldest first (the chart). */
  trend?: TrendPoint[];
}

const esc = (s: unknown): string =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function colorFor(score: number | null): string {
  if (score === null) return '#9aa0a6';
  if (score >= 80) return '#1e8e3e';
  if (score >= 50) return '#f9ab00';
  return '#d93025';
}

function gauge(score: number | null): string {
  const r = 70;
  const c = Math.PI * r; // half circle
  const frac = score === null ? 0 : score / 100;
  return `<svg class="gauge" viewBox="0 0 180 110" width="240" height="147" role="img" aria-label="score ${score ?? 'n/a'} of 100" data-score="${score ?? ''}">
  <path d="M20 95 A70 70 0 0 1 160 95" fill="none" stroke="#e8eaed" stroke-width="16" stroke-linecap="round"/>
  <path d="M20 95 A70 70 0 0 1 160 95" fill="none" stroke="${colorFor(score)}" stroke-width="16" stroke-linecap="round"
    stroke-dasharray="${(c * frac).toFixed(1)} ${c.toFixed(1)}"/>
  <text x="90" y="88" text-anchor="middle" font-size="34" font-weight="700" fill="#202124">${score ?? 'n/a'}</text>
  <text x="90" y="106" text-anchor="middle" font-size="11" fill="#5f6368">of 100</text>
</svg>`;
}

function categoryBars(report: Report): string {
  const rows = report.categories;
  const h = 26;
  const body = rows
    .map((c, i) => {
      const y = i * h;
      const w = c.score === null ? 0 : (c.score / 100) * 300;
      return `<g data-category="${esc(c.id)}" data-score="${c.score ?? ''}">
    <text x="0" y="${y + 17}" font-size="13" fill="#202124">${esc(c.id)}</text>
    <rect x="130" y="${y + 5}" width="300" height="14" rx="3" fill="#e8eaed"/>
    <rect x="130" y="${y + 5}" width="${w.toFixed(1)}" height="14" rx="3" fill="${colorFor(c.score)}"/>
    <text x="440" y="${y + 17}" font-size="12" fill="#5f6368">${c.score ?? 'n/a'} · ${c.gaps} gap${c.gaps === 1 ? '' : 's'}</text>
  </g>`;
    })
    .join('\n  ');
  return `<svg class="bars" viewBox="0 0 520 ${rows.length * h}" width="520" height="${rows.length * h}" role="img" aria-label="score per category">
  ${body}
</svg>`;
}

function trendChart(trend: TrendPoint[] | undefined, current?: number): string {
  const points = (trend ?? []).filter((p) => p.score !== null) as (TrendPoint & { score: number })[];
  if (!points.length)
    return '<p class="muted">No recorded runs yet: the trend appears once audits are recorded in the history.</p>';
  const W = 640;
  const H = 200;
  const padL = 36;
  const padR = 16;
  const padT = 12;
  const padB = 28;
  const x = (i: number) =>
    points.length === 1 ? padL + (W - padL - padR) / 2 : padL + (i * (W - padL - padR)) / (points.length - 1);
  const y = (s: number) => padT + ((100 - s) * (H - padT - padB)) / 100;
  const grid = [0, 25, 50, 75, 100]
    .map(
      (g) =>
        `<line x1="${padL}" x2="${W - padR}" y1="${y(g)}" y2="${y(g)}" stroke="#e8eaed"/><text x="${padL - 6}" y="${y(g) + 4}" text-anchor="end" font-size="10" fill="#5f6368">${g}</text>`,
    )
    .join('');
  const line = points.map((p, i) => `${x(i).toFixed(1)},${y(p.score).toFixed(1)}`).join(' ');
  const dots = points
    .map(
      (p, i) =>
        `<circle cx="${x(i).toFixed(1)}" cy="${y(p.score).toFixed(1)}" r="${p.runId === current ? 6 : 4}" fill="${colorFor(p.score)}"${p.runId === current ? ' stroke="#202124" stroke-width="2" class="current"' : ''} data-run="${p.runId}" data-score="${p.score}" data-at="${esc(p.at)}"><title>run ${p.runId} · ${esc(p.at.slice(0, 16).replace('T', ' '))} · score ${p.score}</title></circle>`,
    )
    .join('\n    ');
  const first = points[0]!.at.slice(0, 10);
  const last = points[points.length - 1]!.at.slice(0, 10);
  return `<svg class="trend" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="score trend over ${points.length} runs">
  ${grid}
  <polyline points="${line}" fill="none" stroke="#1a73e8" stroke-width="2"/>
    ${dots}
  <text x="${padL}" y="${H - 6}" font-size="10" fill="#5f6368">${esc(first)}</text>
  <text x="${W - padR}" y="${H - 6}" text-anchor="end" font-size="10" fill="#5f6368">${esc(last)}</text>
</svg>`;
}

function gapsSection(report: Report): string {
  const multi = (report.components?.length ?? 0) > 1;
  const gaps = report.findings
    .filter((f) => f.status === 'gap' && !f.waived)
    .sort(
      (a, b) =>
        a.level - b.level ||
        SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
        a.ruleId.localeCompare(b.ruleId) ||
        (a.component ?? '').localeCompare(b.component ?? ''),
    );
  if (!gaps.length) return '<p>No open gaps.</p>';
  return gaps
    .map((f) => {
      const ev = f.evidence
        .map((e) => {
          const loc =
            e.kind === 'missing'
              ? `searched: ${(e.searched ?? []).join(', ') || e.path}`
              : `${e.path}${e.line ? `:${e.line}` : ''}`;
          return `<li><code>${esc(loc)}</code> — ${esc(e.note)}${e.excerpt ? `<pre>${esc(e.excerpt)}</pre>` : ''}</li>`;
        })
        .join('');
      const fix = f.remediation?.length
        ? `<ol class="fix">${f.remediation.map((r) => `<li>${esc(r)}</li>`).join('')}</ol>`
        : '';
      return `<article class="card gap sev-${esc(f.severity)}" data-rule="${esc(f.ruleId)}"${multi && f.component ? ` data-component="${esc(f.component)}"` : ''}>
  <h3><span class="badge">${esc(f.severity)}</span> ${f.docsUrl ? `<a href="${esc(f.docsUrl)}">${esc(f.ruleId)}</a>` : esc(f.ruleId)}${multi && f.component ? ` <span class="component">${esc(f.component)}</span>` : ''} <small>L${f.level} · effort ${esc(f.effort)}${f.confidence === 'low' ? ' · low confidence' : ''}</small></h3>
  <p>${esc(f.message)}</p>
  <ul class="evidence">${ev}</ul>
  ${fix}
</article>`;
    })
    .join('\n');
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#202124;margin:0;background:#f8f9fa}
main{max-width:980px;margin:0 auto;padding:24px}
header{display:flex;gap:32px;align-items:center;flex-wrap:wrap}
h1{font-size:22px;margin:0 0 4px} h2{font-size:17px;margin:28px 0 10px} h3{font-size:14px;margin:0 0 6px}
.components{border-collapse:collapse;width:100%;font-size:13px}.components td,.components th{border-top:1px solid #dadce0;padding:4px 6px;text-align:left}
.component{display:inline-block;border-radius:4px;padding:0 6px;font-size:12px;background:#e8f0fe;color:#1967d2}
.claims{border-collapse:collapse;width:100%;font-size:13px}.claims td,.claims th{border-top:1px solid #dadce0;padding:4px 6px;text-align:left;vertical-align:top}.claim-refuted td:first-child{color:#c5221f;font-weight:600}
.card{background:#fff;border:1px solid #dadce0;border-radius:8px;padding:16px;margin-bottom:12px}
.muted,small{color:#5f6368} code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
pre{background:#f1f3f4;padding:4px 8px;border-radius:4px;margin:4px 0;white-space:pre-wrap;font-size:12px}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:11px;color:#fff;background:#5f6368;text-transform:uppercase}
.sev-critical .badge{background:#a50e0e}.sev-high .badge{background:#d93025}.sev-medium .badge{background:#f9ab00;color:#202124}
.gap{border-left:4px solid #d93025} .evidence{margin:4px 0;padding-left:18px} .fix{margin:4px 0;padding-left:18px;color:#3c4043}
`;

/** The components of a report with several: score, level, open gaps, target and folder of each. */
function componentsSection(report: Report): string {
  if ((report.components?.length ?? 0) < 2) return '';
  const comps = [...report.components!].sort((a, b) => Number(b.deployed) - Number(a.deployed));
  const rows = comps
    .map((c) => {
      const gaps = report.findings.filter((f) => f.component === c.id && f.status === 'gap' && !f.waived).length;
      const level = c.level.value === null ? 'n/a' : `${c.level.value} ${c.level.name}`;
      return `<tr data-component="${esc(c.id)}"${c.deployed ? '' : ' class="muted"'}><td><strong>${esc(c.id)}</strong>${c.deployed ? '' : ' (only present, not scored)'}</td><td><code>${esc(c.path)}</code></td><td>${esc(c.kind)} · ${esc(c.stack)}</td><td>${esc(c.target)}</td><td>${c.score ?? 'n/a'}</td><td>${esc(level)}</td><td>${gaps}</td></tr>`;
    })
    .join('\n');
  return `<section class="card"><h2>Components (${comps.length})</h2>
<table class="components"><thead><tr><th>component</th><th>path</th><th>kind</th><th>target</th><th>score</th><th>level</th><th>gaps</th></tr></thead><tbody>
${rows}
</tbody></table>
</section>`;
}

function coverageSection(report: Report): string {
  if (!report.coverage) return '';
  const cov = describeCoverage(report.coverage);
  const items = [
    ...(cov.unread.length ? [`<li>not read: ${cov.unread.map(esc).join(', ')}</li>`] : []),
    ...cov.git.map((g) => `<li>${esc(g)}</li>`),
  ];
  return `<section class="card coverage"><h2>Coverage</h2>
<p>${esc(cov.summary)}</p>${items.length ? `\n<ul>${items.join('')}</ul>` : ''}
</section>`;
}

/** The project's own readiness documents, judged: refuted, partial and outdated claims, with counts of the rest. */
function claimsSection(report: Report): string {
  const claims = report.claims ?? [];
  if (!claims.length) return '';
  const n = (v: string): number => claims.filter((c) => c.verdict === v).length;
  const shown = claims.filter((c) => c.verdict === 'refuted' || c.verdict === 'partial' || c.verdict === 'outdated');
  const rows = shown
    .map(
      (c) =>
        `<tr class="claim-${c.verdict}"><td>${esc(c.verdict)}</td><td><code>${esc(c.doc)}:${c.line}</code></td><td>${esc(c.text)}</td><td>${esc(c.reason)}</td></tr>`,
    )
    .join('\n');
  return `<section class="card"><h2>Claims of the project's documents (${claims.length})</h2>
<p>${['refuted', 'partial', 'outdated', 'confirmed', 'unverifiable'].map((v) => `${n(v)} ${v}`).join(' · ')}</p>
${rows ? `<table class="claims"><thead><tr><th>verdict</th><th>where</th><th>the document says</th><th>what the code shows</th></tr></thead><tbody>\n${rows}\n</tbody></table>` : ''}
</section>`;
}

/** One self-contained page: inline CSS and SVG, no script, no external resource of any kind. */
export function formatHtml(report: Report, opts: HtmlOptions = {}): string {
  const t = report.target;
  const title = `readiness: ${t.root.split('/').filter(Boolean).pop() ?? t.root}`;
  const meta = [
    t.branch ? `branch ${esc(t.branch)}` : '',
    t.commit ? `commit <code>${esc(t.commit.slice(0, 12))}</code>${t.dirty ? ' (dirty)' : ''}` : '',
    t.ref ? `ref ${esc(t.ref)}` : '',
    report.runId !== undefined ? `run ${report.runId}` : '',
    esc(report.generatedAt.slice(0, 19).replace('T', ' ')) + ' UTC',
    `readiness ${esc(report.tool.version)}`,
  ].filter(Boolean);
  const c = report.counts;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header class="card">
  ${gauge(report.score)}
  <div>
    <h1>${esc(title)}</h1>
    <p class="level" data-level="${report.level.value ?? ''}"><strong>Level ${report.level.value ?? '-'} · ${esc(report.level.name)}</strong>${report.level.next ? ` — next: L${report.level.next.level} ${esc(report.level.next.name)} (${report.level.next.blockers.length} blocker${report.level.next.blockers.length === 1 ? '' : 's'})` : ''}</p>
    <p class="muted">${meta.join(' · ')}</p>
    <p>${c.pass} passed · ${c.gap} gaps · ${c.na} n/a${c.error ? ` · ${c.error} errors` : ''}${c.waived ? ` · ${c.waived} waived` : ''}</p>
  </div>
</header>
${componentsSection(report)}
<section class="card"><h2>Categories</h2>
${categoryBars(report)}
</section>
<section class="card"><h2>Score trend</h2>
${trendChart(opts.trend, report.runId)}
</section>
<section><h2>Gaps (${c.gap})</h2>
${gapsSection(report)}
</section>
${claimsSection(report)}
${coverageSection(report)}
</main>
</body>
</html>
`;
}

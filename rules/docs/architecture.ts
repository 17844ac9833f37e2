import { defineRule } from '../../src/sdk/index.js';
import { findTopicDocs } from '../_lib/docs-markdown.js';

const DIAGRAM = /^```\s*mermaid|^\s*(C4Context|C4Container|C4Component)\b|^@startuml|^\s*workspace\s+(".*"\s*)*\{/;

export default defineRule({
  meta: {
    id: 'docs.architecture',
    category: 'docs',
    title: 'The architecture and key design decisions are written down',
    severity: 'low',
    level: 3,
    docs: {
      why: 'As a team grows, undocumented structure and decisions get re-litigated or silently broken; an architecture document and decision records keep the system coherent.',
      how: 'Looks for ARCHITECTURE.md / DESIGN.md, docs/architecture*, docs/design*, architecture decision records (docs/adr/, docs/decisions/), diagrams in docs (mermaid, C4, PlantUML, Structurizr) or a README "Architecture"/"Design" section with real content.',
      fix: [
        'Write ARCHITECTURE.md: the components, how a request flows through them, data stores, external dependencies (a mermaid diagram helps).',
        'Record significant decisions as ADRs in docs/adr/.',
      ],
      effort: 'M',
      links: ['https://adr.github.io/', 'https://c4model.com/'],
    },
    messages: {
      found: 'The architecture is documented ({{where}}).',
      adr: '{{count}} architecture decision record(s) in {{dir}}.',
      stub: 'An architecture document exists ({{where}}) but says almost nothing.',
      missing: 'No architecture or design document was found.',
    },
  },
  check(ctx) {
    const adrs = ctx.repo.files.filter(
      (f) =>
        /(^|\/)(adrs?|decisions|architecture[-_ ]decisions?|decision[-_]records?)\/[^/]+\.(md|rst|adoc)$/i.test(
          f.path,
        ) && !/readme|template/i.test(f.path),
    );
    const hits = findTopicDocs(ctx.repo, {
      files:
        /(^|\/)(architecture|design|system[-_]design|overview|internals|how[-_]it[-_]works)(\.[\w]+)?$|^(docs?|documentation)\/(.*\/)?(architecture|design|arch\b|system|overview|internals|c4)[^/]*(\/.+)?$/i,
      heading: /architecture|design|how it works|internals|components|system overview/i,
      label: 'architecture document',
      min: 150,
    });
    const strong = hits.filter((h) => h.strong);
    const diagram = ctx.repo.grepFirst(DIAGRAM, { include: ['**/*.{md,mdx,adoc,puml,plantuml,dsl}'] });
    const ev = [
      ...strong.slice(0, 3).map((h) => ctx.at(h.path, h.line, h.note)),
      ...(adrs.length ? [ctx.at(adrs[0]!.path, 1, `${adrs.length} decision record(s)`)] : []),
      ...(diagram ? [ctx.at(diagram.path, diagram.line, 'architecture diagram')] : []),
    ];
    if (strong.length) {
      // A short README section is an overview, not a design document: low confidence unless a real document, ADRs or a diagram back it.
      const readmeOnly = strong.every((h) => h.line > 1) && !adrs.length && !diagram;
      return ctx.pass(ev, {
        messageId: 'found',
        data: {
          where: strong
            .map((h) => h.path)
            .slice(0, 3)
            .join(', '),
        },
        confidence: readmeOnly ? 'low' : 'high',
      });
    }
    if (adrs.length) {
      const dir = adrs[0]!.path.replace(/\/[^/]+$/, '/');
      return ctx.pass(ev, { messageId: 'adr', data: { count: adrs.length, dir } });
    }
    if (diagram && /docs?\//.test(diagram.path))
      return ctx.pass(ev, { messageId: 'found', data: { where: diagram.path }, confidence: 'low' });
    if (hits.length)
      return ctx.gap(
        'stub',
        hits.slice(0, 3).map((h) => ctx.at(h.path, h.line, h.note)),
        { data: { where: hits.map((h) => h.path).join(', ') }, confidence: 'low' },
      );
    return ctx.gap('missing', [
      ctx.missing(
        [
          'ARCHITECTURE.md',
          'DESIGN.md',
          'docs/architecture*',
          'docs/design*',
          'docs/adr/',
          'mermaid/C4 diagrams',
          'README "Architecture" section',
        ],
        'no architecture documentation',
      ),
    ]);
  },
});

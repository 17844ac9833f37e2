import { defineRule } from '../../src/sdk/index.js';

/** A DESIGN.md about visual design (colours, typography, components of a UI kit) is not a system design document. */
const VISUAL_DESIGN =
  /\b(typography|colou?r (palette|tokens?)|palette|font[- ](family|size|weight)s?|design tokens?|spacing scale|iconography|brand(ing)? guidelines?|figma)\b/gi;
const SYSTEM_DESIGN =
  /\b(services?|database|api|requests?|queues?|components?|modules?|data flow|deployment|backend|server|storage|architecture)\b/gi;
function visualDesign(text: string): boolean {
  const visual = text.match(VISUAL_DESIGN)?.length ?? 0;
  return visual >= 3 && visual > (text.match(SYSTEM_DESIGN)?.length ?? 0) / 2;
}

export default defineRule({
  meta: {
    id: 'docs.architecture',
    category: 'docs',
    title: 'The architecture and key design decisions are written down',
    severity: 'low',
    level: 3,
    scope: 'repository',
    docs: {
      why: 'As a team grows, undocumented structure and decisions get re-litigated or silently broken; an architecture document and decision records keep the system coherent.',
      how: 'Looks for ARCHITECTURE.md / DESIGN.md, docs/architecture*, docs/design*, architecture decision records (docs/adr/, docs/decisions/), diagrams in docs (mermaid, C4, PlantUML, Structurizr) or a section titled Architecture/Design (or naming the parts of the system: "Core components", "Functional services", "Microservices") in any Markdown document with real prose (a diagram alone, or a DESIGN.md about visual design, does not count).',
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
      diagramOnly:
        'Only a diagram ({{where}}) describes the architecture; no text explains the components and decisions.',
      stub: 'An architecture document exists ({{where}}) but says almost nothing.',
      missing: 'No architecture or design document was found.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: [
      'architecture documentation',
      'architecture doc',
      'architecture overview',
      'architecture diagram',
      'design document',
      'adr',
      'architecture decision',
    ],
  },
  check(ctx) {
    const adrs = ctx.repo.files.filter(
      (f) =>
        /(^|\/)(adrs?|decisions|architecture[-_ ]decisions?|decision[-_]records?)\/[^/]+\.(md|rst|adoc)$/i.test(
          f.path,
        ) && !/readme|template/i.test(f.path),
    );
    // A diagram alone (a mermaid block with no prose) is not an architecture document: only prose is measured.
    const hits = ctx.facts.docs.topic({
      files:
        // A `docs/system/` folder is as often the administrator's section (backup, configuration, updating) as a design
        // one: only a file named for the system (docs/system.md, docs/system-design.md) counts, not the folder. An
        // `overview.md` counts at the root or in the docs, not among the code (the product's own content pages: an
        // integration's overview shown in its UI).
        /(^|\/)(architecture|design|system[-_]design|internals|how[-_]it[-_]works)(\.[\w]+)?$|^overview(\.[\w]+)?$|^(docs?|documentation)\/(.*\/)?(?:(architecture|design|arch\b(?![-_ ]?linux)|system[-_]?(?:design|overview|architecture)|overview|internals|c4)[^/]*(\/.+)?|system\.\w+)$/i,
      heading:
        /architecture|system design|^design$|design (overview|decisions?|principles|notes|document)|how it works|internals|high[- ]level (?:overview|design)|^(system|core|main|key) components$|system overview|^(functional|core|main|backend|infrastructure|platform) (micro)?services$|^microservices( overview)?$/i,
      // "How it works" in one feature's page of a user guide (docs/using-app/sync/auto-import.md) explains that
      // feature, not the system.
      shallowHeading: /^how it works$/i,
      label: 'architecture document',
      // Only the first three strong hits are read (or the weak ones when there is none).
      enough: 3,
      min: 150,
      proseOnly: true,
      rejectFile: visualDesign,
    });
    const strong = hits.filter((h) => h.strong);
    const diagram = ctx.facts.diagram;
    const ev = [
      ...strong.slice(0, 3).map((h) => ctx.at(h.path, h.line, h.note)),
      ...(adrs.length ? [ctx.at(adrs[0]!.path, 1, `${adrs.length} decision record(s)`)] : []),
      ...(diagram ? [ctx.at(diagram.path, diagram.line, 'architecture diagram')] : []),
    ];
    if (strong.length) {
      // A short README section is an overview, not a design document: low confidence unless a real document, ADRs or a diagram back it.
      const readmeOnly = strong.every((h) => h.via === 'section') && !adrs.length && !diagram;
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
    // A diagram with no words around it shows boxes, not the reasons: a low-confidence gap.
    if (diagram)
      return ctx.gap('diagramOnly', [ctx.at(diagram.path, diagram.line, 'a diagram without a written description')], {
        data: { where: diagram.path },
        confidence: 'low',
      });
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

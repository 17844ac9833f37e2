import { defineRule } from '../../src/sdk/index.js';

/** Words that name an operations practice or a product feature alike. */
const DOMAIN_WORD = /\b(alert|monitor|incident)/gi;
/** Words that only name operations. */
const OPS_HEADING =
  /run[- ]?book|troubleshoot|operations|operating|on[- ]?call|playbook|disaster recovery|escalat|post[- ]?mortem/i;
/** Documents written for whoever runs the service: install, deploy, self-host, admin, production, operations guides. */
const OPERATOR_DOC = /install|deploy|self[-_]?host|admin|operat|production|(^|\/)ops\/|maint|runbook|troubleshoot|sre/i;

export default defineRule({
  meta: {
    id: 'docs.runbook',
    category: 'docs',
    title: 'A runbook tells on-call how to operate and troubleshoot the service',
    severity: 'low',
    level: 3,
    scope: 'repository',
    requires: ['not-library'],
    docs: {
      why: 'Incidents happen at night and to people who did not write the code; a runbook with symptoms, checks and fixes turns an outage of hours into minutes.',
      how: 'Looks for a runbook / troubleshooting / operations / incident / on-call / playbook document (RUNBOOK.md, docs/runbook*, docs/runbooks/, docs/operations*, TROUBLESHOOTING.md, docs/incident*, docs/support-tasks*) or a section with such a title and real content in any Markdown document (status, planning and checklist documents never count). n/a for libraries.',
      fix: [
        'Write docs/runbook.md: dashboards and alerts, common failure symptoms with the commands to diagnose and fix them, how to roll back, who to escalate to.',
      ],
      effort: 'S',
    },
    messages: {
      found: 'Operations are documented ({{where}}).',
      stub: 'A runbook exists ({{where}}) but says almost nothing.',
      missing: 'No runbook, troubleshooting or operations document was found.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: [
      'runbook',
      'run book',
      'troubleshooting guide',
      'troubleshooting documentation',
      'operations guide',
      'playbook',
      'incident response procedures',
    ],
  },
  check(ctx) {
    const hits = ctx.facts.docs.topic({
      files:
        /(^|\/)(run[-_]?books?|troubleshoot(ing)?|operations|operating|ops|incidents?([-_]response)?|on[-_]?call|playbooks?|sre)(\.[\w]+)?$|^(docs?|documentation)\/(.*\/)?(run[-_]?books?|troubleshoot|operations|operating|ops|incident|on[-_]?call|playbook|sre|alerts?|disaster[-_]recovery|support[-_]tasks)[^/]*(\/.+)?$|(^|\/)run[-_]?books?\/[^/]+\.(md|rst|adoc)$/i,
      heading:
        /run[- ]?book|troubleshoot|support tasks|(?<!\b(?:read|write|crud|bulk|batch|database|db|file|async|atomic|string|list|set|array|basic|common|supported|available|api|user|admin|query|data|cache|key|vector|search|graph|other|mutation|entity|resource)\s)operations|operating(?!\s+systems?\b)|incident|on[- ]?call|playbook|disaster recovery|alerts?\b|monitoring/i,
      label: 'runbook',
      // Only the first three strong hits are read (or the weak ones when there is none).
      enough: 3,
      min: 100,
    });
    // "Alerts", "monitoring" and "incident" name the product when its README says that is what it does (a cron
    // monitoring service, an incident manager, a change-alert tool): such headings describe features.
    const intro = ctx.facts.docs.productIntro();
    const productWord = (title: string): boolean => {
      const words = [...title.matchAll(DOMAIN_WORD)];
      return words.length > 0 && !OPS_HEADING.test(title) && words.every((m) => intro.includes(m[1]!.toLowerCase()));
    };
    const kept = hits.filter((h) => !productWord(h.via === 'file' ? h.path.replace(/[-_/.]/g, ' ') : (h.title ?? '')));
    const dropped = hits.length > kept.length;
    const strong = kept.filter((h) => h.strong);
    if (strong.length) {
      // High when a dedicated document or a section of the README or an operator's guide is the evidence; a
      // troubleshooting section of a feature README or a user guide is weaker evidence.
      const decisive = strong.some(
        (h) => h.via === 'file' || h.path === ctx.facts.docs.readme || OPERATOR_DOC.test(h.path),
      );
      return ctx.pass(
        strong.slice(0, 3).map((h) => ctx.at(h.path, h.line, h.note)),
        {
          messageId: 'found',
          data: {
            where: strong
              .map((h) => h.path)
              .slice(0, 3)
              .join(', '),
          },
          ...(decisive ? {} : { confidence: 'low' as const }),
        },
      );
    }
    const hitsLeft = kept;
    if (hitsLeft.length)
      return ctx.gap(
        'stub',
        hitsLeft.slice(0, 3).map((h) => ctx.at(h.path, h.line, h.note)),
        { data: { where: hitsLeft.map((h) => h.path).join(', ') }, confidence: 'low' },
      );
    return ctx.gap(
      'missing',
      [
        ctx.missing(
          ['RUNBOOK.md', 'docs/runbook*', 'docs/runbooks/', 'docs/operations*', 'TROUBLESHOOTING.md', 'docs/incident*'],
          'no operations documentation',
        ),
      ],
      // Sections were set aside only because their words name the product: a reader may still take them for one.
      dropped ? { confidence: 'low' } : {},
    );
  },
});

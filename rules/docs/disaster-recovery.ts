import { defineRule } from '../../src/sdk/index.js';

const PARTS = {
  targets: 'recovery targets (RTO/RPO)',
  steps: 'restore or failover steps',
  rehearsed: 'when it was last rehearsed',
};

export default defineRule({
  meta: {
    id: 'docs.disaster-recovery',
    category: 'docs',
    title: 'Disaster recovery is documented: targets, steps and rehearsals',
    severity: 'low',
    level: 3,
    scope: 'repository',
    requires: ['not-library'],
    docs: {
      why: 'When a region, a database or an account is lost, the team recovers from what is written down: how much data may be lost (RPO), how long the service may be down (RTO), and the steps to restore or fail over. A procedure nobody has rehearsed usually fails on the day.',
      how:
        'Looks for a disaster recovery document (DISASTER_RECOVERY.md, docs/disaster-recovery*, docs/dr-plan*, business continuity, failover or recovery plans) or a section of any guide whose heading names disaster recovery, DR, failover, business continuity, a recovery plan or restoring the service; a backup-and-restore section counts for its restore steps. ' +
        'In it: recovery targets (RTO, RPO), steps (restore or failover commands, or listed steps naming restore, failover, promote, recover, redeploy), and when it was last rehearsed (a drill, game day, restore test, "last tested"). ' +
        'All three pass; steps without targets or a rehearsal pass with low confidence; a recovery section without steps is a low-confidence gap. Status, planning and checklist documents never count. n/a for libraries and command-line tools.',
      fix: [
        'Write docs/disaster-recovery.md: the RTO and RPO per data store, the steps to restore from backup and to fail over (commands, who does what), and a table of rehearsals with their dates and findings.',
        'Rehearse the restore into a scratch environment at least once a year (quarterly for critical data) and record the date and the time it took.',
      ],
      fixFor: {
        kubernetes: [
          'Document how the cluster state is rebuilt (GitOps re-sync or Velero restore) and how each database is restored, with RTO/RPO and the date of the last drill.',
        ],
        paas: [
          "Document the platform's recovery path (database point-in-time restore, region move, redeploy from the repository), the RTO/RPO it gives, and when it was last tried.",
        ],
      },
      effort: 'M',
      links: [
        'https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/disaster-recovery-options-in-the-cloud.html',
      ],
    },
    messages: {
      documented: '{{file}} documents disaster recovery: recovery targets, steps and rehearsals.',
      incomplete: '{{file}} documents {{has}}, but not {{lacks}}.',
      noSteps: '{{file}} has a disaster recovery section ("{{title}}") without restore or failover steps.',
      missing: 'Disaster recovery is not documented: no recovery targets, restore or failover steps, or rehearsals.',
    },
    claims: [
      'disaster recovery',
      'disaster recovery plan',
      'dr plan',
      'business continuity',
      'failover procedures',
      'rto',
      'rpo',
    ],
  },
  check(ctx) {
    const { kind } = ctx.facts;
    if (kind.kind === 'cli' && !kind.longRunning)
      return ctx.na(`a command-line tool has no service to recover (${kind.reason})`);
    const docs = ctx.facts.disasterRecovery.docs;
    const best = docs[0];
    if (best && best.steps !== undefined) {
      const ev = [ctx.at(best.path, best.line, `"${best.title}"`)];
      for (const part of ['targets', 'steps', 'rehearsed'] as const)
        if (best[part] !== undefined && best[part] !== best.line) ev.push(ctx.at(best.path, best[part], PARTS[part]));
      const lacks = (['targets', 'rehearsed'] as const).filter((p) => best[p] === undefined);
      if (!lacks.length) return ctx.pass(ev, { messageId: 'documented', data: { file: best.path } });
      const has = (['steps', 'targets', 'rehearsed'] as const)
        .filter((p) => best[p] !== undefined)
        .map((p) => PARTS[p]);
      return ctx.pass(ev, {
        messageId: 'incomplete',
        data: { file: best.path, has: has.join(' and '), lacks: lacks.map((p) => PARTS[p]).join(' or ') },
        confidence: 'low',
      });
    }
    const dr = docs.find((d) => d.about === 'recovery');
    if (dr)
      return ctx.gap('noSteps', [ctx.at(dr.path, dr.line, `"${dr.title}" has no steps`)], {
        data: { file: dr.path, title: dr.title },
        confidence: 'low',
      });
    return ctx.gap('missing', [
      ctx.missing(
        [
          'DISASTER_RECOVERY.md',
          'docs/disaster-recovery*',
          'docs/dr-plan*',
          'sections on disaster recovery, failover, business continuity or restoring the service',
        ],
        'no disaster recovery documentation',
      ),
    ]);
  },
});

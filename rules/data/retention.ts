import { defineRule } from '../../src/sdk/index.js';

const SEARCHED = [
  'TTLs and lifecycle rules (MongoDB TTL indexes, DynamoDB time to live, S3/GCS lifecycle, log group retention, Kafka retention.ms, ILM)',
  'code that deletes records older than a cutoff, prune/purge/cleanup jobs and their schedules (cron, CronJob, Celery beat, Laravel schedule, model:prune)',
  'retention settings (RETENTION_DAYS …) and a data retention section in the guides',
];

export default defineRule({
  meta: {
    id: 'data.retention',
    category: 'data',
    title: 'Stored data has a retention period that the system enforces',
    severity: 'low',
    level: 3,
    scope: 'component',
    requires: ['persistent-data'],
    docs: {
      why: 'Data kept forever grows storage, backups and restore times without bound, and personal data kept past its purpose is a legal liability (GDPR storage limitation, deletion requests). A retention period that code enforces is the only one that holds.',
      how:
        'Looks for retention the system enforces: TTLs and lifecycle rules on the stores (MongoDB TTL indexes and Mongoose `expires`, DynamoDB time to live, Cassandra and ClickHouse TTL, S3/GCS lifecycle rules, CloudWatch log retention, Kafka retention.ms, TimescaleDB retention policies, Elasticsearch ILM, session lifetimes), code that deletes records older than a cutoff (Django `filter(created__lt=…).delete()`, Rails `where(… < ?, 30.days.ago).delete_all`, Prisma/Sequelize/TypeORM deletes with an age condition, `DELETE FROM … WHERE … < now() - interval`), prune/purge/cleanup commands and tasks and their schedules (cron, Kubernetes CronJob, Celery beat, Laravel schedule and Prunable models, whenever). ' +
        'A cleanup named or scheduled for retention passes; an age-cutoff delete alone, or a retention setting with nothing applying it, passes with low confidence. A documented retention policy without enforcement in code is a low-confidence gap, and so is a gap whose only data is a search index (often rebuilt from the system that feeds it). n/a without persistent data.',
      fix: [
        'Decide how long each kind of data is kept (personal data, logs, events, uploads), write it down, and enforce it: a TTL on the store or a scheduled job that deletes what is older.',
        'Python: a management command or Celery beat task running `Model.objects.filter(created_at__lt=cutoff).delete()` in batches.',
        'Ruby: a scheduled job (whenever, sidekiq-cron, Solid Queue recurring) running `Model.where(created_at: ...30.days.ago).in_batches.delete_all`.',
        'Node: a scheduled task running `prisma.event.deleteMany({ where: { createdAt: { lt: cutoff } } })`, or a MongoDB TTL index.',
        'Java: a @Scheduled job calling a repository deleteAllByCreatedAtBefore(cutoff).',
        'PHP: Laravel Prunable/MassPrunable models with `model:prune` in the schedule.',
        "Go: a ticker or CronJob running `DELETE FROM events WHERE created_at < now() - interval '90 days'`.",
        '.NET: a hosted BackgroundService that deletes rows older than the cutoff with ExecuteDeleteAsync.',
        'Elixir: an Oban cron job running `Repo.delete_all(from e in Event, where: e.inserted_at < ago(90, "day"))`.',
        'Buckets and logs: S3 lifecycle expiration rules and CloudWatch log group retention in the infrastructure code.',
      ],
      effort: 'M',
      links: ['https://gdpr-info.eu/art-5-gdpr/'],
    },
    messages: {
      enforced: 'Retention is enforced: {{how}}.',
      settingOnly: 'A retention setting exists ({{what}}), but nothing seen deletes data by it.',
      documentedOnly: '{{file}} documents retention, but no TTL, lifecycle rule or cleanup job enforces it.',
      missing:
        'Persistent data ({{data}}) is kept with no retention: no TTL, lifecycle rule, cleanup job or retention setting.',
    },
    claims: [
      'data retention',
      'retention policy',
      'retention policies',
      'log retention',
      'data lifecycle',
      'purge old data',
    ],
  },
  check(ctx) {
    const r = ctx.facts.retention;
    const docEv = r.docs.slice(0, 1).map((d) => ctx.at(d.path, d.line, `retention documented: ${d.note}`));
    const strong = [...r.ttl, ...r.cleanup.filter((c) => c.strong)];
    if (strong.length)
      return ctx.pass([...strong.slice(0, 3).map((s) => ctx.at(s.path, s.line, s.note)), ...docEv], {
        messageId: 'enforced',
        data: { how: [...new Set(strong.map((s) => `${s.note} (${s.path})`))].slice(0, 3).join('; ') },
      });
    if (r.cleanup.length)
      return ctx.pass([...r.cleanup.slice(0, 3).map((s) => ctx.at(s.path, s.line, s.note)), ...docEv], {
        messageId: 'enforced',
        data: {
          how: `${r.cleanup[0]!.note} in ${r.cleanup[0]!.path}:${r.cleanup[0]!.line}, not named or scheduled as a retention job`,
        },
        confidence: 'low',
      });
    if (r.settings.length)
      return ctx.pass(
        [
          ...r.settings.slice(0, 1).map((s) => ctx.at(s.path, s.line, s.note)),
          ...docEv,
          ctx.missing(SEARCHED.slice(0, 2), 'no deletion applying it'),
        ],
        {
          messageId: 'settingOnly',
          data: { what: `${r.settings[0]!.path}:${r.settings[0]!.line}` },
          confidence: 'low',
        },
      );
    if (r.docs.length)
      return ctx.gap('documentedOnly', [...docEv, ctx.missing(SEARCHED.slice(0, 2), 'nothing enforces it')], {
        data: { file: r.docs[0]!.path },
        confidence: 'low',
      });
    const signals = ctx.facts.persistence.signals;
    const database = ctx.facts.database.uses.length > 0;
    return ctx.gap(
      'missing',
      [...signals.slice(0, 2).map((s) => ctx.at(s.path, s.line, s.note)), ctx.missing(SEARCHED, 'no retention found')],
      {
        data: {
          data:
            signals
              .slice(0, 2)
              .map((s) => s.note)
              .join('; ') || 'a database',
        },
        ...(database && !ctx.facts.persistence.indexOnly ? {} : { confidence: 'low' as const }),
      },
    );
  },
});

import { defineRule, type Evidence } from '../../src/sdk/index.js';

export default defineRule({
  meta: {
    id: 'data.backup',
    category: 'data',
    title: 'Data is backed up, and restoring it is scripted or documented',
    severity: 'high',
    level: 2,
    scope: 'repository',
    requires: ['persistent-data'],
    docs: {
      why: 'Deleted rows, a bad migration or a lost volume are recoverable only from a backup, and a backup is only worth something when someone knows how to restore it under pressure.',
      how: 'Looks for backups as code: SQLite online backup or VACUUM INTO in the application, pg_dump/mysqldump/mongodump/restic/velero/wal-g/pgbackrest/barman/litestream in scripts, Makefiles, CronJob or compose manifests, or a script named for backing up data (`backup.sh`, `backup-db.sh`) that runs the product’s own export command; managed backups declared in infrastructure (backup_retention_period, Cloud SQL backup_configuration, AWS Backup plans, CloudNativePG barmanObjectStore, Velero schedules); snapshots of a search engine the service keeps its own indices in (`_snapshot` calls, Elasticsearch SLM and OpenSearch snapshot policies, Curator snapshot actions); or a section of any Markdown guide whose heading mentions backups or disaster recovery (status, planning and checklist documents never count). Restore must be scripted or documented too: a backup without a restore procedure passes with low confidence (an untested restore is the usual way backups fail). A gap whose only data is a search index is low confidence (an index is often rebuilt from the system that feeds it). n/a without persistent data (no database used, no Elasticsearch/OpenSearch index the service creates or bulk-indexes into, no volumes or claims).',
      fix: [
        'Schedule backups (managed database retention with point-in-time recovery, or a CronJob running pg_dump to object storage).',
        'Write a "Backup and restore" section in the runbook: where backups live, retention, and the exact restore commands.',
        'Rehearse a restore into a scratch environment at least once a quarter.',
      ],
      effort: 'M',
    },
    messages: {
      scripted: 'Backups are automated ({{how}}) and restoring is {{restore}}.',
      documented: '{{file}} documents backup and restore.',
      noRestore: 'Backups exist ({{how}}) but no restore procedure is scripted or documented.',
      missing: 'The project keeps persistent data ({{data}}) but no backup is scripted, declared or documented.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: [
      'backup',
      'backups',
      'back up',
      'restore procedures',
      'backup and recovery',
      'backup and restore',
      'snapshot/backup',
    ],
  },
  check(ctx) {
    const { tool, managed, inCode, inApp, docSection, restoreScript: scriptedRestore } = ctx.facts.backups;
    const auto = tool ?? managed ?? inCode ?? inApp;
    if (auto) {
      const how = tool
        ? `${tool.name} in ${tool.path}`
        : managed
          ? `managed backups in ${managed.path}`
          : inCode
            ? `a database snapshot in ${inCode.path}`
            : inApp!.dump
              ? `a backup feature of the application (${inApp!.dump}) in ${inApp!.path}`
              : `a backup feature of the application in ${inApp!.path}`;
      const ev: Evidence[] = [
        ctx.at(
          auto.path,
          auto.line,
          tool
            ? tool.byName
              ? 'backup script'
              : 'backup command'
            : managed
              ? 'managed backup configuration'
              : inCode
                ? 'online backup of the database in code'
                : inApp!.dump
                  ? `the application backs up its data (${inApp!.dump})`
                  : 'the application writes a backup archive of its data',
        ),
      ];
      // A restore procedure matters only beside an automated backup: searched here, not for every repository.
      const restoreScript = scriptedRestore();
      if (restoreScript) {
        const rs = ctx.at(
          restoreScript.path,
          restoreScript.line,
          restoreScript.line ? 'restore command' : 'restore script',
        );
        return ctx.pass([...ev, rs], { messageId: 'scripted', data: { how, restore: 'scripted' } });
      }
      if (docSection?.restore) {
        return ctx.pass([...ev, ctx.at(docSection.path, docSection.restore, 'restore procedure documented')], {
          messageId: 'scripted',
          data: { how, restore: `documented in ${docSection.path}` },
        });
      }
      return ctx.pass(
        [
          ...ev,
          ctx.missing(
            [
              'a restore command (pg_restore, mongorestore, restic restore …) in a script',
              'a *restore* script',
              'a docs section on restore',
            ],
            'no restore procedure',
          ),
        ],
        {
          messageId: 'noRestore',
          confidence: 'low',
          data: { how },
        },
      );
    }
    if (docSection?.restore) {
      return ctx.pass(
        [
          ctx.at(docSection.path, docSection.line, 'backup section'),
          ...(docSection.restore !== docSection.line
            ? [ctx.at(docSection.path, docSection.restore, 'restore procedure')]
            : []),
        ],
        {
          messageId: 'documented',
          data: { file: docSection.path },
        },
      );
    }
    if (docSection) {
      return ctx.pass([ctx.at(docSection.path, docSection.line, 'backup section without a restore procedure')], {
        messageId: 'noRestore',
        confidence: 'low',
        data: { how: `documented in ${docSection.path}` },
      });
    }
    const signals = ctx.facts.persistence.signals;
    return ctx.gap(
      'missing',
      [
        ...signals.slice(0, 2).map((s) => ctx.at(s.path, s.line, s.note)),
        ctx.missing(
          [
            'a backup command (pg_dump, mysqldump, mongodump, restic, velero, wal-g, pgbackrest …) in scripts, compose files or CronJobs',
            'managed backups declared in infrastructure code (retention periods, backup plans)',
            'a docs section on backup and restore',
            ...(ctx.facts.database.uses.some((u) => u.kind === 'search')
              ? ['snapshots of the search indices (_snapshot repositories, SLM or ISM policies, Curator)']
              : []),
          ],
          'no backup found',
        ),
      ],
      {
        data: {
          data:
            signals
              .map((s) => s.note)
              .slice(0, 2)
              .join('; ') || 'a database',
        },
        ...(ctx.facts.persistence.indexOnly ? { confidence: 'low' as const } : {}),
      },
    );
  },
});

import { defineRule, type Evidence, type GrepMatch } from '../../src/sdk/index.js';

const BACKUP_TOOL =
  /\b(pg_dump|pg_dumpall|pg_basebackup|mysqldump|mariadb-dump|mongodump|xtrabackup|mariabackup|restic|velero|wal-g|wal-e|pgbackrest|barman(?:-cloud-backup)?|borg\s+create|litestream|redis-cli\s+(?:--rdb|bgsave)|sqlite3\s+\S+\s+["']?\.backup|postgres-backup-local|mysql-backup)\b/;
const RESTORE =
  /\b(pg_restore|mongorestore|mysql\s+[^|\n]*<|psql\s+[^|\n]*(<|-f)|restic\s+restore|velero\s+restore|wal-g\s+backup-fetch|pgbackrest\s+[^\n]*restore|litestream\s+restore|restore)\b/i;
/** Managed backups declared as infrastructure: RDS/Cloud SQL/Azure retention, AWS Backup, CloudNativePG, Velero schedules. */
const MANAGED =
  /\b(backup_retention_period|backup_configuration|point_in_time_recovery_enabled|aws_backup_plan|aws_backup_selection|geo_redundant_backup_enabled|BackupRetentionPeriod|barmanObjectStore|kind:\s*(ScheduledBackup|Schedule)\b)/;
/** Where backups are scripted: shell, make, CI/compose/k8s YAML, Terraform, package.json scripts, and code only in ops folders or backup-named files. */
const SCRIPT_FILES = [
  '**/*.{sh,bash,ps1}',
  '**/Makefile',
  '**/Justfile',
  '**/*.{yml,yaml,tf,hcl,toml}',
  '**/Dockerfile*',
  '**/crontab',
  '**/*.cron',
  'Procfile',
  '**/package.json',
  '**/{scripts,script,bin,ops,tools,deploy,infra,cron,jobs,tasks,backup,backups}/**/*.{py,rb,js,mjs,ts,go}',
  '**/*{backup,restore,dump}*.{py,rb,js,mjs,ts,go}',
];
const BACKUP_HEADING = /\bback[- ]?ups?\b|\bbacking up\b|disaster recovery|\bDR\b|point[- ]in[- ]time recovery/i;
/** The raw text of every BACKUP_HEADING title matches this: documents without it are not parsed. */
const BACKUP_WORDS = /back[\W_]*ups?\b|backing|disaster|\bDR\b|point[\W_]*in[\W_]*time/i;

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
      how: 'Looks for backups as code: SQLite online backup or VACUUM INTO in the application, pg_dump/mysqldump/mongodump/restic/velero/wal-g/pgbackrest/barman/litestream in scripts, Makefiles, CronJob or compose manifests; managed backups declared in infrastructure (backup_retention_period, Cloud SQL backup_configuration, AWS Backup plans, CloudNativePG barmanObjectStore, Velero schedules); or a section of any Markdown guide whose heading mentions backups or disaster recovery (status, planning and checklist documents never count). Restore must be scripted or documented too: a backup without a restore procedure passes with low confidence (an untested restore is the usual way backups fail). n/a without persistent data (no database used, no volumes or claims).',
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
    const { repo } = ctx;
    // CI pipelines count only when scheduled (a nightly backup job), and schema-only dumps are not backups.
    const scheduledCi = (p: string): boolean =>
      !/(^|\/)(\.github\/workflows\/|\.gitlab-ci|\.circleci\/)/.test(p) ||
      !!repo.grepFirst(/^\s*(schedule|cron)\s*:/, { paths: [p] });
    const grepScripts = (re: RegExp): GrepMatch | undefined =>
      repo
        .grep(re, { include: SCRIPT_FILES, kinds: ['source', 'config', 'other'], limit: 50 })
        .find(
          (h) =>
            !repo.get(h.path)?.isTest &&
            ctx.facts.code.isCodeUse(h) &&
            !/--schema-only|\s-s\b/.test(h.text) &&
            scheduledCi(h.path),
        );
    const tool = grepScripts(BACKUP_TOOL);
    const managed = grepScripts(MANAGED);

    // Documentation: a section whose heading mentions backup / disaster recovery, and restore in it. Only guides count:
    // a status or planning document ("MISSING: Backup and restore procedures") is never evidence of a backup.
    const docs = ctx.facts.docs;
    let docSection: { path: string; line: number; restore?: number } | undefined;
    for (const f of docs.guides()) {
      if (!docs.mayHaveHeading(f.path, BACKUP_WORDS)) continue;
      const lines = repo.lines(f.path);
      for (const sec of docs.evidenceSections(f.path)) {
        if (!BACKUP_HEADING.test(sec.title)) continue;
        let restore: number | undefined = /restor/i.test(sec.title) ? sec.line : undefined;
        for (let j = sec.line; j < sec.endLine && restore === undefined; j++) {
          if ((RESTORE.test(lines[j]!) || /\brestor(e|ing)\b/i.test(lines[j]!)) && docs.isEvidenceLine(f.path, j + 1))
            restore = j + 1;
        }
        if (!docSection || (restore && !docSection.restore)) docSection = { path: f.path, line: sec.line, restore };
        if (restore) break;
      }
      if (docSection?.restore) break;
    }

    // Backups in application code: SQLite's online backup API or VACUUM INTO (a snapshot command of the app).
    const inCode = repo
      .grep(/\.backup\s*\(\s*\w+|\bVACUUM\s+INTO\b/i, { kinds: ['source'], limit: 20 })
      .find((h) => ctx.facts.code.isCodeUse(h) && /sqlite/i.test(repo.read(h.path) ?? ''));
    const auto = tool ?? managed ?? inCode;
    if (auto) {
      const how = tool
        ? `${tool.groups[1] ?? tool.groups[0]} in ${tool.path}`
        : managed
          ? `managed backups in ${managed.path}`
          : `a database snapshot in ${inCode!.path}`;
      const ev: Evidence[] = [
        ctx.at(
          auto.path,
          auto.line,
          tool ? 'backup command' : managed ? 'managed backup configuration' : 'online backup of the database in code',
        ),
      ];
      // A restore procedure matters only beside an automated backup: searched here, not for every repository.
      const restoreInCode = repo.grep(/\b(def|func|function|fn)\s+\w*restore\w*\s*\(/i, {
        kinds: ['source'],
        limit: 5,
      })[0];
      const restoreScript =
        restoreInCode ??
        grepScripts(
          /\b(pg_restore|mongorestore|restic\s+restore|velero\s+restore|wal-g\s+backup-fetch|litestream\s+restore|pgbackrest\s+[^\n]*\brestore)\b/,
        ) ??
        repo.files.find((f) => /(^|\/)[\w-]*restore[\w-]*\.(sh|py|rb|ts|js)$/.test(f.path) && !f.isTest);
      if (restoreScript) {
        const rs = ctx.at(
          restoreScript.path,
          (restoreScript as Partial<GrepMatch>).line,
          (restoreScript as Partial<GrepMatch>).line ? 'restore command' : 'restore script',
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
      },
    );
  },
});

import type { GrepMatch, RepoIndex } from '../repo/index.js';
import type { Facts } from './index.js';
import { isBundle } from './languages.js';

const BACKUP_TOOL =
  /\b(pg_dump|pg_dumpall|pg_basebackup|mysqldump|mariadb-dump|mongodump|xtrabackup|mariabackup|restic|velero|wal-g|wal-e|pgbackrest|barman(?:-cloud-backup)?|borg\s+create|litestream|redis-cli\s+(?:--rdb|bgsave)|sqlite3\s+\S+\s+["']?\.backup|postgres-backup-local|mysql-backup|artisan\s+backup:run|manage\.py\s+dbbackup)\b/;
/**
 * A backup command the application's own scheduler runs: spatie/laravel-backup's `backup:run` in the Laravel schedule
 * (`$schedule->command('backup:run')`, `Schedule::command('backup:run')`), django-dbbackup's `call_command("dbbackup")`.
 */
const SCHEDULED_BACKUP = /\bcommand\(\s*['"](backup:run)\b|\bcall_command\(\s*['"](dbbackup)['"]/;
const RESTORE =
  /\b(pg_restore|mongorestore|mysql\s+[^|\n]*<|psql\s+[^|\n]*(<|-f)|restic\s+restore|velero\s+restore|wal-g\s+backup-fetch|pgbackrest\s+[^\n]*restore|litestream\s+restore|restore)\b/i;
/** What a data restore touches: a database, a dump or snapshot, a data folder, a bucket. */
const RESTORES_DATA =
  /\b(?:database|db|DB_\w+|sql\w*|mysql\w*|mariadb|psql|pg_\w+|postgres\w*|mongo\w*|sqlite\w*|redis|dump\w*|snapshot\w*|data\w*|bucket|s3)\b|\.sql\b/i;
/**
 * Managed backups declared as infrastructure: RDS/Cloud SQL/Azure retention, AWS Backup, CloudNativePG, Velero
 * schedules, and a nais Application's Cloud SQL instances (`gcp: sqlInstances:`, backed up daily by the platform). An
 * Azure database server's retention in Bicep (`backup: { backupRetentionDays: 35 }`) counts where it is given a value,
 * not where a parameter or type declares it (`param backupRetentionDays int`, `backupRetentionDays: int`). In the AWS
 * CDK, an RDS instance's or cluster's retention given in days (`backupRetention: Duration.days(7)`; zero turns the
 * automated backups off) and the Guardian's GuCDK opt-in to its AWS Backup plans (`devXBackups: { enabled: true }`).
 */
const MANAGED =
  /\b(backup_retention_period|backup_configuration|point_in_time_recovery_enabled|aws_backup_plan|aws_backup_selection|geo_redundant_backup_enabled|BackupRetentionPeriod|barmanObjectStore|kind:\s*(ScheduledBackup|Schedule)\b)|\bbackupRetentionDays\s*:\s*(?!int\b)\w|^\s*sqlInstances:|\bbackupRetention\s*:\s*(?:\w+\.)*Duration\.days\s*\(\s*[1-9]|\bdevXBackups\s*:\s*\{\s*enabled\s*:\s*true\b/;
/**
 * Where backups are scripted: shell, make, CI/compose/k8s YAML, Terraform, Bicep, package.json scripts, and code only in
 * ops folders (an AWS CDK app's `cdk/` among them) or backup-named files.
 */
const SCRIPT_FILES = [
  '**/*.{sh,bash,ps1}',
  '**/Makefile',
  '**/Justfile',
  '**/*.{yml,yaml,tf,hcl,toml,bicep}',
  '**/Dockerfile*',
  '**/crontab',
  '**/*.cron',
  'Procfile',
  '**/package.json',
  '**/{scripts,script,bin,ops,tools,deploy,infra,cdk,cron,jobs,tasks,backup,backups}/**/*.{py,rb,js,mjs,ts,go}',
  '**/*{backup,restore,dump}*.{py,rb,js,mjs,ts,go}',
];
/**
 * Writes an archive: what a backup feature of the application produces, directly or through the project's own archive
 * helper (`archive.Create(dataDir, dest)`).
 */
const ARCHIVE_WRITE =
  /\bzipfile\.ZipFile\s*\([^)]*["'][wa]["']|\btarfile\.open\s*\([^)]*["']w|\bmake_archive\s*\(|\barchive\/(?:zip|tar)\b|\bzip\.NewWriter\b|\btar\.NewWriter\b|\barchiver\s*\(|\bnew\s+(?:AdmZip|JSZip)\b|\barchiver?\.(?:Create|Compress|Archive)\w*\s*\(/;
/**
 * A backup run by the application's own code: a database dump tool started from it (`'mariadb-dump ' . $flags`,
 * `exec.Command("pg_dump", …)`, `["mysqldump", …]`, or in the database's container: `docker exec $id pg_dump …`)
 * or spatie/laravel-backup's job built and run in code (`BackupJobFactory::createFromConfig($config)`,
 * `Artisan::call('backup:run')`), as self-hosted apps offer from an admin page or a console command.
 */
const APP_BACKUP_RUN =
  /(?:["'`]|\bexec\s[^\n'"`;|&]{0,200}?\s)(pg_dump|pg_dumpall|mysqldump|mariadb-dump|mongodump)\b|\bBackupJobFactory::createFromConfig\s*\(|\bArtisan::call\s*\(\s*['"]backup:run\b/;
/**
 * A heading on watching backups, not making them ("Backup Monitoring", "Use Case: Backup Jobs" in the guide of a
 * monitoring product: its users' backups, not its own), or a numbered example of another feature ("Example 4:
 * Business Hours Backup" among a scheduler's recurrence patterns), or a standby of another kind: a fallback route or
 * server ("Active backup" among an AI gateway's routing patterns, "Backup providers"), sign-in backup codes.
 */
const NOT_BACKUP_HEADING =
  /^\W*examples?\s*\d*\s*[:.\u2013\u2014-]|\bactive[- ]back[- ]?up\b|\bback[- ]?up\s+(?:routes?|routing|servers?|providers?|upstreams?|nodes?|models?|channels?|endpoints?|codes?|domains?|gateways?|links?|targets?|mx)\b|\buse[- ]case\b|\bback[- ]?ups?\s+(?:(?:software|tools?|jobs?)\s+)?(?:monitoring|alerts?|notifications?|checks?|status|integrations?)\b|\bmonitor(?:ing)?\s+(?:your\s+)?back[- ]?ups?\b/i;
const BACKUP_HEADING = /\bback[- ]?ups?\b|\bbacking up\b|disaster recovery|\bDR\b|point[- ]in[- ]time recovery/i;
/** The raw text of every BACKUP_HEADING title matches this: documents without it are not parsed. */
const BACKUP_WORDS = /back[\W_]*ups?\b|backing|disaster|\bDR\b|point[\W_]*in[\W_]*time/i;

/**
 * A snapshot of a search engine's indices: a snapshot repository or call of the REST API (`PUT _snapshot/…`), a
 * snapshot lifecycle policy (Elasticsearch SLM `_slm/policy`, OpenSearch `_plugins/_sm/policies`), a client's
 * `snapshot.create(…)`, or a Curator `action: snapshot`; a restore from a snapshot (`…/_restore`) is not one.
 */
const SEARCH_SNAPSHOT =
  /(?:^|[\s'"`/])_snapshot\/(?![^\s'"`]*\/_restore)|\b_slm\/policy\b|\b_plugins\/_sm\/policies\b|\bsnapshot(?:\s*\(\s*\))?\s*\.\s*create\s*\(|^[ \t]*(?:-[ \t]*)?action:[ \t]*snapshot\b/m;

/** A script named for restoring: the snapshot repository it reads from is not where backups are taken. */
const RESTORE_SCRIPT = /(^|\/)[\w-]*restore[\w-]*\.(sh|py|rb|ts|js)$/;
/** A GitHub Actions workflow or composite action named for a restore (`restore_database.yml`, `restore-db/action.yml`). */
const RESTORE_WORKFLOW =
  /^\.github\/(?:workflows\/[\w.-]*restore[\w.-]*|actions\/[\w-]*restore[\w-]*\/action)\.ya?ml$/i;
/**
 * A script or workflow named for restoring data: `restore.sh`, or a name that says what it restores (`restore-db.sh`,
 * `db_restore.py`, `restore-snapshot.sh`); not a module that restores something else (a middleware named
 * `restore_secure_headers_request_config.rb`).
 */
const RESTORE_NAMES_DATA =
  /^restore$|(?:^|[-_])(?:db|database|backups?|dumps?|snapshots?|data|pg|postgres(?:ql)?|mysql|mongo(?:db)?|sql|sqlite|redis|volumes?|s3)(?:$|[-_])/i;

/**
 * A script named for backing up data (`backup.sh`, `backup-db.sh`, `db_backup.py`): a deployment kit's backup entry
 * point often runs the product's own export command (`docker compose run web export …`) rather than a dump tool.
 */
const BACKUP_SCRIPT = /(^|\/)([\w-]{0,80}?backups?[\w-]{0,80})\.(?:sh|bash|ps1|py|rb)$/i;
const BACKUP_NAMES_DATA =
  /^backups?$|(?:^|[-_])(?:db|database|dumps?|snapshots?|data|pg|postgres(?:ql)?|mysql|mongo(?:db)?|sql|sqlite|redis|volumes?|s3)(?:$|[-_])/i;

/** Snapshots of the search engine the service keeps its indices in, from scripts or its own code. */
function searchSnapshot(
  repo: RepoIndex,
  facts: Facts,
  grepScripts: (re: RegExp, keep: (h: GrepMatch) => boolean) => GrepMatch | undefined,
): GrepMatch | undefined {
  if (!facts.database.uses.some((u) => u.kind === 'search')) return undefined;
  return (
    grepScripts(SEARCH_SNAPSHOT, (h) => !RESTORE_SCRIPT.test(h.path)) ??
    repo
      .grep(SEARCH_SNAPSHOT, { kinds: ['source'], limit: 20 })
      .find((h) => !repo.get(h.path)?.isTest && facts.code.isCodeUse(h) && facts.liveness.isProductionPath(h.path))
  );
}

export interface BackupLine {
  path: string;
  line: number;
}

export interface BackupFacts {
  /** A backup command (pg_dump, restic, velero …) in scripts, Makefiles, CronJobs or compose, with the tool named. */
  tool?: BackupLine & {
    name: string;
    /** Known only by a script's name (`scripts/backup.sh`), not by a dump tool or backup command in it. */
    byName?: true;
  };
  /** Managed backups declared as infrastructure (retention periods, backup plans, CloudNativePG, Velero schedules). */
  managed?: BackupLine;
  /** SQLite's online backup API or VACUUM INTO in application code, or a bbolt snapshot in its backup code. */
  inCode?: BackupLine;
  /**
   * A backup feature of the application itself: a backup function in the code the service runs that writes an archive
   * (zip/tar) of its data, or that dumps its database (APP_BACKUP_RUN), as self-hosted apps offer from their admin
   * pages; `dump` names the dump tool or job it runs.
   */
  inApp?: BackupLine & { dump?: string };
  /** A guide section whose heading mentions backups or disaster recovery, and the first restore line in it. */
  docSection?: BackupLine & { restore?: number };
  /** A scripted restore: a restore function, a restore command in a script, or a *restore* script (line when known). */
  restoreScript(): { path: string; line?: number } | undefined;
}

/** Set-ups for local development (`docker/replica-cdc-dev/`, `dev/`, `development/`): not how production data is kept. */
const DEV_SETUP = /(^|\/)(?:dev|development|[\w.-]+-dev|dev-[\w.-]+)\//i;

/**
 * Backups as code (commands in scripts and manifests, managed backups in infrastructure, online backups in the
 * application), guide sections on backup and restore, and scripted restores. CI pipelines count only when scheduled,
 * schema-only dumps never; status and planning documents are not guides.
 */
export function detectBackups(repo: RepoIndex, facts: Facts): BackupFacts {
  // `pg_basebackup -R` (write the standby's recovery configuration) or `--slot` clones a primary into a streaming
  // replica: the command continued over `\` lines is read whole.
  const seedsReplica = (h: GrepMatch): boolean => {
    if (!/pg_basebackup/.test(h.text)) return false;
    const lines = repo.lines(h.path);
    let cmd = '';
    for (let i = h.line - 1; i < lines.length && i < h.line + 30; i++) {
      cmd += ` ${lines[i]}`;
      if (!/\\\s*$/.test(lines[i] ?? '')) break;
    }
    return /\s(?:-R|--write-recovery-conf|--slot(?:=|\s)|-S\s)/.test(cmd);
  };
  // CI pipelines count only when scheduled (a nightly backup job), and schema-only dumps are not backups.
  const scheduledCi = (p: string): boolean =>
    !/(^|\/)(\.github\/workflows\/|\.gitlab-ci|\.circleci\/)/.test(p) ||
    !!repo.grepFirst(/^\s*(schedule|cron)\s*:/, { paths: [p] });
  const grepScripts = (re: RegExp, keep: (h: GrepMatch) => boolean = () => true): GrepMatch | undefined =>
    repo.grep(re, { include: SCRIPT_FILES, kinds: ['source', 'config', 'other'], limit: 50 }).find(
      (h) =>
        keep(h) &&
        !repo.get(h.path)?.isTest &&
        // A word list in a bundled browser library (`barman` among the surnames of a password-strength checker in
        // `webroot/scripts/libs/`): no command.
        !isBundle(h.path, repo.read(h.path) ?? '') &&
        facts.code.isCodeUse(h) &&
        !/--schema-only|\s-s\b/.test(h.text) &&
        !seedsReplica(h) &&
        !DEV_SETUP.test(h.path) &&
        scheduledCi(h.path),
    );
  const scheduled = (): GrepMatch | undefined => {
    const h = repo
      .grep(SCHEDULED_BACKUP, { kinds: ['source'], languages: ['php', 'python'], limit: 20 })
      .find((x) => !repo.get(x.path)?.isTest && facts.code.isCodeUse(x) && facts.liveness.isProductionPath(x.path));
    const name = h && (h.groups[1] ? 'spatie/laravel-backup backup:run' : 'django-dbbackup dbbackup');
    return h && { ...h, groups: [h.groups[0]!, `${name} (scheduled by the application)`] };
  };
  const namedScript = (): GrepMatch | undefined => {
    const file = repo.files.find((f) => {
      const name = BACKUP_SCRIPT.exec(f.path)?.[2];
      return (
        !!name &&
        BACKUP_NAMES_DATA.test(name) &&
        !f.isTest &&
        f.kind !== 'docs' &&
        !DEV_SETUP.test(f.path) &&
        !/(^|\/)_?(?:examples?|samples?|demos?|tutorials?|fixtures?|vendor|node_modules)\//i.test(f.path)
      );
    });
    if (!file) return undefined;
    // The first command of the script: past the shebang, comments and blank lines.
    const lines = repo.lines(file.path);
    const i = lines.findIndex((l) => /\S/.test(l) && !/^\s*(?:#|\/\/|<#)/.test(l));
    if (i < 0) return undefined;
    const name = 'a backup script';
    return { path: file.path, line: i + 1, text: lines[i]!, groups: [name, name] } as GrepMatch;
  };
  const commandTool = grepScripts(BACKUP_TOOL) ?? scheduled();
  const scriptByName = commandTool ? undefined : namedScript();
  const tool = commandTool ?? scriptByName;
  // Cloudflare D1 keeps its own point-in-time history (Time Travel, always on: 30 days, 7 on the free plan), restored
  // with `wrangler d1 time-travel restore`: the binding declared in the Worker's config is the managed backup.
  const d1 = () =>
    facts.database.uses.some((u) => u.library === 'cloudflare-d1')
      ? repo.grepFirst(/^[ \t]*\[\[(?:env\.[\w-]+\.)?d1_databases\]\]|"d1_databases"\s*:/, {
          include: ['**/wrangler.{toml,json,jsonc}'],
        })
      : undefined;
  const managed = grepScripts(MANAGED) ?? d1() ?? searchSnapshot(repo, facts, grepScripts);

  // Documentation: a section whose heading mentions backup / disaster recovery, and restore in it. Only guides count:
  // a status or planning document ("MISSING: Backup and restore procedures") is never evidence of a backup.
  const docs = facts.docs;
  let docSection: { path: string; line: number; restore?: number } | undefined;
  for (const f of docs.guides()) {
    if (!docs.mayHaveHeading(f.path, BACKUP_WORDS)) continue;
    const lines = repo.lines(f.path);
    for (const sec of docs.evidenceSections(f.path)) {
      if (!BACKUP_HEADING.test(sec.title) || NOT_BACKUP_HEADING.test(sec.title)) continue;
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
  // Or a bbolt snapshot: a read transaction copied to a file (`tx.WriteTo(f)`, `tx.CopyFile(path, mode)`, bbolt's hot
  // backup) in backup code of the application (a `backup` command or handler).
  const inCode =
    repo
      .grep(/\.backup\s*\(\s*\w+|\bVACUUM\s+INTO\b/i, { kinds: ['source'], limit: 20 })
      .find((h) => facts.code.isCodeUse(h) && /sqlite/i.test(repo.read(h.path) ?? '')) ??
    repo
      .grep(/\b\w*[tT]x\.(?:WriteTo|CopyFile)\s*\(/, { kinds: ['source'], languages: ['go'], limit: 20 })
      .find(
        (h) =>
          !repo.get(h.path)?.isTest &&
          facts.code.isCodeUse(h) &&
          /(?:^|\/)[^/]*backup[^/]*$/i.test(h.path) &&
          /["'`](?:go\.etcd\.io\/bbolt|github\.com\/boltdb\/bolt|github\.com\/mjl-\/bstore)["'`]/.test(
            repo.read(h.path) ?? '',
          ),
      );

  // A backup feature of the application: `def create_backup(…)` / `func backupData(…)` / a Go method
  // `func (app *App) CreateBackup(…)` in a live file that writes an archive (zipfile, tarfile, make_archive,
  // archive/zip, archiver).
  const inApp = repo
    .grep(
      /\b(?:def|func|function|fn)\s+(?:\([^()\n]*\)\s*)?(?:[a-z]+_?)?backup\w*\s*\(|^\s*(?:async\s+)?(?:create|make|run|write)?_?[bB]ackup\w*\s*\([^)]*\)\s*\{/im,
      {
        kinds: ['source'],
        limit: 50,
      },
    )
    .find(
      (h) =>
        !repo.get(h.path)?.isTest &&
        facts.liveness.isLive(h.path) &&
        facts.liveness.isProductionPath(h.path) &&
        ARCHIVE_WRITE.test(repo.read(h.path) ?? ''),
    );
  const appRun = inApp
    ? undefined
    : repo.grep(APP_BACKUP_RUN, { kinds: ['source'], limit: 50 }).find(
        (h) =>
          !repo.get(h.path)?.isTest &&
          !DEV_SETUP.test(h.path) &&
          // Schema-only dumps keep no data; `-d` is MySQL's no-data flag, but pg_dump's database name.
          !/--schema-only|--no-data|\s-s\b|\b(?:mysqldump|mariadb-dump)\b.*\s-d\b/.test(h.text) &&
          // A dump command is a string of many words (`docker exec ${id} pg_dump -Fc -U app -d app -f …`).
          facts.code.isCodeUse(h, { stringsAreCode: true }) &&
          facts.liveness.isLive(h.path) &&
          facts.liveness.isProductionPath(h.path),
      );

  let restore: { value: { path: string; line?: number } | undefined } | undefined;
  const restoreScript = (): { path: string; line?: number } | undefined => {
    if (restore) return restore.value;
    // A restore function restores a backup only in code about backups: restoring a trashed record (a recycle bin's
    // `restore($id)`, Eloquent soft deletes) is not one, nor is a method that only ends in the word
    // (`serializeAndRestore` in an IDE helper).
    const restoreInCode = repo
      .grep(
        /\b(?:def|func|function|fn)\s+(?:\([^()\n]*\)\s*)?(?:_?restore\w*|\w*(?:[bB]ackup|[dD]ump|[dD]atabase|[dD]b|[sS]napshot)_?[rR]estore\w*)\s*\(/i,
        { kinds: ['source'], limit: 20 },
      )
      .find((h) => {
        if (repo.get(h.path)?.isTest) return false;
        // About backups: the function, the lines around it or the file's path (a large helper file that mentions
        // backups somewhere restores something else: a cache lock's `restoreLock`).
        const lines = repo.lines(h.path);
        const near = lines.slice(Math.max(0, h.line - 15), h.line + 25).join('\n');
        if (!/back[\W_]?up|(?:\b|sql|mysql|mariadb|pg_?|mongo)dump\b|snapshot/i.test(`${h.path}\n${near}`))
          return false;
        // …and its body reaches the data: a code updater's `restore()` that copies the files it set aside back over a
        // checkout restores code, not data.
        return RESTORES_DATA.test(lines.slice(h.line, h.line + 20).join('\n'));
      });
    const hit =
      restoreInCode ??
      grepScripts(
        /\b(pg_restore|mongorestore|restic\s+restore|velero\s+restore|wal-g\s+backup-fetch|litestream\s+restore|pgbackrest\s+[^\n]*\brestore|_snapshot\/[^\s'"`]+\/_restore)\b/,
      );
    const file = hit
      ? undefined
      : repo.files.find(
          (f) =>
            (RESTORE_SCRIPT.test(f.path) || RESTORE_WORKFLOW.test(f.path)) &&
            f.path
              .split('/')
              .filter((part) => /restore/i.test(part))
              .some((part) => RESTORE_NAMES_DATA.test(part.replace(/\.\w+$/, ''))) &&
            !f.isTest,
        );
    restore = { value: hit ? { path: hit.path, line: hit.line } : file ? { path: file.path } : undefined };
    return restore.value;
  };
  return {
    ...(tool
      ? {
          tool: {
            path: tool.path,
            line: tool.line,
            name: (tool.groups[1] ?? tool.groups[0])!,
            ...(tool === scriptByName ? { byName: true } : {}),
          },
        }
      : {}),
    ...(managed ? { managed: { path: managed.path, line: managed.line } } : {}),
    ...(inCode ? { inCode: { path: inCode.path, line: inCode.line } } : {}),
    ...(inApp
      ? { inApp: { path: inApp.path, line: inApp.line } }
      : appRun
        ? {
            inApp: {
              path: appRun.path,
              line: appRun.line,
              dump: /BackupJob|backup:run/.test(appRun.text)
                ? 'spatie/laravel-backup'
                : appRun.groups[1] || 'a database dump',
            },
          }
        : {}),
    ...(docSection ? { docSection } : {}),
    restoreScript,
  };
}

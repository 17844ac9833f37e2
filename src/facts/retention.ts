import type { RepoIndex } from '../repo/index.js';
import { inProse } from '../repo/text.js';
import type { CodeFacts } from './code.js';
import type { DocsFacts } from './docs.js';
import type { Facts } from './index.js';
import { browserCode } from './live-code.js';
import type { LivenessFacts } from './liveness.js';

/**
 * How long stored data is kept: TTLs and lifecycle rules declared on the stores, cleanup code that deletes records
 * older than a cutoff, scheduled prune/purge commands, retention settings, and documented retention policies.
 *
 * A cleanup counts when it deletes by age (a cutoff such as `created_at < now() - 30 days`) or is named for it
 * (prune, purge, cleanup, expire, retention) and deletes; deletion by id in a request handler is not retention.
 */
export interface RetentionSignal {
  path: string;
  line: number;
  note: string;
  /** Named or scheduled for retention (prune, purge, cleanup …), not only an age cutoff somewhere. */
  strong: boolean;
}

export interface RetentionFacts {
  /** TTLs and lifecycle rules on stores, buckets, log groups, topics and indices. */
  ttl: RetentionSignal[];
  /** Code that deletes data by age, and scheduled prune/purge commands. */
  cleanup: RetentionSignal[];
  /** Retention settings (RETENTION_DAYS, keep_days …) with no deletion seen applying them. */
  settings: RetentionSignal[];
  /** Sections of guides on data retention. */
  docs: RetentionSignal[];
}

const TTL: [RegExp, string, RegExp?][] = [
  // The C# driver spells the index option `ExpireAfter = TimeSpan…` (CreateIndexOptions); the Java driver (and Scala's,
  // and hmrc-mongo's repositories over it) a builder call, `IndexOptions().name("ttl").expireAfter(30, TimeUnit.DAYS)`
  // (read on the IndexOptions line: a cache's `.expireAfter(expiry)` is no index).
  [
    /\bexpireAfterSeconds\b|\bexpire_after_seconds\b|\b[eE]xpireAfter\s*[:=]|\bIndexOptions\s*\(\s*\)[^\n]*?\.expireAfter\s*\(/,
    'MongoDB TTL index',
  ],
  [
    /\bTimeToLiveSpecification\b|\bUpdateTimeToLive\b|\bupdate_time_to_live\b|^\s*ttl\s*\{|\btimeToLiveAttribute\s*:/,
    'DynamoDB time to live',
  ],
  [/\bdefault_time_to_live\b|\bUSING\s+TTL\b/i, 'Cassandra TTL'],
  // A Cosmos DB container's default time to live, set by the SDK (`ContainerProperties.DefaultTimeToLive`) or in
  // Bicep (`defaultTtl:`); only in a file about Cosmos DB (a cache library's options spell `defaultTtl` too).
  [
    /\bDefaultTimeToLive\s*=|^\s*defaultTtl\s*:/,
    'Cosmos DB time to live',
    /\bContainerProperties\b|\bCosmos|Microsoft\.DocumentDB\//,
  ],
  // Deno KV: kv.set(key, value, { expireIn: ms }) deletes the entry after that long; only in a file that writes to a
  // KV store (a signed URL's `expireIn: number` is no retention).
  [/\bkv\w*\.set\([^\n]*\bexpireIn\s*:|^\s*expireIn\s*:/i, 'Deno KV expireIn', /\bopenKv\s*\(|\bkv\w*\.set\(/i],
  // Also a table engine built in code with its TTL expression (`ReplacingMergeTree(…, ttl="timestamp +
  // toIntervalDay(retention_days)")`).
  [
    /^\s*TTL\s+\w+[^\n]*\bINTERVAL\b|\bTTL\s+toDate(?:Time)?\s*\(|\bttl\s*=\s*f?["'][^"'\n]*\btoInterval(?:Second|Minute|Hour|Day|Week|Month|Year)\s*\(/,
    'ClickHouse table TTL',
  ],
  [
    /\blifecycle_rule\b|\baws_s3_bucket_lifecycle_configuration\b|\bLifecycleConfiguration\b|\blifecycleRules\s*:|\bput_bucket_lifecycle\w*\b|\bPutBucketLifecycle\w*\b|\bgoogle_storage_bucket\b[^\n]*lifecycle/,
    'object storage lifecycle rule',
  ],
  [/\bretention_in_days\b|\bRetentionInDays\b|\blogRetention\s*:|\bRetentionDays\.\w+/, 'log group retention'],
  [/\bretention\.ms\b|\bretention\.hours\b|\blog\.retention\.\w+\b|\bretention_ms\b/, 'Kafka topic retention'],
  // Prometheus' own `--storage.tsdb.retention` is not here: it bounds the monitoring stack's metrics (a compose file's
  // prometheus service beside the app), not the records the service keeps, as a CI system's artifact retention.
  [/\badd_retention_policy\s*\(|\bretention_period\s*[:=]|\bretentionPeriod\s*:/, 'store retention policy'],
  [
    /["']?delete["']?\s*:\s*\{\s*["']?min_age["']?|\b_ilm\/policy\b|\bindex\.lifecycle\.name\b/,
    'index lifecycle (ILM) policy',
  ],
];

/**
 * Verbs that delete stored records (a repository method named for it too: `deleteOlderThan(cutoff)`, `purge_expired()`).
 * SQLAlchemy deletes a query's rows with `.delete(synchronize_session=…)`, builds `delete(Model).where(…)` statements
 * (2.0 style) and deletes loaded rows with `session.delete(row)`.
 */
const DELETE =
  /\.delete\s*\(\s*\)|\.delete\s*\(\s*synchronize_session\s*=|(?<![\w.])delete\s*\(\s*[A-Z]\w*\s*\)\s*\.(?:where|filter|filter_by)\s*\(|\b(?:db\.)?session\.delete\s*\(|\.delete\s*\(\s*\{|\.delete_all\b|\.destroy_all\b|\.destroy\s*\(\s*\{|\bdeleteMany\s*\(|\bdelete_many\s*\(|\bDELETE\s+FROM\b|->delete\s*\(\s*\)|->forceDelete\s*\(|\.Delete\s*\(|\.remove\s*\(\s*\{|\bdeleteBy\w*Before\w*\s*\(|\bdeleteAllBy\w*(?:Before|LessThan)\w*\s*\(|\bRepo\.delete_all\s*\(|\bremove_objects\s*\(|\b(?:delete|remove|purge)\w*(?:OlderThan|Before|Expired)\w*\s*\(|\b(?:delete|remove|purge)_(?:older_than|expired)\w*\s*\(|\bdiesel::delete\s*\(|\.delete\s*\(\s*&?(?:conn|db|pool|tx|txn)\s*\)|\.ExecuteDelete(?:Async)?\s*\(|\.RemoveRange\s*\(/;
/** An age cutoff. */
const CUTOFF =
  /__(?:lt|lte)\s*=(?!\s*-?\d+(?:\.\d+)?\s*[,)\]])|\$lt\b|\bOp\.lt\b|\blt\s*:\s*(?!\d)|\bLessThan\w*\s*\(|\bago\b|\btimedelta\s*\(|\bsub(?:Days|Hours|Months|Weeks|Minutes)\s*\(|->sub(?:Days|Hours|Months|Weeks|Minutes)\s*\(|\bcutoff\b|\bolder[_ ]?than\b|\b(?:dayjs|moment)\s*\([^)]*\)\s*\.subtract\s*\(|\bretention\w*|\bexpire[sd]?(?:_at|At)?\s*[<(]|\bAddDate\s*\(\s*(?:0\s*)?(?:,\s*)?-|\.Add\s*\(\s*-|\bINTERVAL\s+['"]?\d|\bnow\(\)\s*-(?!>)|<\s*(?:NOW|now)\s*\(|\bdatetime\.now\(\)\s*-|\bDate\.now\(\)\s*-|\bminus(?:Days|Hours|Weeks|Months|Years|Minutes)\s*\(|\bolderThan\b|\bAddDays\s*\(\s*-|\bdatetime_add\s*\([^)]*-\d|\.(?:lt|le)\s*\(\s*&?\w+\s*\)|-\s*(?:chrono::)?(?:TimeDelta|Duration)::(?:try_)?(?:days|hours|weeks|minutes)\s*\(/;
/**
 * A SQL delete whose condition bounds a timestamp column by a bound parameter (`DELETE FROM hits WHERE created_at < ?`,
 * `< $1`, `< '%s'` filled by Sprintf, `< :cutoff`): the caller passes the cutoff, so the rows go by age. Read from the
 * DELETE itself, not the lines around it (a keyset page `WHERE created_at < $1` of a listing deletes nothing): the span
 * stops where the DELETE's string literal ends (a quote followed by `,` or `)`), not in the next statement.
 */
const SQL_AGE_DELETE =
  /\bDELETE\s+FROM\b(?:(?!["`]\s*[,)])[^;<>]){0,200}(?:_at|_on|_time|_date|stamp|created|updated)\b["'`\]]?\s*<=?\s*(?:\$\d|\?|'?%[sdv]|:[a-z_]|@[a-z_])/i;
/**
 * A cap on how many records are kept: the newest N stay and the rest are deleted (`.OrderByDescending(m => m.Received)
 * .Skip(options.MessagesToKeep)`, a `keep_last` setting). Retention by count rather than by age.
 */
const KEEP_NEWEST =
  /\.OrderByDescending\s*\([^;]*?\.Skip\s*\(|\b\w*(?:ToKeep|_to_keep)\b|\bkeep_?(?:last|latest|newest)\b/i;
/** A Go count past a cap (`if len(execs) > MaxExecutions {`): the records over it are deleted. */
const OVER_CAP = /\bif\s+len\(\s*\w+\s*\)\s*>\s*[\w.]+\s*\{/g;

/** The text ends inside the block of a count-past-a-cap test: the delete at its end runs only over the cap. */
function insideCapBlock(text: string): boolean {
  for (const m of text.matchAll(OVER_CAP)) {
    let depth = 0;
    for (const c of text.slice(m.index + m[0].length - 1)) {
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) break;
    }
    if (depth > 0) return true;
  }
  return false;
}
/** Names of retention work. */
const PRUNE =
  /prune|purge|clean[-_]?up|clear[-_]?(?:old|expired|outdated)|outdated\w*?(?:clear|clean|destroy|delet|remov)|expire|retention|delete[-_]?(?:old|expired|stale)|remove[-_]?(?:old|expired|stale)|housekeep|vacuum|trim|rotate/i;

/** Translation catalogues (locales/en.json, i18n/de.yml …): their strings describe features, they configure none. */
const TRANSLATIONS = /(?:^|\/)(?:locales?|i18n|l10n|translations?|lang|langs|languages)\//i;

/** CI configuration: how long the build keeps its artifacts (`ARTIFACT_RETENTION_DAYS`) is not the service's data. */
const CI_CONFIG =
  /^(?:\.github|\.gitlab|\.circleci|\.buildkite|\.woodpecker|\.drone|\.semaphore)\/|^\.(?:gitlab-ci|travis|drone|woodpecker)\.ya?ml$/;

/** Schema migrations (Django, Alembic, Rails, Laravel, Ecto, Flyway): they run once, when the schema changes. */
const SCHEMA_MIGRATION =
  /(?:^|\/)(?:migrations|alembic\/versions|db\/migrate|database\/migrations|priv\/repo\/migrations)\/(?:.*\/)?[^/]+$/;

/** A socket, pid or lock file of the running process (`File.Delete(socketPath)`, `cleanup_stale_pidfile`). */
const RUNTIME_FILE = /socket|pid[-_]?file|lock[-_]?file|\.(?:pid|sock)\b/i;

/** Caches: what they evict is a copy, not the stored data. */
const CACHE = /cache|\blru\b|memoi[sz]|evict/i;

/**
 * Scheduled commands named for retention: cron lines, CronJobs, Celery beat, Laravel schedule, whenever, Procfile. A
 * Laravel schedule entry also by the command or job it runs (`Schedule::command(DeleteUnverifiedUsers::class)->hourly()`,
 * `$schedule->job(new CleanOrphanUploads)`), as an Oban Cron entry by its worker.
 */
const SCHEDULED =
  /\b(?:model:prune|queue:prune-\w+|telescope:prune|activitylog:clean|clearsessions|auth:clear-resets|sanctum:prune-expired)\b|(?:schedule|cron|beat|every|command)[^\n]{0,80}\b(?:prune|purge|clean_?up|cleanup|expire|retention|delete[-_]old)\w*|\b(?:Schedule::|\$schedule\s*->\s*)(?:command|job)\s*\(\s*(?:new\s+)?['"]?[\w\\:-]*?(?:delete|clean|prune|purge|expire|remove)/i;

/** An Oban Cron crontab entry or a Quantum job whose worker or task is named for retention or deletion (`DeleteStaleUploads`). */
const OBAN_CRON_RETENTION =
  /\{\s*"[^"\n]*(?:\*|@(?:daily|hourly|weekly|monthly|reboot))[^"\n]*"\s*,\s*[\w.]*(?:prune|purge|clean_?up|expire|retention|cull|delete|remove_?old)\w*|\btask\s*:\s*\{\s*[\w.]+\s*,\s*:(?:prune|purge|clean_?up|expire|retention|delete_?old|remove_?old)\w*/i;

/** A Hangfire job of a type named for retention, scheduled or recurring. */
const HANGFIRE_RETENTION =
  /\b(?:BackgroundJob|RecurringJob|\w*[jJ]obClient|\w*[jJ]obManager)\s*\.\s*(?:Schedule|AddOrUpdate)\s*<\s*I?(?:Purge|Expire|Cleanup|CleanUp|Prune|DeleteOld|DeleteExpired|Retention)\w*\s*>/;

/** A purge of stored data; a cache purge (`a CDN cache purge`, `purging the cache`) only refreshes copies. */
const RETENTION_HEADING =
  /\bretention\b|data lifecycle|(?<!\b(?:cache|cdn)\s)\bpurg(?:e|ing)\b(?!\s+(?:the\s+)?(?:cdn\s+)?cache)|data deletion|deleting (?:old |personal )?data/i;
const RETENTION_WORDS = /retention|lifecycle|purg|deletion|deleting/i;

// A backup's or a cache's retention (`promptCacheRetention: '24h'`, an LLM provider's prompt cache) keeps no stored data,
// nor does Prometheus' (`--storage.tsdb.retention=20d`): it bounds the monitoring stack's metrics.
const SETTING =
  /\b(?<!tsdb\.)(?!\w*(?:backup|cache))(?:\w*(?:RETENTION|retention|Retention)\w*|(?:KEEP|keep|DELETE_AFTER|delete_after)_?\w*_?(?:DAYS|days|Days))\s*(?:[:=]|=>)\s*(?:["'`]?\d|[\w.]*(?:int|Number|parseInt)\s*\(\s*)?[\w.]*(?:\d|environ|getenv|process\.env|env\s*\(|config\s*\(|settings\.|Setting)/i;

/**
 * A YAML key nested under a backup's settings: CloudNativePG's `spec.backup.retentionPolicy: '30d'`, a chart's
 * `backup: { retention: 7 }`, a `barmanObjectStore` or a snapshot schedule. It bounds how long the copies are kept,
 * not the records the service keeps (the key's own name naming a backup is already left out by SETTING).
 */
function underBackupKey(path: string, lines: readonly string[], line: number): boolean {
  if (!/\.ya?ml$/i.test(path)) return false;
  const indentOf = (l: string): number => l.length - l.trimStart().length;
  let indent = indentOf(lines[line - 1] ?? '');
  for (let i = line - 2; i >= 0 && indent > 0; i--) {
    const l = lines[i]!;
    const t = l.trim();
    if (!t || t.startsWith('#')) continue;
    const d = indentOf(l);
    if (d >= indent) continue;
    indent = d;
    const key = /^(?:-\s+)?["']?([\w.-]+)["']?\s*:/.exec(t)?.[1];
    if (key && /backup|barman|snapshot/i.test(key)) return true;
  }
  return false;
}

/** A C# method or local function declaration (`private Task<int> TrimMailboxAsync(string box) =>`). */
const CSHARP_MEMBER =
  /^\s*(?:(?:public|private|protected|internal|static|async|override|virtual|sealed)\s+)+[\w<>[\],.?]+\s+(\w+)\s*\(/;

/** C#: the method declared nearest above a line, within the dozen lines a deletion's window reads. */
function csharpMember(lines: string[], line: number): { name: string; line: number } | undefined {
  for (let i = line - 1; i >= Math.max(0, line - 13); i--) {
    const m = CSHARP_MEMBER.exec(lines[i] ?? '');
    if (m) return { name: m[1]!, line: i + 1 };
  }
  return undefined;
}

/** Vercel's config files, where Cron Jobs are declared (`crons: [{ path, schedule }]`). */
const VERCEL_CONFIG = ['vercel.json', 'vercel.ts', 'vercel.mts', 'vercel.js', 'vercel.mjs'];

/**
 * Vercel Cron Jobs: the platform requests each `crons[].path` of vercel.json (or of the `crons` list vercel.ts
 * exports) on its schedule. Each path with the line that declares it.
 */
function vercelCronPaths(repo: RepoIndex): { route: string; file: string; line: number }[] {
  const out: { route: string; file: string; line: number }[] = [];
  for (const file of VERCEL_CONFIG) {
    if (!repo.has(file)) continue;
    let routes: string[] = [];
    if (file.endsWith('.json')) {
      const crons = (repo.json(file) as { crons?: unknown } | undefined)?.crons;
      if (Array.isArray(crons))
        routes = crons
          .map((c) => (c as { path?: unknown } | null)?.path)
          .filter((x): x is string => typeof x === 'string');
    } else {
      const text = repo.read(file) ?? '';
      const at = text.search(/\bcrons\s*:/);
      if (at >= 0) routes = [...text.slice(at).matchAll(/\bpath\s*:\s*['"`](\/[^'"`\s]*)['"`]/g)].map((m) => m[1]!);
    }
    const lines = repo.lines(file);
    // The evidence line is the route's from the `crons` entry on (a rewrite or header earlier may name it too).
    const from = Math.max(
      0,
      lines.findIndex((l) => /(?:^|[\s{,])["']?crons["']?\s*:/.test(l)),
    );
    for (const route of routes) {
      const at = lines
        .slice(from)
        .findIndex((l) => l.includes(`"${route}"`) || l.includes(`'${route}'`) || l.includes(`\`${route}\``));
      out.push({ route, file, line: at >= 0 ? from + at + 1 : 1 });
    }
  }
  return out;
}

/** The files that serve a URL path on Vercel: a Next.js route handler or API route, or a function under api/. */
function vercelRouteFiles(repo: RepoIndex, route: string): string[] {
  const p = route.split('?')[0]!.replace(/\/+$/, '');
  const out: string[] = [];
  for (const root of ['', 'src/'])
    for (const ext of ['ts', 'js', 'mjs', 'tsx', 'jsx']) {
      out.push(`${root}app${p}/route.${ext}`, `${root}pages${p}.${ext}`, `${root}pages${p}/index.${ext}`);
      if (!root) out.push(`${p.slice(1)}.${ext}`);
    }
  return out.filter((f) => repo.has(f));
}

export function detectRetention(
  repo: RepoIndex,
  facts: { code: CodeFacts; liveness: LivenessFacts; docs: DocsFacts } & Pick<Facts, 'repo' | 'frameworks'>,
): RetentionFacts {
  const { code } = facts;
  // Browser code beside a server in another language (an OAuth state kept in localStorage and dropped when stale)
  // keeps nothing the service stores; translation catalogues only describe features ("expires every …").
  const browser = browserCode(facts as Facts);
  const prod = repo.files.filter(
    (f) =>
      !f.isTest &&
      !f.tooLarge &&
      facts.liveness.isProductionPath(f.path) &&
      !browser(f.path, f.language) &&
      !TRANSLATIONS.test(f.path) &&
      !CI_CONFIG.test(f.path),
  );
  // UI components (.jsx/.tsx/.vue/.svelte) render forms with retention fields; they enforce nothing.
  const sources = prod
    .filter((f) => f.kind === 'source' && !/\.(?:jsx|tsx|vue|svelte)$/.test(f.path))
    .map((f) => f.path);
  // Schema migrations run once per database: a data migration that drops rows it no longer needs is no standing
  // cleanup (a TTL index or retention policy a migration creates still counts, above).
  const cleanupSources = sources.filter((p) => !SCHEMA_MIGRATION.test(p));
  const config = prod
    .filter((f) =>
      /\.(?:ya?ml|tf|hcl|json|toml|sql|conf|cfg|ini|properties|cron)$|(?:^|\/)(?:Procfile|crontab)$/i.test(f.path),
    )
    .filter((f) => !/(?:^|\/)(?:package-lock\.json|composer\.lock|yarn\.lock|pnpm-lock\.yaml)$/.test(f.path))
    .map((f) => f.path);

  const ttl: RetentionSignal[] = [];
  // Mongoose schema fields with `expires` create a TTL index: only in files that use mongoose.
  const mongooseTtl = code
    .grep(/\bexpires\s*:\s*["'`]?\d+\s*[smhdw]?["'`]?\s*[,}]/, { paths: sources, limit: 20 })
    .find((h) => /["']mongoose["']/.test(repo.read(h.path) ?? '') && code.isCodeUse(h));
  if (mongooseTtl)
    ttl.push({ path: mongooseTtl.path, line: mongooseTtl.line, note: 'Mongoose TTL field (expires)', strong: true });
  for (const [re, note, fileUses] of TTL) {
    const hit = fileUses
      ? code.grep(re, { paths: [...sources, ...config], limit: 50 }).find((h) => fileUses.test(repo.read(h.path) ?? ''))
      : code.grepFirst(re, { paths: [...sources, ...config] });
    if (hit && code.isCodeUse(hit, { stringsAreCode: true }))
      ttl.push({ path: hit.path, line: hit.line, note, strong: true });
  }

  // Deletions by age, in product code (management commands and tasks included).
  const cleanup: RetentionSignal[] = [];
  const seen = new Set<string>();
  for (const h of code.grep(DELETE, { paths: cleanupSources, limit: 400 })) {
    if (cleanup.length >= 10) break;
    if (!code.isCodeUse(h, { stringsAreCode: true })) continue;
    const lines = repo.lines(h.path);
    const fn =
      code.enclosing(h.path, h.line) ??
      (repo.get(h.path)?.language === 'csharp' ? csharpMember(lines, h.line) : undefined);
    // The lines above the delete, within its own function: a neighbouring method's `now() - self.start` is no cutoff.
    const window = lines.slice(Math.max(0, h.line - 13, fn ? fn.line - 1 : 0), h.line + 2).join('\n');
    // A cache forgetting entries (an LRU, an in-memory map evicting expired keys) keeps no stored data shorter.
    const signature = fn ? (lines[fn.line - 1] ?? '') : '';
    if (CACHE.test(h.path.split('/').pop() ?? '') || CACHE.test(h.text) || CACHE.test(signature)) continue;
    // A key taken out of the web session or cookies (Rails `session.delete(:otp_seed)`) is request state, not stored
    // records (an ORM session's delete takes a record, not a key).
    if (/\b(?:session|cookies|flash)\.delete\s*\(\s*[:"']/.test(h.text)) continue;
    // A socket, pid or lock file a previous run left behind, removed before the server listens, is process state.
    if (RUNTIME_FILE.test(h.text) || RUNTIME_FILE.test(fn?.name ?? '')) continue;
    const named = PRUNE.test(h.path.split('/').pop() ?? '') || PRUNE.test(fn?.name ?? '');
    // The cap's test opens the block that deletes, often a loop with its logging in between: read further up.
    const block = lines.slice(Math.max(0, h.line - 25, fn ? fn.line - 1 : 0), h.line).join('\n');
    const capped = (named && KEEP_NEWEST.test(window)) || insideCapBlock(block);
    const cut = CUTOFF.test(window) || SQL_AGE_DELETE.test(lines.slice(h.line - 1, h.line + 3).join(' '));
    if (!cut && !named && !capped) continue;
    if (!cut && !capped && !/\b(?:expired?|old|stale)\b|cutoff|before/i.test(window)) continue;
    const key = `${h.path}:${fn?.name ?? h.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    cleanup.push({
      path: h.path,
      line: h.line,
      note: `deletes ${cut ? 'records older than a cutoff' : capped ? 'all but the newest records' : 'expired records'}${fn ? ` (${fn.name})` : ''}`,
      strong: named,
    });
  }
  // A method named for retention (`autoClearOld`, `purgeExpired`) that computes an age cutoff and hands the old records to
  // a deleting helper (`$this->destroyFromDeletion($d)` for each row created before it): the delete verb is elsewhere.
  for (const h of code.grep(CUTOFF, { paths: cleanupSources, limit: 200 })) {
    if (cleanup.length >= 10) break;
    const fn = code.enclosing(h.path, h.line);
    const base = h.path.split('/').pop() ?? '';
    // A class of its own named for the work (`outdated_problem_clearer.rb`, `ExpiredSessionPurger.java`): the cutoff
    // sits in one method (`criteria`) and the deletion in another (`ProblemDestroy.new(problem).execute`).
    const namedFile = PRUNE.test(base.replace(/\.\w+$/, ''));
    if (!fn && !namedFile) continue;
    if ((!fn || !PRUNE.test(fn.name)) && !namedFile) continue;
    if ((fn && CACHE.test(fn.name)) || CACHE.test(base)) continue;
    if (!code.isCodeUse(h, { stringsAreCode: true })) continue;
    const key = `${h.path}:${namedFile ? '' : fn!.name}`;
    if (seen.has(key) || (namedFile && cleanup.some((c) => c.path === h.path))) continue;
    const body = namedFile
      ? (repo.read(h.path) ?? '')
      : repo
          .lines(h.path)
          .slice(h.line - 1, h.line + 10)
          .join('\n');
    const deletes = namedFile
      ? /\b\w*(?:destroy|delet|remov|purg|prun|eras|wip)\w*\s*[(.]/i
      : /\b\w*(?:destroy|delete|remove|purge|prune|erase|wipe)\w*\s*\(/i;
    if (!deletes.test(body)) continue;
    seen.add(key);
    cleanup.push({
      path: h.path,
      line: h.line,
      note: `deletes records older than a cutoff (${namedFile ? base : fn!.name})`,
      strong: true,
    });
  }
  for (const h of code.grep(SCHEDULED, {
    paths: [
      ...config,
      ...prod
        .filter((f) =>
          /(?:schedule\.rb|Kernel\.php|console\.php|celery\w*\.py|settings\w*\.py|clock\.\w+)$/.test(f.path),
        )
        .map((f) => f.path),
    ],
    limit: 5,
  })) {
    // A setting's description in a JSON schema ("… disables the rewrite everywhere … its retention window") is prose.
    const text = repo.lines(h.path)[h.line - 1] ?? h.text;
    if (inProse(text, h.groups[0]!)) continue;
    // A JSON document in a SQL literal (`DEFAULT '{"cronJob":"","retentionDays":2}'`, in a migration or an ORM's
    // snapshot of the schema) is a value stored, not a schedule.
    if (/'\s*[[{][^']*$/.test(text.slice(0, text.indexOf(h.groups[0]!)))) continue;
    cleanup.push({ path: h.path, line: h.line, note: 'a scheduled cleanup command', strong: true });
  }
  // Scheduled jobs named for retention: an Elixir Oban Cron crontab entry or Quantum job (`{"0 1 * * *",
  // MyApp.MediaRetentionWorker}`, `task: {MyApp.Cleanup, :prune_old, []}`), a Hangfire job named for purging or expiry,
  // scheduled when a record is made or on a cron (`jobClient.Schedule<PurgeFileTransferHandler>(…)`,
  // `RecurringJob.AddOrUpdate<Cleanup>`).
  const schedulers: [RegExp, RegExp, string, boolean][] = [
    [OBAN_CRON_RETENTION, /\.exs?$/, 'Oban Cron / Quantum', true],
    [HANGFIRE_RETENTION, /\.cs$/, 'Hangfire', false],
  ];
  for (const [re, ext, label, stringsAreCode] of schedulers)
    for (const h of code.grep(re, { paths: prod.filter((f) => ext.test(f.path)).map((f) => f.path), limit: 3 }))
      if (code.isCodeUse(h, stringsAreCode ? { stringsAreCode } : undefined))
        cleanup.push({ path: h.path, line: h.line, note: `a scheduled cleanup job (${label})`, strong: true });
  // Laravel's pruning: models that declare what is prunable (run by model:prune).
  const prunable = code.grepFirst(/\buse\s+(?:Mass)?Prunable\s*;/, { paths: sources });
  if (prunable) cleanup.push({ path: prunable.path, line: prunable.line, note: 'a Prunable model', strong: true });
  // A Vercel Cron Job whose route is named for cleanup and deletes (`/api/clean_images` hourly, listing a bucket's
  // uploads and deleting them) is a scheduled cleanup job, as a cron line running a prune command is.
  for (const cron of vercelCronPaths(repo)) {
    if (!PRUNE.test(cron.route) && !/clean|delet|remov|sweep/i.test(cron.route)) continue;
    if (CACHE.test(cron.route)) continue;
    const handler = vercelRouteFiles(repo, cron.route).find((f) =>
      /\b\w*(?:destroy|delet|remov|purg|prun|eras|wip)\w*\s*[(.]|\bdelete\s+from\b/i.test(repo.read(f) ?? ''),
    );
    if (!handler) continue;
    cleanup.push({
      path: cron.file,
      line: cron.line,
      note: `a Vercel Cron Job calls ${cron.route}, whose handler (${handler}) deletes`,
      strong: true,
    });
  }
  cleanup.sort((a, b) => Number(b.strong) - Number(a.strong));

  const settings: RetentionSignal[] = [];
  const setting = code
    .grep(SETTING, { paths: [...sources, ...config], limit: 50 })
    .find((h) => code.isCodeUse(h) && !underBackupKey(h.path, repo.lines(h.path), h.line));
  if (setting)
    settings.push({
      path: setting.path,
      line: setting.line,
      note: `retention setting: ${setting.text.trim().slice(0, 60)}`,
      strong: false,
    });

  const docs: RetentionSignal[] = [];
  for (const f of facts.docs.guides()) {
    if (!facts.docs.mayHaveHeading(f.path, RETENTION_WORDS)) continue;
    const sec = facts.docs.evidenceSections(f.path).find((s) => RETENTION_HEADING.test(s.title));
    if (sec) {
      docs.push({ path: f.path, line: sec.line, note: `section "${sec.title}"`, strong: false });
      break;
    }
  }
  return { ttl, cleanup, settings, docs };
}

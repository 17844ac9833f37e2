import type { RepoIndex } from '../repo/index.js';
import type { CodeFacts } from './code.js';
import type { LivenessFacts } from './liveness.js';

/**
 * State a service keeps inside one process that goes wrong once a second instance runs: sessions held in memory or on
 * the local disk (a user is logged out when the next request lands elsewhere), jobs scheduled inside the web process
 * (every instance runs them), uploads written to the local disk (other instances cannot serve them), and Socket.IO
 * servers without an adapter (a broadcast reaches only the clients of one instance). Read from live production code.
 */
export interface InstanceStateHit {
  path: string;
  line: number;
  kind: 'session' | 'scheduler' | 'uploads' | 'websocket';
  note: string;
}

export interface InstanceStateFacts {
  hits: InstanceStateHit[];
  /** A distributed lock or leader election coordinates scheduled jobs (ShedLock, redlock, advisory locks …). */
  schedulerLock?: { path: string; line: number; note: string };
  /**
   * The process elects a leader (a controller-runtime manager's `LeaderElection:` option, client-go's leaderelection):
   * one instance works at a time by design, and further replicas are standbys that take over when it goes.
   */
  leaderElection?: { path: string; line: number; note: string };
}

interface StatePattern {
  re: RegExp;
  languages?: readonly string[];
  kind: InstanceStateHit['kind'];
  note: string;
  /** The hit counts only when the file does not also match this (a store or adapter configured beside it). */
  unless?: RegExp;
  /** The hit counts only in files that match this (the library is imported there). */
  within?: RegExp;
}

const JS = ['javascript', 'typescript'] as const;

const PATTERNS: StatePattern[] = [
  {
    re: /\bsession\s*\(\s*\{/,
    languages: JS,
    kind: 'session',
    note: 'express-session without a store keeps sessions in process memory (MemoryStore)',
    unless: /\bstore\s*:/,
    within: /["']express-session["']/,
  },
  {
    re: /\bnew\s+(?:session\.)?MemoryStore\s*\(|require\(\s*["']memorystore["']\s*\)|from\s+["']memorystore["']/,
    languages: JS,
    kind: 'session',
    note: 'sessions kept in an in-memory store',
  },
  { re: /\bmemstore\.NewStore\s*\(/, languages: ['go'], kind: 'session', note: 'sessions kept in memory (memstore)' },
  {
    re: /\bSESSION_TYPE\s*=\s*["']filesystem["']/,
    languages: ['python'],
    kind: 'session',
    note: 'Flask-Session stores sessions on the local disk',
  },
  {
    re: /\bSESSION_ENGINE\s*=\s*["']django\.contrib\.sessions\.backends\.file["']/,
    languages: ['python'],
    kind: 'session',
    note: 'Django sessions stored on the local disk',
  },
  {
    re: /\bcron\.schedule\s*\(|\bnew\s+CronJob\s*\(|\bschedule\.scheduleJob\s*\(/,
    languages: JS,
    kind: 'scheduler',
    note: 'a job scheduled inside the process (node-cron/cron/node-schedule): every instance runs it',
  },
  {
    re: /^\s*@(?:Cron|Interval)\s*\(/,
    languages: JS,
    kind: 'scheduler',
    note: 'a NestJS @Cron/@Interval job: every instance runs it',
  },
  {
    re: /\b(?:BackgroundScheduler|AsyncIOScheduler)\s*\(/,
    languages: ['python'],
    kind: 'scheduler',
    note: 'an APScheduler scheduler inside the process: every instance runs its jobs',
  },
  {
    re: /^\s*@Scheduled\s*\(/,
    languages: ['java', 'kotlin'],
    kind: 'scheduler',
    note: 'a @Scheduled job (Spring, Quarkus, Micronaut): every instance runs it',
  },
  {
    re: /\bcron\.New\s*\(|\bgocron\.NewScheduler\s*\(/,
    languages: ['go'],
    kind: 'scheduler',
    note: 'a cron scheduler inside the process: every instance runs its jobs',
  },
  {
    re: /\bRufus::Scheduler\.(?:new|singleton)\b/,
    languages: ['ruby'],
    kind: 'scheduler',
    note: 'a rufus-scheduler inside the process: every instance runs its jobs',
  },
  {
    re: /\bmulter\.diskStorage\s*\(|\bmulter\s*\(\s*\{\s*dest\s*:/,
    languages: JS,
    kind: 'uploads',
    note: 'uploads written to the local disk (multer)',
  },
  {
    re: /\bnew\s+Server\s*\([^)]*\)|\brequire\(\s*["']socket\.io["']\s*\)\s*\(/,
    languages: JS,
    kind: 'websocket',
    note: 'a Socket.IO server without an adapter: broadcasts reach only the clients of this instance',
    unless: /\.adapter\s*\(|createAdapter|socket\.io-redis/,
    within: /["']socket\.io["']/,
  },
];

const LOCKS =
  /@SchedulerLock\b|\bShedLock\b|\bredlock\b|\bRedlock\b|pg_try_advisory_lock|pg_advisory_lock|\bleader[-_ ]?election\b|\bLeaderElector\b|\bdistributed[-_ ]?lock\b/i;

const LEADER_ELECTION = /\bLeaderElection\s*:\s*(?!false\b)\w|\bleaderelection\.(?:RunOrDie|NewLeaderElector)\s*\(/;

export function detectInstanceState(
  repo: RepoIndex,
  facts: { code: CodeFacts; liveness: LivenessFacts },
): InstanceStateFacts {
  const live = facts.liveness.liveSources();
  const hits: InstanceStateHit[] = [];
  const seen = new Set<string>();
  for (const { pattern, match } of facts.code.scan(PATTERNS, live)) {
    if (pattern.unless?.test(facts.code.text(match.path) ?? '')) continue;
    if (pattern.within && !pattern.within.test(repo.read(match.path) ?? '')) continue;
    const key = `${pattern.kind}:${pattern.note}`;
    if (seen.has(key)) continue;
    seen.add(key);
    hits.push({ path: match.path, line: match.line, kind: pattern.kind, note: pattern.note });
  }
  const lock = hits.some((h) => h.kind === 'scheduler')
    ? facts.code.grepFirst(LOCKS, { paths: live.map((f) => f.path) })
    : undefined;
  const leader = facts.code.grepFirst(LEADER_ELECTION, {
    paths: live.filter((f) => f.language === 'go').map((f) => f.path),
  });
  return {
    hits,
    ...(leader
      ? { leaderElection: { path: leader.path, line: leader.line, note: `a leader is elected: ${leader.text.trim()}` } }
      : {}),
    ...(lock
      ? { schedulerLock: { path: lock.path, line: lock.line, note: `jobs are coordinated: ${lock.text}` } }
      : {}),
  };
}

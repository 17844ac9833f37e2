import type { RepoIndex } from '../repo/index.js';
import type { DocsFacts } from './docs.js';

/**
 * Disaster recovery as the guides document it: a dedicated document or a section on disaster recovery, failover or
 * restoring the service, and what it holds: recovery targets (RTO/RPO), steps (restore or failover commands, numbered
 * or listed steps), and when the procedure was last rehearsed. Status, planning and checklist documents never count
 * (src/facts/docs.ts). A backup section with restore steps gives steps, never targets.
 */
export interface RecoveryDoc {
  path: string;
  line: number;
  title: string;
  /** Lines (1-based) where each part was found. */
  targets?: number;
  steps?: number;
  rehearsed?: number;
  /** A disaster recovery / failover document or section, or only a backup-and-restore section. */
  about: 'recovery' | 'restore';
}

export interface DisasterRecoveryFacts {
  /** Best first: the most complete. */
  docs: RecoveryDoc[];
}

const DR_FILE =
  /(^|\/)(disaster[-_ ]?recovery|dr[-_ ]?(?:plan|runbook|procedure)s?|business[-_ ]continuity|bcp|failover|recovery[-_ ]?(?:plan|runbook|procedure)s?)(\.\w+)?$|(^|\/)(disaster[-_ ]?recovery|business[-_ ]continuity)\//i;
// `\bDR\b` not after `;`: "TL;DR" heads a summary.
const DR_HEADING =
  /disaster[- ]recovery|(?<!;)\bDR\b|fail[- ]?over|business continuity|recovery (?:plan|procedures?|runbook|steps)|restor(?:e|ing) (?:the )?(?:service|from|production|database)|\brecover(?:ing|y)? from\b/i;
const RESTORE_HEADING =
  /back[- ]?ups?\b.*\brestor|\brestor(?:e|ing)\b.*\b(?:backups?|database|data|service|production|snapshot)\b/i;
const HEADING_WORDS = /disaster|(?<!;)\bDR\b|fail[\W_]*over|continuity|recover|restor/i;

const TARGETS = /\bRTO\b|\bRPO\b|recovery[- ]time[- ]objective|recovery[- ]point[- ]objective/i;
const STEP_WORDS =
  /\b(?:restor\w*|fail[- ]?over|promot\w*|recover\w*|switch(?:ing)? over|re-?deploy\w*|rollback|pg_restore|mongorestore|velero|wal-g|pgbackrest|litestream|snapshot)\b/i;
const STEP_LINE = /^\s*(?:\d+[.)]\s|[-*+]\s|```|\$\s|`[^`]+`)|^\s{4,}\S/;
const REHEARSED =
  /\b(?:last (?:tested|rehearsed|exercised|drilled|run|verified)|rehears\w*|(?:dr |recovery |restore |failover )?drills?\b|game ?days?\b|table-?top\b|tested (?:on|in) \d{4}|restore tests?\b)/i;

export function detectDisasterRecovery(_repo: RepoIndex, facts: { docs: DocsFacts }): DisasterRecoveryFacts {
  const docs = facts.docs;
  const out: RecoveryDoc[] = [];
  const read = (path: string, line: number, title: string, body: string, about: RecoveryDoc['about']): void => {
    const lines = body.split(/\r?\n/);
    const d: RecoveryDoc = { path, line, title, about };
    let inFence = false;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      const n = line + i;
      if (/^\s*```/.test(l)) inFence = !inFence;
      if (d.targets === undefined && TARGETS.test(l)) d.targets = n;
      if (d.steps === undefined && STEP_WORDS.test(l) && (inFence || STEP_LINE.test(l))) d.steps = n;
      if (d.rehearsed === undefined && REHEARSED.test(l)) d.rehearsed = n;
    }
    out.push(d);
  };
  for (const f of docs.guides()) {
    if (DR_FILE.test(f.path)) {
      read(f.path, 1, f.path, docs.text(f.path), 'recovery');
      continue;
    }
    if (!docs.mayHaveHeading(f.path, HEADING_WORDS)) continue;
    const text = docs.text(f.path).split(/\r?\n/);
    for (const s of docs.evidenceSections(f.path)) {
      const about = DR_HEADING.test(s.title) ? 'recovery' : RESTORE_HEADING.test(s.title) ? 'restore' : undefined;
      if (!about) continue;
      read(f.path, s.line, s.title, text.slice(s.line - 1, s.endLine).join('\n'), about);
    }
  }
  const score = (d: RecoveryDoc): number =>
    Number(d.steps !== undefined) * 4 +
    Number(d.targets !== undefined) * 2 +
    Number(d.rehearsed !== undefined) * 2 +
    Number(d.about === 'recovery');
  return { docs: out.sort((a, b) => score(b) - score(a)) };
}

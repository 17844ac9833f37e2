// The fixture driver rules are tested with, built-in or not: `fixtures/<rule-id>/<pass|gap|na|error>-<case>/` is a small
// repository whose name says the expected verdict, and an optional `<case>.expect.yaml` beside it pins details. The test
// suite runs the built-in rules' cases through it; `readiness rules test <pack>` runs a rule pack's cases the same way.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { RepoIndex } from '../repo/index.js';
import type { Finding, Rule, Status } from '../sdk/types.js';
import { runRules } from './run.js';

/** Cases compute facts, some of which parse with tree-sitter: callers load the grammars once before running them. */
export { loadSyntaxTrees } from '../facts/syntax-trees.js';

/** The verdict a case's name prefix expects. */
export const CASE_PREFIX_STATUS: Record<string, Status> = { pass: 'pass', gap: 'gap', na: 'n/a', error: 'error' };

/** What a <case>.expect.yaml may pin. */
export const PINNABLE = ['messageId', 'confidence', 'message', 'evidence', 'remediation'] as const;

export interface CaseExpect {
  messageId?: string;
  confidence?: 'high' | 'low';
  message?: string;
  evidence?: { path: string; line?: number }[];
  /** Parts of remediation lines the gap must show (each a part of some line), e.g. the advice for its deployment target. */
  remediation?: string[];
}

export interface FixtureCase {
  name: string;
  dir: string;
  /** The verdict the name expects; undefined when the name has no known prefix (a mistake the driver reports). */
  expected?: Status;
  /** The <case>.expect.yaml beside the case, when there is one. */
  expectFile?: string;
}

export function caseStatus(name: string): Status | undefined {
  return CASE_PREFIX_STATUS[name.split('-')[0]!];
}

/** The case folders of one rule's fixture folder, by name. */
export function fixtureCases(ruleDir: string): FixtureCase[] {
  return fs
    .readdirSync(ruleDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const expectFile = path.join(ruleDir, `${name}.expect.yaml`);
      const expected = caseStatus(name);
      return {
        name,
        dir: path.join(ruleDir, name),
        ...(expected ? { expected } : {}),
        ...(fs.existsSync(expectFile) ? { expectFile } : {}),
      };
    });
}

/**
 * The verdict of one rule over a directory. A repository with several components has one finding per component: the
 * error or the gap when one has it (the repository has the gap), else the first pass, else the first finding.
 */
export function verdictOf(findings: readonly Finding[]): Finding | undefined {
  return (
    findings.find((f) => f.status === 'error') ??
    findings.find((f) => f.status === 'gap') ??
    findings.find((f) => f.status === 'pass') ??
    findings[0]
  );
}

/** Runs one rule over a case folder through the real engine path. */
export function judgeCase(dir: string, rule: Rule): Finding {
  const finding = verdictOf(runRules({ repo: RepoIndex.fromDirectory(dir), rules: [rule] }).findings);
  if (!finding) throw new Error(`${rule.meta.id} produced no finding on ${dir}`);
  return finding;
}

export function readExpect(file: string): CaseExpect {
  return (YAML.parse(fs.readFileSync(file, 'utf8')) ?? {}) as CaseExpect;
}

/**
 * The finding seen through the keys an expect file pins: equal to the expectation when every pinned detail holds
 * (a message is pinned by a part of it; evidence by path and, when given, line; remediation by parts of its lines).
 */
export function seenThrough(f: Finding, exp: CaseExpect): Record<string, unknown> {
  const found = (e: { path: string; line?: number }) =>
    f.evidence.some((x) => x.path === e.path && (e.line === undefined || x.line === e.line));
  return {
    ...('messageId' in exp ? { messageId: f.messageId } : {}),
    ...('confidence' in exp ? { confidence: f.confidence } : {}),
    ...('message' in exp ? { message: f.message.includes(exp.message!) ? exp.message : f.message } : {}),
    ...('evidence' in exp
      ? { evidence: exp.evidence!.map((e) => (found(e) ? e : { notFoundIn: f.evidence, wanted: e })) }
      : {}),
    ...('remediation' in exp
      ? {
          remediation: exp.remediation!.map((part) =>
            (f.remediation ?? []).some((l) => l.includes(part))
              ? part
              : { notFoundIn: f.remediation ?? [], wanted: part },
          ),
        }
      : {}),
  };
}

export interface CaseResult {
  rule: string;
  case: string;
  finding?: Finding;
  /** What is wrong with the verdict; empty when the case holds. */
  problems: string[];
}

/** Judges one case: its status, evidence on a pass or gap, and what its expect file pins. */
export function checkCase(c: FixtureCase, rule: Rule): CaseResult {
  const out: CaseResult = { rule: rule.meta.id, case: c.name, problems: [] };
  if (!c.expected) {
    out.problems.push(`case ${c.name} must start with pass-, gap-, na- or error-`);
    return out;
  }
  const f = judgeCase(c.dir, rule);
  out.finding = f;
  if (f.status !== c.expected) out.problems.push(`expected ${c.expected}, got ${f.status}: ${f.message}`);
  if ((f.status === 'pass' || f.status === 'gap') && !f.evidence.length)
    out.problems.push('the verdict has no evidence');
  if (c.expectFile) {
    const exp = readExpect(c.expectFile);
    const unknown = Object.keys(exp).filter((k) => !(PINNABLE as readonly string[]).includes(k));
    if (unknown.length) out.problems.push(`unknown keys in ${path.basename(c.expectFile)}: ${unknown.join(', ')}`);
    const seen = seenThrough(f, exp);
    if (JSON.stringify(seen) !== JSON.stringify(exp))
      out.problems.push(`${path.basename(c.expectFile)}: wanted ${JSON.stringify(exp)}, saw ${JSON.stringify(seen)}`);
  }
  return out;
}

/** Message ids of a rule that none of its cases produce (every template must be shown reachable). */
export function unproducedMessages(rule: Rule, results: readonly CaseResult[]): string[] {
  const produced = new Set(results.map((r) => r.finding?.messageId));
  return Object.keys(rule.meta.messages).filter((m) => !produced.has(m));
}

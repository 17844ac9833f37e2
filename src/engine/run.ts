import { performance } from 'node:perf_hooks';
import { Facts } from '../facts/index.js';
import { checkRequirement } from '../facts/requirements.js';
import { redactSecretsIn } from '../facts/secrets.js';
import type { RepoIndex } from '../repo/index.js';
import type { Finding, Rule, RuleOptions, Severity } from '../sdk/types.js';
import { timed } from '../timing.js';
import { createContext } from './context.js';
import { projectStacks, remediationFor, type Stack } from './remediation.js';

export interface RuleSettings {
  /** Severity override from config. */
  severity?: Severity;
  options?: RuleOptions;
}

export interface EngineInput {
  repo: RepoIndex;
  rules: readonly Rule[];
  settings?: Record<string, RuleSettings>;
  facts?: Facts;
  onRuleStart?: (rule: Rule, index: number, total: number) => void;
}

export interface EngineOutput {
  findings: Finding[];
  facts: Facts;
  durationMs: number;
}

/** Runs each rule once, guarded: a throwing rule becomes an `error` finding and the audit goes on. */
export function runRules(input: EngineInput): EngineOutput {
  const facts = input.facts ?? new Facts(input.repo);
  const started = performance.now();
  const findings: Finding[] = [];
  let stacks: Set<Stack> | undefined;
  const stacksOf = (): Set<Stack> => {
    try {
      stacks ??= projectStacks(facts);
    } catch {
      stacks = new Set();
    }
    return stacks;
  };
  input.rules.forEach((rule, i) => {
    input.onRuleStart?.(rule, i, input.rules.length);
    const { meta } = rule;
    const settings = input.settings?.[meta.id] ?? {};
    const t0 = performance.now();
    const base = {
      ruleId: meta.id,
      category: meta.category,
      title: meta.title,
      severity: settings.severity ?? meta.severity,
      level: meta.level,
      effort: meta.docs.effort,
      ...(meta.docs.url ? { docsUrl: meta.docs.url } : {}),
    };
    try {
      const verdict = timed('rules', `rule ${meta.id}`, () => {
        const unmet = (meta.requires ?? []).map((r) => checkRequirement(r, facts)).find((r) => !r.met);
        return unmet
          ? createContext(rule, input.repo, facts, {}).na(unmet.reason)
          : rule.check(createContext(rule, input.repo, facts, optionsOf(rule, settings.options)));
      });
      findings.push({
        ...base,
        status: verdict.status,
        message: redactSecretsIn(verdict.message),
        ...(verdict.messageId ? { messageId: verdict.messageId } : {}),
        // Defence in depth: no rule may put a credential into a report or the history, even by quoting a line.
        evidence: verdict.evidence.map((e) => ({
          ...e,
          note: redactSecretsIn(e.note),
          ...(e.excerpt ? { excerpt: redactSecretsIn(e.excerpt, e.path) } : {}),
        })),
        ...(verdict.status === 'gap' ? { remediation: remediationFor(meta.docs.fix, stacksOf()) } : {}),
        confidence: verdict.confidence,
        durationMs: round(performance.now() - t0),
      });
    } catch (err) {
      findings.push({
        ...base,
        status: 'error',
        message: redactSecretsIn(`rule crashed: ${(err as Error)?.message ?? String(err)}`),
        evidence: [],
        confidence: 'low',
        durationMs: round(performance.now() - t0),
      });
    }
  });
  return { findings, facts, durationMs: round(performance.now() - started) };
}

/** The rule's options with the defaults of its schema (the config loader has already rejected invalid ones). */
function optionsOf(rule: Rule, given: RuleOptions | undefined): RuleOptions {
  return rule.meta.options ? rule.meta.options.parse(given ?? {}) : (given ?? {});
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

import { performance } from 'node:perf_hooks';
import type { Component } from '../facts/components.js';
import { Facts } from '../facts/index.js';
import { checkRequirement } from '../facts/requirements.js';
import { redactSecretsIn } from '../facts/secrets.js';
import { printable } from '../printable.js';
import type { RepoIndex } from '../repo/index.js';
import type { ComponentContext, Evidence, Finding, Rule, RuleOptions, Severity, Verdict } from '../sdk/types.js';
import { createContext, renderMessage } from './context.js';
import { timed } from '../timing.js';
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
  /**
   * The components whose component-scoped rules run (default: every component of `facts.components`). A repository
   * with one component runs each rule once over the whole repository, exactly as a repository without components.
   */
  components?: readonly Component[];
  onRuleStart?: (rule: Rule, index: number, total: number) => void;
}

export interface EngineOutput {
  findings: Finding[];
  facts: Facts;
  /** The components judged, in order. */
  components: Component[];
  durationMs: number;
}

/** A component-scoped rule runs once per component; any other rule once for the repository. */
export function scopeOf(rule: Rule): 'component' | 'repository' {
  return rule.meta.scope ?? 'repository';
}

function contextOf(c: Component): ComponentContext {
  return { id: c.id, path: c.path, kind: c.kind, stack: c.stack, target: c.target, deployed: c.deployed };
}

/**
 * Runs each rule, guarded: a throwing rule becomes an `error` finding and the audit goes on. Component-scoped rules
 * run once per component over the component's view (its folder as the index root, its facts); evidence is mapped
 * back to repository paths. Repository-scoped rules run once over the whole repository.
 */
export function runRules(input: EngineInput): EngineOutput {
  const facts = input.facts ?? new Facts(input.repo);
  const started = performance.now();
  const all = facts.components;
  const components = [...(input.components ?? all.list)];
  const single = all.single && components.length === 1 && components[0] === all.list[0];
  const findings: Finding[] = [];
  // The stacks whose remediation lines apply: the repository's for repository-wide rules, a component's for its own.
  const stacks = new Map<Facts, Set<Stack>>();
  const stacksOf = (f: Facts) => (): Set<Stack> => {
    let s = stacks.get(f);
    if (!s) {
      try {
        s = projectStacks(f);
      } catch {
        s = new Set();
      }
      stacks.set(f, s);
    }
    return s;
  };
  if (single || components.length <= 1) {
    input.rules.forEach((rule, i) => {
      input.onRuleStart?.(rule, i, input.rules.length);
      if (scopeOf(rule) === 'repository') {
        findings.push(judge(rule, input.repo, facts, input.settings, null, stacksOf(facts)));
        return;
      }
      for (const c of components) {
        const cf = facts.forComponent(c);
        findings.push(judge(rule, cf.repo, cf, input.settings, c, stacksOf(cf)));
      }
    });
    return { findings, facts, components, durationMs: round(performance.now() - started) };
  }
  // Several components: the repository's rules first, then each component's rules together, so that a component's
  // view and its facts can be let go once it is judged (held for every component until the end, they were most of a
  // monorepo's memory, and the collector's work grows with what is held). Findings keep the order rule by rule.
  const byRule: Finding[][] = input.rules.map(() => []);
  input.rules.forEach((rule, i) => {
    if (scopeOf(rule) !== 'repository') return;
    input.onRuleStart?.(rule, i, input.rules.length);
    byRule[i]!.push(judge(rule, input.repo, facts, input.settings, null, stacksOf(facts)));
  });
  // A component another one uses (a database package: migrationsOf, databaseOf) is kept: those facts are asked of it
  // again, and must be the very ones computed while the components were judged.
  const used = new Set(all.list.flatMap((c) => c.uses ?? []));
  for (const c of components) {
    const cf = facts.forComponent(c);
    input.rules.forEach((rule, i) => {
      if (scopeOf(rule) !== 'component') return;
      input.onRuleStart?.(rule, i, input.rules.length);
      byRule[i]!.push(judge(rule, cf.repo, cf, input.settings, c, stacksOf(cf)));
    });
    if (used.has(c.path)) continue;
    stacks.delete(cf);
    facts.releaseComponent(c);
  }
  for (const list of byRule) findings.push(...list);
  return { findings, facts, components, durationMs: round(performance.now() - started) };
}

function judge(
  rule: Rule,
  repo: RepoIndex,
  facts: Facts,
  allSettings: Record<string, RuleSettings> | undefined,
  component: Component | null,
  stacksOf: () => Set<Stack>,
): Finding {
  const { meta } = rule;
  const settings = allSettings?.[meta.id] ?? {};
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
  const where = component ? contextOf(component) : undefined;
  try {
    const verdict = timed('rules', `rule ${meta.id}`, () => {
      const unmet = (meta.requires ?? []).map((r) => checkRequirement(r, facts)).find((r) => !r.met);
      return unmet
        ? createContext(rule, repo, facts, {}, where).na(unmet.reason)
        : rule.check(createContext(rule, repo, facts, optionsOf(rule, settings.options), where));
    });
    const fix = (component && meta.docs.fixFor?.[component.target]) || meta.docs.fix;
    return {
      ...base,
      status: verdict.status,
      message: printable(redactSecretsIn(messageInRepository(repo, rule, verdict))),
      ...(verdict.messageId ? { messageId: verdict.messageId } : {}),
      // Defence in depth: no rule may put a credential into a report or the history, even by quoting a line, nor a
      // terminal control sequence the repository wrote.
      evidence: verdict.evidence.map((e) => {
        const mapped = toRepository(repo, e);
        return {
          ...mapped,
          note: printable(redactSecretsIn(mapped.note)),
          ...(mapped.excerpt ? { excerpt: printable(redactSecretsIn(mapped.excerpt, mapped.path)) } : {}),
        };
      }),
      ...(verdict.status === 'gap' ? { remediation: remediationFor(fix, stacksOf()) } : {}),
      ...(verdict.status === 'gap' && verdict.size ? { size: verdict.size } : {}),
      confidence: verdict.confidence,
      durationMs: round(performance.now() - t0),
      component: component?.id ?? null,
    };
  } catch (err) {
    return {
      ...base,
      status: 'error',
      message: printable(redactSecretsIn(`rule crashed: ${(err as Error)?.message ?? String(err)}`)),
      evidence: [],
      confidence: 'low',
      durationMs: round(performance.now() - t0),
      component: component?.id ?? null,
    };
  }
}

/** A searched entry that names a file or folder (not a tool, a setting or a module name). */
const FILE_LIKE =
  /^[\w.*{}-]+(\/[\w.*{}-]+)+\/?$|^\.[\w.*-]+$|^[\w*-]+(\.[\w*-]+)*\.(json|jsonc|ya?ml|toml|txt|lock|ini|cfg|py|[cm]?[jt]sx?|go|rb|java|kts?|xml|gradle|mod|sum|env|conf|md|properties|dockerignore)$|^(Dockerfile|Containerfile|Procfile|Makefile|Gemfile|Pipfile|Jenkinsfile|Rakefile)(\.[\w*-]+)?$/;

/** A view path as a repository path, when it is one (`Dockerfile` in backend's view is `backend/Dockerfile`). */
function pathToRepo(repo: RepoIndex, s: string): string {
  return s.startsWith('../') || repo.has(s) || repo.hasDir(s) || FILE_LIKE.test(s) ? repo.toRepo(s) : s;
}

/**
 * The message of a component's verdict with the paths it names in repository terms: template data that names a file
 * of the view is mapped and the message rendered again; a literal message (an n/a reason) has its paths mapped in place.
 */
function messageInRepository(repo: RepoIndex, rule: Rule, v: Verdict): string {
  if (repo.base === '.') return v.message;
  const template = v.messageId ? rule.meta.messages[v.messageId] : undefined;
  if (!template || !v.data || v.message !== renderMessage(template, v.data)) return dataInRepository(repo, v.message);
  const data = Object.fromEntries(
    Object.entries(v.data).map(([k, x]) => [k, typeof x === 'string' ? dataInRepository(repo, x) : x]),
  );
  return renderMessage(template, data);
}

/**
 * A template value in repository terms: a value that is a path of the view is mapped whole; in a sentence (a start path
 * summary, a list of files) each path that leaves the view (`../../Dockerfile:45`) or names a file of it (`src/main.ts`)
 * or a line of it (`Dockerfile.bun:25`) is mapped on its own, the rest of the text kept. Any other bare name
 * (`package.json`) is left: in a sentence it may name a file of an image or of another folder.
 */
function dataInRepository(repo: RepoIndex, x: string): string {
  if (!/\s/.test(x)) return repo.has(x) || repo.hasDir(x) || x.startsWith('../') ? repo.toRepo(x) : x;
  return x.replace(/(?<![\w./@+-])(?:[\w.@+-]*\/[\w./@+-]*[\w@+-]|[\w.@+-]+(?=:\d))/g, (p) =>
    p.startsWith('../') || repo.has(p) ? repo.toRepo(p) : p,
  );
}

/** Evidence of a component's view, in repository paths (a searched entry is mapped when it names a path). */
function toRepository(repo: RepoIndex, e: Evidence): Evidence {
  if (repo.base === '.') return e;
  const searched = e.searched?.map((s) => pathToRepo(repo, s));
  return {
    ...e,
    // '.' stays the whole of what was judged (the component, which the finding names).
    path: e.path === '.' ? '.' : repo.toRepo(e.path),
    ...(searched ? { searched } : {}),
  };
}

/** The rule's options with the defaults of its schema (the config loader has already rejected invalid ones). */
function optionsOf(rule: Rule, given: RuleOptions | undefined): RuleOptions {
  return rule.meta.options ? rule.meta.options.parse(given ?? {}) : (given ?? {});
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

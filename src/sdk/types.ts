import type { RepoIndex } from '../repo/index.js';
import type { Facts } from '../facts/index.js';
import type { RequirementName } from '../facts/requirements.js';
import type { ZodType } from 'zod';
import type { ComponentTarget } from '../facts/components.js';

export type Status = 'pass' | 'gap' | 'n/a' | 'error';
export type Severity = 'critical' | 'high' | 'medium' | 'low';
export type Level = 1 | 2 | 3;
export type Effort = 'S' | 'M' | 'L';
export type Confidence = 'high' | 'low';

export const CATEGORIES = [
  'container',
  'deploy',
  'config',
  'deps',
  'data',
  'api',
  'security',
  'observability',
  'resilience',
  'testing',
  'ci',
  'docs',
  'code',
] as const;
export type CategoryId = (typeof CATEGORIES)[number];
/** A built-in category, or one an organisation's own checks introduce (lower case: `compliance`). */
export type Category = CategoryId | (string & {});

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

/** Sort rank of a severity, most severe first (0 = critical). */
export const SEVERITY_RANK = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Record<Severity, number>;

/** One piece of evidence: where a practice was found, or what was searched when it was not. */
export interface Evidence {
  kind: 'found' | 'missing';
  /** Repository-relative POSIX path; '.' for the repository as a whole. */
  path: string;
  line?: number;
  excerpt?: string;
  note: string;
  searched?: string[];
}

export interface RuleDocs {
  why: string;
  how: string;
  fix: string[];
  /** Remediation in the words of a deployment target (a PaaS builds the image; serverless has no container): replaces `fix` for a component deployed there. */
  fixFor?: Partial<Record<ComponentTarget, string[]>>;
  effort: Effort;
  links?: string[];
  /** The rule's documentation page; set for built-in rules by the registry, linked from every finding. */
  url?: string;
}

/**
 * Where a rule is judged. `component`: once per component of the repository (its code, image, API, tests), with the
 * index and facts narrowed to the component (see src/repo/view.ts). `repository`: once for the whole repository (CI,
 * dependency automation, license, docs, practices of the system as a whole).
 */
export type RuleScope = 'component' | 'repository';

/** The component a component-scoped rule is judging (`ctx.component`). */
export interface ComponentContext {
  id: string;
  /** Repository folder of the component ('.' for the root); `ctx.repo` is rooted there. */
  path: string;
  kind: string;
  stack: string;
  target: ComponentTarget;
  deployed: boolean;
}

export interface RuleMeta {
  /** `<prefix>.<name>`: equals rules/<prefix>/<name>.ts and an id of the check catalog. */
  id: `${string}.${string}`;
  category: Category;
  /** The desired state, e.g. "Container runs as a non-root user". */
  title: string;
  severity: Severity;
  level: Level;
  /** Judged once per component, or once for the repository (see RuleScope). Undeclared: the repository. */
  scope?: RuleScope;
  /** Facts the rule needs; when one is unmet the rule is n/a with the fact's reason, before check() runs. */
  requires?: RequirementName[];
  docs: RuleDocs;
  /** Message templates keyed by id; `{{name}}` placeholders are filled from the verdict's data. */
  messages: Record<string, string>;
  /**
   * Phrases with which readiness documents name this practice ("rate limiting", "non-root user"): the claims audit
   * maps a document's line to every check whose phrase it contains (whole words; plural and -ing/-ed forms match).
   * A phrase starting with `!` excludes: a line naming it is about something else ('!benchmark' for load tests).
   */
  claims?: string[];
  /**
   * The rule's options (`rules.<id>.options` in the config), as a zod schema: a misspelt or mistyped option is a
   * config error, and the parsed value (with defaults) is what `ctx.options` holds. A rule without one takes none.
   */
  options?: ZodType<RuleOptions>;
  /** Where the rule comes from, set when it is loaded (never by its author): built-in rules have none. */
  source?: RuleSource;
}

/** Where a rule was declared: a check in the audited repository's config, in a shared profile, or a rule pack. */
export interface RuleSource {
  kind: 'config' | 'profile' | 'pack';
  /** The config or profile file, or the pack's name. */
  name?: string;
}

export interface Verdict {
  status: Exclude<Status, 'error'>;
  messageId?: string;
  message: string;
  evidence: Evidence[];
  confidence: Confidence;
  data?: Record<string, string | number>;
  size?: GapSize;
}

/**
 * How much work a gap is, counted by the rule: `count` sites, routes, calls or containers (the `unit`) in `files`
 * files. Plans scale an item's effort from it and show it as the estimate's basis.
 */
export interface GapSize {
  count: number;
  /** What is counted, singular: 'route', 'call site', 'mock site'. */
  unit: string;
  files?: number;
}

export interface VerdictExtra<Id extends string = string> {
  messageId?: Id;
  data?: Record<string, string | number>;
  confidence?: Confidence;
  /** How much work the gap is (a gap's sites, routes or calls), for plans' effort estimates. */
  size?: GapSize;
  /** A literal message; overrides the template. */
  message?: string;
}

export interface RuleOptions {
  [key: string]: unknown;
}

/** What a rule's check() is given. `Id` is the rule's message ids: a misspelt id does not compile. */
export interface RuleContext<Id extends string = string> {
  repo: RepoIndex;
  facts: Facts;
  options: RuleOptions;
  /** The component being judged (component-scoped rules); undefined for repository-scoped rules. */
  component?: ComponentContext;
  pass(evidence: Evidence[], extra?: VerdictExtra<Id>): Verdict;
  gap(messageId: Id, evidence: Evidence[], extra?: Omit<VerdictExtra<Id>, 'messageId'>): Verdict;
  na(reason: string): Verdict;
  /** Evidence that something was found at path:line. Line text becomes the excerpt when not given. */
  at(path: string, line: number | undefined, note: string, excerpt?: string): Evidence;
  /** Evidence that something was searched for and not found. */
  missing(searched: string[], note: string): Evidence;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): Verdict;
}

/** What the engine emits, JSON prints and history stores. */
export interface Finding {
  ruleId: string;
  category: Category;
  title: string;
  status: Status;
  severity: Severity;
  level: Level;
  message: string;
  messageId?: string;
  evidence: Evidence[];
  remediation?: string[];
  effort: Effort;
  /** The size of a gap, when the rule counts it (sites, routes, calls …). */
  size?: GapSize;
  confidence: Confidence;
  durationMs: number;
  /** The rule's documentation page. */
  docsUrl?: string;
  /** Set when a waiver in the config covers this gap (it is shown, but not scored). */
  waived?: { reason: string; expires?: string };
  /** The component judged (its id), or null for a repository-wide rule. */
  component?: string | null;
}

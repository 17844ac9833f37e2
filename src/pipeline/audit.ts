// The one audit pipeline: config → index → facts → rules → waivers → report. `audit`, `plan --fresh` and
// `history --backfill` all run it, so they judge with the same config, rule options and clock. Recording the run in the
// history and evaluating gates are the callers' steps after it.
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { compileCheck } from '../engine/declarative.js';
import { runRules } from '../engine/run.js';
import { selectRules } from '../engine/select.js';
import { applyCoverage } from '../engine/coverage.js';
import { coverageOf } from './coverage.js';
import { applyWaivers, clockFromEnv, componentFolders } from '../engine/waivers.js';
import type { Component } from '../facts/components.js';
import { Facts } from '../facts/index.js';
import { nearest, UserError } from '../errors.js';
import { projectIdentity, type ProjectIdentity } from '../history/identity.js';
import { resolveTarget } from '../history/resolve.js';
import { buildReport } from '../report/build.js';
import type { Report } from '../report/schema.js';
import { type GitInfo, gitInfo, gitInfoAsync } from '../repo/git.js';
import { projectAnchor } from '../repo/anchor.js';
import { RepoIndex } from '../repo/index.js';
import type { Rule, RuleMeta } from '../sdk/types.js';
import { builtInRules } from './registry.js';
import type { RevisionSource } from './revision.js';
import { timed, timedAsync } from '../timing.js';
import { PARSED_FILE, syntaxTreesLoaded, withSyntaxTrees } from '../facts/syntax-trees.js';

export interface AuditPipelineOptions {
  dir: string;
  /** `--config`; default: the config file found at the audited root. */
  configPath?: string;
  /** The config already loaded by the caller (a backfill loads it once for all its commits). */
  config?: LoadedConfig;
  /** The rule registry (default: the built-in rules). */
  rules?: readonly Rule[];
  /** Audit a git revision from the object database instead of the work tree (see revision.ts). */
  revision?: Omit<RevisionSource, 'sha' | 'startedAt'>;
  /** Clock for waiver expiry; default: `READINESS_NOW`, else the real time. */
  now?: Date;
  onProgress?: (text: string) => void;
  /** Audit only these components (ids or folders, `--component`); default: every component. */
  components?: readonly string[];
}

export interface AuditResult {
  report: Report;
  identity: ProjectIdentity;
  config: LoadedConfig;
  facts: Facts;
  /** Metadata of every rule of the registry (formats that describe the checks, such as SARIF, need it). */
  rules: readonly RuleMeta[];
  /** The clock the waivers were judged against. */
  now: Date;
  durationMs: number;
}

/** The config of an audited root, validated against the registry's rule ids (what the pipeline itself loads). */
export function loadAuditConfig(
  dir: string,
  configPath?: string,
  registry: readonly Rule[] = builtInRules,
  /**
   * Some rule pack the config names (`plugins:`) is not loaded: ids outside readiness's own namespaces in `rules:`
   * and `waivers:` may be its rules and are not refused. Default: whenever the config names plugins.
   */
  packsMissing?: boolean,
): LoadedConfig {
  return loadConfig(
    resolveTarget(dir),
    configPath,
    registry.map((r) => r.meta.id),
    optionSchemas(registry),
    BUILT_IN_NAMESPACES,
    packsMissing,
  );
}

/** Rule-id namespaces of the built-in rules (`api`, `ci` …): an organisation's checks use their own. */
export const BUILT_IN_NAMESPACES = [...new Set(builtInRules.map((r) => r.meta.id.split('.')[0]!))];

/** The registry an audit runs: the given rules, then the config's own checks compiled into rules. */
export function auditRegistry(base: readonly Rule[], config: LoadedConfig): Rule[] {
  return [
    ...base,
    ...(config.config.checks ?? []).map((c) => compileCheck(c, config.checkSources[c.id] ?? { kind: 'config' })),
  ];
}

/**
 * The facts of an audited repository, with the config's `components:` applied; an entry that matches no component is
 * a config error naming its key.
 */
export function factsFor(repo: RepoIndex, config: LoadedConfig): Facts {
  const facts = new Facts(repo, undefined, { components: config.config.components });
  const problem = config.config.components ? facts.components.problems?.[0] : undefined;
  if (problem) throw new UserError(`invalid config ${config.path ?? ''}: ${problem}`);
  return facts;
}

/** The components `--component` names (by id or folder); an unknown one is an error listing the known ones. */
export function selectComponents(facts: Facts, wanted: readonly string[]): Component[] {
  const list = facts.components.list;
  return [
    ...new Set(
      wanted.map((w) => {
        const dir = w.replace(/^\.\/+/, '').replace(/\/+$/, '') || '.';
        const c = list.find((x) => x.id === w) ?? list.find((x) => x.path === dir);
        if (!c) {
          const n = nearest(
            w,
            list.map((x) => x.id),
          );
          throw new UserError(
            `--component ${w}: no such component${n ? ` (did you mean "${n}"?)` : ''}; components: ${list.map((x) => x.id).join(', ')} (\`readiness components\` lists them)`,
          );
        }
        return c;
      }),
    ),
  ];
}

/**
 * Runs the audit without any I/O to the terminal or the history; the tree-sitter grammars load only when the
 * repository has a file the facts may parse (see {@link withSyntaxTrees}). The commands run this.
 */
export async function auditPipeline(opts: AuditPipelineOptions): Promise<AuditResult> {
  // `git status` runs in a child process while the repository is judged (it only feeds the report's header).
  let listed: Listed<Promise<GitInfo> | GitInfo> | undefined = listRepository(opts, true);
  let git = listed.git;
  const mayParse = !syntaxTreesLoaded() && listed.repo.files.some((f) => PARSED_FILE.test(f.path));
  const judged = await withSyntaxTrees(mayParse, () => {
    const l = listed ?? listRepository(opts, true);
    listed = undefined;
    git = l.git;
    return judgeRepository(l, opts);
  });
  return finishAudit(judged, await timedAsync('list', async () => git));
}

/** {@link auditPipeline} for a caller that loaded the grammars ({@link loadSyntaxTrees}) itself. */
export function runAuditPipeline(opts: AuditPipelineOptions): AuditResult {
  const listed = listRepository(opts, false);
  return finishAudit(judgeRepository(listed, opts), listed.git);
}

interface Listed<G> {
  root: string;
  now: Date;
  config: LoadedConfig;
  registry: Rule[];
  repo: RepoIndex;
  git: G;
}

function listRepository(opts: AuditPipelineOptions, gitLater: true): Listed<Promise<GitInfo> | GitInfo>;
function listRepository(opts: AuditPipelineOptions, gitLater: false): Listed<GitInfo>;
function listRepository(opts: AuditPipelineOptions, gitLater: boolean): Listed<Promise<GitInfo> | GitInfo> {
  const root = resolveTarget(opts.dir);
  const base = opts.rules ?? builtInRules;
  const now = opts.now ?? clockFromEnv();
  const config = opts.config ?? loadAuditConfig(root, opts.configPath, base);
  const registry = auditRegistry(base, config);
  opts.onProgress?.('listing files');
  const indexOpts = { ignore: config.config.ignore, maxFileBytes: config.config.maxFileSize };
  const repo = timed('list', undefined, () =>
    opts.revision ? opts.revision.index(root, indexOpts) : RepoIndex.fromDirectory(root, indexOpts),
  );
  const git =
    opts.revision?.git ??
    timed('list', undefined, () => (gitLater ? gitInfoAsync(root, repo.gitProbe) : gitInfo(root, repo.gitProbe)));
  return { root, now, config, registry, repo, git };
}

/** What the rules said, before the report (which needs what git says of the work tree). */
interface Judged {
  listed: Omit<Listed<unknown>, 'git'>;
  findings: Report['findings'];
  out: ReturnType<typeof runRules>;
  opts: AuditPipelineOptions;
}

function judgeRepository({ git: _git, ...listed }: Listed<unknown>, opts: AuditPipelineOptions): Judged {
  const { config, registry, repo, now } = listed;
  const { rules, settings } = selectRules(registry, config.config);
  const facts = factsFor(repo, config);
  const out = runRules({
    repo,
    rules,
    settings,
    facts,
    ...(opts.components?.length ? { components: selectComponents(facts, opts.components) } : {}),
    onRuleStart: (rule, i, n) => opts.onProgress?.(`${rule.meta.id} (${i + 1}/${n})`),
  });
  // Verdicts an unread file could change get low confidence, before waivers (which keep the finding's confidence).
  const findings = applyWaivers(
    applyCoverage(out.findings, repo.skipped),
    config.config.waivers,
    now,
    componentFolders(out.components),
  );
  return { listed, findings, out, opts };
}

function finishAudit({ listed, findings, out, opts }: Judged, git: GitInfo): AuditResult {
  const { root, config, registry, repo, now } = listed;
  const k = out.facts.kind;
  const report = timed('report', undefined, () =>
    buildReport(
      findings,
      { root, commit: git.commit, branch: git.branch, dirty: git.dirty, ref: opts.revision?.ref },
      {
        kind: k.kind,
        servesHttp: k.servesHttp,
        reason: k.reason,
        languages: out.facts.languages.byBytes.map((l) => l.language),
        frameworks: out.facts.frameworks.http.map((f) => f.name),
        anchor: projectAnchor(repo),
      },
      undefined,
      coverageOf(repo, git),
      out.components.map(({ id, path, kind, stack, target, deployed, why }) => ({
        id,
        path,
        kind,
        stack,
        target,
        deployed,
        why,
      })),
    ),
  );
  return {
    report,
    identity: projectIdentity(root, git.remote, git.topLevel),
    config,
    facts: out.facts,
    rules: registry.map((r) => r.meta),
    now,
    durationMs: out.durationMs,
  };
}

function optionSchemas(registry: readonly Rule[]): Record<string, NonNullable<Rule['meta']['options']> | null> {
  return Object.fromEntries(registry.map((r) => [r.meta.id, r.meta.options ?? null]));
}

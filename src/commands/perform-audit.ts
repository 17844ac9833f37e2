import { loadConfig, type LoadedConfig } from '../config/load.js';
import { runRules } from '../engine/run.js';
import { selectRules } from '../engine/select.js';
import { applyWaivers } from '../engine/waivers.js';
import type { Facts } from '../facts/index.js';
import { projectIdentity, type ProjectIdentity } from '../history/identity.js';
import { resolveTarget } from '../history/resolve.js';
import { buildReport } from '../report/build.js';
import type { Report } from '../report/schema.js';
import { gitInfo, type GitInfo } from '../repo/git.js';
import { RepoIndex } from '../repo/index.js';
import type { Rule } from '../sdk/types.js';
import { rules as allRules } from '../../rules/index.js';

export interface PerformAuditOptions {
  dir: string;
  configPath?: string;
  rules?: readonly Rule[];
  /** Builds the index from something other than the work tree (e.g. a git revision). */
  index?: (root: string, opts: { ignore?: string[]; maxFileBytes?: number }) => RepoIndex;
  git?: GitInfo;
  ref?: string;
  onProgress?: (text: string) => void;
  /** Clock for waiver expiry (default: now). */
  now?: Date;
}

export interface AuditResult {
  report: Report;
  identity: ProjectIdentity;
  config: LoadedConfig;
  facts: Facts;
  durationMs: number;
}

/** Index → facts → rules → report: the audit without any I/O to the terminal or the history. */
export function performAudit(opts: PerformAuditOptions): AuditResult {
  const root = resolveTarget(opts.dir);
  const registry = opts.rules ?? allRules;
  const config = loadConfig(
    root,
    opts.configPath,
    registry.map((r) => r.meta.id),
  );
  opts.onProgress?.('listing files');
  const indexOpts = { ignore: config.config.ignore, maxFileBytes: config.config.maxFileSize };
  const repo = opts.index ? opts.index(root, indexOpts) : RepoIndex.fromDirectory(root, indexOpts);
  const git = opts.git ?? gitInfo(root);
  const { rules, settings } = selectRules(registry, config.config);
  const out = runRules({
    repo,
    rules,
    settings,
    onRuleStart: (rule, i, n) => opts.onProgress?.(`${rule.meta.id} (${i + 1}/${n})`),
  });
  const k = out.facts.kind;
  const findings = applyWaivers(out.findings, config.config.waivers, opts.now ?? new Date());
  const report = buildReport(
    findings,
    { root, commit: git.commit, branch: git.branch, dirty: git.dirty, ref: opts.ref },
    {
      kind: k.kind,
      servesHttp: k.servesHttp,
      reason: k.reason,
      languages: out.facts.languages.byBytes.map((l) => l.language),
      frameworks: out.facts.frameworks.http.map((f) => f.name),
    },
  );
  return {
    report,
    identity: projectIdentity(root, git.remote, git.topLevel),
    config,
    facts: out.facts,
    durationMs: out.durationMs,
  };
}

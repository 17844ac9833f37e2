// The components of a repository as the audit sees them (`readiness components`): the same index and facts the audit
// pipeline builds, without running any rule.
import type { Component } from '../facts/components.js';
import { resolveTarget } from '../history/resolve.js';
import { RepoIndex } from '../repo/index.js';
import { factsFor, loadAuditConfig } from './audit.js';

export interface ComponentsResult {
  root: string;
  components: Component[];
}

export function repositoryComponents(opts: { dir: string; configPath?: string }): ComponentsResult {
  const root = resolveTarget(opts.dir);
  const config = loadAuditConfig(root, opts.configPath);
  const repo = RepoIndex.fromDirectory(root, { ignore: config.config.ignore, maxFileBytes: config.config.maxFileSize });
  return { root, components: factsFor(repo, config).components.list };
}

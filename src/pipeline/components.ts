// The components of a repository as the audit sees them (`readiness components`): the same index and facts the audit
// pipeline builds, without running any rule.
import type { Component } from '../facts/components.js';
import { PARSED_FILE, withSyntaxTrees } from '../facts/syntax-trees.js';
import { resolveTarget } from '../history/resolve.js';
import { RepoIndex } from '../repo/index.js';
import { factsFor, loadAuditConfig } from './audit.js';

export interface ComponentsResult {
  root: string;
  components: Component[];
}

export async function repositoryComponents(opts: { dir: string; configPath?: string }): Promise<ComponentsResult> {
  const root = resolveTarget(opts.dir);
  const config = loadAuditConfig(root, opts.configPath);
  const list = () =>
    RepoIndex.fromDirectory(root, { ignore: config.config.ignore, maxFileBytes: config.config.maxFileSize });
  let repo: RepoIndex | undefined = list();
  const mayParse = repo.files.some((f) => PARSED_FILE.test(f.path));
  return withSyntaxTrees(mayParse, () => {
    const r = repo ?? list();
    repo = undefined;
    return { root, components: factsFor(r, config).components.list };
  });
}

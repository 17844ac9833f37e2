import path from 'node:path';
import type { RepoIndex } from '../repo/index.js';
import { composeContextsFor } from './compose.js';
import { dockerfileDir } from './dockerfiles.js';
import type { Facts } from './index.js';

/** The .dockerignore that applies to one production Dockerfile's build context. */
export interface DockerignoreFor {
  dockerfile: string;
  /** The ignore file found, if any. */
  file?: string;
  /** Found only in a parent folder of the Dockerfile (the build probably runs `docker build -f sub/Dockerfile .`). */
  inParent?: boolean;
  /** Patterns in it: lines that are neither blank nor comments. */
  patterns: number;
}

const join = (dir: string, name: string) => (dir === '.' ? name : `${dir}/${name}`);

/**
 * For every production Dockerfile, the .dockerignore at the root of its build context: `<Dockerfile>.dockerignore`,
 * the Dockerfile's folder or a compose service's context for it, else the nearest parent folder's. Templates a release
 * tool renders and builds in a context it stages are left out.
 */
export function detectDockerignores(repo: RepoIndex, facts: Facts): DockerignoreFor[] {
  // A rendered template is built in a folder the release tool stages (the template and the artefact), not the repository.
  return facts.dockerfiles.production
    .filter((df) => !df.rendered)
    .map((df) => {
      const contexts = [...new Set([...composeContextsFor(facts.compose, df), dockerfileDir(df)])];
      const candidates = [`${df.path}.dockerignore`, ...contexts.map((c) => join(c, '.dockerignore'))];
      let file = candidates.find((c) => repo.has(c));
      let inParent = false;
      if (!file && dockerfileDir(df) !== '.') {
        for (let d = path.posix.dirname(dockerfileDir(df)); ; d = path.posix.dirname(d)) {
          if (repo.has(join(d, '.dockerignore'))) {
            file = join(d, '.dockerignore');
            inParent = true;
            break;
          }
          if (d === '.') break;
        }
      }
      // A component's image built from a context above its folder (CI's `context: .` with `file: apps/api/Dockerfile`):
      // the ignore file of the folders above the component, reached through `../` paths of its view.
      const base = repo.toRepo('.');
      if (!file && base !== '.') {
        for (let k = 1; k <= base.split('/').length; k++) {
          const up = `${'../'.repeat(k)}.dockerignore`;
          if (repo.has(up)) {
            file = up;
            inParent = true;
            break;
          }
        }
      }
      if (!file) return { dockerfile: df.path, patterns: 0 };
      const patterns = repo.lines(file).filter((l) => l.trim() && !l.trim().startsWith('#')).length;
      return { dockerfile: df.path, file, ...(inParent ? { inParent } : {}), patterns };
    });
}

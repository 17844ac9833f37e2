import fs from 'node:fs';
import path from 'node:path';

export interface ProjectIdentity {
  /** Stable key: the normalised git remote (plus the sub-directory inside it), else the resolved root path. */
  key: string;
  root: string;
  remote?: string;
}

/** git@github.com:Org/Repo.git, https://user:tok@github.com/org/repo → github.com/org/repo (credentials never kept). */
export function normaliseRemote(remote: string): string {
  let r = remote.trim();
  const scp = /^[\w.-]+@([^:/]+):(.+)$/.exec(r);
  if (scp) r = `${scp[1]}/${scp[2]}`;
  else {
    try {
      const u = new URL(r);
      r = `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
    } catch {
      /* a local path remote: keep as is */
    }
  }
  return r
    .replace(/\.git\/?$/, '')
    .replace(/\/+$/, '')
    .replace(/^([^/]+)/, (h) => h.toLowerCase());
}

export function stripCredentials(remote: string): string {
  try {
    const u = new URL(remote);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return remote;
  }
}

export function projectIdentity(root: string, remote?: string, topLevel?: string): ProjectIdentity {
  const realRoot = fs.realpathSync(root);
  if (remote) {
    const top = topLevel ? fs.realpathSync(topLevel) : realRoot;
    const sub = path.relative(top, realRoot).split(path.sep).join('/');
    return {
      key: `git:${normaliseRemote(remote)}${sub ? `//${sub}` : ''}`,
      root: realRoot,
      remote: stripCredentials(remote),
    };
  }
  return { key: `path:${realRoot}`, root: realRoot };
}

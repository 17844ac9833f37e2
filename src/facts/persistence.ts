import type { RepoIndex } from '../repo/index.js';
import type { DatabaseFacts } from './database.js';
import type { ProjectKind } from './kind.js';

/** Embedded databases: in a CLI or a library they hold the user's local data, not a service's. */
const EMBEDDED = new Set(['sqlite3', 'better-sqlite3', 'sqlite3-node', 'sqlite-go', 'aiosqlite']);

export interface PersistenceSignal {
  path: string;
  line?: number;
  note: string;
}

/** Whether the project keeps data that outlives a deploy: a database it uses, or volumes it declares. */
export interface PersistenceFacts {
  any: boolean;
  signals: PersistenceSignal[];
}

const COMPOSE = /(^|\/)(docker-)?compose(\.[\w-]+)?\.ya?ml$/;

export function detectPersistence(repo: RepoIndex, facts: { database: DatabaseFacts; kind: ProjectKind }): PersistenceFacts {
  const database = facts.database;
  const local = facts.kind.kind === 'cli' || facts.kind.kind === 'library';
  const signals: PersistenceSignal[] = database.uses.filter((u) => !(local && EMBEDDED.has(u.library))).map((u) => ({ path: u.path, line: u.line, note: `uses ${u.library} (${u.kind})` }));
  // Named volumes declared at the top level of a compose file (not bind mounts of source code).
  for (const f of repo.files) {
    if (!COMPOSE.test(f.path) || f.isTest) continue;
    const doc = repo.yaml(f.path) as { volumes?: Record<string, unknown> } | undefined;
    if (doc && typeof doc === 'object' && doc.volumes && typeof doc.volumes === 'object' && Object.keys(doc.volumes).length) {
      const hit = repo.grepFirst(/^volumes:/, { paths: [f.path] });
      signals.push({ path: f.path, line: hit?.line, note: `named volumes: ${Object.keys(doc.volumes).join(', ')}` });
    }
  }
  // Kubernetes claims and stateful sets.
  const k8s = repo.grep(/^\s*kind:\s*(PersistentVolumeClaim|StatefulSet)\b|^\s*volumeClaimTemplates:/, { include: '**/*.{yml,yaml}', limit: 5 });
  for (const h of k8s) signals.push({ path: h.path, line: h.line, note: 'persistent volume claim' });
  return { any: signals.length > 0, signals };
}

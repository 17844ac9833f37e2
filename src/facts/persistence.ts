import type { RepoIndex } from '../repo/index.js';
import { isComposePath } from './compose.js';
import type { DatabaseFacts } from './database.js';
import type { DockerfileFacts } from './dockerfiles.js';
import { inExampleFolder, type K8sFacts } from './k8s.js';
import type { ProjectKind } from './kind.js';
import type { PlatformFacts } from './platform.js';

/** Embedded databases: in a CLI or a library they hold the user's local data, not a service's. */
const EMBEDDED = new Set(['sqlite3', 'better-sqlite3', 'sqlite-node', 'sqlite-builtin', 'sqlite-go', 'aiosqlite']);

export interface PersistenceSignal {
  path: string;
  line?: number;
  note: string;
}

/** Whether the project keeps data that outlives a deploy: a database it uses, or volumes it declares. */
export interface PersistenceFacts {
  any: boolean;
  signals: PersistenceSignal[];
  /**
   * The only data kept is a search engine's index: often rebuilt from the system that feeds it (a publishing pipeline,
   * another database), so whether it needs backups and retention of its own is for a reviewer to weigh.
   */
  indexOnly: boolean;
}

const MONITORING_IMAGE =
  /^(?:docker\.io\/)?(?:grafana\/(?:grafana|loki|tempo|otel-lgtm|mimir)|prom\/prometheus|jaegertracing\/[\w-]+)(?:[:@]|$)/i;

const CACHE_VOLUME = /node_modules|cache|tmp|temp|build|deps|vendor|\.?m2|gradle|go-?mod|pip|bundle|venv|logs?$/i;

/**
 * A path an image declares a volume at that holds nothing to restore: caches, scratch space, logs, sockets, and the
 * settings an operator mounts in (`VOLUME ["/etc/xdg/app/"]`, `/app/config`), which the service reads, not writes.
 */
const SCRATCH_PATH =
  /(^|\/)(?:node_modules|\.?cache|caches|tmp|temp|logs?|run|sock(?:et)?s?|conf|config|configs|configuration|settings)(\/|$)|^\/etc(\/|$)/i;

/**
 * The settings of a systemd unit that give the service a directory of its own that outlives restarts: systemd's
 * `StateDirectory=` (created under /var/lib), or a working or writable directory under /var/lib, where the
 * filesystem hierarchy keeps a program's variable state (`WorkingDirectory=/var/lib/acme`).
 */
const SYSTEMD_STATE =
  /^\s*(?:StateDirectory\s*=\s*(\S+)|(?:WorkingDirectory|ReadWritePaths)\s*=\s*-?(\/var\/lib\/\S+))/;

/**
 * State directories the service keeps for itself: those of the systemd units a Linux package of the repository installs
 * (see platform.ts), and the volumes the final stage of a production image declares (`VOLUME /data`). What they hold
 * is not known (a database server's own files, uploads, an embedded store), only that it outlives a deploy.
 */
function stateDirectories(
  repo: RepoIndex,
  facts: { dockerfiles: DockerfileFacts; platform: PlatformFacts },
): PersistenceSignal[] {
  const out: PersistenceSignal[] = [];
  const units = new Set(facts.platform.targets.filter((t) => t.platform === 'systemd').map((t) => t.path));
  for (const file of units) {
    const lines = repo.lines(file);
    const at = lines.findIndex((l) => SYSTEMD_STATE.test(l));
    if (at < 0) continue;
    const m = SYSTEMD_STATE.exec(lines[at]!)!;
    const dir = m[1] ? `/var/lib/${m[1]}` : m[2]!;
    out.push({ path: file, line: at + 1, note: `the systemd unit keeps its state in ${dir}` });
  }
  for (const df of facts.dockerfiles.production) {
    for (const ins of df.finalStage?.instructions ?? []) {
      if (ins.keyword !== 'VOLUME') continue;
      const raw = ins.args.trim();
      let paths: string[];
      try {
        paths = raw.startsWith('[') ? (JSON.parse(raw) as unknown[]).map(String) : raw.split(/\s+/);
      } catch {
        paths = raw.replace(/[[\]",]/g, ' ').split(/\s+/);
      }
      const kept = paths.filter((v) => v.startsWith('/') && !SCRATCH_PATH.test(v));
      if (kept.length)
        out.push({ path: df.path, line: ins.line, note: `the image declares a volume at ${kept.join(', ')}` });
    }
  }
  return out;
}

export function detectPersistence(
  repo: RepoIndex,
  facts: {
    database: DatabaseFacts;
    kind: ProjectKind;
    k8s: K8sFacts;
    dockerfiles: DockerfileFacts;
    platform: PlatformFacts;
  },
): PersistenceFacts {
  const database = facts.database;
  const local = facts.kind.kind === 'cli' || facts.kind.kind === 'library';
  const signals: PersistenceSignal[] = database.uses
    .filter((u) => !(local && EMBEDDED.has(u.library)))
    .map((u) => ({ path: u.path, line: u.line, note: `uses ${u.library} (${u.kind})` }));
  // Named volumes declared at the top level of a compose file and mounted by a service, except caches
  // (node_modules, build caches) and volumes of cache services (redis, memcached) and message brokers: those hold
  // nothing worth restoring.
  for (const f of repo.files) {
    if (!isComposePath(f.path) || f.isTest) continue;
    const doc = repo.yaml(f.path) as
      | { volumes?: Record<string, unknown>; services?: Record<string, { image?: unknown; volumes?: unknown }> }
      | undefined;
    if (!doc || typeof doc !== 'object' || !doc.volumes || typeof doc.volumes !== 'object') continue;
    const named = new Set(Object.keys(doc.volumes));
    const kept = new Set<string>();
    const services = Object.values(doc.services ?? {}).filter((svc) => !!svc && typeof svc === 'object');
    // A monitoring stack's telemetry (Prometheus, Grafana, Loki, Tempo, Grafana's otel-lgtm image, Jaeger) kept beside
    // the project's own services is a local run's, not data the project keeps; a compose file of Grafana alone is the
    // project.
    const monitoring = (svc: { image?: unknown }) => MONITORING_IMAGE.test(String(svc.image ?? ''));
    const besideOwn = services.some((svc) => !monitoring(svc));
    for (const svc of services) {
      // Message brokers (Kafka, ZooKeeper, RabbitMQ, NATS …) hold messages in transit, not the records a restore
      // brings back: a Kafka UI's demo cluster is not data the project keeps.
      if (
        /\b(redis|memcached|valkey|keydb|dragonfly|cp-kafka\w*|kafka|zookeeper|cp-zookeeper|rabbitmq|nats|pulsar|redpanda|activemq|artemis|cp-schema-registry|cp-ksqldb-server)\b/i.test(
          String(svc.image ?? ''),
        ) ||
        (besideOwn && monitoring(svc))
      )
        continue;
      for (const v of Array.isArray(svc.volumes) ? svc.volumes : []) {
        const source = typeof v === 'string' ? v.split(':')[0]! : String((v as { source?: unknown })?.source ?? '');
        // The mount point tells a cache too (`ui-modules:/app/client/node_modules`).
        const target =
          typeof v === 'string' ? (v.split(':')[1] ?? '') : String((v as { target?: unknown })?.target ?? '');
        if (
          named.has(source) &&
          !CACHE_VOLUME.test(source) &&
          !/(^|\/)(?:node_modules|\.cache|cache)(\/|$)/.test(target)
        )
          kept.add(source);
      }
    }
    if (kept.size) {
      const hit = repo.grepFirst(/^volumes:/, { paths: [f.path] });
      signals.push({ path: f.path, line: hit?.line, note: `named volumes: ${[...kept].join(', ')}` });
    }
  }
  // Kubernetes claims and stateful sets; beside workloads of the repository's own, the claims of its examples (a
  // storage driver's sample PVCs) are its users' data, not the service's.
  const ownWorkloads = facts.k8s.workloads.some((w) => !inExampleFolder(w.file));
  const k8s = repo
    .grep(/^\s*kind:\s*(PersistentVolumeClaim|StatefulSet)\b|^\s*volumeClaimTemplates:/, { include: '**/*.{yml,yaml}' })
    .filter((h) => !(ownWorkloads && inExampleFolder(h.path)))
    .slice(0, 5);
  for (const h of k8s) signals.push({ path: h.path, line: h.line, note: 'persistent volume claim' });
  // A service that keeps a directory of its own (a database server writing its files under /var/lib, an image's data
  // volume): data that outlives a deploy though no database client is imported. A command-line program's is its user's.
  if (!local) signals.push(...stateDirectories(repo, facts));
  const uses = database.uses;
  return {
    any: signals.length > 0,
    signals,
    indexOnly: signals.length === uses.length && uses.length > 0 && uses.every((u) => u.kind === 'search'),
  };
}

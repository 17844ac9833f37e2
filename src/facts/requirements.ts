import type { Facts } from './index.js';
import { startsNothing } from './dockerfiles.js';
import { csiProbe } from './health.js';
import type { ProjectKindName } from './kind.js';
import {
  clusterInternal,
  githubAppWebhookOnly,
  grpcBesideProbes,
  localSocketOnly,
  pagesOnly,
  probeOnly,
  protocolServerOnly,
  signedWebhooksOnly,
} from './probe-only.js';

/** Every caller is another service delivering signed webhooks: no browser calls the service. */
const webhooksOnly = (f: Facts) => githubAppWebhookOnly(f) ?? signedWebhooksOnly(f);

export interface RequirementResult {
  met: boolean;
  /** Why the requirement is not met: becomes the n/a message. */
  reason: string;
}

const met: RequirementResult = { met: true, reason: '' };
const unmet = (reason: string): RequirementResult => ({ met: false, reason });

/** Reached over the network: not a local control API a daemon serves only on a Unix socket for its own CLI and UI. */
function networkApi(f: Facts): RequirementResult {
  const local = localSocketOnly(f);
  return local ? unmet(local.note) : met;
}

/** "the project is …" for each kind ("a unknown" read badly). */
const KIND_PHRASE: Record<ProjectKindName, string> = {
  service: 'a service',
  library: 'a library',
  cli: 'a command-line program',
  frontend: 'a front end',
  monorepo: 'a monorepo',
  unknown: 'of an unknown kind',
};

/** Why no database counts: none is imported, or only connector units import one (each reaching a store its user names). */
function noDatabase(f: Facts): string {
  const c = f.database.connectors;
  const inMemory = f.database.inMemoryOnly;
  if (!c.length && inMemory)
    return `EF Core runs only on its in-memory provider (${f.repo.toRepo(inMemory.path)}:${inMemory.line}): the rows live in the process and are lost on restart, no database is kept`;
  if (!c.length) return 'no database driver or ORM is imported by production code';
  const drivers = c.map((u) => u.library).join(', ');
  if (f.database.operated)
    return `the database drivers (${drivers}) reach the databases the operator runs for its users (${f.database.operated}), none the service keeps: its own state is kept in those resources`;
  const followed = f.database.followed;
  if (followed)
    return `the database drivers (${drivers}) only read another service's store and follow its change stream (${f.repo.toRepo(followed.path)}:${followed.line}), writing nothing to it: the service that writes it keeps it`;
  const named = f.database.requestNamed;
  if (named)
    return `the database drivers (${drivers}) connect where the request says (${f.repo.toRepo(named.path)}:${named.line}): each caller names its own database, none the service keeps`;
  // A component's view names files from its own folder (`../../retriever/…`): the repository path reads better.
  const first = f.repo.toRepo(c[0]!.path);
  return `the database drivers (${drivers}) are imported only by connectors to stores their users name (${first} and its sibling connectors), none the service keeps`;
}

/** The stores, when every one the service uses is non-relational. */
function schemalessOnly(f: Facts): string | undefined {
  return f.database.any && !f.database.relational
    ? `only non-relational stores are used (${f.database.uses.map((u) => u.library).join(', ')})`
    : undefined;
}

function hasCallers(f: Facts): RequirementResult {
  if (!f.kind.servesHttp)
    return unmet(
      `not an HTTP service: no HTTP framework or server in production code (${f.kind.kind}: ${f.kind.reason})`,
    );
  const probes = probeOnly(f) || pagesOnly(f);
  return probes ? unmet(probes.note) : met;
}

/**
 * Named applicability conditions a rule can declare in `requires`.
 * Each is a pure function of the facts, so every rule agrees on what "an HTTP service" is.
 */
export const REQUIREMENTS = {
  dockerfile: (f: Facts) =>
    !f.dockerfiles.production.length
      ? unmet('no production Dockerfile or Containerfile in the repository')
      : tryOutImage(f)
        ? unmet(tryOutImage(f)!)
        : met,
  'not-library': (f: Facts) => (f.kind.kind === 'library' ? unmet(`the project is a library (${f.kind.reason})`) : met),
  /** Runs code of its own outside users' browsers: not a front end built into static files. */
  'server-side': (f: Facts) =>
    f.kind.kind === 'frontend'
      ? unmet(
          `the project is a front end (${f.kind.reason}): its code runs in users' browsers, not in a server process of its own`,
        )
      : met,
  /** Deployed on its own: not only inside another component's deployment (a front end the backend's image serves). */
  'own-deployment': (f: Facts) => {
    const c = f.scope?.component;
    if (!c?.shippedWith) return met;
    const owner = f.components.list.find((o) => o.path === c.shippedWith);
    return unmet(
      `it ships inside the deployment of ${owner?.id ?? c.shippedWith} (${c.why.replace(/^deployed: /, '')}): how it is deployed and scaled is judged there`,
    );
  },
  service: (f: Facts) =>
    f.kind.longRunning || f.kind.kind === 'service'
      ? met
      : unmet(`not a service: the project is ${KIND_PHRASE[f.kind.kind]} (${f.kind.reason})`),
  http: (f: Facts) =>
    f.kind.servesHttp
      ? met
      : unmet(`not an HTTP service: no HTTP framework or server in production code (${f.kind.kind}: ${f.kind.reason})`),
  /** Serves HTTP with something besides probes: an API or pages a caller uses (not a worker's /health and /ready). */
  'http-api': (f: Facts) => {
    const c = hasCallers(f);
    const only = c.met && (protocolServerOnly(f) ?? githubAppWebhookOnly(f));
    return !c.met ? c : only ? unmet(only.note) : met;
  },
  'network-api': networkApi,
  /** Probed by the orchestrator: over the network, or a CSI plugin on its socket through the livenessprobe sidecar. */
  probed: (f: Facts) => (csiProbe(f) ? met : networkApi(f)),
  /**
   * Has callers to sign in: an HTTP API or pages, or the clients of its own protocol (a database proxy's, whose HTTP
   * is only probes and metrics): not a worker answering only probes, not pages whose API is another service's.
   */
  callers: (f: Facts) => hasCallers(f),
  /** Answers HTTP that browsers read: not a plain gRPC server, whose callers are gRPC clients. */
  'browser-http': (f: Facts) =>
    !f.kind.servesHttp
      ? unmet(`not an HTTP service: no HTTP framework or server in production code (${f.kind.kind}: ${f.kind.reason})`)
      : probeOnly(f)
        ? unmet(probeOnly(f)!.note)
        : protocolServerOnly(f)
          ? unmet(protocolServerOnly(f)!.note)
          : webhooksOnly(f)
            ? unmet(webhooksOnly(f)!.note)
            : f.frameworks.grpcOnly
              ? unmet(
                  `a plain gRPC service (${f.kind.reason}): its callers are gRPC clients, not browsers, and no grpc-web or HTTP gateway serves it`,
                )
              : f.grpc.onlyGrpc
                ? unmet(
                    `a gRPC service hosted by a web framework (${f.grpc.onlyGrpc.path}:${f.grpc.onlyGrpc.line}): it ${f.grpc.onlyGrpc.note}, so its callers are gRPC clients, not browsers`,
                  )
                : grpcBesideProbes(f)
                  ? unmet(grpcBesideProbes(f)!.note)
                  : clusterInternal(f)
                    ? unmet(clusterInternal(f)!.note)
                    : met,
  database: (f: Facts) => (f.database.any ? met : unmet(noDatabase(f))),
  'relational-database': (f: Facts) => (f.database.relational ? met : unmet(schemalessOnly(f) ?? noDatabase(f))),
  /**
   * Not only schemaless stores: migrations kept beside MongoDB or Redis alone (Payload's for its MongoDB adapter) move
   * documents, with no schema to lock or rewrite. Without any store read, the migrations themselves are judged.
   */
  'not-schemaless-only': (f: Facts) => {
    const only = schemalessOnly(f);
    return only ? unmet(only) : met;
  },
  ci: (f: Facts) => (f.ci.configs.length ? met : unmet('no CI configuration in the repository')),
  container: (f: Facts) =>
    // A library's compose services that only build its try-out image (a development container kept running with
    // `tail -f /dev/null`) are that image too.
    !f.dockerfiles.builder &&
    tryOutImage(f) &&
    f.compose.appServices.every(
      (s) => s.build && !s.build.inline && f.dockerfiles.production.some((d) => d.path === s.build!.dockerfile),
    )
      ? unmet(tryOutImage(f)!)
      : f.dockerfiles.production.length || f.dockerfiles.builder || f.compose.appServices.length
        ? met
        : unmet(
            'no container: no production Dockerfile, image builder (Jib, buildpacks, ko, Nixpacks) or compose app service',
          ),
  k8s: (f: Facts) =>
    f.k8s.any ? met : unmet('no Kubernetes manifests, Helm chart or kustomization in the repository'),
  config: (f: Facts) =>
    f.config.any
      ? met
      : unmet(
          'the application takes no configuration: no environment variables or settings are read by production code',
        ),
  /** A library takes its configuration from the application that uses it: it has none of its own to document. */
  'own-config': (f: Facts) =>
    f.kind.kind === 'library'
      ? unmet(
          `the project is a library (${f.kind.reason}): it takes its configuration from the application that uses it, which documents and validates its own settings`,
        )
      : met,
  'persistent-data': (f: Facts) =>
    f.kind.kind === 'library' && f.persistence.any
      ? unmet(
          `the project is a library (${f.kind.reason}): the data sits in the database of the application that uses it, which backs it up and sets its retention`,
        )
      : f.persistence.any
        ? met
        : unmet(
            f.database.connectors.length && !f.database.any
              ? `no persistent data: ${noDatabase(f)}, and no volumes or persistent volume claims are declared`
              : 'no persistent data: no database is used and no volumes or persistent volume claims are declared',
          ),
  'outbound-calls': (f: Facts) =>
    f.outbound.any
      ? met
      : unmet('no outbound HTTP/RPC calls to other services in production code (database drivers do not count)'),
  /** A library's outbound calls are its product, made for the application that uses it and configured by it. */
  'own-outbound-calls': (f: Facts) =>
    f.kind.kind === 'library'
      ? unmet(
          `the project is a library (${f.kind.reason}): any call it makes is made for the application that uses it, which sets its timeouts, retries and breakers`,
        )
      : met,
} satisfies Record<string, (f: Facts) => RequirementResult>;

/**
 * The reason a library's Dockerfiles are not a service image: every one starts nothing of its own (no CMD or
 * ENTRYPOINT on a runtime image: the package installed to try it in). Undefined for any other project.
 */
function tryOutImage(f: Facts): string | undefined {
  const images = f.dockerfiles.production;
  if (f.kind.kind !== 'library' || !images.length || !images.every(startsNothing)) return undefined;
  return `the project is a library (${f.kind.reason}): ${images.map((d) => d.path).join(', ')} starts nothing of its own (no CMD or ENTRYPOINT): an image to try the package in, not a service image`;
}

export type RequirementName = keyof typeof REQUIREMENTS;

export function checkRequirement(name: RequirementName, facts: Facts): RequirementResult {
  return REQUIREMENTS[name](facts);
}

import { detectGrpc, type GrpcFacts } from './grpc.js';
import type { RepoIndex } from '../repo/index.js';
import { timed } from '../timing.js';
import { escapeRegExp } from '../repo/text.js';
import { isUnder, RepoView } from '../repo/view.js';
import { scopedCi, scopedCompose, scopedK8s, scopedPlatform } from './component-scope.js';
import {
  applyComponentConfig,
  type Component,
  type ComponentFacts,
  type ComponentOverride,
  detectComponents,
  settleCommandComponents,
} from './components.js';
import { detectCi, type CiFacts } from './ci.js';
import { detectDatabase, type DatabaseFacts } from './database.js';
import { builtToStage, detectDockerfiles, type DockerfileFacts } from './dockerfiles.js';
import { detectDocs, type DocsFacts } from './docs.js';
import { detectFrameworks, type FrameworkFacts } from './frameworks.js';
import { detectImports, goModulesOf, type ImportFacts } from './imports.js';
import { detectKind, dotnetOsServiceHost, oneShotJob, type ProjectKind } from './kind.js';
import { detectLanguages, type LanguageFacts } from './languages.js';
import { detectManifests, type ManifestFacts } from './manifests.js';
import { detectTests, type TestFacts, type TestSuite } from './tests.js';
import { detectConfigReads, dropwizardConfigOf, type ConfigFacts } from './config.js';
import { detectPersistence, type PersistenceFacts } from './persistence.js';
import { detectCompose, type ComposeFacts } from './compose.js';
import { detectK8s, type K8sFacts } from './k8s.js';
import { detectDelivery, type DeliveryFacts } from './delivery.js';
import { detectOutbound, type OutboundFacts } from './outbound.js';
import { detectService, type ServiceFacts } from './service.js';
import { detectSecrets, type SecretFacts } from './secrets.js';
import { detectCode, type CodeFacts } from './code.js';
import { detectLiveness, type LivenessFacts } from './liveness.js';
import { detectLoadTests, type LoadTestFacts } from './load-tests.js';
import { detectDeps, type DepsFacts } from './deps.js';
import { detectPlatform, type PlatformFacts, type PlatformId } from './platform.js';
import { detectTimeouts, type TimeoutFacts } from './timeouts.js';
import { detectStartPath, type StartPathFacts } from './start-path.js';
import { detectPrivileges, type PrivilegeFacts } from './privileges.js';
import { detectPages, type PageFacts } from './pages.js';
import { detectRust, type RustFacts } from './rust.js';
import { detectFunctionHosting, type FunctionHosting } from './functions.js';
import {
  authClientOnlyOf,
  type PublicReadOnly,
  publicReadOnlyOf,
  type SharedCredential,
  sharedCredentialOf,
  type RemoteApiFrontend,
  remoteApiFrontendOf,
} from './public-site.js';
import { detectMigrations, type MigrationFacts } from './migrations.js';
import { detectPooling, type PoolingFacts } from './db-pooling.js';
import { detectTls, type TlsFacts } from './tls.js';
import { type AspireStack, aspireStack, dotnetModel, type DotnetFacts } from './dotnet.js';
import { detectDashboards, type DashboardFacts } from './dashboards.js';
import { detectMessaging, type MessagingFacts } from './messaging.js';
import { detectInstanceState, type InstanceStateFacts } from './instance-state.js';
import { primaryEcosystem } from './ecosystem.js';
import type { Ecosystem } from './languages.js';
import { detectAuditTrail, type AuditTrailFacts } from './audit-trail.js';
import { type AuthorizationFacts, detectAuthorization } from './authorization.js';
import { detectShutdown, type ShutdownFacts } from './shutdown.js';
import { detectErrorHandling, type ErrorHandlingFacts } from './error-handling.js';
import { detectHandValidators, type HandValidatorCall } from './request-validators.js';
import { type CorsFacts, detectCors } from './cors.js';
import { detectInputValidation, type InputValidationFacts } from './input-validation.js';
import { detectRateLimit, type RateLimitFacts } from './rate-limit.js';
import { type ApiDocsFacts, detectApiDocs } from './api-docs.js';
import { detectSecurityHeaders, type SecurityHeadersFacts } from './security-headers.js';
import { type AuthnFacts, detectAuthn } from './authn.js';
import { detectVersioning, type VersioningFacts } from './versioning.js';
import { detectRequestId, type RequestIdFacts } from './request-id.js';
import { healthRouteInTests } from './health.js';
import { detectMetrics, type MetricsFacts } from './metrics.js';
import { detectReadiness, type ReadinessFacts } from './readiness.js';
import { detectRetention, type RetentionFacts } from './retention.js';
import { detectDisasterRecovery, type DisasterRecoveryFacts } from './disaster-recovery.js';
import { type AlertingFacts, detectAlerting } from './alerting.js';
import { type DockerignoreFor, detectDockerignores } from './dockerignore.js';
import { detectEnvContents, type EnvContentFacts } from './env-contents.js';
import { detectLicense, type LicenseFacts } from './license.js';
import { detectDiagram } from './diagrams.js';
import { detectUpdateBots, type UpdateBotFacts } from './update-bots.js';
import { detectSchemaSync, type SchemaSyncFacts } from './schema-sync.js';
import { type BackupFacts, detectBackups } from './backups.js';
import { detectLogging, type LoggingFacts } from './logging.js';
import { type ConfigValidationFacts, detectConfigValidation } from './config-validation.js';
import { detectMocks, type MockFacts } from './mocks.js';
import { detectStubs, type StubFacts } from './stubs.js';
import { detectRetries, type RetryFacts } from './retries.js';
import { type CircuitBreakerFacts, detectCircuitBreakers } from './circuit-breakers.js';
import { detectErrorTracking, type ErrorTrackingFacts } from './error-tracking-init.js';
import { detectTracing, type TracingFacts } from './tracing.js';
import { detectK8sDeployCommands, type K8sDeployCommand } from './k8s-deploy-commands.js';
import { capYoungGeneration, limitOldGeneration } from '../young-generation.js';

/** The facts of one component: its view of the repository, and the repository's facts it borrows from. */
export interface FactsScope {
  parent: Facts;
  component: Component;
}

/** What the audit's config says about the facts (the config's `components:`). */
export interface FactsOptions {
  components?: Readonly<Record<string, ComponentOverride>>;
}

/**
 * Shared knowledge about the repository, computed lazily and once per audit.
 * Add a fact: write a pure function of the index (and other facts) in its own file, then a getter here.
 *
 * A component's facts (`forComponent`) are the same facts over the component's view of the repository
 * (src/repo/view.ts): detected in its folder as if it were a repository of its own, except compose services, Kubernetes
 * workloads and CI, which are the repository's narrowed to the component (src/facts/component-scope.ts).
 */
export class Facts {
  private readonly cache = new Map<unknown, { value: unknown } | { error: unknown }>();
  private readonly scoped = new Map<string, Facts>();
  private withUses?: Facts;
  /** The components while their kinds are being judged (before `components` is cached). */
  pendingComponents?: Component[];

  constructor(
    readonly repo: RepoIndex,
    readonly scope?: FactsScope,
    readonly options: FactsOptions = {},
  ) {}

  /**
   * The facts of a component. The root component of a repository with no other component is the repository itself:
   * these very facts, so a one-component repository is judged exactly as it always was.
   */
  forComponent(c: Component): Facts {
    if (this.scope) return this.scope.parent.forComponent(c);
    // The whole repository as one component is judged on these facts, unless its platform builds it from source: then
    // its Dockerfiles serve local runs, which only a component's scope can say (dockerfilesOf).
    if (c.path === '.' && !c.excludes.length && !c.mounts.length && !(c.platformBuilt && c.dockerfiles.length))
      return this;
    let f = this.scoped.get(c.id);
    if (!f) {
      const view = new RepoView(this.repo, { base: c.path, exclude: c.excludes, mounts: c.mounts });
      f = new Facts(view, { parent: this, component: c });
      this.scoped.set(c.id, f);
    }
    return f;
  }

  /**
   * Lets a component's facts go (the engine, once the component is judged): asked again, they are computed again, the
   * same (facts are functions of the repository).
   */
  releaseComponent(c: Component): void {
    this.scoped.delete(c.id);
  }

  /**
   * Memoizes any derived fact by its function, for facts that live outside this class (rules/_lib).
   * A fact that throws is not recomputed: every rule that asks for it gets the same error (and becomes an error finding).
   */
  derive<T>(fn: (repo: RepoIndex, facts: Facts) => T): T {
    let entry = this.cache.get(fn);
    if (!entry) {
      capYoungGeneration();
      limitOldGeneration();
      try {
        entry = { value: timed('facts', `fact ${factName(fn)}`, () => fn(this.repo, this)) };
      } catch (error) {
        entry = { error };
      }
      this.cache.set(fn, entry);
    }
    if ('error' in entry) throw entry.error;
    return entry.value as T;
  }

  /** Code as opposed to comments and literals, per language: grep and ask "is this code?" (src/facts/code.ts). */
  get code(): CodeFacts {
    return this.derive(detectCode);
  }
  get languages(): LanguageFacts {
    return this.derive(detectLanguages);
  }
  get manifests(): ManifestFacts {
    return this.derive(detectManifests);
  }
  /**
   * The ecosystem that decides dependency verdicts (src/facts/ecosystem.ts): the only server framework's, else the one
   * most production source is written in, else the first product manifest's.
   */
  get primaryEcosystem(): Ecosystem | undefined {
    return this.derive(primaryEcosystemOf);
  }
  /**
   * Declared vs used dependencies (src/facts/deps.ts): the one lookup of "does the project declare X?" (direct
   * production dependencies) and where a library stands (used by live code, unwired, only declared, absent).
   */
  get deps(): DepsFacts {
    return this.derive(depsOf);
  }
  /** Rust crates: targets, module trees, dependencies as code names them, local crates (src/facts/rust.ts). */
  get rust(): RustFacts {
    return this.derive(rustOf);
  }
  /** .NET projects: SDK, kind, packages, project references, properties, global usings (src/facts/dotnet.ts). */
  get dotnet(): DotnetFacts {
    return this.derive(dotnetModel);
  }
  /** The local stack an Aspire AppHost runs: its projects and their dependencies' containers. */
  get aspireStack(): AspireStack | undefined {
    return this.derive(aspireStackOf);
  }
  get imports(): ImportFacts {
    return this.derive(importsOf);
  }
  get frameworks(): FrameworkFacts {
    return this.derive(frameworksOf);
  }
  get database(): DatabaseFacts {
    return this.derive(databaseOf);
  }
  /** The drivers and ORMs imported in the component's own view only (what another component that uses it borrows). */
  get ownDatabase(): DatabaseFacts {
    return this.derive(ownDatabaseOf);
  }
  get dockerfiles(): DockerfileFacts {
    return this.derive(dockerfilesOf);
  }
  get ci(): CiFacts {
    return this.derive(ciOf);
  }
  get kind(): ProjectKind {
    return this.derive(kindOf);
  }
  get tests(): TestFacts {
    return this.derive(testsOf);
  }
  /** Where production code reads environment variables or settings (does the app take configuration?). */
  get config(): ConfigFacts {
    return this.derive(detectConfigReads);
  }
  /** Data that outlives a deploy: databases used, named volumes, persistent volume claims. */
  get persistence(): PersistenceFacts {
    return this.derive(detectPersistence);
  }
  /** docker-compose / compose files: services, builds, healthchecks, env files, weak credentials, broken references. */
  get compose(): ComposeFacts {
    return this.derive(composeOf);
  }
  /** Kubernetes manifests, Helm charts (templates read tolerantly) and kustomizations: workloads, containers, probes, resources. */
  get k8s(): K8sFacts {
    return this.derive(k8sOf);
  }
  /** Deploy steps and their gates, image publishing, GitOps, deployed image tags, rollback mechanisms and docs. */
  get delivery(): DeliveryFacts {
    return this.derive(detectDelivery);
  }
  /** HTTP/RPC clients production code uses to call other services (database drivers excluded). */
  get outbound(): OutboundFacts {
    const run = this.running;
    return run === this ? this.derive(detectOutbound) : run.outbound;
  }
  /**
   * A component's facts with the folders of the components it uses in view (`uses`: a project its process compiles
   * in that is a component of its own, such as the infrastructure library a migration job also runs): the outbound
   * calls, and the retries, timeouts and breakers around them, are those of all the code the process runs.
   */
  private get running(): Facts {
    const c = this.scope?.component;
    if (!c?.uses?.length) return this;
    if (!this.withUses) {
      const mounts = [...c.mounts, ...c.uses];
      this.withUses = new Facts(new RepoView(this.scope!.parent.repo, { base: c.path, exclude: c.excludes, mounts }), {
        parent: this.scope!.parent,
        component: { ...c, mounts, uses: [] },
      });
    }
    return this.withUses;
  }
  /**
   * Which files the running service loads, from its entrypoints (src/facts/liveness.ts): the one answer to "is this
   * file live?".
   */
  get liveness(): LivenessFacts {
    return this.derive(livenessOf);
  }
  /** Routes, mounts and middleware registrations, each marked reached or not (src/facts/service.ts). */
  get service(): ServiceFacts {
    return this.derive(serviceOf);
  }
  /** Documentation: documents, sections, links, and which are status/planning documents (src/facts/docs.ts). */
  get docs(): DocsFacts {
    return this.derive(detectDocs);
  }
  /**
   * What ships and how it starts (src/facts/start-path.ts): one launch target per shipped thing, with its declaration,
   * build context, image layout, entry and the project files reached from it, and every break on the way.
   */
  get startPath(): StartPathFacts {
    return this.derive(startPathOf);
  }
  /** Images that start as root and hand the service to another user (gosu, su-exec, s6-setuidgid…) (src/facts/privileges.ts). */
  get privileges(): PrivilegeFacts {
    return this.derive(privilegesOf);
  }
  /** Hard-coded secrets (redacted), placeholders and weak compose credentials (src/facts/secrets.ts). */
  get secrets(): SecretFacts {
    return this.derive(detectSecrets);
  }
  /** Deployment targets the repository names (PaaS descriptors, deploy commands, serverless, Kubernetes), with their HTTPS defaults. */
  get platform(): PlatformFacts {
    return this.derive(platformOf);
  }
  /** Every outbound HTTP/RPC call site and what bounds it: a timeout per call, on the client, global, a library default, or nothing. */
  get timeouts(): TimeoutFacts {
    const run = this.running;
    return run === this ? this.derive(detectTimeouts) : run.timeouts;
  }
  /**
   * The service runs only as functions a platform invokes (Lambda, Workers, Vercel/Netlify functions, Deno Deploy):
   * no process, image or cluster of its own; with the platform's health, shutdown and packaging model for evidence.
   */
  get functions(): FunctionHosting {
    return this.derive(detectFunctionHosting);
  }
  /** A public, read-only site (only GET routes, no writes, no user identity): nothing to authenticate or authorize. */
  get publicReadOnly(): PublicReadOnly | undefined {
    return this.derive(publicReadOnlyOf);
  }
  /** A front end over a remote API (no database, accounts or auth server of its own): the API decides and records. */
  get remoteApiFrontend(): RemoteApiFrontend | undefined {
    return this.derive(remoteApiFrontendOf);
  }
  /** Sign-in only through an auth library's browser client (`better-auth/react` …): the API it calls verifies sessions. */
  get authClientOnly(): { pkg: string; path: string; line: number } | undefined {
    return this.derive(authClientOnlyOf);
  }
  /** One credential from configuration shared by every caller, and no user accounts: nothing to authorize. */
  get sharedCredential(): SharedCredential | undefined {
    return this.derive(sharedCredentialOf);
  }
  /** Pages the service renders or serves itself, and browser code that calls it from another origin (src/facts/pages.ts). */
  get pages(): PageFacts {
    return this.derive(pagesOf);
  }
  /** Versioned migrations per tool (oldest first), what recent up-migrations do to existing tables, safety tooling. */
  get migrations(): MigrationFacts {
    return this.derive(migrationsOf);
  }
  /** The migrations in the component's own view only (what another component that uses it borrows). */
  get ownMigrations(): MigrationFacts {
    return this.derive(detectMigrations);
  }
  /** How connections to relational databases are pooled: per driver/ORM site, external poolers, HTTP drivers. */
  get pooling(): PoolingFacts {
    return this.derive(poolingOf);
  }
  /** Encryption in transit: HTTPS enforced or TLS terminated (app, proxy, ingress, platform), plain edges, database TLS. */
  get tls(): TlsFacts {
    return this.derive(tlsOf);
  }
  /** Dashboards kept as code: Grafana models and provisioning, vendor dashboards, dashboards in IaC (src/facts/dashboards.ts). */
  get dashboards(): DashboardFacts {
    return this.derive(detectDashboards);
  }
  /** State kept inside one process that breaks with several instances: memory sessions, in-process schedulers … */
  get instanceState(): InstanceStateFacts {
    return this.derive(detectInstanceState);
  }
  /** Message consumers and job workers, and their dead-letter, parking and failed-job handling (src/facts/messaging.ts). */
  get messaging(): MessagingFacts {
    return this.derive(detectMessaging);
  }
  /** gRPC services: rpc methods, request validation, authenticating interceptors, status-code mapping (src/facts/grpc.ts). */
  get grpc(): GrpcFacts {
    return this.derive(detectGrpc);
  }
  /** Users, logins and admin actions, and the audit trail the service writes of them (src/facts/audit-trail.ts). */
  get auditTrail(): AuditTrailFacts {
    return this.derive(auditTrailOf);
  }
  /**
   * Who may do what: authorization decisions requests reach (policy annotations, authorizing route middleware,
   * caller-scoped queries, role/ownership checks that reject) and the checks nothing applies (src/facts/authorization.ts).
   */
  get authorization(): AuthorizationFacts {
    return this.derive(detectAuthorization);
  }
  /** Load-test scripts (Locust, k6, Artillery, JMeter, Gatling, Vegeta, autocannon) and one-off wrk/hey/ab commands. */
  get loadTests(): LoadTestFacts {
    return this.derive(detectLoadTests);
  }
  /**
   * How the service stops on SIGTERM: signal handlers and shutdown hooks in live code, servers that drain by default,
   * and the start commands and server calls that decide it (src/facts/shutdown.ts).
   */
  get shutdown(): ShutdownFacts {
    return this.derive(detectShutdown);
  }
  /**
   * The error handling requests reach: the global handler, Next.js route handlers catching their own errors, panic
   * recovery alone, handlers never wired (src/facts/error-handling.ts).
   */
  get errorHandling(): ErrorHandlingFacts {
    return this.derive(detectErrorHandling);
  }
  /**
   * A hand-written validator of the service's own called where a handler decodes a request body (Go
   * `ValidateOrderRequest(&order)`, `req.Validate()`), the first found (src/facts/request-validators.ts).
   */
  get handValidator(): HandValidatorCall | undefined {
    return this.derive(detectHandValidators);
  }
  /** The CORS policy requests get, and the near misses: unwired or commented out (src/facts/cors.ts). */
  get cors(): CorsFacts {
    return this.derive(detectCors);
  }
  /** Validation request payloads get, and the gap side: bodies read by hand, DTOs no pipe runs (input-validation.ts). */
  get inputValidation(): InputValidationFacts {
    return this.derive(detectInputValidation);
  }
  /** Rate limiters in the application per stack, and at a proxy, ingress or gateway (src/facts/rate-limit.ts). */
  get rateLimit(): RateLimitFacts {
    return this.derive(detectRateLimit);
  }
  /** API descriptions: OpenAPI documents, generated ones, framework docs served by default (src/facts/api-docs.ts). */
  get apiDocs(): ApiDocsFacts {
    return this.derive(detectApiDocs);
  }
  /** Security headers: applied, set by project code, framework defaults, switched off (src/facts/security-headers.ts). */
  get securityHeaders(): SecurityHeadersFacts {
    return this.derive(detectSecurityHeaders);
  }
  /** Authentication applied to requests, and auth logic never applied (src/facts/authn.ts). */
  get authn(): AuthnFacts {
    return this.derive(detectAuthn);
  }
  /** Header or framework API versioning, and tRPC served to the project's own client (src/facts/versioning.ts). */
  get versioning(): VersioningFacts {
    return this.derive(detectVersioning);
  }
  /** Request-id middleware, options and headers in the service's code, and Rails log tags (src/facts/request-id.ts). */
  get requestId(): RequestIdFacts {
    return this.derive(detectRequestId);
  }
  /** A health route registered only in test code (src/facts/health.ts). */
  get healthRouteInTests(): { path: string; line: number } | undefined {
    return this.derive(healthRouteInTests);
  }
  /** Metrics set up in code beyond client libraries: .NET, Ruby configuration, Elixir/PHP exporters (metrics.ts). */
  get metrics(): MetricsFacts {
    return this.derive(detectMetrics);
  }
  /** What health and readiness endpoints check: ready routes, handler dependency calls, registered checks (readiness.ts). */
  get readiness(): ReadinessFacts {
    return this.derive(detectReadiness);
  }
  /** How long stored data is kept: TTLs, lifecycle rules, cleanup by age, retention settings and policies. */
  get retention(): RetentionFacts {
    return this.derive(detectRetention);
  }
  /** Disaster recovery documents and sections: recovery targets, restore or failover steps, rehearsals. */
  get disasterRecovery(): DisasterRecoveryFacts {
    return this.derive(detectDisasterRecovery);
  }
  /** Alert rules and SLOs kept as code: Prometheus/Alertmanager, Grafana, Sloth/Pyrra/OpenSLO, Terraform/CDK monitors. */
  get alerting(): AlertingFacts {
    return this.derive(detectAlerting);
  }
  /** The .dockerignore of each production Dockerfile's build context, with its pattern count. */
  get dockerignores(): DockerignoreFor[] {
    return this.derive(detectDockerignores);
  }
  /** `helm upgrade --install` / `kubectl apply` commands that deploy from a path, and whether the repository has it. */
  get k8sDeployCommands(): K8sDeployCommand[] {
    return this.derive(detectK8sDeployCommands);
  }
  /** Entries of committed env files, env examples and samples, and the other places variables are documented. */
  get envContents(): EnvContentFacts {
    return this.derive(detectEnvContents);
  }
  /** Root license files with their text and recognised license, and a license a manifest declares. */
  get license(): LicenseFacts {
    return this.derive(detectLicense);
  }
  /** The first diagram kept as code in the documentation (Mermaid, C4, PlantUML, Structurizr). */
  get diagram(): { path: string; line: number } | undefined {
    return this.derive(detectDiagram);
  }
  /** Dependency update bots: Dependabot updates, Renovate configuration or CI job, GitLab dependency scanning. */
  get updateBots(): UpdateBotFacts {
    return this.derive(detectUpdateBots);
  }
  /** Schema created from models at start-up, Hibernate ddl-auto, `prisma db push`: schema changes with no history. */
  get schemaSync(): SchemaSyncFacts {
    return this.derive(detectSchemaSync);
  }
  /** Backups as code, managed backups, backups in the application, guide sections on backup and restore. */
  get backups(): BackupFacts {
    return this.derive(detectBackups);
  }
  /** Distributed tracing set up in code or by auto-instrumentation in start commands, and Sentry performance tracing. */
  get tracing(): TracingFacts {
    return this.derive(detectTracing);
  }
  /** Error trackers initialised in production code, where their key comes from, and initialisations only in tests. */
  get errorTracking(): ErrorTrackingFacts {
    return this.derive(detectErrorTracking);
  }
  /** Circuit breakers set up in production code or configuration, each marked wired or not. */
  get circuitBreakers(): CircuitBreakerFacts {
    const run = this.running;
    return run === this ? this.derive(detectCircuitBreakers) : run.circuitBreakers;
  }
  /** Retries production code sets up, and whether each only waits for the database at start-up or never fires. */
  get retries(): RetryFacts {
    const run = this.running;
    return run === this ? this.derive(detectRetries) : run.retries;
  }
  /** Unimplemented stubs on live code paths (NotImplementedError, todo!(), placeholder responses, empty route handlers). */
  get stubs(): StubFacts {
    return this.derive(detectStubs);
  }
  /** Mock, fake and simulated implementations in the files the service loads. */
  get mocks(): MockFacts {
    return this.derive(detectMocks);
  }
  /** How the service validates its configuration at start-up (schemas, validators, hand-written checks). */
  get configValidation(): ConfigValidationFacts {
    return this.derive(detectConfigValidation);
  }
  /** How the service logs: JSON, structured but not JSON, or plain text, per logging library, and pino-pretty left on. */
  get logging(): LoggingFacts {
    return this.derive(detectLogging);
  }
  /**
   * The deployable units of the repository (src/facts/components.ts): what it deploys and what only sits in it, with
   * the reason and the deployment target of each. A component's facts answer with the repository's list.
   */
  get components(): ComponentFacts {
    if (this.scope) return this.scope.parent.components;
    return this.derive(componentsOf);
  }
}

/**
 * A component its platform builds from source (Render's native runtime, buildpacks) ships no image of its own: the
 * Dockerfiles in its folder serve local runs (a development compose file), so none is its production image.
 */
function dockerfilesOf(repo: RepoIndex, facts: Facts): DockerfileFacts {
  const d = detectDockerfiles(repo);
  const component = facts.scope?.component;
  if (component?.platformBuilt) return { ...d, production: [] };
  // A component built to one stage of a shared Dockerfile (`--target console`) is judged on that stage's image.
  const stages = component?.stages;
  if (!stages) return d;
  return {
    ...d,
    production: d.production.map((df) => {
      const stage = stages[repo.toRepo(df.path)];
      return stage ? builtToStage(df, stage) : df;
    }),
  };
}

/**
 * A component without migrations of its own that depends on a workspace package which is a component of its own (a
 * database package whose migrations a compose job or a deploy step applies) has that package's migrations: they are
 * the schema of the database its code queries. Paths are translated into the component's view (`../../packages/db/…`).
 */
function migrationsOf(repo: RepoIndex, facts: Facts): MigrationFacts {
  const own = facts.ownMigrations;
  const scope = facts.scope;
  if (own.any || !scope?.component.uses?.length) return own;
  for (const dir of scope.component.uses) {
    const other = (scope.parent.pendingComponents ?? scope.parent.components.list).find((c) => c.path === dir);
    if (!other) continue;
    const theirs = scope.parent.forComponent(other);
    const m = theirs.ownMigrations;
    if (!m.any) continue;
    const to = (p: string) => repo.fromRepo(theirs.repo.toRepo(p));
    return {
      ...m,
      sets: m.sets.map((set) => ({
        ...set,
        files: set.files.map(to),
        evidence: set.evidence.map((e) => (e.missing ? e : { ...e, path: to(e.path) })),
      })),
      ops: m.ops.map((o) => ({
        ...o,
        file: to(o.file),
        ...(o.stillUsed ? { stillUsed: { ...o.stillUsed, file: to(o.stillUsed.file) } } : {}),
      })),
      safetyTools: [...own.safetyTools, ...m.safetyTools.map((t) => ({ ...t, path: to(t.path) }))],
      ...(m.postgres ? { postgres: { ...m.postgres, path: to(m.postgres.path) } } : {}),
      ...(own.procedure
        ? { procedure: own.procedure }
        : m.procedure
          ? { procedure: { ...m.procedure, path: to(m.procedure.path) } }
          : {}),
    };
  }
  return own;
}

function ciOf(repo: RepoIndex, facts: Facts): CiFacts {
  return facts.scope ? scopedCi(facts.scope.parent.ci, repo) : detectCi(repo);
}
function composeOf(repo: RepoIndex, facts: Facts): ComposeFacts {
  const scope = facts.scope;
  if (!scope) return detectCompose(repo);
  const components = scope.parent.pendingComponents ?? scope.parent.components.list;
  return scopedCompose(scope.component, scope.parent.compose, repo, components);
}
function k8sOf(repo: RepoIndex, facts: Facts): K8sFacts {
  return facts.scope ? scopedK8s(facts.scope.component, facts.scope.parent.k8s, repo) : detectK8s(repo);
}
function platformOf(repo: RepoIndex, facts: Facts): PlatformFacts {
  const own = detectPlatform(repo, facts);
  const scope = facts.scope;
  if (!scope) return own;
  const components = scope.parent.pendingComponents ?? scope.parent.components.list;
  return scopedPlatform(scope.component, own, scope.parent.platform, repo, components);
}
function componentsOf(repo: RepoIndex, facts: Facts): ComponentFacts {
  const detected = detectComponents(repo, {
    dockerfiles: facts.dockerfiles,
    compose: facts.compose,
    k8s: facts.k8s,
    platform: facts.platform,
    manifests: facts.manifests,
    ci: facts.ci,
    languages: facts.languages,
    liveness: facts.liveness,
    dotnet: facts.dotnet,
    rust: facts.rust,
    kind: facts.kind.kind,
    ecosystem: facts.primaryEcosystem,
    servers: facts.frameworks.http.filter((f) => f.name !== 'nextjs'),
    loadTests: facts.loadTests,
    imports: facts.imports,
  });
  const overrides = facts.options.components;
  const found =
    overrides && Object.keys(overrides).length
      ? applyComponentConfig(repo, detected, overrides, facts.manifests)
      : detected;
  // Each component's kind is judged on its own files, as a repository of its own would be.
  if (!found.single) {
    // A component's facts may borrow from the components it uses (migrationsOf, databaseOf) while kinds are judged.
    facts.pendingComponents = found.list;
    try {
      for (const c of found.list) {
        const k = facts.forComponent(c).kind.kind;
        if (k !== 'unknown' || c.kind === 'unknown') c.kind = k;
      }
    } finally {
      facts.pendingComponents = undefined;
    }
  }
  if (!found.single) settleCommandComponents(found.list);
  return found;
}

/** `detectDocs` → `docs`, `importsOf` → `imports`: the name --timing shows. */
function factName(fn: { name: string }): string {
  const n = fn.name.replace(/^detect/, '').replace(/Of$/, '') || 'anonymous';
  return n[0]!.toLowerCase() + n.slice(1);
}

function importsOf(repo: RepoIndex, facts: Facts): ImportFacts {
  const goMod = facts.manifests.manifests.find((m) => m.type === 'go.mod' && m.path === 'go.mod')?.raw as
    | { module?: string }
    | undefined;
  // A component's view resolves imports into the repository's other Go modules too (a sibling module it `replace`s).
  const outer = facts.scope
    ? goModulesOf(facts.scope.parent.repo).map((g) => ({ module: g.module, dir: repo.fromRepo(g.dir) }))
    : [];
  return detectImports(repo, goMod?.module, { rust: facts.rust }, outer);
}
function primaryEcosystemOf(_repo: RepoIndex, facts: Facts): Ecosystem | undefined {
  return primaryEcosystem(facts.frameworks, facts.languages, facts.manifests);
}
function rustOf(repo: RepoIndex, facts: Facts): RustFacts {
  return detectRust(repo, facts.manifests);
}
function aspireStackOf(repo: RepoIndex, facts: Facts): AspireStack | undefined {
  return aspireStack(repo, facts.dotnet, facts.code);
}
function frameworksOf(repo: RepoIndex, facts: Facts): FrameworkFacts {
  return detectFrameworks(repo, facts.imports, facts.manifests, facts.code);
}
function ownDatabaseOf(repo: RepoIndex, facts: Facts): DatabaseFacts {
  const crds = (facts.scope?.parent.k8s ?? facts.k8s).objects
    .filter((o) => o.kind === 'CustomResourceDefinition')
    .map((o) => o.name);
  return detectDatabase(repo, facts.imports, facts.manifests, facts.liveness, crds);
}
/**
 * A component that depends on a workspace package which is a component of its own (a database package a compose job
 * migrates) queries the database through that package: its drivers and ORMs are the component's too (paths in the
 * component's view, `../../packages/db/…`).
 */
function databaseOf(repo: RepoIndex, facts: Facts): DatabaseFacts {
  const own = facts.ownDatabase;
  const scope = facts.scope;
  if (!scope?.component.uses?.length) return own;
  const uses = [...own.uses];
  for (const dir of scope.component.uses) {
    const other = (scope.parent.pendingComponents ?? scope.parent.components.list).find((c) => c.path === dir);
    if (!other) continue;
    const theirs = scope.parent.forComponent(other);
    for (const u of theirs.ownDatabase.uses)
      if (!uses.some((x) => x.library === u.library))
        uses.push({ ...u, path: repo.fromRepo(theirs.repo.toRepo(u.path)) });
  }
  if (uses.length === own.uses.length) return own;
  return { ...own, uses, relational: uses.some((u) => u.kind === 'relational'), any: true };
}
function testsOf(repo: RepoIndex, facts: Facts): TestFacts {
  const own = detectTests(repo, facts.manifests, facts.ci);
  return facts.scope ? { ...own, suites: [...own.suites, ...testsFromOutside(repo, facts.scope)] } : own;
}

/**
 * Tests kept outside a component's folder that import its code: a repository-root `tests/` that imports the
 * `searx` package of the component in `searx/`, a Go test in another folder importing the component's module. They
 * test the component though its view does not hold them (paths are given relative to the view, `../tests/…`).
 */
function testsFromOutside(view: RepoIndex, scope: FactsScope): TestSuite[] {
  const c = scope.component;
  if (c.path === '.') return [];
  const parent = scope.parent;
  const modules: RegExp[] = [];
  const pyPackage = c.path.replace(/\//g, '.');
  if (parent.repo.get(`${c.path}/__init__.py`) && /^[\w.]+$/.test(pyPackage))
    modules.push(new RegExp(`^\\s*(?:from|import)\\s+${escapeRegExp(pyPackage)}\\b`, 'm'));
  const goMod = parent.manifests.manifests.find((m) => m.type === 'go.mod' && m.path === `${c.path}/go.mod`)?.raw as
    | { module?: string }
    | undefined;
  if (goMod?.module) modules.push(new RegExp(`"${escapeRegExp(goMod.module)}(?:/[^"]*)?"`));
  if (!modules.length) return [];
  const out: TestSuite[] = [];
  for (const suite of parent.tests.suites) {
    const files = suite.files.filter(
      (f) => !isUnder(f, c.path) && modules.some((re) => re.test(parent.repo.read(f) ?? '')),
    );
    if (!files.length) continue;
    const tests = files.reduce(
      (n, f) =>
        n + (parent.repo.read(f)?.match(/^[ \t]*(?:async\s+)?def\s+test\w*\s*\(|^func\s+Test\w*\(/gm)?.length ?? 0),
      0,
    );
    const first = files[0]!;
    out.push({
      ...suite,
      files: files.map((f) => view.fromRepo(f)),
      tests,
      first: { path: view.fromRepo(first), line: first === suite.first.path ? suite.first.line : 1 },
    });
  }
  return out;
}
function kindOf(repo: RepoIndex, facts: Facts): ProjectKind {
  const kind = detectKind(repo, facts.frameworks, facts.imports, facts.manifests, facts.dockerfiles);
  // Handlers a functions platform invokes (a Serverless Framework or SAM app, Cloud/Azure Functions, Workers) make a
  // service, though no server framework or worker library runs in them (and a Go or Java handler has a main).
  if (kind.kind === 'unknown' || kind.kind === 'cli' || kind.kind === 'library') {
    const fn = facts.platform.service.find((t) => FUNCTION_PLATFORMS.has(t.platform) && !t.weak);
    if (fn)
      return {
        ...kind,
        kind: 'service',
        reason: `runs as functions on ${fn.name} (${repo.toRepo(fn.path)}${fn.line ? `:${fn.line}` : ''})`,
        evidence: [{ path: fn.path, ...(fn.line ? { line: fn.line } : {}), note: `${fn.name} (${fn.via})` }],
      };
  }
  // A console program whose referenced core library runs the generic host as a Windows service or systemd unit.
  if (kind.kind === 'cli' || kind.kind === 'unknown') {
    const host = dotnetOsServiceHost(repo, facts.dotnet);
    if (host)
      return {
        kind: 'service',
        servesHttp: kind.servesHttp,
        longRunning: true,
        reason: `runs as a background worker (Microsoft.Extensions.Hosting): ${host.note}`,
        evidence: [host],
      };
  }
  // A program a packaged systemd unit keeps running (any service type but `oneshot`): a long-running service.
  if (kind.kind === 'cli' || kind.kind === 'unknown') {
    const unit = facts.platform.service.find(
      (t) => t.platform === 'systemd' && !repo.lines(t.path).some((l) => /^\s*Type\s*=\s*oneshot\b/.test(l)),
    );
    if (unit)
      return {
        kind: 'service',
        servesHttp: kind.servesHttp,
        longRunning: true,
        reason: `runs as a systemd service (${repo.toRepo(unit.path)}${unit.line ? `:${unit.line}` : ''})`,
        evidence: [
          { path: unit.path, ...(unit.line ? { line: unit.line } : {}), note: 'systemd unit of a Linux package' },
        ],
      };
  }
  // A one-shot job (a migrator, a seeder, a Kubernetes Job) runs to completion and exits: not a long-running service,
  // whatever server code it compiles in beside its task.
  if (kind.kind === 'service' || kind.kind === 'cli' || kind.kind === 'unknown') {
    // In a component's view every compose service is one that runs it; in the repository, its app services.
    const compose = facts.scope
      ? { appServices: facts.compose.services.filter((s) => s.role !== 'infra') }
      : facts.compose;
    const job = oneShotJob(repo, facts.manifests, compose, facts.k8s, facts.platform);
    if (job)
      return {
        kind: 'cli',
        servesHttp: false,
        longRunning: false,
        reason: `a one-shot job: ${job.note}`,
        evidence: [{ ...job, path: job.path }],
      };
  }
  return kind;
}
const FUNCTION_PLATFORMS = new Set<PlatformId>([
  'aws-lambda',
  'cloud-functions',
  'azure-functions',
  'cloudflare-workers',
]);
function privilegesOf(repo: RepoIndex, facts: Facts): PrivilegeFacts {
  return detectPrivileges(repo, facts.dockerfiles, facts.startPath);
}
function startPathOf(repo: RepoIndex, facts: Facts): StartPathFacts {
  return detectStartPath(repo, {
    dockerfiles: facts.dockerfiles,
    compose: facts.compose,
    ci: facts.ci,
    k8s: facts.k8s,
    manifests: facts.manifests,
    imports: facts.imports,
    liveness: facts.liveness,
    kind: facts.kind,
    platform: facts.platform,
  });
}
function poolingOf(repo: RepoIndex, facts: Facts): PoolingFacts {
  return detectPooling(repo, {
    database: facts.database,
    code: facts.code,
    liveness: facts.liveness,
    deps: facts.deps,
    platform: facts.platform,
    dropwizard: () => facts.derive(dropwizardConfigOf),
  });
}
function auditTrailOf(repo: RepoIndex, facts: Facts): AuditTrailFacts {
  return detectAuditTrail(repo, {
    code: facts.code,
    liveness: facts.liveness,
    deps: facts.deps,
    service: facts.service,
    grpc: facts.grpc,
    authn: facts.authn,
    sharedCredential: facts.sharedCredential,
  });
}
function tlsOf(repo: RepoIndex, facts: Facts): TlsFacts {
  return detectTls(repo, {
    code: facts.code,
    liveness: facts.liveness,
    k8s: facts.k8s,
    platform: facts.platform,
    kind: facts.kind,
    ...(facts.scope ? {} : { components: facts.components.list }),
  });
}
function pagesOf(repo: RepoIndex, facts: Facts): PageFacts {
  const component = facts.scope?.component;
  const leftOut = component?.leftOut?.length
    ? { repo: facts.scope!.parent.repo, dirs: component.leftOut.map((x) => x.dir) }
    : undefined;
  return detectPages(repo, facts.frameworks, facts.service, facts.liveness, leftOut);
}
function serviceOf(repo: RepoIndex, facts: Facts): ServiceFacts {
  return detectService(repo, facts.imports, facts.manifests, facts.liveness, facts.code, {
    rust: facts.rust,
    dotnet: true,
    phpFront: facts.frameworks.get('php')?.path,
  });
}
function depsOf(repo: RepoIndex, facts: Facts): DepsFacts {
  return detectDeps(repo, facts.manifests, facts.imports, facts.liveness, facts.code);
}
function livenessOf(repo: RepoIndex, facts: Facts): LivenessFacts {
  return detectLiveness(repo, facts.imports, facts.frameworks, facts.manifests, {
    rust: facts.rust,
    dotnet: facts.dotnet,
  });
}

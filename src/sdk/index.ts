export * from './types.js';
export { defineRule } from './define-rule.js';
/** zod, for a rule's `options` schema. */
export { z } from 'zod';
export type { RepoIndex, RepoFile, GrepMatch, GrepOptions } from '../repo/index.js';
export type { Facts } from '../facts/index.js';
export type { RequirementName } from '../facts/requirements.js';
export { escapeRegExp } from '../repo/text.js';
// Fact helpers rules may call: the rule layer reaches facts only through the SDK.
export { BATCH_KINDS } from '../facts/k8s.js';
export { symfonyConfigGlobs } from '../facts/frameworks.js';
export {
  baseImages,
  dockerfileDir,
  dockerfileProblems,
  effectiveInstruction,
  finalUser,
  isRootUser,
  pinStatus,
} from '../facts/dockerfiles.js';
export { composeContextsFor } from '../facts/compose.js';
export { ECOSYSTEM_LABEL, NON_PRODUCT_DIR } from '../facts/ecosystem.js';
export { RENOVATE_FILES } from '../facts/update-bots.js';
export type { Ecosystem } from '../facts/languages.js';
export { describeIgnored, type SecretHit } from '../facts/secrets.js';
export {
  CONFIG_SAMPLE,
  ENV_EXAMPLE,
  type EnvEntry,
  isRealEnvFile,
  isTestEnvFile,
  isSecretsFile,
  looksSecret,
  parseEnvLines,
  redactEntry,
} from '../facts/env-files.js';
export type { LaunchTarget, StartBreak, StartPathFacts } from '../facts/start-path.js';
export { rankMatches, type CiCheckKind, type CiMatch } from '../facts/ci.js';
export type { DocClass, DocFile, DocHit, DocRole, DocSection, DocsFacts, Reached, TopicQuery } from '../facts/docs.js';
export { commands, substance, type Link, type Section } from '../facts/markdown.js';
export type { CodeFacts, CodePattern, Enclosing } from '../facts/code.js';
export type { Entrypoint, LiveSource, LivenessFacts } from '../facts/liveness.js';
export type {
  DependencyName,
  DepsFacts,
  LibraryEvidence,
  LibrarySpec,
  LibraryUse,
} from '../facts/deps.js';
export type { Dependency } from '../facts/manifests.js';
export { grepConfig, grepReached, grepUnreached } from '../facts/live-code.js';
export { describeRoute, reachedRoutes, routeBody } from '../facts/handlers.js';
export { springProperties } from '../facts/spring-config.js';
export {
  READY_SEGMENT,
  healthRoutes,
  isHealthRoute,
  libraryHealth,
  type LibraryHealth,
  segments,
} from '../facts/health.js';
export type { ServiceRoute } from '../facts/service.js';
export {
  CS,
  EX,
  findSignals,
  GO,
  JS,
  JVM,
  PHP,
  PY,
  RB,
  RS,
  type Signal,
  type SignalHit,
  START_FILES,
  type StartCommand,
  springAnnotationsInert,
  startCommands,
  denoRuntime,
  type DenoRuntime,
  denoSignalListeners,
  testOnlyMatch,
} from '../facts/signals.js';
export {
  appliedAt,
  calledAt,
  defaultExportBindings,
  enclosing,
  findHits,
  isLive,
  reachesRequests,
  setupOf,
  type SourceHit,
  type SourceLanguage,
  type SourcePattern,
  SPRING_SECURITY_STARTER,
} from '../facts/wiring.js';
export { headerOfOutboundRequest } from '../facts/outbound.js';
export type { AuthorizationFacts, AuthorizationSite } from '../facts/authorization.js';
export type { LoadTestFacts, LoadTestHit } from '../facts/load-tests.js';
export type { ShutdownFacts, ShutdownSite } from '../facts/shutdown.js';
export type { ErrorHandlingFacts, ErrorHandlingSite } from '../facts/error-handling.js';
export type { MigrationEvidence, MigrationOp, MigrationSet } from '../facts/migrations.js';
export type { PoolSite, PoolState, PoolerSignal } from '../facts/db-pooling.js';
export type { TlsSignal } from '../facts/tls.js';
export type {
  Component,
  ComponentEvidence,
  ComponentFacts,
  ComponentStack,
  ComponentTarget,
} from '../facts/components.js';

// The SDK: the one surface built-in rules and rule packs build on. It is a deliberate list, pinned by
// test/unit/sdk-surface.test.ts, in four parts:
//   1. the rule contract: defineRule, z (for a rule's options schema) and the types of rules, findings and verdicts;
//   2. the facts as typed read-only data: a rule reads `ctx.facts` (its type is Facts) and the types below describe
//      what it holds — detection lives in src/facts, a rule only asks;
//   3. the context helpers on `ctx` (pass, gap, na, at, missing, …), typed by RuleContext in ./types.js;
//   4. a few named queries and tables over the facts that several rules share (below, grouped by subject). A helper no
//      rule needs is not exported: add one here on purpose, with its test, when a second rule needs it.

// 1. The rule contract.
export * from './types.js';
export { defineRule } from './define-rule.js';
/** zod, for a rule's `options` schema. */
export { z } from 'zod';

// 2. The facts, as typed read-only data.
export type { RepoIndex, RepoFile, GrepMatch, GrepOptions } from '../repo/index.js';
export type { Facts } from '../facts/index.js';
export type { RequirementName } from '../facts/requirements.js';
export type { Ecosystem } from '../facts/languages.js';
export type { SecretHit } from '../facts/secrets.js';
export type { EnvEntry } from '../facts/env-files.js';
export type { LaunchTarget, StartBreak, StartPathFacts } from '../facts/start-path.js';
export type { CiCheckKind, CiMatch } from '../facts/ci.js';
export type { DocClass, DocFile, DocHit, DocRole, DocSection, DocsFacts, Reached, TopicQuery } from '../facts/docs.js';
export type { Link, Section } from '../facts/markdown.js';
export type { CodeFacts, CodePattern, Enclosing } from '../facts/code.js';
export type { Entrypoint, LiveSource, LivenessFacts } from '../facts/liveness.js';
export type { DependencyName, DepsFacts, LibraryEvidence, LibrarySpec, LibraryUse } from '../facts/deps.js';
export type { Dependency } from '../facts/manifests.js';
export type { LibraryHealth } from '../facts/health.js';
export type { ServiceRoute } from '../facts/service.js';
export type { Signal, SignalHit, DenoRuntime } from '../facts/signals.js';
export type { SourceHit } from '../facts/wiring.js';
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

// 4. Shared queries and tables over the facts.
/** Routes: the routes the service serves and reaches, what a route is called, health and readiness endpoints. */
export { apiRoutes, describeRoute, reachedRoutes } from '../facts/handlers.js';
export { isAdmissionWebhook } from '../facts/routes-go.js';
export { githubAppWebhookOnly } from '../facts/probe-only.js';
export {
  READY_SEGMENT,
  healthRoutes,
  isHealthRoute,
  libraryHealth,
  probeNeedsCredentials,
  segments,
} from '../facts/health.js';
/** Wiring: whether a file is loaded by the service, and where a declared library is imported or set up. */
export { isLive, setupOf, SPRING_SECURITY_STARTER } from '../facts/wiring.js';
/**
 * Framework settings: Spring properties, Spring annotations that do nothing without their aspect, the Deno runtime, a
 * Benthos service's CLI start.
 */
export { springActuator, springProperties } from '../facts/spring-config.js';
export { BENTHOS_RUN_CLI } from '../facts/frameworks.js';
export { denoRuntime, denoSignalListeners, springAnnotationsInert } from '../facts/signals.js';
/** Containers: Dockerfile instructions and problems, base images and their pins, compose build contexts, batch kinds. */
export {
  baseImages,
  dockerfileProblems,
  effectiveInstruction,
  finalUser,
  isBaseNamedRef,
  isRootUser,
  pinStatus,
} from '../facts/dockerfiles.js';
export { composeContextsFor, isDevComposeFile, isTestComposeFile } from '../facts/compose.js';
export { BATCH_KINDS, isBatchWorkload } from '../facts/k8s.js';
/** Dependencies: ecosystem names, the directories that are not the product, the update-bot config files. */
export { ECOSYSTEM_LABEL, NON_PRODUCT_DIR } from '../facts/ecosystem.js';
export { RENOVATE_FILES } from '../facts/update-bots.js';
/** Secrets and environment files: which files count, what looks secret, and printing an entry without its value. */
export { describeIgnored } from '../facts/secrets.js';
export {
  isRealEnvFile,
  isSecretsFile,
  isSymfonyDevEnvFile,
  isTestEnvFile,
  looksSecret,
  redactEntry,
} from '../facts/env-files.js';
/** CI and documents: the best CI match per kind, the commands and substance of a Markdown section. */
export { rankMatches } from '../facts/ci.js';
export { commands, substance } from '../facts/markdown.js';

// The SDK is the one surface rules and rule packs build on: what it exports is a deliberate list. An export added by
// accident (an internal helper re-exported) or one removed by accident fails here; change the lists on purpose.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/**
 * Functions, constants and the zod namespace: what a rule or pack can call. Internal helpers of the facts (pattern
 * hit finders, signal tables, env-file parsers, grep wrappers) are not here: a rule asks the facts on `ctx.facts`.
 */
const VALUES = [
  'BATCH_KINDS',
  'BENTHOS_RUN_CLI',
  'CATEGORIES',
  'ECOSYSTEM_LABEL',
  'NON_PRODUCT_DIR',
  'READY_SEGMENT',
  'RENOVATE_FILES',
  'SEVERITIES',
  'SEVERITY_RANK',
  'SPRING_SECURITY_STARTER',
  'apiRoutes',
  'baseImages',
  'commands',
  'composeContextsFor',
  'defineRule',
  'denoRuntime',
  'denoSignalListeners',
  'describeIgnored',
  'describeRoute',
  'dockerfileProblems',
  'effectiveInstruction',
  'finalUser',
  'githubAppWebhookOnly',
  'healthRoutes',
  'isAdmissionWebhook',
  'isBaseNamedRef',
  'isBatchWorkload',
  'isDevComposeFile',
  'isHealthRoute',
  'isLive',
  'isRealEnvFile',
  'isRootUser',
  'isSecretsFile',
  'isSymfonyDevEnvFile',
  'isTestComposeFile',
  'isTestEnvFile',
  'libraryHealth',
  'looksSecret',
  'pinStatus',
  'probeNeedsCredentials',
  'rankMatches',
  'reachedRoutes',
  'redactEntry',
  'segments',
  'setupOf',
  'springActuator',
  'springAnnotationsInert',
  'springProperties',
  'substance',
  'z',
];

/** Types: the rule contract, findings, and the facts as typed read-only data. */
const TYPES = [
  'AuthorizationFacts',
  'AuthorizationSite',
  'Category',
  'CategoryId',
  'CiCheckKind',
  'CiMatch',
  'CodeFacts',
  'CodePattern',
  'Component',
  'ComponentContext',
  'ComponentEvidence',
  'ComponentFacts',
  'ComponentStack',
  'ComponentTarget',
  'Confidence',
  'Dependency',
  'DenoRuntime',
  'DependencyName',
  'DepsFacts',
  'DocClass',
  'DocFile',
  'DocHit',
  'DocRole',
  'DocSection',
  'DocsFacts',
  'Ecosystem',
  'Effort',
  'Enclosing',
  'Entrypoint',
  'ErrorHandlingFacts',
  'ErrorHandlingSite',
  'EnvEntry',
  'Evidence',
  'Facts',
  'Finding',
  'GapSize',
  'GrepMatch',
  'GrepOptions',
  'LaunchTarget',
  'Level',
  'LibraryEvidence',
  'LibraryHealth',
  'LibrarySpec',
  'LibraryUse',
  'Link',
  'LiveSource',
  'LoadTestFacts',
  'LoadTestHit',
  'LivenessFacts',
  'MigrationEvidence',
  'MigrationOp',
  'MigrationSet',
  'PoolSite',
  'PoolState',
  'PoolerSignal',
  'Reached',
  'RepoFile',
  'RepoIndex',
  'RequirementName',
  'Rule',
  'RuleContext',
  'RuleDocs',
  'RuleMeta',
  'RuleOptions',
  'RuleScope',
  'RuleSource',
  'SecretHit',
  'Section',
  'ServiceRoute',
  'Severity',
  'ShutdownFacts',
  'ShutdownSite',
  'Signal',
  'SignalHit',
  'SourceHit',
  'StartBreak',
  'StartPathFacts',
  'Status',
  'TlsSignal',
  'TopicQuery',
  'Verdict',
  'VerdictExtra',
];

/**
 * Exported names of the SDK's entry module, read from its syntax tree (values and types alike): named re-exports, and
 * for `export * from` the declarations the target module exports.
 */
function exportedNames(file = path.join(ROOT, 'src', 'sdk', 'index.ts')): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const names: string[] = [];
  const exported = (n: ts.Node) =>
    ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const st of source.statements) {
    if (ts.isExportDeclaration(st)) {
      if (st.exportClause && ts.isNamedExports(st.exportClause))
        names.push(...st.exportClause.elements.map((e) => e.name.text));
      else if (!st.exportClause && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier))
        names.push(...exportedNames(path.resolve(path.dirname(file), st.moduleSpecifier.text.replace(/\.js$/, '.ts'))));
    } else if (exported(st)) {
      if (ts.isVariableStatement(st))
        names.push(...st.declarationList.declarations.map((d) => (d.name as ts.Identifier).text));
      else if (
        (ts.isFunctionDeclaration(st) ||
          ts.isClassDeclaration(st) ||
          ts.isInterfaceDeclaration(st) ||
          ts.isTypeAliasDeclaration(st) ||
          ts.isEnumDeclaration(st)) &&
        st.name
      )
        names.push(st.name.text);
    }
  }
  return names.sort();
}

describe('sdk surface', () => {
  it('exports exactly the listed functions and constants at run time', async () => {
    const sdk = await import('../../src/sdk/index.js');
    expect(Object.keys(sdk).sort()).toEqual(VALUES);
  });

  it('exports exactly the listed names, types included', () => {
    expect(exportedNames()).toEqual([...VALUES, ...TYPES].sort());
  });
});

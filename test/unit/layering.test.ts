// Imports point one way (cli → commands → pipeline → engine → facts → repo; rules → sdk). Every module specifier is
// read from the TypeScript syntax tree: static imports and re-exports, dynamic import() calls and inline
// `import('…').Type` types alike, so a layer cannot be crossed by a type-only or lazy import either.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/** What each layer may import (besides itself and Node built-ins / npm packages). */
const ALLOWED: Record<string, string[]> = {
  cli: ['commands', 'history', 'errors', 'version', 'lazy'],
  commands: [
    'claims',
    'pipeline',
    'engine',
    'config',
    'history',
    'plan',
    'report',
    'repo',
    'sdk',
    'errors',
    'version',
    'timing',
  ],
  pipeline: ['config', 'engine', 'facts', 'history', 'report', 'repo', 'sdk', 'rules/index', 'errors', 'timing'],
  engine: ['config', 'facts', 'repo', 'sdk', 'errors', 'timing', 'printable'],
  claims: ['facts', 'report', 'repo', 'sdk', 'errors', 'printable'],
  config: ['report', 'sdk', 'errors'],
  facts: ['repo', 'errors', 'timing', 'lazy', 'young-generation'],
  repo: ['errors', 'timing'],
  sdk: ['facts', 'repo', 'errors'],
  report: ['sdk', 'errors', 'version', 'printable', 'lazy'],
  history: ['plan', 'report', 'repo', 'sdk', 'errors', 'version'],
  plan: ['report', 'sdk', 'errors'],
  rules: ['sdk', 'rules/_lib'],
  'rules/_lib': ['sdk'],
  'rules/index': ['rules', 'sdk'],
  errors: [],
  version: [],
  /** `--timing`: a leaf every measured layer may call. */
  timing: [],
  /** Parsers loaded on first use: a leaf. */
  lazy: [],
  /** Escaping of repository text before it is shown (control characters, bidirectional overrides): a leaf. */
  printable: [],
  /** The young generation's growth during an audit (V8 flags), called as each fact is computed: a leaf. */
  'young-generation': [],
};

function layerOf(file: string): string {
  const [top, second, third] = path.relative(ROOT, file).split(path.sep);
  if (top === 'rules')
    return second === '_lib' ? 'rules/_lib' : second?.replace(/\.[jt]s$/, '') === 'index' ? 'rules/index' : 'rules';
  if (top === 'src') return third === undefined ? second!.replace(/\.[jt]s$/, '') : second!;
  return top!;
}

/** Every module specifier in a file: import/export declarations, import() calls and import('…') types. */
function specifiers(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) out.push(node.moduleSpecifier.text);
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      if (ts.isLiteralTypeNode(arg) && ts.isStringLiteral(arg.literal)) out.push(arg.literal.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg && ts.isStringLiteralLike(arg)) out.push(arg.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function sources(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
    );
}

describe('layering', () => {
  it('reads static, dynamic and inline type imports alike', () => {
    const text = [
      "import a from './a.js';",
      "export { b } from '../b.js';",
      "const c = await import('./c.js');",
      "type D = import('../../d.js').D;",
      "function f(x: import('./e.js').E) { return x; }",
    ].join('\n');
    expect(specifiers('x.ts', text)).toEqual(['./a.js', '../b.js', './c.js', '../../d.js', './e.js']);
  });

  it('every import points down the layers', () => {
    const offenders: string[] = [];
    const files = [...sources(path.join(ROOT, 'src')), ...sources(path.join(ROOT, 'rules'))];
    for (const file of files) {
      const from = layerOf(file);
      const allowed = ALLOWED[from];
      if (!allowed) {
        offenders.push(`${path.relative(ROOT, file)}: layer "${from}" is not in the layering table`);
        continue;
      }
      for (const spec of specifiers(file, fs.readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const to = layerOf(path.resolve(path.dirname(file), spec));
        if (to !== from && !allowed.includes(to))
          offenders.push(`${path.relative(ROOT, file)} (${from}) imports ${spec} (${to})`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('history imports nothing from commands, and report does not import the rule registry', () => {
    expect(ALLOWED.history).not.toContain('commands');
    expect(ALLOWED.report).not.toContain('rules/index');
    expect(ALLOWED.report).not.toContain('rules');
  });
});

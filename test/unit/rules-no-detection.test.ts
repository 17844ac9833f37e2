// Rules are policies over facts: detection (searching or reading file contents) belongs in src/facts, where every
// rule shares one answer. This counts, in each rule module, the calls that read or search file contents directly;
// a module may make at most the calls its entry below allows. The list may only shrink: move a rule's detection into
// a fact and lower (or delete) its entry; a new rule, or a new search in an old one, fails here.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/** Rule modules that still detect on their own, and how many content reads/searches each makes today. */
const ALLOWED: Record<string, number> = {};

/** Methods of the repository index and the code fact that read or search file contents. */
const CONTENT_METHODS: Record<string, Set<string>> = {
  repo: new Set(['grep', 'grepFirst', 'read', 'lines', 'lineText', 'json', 'yaml', 'yamlDocuments']),
  code: new Set(['grep', 'grepFirst', 'text', 'scan']),
};
/** SDK helpers that run a rule's own patterns over the repository. */
const SEARCH_HELPERS = new Set(['findSignals', 'findHits', 'grepReached', 'grepUnreached', 'grepConfig']);

/** `ctx.repo.grep(…)`, `repo.read(…)`, `ctx.facts.code.grepFirst(…)`, `findSignals(…)`: one entry per call. */
function contentCalls(source: string, file: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const calls: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isIdentifier(callee) && SEARCH_HELPERS.has(callee.text)) calls.push(callee.text);
      if (ts.isPropertyAccessExpression(callee)) {
        const owner = callee.expression;
        const ownerName = ts.isPropertyAccessExpression(owner)
          ? owner.name.text
          : ts.isIdentifier(owner)
            ? owner.text
            : '';
        if (CONTENT_METHODS[ownerName]?.has(callee.name.text)) calls.push(`${ownerName}.${callee.name.text}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return calls;
}

function ruleModules(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return ruleModules(p);
    return /\.ts$/.test(e.name) && e.name !== 'index.ts' ? [p] : [];
  });
}

describe('rules do no detection of their own', () => {
  const counts = new Map<string, number>();
  for (const file of ruleModules(path.join(ROOT, 'rules'))) {
    const rel = path.relative(ROOT, file).split(path.sep).join('/');
    counts.set(rel, contentCalls(fs.readFileSync(file, 'utf8'), file).length);
  }

  it('finds the calls it is looking for', () => {
    const sample = [
      'ctx.repo.grepFirst(/x/);',
      'const t = ctx.repo.read(p);',
      'ctx.facts.code.grep(/y/, {});',
      'findSignals(ctx.facts, S);',
      '// ctx.repo.grep(/in a comment/)',
      'ctx.repo.has(p); ctx.facts.deps.declared(["node", "x"]);',
    ].join('\n');
    expect(contentCalls(sample, 'sample.ts')).toEqual(['repo.grepFirst', 'repo.read', 'code.grep', 'findSignals']);
  });

  it('no rule module reads or searches file contents beyond its allowance (move the detection into src/facts)', () => {
    const over = [...counts]
      .filter(([rel, n]) => n > (ALLOWED[rel] ?? 0))
      .map(([rel, n]) => `${rel}: ${n} (allowed ${ALLOWED[rel] ?? 0})`);
    expect(over).toEqual([]);
  });

  it('the allowances only shrink: an entry above what its module makes is lowered', () => {
    const slack = Object.entries(ALLOWED)
      .filter(([rel, n]) => (counts.get(rel) ?? 0) < n)
      .map(([rel, n]) => `${rel}: allowed ${n}, makes ${counts.get(rel) ?? 0}`);
    expect(slack).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { parseJavaScript } from '../../src/facts/js-syntax.js';

const problems = (src: string) => parseJavaScript(src).problems.map((p) => `${p.kind} ${p.name}@${p.line}`);

describe('javascript syntax: names read at load time before they exist', () => {
  it('reports a name nothing declares and a let/const read before its declaration', () => {
    const src = [
      "const express = require('express');",
      'const app = express();',
      'app.use(bodyParser.json());',
      'app.listen(port);',
      'const port = process.env.PORT || 3000;',
    ].join('\n');
    expect(problems(src)).toEqual(['undefined bodyParser@3', 'before-declaration port@4']);
  });

  it('accepts hoisting, globals, typeof, function bodies, branches, try/catch and assignments', () => {
    const src = [
      "import path from 'node:path';",
      "import { join as j } from 'node:path';",
      'start();',
      'function start() { return later + notDeclaredButDeferred; }',
      'var later = 1;',
      'if (typeof window === "undefined") { browserOnly(); }',
      'try { maybe(); } catch (e) { console.log(e); }',
      'const ok = process.env.X && fallback();',
      'implicitGlobal = 3;',
      'console.log(implicitGlobal, path, j, __dirname, module, exports, Buffer, setTimeout, fetch);',
      'global.injected = 1;',
      'injected.go();',
      'const handler = () => missingInArrow();',
      'class A extends Object { m() { return missingInMethod; } }',
      'export { A };',
      'const { a = 1, ...rest } = {};',
      'console.log(a, rest, `${a}`);',
    ].join('\n');
    expect(problems(src)).toEqual([]);
  });

  it('reports an exported name that is not declared, and skips JSX or unparseable files', () => {
    expect(problems('const a = 1;\nexport { a, b };\n')).toEqual(['undefined b@2']);
    expect(parseJavaScript('const x = <div/>;\nmissing();\n').problems).toEqual([]);
    expect(parseJavaScript('const = ;').parsed).toBe(false);
  });
});

describe('syntax trees loaded on demand', () => {
  it('a parse before the grammars are loaded, which no fact catches, reruns the work with them loaded', async () => {
    // A fresh process: this test run loads the grammars up front, so the unloaded path exists only in another one.
    const { execFileSync } = await import('node:child_process');
    const { pathToFileURL } = await import('node:url');
    const path = await import('node:path');
    const module = pathToFileURL(path.resolve('dist/src/facts/syntax-trees.js')).href;
    const script = [
      `const t = await import(${JSON.stringify(module)});`,
      'let runs = 0;',
      'const out = await t.withSyntaxTrees(false, () => { runs++; return t.javascriptParser().parse("let a = 1;").rootNode.type; });',
      'console.log(JSON.stringify({ out, runs, loaded: t.syntaxTreesLoaded() }));',
    ].join('\n');
    const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(stdout)).toEqual({ out: 'program', runs: 2, loaded: true });
  });
});

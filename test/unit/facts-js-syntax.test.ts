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

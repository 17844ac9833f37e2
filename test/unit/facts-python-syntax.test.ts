import { describe, expect, it } from 'vitest';
import { parsePython } from '../../src/facts/python-syntax.js';
import { pythonOptInSwitch } from '../../src/facts/python-switch.js';
import { RepoIndex } from '../../src/repo/index.js';

const problems = (src: string) => parsePython(src).problems.map((p) => `${p.kind} ${p.name}@${p.line} in ${p.scope}`);

describe('python syntax: names used before they exist', () => {
  it('reports a module-level read of a name never defined or imported', () => {
    expect(problems('import os\napp = Flask(__name__)\n')).toEqual(['undefined Flask@2 in <module>']);
  });

  it('reports a module-level read before the binding, but not a late-bound read in a function', () => {
    expect(problems('print(x)\nx = 1\ndef f():\n    return y\ny = 2\n')).toEqual(['undefined x@1 in <module>']);
  });

  it('reports a local read before its assignment in a function (UnboundLocalError)', () => {
    const src = [
      'settings = None',
      'async def startup():',
      '    log(settings.name)',
      '    settings = load()',
      'def log(x):',
      '    print(x)',
      'def load():',
      '    return 1',
    ].join('\n');
    expect(problems(src)).toEqual(['unbound-local settings@3 in startup']);
  });

  it('binds every target of a chained assignment, and still reads its value', () => {
    expect(problems('DEBUG = ECHO = False\nprint(ECHO)\na = b = c\n')).toEqual(['undefined c@3 in <module>']);
    expect(problems('def f():\n    x = y = 1\n    return x + y\n')).toEqual([]);
  });

  it('treats x += 1 on a global as an unbound local, and `global x` as fine', () => {
    expect(problems('n = 0\ndef a():\n    n += 1\ndef b():\n    global n\n    n += 1\n')).toEqual([
      'unbound-local n@3 in a',
    ]);
  });

  it('does not report conditional reads, guarded reads, builtins, comprehensions, lambdas or class scopes', () => {
    const src = [
      'import sys',
      'if sys.argv:',
      '    maybe_undefined()',
      'try:',
      '    unicode_thing',
      'except NameError:',
      '    pass',
      'squares = [i * i for i in range(3) if i]',
      'f = lambda v: v + later',
      'class C:',
      '    size = 3',
      '    double = size * 2',
      '    def m(self):',
      '        return size',
      'def g(a, *args, b=len, **kw):',
      '    for item in args:',
      '        total = item',
      '    return a, b, kw, total, __name__, __file__, print',
      'x = 1 if sys else nothing',
      'y = sys or nothing2',
      'later = 1',
    ].join('\n');
    expect(problems(src)).toEqual([]);
  });

  it('binds names from every binding form', () => {
    const src = [
      'import a.b.c',
      'import d as e',
      'from f import g as h, i',
      'with open("x") as (j, k):',
      '    pass',
      'for l, *m in []:',
      '    pass',
      'try:',
      '    pass',
      'except Exception as n:',
      '    pass',
      '(o := 1)',
      'p: int = 2',
      'def q(): pass',
      'class R: pass',
      'print(a, e, h, i, j, k, o, p, q, R)',
    ].join('\n');
    expect(problems(src)).toEqual([]);
    const info = parsePython(src);
    expect([...info.moduleNames]).toEqual(
      expect.arrayContaining(['a', 'e', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'R']),
    );
  });

  it('gives up on module names after a star import or globals() tricks', () => {
    expect(problems('from x import *\nprint(y)\n')).toEqual([]);
    expect(problems('globals()["z"] = 1\nprint(z)\n')).toEqual([]);
  });

  it('reports nothing for Python 2 or unparseable files', () => {
    const py2 = parsePython('print "hello"\nprint(undefined_name)\n');
    expect(py2.parsed).toBe(false);
    expect(py2.problems).toEqual([]);
    expect(parsePython('def (:\n').parsed).toBe(false);
  });

  it('binds PEP 695 type parameters of generic classes, functions and aliases in their own scope', () => {
    const src = [
      'from base import Repo, Model',
      'class Store[M: Model](Repo[M]):',
      '    kind: type[M]',
      'def first[T](items: list[T]) -> T:',
      '    return items[0]',
      'type Pair[K] = tuple[K, K]',
      'class Broken(Repo[Missing]):',
      '    pass',
    ].join('\n');
    expect(problems(src)).toEqual(['undefined Missing@7 in <module>']);
  });

  it('handles match statements', () => {
    const src =
      'v = 1\nmatch v:\n    case Point(x=0, y=yy) | [1, zz, *rest]:\n        print(yy, zz, rest)\nclass Point: pass\n';
    expect(problems(src)).toEqual([]);
  });
});

describe('python syntax: which calls run at start', () => {
  it('marks calls under a branch, in the __main__ block or in a function as conditional or not', () => {
    const src = [
      'import sys',
      'setup()',
      'if sys.argv:',
      '    debug()',
      'def create():',
      '    configure()',
      '    if sys.argv:',
      '        sentry()',
      'if __name__ == "__main__":',
      '    main()',
      '    if sys.argv[1:]:',
      '        serve()',
    ].join('\n');
    const info = parsePython(src);
    expect(info.moduleCalls.map((c) => `${c.name}:${c.main ? 'main' : 'module'}:${c.unconditional}`)).toEqual([
      'setup:module:true',
      'debug:module:false',
      'main:main:true',
      'serve:main:false',
    ]);
    expect(info.callsIn.get('create')).toEqual(['configure']);
  });
});

describe('python syntax: imports and start-up', () => {
  it('lists imports with level, names, guards and the function they run in', () => {
    const src = [
      'from __future__ import annotations',
      'import os, a.b as c',
      'from .models import router',
      'from ..core import (',
      '    engine,',
      '    Settings as S,',
      ')',
      'try:',
      '    import ujson',
      'except ImportError:',
      '    ujson = None',
      'from typing import TYPE_CHECKING',
      'if TYPE_CHECKING:',
      '    from svc.types import T',
      'def create_app():',
      '    from svc.api import routes',
      '    return routes',
    ].join('\n');
    const imports = parsePython(src).imports.map((i) => ({
      m: i.module,
      l: i.level,
      n: i.names,
      g: i.guarded,
      t: i.typeOnly,
      f: i.inFunction,
      line: i.line,
    }));
    expect(imports).toEqual([
      { m: 'os', l: 0, n: [], g: false, t: false, f: undefined, line: 2 },
      { m: 'a.b', l: 0, n: [], g: false, t: false, f: undefined, line: 2 },
      { m: 'models', l: 1, n: ['router'], g: false, t: false, f: undefined, line: 3 },
      { m: 'core', l: 2, n: ['engine', 'Settings'], g: false, t: false, f: undefined, line: 4 },
      { m: 'ujson', l: 0, n: [], g: true, t: false, f: undefined, line: 9 },
      { m: 'typing', l: 0, n: ['TYPE_CHECKING'], g: false, t: false, f: undefined, line: 12 },
      { m: 'svc.types', l: 0, n: ['T'], g: true, t: true, f: undefined, line: 14 },
      { m: 'svc.api', l: 0, n: ['routes'], g: false, t: false, f: 'create_app', line: 16 },
    ]);
  });

  it('finds start-up hooks, module calls, the __main__ block, sys.path edits and server targets', () => {
    const src = [
      'import sys, uvicorn',
      'sys.path.insert(0, "src")',
      'from fastapi import FastAPI',
      'def lifespan(app):',
      '    yield',
      'app = FastAPI(lifespan=lifespan)',
      '@app.on_event("startup")',
      'async def warm():',
      '    pass',
      'def main():',
      '    uvicorn.run("svc.api:app")',
      'if __name__ == "__main__":',
      '    main()',
      '    uvicorn.run("svc.main:app", port=8000)',
    ].join('\n');
    const info = parsePython(src);
    expect(info.startupHooks.map((h) => `${h.name}:${h.how}`)).toEqual([
      'lifespan:lifespan=',
      'warm:@app.on_event("startup")',
    ]);
    expect(info.sysPathEdits).toEqual([2]);
    expect(info.mainBlock).toBe(12);
    expect(info.moduleCalls.filter((c) => c.main).map((c) => c.name)).toEqual(['main']);
    expect(info.moduleCalls.filter((c) => !c.main).map((c) => c.name)).toEqual(['FastAPI']);
    expect(info.serverTargets.map((t) => t.target)).toEqual(['svc.api:app', 'svc.main:app']);
    expect(info.callsIn.get('main')).toEqual([]);
    expect(info.functions.get('warm')).toBe(8);
  });
});

describe('pythonOptInSwitch', () => {
  const at = (text: string, needle: string) => {
    const repo = RepoIndex.fromMemory({ 'conf.py': text });
    return pythonOptInSwitch(repo, 'conf.py', text.split('\n').findIndex((l) => l.includes(needle)) + 1);
  };

  it('reads an if over a name the module assigns from an environment value that is off unless set', () => {
    const text = [
      'import os',
      'apm = os.getenv("APM_ON", "False").lower() == "true"',
      'if apm:',
      '    start_agent()',
    ].join('\n');
    expect(at(text, 'start_agent')).toEqual({ path: 'conf.py', line: 3, cond: 'apm' });
  });

  it('leaves a switch that is on by default, a negated one and a name that reads no configuration', () => {
    expect(
      at('import os\nif os.getenv("APM_ON", "true") == "true":\n    start_agent()\n', 'start_agent'),
    ).toBeUndefined();
    expect(at('import os\nif not os.getenv("APM_OFF"):\n    start_agent()\n', 'start_agent')).toBeUndefined();
    expect(at('region = "eu"\nif region:\n    start_agent()\n', 'start_agent')).toBeUndefined();
  });
});

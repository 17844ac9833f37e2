import type { Node } from 'web-tree-sitter';
import { pythonParser } from './syntax-trees.js';

/**
 * What the start path needs to know about one Python module, from a real syntax tree (tree-sitter):
 * its imports (and whether they run when the module is imported), the names it binds, the functions that run at
 * start-up, and names read before they exist.
 *
 * The name analysis follows pyflakes' model of scopes, narrowed to what certainly fails at start-up:
 * - module code runs in order, so a module-level read with no binding of the name earlier in the module (and no
 *   builtin, star import or `globals()` trick) is a NameError when the module is imported;
 * - function bodies are deferred (as in pyflakes): a name read in a function resolves against every binding of the
 *   enclosing scopes, wherever it is; class scopes are skipped for nested functions;
 * - a name bound anywhere in a function (without `global`/`nonlocal`) is local to the whole function, so reading it
 *   before its first binding is an UnboundLocalError (pyflakes' "referenced before assignment").
 * Only reads that run unconditionally are reported (not under if/loop/match/except/short-circuit branches, not in
 * lambdas, not inside a try whose handlers catch NameError): a project that starts must never be reported.
 */

export interface PyImport {
  line: number;
  /** The module as written, without leading dots: `a.b` for `import a.b` and `from a.b import c`; '' for `from . import x`. */
  module: string;
  /** Leading dots of a relative import (0 for absolute). */
  level: number;
  /** Names after `from … import` ('*' for a star import); empty for `import a.b`. */
  names: string[];
  kind: 'import' | 'from';
  /** Runs when the module is imported (module level, or the body of a top-level function that runs at start). */
  inFunction?: string;
  /** Inside a try whose handlers catch ImportError (or broader), or under if/else: a failure may be intended. */
  guarded: boolean;
  /** Under `if TYPE_CHECKING:`: never runs. */
  typeOnly: boolean;
  text: string;
}

export interface PyNameProblem {
  kind: 'undefined' | 'unbound-local';
  name: string;
  line: number;
  /** '<module>' or the top-level function the read is in. */
  scope: string;
  /** For unbound-local: the line of the first binding in the function. */
  boundAt?: number;
}

export interface PyStartupHook {
  name: string;
  line: number;
  /** How it is registered: `@app.on_event("startup")`, `lifespan=`, `add_event_handler`, `before_serving`. */
  how: string;
}

export interface PyCall {
  name: string;
  line: number;
  /** Inside `if __name__ == "__main__":`. */
  main: boolean;
  /** Runs whenever its scope runs (for a call in the __main__ block: whenever the block runs). */
  unconditional: boolean;
}

export interface PyModuleInfo {
  /** False when the file does not parse (or is Python 2): nothing below is reliable then. */
  parsed: boolean;
  reason?: string;
  imports: PyImport[];
  /** Every name bound in module scope (any depth, any branch), plus names functions declare `global`. */
  moduleNames: Set<string>;
  /** Line of the first module-level binding of each name. */
  bindingLine: Map<string, number>;
  /** A star import or a `globals()`/module `__getattr__` trick: module names cannot be listed. */
  openNamespace: boolean;
  /** Top-level functions: name → line. */
  functions: Map<string, number>;
  /** Calls of a bare name at module level (e.g. `app = create_app()`, `main()` in the __main__ block). */
  moduleCalls: PyCall[];
  /** Bare names each top-level function calls (one level, for following start-up work). */
  callsIn: Map<string, string[]>;
  startupHooks: PyStartupHook[];
  /** Lines that change sys.path (sys.path.insert/append, site.addsitedir): later imports are dynamic. */
  sysPathEdits: number[];
  /** `if __name__ == "__main__":` line. */
  mainBlock?: number;
  /** `uvicorn.run("pkg.mod:app")`-style targets named in strings at module level or in the main block. */
  serverTargets: { target: string; line: number }[];
  /** Name problems per scope (module, and every top-level function: callers pick those on the start path). */
  problems: PyNameProblem[];
}

const BUILTINS = new Set(
  (
    'ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup BlockingIOError BrokenPipeError ' +
    'BufferError BytesWarning ChildProcessError ConnectionAbortedError ConnectionError ConnectionRefusedError ' +
    'ConnectionResetError DeprecationWarning EOFError Ellipsis EncodingWarning EnvironmentError Exception ' +
    'ExceptionGroup False FileExistsError FileNotFoundError FloatingPointError FutureWarning GeneratorExit IOError ' +
    'ImportError ImportWarning IndentationError IndexError InterruptedError IsADirectoryError KeyError ' +
    'KeyboardInterrupt LookupError MemoryError ModuleNotFoundError NameError None NotADirectoryError NotImplemented ' +
    'NotImplementedError OSError OverflowError PendingDeprecationWarning PermissionError ProcessLookupError ' +
    'PythonFinalizationError RecursionError ReferenceError ResourceWarning RuntimeError RuntimeWarning ' +
    'StopAsyncIteration StopIteration SyntaxError SyntaxWarning SystemError SystemExit TabError TimeoutError True ' +
    'TypeError UnboundLocalError UnicodeDecodeError UnicodeEncodeError UnicodeError UnicodeTranslateError ' +
    'UnicodeWarning UserWarning ValueError Warning WindowsError ZeroDivisionError _IncompleteInputError ' +
    '__build_class__ __debug__ __doc__ __import__ __loader__ __name__ __package__ __spec__ __file__ __cached__ ' +
    '__builtins__ __annotations__ __dict__ abs aiter all anext any ascii bin bool breakpoint bytearray bytes ' +
    'callable chr classmethod compile complex copyright credits delattr dict dir divmod enumerate eval exec exit ' +
    'filter float format frozenset getattr globals hasattr hash help hex id input int isinstance issubclass iter len ' +
    'license list locals map max memoryview min next object oct open ord pow print property quit range repr reversed ' +
    'round set setattr slice sorted staticmethod str sum super tuple type vars zip ' +
    // Python 2 names: a project still on Python 2 runs them; never report them (precision over recall).
    'unicode basestring long xrange raw_input reduce file execfile unichr cmp buffer apply intern coerce reload ' +
    // Injected by gettext.install(), IPython and friends.
    '_ get_ipython display __IPYTHON__'
  ).split(' '),
);

const COMPREHENSIONS = new Set([
  'list_comprehension',
  'set_comprehension',
  'dictionary_comprehension',
  'generator_expression',
]);

interface Binding {
  name: string;
  pos: number;
  line: number;
}
interface Read {
  name: string;
  pos: number;
  line: number;
  unconditional: boolean;
  /** A handler of an enclosing try catches NameError (or everything). */
  nameErrorCaught: boolean;
}
interface Scope {
  kind: 'module' | 'function' | 'class';
  name: string;
  bindings: Binding[];
  reads: Read[];
  globals: Set<string>;
  nonlocals: Set<string>;
  calls: PyCall[];
}

interface WalkState {
  scope: Scope;
  /** Code here runs whenever the scope runs. */
  unconditional: boolean;
  nameErrorCaught: boolean;
  importGuarded: boolean;
  typeOnly: boolean;
  /** Names bound by enclosing comprehensions (their reads are not the scope's). */
  compNames: Set<string>;
  inMain: boolean;
  /** Directly in the __main__ block (not under a further branch): runs whenever the module runs as __main__. */
  mainDirect: boolean;
}

export function parsePython(text: string): PyModuleInfo {
  const info: PyModuleInfo = {
    parsed: false,
    imports: [],
    moduleNames: new Set(),
    bindingLine: new Map(),
    openNamespace: false,
    functions: new Map(),
    moduleCalls: [],
    callsIn: new Map(),
    startupHooks: [],
    sysPathEdits: [],
    serverTargets: [],
    problems: [],
  };
  const tree = pythonParser().parse(text);
  if (!tree) return { ...info, reason: 'the parser gave no tree' };
  try {
    const root = tree.rootNode;
    if (root.hasError) {
      const err = firstError(root);
      return { ...info, reason: `syntax the parser does not accept at line ${err ? err.startPosition.row + 1 : '?'}` };
    }
    // The statements begin with their keyword: a text without either has neither. The search runs in the parser's
    // own code (walking the tree node by node from JavaScript cost more than the parse).
    if (
      (text.includes('print') || text.includes('exec')) &&
      root.descendantsOfType(['print_statement', 'exec_statement']).length > 0
    )
      return { ...info, reason: 'Python 2 syntax (print/exec statement)' };
    info.parsed = true;
    analyse(root, info);
    // setattr(sys.modules[__name__], …) and friends add module names no tree shows.
    if (/sys\.modules\[__name__\]|__builtins__\[|\bbuiltins\.\w+\s*=/.test(text)) {
      info.openNamespace = true;
      info.problems = info.problems.filter((p) => p.kind !== 'undefined');
    }
    return info;
  } finally {
    tree.delete();
  }
}

function firstError(n: Node): Node | undefined {
  if (n.type === 'ERROR' || n.isMissing) return n;
  for (const c of n.children) {
    if (c?.hasError) {
      const e = firstError(c);
      if (e) return e;
    }
  }
  return n.hasError ? n : undefined;
}

const line = (n: Node): number => n.startPosition.row + 1;

function newScope(kind: Scope['kind'], name: string): Scope {
  return { kind, name, bindings: [], reads: [], globals: new Set(), nonlocals: new Set(), calls: [] };
}

function analyse(root: Node, info: PyModuleInfo): void {
  const module = newScope('module', '<module>');
  const functionScopes: { scope: Scope; node: Node; params: Set<string> }[] = [];
  const classScopes: Scope[] = [];
  const globalsDeclared = new Set<string>();

  const bind = (st: WalkState, name: string, pos: number, ln: number): void => {
    if (name) st.scope.bindings.push({ name, pos, line: ln });
  };
  const read = (st: WalkState, n: Node): void => {
    const name = n.text;
    if (st.compNames.has(name)) return;
    st.scope.reads.push({
      name,
      pos: n.startIndex,
      line: line(n),
      unconditional: st.unconditional,
      nameErrorCaught: st.nameErrorCaught,
    });
  };

  /** Binds every name in an assignment target; reads what a target evaluates (subscripts, attributes). */
  const target = (st: WalkState, n: Node | null, pos: number): void => {
    if (!n) return;
    switch (n.type) {
      case 'identifier':
        bind(st, n.text, pos, line(n));
        return;
      case 'attribute':
        expr(st, n.childForFieldName('object'));
        return;
      case 'subscript':
        expr(st, n);
        return;
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list':
      case 'parenthesized_expression':
      case 'list_splat_pattern':
      case 'list_splat':
      case 'as_pattern_target':
        for (const c of n.namedChildren) target(st, c, pos);
        return;
      default:
        expr(st, n);
    }
  };

  /** Walks an expression: identifiers are reads, except where the grammar uses them as names. */
  const expr = (st: WalkState, n: Node | null): void => {
    if (!n) return;
    switch (n.type) {
      case 'identifier':
        read(st, n);
        return;
      case 'attribute':
        expr(st, n.childForFieldName('object'));
        return;
      case 'keyword_argument':
        expr(st, n.childForFieldName('value'));
        return;
      case 'type':
        return; // annotations: deferred or strings in modern Python; never reported
      case 'string':
        for (const c of n.namedChildren) if (c?.type === 'interpolation') expr(st, c.childForFieldName('expression'));
        return;
      case 'lambda': {
        // Defaults run now; the body runs when called (not reported).
        const params = n.childForFieldName('parameters');
        for (const p of params?.namedChildren ?? [])
          if (p?.type === 'default_parameter') expr(st, p.childForFieldName('value'));
        return;
      }
      case 'named_expression':
        expr(st, n.childForFieldName('value'));
        {
          const nm = n.childForFieldName('name');
          // A walrus inside a comprehension binds in the enclosing scope.
          if (nm) st.scope.bindings.push({ name: nm.text, pos: n.endIndex, line: line(nm) });
        }
        return;
      case 'conditional_expression': {
        const [body, cond, orelse] = n.namedChildren;
        expr(st, cond ?? null);
        const c = { ...st, unconditional: false, mainDirect: false };
        expr(c, body ?? null);
        expr(c, orelse ?? null);
        return;
      }
      case 'boolean_operator':
        expr(st, n.childForFieldName('left'));
        expr({ ...st, unconditional: false, mainDirect: false }, n.childForFieldName('right'));
        return;
      case 'call': {
        const fn = n.childForFieldName('function');
        if (fn?.type === 'identifier')
          st.scope.calls.push({
            name: fn.text,
            line: line(fn),
            main: st.inMain,
            unconditional: st.inMain ? st.mainDirect : st.unconditional,
          });
        noteCall(st, n, fn);
        expr(st, fn);
        expr(st, n.childForFieldName('arguments'));
        return;
      }
      default:
        if (COMPREHENSIONS.has(n.type)) {
          comprehension(st, n);
          return;
        }
        for (const c of n.namedChildren) expr(st, c);
    }
  };

  const comprehension = (st: WalkState, n: Node): void => {
    const clauses = n.namedChildren.filter((c) => c?.type === 'for_in_clause' || c?.type === 'if_clause') as Node[];
    const names = new Set(st.compNames);
    const inner: WalkState = { ...st, unconditional: false, mainDirect: false, compNames: names };
    clauses.forEach((c, i) => {
      if (c.type === 'for_in_clause') {
        // The first iterable is evaluated in the enclosing scope, every time.
        const right = c.childrenForFieldName('right');
        for (const r of right) expr(i === 0 ? st : inner, r);
        collectNames(c.childForFieldName('left'), names);
      } else for (const x of c.namedChildren) expr(inner, x);
    });
    const body = n.childForFieldName('body');
    expr(inner, body);
  };

  const noteCall = (st: WalkState, n: Node, fn: Node | null): void => {
    const ftext = fn?.text ?? '';
    const args = n.childForFieldName('arguments');
    if (/^(sys\.path\.(insert|append|extend)|site\.addsitedir)$/.test(ftext)) info.sysPathEdits.push(line(n));
    if (ftext === 'globals' || (/^(vars|locals|exec)$/.test(ftext) && st.scope.kind === 'module'))
      info.openNamespace = true;
    if (/^(uvicorn|hypercorn|granian)\.run$|^(web|aiohttp\.web)\.run_app$/.test(ftext) && args) {
      const first = args.namedChildren[0];
      if (first?.type === 'string') {
        const t = stringValue(first);
        if (t && /^[\w.]+:[\w.]+$/.test(t)) info.serverTargets.push({ target: t, line: line(first) });
      }
    }
    // Start-up hooks registered by a call: FastAPI(lifespan=f, on_startup=[f]), app.add_event_handler("startup", f).
    for (const a of args?.namedChildren ?? []) {
      if (a?.type !== 'keyword_argument') continue;
      const k = a.childForFieldName('name')?.text;
      const v = a.childForFieldName('value');
      if (k === 'lifespan' && v?.type === 'identifier')
        info.startupHooks.push({ name: v.text, line: line(v), how: 'lifespan=' });
      if (k === 'on_startup' && v && (v.type === 'list' || v.type === 'tuple'))
        for (const x of v.namedChildren)
          if (x?.type === 'identifier') info.startupHooks.push({ name: x.text, line: line(x), how: 'on_startup=' });
    }
    if (/\.add_event_handler$/.test(ftext) && args) {
      const [ev, f] = args.namedChildren;
      if (ev?.type === 'string' && stringValue(ev) === 'startup' && f?.type === 'identifier')
        info.startupHooks.push({ name: f.text, line: line(f), how: 'add_event_handler("startup")' });
    }
  };

  const block = (st: WalkState, n: Node | null): void => {
    if (!n) return;
    for (const c of n.namedChildren) if (c) stmt(st, c);
  };

  const stmt = (st: WalkState, n: Node): void => {
    switch (n.type) {
      case 'import_statement':
      case 'future_import_statement':
      case 'import_from_statement':
        importStmt(st, n);
        return;
      case 'expression_statement':
        for (const c of n.namedChildren) exprStmt(st, c);
        return;
      case 'decorated_definition': {
        const def = n.childForFieldName('definition');
        for (const d of n.namedChildren) if (d?.type === 'decorator') expr(st, d.namedChildren[0] ?? null);
        if (def) definition(st, def, n);
        return;
      }
      case 'function_definition':
      case 'class_definition':
        definition(st, n, n);
        return;
      case 'if_statement': {
        const cond = n.childForFieldName('condition');
        expr(st, cond);
        const typeOnly = /^(typing\.)?TYPE_CHECKING$/.test(cond?.text ?? '');
        const isMain = /^__name__\s*==\s*["']__main__["']$/.test(cond?.text ?? '');
        if (isMain && st.scope.kind === 'module') info.mainBlock = line(n);
        const inner: WalkState = {
          ...st,
          unconditional: false,
          mainDirect: isMain && st.unconditional,
          importGuarded: true,
          typeOnly: st.typeOnly || typeOnly,
          inMain: st.inMain || isMain,
        };
        block(inner, n.childForFieldName('consequence'));
        for (const alt of n.childrenForFieldName('alternative')) {
          if (!alt) continue;
          expr(inner, alt.childForFieldName('condition'));
          block({ ...inner, typeOnly: st.typeOnly, inMain: st.inMain }, alt.childForFieldName('body'));
        }
        return;
      }
      case 'for_statement': {
        for (const r of n.childrenForFieldName('right')) expr(st, r);
        const body = n.childForFieldName('body');
        target(st, n.childForFieldName('left'), n.childForFieldName('body')?.startIndex ?? n.endIndex);
        const inner = { ...st, unconditional: false, mainDirect: false };
        block(inner, body);
        block(inner, n.childForFieldName('alternative')?.childForFieldName('body') ?? null);
        return;
      }
      case 'while_statement':
        expr(st, n.childForFieldName('condition'));
        block({ ...st, unconditional: false, mainDirect: false }, n.childForFieldName('body'));
        block(
          { ...st, unconditional: false, mainDirect: false },
          n.childForFieldName('alternative')?.childForFieldName('body') ?? null,
        );
        return;
      case 'try_statement': {
        const handlers = n.namedChildren.filter(
          (c) => c?.type === 'except_clause' || c?.type === 'except_group_clause',
        );
        const caught = handlers.map((h) => caughtTypes(h as Node));
        const catchesName = caught.some(
          (c) => c === 'all' || c.some((t) => /^(NameError|Exception|BaseException)$/.test(t)),
        );
        const catchesImport = caught.some(
          (c) => c === 'all' || c.some((t) => /^(ImportError|ModuleNotFoundError|Exception|BaseException)$/.test(t)),
        );
        block(
          {
            ...st,
            nameErrorCaught: st.nameErrorCaught || catchesName,
            importGuarded: st.importGuarded || catchesImport,
            unconditional: st.unconditional && !catchesName,
          },
          n.childForFieldName('body'),
        );
        for (const h of handlers) {
          if (!h) continue;
          const value = h.childForFieldName('value');
          const inner: WalkState = { ...st, unconditional: false, mainDirect: false, importGuarded: true };
          if (value?.type === 'as_pattern') {
            expr(inner, value.namedChildren[0] ?? null);
            const alias = value.childForFieldName('alias');
            const body = h.namedChildren.find((c) => c?.type === 'block');
            target(inner, alias, body?.startIndex ?? h.endIndex);
          } else expr(inner, value);
          block(inner, h.namedChildren.find((c) => c?.type === 'block') ?? null);
        }
        for (const c of n.namedChildren) {
          if (c?.type === 'else_clause')
            block({ ...st, unconditional: false, mainDirect: false }, c.childForFieldName('body'));
          if (c?.type === 'finally_clause') block(st, c.namedChildren.find((x) => x?.type === 'block') ?? null);
        }
        return;
      }
      case 'with_statement': {
        for (const item of n.namedChildren.find((c) => c?.type === 'with_clause')?.namedChildren ?? []) {
          const v = item?.childForFieldName('value');
          if (v?.type === 'as_pattern') {
            expr(st, v.namedChildren[0] ?? null);
            target(st, v.childForFieldName('alias'), v.endIndex);
          } else expr(st, v ?? null);
        }
        block(st, n.childForFieldName('body'));
        return;
      }
      case 'match_statement': {
        expr(st, n.childForFieldName('subject'));
        const inner = { ...st, unconditional: false, mainDirect: false };
        for (const c of n.childForFieldName('body')?.namedChildren ?? []) {
          if (c?.type !== 'case_clause') continue;
          for (const p of c.namedChildren) if (p?.type === 'case_pattern') casePattern(inner, p, p.endIndex);
          const guard = c.childForFieldName('guard');
          expr(inner, guard);
          block(inner, c.childForFieldName('consequence'));
        }
        return;
      }
      case 'global_statement':
        for (const c of n.namedChildren)
          if (c?.type === 'identifier') {
            st.scope.globals.add(c.text);
            globalsDeclared.add(c.text);
          }
        return;
      case 'nonlocal_statement':
        for (const c of n.namedChildren) if (c?.type === 'identifier') st.scope.nonlocals.add(c.text);
        return;
      case 'delete_statement':
        return;
      case 'return_statement':
      case 'raise_statement':
        for (const c of n.namedChildren) expr(st, c);
        // What follows a return/raise in the same block does not run: everything after is conditional at best.
        st.unconditional = false;
        return;
      case 'type_alias_statement': {
        const nm = n.namedChildren[0];
        if (nm?.type === 'type' && nm.namedChildren[0]?.type === 'identifier')
          bind(st, nm.namedChildren[0].text, n.endIndex, line(n));
        return;
      }
      case 'comment':
      case 'pass_statement':
      case 'break_statement':
      case 'continue_statement':
        return;
      default:
        for (const c of n.namedChildren) if (c) exprStmt(st, c);
    }
  };

  const exprStmt = (st: WalkState, n: Node | null): void => {
    if (!n) return;
    if (n.type === 'assignment') {
      const right = n.childForFieldName('right');
      // A chained assignment (`DEBUG = ECHO = False`) nests the next target as the right side: it binds, never reads.
      if (right?.type === 'assignment') exprStmt(st, right);
      else expr(st, right);
      // x: int (no value) binds nothing.
      if (right) target(st, n.childForFieldName('left'), n.endIndex);
      if (st.scope.kind === 'module' && /^(sys\.path)$/.test(n.childForFieldName('left')?.text ?? ''))
        info.sysPathEdits.push(line(n));
      if (st.scope.kind === 'module' && /^globals\(\)\[/.test(n.childForFieldName('left')?.text ?? ''))
        info.openNamespace = true;
      return;
    }
    if (n.type === 'augmented_assignment') {
      const left = n.childForFieldName('left');
      expr(st, n.childForFieldName('right'));
      if (left?.type === 'identifier') {
        read(st, left);
        bind(st, left.text, n.endIndex, line(left));
      } else expr(st, left);
      return;
    }
    expr(st, n);
  };

  /** Case patterns: a lone name captures (binds); a dotted name or a class pattern's class is read. */
  const casePattern = (st: WalkState, n: Node, pos: number): void => {
    n.namedChildren.forEach((c, i) => {
      if (!c) return;
      if (c.type === 'dotted_name') {
        const ids = c.namedChildren;
        if (ids.length === 1 && n.type !== 'class_pattern') bind(st, ids[0]!.text, pos, line(c));
        else if (ids[0]) read(st, ids[0]);
      } else if (c.type === 'identifier') {
        if (!(n.type === 'keyword_pattern' && i === 0)) bind(st, c.text, pos, line(c));
      } else casePattern(st, c, pos);
    });
  };

  const importStmt = (st: WalkState, n: Node): void => {
    const stmtLine = line(n);
    const text = n.text.split('\n')[0]!.trim();
    const inFunction = st.scope.kind === 'function' ? st.scope.name : undefined;
    const base = {
      line: stmtLine,
      guarded: st.importGuarded,
      typeOnly: st.typeOnly,
      text,
      ...(inFunction ? { inFunction } : {}),
    };
    if (n.type === 'future_import_statement') return;
    if (n.type === 'import_statement') {
      for (const c of n.childrenForFieldName('name')) {
        if (!c) continue;
        if (c.type === 'aliased_import') {
          const mod = c.childForFieldName('name')?.text ?? '';
          const alias = c.childForFieldName('alias')?.text;
          info.imports.push({ ...base, module: mod, level: 0, names: [], kind: 'import' });
          if (alias) bind(st, alias, n.endIndex, stmtLine);
        } else {
          info.imports.push({ ...base, module: c.text, level: 0, names: [], kind: 'import' });
          bind(st, c.text.split('.')[0]!, n.endIndex, stmtLine);
        }
      }
      return;
    }
    const modNode = n.childForFieldName('module_name');
    let level = 0;
    let module = '';
    if (modNode?.type === 'relative_import') {
      level = modNode.namedChildren.find((c) => c?.type === 'import_prefix')?.text.length ?? 1;
      module = modNode.namedChildren.find((c) => c?.type === 'dotted_name')?.text ?? '';
    } else module = modNode?.text ?? '';
    const names: string[] = [];
    if (n.namedChildren.some((c) => c?.type === 'wildcard_import')) {
      names.push('*');
      if (st.scope.kind === 'module') info.openNamespace = true;
    }
    for (const c of n.childrenForFieldName('name')) {
      if (!c) continue;
      if (c.type === 'aliased_import') {
        names.push(c.childForFieldName('name')?.text ?? '');
        bind(st, c.childForFieldName('alias')?.text ?? '', n.endIndex, stmtLine);
      } else {
        names.push(c.text);
        bind(st, c.text, n.endIndex, stmtLine);
      }
    }
    info.imports.push({ ...base, module: module.replace(/\s+/g, ''), level, names, kind: 'from' });
  };

  const definition = (st: WalkState, def: Node, outer: Node): void => {
    const nameNode = def.childForFieldName('name');
    const name = nameNode?.text ?? '';
    if (def.type === 'function_definition') {
      const params = def.childForFieldName('parameters');
      const paramNames = new Set<string>();
      for (const p of params?.namedChildren ?? []) {
        if (!p) continue;
        if (p.type === 'default_parameter' || p.type === 'typed_default_parameter')
          expr(st, p.childForFieldName('value'));
        collectNames(
          p.type === 'typed_parameter' ? (p.namedChildren[0] ?? null) : (p.childForFieldName('name') ?? p),
          paramNames,
        );
      }
      for (const tp of def.childForFieldName('type_parameters')?.namedChildren ?? []) collectNames(tp, paramNames);
      bind(st, name, outer.endIndex, line(nameNode ?? def));
      if (st.scope.kind === 'module') {
        info.functions.set(name, line(nameNode ?? def));
        if (name === '__getattr__') info.openNamespace = true;
        for (const d of outer.namedChildren) {
          if (d?.type !== 'decorator') continue;
          const t = d.text.replace(/\s+/g, '');
          if (
            /\.on_event\(["']startup["']\)$|\.(before_serving|before_first_request|on_startup|startup)$|\.listener\(["']before_server_start["']\)$/.test(
              t,
            )
          )
            info.startupHooks.push({ name, line: line(d), how: d.text.trim() });
        }
        const scope = newScope('function', name);
        for (const p of paramNames) scope.bindings.push({ name: p, pos: -1, line: line(def) });
        functionScopes.push({ scope, node: def, params: paramNames });
        block(
          {
            scope,
            unconditional: true,
            nameErrorCaught: false,
            importGuarded: false,
            typeOnly: false,
            compNames: new Set(),
            inMain: false,
            mainDirect: false,
          },
          def.childForFieldName('body'),
        );
      }
      // Nested functions and methods: their bodies run when called, not at start.
      return;
    }
    // class: bases and keywords evaluated now; the body runs now in its own scope (methods deferred). PEP 695 type
    // parameters (`class Repo[M: Model](Base[M])`) are bound in the bases and the body.
    const typeParams = typeParameterNames(def);
    expr(
      typeParams.size ? { ...st, compNames: new Set([...st.compNames, ...typeParams]) } : st,
      def.childForFieldName('superclasses'),
    );
    const cls = newScope('class', name);
    classScopes.push(cls);
    const body = def.childForFieldName('body');
    if (st.scope.kind === 'module' || st.scope.kind === 'class') {
      const inner: WalkState = { ...st, scope: cls, compNames: new Set(typeParams) };
      block(inner, body);
      // Class-scope reads not bound in the class resolve in module scope (at this position).
      for (const r of cls.reads) {
        const bound =
          cls.bindings.some((b) => b.name === r.name && b.pos <= r.pos) ||
          r.name === '__module__' ||
          r.name === '__qualname__';
        if (!bound) st.scope.reads.push(r);
      }
      // The class body's own module-level side effects (none bind module names).
    }
    bind(st, name, outer.endIndex, line(nameNode ?? def));
  };

  block(
    {
      scope: module,
      unconditional: true,
      nameErrorCaught: false,
      importGuarded: false,
      typeOnly: false,
      compNames: new Set(),
      inMain: false,
      mainDirect: false,
    },
    root,
  );

  for (const b of module.bindings) {
    info.moduleNames.add(b.name);
    if (!info.bindingLine.has(b.name)) info.bindingLine.set(b.name, b.line);
  }
  for (const g of globalsDeclared) info.moduleNames.add(g);
  info.moduleCalls = module.calls;
  // Only calls that run whenever the function runs: a helper called under a branch may never run at start.
  for (const f of functionScopes)
    info.callsIn.set(f.scope.name, [...new Set(f.scope.calls.filter((c) => c.unconditional).map((c) => c.name))]);

  // Module scope: a read with no earlier binding anywhere in module scope.
  if (!info.openNamespace) {
    const firstPos = new Map<string, number>();
    for (const b of module.bindings)
      if (!firstPos.has(b.name) || b.pos < firstPos.get(b.name)!) firstPos.set(b.name, b.pos);
    const reported = new Set<string>();
    for (const r of module.reads) {
      if (!r.unconditional || r.nameErrorCaught || BUILTINS.has(r.name) || globalsDeclared.has(r.name)) continue;
      if (r.name === '__path__') continue;
      const first = firstPos.get(r.name);
      if (first !== undefined && first <= r.pos) continue;
      if (reported.has(r.name)) continue;
      reported.add(r.name);
      info.problems.push({ kind: 'undefined', name: r.name, line: r.line, scope: '<module>' });
    }
  }
  // Function scopes (top-level functions): deferred, resolved against the whole module.
  for (const { scope } of functionScopes) {
    const locals = new Map<string, number>();
    const localLine = new Map<string, number>();
    for (const b of scope.bindings) {
      if (scope.globals.has(b.name) || scope.nonlocals.has(b.name)) continue;
      if (!locals.has(b.name) || b.pos < locals.get(b.name)!) {
        locals.set(b.name, b.pos);
        localLine.set(b.name, b.line);
      }
    }
    const reported = new Set<string>();
    for (const r of scope.reads) {
      if (!r.unconditional || r.nameErrorCaught || reported.has(r.name) || r.name === '__path__') continue;
      const first = locals.get(r.name);
      if (first !== undefined) {
        if (first < r.pos) continue;
        reported.add(r.name);
        info.problems.push({
          kind: 'unbound-local',
          name: r.name,
          line: r.line,
          scope: scope.name,
          boundAt: localLine.get(r.name),
        });
        continue;
      }
      if (info.openNamespace || info.moduleNames.has(r.name) || BUILTINS.has(r.name)) continue;
      reported.add(r.name);
      info.problems.push({ kind: 'undefined', name: r.name, line: r.line, scope: scope.name });
    }
  }
}

/** Exception types a handler catches: 'all' for a bare `except:`. */
function caughtTypes(h: Node): string[] | 'all' {
  const v = h.childForFieldName('value');
  if (!v) return 'all';
  const e = v.type === 'as_pattern' ? v.namedChildren[0] : v;
  if (!e) return 'all';
  const list = e.type === 'tuple' || e.type === 'parenthesized_expression' ? e.namedChildren : [e];
  return list.filter((x): x is Node => !!x).map((x) => x.text.split('.').pop()!);
}

/** The names a PEP 695 type parameter list binds: `[T, M: Model, *Ts, **P]` → T, M, Ts, P. */
function typeParameterNames(def: Node): Set<string> {
  const out = new Set<string>();
  const first = (n: Node | null): string | undefined => {
    if (!n) return undefined;
    if (n.type === 'identifier') return n.text;
    return first(n.namedChildren[0] ?? null);
  };
  for (const tp of def.childForFieldName('type_parameters')?.namedChildren ?? []) {
    const nm = first(tp);
    if (nm) out.add(nm);
  }
  return out;
}

function collectNames(n: Node | null, out: Set<string>): void {
  if (!n) return;
  if (n.type === 'identifier') {
    out.add(n.text);
    return;
  }
  if (n.type === 'attribute' || n.type === 'subscript' || n.type === 'type' || n.type === 'default_parameter') {
    if (n.type === 'default_parameter') collectNames(n.childForFieldName('name'), out);
    return;
  }
  for (const c of n.namedChildren) collectNames(c, out);
}

function stringValue(n: Node): string | undefined {
  if (n.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
  const content = n.namedChildren.find((c) => c?.type === 'string_content');
  return content ? content.text : '';
}

/** A decorator that is a call (`@get("/x", name="y")`, `@router.post(path="/z")`) on a function, with its class. */
export interface PyDecoratorCall {
  /** The decorator as written: `get`, `router.post`, `litestar.get`. */
  decorator: string;
  /** 1-based line of the decorator. */
  line: number;
  /** Plain string literals passed positionally, in order (other arguments are skipped). */
  positional: string[];
  /** Keyword arguments whose value is a plain string literal (or the first string of a list literal). */
  keywords: Record<string, string>;
  /** The decorated function. */
  handler: string;
  /** The class the function is defined in, and that class's plain string attributes (`path = "/api/users"`). */
  className?: string;
  classAttrs?: Record<string, string>;
}

/** Every call-decorator on a function of the module, read from the syntax tree (multi-line decorators included). */
export function pythonDecoratorCalls(text: string): PyDecoratorCall[] {
  const tree = pythonParser().parse(text);
  if (!tree) return [];
  const out: PyDecoratorCall[] = [];
  const literal = (n: Node | null): string | undefined => {
    if (!n) return undefined;
    if (n.type === 'list' || n.type === 'tuple')
      return literal(n.namedChildren.find((c) => c?.type === 'string') ?? null);
    if (n.type !== 'string' || n.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
    return n.namedChildren
      .filter((c) => c?.type === 'string_content')
      .map((c) => c!.text)
      .join('');
  };
  const classAttrs = (cls: Node): Record<string, string> => {
    const attrs: Record<string, string> = {};
    for (const st of cls.childForFieldName('body')?.namedChildren ?? []) {
      const a = st?.type === 'expression_statement' ? st.namedChildren[0] : undefined;
      if (a?.type !== 'assignment') continue;
      const left = a.childForFieldName('left');
      const value = literal(a.childForFieldName('right'));
      if (left?.type === 'identifier' && value !== undefined) attrs[left.text] = value;
    }
    return attrs;
  };
  const visit = (n: Node, cls?: Node): void => {
    if (n.type === 'decorated_definition') {
      const def = n.childForFieldName('definition');
      if (def?.type === 'function_definition') {
        const handler = def.childForFieldName('name')?.text ?? '';
        for (const d of n.namedChildren) {
          const call = d?.type === 'decorator' ? d.namedChildren[0] : undefined;
          if (call?.type !== 'call') continue;
          const positional: string[] = [];
          const keywords: Record<string, string> = {};
          for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
            if (!arg) continue;
            if (arg.type === 'keyword_argument') {
              const v = literal(arg.childForFieldName('value'));
              const k = arg.childForFieldName('name')?.text;
              if (k && v !== undefined) keywords[k] = v;
            } else {
              const v = literal(arg);
              if (v !== undefined) positional.push(v);
            }
          }
          out.push({
            decorator: call.childForFieldName('function')?.text ?? '',
            line: d!.startPosition.row + 1,
            positional,
            keywords,
            handler,
            ...(cls ? { className: cls.childForFieldName('name')?.text ?? '', classAttrs: classAttrs(cls) } : {}),
          });
        }
      }
      if (def?.type === 'class_definition') for (const c of def.namedChildren) if (c) visit(c, def);
      return;
    }
    if (n.type === 'class_definition') {
      for (const c of n.namedChildren) if (c) visit(c, n);
      return;
    }
    if (n.type === 'function_definition') return;
    for (const c of n.namedChildren) if (c) visit(c, cls);
  };
  try {
    visit(tree.rootNode);
  } finally {
    tree.delete();
  }
  return out;
}

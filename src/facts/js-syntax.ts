import type { Node } from 'web-tree-sitter';
import { lazy } from '../lazy.js';
import { javascriptParser } from './syntax-trees.js';

/**
 * Names a plain JavaScript module reads at load time before they exist, from a real syntax tree (tree-sitter): the
 * equivalent of ESLint's no-undef and no-use-before-define, narrowed to what certainly throws when the module is
 * loaded. TypeScript is left to its compiler (a build that type-checks catches it).
 *
 * Only module-level code that runs unconditionally is judged: function, arrow and method bodies run later (when
 * called), branches and try blocks with a catch may not run or may swallow the ReferenceError. Hoisted declarations
 * (var, function) are defined everywhere; let, const and class are in their temporal dead zone until declared.
 * Known globals come from the `globals` package (ECMAScript, Node.js, CommonJS); an assignment to an undeclared name,
 * `global.x = …`, `globalThis.x = …`, a `/* global x *\/` comment, `with` or `eval` make a name defined.
 */

const globalsPackage = lazy<typeof import('globals')>('globals');
let knownGlobals: { all: Set<string>; serviceWorker: Set<string> } | undefined;

/** The known globals, and a service worker's, made the first time a module is judged. */
function globalsOf(): NonNullable<typeof knownGlobals> {
  if (knownGlobals) return knownGlobals;
  const globals = globalsPackage();
  const all = new Set<string>([
    ...Object.keys(globals.builtin),
    ...Object.keys(globals.node),
    ...Object.keys(globals.nodeBuiltin),
    ...Object.keys(globals.commonjs),
    ...Object.keys(globals['shared-node-browser']),
    'undefined',
    'globalThis',
    'arguments',
  ]);
  const serviceWorker = new Set([...Object.keys(globals.serviceworker), ...Object.keys(globals.worker)]);
  knownGlobals = { all, serviceWorker };
  return knownGlobals;
}

export interface JsNameProblem {
  kind: 'undefined' | 'before-declaration';
  name: string;
  line: number;
  /** For before-declaration: the line of the let/const/class declaration. */
  declaredAt?: number;
}

export interface JsModuleInfo {
  parsed: boolean;
  reason?: string;
  problems: JsNameProblem[];
  /** Names this module defines on the global object (`global.x =`, `globalThis.x =`). */
  definesGlobals: string[];
}

interface Read {
  name: string;
  pos: number;
  line: number;
}

const line = (n: Node): number => n.startPosition.row + 1;
const FUNCTIONS = new Set([
  'function_expression',
  'function',
  'arrow_function',
  'generator_function',
  'function_declaration',
  'generator_function_declaration',
  'method_definition',
]);

export function parseJavaScript(text: string): JsModuleInfo {
  const info: JsModuleInfo = { parsed: false, problems: [], definesGlobals: [] };
  for (const m of text.matchAll(/\b(?:global|globalThis|window)\s*\.\s*([A-Za-z_$][\w$]*)\s*=(?!=)/g))
    info.definesGlobals.push(m[1]!);
  const tree = javascriptParser().parse(text);
  if (!tree) return { ...info, reason: 'the parser gave no tree' };
  try {
    const root = tree.rootNode;
    if (root.hasError) return { ...info, reason: 'syntax the parser does not accept (JSX, Flow or a newer proposal)' };
    if (/\beval\s*\(|\bwith\s*\(/.test(text) || hasJsx(root)) return { ...info, reason: 'eval, with or JSX' };
    info.parsed = true;
    const declared = new Set<string>();
    const tdz = new Map<string, { pos: number; line: number }>();
    const commentGlobals = new Set<string>();
    for (const m of text.matchAll(/\/\*\s*(?:global|globals|eslint-env)\s+([^*]*)\*\//g))
      for (const n of m[1]!.split(/[\s,]+/)) if (n) commentGlobals.add(n.split(':')[0]!);
    // A Cloudflare Worker in service-worker syntax runs where addEventListener, caches and self are globals.
    const serviceWorker = /\baddEventListener\(\s*["']fetch["']/.test(text);
    collectDeclarations(root, declared, tdz, true);
    const reads: Read[] = [];
    for (const c of root.namedChildren) if (c) statement(c, reads, declared, true);
    const seen = new Set<string>();
    const known = globalsOf();
    for (const r of reads) {
      if (seen.has(r.name)) continue;
      const lexical = tdz.get(r.name);
      if (lexical) {
        if (r.pos < lexical.pos) {
          seen.add(r.name);
          info.problems.push({ kind: 'before-declaration', name: r.name, line: r.line, declaredAt: lexical.line });
        }
        continue;
      }
      if (declared.has(r.name) || known.all.has(r.name) || commentGlobals.has(r.name)) continue;
      if (serviceWorker && known.serviceWorker.has(r.name)) continue;
      if (info.definesGlobals.includes(r.name)) continue;
      seen.add(r.name);
      info.problems.push({ kind: 'undefined', name: r.name, line: r.line });
    }
    return info;
  } finally {
    tree.delete();
  }
}

function hasJsx(n: Node): boolean {
  if (n.type.startsWith('jsx_')) return true;
  for (const c of n.namedChildren) if (c && hasJsx(c)) return true;
  return false;
}

/** Binds pattern names: identifiers, destructuring, defaults and rest elements. */
function patternNames(n: Node | null, out: (name: string, node: Node) => void): void {
  if (!n) return;
  switch (n.type) {
    case 'identifier':
    case 'shorthand_property_identifier_pattern':
      out(n.text, n);
      return;
    case 'pair_pattern':
      patternNames(n.childForFieldName('value'), out);
      return;
    case 'assignment_pattern':
      patternNames(n.childForFieldName('left'), out);
      return;
    case 'object_assignment_pattern':
      patternNames(n.childForFieldName('left'), out);
      return;
    default:
      for (const c of n.namedChildren) if (c && c.type !== 'property_identifier') patternNames(c, out);
  }
}

/**
 * Module-scope declarations: hoisted ones (var, function) at any depth outside functions; let/const/class at the top
 * level with their position (temporal dead zone); block-level let/const/class counted as declared (never reported).
 */
function collectDeclarations(
  n: Node,
  declared: Set<string>,
  tdz: Map<string, { pos: number; line: number }>,
  top: boolean,
): void {
  for (const c of n.namedChildren) {
    if (!c) continue;
    const isTop = top && n.type === 'program';
    switch (c.type) {
      case 'import_statement':
        for (const id of descendants(c, (x) => x.type === 'identifier')) {
          // `import { b as c }`: c is bound; a plain `{ b }` binds b.
          const parent = id.parent;
          if (
            parent?.type === 'import_specifier' &&
            parent.childForFieldName('alias') &&
            parent.childForFieldName('name')?.id === id.id
          )
            continue;
          declared.add(id.text);
        }
        continue;
      case 'variable_declaration':
        for (const d of c.namedChildren)
          if (d?.type === 'variable_declarator')
            patternNames(d.childForFieldName('name'), (name) => declared.add(name));
        collectDeclarations(c, declared, tdz, false);
        continue;
      case 'lexical_declaration':
        for (const d of c.namedChildren) {
          if (d?.type !== 'variable_declarator') continue;
          patternNames(d.childForFieldName('name'), (name, node) => {
            declared.add(name);
            // Bound once the declarator has run: reads in its own initializer are in the dead zone too.
            if (isTop && !tdz.has(name)) tdz.set(name, { pos: d.endIndex, line: line(node) });
          });
        }
        continue;
      case 'class_declaration': {
        const name = c.childForFieldName('name');
        if (name) {
          declared.add(name.text);
          if (isTop && !tdz.has(name.text)) tdz.set(name.text, { pos: c.endIndex, line: line(name) });
        }
        continue;
      }
      case 'function_declaration':
      case 'generator_function_declaration': {
        const name = c.childForFieldName('name');
        if (name) declared.add(name.text);
        continue;
      }
      case 'export_statement':
        collectDeclarations(c, declared, tdz, top);
        continue;
      case 'expression_statement': {
        // `x = …` on an undeclared name creates it (sloppy mode) or throws (strict): never reported either way.
        for (const a of descendants(c, (x) => x.type === 'assignment_expression', FUNCTIONS)) {
          const left = a.childForFieldName('left');
          if (left?.type === 'identifier') declared.add(left.text);
        }
        continue;
      }
      default:
        if (FUNCTIONS.has(c.type) || c.type === 'class' || c.type === 'class_body') continue;
        collectDeclarations(c, declared, tdz, false);
    }
  }
}

function descendants(n: Node, pred: (n: Node) => boolean, stop?: Set<string>): Node[] {
  const out: Node[] = [];
  const walk = (x: Node) => {
    for (const c of x.namedChildren) {
      if (!c) continue;
      if (pred(c)) out.push(c);
      if (!stop?.has(c.type)) walk(c);
    }
  };
  walk(n);
  return out;
}

/** Reads of a top-level statement that run whenever the module loads. */
function statement(n: Node, reads: Read[], declared: Set<string>, unconditional: boolean): void {
  if (!unconditional) return;
  switch (n.type) {
    case 'import_statement':
    case 'comment':
    case 'empty_statement':
    case 'debugger_statement':
    case 'function_declaration':
    case 'generator_function_declaration':
      return;
    case 'expression_statement':
      for (const c of n.namedChildren) expr(c, reads);
      return;
    case 'variable_declaration':
    case 'lexical_declaration':
      for (const d of n.namedChildren) {
        if (d?.type !== 'variable_declarator') continue;
        defaultsIn(d.childForFieldName('name'), reads);
        expr(d.childForFieldName('value'), reads);
      }
      return;
    case 'class_declaration':
      for (const c of n.namedChildren)
        if (c?.type === 'class_heritage') for (const h of c.namedChildren) expr(h, reads);
      return;
    case 'export_statement': {
      const decl = n.childForFieldName('declaration');
      if (decl) {
        statement(decl, reads, declared, true);
        return;
      }
      if (n.childForFieldName('source')) return; // export { x } from './y'
      const value = n.childForFieldName('value');
      if (value) {
        expr(value, reads);
        return;
      }
      for (const c of n.namedChildren) {
        if (c?.type !== 'export_clause') continue;
        for (const s of c.namedChildren) {
          const name = s?.childForFieldName('name');
          if (name?.type === 'identifier') reads.push({ name: name.text, pos: name.startIndex, line: line(name) });
        }
      }
      return;
    }
    case 'statement_block':
      for (const c of n.namedChildren) if (c) statement(c, reads, declared, true);
      return;
    case 'if_statement':
      expr(n.childForFieldName('condition'), reads);
      return;
    case 'switch_statement':
      expr(n.childForFieldName('value'), reads);
      return;
    case 'for_in_statement':
      expr(n.childForFieldName('right'), reads);
      return;
    case 'try_statement': {
      const handler = n.childForFieldName('handler');
      if (!handler) statement(n.childForFieldName('body')!, reads, declared, true);
      const fin = n.childForFieldName('finalizer');
      if (fin)
        for (const c of fin.namedChildren) if (c?.type === 'statement_block') statement(c, reads, declared, true);
      return;
    }
    case 'labeled_statement':
      statement(n.childForFieldName('body')!, reads, declared, true);
      return;
    case 'throw_statement':
      for (const c of n.namedChildren) expr(c, reads);
      return;
    default:
      // Loops and anything else: their bodies may not run; not judged.
      return;
  }
}

/** Default values in a destructuring pattern run with the declaration. */
function defaultsIn(n: Node | null, reads: Read[]): void {
  if (!n) return;
  if (n.type === 'assignment_pattern' || n.type === 'object_assignment_pattern')
    expr(n.childForFieldName('right'), reads);
  for (const c of n.namedChildren) if (c && c.type !== 'identifier') defaultsIn(c, reads);
}

function expr(n: Node | null, reads: Read[]): void {
  if (!n) return;
  switch (n.type) {
    case 'identifier':
      if (n.text !== 'undefined') reads.push({ name: n.text, pos: n.startIndex, line: line(n) });
      return;
    case 'shorthand_property_identifier':
      reads.push({ name: n.text, pos: n.startIndex, line: line(n) });
      return;
    case 'member_expression':
      expr(n.childForFieldName('object'), reads);
      return;
    case 'subscript_expression':
      expr(n.childForFieldName('object'), reads);
      expr(n.childForFieldName('index'), reads);
      return;
    case 'call_expression': {
      expr(n.childForFieldName('function'), reads);
      if (!n.childForFieldName('optional_chain')) expr(n.childForFieldName('arguments'), reads);
      return;
    }
    case 'unary_expression':
      // typeof an undeclared name is safe.
      if (n.childForFieldName('operator')?.type === 'typeof' && n.childForFieldName('argument')?.type === 'identifier')
        return;
      expr(n.childForFieldName('argument'), reads);
      return;
    case 'binary_expression': {
      const op = n.childForFieldName('operator')?.type;
      expr(n.childForFieldName('left'), reads);
      if (op !== '&&' && op !== '||' && op !== '??') expr(n.childForFieldName('right'), reads);
      return;
    }
    case 'ternary_expression':
      expr(n.childForFieldName('condition'), reads);
      return;
    case 'assignment_expression': {
      const left = n.childForFieldName('left');
      if (left?.type !== 'identifier') expr(left, reads);
      expr(n.childForFieldName('right'), reads);
      return;
    }
    case 'augmented_assignment_expression': {
      const op = n.childForFieldName('operator')?.type ?? '';
      expr(n.childForFieldName('left'), reads);
      if (!/^(&&=|\|\|=|\?\?=)$/.test(op)) expr(n.childForFieldName('right'), reads);
      return;
    }
    case 'pair':
      if (n.childForFieldName('key')?.type === 'computed_property_name') expr(n.childForFieldName('key'), reads);
      expr(n.childForFieldName('value'), reads);
      return;
    case 'class':
      for (const c of n.namedChildren)
        if (c?.type === 'class_heritage') for (const h of c.namedChildren) expr(h, reads);
      return;
    case 'property_identifier':
    case 'private_property_identifier':
    case 'statement_identifier':
    case 'string':
    case 'regex':
    case 'number':
    case 'this':
    case 'super':
    case 'meta_property':
    case 'import':
      return;
    default:
      if (FUNCTIONS.has(n.type) || n.type === 'class_body' || n.type === 'method_definition') return;
      for (const c of n.namedChildren) expr(c, reads);
  }
}

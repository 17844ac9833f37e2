import type { RepoIndex } from '../repo/index.js';
import { escapeRegExp } from '../repo/text.js';
import { isCommentLine } from './code-scan.js';
import { blockEnd } from './code-text.js';
import type { Facts } from './index.js';
import { csNullObject } from './mocks.js';

interface StubPattern {
  re: RegExp;
  label: string;
  languages: string[];
  /** Abstract base classes legitimately raise it. */
  abstractOk?: boolean;
}

const PATTERNS: StubPattern[] = [
  {
    re: /\braise\s+NotImplementedError\b/,
    label: 'raise NotImplementedError',
    languages: ['python', 'ruby'],
    abstractOk: true,
  },
  {
    re: /\bthrow\s+new\s+(?:Error|\w*Exception)\(\s*["'`](?:not\s+(?:yet\s+)?implemented|unimplemented|todo\b|implement\s+me|method\s+not\s+implemented)[^"'`]*["'`]/i,
    label: 'throw "not implemented"',
    languages: ['javascript', 'typescript'],
    abstractOk: true,
  },
  {
    re: /\bthrow\s+new\s+NotImplementedException\(|\bthrow\s+new\s+UnsupportedOperationException\(\s*"(?:not\s+(?:yet\s+)?implemented|todo|unimplemented)[^"]*"/i,
    label: 'throw NotImplemented/UnsupportedOperation',
    languages: ['java', 'kotlin'],
    abstractOk: true,
  },
  {
    re: /\bthrow\s+new\s+NotImplementedException\s*\(|=>\s*throw\s+new\s+NotImplementedException\s*\(/,
    label: 'throw new NotImplementedException()',
    languages: ['csharp'],
    abstractOk: true,
  },
  { re: /(?<![\w:])(?:todo|unimplemented)!\s*\(/, label: 'todo!() / unimplemented!()', languages: ['rust'] },
  { re: /(?<![\w.])TODO\(\s*(?:"[^"]*")?\s*\)/, label: 'Kotlin TODO()', languages: ['kotlin'], abstractOk: true },
  {
    re: /\bpanic\(\s*"(?:not\s+(?:yet\s+)?implemented|todo|unimplemented|implement\s+me)[^"]*"\s*\)/i,
    label: 'panic("not implemented")',
    languages: ['go'],
  },
  // Endpoints that answer with a placeholder.
  {
    re: /\breturn\s*(?:JSONResponse\(\s*)?(?:jsonify\(\s*)?\{\s*["'](?:message|detail|status|result|msg|error)["']\s*:\s*["'](?:todo|not\s+(?:yet\s+)?implemented|coming\s+soon|placeholder|tbd)\b[^"']*["']/i,
    label: 'endpoint returns a TODO placeholder',
    languages: ['python'],
  },
  {
    // The string is the returned value, not an operand (`return 'placeholder' in position` tests a key).
    re: /\breturn\s+["'](?:todo|not\s+(?:yet\s+)?implemented|coming\s+soon|placeholder)["'](?=\s*(?:;|\)|$))/im,
    label: 'returns a "not implemented" placeholder',
    languages: ['python', 'javascript', 'typescript', 'go', 'java', 'kotlin', 'ruby'],
  },
  {
    re: /\b(?:res|reply|ctx|c|response)\.(?:json|send|JSON|String|body)\(\s*(?:\w+\s*,\s*)?(?:\{\s*["']?(?:todo|message|status|error)["']?\s*:\s*(?:true|["'`](?:todo|not\s+(?:yet\s+)?implemented|coming\s+soon)[^"'`]*["'`])|["'`](?:todo|not\s+(?:yet\s+)?implemented)[^"'`]*["'`])/i,
    label: 'handler responds with a TODO placeholder',
    languages: ['javascript', 'typescript', 'go'],
  },
  {
    re: /\bstatus\(\s*501\s*\)|HTTP_501_NOT_IMPLEMENTED|StatusNotImplemented|HttpStatus\.NOT_IMPLEMENTED|status:\s*:not_implemented|status_code\s*=\s*501\b/,
    label: 'endpoint answers 501 Not Implemented',
    languages: ['python', 'javascript', 'typescript', 'go', 'java', 'kotlin', 'ruby'],
  },
  {
    re: /\brender\s+json:\s*\{\s*(?:todo|message|status):\s*["'](?:todo|not implemented)/i,
    label: 'action renders a TODO placeholder',
    languages: ['ruby'],
  },
];

/** A message naming the only variant handled: "Only `json` format is implemented", "only GET is supported". */
const VARIANT_ONLY = /["'`][^"'`\n]*\bonly\b[^"'\n]*\b(?:is|are)\s+(?:implemented|supported|available|allowed)\b/i;

/** The 501 answers a variant the code does not handle: the branch is a switch's `default:` or its message says so. */
function unsupportedVariant(lines: string[], line: number): boolean {
  const text = lines[line - 1] ?? '';
  // `errUnsupportedLockInfo`, `ErrNotSupported`: the word may open an identifier's second part. A feature this
  // deployment lacks ("queue monitoring is unavailable on this queue provider", "not configured") is refused as well.
  if (
    /(?:\b|[a-z_])(?:unsupported|not\s*supported)|\b(?:can'?t|cannot|unknown|unavailable|not\s+(?:available|configured|enabled))\b/i.test(
      text,
    )
  )
    return true;
  let first = true;
  for (let k = line - 2; k >= Math.max(0, line - 4); k--) {
    const prev = (lines[k] ?? '').trim();
    if (!prev) continue;
    if (first && /^(?:default\s*:|(?:\}\s*)?else\s*\{?)$/.test(prev)) return true;
    first = false;
    // The answer built a line or two above says which variants exist (`HttpResponse("Only json format is
    // implemented.")`, an oEmbed provider refusing another format), under a test of the request's value
    // (`if fmt != "json":`).
    if (VARIANT_ONLY.test(prev) || /(?:\b|[a-z_])(?:unsupported|not\s*supported)/i.test(prev)) return true;
    if (/^(?:if|elif|else|def|class|func|function|case)\b|[{:]$/.test(prev)) {
      return /^(?:if|elif)\b[^\n]*(?:!=|\bnot\s+in\b)\s*[("'[]/.test(prev);
    }
  }
  return false;
}

const STATUS_501_DEFAULT = String.raw`\bstatus_code\s*(?::\s*\w+\s*)?=\s*(?:[\w.]*HTTP_501_NOT_IMPLEMENTED|501)\b`;

/**
 * An exception type's constructor taking 501 as the default of its status (`def __init__(self, detail="…",
 * status_code: int = status.HTTP_501_NOT_IMPLEMENTED)`), on the `def` line or as a parameter below it.
 */
function initDefault(lines: string[], line: number): boolean {
  const text = lines[line - 1] ?? '';
  if (new RegExp(String.raw`\bdef\s+__init__\s*\([^)]*${STATUS_501_DEFAULT}`).test(text)) return true;
  if (!new RegExp(String.raw`^\s*${STATUS_501_DEFAULT}\s*,?\s*(?:#.*)?$`).test(text)) return false;
  for (let k = line - 2; k >= 0 && k >= line - 12; k--) {
    const l = lines[k]!;
    if (/^\s*def\s+__init__\s*\(/.test(l)) return true;
    // Another parameter of the same list (`code="not_implemented",`); anything else ends the search.
    if (!/^\s*\w+\s*(?::\s*[\w.[\], |]+)?(?:=\s*[^\n]*)?,\s*(?:#.*)?$/.test(l)) return false;
  }
  return false;
}

/**
 * Inside a Go function named for the status (`func NewErrorNotImplemented(original error, …) WithCode`, an error
 * catalogue's constructor): it builds the 501 error for the code that calls it and answers no request itself.
 */
function notImplementedConstructor(lines: string[], line: number): boolean {
  for (let k = line - 1; k >= 0 && k >= line - 15; k--) {
    const fn = /^func\s+(?:\([^)]*\)\s*)?(\w+)\s*\(/.exec(lines[k]!);
    if (fn) return /NotImplemented/.test(fn[1]!);
    if (/^\}/.test(lines[k]!)) return false;
  }
  return false;
}

/**
 * The line defines the 501 status rather than answering with it: a status constant (`HTTP_501_NOT_IMPLEMENTED = 501`,
 * `StatusNotImplemented = 501`), or a class attribute `status_code = 501` of a response or exception type.
 */
function definesStatus(lines: string[], line: number): boolean {
  const text = lines[line - 1] ?? '';
  if (importsStatus(lines, line)) return true;
  if (/^\s*(?:HTTP_501_NOT_IMPLEMENTED|StatusNotImplemented)\s*(?::\s*\w+\s*)?=\s*501\b/.test(text)) return true;
  if (initDefault(lines, line)) return true;
  if (notImplementedConstructor(lines, line)) return true;
  const own = new RegExp(String.raw`^(\s+)${STATUS_501_DEFAULT}\s*(?:#.*)?$`).exec(text);
  if (!own) return false;
  const indent = own[1]!.length;
  let inDoc = false;
  for (let k = line - 2; k >= 0; k--) {
    const l = lines[k]!;
    if (!l.trim()) continue;
    // Skip the class docstring between the header and the attribute.
    const quotes = (l.match(/"""|'''/g) ?? []).length;
    if (quotes % 2 === 1) inDoc = !inDoc;
    if (inDoc || quotes) continue;
    const lead = /^\s*/.exec(l)![0].length;
    if (lead < indent) return /^\s*class\s+\w+/.test(l);
  }
  return false;
}

/**
 * The line imports the 501 constant (`from starlette.status import HTTP_501_NOT_IMPLEMENTED`, or one name of a
 * parenthesised import list): naming it answers nothing; the code that raises it is judged where it does.
 */
function importsStatus(lines: string[], line: number): boolean {
  const text = lines[line - 1] ?? '';
  if (/^\s*(?:from\s+[\w.]+\s+)?import\b/.test(text)) return true;
  if (!/^\s*(?:\w+\s*,\s*)*HTTP_501_NOT_IMPLEMENTED\s*(?:,\s*\w+\s*)*,?\s*(?:\)\s*)?$/.test(text)) return false;
  for (let k = line - 2; k >= 0 && k >= line - 40; k--) {
    const l = lines[k]!;
    if (/^\s*from\s+[\w.]+\s+import\s*\(\s*$/.test(l)) return true;
    if (!/^\s*(?:\w+\s*,\s*)*\w+\s*,?\s*$/.test(l)) return false;
  }
  return false;
}

/**
 * 501 among the codes an endpoint's documentation lists (`ErrorStatusCodes: []int{…, http.StatusNotImplemented}`, an
 * OpenAPI `responses` table): a possible answer declared for the docs, not the handler answering it.
 */
const LISTED_STATUS = /\[\]int\{[^}\n]*StatusNotImplemented|\b\w*(?:Status|Error|Response)Codes\s*[:=]/;

function mapsErrorKind(lines: string[], line: number): boolean {
  const text = lines[line - 1] ?? '';
  if (/^\s*case\b[^:\n]*(?:NotImplemented|NOT_IMPLEMENTED|501)/.test(text)) return true;
  for (let k = line - 2; k >= 0 && k >= line - 3; k--) {
    const above = lines[k]!.trim();
    if (!above) continue;
    return (
      /^case\b.*:$/.test(above) && /NotImplemented|Unimplemented|Unsupported|NOT_IMPLEMENTED|UNIMPLEMENTED/.test(above)
    );
  }
  return false;
}

/**
 * Go: the definition or translation of a not-implemented error, within four lines above: a method of the error type
 * named for it (`func (e NotImplementedError) Error() string { … return "not implemented" }`), an entry of an error
 * catalogue keyed by it (`ErrorNotImplementedType: { status: http.StatusNotImplemented }`), or the branch that answers
 * 501 for the error a pluggable backend returned (`if errors.Is(err, db.ErrNotImplemented) {`).
 */
function definesNotImplementedError(lines: string[], line: number): boolean {
  return lines
    .slice(Math.max(0, line - 5), line - 1)
    .some((l) =>
      /^func\s*\(\s*\w*\s*\*?\w*NotImplemented\w*\s*\)|^\s*\w*NotImplemented\w*\s*:\s*\{\s*$|\berrors\.Is\s*\([^)\n]*NotImplemented/.test(
        l,
      ),
    );
}

/** A Go file marked generated by the toolchain's convention: a `// Code generated … DO NOT EDIT.` line before the package clause. */
function generatedGo(repo: RepoIndex, path: string): boolean {
  if (!path.endsWith('.go')) return false;
  for (const l of repo.lines(path).slice(0, 30)) {
    if (/^\/\/\s*Code generated\b.*\bDO NOT EDIT\.?\s*$/.test(l)) return true;
    if (/^package\s/.test(l)) return false;
  }
  return false;
}

/** An unimplemented stub: where, and what it is. */
export interface Stub {
  path: string;
  line: number;
  note: string;
}

/** A stub found by a scan of one file's lines, before its path (the view's name of the file) is added. */
type FileStub = Omit<Stub, 'path'>;

export interface StubFacts {
  /** Stubs in live production files: pattern hits in file order, then Python route handlers with empty bodies. */
  stubs: Stub[];
  /** How many live production files were scanned. */
  files: number;
}

/**
 * A comment that says the code around it is a stand-in: "placeholder implementation", "stub implementation", or
 * that it does nothing for now ("nothing is written anywhere for now", "no-op for now", "for now just return None"). A
 * comment that only says a working design is enough "for now" ("for now we just return our own URL") is not one.
 */
const PLACEHOLDER_COMMENT =
  /\b(?:placeholder|stub(?:bed)?|dummy)\s+implementation\b|\b(?:(?:does|do)\s+nothing|no-?op|nothing\s+(?:is|gets)\s+(?:written|saved|stored|sent|persisted)|not\s+(?:actually\s+)?(?:persisted|saved|stored|sent|written))\b[^\n]*\bfor\s+now\b|\bfor\s+now\b[^\n]*\b(?:(?:does|do)\s+nothing|no-?op|just\s+(?:log|print)s?|just\s+returns?\s+(?:None|null|nil|undefined|nothing|false|true|0|an?\s+(?:empty|dummy|fake|placeholder|stub|hard-?coded|constant|fixed)|(?:empty|dummy|fake|placeholder|stub|hard-?coded|constant|fixed)))\b/i;

/** A refusal that sends the caller to another method, or says the method is deprecated. */
const REDIRECTS_CALLER = /\b(?:use|call)\s+`?[\w.#:]+(?:\(\))?`?\s+instead\b|\bdeprecated\b/i;
/**
 * A refusal whose message opens by naming the method to use (`NotImplementedError("Use set_credentials_provider with
 * this connector.")`): written in code form (snake_case, camelCase, dotted or called), it points the caller elsewhere.
 */
const NAMES_THE_METHOD_TO_USE =
  /["'`]\s*(?:[Pp]lease\s+)?(?:[Uu]se|[Cc]all)\s+`?(?:[a-z]\w*_\w+|[a-z]+[A-Z]\w*|\w+\.\w+|\w+\(\))/;
/**
 * The message says the operation is not supported here (`NotImplementedError("Not supported in monero")`, "Tron APIs
 * do not allow to add peers", a DRF field's "AuditLogField is read-only"): one backend of several refusing what it
 * cannot do, answered to the caller, not an unfinished body.
 */
const UNSUPPORTED_MESSAGE =
  /["'`][^"'`\n]*(?:\bnot\s+supported\b|\bunsupported\b|\bread[-\s]only\b|\b(?:does|do|is|are)\s*(?:not|n't)\s+(?:support|allow)|\bcan(?:not|'t)\s+be\s+(?:done|used|exported|imported|supported)\b)/i;

/**
 * The commented definition is compiled only for the platforms the program does not support
 * (`#[cfg(not(any(windows, unix)))]`, `#[cfg(target_arch = "wasm32")]`): a fallback that lets it build there, not a
 * stub on the path the service runs.
 */
function otherPlatformsOnly(lines: readonly string[], line: number): boolean {
  for (let i = line; i < Math.min(lines.length, line + 5); i++) {
    const t = lines[i]!.trim();
    if (!t || t.startsWith('//')) continue;
    return /^#\[cfg\((?:not|any|all)\b[^\]]*\b(?:unix|windows|target_os|target_family|target_arch)\b|^#\[cfg\(target_(?:arch|os|family)\s*=\s*"(?!linux|unix|x86_64|aarch64)/.test(
      t,
    );
  }
  return false;
}

/**
 * Unimplemented stubs on live code paths: NotImplementedError and its kin, todo!(), panic("not implemented"),
 * placeholder responses, and route handlers that only `pass`. Abstract methods and base classes are not stubs.
 */
export function detectStubs(repo: RepoIndex, facts: Facts): StubFacts {
  const files = facts.liveness.liveSources();
  const stubs: Stub[] = [];
  for (const { pattern: p, match: m } of facts.code.scan(PATTERNS, files, { strings: false })) {
    if (p.abstractOk && facts.code.inAbstractBase(m.path, m.line)) continue;
    // A Rust trait's default method whose macro says implementors provide it (`unimplemented!("must be implemented
    // if LIVE_SUPPORT is set")`) is the trait's required method, overridden where it is used.
    if (p.languages.includes('rust') && ABSTRACT_SAID.test(m.text)) continue;
    // Go generated code (`// Code generated by oapi-codegen … DO NOT EDIT.`): the generator's default server answers
    // 501 for every operation until the project's own handler, written elsewhere, takes its place.
    if (generatedGo(repo, m.path)) continue;
    // 501 while a feature is switched off (mail disabled, sign-up closed) is the switch, not an unfinished feature.
    if (p.label === 'endpoint answers 501 Not Implemented' && facts.code.behindFeatureSwitch(m.path, m.line)) continue;
    // 501 for a variant the feature does not handle (`default: return 501, "can't create preview for %s type"`) is the
    // answer for unsupported input, not an unfinished endpoint.
    if (p.label === 'endpoint answers 501 Not Implemented' && unsupportedVariant(repo.lines(m.path), m.line)) continue;
    // `HTTP_501_NOT_IMPLEMENTED = 501` in a status module, `status_code = 501` on `class NotImplemented(Response)`:
    // defining the status or the response type answers nothing; an endpoint would have to return it.
    if (p.label === 'endpoint answers 501 Not Implemented' && definesStatus(repo.lines(m.path), m.line)) continue;
    if (p.label === 'endpoint answers 501 Not Implemented' && LISTED_STATUS.test(m.text)) continue;
    // `case http.StatusNotImplemented:` maps a status to an error type; `case ErrNotImplemented: code = 501` maps the
    // error kind some code raised to its status: a translation table, not an endpoint left unfinished.
    if (p.label === 'endpoint answers 501 Not Implemented' && mapsErrorKind(repo.lines(m.path), m.line)) continue;
    const language = repo.get(m.path)?.language;
    if (language === 'go' && definesNotImplementedError(repo.lines(m.path), m.line)) continue;
    // "Not implemented, use create2 instead" / "deprecated": a method kept for an interface that points its callers
    // elsewhere is a deliberate refusal, not unfinished work.
    const said = repo.lines(m.path)[m.line - 1] ?? '';
    if (REDIRECTS_CALLER.test(said) || NAMES_THE_METHOD_TO_USE.test(said)) continue;
    if (
      p.label !== 'endpoint answers 501 Not Implemented' &&
      UNSUPPORTED_MESSAGE.test(repo.lines(m.path)[m.line - 1] ?? '')
    )
      continue;
    // A test double shipped in production files (FakeFeatureStore's unused methods) is the mocks check's concern.
    if (inTestDouble(facts, m.path, m.line)) continue;
    // `get name() { return "placeholder"; }`: the word is the thing's name (an editor mark, a node type), not an
    // unfinished answer.
    if (p.label === 'returns a "not implemented" placeholder' && namingGetter(repo.lines(m.path), m.line)) continue;
    if (
      language === 'rust' &&
      (inRustMockBlock(repo, m.path, m.line) || mockedTraitDefault(repo, facts, m.path, m.line))
    )
      continue;
    // Rust: `unimplemented!("Impossible to get here")` says the case cannot occur, and `unimplemented!(…)` as the whole
    // `else { … }` or `_ => …` arm refuses the cases the branches above do not handle: assertions, not unfinished
    // bodies (`todo!()` there is still work left).
    if (language === 'rust' && (CANNOT_HAPPEN.test(said) || refusedRustArm(repo.lines(m.path), m.line))) continue;
    // The catch-all arm of a switch (`_ => throw new NotImplementedException()`, `default: throw …`) refuses a case
    // the code does not support; it is no unfinished body. In JavaScript only when its message names the input it
    // refuses ("Unimplemented matcher: ${matcher}"): a bare "not implemented" there may still be work left.
    const refusesInArm =
      language === 'csharp' ||
      language === 'java' ||
      language === 'kotlin' ||
      ((language === 'javascript' || language === 'typescript') && said.includes('${'));
    if (refusesInArm && inCatchAllArm(repo, m.path, m.line)) continue;
    // C#: a `case "Range":` arm or the last `else` of a chain that throws refuses that input; an override that only
    // throws in a class whose other members work is a base member the subclass does not support (a write-only
    // JsonConverter's Read, a REST base's lookup by id). Neither is an unfinished body.
    if (language === 'csharp' && (refusedBranch(repo, m.path, m.line) || unsupportedOverride(repo, m.path, m.line)))
      continue;
    // C#: a class that implements a framework collection interface for what its callers use (an `IDictionary` a
    // deserializer only adds to) and leaves the other members throwing is a partial adapter, not unfinished work.
    if (language === 'csharp' && partialCollectionAdapter(repo, m.path, m.line)) continue;
    // A message built from the input it refuses (`"No factory found for " + typeof(T).Name`, `$"Login method {m}"`),
    // or a null object named for a feature this edition lacks (`class NoopProviderService : IProviderService`).
    if (
      language === 'csharp' &&
      (NAMES_THE_INPUT.test(
        repo
          .lines(m.path)
          .slice(m.line - 1, m.line + 1)
          .join(' '),
      ) ||
        inNullObjectClass(repo, m.path, m.line))
    )
      continue;
    if ((language === 'python' || language === 'ruby') && p.label === 'raise NotImplementedError')
      if (!wholeBodyStub(repo, facts, m.path, m.line)) continue;
    stubs.push({ path: m.path, line: m.line, note: p.label });
  }
  // Only files where a line could start such a body are split into lines: a line that matches a pattern is also
  // matched by the same pattern run over the whole text line by line (flag m), which is one pass and no allocation.
  // Both scans are functions of a file's text: found once per repository file, whichever component view lists it.
  const scanned = (kind: string, path: string, scan: () => FileStub[]): void => {
    for (const s of repo.fileMemo(kind, path, scan)) stubs.push({ path, ...s });
  };
  for (const f of files)
    if (f.language === 'python')
      scanned('stubs:pass-only-handlers', f.path, () =>
        ROUTE_DECORATOR_ANY_LINE.test(repo.read(f.path) ?? '') ? passOnlyHandlers(repo.lines(f.path)) : [],
      );
  for (const f of files)
    if (COMMENTED_OUT_LANGUAGES.has(f.language ?? ''))
      scanned('stubs:commented-out-bodies', f.path, () =>
        COMMENTED_CODE_ANY_LINE.test(repo.read(f.path) ?? '') ? commentedOutBodies(repo.lines(f.path)) : [],
      );
  // Placeholders flagged by their own comment: "placeholder implementation", "nothing is saved for now".
  for (const m of repo.grep(PLACEHOLDER_COMMENT, { paths: files.map((f) => f.path), limit: 20 })) {
    if (!isCommentLine(m.text) || inTestDouble(facts, m.path, m.line) || facts.code.inAbstractBase(m.path, m.line))
      continue;
    // Generated Go code's own doc comments ("Intercept is a dummy implementation of Intercept that returns the next
    // Querier", ent's adapters): the generator's complete pass-through, not unfinished work.
    if (generatedGo(repo, m.path)) continue;
    if (stubs.some((s) => s.path === m.path && Math.abs(s.line - m.line) <= 3)) continue;
    // "Stub implementation of IHostEnvironment" on a class that only holds auto-properties and no-op members: a
    // minimal adapter, complete for what it is handed to (see csNullObject).
    if (m.path.endsWith('.cs') && documentsNullObject(repo, files, m.path, m.line)) continue;
    if (m.path.endsWith('.go') && documentsGoNullObject(repo.lines(m.path), m.line)) continue;
    if (otherPlatformsOnly(repo.lines(m.path), m.line)) continue;
    // "For now, we'll just return None and log a warning" inside `except …:` says how a failure is handled, in a body
    // that does its work above: the fallback chosen for an error, not a stand-in for the implementation.
    if (inErrorBranch(repo.lines(m.path), m.line)) continue;
    stubs.push({ path: m.path, line: m.line, note: 'comment flags a placeholder implementation' });
  }
  return { stubs, files: files.length };
}

/** The class on line index `cls` is decorated `@implementer(…)` (the decorators just above it). */
function implementsInterface(lines: readonly string[], cls: number): boolean {
  for (let k = cls - 1; k >= 0 && k >= cls - 4; k--) {
    const t = lines[k]!.trim();
    if (/^@(?:[\w.]+\.)?implementer\(/.test(t)) return true;
    if (!t.startsWith('@')) return false;
  }
  return false;
}

/** Another method of the class (not the one at index `skip`) has a statement beyond raise, pass, a docstring or a comment. */
function classDoesWork(lines: readonly string[], cls: number, skip: number, indent: (l: string) => number): boolean {
  const own = indent(lines[cls]!);
  let method = -1;
  let methodIndent = 0;
  for (let i = cls + 1; i < lines.length; i++) {
    const l = lines[i]!;
    const t = l.trim();
    if (!t) continue;
    if (indent(l) <= own) return false;
    if (/^(?:async\s+)?def\s/.test(t)) {
      method = i;
      methodIndent = indent(l);
      continue;
    }
    if (method < 0 || method === skip || indent(l) <= methodIndent) continue;
    if (
      /^(?:raise\s+NotImplementedError|pass$|\.\.\.$|#|[rub]?["'])/.test(t) ||
      /^\)|^[\w\s,:=[\].|]*\)\s*(?:->[^:]*)?:$/.test(t)
    )
      continue;
    return true;
  }
  return false;
}

/** A line opening an error handler: `except …:`, a `catch` block, a `rescue`, an Elixir `{:error, …} ->` clause. */
const ERROR_BRANCH =
  /^\s*except\b[^\n]*:\s*(?:#.*)?$|^\s*(?:\}\s*)?catch\b[^\n]*\{\s*$|^\s*rescue\b|^\s*\{:error\b[^\n]*->\s*$/;

/**
 * The line sits in an error handler: an enclosing block (a less-indented line above it, within 40 lines) opens one,
 * the callback the comment sits in included (`traverse_errors(changeset, fn {msg, _} -> # for now, just return msg`).
 */
function inErrorBranch(lines: readonly string[], line: number): boolean {
  let own = /^\s*/.exec(lines[line - 1] ?? '')![0].length;
  for (let i = line - 2; i >= 0 && i >= line - 40; i--) {
    const l = lines[i]!;
    if (!l.trim()) continue;
    const indent = /^\s*/.exec(l)![0].length;
    if (indent >= own) continue;
    if (ERROR_BRANCH.test(l)) return true;
    own = indent;
  }
  return false;
}

/** The return at `line` is the body of a getter or a method naming the thing: `get name() {`, `type(): string {`. */
function namingGetter(lines: readonly string[], line: number): boolean {
  for (let i = line - 2; i >= Math.max(0, line - 3); i--) {
    const l = lines[i]!.trim();
    if (!l) continue;
    return /^(?:(?:public|protected|private|static|override)\s+)*(?:get\s+\w+|(?:name|type|kind|key|id|title)\s*)\(\s*\)\s*(?::\s*\w+\s*)?\{$/.test(
      l,
    );
  }
  return false;
}

/** A switch's catch-all arm: C# `_ =>` / `default:`, Java `default ->`, Kotlin `else ->`. */
const CATCH_ALL_ARM = /^\s*(?:_\s*=>|default\s*(?::|->)|else\s*->|case\s+_\s*:)/;

/** A message saying the branch cannot be reached: "Impossible to get here", "should never happen", "unreachable". */
const CANNOT_HAPPEN =
  /["'`][^"'`\n]*\b(?:impossible|unreachable|never\s+(?:happen|be\s+reached|get\s+here)|can(?:not|'t)\s+happen|should\s*(?:not|n't)\s+(?:happen|be\s+reached|get\s+here))/i;

/**
 * The `unimplemented!(…)` at `line` is the whole body of an `else` block or of a catch-all `_ =>` match arm: on the
 * arm's line (`_ => unimplemented!(),`, `if x { … } else { unimplemented!() }`) or alone on the line after `} else {`.
 */
function refusedRustArm(lines: readonly string[], line: number): boolean {
  const here = (lines[line - 1] ?? '').trim();
  if (CATCH_ALL_ARM.test(here) || /\belse\s*\{\s*unimplemented!\s*\(.*\)[,;]?(?: ?\})?$/.test(here)) return true;
  const above = lines[line - 2] ?? '';
  return (
    /^unimplemented!\s*\(.*\)[,;]?$/.test(here) &&
    (/^\s*\}\s*else\s*\{\s*$/.test(above) || (CATCH_ALL_ARM.test(above) && /\{\s*$/.test(above))) &&
    /^\s*\}/.test(lines[line] ?? '')
  );
}

/** The throw at `line` is the body of a catch-all arm, on the arm's line or the line after it. */
function inCatchAllArm(repo: RepoIndex, path: string, line: number): boolean {
  const lines = repo.lines(path);
  const here = lines[line - 1] ?? '';
  if (CATCH_ALL_ARM.test(here)) return true;
  return (
    /^\s*(?:\{\s*)?throw\b/.test(here) &&
    /^\s*(?:_\s*=>|default\s*(?::|->)|else\s*->)\s*\{?\s*$/.test(lines[line - 2] ?? '')
  );
}

/** The start of an `if (…)` (or `else if (…)`) statement, its condition on one line or several. */
const IF_START = /^(?:\}\s*)?(?:else\s+)?if\s*\(/;
/** `if (…) throw …;` on one line. */
const IF_GUARD = /^\s*(?:\}\s*)?(?:else\s+)?if\s*\([^\n]*\)\s*\{?\s*throw\b/;

const NAMES_THE_INPUT =
  /NotImplementedException\s*\(\s*(?:\$@?"[^"]*\{[^}]+\}|@?"[^"]*"\s*\+\s*[\w(]|string\.Format\s*\()/;

/** The nearest class above the line is named as a null object: Noop…, NoOp…, Null…, Disabled…, Unsupported…. */
function inNullObjectClass(repo: RepoIndex, path: string, line: number): boolean {
  const lines = repo.lines(path);
  for (let i = line - 1; i >= 0; i--) {
    const c = /\bclass\s+(\w+)/.exec(lines[i]!);
    if (c) return /^(?:Noop|NoOp|Null|Disabled|Unsupported|NotSupported)[A-Z]\w*$/.test(c[1]!);
  }
  return false;
}

/**
 * The throw at `line` is the body of a `case …:` arm, of a `default:` arm after at most two local assignments (the
 * message built first), of the final `else` of an if/else chain, or of an `if (…)` guard (`if (context.Claims != null)
 * throw …;`): an input the member refuses while its other paths do the work.
 */
function refusedBranch(repo: RepoIndex, path: string, line: number): boolean {
  const lines = repo.lines(path);
  if (IF_GUARD.test(lines[line - 1] ?? '')) return true;
  if (!/^\s*(?:\{\s*)?throw\b/.test(lines[line - 1] ?? '')) return false;
  let assignments = 0;
  let braces = 0;
  for (let k = line - 2; k >= Math.max(0, line - 12); k--) {
    const t = (lines[k] ?? '').trim();
    if (!t) continue;
    // `{` opens the throw's block; a `}` first closes the block of a path that did the work (`if (…) { return …; }`),
    // and the throw refuses what is left.
    if (t === '{' && !braces++) continue;
    if (t === '}' && !braces && !assignments) return true;
    if (/^(?:case\b[^:]*|default)\s*:\s*\{?$/.test(t)) return t.startsWith('case') ? assignments === 0 : true;
    if (/^(?:\}\s*)?else\s*\{?$/.test(t) || IF_START.test(t)) return assignments === 0;
    // The continuation lines of a condition split over several lines (`|| message.Cursor is not null)`).
    if (/^(?:\|\||&&)/.test(t) && braces) continue;
    if (/^(?:var|string)\s+\w+\s*=[^;]*;$/.test(t) && ++assignments <= 2) continue;
    return false;
  }
  return false;
}

/**
 * The throw is the whole body of an `override` member (`public override object ReadJson(…) => throw …`, or a block
 * holding only the throw) in a class with members that do work: a base member this subclass does not support.
 */
function unsupportedOverride(repo: RepoIndex, path: string, line: number): boolean {
  const lines = repo.lines(path);
  const here = lines[line - 1] ?? '';
  let decl = -1;
  if (/\boverride\b[^=]*=>\s*throw\b/.test(here)) decl = line - 1;
  else if (/^\s*(?:=>\s*)?throw\b/.test(here)) {
    let k = line - 2;
    while (k >= 0 && /^\s*\{?\s*$/.test(lines[k]!)) k--;
    // `{` then the throw then `}`: the body is the throw alone.
    if (!/^\s*=>/.test(here) && !/^\s*\}/.test(lines[line] ?? '')) return false;
    if (k >= 0 && /\boverride\b/.test(lines[k]!)) decl = k;
  }
  if (decl < 0) return false;
  // `[NonAction] public override … UpdateProvider(…)`: the base action switched off for this controller.
  for (let k = decl; k >= Math.max(0, decl - 3); k--) if (/\[\s*NonAction\s*\]/.test(lines[k]!)) return true;
  // The class around it: some other member does work (a statement that is no declaration, or an expression body).
  let start = decl;
  while (start > 0 && !/\bclass\s+\w+/.test(lines[start]!)) start--;
  return lines.slice(start, Math.min(lines.length, decl + 200)).some((l, i) => {
    const t = l.trim();
    if (start + i === decl || start + i === line - 1 || /NotImplementedException/.test(t)) return false;
    if (/^(?:public|private|protected|internal|static|readonly|const|using|namespace|\[|\/\/)/.test(t))
      return /=>\s*(?!throw\b)\S/.test(t) && /\)\s*=>/.test(t);
    return /;$/.test(t);
  });
}

/** Framework collection and conversion interfaces a class may implement only in part. */
const COLLECTION_INTERFACE =
  /\b(?:IDictionary|IReadOnlyDictionary|IList|IReadOnlyList|ICollection|IReadOnlyCollection|ISet|IEnumerator|IComparer|IEqualityComparer|IConvertible|IXmlSerializable)\b/;

/**
 * The throw at `line` is an expression-bodied member or accessor (`Keys => throw …`, `get => throw …`) of a class whose
 * base list names a framework collection interface, and another member of that class does work (`Add` appends).
 */
function partialCollectionAdapter(repo: RepoIndex, path: string, line: number): boolean {
  const lines = repo.lines(path);
  if (!/=>\s*throw\s+new\s+NotImplementedException\b/.test(lines[line - 1] ?? '')) return false;
  let start = line - 1;
  while (start > 0 && !/\bclass\s+\w+/.test(lines[start]!)) start--;
  const header = lines.slice(start, start + 3).join(' ');
  const base = /\bclass\s+\w+(?:<[^>]*>)?\s*:\s*([^{]*)/.exec(header)?.[1] ?? '';
  if (!COLLECTION_INTERFACE.test(base)) return false;
  let depth = 0;
  for (let i = start; i < Math.min(lines.length, start + 300); i++) {
    const t = lines[i]!.trim();
    if (i > start && /=>\s*(?!throw\b)\S/.test(t) && !/NotImplementedException/.test(t)) return true;
    for (const ch of t) depth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
    if (i > start && depth <= 0 && t.includes('}')) break;
  }
  return false;
}

/** The comment at `line` documents the class declared just below it (comments and attributes between), a null object. */
function documentsNullObject(repo: RepoIndex, files: readonly { path: string }[], path: string, line: number): boolean {
  const lines = repo.lines(path);
  for (let i = line; i < Math.min(lines.length, line + 6); i++) {
    const l = lines[i]!.trim();
    if (!l || l.startsWith('//') || l.startsWith('[')) continue;
    const cls = /\bclass\s+(\w+)/.exec(l);
    return !!cls && csNullObject(repo, files, cls[1]!, path);
  }
  return false;
}

/**
 * A Go type named as a stand-in that does nothing (`dummy`, `noopRecorder`, `NoOpTracer`, `NOPLogger`, `NullSink`,
 * `NULLStore`, `discardLogger`). The first letter takes either case, a no-op's `O` too, and a whole word may be in
 * capitals; the next word must start a new word (`nullifier`, `emptyingQueue` are other words).
 */
const GO_NULL_TYPE = /^(?:[Dd]ummy|[Nn]o[Oo]?p|NOO?P|[Nn]ull|NULL|[Nn]il|[Ee]mpty|[Dd]iscard)(?:[A-Z_]\w*)?$/;

/**
 * The comment on line `line` (1-based) documents a Go null object: the type declared below it is named as a stand-in
 * (`// dummy is a dummy implementation of Instrumenter.` over `type dummy struct`) and every method of it in the file
 * does nothing (an empty body, or a bare `return`/`return nil`). Such a type is the implementation chosen when a
 * feature is off (a metrics recorder with metrics disabled) and the tests' stand-in: complete for what it is, no
 * unfinished work.
 */
function documentsGoNullObject(lines: readonly string[], line: number): boolean {
  let name: string | undefined;
  for (let i = line; i < Math.min(lines.length, line + 4); i++) {
    const t = lines[i]!.trim();
    if (!t || t.startsWith('//')) continue;
    name = /^type\s+(\w+)\s+struct\b/.exec(t)?.[1];
    break;
  }
  if (!name || !GO_NULL_TYPE.test(name)) return false;
  const method = new RegExp(`^func\\s*\\(\\s*(?:\\w+\\s+)?\\*?${name}\\s*\\)\\s*\\w+\\s*\\(`);
  let methods = 0;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.trim();
    if (!method.test(t)) continue;
    methods++;
    if (/\{\s*(?:return(?:\s+nil)?\s*)?\}$/.test(t)) continue;
    if (!t.endsWith('{')) return false;
    const body = lines[i + 1]?.trim() ?? '';
    const end = /^return(?:\s+nil)?$/.test(body) ? lines[i + 2]?.trim() : body;
    if (end !== '}') return false;
  }
  return methods > 0;
}

const COMMENTED_OUT_LANGUAGES = new Set(['kotlin', 'java', 'javascript', 'typescript', 'go', 'csharp', 'rust', 'php']);
/** A commented-out line of code: a call, a chained call, a block opener or closer, an assignment (not prose). */
const COMMENTED_CODE =
  /^\s*\/\/\s*(?:[\w$.]+(?:\?\.|\.)[\w$]+\s*\(.*|[\w$]+\s*\(.*\)\s*[;{]?\s*|.*(?:\)\s*\{|=>\s*\{?|->)\s*$|\}\s*\)?\s*;?|(?:val|var|let|const)\s+\w+\s*=.*|return\s+\S.*)$/;
/** COMMENTED_CODE on any line of a text (a prefilter: what it finds may span lines, what it misses no line matches). */
const COMMENTED_CODE_ANY_LINE = new RegExp(COMMENTED_CODE.source, 'm');
/**
 * A commented-out logging call: `// Logger.warn(…`, `// console.log(…`, `// this.logger.debug(…`, go-kit's
 * `// level.Warn(logger).Log(…`.
 */
const COMMENTED_LOG =
  /^\s*\/\/\s*(?:(?:this\.)?(?:[\w$]*[lL]og(?:ger)?|console)\.\w+\s*\(|level\.\w+\([\w.]*\)\.Log\s*\()/;
/** What a stubbed body answers instead: nothing, null, an empty collection, or a value built from null/empty arguments. */
const EMPTY_ANSWER =
  /^\s*(?:return\s*;?|return\s+(?:null|nil|None|undefined|Unit|\[\]|\{\}|emptyList\(\)|listOf\(\)|mapOf\(\)|Collections\.empty\w*\(\)|List\.of\(\)|\w+\(\s*(?:null|listOf\(\)|emptyList\(\)|\[\])(?:\s*,\s*[\w.()]+)*\s*\))\s*;?)\s*$/;

/**
 * The body did work before the commented block: the line above it (past blanks and comments) closes a block of its
 * own (`if err != nil { return err }` after a call, an `if` that returns early). `AddDocuments(…)`, its error check,
 * then `// WaitForTask(…)` … `return nil` only stopped waiting for a confirmation; the function still does its job.
 * Reading a parameter or setting a local (`val limit = …`) before the commented block is no such work.
 */
function afterWork(lines: string[], at: number): boolean {
  for (let i = at - 1; i >= 0; i--) {
    const t = lines[i]!.trim();
    if (!t || t.startsWith('//') || t.startsWith('*') || t.startsWith('/*')) continue;
    return /^\}\s*$/.test(t);
  }
  return false;
}

/**
 * The commented block sits in an error handler (`} catch (err) {` … `// store.removeSession(…)` … `return;`): an early
 * return when something failed, not a body whose implementation is gone. The opener is the first line above at a
 * smaller indentation.
 */
function inErrorHandler(lines: string[], at: number): boolean {
  const indent = (l: string) => /^\s*/.exec(l)![0].length;
  const own = indent(lines[at]!);
  for (let i = at - 1; i >= 0; i--) {
    const l = lines[i]!;
    if (!l.trim() || indent(l) >= own) continue;
    return /\bcatch\b|\bexcept\b|\brescue\b|^\s*if\s+err\s*!=\s*nil\b/.test(l);
  }
  return false;
}

/**
 * Bodies whose implementation is commented out: two or more commented-out lines of code (calls, blocks) followed by
 * an empty answer (`return ArticleDTO(null)`, `return emptyList()`, a bare `return`). The route answers,
 * but with nothing: the feature is not implemented. Reported once per commented block.
 */
function commentedOutBodies(lines: string[]): FileStub[] {
  const out: FileStub[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!COMMENTED_CODE.test(lines[i]!)) continue;
    let j = i;
    while (j + 1 < lines.length && /^\s*\/\//.test(lines[j + 1]!)) j++;
    const codeLines = lines.slice(i, j + 1).filter((l) => COMMENTED_CODE.test(l));
    const code = codeLines.length;
    // A commented-out log line (`// Logger.warn("…", {` … `// });` before `return null`) silences a message; the
    // body it sits in was never more than the return.
    // The condition around it (`// if !errors.Is(err, context.Canceled) {` … `// }`) silences it only in some cases.
    const logOrCloser = (l: string) => COMMENTED_LOG.test(l) || /^\/\/\}\)?;?$/.test(l.replace(/\s+/g, ''));
    const guard = (l: string) => /^\s*\/\/[\s!]*if\b[^\n]*\{\s*$/.test(l);
    if (
      codeLines.every(logOrCloser) ||
      (codeLines.some((l) => COMMENTED_LOG.test(l)) && codeLines.every((l) => logOrCloser(l) || guard(l)))
    ) {
      i = j;
      continue;
    }
    let k = j + 1;
    while (k < lines.length && !lines[k]!.trim()) k++;
    if (
      code >= 2 &&
      k < lines.length &&
      EMPTY_ANSWER.test(lines[k]!) &&
      !afterWork(lines, i) &&
      !inErrorHandler(lines, i)
    )
      out.push({ line: i + 1, note: 'implementation commented out; the body answers an empty value' });
    i = j;
  }
  return out;
}

/**
 * Rust: the line sits in a mockall `mock! { … }` invocation (the bodies are never run: mockall generates the mock from
 * the signatures) or in an inline module named for test doubles (`pub mod mock { … }`, `mod fakes`).
 */
function inRustMockBlock(repo: RepoIndex, path: string, line: number): boolean {
  const blocks = repo.memo(`stubs:rust-mock-blocks\0${path}`, () => {
    const text = repo.read(path) ?? '';
    const out: [number, number][] = [];
    for (const m of text.matchAll(/\bmock!\s*\{|\bmod\s+(?:mocks?|fakes?|stubs?|test_doubles?)\s*\{/g)) {
      const end = blockEnd(text, m.index + m[0].length - 1);
      out.push([repo.lineAt(path, m.index), repo.lineAt(path, end < 0 ? text.length : end - 1)]);
    }
    return out;
  });
  return blocks.some(([a, b]) => line >= a && line <= b);
}

/** A trait declaration (its name), at the start of a line of the comment-blanked text. */
const RUST_TRAIT = /^[ \t]*(?:pub(?:\([^)\n]*\))?[ \t]+)?(?:unsafe[ \t]+)?trait[ \t]+(\w+)[^{;]{0,300}\{/gm;

/**
 * Rust: the line is in a default method of a trait that mockall mocks (`#[automock]` on it, or a `mock!` block
 * implementing it), and every implementation in production code overrides that method. The default body
 * (`unimplemented!()`) only spares the hand-written fakes of tests the methods they do not use; no live call reaches it.
 */
function mockedTraitDefault(repo: RepoIndex, facts: Facts, path: string, line: number): boolean {
  const method = facts.code.enclosing(path, line);
  const bare = facts.code.text(path, { strings: false });
  if (!method || !bare) return false;
  const at = repo.lineOffsets(path)[method.line - 1] ?? 0;
  const lines = repo.lines(path);
  for (const t of bare.matchAll(RUST_TRAIT)) {
    if (t.index > at) break;
    if (blockEnd(bare, t.index + t[0].length - 1) < at) continue;
    // The attributes above the trait, doc comments between them.
    let attrs = '';
    for (let i = repo.lineAt(path, t.index) - 2; i >= 0 && isCommentLine(lines[i]); i--) attrs += lines[i];
    const impls = implementationsOf(repo, facts, t[1]!);
    if (!/\bautomock\b/.test(attrs) && !impls.mocked) return false;
    const defines = new RegExp(`\\bfn\\s+${escapeRegExp(method.name)}\\b`);
    return impls.bodies.every((b) => defines.test(b));
  }
  return false;
}

/** The bodies of a trait's implementations in live code (test modules blanked), and whether a `mock!` block mocks it. */
function implementationsOf(repo: RepoIndex, facts: Facts, name: string): { bodies: string[]; mocked: boolean } {
  return repo.memo(`stubs:rust-impls\0${name}`, () => {
    const re = new RegExp(
      `\\bimpl\\b[^{;]{0,200}?\\b${escapeRegExp(name)}\\s*(?:<[^{;]{0,100}?>\\s*)?for\\b[^{;]{0,200}\\{`,
      'g',
    );
    const bodies: string[] = [];
    let mocked = false;
    for (const f of facts.liveness.liveSources()) {
      if (f.language !== 'rust') continue;
      const bare = facts.code.text(f.path, { strings: false });
      if (!bare?.includes(name)) continue;
      for (const m of bare.matchAll(re)) {
        const open = m.index + m[0].length - 1;
        if (inRustMockBlock(repo, f.path, repo.lineAt(f.path, m.index))) mocked = true;
        else bodies.push(bare.slice(open, blockEnd(bare, open)));
      }
    }
    return { bodies, mocked };
  });
}

/** The line sits in a class named for a test double (FakeEventStore, MockClient, StubGateway, DummySender). */
function inTestDouble(facts: Facts, path: string, line: number): boolean {
  const DOUBLE = /^(?:Fake|Mock|Stub|Dummy)[A-Z_]/;
  const enc = facts.code.enclosing(path, line);
  if (!enc) return false;
  if (DOUBLE.test(enc.name)) return true;
  const outer = facts.code.enclosing(path, enc.line, true);
  return !!outer && outer.name !== enc.name && DOUBLE.test(outer.name);
}

/** A stub's message saying another type provides the body: the abstract-method idiom, whatever the language. */
const ABSTRACT_SAID =
  /subclass|abstract|overrid|must\s+(?:be\s+)?implement|should\s+(?:be\s+)?implement|implemented\s+by/i;

/**
 * Python/Ruby: raise NotImplementedError is a stub only when it is the whole body of a function callers reach as it
 * is. Raised in a branch (else:, except:, after an early return, `raise ... unless x`) it reports an unsupported
 * case; with a message about subclasses, in a module (mixin), or in a method of a class nobody instantiates
 * directly, it is the languages' abstract-method idiom.
 */
function wholeBodyStub(repo: RepoIndex, facts: Facts, path: string, line: number): boolean {
  const lines = repo.lines(path);
  const raise = lines[line - 1] ?? '';
  // The message may continue on the next line (`raise NotImplementedError,` then the string).
  const said = /[,(\\]\s*$/.test(raise) ? `${raise} ${lines[line] ?? ''}` : raise;
  if (ABSTRACT_SAID.test(said)) return false;
  if (/\braise\b.*\s(?:if|unless)\s/.test(raise)) return false;
  const ruby = repo.get(path)?.language === 'ruby';
  const indent = (l: string): number => /^[ \t]*/.exec(l)![0].replace(/\t/g, '    ').length;
  const own = indent(raise);
  // A Ruby block (a Sinatra route `get '/x' do`) is a body of its own, like a def.
  const isDef = (l: string): boolean =>
    /^\s*(?:async\s+)?def\s/.test(l) || (ruby && /\bdo(?:\s*\|[^|]*\|)?\s*$/.test(l));
  // The nearest less-indented line above: the def itself, or a block (if/else/except/rescue/class) around the raise.
  let def = -1;
  for (let i = line - 2; i >= 0; i--) {
    const l = lines[i] ?? '';
    if (!l.trim() || indent(l) >= own) continue;
    if (!isDef(l)) return false;
    def = i;
    break;
  }
  if (def < 0) return false;
  const defIndent = indent(lines[def]!);
  // Every other statement of the body (docstrings and comments aside) means the raise is not the whole body.
  let i = def + 1;
  if (!ruby) while (i < lines.length && !/:\s*(?:#.*)?$/.test(lines[i - 1] ?? '')) i++;
  let inDoc: string | undefined;
  for (; i < lines.length; i++) {
    const l = lines[i] ?? '';
    const t = l.trim();
    if (!t) continue;
    if (indent(l) <= defIndent) break;
    if (inDoc) {
      if (t.includes(inDoc)) inDoc = undefined;
      continue;
    }
    const doc = /^[rub]?("""|''')/.exec(t);
    if (doc) {
      if (!t.slice(doc[0].length).includes(doc[1]!)) inDoc = doc[1];
      continue;
    }
    if (t.startsWith('#') || /^[rub]?"[^"]*"$|^[rub]?'[^']*'$/.test(t)) continue;
    if (i === line - 1 || (i > line - 1 && indent(l) > own)) continue;
    return false;
  }
  // The whole body raises. A block: the route or callback is the stub.
  if (!/^\s*def\s/.test(lines[def]!) && !/^\s*async\s+def\s/.test(lines[def]!)) return true;
  // In a class or module: the abstract idiom, unless the class is instantiated as it is.
  for (let k = def - 1; k >= 0; k--) {
    const l = lines[k] ?? '';
    if (!l.trim() || indent(l) >= defIndent) continue;
    if (/^\s*module\s/.test(l)) return false;
    const cls = /^\s*class\s+(\w+)([^\n]*)/.exec(l);
    if (!cls) return true;
    const name = cls[1]!;
    // A class declared to provide an interface (`@implementer(ISecurityPolicy)`, zope.interface as Pyramid and Twisted
    // use it) whose other methods do work: the raise refuses a member of the interface this provider leaves to another
    // (`# Handled by MultiSecurityPolicy`), not an unfinished body.
    if (implementsInterface(lines, k) && classDoesWork(lines, k, def, indent)) return false;
    // Classes the framework instantiates per request or job: controllers, views, resources, jobs, commands.
    if (
      /(?:<|\()\s*[\w:.]*(?:Controller|Job|Mailer|View|ViewSet|APIView|Resource|Endpoint|Handler|Consumer|Command|Sinatra::Base|Grape::API)\b/.test(
        cls[2] ?? '',
      )
    )
      return true;
    // Ruby: `Name.new`, or through the class it is nested in (`ApplicationPolicy::Scope.new`); another class's
    // nested namesake (`CasePolicy::Scope.new`, a subclass) is not this class.
    const outer = ruby ? enclosingRubyClass(lines, k) : undefined;
    const direct = ruby
      ? new RegExp(`(?<![\\w:])${name}\\.new\\b${outer ? `|\\b${outer}::${name}\\.new\\b` : ''}`)
      : new RegExp(`(?<![\\w.])${name}\\(`);
    const paths = facts.liveness.liveSources().map((f) => f.path);
    return facts.code.grep(direct, { paths }).some((m) => !/^\s*class\s/.test(m.text));
  }
  return true;
}

/** The name of the Ruby class around the line at index `at` (a nested class's outer class), if any. */
function enclosingRubyClass(lines: string[], at: number): string | undefined {
  const indent = (l: string): number => /^[ \t]*/.exec(l)![0].replace(/\t/g, '    ').length;
  const own = indent(lines[at] ?? '');
  for (let k = at - 1; k >= 0; k--) {
    const l = lines[k] ?? '';
    if (!l.trim() || indent(l) >= own) continue;
    return /^\s*class\s+(\w+)/.exec(l)?.[1];
  }
  return undefined;
}

/** Lines inside a Python triple-quoted string (a docstring's usage example is text, not code). */
function inTripleQuoted(lines: string[]): boolean[] {
  const out: boolean[] = [];
  let open: string | undefined;
  for (const l of lines) {
    out.push(open !== undefined);
    for (const m of l.matchAll(/"""|'''/g)) {
      if (open === undefined) open = m[0];
      else if (open === m[0]) open = undefined;
    }
  }
  return out;
}

/** A route decorator line (`@app.get(`, `@router.api_route(`). */
const ROUTE_DECORATOR = /^\s*@\w+(?:\.\w+)*\.(?:get|post|put|delete|patch|route|api_route)\(/;
/** ROUTE_DECORATOR on any line of a text (a prefilter, as COMMENTED_CODE_ANY_LINE). */
const ROUTE_DECORATOR_ANY_LINE = new RegExp(ROUTE_DECORATOR.source, 'm');

/** A route handler (decorated def) whose body is only pass / ... / a docstring. */
function passOnlyHandlers(lines: string[]): FileStub[] {
  const out: FileStub[] = [];
  const quoted = inTripleQuoted(lines);
  for (let i = 0; i < lines.length; i++) {
    if (quoted[i]) continue;
    if (!ROUTE_DECORATOR.test(lines[i]!)) continue;
    let j = i + 1;
    while (j < lines.length && /^\s*@/.test(lines[j]!)) j++;
    const def = /^(\s*)(?:async\s+)?def\s+(\w+)/.exec(lines[j] ?? '');
    if (!def) continue;
    // Skip to the end of the signature.
    while (j < lines.length && !/:\s*(?:#.*)?$/.test(lines[j]!)) j++;
    const indent = def[1]!.length;
    const body: { text: string; line: number }[] = [];
    for (let k = j + 1; k < lines.length; k++) {
      const l = lines[k]!;
      if (!l.trim() || /^\s*#/.test(l)) continue;
      if (/^(\s*)/.exec(l)![1]!.length <= indent) break;
      body.push({ text: l.trim(), line: k + 1 });
    }
    const stripped = body.filter(
      (b) => !/^(?:[rub]?"""[\s\S]*"""|[rub]?'''[\s\S]*'''|[rub]?"[^"]*"|[rub]?'[^']*')$/.test(b.text),
    );
    if (stripped.length === 1 && /^(?:pass|\.\.\.)$/.test(stripped[0]!.text)) {
      out.push({
        line: stripped[0]!.line,
        note: `route handler ${def[2]} has an empty body (${stripped[0]!.text})`,
      });
    }
  }
  return out;
}

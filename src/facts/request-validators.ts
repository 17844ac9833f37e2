// Hand-written request validators: a function of the service's own that checks a decoded request's fields and returns
// an error (Go `ValidateOrderRequest(&order)`, `validator.ValidateUserCreation(store, &req)`, `req.Validate()`),
// called where the handler decodes the body. No schema library, but the payload is checked before use.
import type { RepoIndex } from '../repo/index.js';
import type { Facts } from './index.js';
import { grepReached, reachedHolding } from './live-code.js';

export interface HandValidatorCall {
  /** The call in a handler that decodes a request body. */
  path: string;
  line: number;
  /** The validator's name and where it is written. */
  name: string;
  definedIn: string;
  definedAt: number;
}

/** A Go function or method named Validate…/validate… (the body is read up to the closing brace at column 0). */
const GO_VALIDATOR_DEF = /^func\s+(?:\(\s*\w+\s+\*?[\w.]+\s*\)\s*)?([Vv]alidate\w*)\s*\(/gm;
/**
 * A field check that rejects: `if … { return <something not nil>`, errors collected with append, or field errors
 * gathered in a validator object whose result is returned (`v.Required("email", u.Email)` … `return v.ErrorOrNil()`,
 * as zvalidate and similar collectors do).
 */
const GO_REJECTS =
  /\bif\b[^{\n]*\{\s*\n?\s*return\s+(?!nil\b)\S|\bappend\(\s*\w*[Ee]rr|\b\w+\.(?:Required|Len|Email|Append|Range|Contains|Include)\(\s*"[\w.-]+"\s*,[\s\S]*?\breturn\s+\w+\.(?:ErrorOrNil|Err|ToError|AsError)\(\s*\)/;
/** Reading a request body or form in a Go handler: a JSON decoder over the body, a decoding helper given the request
 * (`zhttp.Decode(r, &args)`, `h.dec.Decode(r, &args)`), a form decoder over the parsed form or query. */
const GO_BODY_DECODE =
  /\.NewDecoder\(\s*\w+(?:\.Request)?\.Body\s*\)|\bio(?:util)?\.ReadAll\(\s*\w+(?:\.Request)?\.Body\b|\bc\.(?:Bind\w*|ShouldBind\w*|BodyParser)\(|\bDecode\(\s*(?:r|req|request)\s*,\s*&\w+|\.Decode\(\s*(?:&\w+\s*,\s*)?(?:r|req)\.(?:PostForm|Form|URL\.Query\(\))/;

export function detectHandValidators(repo: RepoIndex, facts: Facts): HandValidatorCall | undefined {
  if (!facts.languages.all.has('go')) return undefined;
  const defs = new Map<string, { path: string; line: number }>();
  // GO_VALIDATOR_DEF starts at a top-level `func` of the code: a file holds one in its text or none in its code.
  for (const path of reachedHolding(facts, /^func\s/m, ['go']))
    for (const d of repo.fileMemo('hand-validators:defs', path, () => rejectingValidators(facts.code.text(path) ?? '')))
      if (!defs.has(d.name)) defs.set(d.name, { path, line: repo.lineAt(path, d.offset) });
  const names = [...defs.keys()];
  if (!names.length) return undefined;
  const call = new RegExp(`(?:^|[^\\w.]|\\.)(${names.join('|')})\\(`);
  const decoding = new Set(grepReached(facts, GO_BODY_DECODE, ['go']).map((h) => h.path));
  const hit = grepReached(facts, call, ['go']).find(
    (h) => decoding.has(h.path) && !/^\s*func\s/.test(h.text) && checksDecoded(repo, h.path, h.line, h.text),
  );
  if (!hit) return undefined;
  const name = hit.groups[1]!;
  const def = defs.get(name)!;
  return { path: hit.path, line: hit.line, name, definedIn: def.path, definedAt: def.line };
}

/** The validators a Go file's code defines whose bodies reject, in file order (the same in every component view). */
function rejectingValidators(text: string): { name: string; offset: number }[] {
  const out: { name: string; offset: number }[] = [];
  for (const m of text.matchAll(GO_VALIDATOR_DEF)) {
    const end = text.indexOf('\n}', m.index);
    if (GO_REJECTS.test(text.slice(m.index, end < 0 ? undefined : end))) out.push({ name: m[1]!, offset: m.index });
  }
  return out;
}

/**
 * Where a Go handler decodes into a variable: `Decode(&in)`, `Decode(r, &in)`, `Decode(r.URL.Query(), &in)`,
 * `ShouldBindJSON(&in)`, or into a pointer made before (`params := &MagicLinkParams{}` … `Decode(params)`).
 */
const GO_DECODE_TARGET =
  /\b(?:Decode|Bind\w*|ShouldBind\w*|Unmarshal|BodyParser)\((?:[^()\n]*(?:\([^()\n]*\)[^()\n,]*)?,\s*)?&?(\w+)\s*\)/g;

/**
 * The validator is called on what the enclosing function decoded (as receiver or argument): `in.Validate()`,
 * `ValidateSignup(&in)`. A check of something else in the same file (a proxy's IP against a trusted list, a setting)
 * does not validate the payload.
 */
function checksDecoded(repo: RepoIndex, path: string, line: number, text: string): boolean {
  const lines = repo.lines(path);
  let start = line - 1;
  while (start > 0 && !/^func\s/.test(lines[start] ?? '')) start--;
  const body = lines.slice(start, line).join('\n');
  const targets = new Set([...body.matchAll(GO_DECODE_TARGET)].map((m) => m[1]!));
  return [...targets].some((t) =>
    new RegExp(`(?:^|[^\\w.])${t}\\.\\w*[Vv]alidate\\w*\\(|[Vv]alidate\\w*\\([^)\\n]*\\b${t}\\b`).test(text),
  );
}

import { defineRule } from '../../src/sdk/index.js';
import type { Evidence } from '../../src/sdk/types.js';
import { inAbstractBase, liveFiles, liveMatches } from '../_lib/code-common.js';

const MAX_EVIDENCE = 10;

interface StubPattern {
  re: RegExp;
  label: string;
  langs: string[];
  /** Abstract base classes legitimately raise it. */
  abstractOk?: boolean;
}

const PATTERNS: StubPattern[] = [
  {
    re: /\braise\s+NotImplementedError\b/,
    label: 'raise NotImplementedError',
    langs: ['python', 'ruby'],
    abstractOk: true,
  },
  {
    re: /\bthrow\s+new\s+(?:Error|\w*Exception)\(\s*["'`](?:not\s+(?:yet\s+)?implemented|unimplemented|todo\b|implement\s+me|method\s+not\s+implemented)[^"'`]*["'`]/i,
    label: 'throw "not implemented"',
    langs: ['javascript', 'typescript'],
    abstractOk: true,
  },
  {
    re: /\bthrow\s+new\s+NotImplementedException\(|\bthrow\s+new\s+UnsupportedOperationException\(\s*"(?:not\s+(?:yet\s+)?implemented|todo|unimplemented)[^"]*"/i,
    label: 'throw NotImplemented/UnsupportedOperation',
    langs: ['java', 'kotlin'],
    abstractOk: true,
  },
  { re: /(?<![\w.])TODO\(\s*(?:"[^"]*")?\s*\)/, label: 'Kotlin TODO()', langs: ['kotlin'], abstractOk: true },
  {
    re: /\bpanic\(\s*"(?:not\s+(?:yet\s+)?implemented|todo|unimplemented|implement\s+me)[^"]*"\s*\)/i,
    label: 'panic("not implemented")',
    langs: ['go'],
  },
  // Endpoints that answer with a placeholder.
  {
    re: /\breturn\s*(?:JSONResponse\(\s*)?(?:jsonify\(\s*)?\{\s*["'](?:message|detail|status|result|msg|error)["']\s*:\s*["'](?:todo|not\s+(?:yet\s+)?implemented|coming\s+soon|placeholder|tbd)\b[^"']*["']/i,
    label: 'endpoint returns a TODO placeholder',
    langs: ['python'],
  },
  {
    re: /\breturn\s+["'](?:todo|not\s+(?:yet\s+)?implemented|coming\s+soon|placeholder)["']/i,
    label: 'returns a "not implemented" placeholder',
    langs: ['python', 'javascript', 'typescript', 'go', 'java', 'kotlin', 'ruby'],
  },
  {
    re: /\b(?:res|reply|ctx|c|response)\.(?:json|send|JSON|String|body)\(\s*(?:\w+\s*,\s*)?(?:\{\s*["']?(?:todo|message|status|error)["']?\s*:\s*(?:true|["'`](?:todo|not\s+(?:yet\s+)?implemented|coming\s+soon)[^"'`]*["'`])|["'`](?:todo|not\s+(?:yet\s+)?implemented)[^"'`]*["'`])/i,
    label: 'handler responds with a TODO placeholder',
    langs: ['javascript', 'typescript', 'go'],
  },
  {
    re: /\bstatus\(\s*501\s*\)|HTTP_501_NOT_IMPLEMENTED|StatusNotImplemented|HttpStatus\.NOT_IMPLEMENTED|status:\s*:not_implemented|status_code\s*=\s*501\b/,
    label: 'endpoint answers 501 Not Implemented',
    langs: ['python', 'javascript', 'typescript', 'go', 'java', 'kotlin', 'ruby'],
  },
  {
    re: /\brender\s+json:\s*\{\s*(?:todo|message|status):\s*["'](?:todo|not implemented)/i,
    label: 'action renders a TODO placeholder',
    langs: ['ruby'],
  },
];

export default defineRule({
  meta: {
    id: 'code.stubs',
    category: 'code',
    title: 'No unimplemented stubs on live code paths',
    severity: 'medium',
    level: 2,
    docs: {
      why: 'A stub that raises "not implemented" or returns a TODO placeholder is a feature that fails in production the first time a caller reaches it; it passes review because it compiles.',
      how:
        'Scans production source files reached from the service entrypoints (tests, test utilities, mocks/, stories, examples, scripts and generated gRPC stubs excluded) for: raise NotImplementedError (Python, Ruby), throw new Error("not implemented"/"TODO"), throw UnsupportedOperationException("Not implemented")/NotImplementedException, Kotlin TODO(), panic("not implemented"/"TODO"), route handlers whose body is only pass/..., and endpoints that answer a placeholder ({"message": "TODO"}, res.json({ todo: true }), return "not implemented", 501). ' +
        'Abstract methods and base classes are not stubs: @abstractmethod, ABC/Protocol/interface classes, abstract classes, Base*/Abstract* classes and classes that other classes extend are skipped. Each stub is listed with file:line (first 10, then a count).',
      fix: [
        'Implement the stub, or remove the route/feature until it is implemented.',
        'If the method is meant to be overridden, make it abstract (@abstractmethod, abstract class, interface) so the compiler or runtime enforces it.',
      ],
      effort: 'M',
    },
    messages: {
      found: '{{count}} unimplemented stub(s) on live code paths{{more}}.',
      clean: 'No unimplemented stubs in {{files}} live production files.',
    },
  },
  check(ctx) {
    const files = liveFiles(ctx);
    const stubs: Evidence[] = [];
    for (const { file: f, pattern: p, match: m } of liveMatches(ctx, files, PATTERNS)) {
      if (p.abstractOk && inAbstractBase(ctx, f.path, m.line)) continue;
      stubs.push(ctx.at(f.path, m.line, p.label));
    }
    // Evidence is sorted by file and line below, so these may follow the pattern hits.
    for (const f of files)
      if (f.lang === 'python') stubs.push(...passOnlyHandlers(ctx, f.path, ctx.repo.lines(f.path)));
    if (!stubs.length) {
      return ctx.pass(
        [
          ctx.missing(
            [
              'NotImplementedError',
              'not implemented throws',
              'panic("TODO")',
              'UnsupportedOperationException',
              'pass-only handlers',
              'TODO responses',
              '501',
            ],
            `none in ${files.length} live production files`,
          ),
        ],
        { messageId: 'clean', data: { files: files.length } },
      );
    }
    stubs.sort((a, b) => (a.path === b.path ? (a.line ?? 0) - (b.line ?? 0) : a.path < b.path ? -1 : 1));
    const more = stubs.length > MAX_EVIDENCE ? `, ${stubs.length - MAX_EVIDENCE} more not shown` : '';
    const evidence = stubs.slice(0, MAX_EVIDENCE);
    if (more) evidence.push(ctx.missing([], `${stubs.length - MAX_EVIDENCE} more stubs not shown`));
    return ctx.gap('found', evidence, { data: { count: stubs.length, more } });
  },
});

/** A route handler (decorated def) whose body is only pass / ... / a docstring. */
function passOnlyHandlers(ctx: Parameters<typeof liveFiles>[0], path: string, lines: string[]): Evidence[] {
  const out: Evidence[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*@\w+(?:\.\w+)*\.(?:get|post|put|delete|patch|route|api_route)\(/.test(lines[i]!)) continue;
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
      out.push(ctx.at(path, stripped[0]!.line, `route handler ${def[2]} has an empty body (${stripped[0]!.text})`));
    }
  }
  return out;
}

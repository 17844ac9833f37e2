// Helpers shared by the api.* rules: "used, not declared" and "wired, not just written" over the service model.
import type { Evidence, GrepMatch, LibraryUse, LibrarySpec, RuleContext } from '../../src/sdk/index.js';

export type LibSpec = LibrarySpec;

/** A library's standing (facts.deps.library) with its evidence as findings show it. */
export interface LibState extends Omit<LibraryUse, 'evidence'> {
  evidence: Evidence[];
}

function present(ctx: RuleContext, use: LibraryUse | undefined): LibState | undefined {
  return use && { ...use, evidence: use.evidence.map((e) => ctx.at(e.path, e.line, e.note)) };
}

/** The first library in use, else the most telling other state (unwired before unused), with evidence. */
export function firstLibrary(
  ctx: RuleContext,
  specs: LibSpec[],
): { used?: LibState; unwired?: LibState; unused?: LibState } {
  const f = ctx.facts.deps.firstLibrary(specs);
  return { used: present(ctx, f.used), unwired: present(ctx, f.unwired), unused: present(ctx, f.unused) };
}

/** Production source files split by whether the service reaches them (computed once per audit). */
function sourceSplit(ctx: RuleContext): {
  reached: { path: string; language?: string }[];
  unreached: { path: string; language?: string }[];
} {
  return ctx.repo.memo('api:source-split', () => {
    const live = ctx.facts.liveness;
    const prod = ctx.repo.files.filter((f) => f.kind === 'source' && !f.isTest && !f.tooLarge);
    return {
      reached: prod.filter((f) => live.isLive(f.path)),
      unreached: prod.filter((f) => !live.isLive(f.path)),
    };
  });
}

function grepIn(
  ctx: RuleContext,
  files: { path: string; language?: string }[],
  re: RegExp,
  languages?: string[],
): GrepMatch[] {
  const paths = files
    .filter((f) => !languages || (f.language !== undefined && languages.includes(f.language)))
    .map((f) => f.path);
  if (!paths.length) return [];
  return ctx.facts.code.grep(re, { paths });
}

/** Matches in production source files the service reaches, comments excluded. */
export function grepReached(ctx: RuleContext, re: RegExp, languages?: string[]): GrepMatch[] {
  return grepIn(ctx, sourceSplit(ctx).reached, re, languages);
}

/** Matches in production source files the service does NOT reach (written but never wired). */
export function grepUnreached(ctx: RuleContext, re: RegExp, languages?: string[]): GrepMatch[] {
  return grepIn(ctx, sourceSplit(ctx).unreached, re, languages);
}

/** Matches in config-like files (YAML, properties, conf, TOML ...) outside tests and fixtures of the audited repo. */
export function grepConfig(ctx: RuleContext, re: RegExp, include: string | string[]): GrepMatch[] {
  return ctx.facts.code.grep(re, { include }).filter((m) => !ctx.repo.get(m.path)?.isTest);
}

/** Lines of a function body starting at a line (the route registration or decorator), up to the next top-level definition. */
export function bodyFrom(ctx: RuleContext, file: string, line: number, max = 40): { text: string; lines: string[] } {
  const all = ctx.repo.lines(file);
  const out: string[] = [];
  const lang = ctx.repo.get(file)?.language;
  const indentOf = (l: string): number => /^\s*/.exec(l)![0].length;
  const base = indentOf(all[line - 1] ?? '');
  let inBody = false;
  let inSignature = false;
  for (let i = line - 1; i < Math.min(all.length, line - 1 + max); i++) {
    const l = all[i]!;
    if (lang === 'python') {
      // Decorators, then the def (its signature may span lines), then the indented body: stop at the first line back
      // at the decorator's indentation.
      if (i > line - 1 && inBody && l.trim() && indentOf(l) <= base) break;
      if (/^\s*(async\s+)?def\s/.test(l)) inSignature = true;
      if (inSignature && /:\s*(?:#.*)?$/.test(l)) {
        inSignature = false;
        inBody = true;
      }
    } else if (i > line - 1 && out.length > 1) {
      // Stop at the next route registration or top-level definition.
      if (
        /^\s*(@(Get|Post|Put|Delete|Patch)\b|\w+\.(get|post|put|delete|patch|GET|POST|Get|Post)\(\s*["'`]|func\s|export\s)/.test(
          l,
        )
      )
        break;
    }
    out.push(l);
  }
  return { text: out.join('\n'), lines: out };
}

/** The definition of a handler named in a route (Go/Express/Spring style), for inspecting what it does. */
export function handlerDefinition(
  ctx: RuleContext,
  name: string,
  from?: string,
): { file: string; line: number } | undefined {
  const simple = name.split('.').pop()!;
  if (!/^\w+$/.test(simple)) return undefined;
  const re = new RegExp(
    `^\\s*(?:func\\s+(?:\\([^)]*\\)\\s*)?${simple}\\s*\\(|(?:export\\s+)?(?:async\\s+)?function\\s+${simple}\\s*\\(|(?:export\\s+)?(?:const|let)\\s+${simple}\\s*=|(?:async\\s+)?def\\s+${simple}\\s*\\(|(?:public\\s+|private\\s+)?[\\w<>]+\\s+${simple}\\s*\\(|def\\s+${simple}\\b)`,
  );
  const hits = ctx.repo.grep(re, { kinds: ['source'] }).filter((m) => !ctx.repo.get(m.path)?.isTest);
  // `views.status` named in hc/api/urls.py is hc/api/views.py's status, not another module's.
  const qualifier = name.includes('.') ? name.split('.').slice(-2, -1)[0] : undefined;
  const dir = from?.includes('/') ? from.slice(0, from.lastIndexOf('/') + 1) : '';
  const hit =
    (qualifier &&
      hits.find((m) => m.path === `${dir}${qualifier}.py` || m.path === `${dir}${qualifier}/__init__.py`)) ||
    (qualifier && hits.find((m) => m.path.endsWith(`/${qualifier}.py`))) ||
    hits[0];
  return hit ? { file: hit.path, line: hit.line } : undefined;
}

/** Spring Boot application properties/YAML, flattened to dotted keys with their line. */
export function springProperties(ctx: RuleContext): Map<string, { value: string; file: string; line: number }> {
  return ctx.repo.memo('api:spring-properties', () => {
    const out = new Map<string, { value: string; file: string; line: number }>();
    for (const f of ctx.repo.glob([
      '**/src/main/resources/application*.{properties,yml,yaml}',
      'application*.{properties,yml,yaml}',
      'config/application*.{properties,yml,yaml}',
    ])) {
      const lines = ctx.repo.lines(f.path);
      if (f.path.endsWith('.properties')) {
        lines.forEach((l, i) => {
          const m = /^\s*([\w.\-[\]]+)\s*[=:]\s*(.*)$/.exec(l);
          if (m && !l.trim().startsWith('#')) out.set(m[1]!, { value: m[2]!.trim(), file: f.path, line: i + 1 });
        });
      } else {
        const stack: { indent: number; key: string }[] = [];
        lines.forEach((l, i) => {
          if (!l.trim() || l.trim().startsWith('#') || l.trim() === '---') return;
          // A YAML list under the current key: `include:\n  - health\n  - prometheus` → "health,prometheus".
          const item = /^(\s*)-\s+["']?([^"'#]+?)["']?\s*(#.*)?$/.exec(l);
          if (item && stack.length) {
            const key = stack.map((x) => x.key).join('.');
            const prev = out.get(key);
            out.set(key, {
              value: prev ? `${prev.value},${item[2]}` : item[2]!,
              file: f.path,
              line: prev?.line ?? i + 1,
            });
            return;
          }
          const m = /^(\s*)([\w.\-"']+)\s*:\s*(.*)$/.exec(l);
          if (!m) return;
          const indent = m[1]!.length;
          while (stack.length && stack[stack.length - 1]!.indent >= indent) stack.pop();
          const key = [...stack.map((s) => s.key), m[2]!.replace(/["']/g, '')].join('.');
          const value = m[3]!.replace(/\s+#.*$/, '').trim();
          if (value) out.set(key, { value: value.replace(/^["']|["']$/g, ''), file: f.path, line: i + 1 });
          else stack.push({ indent, key: m[2]!.replace(/["']/g, '') });
        });
      }
    }
    return out;
  });
}

/** Route paths that look like liveness/health checks. */
export const HEALTH_SEGMENT =
  /^_?(health|healthz|healthcheck|health[-_]check|livez|live|liveness|alive|ping|heartbeat|up|status|ht)$/i;
export const READY_SEGMENT = /^_?(ready|readyz|readiness|startup|startupz)$/i;

export function segments(p: string): string[] {
  return p
    .split('/')
    .filter(Boolean)
    .map((s) => s.replace(/\$$/, ''));
}

export function describeRoute(r: { method: string; fullPath: string }): string {
  return `${r.method} ${r.fullPath}`;
}

/** The production routes of the service (registered in reached files). */
export function reachedRoutes(ctx: RuleContext) {
  return ctx.facts.service.routes.filter((r) => r.reached);
}

/** What a route's handler does: the registration (decorator/inline handler) and, when it names a function, that function's body. */
export function routeBody(
  ctx: RuleContext,
  r: { file: string; line: number; handler?: string; framework: string },
): { text: string; file: string; line: number } {
  // Python handlers end where their indentation does: read enough of them (docstrings and multi-line decorators).
  const py = r.framework === 'python' || r.framework === 'flask' || r.framework === 'litestar';
  const reg = bodyFrom(ctx, r.file, r.line, r.framework === 'nextjs' || py ? 60 : 30);
  const regLine = ctx.repo.lines(r.file)[r.line - 1] ?? '';
  const named =
    py || r.framework === 'nestjs' || r.framework === 'nextjs'
      ? undefined
      : (r.handler ?? /,\s*(?:[\w$.]+\s*,\s*)*([\w$.]+)\s*\)+\s*;?\s*$/.exec(regLine)?.[1]);
  if (named && !/#/.test(named)) {
    const def = handlerDefinition(ctx, named, r.file);
    if (def) {
      const body = bodyFrom(ctx, def.file, def.line, 30);
      return { text: `${regLine}\n${body.text}`, file: def.file, line: def.line };
    }
  }
  // Object-style routes (hapi server.route({ method, path, handler }), fastify.route): the body ends with the object.
  if (/^\s*\{?\s*(method|path|url)\s*:/.test(regLine)) {
    const all = ctx.repo.lines(r.file);
    const indent = /^\s*/.exec(regLine)![0].length;
    const out: string[] = [];
    for (let i = r.line - 1; i < Math.min(all.length, r.line + 40); i++) {
      const l = all[i]!;
      if (i > r.line - 1 && l.trim() && /^\s*/.exec(l)![0].length < indent) break;
      out.push(l);
    }
    return { text: out.join('\n'), file: r.file, line: r.line };
  }
  // An inline handler registered on one line ends there: do not read the next registrations.
  if (
    (r.framework === 'go' && !/\{\s*$/.test(regLine)) ||
    (r.framework === 'node' &&
      /\)\s*;?\s*$/.test(regLine) &&
      !/=>\s*\{\s*$|function\s*\([^)]*\)\s*\{\s*$/.test(regLine))
  ) {
    return { text: regLine, file: r.file, line: r.line };
  }
  return { text: reg.text, file: r.file, line: r.line };
}

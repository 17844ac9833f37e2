// The fact layer's and the rules' own regular expressions must not backtrack super-linearly on what a repository can
// hold: one cubic C# method pattern (a lazy return type and `\s+` that could both take any blank of a long blanked
// comment, tried from every blank) made an audit never finish. Every regex literal of src/facts, src/repo and rules/
// is collected from the TypeScript syntax tree (no hand-kept list) and judged by ./regex-backtracking.ts: a cubic or
// worse pattern fails, unless it is allowed below with the reason it is harmless. Quadratic patterns pass: most
// unanchored searches that begin with `\w+` or `\s*` are quadratic on one long run, which lines keep short.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { backtracking } from '../regex-backtracking.js';

interface Literal {
  file: string;
  line: number;
  source: string;
  flags: string;
}

function regexLiterals(dirs: string[]): Literal[] {
  const out: Literal[] = [];
  const visitFile = (file: string): void => {
    const text = fs.readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node): void => {
      if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const t = (n as ts.RegularExpressionLiteral).text;
        const end = t.lastIndexOf('/');
        out.push({
          file: path.relative(ROOT, file),
          line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1,
          source: t.slice(1, end),
          flags: t.slice(end + 1),
        });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  };
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) visitFile(p);
    }
  };
  for (const d of dirs) walk(path.join(ROOT, d));
  return out;
}

/**
 * Hits judged harmless, by file and a piece of the pattern's source, with the reason. A pattern that stops hitting
 * must leave this list (the last test), so the list never hides a new pattern of the same file.
 */
const LINE_END =
  'run on one line at a time, where the lazy or greedy part can always reach the end of the line: the match cannot fail once the prefix matched, so the chains never backtrack';
const ALLOWED: { file: string; contains: string; why: string }[] = [
  { file: 'src/facts/ci.ts', contains: String.raw`[|>]?\s*(.*)$`, why: LINE_END },
  { file: 'src/facts/compose.ts', contains: String.raw`\s*=\s*(.*?)\s*$`, why: LINE_END },
  { file: 'src/facts/env-files.ts', contains: String.raw`\s*[=:]\s*(.*?)\s*$`, why: LINE_END },
  { file: 'src/facts/markdown.ts', contains: String.raw`^(#{1,6})\s+(.+?)\s*#*\s*$`, why: LINE_END },
  {
    file: 'src/facts/spring-config.ts',
    contains: String.raw`^(\s*)-\s+["']?([^"'#]+?)`,
    why: 'run on one YAML line; it can fail only on a quote inside the value, and is cubic only in a run of blanks inside that one line',
  },
  {
    file: 'src/facts/migrations.ts',
    contains: String.raw`:\s*\n(?:\s+.*\n?){1,`,
    why: 'the indented lines after a Liquibase change name: an indented line always completes the first iteration (.* takes the rest of the line), and the match ends there; without one, \\s+ fails at once',
  },
  {
    file: 'src/facts/secrets.ts',
    contains: String.raw`^(.)\1{3,}$`,
    why: 'a backreference the estimate cannot follow: one character repeated, anchored at both ends, one pass',
  },
  {
    file: 'src/facts/authn.ts',
    contains: String.raw`^\s*plug\s*(?:\(\s*)?(?:Guardian`,
    why: 'anchored at the start of one Elixir line and run on lines: the chain is `[\\w.]*\\.` against the module name after `plug`',
  },
  {
    file: 'src/facts/components.ts',
    contains: String.raw`\$\{\{\s*(?!matrix\.)([^}]*?)\s*\}\}`,
    why: 'starts at a `${{` of a workflow and ends at the next `}}`: the blanks between are those of one expression',
  },
  {
    file: 'src/facts/service.ts',
    contains: String.raw`Mapping\b(?:\(\s*(?:(?:value|path)`,
    why: 'starts at a Spring @…Mapping( annotation; `[^)]*` stops at the next `)`, which Java source always has soon after',
  },
  {
    file: 'src/facts/shell-values.ts',
    contains: String.raw`\bfor\s+(\w+)\s+in\s+([^;\n]*?)`,
    why: 'starts at a shell `for NAME in` and stays on its line ([^;\\n])',
  },
  {
    file: 'src/facts/signals.ts',
    contains: String.raw`[\w./-]*?([\w.-]+\.sh|`,
    why: 'run on one start command (a Procfile or manifest value), never on a whole file',
  },
  {
    file: 'src/facts/alerting.ts',
    contains: String.raw`[\s\S]*^\s*slos:`,
    why: 'starts at a `version: prometheus/v1` line of a Sloth file; quadratic in the blank lines after it, not cubic',
  },
];

describe('backtracking estimate', () => {
  it('sees the classic shapes', () => {
    expect(backtracking('^(a+)+$', '').degree).toBe(Number.POSITIVE_INFINITY);
    expect(backtracking(String.raw`(\s|\s)*x`, '').degree).toBe(Number.POSITIVE_INFINITY);
    expect(backtracking(String.raw`\w+\.`, '').degree).toBe(2);
    expect(backtracking(String.raw`^\w+\.`, '').degree).toBe(1);
    expect(backtracking(String.raw`x\s*\s*\s*y`, '').degree).toBe(3);
    expect(backtracking(String.raw`^(?:\w+\.)*\w+$`, '').degree).toBe(1);
    expect(backtracking('^[a-z]+$', 'i').degree).toBe(1);
  });

  it('finds the cubic C# method pattern and passes its linear rewrite', () => {
    const before = String.raw`(?:^|[\s;{}])(?:(?:public|private|static|async)\s+)*[\w<>[\],.?\s]+?\s+(\w+)\s*(?:<[^>()]*>)?\s*\(`;
    const after = String.raw`(?:^|[\s;{}])(?:(?:public|private|static|async)\s+)*[\w<>[\],.?](?:[\w<>[\],.? \t]*?[\w<>[\],.?])?\s+(\w+)\s*(?:<[^>()]*>)?\s*\(`;
    expect(backtracking(before, 'g').degree).toBeGreaterThanOrEqual(3);
    expect(backtracking(after, 'g').degree).toBeLessThan(3);
  });
});

describe("the fact layer's and the rules' regular expressions", () => {
  const literals = regexLiterals(['src/facts', 'src/repo', 'rules']);

  it('are collected from the sources', () => {
    expect(literals.length).toBeGreaterThan(1000);
  });

  it('backtrack at most quadratically (or are allowed, with a reason)', () => {
    const hits = literals
      .map((l) => ({ ...l, ...backtracking(l.source, l.flags) }))
      .filter((l) => l.degree >= 3)
      .filter((l) => !ALLOWED.some((a) => a.file === l.file && l.source.includes(a.contains)));
    const described = hits.map(
      (h) =>
        `${h.file}:${h.line} ${h.degree === Number.POSITIVE_INFINITY ? 'exponential' : `degree ${h.degree}`} on a run of ${JSON.stringify(h.character)}: /${h.source}/${h.flags}`,
    );
    expect(described).toEqual([]);
  });

  it('allows only patterns that still exist and still hit', () => {
    const stale = ALLOWED.filter(
      (a) =>
        !literals.some(
          (l) => l.file === a.file && l.source.includes(a.contains) && backtracking(l.source, l.flags).degree >= 3,
        ),
    );
    expect(stale).toEqual([]);
  });
});

// V8 flags changed after start-up must only tune heuristics that V8 reads afresh (sizes, budgets, growth factors).
// A flag that changes how already-compiled code runs (`--no-regexp-tier-up` did) crashed about one audit in a thousand
// with a segmentation fault: Node documents that such changes may crash.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/** Flags read each time V8 sizes a space, sets a heap limit or counts an interrupt budget, or makes a context. */
const HEURISTIC_FLAGS = new Set([
  'semi-space-growth-factor',
  'interrupt-budget',
  'heap-growing-percent',
  'expose-gc',
  'no-expose-gc',
]);

function sources(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && /\.(?:ts|js|mjs)$/.test(d.name))
    .map((d) => path.join(d.parentPath, d.name));
}

function flagsSetIn(text: string): string[] {
  return [...text.matchAll(/setFlagsFromString\(\s*[`'"]--([a-z-]+)/g)].map((m) => m[1]!);
}

describe('V8 flags changed at run time', () => {
  it('reads the flags a call sets', () => {
    expect(
      flagsSetIn("v8.setFlagsFromString('--no-regexp-tier-up'); v8.setFlagsFromString(`--heap-growing-percent=${n}`)"),
    ).toEqual(['no-regexp-tier-up', 'heap-growing-percent']);
  });

  it('are only heuristics, in the CLI entry and the sources', () => {
    const files = [...sources(path.join(ROOT, 'bin')), ...sources(path.join(ROOT, 'src'))];
    const set = files.flatMap((f) =>
      flagsSetIn(fs.readFileSync(f, 'utf8')).map((flag) => ({ file: path.relative(ROOT, f), flag })),
    );
    expect(set.length).toBeGreaterThan(0);
    expect(set.filter((s) => !HEURISTIC_FLAGS.has(s.flag))).toEqual([]);
  });
});

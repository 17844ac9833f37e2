import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { literalEndings } from '../../src/repo/index.js';

describe('literalEndings (the string test before a glob regex)', () => {
  it('reads the plain characters a glob ends with, and the alternatives of a final brace', () => {
    expect(literalEndings('**/*.py')).toEqual(['.py']);
    expect(literalEndings('**/Dockerfile')).toEqual(['Dockerfile']);
    expect(literalEndings('**/*compose*.{yml,yaml}')).toEqual(['.yml', '.yaml']);
    expect(literalEndings('**/*.[jt]s')).toEqual(['s']);
  });

  it('gives none where the ending is not plain: wildcards, escapes, negations, extglobs, ranges, one-item braces', () => {
    for (const g of [
      'docs/**',
      '**/Dockerfile.*',
      '**/*.\\{a,b}',
      '!**/*.py',
      '**/+(a|b).js',
      '**/*.{1..3}',
      '**/x.{a}',
      '**/*.{,a}',
    ])
      expect(literalEndings(g), g).toBeUndefined();
  });

  it('never rules out a path picomatch matches', () => {
    const globs = [
      '**/*.py',
      '**/*.{yml,yaml}',
      '**/Dockerfile',
      '*.gemspec',
      'packages/*/package.json',
      '**/.env',
      '**/*.[jt]s',
    ];
    const paths = [
      'a.py',
      'a/b.py',
      '.py',
      'a/.py',
      'a.py/',
      'x/y.yaml',
      'x/y.yml/',
      'Dockerfile',
      'a/Dockerfile',
      'a.gemspec',
      'packages/x/package.json',
      '.env',
      'a/.env',
      'a/b.ts',
      'a/b.js',
      '../a/b.py',
      './a.py',
      'a//b.py',
      'a/../b.py',
    ];
    for (const g of globs) {
      const re = picomatch.makeRe(g, { dot: true, windows: false });
      const endings = literalEndings(g)!;
      for (const p of paths)
        if (re.test(p))
          expect(
            endings.some((e) => p.endsWith(e) || p.replace(/\/$/, '').endsWith(e)),
            `${g} ${p}`,
          ).toBe(true);
    }
  });
});

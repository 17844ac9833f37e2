import { describe, expect, it } from 'vitest';
import { LiteralScanner } from '../../src/repo/literal-scan.js';
import { escapeRegExp } from '../../src/repo/text.js';
import { RepoIndex } from '../../src/repo/index.js';
import { LITERAL_CATALOG } from '../../src/repo/literal-catalog.js';
import { literalPlanOf, prefilterFor, prefilterOf, residualOf } from '../../src/repo/prefilter.js';
import { RepoView } from '../../src/repo/view.js';

const CATALOG = [
  { literal: 'helmet', ci: false },
  { literal: 'Helmet', ci: false },
  { literal: 'sslmode=', ci: false },
  { literal: 'sslmode', ci: false },
  { literal: 'mode', ci: true },
  { literal: 'VACUUM', ci: true },
  { literal: 'sk_live_', ci: false },
  { literal: 'he', ci: false },
  { literal: 'she', ci: false },
  { literal: 'hers', ci: true },
  { literal: 'line\nnext', ci: false },
  { literal: 'k8s', ci: true },
];

/** What a regex of the literal (with the `i` flag, and with `iu`) says: the scanner must never say less. */
function regexFinds(literal: string, ci: boolean, text: string): boolean {
  return new RegExp(escapeRegExp(literal), ci ? 'iu' : 'u').test(text);
}

describe('LiteralScanner', () => {
  const scanner = new LiteralScanner(CATALOG);
  const found = (text: string): string[] => {
    const bits = scanner.scan(text);
    return CATALOG.filter(({ literal, ci }) => {
      const id = scanner.idOf(literal, ci)!;
      return (bits[id >>> 5]! & (1 << (id & 31))) !== 0;
    }).map(({ literal, ci }) => `${ci ? 'i:' : ''}${literal}`);
  };

  it('finds overlapping literals and checks case where the regex would', () => {
    expect(found('ushers use HELMET and helmet')).toEqual(['helmet', 'he', 'she', 'i:hers']);
    expect(found('app.use(Helmet())')).toEqual(['Helmet']);
    expect(found('?SSLMODE=require')).toEqual(['i:mode']);
    expect(found('?sslmode=require')).toEqual(['sslmode=', 'sslmode', 'i:mode']);
    expect(found('vacuum into')).toEqual(['i:VACUUM']);
    expect(found('a line\nnext one')).toEqual(['line\nnext']);
    expect(found('no match at all')).toEqual([]);
  });

  it('folds the Kelvin sign and the long s as a `iu` regex does', () => {
    expect(regexFinds('k8s', true, '\u212a8\u017f')).toBe(true);
    expect(found('\u212a8\u017f')).toEqual(['i:k8s']);
  });

  it('agrees with the regex of each literal on mixed texts', () => {
    const texts = [
      'HeLmEt sslMode= she said HERS',
      'x'.repeat(100) + 'sk_live_abc',
      'SK_LIVE_ is not sk_live_ in case',
      'ümlaut hélmet mode',
      '',
    ];
    for (const text of texts)
      for (const { literal, ci } of CATALOG) {
        const id = scanner.idOf(literal, ci)!;
        const bits = scanner.scan(text);
        expect((bits[id >>> 5]! & (1 << (id & 31))) !== 0, `${literal} in ${text}`).toBe(regexFinds(literal, ci, text));
      }
  });
});

describe('the automaton image (written next to the bundle, read instead of building)', () => {
  const catalog = LITERAL_CATALOG.map(([literal, ci]) => ({ literal, ci: ci === 1 }));
  const built = new LiteralScanner(catalog);
  const image = built.image();

  it('reads back to the same automaton, which finds what the built one finds', () => {
    const read = new LiteralScanner(catalog, image);
    expect(Buffer.from(read.image()).equals(Buffer.from(image))).toBe(true);
    const texts = [
      'import helmet from "helmet"; app.use(helmet()); // sslmode=require',
      'FROM node:20-alpine\nHEALTHCHECK CMD curl -f http://localhost/health || exit 1',
      'apiVersion: apps/v1\nkind: Deployment\nlivenessProbe:\n  httpGet: { path: /healthz }',
      'ümlaut \u212a k8s KUBERNETES',
    ];
    for (const text of texts) expect([...read.scan(text)]).toEqual([...built.scan(text)]);
    // The texts find something, so the comparison is not of empty sets.
    expect(built.scan(texts[0]!).some((w) => w !== 0)).toBe(true);
  });

  it('is ignored for another catalog, or when cut short, and the automaton is built', () => {
    const small = new LiteralScanner(CATALOG, image);
    expect(Buffer.from(small.image()).equals(Buffer.from(new LiteralScanner(CATALOG).image()))).toBe(true);
    const cut = new LiteralScanner(catalog, image.subarray(0, image.length - 4));
    expect(Buffer.from(cut.image()).equals(Buffer.from(image))).toBe(true);
    const other = catalog.map((c, i) => (i === 7 ? { ...c, ci: !c.ci } : c));
    const flipped = new LiteralScanner(other, image);
    expect(Buffer.from(flipped.image()).equals(Buffer.from(new LiteralScanner(other).image()))).toBe(true);
  });
});

describe('prefilters answered from the literal scan', () => {
  it('give the prefilter regex answer for every catalog prefilter on fixture-like texts', () => {
    const patterns = [
      /\.backup\s*\(\s*\w+|\bVACUUM\s+INTO\b/i,
      /(?:\breturn\b|\bres\.json\()\s*[^\n]*["'`][^"'`\n]*\b(?:mock|fake|dummy)\s+(?:response|data)\b/i,
      /\b(?:app|router)\.(get|post)\s*\(\s*["'`](\/[^"'`]*)["'`]/,
    ];
    const texts = ['db.backup( x )', 'VACUUM into', 'return "a fake data"', 'return 1', "router.get('/x')", ''];
    const repo = RepoIndex.fromMemory(Object.fromEntries(texts.map((t, i) => [`f${i}.js`, t])));
    let planned = 0;
    for (const re of patterns) {
      const pre = prefilterFor(re, 100)!;
      if (literalPlanOf(pre)) planned++;
      texts.forEach((t, i) => {
        expect(repo.prefilterPasses(pre, `f${i}.js`, t), `${re} on ${t}`).toBe(pre.test(t));
      });
    }
    // The generated catalog holds the literals of the audit's own patterns (the route call above is one).
    expect(LITERAL_CATALOG.length).toBeGreaterThan(100);
    expect(planned).toBeGreaterThan(0);
    expect(prefilterOf(/\bzzqqxx_not_in_catalog\b/) && literalPlanOf(prefilterOf(/\bzzqqxx_not_in_catalog\b/)!)).toBe(
      undefined,
    );
  });
});

describe('candidate files from the literal postings', () => {
  it('are the selected files, in order, whose text the prefilter passes — in the index and in a component view', () => {
    const patterns = [
      /\.backup\s*\(\s*\w+|\bVACUUM\s+INTO\b/i,
      /(?:\breturn\b|\bres\.json\()\s*[^\n]*["'`][^"'`\n]*\b(?:mock|fake|dummy)\s+(?:response|data)\b/i,
      /\b(?:app|router)\.(get|post)\s*\(\s*["'`](\/[^"'`]*)["'`]/,
    ];
    const texts = ['db.backup( x )', 'VACUUM into', 'return "a fake data"', 'return 1', "router.get('/x')", ''];
    const files: Record<string, string> = {};
    texts.forEach((t, i) => {
      files[`web/f${i}.js`] = t;
      files[`api/g${i}.js`] = t;
    });
    const repo = RepoIndex.fromMemory(files);
    const view = new RepoView(repo, { base: 'web', mounts: ['api/g2.js', 'api/g4.js'] });
    let planned = 0;
    for (const index of [repo, view])
      for (const re of patterns) {
        const pre = prefilterFor(re, 100)!;
        if (literalPlanOf(pre)) planned++;
        const rest = residualOf(pre);
        const got = index
          .candidates(index.files, pre)
          .filter((f) => !rest || rest.test(index.read(f.path)!))
          .map((f) => f.path);
        const want = index.files.filter((f) => pre.test(index.read(f.path)!)).map((f) => f.path);
        expect(got, `${re}`).toEqual(want);
        expect(want.length).toBeGreaterThan(0);
        for (const f of index.files)
          expect(index.prefilterPasses(pre, f.path, index.read(f.path)!)).toBe(pre.test(index.read(f.path)!));
      }
    expect(planned).toBeGreaterThan(0);
  });
});

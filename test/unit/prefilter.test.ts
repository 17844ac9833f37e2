import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  alternativeLiterals,
  alternativePlanOf,
  alternativesOf,
  deriveEntry,
  derivedTable,
  literalPlanOf,
  prefilterFor,
  prefilterOf,
  setDerivedTable,
  requiredLiteralAlternatives,
  requiredLiteralSets,
  requiredLiterals,
  tailOf,
  testFormOf,
} from '../../src/repo/prefilter.js';
import { RepoIndex } from '../../src/repo/index.js';

const PATTERNS: RegExp[] = [
  /\b(?:roles?|is_admin|isAdmin|scopes?|permissions?|\w*(?:Rights|Roles))\b[^\n]{0,60}?(?:!=|!==|\.includes\()|\b(?:requireRole|has_role)\s*\(/,
  /^(?!\s*\/\/).*?(?:\bNestFactory\.create\w*\s*[(<]|\.listen\s*\(|\bcreateServer\s*\()/m,
  /\.backup\s*\(\s*\w+|\bVACUUM\s+INTO\b/i,
  /^\s*(schedule|cron)\s*:/m,
  /\b(pg_dump|mysqldump|restic|velero|redis-cli\s+(?:--rdb|bgsave))\b/,
  /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["']express["']/,
  /HEALTHCHECK|healthcheck:/i,
  /\b(?:app|router)\.(get|post)\s*\(\s*["'`](\/[^"'`]*)["'`]/,
  /(?:DATABASE_URL|postgres(?:ql)?:\/\/)/i,
  /\bFROM\s+\S+\s+AS\s+(\w+)/i,
  /\bdef\s+\w*restore\w*\s*\(/i,
  /LOG_LEVEL|logging\.basicConfig|getLogger\(/,
  /(?:\breturn\b|\bres\.json\()\s*[^\n]*["'`][^"'`\n]*\b(?:mock|fake|dummy)\s+(?:response|data)\b/i,
  /\bimport\s+\w+\s+from\s+["']express["']/,
  /(?:\bbcrypt\.hash\s*\()|(?:^\s*import\s*\{[^}]*\}\s*from\s*["'](?:express|fastify)["'])|\bapp\.listen\(/m,
];

function fixtureTexts(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && fs.statSync(p).size < 200_000) out.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(path.resolve('fixtures/_repos'));
  return out;
}

describe('literal prefilters', () => {
  it('require the literals every match contains: runs of characters, all alternatives of a group', () => {
    expect(requiredLiterals(/\.backup\s*\(\s*\w+|\bVACUUM\s+INTO\b/i)).toEqual(['.backup', 'VACUUM']);
    expect(requiredLiterals(/^\s*(schedule|cron)\s*:/)).toEqual(['schedule', 'cron']);
    expect(requiredLiterals(/a(?=bcd)xyz/)).toEqual(['xyz']);
    expect(requiredLiterals(/(?<![A-Za-z0-9])((?:sk|rk)_live_[0-9a-zA-Z]{24,})/)).toEqual(['_live_']);
    expect(requiredLiterals(/(?:retry)+|backoff/)).toEqual(['retry', 'backoff']);
  });

  it('a pattern of one alternative asks for two of its required parts: both must occur in a file', () => {
    const re = /(?:\breturn\b|\bres\.json\()\s*[^\n]*["'`][^"'`\n]*\b(?:mock|fake)\s+(?:response|data)\b/;
    expect(requiredLiteralSets(re)).toEqual([
      ['return', 'res.json('],
      ['mock', 'fake'],
    ]);
    expect(requiredLiterals(re)).toEqual(['return', 'res.json(']);
    const pre = prefilterOf(re)!;
    expect(pre.test('function f() {\n  return 1;\n}\n')).toBe(false);
    expect(pre.test('const mock = 1;\n')).toBe(false);
    expect(pre.test('function f() {\n  return "fake data";\n}\n')).toBe(true);
    expect(requiredLiteralSets(/deploy|rollout/)).toEqual([['deploy', 'rollout']]);
  });

  it('a pattern of several alternatives asks one alternative for all of its parts', () => {
    const re = /(?:\bbcrypt\.hash\s*\()|(?:^\s*import\s*\{[^}]*\}\s*from\s*["'](?:argon2|bcryptjs)["'])/m;
    expect(requiredLiteralAlternatives(re)).toEqual([[['bcrypt.hash']], [['import'], ['argon2', 'bcryptjs']]]);
    // The union of the alternatives' first parts is what requiredLiteralSets gives, and the prefilter's source.
    expect(requiredLiteralSets(re)).toEqual([['bcrypt.hash', 'import']]);
    const pre = prefilterOf(re)!;
    expect(pre.source).toBe('bcrypt\\.hash|import');
    // `import` alone, in every module, no longer lets the file through.
    expect(pre.test('import { x } from "./x";\n')).toBe(false);
    expect(pre.test('import { hash } from "argon2";\n')).toBe(true);
    expect(pre.test('await bcrypt.hash(pw, 10);\n')).toBe(true);
    // Alternatives of one part each ask no more than their union.
    expect(requiredLiteralAlternatives(/deploy|rollout/)).toEqual([[['deploy']], [['rollout']]]);
  });

  it("a group's alternatives that all require one literal of their union ask for it alone", () => {
    const name = 'healthHandler';
    const re = new RegExp(
      `^\\s*(?:func\\s+${name}\\s*\\(|(?:async\\s+)?function\\s+${name}\\s*\\(|def\\s+${name}\\b)`,
      'm',
    );
    expect(requiredLiteralSets(re)).toEqual([[name]]);
    expect(prefilterOf(re)!.source).toBe(name);
    expect(prefilterOf(re)!.test('function other() {}\n')).toBe(false);
    // `import`, required by both but in neither's best set, would let more files through than the union: not asked.
    expect(requiredLiteralSets(/\b(?:from\s+unittest\.mock\s+import|import\s+unittest\b)/)).toEqual([
      ['unittest.mock', 'unittest'],
    ]);
  });

  it('a test form leaves out a leading `\\b\\w*` before a word character, with the answers of the pattern', () => {
    const re = /\b\w*(?:[Ll]ogin|[Ss]ign_?[Ii]n)_?(?:[Ee]vent|[Ll]og)\w*(?:[Rr]epo|[Ss]tore)\s*\.\s*save\w*\s*\(/;
    expect(testFormOf(re).source).toBe(re.source.slice(String.raw`\b\w*`.length));
    const forms: RegExp[] = [re, /\b\w*log\.(?:Init|Scoped)\s*\(/m, /\b\w*[A-Z_]+TIMEOUT\b/i];
    const texts = [
      ...fixtureTexts(),
      'await this.loginEventRepo.save(e)',
      'x=userSignInLogStore . saveAll (x)',
      '#login_event_store.save(1)',
      'LoginEvent.save()',
      'zap.log.Init(cfg)',
      'const readTimeout = 1; HTTP_TIMEOUT=3',
    ];
    let matched = 0;
    for (const pattern of forms) {
      expect(testFormOf(pattern)).not.toBe(pattern);
      for (const t of texts)
        expect(testFormOf(pattern).test(t), `${pattern} on ${t.slice(0, 60)}`).toBe(pattern.test(t));
      matched += texts.filter((t) => pattern.test(t)).length;
    }
    expect(matched).toBeGreaterThan(5);
    // Its own form: several alternatives, a part after the run that may start with another character, a lazy run.
    for (const other of [
      /\b\w*log\.x|y/,
      /\b\w*\.save\(/,
      /\b\w*?log\./,
      /\b\w*(?:log|\.x)/,
      /\b\w*[\w.]log/,
      /\b\w+log/,
    ])
      expect(testFormOf(other)).toBe(other);
  });

  it('give up where a match may hold no literal: optional parts, short words, classes, back-references', () => {
    for (const re of [/(?:deploy)?\w+/, /\bin\b|deploy/, /[a-z]+\d/, /(\w+)=\1/, /deploy|.*/, /x/v])
      expect(requiredLiterals(re)).toBeUndefined();
  });

  it('never rejects a text the pattern matches (every fixture file, every pattern, the pattern flags kept)', () => {
    const texts = fixtureTexts();
    let matched = 0;
    for (const re of PATTERNS) {
      const pre = prefilterOf(re);
      expect(pre, re.source).toBeDefined();
      const flags = re.flags.includes('i') ? 'i' : '';
      expect(pre!.flags).toBe(flags);
      const full = new RegExp(re.source, re.flags.replace('g', ''));
      const missed = texts.filter((t) => full.test(t) && !pre!.test(t));
      matched += texts.filter((t) => full.test(t)).length;
      expect(missed).toEqual([]);
    }
    expect(matched).toBeGreaterThan(50);
  });

  it("a pattern's tail after its last unbounded run is asked for too, however few the files", () => {
    const re = /(?:\breturn\b|\bres\.json\()\s*[^\n]*["'`][^"'`\n]*\b(?:mock|fake)\s+(?:response|data)\b/i;
    expect(tailOf(re)?.source).toBe('\\b(?:mock|fake)\\s+(?:response|data)\\b');
    expect(tailOf(re)?.flags).toBe('im');
    // No tail: none after the run, a plain literal (a literal set already), a back-reference, several alternatives.
    for (const r of [/foo.*/, /foo.*bar/, /(\w+)=.*\1x/, /a.*\bxyz\b|b/]) expect(tailOf(r), r.source).toBeUndefined();
    // One long line of `return`s holding "fake" but no fake response: rejected without running the pattern.
    const bundled = `${'return "a fake";'.repeat(2000)}\n`;
    expect(prefilterFor(re, 1)?.test(bundled)).toBe(false);
    expect(prefilterFor(re, 100)?.test(bundled)).toBe(false);
    expect(prefilterFor(re, 1)?.test('return "fake data";\n')).toBe(true);
    // Every fixture text the pattern matches passes its tail.
    const texts = fixtureTexts();
    for (const p of PATTERNS) {
      const tail = tailOf(p);
      if (!tail) continue;
      const full = new RegExp(p.source, `${p.flags.replace(/[gm]/g, '')}m`);
      expect(
        texts.filter((t) => full.test(t) && !tail.test(t)),
        p.source,
      ).toEqual([]);
    }
  });

  it('split a pattern into its top-level alternatives, read through groups that make a whole alternative', () => {
    const re = /(?:\bpg_dump\s+-F)|(?:restic|velero)\s+backup|(\.backup)\(/gi;
    const alternatives = alternativesOf(re)!;
    expect(
      Array.from({ length: alternatives.length }, (_, i) => [alternatives.at(i).source, alternatives.at(i).flags]),
    ).toEqual([
      ['\\bpg_dump\\s+-F', 'i'],
      ['(?:restic|velero)\\s+backup', 'i'],
      ['(\\.backup)\\(', 'i'],
    ]);
    // The table written next to the bundle holds the same sources, so they are not parsed at run time.
    expect(deriveEntry(re)[3]).toEqual(['\\bpg_dump\\s+-F', '(?:restic|velero)\\s+backup', '(\\.backup)\\(']);
    // One alternative, or back-references an alternative alone could lose: the pattern is run whole.
    for (const r of [/pg_dump\s+-F/, /(\w+)=\1|restic/, /(?<n>a)\k<n>|b/])
      expect(alternativesOf(r), r.source).toBeUndefined();
  });

  it("a file is asked only by the alternatives its literals allow, with the pattern's own answer", () => {
    const re = /\b(?:pg_dump|mysqldump)\b[^\n]*>|(?:restic|velero)\s+-r\b|\bcreateServer\s*\(\s*\w+\s*\)/m;
    const files: Record<string, string> = {
      'dump.sh': 'pg_dump -Fc db > out.sql\n',
      'words.md': 'We use restic, velero and pg_dump; see createServer.\n',
      'server.js': 'const s = http.createServer( app);\n',
      'plain.txt': 'nothing here\n',
    };
    for (let i = 0; i < 16; i++) files[`more/${i}.sh`] = i % 2 ? `velero -r ${i}\n` : `restic ${i}\n`;
    const repo = RepoIndex.fromMemory(files);
    const pre = prefilterOf(re)!;
    expect(literalPlanOf(pre)?.alternatives).toHaveLength(3);
    for (const [p, text] of Object.entries(files)) {
      repo.mayMatch(re, p, text);
      expect(repo.test(re, pre, p, text), p).toBe(re.test(text));
    }
    const matching = Object.keys(files).filter((p) => re.test(files[p]!));
    expect(matching).toContain('server.js');
    expect(
      repo
        .grep(re)
        .map((m) => m.path)
        .sort(),
    ).toEqual(matching.sort());
    // Every fixture text answers as the pattern does, for every pattern of several alternatives.
    const texts = fixtureTexts();
    const fixtures = RepoIndex.fromMemory(Object.fromEntries(texts.map((t, i) => [`f${i}.txt`, t])));
    for (const r of PATTERNS.filter((x) => alternativesOf(x))) {
      const test = new RegExp(r.source, r.flags.replace('g', ''));
      const p = prefilterOf(r);
      const differ = texts.filter((t, i) => {
        fixtures.mayMatch(r, `f${i}.txt`, t);
        return fixtures.test(test, p, `f${i}.txt`, t) !== test.test(t);
      });
      expect(differ, r.source).toEqual([]);
    }
  });

  it("a pattern without a prefilter is asked by the alternatives a file's literals allow, one needing none always", () => {
    // An alternative without a literal of three characters, and a union of more literals than a prefilter takes.
    const re = /\bpg_dump\b[^\n]*>|\blt\s*:\s*(?!\d)|(?:restic|velero)\s+-r\b/m;
    const wide = new RegExp(`${Array.from({ length: 45 }, (_, i) => `\\bword${i}x\\b`).join('|')}|\\bpg_dump\\b`);
    expect(prefilterOf(re)).toBeUndefined();
    expect(prefilterOf(wide)).toBeUndefined();
    expect(alternativeLiterals(re)).toEqual([[['pg_dump']], [], [['restic', 'velero']]]);
    expect(alternativeLiterals(wide)).toHaveLength(46);
    // None for a pattern with a prefilter or of one alternative.
    for (const r of [/deploy|rollout/, /\blt\s*:/]) expect(alternativeLiterals(r), r.source).toBeUndefined();
    // The table next to the bundle holds them and the alternatives' sources.
    expect(deriveEntry(re).slice(3)).toEqual([
      ['\\bpg_dump\\b[^\\n]*>', '\\blt\\s*:\\s*(?!\\d)', '(?:restic|velero)\\s+-r\\b'],
      alternativeLiterals(re),
    ]);
    expect(alternativePlanOf(re, undefined)?.needs.map((n) => n.length)).toEqual([1, 0, 1]);
    // Its words are not in the literal catalog: 45 of its 46 alternatives would be run over every file, one by one.
    expect(alternativePlanOf(wide, undefined)).toBeUndefined();
    const files: Record<string, string> = {
      'dump.sh': 'pg_dump -Fc db > out.sql\n',
      'query.ts': 'db.rows.findMany({ where: { at: { lt: cutoff } } });\n',
      'limit.ts': 'const page = { lt:10 };\n',
      'words.md': 'We use restic and pg_dump, with lt: 5.\n',
      'backup.sh': 'restic -r s3:bucket backup /data\n',
    };
    // Files the index has not scanned for literals yet are scanned when first asked.
    const repo = RepoIndex.fromMemory(files);
    for (const [p, text] of Object.entries(files)) expect(repo.test(re, undefined, p, text), p).toBe(re.test(text));
    const matching = Object.keys(files).filter((p) => re.test(files[p]!));
    expect(matching.sort()).toEqual(['backup.sh', 'dump.sh', 'query.ts', 'words.md']);
    expect(
      RepoIndex.fromMemory(files)
        .grep(re)
        .map((m) => m.path)
        .sort(),
    ).toEqual(matching);
    // A prefilter asked for a pattern of other flags (the configuration validators' `m` copy of an `i` pattern): each
    // pattern runs its own alternatives.
    const ci = /\bVACUUM\s+INTO\b|^\s*(?:schedule|cron)\s*:/im;
    const shared = prefilterOf(ci)!;
    expect(alternativePlanOf(ci, shared)?.needs).toHaveLength(2);
    const loud = { 'jobs.yml': 'CRON: "0 3 * * *"\n' };
    const index = RepoIndex.fromMemory(loud);
    expect(index.test(new RegExp(ci.source, 'm'), shared, 'jobs.yml', loud['jobs.yml'])).toBe(false);
    expect(index.test(ci, shared, 'jobs.yml', loud['jobs.yml'])).toBe(true);
    // Every fixture text answers as the pattern does.
    const texts = fixtureTexts();
    const fixtures = RepoIndex.fromMemory(Object.fromEntries(texts.map((t, i) => [`f${i}.txt`, t])));
    for (const r of [re, wide, PATTERNS[0]!]) {
      const differ = texts.filter((t, i) => fixtures.test(r, undefined, `f${i}.txt`, t) !== r.test(t));
      expect(differ, r.source).toEqual([]);
    }
  });

  it('grep finds the same matches with the prefilter as the pattern alone', () => {
    const repo = RepoIndex.fromMemory({
      'a.ts': 'const x = 1;\n// nothing\n',
      'b.py': 'import os\n\ndef restore_backup(path):\n    pass\n',
      'c.sh': 'PG_DUMP=1\npg_dump -Fc db > x\n',
    });
    expect(repo.grep(/\bdef\s+\w*restore\w*\s*\(/i).map((m) => [m.path, m.line])).toEqual([['b.py', 3]]);
    expect(repo.grep(/\b(pg_dump|mysqldump)\b/).map((m) => [m.path, m.line, m.groups[1]])).toEqual([
      ['c.sh', 2, 'pg_dump'],
    ]);
    expect(repo.grep(/PG_DUMP|pg_dump/i).map((m) => m.line)).toEqual([1, 2]);
  });
});

describe('the table of derived prefilters (written next to the bundle at build time)', () => {
  it('gives the prefilters and tails derivation gives', () => {
    // Each pattern is derived before the table is set; its `g` copy is then looked up in the table (the flag changes
    // neither the literals nor the tail, and the in-process caches hold the copy under its own flags).
    const copies = PATTERNS.map((re) => new RegExp(re.source, `${re.flags}g`));
    for (const re of PATTERNS) prefilterFor(re, 100);
    setDerivedTable(copies.map(deriveEntry));
    try {
      const texts = [
        ...fixtureTexts().slice(0, 200),
        'if (user.roles != null) app.listen(3000)',
        'return res.json("a fake data set")',
      ];
      let tailed = 0;
      PATTERNS.forEach((re, i) => {
        const fromTable = prefilterFor(copies[i]!, 100);
        const derived = prefilterFor(re, 100);
        expect(fromTable?.source, re.source).toBe(derived?.source);
        expect(fromTable?.flags, re.source).toBe(derived?.flags);
        if (!derived) return;
        expect(literalPlanOf(fromTable!)?.alternatives, re.source).toEqual(literalPlanOf(derived)?.alternatives);
        expect(literalPlanOf(fromTable!)?.tail?.source, re.source).toBe(literalPlanOf(derived)?.tail?.source);
        if (literalPlanOf(derived)?.tail) tailed++;
        for (const t of texts) expect(fromTable!.test(t), re.source).toBe(derived.test(t));
      });
      expect(tailed).toBeGreaterThan(0);
    } finally {
      setDerivedTable(null);
    }
  });

  it('reads back from its bytes the entries it was written from', () => {
    const re = /\bunlisted_twice_[a-z]+\s*=\s*\d+/;
    // A raw tab in the source (a key is written as it is) and a `g` flag (the key leaves it out).
    const tab = String.fromCharCode(9);
    const tabbed = new RegExp(`(?:call_it|phone_it)${tab}[^\\n]*done`, 'g');
    const image = derivedTable([
      deriveEntry(tabbed),
      ['/two\nlines', [[['never_read']]], 0],
      [`${re.flags}/${re.source}`, [[['zzq_marker']]], 0],
    ]);
    expect(image.includes('never_read')).toBe(false);
    setDerivedTable(image);
    try {
      expect(prefilterOf(re)?.source).toBe('zzq_marker');
      const plain = new RegExp(tabbed.source, '');
      expect(prefilterFor(tabbed, 100)?.source).toBe(prefilterFor(plain, 100)?.source);
      expect(literalPlanOf(prefilterFor(tabbed, 100)!)?.tail?.source).toBe(
        literalPlanOf(prefilterFor(plain, 100)!)?.tail?.source,
      );
    } finally {
      setDerivedTable(null);
    }
  });

  it('finds each of its keys among those that share its bucket', () => {
    const patterns = Array.from({ length: 40 }, (_, i) => new RegExp(`\\bunlisted_bucket${i}_[a-z]+\\s*=`));
    setDerivedTable(derivedTable(patterns.map((re, i) => [`/${re.source}`, [[[`zzq_bucket${i}_`]]], 0])));
    try {
      for (const [i, re] of patterns.entries()) expect(prefilterOf(re)?.source).toBe(`zzq_bucket${i}_`);
      expect(prefilterOf(/\bunlisted_bucket_none_[a-z]+\s*=/)?.source).not.toMatch(/^zzq_/);
    } finally {
      setDerivedTable(null);
    }
  });

  it('holds a pattern for its copies with the m, g or y flag a search adds', () => {
    const re = /\bunlisted_flagged_[a-z]+\s*=\s*\d+/i;
    setDerivedTable([[`i/${re.source}`, [[['zzq_flagged']]], 0]]);
    try {
      for (const flags of ['im', 'gim', 'iy'])
        expect(prefilterOf(new RegExp(re.source, flags))?.source).toBe('zzq_flagged');
      expect(prefilterOf(new RegExp(re.source, 'm'))?.source).not.toBe('zzq_flagged');
    } finally {
      setDerivedTable(null);
    }
  });

  it('is what the prefilter is made of when it holds the pattern', () => {
    const re = /\bunlisted_[a-z]+\s*=\s*\d+/;
    setDerivedTable([[`${re.flags}/${re.source}`, [[['zzq_marker']]], 0]]);
    try {
      expect(prefilterOf(re)?.source).toBe('zzq_marker');
    } finally {
      setDerivedTable(null);
    }
  });
});

// Readiness documents beside mini-projects: fixtures/_claims/<case>/ holds a status, planning or checklist document
// (and any code of its own); <case>.expect.yaml names the mini-project of fixtures/_repos/ it sits beside (`repo`)
// and pins, per document line, what the line says, the checks it maps to and the verdict.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { claimsOf } from '../../src/commands/claims.js';
import { runAuditPipeline } from '../../src/pipeline/audit.js';
import { FIXTURES, REPOS, tempDir } from '../helpers.js';

const CLAIMS = path.join(FIXTURES, '_claims');

interface Expected {
  repo?: string;
  docs?: string[];
  claims: { line: number; doc?: string; says: string; verdict: string; checks?: string[] }[];
  /** Lines that must not be claims (prose, group headings). */
  notClaims?: number[];
}

const cases = fs
  .readdirSync(CLAIMS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const made: string[] = [];
afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

for (const name of cases) {
  describe(`fixtures/_claims/${name}`, () => {
    const expected = YAML.parse(fs.readFileSync(path.join(CLAIMS, `${name}.expect.yaml`), 'utf8')) as Expected;
    it('judges every pinned claim', () => {
      const dir = tempDir('readiness-claims-');
      made.push(dir);
      if (expected.repo) fs.cpSync(path.join(REPOS, expected.repo), dir, { recursive: true });
      fs.cpSync(path.join(CLAIMS, name), dir, { recursive: true });
      const result = claimsOf(runAuditPipeline({ dir }), expected.docs);
      const doc = result.documents.length === 1 ? result.documents[0]!.doc : undefined;
      const actual = expected.claims.map((e) => {
        const c = result.claims.find((x) => x.line === e.line && (!e.doc || x.doc === e.doc));
        return c
          ? { line: e.line, says: c.says, verdict: c.verdict, checks: e.checks ? [...c.checks].sort() : undefined }
          : { line: e.line, missing: `no claim at line ${e.line} of ${e.doc ?? doc}` };
      });
      expect(actual).toEqual(
        expected.claims.map((e) => ({
          line: e.line,
          says: e.says,
          verdict: e.verdict,
          checks: e.checks ? [...e.checks].sort() : undefined,
        })),
      );
      for (const l of expected.notClaims ?? []) expect(result.claims.map((c) => c.line)).not.toContain(l);
      // Every refutation names the evidence it rests on.
      for (const c of result.claims.filter((x) => x.verdict === 'refuted'))
        expect(c.evidence.length).toBeGreaterThan(0);
    });
  });
}

// `readiness claims` and the claims block of `audit`, run as a user runs them: the built CLI on a mini-project with
// its own status document.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPOS, runCli, tempDir } from '../helpers.js';

const STATUS = [
  '# Launch status', // 1
  '',
  '## Done', // 3
  '',
  '- ✅ Rate limiting on every route', // 5
  '- ✅ OpenAPI documentation', // 6
  '',
  '## Missing', // 8
  '',
  '- ❌ Dockerfile', // 10
  '- ❌ Structured logging', // 11
].join('\n');

let dir: string;
beforeAll(() => {
  dir = tempDir('readiness-claims-e2e-');
  fs.cpSync(path.join(REPOS, 'fastapi-bare'), dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'STATUS.md'), STATUS);
  fs.mkdirSync(path.join(dir, 'notes'));
  fs.writeFileSync(path.join(dir, 'notes', 'wishlist.md'), '# Wishes\n\n- Tracing: done\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('readiness claims', () => {
  it('text: per document the counts, then each refuted claim with its line and the evidence', async () => {
    const r = await runCli(['claims', dir]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('STATUS.md  4 claims: 1 refuted, 3 confirmed');
    expect(r.stdout).toMatch(/✗ refuted\s+L5 ✅ Rate limiting on every route/);
    expect(r.stdout).toMatch(/api\.rate-limit: No rate limiting/);
    expect(r.stdout).not.toContain('L6 ');
    const verbose = await runCli(['claims', dir, '-v']);
    expect(verbose.stdout).toMatch(/✓ confirmed\s+L6 /);
  });

  it('json: {documents, claims: [{doc, line, text, says, checks, verdict, evidence}]}', async () => {
    const r = await runCli(['claims', dir, '-f', 'json']);
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(r.stdout) as { claims: Record<string, unknown>[] };
    expect(out.claims.map((c) => [c.doc, c.line, c.says, c.verdict, c.checks])).toEqual([
      ['STATUS.md', 5, 'present', 'refuted', ['api.rate-limit']],
      ['STATUS.md', 6, 'present', 'confirmed', ['api.docs']],
      ['STATUS.md', 10, 'absent', 'confirmed', ['container.dockerfile']],
      ['STATUS.md', 11, 'absent', 'confirmed', ['obs.logging']],
    ]);
    expect((out.claims[0]!.evidence as unknown[]).length).toBeGreaterThan(0);
  });

  it('sarif: one result per refuted claim, anchored at the document line', async () => {
    const r = await runCli(['claims', dir, '-f', 'sarif']);
    const log = JSON.parse(r.stdout) as {
      version: string;
      runs: { results: { ruleId: string; locations: { physicalLocation: Record<string, any> }[] }[] }[];
    };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]!.results).toHaveLength(1);
    const loc = log.runs[0]!.results[0]!.locations[0]!.physicalLocation;
    expect([loc.artifactLocation.uri, loc.region.startLine]).toEqual(['STATUS.md', 5]);
  });

  it('markdown: a table of refuted, partial and outdated claims', async () => {
    const r = await runCli(['claims', dir, '-f', 'markdown']);
    expect(r.stdout).toContain('| 5 | ✅ Rate limiting on every route | present | refuted |');
  });

  it('--docs reads exactly the documents named (repeatable)', async () => {
    const r = await runCli(['claims', dir, '--docs', 'notes/*.md', '-f', 'json']);
    const out = JSON.parse(r.stdout) as { claims: { doc: string; line: number; verdict: string }[] };
    expect(out.claims.map((c) => [c.doc, c.line, c.verdict])).toEqual([['notes/wishlist.md', 3, 'refuted']]);
  });

  it('a bad format is a one-line error with exit 2', async () => {
    const r = await runCli(['claims', dir, '-f', 'junit']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/unknown format "junit"/);
    expect(r.stderr).not.toMatch(/at .*\.js/);
  });
});

describe('audit and claims', () => {
  it('prints a one-line summary and puts the claims in its JSON; the document changes no finding', async () => {
    const text = await runCli(['audit', dir, '--no-history']);
    expect(text.stdout).toContain('claims: 1 document, 4 claims: 1 refuted, 3 confirmed');
    const json = JSON.parse((await runCli(['audit', dir, '--no-history', '-f', 'json'])).stdout) as {
      claims: { verdict: string }[];
      findings: { ruleId: string; status: string }[];
    };
    expect(json.claims.map((c) => c.verdict)).toEqual(['refuted', 'confirmed', 'confirmed', 'confirmed']);
    const bare = JSON.parse(
      (await runCli(['audit', path.join(REPOS, 'fastapi-bare'), '--no-history', '-f', 'json'])).stdout,
    ) as { claims?: unknown; findings: { ruleId: string; status: string }[] };
    expect(bare.claims).toBeUndefined();
    expect(json.findings.map((f) => [f.ruleId, f.status])).toEqual(bare.findings.map((f) => [f.ruleId, f.status]));
  });

  it('html lists the refuted claim', async () => {
    const out = path.join(dir, 'report.html');
    await runCli(['audit', dir, '--no-history', '-f', `html:${out}`]);
    const html = fs.readFileSync(out, 'utf8');
    expect(html).toContain("Claims of the project's documents (4)");
    expect(html).toContain('<code>STATUS.md:5</code>');
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAuditPipeline } from '../../src/pipeline/audit.js';
import { LITERAL_CATALOG } from '../../src/repo/literal-catalog.js';
import { builtLiterals, withPrefilters } from '../../src/repo/prefilter.js';

// A stale catalog costs speed, never findings (a prefilter with a literal outside it runs as a regex): this test is
// what tells a pattern was added or changed without `npm run gen:literals`. It audits the fixture repositories with a
// prefilter on every search, as the generator does (which also audits every fixture case), and asks the catalog for
// every literal those prefilters are made of.
describe('the literal catalog (src/repo/literal-catalog.ts)', () => {
  it('holds every literal of the prefilters an audit of the fixture repositories builds', () => {
    const repos = path.resolve('fixtures/_repos');
    const dirs = fs
      .readdirSync(repos, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => path.join(repos, e.name));
    expect(dirs.length).toBeGreaterThan(20);
    withPrefilters('always', () => {
      for (const dir of dirs) runAuditPipeline({ dir, now: new Date('2026-01-01T00:00:00Z') });
    });
    const catalog = new Set(LITERAL_CATALOG.map(([l, ci]) => `${ci}${l}`));
    const built = builtLiterals();
    expect(built.length).toBeGreaterThan(100);
    const missing = built.filter(([l, ci]) => !catalog.has(`${ci}${l}`)).map(([l, ci]) => `${l}${ci ? ' (i)' : ''}`);
    expect(missing, 'literals missing from the catalog: run `npm run gen:literals`').toEqual([]);
  }, 600_000);
});

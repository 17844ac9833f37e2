// Literal prefilters (src/repo/prefilter.ts) only skip files a pattern cannot match: every fixture repository gets the
// same findings with a prefilter before every search as with none, rule by rule and component by component.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRules } from '../../src/engine/run.js';
import { Facts } from '../../src/facts/index.js';
import { type PrefilterMode, withPrefilters } from '../../src/repo/prefilter.js';
import { RepoIndex } from '../../src/repo/index.js';
import { rules } from '../../rules/index.js';
import { REPOS } from '../helpers.js';

const repos = fs
  .readdirSync(REPOS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

/** Each finding as rule@component → everything but its duration. */
function findingsOf(dir: string, mode: PrefilterMode): Map<string, unknown> {
  return withPrefilters(mode, () => {
    const facts = new Facts(RepoIndex.fromDirectory(dir));
    const { findings } = runRules({ repo: facts.repo, rules, facts });
    return new Map(findings.map(({ durationMs: _, ...f }) => [`${f.ruleId}@${f.component ?? ''}`, f]));
  });
}

describe('prefilters do not change findings', () => {
  it('covers the fixture repositories', () => {
    expect(repos.length).toBeGreaterThan(10);
  });
  for (const name of repos)
    it(`fixtures/_repos/${name}`, () => {
      const dir = path.join(REPOS, name);
      const plain = findingsOf(dir, 'never');
      const filtered = findingsOf(dir, 'always');
      expect(plain.size).toBeGreaterThan(0);
      expect(Object.fromEntries(filtered)).toEqual(Object.fromEntries(plain));
    });
});

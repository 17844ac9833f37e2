// Whole mini-projects under fixtures/_repos/: the verdicts a careful reviewer would give, pinned per repository
// in fixtures/_repos/<name>.expect.yaml. A map of rule id → pass | gap | n/a pins the repository's verdicts: every
// rule of a repository with one component, the repository-wide rules of one with several. `components:` pins each
// component by id: its attributes (path, kind, stack, target, deployed) and its verdicts (rule id → status); a
// repository with several components lists every one of them.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';
import { runRules } from '../../src/engine/run.js';
import { rules } from '../../rules/index.js';
import { REPOS } from '../helpers.js';

const repos = fs.existsSync(REPOS)
  ? fs
      .readdirSync(REPOS, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort()
  : [];

const ATTRIBUTES = ['path', 'kind', 'stack', 'target', 'deployed'] as const;
type Pins = Record<string, string | boolean>;

for (const name of repos) {
  const expectFile = path.join(REPOS, `${name}.expect.yaml`);
  describe(`fixtures/_repos/${name}`, () => {
    it('has pinned verdicts', () => {
      expect(fs.existsSync(expectFile), `${name}.expect.yaml is missing`).toBe(true);
    });
    if (!fs.existsSync(expectFile)) return;
    const { components: byComponent, ...repository } = (YAML.parse(fs.readFileSync(expectFile, 'utf8')) ??
      {}) as Record<string, string> & { components?: Record<string, Pins> };
    it('gives the pinned verdict for every listed rule and component', () => {
      expect(
        Object.keys(repository).length + Object.keys(byComponent ?? {}).length,
        `${name}.expect.yaml pins no verdict`,
      ).toBeGreaterThan(0);
      const facts = new Facts(RepoIndex.fromDirectory(path.join(REPOS, name)));
      const { findings, components } = runRules({ repo: facts.repo, rules, facts });
      const single = components.length === 1;
      const verdict = (id: string, component: string | null) =>
        findings.find((f) => f.ruleId === id && (f.component === component || (single && component === null)))
          ?.status ?? 'missing';
      const actual: Record<string, unknown> = Object.fromEntries(
        Object.keys(repository).map((id) => [id, verdict(id, null)]),
      );
      const expected: Record<string, unknown> = { ...repository };
      if (byComponent || !single) {
        expected.components = byComponent ?? {};
        actual.components = Object.fromEntries(
          components.map((c) => {
            const pins = byComponent?.[c.id] ?? {};
            return [
              c.id,
              Object.fromEntries(
                Object.keys(pins).map((k) =>
                  (ATTRIBUTES as readonly string[]).includes(k)
                    ? [k, c[k as (typeof ATTRIBUTES)[number]]]
                    : [k, verdict(k, c.id)],
                ),
              ),
            ];
          }),
        );
      }
      expect(actual).toEqual(expected);
      expect(findings.filter((f) => f.status === 'error').map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    });
  });
}

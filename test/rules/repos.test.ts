// Whole mini-projects under fixtures/_repos/: the verdicts a careful reviewer would give, pinned per repository
// in fixtures/_repos/<name>.expect.yaml (a map of rule id → pass | gap | n/a).
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPOS, auditDir } from '../helpers.js';

const repos = fs.existsSync(REPOS)
  ? fs
      .readdirSync(REPOS, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort()
  : [];

for (const name of repos) {
  const expectFile = path.join(REPOS, `${name}.expect.yaml`);
  describe(`fixtures/_repos/${name}`, () => {
    it('has pinned verdicts', () => {
      expect(fs.existsSync(expectFile), `${name}.expect.yaml is missing`).toBe(true);
    });
    if (!fs.existsSync(expectFile)) return;
    const expected = (YAML.parse(fs.readFileSync(expectFile, 'utf8')) ?? {}) as Record<string, string>;
    it('gives the pinned verdict for every listed rule', () => {
      expect(Object.keys(expected).length, `${name}.expect.yaml pins no verdict`).toBeGreaterThan(0);
      const findings = auditDir(path.join(REPOS, name));
      const actual = Object.fromEntries(
        Object.keys(expected).map((id) => [id, findings.find((f) => f.ruleId === id)?.status ?? 'missing']),
      );
      expect(actual).toEqual(expected);
      expect(findings.filter((f) => f.status === 'error').map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    });
  });
}

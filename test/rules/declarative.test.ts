// Declarative checks (`checks:` in .readiness.yml) through the same fixture driver as built-in rules: each folder under
// fixtures/_checks/ is a small repository whose own config declares one check, and its name says the expected verdict.
// Every condition kind, every composition and every `when:` applicability has a passing and a failing (or n/a) case.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONDITION_KINDS } from '../../src/config/checks-schema.js';
import { checkCase, fixtureCases } from '../../src/engine/fixture-driver.js';
import { auditRegistry, loadAuditConfig } from '../../src/pipeline/audit.js';
import { builtInRules } from '../../src/pipeline/registry.js';
import { FIXTURES } from '../helpers.js';

const DIR = path.join(FIXTURES, '_checks');
const cases = fixtureCases(DIR);

describe('declarative checks: fixture cases', () => {
  for (const c of cases)
    it(c.name, () => {
      const config = loadAuditConfig(c.dir);
      const own = auditRegistry([], config);
      expect(own).toHaveLength(1);
      const result = checkCase(c, own[0]!);
      expect(result.problems, JSON.stringify(result.finding, null, 2)).toEqual([]);
      expect(result.finding!.ruleId).toBe(own[0]!.meta.id);
    });

  it('every condition kind has a passing and a failing case', () => {
    const text = (name: string) => fs.readFileSync(path.join(DIR, name, '.readiness.yml'), 'utf8');
    const uses = (kind: string, status: 'pass' | 'gap') =>
      cases.some((c) => c.expected === status && new RegExp(`^\\s*-?\\s*${kind}:`, 'm').test(text(c.name)));
    const missing = CONDITION_KINDS.flatMap((k) =>
      (['pass', 'gap'] as const).filter((s) => !uses(k, s)).map((s) => `${s} ${k}`),
    );
    expect(missing).toEqual([]);
  });

  it('a check runs like a built-in: same registry entry shape, its source named', () => {
    const config = loadAuditConfig(path.join(DIR, 'pass-file-exists'));
    const [rule] = auditRegistry(builtInRules, config).slice(-1);
    expect(rule!.meta.source).toEqual({ kind: 'config', name: path.join(DIR, 'pass-file-exists', '.readiness.yml') });
    expect(rule!.meta.scope).toBe('repository');
    expect(rule!.meta.docs.fix).toEqual(['see the platform handbook']);
  });
});

// One meta-test over every rule: the registry, the catalog, docs and fixtures must agree.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { FIXTURES, ROOT } from '../helpers.js';
// @ts-expect-error plain ESM script without types
import { generateRulesIndex } from '../../scripts/gen-rules-index.mjs';

interface CatalogCheck {
  id: string;
  category: string;
  level: number;
  severity: string;
}
// The product spec gives obs.dashboards `category: obs` where every other check says `observability`: the catalog is
// kept equal to the spec, and `obs` is read as the observability category.
const CATEGORY_ALIASES: Record<string, string> = { obs: 'observability' };
const catalog = (
  YAML.parse(fs.readFileSync(path.join(ROOT, 'docs/checks.yaml'), 'utf8')) as { checks: CatalogCheck[] }
).checks.map((c) => ({ ...c, category: CATEGORY_ALIASES[c.category] ?? c.category }));

describe('rule registry', () => {
  it('rules/index.ts is generated from the rules/ folder and fresh', () => {
    expect(fs.readFileSync(path.join(ROOT, 'rules/index.ts'), 'utf8')).toBe(generateRulesIndex());
  });

  // The product spec lives beside the checkout in the workspace (one or two levels up), not in CI: there the test is
  // reported skipped instead of passing without looking.
  const spec = [
    path.join(ROOT, '..', 'shared', 'spec', 'checks.yaml'),
    path.join(ROOT, '..', '..', 'shared', 'spec', 'checks.yaml'),
  ].find((p) => fs.existsSync(p));
  it.skipIf(!spec)('the vendored catalog equals the product spec (in the workspace)', () => {
    expect(YAML.parse(fs.readFileSync(path.join(ROOT, 'docs/checks.yaml'), 'utf8'))).toEqual(
      YAML.parse(fs.readFileSync(spec!, 'utf8')),
    );
  });

  it('rules import only the SDK, rules/_lib and Node built-ins (never the engine, the CLI or a fact module directly)', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.ts') && e.name !== 'index.ts') {
          for (const m of fs.readFileSync(p, 'utf8').matchAll(/^\s*(?:import|export)[^;]*?from\s+'([^']+)'/gm)) {
            const spec = m[1]!;
            const ok =
              spec.startsWith('node:') ||
              /^\.\.?\/(_lib\/)?[\w-]+\.js$/.test(spec) ||
              /^(\.\.\/)+src\/sdk\/(index|types)\.js$/.test(spec) ||
              /^\.\.\/_lib\/[\w-]+\.js$/.test(spec);
            if (!ok) offenders.push(`${path.relative(ROOT, p)} imports ${spec}`);
          }
        }
      }
    };
    walk(path.join(ROOT, 'rules'));
    expect(offenders).toEqual([]);
  });

  // Same concept, same message id: a report, a waiver or a plan that keys on a message id reads "set up but never
  // wired" and "declared but not used" the same way for every rule.
  it('a template saying "never wired/applied" is neverWired, one saying "declared … but not used" is declaredNotUsed', () => {
    const CONCEPTS: [id: string, says: RegExp][] = [
      ['neverWired', /\bbut never (?:wired|applied)\b/i],
      ['declaredNotUsed', /\bdeclared\b[^.:]*\bbut not used\b/i],
    ];
    const offenders: string[] = [];
    for (const r of rules)
      for (const [id, template] of Object.entries(r.meta.messages as Record<string, string>))
        for (const [concept, says] of CONCEPTS) {
          if (says.test(template) && id !== concept) offenders.push(`${r.meta.id}.${id} says ${concept}: ${template}`);
          if (id === concept && !says.test(template)) offenders.push(`${r.meta.id}.${id} does not say it: ${template}`);
        }
    expect(offenders).toEqual([]);
  });

  it('rule ids are unique', () => {
    const ids = rules.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('every catalog check has exactly one built-in rule, and every rule is a catalog check', () => {
    const count = new Map<string, number>();
    for (const r of rules) count.set(r.meta.id, (count.get(r.meta.id) ?? 0) + 1);
    const catalogIds = catalog.map((c) => c.id);
    expect(catalogIds.filter((id) => count.get(id) !== 1)).toEqual([]);
    expect([...count.keys()].filter((id) => !catalogIds.includes(id))).toEqual([]);
    expect(rules.length).toBe(catalogIds.length);
  });
});

for (const rule of rules) {
  const m = rule.meta;
  describe(m.id, () => {
    it('matches its catalog entry (category, level, severity)', () => {
      const c = catalog.find((x) => x.id === m.id);
      expect(c, `${m.id} is not in docs/checks.yaml`).toBeDefined();
      expect({ category: m.category, level: m.level, severity: m.severity }).toEqual({
        category: c!.category,
        level: c!.level,
        severity: c!.severity,
      });
    });

    it('lives at rules/<prefix>/<name>.ts', () => {
      const [prefix, name] = m.id.split('.');
      expect(fs.existsSync(path.join(ROOT, 'rules', prefix!, `${name}.ts`))).toBe(true);
    });

    it('declares where it is judged: per component or for the repository (meta.scope)', () => {
      expect(['component', 'repository'], `${m.id} declares no scope`).toContain(m.scope);
    });

    it('has docs and messages', () => {
      expect(m.title.length).toBeGreaterThan(5);
      expect(m.docs.why.length).toBeGreaterThan(10);
      expect(m.docs.how.length).toBeGreaterThan(10);
      expect(m.docs.fix.length).toBeGreaterThan(0);
      expect(Object.keys(m.messages).length).toBeGreaterThan(0);
    });

    const caseNames = (): string[] => {
      const dir = path.join(FIXTURES, m.id);
      expect(fs.existsSync(dir), `fixtures/${m.id}/ is missing`).toBe(true);
      return fs.readdirSync(dir).filter((n) => fs.statSync(path.join(dir, n)).isDirectory());
    };

    it('has fixture cases: a pass and a gap', () => {
      const cases = caseNames();
      expect(cases.some((c) => c.startsWith('pass-'))).toBe(true);
      expect(cases.some((c) => c.startsWith('gap-'))).toBe(true);
    });

    if (m.requires?.length)
      it(`has an n/a fixture case (it requires ${m.requires.join(', ')})`, () => {
        expect(caseNames().some((c) => c.startsWith('na-'))).toBe(true);
      });
  });
}

// One generic driver for every rule's fixture cases: fixtures/<rule-id>/<status>-<case>/ is a small repository,
// the case-name prefix is the expected status, and an optional <case>.expect.yaml beside it pins details.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASE_PREFIX_STATUS, PINNABLE, readExpect, seenThrough } from '../../src/engine/fixture-driver.js';
import type { Finding } from '../../src/sdk/types.js';
import { FIXTURES, findingFor, ruleById } from '../helpers.js';

/**
 * Message ids no fixture case produces yet (as ESLint's no-unused-message-ids, every template must be shown to be
 * reachable): known debt, to be paid by adding a case. A new message needs a case; a listed one that a case now
 * produces must leave the list.
 */
const UNPRODUCED_MESSAGES: Record<string, string[]> = {};

const PREFIX_STATUS = CASE_PREFIX_STATUS;

const ruleDirs = fs
  .readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
  .map((d) => d.name)
  .sort();

for (const ruleId of ruleDirs) {
  const dir = path.join(FIXTURES, ruleId);
  const cases = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  describe(ruleId, () => {
    // Each case is audited once; its tests read the same finding.
    const findings = new Map<string, Finding>();
    const findingOf = (name: string): Finding => {
      if (!findings.has(name)) findings.set(name, findingFor(path.join(dir, name), ruleId));
      return findings.get(name)!;
    };
    for (const name of cases) {
      const prefix = name.split('-')[0]!;
      const status = PREFIX_STATUS[prefix];
      it(name, () => {
        expect(status, `case ${name} must start with pass-, gap-, na- or error-`).toBeDefined();
        const finding = findingOf(name);
        expect(finding.status, `${finding.message}\n${JSON.stringify(finding.evidence, null, 2)}`).toBe(status);
        expect(finding.message.length).toBeGreaterThan(0);
      });
      if (status === 'pass' || status === 'gap')
        it(`${name}: the verdict carries evidence`, () => {
          expect(findingOf(name).evidence.length).toBeGreaterThan(0);
        });
      const expectFile = path.join(dir, `${name}.expect.yaml`);
      if (fs.existsSync(expectFile))
        it(`${name}: matches ${name}.expect.yaml`, () => {
          const exp = readExpect(expectFile);
          expect(
            Object.keys(exp).filter((k) => !(PINNABLE as readonly string[]).includes(k)),
            'unknown keys in the expect file',
          ).toEqual([]);
          expect(Object.keys(exp).length, 'the expect file pins nothing').toBeGreaterThan(0);
          // The finding seen through the keys the file pins: equal to the file when every pinned detail holds.
          const seen = seenThrough(findingOf(name), exp);
          expect(seen).toEqual(exp);
        });
    }
    it('every message template is produced by a case', () => {
      const produced = new Set(cases.filter((c) => PREFIX_STATUS[c.split('-')[0]!]).map((c) => findingOf(c).messageId));
      const known = UNPRODUCED_MESSAGES[ruleId] ?? [];
      const missing = Object.keys(ruleById(ruleId).meta.messages).filter((m) => !produced.has(m));
      expect(
        missing.filter((m) => !known.includes(m)),
        `messages of ${ruleId} no case under fixtures/${ruleId}/ produces: add a case for each (or remove the message)`,
      ).toEqual([]);
      expect(
        known.filter((m) => !missing.includes(m)),
        `a case now produces these: remove them from UNPRODUCED_MESSAGES['${ruleId}']`,
      ).toEqual([]);
    });
  });
}

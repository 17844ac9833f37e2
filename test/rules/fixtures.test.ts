// One generic driver for every rule's fixture cases: fixtures/<rule-id>/<status>-<case>/ is a small repository,
// the case-name prefix is the expected status, and an optional <case>.expect.yaml beside it pins details.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/sdk/types.js';
import { FIXTURES, findingFor } from '../helpers.js';

/** What a <case>.expect.yaml may pin. */
const PINNABLE = ['messageId', 'confidence', 'message', 'evidence'];

const PREFIX_STATUS: Record<string, string> = { pass: 'pass', gap: 'gap', na: 'n/a', error: 'error' };

interface Expect {
  messageId?: string;
  confidence?: 'high' | 'low';
  message?: string;
  evidence?: { path: string; line?: number }[];
}

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
          const exp = YAML.parse(fs.readFileSync(expectFile, 'utf8')) as Expect;
          expect(
            Object.keys(exp).filter((k) => !PINNABLE.includes(k)),
            'unknown keys in the expect file',
          ).toEqual([]);
          expect(Object.keys(exp).length, 'the expect file pins nothing').toBeGreaterThan(0);
          const f = findingOf(name);
          const found = (e: { path: string; line?: number }) =>
            f.evidence.some((x) => x.path === e.path && (e.line === undefined || x.line === e.line));
          // The finding seen through the keys the file pins: equal to the file when every pinned detail holds.
          const seen = {
            ...('messageId' in exp ? { messageId: f.messageId } : {}),
            ...('confidence' in exp ? { confidence: f.confidence } : {}),
            ...('message' in exp ? { message: f.message.includes(exp.message!) ? exp.message : f.message } : {}),
            ...('evidence' in exp
              ? { evidence: exp.evidence!.map((e) => (found(e) ? e : { notFoundIn: f.evidence, wanted: e })) }
              : {}),
          };
          expect(seen).toEqual(exp);
        });
    }
  });
}

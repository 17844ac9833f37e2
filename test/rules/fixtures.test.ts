// One generic driver for every rule's fixture cases: fixtures/<rule-id>/<status>-<case>/ is a small repository,
// the case-name prefix is the expected status, and an optional <case>.expect.yaml beside it pins details.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { FIXTURES, findingFor } from '../helpers.js';

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
    for (const name of cases) {
      const prefix = name.split('-')[0]!;
      const status = PREFIX_STATUS[prefix];
      it(name, () => {
        expect(status, `case ${name} must start with pass-, gap-, na- or error-`).toBeDefined();
        const finding = findingFor(path.join(dir, name), ruleId);
        expect(finding.status, `${finding.message}\n${JSON.stringify(finding.evidence, null, 2)}`).toBe(status);
        expect(finding.message.length).toBeGreaterThan(0);
        if (status === 'pass' || status === 'gap')
          expect(finding.evidence.length, 'a verdict carries evidence').toBeGreaterThan(0);
        const expectFile = path.join(dir, `${name}.expect.yaml`);
        if (fs.existsSync(expectFile)) {
          const exp = YAML.parse(fs.readFileSync(expectFile, 'utf8')) as Expect;
          if (exp.messageId) expect(finding.messageId).toBe(exp.messageId);
          if (exp.confidence) expect(finding.confidence).toBe(exp.confidence);
          if (exp.message) expect(finding.message).toContain(exp.message);
          for (const e of exp.evidence ?? []) {
            expect(finding.evidence).toContainEqual(
              expect.objectContaining(e.line === undefined ? { path: e.path } : { path: e.path, line: e.line }),
            );
          }
        }
      });
    }
  });
}

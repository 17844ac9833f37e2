// Message ids are typed by the rule's own messages: a misspelt id is a compile error, not a crash at audit time.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';

/** Type-checks one probe rule per check() body, in one program; returns each probe's errors. */
function compile(checks: string[]): string[][] {
  const dir = tempDir('readiness-define-rule-');
  try {
    const sdk = path.join(ROOT, 'src', 'sdk', 'index.js');
    const files = checks.map((check, i) => {
      const file = path.join(dir, `probe${i}.ts`);
      fs.writeFileSync(
        file,
        `import { defineRule } from ${JSON.stringify(sdk)};
export default defineRule({
  meta: {
    id: 'probe.rule', category: 'api', title: 'probe', severity: 'low', level: 1,
    docs: { why: 'w', how: 'h', fix: ['f'], effort: 'S' },
    messages: { missing: 'nothing found', weak: 'only {{what}}' },
  },
  check(ctx) { ${check} },
});
`,
      );
      return file;
    });
    const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile).config;
    const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT);
    const program = ts.createProgram(files, { ...options, noEmit: true, rootDir: undefined });
    const diagnostics = ts.getPreEmitDiagnostics(program);
    return files.map((file) =>
      diagnostics
        .filter((d) => d.file?.fileName === file)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('defineRule', () => {
  it("accepts the rule's own message ids and rejects any other, naming the ones it defines", () => {
    const [ok, misspeltGap, unknownPass] = compile([
      "return ctx.repo.has('x') ? ctx.pass([], { messageId: 'weak' }) : ctx.gap('missing', []);",
      "return ctx.gap('misssing', []);",
      "return ctx.pass([], { messageId: 'strong' });",
    ]);
    expect(ok).toEqual([]);
    expect(misspeltGap).toHaveLength(1);
    expect(misspeltGap![0]).toContain('"misssing"');
    expect(misspeltGap![0]).toMatch(/"missing" \| "weak"|"weak" \| "missing"/);
    expect(unknownPass!.join('\n')).toContain('"strong"');
  });
});

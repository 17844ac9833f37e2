// A repository can hide terminal control sequences in the lines a report quotes (a syntax-highlighted sample, a
// carriage return that overwrites the line, a bidirectional override). Audited through the BUILT CLI, no such raw
// character may reach stdout in the text report, nor in the claims view; JSON carries them as visible escapes.
import { beforeAll, describe, expect, it } from 'vitest';
import { printable } from '../../src/printable.js';
import { makeGitRepo, runCli } from '../helpers.js';

const ESC = '\u001b';
const HOSTILE = `${ESC}[2J${ESC}[31mall checks passed${ESC}[0m\r`;

const FILES: Record<string, string> = {
  'requirements.txt': 'flask==3.0.3\n',
  'app.py': [
    'from flask import Flask',
    '',
    'app = Flask(__name__)',
    '',
    '',
    '@app.get("/")',
    'def index():',
    `    print("${HOSTILE}")`,
    '    return "ok"',
    '',
  ].join('\n'),
  'PRODUCTION_READINESS.md': `# Readiness status\n\n- ✅ Structured logging ${HOSTILE}\n- ✅ Rate limiting \u202eon every route\n`,
};

// A raw control character other than the line breaks a report is made of, or a bidirectional override.
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('quoted repository text cannot drive the terminal (built CLI)', () => {
  let repo: string;
  beforeAll(async () => {
    repo = await makeGitRepo(FILES);
  });

  it('the text report shows control sequences as escapes', async () => {
    const r = await runCli(['audit', repo, '--no-history', '-v']);
    expect(r.stdout).toContain('app.py:8');
    expect(r.stdout).toContain('\\x1b[2J');
    expect(RAW.exec(r.stdout)).toBeNull();
  });

  it('the JSON report keeps the quoted line readable, escaped', async () => {
    const r = await runCli(['audit', repo, '--no-history', '-f', 'json']);
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; evidence: { excerpt?: string }[] }[] };
    const logging = report.findings.find((f) => f.ruleId === 'obs.logging')!;
    const quoted = logging.evidence.map((e) => e.excerpt ?? '').find((x) => x.includes('print('));
    expect(quoted).toBe(`print("${printable(HOSTILE)}")`);
    expect(RAW.exec(quoted!)).toBeNull();
  });

  it('the claims view quotes the document without raw control characters', async () => {
    const r = await runCli(['claims', repo, '-v']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('Structured logging');
    expect(RAW.exec(r.stdout)).toBeNull();
  });
});

describe('printable', () => {
  it('escapes C0/C1 controls and bidirectional overrides, keeps text, tabs and line breaks', () => {
    expect(printable('plain\ttext\nnext')).toBe('plain\ttext\nnext');
    expect(printable(`${ESC}[31mred`)).toBe('\\x1b[31mred');
    expect(printable('a\rb\u0007')).toBe('a\\x0db\\x07');
    expect(printable('x\u202ey\u2066z')).toBe('x\\u202ey\\u2066z');
    expect(printable('café ✓ 日本')).toBe('café ✓ 日本');
  });
});

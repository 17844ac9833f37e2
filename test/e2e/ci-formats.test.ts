// Machine formats and CI behaviour through the built CLI (run `npm run build` first).
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { colorEnabled, interactive } from '../../src/cli/terminal.js';
import { REPOS, runCli, tempDir } from '../helpers.js';
import { sarifValidator } from '../report/sarif-validator.js';

const BARE = path.join(REPOS, 'fastapi-bare');
const ANSI = /\u001b\[/;

describe('formats in one run', () => {
  it('-f sarif:x.sarif -f junit:x.xml -f markdown:x.md writes three valid files, text still on stdout', async () => {
    const dir = tempDir('readiness-out-');
    const [sarif, junit, md] = ['x.sarif', 'x.xml', 'out/x.md'].map((f) => path.join(dir, f));
    const r = await runCli([
      'audit',
      BARE,
      '--no-history',
      '-f',
      'text',
      '-f',
      `sarif:${sarif}`,
      '-f',
      `junit:${junit}`,
      '-f',
      `markdown:${md}`,
    ]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('container.dockerfile');

    const log = JSON.parse(fs.readFileSync(sarif!, 'utf8'));
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.runs[0].results.some((x: { ruleId: string }) => x.ruleId === 'container.dockerfile')).toBe(true);

    const xml = fs.readFileSync(junit!, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    expect(Number(doc.testsuites.failures)).toBeGreaterThan(0);

    const text = fs.readFileSync(md!, 'utf8');
    expect(text).toMatch(/^### readiness: \d+\/100/);
    expect(text).toContain('<details>');
  });

  it('every SARIF location is a file of the repository (or the repository itself), never a search term', async () => {
    let checked = 0;
    for (const name of fs.readdirSync(REPOS).filter((n) => fs.statSync(path.join(REPOS, n)).isDirectory())) {
      const repo = path.join(REPOS, name);
      const r = await runCli(['audit', repo, '--no-history', '-f', 'sarif']);
      const results = JSON.parse(r.stdout).runs[0].results as {
        ruleId: string;
        locations: { physicalLocation: { artifactLocation: { uri: string }; region?: unknown } }[];
      }[];
      for (const res of results) {
        checked++;
        const loc = res.locations[0]!.physicalLocation;
        const uri = decodeURIComponent(loc.artifactLocation.uri);
        if (uri === '.') expect(loc.region, `${name} ${res.ruleId}`).toBeUndefined();
        else
          expect(
            fs.statSync(path.join(repo, uri), { throwIfNoEntry: false })?.isFile(),
            `${name} ${res.ruleId}: ${uri}`,
          ).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('same input, byte-identical JSON apart from generatedAt, runId and durationMs', async () => {
    const strip = (s: string) =>
      JSON.stringify(
        JSON.parse(s, (k, v) => (k === 'generatedAt' || k === 'runId' || k === 'durationMs' ? undefined : v)),
        null,
        2,
      );
    const a = await runCli(['audit', BARE, '--no-history', '-f', 'json']);
    const b = await runCli(['audit', BARE, '--no-history', '-f', 'json']);
    expect(strip(a.stdout)).toBe(strip(b.stdout));
    const ids = JSON.parse(a.stdout).findings.map((f: { ruleId: string }) => f.ruleId);
    expect(ids).toEqual([...ids].sort((x: string, y: string) => x.localeCompare(y)));
    const sa = await runCli(['audit', BARE, '--no-history', '-f', 'sarif']);
    const sb = await runCli(['audit', BARE, '--no-history', '-f', 'sarif']);
    expect(sa.stdout).toBe(sb.stdout);
  });

  it('GITHUB_STEP_SUMMARY gets the markdown appended', async () => {
    const file = path.join(tempDir(), 'summary.md');
    fs.writeFileSync(file, '# earlier step\n');
    const r = await runCli(['audit', BARE, '--no-history', '-q', '--min-level', '3'], {
      env: { GITHUB_STEP_SUMMARY: file },
    });
    expect(r.exitCode).toBe(1);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.startsWith('# earlier step\n### readiness: ')).toBe(true);
    expect(text).toContain('- ❌ `min-level`: level 0 Prototype is below the minimum 3 Scale');
  });
});

describe('colour and spinners in CI', () => {
  it('colour: never with NO_COLOR or --no-color, not in CI or off a TTY, FORCE_COLOR forces it', () => {
    const tty = { isTTY: true } as NodeJS.WriteStream;
    const pipe = { isTTY: false } as NodeJS.WriteStream;
    expect(colorEnabled(undefined, tty, {})).toBe(true);
    expect(colorEnabled(undefined, pipe, {})).toBe(false);
    expect(colorEnabled(undefined, tty, { CI: 'true' })).toBe(false);
    expect(colorEnabled(undefined, pipe, { CI: 'true', FORCE_COLOR: '1' })).toBe(true);
    expect(colorEnabled(undefined, tty, { FORCE_COLOR: '0' })).toBe(true);
    expect(colorEnabled(undefined, tty, { CI: 'true', FORCE_COLOR: '' })).toBe(false);
    expect(colorEnabled(undefined, tty, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
    expect(colorEnabled(false, tty, { FORCE_COLOR: '1' })).toBe(false);
  });

  it('spinner only on an interactive terminal of known width outside CI', () => {
    expect(interactive({}, { isTTY: true, columns: 80 })).toBe(true);
    expect(interactive({ CI: 'true' }, { isTTY: true, columns: 80 })).toBe(false);
    expect(interactive({}, { isTTY: false, columns: 80 })).toBe(false);
    expect(interactive({}, { isTTY: true, columns: 0 })).toBe(false);
    expect(interactive({}, { isTTY: true })).toBe(false);
  });

  it('the CLI prints no escape codes in CI, and colours with FORCE_COLOR', async () => {
    const ci = await runCli(['audit', BARE, '--no-history'], { env: { NO_COLOR: '', CI: 'true' } });
    expect(ci.stdout).not.toMatch(ANSI);
    expect(ci.stderr).toBe('');
    const forced = await runCli(['audit', BARE, '--no-history'], {
      env: { NO_COLOR: '', CI: 'true', FORCE_COLOR: '1' },
    });
    expect(forced.stdout).toMatch(ANSI);
  });
});

// The html report renders offline in a real headless Chromium, with the score trend of the recorded runs (built CLI).
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers.js';
import { serviceWithHistory } from '../history/git-fixture.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) =>
  fs.existsSync(p),
);
if (!CHROMIUM && !process.env.CI) {
  console.warn(
    'history-html: skipping the browser tests: chromium is not installed (apt-get install -y chromium); CI installs it and fails without it',
  );
}
const browserIt = CHROMIUM || process.env.CI ? it : it.skip;

async function chromium(args: string[]): Promise<string> {
  if (!CHROMIUM) throw new Error('chromium is required in CI (see .ci/run) but was not found at /usr/bin/chromium');
  const profile = tempDir('readiness-chromium-');
  const r = await execa(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
      `--user-data-dir=${profile}`,
      // offline: any host lookup fails, so a page that needed the network would show it
      '--host-resolver-rules=MAP * ~NOTFOUND',
      ...args,
    ],
    { reject: false, timeout: 60_000 },
  );
  if (r.exitCode !== 0) throw new Error(`chromium failed (${r.exitCode}): ${r.stderr}`);
  return r.stdout;
}

/** Attributes of every element with the tag in a DOM dump. */
function elements(dom: string, tag: string): Record<string, string>[] {
  return [...dom.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'g'))].map((m) =>
    Object.fromEntries([...m[1]!.matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])),
  );
}

describe('html report', () => {
  browserIt(
    'is one self-contained page whose trend chart shows every recorded run, rendered by headless Chromium',
    async () => {
      const { dir } = await serviceWithHistory();
      const db = path.join(tempDir('readiness-db-'), 'history.db');
      expect((await runCli(['history', dir, '--backfill', 'main', '--db', db])).exitCode).toBe(0);
      const out = path.join(tempDir('readiness-html-'), 'report.html');
      const audit = await runCli(['audit', dir, '-f', `html:${out}`, '--db', db]);
      expect(audit.exitCode, audit.stderr).toBe(0);
      const runs = JSON.parse((await runCli(['history', dir, '--json', '--db', db])).stdout).runs as {
        id: number;
        score: number;
      }[];
      expect(runs).toHaveLength(4);

      const html = fs.readFileSync(out, 'utf8');
      // self-contained: nothing is loaded from anywhere (a link the reader may follow, <a href>, loads nothing)
      const withoutLinks = html.replace(/<a href="https:\/\/[^"]*">/g, '<a>');
      expect(withoutLinks).not.toMatch(/\s(src|href|srcset|action|xlink:href)\s*=/i);
      expect(html).toMatch(/<a href="https:\/\/unpkg\.com\/readiness-audit@[^/]+\/docs\/rules\/[a-z.-]+\.md">/);
      expect(html).not.toMatch(/url\(|@import|<script|<link|<iframe|<img|<object|<embed/i);

      const dom = await chromium(['--dump-dom', `file://${out}`]);
      expect(dom).toContain('<svg class="gauge"');
      const circles = elements(dom, 'circle');
      const expected = [...runs].reverse().map((r) => ({ run: String(r.id), score: String(r.score) }));
      expect(circles.map((c) => ({ run: c['data-run'], score: c['data-score'] }))).toEqual(expected);
      // points are placed left to right in run order, higher scores higher up
      const xs = circles.map((c) => Number(c.cx));
      expect([...xs].sort((a, b) => a - b)).toEqual(xs);
      const [first, second] = circles;
      const rise = Number(second!['data-score']) - Number(first!['data-score']);
      expect(rise, 'the first two runs score differently, so the chart must show which is higher').not.toBe(0);
      expect(Math.sign(Number(second!.cy) - Number(first!.cy))).toBe(-Math.sign(rise));
      const bars = elements(dom, 'g').filter((g) => g['data-category']);
      expect(bars.map((b) => b['data-category'])).toContain('container');
      expect(dom).toMatch(/data-rule="container\.dockerfile"/); // the planted gap, with its evidence
      expect(dom).toContain('searched: Dockerfile');

      const png = path.join(path.dirname(out), 'shot.png');
      await chromium([`--screenshot=${png}`, '--window-size=1000,1400', `file://${out}`]);
      const img = fs.readFileSync(png);
      expect(img.subarray(1, 4).toString()).toBe('PNG');
      expect(img.length).toBeGreaterThan(10_000); // a blank page compresses to a few hundred bytes
    },
  );

  browserIt('show --format html renders a past run with the same trend', async () => {
    const { dir } = await serviceWithHistory();
    const db = path.join(tempDir('readiness-db-'), 'history.db');
    expect((await runCli(['history', dir, '--backfill', 'main', '--db', db])).exitCode).toBe(0);
    const runs = JSON.parse((await runCli(['history', dir, '--json', '--db', db])).stdout).runs as {
      id: number;
      score: number;
    }[];
    const out = path.join(tempDir('readiness-html-'), 'run.html');
    const r = await runCli(['show', String(runs[2]!.id), '-f', 'html', '-o', out, '--db', db]);
    expect(r.exitCode, r.stderr).toBe(0);
    const dom = await chromium(['--dump-dom', `file://${out}`]);
    expect(elements(dom, 'circle').map((c) => Number(c['data-run']))).toEqual(runs.map((x) => x.id).reverse());
    expect(dom).toContain(`run ${runs[2]!.id}`);
    expect(
      elements(dom, 'circle')
        .filter((c) => c.class === 'current')
        .map((c) => Number(c['data-run'])),
    ).toEqual([runs[2]!.id]); // the shown run stands out
  });
});

import { describe, expect, it } from 'vitest';
import { formatMarkdown } from '../../src/report/markdown.js';
import { sampleReport } from './sample.js';

describe('markdown', () => {
  it('renders a compact summary (snapshot)', () => {
    const md = formatMarkdown(sampleReport(), {
      gates: [
        { name: 'min-score', passed: false, message: 'score 33 is below the minimum 70' },
        { name: 'fail-on', passed: true, message: 'ok' },
      ],
    });
    expect(md).toMatchSnapshot();
  });

  it('lists the blockers of the next level, failed gates and every finding in <details>', () => {
    const md = formatMarkdown(sampleReport(), {
      gates: [{ name: 'min-score', passed: false, message: 'score 33 is below the minimum 70' }],
    });
    expect(md).toMatch(/^### readiness: \d+\/100 · level 0 Prototype/);
    expect(md).toContain('**Next: level 1 Deployable** — blocked by 2 gaps');
    expect(md).toContain('- ❌ `min-score`: score 33 is below the minimum 70');
    expect(md).toContain('<details><summary>All 6 findings');
    expect(md).toContain('〰️ waived');
    expect(md).toContain('&lt;api&gt; &amp; worker \\| sidecar');
    expect(md).not.toContain('/home/ci/work');
    const details = md.slice(md.indexOf('<details>'));
    expect(
      details.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Status') && !l.startsWith('| ---')),
    ).toHaveLength(6);
  });

  it('says so when every rule passes', () => {
    const r = sampleReport(sampleReport().findings.filter((f) => f.status === 'pass'));
    expect(formatMarkdown(r)).toContain('Every applicable rule passes up to level 3');
  });
});

describe('markdown size', () => {
  it('stays within the budget of a comment: passes and n/a go first, then the tail, with a note', () => {
    const r = sampleReport();
    const full = formatMarkdown(r);
    const small = formatMarkdown(r, { maxChars: full.length - 100 });
    expect(small.length).toBeLessThanOrEqual(full.length - 100);
    expect(small).toContain('left out to fit a comment');
    expect(small).not.toContain('✅ pass');
    expect(small).toContain('`security.secrets` | security');
    expect(full).not.toContain('left out');
  });
});

import { Chalk } from 'chalk';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { wrapToWidth } from '../../src/report/wrap.js';

describe('wrapToWidth', () => {
  const long = `      src/app/settings.py:12  ${'the service reads its secret key from a literal '.repeat(4).trim()}`;

  it('wraps long lines to the width, continuation lines under the line with two more spaces', () => {
    const out = wrapToWidth(`head\n${long}\n`, 40).split('\n');
    expect(out[0]).toBe('head');
    expect(out.at(-1)).toBe('');
    const body = out.slice(1, -1);
    expect(body.length).toBeGreaterThan(4);
    for (const l of body) expect(stringWidth(l)).toBeLessThanOrEqual(40);
    expect(body[0]!.startsWith('      src/app/settings.py:12')).toBe(true);
    for (const l of body.slice(1)) expect(l).toMatch(/^ {8}\S/);
    expect(body.map((l) => l.trim()).join(' ')).toBe(long.trim());
  });

  it('keeps colours across the break and counts only visible characters', () => {
    const c = new Chalk({ level: 1 });
    const line = c.red('word '.repeat(20).trim());
    const out = wrapToWidth(line, 32).split('\n');
    expect(out.length).toBeGreaterThan(2);
    for (const l of out) {
      expect(stringWidth(l)).toBeLessThanOrEqual(32);
      expect(l).toMatch(/^\s*\x1b\[31m/);
    }
  });

  it('leaves text alone without a usable width', () => {
    expect(wrapToWidth(long, undefined)).toBe(long);
    expect(wrapToWidth(long, 0)).toBe(long);
    expect(wrapToWidth(long, 12)).toBe(long);
  });
});

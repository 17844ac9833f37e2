// --timing charges each step its exclusive time: a fact computed inside a rule counts for the fact, a read inside the
// fact for `read`, so the phases add up to the whole run.
import { describe, expect, it } from 'vitest';
import { startTiming, stopTiming, Timing } from '../../src/timing.js';

describe('Timing', () => {
  it('charges nested steps exclusively, to their phase and name', () => {
    let clock = 0;
    const t = new Timing(() => clock);
    t.measure('rules', 'rule a', () => {
      clock += 5;
      t.measure('facts', 'fact docs', () => {
        clock += 20;
        t.measure('read', undefined, () => {
          clock += 3;
        });
      });
      clock += 2;
    });
    t.measure('rules', 'rule b', () => {
      clock += 1;
      t.measure('facts', 'fact docs', () => {
        clock += 4;
      });
    });
    expect(Object.fromEntries(t.phases)).toEqual({ rules: 8, facts: 24, read: 3 });
    expect(Object.fromEntries(t.items)).toEqual({ 'rule a': 7, 'fact docs': 24, 'rule b': 1 });
    const lines = t.summary(2);
    expect(lines.some((l) => /^total\s+35 ms$/.test(l))).toBe(true);
    expect(lines.slice(-2)).toEqual([
      expect.stringMatching(/24 ms .*fact docs$/),
      expect.stringMatching(/7 ms .*rule a$/),
    ]);
  });

  it('still charges a step that throws', () => {
    let clock = 0;
    const t = new Timing(() => clock);
    expect(() =>
      t.measure('facts', 'fact broken', () => {
        clock += 9;
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(t.items.get('fact broken')).toBe(9);
  });
});

describe('startTiming', () => {
  it('charges CPU time with READINESS_TIMING_CLOCK=cpu', () => {
    const was = process.env.READINESS_TIMING_CLOCK;
    process.env.READINESS_TIMING_CLOCK = 'cpu';
    try {
      const t = startTiming();
      const before = t.now();
      // Asleep for 400 ms: wall time passes, the process's CPU time hardly does.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400);
      expect(t.now() - before).toBeLessThan(200);
    } finally {
      stopTiming();
      if (was === undefined) delete process.env.READINESS_TIMING_CLOCK;
      else process.env.READINESS_TIMING_CLOCK = was;
    }
  });
});

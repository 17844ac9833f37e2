import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/model.js';
import { buildReport } from '../../src/report/build.js';

const NOW = new Date('2026-11-02T09:00:00Z');
const report = buildReport(
  [
    {
      ruleId: 'a.gap',
      category: 'container',
      title: 't',
      status: 'gap',
      severity: 'high',
      level: 1,
      message: 'm',
      evidence: [],
      effort: 'S',
      confidence: 'high',
      durationMs: 0,
    },
  ],
  { root: '/srv/orders' },
);

describe('buildPlan target date', () => {
  it('refuses a day the month does not have instead of rolling it over into the next month', () => {
    for (const d of ['2027-02-30', '2027-04-31', '2027-13-01']) {
      expect(() => buildPlan({ report, projectKey: 'k', answers: { targetDate: d }, now: NOW }), d).toThrow(
        /not a valid date/,
      );
    }
  });

  it('keeps a real date as given', () => {
    expect(buildPlan({ report, projectKey: 'k', answers: { targetDate: '2028-02-29' }, now: NOW }).target.date).toBe(
      '2028-02-29',
    );
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { configTemplate } from '../../src/commands/init.js';
import { tempDir } from '../helpers.js';

const IDS = ['container.dockerfile', 'security.secrets', 'api.health'];

function load(yaml: string) {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, '.readiness.yml'), yaml);
  return loadConfig(dir, undefined, IDS);
}

describe('config: gates and waivers', () => {
  it('accepts thresholds, failOn, minLevel and waivers', () => {
    const c = load(
      'minLevel: production\nthresholds:\n  security: 80\nfailOn: [critical, high]\nwaivers:\n  - rule: container.dockerfile\n    reason: managed platform\n    expires: 2026-12-31\n    paths: ["deploy/**"]\n',
    ).config;
    expect(c.thresholds).toEqual({ security: 80 });
    expect(c.failOn).toEqual(['critical', 'high']);
    expect(c.minLevel).toBe('production');
    expect(c.waivers).toEqual([
      { rule: 'container.dockerfile', reason: 'managed platform', expires: '2026-12-31', paths: ['deploy/**'] },
    ]);
  });

  it('a waiver needs a non-empty reason', () => {
    expect(() => load('waivers:\n  - rule: container.dockerfile\n    expires: 2026-12-31\n')).toThrow(
      /waivers\[0\]\.reason/,
    );
    expect(() => load('waivers:\n  - rule: container.dockerfile\n    reason: "  "\n    expires: 2026-12-31\n')).toThrow(
      /non-empty reason/,
    );
  });

  it('expires must be a real ISO date', () => {
    expect(() => load('waivers:\n  - rule: container.dockerfile\n    reason: r\n    expires: 31/12/2026\n')).toThrow(
      /waivers\[0\]\.expires: expected an ISO date/,
    );
    expect(() => load('waivers:\n  - rule: container.dockerfile\n    reason: r\n    expires: 2026-02-30\n')).toThrow(
      /calendar date/,
    );
    expect(() => load('waivers:\n  - rule: container.dockerfile\n    reason: r\n')).toThrow(/waivers\[0\]\.expires/);
  });

  it('unknown names suggest the nearest: waiver rule ids, categories, severities, levels, keys', () => {
    expect(() => load('waivers:\n  - rule: container.dockerfil\n    reason: r\n    expires: 2026-12-31\n')).toThrow(
      /waivers\[0\]\.rule: unknown rule id "container.dockerfil" \(did you mean "container.dockerfile"\?\)/,
    );
    expect(() => load('thresholds:\n  securty: 80\n')).toThrow(
      /thresholds\.securty: unknown category \(did you mean "security"\?\)/,
    );
    expect(() => load('failOn: [critcal]\n')).toThrow(
      /failOn\[0\]: unknown severity "critcal" \(did you mean "critical"\?\)/,
    );
    expect(() => load('minLevel: prodution\n')).toThrow(
      /minLevel: unknown level "prodution" \(did you mean "production"\?\)/,
    );
    expect(() => load('thresold:\n  security: 80\n')).toThrow(/did you mean "thresholds"/);
    expect(() =>
      load('waivers:\n  - rule: container.dockerfile\n    reason: r\n    expires: 2026-12-31\n    path: [x]\n'),
    ).toThrow(/did you mean "paths"/);
    expect(() => load('thresholds:\n  security: 180\n')).toThrow(/thresholds\.security/);
    expect(() => load('minLevel: 4\n')).toThrow(/minLevel/);
  });

  it('the template written by `readiness init` is a valid config', () => {
    const c = load(configTemplate(75)).config;
    expect(c).toEqual({ minScore: 75 });
    // …and so is every commented example once uncommented.
    const uncommented = configTemplate(75)
      .split('\n')
      .map((l) =>
        /^# ( {0,4})[a-zA-Z-]/.test(l) &&
        !/^# [A-Z]/.test(l) &&
        !/^# (Exit|Accepted|Globs|Per-rule|expires|readiness|Validated|observability)/.test(l)
          ? l.slice(2)
          : l,
      )
      .join('\n')
      .replace('deploy.k8s: off', 'security.secrets: off')
      .replace('api.docs:', 'api.health:');
    const full = load(uncommented).config;
    expect(full.minLevel).toBe('deployable');
    expect(full.thresholds).toEqual({ security: 80 });
    expect(full.failOn).toEqual(['critical']);
    expect(full.waivers?.[0]?.rule).toBe('container.dockerfile');
    expect(full.ignore).toEqual(['legacy/**']);
    expect(full.rules).toEqual({ 'security.secrets': 'off', 'api.health': { severity: 'high' } });
  });
});

import { describe, expect, it } from 'vitest';
import { formatSarif, sarifLocation } from '../../src/report/sarif.js';
import { FORMATTERS } from '../../src/report/formats.js';
import { rules } from '../../rules/index.js';
import { sarifValidator } from './sarif-validator.js';
import { SAMPLE_RULES, sampleReport } from './sample.js';

describe('sarif', () => {
  const validate = sarifValidator();

  it('is valid SARIF 2.1.0', () => {
    const log = JSON.parse(formatSarif(sampleReport(), { rules: SAMPLE_RULES }));
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(log.version).toBe('2.1.0');
  });

  it('the schema validator rejects broken SARIF (the test has teeth)', () => {
    const log = JSON.parse(formatSarif(sampleReport(), { rules: SAMPLE_RULES }));
    log.runs[0].results[0].level = 'fatal';
    expect(validate(log)).toBe(false);
  });

  it('one driver rule per check with descriptions, help from the docs, tags and a level from the severity', () => {
    const log = JSON.parse(formatSarif(sampleReport(), { rules: SAMPLE_RULES }));
    const driver = log.runs[0].tool.driver;
    expect(driver.name).toBe('readiness');
    expect(driver.rules.map((r: { id: string }) => r.id)).toEqual([...SAMPLE_RULES.map((r) => r.id)].sort());
    const secrets = driver.rules.find((r: { id: string }) => r.id === 'security.secrets');
    expect(secrets.shortDescription.text).toBe('No secrets are committed');
    expect(secrets.fullDescription.text).toBe('Why security.secrets matters.');
    expect(secrets.help.text).toContain('How security.secrets is checked.');
    expect(secrets.help.text).toContain('- Step one.');
    expect(secrets.help.markdown).toContain('**Fix**');
    expect(secrets.helpUri).toBe('https://example.com/doc');
    expect(secrets.defaultConfiguration.level).toBe('error');
    expect(secrets.properties.tags).toEqual(expect.arrayContaining(['security', 'level-1']));
    expect(secrets.properties['security-severity']).toBe('9.5');
    expect(driver.rules.find((r: { id: string }) => r.id === 'obs.logging').defaultConfiguration.level).toBe('warning');
    expect(driver.rules.find((r: { id: string }) => r.id === 'deploy.k8s').defaultConfiguration.level).toBe('note');
  });

  it('one result per gap (waived ones suppressed), none for pass, n/a or errors', () => {
    const log = JSON.parse(formatSarif(sampleReport(), { rules: SAMPLE_RULES }));
    const results = log.runs[0].results;
    expect(results.map((r: { ruleId: string }) => r.ruleId)).toEqual([
      'container.dockerfile',
      'obs.logging',
      'security.secrets',
    ]);
    const driverIds = log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id);
    for (const r of results) expect(driverIds[r.ruleIndex]).toBe(r.ruleId);
    const waived = results.find((r: { ruleId: string }) => r.ruleId === 'obs.logging');
    expect(waived.suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'migrating to structlog in Q3 (waived until 2030-01-31)' },
    ]);
    expect(results.find((r: { ruleId: string }) => r.ruleId === 'security.secrets').suppressions).toBeUndefined();
  });

  it('locates results at the evidence file and line, else at the project file, never at a search term', () => {
    const log = JSON.parse(formatSarif(sampleReport(), { rules: SAMPLE_RULES }));
    const byId = Object.fromEntries(log.runs[0].results.map((r: { ruleId: string }) => [r.ruleId, r]));
    const secret = byId['security.secrets'].locations[0].physicalLocation;
    expect(secret.artifactLocation).toEqual({ uri: 'config/dev%20key.pem', uriBaseId: '%SRCROOT%' });
    expect(secret.region).toEqual({ startLine: 1 });
    // nothing was found: anchored at the file that stands for the project, not at "Dockerfile" (which is missing)
    const docker = byId['container.dockerfile'].locations[0].physicalLocation;
    expect(docker.artifactLocation.uri).toBe('pyproject.toml');
    expect(docker.region).toBeUndefined();
    expect(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri).toBe('file:///home/ci/work/orders-service/');
    const missing = {
      ...byId['container.dockerfile'],
      evidence: [{ kind: 'missing', path: '.', note: 'x', searched: ['helmet', 'Dockerfile'] }],
    } as never;
    expect(sarifLocation(missing)).toEqual({ uri: '.' });
    expect(sarifLocation(missing, 'package.json')).toEqual({ uri: 'package.json' });
  });

  it('fingerprints are stable per rule and path', () => {
    const a = JSON.parse(formatSarif(sampleReport(), { rules: SAMPLE_RULES })).runs[0].results;
    const moved = sampleReport().findings.map((f) =>
      f.ruleId === 'security.secrets' ? { ...f, message: 'reworded', evidence: [{ ...f.evidence[0]!, line: 40 }] } : f,
    );
    const b = JSON.parse(formatSarif({ ...sampleReport(), findings: moved }, { rules: SAMPLE_RULES })).runs[0].results;
    expect(b.map((r: { partialFingerprints: unknown }) => r.partialFingerprints)).toEqual(
      a.map((r: { partialFingerprints: unknown }) => r.partialFingerprints),
    );
    expect(
      new Set(a.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['readinessRule/v1']))
        .size,
    ).toBe(3);
  });

  it('the registered formatter describes every rule the caller audited with', () => {
    const log = JSON.parse(FORMATTERS.sarif!(sampleReport(), { color: false, rules: rules.map((r) => r.meta) }));
    const ids = log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id);
    for (const r of rules) expect(ids).toContain(r.meta.id);
    expect(validate(log)).toBe(true);
  });
});

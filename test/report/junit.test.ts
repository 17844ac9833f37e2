import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { formatJunit, xmlEscape } from '../../src/report/junit.js';
import { sampleReport } from './sample.js';

function parse(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => ['testsuite', 'testcase'].includes(name),
  }).parse(xml);
}

describe('junit', () => {
  const xml = formatJunit(sampleReport());
  const doc = parse(xml);

  it('a testsuite per category, a testcase per rule, with totals', () => {
    const suites = doc.testsuites.testsuite;
    expect(suites.map((s: { name: string }) => s.name)).toEqual([
      'container',
      'deploy',
      'data',
      'api',
      'security',
      'observability',
    ]);
    expect(doc.testsuites.tests).toBe('6');
    expect(doc.testsuites.failures).toBe('2');
    expect(doc.testsuites.errors).toBe('1');
    expect(doc.testsuites.skipped).toBe('2');
    const all = suites.flatMap((s: { testcase: unknown[] }) => s.testcase);
    expect(all).toHaveLength(6);
  });

  it('gaps fail with the message, severity and evidence; n/a and waived are skipped; errors are errors', () => {
    const cases = Object.fromEntries(
      doc.testsuites.testsuite
        .flatMap((s: { testcase: { name: string }[] }) => s.testcase)
        .map((c: { name: string }) => [c.name.split(':')[0], c]),
    );
    const docker = cases['container.dockerfile'];
    expect(docker.classname).toBe('readiness.container');
    expect(docker.failure.type).toBe('high');
    expect(docker.failure.message).toBe('No Dockerfile found for this "service" <api> & worker | sidecar');
    expect(docker.failure['#text']).toContain('searched: Dockerfile, Containerfile');
    expect(docker.failure['#text']).toContain('fix: Do the thing.');
    expect(cases['security.secrets'].failure['#text']).toContain('at config/dev key.pem:1');
    expect(cases['data.migrations'].skipped.message).toBe('no database is used');
    expect(cases['obs.logging'].skipped.message).toBe('waived until 2030-01-31: migrating to structlog in Q3');
    expect(cases['deploy.k8s'].error.type).toBe('rule-error');
    expect(cases['api.health'].failure).toBeUndefined();
    expect(cases['api.health'].skipped).toBeUndefined();
  });

  it('escapes markup and drops characters XML cannot carry', () => {
    expect(xml).not.toContain('\u0001');
    expect(xml).toContain('&lt;api&gt; &amp; worker');
    expect(xmlEscape(`a"b'c\nd`, true)).toBe('a&quot;b&apos;c&#10;d');
    expect(xmlEscape('<x>&')).toBe('&lt;x&gt;&amp;');
  });
});

import { describe, expect, it } from 'vitest';
import {
  applyWaivers,
  clockFromEnv,
  componentFolders,
  unmatchedWaivers,
  waiverExpired,
} from '../../src/engine/waivers.js';
import { scoreFindings } from '../../src/report/score.js';
import type { Finding } from '../../src/sdk/types.js';

function gap(ruleId: string, paths: string[] = ['.'], extra: Partial<Finding> = {}): Finding {
  return {
    ruleId,
    category: 'container',
    title: ruleId,
    status: 'gap',
    severity: 'high',
    level: 1,
    message: `${ruleId} is missing`,
    evidence: paths.map((p) =>
      p === '.'
        ? { kind: 'missing' as const, path: '.', note: 'n', searched: ['Dockerfile'] }
        : { kind: 'found' as const, path: p, line: 3, note: 'n' },
    ),
    effort: 'S',
    confidence: 'high',
    durationMs: 0,
    ...extra,
  };
}

const at = (iso: string) => new Date(iso);

describe('applyWaivers', () => {
  const w = { rule: 'container.dockerfile', reason: 'serverless deploy', expires: '2026-06-30' };

  it('marks a covered gap as waived (kept, not hidden) and it stops counting', () => {
    const [f] = applyWaivers([gap('container.dockerfile')], [w], at('2026-06-01T12:00:00Z'));
    expect(f!.status).toBe('gap');
    expect(f!.waived).toEqual({ reason: 'serverless deploy', expires: '2026-06-30' });
    expect(scoreFindings([f!]).counts).toMatchObject({ gap: 0, waived: 1 });
  });

  it('holds through the expiry day (UTC) and lapses at midnight after it', () => {
    expect(applyWaivers([gap('container.dockerfile')], [w], at('2026-06-30T23:59:59Z'))[0]!.waived).toBeDefined();
    const [f] = applyWaivers([gap('container.dockerfile')], [w], at('2026-07-01T00:00:00Z'));
    expect(f!.waived).toBeUndefined();
    expect(f!.message).toBe('container.dockerfile is missing (waiver expired on 2026-06-30: serverless deploy)');
    expect(waiverExpired(w, at('2026-07-01T00:00:00Z'))).toBe(true);
    expect(waiverExpired(w, at('2026-06-30T00:00:00Z'))).toBe(false);
  });

  it('an active waiver wins over an expired one for the same rule', () => {
    const [f] = applyWaivers(
      [gap('container.dockerfile')],
      [
        { ...w, expires: '2020-01-01' },
        { ...w, reason: 'renewed', expires: '2027-01-01' },
      ],
      at('2026-07-15'),
    );
    expect(f!.waived).toEqual({ reason: 'renewed', expires: '2027-01-01' });
  });

  it('only touches gaps of the named rule', () => {
    const pass = { ...gap('container.dockerfile'), status: 'pass' as const };
    const out = applyWaivers([pass, gap('deploy.k8s')], [w], at('2026-01-01'));
    expect(out.map((f) => f.waived)).toEqual([undefined, undefined]);
    expect(out[0]).not.toBe(pass);
  });

  it('paths: every evidence path must match a glob; repository-wide evidence only "."', () => {
    const scoped = { ...w, rule: 'security.secrets', paths: ['test/**', 'fixtures/**'] };
    const now = at('2026-01-01');
    expect(applyWaivers([gap('security.secrets', ['test/keys/dev.pem'])], [scoped], now)[0]!.waived).toBeDefined();
    expect(
      applyWaivers([gap('security.secrets', ['test/a.pem', 'fixtures/b.pem'])], [scoped], now)[0]!.waived,
    ).toBeDefined();
    expect(
      applyWaivers([gap('security.secrets', ['test/a.pem', 'src/prod.pem'])], [scoped], now)[0]!.waived,
    ).toBeUndefined();
    expect(applyWaivers([gap('security.secrets', ['.'])], [scoped], now)[0]!.waived).toBeUndefined();
    expect(applyWaivers([gap('security.secrets', [])], [scoped], now)[0]!.waived).toBeUndefined();
  });

  it('paths: "." covers a gap that names no file (something missing from the repository), and only that', () => {
    const repoWide = { ...w, rule: 'observability.tracing', paths: ['.'] };
    const now = at('2026-01-01');
    expect(applyWaivers([gap('observability.tracing', ['.'])], [repoWide], now)[0]!.waived).toBeDefined();
    expect(applyWaivers([gap('observability.tracing', [])], [repoWide], now)[0]!.waived).toBeDefined();
    expect(applyWaivers([gap('observability.tracing', ['src/app.ts'])], [repoWide], now)[0]!.waived).toBeUndefined();
    // both kinds in one waiver
    const both = { ...repoWide, paths: ['.', 'legacy/**'] };
    expect(applyWaivers([gap('observability.tracing', ['legacy/a.ts', '.'])], [both], now)[0]!.waived).toBeDefined();
    expect(applyWaivers([gap('observability.tracing', ['.'])], [both], now)[0]!.waived).toBeDefined();
  });

  it('paths: a note about the whole repository beside the files does not stop a path-scoped waiver', () => {
    const scoped = { ...w, rule: 'security.secrets', paths: ['test/**'] };
    const now = at('2026-01-01');
    // e.g. security.secrets: hits in test files plus "ignored for the verdict: 3 in docs" at '.'
    const mixed = gap('security.secrets', ['test/keys/dev.pem', '.']);
    expect(applyWaivers([mixed], [scoped], now)[0]!.waived).toBeDefined();
    expect(applyWaivers([gap('security.secrets', ['src/a.pem', '.'])], [scoped], now)[0]!.waived).toBeUndefined();
  });

  it("paths: a glob that matches a component's folder covers that component's gaps, whatever files they name", () => {
    const folders = componentFolders([
      { id: 'api', path: 'services/api' },
      { id: 'web', path: 'services/web' },
      { id: 'root', path: '.' },
    ]);
    const now = at('2026-06-01');
    const api = (paths: string[]) => gap('container.dockerfile', paths, { component: 'api' });
    const web = (paths: string[]) => gap('container.dockerfile', paths, { component: 'web' });
    for (const glob of ['services/api/**', 'services/api', 'services/*/**']) {
      const waiver = { ...w, paths: [glob] };
      // A practice missing from the component, and a gap whose evidence is a manifest outside its folder.
      expect(applyWaivers([api(['.']), api(['k8s/api.yaml'])], [waiver], now, folders).map((f) => !!f.waived)).toEqual([
        true,
        true,
      ]);
      expect(unmatchedWaivers([api(['.'])], [waiver], folders)).toEqual([]);
    }
    const apiOnly = { ...w, paths: ['services/api/**'] };
    expect(applyWaivers([web(['.']), web(['k8s/web.yaml'])], [apiOnly], now, folders).map((f) => !!f.waived)).toEqual([
      false,
      false,
    ]);
    // Globs for some files of the folder do not waive the whole component; the root component is the repository.
    const someFiles = { ...w, paths: ['services/api/*.py'] };
    expect(applyWaivers([api(['.'])], [someFiles], now, folders)[0]!.waived).toBeUndefined();
    const everything = { ...w, paths: ['**'] };
    expect(
      applyWaivers([gap('container.dockerfile', ['.'], { component: 'root' })], [everything], now, folders)[0]!.waived,
    ).toBeUndefined();
    // Without the folders (a caller that has none), only the files decide, as before.
    expect(applyWaivers([api(['k8s/api.yaml'])], [apiOnly], now)[0]!.waived).toBeUndefined();
  });

  it('does not mutate its input', () => {
    const input = [gap('container.dockerfile')];
    applyWaivers(input, [w], at('2026-01-01'));
    expect(input[0]!.waived).toBeUndefined();
  });
});

describe('unmatchedWaivers: waivers that do nothing are named, with the reason', () => {
  const w = { rule: 'container.dockerfile', reason: 'r', expires: '2026-06-30' };
  it('a fixed gap, a rule that did not run, paths that miss the files, paths on a gap that names no file', () => {
    const pass = { ...gap('container.dockerfile'), status: 'pass' as const };
    expect(unmatchedWaivers([pass], [w]).map((u) => u.why)).toEqual(['the rule is passing now; remove the waiver']);
    expect(unmatchedWaivers([], [w]).map((u) => u.why)).toEqual(['the rule did not run']);
    const scoped = { ...w, rule: 'container.non-root', paths: ['legacy/**'] };
    expect(unmatchedWaivers([gap('container.non-root', ['svc/Dockerfile'])], [scoped])[0]!.why).toMatch(
      /match neither a component.s folder nor every file of the gap \(svc\/Dockerfile\)/,
    );
    expect(unmatchedWaivers([gap('container.non-root', ['.'])], [scoped])[0]!.why).toMatch(
      /names no file .*list "\." in its paths/,
    );
    expect(unmatchedWaivers([gap('container.non-root', ['.'])], [{ ...scoped, paths: ['.'] }])).toEqual([]);
  });

  it('a waiver that covers a gap (active or expired) is not reported', () => {
    expect(unmatchedWaivers([gap('container.dockerfile')], [w])).toEqual([]);
    const scoped = { ...w, rule: 'container.non-root', paths: ['legacy/**'] };
    expect(unmatchedWaivers([gap('container.non-root', ['legacy/Dockerfile', '.'])], [scoped])).toEqual([]);
  });
});

describe('clockFromEnv (READINESS_NOW, a testing aid)', () => {
  it('reads a date or date-time, else the real clock', () => {
    expect(clockFromEnv({ READINESS_NOW: '2031-02-03' }).toISOString()).toBe('2031-02-03T00:00:00.000Z');
    expect(clockFromEnv({ READINESS_NOW: '2031-02-03T10:00:00Z' }).toISOString()).toBe('2031-02-03T10:00:00.000Z');
    expect(Math.abs(clockFromEnv({}).getTime() - Date.now())).toBeLessThan(5000);
    expect(() => clockFromEnv({ READINESS_NOW: 'tomorrow' })).toThrow(/READINESS_NOW/);
  });
});

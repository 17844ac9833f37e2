import { describe, expect, it } from 'vitest';
import { applyCoverage } from '../../src/engine/coverage.js';
import { coverageOf } from '../../src/pipeline/coverage.js';
import type { SkippedFile } from '../../src/repo/sources.js';
import type { Finding } from '../../src/sdk/types.js';

function finding(ruleId: string, category: Finding['category'], evidence: Finding['evidence'] = []): Finding {
  return {
    ruleId,
    category,
    title: ruleId,
    status: 'gap',
    severity: 'high',
    level: 1,
    message: 'm',
    evidence,
    effort: 'S',
    confidence: 'high',
    durationMs: 0,
  };
}

describe('applyCoverage: which verdicts an unread file could change', () => {
  const docs = finding('docs.readme', 'docs');
  const docker = finding('container.dockerfile', 'container', [
    { kind: 'missing', path: '.', note: 'n', searched: ['Dockerfile', '**/Dockerfile'] },
  ]);
  const logging = finding('observability.logging', 'observability');

  it('an unreadable file: rules that read that kind of file, and rules that looked for it', () => {
    const skipped: SkippedFile[] = [{ path: 'svc/Dockerfile', reason: 'unreadable' }];
    const [d, c, l] = applyCoverage([docs, docker, logging], skipped);
    expect(d!.confidence).toBe('high');
    expect(c!.confidence).toBe('low');
    expect(c!.evidence.at(-1)!.note).toBe(
      'not read: svc/Dockerfile (unreadable); the verdict may change once it can be read',
    );
    expect(l!.confidence).toBe('low'); // a config file: logging setup can live there
  });

  it('a file over the size cap only where the rule looked for it; an unreadable directory everywhere', () => {
    const big: SkippedFile[] = [{ path: 'Dockerfile', reason: 'too-large' }];
    expect(applyCoverage([docs, docker], big).map((f) => f.confidence)).toEqual(['high', 'low']);
    const dir: SkippedFile[] = [{ path: 'private', reason: 'unreadable-directory' }];
    expect(applyCoverage([docs, docker, logging], dir).map((f) => f.confidence)).toEqual(['low', 'low', 'low']);
    const sub: SkippedFile[] = [{ path: 'vendor/lib', reason: 'not-a-file' }];
    expect(applyCoverage([docs, docker], sub).map((f) => f.confidence)).toEqual(['high', 'high']);
  });

  it('nothing unread: findings unchanged', () => {
    expect(applyCoverage([docker], [])).toEqual([docker]);
  });
});

describe('coverageOf', () => {
  it('counts by reason, names unreadable paths first, and says why git information is missing', () => {
    const c = coverageOf(
      {
        files: [],
        sourceKind: 'walk',
        skipped: [
          { path: 'a.bin', reason: 'too-large' },
          { path: 'Dockerfile', reason: 'unreadable' },
        ],
      },
      { unavailable: 'git refused the repository because it is owned by another user' },
    );
    expect(c).toEqual({
      listedBy: 'walk',
      files: 0,
      unread: {
        total: 2,
        byReason: { 'too-large': 1, unreadable: 1 },
        first: [
          { path: 'Dockerfile', reason: 'unreadable' },
          { path: 'a.bin', reason: 'too-large' },
        ],
      },
      git: { missing: 'git refused the repository because it is owned by another user' },
    });
  });
});

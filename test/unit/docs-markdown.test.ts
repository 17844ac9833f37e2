import { describe, expect, it } from 'vitest';
import {
  commands,
  findReadme,
  findTopicDocs,
  links,
  resolveLink,
  sections,
  substance,
} from '../../rules/_lib/docs-markdown.js';
import { RepoIndex } from '../../src/repo/index.js';

describe('docs-markdown helpers', () => {
  it('sections: ATX, setext and rst headings with bodies; headings in code fences are ignored', () => {
    const md =
      '# Title\n\nIntro\n\n## Install\n\n```sh\n# not a heading\npip install x\n```\n\nRun\n---\n\nuvicorn app\n';
    expect(sections(md).map((s) => [s.title, s.line, s.level])).toEqual([
      ['Title', 1, 1],
      ['Install', 5, 2],
      ['Run', 12, 2],
    ]);
    expect(sections(md)[1]!.body).toContain('pip install x');
  });

  it('commands: fenced, indented, $-prefixed and inline code', () => {
    const cmds = commands('Run `npm start`.\n\n    go run .\n\n$ make dev\n\n```\npytest\n```\n').map((c) => [
      c.cmd,
      c.line,
    ]);
    expect(cmds).toEqual([
      ['npm start', 1],
      ['go run .', 3],
      ['make dev', 5],
      ['pytest', 8],
    ]);
  });

  it('links and their resolution inside the repository', () => {
    const repo = RepoIndex.fromMemory({
      'README.md': '',
      'docs/setup.md': '# Setup\n',
      'docs/ops/README.md': '# Ops\n',
    });
    const ls = links('See [setup](docs/setup.md#local), [ops](./docs/ops/) and [site](https://example.com).');
    expect(ls.map((l) => l.target)).toEqual(['docs/setup.md#local', './docs/ops/', 'https://example.com']);
    expect(ls.map((l) => resolveLink(repo, 'README.md', l.target))).toEqual([
      'docs/setup.md',
      'docs/ops/README.md',
      undefined,
    ]);
    expect(resolveLink(repo, 'README.md', 'docs/missing.md')).toBeUndefined();
  });

  it('substance ignores headings, blank lines, badges and fences', () => {
    expect(substance('# Title\n\n[![ci](https://x/badge.svg)](https://x)\n\n```\n```\n')).toBe(0);
    expect(substance('# T\n\nabc def\n')).toBe(7);
  });

  it('findReadme prefers the root Markdown README, then docs/README', () => {
    expect(findReadme(RepoIndex.fromMemory({ 'README.rst': 'x', 'README.md': 'y' }))).toBe('README.md');
    expect(findReadme(RepoIndex.fromMemory({ 'docs/README.md': 'y', 'pkg/README.md': 'z' }))).toBe('docs/README.md');
    expect(findReadme(RepoIndex.fromMemory({ 'pkg/README.md': 'z' }))).toBeUndefined();
  });

  it('findTopicDocs: dedicated files and README sections, strong only with content', () => {
    const repo = RepoIndex.fromMemory({
      'RUNBOOK.md': '# Runbook\n\nTODO\n',
      'README.md': `# App\n\n## Troubleshooting\n\n${'Check the logs with kubectl logs and restart the pod when the pool is exhausted. '.repeat(2)}\n`,
    });
    const hits = findTopicDocs(repo, {
      files: /(^|\/)runbook(\.md)?$/i,
      heading: /troubleshoot/i,
      label: 'runbook',
      min: 100,
    });
    expect(hits.map((h) => [h.path, h.line, h.strong])).toEqual([
      ['README.md', 3, true],
      ['RUNBOOK.md', 1, false],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { DocsFacts, isDocPath, KEPT_TREE_CHARS } from '../../src/facts/docs.js';
import {
  commands,
  links,
  markdownHeadings,
  markdownSections,
  proseSubstance,
  sections,
  sectionsOfHeadings,
  substance,
} from '../../src/facts/markdown.js';
import { RepoIndex } from '../../src/repo/index.js';

const docsOf = (files: Record<string, string>): DocsFacts => new DocsFacts(RepoIndex.fromMemory(files));

describe('markdown structure', () => {
  it('sections: ATX, setext and HTML headings with bodies; headings in code fences are ignored', () => {
    const md =
      '# Title\n\nIntro\n\n## Install\n\n```sh\n# not a heading\npip install x\n```\n\nRun\n---\n\nuvicorn app\n\n<h2>Deploy</h2>\n\nhelm upgrade\n';
    expect(sections(md).map((s) => [s.title, s.line, s.level])).toEqual([
      ['Title', 1, 1],
      ['Install', 5, 2],
      ['Run', 12, 2],
      ['Deploy', 17, 2],
    ]);
    expect(sections(md)[1]!.body).toContain('pip install x');
    expect(sections(md)[1]!.endLine).toBe(11);
  });

  it('headings read from the parser events equal the syntax tree, or are not given', () => {
    const md = [
      '---',
      'title: Front *matter*',
      '---',
      '',
      '# Deploy `helm upgrade` \\*now\\* ##',
      '',
      '> - ## Quoted **strong** _item_',
      '',
      'Two line',
      '  setext title',
      '===',
      '',
      '```',
      '# not a heading',
      '```',
      '',
      '| a | b |',
      '|---|---|',
      '| # x | y |',
      '',
      '#### Last',
    ].join('\n');
    const heads = markdownHeadings(md);
    expect(heads?.map((h) => [h.title, h.line, h.level])).toEqual([
      ['title: Front matter', 2, 2],
      ['Deploy helm upgrade *now*', 5, 1],
      ['Quoted strong item', 7, 2],
      ['Two line\nsetext title', 9, 1],
      ['Last', 21, 4],
    ]);
    expect(sectionsOfHeadings(md, heads!)).toEqual(markdownSections(md));
    // Links, images, HTML and character references in a heading: the caller parses the document.
    for (const h of ['# [Deploy](d.md)', '# ![logo](l.png) Deploy', '# Deploy <em>now</em>', '# Deploy &amp; run'])
      expect(markdownHeadings(`${h}\n\ntext\n`)).toBeUndefined();
    expect(markdownHeadings('<h2>Deploy</h2>\n')).toBeUndefined();
  });

  it('sections of reStructuredText use underlines', () => {
    expect(sections('Title\n=====\n\nUsage\n-----\n\ntext\n', 'README.rst').map((s) => [s.title, s.line])).toEqual([
      ['Title', 1],
      ['Usage', 4],
    ]);
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

  it('links: inline, reference definitions (not their uses) and HTML anchors, with lines', () => {
    const ls = links(
      'See [setup](docs/setup.md#local).\n\n[ops][o]\n\n[o]: ./docs/ops/\n\n<a href="docs/x.md">x</a>\n',
    );
    expect(ls.map((l) => [l.target, l.line])).toEqual([
      ['docs/setup.md#local', 1],
      ['./docs/ops/', 5],
      ['docs/x.md', 7],
    ]);
  });

  it('substance ignores headings, blank lines, badges and fences; proseSubstance ignores diagrams', () => {
    expect(substance('# Title\n\n[![ci](https://x/badge.svg)](https://x)\n\n```\n```\n')).toBe(0);
    expect(substance('# T\n\nabc def\n')).toBe(7);
    const diagram = '# Arch\n\n```mermaid\nflowchart LR\n  api --> db\n```\n';
    expect(substance(diagram)).toBeGreaterThan(10);
    expect(proseSubstance(diagram)).toBe(0);
  });
});

describe('documents fact', () => {
  it('lists documentation files; requirements.txt and docker files are not documents', () => {
    expect(isDocPath('docs/guide.mdx')).toBe(true);
    expect(isDocPath('INSTALL')).toBe(true);
    expect(isDocPath('docs/notes.txt')).toBe(true);
    expect(isDocPath('requirements.txt')).toBe(false);
    expect(isDocPath('docker/deploy.sh')).toBe(false);
    expect(isDocPath('docker/README')).toBe(true);
  });

  it('finds the README and resolves links inside the repository', () => {
    const d = docsOf({ 'README.md': '', 'docs/setup.md': '# Setup\n', 'docs/ops/README.md': '# Ops\n' });
    expect(d.readme).toBe('README.md');
    expect(d.resolveLink('README.md', 'docs/setup.md#local')).toBe('docs/setup.md');
    expect(d.resolveLink('README.md', './docs/ops/')).toBe('docs/ops/README.md');
    expect(d.resolveLink('README.md', 'https://example.com')).toBeUndefined();
    expect(d.resolveLink('README.md', '../outside.md')).toBeUndefined();
    expect(docsOf({ 'README.rst': 'x', 'README.md': 'y' }).readme).toBe('README.md');
    expect(docsOf({ 'docs/README.md': 'y', 'pkg/README.md': 'z' }).readme).toBe('docs/README.md');
  });

  it('follows links from the README more than one hop', () => {
    const d = docsOf({
      'README.md': 'See the [documentation](docs/index.md).\n',
      'docs/index.md': '# Docs\n\n- [Installing](guides/install.md)\n',
      'docs/guides/install.md': '# Install\n\nSee [deploying](../deploy.md).\n',
      'docs/deploy.md': '# Deploy\n',
    });
    expect(d.reachableFromReadme(3).map((r) => [r.path, r.hops, r.from])).toEqual([
      ['docs/index.md', 1, 'README.md'],
      ['docs/guides/install.md', 2, 'docs/index.md'],
      ['docs/deploy.md', 3, 'docs/guides/install.md'],
    ]);
    expect(d.reachableFromReadme(1).map((r) => r.path)).toEqual(['docs/index.md']);
  });

  it('lets a link to a docs folder index browse the folder, after the links themselves', () => {
    const d = docsOf({
      'README.md': 'Everything is in the [docs folder](docs/index.md).\n',
      'docs/index.md': '# Docs\n\nA bookmarks keeper.\n',
      'docs/Installation.md': '# Installation\n',
      'docs/api/reference.md': '# API\n',
    });
    expect(d.reachableFromReadme(3).map((r) => [r.path, r.hops])).toEqual([
      ['docs/index.md', 1],
      ['docs/Installation.md', 2],
    ]);
    expect(d.reachableFromReadme(1).map((r) => r.path)).toEqual(['docs/index.md']);
  });

  it('classifies status, planning and checklist documents, and changelogs', () => {
    const d = docsOf({
      'PRODUCTION_READINESS.md':
        '# Production readiness\n\n## Done\n- ✅ Docker image\n- ✅ CI\n\n## Gaps\n- ❌ No backups\n- ❌ No runbook\n',
      'docs/ROADMAP.md': '# Roadmap\n\n- [ ] Add backups\n- [ ] Write a runbook\n- [x] Ship the API\n',
      'docs/notes.md':
        '# Notes\n\n- ✅ one\n- ✅ two\n- ❌ three\n- ❌ four\n- ⚠️ five\n- ✅ six\n\n## Missing\n\n- thing\n',
      'docs/operations.md':
        '# Operations\n\n## Restarting\n\nRun `kubectl rollout restart deploy/api` when the pool is exhausted.\n\n## Checklist\n\n- [ ] rotate keys\n',
      'CHANGELOG.md': '# Changelog\n\n- Added backups\n',
    });
    expect(d.classify('PRODUCTION_READINESS.md').role).toBe('status');
    expect(d.classify('docs/ROADMAP.md').role).toBe('status');
    expect(d.classify('docs/notes.md').role).toBe('status');
    expect(d.classify('docs/operations.md').role).toBe('guide');
    expect(d.classify('CHANGELOG.md').role).toBe('changelog');
    expect(d.guides().map((f) => f.path)).toEqual(['docs/operations.md']);
  });

  it('recognises changelogs by any CHANGELOG*, HISTORY*, RELEASES* name', () => {
    // A changelog is settled by its name, before its (often huge) text is parsed.
    const items = Array.from({ length: 20 }, (_, i) => `- ✅ fixed bug ${i}\n`).join('');
    const files: Record<string, string> = {
      '.github/CHANGELOG-v6.md': `# v6\n\n${items}`,
      'docs/HISTORY_old.md': `# Old\n\n${items}`,
      'RELEASES.md': `# Releases\n\n${items}`,
      'release-notes-2024.md': `# Notes\n\n${items}`,
      'docs/historical-context.md': '# Why\n\nHow we got here.\n',
      'docs/release-process.md': '# Releasing\n\nTag and push.\n',
    };
    const d = docsOf(files);
    for (const p of ['.github/CHANGELOG-v6.md', 'docs/HISTORY_old.md', 'RELEASES.md', 'release-notes-2024.md'])
      expect(d.classify(p).role, p).toBe('changelog');
    expect(d.classify('docs/historical-context.md').role).toBe('guide');
    expect(d.classify('docs/release-process.md').role).toBe('guide');
  });

  it('marks planning sections, and sections nested in them; a "MISSING:" line is never evidence', () => {
    const md = [
      '# Service', // 1
      '',
      '## Backups', // 3
      '',
      'Nightly pg_dump to object storage; restore with pg_restore.',
      '',
      '## Roadmap', // 7
      '',
      '### Disaster recovery', // 9
      '',
      '- Cross-region failover',
      '',
      '## Operations', // 13
      '',
      '- MISSING: Backup and restore procedures', // 15
      '- [ ] Restore drill', // 16
      '- Restart with systemctl restart api', // 17
      '- Logs are in journald',
      '- Metrics on the Grafana board',
    ].join('\n');
    const d = docsOf({ 'README.md': md });
    expect(d.sections('README.md').map((s) => [s.title, s.planning])).toEqual([
      ['Service', false],
      ['Backups', false],
      ['Roadmap', true],
      ['Disaster recovery', true],
      ['Operations', false],
    ]);
    expect(d.evidenceSections('README.md').map((s) => s.title)).toEqual(['Service', 'Backups', 'Operations']);
    expect(d.isEvidenceLine('README.md', 5)).toBe(true);
    expect(d.isEvidenceLine('README.md', 11)).toBe(false);
    expect(d.isEvidenceLine('README.md', 15)).toBe(false);
    expect(d.isEvidenceLine('README.md', 16)).toBe(false);
    expect(d.isEvidenceLine('README.md', 17)).toBe(true);
  });

  it('a section whose items are mostly status markers is planning material whatever its title', () => {
    const d = docsOf({
      'docs/guide.md':
        '# Guide\n\n## Disaster Recovery\n\n- **MISSING**: Backup and restore procedures\n- **MISSING**: Cross-region failover\n- **MISSING**: RTO/RPO\n',
    });
    expect(d.sections('docs/guide.md').find((s) => s.title === 'Disaster Recovery')?.planning).toBe(true);
  });

  it('keeps the tree of a document parsed for its status markers for later questions, within a budget', () => {
    const status = '# Status\n\n- ✅ Logging\n- ❌ Backups\n- ⏳ Alerts\n- [ ] Runbook\n';
    const docs = docsOf({
      'STATUS.md': status,
      'docs/guide.md': '# Guide\n\nRead [the status](../STATUS.md).\n',
      'PLAN-NOTES.md': `${status}\n${'A line of notes for the plan.\n'.repeat(Math.ceil(KEPT_TREE_CHARS / 30))}`,
    });
    expect(docs.classify('STATUS.md').role).toBe('status');
    const first = docs.tree('STATUS.md');
    // Another document parsed in between: the last tree is no longer STATUS.md's, the kept one is.
    docs.tree('docs/guide.md');
    expect(docs.tree('STATUS.md')).toBe(first);
    // A tree over the budget is not kept: asked again after another parse, it is parsed again (equal, not the same).
    expect(docs.classify('PLAN-NOTES.md').role).toBe('status');
    const big = docs.tree('PLAN-NOTES.md');
    docs.tree('docs/guide.md');
    const again = docs.tree('PLAN-NOTES.md');
    expect(again).not.toBe(big);
    expect(again).toEqual(big);
    // A document parsed for another question (its links) is not kept either.
    const guide = docs.tree('docs/guide.md');
    docs.tree('PLAN-NOTES.md');
    expect(docs.tree('docs/guide.md')).not.toBe(guide);
  });

  it('topic: dedicated guides and headings across every guide, never status documents or planning sections', () => {
    const long = 'Check the logs with kubectl logs and restart the pod when the connection pool is exhausted. ';
    const d = docsOf({
      'README.md': '# App\n\n## Roadmap\n\n### Troubleshooting\n\n- [ ] write it\n- [ ] and more\n',
      'docs/guides/ops.md': `# Guide\n\n## Troubleshooting\n\n${long.repeat(2)}\n`,
      'RUNBOOK.md': '# Runbook\n\nTODO\n',
      'STATUS.md': `# Status\n\n## Troubleshooting\n\n- ✅ done\n- ✅ also\n- ❌ not yet\n\n${long.repeat(2)}\n`,
    });
    const hits = d.topic({ files: /(^|\/)runbook(\.md)?$/i, heading: /troubleshoot/i, label: 'runbook', min: 100 });
    expect(hits.map((h) => [h.path, h.line, h.strong, h.via])).toEqual([
      ['docs/guides/ops.md', 3, true, 'section'],
      ['RUNBOOK.md', 1, false, 'file'],
    ]);
  });

  it('mayHaveHeading: true whenever a heading could carry the words, false when no heading line has them', () => {
    const words = /backup/i;
    const docs = docsOf({
      'atx.md': '# Intro\n\n## Backups\n\ntext\n',
      'quoted.md': '> - ## Backup\n',
      'setext.md': 'Intro\n\nHow backup\nworks\n---\n\ntext\n',
      'frontmatter.mdx': '---\ntitle: Backup\n---\n\nBody.\n',
      'html.md': '<h2>\nBackup\n</h2>\n',
      'prose.md': '# Intro\n\nWe take a backup nightly.\n\n---\n\nMore.\n',
      'none.md': '# Intro\n\nNothing here.\n',
    });
    const answer = (p: string) => docs.mayHaveHeading(p, words);
    expect(['atx.md', 'quoted.md', 'setext.md', 'frontmatter.mdx', 'html.md'].map(answer)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['prose.md', 'none.md'].map(answer)).toEqual([false, false]);
    // The answers agree with the parsed headings (a front matter block closes a setext heading).
    const parsed = (p: string) => docs.sections(p).some((s) => words.test(s.title));
    expect(['atx.md', 'quoted.md', 'setext.md', 'frontmatter.mdx', 'prose.md', 'none.md'].map(parsed)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(docs.sections('frontmatter.mdx').map((s) => s.title)).toEqual(['title: Backup']);
  });
});

describe('deployment instructions in the docs', () => {
  const body = 'Data lives in the volume; put a TLS-terminating proxy in front and back the volume up nightly. '.repeat(
    4,
  );
  it('finds an install section that runs the published image as a server, with its line', () => {
    const docs = docsOf({
      'README.md': `# Notes app\n\nIntro.\n\n## Installation\n\n${body}\n\n\`\`\`sh\ndocker run -d -p 8080:8080 -v notes:/data --restart unless-stopped example/notes\n\`\`\`\n`,
    });
    expect(docs.selfHostInstall()).toEqual({ path: 'README.md', line: 5, title: 'Installation', how: 'container' });
  });

  it('takes a section titled for the Docker image that runs it as a server, not one that only builds it', () => {
    const docker = (title: string, cmd: string) =>
      docsOf({
        'README.md': `# Notes app\n\nIntro.\n\n## ${title}\n\n${body}\n\n\`\`\`sh\n${cmd}\n\`\`\`\n`,
      }).selfHostInstall();
    const run = 'docker run -d -p 8080:8080 -v notes:/data example/notes';
    expect(docker('Using a Docker image', run)).toEqual({
      path: 'README.md',
      line: 5,
      title: 'Using a Docker image',
      how: 'container',
    });
    expect(docker('Docker', 'docker build -t notes .')).toBeUndefined();
    // Compose for the development stack is another heading.
    expect(docker('Docker Compose', run)).toBeUndefined();
  });

  it('does not take a quick start that also runs a development server for one', () => {
    const docs = docsOf({
      'README.md': `# Notes app\n\n## Quick start\n\n${body}\n\n\`\`\`sh\ndocker run -d -p 5432:5432 postgres\nnpm run dev\n\`\`\`\n`,
    });
    expect(docs.selfHostInstall()).toBeUndefined();
  });

  it('takes a "Running the server" section whose compose file runs the published image as a server', () => {
    const section = (title: string, compose: string) =>
      docsOf({
        'README.md': `# Shelf\n\nIntro.\n\n## ${title}\n\n${body}\n\n\`\`\`yaml\n${compose}\n\`\`\`\n`,
      }).selfHostInstall();
    const own =
      'services:\n  db:\n    image: postgres:16\n  shelf:\n    image: ghcr.io/example/shelf:1.2\n    ports:\n      - 4400:4400\n    restart: unless-stopped';
    expect(section('Running the server', own)).toEqual({
      path: 'README.md',
      line: 5,
      title: 'Running the server',
      how: 'container',
    });
    // Only the database, a service built from the source tree, or an image without ports or restart policy: no way of
    // running the application.
    expect(
      section('Running the server', 'services:\n  db:\n    image: postgres:16\n    ports:\n      - 5432:5432'),
    ).toBeUndefined();
    expect(
      section(
        'Running the server',
        'services:\n  app:\n    build: .\n    image: shelf-dev\n    ports:\n      - 4000:4000',
      ),
    ).toBeUndefined();
    expect(section('Running the server', 'services:\n  app:\n    image: ghcr.io/example/shelf:1.2')).toBeUndefined();
    // Another heading ("Contributing") does not qualify, nor does YAML that is no compose file.
    expect(section('Contributing', own)).toBeUndefined();
    expect(section('Running the server', 'ports:\n  - 4400')).toBeUndefined();
  });

  it('finds a deploy command shown in the README, and none in a README without one', () => {
    const withCmd = docsOf({ 'README.md': '# Svc\n\n## Shipping\n\n```sh\nfly deploy --remote-only\n```\n' });
    expect(withCmd.deployCommand()).toMatchObject({ path: 'README.md', text: 'fly deploy --remote-only' });
    expect(docsOf({ 'README.md': '# Svc\n\n```sh\nnpm test\n```\n' }).deployCommand()).toBeUndefined();
  });
});

describe('docs: setup steps of an Elixir README', () => {
  it("takes Phoenix's `mix setup` alias for the install and `iex -S mix phx.server` for the run", () => {
    const steps = (block: string) =>
      docsOf({ 'README.md': `# Tally\n\nCounts things.\n\n    $ ${block.split('\n').join('\n    $ ')}\n` }).setupSteps(
        'README.md',
      );
    const both = steps('mix setup\niex -S mix phx.server');
    expect([both.install?.line, both.install?.what, both.run?.line]).toEqual([5, '`mix setup`', 6]);
    // `mix setup_db` is another alias, not the standard one.
    expect(steps('mix setup_db').install).toBeUndefined();
  });
});

import { defineRule, type RepoIndex } from '../../src/sdk/index.js';

const LICENSE_FILE = /^(licen[cs]e|copying|unlicense)([-.][\w.-]+)?$/i;
const SPDX: [RegExp, string][] = [
  [/MIT License|Permission is hereby granted, free of charge/i, 'MIT'],
  [/Apache License,?\s+Version 2\.0/i, 'Apache-2.0'],
  [/GNU AFFERO GENERAL PUBLIC LICENSE/i, 'AGPL-3.0'],
  [/GNU LESSER GENERAL PUBLIC LICENSE/i, 'LGPL'],
  [/GNU GENERAL PUBLIC LICENSE/i, 'GPL'],
  [/Mozilla Public License,?\s+(version\s+)?2\.0/i, 'MPL-2.0'],
  [/Redistribution and use in source and binary forms/i, 'BSD'],
  [/This is free and unencumbered software released into the public domain/i, 'Unlicense'],
  [/ISC License|Permission to use, copy, modify, and\/or distribute/i, 'ISC'],
  [/All rights reserved|proprietary|confidential/i, 'proprietary'],
];

export default defineRule({
  meta: {
    id: 'docs.license',
    category: 'docs',
    title: 'The repository states its license',
    severity: 'low',
    level: 3,
    docs: {
      why: 'Without a license nobody (including other teams, contractors or acquirers) knows whether they may use, change or ship the code; for proprietary code a notice still makes ownership explicit.',
      how: 'Looks for a LICENSE / LICENCE / COPYING / UNLICENSE file at the root (and names the license it recognises). A license declared only in package.json, pyproject.toml, Cargo.toml, a gemspec or pom.xml counts with low confidence. An empty license file does not count.',
      fix: [
        'Add a LICENSE file at the repository root (choose at https://choosealicense.com, or a proprietary notice for internal code).',
      ],
      effort: 'S',
      links: ['https://choosealicense.com/'],
    },
    messages: {
      found: 'The repository is licensed ({{license}}, {{file}}).',
      manifestOnly: 'The license ({{license}}) is declared only in {{file}}, with no LICENSE file.',
      empty: 'The license file {{file}} is empty.',
      missing: 'No LICENSE file was found.',
    },
  },
  check(ctx) {
    const files = ctx.repo.files.filter((f) => !f.path.includes('/') && LICENSE_FILE.test(f.path));
    const nonEmpty = files.filter((f) => (ctx.repo.read(f.path) ?? '').trim().length > 20);
    if (nonEmpty.length) {
      const f = nonEmpty[0]!;
      const text = ctx.repo.read(f.path) ?? '';
      const license = SPDX.find(([re]) => re.test(text))?.[1] ?? 'license text';
      return ctx.pass(
        nonEmpty.map((x) => ctx.at(x.path, 1, 'license file')),
        { data: { license, file: f.path }, messageId: 'found' },
      );
    }
    const declared = manifestLicense(ctx.repo);
    if (declared) {
      return ctx.pass(
        [
          ctx.at(declared.path, declared.line, `license field: ${declared.license}`),
          ctx.missing(['LICENSE', 'LICENSE.md', 'COPYING'], 'no license file'),
        ],
        {
          messageId: 'manifestOnly',
          data: { license: declared.license, file: declared.path },
          confidence: 'low',
        },
      );
    }
    if (files.length)
      return ctx.gap('empty', [ctx.at(files[0]!.path, 1, 'empty license file')], { data: { file: files[0]!.path } });
    return ctx.gap('missing', [
      ctx.missing(
        ['LICENSE', 'LICENSE.md', 'LICENCE', 'COPYING', 'package.json license', 'pyproject.toml license'],
        'no license file or license field',
      ),
    ]);
  },
});

function manifestLicense(repo: RepoIndex): { path: string; line?: number; license: string } | undefined {
  const lineOf = (p: string, re: RegExp): number | undefined => {
    const i = repo.lines(p).findIndex((l) => re.test(l));
    return i >= 0 ? i + 1 : undefined;
  };
  const pkg = repo.json('package.json') as { license?: unknown } | undefined;
  if (typeof pkg?.license === 'string' && pkg.license)
    return { path: 'package.json', line: lineOf('package.json', /"license"\s*:/), license: pkg.license };
  for (const [p, re] of [
    ['pyproject.toml', /^\s*license\s*=\s*(?:\{\s*(?:text|file)\s*=\s*)?["']([^"']+)["']/],
    ['Cargo.toml', /^\s*license\s*=\s*["']([^"']+)["']/],
    ['setup.cfg', /^\s*license\s*=\s*(\S.*)$/],
    ['setup.py', /\blicense\s*=\s*["']([^"']+)["']/],
  ] as [string, RegExp][]) {
    if (!repo.has(p)) continue;
    const l = lineOf(p, re);
    if (l) return { path: p, line: l, license: re.exec(repo.lines(p)[l - 1]!)![1]!.trim() };
  }
  for (const f of repo.glob('*.gemspec')) {
    const m = repo.grepFirst(/\.licen[cs]es?\s*=\s*\[?\s*["']([^"']+)["']/, { paths: [f.path] });
    if (m) return { path: f.path, line: m.line, license: m.groups[1]! };
  }
  if (repo.has('pom.xml')) {
    const m = repo.grepFirst(/<license>\s*(?:<name>([^<]+)<\/name>)?|<name>([^<]*License[^<]*)<\/name>/, {
      paths: ['pom.xml'],
    });
    if (m) return { path: 'pom.xml', line: m.line, license: m.groups[1] || m.groups[2] || 'declared in <licenses>' };
  }
  return undefined;
}

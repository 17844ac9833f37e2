import { defineRule, type RepoIndex } from '../../src/sdk/index.js';

/** LICENSE, COPYING, UNLICENSE, and the license-named forms generators write (Rails' and gems' `MIT-LICENSE`). */
const LICENSE_FILE =
  /^(?:(?:mit|apache|bsd|gpl|lgpl|agpl|mpl|isc)[\w.]*[-_])?(licen[cs]e|copying|unlicense)([-.][\w.-]+)?$/i;
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
    scope: 'repository',
    docs: {
      why: 'Without a license nobody (including other teams, contractors or acquirers) knows whether they may use, change or ship the code; for proprietary code a notice still makes ownership explicit.',
      how: 'Looks for a LICENSE / LICENCE / COPYING / UNLICENSE file (or one named after its license, like MIT-LICENSE) at the root with the license text (and names the license it recognises). A license declared only in package.json, pyproject.toml, Cargo.toml, a gemspec or pom.xml is a gap: the field names a license, the file is what grants it. An empty license file, or one that only names a license without its text, does not count.',
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
      noText: 'The license file {{file}} names a license but does not contain its text.',
      missing: 'No LICENSE file was found.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['license', 'licence'],
  },
  check(ctx) {
    const files = ctx.repo.files.filter((f) => !f.path.includes('/') && LICENSE_FILE.test(f.path));
    const texts = files.map((f) => ({ path: f.path, text: (ctx.repo.read(f.path) ?? '').trim() }));
    // The text of a license: one this rule recognises, or a custom text long enough to be one (not "MIT" or "see package.json").
    const withText = texts.filter((f) => SPDX.some(([re]) => re.test(f.text)) || f.text.length >= 200);
    if (withText.length) {
      const f = withText[0]!;
      const license = SPDX.find(([re]) => re.test(f.text))?.[1] ?? 'license text';
      return ctx.pass(
        withText.map((x) => ctx.at(x.path, 1, 'license file')),
        { data: { license, file: f.path }, messageId: 'found' },
      );
    }
    const shortFile = texts.find((f) => f.text.length > 0);
    if (shortFile)
      return ctx.gap('noText', [ctx.at(shortFile.path, 1, 'no license text')], { data: { file: shortFile.path } });
    if (files.length)
      return ctx.gap('empty', [ctx.at(files[0]!.path, 1, 'empty license file')], { data: { file: files[0]!.path } });
    const declared = manifestLicense(ctx.repo);
    if (declared) {
      return ctx.gap(
        'manifestOnly',
        [
          ctx.at(declared.path, declared.line, `license field: ${declared.license}`),
          ctx.missing(['LICENSE', 'LICENSE.md', 'LICENCE', 'COPYING'], 'no license file'),
        ],
        { data: { license: declared.license, file: declared.path } },
      );
    }
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

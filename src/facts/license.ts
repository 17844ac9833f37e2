import type { RepoIndex } from '../repo/index.js';

/** LICENSE, COPYING, UNLICENSE, and the license-named forms generators write (Rails' and gems' `MIT-LICENSE`). */
const LICENSE_FILE =
  /^(?:(?:mit|apache|bsd|gpl|lgpl|agpl|mpl|isc)[\w.]*[-_])?(licen[cs]e|copying|unlicense)([-.][\w.-]+)?$/i;
const SPDX: [RegExp, string][] = [
  // Source-available licences first: they name the open licence they later change to ("Change License: Apache
  // License, Version 2.0") or quote others.
  [/^\s*Business Source License/i, 'BUSL-1.1'],
  [/^\s*Functional Source License/i, 'FSL'],
  [/^\s*Server Side Public License/i, 'SSPL-1.0'],
  [/^\s*Elastic License 2\.0/i, 'Elastic-2.0'],
  // The MPL's own title before the GNU licences its text names as "Secondary Licenses".
  [/^\s*Mozilla Public License,?\s+(version\s+)?2\.0/i, 'MPL-2.0'],
  [/^\s*Sustainable Use License/i, 'Sustainable-Use-1.0'],
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

/** A root license file and its text (trimmed). */
export interface LicenseFile {
  path: string;
  text: string;
  /** The license its text is recognised as (MIT, Apache-2.0 … or 'proprietary'). */
  spdx?: string;
}

/** A license named by a manifest field (package.json, pyproject.toml, Cargo.toml, setup.cfg/py, gemspec, pom.xml). */
export interface DeclaredLicense {
  path: string;
  line?: number;
  license: string;
}

export interface LicenseFacts {
  /** LICENSE, COPYING, UNLICENSE … at the root of the repository. */
  files: LicenseFile[];
  declared?: DeclaredLicense;
}

export function detectLicense(repo: RepoIndex): LicenseFacts {
  const files = repo.files
    .filter((f) => !f.path.includes('/') && LICENSE_FILE.test(f.path))
    .map((f) => {
      const text = (repo.read(f.path) ?? '').trim();
      const spdx = SPDX.find(([re]) => re.test(text))?.[1];
      return { path: f.path, text, ...(spdx ? { spdx } : {}) };
    });
  const declared = manifestLicense(repo);
  return { files, ...(declared ? { declared } : {}) };
}

function manifestLicense(repo: RepoIndex): DeclaredLicense | undefined {
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

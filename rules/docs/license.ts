import { defineRule } from '../../src/sdk/index.js';

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
    const { files, declared } = ctx.facts.license;
    const texts = files;
    // The text of a license: one the fact recognises, or a custom text long enough to be one (not "MIT" or "see package.json").
    const withText = texts.filter((f) => f.spdx || f.text.length >= 200);
    if (withText.length) {
      const f = withText[0]!;
      const license = f.spdx ?? 'license text';
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

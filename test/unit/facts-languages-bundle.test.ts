import { describe, expect, it } from 'vitest';
import { isBundle } from '../../src/facts/languages.js';

describe('facts: languages — built, bundled and vendored scripts', () => {
  const header = '/*\n\tCopyright (c) 2012-2021, Some Toolkit Authors.\n\tSee LICENSE for the terms.\n*/\n\n';
  const module =
    'define("kit/api/Store",["../declare"],function(d){return d("kit.api.Store",null,{get:function(){throw new Error("Unimplemented API");}});});\n';

  it('takes a script the Dojo builder wrote (its `//>>built` mark under the licence) for a built copy', () => {
    expect(isBundle('lib/kit/api/Store.js', `${header}//>>built\n${module}`)).toBe(true);
    expect(isBundle('public/js/dijit/Menu.js', `//>>built\n${module}`)).toBe(true);
  });

  it('does not take the mark for one when it is not a line of its own, not near the top, or not in a script', () => {
    expect(isBundle('lib/kit/api/Store.js', `${header}${module}`)).toBe(false);
    expect(isBundle('lib/kit/api/Store.js', `${header}// see //>>built in the profile docs\n${module}`)).toBe(false);
    expect(
      isBundle(
        'lib/kit/api/Store.js',
        `${header}${'// filler line of a hand-written file\n'.repeat(30)}//>>built\n${module}`,
      ),
    ).toBe(false);
    expect(isBundle('lib/kit/api/Store.php', `<?php\n//>>built\n$x = 1;\n`)).toBe(false);
  });
});

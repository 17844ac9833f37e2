import { describe, expect, it } from 'vitest';
import { remixRoutes } from '../../src/facts/routes-remix.js';

const read = (text: string) =>
  remixRoutes('app/routes.ts', text).map((r) => `${r.method} ${r.path}${r.page ? ' (page)' : ''} @${r.line}`);

describe('remixRoutes', () => {
  it('joins nested prefixes and reads each method helper, form() as its page and its action', () => {
    const text = [
      "import { form, get, post, route } from 'remix/routes';",
      'export const routes = route({',
      "  home: get('/'),",
      "  shop: route('shop', {",
      "    index: get('/'),",
      "    item: get(':id'),",
      "    checkout: form('checkout'),",
      '  }),',
      "  hooks: route('/_hooks', { stripe: post('/stripe') }),",
      "  about: '/about',",
      '});',
    ].join('\n');
    expect(read(text)).toEqual([
      'GET / (page) @3',
      'GET /shop (page) @5',
      'GET /shop/:id (page) @6',
      'GET /shop/checkout (page) @7',
      'POST /shop/checkout @7',
      'POST /_hooks/stripe @9',
      'ANY /about @10',
    ]);
  });

  it('reads a top-level map given a prefix, and nothing from other calls named like helpers', () => {
    expect(read("export const admin = route('admin', { users: get('users') });")).toEqual([
      'GET /admin/users (page) @1',
    ]);
    expect(read("const x = get('/health'); router.route({ a: 1 });")).toEqual([]);
  });
});

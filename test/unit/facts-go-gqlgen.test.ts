import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const factsOf = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files));

/** A gqlgen directive that refuses callers not signed in (with `refusal`) and callers without the role it names. */
const directive = (refusal: string) =>
  [
    'package guard',
    '',
    'import (',
    '\t"context"',
    '\t"errors"',
    '',
    '\t"github.com/99designs/gqlgen/graphql"',
    ')',
    '',
    'type Member struct{ Admin bool }',
    '',
    'func MemberFrom(ctx context.Context) *Member { m, _ := ctx.Value("member").(*Member); return m }',
    '',
    'func Allowed() func(ctx context.Context, obj interface{}, next graphql.Resolver, role string) (interface{}, error) {',
    '\treturn func(ctx context.Context, obj interface{}, next graphql.Resolver, role string) (interface{}, error) {',
    '\t\tmember := MemberFrom(ctx)',
    '\t\tif member == nil {',
    `\t\t\treturn nil, errors.New("${refusal}")`,
    '\t\t}',
    '\t\tif role == "ADMIN" && !member.Admin {',
    '\t\t\treturn nil, errors.New("permission denied")',
    '\t\t}',
    '\t\treturn next(ctx)',
    '\t}',
    '}',
  ].join('\n');

/** A gqlgen server whose main hands the directive to the schema by `wiring` (lines inside main). */
const gqlgenService = (wiring: string[], refusal = 'please sign in first') =>
  factsOf({
    'go.mod': 'module example.com/ledgerbook\n\ngo 1.22\n\nrequire github.com/99designs/gqlgen v0.17.49\n',
    'guard/guard.go': directive(refusal),
    'main.go': [
      'package main',
      '',
      'import (',
      '\t"net/http"',
      '',
      '\t"github.com/99designs/gqlgen/graphql/handler"',
      '',
      '\t"example.com/ledgerbook/generated"',
      '\t"example.com/ledgerbook/guard"',
      ')',
      '',
      'func main() {',
      ...wiring,
      '\thttp.Handle("/query", handler.NewDefaultServer(generated.NewExecutableSchema(c)))',
      '\t_ = http.ListenAndServe(":8080", nil)',
      '}',
    ].join('\n'),
  });

describe('facts: gqlgen directives', () => {
  it('a directive function in the DirectiveRoot given to the schema is applied, for authorization and sign-in', () => {
    const f = gqlgenService([
      '\tc := generated.Config{',
      '\t\tDirectives: generated.DirectiveRoot{',
      '\t\t\tAllowed: guard.Allowed(),',
      '\t\t},',
      '\t}',
    ]);
    expect(f.authorization.applied?.how).toBe('Allowed applied as gqlgen schema directive');
    expect(f.authorization.applied?.sites.map((s) => [s.path, s.line])).toEqual([
      ['guard/guard.go', 20],
      ['main.go', 15],
    ]);
    expect(f.authn.code?.how).toBe('Allowed applied as gqlgen schema directive');
  });

  it('so is one assigned to the Config (`c.Directives.Allowed = …`)', () => {
    const f = gqlgenService(['\tc := generated.Config{}', '\tc.Directives.Allowed = guard.Allowed()']);
    expect(f.authorization.applied?.how).toBe('Allowed applied as gqlgen schema directive');
  });

  it('a struct field naming the function outside a DirectiveRoot applies nothing', () => {
    const f = gqlgenService([
      '\ttype pending struct{ Check interface{} }',
      '\t_ = pending{',
      '\t\tCheck: guard.Allowed(),',
      '\t}',
      '\tc := generated.Config{',
      '\t\tDirectives: generated.DirectiveRoot{',
      '\t\t\tOther: nil,',
      '\t\t},',
      '\t}',
    ]);
    expect(f.authorization.applied).toBeUndefined();
    expect(f.authorization.notWired.map((n) => n.name)).toEqual(['Allowed']);
  });

  it('a field of a DirectiveRoot written on one line is applied', () => {
    const f = gqlgenService(['	c := generated.Config{Directives: generated.DirectiveRoot{Allowed: guard.Allowed()}}']);
    expect(f.authorization.applied?.how).toBe('Allowed applied as gqlgen schema directive');
  });

  it('a nil check counts as a sign-in check only when its error asks the caller to sign in', () => {
    const wiring = [
      '\tc := generated.Config{',
      '\t\tDirectives: generated.DirectiveRoot{',
      '\t\t\tAllowed: guard.Allowed(),',
      '\t\t},',
      '\t}',
    ];
    expect(gqlgenService(wiring, 'you need to log in').authn.code?.evidence[0]).toMatchObject({
      path: 'guard/guard.go',
      line: 17,
    });
    expect(gqlgenService(wiring, 'not authenticated').authn.code).toBeDefined();
    expect(gqlgenService(wiring, 'you must be logged in').authn.code).toBeDefined();
    expect(gqlgenService(wiring, 'login required').authn.code).toBeDefined();
    expect(gqlgenService(wiring, 'authentication required').authn.code).toBeDefined();
    expect(gqlgenService(wiring, 'member not found').authn.code).toBeUndefined();
    expect(gqlgenService(wiring, 'wrong password, log in again').authn.code).toBeUndefined();
    // "signing" is no sign-in: a missing dependency refused at start-up asks the caller for nothing.
    expect(gqlgenService(wiring, 'a key service is required to decrypt the signing secret').authn.code).toBeUndefined();
  });
});

describe('facts: retention of Go SQL deletes', () => {
  const service = (statement: string) =>
    factsOf({
      'go.mod': 'module example.com/probe\n\ngo 1.22\n\nrequire github.com/jackc/pgx/v5 v5.6.0\n',
      'main.go': [
        'package main',
        '',
        'import (',
        '\t"context"',
        '\t"fmt"',
        '\t"time"',
        '',
        '\t"github.com/jackc/pgx/v5/pgxpool"',
        ')',
        '',
        'var pool *pgxpool.Pool',
        '',
        'func dropRows(ctx context.Context, table string, limit time.Time) {',
        `\t_, _ = pool.Exec(ctx, ${statement}, limit)`,
        '}',
        '',
        'func main() { _ = fmt.Sprint() }',
      ].join('\n'),
    }).retention.cleanup;

  it('a DELETE bounding a timestamp column by a bound parameter deletes by age', () => {
    expect(service('"DELETE FROM hits WHERE created_at < $1"').map((c) => [c.path, c.line, c.note])).toEqual([
      ['main.go', 14, 'deletes records older than a cutoff (dropRows)'],
    ]);
    expect(service('"DELETE FROM hits WHERE ts_stamp <= ?"')).toHaveLength(1);
    expect(service('fmt.Sprintf("DELETE FROM %s WHERE created_at < \'%s\'", table, limit)')).toHaveLength(1);
  });

  it('a DELETE by key, or a timestamp bound by a literal, is no cutoff', () => {
    expect(service('"DELETE FROM hits WHERE id = $1"')).toEqual([]);
    expect(service('"DELETE FROM hits WHERE created_at < \'2020-01-01\'"')).toEqual([]);
  });
});

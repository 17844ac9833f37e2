import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const authn = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files)).authn;

describe('facts: authentication off by default', () => {
  const dotnet = (whileOff: string) =>
    authn({
      'Shop.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>\n',
      'Program.cs': [
        'var builder = WebApplication.CreateBuilder(args);',
        'builder.Services.AddAuthentication("Shop").AddScheme<AuthenticationSchemeOptions, ShopHandler>("Shop", null);',
        'var app = builder.Build();',
        'app.MapGet("/orders", [Authorize] () => "[]");',
        'app.Run();',
      ].join('\n'),
      'ShopHandler.cs': [
        'public class ShopHandler : AuthenticationHandler<AuthenticationSchemeOptions>',
        '{',
        '    private bool authenticationEnabled = false;',
        '    protected override Task<AuthenticateResult> HandleAuthenticateAsync()',
        '    {',
        '        if (!authenticationEnabled)',
        '        {',
        `            return Task.FromResult(${whileOff});`,
        '        }',
        '        return Task.FromResult(AuthenticateResult.Fail("no key"));',
        '    }',
        '}',
      ].join('\n'),
    });

  it('a .NET authentication handler signing everyone in while its switch is off; not one failing them', () => {
    expect(dotnet('AuthenticateResult.Success(Anyone())').offByDefault).toMatchObject({
      path: 'ShopHandler.cs',
      line: 6,
    });
    expect(dotnet('AuthenticateResult.NoResult()').offByDefault).toBeUndefined();
  });

  it("a Go check returning true while the service's credential store is nil; not one on the request's value", () => {
    const go = (cond: string) =>
      authn({
        'go.mod': 'module example.com/kv\n\ngo 1.22\n',
        'main.go': [
          'package main',
          '',
          'import "net/http"',
          '',
          'type server struct{ users map[string]string }',
          '',
          'func (s *server) allowed(r *http.Request) bool {',
          `\tif ${cond} {`,
          '\t\treturn true',
          '\t}',
          '\tuser, pass, ok := r.BasicAuth()',
          '\treturn ok && s.users[user] == pass',
          '}',
          '',
          'func (s *server) get(w http.ResponseWriter, r *http.Request) {',
          '\tif !s.allowed(r) {',
          '\t\tw.WriteHeader(http.StatusUnauthorized)',
          '\t\treturn',
          '\t}',
          '}',
          '',
          'func main() {',
          '\ts := &server{}',
          '\thttp.HandleFunc("/get", s.get)',
          '\thttp.ListenAndServe(":4001", nil)',
          '}',
        ].join('\n'),
      }).code;
    expect(go('s.users == nil')?.confidence).toBe('low');
    const onRequest = go('r.userAgent == ""');
    expect(onRequest).toBeDefined();
    expect(onRequest?.confidence).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const factsOf = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files));

/** A small Kratos service: its HTTP transport, std logger, config source and (optionally) JWT middleware. */
const kratosService = (middleware = '') =>
  factsOf({
    'go.mod': 'module example.com/depot\n\ngo 1.22\n\nrequire github.com/go-kratos/kratos/v2 v2.7.2\n',
    'cmd/depot/main.go': [
      'package main',
      '',
      'import (',
      '\t"flag"',
      '\t"os"',
      '',
      '\t"github.com/go-kratos/kratos/v2"',
      '\t"github.com/go-kratos/kratos/v2/config"',
      '\t"github.com/go-kratos/kratos/v2/config/file"',
      '\t"github.com/go-kratos/kratos/v2/log"',
      '\t"github.com/go-kratos/kratos/v2/middleware/auth/jwt"',
      '\t"github.com/go-kratos/kratos/v2/transport/http"',
      ')',
      '',
      'var dir string',
      '',
      'func main() {',
      '\tflag.StringVar(&dir, "conf", "../../configs", "settings folder")',
      '\tflag.Parse()',
      '\tc := config.New(config.WithSource(file.NewSource(dir)))',
      '\t_ = c.Load()',
      '\tlogger := log.With(log.NewStdLogger(os.Stdout), "ts", log.DefaultTimestamp)',
      `\tsrv := http.NewServer(http.Address(":8000")${middleware})`,
      '\tsrv.HandleFunc("/v1/crates", func(w http.ResponseWriter, r *http.Request) {})',
      '\t_ = kratos.New(kratos.Logger(logger), kratos.Server(srv)).Run()',
      '}',
    ].join('\n'),
    'configs/config.yaml': 'server:\n  addr: ":8000"\n',
  });

describe('facts: Go services on Kratos', () => {
  it("serves HTTP through Kratos' transport (a net/http server)", () => {
    expect(kratosService().frameworks.has('net/http')).toBe(true);
    // The same call from another package is no Kratos server.
    expect(
      factsOf({
        'go.mod': 'module example.com/x\n',
        'main.go': 'package main\n\nimport "example.com/x/http"\n\nfunc main() { _ = http.NewServer() }\n',
      }).frameworks.has('net/http'),
    ).toBe(false);
  });

  it('reads the config source as configuration and the std logger as levelled key=value fields', () => {
    const f = kratosService();
    expect(f.config.reads.map((r) => r.via)).toContain('config source (Kratos / go-micro file source)');
    expect(f.logging.low.map((h) => [h.signal.name, h.match.path, h.match.line])).toEqual([
      ['Kratos std logger', 'cmd/depot/main.go', 22],
    ]);
  });

  it("reads Kratos' logger under an alias or as log.DefaultLogger, and never calls the framework's module an unused logger", () => {
    const main = (imports: string, body: string) =>
      factsOf({
        'go.mod': 'module example.com/depot\n\ngo 1.22\n\nrequire github.com/go-kratos/kratos/v2 v2.7.2\n',
        'main.go': `package main\n\nimport (\n${imports}\n)\n\nfunc main() {\n${body}\n}\n`,
      }).logging;
    const aliased = main(
      '\t"os"\n\tklog "github.com/go-kratos/kratos/v2/log"',
      '\tlogger := klog.NewStdLogger(os.Stdout)\n\t_ = logger',
    );
    expect(aliased.low.map((h) => h.signal.name)).toEqual(['Kratos std logger']);
    const byDefault = main('\t"github.com/go-kratos/kratos/v2/log"', '\tlog.NewHelper(log.DefaultLogger).Info("up")');
    expect(byDefault.low.map((h) => h.signal.name)).toEqual(['Kratos std logger']);
    // Only Kratos' transport: its module is no logger declared and left unused.
    const transport = main(
      '\t"github.com/go-kratos/kratos/v2/transport/http"',
      '\t_ = http.NewServer(http.Address(":8000"))',
    );
    expect(transport.declared()).toBeUndefined();
  });

  it('counts jwt.Server in the middleware as authentication applied', () => {
    const applied = kratosService(
      ', http.Middleware(jwt.Server(func(*jwtv4.Token) (interface{}, error) { return key, nil }))',
    ).authn.applied;
    expect(applied.map((a) => a.label)).toContain('Kratos JWT middleware (jwt.Server)');
    expect(kratosService().authn.applied).toEqual([]);
  });
});

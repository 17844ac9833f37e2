import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { localSocketOnly } from '../../src/facts/probe-only.js';
import { RepoIndex } from '../../src/repo/index.js';

const local = (files: Record<string, string>) => localSocketOnly(new Facts(RepoIndex.fromMemory(files)))?.note;

const GO_MOD = 'module example.com/agent\n\ngo 1.22\n';

/** An agent whose HTTP control API is served on the listener `listen` opens, with `extra` lines in main. */
const goAgent = (listen: string, extra: string[] = [], imports: string[] = []) =>
  [
    'package main',
    '',
    'import (',
    '\t"log"',
    '\t"net"',
    '\t"net/http"',
    ...imports.map((i) => `\t${i}`),
    ')',
    '',
    'func main() {',
    `\tln, err := ${listen}`,
    '\tif err != nil {',
    '\t\tlog.Fatal(err)',
    '\t}',
    ...extra.map((l) => `\t${l}`),
    '\tmux := http.NewServeMux()',
    '\tmux.HandleFunc("/peers", func(w http.ResponseWriter, r *http.Request) {})',
    '\tsrv := &http.Server{Handler: mux}',
    '\tlog.Fatal(srv.Serve(ln))',
    '}',
  ].join('\n');

describe('a local control API (localSocketOnly)', () => {
  it('a Go server on a Unix socket listener names the socket', () => {
    expect(local({ 'go.mod': GO_MOD, 'main.go': goAgent('net.Listen("unix", "/run/agent.sock")') })).toContain(
      'main.go:10: ln, err := net.Listen("unix", "/run/agent.sock")',
    );
  });

  it('a profiler on a local port and a login callback server do not make it a network API', () => {
    const files = {
      'go.mod': GO_MOD,
      'main.go': goAgent('net.Listen("unix", "/run/agent.sock")'),
      'pprof.go':
        'package main\n\nimport (\n\t"net/http"\n\t_ "net/http/pprof"\n)\n\nfunc init() { go http.ListenAndServe("localhost:6060", nil) }\n',
      'login.go': [
        'package main',
        '',
        'import (',
        '\t"net/http"',
        '\t"golang.org/x/oauth2"',
        ')',
        '',
        'func waitForCode(cfg *oauth2.Config) {',
        '\tsrv := &http.Server{Addr: ":53682"}',
        '\tsrv.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { cfg.Exchange(r.Context(), r.URL.Query().Get("code")) })',
        '\tsrv.ListenAndServe()',
        '}',
      ].join('\n'),
    };
    expect(local(files)).toContain('a local control API');
  });

  it('a TCP listener whose connections the agent accepts by hand (its own protocol) is not the API', () => {
    const files = {
      'go.mod': GO_MOD,
      'main.go': goAgent('net.Listen("unix", "/run/agent.sock")'),
      'forward.go':
        'package main\n\nimport "net"\n\nfunc forward() {\n\tln, _ := net.Listen("tcp", "127.0.0.1:2222")\n\tfor {\n\t\tc, _ := ln.Accept()\n\t\t_ = c\n\t}\n}\n',
    };
    expect(local(files)).toContain('a local control API');
  });

  it('a server that also listens on a TCP port, or an image that exposes one, is a network API', () => {
    const tcp = goAgent('net.Listen("unix", "/run/agent.sock")', [
      'remote, _ := net.Listen("tcp", ":7300")',
      'go http.Serve(remote, nil)',
    ]);
    expect(local({ 'go.mod': GO_MOD, 'main.go': tcp })).toBeUndefined();
    expect(
      local({
        'go.mod': GO_MOD,
        'main.go': goAgent('net.Listen("unix", "/run/agent.sock")'),
        Dockerfile: 'FROM golang:1.22\nCOPY . .\nRUN go build -o /agent .\nEXPOSE 7300\nCMD ["/agent"]\n',
      }),
    ).toBeUndefined();
  });

  it("another daemon's socket the service dials is no listen address", () => {
    const main = goAgent('net.Listen(network, address)', ['network, address := "tcp", ":8080"']).replace(
      'func main() {',
      'const dockerSocketAddr = "unix:///var/run/docker.sock"\n\nfunc main() {',
    );
    expect(local({ 'go.mod': GO_MOD, 'main.go': main })).toBeUndefined();
  });

  it('Node: listen on a socket path, and the near miss listening on a port', () => {
    const pkg = JSON.stringify({ name: 'spool', main: 'server.js', dependencies: { express: '^4.21.0' } });
    const server = (listen: string) =>
      `const express = require('express');\nconst app = express();\napp.get('/jobs', (req, res) => res.json([]));\n${listen}\n`;
    expect(local({ 'package.json': pkg, 'server.js': server("app.listen('/run/spool.sock');") })).toContain(
      "server.js:4: app.listen('/run/spool.sock');",
    );
    expect(
      local({ 'package.json': pkg, 'server.js': server('app.listen(process.env.PORT || 3000);') }),
    ).toBeUndefined();
  });
});

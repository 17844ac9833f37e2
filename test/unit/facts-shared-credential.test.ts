import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const shared = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files)).sharedCredential;

const FLASK = (check: string, extra = '') => ({
  'requirements.txt': 'flask==3.0.3\n',
  'app/__init__.py': [
    'import os',
    'from flask import Flask, abort, request',
    'app = Flask(__name__)',
    'app.config["CALLER_TOKENS"] = os.environ.get("CALLER_TOKENS", "")',
    extra,
    '',
    '@app.before_request',
    'def check_caller():',
    '    presented_token = request.headers.get("Authorization", "").removeprefix("Bearer ")',
    `    ${check}`,
    '        abort(401)',
    '',
    '@app.get("/files/<name>")',
    'def get_file(name):',
    '    return {"name": name}',
  ].join('\n'),
});

const GO = (compare: string, extra = '') => ({
  'go.mod': 'module example.com/relay\n\ngo 1.22\n',
  'main.go': [
    'package main',
    '',
    'import (',
    '\t"crypto/subtle"',
    '\t"net/http"',
    '\t"os"',
    ')',
    extra,
    'func requireToken(token string, next http.Handler) http.Handler {',
    '\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {',
    '\t\tpresented := r.Header.Get("X-Relay-Token")',
    `\t\tif ${compare} {`,
    '\t\t\thttp.Error(w, "unauthorized", http.StatusUnauthorized)',
    '\t\t\treturn',
    '\t\t}',
    '\t\tnext.ServeHTTP(w, r)',
    '\t})',
    '}',
    '',
    'func main() {',
    '\tmux := http.NewServeMux()',
    '\tmux.Handle("POST /hooks", requireToken(os.Getenv("RELAY_TOKEN"), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})))',
    '\thttp.ListenAndServe(":8080", mux)',
    '}',
  ].join('\n'),
});

describe('facts: one credential shared by every caller', () => {
  it('a token looked for in a list of equal keys from one setting is shared; keys carrying scopes are not', () => {
    const list = shared(FLASK('if presented_token not in app.config["CALLER_TOKENS"].split(","):'));
    expect(list && `${list.path}:${list.line}`).toBe('app/__init__.py:10');
    expect(list?.note).toMatch(/^the presented token looked for in a list of equal keys/);
    const scoped = FLASK(
      'if presented_token not in app.config["CALLER_TOKENS"].split(",") or "write" not in request_scopes():',
    );
    expect(shared(scoped)).toBeUndefined();
  });

  it('a service keeping user accounts has callers who are someone, whatever the key shape', () => {
    const files = FLASK(
      'if presented_token not in app.config["CALLER_TOKENS"].split(","):',
      'class User:\n    __tablename__ = "users"',
    );
    expect(
      shared({ ...files, 'schema.sql': 'CREATE TABLE users (id bigserial PRIMARY KEY, email text);\n' }),
    ).toBeUndefined();
  });

  it('a constant-time compare with a token from the environment is shared; tokens that are JWTs naming users are not', () => {
    const go = shared(GO('subtle.ConstantTimeCompare([]byte(presented), []byte(token)) != 1'));
    expect(go && `${go.path}:${go.line}`).toBe('main.go:12');
    expect(go?.note).toMatch(/^a constant-time compare with one secret/);
    const people = {
      ...GO('subtle.ConstantTimeCompare([]byte(presented), []byte(token)) != 1'),
      'people.go':
        'package main\n\nimport "github.com/golang-jwt/jwt/v5"\n\nfunc subject(raw string) (*jwt.Token, error) {\n\treturn jwt.Parse(raw, nil)\n}\n',
    };
    expect(shared(people)).toBeUndefined();
  });

  it('a request signed with one HMAC secret (turbofish form) is shared', () => {
    const hit = shared({
      'Cargo.toml': '[package]\nname = "q"\nversion = "0.1.0"\n\n[dependencies]\naxum = "0.7"\nhmac = "0.12"\n',
      'src/main.rs': [
        'use axum::{extract::{Request, State}, http::StatusCode, middleware::{self, Next}, response::Response, routing::post, Router};',
        'async fn check(State(settings): State<Settings>, req: Request, next: Next) -> Result<Response, StatusCode> {',
        '    let signature = req.headers().get("x-signature").ok_or(StatusCode::UNAUTHORIZED)?;',
        '    let mut mac = Hmac::<Sha256>::new_from_slice(settings.secret.as_bytes()).unwrap();',
        '    if mac.verify_slice(signature.as_bytes()).is_err() { return Err(StatusCode::UNAUTHORIZED); }',
        '    Ok(next.run(req).await)',
        '}',
        '#[tokio::main]',
        'async fn main() {',
        '    let app = Router::new().route("/jobs", post(|| async { "ok" })).layer(middleware::from_fn_with_state(Settings::load(), check));',
        '    axum::serve(tokio::net::TcpListener::bind("0.0.0.0:7000").await.unwrap(), app).await.unwrap();',
        '}',
      ].join('\n'),
    });
    expect(hit && `${hit.path}:${hit.line}`).toBe('src/main.rs:4');
  });
});

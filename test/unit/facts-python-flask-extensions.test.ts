import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

// Python services on Flask and Celery: the project's own Celery decorators, flask-restx namespaces, Flask-Principal
// permissions, boto3's DynamoDB, Faker providers, configuration errors, the retrying package, app-wide blueprint hooks.
const facts = (files: Record<string, string>) =>
  new Facts(
    RepoIndex.fromMemory({
      'requirements.txt': 'flask==3.0.3\n',
      Procfile: 'web: gunicorn app.main:app\n',
      'app/__init__.py': '',
      ...files,
    }),
  );

describe('Celery tasks declared through a decorator of the project', () => {
  const queue = [
    'from celery import Celery',
    '',
    'celery = Celery("svc")',
    '',
    'def task(*args, **kwargs):',
    '    return celery.task(*args, **kwargs)',
    '',
    'def job(name, **kwargs):',
    '    return task(name=name, bind=True, **kwargs)',
    '',
  ].join('\n');
  it('reads `@job(...)` imported from the module that wraps celery.task as a Celery task', () => {
    const f = facts({
      'app/queue.py': queue,
      'app/jobs.py': 'from app.queue import job\n\n\n@job("purge")\ndef purge(self):\n    pass\n',
      'app/main.py': 'from flask import Flask\nfrom app import jobs\n\napp = Flask(__name__)\n',
    });
    expect(f.messaging.consumers.map((c) => [c.system, c.path, c.line])).toEqual([['Celery', 'app/jobs.py', 4]]);
  });
  it('does not read a same-named decorator imported from elsewhere (an invoke task)', () => {
    const f = facts({
      'app/queue.py': queue,
      'app/jobs.py': 'from invoke import task\n\n\n@task\ndef build(c):\n    pass\n',
      'app/main.py': 'from flask import Flask\nfrom app import jobs, queue\n\napp = Flask(__name__)\n',
    });
    expect(f.messaging.consumers).toEqual([]);
  });
});

describe('flask-restx namespaces', () => {
  it("serves a namespace's routes under its name (or path=) inside the Api's blueprint prefix", () => {
    const f = facts({
      'requirements.txt': 'flask==3.0.3\nflask-restx==1.3.0\n',
      'app/api.py':
        'from flask import Blueprint\nfrom flask_restx import Api\n\nv1 = Blueprint("v1", __name__, url_prefix="/api/1")\napi = Api(v1)\n',
      'app/users.py': [
        'from flask import Blueprint',
        'from flask_restx import Resource',
        'from app.api import api',
        '',
        'legacy = Blueprint("legacy", __name__, url_prefix="/old")',
        'ns = api.namespace("users", "Users")',
        'me = api.namespace("me", "Myself", path="/self")',
        '',
        '@ns.route("/<id>")',
        'class User(Resource):',
        '    def get(self, id): ...',
        '',
        '@me.route("/metrics/")',
        'class Mine(Resource):',
        '    def get(self): ...',
        '',
      ].join('\n'),
      'app/main.py':
        'from flask import Flask\nfrom app.api import v1\nfrom app import users\n\napp = Flask(__name__)\napp.register_blueprint(v1)\n',
    });
    expect(f.service.routes.filter((r) => r.file === 'app/users.py').map((r) => r.fullPath)).toEqual([
      '/api/1/users/<id>',
      '/api/1/self/metrics',
    ]);
  });
});

describe('Flask-Principal, boto3 DynamoDB, Faker providers, configuration errors, retrying, app-wide hooks', () => {
  it('reads permissions required or tested as authorization', () => {
    const f = facts({
      'app/main.py': [
        'from flask import Flask',
        'from flask_principal import Permission, RoleNeed',
        '',
        'app = Flask(__name__)',
        'editors = Permission(RoleNeed("editor"))',
        '',
        '@app.post("/api/v1/pages")',
        'def create():',
        '    with editors.require(http_exception=403):',
        '        return "", 201',
        '',
      ].join('\n'),
    });
    expect(f.authorization.applied?.how).toBe('Flask-Principal permission required');
    expect(f.authorization.applied?.sites[0]?.line).toBe(9);
  });
  it("reads boto3's DynamoDB client as the service's own key-value store", () => {
    const f = facts({
      'app/main.py':
        'import boto3\nfrom flask import Flask\n\napp = Flask(__name__)\ndb = boto3.client("dynamodb", region_name="eu-west-1")\n',
    });
    expect(f.database.uses.map((u) => [u.library, u.kind, u.line])).toContainEqual(['dynamodb', 'key-value', 5]);
  });
  it('leaves the made-up values of a Faker provider out of the mocks, not a fake returned elsewhere', () => {
    const provider = [
      'from faker.providers import BaseProvider',
      '',
      'class Names(BaseProvider):',
      '    def name(self):',
      '        fake_name = self.random_element(("a", "b"))',
      '        return fake_name',
      '',
      'def lookup():',
      '    fake_answer = {}',
      '    return fake_answer',
      '',
    ].join('\n');
    const f = facts({
      'app/sample.py': provider,
      'app/main.py': 'from flask import Flask\nfrom app import sample\n\napp = Flask(__name__)\n',
    });
    expect(f.mocks.sites.map((s) => [s.path, s.line])).toEqual([['app/sample.py', 10]]);
  });
  it('reads a configuration error raised for a missing setting as a hand-written start-up check', () => {
    const f = facts({
      'app/main.py': [
        'from flask import Flask',
        'from app.errors import ConfigError',
        '',
        '',
        'def init_app(app):',
        '    if not app.config.get("SECRET_KEY"):',
        '        raise ConfigError("SECRET_KEY must be set")',
        '',
        'def serve(app):',
        '    raise ConfigError("token invalid")',
        '',
        'app = Flask(__name__)',
        'init_app(app)',
        '',
      ].join('\n'),
      'app/errors.py': 'class ConfigError(ValueError):\n    pass\n',
    });
    expect(f.configValidation.handWritten).toMatchObject({ path: 'app/main.py', line: 7 });
  });
  it("reads the retrying package's exponential waits as backoff", () => {
    const f = facts({
      'app/main.py': [
        'import requests',
        'from flask import Flask',
        'from retrying import retry',
        '',
        'app = Flask(__name__)',
        '',
        '@retry(stop_max_attempt_number=3, wait_exponential_multiplier=200)',
        'def push():',
        '    requests.post("https://example.org", timeout=3)',
        '',
      ].join('\n'),
    });
    expect(f.retries.wired.map((h) => h.signal.name)).toContain('the retrying package with growing waits');
  });
  it("applies headers set in a blueprint's after_app_request hook to every response", () => {
    const f = facts({
      'app/hooks.py': [
        'from flask import Blueprint',
        '',
        'bp = Blueprint("hooks", __name__)',
        '',
        '@bp.after_app_request',
        'def harden(response):',
        '    response.headers["X-Frame-Options"] = "DENY"',
        '    return response',
        '',
      ].join('\n'),
      'app/main.py':
        'from flask import Flask\nfrom app.hooks import bp\n\napp = Flask(__name__)\napp.register_blueprint(bp)\n',
    });
    expect(f.securityHeaders.code?.confidence).toBe('high');
    expect(f.securityHeaders.unregistered).toEqual([]);
  });
});

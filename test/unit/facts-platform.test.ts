import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const platform = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files)).platform;

describe('facts: platform', () => {
  it('reads fly.toml and whether it forces HTTPS', () => {
    const on = platform({
      'fly.toml': 'app = "shop"\n\n[http_service]\n  internal_port = 8080\n  force_https = true\n',
    });
    expect(on.targets).toEqual([
      expect.objectContaining({
        platform: 'fly',
        path: 'fly.toml',
        serverless: false,
        https: expect.objectContaining({ state: 'configured', line: 5 }),
      }),
    ]);
    const off = platform({ 'fly.toml': 'app = "shop"\n[http_service]\n  internal_port = 8080\n' });
    expect(off.byPlatform('fly')?.https?.state).toBe('optional');
  });

  it('states the HTTPS default of platforms that redirect on their own', () => {
    const p = platform({ 'render.yaml': 'services:\n  - type: web\n    name: api\n' });
    expect(p.byPlatform('render')?.https).toMatchObject({ state: 'default' });
    expect(p.byPlatform('render')?.https?.note).toMatch(/platform default/);
  });

  it('marks function platforms as serverless', () => {
    expect(platform({ 'vercel.json': '{}' }).serverless).toBe(true);
    expect(platform({ 'serverless.yml': 'service: api\nprovider:\n  name: aws\n' }).serverless).toBe(true);
    expect(
      platform({
        'template.yaml': 'Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n',
      }).byPlatform('aws-lambda')?.name,
    ).toBe('AWS Lambda (SAM)');
    expect(platform({ 'render.yaml': 'services:\n  - type: web\n' }).serverless).toBe(false);
  });

  it('needs the content that identifies ambiguous file names', () => {
    expect(platform({ 'app.yaml': 'name: something else\n' }).any).toBe(false);
    expect(platform({ 'app.yaml': 'runtime: python312\n' }).byPlatform('app-engine')?.https?.state).toBe('optional');
    expect(
      platform({
        'app.yaml': 'runtime: python312\nhandlers:\n- url: /.*\n  secure: always\n  script: auto\n',
      }).byPlatform('app-engine')?.https,
    ).toMatchObject({ state: 'configured', line: 4 });
  });

  it('finds deploy commands in CI steps and deploy actions', () => {
    const p = platform({
      '.github/workflows/deploy.yml':
        'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: gcloud run deploy api --image gcr.io/x/api:${{ github.sha }}\n      - uses: superfly/flyctl-actions/setup-flyctl@master\n',
    });
    expect(p.targets.map((t) => t.platform).sort()).toEqual(['cloud-run', 'fly']);
    expect(p.byPlatform('cloud-run')).toMatchObject({ path: '.github/workflows/deploy.yml', line: 7 });
  });

  it('counts a Procfile web process as a Heroku-style target that does not redirect HTTP', () => {
    const p = platform({ Procfile: 'release: python manage.py migrate\nweb: gunicorn app.wsgi\n' });
    expect(p.byPlatform('heroku')).toMatchObject({ line: 2, https: { state: 'optional' } });
    expect(platform({ Procfile: 'worker: python worker.py\n' }).any).toBe(false);
  });

  it('lists Kubernetes as a target when manifests exist', () => {
    const p = platform({
      'k8s/deploy.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: api:1\n',
    });
    expect(p.byPlatform('kubernetes')).toMatchObject({ path: 'k8s/deploy.yaml', serverless: false });
  });

  it('finds Lambda functions declared in Terraform', () => {
    const p = platform({ 'infra/main.tf': 'resource "aws_lambda_function" "api" {\n  function_name = "api"\n}\n' });
    expect(p.byPlatform('aws-lambda')).toMatchObject({ path: 'infra/main.tf', line: 1, serverless: true });
  });
});

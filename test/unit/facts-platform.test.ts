import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const platform = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files)).platform;

describe('facts: platform', () => {
  it('reads an Azure Spring Apps deploy step, which runs the uploaded jar unless it is given an image', () => {
    const step = (args: string) => ({
      '.github/workflows/release.yml': `on: push\njobs:\n  ship:\n    runs-on: ubuntu-latest\n    steps:\n      - run: az spring app deploy --name api --service apps ${args}\n`,
    });
    const jar = platform(step('--artifact-path target/api.jar')).byPlatform('azure-spring-apps');
    expect(jar).toMatchObject({ model: 'paas', sourceBuild: expect.stringContaining('Java runtime') });
    expect(platform(step('--container-image acme/api:1')).byPlatform('azure-spring-apps')?.sourceBuild).toBeUndefined();
  });

  it("reads an Azure Developer CLI project's services: each project folder to its host, an Aspire AppHost's left out", () => {
    const csproj = (sdk: string) => `<Project Sdk="${sdk}">\n</Project>\n`;
    const targets = platform({
      'azure.yaml':
        'name: shop\nservices:\n  orders:\n    project: ./src/Orders\n    host: appservice\n  jobs:\n    project: ./src/Jobs/Jobs.csproj\n    host: function\n  site:\n    project: ./src/Site\n    host: staticwebapp\n  all:\n    project: ./src/Host/Host.csproj\n    host: containerapp\n',
      'src/Orders/Orders.csproj': csproj('Microsoft.NET.Sdk.Web'),
      'src/Jobs/Jobs.csproj': csproj('Microsoft.NET.Sdk'),
      'src/Site/package.json': '{}',
      'src/Host/Host.csproj': csproj('Aspire.AppHost.Sdk/9.0.0'),
    }).targets;
    expect(targets.map((t) => [t.platform, t.folder, t.line])).toEqual([
      ['azure-app-service', 'src/Orders', 3],
      ['azure-functions', 'src/Jobs', 6],
      ['azure-static-web-apps', 'src/Site', 9],
    ]);
    // App Service serves HTTPS on its own domain but redirects nothing until httpsOnly is set.
    expect(targets[0]?.https?.state).toBe('optional');
    expect(targets[0]?.sourceBuild).toContain('azd packages');
    // A Static Web App is a static host: HTTPS with HTTP redirected by default, and no earlier build kept to go back to.
    expect(targets[2]).toMatchObject({ model: 'static', keepsNoRelease: true, https: { state: 'default' } });
  });

  it('a wrangler descriptor is a Worker only when it names what it uploads (a script, assets, a site)', () => {
    const wrangler = (file: string, text: string) => platform({ [file]: text }).byPlatform('cloudflare-workers');
    expect(wrangler('wrangler.jsonc', '{\n  "name": "w",\n  "main": "src/index.ts"\n}\n')).toBeDefined();
    expect(wrangler('wrangler.toml', 'name = "docs"\n\n[assets]\ndirectory = "./public"\n')).toBeDefined();
    // The bindings a vitest Workers pool runs its tests with: nothing is uploaded.
    expect(wrangler('wrangler.json', '{\n  "name": "pool",\n  "ai": { "binding": "AI" }\n}\n')).toBeUndefined();
  });

  it('a vercel.json or railway.json with none of the platform settings and keys of its own is another document', () => {
    const on = (file: string, json: object, id: 'vercel' | 'railway') =>
      platform({ [file]: JSON.stringify(json) }).byPlatform(id);
    const entry = { slug: 'vercel', name: 'Vercel', authConfig: { type: 'api_key' } };
    expect(on('catalog/integrations/vercel.json', entry, 'vercel')).toBeUndefined();
    expect(on('catalog/integrations/railway.json', { ...entry, slug: 'railway' }, 'railway')).toBeUndefined();
    expect(
      on('vercel.json', { $schema: 'https://openapi.vercel.sh/vercel.json', regions: ['iad1'] }, 'vercel'),
    ).toBeDefined();
    expect(on('vercel.json', {}, 'vercel')).toBeDefined();
    expect(on('vercel.json', { name: 'site', version: 2 }, 'vercel')).toBeDefined();
    expect(on('railway.json', { deploy: { startCommand: 'node server.js' } }, 'railway')).toBeDefined();
  });

  it('reads a Cloud Foundry app manifest (buildpack build, instances, http health check), and no other manifest.yml', () => {
    const cf = platform({
      'ops/manifest-prod.yml':
        'applications:\n  - name: permits\n    buildpacks:\n      - python_buildpack\n    instances: 2\n    health-check-type: http\n    health-check-http-endpoint: /health\n',
    }).byPlatform('cloud-foundry');
    expect(cf).toMatchObject({
      model: 'paas',
      sourceBuild: expect.stringContaining('buildpacks'),
      instances: { count: 2, line: 5 },
      healthCheck: { line: 6 },
    });
    const port = platform({ 'manifest.yml': 'applications:\n- name: permits\n  docker:\n    image: acme/permits:1\n' });
    expect(port.byPlatform('cloud-foundry')).toMatchObject({ instances: { platformDefault: true } });
    expect(port.byPlatform('cloud-foundry')?.sourceBuild).toBeUndefined();
    expect(port.byPlatform('cloud-foundry')?.healthCheck).toBeUndefined();
    expect(platform({ 'manifest.yml': 'applications:\n  - permits\n  - ledger\n' }).any).toBe(false);
  });

  it('a Cloud Foundry manifest pushes the folder its path names and takes its instance count from the vars files beside it', () => {
    const cf = platform({
      'backend/manage.py': 'import django\n',
      'backend/manifests/manifest.yml':
        'applications:\n  - name: ((app))\n    buildpacks:\n      - python_buildpack\n    path: ../\n    instances: ((instances))\n',
      'backend/manifests/vars/vars-staging.yml': 'app: grants-staging\ninstances: 1\n',
      'backend/manifests/vars/vars-production.yml': 'app: grants\ninstances: 3\n',
    }).byPlatform('cloud-foundry');
    expect(cf).toMatchObject({
      folder: 'backend',
      instances: { count: 3, path: 'backend/manifests/vars/vars-production.yml', line: 2, variable: 'instances' },
    });
  });

  it('a Container Apps job in Bicep is a job target: no ingress to default to HTTPS, no revisions to roll back to', () => {
    const [job] = platform({
      'infra/sweep.bicep':
        "resource sweep 'Microsoft.App/jobs@2024-03-01' = {\n  name: 'sweep'\n  properties: {\n    configuration: { triggerType: 'Schedule', scheduleTriggerConfig: { cronExpression: '0 3 * * *' } }\n    template: { containers: [ { name: 'sweep', image: 'ghcr.io/acme/sweeper:1.0.0' } ] }\n  }\n}\n",
    }).targets;
    expect(job).toMatchObject({ name: 'Azure Container Apps job (schedule, Bicep)', job: true, https: undefined });
    expect(job?.rollback).toMatch(/no revisions/);
  });

  it('a Cloudflare Pages deploy of static files, a folder the workflow makes, or the docs build is no service', () => {
    const pages = (dir: string, command: string, extra: Record<string, string> = {}, before = '') =>
      platform({
        'Program.cs':
          'var app = WebApplication.CreateBuilder(args).Build();\napp.MapGet("/", () => "ok");\napp.Run();\n',
        'Sweeper.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>\n',
        '.github/workflows/pages.yml': `on: push\njobs:\n  pages:\n    runs-on: ubuntu-latest\n    steps:\n${before}      - uses: cloudflare/wrangler-action@v4\n        with:\n          workingDirectory: "${dir}"\n          command: ${command}\n`,
        ...extra,
      }).targets.find((t) => t.name === 'Cloudflare Pages')?.covers;
    expect(
      pages('Pages', 'pages deploy . --project-name=lists', { 'Pages/_headers': '/*\n  Cache-Control: max-age=600\n' }),
    ).toBe('docs');
    expect(
      pages(
        'status',
        'pages deploy . --project-name=status',
        {},
        '      - run: |\n          mkdir -p status\n          echo "{}" > status/status.json\n',
      ),
    ).toBe('docs');
    expect(
      pages('docs', 'pages deploy build --project-name=handbook', { 'docs/package.json': '{"name": "handbook"}' }),
    ).toBe('docs');
    // A folder of code the host builds and serves is not set aside.
    expect(
      pages('web', 'pages deploy dist --project-name=app', {
        'web/src/main.ts': 'export const x = 1;\n',
        'web/package.json': '{"name": "web"}',
      }),
    ).not.toBe('docs');
  });

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

  it('reads a Fly configuration kept under another name, only when it is one', () => {
    const svc =
      'app = "shop-prod"\nprimary_region = "ams"\n\n[http_service]\n  internal_port = 8080\n  force_https = true\n';
    for (const file of ['deploy/fly/prod.toml', '.fly/staging.toml', 'fly-staging.toml']) {
      expect(platform({ [file]: svc }).byPlatform('fly')).toMatchObject({ path: file, https: { state: 'configured' } });
    }
    // Named fly.toml inside a fly folder: one target, not two.
    expect(platform({ 'deploy/fly/fly.toml': svc }).targets.filter((t) => t.platform === 'fly')).toHaveLength(1);
    // A TOML file in a fly folder that names no app, or an app with no key of Fly's configuration, is something else.
    expect(
      platform({ 'tools/fly/loadgen.toml': 'target = "http://localhost"\nrate = 50\n' }).byPlatform('fly'),
    ).toBeUndefined();
    expect(platform({ 'deploy/fly/names.toml': 'app = "shop"\nowner = "team"\n' }).byPlatform('fly')).toBeUndefined();
    // Another TOML file elsewhere with the same keys is not taken for a Fly configuration by its contents alone.
    expect(platform({ 'deploy/prod.toml': svc }).byPlatform('fly')).toBeUndefined();
  });

  it('reads one machine by default for a Fly service that mounts a volume, two without one', () => {
    const inst = (toml: string) => platform({ 'fly.toml': toml }).byPlatform('fly')?.instances;
    const svc = 'app = "shop"\n\n[http_service]\n  internal_port = 8080\n';
    expect(inst(svc)).toMatchObject({ count: 2, platformDefault: true });
    const one = inst(`${svc}\n[mounts]\n  source = "data"\n  destination = "/data"\n`);
    expect(one).toMatchObject({ platformDefault: true, line: 6, note: expect.stringContaining('one machine') });
    expect(one?.count).toBeUndefined();
    // The array form, and an explicit min_machines_running above one still counts as written.
    expect(inst(`${svc}\n[[mounts]]\n  source = "data"\n  destination = "/data"\n`)).toMatchObject({ line: 6 });
    expect(
      inst(`${svc}  min_machines_running = 2\n\n[mounts]\n  source = "data"\n  destination = "/data"\n`),
    ).toMatchObject({ count: 2 });
    // A volume only the worker group mounts leaves the web machines at two; one the service's group mounts does not.
    const worker = '\n[mounts]\n  source = "data"\n  destination = "/data"\n  processes = ["worker"]\n';
    expect(inst(`${svc}${worker}`)).toMatchObject({ count: 2 });
    expect(inst(`${svc}  processes = ["worker"]\n${worker}`)).toMatchObject({ platformDefault: true, line: 7 });
    // An empty [mounts] table mounts nothing.
    expect(inst(`${svc}\n[mounts]\n`)).toMatchObject({ count: 2 });
  });

  it("reads the platform's own health check from its descriptor, with its line", () => {
    const hc = (files: Record<string, string>) => platform(files).targets.map((t) => [t.platform, t.healthCheck]);
    expect(hc({ 'render.yaml': 'services:\n  - type: web\n    name: api\n    healthCheckPath: /healthz\n' })).toEqual([
      ['render', { line: 4, note: 'render.yaml healthCheckPath' }],
    ]);
    expect(hc({ 'render.yaml': 'services:\n  - type: web\n    name: api\n' })).toEqual([['render', undefined]]);
    expect(
      hc({
        'fly.toml': 'app = "shop"\n[http_service]\n  internal_port = 8080\n[[http_service.checks]]\n  path = "/up"\n',
      }),
    ).toEqual([['fly', { line: 4, note: 'fly.toml health checks' }]]);
    expect(
      hc({
        'ecs/task-definition.json':
          '{"containerDefinitions": [{"name": "api",\n "healthCheck": {"command": ["CMD"]}}]}',
      }),
    ).toEqual([['ecs', { line: 2, note: 'ECS task-definition healthCheck' }]]);
  });

  it('reads a Knative Service as Cloud Run, not as a Kubernetes cluster of its own', () => {
    const knative =
      'apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - image: gcr.io/p/api:1\n          livenessProbe:\n            httpGet: {path: /healthz}\n';
    const alone = platform({ 'service.yaml': knative });
    expect(alone.targets.map((t) => [t.platform, t.healthCheck?.line])).toEqual([['cloud-run', 10]]);
    const deployment =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: worker\nspec:\n  template:\n    spec:\n      containers:\n        - name: worker\n          image: gcr.io/p/worker:1\n';
    const both = platform({ 'service.yaml': knative, 'k8s/worker.yaml': deployment });
    expect(both.targets.map((t) => [t.platform, t.path])).toEqual([
      ['kubernetes', 'k8s/worker.yaml'],
      ['cloud-run', 'service.yaml'],
    ]);
  });

  it('states the HTTPS default of platforms that redirect on their own', () => {
    const p = platform({ 'render.yaml': 'services:\n  - type: web\n    name: api\n' });
    expect(p.byPlatform('render')?.https).toMatchObject({ state: 'default' });
    expect(p.byPlatform('render')?.https?.note).toMatch(/platform default/);
  });

  it('says when the platform builds the app from its source, and when it runs an image the repository builds', () => {
    const build = (files: Record<string, string>) => platform(files).targets.map((t) => [t.platform, t.sourceBuild]);
    expect(build({ 'render.yaml': 'services:\n  - type: web\n    name: api\n    runtime: python\n' })).toEqual([
      ['render', 'Render builds it with its native python runtime'],
    ]);
    expect(build({ 'render.yaml': 'services:\n  - type: web\n    name: api\n    runtime: docker\n' })).toEqual([
      ['render', undefined],
    ]);
    expect(build({ 'app.yaml': 'runtime: python312\n' })).toEqual([
      ['app-engine', 'App Engine builds it with its python312 runtime'],
    ]);
    expect(build({ 'app.yaml': 'runtime: custom\nenv: flex\n' })).toEqual([['app-engine', undefined]]);
    expect(build({ 'fly.toml': 'app = "x"\n' })).toEqual([['fly', undefined]]);
    expect(build({ 'fly.toml': 'app = "x"\n[build]\n  builder = "paketobuildpacks/builder:base"\n' })).toEqual([
      ['fly', 'Fly.io builds it with buildpacks'],
    ]);
    expect(build({ 'serverless.yml': 'service: x\nprovider:\n  name: aws\n  runtime: nodejs20.x\n' })).toEqual([
      ['aws-lambda', 'AWS Lambda (Serverless Framework) packages the functions from source'],
    ]);
    // A Procfile with a release phase is Heroku's: its buildpacks build the app. Without one it may be a local runner.
    expect(build({ Procfile: 'release: ./migrate\nweb: gunicorn app:app\n' })[0]![1]).toMatch(/Heroku buildpacks/);
    expect(build({ Procfile: 'web: gunicorn app:app\n' })).toEqual([['heroku', undefined]]);
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

  it('an action of any name told which ECS service to redeploy deploys to ECS', () => {
    const step = (inputs: string) =>
      platform({
        '.github/workflows/ci.yml': `on: push\njobs:\n  ship:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/infra/upload-image@main\n        with:\n          image: bot\n${inputs}`,
      });
    expect(step('          redeploy_ecs_service: bot\n').byPlatform('ecs')).toMatchObject({
      path: '.github/workflows/ci.yml',
      line: 6,
    });
    expect(step('          repository: bot\n').byPlatform('ecs')).toBeUndefined();
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

  it('reads the SST components a config declares, not one left in a comment', () => {
    const p = platform({
      'sst.config.ts':
        'export default $config({\n  app() { return { name: "clips", home: "aws" }; },\n  async run() {\n    // new sst.cloudflare.Worker("Bot", { handler: "bot/index.ts" });\n    new sst.aws.Service("Runner", { image: "ghcr.io/acme/runner:1" });\n  },\n});\n',
    });
    expect(p.byPlatform('cloudflare-workers')).toBeUndefined();
    expect(p.byPlatform('ecs')).toMatchObject({ path: 'sst.config.ts', line: 5 });
  });

  it('finds Lambda functions declared in Terraform', () => {
    const p = platform({ 'infra/main.tf': 'resource "aws_lambda_function" "api" {\n  function_name = "api"\n}\n' });
    expect(p.byPlatform('aws-lambda')).toMatchObject({ path: 'infra/main.tf', line: 1, serverless: true });
  });
});

describe('facts: platform models, instances and what a descriptor covers', () => {
  it('reads Fly.io machines and the deploy strategy, and states the platform rollback model', () => {
    const p = platform({
      'fly.toml': `app = "orders"
[deploy]
  strategy = "bluegreen"
[http_service]
  internal_port = 8080
  force_https = true
  min_machines_running = 2
`,
    });
    const fly = p.byPlatform('fly')!;
    expect(fly).toMatchObject({ model: 'paas', covers: 'service' });
    expect(fly.instances).toEqual({ count: 2, line: 7, note: 'min_machines_running = 2' });
    // Auto start/stop wakes the machines fly deploy made (two for a service): one kept started is no single instance.
    const woken = platform({
      'fly.toml': 'app = "orders"\n[http_service]\n  internal_port = 8080\n  min_machines_running = 1\n',
    });
    expect(woken.byPlatform('fly')!.instances).toMatchObject({ count: 2, platformDefault: true, line: 4 });
    expect(fly.strategy).toEqual({ value: 'bluegreen', line: 3 });
    expect(fly.rollback).toMatch(/fly deploy --image/);
    expect(p.has('paas')).toBe(true);
    expect(p.has('kubernetes')).toBe(false);
  });

  it('reads Render instances and autoscaling', () => {
    const p = platform({ 'render.yaml': 'services:\n  - type: web\n    name: api\n    numInstances: 1\n' });
    expect(p.byPlatform('render')!.instances).toMatchObject({ count: 1, line: 4 });
    const auto = platform({
      'render.yaml':
        'services:\n  - type: web\n    name: api\n    scaling:\n      minInstances: 2\n      maxInstances: 6\n',
    });
    expect(auto.byPlatform('render')!.instances).toMatchObject({ count: 2, autoscale: true, line: 6 });
  });

  it("knows App Engine's default scaling and reads manual scaling", () => {
    expect(platform({ 'app.yaml': 'runtime: python312\n' }).byPlatform('app-engine')!.instances).toMatchObject({
      autoscale: true,
      platformDefault: true,
    });
    expect(
      platform({ 'app.yaml': 'runtime: go122\nmanual_scaling:\n  instances: 1\n' }).byPlatform('app-engine')!.instances,
    ).toMatchObject({ count: 1, line: 3 });
  });

  it("reads an app.json with Dokku's health checks or cron tasks as Dokku's, which keeps no releases", () => {
    const dokku = platform({
      'app.json': '{"healthchecks": {"web": [{"path": "/up"}]}, "formation": {"web": {"quantity": 2}}}',
    });
    expect(dokku.byPlatform('heroku')).toBeUndefined();
    expect(dokku.byPlatform('dokku')).toMatchObject({ keepsNoRelease: true, instances: { count: 2 } });
    expect(platform({ 'app.json': '{"formation": {"web": {"quantity": 2}}}' }).byPlatform('dokku')).toBeUndefined();
  });

  it("reads an appspec for EC2 or on-premises hosts as CodeDeploy's, and not an ECS or Lambda one", () => {
    const ec2 = platform({
      'appspec.yml': 'version: 0.0\nos: linux\nfiles:\n  - source: /\n    destination: /srv/app\n',
    });
    expect(ec2.byPlatform('codedeploy')).toMatchObject({
      model: 'hosts',
      sourceBuild: expect.stringContaining('hooks'),
    });
    const ecs = platform({
      'appspec.yaml': 'version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n',
    });
    expect(ecs.byPlatform('codedeploy')).toBeUndefined();
  });

  it('marks a deploy-button app.json and a Procfile without a release phase as weak', () => {
    const button = platform({
      'app.json': '{"name": "x", "repository": "https://github.com/o/x", "buildpacks": [{"url": "heroku/nodejs"}]}',
    });
    expect(button.byPlatform('heroku')!.weak).toMatch(/deploy-button/);
    expect(platform({ Procfile: 'web: bin/puma\n' }).byPlatform('heroku')!.weak).toMatch(/local process manager/);
    expect(platform({ Procfile: 'release: rake db:migrate\nweb: bin/puma\n' }).byPlatform('heroku')!.weak).toBe(
      undefined,
    );
  });

  it('a Procfile without a release phase in the folder CI builds a starting image from is beside the image, no platform', () => {
    const files = (procfile: string, context: string) => ({
      Procfile: procfile,
      'ci/Dockerfile': 'FROM python:3.12-slim\nCOPY . /srv/\nCMD ["gunicorn", "wsgi:app"]\n',
      '.github/workflows/image.yml': `on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -t acme/ledger:1 -f ci/Dockerfile ${context}\n`,
    });
    const left = platform(files('web: ./scripts/paas_launcher.sh\n', '.'));
    expect(left.byPlatform('heroku')).toBeUndefined();
    expect(left.besideImage).toEqual(['Procfile']);
    // A release phase is Heroku's; an image built from another folder starts something else.
    expect(platform(files('release: ./migrate\nweb: gunicorn wsgi:app\n', '.')).byPlatform('heroku')).toBeDefined();
    const elsewhere = platform(files('web: gunicorn wsgi:app\n', 'ci'));
    expect([elsewhere.byPlatform('heroku')?.platform, elsewhere.besideImage]).toEqual(['heroku', []]);
  });

  it('a netlify.toml that builds the docs site does not say where the service runs', () => {
    const p = platform({
      'netlify.toml': '[build]\npublish = "docs/site/"\ncommand = "cd docs && mkdocs build"\n',
      'docs/mkdocs.yml': 'site_name: Orders\n',
      'main.py': 'import fastapi\n',
    });
    expect(p.byPlatform('netlify')).toMatchObject({ covers: 'docs' });
    expect(p.service).toEqual([]);
    expect(p.any).toBe(false);
    expect(p.serverless).toBe(false);
  });

  it('a netlify.toml beside a Python web service publishes only its frontend', () => {
    const p = platform({
      'netlify.toml': '[build]\nbase = "client"\npublish = "client/dist"\n',
      'client/package.json': '{"scripts": {"build": "vite build"}}',
      'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
      'requirements.txt': 'flask\n',
    });
    expect(p.byPlatform('netlify')).toMatchObject({ covers: 'frontend' });
    expect(p.serverless).toBe(false);
  });

  it('a static host descriptor publishing a folder of an app the repository no longer has deploys nothing', () => {
    const stale = platform({
      'firebase.json': '{"hosting": {"public": "packages/old-web/dist"}}',
      'netlify.toml': '[build]\npublish = "packages/old-web/dist"\n',
      'packages/api/package.json': '{"dependencies": {"express": "4"}}',
    });
    expect(stale.byPlatform('firebase')).toBeUndefined();
    expect(stale.byPlatform('netlify')).toBeUndefined();
    const live = platform({
      'firebase.json': '{"hosting": {"public": "packages/web/dist"}}',
      'packages/web/package.json': '{"scripts": {"build": "vite build"}}',
    });
    expect(live.byPlatform('firebase')).toBeDefined();
  });

  it('a CI step publishing a Storybook preview deploys no service', () => {
    const workflow = (name: string, run: string) =>
      `name: ${name}\non: [pull_request]\njobs:\n  preview:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm ci\n      - name: Deploy\n        run: ${run}\n`;
    const p = platform({
      'package.json': '{"dependencies": {"next": "15.1.0"}}',
      '.github/workflows/storybook-preview.yml': workflow('storybook', 'vercel deploy web/storybook-static --yes'),
    });
    expect(p.byPlatform('vercel')).toBeUndefined();
    const app = platform({
      'package.json': '{"dependencies": {"next": "15.1.0"}}',
      '.github/workflows/deploy.yml': workflow('deploy', 'vercel deploy --prod --yes'),
    });
    expect(app.byPlatform('vercel')).toMatchObject({ via: 'CI deploy step' });
  });

  it('a vercel.json of a Next.js app deploys the service', () => {
    const p = platform({ 'vercel.json': '{"regions": ["fra1"]}', 'package.json': '{"dependencies": {"next": "14"}}' });
    expect(p.byPlatform('vercel')).toMatchObject({ model: 'serverless', covers: 'service' });
    expect(p.has('serverless')).toBe(true);
  });

  it('reads SAM deployment preferences and Kamal hosts; Capistrano needs a Capfile', () => {
    const sam = platform({
      'infra/template.yaml':
        'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      DeploymentPreference:\n        Type: Canary10Percent5Minutes\n',
    });
    expect(sam.byPlatform('aws-lambda')!.strategy).toEqual({ value: 'DeploymentPreference', line: 6 });
    const kamal = platform({
      'config/deploy.yml': 'service: shop\nimage: acme/shop\nservers:\n  web:\n    - 10.0.0.1\n    - 10.0.0.2\n',
    });
    expect(kamal.byPlatform('kamal')).toMatchObject({ model: 'hosts', instances: { count: 2, line: 3 } });
    expect(platform({ 'config/deploy.rb': 'set :application, "x"\n' }).any).toBe(false);
    expect(
      platform({ Capfile: 'require "capistrano/setup"\n', 'config/deploy.rb': 'set :a, 1\n' }).byPlatform('capistrano'),
    ).toMatchObject({ model: 'hosts' });
  });

  it('reads a Kamal destination file merged over config/deploy.yml: its hosts and its ssl, or the base ssl', () => {
    const base = 'service: shop\nimage: acme/shop\nproxy:\n  app_port: 3000\n';
    const prod = 'servers:\n  web:\n    hosts:\n      - 10.0.0.1\n      - 10.0.0.2\nproxy:\n  ssl: true\n';
    const targets = platform({ 'config/deploy.yml': base, 'config/deploy.production.yml': prod }).targets;
    const dest = targets.find((t) => t.path === 'config/deploy.production.yml');
    expect(dest).toMatchObject({
      platform: 'kamal',
      instances: { count: 2, line: 1 },
      https: { state: 'configured', line: 7 },
    });
    // A destination silent on ssl keeps the base file's setting; one that turns it off does not.
    const on = platform({
      'config/deploy.yml': `${base}  ssl: true\n`,
      'config/deploy.qa.yml': 'servers:\n  - 10.0.0.9\n',
    });
    expect(on.targets.find((t) => t.path === 'config/deploy.qa.yml')?.https?.state).toBe('configured');
    const off = platform({
      'config/deploy.yml': `${base}  ssl: true\n`,
      'config/deploy.qa.yml': 'proxy:\n  ssl: false\n',
    });
    expect(off.targets.find((t) => t.path === 'config/deploy.qa.yml')?.https?.state).toBe('optional');
    // Without a base naming the service, a deploy.<name>.yml is some other file.
    expect(platform({ 'config/deploy.production.yml': prod }).any).toBe(false);
  });

  it('cites the base file where a Kamal destination keeps its ssl, health check and servers', () => {
    const base =
      'service: shop\nimage: acme/shop\nservers:\n  - 10.0.0.1\n  - 10.0.0.2\nproxy:\n  ssl: true\n  healthcheck:\n    path: /up\n';
    const targets = platform({
      'config/deploy.yml': base,
      'config/deploy.eu.yml': 'proxy:\n  host: eu.example.org\n',
    }).targets;
    const dest = targets.find((t) => t.path === 'config/deploy.eu.yml');
    expect(dest).toMatchObject({
      https: { state: 'configured', file: 'config/deploy.yml', line: 7 },
      healthCheck: { file: 'config/deploy.yml', line: 8 },
      instances: { count: 2, path: 'config/deploy.yml', line: 3 },
    });
    // What the destination writes itself is its own, cited in it.
    const own = platform({
      'config/deploy.yml': base,
      'config/deploy.eu.yml': 'servers:\n  - 10.0.0.9\nproxy:\n  ssl: true\n  healthcheck:\n    path: /ready\n',
    }).targets.find((t) => t.path === 'config/deploy.eu.yml');
    expect(own?.https).toMatchObject({ line: 4 });
    expect(own?.https?.file).toBeUndefined();
    expect(own?.healthCheck).toMatchObject({ line: 5 });
    expect(own?.healthCheck?.file).toBeUndefined();
    expect(own?.instances).toMatchObject({ count: 1, line: 1 });
    expect(own?.instances?.path).toBeUndefined();
  });

  it('reads a Deployer recipe: its production hosts, a yaml recipe, an unheld inventory, Docker run on the hosts', () => {
    const php = (hosts: string, extra = '') =>
      platform({ 'deploy.php': `<?php\nnamespace Deployer;\n\nrequire 'recipe/laravel.php';\n${hosts}${extra}` });
    const two = php(
      "host('a.example.org', 'b.example.org')\n    ->set('labels', ['stage' => 'production']);\nhost('preview')\n    ->set('hostname', 'qa.example.org');\n",
    ).byPlatform('deployer');
    expect(two).toMatchObject({ model: 'hosts', line: 2, instances: { count: 2, line: 5 } });
    expect(two?.sourceBuild).toContain('Deployer builds each release');
    // A host whose alias or stage label names a trial stage is not an instance of the service.
    expect(php("host('stage')->set('hostname', 'x.example.org');\n").byPlatform('deployer')?.instances).toBeUndefined();
    expect(php("inventory('hosts.yml');\n").byPlatform('deployer')?.instances).toMatchObject({
      line: 5,
      note: expect.stringContaining('hosts.yml, which the repository does not hold'),
    });
    expect(
      php("host('a.example.org');\n", "task('up', function () { run('docker compose up -d'); });\n").byPlatform(
        'deployer',
      )?.sourceBuild,
    ).toBeUndefined();
    const yaml = platform({
      'deploy.yaml':
        'import:\n  - recipe/symfony.php\nconfig:\n  repository: git@example.org:a/b.git\nhosts:\n  web1:\n    remote_user: deploy\n  staging:\n    remote_user: deploy\n',
    }).byPlatform('deployer');
    expect(yaml).toMatchObject({ line: 1, instances: { count: 1, line: 5 } });
    // A file of that name that is no recipe, and a CI step running `dep deploy`.
    expect(platform({ 'deploy.php': '<?php\necho "deploying";\n' }).any).toBe(false);
    const ci = platform({
      '.github/workflows/ship.yml':
        'on: push\njobs:\n  ship:\n    runs-on: ubuntu-latest\n    steps:\n      - run: php vendor/bin/dep -v deploy production\n      - run: vendor/bin/dep deploy:unlock production\n',
    });
    expect(ci.targets.map((t) => [t.platform, t.line])).toEqual([['deployer', 6]]);
  });

  it('treats a production compose file as a one-host target and a Swarm stack by what marks one', () => {
    const p = platform({
      'docker-compose.yml': 'services:\n  app:\n    build: .\n',
      'docker-compose.prod.yml': 'services:\n  app:\n    image: acme/app:1.2\n',
    });
    expect(p.service.map((t) => [t.platform, t.path])).toEqual([['compose', 'docker-compose.prod.yml']]);
    const replicas = 'services:\n  app:\n    image: a:1\n    deploy:\n      replicas: 3\n';
    // Compose runs deploy.replicas on its one host: a plain compose file is no Swarm stack, a dev one no deployment.
    expect(platform({ 'compose.yaml': replicas }).byPlatform('swarm')).toBeUndefined();
    expect(platform({ 'compose.prod.yaml': replicas }).service.map((t) => t.platform)).toEqual(['compose']);
    expect(platform({ 'docker-compose-dev.yaml': replicas }).any).toBe(false);
    const swarmBy = (files: Record<string, string>) => platform(files).byPlatform('swarm');
    expect(swarmBy({ 'stack.yml': replicas })).toMatchObject({
      model: 'container-service',
      instances: { count: 3, line: 5 },
    });
    expect(
      swarmBy({ 'compose.yaml': `${replicas}      placement:\n        constraints: [node.role == worker]\n` }),
    ).toMatchObject({
      instances: { count: 3 },
    });
    expect(
      swarmBy({ 'compose.yaml': replicas, 'deploy.sh': 'docker stack deploy -c compose.yaml shop\n' }),
    ).toMatchObject({
      path: 'compose.yaml',
    });
  });

  it("keeps a Swarm stack's instances service by service, one task where a service writes no replicas", () => {
    const stack = [
      'services:',
      '  web:',
      '    image: acme/web:1',
      '    deploy:',
      '      update_config:',
      '        order: start-first',
      '  # the queue consumer',
      '  worker:',
      '    image: acme/worker:1',
      '    deploy:',
      '      replicas: ${WORKER_REPLICAS:-4}',
      '',
    ].join('\n');
    const t = platform({ 'docker-stack.yml': stack }).byPlatform('swarm');
    expect(t?.instances).toMatchObject({ count: 4, line: 11 });
    expect(t?.serviceInstances).toEqual([
      {
        service: 'web',
        line: 2,
        instances: { count: 1, line: 2, note: 'web: no deploy.replicas (Swarm runs one task)' },
      },
      {
        service: 'worker',
        line: 8,
        instances: {
          count: 4,
          line: 11,
          variable: 'WORKER_REPLICAS',
          note: 'worker: deploy.replicas: 4 (the default of WORKER_REPLICAS; the operator may set another)',
        },
      },
    ]);
  });

  it("counts a Swarm service's replicas written through a YAML alias, cited at the service's key", () => {
    const stack = [
      'x-replicated: &replicated',
      '  replicas: 3',
      '  restart_policy:',
      '    condition: on-failure',
      'services:',
      '  gateway:',
      '    image: acme/gateway:2',
      '    deploy: *replicated',
      '  mailer:',
      '    image: acme/mailer:2',
      '',
    ].join('\n');
    const t = platform({ 'stack.yml': stack }).byPlatform('swarm');
    expect(t?.serviceInstances).toEqual([
      {
        service: 'gateway',
        line: 6,
        instances: { count: 3, line: 6, note: 'gateway: deploy.replicas: 3 (through a YAML alias)' },
      },
      {
        service: 'mailer',
        line: 9,
        instances: { count: 1, line: 9, note: 'mailer: no deploy.replicas (Swarm runs one task)' },
      },
    ]);
  });
});

describe('facts: platforms inferred without a descriptor', () => {
  it('a Vercel-only package (Web Analytics) places a Next.js app on Vercel', () => {
    const p = platform({
      'package.json': '{"dependencies": {"next": "14.2.0", "@vercel/analytics": "1.3.0"}}',
    });
    expect(p.byPlatform('vercel')).toMatchObject({ path: 'package.json', covers: 'service', serverless: true });
    expect(p.byPlatform('vercel')!.gitDeploys!.note).toMatch(/works only on Vercel/);
    expect(platform({ 'package.json': '{"devDependencies": {"@vercel/analytics": "1.3.0"}}' }).any).toBe(false);
  });

  it('Hatchbox deploy hooks place a Rails app on Hatchbox', () => {
    const p = platform({ 'hatchbox/post-deploy': '#!/bin/sh\nbin/rails db:migrate\n' });
    expect(p.byPlatform('hatchbox')).toMatchObject({ model: 'paas', path: 'hatchbox/post-deploy' });
  });
});

describe('facts: platform, Knative Services off Cloud Run', () => {
  const knative = (image: string) =>
    `apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - image: ${image}\n`;
  it('a Knative Service without a sign of Cloud Run runs on a Kubernetes cluster with Knative Serving', () => {
    expect(platform({ 'config/api.yaml': knative('ghcr.io/acme/api:1') }).targets.map((t) => t.platform)).toEqual([
      'kubernetes',
    ]);
  });
  it('one replaced with `gcloud run services replace` is a Cloud Run service', () => {
    const p = platform({
      'config/api.yaml': knative('ghcr.io/acme/api:1'),
      'deploy.sh': '#!/bin/sh\ngcloud run services replace config/api.yaml --region europe-west1\n',
    });
    expect(p.targets.map((t) => [t.platform, t.path])).toContainEqual(['cloud-run', 'config/api.yaml']);
    expect(p.targets.map((t) => t.platform)).not.toContain('kubernetes');
  });
});

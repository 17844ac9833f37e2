// Facts moved out of rules: alert rules, .dockerignore, deploy commands, env files, licenses, diagrams, update bots,
// schema sync, backups, and what manifests say about locking.
import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const facts = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files));

describe('alerting', () => {
  it('finds Prometheus alert rules with their line, and a PrometheusRule without alerts as empty', () => {
    const f = facts({
      'deploy/alerts.yaml': 'groups:\n  - name: api\n    rules:\n      - alert: HighErrorRate\n        expr: x > 1\n',
      'chart/templates/rule.yaml': 'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n  groups: []\n',
    }).alerting;
    expect(f.hits).toEqual([{ path: 'deploy/alerts.yaml', line: 4, what: 'Prometheus alerting rules' }]);
    expect(f.empty.map((h) => h.what)).toEqual(['PrometheusRule without any alert']);
  });
  it('finds monitors declared in Terraform', () => {
    const f = facts({ 'infra/main.tf': 'resource "aws_cloudwatch_metric_alarm" "cpu" {\n}\n' }).alerting;
    expect(f.hits).toEqual([{ path: 'infra/main.tf', line: 1, what: 'CloudWatch alarm (Terraform)' }]);
  });
});

describe('dashboards', () => {
  it('reads a JSON file too large to parse as a dashboard where dashboards live, not in the code of an app named dashboard', () => {
    const big = `{"features": [${'{"type": "Feature"},'.repeat(20)}{}]}`;
    const repo = RepoIndex.fromMemory(
      {
        'ops/grafana/latency.json': big,
        'apps/dashboard/src/app/overview/country-data.geo.json': big,
        'apps/dashboard/package.json': '{"name": "dashboard"}',
      },
      { maxFileBytes: 100 },
    );
    const found = new Facts(repo).dashboards.dashboards.map((d) => d.path);
    expect(found).toEqual(['ops/grafana/latency.json']);
  });
});

describe('dockerignores', () => {
  it('counts the patterns of the ignore file beside the Dockerfile, and marks one found only in a parent folder', () => {
    const f = facts({
      Dockerfile: 'FROM node:20\nCMD ["node", "index.js"]\n',
      '.dockerignore': '# build context\nnode_modules\n.env\n',
      'svc/api/Dockerfile': 'FROM node:20\nCMD ["node", "index.js"]\n',
    }).dockerignores;
    expect(f).toEqual([
      { dockerfile: 'Dockerfile', file: '.dockerignore', patterns: 2 },
      { dockerfile: 'svc/api/Dockerfile', file: '.dockerignore', inParent: true, patterns: 2 },
    ]);
  });
  it('has no file for a Dockerfile with no ignore file anywhere', () => {
    expect(facts({ Dockerfile: 'FROM python:3.12\nCMD ["python", "app.py"]\n' }).dockerignores).toEqual([
      { dockerfile: 'Dockerfile', patterns: 0 },
    ]);
  });
});

describe('k8sDeployCommands', () => {
  it('records the path a helm or kubectl command deploys from, and whether it exists', () => {
    const f = facts({
      '.github/workflows/deploy.yml':
        'jobs:\n  d:\n    steps:\n      - run: helm upgrade --install api ./charts/api\n      - run: kubectl apply -f k8s/\n',
      'k8s/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\n',
    }).k8sDeployCommands;
    expect(f).toEqual([
      { path: '.github/workflows/deploy.yml', line: 4, target: 'charts/api', present: false },
      { path: '.github/workflows/deploy.yml', line: 5, target: 'k8s', present: true },
    ]);
  });
  it('ignores remote charts', () => {
    expect(facts({ 'deploy.sh': 'helm upgrade --install api oci://registry/charts/api\n' }).k8sDeployCommands).toEqual(
      [],
    );
  });
});

describe('envContents', () => {
  const f = facts({
    '.gitignore': 'node_modules\n.env\n',
    '.env.example': 'DATABASE_URL=postgres://localhost/app\nAPI_KEY=\n',
    'app/.env.sample': 'PORT=8080\n',
    'config.yml.example': 'port: 8080\n',
    'README.md':
      '# App\n\n| Variable | Meaning |\n|---|---|\n| DATABASE_URL | db |\n| REDIS_URL | cache |\n| SECRET_KEY | signing |\n',
    'src/settings.py': 'if SECRET_KEY == "change-me":\n    raise RuntimeError("set SECRET_KEY")\n',
  }).envContents;
  it('lists examples shallowest first with their entries, samples, and the .gitignore line', () => {
    expect(f.examples).toEqual(['.env.example', 'app/.env.sample']);
    expect(f.entries('.env.example').map((e) => e.key)).toEqual(['DATABASE_URL', 'API_KEY']);
    expect(f.samples).toEqual(['config.yml.example']);
    expect(f.gitignored).toEqual({ path: '.gitignore', line: 2 });
  });
  it('finds variables documented in a guide and a start-up guard against placeholders', () => {
    expect(f.documentedVars()?.path).toBe('README.md');
    expect([...(f.documentedVars()?.names.entries() ?? [])]).toEqual([
      ['DATABASE_URL', 5],
      ['REDIS_URL', 6],
      ['SECRET_KEY', 7],
    ]);
    expect(f.placeholderGuard()).toEqual({ path: 'src/settings.py', line: 1 });
  });
  it('reads KEY=value lines continuing a command word as its arguments, and those continuing assignments as settings', () => {
    const doc = (block: string) => facts({ 'docs/guide.md': `# Guide\n\n\`\`\`sh\n${block}\n\`\`\`\n` }).envContents;
    const makeArgs = doc('make e2e \\\n  NODE_IMAGE=kind:v1 \\\n  TEST_FOCUS=smoke \\\n  TEST_WORKERS=2');
    expect(makeArgs.documentedVars()).toBeUndefined();
    const settings = doc('APP_PORT=8080 \\\nAPP_DB_URL=postgres://db \\\nAPP_TOKEN=x \\\n  ./server');
    expect([...(settings.documentedVars()?.names.keys() ?? [])]).toEqual(['APP_PORT', 'APP_DB_URL', 'APP_TOKEN']);
  });
  it("takes a guide's fenced TOML sample introduced as the configuration file, not a YAML block shown for another reason", () => {
    const guide = (intro: string, lang: string, body: string) =>
      facts({ 'README.md': `# tool\n\n${intro}\n\n\`\`\`${lang}\n${body}\n\`\`\`\n` }).envContents.documentedSettings();
    const toml = 'addr = ":3000"\ndsn = "x.db"\n\n[oauth]\nclient-id = "0"\nclient-secret = "0"\nhash-key = "0"';
    expect(guide('Then write a configuration file in `~/tool.conf`:', 'toml', toml)).toEqual({
      path: 'README.md',
      line: 5,
      count: 5,
      sample: true,
    });
    expect(
      guide('Start everything with compose:', 'yaml', 'services:\n  app:\n    image: x\n    ports: []\n  db:'),
    ).toBe(undefined);
    expect(guide('Then write a configuration file:', 'toml', 'addr = ":3000"\ndsn = "x.db"')).toBeUndefined();
  });
  it('takes a committed .env with placeholders only as the example, not one holding a secret', () => {
    const placeholders = facts({ '.env': 'DB_HOST=localhost\nDB_USER=app\nDB_PASSWORD=changethis\n' }).envContents;
    expect(placeholders.placeholderEnv()?.path).toBe('.env');
    const secret = facts({
      '.env': 'DB_HOST=localhost\nDB_USER=app\nSTRIPE_KEY=sk_live_51HzQeKJv7zQb3nXyZt0aBcDeFgHiJkLmNoPq\n',
    }).envContents;
    expect(secret.placeholderEnv()).toBeUndefined();
  });
  it('finds the development stack that loads a development-named env file, and none for a deployed one', () => {
    const dev = facts({
      '.env.development': 'SESSION_SECRET=dev-only\n',
      'compose.dev.yml': 'services:\n  api:\n    build: .\n    env_file: .env.development\n',
      'deploy/dev.env': 'DB_PASSWORD=dev-only\n',
      Makefile: 'up:\n\tdocker compose --env-file deploy/dev.env up -d\n',
    }).envContents;
    expect(dev.devStackLoader('.env.development')).toEqual({ path: 'compose.dev.yml', line: 4 });
    expect(dev.devStackLoader('deploy/dev.env')).toEqual({ path: 'Makefile', line: 2 });
    const deployed = facts({
      '.env.dev': 'SESSION_SECRET=dev-only\n',
      'docker-compose.yml': 'services:\n  api:\n    image: acme/api\n    env_file: .env.dev\n',
      '.env.production': 'SESSION_SECRET=prod\n',
      'ci.sh': 'docker compose --env-file .env.production up -d\n',
    }).envContents;
    expect(deployed.devStackLoader('.env.dev')).toBeUndefined();
    expect(deployed.devStackLoader('.env.production')).toBeUndefined();
  });

  it('reads the settings file a Go service names by a literal path as its committed configuration', () => {
    const byFlag = facts({
      'go.mod': 'module example.com/a\n',
      'main.go':
        'package main\n\nimport "flag"\n\nvar path = flag.String("settings", "./settings/base.yaml", "file")\n\nfunc main() { flag.Parse() }\n',
      'settings/base.yaml': 'listen: ":8000"\n',
      'deploy/base.yaml': 'replicas: 2\n',
    }).envContents.layeredConfig();
    expect(byFlag).toEqual({ load: { path: 'main.go', line: 5 }, files: ['settings/base.yaml'] });
    const perCommand = facts({
      'go.mod': 'module example.com/a\n',
      'cmd/api/conf/conf.go':
        'package conf\n\nfunc Load(dir string) error { return cleanenv.ReadConfig(dir+"/service.yml", &c) }\n',
      'cmd/api/service.yml': 'port: 1\n',
      'cmd/worker/service.yml': 'port: 2\n',
    }).envContents.layeredConfig();
    expect(perCommand?.files).toEqual(['cmd/api/service.yml', 'cmd/worker/service.yml']);
    // A name nothing in the repository holds is no sample.
    expect(
      facts({
        'go.mod': 'module example.com/a\n',
        'main.go': 'package main\n\nimport "os"\n\nfunc main() { os.ReadFile("/etc/app/settings.toml") }\n',
      }).envContents.layeredConfig(),
    ).toBeUndefined();
  });
  it('reads the settings folder a Kratos config source names by its flag default, from the command folder', () => {
    const main =
      'package main\n\nimport (\n\t"flag"\n\t"github.com/go-kratos/kratos/v2/config/file"\n)\n\nvar dir string\n\nfunc init() { flag.StringVar(&dir, "conf", "../../configs", "folder") }\n\nfunc main() {\n\t_ = config.New(config.WithSource(file.NewSource(dir)))\n}\n';
    const kratos = facts({
      'go.mod': 'module example.com/a\n',
      'app/depot/cmd/server/main.go': main,
      'app/depot/configs/config.yaml': 'server:\n  addr: ":8000"\n',
      'app/depot/configs/nested/extra.yaml': 'a: 1\n',
      'configs/other.yaml': 'b: 2\n',
    }).envContents.layeredConfig();
    expect(kratos).toEqual({
      load: { path: 'app/depot/cmd/server/main.go', line: 10 },
      files: ['app/depot/configs/config.yaml'],
    });
    // A folder flag in a file that reads no config source names no settings.
    expect(
      facts({
        'go.mod': 'module example.com/a\n',
        'cmd/server/main.go': main.replace('file.NewSource(dir)', 'os.ReadDir(dir)'),
        'configs/config.yaml': 'a: 1\n',
      }).envContents.layeredConfig(),
    ).toBeUndefined();
    // …nor one whose `file` package is not a config source's (no Kratos or go-micro import).
    expect(
      facts({
        'go.mod': 'module example.com/a\n',
        'cmd/server/main.go': main.replace('github.com/go-kratos/kratos/v2/config/file', 'example.com/a/file'),
        'configs/config.yaml': 'a: 1\n',
      }).envContents.layeredConfig(),
    ).toBeUndefined();
    // A default of the working folder would make every root settings file a sample: none.
    expect(
      facts({
        'go.mod': 'module example.com/a\n',
        'main.go': main.replace('"../../configs"', '"."'),
        'openapi.yaml': 'openapi: 3.0.0\n',
      }).envContents.layeredConfig(),
    ).toBeUndefined();
  });
});

describe('license', () => {
  it('recognises the license text of a root license file', () => {
    const f = facts({ LICENSE: 'MIT License\n\nPermission is hereby granted, free of charge, ...\n' }).license;
    expect(f.files.map((x) => [x.path, x.spdx])).toEqual([['LICENSE', 'MIT']]);
    expect(f.declared).toBeUndefined();
  });
  it('reads the license a manifest declares, with its line', () => {
    const f = facts({ 'pyproject.toml': '[project]\nname = "x"\nlicense = { text = "Apache-2.0" }\n' }).license;
    expect(f.files).toEqual([]);
    expect(f.declared).toEqual({ path: 'pyproject.toml', line: 3, license: 'Apache-2.0' });
  });
});

describe('diagram', () => {
  it('finds the first diagram kept as code in the documentation', () => {
    expect(facts({ 'docs/design.md': '# Design\n\n```mermaid\ngraph TD\n```\n' }).diagram).toEqual({
      path: 'docs/design.md',
      line: 3,
    });
    expect(facts({ 'docs/design.md': '# Design\n\nProse only.\n' }).diagram).toBeUndefined();
  });
});

describe('updateBots', () => {
  it('lists Dependabot ecosystems with their lines', () => {
    const f = facts({
      '.github/dependabot.yml':
        'version: 2\nupdates:\n  - package-ecosystem: "npm"\n    directory: "/"\n  - package-ecosystem: github-actions\n    directory: "/"\n',
    }).updateBots;
    expect(f.dependabot).toEqual({
      path: '.github/dependabot.yml',
      updates: [
        { ecosystem: 'npm', line: 3 },
        { ecosystem: 'github-actions', line: 5 },
      ],
    });
  });
  it('reads Renovate from package.json with its enabled managers, and Renovate run in CI', () => {
    const f = facts({
      'package.json': '{\n  "name": "x",\n  "renovate": {\n    "enabledManagers": ["dockerfile"]\n  }\n}\n',
      '.github/workflows/renovate.yml': 'jobs:\n  r:\n    steps:\n      - uses: renovatebot/github-action@v40\n',
    }).updateBots;
    expect(f.renovate).toEqual({
      path: 'package.json',
      line: 3,
      enabledManagers: ['dockerfile'],
      enabledManagersLine: 4,
    });
    expect(f.renovateInCi).toEqual({ path: '.github/workflows/renovate.yml', line: 4 });
  });
});

describe('schemaSync', () => {
  it('finds the schema created from models at start-up, in code only', () => {
    const f = facts({
      'app/main.py': '# Base.metadata.create_all() is not called here\nBase.metadata.create_all(bind=engine)\n',
    }).schemaSync;
    expect(f.autoCreate).toEqual({ how: 'SQLAlchemy create_all', path: 'app/main.py', line: 2 });
  });
  it('finds Hibernate ddl-auto and prisma db push', () => {
    const f = facts({
      'src/main/resources/application.yml': 'spring:\n  jpa:\n    hibernate:\n      ddl-auto: update\n',
      'package.json': '{"scripts": {"start": "prisma db push && node server.js"}}',
    }).schemaSync;
    expect(f.hibernate).toEqual({ mode: 'update', path: 'src/main/resources/application.yml', line: 4 });
    expect(f.prismaDbPush).toEqual({ path: 'package.json', line: 1 });
  });
});

describe('backups', () => {
  it('finds a backup command in a script and a scripted restore', () => {
    const f = facts({
      'scripts/backup.sh': '#!/bin/sh\npg_dump "$DATABASE_URL" > /backups/db.sql\n',
      'scripts/restore.sh': '#!/bin/sh\npg_restore -d "$DATABASE_URL" /backups/db.dump\n',
    }).backups;
    expect(f.tool).toEqual({ path: 'scripts/backup.sh', line: 2, name: 'pg_dump' });
    expect(f.restoreScript()).toEqual({ path: 'scripts/restore.sh', line: 2 });
  });
  it('does not take a schema-only dump or an unscheduled CI job as a backup', () => {
    const f = facts({
      'scripts/schema.sh': 'pg_dump --schema-only app > schema.sql\n',
      '.github/workflows/ci.yml': 'on: push\njobs:\n  b:\n    steps:\n      - run: mysqldump app > x.sql\n',
    }).backups;
    expect(f.tool).toBeUndefined();
  });
  it('finds a backup section with its restore line in a guide', () => {
    const f = facts({
      'docs/operations.md':
        '# Operations\n\n## Backups\n\nNightly snapshots are kept for 30 days.\n\nTo restore, run `pg_restore -d app latest.dump`.\n',
    }).backups;
    expect(f.docSection).toEqual({ path: 'docs/operations.md', line: 3, restore: 7 });
  });
});

describe('manifests: locking', () => {
  it('marks compiled requirements and the Gradle line that turns on dependency locking', () => {
    const m = facts({
      'requirements.txt': '#\n# This file is autogenerated by pip-compile with Python 3.12\n#\nflask==3.0.0\n',
      'build.gradle': "plugins { id 'java' }\ndependencyLocking {\n  lockAllConfigurations()\n}\n",
    }).manifests.manifests;
    expect(m.find((x) => x.type === 'requirements')?.compiled).toBe(true);
    expect(m.find((x) => x.type === 'gradle')?.lockingLine).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { bicepContainerApps, bicepWebSites } from '../../src/facts/bicep.js';
import { RepoIndex } from '../../src/repo/index.js';

const MODULE = `param image string
param scale object = {
  minReplicas: 1
  maxReplicas: 1
}

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: 'app'
  properties: {
    template: {
      containers: [
        {
          name: 'app'
          image: image
          probes: [
            { type: 'Liveness', httpGet: { path: '/healthz', port: 8080 } }
          ]
        }
      ]
      scale: scale
    }
  }
}
`;

describe('bicepContainerApps', () => {
  it('reads a shared module through each call: the image its parameters build, the replicas its environments set', () => {
    const apps = bicepContainerApps(
      RepoIndex.fromMemory({
        'infra/modules/app.bicep': MODULE,
        'infra/billing/main.bicep': `param tag string
param minReplicas int = 1
var base = 'ghcr.io/acme/shop-'

module billing '../modules/app.bicep' = {
  name: 'billing'
  params: {
    image: '\${base}billing:\${tag}'
    scale: { minReplicas: minReplicas, maxReplicas: 8 }
  }
}
`,
        'infra/billing/prod.bicepparam': "using './main.bicep'\n\nparam minReplicas = 2\n",
        'infra/admin/main.bicep': `module admin '../modules/app.bicep' = {
  name: 'admin'
  params: {
    image: 'ghcr.io/acme/shop-admin:1.4.0'
  }
}
`,
      }),
    );
    expect(apps.map((a) => [a.path, a.resource, a.images, a.instances?.count, a.instances?.autoscale])).toEqual([
      ['infra/admin/main.bicep', 'module admin', ['ghcr.io/acme/shop-admin'], 1, undefined],
      ['infra/billing/main.bicep', 'module billing', ['ghcr.io/acme/shop-billing'], 2, true],
    ]);
    expect(apps[1]!.healthCheck).toEqual({ line: 5, note: 'Container Apps probes of infra/modules/app.bicep:16' });
    expect(apps[0]!.instances?.note).toBe('maxReplicas 1');
  });

  it("takes a module's own image when the call passes none, and keeps the call's name when no image is known", () => {
    const own = `resource web 'Microsoft.App/containerApps@2024-03-01' = {
  name: 'web'
  properties: {
    template: {
      containers: [
        {
          name: 'web'
          image: 'registry.example/shop/web-ui:latest'
        }
      ]
      scale: { minReplicas: 2, maxReplicas: 5 }
    }
  }
}
`;
    const apps = bicepContainerApps(
      RepoIndex.fromMemory({
        'deploy/modules/web.bicep': own,
        'deploy/modules/app.bicep': MODULE,
        'deploy/main.bicep': `param pricingImage string

module webUi 'modules/web.bicep' = {
  name: 'web'
}

module pricingService 'modules/app.bicep' = {
  name: 'pricing'
  params: {
    image: pricingImage
  }
}
`,
      }),
    );
    expect(apps.map((a) => [a.resource, a.images, a.appName, a.instances?.path, a.instances?.line])).toEqual([
      ['module pricingService', [], 'pricingService', 'deploy/modules/app.bicep', 4],
      ['module webUi', ['registry.example/shop/web-ui'], undefined, 'deploy/modules/web.bicep', 11],
    ]);
  });

  it('reads a resource no module calls as the app itself, and leaves an image it cannot resolve out', () => {
    const apps = bicepContainerApps(
      RepoIndex.fromMemory({
        'deploy/api.bicep': `param image string

resource api 'Microsoft.App/containerApps@2024-03-01' = {
  name: 'api'
  properties: {
    template: {
      containers: [ { name: 'api', image: image } ]
      scale: { minReplicas: 3, maxReplicas: 3 }
    }
  }
}
`,
      }),
    );
    expect(apps).toEqual([
      {
        path: 'deploy/api.bicep',
        line: 3,
        resource: 'resource api',
        images: [],
        instances: { count: 3, autoscale: false, line: 8, note: 'between 3 and 3 replicas' },
      },
    ]);
  });

  it('reads a Container Apps job with the trigger each call gives it: a schedule passed, a parameter set, or its default', () => {
    const jobs = bicepContainerApps(
      RepoIndex.fromMemory({
        'infra/modules/job.bicep': `param image string
param schedule string = ''
param triggerType string = 'Manual'

var timed = { triggerType: 'Schedule', scheduleTriggerConfig: { cronExpression: schedule } }
var started = { triggerType: 'Manual' }

resource job 'Microsoft.App/jobs@2024-03-01' = {
  name: 'job'
  properties: {
    configuration: empty(schedule) ? started : timed
    template: { containers: [ { name: 'job', image: image } ] }
  }
}
`,
        'infra/modules/event-job.bicep': `param image string
param triggerType string = 'Manual'

resource job 'Microsoft.App/jobs@2024-03-01' = {
  name: 'job'
  properties: {
    configuration: { triggerType: triggerType }
    template: { containers: [ { name: 'job', image: image } ] }
  }
}
`,
        'infra/sweep/main.bicep': `module sweep '../modules/job.bicep' = {
  name: 'sweep'
  params: {
    image: 'ghcr.io/acme/shop-sweeper:1.0.0'
    schedule: '0 3 * * *'
  }
}
`,
        'infra/reindex/main.bicep': `module reindex '../modules/job.bicep' = {
  name: 'reindex'
  params: {
    image: 'ghcr.io/acme/shop-sweeper:1.0.0'
  }
}
`,
        'infra/drain/main.bicep': `module drain '../modules/event-job.bicep' = {
  name: 'drain'
  params: {
    image: 'ghcr.io/acme/shop-drain:1.0.0'
    triggerType: 'Event'
  }
}
`,
        'infra/migrate/main.bicep': `module migrate '../modules/event-job.bicep' = {
  name: 'migrate'
  params: {
    image: 'ghcr.io/acme/shop-migrator:1.0.0'
  }
}
`,
      }),
    );
    expect(jobs.map((j) => [j.resource, j.images, j.job])).toEqual([
      ['module drain', ['ghcr.io/acme/shop-drain'], 'Event'],
      ['module migrate', ['ghcr.io/acme/shop-migrator'], 'Manual'],
      ['module reindex', ['ghcr.io/acme/shop-sweeper'], 'Manual'],
      ['module sweep', ['ghcr.io/acme/shop-sweeper'], 'Schedule'],
    ]);
  });
});

describe('bicepWebSites', () => {
  const sites = (files: Record<string, string>) =>
    bicepWebSites(RepoIndex.fromMemory(files)).map((s) => [s.resource, s.httpsOnly, s.settingLine ?? null]);

  it('reads httpsOnly of a site resource, its parameter default, and the verified module default', () => {
    expect(
      sites({
        'infra/web.bicep':
          "resource web 'Microsoft.Web/sites@2023-12-01' = {\n  name: 'web'\n  properties: {\n    httpsOnly: true\n  }\n}\n",
        'infra/api.bicep':
          "param httpsOnly bool = true\nresource api 'Microsoft.Web/sites@2023-12-01' = {\n  properties: {\n    httpsOnly: httpsOnly // redirect\n  }\n}\n",
        'infra/fn.bicep':
          "module fn 'br/public:avm/res/web/site:0.15.1' = {\n  params: {\n    kind: 'functionapp'\n  }\n}\n",
      }).sort(),
    ).toEqual([
      ['module fn', 'on', null],
      ['resource api', 'on', 4],
      ['resource web', 'on', 4],
    ]);
  });

  it('reads a site left on the platform default, turned off, or set from a value the repository does not hold', () => {
    expect(
      sites({
        'infra/a.bicep':
          "resource a 'Microsoft.Web/sites@2022-03-01' = {\n  properties: {\n    serverFarmId: plan\n  }\n}\n",
        'infra/b.bicep': "module b 'br/public:avm/res/web/site:0.6.0' = {\n  params: {\n    httpsOnly: false\n  }\n}\n",
        'infra/c.bicep':
          "param secure bool\nresource c 'Microsoft.Web/sites@2022-03-01' = {\n  properties: {\n    httpsOnly: secure\n  }\n}\n",
        // A reference to an existing site and a site's config child are no sites of their own.
        'infra/d.bicep':
          "resource d 'Microsoft.Web/sites@2022-03-01' existing = {\n  name: 'd'\n}\nresource cfg 'Microsoft.Web/sites/config@2022-03-01' = {\n  parent: d\n}\n",
      }).sort(),
    ).toEqual([
      ['module b', 'off', 3],
      ['resource a', 'off', null],
      ['resource c', 'unknown', 4],
    ]);
  });
});

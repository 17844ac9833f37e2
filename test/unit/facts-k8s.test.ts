import { describe, expect, it } from 'vitest';
import { RepoIndex } from '../../src/repo/index.js';
import { detectK8s, isBatchWorkload, localChartDependents, neutraliseTemplate } from '../../src/facts/k8s.js';

const DEPLOY = `apiVersion: v1
kind: ConfigMap
metadata:
  name: api-config
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          image: api:1
      containers:
        - name: api
          image: api:1
          envFrom:
            - configMapRef:
                name: api-config
            - secretRef:
                name: api-secrets
          env:
            - name: OPTIONAL
              valueFrom:
                secretKeyRef:
                  name: maybe
                  key: k
                  optional: true
          livenessProbe:
            httpGet: {path: /healthz, port: 8080}
          readinessProbe:
            tcpSocket: {port: 8080}
          resources:
            requests: {cpu: 100m}
            limits: {cpu: 1}
      volumes:
        - name: tls
          secret:
            secretName: api-tls
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: job
              image: api:1
`;

describe('detectK8s on plain manifests', () => {
  const k = detectK8s(
    RepoIndex.fromMemory({
      'k8s/app.yaml': DEPLOY,
      'docker-compose.yml': 'services: {}\n',
      '.github/workflows/ci.yml': 'kind: x\napiVersion: y\n',
    }),
  );

  it('reads multi-document files into workloads with containers and init containers at their lines', () => {
    expect(k.any).toBe(true);
    expect(k.manifests).toEqual(['k8s/app.yaml']);
    expect(k.workloads.map((w) => `${w.kind}/${w.name}@${w.line}`)).toEqual(['Deployment/api@6', 'CronJob/nightly@43']);
    const [migrate, api] = [
      k.workloads[0]!.containers.find((c) => c.init)!,
      k.workloads[0]!.containers.find((c) => !c.init)!,
    ];
    expect(migrate).toMatchObject({ name: 'migrate', line: 14, resources: { requests: false, limits: false } });
    expect(api).toMatchObject({
      name: 'api',
      line: 17,
      liveness: { present: true, line: 31, via: 'manifest' },
      readiness: { present: true, line: 33 },
      startup: { present: false },
      resources: { requests: true, limits: false, line: 35 },
    });
    expect(k.workloads[1]!.containers[0]!.name).toBe('job');
  });

  it('collects ConfigMap/Secret references, skips optional ones and resolves those defined in the repository', () => {
    expect(k.refs.map((r) => `${r.kind}/${r.name}`)).toEqual([
      'ConfigMap/api-config',
      'Secret/api-secrets',
      'Secret/api-tls',
    ]);
    expect(k.unresolvedRefs.map((r) => `${r.kind}/${r.name}@${r.line}`)).toEqual([
      'Secret/api-secrets@22',
      'Secret/api-tls@39',
    ]);
  });
});

describe('rendered charts of other projects', () => {
  const deployment = (name: string, labels = '') =>
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: ${name}`,
      ...(labels ? ['  labels:', `    helm.sh/chart: ${labels}`] : []),
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      `        - name: ${name}`,
      '          image: example/x:1',
      '',
    ].join('\n');
  it('drops a manifest rendered from a chart the repository does not hold, beside a workload of its own', () => {
    const k = detectK8s(
      RepoIndex.fromMemory({
        'k8s/app.yaml': deployment('api'),
        'k8s/platform/addon.yaml': `# Source: grafana/templates/deployment.yaml\n${deployment('grafana', 'grafana-9.2.2')}`,
        'k8s/platform/mesh.yaml': deployment('istiod', '"istiod-1.28.3"'),
      }),
    );
    expect(k.workloads.map((w) => w.name)).toEqual(['api']);
  });
  it("keeps a rendering of the repository's own chart, and an upstream rendering that is all there is", () => {
    const own = detectK8s(
      RepoIndex.fromMemory({
        'charts/api/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 0.1.0\n',
        'k8s/install.yaml': deployment('api', 'api-0.1.0'),
        'k8s/app.yaml': deployment('worker'),
      }),
    );
    expect(own.workloads.map((w) => w.name).sort()).toEqual(['api', 'worker']);
    // a chart of its own whose name holds a hyphen and a digit (`api-v2`) is still its own
    const versioned = detectK8s(
      RepoIndex.fromMemory({
        'charts/api/Chart.yaml': 'apiVersion: v2\nname: api-v2\nversion: 1.0.0\n',
        'k8s/install.yaml': deployment('api', 'api-v2-1.0.0'),
        'k8s/app.yaml': deployment('worker'),
      }),
    );
    expect(versioned.workloads.map((w) => w.name).sort()).toEqual(['api', 'worker']);
    const alone = detectK8s(RepoIndex.fromMemory({ 'k8s/addon.yaml': deployment('grafana', 'grafana-9.2.2') }));
    expect(alone.workloads.map((w) => w.name)).toEqual(['grafana']);
  });
});

describe('leader election flags', () => {
  it('marks the workloads whose containers turn leader election on', () => {
    const deploy = (name: string, args: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: acme/op:1\n          args: [${args}]\n`;
    const k = detectK8s(
      RepoIndex.fromMemory({
        'deploy/a.yaml': deploy('controller', '--leader-elect'),
        'deploy/b.yaml': deploy('cert', '"--enable-leader-election=true"'),
        'deploy/c.yaml': deploy('webhook', '--webhook, "--leader-elect=false"'),
      }),
    );
    expect(k.workloads.map((w) => `${w.name}:${w.leaderElect ?? false}`)).toEqual([
      'controller:true',
      'cert:true',
      'webhook:false',
    ]);
  });
});

describe('Helm charts', () => {
  const TEMPLATE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.fullname" . }}
  labels:
    {{- include "web.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  template:
    spec:
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          {{- with .Values.livenessProbe }}
          livenessProbe:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          readinessProbe:
            httpGet:
              path: /ready
              port: {{ .Values.service.port }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
        - name: sidecar
          image: envoy:1.30
          resources: {{ include "web.sidecarResources" . }}
`;
  it('neutralises template actions line by line and keeps line numbers', () => {
    const n = neutraliseTemplate(TEMPLATE);
    expect(n.split('\n')).toHaveLength(TEMPLATE.split('\n').length);
    expect(n).not.toContain('{{');
    expect(n.split('\n')[3]).toBe('  name: __tpl__');
    expect(n.split('\n')[5]).toBe('');
  });

  it('resolves templated probes and resources from values.yaml, with line numbers from the template', () => {
    const repo = RepoIndex.fromMemory({
      'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
      'chart/values.yaml': 'livenessProbe:\n  httpGet: {path: /healthz, port: http}\nresources: {}\n',
      'chart/templates/deployment.yaml': TEMPLATE,
      'chart/templates/_helpers.tpl': '{{- define "web.fullname" -}}{{ .Release.Name }}{{- end }}\n',
      'chart/templates/NOTES.txt': 'Get the URL: {{ .Values.x }}\n',
    });
    const k = detectK8s(repo);
    expect(k.charts).toEqual([{ path: 'chart/Chart.yaml', dir: 'chart', name: 'web', values: 'chart/values.yaml' }]);
    const w = k.workloads[0]!;
    expect(w).toMatchObject({ file: 'chart/templates/deployment.yaml', kind: 'Deployment', helm: true, name: '{{…}}' });
    const [main, sidecar] = w.containers;
    expect(main).toMatchObject({
      liveness: { present: true, line: 17, via: 'values' },
      readiness: { present: true, line: 20, via: 'manifest' },
      resources: { requests: false, limits: false, line: 24, via: 'values' },
    });
    expect(sidecar!.resources).toMatchObject({ requests: true, limits: true, via: 'template' });
  });

  it('reads Service types (through values.yaml when templated) and the Services edge objects route to', () => {
    const repo = RepoIndex.fromMemory({
      'chart/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\n',
      'chart/values.yaml': 'api:\n  service:\n    type: ClusterIP\nedge:\n  service: {}\n',
      'chart/templates/services.yaml': [
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-api\nspec:\n  type: {{ .Values.api.service.type }}\n  selector:\n    app: {{ .Release.Name }}-api\n',
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-edge\nspec:\n  type: {{ .Values.edge.service.type }}\n',
      ].join('---\n'),
      'chart/templates/ingress.yaml':
        'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n    - http:\n        paths:\n          - path: /\n            backend:\n              service:\n                name: {{ .Release.Name }}-edge\n                port: {number: 80}\n',
      'k8s/route.yaml': [
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: worker\nspec:\n  selector: {app: worker}\n',
        'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: r\nspec:\n  rules:\n    - backendRefs:\n        - name: billing\n          port: 80\n',
        'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: v\nspec:\n  http:\n    - route:\n        - destination:\n            host: reports.shop.svc.cluster.local\n',
      ].join('---\n'),
    });
    const objects = detectK8s(repo).objects;
    const byName = (n: string) => objects.find((o) => o.name === n);
    expect(byName('{{…}}-api')?.service).toEqual({ type: 'ClusterIP', line: 6, selects: ['{{…}}-api'] });
    // values.yaml does not say: the type stays unknown.
    expect(byName('{{…}}-edge')?.service?.type).toBe('{{…}}');
    expect(byName('worker')?.service).toEqual({ type: 'ClusterIP', line: 1, selects: ['worker'] });
    expect(byName('web')?.backends).toEqual(['{{…}}-edge']);
    expect(byName('r')?.backends).toEqual(['billing']);
    expect(byName('v')?.backends).toEqual(['reports']);
    const pods = detectK8s(
      RepoIndex.fromMemory({
        'k8s/d.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: runner-deployment\nspec:\n  template:\n    metadata:\n      labels:\n        app: runner\n        tier: {{ .Values.tier }}\n    spec:\n      containers:\n        - name: r\n          image: r:1\n',
      }),
    ).workloads[0];
    expect(pods?.podLabels).toEqual(['runner', '{{…}}']);
  });

  it('never crashes on templates that stay invalid YAML', () => {
    const repo = RepoIndex.fromMemory({
      'Chart.yaml': 'apiVersion: v2\nname: x\nversion: 0.1.0\n',
      'templates/odd.yaml': 'kind: Deployment\n{{ range .Values.x }}\n  - : : [\n{{ end }}\n',
    });
    expect(() => detectK8s(repo)).not.toThrow();
    expect(detectK8s(repo).any).toBe(true);
  });
});

describe('kustomize', () => {
  it('applies strategic-merge patches by workload and container name and knows generated ConfigMaps', () => {
    const repo = RepoIndex.fromMemory({
      'base/kustomization.yaml': 'resources: [deploy.yaml]\nconfigMapGenerator:\n  - name: cfg\n    literals: [A=1]\n',
      'base/deploy.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          envFrom:\n            - configMapRef: {name: cfg}\n',
      'prod/kustomization.yaml': 'resources: [../base]\npatches:\n  - path: res.yaml\n',
      'prod/res.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          resources:\n            requests: {memory: 64Mi}\n            limits: {memory: 128Mi}\n',
    });
    const k = detectK8s(repo);
    expect(k.kustomizations.sort()).toEqual(['base/kustomization.yaml', 'prod/kustomization.yaml']);
    expect(k.workloads).toHaveLength(1);
    expect(k.workloads[0]!.containers[0]!.resources).toMatchObject({
      requests: true,
      limits: true,
      file: 'prod/res.yaml',
      line: 10,
    });
    expect(k.unresolvedRefs).toEqual([]);
  });

  it('reads a patch file no kustomization names (no selector, no image) as a patch, not as a second workload', () => {
    const patch =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          readinessProbe:\n            tcpSocket: {port: 80}\n';
    const repo = RepoIndex.fromMemory({
      'config/kustomization.yaml': 'resources: [deploy.yaml]\n',
      'config/deploy.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels: {app: api}\n  template:\n    spec:\n      containers:\n        - name: api\n          image: acme/api:1.0\n',
      'config/debug_patch.yaml': patch,
    });
    const k = detectK8s(repo);
    expect(k.workloads.map((w) => w.file)).toEqual(['config/deploy.yaml']);
    expect(k.workloads[0]!.containers[0]!.readiness).toMatchObject({ present: true, file: 'config/debug_patch.yaml' });
  });

  it('is empty for a repository without Kubernetes', () => {
    expect(detectK8s(RepoIndex.fromMemory({ 'app.py': '', 'mkdocs.yml': 'site_name: x\n' })).any).toBe(false);
  });
});

describe('Helm values lookup', () => {
  it('takes the values path from the key line or the template line after it, not from an unrelated line before', () => {
    const repo = RepoIndex.fromMemory({
      'c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
      'c/values.yaml': 'secret: db\nlivenessProbe:\n  httpGet: {path: /healthz, port: http}\n',
      'c/templates/d.yaml': [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: d',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '        - name: app',
        '          envFrom:',
        '            - secretRef:',
        '                name: {{ .Values.secret }}',
        '          livenessProbe:',
        '            {{- toYaml .Values.livenessProbe | nindent 12 }}',
        '',
      ].join('\n'),
    });
    const c = detectK8s(repo).workloads[0]!.containers[0]!;
    expect(c.liveness).toEqual({ present: true, line: 13, via: 'values' });
  });
});

describe('other workload shapes', () => {
  it('reads Knative/Cloud Run services and OpenShift DeploymentConfigs as workloads', () => {
    const repo = RepoIndex.fromMemory({
      'service.yaml':
        'apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - image: gcr.io/p/api:1\n          readinessProbe:\n            httpGet: {path: /ready}\n',
      'openshift/dc.yaml':
        'apiVersion: apps.openshift.io/v1\nkind: DeploymentConfig\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: web:1\n',
      'k8s/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: plain\nspec:\n  ports: [{port: 80}]\n',
    });
    const k = detectK8s(repo);
    expect(k.workloads.map((w) => `${w.kind}/${w.name}:${w.containers.length}`).sort()).toEqual([
      'DeploymentConfig/web:1',
      'Service/api:1',
    ]);
    expect(k.workloads.find((w) => w.name === 'api')!.containers[0]).toMatchObject({
      name: '(unnamed)',
      readiness: { present: true, line: 10 },
    });
  });
});

describe('Helm values overrides', () => {
  it('counts resources set in an environment values file beside values.yaml', () => {
    const tpl =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          resources:\n            {{- toYaml .Values.resources | nindent 12 }}\n';
    const files = {
      'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
      'chart/values.yaml': 'resources: {}\n',
      'chart/templates/d.yaml': tpl,
    };
    const res = (extra: Record<string, string>) =>
      detectK8s(RepoIndex.fromMemory({ ...files, ...extra })).workloads[0]!.containers[0]!.resources;
    expect(res({})).toMatchObject({ requests: false, limits: false, via: 'values' });
    const withProd = detectK8s(
      RepoIndex.fromMemory({
        ...files,
        'chart/values-prod.yaml': 'resources:\n  requests: {cpu: 100m}\n  limits: {memory: 256Mi}\n',
      }),
    );
    expect(withProd.charts[0]!.overrides).toEqual(['chart/values-prod.yaml']);
    expect(withProd.workloads[0]!.containers[0]!.resources).toMatchObject({
      requests: true,
      limits: true,
      via: 'values',
    });
  });
});

describe('manifests templated outside Helm', () => {
  it('reads `{{ image }}` placeholders tolerantly, with low confidence', () => {
    const repo = RepoIndex.fromMemory({
      'deploy/app.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: {{ image }}\n          resources:\n            limits: {memory: 256Mi}\n            requests: {memory: 128Mi}\n',
    });
    const w = detectK8s(repo).workloads[0]!;
    expect(w).toMatchObject({ name: 'app', helm: true });
    expect(w.containers[0]!.resources).toMatchObject({ requests: true, limits: true, line: 11 });
  });
});

describe('Helm charts in the Bitnami style', () => {
  it('treats probes rendered by helpers in if/else branches as templated, not as missing', () => {
    const tpl = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: {{ include "common.names.fullname" . }}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: web',
      '          image: {{ template "web.image" . }}',
      '          {{- if .Values.customLivenessProbe }}',
      '          livenessProbe: {{- include "common.tplvalues.render" (dict "value" .Values.customLivenessProbe "context" $) | nindent 12 }}',
      '          {{- else if .Values.livenessProbe.enabled }}',
      '          livenessProbe: {{- include "common.tplvalues.render" (dict "value" (omit .Values.livenessProbe "enabled") "context" $) | nindent 12 }}',
      '            httpGet:',
      '              path: /',
      '              port: http',
      '          {{- end }}',
      '          {{- if .Values.resources }}',
      '          resources: {{- toYaml .Values.resources | nindent 12 }}',
      '          {{- else if ne .Values.resourcesPreset "none" }}',
      '          resources: {{- include "common.resources.preset" (dict "type" .Values.resourcesPreset) | nindent 12 }}',
      '          {{- end }}',
      '',
    ].join('\n');
    const repo = RepoIndex.fromMemory({
      'web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
      'web/values.yaml':
        'customLivenessProbe: {}\nlivenessProbe:\n  enabled: true\n  periodSeconds: 10\nresources: {}\nresourcesPreset: nano\n',
      'web/templates/deployment.yaml': tpl,
    });
    const c = detectK8s(repo).workloads[0]!.containers[0]!;
    expect(c.liveness.present).toBe(true);
    expect(c.liveness.via).toBe('template');
    expect(c.readiness.present).toBe(false);
    expect(c.resources).toMatchObject({ requests: true, limits: true, via: 'template', line: 22 });
  });
});

describe('Helm helpers that render whole blocks', () => {
  it('counts probes and resources included by a named template inside the container', () => {
    const tpl = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: {{ .Release.Name }}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: app',
      '          image: {{ .Values.image }}',
      '          {{- include "svc.livenessProbe" . | nindent 10 }}',
      '          {{- include "svc.readinessProbe" . | nindent 10 }}',
      '        - name: sidecar',
      '          image: envoy:1.30',
      '          {{- include "svc.resources" . | nindent 10 }}',
      '',
    ].join('\n');
    const repo = RepoIndex.fromMemory({
      'c/Chart.yaml': 'apiVersion: v2\nname: svc\nversion: 1.0.0\n',
      'c/templates/d.yaml': tpl,
    });
    const [app, sidecar] = detectK8s(repo).workloads[0]!.containers;
    expect(app).toMatchObject({
      liveness: { present: true, line: 11, via: 'template' },
      readiness: { present: true, line: 12 },
      resources: { requests: false },
    });
    expect(sidecar).toMatchObject({
      liveness: { present: false },
      resources: { requests: true, limits: true, line: 15 },
    });
  });
});

describe('replicas, update strategies, images and other objects', () => {
  it('reads replicas, the strategy and container images, and lists autoscalers and budgets with their targets', () => {
    const repo = RepoIndex.fromMemory({
      'k8s/app.yaml': [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: api',
        'spec:',
        '  replicas: 3',
        '  strategy:',
        '    type: RollingUpdate',
        '  template:',
        '    spec:',
        '      containers:',
        '        - name: api',
        '          image: ghcr.io/acme/api:1.4.2',
        '---',
        'apiVersion: autoscaling/v2',
        'kind: HorizontalPodAutoscaler',
        'metadata:',
        '  name: api',
        'spec:',
        '  scaleTargetRef:',
        '    kind: Deployment',
        '    name: api',
        '---',
        'apiVersion: policy/v1',
        'kind: PodDisruptionBudget',
        'metadata:',
        '  name: api-pdb',
        'spec:',
        '  minAvailable: 1',
        '',
      ].join('\n'),
    });
    const k = detectK8s(repo);
    expect(k.workloads[0]).toMatchObject({
      replicas: { value: 3, line: 6 },
      strategy: { type: 'RollingUpdate', line: 8 },
    });
    expect(k.workloads[0]!.containers[0]!.image).toEqual({ ref: 'ghcr.io/acme/api:1.4.2', line: 13 });
    expect(k.objects.map((o) => [o.kind, o.name, o.line, o.target])).toEqual([
      ['HorizontalPodAutoscaler', 'api', 15, 'api'],
      ['PodDisruptionBudget', 'api-pdb', 24, undefined],
    ]);
  });

  it('marks templated replicas and images in Helm charts, and reads Argo Rollouts strategies', () => {
    const repo = RepoIndex.fromMemory({
      'chart/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 1.0.0\n',
      'chart/values.yaml': 'replicaCount: 1\nimage:\n  repository: acme/api\n  tag: ""\n',
      'chart/templates/deployment.yaml': [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: {{ .Release.Name }}',
        'spec:',
        '  {{- if not .Values.autoscaling.enabled }}',
        '  replicas: {{ .Values.replicaCount }}',
        '  {{- end }}',
        '  template:',
        '    spec:',
        '      containers:',
        '        - name: api',
        '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"',
        '',
      ].join('\n'),
      'rollout.yaml': [
        'apiVersion: argoproj.io/v1alpha1',
        'kind: Rollout',
        'metadata:',
        '  name: web',
        'spec:',
        '  strategy:',
        '    canary:',
        '      steps: [{setWeight: 20}]',
        '  template:',
        '    spec:',
        '      containers:',
        '        - name: web',
        '          image: acme/web:2.0.0',
        '',
      ].join('\n'),
    });
    const k = detectK8s(repo);
    const helm = k.workloads.find((w) => w.helm)!;
    expect(helm.replicas).toEqual({ value: 'template', line: 7 });
    expect(helm.containers[0]!.image).toEqual({ ref: '{{…}}:{{…}}', line: 13 });
    expect(k.workloads.find((w) => w.kind === 'Rollout')!.strategy).toEqual({ type: 'canary', line: 7 });
  });

  it('reads a nais Application as one workload: probe paths, resources, replicas (2 when unwritten) and a Naisjob', () => {
    const repo = RepoIndex.fromMemory({
      '.nais/app.yaml': [
        'apiVersion: nais.io/v1alpha1',
        'kind: Application',
        'metadata:',
        '  name: ledger',
        'spec:',
        '  image: "{{ image }}"',
        '  liveness:',
        '    path: /isalive',
        '  readiness:',
        '    path: /isready',
        '  replicas:',
        '    min: 3',
        '    max: 5',
        '  resources:',
        '    requests: {cpu: 50m, memory: 256Mi}',
        '    limits: {memory: 512Mi}',
        '  {{ ingresses }}',
        '  env:',
        '    - name: LEDGER_MODE',
        '      value: strict',
        '',
      ].join('\n'),
      '.nais/worker.yaml': [
        'apiVersion: nais.io/v1alpha1',
        'kind: Application',
        'metadata:',
        '  name: ledger-worker',
        'spec:',
        '  image: ghcr.io/acme/ledger-worker:1.4.0',
        '  liveness:',
        '    port: 8080',
        '  ingresses:',
        '    - https://ledger-worker.example.org',
        '',
      ].join('\n'),
      '.nais/nightly.yaml': [
        'apiVersion: nais.io/v1',
        'kind: Naisjob',
        'metadata:',
        '  name: ledger-close',
        'spec:',
        '  image: "{{ image }}"',
        '  schedule: "0 2 * * *"',
        '',
      ].join('\n'),
    });
    const k = detectK8s(repo);
    const app = k.workloads.find((w) => w.name === 'ledger')!;
    expect(app).toMatchObject({ kind: 'Application', line: 1, replicas: { value: 3, line: 11 } });
    expect(app.containers).toHaveLength(1);
    expect(app.containers[0]).toMatchObject({
      name: 'ledger',
      liveness: { present: true, line: 7 },
      readiness: { present: true, line: 9 },
      startup: { present: false },
      resources: { requests: true, limits: true, line: 14 },
      env: { LEDGER_MODE: 'strict' },
    });
    const worker = k.workloads.find((w) => w.name === 'ledger-worker')!;
    expect(worker.replicas).toEqual({ value: 2, line: 1, platformDefault: true });
    expect(worker.httpsIngress).toEqual({ url: 'https://ledger-worker.example.org', line: 10 });
    expect(app.httpsIngress).toBeUndefined();
    // A probe without a path is not one naiserator renders.
    expect(worker.containers[0]).toMatchObject({
      liveness: { present: false },
      resources: { requests: false, limits: false },
      image: { ref: 'ghcr.io/acme/ledger-worker:1.4.0', line: 6 },
    });
    const job = k.workloads.find((w) => w.name === 'ledger-close')!;
    expect(job.kind).toBe('Naisjob');
    expect(job.replicas).toBeUndefined();
    expect(isBatchWorkload(job)).toBe(true);
  });

  it('fills the `{{ key }}` placeholders of a nais Application from its vars, production first', () => {
    const app = (ingress: string) =>
      [
        'apiVersion: nais.io/v1alpha1',
        'kind: Application',
        'metadata:',
        '  name: ledger',
        'spec:',
        '  image: {{ image }}',
        '  replicas:',
        '    min: {{ replicas }}',
        '    max: 4',
        ingress,
        '',
      ].join('\n');
    const k = detectK8s(
      RepoIndex.fromMemory({
        '.nais/app.yaml': app('  ingresses:\n    - {{ ingress.url }}'),
        '.nais/vars/dev.yml': 'replicas: 1\ningress:\n  url: https://ledger.dev.example.org\n',
        '.nais/vars/prod.yml': 'replicas: 3\ningress:\n  url: https://ledger.example.org\n',
        '.nais/alerts.yaml': 'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: a\n',
      }),
    );
    expect(k.workloads[0]).toMatchObject({
      replicas: { value: 3, line: 7 },
      httpsIngress: { url: 'https://ledger.example.org', line: 11 },
    });
    // A whole `{{ ingresses }}` line filled with the YAML of the list.
    const block = detectK8s(
      RepoIndex.fromMemory({
        '.nais/app.yaml': app('  {{ ingresses }}'),
        '.nais/vars-prod.yaml': 'replicas: 2\ningresses: |\n  ingresses:\n    - https://ledger.example.org\n',
      }),
    );
    expect(block.workloads[0]!.httpsIngress).toEqual({ url: 'https://ledger.example.org', line: 10 });
    // Without vars the count stays a template.
    const bare = detectK8s(RepoIndex.fromMemory({ '.nais/app.yaml': app('') }));
    expect(bare.workloads[0]!.replicas).toEqual({ value: 'template', line: 7 });
  });

  it('fills a nais Application from JSON vars, the items of a Handlebars `{{#each}}` loop with the looped list', () => {
    const k = detectK8s(
      RepoIndex.fromMemory({
        '.nais/nais.yaml': [
          'apiVersion: "nais.io/v1alpha1"',
          'kind: Application',
          'metadata:',
          '  name: ledger',
          'spec:',
          '  image: {{ image }}',
          '  replicas:',
          '    min: {{ min_replicas }}',
          '    max: {{ max_replicas }}',
          '  ingresses:',
          '  {{#each ingress as |url|}}',
          '      - {{url}}',
          '  {{/each}}',
          '',
        ].join('\n'),
        '.nais/nais-dev.json': '{"min_replicas": 1, "ingress": ["http://ledger.intern.dev.example.org"]}',
        '.nais/nais-prod.json': '{"min_replicas": 2, "ingress": ["https://ledger.example.org/api"]}',
      }),
    );
    expect(k.workloads[0]).toMatchObject({
      replicas: { value: 2, line: 7 },
      httpsIngress: { url: 'https://ledger.example.org/api', line: 12 },
    });
  });

  it("reads HMCTS' java chart as one Deployment: default probes, written paths, replicas or the autoscaler's floor", () => {
    const chart = (repository: string) =>
      `apiVersion: v2\nname: hearings-api\nversion: 0.1.0\ndependencies:\n  - name: java\n    version: 5.3.0\n    repository: '${repository}'\n`;
    const values = (extra: string) =>
      `java:\n  applicationPort: 4550\n  image: 'registry.example.org/hearings-api:latest'\n${extra}`;
    const read = (repository: string, extra: string) =>
      detectK8s(
        RepoIndex.fromMemory({
          'charts/hearings-api/Chart.yaml': chart(repository),
          'charts/hearings-api/values.yaml': values(extra),
        }),
      ).workloads;
    const [plain] = read('oci://hmctsprod.azurecr.io/helm', '');
    expect(plain).toMatchObject({
      file: 'charts/hearings-api/values.yaml',
      kind: 'Deployment',
      name: 'hearings-api',
      helm: true,
      replicas: { value: 1, line: 1, platformDefault: true },
    });
    expect(plain!.containers[0]).toMatchObject({
      liveness: { present: true, via: 'template' },
      readiness: { present: true, via: 'template' },
      resources: { requests: true, limits: true, via: 'template' },
      image: { ref: 'registry.example.org/hearings-api:{{…}}', line: 3 },
    });
    const [scaled] = read(
      'https://hmctspublic.azurecr.io/helm/v1/repo/',
      '  readinessPath: /ready\n  memoryRequests: 512Mi\n  autoscaling:\n    enabled: true\n    minReplicas: 3\n',
    );
    // Cited at `minReplicas` (line 8), not at the `autoscaling` key holding it (line 6).
    expect(scaled).toMatchObject({ replicas: { value: 3, line: 8 } });
    expect(scaled!.containers[0]).toMatchObject({
      readiness: { present: true, line: 4, via: 'values' },
      resources: { line: 5, via: 'values' },
    });
    expect(read('https://charts.example.org', '')).toEqual([]);
  });

  it("reads HMPPS' generic-service chart as one Deployment: the chart's probes and replicas, values beside the chart", () => {
    const chart = (repository: string) =>
      [
        'apiVersion: v2',
        'name: permits-api',
        'version: 0.1.0',
        'dependencies:',
        '  - name: generic-service',
        '    version: "3.12"',
        `    repository: ${repository}`,
        '',
      ].join('\n');
    const files = {
      'helm_deploy/permits-api/values.yaml': [
        'generic-service:',
        '  nameOverride: permits-api',
        '  image:',
        '    repository: ghcr.io/example/permits-api',
        '    tag: app_version',
        '  readinessProbe: null',
        '  ingress:',
        '    enabled: true',
        '    host: placeholder.local',
        '  env:',
        '    MODE: strict',
        '',
      ].join('\n'),
      'helm_deploy/values-prod.yaml': [
        'generic-service:',
        '  ingress:',
        '    host: permits.example.gov.uk',
        '  resources:',
        '    requests: {cpu: 50m, memory: 512Mi}',
        '    limits: {memory: 1Gi}',
        '',
      ].join('\n'),
    };
    const k = detectK8s(
      RepoIndex.fromMemory({
        ...files,
        'helm_deploy/permits-api/Chart.yaml': chart('https://ministryofjustice.github.io/hmpps-helm-charts'),
      }),
    );
    const w = k.workloads.find((x) => x.name === 'permits-api')!;
    expect(w).toMatchObject({
      file: 'helm_deploy/permits-api/values.yaml',
      kind: 'Deployment',
      helm: true,
      replicas: { value: 4, line: 1, platformDefault: true },
      httpsIngress: { url: 'https://permits.example.gov.uk', line: 7 },
    });
    expect(w.containers[0]).toMatchObject({
      liveness: { present: true, via: 'template' },
      readiness: { present: false, line: 6 },
      startup: { present: false },
      resources: { requests: true, limits: true, line: 4, file: 'helm_deploy/values-prod.yaml' },
      image: { ref: 'ghcr.io/example/permits-api:{{…}}' },
      env: { MODE: 'strict' },
    });
    // A chart of the same name from another repository renders something else.
    const other = detectK8s(
      RepoIndex.fromMemory({ ...files, 'helm_deploy/permits-api/Chart.yaml': chart('https://charts.example.org') }),
    );
    expect(other.workloads).toEqual([]);
  });

  it('reads the workloads of a chart rendered by the bjw-s common library from its values', () => {
    const chart = (deps: string) =>
      ['apiVersion: v2', 'name: shop', 'version: 1.0.0', 'dependencies:', ...deps.split('\n'), ''].join('\n');
    const values = [
      'controllers:',
      '  web:',
      '    type: statefulset',
      '    replicas: 3',
      '    containers:',
      '      app:',
      '        image: {repository: acme/shop, tag: 1.4.0}',
      '        probes:',
      '          liveness: {enabled: true}',
      '          readiness: {enabled: false}',
      '  sweeper:',
      '    type: cronjob',
      '    containers:',
      '      job: {image: {repository: acme/shop-sweeper}}',
      '  legacy:',
      '    enabled: false',
      '    containers:',
      '      old: {image: {repository: acme/old}}',
      '',
    ].join('\n');
    const k = detectK8s(
      RepoIndex.fromMemory({
        'chart/Chart.yaml': chart('  - name: common\n    repository: https://bjw-s-labs.github.io/helm-charts'),
        'chart/values.yaml': values,
        'chart/templates/common.yaml': '{{ include "bjw-s.common.loader.all" . }}\n',
      }),
    );
    expect(k.workloads.map((w) => [w.kind, w.name, w.file, w.line])).toEqual([
      ['StatefulSet', 'shop-web', 'chart/values.yaml', 2],
      ['CronJob', 'shop-sweeper', 'chart/values.yaml', 11],
    ]);
    const app = k.workloads[0]!.containers[0]!;
    expect(k.workloads[0]!.replicas).toEqual({ value: 3, line: 4 });
    expect(app.image).toEqual({ ref: 'acme/shop:1.4.0', line: 7 });
    expect([app.liveness.present, app.readiness.present, app.startup.present]).toEqual([true, false, false]);
    // A chart that only names another chart repository's `common` is not read this way.
    const other = detectK8s(
      RepoIndex.fromMemory({
        'chart/Chart.yaml': chart('  - name: common\n    repository: https://charts.example.com'),
        'chart/values.yaml': values,
      }),
    );
    expect(other.workloads).toEqual([]);
  });

  it('manifests the program holds as text or writes as its own custom resources are its data, not its deployment', () => {
    const job =
      'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: sample-build-01\nspec:\n  template:\n    spec:\n      containers:\n        - name: build\n          image: builder:1\n';
    const k = detectK8s(
      RepoIndex.fromMemory({
        'src/job.ts': `export const template = \`${job}\`;\n`,
        'templates/job.yaml': job,
        'src/apps.ts': "export const app = { apiVersion: 'apps.acme.dev/v1', kind: 'AcmeApp' };\n",
        'catalog/blog/app.yaml': 'apiVersion: apps.acme.dev/v1\nkind: AcmeApp\nmetadata:\n  name: blog\n',
        'catalog/blog/ingress.yaml':
          'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: blog\nspec:\n  rules: []\n',
        'deploy/api.yaml': DEPLOY,
      }),
    );
    expect(k.manifests).toEqual(['deploy/api.yaml']);
    expect(new Set(k.workloads.map((w) => w.file))).toEqual(new Set(['deploy/api.yaml']));
  });

  it("Dapr's resources alone describe no cluster; beside a workload they are applied with it", () => {
    const component =
      'apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: orders\nspec:\n  type: state.redis\n  version: v1\n';
    const policies =
      'apiVersion: dapr.io/v1alpha1\nkind: Configuration\nmetadata:\n  name: sidecar\n---\napiVersion: dapr.io/v1alpha1\nkind: Resiliency\nmetadata:\n  name: retries\n';
    const alone = detectK8s(RepoIndex.fromMemory({ 'dapr/orders.yaml': component, 'dapr/sidecar.yaml': policies }));
    expect(alone.any).toBe(false);
    expect(alone.manifests).toEqual([]);
    expect(alone.objects).toEqual([]);
    const beside = detectK8s(
      RepoIndex.fromMemory({ 'k8s/orders.yaml': component, 'k8s/sidecar.yaml': policies, 'k8s/api.yaml': DEPLOY }),
    );
    expect(beside.any).toBe(true);
    expect([...beside.manifests].sort()).toEqual(['k8s/api.yaml', 'k8s/orders.yaml', 'k8s/sidecar.yaml']);
    expect(beside.objects.map((o) => o.kind).sort()).toEqual(['Component', 'Configuration', 'Resiliency']);
  });
});

describe('charts that take a chart of the repository as a local dependency', () => {
  it('finds each one with the values key it sets the shared chart under (the alias, else the name)', () => {
    const repo = RepoIndex.fromMemory({
      'charts/base/Chart.yaml': 'apiVersion: v2\nname: base\nversion: 0.1.0\n',
      'charts/base/values.yaml': 'image:\n  repository: ""\n',
      'charts/base/templates/deployment.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: "{{ .Values.image.repository }}:latest"\n',
      'charts/api/Chart.yaml':
        'apiVersion: v2\nname: api\nversion: 0.1.0\ndependencies:\n  - name: base\n    version: 0.1.0\n    repository: file://../base\n',
      'charts/api/values.yaml': 'base:\n  image:\n    repository: ghcr.io/acme/api\n',
      'charts/jobs/Chart.yaml':
        'apiVersion: v2\nname: jobs\nversion: 0.1.0\ndependencies:\n  - name: base\n    alias: runner\n    version: 0.1.0\n    repository: "file://../base"\n',
      'charts/jobs/values.yaml': 'runner:\n  image:\n    repository: ghcr.io/acme/jobs\n',
      'charts/proxy/Chart.yaml':
        'apiVersion: v2\nname: proxy\nversion: 0.1.0\ndependencies:\n  - name: base\n    version: 0.1.0\n    repository: https://charts.example.com\n',
      'charts/proxy/values.yaml': 'base:\n  image:\n    repository: nginx\n',
    });
    const { charts } = detectK8s(repo);
    const base = charts.find((c) => c.name === 'base')!;
    const found = localChartDependents(repo, base, charts).map((d) => [d.parent.name, d.key]);
    expect(found.sort()).toEqual([
      ['api', 'base'],
      ['jobs', 'runner'],
    ]);
    expect(localChartDependents(repo, charts.find((c) => c.name === 'api')!, charts)).toEqual([]);
  });

  it('takes a file:// repository written with a trailing slash for the same folder', () => {
    const repo = RepoIndex.fromMemory({
      'charts/base/Chart.yaml': 'apiVersion: v2\nname: base\nversion: 0.1.0\n',
      'charts/web/Chart.yaml':
        'apiVersion: v2\nname: web\nversion: 0.1.0\ndependencies:\n  - name: base\n    version: 0.1.0\n    repository: file://../base/\n',
    });
    const { charts } = detectK8s(repo);
    const base = charts.find((c) => c.name === 'base')!;
    expect(localChartDependents(repo, base, charts).map((d) => [d.parent.name, d.key])).toEqual([['web', 'base']]);
  });
});

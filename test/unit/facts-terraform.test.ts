import { describe, expect, it } from 'vitest';
import { hclAttr, hclBlocks, parseHcl, resolveHcl, hclScope } from '../../src/facts/hcl.js';
import { Facts } from '../../src/facts/index.js';
import { terraformServices } from '../../src/facts/terraform.js';
import { RepoIndex } from '../../src/repo/index.js';

const services = (files: Record<string, string>) => terraformServices(RepoIndex.fromMemory(files));

describe('hcl reader', () => {
  it('reads blocks, labels, attributes and nested literals with their lines', () => {
    const text = [
      '# comment',
      'resource "aws_ecs_service" "api" {',
      '  name = "api" // trailing',
      '  desired_count = var.count',
      '  tags = { team = "core", "cost-center" : 42 }',
      '  deployment_circuit_breaker {',
      '    enable   = true',
      '    rollback = var.env == "prod" ? true : false',
      '  }',
      '  defs = <<-EOT',
      '    [{"name": "x"}]',
      '    EOT',
      '  list = [for s in var.subnets : s.id]',
      '}',
    ].join('\n');
    const [svc] = parseHcl(text);
    expect(svc).toMatchObject({ type: 'resource', labels: ['aws_ecs_service', 'api'], line: 2 });
    expect(hclAttr(svc, 'name')?.value).toEqual({ t: 'str', v: 'api', line: 3 });
    expect(hclAttr(svc, 'desired_count')?.value).toEqual({ t: 'expr', v: 'var.count', line: 4 });
    const tags = hclAttr(svc, 'tags')?.value;
    expect(hclAttr(tags, 'cost-center')?.value).toMatchObject({ t: 'num', v: 42 });
    const breaker = hclBlocks(svc, 'deployment_circuit_breaker')[0];
    expect(hclAttr(breaker, 'enable')?.value).toMatchObject({ t: 'bool', v: true });
    expect(hclAttr(breaker, 'rollback')?.value).toMatchObject({ t: 'expr' });
    expect(hclAttr(svc, 'defs')?.value).toMatchObject({ t: 'str', v: '[{"name": "x"}]\n' });
    expect(hclAttr(svc, 'list')?.value).toMatchObject({ t: 'expr', line: 13 });
  });

  it('fills in variable defaults and locals', () => {
    const blocks = parseHcl(
      'variable "image" {\n  default = "ghcr.io/acme/api"\n}\nlocals {\n  tag = "1.2.0"\n}\nvariable "n" {\n  default = 3\n}\n',
    );
    const scope = hclScope(blocks);
    expect(resolveHcl({ t: 'str', v: '${var.image}:${local.tag}', line: 1 }, scope)).toMatchObject({
      v: 'ghcr.io/acme/api:1.2.0',
    });
    expect(resolveHcl({ t: 'expr', v: 'var.n', line: 1 }, scope)).toMatchObject({ t: 'num', v: 3 });
    expect(resolveHcl({ t: 'str', v: '${var.other}:x', line: 1 }, scope)).toMatchObject({ v: '${var.other}:x' });
  });

  it('keeps the blocks read before a file stops parsing', () => {
    expect(parseHcl('resource "a" "b" {\n  x = 1\n}\nresource "c" "d" {\n  y = "unterminated\n').length).toBe(2);
  });
});

describe('terraform container services', () => {
  it('takes a Cloud Run data source for a lookup of a service deployed elsewhere, not a service of its own', () => {
    const found = services({
      'infra/ops/main.tf': [
        'data "google_cloud_run_service" "orders" {',
        '  name     = "orders"',
        '  location = var.region',
        '}',
        'resource "google_cloud_run_v2_service" "web" {',
        '  name     = "web"',
        '  template {',
        '    containers {',
        '      image = "europe-docker.pkg.dev/acme/web/web:1"',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
    });
    expect(found.map((s) => s.resource)).toEqual(['google_cloud_run_v2_service.web']);
  });

  it('reads an ECS task definition kept in a JSON file and the load balancer health check of its service', () => {
    const [s] = services({
      'infra/api.tf': [
        'resource "aws_ecs_task_definition" "api" {',
        '  family                = "api"',
        '  container_definitions = templatefile("${path.module}/api.json.tpl", { tag = var.tag })',
        '}',
        'resource "aws_lb_target_group" "api" {',
        '  port     = 8000',
        '  protocol = "HTTP"',
        '  health_check {',
        '    path = "/healthz"',
        '  }',
        '}',
        'resource "aws_ecs_service" "api" {',
        '  count           = 1',
        '  task_definition = aws_ecs_task_definition.api.arn',
        '  load_balancer {',
        '    target_group_arn = aws_lb_target_group.api.arn',
        '    container_name   = "api"',
        '  }',
        '}',
      ].join('\n'),
      'infra/api.json.tpl': '[{"name": "api", "image": "acme/api:${tag}", "cpu": ${cpu}}]',
    });
    expect(s).toMatchObject({
      platform: 'ecs',
      resource: 'aws_ecs_service.api',
      line: 12,
      images: ['acme/api:${tag}'],
      healthCheck: { line: 15, note: expect.stringContaining('target group api health check (/healthz)') },
    });
    expect(s?.instances).toBeUndefined();
  });

  it('reads App Runner health checks and its auto scaling configuration', () => {
    const [s] = services({
      'apprunner.tf': [
        'resource "aws_apprunner_auto_scaling_configuration_version" "api" {',
        '  auto_scaling_configuration_name = "api"',
        '  min_size = 2',
        '  max_size = 5',
        '}',
        'resource "aws_apprunner_service" "api" {',
        '  service_name = "api"',
        '  auto_scaling_configuration_arn = aws_apprunner_auto_scaling_configuration_version.api.arn',
        '  source_configuration {',
        '    image_repository {',
        '      image_identifier      = "public.ecr.aws/acme/api:3"',
        '      image_repository_type = "ECR_PUBLIC"',
        '    }',
        '  }',
        '  health_check_configuration {',
        '    protocol = "TCP"',
        '  }',
        '}',
      ].join('\n'),
    });
    expect(s).toMatchObject({
      platform: 'app-runner',
      images: ['public.ecr.aws/acme/api:3'],
      healthCheck: { line: 15, tcpOnly: true },
      instances: { count: 2, autoscale: true, line: 1 },
    });
  });

  it('gives one target per Terraform service, however many one file holds', () => {
    const tf = (name: string) =>
      `resource "google_cloud_run_v2_service" "${name}" {\n  template {\n    containers {\n      image = "gcr.io/p/${name}:1"\n    }\n  }\n}\n`;
    const p = new Facts(RepoIndex.fromMemory({ 'run.tf': tf('api') + tf('worker') })).platform;
    expect(p.targets.map((t) => [t.platform, t.resource, t.line])).toEqual([
      ['cloud-run', 'google_cloud_run_v2_service.api', 1],
      ['cloud-run', 'google_cloud_run_v2_service.worker', 8],
    ]);
  });

  it('leaves out Terraform kept with examples and tests', () => {
    const ecs = 'resource "aws_ecs_service" "x" {\n  desired_count = 2\n}\n';
    expect(services({ 'examples/basic/main.tf': ecs, 'tests/fixtures/main.tf': ecs })).toEqual([]);
  });
});

describe('terraform services and components', () => {
  it('a Terraform service deploys the unit that builds its image, and a proxy beside it deploys none', () => {
    const svc = (name: string, image: string) =>
      `resource "aws_ecs_task_definition" "${name}" {\n  container_definitions = jsonencode([{ name = "${name}", image = "${image}" }])\n}\nresource "aws_ecs_service" "${name}" {\n  task_definition = aws_ecs_task_definition.${name}.arn\n  desired_count   = 2\n}\n`;
    const c = new Facts(
      RepoIndex.fromMemory({
        'src/orders/go.mod': 'module example.com/orders\n\ngo 1.22\n',
        'src/orders/main.go':
          'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n',
        'src/orders/Dockerfile': 'FROM golang:1.22\nCOPY . .\nRUN go build -o /app .\nENTRYPOINT ["/app"]\n',
        'src/web/package.json': '{"name": "web", "scripts": {"build": "vite build", "start": "node server.js"}}\n',
        'src/web/server.js': 'require("http").createServer((q, s) => s.end("ok")).listen(3000);\n',
        'src/web/Dockerfile': 'FROM node:20\nCOPY . .\nCMD ["node", "server.js"]\n',
        '.github/workflows/images.yml':
          'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: docker build -t ghcr.io/acme/orders:${{ github.sha }} src/orders && docker push ghcr.io/acme/orders:${{ github.sha }}\n',
        'infra/main.tf': svc('orders', 'ghcr.io/acme/orders:1.0.0') + svc('proxy', 'caddy:2.8'),
      }),
    ).components;
    const orders = c.list.find((x) => x.path === 'src/orders');
    expect(orders).toMatchObject({ target: 'container-service', deployed: true });
    expect(orders?.deployedBy.map((d) => d.line)).toContain(4);
    expect(c.list.flatMap((x) => x.deployedBy).some((d) => d.path === 'infra/main.tf' && d.line === 11)).toBe(false);
  });

  it('a module call running an image on AKS is a Kubernetes target; its replicas come from the production variables', () => {
    const app = (inputs: string) =>
      `module "web" {\n  source       = "./vendor/modules/aks//aks/application"\n  docker_image = var.image\n${inputs}}\n`;
    const found = services({
      'terraform/variables.tf': 'variable "image" {}\nvariable "replicas" { default = 1 }\n',
      'terraform/app.tf': app('  replicas     = var.replicas\n  probe_path   = "/health"\n'),
      'terraform/config/preprod.tfvars.json': '{\n  "replicas": 4\n}\n',
      'terraform/config/production.tfvars.json': '{\n  "replicas": 2\n}\n',
    });
    expect(found).toMatchObject([
      {
        platform: 'kubernetes',
        resource: 'module.web',
        path: 'terraform/app.tf',
        line: 1,
        healthCheck: { line: 5, note: 'probe /health (an input of the module)' },
        instances: { count: 2, path: 'terraform/config/production.tfvars.json', line: 2 },
      },
    ]);
    // Without production variables the default stands, as a variable's; a call without replicas or a probe runs no
    // workload (a job handed the image), and one of another source without a namespace is not a cluster's.
    expect(
      services({
        'terraform/variables.tf': 'variable "image" {}\nvariable "replicas" { default = 1 }\n',
        'terraform/app.tf': app('  replicas     = var.replicas\n'),
      })[0]?.instances,
    ).toMatchObject({ count: 1, variable: 'replicas' });
    expect(services({ 'terraform/app.tf': app('  namespace    = "apps"\n') })).toEqual([]);
    expect(
      services({
        'terraform/app.tf':
          'module "cdn" {\n  source       = "./modules/cdn"\n  image        = var.image\n  replicas     = 2\n}\n',
      }),
    ).toEqual([]);
  });
});

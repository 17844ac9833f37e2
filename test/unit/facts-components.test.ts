import { describe, expect, it } from 'vitest';
import { ComponentConfigSchema } from '../../src/config/schema.js';
import {
  COMPONENT_TARGETS,
  type ComponentOverride,
  imageShortName,
  ownGithubRepository,
} from '../../src/facts/components.js';
import { dockerfileProblems } from '../../src/facts/dockerfiles.js';
import { Facts } from '../../src/facts/index.js';
import { ComponentSchema } from '../../src/report/schema.js';
import { RepoIndex } from '../../src/repo/index.js';
import { RepoView } from '../../src/repo/view.js';

const components = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files)).components;
const summary = (files: Record<string, string>) =>
  components(files).list.map((c) => ({
    id: c.id,
    path: c.path,
    target: c.target,
    deployed: c.deployed,
  }));

const FLASK = {
  'requirements.txt': 'flask==3.0.0\n',
  'app.py': 'from flask import Flask\napp = Flask(__name__)\n\n@app.get("/")\ndef index():\n    return "ok"\n',
};
const goService = (name: string) => ({
  [`src/${name}/go.mod`]: `module example.com/${name}\n\ngo 1.22\n`,
  [`src/${name}/main.go`]:
    'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n',
  [`src/${name}/Dockerfile`]:
    'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nFROM gcr.io/distroless/base\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
});
const deployment = (name: string, image: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: server\n          image: ${image}\n`;

describe('facts: components', () => {
  it('a single service is one component, the repository itself', () => {
    const c = components({ ...FLASK, Dockerfile: 'FROM python:3.12\nCOPY . .\nCMD ["flask", "run"]\n' });
    expect(c.single).toBe(true);
    expect(c.list).toHaveLength(1);
    expect(c.list[0]).toMatchObject({ path: '.', deployed: true, kind: 'service', stack: 'python' });
  });

  it('names an image by its last path segment, without registry variables, tags or digests', () => {
    expect(
      [
        '${REGISTRY-}webapp',
        '${REGISTRY:-}webapp:${TAG:-latest}',
        '${REGISTRY}webapp',
        '$REGISTRY/api:1',
        'us-docker.pkg.dev/p/r/frontend:v1',
        'ghcr.io/acme/orders@sha256:0123abcd',
        '{{ .Values.image.repository }}:{{ .Values.image.tag }}',
      ].map(imageShortName),
    ).toEqual(['webapp', 'webapp', 'webapp', 'api', 'frontend', 'orders', '']);
    // A compose service running `${REGISTRY-}name` is matched to the folder that builds `name`.
    const c = components({
      'docker-compose.yml':
        'services:\n  webapp:\n    image: ${REGISTRY-}webapp:${TAG:-latest}\n    build:\n      context: .\n      dockerfile: src/WebApp/Dockerfile\n',
      'src/WebApp/Dockerfile': 'FROM node:20-slim\nCOPY . .\nCMD ["node", "server.js"]\n',
      'src/WebApp/package.json':
        '{"name": "webapp", "scripts": {"start": "node server.js"}, "dependencies": {"express": "4.19.0"}}',
      'src/WebApp/server.js': 'const express = require("express");\nexpress().listen(3000);\n',
    });
    expect(c.list.map((x) => x.images)).toContainEqual(['webapp']);
  });

  it('traces Kubernetes workloads back to the folders that build their images', () => {
    const c = components({
      ...goService('cart'),
      ...goService('checkout'),
      ...goService('legacy-report'),
      'k8s/cart.yaml': deployment('cart', 'registry.example.com/shop/cart:v1.2'),
      'k8s/checkout.yaml': deployment('checkout', 'checkout'),
    });
    expect(c.single).toBe(false);
    expect(c.list.map((x) => [x.id, x.path, x.target, x.deployed])).toEqual([
      ['cart', 'src/cart', 'kubernetes', true],
      ['checkout', 'src/checkout', 'kubernetes', true],
      ['legacy-report', 'src/legacy-report', 'unknown', false],
    ]);
    expect(c.byId('cart')?.why).toBe('deployed: Kubernetes Deployment/cart runs its image (k8s/cart.yaml:10)');
    expect(c.byId('legacy-report')?.why).toMatch(/only present: the deployment config and CI deploy other components/);
    expect(c.byId('cart')?.workloads).toEqual(['k8s/cart.yaml:1']);
    expect(c.owner('src/checkout/main.go')?.id).toBe('checkout');
    expect(c.owner('README.md')).toBeUndefined();
  });

  it('follows skaffold artifacts and compose services to their build contexts', () => {
    const c = components({
      ...goService('a'),
      'src/b/package.json': '{"name":"b","dependencies":{"express":"^4"},"scripts":{"start":"node server.js"}}',
      'src/b/server.js': 'const express = require("express");\nexpress().listen(3000);\n',
      'src/b/Dockerfile': 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n',
      'skaffold.yaml':
        'apiVersion: skaffold/v3\nkind: Config\nbuild:\n  artifacts:\n  - image: alpha\n    context: src/a\n',
      'docker-compose.yml':
        'services:\n  web:\n    build: ./src/b\n    ports: ["3000:3000"]\n  db:\n    image: postgres:16\n',
    });
    expect(c.list.map((x) => [x.id, x.path, x.images, x.target])).toEqual([
      ['alpha', 'src/a', ['alpha'], 'unknown'],
      ['web', 'src/b', [], 'compose'],
    ]);
    expect(c.byId('alpha')?.why).toMatch(/skaffold builds image alpha/);
    expect(c.byId('web')?.kind).toBe('service');
    expect(c.byId('web')?.stack).toBe('node');
  });

  it('several services of one compose file building a folder: the first names it, a migrator job never does', () => {
    const flask = Object.fromEntries(Object.entries(FLASK).map(([k, v]) => [`backend/${k}`, v]));
    const build = '    build:\n      context: ./backend\n';
    const c = components({
      ...flask,
      'backend/Dockerfile': 'FROM python:3.12\nCOPY . .\nCMD ["gunicorn", "app:app"]\n',
      'web/package.json': '{"name":"web","dependencies":{"express":"^4"},"scripts":{"start":"node server.js"}}',
      'web/server.js': 'const express = require("express");\nexpress().listen(3000);\n',
      'web/Dockerfile': 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n',
      'docker-compose.yml': `services:\n  migrator:\n${build}  server:\n${build}    ports: ["8000:8000"]\n  queue-worker:\n${build}  ui:\n    build: ./web\n`,
    });
    expect(c.list.map((x) => [x.id, x.path])).toEqual([
      ['server', 'backend'],
      ['ui', 'web'],
    ]);
  });

  it('a unit only a one-off job builds (migrations tags the image web then runs) is named after its project', () => {
    const c = components({
      ...FLASK,
      'package.json': '{"name":"clipshare","private":true,"devDependencies":{"webpack":"5"}}',
      Dockerfile:
        'FROM python:3.12 AS base\nCOPY . .\nCMD ["gunicorn", "app:app"]\n\nFROM base AS full\nRUN pip install extra\n',
      'docker-compose-dev.yaml':
        'services:\n  migrations:\n    build:\n      context: .\n      dockerfile: ./Dockerfile\n      target: base\n    image: acme/clipshare-dev:latest\n    command: ./migrate.sh\n    restart: on-failure\n  web:\n    image: acme/clipshare-dev:latest\n    ports: ["80:8000"]\n',
      'docker-compose.yaml':
        'services:\n  web:\n    image: acme/clipshare:latest\n    deploy:\n      replicas: 1\n    ports: ["80:8000"]\n',
      'player/package.json':
        '{"name":"player","private":true,"scripts":{"build":"vite build"},"dependencies":{"react":"^18"},"devDependencies":{"vite":"^5"}}',
      'player/vercel.json': '{"rewrites":[{"source":"/(.*)","destination":"/index.html"}]}',
      'player/main.jsx': 'import React from "react";\nexport const App = () => null;\n',
    });
    expect(c.list.map((x) => [x.id, x.path])).toEqual([
      ['clipshare', '.'],
      ['player', 'player'],
    ]);
  });

  it('an Aspire AppHost runs apps from folders (a Python app, an npm app) beside the projects it adds', () => {
    const c = components({
      'src/Host/Host.csproj':
        '<Project Sdk="Microsoft.NET.Sdk">\n  <Sdk Name="Aspire.AppHost.Sdk" Version="9.0.0" />\n  <ItemGroup>\n    <ProjectReference Include="..\\Api\\Api.csproj" />\n  </ItemGroup>\n</Project>\n',
      'src/Host/Program.cs':
        'var builder = DistributedApplication.CreateBuilder(args);\nvar scorer = builder.AddPythonUvicornApp("scorer", Path.Combine("..", "Scorer"), port: 8111);\nbuilder.AddNpmApp("web", "../Web").WithReference(scorer);\nbuilder.AddProject<Projects.Api>("api").WithReference(scorer);\nbuilder.Build().Run();\n',
      'src/Api/Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web">\n</Project>\n',
      'src/Api/Program.cs':
        'var app = WebApplication.CreateBuilder(args).Build();\napp.MapGet("/api/items", () => "[]");\napp.Run();\n',
      'src/Scorer/requirements.txt': 'fastapi==0.111.0\nuvicorn==0.30.0\n',
      'src/Scorer/main.py':
        'from fastapi import FastAPI\napp = FastAPI()\n\n@app.post("/score")\ndef score():\n    return {}\n',
      'src/Web/package.json':
        '{"name":"web","scripts":{"start":"vite"},"dependencies":{"react":"^18"},"devDependencies":{"vite":"^5"}}',
      'src/Web/src/main.tsx': 'import React from "react";\n',
    });
    const deployed = c.list.filter((x) => x.deployed).map((x) => [x.path, x.stack]);
    expect(deployed).toEqual(
      expect.arrayContaining([
        ['src/Api', 'dotnet'],
        ['src/Scorer', 'python'],
        ['src/Web', 'node'],
      ]),
    );
    expect(c.list.find((x) => x.path === 'src/Scorer')?.why).toMatch(
      /Aspire AppHost runs it \(src\/Host\/Program\.cs:2\)/,
    );
  });

  it('a template folder holding a copy of the stack with its own compose file deploys nothing the repository ships', () => {
    const app = (dir: string) => ({
      [`${dir}/Portal.csproj`]: '<Project Sdk="Microsoft.NET.Sdk.Web">\n</Project>\n',
      [`${dir}/Program.cs`]:
        'var app = WebApplication.CreateBuilder(args).Build();\napp.MapGet("/api/users", () => "[]");\napp.Run();\n',
      [`${dir}/Dockerfile`]:
        'FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -o /out\nFROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY --from=build /out /app\nENTRYPOINT ["dotnet", "/app/Portal.dll"]\n',
    });
    const c = components({
      ...app('src/Portal'),
      'docker-compose.yml': 'services:\n  portal:\n    build:\n      context: src/Portal\n    restart: always\n',
      ...app('templates/portal/content/src/Portal'),
      'templates/portal/content/.template.config/template.json': '{"identity": "Acme.Portal.Template"}\n',
      'templates/portal/content/docker-compose.yml':
        'services:\n  portal:\n    build:\n      context: src/Portal\n    restart: always\n',
    });
    expect(c.list.map((x) => [x.path, x.deployed])).toEqual([
      ['src/Portal', true],
      ['templates/portal/content/src/Portal', false],
    ]);
    expect(c.list[1]?.why).toMatch(/only present: under templates\//);
  });

  it('a test rig under scripts/ whose image a CI job only builds and runs is present, not deployed', () => {
    const c = components({
      ...FLASK,
      Dockerfile: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["gunicorn", "app:app"]\n',
      '.github/workflows/release.yml':
        'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: docker/build-push-action@v6\n        with:\n          context: .\n          push: true\n          tags: acme/app:latest\n',
      '.github/workflows/proxy-test.yml':
        'on: pull_request\njobs:\n  proxy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: Start the rig\n        working-directory: scripts/proxy-rig\n        run: |\n          docker build -t rig-server .\n          docker run -d --name server rig-server\n',
      'scripts/proxy-rig/requirements.txt': 'flask==3.0.0\n',
      'scripts/proxy-rig/server.py': FLASK['app.py'],
      'scripts/proxy-rig/Dockerfile': 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/server.py"]\n',
      'scripts/proxy-rig/docker-compose.yml': 'services:\n  server:\n    build: .\n',
    });
    expect(c.list.map((x) => [x.path, x.deployed])).toEqual([
      ['.', true],
      ['scripts/proxy-rig', false],
    ]);
  });

  it('a Containerfile template kept in the .ci/ folder is the CI test rig, not an image of the project', () => {
    const c = components({
      ...FLASK,
      '.ci/ansible/Containerfile.j2':
        'FROM {{ ci_base | default("acme/base:latest") }}\nADD ./{{ item.name }} /src/{{ item.name }}\nRUN pip install /src/{{ item.name }}\nUSER root:root\nENTRYPOINT ["/init"]\n',
      '.ci/ansible/build_container.yaml':
        '- hosts: localhost\n  tasks:\n    - name: Build the test image\n      command: docker build --file Containerfile --tag ci-image .\n',
      '.ci/ansible/filter/repr.py':
        'from jinja2 import pass_context\n\n\nclass FilterModule:\n    def filters(self):\n        return {"repr": repr}\n',
      '.ci/scripts/check_release.py': 'import sys\n\nprint("checking the release notes")\nsys.exit(0)\n',
    });
    expect(c.list.map((x) => [x.path, x.deployed])).toEqual([['.', true]]);
  });

  it("a cookiecutter skeleton's compose stack deploys the skeleton for whoever renders it, not the repository", () => {
    const skeleton = 'plugin-template/{{ cookiecutter.project_slug }}';
    const c = components({
      ...FLASK,
      Dockerfile: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["gunicorn", "app:app"]\n',
      'docker-compose.yml': 'services:\n  web:\n    build: .\n    restart: always\n',
      [`${skeleton}/requirements.txt`]: 'flask==3.0.0\n',
      [`${skeleton}/app.py`]: FLASK['app.py'],
      [`${skeleton}/Dockerfile`]: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["gunicorn", "app:app"]\n',
      [`${skeleton}/docker-compose.yml`]: 'services:\n  backend:\n    build: .\n    restart: always\n',
    });
    expect(c.list.map((x) => [x.path, x.deployed])).toEqual([
      ['.', true],
      [skeleton, false],
    ]);
  });

  it('a service the base compose file only names an image for runs the image its override file builds', () => {
    const files = {
      ...goService('relay'),
      'compose/docker-compose.yml':
        'services:\n  relay:\n    image: acme/relay-server:latest\n    restart: unless-stopped\n    ports: ["8080:8080"]\n',
      'compose/docker-compose.override.yml':
        'services:\n  relay:\n    build:\n      context: ../\n      dockerfile: src/relay/Dockerfile\n',
    };
    const c = components(files);
    expect(c.list.map((x) => [x.target, x.deployed])).toEqual([['compose', true]]);
    expect(c.list[0]?.images).toContain('relay-server');
    // A base file naming another image than the one the override builds runs nothing of the repository.
    const other = components({
      ...files,
      'compose/docker-compose.yml':
        'services:\n  proxy:\n    image: acme/relay-server:latest\n    restart: unless-stopped\n',
    });
    expect(other.list.map((x) => x.target)).toEqual(['unknown']);
  });

  it('a backend and a frontend in one compose stack are two components; a frontend built into the backend image ships with it', () => {
    const files: Record<string, string> = {
      'backend/pyproject.toml': '[project]\nname = "api"\ndependencies = ["fastapi"]\n',
      'backend/app/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
      'backend/Dockerfile':
        'FROM node:20 AS ui\nCOPY frontend /ui\nRUN cd /ui && npm run build\nFROM python:3.12\nCOPY backend/app /app/app\nCOPY --from=ui /ui/dist /app/static\nCMD ["fastapi", "run", "app/main.py"]\n',
      'frontend/package.json':
        '{"name":"ui","private":true,"scripts":{"build":"vite build"},"dependencies":{"react":"^18"}}',
      'frontend/src/main.tsx': 'import React from "react";\n',
      'package.json': '{"private":true,"workspaces":["frontend"]}',
      'compose.yml': 'services:\n  backend:\n    build:\n      context: .\n      dockerfile: backend/Dockerfile\n',
    };
    const c = components(files);
    expect(c.list.map((x) => [x.id, x.path, x.kind, x.target, x.deployed])).toEqual([
      ['backend', 'backend', 'service', 'compose', true],
      ['ui', 'frontend', 'frontend', 'compose', true],
    ]);
    expect(c.byId('ui')?.why).toBe('deployed: the image of backend ships it (backend/Dockerfile:2)');
    // It has no deployment of its own: it ships with the backend's (deploy.k8s and deploy.scaling judge it there).
    expect(c.byId('ui')?.shippedWith).toBe('backend');
    expect(c.byId('backend')?.shippedWith).toBeUndefined();
    // An image that copies only the frontend's manifest (to install dependencies) does not carry the frontend.
    const manifestOnly = components({
      ...Object.fromEntries(
        Object.entries(files).map(([k, v]) => [
          k,
          k === 'backend/Dockerfile'
            ? v.replace('COPY frontend /ui', 'COPY frontend/package.json /ui/package.json')
            : v,
        ]),
      ),
    });
    expect(manifestOnly.byId('ui')?.shippedWith).toBeUndefined();
    expect(manifestOnly.byId('ui')?.why).not.toMatch(/the image of backend ships it/);
    // The frontend is its own component: the backend's view leaves it out.
    expect(c.byId('backend')?.mounts).toEqual([]);
  });

  it('an image a script builds from its own folder, starting one workspace app and deleting the others, is that app', () => {
    const pkg = (name: string) =>
      `{"name":"@acme/${name}","private":true,"scripts":{"start":"node dist/index.js"},"dependencies":{"express":"^4"}}`;
    const c = components({
      'package.json': '{"private":true,"workspaces":["packages/*"]}',
      'packages/server/package.json': pkg('server'),
      'packages/server/lib/index.ts': 'import express from "express";\nexpress().listen(3003);\n',
      'packages/server/entrypoint.sh': '#!/bin/sh\nexec node packages/server/dist/index.js\n',
      'packages/jobs/package.json': pkg('jobs'),
      'packages/jobs/lib/index.ts': 'import express from "express";\nexpress().listen(3005);\n',
      Dockerfile:
        'FROM node:22-slim\nWORKDIR /app\nCOPY packages/server/package.json packages/server/package.json\nCOPY packages/jobs/package.json packages/jobs/package.json\nCOPY package.json ./\nRUN npm install\nCOPY . .\nRUN npm run build\n',
      'Dockerfile.hosted':
        'ARG BASE\nFROM acme/core:${BASE}\nRUN true \\\n  && rm -rf packages/jobs\nCMD ["packages/server/entrypoint.sh"]\n',
      'scripts/build_hosted.sh':
        '#!/usr/bin/env bash\nset -e\ncd "$(dirname "$0")"\ndocker buildx build \\\n  --build-arg BASE="$1" \\\n  -t acme/server:hosted \\\n  --file ../Dockerfile.hosted \\\n  --push \\\n  ../\n',
    });
    const server = c.list.find((x) => x.path === 'packages/server');
    expect(server?.dockerfiles).toContain('Dockerfile.hosted');
    expect(server?.why).toBe('deployed: a build script builds and pushes its image (scripts/build_hosted.sh:4)');
    // The image deletes the jobs package: it does not ship it.
    expect(c.list.find((x) => x.path === 'packages/jobs')?.dockerfiles ?? []).not.toContain('Dockerfile.hosted');
  });

  it('a root Dockerfile in a folder with no manifest, copying backend/ and frontend/, ships the backend program', () => {
    const c = components({
      'backend/go.mod': 'module example.com/shelf\n\ngo 1.22\n',
      'backend/app/api/main.go':
        'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":7745", nil)\n}\n',
      'frontend/package.json':
        '{"name":"shelf-ui","private":true,"scripts":{"build":"nuxt generate"},"dependencies":{"nuxt":"^3","vue":"^3"}}',
      'frontend/app.vue': '<template><div /></template>\n',
      Dockerfile:
        'FROM node:22-alpine AS ui\nWORKDIR /app\nCOPY frontend .\nRUN npm run build\nFROM golang:1.22-alpine AS builder\nWORKDIR /src\nCOPY ./backend .\nCOPY --from=ui /app/.output/public ./app/api/static/public\nRUN go build -o /go/bin/api ./app/api\nFROM alpine:3.20\nCOPY --from=builder /go/bin/api /app/api\nENTRYPOINT ["/app/api"]\n',
      'docker-compose.yml': 'services:\n  shelf:\n    build:\n      context: .\n      dockerfile: ./Dockerfile\n',
      // A documentation site deployed on its own keeps the repository from being one component.
      'docs/package.json':
        '{"name":"shelf-docs","private":true,"scripts":{"build":"astro build"},"dependencies":{"astro":"^5","@astrojs/cloudflare":"^12"}}',
      'docs/astro.config.mjs':
        'import { defineConfig } from "astro/config";\nimport cloudflare from "@astrojs/cloudflare";\nexport default defineConfig({ output: "server", adapter: cloudflare() });\n',
      'docs/wrangler.jsonc': '{ "name": "shelf-docs", "main": "./dist/_worker.js" }\n',
    });
    const shelf = c.list.find((x) => x.dockerfiles.includes('Dockerfile'));
    expect(shelf).toMatchObject({ path: 'backend', stack: 'go', target: 'compose', deployed: true });
    expect(c.list.some((x) => x.path === '.')).toBe(false);
  });

  it('an example app beside the real one is only present, and its code stays out of the real one', () => {
    const c = components({
      ...FLASK,
      Procfile: 'web: gunicorn app:app\nrelease: flask db upgrade\n',
      'examples/demo/requirements.txt': 'fastapi\n',
      'examples/demo/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
    });
    expect(summary({ ...FLASK })).toHaveLength(1);
    expect(c.list.map((x) => [x.path, x.target, x.deployed])).toEqual([
      ['.', 'paas', true],
      ['examples/demo', 'unknown', false],
    ]);
    expect(c.list[1]!.why).toBe('only present: under examples/, and no deployment config or CI step deploys it');
    expect(c.list[0]!.excludes).toEqual(['examples/demo']);
    expect(c.owner('examples/demo/main.py')?.path).toBe('examples/demo');
    expect(c.owner('app.py')?.path).toBe('.');
  });

  it("names the repository by pyproject's [project] table, not by a tool table's name", () => {
    const files = {
      ...FLASK,
      'pyproject.toml':
        '[tool.towncrier]\ndirectory = "changes"\n\n[[tool.towncrier.type]]\ndirectory = "migration"\nname = "Migration notes"\n',
    };
    // No project table: the folder names it (the in-memory repository's root), never the towncrier entry.
    expect(components(files).list[0]!.id).not.toBe('migration-notes');
    const named = components({
      ...files,
      'pyproject.toml': `${files['pyproject.toml']}\n[project]\nname = "catalog"\n`,
    });
    expect(named.list[0]!.id).toBe('catalog');
    const poetry = components({
      ...files,
      'pyproject.toml': `[tool.poetry]\nname = "orders"\n\n${files['pyproject.toml']}`,
    });
    expect(poetry.list[0]!.id).toBe('orders');
  });

  it('a load generator deployed beside the services is only present: it sends test traffic, it is not shipped', () => {
    const c = components({
      ...goService('orders'),
      'src/traffic/requirements.txt': 'locust==2.32.4\n',
      'src/traffic/traffic.py':
        'from locust import HttpUser, task\n\nclass Shopper(HttpUser):\n    @task\n    def browse(self):\n        self.client.get("/")\n',
      'src/traffic/Dockerfile':
        'FROM python:3.12-slim\nCOPY . .\nRUN pip install -r requirements.txt\nENTRYPOINT ["locust", "-f", "traffic.py"]\n',
      'k8s/orders.yaml': deployment('orders', 'orders'),
      'k8s/traffic.yaml': deployment('traffic', 'traffic'),
      'skaffold.yaml':
        'apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: orders\n      context: src/orders\n    - image: traffic\n      context: src/traffic\n',
    });
    expect(c.list.map((x) => [x.path, x.deployed])).toEqual([
      ['src/orders', true],
      ['src/traffic', false],
    ]);
    expect(c.byId('traffic')?.why).toMatch(/^only present: a load generator \(src\/traffic\/traffic\.py, Locust\)/);
  });

  it('a folder named for generating load is a load generator, whatever drives the requests', () => {
    const c = components({
      ...goService('orders'),
      'src/loadgenerator/requirements.txt': 'requests==2.32.3\n',
      'src/loadgenerator/drive.py':
        'import time\n\nimport requests\n\nwhile True:\n    requests.get("http://orders:8080/", timeout=5)\n    time.sleep(1)\n',
      'src/loadgenerator/Dockerfile':
        'FROM python:3.12-slim\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "drive.py"]\n',
      'k8s/orders.yaml': deployment('orders', 'orders'),
      'k8s/loadgenerator.yaml': deployment('loadgenerator', 'loadgenerator'),
      'skaffold.yaml':
        'apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: orders\n      context: src/orders\n    - image: loadgenerator\n      context: src/loadgenerator\n',
    });
    expect(c.list.map((x) => [x.path, x.deployed])).toEqual([
      ['src/loadgenerator', false],
      ['src/orders', true],
    ]);
    expect(c.byId('loadgenerator')?.why).toMatch(
      /^only present: a load generator \(src\/loadgenerator, by the folder's name\)/,
    );
  });

  it('a k6 script beside the program of a service is its benchmark: the service stays deployed', () => {
    const c = components({
      ...goService('orders'),
      'src/metrics/go.mod': 'module example.com/metrics\n\ngo 1.22\n',
      'src/metrics/cmd/server/main.go':
        'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":4005", nil)\n}\n',
      'src/metrics/Dockerfile':
        'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app ./cmd/server\nFROM gcr.io/distroless/base\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
      'src/metrics/bench.js':
        "import http from 'k6/http';\n\nexport default function () {\n  http.post('http://localhost:4005/publish', '{}');\n}\n",
      'k8s/orders.yaml': deployment('orders', 'orders'),
      'k8s/metrics.yaml': deployment('metrics', 'metrics'),
      'skaffold.yaml':
        'apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: orders\n      context: src/orders\n    - image: metrics\n      context: src/metrics\n',
    });
    expect(c.list.map((x) => [x.path, x.deployed])).toEqual([
      ['src/metrics', true],
      ['src/orders', true],
    ]);
  });

  it('PaaS and serverless descriptors deploy the folder they sit in', () => {
    const c = components({
      'apps/web/package.json':
        '{"name":"@acme/web","private":true,"scripts":{"build":"next build","start":"next start"},"dependencies":{"next":"14","react":"18"}}',
      'apps/web/app/page.tsx': 'export default function Page() { return null }\n',
      'apps/web/vercel.json': '{}',
      'apps/api/package.json':
        '{"name":"@acme/api","private":true,"scripts":{"start":"node dist/main.js"},"dependencies":{"fastify":"4"}}',
      'apps/api/src/main.ts': 'import Fastify from "fastify";\nFastify().listen({ port: 3000 });\n',
      'apps/api/fly.toml': 'app = "acme-api"\n[http_service]\n  internal_port = 3000\n',
      'functions/serverless.yml':
        'service: hooks\nprovider:\n  name: aws\nfunctions:\n  hook:\n    handler: handler.run\n',
      'functions/handler.js': 'exports.run = async () => ({ statusCode: 200 });\n',
      'package.json': '{"private":true,"workspaces":["apps/*"]}',
    });
    expect(c.list.map((x) => [x.id, x.path, x.target, x.deployed])).toEqual([
      ['api', 'apps/api', 'paas', true],
      ['web', 'apps/web', 'serverless', true],
      ['hooks', 'functions', 'serverless', true],
    ]);
    // Workspace members are locked at the workspace root.
    expect(c.byId('api')?.mounts).toEqual(['package.json']);
  });

  it('a monorepo image built from the root for one workspace app belongs to that app', () => {
    const c = components({
      'package.json': '{"private":true,"workspaces":["apps/*","packages/*"]}',
      'package-lock.json': '{}',
      'apps/site/package.json':
        '{"name":"@x/site","private":true,"scripts":{"build":"next build","start":"next start"},"dependencies":{"next":"14","@x/db":"*"}}',
      'apps/site/app/page.tsx': 'export default function Page() { return null }\n',
      'apps/admin/package.json':
        '{"name":"@x/admin","private":true,"scripts":{"build":"vite build"},"dependencies":{"react":"18"}}',
      'apps/admin/src/main.tsx': 'export {};\n',
      'packages/db/package.json': '{"name":"@x/db","main":"index.js"}',
      'packages/db/index.js': 'module.exports = {};\n',
      'docker/Dockerfile':
        'FROM node:20 AS build\nWORKDIR /app\nCOPY . .\nRUN npx turbo prune --scope=@x/site --docker\nRUN npx turbo run build --filter=@x/site...\nCMD ["npm", "start"]\n',
      'railway.toml': '[build]\nbuilder = "DOCKERFILE"\ndockerfilePath = "/docker/Dockerfile"\n',
    });
    expect(c.list.map((x) => [x.id, x.path, x.target, x.deployed])).toEqual([
      ['admin', 'apps/admin', 'unknown', false],
      ['site', 'apps/site', 'paas', true],
    ]);
    expect(c.byId('site')?.dockerfiles).toEqual(['docker/Dockerfile']);
    expect(c.byId('site')?.mounts).toEqual(['docker/Dockerfile', 'package-lock.json', 'package.json', 'packages/db']);
    expect(c.byId('site')?.why).toBe('deployed: Railway (railway.toml) (railway.toml)');
  });

  it('Go modules with a main package, Maven modules with a main class and projects an Aspire AppHost runs are units', () => {
    const go = components({
      'examples/gen/go.mod': 'module example.com/gen\n',
      'examples/gen/main.go': 'package main\n\nfunc main() {}\n',
      'svc/go.mod': 'module example.com/svc\n',
      'svc/main.go': 'package main\n\nfunc main() {}\n',
    });
    expect(go.list.map((x) => [x.path, x.stack, x.deployed])).toEqual([
      ['examples/gen', 'go', false],
      ['svc', 'go', true],
    ]);
    const jvm = components({
      'pom.xml':
        '<project><modules><module>orders</module><module>common</module><module>billing</module></modules></project>',
      'orders/pom.xml': '<project/>',
      'orders/src/main/java/acme/OrdersApp.java': '@SpringBootApplication\npublic class OrdersApp {}\n',
      'billing/pom.xml': '<project/>',
      'billing/src/main/java/acme/BillingApp.java':
        'public class BillingApp {\n  public static void main(String[] args) {}\n}\n',
      'common/pom.xml': '<project/>',
      'common/src/main/java/acme/Money.java': 'public class Money {}\n',
    });
    expect(jvm.list.map((x) => [x.id, x.stack])).toEqual([
      ['billing', 'jvm'],
      ['orders', 'jvm'],
    ]);
    const dotnet = components({
      'AppHost/AppHost.csproj':
        '<Project Sdk="Microsoft.NET.Sdk">\n  <Sdk Name="Aspire.AppHost.Sdk" />\n  <PackageReference Include="Aspire.Hosting.AppHost" />\n  <ItemGroup>\n    <ProjectReference Include="..\\Api\\Api.csproj" />\n    <ProjectReference Include="..\\Web\\Web.csproj" />\n  </ItemGroup>\n</Project>\n',
      'AppHost/Program.cs': 'var b = DistributedApplication.CreateBuilder(args);\n',
      'Api/Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web" />',
      'Api/Program.cs': 'var app = WebApplication.Create();\n',
      'Web/Web.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web" />',
      'Web/Program.cs': 'var app = WebApplication.Create();\n',
    });
    expect(dotnet.list.map((x) => [x.id, x.stack, x.deployed, x.why])).toEqual([
      ['api', 'dotnet', true, 'deployed: the Aspire AppHost runs it (AppHost/AppHost.csproj:5)'],
      ['web', 'dotnet', true, 'deployed: the Aspire AppHost runs it (AppHost/AppHost.csproj:6)'],
    ]);
  });

  it('a project an Aspire AppHost runs that another project it runs compiles in ships inside that one', () => {
    const c = components({
      'AppHost/AppHost.csproj':
        '<Project Sdk="Microsoft.NET.Sdk">\n  <Sdk Name="Aspire.AppHost.Sdk" />\n  <ItemGroup>\n    <ProjectReference Include="..\\Host\\Host.csproj" />\n    <ProjectReference Include="..\\Orders\\Orders.csproj" />\n    <ProjectReference Include="..\\Mailer\\Mailer.csproj" />\n  </ItemGroup>\n</Project>\n',
      'AppHost/Program.cs':
        'var b = DistributedApplication.CreateBuilder(args);\nb.AddProject<Projects.Host>("host");\nb.AddProject<Projects.Orders>("orders");\nb.AddProject<Projects.Mailer>("mailer");\nb.Build().Run();\n',
      'Mailer/Mailer.csproj': '<Project Sdk="Microsoft.NET.Sdk.Worker" />',
      'Mailer/Program.cs': 'var host = Host.CreateApplicationBuilder(args).Build();\nhost.Run();\n',
      'Host/Host.csproj':
        '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n    <ProjectReference Include="..\\Orders\\Orders.csproj" />\n  </ItemGroup>\n</Project>\n',
      'Host/Program.cs': 'var app = WebApplication.Create();\napp.Run();\n',
      'Orders/Orders.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web" />',
      'Orders/Program.cs': 'var app = WebApplication.Create();\napp.Run();\n',
    });
    expect(c.list.map((x) => x.path)).toEqual(['Host', 'Mailer']);
  });

  it('a console job an Aspire AppHost runs stays a component when another job runner references it for its code', () => {
    const exe = (refs: string) =>
      `<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n  </PropertyGroup>\n  <ItemGroup>\n${refs}  </ItemGroup>\n</Project>\n`;
    const c = components({
      'AppHost/AppHost.csproj':
        '<Project Sdk="Microsoft.NET.Sdk">\n  <Sdk Name="Aspire.AppHost.Sdk" />\n  <ItemGroup>\n    <ProjectReference Include="..\\Runner\\Runner.csproj" />\n    <ProjectReference Include="..\\Indexer\\Indexer.csproj" />\n  </ItemGroup>\n</Project>\n',
      'AppHost/Program.cs':
        'var b = DistributedApplication.CreateBuilder(args);\nb.AddProject<Projects.Runner>("runner");\nb.AddProject<Projects.Indexer>("indexer");\nb.Build().Run();\n',
      'Runner/Runner.csproj': exe('    <ProjectReference Include="..\\Indexer\\Indexer.csproj" />\n'),
      'Runner/Program.cs':
        'public static class Program\n{\n    public static void Main(string[] args) => Jobs.Run(args);\n}\n',
      'Indexer/Indexer.csproj': exe(''),
      'Indexer/Program.cs':
        'public static class Program\n{\n    public static void Main(string[] args) => Index.Run(args);\n}\n',
    });
    expect(c.list.map((x) => x.path)).toEqual(['Indexer', 'Runner']);
  });

  it('a module with a Spring Boot main that the server module depends on is part of the server, unless it builds an image', () => {
    const pom = (artifact: string, deps: string[] = []) =>
      `<project><artifactId>${artifact}</artifactId><dependencies>${deps.map((d) => `<dependency><groupId>acme</groupId><artifactId>${d}</artifactId></dependency>`).join('')}</dependencies></project>`;
    const files: Record<string, string> = {
      'pom.xml':
        '<project><artifactId>parent</artifactId><modules><module>server</module><module>registry</module><module>tools</module></modules></project>',
      'server/pom.xml': pom('acme-server', ['acme-registry']),
      'server/src/main/java/acme/Server.java':
        '@SpringBootApplication\npublic class Server {\n  public static void main(String[] a) { SpringApplication.run(Server.class, a); }\n}\n',
      'registry/pom.xml': pom('acme-registry'),
      'registry/src/main/java/acme/registry/RegistryApp.java':
        '@SpringBootApplication\npublic class RegistryApp {\n  public static void main(String[] a) { SpringApplication.run(RegistryApp.class, a); }\n}\n',
      'tools/pom.xml': pom('acme-tools'),
      'tools/src/main/java/acme/tools/ScanFilter.java':
        'public class ScanFilter {\n  void skip(String c) { log.info("Skip @SpringBootApplication class {}", c); }\n}\n',
    };
    // One program: the repository is one component (the tools module's log message names the annotation, no main).
    expect(components(files).list.map((x) => [x.path, x.why])).toEqual([['.', 'the repository is one component']]);
    // Its own Jib image: deployed on its own as well.
    files['registry/pom.xml'] = pom('acme-registry').replace(
      '</project>',
      '<build><plugins><plugin><groupId>com.google.cloud.tools</groupId><artifactId>jib-maven-plugin</artifactId></plugin></plugins></build></project>',
    );
    expect(components(files).list.map((x) => x.id)).toEqual(['registry', 'server']);
  });

  it('a Maven build no reactor lists (a side server built and run alone) is a component of its own, not the root', () => {
    const spring = (name: string) =>
      `@SpringBootApplication\npublic class ${name} {\n  public static void main(String[] a) { SpringApplication.run(${name}.class, a); }\n}\n`;
    const files: Record<string, string> = {
      'pom.xml': '<project><artifactId>parent</artifactId><modules><module>server</module></modules></project>',
      'server/pom.xml':
        '<project><artifactId>acme-server</artifactId><build><plugins><plugin><groupId>com.google.cloud.tools</groupId><artifactId>jib-maven-plugin</artifactId></plugin></plugins></build></project>',
      'server/src/main/java/acme/Server.java': spring('Server'),
      'sidecars/log-query/pom.xml':
        '<project><parent><artifactId>parent</artifactId></parent><artifactId>log-query</artifactId></project>',
      'sidecars/log-query/src/main/java/acme/logs/LogQueryApp.java': spring('LogQueryApp'),
    };
    expect(components(files).list.map((x) => [x.id, x.path])).toEqual([
      ['server', 'server'],
      ['log-query', 'sidecars/log-query'],
    ]);
  });

  it("a root Dockerfile adding a module's packaged jar beside data folders is that module's image, not the root's", () => {
    const spring = '@SpringBootApplication\npublic class ReportsApp {\n  public static void main(String[] a) {}\n}\n';
    const files: Record<string, string> = {
      'pom.xml': '<project><artifactId>reports-parent</artifactId><modules><module>shared</module></modules></project>',
      'shared/pom.xml': '<project><artifactId>shared</artifactId></project>',
      'shared/src/main/java/acme/Util.java': 'public class Util {}\n',
      'app/reports/pom.xml': '<project><artifactId>reports</artifactId></project>',
      'app/reports/src/main/java/acme/ReportsApp.java': spring,
      'fonts/README.md': 'fonts the renderer embeds\n',
      Dockerfile:
        'FROM eclipse-temurin:21-jre\nADD fonts/ /opt/reports/fonts/\nADD app/reports/target/reports.jar /opt/reports/app.jar\nCMD ["java", "-jar", "/opt/reports/app.jar"]\n',
      'mailer/go.mod': 'module example.com/mailer\n\ngo 1.22\n',
      'mailer/main.go': 'package main\n\nfunc main() {}\n',
      'mailer/Dockerfile':
        'FROM golang:1.22 AS build\nCOPY . .\nRUN go build -o /mailer .\nFROM gcr.io/distroless/static\nCOPY --from=build /mailer /mailer\nCMD ["/mailer"]\n',
    };
    const c = components(files);
    expect(c.list.map((x) => x.path)).toEqual(['app/reports', 'mailer']);
    expect(c.list[0]!.dockerfiles).toEqual(['Dockerfile']);
  });

  it('a .NET app sees the projects it references and the test projects that reference them, not a hosted browser client or a service-defaults library', () => {
    const proj = (sdk: string, refs: string[] = [], extra = '') =>
      `<Project Sdk="${sdk}">\n  <ItemGroup>\n${refs.map((r) => `    <ProjectReference Include="${r}"${extra} />\n`).join('')}  </ItemGroup>\n</Project>\n`;
    const c = components({
      'src/AppHost/AppHost.csproj': proj('Aspire.AppHost.Sdk/9.0.0', [
        '..\\Shop\\Shop.csproj',
        '..\\Admin\\Admin.csproj',
      ]).replace(
        '</Project>',
        '  <ItemGroup><ProjectReference Include="..\\Defaults\\Defaults.csproj" IsAspireProjectResource="false" /></ItemGroup>\n</Project>',
      ),
      'src/AppHost/Program.cs': 'var b = DistributedApplication.CreateBuilder(args);\n',
      'src/Defaults/Defaults.csproj': proj('Microsoft.NET.Sdk').replace(
        '<ItemGroup>',
        '<PropertyGroup><IsAspireSharedProject>true</IsAspireSharedProject></PropertyGroup>\n  <ItemGroup>',
      ),
      'src/Defaults/Extensions.cs': 'public static class Extensions {}\n',
      'src/Shop/Shop.csproj': proj('Microsoft.NET.Sdk.Web', [
        '..\\Data\\Data.csproj',
        '..\\Storefront\\Storefront.csproj',
        '..\\Defaults\\Defaults.csproj',
      ]),
      'src/Shop/Program.cs': 'var app = WebApplication.Create();\napp.Run();\n',
      'src/Admin/Admin.csproj': proj('Microsoft.NET.Sdk.Web'),
      'src/Admin/Program.cs': 'var app = WebApplication.Create();\napp.Run();\n',
      'src/Data/Data.csproj': proj('Microsoft.NET.Sdk'),
      'src/Data/ShopContext.cs': 'public class ShopContext {}\n',
      'src/Storefront/Storefront.csproj': proj('Microsoft.NET.Sdk.BlazorWebAssembly'),
      'src/Storefront/Program.cs': 'var builder = WebAssemblyHostBuilder.CreateDefault(args);\n',
      'tests/Data.Tests/Data.Tests.csproj': proj('Microsoft.NET.Sdk', ['..\\..\\src\\Data\\Data.csproj']).replace(
        '<ItemGroup>',
        '<ItemGroup><PackageReference Include="xunit" Version="2.9.0" /></ItemGroup>\n  <ItemGroup>',
      ),
      'tests/Data.Tests/ContextTests.cs': 'public class ContextTests { [Fact] public void Works() {} }\n',
    });
    expect(c.list.map((x) => [x.id, x.mounts])).toEqual([
      ['admin', []],
      ['shop', ['src/Data', 'src/Defaults', 'tests/Data.Tests']],
    ]);
  });

  it('one Dockerfile built per service with a build arg, deployed by a script per service, deploys each service', () => {
    const goMain = (name: string) => ({
      [`internal/${name}/go.mod`]: `module example.com/${name}\n`,
      [`internal/${name}/main.go`]: 'package main\n\nfunc main() {}\n',
    });
    const files = {
      ...goMain('orders'),
      ...goMain('billing'),
      'internal/shared/go.mod': 'module example.com/shared\n',
      'internal/shared/log.go': 'package shared\n',
      'docker/prod/Dockerfile':
        'FROM golang:1.22\nARG SERVICE\nCOPY . /src\nWORKDIR /src/$SERVICE\nRUN go build -o /app .\nCMD ["/app"]\n',
      'scripts/build.sh':
        '#!/bin/bash\nreadonly service="$1"\ndocker build -t "gcr.io/$PROJECT/$service" ./internal -f ./docker/prod/Dockerfile --build-arg "SERVICE=$service"\ndocker push "gcr.io/$PROJECT/$service"\n',
      'scripts/deploy.sh':
        '#!/bin/bash\nsvc=$1\ngcloud run deploy "$svc" \\\n  --image "gcr.io/$PROJECT/$svc" \\\n  --region europe-west1\n',
      'cloudbuild.yaml':
        'steps:\n- id: orders-image\n  name: gcr.io/cloud-builders/docker\n  entrypoint: ./scripts/build.sh\n  args: ["orders"]\n- id: billing-image\n  name: gcr.io/cloud-builders/docker\n  entrypoint: ./scripts/build.sh\n  args: ["billing"]\n- id: orders-deploy\n  name: gcr.io/cloud-builders/gcloud\n  entrypoint: ./scripts/deploy.sh\n  args: [orders]\n',
    };
    const c = components(files);
    // billing is built and pushed but nothing deploys it to Cloud Run: its target is not known.
    expect(c.list.map((x) => [x.id, x.path, x.target, x.deployed])).toEqual([
      ['billing', 'internal/billing', 'unknown', true],
      ['orders', 'internal/orders', 'paas', true],
    ]);
    expect(c.byId('orders')).toMatchObject({
      dockerfiles: ['docker/prod/Dockerfile'],
      images: ['orders'],
      // The image copies its whole context (internal/): the shared module beside the services comes with it.
      mounts: ['docker/prod/Dockerfile', 'internal/shared'],
      why: 'deployed: Cloud Run (deploy command) (scripts/deploy.sh:3)',
    });
    expect(c.byId('orders')?.declared.map((d) => d.note)).toContain(
      'builds an image with SERVICE=orders (context internal)',
    );
    expect(c.byId('billing')?.why).toBe('deployed: a build script builds and pushes its image (scripts/build.sh:3)');
    // The facts of a component see the deploy script that deploys it, in the component's paths.
    const facts = new Facts(RepoIndex.fromMemory(files));
    const orders = facts.forComponent(facts.components.byId('orders')!);
    expect(orders.platform.service.map((t) => [t.platform, t.path])).toEqual([
      ['cloud-run', '../../scripts/deploy.sh'],
    ]);
    expect(orders.dockerfiles.production.map((d) => d.path)).toEqual(['../../docker/prod/Dockerfile']);
    expect(facts.forComponent(facts.components.byId('billing')!).platform.any).toBe(false);
  });

  it('a loop over services in CI builds and deploys each one it names; a Dockerfile that copies the folder an arg names', () => {
    const c = components({
      'services/api/package.json': '{"name":"api","scripts":{"start":"node index.js"},"dependencies":{"express":"4"}}',
      'services/api/index.js': 'require("express")().listen(3000);\n',
      'services/worker/package.json':
        '{"name":"worker","scripts":{"start":"node index.js"},"dependencies":{"bullmq":"5"}}',
      'services/worker/index.js': 'require("bullmq");\n',
      'services/sandbox/package.json':
        '{"name":"sandbox","scripts":{"start":"node index.js"},"dependencies":{"express":"4"}}',
      'services/sandbox/index.js': 'require("express")().listen(3000);\n',
      Dockerfile:
        'FROM node:20\nARG APP\nWORKDIR /app\nCOPY services/${APP}/ .\nRUN npm ci\nCMD ["node", "index.js"]\n',
      '.github/workflows/deploy.yml':
        'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          for app in api worker; do\n            docker build -t registry.example.com/$app --build-arg APP=$app .\n            gcloud run deploy $app --image registry.example.com/$app\n          done\n',
    });
    expect(c.list.map((x) => [x.id, x.target, x.deployed])).toEqual([
      ['api', 'paas', true],
      ['sandbox', 'unknown', false],
      ['worker', 'paas', true],
    ]);
  });

  it('images Maven and Gradle plugins build are traced to their module (jib, spring-boot build-image)', () => {
    const c = components({
      'pom.xml':
        '<project><properties><registry>registry.example.com/acme</registry></properties><modules><module>orders-module</module><module>billing</module></modules></project>',
      'orders-module/pom.xml':
        '<project><parent><artifactId>shop</artifactId></parent><artifactId>orders</artifactId><build><plugins><plugin><artifactId>jib-maven-plugin</artifactId><configuration><to><image>${registry}/${project.artifactId}</image></to></configuration></plugin></plugins></build></project>',
      'orders-module/src/main/java/acme/OrdersApp.java': '@SpringBootApplication\npublic class OrdersApp {}\n',
      'billing/pom.xml': '<project><artifactId>billing-api</artifactId></project>',
      'billing/src/main/java/acme/BillingApp.java': '@SpringBootApplication\npublic class BillingApp {}\n',
      'k8s/orders.yaml': deployment('orders', 'registry.example.com/acme/orders:1.4.0'),
      'docker-compose.yml': 'services:\n  billing:\n    image: acme/billing-api:latest\n',
    });
    expect(c.list.map((x) => [x.id, x.path, x.images, x.target, x.deployed])).toEqual([
      ['billing', 'billing', ['billing-api'], 'compose', true],
      ['orders', 'orders-module', ['orders'], 'kubernetes', true],
    ]);
  });

  it('a Gradle module whose main only a JavaExec task of the build runs (a settings generator) is no component', () => {
    const files = {
      'settings.gradle.kts': 'include("server", "server:codegen")\n',
      'server/build.gradle.kts':
        'plugins {\n    kotlin("jvm")\n    application\n}\n\napplication { mainClass.set("org.example.MainKt") }\n\ndependencies { implementation("io.javalin:javalin:6.4.0") }\n\ntasks.compileKotlin { dependsOn(":server:codegen:generateSettings") }\n',
      'server/src/main/kotlin/org/example/Main.kt':
        'package org.example\n\nimport io.javalin.Javalin\n\nfun main() {\n    Javalin.create().start(8080)\n}\n',
      'server/codegen/build.gradle.kts':
        'plugins { kotlin("jvm") }\n\ntasks {\n    register<JavaExec>("generateSettings") {\n        classpath = sourceSets.main.get().runtimeClasspath\n        mainClass.set("org.example.gen.GeneratorKt")\n    }\n}\n',
      'server/codegen/src/main/kotlin/org/example/gen/Generator.kt':
        'package org.example.gen\n\nimport java.io.File\n\nfun main() {\n    File("build/generated/Settings.kt").writeText("object Settings")\n}\n',
    };
    const facts = new Facts(RepoIndex.fromMemory(files));
    expect(facts.components.list.map((x) => x.path)).toEqual(['.']);
    expect(facts.liveness.entrypoints.map((e) => e.path)).toEqual(['server/src/main/kotlin/org/example/Main.kt']);
  });

  it('a function app is one component: its handler modules and its CDK app are part of it; infrastructure apps are none', () => {
    const handler = (dir: string) => ({
      [`${dir}/go.mod`]: `module example.com/${dir.split('/').pop()}\n`,
      [`${dir}/main.go`]:
        'package main\n\nimport "github.com/aws/aws-lambda-go/lambda"\n\nfunc main() { lambda.Start(handle) }\n',
    });
    const c = components({
      ...handler('services/catalog/handlers/list'),
      ...handler('services/catalog/handlers/get'),
      'services/catalog/template.yaml':
        'Transform: AWS::Serverless-2016-10-31\nResources:\n  List:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: handlers/list\n',
      'services/catalog/cdk/go.mod': 'module example.com/cdk\n\nrequire github.com/aws/aws-cdk-go/awscdk/v2 v2.100.0\n',
      'services/catalog/cdk/cdk.json': '{"app": "go run cdk.go"}',
      'services/catalog/cdk/cdk.go': 'package main\n\nfunc main() {}\n',
      'services/queues/package.json': '{"name":"queues","dependencies":{"aws-cdk-lib":"2.100.0"}}',
      'services/queues/cdk.json': '{"app": "npx ts-node bin/app.ts"}',
      'services/queues/bin/app.ts': 'import * as cdk from "aws-cdk-lib";\nnew cdk.App();\n',
      'services/queues/serverless.yml': 'service: queues\nprovider:\n  name: aws\nresources:\n  Resources: {}\n',
      'orders/serverless.yml':
        'service: orders\nprovider:\n  name: aws\nfunctions:\n  place:\n    handler: handler.place\n',
      'orders/package.json': '{"name":"orders","private":true}',
      'orders/handler.js': 'module.exports.place = async (event) => ({ statusCode: 201 });\n',
      'infra/go.mod': 'module example.com/infra\n\nrequire github.com/aws/aws-cdk-go/awscdk/v2 v2.100.0\n',
      'infra/main.go': 'package main\n\nfunc main() {}\n',
    });
    expect(c.list.map((x) => [x.id, x.path, x.kind, x.target, x.deployed])).toEqual([
      ['orders', 'orders', 'service', 'serverless', true],
      ['catalog', 'services/catalog', 'service', 'serverless', true],
    ]);
    expect(c.byId('catalog')?.excludes).toEqual([]);
    expect(c.owner('services/catalog/handlers/get/main.go')?.id).toBe('catalog');
    // A Serverless Framework repository of plain handlers (no server framework) is a service run as functions.
    const one = new Facts(
      RepoIndex.fromMemory({
        'serverless.yml': 'service: orders\nprovider:\n  name: aws\nfunctions:\n  place:\n    handler: handler.place\n',
        'package.json': '{"name":"orders","private":true}',
        'handler.js': 'module.exports.place = async (event) => ({ statusCode: 201 });\n',
      }),
    );
    expect(one.components.list.map((x) => [x.id, x.path, x.kind, x.target])).toEqual([
      ['orders', '.', 'service', 'serverless'],
    ]);
    expect(one.kind.reason).toBe('runs as functions on AWS Lambda (Serverless Framework) (serverless.yml)');
  });

  it('images with no code of their own and test images are not components', () => {
    const c = components({
      ...goService('api'),
      ...goService('worker'),
      'docker/grafana/Dockerfile': 'FROM grafana/grafana\nCOPY dashboards /etc/dashboards\n',
      'docker/grafana/dashboards/a.json': '{}',
      'src/api/Dockerfile.e2e': 'FROM node:20\nCOPY . .\nCMD ["npx", "playwright", "test"]\n',
    });
    expect(c.list.map((x) => x.id)).toEqual(['api', 'worker']);
  });

  it('names clash: both components are named by their paths', () => {
    const c = components({
      'services/api/requirements.txt': 'flask\n',
      'services/api/app.py': 'from flask import Flask\napp = Flask(__name__)\n',
      'services/api/Dockerfile': 'FROM python:3.12\nCOPY . .\nCMD ["flask", "run"]\n',
      'legacy/api/requirements.txt': 'flask\n',
      'legacy/api/app.py': 'from flask import Flask\napp = Flask(__name__)\n',
      'legacy/api/Dockerfile': 'FROM python:3.12\nCOPY . .\nCMD ["flask", "run"]\n',
    });
    expect(c.list.map((x) => [x.id, x.deployed])).toEqual([
      ['legacy-api', false],
      ['services-api', true],
    ]);
  });

  it("a single service's target is its production one: Kubernetes over a compose file for local runs", () => {
    const c = components({
      ...FLASK,
      Dockerfile: 'FROM python:3.12\nCOPY . .\nCMD ["flask", "run"]\n',
      'compose.yaml': 'services:\n  app:\n    build: .\n',
      '.devcontainer/docker-compose.yml': 'services:\n  dev:\n    build: ..\n',
      'deploy/app.yaml': deployment('app', 'example/app:1'),
    });
    expect(c.list).toHaveLength(1);
    expect(c.list[0]).toMatchObject({
      target: 'kubernetes',
      why: 'deployed: Kubernetes Deployment/app (deploy/app.yaml:1)',
    });
    const local = components({
      ...FLASK,
      Dockerfile: 'FROM python:3.12\nCOPY . .\nCMD ["flask", "run"]\n',
      '.devcontainer/docker-compose.yml': 'services:\n  app:\n    build: ..\n',
    });
    // A dev container's compose file deploys nothing.
    expect(local.list[0]).toMatchObject({ target: 'unknown', why: 'the repository is one component' });
  });

  it('a code-generation image beside a service is not a component', () => {
    const c = components({
      ...goService('checkout'),
      ...goService('cart'),
      'src/checkout/genproto/Dockerfile': 'FROM golang:1.22\nWORKDIR /build\nCOPY go.mod go.mod\nRUN go install tool\n',
      'src/checkout/genproto/demo/demo.pb.go': 'package demo\n\ntype Money struct{}\n',
    });
    expect(c.list.map((x) => x.id)).toEqual(['cart', 'checkout']);
  });
});

describe('facts: components, names and targets on real layouts', () => {
  const FASTAPI = {
    'pyproject.toml': '[project]\nname = "dispatcher"\ndependencies = ["fastapi"]\n',
    'src/dispatcher/main.py':
      'from fastapi import FastAPI\napp = FastAPI()\n\n@app.get("/")\ndef index():\n    return {}\n',
    Dockerfile: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["uvicorn", "dispatcher.main:app"]\n',
  };

  it('a root package.json that only runs browser tests does not name a Python service', () => {
    const c = components({
      ...FASTAPI,
      'package.json': '{"name": "dispatcher-e2e", "private": true, "devDependencies": {"@playwright/test": "1.40.0"}}',
    });
    expect(c.list.map((x) => [x.id, x.stack])).toEqual([['dispatcher', 'python']]);
  });

  it('the root is named by the manifest of its server language, and its stack is that language', () => {
    // More TypeScript than Python (a frontend beside the API): still a Python service, named by pyproject.toml.
    const c = components({
      ...FASTAPI,
      'package.json': '{"name": "dispatcher-ui", "dependencies": {"react": "18.0.0"}}',
      'src/ui/app.tsx': `export const App = () => null;\n${'// ui\n'.repeat(400)}`,
    });
    expect(c.list.map((x) => [x.id, x.stack])).toEqual([['dispatcher', 'python']]);
  });

  it('two descriptors copied with the same service name: each component is named by its folder', () => {
    const fn = (name: string) => ({
      [`src/${name}/serverless.yml`]:
        'service: product-api\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  get:\n    handler: src/handler.main\n',
      [`src/${name}/package.json`]: `{"name": "${name}-pkg", "dependencies": {"@aws-sdk/client-dynamodb": "3.0.0"}}`,
      [`src/${name}/src/handler.ts`]: 'export const main = async () => ({ statusCode: 200 });\n',
    });
    const c = components({ ...fn('pricing'), ...fn('orders-mcp') });
    expect(summary({ ...fn('pricing'), ...fn('orders-mcp') })).toEqual([
      { id: 'orders-mcp', path: 'src/orders-mcp', target: 'serverless', deployed: true },
      { id: 'pricing', path: 'src/pricing', target: 'serverless', deployed: true },
    ]);
    expect(c.list).toHaveLength(2);
  });

  it('a compose file for CI or development runs the app but does not make compose its target', () => {
    const c = components({
      ...FASTAPI,
      '.ci/compose.ci.yaml': 'services:\n  api:\n    build: ../\n    command: pytest\n',
      'docker-compose.dev.yml': 'services:\n  api:\n    build: .\n',
    });
    expect(c.list.map((x) => [x.id, x.target, x.deployed])).toEqual([['dispatcher', 'unknown', true]]);
    const prod = components({ ...FASTAPI, 'docker-compose.yml': 'services:\n  api:\n    build: .\n' });
    expect(prod.list[0]!.target).toBe('compose');
  });

  it('a compose service run for a developer (tools folder, a -dev name, development mode) is not a deployment', () => {
    const only = (compose: Record<string, string>) =>
      components({ ...FASTAPI, ...compose }).list.map((x) => [x.id, x.target, x.why]);
    const bySetting = 'services:\n  api:\n    build: .\n    environment:\n      - APP_ENV=development\n';
    for (const [file, text] of [
      ['scripts/devstack/docker-compose.yml', 'services:\n  api:\n    build: ../..\n'],
      ['docker-compose.yml', 'services:\n  api-dev:\n    build: .\n'],
      ['docker-compose.yml', bySetting],
      ['docker-compose.yml', 'services:\n  api:\n    build: .\n    environment:\n      NODE_ENV: development\n'],
    ] as const)
      expect(only({ [file]: text }), file).toEqual([['dispatcher', 'unknown', 'the repository is one component']]);
    // The same services run for production keep compose as their target.
    for (const text of [
      'services:\n  api-server:\n    build: .\n    environment:\n      - APP_ENV=production\n',
      'services:\n  devices:\n    build: .\n',
    ])
      expect(only({ 'docker-compose.yml': text })[0]!.slice(0, 2)).toEqual(['dispatcher', 'compose']);
    // A compose file kept with the deploy scripts is the deployment.
    const deploy = { 'scripts/deploy/docker-compose.yml': 'services:\n  api:\n    build: ../..\n' };
    expect(only(deploy)[0]!.slice(0, 2)).toEqual(['dispatcher', 'compose']);
  });

  it('a static host that only publishes the frontend does not give the backend at the root its target', () => {
    const c = components({
      ...FASTAPI,
      'client/app.js': 'console.log("ui");\n',
      'package.json':
        '{"name": "dispatcher-client", "scripts": {"build": "webpack"}, "dependencies": {"react": "18.0.0"}}',
      'netlify.toml': '[build]\n  base = "client"\n  publish = "client/dist"\n  command = "npm run build"\n',
      '.github/workflows/image.yml':
        'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -t ghcr.io/acme/dispatcher:${{ github.sha }} . && docker push ghcr.io/acme/dispatcher:${{ github.sha }}\n',
    });
    expect(c.list.map((x) => [x.id, x.stack, x.target])).toEqual([['dispatcher', 'python', 'unknown']]);
    expect(c.list[0]!.why).toMatch(/^deployed: CI builds and pushes its image/);
  });

  it('an image built from a workspace root that compiles a workspace library on the way belongs to the root', () => {
    const c = components({
      ...FASTAPI,
      'package.json': '{"name": "dispatcher-client", "scripts": {"build": "webpack"}}',
      'pnpm-workspace.yaml': 'packages:\n  - "charts"\n',
      'charts/package.json':
        '{"name": "@acme/charts", "main": "lib/index.js", "scripts": {"build": "babel src -d lib"}, "dependencies": {"react": "18.0.0"}}',
      'charts/src/index.js': 'export const chart = () => null;\n',
      Dockerfile:
        'FROM node:20 AS ui\nWORKDIR /ui\nCOPY package.json pnpm-workspace.yaml /ui/\nCOPY charts /ui/charts\nRUN pnpm install && pnpm run build\nFROM python:3.12-slim\nCOPY . /app\nCOPY --from=ui /ui/dist /app/dist\nCMD ["uvicorn", "dispatcher.main:app"]\n',
      'docker-compose.yml': 'services:\n  dispatcher:\n    build: .\n',
    });
    expect(c.list.map((x) => [x.id, x.path, x.target])).toEqual([['dispatcher', '.', 'compose']]);
  });

  it('one Dockerfile under docker/ built per service by compose `build.args` builds each service folder', () => {
    const svc = (name: string) => ({
      [`services/${name}/go.mod`]: `module example.com/${name}\n\ngo 1.22\n`,
      [`services/${name}/main.go`]:
        'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n',
    });
    const c = components({
      ...svc('users'),
      ...svc('orders'),
      'docker/service.Dockerfile':
        'FROM golang:1.22 AS build\nARG SERVICE\nWORKDIR /src\nCOPY ./services/$SERVICE .\nRUN go build -o /app .\nFROM gcr.io/distroless/base\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
      'docker-compose.yml':
        'services:\n  users-api:\n    build:\n      context: .\n      dockerfile: docker/service.Dockerfile\n      args:\n        SERVICE: users\n  orders-api:\n    build:\n      context: .\n      dockerfile: docker/service.Dockerfile\n      args:\n        - SERVICE=orders\n',
    });
    expect(c.list.map((x) => [x.id, x.path, x.target, x.deployed])).toEqual([
      ['orders-api', 'services/orders', 'compose', true],
      ['users-api', 'services/users', 'compose', true],
    ]);
    expect(c.byId('users-api')?.dockerfiles).toEqual(['docker/service.Dockerfile']);
    expect(c.byId('users-api')?.mounts).toEqual(['docker/service.Dockerfile']);
  });

  it('Dockerfiles under docker/ build the folders they copy, even when the final image holds only a build output', () => {
    const c = components({
      'backend/requirements.txt': 'fastapi==0.110.0\n',
      'backend/app/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
      'frontend/package.json':
        '{"name": "web", "scripts": {"build": "vite build"}, "dependencies": {"react": "18.0.0"}}',
      'frontend/src/main.tsx': 'export const App = () => null;\n',
      'docker/backend.Dockerfile':
        'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY app ./app\nCMD ["uvicorn", "app.main:app"]\n',
      'docker/frontend/Dockerfile':
        'FROM node:20 AS build\nWORKDIR /w\nCOPY frontend/package.json .\nRUN npm install\nCOPY frontend .\nRUN npm run build\nFROM nginx:1.27\nCOPY --from=build /w/dist /usr/share/nginx/html\n',
      'docker-compose.yml':
        'services:\n  api:\n    build:\n      context: ./backend\n      dockerfile: ../docker/backend.Dockerfile\n  web:\n    build:\n      context: .\n      dockerfile: docker/frontend/Dockerfile\n',
    });
    expect(c.list.map((x) => [x.id, x.path, x.target, x.dockerfiles])).toEqual([
      ['api', 'backend', 'compose', ['docker/backend.Dockerfile']],
      ['web', 'frontend', 'compose', ['docker/frontend/Dockerfile']],
    ]);
  });

  it('a Netlify site with functions runs serverless; a plain static site is a PaaS site', () => {
    const site = {
      'package.json': '{"name": "site", "scripts": {"build": "vite build"}, "dependencies": {"react": "18.0.0"}}',
      'src/main.tsx': 'export const App = () => null;\n',
    };
    const withFunctions = components({
      ...site,
      'netlify.toml': '[build]\n  command = "npm run build"\n  publish = "dist"\n  functions = "netlify/functions"\n',
      'netlify/functions/hello.ts': 'export const handler = async () => ({ statusCode: 200, body: "hi" });\n',
    });
    expect(withFunctions.list.map((x) => x.target)).toEqual(['serverless']);
    const plain = components({ ...site, 'netlify.toml': '[build]\n  command = "npm run build"\n  publish = "dist"\n' });
    expect(plain.list.map((x) => x.target)).toEqual(['paas']);
  });
});

describe('facts: components, images built from another folder', () => {
  const NODE_APP = {
    'package.json':
      '{"name": "notes", "scripts": {"start": "node server/index.js"}, "dependencies": {"express": "4.19.0"}}',
    'package-lock.json': '{}',
    'server/index.js': 'const express = require("express");\nexpress().listen(3000);\n',
  };

  it("a Dockerfile kept in a folder of its own and built from the root is the root app's image", () => {
    const c = components({
      ...NODE_APP,
      'package.json': '{"name": "notes", "scripts": {"start": "node index.js"}, "dependencies": {"express": "4.19.0"}}',
      'index.js': 'require("./server/index.js");\n',
      'infra-files/Dockerfile':
        'FROM node:22-slim\nWORKDIR /srv\nADD package.json package-lock.json ./\nRUN npm ci\nADD . .\nCOPY infra-files/proxy.yml /etc/proxy.yml\nCMD ["npm", "start"]\n',
      'infra-files/proxy.yml': 'port: 8080\n',
      'infra-files/icons.ts': 'export const icons = [];\n',
      'fly.toml': 'app = "notes"\n\n[build]\ndockerfile = "/infra-files/Dockerfile"\n',
    });
    expect(c.list.map((x) => [x.path, x.target, x.deployed, x.dockerfiles])).toEqual([
      ['.', 'paas', true, ['infra-files/Dockerfile']],
    ]);
  });

  it('a Dockerfile under docker/ that embeds the frontend in the backend binary belongs to the backend, and ships the frontend', () => {
    const c = components({
      'package.json': '{"private": true}',
      'pnpm-workspace.yaml': 'packages:\n  - frontend\n',
      'pnpm-lock.yaml': 'lockfileVersion: 9.0\n',
      '.dockerignore': 'node_modules\n',
      'backend/go.mod': 'module example.com/idp\n\ngo 1.22\n',
      'backend/cmd/main.go':
        'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n',
      'frontend/package.json':
        '{"name": "idp-frontend", "scripts": {"build": "vite build"}, "dependencies": {"react": "18.0.0"}}',
      'frontend/src/main.tsx': 'export const App = () => null;\n',
      'scripts/docker/entrypoint.sh': '#!/bin/sh\nexec "$@"\n',
      'docker/Dockerfile':
        'FROM node:22-alpine AS ui\nWORKDIR /b\nCOPY package.json pnpm-workspace.yaml pnpm-lock.yaml ./\nCOPY frontend ./frontend\nRUN pnpm --filter idp-frontend build\n' +
        'FROM golang:1.22 AS api\nWORKDIR /b\nCOPY backend ./\nCOPY --from=ui /b/frontend/dist ./frontend/dist\nRUN go build -o /b/idp ./cmd\n' +
        'FROM alpine:3.20\nCOPY --from=api /b/idp /app/idp\nCOPY scripts/docker /app/docker\nHEALTHCHECK CMD ["/app/idp", "healthcheck"]\nCMD ["/app/idp"]\n',
      'compose.yml':
        'services:\n  idp:\n    image: ghcr.io/acme/idp:latest\n    build:\n      context: .\n      dockerfile: docker/Dockerfile\n',
    });
    expect(c.list.map((x) => [x.id, x.path, x.deployed])).toEqual([
      ['idp', 'backend', true],
      ['idp-frontend', 'frontend', true],
    ]);
    expect(c.byId('idp')?.dockerfiles).toEqual(['docker/Dockerfile']);
    expect(c.byId('idp')?.mounts).toEqual(expect.arrayContaining(['docker/Dockerfile', '.dockerignore']));
    expect(c.byId('idp-frontend')?.why).toMatch(/^deployed: the image of idp ships it \(docker\/Dockerfile:\d+\)/);
    expect(c.byId('idp-frontend')?.dockerfiles).toEqual(['docker/Dockerfile']);
    expect(c.byId('idp-frontend')?.mounts).toEqual(expect.arrayContaining(['docker/Dockerfile', '.dockerignore']));
  });

  it('a root image of a Go workspace (go.work) builds its program from the module its WORKDIR names, not the frontend it embeds', () => {
    const c = components({
      'package.json': '{"private": true}',
      'pnpm-workspace.yaml': 'packages:\n  - web\n',
      'pnpm-lock.yaml': 'lockfileVersion: 9.0\n',
      'go.work': 'go 1.22\n\nuse (\n\t./server\n\t./shared\n)\n',
      'shared/go.mod': 'module example.com/shared\n\ngo 1.22\n',
      'shared/shared.go': 'package shared\n\nconst Name = "dock"\n',
      'server/go.mod': 'module example.com/server\n\ngo 1.22\n',
      'server/cmd/main.go':
        'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":3552", nil)\n}\n',
      'web/package.json':
        '{"name": "dock-web", "scripts": {"build": "vite build"}, "dependencies": {"svelte": "5.0.0"}}',
      'web/src/main.ts': 'export const app = 1;\n',
      'docker/Dockerfile':
        'FROM node:22 AS web\nWORKDIR /build\nCOPY package.json pnpm-workspace.yaml pnpm-lock.yaml ./\nCOPY web ./web\nRUN pnpm -C web build\n' +
        'FROM golang:1.22 AS server\nWORKDIR /build\nCOPY go.work ./\nCOPY shared ./shared\nCOPY server/go.mod ./server/\nWORKDIR /build/server\nCOPY server ./\n' +
        'COPY --from=web /build/web/dist ./web/dist\nRUN CGO_ENABLED=0 go build \\\n    -o /build/dock \\\n    ./cmd/main.go\n' +
        'FROM gcr.io/distroless/static\nCOPY --from=server /build/dock /app/dock\nCMD ["/app/dock"]\n',
      'docker/Dockerfile-agent':
        'FROM golang:1.22 AS agent\nWORKDIR /build\nCOPY go.work ./\nCOPY shared ./shared\nWORKDIR /build/server\nCOPY server ./\nRUN go build -tags agent -o /out/agent ./cmd/main.go\n' +
        'FROM gcr.io/distroless/static\nCOPY --from=agent /out/agent /agent\nCMD ["/agent"]\n',
    });
    expect(c.list.map((x) => x.path)).not.toContain('.');
    const server = c.list.find((x) => x.path === 'server');
    expect(server?.dockerfiles).toEqual(['docker/Dockerfile', 'docker/Dockerfile-agent']);
    expect(c.list.find((x) => x.path === 'web')?.dockerfiles ?? []).toEqual([]);
  });

  it('a base or builder image another Dockerfile starts FROM is part of that image, and a lower-case `dockerfile` is found', () => {
    const c = components({
      ...NODE_APP,
      'package.json':
        '{"name": "notes", "scripts": {"start": "node server/index.js", "build-builder": "docker buildx build -f docker/builder.dockerfile -t acme/notes:builder . --push"}, "dependencies": {"express": "4.19.0"}}',
      'tools/probe/main.go': 'package main\n\nfunc main() {}\n',
      'docker/builder.dockerfile':
        'FROM golang:1.22\nWORKDIR /w\nCOPY ./tools/ ./tools/\nRUN go build -o /w/probe ./tools/probe\n',
      'docker/dockerfile':
        'FROM acme/notes:builder AS probe\nFROM node:22-slim\nWORKDIR /srv\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nCOPY --from=probe /w/probe /srv/probe\nCMD ["npm", "start"]\n',
    });
    expect(c.list.map((x) => [x.path, x.dockerfiles])).toEqual([
      ['.', ['docker/builder.dockerfile', 'docker/dockerfile']],
    ]);
    expect(c.list[0]!.declared.map((d) => d.path)).toEqual(['docker/dockerfile']);
  });

  it('an image tagged with the commit in CI still names its image, and is seen as pushed', () => {
    const svc = (name: string) => ({
      [`services/${name}/package.json`]: `{"name": "${name}", "scripts": {"start": "node index.js"}, "dependencies": {"express": "4.19.0"}}`,
      [`services/${name}/index.js`]: 'require("express")().listen(3000);\n',
      [`services/${name}/Dockerfile`]: 'FROM node:22-slim\nCOPY . .\nCMD ["node", "index.js"]\n',
    });
    const c = components({
      ...svc('orders'),
      ...svc('billing'),
      '.github/workflows/release.yml':
        'on: push\njobs:\n  images:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          docker build -t ghcr.io/acme/orders:${{ github.sha }} services/orders\n          docker push ghcr.io/acme/orders:${{ github.sha }}\n',
    });
    expect(c.byId('orders')?.images).toEqual(['orders']);
    expect(c.byId('orders')?.why).toMatch(
      /^deployed: CI builds and pushes its image \(\.github\/workflows\/release\.yml:\d+\)/,
    );
    expect(c.byId('billing')?.deployed).toBe(false);
  });

  it('a server outside the workspace packages makes the repository a service, not a monorepo', () => {
    const files = {
      'package.json': '{"private": true, "workspaces": ["charts"]}',
      'charts/package.json': '{"name": "charts", "main": "dist/index.js", "dependencies": {"d3": "7.0.0"}}',
      'charts/src/index.js': 'export const chart = () => null;\n',
      'requirements.txt': 'flask==3.0.0\n',
      'dashboards/app.py':
        'from flask import Flask\napp = Flask(__name__)\n\n@app.get("/")\ndef index():\n    return "ok"\n',
    };
    expect(new Facts(RepoIndex.fromMemory(files)).kind.kind).toBe('service');
    // A server inside a workspace package leaves a workspace of packages a monorepo.
    const inside = {
      'package.json': '{"private": true, "workspaces": ["packages/*"]}',
      'packages/api/package.json': '{"name": "api", "dependencies": {"express": "4.19.0"}}',
      'packages/api/index.js': 'require("express")().listen(3000);\n',
      'packages/ui/package.json': '{"name": "ui", "main": "index.js"}',
      'packages/ui/index.js': 'module.exports = {};\n',
    };
    expect(new Facts(RepoIndex.fromMemory(inside)).kind.kind).toBe('monorepo');
  });
});

describe('facts: components, tooling, configuration packages and development compose files', () => {
  const goApp = {
    'go.mod': 'module example.com/tracker\n\ngo 1.22\n',
    'main.go': 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n',
    Dockerfile: 'FROM golang:1.22\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n',
  };

  it('a Go module of maintenance scripts is not a component', () => {
    const c = components({
      ...goApp,
      'scripts/go.mod': 'module example.com/tracker/scripts\n\ngo 1.22\n',
      'scripts/migrate.go': 'package main\n\nfunc main() {}\n',
    });
    expect(c.list.map((x) => x.path)).toEqual(['.']);
  });

  it('a shared tsconfig or lint preset package is not a component, even with a build script', () => {
    const app = (name: string) => ({
      [`apps/${name}/package.json`]: `{"name": "${name}", "scripts": {"start": "node index.js"}, "dependencies": {"express": "4.19.0"}}`,
      [`apps/${name}/index.js`]: 'require("express")().listen(3000);\n',
    });
    const c = components({
      'package.json': '{"private": true, "workspaces": ["apps/*", "packages/*"]}',
      ...app('api'),
      ...app('worker'),
      'packages/tsconfig/package.json':
        '{"name": "@acme/tsconfig", "private": true, "scripts": {"start": "node check.js"}}',
      'packages/tsconfig/base.json': '{"compilerOptions": {"strict": true}}',
      'apps/lint-preset/package.json':
        '{"name": "@acme/eslint-config", "scripts": {"start": "node index.js"}, "dependencies": {"express": "4.19.0"}}',
      'apps/lint-preset/index.js': 'module.exports = {};\n',
    });
    expect(c.list.map((x) => x.path)).toEqual(['apps/api', 'apps/worker']);
  });

  it('a development compose file runs a service without deploying it, and is not why it is deployed', () => {
    const svc = (name: string) => ({
      [`services/${name}/package.json`]: `{"name": "${name}", "scripts": {"start": "node index.js"}, "dependencies": {"express": "4.19.0"}}`,
      [`services/${name}/index.js`]: 'require("express")().listen(3000);\n',
      [`services/${name}/Dockerfile`]: 'FROM node:22-slim\nCOPY . .\nCMD ["node", "index.js"]\n',
    });
    const c = components({
      ...svc('orders'),
      ...svc('sandbox-ui'),
      'compose.yml': 'services:\n  orders:\n    build: ./services/orders\n',
      'compose.dev.yml': 'services:\n  sandbox-ui:\n    build: ./services/sandbox-ui\n',
    });
    expect(c.byId('orders')).toMatchObject({ deployed: true, target: 'compose' });
    expect(c.byId('sandbox-ui')).toMatchObject({ deployed: false, target: 'unknown' });
    expect(c.byId('sandbox-ui')?.why).toBe(
      "only present: only a developer's compose service runs it (a development or CI compose file: compose.dev.yml:2); the deployment config and CI deploy other components",
    );
    // Alone, the development compose file leaves the service shipped with nowhere named, not deployed by it.
    const alone = components({
      ...svc('orders'),
      ...svc('billing'),
      'compose.dev.yml': 'services:\n  orders:\n    build: ./services/orders\n',
    });
    expect(alone.byId('orders')?.why).toMatch(/^shipped: /);
  });
});

describe('facts: components, Quarkus modules', () => {
  it('Quarkus modules (no main class) are components, with the Dockerfiles Maven keeps in src/main/docker', () => {
    const module = (name: string) => ({
      [`${name}/pom.xml`]: `<project><artifactId>${name}</artifactId><build><plugins><plugin><groupId>io.quarkus</groupId><artifactId>quarkus-maven-plugin</artifactId></plugin></plugins></build></project>`,
      [`${name}/src/main/java/acme/Resource.java`]: '@Path("/api")\npublic class Resource {}\n',
      [`${name}/src/main/docker/Dockerfile.jvm`]:
        'FROM registry.access.redhat.com/ubi9/openjdk-21:1.20\nCOPY target/quarkus-app/lib/ /deployments/lib/\nCOPY target/quarkus-app/*.jar /deployments/\n',
      [`${name}/deploy/k8s/knative.yml`]: `apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      containers:\n        - image: quay.io/acme/${name}:latest\n`,
    });
    const c = components({
      'pom.xml': '<project><modules><module>heroes</module><module>fights</module></modules></project>',
      ...module('heroes'),
      ...module('fights'),
      // A CI helper with a main method is not code of the repository's own.
      '.github/Modules.java': 'public class Modules {\n  public static void main(String[] args) {}\n}\n',
      'deploy/k8s/all.yml': `${deployment('heroes', 'quay.io/acme/heroes:latest')}---\n${deployment('fights', 'quay.io/acme/fights:latest')}`,
    });
    expect(c.list.map((x) => [x.id, x.path, x.stack, x.target, x.deployed])).toEqual([
      ['fights', 'fights', 'jvm', 'kubernetes', true],
      ['heroes', 'heroes', 'jvm', 'kubernetes', true],
    ]);
    expect(c.byId('heroes')?.dockerfiles).toEqual(['heroes/src/main/docker/Dockerfile.jvm']);
    expect(c.byId('heroes')?.declared.map((d) => d.note)).toContain(
      'Quarkus application module (Quarkus generates its main class)',
    );
  });
});

describe('facts: components, charts kept with their service and legacy names', () => {
  it('a Helm chart in a service folder whose image is a values template deploys that service', () => {
    const svc = (name: string) => ({
      [`src/${name}/go.mod`]: `module example.com/${name}\n\ngo 1.22\n`,
      [`src/${name}/main.go`]:
        'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n',
      [`src/${name}/Dockerfile`]: 'FROM golang:1.22\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n',
      [`src/${name}/chart/Chart.yaml`]: `apiVersion: v2\nname: shop-${name}-chart\nversion: 1.0.0\n`,
      [`src/${name}/chart/values.yaml`]: `image:\n  repository: public.ecr.aws/acme/shop-${name}\n  tag: latest\n`,
      [`src/${name}/chart/templates/deployment.yaml`]:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "chart.fullname" . }}\nspec:\n  template:\n    spec:\n      containers:\n        - name: {{ .Chart.Name }}\n          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n',
      [`src/${name}/chart/templates/db.yaml`]:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: db\nspec:\n  template:\n    spec:\n      containers:\n        - name: db\n          image: public.ecr.aws/acme/local-db:1.0\n',
    });
    const c = components({ ...svc('cart'), ...svc('orders') });
    expect(c.list.map((x) => [x.id, x.target, x.deployed])).toEqual([
      ['cart', 'kubernetes', true],
      ['orders', 'kubernetes', true],
    ]);
    // The chart's database, a literal image of something else, is not the service's workload.
    expect(c.byId('cart')?.workloads).toEqual(['src/cart/chart/templates/deployment.yaml:1']);
  });

  it('a compose service kept for the old build does not name the component', () => {
    const c = components({
      'package.json': '{"private": true, "workspaces": ["packages/*"]}',
      'packages/api/package.json':
        '{"name": "api", "scripts": {"start": "node index.js"}, "dependencies": {"express": "4.19.0"}}',
      'packages/api/index.js': 'require("express")().listen(3000);\n',
      'packages/api/Dockerfile': 'FROM node:22-slim\nCOPY . .\nCMD ["node", "index.js"]\n',
      'packages/web/package.json':
        '{"name": "web", "scripts": {"build": "vite build"}, "dependencies": {"react": "18.0.0"}}',
      'packages/web/src/main.tsx': 'export const App = () => null;\n',
      'docker-compose.yml':
        'services:\n  shop-api:\n    build: ./packages/api\n  shop-old-api:\n    build: ./packages/api\n',
    });
    expect(c.list.map((x) => x.id)).toEqual(['shop-api', 'web']);
  });

  it('a configured reverse proxy or database image is not a component; a proxy image that serves a built folder is', () => {
    const files = {
      ...goService('ledger'),
      // The repository's own nginx and Postgres images: off-the-shelf servers with a config file copied in.
      'deploy/proxy/Dockerfile':
        'FROM nginx:1.27-alpine\nCOPY nginx.conf /etc/nginx/nginx.conf\nCOPY start.sh /start.sh\nENTRYPOINT ["/start.sh"]\n',
      'deploy/proxy/nginx.conf':
        'events {}\nhttp { server { listen 80; location / { proxy_pass http://ledger:8080; } } }\n',
      'deploy/proxy/start.sh': '#!/bin/sh\nexec nginx -g "daemon off;"\n',
      'db/Dockerfile': 'FROM postgres:16-alpine\nCOPY postgresql.conf /etc/postgresql/postgresql.conf\n',
      'db/postgresql.conf': "listen_addresses = '*'\n",
      // The folder of the database image also holds the schema package the service imports.
      'db/go.mod': 'module example.com/db\n\ngo 1.22\n',
      'db/schema.go': 'package db\n\nconst Accounts = "CREATE TABLE accounts (id bigint primary key)"\n',
    };
    const c = components(files);
    expect(c.list.map((x) => [x.path, x.stack])).toEqual([['.', 'go']]);
    const spa = components({
      ...files,
      'site/package.json': '{"name":"site","scripts":{"build":"vite build"},"dependencies":{"react":"18.3.1"}}',
      'site/index.html': '<div id="root"></div>\n',
      'site/Dockerfile': 'FROM nginx:1.27-alpine\nCOPY dist /usr/share/nginx/html\n',
    });
    expect(spa.list.map((x) => x.id)).toContain('site');
  });
});

describe('facts: components, as the config says', () => {
  const files = {
    ...goService('cart'),
    ...goService('checkout'),
    ...goService('pay'),
    'tools/seed/main.py': 'print("seed")\n',
    'k8s/cart.yaml': deployment('cart', 'example/cart:1'),
    'k8s/checkout.yaml': deployment('checkout', 'example/checkout:1'),
    'k8s/pay.yaml': deployment('pay', 'example/pay:1'),
  };
  const configured = (overrides: Record<string, ComponentOverride>) =>
    new Facts(RepoIndex.fromMemory(files), undefined, { components: overrides }).components;

  it('renames, marks only present, sets the target, and excludes', () => {
    const c = configured({
      cart: { name: 'basket' },
      'src/checkout': { deployed: false },
      pay: { exclude: true, target: 'paas' },
    });
    expect(c.problems).toEqual([]);
    expect(c.list.map((x) => [x.id, x.path, x.deployed, x.target])).toEqual([
      ['basket', 'src/cart', true, 'kubernetes'],
      ['checkout', 'src/checkout', false, 'kubernetes'],
    ]);
    expect(c.byId('checkout')?.why).toBe('only present: marked in the config (components.src/checkout.deployed)');
  });

  it('merges a component into another: its folder joins the view of the one it is merged into', () => {
    const c = configured({ cart: { merge: ['pay'] } });
    expect(c.list.map((x) => x.id)).toEqual(['cart', 'checkout']);
    expect(c.byId('cart')).toMatchObject({
      mounts: ['src/pay'],
      dockerfiles: ['src/cart/Dockerfile', 'src/pay/Dockerfile'],
    });
  });

  it('a folder no component has becomes a component', () => {
    const c = configured({ 'tools/seed': { deployed: true, target: 'vm', name: 'seeder' } });
    expect(c.byId('seeder')).toMatchObject({ path: 'tools/seed', stack: 'python', target: 'vm', deployed: true });
    expect(c.list).toHaveLength(4);
  });

  it('an entry that matches nothing is a problem naming its key', () => {
    const c = configured({ nope: { deployed: false }, cart: { merge: ['ghost'] }, pay: { name: 'cart' } });
    expect(c.problems).toEqual([
      'components.nope: no component has this id or folder, and the repository has no folder nope (components: cart, checkout, pay)',
      'components.cart.merge: no other component "ghost" (components: cart, checkout, pay)',
      'components.pay.name: "cart" is already the id of the component at src/cart',
    ]);
  });

  it('the config and the report know the same deployment targets as the fact', () => {
    const config = ComponentConfigSchema.shape.target.unwrap().options;
    const report = ComponentSchema.shape.target.options;
    expect([...config]).toEqual([...COMPONENT_TARGETS]);
    expect([...report]).toEqual([...COMPONENT_TARGETS]);
  });
});

describe('facts: components, builders other than Docker and Knative Services', () => {
  const javaModule = (dir: string, artifact: string) => ({
    [`${dir}/pom.xml`]: `<project><parent><artifactId>bank</artifactId></parent><artifactId>${artifact}</artifactId></project>`,
    [`${dir}/src/main/java/acme/App.java`]:
      '@SpringBootApplication\npublic class App {\n  public static void main(String[] a) {}\n}\n',
  });
  const skaffoldJib = (image: string, context: string, project: string) =>
    `apiVersion: skaffold/v4beta1\nkind: Config\nbuild:\n  artifacts:\n  - image: ${image}\n    context: ${context}\n    jib:\n      project: ${project}\n      type: maven\n`;

  it('a skaffold jib artifact built from the repository root deploys the module its project names, not the root', () => {
    const c = components({
      'pom.xml':
        '<project><artifactId>bank</artifactId><modules><module>svc/payments</module><module>svc/ledger</module><module>svc/old-monolith</module></modules></project>',
      ...javaModule('svc/payments', 'payments'),
      ...javaModule('svc/ledger', 'ledger-service'),
      ...javaModule('svc/old-monolith', 'old-monolith'),
      // One artifact names its module by path, the other by artifactId; both build from the root (context ../..).
      'svc/payments/skaffold.yaml': skaffoldJib('payments-img', '../..', 'svc/payments'),
      'svc/ledger/skaffold.yaml': skaffoldJib('ledger-img', '../..', ':ledger-service'),
      'deploy/payments.yaml': deployment('payments', 'europe-docker.pkg.dev/acme/bank/payments-img:v1@sha256:0123abcd'),
      'deploy/ledger.yaml': deployment('ledger', 'europe-docker.pkg.dev/acme/bank/ledger-img:v1'),
      // A variant of the manifests kept deeper does not become the reason given.
      'extras/cloudsql/deploy/payments.yaml': deployment('payments', 'payments-img'),
    });
    expect(c.list.map((x) => [x.path, x.stack, x.target, x.deployed])).toEqual([
      ['svc/ledger', 'jvm', 'kubernetes', true],
      ['svc/old-monolith', 'jvm', 'unknown', false],
      ['svc/payments', 'jvm', 'kubernetes', true],
    ]);
    expect(c.list.find((x) => x.path === 'svc/payments')?.why).toBe(
      'deployed: Kubernetes Deployment/payments runs its image (deploy/payments.yaml:10)',
    );
  });

  it('a skaffold ko artifact deploys the Go main package its dir names', () => {
    const c = components({
      ...goService('api'),
      ...goService('worker'),
      'skaffold.yaml':
        'apiVersion: skaffold/v4beta1\nkind: Config\nbuild:\n  artifacts:\n  - image: api-img\n    ko:\n      dir: src/api\n',
      'k8s/api.yaml': deployment('api', 'api-img'),
    });
    expect(c.list.map((x) => [x.path, x.deployed])).toEqual([
      ['src/api', true],
      ['src/worker', false],
    ]);
  });
  it('a Knative Service is a Kubernetes workload whose image resolves to the folder that builds it, unless it shows Cloud Run', () => {
    const knative = (name: string, image: string, extra = '') =>
      `apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: ${name}\n${extra}spec:\n  template:\n    spec:\n      containers:\n        - image: ${image}\n`;
    const c = components({
      ...goService('greeter'),
      ...goService('mailer'),
      ...goService('scratchpad'),
      'config/greeter.yaml': knative('greeter', 'quay.io/acme/greeter:1.0'),
      'config/mailer.yaml': knative('mailer', 'mailer'),
    });
    expect(c.list.map((x) => [x.id, x.target, x.deployed])).toEqual([
      ['greeter', 'kubernetes', true],
      ['mailer', 'kubernetes', true],
      ['scratchpad', 'unknown', false],
    ]);
    expect(c.byId('greeter')?.why).toBe('deployed: Kubernetes Service/greeter runs its image (config/greeter.yaml:9)');
    // With Cloud Run's annotations the same file is a Cloud Run service.
    const run = components({
      ...goService('greeter'),
      ...goService('mailer'),
      'config/greeter.yaml': knative(
        'greeter',
        'quay.io/acme/greeter:1.0',
        '  annotations:\n    run.googleapis.com/ingress: all\n',
      ),
      'config/mailer.yaml': knative('mailer', 'mailer'),
    });
    expect(run.list.map((x) => [x.id, x.target])).toEqual([
      ['greeter', 'paas'],
      ['mailer', 'kubernetes'],
    ]);
  });
  it('one Dockerfile built at several targets is one image per app folder; an all-in-one target ships each of them', () => {
    const pkg = (name: string, scripts: string, deps: string) =>
      `{"name": "@acme/${name}", "scripts": {${scripts}}, "dependencies": {${deps}}}`;
    const c = components({
      'package.json': '{"name": "acme-root", "private": true}',
      'pnpm-workspace.yaml': "packages:\n  - 'packages/*'\n",
      'packages/api-server/package.json': pkg('api-server', '"start": "node dist/main.js"', '"express": "4.19.0"'),
      'packages/api-server/src/main.ts': 'import express from "express";\nexpress().listen(3170);\n',
      'packages/api-server/run.mjs': 'import "./dist/main.js";\n',
      'packages/web-ui/package.json': pkg('web-ui', '"build": "vite build"', '"react": "18.3.0"'),
      'packages/web-ui/index.html': '<div id="root"></div>\n',
      'packages/web-ui/serve.conf': ':80\n',
      'all.Dockerfile': [
        'FROM node:20-alpine AS base',
        'WORKDIR /repo',
        'COPY . .',
        'RUN pnpm install && pnpm -r build',
        'FROM node:20-alpine AS api',
        'COPY --from=base /repo/packages/api-server/run.mjs /srv/run.mjs',
        'CMD ["node", "/srv/run.mjs"]',
        'FROM caddy:2 AS web',
        'COPY --from=base /repo/packages/web-ui/serve.conf /etc/caddy/Caddyfile',
        'COPY --from=base /repo/packages/web-ui/dist /site',
        'FROM node:20-alpine AS bundle',
        'COPY --from=base /repo/packages/api-server/run.mjs /srv/run.mjs',
        'COPY --from=base /repo/packages/web-ui/dist /site',
        '',
      ].join('\n'),
      'docker-compose.yml': [
        'services:',
        '  backend:',
        '    build: {context: ., dockerfile: all.Dockerfile, target: api}',
        '  frontend:',
        '    build: {context: ., dockerfile: all.Dockerfile, target: web}',
        '  everything:',
        '    build: {context: ., dockerfile: all.Dockerfile, target: bundle}',
        '',
      ].join('\n'),
    });
    expect(c.list.map((x) => [x.id, x.path, x.target, x.deployed])).toEqual([
      ['api-server', 'packages/api-server', 'compose', true],
      ['web-ui', 'packages/web-ui', 'compose', true],
    ]);
    expect(c.byId('api-server')?.declared.map((d) => d.note)).toContain('builds image target api (context .)');
    expect(c.byId('web-ui')?.dockerfiles).toEqual(['all.Dockerfile']);
  });
  it('a workspace package whose start script runs a report generator is tooling, not a component nor root code', () => {
    const c = components({
      'package.json': '{"name": "shop", "private": true, "workspaces": ["tools-oss/notices", "tools-oss/changelog"]}',
      // Nx tags it a tool.
      'tools-oss/notices/package.json':
        '{"name": "notices", "scripts": {"build": "tsc", "start": "node dist/main.js"}, "dependencies": {"handlebars": "4.7.9"}}',
      'tools-oss/notices/project.json': '{"name": "notices", "projectType": "application", "tags": ["tool"]}',
      'tools-oss/notices/src/main.ts': 'import { writeFileSync } from "node:fs";\nwriteFileSync("NOTICES.md", "");\n',
      // No tag, no server dependency, nothing listens.
      'tools-oss/changelog/package.json':
        '{"name": "changelog", "scripts": {"start": "node main.js"}, "dependencies": {"axios": "1.15.0"}}',
      'tools-oss/changelog/main.js': 'const axios = require("axios");\naxios.get("https://example.com");\n',
      ...goService('cart'),
      ...goService('orders'),
      'src/cart/chart/Chart.yaml': 'apiVersion: v2\nname: shop-cart-chart\nversion: 1.0.0\n',
      'src/cart/chart/templates/deployment.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "cart.fullname" . }}\nspec:\n  template:\n    spec:\n      containers:\n        - name: cart\n          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n',
      'k8s/orders.yaml': deployment('orders', 'orders'),
    });
    expect(c.list.map((x) => [x.path, x.deployed])).toEqual([
      ['src/cart', true],
      ['src/orders', true],
    ]);
    // A templated workload name reads as the chart's name.
    expect(c.list[0]?.why).toBe(
      'deployed: Helm template Deployment/shop-cart-chart runs its image (src/cart/chart/templates/deployment.yaml:10)',
    );
  });
  it('a workspace package published as a command-line program (bin) makes no root component beside the apps', () => {
    const files = {
      'package.json': '{"name": "ledger", "private": true, "workspaces": ["apps/*", "packages/*"]}',
      'apps/api/package.json':
        '{"name": "@ledger/api", "scripts": {"start": "node dist/index.js", "build": "tsc"}, "dependencies": {"hono": "4.6.0"}}',
      'apps/api/src/index.ts': 'import { Hono } from "hono";\nexport default new Hono();\n',
      'apps/api/fly.toml': 'app = "ledger-api"\n[http_service]\n  internal_port = 3000\n',
      'apps/worker/package.json':
        '{"name": "@ledger/worker", "scripts": {"start": "node dist/worker.js"}, "dependencies": {"bullmq": "5.0.0"}}',
      'apps/worker/src/worker.ts': 'import { Worker } from "bullmq";\nnew Worker("jobs", async () => {});\n',
      'apps/worker/fly.toml': 'app = "ledger-worker"\n',
      // Installed from npm by users; its bin starts a program on their machine.
      'packages/cli/package.json':
        '{"name": "@ledger/cli", "bin": {"ledger": "dist/bin/ledger.js"}, "scripts": {"dev": "tsx bin/ledger.ts", "build": "tsc"}, "dependencies": {"commander": "12.1.0"}}',
      'packages/cli/bin/ledger.ts': '#!/usr/bin/env node\nimport { program } from "commander";\nprogram.parse();\n',
      'packages/db/package.json': '{"name": "@ledger/db", "main": "src/index.ts"}',
      'packages/db/src/index.ts': 'export const url = process.env.DATABASE_URL;\n',
    };
    expect(components(files).list.map((x) => x.path)).toEqual(['apps/api', 'apps/worker']);
    // A program of the repository's own outside every app (a server started from the root) still is.
    const rootServer = {
      ...files,
      'package.json':
        '{"name": "ledger", "private": true, "workspaces": ["apps/*", "packages/*"], "scripts": {"start": "node server.js"}, "dependencies": {"express": "4.21.0"}}',
      'server.js': 'const express = require("express");\nexpress().listen(8080);\n',
    };
    expect(components(rootServer).list.map((x) => x.path)).toEqual(['.', 'apps/api', 'apps/worker']);
  });
  it('a workspace library whose start script only rebuilds it in watch mode is no component, even with server dependencies', () => {
    const c = components({
      'package.json': '{"name": "relay", "private": true, "workspaces": ["apps/*", "libs/*"]}',
      // Shared NestJS code: `start` reaches `tsc -w` through two npm-run hops; it declares library entry points.
      'libs/core/package.json':
        '{"name": "@relay/core", "main": "build/index.js", "typings": "build/index.d.ts", "scripts": {"start": "npm run dev", "dev": "pnpm watch:build", "watch:build": "tsc -p tsconfig.json -w", "build": "tsc -p tsconfig.json"}, "dependencies": {"@nestjs/common": "10.4.1", "bullmq": "5.0.0"}}',
      'libs/core/src/index.ts': 'export const queueName = "events";\n',
      // A real service whose start goes through one hop to node.
      'apps/gateway/package.json':
        '{"name": "@relay/gateway", "main": "dist/main.js", "scripts": {"start": "npm run start:prod", "start:prod": "node dist/main.js", "build": "tsc"}, "dependencies": {"@nestjs/core": "10.4.1", "@relay/core": "workspace:*"}}',
      'apps/gateway/src/main.ts':
        'import { NestFactory } from "@nestjs/core";\nconst app = await NestFactory.create(AppModule);\nawait app.listen(3000);\n',
      // A library built in watch mode by a start script but with no library entry point stays what its deps say.
      'libs/mailer/package.json':
        '{"name": "@relay/mailer", "scripts": {"start": "tsc -w", "build": "tsc"}, "dependencies": {"express": "4.21.0"}}',
      'libs/mailer/src/index.ts': 'import express from "express";\nexport const router = express.Router();\n',
    });
    expect(c.list.map((x) => x.path)).toEqual(['apps/gateway', 'libs/mailer']);
    expect(c.byId('gateway')?.declared.map((d) => d.note)).toContain('workspace app with a start script');
  });
  it("a component's stack is its own manifest's when that is its only ecosystem, not the language with most bytes", () => {
    const c = components({
      'mail/package.json': '{"name": "mail", "scripts": {"build": "tsc"}, "dependencies": {"smtp-server": "3.13.0"}}',
      'mail/src/main.ts': 'import { SMTPServer } from "smtp-server";\nnew SMTPServer({}).listen(25);\n',
      // A copied-in Python helper library with more bytes than the app.
      'mail/src/python/dns/resolver.py': `${'def lookup(name):\n    return name\n'.repeat(200)}`,
      'mail/Dockerfile': 'FROM node:20-slim\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "dist/main.js"]\n',
      // Two ecosystems in one folder: the bytes still decide.
      'site/requirements.txt': 'django==5.0\n',
      'site/package.json': '{"name": "site-assets", "scripts": {"build": "webpack"}}',
      'site/manage.py': `${'import django\n'.repeat(50)}`,
      'site/assets/app.js': 'console.log(1);\n',
      'site/Dockerfile': 'FROM python:3.12\nCOPY . .\nCMD ["gunicorn", "site.wsgi"]\n',
    });
    expect(c.list.map((x) => [x.path, x.stack])).toEqual([
      ['mail', 'node'],
      ['site', 'python'],
    ]);
  });
  it("a component's view of an image built from the root context reads the files it copies from above its folder", () => {
    const repo = RepoIndex.fromMemory({
      'backend/go.mod': 'module example.com/idp\n\ngo 1.22\n',
      'backend/cmd/main.go':
        'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":1411", nil)\n}\n',
      'frontend/package.json':
        '{"name": "idp-frontend", "scripts": {"build": "vite build"}, "devDependencies": {"vite": "5.0.0", "svelte": "4.0.0"}}',
      'frontend/src/main.js': 'console.log("ui");\n',
      'pnpm-workspace.yaml': "packages:\n  - 'frontend'\n",
      'package.json': '{"name": "idp", "private": true}',
      'ops/entry/start.sh': '#!/bin/sh\nchown -R "$PUID" /app/data\nexec su-exec "$PUID:$PGID" "$@"\n',
      'docker/Dockerfile': [
        'FROM node:20-alpine AS ui',
        'WORKDIR /build',
        'COPY ./frontend ./',
        'RUN npm install && npm run build',
        'FROM golang:1.22-alpine AS api',
        'WORKDIR /build',
        'COPY ./backend ./',
        'COPY --from=ui /build/dist ./frontend/dist',
        'WORKDIR /build/cmd',
        'RUN go build -o /build/idp .',
        'FROM alpine:3.20',
        'RUN apk add --no-cache su-exec',
        'COPY --from=api /build/idp /app/idp',
        'COPY ./ops/entry /app/entry',
        'ENTRYPOINT ["sh", "/app/entry/start.sh"]',
        'CMD ["/app/idp"]',
        '',
      ].join('\n'),
      '.github/workflows/release.yml':
        'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          context: .\n          file: docker/Dockerfile\n          tags: ghcr.io/acme/idp:latest\n',
    });
    const list = new Facts(repo).components.list;
    expect(list.map((c) => c.path)).toEqual(['backend', 'frontend']);
    for (const c of list) {
      const v = new RepoView(repo, { base: c.path, exclude: c.excludes, mounts: c.mounts });
      const view = new Facts(v);
      const df = view.dockerfiles.production[0]!;
      // COPY ./backend and ./frontend exist in the root context; go build of ../backend/cmd is not judged from outside.
      expect(dockerfileProblems(v, df)).toEqual([]);
      expect(view.startPath.breaks).toEqual([]);
      // The start script copied from ops/entry drops privileges for the service.
      expect(view.privileges.dropFor(df.path)).toMatchObject({ path: '../ops/entry/start.sh', tool: 'su-exec' });
    }
  });
  it('each of several identical build-push steps of one CI job deploys the image its own step builds', () => {
    const step = (file: string) =>
      `      - name: push ${file}\n        uses: docker/build-push-action@v6\n        with:\n          context: .\n          file: ${file}\n          push: true\n          tags: \${{ steps.meta.outputs.tags }}\n`;
    const c = components({
      ...goService('api'),
      ...goService('mailer'),
      ...goService('sandbox'),
      '.github/workflows/release.yml': `on: push\njobs:\n  images:\n    runs-on: ubuntu-latest\n    steps:\n${step('src/api/Dockerfile')}${step('src/mailer/Dockerfile')}`,
    });
    expect(c.list.map((x) => [x.path, x.deployed, x.deployedBy[0]?.line])).toEqual([
      ['src/api', true, 7],
      ['src/mailer', true, 14],
      ['src/sandbox', false, undefined],
    ]);
  });
  it('a package whose host only publishes its react-email preview is no component: the apps import its templates', () => {
    const c = components({
      'package.json': JSON.stringify({ private: true, workspaces: ['apps/*', 'packages/*'] }),
      'apps/api/package.json': JSON.stringify({
        name: '@acme/api',
        scripts: { start: 'node dist/index.js', build: 'tsc' },
        dependencies: { hono: '^4.6.0', '@acme/email': 'workspace:*' },
      }),
      'apps/api/src/index.ts': "import { Hono } from 'hono';\nconst app = new Hono();\nexport default app;\n",
      'apps/api/railway.json': JSON.stringify({ deploy: { startCommand: 'node dist/index.js' } }),
      'packages/email/package.json': JSON.stringify({
        name: '@acme/email',
        private: true,
        exports: { './emails/*': './emails/*.tsx' },
        scripts: { dev: 'email dev -p 3003', build: 'email build', start: 'email start' },
        dependencies: { 'react-email': '^3.0.0', '@react-email/components': '^0.0.30' },
      }),
      'packages/email/vercel.json': JSON.stringify({ version: 2, github: { enabled: false } }),
      'packages/email/emails/welcome.tsx': 'export default function Welcome() {\n  return <p>Welcome</p>;\n}\n',
    });
    expect(c.list.map((x) => x.path)).not.toContain('packages/email');
    // One deployed component is left: the repository is judged as that one service.
    expect(c.list.map((x) => [x.path, x.deployed])).toEqual([['.', true]]);
  });
  it('a Dockerfile in docker/ that nothing builds and that copies the whole context is built from the folder above', () => {
    const c = components({
      ...FLASK,
      'docker/Dockerfile.web':
        'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["flask", "run"]\n',
      'docker/compose.local.yml': 'services:\n  db:\n    image: postgres:16\n',
    });
    expect(c.list.map((x) => x.path)).toEqual(['.']);
    expect(c.list[0]?.declared.map((d) => d.note)).toContain('builds an image (context .)');
  });
  it("a CI step deploying a folder's package (pnpm --dir apps/proxy exec wrangler deploy) deploys that package, not the root", () => {
    const c = components({
      'package.json': JSON.stringify({ private: true, workspaces: ['apps/*'] }),
      'apps/web/package.json': JSON.stringify({
        name: 'web',
        scripts: { build: 'next build', start: 'next start' },
        dependencies: { next: '15.0.0', react: '19.0.0' },
      }),
      'apps/web/vercel.json': JSON.stringify({ framework: 'nextjs' }),
      'apps/web/app/page.tsx': 'export default function Page() {\n  return <main />;\n}\n',
      'apps/proxy/package.json': JSON.stringify({ name: 'proxy', scripts: { deploy: 'wrangler deploy' } }),
      'apps/proxy/wrangler.toml': 'name = "proxy"\nmain = "src/index.ts"\n',
      'apps/proxy/src/index.ts': 'export default { fetch: () => new Response("ok") };\n',
      '.github/workflows/proxy.yml':
        'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pnpm --dir apps/proxy exec wrangler deploy\n',
    });
    const root = c.list.find((x) => x.path === '.');
    expect(root?.deployedBy.some((d) => d.path === '.github/workflows/proxy.yml') ?? false).toBe(false);
    expect(c.list.find((x) => x.path === 'apps/proxy')?.deployedBy.map((d) => d.path)).toContain(
      '.github/workflows/proxy.yml',
    );
  });
  it('a root deploy step in a job named for a component (deploy-website) deploys that component, even under website/', () => {
    const site = (name: string) => ({
      [`apps/${name}/package.json`]: JSON.stringify({
        name,
        scripts: { build: 'next build', start: 'next start' },
        dependencies: { next: '15.0.0', react: '19.0.0' },
      }),
      [`apps/${name}/app/page.tsx`]: 'export default function Page() {\n  return <main />;\n}\n',
    });
    const c = components({
      'package.json': JSON.stringify({ private: true, workspaces: ['apps/*'] }),
      ...site('website'),
      ...site('console'),
      'apps/website/vercel.json': JSON.stringify({ framework: 'nextjs' }),
      'apps/console/fly.toml': 'app = "console"\n',
      // The Vercel project (and so the folder) is chosen by a secret: only the job's id says which app ships.
      '.github/workflows/release.yml': [
        'on: push',
        'jobs:',
        '  deploy-website:',
        '    runs-on: ubuntu-latest',
        '    env:',
        '      VERCEL_PROJECT_ID: ${{ secrets.VERCEL_PROJECT_ID_MARKETING }}',
        '    steps:',
        '      - run: npx vercel deploy --prod --token=${{ secrets.VERCEL_TOKEN }}',
        '',
      ].join('\n'),
    });
    const website = c.list.find((x) => x.path === 'apps/website');
    expect(website?.deployed).toBe(true);
    expect(website?.deployedBy.map((d) => d.path)).toContain('.github/workflows/release.yml');
    expect(c.list.find((x) => x.path === 'apps/console')?.deployedBy.map((d) => d.path)).not.toContain(
      '.github/workflows/release.yml',
    );
  });
  it("a workspace image pushed by Depot's build-push action whose final stage takes two apps' builds ships both, and is no component of its own", () => {
    const c = components({
      'package.json': JSON.stringify({ private: true, workspaces: ['apps/*', 'packages/*'] }),
      'apps/web/package.json': JSON.stringify({
        name: 'web',
        scripts: { build: 'next build', start: 'next start' },
        dependencies: { next: '15.0.0', react: '19.0.0' },
      }),
      'apps/web/app/page.tsx': 'export default function Page() {\n  return <main />;\n}\n',
      'apps/queue/package.json': JSON.stringify({
        name: 'queue',
        scripts: { start: 'node src/main.mjs' },
        dependencies: { bullmq: '5.0.0' },
      }),
      'apps/queue/src/main.mjs': 'import { Worker } from "bullmq";\nnew Worker("mail", async () => {});\n',
      'packages/db/package.json': JSON.stringify({ name: 'db', main: 'index.ts' }),
      'packages/db/index.ts': 'export const url = process.env.DATABASE_URL;\n',
      'docker/Dockerfile.prod': [
        'FROM node:22-alpine AS builder',
        'WORKDIR /app',
        'COPY . .',
        'RUN npm ci && npm run build --workspaces',
        'FROM node:22-alpine',
        'WORKDIR /app',
        'COPY --from=builder /app/apps/web/.next/standalone ./',
        'COPY --from=builder /app/apps/queue ./apps/queue',
        'CMD ["node", "apps/web/server.js"]',
        '',
      ].join('\n'),
      '.github/workflows/image.yml': [
        'on: push',
        'jobs:',
        '  image:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - uses: depot/build-push-action@v1',
        '        with:',
        '          context: .',
        '          file: docker/Dockerfile.prod',
        '          push: true',
        '          tags: ghcr.io/acme/shop:latest',
        '',
      ].join('\n'),
      'docker-compose.yml': [
        'services:',
        '  web:',
        '    image: ghcr.io/acme/shop:latest',
        '    ports: ["3000:3000"]',
        '  queue:',
        '    image: ghcr.io/acme/shop:latest',
        '    command: ["node", "apps/queue/src/main.mjs"]',
        '',
      ].join('\n'),
      'k8s/shop.yaml': deployment('shop', 'ghcr.io/acme/shop:1.4.0'),
    });
    const queue = c.list.find((x) => x.path === 'apps/queue');
    expect(queue?.deployed).toBe(true);
    expect(queue?.deployedBy.map((d) => d.note)).toContain('the image of shop ships it');
    // The cluster workload running that image runs what it ships too.
    expect(queue?.workloads).toEqual(['k8s/shop.yaml:1']);
    expect(queue?.dockerfiles).toEqual(['docker/Dockerfile.prod']);
    // The root is nothing but that image of the two apps: the apps are the components.
    expect(c.list.map((x) => x.path)).toEqual(['apps/queue', 'apps/web']);
    // Its deployment is theirs to be judged on: it ships with no other component.
    expect(queue?.shippedWith).toBeUndefined();
  });
  it('one build-push step over a matrix builds the image of each row: the Dockerfile and image each row names', () => {
    const c = components({
      ...goService('api'),
      ...goService('mailer'),
      ...goService('sandbox'),
      '.github/workflows/images.yml': [
        'on: push',
        'jobs:',
        '  images:',
        '    runs-on: ubuntu-latest',
        '    strategy:',
        '      matrix:',
        '        include:',
        '          - dockerfile: src/api/Dockerfile',
        '            image: ghcr.io/acme/api',
        '          - dockerfile: src/mailer/Dockerfile',
        '            image: ghcr.io/acme/mailer',
        '    steps:',
        '      - id: meta',
        '        uses: docker/metadata-action@v5',
        '        with:',
        '          images: ${{ matrix.image }}',
        '      - uses: docker/build-push-action@v6',
        '        with:',
        '          context: .',
        '          file: ${{ matrix.dockerfile }}',
        '          push: true',
        '          tags: ${{ steps.meta.outputs.tags }}',
        '',
      ].join('\n'),
    });
    expect(c.list.map((x) => [x.path, x.deployed, x.deployedBy[0]?.path])).toEqual([
      ['src/api', true, '.github/workflows/images.yml'],
      ['src/mailer', true, '.github/workflows/images.yml'],
      ['src/sandbox', false, undefined],
    ]);
  });
  it('an image CI names after the repository (`ghcr.io/${{ github.repository }}`) is the one the manifests give the repository', () => {
    const files = {
      'go.mod': 'module github.com/acme/relay\n\ngo 1.22\n',
      'main.go': 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n',
      Dockerfile:
        'FROM golang:1.22 AS build\nCOPY . .\nRUN go build -o /relay .\nFROM alpine:3.20\nCOPY --from=build /relay /relay\nENTRYPOINT ["/relay"]\n',
      ...goService('probe'),
      '.github/workflows/image.yml':
        'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -t ghcr.io/${{ github.repository }}:${{ github.sha }} . && docker push ghcr.io/${{ github.repository }}:${{ github.sha }}\n',
      'charts/relay/Chart.yaml': 'apiVersion: v2\nname: relay\nversion: 0.1.0\n',
      'charts/relay/values.yaml': 'image:\n  registry: ghcr.io\n  repository: acme/relay\n  tag: "1.0"\n',
      'charts/relay/templates/deployment.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  template:\n    spec:\n      containers:\n        - name: relay\n          image: "{{ .Values.image.registry }}/{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n',
    };
    expect(summary(files).map((x) => [x.path, x.target, x.deployed])).toEqual([
      ['.', 'kubernetes', true],
      ['src/probe', 'unknown', false],
    ]);
    // Without a manifest that names the repository, the workflow's image names nothing.
    const unnamed = { ...files, 'go.mod': 'module relay\n\ngo 1.22\n' };
    expect(summary(unnamed).find((x) => x.path === '.')?.target).not.toBe('kubernetes');
    expect(
      ownGithubRepository(
        RepoIndex.fromMemory({
          'Directory.Build.props':
            '<Project><PropertyGroup><RepositoryUrl>https://github.com/Acme/Relay.git</RepositoryUrl></PropertyGroup></Project>',
        }),
      ),
    ).toBe('acme/relay');
  });
  it('a component its PaaS builds from source ships no image: the Dockerfile beside it only runs it under local compose', () => {
    const f = new Facts(
      RepoIndex.fromMemory({
        'api/requirements.txt': 'flask==3.0.0\ngunicorn==22.0.0\n',
        'api/app.py':
          'from flask import Flask\napp = Flask(__name__)\n\n@app.get("/healthz")\ndef health():\n    return "ok"\n',
        'api/Dockerfile':
          'FROM python:3.12-slim\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["gunicorn", "app:app"]\n',
        'worker/requirements.txt': 'flask==3.0.0\n',
        'worker/app.py': 'from flask import Flask\napp = Flask(__name__)\n',
        'worker/Dockerfile': 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "app.py"]\n',
        'render.yaml':
          'services:\n  - type: web\n    name: api\n    runtime: python\n    rootDir: api\n    healthCheckPath: /healthz\n',
        '.github/workflows/worker.yml':
          'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -t ghcr.io/acme/worker:1 worker && docker push ghcr.io/acme/worker:1\n',
        'docker-compose.yml':
          'services:\n  api:\n    build: ./api\n  worker:\n    build: ./worker\n  db:\n    image: postgres:16\n',
      }),
    );
    const [api, worker] = f.components.list;
    expect([api?.path, api?.target, api?.platformBuilt]).toEqual([
      'api',
      'paas',
      'Render builds it with its native python runtime',
    ]);
    expect(f.forComponent(api!).dockerfiles.production).toEqual([]);
    expect(f.forComponent(api!).dockerfiles.all.map((d) => d.path)).toEqual(['Dockerfile']);
    // CI builds and pushes the worker's image: that image ships.
    expect([worker?.path, worker?.platformBuilt]).toEqual(['worker', undefined]);
    expect(f.forComponent(worker!).dockerfiles.production.map((d) => d.path)).toEqual(['Dockerfile']);
  });

  describe('a workspace image started through the root scripts, or installing its own package', () => {
    const workspace = {
      'package.json': JSON.stringify({
        name: 'studio',
        private: true,
        workspaces: ['packages/*'],
        scripts: {
          start: 'run-script-os',
          'start:windows': 'cd packages/server/bin && run start',
          'start:default': 'cd packages/server/bin && ./run start',
          'start-worker': 'run-script-os',
          'start-worker:default': 'cd packages/server/bin && ./run worker',
        },
      }),
      'pnpm-workspace.yaml': 'packages:\n  - packages/*\n',
      'packages/server/package.json': JSON.stringify({
        name: 'studio',
        bin: { studio: './bin/run' },
        scripts: { start: 'node bin/run start' },
        dependencies: { express: '4.19.0', 'studio-ui': 'workspace:^', 'studio-nodes': 'workspace:^' },
      }),
      'packages/server/bin/run': '#!/usr/bin/env node\nrequire("../dist/index.js");\n',
      'packages/server/src/index.ts': 'import express from "express";\nexpress().listen(3000);\n',
      'packages/ui/package.json': JSON.stringify({
        name: 'studio-ui',
        scripts: { build: 'vite build' },
        dependencies: { react: '18.0.0' },
        devDependencies: { vite: '5.0.0' },
      }),
      'packages/ui/src/main.tsx': 'export const App = () => null;\n',
      'packages/nodes/package.json': JSON.stringify({ name: 'studio-nodes', main: 'dist/index.js' }),
      'packages/nodes/src/index.ts': 'export const nodes = [];\n',
    };

    it('a root image whose CMD runs a root script that enters one package (run-script-os included) is that package', () => {
      const c = components({
        ...workspace,
        Dockerfile:
          'FROM node:22-alpine\nWORKDIR /usr/src/app\nCOPY . .\nRUN pnpm install && pnpm build\nCMD [ "pnpm", "start" ]\n',
        'docker-compose.yml': 'services:\n  studio:\n    build: .\n    ports:\n      - "3000:3000"\n',
      });
      const server = c.list.find((x) => x.path === 'packages/server');
      expect(server).toMatchObject({ deployed: true, target: 'compose' });
      expect(server?.dockerfiles).toContain('Dockerfile');
      expect(c.list.find((x) => x.path === '.')).toBeUndefined();
      // The browser app the server depends on as a workspace package is served by it.
      const ui = c.list.find((x) => x.path === 'packages/ui');
      expect(ui).toMatchObject({ deployed: true, kind: 'frontend' });
      expect(ui?.why).toContain('packages/server depends on it and serves it');
    });

    it("without a start script naming the package, the root image stays the root's", () => {
      const c = components({
        ...workspace,
        'package.json': JSON.stringify({
          name: 'studio',
          private: true,
          workspaces: ['packages/*'],
          scripts: { start: 'run-script-os', 'start:default': 'node tools/launcher.js' },
        }),
        'tools/launcher.js': 'console.log("launch");\n',
        Dockerfile: 'FROM node:22-alpine\nWORKDIR /usr/src/app\nCOPY . .\nRUN pnpm install\nCMD [ "pnpm", "start" ]\n',
        'docker-compose.yml': 'services:\n  studio:\n    build: .\n',
      });
      expect(c.list.find((x) => x.path === '.')?.dockerfiles).toContain('Dockerfile');
      expect(c.list.find((x) => x.path === 'packages/server')?.deployed).toBe(false);
    });

    it('an image installing one of the workspace packages from the registry (npm install -g) ships that package, named by its main process', () => {
      const c = components({
        ...workspace,
        'docker/Dockerfile':
          'FROM node:22-alpine AS build\nRUN npm install -g studio@latest\nFROM node:22-alpine\nCOPY --from=build /usr/local/lib/node_modules /usr/local/lib/node_modules\nCOPY --from=build /usr/local/bin /usr/local/bin\nENTRYPOINT ["studio", "start"]\n',
        'docker/docker-compose.yml':
          'services:\n  studio-worker:\n    build:\n      context: ..\n      dockerfile: docker/Dockerfile\n    command: ["studio", "worker"]\n  studio:\n    build:\n      context: ..\n      dockerfile: docker/Dockerfile\n',
      });
      const server = c.list.find((x) => x.path === 'packages/server');
      expect(server).toMatchObject({ id: 'studio', deployed: true });
      expect(server?.dockerfiles).toContain('docker/Dockerfile');
      // An install of some other tool names no package of the workspace.
      const other = components({
        ...workspace,
        'docker/Dockerfile':
          'FROM node:22-alpine\nRUN npm install -g pm2\nCOPY . .\nCMD ["pm2-runtime", "ecosystem.config.js"]\n',
        'docker/docker-compose.yml':
          'services:\n  app:\n    build:\n      context: ..\n      dockerfile: docker/Dockerfile\n',
      });
      expect(other.list.find((x) => x.path === 'packages/server')?.deployed).toBe(false);
    });
  });

  const FLASK_API = {
    'api/requirements.txt': 'flask==3.0.0\n',
    'api/app.py': 'from flask import Flask\napp = Flask(__name__)\n',
    'api/Dockerfile': 'FROM python:3.12-slim\nCOPY . .\nCMD ["flask", "run"]\n',
  };
  it("one Dockerfile building any program of a Go module (`go build <module>/cmd/$SERVICE_NAME`) is the module's image, named after each program", () => {
    const files = {
      'backend/go.mod': 'module acme/backend\n\ngo 1.23\n',
      'backend/cmd/http/main.go':
        'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n',
      'backend/cmd/sink/main.go': 'package main\n\nfunc main() {}\n',
      'backend/internal/queue/queue.go': 'package queue\n',
      'backend/Dockerfile':
        'FROM golang:1.23-alpine AS build\nWORKDIR /root\nCOPY go.mod .\nCOPY cmd cmd\nCOPY internal internal\nARG SERVICE_NAME\nRUN go build -o service acme/backend/cmd/$SERVICE_NAME\nFROM alpine\nCOPY --from=build /root/service /home/app/service\nENTRYPOINT ["/home/app/service"]\n',
      'web/package.json': JSON.stringify({
        name: 'web',
        scripts: { build: 'vite build' },
        devDependencies: { vite: '5' },
      }),
      'web/src/main.ts': 'export {};\n',
    };
    const compose = (image: string) => ({
      ...FLASK_API,
      'deploy/compose.yaml': `services:\n  api:\n    build: ../api\n  http-acme:\n    image: registry.example.com/acme/${image}:\${HTTP_VERSION}\n`,
    });
    const ofImage = (image: string) =>
      components({ ...files, ...compose(image) }).list.find((c) => c.dockerfiles.includes('backend/Dockerfile'));
    const backend = ofImage('http');
    expect(backend).toMatchObject({ deployed: true, target: 'compose' });
    expect(backend?.images).toEqual(expect.arrayContaining(['http', 'sink']));
    // A compose stack running some other image does not deploy it.
    expect(ofImage('grafana')?.deployed).toBe(false);
  });
});

describe('a second Go program of one module with an image of its own', () => {
  const build = (program: string) =>
    `FROM golang:1.24 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nCOPY cmd/ cmd/\nCOPY pkg/ pkg/\nRUN CGO_ENABLED=0 go build -o /out/app ./cmd/${program}\n\nFROM alpine:3.21\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n`;
  const files = {
    'go.mod': 'module example.org/relay\n\ngo 1.24\n',
    'go.sum': '',
    'cmd/server/main.go': 'package main\n\nimport "example.org/relay/pkg/rtc"\n\nfunc main() { rtc.Serve() }\n',
    'cmd/mock-server/main.go': 'package main\n\nimport "example.org/relay/pkg/rtc"\n\nfunc main() { rtc.Serve() }\n',
    'pkg/rtc/serve.go': 'package rtc\n\nfunc Serve() {}\n',
    Dockerfile: build('server'),
    'cmd/mock-server/Dockerfile': build('mock-server'),
  };

  it('is a component of its own, with the packages its build copies mounted and the module root left its main program', () => {
    const list = components(files).list;
    const mock = list.find((c) => c.path === 'cmd/mock-server');
    expect(mock?.dockerfiles).toEqual(['cmd/mock-server/Dockerfile']);
    expect(mock?.mounts).toEqual(expect.arrayContaining(['go.mod', 'go.sum', 'pkg']));
    // `COPY cmd/ cmd/` holds the main program too: not part of the mock's view.
    expect(mock?.mounts).not.toContain('cmd');
    const root = list.find((c) => c.path === '.');
    expect(root?.dockerfiles).toEqual(['Dockerfile']);
    expect(root?.excludes).toContain('cmd/mock-server');
  });

  it("stays the module's image when the Dockerfile builds another program than the folder it is kept in", () => {
    const list = components({ ...files, 'cmd/mock-server/Dockerfile': build('server') }).list;
    expect(list.map((c) => c.path)).toEqual(['.']);
  });
});

describe('CI builds naming their Dockerfile through a variable', () => {
  it('deploys the Dockerfiles the templated path fits, never the context default', () => {
    const workflow = [
      'on: push',
      'jobs:',
      '  images:',
      '    runs-on: ubuntu-latest',
      '    strategy:',
      '      matrix:',
      '        path: ${{ fromJSON(needs.plan.outputs.released) }}',
      '    steps:',
      '      - uses: docker/build-push-action@v6',
      '        with:',
      '          context: .',
      '          file: ./${{ matrix.path }}/build.Dockerfile',
      '          push: true',
      '',
    ].join('\n');
    const list = summary({
      Dockerfile: 'FROM squidfunk/mkdocs-material:9.5.0\nRUN pip install mkdocs-redirects\n',
      'mkdocs.yml': 'site_name: docs\n',
      ...goService('ledger'),
      'src/ledger/build.Dockerfile':
        'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /ledger ./src/ledger\n\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /ledger /ledger\nENTRYPOINT ["/ledger"]\n',
      '.github/workflows/release.yml': workflow.replace('./${{ matrix.path }}/', './src/${{ matrix.path }}/'),
    });
    expect(list.find((c) => c.path === 'src/ledger')?.deployed).toBe(true);
    expect(list.find((c) => c.path === '.')?.deployed ?? false).toBe(false);
  });

  it("a workload whose image is a placeholder a kustomization renames (kubebuilder's controller:latest) runs the image it is renamed to", () => {
    const c = components({
      ...FLASK,
      Dockerfile: 'FROM python:3.12\nCOPY . .\nCMD ["flask", "run"]\n',
      'operator/go.mod': 'module example.com/shop-operator\n\ngo 1.22\n',
      'operator/cmd/main.go':
        'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8081", nil)\n}\n',
      'operator/Dockerfile':
        'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /manager ./cmd\nFROM gcr.io/distroless/static\nCOPY --from=build /manager /manager\nENTRYPOINT ["/manager"]\n',
      'operator/config/manager/manager.yaml': deployment('controller-manager', 'controller:latest'),
      'operator/config/manager/kustomization.yaml':
        'resources:\n- manager.yaml\nimages:\n- name: controller\n  newName: ghcr.io/acme/shop-operator\n  newTag: 0.4.0\n',
      '.github/workflows/operator.yml':
        'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: docker build -t ghcr.io/acme/shop-operator:${{ github.sha }} operator && docker push ghcr.io/acme/shop-operator:${{ github.sha }}\n',
    }).list.find((x) => x.path === 'operator');
    expect(c).toMatchObject({ target: 'kubernetes', deployed: true });
    expect(c?.deployedBy.map((d) => d.path)).toContain('operator/config/manager/manager.yaml');
  });
});

describe('Container Apps in Bicep', () => {
  it('a Container App runs the unit that the compose service of its image name builds', () => {
    const app = (name: string) => ({
      [`src/${name}/${name}.csproj`]: '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>\n',
      [`src/${name}/Program.cs`]:
        'var app = WebApplication.CreateBuilder(args).Build();\napp.MapGet("/", () => "ok");\napp.Run();\n',
      [`src/${name}/Dockerfile`]: `FROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY out .\nENTRYPOINT ["dotnet", "${name}.dll"]\n`,
    });
    const call = (folder: string) =>
      `param tag string\nvar base = 'ghcr.io/acme/shop-'\n\nmodule app '../modules/app.bicep' = {\n  name: '${folder}'\n  params: {\n    image: '\${base}${folder}:\${tag}'\n  }\n}\n`;
    expect(
      summary({
        ...app('Shop.Orders'),
        ...app('Shop.Billing'),
        'docker-compose.yml':
          'services:\n  shop-orders:\n    build:\n      context: .\n      dockerfile: src/Shop.Orders/Dockerfile\n  shop-billing:\n    build:\n      context: .\n      dockerfile: src/Shop.Billing/Dockerfile\n',
        'infra/modules/app.bicep':
          "param image string\n\nresource app 'Microsoft.App/containerApps@2024-03-01' = {\n  name: 'app'\n  properties: {\n    template: {\n      containers: [ { name: 'app', image: image } ]\n    }\n  }\n}\n",
        'infra/orders/main.bicep': call('orders'),
      }).filter((c) => c.path !== '.'),
    ).toEqual([
      { id: 'shop-billing', path: 'src/Shop.Billing', target: 'compose', deployed: true },
      { id: 'shop-orders', path: 'src/Shop.Orders', target: 'paas', deployed: true },
    ]);
  });
});

describe('facts: components deployed as Linux packages', () => {
  const crate = (dir: string, name: string) => ({
    [`${dir}/Cargo.toml`]: `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\ntokio = "1"\n`,
    [`${dir}/src/main.rs`]:
      '#[tokio::main]\nasync fn main() {\n    loop {\n        tokio::task::yield_now().await;\n    }\n}\n',
  });
  const unitFile = (program: string) =>
    `[Unit]\nDescription=${program}\n\n[Service]\nExecStart=/usr/bin/${program} run\nRestart=always\n`;
  const workspace = {
    'Cargo.toml': '[workspace]\nmembers = ["bin/relay", "bin/archiver"]\n',
    'Cargo.lock': 'version = 4\n',
    ...crate('bin/relay', 'acme-relay'),
    ...crate('bin/archiver', 'acme-archiver'),
    'packaging/acme-relay.service': unitFile('acme-relay'),
    'packaging/acme-archiver.service': unitFile('acme-archiver'),
    'scripts/package.sh': '#!/bin/sh\nset -e\nfor s in relay archiver; do dpkg-deb --build "pkg/$s"; done\n',
  };

  it('each crate whose binary a packaged systemd unit starts is a component on hosts', () => {
    expect(summary(workspace)).toEqual([
      { id: 'archiver', path: 'bin/archiver', target: 'vm', deployed: true },
      { id: 'relay', path: 'bin/relay', target: 'vm', deployed: true },
    ]);
  });

  it('a unit file with no package build deploys nothing', () => {
    const { 'scripts/package.sh': _, ...unpackaged } = workspace;
    expect(summary(unpackaged).map((c) => c.target)).not.toContain('vm');
  });

  it('a crate an image at the root already ships stays in the root component', () => {
    const rooted = {
      ...workspace,
      Dockerfile:
        'FROM rust:1.80 AS build\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\nFROM debian:12-slim\nCOPY --from=build /src/target/release/acme-relay /usr/bin/\nCMD ["acme-relay", "run"]\n',
    };
    expect(summary(rooted).map((c) => c.path)).toEqual(['.']);
  });
});

describe('facts: .NET projects and the images and functions they publish', () => {
  // A web project an Aspire host runs, an Azure Functions project a workflow publishes and deploys, and a console tool
  // nothing deploys.
  const repo = (image?: string) => ({
    'src/Shop.AppHost/Shop.AppHost.csproj':
      '<Project Sdk="Microsoft.NET.Sdk">\n  <Sdk Name="Aspire.AppHost.Sdk" Version="9.1.0" />\n  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n    <IsAspireHost>true</IsAspireHost>\n  </PropertyGroup>\n  <ItemGroup>\n    <ProjectReference Include="..\\Shop.Web\\Shop.Web.csproj" />\n  </ItemGroup>\n</Project>\n',
    'src/Shop.Web/Shop.Web.csproj': `<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup>\n    <TargetFramework>net9.0</TargetFramework>\n${image ? `    <ContainerRepository>${image}</ContainerRepository>\n` : ''}  </PropertyGroup>\n</Project>\n`,
    'src/Shop.Web/Program.cs':
      'var app = WebApplication.CreateBuilder(args).Build();\napp.MapGet("/", () => "shop");\napp.Run();\n',
    'src/Shop.Relay/Shop.Relay.csproj':
      '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <AzureFunctionsVersion>v4</AzureFunctionsVersion>\n    <OutputType>Exe</OutputType>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="Microsoft.Azure.Functions.Worker" Version="2.0.0" />\n  </ItemGroup>\n</Project>\n',
    'src/Shop.Relay/Program.cs':
      'var host = new HostBuilder().ConfigureFunctionsWorkerDefaults().Build();\nhost.Run();\n',
    '.github/workflows/relay.yml':
      'on: push\nenv:\n  PROJECT: src/Shop.Relay\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: dotnet publish "${{ env.PROJECT }}" --output out\n      - uses: Azure/functions-action@v1\n        with:\n          app-name: shop-relay\n          package: out\n',
    'src/Shop.Labels/Shop.Labels.csproj':
      '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n  </PropertyGroup>\n</Project>\n',
    'src/Shop.Labels/Program.cs': 'foreach (var a in args) Console.WriteLine(a);\n',
    // The in-memory repository's folder is "memory": the root component has the name of an image called so.
    'docker-compose.yml': `services:\n  web:\n    image: ghcr.io/acme/${image?.split('/')[1] ?? 'memory'}:latest\n`,
  });
  const targets = (files: Record<string, string>) => Object.fromEntries(summary(files).map((c) => [c.path, c.target]));

  it('the image a project’s ContainerRepository names is that project’s', () => {
    expect(targets(repo('acme/storefront'))['src/Shop.Web']).toBe('compose');
    expect(targets(repo())['src/Shop.Web']).not.toBe('compose');
  });

  it('a compose service pulling an image named like the repository runs the project that publishes it', () => {
    const facts = new Facts(RepoIndex.fromMemory(repo('acme/memory')));
    const services = (p: string) =>
      facts.forComponent(facts.components.list.find((c) => c.path === p)!).compose.services.map((s) => s.name);
    expect(services('src/Shop.Web')).toEqual(['web']);
    expect(services('.')).toEqual([]);
  });

  it('a job that publishes a .NET project and deploys the output to Azure Functions deploys that project', () => {
    expect(targets(repo('acme/storefront'))['src/Shop.Relay']).toBe('serverless');
  });
});

describe('facts: components GoReleaser publishes and a deploy workflow chooses', () => {
  const goProgram = (dir: string) => ({
    [`${dir}/main.go`]: 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n',
  });
  // Dockerfiles that copy a binary GoReleaser compiled, named through a build argument.
  const prebuilt = (bin: string) =>
    `FROM alpine:3.20\nARG TARGETPLATFORM\nARG BINARY=$TARGETPLATFORM/${bin}\nCOPY "\${BINARY}" /usr/local/bin/${bin}\nENTRYPOINT ["/usr/local/bin/${bin}"]\n`;
  const goreleaser = (push: string) =>
    [
      'version: 2',
      'builds:',
      '  - id: gate-bin',
      '    dir: gate',
      '    binary: gate',
      '  - id: relay-bin',
      '    dir: relay',
      '    main: ./cmd/relay',
      '    binary: relay',
      'dockers_v2:',
      '  - id: gate',
      '    ids: [gate-bin]',
      '    images: [acme/gate]',
      '    dockerfile: gate/Dockerfile',
      push,
      '  - id: relay',
      '    ids: [relay-bin]',
      '    images: [acme/relay]',
      '    dockerfile: relay/Dockerfile',
      push,
      '',
    ].join('\n');
  const tunnel = {
    'go.mod': 'module example.com/tunnel\n\ngo 1.22\n',
    ...goProgram('gate'),
    ...goProgram('relay/cmd/relay'),
    'relay/server.go': 'package relay\n',
    'gate/Dockerfile': prebuilt('gate'),
    'relay/Dockerfile': prebuilt('relay'),
  };

  it('an image GoReleaser pushes is the program its builds compile, deployed by the release', () => {
    const c = components({ ...tunnel, '.goreleaser.yaml': goreleaser('    tags: ["{{ .Version }}"]') });
    expect(c.list.map((x) => [x.path, x.deployed, x.why])).toEqual([
      ['gate', true, 'deployed: GoReleaser builds and pushes its image (.goreleaser.yaml:11)'],
      ['relay', true, 'deployed: GoReleaser builds and pushes its image (.goreleaser.yaml:16)'],
    ]);
    expect(c.list.map((x) => x.dockerfiles)).toEqual([['gate/Dockerfile'], ['relay/Dockerfile']]);
    expect(c.list.map((x) => x.images)).toEqual([['gate'], ['relay']]);
  });

  it("a program folder named cmd is its module's program", () => {
    const c = components({
      'backend/go.mod': 'module example.com/idp\n\ngo 1.22\n',
      ...goProgram('backend/cmd'),
      'backend/internal/server.go': 'package internal\n',
      'docker/Dockerfile-prebuilt': prebuilt('idp'),
      'web/package.json': '{"name":"web","scripts":{"build":"vite build"},"dependencies":{"react":"18"}}',
      'web/src/main.tsx': 'export {};\n',
      'web/Dockerfile': 'FROM nginx:1.27\nCOPY dist /usr/share/nginx/html\n',
      'docker-compose.yml': 'services:\n  web:\n    build: web\n',
      '.goreleaser.yaml':
        'builds:\n  - id: idp\n    dir: backend\n    main: ./cmd\ndockers_v2:\n  - ids: [idp]\n    images: [acme/idp]\n    dockerfile: docker/Dockerfile-prebuilt\n',
    });
    expect(c.list.map((x) => [x.path, x.deployed, x.dockerfiles])).toEqual([
      ['backend', true, ['docker/Dockerfile-prebuilt']],
      ['web', true, ['web/Dockerfile']],
    ]);
  });

  it('an image GoReleaser builds without pushing deploys nothing', () => {
    const c = components({
      ...tunnel,
      '.goreleaser.yaml': goreleaser('    skip_push: true'),
      'docker-compose.yml': 'services:\n  gate:\n    image: acme/gate:1\n',
    });
    expect(c.list.map((x) => [x.path, x.deployed])).toEqual([
      ['gate', true],
      ['relay', false],
    ]);
    expect(c.byId('gate')?.why).toBe('deployed: compose service gate runs it (docker-compose.yml:2)');
  });

  const workspace = {
    'package.json': '{"private":true,"workspaces":["packages/*"]}',
    'package-lock.json': '{}',
    ...Object.fromEntries(
      ['api', 'jobs', 'runner'].flatMap((n) => [
        [
          `packages/${n}/package.json`,
          `{"name":"@acme/${n}","private":true,"scripts":{"start":"node dist/index.js"},"dependencies":{"express":"4"}}`,
        ],
        [`packages/${n}/src/index.ts`, 'import express from "express";\nexpress().listen(3000);\n'],
      ]),
    ),
    'packages/api/Dockerfile': 'FROM node:20-slim\nCOPY . .\nCMD ["node", "dist/index.js"]\n',
    'docker-compose.yaml': 'services:\n  api:\n    build:\n      context: packages/api\n',
  };
  const dispatch = (file: string, options: string[]) => ({
    [`.github/workflows/${file}`]: [
      'name: Deploy',
      'on:',
      '  workflow_dispatch:',
      '    inputs:',
      '      service:',
      '        type: choice',
      '        options:',
      ...options.map((o) => `          - ${o}`),
      'jobs:',
      '  deploy:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: ./scripts/rollout.sh ${{ inputs.service }}',
      '',
    ].join('\n'),
  });

  it('a deploy workflow whose service choice names the apps deploys each it names', () => {
    const c = components({ ...workspace, ...dispatch('deploy.yaml', ['jobs', 'runner', 'metering']) });
    expect(c.list.map((x) => [x.path, x.deployed, x.why])).toEqual([
      ['packages/api', true, 'deployed: compose service api runs it (docker-compose.yaml:2)'],
      [
        'packages/jobs',
        true,
        "deployed: the deploy workflow's service choice names it (.github/workflows/deploy.yaml:8)",
      ],
      [
        'packages/runner',
        true,
        "deployed: the deploy workflow's service choice names it (.github/workflows/deploy.yaml:9)",
      ],
    ]);
  });

  it('one option sharing an app name, or a workflow not named for deploying, deploys nothing', () => {
    const one = components({ ...workspace, ...dispatch('deploy.yaml', ['jobs', 'staging', 'production']) });
    expect(one.list.map((x) => [x.path, x.deployed])).toEqual([
      ['packages/api', true],
      ['packages/jobs', false],
      ['packages/runner', false],
    ]);
    const e2e = components({ ...workspace, ...dispatch('e2e.yaml', ['api', 'jobs', 'runner']) });
    expect(e2e.list.filter((x) => x.deployed).map((x) => x.path)).toEqual(['packages/api']);
  });
});

describe('facts: compose services other services extend', () => {
  it('a base service the others extend names no component; the services running it do not rename it either', () => {
    const files = {
      'pyproject.toml': '[project]\nname = "symbols"\ndependencies = ["django>=5"]\n',
      'manage.py': 'import django\n',
      'symbols/wsgi.py': 'from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n',
      'docker/Dockerfile': 'FROM python:3.12-slim\nCOPY . /app\nCMD ["gunicorn", "symbols.wsgi"]\n',
      Procfile: 'web: gunicorn symbols.wsgi\n',
      'frontend/package.json': '{"name":"ui","scripts":{"build":"vite build"},"dependencies":{"react":"18"}}',
      'frontend/src/main.tsx': 'export {};\n',
      'frontend/Dockerfile':
        'FROM node:20 AS b\nCOPY . .\nRUN npm run build\nFROM nginx:1.27\nCOPY --from=b /dist /usr/share/nginx/html\n',
    };
    const compose = (ext: string) =>
      `services:\n  frontend:\n    build: frontend\n  base:\n    build:\n      context: .\n      dockerfile: docker/Dockerfile\n    image: symbols:build\n  web:\n${ext}    command: ["web"]\n`;
    const extended = components({ ...files, 'docker-compose.yml': compose('    extends:\n      service: base\n') });
    expect(extended.list.map((x) => x.id)).toEqual(['symbols', 'frontend']);
    const plain = components({ ...files, 'docker-compose.yml': compose('    image: symbols:build\n') });
    expect(plain.list.map((x) => x.id)).toEqual(['base', 'frontend']);
  });
});

describe('facts: a migration stage of an app shipping the database package it depends on', () => {
  const repo = (webDeps: string) => ({
    'package.json': '{"private":true,"workspaces":["apps/*","packages/*"]}',
    'pnpm-lock.yaml': 'lockfileVersion: 9.0\n',
    'apps/web/package.json': `{"name":"@acme/web","private":true,"scripts":{"build":"next build","start":"next start"},"dependencies":{"next":"15"${webDeps}}}`,
    'apps/web/app/page.tsx': 'export default function Page() { return null }\n',
    'packages/db/package.json':
      '{"name":"@acme/db","private":true,"exports":{".":"./src/index.ts"},"scripts":{"migrate":"drizzle-kit migrate"},"dependencies":{"drizzle-orm":"0.40","pg":"8"}}',
    'packages/db/src/index.ts': 'export const db = 1;\n',
    'apps/web/Dockerfile': [
      'FROM node:22-alpine AS base',
      'WORKDIR /app',
      'COPY . .',
      'FROM base AS migrate',
      'COPY packages/db ./packages/db',
      'WORKDIR /app/packages/db',
      'CMD ["pnpm", "migrate"]',
      'FROM base AS web',
      'COPY apps/web ./apps/web',
      'CMD ["pnpm", "--filter", "@acme/web", "start"]',
      '',
    ].join('\n'),
    'docker-compose.yml':
      'services:\n  migrate:\n    build:\n      context: .\n      dockerfile: ./apps/web/Dockerfile\n      target: migrate\n    restart: "no"\n  web:\n    build:\n      context: .\n      dockerfile: ./apps/web/Dockerfile\n      target: web\n    depends_on: [migrate]\n',
  });

  it('is a job of that app, not a component of its own', () => {
    const c = components(repo(',"@acme/db":"workspace:*"'));
    expect(c.list.map((x) => x.path)).not.toContain('packages/db');
    expect(c.list).toHaveLength(1);
  });

  it('a stage shipping a package the app does not use stays a component', () => {
    const c = components(repo(''));
    expect(c.list.map((x) => x.path)).toContain('packages/db');
  });
});

describe('facts: an all-in-one root image', () => {
  it('is the image of each app it copies in that has none of its own', () => {
    const c = components({
      'package.json': '{"private":true,"workspaces":["apps/*"]}',
      'package-lock.json': '{}',
      ...Object.fromEntries(
        ['api', 'worker'].flatMap((n) => [
          [
            `apps/${n}/package.json`,
            `{"name":"@acme/${n}","private":true,"scripts":{"start":"node dist/main.js"},"dependencies":{"express":"4"}}`,
          ],
          [`apps/${n}/src/main.ts`, 'import express from "express";\nexpress().listen(3000);\n'],
        ]),
      ),
      Dockerfile: [
        'FROM node:22-slim AS build',
        'WORKDIR /app',
        'COPY apps/api/package.json ./apps/api/package.json',
        'COPY apps/worker/package.json ./apps/worker/package.json',
        'COPY package*.json ./',
        'RUN npm ci',
        'COPY . .',
        'RUN npm run build --workspaces',
        'FROM node:22-slim',
        'WORKDIR /app',
        'COPY --from=build /app /app',
        '',
      ].join('\n'),
      '.dockerignore': 'node_modules\n',
      '.github/workflows/deploy.yml': [
        'on:',
        '  workflow_dispatch:',
        '    inputs:',
        '      service:',
        '        type: choice',
        '        options: [api, worker]',
        'jobs:',
        '  ship:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: docker build -t acme/app . && docker push acme/app',
        '      - run: ./rollout.sh ${{ inputs.service }}',
        '',
      ].join('\n'),
    });
    expect(c.list.map((x) => [x.path, x.deployed, x.dockerfiles])).toEqual([
      ['apps/api', true, ['Dockerfile']],
      ['apps/worker', true, ['Dockerfile']],
    ]);
    expect(c.byId('api')?.mounts).toContain('.dockerignore');
  });
});

describe('facts: images copying an Nx build output', () => {
  it('ship the project whose build writes that output', () => {
    const project = (name: string) =>
      JSON.stringify({
        name,
        projectType: 'application',
        targets: { build: { executor: '@nx/webpack:webpack', options: { outputPath: `dist/apps/${name}` } } },
      });
    const image = (name: string) =>
      `FROM node:20-slim\nWORKDIR /app\nCOPY ./dist/apps/${name}/package*.json ./\nRUN npm i --omit=dev\nCOPY ./dist/apps/${name} .\nCOPY ./clickhouse ./clickhouse\nCMD ["node", "main.js"]\n`;
    const c = components({
      'nx.json': '{}',
      'package.json': '{"name":"acme","private":true,"dependencies":{"express":"4"}}',
      'package-lock.json': '{}',
      'apps/api/project.json': project('api'),
      'apps/api/src/main.ts': 'import express from "express";\nexpress().listen(3000);\n',
      'apps/api/Dockerfile': image('api'),
      'apps/proxy/project.json': project('proxy'),
      'apps/proxy/src/main.ts': 'import express from "express";\nexpress().listen(3001);\n',
      'apps/proxy/Dockerfile': image('proxy'),
      'clickhouse/migrations/001.sql': 'CREATE TABLE t (id UInt64) ENGINE = MergeTree ORDER BY id;\n',
      'clickhouse/package.json': '{"name":"migrations","private":true,"scripts":{"migrate":"node run.js"}}',
      'docker-compose.yml':
        'services:\n  api:\n    build:\n      context: .\n      dockerfile: ./apps/api/Dockerfile\n  proxy:\n    build:\n      context: .\n      dockerfile: ./apps/proxy/Dockerfile\n',
    });
    expect(c.list.map((x) => [x.path, x.deployed])).toEqual([
      ['apps/api', true],
      ['apps/proxy', true],
    ]);
  });
});

describe('facts: one Dockerfile installing the crate a build argument names', () => {
  it('is the image of each crate CI builds it for, with the folders the crates share', () => {
    const crate = (name: string) => ({
      [`${name}/Cargo.toml`]: `[package]\nname = "${name}"\nversion = "1.0.0"\n\n[dependencies]\nactix-web = "4"\n`,
      [`${name}/src/main.rs`]:
        'use actix_web::{App, HttpServer};\n#[actix_web::main]\nasync fn main() -> std::io::Result<()> {\n    HttpServer::new(|| App::new()).bind(("0.0.0.0", 8080))?.run().await\n}\n',
    });
    const publish = (name: string) =>
      `      - uses: docker/build-push-action@v6\n        with:\n          context: .\n          push: true\n          tags: acme/${name}:latest\n          build-args: |\n            CRATE=${name}\n            BINARY=${name}\n`;
    const c = components({
      'Cargo.toml': '[workspace]\nmembers = ["connect", "endpoint"]\n',
      'Cargo.lock': '# lock\n',
      ...crate('connect'),
      ...crate('endpoint'),
      'configs/connect.toml.sample': 'port = 8080\n',
      'migrations/001_init.sql': 'CREATE TABLE message (id TEXT PRIMARY KEY);\n',
      Dockerfile:
        'FROM rust:1.80 AS builder\nARG CRATE\nADD . /app\nWORKDIR /app\nRUN cargo install --path $CRATE --locked --root /app\nFROM debian:bookworm-slim\nARG BINARY\nCOPY --from=builder /app/bin /app/bin\nENV BINARY=/app/bin/$BINARY\nCMD ["/bin/sh", "-c", "exec $BINARY"]\n',
      '.github/workflows/publish.yml': `on:\n  push:\n    branches: [main]\njobs:\n  images:\n    runs-on: ubuntu-latest\n    steps:\n${publish('connect')}${publish('endpoint')}`,
    });
    expect(c.list.map((x) => [x.path, x.deployed])).toEqual([
      ['connect', true],
      ['endpoint', true],
    ]);
    expect(c.byId('connect')?.mounts).toEqual(expect.arrayContaining(['configs', 'migrations', 'Cargo.lock']));
  });

  it('says the long-running compose service deploys the app, not the one-off job run first from its image', () => {
    const app = {
      'package.json': '{"name":"board","scripts":{"start":"node server.js"},"dependencies":{"express":"4"}}',
      'package-lock.json': '{}',
      'server.js': 'require("express")().listen(3000);\n',
      Dockerfile:
        'FROM node:22 AS base\nCOPY . .\nFROM base AS migrate\nCMD ["npm","run","db:migrate"]\nFROM base AS web\nCMD ["node","server.js"]\n',
    };
    const compose = (first: string, second: string) => `services:\n${first}${second}`;
    const job = '  db-migrate:\n    build:\n      context: .\n      target: migrate\n    restart: "no"\n';
    const web = '  web:\n    build:\n      context: .\n      target: web\n';
    expect(components({ ...app, 'docker-compose.yml': compose(job, web) }).list[0]?.why).toBe(
      'deployed: compose service web runs it (docker-compose.yml:7)',
    );
    // Only the job runs it: the job still deploys it.
    expect(components({ ...app, 'docker-compose.yml': compose(job, '') }).list[0]?.why).toBe(
      'deployed: compose service db-migrate runs it (docker-compose.yml:2)',
    );
  });

  const goWorkspace = (extra: Record<string, string> = {}) => ({
    'go.work': 'go 1.24\n\nuse (\n\t./base\n\t./ingest\n)\n',
    'base/go.mod': 'module example.com/relay/base\n\ngo 1.24\n',
    'base/main.go':
      'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hash a token for the config file")\n}\n',
    'base/tokens/hash.go': 'package tokens\n\nfunc Hash(s string) string { return s }\n',
    'ingest/go.mod': 'module example.com/relay/ingest\n\ngo 1.24\n',
    'ingest/main.go':
      'package main\n\nimport (\n\t"net/http"\n\n\t"example.com/relay/base/tokens"\n)\n\nfunc main() {\n\t_ = tokens.Hash("x")\n\thttp.ListenAndServe(":8080", nil)\n}\n',
    'ingest.Dockerfile':
      'FROM golang:1.24 AS build\nWORKDIR /app\nCOPY . .\nRUN go build -o /ingest ./ingest\nFROM gcr.io/distroless/base\nCOPY --from=build /ingest /ingest\nENTRYPOINT ["/ingest"]\n',
    'admin/go.mod': 'module example.com/relay/admin\n\ngo 1.24\n',
    'admin/main.go': 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":9090", nil)\n}\n',
    'admin/Dockerfile':
      'FROM golang:1.24 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /admin .\nFROM gcr.io/distroless/base\nCOPY --from=build /admin /admin\nENTRYPOINT ["/admin"]\n',
    'build.sh':
      'docker buildx build -f ingest.Dockerfile -t acme/ingest:latest --push .\ndocker buildx build -t acme/admin:latest --push admin\n',
    ...extra,
  });

  it('a Go workspace module the others import, with a helper main nothing builds, is a library, not a component', () => {
    expect(summary(goWorkspace()).map((c) => [c.path, c.deployed])).toEqual([
      ['admin', true],
      ['ingest', true],
    ]);
    // Built by a script of its own, its program is one of the repository's deployables.
    const built = summary(goWorkspace({ 'tools.sh': 'go build -o bin/hash ./base\n' }));
    expect(built.map((c) => c.path)).toEqual(['admin', 'base', 'ingest']);
  });

  it("an example's Pod running a unit's image does not name the unit", () => {
    const c = components({
      ...goWorkspace(),
      'ingest/examples/k8s/demo_pod.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: github-demo\nspec:\n  containers:\n    - name: main\n      image: acme/ingest:latest\n',
    });
    expect(c.list.map((x) => x.id)).toEqual(['admin', 'ingest']);
  });

  const csproj = (sdk: string, extra = '') =>
    `<Project Sdk="${sdk}">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n  </PropertyGroup>\n${extra}</Project>\n`;
  const appService = {
    'src/Orders.Api/Orders.Api.csproj': csproj('Microsoft.NET.Sdk.Web'),
    'src/Orders.Api/Program.cs':
      'var app = WebApplication.CreateBuilder(args).Build();\napp.MapGet("/", () => "ok");\napp.Run();\n',
    'src/Orders.Jobs/Orders.Jobs.csproj': csproj('Microsoft.NET.Sdk.Worker'),
    'src/Orders.Jobs/Program.cs': 'Host.CreateDefaultBuilder(args).Build().Run();\n',
    'src/Orders.Host/Orders.Host.csproj': csproj(
      'Microsoft.NET.Sdk.Web',
      '  <ItemGroup>\n    <Content Include="..\\Orders.Jobs\\bin\\$(Configuration)\\net8.0\\**\\*">\n      <Link>app_data\\Jobs\\Continuous\\Orders.Jobs\\%(RecursiveDir)%(Filename)%(Extension)</Link>\n    </Content>\n  </ItemGroup>\n',
    ),
    'src/Orders.Api.Client.TestHarness/Orders.Api.Client.TestHarness.csproj': csproj('Microsoft.NET.Sdk'),
    'src/Orders.Api.Client.TestHarness/Program.cs': 'Console.WriteLine("calls the API by hand");\n',
    'azure-pipelines.yml':
      'jobs:\n- job: Build\n  steps:\n  - task: DotNetCoreCLI@2\n    inputs:\n      command: publish\n      projects: src/Orders.Api/Orders.Api.csproj\n  - task: DotNetCoreCLI@2\n    inputs:\n      command: publish\n      projects: src/Orders.Host/Orders.Host.csproj\n- deployment: Deploy\n  environment: PROD\n  strategy:\n    runOnce:\n      deploy:\n        steps:\n        - script: echo zip deploy\n',
  };

  it('.NET projects a deploying pipeline publishes are components; a WebJobs package ships the jobs it links', () => {
    const c = components(appService);
    expect(c.list.map((x) => [x.path, x.deployed, x.why])).toEqual([
      ['src/Orders.Api', true, 'deployed: CI publishes it for the deployment jobs (azure-pipelines.yml:7)'],
      ['src/Orders.Jobs', true, 'deployed: a WebJob the Orders.Host package ships (azure-pipelines.yml:11)'],
    ]);
    // Without a deployment job, publishing alone deploys nothing: the repository stays one component.
    const built = components({
      ...appService,
      'azure-pipelines.yml': appService['azure-pipelines.yml'].replace(/- deployment[\s\S]*$/, ''),
    });
    expect(built.list.map((x) => x.path)).toEqual(['.']);
  });

  it('a Container Apps job that migrates the database deploys no component of its own', () => {
    const app = (name: string, kind: 'containerApps' | 'jobs', image = name) =>
      `resource ${name} 'Microsoft.App/${kind}@2024-03-01' = {\n  name: '${name}'\n  properties: {\n${kind === 'jobs' ? "    configuration: { triggerType: 'Manual' }\n" : ''}    template: { containers: [ { name: '${name}', image: 'ghcr.io/acme/${image}:1.0.0' } ] }\n  }\n}\n`;
    const files = {
      'src/Relay.Api/Relay.Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>\n',
      'src/Relay.Api/Program.cs': 'var app = WebApplication.CreateBuilder(args).Build();\napp.Run();\n',
      Dockerfile:
        'FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nCOPY src ./src\nRUN dotnet publish -o /out src/Relay.Api/Relay.Api.csproj\nFROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY --from=build /out /app\nENTRYPOINT ["dotnet", "/app/Relay.Api.dll"]\n',
      'Dockerfile.migration': 'FROM flyway/flyway:10\nCOPY src/Relay.Persistence/Migrations /flyway/sql\n',
      'src/Relay.Persistence/Migrations/V1__init.sql': 'create table parcel (id bigint primary key);\n',
      '.azure/applications/api/main.bicep': app('api', 'containerApps', 'relay.api'),
    };
    const deployers = (f: Record<string, string>) => components(f).list.flatMap((c) => c.deployedBy.map((d) => d.path));
    const migration = { ...files, '.azure/applications/migration/main.bicep': app('migration', 'jobs') };
    expect(deployers(migration)).not.toContain('.azure/applications/migration/main.bicep');
    expect(deployers(migration)).toContain('.azure/applications/api/main.bicep');
    // Any other job deploys what it runs.
    const report = { ...files, '.azure/applications/nightly-report/main.bicep': app('report', 'jobs') };
    expect(deployers(report)).toContain('.azure/applications/nightly-report/main.bicep');
  });
});

describe('components: Cargo workspaces', () => {
  const crate = (name: string, deps = 'tokio = "1"\n') =>
    `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n${deps}`;
  it('splits one Dockerfile whose stages each copy one cargo binary into the crates that build them', () => {
    const files = {
      'Cargo.toml': '[workspace]\nmembers = ["api", "jobs", "common"]\n',
      'common/Cargo.toml': crate('common'),
      'common/src/lib.rs': 'pub fn id() -> u32 { 1 }\n',
      'api/Cargo.toml': crate('api', 'axum = "0.8"\ntokio = "1"\ncommon = { path = "../common" }\n'),
      'api/src/main.rs':
        'use axum::{routing::get, Router};\n#[tokio::main]\nasync fn main() {\n    let app = Router::new().route("/health", get(|| async { "ok" }));\n    let l = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();\n    axum::serve(l, app).await.unwrap();\n}\n',
      'jobs/Cargo.toml': crate('jobs', 'tokio = "1"\ncommon = { path = "../common" }\n'),
      'jobs/src/main.rs': 'fn main() { loop { std::thread::sleep(std::time::Duration::from_secs(60)); } }\n',
      Dockerfile: [
        'FROM rust:1.82 AS builder',
        'WORKDIR /app',
        'COPY . .',
        'RUN cargo build --release',
        'FROM debian:bookworm-slim AS api',
        'COPY --from=builder /app/target/release/api /usr/local/bin/api',
        'CMD ["/usr/local/bin/api"]',
        'FROM debian:bookworm-slim AS jobs',
        'COPY --from=builder /app/target/release/jobs /usr/local/bin/jobs',
        'CMD ["/usr/local/bin/jobs"]',
        '',
      ].join('\n'),
      'docker-compose.yml':
        'services:\n  api:\n    build:\n      context: .\n      target: api\n  jobs:\n    build:\n      context: .\n      target: jobs\n',
    };
    expect(summary(files).map((c) => c.path)).toEqual(['api', 'jobs']);
  });

  it('takes no root component for a crate that only generates protobuf stubs for the services', () => {
    const service = (name: string) => ({
      [`${name}/Cargo.toml`]: crate(name, 'tonic = "0.12"\ntokio = "1"\n'),
      [`${name}/src/main.rs`]:
        '#[tokio::main]\nasync fn main() {\n    tonic::transport::Server::builder().serve("0.0.0.0:50051".parse().unwrap()).await.unwrap();\n}\n',
      [`${name}/Dockerfile`]: `FROM rust:1.82\nCOPY . .\nRUN cargo build --release\nCMD ["./target/release/${name}"]\n`,
    });
    const files = {
      ...service('alpha'),
      ...service('beta'),
      'proto/Cargo.toml':
        '[package]\nname = "gen"\nversion = "0.1.0"\n\n[[bin]]\nname = "gen"\npath = "gen.rs"\n\n[dependencies]\ntonic-build = "0.12"\n',
      'proto/gen.rs': 'fn main() {\n    tonic_build::compile_protos("./a.proto").unwrap();\n}\n',
      'docker-compose.yml': 'services:\n  alpha:\n    build: ./alpha\n  beta:\n    build: ./beta\n',
    };
    expect(summary(files).map((c) => c.path)).toEqual(['alpha', 'beta']);
    // The same crate with a runtime dependency beside the generator is a program of the repository's.
    const runs = {
      ...files,
      'proto/Cargo.toml': files['proto/Cargo.toml'].replace('tonic-build', 'tokio = "1"\ntonic-build'),
    };
    expect(summary(runs).map((c) => c.path)).toContain('.');
  });
});

describe('facts: components, an image taking only dependency manifests', () => {
  it('an image in a folder of Dockerfiles copying only requirements/<x>.txt is the project’s, not a requirements component', () => {
    const files = {
      'requirements.txt': '-r requirements/app.txt\n',
      'requirements/app.txt': 'django==5.1.4\n',
      'dockerfiles/Dockerfile':
        'FROM python:3.12-slim\nCOPY requirements/app.txt app.txt\nRUN pip install -r app.txt\n',
      'manage.py': 'import django\n',
      'almanac/__init__.py': '',
      'almanac/wsgi.py': 'from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n',
    };
    expect(summary(files).map((c) => c.path)).toEqual(['.']);
  });

  it('a task definition template filled in by the pipeline runs the images of the apps below a root without code', () => {
    const template = (image: string) =>
      `{\n  "family": "svc",\n  "containerDefinitions": [{ "name": "app", "image": "${image}" }]\n}\n`;
    const apps = { ...goService('orders'), ...goService('billing') };
    const placeholder = summary({ ...apps, 'ops/ecs/task-definition.json': template('<IMAGE>') });
    expect(placeholder).toEqual([
      { id: 'billing', path: 'src/billing', target: 'container-service', deployed: true },
      { id: 'orders', path: 'src/orders', target: 'container-service', deployed: true },
    ]);
    // An image of others (a proxy) is no app of ours; and a root with a program of its own keeps the template.
    expect(summary({ ...apps, 'ops/ecs/task-definition.json': template('nginx:1.27') }).map((c) => c.path)).toContain(
      '.',
    );
    const rootProgram = {
      'go.mod': 'module example.com/root\n\ngo 1.22\n',
      'main.go': 'package main\n\nfunc main() {}\n',
    };
    expect(
      summary({ ...apps, ...rootProgram, 'ops/ecs/task-definition.json': template('<IMAGE>') }).map((c) => c.path),
    ).toContain('.');
  });
  it('a workspace app an app imports only for its types is no code it runs (the import is erased when it compiles)', () => {
    const files = (siteImport: string) => ({
      'package.json': '{"private":true,"workspaces":["apps/*"]}',
      'apps/api/package.json':
        '{"name":"@t/api","private":true,"main":"src/index.ts","scripts":{"start":"node dist/server.js"},"dependencies":{"express":"4","pg":"8"}}',
      'apps/api/src/index.ts': "export type { ApiRouter } from './router';\nexport const VERSION = 1;\n",
      'apps/api/src/router.ts':
        "import pg from 'pg';\nexport const router = {};\nexport type ApiRouter = typeof router;\n",
      'apps/api/src/server.ts': "import express from 'express';\nexpress().listen(3000);\n",
      'apps/site/package.json':
        '{"name":"@t/site","private":true,"scripts":{"build":"vite build"},"dependencies":{"@t/api":"*","react":"18"},"devDependencies":{"vite":"5"}}',
      'apps/site/src/main.tsx': `${siteImport}\nexport {};\n`,
    });
    // The site is still a component of its own (a missing one would pass the check below unseen).
    const site = components(files("import type { ApiRouter } from '@t/api';")).byId('site');
    expect(site).toBeDefined();
    expect(site?.uses ?? []).toEqual([]);
    // A value imported from it is code the site runs.
    expect(components(files("import { VERSION } from '@t/api';")).byId('site')?.uses).toEqual(['apps/api']);
  });
});

describe('programs of a Go module whose folder is a component', () => {
  it("see the module's go.mod and go.sum, though another component holds them", () => {
    const main = (name: string) =>
      `package main\n\nimport (\n\t"net/http"\n\t"example.com/svc/pkg/store"\n)\n\nfunc main() {\n\t_ = store.New()\n\thttp.HandleFunc("/${name}", func(w http.ResponseWriter, r *http.Request) {})\n\thttp.ListenAndServe(":8080", nil)\n}\n`;
    const dockerfile = (name: string) =>
      `FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app ./cmd/${name}\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n`;
    const files = {
      'svc/go.mod': 'module example.com/svc\n\ngo 1.22\n',
      'svc/go.sum': '',
      'svc/pkg/store/store.go': 'package store\n\ntype Store struct{}\n\nfunc New() *Store { return &Store{} }\n',
      'svc/cmd/api/main.go': main('api'),
      'svc/cmd/api/Dockerfile': dockerfile('api'),
      'svc/cmd/worker/main.go': main('worker'),
      'svc/cmd/worker/Dockerfile': dockerfile('worker'),
    };
    const facts = new Facts(RepoIndex.fromMemory(files));
    expect(facts.components.list.map((c) => c.path).sort()).toEqual(['svc', 'svc/cmd/api', 'svc/cmd/worker']);
    const api = facts.forComponent(facts.components.byId('api')!);
    expect(api.manifests.manifests.map((m) => m.path)).toEqual(['../../go.mod']);
  });
});

describe("components: a deploy script's helm --set image override", () => {
  it('applies to the chart beside the script, not to every chart of that folder name', () => {
    const service = (name: string) => ({
      [`services/${name}/package.json`]: `{"name":"${name}","scripts":{"start":"node server.js"},"dependencies":{"express":"^4.19.2"}}\n`,
      [`services/${name}/server.js`]:
        "const app = require('express')();\napp.get('/healthz', (_q, s) => s.send('ok'));\napp.listen(8080);\n",
      [`services/${name}/Dockerfile`]: 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n',
      [`services/${name}/deploy.sh`]: `#!/bin/sh\nset -e\ncd "$(dirname "$0")"\nhelm upgrade --install ${name} ./chart --set image.repository="$REGISTRY/${name}"\n`,
      [`services/${name}/chart/Chart.yaml`]: `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`,
      // Both charts were copied from the api's: the values keep its image until the script sets the right one.
      [`services/${name}/chart/values.yaml`]: 'image:\n  repository: registry.example.com/api\n  tag: latest\n',
      [`services/${name}/chart/templates/deployment.yaml`]:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: app\n          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n',
    });
    const files = {
      ...service('api'),
      ...service('web'),
      'docker-compose.yml':
        'services:\n  api:\n    build: ./services/api\n    image: ${REGISTRY:-local}/api:latest\n  web:\n    build: ./services/web\n    image: ${REGISTRY:-local}/web:latest\n',
    };
    const c = components(files);
    const web = c.list.find((x) => x.path === 'services/web');
    expect(web?.target).toBe('kubernetes');
    expect(web?.deployedBy[0]).toMatchObject({ path: 'services/web/deploy.sh', line: 4 });
    const api = c.list.find((x) => x.path === 'services/api');
    expect(api?.deployedBy.map((e) => e.path)).toEqual([
      'services/api/chart/templates/deployment.yaml',
      'docker-compose.yml',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

function kindOf(files: Record<string, string>) {
  return new Facts(RepoIndex.fromMemory(files)).kind;
}

describe('project kind', () => {
  it('an HTTP framework imported by production code makes a service', () => {
    const k = kindOf({
      'app/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
      'requirements.txt': 'fastapi==0.115.0\n',
    });
    expect(k).toMatchObject({ kind: 'service', servesHttp: true, longRunning: true });
    expect(k.evidence[0]).toMatchObject({ path: 'app/main.py', line: 1 });
  });

  it('a framework used only in tests does not make a service', () => {
    const k = kindOf({
      'pyproject.toml': '[project]\nname = "client"\nversion = "1.0"\n',
      'src/client/__init__.py': 'import httpx\n',
      'tests/test_client.py': 'from fastapi import FastAPI\n',
    });
    expect(k.kind).toBe('library');
    expect(k.servesHttp).toBe(false);
  });

  it('a queue worker is a long-running service without HTTP', () => {
    const k = kindOf({
      'worker.py': 'from celery import Celery\napp = Celery("jobs")\n',
      Dockerfile: 'FROM python:3.12\nCMD ["celery", "-A", "worker", "worker"]\n',
    });
    expect(k).toMatchObject({ kind: 'service', servesHttp: false, longRunning: true });
  });

  it('a gem that ships a Thor command class but declares no executables is a library; with exe/ it is a CLI', () => {
    const gem = {
      'jobqueue.gemspec':
        'Gem::Specification.new do |spec|\n  spec.name = "jobqueue"\n  spec.add_dependency "thor"\nend\n',
      Gemfile: 'source "https://rubygems.org"\ngemspec\n',
      'lib/jobqueue.rb': 'require "jobqueue/cli"\n',
      'lib/jobqueue/cli.rb': 'require "thor"\n\nmodule Jobqueue\n  class Cli < Thor\n  end\nend\n',
    };
    expect(kindOf(gem).kind).toBe('library');
    expect(
      kindOf({ ...gem, 'exe/jobqueue': '#!/usr/bin/env ruby\nrequire "jobqueue"\nJobqueue::Cli.start\n' }).kind,
    ).toBe('cli');
  });

  it('a package with bin entry points is a CLI', () => {
    const k = kindOf({
      'package.json': '{"name":"tool","bin":{"tool":"bin/tool.js"},"dependencies":{"commander":"^12.0.0"}}',
      'bin/tool.js': "import { Command } from 'commander';\n",
    });
    expect(k.kind).toBe('cli');
  });

  it('a published package without a server is a library', () => {
    expect(
      kindOf({ 'package.json': '{"name":"left-pad","main":"index.js"}', 'index.js': 'module.exports = (s) => s;\n' })
        .kind,
    ).toBe('library');
    expect(kindOf({ 'go.mod': 'module example.com/lib\n', 'lib.go': 'package lib\n\nfunc F() {}\n' }).kind).toBe(
      'library',
    );
  });

  it('a React app without a server framework is a frontend', () => {
    expect(
      kindOf({
        'package.json': '{"name":"web","private":true,"dependencies":{"react":"18.3.1"}}',
        'src/App.tsx': "import React from 'react';\n",
      }).kind,
    ).toBe('frontend');
  });

  it('workspaces make a monorepo, still serving HTTP when a package does', () => {
    const k = kindOf({
      'package.json': '{"name":"mono","private":true,"workspaces":["packages/*"]}',
      'packages/api/src/server.ts': "import express from 'express';\n",
    });
    expect(k).toMatchObject({ kind: 'monorepo', servesHttp: true });
  });

  it('Go net/http counts only when the code serves', () => {
    expect(
      kindOf({
        'go.mod': 'module x\n',
        'main.go': 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n',
      }).servesHttp,
    ).toBe(true);
    expect(
      kindOf({
        'go.mod': 'module x\n',
        'main.go': 'package main\n\nimport "net/http"\n\nfunc main() { http.Get("https://example.com") }\n',
      }).servesHttp,
    ).toBe(false);
  });
});

describe('languages', () => {
  it('ranks production source by bytes and ignores tests', () => {
    const f = new Facts(
      RepoIndex.fromMemory({
        'a.py': 'x = 1\n'.repeat(50),
        'web/app.ts': 'let a = 1;\n',
        'tests/test_a.go': 'package a\n'.repeat(500),
      }),
    );
    expect(f.languages.primary).toBe('python');
    expect(f.languages.byBytes.map((l) => l.language)).toEqual(['python', 'typescript']);
  });
});

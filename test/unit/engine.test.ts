import { describe, expect, it } from 'vitest';
import { runRules } from '../../src/engine/run.js';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';
import { defineRule } from '../../src/sdk/index.js';
import type { Rule } from '../../src/sdk/types.js';

function rule(id: `${string}.${string}`, check: Rule['check'], extra: Partial<Rule['meta']> = {}): Rule {
  return defineRule({
    meta: {
      id,
      category: 'container',
      title: `${id} title`,
      severity: 'high',
      level: 1,
      docs: { why: 'why', how: 'how', fix: ['do the thing'], effort: 'S' },
      messages: { missing: 'No {{thing}} in {{where}}.' },
      ...extra,
    },
    check,
  });
}

const repo = RepoIndex.fromMemory({
  Dockerfile: 'FROM node:20\nUSER node\n',
  'pyproject.toml': '[project]\nname = "lib"\n',
});

describe('engine', () => {
  it('cites a repeated piece of evidence once, keeping distinct ones in order', () => {
    const twice = rule('container.twice', (ctx) =>
      ctx.gap('missing', [
        ctx.at('Dockerfile', 1, 'base image'),
        ctx.at('Dockerfile', 2, 'user set'),
        ctx.at('Dockerfile', 1, 'base image'),
        ctx.at('Dockerfile', 1, 'another note'),
      ]),
    );
    const [f] = runRules({ repo, rules: [twice] }).findings;
    expect(f!.evidence.map((e) => `${e.line} ${e.note}`)).toEqual(['1 base image', '2 user set', '1 another note']);
  });

  it('turns a throwing rule into an error finding and goes on', () => {
    const boom = rule('container.boom', () => {
      throw new Error('kaboom');
    });
    const ok = rule('container.ok', (ctx) => ctx.pass([ctx.at('Dockerfile', 2, 'user set')]));
    const { findings } = runRules({ repo, rules: [boom, ok] });
    expect(findings.map((f) => [f.ruleId, f.status])).toEqual([
      ['container.boom', 'error'],
      ['container.ok', 'pass'],
    ]);
    expect(findings[0]!.message).toContain('kaboom');
    expect(findings[1]!.evidence).toEqual([
      { kind: 'found', path: 'Dockerfile', line: 2, excerpt: 'USER node', note: 'user set' },
    ]);
    for (const f of findings) expect(f.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('renders gap message templates and attaches remediation only to gaps', () => {
    const gap = rule('container.gap', (ctx) =>
      ctx.gap('missing', [ctx.missing(['X'], 'none')], { data: { thing: 'X', where: 'repo' } }),
    );
    const pass = rule('container.pass', (ctx) => ctx.pass([ctx.at('Dockerfile', 1, 'n')]));
    const [g, p] = runRules({ repo, rules: [gap, pass] }).findings;
    expect(g).toMatchObject({
      status: 'gap',
      message: 'No X in repo.',
      messageId: 'missing',
      remediation: ['do the thing'],
    });
    expect(p!.remediation).toBeUndefined();
  });

  it('an unknown messageId is a rule bug reported as an error', () => {
    const bad = rule('container.bad', (ctx) => ctx.gap('nope', []));
    expect(runRules({ repo, rules: [bad] }).findings[0]!.status).toBe('error');
  });

  it('declared requirements yield n/a with the reason before check() runs', () => {
    let ran = false;
    const needsHttp = rule(
      'container.http',
      (ctx) => {
        ran = true;
        return ctx.pass([]);
      },
      { requires: ['http'] },
    );
    const f = runRules({ repo, rules: [needsHttp] }).findings[0]!;
    expect(ran).toBe(false);
    expect(f.status).toBe('n/a');
    expect(f.message).toMatch(/not an HTTP service/);
  });

  it('applies severity overrides and rule options from settings', () => {
    const opt = rule('container.opt', (ctx) => ctx.pass([ctx.at('Dockerfile', 1, String(ctx.options.minimum))]));
    const f = runRules({
      repo,
      rules: [opt],
      settings: { 'container.opt': { severity: 'low', options: { minimum: 80 } } },
    }).findings[0]!;
    expect(f.severity).toBe('low');
    expect(f.evidence[0]!.note).toBe('80');
  });
});

describe('engine: verdicts of a component', () => {
  const twoServices = RepoIndex.fromMemory({
    'docker-compose.yml':
      'services:\n  orders:\n    build: ./orders\n    ports: ["8080:8080"]\n  billing:\n    build: ./billing\n    ports: ["8081:8081"]\n',
    'orders/package.json':
      '{"name":"orders","dependencies":{"express":"^4.19.0"},"scripts":{"start":"node server.js"}}\n',
    'orders/server.js': "const express = require('express');\nconst app = express();\napp.listen(8080);\n",
    'orders/Dockerfile': 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n',
    'billing/package.json':
      '{"name":"billing","dependencies":{"express":"^4.19.0"},"scripts":{"start":"node server.js"}}\n',
    'billing/server.js': "const express = require('express');\nconst app = express();\napp.listen(8081);\n",
    'billing/Dockerfile': 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n',
    'shared/client.js': 'module.exports = {};\n',
  });

  it("names the files an n/a reason cites by their repository paths, not the component view's", () => {
    const reason = rule(
      'container.reason',
      () => ({
        status: 'n/a',
        message: 'called by ../shared/client.js:1 and started from server.js:3 (a package.json script)',
        evidence: [],
        confidence: 'high',
      }),
      { scope: 'component' },
    );
    const { findings, components } = runRules({ repo: twoServices, rules: [reason] });
    expect(components.map((c) => c.id).sort()).toEqual(['billing', 'orders']);
    const orders = findings.find((f) => f.component === 'orders')!;
    expect(orders.message).toBe(
      'called by shared/client.js:1 and started from orders/server.js:3 (a package.json script)',
    );
  });
});

describe('Facts.derive', () => {
  it('computes a throwing fact once; every later request gets the same error', () => {
    const facts = new Facts(RepoIndex.fromMemory({ 'a.txt': 'x' }));
    let calls = 0;
    const broken = (): never => {
      calls++;
      throw new Error('odd input');
    };
    expect(() => facts.derive(broken)).toThrow('odd input');
    expect(() => facts.derive(broken)).toThrow('odd input');
    expect(calls).toBe(1);
  });
});

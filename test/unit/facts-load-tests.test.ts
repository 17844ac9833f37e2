import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const loadTests = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files)).loadTests.hits;

describe('facts: loadTests', () => {
  it('finds one script per tool, and marks one-off commands as ad hoc', () => {
    const hits = loadTests({
      'load/locustfile.py': 'from locust import HttpUser, task\n',
      'load/checkout.js': "import http from 'k6/http';\nexport default () => http.get('http://shop/checkout');\n",
      'scripts/quick.sh': '#!/bin/sh\nset -e\nwrk -t4 -c64 -d30s http://localhost:8080/\n',
    });
    expect(hits).toEqual([
      { tool: 'Locust', path: 'load/locustfile.py', line: 1, adhoc: false },
      { tool: 'k6', path: 'load/checkout.js', line: 1, adhoc: false },
      { tool: 'wrk/hey/ab', path: 'scripts/quick.sh', line: 3, adhoc: true },
    ]);
  });

  it('an Artillery-looking scenarios: key without a target is not a load test', () => {
    expect(loadTests({ 'spec/flows.yml': 'scenarios:\n  - name: signup\n' })).toEqual([]);
    expect(
      loadTests({ 'load/artillery.yml': 'config:\n  target: http://localhost:3000\nscenarios:\n  - flow: []\n' }),
    ).toEqual([{ tool: 'Artillery', path: 'load/artillery.yml', line: 3, adhoc: false }]);
  });

  it('lists every Locust, k6 and Artillery script file, each once, in path order', () => {
    const facts = new Facts(
      RepoIndex.fromMemory({
        'traffic/b/locustfile.py': 'import random\n',
        'traffic/a/shop.py': 'import os\nfrom locust import HttpUser\nimport locust\n',
        'perf/soak.js': "import http from 'k6/http';\nimport { sleep } from 'k6';\n",
        'perf/run.yml': 'config:\n  target: http://api:8080\nscenarios:\n  - flow: []\n',
        'spec/flows.yml': 'scenarios:\n  - name: signup\n',
        'scripts/bench.sh': 'wrk -t2 -c10 http://localhost/\n',
      }),
    ).loadTests;
    expect(facts.scripts.map((s) => [s.path, s.tool, s.line])).toEqual([
      ['perf/run.yml', 'Artillery', 3],
      ['perf/soak.js', 'k6', 1],
      ['traffic/a/shop.py', 'Locust', 2],
      ['traffic/b/locustfile.py', 'Locust', 1],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const facts = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files));

describe('deps.declared', () => {
  const f = facts({
    'go.mod':
      'module example.com/x\n\ngo 1.22\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.10.0\n\tgithub.com/prometheus/client_golang v1.19.1 // indirect\n)\n',
    'requirements.txt': 'Flask-Talisman==1.1.0\npytest==8.0.0\n',
    'requirements-dev.txt': 'locust==2.0\n',
    'pom.xml':
      '<project><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-actuator</artifactId></dependency></dependencies></project>',
  });

  it('marks Go `// indirect` requirements and never answers with them', () => {
    const indirect = f.manifests.dependencies.find((d) => d.name === 'github.com/prometheus/client_golang');
    expect(indirect?.indirect).toBe(true);
    expect(f.deps.declared(['go', 'github.com/prometheus/client_golang'])).toBeUndefined();
    expect(f.deps.declared(/client_golang/)).toBeUndefined();
    expect(f.deps.declared(['go', 'github.com/gin-gonic/gin'])?.line).toBe(6);
  });

  it('matches Python names normalised, JVM artifactIds alone, and tries names in order', () => {
    expect(f.deps.declared(['python', 'flask_talisman'])?.name).toBe('flask-talisman');
    expect(f.deps.declared(['jvm', 'spring-boot-starter-actuator'])?.manifest).toBe('pom.xml');
    expect(f.deps.declared(['python', 'nope'], ['go', /gin/])?.ecosystem).toBe('go');
  });

  it('development dependencies count only for declaredAnyScope', () => {
    expect(f.manifests.dependencies.find((d) => d.name === 'locust')?.dev).toBe(true);
    expect(f.deps.declared(['python', 'locust'])).toBeUndefined();
    expect(f.deps.declaredAnyScope(['python', 'locust'])?.manifest).toBe('requirements-dev.txt');
  });
});

describe('deps.library', () => {
  const spec = {
    label: 'prometheus_client',
    deps: [['python', 'prometheus-client']] as const,
    imports: ['prometheus_client'],
  };

  it('used: imported by live code; unwired: imported only by code nothing reaches; unused: only declared', () => {
    const used = facts({
      'requirements.txt': 'fastapi\nprometheus-client\n',
      'main.py': 'from fastapi import FastAPI\nimport metrics\napp = FastAPI()\n',
      'metrics.py': 'import prometheus_client\n',
    }).deps.library(spec);
    expect([used.state, used.file, used.line]).toEqual(['used', 'metrics.py', 1]);

    const unwired = facts({
      'requirements.txt': 'fastapi\nprometheus-client\n',
      'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
      'metrics.py': 'import prometheus_client\n',
    }).deps.library(spec);
    expect([unwired.state, unwired.file]).toEqual(['unwired', 'metrics.py']);

    const unused = facts({
      'requirements.txt': 'fastapi\nprometheus-client\n',
      'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
    }).deps.library(spec);
    expect([unused.state, unused.file, unused.line]).toEqual(['unused', 'requirements.txt', 2]);
    expect(facts({ 'main.py': 'x = 1\n' }).deps.library(spec).state).toBe('absent');
  });

  it('importOf knows distributions whose module name differs', () => {
    const f = facts({ 'requirements.txt': 'pyjwt\n', 'auth.py': 'import jwt\n' });
    expect(f.deps.importOf('pyjwt')?.file).toBe('auth.py');
  });
});

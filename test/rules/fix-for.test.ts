// Remediation speaks the component's deployment target: a gap on a Cloud Run service must not ask for a Docker
// HEALTHCHECK or a Kubernetes probe, a Kubernetes service must not be told to edit render.yaml. For every
// component-scoped rule and every target, the lines a gap shows there (`docs.fixFor[target]`, else `docs.fix`) name no
// other target's artefacts.
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import type { ComponentTarget } from '../../src/facts/components.js';

type Target = Exclude<ComponentTarget, 'unknown'>;

/** Words that name one target's own artefacts (Swarm reads compose files, so it counts as compose). */
const VOCABULARY: Record<Target, RegExp> = {
  kubernetes:
    /\bKubernetes\b|\bkubectl\b|\bHelm\b|HorizontalPodAutoscaler|PodDisruptionBudget|ServiceMonitor|terminationGracePeriodSeconds|\bpreStop\b/,
  compose: /docker-compose|\b[Cc]ompose\b/,
  paas: /\bPaaS\b|render\.yaml|fly\.toml|\bRailway\b|railway\.json|\bHeroku\b|App Platform|App Engine|Cloud Run/,
  serverless: /\bServerless:|\bLambda\b|serverless\.yml|\bSAM\b|Cloudflare Workers|Workers Analytics/,
  'container-service': /\bECS\b|\bNomad\b/,
  vm: /\bKamal\b|\bCapistrano\b|\bsystemd\b/,
};
const TARGETS = Object.keys(VOCABULARY) as Target[];

/** Targets where the rule itself answers n/a (its docs say why), so no remediation is ever shown there. */
const NOT_APPLICABLE: Record<string, Target[]> = {
  'container.healthcheck': ['serverless'],
  'api.readiness': ['serverless'],
  'resilience.graceful-shutdown': ['serverless'],
};

/** Rules whose subject is one target: they name it on every target they are judged for. */
const SUBJECT: Record<string, Target> = {
  'deploy.k8s': 'kubernetes',
  'deploy.k8s-probes': 'kubernetes',
  'deploy.k8s-resources': 'kubernetes',
};

const componentRules = rules.filter((r) => r.meta.scope === 'component');

describe('remediation per deployment target', () => {
  it('covers every component-scoped rule', () => {
    expect(componentRules.length).toBeGreaterThan(30);
  });

  it('gives per-target remediation (docs.fixFor) to every rule whose general advice names a target', () => {
    const missing = componentRules
      .filter((r) => {
        const text = r.meta.docs.fix.join('\n');
        return TARGETS.some((t) => t !== SUBJECT[r.meta.id] && VOCABULARY[t].test(text));
      })
      .filter((r) => !r.meta.docs.fixFor)
      .map((r) => r.meta.id);
    expect(missing).toEqual([]);
  });

  for (const rule of componentRules) {
    it(`${rule.meta.id}: a component on each target is told only about that target`, () => {
      const wrong: string[] = [];
      for (const target of TARGETS) {
        if (NOT_APPLICABLE[rule.meta.id]?.includes(target)) continue;
        const lines = rule.meta.docs.fixFor?.[target] ?? rule.meta.docs.fix;
        for (const other of TARGETS) {
          if (other === target || other === SUBJECT[rule.meta.id]) continue;
          for (const line of lines)
            if (VOCABULARY[other].test(line)) wrong.push(`${target} is shown ${other} advice: ${line}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }

  it('keeps fixFor to known targets, each with at least one line', () => {
    for (const rule of rules)
      for (const [target, lines] of Object.entries(rule.meta.docs.fixFor ?? {})) {
        expect([...TARGETS, 'unknown']).toContain(target);
        expect(lines?.length, `${rule.meta.id} fixFor.${target}`).toBeGreaterThan(0);
      }
  });
});

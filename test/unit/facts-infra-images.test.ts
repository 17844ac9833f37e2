import { describe, expect, it } from 'vitest';
import { isInfraServiceImage, isInfraWorkloadImage, isServerBaseImage } from '../../src/facts/infra-images.js';

describe('infra images: one list, three questions', () => {
  it('a compose service image is infrastructure by its exact short name or a store hint', () => {
    expect(isInfraServiceImage('postgres')).toBe(true);
    expect(isInfraServiceImage('cp-kafka')).toBe(true);
    expect(isInfraServiceImage('bitnami-postgresql')).toBe(true);
    expect(isInfraServiceImage('keycloak')).toBe(true);
    // Exact names: an app image that merely starts like one is not infrastructure.
    expect(isInfraServiceImage('temporal-worker')).toBe(false);
    expect(isInfraServiceImage('orders-api')).toBe(false);
  });

  it('a Kubernetes container image is infrastructure by prefix', () => {
    expect(isInfraWorkloadImage('postgres-exporter')).toBe(true);
    expect(isInfraWorkloadImage('grafana-agent')).toBe(true);
    expect(isInfraWorkloadImage('busybox')).toBe(true);
    expect(isInfraWorkloadImage('checkoutservice')).toBe(false);
    // Names only the compose list holds are not skipped as workloads.
    expect(isInfraWorkloadImage('temporal-worker')).toBe(false);
  });

  it('a server base image is matched on its whole image path', () => {
    expect(isServerBaseImage('nginx')).toBe(true);
    expect(isServerBaseImage('nginxinc/nginx-unprivileged')).toBe(true);
    expect(isServerBaseImage('minio/minio')).toBe(true);
    expect(isServerBaseImage('node')).toBe(false);
    expect(isServerBaseImage('nginx-custom')).toBe(false);
  });
});

import { escapeRegExp } from '../repo/text.js';

/**
 * Off-the-shelf images: databases, caches, brokers, search engines, reverse proxies, observability backends, local
 * stand-ins for cloud services and bare base images. A project runs them beside its own code; it does not build them.
 * One list, three questions asked of it (each entry says which it answers):
 *
 * - `service`: a compose service running this image (its short name, exactly) is infrastructure beside the app.
 * - `workload`: a Kubernetes container whose image short name starts with this name runs infrastructure, not an image
 *   a component builds (a prefix: `postgres-exporter`, `grafana-agent` are infrastructure too).
 * - `server`: a server or store a one-stage Dockerfile may only configure (`FROM nginx` with an nginx.conf copied in),
 *   matched on the image path (`image` when it is not the bare name).
 */
type Use = 'service' | 'workload' | 'server';

interface OffTheShelf {
  name: string;
  use: Use[];
  /** The image path a Dockerfile's FROM names, when it is not the bare name (`minio/minio`). */
  image?: string;
}

const ALL: Use[] = ['service', 'workload', 'server'];

const OFF_THE_SHELF: OffTheShelf[] = [
  // Databases and their pools.
  { name: 'postgres', use: ALL },
  { name: 'postgis', use: ALL, image: 'postgis/postgis' },
  { name: 'mysql', use: ALL },
  { name: 'mariadb', use: ALL },
  { name: 'mongo', use: ALL },
  { name: 'mongodb', use: ['service'] },
  { name: 'cassandra', use: ['service'] },
  { name: 'couchdb', use: ['service'] },
  { name: 'neo4j', use: ['service'] },
  { name: 'influxdb', use: ['service'] },
  { name: 'timescaledb', use: ['service'] },
  { name: 'mssql-server', use: ['service'] },
  { name: 'clickhouse-server', use: ['service', 'server'], image: 'clickhouse/clickhouse-server' },
  { name: 'pgbouncer', use: ['service'] },
  // Caches.
  { name: 'redis', use: ALL },
  { name: 'valkey', use: ['service', 'server'] },
  { name: 'memcached', use: ALL },
  // Brokers and workflow engines.
  { name: 'rabbitmq', use: ALL },
  { name: 'kafka', use: ['service', 'workload'] },
  { name: 'cp-kafka', use: ['service'] },
  { name: 'zookeeper', use: ['service', 'workload'] },
  { name: 'cp-zookeeper', use: ['service'] },
  { name: 'redpanda', use: ['service'] },
  { name: 'nats', use: ['service', 'workload'] },
  { name: 'temporal', use: ['service'] },
  // Search and vector stores.
  { name: 'elasticsearch', use: ALL },
  { name: 'opensearch', use: ALL },
  { name: 'kibana', use: ['service'] },
  { name: 'logstash', use: ['service'] },
  { name: 'meilisearch', use: ['service'] },
  { name: 'typesense', use: ['service'] },
  { name: 'qdrant', use: ['service'] },
  { name: 'chroma', use: ['service'] },
  // Object storage.
  { name: 'minio', use: ALL, image: 'minio/minio' },
  // Web servers and reverse proxies.
  { name: 'nginx', use: ALL },
  { name: 'nginx-unprivileged', use: ['server'], image: 'nginxinc/nginx-unprivileged' },
  { name: 'httpd', use: ['server'] },
  { name: 'caddy', use: ALL },
  { name: 'haproxy', use: ALL },
  { name: 'traefik', use: ALL },
  { name: 'envoy', use: ['workload', 'server'] },
  // Observability backends and collectors.
  { name: 'grafana', use: ['service', 'workload'] },
  { name: 'prometheus', use: ['service', 'workload'] },
  { name: 'loki', use: ['service'] },
  { name: 'tempo', use: ['service'] },
  { name: 'jaeger', use: ['service', 'workload'] },
  { name: 'all-in-one', use: ['service'] },
  { name: 'otel', use: ['service', 'workload'] },
  { name: 'opentelemetry-collector', use: ['service', 'workload'] },
  { name: 'opentelemetry-collector-contrib', use: ['service'] },
  // Identity, secrets and coordination.
  { name: 'keycloak', use: ['service'] },
  { name: 'vault', use: ['service', 'workload'] },
  { name: 'consul', use: ['service', 'workload'] },
  { name: 'etcd', use: ['service', 'workload'] },
  { name: 'cloud-sql-proxy', use: ['workload'] },
  // Local stand-ins and admin consoles for development.
  { name: 'localstack', use: ['service', 'workload'] },
  { name: 'mailhog', use: ['service', 'workload'] },
  { name: 'mailpit', use: ['service', 'workload'] },
  { name: 'adminer', use: ['service', 'workload'] },
  { name: 'pgadmin', use: ['workload'] },
  { name: 'pgadmin4', use: ['service'] },
  { name: 'wiremock', use: ['service'] },
  { name: 'azurite', use: ['service'] },
  { name: 'dynamodb-local', use: ['service'] },
  // Bare base images and utility images (an init step, a sidecar running curl).
  { name: 'busybox', use: ['workload'] },
  { name: 'alpine', use: ['workload'] },
  { name: 'curl', use: ['workload'] },
  { name: 'bitnami', use: ['workload'] },
  { name: 'ubuntu', use: ['workload'] },
  { name: 'debian', use: ['workload'] },
  // A Job or hook patching the cluster (storing a generated key in a Secret): kubectl, not the service.
  { name: 'kubectl', use: ['workload'] },
];

const named = (use: Use) => OFF_THE_SHELF.filter((x) => x.use.includes(use));
const alternation = (xs: string[]) => xs.map(escapeRegExp).join('|');

const SERVICE_NAMES = new Set(named('service').map((x) => x.name));
/** Short names that name a store or broker whatever their prefix or suffix (`bitnami-postgresql`, `my-redis`). */
const SERVICE_HINT = /postgres|mysql|redis|mongo|kafka|rabbit|elastic/;
const WORKLOAD_PREFIX = new RegExp(`^(${alternation(named('workload').map((x) => x.name))})`);
const SERVER_IMAGE = new RegExp(`(?:^|\\/)(?:${alternation(named('server').map((x) => x.image ?? x.name))})$`);

/** A compose service's image (its short name: `postgres`, `cp-kafka`) is infrastructure beside the app. */
export function isInfraServiceImage(shortName: string): boolean {
  return SERVICE_NAMES.has(shortName) || SERVICE_HINT.test(shortName);
}

/** A Kubernetes container's image (its short name) runs infrastructure, not an image a component builds. */
export function isInfraWorkloadImage(shortName: string): boolean {
  return WORKLOAD_PREFIX.test(shortName);
}

/** An off-the-shelf server or store image a Dockerfile may be built on (its FROM image path, without the tag). */
export function isServerBaseImage(image: string): boolean {
  return SERVER_IMAGE.test(image);
}

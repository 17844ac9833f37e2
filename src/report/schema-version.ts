/**
 * The JSON report contract's version (`readiness audit --format json`), apart from the zod schema in schema.ts: the
 * audit writes it into every report, and building the schema's objects at start-up cost ~20 ms of CPU an audit does
 * not otherwise need. Bump it on any breaking change to schema.ts; adding optional fields is not breaking.
 */
export const SCHEMA_VERSION = 1;

import { z } from 'zod';

const severity = z.enum(['critical', 'high', 'medium', 'low']);

export const RuleConfigSchema = z.union([
  z.enum(['off', 'on']),
  z.boolean(),
  z.strictObject({
    enabled: z.boolean().optional(),
    severity: severity.optional(),
    options: z.record(z.string(), z.unknown()).optional(),
  }),
]);

export const ConfigSchema = z.strictObject({
  /** Exit 1 when the overall score is below this (the CLI's --min-score wins). */
  minScore: z.number().int().min(0).max(100).optional(),
  /** Globs (relative to the audited root) left out of the audit, on top of the defaults. */
  ignore: z.array(z.string()).optional(),
  /** Per-rule settings keyed by rule id: 'off', or { severity, options }. */
  rules: z.record(z.string(), RuleConfigSchema).optional(),
  /** Largest file read, in bytes (default 1 MiB). */
  maxFileSize: z.number().int().positive().optional(),
});

export type Config = z.infer<typeof ConfigSchema>;
export type RuleConfig = z.infer<typeof RuleConfigSchema>;

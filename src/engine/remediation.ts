import type { Facts } from '../facts/index.js';
import { ecosystemOf, type Ecosystem } from '../facts/languages.js';

/**
 * Stacks a remediation line may address, by the label it starts with ("Rust: …", "Spring Boot: …", ".NET: …").
 * `grpc` is a protocol rather than a language: its lines ("gRPC: …") are shown to services that serve gRPC.
 */
export type Stack = Ecosystem | 'dotnet' | 'elixir' | 'grpc';

const LABEL_STACK: [RegExp, Stack][] = [
  [/^(python|django|flask|fastapi|sqlalchemy|celery|litestar)$/i, 'python'],
  [/^(node|node\.js|nestjs|express|fastify|typescript|javascript|next\.js|js|ts)$/i, 'node'],
  [/^go$/i, 'go'],
  [/^(java|kotlin|spring|spring boot|gradle|maven|jvm|java\/kotlin)$/i, 'jvm'],
  [/^(ruby|rails|sinatra|hanami)$/i, 'ruby'],
  [/^(rust|axum|actix-web|actix|rocket|tonic|cargo)$/i, 'rust'],
  [/^(\.net|asp\.net core|asp\.net|c#|dotnet|ef core|aspire)$/i, 'dotnet'],
  [/^(php|laravel|symfony)$/i, 'php'],
  [/^(elixir|phoenix)$/i, 'elixir'],
  [/^grpc$/i, 'grpc'],
];

/** The stacks a remediation line is written for, from its label (`Python/SQLAlchemy:` → python); none for general advice. */
export function stacksOfFix(line: string): Stack[] {
  const label = /^([^:]{1,30}):\s/.exec(line)?.[1];
  if (!label) return [];
  const parts = label.split('/').map((p) => p.trim());
  const out = new Set<Stack>();
  for (const p of parts) {
    const hit = LABEL_STACK.find(([re]) => re.test(p));
    if (!hit) return [];
    out.add(hit[1]);
  }
  return [...out];
}

/** The stacks the service is written in: its server frameworks' languages, else its primary language. */
export function projectStacks(facts: Facts): Set<Stack> {
  const out = new Set<Stack>();
  for (const f of facts.frameworks.http) {
    out.add(f.language === 'jvm' ? 'jvm' : (f.language as Stack));
    if (f.name === 'grpc' || f.name === 'tonic') out.add('grpc');
  }
  if (!out.size) {
    const primary = facts.languages.primary;
    const eco = primary === 'csharp' ? 'dotnet' : primary === 'elixir' ? 'elixir' : ecosystemOf(primary);
    if (eco) out.add(eco);
  }
  return out;
}

/**
 * The fixes to show for a gap: general advice, and the stack-specific lines (labelled "Rust: …") of the stacks the
 * project is written in; lines written for other stacks are left out. Only when that leaves nothing (every line is
 * written for another stack), or the stack is unknown, is every line kept (the reader picks).
 */
export function remediationFor(fix: readonly string[], stacks: ReadonlySet<Stack>): string[] {
  if (!stacks.size) return [...fix];
  const own = fix.filter((l) => {
    const labels = stacksOfFix(l);
    return !labels.length || labels.some((s) => stacks.has(s));
  });
  return own.length ? own : [...fix];
}

import { describe, expect, it } from 'vitest';
import { remediationFor, stacksOfFix } from '../../src/engine/remediation.js';

const FIX = [
  'Add a limiter at the edge or in the app, keyed by client, with 429 responses.',
  'Python: slowapi or fastapi-limiter.',
  'Node/NestJS: express-rate-limit or @nestjs/throttler.',
  'Rust: tower_governor (axum) or actix-governor.',
  '.NET: AddRateLimiter with a policy and app.UseRateLimiter().',
  'Keep it in sync: a test compares the schema with the example.',
];

describe('stack-aware remediation', () => {
  it('reads the stacks a line is labelled with; general advice has none', () => {
    expect(stacksOfFix('Python/SQLAlchemy: alembic init')).toEqual(['python']);
    expect(stacksOfFix('Spring Boot: add actuator')).toEqual(['jvm']);
    expect(stacksOfFix('ASP.NET Core: MapHealthChecks')).toEqual(['dotnet']);
    expect(stacksOfFix('Keep it in sync: a test')).toEqual([]);
    expect(stacksOfFix('Add a limiter at the edge')).toEqual([]);
  });

  it("keeps general advice and the project's own stack lines only", () => {
    expect(remediationFor(FIX, new Set(['rust']))).toEqual([FIX[0], FIX[3], FIX[5]]);
    expect(remediationFor(FIX, new Set(['dotnet']))).toEqual([FIX[0], FIX[4], FIX[5]]);
    expect(remediationFor(FIX, new Set(['python', 'node']))).toEqual([FIX[0], FIX[1], FIX[2], FIX[5]]);
  });

  it("leaves other stacks' lines out even when none is written for the project stack: general advice remains", () => {
    expect(remediationFor(FIX, new Set(['elixir']))).toEqual([FIX[0], FIX[5]]);
  });

  it('keeps every line when the stack is unknown, or when every line is written for another stack', () => {
    expect(remediationFor(FIX, new Set())).toEqual(FIX);
    const labelledOnly = [FIX[1]!, FIX[3]!];
    expect(remediationFor(labelledOnly, new Set(['go']))).toEqual(labelledOnly);
  });
});

import { describe, expect, it } from 'vitest';
import { enclosingDefinition } from '../../src/facts/code-structure.js';
import { RepoIndex } from '../../src/repo/index.js';

const SOURCE = [
  'const worker = new Worker("emails", async (job) => {',
  '  await send(job.data);',
  '});',
  '',
  'const config = await loadConfig({',
  '  onReload: () => {',
  '    restart();',
  '  },',
  '});',
  '',
  'export const handler = defineEventHandler(async (event) => {',
  '  return event.path;',
  '});',
  '',
  'const queue = new Queue("emails");',
  'queue.add("welcome", {});',
].join('\n');

const at = (line: number) => enclosingDefinition(RepoIndex.fromMemory({ 'src/jobs.ts': SOURCE }), 'src/jobs.ts', line);

describe('enclosingDefinition: const x = f(…) holding a callback', () => {
  it('a constructor call whose callback holds the line is the definition around it', () => {
    expect(at(2)).toEqual({ name: 'worker', line: 1 });
  });
  it('an awaited call too', () => {
    expect(at(7)?.name).toBe('config');
  });
  it('a plain call, as before', () => {
    expect(at(12)).toEqual({ name: 'handler', line: 11 });
  });
  it('a statement after a finished constructor call is not inside it', () => {
    expect(at(16)).toBeUndefined();
  });
});

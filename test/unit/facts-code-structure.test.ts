import { describe, expect, it } from 'vitest';
import { enclosingDefinition, enclosingJsMethod } from '../../src/facts/code-structure.js';
import { RepoIndex } from '../../src/repo/index.js';

const SOURCE = [
  'const worker = new Worker("emails", async (job) => {',
  '  await send(job.data);',
  '});',
  '',
  'async function purge() {',
  '  const deleted = await db.rows.deleteMany({',
  '    where: { old: true },',
  '  });',
  '}',
  '',
  'export const handler = defineEventHandler(async (event) => {',
  '  return event.path;',
  '});',
  '',
  'const client = new Mailer({',
  '  host: "smtp",',
  '});',
].join('\n');

const at = (line: number) => enclosingDefinition(RepoIndex.fromMemory({ 'src/jobs.ts': SOURCE }), 'src/jobs.ts', line);

describe('enclosingDefinition: const x = f(…) holding a callback', () => {
  it('a constructor call whose callback holds the line is the definition around it', () => {
    expect(at(2)).toEqual({ name: 'worker', line: 1 });
  });
  it('an awaited call is a value: its lines stay in the function around it', () => {
    expect(at(6)?.name).toBe('purge');
    expect(at(7)?.name).toBe('purge');
  });
  it('a plain call, as before', () => {
    expect(at(12)).toEqual({ name: 'handler', line: 11 });
  });
  it('a constructor call with no callback on its line is not a definition', () => {
    expect(at(16)).toBeUndefined();
  });
});

describe('enclosingDefinition: past a sibling statement that ended above the line', () => {
  const src = [
    'const secret = loadSecret();',
    '',
    'export abstract class TokenCheck {',
    '  async handler(req, res, next) {',
    '    const header = req.get("authorization");',
    '    if (!header) {',
    '      return res.status(401).end();',
    '    }',
    '    const claims = <Claims>verify(header, secret);',
    '  }',
    '}',
    '',
    'const limits = buildLimits({',
    '  max: 10,',
    '});',
    'app.use(limiter(limits));',
  ].join('\n');
  const at = (line: number) => enclosingDefinition(RepoIndex.fromMemory({ 'src/check.ts': src }), 'src/check.ts', line);

  it('looks further up, to a definition less indented than the sibling, and knows abstract classes', () => {
    expect(at(7)).toEqual({ name: 'TokenCheck', line: 3 });
    expect(at(9)).toEqual({ name: 'TokenCheck', line: 3 });
  });

  it('finds nothing for top-level code below a finished statement', () => {
    expect(at(16)).toBeUndefined();
  });
});

describe('enclosingJsMethod: the method of a class around a line', () => {
  const CLASS = [
    'export class Vault {',
    '  private readonly ttl = 60;',
    '',
    '  async open(token: string) {',
    '    if (!token) {',
    '      return undefined;',
    '    }',
    '    return this.decode(token);',
    '  }',
    '',
    '  private async decode(',
    '    token: string,',
    '  ) {',
    '    return token;',
    '  }',
    '}',
  ].join('\n');
  const repo = RepoIndex.fromMemory({ 'src/vault.ts': CLASS });
  const method = (line: number) => {
    const cls = enclosingDefinition(repo, 'src/vault.ts', line);
    return cls && enclosingJsMethod(repo, 'src/vault.ts', line, cls);
  };

  it('names the method whose body holds the line, through nested blocks and a parameter list over several lines', () => {
    expect(method(6)).toEqual({ name: 'open', line: 4 });
    expect(method(8)).toEqual({ name: 'open', line: 4 });
    expect(method(14)).toEqual({ name: 'decode', line: 11 });
  });

  it('finds no method for a field of the class body', () => {
    expect(method(2)).toBeUndefined();
  });

  it('takes no call whose callback opens a block for a method head: the method is further up', () => {
    const timed = [
      'export class Poller {',
      '  start(every: number) {',
      '    setTimeout(() => {',
      '      this.tick();',
      '    }, every);',
      '    this.jobs.forEach(function (job) {',
      '      job.arm();',
      '    });',
      '  }',
      '}',
    ].join('\n');
    const r = RepoIndex.fromMemory({ 'src/poller.ts': timed });
    const at = (line: number) => {
      const cls = enclosingDefinition(r, 'src/poller.ts', line);
      return cls && enclosingJsMethod(r, 'src/poller.ts', line, cls);
    };
    expect(at(4)).toEqual({ name: 'start', line: 2 });
    expect(at(7)).toEqual({ name: 'start', line: 2 });
  });
});

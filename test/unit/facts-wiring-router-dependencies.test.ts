import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { appliedAt } from '../../src/facts/wiring.js';
import { RepoIndex } from '../../src/repo/index.js';

/** A FastAPI service whose router is built by a factory; `body` is that factory's body. */
const service = (body: string[], main = 'app.include_router(make_router())', extra: Record<string, string> = {}) =>
  new Facts(
    RepoIndex.fromMemory({
      ...extra,
      'requirements.txt': 'fastapi==0.115.0\nuvicorn==0.30.6\n',
      Dockerfile: 'FROM python:3.12-slim\nCOPY shop ./shop\nCMD ["uvicorn", "shop.main:app"]\n',
      'shop/__init__.py': '',
      'shop/guard.py': [
        'from fastapi import HTTPException, Request',
        '',
        'async def check_key(request: Request) -> None:',
        '    if request.headers.get("X-Key") != "k":',
        '        raise HTTPException(status_code=401)',
      ].join('\n'),
      'shop/routes.py': [
        'from fastapi import APIRouter, Depends',
        '',
        'from shop.guard import check_key',
        '',
        '',
        'def make_router(open_access: bool = False) -> APIRouter:',
        ...body,
        '',
        '    @router.get("/items")',
        '    async def items() -> list:',
        '        return []',
        '',
        '    return router',
      ].join('\n'),
      'shop/main.py': [
        'from fastapi import FastAPI',
        '',
        'from shop.routes import make_router',
        '',
        'app = FastAPI()',
        main,
      ].join('\n'),
    }),
  );
const guard = { path: 'shop/guard.py', line: 3 };

describe('facts: FastAPI dependencies given to the routers a function builds', () => {
  it('a Depends() appended to a list the router takes is applied once live code calls the factory', () => {
    const facts = service([
      '    deps = []',
      '    if not open_access:',
      '        deps.append(Depends(check_key))',
      '    router = APIRouter(dependencies=deps)',
    ]);
    expect(appliedAt(facts, 'check_key', guard)).toMatchObject({ path: 'shop/routes.py', line: 9 });
  });

  it('a Depends() written in the router call inside the factory counts too', () => {
    const facts = service(['    router = APIRouter(dependencies=[Depends(check_key)])']);
    expect(appliedAt(facts, 'check_key', guard)).toMatchObject({ path: 'shop/routes.py', line: 7 });
  });

  it('not when nothing calls the factory', () => {
    const facts = service(
      ['    deps = [Depends(check_key)]', '    router = APIRouter(dependencies=deps)'],
      'print("no routes")',
    );
    expect(appliedAt(facts, 'check_key', guard)).toBeUndefined();
  });

  it('not when the Depends() is only a default in the signature of a function nothing applies', () => {
    const alone = service(['    router = APIRouter()'], undefined, {
      'shop/unused.py': [
        'from fastapi import Depends',
        '',
        'from shop.guard import check_key',
        '',
        'def unused(dependencies=None, _=Depends(check_key)):',
        '    return dependencies',
      ].join('\n'),
    });
    expect(appliedAt(alone, 'check_key', guard)).toBeUndefined();
  });
});

describe('appliedAt: Flask hooks registered by a call', () => {
  it('takes `app.after_request(fn)` as a request hook applying the function', () => {
    const facts = new Facts(
      RepoIndex.fromMemory({
        'requirements.txt': 'flask==3.0.3\n',
        'web/__init__.py': [
          'from flask import Flask',
          '',
          'def harden(response):',
          '    response.headers["X-Frame-Options"] = "DENY"',
          '    return response',
          '',
          'app = Flask(__name__)',
          'app.after_request(harden)',
          '',
        ].join('\n'),
      }),
    );
    expect(appliedAt(facts, 'harden', { path: 'web/__init__.py', line: 3 })).toMatchObject({
      path: 'web/__init__.py',
      line: 8,
      how: 'request hook',
    });
  });
});

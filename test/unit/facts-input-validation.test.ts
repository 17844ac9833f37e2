import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const validation = (files: Record<string, string>) =>
  new Facts(RepoIndex.fromMemory({ 'requirements.txt': 'fastapi==0.115.6\n', ...files })).inputValidation.validation;

describe('input validation: FastAPI model parameters', () => {
  it('does not take a model a dependency supplies for request data, and reads the body the dependency takes', () => {
    const v = validation({
      'main.py': [
        'from fastapi import Depends, FastAPI',
        'from pydantic import BaseModel',
        'from deps import current_account, checked_order',
        'app = FastAPI()',
        'class Account(BaseModel):',
        '    name: str',
        '@app.get("/me")',
        'def me(account: Account = Depends(current_account)) -> dict:',
        '    return {}',
        '@app.post("/orders")',
        'def order(placed: dict = Depends(checked_order)) -> dict:',
        '    return placed',
        '',
      ].join('\n'),
      'deps.py': [
        'from fastapi import Body',
        'from pydantic import BaseModel',
        'class OrderIn(BaseModel):',
        '    sku: str',
        'def current_account() -> dict:',
        '    return {}',
        'def checked_order(',
        '    order: OrderIn = Body(...),',
        ') -> dict:',
        '    return order.model_dump()',
        '',
      ].join('\n'),
    });
    expect(v?.kind).toBe('fastapi');
    expect(v?.model).toBe('OrderIn');
    expect(v?.route?.path ?? v?.route?.fullPath).toContain('/orders');
    expect(v?.site).toMatchObject({ path: 'deps.py', line: 7 });
  });

  it('takes a model FastAPI builds itself with an empty Depends() as validated request data', () => {
    const v = validation({
      'main.py': [
        'from fastapi import Depends, FastAPI',
        'from pydantic import BaseModel',
        'app = FastAPI()',
        'class Filters(BaseModel):',
        '    page: int = 1',
        '@app.get("/items")',
        'def items(filters: Filters = Depends()) -> list:',
        '    return []',
        '',
      ].join('\n'),
    });
    expect(v?.model).toBe('Filters');
    expect(v?.site).toMatchObject({ path: 'main.py', line: 6 });
  });
});

describe('input validation: APIFairy schemas', () => {
  const flask = (deps: string) =>
    new Facts(
      RepoIndex.fromMemory({
        'requirements.txt': `flask==3.0.3\n${deps}`,
        'app.py': [
          'from flask import Flask',
          'from apifairy import body',
          'from schemas import parcel_schema',
          'app = Flask(__name__)',
          '@app.post("/parcels")',
          '@body(parcel_schema)',
          'def send(args):',
          '    return args',
          '',
        ].join('\n'),
      }),
    ).inputValidation.validation;

  it('takes `@body(schema)` for validation where apifairy is declared, and not where it is not', () => {
    expect(flask('apifairy==1.4.0\n')).toMatchObject({
      how: 'APIFairy request schemas (@body / @arguments)',
      site: { path: 'app.py', line: 6 },
    });
    expect(flask('')?.how ?? '').not.toContain('APIFairy');
  });
});

describe('input validation: FastAPI model families', () => {
  it('reads a subclass of a pydantic model, at any depth, as a model the request fills', () => {
    const files = (base: string) => ({
      'schemas.py': [
        'from pydantic import BaseModel',
        `class ItemFields(${base}):`,
        '    name: str',
        'class ItemIn(ItemFields):',
        '    price: int',
        'class ItemPatch(ItemIn):',
        '    pass',
        '',
      ].join('\n'),
      'main.py': [
        'from fastapi import FastAPI, Request',
        'from schemas import ItemPatch',
        'app = FastAPI()',
        '@app.patch("/items/{item_id}")',
        'def patch_item(request: Request, item_id: int, item: ItemPatch) -> dict:',
        '    return {}',
        '',
      ].join('\n'),
    });
    const v = validation(files('BaseModel'));
    expect(v?.kind).toBe('fastapi');
    expect(v?.model).toBe('ItemPatch');
    // A family whose root is no model (a plain mixin) is no request body.
    expect(validation(files('object'))?.kind).not.toBe('fastapi');
  });
});

describe('input validation: Quart-Schema', () => {
  const quart = (deps: string) => (body: string) =>
    new Facts(
      RepoIndex.fromMemory({
        'pyproject.toml': `[project]\nname = "pond"\nversion = "1.0"\ndependencies = [${deps}]\n`,
        'pond/app.py': [
          'from dataclasses import dataclass',
          'from quart import Quart',
          'from quart_schema import QuartSchema, validate_request',
          'app = Quart(__name__)',
          'QuartSchema(app)',
          '@dataclass',
          'class Fish:',
          '    name: str',
          '@app.post("/fish")',
          body,
          'async def add_fish(data: Fish) -> dict:',
          '    return {"name": data.name}',
          '',
        ].join('\n'),
      }),
    ).inputValidation.validation;

  it("takes `@validate_request(Model)` as the body's validation where quart-schema is declared", () => {
    const v = quart('"quart>=0.19", "quart-schema>=0.20"')('@validate_request(Fish)');
    expect(v).toMatchObject({ kind: 'schema', site: { path: 'pond/app.py', line: 10 } });
    expect(v?.how).toContain('Quart-Schema');
  });

  it('does not take a decorator of that name where quart-schema is not declared', () => {
    const v = quart('"quart>=0.19"')('@validate_request(Fish)');
    expect(v?.how ?? '').not.toContain('Quart-Schema');
  });
});

import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

/** Component lists judged wrong on real repositories (issue #21, components stream), each written as a mini-repository. */
const components = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files)).components;

const RUST_SERVER = {
  'Cargo.toml': '[package]\nname = "keeper"\nversion = "1.0.0"\n\n[dependencies]\naxum = "0.7"\ntokio = "1"\n',
  'Cargo.lock': '# lock\n',
  'src/main.rs':
    'use axum::{routing::get, Router};\n\n#[tokio::main]\nasync fn main() {\n    let app = Router::new().route("/alive", get(|| async { "ok" }));\n    let l = tokio::net::TcpListener::bind("0.0.0.0:8080").await.unwrap();\n    axum::serve(l, app).await.unwrap();\n}\n',
  Dockerfile:
    'FROM rust:1.80 AS build\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\nFROM debian:12-slim\nCOPY --from=build /src/target/release/keeper /keeper\nCMD ["/keeper"]\n',
};

describe('components: end-to-end test setups are not deployed components', () => {
  it('a Playwright folder with its own compose file and Dockerfile is test tooling, and its services do not name the app', () => {
    const c = components({
      ...RUST_SERVER,
      'e2e-browser/.keep': '',
      'playwright/package.json':
        '{"name": "keeper-e2e", "scripts": {"test": "playwright test"}, "devDependencies": {"@playwright/test": "1.48.0"}}',
      'playwright/global-setup.ts': 'export default async function setup() {}\n',
      'playwright/tests/login.spec.ts':
        'import { test } from "@playwright/test";\ntest("logs in", async ({ page }) => { await page.goto("/"); });\n',
      'playwright/docker-compose.yml':
        'services:\n  KeeperPrebuild:\n    image: keeper_prebuilt\n    build:\n      context: ..\n      dockerfile: Dockerfile\n    restart: "no"\n  Runner:\n    image: keeper_runner\n    build:\n      context: compose/runner\n      dockerfile: Dockerfile\n  Playwright:\n    image: keeper_playwright\n    build:\n      context: .\n      dockerfile: compose/playwright/Dockerfile\n',
      'playwright/compose/runner/Dockerfile': 'FROM debian:12-slim\nCOPY run.sh /run.sh\nCMD ["/run.sh"]\n',
      'playwright/compose/runner/run.sh': '#!/bin/sh\nexec /keeper\n',
      'playwright/compose/playwright/Dockerfile':
        'FROM mcr.microsoft.com/playwright:v1.48.0\nCOPY package.json .\nRUN npm install\nCMD ["npx", "playwright", "test"]\n',
    });
    expect(c.list.map((x) => x.id)).toEqual(['keeper']);
    expect(c.single).toBe(true);
    // Built by a test compose file only: that file is not why it is deployed.
    expect(c.list[0]!.why).toBe('the repository is one component');
  });
});

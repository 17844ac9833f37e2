import { describe, expect, it } from 'vitest';
import { clientPrograms } from '../../src/facts/client-programs.js';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const RUST_SERVER = {
  'Cargo.toml': '[package]\nname = "relay"\nversion = "1.0.0"\n\n[dependencies]\naxum = "0.7"\ntokio = "1"\n',
  'Cargo.lock': '# lock\n',
  'src/main.rs':
    'use axum::{routing::get, Router};\n\n#[tokio::main]\nasync fn main() {\n    let app = Router::new().route("/healthz", get(|| async { "ok" }));\n    let l = tokio::net::TcpListener::bind("0.0.0.0:8080").await.unwrap();\n    axum::serve(l, app).await.unwrap();\n}\n',
};

const found = (files: Record<string, string>) =>
  clientPrograms(RepoIndex.fromMemory(files)).map((c) => [c.dir, c.path, c.line, c.note]);

describe('clientPrograms: programs that run inside an editor, a browser or a media centre', () => {
  it('names each kind by the file and line that says what it is', () => {
    expect(
      found({
        ...RUST_SERVER,
        'ide/vscode/package.json': '{\n  "name": "relay-vscode",\n  "engines": {\n    "vscode": "^1.90.0"\n  }\n}\n',
        'ide/jetbrains/build.gradle.kts': 'plugins {\n  id("org.jetbrains.intellij.platform") version "2.0.0"\n}\n',
        'ide/vim/autoload/relay.vim': 'function! relay#start() abort\nendfunction\n',
        'addons/kodi/addon.xml':
          '<addon id="plugin.video.relay" version="1.0.0">\n  <extension point="xbmc.python.pluginsource" library="default.py"/>\n</addon>\n',
        'addons/obsidian/manifest.json': '{\n  "id": "relay-notes",\n  "minAppVersion": "1.5.0"\n}\n',
        'desktop/package.json':
          '{\n  "name": "relay-desktop",\n  "devDependencies": {\n    "electron": "39.0.0"\n  }\n}\n',
        'web/src-tauri/tauri.conf.json': '{"productName": "Relay"}\n',
        'mobile/package.json': '{\n  "name": "relay-mobile",\n  "dependencies": {\n    "expo": "52.0.0"\n  }\n}\n',
        // A React Native library (the framework only as a dev and peer dependency) is a package, not an app.
        'packages/react-native/package.json':
          '{\n  "name": "relay-rn",\n  "peerDependencies": {\n    "react-native": "*"\n  },\n  "devDependencies": {\n    "react-native": "0.76.0"\n  }\n}\n',
        'phone/pubspec.yaml': 'name: relay\ndependencies:\n  flutter:\n    sdk: flutter\n',
        'android/app/build.gradle': 'plugins {\n    id "com.android.application"\n}\n',
        // The Electron wrapper kept in a .NET service's folder is that service's tooling, not a program of its own.
        'service/Relay.Service.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>\n',
        'service/package.json': '{"name": "relay-shell", "dependencies": {"electron": "39.0.0"}}',
      }),
    ).toEqual([
      ['addons/kodi', 'addons/kodi/addon.xml', 2, 'a Kodi add-on (addon.xml)'],
      ['addons/obsidian', 'addons/obsidian/manifest.json', 3, 'an Obsidian plugin (manifest.json minAppVersion)'],
      ['android/app', 'android/app/build.gradle', 2, 'an Android app (com.android.application)'],
      ['desktop', 'desktop/package.json', 4, 'a desktop app (Electron)'],
      ['ide/jetbrains', 'ide/jetbrains/build.gradle.kts', 2, 'a JetBrains IDE plugin (org.jetbrains.intellij)'],
      ['ide/vim', 'ide/vim/autoload/relay.vim', 1, 'a Vim plugin'],
      ['ide/vscode', 'ide/vscode/package.json', 4, 'a VS Code extension (engines.vscode)'],
      ['mobile', 'mobile/package.json', 4, 'a mobile app (expo)'],
      ['phone', 'phone/pubspec.yaml', 4, 'a mobile app (Flutter)'],
      ['web/src-tauri', 'web/src-tauri/tauri.conf.json', 1, 'a desktop app shell (Tauri)'],
    ]);
  });

  it('leaves out SDK packages published from sdk/ and sdks/, but not a build module or a private app kept there', () => {
    expect(
      found({
        ...RUST_SERVER,
        'sdk/python/pyproject.toml': '[project]\nname = "relay-client"\nversion = "1.0.0"\n',
        'sdks/typescript/package.json': '{"name": "@relay/client", "version": "1.0.0"}',
        'sdk/go/go.mod': 'module example.org/relay/sdk/go\n\ngo 1.23\n',
        // A Maven module in sdk/ is usually a module of the application's own reactor.
        'sdk/api/pom.xml': '<project><artifactId>relay-sdk-api</artifactId></project>\n',
        'sdks/playground/package.json': '{"name": "relay-playground", "private": true}',
      }),
    ).toEqual([
      ['sdk/go', 'sdk/go/go.mod', 1, 'an SDK package published from sdk/'],
      ['sdk/python', 'sdk/python/pyproject.toml', 1, 'an SDK package published from sdk/'],
      ['sdks/typescript', 'sdks/typescript/package.json', 1, 'an SDK package published from sdks/'],
    ]);
  });

  it('leaves out packages under client/ when two stacks sit side by side there, not a single one', () => {
    const clients = {
      'client/python/pyproject.toml': '[project]\nname = "relay-client"\nversion = "1.0.0"\n',
      'client/dotnet/Relay/Relay.csproj': '<Project Sdk="Microsoft.NET.Sdk"></Project>\n',
    };
    expect(found({ ...RUST_SERVER, ...clients })).toEqual([
      [
        'client/dotnet/Relay',
        'client/dotnet/Relay/Relay.csproj',
        1,
        'a client package published from client/, one per language',
      ],
      ['client/python', 'client/python/pyproject.toml', 1, 'a client package published from client/, one per language'],
    ]);
    // Two apps of one stack (a web UI and an admin UI) are the repository's own, like a single package there.
    expect(
      found({
        ...RUST_SERVER,
        'client/web/package.json': '{"name": "relay-web"}',
        'client/admin/package.json': '{"name": "relay-admin"}',
      }),
    ).toEqual([]);
    expect(found({ ...RUST_SERVER, 'client/python/pyproject.toml': clients['client/python/pyproject.toml'] })).toEqual(
      [],
    );
  });

  it('takes a WebExtension manifest kept in public/ as the package above it, and leaves a web app manifest alone', () => {
    expect(
      found({
        ...RUST_SERVER,
        'browser/package.json': '{"name": "relay-browser", "scripts": {"build": "vite build"}}',
        'browser/public/manifest.json':
          '{\n  "manifest_version": 3,\n  "name": "Relay",\n  "background": {"service_worker": "bg.js"}\n}\n',
        'web/package.json': '{"name": "relay-web", "scripts": {"build": "vite build"}}',
        // A plugin crate kept in a folder named plugin/ is no Vim plugin.
        'examples/plugin/Cargo.toml': '[package]\nname = "relay-plugin"\nversion = "0.1.0"\n',
        'web/public/manifest.json': '{\n  "name": "Relay",\n  "display": "standalone",\n  "start_url": "/"\n}\n',
      }),
    ).toEqual([['browser', 'browser/public/manifest.json', 2, 'a browser extension (manifest.json manifest_version)']]);
  });

  it('names packages published from clients/ (not a private app there) by the more precise kind when there is one, and keeps only the outermost folder', () => {
    expect(
      found({
        ...RUST_SERVER,
        'clients/agent/package.json': '{"name": "relay-agent", "bin": {"relay-agent": "dist/cli.js"}}',
        'clients/vscode/package.json': '{"name": "relay-vscode", "engines": {"vscode": "^1.90.0"}}',
        'clients/vscode/webview/package.json': '{"name": "relay-webview", "devDependencies": {"wxt": "0.20.0"}}',
        'clients/sdk-go/go.mod': 'module example.com/relay/clients/sdk-go\n\ngo 1.22\n',
        'clients/admin/package.json': '{"name": "relay-admin", "private": true, "scripts": {"build": "next build"}}',
        'client/package.json': '{"name": "relay-ui", "scripts": {"build": "vite build"}}',
      }),
    ).toEqual([
      ['clients/agent', 'clients/agent/package.json', 1, 'a client package published from clients/'],
      ['clients/sdk-go', 'clients/sdk-go/go.mod', 1, 'a client package published from clients/'],
      ['clients/vscode', 'clients/vscode/package.json', 1, 'a VS Code extension (engines.vscode)'],
    ]);
  });

  it('never names the repository itself (an extension repository is what it audits)', () => {
    expect(found({ 'package.json': '{"name": "ext", "engines": {"vscode": "^1.90.0"}}' })).toEqual([]);
  });
});

describe('components: client programs are left out of the component that holds them', () => {
  it('the one root component leaves out a VS Code extension, says why, and is no longer the repository as it is', () => {
    const c = new Facts(
      RepoIndex.fromMemory({
        ...RUST_SERVER,
        'editors/vscode/package.json':
          '{\n  "name": "relay-vscode",\n  "engines": {\n    "vscode": "^1.90.0"\n  }\n}\n',
        'editors/vscode/src/extension.ts': 'export function activate() {}\n',
      }),
    ).components;
    expect(c.list.map((x) => [x.id, x.path, x.excludes])).toEqual([['relay', '.', ['editors/vscode']]]);
    expect(c.list[0]!.leftOut).toEqual([
      {
        dir: 'editors/vscode',
        path: 'editors/vscode/package.json',
        line: 4,
        note: 'editors/vscode: a VS Code extension (engines.vscode)',
      },
    ]);
    expect(c.single).toBe(false);
    expect(c.owner('editors/vscode/src/extension.ts')).toBeUndefined();
    expect(c.owner('src/main.rs')?.id).toBe('relay');
  });

  it('a desktop app that is a component of its own keeps its Tauri shell', () => {
    const c = new Facts(
      RepoIndex.fromMemory({
        ...RUST_SERVER,
        Dockerfile:
          'FROM rust:1.80 AS build\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\nFROM debian:12-slim\nCOPY --from=build /src/target/release/relay /relay\nCMD ["/relay"]\n',
        'pnpm-workspace.yaml': 'packages:\n  - apps/*\n',
        'package.json': '{"name": "relay-monorepo", "private": true}',
        'apps/desktop/package.json':
          '{"name": "relay-desktop", "scripts": {"build": "vite build"}, "dependencies": {"react": "19.0.0"}, "devDependencies": {"vite": "6.0.0"}}',
        'apps/desktop/src/main.tsx': 'export const App = () => null;\n',
        'apps/desktop/src-tauri/tauri.conf.json': '{"productName": "Relay"}\n',
        'apps/desktop/src-tauri/src/main.rs': 'fn main() {}\n',
      }),
    ).components;
    const desktop = c.list.find((x) => x.path === 'apps/desktop');
    expect(desktop?.excludes).toEqual([]);
    expect(desktop?.leftOut).toBeUndefined();
    // The root, which holds the app, leaves nothing of it out but the app itself (a component of its own).
    expect(c.list.find((x) => x.path === '.')?.excludes).toEqual(['apps/desktop']);
  });

  it('a repository without client programs is still judged as it is', () => {
    const c = new Facts(RepoIndex.fromMemory(RUST_SERVER)).components;
    expect(c.single).toBe(true);
    expect(c.list[0]!.leftOut).toBeUndefined();
  });
});

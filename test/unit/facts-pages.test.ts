import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const pages = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files)).pages;

describe('pages fact', () => {
  it('Go templates are pages only under html/template: a text/template generator renders none', () => {
    const server = (pkg: string) => ({
      'go.mod': 'module example.org/site\n\ngo 1.24\n',
      'main.go': [
        'package main',
        '',
        `import "${pkg}"`,
        '',
        'var page = template.Must(template.New("page").Parse(`<h1>{{ .Title }}</h1>`))',
        '',
        'func main() { _ = page }',
      ].join('\n'),
    });
    expect(pages(server('text/template')).serverRendered).toBeUndefined();
    expect(pages(server('html/template')).serverRendered).toMatchObject({ path: 'main.go', line: 5 });
  });

  it('Flask templates rendered by a route are server-side pages, preferred over a mail template', () => {
    const p = pages({
      'requirements.txt': 'flask==3.0.3\n',
      'app.py': [
        'from flask import Flask, render_template',
        'from mail import welcome',
        'app = Flask(__name__)',
        '@app.route("/")',
        'def index():',
        '    return render_template("index.html")',
      ].join('\n'),
      'mail.py': 'from flask import render_template\ndef welcome():\n    return render_template("mail.txt")\n',
    });
    expect(p.serverRendered).toMatchObject({ path: 'app.py', line: 6 });
    expect(p.crossOriginClient).toBeUndefined();
  });

  it('a JSON-only FastAPI service renders nothing; a front end whose API URL comes from build-time env is cross-origin', () => {
    const p = pages({
      'requirements.txt': 'fastapi==0.115.0\n',
      'main.py': 'from fastapi import FastAPI\napp = FastAPI()\n@app.get("/items")\ndef items():\n    return []\n',
      'web/src/client.ts': 'export const base = import.meta.env.VITE_API_URL;\n',
    });
    expect(p.serverRendered).toBeUndefined();
    expect(p.servedFrontend).toBeUndefined();
    expect(p.crossOriginClient).toMatchObject({ path: 'web/src/client.ts', line: 1 });
  });

  it('an empty-string fallback for the API URL keeps the front end on its own origin', () => {
    const p = pages({
      'web/src/client.ts': 'export const base = import.meta.env.VITE_API_URL ?? "";\n',
    });
    expect(p.crossOriginClient).toBeUndefined();
  });

  it('a Rails app with HTML views renders its pages; an API-only one does not', () => {
    const files = {
      Gemfile: 'source "https://rubygems.org"\ngem "rails"\n',
      'config/application.rb': 'module A\n  class Application < Rails::Application\n  end\nend\n',
      'app/views/home/index.html.erb': '<h1>Hi</h1>\n',
    };
    expect(pages(files).serverRendered).toMatchObject({ path: 'app/views/home/index.html.erb' });
    const apiOnly = {
      ...files,
      'config/application.rb':
        'module A\n  class Application < Rails::Application\n    config.api_only = true\n  end\nend\n',
    };
    expect(pages(apiOnly).serverRendered).toBeUndefined();
  });
});

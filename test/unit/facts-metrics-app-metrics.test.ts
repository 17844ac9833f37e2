import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const dotnet = (program: string) =>
  new Facts(
    RepoIndex.fromMemory({
      'Api/Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>',
      'Api/Program.cs': program,
    }),
  ).metrics.dotnet;

describe('facts: App.Metrics in ASP.NET Core', () => {
  it("reads App.Metrics' endpoints as metrics served for scraping, whatever the file imports", () => {
    const m = dotnet(
      'var app = WebApplication.CreateBuilder(args).Build();\napp.UseMetricsAllEndpoints();\napp.Run();\n',
    );
    expect(m?.site.line).toBe(2);
    expect(m?.exporter?.line).toBe(2);
    expect(m?.confidence).toBeUndefined();
  });

  it("reads Convey's UseMetrics() as its App.Metrics endpoint, low as a settings switch decides", () => {
    const m = dotnet(
      'using Convey.Metrics.AppMetrics;\nvar app = WebApplication.CreateBuilder(args).Build();\napp.UseMetrics();\napp.Run();\n',
    );
    expect([m?.site.line, m?.confidence, m?.label]).toEqual([3, 'low', "Convey's App.Metrics /metrics endpoint"]);
  });

  it("leaves a UseMetrics() of the project's own and the framework's AddMetrics() alone", () => {
    const m = dotnet(
      'var builder = WebApplication.CreateBuilder(args);\nbuilder.Services.AddMetrics();\nvar app = builder.Build();\napp.UseMetrics();\napp.Run();\n',
    );
    expect(m).toBeUndefined();
  });
});

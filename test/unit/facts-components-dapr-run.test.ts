import { describe, expect, it } from 'vitest';
import { daprRunApps } from '../../src/facts/components.js';
import { RepoIndex } from '../../src/repo/index.js';

describe('daprRunApps: apps the Dapr CLI starts beside their sidecars', () => {
  it("reads a multi-app run template's appDirPath relative to the template, and dapr run lines of scripts", () => {
    const apps = daprRunApps(
      RepoIndex.fromMemory({
        'run/dapr.yaml':
          'version: 1\napps:\n  - appID: quotes\n    appDirPath: ../src/Quotes/\n  - appID: gone\n    appDirPath: ../src/Removed/\n',
        'src/Quotes/Quotes.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web" />\n',
        'src/Ledger/Ledger.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web" />\n',
        'src/Tools/Tools.csproj': '<Project Sdk="Microsoft.NET.Sdk" />\n',
        'scripts/up.sh':
          '#!/bin/sh\nroot=$(pwd)\ndapr run --app-id ledger -- dotnet run --project "$root"/src/Ledger/Ledger.csproj\n' +
          '# a plain run without a sidecar is not one of them\ndotnet run --project src/Tools/Tools.csproj\n',
      }),
    );
    expect(apps.map((a) => [a.dir, a.path, a.line])).toEqual([
      ['src/Quotes', 'run/dapr.yaml', 4],
      ['src/Ledger', 'scripts/up.sh', 3],
    ]);
  });

  it('leaves a YAML named dapr.yaml without apps, and a dapr run starting no .NET project, alone', () => {
    const apps = daprRunApps(
      RepoIndex.fromMemory({
        'deploy/dapr.yaml': 'apiVersion: dapr.io/v1alpha1\nkind: Configuration\nmetadata:\n  name: tracing\n',
        'scripts/py.sh': 'dapr run --app-id py -- python app.py --project x\n',
        'app.py': 'print(1)\n',
      }),
    );
    expect(apps).toEqual([]);
  });
});

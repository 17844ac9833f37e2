import { describe, expect, it } from 'vitest';
import { CommandResolver, detectCi, psakeArgs, withWorkflowEnv } from '../../src/facts/ci.js';
import { RepoIndex } from '../../src/repo/index.js';

const ci = (files: Record<string, string>) => detectCi(RepoIndex.fromMemory(files));
const tools = (ms: { tool: string }[]) => ms.map((m) => m.tool);

describe('detectCi: systems and steps', () => {
  it('reads Concourse task files and pipelines; a task file no pipeline names runs from a pipeline kept elsewhere', () => {
    const task = 'platform: linux\nrun:\n  path: sh\n  args: [-exc, "go test ./..."]\n';
    const alone = ci({ 'ci/tasks/unit.yml': task });
    expect(alone.configs.map((c) => c.system)).toEqual(['concourse']);
    expect(alone.tests).toMatchObject([{ tool: 'go test', state: 'limited', line: 2 }]);
    const piped = ci({
      'ci/tasks/unit.yml': task,
      'ci/pipeline.yml':
        'jobs:\n- name: check\n  plan:\n  - get: app\n    trigger: true\n  - task: unit\n    file: app/ci/tasks/unit.yml\n',
    });
    expect(piped.tests).toMatchObject([{ tool: 'go test', state: 'active', path: 'ci/tasks/unit.yml' }]);
    expect(ci({ 'ci/settings.yml': 'platform: linux\nowners: [a]\n' }).configs).toEqual([]);
  });

  it('reads Forgejo and Gitea Actions workflows as the GitHub Actions format, not a workflows folder of another name', () => {
    const workflow = 'on: [push]\njobs:\n  check:\n    runs-on: docker\n    steps:\n      - run: cargo test\n';
    for (const folder of ['.forgejo', '.gitea', '.github']) {
      const found = ci({ [`${folder}/workflows/check.yaml`]: workflow });
      expect(found.configs.map((c) => [c.path, c.system])).toEqual([
        [`${folder}/workflows/check.yaml`, 'github-actions'],
      ]);
      expect(found.tests).toMatchObject([{ tool: 'cargo test', state: 'active', line: 6 }]);
    }
    expect(ci({ 'tools/workflows/check.yaml': workflow }).configs).toEqual([]);
  });

  it('names a Forgejo or Gitea workflow for its forge, and reads a call of its reusable workflow in that folder', () => {
    const named = (folder: string) =>
      ci({
        [`${folder}/workflows/check.yaml`]:
          'on: [push]\njobs:\n  a:\n    runs-on: docker\n    steps:\n      - run: cargo test\n',
      }).configs[0]?.forge;
    expect([named('.forgejo'), named('.gitea'), named('.github')]).toEqual([
      'forgejo-actions',
      'gitea-actions',
      undefined,
    ]);
    const found = ci({
      '.forgejo/workflows/ship.yml':
        'on:\n  workflow_call:\n    inputs:\n      stage:\n        type: string\njobs:\n  out:\n    runs-on: docker\n    steps:\n      - run: flyctl deploy\n',
      '.forgejo/workflows/main.yml':
        "on:\n  push:\n    tags: ['v*']\njobs:\n  live:\n    if: startsWith(github.ref, 'refs/tags/')\n    uses: acme/app/.forgejo/workflows/ship.yml@main\n    with:\n      stage: production\n",
    });
    const ship = found.configs.find((c) => c.path === '.forgejo/workflows/ship.yml');
    expect(ship?.jobs?.[0]?.tags).toMatchObject({ path: '.forgejo/workflows/main.yml' });
  });

  it('reads Azure Pipelines kept in the conventional folders, and only files shaped as pipelines there', () => {
    const f = ci({
      'eng/pipelines/official.yml':
        'trigger:\n  branches:\n    include: [main]\nextends:\n  template: /eng/pipelines/jobs/build.yml@self\n',
      'eng/pipelines/jobs/codeql.yml':
        'jobs:\n- job: analyse\n  steps:\n  - task: CodeQL3000Init@0\n  - script: ./build.sh\n  - task: CodeQL3000Finalize@0\n',
      '.pipelines/ci.yml': 'steps:\n- task: DotNetCoreCLI@2\n  inputs:\n    command: test\n',
      'eng/pipelines/settings/owners.yml': 'owners:\n  - team-a\n',
    });
    expect(f.configs.map((c) => c.path).sort()).toEqual([
      '.pipelines/ci.yml',
      'eng/pipelines/jobs/codeql.yml',
      'eng/pipelines/official.yml',
    ]);
    expect(tools(f.security)).toEqual(['CodeQL']);
    expect(tools(f.tests)).toEqual(['dotnet test']);
  });

  it('reads the composer command a php-actions/composer step runs (install when none is given)', () => {
    const steps = ci({
      '.github/workflows/t.yml': [
        'on: push',
        'jobs:',
        '  t:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - uses: php-actions/composer@v6',
        '      - uses: php-actions/composer@v6',
        '        with:',
        '          command: exec phpunit',
        '          args: --testdox',
        '      - uses: php-actions/composer@v6',
        '        with:',
        '          command: run-script lint',
        '',
      ].join('\n'),
    }).configs[0]!.steps;
    expect(steps.filter((s) => s.run).map((s) => [s.run, s.line])).toEqual([
      ['composer install', 6],
      ['composer exec phpunit --testdox', 7],
      ['composer run-script lint', 11],
    ]);
  });

  it("reads a reusable workflow's job in the environments its callers pass, and the actions a local action calls", () => {
    const files = {
      '.github/workflows/main.yml':
        'on: push\njobs:\n  stage:\n    uses: ./.github/workflows/ship.yml\n    with:\n      target: staging\n  prod:\n    uses: ./.github/workflows/ship.yml\n    with:\n      target: production\n',
      '.github/workflows/ship.yml':
        'on:\n  workflow_call:\n    inputs:\n      target:\n        type: string\njobs:\n  ship:\n    runs-on: ubuntu-latest\n    environment: ${{ inputs.target }}\n    steps:\n      - uses: ./.github/actions/apply\n',
      '.github/actions/apply/action.yml':
        'runs:\n  using: composite\n  steps:\n    - uses: ./.github/actions/version\n    - uses: azure/arm-deploy@v2\n      with:\n        template: ./infra/app.bicep\n    - run: echo done\n      shell: bash\n',
    };
    const ship = ci(files).configs.find((c) => c.path === '.github/workflows/ship.yml')!;
    expect(ship.jobs?.map((j) => j.environment?.name)).toEqual(['staging, production']);
    expect(ship.steps.map((s) => s.uses ?? s.run)).toEqual([
      './.github/actions/apply',
      'azure/arm-deploy@v2',
      'echo done',
    ]);
    expect(ship.steps[1]).toMatchObject({ job: 'ship', line: 11, with: { template: './infra/app.bicep' } });
    // With no caller, the input stays as written.
    const alone = ci({ '.github/workflows/ship.yml': files['.github/workflows/ship.yml'] }).configs[0]!;
    expect(alone.jobs?.[0]?.environment?.name).toBe('${{ inputs.target }}');
  });

  it("reads the templates an Azure pipeline includes from the repository, each job with its callers' environments", () => {
    const release =
      'parameters:\n  Env:\njobs:\n- deployment: Ship\n  environment: ${{ parameters.Env }}\n  strategy:\n    runOnce:\n      deploy:\n        steps:\n        - template: ../steps/push.yml\n';
    const f = ci({
      'azure-pipelines.yml': [
        'stages:',
        '- stage: Test',
        '  jobs:',
        '  - template: templates/jobs/release.yml',
        '    parameters:',
        '      Env: TEST',
        '- stage: Prod',
        '  jobs:',
        '  - template: /templates/jobs/release.yml@self',
        '    parameters:',
        '      Env: PROD',
        '  - template: jobs/notify.yml@shared',
        '',
      ].join('\n'),
      'templates/jobs/release.yml': release,
      'templates/steps/push.yml': 'steps:\n- script: ./push.sh\n',
      'templates/notes.yml': 'owners:\n  - team-a\n',
    });
    expect(f.configs.map((c) => c.path).sort()).toEqual([
      'azure-pipelines.yml',
      'templates/jobs/release.yml',
      'templates/steps/push.yml',
    ]);
    const job = f.configs.find((c) => c.path === 'templates/jobs/release.yml')!;
    expect(job.jobs).toMatchObject([{ name: 'Ship', environment: { name: 'TEST, PROD', line: 5 } }]);
    expect(job.steps).toMatchObject([{ uses: '../steps/push.yml', job: 'Ship' }]);
  });

  it('finds no configuration in a repo without CI', () => {
    const f = ci({ 'app.py': 'print(1)\n' });
    expect(f.configs).toEqual([]);
    expect(f.tests).toEqual([]);
  });

  it('reads GitHub Actions run and uses steps with their lines', () => {
    const f = ci({
      '.github/workflows/ci.yml':
        'on: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: pip install -r requirements.txt\n      - run: pytest -q\n      - uses: github/codeql-action/analyze@v3\n      - run: ruff check .\n',
    });
    expect(f.configs[0]!.system).toBe('github-actions');
    expect(f.tests).toMatchObject([{ tool: 'pytest', line: 8, state: 'active', confidence: 'high' }]);
    expect(tools(f.security)).toEqual(['CodeQL']);
    expect(f.lint).toMatchObject([{ tool: 'ruff', line: 10 }]);
  });

  it('follows rake to the tasks it runs: the default task, task libraries, task blocks, Rails defaults', () => {
    const wf = (cmd: string) =>
      `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${cmd}\n`;
    const gem = {
      Rakefile:
        'require "rspec/core/rake_task"\nrequire "rubocop/rake_task"\n\nRuboCop::RakeTask.new\nRSpec::Core::RakeTask.new(:unit)\n\ntask quality: %i[rubocop]\ntask default: %i[quality unit]\n',
    };
    const f = ci({ ...gem, '.github/workflows/ci.yml': wf('bundle exec rake') });
    expect(f.tests).toMatchObject([{ tool: 'RSpec', confidence: 'high' }]);
    expect(f.lint).toMatchObject([{ tool: 'rubocop' }]);
    // a task block that shells out
    const block = ci({
      Rakefile: 'task :ci do\n  sh "bundle exec rspec --format progress"\nend\n',
      '.github/workflows/ci.yml': wf('bin/rake ci'),
    });
    expect(tools(block.tests)).toEqual(['RSpec']);
    // Rails: the default task is the test task (spec with rspec-rails)
    const rails = (gemfile: string) =>
      ci({
        Gemfile: gemfile,
        Rakefile: 'require_relative "config/application"\nRails.application.load_tasks\n',
        '.github/workflows/ci.yml': wf('bundle exec rake'),
      });
    expect(tools(rails("gem 'rails'\n").tests)).toEqual(['rails test']);
    expect(tools(rails("gem 'rails'\ngroup :test do\n  gem 'rspec-rails'\nend\n").tests)).toEqual(['RSpec']);
    // a task nothing in the repository defines, with no telling name, is not a test run
    expect(ci({ Rakefile: 'task :assets do\nend\n', '.github/workflows/ci.yml': wf('rake assets') }).tests).toEqual([]);
  });

  it("follows Cake's bootstrapper to the target it hands the Cake script, and only that target", () => {
    const wf = (cmd: string) =>
      `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${cmd}\n`;
    const files = {
      'build.sh': '#!/usr/bin/env bash\nCAKE_EXE=tools/dotnet-cake\nexec "$CAKE_EXE" build.cake "$@"\n',
      'build.cake':
        'var target = Argument("target", "Build");\nTask("Build").Does(() => DotNetBuild("./App.sln"));\nTask("Unit").IsDependentOn("Build").Does(() => DotNetTest("./App.sln"));\nRunTarget(target);\n',
    };
    const f = ci({ ...files, '.github/workflows/ci.yml': wf('bash build.sh --target=Unit') });
    expect(f.tests).toMatchObject([{ tool: 'dotnet test' }]);
    // the default target builds only
    expect(ci({ ...files, '.github/workflows/ci.yml': wf('bash build.sh --verbosity=normal') }).tests).toEqual([]);
  });

  it("follows psake to the task's body and the tasks it depends on, in any case", () => {
    const wf = (cmd: string) =>
      `on: push\njobs:\n  build:\n    runs-on: windows-latest\n    steps:\n      - shell: pwsh\n        run: ${cmd}\n`;
    const files = {
      'psakefile.ps1':
        'task default -depends Compile\ntask CI -depends Clean, Test -description "ci"\ntask Clean {\n  exec { dotnet clean }\n}\ntask Compile {\n  exec { dotnet build }\n}\ntask Test -depends Compile {\n  exec { dotnet test --no-build }\n}\n',
    };
    expect(ci({ ...files, '.github/workflows/ci.yml': wf('invoke-psake ci') }).tests).toMatchObject([
      { tool: 'dotnet test' },
    ]);
    expect(ci({ ...files, '.github/workflows/ci.yml': wf('./psake.sh test') }).tests).toMatchObject([
      { tool: 'dotnet test' },
    ]);
    // the default task compiles only; a task the file does not have runs nothing
    expect(ci({ ...files, '.github/workflows/ci.yml': wf('Invoke-psake') }).tests).toEqual([]);
    expect(ci({ ...files, '.github/workflows/ci.yml': wf('invoke-psake release') }).tests).toEqual([]);
    // named parameters, switches and their values
    expect(
      ci({ ...files, '.github/workflows/ci.yml': wf('Invoke-psake -buildFile ./psakefile.ps1 -taskList Test -nologo') })
        .tests,
    ).toMatchObject([{ tool: 'dotnet test' }]);
    expect(
      ci({
        ...files,
        '.github/workflows/ci.yml': wf("Invoke-psake -parameters @{ Configuration = 'Release' } -framework 4.8 CI"),
      }).tests,
    ).toMatchObject([{ tool: 'dotnet test' }]);
  });

  it('reads the build file and first task of a psake run, and nothing from a command that only starts with psake', () => {
    expect(psakeArgs('Invoke-psake .\\build.ps1 Test -nologo')).toEqual({ file: '.\\build.ps1', task: 'Test' });
    expect(psakeArgs('invoke-psake -taskList Pack,Publish')).toEqual({ task: 'Pack' });
    expect(psakeArgs('./psake.sh')).toEqual({});
    expect(psakeArgs('psakectl deploy')).toBeUndefined();
  });

  it('follows `docker compose run <service>` given no command to the start of the image the service builds', () => {
    const wf = (cmd: string) =>
      `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${cmd}\n`;
    const files = {
      'ci/check.sh': '#!/bin/sh\nset -e\ncd ../suite\ndocker compose run --rm tests\n',
      'suite/compose.yaml': 'services:\n  tests:\n    build:\n      context: ..\n      dockerfile: suite/Dockerfile\n',
      'suite/Dockerfile': 'FROM mcr.microsoft.com/dotnet/sdk:9.0\nCOPY . /src\nENTRYPOINT ["./go.sh"]\n',
      'suite/go.sh': '#!/bin/sh\ndotnet test\n',
    };
    expect(ci({ ...files, '.github/workflows/ci.yml': wf('cd ci && ./check.sh') }).tests).toMatchObject([
      { tool: 'dotnet test' },
    ]);
    // a service's own command wins over the image's start
    const own = { ...files, 'suite/compose.yaml': `${files['suite/compose.yaml']}    command: dotnet build\n` };
    expect(ci({ ...own, '.github/workflows/ci.yml': wf('cd ci && ./check.sh') }).tests).toEqual([]);
  });

  it('does not mistake installing a tool for running it', () => {
    const f = ci({
      '.github/workflows/ci.yml':
        'on: push\njobs:\n  a:\n    steps:\n      - run: pip install pytest ruff pip-audit\n      - run: go install github.com/securego/gosec/v2/cmd/gosec@latest\n',
    });
    expect([...f.tests, ...f.lint, ...f.security]).toEqual([]);
  });

  it('recognises pip-audit and npm audit as security scans', () => {
    const f = ci({
      '.github/workflows/ci.yml':
        'on: push\njobs:\n  a:\n    steps:\n      - run: pip-audit -r requirements.txt\n      - run: npm audit --audit-level=high\n',
    });
    expect(tools(f.security)).toEqual(['pip-audit', 'npm audit']);
  });

  it('puts matrix values and the step environment into run commands (one command per matrix row)', () => {
    const f = ci({
      Gemfile: 'gem "rails"\n',
      'config/application.rb': 'module Shop\n  class Application < Rails::Application\n  end\nend\n',
      '.github/workflows/test.yml':
        'on: push\njobs:\n  rails:\n    strategy:\n      matrix:\n        suite:\n          - name: Unit\n            command: test\n          - name: Browser\n            command: test:system\n    runs-on: ubuntu-latest\n    steps:\n      - name: Tests ${{ matrix.suite.name }}\n        run: bin/rails $SUITE_COMMAND\n        env:\n          SUITE_COMMAND: ${{ matrix.suite.command }}\n',
    });
    expect(f.steps.filter((s) => s.run).map((s) => s.run)).toEqual(['bin/rails test', 'bin/rails test:system']);
    expect(f.tests.map((t) => t.tool)).toEqual(['rails test', 'rails test']);
    const g = ci({
      '.github/workflows/ci.yml':
        'on: push\nenv:\n  RUNNER: pytest\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${RUNNER} -q\n      - run: RUNNER=nose; $RUNNER tests\n',
    });
    expect(g.tests).toMatchObject([{ tool: 'pytest' }]);
    // A variable the script sets itself is not the environment's.
    expect(g.steps.map((s) => s.run)).toEqual(['pytest -q', 'RUNNER=nose; $RUNNER tests']);
  });

  it('runs a command once per value of every matrix list, not only of the first (runners × apps)', () => {
    const f = ci({
      '.github/workflows/publish.yml':
        'on: push\njobs:\n  images:\n    strategy:\n      matrix:\n        os: [ubuntu-24.04, ubuntu-24.04-arm]\n        app:\n          - name: web\n            dockerfile: docker/Dockerfile\n          - name: relay\n            dockerfile: apps/relay/Dockerfile\n    runs-on: ${{ matrix.os }}\n    steps:\n      - run: docker build -f "$DOCKER_FILE" -t "acme/$APP" .\n        env:\n          DOCKER_FILE: ${{ matrix.app.dockerfile }}\n          APP: ${{ matrix.app.name }}\n',
    });
    expect(f.steps.filter((s) => s.run).map((s) => s.run)).toEqual([
      'docker build -f "docker/Dockerfile" -t "acme/web" .',
      'docker build -f "apps/relay/Dockerfile" -t "acme/relay" .',
    ]);
  });

  it('follows local reusable workflows with the inputs the caller passes (and their defaults)', () => {
    const make = {
      Makefile: 'checkruff:\n\tuv run ruff check .\ntest-unit:\n\tuv run pytest tests/unit\n',
      '.github/workflows/make.yml':
        'on:\n  workflow_call:\n    inputs:\n      make:\n        type: string\n        required: true\njobs:\n  make:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make ${{ inputs.make }}\n',
      '.github/workflows/lint.yml':
        'on:\n  workflow_call:\njobs:\n  ruff:\n    uses: ./.github/workflows/make.yml\n    with:\n      make: checkruff\n',
    };
    const f = ci({
      ...make,
      '.github/workflows/ci.yml': 'on: [push]\njobs:\n  lint:\n    uses: ./.github/workflows/lint.yml\n',
    });
    expect(f.lint.find((m) => m.path === '.github/workflows/ci.yml')).toMatchObject({ tool: 'ruff', line: 4 });
    // an input left to its default
    const byDefault = ci({
      Makefile: make.Makefile,
      '.github/workflows/tests.yml':
        'on:\n  workflow_call:\n    inputs:\n      target:\n        type: string\n        default: test-unit\njobs:\n  t:\n    steps:\n      - run: make ${{ inputs.target }}\n',
      '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    uses: ./.github/workflows/tests.yml\n',
    });
    expect(byDefault.tests.find((m) => m.path === '.github/workflows/ci.yml')).toMatchObject({ tool: 'pytest' });
    // without a value the command stays unresolved and names no tool
    const unfilled = ci({
      Makefile: make.Makefile,
      '.github/workflows/make.yml': make['.github/workflows/make.yml'],
      '.github/workflows/ci.yml': 'on: push\njobs:\n  x:\n    uses: ./.github/workflows/make.yml\n',
    });
    expect(unfilled.lint).toEqual([]);
  });

  it("fills an action's inputs from the job's env, whose value a reusable workflow's caller passes", () => {
    const f = ci({
      '.github/workflows/images.yml':
        'on:\n  workflow_call:\n    inputs:\n      registry:\n        type: string\n        required: true\njobs:\n  push:\n    env:\n      BASE: ${{ inputs.registry }}\n    strategy:\n      matrix:\n        include:\n          - file: src/Api/Dockerfile\n            name: api\n          - file: src/Jobs/Dockerfile\n            name: jobs\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          file: ${{ matrix.file }}\n          tags: ${{ env.BASE }}${{ matrix.name }}:latest\n',
      '.github/workflows/main.yml':
        'on: push\njobs:\n  images:\n    uses: ./.github/workflows/images.yml\n    with:\n      registry: ghcr.io/acme/shop-\n',
    });
    const step = f.steps.find((s) => s.uses === 'docker/build-push-action@v6');
    expect(step?.withRows?.map((r) => [r.file, r.tags])).toEqual([
      ['src/Api/Dockerfile', 'ghcr.io/acme/shop-api:latest'],
      ['src/Jobs/Dockerfile', 'ghcr.io/acme/shop-jobs:latest'],
    ]);
  });

  it('GitLab: include templates, extends and hidden jobs', () => {
    const f = ci({
      '.gitlab-ci.yml':
        'include:\n  - template: Security/SAST.gitlab-ci.yml\n  - template: Jobs/Dependency-Scanning.gitlab-ci.yml\n.base:\n  script:\n    - pytest\nunit:\n  extends: .base\n.unused:\n  script:\n    - ruff check .\n',
    });
    expect(tools(f.security)).toEqual(['GitLab security template', 'GitLab security template']);
    expect(f.tests).toMatchObject([{ tool: 'pytest', state: 'active' }]);
    expect(f.lint).toMatchObject([{ tool: 'ruff', state: 'disabled' }]);
  });

  it('GitLab project/remote includes and reusable workflows from other repositories are external', () => {
    const f = ci({
      '.gitlab-ci.yml':
        'include:\n  - project: acme/ci-templates\n    file: /python.yml\n  - template: Security/SAST.gitlab-ci.yml\n',
    });
    expect(f.steps.filter((s) => s.external).map((s) => s.uses)).toEqual(['acme/ci-templates']);
    const g = ci({
      '.github/workflows/ci.yml': 'on: push\njobs:\n  ci:\n    uses: acme/workflows/.github/workflows/python.yml@v2\n',
    });
    expect(g.steps[0]).toMatchObject({ external: true });
  });

  it('GitLab: manual jobs and allow_failure', () => {
    const f = ci({
      '.gitlab-ci.yml':
        'test:\n  when: manual\n  script: [go test ./...]\nlint:\n  allow_failure: true\n  script: [golangci-lint run]\n',
    });
    expect(f.tests[0]!.state).toBe('manual');
    expect(f.lint[0]!.state).toBe('limited');

    expect(ci({ '.gitlab-ci.yml': 'test:\n  only: [tags]\n  script: [pytest]\n' }).tests[0]).toMatchObject({
      state: 'limited',
      limitation: expect.stringMatching(/tags/),
    });
  });

  it('Jenkinsfile: single and triple-quoted sh steps, commented steps disabled', () => {
    const f = ci({
      Jenkinsfile:
        "pipeline {\n  stages {\n    stage('t') { steps { sh 'mvn -B verify' } }\n    // sh 'npm audit'\n    stage('l') { steps { sh '''\n      golangci-lint run\n    ''' } }\n  }\n}\n",
    });
    expect(f.tests).toMatchObject([{ tool: 'Maven', line: 3, state: 'active' }]);
    expect(f.security).toMatchObject([{ state: 'disabled' }]);
    expect(f.lint).toMatchObject([{ tool: 'golangci-lint', line: 5 }]);
  });

  it('Maven/Gradle with tests skipped do not count', () => {
    const f = ci({ Jenkinsfile: "sh 'mvn package -DskipTests'\nsh './gradlew build -x test'\n" });
    expect(f.tests).toEqual([]);
  });

  it('CircleCI orbs and orb jobs; Azure tasks; Bitbucket pipes; Drone commands', () => {
    expect(
      tools(
        ci({
          '.circleci/config.yml':
            'version: 2.1\norbs:\n  snyk: snyk/snyk@2.0.0\nworkflows:\n  main:\n    jobs:\n      - python/test\n',
        }).tests,
      ),
    ).toEqual(['python/test']);
    expect(tools(ci({ '.circleci/config.yml': 'version: 2.1\norbs:\n  snyk: snyk/snyk@2.0.0\n' }).security)).toEqual([
      'Snyk',
    ]);
    expect(
      tools(ci({ 'azure-pipelines.yml': 'steps:\n  - task: Gradle@3\n    inputs:\n      tasks: test\n' }).tests),
    ).toEqual(['Gradle']);
    expect(
      tools(
        ci({
          'bitbucket-pipelines.yml':
            'pipelines:\n  default:\n    - step:\n        script:\n          - pipe: snyk/snyk-scan:1.0.0\n',
        }).security,
      ),
    ).toEqual(['Snyk']);
    expect(
      tools(
        ci({
          '.drone.yml':
            'kind: pipeline\nsteps:\n  - name: test\n    image: golang:1.22\n    commands:\n      - go vet ./...\n      - go test ./...\n',
        }).tests,
      ),
    ).toEqual(['go test']);
  });

  it('a workflow that is not valid YAML is recorded with its error and its steps do not count', () => {
    const f = ci({ '.github/workflows/ci.yml': 'on: [push\njobs:\n  t:\n    steps:\n      - run: pytest\n' });
    expect(f.configs[0]!.parseError).toBeTruthy();
    expect(f.tests.every((m) => m.state === 'disabled')).toBe(true);
  });

  it('GitHub local composite actions are looked into', () => {
    const f = ci({
      '.github/workflows/ci.yml': 'on: push\njobs:\n  t:\n    steps:\n      - uses: ./.github/actions/test\n',
      '.github/actions/test/action.yml':
        'runs:\n  using: composite\n  steps:\n    - run: go test ./...\n      shell: bash\n',
    });
    expect(f.tests).toMatchObject([{ tool: 'go test', line: 5, state: 'active' }]);
  });

  it('a local action that calls another local action is read through; a cycle of them ends', () => {
    const f = ci({
      '.github/workflows/ci.yml': 'on: push\njobs:\n  t:\n    steps:\n      - uses: ./.github/actions/outer\n',
      '.github/actions/outer/action.yml':
        'runs:\n  using: composite\n  steps:\n    - run: dotnet build\n      shell: bash\n    - uses: ./.github/actions/inner\n',
      '.github/actions/inner/action.yml':
        'runs:\n  using: composite\n  steps:\n    - run: dotnet test\n      shell: bash\n    - uses: ./.github/actions/outer\n',
    });
    expect(f.tests).toMatchObject([{ tool: 'dotnet test', line: 5, state: 'active' }]);
  });

  it('`|| true` after the test runner is no ignored failure when a later report step of the job fails on failed tests', () => {
    const steps = (report: string) =>
      ci({
        '.github/workflows/ci.yml': `on: push\njobs:\n  t:\n    steps:\n      - run: dotnet test --logger trx || true\n${report}`,
      }).tests;
    const reporter = '      - uses: dorny/test-reporter@v1\n        with:\n          reporter: dotnet-trx\n';
    expect(steps(reporter)).toMatchObject([{ tool: 'dotnet test', state: 'active' }]);
    expect(steps(reporter)[0]!.note).toContain('dorny/test-reporter');
    expect(steps(`${reporter}          fail-on-error: false\n`)).toMatchObject([{ state: 'limited' }]);
    // A report in another job does not gate this one.
    expect(steps(`  r:\n    steps:\n${reporter}`)).toMatchObject([{ state: 'limited' }]);
    expect(steps('')).toMatchObject([{ state: 'limited' }]);
  });

  it('step names and display names are not commands', () => {
    expect(ci({ 'azure-pipelines.yml': "steps:\n  - script: echo hi\n    displayName: 'Run pytest'\n" }).tests).toEqual(
      [],
    );
    expect(
      ci({
        '.circleci/config.yml':
          'version: 2.1\njobs:\n  t:\n    steps:\n      - run:\n          name: pytest\n          command: echo skipped\n',
      }).tests,
    ).toEqual([]);
    expect(
      ci({
        '.circleci/config.yml':
          'version: 2.1\njobs:\n  t:\n    steps:\n      - run:\n          name: Tests\n          command: |\n            . venv/bin/activate\n            pytest\n',
      }).tests,
    ).toMatchObject([{ tool: 'pytest' }]);
  });

  it('odd shapes never throw', () => {
    expect(() =>
      ci({
        '.github/workflows/a.yml': 'on: push\njobs:\n  t:\n    steps: {run: pytest}\n',
        '.circleci/config.yml': 'workflows:\n  w:\n    jobs: 3\n',
        '.gitlab-ci.yml': '- 1\n- 2\n',
        'azure-pipelines.yml': 'steps: 7\n',
      }),
    ).not.toThrow();
  });

  it('Travis node projects run npm test by default', () => {
    const f = ci({
      '.travis.yml': 'language: node_js\nnode_js: [20]\n',
      'package.json': '{"scripts":{"test":"jest"}}',
    });
    expect(f.tests).toMatchObject([{ tool: 'jest', confidence: 'high' }]);
  });
});

describe('detectCi: triggers and switched-off steps', () => {
  const wf = (on: string, steps = '      - run: pytest\n') => ({
    '.github/workflows/t.yml': `${on}jobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`,
  });

  it('workflow_dispatch only is manual', () => {
    expect(ci(wf('on: workflow_dispatch\n')).tests[0]!.state).toBe('manual');
    expect(ci(wf('on:\n  workflow_dispatch:\n  repository_dispatch:\n')).tests[0]!.note).toMatch(/by hand/);
  });

  it('path filters on every event and odd branch names limit; common branches do not', () => {
    expect(ci(wf('on:\n  push:\n    paths: ["src/**"]\n')).tests[0]!.state).toBe('limited');
    expect(ci(wf('on:\n  push:\n    paths: ["src/**"]\n  pull_request:\n')).tests[0]!.state).toBe('active');
    expect(ci(wf('on:\n  push:\n    branches: [legacy-2019]\n')).tests[0]!.note).toMatch(/legacy-2019/);
    expect(ci(wf('on:\n  push:\n    branches: [main, "release/**"]\n')).tests[0]!.state).toBe('active');
    expect(ci(wf('on:\n  push:\n    tags: ["v*"]\n')).tests[0]!.note).toMatch(/tags/);
    expect(ci(wf('on:\n  schedule:\n    - cron: "0 0 * * *"\n')).tests[0]!.state).toBe('limited');
  });

  it('if: false and ${{ false }} disable a step or a job', () => {
    expect(ci(wf('on: push\n', '      - run: pytest\n        if: false\n')).tests[0]!.state).toBe('disabled');
    expect(
      ci({
        '.github/workflows/t.yml': 'on: push\njobs:\n  t:\n    if: ${{ false }}\n    steps:\n      - run: pytest\n',
      }).tests[0]!.state,
    ).toBe('disabled');
  });

  it('a command whose failure is ignored (|| true) only limits', () => {
    expect(ci(wf('on: push\n', '      - run: pytest || true\n')).tests[0]).toMatchObject({
      state: 'limited',
      note: expect.stringMatching(/ignored/),
    });
  });

  it('commented-out steps are recorded as disabled', () => {
    const f = ci(wf('on: push\n', '      - run: echo hi\n      # - run: pytest\n'));
    expect(f.tests).toMatchObject([{ state: 'disabled', line: 7 }]);
  });
});

describe('CommandResolver: looks through npm scripts and make targets', () => {
  const r = (files: Record<string, string>) => new CommandResolver(RepoIndex.fromMemory(files));

  it('earthly +target → the Earthfile target: RUN lines, earthly/lib/rust CARGO args, BUILDs through IMPORT aliases', () => {
    const files = {
      Earthfile:
        'VERSION 0.8\nIMPORT ./web AS web\nIMPORT github.com/earthly/lib/rust AS rust\n\nall:\n  BUILD web+check\n  BUILD --platform=linux/amd64 +unit\n\nunit:\n  FROM +src\n  DO rust+CARGO --args="test --workspace"\n\nship:\n  DO rust+CARGO --args=build\n',
      'web/Earthfile': 'VERSION 0.8\ncheck:\n  RUN --no-cache pnpm exec eslint .\n',
    };
    const resolver = r(files);
    expect(resolver.earthlyTarget('', 'unit')).toBe('cargo test --workspace');
    expect(resolver.earthlyTarget('', 'all')).toBe('earthly ./web+check\nearthly +unit');
    expect(resolver.earthlyTarget('web', 'check')).toBe('pnpm exec eslint .');
    expect(resolver.earthlyTarget('', 'missing')).toBeUndefined();
    expect(resolver.classify('earthly --ci -P +all', 'tests')).toMatchObject({
      tool: 'cargo test',
      confidence: 'high',
    });
    expect(resolver.classify('earthly --ci +all', 'lint')).toMatchObject({ tool: 'eslint' });
    expect(resolver.classify('earthly +ship', 'tests')).toBeUndefined();
  });

  it("flask <command> → the project's own click command: named after its function or by its decorator", () => {
    const resolver = r({
      'requirements.txt': 'flask\nclick\n',
      'quay/cli.py': [
        'import click',
        'from flask.cli import with_appcontext',
        '',
        '@click.command()',
        "@click.option('--fast', is_flag=True,",
        "              help='skip slow tests')",
        'def unit_tests(fast):',
        '    import pytest',
        "    raise SystemExit(pytest.main(['tests']))",
        '',
        "@click.command('style')",
        'def run_style_checks():',
        "    subprocess.call(['flake8', 'quay'])",
        '',
        '@click.command()',
        'def seed():',
        "    click.echo('seeded')",
      ].join('\n'),
    });
    expect(resolver.flaskCommand('unit-tests')).toBe("raise SystemExit(pytest.main(['tests']))");
    expect(resolver.classify('flask unit-tests --fast', 'tests')).toMatchObject({ tool: 'pytest', confidence: 'high' });
    expect(resolver.classify('pipenv run python -m flask --app quay unit-tests', 'tests')).toMatchObject({
      tool: 'pytest',
    });
    expect(resolver.flaskCommand('style')).toBe("subprocess.call(['flake8', 'quay'])");
    expect(resolver.flaskCommand('run-style-checks')).toBeUndefined();
    expect(resolver.classify('flask seed', 'tests')).toBeUndefined();
    expect(resolver.classify('flask run', 'tests')).toBeUndefined();
  });

  it("flask <command>: the command after the options, a decorator's own name=, decorators right above the function", () => {
    const resolver = r({
      'requirements.txt': 'flask\nclick\n',
      'depot/cli.py': [
        'import click',
        'import subprocess',
        '',
        "@click.command(name='check')",
        'def verbose():',
        "    subprocess.call(['flake8', 'depot'])",
        '',
        '@click.command(',
        "    help='runs the suite',",
        ')',
        'def test():',
        '    import pytest',
        "    raise SystemExit(pytest.main(['tests']))",
        '@click.command()',
        'def lint():',
        "    click.echo('nothing to lint')",
        'def seed():',
        "    click.echo('seeded')",
      ].join('\n'),
    });
    // `--verbose` is an option, not the command: the command is `test`.
    expect(resolver.classify('flask --debug test --verbose', 'tests')).toMatchObject({ tool: 'pytest' });
    // `name='check'` names the command: `verbose` is no command of its own.
    expect(resolver.flaskCommand('check')).toBe("subprocess.call(['flake8', 'depot'])");
    expect(resolver.flaskCommand('verbose')).toBeUndefined();
    // A multi-line decorator belongs to its function; `seed` has none (the lines above are lint's body).
    expect(resolver.flaskCommand('test')).toBe("raise SystemExit(pytest.main(['tests']))");
    expect(resolver.flaskCommand('seed')).toBeUndefined();
  });

  it('dotnet run --project of a test project: by its path, or a variable walking test projects', () => {
    const resolver = r({});
    const loop = (list: string, v = '$p') =>
      `$list = Get-ChildItem -Path src -Recurse -Filter "*.csproj" |\n  Where-Object { $_.Name -like "${list}" }\nforeach ($p in $list) {\n  dotnet run --project ${v}.FullName\n}`;
    expect(resolver.classify(loop('*.Tests.csproj'), 'tests')).toMatchObject({ tool: 'dotnet run (test project)' });
    expect(resolver.classify(loop('*.Api.csproj'), 'tests')).toBeUndefined();
    expect(resolver.classify(loop('*.Tests.csproj', '$other'), 'tests')).toBeUndefined();
    expect(
      resolver.classify('for p in tests/*.UnitTests.csproj; do dotnet run --project "$p"; done', 'tests'),
    ).toMatchObject({ tool: 'dotnet run (test project)' });
    expect(resolver.classify('dotnet run --project tests/Shop.IntegrationTests -c Release', 'tests')).toMatchObject({
      tool: 'dotnet run (test project)',
    });
    expect(resolver.classify('dotnet run --project src/Shop.Api -- --migrate-latest', 'tests')).toBeUndefined();
  });

  it('npm test → the script body', () => {
    expect(r({ 'package.json': '{"scripts":{"test":"vitest run"}}' }).classify('npm test', 'tests')).toMatchObject({
      tool: 'vitest',
      confidence: 'high',
    });
    expect(
      r({ 'package.json': '{"scripts":{"test":"node scripts/run.js"}}' }).classify('yarn test', 'tests'),
    ).toMatchObject({ confidence: 'low' });
    expect(
      r({ 'package.json': '{"scripts":{"test":"echo \\"Error: no test specified\\" && exit 1"}}' }).classify(
        'npm test',
        'tests',
      ),
    ).toBeUndefined();
    expect(r({}).classify('npm test', 'tests')).toBeUndefined();
    expect(r({ 'package.json': '{"scripts":{"lint":"eslint ."}}' }).classify('pnpm run lint', 'lint')).toMatchObject({
      tool: 'eslint',
    });
  });

  it('composer test → the composer.json script "test": a linter is no test run, `@php artisan test` is', () => {
    const composer = (test: unknown) =>
      r({ 'composer.json': JSON.stringify({ scripts: { test, lint: 'pint --test', types: 'phpstan analyse' } }) });
    expect(composer(['@lint', '@types']).classify('composer test', 'tests')).toBeUndefined();
    expect(composer(['@lint', '@php artisan test']).classify('composer run-script test', 'tests')).toMatchObject({
      tool: 'PHPUnit',
      confidence: 'high',
    });
    expect(composer('./bin/run-suite').classify('composer test', 'tests')).toMatchObject({ confidence: 'low' });
    expect(r({}).classify('composer test', 'tests')).toBeUndefined();
  });

  it("Pest's --type-coverage runs no test; a script of several commands names the one that runs the suite", () => {
    const scripts = (test: string[]) =>
      r({
        'composer.json': JSON.stringify({
          scripts: {
            test,
            lint: 'pint --test',
            'test:type-coverage': 'pest --type-coverage --min=100',
            'test:unit': 'pest --parallel',
          },
        }),
      });
    expect(scripts(['@lint', '@test:type-coverage']).classify('composer test', 'tests')).toBeUndefined();
    expect(scripts([]).classify('composer test:type-coverage', 'tests')).toBeUndefined();
    expect(scripts(['@test:type-coverage', '@test:unit']).classify('composer test', 'tests')).toMatchObject({
      tool: 'PHPUnit',
      via: 'composer test runs the composer.json script "test": composer test:unit; composer test:unit runs the composer.json script "test:unit": pest --parallel',
    });
  });

  it('make targets, including prerequisites', () => {
    const mk = { Makefile: 'test: unit\nunit:\n\tgo test ./...\nlint:\n\t@golangci-lint run\n' };
    expect(r(mk).classify('make test', 'tests')).toMatchObject({ tool: 'go test', confidence: 'high' });
    expect(r(mk).classify('make lint', 'lint')).toMatchObject({ tool: 'golangci-lint' });
    expect(r({}).classify('make test', 'tests')).toMatchObject({ confidence: 'low' });
    expect(r({}).classify('make build', 'tests')).toBeUndefined();
  });

  it('every goal of a make command line, and the values make variables may take', () => {
    const mk = { Makefile: 'include tools.mk\nlint:\n\tgo vet ./...\nunit:\n\tgo test ./...\n' };
    expect(r(mk).classify('make lint unit', 'tests')).toMatchObject({ tool: 'go test', confidence: 'high' });
    const vars = {
      Makefile: 'include tools.mk\n',
      'tools.mk': 'SUFFIX:=.release\nPUSH_ARG=\nifeq ($(PUSH),1)\n\tPUSH_ARG=--push\nendif\n',
    };
    expect(new Set(r(vars).makeExpansions('-f Dockerfile$(SUFFIX) $(PUSH_ARG) $(UNSET)', '.'))).toEqual(
      new Set([
        '-f Dockerfile.release  $(UNSET)',
        '-f Dockerfile.release --push $(UNSET)',
        '-f Dockerfile  $(UNSET)',
        '-f Dockerfile --push $(UNSET)',
      ]),
    );
  });

  it('a tool a recipe names by a make variable of an included file; a continued command; a prerequisite is no run', () => {
    const mk = {
      Makefile:
        'include .bingo/Variables.mk\nlint:\n\t@go list \\\n  ./... > /dev/null\n\t@$(LINTER) run\ntools: $(LINTER)\n',
      '.bingo/Variables.mk': 'LINTER := $(GOBIN)/golangci-lint-v2.4.0\n',
    };
    expect(r(mk).classify('make lint', 'lint')).toMatchObject({ tool: 'golangci-lint', confidence: 'high' });
    expect(r(mk).makeTarget('lint').recipe).toBe('go list ./... > /dev/null\n$(LINTER) run');
    expect(r(mk).classify('make tools', 'lint')).toBeUndefined();
  });

  it('a pattern rule gives its recipe to a target without one, its stem in place of $*; an explicit recipe wins', () => {
    const mk = {
      Makefile: 'app-test: db-up\napp-%:\n\tcd app && make $*\napp-build:\n\tmix compile\n%.o: %.c\n\tcc -c $<\n',
      'app/Makefile': 'test:\n\tmix test\n',
    };
    expect(r(mk).makeTarget('app-test').recipe).toBe('make db-up\ncd app && make test');
    expect(r(mk).makeTarget('app-lint').recipe).toBe('cd app && make lint');
    expect(r(mk).makeTarget('app-build').recipe).toBe('mix compile');
    expect(r(mk).makeTarget('app-').recipe).toBeUndefined();
    expect(r(mk).classify('make app-test', 'tests')).toMatchObject({ tool: 'mix test', confidence: 'high' });
    // A pattern rule's command continued over lines is one command, as an explicit rule's is.
    const continued = { Makefile: 'svc-%:\n\tcd svc && \\\n\t  make $*\n' };
    expect(r(continued).makeTarget('svc-test').recipe).toBe('cd svc && make test');
  });

  it('mage targets: namespaced methods, their dependencies and the commands they run', () => {
    const mage = {
      'magefiles/ci.go':
        '//go:build mage\n\npackage main\n\ntype Test mg.Namespace\n\nfunc (t Test) All() error {\n\tmg.Deps(t.Unit, Vet)\n\treturn nil\n}\n\n' +
        'func (Test) Unit() error {\n\treturn sh.RunV(mg.GoCmd(), "test", "-race", "./...")\n}\n\n' +
        'func Vet() error {\n\tfmt.Println("vetting")\n\treturn sh.Run("go", "vet", "./...")\n}\n',
    };
    expect(r(mage).mageTarget('test:all').commands?.split('\n')).toEqual(['go test -race ./...', 'go vet ./...']);
    expect(r(mage).classify('go run mage.go test:all', 'tests')).toMatchObject({ tool: 'go test', confidence: 'high' });
    expect(r(mage).classify('mage -v vet', 'tests')).toBeUndefined();
  });

  it('shell scripts, justfile recipes, Taskfile tasks and monorepo runners', () => {
    expect(
      r({ 'scripts/test.sh': '#!/usr/bin/env bash\nset -e\ncoverage run -m pytest tests "${@}"\n' }).classify(
        'bash scripts/test.sh',
        'tests',
      ),
    ).toMatchObject({ tool: 'pytest' });
    expect(r({ 'scripts/ci.sh': '#!/bin/sh\nset -e\npytest -q\n' }).classify('./scripts/ci.sh', 'tests')).toMatchObject(
      { tool: 'pytest', confidence: 'high' },
    );
    expect(r({ 'scripts/ci.sh': 'echo nothing\n' }).classify('bash scripts/ci.sh', 'tests')).toBeUndefined();
    expect(r({ justfile: 'test *ARGS:\n    cargo test {{ARGS}}\n' }).classify('just test', 'tests')).toMatchObject({
      tool: 'cargo test',
    });
    expect(
      r({ 'Taskfile.yml': 'version: "3"\ntasks:\n  lint:\n    cmds:\n      - golangci-lint run\n' }).classify(
        'task lint',
        'lint',
      ),
    ).toMatchObject({ tool: 'golangci-lint' });
    expect(r({}).classify('npx turbo run test --filter=...', 'tests')).toMatchObject({ tool: 'workspace test runner' });
    expect(
      r({ 'package.json': '{"scripts":{"test":"jest"}}' }).classify('docker compose run --rm api npm test', 'tests'),
    ).toMatchObject({ tool: 'jest' });
  });

  it('reads the command a `docker exec` runs in a container the job started, a shell script given with -c', () => {
    const make = { Makefile: 'it:\n\tgo test -tags integration ./...\ngen:\n\tgo generate ./...\n' };
    expect(r(make).classify('docker exec -t build /bin/bash -c "make it"', 'tests')).toMatchObject({ tool: 'go test' });
    expect(r(make).classify("docker exec -w /src -e CI=1 build sh -ec 'cd . && make it'", 'tests')).toMatchObject({
      tool: 'go test',
    });
    expect(r({}).classify('docker container exec app go test ./...', 'tests')).toMatchObject({ tool: 'go test' });
    expect(r(make).classify('docker exec -t build /bin/bash -c "make gen"', 'tests')).toBeUndefined();
    // Copying out of the container runs nothing of the project's.
    expect(r(make).classify('docker cp build:/out ./dist', 'tests')).toBeUndefined();
  });

  it('recognises common runners', () => {
    const c = r({});
    for (const cmd of [
      'python -m pytest -x',
      'python -Wall runtests.py',
      'poetry run pytest',
      'tox -e py312',
      'go test -race ./...',
      './mvnw -B verify',
      './gradlew check',
      'bundle exec rspec',
      'bin/rails test',
      'cargo test --all',
      'npx jest --ci',
      'dotnet test',
    ]) {
      expect(c.classify(cmd, 'tests'), cmd).toBeDefined();
    }
    for (const cmd of [
      'mypy src',
      'black --check .',
      'npx tsc --noEmit',
      'cargo clippy -- -D warnings',
      'pre-commit run --all-files',
      'go vet ./...',
    ]) {
      expect(c.classify(cmd, 'lint'), cmd).toBeDefined();
    }
    for (const cmd of [
      'bandit -r app',
      'safety check',
      'trivy fs .',
      'semgrep ci',
      'govulncheck ./...',
      'gitleaks detect',
      'bundle exec brakeman',
      'cargo audit',
    ]) {
      expect(c.classify(cmd, 'security'), cmd).toBeDefined();
    }
    expect(c.classify('black .', 'lint')).toBeUndefined();
  });
});

describe('detectCi: checks a build tool runs through its lifecycle', () => {
  const pom = (phase: string, managed = false) => {
    const plugin = `<plugin><artifactId>maven-checkstyle-plugin</artifactId><executions><execution>${phase ? `<phase>${phase}</phase>` : ''}<goals><goal>check</goal></goals></execution></executions></plugin>`;
    return `<project><build>${managed ? `<pluginManagement><plugins>${plugin}</plugins></pluginManagement>` : `<plugins>${plugin}</plugins>`}</build></project>`;
  };
  const wf = (run: string) => `on: push\njobs:\n  b:\n    steps:\n      - run: ${run}\n`;

  it('mvn verify runs a checkstyle goal bound to validate (or to its default phase, verify)', () => {
    expect(tools(ci({ 'pom.xml': pom('validate'), '.github/workflows/b.yml': wf('mvn -B verify') }).lint)).toEqual([
      'checkstyle',
    ]);
    expect(tools(ci({ 'pom.xml': pom(''), '.github/workflows/b.yml': wf('./mvnw verify') }).lint)).toEqual([
      'checkstyle',
    ]);
  });

  it('mvn test stops before verify, and a plugin only in pluginManagement runs nowhere', () => {
    expect(ci({ 'pom.xml': pom(''), '.github/workflows/b.yml': wf('mvn test') }).lint).toEqual([]);
    expect(ci({ 'pom.xml': pom('validate', true), '.github/workflows/b.yml': wf('mvn verify') }).lint).toEqual([]);
  });

  it('gradle build runs the check tasks of applied plugins; gradle test does not', () => {
    const gradle = "plugins {\n  id 'java'\n  id 'checkstyle'\n  id 'io.spring.javaformat' version '0.0.47'\n}\n";
    expect(tools(ci({ 'build.gradle': gradle, '.github/workflows/b.yml': wf('./gradlew build') }).lint)).toEqual([
      'checkstyle',
    ]);
    expect(ci({ 'build.gradle': gradle, '.github/workflows/b.yml': wf('./gradlew test') }).lint).toEqual([]);
    expect(ci({ 'build.gradle': gradle, '.github/workflows/b.yml': wf('./gradlew build -x check') }).lint).toEqual([]);
  });

  it('gosec counts as a security scan when golangci-lint enables it', () => {
    const files = { '.github/workflows/b.yml': wf('golangci-lint run ./...') };
    expect(tools(ci({ ...files, '.golangci.yml': 'linters:\n  enable: [gosec]\n' }).security)).toEqual([
      'gosec (golangci-lint)',
    ]);
    expect(tools(ci({ ...files, '.golangci.yml': 'linters:\n  default: all\n' }).security)).toEqual([
      'gosec (golangci-lint)',
    ]);
    expect(ci({ ...files, '.golangci.yml': 'linters:\n  enable-all: true\n  disable: [gosec]\n' }).security).toEqual(
      [],
    );
    expect(ci({ ...files, '.golangci.yml': 'linters:\n  enable: [revive]\n' }).security).toEqual([]);
  });
});

describe('CI jobs and their gates', () => {
  it('reads GitHub job environments, tag-only workflows and manual-only workflows', () => {
    const c = ci({
      '.github/workflows/deploy.yml': [
        'on:',
        '  push:',
        '    branches: [main]',
        'jobs:',
        '  staging:',
        '    runs-on: ubuntu-latest',
        '    environment: staging',
        '    steps:',
        '      - run: helm upgrade api chart',
        '  production:',
        '    needs: staging',
        '    runs-on: ubuntu-latest',
        '    environment:',
        '      name: production',
        '      url: https://example.com',
        '    steps:',
        '      - run: helm upgrade api chart',
        '',
      ].join('\n'),
      '.github/workflows/release.yml': 'on:\n  push:\n    tags: ["v*"]\njobs:\n  ship:\n    steps:\n      - run: x\n',
      '.github/workflows/manual.yml': 'on: workflow_dispatch\njobs:\n  ship:\n    steps:\n      - run: x\n',
    }).configs;
    const jobs = Object.fromEntries(c.map((x) => [x.path, x.jobs]));
    expect(jobs['.github/workflows/deploy.yml']).toEqual([
      { name: 'staging', line: 5, environment: { name: 'staging', line: 7 }, branches: ['main'] },
      { name: 'production', line: 10, environment: { name: 'production', line: 13 }, branches: ['main'] },
    ]);
    expect(jobs['.github/workflows/release.yml']![0]!.tags).toMatchObject({ line: 1 });
    expect(jobs['.github/workflows/manual.yml']![0]!.manual!.note).toMatch(/by hand/);
  });

  it('reads GitLab environments, when: manual and tag-only rules', () => {
    const [cfg] = ci({
      '.gitlab-ci.yml': [
        'stages: [deploy]',
        'deploy_staging:',
        '  stage: deploy',
        '  script: kubectl apply -k k8s/overlays/staging',
        '  environment: staging',
        'deploy_prod:',
        '  stage: deploy',
        '  script: kubectl apply -k k8s/overlays/prod',
        '  environment:',
        '    name: production',
        '  when: manual',
        'release:',
        '  script: echo',
        '  rules:',
        '    - if: $CI_COMMIT_TAG',
        '',
      ].join('\n'),
    }).configs;
    expect(cfg!.jobs!.map((j) => [j.name, j.environment?.name, !!j.manual, !!j.tags])).toEqual([
      ['deploy_staging', 'staging', false, false],
      ['deploy_prod', 'production', true, false],
      ['release', undefined, false, true],
    ]);
    expect(cfg!.jobs![1]!.manual!.line).toBe(11);
  });

  it('reads Bitbucket deployments, CircleCI approval jobs and Jenkins input steps', () => {
    const bb = ci({
      'bitbucket-pipelines.yml':
        'pipelines:\n  branches:\n    main:\n      - step:\n          name: Deploy\n          deployment: production\n          trigger: manual\n          script:\n            - ./deploy.sh\n',
    }).configs[0]!;
    expect(bb.jobs).toEqual([
      {
        name: 'Deploy',
        line: 5,
        environment: { name: 'production', line: 6 },
        manual: { line: 7, note: 'step Deploy runs only when started by hand' },
      },
    ]);
    const circle = ci({
      '.circleci/config.yml':
        'version: 2.1\njobs:\n  deploy:\n    steps: [checkout]\nworkflows:\n  main:\n    jobs:\n      - hold:\n          type: approval\n      - deploy:\n          requires: [hold]\n',
    }).configs[0]!;
    expect(circle.jobs!.find((j) => j.name === 'deploy')!.manual!.note).toBe('waits for the approval job hold');
    const jenkins = ci({
      Jenkinsfile:
        "pipeline {\n  stages {\n    stage('Prod') {\n      steps {\n        input message: 'Ship?'\n        sh './deploy.sh'\n      }\n    }\n  }\n}\n",
    }).configs[0]!;
    expect(jenkins.jobs![0]!.manual!.line).toBe(5);
  });

  it('keeps the inputs of GitHub actions', () => {
    const steps = ci({
      '.github/workflows/b.yml':
        'on: push\njobs:\n  b:\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          tags: acme/api:${{ github.sha }}\n',
    }).steps;
    expect(steps[0]!.with).toEqual({ push: true, tags: 'acme/api:${{ github.sha }}' });
  });

  it("fills ${{ env.NAME }} from the workflow's env, else a job's, and leaves a name set at run time alone", () => {
    const workflow = { env: { HUB: 'acme/ledger' }, jobs: { build: { env: { TAG: 'edge', HUB: 'other/name' } } } };
    expect(withWorkflowEnv(workflow, '${{ env.HUB }}:${{ env.TAG }}')).toBe('acme/ledger:edge');
    expect(withWorkflowEnv(workflow, 'ghcr.io/${{ env.IMAGE_NAME }}')).toBe('ghcr.io/${{ env.IMAGE_NAME }}');
  });

  it("runs an Azure DotNetCoreCLI task on its projects, with its template's parameters and the pipeline's variables", () => {
    const steps = ci({
      'azure-pipelines.yml':
        'variables:\n- name: Base\n  value: Acme.Orders\njobs:\n- template: templates/build.yml\n  parameters:\n    Base: $(Base)\n',
      'templates/build.yml':
        'parameters:\n  Base:\njobs:\n- job: Build\n  steps:\n  - task: DotNetCoreCLI@2\n    inputs:\n      command: publish\n      projects: src/${{ parameters.Base }}.Api/${{ parameters.Base }}.Api.csproj\n      arguments: -c Release\n  - task: DotNetCoreCLI@2\n    inputs:\n      command: publish\n      projects: src/${{ parameters.Unknown }}.Worker/Worker.csproj\n',
    }).steps.filter((st) => st.run?.startsWith('dotnet'));
    expect(steps.map((st) => [st.run, st.line])).toEqual([
      ['dotnet publish src/Acme.Orders.Api/Acme.Orders.Api.csproj -c Release', 9],
      // A parameter no caller passes stays as written.
      ['dotnet publish src/${{ parameters.Unknown }}.Worker/Worker.csproj', 14],
    ]);
  });
});

describe('detectCi: checks run while CI builds an image', () => {
  const workflow = (step: string) =>
    `on: [push, pull_request]\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n${step}`;
  const dockerfile = [
    'FROM golang:1.23 AS deps',
    'COPY go.mod go.sum ./',
    'RUN go mod download',
    'FROM deps AS unit',
    'RUN go test ./...',
    'FROM deps AS build',
    'RUN --mount=type=bind,from=unit,source=/etc/hostname,target=/tmp/tested go build -o /out/app .',
    'FROM gcr.io/distroless/static',
    'COPY --from=build /out/app /app',
  ].join('\n');

  it('follows the final stage to the stages it copies from, mounts or builds on (low: a side effect of the build)', () => {
    const f = ci({
      'svc/Dockerfile': dockerfile,
      '.github/workflows/ci.yml': workflow(
        '      - uses: docker/build-push-action@v6\n        with:\n          context: svc\n          push: false\n',
      ),
    });
    expect(f.tests).toMatchObject([{ tool: 'go test', confidence: 'low', state: 'active' }]);
  });

  it('a named target keeps the confidence of what its stages run; a stage the build does not need is not read', () => {
    const unneeded = dockerfile.replace(/,from=unit[^ ]*/, '');
    const target = ci({
      Dockerfile: unneeded,
      '.github/workflows/ci.yml': workflow('      - run: docker build --target unit .\n'),
    });
    expect(target.tests).toMatchObject([{ tool: 'go test', confidence: 'high' }]);
    const whole = ci({
      Dockerfile: unneeded,
      '.github/workflows/ci.yml': workflow('      - run: docker build -t app .\n'),
    });
    expect(whole.tests).toEqual([]);
    const templated = ci({
      Dockerfile: dockerfile,
      '.github/workflows/ci.yml': workflow(
        '      - uses: docker/build-push-action@v6\n        with:\n          file: ${{ matrix.file }}\n',
      ),
    });
    expect(templated.tests).toEqual([]);
  });
});

describe('detectCi: mix aliases', () => {
  it('`mix do` chains tasks: a `do:` keyword of mix.exs is no alias of that name', () => {
    const f = ci({
      'mix.exs': 'defmodule Shop.MixProject do\n  defp elixirc_paths(:test),\n    do: ["test/support", "lib"]\nend\n',
      '.github/workflows/ci.yml':
        'on: [push, pull_request]\njobs:\n  deps:\n    runs-on: ubuntu-latest\n    steps:\n      - run: mix do deps.get + deps.compile\n',
    });
    expect(f.tests).toEqual([]);
  });
});

describe('detectCi: find', () => {
  const step = (run: string) =>
    ci({
      '.github/workflows/ci.yml': `on: [push, pull_request]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${run}\n`,
    });
  it('matches file names and runs nothing, unless -exec runs a tool or a pipe hands them to one', () => {
    expect(step("find node_modules -name '.eslint*' -delete").lint).toEqual([]);
    expect(tools(step("find . -name '*.py' -exec pylint {} +").lint)).toEqual(['pylint']);
    expect(tools(step("find . -name '*.py' | xargs pylint").lint)).toEqual(['pylint']);
  });
});

describe('detectCi: ctest', () => {
  const workflow =
    'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ctest --output-on-failure\n';
  it("runs the commands CMakeLists.txt registers as tests, in either of add_test's forms", () => {
    const f = ci({
      '.github/workflows/ci.yml': workflow,
      'tests/CMakeLists.txt':
        'add_test(\n  NAME style\n  COMMAND ${CMAKE_SOURCE_DIR}/vendor/bin/php-cs-fixer fix --dry-run\n  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}\n)\nadd_test(types mypy src)\n',
    });
    expect(tools(f.lint)).toEqual(['PHP-CS-Fixer']);
    const plain = ci({ '.github/workflows/ci.yml': workflow, 'CMakeLists.txt': 'add_test(types mypy src)\n' });
    expect(tools(plain.lint)).toEqual(['mypy']);
  });
  it('finds no lint where ctest runs only test suites', () => {
    const f = ci({
      '.github/workflows/ci.yml': workflow,
      'CMakeLists.txt': 'add_test(NAME unit COMMAND ${CMAKE_SOURCE_DIR}/vendor/bin/phpunit)\n',
    });
    expect(tools(f.lint)).toEqual([]);
    expect(tools(f.tests)).toEqual(['ctest']);
  });
});

describe('detectCi: .NET build programs', () => {
  const workflow = (run: string) =>
    `name: ci\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: ${run}\n`;
  const bullseye = [
    'using static Bullseye.Targets;',
    'using static SimpleExec.Command;',
    'const string Compile = "compile";',
    'const string Check = "check";',
    'Target("tidy", ["out", "check"], dir => Directory.Delete(dir, true));',
    'Target(Compile, () => Run("dotnet", "build Shop.sln"));',
    'Target(Check, [Compile], () => Run("dotnet", $"test Shop.sln --no-build"));',
    'Target("default", [Check], () => Console.WriteLine("done"));',
    'await RunTargetsAndExitAsync(args);',
  ].join('\n');

  it('follows `dotnet run --project` into a Bullseye program: the default target and the targets it depends on', () => {
    const f = ci({
      '.github/workflows/ci.yml': workflow('dotnet run --project tools/make/make.csproj'),
      'tools/make/Program.cs': bullseye,
    });
    expect(tools(f.tests)).toEqual(['dotnet test']);
    expect(f.tests[0]?.note).toContain('tools/make');
  });

  it('runs only the targets named after `--`; a forEach input list is no dependency', () => {
    const only = ci({
      '.github/workflows/ci.yml': workflow('dotnet run --project tools/make -- compile'),
      'tools/make/Program.cs': bullseye,
    });
    expect(tools(only.tests)).toEqual([]);
    const tidy = ci({
      '.github/workflows/ci.yml': workflow('dotnet run --project tools/make -- tidy'),
      'tools/make/Program.cs': bullseye,
    });
    expect(tools(tidy.tests)).toEqual([]);
  });

  it("reads a NUKE build's default target and its DependsOn chain", () => {
    const nuke = [
      'class Build : NukeBuild',
      '{',
      '    public static int Main() => Execute<Build>(x => x.Pack);',
      '    Target Compile => _ => _.Executes(() => DotNetBuild(s => s));',
      '    Target UnitTests => _ => _.DependsOn(Compile).Executes(() => DotNetTest(s => s.SetProjectFile("Shop.sln")));',
      '    Target Pack => _ => _.DependsOn(UnitTests).Executes(() => DotNetPack(s => s));',
      '}',
    ].join('\n');
    const f = ci({
      '.github/workflows/ci.yml': workflow('dotnet run --project build/_build.csproj'),
      'build/Build.cs': nuke,
    });
    expect(tools(f.tests)).toEqual(['dotnet test']);
  });
});

describe('detectCi: mix do chains', () => {
  it('reads the tests in `mix do compile, test` and `mix do compile + test`, not in a chain without them', () => {
    const run = (cmd: string) =>
      tools(
        ci({
          '.github/workflows/ci.yml': `on: [push, pull_request]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${cmd}\n`,
        }).tests,
      );
    expect(run('MIX_ENV=test mix do compile, test')).toEqual(['mix test']);
    expect(run('mix do compile --warnings-as-errors + test --cover')).toEqual(['mix test']);
    expect(run('mix do deps.get, compile')).toEqual([]);
    expect(run('mix do deps.get, testbed.seed')).toEqual([]);
  });
});

describe('detectCi: GitLab local includes and job variables', () => {
  const unit = 'unit:\n  script:\n    - go test ./...\n';
  it('reads the files a pipeline includes from the repository: an object, a plain path, a glob, nested', () => {
    const paths = (files: Record<string, string>) => ci(files).configs.map((c) => c.path);
    expect(paths({ '.gitlab-ci.yml': 'include:\n  - local: "/jobs/unit.yml"\n', 'jobs/unit.yml': unit })).toEqual([
      '.gitlab-ci.yml',
      'jobs/unit.yml',
    ]);
    expect(paths({ '.gitlab-ci.yml': 'include: jobs/unit.yml\n', 'jobs/unit.yml': unit })).toContain('jobs/unit.yml');
    expect(paths({ '.gitlab-ci.yml': "include:\n  - local: 'jobs/*.yml'\n", 'jobs/unit.yml': unit })).toContain(
      'jobs/unit.yml',
    );
    expect(
      paths({
        '.gitlab-ci.yml': 'include:\n  - local: jobs/all.yml\n',
        'jobs/all.yml': 'include:\n  - local: jobs/unit.yml\n',
        'jobs/unit.yml': unit,
      }),
    ).toContain('jobs/unit.yml');
    expect(
      ci({ '.gitlab-ci.yml': 'include:\n  - local: "/jobs/unit.yml"\n', 'jobs/unit.yml': unit }).tests,
    ).toMatchObject([{ tool: 'go test', path: 'jobs/unit.yml' }]);
    // A YAML file nothing includes, and remote or other projects' files, are not read as the pipeline.
    expect(
      paths({ '.gitlab-ci.yml': 'include:\n  - remote: https://example.org/ci.yml\n', 'jobs/unit.yml': unit }),
    ).toEqual(['.gitlab-ci.yml']);
  });

  it("puts a job's variables, its templates' and the pipeline's into its script lines", () => {
    const own = ci({
      '.gitlab-ci.yml': 'unit:\n  variables:\n    RUN_TESTS: go test ./...\n  script:\n    - $RUN_TESTS\n',
    });
    expect(own.tests).toMatchObject([{ tool: 'go test', line: 5 }]);
    const inherited = ci({
      '.gitlab-ci.yml':
        '.base:\n  variables:\n    RUN_TESTS: vendor/bin/phpunit\nunit:\n  extends: .base\n  script:\n    - ${RUN_TESTS}\n',
    });
    expect(tools(inherited.tests)).toEqual(['PHPUnit']);
    const global = ci({
      '.gitlab-ci.yml': 'variables:\n  RUN_TESTS: go test ./...\nunit:\n  script:\n    - $RUN_TESTS\n',
    });
    expect(tools(global.tests)).toEqual(['go test']);
    // A name the script sets itself stays as written.
    const set = ci({
      '.gitlab-ci.yml':
        'variables:\n  RUN_TESTS: go test ./...\nunit:\n  script:\n    - RUN_TESTS=true; echo $RUN_TESTS\n',
    });
    expect(set.tests).toEqual([]);
  });
});

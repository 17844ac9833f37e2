import { defineRule } from '../../src/sdk/index.js';

export default defineRule({
  meta: {
    id: 'config.env-example',
    category: 'config',
    title: 'Configuration is documented by an example file or a table of variables',
    severity: 'medium',
    level: 1,
    scope: 'component',
    requires: ['config', 'own-config'],
    docs: {
      why: 'Whoever deploys or develops the service must know every variable it needs; an example file is the one place that lists them, next to the code that reads them.',
      how: 'Looks for env example files in any conventional name (.env.example, .env.sample, .env.template, .env.dist, example.env, env.example, *.env.example), annotated config samples (config.yml.example, app.example.ini, app.config.example, a defaults.hjson/defaults.toml or a reference config.yml kept in docs/ or examples/ with a comment for most settings), or a README/docs table or list naming at least three variables, or (for a service reading a settings file) a configuration section of the guides listing at least five of its keys with their meaning, or (low confidence) a fenced TOML/YAML/INI sample of at least five keys in a guide, introduced by the line above it as the configuration file to write. A committed .env with only placeholder values, or one annotated as the sample (a comment above most variables), and Spring application.yml files that reference ${VARIABLES} count with low confidence. An example that misses most of the variables the code reads by name passes with low confidence. n/a when production code reads no configuration or only command-line flags (clap lists them in `--help`), and for a command-line tool that reads at most two variables from the environment (an opt-out such as NO_UPDATE_CHECK): it is configured by its flags; and for a library, which takes its configuration from the application that uses it.',
      fix: [
        'Add a .env.example at the repository root listing every variable the app reads, with placeholder values and a comment each.',
        'Or document the variables in a README table (name, required, default, description).',
        'Keep it in sync: a test or startup check that compares the settings schema with the example catches drift.',
      ],
      effort: 'S',
      links: ['https://12factor.net/config'],
    },
    messages: {
      example: '{{file}} documents {{count}} configuration variable(s).',
      incomplete: '{{file}} exists but misses {{missing}} of the {{total}} variables the code reads ({{names}}).',
      sample: 'The configuration sample {{file}} documents the settings.',
      documented: '{{file}} documents {{count}} environment variables ({{names}}).',
      envAsExample:
        '{{file}} is committed with placeholder values only and lists {{count}} variables; it serves as the example.',
      settingsReference: '{{file}} documents {{count}} settings of the configuration file, each with its meaning.',
      settingsSample:
        '{{file}} shows a sample of the configuration file to write ({{count}} keys with values); their meaning is left to the prose around it.',
      annotatedEnv: '{{file}} is committed as the settings sample: a comment explains most of its {{count}} variables.',
      springPlaceholders:
        '{{file}} names the environment variables it reads (${VAR:default}); there is no separate example file.',
      missing:
        'The application reads configuration ({{via}}) but no .env.example, config sample or documented list of variables exists.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: [
      'env example',
      '.env.example',
      'env template',
      'environment variables documented',
      'configuration documented',
      'document all configuration',
    ],
  },
  check(ctx) {
    const { repo } = ctx;
    const cfg = ctx.facts.config;
    const reads = cfg.reads.filter((r) => !r.flag);
    if (!reads.length)
      return ctx.na(
        'configured by its command-line flags only (clap lists them in --help): no environment variable or settings file is read',
      );
    // An end-user command-line tool is configured by its flags and its own config file; an opt-out variable or two
    // (NO_UPDATE_CHECK, DEBUG) is not configuration an operator must be handed a list of.
    const kind = ctx.facts.kind;
    if (
      kind.kind === 'cli' &&
      cfg.names.length <= 2 &&
      reads.every((r) => /env|getenv|environ/i.test(r.via) && !/settings|config|\.NET/i.test(r.via))
    )
      return ctx.na(
        `${kind.reason}: configured by its flags${cfg.names.length ? `; it reads only ${cfg.names.join(', ')} from the environment` : ''}`,
      );
    const env = ctx.facts.envContents;
    const examples = env.examples;
    if (examples.length) {
      const best = examples[0]!;
      // Variables shown commented out with their defaults are documented too (`# APP_PORT=80`).
      const own = env.entries(best);
      const entries = own.length ? own : env.commented(best);
      // Drift: most variables the code reads are missing from every example file.
      const listed = new Set(examples.flatMap((p) => [...env.entries(p), ...env.commented(p)].map((e) => e.key)));
      const read = ctx.facts.config.names;
      const absent = read.filter((n) => !listed.has(n));
      if (entries.length && absent.length >= 2 && absent.length * 2 > read.length) {
        const where = reads[0];
        return ctx.pass(
          [
            ctx.at(best, undefined, `lists ${listed.size} variables`),
            ...(where ? [ctx.at(where.path, where.line, 'reads configuration')] : []),
          ],
          {
            messageId: 'incomplete',
            confidence: 'low',
            data: {
              file: best,
              missing: absent.length,
              total: read.length,
              names: absent.slice(0, 5).join(', ') + (absent.length > 5 ? ', …' : ''),
            },
          },
        );
      }
      return ctx.pass(
        examples.slice(0, 5).map((p) => ctx.at(p, undefined, 'environment example file')),
        // An example file that lists no variable is scaffolding: low confidence.
        {
          messageId: 'example',
          data: { file: best, count: entries.length },
          confidence: entries.length ? 'high' : 'low',
        },
      );
    }
    const samples = env.samples;
    if (samples.length) {
      return ctx.pass(
        samples.slice(0, 5).map((p) => ctx.at(p, undefined, 'annotated configuration sample')),
        {
          messageId: 'sample',
          data: { file: samples[0]! },
        },
      );
    }
    const documented = env.documentedVars();
    if (documented) {
      const { names } = documented;
      const first = [...names.values()][0]!;
      return ctx.pass([ctx.at(documented.path, first, `${names.size} environment variables documented`)], {
        messageId: 'documented',
        data: {
          file: documented.path,
          count: names.size,
          names: [...names.keys()].slice(0, 5).join(', ') + (names.size > 5 ? ', …' : ''),
        },
      });
    }
    // A service configured by a file: a configuration section of its guides lists the file's keys with their meaning.
    const settings = reads.some((r) => /settings|config/i.test(r.via)) ? env.documentedSettings() : undefined;
    if (settings) {
      if (settings.sample)
        return ctx.pass(
          [ctx.at(settings.path, settings.line, `sample configuration file with ${settings.count} keys`)],
          {
            messageId: 'settingsSample',
            confidence: 'low',
            data: { file: settings.path, count: settings.count },
          },
        );
      return ctx.pass([ctx.at(settings.path, settings.line, `${settings.count} settings documented`)], {
        messageId: 'settingsReference',
        data: { file: settings.path, count: settings.count },
      });
    }
    // A committed .env holding only placeholders (changethis, empty) is the example, as some templates ship it.
    const placeholders = env.placeholderEnv();
    if (placeholders) {
      const count = placeholders.entries.length;
      return ctx.pass([ctx.at(placeholders.path, undefined, `${count} variables with placeholder values`)], {
        messageId: placeholders.annotated ? 'annotatedEnv' : 'envAsExample',
        confidence: 'low',
        data: { file: placeholders.path, count },
      });
    }
    const spring = env.springPlaceholder();
    if (spring) {
      return ctx.pass([ctx.at(spring.path, spring.line, 'configuration names an environment variable')], {
        messageId: 'springPlaceholders',
        confidence: 'low',
        data: { file: spring.path },
      });
    }
    // .NET: appsettings.json is the committed configuration schema (every key with its default); environment variables
    // override keys as Section__Key.
    const appsettings = repo.files.find(
      (f) =>
        /(^|\/)appsettings\.json$/.test(f.path) && !f.isTest && ctx.facts.dotnet.projectOf(f.path)?.kind !== 'test',
    );
    if (appsettings && reads.some((r) => r.via.startsWith('.NET'))) {
      return ctx.pass(
        [
          ctx.at(
            appsettings.path,
            undefined,
            'appsettings.json lists the configuration keys (environment variables override them as Section__Key)',
          ),
        ],
        { messageId: 'sample', confidence: 'low', data: { file: appsettings.path } },
      );
    }
    // Rust config crate: layered files the code loads (configuration/base.yaml) are the documented settings.
    const layered = env.layeredConfig();
    if (layered) {
      return ctx.pass(
        [
          ctx.at(layered.load.path, layered.load.line, 'settings are loaded from committed configuration files'),
          ...layered.files.slice(0, 3).map((p) => ctx.at(p, undefined, 'configuration file with every setting')),
        ],
        { messageId: 'sample', confidence: 'low', data: { file: layered.files[0]! } },
      );
    }
    return ctx.gap(
      'missing',
      [
        ...reads.slice(0, 3).map((r) => ctx.at(r.path, r.line, `reads configuration (${r.via})`)),
        ctx.missing(
          [
            '.env.example',
            '.env.sample',
            '.env.template',
            '.env.dist',
            'example.env',
            '*.env.example',
            '*.yml.example',
            '*.example.ini',
            'README/docs table of variables',
          ],
          'no example or documented list of configuration variables',
        ),
      ],
      { data: { via: [...new Set(reads.map((r) => r.via))].slice(0, 3).join(', ') } },
    );
  },
});

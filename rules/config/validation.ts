import { defineRule } from '../../src/sdk/index.js';

export default defineRule({
  meta: {
    id: 'config.validation',
    category: 'config',
    title: 'Configuration is validated at startup',
    severity: 'medium',
    level: 2,
    scope: 'component',
    requires: ['config', 'own-config'],
    docs: {
      why: 'A missing or malformed variable should stop the service at boot with a clear message, not surface hours later as a None, NaN or empty string deep in a request.',
      how: 'Looks in production code for a settings schema applied to the environment: pydantic-settings BaseSettings, environs, dynaconf validators, zod .parse(process.env), t3-env, envalid cleanEnv, class-validator classes applied to process.env (validateSync), joi .validate(process.env), convict .validate, @nestjs/config validationSchema/validate, env-schema, Go envconfig/caarlos0-env with required tags, viper + validator, the Validate()/Verify() of a Go configuration struct called at start-up (log.Fatal on a missing setting in the configuration package is a low-confidence pass), Spring @ConfigurationProperties + @Validated, Micronaut constraints, dry-schema, envy, figment extract into a typed struct (Rust), .NET options with ValidateDataAnnotations/Validate/ValidateOnStart (GetRequiredSection and `?? throw` on reads are presence checks, low confidence). Ruby ENV.fetch("X") without a default and Rails require_master_key raise at boot when a value is missing: they count as presence checks (low confidence), and so does a module-level `invariant(process.env.X, …)` / `assert(process.env.X, …)` in Node code (a module-level `if (!process.env.X) throw new Error(…)` is a hand-written check, low confidence). A configuration file checked against a JSON schema with ajv when it is loaded is validated. n/a when production code reads no configuration or only browser-public variables (NEXT_PUBLIC_*, VITE_*: the bundler inlines them at build, the server reads nothing at run time), and for a library, which takes its configuration from the application that uses it (the application validates its own settings).',
      fix: [
        'Load every setting through one typed configuration object that is validated at start-up and fails fast with a message naming the missing or malformed variable.',
        'Rails: read required settings with ENV.fetch in config/initializers (or dry-configurable / anyway_config with required attributes).',
        'Python: declare a pydantic-settings BaseSettings class with typed fields and instantiate it at import time.',
        'Node: parse process.env with a zod schema (or envalid cleanEnv) in one config module and import only that module.',
        'Go: load into a struct with envconfig/env tags marked required and validate it before starting the server.',
        'Spring: bind @ConfigurationProperties and annotate it @Validated with Bean Validation constraints.',
        'Rust: deserialize settings into a typed struct once at start-up (figment / config / envy) and validate ranges (validator crate) before serving.',
        '.NET: builder.Services.AddOptions<T>().BindConfiguration("Section").ValidateDataAnnotations().ValidateOnStart().',
      ],
      effort: 'S',
    },
    messages: {
      validated: 'Configuration is validated at startup with {{validator}}.',
      presenceOnly: 'Configuration is only checked for presence ({{validator}}); types and values are not validated.',
      handWritten:
        'Configuration is checked by hand at startup ({{validator}}): a missing or malformed setting stops the service, but there is no schema covering every setting.',
      missing: 'Configuration is read directly ({{via}}) and never validated at startup.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: [
      'config validation',
      'configuration validation',
      'environment variable validation',
      'validate configuration',
      'settings validation',
      'env validation',
      'validated at startup',
    ],
  },
  check(ctx) {
    const { validated, handWritten, weak } = ctx.facts.configValidation;
    if (validated)
      return ctx.pass([ctx.at(validated.path, validated.line, validated.name)], {
        messageId: 'validated',
        data: { validator: validated.name },
      });
    if (handWritten) {
      return ctx.pass([ctx.at(handWritten.path, handWritten.line, handWritten.name)], {
        messageId: 'handWritten',
        confidence: 'low',
        data: { validator: handWritten.name },
      });
    }
    if (weak) {
      return ctx.pass([ctx.at(weak.path, weak.line, weak.name)], {
        messageId: 'presenceOnly',
        confidence: 'low',
        data: { validator: weak.name },
      });
    }
    const reads = ctx.facts.config.reads.filter((r) => !r.buildTime);
    if (!reads.length)
      return ctx.na(
        'the server reads no setting at run time: its only configuration is browser-public variables (NEXT_PUBLIC_*, VITE_*) the bundler inlines at build',
      );
    return ctx.gap(
      'missing',
      [
        ...reads.slice(0, 3).map((r) => ctx.at(r.path, r.line, `unvalidated configuration read (${r.via})`)),
        ctx.missing(
          [
            'pydantic-settings BaseSettings',
            'a zod or envalid schema applied to the environment',
            'joi or convict validation',
            '@nestjs/config validationSchema',
            'envconfig/env tags marked required',
            'viper + validator',
            '@ConfigurationProperties + @Validated',
            'Ruby ENV.fetch without a default',
          ],
          'no configuration schema validated at startup',
        ),
      ],
      { data: { via: [...new Set(reads.map((r) => r.via))].slice(0, 3).join(', ') } },
    );
  },
});

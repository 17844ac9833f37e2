import type { RepoIndex } from '../repo/index.js';

/** Where production code reads configuration from the environment or a settings layer. */
export interface ConfigRead {
  path: string;
  line: number;
  /** What was recognised: 'process.env', 'os.getenv', 'BaseSettings', '@Value', 'viper' ... */
  via: string;
}

export interface ConfigFacts {
  /** Production (non-test) reads of configuration, first per mechanism and file, at most a few dozen. */
  reads: ConfigRead[];
  any: boolean;
}

const READS: [RegExp, string, string[]][] = [
  [/\bos\.(environ\b|getenv\s*\()/, 'os.environ/os.getenv', ['python']],
  [/\b(BaseSettings|SettingsConfigDict)\b/, 'pydantic settings', ['python']],
  [/\benviron\.Env\s*\(|\bfrom decouple import\b|\bDynaconf\s*\(|\bload_dotenv\s*\(/, 'settings library', ['python']],
  [/\bprocess\.env\b|\bimport\.meta\.env\b|\bDeno\.env\b|\bBun\.env\b/, 'process.env', ['javascript', 'typescript']],
  [/\bConfigModule\.forRoot\b|\bConfigService\b/, '@nestjs/config', ['typescript', 'javascript']],
  [/\bos\.(Getenv|LookupEnv|Environ)\s*\(/, 'os.Getenv', ['go']],
  [/\bviper\.(Get\w*|Unmarshal|ReadInConfig|AutomaticEnv)\b|\benvconfig\.Process\b|\benv\.Parse\s*\(|\bkoanf\.New\b/, 'config library', ['go']],
  [/\bSystem\.getenv\s*\(|@Value\s*\(\s*"\$\{|@ConfigurationProperties\b|\bEnvironment\.getProperty\b/, 'Spring/Java configuration', ['java', 'kotlin', 'scala', 'groovy']],
  [/\bENV\s*(\[|\.fetch\b)|\bRails\.application\.(credentials|config_for)\b/, 'ENV', ['ruby']],
  [/\b(std::)?env::var(_os)?\s*\(|\benvy::from_env\b|\bconfig::Config::builder\b/, 'env::var', ['rust']],
  [/\bgetenv\s*\(|\$_ENV\b|\$_SERVER\s*\[\s*['"][A-Z]|\benv\s*\(\s*['"][A-Z]/, 'getenv', ['php']],
];

/**
 * Whether the application takes configuration at all: reads of environment variables or a settings layer
 * in production source. Spring Boot applications always read application.properties/yml.
 */
export function detectConfigReads(repo: RepoIndex): ConfigFacts {
  const reads: ConfigRead[] = [];
  for (const [re, via, languages] of READS) {
    const hits = repo.grep(re, { languages, kinds: ['source'], limit: 20 });
    const seen = new Set<string>();
    for (const h of hits) {
      if (seen.has(h.path)) continue;
      seen.add(h.path);
      reads.push({ path: h.path, line: h.line, via });
    }
  }
  const springConfig = repo.glob('**/src/main/resources/application*.{properties,yml,yaml}')[0];
  if (springConfig) reads.push({ path: springConfig.path, line: 1, via: 'Spring application configuration' });
  reads.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
  return { reads, any: reads.length > 0 };
}

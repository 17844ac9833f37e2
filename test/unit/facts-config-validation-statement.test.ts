import { describe, expect, it } from 'vitest';
import { statementAt } from '../../src/facts/config-validation.js';

describe('statementAt', () => {
  it('joins a statement continued on the next line up to its semicolon', () => {
    const lines = ['let s: Settings = toml::from_str(&text)', '    .unwrap_or_default();', 'let other = 1;'];
    expect(statementAt(lines, 1)).toBe('let s: Settings = toml::from_str(&text) .unwrap_or_default();');
  });

  it('reads past a semicolon inside a closure block to the one that ends the statement', () => {
    const lines = [
      'let cfg: Config = toml::from_str(&config_str).unwrap_or_else(|e| {',
      '    eprintln!("bad config: {e}");',
      '    std::process::exit(2)',
      '});',
      'run(cfg);',
    ];
    expect(statementAt(lines, 1)).toContain('std::process::exit(2) });');
    expect(statementAt(lines, 1)).not.toContain('run(cfg)');
  });

  it('ignores brackets inside string literals', () => {
    const lines = ['let c: Conf = toml::from_str(&conf).expect("not valid :(");', 'next();'];
    expect(statementAt(lines, 1)).toBe('let c: Conf = toml::from_str(&conf).expect("not valid :(");');
  });
});

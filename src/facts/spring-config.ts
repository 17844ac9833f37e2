// Spring Boot configuration: application properties and YAML flattened to dotted keys.
import type { Facts } from './index.js';

/** Spring Boot application properties/YAML, flattened to dotted keys with their line. */
export function springProperties(facts: Facts): Map<string, { value: string; file: string; line: number }> {
  return facts.repo.memo('api:spring-properties', () => {
    const out = new Map<string, { value: string; file: string; line: number }>();
    // Spring Boot reads classpath:/ and classpath:/config/ (JHipster keeps its files in src/main/resources/config/).
    for (const f of facts.repo.glob([
      '**/src/main/resources/application*.{properties,yml,yaml}',
      '**/src/main/resources/config/application*.{properties,yml,yaml}',
      'application*.{properties,yml,yaml}',
      'config/application*.{properties,yml,yaml}',
    ])) {
      const lines = facts.repo.lines(f.path);
      if (f.path.endsWith('.properties')) {
        lines.forEach((l, i) => {
          const m = /^\s*([\w.\-[\]]+)\s*[=:]\s*(.*)$/.exec(l);
          if (m && !l.trim().startsWith('#')) out.set(m[1]!, { value: m[2]!.trim(), file: f.path, line: i + 1 });
        });
      } else {
        const stack: { indent: number; key: string }[] = [];
        lines.forEach((l, i) => {
          if (!l.trim() || l.trim().startsWith('#') || l.trim() === '---') return;
          // A YAML list under the current key: `include:\n  - health\n  - prometheus` → "health,prometheus".
          const item = /^(\s*)-\s+["']?([^"'#]+?)["']?\s*(#.*)?$/.exec(l);
          if (item && stack.length) {
            const key = stack.map((x) => x.key).join('.');
            const prev = out.get(key);
            out.set(key, {
              value: prev ? `${prev.value},${item[2]}` : item[2]!,
              file: f.path,
              line: prev?.line ?? i + 1,
            });
            return;
          }
          const m = /^(\s*)([\w.\-"']+)\s*:\s*(.*)$/.exec(l);
          if (!m) return;
          const indent = m[1]!.length;
          while (stack.length && stack[stack.length - 1]!.indent >= indent) stack.pop();
          const key = [...stack.map((s) => s.key), m[2]!.replace(/["']/g, '')].join('.');
          const value = m[3]!.replace(/\s+#.*$/, '').trim();
          if (value) out.set(key, { value: value.replace(/^["']|["']$/g, ''), file: f.path, line: i + 1 });
          else stack.push({ indent, key: m[2]!.replace(/["']/g, '') });
        });
      }
    }
    return out;
  });
}

/**
 * Spring Boot Actuator on the classpath: declared, or brought by a starter of the organisation's own (HMPPS'
 * hmpps-kotlin-spring-boot-starter), known then from the configuration exposing its health endpoint over HTTP.
 */
export function springActuator(
  facts: Facts,
): { manifest: string; line?: number; note: string; fromConfiguration?: true } | undefined {
  const declared = facts.deps.declared(['jvm', 'spring-boot-starter-actuator']);
  if (declared) return { manifest: declared.manifest, line: declared.line, note: 'spring-boot-starter-actuator' };
  const include = springProperties(facts).get('management.endpoints.web.exposure.include');
  if (include && /\bhealth\b|\*/.test(include.value))
    return {
      manifest: include.file,
      line: include.line,
      note: 'actuator endpoints exposed over HTTP (the actuator comes with another starter)',
      fromConfiguration: true,
    };
  return undefined;
}

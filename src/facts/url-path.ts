/**
 * Joins URL path parts with one slash between them and one in front: `joinPath('/api/', 'v1', '/users')` is
 * `/api/v1/users`, and no parts (or only empty ones) give `/`. A part may be undefined at run time (an optional
 * regex group read behind `!`): it is skipped like an empty one.
 */
export function joinPath(...parts: string[]): string {
  const joined = parts
    .filter(Boolean)
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');
  return `/${joined}`;
}

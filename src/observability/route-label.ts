/**
 * The `route` label of the HTTP histogram: the route's template
 * (`/api/v1/leaders/:id`), never the raw path, so the series stay few
 * whatever ids clients send. Anything no route matched is one label.
 */
export const UNMATCHED_ROUTE = 'unmatched';

export function routeLabel(baseUrl: string, routePath: unknown): string {
  if (typeof routePath !== 'string' || routePath === '') {
    return UNMATCHED_ROUTE;
  }
  const joined = `${baseUrl}${routePath}`.replace(/\/{2,}/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

/** `Authorization: Bearer <token>` compared in constant time; any other header fails. */
export function bearerMatches(header: unknown, token: string, equal: EqualBytes): boolean {
  if (typeof header !== 'string') {
    return false;
  }
  const match = /^Bearer +(\S+) *$/i.exec(header);
  if (match === null) {
    return false;
  }
  return equal(match[1], token);
}

export type EqualBytes = (a: string, b: string) => boolean;

/**
 * Which GET paths belong to the dashboard (SPEC section 8): everything but
 * the API, the API document, health, metrics and the public reports, which
 * keep their meaning.
 */
const SERVICE_PREFIXES = ['/api', '/docs', '/health', '/metrics', '/public'];

export function isDashboardPath(path: string): boolean {
  return !SERVICE_PREFIXES.some(
    (prefix) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}-`),
  );
}

/** Built assets carry a content hash in their name, so they may be cached for good. */
export function isHashedAsset(path: string): boolean {
  return path.startsWith('/assets/');
}

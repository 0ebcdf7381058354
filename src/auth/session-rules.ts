/**
 * The rules of a dashboard session (SPEC section 8): a random id in an
 * HttpOnly, SameSite=Strict cookie, 8 hours of idleness and it is gone, and a
 * state-changing request carried by the cookie must come from the service's
 * own origin.
 */
import { randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'minsheng_session';
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;

export function generateSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/** A session used at `usedAt` lives until this instant unless used again. */
export function sessionExpiresAt(usedAt: Date): Date {
  return new Date(usedAt.getTime() + SESSION_IDLE_MS);
}

/** The value of one cookie in a `Cookie` header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) {
    return null;
  }
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return value.length > 0 ? value : null;
    }
  }
  return null;
}

/** A browser-session cookie: the server, not the browser, enforces the idle expiry. */
export function sessionCookie(sessionId: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${sessionId}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT${secure ? '; Secure' : ''}`;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/**
 * Whether a request comes from the service's own origin: its Origin header,
 * or failing that its Referer, names the scheme and host the request was sent
 * to. Neither header, or `Origin: null`, is not proof of anything.
 */
export function isSameOrigin(request: {
  protocol: string;
  host: string | undefined;
  origin: string | undefined;
  referer: string | undefined;
}): boolean {
  if (!request.host) {
    return false;
  }
  const own = originOf(`${request.protocol}://${request.host}`);
  const claimed =
    request.origin !== undefined
      ? originOf(request.origin)
      : request.referer !== undefined
        ? originOf(request.referer)
        : null;
  return own !== null && claimed !== null && claimed === own;
}

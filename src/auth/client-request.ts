import type { Request } from 'express';
import type { Principal } from './principal';
import { readCookie, SESSION_COOKIE, isSameOrigin } from './session-rules';

/** What the guard leaves on a request it let through. */
export interface AuthenticatedRequest extends Request {
  principal?: Principal;
  authenticatedBy?: 'key' | 'session';
}

/** The peer's address (no proxy is trusted: X-Forwarded-For is ignored). */
export function clientAddressOf(request: Request): { address: string } {
  return { address: request.ip ?? request.socket.remoteAddress ?? 'unknown' };
}

export function sessionIdOf(request: Request): string | null {
  return readCookie(request.headers.cookie, SESSION_COOKIE);
}

export function comesFromOwnOrigin(request: Request): boolean {
  return isSameOrigin({
    protocol: request.protocol,
    host: request.headers.host,
    origin: request.headers.origin,
    referer: request.headers.referer,
  });
}

/** The principal the guard found, and how it came in; null when nobody presented credentials. */
export function describeCaller(
  request: AuthenticatedRequest,
): (Principal & { via: 'key' | 'session' }) | null {
  if (!request.principal || !request.authenticatedBy) {
    return null;
  }
  const { keyId, name, role, leaderIds } = request.principal;
  return { keyId, name, role, leaderIds, via: request.authenticatedBy };
}

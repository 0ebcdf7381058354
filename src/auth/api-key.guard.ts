import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Forbidden, Unauthenticated } from '../common/domain-error';
import { ALLOWED_ROLES, OPTIONAL_CREDENTIALS, PUBLIC_ROUTE } from './auth.decorators';
import {
  type AuthenticatedRequest,
  clientAddressOf,
  comesFromOwnOrigin,
  sessionIdOf,
} from './client-request';
import type { Principal, Role } from './principal';
import { isStateChanging } from './session-rules';
import { SessionsService } from './sessions.service';

/**
 * Every route needs a valid key (Bearer) or a dashboard session (cookie)
 * unless marked @Public; @Roles narrows who may call it. Both ways in end in
 * the same principal, so roles, scoping and masking are the same.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) {
      return true;
    }
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (
      request.headers.authorization === undefined &&
      sessionIdOf(request) === null &&
      this.reflector.getAllAndOverride<boolean>(OPTIONAL_CREDENTIALS, targets)
    ) {
      return true;
    }
    const principal = await this.identify(request);
    request.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new Forbidden(
        `role ${principal.role} may not call this endpoint (allowed: ${roles.join(', ')})`,
      );
    }
    return true;
  }

  private async identify(request: AuthenticatedRequest): Promise<Principal> {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) {
        throw new Unauthenticated('missing Authorization: Bearer <api key>');
      }
      request.authenticatedBy = 'key';
      return this.sessions.authenticateKey(match[1], clientAddressOf(request));
    }
    const sessionId = sessionIdOf(request);
    if (sessionId === null) {
      throw new Unauthenticated('missing Authorization: Bearer <api key> or a session cookie');
    }
    if (isStateChanging(request.method) && !comesFromOwnOrigin(request)) {
      throw new Forbidden(
        'a state-changing request made with the session cookie must come from the dashboard’s own origin',
      );
    }
    const principal = await this.sessions.resume(sessionId);
    if (!principal) {
      throw new Unauthenticated('session expired or signed out; sign in again');
    }
    request.authenticatedBy = 'session';
    return principal;
  }
}

import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Forbidden, Unauthenticated } from '../common/domain-error';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './auth.decorators';
import { ApiKeysService } from './api-keys.service';
import type { Principal, Role } from './principal';

/** Every route needs a valid key unless marked @Public; @Roles narrows who may call it. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) {
      return true;
    }
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; principal?: Principal }>();
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) {
      throw new Unauthenticated('missing Authorization: Bearer <api key>');
    }
    const principal = await this.keys.authenticate(match[1]);
    if (!principal) {
      throw new Unauthenticated('unknown or revoked api key');
    }
    request.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new Forbidden(
        `role ${principal.role} may not call this endpoint (allowed: ${roles.join(', ')})`,
      );
    }
    return true;
  }
}

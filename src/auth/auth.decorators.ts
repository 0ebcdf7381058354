import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Principal, Role } from './principal';

export const PUBLIC_ROUTE = 'minsheng:public';
export const ALLOWED_ROLES = 'minsheng:roles';

/** No key needed (health, API document). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Which roles may call a route at all; object scoping is checked in the service. */
export const Roles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const request = context.switchToHttp().getRequest<{ principal: Principal }>();
  return request.principal;
});

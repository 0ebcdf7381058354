import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Principal, Role } from './principal';

export const PUBLIC_ROUTE = 'minsheng:public';
export const ALLOWED_ROLES = 'minsheng:roles';
export const OPTIONAL_CREDENTIALS = 'minsheng:optional-credentials';

/** No key needed (health, API document). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** No credentials is fine (the route answers for nobody); wrong credentials are still refused. */
export const OptionalCredentials = () => SetMetadata(OPTIONAL_CREDENTIALS, true);

/** Which roles may call a route at all; object scoping is checked in the service. */
export const Roles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const request = context.switchToHttp().getRequest<{ principal: Principal }>();
  return request.principal;
});

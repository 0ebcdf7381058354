import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { DomainError } from './domain-error';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Whether a handler reads the request body through a `@Body()` (or raw body) parameter. */
function declaresBody(context: ExecutionContext): boolean {
  const args = (Reflect.getMetadata(
    ROUTE_ARGS_METADATA,
    context.getClass(),
    context.getHandler().name,
  ) ?? {}) as Record<string, unknown>;
  return Object.keys(args).some((key) => {
    const type = Number(key.split(':')[0]);
    return type === Number(RouteParamtypes.BODY) || type === Number(RouteParamtypes.RAW_BODY);
  });
}

/**
 * The validation pipe only sees a body that a handler declares: a write
 * without a DTO (publish, poll, revoke, sign out) would otherwise accept any
 * fields and ignore them. Such a route takes no body, or an empty object;
 * anything else is the same 400 naming each field that the pipe gives.
 */
@Injectable()
export class BodylessRoutesInterceptor implements NestInterceptor {
  private readonly verdicts = new WeakMap<object, boolean>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<Request>();
      if (WRITES.has(request.method) && !this.takesBody(context)) {
        refuseContent(request.body as unknown);
      }
    }
    return next.handle();
  }

  private takesBody(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    let verdict = this.verdicts.get(handler);
    if (verdict === undefined) {
      verdict = declaresBody(context);
      this.verdicts.set(handler, verdict);
    }
    return verdict;
  }
}

function refuseContent(body: unknown): void {
  if (body === undefined || body === null) {
    return;
  }
  if (typeof body === 'object' && !Array.isArray(body)) {
    const fields = Object.keys(body);
    if (fields.length === 0) {
      return;
    }
    const problems = fields.map((field) => ({
      field,
      problems: [`property ${field} should not exist`],
    }));
    throw new DomainError(
      'invalid',
      'VALIDATION_FAILED',
      problems.map((p) => p.problems[0]).join('; '),
      { fields: problems },
    );
  }
  throw new DomainError('invalid', 'VALIDATION_FAILED', 'this request takes no body', {
    fields: [{ field: 'body', problems: ['this request takes no body'] }],
  });
}

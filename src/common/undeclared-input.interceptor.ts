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

/** What a handler reads of a request besides its path: a body, and which query parameters. */
interface DeclaredInput {
  body: boolean;
  /** null: a whole-query DTO, which the validation pipe checks itself. */
  query: ReadonlySet<string> | null;
}

function declaredInput(context: ExecutionContext): DeclaredInput {
  const args = (Reflect.getMetadata(
    ROUTE_ARGS_METADATA,
    context.getClass(),
    context.getHandler().name,
  ) ?? {}) as Record<string, { data?: unknown }>;
  let body = false;
  let query: Set<string> | null = new Set();
  for (const [key, arg] of Object.entries(args)) {
    const type = Number(key.split(':')[0]);
    if (type === Number(RouteParamtypes.BODY) || type === Number(RouteParamtypes.RAW_BODY)) {
      body = true;
    } else if (type === Number(RouteParamtypes.QUERY)) {
      if (typeof arg.data === 'string') {
        query?.add(arg.data);
      } else {
        query = null;
      }
    }
  }
  return { body, query };
}

/**
 * The validation pipe only sees what a handler declares. A write without a
 * body DTO (publish, poll, revoke, sign out) would otherwise accept any
 * fields and ignore them: such a route takes no body, or an empty object.
 * A route of the API without a query DTO would accept `?format=csv` and
 * answer JSON as if it had been heard: such a route takes no query
 * parameters but those it names. Anything else is the same 400 naming each
 * field that the pipe gives.
 */
@Injectable()
export class UndeclaredInputInterceptor implements NestInterceptor {
  private readonly declared = new WeakMap<object, DeclaredInput>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<Request>();
      const declared = this.declaredBy(context);
      if (WRITES.has(request.method) && !declared.body) {
        refuseContent(request.body as unknown);
      }
      // Express routes /API/v1/… as /api/v1/…: compare the same way.
      if (declared.query !== null && request.path.toLowerCase().startsWith('/api/')) {
        refuseQuery(request.query, declared.query);
      }
    }
    return next.handle();
  }

  private declaredBy(context: ExecutionContext): DeclaredInput {
    const handler = context.getHandler();
    let declared = this.declared.get(handler);
    if (declared === undefined) {
      declared = declaredInput(context);
      this.declared.set(handler, declared);
    }
    return declared;
  }
}

function unknownFields(fields: readonly string[], what: string): DomainError {
  const problems = fields.map((field) => ({
    field,
    problems: [`${what} ${field} should not exist`],
  }));
  return new DomainError(
    'invalid',
    'VALIDATION_FAILED',
    problems.map((p) => p.problems[0]).join('; '),
    { fields: problems },
  );
}

function refuseContent(body: unknown): void {
  if (body === undefined || body === null) {
    return;
  }
  if (typeof body === 'object' && !Array.isArray(body)) {
    const fields = Object.keys(body);
    if (fields.length > 0) {
      throw unknownFields(fields, 'property');
    }
    return;
  }
  throw new DomainError('invalid', 'VALIDATION_FAILED', 'this request takes no body', {
    fields: [{ field: 'body', problems: ['this request takes no body'] }],
  });
}

function refuseQuery(query: Request['query'], named: ReadonlySet<string>): void {
  const unknown = Object.keys(query ?? {}).filter((name) => !named.has(name));
  if (unknown.length > 0) {
    throw unknownFields(unknown, 'query parameter');
  }
}

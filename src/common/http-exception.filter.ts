import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { DomainError, type ErrorKind, TooManyAttempts } from './domain-error';
import type { Logger } from './logger';

const STATUS_OF: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unsupported_media_type: 415,
  rate_limited: 429,
  upstream: 502,
  unavailable: 503,
};

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
  correlationId?: string;
}

/** Errors reaching Express before Nest's router: body-parser's, mainly. */
interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  message?: string;
  /** body-parser: the size limit, in bytes, that a body passed. */
  limit?: number;
}

/**
 * The one place where errors become HTTP. Domain errors map by kind; Nest's
 * own HTTP exceptions (validation, unknown route) keep their status;
 * anything else is a 500 with a correlation id, logged with its stack and
 * never shown to the client.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const response = context.getResponse<Response>();
    const request = context.getRequest<Request>();
    const body = this.toBody(exception, request);
    if (!response.headersSent) {
      if (exception instanceof TooManyAttempts) {
        response.setHeader('Retry-After', String(exception.retryAfterSeconds));
      }
      response.status(body.statusCode).json(body);
    }
  }

  toBody(exception: unknown, request: Request): ErrorBody {
    if (exception instanceof DomainError) {
      return {
        statusCode: STATUS_OF[exception.kind],
        error: exception.code,
        message: exception.message,
        ...(exception.details ? { details: exception.details } : {}),
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse();
      const inner =
        typeof payload === 'string' ? payload : (payload as { message?: unknown }).message;
      const message = Array.isArray(inner)
        ? inner.map(String).join('; ')
        : typeof inner === 'string'
          ? inner
          : exception.message;
      return { statusCode: status, error: codeForStatus(status), message };
    }
    const httpish = exception as HttpishError | null;
    const status = httpish?.status ?? httpish?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return {
        statusCode: status,
        error: codeForStatus(status),
        message: bodyParserMessage(httpish),
      };
    }
    const correlationId = randomUUID();
    this.logger.error(
      {
        event: 'http.unexpected_error',
        correlationId,
        method: request.method,
        path: request.path,
        err: exception,
      },
      'unexpected error',
    );
    return {
      statusCode: 500,
      error: 'INTERNAL',
      message: 'internal error; quote the correlation id',
      correlationId,
    };
  }
}

const BODY_PARSER_MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'request body is not valid JSON',
  'encoding.unsupported': 'request body encoding is not supported; send UTF-8 JSON',
  'charset.unsupported': 'request body encoding is not supported; send UTF-8 JSON',
};

function bodyParserMessage(error: HttpishError | null): string {
  if (error?.type === 'entity.too.large' && typeof error.limit === 'number') {
    return `request body is larger than ${error.limit / 1_048_576} MB, the limit`;
  }
  const known = error?.type ? BODY_PARSER_MESSAGES[error.type] : undefined;
  return known ?? (error?.expose && error.message ? error.message : 'bad request');
}

function codeForStatus(status: number): string {
  const names: Record<number, string> = {
    400: 'BAD_REQUEST',
    401: 'UNAUTHENTICATED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    405: 'METHOD_NOT_ALLOWED',
    409: 'CONFLICT',
    413: 'PAYLOAD_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE',
    429: 'TOO_MANY_REQUESTS',
  };
  return names[status] ?? `HTTP_${status}`;
}

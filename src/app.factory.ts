import {
  type ArgumentMetadata,
  type INestApplication,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, type NextFunction, type Request, type Response } from 'express';
import { isUtf8 } from 'node:buffer';
import { AppModule } from './app.module';
import { UndeclaredInputInterceptor } from './common/undeclared-input.interceptor';
import type { Clock } from './common/clock';
import { DomainError } from './common/domain-error';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { forbiddenKey, MAX_JSON_DEPTH, nestsDeeperThan } from './common/json-body';
import { LOGGER, type Logger, PinoNestLogger } from './common/logger';
import { findUnsafeText } from './common/unsafe-text';
import type { AppConfig } from './config/app-config';
import { httpMetricsMiddleware } from './observability/http-metrics';
import { OpsMetrics } from './common/ops-metrics';
import { PrometheusOpsMetrics } from './observability/prometheus-ops-metrics';
import { serveDashboard } from './dashboard/serve-dashboard';

/**
 * The one problem a field is reported with: what it is (an integer, a UUID,
 * one of …) before its bounds, since `page=abc` is not an integer rather than
 * out of range. class-validator lists a field's constraints last decorator
 * first; the checks of a type or format are the ones named `is…`.
 */
function firstProblem(constraints: Record<string, string>): string {
  const entries = Object.entries(constraints).reverse();
  const kind = entries.find(([name]) => /^is[A-Z]/u.test(name));
  return (kind ?? entries[0])[1];
}

function flatten(errors: ValidationError[], parent = ''): { field: string; problems: string[] }[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: [firstProblem(error.constraints)] }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

function invalid(fields: { field: string; problems: string[] }[]): DomainError {
  return new DomainError(
    'invalid',
    'VALIDATION_FAILED',
    fields.map((f) => `${f.field} ${f.problems.join(', ')}`).join('; '),
    { fields },
  );
}

/**
 * The one validation pipe. Before a DTO is validated, every string and key
 * of the body, query and path parameters is checked for characters that
 * cannot be stored (control characters, lone surrogates): one 400 naming the
 * field, for every DTO and for the bodies a service checks itself.
 */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const unsafe = findUnsafeText(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
      if (unsafe) {
        throw invalid([{ field: unsafe.field, problems: [unsafe.problem] }]);
      }
    }
    return super.transform(value, metadata);
  }
}

/** Unknown fields, wrong types, malformed values: one 400 that names each field. */
export const validationPipe = new ApiValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => {
    const fields = flatten(errors);
    return new DomainError(
      'invalid',
      'VALIDATION_FAILED',
      fields.map((f) => f.problems.join(', ')).join('; '),
      { fields },
    );
  },
});

/**
 * Refuses, before it is parsed, a JSON body that is not UTF-8 (the parser
 * would store U+FFFD for each bad byte), that nests deeper than
 * MAX_JSON_DEPTH (the parser, the transformer and the validator all recurse
 * into it), or that has a key every object already has (`__proto__`: the
 * transformer would drop it without a word).
 */
function checkJsonBody(
  _request: unknown,
  _response: unknown,
  body: Buffer,
  encoding: string,
): void {
  // body-parser takes any utf-* charset; every check here reads UTF-8 bytes.
  if (encoding.toLowerCase() !== 'utf-8') {
    throw new DomainError(
      'unsupported_media_type',
      'UNSUPPORTED_MEDIA_TYPE',
      'request body encoding is not supported; send UTF-8 JSON',
      { charset: encoding },
    );
  }
  if (!isUtf8(body)) {
    throw new DomainError('invalid', 'BODY_NOT_UTF8', 'request body is not valid UTF-8', {});
  }
  if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
    throw new DomainError(
      'invalid',
      'BODY_TOO_DEEP',
      `request body nests deeper than ${MAX_JSON_DEPTH} levels, the limit`,
      { limit: MAX_JSON_DEPTH },
    );
  }
  const key = forbiddenKey(body);
  if (key !== null) {
    const problem = `property ${key} should not exist`;
    throw new DomainError('invalid', 'VALIDATION_FAILED', problem, {
      fields: [{ field: key, problems: [problem] }],
    });
  }
}

/** Every JSON body: a message, a follow-up, a leader, a snapshot request. */
export const JSON_BODY_LIMIT = '1mb';
/**
 * A ruleset is a document of its own (SPEC 3: replaceable through the
 * API); the shipped one, learned terms included, is 1.3 MB as a file.
 */
export const RULESET_BODY_LIMIT = '8mb';

/** How every Nest application of minsheng is created (body parsing is set up by configureApp). */
export const APPLICATION_OPTIONS = { bodyParser: false, bufferLogs: true, abortOnError: false };

/** Builds the HTTP application the same way for the service and for the tests. */
export async function createApp(
  config: AppConfig,
  options: { clock?: Clock } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, options),
    APPLICATION_OPTIONS,
  );
  return configureApp(app);
}

/**
 * The HTTP conventions of the whole API: structured logs, JSON bodies in
 * UTF-8 up to 1 MB (a ruleset 8 MB) and 32 levels deep, one validation pipe, one exception filter, the OpenAPI page.
 */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  const logger = app.get<Logger>(LOGGER);
  app.useLogger(new PinoNestLogger(logger));
  // PUT /api/v1/rules parses its own body first; every other body stops at 1 MB.
  // Parsing runs before the guard, so anyone may make this one route read 8 MB.
  const rulesetParser = json({ limit: RULESET_BODY_LIMIT, verify: checkJsonBody });
  app.use('/api/v1/rules', (request: Request, response: Response, next: NextFunction) =>
    request.method === 'PUT' && request.path === '/'
      ? rulesetParser(request, response, next)
      : next(),
  );
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT, verify: checkJsonBody });
  const ops = app.get(OpsMetrics);
  if (ops instanceof PrometheusOpsMetrics) {
    app.use(httpMetricsMiddleware(ops.httpDuration));
  }
  app.use((request: Request, response: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      logger.info(
        {
          event: 'http.request',
          method: request.method,
          path: request.originalUrl.split('?')[0],
          status: response.statusCode,
          ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
        },
        'request',
      );
    });
    next();
  });
  serveDashboard(app);
  app.useGlobalPipes(validationPipe);
  app.useGlobalInterceptors(new UndeclaredInputInterceptor());
  app.useGlobalFilters(new HttpExceptionFilter(logger));
  // On SIGTERM the hooks run (workers stop, leases freed, database closed),
  // then the process exits normally, so that pino flushes what they logged.
  app.enableShutdownHooks([], { useProcessExit: true });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('minsheng (民声)')
      .setDescription(
        'Citizens’ messages to leaders on Weibo, their follow-up, and responsiveness metrics',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json' });
  return app;
}

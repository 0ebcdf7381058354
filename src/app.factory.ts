import { type INestApplication, ValidationPipe, type ValidationError } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { AppModule } from './app.module';
import type { Clock } from './common/clock';
import { DomainError } from './common/domain-error';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { LOGGER, type Logger, PinoNestLogger } from './common/logger';
import type { AppConfig } from './config/app-config';
import { httpMetricsMiddleware } from './observability/http-metrics';
import { OpsMetrics } from './common/ops-metrics';
import { PrometheusOpsMetrics } from './observability/prometheus-ops-metrics';
import { serveDashboard } from './dashboard/serve-dashboard';

function flatten(errors: ValidationError[], parent = ''): { field: string; problems: string[] }[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Unknown fields, wrong types, malformed values: one 400 that names each field. */
export const validationPipe = new ValidationPipe({
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
 * The HTTP conventions of the whole API: structured logs, JSON bodies up to
 * 1 MB, one validation pipe, one exception filter, the OpenAPI page.
 */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  const logger = app.get<Logger>(LOGGER);
  app.useLogger(new PinoNestLogger(logger));
  app.useBodyParser('json', { limit: '1mb' });
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
  app.useGlobalFilters(new HttpExceptionFilter(logger));
  app.enableShutdownHooks();
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

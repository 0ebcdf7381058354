import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { currentLogContext } from './log-context';

/** One JSON line per event. Fields such as leaderId and feed go in the object, not the text. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'minsheng' },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: currentLogContext,
  });
}

/** Lets NestJS's own messages (module wiring, routes) go through the same pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}

export const LOGGER = Symbol('LOGGER');
export type { Logger };

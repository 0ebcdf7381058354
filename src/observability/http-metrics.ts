import type { NextFunction, Request, Response } from 'express';
import type { Histogram } from 'prom-client';
import { routeLabel } from './route-label';

/** Express middleware timing every request into the histogram, labelled by route template. */
export function httpMetricsMiddleware(histogram: Histogram<'method' | 'route' | 'status'>) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const stop = histogram.startTimer();
    response.on('finish', () => {
      const matched = (request as { route?: unknown }).route as { path?: unknown } | undefined;
      stop({
        method: request.method,
        route: routeLabel(request.baseUrl ?? '', matched?.path),
        status: String(response.statusCode),
      });
    });
    next();
  };
}

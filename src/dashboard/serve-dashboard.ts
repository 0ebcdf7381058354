import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { isDashboardPath, isHashedAsset } from './dashboard-paths';

/** The built dashboard: `dist/web` of the package this file belongs to. */
export function dashboardRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) {
    dir = dirname(dir);
  }
  return join(dir, 'dist', 'web');
}

const PAGE_HEADERS = {
  'Cache-Control': 'no-cache',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'Content-Security-Policy':
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
};

async function fileUnder(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = resolve(root, `.${decoded}`);
  if (!file.startsWith(root + sep) || decoded.includes('\0')) {
    return null;
  }
  try {
    return (await stat(file)).isFile() ? file : null;
  } catch {
    return null;
  }
}

/**
 * Serves the dashboard on the API's port: a built file when the path names
 * one, else index.html (history-API routing). Paths that belong to the
 * service fall through to it untouched.
 */
export function serveDashboard(app: NestExpressApplication, root = dashboardRoot()): void {
  const index = join(root, 'index.html');
  app.use((request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !isDashboardPath(request.path)) {
      next();
      return;
    }
    void fileUnder(root, request.path).then((file) => {
      const hashed = isHashedAsset(request.path);
      if (file) {
        response.sendFile(file, { maxAge: hashed ? '365d' : 0, immutable: hashed }, (error) => {
          if (error && !response.headersSent) {
            next(error);
          }
        });
        return;
      }
      if (hashed || !existsSync(index)) {
        response.status(404).json({
          statusCode: 404,
          error: 'NOT_FOUND',
          message: hashed ? 'no such asset' : 'the dashboard is not built: run npm run build',
        });
        return;
      }
      response.set(PAGE_HEADERS).sendFile(index, (error) => {
        if (error && !response.headersSent) {
          next(error);
        }
      });
    });
  });
}

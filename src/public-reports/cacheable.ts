import type { Request, Response } from 'express';
import type { Representation } from './public-reports.service';

/** Public pages may be kept by any cache for five minutes and revalidated by ETag. */
const CACHE_CONTROL = 'public, max-age=300';

/** Sends a representation, or 304 when the client's If-None-Match already names it. */
export function sendCacheable(request: Request, response: Response, rep: Representation): void {
  response.setHeader('ETag', rep.etag);
  response.setHeader('Cache-Control', CACHE_CONTROL);
  if (matches(request.headers['if-none-match'], rep.etag)) {
    response.status(304).end();
    return;
  }
  response.setHeader('Content-Type', rep.contentType);
  if (rep.filename) {
    response.setHeader('Content-Disposition', `attachment; filename="${rep.filename}"`);
  }
  if (rep.link) {
    response.setHeader('Link', rep.link);
  }
  response.status(200).send(rep.body);
}

function matches(header: string | undefined, etag: string): boolean {
  if (!header) {
    return false;
  }
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

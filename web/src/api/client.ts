/**
 * The dashboard's one way to the service: same-origin fetches to /api/v1
 * with the session cookie (HttpOnly: the page never sees it). The API key is
 * sent once, in the body of POST /api/v1/session, and kept nowhere.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
    /** What the service attached to a refusal (a conflict's deadline, say). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

function withQuery(path: string, query?: Query): string {
  if (!query) {
    return path;
  }
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      params.set(name, String(value));
    }
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

let onUnauthenticated: () => void = () => undefined;

/** What to do when a session ends under the page (expired, revoked). */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

async function send<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const response = await fetch(withQuery(path, query), {
    method,
    credentials: 'same-origin',
    headers: {
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) {
    return undefined as T;
  }
  const text = await response.text();
  let payload: unknown = null;
  try {
    payload = text ? JSON.parse(text) : null;
  } catch {
    payload = null;
  }
  if (!response.ok) {
    const error = (payload ?? {}) as {
      message?: string;
      error?: string;
      details?: Record<string, unknown>;
    };
    if (response.status === 401 && path !== '/api/v1/session') {
      onUnauthenticated();
    }
    throw new ApiError(
      response.status,
      error.message ?? response.statusText,
      error.error ?? `HTTP_${response.status}`,
      error.details ?? {},
    );
  }
  return payload as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => send<T>('GET', path, undefined, query),
  post: <T>(path: string, body: unknown = {}) => send<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => send<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => send<T>('PUT', path, body),
  delete: <T>(path: string) => send<T>('DELETE', path),
};

/** A GET url for a download the browser handles itself (the cookie goes along). */
export function downloadUrl(path: string, query?: Query): string {
  return withQuery(path, query);
}

import { api, ApiError } from '../api/client';

/** An endpoint another part of the service may not offer yet: a 404 or 405 for the route itself reads as "not available". */
export type Optional<T> = { available: true; data: T } | { available: false; status: number };

export async function optionalGet<T>(
  path: string,
  query?: Record<string, string | number | undefined>,
): Promise<Optional<T>> {
  try {
    return { available: true, data: await api.get<T>(path, query) };
  } catch (error) {
    if (
      error instanceof ApiError &&
      ((error.status === 404 && error.code === 'NOT_FOUND') ||
        error.status === 405 ||
        error.status === 501)
    ) {
      return { available: false, status: error.status };
    }
    throw error;
  }
}

/** Lists come as a Page or, from older endpoints, a bare array. */
export function itemsOf<T>(value: unknown): T[] {
  if (Array.isArray(value)) {
    return value as T[];
  }
  const page = value as { items?: unknown; flags?: unknown; appeals?: unknown } | null;
  for (const candidate of [page?.items, page?.flags, page?.appeals]) {
    if (Array.isArray(candidate)) {
      return candidate as T[];
    }
  }
  return [];
}

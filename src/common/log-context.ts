import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Fields that every log line written during a piece of work carries, however
 * deep the call that logs it: during a poll, the leader id and the feed, so
 * that the Weibo client's retries and the cases opened say whose they are.
 */
const context = new AsyncLocalStorage<Record<string, unknown>>();

export function withLogContext<T>(
  fields: Record<string, unknown>,
  work: () => Promise<T>,
): Promise<T> {
  return context.run({ ...context.getStore(), ...fields }, work);
}

export function currentLogContext(): Record<string, unknown> {
  return context.getStore() ?? {};
}

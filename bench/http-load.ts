/**
 * The load generator of bench:http, in its own process: autocannon run in the
 * service's process would share its event loop and its core, and every
 * figure would include the generator's own work. Forked by http.bench.ts; one
 * measurement per message, the result sent back.
 */
import autocannon from 'autocannon';

export interface LoadRequest {
  url: string;
  connections: number;
  seconds: number;
  headers: Record<string, string>;
  paths: string[];
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
  /** Status codes other than 2xx, with their counts, so a failure can be told apart. */
  statuses: Record<string, number>;
}

function run(request: LoadRequest): Promise<LoadResult> {
  let next = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: request.url,
        connections: request.connections,
        duration: request.seconds,
        headers: request.headers,
        requests: [
          {
            method: 'GET',
            setupRequest: (r) => {
              r.path = request.paths[next++ % request.paths.length];
              return r;
            },
          },
        ],
      },
      (error, result) => {
        if (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        const statuses: Record<string, number> = {};
        for (const [code, count] of Object.entries(result.statusCodeStats ?? {})) {
          if (!code.startsWith('2')) {
            statuses[code] = count.count ?? 0;
          }
        }
        resolve({
          rps: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          errors: result.errors + result.timeouts + result.non2xx,
          requests: result.requests.total,
          statuses,
        });
      },
    );
  });
}

process.on('message', (message: LoadRequest) => {
  run(message).then(
    (result) => process.send?.({ ok: true, result }),
    (error: unknown) => process.send?.({ ok: false, error: String(error) }),
  );
});

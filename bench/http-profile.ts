/**
 * ts-node bench/http-profile.ts: where the service's CPU goes on one route
 * under load. The application of bench:http, on its seeded database, under
 * the same load generator; V8's sampling profiler runs only while the load
 * does, and the profile is written for DevTools (or any .cpuprofile reader).
 *
 * Environment: PROFILE_ROUTE ("backlog", "case" or "metrics"; default
 * backlog), PROFILE_SECONDS (default 15), PROFILE_OUT (default
 * ./http-<route>.cpuprofile), and bench:http's DATABASE_URL, BENCH_LEADERS,
 * BENCH_CASES, BENCH_CONNECTIONS.
 */
import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { NestFactory } from '@nestjs/core';
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { AppModule } from '../src/app.module';
import { APPLICATION_OPTIONS, configureApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app-config';
import { openSeededDatabase } from './bench-database';
import { SPAN_END } from './bench-seed';
import type { LoadRequest, LoadResult } from './http-load';

const env = (name: string, fallback: number): number =>
  process.env[name] ? Number(process.env[name]) : fallback;
const ADMIN_KEY = 'msk_bench-admin-key-0123456789abcdef';
const ROUTE = process.env.PROFILE_ROUTE ?? 'backlog';

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const bench = await openSeededDatabase(
    serverUrl,
    'minsheng_bench_http',
    env('BENCH_LEADERS', 10_000),
    env('BENCH_CASES', 1_000_000),
    (line) => console.log(line),
  );
  const leaders = (
    await bench.db.query<{ id: string }>(
      `SELECT leader_id AS id FROM cases GROUP BY leader_id ORDER BY count(*) DESC LIMIT 200`,
    )
  ).map((r) => r.id);
  const cases = (
    await bench.db.query<{ id: string }>(`SELECT id FROM cases ORDER BY md5(id::text) LIMIT 1000`)
  ).map((r) => r.id);
  const asOf = new Date(SPAN_END);
  const window = `from=${encodeURIComponent(new Date(asOf.getTime() - 30 * 86_400_000).toISOString())}&to=${encodeURIComponent(asOf.toISOString())}`;
  const paths: Record<string, string[]> = {
    backlog: leaders.map((id) => `/api/v1/leaders/${id}/cases?page=1&pageSize=50`),
    case: cases.map((id) => `/api/v1/cases/${id}`),
    metrics: leaders.map((id) => `/api/v1/metrics/leaders/${id}?${window}`),
  };
  const app = configureApp(
    await NestFactory.create<NestExpressApplication>(
      AppModule.forRoot({
        ...loadConfig({}),
        databaseUrl: bench.url,
        port: 0,
        pollEnabled: false,
        adminKey: ADMIN_KEY,
        logLevel: 'silent',
      }),
      APPLICATION_OPTIONS,
    ),
  );
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const child = fork(path.join(__dirname, 'http-load.ts'), [], {
    execArgv: ['-r', 'ts-node/register/transpile-only'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const load = (seconds: number) =>
    new Promise<LoadResult>((resolve) => {
      child.once('message', (reply: { result: LoadResult }) => resolve(reply.result));
      const request: LoadRequest = {
        url: `http://127.0.0.1:${port}`,
        connections: env('BENCH_CONNECTIONS', 20),
        seconds,
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
        paths: paths[ROUTE],
      };
      child.send(request);
    });
  await load(5); // warm-up
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const cpu = process.cpuUsage();
  const result = await load(env('PROFILE_SECONDS', 15));
  const used = process.cpuUsage(cpu);
  const { profile } = await session.post('Profiler.stop');
  const out = process.env.PROFILE_OUT ?? `http-${ROUTE}.cpuprofile`;
  writeFileSync(out, JSON.stringify(profile));
  console.log(
    `${ROUTE}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ` +
      `${result.errors} errors; service CPU ${((used.user + used.system) / 1000 / result.requests).toFixed(2)} ms/req ` +
      `(with the profiler on); profile in ${out}`,
  );
  child.kill();
  await app.close();
  await bench.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * npm run bench:http
 *
 * The HTTP API under load, as an operator would see it: the real application
 * (guard, pipe, filter, logging, metrics middleware) on the PostgreSQL server
 * seeded like bench:metrics (10,000 leaders, 1,000,000 cases; seeded once
 * into its own database and reused), driven by autocannon at 20
 * connections over 127.0.0.1:
 *
 * - the backlog GET (/api/v1/leaders/:id/cases), the case GET, the leader
 *   metrics GET and /metrics, each right after a bare NestJS route of the same
 *   application (same guard, middleware, serialisation; no database), so the
 *   ratio to it is paired against this run's noise;
 * - then the same while poll cycles run against the fake Weibo in the
 *   same process.
 *
 * Leaders rotate over the 10 heaviest plus a uniform sample; cases over a
 * random thousand. Environment: DATABASE_URL (server; default
 * postgres://postgres@127.0.0.1:5432/postgres), BENCH_LEADERS / BENCH_CASES
 * (scale; e.g. 1000 and 100000 for a quick run), BENCH_SECONDS per
 * measurement (default 5), BENCH_RUNS (default 3), BENCH_POLL_FEEDS (feeds
 * on the fake, default 300), BENCH_CONNECTIONS (default 20).
 */
import 'reflect-metadata';
import { Controller, Get, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import autocannon from 'autocannon';
import { AppModule } from '../src/app.module';
import { APPLICATION_OPTIONS, configureApp } from '../src/app.factory';
import { Public } from '../src/auth/auth.decorators';
import { loadConfig } from '../src/config/app-config';
import type { Database } from '../src/database/database';
import { PollService } from '../src/polling/poll.service';
import { FakeWeibo } from '../test/fake-weibo/fake-weibo-server';
import { openSeededDatabase } from './bench-database';
import { SPAN_END } from './bench-seed';
import { populateFakeFeeds } from './fake-feeds';

const env = (name: string, fallback: number): number => {
  const raw = process.env[name];
  return raw === undefined || raw === '' ? fallback : Number(raw);
};
const LEADERS = env('BENCH_LEADERS', 10_000);
const CASES = env('BENCH_CASES', 1_000_000);
const SECONDS = env('BENCH_SECONDS', 5);
const RUNS = env('BENCH_RUNS', 3);
const POLL_FEEDS = env('BENCH_POLL_FEEDS', 300);
const CONNECTIONS = env('BENCH_CONNECTIONS', 20);
const ADMIN_KEY = 'msk_bench-admin-key-0123456789abcdef';
const DAY_MS = 86_400_000;
const mb = (bytes: number) => `${Math.round(bytes / 1_048_576)} MB`;

@Controller('bench')
class BareController {
  /** The framework's floor: routing, guard, middleware and JSON, no database. */
  @Public()
  @Get('bare')
  bare() {
    return { status: 'ok' };
  }
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
}

interface Target {
  label: string;
  paths: string[];
  auth: boolean;
}

function load(baseUrl: string, target: Target): Promise<Measured> {
  let next = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: baseUrl,
        connections: CONNECTIONS,
        duration: SECONDS,
        headers: target.auth ? { authorization: `Bearer ${ADMIN_KEY}` } : {},
        requests: [
          {
            method: 'GET',
            setupRequest: (request) => {
              request.path = target.paths[next++ % target.paths.length];
              return request;
            },
          },
        ],
      },
      (error, result) => {
        if (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        resolve({
          rps: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          errors: result.errors + result.timeouts + result.non2xx,
          requests: result.requests.total,
        });
      },
    );
  });
}

async function sample(db: Database) {
  const byLoad = await db.query<{ id: string }>(
    `SELECT leader_id AS id FROM cases GROUP BY leader_id ORDER BY count(*) DESC`,
  );
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const leaders = byLoad.slice(0, 10).map((r) => r.id);
  while (leaders.length < Math.min(200, byLoad.length)) {
    leaders.push(byLoad[10 + Math.floor(random() * (byLoad.length - 10))].id);
  }
  const cases = await db.query<{ id: string }>(
    `SELECT id FROM cases ORDER BY md5(id::text) LIMIT 1000`,
  );
  return { leaders, cases: cases.map((r) => r.id) };
}

/** Poll cycles one after another until stopped: the due feeds are made due again each time. */
function pollLoop(app: INestApplication, db: Database, leaderIds: string[]) {
  const polls = app.get(PollService);
  let stopping = false;
  let cycles = 0;
  let polled = 0;
  let failed = 0;
  const running = (async () => {
    while (!stopping) {
      await db.query(
        `UPDATE feeds SET next_poll_at = now() - interval '1 second', lease_owner = NULL,
                lease_expires_at = NULL WHERE leader_id = ANY($1::uuid[])`,
        [leaderIds],
      );
      const cycle = await polls.runCycle();
      cycles += 1;
      polled += cycle.polled;
      failed += cycle.failed;
    }
  })();
  return {
    stop: async () => {
      stopping = true;
      await running;
      return { cycles, polled, failed };
    },
  };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const spread = (values: number[], digits = 0) =>
  `${median(values).toFixed(digits)} [${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}]`;

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const log = (line: string) => console.log(line);
  const bench = await openSeededDatabase(serverUrl, 'minsheng_bench_http', LEADERS, CASES, log);
  const { leaders, cases } = await sample(bench.db);
  const polledFeeds = await bench.db.query<{ id: string; uid: string }>(
    `SELECT id, weibo_uid AS uid FROM leaders ORDER BY weibo_uid LIMIT $1`,
    [POLL_FEEDS],
  );

  const weibo = new FakeWeibo();
  const weiboUrl = await weibo.start();
  const feeds = populateFakeFeeds(
    weibo,
    polledFeeds.map((f) => f.uid),
    new Date(),
  );

  @Module({ imports: [AppModule.forRoot(benchConfig())], controllers: [BareController] })
  class BenchModule {}
  function benchConfig() {
    return {
      ...loadConfig({}),
      databaseUrl: bench.url,
      port: 0,
      weiboBaseUrl: weiboUrl,
      weiboMinIntervalMs: 0,
      pollEnabled: false,
      adminKey: ADMIN_KEY,
      logLevel: 'silent',
    };
  }
  const app = configureApp(
    await NestFactory.create<NestExpressApplication>(BenchModule, APPLICATION_OPTIONS),
  );
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;

  const asOf = new Date(SPAN_END);
  const windowQuery = `from=${encodeURIComponent(new Date(asOf.getTime() - 30 * DAY_MS).toISOString())}&to=${encodeURIComponent(asOf.toISOString())}&asOf=${encodeURIComponent(asOf.toISOString())}`;
  const bare: Target = { label: 'bare NestJS route', paths: ['/bench/bare'], auth: false };
  const targets: Target[] = [
    {
      label: 'backlog GET',
      paths: leaders.map((id) => `/api/v1/leaders/${id}/cases?page=1&pageSize=50`),
      auth: true,
    },
    { label: 'case GET', paths: cases.map((id) => `/api/v1/cases/${id}`), auth: true },
    {
      label: 'leader metrics GET',
      paths: leaders.map((id) => `/api/v1/metrics/leaders/${id}?${windowQuery}`),
      auth: true,
    },
    { label: '/metrics', paths: ['/metrics'], auth: false },
  ];

  console.log(
    `\nminsheng HTTP benchmark: ${LEADERS} leaders, ${CASES} cases on ${new URL(bench.url).host}; ` +
      `${CONNECTIONS} connections, ${SECONDS} s per measurement, ${RUNS} runs; ` +
      `${polledFeeds.length} feeds on the fake Weibo (${feeds.comments} comments)`,
  );
  console.log(`RSS after start: ${mb(process.memoryUsage().rss)}`);

  // Warm-up: plans cached, pages in memory, JIT warm, as in a running service.
  for (const target of [bare, ...targets]) {
    await load(baseUrl, { ...target, paths: target.paths.slice(0, 50) });
  }

  type Row = { target: Measured[]; bare: Measured[]; ratio: number[] };
  const phases = ['idle', 'polling'] as const;
  const results = new Map<string, Row>();
  const pollTotals = { cycles: 0, polled: 0, failed: 0 };
  for (let run = 0; run < RUNS; run++) {
    for (const phase of phases) {
      const poller =
        phase === 'polling'
          ? pollLoop(
              app,
              bench.db,
              polledFeeds.map((f) => f.id),
            )
          : null;
      for (const target of targets) {
        const floor = await load(baseUrl, bare);
        const measured = await load(baseUrl, target);
        const key = `${phase}|${target.label}`;
        const row = results.get(key) ?? { target: [], bare: [], ratio: [] };
        row.target.push(measured);
        row.bare.push(floor);
        row.ratio.push(measured.rps / floor.rps);
        results.set(key, row);
      }
      if (poller) {
        const done = await poller.stop();
        pollTotals.cycles += done.cycles;
        pollTotals.polled += done.polled;
        pollTotals.failed += done.failed;
      }
    }
    console.log(`  run ${run + 1}/${RUNS} done, RSS ${mb(process.memoryUsage().rss)}`);
  }

  console.log(
    `\nmedian [min–max] over ${RUNS} runs; ratio = requests/s ÷ the bare route's, measured just before`,
  );
  const header = `${'phase'.padEnd(8)} ${'target'.padEnd(20)} ${'req/s'.padStart(20)} ${'bare req/s'.padStart(20)} ${'ratio'.padStart(18)} ${'p50 ms'.padStart(14)} ${'p99 ms'.padStart(16)} ${'errors'.padStart(7)}`;
  console.log(header);
  console.log('-'.repeat(header.length));
  for (const phase of phases) {
    for (const target of targets) {
      const row = results.get(`${phase}|${target.label}`)!;
      console.log(
        `${phase.padEnd(8)} ${target.label.padEnd(20)} ${spread(row.target.map((m) => m.rps)).padStart(20)} ` +
          `${spread(row.bare.map((m) => m.rps)).padStart(20)} ${spread(row.ratio, 2).padStart(18)} ` +
          `${spread(row.target.map((m) => m.p50)).padStart(14)} ${spread(row.target.map((m) => m.p99)).padStart(16)} ` +
          `${String(row.target.reduce((n, m) => n + m.errors, 0)).padStart(7)}`,
      );
    }
  }
  console.log(
    `poll cycles during the polling phase: ${pollTotals.cycles} cycles, ${pollTotals.polled} feed polls, ${pollTotals.failed} failed`,
  );

  const idleBacklog = results.get('idle|backlog GET')!;
  const errors = [...results.values()].reduce(
    (n, row) => n + row.target.reduce((m, r) => m + r.errors, 0),
    0,
  );
  const worstP99 = Math.max(
    ...[...results.values()].map((row) => median(row.target.map((m) => m.p99))),
  );
  const within = targets.map((target) => {
    const idle = median(results.get(`idle|${target.label}`)!.target.map((m) => m.rps));
    const busy = median(results.get(`polling|${target.label}`)!.target.map((m) => m.rps));
    return { label: target.label, change: busy / idle - 1 };
  });
  console.log(
    within.map((w) => `${w.label}: ${(w.change * 100).toFixed(0)} % while polling`).join('; '),
  );
  console.log(
    `goals: 0 errors: ${errors === 0 ? 'met' : `MISSED (${errors})`}; backlog ratio ≥ 0.5: ` +
      `${median(idleBacklog.ratio) >= 0.5 ? 'met' : 'MISSED'} (${median(idleBacklog.ratio).toFixed(2)}); ` +
      `p99 ≤ 100 ms: ${worstP99 <= 100 ? 'met' : 'MISSED'} (worst median p99 ${worstP99} ms); ` +
      `within 20 % while polling: ${within.every((w) => Math.abs(w.change) <= 0.2) ? 'met' : 'MISSED'}`,
  );
  console.log(`RSS at the end: ${mb(process.memoryUsage().rss)}`);

  await app.close();
  await weibo.stop();
  await bench.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

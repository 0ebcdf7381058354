/**
 * npm run bench:http
 *
 * The HTTP API under load, as an operator would see it: the real application
 * (guard, pipe, filter, logging, metrics middleware) on the PostgreSQL server
 * seeded like bench:metrics (10,000 leaders, 1,000,000 cases; seeded once
 * into its own database and reused), driven by autocannon at 20
 * connections over 127.0.0.1 from a process of its own (http-load.ts):
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
 * on the fake, default 300), BENCH_CONNECTIONS (default 20), BENCH_TARGETS
 * (labels to measure, comma-separated, e.g. "backlog GET"), BENCH_PHASES
 * ("idle", "polling" or both), BENCH_RESEED=1 (seed the database again).
 * The bench connects to the server's database only to create its own; it
 * never writes to another.
 *
 * Besides requests/s and latency, each measurement reads the CPU time the
 * service's process and the database's backends (from /proc) spent on it:
 * on a machine shared with other jobs, wall-clock figures move with
 * everyone's load, CPU time per request much less.
 */
import 'reflect-metadata';
import { Controller, Get, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
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
import type { LoadRequest, LoadResult } from './http-load';

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
/** Comma-separated labels to measure (e.g. "backlog GET"); all when unset. */
const ONLY = (process.env.BENCH_TARGETS ?? '').split(',').filter((label) => label !== '');
/** "idle", "polling" or both (the default). */
const PHASES = (process.env.BENCH_PHASES ?? 'idle,polling').split(',');
const ADMIN_KEY = 'msk_bench-admin-key-0123456789abcdef';
const DAY_MS = 86_400_000;
const mb = (bytes: number) => `${Math.round(bytes / 1_048_576)} MB`;

/**
 * Under /api, as every route measured is: any other GET path belongs to the
 * dashboard, whose middleware would answer before the controller.
 */
@Controller('api/v1/bench')
class BareController {
  /** The framework's floor: routing, guard, middleware and JSON, no database. */
  @Public()
  @Get('bare')
  bare() {
    return { status: 'ok' };
  }
}

interface Measured extends LoadResult {
  /** CPU time per request of the service's process, in ms (the load generator's is not in it). */
  serviceCpu: number;
  /** CPU time per request of the PostgreSQL backends serving this database, in ms (null off this host). */
  databaseCpu: number | null;
}

/**
 * CPU time spent by the PostgreSQL backends connected to the bench database,
 * read from /proc: on a shared machine wall-clock figures move with
 * everyone's load, CPU time per request much less.
 */
async function databaseCpuMs(db: Database): Promise<Map<number, number> | null> {
  const backends = await db.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  const byPid = new Map<number, number>();
  for (const { pid } of backends) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      byPid.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      return null;
    }
  }
  return byPid;
}

/** CPU ms the backends spent between two readings; one that started in between counts from 0. */
function databaseCpuBetween(
  before: Map<number, number> | null,
  after: Map<number, number> | null,
): number | null {
  if (before === null || after === null) {
    return null;
  }
  let ms = 0;
  for (const [pid, total] of after) {
    ms += total - (before.get(pid) ?? 0);
  }
  return ms;
}

async function measure(db: Database, run: () => Promise<LoadResult>): Promise<Measured> {
  const dbBefore = await databaseCpuMs(db);
  const before = process.cpuUsage();
  const result = await run();
  const used = process.cpuUsage(before);
  const dbAfter = await databaseCpuMs(db);
  const requests = Math.max(1, result.requests);
  return {
    ...result,
    serviceCpu: (used.user + used.system) / 1000 / requests,
    databaseCpu: ((spent) => (spent === null ? null : spent / requests))(
      databaseCpuBetween(dbBefore, dbAfter),
    ),
  };
}

interface Target {
  label: string;
  paths: string[];
  auth: boolean;
}

/** One measurement, run by the load generator's own process (http-load.ts). */
function loader() {
  const child = fork(path.join(__dirname, 'http-load.ts'), [], {
    execArgv: ['-r', 'ts-node/register/transpile-only'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    load(baseUrl: string, target: Target): Promise<LoadResult> {
      const request: LoadRequest = {
        url: baseUrl,
        connections: CONNECTIONS,
        seconds: SECONDS,
        headers: target.auth ? { authorization: `Bearer ${ADMIN_KEY}` } : {},
        paths: target.paths,
      };
      return new Promise((resolve, reject) => {
        child.once(
          'message',
          (reply: { ok: true; result: LoadResult } | { ok: false; error: string }) => {
            if (reply.ok) {
              resolve(reply.result);
            } else {
              reject(new Error(reply.error));
            }
          },
        );
        child.send(request);
      });
    },
    close: () => child.kill(),
  };
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
  const bare: Target = { label: 'bare NestJS route', paths: ['/api/v1/bench/bare'], auth: false };
  const every: Target[] = [
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
  const targets = ONLY.length > 0 ? every.filter((t) => ONLY.includes(t.label)) : every;

  console.log(
    `\nminsheng HTTP benchmark: ${LEADERS} leaders, ${CASES} cases on ${new URL(bench.url).host}; ` +
      `${CONNECTIONS} connections, ${SECONDS} s per measurement, ${RUNS} runs; ` +
      `${polledFeeds.length} feeds on the fake Weibo (${feeds.comments} comments)`,
  );
  console.log(`RSS after start: ${mb(process.memoryUsage().rss)}`);

  const generator = loader();
  const load = (url: string, target: Target) =>
    measure(bench.db, () => generator.load(url, target));
  // Warm-up: plans cached, pages in memory, JIT warm, as in a running service.
  for (const target of [bare, ...targets]) {
    await load(baseUrl, { ...target, paths: target.paths.slice(0, 50) });
  }

  type Row = { target: Measured[]; bare: Measured[]; ratio: number[] };
  const phases = (['idle', 'polling'] as const).filter((phase) => PHASES.includes(phase));
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
    `\nmedian [min–max] over ${RUNS} runs; ratio = requests/s ÷ the bare route's, measured just before; ` +
      `CPU ratio = the bare route's CPU time per request ÷ the target's (service + PostgreSQL)`,
  );
  /** The bare route's CPU per request ÷ the target's: the ratio a machine of our own would give. */
  const cpuRatio = (row: Row) => {
    const of = (ms: Measured[]) => median(ms.map((m) => m.serviceCpu + (m.databaseCpu ?? 0)));
    return of(row.bare) / of(row.target);
  };
  const cpu = (ms: Measured[]) => {
    const service = median(ms.map((m) => m.serviceCpu)).toFixed(2);
    const database = ms.every((m) => m.databaseCpu !== null)
      ? median(ms.map((m) => m.databaseCpu!)).toFixed(2)
      : '?';
    return `${service} + ${database}`;
  };
  const header = `${'phase'.padEnd(8)} ${'target'.padEnd(20)} ${'req/s'.padStart(20)} ${'bare req/s'.padStart(20)} ${'ratio'.padStart(18)} ${'p50 ms'.padStart(14)} ${'p99 ms'.padStart(16)} ${'errors'.padStart(7)} ${'CPU ms/req'.padStart(18)} ${'CPU ratio'.padStart(9)}`;
  console.log(header);
  console.log('-'.repeat(header.length));
  for (const phase of phases) {
    for (const target of targets) {
      const row = results.get(`${phase}|${target.label}`)!;
      console.log(
        `${phase.padEnd(8)} ${target.label.padEnd(20)} ${spread(row.target.map((m) => m.rps)).padStart(20)} ` +
          `${spread(row.bare.map((m) => m.rps)).padStart(20)} ${spread(row.ratio, 2).padStart(18)} ` +
          `${spread(row.target.map((m) => m.p50)).padStart(14)} ${spread(row.target.map((m) => m.p99)).padStart(16)} ` +
          `${String(row.target.reduce((n, m) => n + m.errors, 0)).padStart(7)} ${cpu(row.target).padStart(18)} ${cpuRatio(row).toFixed(2).padStart(9)}`,
      );
    }
  }
  const bareRows = [...results.values()].flatMap((row) => row.bare);
  console.log(
    `bare route: CPU ms/req ${cpu(bareRows)}; CPU ms/req = the service's process + the PostgreSQL backends', medians`,
  );
  console.log(
    `poll cycles during the polling phase: ${pollTotals.cycles} cycles, ${pollTotals.polled} feed polls, ${pollTotals.failed} failed`,
  );

  // The bare route's answers count too: a floor that is not a 200 measures nothing.
  const measurements = [...results.values()].flatMap((row) => [...row.target, ...row.bare]);
  const errors = measurements.reduce((n, m) => n + m.errors, 0);
  const statuses = new Map<string, number>();
  for (const m of measurements) {
    for (const [code, count] of Object.entries(m.statuses)) {
      statuses.set(code, (statuses.get(code) ?? 0) + count);
    }
  }
  if (statuses.size > 0) {
    console.log(
      `non-2xx answers: ${[...statuses].map(([code, n]) => `${code} × ${n}`).join(', ')}`,
    );
  }
  if (targets.length === every.length && phases.length === 2) {
    const idleBacklog = results.get('idle|backlog GET')!;
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
        `${median(idleBacklog.ratio) >= 0.5 ? 'met' : 'MISSED'} (${median(idleBacklog.ratio).toFixed(2)}; ` +
        `by CPU time ${cpuRatio(idleBacklog).toFixed(2)}); ` +
        `p99 ≤ 100 ms: ${worstP99 <= 100 ? 'met' : 'MISSED'} (worst median p99 ${worstP99} ms); ` +
        `within 20 % while polling: ${within.every((w) => Math.abs(w.change) <= 0.2) ? 'met' : 'MISSED'}`,
    );
  }
  console.log(`RSS at the end: ${mb(process.memoryUsage().rss)}`);

  generator.close();
  await app.close();
  await weibo.stop();
  await bench.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

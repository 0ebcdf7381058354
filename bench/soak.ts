/**
 * npm run soak [-- --leaders 1000 --minutes 30 --cycle-minutes 5 --readers 20 --think-ms 100 --pglite]
 *
 * The service against the fake Weibo for --minutes of simulated time (the
 * clock is injected and moved one minute per step), with failures queued on
 * every step (418, 432, 5xx, HTML captcha pages, `ok: 0`, hanging
 * connections) while --readers concurrent API readers hit the REST API over
 * real HTTP. A poll cycle runs every --cycle-minutes, as the cron does
 * (POLL_CRON's default `*\/5`: 5); the failures queued since the last cycle
 * meet its first requests. With 1 every feed is polled every simulated
 * minute, five times what a deployment does. Then the failures stop, the
 * clock moves past every back-off, and the feeds are polled to the end.
 *
 * Each reader waits --think-ms between its requests (a dashboard or an
 * appraisal client, not a load generator: with 0 the readers saturate the
 * pool and the run measures how far reads starve polling instead). The run
 * prints the polls done per second of real time and the reads' p50/p99.
 *
 * A clean run first (same feeds, no failures, no readers) gives the store to
 * compare with. Passes when: no reader got a 5xx; RSS over the second half
 * of the soak does not grow beyond the first half's peak by more than 10 %;
 * the soaked store holds exactly the clean run's comments, one case per
 * actionable comment and one `case.opened` event per case.
 *
 * On the PostgreSQL server (DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres, scratch databases created and
 * dropped), or PGlite in memory with --pglite.
 */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { FakeWeibo, type FailureMode } from '../test/fake-weibo/fake-weibo-server';
import { WEIBO_CLIENT_TUNING } from '../src/polling/polling.module';
import { PollService } from '../src/polling/poll.service';
import { createLeader, issueKey, TestClock, type TestApp } from '../test/support/test-app';
import { startTestAppWith } from '../test/support/test-app-overrides';
import { populateFakeFeeds } from './fake-feeds';

const MINUTE = 60_000;
// Now: feeds are created due at the database's time; the clock starts there.
const START = new Date(Math.floor(Date.now() / MINUTE) * MINUTE);
const FAILURES: FailureMode[] = [418, 432, 500, 502, 'html', 'ok0', 'hang'];

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

interface Stored {
  comments: Set<string>;
  cases: number;
  duplicateCases: number;
  openedEvents: number;
}

async function startRun(weibo: FakeWeibo, clock: TestClock, leaders: number): Promise<TestApp> {
  const baseUrl = await weibo.start();
  const t = await startTestAppWith({
    overrides: [
      {
        provide: WEIBO_CLIENT_TUNING,
        // A hang costs the time-out; short, as the fault tests use.
        useValue: { timeoutMs: 1_500, maxRetries: 1, backoffBaseMs: 1, backoffMaxMs: 5 },
      },
    ],
    clock,
    config: { weiboBaseUrl: baseUrl, weiboMinIntervalMs: 0 },
  });
  const uids: string[] = [];
  for (let i = 0; i < leaders; i++) {
    const uid = String(6_100_000_000 + i);
    uids.push(uid);
    await createLeader(t, { weiboUid: uid, name: `领导${i}` });
  }
  populateFakeFeeds(weibo, uids, new Date(START.getTime() - MINUTE));
  return t;
}

async function stored(t: TestApp): Promise<Stored> {
  const comments = await t.db.query<{ id: string }>('SELECT id FROM comments');
  const [cases] = await t.db.query<{ n: string; d: string }>(
    `SELECT count(*) AS n, count(*) - count(DISTINCT comment_id) AS d FROM cases`,
  );
  const [opened] = await t.db.query<{ n: string }>(
    `SELECT count(*) AS n FROM audit_events WHERE action = 'case.opened'`,
  );
  return {
    comments: new Set(comments.map((row) => row.id)),
    cases: Number(cases.n),
    duplicateCases: Number(cases.d),
    openedEvents: Number(opened.n),
  };
}

/** Polls until a whole cycle finds nothing due, moving the clock past back-offs and re-read intervals. */
async function pollToTheEnd(polls: PollService, clock: TestClock, rounds: number): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    clock.advance(2 * 60 * MINUTE);
    await polls.runCycle(10);
  }
}

async function cleanRun(leaders: number): Promise<Stored> {
  const weibo = new FakeWeibo();
  const clock = new TestClock(START);
  const t = await startRun(weibo, clock, leaders);
  try {
    const started = Date.now();
    await pollToTheEnd(t.app.get(PollService), clock, 3);
    const result = await stored(t);
    console.log(
      `clean run: ${leaders} leaders, ${result.comments.size} comments, ${result.cases} cases ` +
        `in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return result;
  } finally {
    await t.close();
    await weibo.stop();
  }
}

async function soakRun(
  leaders: number,
  minutes: number,
  cycleMinutes: number,
  readerCount: number,
  thinkMs: number,
): Promise<{
  stored: Stored;
  statuses: Map<number, number>;
  rss: number[];
  failures: number;
  polls: number;
  pollSeconds: number;
  readSeconds: number;
  latencies: number[];
}> {
  const weibo = new FakeWeibo();
  const clock = new TestClock(START);
  const t = await startRun(weibo, clock, leaders);
  const server = t.app.getHttpServer() as Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const leaderIds = (
    await t.db.query<{ id: string }>('SELECT id FROM leaders ORDER BY id LIMIT 50')
  ).map((row) => row.id);
  const keys = {
    admin: t.admin.Authorization,
    evaluator: `Bearer ${(await issueKey(t, 'evaluator')).key}`,
    staff: `Bearer ${(await issueKey(t, 'staff', [leaderIds[0]])).key}`,
  };
  const statuses = new Map<number, number>();
  const latencies: number[] = [];
  let reading = true;
  const reader = async (n: number) => {
    for (let i = 0; reading; i++) {
      const leaderId = leaderIds[(n + i) % leaderIds.length];
      const [path, key] = [
        [`/api/v1/leaders?page=${1 + (i % 5)}&pageSize=50`, keys.admin],
        [`/api/v1/leaders/${leaderId}/cases?pageSize=20`, keys.admin],
        [`/api/v1/leaders/${leaderIds[0]}/cases?overdue=true`, keys.staff],
        [`/api/v1/metrics/leaders/${leaderId}`, keys.evaluator],
        [`/api/v1/metrics/ranking?pageSize=20`, keys.evaluator],
        ['/health', keys.admin],
        ['/metrics', keys.admin],
      ][(n + i) % 7];
      const sent = performance.now();
      try {
        const response = await fetch(`${base}${path}`, { headers: { Authorization: key } });
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      } catch {
        statuses.set(0, (statuses.get(0) ?? 0) + 1);
      }
      latencies.push(performance.now() - sent);
      if (thinkMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, thinkMs));
      }
    }
  };
  const poller = t.app.get(PollService);
  const rss: number[] = [];
  let failures = 0;
  let polls = 0;
  let pollSeconds = 0;
  let readSeconds = 0;
  const pollStarted = Date.now();
  const readers = Array.from({ length: readerCount }, (_, n) => reader(n));
  // RSS every 5 s of real time (after a collection), whether a cycle runs or not.
  const sampler = setInterval(() => {
    global.gc?.();
    rss.push(process.memoryUsage().rss);
  }, 5_000);
  try {
    for (let minute = 0; minute < minutes; minute++) {
      const mode = FAILURES[minute % FAILURES.length];
      // Hangs cost real time (the client's time-out): a few; the others: many.
      const count = mode === 'hang' ? 3 : 40;
      weibo.failNext(count, mode);
      failures += count;
      if (minute % cycleMinutes === 0) {
        polls += (await poller.runCycle(10)).polled;
      }
      clock.advance(MINUTE);
      if (minute % 5 === 4) {
        global.gc?.();
        rss.push(process.memoryUsage().rss);
        console.log(
          `  minute ${minute + 1}/${minutes}: RSS ${mb(rss[rss.length - 1])}, ${polls} polls, ` +
            `${latencies.length} reads, ${((Date.now() - pollStarted) / 1000).toFixed(0)} s`,
        );
      }
    }
    pollSeconds = (Date.now() - pollStarted) / 1000;
    weibo.clearFailures();
    await pollToTheEnd(poller, clock, 3);
  } finally {
    clearInterval(sampler);
    reading = false;
    await Promise.all(readers);
    readSeconds = (Date.now() - pollStarted) / 1000;
  }
  try {
    return {
      stored: await stored(t),
      statuses,
      rss,
      failures,
      polls,
      pollSeconds,
      readSeconds,
      latencies,
    };
  } finally {
    await t.close();
    await weibo.stop();
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--pglite')) {
    delete process.env.DATABASE_URL;
  } else {
    process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
  }
  const leaders = arg('leaders', 1000);
  const minutes = arg('minutes', 30);
  const cycleMinutes = Math.max(1, arg('cycle-minutes', 5));
  const readers = arg('readers', 20);
  const thinkMs = arg('think-ms', 100);
  const engine = process.env.DATABASE_URL ? 'postgresql' : 'pglite';
  console.log(
    `soak on ${engine}: ${leaders} leaders, ${minutes} simulated minutes, a poll cycle every ` +
      `${cycleMinutes}, ${readers} readers (${thinkMs} ms between a reader's requests)`,
  );
  const started = Date.now();
  const clean = await cleanRun(leaders);
  const soak = await soakRun(leaders, minutes, cycleMinutes, readers, thinkMs);
  const seconds = (Date.now() - started) / 1000;

  const requests = [...soak.statuses.values()].reduce((a, b) => a + b, 0);
  const errors = [...soak.statuses.entries()].filter(([status]) => status >= 500 || status === 0);
  const half = Math.floor(soak.rss.length / 2);
  const firstPeak = Math.max(...soak.rss.slice(0, half));
  const secondPeak = Math.max(...soak.rss.slice(half));
  const missing = [...clean.comments].filter((id) => !soak.stored.comments.has(id));
  const extra = [...soak.stored.comments].filter((id) => !clean.comments.has(id));
  const checks: [string, boolean][] = [
    [
      `no 5xx or failed request among ${requests} reads (${JSON.stringify(Object.fromEntries(soak.statuses))})`,
      errors.length === 0,
    ],
    [
      `RSS second half peak ${mb(secondPeak)} within 10 % of the first half's ${mb(firstPeak)}`,
      secondPeak <= firstPeak * 1.1,
    ],
    [
      `comments: ${soak.stored.comments.size} stored, clean run ${clean.comments.size}; ${missing.length} missing, ${extra.length} extra`,
      missing.length === 0 && extra.length === 0,
    ],
    [
      `cases: ${soak.stored.cases} (clean ${clean.cases}), ${soak.stored.duplicateCases} doubled; case.opened events ${soak.stored.openedEvents}`,
      soak.stored.cases === clean.cases &&
        soak.stored.duplicateCases === 0 &&
        soak.stored.openedEvents === soak.stored.cases,
    ],
  ];
  const sorted = [...soak.latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  console.log(`\n${soak.failures} Weibo failures injected; ${seconds.toFixed(0)} s in all`);
  console.log(
    `polling under the readers: ${soak.polls} polls in ${soak.pollSeconds.toFixed(0)} s, ` +
      `${(soak.polls / soak.pollSeconds).toFixed(1)} polls/s; reads ` +
      `${(sorted.length / soak.readSeconds).toFixed(0)}/s, p50 ${at(0.5).toFixed(0)} ms, ` +
      `p99 ${at(0.99).toFixed(0)} ms`,
  );
  for (const [line, ok] of checks) {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${line}`);
  }
  if (checks.some(([, ok]) => !ok)) {
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});

/**
 * npm run bench:memory [-- --feeds 10000 --cycle-seconds 45]
 *
 * Resident memory of the compiled service (`node dist/src/main.js`, built by
 * the npm script first), each case in a fresh process, read from
 * /proc/<pid>/status (VmRSS now, VmHWM the peak):
 *
 * - the parts, each alone in a bare Node process, next to an empty one (the
 *   baseline of this run): jieba's dictionaries as the service loads them,
 *   PGlite opened with its default 128 MB shared buffers and with the
 *   service's 16 MB, and initdb run in-process (what the service now runs in
 *   a child process);
 * - the embedded service: first boot on an empty data directory, then a
 *   restart on it, each after /health and one authenticated API read;
 * - the server-backed service with --feeds leaders' feeds due, polling them
 *   against the fake Weibo (empty timelines) for --cycle-seconds, RSS
 *   sampled every 100 ms.
 *
 * Goals (SPEC 11 issue): an idle embedded service under 450 MB; a
 * server-backed one with 10,000 feeds under 350 MB.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { FakeWeibo } from '../test/fake-weibo/fake-weibo-server';

const ROOT = join(__dirname, '..');
const MAIN = join(ROOT, 'dist', 'src', 'main.js');
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ADMIN_KEY = `msk_bench_${randomUUID().replace(/-/g, '')}`;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;

function status(pid: number): { rss: number; hwm: number } {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(text)?.[1] ?? 0);
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

/** A part alone: the script prints its own RSS in kB when done. */
function part(script: string, args: string[] = []): number {
  const out = execFileSync(
    process.execPath,
    [
      '-e',
      `${script}\n;Promise.resolve(main()).then(() => console.log(Math.round(process.memoryUsage().rss / 1024)))`,
      ...args,
    ],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
  );
  return Number(out.trim().split('\n').pop());
}

const JIEBA = `function main() {
  const j = require('nodejieba');
  j.load({ dict: j.DEFAULT_DICT, hmmDict: j.DEFAULT_HMM_DICT,
    userDict: 'src/classification/dict/user.dict.utf8', idfDict: j.DEFAULT_IDF_DICT,
    stopWordDict: j.DEFAULT_STOP_WORD_DICT });
  j.cut('楼下烧烤摊油烟太大，多次反映没人处理');
}`;

const PGLITE = `async function main() {
  const { PGlite } = require('@electric-sql/pglite');
  const [dir, buffers] = process.argv.slice(1);
  const startParams = buffers ? [...PGlite.defaultStartParams, '-c', 'shared_buffers=' + buffers] : undefined;
  const db = await PGlite.create({ dataDir: dir, startParams });
  await db.query('SELECT count(*) FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid');
  await db.close();
}`;

async function waitFor(url: string, headers: Record<string, string> = {}): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      const response = await fetch(url, { headers });
      if (response.ok) {
        return;
      }
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer`);
}

interface Running {
  child: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

let nextPort = 3900 + Math.floor(Math.random() * 500);

async function startService(env: Record<string, string>): Promise<Running> {
  const port = nextPort++;
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      MINSHENG_ADMIN_KEY: ADMIN_KEY,
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitFor(`http://127.0.0.1:${port}/health`);
  await waitFor(`http://127.0.0.1:${port}/api/v1/leaders?pageSize=20`, {
    Authorization: `Bearer ${ADMIN_KEY}`,
  });
  return {
    child,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function settled(pid: number): Promise<{ rss: number; hwm: number }> {
  await new Promise((resolve) => setTimeout(resolve, 2000));
  return status(pid);
}

async function main(): Promise<void> {
  if (!existsSync(MAIN)) {
    throw new Error('dist/src/main.js is missing: run npm run build:service');
  }
  const feeds = arg('feeds', 10_000);
  const cycleSeconds = arg('cycle-seconds', 45);
  const scratch = mkdtempSync(join(tmpdir(), 'minsheng-memory-'));
  try {
    console.log('The parts, each alone in a fresh Node process (RSS after loading):');
    const bare = part('function main() {}');
    console.log(`  empty Node process (baseline)                     ${mb(bare)}`);
    const jieba = part(JIEBA);
    console.log(
      `  + jieba dictionaries, as the service loads them   ${mb(jieba)}  (+${mb(jieba - bare)})`,
    );
    const fresh = join(scratch, 'parts');
    const initdb = part(PGLITE, [fresh, '16MB']);
    console.log(
      `  + PGlite initdb in-process, then opened           ${mb(initdb)}  (+${mb(initdb - bare)})`,
    );
    const pgDefault = part(PGLITE, [fresh]);
    console.log(
      `  + PGlite opened, default 128 MB shared buffers    ${mb(pgDefault)}  (+${mb(pgDefault - bare)})`,
    );
    const pgSmall = part(PGLITE, [fresh, '16MB']);
    console.log(
      `  + PGlite opened, the service's 16 MB              ${mb(pgSmall)}  (+${mb(pgSmall - bare)})`,
    );

    console.log('\nThe embedded service (after /health and one API read, 2 s settled):');
    const dataDir = join(scratch, 'data');
    const first = await startService({ MINSHENG_DATA_DIR: dataDir, POLL_ENABLED: 'false' });
    const firstRss = await settled(first.child.pid!);
    await first.stop();
    console.log(
      `  first boot, empty data directory   RSS ${mb(firstRss.rss)}, peak ${mb(firstRss.hwm)}`,
    );
    const again = await startService({ MINSHENG_DATA_DIR: dataDir, POLL_ENABLED: 'false' });
    const againRss = await settled(again.child.pid!);
    await again.stop();
    console.log(
      `  restart on it                      RSS ${mb(againRss.rss)}, peak ${mb(againRss.hwm)}`,
    );
    const embeddedWorst = Math.max(firstRss.rss, againRss.rss);
    console.log(
      `  goal idle embedded < 450 MB: ${embeddedWorst < 450 * 1024 ? 'met' : 'NOT met'} (${mb(embeddedWorst)})`,
    );

    console.log(`\nThe server-backed service with ${feeds} feeds due, polling the fake Weibo:`);
    const name = `bench_memory_${process.pid}`;
    const admin = new Client({ connectionString: SERVER_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(SERVER_URL);
    url.pathname = `/${name}`;
    const weibo = new FakeWeibo();
    try {
      const uids = Array.from({ length: feeds }, (_, i) => String(5_900_000_000 + i));
      uids.forEach((uid, i) => weibo.addUser(uid, `警方发布${i}`));
      const weiboUrl = await weibo.start();
      const env = {
        DATABASE_URL: url.toString(),
        WEIBO_BASE_URL: weiboUrl,
        WEIBO_MIN_INTERVAL_MS: '0',
      };
      const migrate = await startService({ ...env, POLL_ENABLED: 'false' });
      await migrate.stop();
      const db = new Client({ connectionString: url.toString() });
      await db.connect();
      await db.query(
        `WITH l AS (INSERT INTO leaders (name, weibo_uid) SELECT '基准', u FROM unnest($1::text[]) AS u RETURNING id)
         INSERT INTO feeds (leader_id, next_poll_at) SELECT id, '2025-01-01' FROM l`,
        [uids],
      );
      const service = await startService({ ...env, POLL_CRON: '* * * * * *' });
      const idle = status(service.child.pid!);
      let peak = idle.rss;
      const started = Date.now();
      while (Date.now() - started < cycleSeconds * 1000) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        peak = Math.max(peak, status(service.child.pid!).rss);
      }
      const end = status(service.child.pid!);
      const polled = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM feeds WHERE polls > 0`,
      );
      await service.stop();
      await db.end();
      console.log(
        `  after start RSS ${mb(idle.rss)}; over ${cycleSeconds} s of polling (${polled.rows[0].n} feeds polled) ` +
          `peak sampled ${mb(peak)}, VmHWM ${mb(end.hwm)}`,
      );
      console.log(
        `  goal server-backed with ${feeds} feeds < 350 MB: ${Math.max(peak, end.hwm) < 350 * 1024 ? 'met' : 'NOT met'}`,
      );
    } finally {
      await weibo.stop();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});

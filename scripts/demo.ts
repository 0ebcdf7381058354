/**
 * npm run demo: the service on a fresh embedded database (a new temporary
 * MINSHENG_DATA_DIR, removed on exit), a simulated Weibo in the same process
 * serving a generated 30-day scenario, harvested through the service's own
 * Weibo client, with staff work, surveys, snapshots, an appeal and a
 * publication recorded through the API. Prints the dashboard's URL and one
 * key per role, and runs until Ctrl-C.
 *
 *   npm run demo                      # PORT, MINSHENG_ADMIN_KEY and DEMO_SEED are honoured
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app-config';
import { FakeWeibo } from '../test/fake-weibo/fake-weibo-server';
import { type ApiCall, populate, serveScenario } from './demo/demo-steps';
import { generateScenario, scenarioCounts } from './demo/scenario';

const started = process.hrtime.bigint();
const seconds = () => (Number((process.hrtime.bigint() - started) / 1_000_000n) / 1000).toFixed(1);
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'minsheng-demo-'));
  const adminKey =
    process.env.MINSHENG_ADMIN_KEY?.trim() || `msk_demo-${randomBytes(12).toString('hex')}`;
  const seed = Number(process.env.DEMO_SEED ?? 2026);
  const scenario = generateScenario({ seed, now: new Date() });
  const counts = scenarioCounts(scenario);

  const weibo = new FakeWeibo({ commentsPageSize: 20, repliesPageSize: 10, inlineReplies: 2 });
  serveScenario(weibo, scenario);
  const weiboUrl = await weibo.start();

  const config = loadConfig({
    ...process.env,
    DATABASE_URL: '',
    MINSHENG_DATA_DIR: dataDir,
    WEIBO_BASE_URL: weiboUrl,
    WEIBO_MIN_INTERVAL_MS: '0',
    MINSHENG_ADMIN_KEY: adminKey,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const app: INestApplication = await createApp(config);
  await app.listen(config.port);
  const base = `http://localhost:${config.port}`;

  let closing = false;
  const shutdown = async () => {
    if (closing) {
      return;
    }
    closing = true;
    say('\nstopping the demo...');
    await app.close();
    await weibo.stop();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());

  say(`minsheng demo: service up after ${seconds()} s, populating...`);
  const call: ApiCall = async (method, path, key, body) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
  };
  const result = await populate(call, adminKey, scenario);

  say('');
  say(`民声 minsheng demo — populated ${seconds()} s after start`);
  say(`  dashboard     ${base}/`);
  say(`  API document  ${base}/docs`);
  say(
    `  public report ${base}/public/reports${result.publishedId ? `/${result.publishedId}` : ''}`,
  );
  say('');
  say('  keys (sign in at /login, or send "Authorization: Bearer <key>"):');
  const leaderName = scenario.leaders[0].name;
  for (const [role, key] of Object.entries(result.keys)) {
    const note =
      role === 'leader'
        ? ` (${leaderName})`
        : role === 'staff'
          ? ' (assigned to every demo leader)'
          : '';
    say(`    ${role.padEnd(10)} ${key}${note}`);
  }
  say('');
  say(
    `  simulated Weibo ${weiboUrl}: ${counts.leaders} leaders, ${counts.posts} posts, ` +
      `${counts.comments} citizen comments (${counts.byKind.spam ?? 0} spam, ` +
      `${counts.traditional} in traditional characters), ${counts.leaderReplies} leader replies ` +
      `(${counts.timings.on_time} on time, ${counts.timings.late} late, ` +
      `${counts.timings.boilerplate} boilerplate), over the last 30 days`,
  );
  say(
    `  harvested: ${result.cases} cases; ${result.followUps} staff follow-ups, ${result.surveys} surveys, ` +
      `${result.snapshotIds.length} snapshots (one published), ` +
      `${result.appealId ? '1 appeal waiting for a decision' : 'no appeal'}`,
  );
  say(`  embedded database in ${dataDir} (removed on exit)`);
  say('');
  say('Press Ctrl-C to stop.');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});

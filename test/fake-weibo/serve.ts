/**
 * Runs the fake m.weibo.cn on its own, for trying the service by hand:
 *
 *   npx ts-node test/fake-weibo/serve.ts [--port 8900] [--uid 2803301701 ...]
 *
 * Each uid gets the test feed (a pinned post, a long post, a busy post with a
 * long reply thread and leader replies). Point the service at it with
 * WEIBO_BASE_URL=http://127.0.0.1:8900 WEIBO_MIN_INTERVAL_MS=0.
 */
import { seedLeaderFeed } from '../support/feed-fixture';
import { FakeWeibo } from './fake-weibo-server';

function option(name: string, fallback: string[]): string[] {
  const values: string[] = [];
  process.argv.forEach((arg, i) => {
    if (arg === `--${name}` && process.argv[i + 1] !== undefined) {
      values.push(process.argv[i + 1]);
    }
  });
  return values.length > 0 ? values : fallback;
}

async function main(): Promise<void> {
  const port = Number(option('port', ['8900'])[0]);
  const uids = option('uid', ['2803301701']);
  const weibo = new FakeWeibo({ timelinePageSize: 2 });
  uids.forEach((uid, i) => {
    seedLeaderFeed(weibo, { uid, prefix: String(300 + i), now: new Date() });
  });
  const baseUrl = await weibo.start(port);
  process.stdout.write(`fake Weibo at ${baseUrl} with feeds for ${uids.join(', ')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});

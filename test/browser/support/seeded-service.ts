/**
 * The real service on a real database, listening on a port, fed by the fake
 * Weibo and polled through its own client: what the browser suite signs in to.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { FakeWeibo } from '../../fake-weibo/fake-weibo-server';
import { type SeededFeed, seedLeaderFeed } from '../../support/feed-fixture';
import { ADMIN_KEY, startTestApp, type TestApp, TestClock } from '../../support/test-app';

/** The wall clock, which a test may move ahead for a while (to see a period close). */
export class ShiftedClock extends TestClock {
  offsetMs = 0;
  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

export interface SeededLeader {
  id: string;
  name: string;
  weiboUid: string;
}

export interface SeededService {
  t: TestApp;
  clock: ShiftedClock;
  baseUrl: string;
  leaders: [SeededLeader, SeededLeader, SeededLeader];
  keys: { admin: string; leader: string; staff: string; auditor: string; evaluator: string };
  close(): Promise<void>;
}

const LEADERS = [
  {
    name: '王建国',
    title: '公安局局长',
    unit: '长沙市公安局',
    regionCode: '430100',
    weiboUid: '2803301701',
  },
  {
    name: '李秀英',
    title: '区长',
    unit: '岳麓区人民政府',
    regionCode: '430104',
    weiboUid: '2803301702',
  },
  {
    name: '陈志强',
    title: '交警支队支队长',
    unit: '长沙市公安局交通警察支队',
    regionCode: '430100',
    weiboUid: '2803301703',
  },
];

export interface SeedOptions {
  /** More for the fake Weibo to serve before the first poll (a comment of a kind a test needs). */
  beforePoll?: (weibo: FakeWeibo, feeds: SeededFeed[], now: Date) => void;
}

export async function startSeededService(options: SeedOptions = {}): Promise<SeededService> {
  const weibo = new FakeWeibo({ timelinePageSize: 2 });
  const now = new Date();
  const feeds = LEADERS.map((leader, i) =>
    seedLeaderFeed(weibo, {
      uid: leader.weiboUid,
      prefix: String(301 + i),
      now: new Date(now.getTime() - i * 36 * 3_600_000),
      screenName: leader.name,
    }),
  );
  options.beforePoll?.(weibo, feeds, now);
  const weiboUrl = await weibo.start();
  const clock = new ShiftedClock();
  const t = await startTestApp({ config: { weiboBaseUrl: weiboUrl }, clock });
  const server = t.app.getHttpServer() as Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const leaders: SeededLeader[] = [];
  for (const fields of LEADERS) {
    const created = await t.http.post('/api/v1/leaders').set(t.admin).send(fields).expect(201);
    leaders.push({ id: created.body.id, name: fields.name, weiboUid: fields.weiboUid });
    await t.http.post(`/api/v1/leaders/${created.body.id}/poll`).set(t.admin).expect(200);
  }
  const mint = async (role: string, leaderIds?: string[]) => {
    const names: Record<string, string> = {
      leader: '王建国本人',
      staff: '局长办公室',
      auditor: '市纪委督察室',
      evaluator: '市考评办',
    };
    const response = await t.http
      .post('/api/v1/api-keys')
      .set(t.admin)
      .send({ name: names[role], role, ...(leaderIds ? { leaderIds } : {}) })
      .expect(201);
    return response.body.key as string;
  };
  const keys = {
    admin: ADMIN_KEY,
    leader: await mint('leader', [leaders[0].id]),
    staff: await mint('staff', [leaders[0].id]),
    auditor: await mint('auditor'),
    evaluator: await mint('evaluator'),
  };
  const cases = await t.http
    .get(`/api/v1/leaders/${leaders[0].id}/cases?pageSize=5`)
    .set(t.as(keys.staff))
    .expect(200);
  const first = cases.body.items[0] as { id: string };
  await t.http
    .post(`/api/v1/cases/${first.id}/follow-ups`)
    .set(t.as(keys.staff))
    .send({ type: 'responded', text: '已电话联系市民，正在协调处理' })
    .expect(201);
  await t.http
    .post(`/api/v1/cases/${first.id}/satisfaction`)
    .set(t.as(keys.staff))
    .send({ level: '较满意', channel: 'callback' })
    .expect(201);
  return {
    t,
    clock,
    baseUrl,
    leaders: leaders as SeededService['leaders'],
    keys,
    close: async () => {
      await t.close();
      await weibo.stop();
    },
  };
}

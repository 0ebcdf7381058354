/**
 * The demo's steps over the service's own API: what a newcomer's service
 * holds after `npm run demo`. The scenario is served by the fake Weibo and
 * harvested for real by the service's Weibo client (poll now); staff work,
 * surveys, snapshots, an appeal and a publication go through the REST API
 * exactly as a client would send them.
 */
import type { FakeWeibo } from '../../test/fake-weibo/fake-weibo-server';
import type { Scenario } from './scenario';

export type ApiCall = (
  method: 'GET' | 'POST',
  path: string,
  key: string,
  body?: unknown,
) => Promise<{ status: number; body: unknown }>;

export type RoleKeys = Record<'admin' | 'leader' | 'staff' | 'auditor' | 'evaluator', string>;

export type DemoResult = {
  leaderIds: Record<string, string>;
  keys: RoleKeys;
  /** What the poll-now calls found new (the scheduler may have harvested some first). */
  polled: { posts: number; comments: number; cases: number };
  /** Cases the service holds once harvested. */
  cases: number;
  followUps: number;
  surveys: number;
  snapshotIds: string[];
  publishedId: string | null;
  appealId: string | null;
  /** Requests the API refused (a follow-up the case's state no longer allows, say). */
  refused: { path: string; status: number }[];
};

export function serveScenario(weibo: FakeWeibo, scenario: Scenario): void {
  for (const leader of scenario.leaders) {
    weibo.addUser(leader.uid, leader.screenName);
  }
  for (const { uid, post } of scenario.posts) {
    weibo.addPost(uid, post);
  }
  for (const { postId, comment } of scenario.comments) {
    weibo.addComment(postId, comment);
  }
  for (const { rootId, reply } of scenario.replies) {
    weibo.addReply(rootId, reply);
  }
}

type CaseItem = { id: string; message: { weiboId: string } };

export async function populate(
  call: ApiCall,
  adminKey: string,
  scenario: Scenario,
): Promise<DemoResult> {
  const refused: { path: string; status: number }[] = [];
  const ok = async (
    method: 'GET' | 'POST',
    path: string,
    key: string,
    body?: unknown,
  ): Promise<unknown> => {
    const response = await call(method, path, key, body);
    if (response.status >= 400) {
      refused.push({ path, status: response.status });
      return null;
    }
    return response.body;
  };
  const must = async <T>(method: 'GET' | 'POST', path: string, key: string, body?: unknown) => {
    const response = await call(method, path, key, body);
    if (response.status >= 400) {
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    }
    return response.body as T;
  };

  const leaderIds: Record<string, string> = {};
  for (const leader of scenario.leaders) {
    const created = await must<{ id: string }>('POST', '/api/v1/leaders', adminKey, {
      name: leader.name,
      title: leader.title,
      unit: leader.unit,
      regionCode: leader.regionCode,
      weiboUid: leader.uid,
    });
    leaderIds[leader.uid] = created.id;
  }
  const first = leaderIds[scenario.leaders[0].uid];
  const slow = scenario.leaders.find((l) => l.style === 'slow');
  const mint = async (role: string, ids?: string[]) =>
    (
      await must<{ key: string }>('POST', '/api/v1/api-keys', adminKey, {
        name: `demo ${role}`,
        role,
        ...(ids ? { leaderIds: ids } : {}),
      })
    ).key;
  const keys: RoleKeys = {
    admin: adminKey,
    leader: await mint('leader', [first]),
    staff: await mint('staff', Object.values(leaderIds)),
    auditor: await mint('auditor'),
    evaluator: await mint('evaluator'),
  };

  const polled = { posts: 0, comments: 0, cases: 0 };
  for (const id of Object.values(leaderIds)) {
    // The scheduler may be polling a new leader's feed already: wait for it, then poll now.
    for (let attempt = 0; ; attempt += 1) {
      const response = await call('POST', `/api/v1/leaders/${id}/poll`, adminKey);
      if (response.status === 409 && attempt < 240) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      if (response.status >= 400) {
        throw new Error(`poll ${id}: ${response.status} ${JSON.stringify(response.body)}`);
      }
      const counts = response.body as typeof polled;
      polled.posts += counts.posts;
      polled.comments += counts.comments;
      polled.cases += counts.cases;
      break;
    }
  }

  const caseOf = new Map<string, string>();
  for (const id of Object.values(leaderIds)) {
    for (let page = 1; ; page += 1) {
      const listed = await must<{ items: CaseItem[]; total: number }>(
        'GET',
        `/api/v1/leaders/${id}/cases?pageSize=200&page=${page}`,
        adminKey,
      );
      for (const item of listed.items) {
        caseOf.set(item.message.weiboId, item.id);
      }
      if (page * 200 >= listed.total) {
        break;
      }
    }
  }

  let followUps = 0;
  for (const followUp of scenario.followUps) {
    const caseId = caseOf.get(followUp.commentId);
    if (caseId === undefined) {
      continue;
    }
    const { commentId: _commentId, ...body } = followUp;
    if (await ok('POST', `/api/v1/cases/${caseId}/follow-ups`, keys.staff, body)) {
      followUps += 1;
    }
  }
  let surveys = 0;
  for (const survey of scenario.surveys) {
    const caseId = caseOf.get(survey.commentId);
    if (caseId === undefined) {
      continue;
    }
    const { commentId: _commentId, ...body } = survey;
    if (await ok('POST', `/api/v1/cases/${caseId}/satisfaction`, keys.staff, body)) {
      surveys += 1;
    }
  }

  const now = scenario.now.getTime();
  const day = 86_400_000;
  const monthly = await must<{ id: string }>('POST', '/api/v1/snapshots', keys.evaluator, {
    from: new Date(now - 30 * day).toISOString(),
    to: new Date(now).toISOString(),
    name: '近30日微博留言响应考评（演示）',
  });
  const weekly = await must<{ id: string }>('POST', '/api/v1/snapshots', keys.evaluator, {
    from: new Date(now - 7 * day).toISOString(),
    to: new Date(now).toISOString(),
    name: '近7日微博留言响应考评（演示）',
  });
  const published = await ok('POST', `/api/v1/snapshots/${monthly.id}/publish`, adminKey);

  // The slow leader contests one of its cases; it waits for an evaluator on /snapshots.
  let appealId: string | null = null;
  if (slow) {
    const slowCases = await must<{ items: CaseItem[] }>(
      'GET',
      `/api/v1/leaders/${leaderIds[slow.uid]}/cases?pageSize=1`,
      adminKey,
    );
    if (slowCases.items.length > 0) {
      const appeal = (await ok('POST', `/api/v1/snapshots/${monthly.id}/appeals`, adminKey, {
        leaderId: leaderIds[slow.uid],
        caseIds: [slowCases.items[0].id],
        reason: '该留言反映的路段属交警大队辖区，不应计入县公安局',
      })) as { id: string } | null;
      appealId = appeal?.id ?? null;
    }
  }

  return {
    leaderIds,
    keys,
    polled,
    cases: caseOf.size,
    followUps,
    surveys,
    snapshotIds: [monthly.id, weekly.id],
    publishedId: published ? monthly.id : null,
    appealId,
    refused,
  };
}

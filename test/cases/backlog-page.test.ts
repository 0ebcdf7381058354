import {
  type CaseListFilter,
  CasesRepository,
  SELECT_CASES,
  toCaseRecord,
} from '../../src/cases/cases.repository';
import type { CaseRow } from '../../src/cases/cases.repository';
import { CalendarService } from '../../src/cases/calendar.service';
import { toCaseView } from '../../src/cases/case-view';
import { offsetOf, type PageRequest } from '../../src/common/pagination';
import { createLeader, issueKey, startTestApp, TestClock, type TestApp } from '../support/test-app';
import { seedCase } from './case-seed';

/**
 * The backlog page carries its count in the same statement and proves its
 * leader with its rows; it must answer exactly what a read of the leader, a
 * separate count and page did, for every filter, on every page, past the end
 * included, and the HTTP body must be, byte for byte, the one those gave.
 */
describe('the backlog page and its total in one statement', () => {
  let t: TestApp;
  let repository: CasesRepository;
  let leader: { id: string; weiboUid: string };
  let other: { id: string; weiboUid: string };
  const now = new Date('2025-03-06T04:00:00Z');

  beforeAll(async () => {
    t = await startTestApp({ clock: new TestClock(now) });
    repository = t.app.get(CasesRepository);
    leader = await createLeader(t);
    other = await createLeader(t);
    const kinds = ['complaint', 'help', 'inquiry'] as const;
    const categories = ['noise', 'urban', 'household_id'] as const;
    for (let i = 0; i < 14; i++) {
      const seeded = await seedCase(t, leader, {
        createdAt: new Date(Date.UTC(2025, 2, 3, 1 + (i % 5), i)),
        kind: kinds[i % 3],
        category: categories[(i >> 1) % 3],
      });
      if (i % 4 === 1) {
        await t.db.execute(
          `UPDATE cases SET status = 'responded', first_response_at = opened_at + interval '1 hour',
                  first_response_by = 'staff' WHERE id = $1`,
          [seeded.id],
        );
      } else if (i % 4 === 2) {
        await t.db.execute(
          `UPDATE cases SET status = 'resolved', outcome = 'resolved',
                  first_response_at = opened_at + interval '2 hours', first_response_by = 'staff',
                  resolved_at = opened_at + interval '3 hours', closed_at = opened_at + interval '3 hours'
           WHERE id = $1`,
          [seeded.id],
        );
      } else if (i === 7) {
        await t.db.execute(
          `UPDATE cases SET status = 'closed', outcome = 'referred', referred_to = '城管',
                  closed_at = opened_at + interval '4 hours' WHERE id = $1`,
          [seeded.id],
        );
      }
    }
    await seedCase(t, other, { createdAt: new Date('2025-03-03T02:00:00Z') });
  });

  afterAll(async () => {
    await t.close();
  });

  /** The two statements the backlog ran before. */
  async function separately(filter: CaseListFilter, page: PageRequest) {
    const conditions = ['c.leader_id = $1'];
    const params: unknown[] = [filter.leaderId];
    const add = (condition: string, value: unknown) => {
      params.push(value);
      conditions.push(condition.replace(/\?/g, `$${params.length}`));
    };
    if (filter.status) {
      add('c.status = ?', filter.status);
    }
    if (filter.category) {
      add('c.category = ?', filter.category);
    }
    if (filter.kind) {
      add('c.kind = ?', filter.kind);
    }
    if (filter.overdue !== undefined) {
      add(
        `(c.first_response_at IS NULL AND c.acknowledge_deadline < ?) = ${filter.overdue ? 'true' : 'false'}`,
        filter.now,
      );
    }
    const where = conditions.join(' AND ');
    const [{ total }] = await t.db.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM cases c WHERE ${where}`,
      params,
    );
    const rows = await t.db.query<CaseRow>(
      `${SELECT_CASES} WHERE ${where}
       ORDER BY c.status IN ('resolved', 'closed'),
                CASE WHEN c.first_response_at IS NULL THEN c.acknowledge_deadline ELSE c.resolve_deadline END,
                c.opened_at, c.id
       LIMIT ${page.pageSize} OFFSET ${offsetOf(page)}`,
      params,
    );
    return { items: rows.map(toCaseRecord), total, page: page.page, pageSize: page.pageSize };
  }

  const filters: Omit<CaseListFilter, 'leaderId' | 'now'>[] = [
    {},
    { status: 'open' },
    { status: 'resolved' },
    { kind: 'help' },
    { category: 'urban', kind: 'complaint' },
    { overdue: true },
    { overdue: false, status: 'open' },
    { status: 'closed', category: 'noise' },
  ];

  it.each(filters)('answers %j as the separate count and page did', async (fields) => {
    const filter = { ...fields, leaderId: leader.id, now };
    const expectedTotal = (await separately(filter, { page: 1, pageSize: 200 })).total;
    for (const page of [1, 2, 3, 4].map((n) => ({ page: n, pageSize: 5 }))) {
      const served = await repository.listForLeader(filter, page);
      expect(served).toEqual(await separately(filter, page));
      expect(served?.total).toBe(expectedTotal);
    }
  });

  it('gives the whole count on a page past the end, where no row carries it', async () => {
    const served = await repository.listForLeader(
      { leaderId: leader.id, now },
      { page: 9, pageSize: 5 },
    );
    expect(served?.items).toEqual([]);
    expect(served?.total).toBe(14);
  });

  it('counts only the leader’s own cases', async () => {
    const served = await repository.listForLeader(
      { leaderId: leader.id, now },
      { page: 1, pageSize: 50 },
    );
    expect(served?.total).toBe(14);
    expect(served?.items).toHaveLength(14);
    expect(new Set(served?.items.map((c) => c.leaderId))).toEqual(new Set([leader.id]));
  });

  it('serves over HTTP, byte for byte, the body the separate reads gave', async () => {
    const calendar = t.app.get(CalendarService).current;
    const queries: [string, CaseListFilter, PageRequest][] = [
      ['page=1&pageSize=50', { leaderId: leader.id, now }, { page: 1, pageSize: 50 }],
      ['page=2&pageSize=4', { leaderId: leader.id, now }, { page: 2, pageSize: 4 }],
      [
        'status=open&kind=help&pageSize=3',
        { leaderId: leader.id, now, status: 'open', kind: 'help' },
        { page: 1, pageSize: 3 },
      ],
      ['overdue=true', { leaderId: leader.id, now, overdue: true }, { page: 1, pageSize: 50 }],
      ['page=9&pageSize=5', { leaderId: leader.id, now }, { page: 9, pageSize: 5 }],
      ['', { leaderId: other.id, now }, { page: 1, pageSize: 50 }],
    ];
    for (const [query, filter, page] of queries) {
      const before = await separately(filter, page);
      const expected = JSON.stringify({
        ...before,
        items: before.items.map((record) => toCaseView(record, now, false, calendar)),
      });
      const response = await t.http
        .get(`/api/v1/leaders/${filter.leaderId}/cases?${query}`)
        .set(t.admin)
        .buffer(true)
        .parse((res, done) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          res.on('end', () => done(null, text));
        })
        .expect(200);
      expect(response.body).toBe(expected);
    }
  });

  it('answers a leader with no cases with an empty page', async () => {
    const empty = await createLeader(t);
    const response = await t.http.get(`/api/v1/leaders/${empty.id}/cases`).set(t.admin).expect(200);
    expect(response.body).toEqual({ items: [], total: 0, page: 1, pageSize: 50 });
  });

  it('refuses an unknown leader (404) before a leader the key is not bound to (403)', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const notFound = await t.http.get(`/api/v1/leaders/${unknown}/cases`).set(t.admin).expect(404);
    const staff = await issueKey(t, 'staff', [other.id]);
    const scopedNotFound = await t.http
      .get(`/api/v1/leaders/${unknown}/cases`)
      .set(t.as(staff.key))
      .expect(404);
    expect(scopedNotFound.body).toEqual(notFound.body);
    await t.http.get(`/api/v1/leaders/${leader.id}/cases`).set(t.as(staff.key)).expect(403);
    await t.http.get(`/api/v1/leaders/${other.id}/cases`).set(t.as(staff.key)).expect(200);
  });
});

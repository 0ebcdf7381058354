import { type AuditRow, toEvent } from '../../src/audit/audit.repository';
import { computeEventHash } from '../../src/audit/hash-chain';
import type { Sql } from '../../src/database/database';
import { seedCase } from '../cases/case-seed';
import { createLeader, issueKey, startTestApp, TestClock, type TestApp } from '../support/test-app';

interface VerifyBody {
  ok: boolean;
  checked: number;
  firstBrokenSeq: number | null;
  reason: string | null;
}

describe('the audit chain: listing, verification, tampering by raw SQL', () => {
  let t: TestApp;
  let clock: TestClock;
  let leaderA: { id: string; weiboUid: string };
  let leaderB: { id: string; weiboUid: string };
  let auditor: { Authorization: string };
  let caseA: string;
  let pristine: AuditRow[];

  /** What someone with the database owner's rights could do: bypass the append-only trigger. */
  const bypassingTrigger = (work: (tx: Sql) => Promise<void>) =>
    t.db.transaction(async (tx) => {
      await tx.execute(`SET LOCAL session_replication_role = replica`);
      await work(tx);
    });

  const restore = () =>
    bypassingTrigger(async (tx) => {
      await tx.execute(`DELETE FROM audit_events`);
      for (const row of pristine) {
        await tx.execute(
          `INSERT INTO audit_events (seq, occurred_at, actor, action, case_id, leader_id, before, after, prev_hash, hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10)`,
          [
            row.seq,
            row.occurred_at,
            row.actor,
            row.action,
            row.case_id,
            row.leader_id,
            JSON.stringify(row.before),
            JSON.stringify(row.after),
            row.prev_hash,
            row.hash,
          ],
        );
      }
    });

  const verify = async (): Promise<VerifyBody> =>
    (await t.http.get('/api/v1/audit/verify').set(auditor).expect(200)).body as VerifyBody;

  beforeAll(async () => {
    clock = new TestClock(new Date('2025-03-03T02:00:00Z'));
    t = await startTestApp({ clock });
    leaderA = await createLeader(t);
    leaderB = await createLeader(t);
    auditor = t.as((await issueKey(t, 'auditor')).key);
    const staffA = t.as((await issueKey(t, 'staff', [leaderA.id])).key);
    const staffB = t.as((await issueKey(t, 'staff', [leaderB.id])).key);
    caseA = (await seedCase(t, leaderA)).id;
    clock.advance(3_600_000);
    const caseB = (await seedCase(t, leaderB)).id;
    clock.advance(3_600_000);
    await t.http
      .post(`/api/v1/cases/${caseA}/follow-ups`)
      .set(staffA)
      .send({ type: 'responded', text: '已联系市民并安排处理' })
      .expect(201);
    clock.advance(3_600_000);
    await t.http
      .post(`/api/v1/cases/${caseA}/satisfaction`)
      .set(staffA)
      .send({ level: '满意', channel: 'callback' })
      .expect(201);
    clock.advance(3_600_000);
    await t.http
      .post(`/api/v1/cases/${caseB}/follow-ups`)
      .set(staffB)
      .send({ type: 'note', text: '已派单' })
      .expect(201);
    for (let i = 0; i < 3; i++) {
      clock.advance(3_600_000);
      await seedCase(t, leaderB);
    }
    pristine = await t.db.query<AuditRow>(`SELECT * FROM audit_events ORDER BY seq`);
    expect(pristine.length).toBe(8);
  });

  afterAll(async () => {
    await t.close();
  });

  afterEach(async () => {
    await restore();
    expect(await verify()).toMatchObject({ ok: true, checked: 8 });
  });

  it('lists events with filters, for auditors and admins only', async () => {
    const all = await t.http.get('/api/v1/audit/events').set(auditor).expect(200);
    expect(all.body).toMatchObject({ total: 8, page: 1, pageSize: 50 });
    expect((all.body.items as { seq: number }[]).map((e) => e.seq)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8,
    ]);

    const ofCase = await t.http
      .get(`/api/v1/audit/events?caseId=${caseA}`)
      .set(t.admin)
      .expect(200);
    expect((ofCase.body.items as { action: string }[]).map((e) => e.action)).toEqual([
      'case.opened',
      'case.follow_up',
      'case.satisfaction',
    ]);
    const ofLeader = await t.http
      .get(`/api/v1/audit/events?leaderId=${leaderB.id}&pageSize=2&page=2`)
      .set(auditor)
      .expect(200);
    expect(ofLeader.body).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    // Window on the server time of each event: [05:00Z, 07:00Z) holds events 4 and 5.
    const window = await t.http
      .get('/api/v1/audit/events')
      .query({ from: '2025-03-03T13:00:00+08:00', to: '2025-03-03T07:00:00Z' })
      .set(auditor)
      .expect(200);
    expect((window.body.items as { seq: number }[]).map((e) => e.seq)).toEqual([4, 5]);

    for (const [query, field] of [
      ['caseId=abc', /caseId/],
      ['leaderId=123', /leaderId/],
      ['from=2025-02-30T00:00:00Z', /from/],
      ['to=yesterday', /to/],
      ['from=2025-03-03T00:00:00', /from/],
      ['from=2025-03-04T00:00:00Z&to=2025-03-03T00:00:00Z', /to/],
      ['seq=1', /seq/],
    ] as [string, RegExp][]) {
      const response = await t.http.get(`/api/v1/audit/events?${query}`).set(auditor).expect(400);
      expect(response.body.message).toMatch(field);
    }
    for (const role of ['staff', 'leader', 'evaluator'] as const) {
      const other = t.as(
        (await issueKey(t, role, role === 'evaluator' ? undefined : [leaderA.id])).key,
      );
      await t.http.get('/api/v1/audit/events').set(other).expect(403);
      await t.http.get('/api/v1/audit/verify').set(other).expect(403);
    }
    await t.http.get('/api/v1/audit/verify').set(t.admin).expect(200);
  });

  it('verifies the intact chain', async () => {
    expect(await verify()).toEqual({
      ok: true,
      checked: 8,
      firstBrokenSeq: null,
      reason: null,
      headSeq: 8,
    });
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE on audit_events', async () => {
    await expect(
      t.db.execute(`UPDATE audit_events SET actor = 'someone' WHERE seq = 2`),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.execute(`DELETE FROM audit_events WHERE seq = 8`)).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.execute(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
    const [{ n }] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events`);
    expect(n).toBe(8);
  });

  it('detects a deleted event in the middle', async () => {
    await bypassingTrigger((tx) =>
      tx.execute(`DELETE FROM audit_events WHERE seq = 4`).then(() => undefined),
    );
    expect(await verify()).toMatchObject({
      ok: false,
      firstBrokenSeq: 4,
      checked: 3,
      reason: 'seq_gap',
    });
  });

  it('detects an edited event (its after changed)', async () => {
    await bypassingTrigger(async (tx) => {
      await tx.execute(
        `UPDATE audit_events SET after = jsonb_set(after, '{satisfactionLevel}', '"不满意"') WHERE seq = 4`,
      );
    });
    const [row] = await t.db.query<AuditRow>(`SELECT * FROM audit_events WHERE seq = 4`);
    expect(row.action).toBe('case.satisfaction');
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 4, reason: 'hash_mismatch' });
  });

  it('detects a back-dated event', async () => {
    await bypassingTrigger(async (tx) => {
      await tx.execute(
        `UPDATE audit_events SET occurred_at = occurred_at - interval '2 days' WHERE seq = 3`,
      );
    });
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 3, reason: 'hash_mismatch' });
  });

  it('detects two events whose content was swapped', async () => {
    await bypassingTrigger(async (tx) => {
      await tx.execute(
        `UPDATE audit_events a SET actor = b.actor, action = b.action, case_id = b.case_id, leader_id = b.leader_id,
                before = b.before, after = b.after
         FROM audit_events b WHERE (a.seq, b.seq) IN ((5, 6), (6, 5))`,
      );
    });
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 5, reason: 'hash_mismatch' });
  });

  it('detects two whole events (hashes included) swapped in order', async () => {
    await bypassingTrigger(async (tx) => {
      await tx.execute(
        `UPDATE audit_events a SET occurred_at = b.occurred_at, actor = b.actor, action = b.action,
                case_id = b.case_id, leader_id = b.leader_id, before = b.before, after = b.after,
                prev_hash = b.prev_hash, hash = b.hash
         FROM audit_events b WHERE (a.seq, b.seq) IN ((2, 7), (7, 2))`,
      );
    });
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 2 });
  });

  it('detects a deleted last event through the head row', async () => {
    await bypassingTrigger((tx) =>
      tx.execute(`DELETE FROM audit_events WHERE seq = 8`).then(() => undefined),
    );
    expect(await verify()).toMatchObject({
      ok: false,
      checked: 7,
      firstBrokenSeq: 8,
      reason: 'missing_tail',
    });
  });

  it('detects an event rewritten with a recomputed hash, because the next link no longer holds', async () => {
    const row = pristine[2];
    const after = { ...(row.after as Record<string, unknown>), status: 'resolved' };
    const hash = computeEventHash(row.prev_hash, { ...toEvent(row), after });
    await bypassingTrigger(async (tx) => {
      await tx.execute(`UPDATE audit_events SET after = $1::jsonb, hash = $2 WHERE seq = 3`, [
        JSON.stringify(after),
        hash,
      ]);
    });
    expect(await verify()).toMatchObject({
      ok: false,
      firstBrokenSeq: 4,
      reason: 'prev_hash_mismatch',
    });
  });
});

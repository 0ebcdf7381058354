import { AUDIT_COLUMNS, type AuditRow, toEvent } from '../../src/audit/audit.repository';
import {
  chainNext,
  type ChainedAuditEvent,
  HEAD_RESTORED_ACTION,
} from '../../src/audit/hash-chain';
import { AuditService } from '../../src/audit/audit.service';
import type { Sql } from '../../src/database/database';
import { seedCase } from '../cases/case-seed';
import { createLeader, issueKey, startTestApp, TestClock, type TestApp } from '../support/test-app';

interface VerifyBody {
  ok: boolean;
  checked: number;
  firstBrokenSeq: number | null;
  reason: string | null;
  headSeq: number | null;
}

/**
 * What an insider with the database owner's rights can do to the chain, each
 * case followed by what verify says, and by an append showing the service
 * goes on and the break stays reported.
 */
describe('the audit chain under tampering that bypasses the append-only trigger', () => {
  let t: TestApp;
  let leader: { id: string; weiboUid: string };
  let auditor: { Authorization: string };

  const bypassingTrigger = (work: (tx: Sql) => Promise<unknown>) =>
    t.db.transaction(async (tx) => {
      await tx.execute(`SET LOCAL session_replication_role = replica`);
      await work(tx);
    });

  const verify = async (): Promise<VerifyBody> =>
    (await t.http.get('/api/v1/audit/verify').set(auditor).expect(200)).body as VerifyBody;

  /** A new case: its case.opened event goes through the normal append path. */
  const appendEvent = async () => {
    const before = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events`);
    await seedCase(t, leader);
    const after = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events`);
    return after[0].n - before[0].n;
  };

  // Each case on a service of its own that has seen a chain of five events:
  // the service remembers the highest link it saw committed, so a chain
  // reset under a running service is itself tampering (below).
  beforeEach(async () => {
    const clock = new TestClock(new Date('2025-03-03T02:00:00Z'));
    t = await startTestApp({ clock });
    leader = await createLeader(t);
    auditor = t.as((await issueKey(t, 'auditor')).key);
    for (let i = 0; i < 5; i++) {
      await seedCase(t, leader);
    }
    expect(await verify()).toEqual({
      ok: true,
      checked: 5,
      firstBrokenSeq: null,
      reason: null,
      headSeq: 5,
    });
  });

  afterEach(async () => {
    await t.close();
  });

  it('the head row deleted: head_missing, then appends go on and the break stays', async () => {
    await bypassingTrigger((tx) => tx.execute(`DELETE FROM audit_head`));
    expect(await verify()).toEqual({
      ok: false,
      checked: 5,
      firstBrokenSeq: 6,
      reason: 'head_missing',
      headSeq: null,
    });
    expect(await appendEvent()).toBe(2); // the head_restored record, then the event
    const [restored] = await t.db.query<{ seq: string; action: string; before: unknown }>(
      `SELECT seq, action, before FROM audit_events WHERE seq = 6`,
    );
    expect(restored).toMatchObject({ action: HEAD_RESTORED_ACTION, before: { head: null } });
    expect(await verify()).toMatchObject({
      ok: false,
      checked: 5,
      firstBrokenSeq: 6,
      reason: 'head_missing',
      headSeq: 7,
    });
    await appendEvent();
    expect(await verify()).toMatchObject({ firstBrokenSeq: 6, reason: 'head_missing', headSeq: 8 });
  });

  it('the head row deleted and the restore record deleted too: a seq gap', async () => {
    await bypassingTrigger((tx) => tx.execute(`DELETE FROM audit_head`));
    await appendEvent();
    await bypassingTrigger((tx) => tx.execute(`DELETE FROM audit_events WHERE seq = 6`));
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 6, reason: 'seq_gap' });
  });

  it('the head edited to another hash: head_mismatch, kept after appends', async () => {
    await bypassingTrigger((tx) => tx.execute(`UPDATE audit_head SET hash = repeat('a', 64)`));
    expect(await verify()).toEqual({
      ok: false,
      checked: 5,
      firstBrokenSeq: 5,
      reason: 'head_mismatch',
      headSeq: 5,
    });
    expect(await appendEvent()).toBe(2);
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 6, reason: 'head_mismatch' });
  });

  it('the head moved back: events_beyond_head, then appends chain from the last event', async () => {
    await bypassingTrigger((tx) =>
      tx.execute(
        `UPDATE audit_head SET (seq, hash) = (SELECT seq, hash FROM audit_events WHERE seq = 3)`,
      ),
    );
    expect(await verify()).toMatchObject({
      ok: false,
      checked: 5,
      firstBrokenSeq: 4,
      reason: 'events_beyond_head',
    });
    expect(await appendEvent()).toBe(2);
    const seqs = await t.db.query<{ seq: string }>(`SELECT seq FROM audit_events ORDER BY seq`);
    expect(seqs.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 6, reason: 'head_mismatch' });
  });

  it('the head moved forward: missing_tail', async () => {
    await bypassingTrigger((tx) => tx.execute(`UPDATE audit_head SET seq = 9`));
    expect(await verify()).toMatchObject({
      ok: false,
      checked: 5,
      firstBrokenSeq: 6,
      reason: 'missing_tail',
    });
  });

  it('the last events deleted: missing_tail, then the gap stays after appends', async () => {
    await bypassingTrigger((tx) => tx.execute(`DELETE FROM audit_events WHERE seq >= 4`));
    expect(await verify()).toEqual({
      ok: false,
      checked: 3,
      firstBrokenSeq: 4,
      reason: 'missing_tail',
      headSeq: 5,
    });
    expect(await appendEvent()).toBe(1);
    expect(await verify()).toMatchObject({
      ok: false,
      checked: 3,
      firstBrokenSeq: 4,
      reason: 'seq_gap',
      headSeq: 6,
    });
  });

  it('an event inserted after the head: events_beyond_head', async () => {
    await bypassingTrigger((tx) =>
      tx.execute(
        `INSERT INTO audit_events (seq, occurred_at, actor, action, case_id, leader_id, before, after, prev_hash, hash)
         SELECT 6, occurred_at, 'apikey:forged', 'case.follow_up', case_id, leader_id, NULL, '{"status":"resolved"}',
                hash, repeat('b', 64)
         FROM audit_events WHERE seq = 5`,
      ),
    );
    expect(await verify()).toMatchObject({
      ok: false,
      checked: 5,
      firstBrokenSeq: 6,
      reason: 'hash_mismatch',
    });
    expect(await appendEvent()).toBe(2);
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 6, reason: 'hash_mismatch' });
  });

  it('an event inserted before the first: malformed seq', async () => {
    await bypassingTrigger((tx) =>
      tx.execute(
        `INSERT INTO audit_events (seq, occurred_at, actor, action, case_id, leader_id, before, after, prev_hash, hash)
         SELECT 0, occurred_at, actor, action, case_id, leader_id, before, after, prev_hash, hash
         FROM audit_events WHERE seq = 1`,
      ),
    );
    expect(await verify()).toMatchObject({
      ok: false,
      checked: 0,
      firstBrokenSeq: 1,
      reason: 'malformed',
    });
  });

  it('an event inserted in the middle, the rest renumbered: prev_hash_mismatch', async () => {
    await bypassingTrigger(async (tx) => {
      await tx.execute(`UPDATE audit_events SET seq = seq + 10 WHERE seq >= 3`);
      await tx.execute(`UPDATE audit_events SET seq = seq - 9 WHERE seq >= 13`);
      await tx.execute(
        `INSERT INTO audit_events (seq, occurred_at, actor, action, case_id, leader_id, before, after, prev_hash, hash)
         SELECT 3, occurred_at, actor, action, case_id, leader_id, before, after, hash, hash
         FROM audit_events WHERE seq = 2`,
      );
      await tx.execute(`UPDATE audit_head SET seq = 6`);
    });
    expect(await verify()).toMatchObject({ ok: false, checked: 2, firstBrokenSeq: 3 });
  });

  it('the table emptied by DELETE: events_missing; appends leave a gap from seq 1', async () => {
    await bypassingTrigger((tx) => tx.execute(`DELETE FROM audit_events`));
    expect(await verify()).toEqual({
      ok: false,
      checked: 0,
      firstBrokenSeq: 1,
      reason: 'events_missing',
      headSeq: 5,
    });
    expect(await appendEvent()).toBe(1);
    expect(await verify()).toMatchObject({
      ok: false,
      checked: 0,
      firstBrokenSeq: 1,
      reason: 'seq_gap',
      headSeq: 6,
    });
  });

  it('the table emptied by TRUNCATE with its triggers disabled: events_missing', async () => {
    await t.db.transaction(async (tx) => {
      await tx.execute(`ALTER TABLE audit_events DISABLE TRIGGER USER`);
      await tx.execute(`TRUNCATE audit_events`);
      await tx.execute(`ALTER TABLE audit_events ENABLE TRIGGER USER`);
    });
    expect(await verify()).toMatchObject({
      ok: false,
      checked: 0,
      firstBrokenSeq: 1,
      reason: 'events_missing',
    });
    expect(await appendEvent()).toBe(1);
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 1, reason: 'seq_gap' });
  });

  it('the table and the head both emptied: head_missing, kept after appends', async () => {
    await bypassingTrigger(async (tx) => {
      await tx.execute(`DELETE FROM audit_events`);
      await tx.execute(`DELETE FROM audit_head`);
    });
    expect(await verify()).toEqual({
      ok: false,
      checked: 0,
      firstBrokenSeq: 1,
      reason: 'head_missing',
      headSeq: null,
    });
    expect(await appendEvent()).toBe(2);
    expect(await verify()).toMatchObject({
      ok: false,
      checked: 0,
      firstBrokenSeq: 1,
      reason: 'head_missing',
      headSeq: 2,
    });
  });

  it('an event edited, then more appended: the first break is still named', async () => {
    await bypassingTrigger((tx) =>
      tx.execute(`UPDATE audit_events SET actor = 'apikey:someone-else' WHERE seq = 2`),
    );
    expect(await appendEvent()).toBe(1);
    expect(await verify()).toMatchObject({
      ok: false,
      checked: 1,
      firstBrokenSeq: 2,
      reason: 'hash_mismatch',
      headSeq: 6,
    });
  });

  it('the last event deleted and the head written back to the one before: chain_truncated', async () => {
    await bypassingTrigger(async (tx) => {
      await tx.execute(`DELETE FROM audit_events WHERE seq = 5`);
      await tx.execute(
        `UPDATE audit_head SET seq = 4, hash = (SELECT hash FROM audit_events WHERE seq = 4)`,
      );
    });
    // The chain and its head agree with each other; not with what the service saw.
    expect(await verify()).toEqual({
      ok: false,
      checked: 4,
      firstBrokenSeq: 5,
      reason: 'chain_truncated',
      headSeq: 4,
    });
    // The next append records the cut: the break outlives the process's memory.
    expect(await appendEvent()).toBe(2);
    const [record] = await t.db.query<{ action: string; after: { reason: string } }>(
      `SELECT action, after FROM audit_events WHERE seq = 5`,
    );
    expect(record).toEqual({
      action: HEAD_RESTORED_ACTION,
      after: expect.objectContaining({ reason: 'chain_truncated' }) as unknown,
    });
    expect(await verify()).toMatchObject({
      ok: false,
      checked: 4,
      firstBrokenSeq: 5,
      reason: 'chain_truncated',
      headSeq: 6,
    });
  });

  it('three events cut and the head written back: the break is recorded once, not on every append', async () => {
    await bypassingTrigger(async (tx) => {
      await tx.execute(`DELETE FROM audit_events WHERE seq >= 3`);
      await tx.execute(
        `UPDATE audit_head SET seq = 2, hash = (SELECT hash FROM audit_events WHERE seq = 2)`,
      );
    });
    expect(await appendEvent()).toBe(2); // the record of the cut, then the event
    expect(await appendEvent()).toBe(1);
    expect(await appendEvent()).toBe(1);
    expect(await verify()).toMatchObject({
      ok: false,
      firstBrokenSeq: 3,
      reason: 'chain_truncated',
    });
  });

  it('an event edited and every hash after it recomputed: chain_rewritten', async () => {
    const rows = await t.db.query<AuditRow>(
      `SELECT ${AUDIT_COLUMNS} FROM audit_events ORDER BY seq`,
    );
    await bypassingTrigger(async (tx) => {
      // A forger who knows the hash function re-links every event after the edited one.
      let previous: ChainedAuditEvent = toEvent(rows[0]);
      for (const row of rows.slice(1)) {
        const event = toEvent(row);
        previous = chainNext(previous, {
          ...event,
          actor: event.seq === 3 ? 'apikey:someone-else' : event.actor,
        });
        await tx.execute(
          `UPDATE audit_events SET actor = $1, prev_hash = $2, hash = $3 WHERE seq = $4`,
          [previous.actor, previous.prevHash, previous.hash, event.seq],
        );
      }
      await tx.execute(`UPDATE audit_head SET hash = $1`, [previous.hash]);
    });
    expect(await verify()).toEqual({
      ok: false,
      checked: 5,
      firstBrokenSeq: 5,
      reason: 'chain_rewritten',
      headSeq: 5,
    });
  });

  it('a transaction that rolls back raises nothing: the chain it never wrote is not missed', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await t.app.get(AuditService).append(tx, {
          actor: 'system',
          action: 'case.opened',
          caseId: null,
          leaderId: leader.id,
          before: null,
          after: { n: 1 },
        });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await verify()).toMatchObject({ ok: true, checked: 5, headSeq: 5 });
  });
});

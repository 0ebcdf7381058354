/**
 * The row-lease adapter (database/row-leases.ts) on a real database: claims
 * never overlap, a held lease is refused, every write is fenced by the
 * owner, and every time it writes is the one it was given (the injected
 * clock's, here years away from the database's own).
 */
import type { Sql } from '../../src/database/database';
import { RowLeases } from '../../src/database/row-leases';
import { startTestApp, type TestApp } from '../support/test-app';

const AT = new Date('2031-05-06T07:00:00.000Z');
const LEASE = 90_000;
const later = (ms: number) => new Date(AT.getTime() + ms);

describe('row leases', () => {
  let t: TestApp;
  let sql: Sql;
  const leases = new RowLeases({ table: 'lease_probe', key: 'id' });

  const row = async (id: string) =>
    (
      await sql.query<{ lease_owner: string | null; lease_expires_at: Date | null; state: string }>(
        `SELECT lease_owner, lease_expires_at, state FROM lease_probe WHERE id = $1`,
        [id],
      )
    )[0];

  beforeAll(async () => {
    t = await startTestApp();
    sql = t.db;
    await sql.execute(
      `CREATE TABLE lease_probe (id text PRIMARY KEY, state text NOT NULL DEFAULT 'new',
         lease_owner text, lease_expires_at timestamptz)`,
    );
  });

  afterAll(async () => {
    await t?.close();
  });

  beforeEach(async () => {
    await sql.execute(`DELETE FROM lease_probe`);
    await sql.execute(
      `INSERT INTO lease_probe (id) SELECT 'r' || lpad(n::text, 2, '0') FROM generate_series(1, 20) n`,
    );
  });

  it('claims rows no two claimers share, with the expiry counted from the time given', async () => {
    const claim = (owner: string) =>
      leases.claimMany(sql, {
        owner,
        at: AT,
        leaseMs: LEASE,
        where: { sql: `state = $1`, params: ['new'] },
        orderBy: 'id',
        limit: 7,
      });
    const [a, b, c] = await Promise.all([claim('a'), claim('b'), claim('c')]);
    expect([a.length, b.length, c.length].sort()).toEqual([6, 7, 7]);
    expect(new Set([...a, ...b, ...c]).size).toBe(20);
    expect(await row(a[0])).toEqual({
      lease_owner: 'a',
      lease_expires_at: later(LEASE),
      state: 'new',
    });
    // All held: nothing more to claim until the leases run out.
    expect(await claim('d')).toEqual([]);
    expect(
      await leases.claimMany(sql, {
        owner: 'd',
        at: later(LEASE + 1),
        leaseMs: LEASE,
        where: { sql: 'true' },
        orderBy: 'id',
        limit: 100,
      }),
    ).toHaveLength(20);
  });

  it('claims one row unless another holds it; its own holder takes it back only where allowed', async () => {
    const one = (owner: string, at: Date, reclaimOwn: boolean) =>
      leases.claimOne(sql, 'r01', { owner, at, leaseMs: LEASE, reclaimOwn });
    expect(await one('a', AT, false)).toEqual([{ key: 'r01' }]);
    expect(await one('b', later(LEASE), false)).toEqual([]);
    expect(await one('a', later(1_000), false)).toEqual([]);
    expect(await one('a', later(1_000), true)).toEqual([{ key: 'r01' }]);
    expect((await row('r01')).lease_expires_at).toEqual(later(1_000 + LEASE));
    // Past the expiry anybody takes it, and what is set with the claim is written.
    const taken = await leases.claimOne<{ state: string }>(sql, 'r01', {
      owner: 'b',
      at: later(1_000 + LEASE + 1),
      leaseMs: LEASE,
      reclaimOwn: false,
      where: { sql: `state = $1`, params: ['new'] },
      set: { sql: `state = $1`, params: ['running'] },
      returning: 'state',
    });
    expect(taken).toEqual([{ state: 'running' }]);
    expect((await row('r01')).lease_owner).toBe('b');
  });

  it('fences renewals and releases by the owner, even after the expiry', async () => {
    await leases.claimOne(sql, 'r02', { owner: 'a', at: AT, leaseMs: LEASE, reclaimOwn: false });
    expect(await leases.renew(sql, 'r02', 'b', AT, LEASE)).toBe(false);
    // Expired but not taken: still the owner's to renew.
    expect(await leases.renew(sql, 'r02', 'a', later(2 * LEASE), LEASE)).toBe(true);
    expect((await row('r02')).lease_expires_at).toEqual(later(3 * LEASE));
    expect(
      await leases.release(sql, 'r02', 'b', { set: { sql: `state = $1`, params: ['done'] } }),
    ).toBe(false);
    expect((await row('r02')).state).toBe('new');
    expect(
      await leases.release(sql, 'r02', 'a', {
        set: { sql: `state = $1`, params: ['done'] },
        where: { sql: `state = $1`, params: ['new'] },
      }),
    ).toBe(true);
    expect(await row('r02')).toEqual({ lease_owner: null, lease_expires_at: null, state: 'done' });
  });

  it('lists the rows whose lease is free at the time given, and frees all of one owner’s', async () => {
    await leases.claimOne(sql, 'r03', { owner: 'a', at: AT, leaseMs: LEASE, reclaimOwn: false });
    await leases.claimOne(sql, 'r04', {
      owner: 'a',
      at: AT,
      leaseMs: 2 * LEASE,
      reclaimOwn: false,
    });
    await leases.claimOne(sql, 'r05', { owner: 'b', at: AT, leaseMs: LEASE, reclaimOwn: false });
    const free = (at: Date) =>
      leases.free(sql, at, { sql: `id IN ('r03', 'r04', 'r05', 'r06')` }, 'id');
    expect(await free(AT)).toEqual(['r06']);
    expect(await free(later(LEASE + 1))).toEqual(['r03', 'r05', 'r06']);
    expect(await leases.releaseAll(sql, 'a')).toBe(2);
    expect(await free(AT)).toEqual(['r03', 'r04', 'r06']);
    expect((await row('r05')).lease_owner).toBe('b');
  });
});

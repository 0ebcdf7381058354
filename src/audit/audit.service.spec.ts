import { Clock } from '../common/clock';
import { createLogger } from '../common/logger';
import type { Sql } from '../database/database';
import type { AuditRepository } from './audit.repository';
import { type AuditEntry, AuditService } from './audit.service';
import { type ChainedAuditEvent, chainNext, GENESIS_HASH, verifyChain } from './hash-chain';

const AT = new Date('2025-03-03T02:00:00.000Z');

/** The chain as the repository keeps it: a head and the events written, in memory. */
class ChainInMemory {
  head = { seq: 0, hash: GENESIS_HASH };
  written: ChainedAuditEvent[] = [];
  headLocks = 0;
  writes = 0;

  asRepository(): AuditRepository {
    return {
      lockHead: () => {
        this.headLocks += 1;
        return Promise.resolve({ head: { ...this.head } });
      },
      lastEvent: () => {
        const last = this.written[this.written.length - 1];
        return Promise.resolve(
          last === undefined ? null : { seq: Number(last.seq), hash: last.hash },
        );
      },
      linkAt: (_tx: Sql, seq: number) => {
        const event = this.written.find((e) => Number(e.seq) === seq);
        return Promise.resolve(event === undefined ? null : { seq, hash: event.hash });
      },
      insertChained: (_tx: Sql, events: readonly ChainedAuditEvent[]) => {
        this.writes += 1;
        this.written.push(...events);
        const last = events[events.length - 1];
        this.head = { seq: Number(last.seq), hash: last.hash };
        return Promise.resolve();
      },
    } as unknown as AuditRepository;
  }
}

class FixedClock extends Clock {
  now(): Date {
    return new Date(AT);
  }
}

const tx = { afterCommit: (action: () => void) => action() } as unknown as Sql;

function entry(n: number): AuditEntry {
  return {
    actor: 'system',
    action: n === 0 ? 'case.opened' : 'case.responded',
    caseId: `case-${n}`,
    leaderId: 'leader-1',
    before: n === 0 ? null : { status: 'open' },
    after: { status: n === 0 ? 'open' : 'responded', n },
  };
}

function setUp() {
  const chain = new ChainInMemory();
  const service = new AuditService(chain.asRepository(), new FixedClock(), createLogger('silent'));
  return { chain, service };
}

describe('AuditService.appendMany', () => {
  it('chains the entries in order from the head, with one lock and one write', async () => {
    const { chain, service } = setUp();
    await service.append(tx, entry(0));
    await service.appendMany(tx, [entry(1), entry(2), entry(3)]);

    expect(chain.headLocks).toBe(2);
    expect(chain.writes).toBe(2);
    expect(chain.written.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(chain.written.map((e) => e.caseId)).toEqual(['case-0', 'case-1', 'case-2', 'case-3']);
    expect(verifyChain(chain.written)).toEqual({
      ok: true,
      checked: 4,
      firstBrokenSeq: null,
      reason: null,
    });
    expect(chain.head).toEqual({ seq: 4, hash: chain.written[3].hash });
  });

  it('writes what appending the entries one at a time would write', async () => {
    const { chain, service } = setUp();
    await service.appendMany(tx, [entry(0), entry(1)]);

    const first = chainNext(null, { ...entry(0), occurredAt: AT.toISOString() });
    const second = chainNext(first, { ...entry(1), occurredAt: AT.toISOString() });
    expect(chain.written.map((e) => e.hash)).toEqual([first.hash, second.hash]);
    expect(chain.written[1].prevHash).toBe(first.hash);
  });

  it('does nothing, not even lock the head, for no entries', async () => {
    const { chain, service } = setUp();
    await service.appendMany(tx, []);

    expect(chain.headLocks).toBe(0);
    expect(chain.writes).toBe(0);
  });
});

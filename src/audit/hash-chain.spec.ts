import { createHash } from 'node:crypto';
import {
  type AuditEventContent,
  canonicalEventContent,
  canonicalJson,
  type ChainedAuditEvent,
  chainNext,
  computeEventHash,
  GENESIS_HASH,
  verifyChain,
} from './hash-chain';

function buildChain(count: number): ChainedAuditEvent[] {
  const events: ChainedAuditEvent[] = [];
  for (let i = 0; i < count; i++) {
    const previous = events.length === 0 ? null : events[events.length - 1];
    events.push(
      chainNext(previous, {
        occurredAt: new Date(Date.UTC(2025, 2, 3, 2, i)),
        actor: i % 2 === 0 ? 'system' : 'apikey:7',
        action: i === 0 ? 'case.opened' : 'case.follow_up',
        caseId: '11',
        leaderId: '3',
        before: i === 0 ? null : { status: 'open' },
        after: { status: i === 0 ? 'open' : 'responded', n: i },
      }),
    );
  }
  return events;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('gives the same text whatever the key order', () => {
    expect(canonicalJson({ x: 1, y: { p: true, q: null } })).toBe(
      canonicalJson({ y: { q: null, p: true }, x: 1 }),
    );
  });

  it('drops undefined properties, writes undefined array items as null', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it('writes Dates as ISO strings, the same as the string itself', () => {
    const at = new Date('2025-01-04T06:07:28.000Z');
    expect(canonicalJson({ at })).toBe('{"at":"2025-01-04T06:07:28.000Z"}');
    expect(canonicalJson({ at })).toBe(canonicalJson({ at: at.toISOString() }));
  });

  it('writes numbers in their shortest round-trip form and -0 as 0', () => {
    expect(canonicalJson([1, 1.5, 0.1 + 0.2, 1e21, -0, 100])).toBe(
      '[1,1.5,0.30000000000000004,1e+21,0,100]',
    );
  });

  it('escapes strings like JSON and keeps Chinese text as is', () => {
    expect(canonicalJson({ text: '已收到 "引号"\n' })).toBe('{"text":"已收到 \\"引号\\"\\n"}');
  });

  it('survives a JSON round trip (as through jsonb)', () => {
    const value = { z: [1, 'two', { c: null, b: false }], a: 'é', n: -12.5 };
    expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(canonicalJson(value));
  });

  it.each<[string, unknown]>([
    ['NaN', Number.NaN],
    ['Infinity', { a: Infinity }],
    ['a bigint', 1n],
    ['a function', { f: () => 1 }],
    ['a Map', new Map()],
    ['a Buffer', Buffer.from('x')],
    ['an invalid Date', new Date('x')],
    ['undefined', undefined],
  ])('refuses %s', (_label, value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });

  it('refuses a circular structure but accepts shared references', () => {
    const shared = { a: 1 };
    expect(canonicalJson({ x: shared, y: shared })).toBe('{"x":{"a":1},"y":{"a":1}}');
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => canonicalJson(loop)).toThrow(TypeError);
  });
});

describe('computeEventHash', () => {
  const event: AuditEventContent = {
    seq: 1,
    occurredAt: '2025-03-03T10:00:00+08:00',
    actor: 'system',
    action: 'case.opened',
    caseId: 11,
    leaderId: '3',
    before: null,
    after: { status: 'open' },
  };

  it('is SHA-256 of the documented canonical content', () => {
    const text = canonicalEventContent(GENESIS_HASH, event);
    expect(text).toBe(
      `{"action":"case.opened","actor":"system","after":{"status":"open"},"before":null,"caseId":"11","leaderId":"3","occurredAt":"2025-03-03T02:00:00.000Z","prevHash":"${GENESIS_HASH}","seq":1}`,
    );
    expect(computeEventHash(GENESIS_HASH, event)).toBe(
      createHash('sha256').update(text, 'utf8').digest('hex'),
    );
    expect(computeEventHash(GENESIS_HASH, event)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes what the database gives back the same as what was written', () => {
    const asRead = {
      ...event,
      seq: '1',
      caseId: '11',
      occurredAt: new Date('2025-03-03T02:00:00Z'),
      after: JSON.parse('{"status":"open"}'),
    };
    expect(computeEventHash(GENESIS_HASH, asRead)).toBe(computeEventHash(GENESIS_HASH, event));
  });

  it('changes with the previous hash, the seq, the time and the content', () => {
    const base = computeEventHash(GENESIS_HASH, event);
    expect(computeEventHash('f'.repeat(64), event)).not.toBe(base);
    expect(computeEventHash(GENESIS_HASH, { ...event, seq: 2 })).not.toBe(base);
    expect(
      computeEventHash(GENESIS_HASH, { ...event, occurredAt: '2025-03-03T01:59:59Z' }),
    ).not.toBe(base);
    expect(computeEventHash(GENESIS_HASH, { ...event, after: { status: 'resolved' } })).not.toBe(
      base,
    );
    expect(computeEventHash(GENESIS_HASH, { ...event, actor: 'apikey:1' })).not.toBe(base);
  });

  it('refuses a malformed previous hash or time', () => {
    expect(() => computeEventHash('abc', event)).toThrow('prevHash');
    expect(() =>
      computeEventHash(GENESIS_HASH, { ...event, occurredAt: '2025-03-03 10:00' }),
    ).toThrow('occurredAt');
    expect(() => computeEventHash(GENESIS_HASH, { ...event, seq: 0 })).toThrow('seq');
  });
});

describe('verifyChain', () => {
  it('accepts an empty chain and an intact one', () => {
    expect(verifyChain([])).toEqual({ ok: true, checked: 0, firstBrokenSeq: null, reason: null });
    expect(verifyChain(buildChain(6))).toEqual({
      ok: true,
      checked: 6,
      firstBrokenSeq: null,
      reason: null,
    });
  });

  it('accepts an append', () => {
    const events = buildChain(5);
    events.push(
      chainNext(events[4], {
        occurredAt: new Date(),
        actor: 'system',
        action: 'case.satisfaction',
        caseId: '11',
        leaderId: '3',
        before: null,
        after: { level: '满意' },
      }),
    );
    expect(verifyChain(events)).toMatchObject({ ok: true, checked: 6 });
  });

  it('detects an edited event', () => {
    const events = buildChain(6);
    events[3] = { ...events[3], after: { status: 'resolved', n: 3 } };
    expect(verifyChain(events)).toEqual({
      ok: false,
      checked: 3,
      firstBrokenSeq: 4,
      reason: 'hash_mismatch',
    });
  });

  it('detects a back-dated event', () => {
    const events = buildChain(6);
    events[2] = { ...events[2], occurredAt: '2025-03-01T00:00:00.000Z' };
    expect(verifyChain(events)).toMatchObject({
      ok: false,
      firstBrokenSeq: 3,
      reason: 'hash_mismatch',
    });
  });

  it('detects an edit whose hash was recomputed: the next event no longer links', () => {
    const events = buildChain(6);
    const edited = { ...events[3], after: { status: 'resolved' } };
    events[3] = { ...edited, hash: computeEventHash(edited.prevHash, edited) };
    expect(verifyChain(events)).toEqual({
      ok: false,
      checked: 4,
      firstBrokenSeq: 5,
      reason: 'prev_hash_mismatch',
    });
  });

  it('detects a deleted middle event and names the missing seq', () => {
    const events = buildChain(6);
    events.splice(2, 1);
    expect(verifyChain(events)).toEqual({
      ok: false,
      checked: 2,
      firstBrokenSeq: 3,
      reason: 'seq_gap',
    });
  });

  it('detects a deleted middle event whose successors were renumbered', () => {
    const events = buildChain(6);
    events.splice(2, 1);
    const renumbered = events.map((e, i) => ({ ...e, seq: i + 1 }));
    expect(verifyChain(renumbered)).toMatchObject({ ok: false, firstBrokenSeq: 3 });
  });

  it('detects a deleted first event', () => {
    expect(verifyChain(buildChain(4).slice(1))).toMatchObject({
      ok: false,
      checked: 0,
      firstBrokenSeq: 1,
      reason: 'seq_gap',
    });
  });

  it('detects two events swapped (rows swapped, seqs kept in place)', () => {
    const events = buildChain(6);
    const swapped = [...events];
    swapped[2] = { ...events[3], seq: 3 };
    swapped[3] = { ...events[2], seq: 4 };
    expect(verifyChain(swapped)).toMatchObject({ ok: false, checked: 2, firstBrokenSeq: 3 });
  });

  it('detects two events out of order (seqs travel with the rows)', () => {
    const events = buildChain(6);
    const reordered = [events[0], events[2], events[1], ...events.slice(3)];
    expect(verifyChain(reordered)).toMatchObject({
      ok: false,
      checked: 1,
      firstBrokenSeq: 2,
      reason: 'seq_gap',
    });
  });

  it('detects a duplicated event', () => {
    const events = buildChain(4);
    expect(verifyChain([...events.slice(0, 3), events[2], events[3]])).toMatchObject({
      ok: false,
      firstBrokenSeq: 3,
    });
  });

  it('reports a malformed row as a break', () => {
    const events = buildChain(3);
    events[1] = { ...events[1], prevHash: 'not a hash' };
    expect(verifyChain(events)).toEqual({
      ok: false,
      checked: 1,
      firstBrokenSeq: 2,
      reason: 'malformed',
    });
  });
});

describe('verifyChain in batches', () => {
  it('continues from the last link of the previous batch', () => {
    const events: ChainedAuditEvent[] = [];
    for (let i = 0; i < 6; i++) {
      events.push(
        chainNext(events[events.length - 1] ?? null, {
          occurredAt: new Date(Date.UTC(2025, 0, 1, 0, i)),
          actor: 'system',
          action: 'case.opened',
          caseId: `c${i}`,
          leaderId: 'L1',
          before: null,
          after: { i },
        }),
      );
    }
    const first = verifyChain(events.slice(0, 3));
    expect(first.ok).toBe(true);
    const rest = verifyChain(events.slice(3), { seq: 4, prevHash: events[2].hash });
    expect(rest).toMatchObject({ ok: true, checked: 3 });
    const wrongStart = verifyChain(events.slice(4), { seq: 4, prevHash: events[2].hash });
    expect(wrongStart).toMatchObject({ ok: false, firstBrokenSeq: 4 });
  });
});

import { higherLink, judgeHead, judgeWatermark, planAppend } from './chain-head';
import { GENESIS_HASH } from './hash-chain';

const h = (seq: number, hash = `h${seq}`) => ({ seq, hash });

describe('judgeHead', () => {
  it('is intact when the head is the last event, or the genesis with no events', () => {
    expect(judgeHead(h(5), h(5))).toEqual({ ok: true, firstBrokenSeq: null, reason: null });
    expect(judgeHead({ seq: 0, hash: GENESIS_HASH }, null)).toMatchObject({ ok: true });
  });

  it('names a missing head, after the last event', () => {
    expect(judgeHead(null, h(5))).toEqual({
      ok: false,
      firstBrokenSeq: 6,
      reason: 'head_missing',
    });
    expect(judgeHead(null, null)).toMatchObject({ firstBrokenSeq: 1, reason: 'head_missing' });
  });

  it('names a deleted tail and an emptied table', () => {
    expect(judgeHead(h(8), h(6))).toEqual({
      ok: false,
      firstBrokenSeq: 7,
      reason: 'missing_tail',
    });
    expect(judgeHead(h(8), null)).toEqual({
      ok: false,
      firstBrokenSeq: 1,
      reason: 'events_missing',
    });
  });

  it('names events past the head and a head with another hash', () => {
    expect(judgeHead(h(3), h(5))).toEqual({
      ok: false,
      firstBrokenSeq: 4,
      reason: 'events_beyond_head',
    });
    expect(judgeHead(h(5, 'forged'), h(5))).toEqual({
      ok: false,
      firstBrokenSeq: 5,
      reason: 'head_mismatch',
    });
  });
});

describe('planAppend', () => {
  it('chains from the head when it matches the last event, or from the genesis', () => {
    expect(planAppend(h(5), h(5))).toEqual({ from: h(5), restore: null });
    expect(planAppend({ seq: 0, hash: GENESIS_HASH }, null)).toEqual({ from: null, restore: null });
  });

  it('chains from the head when it is ahead of the events, so the gap stays', () => {
    expect(planAppend(h(8), h(6))).toEqual({ from: h(8), restore: null });
    expect(planAppend(h(8), null)).toEqual({ from: h(8), restore: null });
  });

  it('chains from the last event and records the break when the head is missing', () => {
    expect(planAppend(null, h(6))).toEqual({
      from: h(6),
      restore: { reason: 'head_missing', head: null },
    });
    expect(planAppend(null, null)).toEqual({
      from: null,
      restore: { reason: 'head_missing', head: null },
    });
  });

  it('chains from the last event and records the break when the head is behind or forged', () => {
    expect(planAppend(h(3), h(6))).toEqual({
      from: h(6),
      restore: { reason: 'head_mismatch', head: h(3) },
    });
    expect(planAppend(h(6, 'forged'), h(6))).toEqual({
      from: h(6),
      restore: { reason: 'head_mismatch', head: h(6, 'forged') },
    });
  });
});

describe('judgeWatermark', () => {
  it('is intact with nothing seen, or with the seen link still in the chain', () => {
    expect(judgeWatermark(null, null, h(3))).toMatchObject({ ok: true });
    expect(judgeWatermark(h(0), null, null)).toMatchObject({ ok: true });
    expect(judgeWatermark(h(4), h(4), h(9))).toEqual({
      ok: true,
      firstBrokenSeq: null,
      reason: null,
    });
  });

  it('names a chain that ends below the seen link, from its first missing seq', () => {
    expect(judgeWatermark(h(8), null, h(6))).toEqual({
      ok: false,
      firstBrokenSeq: 7,
      reason: 'chain_truncated',
    });
    expect(judgeWatermark(h(8), null, null)).toMatchObject({
      firstBrokenSeq: 1,
      reason: 'chain_truncated',
    });
  });

  it('names a chain whose link at the seen seq is another, at that seq', () => {
    expect(judgeWatermark(h(5), h(5, 'other'), h(7))).toEqual({
      ok: false,
      firstBrokenSeq: 5,
      reason: 'chain_rewritten',
    });
    expect(judgeWatermark(h(5), null, h(7))).toMatchObject({ reason: 'chain_rewritten' });
  });
});

describe('higherLink', () => {
  it('keeps the higher seq, the later sight on a tie', () => {
    expect(higherLink(h(5), h(3))).toEqual(h(5));
    expect(higherLink(h(3), h(5))).toEqual(h(5));
    expect(higherLink(h(5), h(5, 'later'))).toEqual(h(5, 'later'));
    expect(higherLink(null, h(1))).toEqual(h(1));
    expect(higherLink(h(2), null)).toEqual(h(2));
  });
});

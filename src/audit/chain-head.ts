/**
 * The chain's head row against its last event: what verify concludes, and
 * where the next append chains from when someone has tampered with either.
 *
 * The head row records the seq and hash of the last event written; an
 * insider with database rights can delete it, edit it, delete events at the
 * tail or empty the table. Verify names each of these; appending goes on
 * after any of them without hiding the break:
 * - the head ahead of the events (tail deleted, table emptied): chain from
 *   the head, so the missing seqs stay a gap that verify keeps reporting;
 * - the head missing, behind the events, or at the last seq with another
 *   hash: chain from the last event (seqs stay unique) and first append a
 *   `audit.head_restored` event that records what was found; verify reports
 *   that event as the break for as long as it exists, and deleting it leaves
 *   a gap.
 */
import { type ChainBreak, GENESIS_HASH } from './hash-chain';

export { HEAD_RESTORED_ACTION } from './hash-chain';

export interface ChainLink {
  seq: number;
  hash: string;
}

export type HeadBreak = Extract<
  ChainBreak,
  'head_missing' | 'head_mismatch' | 'missing_tail' | 'events_missing' | 'events_beyond_head'
>;

export interface HeadVerdict {
  ok: boolean;
  firstBrokenSeq: number | null;
  reason: HeadBreak | null;
}

const INTACT: HeadVerdict = { ok: true, firstBrokenSeq: null, reason: null };

/** After every event checked out: does the head row agree with the last of them? */
export function judgeHead(head: ChainLink | null, last: ChainLink | null): HeadVerdict {
  const lastSeq = last?.seq ?? 0;
  if (head === null) {
    return { ok: false, firstBrokenSeq: lastSeq + 1, reason: 'head_missing' };
  }
  if (head.seq > lastSeq) {
    return last === null
      ? { ok: false, firstBrokenSeq: 1, reason: 'events_missing' }
      : { ok: false, firstBrokenSeq: lastSeq + 1, reason: 'missing_tail' };
  }
  if (head.seq < lastSeq) {
    return { ok: false, firstBrokenSeq: head.seq + 1, reason: 'events_beyond_head' };
  }
  if (last !== null && head.hash !== last.hash) {
    return { ok: false, firstBrokenSeq: head.seq, reason: 'head_mismatch' };
  }
  return INTACT;
}

export interface AppendPlan {
  /** The link the next event chains to (null: the genesis, seq 1). */
  from: ChainLink | null;
  /** Set when a head_restored event must be written first, with what it records. */
  restore: { reason: 'head_missing' | 'head_mismatch'; head: ChainLink | null } | null;
}

/** Where the next append chains from, given the locked head (null when it was missing) and the last event. */
export function planAppend(head: ChainLink | null, last: ChainLink | null): AppendPlan {
  if (head === null) {
    return { from: last, restore: { reason: 'head_missing', head: null } };
  }
  const lastSeq = last?.seq ?? 0;
  if (head.seq > lastSeq || (head.seq === lastSeq && last === null)) {
    return { from: head.seq === 0 ? null : head, restore: null };
  }
  if (last !== null && (head.seq < last.seq || head.hash !== last.hash)) {
    return { from: last, restore: { reason: 'head_mismatch', head } };
  }
  return { from: head.seq === 0 ? null : head, restore: null };
}

export const GENESIS_LINK: ChainLink = { seq: 0, hash: GENESIS_HASH };

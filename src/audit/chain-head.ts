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
 * What the head row cannot show (it is as editable as the events) the
 * process remembers: the highest link it saw committed (judgeWatermark). An
 * append that finds the chain below or beside that link records it the same
 * way, in an `audit.head_restored` event naming `chain_truncated` or
 * `chain_rewritten`, so the break outlives the process that saw it.
 */
import { type ChainBreak, GENESIS_HASH } from './hash-chain';

export { HEAD_RESTORED_ACTION } from './hash-chain';

export interface ChainLink {
  seq: number;
  hash: string;
}

export type HeadBreak = Extract<
  ChainBreak,
  | 'head_missing'
  | 'head_mismatch'
  | 'missing_tail'
  | 'events_missing'
  | 'events_beyond_head'
  | 'chain_truncated'
  | 'chain_rewritten'
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
  restore: {
    reason: 'head_missing' | 'head_mismatch' | 'chain_truncated' | 'chain_rewritten';
    head: ChainLink | null;
    /** For a break against the process's mark: the link it had seen. */
    mark?: ChainLink;
  } | null;
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

/**
 * The chain against the highest link this process saw committed (`mark`:
 * its own appends once their transaction committed, and the end of every
 * intact verification). The head row lives in the same database as the
 * events, so deleting the last events and writing the head back to the new
 * last one, or recomputing every hash from some seq on, leaves a chain that
 * agrees with itself; it cannot agree with what was seen before.
 * `atMark` is the link found at the mark's seq (null when there is none).
 */
export function judgeWatermark(
  mark: ChainLink | null,
  atMark: ChainLink | null,
  last: ChainLink | null,
): HeadVerdict {
  if (mark === null || mark.seq === 0) {
    return INTACT;
  }
  const lastSeq = last?.seq ?? 0;
  if (lastSeq < mark.seq) {
    return { ok: false, firstBrokenSeq: lastSeq + 1, reason: 'chain_truncated' };
  }
  if (atMark === null || atMark.hash !== mark.hash) {
    return { ok: false, firstBrokenSeq: mark.seq, reason: 'chain_rewritten' };
  }
  return INTACT;
}

/** The higher of two links (by seq); `next` wins a tie, being the later sight. */
export function higherLink(current: ChainLink | null, next: ChainLink | null): ChainLink | null {
  if (next === null) {
    return current;
  }
  return current === null || next.seq >= current.seq ? next : current;
}

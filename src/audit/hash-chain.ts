/**
 * The audit hash chain (SPEC section 4: append-only, tamper-evident).
 *
 * Each event's hash is
 *
 *   hash = lower-case hex SHA-256 of the UTF-8 bytes of
 *          canonicalJson({ action, actor, after, before, caseId, leaderId,
 *                          occurredAt, prevHash, seq })
 *
 * where prevHash is the previous event's hash (GENESIS_HASH, 64 zeros, for
 * seq 1) and the fields are normalised first, so that what the database gives
 * back hashes the same as what was written:
 * - seq: a positive safe integer (a bigint column read as a string is accepted);
 * - occurredAt: the instant as `Date.toISOString()` (UTC, milliseconds, `Z`);
 *   a Date or an ISO 8601 string with an offset is accepted;
 * - actor, action: strings (`system`, `apikey:<id>` …; `case.opened` …);
 * - caseId, leaderId: strings, or null (numbers are written as strings);
 * - before, after: any JSON value or null (see canonical-json.ts).
 *
 * Because seq and prevHash are inside the hash, a deleted event (a seq gap,
 * or the next event's prevHash no longer matching), an edited event (its
 * hash no longer matches its content), and swapped or renumbered events are
 * all detected. A deleted tail, a deleted or edited head row, and events
 * past the head are found by comparing the head row with the last event
 * (chain-head.ts). Someone who deletes the tail AND rewrites the head to the
 * new last event, or appends forged events with correct hashes, is not
 * detectable from the database alone: compare the head with a copy kept
 * elsewhere, for example in the appraisal snapshots.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

export { canonicalJson } from './canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditEventContent = {
  seq: number | string;
  occurredAt: string | Date;
  actor: string;
  action: string;
  caseId: string | number | null;
  leaderId: string | number | null;
  before: unknown;
  after: unknown;
};

export type ChainedAuditEvent = AuditEventContent & { prevHash: string; hash: string };

export type ChainBreak =
  | 'seq_gap'
  | 'prev_hash_mismatch'
  | 'hash_mismatch'
  | 'malformed'
  | 'head_missing'
  | 'head_mismatch'
  | 'missing_tail'
  | 'events_missing'
  | 'events_beyond_head'
  | 'chain_truncated'
  | 'chain_rewritten';

/** Written when an append found the head row missing or not matching the last event (chain-head.ts). */
export const HEAD_RESTORED_ACTION = 'audit.head_restored';

/** The break a head_restored event stands for, or null for any other event. */
export function restoredBreak(event: { action: string; after: unknown }): ChainBreak | null {
  if (event.action !== HEAD_RESTORED_ACTION) {
    return null;
  }
  const reason = (event.after as { reason?: unknown } | null)?.reason;
  return reason === 'head_missing' || reason === 'chain_truncated' || reason === 'chain_rewritten'
    ? reason
    : 'head_mismatch';
}

export type ChainVerification = {
  ok: boolean;
  /** Events found intact, from the start, before the first break (all of them when ok). */
  checked: number;
  /** The first seq at which the chain is not intact (for a deleted event: the missing seq). */
  firstBrokenSeq: number | null;
  reason: ChainBreak | null;
};

const HASH = /^[0-9a-f]{64}$/u;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/u;

export class MalformedAuditEvent extends Error {
  readonly code = 'MALFORMED_AUDIT_EVENT';
  constructor(field: string, problem: string) {
    super(`audit event ${field}: ${problem}`);
    this.name = 'MalformedAuditEvent';
  }
}

function normaliseSeq(seq: number | string): number {
  const value = typeof seq === 'string' && /^\d+$/u.test(seq) ? Number(seq) : seq;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new MalformedAuditEvent('seq', 'must be a positive integer');
  }
  return value;
}

function normaliseInstant(occurredAt: string | Date): string {
  if (typeof occurredAt === 'string' && !ISO_INSTANT.test(occurredAt)) {
    throw new MalformedAuditEvent('occurredAt', 'must be an ISO 8601 instant with an offset');
  }
  const instant = typeof occurredAt === 'string' ? new Date(occurredAt) : occurredAt;
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new MalformedAuditEvent('occurredAt', 'is not a valid instant');
  }
  return instant.toISOString();
}

function normaliseId(id: string | number | null, field: string): string | null {
  if (id === null) {
    return null;
  }
  if (typeof id === 'number' || typeof id === 'string') {
    return String(id);
  }
  throw new MalformedAuditEvent(field, 'must be a string, a number or null');
}

/** The exact text that is hashed (exposed so an auditor can recompute a hash by hand). */
export function canonicalEventContent(prevHash: string, event: AuditEventContent): string {
  if (typeof prevHash !== 'string' || !HASH.test(prevHash)) {
    throw new MalformedAuditEvent('prevHash', 'must be 64 lower-case hex digits');
  }
  if (typeof event.actor !== 'string' || typeof event.action !== 'string') {
    throw new MalformedAuditEvent('actor/action', 'must be strings');
  }
  return canonicalJson({
    prevHash,
    seq: normaliseSeq(event.seq),
    occurredAt: normaliseInstant(event.occurredAt),
    actor: event.actor,
    action: event.action,
    caseId: normaliseId(event.caseId, 'caseId'),
    leaderId: normaliseId(event.leaderId, 'leaderId'),
    before: event.before ?? null,
    after: event.after ?? null,
  });
}

export function computeEventHash(prevHash: string, event: AuditEventContent): string {
  return createHash('sha256').update(canonicalEventContent(prevHash, event), 'utf8').digest('hex');
}

/** Builds the next link: what to store for a new event after `previous` (null for the first). */
export function chainNext(
  previous: Pick<ChainedAuditEvent, 'seq' | 'hash'> | null,
  content: Omit<AuditEventContent, 'seq'>,
): ChainedAuditEvent {
  const seq = previous === null ? 1 : normaliseSeq(previous.seq) + 1;
  const prevHash = previous === null ? GENESIS_HASH : previous.hash;
  const event = { ...content, seq };
  return { ...event, prevHash, hash: computeEventHash(prevHash, event) };
}

/**
 * Checks a whole chain, given in ascending seq order starting at seq 1, and
 * reports the first break. `start` continues a verification read in batches:
 * the seq and previous hash the first event of this batch must carry.
 */
export function verifyChain(
  events: readonly ChainedAuditEvent[],
  start: { seq: number; prevHash: string } = { seq: 1, prevHash: GENESIS_HASH },
): ChainVerification {
  let expectedSeq = start.seq;
  let expectedPrevHash = start.prevHash;
  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    const broken = (reason: ChainBreak, seq: number): ChainVerification => ({
      ok: false,
      checked: index,
      firstBrokenSeq: seq,
      reason,
    });
    let seq: number;
    let hash: string;
    try {
      seq = normaliseSeq(event.seq);
      hash = computeEventHash(event.prevHash, event);
    } catch {
      return broken('malformed', expectedSeq);
    }
    if (seq !== expectedSeq) {
      return broken('seq_gap', Math.min(seq, expectedSeq));
    }
    if (event.prevHash !== expectedPrevHash) {
      return broken('prev_hash_mismatch', seq);
    }
    if (event.hash !== hash) {
      return broken('hash_mismatch', seq);
    }
    const restored = restoredBreak(event);
    if (restored !== null) {
      return broken(restored, seq);
    }
    expectedSeq = seq + 1;
    expectedPrevHash = event.hash;
  }
  return { ok: true, checked: events.length, firstBrokenSeq: null, reason: null };
}

/**
 * Withdrawn content (SPEC 9): what one re-read of a tracked post says about
 * the comments and replies already held for it. Pure.
 *
 * A re-read concludes something only when it is complete (read to Weibo's
 * last page of every thread, no error, no page bound) and its coverage
 * (comments read / comments Weibo reports, at most 1) is no lower than the
 * last complete read's: a shorter list than Weibo's own count is Weibo
 * serving less, not citizens deleting. Each complete read becomes the next
 * baseline, so one flaky read does not block the reads after it.
 *
 * On a conclusive re-read, a held comment in scope that is
 * - missing, with no pending miss: gets a pending miss (`missedAt` = now);
 * - missing again, with a pending miss: is withdrawn, `withdrawnAt` = the
 *   first re-read that missed it;
 * - present, with a pending miss: the miss is cleared;
 * - present, already withdrawn: reappeared (`reappearedAt` = now); it stays
 *   marked withdrawn, since the record keeps that it was gone, and is not
 *   judged again.
 * Inconclusive re-reads change nothing and do not break a run of misses.
 * Scope: for an old pinned post only threads started at or after the
 * harvest's `threadsSince` are read, so only those are judged.
 */
export interface HeldComment {
  id: string;
  rootId: string;
  /** When the thread's root comment was written (the comment itself for a root). */
  rootCreatedAt: Date;
  missedAt: Date | null;
  withdrawnAt: Date | null;
  reappearedAt: Date | null;
}

export interface Reread {
  complete: boolean;
  /** Ids of every comment and reply the re-read found. */
  seen: ReadonlySet<string>;
  /** comments_count as Weibo reported it on this read. */
  reported: number;
  /** Only threads started at or after this were read (null: all). */
  threadsSince: Date | null;
}

export interface Baseline {
  seen: number;
  reported: number;
}

export type Inconclusive = 'incomplete' | 'coverage_lower';

export interface RereadVerdict {
  conclusive: boolean;
  inconclusive: Inconclusive | null;
  /** The baseline to keep for the next re-read (null: keep the old one). */
  baseline: Baseline | null;
  firstMisses: string[];
  withdrawn: { id: string; withdrawnAt: Date }[];
  cleared: string[];
  reappeared: string[];
}

/** Coverage as a fraction seen/reported, capped at 1; nothing reported counts as full. */
function coverage(b: Baseline): [number, number] {
  return b.reported <= 0 ? [1, 1] : [Math.min(b.seen, b.reported), b.reported];
}

export function coverageNotLower(now: Baseline, before: Baseline | null): boolean {
  if (before === null) {
    return true;
  }
  const [a, b] = coverage(now);
  const [c, d] = coverage(before);
  return a * d >= c * b;
}

const NOTHING = { firstMisses: [], withdrawn: [], cleared: [], reappeared: [] };

export function judgeReread(
  held: readonly HeldComment[],
  read: Reread,
  previous: Baseline | null,
): RereadVerdict {
  if (!read.complete) {
    return { conclusive: false, inconclusive: 'incomplete', baseline: null, ...NOTHING };
  }
  const inScope = held.filter(
    (c) => read.threadsSince === null || c.rootCreatedAt >= read.threadsSince,
  );
  const baseline = { seen: read.seen.size, reported: read.reported };
  if (!coverageNotLower(baseline, previous)) {
    return { conclusive: false, inconclusive: 'coverage_lower', baseline, ...NOTHING };
  }
  const verdict: RereadVerdict = {
    conclusive: true,
    inconclusive: null,
    baseline,
    firstMisses: [],
    withdrawn: [],
    cleared: [],
    reappeared: [],
  };
  for (const comment of inScope) {
    const present = read.seen.has(comment.id);
    if (comment.withdrawnAt !== null) {
      if (present && comment.reappearedAt === null) {
        verdict.reappeared.push(comment.id);
      }
    } else if (present) {
      if (comment.missedAt !== null) {
        verdict.cleared.push(comment.id);
      }
    } else if (comment.missedAt === null) {
      verdict.firstMisses.push(comment.id);
    } else {
      verdict.withdrawn.push({ id: comment.id, withdrawnAt: comment.missedAt });
    }
  }
  return verdict;
}

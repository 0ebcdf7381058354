/**
 * Near-duplicate cases (SPEC 9: many citizens, one problem). Pure.
 *
 * Text is normalised as reply matching normalises (HTML, width and
 * traditional forms folded, lower case), with emoji, mentions, links (ASCII
 * only: a link's `\S+` would swallow the Chinese after it), punctuation and
 * spaces removed; it is then cut into character bigrams
 * (Chinese has no spaces: a bigram is the smallest unit that carries a
 * word), and two cases are near-duplicates when the Jaccard similarity of
 * their bigram sets is at least NEAR_DUPLICATE_THRESHOLD. Texts shorter than
 * MIN_SHINGLES bigrams ("已收到", "同问") never cluster: short texts match by
 * chance.
 *
 * The threshold, 0.5, was chosen on a labelled set built from the
 * provincial message board (scripts/eval-clusters.ts, `npm run
 * eval:clusters`): it keeps precision high while still joining the same
 * complaint reworded (a greeting changed, a sentence added), which is what
 * staff close as duplicates.
 *
 * Clusters grow as cases open, in opening order: a new case joins the
 * cluster of the most similar earlier case of the same leader (ties: the
 * earlier case), or stays alone. A cluster's id is its first case's id, so
 * it never changes once given, and "close the rest as duplicate of the
 * first" has one meaning.
 */
import { EMOJI_ALT, MENTION, normaliseReply } from '../cases/reply-text';

// Links end at the first character a URL cannot hold: Chinese text runs on without a space.
const ASCII_URL = /https?:\/\/[\x21-\x7e]*/gu;
const PUNCTUATION_AND_SPACE = /[\p{P}\p{S}\p{Z}\s]/gu;

/** The words of a message: no HTML, reply prefix, emoji, mentions, links, punctuation or spaces. */
export function clusterText(text: string): string {
  return normaliseReply(text)
    .replace(EMOJI_ALT, '')
    .replace(ASCII_URL, '')
    .replace(MENTION, '')
    .replace(PUNCTUATION_AND_SPACE, '');
}

export const NEAR_DUPLICATE_THRESHOLD = 0.5;
export const MIN_SHINGLES = 4;

export function shingles(text: string): Set<string> {
  const core = [...clusterText(text)];
  const set = new Set<string>();
  for (let i = 0; i + 1 < core.length; i++) {
    set.add(core[i] + core[i + 1]);
  }
  return set;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) {
    return 0;
  }
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const s of small) {
    if (large.has(s)) {
      shared += 1;
    }
  }
  return shared / (a.size + b.size - shared);
}

export interface ClusterCandidate {
  id: string;
  openedAt: Date;
  text: string;
  /** The cluster it is in already (its first case's id), null when alone or not yet placed. */
  clusterId: string | null;
}

export interface Placement {
  caseId: string;
  /** The cluster joined; null: alone. */
  clusterId: string | null;
  /** The case it matched, and how closely. */
  matchedCaseId: string | null;
  similarity: number;
}

function byOpening(a: ClusterCandidate, b: ClusterCandidate): number {
  return a.openedAt.getTime() - b.openedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Places `incoming` cases (not yet placed) among `placed` ones (earlier,
 * already placed) in opening order. Returns one placement per incoming case
 * and the placed cases whose cluster id was set because a later case joined
 * them (they become their cluster's first case).
 */
export function placeCases(
  placed: readonly ClusterCandidate[],
  incoming: readonly ClusterCandidate[],
  threshold = NEAR_DUPLICATE_THRESHOLD,
): { placements: Placement[]; founders: string[] } {
  const pool: { c: ClusterCandidate; s: Set<string> }[] = [];
  const postings = new Map<string, number[]>();
  const add = (c: ClusterCandidate) => {
    const s = shingles(c.text);
    const index = pool.length;
    pool.push({ c: { ...c }, s });
    if (s.size >= MIN_SHINGLES) {
      for (const g of s) {
        const list = postings.get(g) ?? [];
        list.push(index);
        postings.set(g, list);
      }
    }
    return index;
  };
  [...placed].sort(byOpening).forEach(add);
  const placements: Placement[] = [];
  const founders: string[] = [];
  for (const c of [...incoming].sort(byOpening)) {
    const s = shingles(c.text);
    let best: { index: number; similarity: number } | null = null;
    if (s.size >= MIN_SHINGLES) {
      const shared = new Map<number, number>();
      for (const g of s) {
        for (const index of postings.get(g) ?? []) {
          shared.set(index, (shared.get(index) ?? 0) + 1);
        }
      }
      for (const [index, n] of shared) {
        const other = pool[index];
        if (other.c.openedAt > c.openedAt) {
          continue;
        }
        const similarity = n / (s.size + other.s.size - n);
        if (
          similarity >= threshold &&
          (best === null ||
            similarity > best.similarity ||
            (similarity === best.similarity && byOpening(other.c, pool[best.index].c) < 0))
        ) {
          best = { index, similarity };
        }
      }
    }
    const index = add({ ...c, clusterId: null });
    if (best === null) {
      placements.push({ caseId: c.id, clusterId: null, matchedCaseId: null, similarity: 0 });
      continue;
    }
    const match = pool[best.index].c;
    if (match.clusterId === null) {
      match.clusterId = match.id;
      founders.push(match.id);
      // A founder placed in this same call: its own placement now names the cluster.
      const own = placements.find((p) => p.caseId === match.id);
      if (own !== undefined) {
        own.clusterId = match.id;
      }
    }
    pool[index].c.clusterId = match.clusterId;
    placements.push({
      caseId: c.id,
      clusterId: match.clusterId,
      matchedCaseId: match.id,
      similarity: best.similarity,
    });
  }
  return {
    placements,
    founders: founders.filter((id) => !placements.some((p) => p.caseId === id)),
  };
}

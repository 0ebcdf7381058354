/**
 * Bursts: runs of one actor's actions packed closer than a threshold allows
 * (SPEC 9: 10 closures within 10 minutes, 20 surveys within 10 minutes).
 *
 * For one actor's actions sorted by time, every window that starts at an
 * action and spans at most `windowMs` (t_last − t_first ≤ windowMs) and holds
 * at least `minCount` actions marks all of them; overlapping marked windows
 * merge into one burst. So a burst is reported once, however long it runs.
 */
export interface TimedAction {
  actor: string;
  at: Date;
  caseId: string;
}

export interface Burst {
  actor: string;
  from: Date;
  to: Date;
  actions: TimedAction[];
}

function byTimeThenCase(a: TimedAction, b: TimedAction): number {
  return (
    a.at.getTime() - b.at.getTime() || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0)
  );
}

export function findBursts(
  actions: readonly TimedAction[],
  minCount: number,
  windowMs: number,
): Burst[] {
  const byActor = new Map<string, TimedAction[]>();
  for (const action of actions) {
    const list = byActor.get(action.actor) ?? [];
    list.push(action);
    byActor.set(action.actor, list);
  }
  const bursts: Burst[] = [];
  for (const actor of [...byActor.keys()].sort()) {
    const sorted = [...(byActor.get(actor) ?? [])].sort(byTimeThenCase);
    let runStart = -1;
    let runEnd = -1;
    let end = 0;
    for (let start = 0; start < sorted.length; start++) {
      end = Math.max(end, start);
      while (
        end + 1 < sorted.length &&
        sorted[end + 1].at.getTime() - sorted[start].at.getTime() <= windowMs
      ) {
        end += 1;
      }
      if (end - start + 1 < minCount) {
        continue;
      }
      if (runStart !== -1 && start <= runEnd) {
        runEnd = Math.max(runEnd, end);
      } else {
        if (runStart !== -1) {
          bursts.push(burstOf(actor, sorted.slice(runStart, runEnd + 1)));
        }
        runStart = start;
        runEnd = end;
      }
    }
    if (runStart !== -1) {
      bursts.push(burstOf(actor, sorted.slice(runStart, runEnd + 1)));
    }
  }
  return bursts;
}

function burstOf(actor: string, actions: TimedAction[]): Burst {
  return { actor, from: actions[0].at, to: actions[actions.length - 1].at, actions };
}

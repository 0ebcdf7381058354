import { findBursts } from './bursts';

const base = Date.parse('2025-03-03T02:00:00Z');
const act = (actor: string, minute: number, caseId = `c${minute}`) => ({
  actor,
  at: new Date(base + minute * 60_000),
  caseId,
});

describe('findBursts', () => {
  it('finds n actions within the window, counting the window end inclusively', () => {
    const actions = [0, 2, 4, 6, 10].map((m) => act('a', m));
    const [burst] = findBursts(actions, 5, 10 * 60_000);
    expect(burst.actions.map((a) => a.caseId)).toEqual(['c0', 'c2', 'c4', 'c6', 'c10']);
    expect(burst).toMatchObject({ actor: 'a', from: actions[0].at, to: actions[4].at });
  });

  it('finds nothing when the same actions spread one minute wider', () => {
    const actions = [0, 2, 4, 6, 11].map((m) => act('a', m));
    expect(findBursts(actions, 5, 10 * 60_000)).toEqual([]);
  });

  it('does not mix actors', () => {
    const actions = [act('a', 0), act('b', 1), act('a', 2), act('b', 3)];
    expect(findBursts(actions, 3, 10 * 60_000)).toEqual([]);
    expect(findBursts(actions, 2, 10 * 60_000).map((b) => b.actor)).toEqual(['a', 'b']);
  });

  it('merges overlapping windows into one burst and keeps separate ones apart', () => {
    const actions = [0, 5, 10, 15, 20, 60, 61, 62].map((m) => act('a', m));
    const bursts = findBursts(actions, 3, 10 * 60_000);
    expect(bursts.map((b) => b.actions.length)).toEqual([5, 3]);
    expect(bursts[0].to).toEqual(actions[4].at);
  });

  it('leaves out actions that are in no full window', () => {
    const actions = [0, 30, 31, 32, 90].map((m) => act('a', m));
    const bursts = findBursts(actions, 3, 5 * 60_000);
    expect(bursts).toHaveLength(1);
    expect(bursts[0].actions.map((a) => a.caseId)).toEqual(['c30', 'c31', 'c32']);
  });
});

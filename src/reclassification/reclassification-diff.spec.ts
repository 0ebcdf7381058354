import {
  caseEffect,
  type ClassificationSummary,
  hasChanged,
  summarise,
} from './reclassification-diff';
import type { Classification } from '../classification/rule-engine';

const result = (fields: Partial<Classification> = {}): Classification => ({
  kind: 'complaint',
  category: 'noise',
  actionable: true,
  score: 5,
  matches: [],
  tokens: [],
  rulesetVersion: 'v2',
  ...fields,
});

const before = (fields: Partial<ClassificationSummary> = {}): ClassificationSummary => ({
  kind: 'complaint',
  category: 'noise',
  actionable: true,
  score: 4,
  rulesetVersion: 'v1',
  ...fields,
});

describe('hasChanged', () => {
  it('ignores a new score or version alone', () => {
    expect(hasChanged(before(), result())).toBe(false);
  });

  it('sees a new kind, category or actionability, and a first classification', () => {
    expect(hasChanged(before({ kind: 'help' }), result())).toBe(true);
    expect(hasChanged(before({ category: 'traffic' }), result())).toBe(true);
    expect(hasChanged(before({ actionable: false }), result())).toBe(true);
    expect(hasChanged(null, result())).toBe(true);
  });
});

describe('summarise', () => {
  it('keeps what a change record holds', () => {
    expect(summarise(result({ matches: [{ rule: 'x', terms: [], weight: 1 }] }))).toEqual({
      kind: 'complaint',
      category: 'noise',
      actionable: true,
      score: 5,
      rulesetVersion: 'v2',
    });
  });
});

describe('caseEffect', () => {
  const withCase = { caseId: 'c1', inOwnThread: false };
  const noCase = { caseId: null, inOwnThread: false };

  it('updates a case whose topic differs from the new result', () => {
    expect(
      caseEffect(withCase, { kind: 'complaint', category: 'traffic' }, before(), result()),
    ).toEqual({ type: 'update', kind: 'complaint', category: 'noise' });
  });

  it('leaves a case that already matches', () => {
    expect(
      caseEffect(withCase, { kind: 'complaint', category: 'noise' }, before(), result()),
    ).toEqual({
      type: 'none',
    });
  });

  it('updates but never closes a case whose message is no longer actionable', () => {
    const praise = result({ kind: 'praise', category: 'other', actionable: false });
    expect(
      caseEffect(withCase, { kind: 'complaint', category: 'noise' }, before(), praise),
    ).toEqual({
      type: 'update',
      kind: 'praise',
      category: 'other',
    });
  });

  it('opens a case for a message that became actionable', () => {
    expect(
      caseEffect(noCase, null, before({ actionable: false, kind: 'other' }), result()),
    ).toEqual({
      type: 'open',
    });
    expect(caseEffect(noCase, null, null, result())).toEqual({ type: 'open' });
  });

  it('opens none for a reply in the citizen’s own thread, or one that was actionable already', () => {
    expect(
      caseEffect(
        { caseId: null, inOwnThread: true },
        null,
        before({ actionable: false }),
        result(),
      ),
    ).toEqual({ type: 'none' });
    expect(caseEffect(noCase, null, before(), result())).toEqual({ type: 'none' });
    expect(
      caseEffect(noCase, null, before({ actionable: false }), result({ actionable: false })),
    ).toEqual({
      type: 'none',
    });
  });
});

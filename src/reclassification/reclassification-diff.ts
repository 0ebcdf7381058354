import type { Classification } from '../classification/rule-engine';
import type { Category, Kind } from '../classification/taxonomy';

/** What a re-classification records of a message's result, before and after. */
export interface ClassificationSummary {
  kind: Kind;
  category: Category;
  actionable: boolean;
  score: number;
  rulesetVersion: string;
}

export function summarise(result: Classification): ClassificationSummary {
  return {
    kind: result.kind,
    category: result.category,
    actionable: result.actionable,
    score: result.score,
    rulesetVersion: result.rulesetVersion,
  };
}

/**
 * A message's classification changed when what it is taken for changed:
 * its kind, its category or whether it is actionable. A new score or
 * version alone is not a change. A message never classified before
 * (stored before classification existed) counts as changed.
 */
export function hasChanged(before: ClassificationSummary | null, after: Classification): boolean {
  return (
    before === null ||
    before.kind !== after.kind ||
    before.category !== after.category ||
    before.actionable !== after.actionable
  );
}

export type CaseEffect =
  | { type: 'none' }
  /** The case's kind/category follow the message's new classification. */
  | { type: 'update'; kind: Kind; category: Category }
  /** The message became actionable and has no case: it opens one. */
  | { type: 'open' };

/**
 * What a re-classification does to the message's case. An existing case
 * takes the new kind and category, even when the message is no longer
 * actionable: a case is never closed by a rule change, a person closes it
 * (`not_actionable`), and the audit event says what changed. A message that
 * becomes actionable opens a case as intake would have, unless it is the
 * citizen's reply in their own thread (a satisfaction signal). One that was
 * actionable before and still has no case was left without one on purpose.
 */
export function caseEffect(
  message: { caseId: string | null; inOwnThread: boolean },
  caseTopic: { kind: string; category: string } | null,
  before: ClassificationSummary | null,
  after: Classification,
): CaseEffect {
  if (message.caseId !== null) {
    if (caseTopic && (caseTopic.kind !== after.kind || caseTopic.category !== after.category)) {
      return { type: 'update', kind: after.kind, category: after.category };
    }
    return { type: 'none' };
  }
  const becameActionable = after.actionable && (before === null || !before.actionable);
  return becameActionable && !message.inOwnThread ? { type: 'open' } : { type: 'none' };
}

/**
 * SLA policies: which clocks a case gets, by kind and category.
 *
 * Selection: the most specific policy wins. Specificity ranks
 *   kind + category  >  kind + '*'  >  '*' + category  >  '*' + '*'
 * (the kind, the citizen's motive, says more about urgency than the matter
 * does). A policy list must hold exactly one policy per (kind, category)
 * pair and must include the catch-all '*' / '*', so selection never fails.
 *
 * Defaults (SPEC section 4): acknowledge within 1 working day, resolve within
 * 5 working days; a request for help (求助) about safety is acknowledged
 * within 2 wall-clock hours. "About safety" means a threat to people or
 * property that is happening or imminent: public_order (治安: fights,
 * threats, theft), fraud (诈骗: money still moving), fire (消防) and traffic
 * (交通: accidents, road hazards). The other categories are matters that can
 * wait for the next working day without harm.
 */
import { CATEGORIES, type Category, isCategory, isKind, type Kind, KINDS } from './case-types';
import { SlaPolicyInvalid } from './case-errors';
import { assertSlaDuration, type SlaDuration } from './sla-clock';

export type SlaPolicy = {
  kind: Kind | '*';
  category: Category | '*';
  acknowledge: SlaDuration;
  resolve: SlaDuration;
};

export const SAFETY_CATEGORIES: readonly Category[] = ['public_order', 'fraud', 'fire', 'traffic'];

const ACKNOWLEDGE_DEFAULT: SlaDuration = { unit: 'working_days', amount: 1 };
const RESOLVE_DEFAULT: SlaDuration = { unit: 'working_days', amount: 5 };
const ACKNOWLEDGE_SAFETY_HELP: SlaDuration = { unit: 'hours', amount: 2 };

export const DEFAULT_SLA_POLICIES: readonly SlaPolicy[] = [
  { kind: '*', category: '*', acknowledge: ACKNOWLEDGE_DEFAULT, resolve: RESOLVE_DEFAULT },
  ...SAFETY_CATEGORIES.map((category): SlaPolicy => ({
    kind: 'help',
    category,
    acknowledge: ACKNOWLEDGE_SAFETY_HELP,
    resolve: RESOLVE_DEFAULT,
  })),
];

function specificity(policy: SlaPolicy): number {
  return (policy.kind === '*' ? 0 : 2) + (policy.category === '*' ? 0 : 1);
}

/** The most specific policy for a case; throws SlaPolicyInvalid when none applies. */
export function selectPolicy(
  policies: readonly SlaPolicy[],
  kind: Kind,
  category: Category,
): SlaPolicy {
  let best: SlaPolicy | undefined;
  for (const policy of policies) {
    const applies =
      (policy.kind === '*' || policy.kind === kind) &&
      (policy.category === '*' || policy.category === category);
    if (applies && (best === undefined || specificity(policy) > specificity(best))) {
      best = policy;
    }
  }
  if (best === undefined) {
    throw new SlaPolicyInvalid('(root)', `no policy applies to ${kind}/${category}`);
  }
  return best;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rejectUnknownKeys(value: Record<string, unknown>, allowed: string[], path: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new SlaPolicyInvalid(`${path}.${key}`, 'unknown field');
    }
  }
}

function validateDuration(input: unknown, path: string): SlaDuration {
  if (!isRecord(input)) {
    throw new SlaPolicyInvalid(path, 'must be an object {unit, amount}');
  }
  rejectUnknownKeys(input, ['unit', 'amount'], path);
  const { unit, amount } = input;
  if (unit !== 'working_days' && unit !== 'hours') {
    throw new SlaPolicyInvalid(`${path}.unit`, 'must be "working_days" or "hours"');
  }
  if (typeof amount !== 'number') {
    throw new SlaPolicyInvalid(`${path}.amount`, 'must be a number');
  }
  const duration: SlaDuration = { unit, amount };
  try {
    assertSlaDuration(duration);
  } catch (error) {
    throw new SlaPolicyInvalid(
      `${path}.amount`,
      error instanceof Error ? error.message : 'invalid',
    );
  }
  return duration;
}

/** Checks a policy list from untrusted input; throws SlaPolicyInvalid naming the path. */
export function validateSlaPolicies(input: unknown): SlaPolicy[] {
  if (!Array.isArray(input) || input.length === 0) {
    throw new SlaPolicyInvalid('(root)', 'must be a non-empty array of policies');
  }
  const seen = new Map<string, number>();
  const policies = input.map((entry: unknown, index): SlaPolicy => {
    const path = `[${index}]`;
    if (!isRecord(entry)) {
      throw new SlaPolicyInvalid(path, 'must be an object {kind, category, acknowledge, resolve}');
    }
    rejectUnknownKeys(entry, ['kind', 'category', 'acknowledge', 'resolve'], path);
    const { kind, category } = entry;
    if (kind !== '*' && !isKind(kind)) {
      throw new SlaPolicyInvalid(`${path}.kind`, `must be "*" or one of ${KINDS.join(', ')}`);
    }
    if (category !== '*' && !isCategory(category)) {
      throw new SlaPolicyInvalid(
        `${path}.category`,
        `must be "*" or one of ${CATEGORIES.join(', ')}`,
      );
    }
    const acknowledge = validateDuration(entry.acknowledge, `${path}.acknowledge`);
    const resolve = validateDuration(entry.resolve, `${path}.resolve`);
    if (acknowledge.unit === resolve.unit && acknowledge.amount > resolve.amount) {
      throw new SlaPolicyInvalid(`${path}.acknowledge`, 'is longer than resolve');
    }
    const key = `${kind}/${category}`;
    const previous = seen.get(key);
    if (previous !== undefined) {
      throw new SlaPolicyInvalid(`${path}`, `${key} is already given at [${previous}]`);
    }
    seen.set(key, index);
    return { kind, category, acknowledge, resolve };
  });
  if (!seen.has('*/*')) {
    throw new SlaPolicyInvalid(
      '(root)',
      'must include a catch-all policy with kind "*" and category "*"',
    );
  }
  return policies;
}

import { SlaPolicyInvalid } from './case-errors';
import { CATEGORIES, type Category, KINDS } from './case-types';
import {
  DEFAULT_SLA_POLICIES,
  SAFETY_CATEGORIES,
  selectPolicy,
  type SlaPolicy,
  validateSlaPolicies,
} from './sla-policy';

const oneDay = { unit: 'working_days', amount: 1 } as const;
const fiveDays = { unit: 'working_days', amount: 5 } as const;
const twoHours = { unit: 'hours', amount: 2 } as const;

describe('DEFAULT_SLA_POLICIES', () => {
  it('is a valid policy list', () => {
    expect(validateSlaPolicies(DEFAULT_SLA_POLICIES)).toEqual(DEFAULT_SLA_POLICIES);
  });

  it.each(CATEGORIES.map((category) => [category]))('help about %s', (category: Category) => {
    const policy = selectPolicy(DEFAULT_SLA_POLICIES, 'help', category);
    expect(policy.acknowledge).toEqual(SAFETY_CATEGORIES.includes(category) ? twoHours : oneDay);
    expect(policy.resolve).toEqual(fiveDays);
  });

  it('gives every other kind 1 working day to acknowledge and 5 to resolve, whatever the category', () => {
    for (const kind of KINDS.filter((k) => k !== 'help')) {
      for (const category of CATEGORIES) {
        expect(selectPolicy(DEFAULT_SLA_POLICIES, kind, category)).toMatchObject({
          acknowledge: oneDay,
          resolve: fiveDays,
        });
      }
    }
  });

  it('counts public_order, fraud, fire and traffic as safety', () => {
    expect([...SAFETY_CATEGORIES].sort()).toEqual(['fire', 'fraud', 'public_order', 'traffic']);
  });
});

describe('selectPolicy', () => {
  const policies: SlaPolicy[] = [
    {
      kind: '*',
      category: '*',
      acknowledge: { unit: 'working_days', amount: 1 },
      resolve: { unit: 'working_days', amount: 5 },
    },
    {
      kind: '*',
      category: 'fire',
      acknowledge: { unit: 'working_days', amount: 2 },
      resolve: { unit: 'working_days', amount: 5 },
    },
    {
      kind: 'complaint',
      category: '*',
      acknowledge: { unit: 'working_days', amount: 3 },
      resolve: { unit: 'working_days', amount: 5 },
    },
    {
      kind: 'complaint',
      category: 'noise',
      acknowledge: { unit: 'working_days', amount: 4 },
      resolve: { unit: 'working_days', amount: 5 },
    },
  ];
  const ack = (kind: 'complaint' | 'inquiry', category: Category): number =>
    selectPolicy(policies, kind, category).acknowledge.amount;

  it('prefers kind+category, then kind, then category, then the catch-all', () => {
    expect(ack('complaint', 'noise')).toBe(4);
    expect(ack('complaint', 'fire')).toBe(3);
    expect(ack('inquiry', 'fire')).toBe(2);
    expect(ack('inquiry', 'noise')).toBe(1);
  });

  it('does not depend on the order of the list', () => {
    const reversed = [...policies].reverse();
    expect(selectPolicy(reversed, 'complaint', 'noise').acknowledge.amount).toBe(4);
    expect(selectPolicy(reversed, 'inquiry', 'fire').acknowledge.amount).toBe(2);
  });

  it('throws when nothing applies', () => {
    expect(() => selectPolicy([policies[3]], 'inquiry', 'noise')).toThrow(SlaPolicyInvalid);
  });
});

describe('validateSlaPolicies', () => {
  const catchAll = { kind: '*', category: '*', acknowledge: oneDay, resolve: fiveDays };

  it.each<[string, unknown, string]>([
    ['not an array', {}, '(root)'],
    ['an empty list', [], '(root)'],
    ['no catch-all', [{ ...catchAll, kind: 'help' }], '(root)'],
    ['an unknown kind', [catchAll, { ...catchAll, kind: 'rant' }], '[1].kind'],
    ['an unknown category', [catchAll, { ...catchAll, category: 'space' }], '[1].category'],
    ['an unknown field', [{ ...catchAll, priority: 1 }], '[0].priority'],
    [
      'a bad unit',
      [{ ...catchAll, acknowledge: { unit: 'weeks', amount: 1 } }],
      '[0].acknowledge.unit',
    ],
    [
      'a fractional working-day amount',
      [{ ...catchAll, resolve: { unit: 'working_days', amount: 2.5 } }],
      '[0].resolve.amount',
    ],
    [
      'a zero amount',
      [{ ...catchAll, acknowledge: { unit: 'hours', amount: 0 } }],
      '[0].acknowledge.amount',
    ],
    [
      'a string amount',
      [{ ...catchAll, acknowledge: { unit: 'hours', amount: '2' } }],
      '[0].acknowledge.amount',
    ],
    [
      'acknowledge longer than resolve',
      [{ ...catchAll, acknowledge: { unit: 'working_days', amount: 6 } }],
      '[0].acknowledge',
    ],
    ['a duplicate pair', [catchAll, { ...catchAll }], '[1]'],
  ])('refuses %s', (_label, input, path) => {
    let caught: unknown;
    try {
      validateSlaPolicies(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SlaPolicyInvalid);
    expect((caught as SlaPolicyInvalid).code).toBe('SLA_POLICY_INVALID');
    expect((caught as SlaPolicyInvalid).path).toBe(path);
  });
});

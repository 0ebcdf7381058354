import { loadDefaultRuleset, RulesetInvalid, validateRuleset, withCategoryTerms } from './ruleset';

function clone(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(loadDefaultRuleset())) as Record<string, unknown>;
}

function problem(input: unknown): RulesetInvalid {
  try {
    validateRuleset(input);
  } catch (e) {
    if (e instanceof RulesetInvalid) {
      return e;
    }
    throw e;
  }
  throw new Error('expected RulesetInvalid');
}

describe('validateRuleset', () => {
  it('accepts the default ruleset, which has a version', () => {
    const rules = loadDefaultRuleset();
    expect(rules.version).toMatch(/^\d{4}\.\d{2}\.\d{2}-\d+$/);
    expect(validateRuleset(clone())).toEqual(rules);
  });

  it('names the path of a weight that is not a number', () => {
    const input = clone() as { categories: { traffic: { terms: { weight: unknown }[] } } };
    input.categories.traffic.terms[3].weight = 'heavy';
    const e = problem(input);
    expect(e.code).toBe('RULESET_INVALID');
    expect(e.message).toBe('categories.traffic.terms[3].weight must be a number');
  });

  it('names a missing category, an unknown field and a duplicate term', () => {
    const missing = clone() as { categories: Record<string, unknown> };
    delete missing.categories.fire;
    expect(problem(missing).message).toBe('categories.fire is missing');

    const unknown = clone();
    unknown.colour = 'blue';
    expect(problem(unknown).message).toMatch(/^ruleset\.colour is not a known field/);

    const duplicate = clone() as { kinds: { help: { terms: { term: string; weight: number }[] } } };
    duplicate.kinds.help.terms.push({ term: duplicate.kinds.help.terms[0].term, weight: 1 });
    expect(problem(duplicate).message).toMatch(/^kinds\.help\.terms\[\d+\]\.term duplicates/);
  });

  it('rejects a contact pattern that is not a regular expression', () => {
    const input = clone() as { spam: { contact: { patterns: string[] } } };
    input.spam.contact.patterns[1] = '([unclosed';
    expect(problem(input).message).toMatch(
      /^spam\.contact\.patterns\[1\] is not a valid regular expression/,
    );
  });

  it('rejects a kind priority that is not a permutation of the signal kinds', () => {
    const input = clone() as { kindPriority: string[] };
    input.kindPriority = ['help', 'complaint'];
    expect(problem(input).message).toMatch(/^kindPriority must list each of/);
  });

  it('takes an optional lead and checks it', () => {
    expect(loadDefaultRuleset().lead?.weight).toBeGreaterThan(0);
    const without = clone();
    delete without.lead;
    expect(validateRuleset(without).lead).toBeUndefined();

    const heavy = clone() as { lead: { weight: unknown } };
    heavy.lead.weight = 50;
    expect(problem(heavy).message).toBe('lead.weight must be between 0 and 10');

    const unknown = clone() as { lead: Record<string, unknown> };
    unknown.lead.ends = ['。'];
    expect(problem(unknown).message).toMatch(/^lead\.ends is not a known field/);

    const empty = clone() as { lead: { sentenceEnds: unknown[] } };
    empty.lead.sentenceEnds = [''];
    expect(problem(empty).message).toBe('lead.sentenceEnds[0] must be a non-empty string');
  });

  it('rejects non-objects', () => {
    expect(problem(null).message).toBe('ruleset must be an object');
    expect(problem({ ...clone(), version: '' }).message).toBe('version must be a non-empty string');
  });
});

describe('withCategoryTerms', () => {
  it('adds terms, keeps the larger weight of a known term and leaves the original alone', () => {
    const base = loadDefaultRuleset();
    const known = base.categories.traffic.terms[0];
    const merged = withCategoryTerms(base, {
      traffic: [
        { term: known.term, weight: known.weight + 5 },
        { term: '新词汇', weight: 1.2 },
      ],
    });
    expect(merged.categories.traffic.terms).toContainEqual({
      term: known.term,
      weight: known.weight + 5,
    });
    expect(merged.categories.traffic.terms).toContainEqual({ term: '新词汇', weight: 1.2 });
    expect(base.categories.traffic.terms).not.toContainEqual({ term: '新词汇', weight: 1.2 });
    expect(merged.version).toBe(`${base.version}+mined`);
  });
});

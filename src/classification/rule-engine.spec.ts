import fc from 'fast-check';
import { classifyMessage } from './classifier';
import { classify, classifyTokens } from './rule-engine';
import { LONG_TEXT_TOKENS, sameCharRun } from './decision';
import { compileLearned, scoreLearned } from './learned-scorer';
import { LearnedModel, loadDefaultRuleset, Ruleset, validateRuleset } from './ruleset';
import { CATEGORIES, KINDS } from './taxonomy';

const rules = loadDefaultRuleset();
const run = (raw: string) => classifyMessage(raw, rules);
const ruleNames = (raw: string) => run(raw).matches.map((m) => m.rule);

/** A small ruleset whose weights the tests control. */
function tiny(): Ruleset {
  const input = JSON.parse(JSON.stringify(rules)) as Ruleset;
  const empty = { terms: [] };
  input.version = 'test-1';
  input.kinds = {
    complaint: {
      terms: [
        { term: '投诉', weight: 3 },
        { term: '没有解决', weight: 2 },
      ],
    },
    help: empty,
    inquiry: { terms: [{ term: '?', weight: 1 }] },
    suggestion: empty,
    praise: { terms: [{ term: '满意', weight: 2 }] },
  };
  for (const key of Object.keys(input.categories) as (keyof Ruleset['categories'])[]) {
    input.categories[key] = empty;
  }
  input.categories.noise = { terms: [{ term: '噪音', weight: 2 }] };
  return validateRuleset(input);
}

describe('classify: negation', () => {
  it('a negated complaint word does not count, and the match says so', () => {
    const result = run('我没有投诉的意思,就是想请问一下社保卡什么时候能领?');
    expect(result.kind).toBe('inquiry');
    expect(result.category).toBe('labour');
    expect(result.matches).toContainEqual({ rule: 'negation', terms: ['投诉'], weight: -3 });
    expect(ruleNames('我没有投诉的意思,就是想请问一下')).not.toContain('kind:complaint');
  });

  it('negation reaches `window` tokens and stops at a clause break', () => {
    const t = tiny();
    expect(classify('不 满意', t).kind).toBe('praise'); // a space starts a new clause
    expect(classify('不满意', t).matches.map((m) => m.rule)).toContain('negation');
    expect(classify('不是,满意', t).kind).toBe('praise');
    expect(classifyTokens(['不', '很', '很', '很', '满意'], '不很很很满意', t).kind).toBe('praise');
  });

  it('a term that contains a cue is not negated by it', () => {
    const result = classify('问题没有解决', tiny());
    expect(result.kind).toBe('complaint');
    expect(result.matches).toContainEqual({
      rule: 'kind:complaint',
      terms: ['没有解决'],
      weight: 2,
    });
  });

  it('does not negate the topic by default: a warning about fire is still about fire', () => {
    expect(run('不要在楼道充电,太危险了').category).toBe('fire');
    expect(run('这个电话是不是骗子?').category).toBe('fraud');
  });
});

describe('classify: kinds', () => {
  it('questions are inquiries', () => {
    const result = run('请问户口迁移需要什么材料?');
    expect([result.kind, result.category, result.actionable]).toEqual([
      'inquiry',
      'household_id',
      true,
    ]);
    expect(run('請問駕照到期換證可以在網上辦理嗎？').kind).toBe('inquiry');
  });

  it('calls for help are help', () => {
    expect(run('救命!我们这栋楼着火了,人被困在里面').kind).toBe('help');
    expect(run('求助:我爷爷走失了,求扩散').kind).toBe('help');
  });

  it('praise is praise, not actionable, about police conduct when it thanks police', () => {
    const result = run('感谢民警同志,辛苦了[赞][赞]');
    expect([result.kind, result.category, result.actionable]).toEqual([
      'praise',
      'police_conduct',
      false,
    ]);
  });

  it('a fraud victim is a complaint or help about fraud, not spam', () => {
    const result = run('我被骗了,刷单骗走两万,骗子的QQ是2847719352,能帮我追回吗');
    expect(['complaint', 'help']).toContain(result.kind);
    expect(result.category).toBe('fraud');
    expect(ruleNames('我被骗了,刷单骗走两万,骗子的QQ是2847719352,能帮我追回吗')).toContain(
      'spam:contact',
    );
  });

  it('a question full of grievance is a complaint; polite thanks do not make a complaint praise', () => {
    expect(run('为什么没人管?楼下烧烤摊天天占道经营').kind).toBe('complaint');
    expect(run('药店的药比医院贵一倍,这合理吗?').kind).toBe('complaint');
    expect(run('公司拖欠三个月工资,老板不接电话,请尽快处理,谢谢').kind).toBe('complaint');
  });

  it('a clear problem with no kind word is a complaint; chatter is other', () => {
    expect(run('小区门口的井盖缺了一个').kind).toBe('complaint');
    const chatter = run('前排围观');
    expect([chatter.kind, chatter.category, chatter.actionable]).toEqual(['other', 'other', false]);
  });
});

describe('classify: bystander comments', () => {
  it('a warning to other readers is other, with its matter; without the rule it is a complaint', () => {
    const text = '刚路过看到前面两辆车追尾了,大家绕行吧';
    const result = run(text);
    expect(result.kind).toBe('other');
    expect(result.category).toBe('traffic');
    expect(result.matches.map((m) => m.rule)).toContain('bystander');
    const without = validateRuleset({ ...rules, bystander: undefined });
    expect(classifyMessage(text, without).kind).toBe('complaint');
  });

  it('does not silence an actionable kind that outscores it', () => {
    expect(run('大家注意,我家孩子走失了,求扩散!').kind).toBe('help');
  });
});

describe('classify: the opening sentence (lead)', () => {
  /** noise and labour terms, with a lead of weight 2 ending at 。. */
  function withLead(weight: number | undefined): Ruleset {
    const input = JSON.parse(JSON.stringify(tiny())) as Ruleset;
    input.categories.labour = { terms: [{ term: '工资', weight: 2 }] };
    if (weight === undefined) {
      delete input.lead;
    } else {
      input.lead = { weight, sentenceEnds: ['。'] };
    }
    return validateRuleset(input);
  }
  // The subject names noise once; the body mentions wages twice.
  const letter = ['噪音', '。', '工资', ',', '工资'];

  it('weighs the opening sentence more when ranking categories, and says so', () => {
    const result = classifyTokens(letter, letter.join(''), withLead(2));
    expect(result.category).toBe('noise');
    expect(result.matches).toContainEqual({ rule: 'lead', terms: ['噪音'], weight: 4 });
    // The reported score is still the plain one.
    const noise = result.matches.find((m) => m.rule === 'category:noise');
    expect(noise?.weight).toBe(2);
  });

  it('changes nothing without a lead, or when the text is one sentence', () => {
    expect(classifyTokens(letter, letter.join(''), withLead(undefined)).category).toBe('labour');
    expect(classifyTokens(letter, letter.join(''), withLead(0)).category).toBe('labour');
    const oneSentence = ['噪音', ',', '工资', ',', '工资'];
    const result = classifyTokens(oneSentence, oneSentence.join(''), withLead(2));
    expect(result.category).toBe('labour');
    expect(result.matches.map((m) => m.rule)).not.toContain('lead');
  });

  it('does not lift a category below its threshold', () => {
    const input = JSON.parse(JSON.stringify(withLead(5))) as Ruleset;
    input.categories.noise = { terms: [{ term: '噪音', weight: 0.5 }] };
    const result = classifyTokens(letter, letter.join(''), validateRuleset(input));
    expect(result.category).toBe('labour');
  });
});

describe('classify: spam', () => {
  it.each([
    ['followers', '互粉互赞,有关必回,秒回关!', 'spam:followers'],
    ['invoice', '代开各类发票,增值税普票专票,税点低', 'spam:invoice'],
    ['gambling + link', '首存送彩金,百家乐真人荷官 http://t.cn/A6xYz9Kp', 'spam:gambling'],
    ['porn', '寂寞的哥哥看我主页,同城约', 'spam:porn'],
    ['ad + contact', '兼职日结,手机打字员,有意者加V:zhaopin8866', 'spam:contact'],
    ['ad + phone', '无抵押贷款,当天下款,联系13927781234', 'spam:contact'],
  ])('%s is spam with category other', (_name, raw, rule) => {
    const result = run(raw);
    expect([result.kind, result.category, result.actionable]).toEqual(['spam', 'other', false]);
    expect(result.matches.map((m) => m.rule)).toContain(rule);
  });

  it('counts links and repeated characters as spam signals', () => {
    expect(classify('看看', rules, { urls: 2 }).matches).toContainEqual({
      rule: 'spam:url',
      terms: ['2 url'],
      weight: 3,
    });
    expect(ruleNames('好好好好好好好好好好')).toContain('spam:repetition');
  });

  it('a run of one digit is a number, not repetition', () => {
    expect(sameCharRun('电话000000000000')).toBe(1);
    expect(sameCharRun('！！！！！！')).toBe(6);
    expect(ruleNames('住院号000000000000至今无人答复')).not.toContain('spam:repetition');
  });
});

describe('classify: matching and explanation', () => {
  it('matches terms that jieba splits ([赞]) and terms inside compounds (补办身份证)', () => {
    expect(run('[赞]').matches).toContainEqual({ rule: 'kind:praise', terms: ['[赞]'], weight: 2 });
    expect(run('补办身份证要多久').category).toBe('household_id');
  });

  it('explains every decision: rules, terms, score, tokens and version', () => {
    const result = run('楼下广场舞 每天放到十点,噪音扰民[怒]');
    expect(result).toMatchObject({
      kind: 'complaint',
      category: 'noise',
      rulesetVersion: rules.version,
    });
    expect(result.score).toBeGreaterThan(0);
    const noise = result.matches.find((m) => m.rule === 'category:noise');
    expect(noise?.terms).toEqual(expect.arrayContaining(['广场舞', '噪音扰民']));
    expect(result.tokens).toContain('广场舞');
    expect(result.tokens).not.toContain(' ');
  });

  it('finds every term of a large ruleset, and nothing else, whatever their hashes', () => {
    const chars = '的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年'.split('');
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.array(fc.constantFrom(...chars), { minLength: 2, maxLength: 4 }), {
          minLength: 1,
          maxLength: 400,
          selector: (a) => a.join(''),
        }),
        fc.array(fc.array(fc.constantFrom(...chars), { minLength: 2, maxLength: 2 }), {
          maxLength: 40,
        }),
        (termChars, probeChars) => {
          const terms = termChars.map((a) => a.join(''));
          const input = JSON.parse(JSON.stringify(tiny())) as Ruleset;
          input.categories.urban = { terms: terms.map((term) => ({ term, weight: 1 })) };
          const ruleset = validateRuleset(input);
          const known = new Set(terms);
          for (const term of terms) {
            const urban = classifyTokens([term], term, ruleset).matches.find(
              (m) => m.rule === 'category:urban',
            );
            expect(urban?.terms).toEqual([term]);
          }
          for (const token of probeChars.map((a) => a.join(''))) {
            const urban = classifyTokens([token], token, ruleset).matches.find(
              (m) => m.rule === 'category:urban',
            );
            expect(urban === undefined).toBe(!known.has(token));
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('repeats count less and less', () => {
    const once = classify('噪音', tiny()).score;
    const twice = classify('噪音噪音', tiny()).score;
    expect(twice).toBeGreaterThan(once);
    expect(twice).toBeLessThan(2 * once);
  });

  it('always returns a valid classification', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const result = classifyMessage(s, rules);
        expect(KINDS).toContain(result.kind);
        expect(CATEGORIES).toContain(result.category);
        expect(result.actionable).toBe(
          ['complaint', 'help', 'inquiry', 'suggestion'].includes(result.kind),
        );
        expect(Number.isFinite(result.score)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('text that hides or lacks its words', () => {
  it('classifies a word split by invisible characters as the word', () => {
    const plain = run('派出所民警态度恶劣，我要投诉');
    const hidden = run('派出所民警态度恶劣，我要投\u200B诉\u202E');
    expect(hidden.kind).toBe(plain.kind);
    expect(hidden.category).toBe(plain.category);
    expect(hidden.tokens).toEqual(plain.tokens);
    expect(hidden.actionable).toBe(true);
  });

  it('takes punctuation and symbols alone for nothing to act on', () => {
    for (const text of ['！！！？？？', '???', '。。。', '……', '→→→']) {
      const result = run(text);
      expect([text, result.kind, result.category, result.actionable]).toEqual([
        text,
        'other',
        'other',
        false,
      ]);
    }
    // One word is enough to say something; links alone are judged as spam.
    expect(run('怎么办？？？').actionable).toBe(true);
    expect(run('http://t.cn/A1 http://t.cn/A2').kind).toBe('spam');
  });
});

describe('classify: the learned model on a comment', () => {
  /** A model that reads 路 as urban, as the board's letters taught the shipped one. */
  const roadModel = (weight: number): LearnedModel => ({
    skip: [],
    leadTokens: 0,
    leadWeight: 0,
    referenceLength: 1000,
    minProbability: 0.5,
    minTokens: 12,
    sureProbability: 0.9,
    categories: {
      urban: { bias: 0, terms: [{ term: '路', weight }] },
      traffic: { bias: 0, terms: [] },
    },
  });
  const busRoute = '公交12路半个钟头都不来一趟，来了还挤不上，早高峰真滴要崩溃了';

  it('keeps a hand-written board category unless the model is sure', () => {
    const unsure = roadModel(1);
    const result = classifyMessage(
      busRoute,
      validateRuleset({ ...rules, version: 'test', learned: unsure }),
    );
    const learned = scoreLearned(compileLearned(unsure), result.tokens);
    expect(result.tokens.length).toBeLessThan(LONG_TEXT_TOKENS);
    expect(learned.length).toBeGreaterThanOrEqual(unsure.minTokens);
    expect(learned.probability).toBeGreaterThan(unsure.minProbability);
    expect(learned.probability).toBeLessThan(unsure.sureProbability);
    expect(result.category).toBe('traffic');
    expect(result.matches.some((m) => m.rule.startsWith('learned:'))).toBe(false);

    const sure = validateRuleset({ ...rules, version: 'test', learned: roadModel(3) });
    expect(classifyMessage(busRoute, sure).category).toBe('urban');
  });
});

describe('classify: common comment forms', () => {
  it('thanks following up an earlier complaint are praise; the same opening with the problem unsolved is a complaint', () => {
    expect(run('上次投诉的楼道堆物问题处理了，现在通道宽敞了，谢谢').kind).toBe('praise');
    expect(run('上次投诉的问题到现在还没解决').kind).toBe('complaint');
  });

  it('an onlooker (前排围观) asks nothing of the official, and the matter stands', () => {
    const result = run('前排围观，这个小偷也太蠢了');
    expect(result.kind).toBe('other');
    expect(result.category).toBe('public_order');
  });

  it('a rigid rule (死板, 非要) is a complaint even with no matter named', () => {
    expect(run('办个证非要本人到场，规定太死板了').kind).toBe('complaint');
  });

  it('the property manager who will not act (物业说…) does not make a noise complaint urban', () => {
    expect(run('小区里的空调外机一直嗡嗡响，物业说不归他们管').category).toBe('noise');
  });

  it.each([
    '专业代办各种证件，保真，微信 abcdef668',
    '重金求子，成功即付五十万，联系13055551234',
    '加微信送手机，仅限前100名，先到先得',
  ])('an ad is spam: %s', (text) => {
    const result = run(text);
    expect(result.kind).toBe('spam');
    expect(result.category).toBe('other');
  });
});

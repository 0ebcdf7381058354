import { classifyMessage } from './classifier';
import { LONG_TEXT_TOKENS } from './decision';
import { compileLearned, scoreLearned } from './learned-scorer';
import { LearnedModel, loadDefaultRuleset, validateRuleset } from './ruleset';

const rules = loadDefaultRuleset();
const run = (raw: string) => classifyMessage(raw, rules);

const LETTER =
  'A3区某某小区物业乱收停车费尊敬的领导：我们小区物业公司未经业主大会同意，擅自提高停车费，' +
  '每月从150元涨到300元，业主多次向物业和社区反映，物业置之不理，还威胁不交费就不让车辆进入小区。' +
  '小区的公共区域属于全体业主，物业没有权利随意收费。恳请有关部门调查处理，维护业主的合法权益。';

describe('the learned category model in the ruleset', () => {
  it('names the matter of a letter, explained by its terms, largest contribution first', () => {
    const result = run(LETTER);
    expect(result.category).toBe('urban');
    const learned = result.matches.filter((m) => m.rule === 'learned:urban');
    expect(learned.length).toBeGreaterThan(1);
    expect(result.matches[0].rule).toBe('learned:urban');
    const contributions = learned.map((m) => m.contribution ?? NaN);
    expect(contributions).toEqual([...contributions].sort((a, b) => b - a));
    for (const m of learned) {
      expect(m.terms).toHaveLength(1);
      expect(m.weight).toBeGreaterThan(0);
      expect(m.contribution).toBeGreaterThan(0);
    }
    expect(learned.map((m) => m.terms[0])).toContain('小区');
  });

  it('leaves short comments to the hand-written rules and their police categories', () => {
    expect(
      run('刚刚接到一个自称公安局的电话，说我涉嫌洗钱要把钱转到安全账户，这是不是骗子？').category,
    ).toBe('fraud');
    expect(run('建议派出所的户籍窗口周六也开放，上班族根本请不了假去办').category).toBe(
      'household_id',
    );
    expect(run('楼下广场舞大妈每天晚上放到十点多，音响开得震天响').category).toBe('noise');
  });

  it('on a letter a police category stands only where the model is unsure; a comment keeps it', () => {
    const model: LearnedModel = {
      skip: [],
      leadTokens: 0,
      leadWeight: 0,
      referenceLength: 1000,
      minProbability: 0.5,
      minTokens: 12,
      sureProbability: 0.9,
      categories: {
        urban: { bias: 0, terms: [{ term: '小区', weight: 0.5 }] },
        traffic: { bias: 0, terms: [] },
      },
    };
    const withModel = validateRuleset({ ...rules, version: 'test', learned: model });
    const letter =
      '我们小区楼下的噪音问题已经持续很久了，小区居民晚上都睡不着觉，噪音扰民严重。' +
      '白天上班的人回到家里只想好好休息，老人和孩子更是受不了，大家多次反映却一直没有结果，' +
      '希望有关部门尽快派人来现场看一看，把这个问题彻底处理好，还居民一个安静的生活环境。';
    const tokens = classifyMessage(letter, withModel).tokens;
    const learned = scoreLearned(compileLearned(model), tokens);
    expect(tokens.length).toBeGreaterThanOrEqual(LONG_TEXT_TOKENS);
    expect(learned.length).toBeGreaterThanOrEqual(model.minTokens);
    // The model leans to urban without being sure of it.
    expect(learned.probability).toBeGreaterThan(model.minProbability);
    expect(learned.probability).toBeLessThan(model.sureProbability);
    const { learned: _learned, ...hand } = rules;
    expect(classifyMessage(letter, validateRuleset({ ...hand, version: 'hand' })).category).toBe(
      'noise',
    );
    expect(classifyMessage(letter, withModel).category).toBe('urban');
    expect(classifyMessage('小区楼下噪音太大了', withModel).category).toBe('noise');
  });

  it('without a learned section the hand-written rules decide alone', () => {
    const { learned: _learned, ...hand } = rules;
    const result = classifyMessage(LETTER, validateRuleset({ ...hand, version: 'hand' }));
    expect(result.matches.some((m) => m.rule.startsWith('learned:'))).toBe(false);
    expect(result.matches.some((m) => m.contribution !== undefined)).toBe(false);
  });

  it('rejects a learned term that is not one token or a pair', () => {
    const input = JSON.parse(JSON.stringify(rules)) as {
      learned: { categories: { urban: { terms: unknown[] } } };
    };
    input.learned.categories.urban.terms.push({ term: '小区  物业 公司', weight: 1 });
    expect(() => validateRuleset(input)).toThrow(/learned\.categories\.urban\.terms\[\d+\]\.term/);
  });
});

describe('kind of a letter', () => {
  it('a complaint that closes with thanks stays a complaint', () => {
    const result = run(`${LETTER}辛苦了，衷心感谢领导的关心和支持！`);
    expect(result.kind).not.toBe('praise');
    expect(result.actionable).toBe(true);
  });

  it('a letter that reports ads is not spam because it names them', () => {
    const result = run(
      '学校门口电线杆上贴满代考小广告尊敬的领导：最近我们学校门口的电线杆和围墙上贴满了代考、办证的小广告，' +
        '影响市容，也误导学生。学生家长多次向社区反映，至今没有清理。恳请有关部门尽快清理并查处发广告的人，还学校周边一个干净的环境。',
    );
    expect(result.kind).not.toBe('spam');
    expect(result.actionable).toBe(true);
  });

  it('a letter about a matter is not spam for the account words and masked numbers it quotes', () => {
    const result = run(
      'E12市龙城居天然气开户费交了一年却一直没通气西地省E12市龙城居业主2018年月26交天然气开户费2300元，' +
        '现在时间已经过去一年，至今没有通气，业主的利益得不到维护，请求有关部门关注一下，联系电话000000000000',
    );
    expect(result.kind).not.toBe('spam');
    expect(result.category).toBe('urban');
  });

  it('a short ad is still spam', () => {
    expect(run('代考包过，加微信 abc12345678 详聊').kind).toBe('spam');
  });
});

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

  it('a complaint half a letter long is not praise for the one 谢谢 that closes it', () => {
    const text =
      'L市太割林天天晚上偷排废气恶臭难闻令人窒息伤天害理祸害子孙事竟敢做废气处理系统完全偷偷排放' +
      '白天臭味22点左右放请厅长实查L市洁净天空谢谢';
    const result = run(text);
    expect(result.tokens.length).toBeGreaterThanOrEqual(LONG_TEXT_TOKENS / 2);
    expect(result.tokens.length).toBeLessThan(LONG_TEXT_TOKENS);
    expect(result.category).toBe('environment');
    expect(result.kind).toBe('complaint');
    // The same words as a comment: one term of thanks is what it says.
    expect(run('谢谢').kind).toBe('praise');
  });

  it('thanks half a letter long that ask nothing stay praise, on one word of thanks', () => {
    const result = run(
      '感谢城西派出所的民警同志，上周五晚上我在公交车上落下了装着身份证和银行卡的钱包，' +
        '民警调了监控，连夜找回来送到我家，分文不少，还叮嘱我以后出门多留心，我们全家都记在心里。',
    );
    expect(result.tokens.length).toBeGreaterThanOrEqual(LONG_TEXT_TOKENS / 2);
    expect(result.kind).toBe('praise');
  });

  it('thanks for a matter resolved, said in several words, stay praise', () => {
    const result = run(
      '感谢罗局长工商所收取会费事已解决罗局长好上周反映工商所收取会费事今天已经得到工商所解决比较满意' +
        '感谢您百忙之中关注此事公司以后一定积极发展快速壮大E市经济发展做出应有贡献此致敬礼',
    );
    expect(result.tokens.length).toBeGreaterThanOrEqual(LONG_TEXT_TOKENS / 2);
    expect(result.kind).toBe('praise');
  });

  it('a letter naming a matter yields its praise to an actionable cue below the kind threshold', () => {
    // A real letter (its published tokens joined): 表扬 and 辛苦 outscore
    // the one weak complaint cue (一直), yet it asks for a matter.
    const result = run(
      'G3县深柳中学劳动法辞退患病员工县领导你好李三2002年月城北中学打工【现更名深柳中学】做白案炒菜' +
        '2005年聂校长表扬食堂员工老师学生乐于奉献精神提出买社保设想盼领导换社保一直着落2009年之后学校签合同' +
        '2013年月29日左腿突患血栓性脉管炎医生网上认为此病经脉扭伤做工伤鉴定想法学校买五险一金当时校长安心养病' +
        '工资病有好转今后照顾干轻松点本来治病钱领导说暖人心放弃做工伤鉴定哪知新领导上任医疗期间' +
        '【今年月中旬我病加重再次楚雅医院治疗医生病情采取新疗法时间月】月26号口头辞退辛苦十多年债务病痛收获',
    );
    expect(result.tokens.length).toBeGreaterThanOrEqual(LONG_TEXT_TOKENS);
    expect(result.kind).not.toBe('praise');
    expect(result.actionable).toBe(true);
  });

  it('a short ad is still spam', () => {
    expect(run('代考包过，加微信 abc12345678 详聊').kind).toBe('spam');
  });
});

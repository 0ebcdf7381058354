/**
 * The words of the demo's simulated Weibo. Citizens' comments are written in
 * the style of comments to police accounts on Weibo, by intended kind (the
 * classifier's kinds), some in traditional characters; board subjects are
 * real message subjects from the provincial message board in
 * /work/shared/data (citizen-messages-with-replies.csv), used as shortened
 * complaints, inquiries and suggestions.
 */
import boardSubjects from './board-subjects.json';

export type IntendedKind =
  'complaint' | 'help' | 'inquiry' | 'suggestion' | 'praise' | 'spam' | 'other';

export const BOARD_SUBJECTS: readonly string[] = boardSubjects;

export const CITIZEN_TEXTS: Record<IntendedKind, readonly string[]> = {
  complaint: [
    '我要投诉，小区门口每天晚上都有人飙车炸街，吵得睡不着，派出所也不管',
    '楼下烧烤店油烟扰民，投诉了好几次都没人处理',
    '工地晚上十二点还在施工，吵得孩子睡不着觉，希望管一管',
    '投诉：小区物业乱收停车费，业主多次反映无人处理',
    '举报XX路有人长期占道经营，堵得车过不去',
    '我要举报，菜市场旁边有人非法改装车辆，噪音太大了',
    '投訴！樓下工地半夜施工，噪音擾民，多次反映沒人管',
  ],
  help: [
    '求助！我家老人走失了，穿灰色外套，请帮忙寻找',
    '接到一个自称公安局的电话让我转账到安全账户，这是不是诈骗？求助',
    '求助，电动车被偷了，报警三天没有消息',
    '求助：孩子在学校被同学欺负，老师不管，该怎么办',
    '求助，有人冒充我的身份借网贷，我该怎么办',
    '求助！家門口的電動車被偷了，怎麼辦',
  ],
  inquiry: [
    '我的身份证补办已经一个月了还没拿到，派出所说系统问题，请问怎么办',
    '请问户口迁移需要准备哪些材料？',
    '请问外地车牌在本市限行吗？',
    '请问居住证在哪里办理，需要多长时间？',
    '請問辦理護照需要帶什麼材料？',
  ],
  suggestion: [
    '路口红绿灯坏了三天了，早高峰特别危险，建议尽快修好',
    '建议在学校门口增设减速带，上下学时段车太快了',
    '建议延长派出所户籍窗口的周末办公时间',
    '建议在地铁站附近增加共享单车停放点',
  ],
  praise: [
    '辛苦了，感谢民警同志<img alt=[赞] src="https://h5.sinaimg.cn/m/emoticon/icon/others/h_zan-44ddc70637.png">',
    '点赞！昨天帮我找回了钱包，谢谢你们',
    '感谢交警大队，雨天还在路口指挥交通',
    '为人民警察点赞，辛苦了',
  ],
  spam: [
    '加微信 abc12345 代开发票，高额返利 http://t.cn/A6abcXyz',
    '兼职刷单日赚500，详情加V：xyz8888',
    '专业办证 各类证件 http://t.cn/Rx9kQ2 联系QQ 123456789',
    '低价出售粉丝 点赞 评论 加微信 fans999',
  ],
  other: ['顶一下', '关注了', '来看看'],
};

/** The comments above written in traditional characters. */
export const TRADITIONAL_TEXTS: ReadonlySet<string> = new Set([
  '投訴！樓下工地半夜施工，噪音擾民，多次反映沒人管',
  '求助！家門口的電動車被偷了，怎麼辦',
  '請問辦理護照需要帶什麼材料？',
]);

export const POST_TEXTS: readonly string[] = [
  '【警情通报】近期电信诈骗高发，凡是自称公检法要求转账到安全账户的都是诈骗',
  '【便民提示】户籍窗口本周六正常办公，欢迎群众前来办理业务',
  '【交通提示】五一假期出行高峰，请大家错峰出行、文明驾驶',
  '市民朋友们有事请在评论区留言，我们每天查看，逐条回复',
  '【平安提醒】夏季夜间烧烤摊点多，请注意消防安全',
  '【工作动态】今天开展“局长接待日”，面对面听取群众意见',
  '【防范提醒】警惕“刷单返利”骗局，天上不会掉馅饼',
  '【通告】关于开展道路交通秩序集中整治的通告',
];

/** Replies that answer the citizen: what a leader's own account writes. */
export const SUBSTANTIVE_REPLIES: readonly string[] = [
  '您好，已安排辖区派出所今晚到现场核实处理，处理结果会在这里回复您',
  '收到，已联系交警中队，明天上午派人维修信号灯',
  '您好，补办进度已查询，证件已寄出，请留意短信通知',
  '已转刑侦大队立案侦查，请保持电话畅通，民警会与您联系',
  '感谢建议，我们已与教育部门对接，下周在学校门口增设减速带',
];

/** Boilerplate: answers nothing in particular. */
export const BOILERPLATE_REPLIES: readonly string[] = [
  '您好，您反映的问题已收悉，已转相关部门处理，感谢您的关注与支持',
  '已收到，感谢关注',
  '您好，已转交相关部门，请耐心等待',
];

/** Other citizens chiming in under a comment: chatter, not a new request. */
export const CITIZEN_THREAD_TEXTS: readonly string[] = [
  '同问',
  '我们小区也是这样',
  '+1',
  '蹲一个结果',
  '关注一下',
];

export const STAFF_NOTES = {
  responded: '已电话联系当事人，辖区派出所正在核实处理',
  resolved: '问题已处理完毕，当事人表示认可',
  referred: '已转市场监管部门处理',
  notActionable: '经核实不属于公安机关职责范围，已告知当事人',
} as const;

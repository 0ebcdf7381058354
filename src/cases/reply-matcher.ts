/**
 * Leader replies on Weibo: is a reply only boilerplate (an acknowledgement)
 * or substantive, and which reply in a comment's thread is the leader's first
 * response. Citizen satisfaction signals live in satisfaction.ts and are
 * re-exported here.
 *
 * How a reply is judged (all after normalising: HTML, 回复@NAME:, emoji alt
 * text, mentions, links, punctuation removed; full-width and traditional
 * forms folded):
 * 1. A reply that names an action or a finding (已安排民警, 已处理, 已查处,
 *    经核实, 已督促, 已联系, 罚款 …), or carries a number other than a hotline
 *    (a time, a date, a count, an amount), is substantive.
 * 2. Otherwise the stock phrases (已收到, 已转相关部门, 感谢关注, 请私信,
 *    请拨打12345 …) and filler are taken out; if at most
 *    BOILERPLATE_RESIDUE_MAX characters are left, the reply is boilerplate.
 *    An empty reply (emoji only) is boilerplate.
 * 3. Anything else is substantive: it says something specific to the case.
 */
import { replyCore } from './reply-text';

export {
  detectSatisfactionSignal,
  parseSatisfactionLevel,
  type SatisfactionLevel,
  type SatisfactionSignal,
} from './satisfaction';

export type LeaderReplyClass = 'acknowledgement' | 'substantive';

export const BOILERPLATE_RESIDUE_MAX = 4;

const SUBSTANTIVE_MARKERS = (
  '已安排 安排民警 民警已 民警将于 已派 已派出 派出警力 出警 到场 现场 ' +
  '已处理 处理完毕 处理结果 已查处 依法查处 经核实 已核实 核查发现 经查 ' +
  '查明 经调查 已调查 已督促 已督办 已整改 整改完毕 已解决 ' +
  '已立案 立案 抓获 拘留 罚款 处罚 已上门 上门 已联系 约谈 ' +
  '责令 已清理 清理完毕 已修复 已拆除 已退还 追回 ' +
  '查获 已告知 回访 已协调 取缔 已封堵 已更换 已恢复 已加装 ' +
  '已设置 增派 巡逻 已办结 办结 答复如下 已通知 已移交 移送 ' +
  '已办理 可办理 携带 身份证 户口本 材料'
).split(' ');

/** Stock phrases and filler; removed longest first. */
const BOILERPLATE_PHRASES = [
  // greetings and address
  '您好 你好 这位网友 网友 尊敬的 亲',
  // receipt
  '已收到 收到了 收到 已收悉 收悉 已知悉 知悉 了解 知道了 好的',
  '已关注 关注 已记录 记录 已登记 登记 已受理 受理 已反馈 反馈',
  '已转达 转达',
  // referral without a result
  '已转交 转交 已转至 转至 已转给 转给 已转 转办 相关部门 相关单位',
  '有关部门 职能部门 责任单位 属地 辖区 部门 派出所 公安局 分局 交警 大队 城管 社区 街道',
  '物业 民警',
  // promise without a result
  '会尽快 尽快 将会 正在 马上 核实处理 核实 处理 跟进 持续',
  '请耐心等待 耐心等待 等待 稍后 回复 答复 联系您 与您联系 联系你',
  '我们 我 会 将 予以 进行 及时 高度重视 重视 依法',
  // thanks
  '感谢您的关注 感谢关注 谢谢关注 感谢您的反馈 感谢反馈 谢谢反馈 感谢您的支持',
  '感谢支持 谢谢支持 感谢您的留言 感谢留言 感谢理解 谢谢理解 谢谢 感谢',
  '多谢 支持 理解 监督 关心 留言',
  // pointing elsewhere
  '请私信 私信 请拨打 拨打 请致电 致电 热线 电话 请报警 报警',
  '小编 后台 请提供 提供 详细 具体 情况 地址 位置 信息 联系方式',
  '留下 请问',
  // the matter, vaguely
  '您反映的问题 反映的问题 您反映的 反映 该问题 这个问题 此事 问题',
  // particles and pronouns
  '的 了 吗 呢 啊 呀 吧 哈 哦 嗯 您 你 和 与 及',
  '已 请 在 中 下 后 并 也 是 为 对',
]
  .join(' ')
  .split(' ')
  .sort((a, b) => b.length - a.length);

/** Service numbers that a stock reply points to: not a specific. */
const HOTLINES = /12345|12315|12348|12369|12333|12320|12389|96110|110|119|120|122/gu;
const NUMBER = /\d/u;
const CHINESE_QUANTITY =
  /[一二三四五六七八九十两半]+个?(小时|分钟|天|日|号|月|名|人|辆|元|次|处|时)/u;

export type LeaderReplyAnalysis = {
  classification: LeaderReplyClass;
  /** Substantive markers found (or `number`), for explanation. */
  markers: string[];
  /** What was left after the stock phrases were taken out. */
  residue: string;
};

export function analyseLeaderReply(text: string): LeaderReplyAnalysis {
  const core = replyCore(text);
  const withoutHotlines = core.replace(HOTLINES, '');
  const markers = SUBSTANTIVE_MARKERS.filter((marker) => core.includes(marker));
  if (NUMBER.test(withoutHotlines) || CHINESE_QUANTITY.test(core)) {
    markers.push('number');
  }
  let residue = withoutHotlines;
  for (const phrase of BOILERPLATE_PHRASES) {
    residue = residue.split(phrase).join('');
  }
  const substantive = markers.length > 0 || residue.length > BOILERPLATE_RESIDUE_MAX;
  return { classification: substantive ? 'substantive' : 'acknowledgement', markers, residue };
}

/** True when a reply only acknowledges (已收到, 已转相关部门, 感谢关注 …). */
export function isBoilerplate(text: string): boolean {
  return analyseLeaderReply(text).classification === 'acknowledgement';
}

/**
 * True when nothing but stock phrases is left (已收到, 感谢关注, 已转相关部门):
 * stricter than isBoilerplate, which also takes a few leftover characters
 * for an acknowledgement. A short note that names what was done (已退款,
 * 路灯已亮) is not only boilerplate.
 */
export function isOnlyBoilerplate(text: string): boolean {
  const { markers, residue } = analyseLeaderReply(text);
  return markers.length === 0 && residue.length === 0;
}

export function classifyLeaderReply(text: string): LeaderReplyClass {
  return analyseLeaderReply(text).classification;
}

export type ThreadComment = {
  id: string;
  authorUid: string | number;
  createdAt: Date;
  text: string;
  /** The comment replied to; null for the thread's root. Not needed for matching. */
  parentId: string | null;
};

export type LeaderResponse = { replyId: string; at: Date; substantive: boolean };

/** Weibo ids are decimal strings that outgrow 2^53: compare by length, then text. */
function compareIds(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a.localeCompare(b);
}

/**
 * The leader's first response in a citizen comment's thread: the earliest
 * comment by the leader's uid created at or after the citizen's comment
 * (Weibo times have one-second resolution). Ties go to the smaller Weibo id.
 * The thread is every comment under the citizen's comment, however it was
 * fetched (inline `comments`, hotFlowChild, `reply_comment`).
 */
export function findLeaderResponse(
  thread: readonly ThreadComment[],
  leaderUid: string | number,
  citizenCommentCreatedAt: Date,
): LeaderResponse | null {
  const uid = String(leaderUid);
  let first: ThreadComment | null = null;
  for (const comment of thread) {
    if (String(comment.authorUid) !== uid || comment.createdAt < citizenCommentCreatedAt) {
      continue;
    }
    if (
      first === null ||
      comment.createdAt < first.createdAt ||
      (comment.createdAt.getTime() === first.createdAt.getTime() &&
        compareIds(comment.id, first.id) < 0)
    ) {
      first = comment;
    }
  }
  if (first === null) {
    return null;
  }
  return {
    replyId: first.id,
    at: first.createdAt,
    substantive: classifyLeaderReply(first.text) === 'substantive',
  };
}

/**
 * The demo's 30-day Weibo scenario, generated from a seed. Pure and
 * deterministic: the same seed and `now` give the same scenario. It speaks
 * the fake Weibo's input formats (test/fake-weibo/weibo-builders.ts), so the
 * demo serves it through the same fake the tests use, and it records what
 * it meant (each comment's intended kind, each leader reply's timing) so a
 * test can check that the service made of it what it should.
 *
 * Leaders each have a style: prompt, late, boilerplate, helped by staff, and
 * one deliberately slow (rarely answers, and then days late). Every leader
 * has one thread longer than the inline replies (hotFlowChild paging).
 */
import type {
  FakeCommentInput,
  FakePostInput,
  FakeReplyInput,
} from '../../test/fake-weibo/weibo-builders';
import {
  BOARD_SUBJECTS,
  BOILERPLATE_REPLIES,
  CITIZEN_TEXTS,
  CITIZEN_THREAD_TEXTS,
  type IntendedKind,
  POST_TEXTS,
  STAFF_NOTES,
  SUBSTANTIVE_REPLIES,
  TRADITIONAL_TEXTS,
} from './scenario-texts';

export type { IntendedKind } from './scenario-texts';

export type LeaderStyle = 'prompt' | 'late' | 'boilerplate' | 'staffed' | 'slow';

export type ScenarioLeader = {
  uid: string;
  screenName: string;
  name: string;
  title: string;
  unit: string;
  regionCode: string;
  style: LeaderStyle;
};

export type ReplyTiming = 'on_time' | 'late' | 'boilerplate';

export type ScenarioComment = {
  postId: string;
  comment: FakeCommentInput;
  kind: IntendedKind;
  /** Written in traditional characters. */
  traditional: boolean;
};

export type ScenarioReply = {
  rootId: string;
  reply: FakeReplyInput;
  /** null: a citizen's reply in the thread. */
  timing: ReplyTiming | null;
};

export type StaffFollowUp = {
  /** The Weibo id of the citizen's comment whose case it follows up. */
  commentId: string;
  type: 'responded' | 'resolved' | 'referred' | 'not_actionable';
  text: string;
  referredTo?: string;
};

export type StaffSurvey = {
  commentId: string;
  level: '满意' | '较满意' | '一般' | '不满意';
  channel: 'callback' | 'sms' | 'weibo';
};

export type Scenario = {
  seed: number;
  now: Date;
  leaders: ScenarioLeader[];
  posts: { uid: string; post: FakePostInput }[];
  comments: ScenarioComment[];
  replies: ScenarioReply[];
  followUps: StaffFollowUp[];
  surveys: StaffSurvey[];
};

export type ScenarioOptions = {
  seed: number;
  now: Date;
  /** How many days back the posts start (at most 29, inside the 30-day backfill). */
  days?: number;
  postsPerLeader?: number;
  commentsPerPost?: number;
  /** Replies in each leader's long thread (more than the fake's inline replies). */
  longThreadReplies?: number;
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ACTIONABLE: ReadonlySet<IntendedKind> = new Set([
  'complaint',
  'help',
  'inquiry',
  'suggestion',
]);

export const DEMO_LEADERS: readonly ScenarioLeader[] = [
  {
    uid: '5100000001',
    screenName: '平安A市',
    name: '张建国',
    title: '市公安局局长',
    unit: 'A市公安局',
    regionCode: '430100',
    style: 'prompt',
  },
  {
    uid: '5100000002',
    screenName: 'A3区公安分局',
    name: '李红',
    title: '分局局长',
    unit: 'A市公安局A3区分局',
    regionCode: '430103',
    style: 'staffed',
  },
  {
    uid: '5100000003',
    screenName: 'B市交警',
    name: '王志强',
    title: '交警支队支队长',
    unit: 'B市公安局交通警察支队',
    regionCode: '430200',
    style: 'boilerplate',
  },
  {
    uid: '5100000004',
    screenName: '平安B市',
    name: '刘芳',
    title: '市公安局副局长',
    unit: 'B市公安局',
    regionCode: '430200',
    style: 'late',
  },
  {
    uid: '5100000005',
    screenName: 'C县公安',
    name: '陈明',
    title: '县公安局局长',
    unit: 'C县公安局',
    regionCode: '430221',
    style: 'slow',
  },
  {
    uid: '5100000006',
    screenName: 'C县交警',
    name: '赵军',
    title: '交警大队大队长',
    unit: 'C县公安局',
    regionCode: '430221',
    style: 'prompt',
  },
];

/** mulberry32: small, fast, and the same on every platform. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const KIND_WEIGHTS: [IntendedKind, number][] = [
  ['complaint', 28],
  ['help', 14],
  ['inquiry', 14],
  ['suggestion', 10],
  ['praise', 14],
  ['spam', 12],
  ['other', 8],
];

export function generateScenario(options: ScenarioOptions): Scenario {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const between = (min: number, max: number) => min + random() * (max - min);
  const now = options.now.getTime();
  const days = Math.min(options.days ?? 28, 29);
  const postsPerLeader = options.postsPerLeader ?? 6;
  const commentsPerPost = options.commentsPerPost ?? 10;
  const longThreadReplies = options.longThreadReplies ?? 14;
  // Whole seconds: Weibo's dates carry no milliseconds.
  const at = (ms: number) => new Date(Math.floor(Math.min(ms, now - 60_000) / 1000) * 1000);
  let serial = 0;
  const nextId = () => String(4_900_000_000_000_000 + options.seed * 100_000 + ++serial);
  let citizenSerial = 0;
  const citizen = () => {
    citizenSerial += 1;
    return {
      userId: String(6_000_000_000 + citizenSerial),
      userName: `市民${pick(SURNAMES)}${citizenSerial}`,
    };
  };

  const scenario: Scenario = {
    seed: options.seed,
    now: options.now,
    leaders: DEMO_LEADERS.map((l) => ({ ...l })),
    posts: [],
    comments: [],
    replies: [],
    followUps: [],
    surveys: [],
  };

  const kindOf = (): IntendedKind => {
    const total = KIND_WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
    let roll = random() * total;
    for (const [kind, weight] of KIND_WEIGHTS) {
      roll -= weight;
      if (roll < 0) {
        return kind;
      }
    }
    return 'complaint';
  };

  for (const leader of scenario.leaders) {
    let longThreadDone = false;
    for (let p = 0; p < postsPerLeader; p += 1) {
      const postAt = at(now - days * DAY + ((p + random() * 0.5) * days * DAY) / postsPerLeader);
      const postId = nextId();
      scenario.posts.push({
        uid: leader.uid,
        post: { id: postId, text: pick(POST_TEXTS), createdAt: postAt },
      });
      for (let c = 0; c < commentsPerPost; c += 1) {
        const commentAt = at(postAt.getTime() + between(0.1, 36) * HOUR);
        const kind = kindOf();
        const fromBoard = ACTIONABLE.has(kind) && kind !== 'help' && random() < 0.35;
        const text = fromBoard ? pick(BOARD_SUBJECTS) : pick(CITIZEN_TEXTS[kind]);
        const id = nextId();
        scenario.comments.push({
          postId,
          comment: {
            id,
            ...citizen(),
            text,
            createdAt: commentAt,
            likeCount: Math.floor(random() * 30),
          },
          kind,
          traditional: TRADITIONAL_TEXTS.has(text),
        });
        if (!ACTIONABLE.has(kind)) {
          continue;
        }
        const threadReplies: ScenarioReply[] = [];
        const citizenReply = (replyAt: number) =>
          threadReplies.push({
            rootId: id,
            reply: {
              id: nextId(),
              ...citizen(),
              text: pick(CITIZEN_THREAD_TEXTS),
              createdAt: at(replyAt),
            },
            timing: null,
          });
        const long = !longThreadDone && c >= 2;
        if (long) {
          longThreadDone = true;
          for (let r = 0; r < longThreadReplies; r += 1) {
            citizenReply(commentAt.getTime() + (r + 1) * 0.5 * HOUR);
          }
        } else if (random() < 0.3) {
          citizenReply(commentAt.getTime() + between(0.2, 3) * HOUR);
        }
        const timing = replyTiming(leader.style, random);
        if (timing !== null) {
          const delay = timing === 'late' ? between(3.5, 6) * DAY : between(0.3, 3) * HOUR;
          const replyAt = commentAt.getTime() + delay + (long ? longThreadReplies * HOUR : 0);
          if (replyAt < now - 60_000) {
            threadReplies.push({
              rootId: id,
              reply: {
                id: nextId(),
                userId: leader.uid,
                userName: leader.screenName,
                text:
                  timing === 'boilerplate' ? pick(BOILERPLATE_REPLIES) : pick(SUBSTANTIVE_REPLIES),
                createdAt: at(replyAt),
              },
              timing,
            });
          }
        }
        threadReplies.sort((a, b) => a.reply.createdAt.getTime() - b.reply.createdAt.getTime());
        scenario.replies.push(...threadReplies);
        if (leader.style === 'staffed' || (leader.style === 'late' && random() < 0.3)) {
          planStaffWork(scenario, id, kind, random);
        }
      }
    }
  }
  return scenario;
}

function replyTiming(style: LeaderStyle, random: () => number): ReplyTiming | null {
  const roll = random();
  switch (style) {
    case 'prompt':
      return roll < 0.8 ? 'on_time' : roll < 0.9 ? 'boilerplate' : null;
    case 'boilerplate':
      return roll < 0.75 ? 'boilerplate' : roll < 0.85 ? 'on_time' : null;
    case 'late':
      return roll < 0.7 ? 'late' : roll < 0.8 ? 'on_time' : null;
    case 'staffed':
      return roll < 0.25 ? 'on_time' : null;
    case 'slow':
      return roll < 0.12 ? 'late' : null;
  }
}

/** Staff record what the leader's office did; about one case in six is surveyed afterwards. */
function planStaffWork(
  scenario: Scenario,
  commentId: string,
  kind: IntendedKind,
  random: () => number,
): void {
  const roll = random();
  if (roll < 0.45) {
    scenario.followUps.push({ commentId, type: 'responded', text: STAFF_NOTES.responded });
    if (random() < 0.6) {
      scenario.followUps.push({ commentId, type: 'resolved', text: STAFF_NOTES.resolved });
      const levels = ['满意', '满意', '较满意', '一般', '不满意'] as const;
      scenario.surveys.push({
        commentId,
        level: levels[Math.floor(random() * levels.length)],
        channel: random() < 0.7 ? 'callback' : 'sms',
      });
    }
  } else if (roll < 0.55) {
    scenario.followUps.push({
      commentId,
      type: 'referred',
      text: STAFF_NOTES.referred,
      referredTo: '市场监督管理局',
    });
  } else if (roll < 0.62 && kind === 'suggestion') {
    scenario.followUps.push({ commentId, type: 'not_actionable', text: STAFF_NOTES.notActionable });
  }
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙'];

/** What the scenario means for the service, counted: what a run must come out with. */
export function scenarioCounts(scenario: Scenario) {
  const byKind = new Map<IntendedKind, number>();
  for (const c of scenario.comments) {
    byKind.set(c.kind, (byKind.get(c.kind) ?? 0) + 1);
  }
  const leaderReplies = scenario.replies.filter((r) => r.timing !== null);
  return {
    leaders: scenario.leaders.length,
    posts: scenario.posts.length,
    comments: scenario.comments.length,
    replies: scenario.replies.length,
    leaderReplies: leaderReplies.length,
    actionable: scenario.comments.filter((c) => ACTIONABLE.has(c.kind)).length,
    byKind: Object.fromEntries(byKind),
    traditional: scenario.comments.filter((c) => c.traditional).length,
    timings: {
      on_time: leaderReplies.filter((r) => r.timing === 'on_time').length,
      late: leaderReplies.filter((r) => r.timing === 'late').length,
      boilerplate: leaderReplies.filter((r) => r.timing === 'boilerplate').length,
    },
  };
}

export function isActionable(kind: IntendedKind): boolean {
  return ACTIONABLE.has(kind);
}

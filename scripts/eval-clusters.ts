/**
 * npm run eval:clusters [-- --board <csv>] [--show 10]
 *
 * Precision and recall of near-duplicate clustering (src/integrity/
 * near-duplicates.ts) on a labelled set built from the provincial message
 * board's messages with replies (2,816 messages, many repeated).
 *
 * The labels do not come from the text that is clustered. Two messages are
 * the same problem when
 * - their subjects (留言主题) are the same after normalisation (many
 *   citizens, one problem: "反对在A7县江背镇乌川湖村兴建涵洞" three times), or
 * - the same user (留言用户) wrote both and the subjects are near-same
 *   (bigram Jaccard ≥ 0.6: "反映A6区大汉汉园网签合同的问题" sent twice with a
 *   word changed);
 * - or a reader judged them the same problem on review (REVIEWED below: the
 *   pairs the clustering put together at 0.5 that the two rules above left
 *   apart, read one by one; 17 were the same problem reworded, 4 were not).
 *   Reviewing only what the clustering proposed flatters precision, so the
 *   figures are printed with and without the review.
 * Groups are closed under these links. The clustering sees only the
 * message bodies (留言详情), in posting order, as cases open. Figures are
 * pairwise: precision = pairs put together that are labelled together /
 * pairs put together; recall = pairs labelled together that were put
 * together.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { replyCore } from '../src/cases/reply-text';
import {
  jaccard,
  NEAR_DUPLICATE_THRESHOLD,
  placeCases,
  shingles,
} from '../src/integrity/near-duplicates';
import { readCsv } from './lib/csv';

function arg(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

interface Message {
  id: string;
  user: string;
  subject: string;
  body: string;
  postedAt: Date;
}

function find(parent: number[], i: number): number {
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}

const pairKey = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`);

function pairsOf(groups: Map<number, number[]>): Set<string> {
  const pairs = new Set<string>();
  for (const members of groups.values()) {
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        pairs.add(pairKey(members[i], members[j]));
      }
    }
  }
  return pairs;
}

/** Board message ids (留言编号) read side by side: same problem, or not. */
const REVIEWED_SAME: [string, string][] = [
  ['8527', '23646'], // 九二茶场 综合利用, same user, reworded
  ['25488', '25526'], // 非转农户口政策, two citizens
  ['4347', '27418'], // 佳园星城 垃圾中转站, two citizens
  ['29779', '29780'], // 仁爱医院, same user
  ['7898', '29779'],
  ['58237', '58252'], // 东方水岸明珠6期 收费
  ['74739', '76734'], // 老年人购买养老保险
  ['76731', '76734'],
  ['88090', '95410'], // 华府 水电材料费
  ['93215', '93216'], // 康顺液化气站 缺斤少两
  ['110416', '110467'], // 九龙时代广场 垃圾收集站
  ['116229', '116231'], // 发吉房地产 拖欠工资
  ['116997', '117569'], // 中医医院 回复的质疑
  ['137179', '139820'], // 乡村医生档案托管
  ['137378', '137384'], // 新生儿参保
  ['9199', '9225'], // 恒大城 公立幼儿园
];
/** Put together by the clustering, and on review not the same problem (kept as negatives). */
export const REVIEWED_DIFFERENT: [string, string][] = [
  ['33064', '33156'], // 渌口区高中录取 vs B市二中录取非城区学生
  ['88359', '96762'], // 油茶种植 vs 农产品品牌建设
  ['96757', '96762'],
  ['131988', '132959'], // two different relocation questions
];

function labelledGroups(messages: Message[], reviewed: boolean): Map<number, number[]> {
  const parent = messages.map((_, i) => i);
  const union = (a: number, b: number) => {
    parent[find(parent, a)] = find(parent, b);
  };
  const bySubject = new Map<string, number>();
  const subjectShingles = messages.map((m) => shingles(m.subject));
  const byUser = new Map<string, number[]>();
  messages.forEach((m, i) => {
    const key = replyCore(m.subject);
    if (key.length >= 4) {
      const first = bySubject.get(key);
      if (first === undefined) {
        bySubject.set(key, i);
      } else {
        union(first, i);
      }
    }
    const list = byUser.get(m.user) ?? [];
    list.push(i);
    byUser.set(m.user, list);
  });
  if (reviewed) {
    const index = new Map(messages.map((m, i) => [m.id, i]));
    for (const [a, b] of REVIEWED_SAME) {
      const [i, j] = [index.get(a), index.get(b)];
      if (i !== undefined && j !== undefined) {
        union(i, j);
      }
    }
  }
  for (const list of byUser.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        if (jaccard(subjectShingles[list[i]], subjectShingles[list[j]]) >= 0.6) {
          union(list[i], list[j]);
        }
      }
    }
  }
  const groups = new Map<number, number[]>();
  messages.forEach((_, i) => {
    const root = find(parent, i);
    groups.set(root, [...(groups.get(root) ?? []), i]);
  });
  return groups;
}

function predictedGroups(messages: Message[], threshold: number): Map<number, number[]> {
  const { placements } = placeCases(
    [],
    messages.map((m, i) => ({
      id: String(i),
      openedAt: m.postedAt,
      text: m.body,
      clusterId: null,
    })),
    threshold,
  );
  const groups = new Map<number, number[]>();
  for (const p of placements) {
    const key = Number(p.clusterId ?? p.caseId);
    groups.set(key, [...(groups.get(key) ?? []), Number(p.caseId)]);
  }
  return groups;
}

function main(): void {
  const root = path.resolve(__dirname, '..');
  const candidates = [
    path.resolve(root, '..', 'shared', 'data', 'citizen-messages-with-replies.csv'),
    path.resolve(root, '..', '..', 'shared', 'data', 'citizen-messages-with-replies.csv'),
  ];
  const file = arg('board', candidates.find((f) => fs.existsSync(f)) ?? candidates[0]);
  const messages: Message[] = readCsv(file).map((r) => ({
    id: r['留言编号'],
    user: r['留言用户'],
    subject: r['留言主题'],
    body: r['留言详情'],
    postedAt: new Date(r['留言时间'].replace(/\//g, '-').replace(' ', 'T') + '+08:00'),
  }));
  const show = Number(arg('show', '0'));
  const predictions = new Map(
    [0.3, 0.4, 0.5, 0.6, 0.7].map((t) => [t, predictedGroups(messages, t)] as const),
  );
  for (const reviewed of [false, true]) {
    const groups = labelledGroups(messages, reviewed);
    const truth = pairsOf(groups);
    const labelledInGroups = [...groups.values()].filter((g) => g.length > 1);
    console.log(
      `\n${reviewed ? 'rules + review' : 'rules only'}: ${messages.length} messages; ` +
        `${labelledInGroups.length} labelled groups of 2 or more ` +
        `(${labelledInGroups.reduce((n, g) => n + g.length, 0)} messages), ${truth.size} duplicate pairs`,
    );
    report(messages, truth, predictions, reviewed ? 0 : show);
  }
}

function report(
  messages: Message[],
  truth: Set<string>,
  predictions: Map<number, Map<number, number[]>>,
  show: number,
): void {
  console.log('threshold  clusters  pairs  precision  recall  F1');
  for (const [threshold, predicted] of predictions) {
    const pairs = pairsOf(predicted);
    let hit = 0;
    for (const p of pairs) {
      hit += truth.has(p) ? 1 : 0;
    }
    const precision = pairs.size === 0 ? 1 : hit / pairs.size;
    const recall = truth.size === 0 ? 1 : hit / truth.size;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    const clusters = [...predicted.values()].filter((g) => g.length > 1).length;
    const mark = threshold === NEAR_DUPLICATE_THRESHOLD ? '  <- used' : '';
    console.log(
      `${threshold.toFixed(2).padStart(9)}  ${String(clusters).padStart(8)}  ${String(pairs.size).padStart(5)}` +
        `  ${precision.toFixed(3).padStart(9)}  ${recall.toFixed(3).padStart(6)}  ${f1.toFixed(3)}${mark}`,
    );
    if (show > 0 && threshold === NEAR_DUPLICATE_THRESHOLD) {
      const wrong = [...pairs].filter((p) => !truth.has(p)).slice(0, show);
      const missed = [...truth].filter((p) => !pairs.has(p)).slice(0, show);
      for (const [title, list] of [
        ['put together, labelled apart', wrong],
        ['labelled together, left apart', missed],
      ] as [string, string[]][]) {
        console.log(`\n${title}:`);
        for (const p of list) {
          const [a, b] = p.split(':').map(Number);
          console.log(`  ${messages[a].id} ${messages[a].user} ${messages[a].subject}`);
          console.log(`  ${messages[b].id} ${messages[b].user} ${messages[b].subject}\n`);
        }
      }
    }
  }
}

main();

/**
 * npm run bench:classify [-- --short 3000 --rounds 41 --warmup 3]
 *
 * The whole pipeline (classifyMessage: normalise, traditional check and
 * conversion, segment, rules) against raw nodejieba.cut of the same raw
 * texts, in the same process with the same dictionaries (nodejieba.cut(text):
 * jieba's mixed segment without HMM, the segmentation segment() runs).
 * Ratio = pipeline msgs/s ÷ cut msgs/s (1.0 would mean everything but
 * segmentation is free).
 *
 * segment() takes the same tokens through the addon's cutEnds (token ends,
 * sliced out of the text here) rather than one N-API string per token, which
 * makes it faster than cut itself; so a third side times segment() alone,
 * and the run prints both parts of the ratio: segment ÷ cut (the cheaper
 * call) and pipeline ÷ segment (what everything but segmentation costs).
 *
 * Other processes share the machine, so one timing proves little: after a
 * warm-up, each round times both sides back to back (their order alternating
 * between rounds), the ratio is taken per round, and the median over rounds
 * is reported with its quartiles. Ratios use process CPU time, which does
 * not count time spent waiting for a core; wall-clock ratios are printed
 * beside them.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as nodejieba from 'nodejieba';
import { classifyMessage } from '../src/classification/classifier';
import { normalise } from '../src/classification/normaliser';
import { loadDefaultRuleset, validateRuleset } from '../src/classification/ruleset';
import { loadSegmenter, segment, segmentsByEnds } from '../src/classification/segmenter';
import { warmUpTraditional } from '../src/classification/traditional';
import { sharedDataFile } from '../scripts/lib/board-train';
import { readBoardMessages, readCsv } from '../scripts/lib/csv';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/**
 * Wall and CPU milliseconds taken by `run`; its result goes into `sink` so the
 * work cannot be skipped. CPU time (this process, all threads) does not count
 * the time other jobs held the cores, so it is the steadier measure here.
 */
let sink = 0;
function time(run: () => number): { wall: number; cpu: number } {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  sink += run();
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
}

interface Comparison {
  cutRate: number;
  pipelineRate: number;
  ratio: number;
  /** Pipeline ÷ segment() alone: the share left to everything but segmentation. */
  rulesRatio: number;
}

function compare(
  label: string,
  texts: readonly string[],
  rounds: number,
  warmup: number,
): Comparison {
  const ruleset = loadDefaultRuleset();
  const cut = (): number => {
    let n = 0;
    for (let i = 0; i < texts.length; i++) {
      n += nodejieba.cut(texts[i]).length;
    }
    return n;
  };
  const segmentOnly = (): number => {
    let n = 0;
    for (let i = 0; i < texts.length; i++) {
      n += segment(texts[i]).length;
    }
    return n;
  };
  const pipeline = (): number => {
    let n = 0;
    for (let i = 0; i < texts.length; i++) {
      n += classifyMessage(texts[i], ruleset).tokens.length;
    }
    return n;
  };
  // Warm-up: JIT, dictionary pages, the ruleset cache, the converter.
  for (let w = 0; w < warmup; w++) {
    cut();
    segmentOnly();
    pipeline();
  }
  const cutCpu: number[] = [];
  const segmentCpu: number[] = [];
  const pipelineCpu: number[] = [];
  const cpuRatios: number[] = [];
  const wallRatios: number[] = [];
  const segmentRatios: number[] = [];
  const rulesRatios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let c: { wall: number; cpu: number };
    let p: { wall: number; cpu: number };
    if (r % 2 === 0) {
      c = time(cut);
      p = time(pipeline);
    } else {
      p = time(pipeline);
      c = time(cut);
    }
    const s = time(segmentOnly);
    cutCpu.push(c.cpu);
    segmentCpu.push(s.cpu);
    pipelineCpu.push(p.cpu);
    cpuRatios.push(c.cpu / p.cpu);
    wallRatios.push(c.wall / p.wall);
    segmentRatios.push(c.cpu / s.cpu);
    rulesRatios.push(s.cpu / p.cpu);
  }
  const perMessage = (ms: number): string => ((ms * 1000) / texts.length).toFixed(2);
  const cutRate = (texts.length / median(cutCpu)) * 1000;
  const pipelineRate = (texts.length / median(pipelineCpu)) * 1000;
  const ratio = median(cpuRatios);
  const rulesRatio = median(rulesRatios);
  const chars = texts.reduce((s, t) => s + t.length, 0) / texts.length;
  console.log(
    `\n${label}: ${texts.length} messages per round, mean ${chars.toFixed(0)} characters, ${rounds} alternating rounds after ${warmup} warm-up`,
  );
  console.log(
    `  nodejieba.cut      ${cutRate.toFixed(0).padStart(9)} msgs/s  (median ${perMessage(median(cutCpu))} µs/msg CPU)`,
  );
  console.log(
    `  segment()          ${((texts.length / median(segmentCpu)) * 1000).toFixed(0).padStart(9)} msgs/s  (median ${perMessage(median(segmentCpu))} µs/msg CPU; ${median(segmentRatios).toFixed(3)}× cut's rate: ${segmentsByEnds() ? 'token ends sliced here' : "cut()'s strings"})`,
  );
  console.log(
    `  classifyMessage    ${pipelineRate.toFixed(0).padStart(9)} msgs/s  (median ${perMessage(median(pipelineCpu))} µs/msg CPU)`,
  );
  console.log(
    `  ratio pipeline/cut median ${ratio.toFixed(3)} by CPU time (quartiles ${quantile(cpuRatios, 0.25).toFixed(3)}–${quantile(cpuRatios, 0.75).toFixed(3)}); ` +
      `by wall time ${median(wallRatios).toFixed(3)} (quartiles ${quantile(wallRatios, 0.25).toFixed(3)}–${quantile(wallRatios, 0.75).toFixed(3)})`,
  );
  console.log(
    `  ratio pipeline/segment() median ${rulesRatio.toFixed(3)} (quartiles ${quantile(rulesRatios, 0.25).toFixed(3)}–${quantile(rulesRatios, 0.75).toFixed(3)}): everything but segmentation`,
  );
  return { cutRate, pipelineRate, ratio, rulesRatio };
}

/**
 * Heap the ruleset holds once loaded: its JSON parsed, validated and compiled
 * (what the service keeps), measured on a fresh copy between two full
 * garbage collections (needs node --expose-gc; the npm script passes it).
 */
function rulesetMemory(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  const file = path.resolve(__dirname, '..', 'src', 'classification', 'ruleset.default.json');
  const json = readFileSync(file, 'utf8');
  if (gc === undefined) {
    console.log('ruleset memory: not measured (run with node --expose-gc)');
    return;
  }
  gc();
  const before = process.memoryUsage();
  const ruleset = validateRuleset(JSON.parse(json));
  const probe = classifyMessage('小区门口的路灯坏了一个月没人修', ruleset);
  gc();
  const after = process.memoryUsage();
  const mb = (n: number): string => (n / 1024 / 1024).toFixed(1);
  console.log(
    `ruleset ${ruleset.version}: file ${mb(Buffer.byteLength(json))} MB; parsed, validated and compiled it holds ` +
      `${mb(after.heapUsed - before.heapUsed)} MB of heap (process RSS moved by ${mb(after.rss - before.rss)} MB; ` +
      `probe classified ${probe.kind})`,
  );
}

function main(): void {
  const root = path.resolve(__dirname, '..');
  const shortCount = arg('short', 3000);
  const rounds = arg('rounds', 41);
  const warmup = arg('warmup', 3);
  loadSegmenter();
  warmUpTraditional();
  rulesetMemory();

  const comments = readCsv(path.join(root, 'test', 'data', 'weibo-comments-labeled.csv')).map(
    (r) => r.text,
  );
  const short = Array.from({ length: shortCount }, (_, i) => comments[i % comments.length]);
  const long = readBoardMessages(sharedDataFile('citizen-messages-labeled.csv')).map((m) => m.text);

  const traditional = comments.filter((t) => normalise(t).converted).length;
  console.log(
    `Weibo comments: ${comments.length} distinct, ${traditional} folded from traditional`,
  );
  const shortResult = compare('short Weibo comments', short, rounds, warmup);
  const longResult = compare('long board messages', long.slice(0, 150), rounds, warmup);
  console.log(
    `\nratio against raw nodejieba.cut (goal ≥ 0.8): short comments ${shortResult.ratio.toFixed(3)}, ` +
      `long messages ${longResult.ratio.toFixed(3)}; against segment() alone: ` +
      `${shortResult.rulesRatio.toFixed(3)} and ${longResult.rulesRatio.toFixed(3)}${sink === 0 ? ' (no work done?)' : ''}`,
  );
}

main();
